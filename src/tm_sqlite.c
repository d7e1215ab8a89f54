/*
 * tm_sqlite.c - the translation memory in one SQLite file.
 *
 * Layout (schema v1): one row per distinct source segment (language, NFC
 * text, markup, hash of the text, the matching key and its hash), any
 * number of translations per source (several per target language; the
 * newest wins ties), and the contexts each translation was used in
 * (hashes of the neighbouring sources, article and unit ids). An FTS5
 * trigram index over the matching key yields fuzzy candidates without
 * scanning the table.
 *
 * Safety: the file is only ever accepted when it is empty or carries our
 * nl_meta magic; anything else (another program's database, a text file,
 * a corrupt or newer-schema TM) is refused before a single byte is
 * written. WAL mode lets readers run beside one writer; writes take the
 * lock up front (BEGIN IMMEDIATE) and wait busy_timeout for it.
 * Schema changes go through the migrations table: version N runs
 * migrations[N] to reach N + 1, inside one transaction with
 * PRAGMA user_version.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "error.h"
#include "tm_store.h"
#include "util/buf.h"
#include "util/utf8.h"

#define TM_MAGIC "newsloc-tm"

/* v0 -> v1: the first schema. */
static const char schema_v1[] =
    "CREATE TABLE nl_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO nl_meta VALUES('magic','" TM_MAGIC "');"
    "CREATE TABLE tm_source("
    " id INTEGER PRIMARY KEY,"
    " lang TEXT NOT NULL,"
    " text TEXT NOT NULL,"
    " markup TEXT,"
    " hash INTEGER NOT NULL,"
    " key TEXT NOT NULL,"
    " key_hash INTEGER NOT NULL);"
    "CREATE INDEX tm_source_hash ON tm_source(hash);"
    "CREATE INDEX tm_source_key_hash ON tm_source(key_hash);"
    "CREATE TABLE tm_target("
    " id INTEGER PRIMARY KEY,"
    " source_id INTEGER NOT NULL REFERENCES tm_source(id) ON DELETE CASCADE,"
    " lang TEXT NOT NULL,"
    " text TEXT NOT NULL,"
    " markup TEXT,"
    " status INTEGER NOT NULL,"
    " translator TEXT,"
    " service TEXT,"
    " created INTEGER NOT NULL,"
    " changed INTEGER NOT NULL);"
    "CREATE INDEX tm_target_source ON tm_target(source_id, lang, text);"
    "CREATE TABLE tm_context("
    " id INTEGER PRIMARY KEY,"
    " target_id INTEGER NOT NULL REFERENCES tm_target(id) ON DELETE CASCADE,"
    " prev_hash INTEGER NOT NULL,"
    " next_hash INTEGER NOT NULL,"
    " article_id TEXT,"
    " unit_id TEXT,"
    " changed INTEGER NOT NULL);"
    "CREATE INDEX tm_context_target ON tm_context(target_id, prev_hash,"
    " next_hash);"
    "CREATE INDEX tm_context_unit ON tm_context(article_id, unit_id)"
    " WHERE article_id IS NOT NULL;"
    "CREATE VIRTUAL TABLE tm_fts USING fts5(key, content='tm_source',"
    " content_rowid='id', tokenize='trigram case_sensitive 1',"
    " detail='none');"
    "CREATE VIRTUAL TABLE tm_fts_vocab USING fts5vocab(tm_fts, 'row');"
    "CREATE TRIGGER tm_source_ai AFTER INSERT ON tm_source BEGIN"
    " INSERT INTO tm_fts(rowid, key) VALUES(new.id, new.key); END;"
    "CREATE TRIGGER tm_source_ad AFTER DELETE ON tm_source BEGIN"
    " INSERT INTO tm_fts(tm_fts, rowid, key) VALUES('delete', old.id,"
    " old.key); END;";

/* migrations[v] takes the schema from version v to v + 1. */
static const char *const migrations[] = {schema_v1};
_Static_assert(sizeof(migrations) / sizeof(migrations[0]) ==
                   NL_TM__SCHEMA_VERSION,
               "one migration per schema version");

enum {
  ST_FIND_SOURCE,
  ST_ADD_SOURCE,
  ST_FIND_TARGET,
  ST_ADD_TARGET,
  ST_TOUCH_TARGET,
  ST_FIND_CONTEXT,
  ST_ADD_CONTEXT,
  ST_TOUCH_CONTEXT,
  ST_BY_HASH,
  ST_BY_KEY_HASH,
  ST_BY_UNIT,
  ST_BY_ID,
  ST_DF,
  ST_COUNT
};

/* The row query shared by every candidate lookup: one row per
 * translation, newest first, with the two context flags. */
#define ROW_SELECT                                                          \
  "SELECT s.id, t.id, s.lang, t.lang, s.text, s.markup, s.key, t.text,"     \
  " t.markup, t.translator, t.service, t.status, t.changed,"                \
  " EXISTS(SELECT 1 FROM tm_context c WHERE c.target_id = t.id"             \
  "  AND c.prev_hash = ?1 AND c.next_hash = ?2),"                           \
  " ?3 IS NOT NULL AND EXISTS(SELECT 1 FROM tm_context c WHERE"             \
  "  c.target_id = t.id AND c.article_id = ?3 AND c.unit_id IS ?4),"        \
  " (SELECT c.article_id FROM tm_context c WHERE c.target_id = t.id"        \
  "  ORDER BY c.changed DESC LIMIT 1),"                                     \
  " (SELECT c.unit_id FROM tm_context c WHERE c.target_id = t.id"           \
  "  ORDER BY c.changed DESC LIMIT 1)"                                      \
  " FROM tm_source s JOIN tm_target t ON t.source_id = s.id"

