/*
 * test_tm_store.c - the TM file: migrations, refusals, processes, and
 * searches inside an open transaction.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include <newsloc/newsloc.h>

#include "harness.h"
#include "tm_keyset.h"
#include "tm_sqlite_ckpt.h"

static char *fresh(const char *name) {
  char rel[128];
  snprintf(rel, sizeof(rel), "store-%s.sqlite", name);
  return nl_test_fresh(rel);
}

static nl_tm *open_tm(const char *path) {
  nl_tm *tm = NULL;
  nl_error err = NL_ERROR_INIT;
  int rc = nl_tm_open(&tm, path, NULL, &err);
  if (rc != 0)
    NL_FAIL("nl_tm_open(%s): %d %s", path, rc, err.message);
  return tm;
}

static void add(nl_tm *tm, const char *src, const char *tgt) {
  nl_tm_entry e = {0};
  e.source_lang = "en";
  e.target_lang = "fa";
  e.source = src;
  e.target = tgt;
  e.status = NL_TM_TRANSLATED;
  nl_error err = NL_ERROR_INIT;
  int rc = nl_tm_add(tm, &e, &err);
  if (rc != 0)
    NL_FAIL("nl_tm_add: %d %s", rc, err.message);
}

static nl_tm_matches *look(nl_tm *tm, const char *src) {
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = "en";
  q.target_lang = "fa";
  q.source = src;
  nl_tm_matches *m = NULL;
  nl_error err = NL_ERROR_INIT;
  int rc = nl_tm_lookup(tm, &q, &m, &err);
  if (rc != 0)
    NL_FAIL("nl_tm_lookup: %d %s", rc, err.message);
  return m;
}

static int top_score(nl_tm_matches *m) {
  const nl_tm_match *x = nl_tm_matches_get(m, 0);
  return x ? x->score : -1;
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

/* Opening must fail with NL_ECORRUPT and leave the bytes as they were;
 * with `by_write`, damage past the schema may instead be found by the
 * full check before the first write (opening reads only the schema). */
static void expect_refused_(const char *path, int by_write, int line) {
  size_t before_len = 0, after_len = 0;
  char *before = nl_test_slurp(path, &before_len);
  nl_tm *tm = NULL;
  nl_error err = NL_ERROR_INIT;
  int rc = nl_tm_open(&tm, path, NULL, &err);
  if (rc == 0 && by_write) {
    rc = nl_tm_begin(tm, &err);
    nl_tm_close(tm);
    tm = NULL;
  }
  nl_check_int_(rc, NL_ECORRUPT, "nl_tm_open", __FILE__, line);
  nl_check_(tm == NULL, "tm == NULL", __FILE__, line);
  nl_check_(err.message[0] != '\0', "message", __FILE__, line);
  nl_check_(strstr(err.path, "store-") != NULL, "file named", __FILE__,
            line);
  nl_tm_close(tm);
  char *after = nl_test_slurp(path, &after_len);
  nl_check_(before && after && before_len == after_len &&
                memcmp(before, after, before_len) == 0,
            "file bytes unchanged", __FILE__, line);
  free(before);
  free(after);
}

#define expect_refused(path, line) expect_refused_(path, 0, line)

/* The page size from a SQLite header (1 stands for 65536). */
static size_t page_size(const char *bytes, size_t len) {
  if (len < 100)
    return 4096;
  size_t n = ((size_t)(unsigned char)bytes[16] << 8) |
             (unsigned char)bytes[17];
  return n == 1 ? 65536 : n;
}

