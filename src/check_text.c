/*
 * check_text.c - bytes and characters: UTF-8, code point classes, NFC.
 *
 * The UTF-8 check reads the file's own bytes, before any parser, so the
 * offset it reports is the byte a hex editor shows. Characters that are
 * well-formed but have no business in published text (noncharacters,
 * controls, private use, a BOM in the middle) are judged per run, where
 * entities are already decoded: &#xFDD0; is as wrong as its bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include "check_internal.h"
#include "error.h"
#include "util/bytes.h"
#include "util/utf8.h"

#define MAX_ENCODING_FINDINGS 50

/* ED A0..BF xx: a surrogate half encoded as if it were a character. */
static int cesu_surrogate(const unsigned char *p, size_t n, uint32_t *cp) {
  if (n < 3 || p[0] != 0xED || p[1] < 0xA0 || p[1] > 0xBF ||
      (p[2] & 0xC0) != 0x80)
    return 0;
  *cp = 0xD000u | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  return 1;
}

/* Returns 1 when the bytes are not UTF-8 (findings emitted), 0 when they
 * are, negative on failure. */
int nl_chk__encoding(nl_check_ctx *c, const char *s, size_t len) {
  size_t i = nl_utf8__invalid_at(s, len);
  if (i == len)
    return 0;
  const unsigned char *u = (const unsigned char *)s;
  if (i == 0 && len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
                             (u[0] == 0xFE && u[1] == 0xFF))) {
    int rc = nl_chk__emit_raw(c, "utf8-invalid", 0, -1,
                              "the file is UTF-16 (byte order mark %02X %02X): "
                              "convert it to UTF-8",
                              u[0], u[1]);
    return rc < 0 ? rc : 1;
  }
  int found = 0;
  while (i < len) {
    const unsigned char *p = (const unsigned char *)s + i;
    uint32_t cp;
    int rc;
    size_t skip = 1;
    if (found == MAX_ENCODING_FINDINGS) {
      rc = nl_chk__emit_raw(c, "utf8-invalid", i, -1,
                            "more bytes that are not UTF-8 follow; only the "
                            "first %d are listed",
                            MAX_ENCODING_FINDINGS);
      return rc < 0 ? rc : 1;
    }
    if (cesu_surrogate(p, len - i, &cp)) {
      rc = nl_chk__emit_raw(c, "surrogate", i, (long)cp,
                            "bytes ED %02X %02X at offset %zu encode the "
                            "surrogate U+%04X (CESU-8): not a character",
                            p[1], p[2], i, (unsigned)cp);
      skip = 3;
    } else {
      rc = nl_chk__emit_raw(c, "utf8-invalid", i, -1,
                            "byte 0x%02X at offset %zu is not UTF-8 (is the "
                            "file in a legacy encoding?)",
                            p[0], i);
    }
    if (rc < 0)
      return rc;
    found++;
    i += skip;
    /* the next character that starts well */
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
      i++;
    size_t bad = nl_utf8__invalid_at(s + i, len - i);
    i += bad;
  }
  return 1;
}

int nl_chk__nonchar(uint32_t c) {
  return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

static int private_use(uint32_t c) {
  return (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD) ||
         (c >= 0x100000 && c <= 0x10FFFD);
}

#define PUA_FMT                                                                \
  "private-use character U+%04X: it shows as whatever a reader's font "       \
  "puts there"

/* A private-use finding. Its one argument is a pure function of the
 * code point: kept once for each of the BMP's, the later findings only
 * point at it. */
static int private_use_at(nl_check_ctx *c, const nl_run *r, size_t at,
                          uint32_t cp) {
  if (cp < 0xE000 || cp > 0xF8FF) /* (planes 15 and 16: rare) */
    return nl_chk__emit_num(c, "private-use", r, at, (long)cp, PUA_FMT,
                            (long long)cp);
  uint32_t *kept = &nl_chk__nfc_memo(c)->pua_args[cp - 0xE000];
  if (*kept)
    return nl_chk__emit_kept(c, "private-use", r, at, (long)cp, *kept - 1,
                             PUA_FMT);
  size_t args = SIZE_MAX;
  int rc = nl_chk__emit_again(c, "private-use", r, at, (long)cp, &args, 0,
                              PUA_FMT, (unsigned)cp);
  if (rc == 0 && args < UINT32_MAX)
    *kept = (uint32_t)args + 1;
  return rc;
}

static int char_at(nl_check_ctx *c, const nl_run *r, size_t at, uint32_t cp) {
  if (cp < 0x80 ? (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
                      cp == 0x7F
                : cp >= 0x80 && cp <= 0x9F) {
    return nl_chk__emit(c, "control-char", r, at, (long)cp,
                        "control character %s in text", NL_CHK_NAME);
  }
  if (cp < 0xA0)
    return 0;
  if (nl_chk__nonchar(cp))
    return nl_chk__emit_num(c, "noncharacter", r, at, (long)cp,
                            "noncharacter U+%04X: reserved for a program's "
                            "internal use, never for interchange",
                            (long long)cp);
  if (private_use(cp))
    return private_use_at(c, r, at, cp);
  if (cp == 0xFEFF && !(r->first && at == 0))
    return nl_chk__emit(c, "bom-not-at-start", r, at, (long)cp,
                        "ZERO WIDTH NO-BREAK SPACE (U+FEFF) inside the text: "
                        "a byte order mark left by joining files");
  return 0;
}

/* Lead bytes of the characters char_at() can object to: C1 controls
 * (C2), private use (EE, EF, F3, F4), U+FDD0.., U+FEFF, U+FFFE (EF) and
 * the noncharacters of the supplementary planes (F0..F4). */
static int suspect_byte(unsigned char b) {
  return (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F ||
         b == 0xC2 || b >= 0xEE;
}

#ifdef __SSE2__
/* suspect_byte() of 16 bytes, a bit each, tab, LF and CR included (the
 * caller lets them go: rare in a paragraph). */
static inline unsigned suspect16(const unsigned char *p) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  /* signed: below 0x20 or from 0x80 on; then 80..ED but C2 let go */
  __m128i low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
  __m128i high = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2)),
                                  _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xEE)));
  __m128i any = _mm_or_si128(_mm_andnot_si128(high, low),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
  return (unsigned)_mm_movemask_epi8(any);
}

