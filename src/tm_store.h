/*
 * tm_store.h - where a translation memory keeps its entries (internal).
 *
 * tm.c decides what a match is and how good; a store only keeps rows
 * and finds them by a few keys. SQLite is the store today (tm_sqlite.c);
 * a server database can stand in by providing the same operations,
 * without touching tm.c or its callers.
 *
 * Every text the store receives is already normalized by tm.c: `source`
 * is NFC, `hash` identifies it exactly, `key` is the matching form
 * (lowercase, no punctuation or joiners, ASCII digits, single spaces)
 * and `key_hash` is nl_tm__key_hash() of it; `words` is the key cut into words
 * (ICU's word breaks, so Thai or Chinese get spaces too), which the
 * full-text index holds.
 */
#ifndef NL_TM_STORE_H
#define NL_TM_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <newsloc/tm.h>

/* One stored translation, as written and as read back. */
typedef struct nl_tm_row {
  const char *source_lang, *target_lang;
  const char *source, *source_markup, *key;
  const char *words; /* the key's words, space-separated (the search index) */
  const char *target, *target_markup;
  int64_t hash, key_hash;
  int64_t prev_hash, next_hash; /* 0: none */
  const char *article_id, *unit_id, *service, *translator;
  nl_tm_status status;
  long long created, changed;
  const char *meta; /* nl_tm_entry.meta, checked; NULL: none */
  /* nl_tm_fuzzy__sig of the key (NL_TM_SIG bytes) when the caller made
   * it (a TMX import's reader thread); NULL: the store makes it */
  const unsigned char *sig;
} nl_tm_row;

/* How rows are selected; every filter includes the language pair. */
typedef enum nl_tm_find {
  NL_TM_FIND_KEY,   /* key hash: exact, in-context and near-exact rows
                       (the caller tells them apart by text; one index
                       serves all three) */
  NL_TM_FIND_UNIT,  /* article id + unit id (earlier revisions) */
  NL_TM_FIND_TEXT,  /* full-text query `text` (FTS5 syntax over single
                       words: no phrases), best first */
  NL_TM_FIND_PHRASE, /* `text` is plain words that must appear next to
                       each other in this order (concordance), best first */
  NL_TM_FIND_WORDS, /* as TEXT, every match in no order (up to `limit`):
                       no ranking, so the cost is the rows' count */
  NL_TM_FIND_KEYS   /* the source segments FIND_WORDS would give (`text`,
                       up to `limit` segments, no order), once each, with
                       only source_lang, key, key_hash and hash set (every
                       other field NULL or 0): segments in source_lang.
                       A store may leave out those without a translation
                       into target_lang (PostgreSQL does) or not (SQLite:
                       a probe a row, scattered over the file): the
                       caller fetches whole rows by key hash (KEY) for
                       the few it keeps, which finds out. */,
  NL_TM_FIND_COMMON /* as KEYS, the segments holding at least `need` of
                       the `nwords` words `words` (need is nwords or
                       nwords - 1, and at least 1; a word of several
                       tokens is held when all of them are): those
                       holding every word first, then the others, each
                       in id order, up to `limit`. For words counted
                       NL_TM_COMMON or more (word_count), whose lists are
                       long: the SQLite store answers from bitmaps at a
                       cost that does not grow with their counts. */
} nl_tm_find;

/* A word that this many segments hold is "common": candidates come from
 * NL_TM_FIND_COMMON; a rarer one's segments are fetched whole (TEXT,
 * KEYS), at most NL_TM_COMMON - 1 of them. */
enum { NL_TM_COMMON = 255 };