static const char *const stmt_sql[ST_COUNT] = {
    [ST_FIND_SOURCE] = "SELECT id, markup FROM tm_source WHERE hash = ?1"
                       " AND lang = ?2 AND text = ?3",
    [ST_ADD_SOURCE] = "INSERT INTO tm_source(lang, text, markup, hash, key,"
                      " key_hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_FIND_TARGET] = "SELECT id FROM tm_target WHERE source_id = ?1 AND"
                       " lang = ?2 AND text = ?3",
    [ST_ADD_TARGET] = "INSERT INTO tm_target(source_id, lang, text, markup,"
                      " status, translator, service, created, changed)"
                      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    [ST_TOUCH_TARGET] = "UPDATE tm_target SET markup = coalesce(?2, markup),"
                        " status = ?3, translator = coalesce(?4, translator),"
                        " service = coalesce(?5, service),"
                        " changed = max(changed, ?6) WHERE id = ?1",
    [ST_FIND_CONTEXT] = "SELECT id FROM tm_context WHERE target_id = ?1 AND"
                        " prev_hash = ?2 AND next_hash = ?3 AND"
                        " article_id IS ?4 AND unit_id IS ?5",
    [ST_ADD_CONTEXT] = "INSERT INTO tm_context(target_id, prev_hash,"
                       " next_hash, article_id, unit_id, changed)"
                       " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_TOUCH_CONTEXT] = "UPDATE tm_context SET changed = max(changed, ?2)"
                         " WHERE id = ?1",
    [ST_BY_HASH] = ROW_SELECT " WHERE s.hash = ?5 AND s.lang = ?6"
                              " AND s.text = ?7 AND t.lang = ?8"
                              " ORDER BY t.changed DESC, t.id DESC",
    [ST_BY_KEY_HASH] = ROW_SELECT " WHERE s.key_hash = ?5 AND s.lang = ?6"
                                  " AND t.lang = ?8"
                                  " ORDER BY t.changed DESC, t.id DESC",
    [ST_BY_UNIT] = ROW_SELECT " WHERE t.id IN (SELECT target_id FROM"
                              " tm_context WHERE article_id = ?3 AND"
                              " unit_id IS ?4) AND s.lang = ?6"
                              " AND t.lang = ?8"
                              " ORDER BY t.changed DESC, t.id DESC",
    [ST_BY_ID] = ROW_SELECT " WHERE s.id = ?5 AND s.lang = ?6"
                            " AND t.lang = ?8"
                            " ORDER BY t.changed DESC, t.id DESC",
    [ST_DF] = "SELECT doc FROM tm_fts_vocab WHERE term = ?1",
};

/* Document frequencies of trigrams are costly to read for common ones
 * (FTS5 walks the posting list) and change slowly, so each handle keeps
 * the ones it has seen. A small open-addressing table, emptied when full. */
#define DF_SLOTS 8192
typedef struct df_slot {
  uint32_t gram; /* up to three code points packed, 0: empty */
  uint32_t hi;
  long long df;
} df_slot;

struct nl_tm_store {
  sqlite3 *db;
  char *path;
  sqlite3_stmt *st[ST_COUNT];
  int in_tx;
  int read_only;
  int busy_ms;
  df_slot *df;
  size_t df_used;
};

/* ---- errors -------------------------------------------------------------- */

static int db_code(int rc) {
  switch (rc & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return NL_EBUSY;
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB: return NL_ECORRUPT;
  case SQLITE_NOMEM: return NL_ENOMEM;
  case SQLITE_IOERR:
  case SQLITE_CANTOPEN:
  case SQLITE_FULL:
  case SQLITE_READONLY: return NL_EIO;
  default: return NL_EDB;
  }
}

static int db_fail(nl_tm_store *s, int rc, nl_error *err, const char *what) {
  int code = db_code(rc);
  const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
  if (code == NL_EBUSY)
    return nl_error__set(err, code, s ? s->path : NULL, 0, 0,
                         "%s: the translation memory is locked by another "
                         "writer (%s)", what, msg);
  return nl_error__set(err, code, s ? s->path : NULL, 0, 0, "%s: %s", what,
                       msg);
}

/* ---- small helpers ------------------------------------------------------- */

static int exec(nl_tm_store *s, const char *sql, nl_error *err) {
  int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? 0 : db_fail(s, rc, err, sql);
}

