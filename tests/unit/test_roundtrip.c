/*
 * test_roundtrip.c - NITF, XLIFF export and merge, on every fixture.
 *
 * Fixtures are every article under tests/data/articles/ (NITF),
 * tests/data/import/ (scraped text and HTML) and ../shared/articles/.
 * For each one and each XLIFF version:
 *  - NITF write -> read -> write gives identical bytes;
 *  - the exported XLIFF validates against the official schema (when
 *    ../shared/schemas is present);
 *  - export, then every target set to its source, then merge, gives the
 *    article back: the same NITF but for xml:lang and dir.
 * Adding a fixture is adding a file.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <newsloc/newsloc.h>

#include "harness.h"
#include "xliff_identity.h"

static char *nitf_of(const nl_article *a) {
  nl_buf b = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  if (nl_article_write_nitf(a, &b, &err) < 0) {
    NL_FAIL("write_nitf: %s", err.message);
    nl_buf_dispose(&b);
    return NULL;
  }
  return b.ptr;
}

static int validate(xmlDocPtr doc, int x12) {
  const char *rel = x12 ? "schemas/xliff-1.2/xliff-core-1.2-strict.xsd"
                        : "schemas/xliff-2.0/all-modules.xsd";
  char *xsd = nl_test_path("NL_SHARED", rel);
  int ok = -1;
  if (!nl_test_exists(xsd))
    nl_test_mark_skipped(); /* validation not done: not a pass */
  if (nl_test_exists(xsd)) {
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
    xmlSchemaPtr s = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = s ? xmlSchemaNewValidCtxt(s) : NULL;
    ok = vc && xmlSchemaValidateDoc(vc, doc) == 0;
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(s);
    xmlSchemaFreeParserCtxt(pc);
  }
  free(xsd);
  return ok;
}

static void check_one(const char *path, const nl_article *a, int x12) {
  nl_error err = NL_ERROR_INIT;
  nl_segmenter *seg = NULL;
  nl_buf x = NL_BUF_INIT;
  nl_export_options eo = NL_EXPORT_OPTIONS_INIT;
  eo.xliff = x12 ? NL_XLIFF_1_2 : NL_XLIFF_2_0;
  eo.target_lang = nl_article_get(a, NL_FIELD_LANG);
  if (eo.target_lang == NULL)
    eo.target_lang = "en";
  if (nl_segmenter_new(&seg, eo.target_lang, NULL, &err) < 0 ||
      nl_xliff_export(a, seg, &eo, &x, NULL, &err) < 0) {
    NL_FAIL("%s: export: %s", path, err.message);
    goto done;
  }
  xmlDocPtr doc = xmlReadMemory(x.ptr, (int)x.size, "x.xlf", NULL, XML_PARSE_NONET);
  if (doc == NULL) {
    NL_FAIL("%s: exported XLIFF %d is not well-formed", path, x12 ? 12 : 20);
    goto done;
  }
  int v = validate(doc, x12);
  char *shared = nl_test_path("NL_SHARED", "schemas");
  if (v < 0 && nl_test_exists(shared))
    NL_FAIL("%s: the XLIFF schemas could not be loaded", path);
  free(shared);
  if (v == 0)
    NL_FAIL("%s: exported XLIFF %s does not validate", path, x12 ? "1.2" : "2.0");
  xliff_fill_identity(xmlDocGetRootElement(doc), x12);
  xmlChar *mem = NULL;
  int len = 0;
  xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
  xmlFreeDoc(doc);
  nl_article *back = NULL;
  if (nl_merge_memory(&back, a, (const char *)mem, (size_t)len, path, NULL,
                      NULL, &err) < 0) {
    NL_FAIL("%s: merge: %s:%lu: %s", path, err.path, err.line, err.message);
  } else {
    char *want = nitf_of(a), *got = nitf_of(back);
    NL_CHECK_STR(xliff_after_root(got), xliff_after_root(want));
    free(want);
    free(got);
  }
  xmlFree(mem);
  nl_article_free(back);
done:
  nl_buf_dispose(&x);
  nl_segmenter_free(seg);
}

static void check_fixture(const char *path) {
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL, *again = NULL;
  if (nl_article_read_file(&a, path, NL_FORMAT_AUTO, &err) < 0) {
    NL_FAIL("%s: read: %s", path, err.message);
    return;
  }
  char *first = nitf_of(a);
  if (first && nl_article_read_memory(&again, first, strlen(first),
                                      NL_FORMAT_NITF, path, &err) == 0) {
    char *second = nitf_of(again);
    NL_CHECK_STR(second, first);
    free(second);
  } else {
    NL_FAIL("%s: NITF read back: %s", path, err.message);
  }
  check_one(path, a, 0);
  check_one(path, a, 1);
  free(first);
  nl_article_free(again);
  nl_article_free(a);
}

