/*
 * test_check_nfc.c - the not-nfc check's scan is the scan that asks ICU
 * at every step.
 *
 * check_text.c steps over code units below U+0300 without ICU, starts
 * ICU's quick check one unit before the next other one, and keeps the
 * verdicts on letter-and-marks stretches in a memo. The oracle is the
 * plain scan (unorm2_spanQuickCheckYes from where the last stretch
 * ended, unorm2_hasBoundaryBefore at every unit, unorm2_isNormalized on
 * every stretch): the same stretches, first stretch and stop, on every
 * BMP code point in three settings and on random strings of letters,
 * marks of every kind, jamo, and characters NFC replaces, with the memo
 * kept from one string to the next and without it. The stretch
 * decision from the memo's table of classes (nl_chk__nfc_by_table, the
 * count after the first place) is held to unorm2_isNormalized over
 * every (starter, mark) pair of Latin, Greek, Cyrillic, Arabic,
 * Devanagari and Hangul with the marks and jamo that follow them, and
 * over a starter and two marks, and over random stretches of a starter
 * and up to five marks of the pool. The scan on the UTF-8
 * (nl_chk__nfc_scan8: ICU's quick-check stop reproduced from the table,
 * each letter's stretch remembered by its bytes) is held to the scan
 * over units wherever it decides, on the same strings and on every
 * letter below U+0300 before every mark, and on random Vietnamese.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include "check_internal.h"
#include "harness.h"

/* ICU's boundary before the code point at u[k]: none inside a pair. */
static int boundary_at(const UNormalizer2 *nfc, const UChar *u, int32_t k,
                       int32_t n) {
  UChar32 c = u[k];
  if (U16_IS_TRAIL(u[k]) && k > 0 && U16_IS_LEAD(u[k - 1]))
    return 0;
  if (U16_IS_LEAD(u[k]) && k + 1 < n && U16_IS_TRAIL(u[k + 1]))
    c = U16_GET_SUPPLEMENTARY(u[k], u[k + 1]);
  return unorm2_hasBoundaryBefore(nfc, c);
}

static void plain_scan(const UChar *u, int32_t n, nl_chk_nfc_found *out) {
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  int32_t pos = 0;
  memset(out, 0, sizeof(*out));
  out->seg = -1;
  while (U_SUCCESS(ec) && pos < n) {
    int32_t span = unorm2_spanQuickCheckYes(nfc, u + pos, n - pos, &ec);
    if (U_FAILURE(ec) || pos + span >= n)
      break;
    int32_t bad = pos + span, seg = bad, end = bad + 1;
    while (seg > pos && !boundary_at(nfc, u, seg, n))
      seg--;
    while (end < n && !boundary_at(nfc, u, end, n))
      end++;
    if (!unorm2_isNormalized(nfc, u + seg, end - seg, &ec) &&
        U_SUCCESS(ec) && out->places++ == 0) {
      out->seg = seg;
      out->end = end;
      out->bad = bad;
    }
    pos = end;
  }
}

static int differs(nl_chk_nfc_memo *m, const UChar *u, int32_t n) {
  nl_chk_nfc_found want, got;
  plain_scan(u, n, &want);
  nl_chk__nfc_scan(m, u, n, &got);
  if (want.places == got.places && want.seg == got.seg &&
      (want.places == 0 || (want.end == got.end && want.bad == got.bad)))
    return 0;
  NL_FAIL("U+%04X U+%04X U+%04X... (%d units): %zu places from %d (stop %d) "
          "where ICU says %zu from %d (stop %d)",
          u[0], n > 1 ? u[1] : 0, n > 2 ? u[2] : 0, n, got.places, got.seg,
          got.bad, want.places, want.seg, want.bad);
  return 1;
}

/* The oracle we did not write: ICU's verdict on the whole string. A
 * scan that finds no place in a string ICU calls not NFC misses text
 * (it did for every character of the supplementary planes, judged as
 * a lone lead surrogate). */
static int whole_differs(nl_chk_nfc_memo *m, const UChar *u, int32_t n) {
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  int ok = unorm2_isNormalized(nfc, u, n, &ec);
  nl_chk_nfc_found got;
  nl_chk__nfc_scan(m, u, n, &got);
  if (U_SUCCESS(ec) && ok == (got.places == 0))
    return 0;
  NL_FAIL("U+%04X U+%04X U+%04X... (%d units): %zu places where ICU says "
          "the whole %s NFC",
          u[0], n > 1 ? u[1] : 0, n > 2 ? u[2] : 0, n, got.places,
          ok ? "is" : "is not");
  return 1;
}

