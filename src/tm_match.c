/*
 * tm_match.c - what "the same" and "similar" mean for the TM.
 *
 * Policy: a translator reuses a sentence when its meaning-bearing parts
 * match, so the matching key drops what does not change meaning or is
 * invisible (case, punctuation, spacing, ZWNJ/ZWJ whose use varies
 * between Persian keyboards, bidi marks) and reads digits of any script
 * by value (Persian ۲۰۱۶ is 2016). The fuzzy score works on words, as
 * translators perceive edits, but weighs each word by its length in
 * user-perceived characters (grapheme clusters), so that a changed
 * Devanagari or Hangul syllable costs one, not its code point count.
 * Words come from ICU's word-break iterator, which segments Thai, Lao,
 * Khmer, Burmese and Chinese/Japanese with dictionaries by script.
 */
#include "tm_match.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "error.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

/* ---- hashing and keys ---------------------------------------------------- */

int64_t nl_tm__hash(const char *s, size_t len) {
  /* FNV-1a, then a 64-bit finalizer to spread short keys. */
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h == 0 ? 1 : (int64_t)h;
}

static int is_invisible(UChar32 c) {
  return u_charType(c) == U_FORMAT_CHAR;
}

int nl_tm__key(nl_buf *out, const char *s, int keep_punct, nl_error *err) {
  size_t len = strlen(s), i = 0;
  int space = 1; /* drops leading spaces and collapses runs */
  int rc = 0;
  size_t start = out->size;
  while (i < len && rc == 0) {
    UChar32 c = (UChar32)nl_utf8__next(s, len, &i);
    if (is_invisible(c))
      continue;
    if (u_isUWhiteSpace(c) || (!keep_punct && u_ispunct(c))) {
      if (!space)
        rc = nl_buf__putc(out, ' ');
      space = 1;
      continue;
    }
    space = 0;
    int32_t d = u_charDigitValue(c);
    if (d >= 0 && u_isdigit(c)) {
      rc = nl_buf__putc(out, (char)('0' + d));
      continue;
    }
    char enc[4];
    size_t n = nl_utf8__encode((uint32_t)u_foldCase(c, U_FOLD_CASE_DEFAULT),
                               enc);
    rc = nl_buf__put(out, enc, n);
  }
  if (rc < 0)
    return nl_error__nomem(err);
  if (out->size > start && out->ptr[out->size - 1] == ' ')
    out->ptr[--out->size] = '\0';
  if (out->ptr == NULL)
    rc = nl_buf__puts(out, "");
  return rc < 0 ? nl_error__nomem(err) : 0;
}

/* ---- tokens -------------------------------------------------------------- */

#define LANG_MAX 32

struct nl_tm__scorer {
  UBreakIterator *words;
  char words_lang[LANG_MAX];
  UBreakIterator *chars;
  UChar *buf; /* the text without invisible characters */
  int32_t cap;
};

int nl_tm__scorer_new(nl_tm__scorer **out, nl_error *err) {
  *out = calloc(1, sizeof(**out));
  if (*out == NULL)
    return nl_error__nomem(err);
  UErrorCode ec = U_ZERO_ERROR;
  (*out)->chars = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &ec);
  if (U_FAILURE(ec)) {
    nl_tm__scorer_free(*out);
    *out = NULL;
    return nl_error__set(err, NL_EICU, NULL, 0, 0,
                         "cannot open a grapheme iterator: %s",
                         u_errorName(ec));
  }
  return 0;
}

void nl_tm__scorer_free(nl_tm__scorer *sc) {
  if (sc == NULL)
    return;
  if (sc->words)
    ubrk_close(sc->words);
  if (sc->chars)
    ubrk_close(sc->chars);
  free(sc->buf);
  free(sc);
}

void nl_tm__toks_dispose(nl_tm__toks *toks) {
  if (toks == NULL)
    return;
  free(toks->t);
  free(toks->g);
  memset(toks, 0, sizeof(*toks));
}

/* The word iterator for `lang` (BCP 47 tags work as ICU locale ids for
 * break iteration; "-" vs "_" does not matter to ICU). */