/* A TM of 300 units, closed. */
static void make_tm(const char *path) {
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
  char src[64], tgt[64];
  for (int i = 0; i < 300; i++) {
    snprintf(src, sizeof(src), "Sentence number %d of the corpus.", i);
    snprintf(tgt, sizeof(tgt), "جمله %d", i);
    add(tm, src, tgt);
  }
  NL_CHECK_INT(nl_tm_commit(tm, &err), 0);
  nl_tm_close(tm);
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
  add(tm, "A.", "B.");
  nl_tm_close(tm);
  sql(path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
  expect_refused(path, __LINE__);
  free(path);
}

static void test_tm__refuse_corrupt(void) {
  char *path = fresh("corrupt");
  make_tm(path);
  size_t len = 0;
  char *bytes = nl_test_slurp(path, &len);
  size_t page = page_size(bytes, len);
  if (bytes && len > 3 * page) {
    /* Scribble over the second and third pages (b-tree pages). */
    for (size_t i = page; i < 3 * page; i++)
      bytes[i] = (char)(i * 7);
    write_file(path, bytes, len);
    expect_refused_(path, 1, __LINE__);
  } else {
    NL_FAIL("the TM is unexpectedly small (%zu bytes)", len);
  }
  free(bytes);
  free(path);
}

/* Damage past the schema: opening stays cheap and succeeds, a lookup
 * that meets the damage says the file is corrupt and names it, and the
 * first write is refused before it changes anything. */
static void test_tm__corrupt_found_later(void) {
  char *path = fresh("corrupt_later");
  make_tm(path);
  size_t len = 0;
  char *bytes = nl_test_slurp(path, &len);
  size_t page = page_size(bytes, len);
  if (bytes && len > 4 * page) {
    /* every page but the schema (1) and nl_meta (2) */
    for (size_t i = 2 * page; i < len; i++)
      bytes[i] = (char)(i * 13);
    write_file(path, bytes, len);
    nl_tm *tm = NULL;
    nl_error err = NL_ERROR_INIT;
    nl_tm_options o = NL_TM_OPTIONS_INIT;
    o.read_only = 1;
    NL_CHECK_INT(nl_tm_open(&tm, path, &o, &err), 0);
    nl_tm_matches *m = NULL;
    nl_tm_query q = NL_TM_QUERY_INIT;
    q.source_lang = "en";
    q.target_lang = "fa";
    q.source = "Sentence number 7 of the corpus.";
    if (tm)
      NL_CHECK_INT(nl_tm_lookup(tm, &q, &m, &err), NL_ECORRUPT);
    NL_CHECK(strstr(err.path, "corrupt_later") != NULL);
    NL_CHECK(strstr(err.message, "corrupt") != NULL);
    nl_tm_matches_free(m);
    nl_tm_close(tm);
    expect_refused_(path, 1, __LINE__);
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
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target"), 800);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source WHERE text"
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
    nl_tm_matches *m = look(tm, src);
    NL_CHECK(nl_tm_matches_count(m) > 0 &&
             nl_tm_matches_get(m, 0)->score == 100);
    nl_tm_matches_free(m);
  }
  nl_tm_close(tm);
  long long n = count_rows(path, "SELECT count(*) FROM target");
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

/* ---- the same through a TMX import (two threads: tmx_pipe.c) ---- */

static void write_tmx(const char *path, int tag, int n) {
  FILE *f = fopen(path, "w");
  if (f == NULL) {
    NL_FAIL("cannot write %s", path);
    return;
  }
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"
        "<header srclang=\"en\" segtype=\"sentence\" o-tmf=\"x\" "
        "adminlang=\"en\" datatype=\"plaintext\" creationtool=\"t\" "
        "creationtoolversion=\"1\"/><body>\n",
        f);
  for (int i = 0; i < n; i++)
    fprintf(f, "<tu><tuv xml:lang=\"en\"><seg>File %d holds unit %d "
               "today.</seg></tuv><tuv xml:lang=\"fa\"><seg>ترجمه %d"
               "</seg></tuv></tu>\n",
            tag, i, i);
  fputs("</body></tmx>\n", f);
  fclose(f);
}

static int integrity_ok(const char *path) {
  sqlite3 *db = NULL;
  sqlite3_stmt *q = NULL;
  int ok = sqlite3_open(path, &db) == SQLITE_OK &&
           sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) ==
               SQLITE_OK &&
           sqlite3_step(q) == SQLITE_ROW &&
           strcmp((const char *)sqlite3_column_text(q, 0), "ok") == 0;
  sqlite3_finalize(q);
  sqlite3_close(db);
  return ok;
}

/* Progress comes after each commit: one acknowledgement per batch. */
static void ack_batch(void *ctx, unsigned long long done,
                      unsigned long long total) {
  (void)done;
  (void)total;
  int fd = *(int *)ctx, one = 1;
  if (write(fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
    _exit(14);
}

static void child_tmx(const char *path, const char *tmx, int fd) {
  nl_error err = NL_ERROR_INIT;
  nl_tm *tm = NULL;
  nl_tmx_stats st;
  nl_tmx_import_options o = NL_TMX_IMPORT_OPTIONS_INIT;
  o.batch_size = 200;
  if (fd >= 0) {
    o.progress = ack_batch;
    o.progress_ctx = &fd;
  }
  /* the other importer's batch can outlast 5 s when the run is slow
   * (valgrind): wait for it */
  nl_tm_options to = NL_TM_OPTIONS_INIT;
  to.busy_timeout_ms = 120000;
  if (nl_tm_open(&tm, path, &to, &err) != 0 ||
      nl_tmx_import(tm, tmx, &o, &st, &err) != 0) {
    fprintf(stderr, "child: %s\n", err.message);
    _exit(10);
  }
  nl_tm_close(tm);
  _exit(0);
}

/* fresh(), on the stack: a forked child that _exits holds no heap of
 * its parent's (memcheck counts what the child does not use as lost). */
static void fresh_in(char *buf, size_t cap, const char *name) {
  char *p = fresh(name);
  snprintf(buf, cap, "%s", p ? p : "");
  free(p);
}

/* A new TM `name` and two TMX files of n units each beside it (tags 1
 * and 2); buffers of 1024 bytes. */
static void tm_and_two_tmx(char *path, char *t1, char *t2, const char *name,
                           int n) {
  char rel[96];
  fresh_in(path, 1024, name);
  snprintf(rel, sizeof(rel), "%s_1.tmx", name);
  fresh_in(t1, 1024, rel);
  snprintf(rel, sizeof(rel), "%s_2.tmx", name);
  fresh_in(t2, 1024, rel);
  write_tmx(t1, 1, n);
  write_tmx(t2, 2, n);
}

static void test_tm__two_tmx_importers(void) {
  char path[1024], t1[1024], t2[1024];
  tm_and_two_tmx(path, t1, t2, "tmx_writers", 1500);
  pid_t a = fork();
  if (a == 0)
    child_tmx(path, t1, -1);
  pid_t b = fork();
  if (b == 0)
    child_tmx(path, t2, -1);
  int sa = -1, sb = -1;
  waitpid(a, &sa, 0);
  waitpid(b, &sb, 0);
  NL_CHECK(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
  NL_CHECK(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target"), 3000);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source WHERE text"
                                " LIKE 'File 2 %'"),
               1500);
  unlink(t1);
  unlink(t2);
}

static void test_tm__kill_during_tmx_import(void) {
  char *path = fresh("tmx_kill");
  char *tmx = fresh("tmx_kill.tmx");
  write_tmx(tmx, 3, 200000);
  int fds[2];
  if (pipe(fds) != 0) {
    NL_FAIL("pipe");
    return;
  }
  pid_t c = fork();
  if (c == 0) {
    close(fds[0]);
    child_tmx(path, tmx, fds[1]);
  }
  close(fds[1]);
  int acks = 0, one;
  while (acks < 5 && read(fds[0], &one, sizeof(one)) == (ssize_t)sizeof(one))
    acks++;
  kill(c, SIGKILL);
  int st;
  waitpid(c, &st, 0);
  close(fds[0]);
  NL_CHECK(WIFSIGNALED(st));
  long long n = count_rows(path, "SELECT count(*) FROM target");
  NL_CHECK(n >= acks * 200LL && n % 200 == 0);
  /* the units are those of the first batches, in file order */
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source WHERE text"
                                " = 'File 3 holds unit 999 today.'"),
               1);
  NL_CHECK(integrity_ok(path));
  nl_tm *tm = open_tm(path);
  nl_tm_matches *m = look(tm, "File 3 holds unit 123 today.");
  NL_CHECK(nl_tm_matches_count(m) > 0 &&
           nl_tm_matches_get(m, 0)->score == 100);
  nl_tm_matches_free(m);
  nl_tm_close(tm);
  unlink(tmx);
  free(tmx);
  free(path);
}


