/*
 * test_localize.c - the service registry and localization.
 *
 * Golden cases: tests/data/localize/<service id>[.<topic>].jsonl, one a
 * line:
 * {"text": "...", "expected": "...", "rules": ["digits", ...],
 *  "report": ["p1<TAB>OFFSET<TAB>RULE<TAB>BEFORE<TAB>AFTER", ...],
 *  "kind": "dateline", "date": "2026-03-14"} (the last two optional) - the
 * text localized for that service must equal "expected", the report must
 * name every rule listed and, when "report" is there, be exactly those
 * lines (as nl_localize_report_write() writes them). "note" says why.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/unumsys.h>
#include <unicode/ustring.h>

#include <newsloc/newsloc.h>

#include "harness.h"
#include "util/json.h"

static nl_services *registry(void) {
  nl_error err = NL_ERROR_INIT;
  nl_services *r = NULL;
  if (nl_services_load(&r, NULL, &err) < 0)
    NL_FAIL("registry: %s:%lu: %s", err.path, err.line, err.message);
  return r;
}

static nl_article *one_paragraph(const char *lang, const char *text) {
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  nl_article_new(&a, &err);
  nl_article_set(a, NL_FIELD_LANG, lang, &err);
  if (nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p1", text, strlen(text),
                           NULL, &err) < 0)
    NL_FAIL("block: %s", err.message);
  return a;
}

/* The case's block: a paragraph, or a dateline with "kind": "dateline"
 * and the article's "date". */
static nl_article *one_block(const char *lang, const nl_json *c,
                             const char *text) {
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  const nl_json *kind = nl_json__get(c, "kind");
  const nl_json *date = nl_json__get(c, "date");
  int dl = kind && kind->string && strcmp(kind->string, "dateline") == 0;
  nl_article_new(&a, &err);
  nl_article_set(a, NL_FIELD_LANG, lang, &err);
  if (date && date->string)
    nl_article_set(a, NL_FIELD_DATE, date->string, &err);
  if (nl_article_add_block(a, dl ? NL_BLOCK_DATELINE : NL_BLOCK_PARAGRAPH,
                           dl ? "dl1" : "p1", text, strlen(text), NULL,
                           &err) < 0)
    NL_FAIL("block: %s", err.message);
  return a;
}

static int reported(const nl_localize_report *rep, const char *rule) {
  size_t n = strlen(rule);
  for (size_t i = 0; i < nl_localize_report_count(rep); i++) {
    const char *r = nl_localize_report_get(rep, i)->rule;
    if (strncmp(r, rule, n) == 0 && (r[n] == '\0' || r[n] == ':'))
      return 1;
  }
  return 0;
}

static void check_report(const nl_localize_report *rep, const nl_json *lines,
                         const char *file, unsigned long line) {
  nl_buf want = NL_BUF_INIT, got = NL_BUF_INIT;
  for (size_t i = 0; i < lines->count; i++) {
    nl_buf_append(&want, lines->items[i].string, lines->items[i].len);
    nl_buf_append(&want, "\n", 1);
  }
  NL_CHECK_INT(nl_localize_report_write(rep, &got), 0);
  if (strcmp(got.ptr ? got.ptr : "", want.ptr ? want.ptr : "") != 0)
    NL_FAIL("%s:%lu: report\n--- expected\n%s--- got\n%s", file, line,
            want.ptr ? want.ptr : "", got.ptr ? got.ptr : "");
  nl_buf_dispose(&want);
  nl_buf_dispose(&got);
}

static void run_case(nl_services *r, const nl_service *svc, const char *file,
                     unsigned long line, const nl_json *c) {
  const nl_json *text = nl_json__get(c, "text"), *want = nl_json__get(c, "expected"),
                *rules = nl_json__get(c, "rules");
  if (!text || !want) {
    NL_FAIL("%s:%lu: a case needs text and expected", file, line);
    return;
  }
  nl_error err = NL_ERROR_INIT;
  nl_article *a = one_block(nl_service_get(svc, NL_SERVICE_TAG), c,
                            text->string);
  nl_article *out = NULL;
  nl_localize_report *rep = NULL;
  if (nl_localize_article(&out, a, r, svc, &rep, &err) < 0) {
    NL_FAIL("%s:%lu: %s", file, line, err.message);
  } else {
    const char *got = nl_block_text(nl_article_block(out, 0), NULL);
    if (strcmp(got, want->string) != 0)
      NL_FAIL("%s:%lu:\n    expected: %s\n    got:      %s", file, line,
              want->string, got);
    const nl_json *lines = nl_json__get(c, "report");
    if (lines)
      check_report(rep, lines, file, line);
    for (size_t i = 0; rules && i < rules->count; i++)
      if (!reported(rep, rules->items[i].string))
        NL_FAIL("%s:%lu: rule %s not reported", file, line,
                rules->items[i].string);
  }
  nl_localize_report_free(rep);
  nl_article_free(out);
  nl_article_free(a);
}

