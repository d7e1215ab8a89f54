/*
 * tm_store.h - the narrow interface between the TM logic and its storage
 * (internal).
 *
 * tm.c owns everything that is about language: normalization, hashing,
 * context, scoring and ranking. A store only keeps rows and finds
 * candidate rows cheaply; it never scores. That split is what lets a
 * server database stand in for the SQLite file when many services share
 * one memory: it implements these operations and nothing else changes.
 *
 * Hashes are 64-bit values of normalized text computed by tm.c; stores
 * keep them as opaque integers and must compare the text as well when
 * a hash could collide (exact lookups do, through `text`).
 */
#ifndef NL_TM_STORE_H
#define NL_TM_STORE_H

#include <stdint.h>
#include <newsloc/tm.h>

/* One translation, prepared for storage by tm.c. */
typedef struct nl_tm__row_in {
  const nl_tm_entry *entry; /* provenance, status, languages */
  const char *source;       /* NFC */
  const char *source_markup;
  const char *key;          /* the matching key of the source */
  const char *target;       /* NFC */
  const char *target_markup;
  int64_t hash;             /* of the NFC source */
  int64_t key_hash;         /* of the matching key */
  int64_t prev_hash;        /* of the NFC neighbours; 0 when absent */
  int64_t next_hash;
  long long now;            /* seconds since the epoch */
} nl_tm__row_in;

/* One stored translation as a store hands it back (strings borrowed for
 * the callback). */
typedef struct nl_tm__row {
  int64_t source_id;
  int64_t target_id;
  const char *source_lang;
  const char *target_lang;
  const char *source;
  const char *source_markup;
  const char *key;
  const char *target;
  const char *target_markup;
  const char *translator;
  const char *service;
  const char *article_id; /* of the newest context, may be NULL */
  const char *unit_id;
  int status;
  long long changed;
  int in_context;         /* a context of this target has the query's
                             prev/next hashes */
  int same_unit;          /* a context has the query's article/unit */
} nl_tm__row;

typedef int (*nl_tm__row_fn)(void *ctx, const nl_tm__row *row);

typedef enum nl_tm__find {
  NL_TM__BY_HASH,     /* sources with `hash` (and text == `text`) */
  NL_TM__BY_KEY_HASH, /* sources with `key_hash` */
  NL_TM__BY_UNIT,     /* translations made for article_id + unit_id */
  NL_TM__FUZZY,       /* up to `limit` sources similar to `key` */
  NL_TM__BY_ID        /* the source whose id is in `hash` */
} nl_tm__find;

typedef struct nl_tm__cand_query {
  nl_tm__find find;
  const char *source_lang;
  const char *target_lang;
  const char *text;       /* NFC source, for BY_HASH */
  const char *key;        /* matching key, for FUZZY */
  int64_t hash;
  int64_t key_hash;
  int64_t prev_hash;      /* for the in_context flag */
  int64_t next_hash;
  const char *article_id; /* for BY_UNIT and the same_unit flag */
  const char *unit_id;
  size_t limit;           /* FUZZY: most candidate sources */
} nl_tm__cand_query;

typedef struct nl_tm__pair_count {
  const char *source_lang;
  const char *target_lang;
  long long count;
} nl_tm__pair_count;

typedef struct nl_tm_store nl_tm_store;

typedef struct nl_tm_store_ops {
  const char *name;
  int (*open)(nl_tm_store **out, const char *path, const nl_tm_options *opts,
              nl_error *err);
  void (*close)(nl_tm_store *s);
  int (*begin)(nl_tm_store *s, nl_error *err);
  int (*commit)(nl_tm_store *s, nl_error *err);
  void (*rollback)(nl_tm_store *s);
  int (*in_transaction)(nl_tm_store *s);
  int (*add)(nl_tm_store *s, const nl_tm__row_in *row, nl_error *err);
  int (*candidates)(nl_tm_store *s, const nl_tm__cand_query *q,
                    nl_tm__row_fn fn, void *ctx, nl_error *err);
  int (*foreach)(nl_tm_store *s, const char *source_lang,
                 const char *target_lang, nl_tm__row_fn fn, void *ctx,
                 nl_error *err);
  int (*stats)(nl_tm_store *s, nl_tm_stats *out,
               int (*pair_fn)(void *ctx, const nl_tm__pair_count *pc),
               void *ctx, nl_error *err);
  int (*prune)(nl_tm_store *s, const nl_tm_prune_options *opts,
               long long now, size_t *removed, nl_error *err);
  /* Sources (or, with `in_target`, targets) containing `key`-normalized
   * `text`; tm.c checks the real containment again. */
  int (*concordance)(nl_tm_store *s, const char *source_lang,
                     const char *target_lang, const char *text,
                     const char *key, int in_target, size_t limit,
                     nl_tm__row_fn fn, void *ctx, nl_error *err);
} nl_tm_store_ops;

/* The SQLite file store (tm_sqlite.c). */
extern const nl_tm_store_ops nl_tm__sqlite_ops;

/* The schema version this build writes and reads. */
#define NL_TM__SCHEMA_VERSION 1

#endif
