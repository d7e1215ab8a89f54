/*
 * test_check_words_fast.c - the word and service checks' shortcuts on
 * the pass's places are the general path's findings.
 *
 * Where the pass noted a word of two scripts, check_script.c reads it
 * with its ASCII letters counted, not kept (few_from, few_judge), and
 * works the script counts, the UTS #39 restriction level and the
 * look-alike from the other letters; the invisible characters, the
 * orthography leads and the first foreign letter it saw are judged
 * there with shortcuts of their own. The reference is the checker that
 * lets every check walk every run (nl_checker__every_check), which
 * takes none of them: the text reports must be the same bytes. The
 * documents are random (fixed seed) words of ASCII letters with a few
 * letters of other scripts: look-alikes of Cyrillic, Greek, Armenian
 * and Cherokee, accented Latin, marks, joiners, letters whose
 * Script_Extensions hold several scripts (kana's prolonged sound mark,
 * tatweel), Han, kana, Hangul, Bopomofo, Arabic; words of one other
 * script with ASCII inside (Latin in Cyrillic) or those letters, words
 * with more letters beyond ASCII than the shortcut keeps and over
 * WORD_MAX letters;
 * invisible characters beside ASCII and other letters; the orthography
 * rules' letters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "check_internal.h"
#include "harness.h"
#include "util/buf.h"
#include "util/utf8.h"

static uint32_t seed = 20261205;

static uint32_t next_rand(void) {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

static void put(nl_buf *b, uint32_t cp) {
  char u[4];
  nl_buf__put(b, u, nl_utf8__encode(cp, u));
}

/* The text report of b in `lang`, with the shortcuts (every 0) or with
 * every check walking every run (1), the runs to `hook` when one is
 * given; NULL on an error (reported). */
static char *report_with(const nl_buf *b, const char *lang, int every,
                         int (*hook)(nl_check_ctx *, const nl_run *, void *),
                         void *ud) {
  nl_check_options o = NL_CHECK_OPTIONS_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_buf rep = NL_BUF_INIT;
  nl_checker *k = NULL;
  o.lang = lang;
  int rc = nl_checker_new(&k, &o, &err);
  if (rc == 0) {
    nl_checker__every_check(k, every);
    if (hook)
      nl_checker__run_hook(k, hook, ud);
    rc = nl_check_memory(k, b->ptr, b->size, "words.xml", &err);
  }
  if (rc == 0)
    rc = nl_check_report(k, NL_CHECK_TEXT, &rep, &err);
  nl_checker_free(k);
  if (rc < 0) {
    NL_FAIL("%s", err.message);
    nl_buf_dispose(&rep);
    return NULL;
  }
  return rep.ptr ? nl_buf__detach(&rep) : calloc(1, 1);
}

static char *report(const nl_buf *b, const char *lang, int every) {
  return report_with(b, lang, every, NULL, NULL);
}

/* The report with the shortcuts and the general one: the same bytes. */
static int differs(const nl_buf *b, const char *lang, const char *what,
                   long *counts) {
  char *fast = report(b, lang, 0), *all = report(b, lang, 1);
  int bad = fast == NULL || all == NULL;
  if (!bad && strcmp(fast, all) != 0) {
    size_t i = 0, line = 0;
    for (; fast[i] && fast[i] == all[i]; i++)
      if (fast[i] == '\n')
        line = i + 1;
    NL_FAIL("%s (%s): the shortcuts' findings differ:\n--- shortcuts\n"
            "%.400s\n--- general\n%.400s",
            what, lang ? lang : "-", fast + line, all + line);
    bad = 1;
  }
  static const char *const ids[] = {"confusable", "mixed-script",
                                    "latin-in-cyrillic", "invisible-char",
                                    "zwnj-misplaced", "orthography",
                                    "foreign-script"};
  for (size_t k = 0; all && k < sizeof(ids) / sizeof(ids[0]); k++)
    for (const char *p = all; (p = strstr(p, ids[k])) != NULL; p++)
      counts[k]++;
  free(fast);
  free(all);
  return bad;
}

