/*
 * test_xliff_read.c - XLIFF the reader must refuse, as data.
 *
 * Every tests/data/xliff/bad/NAME.xlf is read; it must fail, and the
 * error formatted as the CLI prints it (file name without directory)
 * must equal NAME.error. These are the files whose content would
 * otherwise be taken twice or not at all (a repeated id, a segment
 * inside a segment, an entity nobody declared). Adding a case is
 * adding the two files.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "harness.h"

static void check_bad(const char *dir, const char *name) {
  char path[4096], want_path[4096], got[1200];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  snprintf(want_path, sizeof(want_path), "%s/%.*s.error", dir,
           (int)(strlen(name) - 4), name);
  size_t len;
  char *data = nl_test_slurp(path, &len);
  char *want = nl_test_slurp(want_path, &len);
  if (data == NULL || want == NULL) {
    NL_FAIL("%s: no %s", name, want_path);
  } else {
    nl_xliff_doc *d = NULL;
    nl_error err = NL_ERROR_INIT;
    int rc = nl_xliff_read_memory(&d, data, strlen(data), name, &err);
    if (rc == 0) {
      NL_FAIL("%s: read without an error", name);
      nl_xliff_doc_free(d);
    } else {
      nl_error_format(&err, got, sizeof(got));
      want[strcspn(want, "\n")] = '\0';
      NL_CHECK_STR(got, want);
    }
  }
  free(data);
  free(want);
}

static void test_xliff_read__bad(void) {
  char *dir = nl_test_path("NL_TEST_DATA", "xliff/bad");
  DIR *d = opendir(dir);
  size_t n = 0;
  for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
    size_t l = strlen(e->d_name);
    if (l > 4 && strcmp(e->d_name + l - 4, ".xlf") == 0) {
      check_bad(dir, e->d_name);
      n++;
    }
  }
  if (d)
    closedir(d);
  NL_CHECK(n >= 6);
  free(dir);
}

/* mrk of other types inside a segment mrk are annotations: the text
 * counts once, in its segment. */
static void test_xliff_read__mrk_inside_segment(void) {
  static const char x[] =
      "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"
      "<file original=\"a\" source-language=\"en\" target-language=\"fr\" "
      "datatype=\"plaintext\"><body><trans-unit id=\"p1\">"
      "<source>One. Two.</source><seg-source>"
      "<mrk mtype=\"seg\" mid=\"1\">One.</mrk> "
      "<mrk mtype=\"seg\" mid=\"2\">Two.</mrk></seg-source>"
      "<target><mrk mtype=\"seg\" mid=\"1\">Un <mrk mtype=\"term\">mot"
      "</mrk>.</mrk> <mrk mtype=\"seg\" mid=\"2\">Deux.</mrk></target>"
      "</trans-unit></body></file></xliff>";
  nl_xliff_doc *d = NULL;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_xliff_read_memory(&d, x, sizeof(x) - 1, "x", &err), 0);
  nl_xliff_segment s;
  if (d && nl_xliff_doc_segment_count(d) == 2) {
    nl_xliff_doc_segment(d, 0, &s);
    NL_CHECK_STR(s.target, "Un mot.");
    nl_xliff_doc_segment(d, 1, &s);
    NL_CHECK_STR(s.target, "Deux.");
  } else {
    NL_FAIL("not two segments: %s", err.message);
  }
  nl_xliff_doc_free(d);
}

static const nl_test tests[] = {
    NL_TEST(test_xliff_read__bad),
    NL_TEST(test_xliff_read__mrk_inside_segment),
};

NL_TEST_MAIN(tests)