static int prepare(nl_tm_store *s, int id, sqlite3_stmt **out,
                   nl_error *err) {
  if (s->st[id] == NULL) {
    int rc = sqlite3_prepare_v3(s->db, stmt_sql[id], -1,
                                SQLITE_PREPARE_PERSISTENT, &s->st[id], NULL);
    if (rc != SQLITE_OK)
      return db_fail(s, rc, err, "preparing a query");
  }
  sqlite3_reset(s->st[id]);
  sqlite3_clear_bindings(s->st[id]);
  *out = s->st[id];
  return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v) {
  if (v)
    sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

/* Runs a query that returns at most one integer. 1: found, 0: none. */
static int step_id(nl_tm_store *s, sqlite3_stmt *st, int64_t *id,
                   nl_error *err) {
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 1;
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : db_fail(s, rc, err, "reading the TM");
}

static int step_done(nl_tm_store *s, sqlite3_stmt *st, nl_error *err) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : db_fail(s, rc, err, "writing the TM");
}

static int query_int(nl_tm_store *s, const char *sql, long long *out,
                     nl_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK)
    return db_fail(s, rc, err, "reading the TM");
  rc = sqlite3_step(st);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE
             ? 0
             : db_fail(s, rc, err, "reading the TM");
}

/* ---- opening: refuse what is not ours ------------------------------------ */

/* A file that exists with content must start with SQLite's magic; we
 * look before SQLite does, so nothing is ever written to it. */
static int sniff_file(const char *path, int *exists, nl_error *err) {
  struct stat sb;
  *exists = 0;
  if (stat(path, &sb) != 0)
    return 0;
  *exists = sb.st_size > 0;
  if (!*exists)
    return 0;
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return nl_error__set(err, NL_EIO, path, 0, 0, "cannot read the TM");
  char head[16] = {0};
  size_t n = fread(head, 1, sizeof(head), f);
  fclose(f);
  if (n < sizeof(head) || memcmp(head, "SQLite format 3", 16) != 0)
    return nl_error__set(err, NL_ECORRUPT, path, 0, 0,
                         "not a newsloc translation memory (not a SQLite "
                         "database); left untouched");
  return 0;
}

static int check_integrity(nl_tm_store *s, nl_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(s->db, "PRAGMA quick_check(1)", -1, &st, NULL);
  if (rc != SQLITE_OK)
    return nl_error__set(err, db_code(rc) == NL_EBUSY ? NL_EBUSY : NL_ECORRUPT,
                         s->path, 0, 0,
                         "corrupt translation memory: %s; left untouched",
                         sqlite3_errmsg(s->db));
  rc = sqlite3_step(st);
  int ok = rc == SQLITE_ROW &&
           strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
  char first[160] = "";
  if (rc == SQLITE_ROW && !ok)
    snprintf(first, sizeof(first), "%s", sqlite3_column_text(st, 0));
  else if (rc != SQLITE_ROW)
    snprintf(first, sizeof(first), "%s", sqlite3_errmsg(s->db));
  sqlite3_finalize(st);
  if (ok)
    return 0;
  if (db_code(rc) == NL_EBUSY)
    return db_fail(s, rc, err, "checking the TM");
  return nl_error__set(err, NL_ECORRUPT, s->path, 0, 0,
                       "corrupt translation memory (%s); left untouched",
                       first);
}

/* Reads what the file says it is: -1 when it holds tables but no meta. */
static int read_version(nl_tm_store *s, long long *version, int *empty,
                        nl_error *err) {
  long long tables = 0, uv = 0, meta = 0;
  int rc = query_int(s, "SELECT count(*) FROM sqlite_master", &tables, err);
  if (rc == 0)
    rc = query_int(s, "PRAGMA user_version", &uv, err);
  if (rc < 0)
    return rc;
  *empty = tables == 0 && uv == 0;
  *version = uv;
  if (*empty)
    return 0;
  rc = query_int(s,
                 "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                 " AND name = 'nl_meta'",
                 &meta, err);
  if (rc < 0)
    return rc;
  if (meta == 1) {
    rc = query_int(s,
                   "SELECT count(*) FROM nl_meta WHERE key = 'magic' AND"
                   " value = '" TM_MAGIC "'",
                   &meta, err);
    if (rc < 0)
      return rc;
  }
  if (meta != 1)
    return nl_error__set(err, NL_ECORRUPT, s->path, 0, 0,
                         "not a newsloc translation memory (a SQLite "
                         "database without newsloc metadata); left "
                         "untouched");
  if (uv > NL_TM__SCHEMA_VERSION)
    return nl_error__set(err, NL_ECORRUPT, s->path, 0, 0,
                         "translation memory schema v%lld is newer than "
                         "this newsloc (v%d); upgrade newsloc",
                         uv, NL_TM__SCHEMA_VERSION);
  return 0;
}

/* Brings the schema up to date. Runs under BEGIN IMMEDIATE and reads the
 * version again inside, so two processes creating one TM do not race. */
