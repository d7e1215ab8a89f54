/*
 * util/icu.h - UTF-8 <-> UTF-16 with offset maps, normalization (internal).
 *
 * The library speaks UTF-8; ICU's iterators and regexes speak UTF-16.
 * Conversions keep a map from UTF-16 indexes back to UTF-8 byte offsets
 * so that boundaries ICU finds become byte ranges of the caller's text.
 */
#ifndef NL_UTIL_ICU_H
#define NL_UTIL_ICU_H

#include <stddef.h>
#include <unicode/utypes.h>
#include <newsloc/common.h>
#include <newsloc/error.h>

typedef struct nl_u16 {
  UChar *s;     /* UTF-16 text, NUL-terminated */
  int32_t len;  /* code units, without the NUL */
  size_t *map;  /* map[i] = byte offset of unit i; map[len] = byte length;
                   NULL unless asked for */
} nl_u16;

/* Converts valid UTF-8 to UTF-16; with `want_map` fills the map. */
int nl_u16__from_utf8(nl_u16 *out, const char *s, size_t len, int want_map,
                      nl_error *err);
void nl_u16__dispose(nl_u16 *u);
/* Appends UTF-16 as UTF-8 to `out`. */
int nl_u16__to_utf8(nl_buf *out, const UChar *s, int32_t len, nl_error *err);

/* 1 when ICU filled a caller's fixed buffer with a NUL-terminated
 * answer. An answer exactly as long as the buffer comes back as
 * U_STRING_NOT_TERMINATED_WARNING, which U_SUCCESS counts as success:
 * reading it as a C string then runs off the end of the buffer. */
static inline int nl_icu__filled(UErrorCode ec) {
  return U_SUCCESS(ec) && ec != U_STRING_NOT_TERMINATED_WARNING;
}

/* Appends the NFC form of valid UTF-8 `s` to `out`. */
int nl_icu__nfc(nl_buf *out, const char *s, size_t len, nl_error *err);
/* 1 when `s` is already NFC (quick check, then full check). */
int nl_icu__is_nfc(const char *s, size_t len);

/*
 * The ICU locale id for BCP 47 `tag` (with `keywords`, e.g.
 * "calendar=persian", or NULL), never the process's: where ICU has no
 * data for the language (rhg) it would fall back to the default locale,
 * which comes from LANG, so such a tag becomes "root". 1 when ICU has
 * data, 0 when root was put instead, -1 when the tag does not parse.
 */
int nl_icu__locale(char *out, size_t cap, const char *tag,
                   const char *keywords);

#endif
