/*
 * util/json.c - JSON escaping and a small recursive-descent reader.
 */
#include "util/json.h"

#include <stdlib.h>
#include <string.h>

#include <newsloc/io.h>

#include "error.h"
#include "util/buf.h"
#include "util/utf8.h"

#define JSON_MAX_DEPTH 64

int nl_json_escape(nl_buf *out, const char *s, size_t len) {
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[8];
    const char *rep = NULL;
    switch (c) {
    case '"': rep = "\\\""; break;
    case '\\': rep = "\\\\"; break;
    case '\n': rep = "\\n"; break;
    case '\r': rep = "\\r"; break;
    case '\t': rep = "\\t"; break;
    case '\b': rep = "\\b"; break;
    case '\f': rep = "\\f"; break;
    default:
      if (c < 0x20) {
        static const char hex[] = "0123456789abcdef";
        esc[0] = '\\'; esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
        esc[4] = hex[c >> 4]; esc[5] = hex[c & 15]; esc[6] = '\0';
        rep = esc;
      }
    }
    if (rep == NULL)
      continue;
    if (nl_buf__put(out, s + run, i - run) < 0 || nl_buf__puts(out, rep) < 0)
      return NL_ENOMEM;
    run = i + 1;
  }
  return nl_buf__put(out, s + run, len - run);
}

typedef struct parser {
  const char *s;
  size_t len, pos;
  const char *name;
  unsigned long line;
  nl_error *err;
} parser;

/* Multi-line documents (configuration) get their own line and column;
 * a one-line document (JSON Lines) keeps the caller's line. */
static int fail(parser *p, const char *what) {
  unsigned long l = 1, c = 1;
  nl_utf8__position(p->s, p->pos, &l, &c);
  return nl_error__set(p->err, NL_EPARSE, p->name, p->line + l - 1, c,
                       "JSON: %s", what);
}

static int is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void skip_ws(parser *p) {
  while (p->pos < p->len && is_ws(p->s[p->pos]))
    p->pos++;
}

static int parse_value(parser *p, nl_json *v, int depth);

static int hex4(parser *p, unsigned *out) {
  if (p->len - p->pos < 4)
    return fail(p, "truncated \\u escape");
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p->s[p->pos++];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return fail(p, "bad \\u escape");
  }
  *out = v;
  return 0;
}

static int parse_escape(parser *p, nl_buf *b) {
  char c = p->s[p->pos++];
  const char *simple = strchr("\"\\/bfnrt", c);
  if (simple && c) {
    static const char map[] = "\"\\/\b\f\n\r\t";
    return nl_buf__putc(b, map[simple - "\"\\/bfnrt"]);
  }
  if (c != 'u')
    return fail(p, "bad escape");
  unsigned cp, lo;
  if (hex4(p, &cp) < 0)
    return NL_EPARSE;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (p->len - p->pos < 6 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u')
      return fail(p, "unpaired surrogate");
    p->pos += 2;
    if (hex4(p, &lo) < 0)
      return NL_EPARSE;
    if (lo < 0xDC00 || lo > 0xDFFF)
      return fail(p, "unpaired surrogate");
    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
  } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
    return fail(p, "unpaired surrogate");
  }
  char u[4];
  return nl_buf__put(b, u, nl_utf8__encode(cp, u));
}

/* Most strings hold no escape: one allocation of the exact size. */
static int plain_string(parser *p, char **out, size_t *outlen) {
  size_t end = p->pos + 1;
  while (end < p->len && p->s[end] != '"' && p->s[end] != '\\' &&
         (unsigned char)p->s[end] >= 0x20)
    end++;
  if (end >= p->len || p->s[end] != '"')
    return 0;
  size_t n = end - p->pos - 1;
  if ((*out = malloc(n + 1)) == NULL)
    return nl_error__nomem(p->err);
  memcpy(*out, p->s + p->pos + 1, n);
  (*out)[n] = '\0';
  *outlen = n;
  p->pos = end + 1;
  return 1;
}

static int parse_string(parser *p, char **out, size_t *outlen) {
  int plain = plain_string(p, out, outlen);
  if (plain != 0)
    return plain < 0 ? plain : 0;
  nl_buf b = NL_BUF_INIT;
  p->pos++; /* opening quote */
  while (p->pos < p->len && p->s[p->pos] != '"') {
    unsigned char c = (unsigned char)p->s[p->pos];
    int rc;
    if (c == '\\') {
      p->pos++;
      if (p->pos >= p->len) {
        nl_buf_dispose(&b);
        return fail(p, "unterminated string");
      }
      rc = parse_escape(p, &b);
    } else if (c < 0x20) {
      rc = fail(p, "control character in string");
    } else { /* a run of plain bytes in one copy, not byte by byte */
      size_t end = p->pos + 1;
      while (end < p->len && p->s[end] != '"' && p->s[end] != '\\' &&
             (unsigned char)p->s[end] >= 0x20)
        end++;
      rc = nl_buf__put(&b, p->s + p->pos, end - p->pos);
      p->pos = end;
    }
    if (rc < 0) {
      nl_buf_dispose(&b);
      return rc == NL_ENOMEM ? nl_error__nomem(p->err) : rc;
    }
  }
  if (p->pos >= p->len) {
    nl_buf_dispose(&b);
    return fail(p, "unterminated string");
  }
  p->pos++;
  *outlen = b.size;
  *out = nl_buf__detach(&b);
  return *out ? 0 : nl_error__nomem(p->err);
}

