/*
 * tm_pg.c - the translation memory on a PostgreSQL server.
 *
 * The same three tables as the SQLite store (source, target, context),
 * so that both answer every find with the same rows: tm.c decides what
 * matches and how well, and runs unchanged on either. Each row keeps
 * its words as a text[] (cut as FTS5's ascii tokenizer cuts them) under
 * a GIN index; tm.c's candidate queries become containment tests on it
 * (tm_pg_sql.c), and a word's document count is a count of rows whose
 * array holds it: the same numbers SQLite's FTS5 index gives.
 *
 * Writing: rows added in a transaction stream to the server with COPY
 * into a temporary stage table, and are merged into the tables with a
 * few set-wise statements when the transaction commits (or before a
 * read inside it): one round trip per batch, not three per row. The
 * merge keeps the SQLite store's rules (status and time only grow,
 * translator, service and meta: the last given).
 *
 * Concurrency: readers never wait (MVCC). Writers take turns on an
 * advisory lock, as SQLite's writers take turns on the file, so merges
 * never deadlock each other; a serialization failure or deadlock from
 * anything else, or a dropped connection, rolls back and the
 * transaction is redone from the rows kept for it (five tries in all,
 * each on a new connection when the old one is gone; a connection the
 * server drops while it is being made is made again, three times).
 *
 * Messages name the server as host, port and database only: never the
 * user or the password that a URL may carry.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <time.h>

#include <libpq-fe.h>

#include "error.h"
#include "pq_load.h"
#include "tm_pg.h"
#include "util/buf.h"

#define TM_MAGIC "newsloc-tm"
#define PG_SCHEMA 1
/* pg_advisory_xact_lock keys: writers, and schema set-up */
#define LOCK_WRITE "7366324"
#define LOCK_SCHEMA "7366325"
/* the rows of a transaction kept to redo it; a larger one is not
 * redone but reported (nothing of it was committed) */
#define REDO_MAX (256u << 20)
/* a transaction of this many rows refreshes the planner's statistics */
#define ANALYZE_AFTER 1000

typedef struct pg_store {
  nl_tm_store base;
  PGconn *conn;
  char *conninfo;
  char *name; /* postgresql://host:port/db, for messages */
  int read_only, busy_ms;
  void (*on_wait)(void *ctx, const char *path);
  void *wait_ctx;
  int in_tx, copying, staged, stage_made;
  nl_buf redo;       /* the transaction's rows as COPY text */
  char state[6];     /* SQLSTATE of the last failure */
  int redo_lost;     /* too large to keep */
  long long tx_rows; /* rows added in the open transaction */
} pg_store;

/* ---- names and errors ------------------------------------------------------ */

int nl_tm_pg__is_url(const char *path) {
  return strncmp(path, "postgresql://", 13) == 0 ||
         strncmp(path, "postgres://", 11) == 0 ||
         strncmp(path, "service=", 8) == 0;
}

static void put_host(nl_buf *b, const char *host) {
  for (const char *p = host; *p; p++)
    if (*p == '/')
      nl_buf__puts(b, "%2F");
    else
      nl_buf__putc(b, *p);
}

/* The server as a URL without user or password: what was connected to
 * (PQhost and friends include libpq's defaults), else what was asked. */
static char *server_name(PGconn *conn, const char *conninfo) {
  nl_buf b = NL_BUF_INIT;
  const char *host = conn ? PQhost(conn) : NULL;
  const char *port = conn ? PQport(conn) : NULL;
  const char *db = conn ? PQdb(conn) : NULL;
  PQconninfoOption *opts = NULL;
  if (host == NULL || db == NULL) {
    opts = PQconninfoParse(conninfo, NULL);
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
      if (o->val && strcmp(o->keyword, "host") == 0)
        host = o->val;
      if (o->val && strcmp(o->keyword, "port") == 0)
        port = o->val;
      if (o->val && strcmp(o->keyword, "dbname") == 0)
        db = o->val;
    }
  }
  nl_buf__puts(&b, "postgresql://");
  if (host && *host)
    put_host(&b, host);
  if (port && *port && strcmp(port, "5432") != 0)
    nl_buf__printf(&b, ":%s", port);
  nl_buf__printf(&b, "/%s", db ? db : "");
  PQconninfoFree(opts);
  return nl_buf__detach(&b);
}

/* libpq's first line, without its trailing newline. */
static void first_line(char *out, size_t cap, const char *msg) {
  snprintf(out, cap, "%s", msg ? msg : "");
  out[strcspn(out, "\n")] = '\0';
}

/* What went wrong connecting, and what to do about it. */
static int connect_error(pg_store *s, nl_error *err) {
  const char *m = PQerrorMessage(s->conn);
  char line[400];
  first_line(line, sizeof(line), m);
  const char *hint = NULL;
  if (strstr(m, "Connection refused"))
    hint = "connection refused — is the server running?";
  else if (strstr(m, "No such file or directory"))
    hint = "no server at that socket — is the server running?";
  else if (strstr(m, "could not translate host name"))
    hint = "unknown host — check the host name";
  else if (strstr(m, "timeout expired") || strstr(m, "timed out"))
    hint = "the connection timed out — is the server reachable?";
  else if (strstr(m, "password authentication failed") ||
           strstr(m, "no password supplied"))
    hint = "authentication failed — give the password in ~/.pgpass or "
           "PGPASSWORD (never in the URL)";
  else if (strstr(m, "database") && strstr(m, "does not exist"))
    hint = "the database does not exist — create it with createdb (README: "
           "\"When one file is not enough\")";
  else if (strstr(m, "role") && strstr(m, "does not exist"))
    hint = "no such role — create it with createuser";
  else if (strstr(m, "definition of service"))
    hint = "no such service in pg_service.conf";
  if (hint)
    return nl_error__set(err, NL_EIO, NULL, 0, 0, "cannot connect to %s: %s",
                         s->name, hint);
  return nl_error__set(err, NL_EIO, NULL, 0, 0, "cannot connect to %s: %s",
                       s->name, line);
}

static const char *sqlstate(const PGresult *r) {
  const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  return st ? st : "";
}

/* A failure that redoing the transaction can get past: a serialization
 * failure, a deadlock, a connection lost or shut down. */
static int transient(pg_store *s) {
  return PQstatus(s->conn) != CONNECTION_OK ||
         strcmp(s->state, "40001") == 0 || strcmp(s->state, "40P01") == 0 ||
         strncmp(s->state, "08", 2) == 0 || strcmp(s->state, "57P01") == 0;
}

static int db_error(pg_store *s, const PGresult *r, nl_error *err,
                    const char *what) {
  char line[400];
  snprintf(s->state, sizeof(s->state), "%s", sqlstate(r));
  const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                          : NULL;
  first_line(line, sizeof(line), primary ? primary : PQerrorMessage(s->conn));
  if (PQstatus(s->conn) != CONNECTION_OK)
    return nl_error__set(err, NL_EIO, NULL, 0, 0,
                         "%s: lost the connection to %s (%s) — is the "
                         "server running?",
                         what, s->name, line);
  if (strcmp(sqlstate(r), "55P03") == 0)
    return nl_error__set(err, NL_EBUSY, NULL, 0, 0,
                         "%s: the TM at %s is locked by another writer (%s)",
                         what, s->name, line);
  return nl_error__set(err, NL_EDB, NULL, 0, 0, "%s: %s: %s", what, s->name,
                       line);
}

