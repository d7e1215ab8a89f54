/*
 * newsloc/tm.h - the translation memory.
 *
 * A TM remembers translated segments with their context and provenance
 * and offers them back as matches: in-context exact, exact, near-exact
 * and fuzzy, scored 0-101. The default store is a SQLite file created on
 * first use; every write runs in a transaction, so a crash loses at most
 * the batch in progress.
 *
 * Segment text is given twice: `text` is plain UTF-8 with inline codes
 * removed (what matching uses), `markup` is the same content with inline
 * codes as XLIFF 2.0 inline elements (<pc>, <ph>, <sc>, <ec>), or NULL
 * when the segment has no codes.
 */
#ifndef NEWSLOC_TM_H
#define NEWSLOC_TM_H

#include <newsloc/common.h>
#include <newsloc/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_tm nl_tm;

typedef enum nl_tm_status {
  NL_TM_DRAFT = 0,
  NL_TM_TRANSLATED = 1,
  NL_TM_APPROVED = 2
} nl_tm_status;

typedef struct nl_tm_options {
  unsigned version;    /* NL_TM_OPTIONS_VERSION */
  int read_only;       /* open without creating or writing */
  int busy_timeout_ms; /* how long to wait for another writer's lock;
                          0: 600000 (ten minutes: an import of millions
                          of units holds it for seconds at a time) */
  /* Called (when set) once per wait that has lasted a second, so a
   * command can say it is waiting for the lock held by another process. */
  void (*on_wait)(void *ctx, const char *path);
  void *wait_ctx;
} nl_tm_options;

#define NL_TM_OPTIONS_VERSION 1
#define NL_TM_OPTIONS_INIT {NL_TM_OPTIONS_VERSION, 0, 0, NULL, NULL}

/**
 * Opens (creating unless read-only) the TM at `path`: a SQLite file, or
 * a PostgreSQL database (nl_tm_is_server) whose tables are created on
 * first use. A file that is not
 * a newsloc TM, or is corrupt, is refused with NL_ECORRUPT and left
 * untouched. Returns 0, NL_ECORRUPT, NL_EBUSY, NL_EIO or NL_EDB.
 */
NL_EXTERN int nl_tm_open(nl_tm **out, const char *path,
                         const nl_tm_options *opts, nl_error *err);

NL_EXTERN void nl_tm_close(nl_tm *tm);

/**
 * Whether `path` names a TM on a PostgreSQL server rather than a file:
 * a postgresql:// or postgres:// URL, or "service=NAME" (pg_service.conf).
 * Such a TM is one database, shared by every machine that names it.
 */
NL_EXTERN int nl_tm_is_server(const char *path);

/**
 * The default TM path: $NEWSLOC_TM, else $XDG_DATA_HOME/newsloc/tm.sqlite,
 * else ~/.local/share/newsloc/tm.sqlite. Appends it to `out`.
 */
NL_EXTERN int nl_tm_default_path(nl_buf *out, nl_error *err);

/** One translation to remember. Strings are borrowed for the call. */
typedef struct nl_tm_entry {
  const char *source_lang;   /* BCP 47 */
  const char *target_lang;   /* BCP 47 */
  const char *source;        /* plain text */
  const char *source_markup; /* with inline codes, or NULL */
  const char *target;        /* plain text */
  const char *target_markup; /* with inline codes, or NULL */
  const char *prev;          /* plain source text of the previous segment, or NULL */
  const char *next;          /* plain source text of the next segment, or NULL */
  const char *article_id;    /* provenance, each may be NULL */
  const char *unit_id;
  const char *service;
  const char *translator;
  nl_tm_status status;
  long long changed; /* seconds since the epoch; 0: now */
  /* What other tools attached to the unit (TMX <prop>s and <note>s),
   * kept so that an exchange gives it back; matching never reads it.
   * NULL, or a JSON object of at most NL_TM_META_MAX bytes:
   *   {"props":[{"level":"tu","type":"x-client","lang":"en","value":"ACME"}],
   *    "notes":[{"level":"target","lang":"fa","text":"..."}]}
   * "level" says where it belonged: "tu" (the unit), "source" or
   * "target" (that language variant); "lang" and "encoding" (TMX
   * o-encoding) may be left out. Other members are stored and ignored.
   * Adding the same translation again with meta replaces the stored
   * meta; adding it without keeps it (as for translator and service). */
  const char *meta;
} nl_tm_entry;