static int word_iter(nl_tm__scorer *sc, const char *lang, nl_error *err) {
  if (lang == NULL)
    lang = "";
  if (sc->words && strncmp(sc->words_lang, lang, LANG_MAX) == 0)
    return 0;
  if (sc->words)
    ubrk_close(sc->words);
  UErrorCode ec = U_ZERO_ERROR;
  char loc[LANG_MAX];
  size_t n = strlen(lang) < LANG_MAX - 1 ? strlen(lang) : LANG_MAX - 1;
  memcpy(loc, lang, n);
  loc[n] = '\0';
  for (size_t i = 0; i < n; i++)
    if (loc[i] == '-')
      loc[i] = '_';
  sc->words = ubrk_open(UBRK_WORD, loc, NULL, 0, &ec);
  if (U_FAILURE(ec)) {
    sc->words = NULL;
    return nl_error__set(err, NL_EICU, NULL, 0, 0,
                         "cannot open a word iterator for '%s': %s", lang,
                         u_errorName(ec));
  }
  memcpy(sc->words_lang, lang, n);
  sc->words_lang[n] = '\0';
  return 0;
}

/* Copies UTF-8 text into sc->buf as UTF-16 without invisible format
 * characters; returns the length or < 0. */
static int32_t load_text(nl_tm__scorer *sc, const char *text, nl_error *err) {
  nl_u16 u;
  int rc = nl_u16__from_utf8(&u, text, strlen(text), 0, err);
  if (rc < 0)
    return rc;
  if (u.len + 1 > sc->cap) {
    UChar *nb = realloc(sc->buf, ((size_t)u.len + 1) * sizeof(UChar));
    if (nb == NULL) {
      nl_u16__dispose(&u);
      return nl_error__nomem(err);
    }
    sc->buf = nb;
    sc->cap = u.len + 1;
  }
  int32_t n = 0;
  for (int32_t i = 0; i < u.len;) {
    UChar32 c;
    int32_t at = i;
    U16_NEXT(u.s, i, u.len, c);
    if (!is_invisible(c))
      while (at < i)
        sc->buf[n++] = u.s[at++];
  }
  sc->buf[n] = 0;
  nl_u16__dispose(&u);
  return n;
}

static uint32_t fold_hash(const UChar *s, int32_t from, int32_t to,
                          uint32_t h) {
  for (int32_t i = from; i < to;) {
    UChar32 c;
    U16_NEXT(s, i, to, c);
    int32_t d = u_charDigitValue(c);
    if (d >= 0 && u_isdigit(c))
      c = '0' + d;
    else
      c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
    h ^= (uint32_t)c;
    h *= 16777619u;
  }
  return h;
}

/* A number: digits of any one script with , . and Arabic separators. */
static int is_number(const UChar *s, int32_t from, int32_t to) {
  int digits = 0;
  for (int32_t i = from; i < to;) {
    UChar32 c;
    U16_NEXT(s, i, to, c);
    if (u_isdigit(c))
      digits++;
    else if (c != '.' && c != ',' && c != 0x066B && c != 0x066C)
      return 0;
  }
  return digits > 0;
}

static int push_grapheme(nl_tm__toks *t, uint32_t h) {
  if (t->gn == t->gcap) {
    size_t nc = t->gcap ? t->gcap * 2 : 64;
    uint32_t *ng = realloc(t->g, nc * sizeof(uint32_t));
    if (ng == NULL)
      return NL_ENOMEM;
    t->g = ng;
    t->gcap = nc;
  }
  t->g[t->gn++] = h;
  return 0;
}

static int push_token(nl_tm__toks *t, const nl_tm__tok *tok) {
  if (t->n == t->cap) {
    size_t nc = t->cap ? t->cap * 2 : 32;
    nl_tm__tok *nt = realloc(t->t, nc * sizeof(nl_tm__tok));
    if (nt == NULL)
      return NL_ENOMEM;
    t->t = nt;
    t->cap = nc;
  }
  t->t[t->n++] = *tok;
  return 0;
}

