/*
 * test_bidi_digest.c - the display-order oracle's verdicts, held to
 * what it gave before it was made faster.
 *
 * The oracle (bidi.c) decides by ICU's layout, or by shortcuts that
 * test_bidi holds to ICU; how it walks a block (the runs, their
 * windows, the safe points, the UTF-16 copy) is its own. So that a
 * faster walk cannot change a verdict unseen, random blocks of both
 * directions built from the characters that matter to UAX #9 (R, AL,
 * L, EN of two systems, AN, ES, ET, CS, NSM, WS, ON, brackets,
 * quotation marks, isolates, embeddings, ZWNJ, a newline) and from
 * words and numbers like the news' (and, one block in five, of brackets
 * and quotation marks nested and crossed, now and then deeper than
 * BD16's stack) are judged, and every hazard
 * (start, end, kind) goes into a digest. The digest is the one the
 * oracle of main at 14f7851, before the walks were fused, gave for the
 * same blocks: a verdict changed anywhere changes it. NL_BIDI_DIGEST=1
 * prints it, to set it again when a verdict is meant to change.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/error.h>

#include <unicode/uchar.h>

#include "bidi.h"
#include "harness.h"
#include "util/utf8.h"

/* what main at 14f7851 gives */
#ifndef NL_BIDI_DIGEST_WANT
#define NL_BIDI_DIGEST_WANT 0x84dbb4c4e496d3fbu
#endif

static unsigned next_rand(unsigned *state) {
  *state = *state * 1103515245u + 12345u;
  return (*state >> 16) & 0x7FFF;
}

/* Single characters by class, and pieces of news text. */
static const char *const atoms[] = {
    /* R, AL */
    "\xD7\x90", "\xD7\xA9", "\xD8\xA7", "\xDB\x8C", "\xDA\xA9", "\xD9\x85",
    /* L */
    "a", "K", "\xC3\xA9", "x",
    /* EN: ASCII, Persian digits; superscript two */
    "1", "0", "7", "\xDB\xB2", "\xDB\xB9", "\xC2\xB2",
    /* AN: Arabic-Indic digits, the Arabic thousands separator */
    "\xD9\xA1", "\xD9\xA3", "\xD9\xAC",
    /* ES, ET, CS */
    "+", "-", "\xE2\x88\x92", "%", "$", "#", "\xC2\xB0", "\xE2\x82\xAC",
    ",", ".", ":", "/", "\xD8\x8C",
    /* NSM: an acute accent, an Arabic fatha */
    "\xCC\x81", "\xD9\x8E",
    /* WS, ON */
    " ", " ", " ", "\xC2\xA0", "!", "?", "&", "*", "~", "\xD8\x9F",
    "\xE2\x80\x93", "'",
    /* brackets and quotation marks */
    "(", ")", "[", "]", "{", "}", "\xE3\x80\x88", "\xE2\x8C\xAA", "\"",
    "\xC2\xAB", "\xC2\xBB", "\xE2\x80\x9C", "\xE2\x80\x9D",
    /* isolates, embeddings, marks, joiners */
    "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9",
    "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\x8F", "\xE2\x80\x8C",
    "\xE2\x80\x8D", "\n",
    /* pieces of news */
    "\xD9\x86\xD9\x85\xDB\x8C\xE2\x80\x8C", " 97 MB", " 10 km",
    "\xDA\xA9\xD8\xAA\xD8\xA7\xD8\xA8 ", "U.N.", "C++", "Yahoo!",
    "COVID-19", "www.example.org/a1", "@handle", "#tag", "Inc.",
    "George W. Bush", "+1 202 555 0100", "$5", "\xDB\xB1\xDB\xB2",
    "45 %", "10\xE2\x80\x93\x32\x30", "1,000.5", "\xF0\x9F\x98\x80"};

/* Appends `a` to out (n bytes so far, cap in all, kept terminated):
 * 0 when it does not fit. */
static int append(char *out, size_t *n, size_t cap, const char *a) {
  size_t l = strlen(a);
  out[*n] = '\0';
  if (*n + l + 1 >= cap)
    return 0;
  memcpy(out + *n, a, l + 1);
  *n += l;
  return 1;
}

