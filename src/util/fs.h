/*
 * util/fs.h - writing a file atomically, in pieces (internal).
 *
 * For outputs too large to build in memory (TMX exports): open, write
 * as often as needed, then commit (fsync + rename over the destination)
 * or abort (the temporary file is removed, the destination untouched).
 * "-" writes to standard output directly.
 */
#ifndef NL_UTIL_FS_H
#define NL_UTIL_FS_H

#include <stddef.h>
#include <newsloc/error.h>

typedef struct nl_atomic {
  int fd;      /* -1 for standard output */
  char *tmp;   /* the temporary file, NULL for standard output */
  char *path;  /* the destination */
} nl_atomic;

int nl_atomic__open(nl_atomic *f, const char *path, nl_error *err);
int nl_atomic__write(nl_atomic *f, const char *data, size_t len,
                     nl_error *err);
/* Makes the file visible under its name; frees `f` either way. */
int nl_atomic__commit(nl_atomic *f, nl_error *err);
/* Removes the temporary file; frees `f`. Safe after a failed open. */
void nl_atomic__abort(nl_atomic *f);

#endif