static int migrate(nl_tm_store *s, nl_error *err) {
  int rc = exec(s, "BEGIN IMMEDIATE", err);
  if (rc < 0)
    return rc;
  long long v = 0;
  int empty = 0;
  rc = read_version(s, &v, &empty, err);
  for (; rc == 0 && v < NL_TM__SCHEMA_VERSION; v++) {
    char sql[160];
    rc = exec(s, migrations[v], err);
    if (rc == 0) {
      snprintf(sql, sizeof(sql),
               "INSERT OR REPLACE INTO nl_meta VALUES('schema', '%lld');"
               "PRAGMA user_version = %lld",
               v + 1, v + 1);
      rc = exec(s, sql, err);
    }
  }
  if (rc == 0)
    return exec(s, "COMMIT", err);
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

static int configure(nl_tm_store *s, const nl_tm_options *opts,
                     nl_error *err) {
  int ms = opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 5000;
  s->busy_ms = ms;
  sqlite3_busy_timeout(s->db, ms);
  return exec(s, "PRAGMA foreign_keys = ON", err);
}

/* Switching a new file to WAL needs a moment alone with it, and SQLite
 * does not wait for that through the busy handler: retry for as long as
 * busy_timeout allows. */
static int set_wal(nl_tm_store *s, nl_error *err) {
  for (int waited = 0;; waited += 10) {
    int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL,
                          NULL);
    if (rc == SQLITE_OK)
      return 0;
    if (db_code(rc) != NL_EBUSY || waited >= s->busy_ms)
      return db_fail(s, rc, err, "switching the TM to WAL mode");
    sqlite3_sleep(10);
  }
}

static int settle(nl_tm_store *s, nl_error *err) {
  long long v = 0;
  int empty = 0;
  int rc = check_integrity(s, err);
  if (rc == 0)
    rc = read_version(s, &v, &empty, err);
  if (rc < 0)
    return rc;
  if (s->read_only) {
    if (empty || v < NL_TM__SCHEMA_VERSION)
      return nl_error__set(err, empty ? NL_ENOTFOUND : NL_EINVAL, s->path, 0,
                           0, "%s; open it once for writing first",
                           empty ? "the translation memory is empty"
                                 : "the translation memory needs an upgrade");
    return 0;
  }
  /* Only now that the file is known to be ours (or empty) do we write. */
  rc = set_wal(s, err);
  if (rc == 0)
    rc = exec(s, "PRAGMA synchronous = NORMAL", err);
  if (rc == 0 && v < NL_TM__SCHEMA_VERSION)
    rc = migrate(s, err);
  return rc;
}

static void st_close(nl_tm_store *s) {
  if (s == NULL)
    return;
  if (s->in_tx)
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  for (int i = 0; i < ST_COUNT; i++)
    sqlite3_finalize(s->st[i]);
  sqlite3_close_v2(s->db);
  free(s->df);
  free(s->path);
  free(s);
}

static int st_open(nl_tm_store **out, const char *path,
                   const nl_tm_options *opts, nl_error *err) {
  *out = NULL;
  int exists = 0;
  int rc = sniff_file(path, &exists, err);
  if (rc < 0)
    return rc;
  nl_tm_store *s = calloc(1, sizeof(*s));
  if (s == NULL || (s->path = nl__strdup(path)) == NULL) {
    free(s);
    return nl_error__nomem(err);
  }
  s->read_only = opts && opts->read_only;
  int flags = s->read_only ? SQLITE_OPEN_READONLY
                           : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    int code = s->read_only && !exists ? NL_ENOTFOUND : NL_EIO;
    rc = nl_error__set(err, code, path, 0, 0,
                       "cannot open the translation memory: %s",
                       s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
    goto done;
  }
  sqlite3_extended_result_codes(s->db, 0);
  rc = configure(s, opts, err);
  if (rc == 0)
    rc = settle(s, err);
done:
  if (rc < 0) {
    st_close(s);
    return rc;
  }
  *out = s;
  return 0;
}

/* ---- transactions -------------------------------------------------------- */

static int st_begin(nl_tm_store *s, nl_error *err) {
  if (s->in_tx)
    return nl_error__set(err, NL_EINVAL, s->path, 0, 0,
                         "a transaction is already open");
  int rc = exec(s, "BEGIN IMMEDIATE", err);
  if (rc == 0)
    s->in_tx = 1;
  return rc;
}

static int st_commit(nl_tm_store *s, nl_error *err) {
  if (!s->in_tx)
    return nl_error__set(err, NL_EINVAL, s->path, 0, 0,
                         "no transaction is open");
  int rc = exec(s, "COMMIT", err);
  if (rc == 0 || sqlite3_get_autocommit(s->db))
    s->in_tx = 0;
  return rc;
}

static void st_rollback(nl_tm_store *s) {
  if (!s->in_tx)
    return;
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  s->in_tx = 0;
}

static int st_in_tx(nl_tm_store *s) { return s->in_tx; }

/* ---- adding -------------------------------------------------------------- */

static int add_source(nl_tm_store *s, const nl_tm__row_in *r, int64_t *id,
                      nl_error *err) {
  sqlite3_stmt *st;
  int rc = prepare(s, ST_FIND_SOURCE, &st, err);
  if (rc < 0)
    return rc;
  sqlite3_bind_int64(st, 1, r->hash);
  bind_text(st, 2, r->entry->source_lang);
  bind_text(st, 3, r->source);
  rc = step_id(s, st, id, err);
  if (rc != 0)
    return rc < 0 ? rc : 0;
  if ((rc = prepare(s, ST_ADD_SOURCE, &st, err)) < 0)
    return rc;
  bind_text(st, 1, r->entry->source_lang);
  bind_text(st, 2, r->source);
  bind_text(st, 3, r->source_markup);
  sqlite3_bind_int64(st, 4, r->hash);
  bind_text(st, 5, r->key);
  sqlite3_bind_int64(st, 6, r->key_hash);
  if ((rc = step_done(s, st, err)) < 0)
    return rc;
  *id = sqlite3_last_insert_rowid(s->db);
  return 0;
}

