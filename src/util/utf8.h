/*
 * util/utf8.h - UTF-8 validation and positions (internal).
 */
#ifndef NL_UTIL_UTF8_H
#define NL_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <newsloc/error.h>

/* Returns the offset of the first invalid byte, or `len` when `s` is
 * well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
size_t nl_utf8__invalid_at(const char *s, size_t len);
/* The same without AVX2, which nl_utf8__invalid_at() uses where the
 * processor has it (nl_utf8__have_avx2()): tests hold the two to each
 * other and to ICU. */
size_t nl_utf8__invalid_at_sse2(const char *s, size_t len);
int nl_utf8__have_avx2(void);

/* Converts well-formed UTF-8 into UTF-16 at `dst` (room for `len`
 * units: never more are needed); returns the units written, or -1 when
 * `s` is not well-formed (as ICU's strict u_strFromUTF8 refuses). */
int64_t nl_utf8__to_utf16(const char *s, size_t len, uint16_t *dst);

/* Line and column (1-based; columns count characters) of byte `off`. */
void nl_utf8__position(const char *s, size_t off, unsigned long *line,
                       unsigned long *column);

/* Checks `s`; on failure fills `err` with NL_EUTF8 naming `name`, line,
 * column and the offending byte. */
int nl_utf8__check(const char *s, size_t len, const char *name,
                   nl_error *err);

/* Where the character that ends at byte i (> 0) starts (valid UTF-8
 * assumed). */
size_t nl_utf8__prev_start(const char *s, size_t i);

/* How many of the n bytes of s a copy of at most `cap` bytes keeps: all
 * of them when they fit, else `cap` backed up to the start of the
 * character it would cut (a quoted piece of text stays UTF-8). */
size_t nl_utf8__fit(const char *s, size_t n, size_t cap);

/* The character that ends at byte i, or 0 when i is 0. */
uint32_t nl_utf8__prev(const char *s, size_t i);

/* Decodes one code point at s[*i] (valid UTF-8 assumed), advancing *i. */
uint32_t nl_utf8__next(const char *s, size_t len, size_t *i);

/* 1 when every byte of s[0, len) is below 0x80: text that needs none of
 * the Unicode machinery (NFC, ICU case mapping). */
static inline int nl_utf8__is_ascii(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)s[i] >= 0x80)
      return 0;
  return 1;
}

/* The same, inline, for the loops that walk text a character at a time
 * many times over (bidi's oracle); U+FFFD for a sequence cut off by
 * `len`. (Inline everywhere, it measured slower: loops grow.) */
static inline uint32_t nl_utf8__next_inline(const char *str, size_t len,
                                            size_t *i) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned char c = s[*i];
  if (c < 0x80) {
    (*i)++;
    return c;
  }
  size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (*i + n > len) {
    (*i)++;
    return 0xFFFD;
  }
  uint32_t cp = n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (size_t k = 1; k < n; k++)
    cp = (cp << 6) | (s[*i + k] & 0x3Fu);
  *i += n;
  return cp;
}

/* 1 when XML 1.0 can carry `c` at all (not C0 controls but tab, LF, CR;
 * not U+FFFE/U+FFFF): text headed for XML must not hold the others. */
int nl_utf8__xml_char(uint32_t c);

/* White space, the one definition the library uses wherever text is
 * trimmed or sentences are separated (segment edges, the ignorables
 * export writes, merge's alignment, scraped lines, TM near-matches):
 * Unicode's White_Space property (ICU's, not a hand list: U+0085,
 * U+1680, U+2028, U+205F, ... included) and U+200B ZERO WIDTH SPACE,
 * which stands for a space between words in Thai, Khmer, Lao, Burmese.
 * (Markup's white space is another thing: XML and HTML collapse only
 * tab, LF, CR, space, and keep U+00A0.) */
int nl_utf8__is_space(uint32_t c);

/* Bytes of the white-space character at s[i] (valid UTF-8), or 0. */
size_t nl_utf8__space_at(const char *s, size_t len, size_t i);

/* The length of the line break at s[i] (valid UTF-8), or 0: LF, CR,
 * CRLF (one break), NEL, LINE SEPARATOR, VT; and PARAGRAPH SEPARATOR
 * and FF, which also set *para (a page or paragraph ends there). The
 * one definition of a break in scraped text. */
size_t nl_utf8__line_break(const char *s, size_t len, size_t i, int *para);

/* Offset of the first character XML 1.0 cannot carry (see above) in
 * valid UTF-8, or `len`. */
size_t nl_utf8__xml_bad_at(const char *s, size_t len);

/* Removes those characters from valid UTF-8 in place (readers of pages
 * and scraped text drop them: a control pasted from a page is noise,
 * and output must read back); returns the new length. */
size_t nl_utf8__xml_strip(char *s, size_t len);

/* Appends code point `c` as UTF-8 into out (at least 4 bytes); returns
 * the number of bytes written. */
size_t nl_utf8__encode(uint32_t c, char *out);

#endif
