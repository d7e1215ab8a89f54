/*
 * tm_sqlite.c - the translation memory in a SQLite file.
 *
 * Three tables: source segments (one per language and exact text),
 * their targets (several per language, newest first), and the contexts
 * each target was used in (neighbour hashes, article and unit). Keeping
 * context apart lets the same translation serve every article it
 * appears in, while in-context matches still find the exact spot.
 * FTS5 word indexes over the source's words and the target text give
 * fuzzy candidates (from the query's rarest words) and concordance
 * without scanning.
 *
 * Speed: FTS5 flushes its pending terms whenever a statement that
 * writes to it opens a savepoint, which an INSERT trigger does for every
 * row; a million single-row flushes then cost more than everything else
 * together. So new rows are indexed by single-row INSERTs, which open
 * no savepoint, as they are added (add_fts): FTS5 keeps a transaction's
 * words in memory and writes one segment at commit (or when its hash
 * fills). Rows that missed that are indexed in bulk, with one INSERT ...
 * SELECT, before the commit (and before a search inside an open
 * transaction). Every identity lookup goes through the one index on
 * the key hash (exact sources share their key), not through unique
 * indexes holding a second copy of every text: hashes are random, so
 * each index is rewritten nearly whole by every large transaction, and
 * one small index is what a million-unit import can afford.
 *
 * Safety: WAL (readers never wait for a writer), a busy timeout so two
 * importers take turns instead of failing, foreign keys with cascades,
 * every write in a transaction. A file that is not ours (no newsloc
 * meta table, not SQLite at all, or from a newer schema) is refused and
 * never written to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>
#include <unicode/uloc.h>

#include <newsloc/io.h>

#include "error.h"
#include "tm_keyset.h"
#include "tm_sqlite_ckpt.h"
#include "tm_sqlite_bits.h"
#include "tm_sqlite_sig.h"
#include "tm_store.h"
#include "util/buf.h"

#define TM_MAGIC "newsloc-tm"
#define TM_SCHEMA 7
/* The oldest schema a read-only open uses as it is: v7 only added the
 * key signatures, and lookups without them read every candidate's key
 * (tm_sqlite_sig.c: a part that is not there is "read the keys"). So an
 * export or a lookup keeps working with a TM the new version has not
 * written yet; the first writer upgrades it. */
#define TM_SCHEMA_READABLE 6

/* Rows waiting for their word index (add_fts), in the order added. */
enum { FTS_QUEUE = 4096 };
typedef struct fts_queue {
  const char *sql; /* the single-row INSERT */
  sqlite3_stmt *ins;
  long long mark; /* rows above it are neither in the index nor queued */
  long long id[FTS_QUEUE];
  size_t off[FTS_QUEUE + 1]; /* each text's start in `text` */
  size_t n;
  nl_buf text;
} fts_queue;

typedef struct sqlite_store {
  nl_tm_store base;
  sqlite3 *db;
  char *path;
  int in_tx;
  int busy_ms;
  int read_only;
  int waited_ms;    /* in the current wait for a lock */
  int wait_told;    /* on_wait was called for it */
  void (*on_wait)(void *ctx, const char *path);
  void *wait_ctx;
  int checked; /* quick_check passed in this session (see first_write) */
  long long cache_kib; /* the writer's cache_size (size_cache) */
  nl_tm_ckpt *ckpt;    /* the writer's checkpoints (tm_sqlite_ckpt.h) */
  /* rows above these ids are not in the bitmaps yet (the batch) */
  long long source_indexed, target_indexed;
  /* the rows of the batch on their way to the FTS indexes (add_fts) */
  fts_queue source_fts, target_fts;
  /* the signatures (nl_tm_row.sig) of the batch's new source rows, ids
   * source_indexed + 1 on, in order: the commit's bitmaps update takes
   * them instead of making them again (sigs_off: a row came without
   * one or out of order; those after it are made there) */
  nl_buf sigs;
  int sigs_off;
  /* the key hashes of every source row while keys_ok (see keys_check);
   * built once an import has added enough rows to pay for it */
  nl_tm_keyset keys;
  int keys_ok;
  long long keys_version; /* PRAGMA data_version it was built under */
  long long keys_adds;    /* rows added since it was last good */
  sqlite3_stmt *ins_source, *get_source, *ins_target, *get_target,
      *upd_target, *ins_context, *vocab;
  sqlite3_stmt *find[9]; /* one per find_sql() variant, kept prepared;
                            the last one a key by id (FIND_COMMON) */
} sqlite_store;

/* ---- errors ---------------------------------------------------------- */

static int db_error(sqlite_store *s, nl_error *err, const char *what) {
  int code = sqlite3_extended_errcode(s->db) & 0xff;
  const char *msg = sqlite3_errmsg(s->db);
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    return nl_error__set(err, NL_EBUSY, s->path, 0, 0,
                         "%s: the TM is locked by another process (%s)", what,
                         msg);
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    return nl_error__set(err, NL_ECORRUPT, s->path, 0, 0,
                         "%s: the TM file is corrupt (%s); it was left as it is",
                         what, msg);
  return nl_error__set(err, NL_EDB, s->path, 0, 0, "%s: %s", what, msg);
}

/* A failure of the bitmaps' code (tm_sqlite_bits.c), which returns
 * SQLite codes of its own too. */
static int bits_error(sqlite_store *s, int code, nl_error *err,
                      const char *what) {
  if (code == SQLITE_NOMEM)
    return nl_error__nomem(err);
  if (code == SQLITE_CORRUPT)
    return nl_error__set(err, NL_ECORRUPT, s->path, 0, 0,
                         "%s: the TM file is corrupt (a word bitmap); it was"
                         " left as it is",
                         what);
  return db_error(s, err, what);
}

static int exec(sqlite_store *s, const char *sql, nl_error *err) {
  if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_error(s, err, "TM");
  return 0;
}

/* ---- schema and migrations ----------------------------------------------- */

/* The words of a source row: stored only when they differ from the key
 * (scripts without spaces), '' otherwise. */
#define WORDS(row) "CASE WHEN " row "words = '' THEN " row "key ELSE " row "words END"