/* Room grows by doubling (4, 8, 16, ...), so the capacity follows from
 * the count: a realloc per member made parsing quadratic-ish and
 * malloc-bound. */
static int push(nl_json *v, nl_json **item) {
  size_t c = v->count;
  if (c == 0 || (c >= 4 && (c & (c - 1)) == 0)) {
    nl_json *n = realloc(v->items, (c ? 2 * c : 4) * sizeof(*n));
    if (n == NULL)
      return NL_ENOMEM;
    v->items = n;
  }
  *item = &v->items[v->count++];
  memset(*item, 0, sizeof(**item));
  return 0;
}

static int parse_container(parser *p, nl_json *v, int depth, char close) {
  v->type = close == ']' ? NL_JSON_ARRAY : NL_JSON_OBJECT;
  p->pos++;
  skip_ws(p);
  if (p->pos < p->len && p->s[p->pos] == close) {
    p->pos++;
    return 0;
  }
  for (;;) {
    nl_json *item;
    char *key = NULL;
    size_t klen, key_at = 0;
    skip_ws(p);
    if (close == '}') {
      if (p->pos >= p->len || p->s[p->pos] != '"')
        return fail(p, "expected member name");
      key_at = p->pos;
      if (parse_string(p, &key, &klen) < 0)
        return NL_EPARSE;
      skip_ws(p);
      if (p->pos >= p->len || p->s[p->pos] != ':') {
        free(key);
        return fail(p, "expected ':'");
      }
      p->pos++;
    }
    if (push(v, &item) < 0) {
      free(key);
      return nl_error__nomem(p->err);
    }
    item->key = key;
    item->key_offset = key_at;
    if (parse_value(p, item, depth + 1) < 0)
      return NL_EPARSE;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->len && p->s[p->pos] == close) {
      p->pos++;
      return 0;
    }
    return fail(p, close == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
  }
}

static int parse_literal(parser *p, nl_json *v) {
  static const struct { const char *word; nl_json_type type; double val; } lits[] = {
    {"true", NL_JSON_BOOL, 1}, {"false", NL_JSON_BOOL, 0}, {"null", NL_JSON_NULL, 0}};
  for (size_t i = 0; i < 3; i++) {
    size_t n = strlen(lits[i].word);
    if (p->len - p->pos >= n && memcmp(p->s + p->pos, lits[i].word, n) == 0) {
      v->type = lits[i].type;
      v->number = lits[i].val;
      p->pos += n;
      return 0;
    }
  }
  const char *start = p->s + p->pos;
  size_t n = 0;
  while (p->pos + n < p->len && strchr("+-0123456789.eE", start[n]) && start[n])
    n++;
  if (n == 0 || n > 63)
    return fail(p, "unexpected character");
  char num[64];
  memcpy(num, start, n);
  num[n] = '\0';
  char *end;
  v->number = strtod(num, &end);
  if (*end != '\0')
    return fail(p, "bad number");
  v->type = NL_JSON_NUMBER;
  p->pos += n;
  return 0;
}

static int parse_value(parser *p, nl_json *v, int depth) {
  if (depth > JSON_MAX_DEPTH)
    return fail(p, "nested too deeply");
  skip_ws(p);
  if (p->pos >= p->len)
    return fail(p, "unexpected end of input");
  v->offset = p->pos;
  char c = p->s[p->pos];
  if (c == '"') {
    v->type = NL_JSON_STRING;
    return parse_string(p, &v->string, &v->len);
  }
  if (c == '[')
    return parse_container(p, v, depth, ']');
  if (c == '{')
    return parse_container(p, v, depth, '}');
  return parse_literal(p, v);
}

int nl_json__parse(nl_json **out, const char *s, size_t len,
                   const char *name, unsigned long line, nl_error *err) {
  *out = NULL;
  int rc = nl_utf8__check(s, len, name, err);
  if (rc < 0)
    return rc;
  nl_json *v = calloc(1, sizeof(*v));
  if (v == NULL)
    return nl_error__nomem(err);
  parser p = {s, len, 0, name, line, err};
  rc = parse_value(&p, v, 0);
  if (rc == 0) {
    skip_ws(&p);
    if (p.pos != len)
      rc = fail(&p, "trailing characters");
  }
  if (rc < 0) {
    nl_json__free(v);
    return rc;
  }
  *out = v;
  return 0;
}

static void free_inner(nl_json *v) {
  for (size_t i = 0; i < v->count; i++)
    free_inner(&v->items[i]);
  free(v->items);
  free(v->string);
  free(v->key);
}

void nl_json__free(nl_json *v) {
  if (v == NULL)
    return;
  free_inner(v);
  free(v);
}

const nl_json *nl_json__get(const nl_json *obj, const char *key) {
  if (obj == NULL || obj->type != NL_JSON_OBJECT)
    return NULL;
  for (size_t i = 0; i < obj->count; i++) {
    const char *k = obj->items[i].key;
    /* the first byte settles most misses without a call */
    if (k && k[0] == key[0] && strcmp(k, key) == 0)
      return &obj->items[i];
  }
  return NULL;
}
