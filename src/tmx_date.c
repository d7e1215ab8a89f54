/*
 * tmx_date.c - TMX dates: "YYYYMMDDThhmmssZ", always UTC (TMX 1.4b).
 *
 * Converted by civil-calendar arithmetic rather than timegm/gmtime_r so
 * that no time zone state or non-standard libc function is involved.
 */
#include <string.h>

#include "tmx.h"

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long long)doe - 719468;
}

static int digits(const char *s, size_t n, unsigned *out) {
  unsigned v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (unsigned)(s[i] - '0');
  }
  *out = v;
  return 0;
}

long long nl_tmx__parse_date(const char *s) {
  unsigned y, mo, d, h, mi, se;
  if (s == NULL || strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z' ||
      digits(s, 4, &y) < 0 || digits(s + 4, 2, &mo) < 0 ||
      digits(s + 6, 2, &d) < 0 || digits(s + 9, 2, &h) < 0 ||
      digits(s + 11, 2, &mi) < 0 || digits(s + 13, 2, &se) < 0)
    return -1;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
    return -1;
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

void nl_tmx__format_date(char out[17], long long t) {
  long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  long long secs = t - days * 86400;
  /* civil_from_days */
  long long z = days + 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = (long long)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  if (y < 0 || y > 9999) {
    memcpy(out, "19700101T000000Z", 17);
    return;
  }
  unsigned v[6] = {(unsigned)y, m, d, (unsigned)(secs / 3600),
                   (unsigned)(secs % 3600 / 60), (unsigned)(secs % 60)};
  static const unsigned width[6] = {4, 2, 2, 2, 2, 2};
  size_t at = 0;
  for (int k = 0; k < 6; k++) {
    if (k == 3)
      out[at++] = 'T';
    for (unsigned w = width[k]; w-- > 0; v[k] /= 10)
      out[at + w] = (char)('0' + v[k] % 10);
    at += width[k];
  }
  out[at++] = 'Z';
  out[at] = '\0';
}