static int result_ok(const PGresult *r) {
  ExecStatusType t = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK ||
         t == PGRES_SINGLE_TUPLE;
}

/* ---- connecting ------------------------------------------------------------- */

static void forget_session(pg_store *s) {
  s->stage_made = 0;
  s->copying = 0;
}

static void quiet(void *ctx, const char *message) {
  (void)ctx;
  (void)message;
}

/* PQconnectdb's loop, after the notice processor is in place. */
static void wait_connected(PGconn *c) {
  PostgresPollingStatusType st = PGRES_POLLING_WRITING;
  while (PQstatus(c) != CONNECTION_BAD && st != PGRES_POLLING_OK &&
         st != PGRES_POLLING_FAILED) {
    struct pollfd p = {PQsocket(c), st == PGRES_POLLING_READING ? POLLIN
                                                                : POLLOUT, 0};
    if (p.fd < 0 || poll(&p, 1, -1) < 0)
      break;
    st = PQconnectPoll(c);
  }
}

/* A connection the server accepted and then dropped (cut by an
 * administrator, a restart under way): worth making again, unlike one
 * refused, unknown or unauthorized, which is reported at once. */
static int dropped_while_connecting(PGconn *c) {
  const char *m = PQerrorMessage(c);
  return strstr(m, "terminating connection") ||
         strstr(m, "server closed the connection") ||
         strstr(m, "the database system is starting up") ||
         strstr(m, "the database system is shutting down") ||
         strstr(m, "connection to server was lost");
}

static int connect_once(pg_store *s, nl_error *err) {
  if (s->conn)
    PQfinish(s->conn);
  forget_session(s);
  /* the URL or service first, UTF-8 and our name over whatever it says */
  const char *const keys[] = {"dbname", "client_encoding", "application_name",
                              NULL};
  const char *const vals[] = {s->conninfo, "UTF8", "newsloc", NULL};
  s->conn = PQconnectStartParams(keys, vals, 1);
  if (s->conn == NULL)
    return nl_error__nomem(err);
  /* the server's notices (a connection terminated by an administrator)
   * are not the user's business, from the first byte on: what matters
   * is reported as errors */
  PQsetNoticeProcessor(s->conn, quiet, NULL);
  wait_connected(s->conn);
  free(s->name);
  s->name = server_name(s->conn, s->conninfo);
  if (s->name == NULL)
    return nl_error__nomem(err);
  return 0;
}

static int connect_server(pg_store *s, nl_error *err) {
  int rc = 0;
  for (int attempt = 0; attempt < 4; attempt++) {
    if ((rc = connect_once(s, err)) < 0)
      return rc;
    if (PQstatus(s->conn) == CONNECTION_OK)
      break;
    if (attempt == 3 || !dropped_while_connecting(s->conn))
      return connect_error(s, err);
    struct timespec ts = {0, (long)(50 + attempt * 100) * 1000000L};
    nanosleep(&ts, NULL);
  }
  const char *enc = PQparameterStatus(s->conn, "server_encoding");
  if (enc == NULL || strcmp(enc, "UTF8") != 0)
    return nl_error__set(err, NL_EDB, NULL, 0, 0,
                         "%s: the database's encoding is %s; a TM needs "
                         "UTF8 (createdb -E UTF8 -T template0)",
                         s->name, enc ? enc : "unknown");
  return 0;
}

/* Runs SQL without parameters (several statements may follow each
 * other); 0 or an error naming `what`. */
static int exec(pg_store *s, const char *sql, nl_error *err,
                const char *what) {
  PGresult *r = PQexec(s->conn, sql);
  int rc = result_ok(r) ? 0 : db_error(s, r, err, what);
  PQclear(r);
  return rc;
}

/* ---- schema ------------------------------------------------------------------ */

static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE nl_meta(key text PRIMARY KEY, value text NOT NULL);"
    "CREATE TABLE nl_schema_version(version int PRIMARY KEY,"
    "  applied timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE source(id bigserial PRIMARY KEY, lang text NOT NULL,"
    "  text text NOT NULL, markup text, hash bigint NOT NULL,"
    "  key text NOT NULL, key_hash bigint NOT NULL, toks text[] NOT NULL);"
    "CREATE INDEX source_key ON source(key_hash);"
    "CREATE INDEX source_toks ON source USING gin(toks);"
    "CREATE TABLE target(id bigserial PRIMARY KEY,"
    "  source_id bigint NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
    "  lang text NOT NULL, text text NOT NULL, markup text,"
    "  status int NOT NULL, translator text, service text,"
    "  created bigint NOT NULL, changed bigint NOT NULL, meta text,"
    "  toks text[] NOT NULL);"
    "CREATE INDEX target_source ON target(source_id);"
    "CREATE INDEX target_toks ON target USING gin(toks);"
    "CREATE TABLE context(id bigserial PRIMARY KEY,"
    "  target_id bigint NOT NULL REFERENCES target(id) ON DELETE CASCADE,"
    "  prev_hash bigint NOT NULL, next_hash bigint NOT NULL,"
    "  article_id text NOT NULL, unit_id text NOT NULL,"
    "  changed bigint NOT NULL);"
    "CREATE UNIQUE INDEX context_identity ON context(target_id, prev_hash,"
    "  next_hash, article_id, unit_id);"
    "CREATE INDEX context_unit ON context(article_id, unit_id)"
    "  WHERE article_id <> '';"
    /* FTS5 keeps these for bm25; so does this store (see merge_sql) */
    "CREATE TABLE nl_totals(side text PRIMARY KEY, rows bigint NOT NULL,"
    "  tokens bigint NOT NULL);"
    /* each word's source rows: a count GIN cannot stop early on */
    "CREATE TABLE nl_words(word text PRIMARY KEY, df bigint NOT NULL);"
    "INSERT INTO nl_totals VALUES ('source', 0, 0), ('target', 0, 0);"
    "INSERT INTO nl_meta VALUES ('magic', '" TM_MAGIC "');",
};
_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == PG_SCHEMA,
               "one migration per schema version");

static int scalar(pg_store *s, const char *sql, long long *out,
                  nl_error *err) {
  PGresult *r = PQexec(s->conn, sql);
  int rc = result_ok(r) ? 0 : db_error(s, r, err, "reading the TM");
  *out = rc == 0 && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)
             ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
             : 0;
  PQclear(r);
  return rc;
}

/* The schema version (0: nothing there yet), or a refusal of a
 * database that holds something else or a newer schema. */
static int schema_version(pg_store *s, long long *v, nl_error *err) {
  long long ours = 0, theirs = 0;
  int rc = scalar(s,
                  "SELECT count(*) FROM pg_tables WHERE schemaname = "
                  "current_schema() AND tablename = 'nl_schema_version'",
                  &ours, err);
  if (rc == 0 && !ours)
    rc = scalar(s,
                "SELECT count(*) FROM pg_tables WHERE schemaname = "
                "current_schema() AND tablename IN ('source', 'target',"
                " 'context', 'nl_meta')",
                &theirs, err);
  *v = 0;
  if (rc == 0 && theirs)
    return nl_error__set(err, NL_ECORRUPT, NULL, 0, 0,
                         "%s is not a newsloc TM (it has tables named source, "
                         "target or context of something else); it was left "
                         "as it is",
                         s->name);
  if (rc == 0 && ours)
    rc = scalar(s, "SELECT max(version) FROM nl_schema_version", v, err);
  if (rc == 0 && *v > PG_SCHEMA)
    return nl_error__set(err, NL_ECORRUPT, NULL, 0, 0,
                         "the TM at %s has schema %lld, made by a newer "
                         "newsloc (this one knows %d); it was left as it is",
                         s->name, *v, PG_SCHEMA);
  return rc;
}