static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE nl_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) "
    "  WITHOUT ROWID;"
    "CREATE TABLE source("
    "  id INTEGER PRIMARY KEY, lang TEXT NOT NULL, text TEXT NOT NULL,"
    "  markup TEXT, hash INTEGER NOT NULL, key TEXT NOT NULL,"
    "  key_hash INTEGER NOT NULL, words TEXT NOT NULL);"
    "CREATE UNIQUE INDEX source_identity ON source(lang, hash, text,"
    "  ifnull(markup, ''));"
    "CREATE INDEX source_key ON source(lang, key_hash);"
    "CREATE TABLE target("
    "  id INTEGER PRIMARY KEY,"
    "  source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
    "  lang TEXT NOT NULL, text TEXT NOT NULL, markup TEXT,"
    "  status INTEGER NOT NULL, translator TEXT, service TEXT,"
    "  created INTEGER NOT NULL, changed INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX target_identity ON target(source_id, lang, text,"
    "  ifnull(markup, ''));"
    "CREATE INDEX target_changed ON target(changed);"
    "CREATE TABLE context("
    "  id INTEGER PRIMARY KEY,"
    "  target_id INTEGER NOT NULL REFERENCES target(id) ON DELETE CASCADE,"
    "  prev_hash INTEGER NOT NULL, next_hash INTEGER NOT NULL,"
    "  article_id TEXT NOT NULL, unit_id TEXT NOT NULL,"
    "  changed INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX context_identity ON context(target_id, prev_hash,"
    "  next_hash, article_id, unit_id);"
    "CREATE INDEX context_unit ON context(article_id, unit_id)"
    "  WHERE article_id <> '';"
    /* words are already lowercase and split: the ascii tokenizer only
     * cuts at spaces and ASCII punctuation, so every script survives */
    "CREATE VIRTUAL TABLE source_fts USING fts5(words, content='source',"
    "  content_rowid='id', tokenize='ascii');"
    "CREATE VIRTUAL TABLE target_fts USING fts5(text, content='target',"
    "  content_rowid='id', tokenize='ascii');"
    "CREATE TRIGGER source_ai AFTER INSERT ON source BEGIN"
    "  INSERT INTO source_fts(rowid, words) VALUES (new.id, new.words); END;"
    "CREATE TRIGGER source_ad AFTER DELETE ON source BEGIN"
    "  INSERT INTO source_fts(source_fts, rowid, words)"
    "  VALUES ('delete', old.id, old.words); END;"
    "CREATE TRIGGER target_ai AFTER INSERT ON target BEGIN"
    "  INSERT INTO target_fts(rowid, text) VALUES (new.id, new.text); END;"
    "CREATE TRIGGER target_ad AFTER DELETE ON target BEGIN"
    "  INSERT INTO target_fts(target_fts, rowid, text)"
    "  VALUES ('delete', old.id, old.text); END;"
    "INSERT INTO nl_meta VALUES ('magic', '" TM_MAGIC "');"
    "INSERT INTO nl_meta VALUES ('schema', '0');",
    /* 1 -> 2: bulk FTS indexing at commit instead of per-row triggers;
     * identity through the key-hash index instead of unique indexes over
     * whole texts; no index on target.changed (pruning is rare and may
     * scan) */
    "DROP TRIGGER source_ai;"
    "DROP TRIGGER target_ai;"
    "DROP INDEX source_identity;"
    "DROP INDEX target_identity;"
    "DROP INDEX target_changed;"
    "CREATE INDEX target_source ON target(source_id);"
    /* words equal to the key (every text with spaces between words)
     * are stored as '' and read back through the key: the index's
     * content is a view that does so (rebuilt once from v1's rows) */
    "DROP TRIGGER source_ad;"
    "DROP TABLE source_fts;"
    "CREATE VIEW source_words(id, words) AS SELECT id, " WORDS("")
    "  FROM source;"
    "CREATE VIRTUAL TABLE source_fts USING fts5(words, content='source_words',"
    "  content_rowid='id', tokenize='ascii');"
    "INSERT INTO source_fts(source_fts) VALUES ('rebuild');"
    "CREATE TRIGGER source_ad AFTER DELETE ON source BEGIN"
    "  INSERT INTO source_fts(source_fts, rowid, words)"
    "  VALUES ('delete', old.id, " WORDS("old.") "); END;"
    /* key hashes now ignore spaces (nl_tm__key_hash) */
    "UPDATE source SET key_hash = nl_key_hash(key);"
    /* pending terms flushed every 32 MB, not 1 MB: fewer, larger
     * segments and less merging during big imports */
    "INSERT INTO source_fts(source_fts, rank) VALUES ('hashsize', 33554432);"
    "INSERT INTO target_fts(target_fts, rank) VALUES ('hashsize', 33554432);",
    /* 2 -> 3: what other tools attached to a unit (nl_tm_entry.meta);
     * NULL for most rows, which then cost nothing */
    "ALTER TABLE target ADD COLUMN meta TEXT;",
    /* 3 -> 4: word indexes without positions (detail=none) or per-row
     * token counts (columnsize=0): candidates and word counts need only
     * which rows hold a word, bm25 counts the few rows it ranks from
     * their text, and phrases are checked on the text (nl_phrase). Two
     * fifths less indexing work on a million-unit import. */
    /* the key-hash index leads with the hash: its entries are compared
     * as integers (SQLite's fast path) instead of the language string
     * first, on two seeks per added row; rows carry the language */
    "DROP INDEX source_key;"
    "CREATE INDEX source_key ON source(key_hash);"
    "DROP TABLE source_fts;"
    "DROP TABLE target_fts;"
    "CREATE VIRTUAL TABLE source_fts USING fts5(words, content='source_words',"
    "  content_rowid='id', tokenize='ascii', detail=none, columnsize=0);"
    "CREATE VIRTUAL TABLE target_fts USING fts5(text, content='target',"
    "  content_rowid='id', tokenize='ascii', detail=none, columnsize=0);"
    "INSERT INTO source_fts(source_fts) VALUES ('rebuild');"
    "INSERT INTO target_fts(target_fts) VALUES ('rebuild');"
    "INSERT INTO source_fts(source_fts, rank) VALUES ('hashsize', 33554432);"
    "INSERT INTO target_fts(target_fts, rank) VALUES ('hashsize', 33554432);",
    /* 4 -> 5: language keys in canonical BCP 47 (nl_lang_canonicalize),
     * as every way in now writes them; "en-us" and "en-US" rows that
     * become one source or one translation are merged (the translation
     * changed last stays, with every context) */
    "CREATE TEMP TABLE nl_twin(old INTEGER PRIMARY KEY, keep INTEGER);"
    "UPDATE source SET lang = nl_canon_lang(lang)"
    "  WHERE lang <> nl_canon_lang(lang);"
    "INSERT INTO nl_twin SELECT s.id, (SELECT min(k.id) FROM source k"
    "  WHERE k.key_hash = s.key_hash AND k.lang = s.lang AND k.text = s.text"
    "  AND k.markup IS s.markup) FROM source s;"
    "DELETE FROM nl_twin WHERE old = keep;"
    "UPDATE target SET source_id = (SELECT keep FROM nl_twin"
    "  WHERE old = source_id) WHERE source_id IN (SELECT old FROM nl_twin);"
    "DELETE FROM source WHERE id IN (SELECT old FROM nl_twin);"
    "DELETE FROM nl_twin;"
    "UPDATE target SET lang = nl_canon_lang(lang)"
    "  WHERE lang <> nl_canon_lang(lang);"
    "INSERT INTO nl_twin SELECT t.id, (SELECT k.id FROM target k"
    "  WHERE k.source_id = t.source_id AND k.lang = t.lang"
    "  AND k.text = t.text AND k.markup IS t.markup"
    "  ORDER BY k.changed DESC, k.id DESC LIMIT 1) FROM target t"
    "  WHERE t.source_id IN (SELECT source_id FROM target"
    "  GROUP BY source_id, lang, text, ifnull(markup, '') HAVING count(*) > 1);"
    "DELETE FROM nl_twin WHERE old = keep;"
    "UPDATE OR IGNORE context SET target_id = (SELECT keep FROM nl_twin"
    "  WHERE old = target_id) WHERE target_id IN (SELECT old FROM nl_twin);"
    "DELETE FROM target WHERE id IN (SELECT old FROM nl_twin);"
    "DROP TABLE nl_twin;",
    /* 5 -> 6: bitmaps of the common words (tm_sqlite_bits.c), keyed by
     * chunk first so that an import rewrites only the last chunk's; the
     * words that have them; the sketch that decides which. Filled from
     * the rows by nl_tm_sqlite_bits__update after this step. */
    "CREATE TABLE nl_word(word TEXT PRIMARY KEY) WITHOUT ROWID;"
    "CREATE TABLE nl_bits(chunk INTEGER NOT NULL, word TEXT NOT NULL,"
    "  rows BLOB NOT NULL, PRIMARY KEY(chunk, word)) WITHOUT ROWID;"
    "CREATE TABLE nl_sketch(part INTEGER PRIMARY KEY, counts BLOB NOT NULL);",
    /* 6 -> 7: each key's signature (tm_sqlite_sig.c), 1,024 rows a part,
     * which the bitmaps' update writes from then on; filled from the rows
     * after this step (with the bitmaps, when coming from v5 or older) */
    "CREATE TABLE nl_sig(part INTEGER PRIMARY KEY, sigs BLOB NOT NULL);",
};
_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == TM_SCHEMA,
               "one migration per schema version");

static int scalar_int(sqlite_store *s, const char *sql, long long *out) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
    *out = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : rc;
}

/* 0 and the schema version, or a refusal naming why. */
static int check_ours(sqlite_store *s, long long *schema, nl_error *err) {
  long long tables = 0, meta = 0;
  if (scalar_int(s, "SELECT count(*) FROM sqlite_master", &tables) != 0)
    return db_error(s, err, "opening the TM");
  if (tables == 0) {
    *schema = 0;
    return 0;
  }
  if (scalar_int(s,
                 "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                 "AND name = 'nl_meta'",
                 &meta) != 0)
    return db_error(s, err, "opening the TM");
  sqlite3_stmt *st = NULL;
  int ours = 0;
  if (meta &&
      sqlite3_prepare_v2(s->db, "SELECT value FROM nl_meta WHERE key = 'magic'",
                         -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    const char *v = (const char *)sqlite3_column_text(st, 0);
    ours = v && strcmp(v, TM_MAGIC) == 0;
  }
  sqlite3_finalize(st);
  if (!ours)
    return nl_error__set(err, NL_ECORRUPT, s->path, 0, 0,
                         "not a newsloc TM (a SQLite database of something "
                         "else); it was left as it is");
  if (scalar_int(s, "SELECT CAST(value AS INTEGER) FROM nl_meta WHERE key = "
                    "'schema'",
                 schema) != 0)
    return db_error(s, err, "opening the TM");
  long long uv = 0;
  if (scalar_int(s, "PRAGMA user_version", &uv) != 0)
    return db_error(s, err, "opening the TM");
  if (uv > *schema)
    *schema = uv; /* either record of a newer schema is enough to refuse */
  if (*schema > TM_SCHEMA)
    return nl_error__set(err, NL_ECORRUPT, s->path, 0, 0,
                         "this TM has schema %lld, made by a newer newsloc "
                         "(this one knows %d); it was left as it is",
                         *schema, TM_SCHEMA);
  return 0;
}

/* After the last step: the bitmaps (v6) and signatures (v7) of the
 * existing rows, which the bitmaps' update writes together (so both
 * tables must exist first); a v6 TM only lacks the signatures, and a
 * later one has both. */
static int fill_new(sqlite3 *db, long long from) {
  if (from == 0)
    return SQLITE_OK; /* a new TM: no rows */
  if (from <= 5)
    return nl_tm_sqlite_bits__update(db, 0, NULL, 0);
  return from == 6 ? nl_tm_sqlite_sig__fill(db) : SQLITE_OK;
}

/* Brings the schema up to date under a write lock; the version is read
 * again inside it, so two processes creating one TM at once do not both
 * run the same migration. */
static int migrate(sqlite_store *s, nl_error *err) {
  long long from = 0;
  int rc = exec(s, "BEGIN IMMEDIATE", err);
  if (rc == 0)
    rc = check_ours(s, &from, err);
  for (long long v = from; rc == 0 && v < TM_SCHEMA; v++)
    if (sqlite3_exec(s->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK ||
        (v == TM_SCHEMA - 1 && fill_new(s->db, from) != SQLITE_OK)) {
      char what[96]; /* the step that failed; ROLLBACK undoes them all */
      snprintf(what, sizeof(what), "upgrading the TM from schema %lld to %lld",
               v, v + 1);
      rc = db_error(s, err, what);
    }
  if (rc == 0 && from < TM_SCHEMA) {
    char sql[128];
    snprintf(sql, sizeof(sql),
             "UPDATE nl_meta SET value = '%d' WHERE key = 'schema';"
             "PRAGMA user_version = %d",
             TM_SCHEMA, TM_SCHEMA);
    rc = exec(s, sql, err);
  }
  if (rc == 0)
    rc = exec(s, "COMMIT", err);
  else
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

/* A file that exists must start like a SQLite database before SQLite
 * is let near it. */
static int looks_like_sqlite(const char *path, nl_error *err) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return 0; /* does not exist: SQLite creates it */
  char head[16] = {0};
  size_t n = fread(head, 1, sizeof(head), f);
  fclose(f);
  if (n == 0)
    return 0; /* empty file: a new TM */
  if (n < 16 || memcmp(head, "SQLite format 3", 16) != 0)
    return nl_error__set(err, NL_ECORRUPT, path, 0, 0,
                         "not a newsloc TM (not a SQLite database); it was "
                         "left as it is");
  return 0;
}

/* ---- statements ---------------------------------------------------------- */

static int prepare(sqlite_store *s, sqlite3_stmt **st, const char *sql,
                   nl_error *err) {
  if (*st)
    return 0;
  if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
                         NULL) != SQLITE_OK)
    return db_error(s, err, "preparing a TM statement");
  return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v) {
  if (v)
    sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

/* A text whose length is known: a row's texts are measured once, not
 * by every statement and queue they go to. */
static void bind_len(sqlite3_stmt *st, int i, const char *v, size_t len) {
  sqlite3_bind_text(st, i, v, (int)len, SQLITE_STATIC);
}

static int step_done(sqlite_store *s, sqlite3_stmt *st, nl_error *err) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return db_error(s, err, "writing to the TM");
  return 0;
}

