/*
 * test_tm.c - the translation memory: storage, leverage, scoring, safety.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include <newsloc/tm.h>

#include "harness.h"
#include "tm_match.h"

/* A fresh TM path under the scratch directory (caller frees). */
static char *fresh(const char *name) {
  char rel[128];
  snprintf(rel, sizeof(rel), "tm-%s-%ld.sqlite", name, (long)getpid());
  char *p = nl_test_path("NL_TEST_TMP", rel);
  char side[600];
  remove(p);
  snprintf(side, sizeof(side), "%s-wal", p);
  remove(side);
  snprintf(side, sizeof(side), "%s-shm", p);
  remove(side);
  return p;
}

static nl_tm *open_tm(const char *path) {
  nl_tm *tm = NULL;
  nl_error err = NL_ERROR_INIT;
  int rc = nl_tm_open(&tm, path, NULL, &err);
  if (rc != 0)
    NL_FAIL("nl_tm_open(%s): %d %s", path, rc, err.message);
  return tm;
}

static void add(nl_tm *tm, const char *src, const char *tgt, const char *prev,
                const char *next) {
  nl_tm_entry e = {0};
  e.source_lang = "en";
  e.target_lang = "fa";
  e.source = src;
  e.target = tgt;
  e.prev = prev;
  e.next = next;
  e.status = NL_TM_TRANSLATED;
  nl_error err = NL_ERROR_INIT;
  int rc = nl_tm_add(tm, &e, &err);
  if (rc != 0)
    NL_FAIL("nl_tm_add: %d %s", rc, err.message);
}

/* Looks up `src` (en->fa); returns the matches (caller frees). */
static nl_tm_matches *look(nl_tm *tm, const char *src, const char *prev,
                           const char *next) {
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = "en";
  q.target_lang = "fa";
  q.source = src;
  q.prev = prev;
  q.next = next;
  nl_tm_matches *m = NULL;
  nl_error err = NL_ERROR_INIT;
  int rc = nl_tm_lookup(tm, &q, &m, &err);
  if (rc != 0)
    NL_FAIL("nl_tm_lookup: %d %s", rc, err.message);
  return m;
}

static void test_tm__exact_and_persist(void) {
  char *path = fresh("exact");
  nl_tm *tm = open_tm(path);
  add(tm, "The president spoke.", "رئیس‌جمهور سخن گفت.", NULL, NULL);
  nl_tm_matches *m = look(tm, "The president spoke.", NULL, NULL);
  NL_CHECK_INT(nl_tm_matches_count(m), 1);
  const nl_tm_match *x = nl_tm_matches_get(m, 0);
  if (x) {
    NL_CHECK_INT(x->score, 100);
    NL_CHECK_INT(x->type, NL_MATCH_EXACT);
    NL_CHECK_STR(x->target, "رئیس‌جمهور سخن گفت.");
  }
  nl_tm_matches_free(m);
  nl_tm_close(tm);
  tm = open_tm(path);
  m = look(tm, "The president spoke.", NULL, NULL);
  NL_CHECK_INT(nl_tm_matches_count(m), 1);
  nl_tm_matches_free(m);
  nl_tm_close(tm);
  free(path);
}

static void test_tm__rollback(void) {
  char *path = fresh("rollback");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
  add(tm, "Kept?", "نه", NULL, NULL);
  nl_tm_rollback(tm);
  NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
  add(tm, "Kept.", "بله", NULL, NULL);
  NL_CHECK_INT(nl_tm_commit(tm, &err), 0);
  /* Only the committed "Kept." comes back, as near-exact (98: the
   * punctuation differs). */
  nl_tm_matches *m = look(tm, "Kept?", NULL, NULL);
  NL_CHECK_INT(nl_tm_matches_count(m), 1);
  if (nl_tm_matches_count(m) == 1) {
    NL_CHECK_STR(nl_tm_matches_get(m, 0)->target, "بله");
    NL_CHECK_INT(nl_tm_matches_get(m, 0)->score, 98);
  }
  nl_tm_matches_free(m);
  m = look(tm, "Kept.", NULL, NULL);
  NL_CHECK_INT(nl_tm_matches_count(m), 1);
  nl_tm_matches_free(m);
  nl_tm_close(tm);
  free(path);
}

static int count_visit(void *ctx, const nl_tm_entry *e) {
  (void)e;
  (*(int *)ctx)++;
  return 0;
}

static void test_tm__foreach(void) {
  char *path = fresh("foreach");
  nl_tm *tm = open_tm(path);
  add(tm, "One.", "یک.", NULL, NULL);
  add(tm, "Two.", "دو.", NULL, NULL);
  add(tm, "Two.", "دو.", NULL, NULL); /* the same again: refresh only */
  int n = 0;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_foreach(tm, "en", "fa", count_visit, &n, &err), 0);
  NL_CHECK_INT(n, 2);
  n = 0;
  NL_CHECK_INT(nl_tm_foreach(tm, "en", "de", count_visit, &n, &err), 0);
  NL_CHECK_INT(n, 0);
  nl_tm_close(tm);
  free(path);
}

static const nl_test tests[] = {
    NL_TEST(test_tm__exact_and_persist),
    NL_TEST(test_tm__rollback),
    NL_TEST(test_tm__foreach),
};

NL_TEST_MAIN(tests)
