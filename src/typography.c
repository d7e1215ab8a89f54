/*
 * typography.c - digits, quotation marks and dates as each service writes
 * them.
 *
 * Digits: a service whose numbering system is not Latin (Persian, Dari
 * and Pashto write Extended Arabic-Indic ۰-۹, Burmese ၀-၉, Bangla ০-৯)
 * gets its own digits — but only in numbers, and only in text written in
 * the service's script (an English sentence left untranslated keeps
 * its digits). A token with a Latin letter
 * (F-16, COVID-19, G7), a URL or an e-mail address keeps its digits,
 * because readers copy them. Arabic-script numbers also take the Arabic
 * decimal separator, thousands separator and percent sign.
 *
 * Quotes: a translator's straight double quotes become the service's
 * marks, alternately opening and closing through the block, with the
 * service's spacing inside (French narrow no-break spaces, replacing a
 * space the translator typed there). Single straight quotes are
 * apostrophes far more often than quotes: only inside a double
 * quotation, and only on word edges, do they become the inner marks.
 *
 * Dates: the article's ISO date written in the service's language,
 * calendar (Solar Hijri for Persian and Dari) and digits.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/unumsys.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "error.h"
#include "lang.h"
#include "localize_internal.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

int nl_lz__load_digits(nl_lz *z, nl_error *err) {
  const char *name = nl_service_get(z->svc, NL_SERVICE_DIGITS);
  memset(z->digits, 0, sizeof(z->digits));
  if (name == NULL || strcmp(name, "latn") == 0)
    return 0;
  UErrorCode ec = U_ZERO_ERROR;
  UNumberingSystem *ns = unumsys_openByName(name, &ec);
  UChar desc[64];
  int32_t n = U_SUCCESS(ec) && !unumsys_isAlgorithmic(ns)
                  ? unumsys_getDescription(ns, desc, 64, &ec)
                  : 0;
  unumsys_close(ns);
  if (U_FAILURE(ec) || n <= 0)
    return nl_error__set(err, NL_EICU, NULL, 0, 0,
                         "numbering system %s has no digits to use", name);
  int32_t i = 0;
  for (int d = 0; d < 10 && i < n; d++) {
    UChar32 c;
    U16_NEXT(desc, i, n, c);
    nl_utf8__encode((uint32_t)c, z->digits[d]);
  }
  return 0;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* Whether a token keeps its digits: one with a Latin letter (F-16,
 * COVID-19, a URL, an address, a code) or '@' or '_'. Digits with
 * slashes alone are a date or a fraction (14/3) and are converted. */
static int keeps_digits(const char *t, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z') ||
        t[i] == '@' || t[i] == '_')
      return 1;
  return 0;
}

static int arabic_script(const nl_lz *z) {
  const char *d = nl_service_get(z->svc, NL_SERVICE_DIGITS);
  return d && (strcmp(d, "arabext") == 0 || strcmp(d, "arab") == 0);
}

static int put_token(nl_lz *z, const char *t, size_t n, nl_buf *out) {
  int arab = arabic_script(z);
  for (size_t i = 0; i < n; i++) {
    char c = t[i];
    int digit_before = i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9';
    int digit_after = i + 1 < n && t[i + 1] >= '0' && t[i + 1] <= '9';
    const char *rep = NULL;
    if (c >= '0' && c <= '9')
      rep = z->digits[c - '0'];
    else if (arab && c == '.' && digit_before && digit_after)
      rep = "\xD9\xAB"; /* U+066B ARABIC DECIMAL SEPARATOR */
    else if (arab && c == ',' && digit_before && digit_after)
      rep = "\xD9\xAC"; /* U+066C ARABIC THOUSANDS SEPARATOR */
    else if (arab && c == '%' && digit_before)
      rep = "\xD9\xAA"; /* U+066A ARABIC PERCENT SIGN */
    int rc = rep ? nl_buf__puts(out, rep) : nl_buf__putc(out, c);
    if (rc < 0)
      return nl_error__nomem(z->err);
  }
  return 0;
}

