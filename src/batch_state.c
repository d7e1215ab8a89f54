/*
 * batch_state.c - what a batch may skip: hashes and state files.
 *
 * Times are not trusted: a copy, a checkout or an unpacked archive gives
 * files any mtime, and a TM or an option changes no file's time at all.
 * Instead each output has a state file recording a hash of everything
 * that went into it (the input's bytes, the translation's, the options,
 * the newsloc version, the locales data, the TM's fingerprint) and a
 * hash of the output itself. The output is up to date when both still
 * match: an output edited or removed by hand is made again.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch_internal.h"
#include "error.h"
#include "util/buf.h"

#define STATE_DIR ".newsloc-batch"
#define STATE_MAGIC "newsloc-batch-state 1"

uint64_t nl_batch__hash(uint64_t h, const void *data, size_t len) {
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t nl_batch__hash_str(uint64_t h, const char *s) {
  return s ? nl_batch__hash(h, s, strlen(s) + 1) : nl_batch__hash(h, "\1", 1);
}

int nl_batch__hash_file(uint64_t *h, const char *path, nl_error *err) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return nl_error__set(err, errno == ENOENT ? NL_ENOTFOUND : NL_EIO, path,
                         0, 0, "cannot open: %s", strerror(errno));
  char chunk[65536];
  size_t n, total = 0;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    *h = nl_batch__hash(*h, chunk, n);
    total += n;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad)
    return nl_error__set(err, NL_EIO, path, 0, 0, "read failed");
  *h = nl_batch__hash(*h, &total, sizeof(total));
  return 0;
}

size_t nl_batch__stem_len(const char *name) {
  const char *dot = strrchr(name, '.');
  return dot && dot != name ? (size_t)(dot - name) : strlen(name);
}

/* By stem, then whole name: names that would give one output are
 * neighbours. */
static int cmp_stem(const void *pa, const void *pb) {
  const char *a = *(char *const *)pa, *b = *(char *const *)pb;
  size_t la = nl_batch__stem_len(a), lb = nl_batch__stem_len(b);
  int c = strncmp(a, b, la < lb ? la : lb);
  if (c == 0 && la != lb)
    c = la < lb ? -1 : 1;
  return c ? c : strcmp(a, b);
}

int nl_batch__names(const char *dir, char ***out, size_t *n, nl_error *err) {
  DIR *d = opendir(dir);
  *out = NULL;
  *n = 0;
  if (d == NULL)
    return nl_error__set(err, errno == ENOENT ? NL_ENOTFOUND : NL_EIO, dir, 0,
                         0, "cannot read the directory: %s", strerror(errno));
  int rc = 0;
  for (struct dirent *e; rc == 0 && (e = readdir(d));) {
    if (e->d_name[0] == '.')
      continue; /* ., .., hidden files, the state directory */
    char **q = realloc(*out, (*n + 1) * sizeof(*q));
    if (q == NULL || (q[*n] = nl__strdup(e->d_name)) == NULL) {
      *out = q ? q : *out;
      rc = nl_error__nomem(err);
      break;
    }
    *out = q;
    ++*n;
  }
  closedir(d);
  if (rc == 0 && *n)
    qsort(*out, *n, sizeof(**out), cmp_stem);
  return rc;
}

void nl_batch__names_free(char **names, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

int nl_batch__hash_tree(uint64_t *h, const char *dir, nl_error *err) {
  char **names = NULL;
  size_t n = 0;
  int rc = nl_batch__names(dir, &names, &n, err);
  nl_buf p = NL_BUF_INIT;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    struct stat st;
    nl_buf__clear(&p);
    if (nl_buf__printf(&p, "%s/%s", dir, names[i]) < 0)
      rc = nl_error__nomem(err);
    if (rc == 0 && stat(p.ptr, &st) == 0) {
      *h = nl_batch__hash_str(*h, names[i]);
      if (S_ISDIR(st.st_mode))
        rc = nl_batch__hash_tree(h, p.ptr, err);
      else if (S_ISREG(st.st_mode))
        rc = nl_batch__hash_file(h, p.ptr, err);
    }
  }
  nl_buf_dispose(&p);
  nl_batch__names_free(names, n);
  return rc;
}

