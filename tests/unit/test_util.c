/*
 * test_util.c - buffers, UTF-8 checks, JSON, atomic writes, errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <newsloc/newsloc.h>

#include "error.h"
#include "harness.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/json.h"
#include "util/utf8.h"

static void test_util__utf8_positions(void) {
  nl_error err = NL_ERROR_INIT;
  const char ok[] = "caf\xc3\xa9\nna\xc3\xafve";
  NL_CHECK_INT(nl_utf8__check(ok, sizeof(ok) - 1, "x", &err), 0);
  const char bad[] = "ab\n\xc3\xa9z\xff";
  NL_CHECK_INT(nl_utf8__check(bad, sizeof(bad) - 1, "in.txt", &err),
               NL_EUTF8);
  NL_CHECK_INT(err.line, 2);
  NL_CHECK_INT(err.column, 3);
  NL_CHECK_STR(err.path, "in.txt");
  /* overlong, surrogate, past U+10FFFF, truncated */
  NL_CHECK_INT(nl_utf8__invalid_at("\xc0\xaf", 2), 0);
  NL_CHECK_INT(nl_utf8__invalid_at("a\xed\xa0\x80", 4), 1);
  NL_CHECK_INT(nl_utf8__invalid_at("\xf4\x90\x80\x80", 4), 0);
  NL_CHECK_INT(nl_utf8__invalid_at("ab\xe2\x82", 4), 2);
}

/* A byte string mixing ASCII runs (across the 16-byte blocks), every
 * sequence length and, now and then, a broken sequence. */
static size_t random_utf8(unsigned long *seed, unsigned char *b, size_t cap) {
  static const char *const pieces[] = {
      "a", "Obama said. ", "0123456789abcdefghij", "\xc3\xa9", "\xd8\xb3",
      "\xe2\x80\x8c", "\xe1\x80\x80", "\xef\xbf\xbf", "\xf0\x9f\x98\x80",
      "\xf4\x8f\xbf\xbf", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
      "\xe2\x82", "\x80", "\xff", "\xc2"};
  size_t n = 0, k = (*seed >> 8) % 12;
  for (size_t j = 0; j < k; j++) {
    *seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
    size_t pick = (*seed >> 33) % 100;
    /* mostly well-formed pieces; the last seven are broken or cut */
    const char *p = pieces[pick < 97 ? pick % 10 : 10 + pick % 7];
    size_t l = strlen(p);
    if (n + l > cap)
      break;
    memcpy(b + n, p, l);
    n += l;
  }
  return n;
}

/* Where ICU's U8_NEXT first meets a byte sequence that is not UTF-8. */
static size_t icu_invalid_at(const unsigned char *s, size_t n) {
  int32_t i = 0;
  while ((size_t)i < n) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, (int32_t)n, c);
    if (c < 0)
      return (size_t)at;
  }
  return n;
}

static void test_util__utf8_to_utf16(void) {
  unsigned long seed = 12345;
  unsigned char in[256];
  uint16_t ours[256];
  UChar icu[256];
  int bad = 0;
  for (int round = 0; round < 50000; round++) {
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    size_t n = random_utf8(&seed, in, sizeof in);
    UErrorCode ec = U_ZERO_ERROR;
    int32_t ilen = 0;
    u_strFromUTF8(icu, 256, &ilen, (const char *)in, (int32_t)n, &ec);
    int64_t olen = nl_utf8__to_utf16((const char *)in, n, ours);
    NL_CHECK_INT(olen >= 0, U_SUCCESS(ec) ? 1 : 0);
    NL_CHECK_INT(nl_utf8__invalid_at((const char *)in, n) == n, olen >= 0);
    NL_CHECK_INT(nl_utf8__invalid_at((const char *)in, n), icu_invalid_at(in, n));
    if (olen >= 0) {
      NL_CHECK_INT(olen, ilen);
      NL_CHECK_INT(memcmp(ours, icu, (size_t)ilen * 2), 0);
    } else {
      bad++;
    }
  }
  NL_CHECK(bad > 1000); /* the broken pieces were met */
}

