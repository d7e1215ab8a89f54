/*
 * test_limits.c - what newsloc writes it reads back, and what it cannot
 * take it refuses by name: never a silent cut or drop.
 *
 * The oracle is the library's own reader on its own output (and libxml2
 * behind it), with inputs at, and one past, each limit.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "harness.h"
#include "util/buf.h"

/* Reads `data` as `format`; returns the article or NULL with err. */
static nl_article *read_as(const char *data, size_t len,
                           nl_article_format format, nl_error *err) {
  nl_article *a = NULL;
  if (nl_article_read_memory(&a, data, len, format, "in", err) < 0)
    return NULL;
  return a;
}

/* NITF written, read back and written again gives the same bytes. */
static void check_reads_back(const nl_article *a) {
  nl_error err = NL_ERROR_INIT;
  nl_buf one = NL_BUF_INIT, two = NL_BUF_INIT;
  NL_CHECK_INT(nl_article_write_nitf(a, &one, &err), 0);
  nl_article *b = read_as(one.ptr, one.size, NL_FORMAT_NITF, &err);
  if (b == NULL)
    NL_FAIL("own NITF does not read back: %s", err.message);
  else
    NL_CHECK_INT(nl_article_write_nitf(b, &two, &err), 0);
  NL_CHECK(b == NULL || (one.size == two.size &&
                         memcmp(one.ptr, two.ptr, one.size) == 0));
  nl_article_free(b);
  nl_buf_dispose(&one);
  nl_buf_dispose(&two);
}

/* A paragraph of exactly NL_TEXT_MAX bytes, with characters the writer
 * escapes, goes out and comes back whole; one byte more is refused. */
static void test_limits__block_text(void) {
  size_t n = NL_TEXT_MAX;
  char *t = malloc(n + 1);
  for (size_t i = 0; i < n + 1; i++)
    t[i] = "a&<b >\"x"[i % 8];
  t[n - 1] = 'z'; /* no trailing space to trim */
  nl_article *a = NULL;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_article_new(&a, &err), 0);
  NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p1", t, n, NULL,
                                    &err),
               0);
  check_reads_back(a);
  NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p2", t, n + 1,
                                    NULL, &err),
               NL_EINVAL);
  NL_CHECK(strstr(err.message, "10000000") != NULL);
  nl_article_free(a);
  free(t);
}

/* An HTML paragraph past libxml2's 10,000,000-byte text run (which it
 * used to cut at without a word) is refused naming the limit. */
static void test_limits__html_long_text(void) {
  nl_buf page = NL_BUF_INIT;
  nl_buf__puts(&page, "<html><body><article><h1>Long one</h1><p>");
  while (page.size < NL_TEXT_MAX + 1000)
    nl_buf__puts(&page, "word ");
  nl_buf__puts(&page, "END</p></article></body></html>");
  nl_error err = NL_ERROR_INIT;
  nl_article *a = read_as(page.ptr, page.size, NL_FORMAT_HTML, &err);
  NL_CHECK(a == NULL);
  NL_CHECK(strstr(err.message, "limit is 10000000") != NULL);
  NL_CHECK_STR(err.path, "in");
  nl_article_free(a);
  nl_buf_dispose(&page);
}

static char *nested(size_t depth) {
  nl_buf page = NL_BUF_INIT;
  nl_buf__puts(&page, "<html><body><article><h1>Deep one</h1><p>x ");
  for (size_t i = 0; i < depth; i++)
    nl_buf__puts(&page, i % 2 ? "<span>" : "<em>");
  nl_buf__puts(&page, "DEEP");
  for (size_t i = depth; i-- > 0;)
    nl_buf__puts(&page, i % 2 ? "</span>" : "</em>");
  nl_buf__puts(&page, " y</p><p>after</p></article></body></html>");
  return nl_buf__detach(&page);
}

/* Text nested deeper than libxml2's HTML limit was dropped with the
 * rest of the page; now it is kept up to our own limit (the inline
 * elements too: the NITF reads back), and past it is an error. */
static void test_limits__html_depth(void) {
  nl_error err = NL_ERROR_INIT;
  char *ok = nested(190), *deep = nested(300);
  nl_article *a = read_as(ok, strlen(ok), NL_FORMAT_HTML, &err);
  NL_CHECK(a != NULL);
  if (a) {
    NL_CHECK_INT((long long)nl_article_block_count(a), 3);
    NL_CHECK_STR(nl_block_text(nl_article_block(a, 1), NULL), "x DEEP y");
    NL_CHECK_STR(nl_block_text(nl_article_block(a, 2), NULL), "after");
    check_reads_back(a);
  }
  nl_article_free(a);
  a = read_as(deep, strlen(deep), NL_FORMAT_HTML, &err);
  NL_CHECK(a == NULL);
  NL_CHECK(strstr(err.message, "deeper than 200") != NULL);
  nl_article_free(a);
  free(ok);
  free(deep);
}

/* Every C0 control and the non-characters XML cannot carry: in HTML
 * text and attribute values they go (FF and VT separate words), so the
 * NITF always reads back; the model refuses them from an API caller. */
