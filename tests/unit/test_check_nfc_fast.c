/*
 * test_check_nfc_fast.c - the not-nfc and private-use findings keep
 * their messages' arguments once (check_text.c: by the NFC memo's slot
 * and the count of places, by the private-use code point) and say what
 * the general way says: one document of many paragraphs against each
 * paragraph checked alone by a checker of its own, which meets every
 * stretch and code point first. The paragraphs hold more distinct
 * stretches than the memo has slots (so slots are filled anew under
 * kept arguments), counts of places past the ones kept, stretches too
 * long for the memo, and private use of the BMP and beyond it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "harness.h"
#include "util/buf.h"

static uint32_t next_below(uint32_t *rng, uint32_t below) {
  *rng = *rng * 1103515245u + 12345u;
  return (*rng >> 8) % below;
}

/* The ids and messages of the findings of a checker that meets `doc`
 * first, one a line, appended to out. */
static void say(nl_buf *out, const char *doc, size_t len) {
  nl_error err = NL_ERROR_INIT;
  nl_checker *k = NULL;
  if (nl_checker_new(&k, NULL, &err) < 0 ||
      nl_check_memory(k, doc, len, "p.xml", &err) < 0)
    NL_FAIL("%s", err.message);
  size_t n = k ? nl_checker_count(k) : 0;
  for (size_t i = 0; i < n; i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    nl_buf__printf(out, "%s %s\n", f ? f->id : "-", f ? f->message : "-");
  }
  nl_checker_free(k);
}

/* `paras`, paragraphs one a line, as one document and each alone: the
 * same findings and messages (those of each alone into `alone`). */
static void same_as_alone(const nl_buf *paras, nl_buf *alone) {
  static const char head[] = "<nitf><body>\n", tail[] = "</body></nitf>\n";
  nl_buf all = NL_BUF_INIT, one = NL_BUF_INIT, got = NL_BUF_INIT;
  nl_buf__puts(&all, head);
  nl_buf__put(&all, paras->ptr, paras->size);
  nl_buf__puts(&all, tail);
  say(&got, all.ptr, all.size);
  const char *p = paras->ptr, *end = paras->ptr + paras->size;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
    nl_buf__clear(&one);
    nl_buf__puts(&one, head);
    nl_buf__put(&one, p, n);
    nl_buf__puts(&one, tail);
    say(alone, one.ptr, one.size);
    p += n;
  }
  NL_CHECK_STR(got.ptr ? got.ptr : "", alone->ptr ? alone->ptr : "");
  nl_buf_dispose(&all);
  nl_buf_dispose(&one);
  nl_buf_dispose(&got);
}

static void put_cp(nl_buf *b, uint32_t c) {
  char u[4];
  size_t n;
  if (c < 0x80) {
    u[0] = (char)c, n = 1;
  } else if (c < 0x800) {
    u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
  } else if (c < 0x10000) {
    u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | (c >> 6 & 0x3F));
    u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
  } else {
    u[0] = (char)(0xF0 | c >> 18), u[1] = (char)(0x80 | (c >> 12 & 0x3F));
    u[2] = (char)(0x80 | (c >> 6 & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F));
    n = 4;
  }
  nl_buf__put(b, u, n);
}

/* A word: letters, some followed by marks (NFD where they compose). */
static void put_word(nl_buf *b, uint32_t *rng) {
  static const uint32_t base[] = {'a', 'e', 'o', 'u', 'i', 'y', 'A', 'E',
                                  'O', 'n', 'c', 's', 0x00E2, 0x00F4,
                                  0x01A1, 0x0103, 0x0435, 0x03B1};
  static const uint32_t mark[] = {0x0300, 0x0301, 0x0303, 0x0309, 0x0323,
                                  0x0302, 0x0306, 0x031B, 0x0308, 0x0327,
                                  0x0316, 0x0345, 0x030C, 0x0328};
  const uint32_t nb = sizeof(base) / sizeof(base[0]),
                 nm = sizeof(mark) / sizeof(mark[0]);
  uint32_t letters = 1 + next_below(rng, 5);
  for (uint32_t i = 0; i < letters; i++) {
    put_cp(b, base[next_below(rng, nb)]);
    uint32_t marks = next_below(rng, 4);
    if (next_below(rng, 40) == 0)
      marks = 8; /* longer than the memo keeps */
    for (uint32_t k = 0; k < marks; k++)
      put_cp(b, mark[next_below(rng, nm)]);
  }
}