/* Every pair of bytes, put into Arabic letters and spaces at the start,
 * the middle and the end of a 16-byte block and across two: the block
 * decoder must agree with ICU on which is well-formed and on what it
 * reads, at every boundary its checks meet. */
static void test_util__utf8_to_utf16_pairs(void) {
  /* Arabic letters, then a run of six CJK characters (three bytes
   * each), both 22 bytes */
  static const unsigned char texts[][23] = {
      "\xd8\xa8 \xd8\xa8\xd8\xa8 \xd9\x85\xd9\x86 a \xd8\xb3\xd8\xa7 "
      "\xd9\x84",
      "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe3\x80\x82\xef\xbc\x81"
      "\xe4\xb8\x80" "a \xc3\xa9"};
  enum { N = sizeof(texts[0]) - 1 };
  static const size_t offsets[] = {0, 1, 4, 7, 14, 15, 16, N - 2};
  unsigned char in[N];
  uint16_t ours[N];
  UChar icu[N];
  long differ = 0, bad = 0;
  for (size_t t = 0; t < 2; t++)
  for (size_t k = 0; k < sizeof(offsets) / sizeof(offsets[0]); k++)
    for (unsigned pair = 0; pair < 0x10000; pair++) {
      memcpy(in, texts[t], N);
      in[offsets[k]] = (unsigned char)(pair >> 8);
      in[offsets[k] + 1] = (unsigned char)pair;
      UErrorCode ec = U_ZERO_ERROR;
      int32_t ilen = 0;
      u_strFromUTF8(icu, N, &ilen, (const char *)in, N, &ec);
      int64_t olen = nl_utf8__to_utf16((const char *)in, N, ours);
      bad += olen < 0;
      differ += nl_utf8__invalid_at((const char *)in, N) != icu_invalid_at(in, N);
      differ += (olen >= 0) != (U_SUCCESS(ec) != 0) ||
                (olen >= 0 && (olen != ilen ||
                               memcmp(ours, icu, (size_t)ilen * 2) != 0));
    }
  NL_CHECK_INT(differ, 0);
  NL_CHECK(bad > 100000); /* broken pairs were among them */
}

/* Counts a first bad offset of ours that is not ICU's in *differ, and
 * an input that is not UTF-8 in *bad. */
static void against_icu(const unsigned char *in, size_t n, long *differ,
                        long *bad) {
  size_t want = icu_invalid_at(in, n);
  *differ += nl_utf8__invalid_at((const char *)in, n) != want;
  *bad += want < n;
}

/* Every four bytes of the values that matter to a lead or a trail,
 * inside the first 32-byte block (at 14) and across its end (at 29 to
 * 32), after text of one-, two-, three- and four-byte characters, the
 * buffer ending right after them or further on: the validator that
 * takes 32 bytes a step and hands what a block's last leads want to the
 * next must give ICU's first bad offset. */
static void test_util__utf8_blocks(void) {
  static const unsigned char vals[] = {
      0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
      0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF};
  enum { V = sizeof(vals), N = 72 };
  static const char *const fills[] = {
      "Obama said that the rest of it was fine at 10 a.m. and then he left "
      "the room.",
      "\xd8\xa8\xd8\xa8 \xd8\xb3\xd8\xa7 \xd9\x84\xd9\x85 \xd8\xa8\xd8\xa8"
      "\xd8\xa8\xd8\xa8 \xd8\xb3\xd8\xa7 \xd9\x84\xd9\x85 \xd8\xa8 \xd8\xa8"
      "\xd8\xa8\xd8\xa8 \xd8\xb3\xd8\xa7 \xd9\x84\xd9\x85 \xd8\xa8\xd8\xa8"
      "\xd8\xa8\xd8\xa8 \xd8\xb3\xd8\xa7 \xd9\x84\xd9\x85 ",
      "\xe4\xb8\xad\xe6\x96\x87\xe2\x80\x8c\xe5\xad\x97 \xf0\x9f\x98\x80"
      "\xe3\x80\x82\xef\xbc\x81\xe4\xb8\x80\xed\x9f\xbf\xe0\xa0\x80\xf4"
      "\x8f\xbf\xbf\xf0\x90\x80\x80\xe4\xb8\xad\xe6\x96\x87\xe2\x80\x8c"
      "\xe5\xad\x97 \xf0\x9f\x98\x80\xe3\x80\x82\xef\xbc\x81\xe4\xb8\x80"
      "\xe0\xa0\x80\xed\x9f\xbf a"};
  static const size_t offsets[] = {14, 29, 30, 31, 32};
  unsigned char in[N];
  long differ = 0, bad = 0;
  for (size_t f = 0; f < 3; f++) {
    NL_CHECK(strlen(fills[f]) >= N);
    if (strlen(fills[f]) < N)
      continue;
    for (size_t o = 0; o < sizeof offsets / sizeof *offsets; o++)
      for (unsigned q = 0; q < V * V * V * V; q++) {
        size_t at = offsets[o];
        memcpy(in, fills[f], N);
        in[at] = vals[q % V];
        in[at + 1] = vals[q / V % V];
        in[at + 2] = vals[q / (V * V) % V];
        in[at + 3] = vals[q / (V * V * V)];
        for (size_t n = at + 4; n <= N; n += N - at - 4)
          against_icu(in, n, &differ, &bad);
      }
  }
  NL_CHECK_INT(differ, 0);
  NL_CHECK(bad > 1000000);
}