/* One word token [from, to): its graphemes, then the token itself. */
static int add_token(nl_tm__scorer *sc, nl_tm__toks *out, int32_t from,
                     int32_t to) {
  const UChar *s = sc->buf;
  int white = 1;
  for (int32_t i = from; i < to && white;) {
    UChar32 c;
    U16_NEXT(s, i, to, c);
    white = u_isUWhiteSpace(c);
  }
  if (white)
    return 0;
  nl_tm__tok tok = {2166136261u, (uint32_t)out->gn, 0, 0};
  tok.is_number = is_number(s, from, to);
  int32_t g = from;
  while (g < to) {
    int32_t next = ubrk_following(sc->chars, g);
    if (next == UBRK_DONE || next > to)
      next = to;
    if (push_grapheme(out, fold_hash(s, g, next, 2166136261u)) < 0)
      return NL_ENOMEM;
    tok.glen++;
    g = next;
  }
  tok.hash = fold_hash(s, from, to, tok.is_number ? 0x9e3779b9u : tok.hash);
  return push_token(out, &tok);
}

int nl_tm__tokenize(nl_tm__scorer *sc, const char *lang, const char *text,
                    nl_tm__toks *out, nl_error *err) {
  out->n = 0;
  out->gn = 0;
  int rc = word_iter(sc, lang, err);
  if (rc < 0)
    return rc;
  int32_t len = load_text(sc, text, err);
  if (len < 0)
    return len;
  UErrorCode ec = U_ZERO_ERROR;
  ubrk_setText(sc->words, sc->buf, len, &ec);
  ubrk_setText(sc->chars, sc->buf, len, &ec);
  if (U_FAILURE(ec))
    return nl_error__set(err, NL_EICU, NULL, 0, 0, "cannot tokenize: %s",
                         u_errorName(ec));
  int32_t from = ubrk_first(sc->words);
  for (int32_t to = ubrk_next(sc->words); to != UBRK_DONE;
       from = to, to = ubrk_next(sc->words))
    if (add_token(sc, out, from, to) < 0)
      return nl_error__nomem(err);
  return 0;
}

/* ---- distance ------------------------------------------------------------ */

static uint32_t min3(uint32_t a, uint32_t b, uint32_t c) {
  uint32_t m = a < b ? a : b;
  return m < c ? m : c;
}

/* Grapheme edit distance between two tokens; long tokens that differ
 * cost their full length (they are names or codes, not inflections). */
