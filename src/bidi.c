/*
 * bidi.c - bidirectional text that displays as the translator meant.
 *
 * Controls. Embeddings and overrides (LRE, RLE, LRO, RLO, PDF) are never
 * written: they leak their state into what follows and editors cannot
 * see them. Those a translator left are removed, as are isolates that do
 * not pair up in the block.
 *
 * Isolation. In a right-to-left block the candidates are runs that
 * start with a Latin (strong left-to-right) letter - names, acronyms,
 * URLs, addresses - or with Latin digits, or with a sign before a digit
 * (-5, +3); in a left-to-right block, runs that start with an Arabic or
 * Hebrew letter. A run goes on over numbers, separators and neutrals of
 * either kind up to the next strong character of the block's own
 * direction; neutrals at its end are left out, except the last dot of a
 * dotted abbreviation (U.N.) and, when the run fills a quotation or
 * brackets, the punctuation before the closing mark.
 *
 * A candidate is isolated (LRI ... PDI, or RLI ... PDI; FSI is left to
 * translators) only when isolating it changes something:
 *  1. the resolved embedding levels (UAX #9, computed by ICU's ubidi
 *     for the block at its service's direction) of any character - the
 *     run's own or its neighbours' - differ with and without the
 *     isolate: that is "U.N." losing its last dot to the sentence, "-5"
 *     showing as "5-", "50%" as "%50", a phone number reversed; or
 *  2. the run holds the block's first strong character: software that
 *     takes a paragraph's direction from its first strong character
 *     (UAX #9 P2-P3, used by feeds, notifications and dir=auto) would
 *     lay the whole paragraph out the wrong way. P2 skips isolates, so
 *     isolating the run fixes that.
 * A Latin name inside a Persian sentence resolves to the same levels
 * either way and is left alone: isolates are invisible but not free
 * (they are characters in the published text, search and copy-paste).
 * A block with no strong character of its own direction (an English
 * sentence left untranslated) is left as it is, and so is text already
 * inside an isolate the translator wrote.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <unicode/ubidi.h>
#include <unicode/uchar.h>

#include "error.h"
#include "localize_internal.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

#define LRI 0x2066
#define RLI 0x2067
#define FSI 0x2068
#define PDI 0x2069
#define ISO_LEN 3 /* bytes of an isolate control in UTF-8 */

/* ---- stray controls ------------------------------------------------- */

/* Removes n bytes at `at` of the text, and moves the spans after it. */
static void cut_bytes(nl_buf *t, size_t at, size_t n, nl_lz_span *sp,
                      size_t nsp) {
  memmove(t->ptr + at, t->ptr + at + n, t->size - at - n);
  t->size -= n;
  t->ptr[t->size] = '\0';
  for (size_t i = 0; i < nsp; i++) {
    sp[i].start -= sp[i].start > at ? n : 0;
    sp[i].end -= sp[i].end > at ? n : 0;
  }
}

/* Embeddings, overrides, and isolates without partners go. Pairing is
 * decided over the whole block, as the bidi algorithm does (BD9), not
 * per element: an isolate may hold a line break or a link. */
int nl_lz__controls(nl_lz *z, nl_buf *text, nl_lz_span *sp, size_t nsp) {
  size_t open_at[64], open_orig[64], removed = 0;
  int depth = 0, rc = 0;
  z->base = 0; /* offsets are reported in the text as it came */
  for (size_t i = 0; i < text->size && rc == 0;) {
    size_t j = i;
    uint32_t c = nl_utf8__next(text->ptr, text->size, &j);
    int drop = c >= 0x202A && c <= 0x202E;
    if (c == LRI || c == RLI || c == FSI) {
      if (depth < 64) {
        open_at[depth] = i;
        open_orig[depth] = i + removed;
      }
      drop = depth >= 64; /* deeper than UAX #9 goes: not kept */
      depth += depth < 64;
    } else if (c == PDI) {
      drop = depth == 0;
      depth -= depth > 0;
    }
    if (!drop) {
      i = j;
      continue;
    }
    rc = nl_lz__note(z, "bidi-controls", i + removed, text->ptr + i, j - i,
                     "", 0);
    removed += j - i;
    cut_bytes(text, i, j - i, sp, nsp);
  }
  /* openers never closed: take them out, last first */
  while (rc == 0 && depth > 0) {
    size_t at = open_at[--depth];
    rc = nl_lz__note(z, "bidi-controls", open_orig[depth], text->ptr + at,
                     ISO_LEN, "", 0);
    cut_bytes(text, at, ISO_LEN, sp, nsp);
  }
  return rc;
}

