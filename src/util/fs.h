/*
 * util/fs.h - writing a file whole or not at all, in pieces (internal).
 *
 * Open, write as often as needed, then commit or abort. Until the commit
 * nothing at the destination changes. How the bytes get there depends on
 * what the destination is (see fs.c): a regular file is replaced by
 * rename, anything else (a device, a FIFO, standard output "-", a file
 * with other hard links) is written in place at the commit.
 */
#ifndef NL_UTIL_FS_H
#define NL_UTIL_FS_H

#include <stddef.h>
#include <sys/types.h>
#include <newsloc/error.h>
#include <newsloc/io.h>

typedef struct nl_atomic {
  int fd;          /* where the bytes go until the commit */
  int in_place;    /* 1: copied into the destination at the commit */
  int linked;      /* the temporary file has a name (tmp) */
  char *tmp;       /* its name, beside the destination */
  char *path;      /* the destination as given, for messages */
  char *target;    /* the destination, symbolic links followed */
  dev_t dev;       /* the destination's identity, when it exists */
  ino_t ino;
  int exists;
  nl_temp_fn on_temp; /* told of each named temporary file */
  void *ctx;
} nl_atomic;

int nl_atomic__open(nl_atomic *f, const char *path, nl_temp_fn on_temp,
                    void *ctx, nl_error *err);
int nl_atomic__write(nl_atomic *f, const char *data, size_t len,
                     nl_error *err);
/* Everything written is on disk, nothing at the destination changed yet;
 * the one step left (a rename) rarely fails. Idempotent. */
int nl_atomic__ready(nl_atomic *f, nl_error *err);
/* Makes the file visible under its name; frees `f` either way. */
int nl_atomic__commit(nl_atomic *f, nl_error *err);
/* Removes the temporary file; frees `f`. Safe after a failed open. */
void nl_atomic__abort(nl_atomic *f);
/* 1 when the two are the same destination (the same file, or both
 * standard output). */
int nl_atomic__same(const nl_atomic *a, const nl_atomic *b);

#endif
