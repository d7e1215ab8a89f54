/*
 * check_report.c - findings as text, JSON, SARIF 2.1.0 and GitHub
 * workflow annotations.
 *
 * SARIF is what code scanning ingests: every rule of the catalogue with
 * its help, each result with a region (line and column in code points,
 * as "columnKind" says) and its ITS 2.0 issue type as a property.
 */
#include <stdio.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <newsloc/check.h>
#include <newsloc/io.h>

#include "check_internal.h"
#include "error.h"
#include "util/buf.h"

static const char *sev_name(nl_check_severity s) {
  return s == NL_CHECK_ERROR ? "error" : s == NL_CHECK_WARNING ? "warning"
                                                               : "note";
}

int nl_check_format_parse(const char *name, nl_check_format *out) {
  static const char *const names[] = {"text", "json", "sarif", "github"};
  for (int i = 0; i < 4; i++)
    if (name && strcmp(name, names[i]) == 0) {
      *out = (nl_check_format)i;
      return 0;
    }
  return NL_EINVAL;
}

/* The report's pieces appended in order, the first failure kept: a
 * file full of findings is formatted without printf (its format
 * strings cost more than the text they make), each piece copied in
 * place (a report is thirty pieces a finding). */
typedef struct report_out {
  nl_buf *b;
  int rc;
  const nl_checker *k;
  nl_buf msg; /* the message being written, when it is escaped */
} report_out;

static void put_n(report_out *o, const char *s, size_t n) {
  nl_buf *b = o->b;
  if (b->asize - b->size <= n && o->rc == 0 && nl_buf__grow(b, n) < 0)
    o->rc = NL_ENOMEM;
  if (o->rc != 0)
    return;
  memcpy(b->ptr + b->size, s, n);
  b->size += n;
  b->ptr[b->size] = '\0';
}

/* inlined, so that a literal's length is known when compiling */
static inline void put(report_out *o, const char *s) {
  put_n(o, s, strlen(s));
}

static void put_u(report_out *o, unsigned long long v) {
  char d[24];
  size_t n = sizeof(d);
  do
    d[--n] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  put_n(o, d + n, sizeof(d) - n);
}

/* "U+0041": four hex digits at least. */
static void put_cp(report_out *o, long cp) {
  static const char hex[] = "0123456789ABCDEF";
  char d[12];
  size_t n = sizeof(d);
  unsigned long v = (unsigned long)cp;
  for (int k = 0; k < 4 || v; k++, v >>= 4)
    d[--n] = hex[v & 15];
  put(o, "U+");
  put_n(o, d + n, sizeof(d) - n);
}

/* The bytes before the first that JSON escapes (", \, controls):
 * most messages and paths have none. */
static size_t json_plain(const char *s, size_t n) {
  size_t i = 0;
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                ctl = _mm_set1_epi8(0x1F);
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i bad = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
        _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
    if (_mm_movemask_epi8(bad) != 0)
      break;
  }
#endif
  for (; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || s[i] == '"' || s[i] == '\\')
      break;
  return i;
}

/* A JSON string, as nl_json_escape() escapes it. */
static void jstr_n(report_out *o, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  put(o, "\"");
  for (;;) {
    size_t plain = json_plain(s, n);
    put_n(o, s, plain);
    if (plain == n)
      break;
    unsigned char c = (unsigned char)s[plain];
    char esc[6] = {'\\', (char)c};
    size_t len = 2;
    switch (c) {
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    case '"': case '\\': break;
    default:
      memcpy(esc + 1, "u00", 3);
      esc[4] = hex[c >> 4];
      esc[5] = hex[c & 15];
      len = 6;
    }
    put_n(o, esc, len);
    s += plain + 1;
    n -= plain + 1;
  }
  put(o, "\"");
}

static void jstr(report_out *o, const char *s) { jstr_n(o, s, strlen(s)); }

/* Finding i's message, written for this report (into o->msg). */
static const char *message(report_out *o, size_t i) {
  nl_buf__clear(&o->msg);
  if (o->rc == 0 && nl_chk__finding_message(o->k, i, &o->msg) < 0)
    o->rc = NL_ENOMEM;
  return o->msg.ptr ? o->msg.ptr : "";
}

/* A finding without its message (written straight into the report) */

static int text(const nl_checker *k, nl_buf *b) {
  report_out o = {b, 0, k, NL_BUF_INIT};
  for (size_t i = 0; o.rc == 0 && i < nl_checker_count(k); i++) {
    nl_check_finding fs, *f = &fs;
    nl_chk__finding_get(k, i, f);
    put(&o, f->path);
    if (f->line) {
      put(&o, ":");
      put_u(&o, f->line);
    }
    if (f->column) {
      put(&o, ":");
      put_u(&o, f->column);
    }
    put(&o, ": ");
    put(&o, sev_name(f->severity));
    put(&o, ": ");
    put(&o, f->id);
    put(&o, ": ");
    if (o.rc == 0 && nl_chk__finding_message(k, i, b) < 0)
      o.rc = NL_ENOMEM;
    put(&o, "\n");
  }
  return o.rc;
}

