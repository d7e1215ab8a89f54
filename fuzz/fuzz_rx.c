/*
 * fuzz_rx.c - nl_rx against ICU's regex engine on arbitrary patterns.
 *
 * Input: a pattern, a newline, a text. When ICU accepts the pattern and
 * nl_rx takes it on, both must give the same answer at every position
 * in both directions (nl_rx may give up, never disagree), and a match's
 * first characters must lie in the sets the segmenter's prefilters use.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rx.h"
#include "rx_oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every position, both ways (forward only when the text's end matters):
 * nl_rx may give up, never disagree, and its matches' edges hold. */
static void compare(const nl_rx *rx, oracle *o, const UChar *s, int32_t len,
                    int from) {
  oracle_text(o, s, len);
  nl_rx_memo *memo[2] = {nl_rx__memo_new(rx), nl_rx__memo_new(rx)};
  for (int32_t p = 0; p <= len; p++) {
    if (p > 0 && p < len && U16_IS_TRAIL(s[p]) && U16_IS_LEAD(s[p - 1]))
      continue;
    for (int dir = from; dir <= 1; dir += 2) {
      int want = oracle_at(o, dir, len, p);
      if (want < 0)
        continue; /* ICU timed out */
      int got = nl_rx__at(rx, dir, s, len, p, memo[dir > 0]);
      if (got >= 0 && got != want)
        abort();
      if (got == 1 && !edges_hold(rx, dir, s, len, p))
        abort();
    }
  }
  nl_rx__memo_free(memo[0]);
  nl_rx__memo_free(memo[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *nl = memchr(data, '\n', size);
  if (nl == NULL || nl - data > 200 || size - (size_t)(nl - data) > 200)
    return 0;
  char pattern[256];
  memcpy(pattern, data, (size_t)(nl - data));
  pattern[nl - data] = 0;
  UChar text[256];
  int32_t len = 0;
  UErrorCode ec = U_ZERO_ERROR;
  u_strFromUTF8(text, 256, &len, (const char *)nl + 1,
                (int32_t)(size - (size_t)(nl - data) - 1), &ec);
  nl_rx *rx = NULL;
  if (U_FAILURE(ec) || memchr(pattern, 0, (size_t)(nl - data)) ||
      nl_rx__compile(&rx, pattern) != 0)
    return 0;
  oracle o;
  if (oracle_open(&o, pattern, 50))
    compare(rx, &o, text, len, ends_matter(pattern) ? 1 : -1);
  oracle_close(&o);
  nl_rx__free(rx);
  return 0;
}
