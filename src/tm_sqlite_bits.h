/*
 * tm_sqlite_bits.h - the SQLite store's bitmaps of common words
 * (internal; tm_sqlite_bits.c). Every function returns an SQLite code.
 */
#ifndef NL_TM_SQLITE_BITS_H
#define NL_TM_SQLITE_BITS_H

#include <stddef.h>

#include <sqlite3.h>

/* Counts and indexes the source rows with ids above `after` (already in
 * source_fts): sets their common words' bits, and makes common (with
 * all of its rows) every word whose sketch slot reaches NL_TM_COMMON.
 * `sigs`: the keys' signatures of rows after + 1 to after + nsigs, made
 * already (NL_TM_SIG bytes each; NULL, 0: none), so that only the other
 * rows' are computed here. */
int nl_tm_sqlite_bits__update(sqlite3 *db, long long after,
                              const unsigned char *sigs, long long nsigs);

/* Whether token w (`len` bytes) has a bitmap. */
int nl_tm_sqlite_bits__is_common(sqlite3 *db, const char *w, size_t len,
                                 int *yes);

/* The ids of the source rows holding at least `need` (n - 1 or n, and
 * at least 1) of the n words (a word of several tokens is held when all
 * of them are), those holding all first, each tier in id order, at most
 * `limit` (0: all) in all, to fn (non-zero stops). Words without a
 * bitmap are read from source_fts. hi > 0: only rows whose key is not
 * ASCII or has lo to hi characters but spaces (rows of nearby lengths
 * may come too: classes are wider past 32). */
int nl_tm_sqlite_bits__find(sqlite3 *db, const char *const *words, size_t n,
                            size_t need, long lo, long hi, size_t limit,
                            int (*fn)(void *ctx, long long id), void *ctx);

/* As nl_tm_sqlite_bits__find with a band the caller may narrow while
 * the rows are given (fn raising its floor): each row is passed over
 * when the band at its turn leaves out its length class. It still
 * counts toward `limit`, so the rows given are always a subset of those
 * the band at the start would give. */
int nl_tm_sqlite_bits__find_live(sqlite3 *db, const char *const *words,
                                 size_t n, size_t need, const long *live_lo,
                                 const long *live_hi, size_t limit,
                                 int (*fn)(void *ctx, long long id),
                                 void *ctx);

#endif
