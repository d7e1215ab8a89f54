/*
 * test_check_positions.c - a finding's line and column, and the order
 * of a file's findings, as a walk a byte at a time gives them.
 *
 * check.c counts line feeds and characters 16 bytes at a time between
 * one finding and the next (bits by popcnt where the processor has it,
 * else by table: both tested), and knows a file's findings are in order
 * from each run's edge instead of comparing them all again: both held
 * to the plain walk on random bytes and random documents (fixed seeds).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "check_internal.h"
#include "harness.h"
#include "util/buf.h"

static uint32_t next(uint64_t *st) {
  *st = *st * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(*st >> 33);
}

/* Line and column of byte `off` of s, a byte at a time from the start. */
static void walk(const char *s, size_t off, unsigned long *line,
                 unsigned long *col) {
  unsigned long ln = 1, cl = 1;
  for (size_t i = 0; i < off; i++) {
    unsigned char b = (unsigned char)s[i];
    if (b == '\n')
      ln++, cl = 1;
    else
      cl += (b & 0xC0) != 0x80;
  }
  *line = ln;
  *col = cl;
}

/* Random bytes (line feeds, ASCII, lead and continuation bytes, some
 * not UTF-8 at all), walked from offset to offset in random steps, up
 * to the buffer's last byte (fewer than 16 left to read). */
static void test_advance_random(void) {
  uint64_t st = 13;
  static const unsigned char pick[] = {'\n', '\n', 'a', ' ', '<', 0x7F,
                                       0xC3, 0xA9, 0xE2, 0x80, 0xAE, 0xBF,
                                       0xC0, 0xF0, 0x9F, 0xFF, 0x00, '\r'};
  char buf[700];
  for (int round = 0; round < 3000; round++) {
    size_t len = next(&st) % sizeof(buf);
    for (size_t i = 0; i < len; i++)
      buf[i] = (char)(next(&st) % 4 ? pick[next(&st) % sizeof(pick)]
                                    : (unsigned char)next(&st));
    unsigned long line = 1, col = 1;
    size_t at = 0;
    while (at < len) {
      size_t step = next(&st) % 4 == 0 ? next(&st) % 200 : next(&st) % 20;
      size_t off = at + step < len ? at + step : len;
      unsigned long tl = line, tc = col;
      nl_chk__advance(buf, len, at, off, &line, &col);
      nl_chk__advance_table(buf, len, at, off, &tl, &tc);
      unsigned long wl, wc;
      walk(buf, off, &wl, &wc);
      if (line != wl || col != wc || tl != wl || tc != wc) {
        NL_FAIL("round %d: %zu..%zu of %zu: %lu:%lu, want %lu:%lu", round,
                at, off, len, line, col, wl, wc);
        return;
      }
      at = off;
      if (step == 0)
        at++, walk(buf, at, &line, &col);
    }
  }
}

#define TEN(s) s s s s s s s s s s

/* Random documents whose findings come out of order (a title's run is
 * checked before the text around its element; references; line feeds
 * inside paragraphs): every finding placed as the walk places it, and
 * in file order. */
static void test_findings_placed(void) {
  static const char *const bits[] = {
    "plain ", "\u202eowner\u202c ", "to\u200bken ", "c\u043elor ",
    "\n", "\n\n", "&amp; ", "&#x202E;x ", "\u00e9t\u00e9 ", "\ue000 ",
    "<b>bold\u200b</b> ", "<i title=\"t\u200bi\u202e\">in</i> ",
    /* far apart: more than 256 bytes, over several lines */
    TEN("a line of plain words\n") TEN("more words, \u00e9t\u00e9 ") "\n",
    TEN(TEN("x")) TEN(TEN("y")) TEN(TEN("\u00e9")) " ",
    "\u0643\u062a\u0627\u0628 ", "Vie\u0302\u0323t ", "\t", "\r\n"};
  static const char *const langs[] = {"", " xml:lang=\"fa\"",
                                      " xml:lang=\"vi\"", " xml:lang=\"en\""};
  uint64_t st = 29;
  for (int round = 0; round < 60; round++) {
    nl_buf doc = NL_BUF_INIT;
    nl_buf__puts(&doc, "<nitf><body>\n");
    size_t paras = 1 + next(&st) % 40;
    for (size_t p = 0; p < paras; p++) {
      nl_buf__printf(&doc, "<p%s>", langs[next(&st) % 4]);
      size_t n = next(&st) % 12;
      for (size_t b = 0; b < n; b++)
        nl_buf__puts(&doc, bits[next(&st) % (sizeof(bits) / sizeof(*bits))]);
      nl_buf__puts(&doc, next(&st) % 3 ? "</p>\n" : "</p>");
    }
    nl_buf__puts(&doc, "</body></nitf>\n");
    nl_check_options o = NL_CHECK_OPTIONS_INIT;
    nl_error err = NL_ERROR_INIT;
    nl_checker *k = NULL;
    if (nl_checker_new(&k, &o, &err) < 0) {
      NL_FAIL("%s", err.message);
      nl_buf_dispose(&doc);
      return;
    }
    if (nl_check_memory(k, doc.ptr, doc.size, "doc.xml", &err) < 0)
      NL_FAIL("%s", err.message);
    size_t last = 0;
    for (size_t i = 0; i < nl_checker_count(k); i++) {
      const nl_check_finding *f = nl_checker_finding(k, i);
      if (f == NULL)
        break;
      unsigned long wl, wc;
      walk(doc.ptr, f->offset, &wl, &wc);
      NL_CHECK(f->offset >= last);
      if (f->line != wl || f->column != wc)
        NL_FAIL("round %d, %s at %zu: %lu:%lu, want %lu:%lu", round, f->id,
                f->offset, f->line, f->column, wl, wc);
      last = f->offset;
    }
    NL_CHECK(round > 0 || nl_checker_count(k) > 0 || paras < 3);
    nl_checker_free(k);
    nl_buf_dispose(&doc);
  }
}

static const nl_test tests[] = {
  NL_TEST(test_advance_random),
  NL_TEST(test_findings_placed),
};

NL_TEST_MAIN(tests)
