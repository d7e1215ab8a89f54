/*
 * test_services.c - the service registry against ICU/CLDR, its checks on
 * load, and finding services.
 *
 * Agreement: for every service, direction (uloc_isRightToLeft), script
 * (likely subtags), default numbering system (unumsys_open), preferred
 * calendar (ucal_getKeywordValuesForLocale) and quotation marks
 * (ulocdata_getDelimiter, where CLDR has data) must
 * equal the registry's, or the registry must list the field under
 * "icu_differs" with a reason. An excuse for a field that agrees is
 * stale and fails too. Every disagreement is printed, so a run shows the
 * whole list.
 *
 * Bad registries: the JSON files in tests/data/localize/registry/, each
 * with the error it must give in registry/errors.tsv
 * (FILE<TAB>LINE<TAB>COLUMN<TAB>part of the message).
 *
 * The loader's own answers for numbering systems and date patterns
 * (services_forms.c, which spares every process ICU's formatters) are
 * held to ICU's formatters: unumsys_openByName on every name ICU lists
 * and their near misses, udat_format on every ASCII character.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/unumsys.h>
#include <unicode/ustring.h>

#include <newsloc/newsloc.h>

#include "services_internal.h"
#include <newsloc/services.h>

#include "harness.h"

static nl_services *registry(void) {
  nl_error err = NL_ERROR_INIT;
  nl_services *r = NULL;
  if (nl_services_load(&r, NULL, &err) < 0)
    NL_FAIL("registry: %s:%lu: %s", err.path, err.line, err.message);
  return r;
}

/* Compares one field; `icu` NULL means ICU has no data. */
static void agree(const nl_service *s, const char *field, const char *mine,
                  const char *icu) {
  const char *why = nl_service_icu_differs(s, field);
  const char *id = nl_service_get(s, NL_SERVICE_ID);
  int same = icu == NULL || strcmp(mine, icu) == 0;
  if (!same && why == NULL)
    NL_FAIL("%s: %s is %s, ICU says %s (list it in icu_differs with a "
            "reason)", id, field, mine, icu);
  else if (same && why != NULL && icu != NULL)
    NL_FAIL("%s: icu_differs excuses %s, but ICU agrees (%s)", id, field,
            mine);
  else if (!same)
    printf("  %s: %s %s, ICU %s: %s\n", id, field, mine, icu, why);
}

/* CLDR's four quotation marks joined by spaces, or NULL without data. */
static char *cldr_quotes(const char *locale, char *out, size_t cap) {
  static const ULocaleDataDelimiterType types[] = {
      ULOCDATA_QUOTATION_START, ULOCDATA_QUOTATION_END,
      ULOCDATA_ALT_QUOTATION_START, ULOCDATA_ALT_QUOTATION_END};
  UErrorCode ec = U_ZERO_ERROR;
  ULocaleData *ld = ulocdata_open(locale, &ec);
  size_t used = 0;
  out[0] = '\0';
  for (int q = 0; ld && q < 4; q++) {
    UChar d[8];
    char utf8[16];
    ec = U_ZERO_ERROR;
    int32_t n = ulocdata_getDelimiter(ld, types[q], d, 8, &ec);
    if (U_FAILURE(ec) || ec == U_USING_DEFAULT_WARNING || n <= 0) {
      ulocdata_close(ld);
      return NULL; /* the root locale's marks: no data */
    }
    u_strToUTF8(utf8, sizeof(utf8), NULL, d, n, &ec);
    used += (size_t)snprintf(out + used, cap - used, "%s%s", q ? " " : "",
                             utf8);
  }
  ulocdata_close(ld);
  return ld ? out : NULL;
}

