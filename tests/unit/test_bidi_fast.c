/*
 * test_bidi_fast.c - the display-order oracle's shortcuts of branch
 * h-bidi16, held to its general path.
 *
 * The check judges some 5,000 Persian paragraphs a MB, each with a
 * number and its unit; the oracle (bidi.c) steps over their letters
 * sixteen bytes at a time, reads ASCII through one table, and keys its
 * memo of windows from the UTF-8. A work put in general mode
 * (nl_bidi__work_general) takes none of these; test_bidi_digest and
 * test_bidi hold the general path to what it gave before and to ICU.
 * Here: the table at every ASCII character against the property
 * functions, and many random paragraphs (Persian words with the
 * letters at the edges of the ranges the walk knows, marks, digits of
 * three systems, every ASCII character, joiners, brackets, numbers and
 * units) judged both ways, with the same hazards.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/error.h>

#include <unicode/uchar.h>

#include "bidi.h"
#include "check_internal.h"
#include "harness.h"

static void test_bidi_fast__ascii_class(void) {
  int wrong = 0;
  for (unsigned c = 0; c < 0x100; c++) {
    unsigned f = nl_bidi__ascii_class((unsigned char)c), want = 0;
    if (c < 0x80) {
      int d = nl_bidi__dir(c);
      want |= d == U_LEFT_TO_RIGHT ? NL_BIDI_A_L : 0;
      want |= nl_bidi__space(c) ? NL_BIDI_A_WS : 0;
      want |= d == U_EUROPEAN_NUMBER || d == U_ARABIC_NUMBER ? NL_BIDI_A_EN
                                                             : 0;
      want |= nl_bidi__sentence_mark(c) ? NL_BIDI_A_MARK : 0;
      want |= d == U_OTHER_NEUTRAL ? NL_BIDI_A_ON : 0;
      want |= c == '\n' ? NL_BIDI_A_STOP : 0;
      want |= c == '.' ? NL_BIDI_A_DOT : 0;
    }
    if (f != want && !wrong++)
      NL_FAIL("U+%04X: class %#x, want %#x", c, f, want);
  }
  NL_CHECK_INT(wrong, 0);
}

/* run_end's table of states: every entry it answers is its step's
 * answer, and a bracket, a dot and non-ASCII go to the step. */
static void test_bidi_fast__run_table(void) {
  NL_CHECK_INT(nl_bidi__run_table_wrong(), 0);
}

/* The memo's class of a unit through its table, and the general way,
 * at every unit. */
static void test_bidi_fast__memo_class(void) {
  int wrong = 0;
  for (uint32_t u = 0; u < 0x10000; u++) {
    int f = nl_bidi__memo_class((UChar)u, 1), g = nl_bidi__memo_class((UChar)u, 0);
    if (f != g && !wrong++)
      NL_FAIL("U+%04X: memo class %d, want %d", (unsigned)u, f, g);
  }
  NL_CHECK_INT(wrong, 0);
}

/* xorshift: the paragraphs are the same on every run */
static uint32_t rnd(uint32_t *st) {
  uint32_t x = *st;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *st = x;
}

static void put(char *out, size_t *n, size_t cap, const char *a) {
  size_t l = strlen(a);
  if (*n + l < cap) {
    memcpy(out + *n, a, l);
    *n += l;
  }
  out[*n] = '\0';
}

/* A UTF-8 code point into out. */
static void put_cp(char *out, size_t *n, size_t cap, uint32_t c) {
  char b[5] = {0};
  if (c < 0x80) {
    b[0] = (char)c;
  } else if (c < 0x800) {
    b[0] = (char)(0xC0 | c >> 6);
    b[1] = (char)(0x80 | (c & 0x3F));
  } else {
    b[0] = (char)(0xE0 | c >> 12);
    b[1] = (char)(0x80 | (c >> 6 & 0x3F));
    b[2] = (char)(0x80 | (c & 0x3F));
  }
  put(out, n, cap, b);
}

