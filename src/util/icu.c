/*
 * util/icu.c - UTF-8 <-> UTF-16 and NFC through ICU.
 */
#include "util/icu.h"

#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>

#include "error.h"
#include "util/buf.h"
#include "util/utf8.h"

int nl_u16__from_utf8(nl_u16 *out, const char *s, size_t len, int want_map,
                      nl_error *err) {
  memset(out, 0, sizeof(*out));
  if (len > (size_t)INT32_MAX / 2)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "text too long for ICU");
  /* UTF-16 never needs more units than UTF-8 has bytes. */
  out->s = malloc((len + 1) * sizeof(UChar));
  if (out->s == NULL)
    return nl_error__nomem(err);
  UErrorCode ec = U_ZERO_ERROR;
  u_strFromUTF8(out->s, (int32_t)len + 1, &out->len, s, (int32_t)len, &ec);
  if (U_FAILURE(ec)) {
    nl_u16__dispose(out);
    return nl_error__set(err, NL_EUTF8, NULL, 0, 0, "cannot convert text: %s",
                         u_errorName(ec));
  }
  if (!want_map)
    return 0;
  out->map = malloc(((size_t)out->len + 1) * sizeof(size_t));
  if (out->map == NULL) {
    nl_u16__dispose(out);
    return nl_error__nomem(err);
  }
  size_t b = 0;
  int32_t u = 0;
  while (b < len) {
    unsigned char c = (unsigned char)s[b];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out->map[u++] = b;
    if (n == 4)
      out->map[u++] = b; /* the low surrogate maps to the same character */
    b += n;
  }
  out->map[u] = len;
  return 0;
}

void nl_u16__dispose(nl_u16 *u) {
  if (u == NULL)
    return;
  free(u->s);
  free(u->map);
  memset(u, 0, sizeof(*u));
}

int nl_u16__to_utf8(nl_buf *out, const UChar *s, int32_t len, nl_error *err) {
  UErrorCode ec = U_ZERO_ERROR;
  int32_t need = 0;
  u_strToUTF8(NULL, 0, &need, s, len, &ec);
  if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec))
    return nl_error__set(err, NL_EICU, NULL, 0, 0, "UTF-16 to UTF-8: %s",
                         u_errorName(ec));
  if (nl_buf__grow(out, (size_t)need) < 0)
    return nl_error__nomem(err);
  ec = U_ZERO_ERROR;
  u_strToUTF8(out->ptr + out->size, need + 1, NULL, s, len, &ec);
  if (U_FAILURE(ec))
    return nl_error__set(err, NL_EICU, NULL, 0, 0, "UTF-16 to UTF-8: %s",
                         u_errorName(ec));
  out->size += (size_t)need;
  out->ptr[out->size] = '\0';
  return 0;
}

int nl_icu__is_nfc(const char *s, size_t len) {
  /* ASCII is always NFC: the common case costs one pass and no ICU. */
  size_t i = 0;
  while (i < len && (unsigned char)s[i] < 0x80)
    i++;
  if (i == len)
    return 1;
  /* An ASCII character never combines with what comes before it, and of
   * an ASCII prefix only the last one can combine with what follows:
   * the rest is checked from there. A TMX import checks every segment
   * (its UTF-16 copy was a malloc each); short ones convert on the
   * stack. */
  i -= i > 0;
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  if (U_FAILURE(ec))
    return 0;
  UChar stack[512];
  if (len - i <= sizeof(stack) / sizeof(stack[0])) {
    /* the segmenter's converter: ICU's took more than isNormalized */
    int64_t n = nl_utf8__to_utf16(s + i, len - i, (uint16_t *)stack);
    return n >= 0 && unorm2_isNormalized(nfc, stack, (int32_t)n, &ec) &&
           U_SUCCESS(ec);
  }
  nl_u16 u;
  if (nl_u16__from_utf8(&u, s + i, len - i, 0, NULL) < 0)
    return 0;
  UBool ok = unorm2_isNormalized(nfc, u.s, u.len, &ec);
  nl_u16__dispose(&u);
  return U_SUCCESS(ec) && ok;
}

int nl_icu__nfc(nl_buf *out, const char *s, size_t len, nl_error *err) {
  if (nl_icu__is_nfc(s, len))
    return nl_buf__put(out, s, len) < 0 ? nl_error__nomem(err) : 0;
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  if (U_FAILURE(ec))
    return nl_error__set(err, NL_EICU, NULL, 0, 0, "NFC: %s", u_errorName(ec));
  nl_u16 u;
  int rc = nl_u16__from_utf8(&u, s, len, 0, err);
  if (rc < 0)
    return rc;
  int32_t cap = u.len * 3 + 16;
  UChar *dst = malloc((size_t)cap * sizeof(UChar));
  if (dst == NULL) {
    nl_u16__dispose(&u);
    return nl_error__nomem(err);
  }
  int32_t n = unorm2_normalize(nfc, u.s, u.len, dst, cap, &ec);
  if (U_FAILURE(ec))
    rc = nl_error__set(err, NL_EICU, NULL, 0, 0, "NFC: %s", u_errorName(ec));
  else
    rc = nl_u16__to_utf8(out, dst, n, err);
  free(dst);
  nl_u16__dispose(&u);
  return rc;
}

int nl_icu__locale(char *out, size_t cap, const char *tag,
                   const char *keywords) {
  char id[ULOC_FULLNAME_CAPACITY];
  UErrorCode ec = U_ZERO_ERROR;
  int32_t parsed = 0;
  tag = tag ? tag : "und";
  uloc_forLanguageTag(tag, id, sizeof(id), &parsed, &ec);
  if (U_FAILURE(ec) || ec == U_STRING_NOT_TERMINATED_WARNING ||
      parsed != (int32_t)strlen(tag))
    return -1; /* all of the tag, or it is not one */
  /* ures_open says when it fell back to the default locale */
  UResourceBundle *r = ures_open(NULL, id, &ec);
  int data = U_SUCCESS(ec) && ec != U_USING_DEFAULT_WARNING;
  ures_close(r);
  int n = snprintf(out, cap, "%s%s%s", data && id[0] ? id : "root",
                   keywords ? "@" : "", keywords ? keywords : "");
  return n < 0 || (size_t)n >= cap ? -1 : data;
}
