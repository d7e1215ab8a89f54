/*
 * harness.h - the unit-test harness (a few macros, no dependencies).
 *
 * Each tests/unit/test_<module>.c lists its cases in a table and ends in
 * NL_TEST_MAIN(table). A failed check reports file:line and the values,
 * and the case goes on (so one run shows every failure). The runner ends
 * with "N passed, N failed" and exits non-zero on any failure. Data files
 * are found through NL_TEST_DATA (tests/data), NL_SHARED (../shared) and
 * NL_TEST_TMP (a scratch directory), set by CMake.
 */
#ifndef NL_TEST_HARNESS_H
#define NL_TEST_HARNESS_H

#include <stddef.h>
#include <string.h>

typedef struct nl_test {
  const char *name;
  void (*fn)(void);
} nl_test;

#define NL_TEST(fn) {#fn, fn}

void nl_check_(int ok, const char *expr, const char *file, int line);
void nl_check_str_(const char *got, const char *want, const char *expr,
                   const char *file, int line);
void nl_check_int_(long long got, long long want, const char *expr,
                   const char *file, int line);
/* Declared printf-like so that every NL_FAIL's arguments are checked
 * against its format, and clang accepts the vfprintf inside. */
void nl_fail_(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int nl_test_run(int argc, char **argv, const nl_test *tests, size_t n);

/* Directory helpers: return a static-free malloc'ed path (caller frees). */
char *nl_test_path(const char *env, const char *relative);
/* Reads a whole file into a malloc'ed NUL-terminated string (*len set);
 * fails the current case and returns NULL when unreadable. */
char *nl_test_slurp(const char *path, size_t *len);
/* 1 when ../shared (NL_SHARED) is there; otherwise the current case is
 * reported as skipped and the caller returns. */
int nl_test_need_shared(void);
/* Marks the running case skipped (a file it needs is absent): the
 * program then exits 77, ctest's skip state, unless a case failed. */
void nl_test_mark_skipped(void);
/* A path in the scratch directory with no file there (nor a SQLite
 * -wal or -shm beside it); caller frees. */
char *nl_test_fresh(const char *name);
/* 1 when `path` exists. */
int nl_test_exists(const char *path);

#define NL_CHECK(cond) nl_check_(!!(cond), #cond, __FILE__, __LINE__)
#define NL_CHECK_STR(got, want) \
  nl_check_str_((got), (want), #got, __FILE__, __LINE__)
#define NL_CHECK_INT(got, want) \
  nl_check_int_((long long)(got), (long long)(want), #got, __FILE__, __LINE__)
#define NL_FAIL(...) nl_fail_(__FILE__, __LINE__, __VA_ARGS__)

#define NL_TEST_MAIN(table)                                            \
  int main(int argc, char **argv) {                                    \
    return nl_test_run(argc, argv, table, sizeof(table) / sizeof(table[0])); \
  }

#endif