static void import_tmx_file(const char *path, const char *tmx) {
  nl_error err = NL_ERROR_INIT;
  nl_tm *tm = open_tm(path);
  nl_tmx_stats st;
  nl_tmx_import_options o = NL_TMX_IMPORT_OPTIONS_INIT;
  o.batch_size = NL_TMX_BATCH_GROW;
  NL_CHECK_INT(nl_tmx_import(tm, tmx, &o, &st, &err), 0);
  nl_tm_close(tm);
}

/* Imports into a new TM, the same file again, and another file into the
 * TM it made: each unit once, every one found. */
static void test_tm_store__tmx_reimport(void) {
  char path[1024], t1[1024], t2[1024];
  tm_and_two_tmx(path, t1, t2, "reimport", 9000);
  import_tmx_file(path, t1);
  import_tmx_file(path, t1);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source"), 9000);
  import_tmx_file(path, t2);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source"), 18000);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target"), 18000);
  NL_CHECK(integrity_ok(path));
  nl_tm *tm = open_tm(path);
  for (int i = 0; i < 9000; i += 997) {
    char src[96];
    snprintf(src, sizeof(src), "File %d holds unit %d today.", 1 + i % 2, i);
    nl_tm_matches *m = look(tm, src);
    NL_CHECK(nl_tm_matches_count(m) > 0 &&
             nl_tm_matches_get(m, 0)->score == 100);
    nl_tm_matches_free(m);
  }
  nl_tm_close(tm);
  unlink(t1);
  unlink(t2);
}

/* A TM written by schema v1 (per-row FTS triggers) is migrated to the
 * current schema on open: old rows are still found, exact and fuzzy, and
 * rows added afterwards are indexed once, not twice. */
static void test_tm_store__migrates_v1(void) {
  char *path = fresh("v1");
  char *fixture = nl_test_path("NL_TEST_DATA", "tm/schema-v1.sql");
  char *script = nl_test_slurp(fixture, NULL);
  if (script) {
    sql(path, script);
    nl_tm *tm = open_tm(path);
    nl_tm_matches *m = look(tm, "The talks ended on Friday.");
    NL_CHECK_INT(top_score(m), 100);
    nl_tm_matches_free(m);
    m = look(tm, "The minister met reporters in Herat on Tuesday.");
    NL_CHECK(top_score(m) >= 80 && top_score(m) < 100);
    nl_tm_matches_free(m);
    add(tm, "The minister met reporters in Herat on Monday.", "new");
    nl_tm_close(tm);
    NL_CHECK_INT(count_rows(path, "PRAGMA user_version"), 7);
    NL_CHECK_INT(count_rows(path, "SELECT value FROM nl_meta WHERE key ="
                                  " 'schema'"),
                 7);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target WHERE meta"
                                  " IS NULL"),
                 3);
    /* v4: word indexes without positions or sizes */
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM sqlite_master WHERE"
                                  " name LIKE '%_fts' AND sql LIKE"
                                  " '%detail=none, columnsize=0%'"),
                 2);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source_fts WHERE"
                                  " source_fts MATCH 'minister'"),
                 2);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM sqlite_master WHERE"
                                  " type = 'trigger' AND name LIKE '%_ai'"),
                 0);
    sql(path, "INSERT INTO source_fts(source_fts, rank)"
              " VALUES ('integrity-check', 1);"
              "INSERT INTO target_fts(target_fts, rank)"
              " VALUES ('integrity-check', 1);");
  }
  free(script);
  free(fixture);
  free(path);
}

/* One translation with `meta`, en-US -> fa; returns the status. */
static int add_meta(nl_tm *tm, const char *src, const char *tgt,
                    const char *meta, nl_error *err) {
  nl_tm_entry e = {0};
  e.source_lang = "en-US";
  e.target_lang = "fa";
  e.source = src;
  e.target = tgt;
  e.status = NL_TM_TRANSLATED;
  e.meta = meta;
  return nl_tm_add(tm, &e, err);
}