/* Letters of other scripts that go into ASCII words. */
static const uint32_t others[] = {
  0x043E, 0x0430, 0x0435, 0x0440, 0x0441, 0x0445, 0x0456, 0x0501, /* Cyrl */
  0x03BF, 0x03B1, 0x03BD, 0x03C1, 0x0391, 0x039F,                 /* Grek */
  0x0585, 0x0578, 0x057D, 0x13A0, 0x13AA, 0x13DA,   /* Armn, Cher */
  0x00E9, 0x00F6, 0x0131, 0x1E9E, 0xA7B5, 0x0251,   /* Latn */
  0x0301, 0x0308, 0x0327, 0x200C, 0x200D,           /* Zinh, joiners */
  0x30FC, 0x0640, 0x3005, 0x02BB, 0x1D26, 0x1D2B,   /* scx, Grek/Latn */
  0x4E2D, 0x3042, 0x30A2, 0xAC00, 0x3105, 0x0627,   /* Hani...Arab */
  0x064A, 0x0643, 0x05D0, 0x0915, 0x0E01, 0x10D0,   /* Hebr... Geor */
  0x1F600, 0x20000, 0x10400};                       /* emoji, Hani, Dsrt */
/* Characters that go between and inside words. */
static const uint32_t between[] = {
  ' ', ' ', ' ', ' ', ',', '.', '-', '\'', '1', 0x200B, 0x200C, 0x200D,
  0x00AD, 0x2060, 0xFEFF, 0xFE0F, 0x00A0, 0x200E, 0x0660, 0x06F1};

static void word(nl_buf *b, int base) {
  size_t no = sizeof(others) / sizeof(others[0]);
  int len = next_rand() % 50 == 0 ? 250 + (int)(next_rand() % 20)
                                  : 1 + (int)(next_rand() % 9);
  /* how many letters beyond ASCII: mostly one, sometimes many */
  int many = next_rand() % 8 == 0 ? 1 + (int)(next_rand() % 16) : 1;
  int ascii = next_rand() % 2; /* in a word of another script */
  for (int k = 0; k < len; k++) {
    uint32_t r = next_rand();
    if (base && r % 4)
      put(b, (uint32_t)base + r % 8);
    else if (base)
      put(b, ascii ? 'a' + (r >> 8) % 26 : others[(r >> 8) % no]);
    else if ((int)(r % (unsigned)len) < many)
      put(b, others[(r >> 8) % no]);
    else if (r % 11 == 0)
      put(b, 'A' + (r >> 8) % 26);
    else
      put(b, 'a' + (r >> 8) % 26);
  }
}

/* Documents of paragraphs in seven languages, words mostly of ASCII
 * letters with letters of other scripts in them; one word in six of
 * Cyrillic, Greek or Arabic letters with some ASCII. */
static void test_words_fast(void) {
  static const char *const langs[] = {"en", "fa-IR", "ru-RU", "el",
                                      "ja", "ur-PK", "uz-Latn-UZ"};
  static const int bases[] = {0x0430, 0x03B1, 0x0628, 0x0430};
  size_t nb = sizeof(between) / sizeof(between[0]);
  long counts[7] = {0};
  long wrong = 0;
  nl_buf b = NL_BUF_INIT;
  for (int doc = 0; doc < 16 && wrong < 3; doc++) {
    nl_buf__clear(&b);
    nl_buf__puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nitf>"
                     "<body>\n");
    for (int p = 0; p < 150; p++) {
      nl_buf__printf(&b, "<p xml:lang=\"%s\">",
                     langs[next_rand() % (sizeof(langs) / sizeof(langs[0]))]);
      int words = 1 + (int)(next_rand() % 14);
      for (int w = 0; w < words; w++) {
        word(&b, next_rand() % 6 ? 0 : bases[next_rand() % 4]);
        put(&b, between[next_rand() % nb]);
        if (next_rand() % 5 == 0)
          put(&b, between[next_rand() % nb]);
      }
      nl_buf__puts(&b, "</p>\n");
    }
    nl_buf__puts(&b, "</body></nitf>\n");
    wrong += differs(&b, NULL, "words.xml", counts);
    wrong += differs(&b, "fa-IR", "words.xml", counts);
  }
  nl_buf_dispose(&b);
  NL_CHECK_INT(wrong, 0);
  /* the documents make every finding the shortcuts take */
  for (int k = 0; k < 7; k++)
    NL_CHECK(counts[k] > 10);
}

