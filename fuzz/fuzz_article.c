/*
 * fuzz_article.c - the article readers (scraped text, HTML, NITF) and the
 * NITF writer: whatever is read must write, and read back.
 */
#include <stdint.h>
#include <stdlib.h>

#include <newsloc/newsloc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nl_article *a = NULL, *b = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_buf out = NL_BUF_INIT;
  if (nl_article_read_memory(&a, (const char *)data, size, NL_FORMAT_AUTO,
                             "fuzz", &err) == 0 &&
      nl_article_write_nitf(a, &out, &err) == 0 &&
      nl_article_read_memory(&b, out.ptr, out.size, NL_FORMAT_NITF, "fuzz",
                             &err) != 0)
    abort(); /* our own NITF must read back */
  nl_buf_dispose(&out);
  nl_article_free(b);
  nl_article_free(a);
  return 0;
}