/* Arabic script around the edges of what the letter walk takes without
 * a look-up (U+0620..U+064A, U+0671..U+06D3): the letters at both
 * ends, the marks, digits and signs beside them. */
static uint32_t arabic(uint32_t *st) {
  static const uint32_t edge[] = {0x061F, 0x0620, 0x0621, 0x0649, 0x064A,
                                  0x064B, 0x0650, 0x0660, 0x0669, 0x066A,
                                  0x066B, 0x066C, 0x066E, 0x0670, 0x0671,
                                  0x0672, 0x06A9, 0x06CC, 0x06D2, 0x06D3,
                                  0x06D4, 0x06D5, 0x06F0, 0x06F9, 0x060C,
                                  0x061B, 0x0600, 0x05D0, 0x05EA};
  if (rnd(st) % 3 == 0)
    return edge[rnd(st) % (sizeof(edge) / sizeof(edge[0]))];
  if (rnd(st) % 8 == 0)
    return 0x0600 + rnd(st) % 0x100; /* anything of the block */
  return rnd(st) % 2 ? 0x0627 + rnd(st) % 0x24 : 0x0671 + rnd(st) % 0x63;
}

/* A paragraph: Persian words (one in four with ZWNJ or ZWJ after a
 * letter, now and then a character of the block that is no letter),
 * and between them now and then something else: a number and unit, an
 * ASCII character of any kind, Latin words, brackets and quotation
 * marks, an isolate, a new line. */
static size_t paragraph(uint32_t *st, char *out, size_t cap, int *marks) {
  static const char *const other[] = {
      " 97 MB",  " 10 km", " 1404",  " U.N.",  " C++",   " Yahoo!",
      " #tag",   " @x",    " $5",    " 45 %",  " -3",    " +1 202",
      " 1,000.5", " (", ")",  " \xC2\xAB", "\xC2\xBB", " \"", "\"",
      " \xE2\x81\xA6", "\xE2\x81\xA9", "\n", " \xDB\xB1\xDB\xB2",
      " \xD9\xA1\xD9\xA2", " Inc.", ". ", "\xE2\x80\x8F", " e.g. x"};
  size_t n = 0;
  int words = 1 + (int)(rnd(st) % 14);
  *marks = 0;
  out[0] = '\0';
  for (int w = 0; w < words; w++) {
    if (w > 0 || rnd(st) % 4 == 0)
      put(out, &n, cap, " ");
    int k = 1 + (int)(rnd(st) % 7);
    for (int i = 0; i < k; i++)
      put_cp(out, &n, cap, arabic(st));
    if (rnd(st) % 4 == 0)
      put_cp(out, &n, cap, rnd(st) % 5 ? 0x200C : 0x200D);
    if (rnd(st) % 3 == 0) {
      unsigned r = rnd(st) % 4;
      if (r == 0) {
        put_cp(out, &n, cap, 0x20 + rnd(st) % 0x5F); /* any ASCII */
      } else if (r == 1) {
        put(out, &n, cap, other[rnd(st) % (sizeof(other) / sizeof(*other))]);
      } else {
        put(out, &n, cap, rnd(st) % 2 ? " Reuters" : " BBC 2");
      }
    }
  }
  if (rnd(st) % 2) {
    put(out, &n, cap, " ");
    char num[16];
    snprintf(num, sizeof(num), "%u", (unsigned)(rnd(st) % 1000));
    put(out, &n, cap, num);
    put(out, &n, cap, rnd(st) % 2 ? " MB" : " kg");
  }
  for (size_t i = 0; i < n; i++)
    if (strchr("()[]{}\"", out[i]) || (unsigned char)out[i] == 0xC2)
      *marks = 1; /* (C2 AB, C2 BB: the quotation marks put above) */
  return n;
}

/* The walk over a block's own letters sixteen bytes at a time stops
 * where the walk a character at a time stops, with the same first and
 * last letters: on stretches of letters at the ranges' edges, spaces,
 * joiners, and now and then something else, from every character's
 * first byte. */