/* The id a SELECT statement returns (0 when none), reset afterwards. */
static int step_id(sqlite_store *s, sqlite3_stmt *st, long long *id,
                   nl_error *err) {
  int rc = sqlite3_step(st);
  *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return db_error(s, err, "reading the TM");
  return 0;
}

/* ---- the writer's filter of key hashes (tm_keyset.h) ------------------- */

/* Fills the filter from every source row (the key-hash index, in the
 * open transaction: our own new rows too), sized for twice as many, so
 * an import rebuilds it a few times in all. */
static void keys_build(sqlite_store *s) {
  long long rows = 0, version = 0;
  sqlite3_stmt *st = NULL;
  s->keys_ok = 0;
  s->keys_adds = 0;
  if (scalar_int(s, "SELECT ifnull(max(id), 0) FROM source", &rows) != 0 ||
      scalar_int(s, "PRAGMA data_version", &version) != 0 ||
      nl_tm_keyset__reset(&s->keys, (size_t)rows * 2 + (1u << 18)) < 0 ||
      sqlite3_prepare_v2(s->db, "SELECT key_hash FROM source", -1, &st,
                         NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    nl_tm_keyset__add(&s->keys, sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  s->keys_ok = rc == SQLITE_DONE;
  s->keys_version = version;
}

/* At BEGIN, in the write lock: another connection's commit since ours
 * (PRAGMA data_version moved) may have added keys the filter lacks. */
static void keys_check(sqlite_store *s) {
  long long version = 0;
  if (s->keys_ok && (scalar_int(s, "PRAGMA data_version", &version) != 0 ||
                     version != s->keys_version)) {
    s->keys_ok = 0;
    s->keys_adds = 0;
  }
}

/* 0 when no source row has this key hash; 1 when one may. Building
 * scans every key, so it waits until the rows added since the filter was
 * last good are an eighth of the TM (a single nl_tm_add never pays it). */
static int keys_maybe(sqlite_store *s, int64_t key_hash) {
  if (!s->keys_ok && ++s->keys_adds >= 4096 &&
      s->keys_adds * 8 >= s->source_indexed)
    keys_build(s);
  return !s->keys_ok || nl_tm_keyset__maybe(&s->keys, key_hash);
}

static void keys_added(sqlite_store *s, int64_t key_hash) {
  if (!s->keys_ok)
    return;
  nl_tm_keyset__add(&s->keys, key_hash);
  if (s->keys.keys > s->keys.room)
    keys_build(s);
}

/* Rows go into the word indexes as they are added, by single-row
 * INSERTs, a queue of FTS_QUEUE at a time: FTS5 keeps a transaction's
 * words in memory and writes them as one segment when its hash fills
 * (32 MB) or the transaction commits, so this costs what the commit's
 * INSERT ... SELECT did, without reading the rows back, and moves the
 * work out of the commit, during which the reader thread waits, into
 * the adding of rows, where the writer waited for the reader. A
 * single-row INSERT opens no statement savepoint, which would make
 * FTS5 write a segment per row (a trigger did). Queued, so that FTS5's
 * hash stays in the CPU's caches for a while instead of being pushed
 * out by the B-trees between every two rows. A row is queued only as
 * the row after the mark; any other (after a failure) is left to
 * index_new_rows, which takes every row above the mark. */
static void fts_empty(fts_queue *q) {
  q->n = 0;
  q->off[0] = 0;
  nl_buf__clear(&q->text);
}

static void fts_reset(fts_queue *q, long long mark) {
  fts_empty(q);
  q->mark = mark;
}

static int fts_flush(sqlite_store *s, fts_queue *q, nl_error *err) {
  int rc = q->n ? prepare(s, &q->ins, q->sql, err) : 0;
  for (size_t i = 0; rc == 0 && i < q->n; i++) {
    sqlite3_bind_int64(q->ins, 1, q->id[i]);
    sqlite3_bind_text(q->ins, 2, q->text.ptr + q->off[i],
                      (int)(q->off[i + 1] - q->off[i]), SQLITE_STATIC);
    if ((rc = step_done(s, q->ins, err)) < 0)
      q->mark = q->id[i] - 1; /* the rest is index_new_rows's */
  }
  fts_empty(q);
  return rc;
}

static int add_fts(sqlite_store *s, fts_queue *q, long long id,
                   const char *text, size_t len, nl_error *err) {
  if (id != q->mark + 1)
    return 0;
  if (nl_buf__put(&q->text, text, len) < 0)
    return nl_error__nomem(err);
  q->id[q->n] = id;
  q->off[++q->n] = q->text.size;
  q->mark = id;
  return q->n == FTS_QUEUE ? fts_flush(s, q, err) : 0;
}

static void sigs_reset(sqlite_store *s) {
  nl_buf__clear(&s->sigs);
  s->sigs_off = 0;
}

/* Keeps a new source row's signature for the commit (see sigs). */
static void keep_sig(sqlite_store *s, long long id, const nl_tm_row *r) {
  long long n = (long long)(s->sigs.size / NL_TM_SIG);
  if (s->sigs_off || r->sig == NULL || id != s->source_indexed + n + 1 ||
      nl_buf__put(&s->sigs, (const char *)r->sig, NL_TM_SIG) < 0)
    s->sigs_off = 1;
}

/* The source's id; *fresh is set when it was just added (then it has
 * no target yet, and looking for one is wasted work). Writers hold the
 * write lock (BEGIN IMMEDIATE), so look-then-insert cannot race. */
static int source_id(sqlite_store *s, const nl_tm_row *r, long long *id,
                     int *fresh, nl_error *err) {
  int rc = prepare(s, &s->ins_source,
                   "INSERT INTO source(lang, text, markup, hash, key,"
                   " key_hash, words) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                   err);
  if (rc == 0)
    rc = prepare(s, &s->get_source,
                 "SELECT id FROM source WHERE key_hash = ?6 AND lang = ?1 "
                 "AND hash = ?4 AND text = ?2 AND "
                 "ifnull(markup, '') = ifnull(?3, '')",
                 err);
  if (rc < 0)
    return rc;
  int probe = keys_maybe(s, r->key_hash);
  sqlite3_stmt *sts[] = {s->ins_source, s->get_source};
  size_t len = strlen(r->source);
  for (int i = 0; i < 1 + probe; i++) {
    bind_text(sts[i], 1, r->source_lang);
    bind_len(sts[i], 2, r->source, len);
    bind_text(sts[i], 3, r->source_markup);
    sqlite3_bind_int64(sts[i], 4, r->hash);
    sqlite3_bind_int64(sts[i], 6, r->key_hash);
  }
  *fresh = 0;
  *id = 0;
  if (probe && ((rc = step_id(s, s->get_source, id, err)) < 0 || *id))
    return rc;
  /* the words when they differ from the key, and what the index gets
   * through source_words (WORDS) */
  const char *words =
      r->words && strcmp(r->words, r->key) != 0 ? r->words : "";
  size_t key_len = strlen(r->key), words_len = *words ? strlen(words) : 0;
  bind_len(s->ins_source, 5, r->key, key_len);
  bind_len(s->ins_source, 7, words, words_len);
  rc = step_done(s, s->ins_source, err);
  *id = sqlite3_last_insert_rowid(s->db);
  *fresh = 1;
  if (rc == 0) {
    keys_added(s, r->key_hash);
    keep_sig(s, *id, r);
  }
  if (rc == 0)
    rc = add_fts(s, &s->source_fts, *id, *words ? words : r->key,
                 *words ? words_len : key_len, err);
  return rc;
}

static int target_id(sqlite_store *s, long long src, int fresh,
                     const nl_tm_row *r, long long *id, nl_error *err) {
  int rc = prepare(s, &s->get_target,
                   "SELECT id FROM target WHERE source_id = ?1 AND lang = ?2 "
                   "AND text = ?3 AND ifnull(markup, '') = ifnull(?4, '')",
                   err);
  if (rc == 0)
    rc = prepare(s, &s->ins_target,
                 "INSERT INTO target(source_id, lang, text, markup, status,"
                 " translator, service, created, changed, meta)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                 err);
  if (rc == 0)
    rc = prepare(s, &s->upd_target,
                 "UPDATE target SET status = max(status, ?2),"
                 " translator = ifnull(?3, translator),"
                 " service = ifnull(?4, service), changed = max(changed, ?5),"
                 " meta = ifnull(?6, meta) WHERE id = ?1",
                 err);
  if (rc < 0)
    return rc;
  *id = 0;
  size_t len = strlen(r->target);
  if (!fresh) { /* a new source has no translation to find */
    sqlite3_bind_int64(s->get_target, 1, src);
    bind_text(s->get_target, 2, r->target_lang);
    bind_len(s->get_target, 3, r->target, len);
    bind_text(s->get_target, 4, r->target_markup);
    if ((rc = step_id(s, s->get_target, id, err)) < 0)
      return rc;
  }
  if (*id) {
    sqlite3_bind_int64(s->upd_target, 1, *id);
    sqlite3_bind_int(s->upd_target, 2, (int)r->status);
    bind_text(s->upd_target, 3, r->translator);
    bind_text(s->upd_target, 4, r->service);
    sqlite3_bind_int64(s->upd_target, 5, r->changed);
    bind_text(s->upd_target, 6, r->meta);
    return step_done(s, s->upd_target, err);
  }
  sqlite3_stmt *st = s->ins_target;
  sqlite3_bind_int64(st, 1, src);
  bind_text(st, 2, r->target_lang);
  bind_len(st, 3, r->target, len);
  bind_text(st, 4, r->target_markup);
  sqlite3_bind_int(st, 5, (int)r->status);
  bind_text(st, 6, r->translator);
  bind_text(st, 7, r->service);
  sqlite3_bind_int64(st, 8, r->changed);
  bind_text(st, 9, r->meta);
  rc = step_done(s, st, err);
  *id = sqlite3_last_insert_rowid(s->db);
  if (rc == 0)
    rc = add_fts(s, &s->target_fts, *id, r->target, len, err);
  return rc;
}

static int add_context(sqlite_store *s, long long tgt, const nl_tm_row *r,
                       nl_error *err) {
  int rc = prepare(s, &s->ins_context,
                   "INSERT INTO context(target_id, prev_hash, next_hash,"
                   " article_id, unit_id, changed)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                   " ON CONFLICT DO UPDATE SET changed = max(changed, ?6)",
                   err);
  if (rc < 0)
    return rc;
  sqlite3_stmt *st = s->ins_context;
  sqlite3_bind_int64(st, 1, tgt);
  sqlite3_bind_int64(st, 2, r->prev_hash);
  sqlite3_bind_int64(st, 3, r->next_hash);
  bind_text(st, 4, r->article_id ? r->article_id : "");
  bind_text(st, 5, r->unit_id ? r->unit_id : "");
  sqlite3_bind_int64(st, 6, r->changed);
  return step_done(s, st, err);
}

/* ---- operations --------------------------------------------------------- */

static void st_rollback(nl_tm_store *base);

/* PRAGMA quick_check: every page is read once (0.8 s for a 770 MB TM),
 * so damage is found before anything is written rather than halfway
 * through an import; the file is only read. */
static int quick_check(sqlite_store *s, nl_error *err) {
  sqlite3_stmt *st = NULL;
  char first[160] = "";
  int rc = sqlite3_prepare_v2(s->db, "PRAGMA quick_check(1)", -1, &st, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step(st);
  int ok = rc == SQLITE_ROW && sqlite3_column_text(st, 0) &&
           strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
  if (!ok)
    snprintf(first, sizeof(first), "%s",
             rc == SQLITE_ROW && sqlite3_column_text(st, 0)
                 ? (const char *)sqlite3_column_text(st, 0)
                 : sqlite3_errmsg(s->db));
  sqlite3_finalize(st);
  if (ok)
    return 0;
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    return db_error(s, err, "checking the TM");
  return nl_error__set(err, NL_ECORRUPT, s->path, 0, 0,
                       "the TM file is corrupt (%s); it was left as it is",
                       first);
}

/* Opening reads only the header, the schema and nl_meta, so that a
 * lookup costs the same in a TM of any size; damage elsewhere shows as
 * NL_ECORRUPT (db_error) where it is met. Writing into a damaged file
 * could spread the damage, so the first write transaction of a session
 * reads the whole file once, inside the write lock and before any
 * change; a failed check leaves the file as it was. */
static int first_write(sqlite_store *s, nl_error *err) {
  if (s->checked)
    return 0;
  int rc = quick_check(s, err);
  s->checked = rc == 0;
  return rc;
}

/* The writer's page cache, sized at each BEGIN to hold the key-hash
 * index whole (about 19 bytes a source row: 18.6 MB at 1M): an import
 * inserts into it at random, and once it outgrows the cache most
 * inserts spill one dirty page and read another back (at 4M units and
 * 64 MB, several GB written for nothing). 64 MB, or 25 bytes a row and
 * 16 MB for the rest, at most 160 MB: memory stays bounded, and TMs of
 * up to about 6M units keep the index in memory. */
static int size_cache(sqlite_store *s, nl_error *err) {
  enum { KIB_MIN = 65536, KIB_MAX = 163840 };
  long long kib = s->source_indexed * 25 / 1024 + 16384;
  kib = kib < KIB_MIN ? KIB_MIN : kib > KIB_MAX ? KIB_MAX : kib;
  if (kib == s->cache_kib)
    return 0;
  char sql[64];
  snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%lld", kib);
  s->cache_kib = kib;
  return exec(s, sql, err);
}

static int st_begin(nl_tm_store *base, nl_error *err) {
  sqlite_store *s = (sqlite_store *)base;
  if (s->in_tx)
    return nl_error__set(err, NL_EINVAL, s->path, 0, 0,
                         "a TM transaction is already open");
  nl_tm_ckpt__before_write(s->ckpt);
  int rc = exec(s, "BEGIN IMMEDIATE", err);
  s->in_tx = rc == 0;
  if (rc == 0 && (rc = first_write(s, err)) < 0) {
    st_rollback(base);
    return rc;
  }
  if (rc == 0 &&
      (scalar_int(s, "SELECT ifnull(max(id), 0) FROM source",
                  &s->source_indexed) != 0 ||
       scalar_int(s, "SELECT ifnull(max(id), 0) FROM target",
                  &s->target_indexed) != 0)) {
    rc = db_error(s, err, "reading the TM");
    st_rollback(base);
  }
  fts_reset(&s->source_fts, s->source_indexed);
  fts_reset(&s->target_fts, s->target_indexed);
  sigs_reset(s);
  if (rc == 0 && (rc = size_cache(s, err)) < 0)
    st_rollback(base);
  if (rc == 0)
    keys_check(s);
  return rc;
}

/* Indexes the rows added since the transaction began that add_fts did
 * not, in one statement per index (see the top of the file), and the
 * batch's bitmaps. */
static int index_new_rows(sqlite_store *s, nl_error *err) {
  char sql[256];
  int rc = fts_flush(s, &s->source_fts, err);
  if (rc == 0)
    rc = fts_flush(s, &s->target_fts, err);
  snprintf(sql, sizeof(sql),
           "INSERT INTO source_fts(rowid, words) SELECT id, " WORDS("")
           " FROM source WHERE id > %lld",
           s->source_fts.mark);
  if (rc == 0)
    rc = exec(s, sql, err);
  snprintf(sql, sizeof(sql),
           "INSERT INTO target_fts(rowid, text) SELECT id, text FROM"
           " target WHERE id > %lld",
           s->target_fts.mark);
  if (rc == 0)
    rc = exec(s, sql, err);
  int bits = rc == 0 ? nl_tm_sqlite_bits__update(
                           s->db, s->source_indexed,
                           (const unsigned char *)s->sigs.ptr,
                           (long long)(s->sigs.size / NL_TM_SIG))
                     : SQLITE_OK;
  sigs_reset(s);
  if (bits != SQLITE_OK)
    rc = bits_error(s, bits, err, "indexing the TM");
  if (rc == 0) {
    if (scalar_int(s, "SELECT ifnull(max(id), 0) FROM source",
                   &s->source_indexed) != 0 ||
        scalar_int(s, "SELECT ifnull(max(id), 0) FROM target",
                   &s->target_indexed) != 0)
      rc = db_error(s, err, "reading the TM");
    s->source_fts.mark = s->source_indexed;
    s->target_fts.mark = s->target_indexed;
  }
  return rc;
}

static int st_commit(nl_tm_store *base, nl_error *err) {
  sqlite_store *s = (sqlite_store *)base;
  if (!s->in_tx)
    return 0;
  int rc = index_new_rows(s, err);
  if (rc == 0)
    rc = exec(s, "COMMIT", err);
  if (rc == 0)
    s->in_tx = 0;
  return rc;
}

static void st_rollback(nl_tm_store *base) {
  sqlite_store *s = (sqlite_store *)base;
  if (s->in_tx)
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  s->in_tx = 0;
  /* rows rolled back never reach the index */
  fts_reset(&s->source_fts, 0);
  fts_reset(&s->target_fts, 0);
  sigs_reset(s);
}

static int st_add(nl_tm_store *base, const nl_tm_row *r, nl_error *err) {
  sqlite_store *s = (sqlite_store *)base;
  int own = !s->in_tx;
  int rc = own ? st_begin(base, err) : 0;
  long long src = 0, tgt = 0;
  int fresh = 0;
  if (rc == 0)
    rc = source_id(s, r, &src, &fresh, err);
  if (rc == 0)
    rc = target_id(s, src, fresh, r, &tgt, err);
  /* a context with no neighbours and no article places nothing */
  if (rc == 0 && (r->prev_hash || r->next_hash ||
                  (r->article_id && *r->article_id)))
    rc = add_context(s, tgt, r, err);
  if (own && rc == 0)
    rc = st_commit(base, err);
  if (own && rc < 0)
    st_rollback(base);
  return rc;
}

#define ROW_COLUMNS                                                          \
  "SELECT s.lang, t.lang, s.text, s.markup, s.key, t.text, t.markup,"        \
  " s.hash, s.key_hash, ifnull(c.prev_hash, 0), ifnull(c.next_hash, 0),"     \
  " nullif(c.article_id, ''), nullif(c.unit_id, ''), t.service,"             \
  " t.translator, t.status, t.created, t.changed, t.meta"                    \
  " FROM source s JOIN target t ON t.source_id = s.id"                       \
  " LEFT JOIN context c ON c.target_id = t.id"

static int emit_rows(sqlite_store *s, sqlite3_stmt *st, nl_tm_row_fn fn,
                     void *ctx, nl_error *err) {
  int rc, stop = 0;
  while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    nl_tm_row r;
    r.sig = NULL;
    r.source_lang = (const char *)sqlite3_column_text(st, 0);
    r.target_lang = (const char *)sqlite3_column_text(st, 1);
    r.source = (const char *)sqlite3_column_text(st, 2);
    r.source_markup = (const char *)sqlite3_column_text(st, 3);
    r.key = (const char *)sqlite3_column_text(st, 4);
    r.words = NULL;
    r.target = (const char *)sqlite3_column_text(st, 5);
    r.target_markup = (const char *)sqlite3_column_text(st, 6);
    r.hash = sqlite3_column_int64(st, 7);
    r.key_hash = sqlite3_column_int64(st, 8);
    r.prev_hash = sqlite3_column_int64(st, 9);
    r.next_hash = sqlite3_column_int64(st, 10);
    r.article_id = (const char *)sqlite3_column_text(st, 11);
    r.unit_id = (const char *)sqlite3_column_text(st, 12);
    r.service = (const char *)sqlite3_column_text(st, 13);
    r.translator = (const char *)sqlite3_column_text(st, 14);
    r.status = (nl_tm_status)sqlite3_column_int(st, 15);
    r.created = sqlite3_column_int64(st, 16);
    r.changed = sqlite3_column_int64(st, 17);
    r.meta = (const char *)sqlite3_column_text(st, 18);
    stop = fn(ctx, &r);
  }
  if (stop)
    return stop;
  if (rc != SQLITE_DONE)
    return db_error(s, err, "reading the TM");
  return 0;
}

/* NL_TM_FIND_KEYS rows: the language, key and hashes alone. */
static int emit_keys(sqlite_store *s, sqlite3_stmt *st, nl_tm_row_fn fn,
                     void *ctx, nl_error *err) {
  int rc, stop = 0;
  while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    nl_tm_row r;
    memset(&r, 0, sizeof(r));
    r.source_lang = (const char *)sqlite3_column_text(st, 0);
    r.key = (const char *)sqlite3_column_text(st, 1);
    r.key_hash = sqlite3_column_int64(st, 2);
    r.hash = sqlite3_column_int64(st, 3);
    stop = fn(ctx, &r);
  }
  if (stop)
    return stop;
  return rc == SQLITE_DONE ? 0 : db_error(s, err, "reading the TM");
}

static int find_slot(const nl_tm_filter *f) {
  if (f->by == NL_TM_FIND_WORDS)
    return 6;
  if (f->by == NL_TM_FIND_KEYS)
    return 7;
  if (f->by == NL_TM_FIND_TEXT || f->by == NL_TM_FIND_PHRASE)
    return 2 + 2 * (f->by == NL_TM_FIND_PHRASE) + !!f->target_side;
  return (int)f->by;
}

/* The word indexes hold no positions (detail=none): a phrase is looked
 * for as all of its words (?6) and the rows are then checked on their
 * text (nl_phrase, ?8), before the best are taken. */
#define IN_FTS(col, fts, phrase)                                             \
  col " IN (SELECT rowid FROM " fts " WHERE " fts " MATCH ?6"               \
      phrase " ORDER BY rank LIMIT ?7)"
/* A language filter (NULL: any): the tag itself, or a wider tag stored
 * for it (a filter for fa-IR also takes rows stored as plain fa), as a
 * lookup falls back to them. */
#define LANG_IN(col, p)                                                        \
  "(" p " IS NULL OR " col " = " p " OR substr(" p ", 1, length(" col         \
  ") + 1) = " col " || '-')"

/* A lookup's source language: the primary subtag it is given ("en"),
 * stored alone or with any other subtags; tm.c keeps the rows of the
 * query's script and ranks them (a row filter: the indexes used lead
 * with key_hash, FTS rowids or context, never with the language). */
#define LANG_OF(col, p)                                                        \
  "(" col " = " p " OR substr(" col ", 1, length(" p ") + 1) = " p " || '-')"

/* A source filter (NULL: any): as LANG_OF, tm.c keeping the script. */
#define ANY_LANG_OF(col, p) "(" p " IS NULL OR " LANG_OF(col, p) ")"

#define BY_TEXT(col, fts, phrase)                                            \
  ROW_COLUMNS " WHERE " ANY_LANG_OF("s.lang", "?1") " AND "                  \
              LANG_IN("t.lang", "?2") " AND " IN_FTS(col, fts, phrase)

static const char *find_sql(const nl_tm_filter *f) {
  switch (f->by) {
  case NL_TM_FIND_KEY:
    return ROW_COLUMNS " WHERE " LANG_OF("s.lang", "?1") " AND t.lang = ?2 AND"
                       " s.key_hash = ?3"
                       " ORDER BY t.changed DESC";
  case NL_TM_FIND_UNIT:
    return ROW_COLUMNS " WHERE " LANG_OF("s.lang", "?1") " AND t.lang = ?2 AND"
                       " c.article_id = ?4 AND c.unit_id = ?5"
                       " ORDER BY t.changed DESC";
  case NL_TM_FIND_TEXT:
    return f->target_side ? BY_TEXT("t.id", "target_fts", "")
                          : BY_TEXT("s.id", "source_fts", "");
  case NL_TM_FIND_WORDS:
    return ROW_COLUMNS " WHERE " LANG_OF("s.lang", "?1") " AND t.lang = ?2 AND"
                       " s.id IN"
                       " (SELECT rowid FROM source_fts WHERE source_fts"
                       " MATCH ?6 LIMIT ?7)";
  case NL_TM_FIND_KEYS:
    return "SELECT s.lang, s.key, s.key_hash, s.hash FROM source s WHERE"
           " s.id IN (SELECT rowid FROM source_fts WHERE source_fts MATCH ?6"
           " LIMIT ?7) AND " LANG_OF("s.lang", "?1");
  case NL_TM_FIND_COMMON: /* find_common */
    return NULL;
  case NL_TM_FIND_PHRASE:
    return f->target_side
               ? BY_TEXT("t.id", "target_fts", " AND nl_phrase(text, ?8)")
               : BY_TEXT("s.id", "source_fts", " AND nl_phrase(words, ?8)");
  }
  return NULL;
}

/* Words are cut as FTS5's ascii tokenizer cuts them, which both word
 * indexes use (nl_tm__ascii_word, tm_words.c). */
static int same_word(const char *a, const char *b, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
    x = x >= 'A' && x <= 'Z' ? (unsigned char)(x + 32) : x;
    y = y >= 'A' && y <= 'Z' ? (unsigned char)(y + 32) : y;
    if (x != y)
      return 0;
  }
  return 1;
}

/* Whether the words of `phrase` follow each other in `text`, in order,
 * as the tokenizer cuts both. */
static int has_phrase(const char *text, const char *phrase) {
  size_t tl = 0, pl = 0;
  for (const char *t = nl_tm__ascii_word(text, &tl); t; t = nl_tm__ascii_word(t + tl, &tl)) {
    const char *a = t, *b = nl_tm__ascii_word(phrase, &pl);
    size_t al = tl;
    while (b && al == pl && same_word(a, b, al)) {
      b = nl_tm__ascii_word(b + pl, &pl);
      a = b ? nl_tm__ascii_word(a + al, &al) : a;
      if (b && a == NULL)
        return 0; /* the text ends before the phrase */
    }
    if (b == NULL)
      return 1;
  }
  return 0;
}

/* nl_phrase(text, phrase) in SQL: has_phrase, for concordance. */
static void sql_phrase(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *text = (const char *)sqlite3_value_text(argv[0]);
  const char *phrase = (const char *)sqlite3_value_text(argv[1]);
  sqlite3_result_int(ctx, text && phrase && has_phrase(text, phrase));
}

/* The FTS5 query for a phrase's words, all of them: "w1" AND "w2"...
 * (words never hold a quote, which the tokenizer treats as a space);
 * appended to q, *words set to how many. */
static int all_words(nl_buf *q, const char *phrase, int *words,
                     nl_error *err) {
  size_t len = 0, start = q->size;
  *words = 0;
  for (const char *w = nl_tm__ascii_word(phrase, &len); w;
       w = nl_tm__ascii_word(w + len, &len), ++*words)
    if ((q->size > start && nl_buf__puts(q, " AND ") < 0) ||
        nl_buf__putc(q, '"') < 0 || nl_buf__put(q, w, len) < 0 ||
        nl_buf__putc(q, '"') < 0)
      return nl_error__nomem(err);
  return 0;
}

/* A candidate query with each quoted string cut as the tokenizer cuts
 * it: FTS5 reads a quoted string of several tokens as a phrase, which an
 * index without positions refuses, and a key's word can hold ASCII
 * symbols ("$5+3" is the tokens 5 and 3). "w" stays "w", "a+b" becomes
 * ("a" AND "b"), a string with no token "" (which matches nothing). */
static int single_words(nl_buf *out, const char *q, nl_error *err) {
  nl_buf str = NL_BUF_INIT;
  int rc = 0;
  for (const char *p = q; rc == 0 && *p;) {
    if (*p != '"') {
      rc = nl_buf__putc(out, *p++) < 0 ? nl_error__nomem(err) : 0;
      continue;
    }
    str.size = 0;
    for (p++; rc == 0 && *p && (*p != '"' || p[1] == '"'); p++) {
      p += *p == '"'; /* "" inside a string is one quote */
      rc = nl_buf__putc(&str, *p) < 0 ? nl_error__nomem(err) : 0;
    }
    p += *p == '"';
    if (str.ptr)
      str.ptr[str.size] = '\0'; /* appends keep room for it */
    int words = 0;
    size_t at = out->size;
    if (rc == 0 && nl_buf__putc(out, '(') < 0)
      rc = nl_error__nomem(err);
    if (rc == 0)
      rc = all_words(out, str.ptr ? str.ptr : "", &words, err);
    if (rc == 0 && words < 2) { /* no parentheses needed (and its NUL) */
      memmove(out->ptr + at, out->ptr + at + 1, out->size - at);
      out->size--;
    }
    if (rc == 0 && ((words == 0 && nl_buf__puts(out, "\"\"") < 0) ||
                    (words >= 2 && nl_buf__putc(out, ')') < 0)))
      rc = nl_error__nomem(err);
  }
  nl_buf_dispose(&str);
  return rc;
}

/* NL_TM_FIND_COMMON: row ids from the bitmaps, then their keys, a batch
 * of ids a statement: one statement a row cost as much again as the
 * rows' reads (bind, step and reset for each of up to 5,000 candidates).
 * The ids come ascending within each tier; a batch never spans a tier,
 * so the rows reach fn in the order the bitmaps gave them. */
enum { COMMON_BATCH = 1024, COMMON_FIRST = 16 };

typedef struct common_rows {
  sqlite_store *s;
  const nl_tm_filter *f;
  nl_tm_row_fn fn;
  void *ctx;
  int stop;
  nl_error *err;
  nl_buf ids; /* the batch, a JSON array for json_each */
  size_t n, batches;
  long long last;
  nl_tm_sig_reader sig; /* when f->sig_ok */
} common_rows;

static int common_flush(common_rows *c) {
  if (c->n == 0 || c->stop)
    return c->stop;
  sqlite3_stmt *st = c->s->find[8];
  if (nl_buf__putc(&c->ids, ']') < 0)
    return c->stop = nl_error__nomem(c->err);
  sqlite3_bind_text(st, 1, c->ids.ptr, (int)c->ids.size, SQLITE_STATIC);
  bind_text(st, 2, c->f->source_lang);
  c->stop = emit_keys(c->s, st, c->fn, c->ctx, c->err);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  c->ids.size = 0;
  c->n = 0;
  c->batches++;
  return c->stop;
}

/* Whether row id's key may reach the caller's floor, by its signature
 * (f->sig_ok): the key of one that cannot is never read. The floor
 * asked is the one in hand, which only rises until the row's turn. */
static int common_sig_ok(common_rows *c, long long id) {
  const unsigned char *sig = NULL;
  if (c->f->sig_ok == NULL)
    return 1;
  if (nl_tm_sqlite_sig__get(&c->sig, id, &sig) != SQLITE_OK) {
    c->stop = db_error(c->s, c->err, "reading the TM");
    return 0;
  }
  return sig == NULL || c->f->sig_ok(c->ctx, sig);
}

static int on_common_id(void *ctx, long long id) {
  common_rows *c = ctx;
  if (!common_sig_ok(c, id))
    return c->stop;
  /* the first batch is small: its keys raise the caller's floor, which
   * the signatures of all the rows after it are then held to */
  if ((c->n > 0 && id <= c->last) ||
      c->n == (c->batches ? COMMON_BATCH : COMMON_FIRST))
    if (common_flush(c))
      return c->stop;
  char num[24];
  size_t len = 0;
  /* ids are positive: digits by hand (snprintf cost as much as the
   * rest of the batch) */
  for (unsigned long long v = (unsigned long long)id; len == 0 || v;
       v /= 10)
    num[sizeof(num) - ++len] = (char)('0' + v % 10);
  if (nl_buf__putc(&c->ids, c->n ? ',' : '[') < 0 ||
      nl_buf__put(&c->ids, num + sizeof(num) - len, len) < 0)
    return c->stop = nl_error__nomem(c->err);
  c->n++;
  c->last = id;
  return 0;
}

static int find_common(sqlite_store *s, const nl_tm_filter *f,
                       nl_tm_row_fn fn, void *ctx, nl_error *err) {
  /* the rows in the batch's order (ascending, each id once): json_each
   * outer, a rowid seek each; an IN list cost a temporary index built
   * and searched per batch, more than the seeks themselves */
  int rc = prepare(s, &s->find[8],
                   "SELECT s.lang, s.key, s.key_hash, s.hash FROM"
                   " json_each(?1) AS j CROSS JOIN source s ON s.id = j.value"
                   " WHERE " LANG_OF("s.lang", "?2"),
                   err);
  common_rows c = {s, f, fn, ctx, 0, err, NL_BUF_INIT, 0, 0, 0,
                   {s->db, NULL, -1, {0}}};
  /* the band narrows as tm.c's floor rises (tm_store.h) */
  int bits = rc == 0 ? nl_tm_sqlite_bits__find_live(
                           s->db, f->words, f->nwords, f->need, &f->len_lo,
                           &f->len_hi, f->limit, on_common_id, &c)
                     : SQLITE_OK;
  if (bits == SQLITE_OK && rc == 0)
    common_flush(&c);
  nl_tm_sqlite_sig__done(&c.sig); /* no read left open */
  nl_buf_dispose(&c.ids);
  if (c.stop)
    return c.stop < 0 ? c.stop : 0;
  if (bits == SQLITE_MISUSE)
    return nl_error__set(err, NL_EINVAL, s->path, 0, 0,
                         "segments holding %zu of %zu words: not a question"
                         " the word bitmaps answer",
                         f->need, f->nwords);
  return bits == SQLITE_OK ? rc : bits_error(s, bits, err, "reading the TM");
}

static int st_find(nl_tm_store *base, const nl_tm_filter *f, nl_tm_row_fn fn,
                   void *ctx, nl_error *err) {
  sqlite_store *s = (sqlite_store *)base;
  sqlite3_stmt *st = NULL;
  if (f->by >= NL_TM_FIND_TEXT && s->in_tx) {
    int rc = index_new_rows(s, err); /* let the search see this batch */
    if (rc < 0)
      return rc;
  }
  if (f->by == NL_TM_FIND_COMMON)
    return find_common(s, f, fn, ctx, err);
  /* preparing these joins costs more than running them on an index */
  int rc = prepare(s, &s->find[find_slot(f)], find_sql(f), err);
  if (rc < 0)
    return rc;
  st = s->find[find_slot(f)];
  nl_buf q = NL_BUF_INIT;
  int words = 1;
  if (f->by == NL_TM_FIND_PHRASE)
    rc = all_words(&q, f->text, &words, err);
  else if (f->by == NL_TM_FIND_TEXT || f->by >= NL_TM_FIND_WORDS)
    rc = single_words(&q, f->text, err);
  if (rc == 0 && f->by >= NL_TM_FIND_TEXT && (q.size == 0 || words == 0))
    rc = 1; /* no word in it: nothing has it */
  if (rc != 0) {
    nl_buf_dispose(&q);
    return rc < 0 ? rc : 0;
  }
  bind_text(st, 1, f->source_lang);
  bind_text(st, 2, f->target_lang);
  sqlite3_bind_int64(st, 3, f->hash);
  bind_text(st, 4, f->article_id);
  bind_text(st, 5, f->unit_id);
  bind_text(st, 6, q.ptr);
  sqlite3_bind_int64(st, 7, f->limit ? (long long)f->limit : -1);
  if (f->by == NL_TM_FIND_PHRASE)
    bind_text(st, 8, f->text);
  rc = f->by == NL_TM_FIND_KEYS ? emit_keys(s, st, fn, ctx, err)
                                 : emit_rows(s, st, fn, ctx, err);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  nl_buf_dispose(&q);
  return rc;
}

/* How many rows hold every token of q, counting up to cap. */
static int capped_count(sqlite_store *s, const char *q, long long cap,
                        long long *n, nl_error *err) {
  bind_text(s->vocab, 1, q);
  sqlite3_bind_int64(s->vocab, 2, cap);
  return step_id(s, s->vocab, n, err);
}

/* Counting a word's documents costs as much as the word is common
 * (0.5 us an entry through SQLite), so a count stops at cap.
 * A word the tokenizer cuts in several tokens ("$5+3") counts the rows
 * holding all of its tokens: the index has no positions for the phrase,
 * and a count of rarity can be that rough.
 * A word all of whose tokens have bitmaps is NL_TM_COMMON, found without
 * walking its list (a word without one is held by fewer rows). */
static int st_word_count(nl_tm_store *base, const char *word, long long cap,
                         long long *n, nl_error *err) {
  sqlite_store *s = (sqlite_store *)base;
  int rc = s->in_tx ? index_new_rows(s, err) : 0;
  int common = 0, tokens = 0;
  size_t len = 0;
  for (const char *w = nl_tm__ascii_word(word, &len); rc == 0 && w;
       w = nl_tm__ascii_word(w + len, &len), tokens++) {
    int yes = 0, bits = nl_tm_sqlite_bits__is_common(s->db, w, len, &yes);
    if (bits != SQLITE_OK)
      rc = bits_error(s, bits, err, "reading the TM");
    common += yes;
  }
  if (rc == 0 && tokens > 0 && common == tokens) {
    *n = NL_TM_COMMON;
    return 0;
  }
  if (rc == 0)
    rc = prepare(s, &s->vocab,
                 "SELECT count(*) FROM (SELECT 1 FROM source_fts WHERE "
                 "source_fts MATCH ?1 LIMIT ?2)",
                 err);
  nl_buf q = NL_BUF_INIT;
  int words = 0;
  if (rc == 0)
    rc = all_words(&q, word, &words, err);
  *n = 0;
  if (rc == 0 && words > 0)
    rc = capped_count(s, q.ptr, cap, n, err);
  nl_buf_dispose(&q);
  return rc;
}

static int st_each(nl_tm_store *base, const char *sl, const char *tl,
                   nl_tm_row_fn fn, void *ctx, nl_error *err) {
  sqlite_store *s = (sqlite_store *)base;
  sqlite3_stmt *st = NULL;
  const char *sql = ROW_COLUMNS " WHERE " ANY_LANG_OF("s.lang", "?1")
                                " AND " LANG_IN("t.lang", "?2")
                                " GROUP BY t.id ORDER BY t.id";
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return db_error(s, err, "reading the TM");
  bind_text(st, 1, sl);
  bind_text(st, 2, tl);
  int rc = emit_rows(s, st, fn, ctx, err);
  sqlite3_finalize(st);
  return rc;
}

static int st_rows(nl_tm_store *base, nl_tm_row_fn fn, void *ctx,
                   nl_error *err) {
  sqlite_store *s = (sqlite_store *)base;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, ROW_COLUMNS " ORDER BY t.id, c.id", -1, &st,
                         NULL) != SQLITE_OK)
    return db_error(s, err, "reading the TM");
  int rc = emit_rows(s, st, fn, ctx, err);
  sqlite3_finalize(st);
  return rc;
}

static int st_stats(nl_tm_store *base,
                    int (*fn)(void *ctx, const nl_tm_stats_row *row),
                    void *ctx, nl_error *err) {
  sqlite_store *s = (sqlite_store *)base;
  sqlite3_stmt *st = NULL;
  const char *sql = "SELECT s.lang, t.lang, count(*) FROM source s JOIN target"
                    " t ON t.source_id = s.id GROUP BY 1, 2 ORDER BY 1, 2";
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return db_error(s, err, "reading the TM");
  int rc, stop = 0;
  while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    nl_tm_stats_row r = {(const char *)sqlite3_column_text(st, 0),
                         (const char *)sqlite3_column_text(st, 1),
                         sqlite3_column_int64(st, 2)};
    stop = fn(ctx, &r);
  }
  if (!stop && rc != SQLITE_DONE)
    stop = db_error(s, err, "reading the TM");
  sqlite3_finalize(st);
  return stop;
}

