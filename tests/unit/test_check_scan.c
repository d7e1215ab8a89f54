/*
 * test_check_scan.c - the XML scanner's shortcuts against its general
 * path: attribute names found 16 bytes at a time against a walk a byte
 * at a time, and a tag's quoted values found once (by the walk to the
 * tag's end) against the search read_attrs() makes itself. Fixed seeds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "check_scan.h"
#include "harness.h"
#include "util/buf.h"

static uint32_t next(uint64_t *st) {
  *st = *st * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(*st >> 33);
}

static size_t name_end_walk(const char *s, size_t i, size_t end) {
  while (i < end && s[i] != '=' && s[i] != '/' && s[i] != ' ' &&
         s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
    i++;
  return i;
}

/* Random bytes of names, their ends and other markup, every start and
 * end in buffers of every length up to 70 (the 16-byte loads near the
 * buffer's end and past the tag's). */
static void test_attr_name_end(void) {
  static const char alphabet[] = "ax:-=/ \t\n\r\"'><&\xc3\xa9\x80";
  uint64_t st = 7;
  char buf[70];
  long differ = 0, cases = 0;
  for (int round = 0; round < 3000; round++) {
    size_t len = next(&st) % (sizeof buf + 1);
    unsigned spread = 1 + next(&st) % 12; /* (names of many lengths) */
    for (size_t k = 0; k < len; k++)
      buf[k] = next(&st) % spread ? 'n'
                                  : alphabet[next(&st) % (sizeof alphabet - 1)];
    /* a heap copy of exactly len bytes: a load past it is ASan's */
    char *s = malloc(len ? len : 1);
    memcpy(s, buf, len);
    for (size_t end = 0; end <= len; end++)
      for (size_t i = 0; i <= end; i++) {
        cases++;
        differ += nl_chk__attr_name_end(s, i, end, len) !=
                  name_end_walk(s, i, end);
      }
    free(s);
  }
  NL_CHECK_INT(differ, 0);
  NL_CHECK(cases > 1000000);
}

typedef struct found {
  char id[40];
  size_t offset;
} found;

/* The findings of doc (id and offset), NULL on failure; *n their count. */
static found *check_doc(const char *doc, size_t len, size_t *n) {
  nl_check_options o = NL_CHECK_OPTIONS_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_checker *k = NULL;
  *n = 0;
  if (nl_checker_new(&k, &o, &err) < 0)
    return NULL;
  if (nl_check_memory(k, doc, len, "doc.xml", &err) < 0) {
    nl_checker_free(k);
    return NULL;
  }
  size_t count = nl_checker_count(k);
  found *v = calloc(count ? count : 1, sizeof(*v));
  for (size_t i = 0; v && i < count; i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    snprintf(v[i].id, sizeof v[i].id, "%s", f->id);
    v[i].offset = f->offset;
  }
  *n = count;
  nl_checker_free(k);
  return v;
}

/* A start tag's attributes (odd quoting, quotes inside values, spaces
 * around '=', values that are runs of their own, language and
 * direction) after four quoted values that take every place the scanner
 * keeps (so that it looks for the rest's quotes itself, the general
 * path) and without them: the same findings at the same places. */
static void test_attr_quotes(void) {
  static const char *const attrs[] = {
      " title=\"V\"", " alt='V'", " data=\"a'bV\"", " note='a\"V'",
      "  lang = \"vi\" ", " xml:lang=\"fa\"", " dir=\"rtl\"", " dir='ltr'",
      " x='V' y=\"V\"", "/", " t=\"\"", " u='V'/"};
  static const char *const vals[] = {"plain", "\u202eowner\u202c",
                                     "to\u200bken", "&#x202E;x", "c\u043elor",
                                     "\u0643\u062a\u0627\u0628"};
  static const char *const texts[] = {"text", "c\u043elor \u202ex\u202c",
                                      "\u0643\u062a\u0627\u0628 \u064a"};
  static const char prefix[] = " p1=\"1\" p2='2' p3=\"3\" p4='4'";
  uint64_t st = 11;
  long differ = 0, findings = 0;
  for (int round = 0; round < 400; round++) {
    nl_buf tag = NL_BUF_INIT;
    size_t n = 1 + next(&st) % 4;
    for (size_t a = 0; a < n; a++) {
      const char *t = attrs[next(&st) % (sizeof attrs / sizeof *attrs)];
      for (; *t; t++)
        if (*t == 'V')
          nl_buf__puts(&tag, vals[next(&st) % (sizeof vals / sizeof *vals)]);
        else
          nl_buf__put(&tag, t, 1);
    }
    const char *text = texts[next(&st) % 3];
    nl_buf plain = NL_BUF_INIT, general = NL_BUF_INIT;
    nl_buf__printf(&plain, "<nitf><body><p%.*s>%s</p></body></nitf>\n",
                   (int)tag.size, tag.ptr, text);
    nl_buf__printf(&general, "<nitf><body><p%s%.*s>%s</p></body></nitf>\n",
                   prefix, (int)tag.size, tag.ptr, text);
    size_t at = strlen("<nitf><body><p"), shift = strlen(prefix);
    size_t na, nb;
    found *a = check_doc(plain.ptr, plain.size, &na);
    found *b = check_doc(general.ptr, general.size, &nb);
    differ += a == NULL || b == NULL || na != nb;
    for (size_t i = 0; a && b && i < na && i < nb; i++) {
      size_t ob = b[i].offset >= at + shift ? b[i].offset - shift : b[i].offset;
      if (strcmp(a[i].id, b[i].id) != 0 || a[i].offset != ob) {
        differ++;
        NL_FAIL("round %d: %s at %zu, general path %s at %zu", round,
                a[i].id, a[i].offset, b[i].id, ob);
      }
    }
    findings += (long)na;
    free(a);
    free(b);
    nl_buf_dispose(&tag);
    nl_buf_dispose(&plain);
    nl_buf_dispose(&general);
  }
  NL_CHECK_INT(differ, 0);
  NL_CHECK(findings > 400); /* attribute runs and text were judged */
}

static const nl_test tests[] = {
  NL_TEST(test_attr_name_end),
  NL_TEST(test_attr_quotes),
};

NL_TEST_MAIN(tests)
