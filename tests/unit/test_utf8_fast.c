/*
 * test_utf8_fast.c - UTF-8 validation on both paths: the AVX2 one
 * (nl_utf8__invalid_at where the processor has AVX2) and the SSE2 one
 * (nl_utf8__invalid_at_sse2, every other x86-64), each held to ICU's
 * U8_NEXT (the first offset where it meets a byte that is not UTF-8).
 * Texts of ASCII runs long enough to fill whole blocks, characters of
 * two, three and four bytes, and bytes that break them, cut at every
 * length around the 32-byte blocks' edges. Fixed seed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "harness.h"
#include "util/utf8.h"

static uint32_t next(uint64_t *st) {
  *st = *st * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(*st >> 33);
}

/* The start of the first sequence ICU's U8_NEXT refuses (n: none). */
static size_t icu_invalid_at(const unsigned char *s, size_t n) {
  UChar32 c = 0;
  int32_t at = 0;
  for (int32_t i = 0; c >= 0 && (size_t)i < n;) {
    at = i;
    U8_NEXT(s, i, (int32_t)n, c);
  }
  return c < 0 ? (size_t)at : n;
}

/* Bytes that matter to a lead or a continuation. */
static const unsigned char edge[] = {
    0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
    0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3,
    0xF4, 0xF5, 0xFF};

static size_t text(uint64_t *st, unsigned char *b, size_t cap) {
  static const char *const pieces[] = {
      "a", " ", "\xd9\x83", "\xd0\xbe", "\xe2\x80\xae", "\xe2\x80\x8b",
      "\xe4\xb8\xad", "\xed\x9f\xbf", "\xe0\xa4\x85", "\xef\xbf\xbd",
      "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", "\xc3\xa9"};
  size_t n = 0;
  while (n + 4 < cap && next(st) % 64) {
    if (next(st) % 4 == 0) { /* an ASCII run: whole blocks of it */
      size_t run = next(st) % 80;
      for (size_t k = 0; k < run && n < cap; k++)
        b[n++] = (unsigned char)('a' + k % 26);
      continue;
    }
    const char *p = pieces[next(st) % (sizeof pieces / sizeof *pieces)];
    size_t l = strlen(p);
    memcpy(b + n, p, l);
    n += l;
  }
  size_t breaks = next(st) % 4;
  for (size_t k = 0; n && k < breaks; k++)
    b[next(st) % n] = edge[next(st) % sizeof edge];
  return n;
}

static long differ;

static void judge(const unsigned char *b, size_t n) {
  /* a heap copy of exactly n bytes: a load past it is ASan's */
  unsigned char *h = malloc(n ? n : 1);
  memcpy(h, b, n);
  size_t want = icu_invalid_at(h, n);
  size_t fast = nl_utf8__invalid_at((const char *)h, n);
  size_t sse2 = nl_utf8__invalid_at_sse2((const char *)h, n);
  if (fast != want || sse2 != want) {
    if (differ++ < 5)
      NL_FAIL("%zu bytes: ICU %zu, invalid_at %zu, sse2 %zu", n, want, fast,
              sse2);
  }
  free(h);
}

static void test_random_texts(void) {
  uint64_t st = 1616;
  unsigned char b[400];
  long bad = 0;
  differ = 0;
  for (int round = 0; round < 60000; round++) {
    size_t n = text(&st, b, sizeof b);
    judge(b, n);
    /* cut short near the blocks' edges (a sequence the end cuts) */
    for (size_t cut = 28; cut < n && cut < 100; cut += 1 + next(&st) % 8)
      judge(b, cut);
    bad += icu_invalid_at(b, n) != n;
  }
  NL_CHECK_INT(differ, 0);
  NL_CHECK(bad > 10000);
}

/* Two edge bytes then two more at every place around the first two
 * blocks' edges, after ASCII (then an ASCII block follows: what a lead
 * at a block's end leaves open) or after Arabic. */
static void test_block_edges(void) {
  unsigned char b[100];
  differ = 0;
  for (int prefix = 0; prefix < 2; prefix++)
    for (size_t at = 28; at <= 36; at++)
      for (size_t x = 0; x < sizeof edge; x++)
        for (size_t y = 0; y < sizeof edge; y++)
          for (size_t z = 0; z < sizeof edge; z++) {
            for (size_t k = 0; k < sizeof b; k++)
              b[k] = prefix && k < at ? (k % 2 ? 0x83 : 0xD9) : 'a';
            if (prefix && at % 2)
              b[at - 1] = 'a';
            b[at] = edge[x];
            b[at + 1] = edge[y];
            b[at + 2] = edge[z];
            b[at + 3] = edge[(x + y + z) % sizeof edge];
            judge(b, sizeof b);
            judge(b, at + 3);
          }
  NL_CHECK_INT(differ, 0);
}

static void test_which_path(void) {
  /* (the AVX2 path exists on x86-64 builds without -mavx2; whether it
   * runs is the processor's: both are held above either way) */
  NL_CHECK(nl_utf8__have_avx2() == 0 || nl_utf8__have_avx2() == 1);
}

static const nl_test tests[] = {
  NL_TEST(test_random_texts),
  NL_TEST(test_block_edges),
  NL_TEST(test_which_path),
};

NL_TEST_MAIN(tests)