/* The UTF-8 of u[0..n) into s (4 bytes a unit at most), and each unit's
 * byte offset into at[0..n] (a pair's trail: its lead's). */
static size_t to_utf8(const UChar *u, int32_t n, char *s, size_t *at) {
  size_t w = 0;
  for (int32_t k = 0; k < n; k++) {
    UChar32 c = u[k];
    at[k] = w;
    if (U16_IS_LEAD(u[k]) && k + 1 < n && U16_IS_TRAIL(u[k + 1])) {
      c = U16_GET_SUPPLEMENTARY(u[k], u[k + 1]);
      at[++k] = w;
    }
    if (U16_IS_SURROGATE(c))
      c = 0xFFFD; /* a lone half: not in a run's text */
    if (c < 0x80) {
      s[w++] = (char)c;
    } else if (c < 0x800) {
      s[w++] = (char)(0xC0 | c >> 6);
      s[w++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      s[w++] = (char)(0xE0 | c >> 12);
      s[w++] = (char)(0x80 | (c >> 6 & 0x3F));
      s[w++] = (char)(0x80 | (c & 0x3F));
    } else {
      s[w++] = (char)(0xF0 | c >> 18);
      s[w++] = (char)(0x80 | (c >> 12 & 0x3F));
      s[w++] = (char)(0x80 | (c >> 6 & 0x3F));
      s[w++] = (char)(0x80 | (c & 0x3F));
    }
  }
  at[n] = w;
  return w;
}

/* The scan on the UTF-8 (nl_chk__nfc_scan8), where it decides, against
 * the scan over units: the same count, and the first stretch and stop
 * at the same characters with the same units. Counts the decisions. */
static int differs8(nl_chk_nfc_memo *m, const UChar *u0, int32_t n,
                    long *decided) {
  UChar u[128];
  char s[512];
  size_t at[129];
  for (int32_t k = 0; k < n; k++) /* as a run's text holds them */
    u[k] = U16_IS_SURROGATE(u0[k]) &&
                   !(U16_IS_LEAD(u0[k]) && k + 1 < n &&
                     U16_IS_TRAIL(u0[k + 1])) &&
                   !(U16_IS_TRAIL(u0[k]) && k > 0 && U16_IS_LEAD(u0[k - 1]))
               ? 0xFFFD
               : u0[k];
  size_t len = to_utf8(u, n, s, at);
  nl_chk_nfc_found want;
  nl_chk_nfc_found8 got;
  nl_chk__nfc_scan(m, u, n, &want);
  if (nl_chk__nfc_scan8(m, s, len, &got))
    return 0;
  ++*decided;
  if (got.places == want.places &&
      (want.places == 0 ||
       (got.seg == at[want.seg] && got.end == at[want.end] &&
        got.bad == at[want.bad] && got.n == want.end - want.seg &&
        memcmp(got.u, u + want.seg, (size_t)got.n * sizeof(UChar)) == 0)))
    return 0;
  NL_FAIL("U+%04X U+%04X U+%04X U+%04X... (%d units): on the UTF-8 %zu "
          "places, bytes %zu..%zu (stop %zu); over units %zu, bytes %zu..%zu "
          "(stop %zu)",
          u[0], n > 1 ? u[1] : 0, n > 2 ? u[2] : 0, n > 3 ? u[3] : 0, n,
          got.places, got.seg, got.end, got.bad, want.places,
          want.places ? at[want.seg] : 0, want.places ? at[want.end] : 0,
          want.places ? at[want.bad] : 0);
  return 1;
}

static size_t put_cp(UChar *u, size_t n, UChar32 c) {
  if (c > 0xFFFF) {
    u[n++] = U16_LEAD(c);
    u[n++] = U16_TRAIL(c);
  } else {
    u[n++] = (UChar)c;
  }
  return n;
}

static void test_nfc__every_supplementary_code_point(void) {
  nl_chk_nfc_memo *m = calloc(1, sizeof(*m));
  int fails = 0;
  long decided = 0;
  for (UChar32 c = 0x10000; c < 0x110000 && fails < 20; c++) {
    if (c == 0x40000)
      c = 0xE0000; /* planes 4-13 are unassigned */
    UChar a[8], b[8];
    size_t na = put_cp(a, 0, 'x');
    na = put_cp(a, na, c);
    na = put_cp(a, na, 'y');
    size_t nb = put_cp(b, 0, 'e');
    nb = put_cp(b, nb, c);
    nb = put_cp(b, nb, 0x0301);
    fails += whole_differs(m, a, (int32_t)na) +
             whole_differs(NULL, b, (int32_t)nb) +
             differs(m, a, (int32_t)na) + differs(m, b, (int32_t)nb) +
             differs8(m, a, (int32_t)na, &decided) +
             differs8(m, b, (int32_t)nb, &decided);
  }
  NL_CHECK_INT(fails, 0);
  free(m);
}

static void test_nfc__plain_below_0300(void) {
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  int bad = 0;
  for (UChar32 c = 0; c < 0x300; c++)
    bad += !unorm2_hasBoundaryBefore(nfc, c) ||
           unorm2_getCombiningClass(nfc, c) != 0 ||
           u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) != UNORM_YES;
  NL_CHECK_INT(bad, 0);
}