static int json(const nl_checker *k, nl_buf *b) {
  report_out o = {b, 0, k, NL_BUF_INIT};
  put(&o, "{\"findings\": [");
  for (size_t i = 0; o.rc == 0 && i < nl_checker_count(k); i++) {
    nl_check_finding fs, *f = &fs;
    nl_chk__finding_get(k, i, f);
    put(&o, i ? ",\n  {\"file\": " : "\n  {\"file\": ");
    jstr(&o, f->path);
    put(&o, ", \"line\": ");
    put_u(&o, f->line);
    put(&o, ", \"column\": ");
    put_u(&o, f->column);
    put(&o, ", \"offset\": ");
    put_u(&o, f->offset);
    put(&o, ", \"severity\": \"");
    put(&o, sev_name(f->severity));
    put(&o, "\", \"id\": \"");
    put(&o, f->id);
    put(&o, "\", \"its_type\": \"");
    put(&o, f->its_type);
    put(&o, "\", ");
    if (f->codepoint >= 0) {
      put(&o, "\"codepoint\": \"");
      put_cp(&o, f->codepoint);
      put(&o, "\", ");
    }
    put(&o, f->fixed ? "\"fixed\": true, \"message\": "
                     : "\"fixed\": false, \"message\": ");
    const char *m = message(&o, i);
    jstr_n(&o, m, o.msg.size);
    put(&o, "}");
  }
  put(&o, "\n]}\n");
  nl_buf_dispose(&o.msg);
  return o.rc;
}

/* A relative URI reference for a path: unreserved bytes as they are,
 * the rest percent-encoded. */
static int uri(nl_buf *b, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  report_out o = {b, 0, NULL, NL_BUF_INIT};
  put(&o, "\"");
  for (const unsigned char *p = (const unsigned char *)path; o.rc == 0 && *p;
       p++) {
    int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || strchr("-._~/", *p);
    char pct[3] = {'%', hex[*p >> 4], hex[*p & 15]};
    put_n(&o, plain ? (const char *)p : pct, plain ? 1 : 3);
  }
  put(&o, "\"");
  return o.rc;
}

static int sarif_rules(nl_buf *b) {
  report_out o = {b, 0, NULL, NL_BUF_INIT};
  for (size_t i = 0; o.rc == 0 && i < nl_check_rule_count(); i++) {
    const nl_check_rule *r = nl_check_rule_at(i);
    put(&o, i ? ",\n          {\"id\": \"" : "\n          {\"id\": \"");
    put(&o, r->id);
    put(&o, "\", \"shortDescription\": {\"text\": ");
    jstr(&o, r->summary);
    put(&o, "}, \"help\": {\"text\": ");
    char help[512];
    snprintf(help, sizeof(help),
             "%s. Rationale, a failing and a passing example: "
             "docs/checks.md#%s",
             r->summary, r->id);
    jstr(&o, help);
    put(&o, "}, \"defaultConfiguration\": {\"level\": \"");
    put(&o, sev_name(r->severity));
    put(&o, "\"}, \"properties\": {\"tags\": [\"");
    put(&o, r->family);
    put(&o, "\", \"its:");
    put(&o, r->its_type);
    put(&o, "\"]}}");
  }
  return o.rc;
}

/* The findings of one file share its path: escaped once. */
typedef struct path_memo {
  const char *path;
  nl_buf uri;
} path_memo;

static void sarif_result(report_out *o, size_t i, path_memo *pm) {
  nl_check_finding fs, *f = &fs;
  nl_chk__finding_get(o->k, i, f);
  put(o, i == 0 ? "\n        {\"ruleId\": \"" : ",\n        {\"ruleId\": \"");
  put(o, f->id);
  put(o, "\", \"ruleIndex\": ");
  put_u(o, nl_chk__finding_rule(o->k, i));
  put(o, ", \"level\": \"");
  put(o, sev_name(f->severity));
  put(o, "\", \"message\": {\"text\": ");
  const char *m = message(o, i);
  jstr_n(o, m, o->msg.size);
  put(o, "}, \"locations\": [{\"physicalLocation\": "
         "{\"artifactLocation\": {\"uri\": ");
  if (o->rc == 0 && pm->path != f->path) {
    nl_buf__clear(&pm->uri);
    pm->path = f->path;
    o->rc = uri(&pm->uri, f->path);
  }
  put_n(o, pm->uri.ptr, pm->uri.size);
  put(o, "}, \"region\": {\"startLine\": ");
  put_u(o, f->line ? f->line : 1);
  if (f->column) {
    put(o, ", \"startColumn\": ");
    put_u(o, f->column);
  }
  put(o, "}}}], \"properties\": {\"its:locQualityIssueType\": \"");
  put(o, f->its_type);
  put(o, "\", \"byteOffset\": ");
  put_u(o, f->offset);
  put(o, f->fixed ? ", \"fixed\": true" : ", \"fixed\": false");
  if (f->codepoint >= 0) {
    put(o, ", \"codepoint\": \"");
    put_cp(o, f->codepoint);
    put(o, "\"");
  }
  put(o, "}}");
}

