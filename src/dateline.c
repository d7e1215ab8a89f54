/*
 * dateline.c - the dateline's date, in the service's language and
 * calendar, without touching the translator's other words.
 *
 * A dateline is the place, maybe more words (a country, a weekday, a
 * dash), then the date. The date is found by ICU itself: from each word
 * start, in order, the text to its end is parsed leniently with the
 * service's own forms (the registry's patterns, else ICU's full, long,
 * medium and short dates in the service's locale and calendar), then
 * with forms that only locate a date to be replaced (the service's
 * language in the Gregorian calendar, English, ISO). The first word
 * start from which a form reads a whole date ends the place; everything
 * before it stays as typed. A date one of the service's own forms reads
 * as the article's day is correct and stays too (Bosnian "maja", Urdu's
 * year sign, Khmer numerals); any other date is replaced by the
 * service's. Digits of any script are read as digits, and the digits
 * step later unifies them. A dateline without a number gets the date
 * after the place; one with a number no form reads is left alone unless
 * the article's year ends it (the old "PLACE, DATE" reading).
 *
 * Locales come from nl_icu__locale(): a language ICU has no data for is
 * read in root (and the registry gives its pattern and month names),
 * never in the process's locale.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>

#include <newsloc/io.h>

#include "error.h"
#include "localize_internal.h"
#include "services_internal.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

static const UChar utc[] = {'U', 'T', 'C', 0};

enum { MAX_FORMS = 24, MAX_DATE = 160 };

typedef struct reader {
  UDateFormat *f[MAX_FORMS];
  int own[MAX_FORMS]; /* one of the service's own forms */
  int n;
} reader;

/* A form from a pattern, with the registry's month names if any. The
 * registry's strings are any length: each is converted whole and handed
 * to ICU with its length (a fixed buffer the string just filled was left
 * unterminated, and ICU read on past it). */
static UDateFormat *open_form(const char *loc, const nl_date_form *form,
                              UErrorCode *ec) {
  nl_u16 pat;
  if (nl_u16__from_utf8(&pat, form->pattern, strlen(form->pattern), 0,
                        NULL) < 0) {
    *ec = U_MEMORY_ALLOCATION_ERROR;
    return NULL;
  }
  UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, utc, -1, pat.s,
                             pat.len, ec);
  nl_u16__dispose(&pat);
  for (int32_t i = 0; form->months && i < 12 && U_SUCCESS(*ec); i++) {
    nl_u16 m;
    if (nl_u16__from_utf8(&m, form->months[i], strlen(form->months[i]), 0,
                          NULL) < 0) {
      *ec = U_MEMORY_ALLOCATION_ERROR;
      break;
    }
    udat_setSymbols(f, UDAT_MONTHS, i, m.s, m.len, ec);
    udat_setSymbols(f, UDAT_STANDALONE_MONTHS, i, m.s, m.len, ec);
    /* a lenient reading tries the short names too: ICU's would let the
     * locale the data came from (French for Creole) pass */
    udat_setSymbols(f, UDAT_SHORT_MONTHS, i, m.s, m.len, ec);
    udat_setSymbols(f, UDAT_STANDALONE_SHORT_MONTHS, i, m.s, m.len, ec);
    nl_u16__dispose(&m);
  }
  if (U_FAILURE(*ec)) {
    udat_close(f);
    f = NULL;
  }
  return f;
}

static void add(reader *r, UDateFormat *f, int own) {
  if (f == NULL || r->n == MAX_FORMS) {
    udat_close(f);
    return;
  }
  /* lenient about spaces, case and punctuation, but a month is read
   * only as a word: "2026-05-04" is no long date */
  UErrorCode ec = U_ZERO_ERROR;
  udat_setLenient(f, 1);
  udat_setBooleanAttribute(f, UDAT_PARSE_ALLOW_NUMERIC, 0, &ec);
  r->own[r->n] = own;
  r->f[r->n++] = f;
}

/* Long and medium dates: a dateline writes the month in words. Not the
 * full date, whose weekday is a word of the translator's to keep, nor
 * the short one, which a lenient reading finds in any number. */
static void add_styles(reader *r, const char *loc, int own) {
  static const UDateFormatStyle styles[] = {UDAT_LONG, UDAT_MEDIUM};
  for (int i = 0; i < 2; i++) {
    UErrorCode ec = U_ZERO_ERROR;
    add(r, udat_open(UDAT_NONE, styles[i], loc, utc, -1, NULL, 0, &ec), own);
  }
}

