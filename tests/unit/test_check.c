/*
 * test_check.c - every check against its failing and passing files.
 *
 * tests/data/check/<id>/ holds, for check <id>, files NAME.fail.EXT that
 * must give at least one <id> finding and NAME.pass.EXT that must give
 * none. Each has NAME.*.EXT.expected: the whole text report (every
 * check, so a change in any check's output is seen). NAME.lang, when
 * present, is the --lang for the files of that NAME. Files NAME.fix.EXT
 * are also fixed (--fix): the result must equal NAME.fix.EXT.fixed.
 * The directory trojan-source/ holds a sample of each pattern the npm
 * package anti-trojan-source flags; zwnj-languages/ correct Persian,
 * Urdu, Pashto and Sorani text with ZWNJ that must give no finding.
 * NL_UPDATE_GOLDEN=1 rewrites the .expected and .fixed files.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>
#include <sqlite3.h>

#include "harness.h"

static int update(void) {
  const char *u = getenv("NL_UPDATE_GOLDEN");
  return u && *u == '1';
}

static void write_file(const char *path, const char *s, size_t n) {
  FILE *f = fopen(path, "wb");
  if (f == NULL || fwrite(s, 1, n, f) != n)
    NL_FAIL("cannot write %s", path);
  if (f)
    fclose(f);
}

static void golden(const char *path, const char *got) {
  if (update()) {
    write_file(path, got, strlen(got));
    return;
  }
  size_t n;
  char *want = nl_test_slurp(path, &n);
  if (want && strcmp(got, want) != 0)
    NL_FAIL("%s differs:\n--- got\n%s--- want\n%s", path, got, want);
  free(want);
}

/* A text report is a finding a line, whatever the file held: no
 * message may carry a control character (a tag's line break, a tab). */
static void one_line_messages(const nl_checker *k, const char *path) {
  for (size_t i = 0; i < nl_checker_count(k); i++) {
    const char *m = nl_checker_finding(k, i)->message;
    for (const unsigned char *p = (const unsigned char *)m; *p; p++)
      if (*p < 0x20 || *p == 0x7F)
        NL_FAIL("%s: %s: control character 0x%02X in its message", path,
                nl_checker_finding(k, i)->id, *p);
  }
}

static char *lang_of(const char *dir, const char *file) {
  char path[1024], stem[256];
  snprintf(stem, sizeof(stem), "%s", file);
  char *dot = strchr(stem, '.');
  if (dot)
    *dot = '\0';
  if (snprintf(path, sizeof(path), "%s/%s.lang", dir, stem) >= (int)sizeof(path))
    return NULL;
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return NULL;
  char line[64] = "";
  if (fgets(line, sizeof(line), f) == NULL)
    line[0] = '\0';
  fclose(f);
  line[strcspn(line, "\r\n")] = '\0';
  return strdup(line);
}

/* Findings of check `id`; in a directory that is not a check's
 * (trojan-source, zwnj-languages), findings of any check. */
static int count_id(const nl_checker *k, const char *id) {
  int n = 0, any = nl_check_rule_find(id) == NULL;
  for (size_t i = 0; i < nl_checker_count(k); i++)
    n += (any || strcmp(nl_checker_finding(k, i)->id, id) == 0) &&
         !nl_checker_finding(k, i)->fixed;
  return n;
}

/* nl_checker_count_rule, which reads no message, against the findings
 * read one by one (fixed ones count: it is the CLI's input-error test). */
static void same_count_of_rule(const nl_checker *k, const char *id,
                               const char *path) {
  size_t n = 0;
  for (size_t i = 0; i < nl_checker_count(k); i++)
    n += strcmp(nl_checker_finding(k, i)->id, id) == 0;
  if (nl_checker_count_rule(k, id) != n)
    NL_FAIL("%s: nl_checker_count_rule(%s) %zu, not %zu", path, id,
            nl_checker_count_rule(k, id), n);
}

/* One data file: its findings against the golden report, and whether
 * the directory's check fired as the name says it must. */
static void one(const char *dir, const char *id, const char *file, int *ran) {
  char path[1024], exp[1100];
  if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path) ||
      snprintf(exp, sizeof(exp), "%s.expected", path) >= (int)sizeof(exp))
    return;
  int fail = strstr(file, ".fail.") != NULL;
  int pass = strstr(file, ".pass.") != NULL;
  int fix = strstr(file, ".fix.") != NULL;
  if ((!fail && !pass && !fix) || strstr(file, ".expected") ||
      strstr(file, ".fixed"))
    return;
  char *lang = lang_of(dir, file);
  nl_check_options o = NL_CHECK_OPTIONS_INIT;
  o.lang = lang;
  nl_error err = NL_ERROR_INIT;
  nl_checker *k = NULL;
  size_t len;
  char *data = nl_test_slurp(path, &len);
  nl_buf fixed = NL_BUF_INIT, rep = NL_BUF_INIT;
  if (data && nl_checker_new(&k, &o, &err) == 0) {
    int rc = fix ? nl_check_fix_memory(k, data, len, file, &fixed, &err)
                 : nl_check_memory(k, data, len, file, &err);
    if (rc < 0)
      nl_error_format(&err, exp, sizeof(exp)), NL_FAIL("%s: %s", path, exp);
    nl_check_report(k, NL_CHECK_TEXT, &rep, &err);
    if (snprintf(exp, sizeof(exp), "%s.expected", path) < (int)sizeof(exp))
      golden(exp, rep.ptr ? rep.ptr : "");
    int n = count_id(k, id);
    same_count_of_rule(k, id, path);
    one_line_messages(k, path);
    if (fail && n == 0)
      NL_FAIL("%s: no %s finding", path, id);
    if (pass && n != 0)
      NL_FAIL("%s: %d %s finding(s) on a passing file", path, n, id);
    if (fix) {
      if (snprintf(exp, sizeof(exp), "%s.fixed", path) < (int)sizeof(exp))
        golden(exp, fixed.ptr ? fixed.ptr : "");
    }
    (*ran)++;
  } else if (data) {
    NL_FAIL("%s: %s", path, err.message);
  }
  nl_checker_free(k);
  nl_buf_dispose(&fixed);
  nl_buf_dispose(&rep);
  free(data);
  free(lang);
}

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(const char *root, const char *id, int *ran) {
  char dir[1024];
  if (snprintf(dir, sizeof(dir), "%s/%s", root, id) >= (int)sizeof(dir))
    return;
  DIR *d = opendir(dir);
  if (d == NULL)
    return;
  char *names[256];
  size_t n = 0;
  for (struct dirent *e; (e = readdir(d)) && n < 256;)
    if (e->d_name[0] != '.')
      names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, n, sizeof(*names), cmp);
  for (size_t i = 0; i < n; i++) {
    one(dir, id, names[i], ran);
    free(names[i]);
  }
}

