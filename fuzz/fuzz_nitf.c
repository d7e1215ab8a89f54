/*
 * fuzz_nitf.c - the reader for NITF 3.6 XML: whatever it
 * takes must write as NITF that reads back identically and render as a
 * page where no script can appear (oracle.h).
 */
#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_read_article(data, size, NL_FORMAT_NITF);
  return 0;
}
