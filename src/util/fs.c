/*
 * util/fs.c - reading files, and writing them whole or not at all.
 *
 * What an output becomes depends on what its destination is:
 *  - a regular file (or none yet): the bytes go to a temporary file in
 *    the destination's directory (a rename is atomic only within one file
 *    system), which takes the old file's mode, owner and group, is
 *    fsync'ed and renamed over it. A file we may not write is refused,
 *    not replaced. A symbolic link is followed: the file
 *    it names is replaced, the link stays. The temporary file has no name
 *    while it is written (O_TMPFILE) and gets one only just before the
 *    rename, so that a signal or a crash leaves nothing behind; where the
 *    file system cannot do that, it is a hidden ".NAME.XXXXXX", reported
 *    to the caller's nl_temp_fn so that a program can remove it when a
 *    signal ends it.
 *  - anything else is written in place, at the commit, from a spool (an
 *    unnamed file in TMPDIR): a device (/dev/null, /dev/full), a FIFO,
 *    standard output ("-"), any path under /dev or /proc (/dev/stdout is
 *    whatever the shell made it), a dangling symbolic link, and a regular
 *    file with other hard links, which a rename would split from them,
 *    or one whose owner or group a file we make could not take (not
 *    root: another user's file, a group we are not in).
 *    Those last writes are not atomic: a failure in the middle leaves it cut.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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

/* All of `from`, from its start, to `to`; -1 with errno set. */
static int copy_fd(int from, int to) {
  char chunk[65536];
  if (lseek(from, 0, SEEK_SET) < 0)
    return -1;
  for (;;) {
    ssize_t n = read(from, chunk, sizeof(chunk));
    if (n == 0)
      return 0;
    if (n < 0 && errno != EINTR)
      return -1;
    if (n > 0 && write_all(to, chunk, (size_t)n) < 0)
      return -1;
  }
}

static int fail(nl_atomic *f, const char *what, int e, nl_error *err) {
  int rc = nl_error__set(err, NL_EIO, strcmp(f->path, "-") ? f->path
                                                           : "<stdout>",
                         0, 0, "%s: %s", what, strerror(e));
  nl_atomic__abort(f);
  return rc;
}

static void forget_tmp(nl_atomic *f) {
  if (f->linked && f->on_temp)
    f->on_temp(f->ctx, f->tmp, 0);
  f->linked = 0;
}

void nl_atomic__abort(nl_atomic *f) {
  if (f->fd >= 0)
    close(f->fd);
  if (f->linked) {
    unlink(f->tmp);
    forget_tmp(f);
  }
  free(f->tmp);
  free(f->path);
  free(f->target);
  f->tmp = f->path = f->target = NULL;
  f->fd = -1;
}

/* "DIR/.NAME.XXXXXX" for `target` (the X's left for the caller). */
static char *tmp_name(const char *target) {
  nl_buf b = NL_BUF_INIT;
  const char *slash = strrchr(target, '/');
  size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
  if (nl_buf__put(&b, target, dirlen) < 0 ||
      nl_buf__printf(&b, ".%s.XXXXXX", target + dirlen) < 0) {
    nl_buf_dispose(&b);
    return NULL;
  }
  return nl_buf__detach(&b);
}

/* The bytes of an output written in place wait in an unnamed file. */
static int open_spool(nl_atomic *f, nl_error *err) {
  f->in_place = 1;
  FILE *spool = tmpfile();
  f->fd = spool ? dup(fileno(spool)) : -1;
  int e = errno;
  if (spool)
    fclose(spool);
  return f->fd < 0 ? fail(f, "cannot create a temporary file", e, err) : 0;
}

/* The file that will be renamed over the destination, taking the mode
 * (and owner) of the one it replaces. */
