/*
 * segment_pair.c - bracket and quotation pairs a unit must not split.
 *
 * One pass with a stack of open marks. Brackets ( ) （ ） [ ] and the CJK
 * marks 《 》 〈 〉 「 」 『 』 【 】 always hold their text together.
 * Quotation marks pair as the languages write them: “…”, „…“, „…”,
 * «…», »…«, ‹…›, and ASCII '"', which opens after a space or an opening
 * mark and closes otherwise. A quotation holds its text together only
 * when an attribution or a citation follows (see segment_pair.h).
 *
 * Limits: a pair longer than MAXSPAN code units, or opened deeper than
 * DEPTH, holds nothing: a stray bracket must not glue a whole paragraph
 * into one unit. Mismatched closers are ignored.
 */
#include <stdlib.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "error.h"
#include "segment_pair.h"

enum { DEPTH = 32, MAXSPAN = 600, CITATION = 80 };

enum { BRACKET, QUOTE };

/* The closer that ends an opener; 0 when c opens nothing. */
static UChar closer_of(UChar c) {
  switch (c) {
  case '(': return ')';
  case '[': return ']';
  case 0xFF08: return 0xFF09; /* （ ） */
  case 0x300A: return 0x300B; /* 《 》 */
  case 0x3008: return 0x3009; /* 〈 〉 */
  case 0x300C: return 0x300D; /* 「 」 */
  case 0x300E: return 0x300F; /* 『 』 */
  case 0x3010: return 0x3011; /* 【 】 */
  case 0x201C: return 0x201D; /* “ ” */
  case 0x201E: return 0x201C; /* „ “ (also „ ”, below) */
  case 0x00AB: return 0x00BB; /* « » */
  case 0x00BB: return 0x00AB; /* » « (Danish, German) */
  case 0x2039: return 0x203A; /* ‹ › */
  case '"': return '"';
  default: return 0;
  }
}

int nl_pair__is_mark(UChar c) {
  if (c < 0x80)
    return c == '(' || c == ')' || c == '[' || c == ']' || c == '"';
  if (c != 0x00AB && c != 0x00BB && (c < 0x201C || c > 0x203A) &&
      (c < 0x3008 || c > 0x3011) && c != 0xFF08 && c != 0xFF09)
    return 0;
  if (closer_of(c) != 0)
    return 1;
  switch (c) {
  case ')': case ']': case 0xFF09: case 0x300B: case 0x3009: case 0x300D:
  case 0x300F: case 0x3011: case 0x201D: case 0x203A:
    return 1;
  default:
    return 0;
  }
}

size_t nl_pair__marks(UChar *out, size_t cap) {
  /* nl_pair__is_mark is 0 outside these */
  static const UChar ranges[][2] = {{0, 0x7F},         {0xAB, 0xAB},
                                    {0xBB, 0xBB},      {0x201C, 0x203A},
                                    {0x3008, 0x3011},  {0xFF08, 0xFF09}};
  size_t n = 0;
  for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++)
    for (UChar32 c = ranges[r][0]; c <= ranges[r][1]; c++)
      if (nl_pair__is_mark((UChar)c) && n < cap)
        out[n++] = (UChar)c;
  return n;
}

static int kind_of(UChar open) {
  return open == 0x201C || open == 0x201E || open == 0x00AB ||
                 open == 0x00BB || open == 0x2039 || open == '"'
             ? QUOTE
             : BRACKET;
}

static int closes(UChar open, UChar c) {
  return closer_of(open) == c || (open == 0x201E && c == 0x201D);
}

/* ASCII '"' opens at the start, after a space or an opening mark. */
static int quote_opens(const UChar *s, int32_t i) {
  return i == 0 || u_isUWhiteSpace(s[i - 1]) || closer_of(s[i - 1]) != 0;
}

static int is_cased_lower(UChar32 c) {
  UErrorCode ec = U_ZERO_ERROR;
  UScriptCode sc = uscript_getScript(c, &ec);
  return u_islower(c) && (sc == USCRIPT_LATIN || sc == USCRIPT_CYRILLIC ||
                          sc == USCRIPT_GREEK || sc == USCRIPT_ARMENIAN);
}

static int32_t skip_space(const UChar *s, int32_t len, int32_t i) {
  while (i < len && u_isUWhiteSpace(s[i]))
    i++;
  return i;
}

/* After a quotation closing at `close`: an attribution in lowercase
 * after a comma (inside or after the mark, then perhaps a dash), or a
 * citation in brackets that ends the sentence. */