#endif

/* A continuation byte (80..BF) is never suspect, so the bytes are
 * tested without decoding, 16 at a time into a word of 64: four steps
 * whatever the length (no loop's end to mispredict), a step past the
 * text moved back to end with it (the bytes it reads again give the
 * same bits). */
uint64_t nl_chk__char_suspects64(const char *str, size_t len, size_t base) {
  const unsigned char *s = (const unsigned char *)str;
  size_t end = len - base > 64 ? base + 64 : len, k = base;
  uint64_t bits = 0;
#ifdef __SSE2__
  if (end - base >= 16) {
    size_t last = end - base - 16;
    for (size_t j = 0; j < 64; j += 16) {
      size_t off = j < last ? j : last;
      bits |= (uint64_t)suspect16(s + base + off) << off;
    }
    return bits;
  }
#endif
  for (; k < end; k++)
    bits |= (uint64_t)(suspect_byte(s[k]) || s[k] == '\t' || s[k] == '\n' ||
                       s[k] == '\r')
            << (k - base);
  return bits;
}

size_t nl_chk__char_suspect(const char *str, size_t len, size_t i) {
  const unsigned char *s = (const unsigned char *)str;
  for (; i < len; i += 64)
    for (uint64_t b = nl_chk__char_suspects64(str, len, i); b; b &= b - 1)
      if (suspect_byte(s[i + (size_t)__builtin_ctzll(b)]))
        return i + (size_t)__builtin_ctzll(b);
  return len;
}

/* The text's suspect bytes 64 at a time, visited bit by bit; a
 * character that crosses into the next 64 moves them on. */
int nl_chk__chars(nl_check_ctx *c, const nl_run *r) {
  const char *s = r->text;
  size_t len = r->len;
  for (size_t pos = 0, next; pos < len; pos = next) {
    uint64_t bits = nl_chk__char_suspects64(s, len, pos);
    next = len - pos > 64 ? pos + 64 : len;
    while (bits) {
      size_t i = pos + (size_t)__builtin_ctzll(bits), at = i;
      if (!suspect_byte((unsigned char)s[i])) { /* tab, LF, CR */
        bits &= bits - 1;
        continue;
      }
      uint32_t cp = nl_utf8__next_inline(s, len, &i);
      int rc = char_at(c, r, at, cp);
      if (rc < 0)
        return rc;
      if (i >= next) {
        next = i;
        break;
      }
      bits &= ~0ull << (i - pos);
    }
  }
  return 0;
}

/* ---- NFC ---------------------------------------------------------------- */

size_t nl_chk__utf8_offset(const char *s, size_t len, int32_t u) {
  size_t i = 0;
  for (int32_t k = 0; k < u && i < len;) {
    uint32_t cp = nl_utf8__next(s, len, &i);
    k += cp > 0xFFFF ? 2 : 1;
  }
  return i;
}

/* The NFC of u[0..n) in UTF-8 into want[256] ("" when it is long). */
static void nfc_of(const UChar *u, int32_t n, char *want) {
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  UChar norm[64];
  int32_t m = unorm2_normalize(nfc, u, n, norm, 63, &ec);
  want[0] = '\0';
  if (U_SUCCESS(ec) && m < 63) {
    size_t w = 0;
    for (int32_t k = 0; k < m && w + 4 < 256; k++) {
      uint32_t cp = norm[k];
      if (U16_IS_LEAD(norm[k]) && k + 1 < m)
        cp = (uint32_t)U16_GET_SUPPLEMENTARY(norm[k], norm[k + 1]), k++;
      w += nl_utf8__encode(cp, want + w);
    }
    want[w] = '\0';
  }
}

/* Whether two short stretches of units are the same (no call). */
static int same_units(const UChar *a, const UChar *b, int32_t n) {
  for (int32_t k = 0; k < n; k++)
    if (a[k] != b[k])
      return 0;
  return 1;
}

/* The memos' slot for a stretch of units (FNV-1a, folded). */
static size_t memo_slot(const UChar *u, int32_t n) {
  uint32_t h = 2166136261u;
  for (int32_t k = 0; k < n; k++)
    h = (h ^ u[k]) * 16777619u;
  return (h ^ h >> 16) % NL_CHK_NFC_MEMO;
}

/* nfc_of, remembered for short stretches: NFD text repeats its few
 * hundred letters. A pure function of the units: the memo changes no
 * message. *slot: the memo's slot that holds the answer (-1: none). */
static const char *nfc_of_memo(nl_chk_nfc_memo *m, const UChar *u,
                               int32_t n, char *want, int *slot) {
  *slot = -1;
  if (n > NL_CHK_NFC_UNITS || m == NULL) {
    nfc_of(u, n, want);
    return want;
  }
  size_t at = memo_slot(u, n), len;
  if (m->w[at].n == n && same_units(m->w[at].u, u, n)) {
    *slot = (int)at;
    return m->w[at].want; /* the message copies it */
  }
  nfc_of(u, n, want);
  if ((len = strlen(want)) < sizeof(m->w[at].want)) {
    memcpy(m->w[at].u, u, (size_t)n * sizeof(UChar));
    m->w[at].n = (uint8_t)n;
    memcpy(m->w[at].want, want, len + 1);
    memset(m->w_args[at], 0, sizeof(m->w_args[at]));
    *slot = (int)at;
  }
  return want;
}

/* The two not-nfc messages, each named once (the recorder knows a
 * format by its address). */
#define NFC_ONE_FMT "not NFC from %s: NFC writes \"%s\""
#define NFC_MANY_FMT                                                           \
  "not NFC from %s: NFC writes \"%s\" (%zu places in this paragraph)"

