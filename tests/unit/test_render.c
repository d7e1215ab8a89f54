/*
 * test_render.c - the review page: lang and dir, <bdi>, fonts, escaping.
 *
 * The page is checked as text here (and in a browser by
 * tests/render/chromium.sh): what matters is that every <bdi> nests with
 * the links and emphasis around it whatever the article holds, that
 * text and attributes are escaped, that a link an article carries cannot
 * run script, and that each column of a side-by-side review carries its
 * own language, direction and fonts.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>
#include <newsloc/render.h>

#include "harness.h"

#define LRI "\xE2\x81\xA6"
#define PDI "\xE2\x81\xA9"
#define RLO "\xE2\x80\xAE"

static nl_article *article(const char *lang, const char *dir,
                          const char *head, const char *para) {
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  nl_article_new(&a, &err);
  nl_article_set(a, NL_FIELD_LANG, lang, &err);
  if (dir)
    nl_article_set(a, NL_FIELD_DIR, dir, &err);
  nl_article_add_block(a, NL_BLOCK_HEADLINE, "hl1", head, strlen(head), NULL,
                       &err);
  nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p1", para, strlen(para), NULL,
                       &err);
  return a;
}

static char *render(const nl_article *a, const nl_article *src) {
  nl_error err = NL_ERROR_INIT;
  nl_buf b = NL_BUF_INIT;
  if (nl_render_html(a, src, &b, &err) < 0)
    NL_FAIL("render: %s", err.message);
  return b.ptr;
}

/* Every <bdi> closes, and after a close tag the innermost open element
 * is the one it closes: a check of the nesting the page relies on. */
static void check_nesting(const char *page) {
  const char *stack[64];
  int depth = 0;
  const char *end = strstr(page, "</body>");
  for (const char *p = strstr(page, "<body>"); p && end && p <= end; p++) {
    if (*p != '<')
      continue;
    int close = p[1] == '/';
    const char *n = p + 1 + close;
    size_t len = strcspn(n, " >/");
    if (strncmp(n, "br", len) == 0 || strncmp(n, "meta", len) == 0)
      continue;
    if (!close && depth < 64) {
      stack[depth++] = n;
    } else if (close) {
      if (depth == 0 || strncmp(stack[depth - 1], n, len) != 0 ||
          strcspn(stack[depth - 1], " >/") != len) {
        NL_FAIL("</%.*s> does not close the innermost element", (int)len, n);
        return;
      }
      depth--;
    }
  }
  NL_CHECK_INT(depth, 0);
}

static void test_render__lang_dir_fonts(void) {
  nl_article *fa = article("fa-IR", "rtl", "عنوان", "متن " LRI "U.N." PDI);
  nl_article *ur = article("ur-PK", "rtl", "سرخی", "متن");
  nl_article *my = article("my-MM", NULL, "ခေါင်းစဉ်", "စာ");
  char *p = render(fa, NULL), *q = render(ur, NULL), *r = render(my, NULL);
  NL_CHECK(p && strstr(p, "<html lang=\"fa-IR\" dir=\"rtl\"") != NULL);
  NL_CHECK(p && strstr(p, "Noto Naskh Arabic") != NULL);
  NL_CHECK(p && strstr(p, "<bdi dir=\"ltr\">U.N.</bdi>") != NULL);
  NL_CHECK(q && strstr(q, "Noto Nastaliq Urdu") != NULL);
  NL_CHECK(r && strstr(r, "dir=\"ltr\"") != NULL);
  NL_CHECK(r && strstr(r, "Noto Sans Myanmar") != NULL);
  free(p);
  free(q);
  free(r);
  nl_article_free(fa);
  nl_article_free(ur);
  nl_article_free(my);
}