static void test_bidi_fast__own_walk(void) {
  uint32_t st = 1604u;
  long wrong = 0, long_walks = 0;
  for (int round = 0; round < 20000; round++) {
    char text[256];
    size_t n = 0, starts[256], ns = 0;
    int k = 1 + (int)(rnd(&st) % 60);
    text[0] = '\0';
    for (int i = 0; i < k; i++) {
      starts[ns++] = n;
      unsigned r = rnd(&st) % 16;
      if (r == 0)
        put(text, &n, sizeof(text), " ");
      else if (r == 1)
        put_cp(text, &n, sizeof(text), rnd(&st) % 4 ? 0x200C : 0x200D);
      else if (r == 2 && round % 4 == 0)
        put_cp(text, &n, sizeof(text), 0x20 + rnd(&st) % 0x5F);
      else if (r == 3 && round % 4 == 1)
        put_cp(text, &n, sizeof(text), 0x0780 + rnd(&st) % 0x80);
      else if (r == 4 || r == 5)
        put_cp(text, &n, sizeof(text), arabic(&st));
      else /* a letter of the walk's */
        put_cp(text, &n, sizeof(text),
               rnd(&st) % 2 ? 0x0620 + rnd(&st) % 0x2B : 0x0671 + rnd(&st) % 0x63);
    }
    for (size_t s = 0; s < ns; s++) {
      size_t f1, l1, f2, l2;
      size_t e1 = nl_bidi__own_walk(text, n, starts[s], 1, &f1, &l1);
      size_t e2 = nl_bidi__own_walk(text, n, starts[s], 0, &f2, &l2);
      long_walks += e2 - starts[s] >= 32;
      if ((e1 != e2 || f1 != f2 || l1 != l2) && !wrong++)
        NL_FAIL("round %d from %zu: stops at %zu (%zu, %zu), want %zu "
                "(%zu, %zu)",
                round, starts[s], e1, f1, l1, e2, f2, l2);
    }
  }
  NL_CHECK_INT(wrong, 0);
  if (getenv("NL_BIDI_FAST"))
    printf("%ld walks of 32 bytes or more\n", long_walks);
  NL_CHECK(long_walks > 10000); /* many walks go past one sixteen */
}

/* Paragraphs judged by one kept work taking the shortcuts (with
 * `marks` as the check passes it) and by a fresh work in general mode:
 * the same hazards. */
static void test_bidi_fast__same_hazards(void) {
  nl_bidi_work *fast = nl_bidi__work_new();
  uint32_t st = 16u;
  long judged = 0, found = 0, wrong = 0;
  for (int round = 0; fast && round < 100000; round++) {
    char text[1024];
    int marks;
    size_t n = paragraph(&st, text, sizeof(text), &marks);
    int rtl = rnd(&st) % 8 != 0;
    nl_error e1 = NL_ERROR_INIT, e2 = NL_ERROR_INIT;
    const nl_bidi_hazard *h1 = NULL;
    nl_bidi_hazard *h2 = NULL;
    size_t n1 = 0, n2 = 0;
    nl_bidi_work *general = nl_bidi__work_new();
    if (general == NULL)
      break;
    nl_bidi__work_general(general, 1);
    int rc1 = nl_bidi__hazards_kept(text, n, rtl, marks, fast, &h1, &n1, &e1);
    int rc2 = nl_bidi__hazards(text, n, rtl, 1, general, &h2, &n2, &e2);
    int same = rc1 == rc2 && n1 == n2;
    for (size_t i = 0; same && i < n1; i++)
      same = h1[i].start == h2[i].start && h1[i].end == h2[i].end &&
             h1[i].kind == h2[i].kind;
    if (!same && !wrong++)
      NL_FAIL("round %d (rtl %d): %zu hazards, general %zu: %s", round, rtl,
              n1, n2, text);
    judged++;
    found += (long)n2;
    free(h2);
    nl_bidi__work_free(general);
  }
  size_t hits = fast ? nl_bidi__memo_hits(fast) : 0;
  if (getenv("NL_BIDI_FAST"))
    printf("%ld judged, %ld hazards, %zu from the memo\n", judged, found, hits);
  NL_CHECK(hits > 20000); /* the memo answers for many windows */
  nl_bidi__work_free(fast);
  NL_CHECK_INT(wrong, 0);
  NL_CHECK(judged == 100000);
  NL_CHECK(found > 20000); /* there are hazards to find */
}

