/*
 * test_hostile_html.c - no script from an article reaches a page.
 *
 * Links: every row of tests/data/hostile/hrefs.tsv is imported as an
 * HTML link, and must be kept or dropped as the row says; whatever is
 * kept, and whatever the review page then carries, is judged by this
 * file's own reading of a URL (what browsers strip, then the scheme),
 * not by the library's.
 *
 * Attributes and text: articles whose dir, lang, block id, text and
 * links are hostile are rendered, the page is parsed back with libxml2's
 * HTML parser, and every element and attribute is checked against what
 * the page may hold: no script element, no event handler, dir one of
 * ltr/rtl/auto, every href safe.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <newsloc/newsloc.h>
#include <newsloc/render.h>

#include "harness.h"

/* A browser's reading: C0 controls and spaces off both ends, tab, LF and
 * CR out of the middle, lowercase; then safe when it begins with an
 * allowed scheme or has no scheme (no ':' before the first '/', '?' or
 * '#'). */
static int oracle_safe(const char *href) {
  char u[2048];
  size_t n = 0, len = strlen(href), a = 0;
  while (a < len && (unsigned char)href[a] <= 0x20)
    a++;
  while (len > a && (unsigned char)href[len - 1] <= 0x20)
    len--;
  for (size_t i = a; i < len && n + 1 < sizeof(u); i++)
    if (href[i] != '\t' && href[i] != '\n' && href[i] != '\r')
      u[n++] = (char)tolower((unsigned char)href[i]);
  u[n] = '\0';
  static const char *const ok[] = {"http:", "https:", "mailto:", "tel:"};
  for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
    if (strncmp(u, ok[i], strlen(ok[i])) == 0)
      return 1;
  size_t colon = strcspn(u, ":");
  return u[colon] == '\0' || strcspn(u, "/?#") < colon;
}

/* \t \n \r \xHH in a table cell, as bytes. */
static void unescape(char *s) {
  char *w = s;
  for (char *r = s; *r; r++) {
    if (r[0] == '\\' && (r[1] == 't' || r[1] == 'n' || r[1] == 'r')) {
      *w++ = r[1] == 't' ? '\t' : r[1] == 'n' ? '\n' : '\r';
      r++;
    } else if (r[0] == '\\' && r[1] == 'x' && isxdigit((unsigned char)r[2]) &&
               isxdigit((unsigned char)r[3])) {
      char hex[3] = {r[2], r[3], 0};
      *w++ = (char)strtol(hex, NULL, 16);
      r += 3;
    } else {
      *w++ = *r;
    }
  }
  *w = '\0';
}

static void check_attr(const char *elem, const char *name, const char *value,
                       const char *where) {
  if (strncasecmp(name, "on", 2) == 0)
    NL_FAIL("%s: event handler %s on <%s>", where, name, elem);
  if (strcasecmp(name, "dir") == 0 && strcmp(value, "ltr") != 0 &&
      strcmp(value, "rtl") != 0 && strcmp(value, "auto") != 0)
    NL_FAIL("%s: dir=\"%s\" on <%s>", where, value, elem);
  if ((strcasecmp(name, "href") == 0 || strcasecmp(name, "src") == 0 ||
       strcasecmp(name, "action") == 0 || strcasecmp(name, "formaction") == 0) &&
      !oracle_safe(value))
    NL_FAIL("%s: %s=\"%s\" on <%s>", where, name, value, elem);
  static const char *const allowed[] = {"lang",  "dir", "style", "class",
                                        "id",    "href", "charset"};
  int known = 0;
  for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
    known |= strcasecmp(name, allowed[i]) == 0;
  if (!known)
    NL_FAIL("%s: unexpected attribute %s on <%s>", where, name, elem);
}

static void check_tree(const xmlNode *n, const char *where) {
  static const char *const allowed[] = {
      "html", "head", "meta",   "title",      "style", "body", "article",
      "div",  "h1",   "p",      "figcaption", "a",     "em",   "strong",
      "q",    "span", "bdi",    "br"};
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    const char *name = (const char *)n->name;
    int known = 0;
    for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
      known |= strcasecmp(name, allowed[i]) == 0;
    if (!known)
      NL_FAIL("%s: element <%s> in the page", where, name);
    for (const xmlAttr *at = n->properties; at; at = at->next) {
      xmlChar *v = xmlNodeGetContent((const xmlNode *)at);
      check_attr(name, (const char *)at->name, v ? (const char *)v : "", where);
      xmlFree(v);
    }
    check_tree(n->children, where);
  }
}