/* Whether the text has a letter of the service's script: an English
 * sentence left untranslated keeps its digits. */
int nl_lz__has_service_script(const nl_lz *z, const char *s, size_t len) {
  UScriptCode want[4];
  UErrorCode ec = U_ZERO_ERROR;
  int n = uscript_getCode(nl_service_get(z->svc, NL_SERVICE_SCRIPT), want, 4,
                          &ec);
  for (size_t i = 0; n > 0 && i < len;) {
    uint32_t c = nl_utf8__next(s, len, &i);
    UScriptCode sc = uscript_getScript((UChar32)c, &ec);
    for (int k = 0; k < n; k++)
      if (sc == want[k])
        return 1;
  }
  return 0;
}

int nl_lz__digits(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  if (z->digits[0][0] == '\0' || !z->block_in_script)
    return nl_buf__put(out, s, len) < 0 ? nl_error__nomem(z->err) : 0;
  for (size_t i = 0; i < len;) {
    size_t j = i;
    while (j < len && !is_space(s[j]))
      j++;
    size_t at = out->size;
    int rc = keeps_digits(s + i, j - i)
                 ? (nl_buf__put(out, s + i, j - i) < 0 ? NL_ENOMEM : 0)
                 : put_token(z, s + i, j - i, out);
    if (rc == 0 && j > i &&
        (out->size - at != j - i || memcmp(out->ptr + at, s + i, j - i)))
      rc = nl_lz__note(z, "digits", i, s + i, j - i, out->ptr + at,
                       out->size - at);
    if (rc == 0 && j < len && nl_buf__putc(out, s[j]) < 0)
      rc = NL_ENOMEM;
    if (rc < 0)
      return rc == NL_ENOMEM ? nl_error__nomem(z->err) : rc;
    i = j + 1;
  }
  return 0;
}

/* Straight quotes alternate, open then close, through the block: the
 * space before a quote says nothing in Chinese, which has none. */
/* A space a translator typed inside the marks: the service's spacing
 * replaces it rather than doubling it. */