/* Well-formed text of every length of character, 20 to 300 bytes, with
 * one to three bytes set to any value: the first bad offset is ICU's. */
static void test_util__utf8_mutated(void) {
  static const char *const pieces[] = {
      "a", "Obama said. ", "\xc3\xa9", "\xd8\xb3", "\xe2\x80\x8c",
      "\xe1\xbb\x87", "\xef\xbf\xbf", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf",
      "\xe0\xa0\x80", "\xed\x9f\xbf", "\xf0\x90\x80\x80", " "};
  unsigned long seed = 4242;
  unsigned char in[320];
  long differ = 0, bad = 0;
  for (int round = 0; round < 200000; round++) {
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    size_t want_len = 20 + (seed >> 40) % 281, n = 0;
    while (n < want_len) {
      seed = seed * 6364136223846793005UL + 1442695040888963407UL;
      const char *p = pieces[(seed >> 33) % 13];
      size_t l = strlen(p);
      if (n + l > sizeof in)
        break;
      memcpy(in + n, p, l);
      n += l;
    }
    for (int k = (int)((seed >> 20) % 4); k > 0; k--) {
      seed = seed * 6364136223846793005UL + 1442695040888963407UL;
      in[(seed >> 33) % n] = (unsigned char)(seed >> 17);
    }
    against_icu(in, n, &differ, &bad);
  }
  NL_CHECK_INT(differ, 0);
  NL_CHECK(bad > 50000);
}

/* White space without ICU where it can be settled so, ICU's elsewhere:
 * every code point. */
static void test_util__is_space(void) {
  long differ = 0;
  for (UChar32 c = 0; c <= 0x10FFFF; c++)
    differ += nl_utf8__is_space((uint32_t)c) !=
              (c == 0x200B || u_isUWhiteSpace(c));
  NL_CHECK_INT(differ, 0);
}

static void test_util__error_format(void) {
  nl_error err = NL_ERROR_INIT;
  char line[600];
  err.code = NL_EPARSE;
  snprintf(err.path, sizeof(err.path), "a.xml");
  err.line = 3;
  err.column = 7;
  snprintf(err.message, sizeof(err.message), "oops");
  nl_error_format(&err, line, sizeof(line));
  NL_CHECK_STR(line, "a.xml:3:7: oops");
  err.column = 0;
  nl_error_format(&err, line, sizeof(line));
  NL_CHECK_STR(line, "a.xml:3: oops");
}

/* A message longer than the record keeps its start, is cut at a
 * character boundary (here after two-byte and three-byte characters at
 * every offset) and says so with "…"; a 600-byte message is whole. */