/* The meta of the best match for `src` (en-US -> fa), "-" when none,
 * "?" when there is no match; owned by the caller. */
static char *meta_of(nl_tm *tm, const char *src) {
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = "en-US";
  q.target_lang = "fa";
  q.source = src;
  nl_tm_matches *m = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_tm_lookup(tm, &q, &m, &err) < 0)
    NL_FAIL("nl_tm_lookup: %s", err.message);
  const nl_tm_match *x = nl_tm_matches_get(m, 0);
  char *r = strdup(x == NULL ? "?" : x->meta ? x->meta : "-");
  nl_tm_matches_free(m);
  return r;
}

/* A TM written by schema v2 (no meta column) migrates to v3 and v4: its
 * rows have no meta, a translation added again with meta gets it, and
 * the word indexes are rebuilt without positions. */
/* A migration step that fails (here a v2 TM that someone already gave
 * the v3 column by hand) says which step, and the TM stays at v2. */
static void test_tm_store__failed_migration(void) {
  char *path = fresh("v2-bad");
  char *fixture = nl_test_path("NL_TEST_DATA", "tm/schema-v2.sql");
  char *script = nl_test_slurp(fixture, NULL);
  if (script) {
    sql(path, script);
    sql(path, "ALTER TABLE target ADD COLUMN meta TEXT");
    nl_tm *tm = NULL;
    nl_error err = NL_ERROR_INIT;
    NL_CHECK(nl_tm_open(&tm, path, NULL, &err) < 0);
    NL_CHECK(strstr(err.message, "upgrading the TM from schema 2 to 3") != NULL);
    nl_tm_close(tm);
    NL_CHECK_INT(count_rows(path, "PRAGMA user_version"), 2);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target"), 4);
  }
  free(script);
  free(fixture);
  free(path);
}

static void test_tm_store__migrates_v2(void) {
  char *path = fresh("v2");
  char *fixture = nl_test_path("NL_TEST_DATA", "tm/schema-v2.sql");
  char *script = nl_test_slurp(fixture, NULL);
  if (script) {
    sql(path, script);
    nl_tm *tm = open_tm(path);
    nl_error err = NL_ERROR_INIT;
    char *m = meta_of(tm, "He said little.");
    NL_CHECK_STR(m, "-");
    free(m);
    const char *meta = "{\"notes\":[{\"level\":\"tu\",\"text\":\"n\"}]}";
    NL_CHECK_INT(add_meta(tm, "He said little.", "او کم گفت.", meta, &err), 0);
    m = meta_of(tm, "He said little.");
    NL_CHECK_STR(m, meta);
    free(m);
    nl_tm_close(tm);
    NL_CHECK_INT(count_rows(path, "PRAGMA user_version"), 7);
    NL_CHECK_INT(count_rows(path, "SELECT value FROM nl_meta WHERE key ="
                                  " 'schema'"),
                 7);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target"), 4);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target WHERE meta"
                                  " IS NOT NULL"),
                 1);
    /* v4: word indexes without positions or sizes, rebuilt from the
     * rows; the key-hash index on the hash alone */
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM sqlite_master WHERE"
                                  " name LIKE '%_fts' AND sql LIKE"
                                  " '%detail=none, columnsize=0%'"),
                 2);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM sqlite_master WHERE"
                                  " name = 'source_key' AND sql LIKE"
                                  " '%(key_hash)'"),
                 1);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source_fts WHERE"
                                  " source_fts MATCH 'said'"),
                 count_rows(path, "SELECT count(*) FROM source WHERE"
                                  " ' ' || key || ' ' LIKE '% said %'"));
    sql(path, "INSERT INTO source_fts(source_fts, rank)"
              " VALUES ('integrity-check', 1);"
              "INSERT INTO target_fts(target_fts, rank)"
              " VALUES ('integrity-check', 1);");
  }
  free(script);
  free(fixture);
  free(path);
}

/* A v4 TM whose language keys are not canonical ("en-us", "fa-ir",
 * "iw") migrates to v5: every key rewritten, rows that became the same
 * source or translation merged (contexts kept), and a lookup for
 * en-US -> fa-IR finds what was stored as "fa-ir". */
static void test_tm_store__migrates_v4(void) {
  char *path = fresh("v4");
  char *fixture = nl_test_path("NL_TEST_DATA", "tm/schema-v4.sql");
  char *script = nl_test_slurp(fixture, NULL);
  if (script) {
    sql(path, script);
    nl_tm *tm = open_tm(path);
    nl_tm_query q = NL_TM_QUERY_INIT;
    q.source_lang = "en-US";
    q.target_lang = "fa-IR";
    q.source = "The talks ended on Friday.";
    nl_tm_matches *m = NULL;
    nl_error err = NL_ERROR_INIT;
    NL_CHECK_INT(nl_tm_lookup(tm, &q, &m, &err), 0);
    NL_CHECK_INT(top_score(m), 100);
    NL_CHECK_INT((int)nl_tm_matches_count(m), 1);
    nl_tm_matches_free(m);
    nl_tm_close(tm);
    NL_CHECK_INT(count_rows(path, "PRAGMA user_version"), 7);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source WHERE lang"
                                  " <> 'en-US'"),
                 0);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source"), 2);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target"), 3);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target WHERE"
                                  " source_id = 1 AND lang IN ('fa-IR', 'he')"),
                 2);
    NL_CHECK_INT(count_rows(path, "SELECT id FROM target WHERE lang ="
                                  " 'fa-IR'"),
                 4);
    NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM context WHERE"
                                  " target_id = 4"),
                 2);
    sql(path, "INSERT INTO source_fts(source_fts, rank)"
              " VALUES ('integrity-check', 1);"
              "INSERT INTO target_fts(target_fts, rank)"
              " VALUES ('integrity-check', 1);");
  }
  free(script);
  free(fixture);
  free(path);
}

