/*
 * bidi.c - bidirectional text that displays as the translator meant.
 *
 * In a right-to-left paragraph, a left-to-right run that starts with a
 * Latin letter (a name, an acronym, a URL, an e-mail address) or with a
 * sign before a number (+3, -5) is wrapped in LRI ... PDI; in a
 * left-to-right paragraph an Arabic or Hebrew run gets RLI ... PDI.
 * Isolation (UAX #9 X5a-X5c) keeps the run's own order without letting
 * neighbouring punctuation and numbers join it, which is what goes wrong
 * with "U.N." at the end of a Persian sentence. Embeddings and overrides
 * (LRE, RLE, LRO, RLO, PDF) are never written; those a translator left
 * are removed, as are isolates that do not pair up. A piece that already
 * holds isolates is left as the translator made it, and so is one with
 * no character of the paragraph's direction (untranslated text).
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include <unicode/uchar.h>

#include "error.h"
#include "localize_internal.h"
#include "util/buf.h"
#include "util/utf8.h"

#define LRI 0x2066
#define RLI 0x2067
#define FSI 0x2068
#define PDI 0x2069

static int put_cp(nl_buf *out, uint32_t c) {
  char b[4];
  return nl_buf__put(out, b, nl_utf8__encode(c, b));
}

/* Embeddings, overrides, and isolates without partners go. */
int nl_lz__controls(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  size_t open_at[64];
  int depth = 0;
  size_t start = out->size;
  for (size_t i = 0; i < len;) {
    size_t j = i;
    uint32_t c = nl_utf8__next(s, len, &j);
    int drop = c >= 0x202A && c <= 0x202E;
    if (c == LRI || c == RLI || c == FSI) {
      if (depth < 64)
        open_at[depth] = out->size;
      depth++;
    } else if (c == PDI) {
      drop = depth == 0;
      depth -= depth > 0;
    }
    if (!drop && nl_buf__put(out, s + i, j - i) < 0)
      return nl_error__nomem(z->err);
    i = j;
  }
  /* openers never closed: take them out, last first */
  while (depth > 0) {
    depth--;
    if (depth >= 64)
      continue;
    size_t at = open_at[depth];
    if (at < start || at + 3 > out->size)
      continue;
    memmove(out->ptr + at, out->ptr + at + 3, out->size - at - 3);
    out->size -= 3;
    out->ptr[out->size] = '\0';
  }
  return 0;
}

static int is_strong(uint32_t c, int rtl_strong) {
  int d = u_charDirection((UChar32)c);
  return rtl_strong ? (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC)
                    : d == U_LEFT_TO_RIGHT;
}

/* Characters a run may go on over: its own direction, numbers, their
 * separators, marks and neutrals (trimmed off its end afterwards). */
static int continues(uint32_t c, int rtl_run) {
  int d = u_charDirection((UChar32)c);
  if (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC)
    return rtl_run;
  if (d == U_LEFT_TO_RIGHT)
    return !rtl_run;
  return c != LRI && c != RLI && c != FSI && c != PDI && c != '\n';
}

static int weak_end(uint32_t c) {
  int d = u_charDirection((UChar32)c);
  return d == U_WHITE_SPACE_NEUTRAL || d == U_OTHER_NEUTRAL ||
         d == U_COMMON_NUMBER_SEPARATOR || d == U_SEGMENT_SEPARATOR;
}

/* Where the run starting at `i` ends (trailing neutrals excluded). */
static size_t run_end(const char *s, size_t len, size_t i, int rtl_run) {
  size_t end = i, k = i;
  uint32_t p1 = 0, p2 = 0; /* the two characters before c */
  while (k < len) {
    size_t j = k;
    uint32_t c = nl_utf8__next(s, len, &j);
    if (!continues(c, rtl_run))
      break;
    /* the last dot of a dotted abbreviation (U.N.) is part of it */
    int abbrev_dot = c == '.' && p2 == '.' && u_isalpha((UChar32)p1);
    if (!weak_end(c) || c == '%' || c == ')' || abbrev_dot)
      end = j;
    p2 = p1;
    p1 = c;
    k = j;
  }
  return end;
}

static int starts_run(const char *s, size_t len, size_t i, int rtl_par) {
  size_t j = i;
  uint32_t c = nl_utf8__next(s, len, &j);
  if (is_strong(c, !rtl_par))
    return 1;
  if (!rtl_par || (c != '+' && c != '-' && c != 0x2212))
    return 0;
  size_t k = j;
  uint32_t d = j < len ? nl_utf8__next(s, len, &k) : 0;
  return u_charDirection((UChar32)d) == U_EUROPEAN_NUMBER;
}

/* Whether the piece has a strong character of the paragraph's own
 * direction: a piece without one (an English sentence left untranslated
 * in a Persian article) is not text to fix runs inside of. */
static int has_own_direction(const char *s, size_t len, int rtl) {
  for (size_t i = 0; i < len;)
    if (is_strong(nl_utf8__next(s, len, &i), rtl))
      return 1;
  return 0;
}

static int has_isolates(const char *s, size_t len) {
  for (size_t i = 0; i < len;) {
    uint32_t c = nl_utf8__next(s, len, &i);
    if (c >= LRI && c <= PDI)
      return 1;
  }
  return 0;
}

int nl_lz__isolate(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  int rtl = z->rtl;
  if (has_isolates(s, len) || !has_own_direction(s, len, rtl))
    return nl_buf__put(out, s, len) < 0 ? nl_error__nomem(z->err) : 0;
  for (size_t i = 0; i < len;) {
    size_t j = i;
    nl_utf8__next(s, len, &j);
    if (starts_run(s, len, i, rtl)) {
      size_t e = run_end(s, len, i, !rtl);
      if (e <= i)
        e = j;
      if (put_cp(out, rtl ? LRI : RLI) < 0 || nl_buf__put(out, s + i, e - i) < 0 ||
          put_cp(out, PDI) < 0)
        return nl_error__nomem(z->err);
      i = e;
      continue;
    }
    if (nl_buf__put(out, s + i, j - i) < 0)
      return nl_error__nomem(z->err);
    i = j;
  }
  return 0;
}