static void test_nfc__every_bmp_code_point(void) {
  nl_chk_nfc_memo *m = calloc(1, sizeof(*m));
  int fails = 0;
  long decided = 0;
  for (uint32_t c = 1; c < 0x10000 && fails < 20; c++) {
    if (c >= 0xD800 && c <= 0xDFFF)
      continue;
    UChar a[] = {'x', (UChar)c, 0x0301, 'y'};
    UChar b[] = {(UChar)c, 0x0323, 0x0302, 'e', 0x0302, 0x0301};
    UChar d[] = {'a', 'e', 0x0301, (UChar)c, 0x031B, 'o'};
    UChar e[] = {'o', (UChar)c, 'e', 0x0302, 'u', 0x031B};
    fails += differs(m, a, 4) + differs(NULL, b, 6) + differs(m, d, 6) +
             differs8(m, a, 4, &decided) + differs8(m, b, 6, &decided) +
             differs8(m, d, 6, &decided) + differs8(m, e, 6, &decided);
  }
  NL_CHECK_INT(fails, 0);
  NL_CHECK(decided > 200000); /* the UTF-8 scan decides most of them */
  free(m);
}

static const UChar pool[] = {
  'a', 'e', 'o', 'u', 'A', ' ', '.', '1', 0x00E9, 0x00EA, 0x01B0, 0x01A1,
  0x00A8, 0x0300, 0x0301, 0x0302, 0x0303, 0x0309, 0x031B, 0x0323, 0x0327,
  0x0334, 0x0340, 0x0341, 0x0344, 0x0345, 0x0374, 0x0387, 0x0391, 0x03B9,
  0x0627, 0x0653, 0x0654, 0x0655, 0x064B, 0x05B4, 0x05D0, 0x0958, 0x093C,
  0x09BE, 0x09C7, 0x0B47, 0x0B3E, 0x0F71, 0x0F72, 0x0F73, 0x1100, 0x1161,
  0x11A8, 0xAC00, 0xAC01, 0x304B, 0x3099, 0x309A, 0x212B, 0x1E00, 0x1EC7,
  0xD834, 0xDD5E, 0x0CBF, 0x0CD5, 0x0DD9, 0x0DCA, 0x1B05, 0x1B35, 0xFB1D,
  0x2126, 0x0340, 0x0F40, 0x0FB5, 0x115F, 0x1160, 0x200C, 0x034F, 0xFE20,
  0xD834, 0xDD65, 0x0301, 0x0323,
};

/* The next of a fixed-seed sequence, below `below`. */
static uint32_t next_below(uint32_t *rng, uint32_t below) {
  *rng = *rng * 1103515245u + 12345u;
  return (*rng >> 8) % below;
}

/* Random strings of whole code points (pairs never split) of the BMP
 * pool and of the planes' characters NFC changes or composes: ICU's
 * verdict on the whole. */
