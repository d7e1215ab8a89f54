/*
 * tm_sqlite_ckpt.c - WAL checkpoints on a thread of their own (see
 * tm_sqlite_ckpt.h).
 *
 * The writer's WAL hook, called after each commit with the frames the
 * WAL holds, asks the thread for a PASSIVE checkpoint on its own
 * connection. A PASSIVE checkpoint copies what no reader still needs
 * and waits for nobody; the writer's commits and crash safety are
 * SQLite's as before (a checkpoint only copies committed pages, and a
 * killed one is redone from the WAL). When the thread or its connection
 * cannot be had, the hook checkpoints on the writer's connection, as
 * SQLite's own hook does.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tm_sqlite_ckpt.h"
#include "util/buf.h"

struct nl_tm_ckpt {
  sqlite3 *db; /* the writer's */
  char *path;
  long long frames;  /* in the WAL after the writer's last commit */
  long long page;    /* the file's page size, once asked */
  long long wal_max; /* bytes */
  pthread_t thread;
  int started;       /* the thread runs (the writer's side only) */
  pthread_mutex_t mu;
  pthread_cond_t moved;
  int pending, busy, quit, failed; /* under mu */
  long long runs;                  /* under mu */
};

/* ---- the thread ------------------------------------------------------------ */

static void *ckpt_main(void *arg) {
  nl_tm_ckpt *c = arg;
  sqlite3 *db = NULL;
  int ok = sqlite3_open_v2(c->path, &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                           NULL) == SQLITE_OK &&
           sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL,
                        NULL) == SQLITE_OK;
  pthread_mutex_lock(&c->mu);
  c->failed = !ok;
  while (ok && !c->quit) {
    if (!c->pending) {
      pthread_cond_wait(&c->moved, &c->mu);
      continue;
    }
    c->pending = 0;
    c->busy = 1;
    pthread_mutex_unlock(&c->mu);
    /* SQLITE_BUSY (another process's checkpoint) is no failure: the
     * next commit asks again, and the last writer truncates */
    sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
                              NULL);
    pthread_mutex_lock(&c->mu);
    c->busy = 0;
    c->runs++;
    pthread_cond_broadcast(&c->moved);
  }
  c->pending = 0;
  pthread_cond_broadcast(&c->moved);
  pthread_mutex_unlock(&c->mu);
  sqlite3_close(db);
  return NULL;
}

/* ---- the writer's side ------------------------------------------------------ */

static int on_commit(void *ctx, sqlite3 *db, const char *name, int frames) {
  nl_tm_ckpt *c = ctx;
  c->frames = frames;
  if (frames < NL_TM_CKPT_FRAMES)
    return SQLITE_OK;
  if (!c->started)
    c->started = pthread_create(&c->thread, NULL, ckpt_main, c) == 0;
  pthread_mutex_lock(&c->mu);
  int failed = c->failed || !c->started;
  if (!failed) {
    c->pending = 1;
    pthread_cond_broadcast(&c->moved);
  }
  pthread_mutex_unlock(&c->mu);
  if (failed)
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL,
                              NULL);
  return SQLITE_OK;
}

nl_tm_ckpt *nl_tm_ckpt__new(sqlite3 *db, const char *path,
                            long long wal_max) {
  nl_tm_ckpt *c = calloc(1, sizeof(*c));
  if (c == NULL || (c->path = nl__strdup(path)) == NULL) {
    free(c);
    return NULL;
  }
  c->db = db;
  c->wal_max = wal_max;
  if (pthread_mutex_init(&c->mu, NULL) != 0) {
    free(c->path);
    free(c);
    return NULL;
  }
  if (pthread_cond_init(&c->moved, NULL) != 0) {
    pthread_mutex_destroy(&c->mu);
    free(c->path);
    free(c);
    return NULL;
  }
  sqlite3_wal_hook(db, on_commit, c);
  return c;
}

static long long page_size(nl_tm_ckpt *c) {
  sqlite3_stmt *st = NULL;
  if (c->page == 0 &&
      sqlite3_prepare_v2(c->db, "PRAGMA page_size", -1, &st, NULL) ==
          SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    c->page = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return c->page > 0 ? c->page : 4096;
}

static void wait_idle(nl_tm_ckpt *c) {
  pthread_mutex_lock(&c->mu);
  while (c->pending || c->busy)
    pthread_cond_wait(&c->moved, &c->mu);
  pthread_mutex_unlock(&c->mu);
}

void nl_tm_ckpt__before_write(nl_tm_ckpt *c) {
  if (c && c->started && c->frames * page_size(c) >= c->wal_max)
    wait_idle(c);
}

long long nl_tm_ckpt__runs(nl_tm_ckpt *c) {
  pthread_mutex_lock(&c->mu);
  long long n = c->runs;
  pthread_mutex_unlock(&c->mu);
  return n;
}

void nl_tm_ckpt__free(nl_tm_ckpt *c) {
  if (c == NULL)
    return;
  sqlite3_wal_hook(c->db, NULL, NULL);
  if (c->started) {
    pthread_mutex_lock(&c->mu);
    c->quit = 1;
    pthread_cond_broadcast(&c->moved);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->thread, NULL);
  }
  pthread_cond_destroy(&c->moved);
  pthread_mutex_destroy(&c->mu);
  free(c->path);
  free(c);
}