/* ---- finding candidate runs ------------------------------------------- */

static int dir_of(uint32_t c) { return u_charDirection((UChar32)c); }

static int is_strong(uint32_t c, int rtl) {
  int d = dir_of(c);
  return rtl ? (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC)
             : d == U_LEFT_TO_RIGHT;
}

/* Characters a run may go on over: its own direction, numbers, their
 * separators, marks and neutrals (trimmed off its end afterwards). */
static int continues(uint32_t c, int rtl_run) {
  int d = dir_of(c);
  if (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC)
    return rtl_run;
  if (d == U_LEFT_TO_RIGHT)
    return !rtl_run;
  return c != LRI && c != RLI && c != FSI && c != PDI && c != '\n';
}

static int weak_end(uint32_t c) {
  int d = dir_of(c);
  return d == U_WHITE_SPACE_NEUTRAL || d == U_OTHER_NEUTRAL ||
         d == U_COMMON_NUMBER_SEPARATOR || d == U_SEGMENT_SEPARATOR ||
         d == U_BOUNDARY_NEUTRAL;
}

static int opening_mark(uint32_t c) {
  return c == '"' || c == '(' || c == '[' || c == 0xAB || c == 0xBB ||
         c == 0x2018 || c == 0x201C || c == 0x201E || c == 0x2039 ||
         c == 0x203A || c == 0x300C || c == 0x300E;
}

static int closing_mark(uint32_t c) {
  return c == '"' || c == ')' || c == ']' || c == 0xAB || c == 0xBB ||
         c == 0x2019 || c == 0x201D || c == 0x2039 || c == 0x203A ||
         c == 0x300D || c == 0x300F;
}

