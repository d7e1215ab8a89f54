/*
 * tm_fuzzy.h - how similar two segments are, and how to find candidates
 * (internal).
 */
#ifndef NL_TM_FUZZY_H
#define NL_TM_FUZZY_H

#include <newsloc/common.h>
#include <newsloc/error.h>

typedef struct nl_tm_fuzzy nl_tm_fuzzy;

int nl_tm_fuzzy__new(nl_tm_fuzzy **out, nl_error *err);
void nl_tm_fuzzy__free(nl_tm_fuzzy *f);

/* Similarity 0-99 of two matching keys in language `lang`. */
int nl_tm_fuzzy__score(nl_tm_fuzzy *f, const char *lang, const char *a_key,
                       const char *b_key, const char *a_text,
                       const char *b_text);

/* Appends an FTS5 trigram query that finds segments sharing words (or,
 * for text without spaces, character trigrams) with `key`; nothing when
 * the key is too short to search. Returns 0 or NL_ENOMEM. */
int nl_tm_fuzzy__query(nl_buf *out, const char *key);

#endif
