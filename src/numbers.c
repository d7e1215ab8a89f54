/*
 * numbers.c - numbers in the service's digits, by a policy that is data.
 *
 * A service whose numbering system is not Latin (Persian, Dari and
 * Pashto write Extended Arabic-Indic ۰-۹, Sorani Arabic-Indic ٠-٩,
 * Burmese ၀-၉, Bangla ০-৯) gets its own digits - only in text written in
 * the service's script (an English sentence left untranslated keeps its
 * digits), and never in what locales/numbers.tsv lists as "keep":
 * version numbers, IP addresses, ISO dates, hashtags, paths. A token
 * with a Latin letter (F-16, COVID-19, a URL, an address) keeps its
 * digits too, because readers copy them. The other digit sets of the
 * service's script that the registry lists under "unify_digits" become
 * the service's own (Pashto ٤٦ beside ۲۰۲۰ becomes ۴۶). Arabic-script
 * numbers take the Arabic decimal and thousands separators and percent
 * sign; a number the translator grouped the English way (1,234,567.5)
 * is grouped as the locale groups (Bangla ১২,৩৪,৫৬৭.৫, CLDR through ICU).
 *
 * Percent: the space CLDR puts between a number and % (French and
 * Russian a no-break space, Persian none) joins them, read from ICU's
 * percent pattern for the service's locale, in every service.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unum.h>
#include <unicode/unumsys.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>

#include <newsloc/io.h>

#include "error.h"
#include "locales.h"
#include "localize_internal.h"
#include "services_internal.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

/* The ten digits of a numbering system ICU knows, as code points. */
static int system_digits(const char *name, UChar32 out[10]) {
  UErrorCode ec = U_ZERO_ERROR;
  UNumberingSystem *ns = unumsys_openByName(name, &ec);
  UChar desc[64];
  int32_t n = U_SUCCESS(ec) && !unumsys_isAlgorithmic(ns)
                  ? unumsys_getDescription(ns, desc, 64, &ec)
                  : 0;
  unumsys_close(ns);
  int32_t i = 0;
  for (int d = 0; d < 10; d++) {
    if (i >= n)
      return -1;
    U16_NEXT(desc, i, n, out[d]);
  }
  return U_FAILURE(ec) ? -1 : 0;
}

/* The "keep" patterns of locales/numbers.tsv as one ICU regex. */
static int load_policy(nl_lz *z, const char *dir, nl_error *err) {
  nl_buf path = NL_BUF_INIT, data = NL_BUF_INIT, rx = NL_BUF_INIT;
  int rc = nl_locales__find(&path, dir, "numbers.tsv", err);
  if (rc == 0)
    rc = nl_file_read(path.ptr, &data, err);
  unsigned long line = 0;
  size_t pos = 0, n, fl[4];
  const char *f[4];
  while (rc == 0 &&
         (n = nl_locales__tsv_row(&data, &pos, &line, f, fl, 4)) > 0) {
    if (n < 4)
      rc = nl_error__set(err, NL_EPARSE, path.ptr, line, 1,
                         "a rule is CLASS<TAB>keep|localize<TAB>REGEX<TAB>"
                         "EXAMPLE");
    else if (fl[1] == 4 && memcmp(f[1], "keep", 4) == 0)
      rc = nl_buf__printf(&rx, "%s(?:%.*s)", rx.size ? "|" : "", (int)fl[2],
                          f[2]) < 0
               ? nl_error__nomem(err)
               : 0;
    else if (!(fl[1] == 8 && memcmp(f[1], "localize", 8) == 0))
      rc = nl_error__set(err, NL_EPARSE, path.ptr, line,
                         (unsigned long)(f[1] - f[0] + 1),
                         "the action is \"keep\" or \"localize\"");
  }
  nl_u16 u = {0};
  if (rc == 0 && rx.size)
    rc = nl_u16__from_utf8(&u, rx.ptr, rx.size, 0, err);
  if (rc == 0 && rx.size) {
    UErrorCode ec = U_ZERO_ERROR;
    UParseError pe;
    z->keep_rx = uregex_open(u.s, u.len, 0, &pe, &ec);
    if (U_FAILURE(ec))
      rc = nl_error__set(err, NL_EPARSE, path.ptr, 0, 0,
                         "a keep pattern is not an ICU regex: %s",
                         u_errorName(ec));
  }
  nl_u16__dispose(&u);
  nl_buf_dispose(&rx);
  nl_buf_dispose(&data);
  nl_buf_dispose(&path);
  return rc;
}