/* Where the run starting at `i` ends (trailing neutrals excluded). */
static size_t run_end(const char *s, size_t len, size_t i, int rtl_run) {
  size_t end = i, k = i;
  uint32_t p1 = 0, p2 = 0; /* the two characters before c */
  int quoted = opening_mark(nl_utf8__prev(s, i));
  while (k < len) {
    size_t j = k;
    uint32_t c = nl_utf8__next(s, len, &j);
    if (!continues(c, rtl_run))
      break;
    if (quoted && closing_mark(c) && end > i) {
      end = k; /* the quotation's own punctuation belongs to it */
      break;
    }
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
  if (!rtl_par)
    return 0;
  if (c >= '0' && c <= '9')
    return nl_utf8__prev(s, i) < '0' || nl_utf8__prev(s, i) > '9';
  /* a sign, not a hyphen inside a number or word (202-555, F-16) */
  uint32_t p = nl_utf8__prev(s, i);
  if ((c != '+' && c != '-' && c != 0x2212) || u_isalnum((UChar32)p))
    return 0;
  size_t k = j;
  uint32_t d = j < len ? nl_utf8__next(s, len, &k) : 0;
  /* European digits, or Arabic-Indic ones (Sorani): class AN */
  return dir_of(d) == U_EUROPEAN_NUMBER || dir_of(d) == U_ARABIC_NUMBER;
}

typedef struct cand {
  size_t a, b; /* byte range of the run */
} cand;

/* Clips [a, b) so that it nests with every span: it may contain a span
 * or lie inside one, never cross its edge (the page's <bdi> and the
 * markup must nest). */
static size_t clip(size_t a, size_t b, const nl_lz_span *sp, size_t n) {
  for (int changed = 1; changed;) {
    changed = 0;
    for (size_t i = 0; i < n; i++) {
      size_t s = sp[i].start, e = sp[i].end;
      if (sp[i].empty || s == e)
        continue;
      if (a < s && s < b && b < e)
        b = s, changed = 1;
      else if (s < a && a < e && e < b)
        b = e, changed = 1;
    }
  }
  return b;
}

/* The candidate runs, in order, outside isolates already there. */
static int find_runs(const char *s, size_t len, int rtl, const nl_lz_span *sp,
                     size_t nsp, cand **out, size_t *n) {
  size_t cap = 0;
  int depth = 0;
  *out = NULL;
  *n = 0;
  for (size_t i = 0; i < len;) {
    size_t j = i;
    uint32_t c = nl_utf8__next(s, len, &j);
    if (c == LRI || c == RLI || c == FSI || c == PDI) {
      depth += c == PDI ? (depth > 0 ? -1 : 0) : 1;
      i = j;
      continue;
    }
    if (depth > 0 || !starts_run(s, len, i, rtl)) {
      i = j;
      continue;
    }
    size_t e = run_end(s, len, i, !rtl);
    if (e <= i)
      e = j;
    e = clip(i, e, sp, nsp);
    if (*n == cap) {
      cap = cap ? cap * 2 : 8;
      cand *p = realloc(*out, cap * sizeof(cand));
      if (p == NULL)
        return NL_ENOMEM;
      *out = p;
    }
    cand c1 = {i, e};
    (*out)[(*n)++] = c1;
    i = e;
  }
  return 0;
}

/* ---- deciding with ubidi ------------------------------------------------ */

typedef struct levels {
  UBiDi *bidi;
  nl_u16 text;
  size_t *to16; /* byte offset -> UTF-16 index */
  UBiDiLevel *base;
  int32_t n;
} levels;

/* Resolved levels of `s` (UTF-16) in a paragraph of level `para`,
 * copied into `out` (n entries). */
static int resolve(UBiDi *bidi, const UChar *s, int32_t n, int rtl,
                   UBiDiLevel *out) {
  UErrorCode ec = U_ZERO_ERROR;
  ubidi_setPara(bidi, s, n, rtl ? 1 : 0, NULL, &ec);
  const UBiDiLevel *lv = U_SUCCESS(ec) ? ubidi_getLevels(bidi, &ec) : NULL;
  if (U_FAILURE(ec) || lv == NULL)
    return NL_EICU;
  memcpy(out, lv, (size_t)n * sizeof(UBiDiLevel));
  return 0;
}

/* Whether isolating [a16, b16) changes any resolved level. */
static int isolation_matters(levels *L, int32_t a16, int32_t b16, int rtl,
                             int *matters) {
  int32_t n = L->n + 2;
  UChar *t = malloc((size_t)n * sizeof(UChar));
  UBiDiLevel *lv = malloc((size_t)n * sizeof(UBiDiLevel));
  int rc = t && lv ? 0 : NL_ENOMEM;
  if (rc == 0) {
    memcpy(t, L->text.s, (size_t)a16 * sizeof(UChar));
    t[a16] = rtl ? LRI : RLI;
    memcpy(t + a16 + 1, L->text.s + a16, (size_t)(b16 - a16) * sizeof(UChar));
    t[b16 + 1] = PDI;
    memcpy(t + b16 + 2, L->text.s + b16,
           (size_t)(L->n - b16) * sizeof(UChar));
    rc = resolve(L->bidi, t, n, rtl, lv);
  }
  *matters = 0;
  for (int32_t i = 0; rc == 0 && i < L->n && !*matters; i++) {
    int32_t k = i < a16 ? i : i < b16 ? i + 1 : i + 2;
    *matters = L->base[i] != lv[k];
  }
  free(t);
  free(lv);
  return rc;
}

/* Byte offset of the block's first strong character outside isolates
 * (UAX #9 P2) - those in the text and the runs chosen so far - and
 * whether it is right-to-left; len when there is none. */
static size_t first_strong(const char *s, size_t len, const cand *c,
                           const unsigned char *keep, size_t nc, int *rtl) {
  int depth = 0;
  size_t k = 0;
  for (size_t i = 0; i < len;) {
    while (k < nc && c[k].b <= i)
      k++;
    if (k < nc && keep[k] && c[k].a <= i) {
      i = c[k].b; /* a run that will be isolated */
      continue;
    }
    size_t j = i;
    uint32_t ch = nl_utf8__next(s, len, &j);
    if (ch == LRI || ch == RLI || ch == FSI)
      depth++;
    else if (ch == PDI && depth > 0)
      depth--;
    else if (depth == 0 && (is_strong(ch, 0) || is_strong(ch, 1))) {
      *rtl = is_strong(ch, 1);
      return i;
    }
    i = j;
  }
  return len;
}

/* Rule 2: while the first strong character is of the other direction
 * and lies in a candidate, that candidate is isolated. */
static void isolate_first_strong(const char *s, size_t len, int rtl,
                                 const cand *c, unsigned char *keep,
                                 size_t nc) {
  for (;;) {
    int dir = rtl;
    size_t first = first_strong(s, len, c, keep, nc, &dir);
    if (first == len || dir == rtl)
      return;
    size_t i = 0;
    while (i < nc && !(c[i].a <= first && first < c[i].b))
      i++;
    if (i == nc || keep[i])
      return;
    keep[i] = 1;
  }
}

static int levels_init(levels *L, const char *s, size_t len, int rtl,
                       nl_error *err) {
  memset(L, 0, sizeof(*L));
  int rc = nl_u16__from_utf8(&L->text, s, len, 1, err);
  if (rc < 0)
    return rc;
  L->n = L->text.len;
  L->to16 = calloc(len + 1, sizeof(size_t));
  L->base = malloc(((size_t)L->n + 1) * sizeof(UBiDiLevel));
  L->bidi = ubidi_open();
  if (L->to16 == NULL || L->base == NULL || L->bidi == NULL)
    return nl_error__nomem(err);
  for (int32_t i = L->n; i >= 0; i--)
    L->to16[L->text.map[i]] = (size_t)i;
  if (resolve(L->bidi, L->text.s, L->n, rtl, L->base) < 0)
    return nl_error__set(err, NL_EICU, NULL, 0, 0,
                         "ICU could not resolve bidi levels");
  return 0;
}

static void levels_dispose(levels *L) {
  if (L->bidi)
    ubidi_close(L->bidi);
  free(L->to16);
  free(L->base);
  nl_u16__dispose(&L->text);
}

/* ---- inserting --------------------------------------------------------- */

/* How far an element's start (`end` 0) or end (`end` 1) moves when
 * LRI/RLI goes in at `a` and PDI at `b`: isolates go outside an element
 * that starts or ends at the same place unless the element lies inside
 * the run. */
static size_t span_shift(const nl_lz_span *sp, size_t a, size_t b, int end) {
  size_t s = sp->start, e = sp->end;
  if (sp->empty || s == e)
    return (a < s ? ISO_LEN : 0) + (b <= s ? ISO_LEN : 0);
  int within = a <= s && e <= b;
  if (!end)
    return (a < s || (a == s && within) ? ISO_LEN : 0) +
           (b <= s ? ISO_LEN : 0);
  return (a < e ? ISO_LEN : 0) +
         (b < e || (b == e && !within) ? ISO_LEN : 0);
}

/* The first of the runs kept[0, n) (in order, disjoint) that ends at or
 * after `off`. */
static size_t first_reaching(const cand *kept, size_t n, size_t off) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (kept[mid].b < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Where an element's edge `off` goes when all the runs are isolated:
 * each run before it moves it by two isolates; only the (at most two)
 * runs that touch it need the rules of span_shift. The runs are in the
 * text's offsets before any isolate went in; isolating them one after
 * the other, each in the offsets the earlier ones left, comes to the
 * same. */
static size_t moved_edge(const nl_lz_span *sp, size_t off, int end,
                         const cand *kept, size_t n) {
  size_t i = first_reaching(kept, n, off), d = i * 2 * ISO_LEN;
  for (; i < n && kept[i].a <= off; i++)
    d += span_shift(sp, kept[i].a, kept[i].b, end);
  return off + d;
}

/* Wraps every run kept[0, n) of `text` (disjoint, in order) in one
 * pass, moving the elements with them: a text with thousands of runs
 * to isolate is copied once, not once a run. */
static int insert_isolates(nl_lz *z, nl_buf *text, const cand *kept,
                           size_t n, nl_lz_span *sp, size_t nsp) {
  char open[4], close[4];
  nl_utf8__encode(z->rtl ? LRI : RLI, open);
  nl_utf8__encode(PDI, close);
  nl_buf t = NL_BUF_INIT;
  size_t from = 0;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    if (nl_buf__put(&t, text->ptr + from, kept[i].a - from) < 0 ||
        nl_buf__put(&t, open, ISO_LEN) < 0 ||
        nl_buf__put(&t, text->ptr + kept[i].a, kept[i].b - kept[i].a) < 0 ||
        nl_buf__put(&t, close, ISO_LEN) < 0)
      rc = nl_error__nomem(z->err);
    from = kept[i].b;
  }
  if (rc == 0 && nl_buf__put(&t, text->ptr + from, text->size - from) < 0)
    rc = nl_error__nomem(z->err);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    size_t len = kept[i].b - kept[i].a;
    rc = nl_lz__note(z, "bidi-isolation", kept[i].a, text->ptr + kept[i].a,
                     len, t.ptr + kept[i].a + i * 2 * ISO_LEN,
                     len + 2 * ISO_LEN);
  }
  if (rc == 0) {
    for (size_t k = 0; k < nsp; k++) {
      nl_lz_span o = sp[k];
      sp[k].start = moved_edge(&o, o.start, 0, kept, n);
      sp[k].end = moved_edge(&o, o.end, 1, kept, n);
    }
    nl_buf tmp = *text;
    *text = t;
    t = tmp;
  }
  nl_buf_dispose(&t);
  return rc;
}

