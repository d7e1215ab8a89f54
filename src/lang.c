/*
 * lang.c - facts about language tags that ICU knows.
 *
 * Direction comes from the script of the language, found through ICU's
 * likely subtags ("fa" -> "fa_Arab_IR", "ku-Arab" -> Arabic script), never
 * from a hand-made list of right-to-left language codes: such lists get
 * Sorani, Latin-script Kurdish and Hausa wrong. The service registry may
 * override it.
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>

#include <newsloc/io.h>

#include "error.h"
#include "lang.h"
#include "util/icu.h"
#include "util/utf8.h"

static char ascii_lower(char ch) {
  return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

static char ascii_upper(char ch) {
  return ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
}

/* Scripts (four letters) and regions (two) are cased only where they
 * can stand: after the language, before any singleton ("x-", "u-"),
 * whose subtags are lower case. */
void nl_lang__conventional_case(char *tag) {
  int after_singleton = 0;
  for (size_t i = 0; tag[i] != '\0';) {
    size_t n = 0;
    while (tag[i + n] != '\0' && tag[i + n] != '-' && tag[i + n] != '_')
      n++;
    for (size_t k = 0; k < n; k++)
      tag[i + k] = ascii_lower(tag[i + k]);
    if (i > 0 && !after_singleton && n == 4)
      tag[i] = ascii_upper(tag[i]);
    else if (i > 0 && !after_singleton && n == 2)
      tag[i] = ascii_upper(tag[i]), tag[i + 1] = ascii_upper(tag[i + 1]);
    after_singleton |= n == 1;
    i += n;
    if (tag[i] != '\0')
      i++;
  }
}

int nl_lang_is_rtl(const char *lang) {
  if (lang == NULL || *lang == '\0')
    return 0;
  char id[ULOC_FULLNAME_CAPACITY];
  UErrorCode ec = U_ZERO_ERROR;
  uloc_forLanguageTag(lang, id, sizeof(id), NULL, &ec);
  if (!nl_icu__filled(ec))
    return 0;
  /* uloc_isRightToLeft adds likely subtags and asks the script. */
  return uloc_isRightToLeft(id) ? 1 : 0;
}

int nl_lang__locale_id(char *id, size_t cap, const char *tag) {
  UErrorCode ec = U_ZERO_ERROR;
  int32_t parsed = 0;
  if (tag == NULL || cap == 0)
    return 0;
  id[0] = '\0';
  uloc_forLanguageTag(tag, id, (int32_t)cap, &parsed, &ec);
  if (!nl_icu__filled(ec)) {
    id[0] = '\0'; /* never leave an unterminated id behind */
    return 0;
  }
  return parsed == (int32_t)strlen(tag) && id[0] != '\0';
}

int nl_lang_canonicalize(const char *tag, char *out, size_t cap,
                         nl_error *err) {
  char in[ULOC_FULLNAME_CAPACITY], id[ULOC_FULLNAME_CAPACITY];
  if (out == NULL || cap == 0)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no room for a tag");
  out[0] = '\0';
  if (tag == NULL || *tag == '\0')
    return nl_error__set(err, NL_ELANG, NULL, 0, 0, "no language given");
  size_t n = strlen(tag);
  if (n >= sizeof(in))
    return nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "language tag too long (%zu bytes, at most %zu)", n,
                         sizeof(in) - 1);
  /* "fa_IR" (an ICU or POSIX locale id, as people paste them) is fa-IR */
  memcpy(in, tag, n + 1);
  if (strchr(in, '-') == NULL)
    for (char *p = in; *p; p++)
      if (*p == '_')
        *p = '-';
  UErrorCode ec = U_ZERO_ERROR;
  if (!nl_lang__locale_id(id, sizeof(id), in))
    return nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "'%s' is not a BCP 47 language tag", tag);
  uloc_toLanguageTag(id, out, (int32_t)cap, 1, &ec);
  if (!nl_icu__filled(ec) || out[0] == '\0') {
    out[0] = '\0';
    return nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "language tag '%s' is longer than the %zu "
                         "characters kept for it",
                         tag, cap - 1);
  }
  return 0;
}

int nl_lang__likely(char *out, size_t cap, const char *tag) {
  char id[ULOC_FULLNAME_CAPACITY];
  UErrorCode ec = U_ZERO_ERROR;
  if (cap == 0)
    return 0;
  out[0] = '\0';
  if (!nl_lang__locale_id(id, sizeof(id), tag))
    return 0;
  uloc_addLikelySubtags(id, out, (int32_t)cap, &ec);
  if (!nl_icu__filled(ec)) {
    out[0] = '\0';
    return 0;
  }
  return 1;
}

size_t nl_lang__part_len(const char *tag, size_t n) {
  for (size_t i = 1; i + 1 < n; i++) {
    char next = i + 2 < n ? tag[i + 2] : '-';
    if ((tag[i] == '-' || tag[i] == '_') && tag[i + 1] != '-' &&
        tag[i + 1] != '_' && (next == '-' || next == '_'))
      return i;
  }
  return n;
}

int nl_lang__is_tag(const char *tag) {
  char id[ULOC_FULLNAME_CAPACITY];
  return nl_lang__locale_id(id, sizeof(id), tag);
}

int nl_lang_is_known(const char *lang) {
  char id[ULOC_FULLNAME_CAPACITY];
  if (!nl_lang__locale_id(id, sizeof(id), lang))
    return 0;
  const char *iso3 = uloc_getISO3Language(id);
  return iso3 != NULL && iso3[0] != '\0';
}

int nl_lang__text_dir(const char *s, size_t len) {
  int l = 0, r = 0;
  for (size_t i = 0; i < len && !(l && r);) {
    int d = u_charDirection((UChar32)nl_utf8__next(s, len, &i));
    l |= d == U_LEFT_TO_RIGHT;
    r |= d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC;
  }
  return l && r ? 'm' : l ? 'l' : r ? 'r' : 0;
}

int nl_lang__script_rtl(const char *tag) {
  char full[ULOC_FULLNAME_CAPACITY], script[ULOC_SCRIPT_CAPACITY];
  UErrorCode ec = U_ZERO_ERROR;
  if (!nl_lang__likely(full, sizeof(full), tag))
    return -1;
  int32_t n = uloc_getScript(full, script, sizeof(script), &ec);
  if (!nl_icu__filled(ec) || n <= 0)
    return -1; /* ICU knows no script for it */
  return uloc_isRightToLeft(full) ? 1 : 0;
}
