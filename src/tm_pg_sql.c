/*
 * tm_pg_sql.c - what the PostgreSQL store says to the server: word
 * arrays, the candidate queries of tm.c as SQL, rows as COPY text.
 *
 * tm.c writes its candidate queries in FTS5 syntax (quoted words, AND,
 * OR, NOT, parentheses), which the SQLite store hands to FTS5 as they
 * are. Here the same query becomes a boolean over array containment on
 * each row's words (`toks @> ARRAY['w']`), which a GIN index answers;
 * the words are cut exactly as FTS5's ascii tokenizer cuts them
 * (nl_tm__ascii_word), so both stores see the same words, the same
 * document counts, and so the same candidates.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "tm_pg.h"
#include "util/buf.h"

/* ---- words ------------------------------------------------------------------ */

/* A word as FTS5 folds it: ASCII letters lowercased, the rest kept;
 * cut (at a character) to NL_TM_PG_WORD_MAX bytes, as index entries
 * must fit a third of a page. */
static int put_folded(nl_buf *out, const char *w, size_t len) {
  if (len > NL_TM_PG_WORD_MAX) {
    len = NL_TM_PG_WORD_MAX;
    while (len > 0 && ((unsigned char)w[len] & 0xC0) == 0x80)
      len--;
  }
  for (size_t i = 0; i < len; i++) {
    char c = w[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (nl_buf__putc(out, c) < 0)
      return -1;
  }
  return 0;
}

int nl_tm_pg__words(nl_buf *out, const char *text, int *count) {
  size_t len = 0;
  int n = 0;
  if (nl_buf__putc(out, '{') < 0)
    return -1;
  /* every element quoted: a word "null" must stay a word */
  for (const char *w = nl_tm__ascii_word(text, &len); w;
       w = nl_tm__ascii_word(w + len, &len), n++)
    if ((n && nl_buf__putc(out, ',') < 0) || nl_buf__putc(out, '"') < 0 ||
        put_folded(out, w, len) < 0 || nl_buf__putc(out, '"') < 0)
      return -1;
  if (count)
    *count = n;
  return nl_buf__putc(out, '}');
}

int nl_tm_pg__joined(nl_buf *out, const char *text, int *count) {
  size_t len = 0;
  int n = 0;
  if (nl_buf__putc(out, ' ') < 0)
    return -1;
  for (const char *w = nl_tm__ascii_word(text, &len); w;
       w = nl_tm__ascii_word(w + len, &len), n++)
    if (put_folded(out, w, len) < 0 || nl_buf__putc(out, ' ') < 0)
      return -1;
  *count = n;
  return 0;
}

/* ---- candidate queries ---------------------------------------------------- */

typedef struct parser {
  const char *p;
  const char *col;
  nl_buf *out;
  int bad;
} parser;

static void skip_space(parser *ps) {
  while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n')
    ps->p++;
}

static int at_keyword(parser *ps, const char *kw) {
  size_t n = strlen(kw);
  skip_space(ps);
  if (strncmp(ps->p, kw, n) != 0 ||
      nl_tm__word_byte((unsigned char)ps->p[n]))
    return 0;
  ps->p += n;
  return 1;
}

static void emit(parser *ps, const char *s) {
  if (nl_buf__puts(ps->out, s) < 0)
    ps->bad = NL_ENOMEM;
}

/* A string's words, all of them (FTS5 over an index without positions
 * reads a string of several words as all of them, see tm_sqlite.c). */
static void emit_string(parser *ps, const char *s, size_t len) {
  char tmp[1024];
  nl_buf words = NL_BUF_INIT;
  if (len >= sizeof(tmp)) {
    ps->bad = NL_EINVAL;
    return;
  }
  memcpy(tmp, s, len);
  tmp[len] = '\0';
  int n = 0;
  if (nl_tm_pg__words(&words, tmp, &n) < 0)
    ps->bad = NL_ENOMEM;
  else if (n == 0)
    emit(ps, "false"); /* no word: nothing has it */
  else if (nl_buf__printf(ps->out, "%s @> '%s'::text[]", ps->col,
                          words.ptr) < 0)
    ps->bad = NL_ENOMEM;
  nl_buf_dispose(&words);
}

static void parse_or(parser *ps);

static void parse_primary(parser *ps) {
  skip_space(ps);
  if (*ps->p == '(') {
    ps->p++;
    emit(ps, "(");
    parse_or(ps);
    skip_space(ps);
    if (*ps->p != ')')
      ps->bad = NL_EINVAL;
    ps->p += *ps->p == ')';
    emit(ps, ")");
  } else if (*ps->p == '"') {
    nl_buf str = NL_BUF_INIT; /* "" inside a string is one quote */
    for (ps->p++; *ps->p && (*ps->p != '"' || ps->p[1] == '"'); ps->p++) {
      ps->p += *ps->p == '"';
      if (nl_buf__putc(&str, *ps->p) < 0)
        ps->bad = NL_ENOMEM;
    }
    emit_string(ps, str.ptr ? str.ptr : "", str.size);
    nl_buf_dispose(&str);
    if (*ps->p != '"')
      ps->bad = NL_EINVAL;
    ps->p += *ps->p == '"';
  } else if (nl_tm__word_byte((unsigned char)*ps->p)) {
    const char *s = ps->p;
    while (nl_tm__word_byte((unsigned char)*ps->p))
      ps->p++;
    emit_string(ps, s, (size_t)(ps->p - s));
  } else {
    ps->bad = NL_EINVAL;
  }
}

/* FTS5's precedence: NOT binds tighter than AND, AND than OR. */
static void parse_not(parser *ps) {
  parse_primary(ps);
  while (!ps->bad && at_keyword(ps, "NOT")) {
    emit(ps, " AND NOT ");
    parse_primary(ps);
  }
}

static int ends_group(parser *ps) {
  skip_space(ps);
  return *ps->p == '\0' || *ps->p == ')';
}

static void parse_and(parser *ps) {
  parse_not(ps);
  while (!ps->bad && !ends_group(ps)) {
    const char *save = ps->p;
    if (at_keyword(ps, "OR")) {
      ps->p = save;
      return;
    }
    at_keyword(ps, "AND"); /* FTS5 reads two terms side by side as AND */
    emit(ps, " AND ");
    parse_not(ps);
  }
}

static void parse_or(parser *ps) {
  emit(ps, "(");
  parse_and(ps);
  while (!ps->bad && at_keyword(ps, "OR")) {
    emit(ps, " OR ");
    parse_and(ps);
  }
  emit(ps, ")");
}

int nl_tm_pg__match(nl_buf *out, const char *col, const char *query,
                    nl_error *err) {
  parser ps = {query, col, out, 0};
  parse_or(&ps);
  skip_space(&ps);
  if (ps.bad == 0 && *ps.p != '\0')
    ps.bad = NL_EINVAL;
  if (ps.bad == NL_ENOMEM)
    return nl_error__nomem(err);
  if (ps.bad)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "a TM word query the PostgreSQL store cannot read "
                         "at '%.40s'",
                         ps.p);
  return 0;
}