/* Brings the schema up to date, one transaction, under a lock: two
 * processes setting up one database take turns. */
static int migrate(pg_store *s, nl_error *err) {
  long long from = 0;
  int rc = exec(s, "BEGIN; SELECT pg_advisory_xact_lock(" LOCK_SCHEMA ")",
                err, "setting up the TM");
  if (rc == 0)
    rc = schema_version(s, &from, err);
  for (long long v = from; rc == 0 && v < PG_SCHEMA; v++) {
    char what[96], sql[96];
    snprintf(what, sizeof(what), "upgrading the TM from schema %lld to %lld",
             v, v + 1);
    snprintf(sql, sizeof(sql),
             "INSERT INTO nl_schema_version(version) VALUES (%lld)", v + 1);
    rc = exec(s, migrations[v], err, what);
    if (rc == 0)
      rc = exec(s, sql, err, what);
  }
  if (rc == 0)
    rc = exec(s, "COMMIT", err, "setting up the TM");
  else
    PQclear(PQexec(s->conn, "ROLLBACK"));
  return rc;
}

/* ---- transactions ------------------------------------------------------------- */

static int make_stage(pg_store *s, nl_error *err) {
  if (s->stage_made)
    return 0;
  int rc = exec(
      s,
      "CREATE TEMP TABLE IF NOT EXISTS nl_stage(seq bigserial, s_lang text,"
      " s_text text, s_markup text, hash bigint, key text, key_hash bigint,"
      " s_toks text[], t_lang text, t_text text, t_markup text,"
      " t_toks text[], status int, translator text, service text,"
      " changed bigint, meta text, prev_hash bigint, next_hash bigint,"
      " article_id text, unit_id text, source_id bigint, target_id bigint)"
      " ON COMMIT DELETE ROWS",
      err, "writing to the TM");
  s->stage_made = rc == 0;
  return rc;
}

/* Waits for the writers' lock, telling on_wait once a second has passed
 * (as the SQLite store's busy handler does). */
static int take_write_lock(pg_store *s, nl_error *err) {
  int waited = 0, told = 0;
  for (;;) {
    int step = waited < 1000 ? 1000 : s->busy_ms - waited;
    if (step <= 0)
      step = 1;
    char sql[160];
    snprintf(sql, sizeof(sql),
             "BEGIN; SET LOCAL lock_timeout = %d;"
             " SELECT pg_advisory_xact_lock(" LOCK_WRITE ")",
             step);
    PGresult *r = PQexec(s->conn, sql);
    int ok = result_ok(r);
    int timeout = !ok && strcmp(sqlstate(r), "55P03") == 0;
    if (ok || !timeout || waited + step >= s->busy_ms) {
      int rc = ok ? 0 : db_error(s, r, err, "beginning a TM transaction");
      PQclear(r);
      if (!ok)
        PQclear(PQexec(s->conn, "ROLLBACK"));
      return rc;
    }
    PQclear(r);
    PQclear(PQexec(s->conn, "ROLLBACK"));
    waited += step;
    if (!told && s->on_wait) {
      told = 1;
      s->on_wait(s->wait_ctx, s->name);
    }
  }
}

static int open_tx(pg_store *s, nl_error *err) {
  int rc = make_stage(s, err);
  if (rc == 0)
    rc = take_write_lock(s, err);
  return rc;
}

static const char stage_columns[] =
    "COPY nl_stage(s_lang, s_text, s_markup, hash, key, key_hash, s_toks,"
    " t_lang, t_text, t_markup, t_toks, status, translator, service, changed,"
    " meta, prev_hash, next_hash, article_id, unit_id) FROM STDIN";

static int start_copy(pg_store *s, nl_error *err) {
  if (s->copying)
    return 0;
  PGresult *r = PQexec(s->conn, stage_columns);
  int rc = PQresultStatus(r) == PGRES_COPY_IN
               ? 0
               : db_error(s, r, err, "writing to the TM");
  PQclear(r);
  s->copying = rc == 0;
  return rc;
}

static int send_copy(pg_store *s, const char *data, size_t len,
                     nl_error *err) {
  int rc = start_copy(s, err);
  /* PQputCopyData takes an int: large redo logs go in pieces */
  for (size_t at = 0; rc == 0 && at < len;) {
    size_t n = len - at > (1u << 20) ? (1u << 20) : len - at;
    if (PQputCopyData(s->conn, data + at, (int)n) != 1)
      rc = db_error(s, NULL, err, "writing to the TM");
    at += n;
  }
  return rc;
}

static int end_copy(pg_store *s, nl_error *err) {
  if (!s->copying)
    return 0;
  s->copying = 0;
  int rc = PQputCopyEnd(s->conn, NULL) == 1
               ? 0
               : db_error(s, NULL, err, "writing to the TM");
  PGresult *r;
  while ((r = PQgetResult(s->conn)) != NULL) {
    if (rc == 0 && !result_ok(r))
      rc = db_error(s, r, err, "writing to the TM");
    PQclear(r);
  }
  return rc;
}

/* The staged rows merged into the tables (see the top of the file):
 * sources and translations found or added in the order they came,
 * translations refreshed as the SQLite store refreshes them one by one,
 * contexts added or touched. */
/* nl_totals after rows `n` (RETURNING toks) came (+) or went (-). */
#define TOTALS_BY(side, op)                                                  \
  "UPDATE nl_totals SET rows = rows " op " (SELECT count(*) FROM n),"        \
  " tokens = tokens " op " (SELECT coalesce(sum(cardinality(toks)), 0) FROM" \
  " n) WHERE side = '" side "'"
#define TOTALS(side) TOTALS_BY(side, "+")
/* how many rows `n` hold each word */
#define WORD_COUNTS                                                          \
  "SELECT w, count(*) FROM n, LATERAL (SELECT DISTINCT unnest(n.toks) AS w)" \
  " x GROUP BY w"