static void test_limits__controls(void) {
  for (unsigned c = 1; c < 0x20; c++) {
    if (c == '\t' || c == '\n' || c == '\r')
      continue;
    char page[512];
    int n = snprintf(page, sizeof(page),
                     "<html><body><article><h1>Ctl</h1><p>one%ctwo "
                     "<a href=\"http://x.test/%c\" title=\"t%c\">l%cnk</a>"
                     "</p></article></body></html>",
                     c, c, c, c);
    nl_error err = NL_ERROR_INIT;
    nl_article *a = read_as(page, (size_t)n, NL_FORMAT_HTML, &err);
    if (a == NULL) {
      NL_FAIL("U+%04X: %s", c, err.message);
      continue;
    }
    const char *t = nl_block_text(nl_article_block(a, 1), NULL);
    int sep = c == '\f' || c == '\v';
    NL_CHECK_STR(t, sep ? "one two l nk" : "onetwo lnk");
    check_reads_back(a);
    nl_article_free(a);
    char text[] = "a?b";
    text[1] = (char)c;
    NL_CHECK_INT(nl_article_new(&a, &err), 0);
    NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_PARAGRAPH, NULL, text, 3,
                                      NULL, &err),
                 NL_EINVAL);
    NL_CHECK_INT(nl_article_set(a, NL_FIELD_SECTION, text, &err), NL_EINVAL);
    NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_PARAGRAPH, text, "ok", 2,
                                      NULL, &err),
                 NL_EINVAL);
    nl_article_free(a);
  }
  nl_article *a = NULL;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_article_new(&a, &err), 0);
  NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_PARAGRAPH, NULL,
                                    "a\xEF\xBF\xBE", 4, NULL, &err),
               NL_EINVAL);
  nl_article_free(a);
}

/* The TM takes no text XLIFF and TMX could not carry out again. */
static void test_limits__tm_controls(void) {
  char *path = nl_test_fresh("controls.sqlite");
  nl_tm *tm = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  NL_CHECK_INT(nl_tm_open(&tm, path, &o, &err), 0);
  nl_tm_entry e;
  memset(&e, 0, sizeof(e));
  e.source_lang = "en";
  e.target_lang = "fr";
  e.source = "Bell\a rings.";
  e.target = "La cloche sonne.";
  NL_CHECK_INT(nl_tm_add(tm, &e, &err), NL_EINVAL);
  NL_CHECK(strstr(err.message, "U+0007") != NULL);
  e.source = "Bell rings.";
  e.target = "La cloche\x1B sonne.";
  NL_CHECK_INT(nl_tm_add(tm, &e, &err), NL_EINVAL);
  e.target = "La cloche sonne.";
  NL_CHECK_INT(nl_tm_add(tm, &e, &err), 0);
  nl_tm_close(tm);
  free(path);
}

/* Names the writers could not put out as they are are refused. */
static void test_limits__names(void) {
  nl_article *a = NULL;
  nl_block *b = NULL;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_article_new(&a, &err), 0);
  NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p1", "ab cd", 5,
                                    &b, &err),
               0);
  static const char *const bad[] = {"a b", "x\"y", "<em>", "1em", "", "e=m"};
  for (size_t i = 0; b && i < sizeof(bad) / sizeof(bad[0]); i++) {
    nl_attr at = {bad[i], "v"};
    NL_CHECK_INT(nl_block_add_inline(b, bad[i], 0, 2, 0, NULL, 0, &err),
                 NL_EINVAL);
    NL_CHECK_INT(nl_block_add_inline(b, "em", 0, 2, 0, &at, 1, &err),
                 NL_EINVAL);
  }
  nl_attr ok[] = {{"xlink:href", "http://x.test/"},
                  {"xml:lang", "fr"},
                  {"xmlns:xlink", "http://www.w3.org/1999/xlink"}};
  NL_CHECK_INT(nl_block_add_inline(b, "a", 0, 2, 0, ok, 1, &err), NL_EINVAL);
  NL_CHECK_INT(nl_block_add_inline(b, "a", 0, 2, 0, ok, 3, &err), 0);
  check_reads_back(a);
  nl_article_free(a);
}

/* A NUL is no text in any format: an error with its position. */
static void test_limits__nul(void) {
  static const struct {
    nl_article_format f;
    const char *s;
    size_t len;
  } cases[] = {
      {NL_FORMAT_TEXT, "Headline\n\nOne\0two.\n", 20},
      {NL_FORMAT_HTML, "<html><body><p>One\n\0two</p></body></html>", 41},
      {NL_FORMAT_NITF, "<nitf>\n<body>\0</body></nitf>", 28},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    nl_error err = NL_ERROR_INIT;
    nl_article *a = read_as(cases[i].s, cases[i].len, cases[i].f, &err);
    NL_CHECK(a == NULL);
    NL_CHECK(strstr(err.message, "NUL byte") != NULL);
    NL_CHECK(err.line > 1 && err.column > 0);
    nl_article_free(a);
  }
}

static const nl_test tests[] = {
    NL_TEST(test_limits__block_text),
    NL_TEST(test_limits__html_long_text),
    NL_TEST(test_limits__html_depth),
    NL_TEST(test_limits__controls),
    NL_TEST(test_limits__nul),
    NL_TEST(test_limits__tm_controls),
    NL_TEST(test_limits__names),
};

NL_TEST_MAIN(tests)