static int add_target(nl_tm_store *s, const nl_tm__row_in *r, int64_t sid,
                      int64_t *id, nl_error *err) {
  const nl_tm_entry *e = r->entry;
  long long when = e->changed ? e->changed : r->now;
  sqlite3_stmt *st;
  int rc = prepare(s, ST_FIND_TARGET, &st, err);
  if (rc < 0)
    return rc;
  sqlite3_bind_int64(st, 1, sid);
  bind_text(st, 2, e->target_lang);
  bind_text(st, 3, r->target);
  rc = step_id(s, st, id, err);
  if (rc < 0)
    return rc;
  int found = rc;
  if ((rc = prepare(s, found ? ST_TOUCH_TARGET : ST_ADD_TARGET, &st, err)) <
      0)
    return rc;
  if (found) {
    sqlite3_bind_int64(st, 1, *id);
    bind_text(st, 2, r->target_markup);
    sqlite3_bind_int(st, 3, (int)e->status);
    bind_text(st, 4, e->translator);
    bind_text(st, 5, e->service);
    sqlite3_bind_int64(st, 6, when);
    return step_done(s, st, err);
  }
  sqlite3_bind_int64(st, 1, sid);
  bind_text(st, 2, e->target_lang);
  bind_text(st, 3, r->target);
  bind_text(st, 4, r->target_markup);
  sqlite3_bind_int(st, 5, (int)e->status);
  bind_text(st, 6, e->translator);
  bind_text(st, 7, e->service);
  sqlite3_bind_int64(st, 8, when);
  if ((rc = step_done(s, st, err)) < 0)
    return rc;
  *id = sqlite3_last_insert_rowid(s->db);
  return 0;
}

static int add_context(nl_tm_store *s, const nl_tm__row_in *r, int64_t tid,
                       nl_error *err) {
  const nl_tm_entry *e = r->entry;
  long long when = e->changed ? e->changed : r->now;
  sqlite3_stmt *st;
  int64_t cid = 0;
  int rc = prepare(s, ST_FIND_CONTEXT, &st, err);
  if (rc < 0)
    return rc;
  sqlite3_bind_int64(st, 1, tid);
  sqlite3_bind_int64(st, 2, r->prev_hash);
  sqlite3_bind_int64(st, 3, r->next_hash);
  bind_text(st, 4, e->article_id);
  bind_text(st, 5, e->unit_id);
  rc = step_id(s, st, &cid, err);
  if (rc < 0)
    return rc;
  if (rc == 1) {
    if ((rc = prepare(s, ST_TOUCH_CONTEXT, &st, err)) < 0)
      return rc;
    sqlite3_bind_int64(st, 1, cid);
    sqlite3_bind_int64(st, 2, when);
    return step_done(s, st, err);
  }
  if ((rc = prepare(s, ST_ADD_CONTEXT, &st, err)) < 0)
    return rc;
  sqlite3_bind_int64(st, 1, tid);
  sqlite3_bind_int64(st, 2, r->prev_hash);
  sqlite3_bind_int64(st, 3, r->next_hash);
  bind_text(st, 4, e->article_id);
  bind_text(st, 5, e->unit_id);
  sqlite3_bind_int64(st, 6, when);
  return step_done(s, st, err);
}

static int st_add(nl_tm_store *s, const nl_tm__row_in *r, nl_error *err) {
  int64_t sid = 0, tid = 0;
  int rc = add_source(s, r, &sid, err);
  if (rc == 0)
    rc = add_target(s, r, sid, &tid, err);
  /* A context row is worth keeping only when it says something. */
  if (rc == 0 && (r->prev_hash || r->next_hash || r->entry->article_id))
    rc = add_context(s, r, tid, err);
  return rc;
}

/* ---- reading rows -------------------------------------------------------- */

static const char *col_text(sqlite3_stmt *st, int i) {
  return (const char *)sqlite3_column_text(st, i);
}

static void read_row(sqlite3_stmt *st, nl_tm__row *r) {
  memset(r, 0, sizeof(*r));
  r->source_id = sqlite3_column_int64(st, 0);
  r->target_id = sqlite3_column_int64(st, 1);
  r->source_lang = col_text(st, 2);
  r->target_lang = col_text(st, 3);
  r->source = col_text(st, 4);
  r->source_markup = col_text(st, 5);
  r->key = col_text(st, 6);
  r->target = col_text(st, 7);
  r->target_markup = col_text(st, 8);
  r->translator = col_text(st, 9);
  r->service = col_text(st, 10);
  r->status = sqlite3_column_int(st, 11);
  r->changed = sqlite3_column_int64(st, 12);
  r->in_context = sqlite3_column_int(st, 13);
  r->same_unit = sqlite3_column_int(st, 14);
  r->article_id = col_text(st, 15);
  r->unit_id = col_text(st, 16);
}

