/*
 * lang.h - parsing BCP 47 tags once, the same way everywhere (internal).
 */
#ifndef NL_LANG_H
#define NL_LANG_H

#include <stddef.h>

/* Fills `id` (ICU locale id, `cap` bytes) from `tag`; 1 when ICU parsed
 * the whole tag into a language, 0 when the tag is malformed. */
int nl_lang__locale_id(char *id, size_t cap, const char *tag);

/* Bytes of `tag`'s language subtag ("fa" of "fa-IR"). */
size_t nl_lang__language(const char *tag);

/* 1 when `tag` is a well-formed BCP 47 tag ICU understands. */
int nl_lang__is_tag(const char *tag);

#endif
