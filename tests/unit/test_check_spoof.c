/*
 * test_check_spoof.c - the word checks' restriction level is uspoof's.
 *
 * check_script.c decides whether a mixed word is above UTS #39's highly
 * restrictive level from the characters' augmented script sets itself
 * instead of calling uspoof_checkUTF8. The oracle is ICU's uspoof with
 * the checker's own settings: every code point of the BMP and every
 * assigned one above it, alone and beside letters of Latin, Cyrillic,
 * Han, Katakana, Hangul and Arabic; then random words drawn from
 * characters whose Script_Extensions hold several scripts, Common and
 * Inherited ones, and letters of the scripts that UTS #39 combines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include "check_internal.h"
#include "harness.h"
#include "util/buf.h"
#include "util/utf8.h"

static USpoofChecker *open_spoof(void) {
  UErrorCode ec = U_ZERO_ERROR;
  USpoofChecker *sp = uspoof_open(&ec);
  uspoof_setChecks(sp, USPOOF_RESTRICTION_LEVEL, &ec);
  uspoof_setRestrictionLevel(sp, USPOOF_HIGHLY_RESTRICTIVE);
  NL_CHECK(U_SUCCESS(ec));
  return sp;
}

/* The checker's memo of augmented script sets, shared by every word
 * the tests judge: its 256 slots are taken again and again by code
 * points of other sets, so a slot kept for the wrong one is seen. */
static nl_chk_scripts *memo;

/* 0 when ours agrees with uspoof on the code points w[0..n), with the
 * memo and without. */
static int disagrees(USpoofChecker *sp, const uint32_t *w, size_t n) {
  char s[64];
  size_t len = 0;
  for (size_t i = 0; i < n; i++)
    len += nl_utf8__encode(w[i], s + len);
  UErrorCode ec = U_ZERO_ERROR;
  int32_t res = uspoof_checkUTF8(sp, s, (int32_t)len, NULL, &ec);
  int want = U_SUCCESS(ec) && (res & USPOOF_RESTRICTION_LEVEL) != 0;
  int got = nl_chk__beyond_highly_restrictive(s, len);
  int kept = nl_chk__beyond_memo(memo, s, len);
  if (kept != got) {
    NL_FAIL("U+%04X... (%zu code points): %d with the memo, %d without",
            w[0], n, kept, got);
    return 1;
  }
  if (got < 0 || got == want)
    return 0; /* -1: the checker asks uspoof itself */
  NL_FAIL("U+%04X... (%zu code points): ours %d, uspoof %d", w[0], n, got,
          want);
  return 1;
}

static const uint32_t partners[] = {'a', 0x0430, 0x4E2D, 0x30A2, 0xAC00,
                                    0x0628, 0x3105, 0x03B1};

static void test_spoof__every_code_point(void) {
  USpoofChecker *sp = open_spoof();
  memo = nl_chk__scripts_new();
  NL_CHECK(memo != NULL);
  size_t fails = 0, np = sizeof(partners) / sizeof(partners[0]);
  for (uint32_t cp = 1; cp < 0x110000 && fails < 20; cp++) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) ||
        (cp > 0xFFFF && u_charType((UChar32)cp) == U_UNASSIGNED &&
         cp % 97 != 0))
      continue;
    uint32_t w[3] = {cp, 0, 0};
    fails += (size_t)disagrees(sp, w, 1);
    w[1] = partners[cp % np];
    fails += (size_t)disagrees(sp, w, 2);
    w[0] = partners[(cp / 7) % np];
    w[1] = cp;
    w[2] = partners[(cp / 3) % np];
    fails += (size_t)disagrees(sp, w, 3);
  }
  NL_CHECK_INT(fails, 0);
  nl_chk__scripts_free(memo);
  memo = NULL;
  uspoof_close(sp);
}

/* Characters whose Script_Extensions hold several scripts, Common and
 * Inherited ones, digits, and letters of the scripts UTS #39 combines
 * (Latin with Han and kana or Hangul or Bopomofo). */