/* The same translation again: with meta, the new meta replaces the
 * old; without, the old stays. Meta that is not the documented object
 * is refused and stores nothing. */
static void test_tm_store__meta_upsert_and_checks(void) {
  char *path = fresh("meta");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  const char *src = "Aid reached the town.", *tgt = "کمک به شهر رسید.";
  const char *a = "{\"props\":[{\"level\":\"tu\",\"type\":\"x-a\","
                  "\"value\":\"1\"}]}";
  const char *b = "{\"props\":[{\"level\":\"target\",\"type\":\"x-b\","
                  "\"lang\":\"fa\",\"value\":\"2\"}],\"later\":true}";
  NL_CHECK_INT(add_meta(tm, src, tgt, a, &err), 0);
  NL_CHECK_INT(add_meta(tm, src, tgt, NULL, &err), 0);
  char *m = meta_of(tm, src);
  NL_CHECK_STR(m, a);
  free(m);
  NL_CHECK_INT(add_meta(tm, src, tgt, b, &err), 0);
  m = meta_of(tm, src);
  NL_CHECK_STR(m, b);
  free(m);
  static const char *const bad[] = {
      "[]", "{\"props\":{}}", "{\"props\":[1]}", "{\"notes\":[{}]}",
      "{\"notes\":[{\"level\":\"seg\",\"text\":\"x\"}]}",
      "{\"props\":[{\"level\":\"tu\",\"value\":\"x\"}]}",
      "{\"props\":[{\"level\":\"tu\",\"type\":\"\",\"value\":\"x\"}]}",
      "{\"notes\":[{\"level\":\"tu\",\"text\":\"x\",\"lang\":1}]}",
      "{\"notes\":", "{} x"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    nl_error_clear(&err);
    NL_CHECK_INT(add_meta(tm, "Other text.", "متن دیگر.", bad[i], &err),
                 NL_EINVAL);
    NL_CHECK(strstr(err.message, "meta") != NULL ||
             strstr(err.path, "meta") != NULL);
  }
  size_t big = NL_TM_META_MAX + 1;
  char *huge = malloc(big + 1);
  if (huge) {
    memset(huge, ' ', big);
    memcpy(huge, "{}", 2);
    huge[big] = '\0';
    NL_CHECK_INT(add_meta(tm, "Other text.", "متن دیگر.", huge, &err),
                 NL_EINVAL);
    huge[big - 1] = '\0'; /* exactly the limit is fine */
    NL_CHECK_INT(add_meta(tm, "Other text.", "متن دیگر.", huge, &err), 0);
    free(huge);
  }
  nl_tm_close(tm);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target"), 2);
  free(path);
}

/* Meta spoiled behind the library's back (the file edited by hand):
 * export stops with an error naming it and leaves no half file. */
static void test_tm_store__export_refuses_bad_meta(void) {
  char *path = fresh("badmeta");
  char *out = nl_test_fresh("store-badmeta.tmx");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(add_meta(tm, "A.", "ب.", "{\"notes\":[]}", &err), 0);
  nl_tm_close(tm);
  sql(path, "UPDATE target SET meta = '{\"notes\":['");
  tm = open_tm(path);
  NL_CHECK_INT(nl_tmx_export(tm, out, NULL, NULL, &err), NL_EPARSE);
  NL_CHECK(strstr(err.path, "TM entry meta") != NULL);
  NL_CHECK(!nl_test_exists(out));
  nl_tm_close(tm);
  free(out);
  free(path);
}

/* Rows added in an open transaction are searched by that transaction. */
static void test_tm_store__search_inside_transaction(void) {
  char *path = fresh("intx");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
  add(tm, "Floods cut the road between Kabul and Jalalabad.", "T");
  nl_tm_matches *m = look(tm, "Floods cut the road between Kabul and Herat.");
  NL_CHECK(top_score(m) >= 70 && top_score(m) < 100);
  nl_tm_matches_free(m);
  NL_CHECK_INT(nl_tm_commit(tm, &err), 0);
  nl_tm_close(tm);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source_fts WHERE"
                                " source_fts MATCH 'jalalabad'"),
               1);
  free(path);
}

/* The FTS indexes agree with their content after adds in batches,
 * single adds (scripts with and without spaces) and a prune. */
