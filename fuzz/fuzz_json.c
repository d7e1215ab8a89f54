/*
 * fuzz_json.c - the JSON Lines reader used for test and evaluation data.
 */
#include <stdint.h>
#include <stdlib.h>

#include "util/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nl_json *v = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_json__parse(&v, (const char *)data, size, "fuzz", 1, &err) == 0)
    nl_json__free(v);
  return 0;
}
