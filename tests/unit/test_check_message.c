/*
 * test_check_message.c - a message kept as format and arguments is
 * written byte for byte as printf writes it.
 *
 * check_message.c writes the conversions the checks use most by hand
 * and hands every other one to snprintf with its '*' spelled out; the
 * oracle is vsnprintf on the same format and arguments. Also: strings
 * are copied when kept (the check's buffer may change after), the store
 * grows across many findings, and NL_CHK_NAME becomes ICU's name.
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

/* Keeps `fmt`'s arguments; `*kept` is the format to write them with. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static size_t keep(nl_chk_msgs *m, const char **kept, const char *fmt, ...) {
  va_list ap;
  size_t first = 0;
  va_start(ap, fmt);
  NL_CHECK_INT(nl_chk__msg_keep(m, fmt, ap, &first, kept), 0);
  va_end(ap);
  return first;
}

static void written_as(nl_chk_msgs *m, const char *fmt, size_t first,
                       const char *want) {
  nl_buf got = NL_BUF_INIT;
  NL_CHECK_INT(nl_chk__msg_write(m, fmt, first, 0x202E, &got), 0);
  NL_CHECK_STR(got.ptr ? got.ptr : "", want);
  nl_buf_dispose(&got);
}

/* `fmt` with its arguments, against vsnprintf. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void same(nl_chk_msgs *m, const char *fmt, ...) {
  char want[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(want, sizeof(want), fmt, ap);
  va_end(ap);
  const char *kept = fmt;
  size_t first = 0;
  va_start(ap, fmt);
  NL_CHECK_INT(nl_chk__msg_keep(m, fmt, ap, &first, &kept), 0);
  va_end(ap);
  written_as(m, kept, first, want);
}

static void test_like_printf(void) {
  nl_chk_msgs *m = nl_chk__msgs_new();
  NL_CHECK(m != NULL);
  if (m == NULL)
    return;
  same(m, "plain text, no conversion");
  same(m, "%s and %s", "one", "");
  same(m, "%d %d %d %i", 0, -7, -2147483647 - 1, 2147483647);
  same(m, "%u %zu %lu %ld %lld %llu", 4294967295u, (size_t)-1, 12ul, -12l,
       -9223372036854775807ll - 1, 18446744073709551615ull);
  same(m, "U+%04X U+%04X U+%04X %02X %02x %08X", 0x41u, 0x202Eu, 0x10FFFFu,
       0xEDu, 0xABu, 0u);
  same(m, "%x %X %o %#x %#o %+d % d %5d|%-5d|%05d", 255u, 255u, 8u, 255u, 8u,
       3, 3, 42, 42, 42);
  same(m, "%10s|%-10s|%.2s|%7.3s|", "right", "left", "cut", "cutoff");
  same(m, "%.*s|%.*s|%.*s", 3, "abcdef", 0, "abc", -1, "negative: all");
  same(m, "%*d|%*d|%-*s|", 6, 7, -6, 7, 4, "ab");
  same(m, "%*.*s|", 8, 2, "abcdef");
  same(m, "100%% %s%%", "done");
  same(m, "%c%c %hd %hhu", 'o', 'k', (short)-3, (unsigned char)200);
  same(m, "%5.1f %e %p %jd", 2.25, 1e10, (void *)m, (intmax_t)-5);
  same(m, "%s: %s letters in %s, which writes %s (%zu places, U+%04X)",
       "x", "Latin", "Persian", "Arabic", (size_t)3, 0x6CCu);
  nl_chk__msgs_free(m);
}

static void test_strings_copied(void) {
  nl_chk_msgs *m = nl_chk__msgs_new();
  char word[16] = "g\u043e\u043egle";
  const char *fmt = NULL;
  size_t first = keep(m, &fmt, "the word \"%s\" mixes %s and %s letters",
                      word, "Latin", "Cyrillic");
  memcpy(word, "XXXXXXX", 8);
  /* many more findings: the store grows (moves) under the first */
  const char *g = NULL;
  for (int i = 0; i < 20000; i++)
    keep(m, &g, "%s %d %s", "a longer string of some length", i, "another");
  written_as(m, fmt, first,
             "the word \"g\u043e\u043egle\" mixes Latin and Cyrillic letters");
  nl_chk__msgs_free(m);
}

