/*
 * segment_lexicon.h - the word lists a segmentation rule may refer to
 * (internal).
 *
 * An abbreviation before a capital ends a sentence only when the
 * capitalised word is one that opens sentences ("in the U.S. The
 * talks", but "the U.S. Embassy"). Both lists differ per language, and
 * the SRX rules are shared by many languages, so a rule names a list
 * instead of spelling it out:
 *
 *   ⟦abbreviations⟧  ICU's own sentence-break exceptions for the
 *                    language (CLDR's list: "Dipl.-Ing", "kath", "U.S"),
 *                    without their final dot; where ICU has no list for
 *                    the language, a pattern that never matches;
 *   ⟦starters⟧       capitalised words that open sentences and are not
 *                    names, from locales/segment/starters.tsv: the
 *                    language's own and English's (English names and
 *                    acronyms turn up in every service's text).
 *
 * To another SRX tool a reference is a literal that never occurs in
 * text, so the rule degrades to its conservative reading.
 */
#ifndef NL_SEGMENT_LEXICON_H
#define NL_SEGMENT_LEXICON_H

#include <newsloc/common.h>
#include <newsloc/error.h>

typedef struct nl_lexicon {
  char *abbreviations; /* a regex alternation, never NULL once loaded */
  char *starters;      /* likewise */
} nl_lexicon;

/* Loads both lists for `locale_id` (an ICU locale id such as "en_US").
 * `locales_dir` as for nl_locales__find. NL_EIO/NL_EPARSE name the
 * starters file and line. */
int nl_lexicon__load(nl_lexicon *lx, const char *locale_id,
                     const char *locales_dir, nl_error *err);
void nl_lexicon__dispose(nl_lexicon *lx);

/* 1 when `pattern` names a list. */
int nl_lexicon__refers(const char *pattern);

/* `pattern` with every reference replaced by its list, appended to
 * `out`. NL_EPARSE for an unknown list name, naming the rule's file and
 * line. */
int nl_lexicon__expand(nl_buf *out, const char *pattern,
                       const nl_lexicon *lx, const char *path,
                       unsigned long line, nl_error *err);

#endif