static const char merge_sql[] =
    "UPDATE nl_stage g SET source_id = s.id FROM source s"
    " WHERE g.source_id IS NULL AND s.key_hash = g.key_hash"
    " AND s.lang = g.s_lang AND s.hash = g.hash AND s.text = g.s_text"
    " AND coalesce(s.markup, '') = coalesce(g.s_markup, '');"
    "WITH n AS (INSERT INTO source(lang, text, markup, hash, key, key_hash,"
    " toks) SELECT s_lang, s_text, s_markup, hash, key, key_hash, s_toks FROM"
    " (SELECT DISTINCT ON (s_lang, hash, s_text, coalesce(s_markup, ''))"
    " * FROM nl_stage WHERE source_id IS NULL ORDER BY s_lang, hash, s_text,"
    " coalesce(s_markup, ''), seq) f ORDER BY seq RETURNING toks),"
    " u AS (" TOTALS("source") ")"
    " INSERT INTO nl_words(word, df) " WORD_COUNTS
    " ON CONFLICT (word) DO UPDATE SET df = nl_words.df + excluded.df;"
    "UPDATE nl_stage g SET source_id = s.id FROM source s"
    " WHERE g.source_id IS NULL AND s.key_hash = g.key_hash"
    " AND s.lang = g.s_lang AND s.hash = g.hash AND s.text = g.s_text"
    " AND coalesce(s.markup, '') = coalesce(g.s_markup, '');"
    "UPDATE nl_stage g SET target_id = t.id FROM target t"
    " WHERE g.target_id IS NULL AND t.source_id = g.source_id"
    " AND t.lang = g.t_lang AND t.text = g.t_text"
    " AND coalesce(t.markup, '') = coalesce(g.t_markup, '');"
    "UPDATE target t SET status = greatest(t.status, a.status),"
    " translator = coalesce(a.translator, t.translator),"
    " service = coalesce(a.service, t.service),"
    " changed = greatest(t.changed, a.changed), meta = coalesce(a.meta, t.meta)"
    " FROM (SELECT target_id, max(status) AS status, (array_agg(translator"
    " ORDER BY seq DESC) FILTER (WHERE translator IS NOT NULL))[1] AS"
    " translator, (array_agg(service ORDER BY seq DESC) FILTER (WHERE service"
    " IS NOT NULL))[1] AS service, max(changed) AS changed, (array_agg(meta"
    " ORDER BY seq DESC) FILTER (WHERE meta IS NOT NULL))[1] AS meta"
    " FROM nl_stage WHERE target_id IS NOT NULL GROUP BY target_id) a"
    " WHERE t.id = a.target_id;"
    "WITH n AS (INSERT INTO target(source_id, lang, text, markup, status,"
    " translator, service, created, changed, meta, toks)"
    " SELECT f.source_id, f.t_lang, f.t_text, f.t_markup, a.status,"
    " a.translator, a.service, f.changed, a.changed, a.meta, f.t_toks"
    " FROM (SELECT min(seq) AS first, max(status) AS status,"
    " (array_agg(translator ORDER BY seq DESC) FILTER (WHERE translator IS"
    " NOT NULL))[1] AS translator, (array_agg(service ORDER BY seq DESC)"
    " FILTER (WHERE service IS NOT NULL))[1] AS service, max(changed) AS"
    " changed, (array_agg(meta ORDER BY seq DESC) FILTER (WHERE meta IS NOT"
    " NULL))[1] AS meta FROM nl_stage WHERE target_id IS NULL"
    " GROUP BY source_id, t_lang, t_text, coalesce(t_markup, '')) a"
    " JOIN nl_stage f ON f.seq = a.first ORDER BY a.first RETURNING toks)"
    " " TOTALS("target") ";"
    "UPDATE nl_stage g SET target_id = t.id FROM target t"
    " WHERE g.target_id IS NULL AND t.source_id = g.source_id"
    " AND t.lang = g.t_lang AND t.text = g.t_text"
    " AND coalesce(t.markup, '') = coalesce(g.t_markup, '');"
    "INSERT INTO context(target_id, prev_hash, next_hash, article_id,"
    " unit_id, changed) SELECT target_id, prev_hash, next_hash,"
    " coalesce(article_id, ''), coalesce(unit_id, ''), max(changed)"
    " FROM nl_stage WHERE prev_hash <> 0 OR next_hash <> 0"
    " OR coalesce(article_id, '') <> '' GROUP BY 1, 2, 3, 4, 5"
    " ORDER BY min(seq) ON CONFLICT (target_id, prev_hash, next_hash,"
    " article_id, unit_id) DO UPDATE SET changed = greatest(context.changed,"
    " excluded.changed);"
    "DELETE FROM nl_stage";

static int merge_once(pg_store *s, nl_error *err) {
  int rc = end_copy(s, err);
  if (rc == 0 && s->staged)
    rc = exec(s, merge_sql, err, "writing to the TM");
  if (rc == 0)
    s->staged = 0;
  return rc;
}

/* After a transient failure: a new connection when the old one is gone
 * (once), the transaction begun again and its rows sent again. */
static int redo_tx(pg_store *s, nl_error *err) {
  if (s->redo_lost)
    return nl_error__set(err, NL_EIO, NULL, 0, 0,
                         "%s: the transaction failed and was too large to "
                         "redo; nothing of it was kept — run the command "
                         "again",
                         s->name);
  int rc = 0;
  if (PQstatus(s->conn) != CONNECTION_OK) {
    rc = connect_server(s, err);
  } else {
    s->copying = 0;
    PQclear(PQexec(s->conn, "ROLLBACK"));
  }
  if (rc == 0)
    rc = open_tx(s, err);
  if (rc == 0 && s->redo.size)
    rc = send_copy(s, s->redo.ptr, s->redo.size, err);
  s->staged = s->redo.size > 0;
  return rc;
}

/* Runs `step` (a merge, a read, the commit) inside the transaction,
 * redoing the transaction after transient failures. */
static int in_tx_retry(pg_store *s, int (*step)(pg_store *s, void *arg,
                                                nl_error *err),
                       void *arg, nl_error *err) {
  for (int attempt = 0;; attempt++) {
    nl_error e = NL_ERROR_INIT;
    int rc = merge_once(s, &e);
    if (rc == 0)
      rc = step ? step(s, arg, &e) : 0;
    if (rc == 0)
      return 0;
    if (attempt >= 5 || rc == NL_ENOMEM || !transient(s))
      return nl_error__set(err, rc, NULL, 0, 0, "%s", e.message);
    struct timespec ts = {0, (long)(10 + attempt * 40) * 1000000L};
    nanosleep(&ts, NULL);
    rc = redo_tx(s, err);
    if (rc < 0)
      return rc;
  }
}

static void pg_rollback(nl_tm_store *base) {
  pg_store *s = (pg_store *)base;
  if (s->copying) {
    PQputCopyEnd(s->conn, "rolled back");
    PGresult *r;
    while ((r = PQgetResult(s->conn)) != NULL)
      PQclear(r);
    s->copying = 0;
  }
  if (s->in_tx)
    PQclear(PQexec(s->conn, "ROLLBACK"));
  s->in_tx = 0;
  s->staged = 0;
  nl_buf__clear(&s->redo);
  s->redo_lost = 0;
}

static int pg_begin(nl_tm_store *base, nl_error *err) {
  pg_store *s = (pg_store *)base;
  if (s->in_tx)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "a TM transaction is already open");
  if (s->read_only)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "%s: the TM was opened read-only", s->name);
  nl_buf__clear(&s->redo);
  s->redo_lost = 0;
  s->staged = 0;
  s->tx_rows = 0;
  int rc = open_tx(s, err);
  if (rc < 0 && PQstatus(s->conn) != CONNECTION_OK &&
      connect_server(s, err) == 0)
    rc = open_tx(s, err); /* the connection dropped while idle */
  s->in_tx = rc == 0;
  return rc;
}

static int commit_step(pg_store *s, void *arg, nl_error *err) {
  (void)arg;
  return exec(s, "COMMIT", err, "committing to the TM");
}