static size_t space_len(const char *s, size_t len) {
  if (len >= 1 && s[0] == ' ')
    return 1;
  if (len >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
    return 2; /* NO-BREAK SPACE */
  if (len >= 3 && memcmp(s, "\xE2\x80\xAF", 3) == 0)
    return 3; /* NARROW NO-BREAK SPACE */
  return 0;
}

static void trim_space(nl_buf *out, size_t floor) {
  for (;;) {
    size_t n = 0;
    for (size_t k = 3; k >= 1 && n == 0; k--)
      if (out->size >= floor + k &&
          space_len(out->ptr + out->size - k, k) == k)
        n = k;
    if (n == 0)
      return;
    out->size -= n;
    out->ptr[out->size] = '\0';
  }
}

/* Letters and digits around a quote, decoded: an apostrophe sits
 * between two of them (don't, l'aide, м'ясо). Ideographs are not such
 * letters: Chinese has no apostrophe, and no spaces to mark word edges. */
static int ideograph(uint32_t c) {
  return (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF) || c >= 0x20000;
}

static int word_char(uint32_t c) {
  return c != 0 && !ideograph(c) && (u_isalnum((UChar32)c) ||
                                     u_getIntPropertyValue(
                                         (UChar32)c, UCHAR_GENERAL_CATEGORY) ==
                                         U_NON_SPACING_MARK);
}

static uint32_t char_after(const char *s, size_t len, size_t i) {
  size_t k = i + 1;
  return k < len ? nl_utf8__next(s, len, &k) : 0;
}

/* Which mark a straight quote at s[i] becomes: 0-3 as in
 * nl_service_quote(), or -1 to leave it (an apostrophe). */
static int which_mark(nl_lz *z, const char *s, size_t len, size_t i) {
  if (s[i] == '"')
    return z->quote_open ? 0 : 1;
  /* single quotes only inside a double quotation, and only on word
   * edges: "don't" and "students' books" outside quotes stay */
  if (z->quote_open)
    return -1;
  uint32_t b = nl_utf8__prev(s, i), a = char_after(s, len, i);
  int before = word_char(b), after = word_char(a);
  if ((ideograph(b) || b == 0) && (ideograph(a) || a == 0))
    return z->inner_open ? 3 : 2; /* between ideographs: they pair up */
  if (!z->inner_open && !before && after)
    return 2;
  if (z->inner_open && before && !after)
    return 3;
  return -1;
}

int nl_lz__quotes(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  const char *space = nl_service_get(z->svc, NL_SERVICE_QUOTE_SPACING);
  size_t piece = out->size; /* never trim into an earlier piece */
  for (size_t i = 0; i < len; i++) {
    int mark = s[i] == '"' || s[i] == '\'' ? which_mark(z, s, len, i) : -1;
    size_t at = out->size, from = i;
    if (mark < 0) {
      if (nl_buf__putc(out, s[i]) < 0)
        return nl_error__nomem(z->err);
      continue;
    }
    int rc = 0;
    if (mark == 1 || mark == 3) {
      if (space) {
        trim_space(out, piece);
        at = out->size;
        rc = nl_buf__puts(out, space);
      }
      if (rc == 0)
        rc = nl_buf__puts(out, nl_service_quote(z->svc, mark));
    } else {
      rc = nl_buf__puts(out, nl_service_quote(z->svc, mark));
      if (rc == 0 && space) {
        rc = nl_buf__puts(out, space);
        while (i + 1 < len && space_len(s + i + 1, len - i - 1))
          i += space_len(s + i + 1, len - i - 1);
      }
    }
    if (mark <= 1)
      z->quote_open = mark == 1;
    else
      z->inner_open = mark == 2;
    if (rc < 0)
      return nl_error__nomem(z->err);
    rc = nl_lz__note(z, "quotes", from, s + from, i + 1 - from, out->ptr + at,
                     out->size - at);
    if (rc < 0)
      return rc;
  }
  return 0;
}

int nl_lz__date(const nl_service *svc, const char *iso, nl_buf *out,
                nl_error *err) {
  int y, m, d;
  if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return 0; /* no date, nothing to write */
  char tag_id[ULOC_FULLNAME_CAPACITY], loc[ULOC_FULLNAME_CAPACITY + 64];
  UErrorCode ec = U_ZERO_ERROR;
  if (!nl_lang__locale_id(tag_id, sizeof(tag_id),
                          nl_service_get(svc, NL_SERVICE_TAG)))
    return nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "service tag '%s' is not a usable language tag",
                         nl_service_get(svc, NL_SERVICE_TAG));
  snprintf(loc, sizeof(loc), "%s@calendar=%s;numbers=%s", tag_id,
           nl_service_get(svc, NL_SERVICE_CALENDAR),
           nl_service_get(svc, NL_SERVICE_DIGITS));
  static const UChar utc[] = {'U', 'T', 'C', 0};
  UCalendar *cal = ucal_open(utc, -1, "en@calendar=gregorian",
                             UCAL_GREGORIAN, &ec);
  ucal_setDateTime(cal, y, m - 1, d, 12, 0, 0, &ec);
  UDate when = ucal_getMillis(cal, &ec);
  ucal_close(cal);
  UDateFormat *f = udat_open(UDAT_NONE, UDAT_LONG, loc, utc, -1, NULL, 0,
                             &ec);
  UChar buf[128];
  int32_t n = U_SUCCESS(ec) ? udat_format(f, when, buf, 128, NULL, &ec) : 0;
  udat_close(f);
  if (U_FAILURE(ec))
    return nl_error__set(err, NL_EICU, NULL, 0, 0,
                         "formatting the date %s for %s: %s", iso, loc,
                         u_errorName(ec));
  return nl_u16__to_utf8(out, buf, n, err);
}