/* What joins a number and % in the locale's percent pattern: the
 * spaces between the last '0' or '#' and the '%' ("#,##0 %" in fr). */
static void percent_joiner(nl_lz *z, const char *loc) {
  UErrorCode ec = U_ZERO_ERROR;
  UNumberFormat *f = unum_open(UNUM_PERCENT, NULL, 0, loc, NULL, &ec);
  UChar pat[64];
  int32_t n = U_SUCCESS(ec) ? unum_toPattern(f, 0, pat, 64, &ec) : 0;
  unum_close(f);
  z->percent_joiner[0] = '\0';
  z->percent_suffix = 0;
  int32_t last = -1, pct = -1;
  for (int32_t i = 0; U_SUCCESS(ec) && i < n; i++)
    if (pat[i] == '0' || pat[i] == '#')
      last = i;
    else if (pat[i] == '%' && pct < 0)
      pct = i;
  if (last < 0 || pct < last)
    return; /* % first (Turkish %45): not ours to reorder */
  z->percent_suffix = 1;
  size_t k = 0;
  for (int32_t i = last + 1; i < pct; i++)
    if (u_isWhitespace(pat[i]) || pat[i] == 0xA0 || pat[i] == 0x202F)
      k += nl_utf8__encode((uint32_t)pat[i], z->percent_joiner + k);
  z->percent_joiner[k] = '\0';
}

int nl_lz__load_numbers(nl_lz *z, const char *dir, nl_error *err) {
  const char *name = nl_service_get(z->svc, NL_SERVICE_DIGITS);
  UChar32 d[10];
  char loc[ULOC_FULLNAME_CAPACITY + 32];
  memset(z->digits, 0, sizeof(z->digits));
  if (nl_icu__locale(loc, sizeof(loc), z->tag, NULL) < 0)
    return nl_error__set(err, NL_ELANG, NULL, 0, 0, "%s: not a tag", z->tag);
  percent_joiner(z, loc);
  z->nunify = 0;
  for (size_t i = 0; i < nl_service__unify_count(z->svc) && i < 4; i++)
    if (system_digits(nl_service__unify(z->svc, i), d) == 0)
      z->unify_zero[z->nunify++] = (uint32_t)d[0];
  if (strcmp(name, "latn") != 0) {
    if (system_digits(name, d) < 0)
      return nl_error__set(err, NL_EICU, NULL, 0, 0,
                           "numbering system %s has no digits to use", name);
    for (int k = 0; k < 10; k++)
      nl_utf8__encode((uint32_t)d[k], z->digits[k]);
    /* grouping as the locale groups, in its own digits */
    char nloc[ULOC_FULLNAME_CAPACITY + 64];
    snprintf(nloc, sizeof(nloc), "%s@numbers=%s", loc, name);
    UErrorCode ec = U_ZERO_ERROR;
    z->group_fmt = unum_open(UNUM_DECIMAL, NULL, 0, nloc, NULL, &ec);
    if (U_FAILURE(ec))
      return nl_error__set(err, NL_EICU, NULL, 0, 0, "number format %s: %s",
                           nloc, u_errorName(ec));
  }
  return load_policy(z, dir, err);
}

