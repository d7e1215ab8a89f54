/*
 * test_check_chars.c - the control and private-use check finds its
 * characters 16 bytes at a time (nl_chk__char_suspect): the same bytes
 * as the test of each byte, over random bytes of every value and every
 * length and start (nl_chk__char_suspects64's four steps, moved back
 * at the end); and its findings of private use and the other kinds say
 * each code point at its place as the definition does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "check_internal.h"
#include "harness.h"
#include "util/buf.h"
#include "util/utf8.h"

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

/* Every code point of U+E000..U+F8FF twice (the second
 * finding's message is kept from the first), after 0 to 69 letters so
 * that it meets every place of the 64-byte steps and their edges, with
 * the characters of the other lead bytes char_at() objects to around
 * them: one finding each, its id, code point, offset and message. */
static void test_chars__private_use_everywhere(void) {
  static const uint32_t others[] = {0xFB00, 0x100,  0xFDD0,  0xFEFF, 0x85,
                                    0xEFFF, 0xD7FF, 0x1F600, 0xF0000};
  nl_buf doc = NL_BUF_INIT;
  size_t want_n = 0, at[2 * 0x1900 + 2 * 9];
  uint32_t want_cp[2 * 0x1900 + 2 * 9];
  const char *want_id[2 * 0x1900 + 2 * 9];
  nl_buf__puts(&doc, "<nitf><body>\n");
  for (uint32_t k = 0; k < 2 * 0x1900 + 2 * 9; k++) {
    uint32_t cp = k < 2 * 0x1900 ? 0xE000 + k % 0x1900 : others[k % 9];
    char u[4];
    size_t n = nl_utf8__encode(cp, u);
    nl_buf__puts(&doc, "<p>");
    for (uint32_t j = 0; j < k % 70; j++)
      nl_buf__puts(&doc, "a");
    const char *id = (cp >= 0xE000 && cp <= 0xF8FF) || cp == 0xF0000
                         ? "private-use"
                     : cp == 0xFDD0 ? "noncharacter"
                     : cp == 0xFEFF ? "bom-not-at-start"
                     : cp == 0x85   ? "control-char"
                                    : NULL;
    if (id) {
      at[want_n] = doc.size;
      want_cp[want_n] = cp;
      want_id[want_n++] = id;
    }
    nl_buf__put(&doc, u, n);
    nl_buf__puts(&doc, " b</p>\n");
  }
  nl_buf__puts(&doc, "</body></nitf>\n");
  nl_error err = NL_ERROR_INIT;
  nl_checker *k = NULL;
  if (nl_checker_new(&k, NULL, &err) < 0 ||
      nl_check_memory(k, doc.ptr, doc.size, "p.xml", &err) < 0)
    NL_FAIL("%s", err.message);
  size_t n = k ? nl_checker_count(k) : 0, fails = 0;
  NL_CHECK_INT((long)n, (long)want_n);
  for (size_t i = 0; i < n && i < want_n && fails < 10; i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    char hex[16];
    snprintf(hex, sizeof(hex), "U+%04X", (unsigned)want_cp[i]);
    if (!f || strcmp(f->id, want_id[i]) != 0 ||
        f->codepoint != (long)want_cp[i] || f->offset != at[i] ||
        (strcmp(f->id, "private-use") == 0 && !strstr(f->message, hex))) {
      NL_FAIL("finding %zu: %s U+%04lX at %zu (%s), not %s %s at %zu", i,
              f ? f->id : "-", f ? (unsigned long)f->codepoint : 0UL,
              f ? f->offset : 0, f ? f->message : "-", want_id[i], hex, at[i]);
      fails++;
    }
  }
  NL_CHECK_INT((long)fails, 0);
  nl_checker_free(k);
  nl_buf_dispose(&doc);
}

static const nl_test tests[] = {
    NL_TEST(test_chars__suspect_bytes),
    NL_TEST(test_chars__every_byte_everywhere),
    NL_TEST(test_chars__private_use_everywhere),
};

NL_TEST_MAIN(tests)