static int open_reader(reader *r, const nl_service *svc, const char *tag,
                       nl_error *err) {
  char own[ULOC_FULLNAME_CAPACITY + 64], greg[ULOC_FULLNAME_CAPACITY + 64],
      kw[64];
  const nl_date_form *forms;
  int writes;
  size_t nf = nl_service__date_forms(svc, &forms, &writes);
  memset(r, 0, sizeof(*r));
  snprintf(kw, sizeof(kw), "calendar=%s;numbers=latn",
           nl_service_get(svc, NL_SERVICE_CALENDAR));
  if (nl_icu__locale(own, sizeof(own), tag, kw) < 0 ||
      nl_icu__locale(greg, sizeof(greg), tag,
                     "calendar=gregorian;numbers=latn") < 0)
    return nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "%s: not a language tag", tag);
  for (size_t i = 0; i < nf; i++) {
    UErrorCode ec = U_ZERO_ERROR;
    add(r, open_form(own, &forms[i], &ec), 1);
  }
  add_styles(r, own, !writes);
  add_styles(r, greg, 0);
  add_styles(r, "en_US@calendar=gregorian;numbers=latn", 0);
  /* ISO, read strictly: leniently "-05" is minus five */
  static const UChar iso[] = {'y', '-', 'M', 'M', '-', 'd', 'd', 0};
  UErrorCode ec = U_ZERO_ERROR;
  add(r, udat_open(UDAT_PATTERN, UDAT_PATTERN, "root", utc, -1, iso, -1, &ec),
      0);
  if (r->n > 0 && U_SUCCESS(ec))
    udat_setLenient(r->f[r->n - 1], 0);
  return 0;
}

static void close_reader(reader *r) {
  for (int i = 0; i < r->n; i++)
    udat_close(r->f[i]);
}