/* A block of 1 to 24 atoms; a third of them mostly news text. */
static size_t random_block(unsigned *st, char *out, size_t cap) {
  size_t n = 0, k = 1 + next_rand(st) % 24;
  size_t na = sizeof(atoms) / sizeof(atoms[0]);
  int news = next_rand(st) % 3 == 0;
  for (size_t i = 0; i < k; i++) {
    size_t pick = next_rand(st) % na;
    if (news && next_rand(st) % 2)
      pick = na - 20 + next_rand(st) % 20;
    if (!append(out, &n, cap, atoms[pick]))
      break;
  }
  return n;
}

/* A block of marks to pair: brackets (ASCII, the angle brackets BD16
 * takes as one pair, the CJK corner brackets that are quotation marks
 * too), quotation marks, letters of both directions between them, and
 * now and then nesting deeper than BD16's stack. */
static size_t marks_block(unsigned *st, char *out, size_t cap) {
  static const char *const marks[] = {
      "(", ")", "[", "]", "{", "}", "\xE3\x80\x88", "\xE3\x80\x89",
      "\xE2\x8C\xA9", "\xE2\x8C\xAA", "\xE3\x80\x8C", "\xE3\x80\x8D",
      "\xE3\x80\x8E", "\xE3\x80\x8F", "\xC2\xAB", "\xC2\xBB",
      "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99",
      "\xE2\x80\xB9", "\xE2\x80\xBA", "\"", "ab", "\xD8\xA7\xD8\xA8",
      " ", "12", "\xE2\x81\xA6", "\xE2\x81\xA9"};
  size_t n = 0, na = sizeof(marks) / sizeof(marks[0]);
  size_t k = 1 + next_rand(st) % 30;
  if (next_rand(st) % 8 == 0) { /* deeper than BD16 goes */
    const char *o = next_rand(st) % 2 ? "(" : "\xE2\x80\x9C";
    for (int d = 0; d < 60 + (int)(next_rand(st) % 10) && n + 4 < cap; d++)
      n += (size_t)snprintf(out + n, cap - n, "%s", o);
  }
  for (size_t i = 0; i < k; i++)
    if (!append(out, &n, cap, marks[next_rand(st) % na]))
      break;
  out[n] = '\0';
  return n;
}

static uint64_t fold(uint64_t h, uint64_t v) {
  for (int i = 0; i < 8; i++) {
    h ^= (v >> (8 * i)) & 0xFF;
    h *= 1099511628211u; /* FNV-1a */
  }
  return h;
}

static void test_bidi_digest__verdicts(void) {
  nl_bidi_work *w = nl_bidi__work_new();
  uint64_t h = 14695981039346656037u;
  unsigned st = 20261204u;
  long found = 0, kinds[8] = {0};
  for (int round = 0; w && round < 200000; round++) {
    char text[512];
    size_t n = round % 5 == 4 ? marks_block(&st, text, sizeof(text))
                              : random_block(&st, text, sizeof(text));
    int rtl = (int)(next_rand(&st) % 4 != 0); /* mostly right to left */
    nl_error err = NL_ERROR_INIT;
    nl_bidi_hazard *hz = NULL;
    size_t nh = 0;
    int rc = nl_bidi__hazards(text, n, rtl, 1, w, &hz, &nh, &err);
    h = fold(h, (uint64_t)(rc < 0) << 32 | nh);
    for (size_t i = 0; i < nh; i++) {
      h = fold(h, hz[i].start << 32 | hz[i].end);
      h = fold(h, (uint64_t)hz[i].kind);
      kinds[hz[i].kind & 7]++;
    }
    found += (long)nh;
    free(hz);
  }
  nl_bidi__work_free(w);
  if (getenv("NL_BIDI_DIGEST"))
    printf("digest %016llx, %ld hazards (order %ld, mirror %ld, first "
           "strong %ld)\n",
           (unsigned long long)h, found, kinds[NL_BIDI_ORDER],
           kinds[NL_BIDI_MIRROR], kinds[NL_BIDI_FIRST_STRONG]);
  /* the blocks have hazards of every kind to find */
  NL_CHECK(kinds[NL_BIDI_ORDER] > 10000);
  NL_CHECK(kinds[NL_BIDI_MIRROR] > 1000);
  NL_CHECK(kinds[NL_BIDI_FIRST_STRONG] > 1000);
  NL_CHECK(h == NL_BIDI_DIGEST_WANT);
}

/* A character of a class (a string of them), picked at random: several
 * of each, so that windows of one shape come with other characters, and
 * often the same one twice ("11", "MM") where a display reversed or not
 * reads the same. */
static const char *pick(unsigned *st, const char *const *set, size_t n) {
  return set[next_rand(st) % n];
}