static void test_services__agree_with_icu(void) {
  nl_services *r = registry();
  printf("departures from ICU/CLDR, with the registry's reasons:\n");
  for (size_t i = 0; r && i < nl_services_count(r); i++) {
    const nl_service *s = nl_services_at(r, i);
    char id[ULOC_FULLNAME_CAPACITY], full[ULOC_FULLNAME_CAPACITY];
    char script[16], mine[64], icuq[64];
    UErrorCode ec = U_ZERO_ERROR;
    int32_t parsed;
    uloc_forLanguageTag(nl_service_get(s, NL_SERVICE_TAG), id, sizeof(id),
                        &parsed, &ec);
    uloc_addLikelySubtags(id, full, sizeof(full), &ec);
    uloc_getScript(full, script, sizeof(script), &ec);
    agree(s, "dir", nl_service_get(s, NL_SERVICE_DIR),
          uloc_isRightToLeft(id) ? "rtl" : "ltr");
    agree(s, "script", nl_service_get(s, NL_SERVICE_SCRIPT),
          U_SUCCESS(ec) && script[0] ? script : NULL);
    ec = U_ZERO_ERROR;
    UNumberingSystem *ns = unumsys_open(id, &ec);
    agree(s, "digits", nl_service_get(s, NL_SERVICE_DIGITS),
          U_SUCCESS(ec) ? unumsys_getName(ns) : NULL);
    unumsys_close(ns);
    snprintf(mine, sizeof(mine), "%s %s %s %s", nl_service_quote(s, 0),
             nl_service_quote(s, 1), nl_service_quote(s, 2),
             nl_service_quote(s, 3));
    agree(s, "quotes", mine, cldr_quotes(id, icuq, sizeof(icuq)));
    ec = U_ZERO_ERROR;
    UEnumeration *cals = ucal_getKeywordValuesForLocale("calendar", id, 1,
                                                        &ec);
    const char *cal = U_SUCCESS(ec) ? uenum_next(cals, NULL, &ec) : NULL;
    agree(s, "calendar", nl_service_get(s, NL_SERVICE_CALENDAR),
          U_SUCCESS(ec) ? cal : NULL);
    uenum_close(cals);
  }
  nl_services_free(r);
}

/* Every service in voa-services.md is in the registry. */
static void test_services__every_voa_service(void) {
  char *path = nl_test_path("NL_SHARED", "reference/voa-services.md");
  if (!nl_test_need_shared() || !nl_test_exists(path)) {
    printf("skipped: %s is absent (../shared not checked out)\n", path);
    nl_test_mark_skipped();
    free(path);
    return;
  }
  size_t len;
  char *md = nl_test_slurp(path, &len);
  nl_services *r = registry();
  size_t rows = 0;
  for (char *p = md; r && p && *p;) {
    char *nl = strchr(p, '\n');
    if (nl)
      *nl = '\0';
    char id[64];
    /* table rows: "| id | service | ..." */
    if (sscanf(p, "| %63[a-z-] |", id) == 1 && strcmp(id, "id") != 0 &&
        id[0] != '-') {
      const nl_service *s = NULL;
      nl_error err = NL_ERROR_INIT;
      rows++;
      if (nl_services_find(r, id, &s, &err) < 0)
        NL_FAIL("%s is in voa-services.md, not in the registry", id);
    }
    p = nl ? nl + 1 : NULL;
  }
  NL_CHECK(rows >= 50);
  nl_services_free(r);
  free(md);
  free(path);
}

static void test_services__bad_registries(void) {
  char *dir = nl_test_path("NL_TEST_DATA", "localize/registry");
  char index[4096];
  snprintf(index, sizeof(index), "%s/errors.tsv", dir);
  size_t len, cases = 0;
  char *tsv = nl_test_slurp(index, &len);
  for (char *p = tsv; p && *p;) {
    char *nl = strchr(p, '\n');
    if (nl)
      *nl = '\0';
    char file[256], want[256], path[4096];
    unsigned long line, col;
    if (*p != '#' &&
        sscanf(p, "%255[^\t]\t%lu\t%lu\t%255[^\n]", file, &line, &col,
               want) == 4) {
      nl_services *r = NULL;
      nl_error err = NL_ERROR_INIT;
      snprintf(path, sizeof(path), "%s/%s", dir, file);
      cases++;
      if (nl_services_load_file(&r, path, &err) != NL_EPARSE) {
        NL_FAIL("%s: loaded, or failed otherwise: %s", file, err.message);
      } else if (err.line != line || err.column != col ||
                 strstr(err.message, want) == NULL ||
                 strcmp(err.path, path) != 0) {
        NL_FAIL("%s: got %lu:%lu: %s; want %lu:%lu: ...%s...", file,
                err.line, err.column, err.message, line, col, want);
      }
      nl_services_free(r);
    }
    p = nl ? nl + 1 : NULL;
  }
  NL_CHECK(cases >= 8);
  free(tsv);
  free(dir);
}

