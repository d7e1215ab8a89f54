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


static void check_top(nl_tm_matches *m, int score, nl_match_type type,
                      const char *target, int line) {
  const nl_tm_match *x = nl_tm_matches_get(m, 0);
  if (x == NULL) {
    nl_fail_(__FILE__, line, "no match (want %d %s)", score,
             nl_match_type_name(type));
    return;
  }
  nl_check_int_(x->score, score, "score", __FILE__, line);
  nl_check_str_(nl_match_type_name(x->type), nl_match_type_name(type),
                "type", __FILE__, line);
  if (target)
    nl_check_str_(x->target, target, "target", __FILE__, line);
}
#define CHECK_TOP(m, s, t, tgt) check_top(m, s, t, tgt, __LINE__)

static void test_tm__match_types(void) {
  char *path = fresh("types");
  nl_tm *tm = open_tm(path);
  add(tm, "Talks resumed on Monday.", "A", "First.", "Third.");
  add(tm, "Talks resumed on Monday.", "B", NULL, NULL);
  add(tm, "The minister met reporters in Kabul on Tuesday.", "C", NULL,
      NULL);
  /* In-context: same text and neighbours (101), then the other
   * translation as exact (100). */
  nl_tm_matches *m = look(tm, "Talks resumed on Monday.", "First.", "Third.");
  CHECK_TOP(m, 101, NL_MATCH_IN_CONTEXT, "A");
  NL_CHECK_INT(nl_tm_matches_count(m), 2);
  if (nl_tm_matches_count(m) == 2)
    NL_CHECK_INT(nl_tm_matches_get(m, 1)->score, 100);
  nl_tm_matches_free(m);
  /* Other neighbours: exact only, newest translation first. */
  m = look(tm, "Talks resumed on Monday.", "Other.", "Third.");
  CHECK_TOP(m, 100, NL_MATCH_EXACT, "B");
  nl_tm_matches_free(m);
  /* Case and spacing: 99; punctuation too: 98. */
  m = look(tm, "talks  resumed on MONDAY.", NULL, NULL);
  CHECK_TOP(m, 99, NL_MATCH_NEAR_EXACT, NULL);
  nl_tm_matches_free(m);
  m = look(tm, "Talks resumed on Monday!", NULL, NULL);
  CHECK_TOP(m, 98, NL_MATCH_NEAR_EXACT, NULL);
  nl_tm_matches_free(m);
  /* Fuzzy: one word of nine changed. */
  m = look(tm, "The minister met reporters in Herat on Tuesday.", NULL, NULL);
  CHECK_TOP(m, 87, NL_MATCH_FUZZY, "C"); /* 5 of 40 graphemes */
  nl_tm_matches_free(m);
  /* Below the threshold: nothing. */
  m = look(tm, "Completely unrelated words here.", NULL, NULL);
  NL_CHECK_INT(nl_tm_matches_count(m), 0);
  nl_tm_matches_free(m);
  nl_tm_close(tm);
  free(path);
}

static void test_tm__same_unit(void) {
  char *path = fresh("unit");
  nl_tm *tm = open_tm(path);
  nl_tm_entry e = {0};
  e.source_lang = "en";
  e.target_lang = "fa";
  e.source = "The storm killed at least 12 people in the region.";
  e.target = "T1";
  e.article_id = "voa-123";
  e.unit_id = "p4";
  e.status = NL_TM_APPROVED;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_add(tm, &e, &err), 0);
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = "en";
  q.target_lang = "fa";
  q.article_id = "voa-123";
  q.unit_id = "p4";
  /* The same sentence in the same unit: 101 same-unit. */
  q.source = e.source;
  nl_tm_matches *m = NULL;
  NL_CHECK_INT(nl_tm_lookup(tm, &q, &m, &err), 0);
  CHECK_TOP(m, 101, NL_MATCH_SAME_UNIT, "T1");
  nl_tm_matches_free(m);
  /* An edited revision of it: its fuzzy score, typed same-unit. */
  q.source = "The storm killed at least 15 people in the region.";
  NL_CHECK_INT(nl_tm_lookup(tm, &q, &m, &err), 0);
  const nl_tm_match *x = nl_tm_matches_get(m, 0);
  NL_CHECK(x != NULL);
  if (x) {
    NL_CHECK_INT(x->type, NL_MATCH_SAME_UNIT);
    NL_CHECK(x->score >= 70 && x->score < 99);
  }
  nl_tm_matches_free(m);
  nl_tm_close(tm);
  free(path);
}