static void test_nfc__random_whole_strings(void) {
  static const UChar32 extra[] = {0x1D15E, 0x1D157, 0x1D165, 0x1D16E,
                                  0x2F800, 0x2FA1D, 0x11099, 0x110BA,
                                  0x1109A, 0x11131, 0x11127, 0x1112E,
                                  0x1D1BB, 0x1F600, 0x20000, 0x16FF0};
  nl_chk_nfc_memo *m = calloc(1, sizeof(*m));
  uint32_t rng = 29;
  int fails = 0;
  long decided = 0;
  size_t np = sizeof(pool) / sizeof(pool[0]);
  size_t nx = sizeof(extra) / sizeof(extra[0]);
  for (int k = 0; k < 200000 && fails < 20; k++) {
    UChar u[64];
    size_t n = 0;
    int32_t len = 1 + (int32_t)next_below(&rng, 20);
    for (int32_t i = 0; i < len; i++) {
      UChar32 c = next_below(&rng, 4) == 0
                      ? extra[next_below(&rng, (uint32_t)nx)]
                      : pool[next_below(&rng, (uint32_t)np)];
      if (U16_IS_SURROGATE(c))
        c = 0x0301;
      n = put_cp(u, n, c);
    }
    fails += whole_differs(k % 2 ? m : NULL, u, (int32_t)n) +
             differs8(m, u, (int32_t)n, &decided);
  }
  NL_CHECK(decided > 20000);
  NL_CHECK_INT(fails, 0);
  free(m);
}

static void test_nfc__random_strings(void) {
  nl_chk_nfc_memo *m = calloc(1, sizeof(*m));
  uint32_t rng = 11;
  int fails = 0;
  long decided = 0;
  size_t np = sizeof(pool) / sizeof(pool[0]);
  for (int k = 0; k < 300000 && fails < 20; k++) {
    UChar u[24];
    int32_t n = 1 + (int32_t)next_below(&rng, 23);
    for (int32_t i = 0; i < n; i++)
      u[i] = pool[next_below(&rng, (uint32_t)np)];
    fails += differs(k % 3 ? m : NULL, u, n) + differs8(m, u, n, &decided);
  }
  NL_CHECK_INT(fails, 0);
  NL_CHECK(decided > 100000);
  free(m);
}

/* A supplementary mark (U+1D165, class 216) out of order after the first
 * place: the count's BMP shortcut must leave it to the scan. */
static void test_nfc__supplementary_mark_after_first_place(void) {
  nl_chk_nfc_memo *m = calloc(1, sizeof(*m));
  static const UChar s1[] = {'e', 0x0301, ' ', '1', 0x0301, 0xD834, 0xDD65};
  static const UChar s2[] = {'e', 0x0301, '1', 0xD834, 0xDD65, 0x0301, 'a'};
  static const UChar s3[] = {'u', 0x0309, 0x0301, 0xD834, 0xDD65, 'o', 0x0302};
  static const UChar s4[] = {'a', 0x0300, 0xD834, 0xDD65, 0x0334, 0x0323};
  long decided = 0;
  int fails = differs(m, s1, 7) + differs(m, s2, 7) + differs(m, s3, 7) +
              differs(m, s4, 6) + differs(NULL, s1, 7) + differs(NULL, s3, 7) +
              differs8(m, s1, 7, &decided) + differs8(m, s2, 7, &decided) +
              differs8(m, s3, 7, &decided) + differs8(m, s4, 6, &decided);
  NL_CHECK_INT(fails, 0);
  free(m);
}

/* Every code point below U+0300 before every mark of U+0300..036F and
 * the other marks and jamo that follow letters, first in the paragraph
 * or after a place (the quick check's stop: the character before the
 * mark unless a boundary lies after it), and a second such stretch. */
static void test_nfc__utf8_every_letter_and_mark(void) {
  static const UChar32 more[][2] = {
      {0x0300, 0x036F}, {0x0483, 0x0487}, {0x064B, 0x065F}, {0x093C, 0x094D},
      {0x0F71, 0x0F84}, {0x1161, 0x1175}, {0x11A8, 0x11C2}, {0x1DC0, 0x1DFF},
      {0x20D0, 0x20F0}, {0x3099, 0x309A}, {0xFE20, 0xFE2F},
  };
  nl_chk_nfc_memo *m = calloc(1, sizeof(*m));
  long decided = 0;
  int fails = 0;
  for (UChar32 p = 0x20; p < 0x300 && fails < 20; p++)
    for (size_t j = 0; j < sizeof(more) / sizeof(more[0]); j++)
      for (UChar32 k = more[j][0]; k <= more[j][1]; k++) {
        UChar a[] = {(UChar)p, (UChar)k, ' ', (UChar)p, (UChar)k, 0x0323};
        UChar b[] = {'e', 0x0301, (UChar)p, (UChar)k, 'a', (UChar)k};
        UChar d[] = {(UChar)k, (UChar)p, 0x0300, (UChar)p, 0x0334, (UChar)k};
        fails += differs8(m, a, 6, &decided) + differs8(m, b, 6, &decided) +
                 differs8(m, d, 6, &decided) + differs(m, a, 6);
      }
  NL_CHECK_INT(fails, 0);
  NL_CHECK(decided > 150000);
  free(m);
}