#define TOKEN_LEV_MAX 48
static uint32_t token_cost(const nl_tm__toks *A, const nl_tm__tok *a,
                           const nl_tm__toks *B, const nl_tm__tok *b) {
  if (a->hash == b->hash && a->is_number == b->is_number)
    return 0;
  uint32_t full = a->glen > b->glen ? a->glen : b->glen;
  if (a->is_number || b->is_number || a->glen > TOKEN_LEV_MAX ||
      b->glen > TOKEN_LEV_MAX)
    return full;
  uint32_t row[TOKEN_LEV_MAX + 1];
  const uint32_t *x = A->g + a->first, *y = B->g + b->first;
  for (uint32_t j = 0; j <= b->glen; j++)
    row[j] = j;
  for (uint32_t i = 1; i <= a->glen; i++) {
    uint32_t diag = row[0];
    row[0] = i;
    for (uint32_t j = 1; j <= b->glen; j++) {
      uint32_t up = row[j];
      row[j] = min3(row[j] + 1, row[j - 1] + 1,
                    diag + (x[i - 1] == y[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b->glen];
}

static size_t total_graphemes(const nl_tm__toks *t) { return t->gn; }

/* Numbers present in one list and not the other (multiset). */
static int number_mismatches(const nl_tm__toks *a, const nl_tm__toks *b) {
  int diff = 0;
  for (int pass = 0; pass < 2; pass++) {
    const nl_tm__toks *x = pass ? b : a, *y = pass ? a : b;
    for (size_t i = 0; i < x->n; i++) {
      if (!x->t[i].is_number)
        continue;
      /* The k-th occurrence of a value in x is surplus when y has
       * fewer than k. */
      size_t rank = 0, in_y = 0;
      for (size_t k = 0; k <= i; k++)
        rank += x->t[k].is_number && x->t[k].hash == x->t[i].hash;
      for (size_t k = 0; k < y->n; k++)
        in_y += y->t[k].is_number && y->t[k].hash == x->t[i].hash;
      if (rank > in_y)
        diff++;
    }
  }
  return diff;
}

int nl_tm__similarity(const nl_tm__toks *a, const nl_tm__toks *b) {
  size_t ga = total_graphemes(a), gb = total_graphemes(b);
  size_t maxg = ga > gb ? ga : gb;
  if (maxg == 0)
    return 100;
  if (a->n == 0 || b->n == 0)
    return 0;
  uint32_t *prev = malloc((b->n + 1) * 2 * sizeof(uint32_t));
  if (prev == NULL)
    return -1;
  uint32_t *cur = prev + b->n + 1;
  prev[0] = 0;
  for (size_t j = 1; j <= b->n; j++)
    prev[j] = prev[j - 1] + b->t[j - 1].glen;
  for (size_t i = 1; i <= a->n; i++) {
    const nl_tm__tok *ta = &a->t[i - 1];
    cur[0] = prev[0] + ta->glen;
    for (size_t j = 1; j <= b->n; j++) {
      const nl_tm__tok *tb = &b->t[j - 1];
      cur[j] = min3(prev[j] + ta->glen, cur[j - 1] + tb->glen,
                    prev[j - 1] + token_cost(a, ta, b, tb));
    }
    uint32_t *sw = prev;
    prev = cur;
    cur = sw;
  }
  uint32_t dist = prev[b->n];
  free(prev < cur ? prev : cur);
  if (dist > maxg)
    dist = (uint32_t)maxg;
  int score = (int)((100 * (maxg - dist)) / maxg);
  score -= 2 * number_mismatches(a, b);
  return score < 0 ? 0 : score;
}

int nl_tm__score(nl_tm__scorer *sc, const char *lang, const char *a,
                 const char *b, nl_error *err) {
  nl_tm__toks ta = {0}, tb = {0};
  int rc = nl_tm__tokenize(sc, lang, a, &ta, err);
  if (rc == 0)
    rc = nl_tm__tokenize(sc, lang, b, &tb, err);
  if (rc == 0) {
    rc = nl_tm__similarity(&ta, &tb);
    if (rc < 0)
      rc = nl_error__nomem(err);
  }
  nl_tm__toks_dispose(&ta);
  nl_tm__toks_dispose(&tb);
  return rc;
}

/* ---- inline codes -------------------------------------------------------- */

/* The code elements of an XLIFF 2.0 markup, in order, one letter each:
 * p(c) h(ph) s(c) e(c). */
static size_t code_kinds(const char *m, char *out, size_t max) {
  size_t n = 0;
  for (const char *p = m ? strchr(m, '<') : NULL; p && n < max;
       p = strchr(p + 1, '<')) {
    if (strncmp(p, "<pc", 3) == 0 || strncmp(p, "<ph", 3) == 0)
      out[n++] = p[2];
    else if (strncmp(p, "<sc", 3) == 0 || strncmp(p, "<ec", 3) == 0)
      out[n++] = p[1];
  }
  return n;
}

int nl_tm__code_penalty(const char *a, const char *b) {
  enum { MAXC = 32 };
  char x[MAXC], y[MAXC];
  size_t nx = code_kinds(a, x, MAXC), ny = code_kinds(b, y, MAXC);
  uint32_t row[MAXC + 1];
  for (size_t j = 0; j <= ny; j++)
    row[j] = (uint32_t)j;
  for (size_t i = 1; i <= nx; i++) {
    uint32_t diag = row[0];
    row[0] = (uint32_t)i;
    for (size_t j = 1; j <= ny; j++) {
      uint32_t up = row[j];
      row[j] = min3(row[j] + 1, row[j - 1] + 1,
                    diag + (x[i - 1] == y[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return (int)row[ny];
}