static int is_fixture(const char *name) {
  const char *dot = strrchr(name, '.');
  return name[0] != '.' && dot &&
         (strcmp(dot, ".xml") == 0 || strcmp(dot, ".txt") == 0 ||
          strcmp(dot, ".html") == 0 || strcmp(dot, ".nitf") == 0) &&
         strstr(name, ".expected.") == NULL;
}

static size_t walk(const char *env, const char *rel) {
  char *dir = nl_test_path(env, rel);
  DIR *d = opendir(dir);
  size_t n = 0;
  for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
    if (!is_fixture(e->d_name))
      continue;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    check_fixture(path);
    n++;
  }
  if (d)
    closedir(d);
  free(dir);
  return n;
}

static void test_roundtrip__every_fixture(void) {
  size_t n = walk("NL_TEST_DATA", "articles") + walk("NL_TEST_DATA", "import") +
             walk("NL_SHARED", "articles");
  NL_CHECK(n >= 2);
}

/* An article whose xml:lang is not a language tag is not exported: the
 * file would carry it as srcLang and merge would refuse it (found by
 * fuzz_pipeline). */
static void test_roundtrip__source_lang_not_a_tag(void) {
  static const char nitf[] =
      "<nitf xml:lang=\"/zoneinfo/tr\"><body><body.content><p id=\"p1\">"
      "Both sides met.</p></body.content></body></nitf>";
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  nl_segmenter *seg = NULL;
  nl_buf x = NL_BUF_INIT;
  nl_export_options eo = NL_EXPORT_OPTIONS_INIT;
  eo.target_lang = "fa";
  NL_CHECK_INT(nl_article_read_memory(&a, nitf, strlen(nitf), NL_FORMAT_NITF,
                                      "bad-lang", &err),
               0);
  NL_CHECK_INT(nl_segmenter_new(&seg, "en", NULL, &err), 0);
  if (a && seg) {
    NL_CHECK_INT(nl_xliff_export(a, seg, &eo, &x, NULL, &err), NL_ELANG);
    NL_CHECK(strstr(err.message, "/zoneinfo/tr") != NULL);
    NL_CHECK(x.size == 0);
  }
  nl_buf_dispose(&x);
  nl_segmenter_free(seg);
  nl_article_free(a);
}

/* The language and direction a merge gives, by target language. */
static void check_direction(const char *lang, const char *dir) {
  char *path = nl_test_path("NL_TEST_DATA", "articles/markup.xml");
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL, *back = NULL;
  nl_segmenter *seg = NULL;
  nl_buf x = NL_BUF_INIT;
  nl_export_options eo = NL_EXPORT_OPTIONS_INIT;
  eo.target_lang = lang;
  NL_CHECK_INT(nl_article_read_file(&a, path, NL_FORMAT_AUTO, &err), 0);
  NL_CHECK_INT(nl_segmenter_new(&seg, "en", NULL, &err), 0);
  NL_CHECK_INT(nl_xliff_export(a, seg, &eo, &x, NULL, &err), 0);
  xmlDocPtr doc = xmlReadMemory(x.ptr, (int)x.size, "x", NULL, XML_PARSE_NONET);
  xliff_fill_identity(xmlDocGetRootElement(doc), 0);
  xmlChar *mem = NULL;
  int len = 0;
  xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
  /* copies of the source are what the gate stops; direction is tested */
  nl_merge_options mo = NL_MERGE_OPTIONS_INIT;
  mo.force = 1;
  NL_CHECK_INT(nl_merge_memory(&back, a, (const char *)mem, (size_t)len,
                               "x", &mo, NULL, &err),
               0);
  if (back) {
    NL_CHECK_STR(nl_article_get(back, NL_FIELD_LANG), lang);
    NL_CHECK_STR(nl_article_get(back, NL_FIELD_DIR), dir);
    char *nitf = nitf_of(back);
    char want[64];
    snprintf(want, sizeof(want), "xml:lang=\"%s\" dir=\"%s\"", lang, dir);
    NL_CHECK(nitf && strstr(nitf, want) != NULL);
    free(nitf);
  }
  xmlFree(mem);
  xmlFreeDoc(doc);
  nl_article_free(back);
  nl_article_free(a);
  nl_segmenter_free(seg);
  nl_buf_dispose(&x);
  free(path);
}

static void test_roundtrip__direction(void) {
  check_direction("fa", "rtl");
  check_direction("ar", "rtl");
  check_direction("ur", "rtl");
  check_direction("ru", "ltr");
  check_direction("zh-Hans", "ltr");
}

/* Export with the TM: exact matches become targets (translated, never
 * final), a changed sentence gets a fuzzy candidate; both versions still
 * validate. */
