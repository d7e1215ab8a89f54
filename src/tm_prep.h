/*
 * tm_prep.h - an entry made ready for the store, apart from the store
 * (internal).
 *
 * Most of what an import costs before SQLite sees a row is CPU work on
 * the entry alone: canonical languages, NFC, the matching key, its
 * words, the hashes. Splitting it from the store write lets a TMX import
 * do it on one core while the other writes (tmx.c). A preparer is used
 * by one thread at a time: its ICU iterators and buffers are its own.
 */
#ifndef NL_TM_PREP_H
#define NL_TM_PREP_H

#include <newsloc/tm.h>

#include "tm_store.h"

typedef struct nl_tm__prep nl_tm__prep;

int nl_tm__prep_new(nl_tm__prep **out, nl_error *err);
void nl_tm__prep_free(nl_tm__prep *p);

/* Fills *row from *e. The row's strings belong to `p` (or to `e`) and
 * stay valid until the next call. `nfc`: e->source and e->target are
 * known to be valid UTF-8 in NFC (a TMX reader's), so they are used as
 * they are instead of being checked and normalized again. */
int nl_tm__prepare(nl_tm__prep *p, const nl_tm_entry *e, int nfc,
                   nl_tm_row *row, nl_error *err);

/* Stores a row made by nl_tm__prepare. */
int nl_tm__add_row(nl_tm *tm, const nl_tm_row *row, nl_error *err);

/* The TM's store and its word cutter (for tm_copy.c). */
nl_tm_store *nl_tm__store(nl_tm *tm);
int nl_tm__words(nl_tm *tm, const char *lang, const char *key, nl_buf *out,
                 nl_error *err);

#endif
