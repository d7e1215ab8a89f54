/*
 * test_import.c - golden tests for the article readers.
 *
 * Every tests/data/import/NAME.txt, NAME.html or NAME.nitf is imported and written
 * as NITF; the result must equal NAME.expected.xml byte for byte. Adding
 * a case is adding the two files. NL_UPDATE_GOLDEN=1 (re)writes the
 * expected files instead, for a human to review in the diff.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "harness.h"

static char *import_nitf(const char *path) {
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  nl_buf out = NL_BUF_INIT;
  if (nl_article_read_file(&a, path, NL_FORMAT_AUTO, &err) < 0 ||
      nl_article_write_nitf(a, &out, &err) < 0)
    NL_FAIL("%s: %s", path, err.message);
  nl_article_free(a);
  return out.ptr;
}

static void check_golden(const char *dir, const char *name) {
  char in[4096], golden[4096];
  snprintf(in, sizeof(in), "%s/%s", dir, name);
  snprintf(golden, sizeof(golden), "%s/%.*s.expected.xml", dir,
           (int)(strrchr(name, '.') - name), name);
  char *got = import_nitf(in);
  if (got == NULL)
    return;
  const char *update = getenv("NL_UPDATE_GOLDEN");
  if (update && strcmp(update, "1") == 0) {
    FILE *f = fopen(golden, "w");
    NL_CHECK(f != NULL);
    if (f) {
      fputs(got, f);
      fclose(f);
    }
  } else if (!nl_test_exists(golden)) {
    NL_FAIL("%s: no %s (NL_UPDATE_GOLDEN=1 writes it)", in, golden);
  } else {
    size_t len;
    char *want = nl_test_slurp(golden, &len);
    if (want && strcmp(got, want) != 0)
      NL_FAIL("%s: import differs from %s", in, golden);
    free(want);
  }
  free(got);
}

static void test_import__golden(void) {
  char *dir = nl_test_path("NL_TEST_DATA", "import");
  DIR *d = opendir(dir);
  size_t n = 0;
  for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
    const char *dot = strrchr(e->d_name, '.');
    if (dot && (strcmp(dot, ".txt") == 0 || strcmp(dot, ".html") == 0 ||
                strcmp(dot, ".nitf") == 0)) {
      check_golden(dir, e->d_name);
      n++;
    }
  }
  if (d)
    closedir(d);
  NL_CHECK(n >= 5);
  free(dir);
}

/* The seed article's shape, stated as the issue states it. */
static void test_import__seed_article(void) {
  if (!nl_test_need_shared())
    return;
  char *path = nl_test_path("NL_SHARED", "articles/obama-putin-call.txt");
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  NL_CHECK_INT(nl_article_read_file(&a, path, NL_FORMAT_AUTO, &err), 0);
  size_t count[NL_BLOCK_TAGLINE + 1] = {0};
  for (size_t i = 0; a && i < nl_article_block_count(a); i++) {
    const nl_block *b = nl_article_block(a, i);
    const char *t = nl_block_text(b, NULL);
    count[nl_block_get_kind(b)]++;
    static const char *const chrome[] = {"Accessibility links", "Breaking News",
                                         "16x9 Image", "XS", "\xE2\x80\xA2"};
    for (size_t k = 0; k < sizeof(chrome) / sizeof(chrome[0]); k++)
      if (strcmp(t, chrome[k]) == 0 || strstr(t, "16x9") || strstr(t, "\xE2\x80\xA2"))
        NL_FAIL("chrome kept as a block: %s", t);
    NL_CHECK(strcmp(t, "USA") != 0);
  }
  NL_CHECK_INT(count[NL_BLOCK_HEADLINE], 1);
  NL_CHECK_INT(count[NL_BLOCK_CAPTION], 1);
  NL_CHECK_INT(count[NL_BLOCK_PARAGRAPH], 6);
  NL_CHECK_INT(count[NL_BLOCK_BYLINE], 1);
  NL_CHECK_INT(count[NL_BLOCK_TAGLINE], 1);
  if (a) {
    NL_CHECK_STR(nl_article_get(a, NL_FIELD_SECTION), "USA");
    NL_CHECK_STR(nl_block_text(nl_article_find_block(a, "by1"), NULL),
                 "VOA News");
  }
  nl_article_free(a);
  free(path);
}

