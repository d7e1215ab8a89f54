/*
 * fuzz_article.c - the article readers as the CLI picks them (format
 * sniffed from the input): whatever is read must write as NITF that
 * reads back identically and render safely (oracle.h). fuzz_html,
 * fuzz_text and fuzz_nitf drive each reader on its own.
 */
#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_read_article(data, size, NL_FORMAT_AUTO);
  return 0;
}
