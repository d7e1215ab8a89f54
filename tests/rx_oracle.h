/*
 * rx_oracle.h - ICU's own regex engine as the judge of nl_rx, shared by
 * tests/unit/test_rx.c and fuzz/fuzz_rx.c so that both hold nl_rx to
 * the same question.
 *
 * For a pattern P, "back" is (?:P)\z over the region [0, p], anchored
 * at its end with transparent bounds (lookarounds see the whole text):
 * a match ending at p. "fwd" is lookingAt over [p, len]: a match
 * starting at p.
 */
#ifndef NL_TESTS_RX_ORACLE_H
#define NL_TESTS_RX_ORACLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "rx.h"

typedef struct oracle {
  URegularExpression *back, *fwd;
} oracle;

/* (?:pattern)tail, or NULL when ICU refuses it. Random patterns can go
 * exponential: ICU gives up after `limit` steps of its time limit. */
static inline URegularExpression *oracle_icu(const char *pattern,
                                             const char *tail, int anchoring,
                                             int32_t limit) {
  size_t n = strlen(pattern) + strlen(tail) + 8;
  char *p = malloc(n);
  if (p == NULL)
    return NULL;
  snprintf(p, n, "(?:%s)%s", pattern, tail);
  UChar u[4096];
  int32_t ul = 0;
  UErrorCode ec = U_ZERO_ERROR;
  u_strFromUTF8(u, 4096, &ul, p, -1, &ec);
  free(p);
  UParseError pe;
  URegularExpression *re = U_SUCCESS(ec) ? uregex_open(u, ul, 0, &pe, &ec)
                                         : NULL;
  uregex_useTransparentBounds(re, 1, &ec);
  uregex_useAnchoringBounds(re, anchoring, &ec);
  uregex_setTimeLimit(re, limit, &ec);
  if (U_FAILURE(ec)) {
    uregex_close(re);
    return NULL;
  }
  return re;
}

/* 1 when ICU takes the pattern both ways; oracle_close in any case. */
static inline int oracle_open(oracle *o, const char *pattern, int32_t limit) {
  o->back = oracle_icu(pattern, "\\z", 1, limit);
  o->fwd = oracle_icu(pattern, "", 0, limit);
  return o->back && o->fwd;
}

static inline void oracle_close(oracle *o) {
  uregex_close(o->back);
  uregex_close(o->fwd);
}

static inline void oracle_text(oracle *o, const UChar *s, int32_t len) {
  UErrorCode ec = U_ZERO_ERROR;
  uregex_setText(o->back, s, len, &ec);
  uregex_setText(o->fwd, s, len, &ec);
}

/* 1, 0, or -1 when ICU ran out of time. */
static inline int oracle_at(oracle *o, int dir, int32_t len, int32_t p) {
  UErrorCode ec = U_ZERO_ERROR;
  int r;
  if (dir == NL_RX_BACK) {
    uregex_setRegion(o->back, 0, p, &ec);
    r = uregex_findNext(o->back, &ec);
  } else {
    uregex_setRegion(o->fwd, p, len, &ec);
    r = uregex_lookingAt(o->fwd, -1, &ec);
  }
  return ec == U_REGEX_TIME_OUT ? -1 : U_SUCCESS(ec) && r;
}

/* nl_rx__may, the test before matching, must not turn a match away. */
static inline int may_holds(const nl_rx *rx, int dir, const UChar *s,
                            int32_t len, int32_t p) {
  UChar32 ch[NL_RX_EDGE];
  int have = 0;
  for (int32_t j = p; have < NL_RX_EDGE; have++) {
    if (dir == NL_RX_BACK ? j <= 0 : j >= len)
      break;
    if (dir == NL_RX_BACK)
      U16_PREV(s, 0, j, ch[have]);
    else
      U16_NEXT(s, j, len, ch[have]);
  }
  return nl_rx__may(rx, dir, ch, have);
}

/* Every character of a match next to p is in nl_rx's edge sets, and
 * nl_rx__may lets it through (the segmenter's prefilters rely on both). */
static inline int edges_hold(const nl_rx *rx, int dir, const UChar *s,
                             int32_t len, int32_t p) {
  if (!may_holds(rx, dir, s, len, p))
    return 0;
  int32_t j = p;
  for (int i = 0; i < NL_RX_EDGE; i++) {
    int ended, none;
    const USet *set = nl_rx__edge(rx, dir, i, &ended, &none);
    if (dir == NL_RX_BACK ? j <= 0 : j >= len)
      return none;
    if (ended)
      return 1;
    UChar32 c;
    if (dir == NL_RX_BACK)
      U16_PREV(s, 0, j, c);
    else
      U16_NEXT(s, j, len, c);
    if (!uset_contains(set, c))
      return 0;
  }
  return 1;
}

/* Whether the pattern asks about the end of the text ($, \z, \Z) or
 * turns on multi-line mode ("(?m)"): the backward oracle anchors the
 * region's end, which ICU then takes for the end of the text, so such
 * patterns are judged forward only. */
static inline int ends_matter(const char *p) {
  if (strchr(p, '$') || strstr(p, "\\z") || strstr(p, "\\Z"))
    return 1;
  for (const char *q = strstr(p, "(?"); q; q = strstr(q + 2, "(?"))
    for (const char *f = q + 2; *f && strchr("imsx-", *f); f++)
      if (*f == 'm')
        return 1;
  return 0;
}

#endif