static int each_row(nl_tm_store *s, sqlite3_stmt *st, nl_tm__row_fn fn,
                    void *ctx, nl_error *err) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    nl_tm__row row;
    read_row(st, &row);
    int r = fn(ctx, &row);
    if (r != 0) {
      sqlite3_reset(st);
      return r;
    }
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : db_fail(s, rc, err, "reading the TM");
}

static void bind_row_query(sqlite3_stmt *st, const nl_tm__cand_query *q) {
  sqlite3_bind_int64(st, 1, q->prev_hash);
  sqlite3_bind_int64(st, 2, q->next_hash);
  bind_text(st, 3, q->article_id);
  bind_text(st, 4, q->unit_id);
  sqlite3_bind_int64(st, 5, q->find == NL_TM__BY_KEY_HASH ? q->key_hash
                                                          : q->hash);
  bind_text(st, 6, q->source_lang);
  if (q->find == NL_TM__BY_HASH)
    bind_text(st, 7, q->text);
  bind_text(st, 8, q->target_lang);
}

/* ---- fuzzy candidates ---------------------------------------------------- */

/* A trigram of the key: up to three code points, as UTF-8 and packed. */
typedef struct gram {
  char utf8[16];
  uint32_t lo, hi;
  long long df;
} gram;

static int df_lookup(nl_tm_store *s, gram *g, nl_error *err) {
  if (s->df == NULL && (s->df = calloc(DF_SLOTS, sizeof(df_slot))) == NULL)
    return nl_error__nomem(err);
  uint32_t h = (g->lo * 2654435761u) ^ (g->hi * 40503u);
  for (size_t i = 0; i < DF_SLOTS; i++) {
    df_slot *sl = &s->df[(h + i) % DF_SLOTS];
    if (sl->gram == g->lo && sl->hi == g->hi) {
      g->df = sl->df;
      return 0;
    }
    if (sl->gram == 0)
      break;
  }
  sqlite3_stmt *st;
  int rc = prepare(s, ST_DF, &st, err);
  if (rc < 0)
    return rc;
  bind_text(st, 1, g->utf8);
  int64_t df = 0;
  if ((rc = step_id(s, st, &df, err)) < 0)
    return rc;
  g->df = df;
  if (s->df_used >= DF_SLOTS / 2) {
    memset(s->df, 0, DF_SLOTS * sizeof(df_slot));
    s->df_used = 0;
  }
  for (size_t i = 0;; i++) {
    df_slot *sl = &s->df[(h + i) % DF_SLOTS];
    if (sl->gram == 0) {
      sl->gram = g->lo;
      sl->hi = g->hi;
      sl->df = df;
      s->df_used++;
      break;
    }
  }
  return 0;
}

static int gram_cmp(const void *a, const void *b) {
  long long x = ((const gram *)a)->df, y = ((const gram *)b)->df;
  return x < y ? -1 : x > y;
}

/* Splits the key into its distinct trigrams (code points, as the FTS5
 * trigram tokenizer does). */
static size_t key_grams(const char *key, gram *out, size_t max) {
  size_t len = strlen(key), n = 0;
  size_t starts[4] = {0};
  uint32_t cps[3] = {0};
  size_t i = 0, count = 0;
  while (i < len) {
    starts[count % 4] = i;
    uint32_t c = nl_utf8__next(key, len, &i);
    cps[0] = cps[1];
    cps[1] = cps[2];
    cps[2] = c;
    count++;
    if (count < 3)
      continue;
    size_t from = starts[(count - 3) % 4];
    gram g;
    memset(&g, 0, sizeof(g));
    if (i - from >= sizeof(g.utf8) || cps[0] == 0)
      continue;
    memcpy(g.utf8, key + from, i - from);
    g.lo = cps[0] ^ (cps[1] << 11) ^ (cps[2] << 22);
    g.hi = cps[2] | 1u;
    g.lo |= 1u;
    int dup = 0;
    for (size_t k = 0; k < n && !dup; k++)
      dup = strcmp(out[k].utf8, g.utf8) == 0;
    if (!dup && n < max)
      out[n++] = g;
  }
  return n;
}

/* FTS5 string literal: double quotes doubled. */
static int put_fts_term(nl_buf *q, const char *t) {
  int rc = nl_buf__putc(q, '"');
  for (; rc == 0 && *t; t++)
    rc = *t == '"' ? nl_buf__puts(q, "\"\"") : nl_buf__putc(q, *t);
  return rc == 0 ? nl_buf__putc(q, '"') : rc;
}

/* The rarest trigrams carry the most information; common ones would
 * make the OR query read huge posting lists. Take rare ones first until
 * enough are chosen or the postings to read grow past a budget. */
#define FUZZY_MAX_TERMS 24
#define FUZZY_MIN_TERMS 6
#define FUZZY_POSTING_BUDGET 400000