static int is_bidi_control(UChar c) {
  return c == 0x200E || c == 0x200F || c == 0x061C ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Digits of every script read as ASCII, bidi controls as spaces: the
 * same length, so indexes still map to the block's bytes. */
static void plain(UChar *s, int32_t n) {
  for (int32_t i = 0; i < n; i++) {
    int32_t d = U16_IS_SURROGATE(s[i]) ? -1 : u_charDigitValue(s[i]);
    if (d >= 0)
      s[i] = (UChar)('0' + d);
    else if (is_bidi_control(s[i]))
      s[i] = ' ';
  }
}

static int alnum_in(const UChar *s, int32_t from, int32_t to) {
  for (int32_t i = from; i < to; i++)
    if (u_isalnum(s[i]))
      return 1;
  return 0;
}

static int digit_in(const UChar *s, int32_t from, int32_t to) {
  for (int32_t i = from; i < to; i++)
    if (s[i] >= '0' && s[i] <= '9')
      return 1;
  return 0;
}

/* y*10000 + m*100 + d of a moment, Gregorian, UTC. */
static long day_of(UDate when) {
  UErrorCode ec = U_ZERO_ERROR;
  UCalendar *c = ucal_open(utc, -1, "en@calendar=gregorian", UCAL_GREGORIAN,
                           &ec);
  ucal_setMillis(c, when, &ec);
  long v = (long)ucal_get(c, UCAL_EXTENDED_YEAR, &ec) * 10000 +
           (ucal_get(c, UCAL_MONTH, &ec) + 1) * 100 +
           ucal_get(c, UCAL_DATE, &ec);
  ucal_close(c);
  return U_SUCCESS(ec) ? v : -1;
}

/* A word starts at i: a letter or digit after something else (a digit
 * after a letter counts, "北京2026年" has no space). */
static int word_start(const UChar *s, int32_t i) {
  if (!u_isalnum(s[i]) || U16_IS_TRAIL(s[i]))
    return 0;
  if (i == 0)
    return 1;
  int digit = s[i] >= '0' && s[i] <= '9';
  int prev_digit = s[i - 1] >= '0' && s[i - 1] <= '9';
  return !u_isalnum(s[i - 1]) || digit != prev_digit;
}

typedef struct found {
  int32_t from, to; /* UTF-16 span of the date */
  int correct;      /* an own form reads it as the article's day */
} found;

/* The first word start from which a form reads a date to the end of the
 * words (what follows may only be spaces or punctuation). */
static int find_date(const reader *r, const UChar *s, int32_t n, long want,
                     found *out) {
  /* a date ends the words and is far shorter than this: a long block
   * costs no more than a short one */
  for (int32_t p = n > MAX_DATE ? n - MAX_DATE : 0; p < n; p++) {
    if (!word_start(s, p))
      continue;
    int hit = 0;
    for (int k = 0; k < r->n; k++) {
      UErrorCode ec = U_ZERO_ERROR;
      int32_t pos = p;
      UDate d = udat_parse(r->f[k], s, n, &pos, &ec);
      if (U_FAILURE(ec) || pos <= p || alnum_in(s, pos, n) ||
          !digit_in(s, p, pos))
        continue;
      while (pos > p && u_isWhitespace(s[pos - 1]))
        pos--;
      if (!hit || pos > out->to) {
        out->from = p;
        out->to = pos;
      }
      hit = 1;
      out->correct |= r->own[k] && day_of(d) == want;
    }
    if (hit)
      return 1;
  }
  return 0;
}

static int is_separator(UChar c) {
  return c == ',' || c == 0x060C || c == 0xFF0C || c == 0x104A ||
         c == 0x1363 || c == 0x3001 || c == 0x2014 || c == 0x2013 ||
         c == '-';
}

/* The year of the article's day in the service's calendar (1404 for
 * Persian, 2569 for Thai). */
static int calendar_year(const nl_service *svc, UDate when) {
  char loc[96];
  snprintf(loc, sizeof(loc), "en@calendar=%s",
           nl_service_get(svc, NL_SERVICE_CALENDAR));
  UErrorCode ec = U_ZERO_ERROR;
  UCalendar *c = ucal_open(utc, -1, loc, UCAL_DEFAULT, &ec);
  ucal_setMillis(c, when, &ec);
  int y = ucal_get(c, UCAL_YEAR, &ec);
  ucal_close(c);
  return U_SUCCESS(ec) ? y : -1;
}

/*
 * No form reads the date: the older reading, "PLACE, DATE", where the
 * date starts after the last separator (comma or dash) before the first
 * digit and is a date because it holds the article's year (Gregorian or
 * the service's calendar); "KABUL, Afghan capital" or a number that is
 * not the date is left alone.
 */
static int year_date(const UChar *s, int32_t n, int y1, int y2, found *out) {
  int32_t sep = -1, first = -1, last = -1;
  for (int32_t i = 0; i < n && first < 0; i++)
    if (s[i] >= '0' && s[i] <= '9')
      first = i;
    else if (is_separator(s[i]))
      sep = i + 1;
  if (first < 0 || sep < 0)
    return 0;
  long v = -1;
  int year = 0;
  for (int32_t i = sep; i <= n; i++) {
    int d = i < n && s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1;
    if (d >= 0) {
      v = v < 0 ? d : (v > 99999 ? v : v * 10 + d);
      last = i + 1;
    } else if (v >= 0) {
      year |= v == y1 || v == y2;
      v = -1;
    }
  }
  if (!year || alnum_in(s, last, n))
    return 0;
  while (sep < n && u_isWhitespace(s[sep]))
    sep++;
  out->from = sep;
  out->to = last;
  return 1;
}

/* The article's date written as the service writes it. */
static int write_date(const nl_service *svc, const char *tag, UDate when,
                      nl_buf *out, nl_error *err) {
  char loc[ULOC_FULLNAME_CAPACITY + 64], kw[64];
  const nl_date_form *forms;
  int writes;
  nl_service__date_forms(svc, &forms, &writes);
  snprintf(kw, sizeof(kw), "calendar=%s;numbers=%s",
           nl_service_get(svc, NL_SERVICE_CALENDAR),
           nl_service_get(svc, NL_SERVICE_DIGITS));
  UErrorCode ec = U_ZERO_ERROR;
  if (nl_icu__locale(loc, sizeof(loc), tag, kw) < 0)
    return nl_error__set(err, NL_ELANG, NULL, 0, 0, "%s: not a language tag",
                         tag);
  UDateFormat *f =
      writes ? open_form(loc, &forms[0], &ec)
             : udat_open(UDAT_NONE, UDAT_LONG, loc, utc, -1, NULL, 0, &ec);
  /* measured first: a registry pattern's date has no fixed length */
  int32_t n = U_SUCCESS(ec) ? udat_format(f, when, NULL, 0, NULL, &ec) : 0;
  UChar *buf = NULL;
  if (ec == U_BUFFER_OVERFLOW_ERROR) {
    ec = U_ZERO_ERROR;
    buf = malloc(((size_t)n + 1) * sizeof(UChar));
    if (buf == NULL)
      ec = U_MEMORY_ALLOCATION_ERROR;
    else
      n = udat_format(f, when, buf, n + 1, NULL, &ec);
  }
  udat_close(f);
  int rc = U_FAILURE(ec) ? nl_error__set(err, NL_EICU, NULL, 0, 0,
                                         "formatting the date for %s: %s",
                                         loc, u_errorName(ec))
                         : nl_u16__to_utf8(out, buf, buf ? n : 0, err);
  free(buf);
  return rc;
}

/* What joins the place and an added date, by script unless the registry
 * says; a place that already ends in punctuation (Tibetan's shad) or a
 * dash takes a space. */
static const char *separator(const nl_service *svc, const char *t,
                             size_t len) {
  const char *sc = nl_service_get(svc, NL_SERVICE_SCRIPT);
  const char *sep = nl_service__dateline_separator(svc);
  int8_t last = len ? (int8_t)u_charType((UChar32)nl_utf8__prev(t, len)) : 0;
  if (last == U_OTHER_PUNCTUATION || last == U_DASH_PUNCTUATION)
    return " ";
  if (sep)
    return sep;
  if (strcmp(sc, "Arab") == 0)
    return "\xD8\x8C "; /* U+060C ARABIC COMMA */
  if (strcmp(sc, "Hans") == 0 || strcmp(sc, "Hant") == 0)
    return "\xEF\xBC\x8C"; /* U+FF0C FULLWIDTH COMMA */
  if (strcmp(sc, "Mymr") == 0)
    return "\xE1\x81\x8A "; /* U+104A MYANMAR SIGN LITTLE SECTION */
  if (strcmp(sc, "Ethi") == 0)
    return "\xE1\x8D\xA3 "; /* U+1363 ETHIOPIC COMMA */
  return ", ";
}

static UDate noon(int y, int m, int d) {
  UErrorCode ec = U_ZERO_ERROR;
  UCalendar *c = ucal_open(utc, -1, "en@calendar=gregorian", UCAL_GREGORIAN,
                           &ec);
  ucal_setDateTime(c, y, m - 1, d, 12, 0, 0, &ec);
  UDate when = ucal_getMillis(c, &ec);
  ucal_close(c);
  return when;
}

/* Where the date lies in the block's UTF-16 text `u` (digits made
 * plain), into `f`; 0 when there is none to replace or add. */
static int locate(const nl_service *svc, const char *tag, const nl_u16 *u,
                  int y, int m, int d, found *f, nl_error *err) {
  reader r;
  int rc = open_reader(&r, svc, tag, err);
  if (rc < 0)
    return rc;
  int hit = find_date(&r, u->s, u->len, (long)y * 10000 + m * 100 + d, f) ||
            year_date(u->s, u->len, y, calendar_year(svc, noon(y, m, d)), f);
  close_reader(&r);
  return hit;
}

int nl_lz__dateline(const nl_article *in, const nl_block *b,
                    const nl_service *svc, const char *tag, size_t *from,
                    size_t *to, nl_buf *date, nl_error *err) {
  size_t len;
  const char *t = nl_block_text(b, &len);
  const char *iso = nl_article_get(in, NL_FIELD_DATE);
  int y, m, d;
  *from = *to = len;
  if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return 0; /* no date, nothing to write */
  nl_u16 u = {0};
  int rc = nl_u16__from_utf8(&u, t, len, 1, err);
  if (rc < 0)
    return rc;
  plain(u.s, u.len);
  found f = {0, 0, 0};
  int numbers = digit_in(u.s, 0, u.len);
  rc = numbers ? locate(svc, tag, &u, y, m, d, &f, err) : 0;
  if (rc > 0 && !f.correct) {
    *from = u.map[f.from];
    *to = u.map[f.to];
  }
  nl_u16__dispose(&u);
  for (size_t k = 0; *from < len && k < nl_block_inline_count(b); k++)
    if (nl_block_inline(b, k)->end > *from)
      *from = *to = len; /* markup reaches into the date: leave it */
  if (rc < 0 || (numbers && *from == len))
    return rc < 0 ? rc : 0;
  size_t end = len;
  while (!numbers && end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\t'))
    end--;
  if (!numbers) {
    *from = end; /* spaces after the place go */
    *to = len;
    if (nl_buf__puts(date, separator(svc, t, end)) < 0)
      return nl_error__nomem(err);
  }
  return write_date(svc, tag, noon(y, m, d), date, err);
}