/* The page parsed as a browser-like HTML parser reads it. */
static void check_page(const char *page, const char *where) {
  if (page == NULL) {
    NL_FAIL("%s: no page", where);
    return;
  }
  for (const char *p = page; (p = strchr(p, '<')) != NULL; p++)
    if (strncasecmp(p, "<script", 7) == 0)
      NL_FAIL("%s: <script in the page", where);
  htmlDocPtr doc = htmlReadMemory(page, (int)strlen(page), "page.html", "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET);
  if (doc == NULL) {
    NL_FAIL("%s: the page does not parse", where);
    return;
  }
  check_tree(xmlDocGetRootElement(doc), where);
  xmlFreeDoc(doc);
}

static char *render(const nl_article *a) {
  nl_error err = NL_ERROR_INIT;
  nl_buf b = NL_BUF_INIT;
  if (nl_render_html(a, NULL, &b, &err) < 0)
    NL_FAIL("render: %s", err.message);
  return b.ptr;
}

/* The link's href when the import kept the link, else NULL. */
static const char *kept_href(const nl_article *a) {
  for (size_t i = 0; i < nl_article_block_count(a); i++) {
    const nl_block *b = nl_article_block(a, i);
    for (size_t k = 0; k < nl_block_inline_count(b); k++) {
      const nl_inline *x = nl_block_inline(b, k);
      for (size_t j = 0; strcmp(x->name, "a") == 0 && j < x->nattrs; j++)
        if (strcmp(x->attrs[j].name, "href") == 0)
          return x->attrs[j].value;
    }
  }
  return NULL;
}

static void test_hostile__html_import_links(void) {
  char *path = nl_test_path("NL_TEST_DATA", "hostile/hrefs.tsv");
  size_t size = 0;
  char *table = nl_test_slurp(path, &size);
  size_t rows = 0;
  for (char *line = table, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    else
      next = line + strlen(line);
    char *tab = strchr(line, '\t');
    if (line[0] == '#' || tab == NULL)
      continue;
    *tab = '\0';
    char *href = tab + 1;
    unescape(href);
    char html[4096];
    snprintf(html, sizeof(html),
             "<html lang=\"en\"><body><h1>Council Votes On The Budget</h1>"
             "<p>The council met on Tuesday and read <a href=\"%s\">the "
             "report</a> before the vote was taken.</p></body></html>",
             href);
    nl_error err = NL_ERROR_INIT;
    nl_article *a = NULL;
    rows++;
    if (nl_article_read_memory(&a, html, strlen(html), NL_FORMAT_HTML,
                               "links.html", &err) < 0) {
      NL_FAIL("row %zu (%s): import failed: %s", rows, href, err.message);
      continue;
    }
    const char *kept = kept_href(a);
    if (strcmp(line, "keep") == 0 && kept == NULL)
      NL_FAIL("row %zu: the link \"%s\" was dropped", rows, href);
    if (strcmp(line, "drop") == 0 && kept != NULL)
      NL_FAIL("row %zu: the link \"%s\" was kept as \"%s\"", rows, href, kept);
    if (kept && !oracle_safe(kept))
      NL_FAIL("row %zu: \"%s\" kept as the unsafe \"%s\"", rows, href, kept);
    char *page = render(a);
    check_page(page, href);
    free(page);
    nl_article_free(a);
  }
  NL_CHECK(rows >= 30);
  printf("    %zu links\n", rows);
  free(table);
  free(path);
}

/* Values an article file can carry in dir, lang, block ids, text and
 * links: each rendered, alone and all together. */
static void test_hostile__render_attributes(void) {
  static const char *const dirs[] = {
      "ltr", "RTL", "auto", "\"><script>alert(1)</script>",
      "rtl\" onmouseover=\"alert(1)", "x' onload='alert(1)", "", "ltr rtl"};
  static const char *const langs[] = {
      "en", "fa-IR", "\"><script>alert(1)</script>",
      "en\" onclick=\"alert(1)", "en-x-<b>", "", "zz-ZZZZ-<>"};
  static const char *const texts[] = {
      "<script>alert(1)</script>", "</p><img src=x onerror=alert(1)>",
      "&lt;script&gt;", "a\" onclick=\"b"};
  static const char *const hrefs[] = {
      "javascript:alert(1)", " javascript:alert(1)", "java\tscript:x",
      "vbscript:x", "data:text/html,<script>x</script>",
      "\"><script>alert(1)</script>", "https://x.org/\" onclick=\"y"};
  size_t pages = 0;
  for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++)
    for (size_t l = 0; l < sizeof(langs) / sizeof(langs[0]); l++)
      for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
        nl_error err = NL_ERROR_INIT;
        nl_article *a = NULL;
        nl_article_new(&a, &err);
        nl_article_set(a, NL_FIELD_LANG, langs[l], &err);
        nl_article_set(a, NL_FIELD_DIR, dirs[d], &err);
        nl_article_add_block(a, NL_BLOCK_HEADLINE, "hl1", texts[t],
                             strlen(texts[t]), NULL, &err);
        for (size_t h = 0; h < sizeof(hrefs) / sizeof(hrefs[0]); h++) {
          char id[32];
          snprintf(id, sizeof(id), "p%zu", h);
          nl_block *b = NULL;
          if (nl_article_add_block(a, NL_BLOCK_PARAGRAPH, id, texts[t],
                                   strlen(texts[t]), &b, &err) < 0 ||
              b == NULL)
            continue;
          nl_attr at = {"href", hrefs[h]};
          nl_block_add_inline(b, "a", 0, 1, 0, &at, 1, &err);
        }
        char where[256];
        snprintf(where, sizeof(where), "dir \"%s\", lang \"%s\", text \"%s\"",
                 dirs[d], langs[l], texts[t]);
        char *page = render(a);
        check_page(page, where);
        free(page);
        nl_article_free(a);
        pages++;
      }
  printf("    %zu pages\n", pages);
}

static const nl_test tests[] = {
    NL_TEST(test_hostile__html_import_links),
    NL_TEST(test_hostile__render_attributes),
};

NL_TEST_MAIN(tests)
