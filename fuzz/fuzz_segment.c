/*
 * fuzz_segment.c - the segmenter on arbitrary bytes.
 *
 * The first byte picks the language, so one corpus exercises the rules
 * of several scripts. Checks the segmenter's own promises
 * (fuzz_check_ranges).
 */
#include <stdint.h>
#include <stdlib.h>

#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const langs[] = {"en", "fa", "ru", "zh-Hans", "th",
                                      "bo", "km", "my", "am", "es"};
  if (size < 1)
    return 0;
  /* one segmenter a language for the whole run: building one compiles
   * every rule, a hundred times the cost of an input */
  static nl_segmenter *segs[sizeof(langs) / sizeof(langs[0])];
  size_t which = data[0] % (sizeof(langs) / sizeof(langs[0]));
  nl_error err = NL_ERROR_INIT;
  if (segs[which] == NULL &&
      nl_segmenter_new(&segs[which], langs[which], NULL, &err) < 0)
    fuzz_fail("the bundled rules do not load: %s", err.message);
  nl_range *r = NULL;
  size_t n = 0;
  if (nl_segmenter_split(segs[which], (const char *)data + 1, size - 1, &r,
                         &n, &err) == 0)
    fuzz_check_ranges((const char *)data + 1, size - 1, r, n);
  nl_free(r);
  return 0;
}
