/*
 * test_check_chars.c - the control and private-use check finds its
 * characters 16 bytes at a time (nl_chk__char_suspect): the same bytes
 * as the test of each byte, over random bytes of every value and every
 * length and start.
 */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "harness.h"

/* A byte that can start a character char_at() objects to: C0 controls
 * but tab, LF, CR; DEL; C2 (C1 controls); EE..FF (private use,
 * noncharacters, U+FEFF, the planes beyond the BMP). */
static int suspect(unsigned char b) {
  return (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F ||
         b == 0xC2 || b >= 0xEE;
}

static size_t next_suspect(const unsigned char *s, size_t len, size_t i) {
  while (i < len && !suspect(s[i]))
    i++;
  return i;
}

static uint32_t next_below(uint32_t *rng, uint32_t below) {
  *rng = *rng * 1103515245u + 12345u;
  return (*rng >> 8) % below;
}

static void test_chars__suspect_bytes(void) {
  unsigned char s[96];
  uint32_t rng = 17;
  int fails = 0;
  for (int k = 0; k < 200000 && fails < 10; k++) {
    size_t len = next_below(&rng, sizeof(s) + 1);
    /* mostly plain bytes, so that a suspect one may come late */
    uint32_t rare = 1 + next_below(&rng, 64);
    for (size_t i = 0; i < len; i++)
      s[i] = (unsigned char)(next_below(&rng, rare) == 0
                                 ? next_below(&rng, 256)
                                 : 0x20 + next_below(&rng, 0x5F) +
                                       (next_below(&rng, 2) ? 0x60 : 0));
    size_t from = len ? next_below(&rng, (uint32_t)len + 1) : 0;
    for (size_t i = from; i <= len; i = next_suspect(s, len, i) + 1) {
      size_t want = next_suspect(s, len, i);
      size_t got = nl_chk__char_suspect((const char *)s, len, i);
      if (got != want) {
        NL_FAIL("%zu bytes from %zu: %zu where each byte says %zu", len, i,
                got, want);
        fails++;
        break;
      }
      if (want == len)
        break;
    }
  }
  NL_CHECK_INT(fails, 0);
}

/* Every byte value at every place of a block and of the tail. */
static void test_chars__every_byte_everywhere(void) {
  unsigned char s[40];
  int fails = 0;
  for (unsigned b = 0; b < 256; b++)
    for (size_t at = 0; at < sizeof(s); at++) {
      memset(s, 'a', sizeof(s));
      s[at] = (unsigned char)b;
      size_t want = suspect((unsigned char)b) ? at : sizeof(s);
      size_t got = nl_chk__char_suspect((const char *)s, sizeof(s), 0);
      if (got != want && fails++ < 10)
        NL_FAIL("byte %02X at %zu: %zu, not %zu", b, at, got, want);
    }
  NL_CHECK_INT(fails, 0);
}

static const nl_test tests[] = {
    NL_TEST(test_chars__suspect_bytes),
    NL_TEST(test_chars__every_byte_everywhere),
};

NL_TEST_MAIN(tests)
