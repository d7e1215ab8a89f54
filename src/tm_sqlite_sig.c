/*
 * tm_sqlite_sig.c - key signatures of the SQLite store (tm_sqlite_sig.h).
 *
 * A common-word lookup at 4M units looked at ~4,000 candidate keys, each
 * a cold B-tree search of the source table (~2.4 us), and the bag bound
 * then turned ~94% of them away. The signature holds what that bound
 * needs in 20 bytes, 1,024 rows a part (20 KB, inside one 64 KB page):
 * consecutive candidates mostly share a part, and only the keys that may
 * reach the floor are read. A row id whose part or entry is missing (an
 * entry of zeros) is simply read, so a stale or absent signature can
 * only cost time; ids reused after a prune get their new signature when
 * they are added again, as every added row does.
 */
#include <stdlib.h>
#include <string.h>

#include "tm_sqlite_sig.h"

static const size_t PART_BYTES = (size_t)NL_TM_SIG_ROWS * NL_TM_SIG;

static const char get_sql[] = "SELECT sigs FROM nl_sig WHERE part = ?1";

int nl_tm_sqlite_sig__begin(sqlite3 *db, nl_tm_sigs *s) {
  s->get = s->put = NULL;
  s->part = -1;
  int rc = sqlite3_prepare_v2(db, get_sql, -1, &s->get, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO nl_sig(part, sigs)"
                                " VALUES (?1, ?2)",
                            -1, &s->put, NULL);
  return rc;
}

static int flush(nl_tm_sigs *s) {
  if (s->part < 0)
    return SQLITE_OK;
  sqlite3_bind_int64(s->put, 1, s->part);
  sqlite3_bind_blob(s->put, 2, s->buf, (int)PART_BYTES, SQLITE_STATIC);
  int rc = sqlite3_step(s->put);
  sqlite3_reset(s->put);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* buf = part p as stored (a part rows were added to in an earlier
 * batch), or zeros. */
static int load(nl_tm_sigs *s, long long p) {
  memset(s->buf, 0, PART_BYTES);
  s->part = p;
  sqlite3_bind_int64(s->get, 1, p);
  int rc = sqlite3_step(s->get);
  if (rc == SQLITE_ROW) {
    const void *b = sqlite3_column_blob(s->get, 0);
    if (b && (size_t)sqlite3_column_bytes(s->get, 0) == PART_BYTES)
      memcpy(s->buf, b, PART_BYTES);
    rc = SQLITE_DONE;
  }
  sqlite3_reset(s->get);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* *at = where row id's signature goes (its part loaded). */
static int slot(nl_tm_sigs *s, long long id, unsigned char **at) {
  long long p = id >> NL_TM_SIG_SHIFT;
  int rc = SQLITE_OK;
  if (p != s->part && (rc = flush(s)) == SQLITE_OK)
    rc = load(s, p);
  *at = s->buf + (size_t)(id & (NL_TM_SIG_ROWS - 1)) * NL_TM_SIG;
  return rc;
}

int nl_tm_sqlite_sig__add(nl_tm_sigs *s, long long id, const char *key) {
  unsigned char *at = NULL;
  int rc = slot(s, id, &at);
  if (rc == SQLITE_OK)
    nl_tm_fuzzy__sig(key ? key : "", at);
  return rc;
}

int nl_tm_sqlite_sig__put(nl_tm_sigs *s, long long id,
                          const unsigned char *sig) {
  unsigned char *at = NULL;
  int rc = slot(s, id, &at);
  if (rc == SQLITE_OK)
    memcpy(at, sig, NL_TM_SIG);
  return rc;
}

int nl_tm_sqlite_sig__end(nl_tm_sigs *s, int rc) {
  if (rc == SQLITE_OK)
    rc = flush(s);
  sqlite3_finalize(s->get);
  sqlite3_finalize(s->put);
  s->get = s->put = NULL;
  return rc;
}

int nl_tm_sqlite_sig__fill(sqlite3 *db) {
  nl_tm_sigs *s = malloc(sizeof(*s));
  sqlite3_stmt *st = NULL;
  if (s == NULL)
    return SQLITE_NOMEM;
  int rc = nl_tm_sqlite_sig__begin(db, s);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "SELECT id, key FROM source ORDER BY id", -1,
                            &st, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
    rc = nl_tm_sqlite_sig__add(s, sqlite3_column_int64(st, 0),
                               (const char *)sqlite3_column_text(st, 1));
  sqlite3_finalize(st);
  rc = nl_tm_sqlite_sig__end(s, rc == SQLITE_DONE ? SQLITE_OK : rc);
  free(s);
  return rc;
}

int nl_tm_sqlite_sig__get(nl_tm_sig_reader *r, long long id,
                          const unsigned char **sig) {
  long long p = id >> NL_TM_SIG_SHIFT;
  int rc = SQLITE_OK;
  *sig = NULL;
  if (p != r->part) {
    r->part = p;
    if (r->b)
      rc = sqlite3_blob_reopen(r->b, p);
    else
      rc = sqlite3_blob_open(r->db, "main", "nl_sig", "sigs", p, 0, &r->b);
    if (rc != SQLITE_OK) { /* a part no row has reached yet: read them */
      sqlite3_blob_close(r->b); /* an aborted handle cannot move again */
      r->b = NULL;
    }
  }
  if (r->b == NULL || sqlite3_blob_bytes(r->b) != (int)PART_BYTES)
    return rc == SQLITE_ERROR ? SQLITE_OK : rc;
  rc = sqlite3_blob_read(r->b, r->sig, NL_TM_SIG,
                         (int)(id & (NL_TM_SIG_ROWS - 1)) * NL_TM_SIG);
  if (rc == SQLITE_OK)
    *sig = r->sig;
  return rc;
}

void nl_tm_sqlite_sig__done(nl_tm_sig_reader *r) {
  sqlite3_blob_close(r->b);
  r->b = NULL;
  r->part = -1;
}