static int build_match(nl_tm_store *s, const char *key, nl_buf *q,
                       nl_error *err) {
  enum { MAXG = 512 };
  gram *g = malloc(MAXG * sizeof(gram));
  if (g == NULL)
    return nl_error__nomem(err);
  size_t n = key_grams(key, g, MAXG);
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = df_lookup(s, &g[i], err);
  if (rc == 0)
    qsort(g, n, sizeof(gram), gram_cmp);
  long long postings = 0;
  size_t used = 0;
  for (size_t i = 0; rc == 0 && i < n && used < FUZZY_MAX_TERMS; i++) {
    if (g[i].df == 0)
      continue;
    if (used >= FUZZY_MIN_TERMS && postings + g[i].df > FUZZY_POSTING_BUDGET)
      break;
    postings += g[i].df;
    if (used++ > 0)
      rc = nl_buf__puts(q, " OR ");
    if (rc == 0)
      rc = put_fts_term(q, g[i].utf8);
  }
  free(g);
  return rc;
}

typedef struct id_list {
  int64_t *ids;
  size_t n, cap;
} id_list;

static int fuzzy_ids(nl_tm_store *s, const char *key, size_t limit,
                     id_list *ids, nl_error *err) {
  nl_buf q = NL_BUF_INIT;
  sqlite3_stmt *st = NULL;
  int rc = build_match(s, key, &q, err);
  if (rc < 0 || q.size == 0)
    goto done;
  rc = sqlite3_prepare_v2(s->db,
                          "SELECT rowid FROM tm_fts WHERE tm_fts MATCH ?1"
                          " ORDER BY rank LIMIT ?2",
                          -1, &st, NULL);
  if (rc != SQLITE_OK) {
    rc = db_fail(s, rc, err, "searching the TM");
    goto done;
  }
  sqlite3_bind_text(st, 1, q.ptr, (int)q.size, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
  ids->cap = limit;
  ids->ids = malloc((limit + 1) * sizeof(int64_t));
  if (ids->ids == NULL) {
    rc = nl_error__nomem(err);
    goto done;
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && ids->n < ids->cap)
    ids->ids[ids->n++] = sqlite3_column_int64(st, 0);
  rc = rc == SQLITE_DONE || rc == SQLITE_ROW
           ? 0
           : db_fail(s, rc, err, "searching the TM");
done:
  sqlite3_finalize(st);
  nl_buf_dispose(&q);
  return rc;
}

static int fuzzy_rows(nl_tm_store *s, const nl_tm__cand_query *q,
                      nl_tm__row_fn fn, void *ctx, nl_error *err) {
  id_list ids = {NULL, 0, 0};
  int rc = fuzzy_ids(s, q->key, q->limit ? q->limit : 100, &ids, err);
  for (size_t i = 0; rc == 0 && i < ids.n; i++) {
    sqlite3_stmt *st;
    if ((rc = prepare(s, ST_BY_ID, &st, err)) < 0)
      break;
    nl_tm__cand_query one = *q;
    one.hash = ids.ids[i];
    one.find = NL_TM__BY_ID;
    bind_row_query(st, &one);
    rc = each_row(s, st, fn, ctx, err);
  }
  free(ids.ids);
  return rc;
}

static int st_candidates(nl_tm_store *s, const nl_tm__cand_query *q,
                         nl_tm__row_fn fn, void *ctx, nl_error *err) {
  int id;
  switch (q->find) {
  case NL_TM__BY_HASH: id = ST_BY_HASH; break;
  case NL_TM__BY_KEY_HASH: id = ST_BY_KEY_HASH; break;
  case NL_TM__BY_UNIT:
    if (q->article_id == NULL)
      return 0;
    id = ST_BY_UNIT;
    break;
  case NL_TM__FUZZY: return fuzzy_rows(s, q, fn, ctx, err);
  case NL_TM__BY_ID: id = ST_BY_ID; break;
  default: return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "bad query");
  }
  sqlite3_stmt *st;
  int rc = prepare(s, id, &st, err);
  if (rc < 0)
    return rc;
  bind_row_query(st, q);
  return each_row(s, st, fn, ctx, err);
}

/* ---- walking, totals, pruning, concordance ------------------------------- */

static int st_foreach(nl_tm_store *s, const char *source_lang,
                      const char *target_lang, nl_tm__row_fn fn, void *ctx,
                      nl_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(
      s->db,
      "SELECT s.id, t.id, s.lang, t.lang, s.text, s.markup, s.key, t.text,"
      " t.markup, t.translator, t.service, t.status, t.changed, 0, 0,"
      " (SELECT c.article_id FROM tm_context c WHERE c.target_id = t.id"
      "  ORDER BY c.changed DESC LIMIT 1),"
      " (SELECT c.unit_id FROM tm_context c WHERE c.target_id = t.id"
      "  ORDER BY c.changed DESC LIMIT 1)"
      " FROM tm_target t JOIN tm_source s ON s.id = t.source_id"
      " WHERE (?1 IS NULL OR s.lang = ?1) AND (?2 IS NULL OR t.lang = ?2)"
      " ORDER BY t.changed, t.id",
      -1, &st, NULL);
  if (rc != SQLITE_OK)
    return db_fail(s, rc, err, "reading the TM");
  bind_text(st, 1, source_lang);
  bind_text(st, 2, target_lang);
  rc = each_row(s, st, fn, ctx, err);
  sqlite3_finalize(st);
  return rc;
}

