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

#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "rx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static URegularExpression *icu(const char *pattern, const char *tail,
                               int anchoring) {
  size_t n = strlen(pattern) + strlen(tail) + 8;
  char *p = malloc(n);
  UChar u[1024];
  int32_t ul = 0;
  UErrorCode ec = U_ZERO_ERROR;
  UParseError pe;
  if (p == NULL)
    return NULL;
  strcpy(p, "(?:");
  strcat(p, pattern);
  strcat(p, ")");
  strcat(p, tail);
  u_strFromUTF8(u, 1024, &ul, p, -1, &ec);
  free(p);
  URegularExpression *re = U_SUCCESS(ec) ? uregex_open(u, ul, 0, &pe, &ec)
                                         : NULL;
  uregex_useTransparentBounds(re, 1, &ec);
  uregex_useAnchoringBounds(re, anchoring, &ec);
  uregex_setTimeLimit(re, 50, &ec);
  if (U_FAILURE(ec)) {
    uregex_close(re);
    return NULL;
  }
  return re;
}

/* Whether the characters next to p lie in the edge sets. */
static int in_edges(const nl_rx *rx, int dir, const UChar *s, int32_t len,
                    int32_t p) {
  for (int i = 0; i < NL_RX_EDGE; i++) {
    int ended, none;
    const USet *set = nl_rx__edge(rx, dir, i, &ended, &none);
    if (dir < 0 ? p <= 0 : p >= len)
      return none;
    if (ended)
      return 1;
    UChar32 c;
    if (dir < 0)
      U16_PREV(s, 0, p, c);
    else
      U16_NEXT(s, p, len, c);
    if (!uset_contains(set, c))
      return 0;
  }
  return 1;
}

static void compare(const nl_rx *rx, URegularExpression *back,
                    URegularExpression *fwd, const UChar *s, int32_t len,
                    int dollar) {
  UErrorCode ec = U_ZERO_ERROR;
  uregex_setText(back, s, len, &ec);
  uregex_setText(fwd, s, len, &ec);
  for (int32_t p = 0; p <= len; p++) {
    if (p > 0 && p < len && U16_IS_TRAIL(s[p]) && U16_IS_LEAD(s[p - 1]))
      continue;
    for (int dir = dollar ? 1 : -1; dir <= 1; dir += 2) {
      ec = U_ZERO_ERROR;
      int want;
      if (dir < 0) {
        uregex_setRegion(back, 0, p, &ec);
        want = uregex_findNext(back, &ec);
      } else {
        uregex_setRegion(fwd, p, len, &ec);
        want = uregex_lookingAt(fwd, -1, &ec);
      }
      if (U_FAILURE(ec))
        continue; /* ICU timed out */
      int got = nl_rx__at(rx, dir, s, len, p);
      if (got >= 0 && got != want)
        abort();
      if (got == 1 && !in_edges(rx, dir, s, len, p))
        abort();
    }
  }
}

/* Whether the pattern asks about the end of the text ($, \z, \Z) or
 * turns on multi-line mode ("(?m)"): the backward oracle anchors the
 * region's end, which ICU then takes for the end of the text. */
static int ends_matter(const char *p) {
  if (strchr(p, '$') || strstr(p, "\\z") || strstr(p, "\\Z"))
    return 1;
  for (const char *q = strstr(p, "(?"); q; q = strstr(q + 2, "(?"))
    for (const char *f = q + 2; *f && strchr("imsx-", *f); f++)
      if (*f == 'm')
        return 1;
  return 0;
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
  int dollar = ends_matter(pattern); /* then judged forward only */
  URegularExpression *back = icu(pattern, "\\z", 1);
  URegularExpression *fwd = icu(pattern, "", 0);
  if (back && fwd)
    compare(rx, back, fwd, text, len, dollar);
  uregex_close(back);
  uregex_close(fwd);
  nl_rx__free(rx);
  return 0;
}