static int pg_commit(nl_tm_store *base, nl_error *err) {
  pg_store *s = (pg_store *)base;
  if (!s->in_tx)
    return 0;
  /* a COMMIT lost with the connection is redone: adding the same rows
   * twice leaves the TM as adding them once */
  int rc = in_tx_retry(s, commit_step, NULL, err);
  if (rc == 0) {
    s->in_tx = 0;
    nl_buf__clear(&s->redo);
    /* a bulk load leaves the planner without statistics until
     * autovacuum's next round, and lookups meanwhile ran 100x slower
     * (whole-table joins for a key-hash lookup): gather them now */
    if (s->tx_rows >= ANALYZE_AFTER)
      PQclear(PQexec(s->conn, "ANALYZE source, target, context"));
  } else {
    pg_rollback(base);
  }
  return rc;
}

/* One row as COPY text for nl_stage (stage_columns' order). */
static int row_text(nl_buf *b, const nl_tm_row *r) {
  const char *words = r->words ? r->words : r->key;
  int rc = 0;
  rc |= nl_tm_pg__copy_field(b, r->source_lang, 0);
  rc |= nl_tm_pg__copy_field(b, r->source, 0);
  rc |= nl_tm_pg__copy_field(b, r->source_markup, 0);
  rc |= nl_tm_pg__copy_int(b, r->hash, 0);
  rc |= nl_tm_pg__copy_field(b, r->key, 0);
  rc |= nl_tm_pg__copy_int(b, r->key_hash, 0);
  rc |= nl_tm_pg__words(b, words, NULL) < 0 || nl_buf__putc(b, '\t') < 0;
  rc |= nl_tm_pg__copy_field(b, r->target_lang, 0);
  rc |= nl_tm_pg__copy_field(b, r->target, 0);
  rc |= nl_tm_pg__copy_field(b, r->target_markup, 0);
  rc |= nl_tm_pg__words(b, r->target, NULL) < 0 || nl_buf__putc(b, '\t') < 0;
  rc |= nl_tm_pg__copy_int(b, (long long)r->status, 0);
  rc |= nl_tm_pg__copy_field(b, r->translator, 0);
  rc |= nl_tm_pg__copy_field(b, r->service, 0);
  rc |= nl_tm_pg__copy_int(b, r->changed, 0);
  rc |= nl_tm_pg__copy_field(b, r->meta, 0);
  rc |= nl_tm_pg__copy_int(b, r->prev_hash, 0);
  rc |= nl_tm_pg__copy_int(b, r->next_hash, 0);
  rc |= nl_tm_pg__copy_field(b, r->article_id, 0);
  rc |= nl_tm_pg__copy_field(b, r->unit_id, 1);
  return rc ? -1 : 0;
}

static int pg_add(nl_tm_store *base, const nl_tm_row *r, nl_error *err) {
  pg_store *s = (pg_store *)base;
  int own = !s->in_tx;
  int rc = own ? pg_begin(base, err) : 0;
  if (rc < 0)
    return rc;
  size_t at = s->redo.size;
  if (row_text(&s->redo, r) < 0) {
    rc = nl_error__nomem(err);
  } else {
    rc = send_copy(s, s->redo.ptr + at, s->redo.size - at, err);
    s->staged = 1;
    s->tx_rows++;
    if (s->redo.size > REDO_MAX) {
      s->redo_lost = 1; /* sent, but no longer kept to redo */
      nl_buf__clear(&s->redo);
    }
    if (rc < 0 && transient(s)) /* redone, this row with the rest */
      rc = in_tx_retry(s, NULL, NULL, err);
  }
  if (own && rc == 0)
    rc = pg_commit(base, err);
  if (rc < 0)
    pg_rollback(base);
  return rc;
}

/* ---- reading ------------------------------------------------------------------- */

#define ROW_COLUMNS                                                          \
  "SELECT s.lang, t.lang, s.text, s.markup, s.key, t.text, t.markup,"        \
  " s.hash, s.key_hash, coalesce(c.prev_hash, 0), coalesce(c.next_hash, 0)," \
  " nullif(c.article_id, ''), nullif(c.unit_id, ''), t.service,"             \
  " t.translator, t.status, t.created, t.changed, t.meta"                    \
  " FROM source s JOIN target t ON t.source_id = s.id"                       \
  " LEFT JOIN context c ON c.target_id = t.id"
/* the order SQLite's plans give rows of equal rank (tm.c keeps the
 * first of equal matches, so both stores must give them alike) */
#define TIE_ORDER " s.id, t.id, c.id"
#define LANG_IN(col, p)                                                      \
  "(" p "::text IS NULL OR " col " = " p " OR substr(" p ", 1, length(" col \
  ") + 1) = " col " || '-')"

/* A lookup's source language: the primary subtag given, alone or with
 * other subtags (tm.c keeps the query's script and ranks the rows); a
 * row filter, as no index here leads with the language. */
#define LANG_OF(col, p)                                                        \
  "(" col " = " p "::text OR left(" col ", length(" p ") + 1) = " p " || '-')"

/* A source filter (NULL: any): as LANG_OF, tm.c keeping the script. */
#define ANY_LANG_OF(col, p) "(" p "::text IS NULL OR " LANG_OF(col, p) ")"

static const char *col(const PGresult *r, int row, int c) {
  return PQgetisnull(r, row, c) ? NULL : PQgetvalue(r, row, c);
}

static long long icol(const PGresult *r, int row, int c) {
  return strtoll(PQgetvalue(r, row, c), NULL, 10);
}

static int emit_row(const PGresult *r, int i, nl_tm_row_fn fn, void *ctx) {
  nl_tm_row row;
  row.sig = NULL;
  row.source_lang = col(r, i, 0);
  row.target_lang = col(r, i, 1);
  row.source = col(r, i, 2);
  row.source_markup = col(r, i, 3);
  row.key = col(r, i, 4);
  row.words = NULL;
  row.target = col(r, i, 5);
  row.target_markup = col(r, i, 6);
  row.hash = icol(r, i, 7);
  row.key_hash = icol(r, i, 8);
  row.prev_hash = icol(r, i, 9);
  row.next_hash = icol(r, i, 10);
  row.article_id = col(r, i, 11);
  row.unit_id = col(r, i, 12);
  row.service = col(r, i, 13);
  row.translator = col(r, i, 14);
  row.status = (nl_tm_status)icol(r, i, 15);
  row.created = icol(r, i, 16);
  row.changed = icol(r, i, 17);
  row.meta = col(r, i, 18);
  return fn(ctx, &row);
}

typedef struct query {
  const char *sql;
  int n;
  const char *params[8];
  nl_tm_row_fn fn; /* rows go here, one at a time (single-row mode) */
  void *ctx;
  PGresult *result; /* or are kept here (fn NULL) */
  int stopped;
  long emitted; /* rows given to fn: once any were, no retry */
} query;

static int run_query(pg_store *s, void *arg, nl_error *err) {
  query *q = arg;
  PQclear(q->result);
  q->result = NULL;
  if (!PQsendQueryParams(s->conn, q->sql, q->n, NULL, q->params, NULL, NULL,
                         0))
    return db_error(s, NULL, err, "reading the TM");
  if (q->fn)
    PQsetSingleRowMode(s->conn);
  int rc = 0;
  PGresult *r;
  while ((r = PQgetResult(s->conn)) != NULL) {
    if (rc == 0 && !result_ok(r))
      rc = db_error(s, r, err, "reading the TM");
    if (rc == 0 && q->fn && !q->stopped && PQntuples(r) == 1 &&
        (q->emitted++, q->stopped = emit_row(r, 0, q->fn, q->ctx)) != 0)
      PQrequestCancel(s->conn); /* the rest is not wanted */
    if (rc == 0 && !q->fn && q->result == NULL) {
      q->result = r;
      continue;
    }
    PQclear(r);
  }
  return rc;
}