static void test_name(void) {
  nl_chk_msgs *m = nl_chk__msgs_new();
  const char *fmt = NULL;
  size_t first = keep(m, &fmt, "%s forces the display order", NL_CHK_NAME);
  written_as(m, fmt, first,
             "RIGHT-TO-LEFT OVERRIDE (U+202E) forces the display order");
  const char *wide = NULL;
  first = keep(m, &wide, "[%40s]", NL_CHK_NAME);
  written_as(m, wide, first, "[         RIGHT-TO-LEFT OVERRIDE (U+202E)]");
  nl_chk__msgs_free(m);
}

/* A format whose one argument is the character's name keeps it once
 * for all its findings (nl_chk__emit_name): each written as printf's
 * way of keeping writes it, with its own character's name; a format
 * with no argument is kept as none; any other is refused. */
static void test_name_kept_once(void) {
  nl_chk_msgs *m = nl_chk__msgs_new();
  const char *fmt = "%s forces the display order";
  size_t first = 0, again = 1, none = 0;
  NL_CHECK_INT(nl_chk__msg_keep_name(m, fmt, &first), 0);
  for (int i = 0; i < 3000; i++) { /* other findings' arguments between */
    const char *kept = NULL;
    keep(m, &kept, "%s and %d", "x", i);
  }
  NL_CHECK_INT(nl_chk__msg_keep_name(m, fmt, &again), 0);
  NL_CHECK(first == again);
  const char *plain = NULL;
  size_t by_keep = keep(m, &plain, "%s forces the display order", NL_CHK_NAME);
  nl_buf want = NL_BUF_INIT, got = NL_BUF_INIT;
  for (long cp = 0x202A; cp <= 0x202E; cp++) {
    nl_buf__clear(&want);
    nl_buf__clear(&got);
    NL_CHECK_INT(nl_chk__msg_write(m, plain, by_keep, cp, &want), 0);
    NL_CHECK_INT(nl_chk__msg_write(m, fmt, again, cp, &got), 0);
    NL_CHECK(want.size > 30);
    NL_CHECK_STR(got.ptr, want.ptr);
  }
  NL_CHECK_INT(nl_chk__msg_keep_name(m, "no argument", &none), 0);
  written_as(m, "no argument", none, "no argument");
  NL_CHECK_INT(nl_chk__msg_keep_name(m, "%s and %s", &none), NL_EINVAL);
  NL_CHECK_INT(nl_chk__msg_keep_name(m, "%.4s", &none), NL_EINVAL);
  NL_CHECK_INT(nl_chk__msg_keep_name(m, "U+%04X", &none), NL_EINVAL);
  nl_buf_dispose(&want);
  nl_buf_dispose(&got);
  nl_chk__msgs_free(m);
}

/* Keeps `fmt`'s arguments, bit i of `lasting` saying argument i lives as
 * long as the store. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static size_t keep_lasting(nl_chk_msgs *m, unsigned lasting, const char **kept,
                           const char *fmt, ...) {
  va_list ap;
  size_t first = 0;
  va_start(ap, fmt);
  NL_CHECK_INT(nl_chk__msg_keep_lasting(m, fmt, lasting, ap, &first, kept), 0);
  va_end(ap);
  return first;
}

/* Strings that outlive the store are copied once and shared by every
 * finding that passes them, among strings that are copied each time
 * (a buffer changed after each finding), NL_CHK_NAME, NULL and a
 * precision; the store grows under them. Each message is what printf
 * makes of the same arguments. */