static int has_own_direction(const char *s, size_t len, int rtl) {
  for (size_t i = 0; i < len;)
    if (is_strong(nl_utf8__next(s, len, &i), rtl))
      return 1;
  return 0;
}

/* One round: finds the candidates in the text as it is now (isolates
 * from earlier rounds included), isolates those that need it. *added
 * counts them. */
static int isolate_round(nl_lz *z, nl_buf *text, nl_lz_span *sp, size_t nsp,
                         size_t *added) {
  const char *s = text->ptr;
  size_t len = text->size;
  int rtl = z->rtl;
  cand *c = NULL;
  size_t nc = 0;
  levels L;
  *added = 0;
  int rc = find_runs(s, len, rtl, sp, nsp, &c, &nc) < 0
               ? nl_error__nomem(z->err)
               : 0;
  if (rc < 0 || nc == 0) {
    free(c);
    return rc;
  }
  unsigned char *keep = calloc(nc, 1);
  rc = keep ? levels_init(&L, s, len, rtl, z->err) : nl_error__nomem(z->err);
  for (size_t i = 0; rc == 0 && i < nc; i++) {
    int matters = 0;
    if (isolation_matters(&L, (int32_t)L.to16[c[i].a],
                          (int32_t)L.to16[c[i].b], rtl, &matters) < 0)
      rc = nl_error__set(z->err, NL_EICU, NULL, 0, 0,
                         "ICU could not resolve bidi levels");
    keep[i] = (unsigned char)matters;
  }
  if (rc == 0)
    isolate_first_strong(s, len, rtl, c, keep, nc);
  if (keep)
    levels_dispose(&L);
  size_t nk = 0; /* the runs kept, moved to the front of c */
  for (size_t i = 0; rc == 0 && i < nc; i++)
    if (keep[i])
      c[nk++] = c[i];
  if (rc == 0 && nk > 0)
    rc = insert_isolates(z, text, c, nk, sp, nsp);
  if (rc == 0)
    *added = nk;
  free(keep);
  free(c);
  return rc;
}

/* Rounds until nothing more needs isolating: an isolate changes its
 * neighbours' context (a number after an isolated name resolves
 * differently), so decisions are made again against the text with the
 * isolates in it. That also makes localization idempotent: a second
 * run finds nothing to do. Each round isolates at least one run outside
 * the existing isolates, so this ends; the bound is a guard. */
int nl_lz__isolate(nl_lz *z, nl_buf *text, nl_lz_span *sp, size_t nsp) {
  z->base = 0;
  if (text->size == 0 || !has_own_direction(text->ptr, text->size, z->rtl))
    return 0;
  size_t added = 1;
  int rc = 0;
  for (int round = 0; rc == 0 && added > 0 && round < 16; round++)
    rc = isolate_round(z, text, sp, nsp, &added);
  return rc;
}
