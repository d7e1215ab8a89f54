/*
 * util/fs.c - reading files and writing them atomically.
 *
 * Writes go to "DIR/.NAME.XXXXXX" in the destination's own directory (a
 * rename is only atomic within one file system), are fsync'ed, and then
 * renamed over the destination. On any failure the temporary file is
 * removed and the destination is untouched.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <newsloc/io.h>

#include "error.h"
#include "util/buf.h"
#include "util/fs.h"

int nl_file_read(const char *path, nl_buf *out, nl_error *err) {
  int stdin_ = strcmp(path, "-") == 0;
  const char *name = stdin_ ? "<stdin>" : path;
  FILE *f = stdin_ ? stdin : fopen(path, "rb");
  if (f == NULL)
    return nl_error__set(err, errno == ENOENT ? NL_ENOTFOUND : NL_EIO, name,
                         0, 0, "cannot open: %s", strerror(errno));
  int rc = 0;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    if (nl_buf__put(out, chunk, n) < 0) {
      rc = nl_error__nomem(err);
      goto done;
    }
  }
  if (ferror(f))
    rc = nl_error__set(err, NL_EIO, name, 0, 0, "read failed: %s",
                       strerror(errno));
  else if (out->ptr == NULL && nl_buf__grow(out, 0) < 0)
    rc = nl_error__nomem(err);
done:
  if (!stdin_)
    fclose(f);
  return rc;
}

static int write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t w = write(fd, data, len);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    data += w;
    len -= (size_t)w;
  }
  return 0;
}

void nl_atomic__abort(nl_atomic *f) {
  if (f->tmp) {
    if (f->fd >= 0)
      close(f->fd);
    unlink(f->tmp);
  }
  free(f->tmp);
  free(f->path);
  f->tmp = f->path = NULL;
  f->fd = -1;
}

int nl_atomic__open(nl_atomic *f, const char *path, nl_error *err) {
  f->fd = -1;
  f->tmp = NULL;
  f->path = nl__strdup(path);
  if (f->path == NULL)
    return nl_error__nomem(err);
  if (strcmp(path, "-") == 0)
    return 0;
  nl_buf tmp = NL_BUF_INIT;
  const char *slash = strrchr(path, '/');
  size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
  if (nl_buf__put(&tmp, path, dirlen) < 0 ||
      nl_buf__printf(&tmp, ".%s.XXXXXX", path + dirlen) < 0) {
    nl_buf_dispose(&tmp);
    nl_atomic__abort(f);
    return nl_error__nomem(err);
  }
  f->fd = mkstemp(tmp.ptr);
  if (f->fd < 0) {
    int e = errno;
    nl_buf_dispose(&tmp);
    nl_atomic__abort(f);
    return nl_error__set(err, NL_EIO, path, 0, 0, "cannot create file: %s",
                         strerror(e));
  }
  f->tmp = tmp.ptr;
  /* mkstemp makes the file 0600; outputs are ordinary files. */
  mode_t mask = umask(0);
  umask(mask);
  if (fchmod(f->fd, 0666 & ~mask) < 0) {
    int e = errno;
    nl_atomic__abort(f);
    return nl_error__set(err, NL_EIO, path, 0, 0, "cannot create file: %s",
                         strerror(e));
  }
  return 0;
}

int nl_atomic__write(nl_atomic *f, const char *data, size_t len,
                     nl_error *err) {
  int ok = f->tmp ? write_all(f->fd, data, len) == 0
                  : fwrite(data, 1, len, stdout) == len;
  if (!ok)
    return nl_error__set(err, NL_EIO, f->tmp ? f->path : "<stdout>", 0, 0,
                         "write failed: %s", strerror(errno));
  return 0;
}

int nl_atomic__commit(nl_atomic *f, nl_error *err) {
  int rc = 0;
  if (f->tmp == NULL) {
    if (fflush(stdout) != 0)
      rc = nl_error__set(err, NL_EIO, "<stdout>", 0, 0, "write failed: %s",
                         strerror(errno));
    nl_atomic__abort(f);
    return rc;
  }
  if (fsync(f->fd) < 0 || close(f->fd) < 0 || rename(f->tmp, f->path) < 0) {
    rc = nl_error__set(err, NL_EIO, f->path, 0, 0, "cannot write: %s",
                       strerror(errno));
    f->fd = -1;
    nl_atomic__abort(f);
    return rc;
  }
  free(f->tmp);
  free(f->path);
  f->tmp = f->path = NULL;
  f->fd = -1;
  return 0;
}

int nl_file_write_atomic(const char *path, const char *data, size_t len,
                         nl_error *err) {
  nl_atomic f;
  int rc = nl_atomic__open(&f, path, err);
  if (rc < 0)
    return rc;
  if ((rc = nl_atomic__write(&f, data, len, err)) < 0) {
    nl_atomic__abort(&f);
    return rc;
  }
  return nl_atomic__commit(&f, err);
}