static void test_import__empty_is_an_error(void) {
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  const char chrome_only[] = "Accessibility links\n\nXS\nSM\nMD\nLG\n";
  NL_CHECK_INT(nl_article_read_memory(&a, chrome_only, sizeof(chrome_only) - 1,
                                      NL_FORMAT_TEXT, "page.txt", &err),
               NL_EPARSE);
  NL_CHECK_STR(err.message, "no article text found");
  NL_CHECK_STR(err.path, "page.txt");
  const char html[] = "<html><body><nav>Home</nav></body></html>";
  NL_CHECK_INT(nl_article_read_memory(&a, html, sizeof(html) - 1,
                                      NL_FORMAT_AUTO, "page.html", &err),
               NL_EPARSE);
  NL_CHECK(a == NULL);
}

/* Every phrase line of locales/chrome.txt, lowercased (malloc'ed). */
static char **chrome_phrases(size_t *n) {
  char *path = nl_test_path("NL_SOURCE_DIR", "locales/chrome.txt");
  size_t len;
  char *data = nl_test_slurp(path, &len);
  char **out = NULL;
  *n = 0;
  for (char *line = data, *next; data && line < data + len; line = next) {
    char *nl = strchr(line, '\n');
    next = nl ? nl + 1 : data + len;
    if (nl)
      *nl = '\0';
    if (*line == '\0' || *line == '#' || strncmp(line, "re:", 3) == 0)
      continue;
    char **grown = realloc(out, (*n + 1) * sizeof(*out));
    if (grown == NULL)
      break;
    out = grown;
    out[(*n)++] = strdup(line);
  }
  free(data);
  free(path);
  return out;
}

static int ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if ((*a | 0x20) != (*b | 0x20))
      return 0;
  return *a == *b;
}

/* What no imported block may be: a chrome phrase, a size switch, an
 * image placeholder, a bullet glyph, or the section label as text. */
static void check_no_chrome(const char *path, char **phrases, size_t n) {
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  if (nl_article_read_file(&a, path, NL_FORMAT_AUTO, &err) < 0) {
    NL_FAIL("%s: %s", path, err.message);
    return;
  }
  const char *section = nl_article_get(a, NL_FIELD_SECTION);
  for (size_t i = 0; i < nl_article_block_count(a); i++) {
    const char *t = nl_block_text(nl_article_block(a, i), NULL);
    for (size_t k = 0; k < n; k++)
      if (ieq(t, phrases[k]))
        NL_FAIL("%s: chrome kept as a block: %s", path, t);
    if (strstr(t, "\xE2\x80\xA2") || strstr(t, "16x9") ||
        strcmp(t, "XS") == 0 || strncmp(t, "XS SM", 5) == 0)
      NL_FAIL("%s: chrome inside a block: %s", path, t);
    if (section && strcmp(t, section) == 0)
      NL_FAIL("%s: the section '%s' kept as text", path, section);
  }
  NL_CHECK(nl_article_get(a, NL_FIELD_LANG) != NULL);
  NL_CHECK(nl_article_get(a, NL_FIELD_ID) != NULL);
  nl_article_free(a);
}

static void test_import__no_chrome_in_any_fixture(void) {
  size_t n;
  char **phrases = chrome_phrases(&n);
  NL_CHECK(n > 20);
  char *dir = nl_test_path("NL_TEST_DATA", "import");
  DIR *d = opendir(dir);
  for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
    const char *dot = strrchr(e->d_name, '.');
    if (dot && (strcmp(dot, ".txt") == 0 || strcmp(dot, ".html") == 0 ||
                strcmp(dot, ".nitf") == 0)) {
      char path[4096];
      snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
      check_no_chrome(path, phrases, n);
    }
  }
  if (d)
    closedir(d);
  if (nl_test_need_shared()) {
    char *seed = nl_test_path("NL_SHARED", "articles/obama-putin-call.txt");
    check_no_chrome(seed, phrases, n);
    free(seed);
  }
  for (size_t i = 0; i < n; i++)
    free(phrases[i]);
  free(phrases);
  free(dir);
}

