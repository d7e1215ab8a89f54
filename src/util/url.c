/*
 * util/url.c - the link schemes an article may carry.
 *
 * An allow-list, judged the way a browser reads the URL (the WHATWG URL
 * parser): leading and trailing C0 controls and spaces are dropped, tabs
 * and newlines anywhere are removed, and then a scheme is an ASCII letter
 * followed by letters, digits, "+", "-" or "." up to the first ":". So
 * " javascript:", "java\tscript:", "JaVaScRiPt:" are all javascript. What
 * has no scheme is relative and stays on the page's own site. Character
 * references were decoded by the parser that read the attribute.
 */
#include <stddef.h>
#include <string.h>

#include "util/url.h"

static int is_c0_or_space(unsigned char c) { return c <= 0x20; }

static int is_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

int nl_url__safe(const char *href) {
  static const char *const allowed[] = {"http", "https", "mailto", "tel"};
  enum { LONGEST = 6 };
  if (href == NULL)
    return 0;
  const unsigned char *s = (const unsigned char *)href;
  size_t len = strlen(href);
  while (len > 0 && is_c0_or_space(*s))
    s++, len--;
  while (len > 0 && is_c0_or_space(s[len - 1]))
    len--;
  char scheme[LONGEST + 1];
  size_t k = 0, i = 0;
  for (; i < len && s[i] != ':'; i++) {
    unsigned char c = s[i];
    if (c == '\t' || c == '\n' || c == '\r')
      continue; /* removed wherever they are */
    int ok = k == 0 ? is_alpha(c)
                    : is_alpha(c) || (c >= '0' && c <= '9') || c == '+' ||
                          c == '-' || c == '.';
    if (!ok)
      return 1; /* no scheme: relative */
    if (k < LONGEST)
      scheme[k] = (char)lower(c);
    k++;
  }
  if (i == len || k == 0)
    return 1; /* no colon, or nothing before it: relative */
  if (k > LONGEST)
    return 0; /* longer than any allowed scheme */
  scheme[k] = '\0';
  for (size_t j = 0; j < sizeof(allowed) / sizeof(allowed[0]); j++)
    if (strcmp(scheme, allowed[j]) == 0)
      return 1;
  return 0;
}