static void run_file(nl_services *r, const char *dir, const char *name,
                     size_t *cases) {
  char path[4096], id[128];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  /* persian.jsonl and persian.bidi.jsonl are both Persian cases */
  snprintf(id, sizeof(id), "%.*s", (int)strcspn(name, "."), name);
  const nl_service *svc = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_services_find(r, id, &svc, &err) < 0) {
    NL_FAIL("%s: %s", path, err.message);
    return;
  }
  size_t len;
  char *data = nl_test_slurp(path, &len);
  unsigned long line = 0;
  for (char *p = data; p && *p;) {
    char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    line++;
    nl_json *c = NULL;
    if (n > 0 && nl_json__parse(&c, p, n, path, line, &err) == 0) {
      run_case(r, svc, path, line, c);
      (*cases)++;
    } else if (n > 0) {
      NL_FAIL("%s:%lu: %s", path, line, err.message);
    }
    nl_json__free(c);
    p += n + (nl != NULL);
  }
  free(data);
}

static void test_localize__golden(void) {
  nl_services *r = registry();
  char *dir = nl_test_path("NL_TEST_DATA", "localize");
  DIR *d = opendir(dir);
  size_t cases = 0;
  for (struct dirent *e = d ? readdir(d) : NULL; r && e; e = readdir(d)) {
    size_t n = strlen(e->d_name);
    if (n > 6 && strcmp(e->d_name + n - 6, ".jsonl") == 0)
      run_file(r, dir, e->d_name, &cases);
  }
  if (d)
    closedir(d);
  NL_CHECK(cases >= 30);
  free(dir);
  nl_services_free(r);
}

/*
 * tests/data/dateline/services.jsonl: the dateline of every service, as
 * the golden cases above with the service named by "service": with no
 * date, with the service's own date, with an English or ISO date, after
 * a dash and a second place, after a weekday. A kept date has "report":
 * [] (nothing changed).
 */
static void test_localize__dateline_every_service(void) {
  nl_services *r = registry();
  char *path = nl_test_path("NL_TEST_DATA", "dateline/services.jsonl");
  size_t len, *seen = r ? calloc(nl_services_count(r), sizeof(size_t)) : NULL;
  char *data = nl_test_slurp(path, &len);
  unsigned long line = 0;
  for (char *p = data; r && seen && p && *p;) {
    char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    nl_json *c = NULL;
    nl_error err = NL_ERROR_INIT;
    const nl_service *svc = NULL;
    line++;
    if (nl_json__parse(&c, p, n, path, line, &err) < 0)
      NL_FAIL("%s:%lu: %s", path, line, err.message);
    else if (nl_services_find(r, nl_json__get(c, "service")
                                     ? nl_json__get(c, "service")->string
                                     : "",
                              &svc, &err) < 0)
      NL_FAIL("%s:%lu: %s", path, line, err.message);
    else {
      run_case(r, svc, path, line, c);
      for (size_t i = 0; i < nl_services_count(r); i++)
        seen[i] += nl_services_at(r, i) == svc;
    }
    nl_json__free(c);
    p += n + (nl != NULL);
  }
  for (size_t i = 0; seen && i < nl_services_count(r); i++)
    if (seen[i] < 6)
      NL_FAIL("%s: %zu dateline cases, want 6 or more",
              nl_service_get(nl_services_at(r, i), NL_SERVICE_ID), seen[i]);
  free(seen);
  free(data);
  free(path);
  nl_services_free(r);
}

/* Quotation marks agree with CLDR where CLDR has them (the root locale's
 * are no data), unless the notes say why the service differs. */
static void check_quotes(const nl_service *s, const char *id) {
  static const ULocaleDataDelimiterType types[] = {
      ULOCDATA_QUOTATION_START, ULOCDATA_QUOTATION_END,
      ULOCDATA_ALT_QUOTATION_START, ULOCDATA_ALT_QUOTATION_END};
  UErrorCode ec = U_ZERO_ERROR;
  ULocaleData *ld = ulocdata_open(id, &ec);
  const char *notes = nl_service_get(s, NL_SERVICE_NOTES);
  int excused = notes && strstr(notes, "quot") != NULL;
  for (int q = 0; ld && !excused && q < 4; q++) {
    UChar d[8];
    char utf8[16];
    ec = U_ZERO_ERROR;
    int32_t n = ulocdata_getDelimiter(ld, types[q], d, 8, &ec);
    if (U_FAILURE(ec) || ec == U_USING_DEFAULT_WARNING || n <= 0)
      break; /* no data for this locale */
    u_strToUTF8(utf8, sizeof(utf8), NULL, d, n, &ec);
    if (strcmp(utf8, nl_service_quote(s, q)) != 0)
      NL_FAIL("%s: quote %d is %s, CLDR says %s (say why in notes)",
              nl_service_get(s, NL_SERVICE_ID), q, nl_service_quote(s, q),
              utf8);
  }
  ulocdata_close(ld);
}

