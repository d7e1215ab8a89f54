/*
 * test_check_pass.c - the one pass over a run never hides a finding.
 *
 * check_pass.c decides from a table of character properties which
 * checks look at a run; each check still decides for itself. So a
 * checker that lets every check look at every run must report exactly
 * the same. Judged on code points of the BMP (one in eight or so, a
 * different sample per language) and of the other planes (one in 200),
 * each in random company (letters of many scripts,
 * joiners, isolates, brackets, digits, marks), in languages that use
 * joiners and orthography rules and some that do not, as plain text
 * (every byte a character) and as XML with a language per paragraph.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>
#include <unicode/uchar.h>
#include <unicode/uset.h>

#include "check_internal.h"
#include "harness.h"
#include "util/buf.h"
#include "util/utf8.h"

static uint32_t rng = 13;

static uint32_t next_rand(void) {
  rng = rng * 1103515245u + 12345u;
  return rng >> 8;
}

/* Company: what the checks react to in context. */
static const uint32_t company[] = {
  'a', 'Z', 'o', ' ', ' ', ' ', '1', '(', ')', '"', '-', '+', '%', '.',
  0x0627, 0x0628, 0x06CC, 0x06A9, 0x064A, 0x0643, 0x06F1, 0x0661, 0x0654,
  0x0430, 0x043E, 0x03B1, 0x05D0, 0x0915, 0x094D, 0x1000, 0x1031, 0x0E01,
  0x4E2D, 0x3042, 0xAC00, 0x200C, 0x200D, 0x200B, 0x00A0, 0x2066, 0x2067,
  0x2069, 0x202B, 0x202C, 0x202E, 0x00AB, 0x00BB, 0x201C, 0x2019, 0x0301,
  0x0323, 0xFE0F, 0x1F600, 0x02BB, '\''};

static void put(nl_buf *b, uint32_t cp) {
  char u[4];
  nl_buf__put(b, u, nl_utf8__encode(cp, u));
}

static int usable(uint32_t cp) {
  return cp != 0 && cp != '\n' && cp != '\r' && !(cp >= 0xD800 && cp <= 0xDFFF);
}

/* Plain text: each code point between random neighbours, a line (a
 * run) holding one or two of them, so that one character's flags are
 * not covered by another's. */
static void text(nl_buf *b, uint32_t from, uint32_t to, uint32_t step) {
  size_t n = sizeof(company) / sizeof(company[0]), on_line = 0;
  for (uint32_t cp = from; cp < to; cp += 1 + next_rand() % step) {
    if (!usable(cp))
      continue;
    put(b, company[next_rand() % n]);
    put(b, cp);
    if (next_rand() % 3 == 0)
      put(b, company[next_rand() % n]);
    if (++on_line == 1 + next_rand() % 2) {
      nl_buf__putc(b, '\n');
      on_line = 0;
    }
  }
  nl_buf__putc(b, '\n');
}

static char *report(const char *data, size_t len, const char *lang, int every,
                    const char *name) {
  nl_check_options o = NL_CHECK_OPTIONS_INIT;
  o.lang = lang;
  nl_error err = NL_ERROR_INIT;
  nl_checker *k = NULL;
  nl_buf rep = NL_BUF_INIT;
  if (nl_checker_new(&k, &o, &err) < 0) {
    NL_FAIL("%s", err.message);
    return NULL;
  }
  nl_checker__every_check(k, every);
  if (nl_check_memory(k, data, len, name, &err) < 0)
    NL_FAIL("%s: %s", name, err.message);
  nl_check_report(k, NL_CHECK_TEXT, &rep, &err);
  nl_checker_free(k);
  return rep.ptr ? nl_buf__detach(&rep) : calloc(1, 1);
}

static void same(const nl_buf *b, const char *lang, const char *name) {
  char *fast = report(b->ptr, b->size, lang, 0, name);
  char *all = report(b->ptr, b->size, lang, 1, name);
  NL_CHECK(fast && all && strlen(all) > 0);
  if (fast && all && strcmp(fast, all) != 0) {
    size_t i = 0;
    while (fast[i] == all[i])
      i++;
    while (i > 0 && all[i - 1] != '\n')
      i--;
    NL_FAIL("%s (%s): the pass hid or added findings from:\n"
            "--- pass\n%.300s\n--- every check\n%.300s",
            name, lang ? lang : "-", fast + i, all + i);
  }
  free(fast);
  free(all);
}

static void test_every_code_point(void) {
  static const char *const langs[] = {"fa-IR", "en", "my-MM", "uz-Latn-UZ",
                                      "ru-RU"};
  nl_buf bmp = NL_BUF_INIT, astral = NL_BUF_INIT;
  for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
    nl_buf__clear(&bmp);
    nl_buf__clear(&astral);
    text(&bmp, 0x01, 0x10000, 14);
    text(&astral, 0x10000, 0x110000, 400);
    same(&bmp, langs[i], "bmp.txt");
    same(&astral, langs[i], "astral.txt");
  }
  nl_buf_dispose(&bmp);
  nl_buf_dispose(&astral);
}