/* ---- COPY text ------------------------------------------------------------------ */

int nl_tm_pg__copy_field(nl_buf *out, const char *v, int last) {
  int rc = 0;
  if (v == NULL) {
    rc = nl_buf__puts(out, "\\N");
  } else {
    for (const char *p = v; rc == 0 && *p; p++) {
      const char *esc = *p == '\\'   ? "\\\\"
                        : *p == '\t' ? "\\t"
                        : *p == '\n' ? "\\n"
                        : *p == '\r' ? "\\r"
                                     : NULL;
      rc = esc ? nl_buf__puts(out, esc) : nl_buf__putc(out, *p);
    }
  }
  if (rc == 0)
    rc = nl_buf__putc(out, last ? '\n' : '\t');
  return rc < 0 ? -1 : 0;
}

int nl_tm_pg__copy_int(nl_buf *out, long long v, int last) {
  return nl_buf__printf(out, "%lld%c", v, last ? '\n' : '\t') < 0 ? -1 : 0;
}

/* ---- ranking ------------------------------------------------------------------ */

/* FTS5's bm25 with its defaults (k1 1.2, b 0.75), the same arithmetic
 * in the same order, so that the two stores rank alike to the last bit:
 *   score = sum over words i of idf_i * tf_i (k1 + 1) /
 *           (tf_i + k1 (1 - b + b dl / avgdl))
 *   idf_i = log((N - n_i + 0.5) / (n_i + 0.5)), 1e-6 when not above 0
 * N the rows, n_i the rows holding word i, dl the row's words, avgdl
 * the mean over all rows (FTS5's totals). Higher is better. */
int nl_tm_pg__bm25(nl_buf *out, const char *col, const char *phrase,
                   long long rows, long long tokens, const long long *hits,
                   int n) {
  const double k1 = 1.2, b = 0.75;
  double avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
  size_t len = 0;
  const char *w = nl_tm__ascii_word(phrase, &len);
  if (nl_buf__puts(out, "(0") < 0)
    return -1;
  for (int i = 0; i < n && w; i++, w = nl_tm__ascii_word(w + len, &len)) {
    double idf = log(((double)rows - (double)hits[i] + 0.5) /
                     ((double)hits[i] + 0.5));
    if (idf <= 0.0)
      idf = 1e-6;
    /* tf: the word's occurrences in the row */
    nl_buf tf = NL_BUF_INIT;
    int rc = nl_buf__printf(&tf, "(SELECT count(*) FROM unnest(%s) u WHERE"
                                 " u = '", col);
    rc = rc < 0 || put_folded(&tf, w, len) < 0 ||
                 nl_buf__puts(&tf, "')::float8") < 0
             ? -1
             : 0;
    if (rc == 0 &&
        nl_buf__printf(out,
                       " + %.17g::float8 * ((%s * %.17g::float8) / (%s +"
                       " %.17g::float8 * (%.17g::float8 - %.17g::float8 +"
                       " %.17g::float8 * cardinality(%s)::float8 /"
                       " %.17g::float8)))",
                       idf, tf.ptr, k1 + 1.0, tf.ptr, k1, 1.0, b, b, col,
                       avgdl) < 0)
      rc = -1;
    nl_buf_dispose(&tf);
    if (rc < 0)
      return -1;
  }
  return nl_buf__putc(out, ')');
}