static void test_services__find(void) {
  nl_services *r = registry();
  nl_error err = NL_ERROR_INIT;
  const nl_service *s = NULL;
  static const struct {
    const char *name, *hint;
  } unknown[] = {{"persain", "persian"},
                 {"Urdoo", "urdu"},
                 {"kurdish", "kurdish-sorani"},
                 {"Burmse", "burmese"},
                 {"Amharik", "amharic"}};
  for (size_t i = 0; r && i < sizeof(unknown) / sizeof(unknown[0]); i++) {
    NL_CHECK_INT(nl_services_find(r, unknown[i].name, &s, &err), NL_ELANG);
    if (strstr(err.message, unknown[i].hint) == NULL)
      NL_FAIL("%s: no hint of %s in: %s", unknown[i].name, unknown[i].hint,
              err.message);
  }
  /* tags are matched case-insensitively and canonicalized */
  NL_CHECK_INT(nl_services_find(r, "FA_ir", &s, &err), 0);
  if (s)
    NL_CHECK_STR(nl_service_get(s, NL_SERVICE_ID), "persian");
  NL_CHECK_INT(nl_services_find(r, "zh-hans", &s, &err), 0);
  if (s)
    NL_CHECK_STR(nl_service_get(s, NL_SERVICE_ID), "mandarin");
  /* the names people use */
  static const struct {
    const char *name, *id;
  } aliases[] = {{"Farsi", "persian"},   {"myanmar", "burmese"},
                 {"chinese", "mandarin"}, {"sorani", "kurdish-sorani"},
                 {"prs", "dari"},         {"ckb", "kurdish-sorani"}};
  for (size_t i = 0; r && i < sizeof(aliases) / sizeof(aliases[0]); i++) {
    s = NULL;
    NL_CHECK_INT(nl_services_find(r, aliases[i].name, &s, &err), 0);
    if (s)
      NL_CHECK_STR(nl_service_get(s, NL_SERVICE_ID), aliases[i].id);
  }
  NL_CHECK_INT(nl_services_find(r, "", &s, &err), NL_ELANG);
  nl_services_free(r);
}

/* Extensions and private use say how a language is written, not which
 * it is: a tag with them finds its language's service; one whose
 * language has none, or that is private use only, finds nothing. */
static void test_services__find_with_extensions(void) {
  nl_services *r = registry();
  static const struct {
    const char *name, *id;
  } cases[] = {{"fa-IR-u-nu-arabext", "persian"},
               {"fa-x-newsroom", "persian"},
               {"fa-Arab-IR-u-ca-persian-nu-arabext-x-bbc-persian-desk",
                "persian"},
               {"fa-AF-u-ca-persian", "dari"},
               {"ur-PK-t-en", "urdu"},
               {"my-MM-u-nu-mymr", "burmese"},
               {"zh-Hant-HK-u-nu-hanidec", NULL},
               {"de-CH-u-co-phonebk", NULL},
               {"x-persian", NULL},
               {"fa-IR-u", NULL}};
  for (size_t i = 0; r && i < sizeof(cases) / sizeof(cases[0]); i++) {
    const nl_service *s = NULL;
    nl_error err = NL_ERROR_INIT;
    int rc = nl_services_find(r, cases[i].name, &s, &err);
    const char *got = rc == 0 && s ? nl_service_get(s, NL_SERVICE_ID) : NULL;
    if (cases[i].id == NULL ? got != NULL || rc != NL_ELANG
                            : got == NULL || strcmp(got, cases[i].id) != 0)
      NL_FAIL("%s: found %s (%d), want %s", cases[i].name,
              got ? got : "none", rc, cases[i].id ? cases[i].id : "none");
    if (rc == NL_ELANG && strstr(err.message, cases[i].name) == NULL)
      NL_FAIL("%s: the error does not name it: %s", cases[i].name,
              err.message);
  }
  /* the tag to write stays the user's, extensions and all */
  char tag[64];
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_services_resolve(r, "fa-IR-u-nu-latn", tag, sizeof(tag),
                                   &err), 0);
  NL_CHECK_STR(tag, "fa-IR-u-nu-latn");
  nl_services_free(r);
}

/* An id or alias with '_' is found as written, and a tag written as an
 * ICU locale id ("my_MM") still as the tag it means. */
static void test_services__find_underscore_names(void) {
  char *path = nl_test_path("NL_TEST_DATA",
                            "localize/registry/underscore-id.json");
  nl_services *r = NULL;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_services_load_file(&r, path, &err), 0);
  static const char *const names[] = {"burmese_unicode", "BURMESE_UNICODE",
                                      "burmese_bbc", "myanmar", "my_MM",
                                      "my-mm"};
  for (size_t i = 0; r && i < sizeof(names) / sizeof(names[0]); i++) {
    const nl_service *s = NULL;
    if (nl_services_find(r, names[i], &s, &err) != 0 || s == NULL)
      NL_FAIL("%s: not found: %s", names[i], err.message);
    else
      NL_CHECK_STR(nl_service_get(s, NL_SERVICE_ID), "burmese_unicode");
  }
  nl_services_free(r);
  free(path);
}