/* Every check of the catalogue has data, and every data directory runs. */
static void test_each_check(void) {
  char *root = nl_test_path("NL_TEST_DATA", "check");
  for (size_t i = 0; i < nl_check_rule_count(); i++) {
    const char *id = nl_check_rule_at(i)->id;
    int ran = 0;
    run_dir(root, id, &ran);
    if (ran == 0 && strncmp(id, "tm-", 3) != 0 &&
        strcmp(id, "input-error") != 0) /* tests/cli/06xx */
      NL_FAIL("check %s has no data in tests/data/check/%s", id, id);
  }
  free(root);
}

/* Each Trojan Source sample is flagged; correct ZWNJ text is clean. */
static void test_trojan_source_and_zwnj(void) {
  char *root = nl_test_path("NL_TEST_DATA", "check");
  int ran = 0;
  run_dir(root, "trojan-source", &ran);
  NL_CHECK(ran > 10);
  ran = 0;
  run_dir(root, "zwnj-languages", &ran);
  NL_CHECK(ran >= 4);
  free(root);
}

static void add(nl_tm *tm, const char *src, const char *tgt) {
  nl_error err = NL_ERROR_INIT;
  nl_tm_entry e = {"en", "fa", src, NULL, tgt, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, NL_TM_TRANSLATED, 0, NULL};
  NL_CHECK_INT(nl_tm_add(tm, &e, &err), 0);
}

static int has(const nl_checker *k, const char *id, const char *part) {
  for (size_t i = 0; i < nl_checker_count(k); i++)
    if (strcmp(nl_checker_finding(k, i)->id, id) == 0 &&
        strstr(nl_checker_finding(k, i)->message, part))
      return 1;
  return 0;
}

/* --tm: one word with ZWNJ, with a space and joined across entries; a
 * row another tool stored in NFD beside NFC ones (nl_tm_add itself
 * stores NFC, so the row is written with SQLite directly). */
static void test_tm_wide(void) {
  char *db = nl_test_fresh("check-tm.sqlite");
  nl_error err = NL_ERROR_INIT;
  nl_tm *tm = NULL;
  NL_CHECK_INT(nl_tm_open(&tm, db, NULL, &err), 0);
  add(tm, "We are going home.", "\u0645\u0627 \u0628\u0647 \u062e\u0627\u0646\u0647 "
      "\u0645\u06cc\u200c\u0631\u0648\u06cc\u0645.");
  add(tm, "We are going to school.", "\u0645\u0627 \u0628\u0647 \u0645\u062f\u0631\u0633\u0647 "
      "\u0645\u06cc \u0631\u0648\u06cc\u0645.");
  add(tm, "We go.", "\u0645\u06cc\u0631\u0648\u06cc\u0645.");
  add(tm, "Vietnam.", "Vi\u1ec7t Nam.");
  add(tm, "Vietnamese.", "Ti\u1ebfng Vi\u1ec7t.");
  nl_tm_close(tm);
  sqlite3 *s = NULL;
  NL_CHECK_INT(sqlite3_open(db, &s), SQLITE_OK);
  NL_CHECK_INT(sqlite3_exec(s, "UPDATE target SET text = 'Vie\xcc\xa3\xcc\x82t Nam.'"
                               " WHERE text = 'Vi\xe1\xbb\x87t Nam.'",
                            NULL, NULL, NULL),
               SQLITE_OK);
  sqlite3_close(s);
  nl_checker *k = NULL;
  NL_CHECK_INT(nl_checker_new(&k, NULL, &err), 0);
  NL_CHECK_INT(nl_check_tm(k, db, &err), 0);
  NL_CHECK(has(k, "tm-zwnj-variants", "with ZWNJ 1 times, with a space 1, joined 1"));
  NL_CHECK(has(k, "tm-mixed-normalization", "'fa': 4 entries in NFC, 1 not"));
  nl_checker_free(k);
  free(db);
}

static const nl_test tests[] = {
  NL_TEST(test_tm_wide),
  NL_TEST(test_each_check),
  NL_TEST(test_trojan_source_and_zwnj),
};

NL_TEST_MAIN(tests)