static const uint32_t pool[] = {
  'a', 'Z', '1', ' ', '-', 0x00E9, 0x0430, 0x043E, 0x0483, 0x03B1, 0x03BF,
  0x13A0, 0x0628, 0x0640, 0x060C, 0x064B, 0x0670, 0x06F1, 0x0660, 0x0964,
  0x0915, 0x0951, 0x0980, 0x0A85, 0x4E2D, 0x3005, 0x3001, 0x30FC, 0x3042,
  0x30A2, 0xFF71, 0xAC00, 0x1100, 0x3105, 0x02EA, 0x0301, 0x0300, 0x1CD0,
  0x10FB, 0x0589, 0x0531, 0x05D0, 0x0710, 0x1D00, 0xA9CF, 0x1000, 0x0E01,
  0x20F0, 0xFE0F, 0x200C, 0x200D, 0x1F600, 0x20000, 0x0363, 0x2E43,
  0x1735, 0x1100, 0x302A, 0x3031, 0x31C0, 0x0B80, 0x0BE6, 0x11301, 0x1DF9,
};

static void test_spoof__random_words(void) {
  USpoofChecker *sp = open_spoof();
  memo = nl_chk__scripts_new();
  NL_CHECK(memo != NULL);
  uint32_t rng = 7, w[8];
  size_t fails = 0, np = sizeof(pool) / sizeof(pool[0]);
  for (int k = 0; k < 200000 && fails < 20; k++) {
    size_t n = 1;
    rng = rng * 1103515245u + 12345u;
    n += (rng >> 8) % 7;
    for (size_t i = 0; i < n; i++) {
      rng = rng * 1103515245u + 12345u;
      w[i] = pool[(rng >> 8) % np];
    }
    fails += (size_t)disagrees(sp, w, n);
  }
  NL_CHECK_INT(fails, 0);
  nl_chk__scripts_free(memo);
  memo = NULL;
  uspoof_close(sp);
}

/* The word checks step over the two-byte characters that cannot be
 * invisible without a look-up: every one the invisible checks could
 * report (a special space, default-ignorable, format) must be kept. */
