/*
 * fuzz_srx.c - a user's SRX rules file (--srx): read, compiled, and
 * used to segment a fixed text in several scripts. The file is refused
 * or the split keeps the segmenter's promises (fuzz_check_ranges), in
 * bounded time (libFuzzer's -timeout catches a rule that never ends).
 */
#include <string.h>
#include <unistd.h>

#include "oracle.h"

static const char text[] =
    "Mr. Smith met U.S. officials on Sept. 11 at 10 a.m. Monday. They "
    "agreed! Did they? \"Yes.\" (It was 3.5 km away.) The end...\n\n"
    "\xd8\xa7\xd9\x88 \xda\xaf\xd9\x81\xd8\xaa. \xd8\xa2\xd9\x86\xd9\x87\xd8"
    "\xa7 \xd8\xb1\xd9\x81\xd8\xaa\xd9\x86\xd8\xaf\xd8\x9f \xe0\xbd\x96"
    "\xe0\xbd\xbc\xe0\xbd\x91\xe0\xbc\x8d \xe0\xbd\xa6\xe0\xbe\x90\xe0\xbd"
    "\x91\xe0\xbc\x8d \xe4\xbb\x96\xe8\xaf\xb4\xe3\x80\x82\xe5\xa5\xb9\xe7"
    "\xac\x91\xe4\xba\x86\xef\xbc\x81 \xe1\x80\x9e\xe1\x80\xbd\xe1\x80\xac"
    "\xe1\x80\xb8\xe1\x81\x8b \xe0\xb8\x9c\xe0\xb8\xa1\xe0\xb9\x84\xe0\xb8"
    "\x9b  \xe0\xb9\x80\xe0\xb8\x82\xe0\xb8\xb2\xe0\xb8\xa1\xe0\xb8\xb2";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const langs[] = {"en", "fa", "bo", "zh-Hans", "my",
                                      "th"};
  char path[512];
  fuzz_temp_file(path, sizeof(path), "rules.srx", data, size);
  nl_segmenter_options so = NL_SEGMENTER_OPTIONS_INIT;
  so.srx_path = path;
  so.locales_dir = NL_FUZZ_LOCALES;
  const char *lang = langs[size % (sizeof(langs) / sizeof(langs[0]))];
  nl_segmenter *seg = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_segmenter_new(&seg, lang, &so, &err) == 0) {
    nl_range *r = NULL;
    size_t n = 0;
    if (nl_segmenter_split(seg, text, strlen(text), &r, &n, &err) == 0)
      fuzz_check_ranges(text, strlen(text), r, n);
    nl_free(r);
    nl_segmenter_free(seg);
  }
  unlink(path);
  return 0;
}
