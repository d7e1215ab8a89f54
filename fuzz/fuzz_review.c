/*
 * fuzz_review.c - the review page: a translation beside its source.
 *
 * The input is two NITF articles separated by a NUL byte (a source and
 * a hostile "translation" whose blocks need not pair with it). The page
 * libxml2's HTML parser reads from the render must carry no script:
 * no script-capable element, no on* attribute, no javascript:,
 * vbscript: or data: URL (fuzz_check_page).
 */
#include <string.h>

#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *nul = memchr(data, 0, size);
  if (nul == NULL)
    return 0;
  size_t n1 = (size_t)(nul - data);
  nl_article *src = NULL, *tgt = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_article_read_memory(&src, (const char *)data, n1, NL_FORMAT_NITF,
                             "source", &err) == 0 &&
      nl_article_read_memory(&tgt, (const char *)nul + 1, size - n1 - 1,
                             NL_FORMAT_NITF, "target", &err) == 0)
    fuzz_check_page(tgt, src);
  nl_article_free(tgt);
  nl_article_free(src);
  return 0;
}
