/*
 * typography.c - quotation marks, punctuation spacing and dashes as each
 * service writes them (digits are numbers.c's, dates dateline.c's).
 *
 * Quotes: a translator's straight double quotes become the service's
 * marks, alternately opening and closing through the block, with the
 * service's spacing inside (French narrow no-break spaces, replacing a
 * space the translator typed there). Single straight quotes are
 * apostrophes far more often than quotes: only inside a double
 * quotation, and only on word edges, do they become the inner marks.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "error.h"
#include "localize_internal.h"
#include "services_internal.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

/* Whether the text has a letter of the service's script (1), only
 * letters of other scripts (-1: an English block left untranslated on a
 * Persian page), or no letter (0). */
static int script_of(const nl_lz *z, const char *s, size_t len) {
  UScriptCode want[4];
  UErrorCode ec = U_ZERO_ERROR;
  int n = uscript_getCode(z->script, want, 2, &ec), other = 0;
  /* characters are Han or Hangul; Hans, Hant and Kore name mixes */
  if (n == 1 && (want[0] == USCRIPT_SIMPLIFIED_HAN ||
                 want[0] == USCRIPT_TRADITIONAL_HAN || want[0] == USCRIPT_KOREAN))
    want[n++] = USCRIPT_HAN;
  if (n == 2 && want[0] == USCRIPT_KOREAN)
    want[n++] = USCRIPT_HANGUL;
  for (size_t i = 0; n > 0 && i < len;) {
    UChar32 c = (UChar32)nl_utf8__next(s, len, &i);
    UScriptCode sc = uscript_getScript(c, &ec);
    for (int k = 0; k < n; k++)
      if (sc == want[k])
        return 1;
    other |= u_isalpha(c);
  }
  return other ? -1 : 0;
}

int nl_lz__has_service_script(const nl_lz *z, const char *s, size_t len) {
  return script_of(z, s, len) > 0;
}

int nl_lz__foreign_block(const nl_lz *z, const char *s, size_t len) {
  return script_of(z, s, len) < 0;
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
  /* Hausa writes 'ya'yana: in such a language an apostrophe that starts
   * a word before a letter is a letter of it, not an opening quote */
  if (!before && u_isalpha((UChar32)a) &&
      nl_service__word_initial_apostrophe(z->svc))
    return -1;
  if ((ideograph(b) || b == 0) && (ideograph(a) || a == 0))
    return z->inner_open ? 3 : 2; /* between ideographs: they pair up */
  if (!z->inner_open && !before && after)
    return 2;
  if (z->inner_open && before && !after)
    return 3;
  return -1;
}

/* A straight apostrophe between two letters (don't, l'aide) becomes the
 * service's typographic one where the registry names it ("apostrophe"),
 * so that it matches the curly quotes around it. */
static int apostrophe_at(const nl_lz *z, const char *s, size_t len,
                         size_t i) {
  return nl_service__apostrophe(z->svc) != NULL &&
         word_char(nl_utf8__prev(s, i)) && word_char(char_after(s, len, i));
}

int nl_lz__quotes(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  if (z->block_foreign) /* «We used…» on a Persian page: not ours */
    return nl_buf__put(out, s, len) < 0 ? nl_error__nomem(z->err) : 0;
  const char *space = nl_service_get(z->svc, NL_SERVICE_QUOTE_SPACING);
  size_t piece = out->size; /* never trim into an earlier piece */
  for (size_t i = 0; i < len; i++) {
    int mark = s[i] == '"' || s[i] == '\'' ? which_mark(z, s, len, i) : -1;
    size_t at = out->size, from = i;
    if (mark < 0 && s[i] == '\'' && apostrophe_at(z, s, len, i)) {
      const char *ap = nl_service__apostrophe(z->svc);
      if (nl_buf__puts(out, ap) < 0)
        return nl_error__nomem(z->err);
      int rc = nl_lz__note(z, "apostrophe", i, s + i, 1, ap, strlen(ap));
      if (rc < 0)
        return rc;
      continue;
    }
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
  const char *mode = z->block_foreign
                         ? NULL
                         : nl_service_get(z->svc, NL_SERVICE_PUNCT_SPACING);
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
  const char *dash =
      z->block_foreign ? NULL : nl_service_get(z->svc, NL_SERVICE_DASH);
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