static void test_two_byte_invisibles(void) {
  long wrong = 0;
  for (uint32_t cp = 0x80; cp < 0x800; cp++) {
    int8_t t = (int8_t)u_charType((UChar32)cp);
    int can = cp == 0xA0 || t == U_FORMAT_CHAR ||
              u_hasBinaryProperty((UChar32)cp,
                                  UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
    if (can && !nl_chk__two_byte_may_hide(cp) && wrong++ < 5)
      NL_FAIL("U+%04X can be invisible and is stepped over", (unsigned)cp);
  }
  NL_CHECK_INT(wrong, 0);
}

/* The service's foreign-script check reads a letter's letter-ness and
 * script from check_pass.c's table: ICU's u_isalpha above ASCII and
 * uscript_getScript, at every code point. */
static void test_letter_table(void) {
  nl_chk_props *t = calloc(1, nl_chk__props_size());
  NL_CHECK(t != NULL);
  long wrong = 0;
  for (uint32_t cp = 0x80; t && cp < 0x110000; cp++) {
    uint32_t e = nl_chk__prop(t, cp);
    UErrorCode ec = U_ZERO_ERROR;
    int sc = uscript_getScript((UChar32)cp, &ec);
    int alpha = u_isalpha((UChar32)cp) != 0;
    if ((((e & NL_P_ALPHA) != 0) != alpha || (int)(e >> 16) != sc) &&
        wrong++ < 5)
      NL_FAIL("U+%04X: letter %d script %d in the table, %d and %d by ICU",
              (unsigned)cp, (e & NL_P_ALPHA) != 0, (int)(e >> 16), alpha, sc);
  }
  NL_CHECK_INT(wrong, 0);
  nl_chk__props_free(t);
}


/* The text reports of data checked as language `lang`: out[0] with the
 * pass's places, out[1] walking every run as before the pass. */
static void both_reports(const nl_buf *data, const char *lang, char *out[2]) {
  nl_check_options o = NL_CHECK_OPTIONS_INIT;
  o.lang = lang;
  for (int every = 0; every < 2; every++) {
    nl_error err = NL_ERROR_INIT;
    nl_buf rep = NL_BUF_INIT;
    nl_checker *k = NULL;
    out[every] = NULL;
    if (nl_checker_new(&k, &o, &err) == 0) {
      nl_checker__every_check(k, every);
      if (nl_check_memory(k, data->ptr, data->size, "rules.txt", &err) == 0 &&
          nl_check_report(k, NL_CHECK_TEXT, &rep, &err) == 0)
        out[every] = rep.ptr ? nl_buf__detach(&rep) : calloc(1, 1);
      nl_buf_dispose(&rep);
      nl_checker_free(k);
    }
    if (out[every] == NULL)
      NL_FAIL("%s: %s", lang, err.message);
  }
}

/* Where a and b (different) start to differ: the start of that line. */
static size_t line_apart(const char *a, const char *b) {
  size_t line = 0;
  for (size_t i = 0; a[i] && a[i] == b[i]; i++)
    if (a[i] == '\n')
      line = i + 1;
  return line;
}

/* The orthography rules found from the pass's places (check_script.c's
 * index of the rules by their first two bytes, a rule with a condition
 * left to nl_lz__rule_at) against the scan that asks nl_lz__rule_at at
 * every lead: the same findings, in every service with rules above
 * ASCII (Persian, Dari, Pashto, Urdu with its rules of two letters at a
 * word's end, Sorani with heh + ZWNJ) and Uzbek's from ASCII. Random
 * words of the rules' letters, their neighbours and the characters
 * that end a word or not; fixed seed. */
static void test_rules_from_pass(void) {
  static const char *const langs[] = {"fa-IR", "fa-AF", "ps-AF", "ur-PK",
                                      "ckb-IQ", "uz-Latn-UZ"};
  static const uint32_t letters[] = {
    0x064A, 0x0643, 0x0649, 0x0647, 0x0627, 0x0648, 0x06CC, 0x06A9,
    0x0660, 0x0665, 0x0669, 0x06F1, 0x0628, 0x0645, 0x200C, 0x200D,
    0x064B, 0x06C1, 0x0626, 'o',    'g',    'O',    'G',    '\'',
    0x2018, 0x2019, 'B',    'r',    'z',    ' ',    ' ',    '.',
    '1',    0x0661};
  size_t nl = sizeof(letters) / sizeof(letters[0]);
  uint32_t rng = 11;
  long wrong = 0;
  nl_buf b = NL_BUF_INIT;
  for (size_t li = 0; li < sizeof(langs) / sizeof(langs[0]); li++) {
    for (int doc = 0; doc < 6 && wrong < 3; doc++) {
      nl_buf__clear(&b);
      for (int para = 0; para < 300; para++) {
        rng = rng * 1103515245u + 12345u;
        int n = 1 + (int)((rng >> 8) % 40);
        for (int k = 0; k < n; k++) {
          rng = rng * 1103515245u + 12345u;
          char u[4];
          size_t m = nl_utf8__encode(letters[(rng >> 8) % nl], u);
          nl_buf__put(&b, u, m);
        }
        nl_buf__putc(&b, '\n');
      }
      char *out[2];
      both_reports(&b, langs[li], out);
      char *fast = out[0], *all = out[1];
      NL_CHECK(fast && all && strstr(all, "orthography") != NULL);
      if (fast && all && strcmp(fast, all) != 0 && wrong++ < 3) {
        size_t i = line_apart(fast, all);
        NL_FAIL("%s: the rules from the pass differ:\n--- pass\n%.300s\n"
                "--- every lead\n%.300s",
                langs[li], fast + i, all + i);
      }
      free(fast);
      free(all);
    }
  }
  nl_buf_dispose(&b);
  NL_CHECK_INT(wrong, 0);
}

static const nl_test tests[] = {
    NL_TEST(test_rules_from_pass),
    NL_TEST(test_two_byte_invisibles),
    NL_TEST(test_letter_table),
    NL_TEST(test_spoof__every_code_point),
    NL_TEST(test_spoof__random_words),
};

NL_TEST_MAIN(tests)