static void test_render__escaping_and_links(void) {
  nl_error err = NL_ERROR_INIT;
  const char *t = "a < b & \"c\" <script>x</script> click here";
  nl_article *a = article("en", "ltr", "A <b> & \"head\"", t);
  nl_block *b = (nl_block *)nl_article_find_block(a, "p1");
  size_t s = strstr(t, "click") - t;
  nl_attr js = {"href", "javascript:alert(1)"};
  nl_attr ok = {"href", "https://example.org/?a=1&b=\"2\""};
  NL_CHECK_INT(nl_block_add_inline(b, "a", s, s + 5, 0, &js, 1, &err), 0);
  NL_CHECK_INT(nl_block_add_inline(b, "a", s + 6, s + 10, 0, &ok, 1, &err),
               0);
  char *p = render(a, NULL);
  NL_CHECK(p && strstr(p, "a &lt; b &amp; \"c\" &lt;script&gt;") != NULL);
  NL_CHECK(p && strstr(p, "<script>") == NULL);
  NL_CHECK(p && strstr(p, "javascript:") == NULL);
  NL_CHECK(p && strstr(p, "<a>click</a>") != NULL);
  NL_CHECK(p && strstr(p, "href=\"https://example.org/?a=1&amp;b=&quot;2"
                          "&quot;\"") != NULL);
  NL_CHECK(p && strstr(p, "<title>A &lt;b&gt; &amp; \"head\"</title>") !=
                    NULL);
  if (p)
    check_nesting(p);
  free(p);
  nl_article_free(a);
}

/* Isolates that do not pair up, or that would cross an element, still
 * give a page that nests; overrides are dropped. */
static void test_render__stray_controls(void) {
  nl_error err = NL_ERROR_INIT;
  const char *t = "x " LRI "ab cd" PDI PDI " " RLO "ef " LRI "gh";
  nl_article *a = article("fa", "rtl", "h " LRI "UN" PDI, t);
  nl_block *b = (nl_block *)nl_article_find_block(a, "p1");
  size_t s = strstr(t, "cd") - t;
  NL_CHECK_INT(nl_block_add_inline(b, "em", s, strlen(t), 0, NULL, 0, &err),
               0);
  char *p = render(a, NULL);
  NL_CHECK(p && strstr(p, RLO) == NULL);
  NL_CHECK(p && strstr(p, "<title>h " LRI "UN" PDI "</title>") != NULL);
  if (p)
    check_nesting(p);
  free(p);
  nl_article_free(a);
}

static void test_render__side_by_side(void) {
  nl_article *en = article("en-US", "ltr", "Aid arrives", "The U.N. said.");
  nl_article *fa = article("fa-IR", "rtl", "کمک می‌رسد",
                           "سخنگوی " LRI "U.N." PDI " گفت.");
  char *p = render(fa, en);
  NL_CHECK(p && strstr(p, "class=\"pair\"") != NULL);
  NL_CHECK(p && strstr(p, "<div class=\"col\" lang=\"en-US\" dir=\"ltr\"") !=
                    NULL);
  NL_CHECK(p && strstr(p, "<div class=\"col\" lang=\"fa-IR\" dir=\"rtl\"") !=
                    NULL);
  NL_CHECK(p && strstr(p, "The U.N. said.") != NULL);
  if (p)
    check_nesting(p);
  free(p);
  nl_article_free(en);
  nl_article_free(fa);
}

/* A page drops no element however deep the model nests them (it cut
 * at 64 and kept only the text). */
static void test_render__deep_nesting(void) {
  enum { DEPTH = 150 };
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  nl_block *b = NULL;
  char text[DEPTH + 1];
  memset(text, 'x', DEPTH);
  text[DEPTH] = '\0';
  if (nl_article_new(&a, &err) < 0 ||
      nl_article_set(a, NL_FIELD_LANG, "en", &err) < 0 ||
      nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p1", text, DEPTH, &b,
                           &err) < 0)
    NL_FAIL("article: %s", err.message);
  for (size_t i = 0; b && i < DEPTH; i++)
    if (nl_block_add_inline(b, "em", i, DEPTH, 0, NULL, 0, &err) < 0)
      NL_FAIL("inline %zu: %s", i, err.message);
  char *page = render(a, NULL);
  size_t opens = 0;
  for (const char *p = page; p && (p = strstr(p, "<em>")) != NULL; p += 4)
    opens++;
  NL_CHECK_INT((long)opens, DEPTH);
  free(page);
  nl_article_free(a);
}

static const nl_test tests[] = {
    NL_TEST(test_render__deep_nesting),
    NL_TEST(test_render__lang_dir_fonts),
    NL_TEST(test_render__escaping_and_links),
    NL_TEST(test_render__stray_controls),
    NL_TEST(test_render__side_by_side),
};

NL_TEST_MAIN(tests)