static void test_lasting(void) {
  static const char *const sets[] = {"persian-kaf", "persian-yeh",
                                     "arabic-digits", ""};
  static const char *const froms[] = {"\u0643", "\u064a", "\u0660"};
  nl_chk_msgs *m = nl_chk__msgs_new();
  enum { N = 3000 };
  size_t *first = calloc(N, sizeof(*first));
  const char **fmt = calloc(N, sizeof(*fmt));
  char (*want)[256] = calloc(N, sizeof(*want));
  NL_CHECK(m && first && fmt && want);
  if (!m || !first || !fmt || !want)
    return;
  char buf[32];
  for (int i = 0; i < N; i++) {
    const char *set = sets[i % 4], *from = froms[i % 3];
    snprintf(buf, sizeof(buf), "word %d", i);
    if (i % 5 == 0) {
      first[i] = keep_lasting(m, 1u << 1, &fmt[i], "%s in \"%s\" (%s)",
                              NL_CHK_NAME, from, buf);
      snprintf(want[i], sizeof(want[i]),
               "RIGHT-TO-LEFT OVERRIDE (U+202E) in \"%s\" (%s)", from, buf);
    } else if (i % 5 == 1) {
      /* a lasting bit on a precision or on NULL changes nothing */
      const char *volatile none = NULL; /* (printf's "(null)") */
      first[i] = keep_lasting(m, 0x7u, &fmt[i], "%.3s|%s|%d", set, none, i);
      snprintf(want[i], sizeof(want[i]), "%.3s|(null)|%d", set, i);
    } else {
      first[i] = keep_lasting(m, 1u | 1u << 2 | 1u << 3,
                              &fmt[i], "\"%s\" (%s) writes \"%s\" (rule set %s)",
                              from, buf, set, sets[(i + 1) % 4]);
      snprintf(want[i], sizeof(want[i]),
               "\"%s\" (%s) writes \"%s\" (rule set %s)", from, buf, set,
               sets[(i + 1) % 4]);
    }
    memset(buf, 'X', sizeof(buf) - 1); /* the check's buffer changes */
  }
  for (int i = 0; i < N; i++)
    written_as(m, fmt[i], first[i], want[i]);
  nl_chk__msgs_free(m);
  free(first);
  free(fmt);
  free(want);
}

/* Each finding's id and message, one a line (the document's findings
 * in order). */
static void messages(const char *doc, nl_buf *out) {
  nl_check_options o = NL_CHECK_OPTIONS_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_checker *k = NULL;
  if (nl_checker_new(&k, &o, &err) < 0) {
    NL_FAIL("%s", err.message);
    return;
  }
  if (nl_check_memory(k, doc, strlen(doc), "doc.xml", &err) < 0)
    NL_FAIL("%s", err.message);
  for (size_t i = 0; i < nl_checker_count(k); i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    if (f)
      nl_buf__printf(out, "%s %s\n", f->id, f->message);
  }
  nl_checker_free(k);
}

/* Findings whose arguments are kept once (a rule's, a service's
 * foreign script, the invisible checks' by language tag, more tags
 * than the checker keeps) say what a checker that meets each paragraph
 * first says: one document of 300 paragraphs in random languages and
 * order against each paragraph checked alone. */
static void test_arguments_kept_once(void) {
  static const char *const langs[] = {"en", "fa-IR", "de", "ru-RU",
                                      "uz-Latn-UZ", "fa-AF", "ur-PK",
                                      /* the driver finds a tag of up to 7
                                         bytes by its bytes in 4 slots */
                                      "", "vi", "abcdefg", "abcdefgh"};
  static const char *const bits[] = {
    "g\u043eogle", "spl\u200bit", "\u0643\u062a\u0627\u0628",
    "\u0639\u0644\u064a", "\u0646\u0645\u06cc\u200c ", "\u03b1\u03b2",
    "\u0434\u0430", "o'zbek", "word", "\u00a0", "\ue001", "\u2060",
    /* the character's name alone, kept once (nl_chk__emit_name) */
    "\u202eab", "\u202a\u202c\u202c", "\u200c"};
  uint32_t rng = 11;
  nl_buf all = NL_BUF_INIT, alone = NL_BUF_INIT, got = NL_BUF_INIT,
         p = NL_BUF_INIT;
  nl_buf__puts(&all, "<nitf><body>\n");
  for (int i = 0; i < 300; i++) {
    nl_buf__clear(&p);
    rng = rng * 1103515245u + 12345u;
    nl_buf__printf(&p, "<p xml:lang=\"%s\">",
                   langs[(rng >> 8) % (sizeof(langs) / sizeof(langs[0]))]);
    for (int w = 0; w < 6; w++) {
      rng = rng * 1103515245u + 12345u;
      nl_buf__puts(&p, bits[(rng >> 8) % (sizeof(bits) / sizeof(bits[0]))]);
      nl_buf__puts(&p, " ");
    }
    nl_buf__puts(&p, "</p>\n");
    nl_buf__put(&all, p.ptr, p.size);
    nl_buf one = NL_BUF_INIT;
    nl_buf__puts(&one, "<nitf><body>\n");
    nl_buf__put(&one, p.ptr, p.size);
    nl_buf__puts(&one, "</body></nitf>\n");
    messages(one.ptr, &alone);
    nl_buf_dispose(&one);
  }
  nl_buf__puts(&all, "</body></nitf>\n");
  messages(all.ptr, &got);
  NL_CHECK(alone.size > 1000);
  NL_CHECK_STR(got.ptr ? got.ptr : "", alone.ptr ? alone.ptr : "");
  nl_buf_dispose(&all);
  nl_buf_dispose(&alone);
  nl_buf_dispose(&got);
  nl_buf_dispose(&p);
}

