/*
 * test_check_emit_fast.c - the recorder's short ways held to the
 * general ones (fixed seeds).
 *
 * Positions are placed by a walk 64 bytes at a time whose masks serve
 * every finding in a block (nl_chk__place): held to a walk a byte at a
 * time, with popcnt and with the table, on random bytes whose every
 * buffer is allocated to its length (ASan sees a read past the end).
 *
 * A format whose one argument is an integer is kept without a va_list
 * (nl_chk__emit_num, by nl_chk__msg_keep_num): each message held to
 * the one printf writes from the value passed as the format's type,
 * and to the one kept the variadic way.
 */
#define _POSIX_C_SOURCE 200809L /* strnlen (check_message.h) */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "check_internal.h"
#include "check_message.h"
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

/* `fmt`'s one argument kept the variadic way; the message written. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void written_variadic(nl_chk_msgs *m, nl_buf *out, const char *fmt,
                             ...) {
  va_list ap;
  size_t first = 0;
  const char *kept = fmt;
  va_start(ap, fmt);
  NL_CHECK_INT(nl_chk__msg_keep(m, fmt, ap, &first, &kept), 0);
  va_end(ap);
  NL_CHECK_INT(nl_chk__msg_write(m, kept, first, -1, out), 0);
}

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
/* The message printf and the variadic keeping write for `fmt` (of
 * conversion `type`) with v converted to that type. */
static void written_typed(nl_chk_msgs *m, const char *fmt, int type,
                          long long v, char *want, size_t cap, nl_buf *out) {
  switch (type) {
  case 'i':
    snprintf(want, cap, fmt, (int)v);
    written_variadic(m, out, fmt, (int)v);
    break;
  case 'u':
    snprintf(want, cap, fmt, (unsigned)v);
    written_variadic(m, out, fmt, (unsigned)v);
    break;
  case 'l':
    snprintf(want, cap, fmt, (long)v);
    written_variadic(m, out, fmt, (long)v);
    break;
  case 'L':
    snprintf(want, cap, fmt, (unsigned long)v);
    written_variadic(m, out, fmt, (unsigned long)v);
    break;
  case 'q':
    snprintf(want, cap, fmt, v);
    written_variadic(m, out, fmt, v);
    break;
  case 'Q':
    snprintf(want, cap, fmt, (unsigned long long)v);
    written_variadic(m, out, fmt, (unsigned long long)v);
    break;
  default:
    snprintf(want, cap, fmt, (size_t)v);
    written_variadic(m, out, fmt, (size_t)v);
    break;
  }
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

static void test_num_kept(void) {
  static const struct {
    const char *fmt;
    int type;
  } fmts[] = {
    {"private-use character U+%04X: it shows as whatever", 'u'},
    {"%d places", 'i'}, {"[%5d]", 'i'}, {"%u", 'u'}, {"%x|", 'u'},
    {"%08x", 'u'}, {"%hd", 'i'}, {"%hu", 'u'}, {"%hhu", 'u'},
    {"%c!", 'i'}, {"%ld", 'l'}, {"%lu", 'L'}, {"%lld", 'q'},
    {"%llu", 'Q'}, {"%zu bytes", 'z'}, {"%-6d|", 'i'}, {"%.3d", 'i'},
    {"100%% %o", 'u'}};
  static const long long vals[] = {0,       1,          -1,   65,
                                   0xE000,  0x10FFFD,   -77,  4294967295ll,
                                   4294967296ll, -4294967297ll, 123456789012ll,
                                   (long long)(~0ull >> 1)};
  nl_chk_msgs *m = nl_chk__msgs_new();
  nl_buf got = NL_BUF_INIT, var = NL_BUF_INIT;
  char want[256];
  NL_CHECK(m != NULL);
  for (size_t round = 0; m && round < 3; round++) /* the store grows */
    for (size_t i = 0; i < sizeof(fmts) / sizeof(*fmts); i++)
      for (size_t j = 0; j < sizeof(vals) / sizeof(*vals); j++) {
        long long v = vals[j];
        if (strstr(fmts[i].fmt, "%c"))
          v = 32 + (v & 63); /* (printable: the messages are text) */
        size_t first = 0;
        nl_buf__clear(&got);
        nl_buf__clear(&var);
        written_typed(m, fmts[i].fmt, fmts[i].type, v, want, sizeof(want),
                      &var);
        NL_CHECK_INT(nl_chk__msg_keep_num(m, fmts[i].fmt, v, &first), 0);
        NL_CHECK_INT(nl_chk__msg_write(m, fmts[i].fmt, first, -1, &got), 0);
        if (strcmp(got.ptr ? got.ptr : "", want) != 0 ||
            strcmp(var.ptr ? var.ptr : "", want) != 0)
          NL_FAIL("%s with %lld: \"%s\" (variadic \"%s\"), want \"%s\"",
                  fmts[i].fmt, v, got.ptr ? got.ptr : "",
                  var.ptr ? var.ptr : "", want);
      }
  size_t none = 0;
  static const char *const refused[] = {"%s", "%d and %d", "%*d", "none",
                                        "%.*d", "%f", "%s %d"};
  for (size_t i = 0; m && i < sizeof(refused) / sizeof(*refused); i++)
    NL_CHECK_INT(nl_chk__msg_keep_num(m, refused[i], 1, &none), NL_EINVAL);
  nl_buf_dispose(&got);
  nl_buf_dispose(&var);
  nl_chk__msgs_free(m);
}

static const nl_test tests[] = {
  NL_TEST(test_place_random),
  NL_TEST(test_num_kept),
};

NL_TEST_MAIN(tests)