void nl_lz__free_numbers(nl_lz *z) {
  if (z->keep_rx)
    uregex_close(z->keep_rx);
  if (z->group_fmt)
    unum_close(z->group_fmt);
  z->keep_rx = z->group_fmt = NULL;
}

/* ---- the step ----------------------------------------------------------- */

/* Byte ranges of `s` the keep patterns match, as a mask. */
static int kept_mask(nl_lz *z, const char *s, size_t len, char *mask) {
  memset(mask, 0, len);
  if (z->keep_rx == NULL)
    return 0;
  nl_u16 u = {0};
  int rc = nl_u16__from_utf8(&u, s, len, 1, z->err);
  UErrorCode ec = U_ZERO_ERROR;
  if (rc == 0)
    uregex_setText(z->keep_rx, u.s, u.len, &ec);
  while (rc == 0 && U_SUCCESS(ec) && uregex_findNext(z->keep_rx, &ec)) {
    int32_t a = uregex_start(z->keep_rx, 0, &ec),
            b = uregex_end(z->keep_rx, 0, &ec);
    if (U_SUCCESS(ec))
      memset(mask + u.map[a], 1, u.map[b] - u.map[a]);
  }
  static const UChar empty[1] = {0};
  uregex_setText(z->keep_rx, empty, 0, &ec); /* u is freed below */
  nl_u16__dispose(&u);
  if (rc == 0 && U_FAILURE(ec))
    rc = nl_error__set(z->err, NL_EICU, NULL, 0, 0, "number policy: %s",
                       u_errorName(ec));
  return rc;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* Whether a token keeps its digits: one with a Latin letter (F-16,
 * COVID-19, a URL, an address, a code) or '@' or '_'. */
static int keeps_digits(const char *t, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z') ||
        t[i] == '@' || t[i] == '_')
      return 1;
  return 0;
}

static int arabic_script(const nl_lz *z) {
  const char *d = nl_service_get(z->svc, NL_SERVICE_DIGITS);
  return strcmp(d, "arabext") == 0 || strcmp(d, "arab") == 0;
}

/* The value 0-9 of a digit to localize at s[i] (ASCII or a unified
 * set), or -1; *n is the length of the character there. */
static int digit_at(const nl_lz *z, const char *s, size_t len, size_t i,
                    size_t *n) {
  size_t j = i;
  uint32_t c = nl_utf8__next(s, len, &j);
  *n = j - i;
  if (c >= '0' && c <= '9')
    return (int)(c - '0');
  for (int k = 0; k < z->nunify; k++)
    if (c >= z->unify_zero[k] && c <= z->unify_zero[k] + 9)
      return (int)(c - z->unify_zero[k]);
  return -1;
}

static int any_digit_at(const char *s, size_t len, size_t i) {
  return u_charDigitValue((UChar32)nl_utf8__next(s, len, &i)) >= 0;
}

static int ascii_digit(char c) { return c >= '0' && c <= '9'; }

/* An English-grouped number at s[i] (1,234,567.5): its length, or 0. */
static size_t grouped_at(const char *s, size_t n, size_t i) {
  size_t j = i, lead = 0, groups = 0;
  if (i > 0 && (ascii_digit(s[i - 1]) || s[i - 1] == ',' || s[i - 1] == '.'))
    return 0;
  while (j < n && ascii_digit(s[j]) && lead < 4)
    j++, lead++;
  if (lead == 0 || lead > 3)
    return 0;
  while (j + 3 < n + 0 && s[j] == ',' && ascii_digit(s[j + 1]) &&
         ascii_digit(s[j + 2]) && ascii_digit(s[j + 3]) &&
         !(j + 4 < n && ascii_digit(s[j + 4])))
    j += 4, groups++;
  if (groups == 0)
    return 0;
  if (j + 1 < n && s[j] == '.' && ascii_digit(s[j + 1]))
    for (j++; j < n && ascii_digit(s[j]);)
      j++;
  return j < n && (ascii_digit(s[j]) || (s[j] == ',' && j + 1 < n &&
                                         ascii_digit(s[j + 1])))
             ? 0
             : j - i;
}