static int st_prune(nl_tm_store *base, long long before, int status,
                    long long *deleted, nl_error *err) {
  sqlite_store *s = (sqlite_store *)base;
  sqlite3_stmt *st = NULL;
  int rc = st_begin(base, err);
  if (rc < 0)
    return rc;
  if (sqlite3_prepare_v2(s->db,
                         "DELETE FROM target WHERE (?1 = 0 OR changed < ?1)"
                         " AND (?2 < 0 OR status = ?2)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = db_error(s, err, "pruning the TM");
  } else {
    sqlite3_bind_int64(st, 1, before);
    sqlite3_bind_int(st, 2, status);
    rc = step_done(s, st, err);
    *deleted = sqlite3_changes64(s->db);
  }
  sqlite3_finalize(st);
  if (rc == 0)
    rc = exec(s,
              "DELETE FROM source WHERE NOT EXISTS (SELECT 1 FROM target t"
              " WHERE t.source_id = source.id)",
              err);
  if (rc == 0)
    rc = st_commit(base, err);
  else
    st_rollback(base);
  return rc;
}

static void st_close(nl_tm_store *base) {
  sqlite_store *s = (sqlite_store *)base;
  if (s == NULL)
    return;
  st_rollback(base);
  /* A writer leaves the WAL empty: a -wal of 100 MB left by an import
   * that ended while a reader was connected made every later lookup
   * 10x slower. Best effort: a reader in the middle of a read keeps it
   * until the next writer closes. */
  if (!s->read_only && s->db) {
    nl_tm_ckpt__free(s->ckpt);
    sqlite3_busy_timeout(s->db, 1000);
    sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  }
  sqlite3_stmt *sts[] = {s->ins_source, s->get_source,  s->ins_target,
                         s->get_target, s->upd_target,  s->ins_context,
                         s->vocab,      s->source_fts.ins, s->target_fts.ins};
  for (size_t i = 0; i < sizeof(sts) / sizeof(sts[0]); i++)
    sqlite3_finalize(sts[i]);
  for (size_t i = 0; i < sizeof(s->find) / sizeof(s->find[0]); i++)
    sqlite3_finalize(s->find[i]);
  sqlite3_close(s->db);
  nl_tm_keyset__dispose(&s->keys);
  nl_buf_dispose(&s->source_fts.text);
  nl_buf_dispose(&s->target_fts.text);
  nl_buf_dispose(&s->sigs);
  free(s->path);
  free(s);
}

static const nl_tm_store_ops sqlite_ops = {
    .close = st_close,   .begin = st_begin, .commit = st_commit,
    .rollback = st_rollback, .add = st_add, .find = st_find,
    .each = st_each,     .rows = st_rows, .word_count = st_word_count,
    .stats = st_stats,
    .prune = st_prune};

/* ---- opening ------------------------------------------------------------ */

/* Switching a new file to WAL needs a moment alone with it, and SQLite
 * does not wait for that through the busy handler (two processes
 * creating one TM at once saw "database is locked"): retry for as long
 * as the busy timeout allows. */
static int set_wal(sqlite_store *s, nl_error *err) {
  for (int waited = 0;; waited += 10) {
    int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL,
                          NULL);
    if (rc == SQLITE_OK)
      return 0;
    if ((rc & 0xff) != SQLITE_BUSY || waited >= s->busy_ms)
      return db_error(s, err, "switching the TM to WAL mode");
    sqlite3_sleep(10);
  }
}

