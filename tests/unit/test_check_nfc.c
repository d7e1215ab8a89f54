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
 * kept from one string to the next and without it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include "check_internal.h"
#include "harness.h"

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
    while (seg > pos && !unorm2_hasBoundaryBefore(nfc, u[seg]))
      seg--;
    while (end < n && !unorm2_hasBoundaryBefore(nfc, u[end]))
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
  for (uint32_t c = 1; c < 0x10000 && fails < 20; c++) {
    if (c >= 0xD800 && c <= 0xDFFF)
      continue;
    UChar a[] = {'x', (UChar)c, 0x0301, 'y'};
    UChar b[] = {(UChar)c, 0x0323, 0x0302, 'e', 0x0302, 0x0301};
    UChar d[] = {'a', 'e', 0x0301, (UChar)c, 0x031B, 'o'};
    fails += differs(m, a, 4) + differs(NULL, b, 6) + differs(m, d, 6);
  }
  NL_CHECK_INT(fails, 0);
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
};

static void test_nfc__random_strings(void) {
  nl_chk_nfc_memo *m = calloc(1, sizeof(*m));
  uint32_t rng = 11;
  int fails = 0;
  size_t np = sizeof(pool) / sizeof(pool[0]);
  for (int k = 0; k < 300000 && fails < 20; k++) {
    UChar u[24];
    rng = rng * 1103515245u + 12345u;
    int32_t n = 1 + (int32_t)((rng >> 8) % 23);
    for (int32_t i = 0; i < n; i++) {
      rng = rng * 1103515245u + 12345u;
      u[i] = pool[(rng >> 8) % np];
    }
    fails += differs(k % 3 ? m : NULL, u, n);
  }
  NL_CHECK_INT(fails, 0);
  free(m);
}

static const nl_test tests[] = {
    NL_TEST(test_nfc__plain_below_0300),
    NL_TEST(test_nfc__every_bmp_code_point),
    NL_TEST(test_nfc__random_strings),
};

NL_TEST_MAIN(tests)