static int st_stats(nl_tm_store *s, nl_tm_stats *out,
                    int (*pair_fn)(void *ctx, const nl_tm__pair_count *pc),
                    void *ctx, nl_error *err) {
  memset(out, 0, sizeof(*out));
  out->schema_version = NL_TM__SCHEMA_VERSION;
  int rc = query_int(s, "SELECT count(*) FROM tm_source", &out->sources, err);
  if (rc == 0)
    rc = query_int(s, "SELECT count(*) FROM tm_target", &out->targets, err);
  if (rc == 0)
    rc = query_int(s, "SELECT count(*) FROM tm_context", &out->contexts, err);
  if (rc < 0 || pair_fn == NULL)
    return rc;
  sqlite3_stmt *st = NULL;
  rc = sqlite3_prepare_v2(s->db,
                          "SELECT s.lang, t.lang, count(*) FROM tm_target t"
                          " JOIN tm_source s ON s.id = t.source_id"
                          " GROUP BY s.lang, t.lang ORDER BY 1, 2",
                          -1, &st, NULL);
  if (rc != SQLITE_OK)
    return db_fail(s, rc, err, "reading the TM");
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    nl_tm__pair_count pc = {col_text(st, 0), col_text(st, 1),
                            sqlite3_column_int64(st, 2)};
    int r = pair_fn(ctx, &pc);
    if (r != 0) {
      sqlite3_finalize(st);
      return r;
    }
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : db_fail(s, rc, err, "reading the TM");
}

static int st_prune(nl_tm_store *s, const nl_tm_prune_options *opts,
                    long long now, size_t *removed, nl_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(
      s->db,
      "DELETE FROM tm_target WHERE (?1 = 0 OR changed < ?2)"
      " AND (?3 < 0 OR status = ?3)",
      -1, &st, NULL);
  if (rc != SQLITE_OK)
    return db_fail(s, rc, err, "pruning the TM");
  sqlite3_bind_int(st, 1, opts->older_than > 0);
  sqlite3_bind_int64(st, 2, now - opts->older_than);
  sqlite3_bind_int(st, 3, opts->status);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return db_fail(s, rc, err, "pruning the TM");
  *removed = (size_t)sqlite3_changes(s->db);
  return exec(s,
              "DELETE FROM tm_source WHERE NOT EXISTS(SELECT 1 FROM tm_target"
              " t WHERE t.source_id = tm_source.id)",
              err);
}

static int st_concordance(nl_tm_store *s, const char *source_lang,
                          const char *target_lang, const char *text,
                          const char *key, int in_target, size_t limit,
                          nl_tm__row_fn fn, void *ctx, nl_error *err) {
  (void)text;
  nl_buf q = NL_BUF_INIT;
  sqlite3_stmt *st = NULL;
  int rc = 0;
  enum { MAXG = 256 };
  gram *g = malloc(MAXG * sizeof(gram));
  if (g == NULL)
    return nl_error__nomem(err);
  size_t n = in_target ? 0 : key_grams(key, g, MAXG);
  /* Every trigram must occur (AND); the caller checks the real
   * substring. Keys shorter than a trigram, and target searches, scan. */
  for (size_t i = 0; i < n && rc == 0; i++) {
    if (i > 0)
      rc = nl_buf__puts(&q, " AND ");
    if (rc == 0)
      rc = put_fts_term(&q, g[i].utf8);
  }
  free(g);
  if (rc < 0)
    goto done;
  const char *sql =
      q.size ? "SELECT s.id, t.id, s.lang, t.lang, s.text, s.markup, s.key,"
               " t.text, t.markup, t.translator, t.service, t.status,"
               " t.changed, 0, 0, NULL, NULL FROM tm_fts f"
               " JOIN tm_source s ON s.id = f.rowid"
               " JOIN tm_target t ON t.source_id = s.id"
               " WHERE tm_fts MATCH ?1 AND (?2 IS NULL OR s.lang = ?2)"
               " AND (?3 IS NULL OR t.lang = ?3)"
               " ORDER BY t.changed DESC LIMIT ?4"
             : "SELECT s.id, t.id, s.lang, t.lang, s.text, s.markup, s.key,"
               " t.text, t.markup, t.translator, t.service, t.status,"
               " t.changed, 0, 0, NULL, NULL FROM tm_target t"
               " JOIN tm_source s ON s.id = t.source_id"
               " WHERE ?1 IS NULL AND (?2 IS NULL OR s.lang = ?2)"
               " AND (?3 IS NULL OR t.lang = ?3)"
               " ORDER BY t.changed DESC LIMIT ?4";
  rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) {
    rc = db_fail(s, rc, err, "searching the TM");
    goto done;
  }
  if (q.size)
    sqlite3_bind_text(st, 1, q.ptr, (int)q.size, SQLITE_STATIC);
  bind_text(st, 2, source_lang);
  bind_text(st, 3, target_lang);
  sqlite3_bind_int64(st, 4, limit ? (sqlite3_int64)limit : -1);
  rc = each_row(s, st, fn, ctx, err);
done:
  sqlite3_finalize(st);
  nl_buf_dispose(&q);
  return rc;
}

const nl_tm_store_ops nl_tm__sqlite_ops = {
    "sqlite",   st_open,       st_close, st_begin,       st_commit,
    st_rollback, st_in_tx,     st_add,   st_candidates,  st_foreach,
    st_stats,   st_prune,      st_concordance,
};