/* The largest meta nl_tm_add accepts: TMX imports drop the props and
 * notes of a unit beyond it (nl_tmx_stats.meta_dropped), so a hostile
 * file cannot make every row carry megabytes. */
#define NL_TM_META_MAX 65536

/** Brackets many nl_tm_add() calls into one transaction. */
NL_EXTERN int nl_tm_begin(nl_tm *tm, nl_error *err);
NL_EXTERN int nl_tm_commit(nl_tm *tm, nl_error *err);
NL_EXTERN void nl_tm_rollback(nl_tm *tm);

/**
 * Remembers one translation (in its own transaction unless inside
 * nl_tm_begin/commit). The same source, target and languages again only
 * refreshes provenance, time and meta. NL_EINVAL for a meta that is not
 * such a JSON object. Returns 0, NL_EINVAL, NL_EBUSY, NL_EDB.
 */
NL_EXTERN int nl_tm_add(nl_tm *tm, const nl_tm_entry *entry, nl_error *err);

typedef enum nl_match_type {
  NL_MATCH_IN_CONTEXT, /* same source and same neighbours: 101 */
  NL_MATCH_SAME_UNIT,  /* same article and position, earlier revision */
  NL_MATCH_EXACT,      /* same source: 100 */
  NL_MATCH_NEAR_EXACT, /* only whitespace, punctuation or case differ */
  NL_MATCH_FUZZY       /* similar: 0-99 */
} nl_match_type;

/** "in-context", "same-unit", "exact", "near-exact", "fuzzy". */
NL_EXTERN const char *nl_match_type_name(nl_match_type type);

typedef struct nl_tm_query {
  unsigned version;        /* NL_TM_QUERY_VERSION */
  const char *source_lang; /* required */
  const char *target_lang; /* required */
  const char *source;      /* plain text, required */
  const char *prev;        /* context, may be NULL */
  const char *next;
  const char *article_id;  /* position, may be NULL */
  const char *unit_id;
  int min_score;           /* fuzzy threshold; 0 means the default, 70 */
  size_t max_results;      /* 0 means 5 */
} nl_tm_query;

#define NL_TM_QUERY_VERSION 1
#define NL_TM_QUERY_INIT {NL_TM_QUERY_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0}

/** A match; strings are borrowed from the nl_tm_matches that holds it. */
typedef struct nl_tm_match {
  int score; /* 101 in-context, 100 exact, below 100 otherwise */
  nl_match_type type;
  const char *source;
  const char *source_markup; /* may be NULL */
  const char *target;
  const char *target_markup; /* may be NULL */
  nl_tm_status status;
  const char *translator;    /* may be NULL */
  long long changed;
  const char *meta;          /* as in nl_tm_entry: notes for the translator */
  /* How the stored source's tag relates to the query's: 0 the same tag,
   * 1 wider or narrower (en for en-US, en-US for en), 2 a sibling
   * (en-GB for en-US); at equal score and type the lower ranks first. */
  int lang_rank;
} nl_tm_match;

typedef struct nl_tm_matches nl_tm_matches;

/**
 * Looks up matches for `query`, best first. *out is set even when there
 * are none. Returns 0, NL_EINVAL, NL_EBUSY or NL_EDB.
 */
NL_EXTERN int nl_tm_lookup(nl_tm *tm, const nl_tm_query *query,
                           nl_tm_matches **out, nl_error *err);