/* Vietnamese as NFD and NFC write it, mixed, with what else a paragraph
 * holds (other marks, a character NFC replaces, jamo, one beyond the
 * BMP now and then): the scan on the UTF-8 against the scan over units. */
static void test_nfc__utf8_random_vietnamese(void) {
  static const UChar viet[] = {
      'a', 'e', 'o', 'u', 'i', 'y', 'A', 'E', 'O', 'n', 'g', 'h', 't', ' ',
      ' ', '.', '7', 0x0111, 0x0110, 0x00E2, 0x00EA, 0x00F4, 0x0103, 0x01A1,
      0x01B0, 0x00E0, 0x00E1, 0x1EA1, 0x1EC7, 0x1EBF, 0x1EDD, 0x1EEB,
      0x0300, 0x0301, 0x0303, 0x0309, 0x0323, 0x0302, 0x0306, 0x031B,
      0x0300, 0x0301, 0x0323, 0x0302, 0x0340, 0x0341, 0x0344, 0x0334,
      0x0345, 0x05B4, 0x0654, 0x1161, 0x11A8, 0x1100, 0x0958, 0x212B,
      0x200C, 0x0627, 0xAC00, 0x0F73, 0x0F72, 0x0F71};
  nl_chk_nfc_memo *m = calloc(1, sizeof(*m)), *fresh = calloc(1, sizeof(*m));
  uint32_t rng = 5;
  long decided = 0;
  int fails = 0;
  const uint32_t nv = (uint32_t)(sizeof(viet) / sizeof(viet[0]));
  for (int k = 0; k < 300000 && fails < 20; k++) {
    UChar u[80];
    size_t n = 0;
    int32_t len = 1 + (int32_t)next_below(&rng, 60);
    for (int32_t i = 0; i < len; i++) {
      uint32_t r = next_below(&rng, 400);
      UChar32 c = r == 0 ? 0x1D15E : r == 1 ? 0x1D165 : viet[r % nv];
      n = put_cp(u, n, c);
    }
    if (k % 97 == 0) /* the table filled anew, as a checker starts */
      memset(fresh, 0, sizeof(*fresh));
    fails += differs8(fresh, u, (int32_t)n, &decided) +
             differs8(m, u, (int32_t)n, &decided);
  }
  NL_CHECK_INT(fails, 0);
  NL_CHECK(decided > 300000);
  free(fresh);
  free(m);
}

/* The table's verdict on u[0..n), where it gives one, against ICU's;
 * counts the verdicts given. */
static int table_differs(nl_chk_nfc_memo *m, const UChar *u, int32_t n,
                         long *decided) {
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  int got = nl_chk__nfc_by_table(m, u, n);
  if (got < 0)
    return 0;
  ++*decided;
  int want = unorm2_isNormalized(nfc, u, n, &ec) != 0;
  if (got == want)
    return 0;
  NL_FAIL("U+%04X U+%04X U+%04X (%d units): the table says %d, ICU %d", u[0],
          u[1], n > 2 ? u[2] : 0, n, got, want);
  return 1;
}

/* The code points a stretch of the scripts that matter starts with. */
static const UChar32 starters[][2] = {
    {0x0020, 0x024F}, {0x0370, 0x03FF}, {0x0400, 0x04FF}, {0x0600, 0x06FF},
    {0x0900, 0x097F}, {0x1100, 0x11FF}, {0x1E00, 0x1FFF}, {0x2120, 0x212F},
    {0xAC00, 0xD7A3},
};
/* ... and the marks (and jamo) that follow them. */
static const UChar32 marks[][2] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0670, 0x0670}, {0x06D6, 0x06ED}, {0x093C, 0x093C}, {0x0941, 0x094D},
    {0x0951, 0x0957}, {0x0962, 0x0963}, {0x1161, 0x1175}, {0x11A8, 0x11C2},
    {0x1AB0, 0x1ABE}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20F0},
};

