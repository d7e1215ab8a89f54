/*
 * test_outputs.c - nl_outputs: a command's outputs, all or none.
 *
 * What the destination is decides how it is written (util/fs.c); here the
 * library API is held to its promise: a failure anywhere before the
 * renames leaves every regular file as it was, two outputs naming one
 * file is refused, links stay links, and every named temporary file
 * reported to the caller is reported gone again.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <newsloc/newsloc.h>

#include "harness.h"

typedef struct temps {
  int live, seen;
} temps;

static void on_temp(void *ctx, const char *path, int live) {
  temps *t = ctx;
  (void)path;
  t->live += live ? 1 : -1;
  t->seen++;
}

static void put(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

static char *get(const char *path) {
  size_t len;
  return nl_test_exists(path) ? nl_test_slurp(path, &len) : NULL;
}

static char *fresh_path(const char *name) {
  char *p = nl_test_fresh(name);
  unlink(p);
  return p;
}

/* Writes each (path, text) through one set; returns commit's status (or
 * the first add's failure). */
static int write_set(const char *const *paths, const char *const *texts,
                     size_t n, temps *t, nl_error *err) {
  nl_outputs *o = NULL;
  int rc = nl_outputs_new(&o, on_temp, t, err);
  for (size_t i = 0; rc == 0 && i < n; i++)
    rc = nl_outputs_add(o, paths[i], texts[i], strlen(texts[i]), err);
  if (rc == 0)
    rc = nl_outputs_commit(o, err);
  nl_outputs_free(o);
  return rc;
}

static void test_outputs__all_or_none(void) {
  char *a = fresh_path("outputs-a.txt"), *b = fresh_path("outputs-b.txt");
  temps t = {0, 0};
  nl_error err = NL_ERROR_INIT;
  put(a, "old a");
  /* the second cannot be created: the first stays as it was */
  const char *missing[] = {a, "/nonexistent-dir/x/out.txt"};
  const char *texts[] = {"new a", "new b"};
  NL_CHECK_INT(write_set(missing, texts, 2, &t, &err), NL_EIO);
  char *got = get(a);
  NL_CHECK_STR(got, "old a");
  free(got);
  /* the second is a full device: written first, fails, a stays */
  const char *full[] = {a, "/dev/full"};
  NL_CHECK_INT(write_set(full, texts, 2, &t, &err), NL_EIO);
  NL_CHECK(strstr(err.message, "No space left") != NULL);
  got = get(a);
  NL_CHECK_STR(got, "old a");
  free(got);
  /* both fine: both written */
  const char *fine[] = {a, b};
  NL_CHECK_INT(write_set(fine, texts, 2, &t, &err), 0);
  got = get(a);
  NL_CHECK_STR(got, "new a");
  free(got);
  got = get(b);
  NL_CHECK_STR(got, "new b");
  free(got);
  NL_CHECK(t.seen > 0); /* each rename's file was named, then gone */
  NL_CHECK_INT(t.live, 0);
  free(a);
  free(b);
}

static void test_outputs__same_file_refused(void) {
  char *a = fresh_path("outputs-same.txt"), *link = fresh_path("outputs-same-link.txt");
  nl_error err = NL_ERROR_INIT;
  temps t = {0, 0};
  const char *texts[] = {"one", "two"};
  /* not there yet: the same name */
  const char *twice[] = {a, a};
  NL_CHECK_INT(write_set(twice, texts, 2, &t, &err), NL_EINVAL);
  NL_CHECK(!nl_test_exists(a));
  /* there, and named through a symbolic link */
  put(a, "old");
  NL_CHECK_INT(symlink(a, link), 0);
  const char *linked[] = {a, link};
  NL_CHECK_INT(write_set(linked, texts, 2, &t, &err), NL_EINVAL);
  char *got = get(a);
  NL_CHECK_STR(got, "old");
  free(got);
  /* standard output twice */
  const char *out[] = {"-", NULL};
  NL_CHECK_INT(write_set(out, texts, 2, &t, &err), NL_EINVAL);
  NL_CHECK_INT(t.live, 0);
  unlink(link);
  free(a);
  free(link);
}

/* Writes `file` through a second hard link `hard` made to it; the link
 * count after. */
static long link_count_after(const char *file, const char *hard,
                             nl_error *err) {
  struct stat st;
  if (link(file, hard) < 0 ||
      nl_file_write_atomic(hard, "via hard link", 13, err) < 0 ||
      stat(file, &st) < 0)
    return -1;
  return (long)st.st_nlink;
}

static void test_outputs__links_and_mode_kept(void) {
  char *file = fresh_path("outputs-kept.txt"), *link = fresh_path("outputs-kept-link.txt");
  char *hard = fresh_path("outputs-kept-hard.txt");
  nl_error err = NL_ERROR_INIT;
  put(file, "old");
  chmod(file, 0640);
  NL_CHECK_INT(symlink(file, link), 0);
  NL_CHECK_INT(nl_file_write_atomic(link, "via link", 8, &err), 0);
  struct stat st;
  NL_CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
  char *got = get(file);
  NL_CHECK_STR(got, "via link");
  free(got);
  NL_CHECK(stat(file, &st) == 0 && (st.st_mode & 07777) == 0640);
  NL_CHECK_INT(link_count_after(file, hard, &err), 2);
  got = get(hard);
  NL_CHECK_STR(got, "via hard link");
  free(got);
  unlink(link);
  unlink(hard);
  free(file);
  free(link);
  free(hard);
}

static const nl_test tests[] = {
    NL_TEST(test_outputs__all_or_none),
    NL_TEST(test_outputs__same_file_refused),
    NL_TEST(test_outputs__links_and_mode_kept),
};

NL_TEST_MAIN(tests)