static void test_util__error_cut(void) {
  static const char *const chars[] = {"\xc3\xa9", "\xe2\x80\x94", "x"};
  char msg[3000];
  for (size_t shift = 0; shift < 3; shift++)
    for (size_t c = 0; c < 3; c++) {
      nl_error err = NL_ERROR_INIT;
      size_t n = 0;
      for (; n < shift; n++)
        msg[n] = 'a';
      while (n + 4 < sizeof(msg)) {
        memcpy(msg + n, chars[c], strlen(chars[c]));
        n += strlen(chars[c]);
      }
      msg[n] = '\0';
      nl_error__set(&err, NL_EPARSE, "f", 1, 2, "start %s", msg);
      size_t len = strlen(err.message);
      NL_CHECK(len < sizeof(err.message) && len > sizeof(err.message) - 8);
      NL_CHECK(strncmp(err.message, "start ", 6) == 0);
      NL_CHECK(len >= 3 && strcmp(err.message + len - 3, "\xe2\x80\xa6") == 0);
      NL_CHECK(nl_utf8__invalid_at(err.message, len) == len);
    }
  nl_error err = NL_ERROR_INIT;
  memset(msg, 'y', 600);
  msg[600] = '\0';
  nl_error__set(&err, NL_EPARSE, NULL, 0, 0, "%s", msg);
  NL_CHECK_INT((int)strlen(err.message), 600);
}

static void test_util__json(void) {
  nl_error err = NL_ERROR_INIT;
  nl_json *v = NULL;
  const char *src = "{\"text\": \"a\\u00e9\\ud83d\\ude00\", \"n\": [1, 2.5, true, null]}";
  NL_CHECK_INT(nl_json__parse(&v, src, strlen(src), "t", 1, &err), 0);
  const nl_json *t = nl_json__get(v, "text");
  NL_CHECK(t && t->type == NL_JSON_STRING);
  if (t)
    NL_CHECK_STR(t->string, "a\xc3\xa9\xf0\x9f\x98\x80");
  const nl_json *n = nl_json__get(v, "n");
  NL_CHECK(n && n->count == 4 && n->items[1].number == 2.5);
  nl_json__free(v);
  const char *bad = "{\"a\": [1, }";
  NL_CHECK_INT(nl_json__parse(&v, bad, strlen(bad), "f.jsonl", 9, &err),
               NL_EPARSE);
  NL_CHECK_INT(err.line, 9);
  nl_buf b = NL_BUF_INIT;
  nl_json_escape(&b, "q\"\\\n\x01", 5);
  NL_CHECK_STR(b.ptr, "q\\\"\\\\\\n\\u0001");
  nl_buf_dispose(&b);
}

static void test_util__nfc(void) {
  nl_buf b = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  /* e + combining acute -> precomposed e-acute */
  NL_CHECK_INT(nl_icu__nfc(&b, "e\xcc\x81", 3, &err), 0);
  NL_CHECK_STR(b.ptr, "\xc3\xa9");
  NL_CHECK(!nl_icu__is_nfc("e\xcc\x81", 3));
  NL_CHECK(nl_icu__is_nfc("plain", 5));
  nl_buf_dispose(&b);
}

/* nl_icu__is_nfc against ICU on the whole text: every code point after
 * an ASCII prefix, before a combining mark, and past the stack buffer
 * (the prefix skipped, the short copy and the long one). */
static int icu_says_nfc(const char *s, size_t len) {
  nl_u16 u;
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  if (nl_u16__from_utf8(&u, s, len, 0, NULL) < 0)
    return -1;
  UBool ok = unorm2_isNormalized(nfc, u.s, u.len, &ec);
  nl_u16__dispose(&u);
  return U_SUCCESS(ec) && ok;
}