static void test_tm_store__fts_integrity(void) {
  char *path = fresh("fts");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
  add(tm, "Rain fell on the capital.", "باران در پایتخت بارید.");
  add(tm, "The river rose overnight.", "رودخانه در طول شب بالا آمد.");
  NL_CHECK_INT(nl_tm_commit(tm, &err), 0);
  nl_tm_entry th = {"th", "en", "ฝนตกหนักในกรุงเทพ", NULL,
                    "Heavy rain in Bangkok.", NULL, NULL, NULL, NULL, NULL,
                    NULL, NULL, NL_TM_DRAFT, 0, NULL};
  NL_CHECK_INT(nl_tm_add(tm, &th, &err), 0);
  long long gone = 0;
  NL_CHECK_INT(nl_tm_prune(tm, 0, NL_TM_DRAFT, &gone, &err), 0);
  NL_CHECK_INT(gone, 1);
  NL_CHECK_INT(nl_tm_add(tm, &th, &err), 0);
  nl_tm_close(tm);
  /* rank 1: compare the index with its content, not only its shape */
  sql(path, "INSERT INTO source_fts(source_fts, rank)"
            " VALUES ('integrity-check', 1);"
            "INSERT INTO target_fts(target_fts, rank)"
            " VALUES ('integrity-check', 1);");
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source_fts WHERE"
                                " source_fts MATCH 'river'"),
               1);
  free(path);
}

static int count_entry(void *ctx, const nl_tm_entry *e) {
  (void)e;
  (*(int *)ctx)++;
  return 0;
}

/* Rows go into the word indexes as they are added, a queue at a time
 * (add_fts): a batch is still one segment per index, not one per row,
 * whatever the script (Thai words differ from the key); a search inside
 * the batch sees its rows, rows added after it are indexed too, so are
 * rows past a full queue (5,000 a batch), rows of a rolled-back batch
 * never are, and the index holds exactly the rows' words
 * (integrity-check with rank 1). */
static void test_tm_store__fts_row_by_row(void) {
  char *path = fresh("ftsrow");
  nl_tm_close(open_tm(path));
  /* no merging, so that the segments count the writes */
  sql(path, "INSERT INTO source_fts(source_fts, rank) VALUES ('automerge', 0);"
            "INSERT INTO target_fts(target_fts, rank) VALUES ('automerge', 0);");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  char src[96], tgt[96];
  nl_tm_entry th = {"th", "fa", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL, NL_TM_DRAFT, 0, NULL};
  NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
  for (int i = 0; i < 30; i++) {
    snprintf(src, sizeof(src), "Snow fell on village %d.", i);
    add(tm, src, "برف بارید.");
  }
  nl_tm_rollback(tm);
  for (int batch = 0; batch < 2; batch++) {
    NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
    for (int i = 0; i < 5000; i++) {
      snprintf(src, sizeof(src), "Rain fell on town number %d today.",
               batch * 5000 + i);
      snprintf(tgt, sizeof(tgt), "باران در شهر شماره %d بارید.",
               batch * 5000 + i);
      add(tm, src, tgt);
      if (i % 50 == 0) {
        snprintf(src, sizeof(src), "ฝนตกหนักในเมือง %d", batch * 5000 + i);
        th.source = src;
        th.target = tgt;
        NL_CHECK_INT(nl_tm_add(tm, &th, &err), 0);
      }
      if (i == 150) {
        int n = 0;
        NL_CHECK_INT(nl_tm_concordance(tm, "en", "fa", "rain fell", 0, 0,
                                       count_entry, &n, &err),
                     0);
        NL_CHECK(n > 0);
      }
    }
    add(tm, "Rain fell on town number 7 today.", "باران در شهر شماره 7 بارید.");
    NL_CHECK_INT(nl_tm_commit(tm, &err), 0);
  }
  nl_tm_close(tm);
  /* two commits, a search inside each batch (which writes what the
   * batch holds so far): four segments an index */
  NL_CHECK_INT(count_rows(path, "SELECT count(DISTINCT segid) FROM"
                                " source_fts_idx"),
               4);
  NL_CHECK_INT(count_rows(path, "SELECT count(DISTINCT segid) FROM"
                                " target_fts_idx"),
               4);
  sql(path, "INSERT INTO source_fts(source_fts, rank)"
            " VALUES ('integrity-check', 1);"
            "INSERT INTO target_fts(target_fts, rank)"
            " VALUES ('integrity-check', 1);");
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source_fts WHERE"
                                " source_fts MATCH 'rain AND fell'"),
               10000);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source_fts WHERE"
                                " source_fts MATCH 'snow'"),
               0);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source_fts WHERE"
                                " source_fts MATCH 'ตกหนัก'"),
               200);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target_fts WHERE"
                                " target_fts MATCH 'باران'"),
               10200);
  free(path);
}