/* Scoring cases: data, one line each (lang, a, b, min, max). */
static const struct {
  const char *lang, *a, *b;
  int lo, hi;
} score_cases[] = {
    {"en", "", "", 100, 100},
    {"en", "", "Something.", 0, 0},
    {"en", "In 2016 the law passed.", "In 2016 the law passed.", 100, 100},
    /* Digits of another script are the same number. */
    {"fa", "در سال ۲۰۱۶ قانون تصویب شد.", "در سال 2016 قانون تصویب شد.", 100,
     100},
    /* A different number costs its length and a penalty. */
    {"en", "In 2016 the law passed.", "In 2017 the law passed.", 70, 78},
    /* ZWNJ is invisible to matching (Persian keyboards differ). */
    {"fa", "او می‌خواهد برود.", "او میخواهد برود.", 100, 100},
    /* Devanagari: one changed grapheme cluster (क्ष vs क) in a word. */
    {"hi", "वह रक्षा मंत्री है।", "वह रका मंत्री है।", 80, 95},
    /* Hangul: one syllable of eight. */
    {"ko", "대통령이 오늘 발표했다", "대통령이 어제 발표했다", 75, 90},
    /* Chinese: dictionary words, one of several replaced. */
    {"zh", "中国政府今天宣布新的经济政策", "中国政府昨天宣布新的经济政策", 80,
     95},
    /* Thai without spaces. */
    {"th", "นายกรัฐมนตรีเดินทางไปประเทศญี่ปุ่น",
     "นายกรัฐมนตรีเดินทางไปประเทศจีน", 80, 95},
};

static void test_tm__scores(void) {
  nl_tm__scorer *sc = NULL;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm__scorer_new(&sc, &err), 0);
  for (size_t i = 0; sc && i < sizeof(score_cases) / sizeof(score_cases[0]);
       i++) {
    int s = nl_tm__score(sc, score_cases[i].lang, score_cases[i].a,
                         score_cases[i].b, &err);
    if (s < score_cases[i].lo || s > score_cases[i].hi)
      NL_FAIL("score case %zu (%s): %d not in [%d, %d]", i,
              score_cases[i].lang, s, score_cases[i].lo, score_cases[i].hi);
  }
  nl_tm__scorer_free(sc);
}

static void test_tm__keys(void) {
  nl_buf a = NL_BUF_INIT, b = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm__key(&a, "  Hello,  World! ۲۰۱۶ ", 0, &err), 0);
  NL_CHECK_STR(a.ptr, "hello world 2016");
  NL_CHECK_INT(nl_tm__key(&b, "می‌خواهد", 0, &err), 0);
  NL_CHECK_STR(b.ptr, "میخواهد");
  nl_buf_dispose(&a);
  nl_buf_dispose(&b);
}


/* ---- safety -------------------------------------------------------------- */

static void write_file(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) {
    NL_FAIL("cannot write %s", path);
    return;
  }
  fwrite(data, 1, len, f);
  fclose(f);
}

/* Opening must fail with NL_ECORRUPT and leave the bytes as they were. */
static void expect_refused(const char *path, int line) {
  size_t before_len = 0, after_len = 0;
  char *before = nl_test_slurp(path, &before_len);
  nl_tm *tm = NULL;
  nl_error err = NL_ERROR_INIT;
  int rc = nl_tm_open(&tm, path, NULL, &err);
  nl_check_int_(rc, NL_ECORRUPT, "nl_tm_open", __FILE__, line);
  nl_check_(tm == NULL, "tm == NULL", __FILE__, line);
  nl_check_(err.message[0] != '\0', "message", __FILE__, line);
  nl_tm_close(tm);
  char *after = nl_test_slurp(path, &after_len);
  nl_check_(before && after && before_len == after_len &&
                memcmp(before, after, before_len) == 0,
            "file bytes unchanged", __FILE__, line);
  free(before);
  free(after);
}

