/*
 * test_check_emit_fast.c - the recorder's short ways held to the
 * general ones (fixed seeds).
 *
 * Positions are placed by a walk 64 bytes at a time whose masks serve
 * every finding in a block (nl_chk__place): held to a walk a byte at a
 * time, with popcnt and with the table, on random bytes whose every
 * buffer is allocated to its length (ASan sees a read past the end).
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
static void walk(const char *s, size_t len, size_t off, unsigned long *line,
                 unsigned long *col) {
  unsigned long ln = 1, cl = 1;
  for (size_t i = 0; i < off && i < len; i++) {
    unsigned char b = (unsigned char)s[i];
    if (b == '\n')
      ln++, cl = 1;
    else
      cl += (b & 0xC0) != 0x80;
  }
  *line = ln;
  *col = cl;
}

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

/* Random bytes: line feeds (some lines over 256 bytes, walked over by
 * memchr), ASCII, lead and continuation bytes, bytes that are not
 * UTF-8; offsets at random, sorted, some the same, some at or past the
 * end; now and then a buffer's offsets not sorted (the walk starts
 * again). */
static void test_place_random(void) {
  uint64_t st = 71;
  static const unsigned char pick[] = {'\n', 'a', ' ', '<', 0x7F, 0xC3,
                                       0xA9, 0xE2, 0x80, 0xAE, 0xBF, 0xC0,
                                       0xF0, 0x9F, 0xFF, 0x00, '\r', '\t'};
  enum { MAX_OFFS = 300 };
  size_t off[MAX_OFFS];
  unsigned long line[MAX_OFFS], col[MAX_OFFS], tl[MAX_OFFS], tc[MAX_OFFS];
  for (int round = 0; round < 4000; round++) {
    size_t len = round % 10 == 0 ? next(&st) % 5000 : next(&st) % 400;
    unsigned lf_odds = 2 + next(&st) % 300; /* one line feed in ... */
    char *buf = malloc(len ? len : 1);
    if (buf == NULL) {
      NL_FAIL("no memory");
      return;
    }
    for (size_t i = 0; i < len; i++)
      buf[i] = (char)(next(&st) % lf_odds == 0 ? '\n'
                      : next(&st) % 4         ? pick[1 + next(&st) % (sizeof(pick) - 1)]
                                              : (unsigned char)next(&st));
    size_t n = next(&st) % MAX_OFFS;
    for (size_t i = 0; i < n; i++)
      off[i] = next(&st) % 50 == 0 ? len + next(&st) % 3
                                   : next(&st) % (len + 1);
    if (round % 7 != 0)
      qsort(off, n, sizeof(*off), cmp_size);
    nl_chk__place(buf, len, off, n, line, col, 0);
    nl_chk__place(buf, len, off, n, tl, tc, 1);
    for (size_t i = 0; i < n; i++) {
      unsigned long wl, wc;
      walk(buf, len, off[i], &wl, &wc);
      if (line[i] != wl || col[i] != wc || tl[i] != wl || tc[i] != wc) {
        NL_FAIL("round %d: offset %zu of %zu (#%zu): %lu:%lu (table "
                "%lu:%lu), want %lu:%lu",
                round, off[i], len, i, line[i], col[i], tl[i], tc[i], wl, wc);
        free(buf);
        return;
      }
    }
    free(buf);
  }
}

static const nl_test tests[] = {
  NL_TEST(test_place_random),
};

NL_TEST_MAIN(tests)