/* The inline mapping, stated on the model rather than on NITF bytes. */
static void test_import__html_inline_mapping(void) {
  const char html[] =
      "<html lang=\"en-GB\"><body><h1>Title Of The Story</h1>"
      "<p>A <strong>bold</strong> and <i>slanted</i> <a href=\"/x\">link"
      "</a><br>next <a name=\"n\">anchor</a> <span>kept</span>.</p>"
      "</body></html>";
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  NL_CHECK_INT(nl_article_read_memory(&a, html, sizeof(html) - 1,
                                      NL_FORMAT_AUTO, "t.html", &err),
               0);
  if (a == NULL)
    return;
  NL_CHECK_STR(nl_article_get(a, NL_FIELD_LANG), "en-GB");
  const nl_block *p = nl_article_find_block(a, "p1");
  NL_CHECK(p != NULL);
  if (p == NULL) {
    nl_article_free(a);
    return;
  }
  NL_CHECK_STR(nl_block_text(p, NULL), "A bold and slanted linknext anchor kept.");
  NL_CHECK_INT(nl_block_inline_count(p), 4);
  const nl_inline *x = nl_block_inline(p, 0);
  NL_CHECK_STR(x->name, "em");
  NL_CHECK_INT(x->nattrs, 1);
  if (x->nattrs == 1) {
    NL_CHECK_STR(x->attrs[0].name, "class");
    NL_CHECK_STR(x->attrs[0].value, "strong");
  }
  NL_CHECK_INT(x->start, 2);
  NL_CHECK_INT(x->end, 6);
  NL_CHECK_STR(nl_block_inline(p, 1)->name, "em");
  NL_CHECK_INT(nl_block_inline(p, 1)->nattrs, 0);
  x = nl_block_inline(p, 2);
  NL_CHECK_STR(x->name, "a");
  NL_CHECK_INT(x->nattrs, 1);
  if (x->nattrs == 1)
    NL_CHECK_STR(x->attrs[0].value, "/x");
  x = nl_block_inline(p, 3);
  NL_CHECK_STR(x->name, "br");
  NL_CHECK(x->empty && x->start == x->end && x->start == 23);
  nl_article_free(a);
}

/* Reading is a pure function of the bytes: the same page twice gives
 * the same NITF (no state kept between reads). */
static void test_import__deterministic(void) {
  char *dir = nl_test_path("NL_TEST_DATA", "import/two-captions.txt");
  char *one = import_nitf(dir), *two = import_nitf(dir);
  NL_CHECK(one && two && strcmp(one, two) == 0);
  free(one);
  free(two);
  free(dir);
}

/* Every character XML 1.0 cannot carry (C0 controls but tab, LF, CR, NUL
 * aside: that is an error; U+FFFE, U+FFFF), put wherever a scraped page
 * or an HTML page feeds the model - text, section label, lang, meta,
 * link - is dropped on reading: the article reads, and its NITF reads
 * back to the same bytes. */
static char *nitf_of(const char *data, size_t len, const char *name) {
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  nl_buf out = NL_BUF_INIT;
  if (nl_article_read_memory(&a, data, len, NL_FORMAT_AUTO, name, &err) < 0 ||
      nl_article_write_nitf(a, &out, &err) < 0)
    NL_FAIL("%s: %s", name, err.message);
  nl_article_free(a);
  return out.ptr;
}

/* A scraped page (html 0) or an HTML page (1) with `ch` in its text,
 * its section label or meta, and its lang or a link. */
static int page_with(char *page, size_t cap, int html, const char *ch) {
  if (!html)
    return snprintf(page, cap,
                    "World%s News\n\nHeadline of%s the story here\n\nThe "
                    "body%s says what happened. It has two sentences.\n",
                    ch, ch, ch);
  return snprintf(page, cap,
                  "<html lang=\"e%sn\"><head><meta name=\"article:section\" "
                  "content=\"Wo%srld\"></head><body><article><h1>Headline</h1>"
                  "<p>Body <a href=\"http://example.org/%s\">link</a>.</p>"
                  "</article></body></html>",
                  ch, ch, ch);
}

static void test_import__xml_cannot_carry(void) {
  for (uint32_t c = 1; c <= 0xFFFF; c = c == 0x1F ? 0xFFFE : c + 1) {
    if (c == '\t' || c == '\n' || c == '\r')
      continue;
    char ch[5] = {0};
    if (c < 0x80)
      ch[0] = (char)c;
    else
      snprintf(ch, sizeof(ch), "\xEF\xBF%c", (char)(0x80 | (c & 0x3F)));
    for (int html = 0; html < 2; html++) {
      char page[512], name[32];
      int n = page_with(page, sizeof(page), html, ch);
      snprintf(name, sizeof(name), "U+%04X.%s", (unsigned)c,
               html ? "html" : "txt");
      char *once = nitf_of(page, (size_t)n, name);
      char *twice = once ? nitf_of(once, strlen(once), name) : NULL;
      NL_CHECK(once && twice && strcmp(once, twice) == 0);
      NL_CHECK(once == NULL || strstr(once, ch) == NULL);
      free(once);
      free(twice);
    }
  }
}

static const nl_test tests[] = {
    NL_TEST(test_import__golden),
    NL_TEST(test_import__seed_article),
    NL_TEST(test_import__empty_is_an_error),
    NL_TEST(test_import__no_chrome_in_any_fixture),
    NL_TEST(test_import__html_inline_mapping),
    NL_TEST(test_import__deterministic),
    NL_TEST(test_import__xml_cannot_carry),
};

NL_TEST_MAIN(tests)