/* The grouped number s[0..n) as the locale writes it. */
static int regroup(nl_lz *z, const char *s, size_t n, nl_buf *out) {
  char plain[64];
  size_t k = 0, frac = 0;
  int dot = 0;
  for (size_t i = 0; i < n && k + 1 < sizeof(plain); i++)
    if (s[i] != ',') {
      plain[k++] = s[i];
      frac += dot;
      dot |= s[i] == '.';
    }
  plain[k] = '\0';
  /* formatted from the digits as a decimal string: a double would change
   * digits past the 16th (12,345,678,901,234,567 came out ...568) and
   * strtod reads the host's locale once a host program sets one */
  UErrorCode ec = U_ZERO_ERROR;
  UChar buf[160];
  unum_setAttribute(z->group_fmt, UNUM_MIN_FRACTION_DIGITS, (int32_t)frac);
  unum_setAttribute(z->group_fmt, UNUM_MAX_FRACTION_DIGITS, (int32_t)frac);
  int32_t m = k + 1 < sizeof(plain)
                  ? unum_formatDecimal(z->group_fmt, plain, (int32_t)k, buf,
                                       160, NULL, &ec)
                  : 0;
  if (m == 0 || U_FAILURE(ec))
    return nl_buf__put(out, s, n) < 0 ? NL_ENOMEM : 0;
  return nl_u16__to_utf8(out, buf, m, z->err);
}

static int put_token(nl_lz *z, const char *t, size_t n, const char *kept,
                     nl_buf *out) {
  int arab = arabic_script(z), prev_digit = 0;
  for (size_t i = 0; i < n;) {
    size_t dl, g = kept[i] || !z->group_fmt ? 0 : grouped_at(t, n, i);
    if (g && !memchr(kept + i, 1, g)) {
      if (regroup(z, t + i, g, out) < 0)
        return NL_ENOMEM;
      i += g;
      prev_digit = 1;
      continue;
    }
    size_t next_len, k = i;
    int d = digit_at(z, t, n, i, &dl);
    int any_digit = u_charDigitValue((UChar32)nl_utf8__next(t, n, &k)) >= 0;
    d = kept[i] ? -1 : d;
    int next_digit = i + dl < n && (digit_at(z, t, n, i + dl, &next_len) >= 0 ||
                                    any_digit_at(t, n, i + dl));
    const char *rep = NULL;
    if (d >= 0 && z->digits[0][0])
      rep = z->digits[d];
    else if (kept[i] || !arab || !prev_digit)
      rep = NULL;
    else if (t[i] == '.' && next_digit)
      rep = "\xD9\xAB"; /* U+066B ARABIC DECIMAL SEPARATOR */
    else if (t[i] == ',' && next_digit)
      rep = "\xD9\xAC"; /* U+066C ARABIC THOUSANDS SEPARATOR */
    else if (t[i] == '%')
      rep = "\xD9\xAA"; /* U+066A ARABIC PERCENT SIGN */
    /* a Latin service's unified digits become ASCII */
    int rc = rep      ? nl_buf__puts(out, rep)
             : d >= 0 ? nl_buf__putc(out, (char)('0' + d))
                      : nl_buf__put(out, t + i, dl);
    if (rc < 0)
      return NL_ENOMEM;
    prev_digit = any_digit;
    i += dl;
  }
  return 0;
}