/* ICU's likely subtags of `tag` without its extensions and private use
 * (they do not say which language it is: "en-US-u-va-posix" is
 * English), `tag` itself when ICU has none. */
static void icu_likely(const char *tag, char *out, size_t cap) {
  char id[ULOC_FULLNAME_CAPACITY], part[ULOC_FULLNAME_CAPACITY];
  UErrorCode ec = U_ZERO_ERROR;
  snprintf(part, sizeof(part), "%s", tag);
  for (char *p = part + 1; *p; p++)
    if (p[-1] == '-' && p[0] != '-' && (p[1] == '-' || p[1] == '\0')) {
      p[-1] = '\0'; /* a singleton: extensions from here on */
      break;
    }
  uloc_forLanguageTag(part, id, sizeof(id), NULL, &ec);
  uloc_addLikelySubtags(id, out, (int32_t)cap, &ec);
  if (U_FAILURE(ec) || ec == U_STRING_NOT_TERMINATED_WARNING)
    snprintf(out, cap, "%s", tag);
}

/* The first service whose tag has the likely subtags of `tag`: what
 * finding by likely subtags means, without the shortcut that compares
 * only services of the same language. */
static const nl_service *by_likely_scan(const nl_services *r,
                                        const char *tag) {
  char want[ULOC_FULLNAME_CAPACITY], have[ULOC_FULLNAME_CAPACITY];
  icu_likely(tag, want, sizeof(want));
  for (size_t i = 0; i < nl_services_count(r); i++) {
    icu_likely(nl_service_get(nl_services_at(r, i), NL_SERVICE_TAG), have,
               sizeof(have));
    if (strcasecmp(want, have) == 0)
      return nl_services_at(r, i);
  }
  return NULL;
}

/* Every locale ICU has, as a BCP 47 tag, finds what a scan of all
 * services by likely subtags finds, with and without an error to fill
 * (the hints of an unknown name are made only for a caller who reads
 * them). Names equal to a service's id, tag or alias are matched before
 * likely subtags, so those are left to test_services__find. */
static void test_services__find_as_likely_scan(void) {
  nl_services *r = registry();
  size_t n = 0, found = 0;
  for (int32_t k = 0; r && k < uloc_countAvailable(); k++) {
    char tag[ULOC_FULLNAME_CAPACITY];
    UErrorCode ec = U_ZERO_ERROR;
    uloc_toLanguageTag(uloc_getAvailable(k), tag, sizeof(tag), 1, &ec);
    if (U_FAILURE(ec))
      continue;
    const nl_service *want = by_likely_scan(r, tag), *quiet = NULL, *loud;
    nl_error err = NL_ERROR_INIT;
    int rq = nl_services_find(r, tag, &quiet, NULL);
    int rl = nl_services_find(r, tag, &loud, &err);
    if (rq != rl || quiet != loud)
      NL_FAIL("%s: %d without an error, %d with one", tag, rq, rl);
    if (quiet != want && (quiet == NULL || want == NULL ||
                          strcasecmp(nl_service_get(quiet, NL_SERVICE_TAG),
                                     tag) != 0))
      NL_FAIL("%s: found %s, a scan by likely subtags %s", tag,
              quiet ? nl_service_get(quiet, NL_SERVICE_ID) : "none",
              want ? nl_service_get(want, NL_SERVICE_ID) : "none");
    n++;
    found += quiet != NULL;
  }
  NL_CHECK(n >= 500);
  NL_CHECK(found >= 40);
  nl_services_free(r);
}

static int icu_has_numbering(const char *name) {
  UErrorCode ec = U_ZERO_ERROR;
  UNumberingSystem *ns = unumsys_openByName(name, &ec);
  unumsys_close(ns);
  return U_SUCCESS(ec);
}

/* Every system ICU lists, and for each its near misses: another case,
 * one letter more or less, a space. */