typedef struct nl_tm_filter {
  nl_tm_find by;
  const char *source_lang, *target_lang;
  int64_t hash;                     /* KEY: the key hash */
  const char *article_id, *unit_id; /* UNIT */
  const char *text;                 /* TEXT: a full-text query; PHRASE */
  int target_side;                  /* TEXT, PHRASE: search targets */
  size_t limit;                     /* 0: no limit */
  const char *const *words;         /* COMMON */
  size_t nwords, need;              /* COMMON */
  long len_lo, len_hi; /* COMMON, len_hi > 0: a store may leave out the
                          segments whose key is ASCII and has fewer than
                          len_lo or more than len_hi characters but spaces
                          (they cannot reach the lookup's floor). The
                          caller narrows them as its floor rises while the
                          rows come: a store may read them again before
                          each row, leaving out only rows it would have
                          given (the SQLite store does) */
  /* COMMON: a store that keeps each key's signature (nl_tm_fuzzy__sig)
   * may ask this first, with the row function's ctx, and leave out a
   * row it says 0 for (its key cannot reach the caller's floor). The
   * row still counts toward `limit`. NULL: every row is given. */
  int (*sig_ok)(void *ctx, const unsigned char *sig);
} nl_tm_filter;

/* Called for each row found; strings live for the call. Non-zero stops. */
typedef int (*nl_tm_row_fn)(void *ctx, const nl_tm_row *row);

typedef struct nl_tm_stats_row {
  const char *source_lang, *target_lang;
  long long units;
} nl_tm_stats_row;

typedef struct nl_tm_store nl_tm_store;

typedef struct nl_tm_store_ops {
  void (*close)(nl_tm_store *s);
  int (*begin)(nl_tm_store *s, nl_error *err);
  int (*commit)(nl_tm_store *s, nl_error *err);
  void (*rollback)(nl_tm_store *s);
  int (*add)(nl_tm_store *s, const nl_tm_row *row, nl_error *err);
  int (*find)(nl_tm_store *s, const nl_tm_filter *f, nl_tm_row_fn fn,
              void *ctx, nl_error *err);
  /* Every row of a language pair (either may be NULL), oldest first. */
  int (*each)(nl_tm_store *s, const char *source_lang,
              const char *target_lang, nl_tm_row_fn fn, void *ctx,
              nl_error *err);
  /* Every row with each of its contexts (each gives one a translation),
   * by translation, oldest first: all a copy to another store needs. */
  int (*rows)(nl_tm_store *s, nl_tm_row_fn fn, void *ctx, nl_error *err);
  /* In how many source segments `word` occurs: exact up to cap, and cap
   * itself past it. A store may also answer NL_TM_COMMON (or more) for
   * a word it finds as cheaply as a common one through
   * NL_TM_FIND_COMMON (the SQLite store's words with bitmaps); a count
   * below NL_TM_COMMON says the word's segments are few. */
  int (*word_count)(nl_tm_store *s, const char *word, long long cap,
                    long long *n, nl_error *err);
  /* Units per language pair. */
  int (*stats)(nl_tm_store *s,
               int (*fn)(void *ctx, const nl_tm_stats_row *row), void *ctx,
               nl_error *err);
  /* Deletes translations changed before `before` (0: any time) with
   * status `status` (-1: any); *deleted gets the count. */
  int (*prune)(nl_tm_store *s, long long before, int status,
               long long *deleted, nl_error *err);
} nl_tm_store_ops;

struct nl_tm_store {
  const nl_tm_store_ops *ops;
};

/* The identity of near-exact matching: a hash of the key without its
 * spaces, so that texts differing only in spacing share it (Persian
 * writes compounds with a ZWNJ, a space or nothing: the key drops the
 * ZWNJ, this hash the space). tm.c computes it; the SQLite store also
 * calls it to recompute stored hashes when migrating from schema v1. */
int64_t nl_tm__key_hash(const char *key);

/* The next word at or after p as FTS5's ascii tokenizer cuts it (ASCII
 * letters and digits and every non-ASCII byte make words), *len its
 * length; NULL when none (tm_words.c). */
const char *nl_tm__ascii_word(const char *p, size_t *len);
int nl_tm__word_byte(unsigned char c);

/* The SQLite store. */
int nl_tm_sqlite__open(nl_tm_store **out, const char *path,
                       const nl_tm_options *opts, nl_error *err);

#endif