/* ---- the confusable's entry: the word copied, the rest kept ---------- */

#define LIKE_FMT "%s in the %s word \"%s\" looks like a letter of the %s script"

typedef struct like_mode {
  int kept;          /* nl_chk__emit_kept_str after the first finding */
  size_t slot[3];    /* by script name: where the first was kept */
  int rc_bad[3];     /* the entry with formats it does not take */
} like_mode;

/* Every word of the run a finding, of one of three scripts' names; a
 * finding of another format with a word between, now and then. */
static int like_hook(nl_check_ctx *c, const nl_run *r, void *ud) {
  static const char *const names[] = {"Latin", "Cyrillic", "Greek"};
  like_mode *m = ud;
  size_t j = 0;
  for (size_t i = 0; i < r->len; j++) {
    size_t e = i;
    while (e < r->len && r->text[e] != ' ')
      e++;
    char w[64];
    size_t n = e - i < sizeof(w) - 1 ? e - i : sizeof(w) - 1;
    memcpy(w, r->text + i, n);
    w[n] = '\0';
    size_t at = i, k = (j * 7 + r->len) % 3;
    uint32_t cp = nl_utf8__next(r->text, r->len, &at);
    int rc;
    if (!m->kept || m->slot[k] == SIZE_MAX)
      rc = nl_chk__emit_again(c, "confusable", r, i, (long)cp,
                              m->kept ? &m->slot[k] : NULL, 1u << 1 | 1u << 3,
                              LIKE_FMT, NL_CHK_NAME, names[k], w, names[k]);
    else
      rc = nl_chk__emit_kept_str(c, "confusable", r, i, (long)cp, m->slot[k],
                                 LIKE_FMT, 2, w, n);
    if (rc == 0 && j % 3 == 1) /* (another format's strings between) */
      rc = nl_chk__emit(c, "mixed-script", r, i, -1, "the word \"%s\" (%zu)",
                        w, n);
    if (rc < 0)
      return rc;
    i = e + 1;
  }
  if (m->kept && m->slot[0] != SIZE_MAX && m->rc_bad[0] == 0) {
    m->rc_bad[0] = nl_chk__emit_kept_str(c, "confusable", r, 0, -1,
                                         m->slot[0], "%s %s %d %s", 2, "x", 1);
    m->rc_bad[1] = nl_chk__emit_kept_str(c, "confusable", r, 0, -1,
                                         m->slot[0], "%s %s %.2s %s", 2, "x",
                                         1);
    m->rc_bad[2] = nl_chk__emit_kept_str(c, "confusable", r, 0, -1,
                                         m->slot[0], LIKE_FMT, 4, "x", 1);
  }
  return 0;
}

static char *like_report(const nl_buf *b, like_mode *m) {
  return report_with(b, NULL, 0, like_hook, m);
}

/* nl_chk__emit_kept_str's findings are nl_chk__emit_again's, word by
 * word (the words of every length up to past the copy's 63 bytes, of
 * ASCII and other letters), other findings' arguments kept between. */