static int quote_continues(const UChar *s, int32_t len, int32_t close) {
  int comma = close > 0 && s[close - 1] == ',';
  int32_t i = close + 1;
  if (i < len && s[i] == ',') {
    comma = 1;
    i++;
  }
  i = skip_space(s, len, i);
  if (i < len && s[i] == '(') {
    int32_t j = i + 1;
    while (j < len && j - i <= CITATION && s[j] != ')' && s[j] != '(')
      j++;
    return j < len && s[j] == ')' && j + 1 < len &&
           (s[j + 1] == '.' || s[j + 1] == '!' || s[j + 1] == '?');
  }
  if (!comma)
    return 0;
  if (i < len && (s[i] == 0x2013 || s[i] == 0x2014))
    i = skip_space(s, len, i + 1);
  UChar32 c = -1;
  if (i < len)
    U16_GET(s, 0, i, len, c);
  return c >= 0 && is_cased_lower(c);
}

static int push(nl_pairs *out, int32_t open, int32_t close) {
  if (out->n == out->cap) {
    size_t cap = out->cap ? out->cap * 2 : 8;
    nl_pair *a = realloc(out->at, cap * sizeof(*a));
    if (a == NULL)
      return NL_ENOMEM;
    out->at = a;
    out->cap = cap;
  }
  out->at[out->n++] = (nl_pair){open, close};
  return 0;
}

static int cmp_open(const void *a, const void *b) {
  int32_t x = ((const nl_pair *)a)->open, y = ((const nl_pair *)b)->open;
  return x < y ? -1 : x > y;
}

/* Sorted by opening, pairs inside another dropped. */
static void outermost(nl_pairs *p) {
  if (p->n > 1) /* qsort(NULL, 0, ...) is undefined (UBSan says so) */
    qsort(p->at, p->n, sizeof(*p->at), cmp_open);
  size_t k = 0;
  for (size_t i = 0; i < p->n; i++)
    if (k == 0 || p->at[i].open >= p->at[k - 1].close)
      p->at[k++] = p->at[i];
  p->n = k;
}

/* A closing mark at i: the nearest open mark it closes, and everything
 * opened after that one, leave the stack. */
static int close_at(const UChar *s, int32_t len, int32_t i, int32_t *stack,
                    int *depth, nl_pairs *out) {
  for (int d = *depth - 1; d >= 0; d--) {
    if (!closes(s[stack[d]], s[i]))
      continue;
    int32_t open = stack[d];
    *depth = d;
    if (i - open > MAXSPAN)
      return 0;
    if (kind_of(s[open]) == QUOTE && !quote_continues(s, len, i))
      return 0;
    return push(out, open, i);
  }
  return 0;
}

int nl_pair__scan(const UChar *s, int32_t len, const int32_t *marks,
                  size_t nmarks, nl_pairs *out) {
  int32_t stack[DEPTH];
  int depth = 0;
  out->n = 0;
  for (size_t k = 0; k < nmarks; k++) {
    int32_t i = marks[k];
    UChar c = s[i];
    int opens = closer_of(c) != 0 && (c != '"' || quote_opens(s, i));
    /* a mark that may close does so when something it closes is open */
    int closed = 0;
    for (int d = depth - 1; d >= 0 && !closed; d--)
      closed = closes(s[stack[d]], c) && (c != '"' || !quote_opens(s, i));
    if (closed) {
      if (close_at(s, len, i, stack, &depth, out) < 0)
        return NL_ENOMEM;
    } else if (opens && depth < DEPTH) {
      stack[depth++] = i;
    }
  }
  outermost(out);
  return 0;
}

void nl_pair__dispose(nl_pairs *p) {
  free(p->at);
  p->at = NULL;
  p->n = p->cap = 0;
}

int nl_pair__covers(const void *at, size_t n, size_t stride, int32_t p) {
  const char *base = at;
  size_t lo = 0, hi = n;
  while (lo < hi) { /* the first record starting at or after p */
    size_t mid = lo + (hi - lo) / 2;
    if (*(const int32_t *)(const void *)(base + mid * stride) < p)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo > 0 &&
         p <= ((const int32_t *)(const void *)(base + (lo - 1) * stride))[1];
}

int nl_pair__inside(const nl_pairs *p, int32_t b) {
  _Static_assert(offsetof(nl_pair, open) == 0 &&
                     offsetof(nl_pair, close) == sizeof(int32_t),
                 "nl_pair__covers reads open and close");
  return nl_pair__covers(p->at, p->n, sizeof(*p->at), b);
}