static void test_tm_store__concordance(void) {
  char *path = fresh("conc");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
  add(tm, "The Security Council met on Monday.",
      "شورای امنیت دوشنبه تشکیل جلسه داد.");
  add(tm, "The council adjourned.", "شورا جلسه را پایان داد.");
  add(tm, "Security forces arrived.", "نیروهای امنیتی رسیدند.");
  add(tm, "Council members met the security staff.",
      "اعضای شورا با کارکنان امنیتی NATO-Summit دیدار کردند.");
  NL_CHECK_INT(nl_tm_commit(tm, &err), 0);
  int n = 0;
  /* the indexes hold no positions: phrases are checked on the text,
   * so words present but apart or in another order do not count */
  NL_CHECK_INT(nl_tm_concordance(tm, "en", "fa", "security council", 0, 0,
                                 count_entry, &n, &err),
               0);
  NL_CHECK_INT(n, 1);
  n = 0;
  NL_CHECK_INT(nl_tm_concordance(tm, "en", "fa", "Council, Security!", 0, 0,
                                 count_entry, &n, &err),
               0);
  NL_CHECK_INT(n, 0);
  n = 0;
  NL_CHECK_INT(nl_tm_concordance(tm, "en", "fa", "the security", 0, 0,
                                 count_entry, &n, &err),
               0);
  NL_CHECK_INT(n, 2);
  n = 0;
  NL_CHECK_INT(nl_tm_concordance(tm, "en", "fa", "جلسه داد", 1, 0,
                                 count_entry, &n, &err),
               0);
  NL_CHECK_INT(n, 1);
  n = 0; /* as the tokenizer cuts and folds: ASCII case, '-' a space */
  NL_CHECK_INT(nl_tm_concordance(tm, "en", "fa", "nato summit", 1, 0,
                                 count_entry, &n, &err),
               0);
  NL_CHECK_INT(n, 1);
  n = 0;
  NL_CHECK_INT(nl_tm_concordance(tm, "en", "fa", "summit nato", 1, 0,
                                 count_entry, &n, &err),
               0);
  NL_CHECK_INT(n, 0);
  n = 0; /* inside an open transaction, its own rows are found */
  NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
  add(tm, "The security council voted.", "شورای امنیت رأی داد.");
  NL_CHECK_INT(nl_tm_concordance(tm, "en", "fa", "security council", 0, 0,
                                 count_entry, &n, &err),
               0);
  NL_CHECK_INT(n, 2);
  NL_CHECK_INT(nl_tm_commit(tm, &err), 0);
  n = 0;
  NL_CHECK_INT(nl_tm_concordance(tm, NULL, NULL, "council", 0, 0, count_entry,
                                 &n, &err),
               0);
  NL_CHECK_INT(n, 4);
  n = 0;
  NL_CHECK_INT(nl_tm_concordance(tm, "en", "fa", "جلسه", 1, 0, count_entry,
                                 &n, &err),
               0);
  NL_CHECK_INT(n, 2);
  nl_tm_close(tm);
  free(path);
}

/* A key's word can hold ASCII symbols the index's tokenizer cuts at
 * ("$5+3" is 5 and 3): with no positions in the index, such a word must
 * not reach FTS5 as a phrase (which it refuses), in word counts,
 * candidate queries or concordance. */
static void test_tm_store__symbol_words(void) {
  char *path = fresh("sym");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  add(tm, "Oil rose to $5+3 a barrel in Geneva.", "نفت به ۵+۳ دلار رسید.");
  add(tm, "Rain fell on the capital.", "باران در پایتخت بارید.");
  nl_tm_matches *m = look(tm, "Oil rose to $5+3 a barrel in Geneva today.");
  NL_CHECK(top_score(m) >= 70 && top_score(m) < 100);
  nl_tm_matches_free(m);
  m = look(tm, "$5+3=8 $");
  NL_CHECK(top_score(m) < 70);
  nl_tm_matches_free(m);
  int n = 0;
  NL_CHECK_INT(nl_tm_concordance(tm, "en", "fa", "$5+3 a barrel", 0, 0,
                                 count_entry, &n, &err),
               0);
  NL_CHECK_INT(n, 1);
  n = 0;
  NL_CHECK_INT(nl_tm_concordance(tm, "en", "fa", "+$", 0, 0, count_entry, &n,
                                 &err),
               0);
  NL_CHECK_INT(n, 0);
  nl_tm_close(tm);
  free(path);
}


/* ---- the writer's filter of key hashes (tm_keyset.h) ------------------- */

/* A key added is always "maybe"; of keys never added, most are "no"; a
 * filter capped below its room still answers "maybe" for every key it
 * holds. */
static void test_tm_store__keyset(void) {
  nl_tm_keyset k = {0};
  NL_CHECK_INT(nl_tm_keyset__reset(&k, 100000), 0);
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 100000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    nl_tm_keyset__add(&k, (int64_t)x);
  }
  int missed = 0, maybe = 0;
  x = 88172645463325252ull;
  for (int i = 0; i < 100000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    missed += !nl_tm_keyset__maybe(&k, (int64_t)x);
  }
  for (int64_t i = 0; i < 100000; i++)
    maybe += nl_tm_keyset__maybe(&k, i * 7919 + 1);
  NL_CHECK_INT(missed, 0);
  NL_CHECK(maybe < 3000); /* 1.5% expected when full */
  NL_CHECK_INT(nl_tm_keyset__reset(&k, (size_t)1 << 40), 0);
  NL_CHECK(k.nwords * 8 <= NL_TM_KEYSET_MAX);
  for (int64_t i = 0; i < 1000; i++)
    nl_tm_keyset__add(&k, i);
  for (int64_t i = 0; i < 1000; i++)
    missed += !nl_tm_keyset__maybe(&k, i);
  NL_CHECK_INT(missed, 0);
  nl_tm_keyset__dispose(&k);
}

/* ---- checkpoints on their own thread (tm_sqlite_ckpt.h) ----------------- */

static long long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/* Commits of about 1,300 frames each, back to back: the thread
 * checkpoints them, the WAL never grows far past the limit (without the
 * wait it would hold all 16 transactions, 21 MB), and every row is in
 * the file once the WAL is truncated. */