NL_EXTERN size_t nl_tm_matches_count(const nl_tm_matches *matches);
NL_EXTERN const nl_tm_match *nl_tm_matches_get(const nl_tm_matches *matches,
                                               size_t i);
NL_EXTERN void nl_tm_matches_free(nl_tm_matches *matches);

/**
 * Calls `fn` for every stored translation from `source_lang` to
 * `target_lang` (either may be NULL: any), oldest first, streaming (memory
 * does not grow with the TM). The entry's strings live for the call.
 * A non-zero return from `fn` stops the walk and is returned.
 */
typedef int (*nl_tm_visit_fn)(void *ctx, const nl_tm_entry *entry);
NL_EXTERN int nl_tm_foreach(nl_tm *tm, const char *source_lang,
                            const char *target_lang, nl_tm_visit_fn fn,
                            void *ctx, nl_error *err);

/* ---- maintenance and search -------------------------------------------- */

/** What an import did. */
typedef struct nl_tm_import_stats {
  size_t segments; /* segments read */
  size_t stored;   /* translations remembered */
  size_t skipped;  /* without a target, or not yet translated */
} nl_tm_import_stats;

/**
 * Remembers the translated segments of an XLIFF file (2.x states
 * translated, reviewed, final; 1.2 equivalents), with their neighbours
 * as context and the file's original and unit ids as provenance, in one
 * transaction. `stats` may be NULL. Returns 0, NL_EPARSE (the file),
 * NL_ELANG, NL_EBUSY or NL_EDB.
 */
NL_EXTERN int nl_tm_import_xliff(nl_tm *tm, const char *path,
                                 const char *translator,
                                 nl_tm_import_stats *stats, nl_error *err);

/**
 * Concordance: calls `fn` for up to `max_results` (0: 50) translations
 * whose source (or, with `target_side`, target) contains the words of
 * `text` in that order (case, punctuation and joiners ignored on the
 * source side), best first. Either language may be NULL.
 */
NL_EXTERN int nl_tm_concordance(nl_tm *tm, const char *source_lang,
                                const char *target_lang, const char *text,
                                int target_side, size_t max_results,
                                nl_tm_visit_fn fn, void *ctx, nl_error *err);

/** Calls `fn` with the number of translations of each language pair. */
typedef int (*nl_tm_pair_fn)(void *ctx, const char *source_lang,
                             const char *target_lang, long long count);
NL_EXTERN int nl_tm_stats(nl_tm *tm, nl_tm_pair_fn fn, void *ctx,
                          nl_error *err);

/**
 * Forgets translations last changed before `before` (seconds since the
 * epoch; 0: any time) whose status is `status` (-1: any). *deleted (may
 * be NULL) gets the count. One transaction.
 */
NL_EXTERN int nl_tm_prune(nl_tm *tm, long long before, int status,
                          long long *deleted, nl_error *err);

/** What a copy did. */
typedef struct nl_tm_copy_stats {
  unsigned long long translations; /* translations read and written */
  unsigned long long rows;         /* with each of their contexts */
} nl_tm_copy_stats;

/** Called as a copy goes: translations done of about `total`. */
typedef void (*nl_tm_progress_fn)(void *ctx, unsigned long long done,
                                  unsigned long long total);

/**
 * Copies every translation of `from`, with all its contexts, provenance,
 * status, dates and meta, into `to` (any store to any store: a SQLite
 * file, a PostgreSQL server), streaming, committing every `batch` rows
 * (0: 10000). Adding what `to` already holds changes nothing, so a copy
 * that was interrupted is finished by running it again, without
 * duplicates. `progress` and `stats` may be NULL. Returns 0, NL_EBUSY,
 * NL_EIO or NL_EDB.
 */
NL_EXTERN int nl_tm_copy(nl_tm *from, nl_tm *to, size_t batch,
                         nl_tm_progress_fn progress, void *progress_ctx,
                         nl_tm_copy_stats *stats, nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