/* A read, inside the open transaction (after its rows are merged) or
 * on its own, retried after transient failures either way. */
static int read_rows(pg_store *s, query *q, nl_error *err) {
  if (s->in_tx) {
    int rc = in_tx_retry(s, run_query, q, err);
    return rc < 0 ? rc : q->stopped;
  }
  int rc = 0;
  for (int attempt = 0;; attempt++) {
    nl_error e = NL_ERROR_INIT;
    q->stopped = 0;
    rc = run_query(s, q, &e);
    if (rc == 0 || attempt >= 5 || q->stopped || q->emitted)
      break; /* rows already given would be given twice */
    if (rc == NL_ENOMEM || !transient(s))
      return nl_error__set(err, rc, NULL, 0, 0, "%s", e.message);
    if (PQstatus(s->conn) != CONNECTION_OK &&
        (attempt > 0 || connect_server(s, err) < 0))
      return nl_error__set(err, rc, NULL, 0, 0, "%s", e.message);
  }
  return rc < 0 ? rc : q->stopped;
}

static char *int_param(char *buf, size_t cap, long long v) {
  snprintf(buf, cap, "%lld", v);
  return buf;
}

static int find_key_unit(pg_store *s, const nl_tm_filter *f, nl_tm_row_fn fn,
                         void *ctx, nl_error *err) {
  char hash[24];
  query q = {NULL, 0, {0}, fn, ctx, NULL, 0, 0};
  q.params[0] = f->source_lang;
  q.params[1] = f->target_lang;
  if (f->by == NL_TM_FIND_KEY) {
    q.sql = ROW_COLUMNS " WHERE " LANG_OF("s.lang", "$1") " AND t.lang = $2"
                        " AND s.key_hash = $3 ORDER BY t.changed DESC," TIE_ORDER;
    q.params[2] = int_param(hash, sizeof(hash), f->hash);
    q.n = 3;
  } else {
    q.sql = ROW_COLUMNS " WHERE " LANG_OF("s.lang", "$1") " AND t.lang = $2"
                        " AND c.article_id = $3 AND c.unit_id = $4"
                        " ORDER BY t.changed DESC," TIE_ORDER;
    q.params[2] = f->article_id ? f->article_id : "";
    q.params[3] = f->unit_id ? f->unit_id : "";
    q.n = 4;
  }
  return read_rows(s, &q, err);
}

/* "ORDER BY" for a phrase: FTS5's bm25 over the phrase's words, best
 * first, then by id (nl_tm_pg__bm25); from the side's totals and each
 * word's row count, as FTS5 takes them. */
static int phrase_rank(pg_store *s, nl_buf *out, const char *table,
                       const char *phrase, nl_error *err) {
  enum { MAXW = 64 };
  long long hits[MAXW], totals[2] = {0, 0};
  char sql[96];
  snprintf(sql, sizeof(sql),
           "SELECT rows, tokens FROM nl_totals WHERE side = '%s'", table);
  query t = {sql, 0, {0}, NULL, NULL, NULL, 0, 0};
  int rc = read_rows(s, &t, err), n = 0;
  for (int i = 0; rc == 0 && t.result && i < 2 && PQntuples(t.result); i++)
    totals[i] = icol(t.result, 0, i);
  PQclear(t.result);
  snprintf(sql, sizeof(sql),
           "SELECT count(*) FROM %s WHERE toks @> $1::text[]", table);
  size_t len = 0;
  for (const char *w = nl_tm__ascii_word(phrase, &len); rc == 0 && w && n < MAXW;
       w = nl_tm__ascii_word(w + len, &len), n++) {
    nl_buf one = NL_BUF_INIT;
    char word[512];
    snprintf(word, sizeof(word), "%.*s", (int)(len < 500 ? len : 500), w);
    if (nl_tm_pg__words(&one, word, NULL) < 0)
      rc = nl_error__nomem(err);
    query c = {sql, 1, {one.ptr}, NULL, NULL, NULL, 0, 0};
    if (rc == 0)
      rc = read_rows(s, &c, err);
    hits[n] = rc == 0 && c.result ? icol(c.result, 0, 0) : 0;
    PQclear(c.result);
    nl_buf_dispose(&one);
  }
  if (rc == 0 && (nl_tm_pg__bm25(out, "x.toks", phrase, totals[0], totals[1],
                                 hits, n) < 0 ||
                  nl_buf__puts(out, " DESC, x.id") < 0))
    rc = nl_error__nomem(err);
  return rc;
}

/* PHRASE ranks as FTS5's bm25 (phrase_rank); TEXT and WORDS take the
 * first rows by id, as FTS5 walks them unranked. */
static int find_words(pg_store *s, const nl_tm_filter *f, nl_tm_row_fn fn,
                      void *ctx, nl_error *err) {
  int target = f->target_side && f->by != NL_TM_FIND_WORDS;
  const char *table = target ? "target" : "source";
  nl_buf sql = NL_BUF_INIT, cond = NL_BUF_INIT, joined = NL_BUF_INIT;
  char limit[24];
  int rc = 0, words = 1;
  if (f->by == NL_TM_FIND_PHRASE) {
    nl_buf arr = NL_BUF_INIT;
    if (nl_tm_pg__words(&arr, f->text, &words) < 0 ||
        nl_tm_pg__joined(&joined, f->text, &words) < 0 ||
        nl_buf__printf(&cond,
                       "x.toks @> '%s'::text[] AND strpos(' ' ||"
                       " array_to_string(x.toks, ' ') || ' ', $4) > 0",
                       arr.ptr) < 0)
      rc = nl_error__nomem(err);
    nl_buf_dispose(&arr);
  } else {
    rc = nl_tm_pg__match(&cond, "x.toks", f->text ? f->text : "", err);
  }
  nl_buf rank = NL_BUF_INIT;
  if (rc == 0 && f->by == NL_TM_FIND_PHRASE && words > 0)
    rc = phrase_rank(s, &rank, table, f->text, err);
  const char *order = rank.ptr ? rank.ptr : "x.id";
  if (rc == 0 && words > 0 &&
      nl_buf__printf(&sql, ROW_COLUMNS " WHERE %s AND %s.id IN (SELECT x.id"
                     " FROM %s x WHERE %s ORDER BY %s LIMIT $3)"
                     " ORDER BY " TIE_ORDER,
                     f->by == NL_TM_FIND_WORDS
                         ? LANG_OF("s.lang", "$1") " AND t.lang = $2"
                         : ANY_LANG_OF("s.lang", "$1") " AND " LANG_IN("t.lang",
                                                                   "$2"),
                     target ? "t" : "s", table, cond.ptr, order) < 0)
    rc = nl_error__nomem(err);
  if (rc == 0 && words > 0) {
    query q = {sql.ptr, f->by == NL_TM_FIND_PHRASE ? 4 : 3, {0}, fn, ctx,
               NULL, 0, 0};
    q.params[0] = f->source_lang;
    q.params[1] = f->target_lang;
    q.params[2] = f->limit ? int_param(limit, sizeof(limit), (long long)f->limit)
                           : NULL; /* LIMIT NULL: all */
    q.params[3] = joined.ptr;
    rc = read_rows(s, &q, err);
  }
  nl_buf_dispose(&sql);
  nl_buf_dispose(&cond);
  nl_buf_dispose(&joined);
  nl_buf_dispose(&rank);
  return rc;
}