static void test_tm_store__checkpoint_thread(void) {
  char *path = fresh("ckpt");
  char wal[512];
  snprintf(wal, sizeof(wal), "%s-wal", path);
  sqlite3 *db = NULL;
  NL_CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
  NL_CHECK_INT(sqlite3_exec(db,
                            "PRAGMA page_size = 1024; PRAGMA journal_mode = WAL;"
                            " PRAGMA synchronous = NORMAL;"
                            " CREATE TABLE t(x BLOB)",
                            NULL, NULL, NULL),
               SQLITE_OK);
  const long long limit = 3 << 20;
  nl_tm_ckpt *c = nl_tm_ckpt__new(db, path, limit);
  NL_CHECK(c != NULL);
  long long most = 0;
  for (int i = 0; i < 16; i++) {
    nl_tm_ckpt__before_write(c);
    NL_CHECK_INT(sqlite3_exec(db,
                              "BEGIN IMMEDIATE; WITH RECURSIVE n(i) AS"
                              " (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                              " WHERE i < 1200) INSERT INTO t SELECT"
                              " randomblob(1000) FROM n; COMMIT",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    long long size = file_size(wal);
    most = size > most ? size : most;
  }
  NL_CHECK(most > 0);
  NL_CHECK(most <= limit + (2 << 20));
  NL_CHECK(nl_tm_ckpt__runs(c) > 0);
  nl_tm_ckpt__free(c);
  NL_CHECK_INT(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
                            NULL),
               SQLITE_OK);
  NL_CHECK_INT(file_size(wal), 0);
  sqlite3_stmt *st = NULL;
  NL_CHECK_INT(sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, NULL),
               SQLITE_OK);
  NL_CHECK_INT(sqlite3_step(st), SQLITE_ROW);
  NL_CHECK_INT(sqlite3_column_int(st, 0), 16 * 1200);
  sqlite3_finalize(st);
  sqlite3_close(db);
  free(path);
}

static void add_range(nl_tm *tm, const char *who, int from, int to) {
  char src[96];
  for (int i = from; i < to; i++) {
    snprintf(src, sizeof(src), "%s sentence %d.", who, i);
    add(tm, src, "ترجمه");
  }
}

/* Once a writer has added enough rows, it skips the seek for keys its
 * filter has never seen. Rows another connection added meanwhile, rows
 * it added itself, and rows of a rolled-back batch must still be found:
 * the TM then holds each source once. */
static void test_tm_store__key_filter_finds_every_row(void) {
  char *path = fresh("keyfilter");
  nl_tm *a = open_tm(path), *b = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  const char *mine = "Writer A adds", *theirs = "Writer B adds";
  NL_CHECK_INT(nl_tm_begin(a, &err), 0);
  add_range(a, mine, 0, 6000); /* the filter is built on the way */
  NL_CHECK_INT(nl_tm_commit(a, &err), 0);
  add_range(b, theirs, 0, 50); /* one transaction each, B's own */
  NL_CHECK_INT(nl_tm_begin(a, &err), 0);
  add_range(a, theirs, 0, 50);  /* B's: the filter must not be trusted */
  add_range(a, mine, 0, 6000);  /* its own again */
  add_range(a, mine, 6000, 7000);
  NL_CHECK_INT(nl_tm_commit(a, &err), 0);
  NL_CHECK_INT(nl_tm_begin(a, &err), 0);
  add_range(a, "Rolled back", 0, 500);
  nl_tm_rollback(a);
  NL_CHECK_INT(nl_tm_begin(a, &err), 0);
  add_range(a, "Rolled back", 0, 500);
  add_range(a, "Rolled back", 0, 500);
  NL_CHECK_INT(nl_tm_commit(a, &err), 0);
  nl_tm_close(a);
  nl_tm_close(b);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM source"), 7550);
  NL_CHECK_INT(count_rows(path, "SELECT count(*) FROM target"), 7550);
  NL_CHECK_INT(count_rows(path, "SELECT count(DISTINCT key_hash) FROM"
                                " source"),
               7550);
  free(path);
}

static const nl_test tests[] = {
    NL_TEST(test_tm__refuse_text_file),
    NL_TEST(test_tm__refuse_foreign_db),
    NL_TEST(test_tm__refuse_newer_schema),
    NL_TEST(test_tm__refuse_corrupt),
    NL_TEST(test_tm__corrupt_found_later),
    NL_TEST(test_tm__empty_file_is_new),
    NL_TEST(test_tm__two_writers),
    NL_TEST(test_tm__kill_during_import),
    NL_TEST(test_tm__two_tmx_importers),
    NL_TEST(test_tm__kill_during_tmx_import),
    NL_TEST(test_tm_store__migrates_v1),
    NL_TEST(test_tm_store__migrates_v2),
    NL_TEST(test_tm_store__migrates_v4),
    NL_TEST(test_tm_store__failed_migration),
    NL_TEST(test_tm_store__meta_upsert_and_checks),
    NL_TEST(test_tm_store__export_refuses_bad_meta),
    NL_TEST(test_tm_store__search_inside_transaction),
    NL_TEST(test_tm_store__concordance),
    NL_TEST(test_tm_store__fts_integrity),
    NL_TEST(test_tm_store__fts_row_by_row),
    NL_TEST(test_tm_store__symbol_words),
    NL_TEST(test_tm_store__keyset),
    NL_TEST(test_tm_store__checkpoint_thread),
    NL_TEST(test_tm_store__key_filter_finds_every_row),
    NL_TEST(test_tm_store__tmx_reimport),
};

NL_TEST_MAIN(tests)
