/*
 * segment_scan.c - one pass over a paragraph for the segmenter's scans.
 *
 * A block of sixteen code units is packed twice into bytes: the units
 * themselves, saturated (those above 0xFF become 0xFF or 0), and their
 * high bytes. A unit may be wanted when its packed byte equals a wanted
 * unit below 0x100 or its high byte that of a wanted unit above; most
 * blocks of news text have none, and the few units that pass are
 * classified exactly (a table below 0x100; above, the openings' bitmap
 * and nl_pair__is_mark).
 */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "error.h"
#include "segment_pair.h"
#include "segment_scan.h"

enum { OPEN = 1 << NL_SCAN_OPEN, MARK = 1 << NL_SCAN_MARK,
       ONE = 1 << NL_SCAN_ONE };

static int is_open(const uint8_t *opens, UChar c) {
  return opens && ((opens[c >> 3] >> (c & 7)) & 1);
}

/* Which lists c belongs in, a bit each, from its classification. */
static unsigned classify(const uint8_t *opens, UChar c) {
  return (is_open(opens, c) ? OPEN : 0) | (nl_pair__is_mark(c) ? MARK : 0) |
         (c == '1' ? ONE : 0);
}

/* The same from the tables. */
static unsigned kinds(const nl_scan *sc, UChar c) {
  if (c < 0x100) /* group 1 */
    return sc->table[0][c];
  unsigned g = sc->group[c >> 8];
  return g ? sc->table[g - 1][c & 0xFF] : 0;
}

/* A table of the units with high byte h; 0 when there are too many. */
static int add_group(nl_scan *sc, unsigned char h) {
  if (sc->group[h])
    return 1;
  if (sc->ngroups == (int)(sizeof(sc->table) / sizeof(sc->table[0])))
    return 0;
  for (unsigned lo = 0; lo < 0x100; lo++)
    sc->table[sc->ngroups][lo] =
        (unsigned char)classify(sc->opens, (UChar)(h << 8 | lo));
  sc->group[h] = (unsigned char)++sc->ngroups;
  return 1;
}

/* Wanted unit c, past 0xFF: its high byte to the block test. */
static void add_high(nl_scan *sc, UChar c) {
  unsigned char h = (unsigned char)(c >> 8);
  if (sc->group[h])
    return;
  if (!add_group(sc, h) || sc->nhigh == (int)sizeof(sc->high))
    sc->nlow = -1; /* too many for the block test */
  else
    sc->high[sc->nhigh++] = h;
}

void nl_scan__prepare(nl_scan *sc, const uint8_t *opens) {
  sc->opens = opens;
  sc->nlow = sc->nhigh = 0;
  sc->ngroups = 0;
  memset(sc->group, 0, sizeof(sc->group));
  add_group(sc, 0);
  UChar marks[128 + 64];
  size_t nmarks = nl_pair__marks(marks, sizeof(marks) / sizeof(marks[0]));
  for (size_t i = 0; i < nmarks; i++)
    if (marks[i] >= 0x100)
      add_high(sc, marks[i]);
  for (UChar32 byte = 0; opens && byte < 0x10000 / 8; byte++)
    for (unsigned bits = opens[byte]; bits; bits &= bits - 1) {
      UChar32 c = byte * 8 + __builtin_ctz(bits);
      if (c >= 0x100)
        add_high(sc, (UChar)c);
    }
  for (UChar32 c = 0; c < 0x100; c++) {
    if (sc->table[0][c] == 0 || sc->nlow < 0)
      continue;
    /* 0 and 0xFF are also what saturated units pack to */
    if (c == 0 || c == 0xFF || sc->nlow == (int)sizeof(sc->low))
      sc->nlow = -1;
    else
      sc->low[sc->nlow++] = (unsigned char)c;
  }
  /* the block test compares four at a time: repeats fill the last four */
  for (int i = sc->nlow; i > 0 && i % 4; i++)
    sc->low[sc->nlow++] = sc->low[0];
  sc->ready = 1;
}

static int push(nl_scan_list *l, int32_t at) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    int32_t *a = realloc(l->at, cap * sizeof(*a));
    if (a == NULL)
      return NL_ENOMEM;
    l->at = a;
    l->cap = cap;
  }
  l->at[l->n++] = at;
  return 0;
}

/* Position i into the lists of `k`. */
static int sort_in(nl_scan *sc, unsigned k, int32_t i) {
  for (int j = 0; k; j++, k >>= 1)
    if ((k & 1) && push(&sc->list[j], i) < 0)
      return NL_ENOMEM;
  return 0;
}

#ifdef __SSE2__
/* Which of the sixteen units at s may be wanted, a bit each. */
static unsigned block(const nl_scan *sc, const UChar *s, int ascii,
                      const __m128i *low, const __m128i *high) {
  __m128i a = _mm_loadu_si128((const __m128i *)(const void *)s);
  __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + 8));
  __m128i x = _mm_packus_epi16(a, b);
  __m128i hit = _mm_setzero_si128();
  for (int i = 0; i < sc->nlow; i += 4)
    hit = _mm_or_si128(
        _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(x, low[i]),
                                       _mm_cmpeq_epi8(x, low[i + 1]))),
        _mm_or_si128(_mm_cmpeq_epi8(x, low[i + 2]),
                     _mm_cmpeq_epi8(x, low[i + 3])));
  if (!ascii && sc->nhigh) {
    __m128i h = _mm_packus_epi16(_mm_srli_epi16(a, 8), _mm_srli_epi16(b, 8));
    for (int i = 0; i < sc->nhigh; i++)
      hit = _mm_or_si128(hit, _mm_cmpeq_epi8(h, high[i]));
  }
  return (unsigned)_mm_movemask_epi8(hit);
}
#endif

int nl_scan__run(nl_scan *sc, const UChar *s, int32_t len, int ascii) {
  for (int k = 0; k < NL_SCAN_KINDS; k++)
    sc->list[k].n = 0;
  int32_t i = 0;
#ifdef __SSE2__
  if (sc->nlow >= 0) {
    __m128i low[sizeof(sc->low)], high[sizeof(sc->high)];
    for (int k = 0; k < sc->nlow; k++)
      low[k] = _mm_set1_epi8((char)sc->low[k]);
    for (int k = 0; k < sc->nhigh; k++)
      high[k] = _mm_set1_epi8((char)sc->high[k]);
    for (; i + 16 <= len; i += 16)
      for (unsigned m = block(sc, s + i, ascii, low, high); m; m &= m - 1) {
        int32_t at = i + __builtin_ctz(m);
        if (sort_in(sc, kinds(sc, s[at]), at) < 0)
          return NL_ENOMEM;
      }
  }
#else
  (void)ascii;
#endif
  for (; i < len; i++) {
    unsigned k = sc->nlow >= 0 ? kinds(sc, s[i]) : classify(sc->opens, s[i]);
    if (k && sort_in(sc, k, i) < 0)
      return NL_ENOMEM;
  }
  return 0;
}

void nl_scan__dispose(nl_scan *sc) {
  for (int k = 0; k < NL_SCAN_KINDS; k++) {
    free(sc->list[k].at);
    sc->list[k] = (nl_scan_list){NULL, 0, 0};
  }
}