/* NL_TM_FIND_KEYS rows: the language, key and hashes alone. */
static int emit_key(const PGresult *r, int i, nl_tm_row_fn fn, void *ctx) {
  nl_tm_row row;
  memset(&row, 0, sizeof(row));
  row.source_lang = col(r, i, 0);
  row.key = col(r, i, 1);
  row.key_hash = icol(r, i, 2);
  row.hash = icol(r, i, 3);
  return fn(ctx, &row);
}

/* Runs a query of keys (FIND_KEYS, FIND_COMMON) and hands each on. */
static int key_rows(pg_store *s, query *q, nl_tm_row_fn fn, void *ctx,
                    nl_error *err) {
  int rc = read_rows(s, q, err);
  for (int i = 0; rc == 0 && q->result && i < PQntuples(q->result); i++)
    rc = emit_key(q->result, i, fn, ctx);
  PQclear(q->result);
  return rc;
}

static int find_keys(pg_store *s, const nl_tm_filter *f, nl_tm_row_fn fn,
                     void *ctx, nl_error *err) {
  nl_buf sql = NL_BUF_INIT, cond = NL_BUF_INIT;
  char limit[24];
  int rc = nl_tm_pg__match(&cond, "x.toks", f->text ? f->text : "", err);
  if (rc == 0 &&
      nl_buf__printf(&sql,
                     "SELECT s.lang, s.key, s.key_hash, s.hash FROM source s"
                     " WHERE s.id IN (SELECT x.id FROM source x WHERE %s"
                     " ORDER BY x.id LIMIT $3) AND " LANG_OF("s.lang", "$1")
                     " AND EXISTS"
                     " (SELECT 1 FROM target t WHERE t.source_id = s.id AND"
                     " t.lang = $2) ORDER BY s.id",
                     cond.ptr) < 0)
    rc = nl_error__nomem(err);
  query q = {sql.ptr, 3, {f->source_lang, f->target_lang,
                          f->limit ? int_param(limit, sizeof(limit),
                                               (long long)f->limit)
                                   : NULL},
             NULL, NULL, NULL, 0, 0};
  if (rc == 0)
    rc = key_rows(s, &q, fn, ctx, err);
  nl_buf_dispose(&sql);
  nl_buf_dispose(&cond);
  return rc;
}

/* How many of the words a row holds, as SQL over x.toks; *all gets
 * every token of them (an array literal), for the GIN index. */
static int held_expr(nl_buf *held, nl_buf *all, const nl_tm_filter *f) {
  if (nl_buf__putc(all, '{') < 0 || nl_buf__putc(held, '(') < 0)
    return -1;
  for (size_t i = 0; i < f->nwords; i++) {
    nl_buf arr = NL_BUF_INIT;
    int n = 0;
    int rc = nl_tm_pg__words(&arr, f->words[i], &n);
    if (rc == 0 && i && nl_buf__puts(held, " + ") < 0)
      rc = -1;
    if (rc == 0 && n == 0 && nl_buf__putc(held, '0') < 0)
      rc = -1; /* no token: held by none */
    if (rc == 0 && n > 0)
      rc = nl_buf__printf(held, "(x.toks @> '%s'::text[])::int", arr.ptr);
    if (rc == 0 && n > 0)
      rc = nl_buf__printf(all, "%s%.*s", all->size > 1 ? "," : "",
                          (int)arr.size - 2, arr.ptr + 1);
    nl_buf_dispose(&arr);
    if (rc < 0)
      return -1;
  }
  return nl_buf__putc(all, '}') < 0 || nl_buf__putc(held, ')') < 0 ? -1 : 0;
}

/* NL_TM_FIND_COMMON: rows holding at least `need` of the words, those
 * holding all first. The GIN index gives every row holding any of them
 * (the walk the SQLite store's bitmaps avoid: slower, the same rows). */
static int find_common(pg_store *s, const nl_tm_filter *f, nl_tm_row_fn fn,
                       void *ctx, nl_error *err) {
  nl_buf sql = NL_BUF_INIT, held = NL_BUF_INIT, all = NL_BUF_INIT;
  char limit[24], need[24], band[160] = "";
  if (f->len_hi > 0) /* ASCII keys of a length that can match, and others */
    snprintf(band, sizeof(band),
             " AND (x.key ~ '[^\\x01-\\x7f]' OR length(replace(x.key, ' ',"
             " '')) BETWEEN %ld AND %ld)",
             f->len_lo, f->len_hi);
  int rc = held_expr(&held, &all, f) < 0 ||
                   nl_buf__printf(
                       &sql,
                       "SELECT s.lang, s.key, s.key_hash, s.hash FROM source s"
                       " JOIN (SELECT x.id, %s AS held FROM source x WHERE"
                       " x.toks && '%s'::text[] AND %s >= $3::int%s ORDER BY 2"
                       " DESC, x.id LIMIT $4) h ON h.id = s.id WHERE "
                       LANG_OF("s.lang", "$1")
                       " AND EXISTS (SELECT 1 FROM target t WHERE"
                       " t.source_id = s.id AND t.lang = $2) ORDER BY h.held"
                       " DESC, s.id",
                       held.ptr, all.ptr, held.ptr, band) < 0
               ? nl_error__nomem(err)
               : 0;
  query q = {sql.ptr, 4, {f->source_lang, f->target_lang,
                          int_param(need, sizeof(need), (long long)f->need),
                          f->limit ? int_param(limit, sizeof(limit),
                                               (long long)f->limit)
                                   : NULL},
             NULL, NULL, NULL, 0, 0};
  if (rc == 0)
    rc = key_rows(s, &q, fn, ctx, err);
  nl_buf_dispose(&sql);
  nl_buf_dispose(&held);
  nl_buf_dispose(&all);
  return rc;
}

static int pg_find(nl_tm_store *base, const nl_tm_filter *f, nl_tm_row_fn fn,
                   void *ctx, nl_error *err) {
  pg_store *s = (pg_store *)base;
  if (f->by == NL_TM_FIND_COMMON)
    return find_common(s, f, fn, ctx, err);
  if (f->by == NL_TM_FIND_KEY || f->by == NL_TM_FIND_UNIT)
    return find_key_unit(s, f, fn, ctx, err);
  if (f->by == NL_TM_FIND_KEYS)
    return find_keys(s, f, fn, ctx, err);
  return find_words(s, f, fn, ctx, err);
}

static int pg_each(nl_tm_store *base, const char *sl, const char *tl,
                   nl_tm_row_fn fn, void *ctx, nl_error *err) {
  pg_store *s = (pg_store *)base;
  /* one row a translation, with the context SQLite's GROUP BY keeps
   * (the last by its index) */
  query q = {ROW_COLUMNS " WHERE " ANY_LANG_OF("s.lang", "$1") " AND "
              LANG_IN("t.lang", "$2") " AND (c.id IS NULL OR c.id = (SELECT"
              " c2.id FROM context c2 WHERE c2.target_id = t.id ORDER BY"
              " c2.prev_hash DESC, c2.next_hash DESC, c2.article_id COLLATE"
              " \"C\" DESC, c2.unit_id COLLATE \"C\" DESC LIMIT 1))"
              " ORDER BY t.id",
              2, {sl, tl}, fn, ctx, NULL, 0, 0};
  return read_rows(s, &q, err);
}

