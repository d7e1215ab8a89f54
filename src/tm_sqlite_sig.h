/*
 * tm_sqlite_sig.h - the SQLite store's key signatures (internal;
 * tm_sqlite_sig.c): nl_tm_fuzzy__sig of every source row's key, kept in
 * nl_sig(part, sigs), NL_TM_SIG_ROWS rows a part, so that a lookup can
 * leave out candidates that cannot reach its floor without reading their
 * keys. Every function returns an SQLite code.
 */
#ifndef NL_TM_SQLITE_SIG_H
#define NL_TM_SQLITE_SIG_H

#include <sqlite3.h>

#include "tm_fuzzy.h"

enum { NL_TM_SIG_SHIFT = 10, NL_TM_SIG_ROWS = 1 << NL_TM_SIG_SHIFT };

/* The signatures of rows being added, in ascending id order. */
typedef struct nl_tm_sigs {
  sqlite3_stmt *get, *put;
  long long part; /* the part in buf; -1: none */
  unsigned char buf[NL_TM_SIG_ROWS * NL_TM_SIG];
} nl_tm_sigs;

int nl_tm_sqlite_sig__begin(sqlite3 *db, nl_tm_sigs *s);
/* Sets row id's signature (ids ascending; a part is written when the
 * next one begins and by nl_tm_sqlite_sig__end). */
int nl_tm_sqlite_sig__add(nl_tm_sigs *s, long long id, const char *key);
/* The same with the signature made already (NL_TM_SIG bytes). */
int nl_tm_sqlite_sig__put(nl_tm_sigs *s, long long id,
                          const unsigned char *sig);
/* Writes the last part (unless rc says the work failed) and frees the
 * statements; returns rc or the write's failure. */
int nl_tm_sqlite_sig__end(nl_tm_sigs *s, int rc);

/* Every row's signature (the upgrade to schema 7). */
int nl_tm_sqlite_sig__fill(sqlite3 *db);

/* Reading: the part of the last row asked for stays open (an
 * incremental blob: a row's 20 bytes are copied, not the part's 20 KB as
 * a column of a statement would be). */
typedef struct nl_tm_sig_reader {
  sqlite3 *db;
  sqlite3_blob *b; /* on `part`, or NULL */
  long long part;  /* -1: none yet */
  unsigned char sig[NL_TM_SIG];
} nl_tm_sig_reader;

/* *sig = row id's signature (in r), or NULL when none is kept. */
int nl_tm_sqlite_sig__get(nl_tm_sig_reader *r, long long id,
                          const unsigned char **sig);

/* Closes r's blob: no read is left open. */
void nl_tm_sqlite_sig__done(nl_tm_sig_reader *r);

#endif