/* Formats whose addresses share a slot (the hash is the address over
 * 8, modulo the slots) each keep a place of their own: the second is
 * not parsed again, nor the first, however they alternate. */
static void test_formats_of_one_slot(void) {
  enum { STEP = 8 * NL_CHK_FMT_SLOTS };
  static char buf[3 * STEP + 64];
  nl_chk_msgs *m = nl_chk__msgs_new();
  char *base = buf + (8 - (uintptr_t)buf % 8) % 8;
  const char *fmt[3];
  for (int i = 0; i < 3; i++) {
    char *f = base + (size_t)i * STEP;
    snprintf(f, 32, "%s %%d of %d", i == 1 ? "two" : "one", i);
    fmt[i] = f;
  }
  const nl_chk_fmt_info *first = m ? nl_chk__msg_fmt(m, fmt[0]) : NULL;
  const nl_chk_fmt_info *second = m ? nl_chk__msg_fmt(m, fmt[1]) : NULL;
  NL_CHECK(first != NULL && second != NULL && first != second);
  for (int round = 0; m && round < 4; round++) {
    NL_CHECK(nl_chk__msg_fmt(m, fmt[0]) == first);
    NL_CHECK(nl_chk__msg_fmt(m, fmt[1]) == second);
  }
  if (first && second) {
    NL_CHECK(first->fmt == fmt[0] && second->fmt == fmt[1]);
    NL_CHECK(first->ok && first->n == 1 && second->ok && second->n == 1);
  }
  /* a third takes one of the two places, rightly parsed */
  const nl_chk_fmt_info *third = m ? nl_chk__msg_fmt(m, fmt[2]) : NULL;
  NL_CHECK(third != NULL && third->fmt == fmt[2] && third->n == 1);
  NL_CHECK(m == NULL || nl_chk__msg_fmt(m, fmt[0])->fmt == fmt[0]);
  nl_chk__msgs_free(m);
}

/* Rule ids whose addresses share a slot of the checker's (address over
 * 8, modulo 64): copies of three ids put 512 bytes apart. Each finding
 * still goes to its own rule, however they alternate. */
static int emit_colliding(nl_check_ctx *c, const nl_run *r, void *ud) {
  const char *const *ids = ud;
  /* two in turn (the second in the slot after), then all three */
  static const int order[] = {0, 1, 0, 1, 1, 0, 2, 0, 2, 1, 2, 2, 1, 0, 2};
  for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
    if (nl_chk__emit(c, ids[order[i]], r, 0, -1, "a finding of %d",
                     order[i]) < 0)
      return -1;
  return 0;
}

static void test_rules_of_one_slot(void) {
  static const char *const names[] = {"not-nfc", "private-use",
                                      "confusable"};
  static char buf[3 * 512 + 64];
  char *base = buf + (8 - (uintptr_t)buf % 8) % 8;
  const char *ids[3];
  for (int i = 0; i < 3; i++) {
    char *id = base + (size_t)i * 512;
    snprintf(id, 32, "%s", names[i]);
    ids[i] = id;
  }
  nl_check_options opt = NL_CHECK_OPTIONS_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_checker *k = NULL;
  NL_CHECK_INT(nl_checker_new(&k, &opt, &err), 0);
  if (k == NULL)
    return;
  nl_checker__run_hook(k, emit_colliding, (void *)ids);
  static const char doc[] = "<p>one run</p>";
  NL_CHECK_INT(nl_check_memory(k, doc, sizeof(doc) - 1, "doc.xml", &err), 0);
  for (int i = 0; i < 3; i++)
    NL_CHECK_INT((long)nl_checker_count_rule(k, names[i]), 5);
  nl_checker_free(k);
}

static const nl_test tests[] = {
  NL_TEST(test_rules_of_one_slot),
  NL_TEST(test_formats_of_one_slot),
  NL_TEST(test_arguments_kept_once),
  NL_TEST(test_like_printf),
  NL_TEST(test_lasting),
  NL_TEST(test_strings_copied),
  NL_TEST(test_name),
  NL_TEST(test_name_kept_once),
};

NL_TEST_MAIN(tests)