static int pg_rows(nl_tm_store *base, nl_tm_row_fn fn, void *ctx,
                   nl_error *err) {
  pg_store *s = (pg_store *)base;
  query q = {ROW_COLUMNS " ORDER BY t.id, c.id", 0, {0}, fn, ctx, NULL, 0, 0};
  return read_rows(s, &q, err);
}

/* Rows holding every word of the array literal `arr` (`words` of
 * them), up to `cap`: one word's count is kept (nl_words); several (a
 * word the tokenizer cuts, "$5+3") are counted. */
static int capped_count(pg_store *s, const char *arr, int words,
                        long long cap, long long *n, nl_error *err) {
  char capv[24];
  query q = {words == 1
                 ? "SELECT least(coalesce((SELECT df FROM nl_words WHERE"
                   " word = ($1::text[])[1]), 0), $2::bigint)"
                 : "SELECT count(*) FROM (SELECT 1 FROM source WHERE toks @>"
                   " $1::text[] LIMIT $2) x",
             2, {arr, int_param(capv, sizeof(capv), cap)}, NULL, NULL,
             NULL, 0, 0};
  int rc = read_rows(s, &q, err);
  *n = rc == 0 && q.result ? icol(q.result, 0, 0) : 0;
  PQclear(q.result);
  return rc;
}

/* word_count as the SQLite store answers it (st_word_count): exact up
 * to cap. */
static int pg_word_count(nl_tm_store *base, const char *word, long long cap,
                         long long *n, nl_error *err) {
  pg_store *s = (pg_store *)base;
  nl_buf arr = NL_BUF_INIT;
  int words = 0, rc = 0;
  *n = 0;
  if (nl_tm_pg__words(&arr, word, &words) < 0)
    return nl_error__nomem(err);
  if (words > 0)
    rc = capped_count(s, arr.ptr, words, cap, n, err);
  nl_buf_dispose(&arr);
  return rc;
}

static int pg_stats(nl_tm_store *base,
                    int (*fn)(void *ctx, const nl_tm_stats_row *row),
                    void *ctx, nl_error *err) {
  pg_store *s = (pg_store *)base;
  query q = {"SELECT s.lang, t.lang, count(*) FROM source s JOIN target t"
             " ON t.source_id = s.id GROUP BY 1, 2"
             " ORDER BY s.lang COLLATE \"C\", t.lang COLLATE \"C\"",
             0, {0}, NULL, NULL, NULL, 0, 0};
  int rc = read_rows(s, &q, err);
  for (int i = 0; rc == 0 && q.result && i < PQntuples(q.result); i++) {
    nl_tm_stats_row r = {PQgetvalue(q.result, i, 0),
                         PQgetvalue(q.result, i, 1), icol(q.result, i, 2)};
    rc = fn(ctx, &r);
  }
  PQclear(q.result);
  return rc;
}

typedef struct prune_args {
  long long before, *deleted;
  int status;
} prune_args;

static int prune_step(pg_store *s, void *arg, nl_error *err) {
  prune_args *a = arg;
  char before[24], status[24];
  const char *params[2] = {int_param(before, sizeof(before), a->before),
                           int_param(status, sizeof(status), a->status)};
  PGresult *r = PQexecParams(
      s->conn,
      "WITH n AS (DELETE FROM target WHERE ($1::bigint = 0 OR changed < $1)"
      " AND ($2::int < 0 OR status = $2) RETURNING toks), u AS ("
      TOTALS_BY("target", "-") ") SELECT count(*) FROM n",
      2, NULL, params, NULL, NULL, 0);
  int rc = result_ok(r) ? 0 : db_error(s, r, err, "pruning the TM");
  if (rc == 0)
    *a->deleted = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  if (rc == 0)
    rc = exec(s,
              "WITH n AS (DELETE FROM source WHERE NOT EXISTS (SELECT 1 FROM"
              " target t WHERE t.source_id = source.id) RETURNING toks),"
              " u AS (" TOTALS_BY("source", "-") "), d(w, c) AS ("
              WORD_COUNTS ") UPDATE nl_words SET df = df - d.c FROM d"
              " WHERE nl_words.word = d.w",
              err, "pruning the TM");
  return rc;
}

static int pg_prune(nl_tm_store *base, long long before, int status,
                    long long *deleted, nl_error *err) {
  pg_store *s = (pg_store *)base;
  prune_args a = {before, deleted, status};
  int rc = pg_begin(base, err);
  if (rc == 0)
    rc = in_tx_retry(s, prune_step, &a, err);
  if (rc == 0)
    rc = pg_commit(base, err);
  else
    pg_rollback(base);
  return rc;
}

static void pg_close(nl_tm_store *base) {
  pg_store *s = (pg_store *)base;
  if (s == NULL)
    return;
  if (s->conn && PQstatus(s->conn) == CONNECTION_OK)
    pg_rollback(base);
  if (s->conn)
    PQfinish(s->conn);
  nl_buf_dispose(&s->redo);
  free(s->conninfo);
  free(s->name);
  free(s);
}

static const nl_tm_store_ops pg_ops = {
    .close = pg_close,   .begin = pg_begin, .commit = pg_commit,
    .rollback = pg_rollback, .add = pg_add, .find = pg_find,
    .each = pg_each,     .rows = pg_rows,   .word_count = pg_word_count,
    .stats = pg_stats,   .prune = pg_prune};

/* ---- opening -------------------------------------------------------------------- */

static int set_up(pg_store *s, nl_error *err) {
  long long v = 0;
  int rc = schema_version(s, &v, err);
  if (rc == 0 && s->read_only && v < PG_SCHEMA)
    rc = nl_error__set(err, NL_ENOTFOUND, NULL, 0, 0,
                       "the TM at %s is empty or from an older newsloc; open "
                       "it for writing once (tm import) to set it up",
                       s->name);
  if (rc == 0 && !s->read_only && v < PG_SCHEMA)
    rc = migrate(s, err);
  return rc;
}

int nl_tm_pg__open(nl_tm_store **out, const char *conninfo,
                   const nl_tm_options *opts, nl_error *err) {
  *out = NULL;
  pg_store *s = calloc(1, sizeof(*s));
  if (s == NULL || (s->conninfo = nl__strdup(conninfo)) == NULL) {
    free(s);
    return nl_error__nomem(err);
  }
  s->base.ops = &pg_ops;
  s->read_only = opts->read_only;
  s->busy_ms = opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 600000;
  s->on_wait = opts->on_wait;
  s->wait_ctx = opts->wait_ctx;
  /* a connection cut while setting up (a server restarting) is made
   * again; one that cannot be made at all is reported at once */
  int rc = nl_pq__load(err);
  if (rc == 0)
    rc = connect_server(s, err);
  for (int attempt = 0; rc == 0; attempt++) {
    nl_error e = NL_ERROR_INIT;
    if ((rc = set_up(s, &e)) == 0 || attempt >= 3 || !transient(s)) {
      if (rc < 0)
        nl_error__set(err, rc, NULL, 0, 0, "%s", e.message);
      break;
    }
    rc = connect_server(s, err);
  }
  if (rc < 0) {
    pg_close(&s->base);
    return rc;
  }
  *out = &s->base;
  return 0;
}
