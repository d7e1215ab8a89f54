/*
 * fuzz_xliff.c - the XLIFF reader and merge: any file a translator sends
 * back is read or refused, never crashes the merge, and what merges
 * writes NITF that reads back and a review page with no script
 * (oracle.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

static const char article[] =
    "<nitf xml:lang=\"en\"><body><body.head><hedline><hl1 id=\"hl1\">Talks "
    "resume</hl1></hedline></body.head><body.content><p id=\"p1\">The "
    "<em>talks</em> resumed. <a href=\"x\">Both sides</a> met.</p>"
    "</body.content></body></nitf>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nl_error err = NL_ERROR_INIT;
  nl_article *src = NULL, *out = NULL;
  nl_xliff_doc *doc = NULL;
  nl_merge_options mo = NL_MERGE_OPTIONS_INIT;
  nl_merge_report rep = NL_MERGE_REPORT_INIT;
  mo.allow_untranslated = 1;
  if (nl_xliff_read_memory(&doc, (const char *)data, size, "fuzz", &err) == 0)
    nl_xliff_doc_free(doc);
  if (nl_article_read_memory(&src, article, strlen(article), NL_FORMAT_NITF,
                             "a", &err) == 0 &&
      nl_merge_memory(&out, src, (const char *)data, size, "fuzz", &mo, &rep,
                      &err) == 0) {
    fuzz_check_nitf(out);
    fuzz_check_page(out, src);
  }
  nl_merge_report_dispose(&rep);
  nl_article_free(out);
  nl_article_free(src);
  return 0;
}