/* XML: words of one script or two, a language per paragraph, inline
 * elements, references. */
static void test_paragraphs(void) {
  static const char *const langs[] = {"en", "fa-IR", "fa-AF", "ps-AF",
                                      "ur-PK", "ckb-IQ", "ru-RU", "my-MM",
                                      "uz-Latn-UZ", "th-TH", "am-ET", "he"};
  size_t nc = sizeof(company) / sizeof(company[0]);
  nl_buf b = NL_BUF_INIT;
  nl_buf__puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nitf><body>\n");
  for (int p = 0; p < 400; p++) {
    nl_buf__printf(&b, "<p xml:lang=\"%s\">",
                   langs[next_rand() % (sizeof(langs) / sizeof(langs[0]))]);
    for (int w = (int)(next_rand() % 12) + 1; w > 0; w--) {
      uint32_t base = company[next_rand() % nc];
      for (int k = (int)(next_rand() % 6) + 1; k > 0; k--)
        put(&b, next_rand() % 4 ? base + next_rand() % 3
                                : company[next_rand() % nc]);
      nl_buf__puts(&b, next_rand() % 9 ? " " : " <b>x</b> &#x202E;");
    }
    nl_buf__puts(&b, "</p>\n");
  }
  nl_buf__puts(&b, "</body></nitf>\n");
  same(&b, NULL, "paragraphs.xml");
  nl_buf_dispose(&b);
}

/* The table's invisible characters are those of the set the checks
 * used before it (ICU's pattern), less the ones judged elsewhere (bidi
 * controls, U+FEFF) or in context by the pass (ZWNJ, ZWJ): every code
 * point. */
static void test_invisible_table(void) {
  static const UChar pat[] = u"[[:DI:][:Cf:][\\u00A0\\u1680\\u2000-\\u200A"
                             u"\\u202F\\u205F\\u3000]]";
  UErrorCode ec = U_ZERO_ERROR;
  USet *set = uset_openPattern(pat, -1, &ec);
  nl_chk_props *t = calloc(1, nl_chk__props_size());
  NL_CHECK(U_SUCCESS(ec) && t != NULL);
  long wrong = 0;
  for (uint32_t cp = 0x80; set && t && cp < 0x110000; cp++) {
    int want = uset_contains(set, (UChar32)cp) && cp != 0xFEFF &&
               cp != 0x200C && cp != 0x200D && !nl_chk__bidi_control(cp);
    int got = (nl_chk__prop(t, cp) & NL_P_INVIS) != 0;
    if (want != got && wrong++ < 5)
      NL_FAIL("U+%04X: invisible %d in the table, %d in ICU's set",
              (unsigned)cp, got, want);
  }
  nl_chk__props_free(t);
  if (set)
    uset_close(set);
}

/* The table's word characters above ASCII are what the word checks
 * asked ICU for before they read the table: letters, marks, ZWNJ and
 * ZWJ, at every code point. */
static void test_word_table(void) {
  nl_chk_props *t = calloc(1, nl_chk__props_size());
  NL_CHECK(t != NULL);
  long wrong = 0;
  for (uint32_t cp = 0x80; t && cp < 0x110000; cp++) {
    int8_t ty = (int8_t)u_charType((UChar32)cp);
    int want = u_isalpha((UChar32)cp) || ty == U_NON_SPACING_MARK ||
               ty == U_COMBINING_SPACING_MARK || cp == 0x200C || cp == 0x200D;
    int got = (nl_chk__prop(t, cp) & NL_P_WORD) != 0;
    if (want != got && wrong++ < 5)
      NL_FAIL("U+%04X: a word's %d in the table, %d by ICU", (unsigned)cp,
              got, want);
  }
  NL_CHECK_INT(wrong, 0);
  nl_chk__props_free(t);
}

/* The walk (characters taken in a loop that keeps only the flags and
 * the word's script, joiners judged by a look at the next one, ASCII a
 * stretch at once) against a full step at every character: the same
 * flags, exactly, for random runs of the company above and of random
 * code points, in languages with and without joiners, letters judged
 * or not, orthography rules looked for (from ASCII or from Arabic) or
 * not. Fixed seed. */
static void lead_bit(nl_check_lang *l, uint32_t cp) {
  char u[4] = {0};
  size_t n = nl_utf8__encode(cp, u);
  unsigned k = (unsigned)(unsigned char)u[0] << 8 |
               (n > 1 ? (unsigned char)u[1] : (unsigned char)'\'');
  l->lead[k >> 3] |= (unsigned char)(1u << (k & 7));
}

