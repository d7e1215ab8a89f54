/*
 * test_lang.c - language tags written one way whatever case a file used
 * (tests/data/lang/conventional-case.tsv: a line a case, "#" a comment).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lang.h"

static void test_lang__conventional_case(void) {
  char *path = nl_test_path("NL_TEST_DATA", "lang/conventional-case.tsv");
  size_t len = 0;
  char *tsv = nl_test_slurp(path, &len);
  NL_CHECK(tsv != NULL);
  int cases = 0;
  for (char *line = tsv; tsv != NULL && line < tsv + len;) {
    char *end = strchr(line, '\n');
    if (end == NULL)
      end = tsv + len;
    *end = '\0';
    char *tab = strchr(line, '\t');
    if (line[0] != '#' && tab != NULL) {
      *tab = '\0';
      char tag[64];
      strncpy(tag, line, sizeof(tag) - 1);
      tag[sizeof(tag) - 1] = '\0';
      nl_lang__conventional_case(tag);
      NL_CHECK_STR(tag, tab + 1);
      /* written once, the tag is a fixed point */
      nl_lang__conventional_case(tag);
      NL_CHECK_STR(tag, tab + 1);
      cases++;
    }
    line = end + 1;
  }
  NL_CHECK(cases >= 20);
  free(tsv);
  free(path);
}

static const nl_test tests[] = {
    NL_TEST(test_lang__conventional_case),
};

NL_TEST_MAIN(tests)