static void test_services__numbering_as_icu(void) {
  UErrorCode ec = U_ZERO_ERROR;
  UEnumeration *all = unumsys_openAvailableNames(&ec);
  const char *name;
  size_t n = 0;
  while (U_SUCCESS(ec) && (name = uenum_next(all, NULL, &ec)) != NULL) {
    char v[5][64];
    snprintf(v[0], sizeof(v[0]), "%s", name);
    snprintf(v[1], sizeof(v[1]), "%s", name);
    v[1][0] = (char)(v[1][0] ^ 0x20);
    snprintf(v[2], sizeof(v[2]), "%sx", name);
    snprintf(v[3], sizeof(v[3]), "%.*s", (int)strlen(name) - 1, name);
    snprintf(v[4], sizeof(v[4]), "%s ", name);
    NL_CHECK(nl_service__numbering_known(name));
    for (size_t i = 0; i < 5; i++)
      if (nl_service__numbering_known(v[i]) != icu_has_numbering(v[i]))
        NL_FAIL("numbering system \"%s\": ours %d, ICU %d", v[i],
                nl_service__numbering_known(v[i]), icu_has_numbering(v[i]));
    n++;
  }
  uenum_close(all);
  NL_CHECK(n >= 50);
  NL_CHECK(!nl_service__numbering_known(""));
  NL_CHECK(!nl_service__numbering_known("farsi"));
}

/* What ICU's formatter writes for `pattern` at two instants (a field
 * can be empty at one), in UTF-8 without the NUL: "" when it writes
 * nothing. */
static void icu_formats(UDateFormat *f, const char *pattern, char *out,
                        size_t cap) {
  UChar p[64], u[256];
  int32_t n = 0;
  u_uastrncpy(p, pattern, 63);
  p[63] = 0;
  udat_applyPattern(f, 0, p, -1);
  out[0] = '\0';
  for (UDate at = 0; at <= 1.5e12 && n == 0; at += 1.5e12) {
    UErrorCode ec = U_ZERO_ERROR;
    n = udat_format(f, at, u, 256, NULL, &ec);
    if (U_FAILURE(ec))
      n = -1;
  }
  if (n > 0)
    u_austrncpy(out, u, (int32_t)cap - 1);
  out[cap - 1] = '\0';
}

static void test_services__date_fields_as_icu(void) {
  static const UChar utc[] = {'U', 'T', 'C', 0}, d[] = {'d', 0};
  UErrorCode ec = U_ZERO_ERROR;
  UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, "root", utc, -1, d,
                             -1, &ec);
  NL_CHECK(U_SUCCESS(ec));
  for (int c = 0x21; f && c < 0x7F; c++) {
    char pat[4] = {(char)c, 0}, out[64], letter = 0;
    if (c == '\'')
      continue;
    icu_formats(f, pat, out, sizeof(out));
    int ours = nl_service__date_pattern_fields(pat, &letter) >= 0;
    /* a letter is a field when ICU writes something for it; any other
     * character is a literal, written as itself */
    int theirs = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                     ? out[0] != '\0'
                     : 1;
    if (ours != theirs)
      NL_FAIL("'%c': a field for us %d, for ICU %d (\"%s\")", c, ours,
              theirs, out);
    if (!ours && letter != c)
      NL_FAIL("'%c': reported as '%c'", c, letter);
  }
  /* quotes: a quoted letter is text; '' is a quotation mark */
  static const struct {
    const char *pattern;
    int fields;
  } cases[] = {{"d MMMM y", 7},         {"'d' MMMM y", 6},
               {"d 'de' MMMM 'de' y", 7}, {"d MMMM y 'г.'", 7},
               {"d MMMM ''y''", 7},     {"d MMMM y'", 7},
               {"MMMM y", 6},           {"d MMMM y jj", -1},
               {"EEEE, d 'de' MMMM 'del año' y, 'a las' HH:mm:ss zzzz", 7}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char letter = 0;
    NL_CHECK_INT(nl_service__date_pattern_fields(cases[i].pattern, &letter),
                 cases[i].fields);
  }
  udat_close(f);
}

static const nl_test tests[] = {
    NL_TEST(test_services__agree_with_icu),
    NL_TEST(test_services__every_voa_service),
    NL_TEST(test_services__bad_registries),
    NL_TEST(test_services__find),
    NL_TEST(test_services__find_with_extensions),
    NL_TEST(test_services__find_underscore_names),
    NL_TEST(test_services__find_as_likely_scan),
    NL_TEST(test_services__numbering_as_icu),
    NL_TEST(test_services__date_fields_as_icu),
};

NL_TEST_MAIN(tests)