/* nl_key_hash(key) in SQL, for the v1 -> v2 migration. */
static void sql_key_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *key = (const char *)sqlite3_value_text(argv[0]);
  sqlite3_result_int64(ctx, nl_tm__key_hash(key ? key : ""));
}

/* nl_lang_canonicalize(tag) in SQL, for the v4 -> v5 migration; a tag
 * it refuses stays as it is (still found by its exact spelling). */
static void sql_canon_lang(sqlite3_context *ctx, int argc,
                           sqlite3_value **argv) {
  (void)argc;
  const char *tag = (const char *)sqlite3_value_text(argv[0]);
  char out[ULOC_FULLNAME_CAPACITY];
  if (tag && nl_lang_canonicalize(tag, out, sizeof(out), NULL) == 0)
    sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_value(ctx, argv[0]);
}

/* Whether opening for writing would change the file before any write
 * transaction: switching it to WAL rewrites the header, a migration
 * rewrites the schema. Then the full check comes first. */
static int changes_on_open(sqlite_store *s, long long schema, int *changes,
                           nl_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &st, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *mode = (const char *)sqlite3_column_text(st, 0);
    *changes = schema < TM_SCHEMA || mode == NULL || strcmp(mode, "wal") != 0;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_OK ? 0 : db_error(s, err, "opening the TM");
}

