/*
 * segment.c - sentence segmentation with ICU.
 *
 * ICU's sentence iterator (with the locale's standard suppressions)
 * proposes boundaries; each piece is trimmed of white space, which is
 * left between segments and so belongs to the article, not to a
 * segment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>

#include <newsloc/segment.h>

#include "error.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

struct nl_segmenter {
  char *lang;
  UBreakIterator *bi;
};

int nl_segmenter_new(nl_segmenter **out, const char *lang,
                     const nl_segmenter_options *opts, nl_error *err) {
  (void)opts;
  *out = NULL;
  char id[ULOC_FULLNAME_CAPACITY];
  UErrorCode ec = U_ZERO_ERROR;
  int32_t parsed = 0;
  uloc_forLanguageTag(lang ? lang : "en", id, sizeof(id), &parsed, &ec);
  if (U_FAILURE(ec) || parsed != (int32_t)strlen(lang ? lang : "en"))
    return nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "'%s' is not a valid BCP 47 language tag",
                         lang ? lang : "");
  nl_segmenter *s = calloc(1, sizeof(*s));
  if (s == NULL || (s->lang = nl__strdup(lang ? lang : "en")) == NULL) {
    free(s);
    return nl_error__nomem(err);
  }
  char loc[ULOC_FULLNAME_CAPACITY + 16];
  snprintf(loc, sizeof(loc), "%s@ss=standard", id);
  s->bi = ubrk_open(UBRK_SENTENCE, loc, NULL, 0, &ec);
  if (U_FAILURE(ec)) {
    nl_segmenter_free(s);
    return nl_error__set(err, NL_EICU, NULL, 0, 0,
                         "ICU sentence iterator for %s: %s", lang,
                         u_errorName(ec));
  }
  *out = s;
  return 0;
}

void nl_segmenter_free(nl_segmenter *s) {
  if (s == NULL)
    return;
  ubrk_close(s->bi);
  free(s->lang);
  free(s);
}

static int is_space_at(const char *text, size_t len, size_t i, size_t *next) {
  size_t j = i;
  uint32_t c = nl_utf8__next(text, len, &j);
  *next = j;
  return u_isUWhiteSpace((UChar32)c) || c == 0x200B;
}

/* Shrinks [*s, *e) past white space at both ends. */
static void trim(const char *text, size_t len, size_t *s, size_t *e) {
  size_t next;
  while (*s < *e && is_space_at(text, len, *s, &next))
    *s = next;
  while (*e > *s) {
    size_t p = *e - 1;
    while (p > *s && ((unsigned char)text[p] & 0xC0) == 0x80)
      p--;
    if (!is_space_at(text, len, p, &next))
      break;
    *e = p;
  }
}

int nl_segmenter_split(nl_segmenter *s, const char *text, size_t len,
                       nl_range **out, size_t *count, nl_error *err) {
  *out = NULL;
  *count = 0;
  int rc = nl_utf8__check(text, len, NULL, err);
  if (rc < 0)
    return rc;
  nl_u16 u;
  if ((rc = nl_u16__from_utf8(&u, text, len, 1, err)) < 0)
    return rc;
  UErrorCode ec = U_ZERO_ERROR;
  ubrk_setText(s->bi, u.s, u.len, &ec);
  if (U_FAILURE(ec)) {
    nl_u16__dispose(&u);
    return nl_error__set(err, NL_EICU, NULL, 0, 0, "ICU: %s", u_errorName(ec));
  }
  nl_range *r = NULL;
  size_t n = 0, cap = 0;
  int32_t prev = ubrk_first(s->bi), next;
  while ((next = ubrk_next(s->bi)) != UBRK_DONE) {
    size_t a = u.map[prev], b = u.map[next];
    prev = next;
    trim(text, len, &a, &b);
    if (a == b)
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 8;
      nl_range *nr = realloc(r, cap * sizeof(*nr));
      if (nr == NULL) {
        free(r);
        nl_u16__dispose(&u);
        return nl_error__nomem(err);
      }
      r = nr;
    }
    r[n].start = a;
    r[n].end = b;
    n++;
  }
  ubrk_setText(s->bi, NULL, 0, &ec);
  nl_u16__dispose(&u);
  *out = r;
  *count = n;
  return 0;
}