#define PICK(set) pick(&st, set, sizeof(set) / sizeof(set[0]))

/* Blocks shaped like the news: right-to-left words, then a run of
 * numbers, units, signs and separators (of every class a plain window
 * holds: L, EN of three systems, AN, ES, ET, CS, WS, ON, and ZWNJ) or
 * a number and its unit, perhaps a word after it. Judged with one work kept (its memo answers
 * for windows of shapes it has seen) and with a fresh one each (the
 * computing path, held to ubidi by test_bidi), the hazards are the
 * same. */
static void test_bidi_digest__memo(void) {
  static const char *const rtl[] = {"\xD8\xA7", "\xD8\xA8", "\xD8\xAF",
                                    "\xD8\xB1", "\xD9\x85", "\xDB\x8C",
                                    "\xDA\xA9", "\xD7\xA9", "\xD7\x90"};
  static const char *const run[] = {
      "1", "1", "2", "9", "0", "\xDB\xB1", "\xDB\xB2", "\xDB\xB9",
      "\xD9\xA1", "\xD9\xA2", "\xE0\xA5\xA7", "\xE0\xA5\xA8", "M",
      "M", "B", "k", "g", "\xC3\xA9", "%", "$", "\xD9\xAA", "\xC2\xB0",
      "+", "-", ",", ".", ":", "/", "!", "?", "&", "*", " ", " ",
      "\xE2\x80\x8C"};
  static const char *const digit[] = {"1", "1", "7", "\xDB\xB2",
                                      "\xD9\xA2", "\xE0\xA5\xA8"};
  static const char *const sign[] = {"%", "\xD9\xAA", "$", "-", "/", ".",
                                     "!"};
  static const char *const unit[] = {"M", "B", "k", "m", "\xC3\xA9"};
  static const char *const gap[] = {" ", " ", " ", "\xE2\x80\x8C ",
                                    " \xE2\x80\x8C"};
  nl_bidi_work *kept = nl_bidi__work_new();
  unsigned st = 20261206u;
  long found = 0;
  for (int round = 0; kept && round < 100000; round++) {
    char text[256] = "";
    for (int k = 0, words = 1 + (int)(next_rand(&st) % 3); k < words; k++) {
      for (int l = 0, n = 1 + (int)(next_rand(&st) % 3); l < n; l++)
        strcat(text, PICK(rtl));
      strcat(text, PICK(gap));
    }
    if (next_rand(&st) % 2) { /* a number and its unit: few shapes */
      for (int k = 0, n = 1 + (int)(next_rand(&st) % 3); k < n; k++)
        strcat(text, PICK(digit));
      strcat(text, next_rand(&st) % 4 ? " " : PICK(sign));
      for (int k = 0, n = 1 + (int)(next_rand(&st) % 2); k < n; k++)
        strcat(text, PICK(unit));
    } else {
      for (int k = 0, n = 1 + (int)(next_rand(&st) % 8); k < n; k++)
        strcat(text, PICK(run));
    }
    if (next_rand(&st) % 3 == 0) {
      strcat(text, PICK(gap));
      strcat(text, PICK(rtl));
    }
    size_t len = strlen(text);
    nl_error e1 = NL_ERROR_INIT, e2 = NL_ERROR_INIT;
    nl_bidi_hazard *h1 = NULL, *h2 = NULL;
    size_t n1 = 0, n2 = 0;
    int rc1 = nl_bidi__hazards(text, len, 1, 1, kept, &h1, &n1, &e1);
    int rc2 = nl_bidi__hazards(text, len, 1, 1, NULL, &h2, &n2, &e2);
    int same = rc1 == rc2 && n1 == n2;
    for (size_t i = 0; same && i < n1; i++)
      same = h1[i].start == h2[i].start && h1[i].end == h2[i].end &&
             h1[i].kind == h2[i].kind;
    if (!same)
      NL_FAIL("%s: %zu hazard(s) with the memo, %zu computed", text, n1, n2);
    found += (long)n1;
    free(h1);
    free(h2);
  }
  size_t hits = kept ? nl_bidi__memo_hits(kept) : 0;
  if (getenv("NL_BIDI_DIGEST"))
    printf("memo: %zu hits, %ld hazards\n", hits, found);
  NL_CHECK(hits > 5000);
  NL_CHECK(found > 20000);
  nl_bidi__work_free(kept);
}

