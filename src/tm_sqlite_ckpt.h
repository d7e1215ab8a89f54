/*
 * tm_sqlite_ckpt.h - the SQLite store's WAL checkpoints, on a thread of
 * their own (internal; a writer's connection).
 *
 * SQLite checkpoints on the committing connection, after the commit:
 * an import's writer thread then copied every page of each batch from
 * the WAL into the file itself (the copy, its reads and the fsyncs were
 * about a tenth of the writer at 4M units, and the writer sets an
 * import's pace). Here a second connection to the same file does it,
 * PASSIVE (it never blocks a writer or a reader), while the writer goes
 * on with the next batch.
 *
 * The WAL restarts from its beginning only when a transaction begins
 * with every frame copied, so a writer that never waits would grow it
 * by every batch. nl_tm_ckpt__before_write waits for the checkpoint in
 * progress once the WAL holds `wal_max` bytes (the store's:
 * NL_TM_CKPT_WAL_MAX): the WAL stays under that plus one transaction,
 * and most checkpoints overlap the writer's work.
 */
#ifndef NL_TM_SQLITE_CKPT_H
#define NL_TM_SQLITE_CKPT_H

#include <sqlite3.h>

/* The store's wal_max: 1 GB, two or three of a large import's batches. */
#define NL_TM_CKPT_WAL_MAX (1024LL * 1024 * 1024)
/* A checkpoint is asked for once a commit leaves this many frames in
 * the WAL (SQLite's wal_autocheckpoint default). */
#define NL_TM_CKPT_FRAMES 1000

typedef struct nl_tm_ckpt nl_tm_ckpt;

/* Checkpoints the thread has run to their end (for tests). */
long long nl_tm_ckpt__runs(nl_tm_ckpt *c);

/* Takes over the checkpoints of `db`, whose file is `path`: installs a
 * WAL hook (replacing the automatic checkpoint). The thread and its
 * connection start at the first checkpoint; when they cannot, the hook
 * checkpoints on `db` as SQLite would. NULL when out of memory (then
 * SQLite's automatic checkpoint stays). */
nl_tm_ckpt *nl_tm_ckpt__new(sqlite3 *db, const char *path,
                            long long wal_max);

/* Before a write transaction on `db`: waits for the checkpoint in
 * progress when the WAL has grown to wal_max bytes. */
void nl_tm_ckpt__before_write(nl_tm_ckpt *c);

/* Waits for the checkpoint in progress, stops the thread, closes its
 * connection and removes the hook (before `db` is closed). */
void nl_tm_ckpt__free(nl_tm_ckpt *c);

#endif
