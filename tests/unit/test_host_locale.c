/*
 * test_host_locale.c - a host program that sets the C library's locale
 * gets the same localization as one that does not.
 *
 * The CLI never calls setlocale, but the library is the product: a
 * server that calls setlocale(LC_ALL, "") under de_DE.UTF-8 makes
 * strtod stop at '.', and ICU reads its default locale from the same
 * place (setlocale(LC_MESSAGES, NULL) before the environment). Each
 * text below (grouped and decimal numbers, percent signs, a dateline)
 * is localized in the "C" locale and again after setlocale() to each
 * of the four locales that
 * tests/locale/same-output.sh uses (.ci/run generates them); the texts
 * must be byte-identical. A locale the machine lacks is a failure, not
 * a skip.
 */
#define _POSIX_C_SOURCE 200809L
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>
#include <newsloc/localize.h>
#include <newsloc/services.h>

#include "harness.h"

static const struct {
  const char *service, *text;
} cases[] = {
    {"bangla", "মোট 1,234,567.5 টাকা, 12,345,678,901,234,567 জন, 45% ও 2.1.3"},
    {"persian", "مبلغ 1,234.50 دلار و 35.5% و 9,007,199,254,740,993 است."},
    {"kurdish-sorani", "ژمارە 1,234,567.5 و 3.5%."},
    {"french-africa", "Le taux est de 35,5 % et 1 234,5 ; « oui »."},
    {"rohingya", "Aaj 45% manush"},
};

static char *localized(const nl_services *reg, const char *id,
                       const char *text) {
  nl_error err = NL_ERROR_INIT;
  const nl_service *svc = NULL;
  nl_article *a = NULL, *l = NULL;
  nl_block *b = NULL, *d = NULL;
  char *out = NULL;
  if (nl_services_find(reg, id, &svc, &err) == 0 &&
      nl_article_new(&a, &err) == 0 &&
      nl_article_set(a, NL_FIELD_DATE, "2026-05-04", &err) == 0 &&
      nl_article_add_block(a, NL_BLOCK_DATELINE, "d1", "X", 1, &d, &err) == 0 &&
      nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p1", text, strlen(text), &b,
                           &err) == 0 &&
      nl_localize_article(&l, a, reg, svc, NULL, &err) == 0) {
    const char *dl = nl_block_text(nl_article_block(l, 0), NULL);
    const char *p = nl_block_text(nl_article_block(l, 1), NULL);
    size_t n = strlen(dl) + strlen(p) + 2;
    out = malloc(n);
    if (out)
      snprintf(out, n, "%s\n%s", dl, p);
  } else {
    NL_FAIL("%s: %s", id, err.message);
  }
  nl_article_free(l);
  nl_article_free(a);
  return out;
}

static void test_host_locale__same_output(void) {
  static const char *const locales[] = {"C.UTF-8", "fr_FR.UTF-8",
                                        "ar_EG.UTF-8", "de_DE.UTF-8"};
  nl_error err = NL_ERROR_INIT;
  nl_services *reg = NULL;
  NL_CHECK_INT(nl_services_load(&reg, NULL, &err), 0);
  size_t nc = sizeof(cases) / sizeof(cases[0]);
  char *want[sizeof(cases) / sizeof(cases[0])] = {0};
  for (size_t i = 0; reg && i < nc; i++)
    want[i] = localized(reg, cases[i].service, cases[i].text);
  for (size_t k = 0; reg && k < sizeof(locales) / sizeof(locales[0]); k++) {
    if (setlocale(LC_ALL, locales[k]) == NULL) {
      NL_FAIL("setlocale(%s) failed: the machine lacks the locale "
              "(.ci/run generates it with localedef)", locales[k]);
      continue;
    }
    /* ICU's default follows the environment when the C library's
     * locale is "C"; a host's setenv reaches it the same way */
    nl_services *reg2 = NULL;
    NL_CHECK_INT(nl_services_load(&reg2, NULL, &err), 0);
    for (size_t i = 0; reg2 && i < nc; i++) {
      char *got = localized(reg2, cases[i].service, cases[i].text);
      if (got && want[i] && strcmp(got, want[i]) != 0)
        NL_FAIL("%s under %s:\n    got:  %s\n    want: %s", cases[i].service,
                locales[k], got, want[i]);
      free(got);
    }
    nl_services_free(reg2);
  }
  setlocale(LC_ALL, "C");
  for (size_t i = 0; i < nc; i++)
    free(want[i]);
  nl_services_free(reg);
}

static const nl_test tests[] = {
    NL_TEST(test_host_locale__same_output),
};

NL_TEST_MAIN(tests)