/* The finding, its arguments kept now (SIZE_MAX in *args: they are,
 * and *args says where). */
static int emit_nfc(nl_check_ctx *c, const nl_run *r, size_t at, uint32_t cp,
                    const char *want, size_t places, size_t *args) {
  if (places > 1)
    return nl_chk__emit_again(c, "not-nfc", r, at, (long)cp, args, 0,
                              NFC_MANY_FMT, NL_CHK_NAME, want, places);
  return nl_chk__emit_again(c, "not-nfc", r, at, (long)cp, args, 0,
                            NFC_ONE_FMT, NL_CHK_NAME, want);
}

/* The finding for the first stretch that is not NFC, u[0..n), where
 * ICU's quick check stopped at `cp` (byte `at` of the run). Its
 * arguments (the character's name, what NFC writes, the count) are a
 * pure function of the units and the count: kept once for each memo
 * slot and count, the later findings only point at them. */
static int report_nfc(nl_check_ctx *c, const nl_run *r, const UChar *u,
                      int32_t n, size_t at, uint32_t cp, size_t places,
                      uint32_t *also) {
  char buf[256];
  nl_chk_nfc_memo *m = nl_chk__nfc_memo(c);
  int slot;
  const char *want = nfc_of_memo(m, u, n, buf, &slot);
  size_t args = SIZE_MAX;
  if (slot < 0 || places > NL_CHK_NFC_PLACES)
    return emit_nfc(c, r, at, cp, want, places, &args);
  uint32_t *kept = &m->w_args[slot][places - 1];
  if (*kept) {
    if (also)
      *also = *kept;
    return nl_chk__emit_kept(c, "not-nfc", r, at, (long)cp, *kept - 1,
                             places > 1 ? NFC_MANY_FMT : NFC_ONE_FMT);
  }
  int rc = emit_nfc(c, r, at, cp, want, places, &args);
  if (rc == 0 && args < UINT32_MAX) {
    *kept = (uint32_t)args + 1;
    if (also)
      *also = *kept;
  }
  return rc;
}

/* Whether u[0..n) (between two normalization boundaries) is NFC. */
static int stretch_nfc(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                       const UChar *u, int32_t n, UErrorCode *ec) {
  if (n > NL_CHK_NFC_UNITS || m == NULL)
    return unorm2_isNormalized(nfc, u, n, ec);
  size_t slot = memo_slot(u, n);
  if (m->e[slot].n == n && same_units(m->e[slot].u, u, n))
    return m->e[slot].ok;
  int ok = unorm2_isNormalized(nfc, u, n, ec);
  if (U_FAILURE(*ec))
    return ok;
  memcpy(m->e[slot].u, u, (size_t)n * sizeof(UChar));
  m->e[slot].n = (uint8_t)n;
  m->e[slot].ok = (uint8_t)(ok != 0);
  return ok;
}

/* Below U+0300 every code point is NFC_QC=Yes with combining class 0
 * and has a normalization boundary before it (ICU's minCompNoMaybeCP):
 * the scan steps over such units without asking ICU. */
#define NFC_PLAIN_BELOW 0x300

/* What the stretch decision needs of a code point (NL_CHK_NFC_*). */
static uint16_t cls_of(const UNormalizer2 *nfc, UChar32 cp) {
  int qc = u_getIntPropertyValue(cp, UCHAR_NFC_QUICK_CHECK);
  return (uint16_t)(unorm2_getCombiningClass(nfc, cp) |
                    (qc == UNORM_NO ? NL_CHK_NFC_NO : 0) |
                    (qc == UNORM_MAYBE ? NL_CHK_NFC_MAYBE : 0) |
                    (u_getIntPropertyValue(
                         cp, UCHAR_TRAIL_CANONICAL_COMBINING_CLASS) != 0
                         ? NL_CHK_NFC_TRAIL
                         : 0));
}

/* The bits and classes of the 128 code points around c, from ICU; c's
 * bit. */
static int boundary_fill(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                         UChar c) {
  if (m == NULL)
    return unorm2_hasBoundaryBefore(nfc, c);
  unsigned blk = (unsigned)c >> 7;
  for (unsigned k = 0; k < 128; k++) {
    unsigned cp = blk << 7 | k;
    if (unorm2_hasBoundaryBefore(nfc, (UChar32)cp))
      m->bb[cp >> 3] |= (uint8_t)(1u << (cp & 7));
    else
      m->bb[cp >> 3] &= (uint8_t)~(1u << (cp & 7));
    m->cls[cp] = (uint16_t)(
        cls_of(nfc, (UChar32)cp) |
        (unorm2_hasBoundaryBefore(nfc, (UChar32)cp) ? NL_CHK_NFC_BEFORE : 0) |
        (unorm2_hasBoundaryAfter(nfc, (UChar32)cp) ? NL_CHK_NFC_AFTER : 0) |
        NL_CHK_NFC_KNOWN);
  }
  m->bb_known[blk >> 3] |= (uint8_t)(1u << (blk & 7));
  return (m->bb[c >> 3] >> (c & 7)) & 1;
}

static inline int boundary_before(nl_chk_nfc_memo *m,
                                  const UNormalizer2 *nfc, UChar c) {
  unsigned blk = (unsigned)c >> 7;
  if (c < NFC_PLAIN_BELOW)
    return 1;
  if (m && ((m->bb_known[blk >> 3] >> (blk & 7)) & 1))
    return (m->bb[c >> 3] >> (c & 7)) & 1;
  return boundary_fill(m, nfc, c);
}

/* Whether a normalization boundary lies before u[k]: never inside a
 * surrogate pair, and before a pair as before its code point. Asked of
 * each unit, a pair's halves both look like boundaries, and U+1D15E or
 * a CJK compatibility ideograph of plane 2 (NFC_QC=No) would be judged
 * as a lone lead surrogate, which ICU calls normalized. */