static void sql(const char *path, const char *stmt) {
  sqlite3 *db = NULL;
  if (sqlite3_open(path, &db) != SQLITE_OK ||
      sqlite3_exec(db, stmt, NULL, NULL, NULL) != SQLITE_OK)
    NL_FAIL("sqlite: %s", db ? sqlite3_errmsg(db) : "open");
  sqlite3_close(db);
}

static void test_tm__refuse_text_file(void) {
  char *path = fresh("text");
  const char *text = "This is not a database, just notes.\n";
  write_file(path, text, strlen(text));
  expect_refused(path, __LINE__);
  free(path);
}

static void test_tm__refuse_foreign_db(void) {
  char *path = fresh("foreign");
  sql(path, "CREATE TABLE accounts(id INTEGER, name TEXT);"
            "INSERT INTO accounts VALUES(1, 'x');");
  expect_refused(path, __LINE__);
  free(path);
}

static void test_tm__refuse_newer_schema(void) {
  char *path = fresh("newer");
  nl_tm *tm = open_tm(path);
  add(tm, "A.", "B.", NULL, NULL);
  nl_tm_close(tm);
  sql(path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 2;");
  expect_refused(path, __LINE__);
  free(path);
}

static void test_tm__refuse_corrupt(void) {
  char *path = fresh("corrupt");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
  char src[64], tgt[64];
  for (int i = 0; i < 300; i++) {
    snprintf(src, sizeof(src), "Sentence number %d of the corpus.", i);
    snprintf(tgt, sizeof(tgt), "جمله %d", i);
    add(tm, src, tgt, NULL, NULL);
  }
  NL_CHECK_INT(nl_tm_commit(tm, &err), 0);
  nl_tm_close(tm);
  size_t len = 0;
  char *bytes = nl_test_slurp(path, &len);
  if (bytes && len > 3 * 4096) {
    /* Scribble over the second and third pages (b-tree pages). */
    for (size_t i = 4096; i < 3 * 4096; i++)
      bytes[i] = (char)(i * 7);
    write_file(path, bytes, len);
    expect_refused(path, __LINE__);
  } else {
    NL_FAIL("the TM is unexpectedly small (%zu bytes)", len);
  }
  free(bytes);
  free(path);
}

static void test_tm__empty_file_is_new(void) {
  char *path = fresh("empty");
  write_file(path, "", 0);
  nl_tm *tm = open_tm(path);
  NL_CHECK(tm != NULL);
  nl_tm_close(tm);
  /* Read-only on a missing file: not found, nothing created. */
  char *missing = fresh("missing");
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  o.read_only = 1;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_open(&tm, missing, &o, &err), NL_ENOTFOUND);
  NL_CHECK(!nl_test_exists(missing));
  free(missing);
  free(path);
}

/* ---- processes ----------------------------------------------------------- */

/* Imports `n` units "P<tag> unit <i>" in batches of `batch`; after each
 * commit writes the batch number to `fd` (if >= 0). Exits the process. */