int nl_batch__state_path(nl_buf *out, const char *output_dir,
                         const char *output_rel) {
  return nl_buf__printf(out, "%s/" STATE_DIR "/%s.state", output_dir,
                        output_rel);
}

int nl_batch__state_text(nl_buf *out, const nl_batch_state *st,
                         const char *detail) {
  int rc = nl_buf__printf(out,
                          STATE_MAGIC "\nkey %016llx\noutput %016llx\n"
                                      "exit %d\nfindings %zu\ndetail ",
                          (unsigned long long)st->key,
                          (unsigned long long)st->output, st->exit,
                          st->findings);
  /* one line: a skipped file still says why it did not pass */
  for (const char *p = detail ? detail : ""; rc == 0 && *p; p++)
    rc = nl_buf__putc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
  return rc == 0 ? nl_buf__putc(out, '\n') : rc;
}

/* "NAME VALUE\n" at *s; the value, or -1 (and *ok = 0) when absent. */
static unsigned long long field(const char **s, const char *name, int base,
                                int *ok) {
  size_t n = strlen(name);
  if (!*ok || strncmp(*s, name, n) != 0 || (*s)[n] != ' ') {
    *ok = 0;
    return 0;
  }
  char *end;
  errno = 0;
  unsigned long long v = strtoull(*s + n + 1, &end, base);
  if (errno || end == *s + n + 1 || *end != '\n') {
    *ok = 0;
    return 0;
  }
  *s = end + 1;
  return v;
}

static int parse_state(const char *s, nl_batch_state *st, nl_buf *detail) {
  int ok = strncmp(s, STATE_MAGIC "\n", sizeof(STATE_MAGIC)) == 0;
  s += ok ? sizeof(STATE_MAGIC) : 0;
  st->key = field(&s, "key", 16, &ok);
  st->output = field(&s, "output", 16, &ok);
  unsigned long long e = field(&s, "exit", 10, &ok);
  st->findings = (size_t)field(&s, "findings", 10, &ok);
  st->exit = (int)e;
  ok = ok && e <= 2 && strncmp(s, "detail ", 7) == 0;
  const char *end = ok ? strchr(s + 7, '\n') : NULL;
  return end && end[1] == '\0' &&
         nl_buf__put(detail, s + 7, (size_t)(end - s - 7)) == 0;
}

int nl_batch__up_to_date(const char *state_path, const char *output_path,
                         uint64_t key, nl_batch_state *st, nl_buf *detail) {
  nl_buf text = NL_BUF_INIT;
  int fresh = nl_file_read(state_path, &text, NULL) == 0 &&
              parse_state(text.ptr, st, detail) && st->key == key;
  nl_buf_dispose(&text);
  uint64_t h = NL_HASH_INIT;
  return fresh && nl_batch__hash_file(&h, output_path, NULL) == 0 &&
         h == st->output;
}

int nl_batch__mkdirs_for(const char *path, nl_error *err) {
  char *p = nl__strdup(path);
  if (p == NULL)
    return nl_error__nomem(err);
  int rc = 0;
  for (char *s = strchr(p + 1, '/'); rc == 0 && s; s = strchr(s + 1, '/')) {
    *s = '\0';
    struct stat st;
    /* two workers may make the same directory: EEXIST is success */
    if (mkdir(p, 0777) < 0 && errno != EEXIST)
      rc = nl_error__set(err, NL_EIO, p, 0, 0, "cannot create the directory: "
                         "%s", strerror(errno));
    else if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode))
      rc = nl_error__set(err, NL_EIO, p, 0, 0, "is not a directory");
    *s = '/';
  }
  free(p);
  return rc;
}