static inline int boundary_at(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                              const UChar *u, int32_t k, int32_t n) {
  UChar c = u[k];
  if (!U16_IS_SURROGATE(c))
    return boundary_before(m, nfc, c);
  if (U16_IS_TRAIL(c))
    return k == 0 || !U16_IS_LEAD(u[k - 1]);
  if (k + 1 < n && U16_IS_TRAIL(u[k + 1]))
    return unorm2_hasBoundaryBefore(nfc,
                                    U16_GET_SUPPLEMENTARY(c, u[k + 1]));
  return 1;
}

static inline uint16_t cls_at(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                              UChar c) {
  if (m->cls[c] == 0)
    boundary_fill(m, nfc, c);
  return m->cls[c];
}

/* unorm2_composePair, remembered by pair: a pure function of the two. */
static int32_t compose_pair(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                            UChar a, UChar b) {
  uint32_t key = (uint32_t)a << 16 | b;
  size_t slot = (key * 2654435761u) >> 24;
  if (m->pair[slot].key != key) {
    m->pair[slot].key = key;
    m->pair[slot].to = unorm2_composePair(nfc, a, b);
  }
  return m->pair[slot].to;
}

/* Whether a stretch of BMP units between two boundaries is NFC, from the
 * classes, without the normalizer: 1 yes, 0 no, -1 not decided here.
 * Decided: a character NFC never keeps (NFC_QC No); marks out of
 * canonical order; a starter that is NFC_QC Yes with combining classes
 * 0 (its own and trailing: its decomposition, if any, composes back
 * before the marks come) followed by marks only (class not 0), where
 * NFC changes the stretch exactly when a mark not blocked from the
 * starter (no mark of its class before it, the classes being in order)
 * composes with it. The rest (a stretch without its starter, Hangul
 * jamo, vowel signs of class 0, ...) is left to ICU. test_check_nfc
 * holds it to unorm2_isNormalized over every pair of the scripts that
 * matter and random strings. */
static inline int by_table(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                           const UChar *u, int32_t n) {
  uint16_t s = cls_at(m, nfc, u[0]);
  if (s & NL_CHK_NFC_NO)
    return 0;
  if (s & (0xFF | NL_CHK_NFC_MAYBE | NL_CHK_NFC_TRAIL))
    return -1;
  unsigned prev = 0;
  for (int32_t k = 1; k < n; k++) {
    uint16_t e = cls_at(m, nfc, u[k]);
    unsigned cc = e & 0xFF;
    if (e & NL_CHK_NFC_NO)
      return 0;
    if (cc == 0)
      return -1;
    if (prev > cc ||
        (cc != prev && (e & NL_CHK_NFC_MAYBE) &&
         compose_pair(m, nfc, u[0], u[k]) >= 0))
      return 0;
    prev = cc;
  }
  return 1;
}

int nl_chk__nfc_by_table(nl_chk_nfc_memo *m, const UChar *u, int32_t n) {
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  return U_FAILURE(ec) || n < 1 ? -1 : by_table(m, nfc, u, n);
}

/* After the first stretch that is not NFC only the count is left: the
 * stretch of each unit from U+0300 on is decided without the quick
 * check, whose spans hold only stretches that are NFC, by the table or
 * else ICU. In the BMP, where a unit is a character (the stretches are
 * the same either way): at a surrogate it returns where it is, for the
 * scan to go on from there; else n. */
static int32_t count_rest(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                          const UChar *u, int32_t pos, int32_t n,
                          size_t *places, UErrorCode *ec) {
  while (pos < n) {
    int32_t from = pos;
    while (from < n && u[from] < NFC_PLAIN_BELOW)
      from++;
    if (from == n)
      break;
    int32_t seg = from, end = from + 1;
    if (U16_IS_SURROGATE(u[from]))
      return pos;
    while (seg > pos && !boundary_before(m, nfc, u[seg]))
      seg--;
    while (end < n && !U16_IS_SURROGATE(u[end]) &&
           !boundary_before(m, nfc, u[end]))
      end++;
    if (end < n && U16_IS_SURROGATE(u[end]))
      return pos;
    int ok = by_table(m, nfc, u + seg, end - seg);
    if (ok < 0)
      ok = stretch_nfc(m, nfc, u + seg, end - seg, ec);
    if (U_FAILURE(*ec))
      break;
    *places += !ok;
    pos = end;
  }
  return n;
}

/* quickCheck says MAYBE for every combining mark, and NFD Vietnamese is
 * all MAYBE: each suspect stretch between normalization boundaries is
 * decided by unorm2_isNormalized, and the first that fails is reported
 * at the character where the quick check stopped. The quick check
 * starts at the last plain unit before the next unit that is not (it
 * looks back one code point from where it stops; the plain ones before
 * it are all Yes); after the first place count_rest takes over.
 * test_check_nfc holds this to the scan that asks ICU at every step. */
int nl_chk__nfc_scan(nl_chk_nfc_memo *m, const UChar *u, int32_t n,
                     nl_chk_nfc_found *out) {
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  int32_t pos = 0;
  int counted = m == NULL; /* count_rest has been (or is not) tried */
  memset(out, 0, sizeof(*out));
  out->seg = -1;
  while (U_SUCCESS(ec) && pos < n) {
    int32_t from = pos;
    while (from < n && u[from] < NFC_PLAIN_BELOW)
      from++;
    if (from == n)
      break;
    from -= from > pos;
    int32_t span = unorm2_spanQuickCheckYes(nfc, u + from, n - from, &ec);
    if (U_FAILURE(ec) || from + span >= n)
      break;
    int32_t bad = from + span, seg = bad, end = bad + 1;
    while (seg > pos && !boundary_at(m, nfc, u, seg, n))
      seg--;
    while (end < n && !boundary_at(m, nfc, u, end, n))
      end++;
    if (!stretch_nfc(m, nfc, u + seg, end - seg, &ec) && U_SUCCESS(ec) &&
        out->places++ == 0) {
      out->seg = seg;
      out->end = end;
      out->bad = bad;
    }
    pos = end;
    if (out->places && !counted) {
      counted = 1;
      pos = count_rest(m, nfc, u, pos, n, &out->places, &ec);
    }
  }
  return U_FAILURE(ec) ? NL_EICU : 0;
}