static int setup_writer(sqlite_store *s, long long schema, nl_error *err) {
  int changes = 0;
  int rc = changes_on_open(s, schema, &changes, err);
  if (rc == 0 && changes)
    rc = first_write(s, err);
  /* A new file gets 64 KB pages (SQLite's default is 4 KB): FTS5 keeps
   * its index in blobs of about 4 KB, which overflow a 4 KB page, and
   * B-trees get shallower; a million-unit import is about 30% faster.
   * Only an empty file can take it; existing TMs keep theirs. */
  if (rc == 0 && schema == 0)
    rc = exec(s, "PRAGMA page_size = 65536", err);
  if (rc == 0)
    rc = set_wal(s, err);
  if (rc == 0)
    rc = exec(s, "PRAGMA synchronous = NORMAL", err);
  /* a million-unit TM has indexes far larger than SQLite's default 2 MB
   * page cache; 64 MB keeps imports from thrashing (size_cache raises
   * it for larger TMs) */
  if (rc == 0)
    rc = exec(s, "PRAGMA cache_size = -65536", err);
  s->cache_kib = 65536;
  if (rc == 0 && schema < TM_SCHEMA)
    rc = migrate(s, err);
  /* checkpoints on a thread of their own (NULL: SQLite's, as before) */
  if (rc == 0)
    s->ckpt = nl_tm_ckpt__new(s->db, s->path, NL_TM_CKPT_WAL_MAX);
  return rc;
}

