/*
 * lang.h - parsing BCP 47 tags once, the same way everywhere (internal).
 */
#ifndef NL_LANG_H
#define NL_LANG_H

#include <stddef.h>

/* Fills `id` (ICU locale id, `cap` bytes) from `tag`; 1 when ICU parsed
 * the whole tag into a language, 0 when the tag is malformed. */
int nl_lang__locale_id(char *id, size_t cap, const char *tag);

/* Fills `out` with the likely full locale id of `tag` ("fa" ->
 * "fa_Arab_IR"); 0 (and "" in `out`) when the tag is malformed or the
 * answer does not fit. */
int nl_lang__likely(char *out, size_t cap, const char *tag);

/* Rewrites `tag` in place in BCP 47's conventional case (RFC 5646
 * 2.1.1: "FA" -> "fa", "zh-hant-tw" -> "zh-Hant-TW", "SR_latn" ->
 * "sr_Latn"), so that a message names a language one way whatever case
 * a file wrote it in. Separators and letters stay where they are. */
void nl_lang__conventional_case(char *tag);

/* 1 when `tag` is a well-formed BCP 47 tag ICU understands. */
int nl_lang__is_tag(const char *tag);

/* The length of the n bytes of `tag` before its first extension or
 * private-use subtags ("fa-IR" of "fa-IR-u-nu-latn"): those say how a
 * language is written, not which (RFC 5646 drops them first when it
 * shortens a tag). n when there are none, or when the tag is private
 * use from its start ("x-bbc"). */
size_t nl_lang__part_len(const char *tag, size_t n);

/* The direction of the letters of valid UTF-8 `s`: 'l' all left to
 * right, 'r' all right to left, 'm' both, 0 none. */
int nl_lang__text_dir(const char *s, size_t len);

/* 1 rtl, 0 ltr from the script ICU gives `tag` (likely subtags); -1 when
 * ICU knows no script for it (prs, say). */
int nl_lang__script_rtl(const char *tag);

#endif