/* Every (starter, mark) pair of those ranges: the verdict the table
 * gives is ICU's. */
static void test_nfc__table_every_pair(void) {
  nl_chk_nfc_memo *m = calloc(1, sizeof(*m));
  long decided = 0, pairs = 0;
  int fails = 0;
  for (size_t i = 0; i < sizeof(starters) / sizeof(starters[0]); i++)
    for (UChar32 s = starters[i][0]; s <= starters[i][1]; s++)
      for (size_t j = 0; j < sizeof(marks) / sizeof(marks[0]); j++) {
        /* Hangul syllables with the jamo and U+0300..036F only */
        if (s >= 0xAC00 && j > 0 && marks[j][0] < 0x1100)
          continue;
        for (UChar32 k = marks[j][0]; k <= marks[j][1] && fails < 20; k++) {
          UChar u[2] = {(UChar)s, (UChar)k};
          fails += table_differs(m, u, 2, &decided);
          pairs++;
        }
      }
  NL_CHECK_INT(fails, 0);
  NL_CHECK(decided > pairs / 2);
  free(m);
}

/* Two marks after a starter: out of canonical order, blocked by one of
 * the same class, one composing past one that does not. */
static void test_nfc__table_two_marks(void) {
  static const UChar two[] = {0x0300, 0x0301, 0x0302, 0x0303, 0x0306, 0x0308,
                              0x0309, 0x030A, 0x030C, 0x031B, 0x0323, 0x0327,
                              0x0328, 0x0331, 0x0334, 0x0338, 0x0342, 0x0345,
                              0x05B4, 0x064E, 0x0651, 0x0654, 0x093C, 0x094D};
  nl_chk_nfc_memo *m = calloc(1, sizeof(*m));
  long decided = 0;
  int fails = 0;
  size_t nt = sizeof(two) / sizeof(two[0]);
  for (UChar32 s = 0x20; s <= 0x1FFF && fails < 20; s++) {
    if ((s > 0x24F && s < 0x370) || (s > 0x4FF && s < 0x600) ||
        (s > 0x97F && s < 0x1E00))
      continue;
    for (size_t a = 0; a < nt; a++)
      for (size_t b = 0; b < nt; b++) {
        UChar u[3] = {(UChar)s, two[a], two[b]};
        fails += table_differs(m, u, 3, &decided);
      }
  }
  NL_CHECK_INT(fails, 0);
  NL_CHECK(decided > 100000);
  free(m);
}

/* A starter of the pool and one to five of its marks and jamo (the
 * pool from U+0300 on), in any order; its length. */
static int32_t random_stretch(uint32_t *rng, UChar *u) {
  const uint32_t np = (uint32_t)(sizeof(pool) / sizeof(pool[0]));
  int32_t n = 2 + (int32_t)next_below(rng, 5);
  u[0] = pool[next_below(rng, np)];
  for (int32_t i = 1; i < n; i++)
    u[i] = pool[13 + next_below(rng, np - 13)];
  return n;
}

/* Random stretches: the table's verdicts are ICU's. */
static void test_nfc__table_random_stretches(void) {
  nl_chk_nfc_memo *m = calloc(1, sizeof(*m));
  long decided = 0;
  int fails = 0;
  for (uint32_t rng = 29, k = 0; k < 250000 && fails < 20; k++) {
    UChar u[6];
    fails += table_differs(m, u, random_stretch(&rng, u), &decided);
  }
  NL_CHECK_INT(fails, 0);
  NL_CHECK(decided > 20000);
  free(m);
}

static const nl_test tests[] = {
    NL_TEST(test_nfc__every_supplementary_code_point),
    NL_TEST(test_nfc__random_whole_strings),
    NL_TEST(test_nfc__plain_below_0300),
    NL_TEST(test_nfc__every_bmp_code_point),
    NL_TEST(test_nfc__random_strings),
    NL_TEST(test_nfc__supplementary_mark_after_first_place),
    NL_TEST(test_nfc__utf8_every_letter_and_mark),
    NL_TEST(test_nfc__utf8_random_vietnamese),
    NL_TEST(test_nfc__table_every_pair),
    NL_TEST(test_nfc__table_two_marks),
    NL_TEST(test_nfc__table_random_stretches),
};

NL_TEST_MAIN(tests)