/* SQLite's busy handler, as sqlite3_busy_timeout's but telling the
 * caller once a wait has lasted a second. */
static int on_busy(void *ctx, int count) {
  sqlite_store *s = ctx;
  if (count == 0)
    s->waited_ms = s->wait_told = 0;
  if (s->waited_ms >= s->busy_ms)
    return 0;
  int ms = count < 10 ? 5 : 50;
  sqlite3_sleep(ms);
  s->waited_ms += ms;
  if (s->waited_ms >= 1000 && !s->wait_told && s->on_wait) {
    s->wait_told = 1;
    s->on_wait(s->wait_ctx, s->path);
  }
  return 1;
}

/* A lookup that opens a TM another process is creating finds no schema
 * yet: the creator commits it within moments, so wait a little for it. */
static int wait_for_creation(sqlite_store *s, long long *schema,
                             nl_error *err) {
  int rc = 0;
  for (int waited = 0; rc == 0 && *schema == 0 && waited < 3000; waited += 20) {
    sqlite3_sleep(20);
    rc = check_ours(s, schema, err);
  }
  return rc;
}

static int configure(sqlite_store *s, int read_only, int busy_ms,
                     nl_error *err) {
  s->busy_ms = busy_ms > 0 ? busy_ms : 600000;
  s->read_only = read_only;
  sqlite3_busy_handler(s->db, on_busy, s);
  int rc = exec(s, "PRAGMA foreign_keys = ON", err);
  if (rc == 0 &&
      sqlite3_create_function(s->db, "nl_key_hash", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                              sql_key_hash, NULL, NULL) != SQLITE_OK)
    rc = db_error(s, err, "opening the TM");
  if (rc == 0 &&
      sqlite3_create_function(s->db, "nl_canon_lang", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                              sql_canon_lang, NULL, NULL) != SQLITE_OK)
    rc = db_error(s, err, "opening the TM");
  if (rc == 0 &&
      sqlite3_create_function(s->db, "nl_phrase", 2,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                              sql_phrase, NULL, NULL) != SQLITE_OK)
    rc = db_error(s, err, "opening the TM");
  long long schema = 0;
  if (rc == 0)
    rc = check_ours(s, &schema, err);
  if (rc == 0 && read_only && schema == 0)
    rc = wait_for_creation(s, &schema, err);
  if (rc == 0 && read_only && schema == 0)
    rc = nl_error__set(err, NL_ENOTFOUND, s->path, 0, 0,
                       "the TM is being created by another process, or is "
                       "empty; open it for writing once to set it up");
  if (rc == 0 && read_only && schema < TM_SCHEMA_READABLE)
    rc = nl_error__set(err, NL_ENOTFOUND, s->path, 0, 0,
                       "the TM is from an older newsloc; open it for "
                       "writing once to upgrade it (e.g. 'newsloc tm "
                       "import --tm FILE' of any TMX, even an empty one)");
  /* Lookups read a few pages each, scattered over the file: mapped, a
   * 64 KB page is not copied out of the OS cache for every probe (3x
   * the exact lookups per second of a 16 MB cache alone on the 200k
   * bench); the mapping costs address space, not memory. Writers keep
   * plain reads, which measured no faster mapped and peaked at more
   * memory.
   * The whole file is mapped where the address space allows (a 4M-unit
   * TM is 2.25 GB; a 1 GB map left the rows of its newer half to reads):
   * 64 GB on a 64-bit build, a cap far above any TM this store is meant
   * for that still bounds the reservation; 256 MB on a 32-bit one, whose
   * address space is 3-4 GB in all. SQLite lowers the figure to its
   * build's SQLITE_MAX_MMAP_SIZE (2 GB in Debian's libsqlite3) and reads
   * the rest. */
  if (rc == 0 && read_only)
    rc = exec(s, sizeof(void *) >= 8
                     ? "PRAGMA query_only = 1; PRAGMA cache_size = -16384;"
                       " PRAGMA mmap_size = 68719476736"
                     : "PRAGMA query_only = 1; PRAGMA cache_size = -16384;"
                       " PRAGMA mmap_size = 268435456",
              err);
  if (rc == 0 && !read_only)
    rc = setup_writer(s, schema, err);
  return rc;
}

