/*
 * tm_fuzzy.h - how similar two segments are, and how to find candidates
 * (internal).
 */
#ifndef NL_TM_FUZZY_H
#define NL_TM_FUZZY_H

#include <newsloc/common.h>
#include <newsloc/error.h>

typedef struct nl_tm_fuzzy nl_tm_fuzzy;

/* Appends the matching key of NFC text `s` (see tm.c). */
int nl_tm_fuzzy__key(nl_buf *out, const char *s, nl_error *err);

int nl_tm_fuzzy__new(nl_tm_fuzzy **out, nl_error *err);
void nl_tm_fuzzy__free(nl_tm_fuzzy *f);

/* Scores below `floor` may come out lower than exact (never higher):
 * scoring stops as soon as a candidate cannot reach it. */
void nl_tm_fuzzy__set_floor(nl_tm_fuzzy *f, int floor);

/* Similarity 0-99 of two matching keys in language `lang`. */
int nl_tm_fuzzy__score(nl_tm_fuzzy *f, const char *lang, const char *a_key,
                       const char *b_key, const char *a_text,
                       const char *b_text);

/* A key's signature: what a store may keep of each key so that a lookup
 * can tell, without reading the key, that it cannot reach the floor
 * (nl_tm_fuzzy__sig_bound). All zero when nothing is known of it. */
enum { NL_TM_SIG = 20 };

/* Fills sig for `key`; 1 when it is known (an ASCII key), else 0. */
int nl_tm_fuzzy__sig(const char *key, unsigned char sig[NL_TM_SIG]);

/* At least the score (at the floor set) of query key `a_key` against any
 * key with signature `sig`: below the floor, the key cannot reach it.
 * 100 when the signature says nothing or the floor is 0. */
int nl_tm_fuzzy__sig_bound(nl_tm_fuzzy *f, const char *lang,
                           const char *a_key, const unsigned char *sig);

/* Appends the words of `key` (ICU word breaks for `lang`), separated by
 * single spaces: what the full-text index holds. */
int nl_tm_fuzzy__words(nl_tm_fuzzy *f, const char *lang, const char *key,
                       nl_buf *out, nl_error *err);

#endif