/* Registry values agree with ICU where ICU has data, or say why not. */
static void test_localize__registry_agrees_with_icu(void) {
  nl_services *r = registry();
  for (size_t i = 0; r && i < nl_services_count(r); i++) {
    const nl_service *s = nl_services_at(r, i);
    const char *tag = nl_service_get(s, NL_SERVICE_TAG);
    char id[ULOC_FULLNAME_CAPACITY];
    UErrorCode ec = U_ZERO_ERROR;
    int32_t parsed;
    uloc_forLanguageTag(tag, id, sizeof(id), &parsed, &ec);
    int rtl = uloc_isRightToLeft(id);
    if (rtl != (strcmp(nl_service_get(s, NL_SERVICE_DIR), "rtl") == 0))
      NL_FAIL("%s: ICU says %s", nl_service_get(s, NL_SERVICE_ID),
              rtl ? "rtl" : "ltr");
    /* digits: where the registry departs from ICU's default it says so */
    UNumberingSystem *ns = unumsys_open(id, &ec);
    const char *icu = U_SUCCESS(ec) ? unumsys_getName(ns) : "latn";
    const char *mine = nl_service_get(s, NL_SERVICE_DIGITS);
    const char *notes = nl_service_get(s, NL_SERVICE_NOTES);
    if (strcmp(icu, mine) != 0 && (notes == NULL || strstr(notes, "digits") == NULL))
      NL_FAIL("%s: digits %s, ICU's default is %s (say why in notes)",
              nl_service_get(s, NL_SERVICE_ID), mine, icu);
    unumsys_close(ns);
    check_quotes(s, id);
  }
  nl_services_free(r);
}

static void test_localize__find(void) {
  nl_services *r = registry();
  const nl_service *s = NULL;
  nl_error err = NL_ERROR_INIT;
  struct {
    const char *name, *id;
  } cases[] = {{"persian", "persian"}, {"fa", "persian"},   {"fa-IR", "persian"},
               {"prs", "dari"},        {"fa-AF", "dari"},   {"my", "burmese"},
               {"ckb", "kurdish-sorani"}, {"kmr", "kurdish-kurmanji"},
               {"yue", "cantonese"}, {"RUSSIAN", "russian"}};
  for (size_t i = 0; r && i < sizeof(cases) / sizeof(cases[0]); i++) {
    NL_CHECK_INT(nl_services_find(r, cases[i].name, &s, &err), 0);
    if (s)
      NL_CHECK_STR(nl_service_get(s, NL_SERVICE_ID), cases[i].id);
  }
  NL_CHECK_INT(nl_services_find(r, "persain", &s, &err), NL_ELANG);
  NL_CHECK(strstr(err.message, "did you mean persian") != NULL);
  NL_CHECK_INT(nl_services_find(r, "xx-YY", &s, &err), NL_ELANG);
  NL_CHECK(nl_services_count(r) >= 50);
  nl_services_free(r);
}

static void test_localize__bad_registry(void) {
  char *path = nl_test_path("NL_TEST_TMP", "services.json");
  FILE *f = fopen(path, "w");
  fputs("{\"format\": \"newsloc-services-1\", \"services\": [\n"
        " {\"id\": \"x\", \"name\": \"X\", \"native\": \"X\", \"tag\": \"en\",\n"
        "  \"script\": \"Latn\", \"dir\": \"ltr\", \"digits\": \"latn\",\n"
        "  \"quotes\": [\"a\", \"b\", \"c\", \"d\"], \"calendar\": \"gregorian\",\n"
        "  \"orthography\": [], \"status\": \"active\", \"colour\": \"red\"}]}\n",
        f);
  fclose(f);
  nl_error err = NL_ERROR_INIT;
  nl_services *r = NULL;
  NL_CHECK_INT(nl_services_load_file(&r, path, &err), NL_EPARSE);
  NL_CHECK_INT(err.line, 5);
  NL_CHECK(strstr(err.message, "colour") != NULL);
  f = fopen(path, "w");
  fputs("{\"format\": \"newsloc-services-1\", \"services\": [\n"
        " {\"id\": \"x\", \"name\": \"X\", \"native\": \"X\", \"tag\": \"en\",\n"
        "  \"script\": \"Latn\", \"dir\": \"ltr\", \"digits\": \"roman-ish\",\n"
        "  \"quotes\": [\"a\", \"b\", \"c\", \"d\"], \"calendar\": \"gregorian\",\n"
        "  \"orthography\": [], \"status\": \"active\"}]}\n",
        f);
  fclose(f);
  NL_CHECK_INT(nl_services_load_file(&r, path, &err), NL_EPARSE);
  NL_CHECK_INT(err.line, 3);
  free(path);
}

