/*
 * test_tmx.c - TMX inline codes, import and export.
 *
 * The inline mapping is a data table (tests/data/tmx/inline.tsv: TMX seg
 * content, expected plain text, expected XLIFF 2.0 markup); every row is
 * also written back as TMX and read again, which must give the same
 * markup (the round trip the TM relies on).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tmx.h"
#include "util/buf.h"
#include "util/xml.h"

/* Reads `seg_xml` (the content of a <seg>) into plain and markup. */
static int read_seg(const char *seg_xml, nl_buf *plain, nl_buf *markup,
                    int *codes) {
  nl_buf doc_text = NL_BUF_INIT;
  xmlDocPtr doc = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_buf__printf(&doc_text, "<seg>%s</seg>", seg_xml);
  int rc = nl_xml__parse(&doc, doc_text.ptr, doc_text.size, "seg", &err);
  if (rc == 0)
    rc = nl_tmx__seg_read(xmlDocGetRootElement(doc), plain, markup, codes,
                          &err);
  if (rc < 0)
    NL_FAIL("%s: %s", seg_xml, err.message);
  xmlFreeDoc(doc);
  nl_buf_dispose(&doc_text);
  return rc;
}

static void check_inline_row(char *line) {
  char *plain_want = strchr(line, '\t');
  char *markup_want = plain_want ? strchr(plain_want + 1, '\t') : NULL;
  if (markup_want == NULL) {
    NL_FAIL("bad row: %s", line);
    return;
  }
  *plain_want++ = '\0';
  *markup_want++ = '\0';
  nl_buf plain = NL_BUF_INIT, markup = NL_BUF_INIT, tmx = NL_BUF_INIT;
  nl_buf plain2 = NL_BUF_INIT, markup2 = NL_BUF_INIT;
  int codes = -1, codes2 = -1;
  if (read_seg(line, &plain, &markup, &codes) < 0)
    goto done;
  NL_CHECK_STR(plain.ptr ? plain.ptr : "", plain_want);
  if (strcmp(markup_want, "=") == 0) {
    nl_buf esc = NL_BUF_INIT;
    nl_buf__put_xml(&esc, plain_want, strlen(plain_want), 0);
    NL_CHECK_INT(codes, 0);
    NL_CHECK_STR(markup.ptr ? markup.ptr : "", esc.ptr ? esc.ptr : "");
    nl_buf_dispose(&esc);
  } else {
    NL_CHECK_INT(codes, 1);
    NL_CHECK_STR(markup.ptr ? markup.ptr : "", markup_want);
  }
  /* Export and import again: same plain text and markup. */
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tmx__seg_write(&tmx, plain.ptr ? plain.ptr : "",
                                 codes ? markup.ptr : NULL, &err), 0);
  if (read_seg(tmx.ptr ? tmx.ptr : "", &plain2, &markup2, &codes2) < 0)
    goto done;
  NL_CHECK_STR(plain2.ptr ? plain2.ptr : "", plain.ptr ? plain.ptr : "");
  NL_CHECK_STR(markup2.ptr ? markup2.ptr : "", markup.ptr ? markup.ptr : "");
  NL_CHECK_INT(codes2, codes);
done:
  nl_buf_dispose(&plain);
  nl_buf_dispose(&markup);
  nl_buf_dispose(&tmx);
  nl_buf_dispose(&plain2);
  nl_buf_dispose(&markup2);
}

static void test_tmx__inline_table(void) {
  char *path = nl_test_path("NL_TEST_DATA", "tmx/inline.tsv");
  size_t len = 0;
  char *text = nl_test_slurp(path, &len);
  size_t rows = 0;
  for (char *line = text, *nl; line && *line; line = nl + 1) {
    nl = strchr(line, '\n');
    if (nl == NULL)
      nl = line + strlen(line) - 1;
    else
      *nl = '\0';
    if (*line != '#' && *line != '\0') {
      check_inline_row(line);
      rows++;
    }
  }
  NL_CHECK(rows >= 10);
  free(text);
  free(path);
}

static void test_tmx__dates(void) {
  NL_CHECK_INT(nl_tmx__parse_date("19700101T000000Z"), 0);
  NL_CHECK_INT(nl_tmx__parse_date("20240229T123456Z"), 1709210096LL);
  NL_CHECK_INT(nl_tmx__parse_date("2024-02-29"), -1);
  NL_CHECK_INT(nl_tmx__parse_date("20241301T000000Z"), -1);
  char out[17];
  nl_tmx__format_date(out, 1709210096LL);
  NL_CHECK_STR(out, "20240229T123456Z");
}

static const nl_test tests[] = {
    NL_TEST(test_tmx__inline_table),
    NL_TEST(test_tmx__dates),
};

NL_TEST_MAIN(tests)