/* Where the word around s[at] starts (letters, marks, joiners). */
static size_t word_start(nl_chk_props *t, const char *s, size_t at) {
  while (at > 0) {
    size_t j = at - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
      j--;
    size_t k = j;
    if (!(nl_chk__prop(t, nl_utf8__next(s, at, &k)) & NL_P_WORD))
      break;
    at = j;
  }
  return at;
}

/* The words of two scripts the pass saw (one place in each is all the
 * word check needs: the walk notes fewer, skipping letters like the one
 * before), their starts without repeats. */
static size_t mixed_words(nl_chk_props *t, const char *s,
                          const nl_chk_seen_at *a, size_t *out) {
  size_t n = 0;
  for (size_t k = 0; k < a->nmixed; k++) {
    size_t w = word_start(t, s, a->mixed[k]);
    if (n == 0 || out[n - 1] != w)
      out[n++] = w;
  }
  return n;
}

/* The places the pass saw (words of two scripts, rules' leads), the
 * same in both (the words when each saw them all). */
static int same_places(nl_chk_props *t, const char *s,
                       const nl_chk_seen_at *a, const nl_chk_seen_at *b) {
  size_t wa[NL_CHK_AT_MAX], wb[NL_CHK_AT_MAX];
  if (a->foreign != b->foreign || a->foreign_alone != b->foreign_alone ||
      a->ninvis != b->ninvis || a->invis_all != b->invis_all ||
      memcmp(a->invis, b->invis, a->ninvis * sizeof(size_t)) != 0)
    return 0;
  if (a->northo != b->northo || a->ortho_all != b->ortho_all ||
      memcmp(a->ortho, b->ortho, a->northo * sizeof(size_t)) != 0)
    return 0;
  if (!a->mixed_all || !b->mixed_all)
    return 1;
  size_t na = mixed_words(t, s, a, wa), nb = mixed_words(t, s, b, wb);
  return na == nb && memcmp(wa, wb, na * sizeof(size_t)) == 0;
}

/* What the walk notes without leaving its loop (rules' leads, invisible
 * characters, joiners, letters the service does not write) and their
 * neighbours: invisible ones that are letters or marks too (U+034F,
 * U+115F, U+FE0F), of Myanmar (U+180B is Mongolian), a soft hyphen. */
static const uint32_t crowd[] = {
  0x0643, 0x064A, 0x0669, 0x0644, 0x0627, 0x06CC, 0x200C, 0x200D, 0x200B,
  0x200B, 0x00AD, 0x034F, 0x115F, 0xFE0F, 0x2060, 0x180B, 0x00A0, 0x2066,
  0x2069, 0x1000, 0x0430, 0x03B1, 0x4E2D, 0x3042, 0x0915, 'a', 'o', ' ',
  '1', 0x0301};