/* The dateline gets the date in the service's calendar and digits;
 * inline markup keeps its words. */
static void test_localize__dateline_and_markup(void) {
  nl_services *r = registry();
  const nl_service *fa = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_services_find(r, "persian", &fa, &err);
  nl_article *a = one_paragraph("fa", "سخنگوی UN گفت: 12 نفر.");
  nl_block *dl = NULL, *p = NULL;
  nl_article_set(a, NL_FIELD_DATE, "2026-03-14", &err);
  nl_article_add_block(a, NL_BLOCK_DATELINE, "dl1", "کابل", strlen("کابل"),
                       &dl, &err);
  const char *t = "به گزارش BBC امروز";
  nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p2", t, strlen(t), &p, &err);
  nl_attr href = {"href", "https://bbc.example"};
  size_t s = strlen("به گزارش "), e = s + 3;
  NL_CHECK_INT(nl_block_add_inline(p, "a", s, e, 0, &href, 1, &err), 0);
  nl_article *out = NULL;
  NL_CHECK_INT(nl_localize_article(&out, a, r, fa, NULL, &err), 0);
  if (out) {
    const char *d = nl_block_text(nl_article_find_block(out, "dl1"), NULL);
    NL_CHECK(strstr(d, "کابل، ") == d);
    NL_CHECK(strstr(d, "۱۴۰۴") != NULL); /* Solar Hijri year of 2026-03-14 */
    NL_CHECK(strstr(d, "اسفند") != NULL);
    const nl_block *b = nl_article_find_block(out, "p2");
    const nl_inline *x = nl_block_inline(b, 0);
    const char *bt = nl_block_text(b, NULL);
    NL_CHECK(x && strncmp(bt + x->start, "BBC", 3) == 0 && x->end - x->start == 3);
    NL_CHECK_STR(nl_article_get(out, NL_FIELD_DIR), "rtl");
  }
  nl_article_free(out);
  nl_article_free(a);
  nl_services_free(r);
}

/* A standalone element at another's start stays before it or inside it,
 * as the source has it, in a service of either direction (localize once
 * sorted them, and <br/><em>x</em> came out as <em><br/>x</em>). */
static void test_localize__standalone_element_keeps_its_side(void) {
  nl_services *r = registry();
  const char *svcs[] = {"persian", "russian"};
  for (int outer_first = 0; outer_first < 2; outer_first++)
    for (size_t k = 0; k < 2; k++) {
      const nl_service *s = NULL;
      nl_error err = NL_ERROR_INIT;
      nl_services_find(r, svcs[k], &s, &err);
      nl_article *a = NULL;
      nl_block *b = NULL;
      nl_article_new(&a, &err);
      nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p1", "Both sides met.", 15,
                           &b, &err);
      if (outer_first)
        nl_block_add_inline(b, "em", 0, 4, 0, NULL, 0, &err);
      nl_block_add_inline(b, "br", 0, 0, 1, NULL, 0, &err);
      if (!outer_first)
        nl_block_add_inline(b, "em", 0, 4, 0, NULL, 0, &err);
      nl_article *out = NULL;
      NL_CHECK_INT(nl_localize_article(&out, a, r, s, NULL, &err), 0);
      const nl_block *ob = out ? nl_article_find_block(out, "p1") : NULL;
      const nl_inline *first = ob ? nl_block_inline(ob, 0) : NULL;
      NL_CHECK_STR(first ? first->name : NULL, outer_first ? "em" : "br");
      nl_article_free(out);
      nl_article_free(a);
    }
  nl_services_free(r);
}

static const nl_test tests[] = {
    NL_TEST(test_localize__golden),
    NL_TEST(test_localize__dateline_every_service),
    NL_TEST(test_localize__registry_agrees_with_icu),
    NL_TEST(test_localize__find),
    NL_TEST(test_localize__bad_registry),
    NL_TEST(test_localize__dateline_and_markup),
    NL_TEST(test_localize__standalone_element_keeps_its_side),
};

NL_TEST_MAIN(tests)