/* nl_chk__bidi's controls found in one look (a mask of a run of 16 to
 * 64 bytes) are those its step-by-step scan finds: random strings of
 * the controls, other E2 characters (ZWSP, quotation marks, U+2067's
 * neighbours), E2 with bytes whose low six bits read as a control's
 * (broken UTF-8), two E2 close together, an E2 cut off at the end,
 * ASCII and Persian letters, at every length from 0 to 80. */
static void test_bidi_fast__controls(void) {
  static const char *const piece[] = {
      "\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD",
      "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8",
      "\xE2\x81\xA9", "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\xA5",
      "\xE2\x81\xAA", "\xE2\x80\x8B", "\xE2\x80\x9C", "\xE2\x82\xAC",
      "\xE2\x40\x2E", "\xE2\xC1\x66", "\xE2\x00\xEA", "\xE2\xE2\x80\xAE",
      "\xE2\x80\xE2\x81\xA6", "\xE2", "\xE2\x80", "a", " ", "level 6: ",
      "\xD8\xB9", "\xD9\x84\xDB\x8C"};
  uint32_t st = 2021u;
  long wrong = 0, found = 0;
  for (int round = 0; round < 200000; round++) {
    char text[128];
    size_t n = 0, want[128], got[128];
    size_t len = (size_t)(rnd(&st) % 81);
    while (n < len) {
      const char *p = piece[rnd(&st) % (sizeof(piece) / sizeof(*piece))];
      if (rnd(&st) % 3 == 0)
        p = piece[23 + rnd(&st) % 5]; /* mostly text */
      for (; *p && n < len; p++)
        text[n++] = *p;
    }
    size_t n1 = nl_chk__bidi_controls(text, n, 1, got, 128);
    size_t n2 = nl_chk__bidi_controls(text, n, 0, want, 128);
    int same = n1 == n2;
    for (size_t i = 0; same && i < n1; i++)
      same = got[i] == want[i];
    if (!same && !wrong++)
      NL_FAIL("round %d (%zu bytes): %zu controls, step by step %zu", round,
              n, n1, n2);
    found += (long)n2;
  }
  NL_CHECK_INT(wrong, 0);
  NL_CHECK(found > 100000);
}

/* The memo's compare of a window's classes with an entry's, 32 bytes at
 * once: memcmp's answer for every n with one byte changed anywhere (in
 * the first n or after them) and with none. */
static void test_bidi_fast__same_classes(void) {
  uint32_t st = 32u;
  int wrong = 0;
  for (int round = 0; round < 2000; round++) {
    uint8_t x[32], y[32];
    for (int k = 0; k < 32; k++)
      x[k] = y[k] = (uint8_t)(rnd(&st) % 24);
    int at = (int)(rnd(&st) % 33); /* 32: none changed */
    if (at < 32)
      y[at] = (uint8_t)(y[at] + 1 + rnd(&st) % 200);
    for (int n = 0; n <= 32; n++) {
      int want = memcmp(x, y, (size_t)n) == 0;
      if (nl_bidi__same_classes(x, y, n) != want && !wrong++)
        NL_FAIL("changed at %d, n %d: %d, want %d", at, n, !want, want);
    }
  }
  NL_CHECK_INT(wrong, 0);
}

static const nl_test tests[] = {
    NL_TEST(test_bidi_fast__ascii_class),
    NL_TEST(test_bidi_fast__run_table),
    NL_TEST(test_bidi_fast__memo_class),
    NL_TEST(test_bidi_fast__own_walk),
    NL_TEST(test_bidi_fast__same_hazards),
    NL_TEST(test_bidi_fast__controls),
    NL_TEST(test_bidi_fast__same_classes),
};

NL_TEST_MAIN(tests)
