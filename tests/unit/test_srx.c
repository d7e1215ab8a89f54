/*
 * test_srx.c - the documented limits on a user's rules file.
 *
 * A rules file is compiled for every segmenter, so its size is bounded
 * (docs/segmentation.md): at the limit it loads, one past it is refused
 * with the file and the line of the rule that went over.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "harness.h"

/* An SRX file of `n` no-break rules, one a line from line 3. */
static char *rules_file(const char *name, size_t n) {
  char *path = nl_test_fresh(name);
  FILE *f = path ? fopen(path, "w") : NULL;
  if (f == NULL) {
    NL_FAIL("cannot write %s", path ? path : name);
    free(path);
    return NULL;
  }
  fputs("<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">"
        "<header cascade=\"yes\"/>\n<body><languagerules>"
        "<languagerule languagerulename=\"A\">\n",
        f);
  for (size_t i = 0; i < n; i++)
    fprintf(f, "<rule break=\"no\"><beforebreak>Abc%zu\\.</beforebreak>"
               "<afterbreak>\\s</afterbreak></rule>\n",
            i);
  fputs("</languagerule></languagerules><maprules><languagemap "
        "languagepattern=\".*\" languagerulename=\"A\"/></maprules></body>"
        "</srx>\n",
        f);
  fclose(f);
  return path;
}

static int load(const char *path, nl_error *err) {
  nl_segmenter_options o = NL_SEGMENTER_OPTIONS_INIT;
  o.srx_path = path;
  nl_segmenter *sg = NULL;
  int rc = nl_segmenter_new(&sg, "en", &o, err);
  nl_segmenter_free(sg);
  return rc;
}

static void test_srx__rule_count_limit(void) {
  nl_error err = NL_ERROR_INIT;
  char *ok = rules_file("srx-5000.srx", 5000);
  char *over = rules_file("srx-5001.srx", 5001);
  if (ok && over) {
    NL_CHECK_INT(load(ok, &err), 0);
    NL_CHECK_INT(load(over, &err), NL_EPARSE);
    NL_CHECK_STR(err.message, "more than 5000 rules in the file (the limit)");
    NL_CHECK_INT(err.line, 5003);
    remove(ok);
    remove(over);
  }
  free(ok);
  free(over);
}

static const nl_test tests[] = {
    NL_TEST(test_srx__rule_count_limit),
};

NL_TEST_MAIN(tests)
