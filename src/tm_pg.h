/*
 * tm_pg.h - the translation memory on a PostgreSQL server (internal).
 */
#ifndef NL_TM_PG_H
#define NL_TM_PG_H

#include <stddef.h>

#include <newsloc/tm.h>

#include "tm_store.h"
#include "util/buf.h"

/* Whether `path` names a server rather than a file: a postgresql:// or
 * postgres:// URL, or a libpq "service=NAME". */
int nl_tm_pg__is_url(const char *path);

/* The PostgreSQL store (tm_pg.c). */
int nl_tm_pg__open(nl_tm_store **out, const char *conninfo,
                   const nl_tm_options *opts, nl_error *err);

/* Longer words are indexed by their first this many bytes. */
#define NL_TM_PG_WORD_MAX 1000

/* Appends a text's words as a PostgreSQL array literal, every word
 * quoted and ASCII-lowercased; *count (when not NULL) gets how many. */
int nl_tm_pg__words(nl_buf *out, const char *text, int *count);

/* Appends " w1 w2 ... ": the words joined, for phrase containment. */
int nl_tm_pg__joined(nl_buf *out, const char *text, int *count);

/* Appends the SQL condition over array column `col` for an FTS5-syntax
 * candidate query (quoted words, AND, OR, NOT, parentheses). */
int nl_tm_pg__match(nl_buf *out, const char *col, const char *query,
                    nl_error *err);

/* Appends FTS5's bm25 score of array column `col` for the words of
 * `phrase` (n of them, hits[i] the rows holding word i) among `rows`
 * rows of `tokens` words in all. */
int nl_tm_pg__bm25(nl_buf *out, const char *col, const char *phrase,
                   long long rows, long long tokens, const long long *hits,
                   int n);

/* One field of a COPY text row (NULL as \N), then a tab or, for the
 * last, a newline. -1 when out of memory. */
int nl_tm_pg__copy_field(nl_buf *out, const char *v, int last);
int nl_tm_pg__copy_int(nl_buf *out, long long v, int last);

#endif