static int open_beside(nl_atomic *f, const struct stat *old, nl_error *err) {
  if ((f->tmp = tmp_name(f->target)) == NULL) {
    nl_atomic__abort(f);
    return nl_error__nomem(err);
  }
#ifdef O_TMPFILE
  char *slash = strrchr(f->tmp, '/');
  if (slash)
    *slash = '\0';
  f->fd = open(slash ? (slash == f->tmp ? "/" : f->tmp) : ".",
               O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
  if (slash)
    *slash = '/';
#endif
  if (f->fd < 0) { /* no O_TMPFILE here: a named file, reported */
    mode_t mask = umask(0);
    umask(mask);
    f->fd = mkstemp(f->tmp);
    if (f->fd < 0)
      return fail(f, "cannot create file", errno, err);
    f->linked = 1;
    if (f->on_temp)
      f->on_temp(f->ctx, f->tmp, 1);
    if (old == NULL && fchmod(f->fd, 0666 & ~mask) < 0)
      return fail(f, "cannot create file", errno, err);
  }
  struct stat now;
  if (old && fstat(f->fd, &now) == 0 &&
      (now.st_uid != old->st_uid || now.st_gid != old->st_gid) &&
      fchown(f->fd, old->st_uid, old->st_gid) < 0)
    return fail(f, "cannot keep the file's owner", errno, err);
  if (old && fchmod(f->fd, old->st_mode & 07777) < 0)
    return fail(f, "cannot keep the file's mode", errno, err);
  return 0;
}

/* Whether a file made now can be given `old`'s owner and group: always
 * as root; else only when we own it and belong to its group. Otherwise a
 * rename would hand someone else's file to us, and it is written in
 * place instead, as a shell's > would. */
static int can_keep_owner(const struct stat *old) {
  if (geteuid() == 0)
    return 1;
  if (old->st_uid != geteuid())
    return 0;
  if (old->st_gid == getegid())
    return 1;
  gid_t groups[NGROUPS_MAX];
  int n = getgroups(NGROUPS_MAX, groups);
  for (int i = 0; i < n; i++)
    if (groups[i] == old->st_gid)
      return 1;
  return 0;
}

/* The destination as it will be known: its real path when it exists,
 * else its real directory and its name. */
static char *real_target(const char *path) {
  char *real = realpath(path, NULL);
  if (real)
    return real;
  const char *slash = strrchr(path, '/');
  char *dir = slash ? nl__strndup(path, (size_t)(slash - path) + 1)
                    : nl__strdup(".");
  char *rdir = dir ? realpath(dir, NULL) : NULL;
  nl_buf b = NL_BUF_INIT;
  if (rdir == NULL || nl_buf__printf(&b, "%s/%s", rdir,
                                     slash ? slash + 1 : path) < 0)
    nl_buf__puts(&b, path);
  free(dir);
  free(rdir);
  return nl_buf__detach(&b);
}

int nl_atomic__open(nl_atomic *f, const char *path, nl_temp_fn on_temp,
                    void *ctx, nl_error *err) {
  memset(f, 0, sizeof(*f));
  f->fd = -1;
  f->on_temp = on_temp;
  f->ctx = ctx;
  f->path = nl__strdup(path);
  f->target = f->path ? (strcmp(path, "-") == 0 ? nl__strdup(path)
                                                : real_target(path))
                      : NULL;
  if (f->target == NULL) {
    nl_atomic__abort(f);
    return nl_error__nomem(err);
  }
  if (strcmp(path, "-") == 0)
    return open_spool(f, err);
  struct stat st, lst;
  if (stat(path, &st) < 0) {
    if (errno != ENOENT)
      return fail(f, "cannot write", errno, err);
    if (lstat(path, &lst) == 0) /* a link to nothing yet: made through it */
      return open_spool(f, err);
    return open_beside(f, NULL, err);
  }
  f->exists = 1;
  f->dev = st.st_dev;
  f->ino = st.st_ino;
  int special = strncmp(path, "/dev/", 5) == 0 ||
                strncmp(path, "/proc/", 6) == 0;
  if (S_ISDIR(st.st_mode))
    return fail(f, "cannot write", EISDIR, err);
  /* a file we may not write is not replaced either, though its
   * directory would let a rename do it */
  if (S_ISREG(st.st_mode) && access(path, W_OK) < 0)
    return fail(f, "cannot write", errno, err);
  if (S_ISREG(st.st_mode) && st.st_nlink == 1 && !special &&
      can_keep_owner(&st))
    return open_beside(f, &st, err);
  if (access(path, W_OK) < 0) /* before anything is written */
    return fail(f, "cannot write", errno, err);
  return open_spool(f, err);
}

int nl_atomic__write(nl_atomic *f, const char *data, size_t len,
                     nl_error *err) {
  if (write_all(f->fd, data, len) < 0)
    return nl_error__set(err, NL_EIO,
                         strcmp(f->path, "-") ? f->path : "<stdout>", 0, 0,
                         "write failed: %s", strerror(errno));
  return 0;
}

/* A name for the unnamed temporary file, so that it can be renamed. */
static int give_name(nl_atomic *f) {
  char proc[64];
  snprintf(proc, sizeof(proc), "/proc/self/fd/%d", f->fd);
  size_t n = strlen(f->tmp);
  unsigned long seed = (unsigned long)getpid() ^ (unsigned long)time(NULL) ^
                       (unsigned long)(uintptr_t)f;
  for (int tries = 0; tries < 100; tries++) {
    for (size_t i = n - 6; i < n; i++) {
      seed = seed * 6364136223846793005ul + 1442695040888963407ul;
      f->tmp[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[(seed >> 33) % 36];
    }
    if (linkat(AT_FDCWD, proc, AT_FDCWD, f->tmp, AT_SYMLINK_FOLLOW) == 0) {
      f->linked = 1;
      if (f->on_temp)
        f->on_temp(f->ctx, f->tmp, 1);
      return 0;
    }
    if (errno != EEXIST)
      return -1;
  }
  return -1;
}

/* No /proc to link the unnamed file through: its bytes, mode and owner
 * go to a named one. */
static int named_copy(nl_atomic *f) {
  struct stat st;
  memset(f->tmp + strlen(f->tmp) - 6, 'X', 6);
  int named = fstat(f->fd, &st) == 0 ? mkstemp(f->tmp) : -1;
  if (named < 0)
    return -1;
  f->linked = 1;
  if (f->on_temp)
    f->on_temp(f->ctx, f->tmp, 1);
  int rc = (geteuid() == 0 && fchown(named, st.st_uid, st.st_gid) < 0) ||
                   fchmod(named, st.st_mode & 07777) < 0 ||
                   copy_fd(f->fd, named) < 0 || fsync(named) < 0
               ? -1
               : 0;
  int e = errno;
  close(f->fd);
  f->fd = named;
  errno = e;
  return rc;
}

int nl_atomic__ready(nl_atomic *f, nl_error *err) {
  if (f->in_place || f->fd < 0)
    return 0;
  if (fsync(f->fd) < 0)
    return fail(f, "write failed", errno, err);
  if (!f->linked && give_name(f) < 0 && named_copy(f) < 0)
    return fail(f, "cannot create file", errno, err);
  int rc = close(f->fd);
  f->fd = -1;
  return rc < 0 ? fail(f, "write failed", errno, err) : 0;
}

/* The spool copied into the destination. */
static int copy_in(nl_atomic *f, nl_error *err) {
  int out = 1, regular = 0;
  if (strcmp(f->path, "-") == 0) {
    if (fflush(stdout) != 0)
      return fail(f, "write failed", errno, err);
  } else {
    struct stat st;
    regular = stat(f->path, &st) == 0 && S_ISREG(st.st_mode);
    out = open(f->path, O_WRONLY | O_CREAT | O_CLOEXEC | (regular ? O_TRUNC : 0),
               0666);
    if (out < 0)
      return fail(f, "cannot write", errno, err);
  }
  int rc = copy_fd(f->fd, out);
  if (rc == 0 && regular && fsync(out) < 0)
    rc = -1;
  int e = errno;
  if (out != 1 && close(out) < 0 && rc == 0) {
    rc = -1;
    e = errno;
  }
  if (rc < 0)
    return fail(f, "write failed", e, err);
  nl_atomic__abort(f); /* frees; the spool has no name */
  return 0;
}

int nl_atomic__commit(nl_atomic *f, nl_error *err) {
  int rc = nl_atomic__ready(f, err);
  if (rc < 0)
    return rc;
  if (f->in_place)
    return copy_in(f, err);
  if (rename(f->tmp, f->target) < 0)
    return fail(f, "cannot write", errno, err);
  forget_tmp(f);
  nl_atomic__abort(f); /* frees; nothing left to remove */
  return 0;
}

int nl_atomic__same(const nl_atomic *a, const nl_atomic *b) {
  if (strcmp(a->path, "-") == 0 || strcmp(b->path, "-") == 0)
    return strcmp(a->path, b->path) == 0;
  if (a->exists != b->exists)
    return 0;
  return a->exists ? a->dev == b->dev && a->ino == b->ino
                   : strcmp(a->target, b->target) == 0;
}

int nl_file_write_atomic(const char *path, const char *data, size_t len,
                         nl_error *err) {
  nl_atomic f;
  int rc = nl_atomic__open(&f, path, NULL, NULL, err);
  if (rc < 0)
    return rc;
  if ((rc = nl_atomic__write(&f, data, len, err)) < 0) {
    nl_atomic__abort(&f);
    return rc;
  }
  return nl_atomic__commit(&f, err);
}

/* ---- outputs committed together ----------------------------------------- */

struct nl_outputs {
  nl_atomic *f;
  size_t n, cap;
  nl_temp_fn on_temp;
  void *ctx;
};

int nl_outputs_new(nl_outputs **out, nl_temp_fn on_temp, void *ctx,
                   nl_error *err) {
  *out = calloc(1, sizeof(**out));
  if (*out == NULL)
    return nl_error__nomem(err);
  (*out)->on_temp = on_temp;
  (*out)->ctx = ctx;
  return 0;
}

void nl_outputs_free(nl_outputs *o) {
  if (o == NULL)
    return;
  for (size_t i = 0; i < o->n; i++)
    nl_atomic__abort(&o->f[i]);
  free(o->f);
  free(o);
}

int nl_outputs_add(nl_outputs *o, const char *path, const char *data,
                   size_t len, nl_error *err) {
  if (o->n == o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 4;
    nl_atomic *p = realloc(o->f, cap * sizeof(*p));
    if (p == NULL)
      return nl_error__nomem(err);
    o->f = p;
    o->cap = cap;
  }
  nl_atomic *f = &o->f[o->n];
  int rc = nl_atomic__open(f, path ? path : "-", o->on_temp, o->ctx, err);
  if (rc < 0)
    return rc;
  for (size_t i = 0; i < o->n; i++)
    if (nl_atomic__same(&o->f[i], f)) {
      rc = nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "'%s' and '%s' are the same file: each output "
                         "needs its own",
                         o->f[i].path, f->path);
      nl_atomic__abort(f);
      return rc;
    }
  rc = nl_atomic__write(f, data ? data : "", len, err);
  if (rc == 0)
    rc = nl_atomic__ready(f, err); /* frees f on failure */
  else
    nl_atomic__abort(f);
  if (rc < 0)
    return rc;
  o->n++;
  return 0;
}

/* In-place outputs first, as they are the ones that fail (a full device,
 * a FIFO nobody reads): then no regular file has been replaced yet. */
int nl_outputs_commit(nl_outputs *o, nl_error *err) {
  int rc = 0;
  for (int pass = 1; pass >= 0; pass--)
    for (size_t i = 0; i < o->n; i++) {
      nl_atomic *f = &o->f[i];
      if (f->path == NULL || f->in_place != pass)
        continue;
      if (rc == 0)
        rc = nl_atomic__commit(f, err);
      else
        nl_atomic__abort(f);
    }
  o->n = 0;
  return rc;
}