static void test_kept_str(void) {
  size_t no = sizeof(others) / sizeof(others[0]);
  nl_buf b = NL_BUF_INIT;
  nl_buf__puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nitf>"
                   "<body>\n");
  for (int p = 0; p < 300; p++) {
    nl_buf__puts(&b, "<p>");
    int words = 1 + (int)(next_rand() % 9);
    for (int w = 0; w < words; w++) {
      int len = 1 + (int)(next_rand() % 40);
      for (int k = 0; k < len; k++) {
        uint32_t r = next_rand();
        put(&b, r % 4 ? 'a' + (r >> 8) % 26 : others[(r >> 8) % no]);
      }
      nl_buf__puts(&b, w + 1 < words ? " " : "");
    }
    nl_buf__puts(&b, "</p>\n");
  }
  nl_buf__puts(&b, "</body></nitf>\n");
  like_mode all = {0, {SIZE_MAX, SIZE_MAX, SIZE_MAX}, {0, 0, 0}};
  like_mode kept = {1, {SIZE_MAX, SIZE_MAX, SIZE_MAX}, {0, 0, 0}};
  char *want = like_report(&b, &all), *got = like_report(&b, &kept);
  NL_CHECK(want != NULL && got != NULL);
  if (want && got && strcmp(want, got) != 0) {
    size_t i = 0, line = 0;
    for (; want[i] && want[i] == got[i]; i++)
      if (want[i] == '\n')
        line = i + 1;
    NL_FAIL("kept_str differs:\n--- kept\n%.300s\n--- variadic\n%.300s",
            got + line, want + line);
  }
  NL_CHECK(want != NULL && strstr(want, "confusable") != NULL);
  for (int i = 0; i < 3; i++)
    NL_CHECK(kept.rc_bad[i] < 0);
  free(want);
  free(got);
  nl_buf_dispose(&b);
}

/* The confusable's arguments kept by the word's main script: words of
 * three main scripts one after the other, twice (the second time from
 * the kept arguments), each named with its own script, on both ways. */
static void test_alike_scripts(void) {
  static const char *const words[] = {
    "g\xd0\xbe\xd0\xbegle", "\xd0\xbf\xd1\x80\xce\xbf\xd0\xb5\xd0\xba\xd1\x82",
    "\xce\xba\xce\xb1\xce\xbb\xd0\xbe\xcf\x82", "p\xd0\xb0ypal"};
  static const char *const what[] = {
    "3:5: error: confusable: CYRILLIC SMALL LETTER O (U+043E) in the Latin",
    ("4:6: error: confusable: GREEK SMALL LETTER OMICRON (U+03BF) in the "
     "Cyrillic"),
    "5:7: error: confusable: CYRILLIC SMALL LETTER O (U+043E) in the Greek",
    "6:5: error: confusable: CYRILLIC SMALL LETTER A (U+0430) in the Latin"};
  static const char *const script[] = {"Latin", "Cyrillic", "Greek", "Latin"};
  nl_buf b = NL_BUF_INIT, want = NL_BUF_INIT;
  nl_buf__puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nitf>"
                   "<body>\n");
  for (int i = 0; i < 8; i++)
    nl_buf__printf(&b, "<p>%s</p>\n", words[i % 4]);
  nl_buf__puts(&b, "</body></nitf>\n");
  for (int i = 0; i < 8; i++) {
    const char *w = what[i % 4];
    nl_buf__printf(&want,
                   "words.xml:%d%s word \"%s\" looks like a letter of the "
                   "%s script (UTS #39)\n",
                   3 + i, strchr(w, ':'), words[i % 4], script[i % 4]);
  }
  for (int every = 0; every < 2; every++) {
    char *got = report(&b, NULL, every);
    NL_CHECK(got != NULL && want.ptr != NULL);
    if (got && want.ptr && strcmp(got, want.ptr) != 0)
      NL_FAIL("every %d:\n%s--- want\n%s", every, got, want.ptr);
    free(got);
  }
  nl_buf_dispose(&b);
  nl_buf_dispose(&want);
}

/* The byte loop nl_chk__ascii_letters_end() stands for. */
static size_t letters_end_ref(const unsigned char *s, size_t len, size_t j) {
  while (j < len && ((s[j] >= 'a' && s[j] <= 'z') ||
                     (s[j] >= 'A' && s[j] <= 'Z')))
    j++;
  return j;
}