int nl_tm_sqlite__open(nl_tm_store **out, const char *path,
                       const nl_tm_options *opts, nl_error *err) {
  int read_only = opts->read_only, busy_ms = opts->busy_timeout_ms;
  *out = NULL;
  int rc = looks_like_sqlite(path, err);
  if (rc < 0)
    return rc;
  sqlite_store *s = calloc(1, sizeof(*s));
  if (s == NULL || (s->path = nl__strdup(path)) == NULL) {
    free(s);
    return nl_error__nomem(err);
  }
  s->base.ops = &sqlite_ops;
  s->source_fts.sql = "INSERT INTO source_fts(rowid, words) VALUES (?1, ?2)";
  s->target_fts.sql = "INSERT INTO target_fts(rowid, text) VALUES (?1, ?2)";
  s->on_wait = opts->on_wait;
  s->wait_ctx = opts->wait_ctx;
  /* Read-only use opens the file for writing but never writes
   * (query_only): SQLite's own read-only connections cannot remove the
   * -wal and -shm files a WAL database needs on close, and left them
   * behind after every lookup. A read-write connection that is the last
   * one out removes them; a file the user may not write is still opened
   * (SQLite falls back to read-only) and still never written. */
  int flags = read_only ? SQLITE_OPEN_READWRITE
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    /* SQLite says "unable to open database file" whatever the cause; the
     * system's reason (no such file, permission) is what a user can act
     * on */
    errno = 0;
    FILE *f = read_only ? fopen(path, "rb") : NULL;
    int code = read_only && f == NULL ? NL_ENOTFOUND : NL_EIO;
    const char *why = read_only && f == NULL && errno != 0
                          ? strerror(errno)
                          : (s->db ? sqlite3_errmsg(s->db) : "");
    if (f)
      fclose(f);
    rc = s->db ? nl_error__set(err, code, path, 0, 0, "cannot open the TM: %s",
                               why)
               : nl_error__nomem(err);
    st_close(&s->base);
    return rc;
  }
  if ((rc = configure(s, read_only, busy_ms, err)) < 0) {
    st_close(&s->base);
    return rc;
  }
  *out = &s->base;
  return 0;
}