/* ---- NFC on the UTF-8 ---------------------------------------------------
 * The same scan, on the paragraph's own bytes: no UTF-16 copy. Below
 * U+0300 (lead bytes below CC) every code point is NFC_QC Yes with
 * class 0 and a boundary before it; the rest are looked up in the
 * memo's table (BMP: a character beyond it sends the paragraph to the
 * scan over UTF-16). Only a stretch is made UTF-16, for the table's
 * decision, ICU's, or the message. test_check_nfc holds it to
 * nl_chk__nfc_scan. */

/* The first lead byte of a code point from U+0300 on. */
#define LEAD_0300 0xCC

#ifdef __SSE2__
/* A bit for each of the 16 bytes at p from U+0300's lead byte on. */
static inline unsigned leads_0300(const unsigned char *p) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  return (unsigned)_mm_movemask_epi8(
      _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8((char)LEAD_0300)), v));
}

/* leads_0300() of the 16 bytes at p, and a bit for each that starts a
 * code point below U+0300 (ASCII, C0..CB: neither such a lead nor a
 * continuation byte). */
static inline unsigned leads_starts(const unsigned char *p, unsigned *low) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i l =
      _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8((char)LEAD_0300)), v);
  /* signed: 80..BF are the bytes below -64 */
  __m128i cont = _mm_cmplt_epi8(v, _mm_set1_epi8(-64));
  *low = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(l, cont)) & 0xFFFFu;
  return (unsigned)_mm_movemask_epi8(l);
}
#endif

/* The first byte from i on that starts a code point from U+0300 on
 * (len: none); the last 16 bytes are read again rather than one by one. */
static inline size_t next_0300_bytes(const unsigned char *s, size_t i,
                                     size_t len) {
#ifdef __SSE2__
  if (len >= 16) {
    for (; i + 16 <= len; i += 16) {
      unsigned hit = leads_0300(s + i);
      if (hit)
        return i + (size_t)__builtin_ctz(hit);
    }
    unsigned hit = i < len ? leads_0300(s + len - 16) >> (16 - (len - i)) : 0;
    return hit ? i + (size_t)__builtin_ctz(hit) : len;
  }
#endif
  while (i < len && s[i] < LEAD_0300)
    i++;
  return i;
}

/* A paragraph shorter than 64 bytes as two masks, made once: its lead
 * bytes from U+0300's on (CC..FF), and the starts of code points below
 * U+0300 (ASCII, C0..CB; and every bit from len on). A run's text is
 * UTF-8 (the file was checked first), so the code points from U+0300
 * on that follow one another end at the next start below U+0300: the
 * scan finds its places by two bit searches, not a byte search and a
 * walk. A longer paragraph is searched and walked as before. */
typedef struct {
  const unsigned char *s;
  size_t len;
  uint64_t lead, low; /* when len < 64 */
} marks64;

static inline void marks_start(marks64 *w, const unsigned char *s,
                               size_t len) {
  uint64_t lead = 0, low = 0;
  size_t k = 0;
  w->s = s;
  w->len = len;
  w->lead = w->low = 0;
  if (len >= 64)
    return;
#ifdef __SSE2__
  if (len >= 16) { /* four steps, as nl_chk__char_suspects64 takes */
    unsigned o;
    for (size_t j = 0; j < 64; j += 16) {
      size_t off = j < len - 16 ? j : len - 16;
      lead |= (uint64_t)leads_starts(s + off, &o) << off;
      low |= (uint64_t)o << off;
    }
    k = len;
  }
#endif
  for (; k < len; k++) {
    lead |= (uint64_t)(s[k] >= LEAD_0300) << k;
    low |= (uint64_t)(s[k] < 0x80 || (s[k] >= 0xC0 && s[k] < LEAD_0300))
           << k;
  }
  w->lead = lead;
  w->low = low | ~0ull << len;
}

/* The first byte from i on that starts a code point from U+0300 on
 * (len: none). */
static inline size_t next_0300(const marks64 *w, size_t i) {
  if (w->len >= 64)
    return next_0300_bytes(w->s, i, w->len);
  uint64_t b = w->lead >> i; /* i <= len < 64 */
  return b ? i + (size_t)__builtin_ctzll(b) : w->len;
}

/* The end of the code points from U+0300 on that follow one another
 * from `from` (one of them): the next start of one below U+0300. */
static inline size_t run_end(const marks64 *w, size_t from) {
  if (w->len < 64)
    return from + 1 + (size_t)__builtin_ctzll(w->low >> (from + 1));
  const unsigned char *s = w->s;
  size_t i = from;
  do /* s[from] is a lead byte from CC on */
    i += s[i] < 0xE0 ? 2 : s[i] < 0xF0 ? 3 : 4;
  while (i < w->len && s[i] >= LEAD_0300);
  return i < w->len ? i : w->len;
}

/* The BMP code point at s[i], a character's start, and its length (0:
 * beyond the BMP, or cut off). */