int nl_lz__digits(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  if ((z->digits[0][0] == '\0' && z->nunify == 0) || !z->block_in_script)
    return nl_buf__put(out, s, len) < 0 ? nl_error__nomem(z->err) : 0;
  char *kept = malloc(len + 1);
  int rc = kept ? kept_mask(z, s, len, kept) : nl_error__nomem(z->err);
  for (size_t i = 0; rc == 0 && i < len;) {
    size_t j = i;
    while (j < len && !is_space(s[j]))
      j++;
    size_t at = out->size;
    rc = keeps_digits(s + i, j - i)
             ? (nl_buf__put(out, s + i, j - i) < 0 ? NL_ENOMEM : 0)
             : put_token(z, s + i, j - i, kept + i, out);
    if (rc == 0 && j > i &&
        (out->size - at != j - i || memcmp(out->ptr + at, s + i, j - i)))
      rc = nl_lz__note(z, "digits", i, s + i, j - i, out->ptr + at,
                       out->size - at);
    if (rc == 0 && j < len && nl_buf__putc(out, s[j]) < 0)
      rc = NL_ENOMEM;
    i = j + 1;
  }
  free(kept);
  return rc == NL_ENOMEM ? nl_error__nomem(z->err) : rc;
}

/* The strong direction of the nearest letter before `from` (back > 0)
 * or at or after it: 1 right to left, 0 left to right, -1 none. */
static int letter_dir(const char *s, size_t len, size_t from, int back) {
  size_t i = from;
  while (back ? i > 0 : i < len) {
    size_t k = back ? nl_utf8__prev_start(s, i) : i, j = k;
    uint32_t c = nl_utf8__next(s, len, &j);
    UCharDirection d = u_charDirection((UChar32)c);
    if (d == U_LEFT_TO_RIGHT)
      return 0;
    if (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC)
      return 1;
    i = back ? k : j;
  }
  return -1;
}

/* Whether the number at [from, to) is in a phrase of the other
 * direction (the Arabic quotation «45 % مردم» in Russian): its spacing
 * is that language's, not the service's, and the service's no-break
 * space there would also turn % into a neutral that the phrase's
 * direction moves to the number's other side. */
static int foreign_number(const nl_lz *z, const char *s, size_t len,
                          size_t from, size_t to) {
  int before = letter_dir(s, len, from, 1), after = letter_dir(s, len, to, 0);
  return (before >= 0 && before != !!z->rtl) ||
         (after >= 0 && after != !!z->rtl);
}

/* The space between a number and % as CLDR has it: the translator's
 * (none, a space, a no-break space) is replaced, except in a phrase of
 * the other direction. */
int nl_lz__percent(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  for (size_t i = 0; i < len;) {
    size_t j = i, sp = 0;
    uint32_t c = nl_utf8__next(s, len, &j);
    int digit = z->block_in_script && z->percent_suffix &&
                u_charDigitValue((UChar32)c) >= 0;
    if (digit && j < len) {
      size_t k = j;
      uint32_t a = nl_utf8__next(s, len, &k);
      if (a == ' ' || a == 0xA0 || a == 0x202F) {
        sp = k - j;
        a = k < len ? nl_utf8__next(s, len, &k) : 0;
      }
      if ((a == '%' || a == 0x066A) &&
          (sp != strlen(z->percent_joiner) ||
           memcmp(s + j, z->percent_joiner, sp) != 0) &&
          !foreign_number(z, s, len, i, k)) {
        size_t at = out->size;
        /* the digits step did not see a sign that stood apart */
        int sign = a == '%' && arabic_script(z) && z->digits[0][0];
        if (nl_buf__put(out, s + i, j - i) < 0 ||
            nl_buf__puts(out, z->percent_joiner) < 0 ||
            (sign ? nl_buf__puts(out, "\xD9\xAA")
                  : nl_buf__put(out, s + j + sp, k - j - sp)) < 0)
          return nl_error__nomem(z->err);
        int rc = nl_lz__note(z, "percent-spacing", i, s + i, k - i,
                             out->ptr + at, out->size - at);
        if (rc < 0)
          return rc;
        i = k;
        continue;
      }
    }
    if (nl_buf__put(out, s + i, j - i) < 0)
      return nl_error__nomem(z->err);
    i = j;
  }
  return 0;
}