static void test_roundtrip__prefill_from_tm(void) {
  char *src = nl_test_path("NL_SOURCE_DIR", "examples/sample-article.txt");
  char *xlf = nl_test_path("NL_SOURCE_DIR", "examples/sample-article.fa.xlf");
  char *db = nl_test_path("NL_TEST_TMP", "prefill.sqlite");
  unlink(db);
  nl_error err = NL_ERROR_INIT;
  nl_tm *tm = NULL;
  nl_article *a = NULL;
  nl_segmenter *seg = NULL;
  NL_CHECK_INT(nl_tm_open(&tm, db, NULL, &err), 0);
  NL_CHECK_INT(nl_tm_import_xliff(tm, xlf, NULL, NULL, &err), 0);
  size_t len;
  char *text = nl_test_slurp(src, &len);
  char *two = text ? strstr(text, "about 2,000") : NULL;
  if (two)
    two[6] = '3'; /* one sentence changed since the translation */
  NL_CHECK_INT(nl_article_read_memory(&a, text, len, NL_FORMAT_TEXT, src, &err),
               0);
  NL_CHECK_INT(nl_segmenter_new(&seg, "en", NULL, &err), 0);
  for (int x12 = 0; a && seg && x12 < 2; x12++) {
    nl_export_options eo = NL_EXPORT_OPTIONS_INIT;
    nl_export_stats st;
    nl_buf out = NL_BUF_INIT;
    eo.target_lang = "fa";
    eo.tm = tm;
    eo.xliff = x12 ? NL_XLIFF_1_2 : NL_XLIFF_2_0;
    NL_CHECK_INT(nl_xliff_export(a, seg, &eo, &out, &st, &err), 0);
    NL_CHECK_INT(st.segments, 14);
    NL_CHECK_INT(st.prefilled, 13);
    NL_CHECK_INT(st.fuzzy, 1);
    NL_CHECK(strstr(out.ptr, x12 ? "match-quality=\"" : "matchQuality=\"") != NULL);
    NL_CHECK(strstr(out.ptr, "final") == NULL);
    xmlDocPtr doc = xmlReadMemory(out.ptr, (int)out.size, "x", NULL,
                                  XML_PARSE_NONET);
    NL_CHECK(doc && validate(doc, x12) != 0);
    xmlFreeDoc(doc);
    nl_buf_dispose(&out);
  }
  free(text);
  nl_segmenter_free(seg);
  nl_article_free(a);
  nl_tm_close(tm);
  free(src);
  free(xlf);
  free(db);
}

/* Export -> merge gives the article back whatever Unicode white space
 * (every White_Space character ICU knows, not a hand list) or U+200B
 * stands between, before or after its sentences. */
static void check_spaced(const char *pattern, UChar32 c) {
  char u[8], text[256], name[64];
  int32_t n = 0;
  UBool bad = 0;
  U8_APPEND((uint8_t *)u, n, (int32_t)sizeof(u) - 1, c, bad);
  u[n] = '\0';
  size_t o = 0; /* each '_' of the pattern is the character */
  for (const char *p = pattern; *p && o + 8 < sizeof(text); p++)
    o += (size_t)snprintf(text + o, sizeof(text) - o, "%s",
                          *p == '_' ? u : (char[]){*p, '\0'});
  snprintf(name, sizeof(name), "U+%04X in \"%s\"%s", (unsigned)c, pattern,
           bad ? " (not encoded)" : "");
  nl_article *a = NULL;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_article_new(&a, &err), 0);
  NL_CHECK_INT(nl_article_set(a, NL_FIELD_LANG, "en", &err), 0);
  NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_HEADLINE, NULL, "Spaces",
                                    6, NULL, &err),
               0);
  int rc = nl_article_add_block(a, NL_BLOCK_PARAGRAPH, NULL, text,
                                strlen(text), NULL, &err);
  if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
    NL_CHECK_INT(rc, NL_EINVAL); /* VT, FF: XML cannot carry them */
  else if (rc < 0)
    NL_FAIL("%s: %s", name, err.message);
  else {
    check_one(name, a, 0);
    check_one(name, a, 1);
  }
  nl_article_free(a);
}

static void test_roundtrip__every_space(void) {
  static const char *const fmts[] = {
      "One is here._Two is there._Three.",
      "One is here.__Two is there. _Three._",
      "_One is here. _Two is there._",
  };
  size_t seen = 0;
  for (UChar32 c = 0; c <= 0x10FFFF; c++) {
    if (!u_hasBinaryProperty(c, UCHAR_WHITE_SPACE) && c != 0x200B)
      continue;
    seen++;
    for (size_t k = 0; k < sizeof(fmts) / sizeof(fmts[0]); k++)
      check_spaced(fmts[k], c);
  }
  NL_CHECK(seen >= 26); /* 25 White_Space characters in Unicode 15, and ZWSP */
}

static const nl_test tests[] = {
    NL_TEST(test_roundtrip__every_space),
    NL_TEST(test_roundtrip__prefill_from_tm),
    NL_TEST(test_roundtrip__every_fixture),
    NL_TEST(test_roundtrip__direction),
    NL_TEST(test_roundtrip__source_lang_not_a_tag),
};

NL_TEST_MAIN(tests)