static uint32_t private_use(uint32_t *rng) {
  switch (next_below(rng, 4)) {
  case 0:
    return 0xE000 + next_below(rng, 0x80);
  case 1:
    return 0xF000 + next_below(rng, 0x80);
  case 2:
    return 0xE000 + next_below(rng, 0x1900);
  default:
    return next_below(rng, 2) ? 0xF0000 + next_below(rng, 0xFFFE)
                              : 0x100000 + next_below(rng, 0xFFFE);
  }
}

static void test_nfc_fast__kept_as_alone(void) {
  uint32_t rng = 23;
  nl_buf paras = NL_BUF_INIT, alone = NL_BUF_INIT;
  for (int i = 0; i < 400; i++) {
    nl_buf__puts(&paras, "<p xml:lang=\"vi\">");
    /* up to 24 words: counts of places past NL_CHK_NFC_PLACES */
    uint32_t words = 1 + next_below(&rng, 24);
    for (uint32_t w = 0; w < words; w++) {
      put_word(&paras, &rng);
      if (next_below(&rng, 5) == 0)
        put_cp(&paras, private_use(&rng));
      nl_buf__puts(&paras, " ");
    }
    nl_buf__puts(&paras, "</p>\n");
  }
  same_as_alone(&paras, &alone);
  NL_CHECK(alone.size > 10000);
  NL_CHECK(alone.ptr && strstr(alone.ptr, "places in this paragraph"));
  NL_CHECK(alone.ptr && strstr(alone.ptr, "private-use character U+E"));
  nl_buf_dispose(&paras);
  nl_buf_dispose(&alone);
}

/* Few letters, often met: the memos keep their slots, so one stretch
 * reported with every count from 1 to 22 meets the arguments kept for
 * the counts before (and, past NL_CHK_NFC_PLACES, none). */
static void test_nfc_fast__counts_kept_apart(void) {
  static const char *const first[] = {"cu\u0309a", "ngo\u0302n",
                                      "Vie\u0323\u0302t", "ba\u0301o",
                                      "\u00e2\u0301"};
  static const char *const more[] = {"tho\u0302ng", "mai",  "ha\u0300",
                                     "chi\u0301nh", "the\u0302\u0301",
                                     "\ue001"};
  uint32_t rng = 41;
  nl_buf paras = NL_BUF_INIT, alone = NL_BUF_INIT;
  for (int i = 0; i < 300; i++) {
    nl_buf__puts(&paras, "<p xml:lang=\"vi\">");
    nl_buf__puts(&paras, first[next_below(&rng, 5)]);
    uint32_t words = next_below(&rng, 22);
    for (uint32_t w = 0; w < words; w++) {
      nl_buf__puts(&paras, " ");
      nl_buf__puts(&paras, more[next_below(&rng, 6)]);
    }
    nl_buf__puts(&paras, "</p>\n");
  }
  same_as_alone(&paras, &alone);
  NL_CHECK(alone.ptr && strstr(alone.ptr, "(9 places in this paragraph)"));
  NL_CHECK(alone.ptr && strstr(alone.ptr, "(3 places in this paragraph)"));
  NL_CHECK(alone.ptr && strstr(alone.ptr, "(16 places in this paragraph)"));
  NL_CHECK(alone.ptr && strstr(alone.ptr, "(17 places in this paragraph)"));
  nl_buf_dispose(&paras);
  nl_buf_dispose(&alone);
}

static const nl_test tests[] = {
    NL_TEST(test_nfc_fast__kept_as_alone),
    NL_TEST(test_nfc_fast__counts_kept_apart),
};

NL_TEST_MAIN(tests)