static void test_util__is_nfc_oracle(void) {
  char pad[1200];
  memset(pad, 'a', sizeof(pad));
  int wrong = 0, checked = 0;
  for (UChar32 c = 0x80; c <= 0x10FFFF; c += c < 0x3000 ? 1 : 61) {
    if (c >= 0xD800 && c <= 0xDFFF)
      continue;
    char cp[8];
    int32_t n = 0;
    UBool bad = 0;
    U8_APPEND((uint8_t *)cp, n, (int32_t)sizeof(cp), c, bad);
    if (bad)
      continue;
    const char *tails[] = {"", "\xcc\x81", "\xd9\x94", "z"};
    for (size_t prefix = 0; prefix <= 1100; prefix += 550)
      for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
        char s[1300];
        size_t len = prefix;
        memcpy(s, pad, prefix);
        memcpy(s + len, cp, (size_t)n);
        len += (size_t)n;
        memcpy(s + len, tails[t], strlen(tails[t]));
        len += strlen(tails[t]);
        checked++;
        wrong += nl_icu__is_nfc(s, len) != icu_says_nfc(s, len);
      }
  }
  NL_CHECK(checked > 100000);
  NL_CHECK_INT(wrong, 0);
  /* the ASCII character before a mark composes with it */
  NL_CHECK(!nl_icu__is_nfc("abce\xcc\x81", 6));
  NL_CHECK(!nl_icu__is_nfc("<\xcc\xb8", 3));
}

static void test_util__atomic_write(void) {
  nl_error err = NL_ERROR_INIT;
  char *path = nl_test_path("NL_TEST_TMP", "atomic.txt");
  NL_CHECK_INT(nl_file_write_atomic(path, "one", 3, &err), 0);
  NL_CHECK_INT(nl_file_write_atomic(path, "two!", 4, &err), 0);
  nl_buf b = NL_BUF_INIT;
  NL_CHECK_INT(nl_file_read(path, &b, &err), 0);
  NL_CHECK_STR(b.ptr, "two!");
  nl_buf_dispose(&b);
  unlink(path);
  /* A directory that does not exist: an error, and nothing written. */
  NL_CHECK_INT(nl_file_write_atomic("/nonexistent-dir/x", "a", 1, &err),
               NL_EIO);
  NL_CHECK_STR(err.path, "/nonexistent-dir/x");
  free(path);
}

static void test_util__direction(void) {
  NL_CHECK_INT(nl_lang_is_rtl("fa"), 1);
  NL_CHECK_INT(nl_lang_is_rtl("fa-AF"), 1);
  NL_CHECK_INT(nl_lang_is_rtl("ps"), 1);
  NL_CHECK_INT(nl_lang_is_rtl("ckb"), 1);
  NL_CHECK_INT(nl_lang_is_rtl("ur"), 1);
  NL_CHECK_INT(nl_lang_is_rtl("ku"), 0);
  NL_CHECK_INT(nl_lang_is_rtl("ha"), 0);
  NL_CHECK_INT(nl_lang_is_rtl("ru"), 0);
  NL_CHECK_INT(nl_lang_is_rtl("en-US"), 0);
}

/* A piece cut to fit is whole characters: over every cut of a text of
 * one- to four-byte characters, the longest prefix ICU's U8_NEXT reads
 * as whole characters within the room. */
static void test_util__utf8_fit(void) {
  static const char text[] = "a\xc3\xa9\xd8\xb9\xe0\xb8\x81" "b\xf0\x9f\x98\x80"
                             "\xe2\x80\x8c\xdb\x8cz";
  size_t n = sizeof(text) - 1;
  for (size_t cap = 0; cap <= n + 2; cap++) {
    size_t want = 0;
    for (int32_t i = 0; i < (int32_t)n;) {
      UChar32 c;
      U8_NEXT(text, i, (int32_t)n, c);
      if ((size_t)i > cap)
        break;
      want = (size_t)i;
    }
    size_t got = nl_utf8__fit(text, n, cap);
    if (got != want)
      NL_FAIL("cap %zu: kept %zu bytes, want %zu", cap, got, want);
  }
}

static const nl_test tests[] = {
  NL_TEST(test_util__utf8_fit),
  NL_TEST(test_util__utf8_positions), NL_TEST(test_util__utf8_to_utf16),
      NL_TEST(test_util__utf8_to_utf16_pairs), NL_TEST(test_util__is_space),
      NL_TEST(test_util__utf8_blocks), NL_TEST(test_util__utf8_mutated),
  NL_TEST(test_util__error_format),  NL_TEST(test_util__error_cut),
  NL_TEST(test_util__json),           NL_TEST(test_util__nfc),
  NL_TEST(test_util__is_nfc_oracle),
  NL_TEST(test_util__atomic_write),   NL_TEST(test_util__direction),
};

NL_TEST_MAIN(tests)
