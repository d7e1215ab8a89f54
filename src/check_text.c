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

#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include "check_internal.h"
#include "error.h"
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
    return nl_chk__emit(c, "noncharacter", r, at, (long)cp,
                        "noncharacter U+%04X: reserved for a program's "
                        "internal use, never for interchange",
                        (unsigned)cp);
  if (private_use(cp))
    return nl_chk__emit(c, "private-use", r, at, (long)cp,
                        "private-use character U+%04X: it shows as "
                        "whatever a reader's font puts there",
                        (unsigned)cp);
  if (cp == 0xFEFF && !(r->first && at == 0))
    return nl_chk__emit(c, "bom-not-at-start", r, at, (long)cp,
                        "ZERO WIDTH NO-BREAK SPACE (U+FEFF) inside the text: "
                        "a byte order mark left by joining files");
  return 0;
}

/* Lead bytes of the characters char_at() can object to: C1 controls
 * (C2), private use (EE, EF, F3, F4), U+FDD0.., U+FEFF, U+FFFE (EF) and
 * the noncharacters of the supplementary planes (F0..F4). */
static int suspect_lead(unsigned char b) {
  return b == 0xC2 || b >= 0xEE;
}

int nl_chk__chars(nl_check_ctx *c, const nl_run *r) {
  const char *s = r->text;
  for (size_t i = 0; i < r->len;) {
    unsigned char b = (unsigned char)s[i];
    if ((b >= 0x20 && b < 0x7F) || b == '\t' || b == '\n' || b == '\r') {
      i++;
      continue;
    }
    if (b >= 0x80 && !suspect_lead(b)) {
      i += b < 0xE0 ? 2 : 3; /* valid UTF-8: C3..DF two bytes, E0..ED three */
      continue;
    }
    size_t at = i;
    uint32_t cp = nl_utf8__next(s, r->len, &i);
    int rc = char_at(c, r, at, cp);
    if (rc < 0)
      return rc;
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
 * message. */
static void nfc_of_memo(nl_chk_nfc_memo *m, const UChar *u, int32_t n,
                        char *want) {
  if (n > NL_CHK_NFC_UNITS || m == NULL) {
    nfc_of(u, n, want);
    return;
  }
  size_t slot = memo_slot(u, n), len;
  if (m->w[slot].n == n && same_units(m->w[slot].u, u, n)) {
    memcpy(want, m->w[slot].want, strlen(m->w[slot].want) + 1);
    return;
  }
  nfc_of(u, n, want);
  if ((len = strlen(want)) < sizeof(m->w[slot].want)) {
    memcpy(m->w[slot].u, u, (size_t)n * sizeof(UChar));
    m->w[slot].n = (uint8_t)n;
    memcpy(m->w[slot].want, want, len + 1);
  }
}

static int report_nfc(nl_check_ctx *c, const nl_run *r, const UChar *u,
                      int32_t seg, int32_t seg_end, int32_t bad,
                      size_t places) {
  char want[256];
  nfc_of_memo(nl_chk__nfc_memo(c), u + seg, seg_end - seg, want);
  uint32_t cp = u[bad];
  if (U16_IS_LEAD(u[bad]) && bad + 1 < seg_end)
    cp = (uint32_t)U16_GET_SUPPLEMENTARY(u[bad], u[bad + 1]);
  size_t at = nl_chk__utf8_offset(r->text, r->len, bad);
  if (places > 1)
    return nl_chk__emit(c, "not-nfc", r, at, (long)cp,
                        "not NFC from %s: NFC writes \"%s\" (%zu places in "
                        "this paragraph)",
                        NL_CHK_NAME, want, places);
  return nl_chk__emit(c, "not-nfc", r, at, (long)cp,
                      "not NFC from %s: NFC writes \"%s\"", NL_CHK_NAME, want);
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
    m->cls[cp] = cls_of(nfc, (UChar32)cp);
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
  unsigned blk = (unsigned)c >> 7;
  if (!((m->bb_known[blk >> 3] >> (blk & 7)) & 1))
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

int nl_chk__nfc(nl_check_ctx *c, const nl_run *r) {
  if (!nl_chk__enabled(c, "not-nfc") || nl_utf8__is_ascii(r->text, r->len))
    return 0;
  UChar stack[512], *u = stack;
  if (r->len > sizeof(stack) / sizeof(stack[0]) &&
      (u = malloc(r->len * sizeof(UChar))) == NULL)
    return nl_error__nomem(NULL);
  int32_t n = (int32_t)nl_utf8__to_utf16(r->text, r->len, u);
  nl_chk_nfc_found f;
  nl_chk__nfc_scan(nl_chk__nfc_memo(c), u, n, &f);
  size_t places = f.places;
  int32_t first_seg = f.seg, first_end = f.end, first_bad = f.bad;
  int rc = 0;
  if (places)
    rc = report_nfc(c, r, u, first_seg, first_end, first_bad, places);
  if (u != stack)
    free(u);
  return rc;
}