/* Whether the block holds a mark the pairing looks at: a paired
 * bracket or a quotation mark (U+00AB..U+00BB, U+2018..U+203A,
 * U+300C..U+300F, what bidi.c's maybe_quote takes). */
static int has_marks(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t c = nl_utf8__next(s, n, &i);
    if (nl_bidi__bracket_type(c) != 0 || (c >= 0xAB && c <= 0xBB) ||
        (c >= 0x2018 && c <= 0x203A) || (c >= 0x300C && c <= 0x300F))
      return 1;
  }
  return 0;
}

/* `marks` 0 (the check's word that a block holds no bracket or
 * quotation mark) skips the pairing, the split pairs and, where an
 * earlier block left no pairs, writing partner[] again: for blocks
 * without marks, each judged through one kept work right after a block
 * full of pairs (so that stale pairs would show), the hazards are those
 * of the general path (marks 1, a fresh work, a malloc'ed answer). */
static void test_bidi_digest__no_marks(void) {
  nl_bidi_work *kept = nl_bidi__work_new();
  unsigned st = 20261207u;
  long judged = 0, found = 0;
  for (int round = 0; kept && round < 100000; round++) {
    char text[512], pairs[512];
    size_t n = random_block(&st, text, sizeof(text));
    size_t np = marks_block(&st, pairs, sizeof(pairs));
    int rtl = (int)(next_rand(&st) % 4 != 0);
    if (has_marks(text, n))
      continue;
    nl_error e0 = NL_ERROR_INIT, e1 = NL_ERROR_INIT, e2 = NL_ERROR_INIT;
    const nl_bidi_hazard *h1 = NULL, *h0 = NULL;
    nl_bidi_hazard *h2 = NULL;
    size_t n0 = 0, n1 = 0, n2 = 0;
    if (round % 2) /* pairs left in the work's partner[] */
      nl_bidi__hazards_kept(pairs, np, rtl, 1, kept, &h0, &n0, &e0);
    int rc1 = nl_bidi__hazards_kept(text, n, rtl, 0, kept, &h1, &n1, &e1);
    int rc2 = nl_bidi__hazards(text, n, rtl, 1, NULL, &h2, &n2, &e2);
    int same = rc1 == rc2 && n1 == n2;
    for (size_t i = 0; same && i < n1; i++)
      same = h1[i].start == h2[i].start && h1[i].end == h2[i].end &&
             h1[i].kind == h2[i].kind;
    if (!same)
      NL_FAIL("%s (rtl %d): %zu hazard(s) without marks, %zu with", text,
              rtl, n1, n2);
    judged++;
    found += (long)n1;
    free(h2);
  }
  if (getenv("NL_BIDI_DIGEST"))
    printf("no marks: %ld blocks, %ld hazards\n", judged, found);
  NL_CHECK(judged > 20000);
  NL_CHECK(found > 5000);
  nl_bidi__work_free(kept);
}

/* The letters the oracle steps over from two bytes are AL's U+0620..
 * U+064A and U+0671..U+06D3, at every two-byte code point, and no pair
 * of bytes with a lead of theirs and no trail byte is one. */
static void test_bidi_digest__own_letter(void) {
  for (uint32_t c = 0x80; c < 0x800; c++) {
    char u[4];
    size_t n = nl_utf8__encode(c, u);
    int want = (c >= 0x0620 && c <= 0x064A) || (c >= 0x0671 && c <= 0x06D3);
    if (nl_bidi__own_letter(u, n) != want)
      NL_FAIL("U+%04X: own letter %d, want %d", (unsigned)c, !want, want);
    if (want && nl_bidi__dir(c) != U_RIGHT_TO_LEFT_ARABIC)
      NL_FAIL("U+%04X is not AL", (unsigned)c);
  }
  for (int lead = 0xD8; lead <= 0xDB; lead++)
    for (int t = 0; t < 256; t++) {
      char u[2] = {(char)lead, (char)t};
      if ((t & 0xC0) != 0x80 && nl_bidi__own_letter(u, 2))
        NL_FAIL("%02X %02X taken for a letter", lead, t);
    }
  NL_CHECK(!nl_bidi__own_letter("\xD8", 1));
}

static const nl_test tests[] = {
    NL_TEST(test_bidi_digest__verdicts),
    NL_TEST(test_bidi_digest__memo),
    NL_TEST(test_bidi_digest__no_marks),
    NL_TEST(test_bidi_digest__own_letter),
};

NL_TEST_MAIN(tests)