static int sarif(const nl_checker *k, nl_buf *b) {
  report_out o = {b, 0, k, NL_BUF_INIT};
  path_memo pm = {NULL, NL_BUF_INIT};
  put(&o, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
          "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": "
          "{\"driver\": {\"name\": \"newsloc check\", \"version\": \"");
  put(&o, nl_version());
  put(&o, "\", \"informationUri\": "
          "\"https://example.invalid/newsloc/docs/checks.md\", \"rules\": [");
  if (o.rc == 0)
    o.rc = sarif_rules(b);
  put(&o, "]}},\n      \"columnKind\": \"unicodeCodePoints\",\n"
          "      \"results\": [");
  for (size_t i = 0; o.rc == 0 && i < nl_checker_count(k); i++)
    sarif_result(&o, i, &pm);
  put(&o, "]\n    }\n  ]\n}\n");
  nl_buf_dispose(&pm.uri);
  nl_buf_dispose(&o.msg);
  return o.rc;
}

/* Workflow commands: data escapes %, CR, LF; properties also : and , */
static void gh_escape(report_out *o, const char *s, int prop) {
  for (; o->rc == 0 && *s; s++) {
    size_t plain = strcspn(s, prop ? "%\r\n:," : "%\r\n");
    put_n(o, s, plain);
    s += plain;
    if (*s == '\0')
      break;
    if (*s == '%')
      put(o, "%25");
    else if (*s == '\r')
      put(o, "%0D");
    else if (*s == '\n')
      put(o, "%0A");
    else if (prop && *s == ':')
      put(o, "%3A");
    else if (prop && *s == ',')
      put(o, "%2C");
    else
      put_n(o, s, 1);
  }
}

static int github(const nl_checker *k, nl_buf *b) {
  report_out o = {b, 0, k, NL_BUF_INIT};
  for (size_t i = 0; o.rc == 0 && i < nl_checker_count(k); i++) {
    nl_check_finding fs, *f = &fs;
    nl_chk__finding_get(k, i, f);
    put(&o, f->severity == NL_CHECK_ERROR     ? "::error file="
            : f->severity == NL_CHECK_WARNING ? "::warning file="
                                              : "::notice file=");
    gh_escape(&o, f->path, 1);
    if (f->line) {
      put(&o, ",line=");
      put_u(&o, f->line);
    }
    if (f->column) {
      put(&o, ",col=");
      put_u(&o, f->column);
    }
    put(&o, ",title=");
    put(&o, f->id);
    put(&o, "::");
    gh_escape(&o, message(&o, i), 0);
    put(&o, "\n");
  }
  nl_buf_dispose(&o.msg);
  return o.rc;
}

/* Room for the report at once, from the bytes a finding takes in each
 * format (a little over what the bench's articles show: 144, 298, 449
 * and 164), so that a large one gets huge pages (nl_buf__reserve). */
static int reserve(const nl_checker *k, nl_check_format fmt, nl_buf *out) {
  static const size_t per[] = {160, 320, 480, 180}; /* text json sarif gh */
  size_t n = nl_checker_count(k), f = (size_t)fmt < 4 ? (size_t)fmt : 0;
  if (n > ((size_t)-1 - 20000) / 2 / per[f])
    return 0;
  return nl_buf__reserve(out, 20000 + n * per[f]);
}

int nl_check_report(const nl_checker *k, nl_check_format fmt, nl_buf *out,
                    nl_error *err) {
  int rc = reserve(k, fmt, out);
  if (rc < 0)
    return nl_error__nomem(err);
  switch (fmt) {
  case NL_CHECK_JSON:
    rc = json(k, out);
    break;
  case NL_CHECK_SARIF:
    rc = sarif(k, out);
    break;
  case NL_CHECK_GITHUB:
    rc = github(k, out);
    break;
  default:
    rc = text(k, out);
  }
  return rc < 0 ? nl_error__nomem(err) : 0;
}