static void child_import(const char *path, int tag, int n, int batch,
                         int fd) {
  nl_tm *tm = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  o.busy_timeout_ms = 20000;
  if (nl_tm_open(&tm, path, &o, &err) != 0) {
    fprintf(stderr, "child %d: %s\n", tag, err.message);
    _exit(10);
  }
  char src[96];
  for (int b = 0; b * batch < n; b++) {
    if (nl_tm_begin(tm, &err) != 0)
      _exit(11);
    for (int i = b * batch; i < (b + 1) * batch && i < n; i++) {
      snprintf(src, sizeof(src), "Process %d wrote unit %d today.", tag, i);
      nl_tm_entry e = {0};
      e.source_lang = "en";
      e.target_lang = "fa";
      e.source = src;
      e.target = "ترجمه";
      e.status = NL_TM_TRANSLATED;
      if (nl_tm_add(tm, &e, &err) != 0)
        _exit(12);
    }
    if (nl_tm_commit(tm, &err) != 0)
      _exit(13);
    if (fd >= 0 && write(fd, &b, sizeof(b)) != (ssize_t)sizeof(b))
      _exit(14);
  }
  nl_tm_close(tm);
  _exit(0);
}

static long long count_rows(const char *path, const char *q) {
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  long long n = -1;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

static void test_tm__two_writers(void) {
  char *path = fresh("writers");
  pid_t a = fork();
  if (a == 0)
    child_import(path, 1, 400, 25, -1);
  pid_t b = fork();
  if (b == 0)
    child_import(path, 2, 400, 25, -1);
  int sa = -1, sb = -1;
  waitpid(a, &sa, 0);
  waitpid(b, &sb, 0);
  NL_CHECK(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
  NL_CHECK(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
  nl_tm *tm = open_tm(path);
  nl_tm_close(tm);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM tm_target"), 800);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM tm_source WHERE text"
                                " LIKE 'Process 1 %'"),
               400);
  free(path);
}

static void test_tm__kill_during_import(void) {
  char *path = fresh("kill");
  int fds[2];
  if (pipe(fds) != 0) {
    NL_FAIL("pipe");
    return;
  }
  pid_t c = fork();
  if (c == 0) {
    close(fds[0]);
    child_import(path, 3, 1000000, 200, fds[1]);
  }
  close(fds[1]);
  int last = -1, b;
  while (last < 4 && read(fds[0], &b, sizeof(b)) == (ssize_t)sizeof(b))
    last = b;
  kill(c, SIGKILL);
  int st;
  waitpid(c, &st, 0);
  close(fds[0]);
  NL_CHECK(WIFSIGNALED(st));
  /* Every acknowledged batch is there; the file is sound. */
  nl_tm *tm = open_tm(path);
  NL_CHECK(tm != NULL);
  for (int i = 0; tm && i < (last + 1) * 200; i += 37) {
    char src[96];
    snprintf(src, sizeof(src), "Process 3 wrote unit %d today.", i);
    nl_tm_matches *m = look(tm, src, NULL, NULL);
    NL_CHECK(nl_tm_matches_count(m) > 0 &&
             nl_tm_matches_get(m, 0)->score == 100);
    nl_tm_matches_free(m);
  }
  nl_tm_close(tm);
  long long n = count_rows(path, "SELECT count(*) FROM tm_target");
  NL_CHECK(n >= (last + 1) * 200 && n % 200 == 0);
  sqlite3 *db = NULL;
  sqlite3_stmt *q = NULL;
  if (sqlite3_open(path, &db) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) ==
          SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW)
    NL_CHECK_STR((const char *)sqlite3_column_text(q, 0), "ok");
  else
    NL_FAIL("integrity_check did not run");
  sqlite3_finalize(q);
  sqlite3_close(db);
  free(path);
}

static const nl_test tests[] = {
    NL_TEST(test_tm__refuse_text_file),
    NL_TEST(test_tm__refuse_foreign_db),
    NL_TEST(test_tm__refuse_newer_schema),
    NL_TEST(test_tm__refuse_corrupt),
    NL_TEST(test_tm__empty_file_is_new),
    NL_TEST(test_tm__two_writers),
    NL_TEST(test_tm__kill_during_import),
    NL_TEST(test_tm__match_types),
    NL_TEST(test_tm__same_unit),
    NL_TEST(test_tm__scores),
    NL_TEST(test_tm__keys),
    NL_TEST(test_tm__exact_and_persist),
    NL_TEST(test_tm__rollback),
    NL_TEST(test_tm__foreach),
};

NL_TEST_MAIN(tests)