/* French spacing: a narrow no-break space before ; ! ? and a no-break
 * space before : (the Imprimerie nationale's rule, as French news sites
 * write it). Only where the mark ends something - followed by a space,
 * a closing mark or the end - so that 10:30, http:// and ?id= stay; a
 * space the translator typed before the mark is replaced. */
static int french_mark(const char *s, size_t len, size_t i) {
  char c = s[i];
  if (c != ';' && c != ':' && c != '!' && c != '?')
    return 0;
  if (i == 0)
    return 0;
  uint32_t a = char_after(s, len, i);
  return a == 0 || a == ' ' || a == '"' || a == 0xBB || a == ')' ||
         a == '\n' || a == 0xA0 || a == 0x202F ||
         ((c == '!' || c == '?') && (a == '!' || a == '?'));
}

int nl_lz__punctuation(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  const char *mode = nl_service_get(z->svc, NL_SERVICE_PUNCT_SPACING);
  size_t piece = out->size;
  for (size_t i = 0; i < len; i++) {
    uint32_t b = nl_utf8__prev(s, i);
    int space_before = b == ' ' || b == 0xA0 || b == 0x202F;
    int after_mark = b == ';' || b == ':' || b == '!' || b == '?';
    if (mode == NULL || !french_mark(s, len, i) || after_mark ||
        (space_before && i < 2)) {
      if (nl_buf__putc(out, s[i]) < 0)
        return nl_error__nomem(z->err);
      continue;
    }
    size_t at = out->size, from = i;
    if (space_before) {
      size_t n = b == ' ' ? 1 : b == 0xA0 ? 2 : 3;
      if (at - piece < n) { /* the space is in an earlier piece */
        if (nl_buf__putc(out, s[i]) < 0)
          return nl_error__nomem(z->err);
        continue;
      }
      out->size -= n;
      at = out->size;
      from = i - n;
    }
    const char *sp = s[i] == ':' ? "\xC2\xA0" : "\xE2\x80\xAF";
    if (nl_buf__puts(out, sp) < 0 || nl_buf__putc(out, s[i]) < 0)
      return nl_error__nomem(z->err);
    out->ptr[out->size] = '\0';
    int rc = nl_lz__note(z, "punctuation-spacing", from, s + from,
                         i + 1 - from, out->ptr + at, out->size - at);
    if (rc < 0)
      return rc;
  }
  return 0;
}

/* Dashes: a translator's spaced hyphen " - " between words is the
 * service's dash. Russian and Ukrainian write an em dash with a no-break
 * space before it, so that it never starts a line; the South Slavic
 * services an en dash. A hyphen inside a word (пресс-секретарь) or a
 * minus before a number (- 5) has no space on one side and stays. */
int nl_lz__dashes(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  const char *dash = nl_service_get(z->svc, NL_SERVICE_DASH);
  int em = dash && strcmp(dash, "\xE2\x80\x94") == 0;
  for (size_t i = 0; i < len; i++) {
    int spaced = dash && s[i] == '-' && i >= 2 && s[i - 1] == ' ' &&
                 s[i - 2] != ' ' && i + 2 < len && s[i + 1] == ' ' &&
                 !(s[i + 2] >= '0' && s[i + 2] <= '9');
    if (!spaced) {
      if (nl_buf__putc(out, s[i]) < 0)
        return nl_error__nomem(z->err);
      continue;
    }
    out->size--; /* the space before */
    size_t at = out->size;
    if ((em && nl_buf__puts(out, "\xC2\xA0") < 0) ||
        (!em && nl_buf__putc(out, ' ') < 0) || nl_buf__puts(out, dash) < 0)
      return nl_error__nomem(z->err);
    int rc = nl_lz__note(z, "dashes", i - 1, s + i - 1, 2, out->ptr + at,
                         out->size - at);
    if (rc < 0)
      return rc;
  }
  return 0;
}