static inline uint32_t bmp_at(const unsigned char *s, size_t i, size_t len,
                              size_t *n) {
  unsigned b = s[i];
  if (b < 0x80)
    return *n = 1, b;
  if (b < 0xE0 && i + 1 < len)
    return *n = 2, (b & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu);
  if (b >= 0xE0 && b < 0xF0 && i + 2 < len)
    return *n = 3, (b & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 |
                       (s[i + 2] & 0x3Fu);
  *n = 0;
  return 0;
}

/* The start of the code point before byte i (i > 0). */
static inline size_t prev_start(const unsigned char *s, size_t i) {
  do
    i--;
  while (i > 0 && (s[i] & 0xC0) == 0x80);
  return i;
}

/* The table's entry of the code point at s[i]; 0 in *n when it has none. */
static inline uint16_t cls8(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                            const unsigned char *s, size_t i, size_t len,
                            size_t *n) {
  uint32_t cp = bmp_at(s, i, len, n);
  return *n ? cls_at(m, nfc, (UChar)cp) : 0;
}

#define STRETCH_UNITS NL_CHK_NFC_STRETCH

/* The stretch between two boundaries around the code point at byte
 * `at` (not before pos, as the scans cut it) into [*seg, *end) and its
 * units into u: 0, or 1 when it is not taken here. */
static int stretch8(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                    const unsigned char *s, size_t len, size_t pos, size_t at,
                    size_t *seg, size_t *end, UChar *u, int32_t *nu) {
  size_t i = at, n, k = 0;
  while (i > pos && s[i] >= LEAD_0300 &&
         !(cls8(m, nfc, s, i, len, &n) & NL_CHK_NFC_BEFORE)) {
    if (n == 0)
      return 1;
    i = prev_start(s, i);
  }
  *seg = i;
  do {
    uint32_t cp = bmp_at(s, i, len, &n);
    if (n == 0 || k == STRETCH_UNITS)
      return 1;
    u[k++] = (UChar)cp;
    i += n;
  } while (i <= at);
  while (i < len && s[i] >= LEAD_0300) {
    uint16_t e = cls8(m, nfc, s, i, len, &n);
    if (n == 0 || k == STRETCH_UNITS)
      return 1;
    if (e & NL_CHK_NFC_BEFORE)
      break;
    u[k++] = (UChar)bmp_at(s, i, len, &n);
    i += n;
  }
  *end = i;
  *nu = (int32_t)k;
  return 0;
}

/* Where ICU's quick check, started at byte q (pos, or the code point
 * before the first from U+0300 on after it: `before` says which; the
 * stop is never before `from`, so only whether it is q matters), stops:
 * ICU's
 * composeQuickCheck skips what is NFC_QC Yes with class 0 and stops at
 * a No or Maybe, returning the character before it unless a boundary
 * lies between them. 0 and *bad, or 1 when not reproduced here (a mark
 * that is Yes, whose run ICU follows), 2 when it reaches the end. */
static int quick_stop(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                      marks64 *w, int before, size_t from, size_t *bad) {
  const unsigned char *s = w->s;
  size_t len = w->len, at = from, n;
  uint16_t e;
  for (;;) {
    e = cls8(m, nfc, s, at, len, &n);
    if (n == 0 || (e & 0xFF && !(e & (NL_CHK_NFC_NO | NL_CHK_NFC_MAYBE))))
      return 1;
    if (e & (NL_CHK_NFC_NO | NL_CHK_NFC_MAYBE))
      break;
    if ((at = next_0300(w, at + n)) == len)
      return 2;
  }
  *bad = at;
  if ((before || at != from) && !(e & NL_CHK_NFC_BEFORE)) {
    size_t p = prev_start(s, at);
    if (!(cls8(m, nfc, s, p, len, &n) & NL_CHK_NFC_AFTER))
      *bad = p;
  }
  return 0;
}

/* by_table() fed one code point at a time (its table entry e; the
 * starter's `first`): *v stays 2 while undecided. */
static inline void table_step(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                              int *v, unsigned *prev, UChar first, UChar c,
                              uint16_t e) {
  unsigned cc = e & 0xFF;
  if (e & NL_CHK_NFC_NO)
    *v = 0;
  else if (cc == 0)
    *v = -1;
  else if (*prev > cc || (cc != *prev && (e & NL_CHK_NFC_MAYBE) &&
                          compose_pair(m, nfc, first, c) >= 0))
    *v = 0;
  else
    *prev = cc;
}

/* The code point from U+0300 on at s[i] (lead byte CC..EF) and its
 * length; 0 for one beyond the BMP or cut off. */
static inline uint32_t mark_at(const unsigned char *s, size_t i, size_t len,
                               size_t *n) {
  unsigned b = s[i];
  if (b < 0xE0 && i + 1 < len)
    return *n = 2, (b & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu);
  if (b < 0xF0 && i + 2 < len)
    return *n = 3, (b & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 |
                       (s[i + 2] & 0x3Fu);
  *n = 0;
  return 0;
}

/* The stretch of the code point at byte `from` (the first from U+0300
 * on after pos) into [*seg, *end), walked once and decided as it is
 * walked: by_table's verdict, or -1 for ICU; 1 when not taken here. */
static int count_one(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                     const unsigned char *s, size_t len, size_t pos,
                     size_t from, int *verdict, size_t *seg, size_t *end) {
  size_t n, i = from;
  uint32_t c = mark_at(s, from, len, &n);
  if (n == 0)
    return 1;
  uint16_t e = cls_at(m, nfc, (UChar)c), st = e;
  UChar first = (UChar)c;
  int v = 2, before = !(e & NL_CHK_NFC_BEFORE) && from > pos;
  unsigned prev = 0;
  *seg = from;
  if (before) { /* the code point before: below U+0300, a boundary */
    unsigned b = s[from - 1];
    if (b < 0x80) {
      *seg = from - 1;
      first = (UChar)b;
    } else {
      *seg = from - 2;
      first = (UChar)((s[from - 2] & 0x1Fu) << 6 | (b & 0x3Fu));
    }
    st = cls_at(m, nfc, first);
  }
  if (st & NL_CHK_NFC_NO)
    v = 0;
  else if (st & (0xFF | NL_CHK_NFC_MAYBE | NL_CHK_NFC_TRAIL))
    v = -1;
  else if (before)
    table_step(m, nfc, &v, &prev, first, (UChar)c, e);
  for (i += n; i < len && s[i] >= LEAD_0300; i += n) {
    c = mark_at(s, i, len, &n);
    if (n == 0)
      return 1;
    e = cls_at(m, nfc, (UChar)c);
    if (e & NL_CHK_NFC_BEFORE)
      break;
    if (v == 2)
      table_step(m, nfc, &v, &prev, first, (UChar)c, e);
  }
  *verdict = v == 2 ? 1 : v;
  *end = i;
  return 0;
}

/* The units of [seg, end), BMP characters, into u (NL_CHK_NFC_STRETCH at
 * most): 0, or 1 when they do not fit. */
static int units_of(const unsigned char *s, size_t seg, size_t end, UChar *u,
                    int32_t *nu) {
  int32_t k = 0;
  for (size_t i = seg, n; i < end; i += n) {
    uint32_t c = bmp_at(s, i, end, &n);
    if (n == 0 || k == STRETCH_UNITS)
      return 1;
    u[k++] = (UChar)c;
  }
  *nu = k;
  return 0;
}

/* The first n bytes of a 64-bit little-end word (n <= 8). */
static const uint64_t first_bytes[9] = {
    0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFF, 0xFFFFFFFFFFFF,
    0xFFFFFFFFFFFFFF, ~0ull};

static inline size_t letter_slot(uint64_t key) {
  return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 56);
}

/* A letter memo's miss: count_one, its verdict kept in the slot. */
static int letter_miss(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                       const unsigned char *s, size_t len, size_t pos,
                       size_t from, size_t k0, size_t klen, uint64_t key,
                       int *verdict, size_t *seg, size_t *end, int *letter) {
  size_t slot = letter_slot(key);
  int rc = count_one(m, nfc, s, len, pos, from, verdict, seg, end);
  if (rc == 0 && *verdict >= 0) {
    m->letter[slot].key = key;
    m->letter[slot].len = (uint8_t)klen;
    m->letter[slot].seg = (uint8_t)(*seg - k0);
    m->letter[slot].end = (uint8_t)(*end - k0);
    m->letter[slot].ok = (uint8_t)*verdict;
    memset(m->letter_args[slot], 0, sizeof(m->letter_args[slot]));
    *letter = (int)slot;
  }
  return rc;
}

/* count_one, remembered by the bytes from the code point before `from`
 * (when from > pos) to the last of the code points from U+0300 on that
 * follow, 8 at most: with that code point or without it (from == pos),
 * the bytes decide the stretch and its verdict. */
static inline int count_memo(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                             marks64 *w, size_t pos, size_t from,
                             int *verdict, size_t *seg, size_t *end,
                             int *letter) {
  const unsigned char *s = w->s;
  size_t len = w->len, k0 = from, i = run_end(w, from);
  if (from > pos)
    k0 = s[from - 1] < 0x80 ? from - 1 : from - 2;
  if (i - k0 > 8)
    return count_one(m, nfc, s, len, pos, from, verdict, seg, end);
  uint64_t key = 0;
  if (len >= 8) { /* the last 8, shifted, for the last word */
    size_t at = k0 < len - 8 ? k0 : len - 8;
    key = nl_bytes__le64(s + at) >> 8 * (k0 - at);
  } else {
    for (size_t j = k0; j < i; j++)
      key |= (uint64_t)s[j] << 8 * (j - k0);
  }
  key &= first_bytes[i - k0];
  size_t slot = letter_slot(key);
  if (m->letter[slot].key == key && m->letter[slot].len == i - k0) {
    *letter = (int)slot;
    *verdict = m->letter[slot].ok;
    *seg = k0 + m->letter[slot].seg;
    *end = k0 + m->letter[slot].end;
    return 0;
  }
  return letter_miss(m, nfc, s, len, pos, from, k0, i - k0, key, verdict, seg,
                     end, letter);
}

/* count_rest8 on a paragraph of 8 to 63 bytes: its masks held in
 * registers, the letter memo's key read by one load that never passes
 * the end (the last 8 bytes, shifted, for the last word), the code
 * point before a run found without a branch. The same keys and slots
 * as count_memo's. */
static int count_short(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                       const marks64 *w, size_t pos, size_t *places) {
  const unsigned char *s = w->s;
  const uint64_t lead = w->lead, low = w->low;
  const size_t len = w->len;
  size_t count = 0;
  for (uint64_t b; (b = lead >> pos) != 0;) {
    size_t from = pos + (size_t)__builtin_ctzll(b);
    size_t i = from + 1 + (size_t)__builtin_ctzll(low >> (from + 1));
    /* the code point before the run (below U+0300: ASCII or 2 bytes) */
    size_t back =
        (size_t)(from > pos) * (1 + (size_t)(s[from - (from != 0)] >> 7));
    size_t k0 = from - back, at = k0 < len - 8 ? k0 : len - 8;
    int ok;
    size_t seg, end;
    if (i - k0 <= 8) {
      uint64_t key =
          nl_bytes__le64(s + at) >> 8 * (k0 - at) & first_bytes[i - k0];
      size_t slot = letter_slot(key);
      if (m->letter[slot].key == key && m->letter[slot].len == i - k0) {
        count += !m->letter[slot].ok;
        pos = k0 + m->letter[slot].end;
        continue;
      }
      int letter;
      if (letter_miss(m, nfc, s, len, pos, from, k0, i - k0, key, &ok, &seg,
                      &end, &letter))
        return 1;
    } else if (count_one(m, nfc, s, len, pos, from, &ok, &seg, &end)) {
      return 1;
    }
    if (ok < 0) {
      UErrorCode ec = U_ZERO_ERROR;
      UChar u[STRETCH_UNITS];
      int32_t nu;
      if (units_of(s, seg, end, u, &nu))
        return 1;
      ok = stretch_nfc(m, nfc, u, nu, &ec);
      if (U_FAILURE(ec))
        return 1;
    }
    count += !ok;
    pos = end;
  }
  *places += count;
  return 0;
}

/* After the first place: count_rest on the bytes, each stretch decided
 * as it is walked (by_table; ICU for what that leaves). */
static int count_rest8(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                       marks64 *w, size_t pos, size_t *places) {
  UErrorCode ec = U_ZERO_ERROR;
  UChar u[STRETCH_UNITS];
  int32_t nu;
  size_t from, seg, end;
  if (w->len < 64 && w->len >= 8)
    return count_short(m, nfc, w, pos, places);
  while ((from = next_0300(w, pos)) < w->len) {
    int ok, letter;
    if (count_memo(m, nfc, w, pos, from, &ok, &seg, &end, &letter))
      return 1;
    if (ok < 0) {
      if (units_of(w->s, seg, end, u, &nu))
        return 1;
      ok = stretch_nfc(m, nfc, u, nu, &ec);
      if (U_FAILURE(ec))
        return 1;
    }
    *places += !ok;
    pos = end;
  }
  return 0;
}

/* Phase one's stretch, where the quick check stopped at `bad`: when the
 * stop is at the first code point from U+0300 on or just before it,
 * that code point's stretch (count_one's, decided as count_rest8
 * decides); else the walk around `bad` and ICU, as nl_chk__nfc_scan
 * does. Its units go to out. */
static int first_stretch(nl_chk_nfc_memo *m, const UNormalizer2 *nfc,
                         marks64 *w, size_t pos, size_t from, size_t bad,
                         size_t *seg, size_t *end, nl_chk_nfc_found8 *out,
                         int *ok, int units) {
  UErrorCode ec = U_ZERO_ERROR;
  const unsigned char *s = w->s;
  size_t len = w->len;
  out->letter = -1;
  if (bad <= from) {
    if (count_memo(m, nfc, w, pos, from, ok, seg, end, &out->letter))
      return 1;
    if (*ok > 0)
      return 0;
    if (*ok == 0 && !units) { /* the caller makes them if it needs them */
      out->n = -1;
      return 0;
    }
    if (units_of(s, *seg, *end, out->u, &out->n))
      return 1;
  } else if (stretch8(m, nfc, s, len, pos, bad, seg, end, out->u, &out->n)) {
    return 1;
  } else {
    *ok = -1;
  }
  if (*ok < 0)
    *ok = stretch_nfc(m, nfc, out->u, out->n, &ec);
  return U_FAILURE(ec);
}

/* units: the first stretch's units made (else, when a memo decided it,
 * out->n is -1 and they are left to the caller). */
static int scan8(nl_chk_nfc_memo *m, const char *str, size_t len,
                 nl_chk_nfc_found8 *out, int units) {
  const unsigned char *s = (const unsigned char *)str;
  UErrorCode ec = U_ZERO_ERROR;
  size_t pos = 0, from, bad, seg, end;
  out->places = 0;
  if (m == NULL)
    return 1;
  if (m->nfc == NULL) {
    m->nfc = unorm2_getNFCInstance(&ec);
    if (U_FAILURE(ec))
      return (m->nfc = NULL), 1;
  }
  const UNormalizer2 *nfc = m->nfc;
  marks64 w;
  marks_start(&w, s, len);
  while ((from = next_0300(&w, pos)) < len) {
    int stop = quick_stop(m, nfc, &w, from > pos, from, &bad);
    if (stop == 2)
      break;
    int ok;
    if (stop ||
        first_stretch(m, nfc, &w, pos, from, bad, &seg, &end, out, &ok, units))
      return 1;
    pos = end;
    if (!ok) {
      out->places = 1, out->seg = seg, out->end = end, out->bad = bad;
      return count_rest8(m, nfc, &w, pos, &out->places);
    }
  }
  return 0;
}

/* The paragraph's UTF-16 and nl_chk__nfc_scan: what the scan on the
 * bytes leaves. */
static int nfc_by_units(nl_check_ctx *c, const nl_run *r) {
  UChar stack[512], *u = stack;
  if (r->len > sizeof(stack) / sizeof(stack[0]) &&
      (u = malloc(r->len * sizeof(UChar))) == NULL)
    return nl_error__nomem(NULL);
  int32_t n = (int32_t)nl_utf8__to_utf16(r->text, r->len, u);
  nl_chk_nfc_found f;
  nl_chk__nfc_scan(nl_chk__nfc_memo(c), u, n, &f);
  int rc = 0;
  if (f.places) {
    uint32_t cp = u[f.bad];
    if (U16_IS_LEAD(u[f.bad]) && f.bad + 1 < f.end)
      cp = (uint32_t)U16_GET_SUPPLEMENTARY(u[f.bad], u[f.bad + 1]);
    size_t at = nl_chk__utf8_offset(r->text, r->len, f.bad);
    rc = report_nfc(c, r, u + f.seg, f.end - f.seg, at, cp, f.places, NULL);
  }
  if (u != stack)
    free(u);
  return rc;
}

/* (not-nfc turned off: the recorder drops the finding; the scan is not
 * worth a lookup of the rule in every paragraph that may fire) */
int nl_chk__nfc_scan8(nl_chk_nfc_memo *m, const char *s, size_t len,
                      nl_chk_nfc_found8 *out) {
  return scan8(m, s, len, out, 1);
}

/* The first stretch decided by the letter memo: its finding's arguments
 * are a pure function of the slot's bytes and the count, kept once for
 * each (letter_args), so the finding needs neither its units nor what
 * NFC writes. */
int nl_chk__nfc(nl_check_ctx *c, const nl_run *r) {
  nl_chk_nfc_memo *m = nl_chk__nfc_memo(c);
  nl_chk_nfc_found8 f;
  if (scan8(m, r->text, r->len, &f, 0))
    return nl_utf8__is_ascii(r->text, r->len) ? 0 : nfc_by_units(c, r);
  if (f.places == 0)
    return 0;
  size_t i = f.bad;
  uint32_t cp = nl_utf8__next_inline(r->text, r->len, &i), *kept = NULL;
  if (f.letter >= 0 && f.places <= NL_CHK_NFC_PLACES) {
    kept = &m->letter_args[f.letter][f.places - 1];
    if (*kept)
      return nl_chk__emit_kept(c, "not-nfc", r, f.bad, (long)cp, *kept - 1,
                               f.places > 1 ? NFC_MANY_FMT : NFC_ONE_FMT);
  }
  if (f.n < 0 && units_of((const unsigned char *)r->text, f.seg, f.end, f.u,
                          &f.n))
    return nfc_by_units(c, r);
  return report_nfc(c, r, f.u, f.n, f.bad, cp, f.places, kept);
}