static void test_walk_same(void) {
  nl_chk_props *t = calloc(1, nl_chk__props_size());
  nl_check_lang langs[6];
  memset(langs, 0, sizeof(langs));
  langs[0].script = USCRIPT_ARABIC; /* Persian: joiners, rules */
  langs[0].uses_joiners = 1;
  langs[0].ortho_lo = 0x0643;
  langs[0].ortho_hi = 0x0669;
  lead_bit(&langs[0], 0x0643);
  lead_bit(&langs[0], 0x064A);
  lead_bit(&langs[0], 0x0669);
  langs[1].script = USCRIPT_LATIN; /* Uzbek: a rule from ASCII */
  langs[1].ortho_lo = 'g';
  langs[1].ortho_hi = 'o';
  lead_bit(&langs[1], 'o');
  langs[2].script = USCRIPT_CYRILLIC;
  langs[3].script = -1;
  langs[3].uses_joiners = 1;
  langs[4].script = USCRIPT_HANGUL;
  /* rules that start with characters that wait for context */
  langs[5].script = USCRIPT_ARABIC;
  langs[5].uses_joiners = 1;
  langs[5].ortho_lo = 0x200B;
  langs[5].ortho_hi = 0x200D;
  lead_bit(&langs[5], 0x200B);
  lead_bit(&langs[5], 0x200C);
  NL_CHECK(t != NULL);
  size_t nc = sizeof(company) / sizeof(company[0]);
  nl_buf b = NL_BUF_INIT;
  long wrong = 0;
  size_t ncr = sizeof(crowd) / sizeof(crowd[0]);
  for (int round = 0; t && round < 60000; round++) {
    nl_buf__clear(&b);
    /* one run in four crowded and long: more leads, invisible
     * characters and words of two scripts than the pass keeps */
    int crowded = round % 4 == 3;
    for (int k = (int)(next_rand() % (crowded ? 400 : 24)); k >= 0; k--) {
      uint32_t r = next_rand() % 16, cp;
      if (crowded && r < 10)
        cp = crowd[next_rand() % ncr];
      else if (r < 9)
        cp = company[next_rand() % nc];
      else if (r < 12)
        cp = 'a' + next_rand() % 26;
      else if (r < 15)
        cp = 0x80 + next_rand() % 0xFF80;
      else
        cp = 0x10000 + next_rand() % 0x100000;
      if (!usable(cp) || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = ' ';
      for (int rep = next_rand() % 4 == 0 ? 3 : 1; rep > 0; rep--)
        put(&b, cp);
    }
    int which = (int)(next_rand() % 7);
    nl_check_lang *l = which == 6 ? NULL : &langs[which];
    int ortho = (which < 2 || which == 5) && next_rand() % 4 != 0;
    nl_run_seen fast, full;
    nl_chk_seen_at at;
    int rf = nl_chk__pass_text(t, b.ptr, b.size, l, ortho, 0, &fast);
    at = *nl_chk__props_seen_at(t);
    int rs = nl_chk__pass_text(t, b.ptr, b.size, l, ortho, 1, &full);
    if (!same_places(t, b.ptr, &at, nl_chk__props_seen_at(t)) &&
        wrong++ < 5)
      NL_FAIL("round %d (lang %d, rules %d): the walk saw words of two "
              "scripts or rules' leads elsewhere than every step over \"%.*s\"",
              round, which, ortho, (int)b.size, b.ptr);
    if ((rf != rs || fast.any != full.any || fast.exposed != full.exposed) &&
        wrong++ < 5)
      NL_FAIL("round %d (lang %d, rules %d): walk %X/%X, every step %X/%X "
              "over \"%.*s\"",
              round, which, ortho, (unsigned)fast.any,
              (unsigned)fast.exposed, (unsigned)full.any,
              (unsigned)full.exposed, (int)b.size, b.ptr);
  }
  NL_CHECK_INT(wrong, 0);
  nl_buf_dispose(&b);
  nl_chk__props_free(t);
}

/* The word and service checks go where the pass saw words of two
 * scripts and rules' leads (nl_chk__seen_at) instead of walking: held
 * to the walk (the checker that lets every check look) over paragraphs
 * crowded with them, fewer and more than the pass keeps (32), words
 * over WORD_MAX letters, joiners, marks and invisible characters in
 * them, rules from Arabic and from ASCII. Fixed seed. */
static void test_places(void) {
  static const uint32_t letters[] = {
    'a', 'o', 'e', 'p', 'c', 0x0430, 0x043E, 0x0435, 0x0440, 0x0441, 0x03BF,
    0x03B1, 0x0627, 0x064A, 0x0643, 0x06CC, 0x06A9, 0x0669, 0x06F1, 0x4E2D,
    0x3042, 0xAC00, 0x0915, 0x094D, 0x0301, 0x200C, 0x200D, 0x200B, 0x00AD,
    0x02BB, '\'', 0x0E01, 0x1D26, 0x1D2B, 0x00E9, 0x01C5, 0x0660};
  static const char *const langs[] = {"fa-IR", "en", "uz-Latn-UZ", "ru-RU",
                                      "ps-AF", "ja", "el"};
  size_t nl = sizeof(letters) / sizeof(letters[0]);
  nl_buf b = NL_BUF_INIT;
  for (int doc = 0; doc < 12; doc++) {
    nl_buf__clear(&b);
    nl_buf__puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<nitf><body>\n");
    for (int p = 0; p < 120; p++) {
      nl_buf__printf(&b, "<p xml:lang=\"%s\">",
                     langs[next_rand() % (sizeof(langs) / sizeof(langs[0]))]);
      int words = (int)(next_rand() % 70) + 1;
      for (int w = 0; w < words; w++) {
        int len = next_rand() % 40 == 0 ? 250 + (int)(next_rand() % 20)
                                        : 1 + (int)(next_rand() % 8);
        uint32_t base = letters[next_rand() % nl];
        for (int k = 0; k < len; k++)
          put(&b, next_rand() % 3 ? base : letters[next_rand() % nl]);
        nl_buf__puts(&b, next_rand() % 7 ? " " : next_rand() % 2 ? "-" : ", ");
      }
      nl_buf__puts(&b, "</p>\n");
    }
    nl_buf__puts(&b, "</body></nitf>\n");
    same(&b, NULL, "places.xml");
    same(&b, "fa-IR", "places.xml");
  }
  nl_buf_dispose(&b);
}

static const nl_test tests[] = {
  NL_TEST(test_places),
  NL_TEST(test_walk_same),
  NL_TEST(test_word_table),
  NL_TEST(test_invisible_table),
  NL_TEST(test_every_code_point),
  NL_TEST(test_paragraphs),
};

NL_TEST_MAIN(tests)