/* Eight bytes a test: every byte value at every place of a stretch of
 * letters (the edges of 'a'..'z' and 'A'..'Z', '@', '[', '`', '{',
 * 0x7F, bytes with the top bit set whose low bits are letters), from
 * every start, every length; then random runs of letters and others. */
static void test_letters_end(void) {
  unsigned char s[40];
  for (unsigned v = 0; v < 256; v++)
    for (size_t at = 0; at < 20; at++)
      for (size_t len = at; len <= 20; len++) {
        for (size_t i = 0; i < sizeof(s); i++)
          s[i] = (unsigned char)("aZmqzAbY"[i % 8]);
        s[at] = (unsigned char)v;
        for (size_t j = 0; j <= len; j++) {
          size_t got = nl_chk__ascii_letters_end(s, len, j);
          size_t want = letters_end_ref(s, len, j);
          if (got != want) {
            NL_FAIL("byte 0x%02X at %zu, len %zu, from %zu: %zu, not %zu", v,
                    at, len, j, got, want);
            return;
          }
        }
      }
  static const unsigned char other[] = {' ', '@', '[', '`', '{', 0x7F, 0xC1,
                                        0xE1, 0xFA, 0x80, '0', 0xDA};
  for (int round = 0; round < 20000; round++) {
    size_t len = next_rand() % sizeof(s);
    for (size_t i = 0; i < len; i++)
      s[i] = next_rand() % 6 ? (unsigned char)('A' + next_rand() % 58)
                             : other[next_rand() % sizeof(other)];
    size_t j = len ? next_rand() % (len + 1) : 0;
    size_t got = nl_chk__ascii_letters_end(s, len, j);
    if (got != letters_end_ref(s, len, j)) {
      NL_FAIL("round %d, len %zu, from %zu: %zu, not %zu", round, len, j, got,
              letters_end_ref(s, len, j));
      return;
    }
  }
}

/* A confusable's word quoted from the run's bytes, cut before a
 * character that does not fit in 159 bytes, on its first finding (the
 * variadic entry) and its next (the kept arguments), by both ways: the
 * look-alike's own two bytes straddle the cut, then its next. */
static void test_alike_quote_cut(void) {
  for (size_t lead = 157; lead <= 158; lead++) {
    nl_buf b = NL_BUF_INIT, word = NL_BUF_INIT, want = NL_BUF_INIT;
    for (size_t i = 0; i < lead; i++)
      nl_buf__puts(&word, "a");
    nl_buf__puts(&word, "\xd0\xbe"); /* CYRILLIC SMALL LETTER O */
    nl_buf__puts(&word, "bc");
    nl_buf__puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nitf>"
                     "<body>\n");
    for (int i = 0; i < 3; i++)
      nl_buf__printf(&b, "<p>%s</p>\n", word.ptr);
    nl_buf__puts(&b, "</body></nitf>\n");
    /* 159 bytes fit: the letter's two when it starts at 157 */
    int quoted = lead == 157 ? 159 : 158;
    for (int i = 0; i < 3; i++)
      nl_buf__printf(&want,
                     "words.xml:%d:%zu: error: confusable: CYRILLIC SMALL "
                     "LETTER O (U+043E) in the Latin word \"%.*s\" looks "
                     "like a letter of the Latin script (UTS #39)\n",
                     3 + i, 4 + lead, quoted, word.ptr);
    for (int every = 0; every < 2; every++) {
      char *got = report(&b, NULL, every);
      NL_CHECK(got != NULL && want.ptr != NULL);
      if (got && want.ptr && strcmp(got, want.ptr) != 0)
        NL_FAIL("lead %zu, every %d:\n%s--- want\n%s", lead, every, got,
                want.ptr);
      free(got);
    }
    nl_buf_dispose(&b);
    nl_buf_dispose(&word);
    nl_buf_dispose(&want);
  }
}

static const nl_test tests[] = {
  NL_TEST(test_alike_quote_cut),
  NL_TEST(test_letters_end),
  NL_TEST(test_words_fast),
  NL_TEST(test_kept_str),
  NL_TEST(test_alike_scripts),
};

NL_TEST_MAIN(tests)
