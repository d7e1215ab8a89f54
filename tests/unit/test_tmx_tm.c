/*
 * test_tmx_tm.c - TMX exchange through a TM, and the TM learning from
 * files other tools wrote (main's test_tmx.c, kept beside the TMX
 * layer's own tests/unit/test_tmx.c).
 *
 * The interop walk imports every XLIFF and TMX file under
 * ../shared/interop/ and compares the outcome with
 * tests/data/tm/interop.tsv (file, "ok" and the number of translations
 * remembered, or "error" and the start of the message). A new file there
 * without a line in the table fails the test: its outcome must be looked
 * at once and pinned.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <newsloc/newsloc.h>

#include "harness.h"

static nl_tm *open_tm(const char *path) {
  nl_error err = NL_ERROR_INIT;
  nl_tm *tm = NULL;
  if (nl_tm_open(&tm, path, NULL, &err) < 0)
    NL_FAIL("open %s: %s", path, err.message);
  return tm;
}

static int import(nl_tm *tm, const char *rel, const char *from,
                  nl_tmx_stats *st, nl_error *err) {
  char *path = nl_test_path("NL_TEST_DATA", rel);
  nl_tmx_import_options o = NL_TMX_IMPORT_OPTIONS_INIT;
  o.source_lang = from;
  o.batch_size = 10;
  int rc = nl_tmx_import(tm, path, &o, st, err);
  free(path);
  return rc;
}

/* Every entry as one line, in TM order. */
static int dump_one(void *ctx, const nl_tm_entry *e) {
  nl_buf *b = ctx;
  char line[2048];
  snprintf(line, sizeof(line), "%s>%s|%s|%s|%s|%s\n", e->source_lang,
           e->target_lang, e->source, e->source_markup ? e->source_markup : "",
           e->target, e->target_markup ? e->target_markup : "");
  size_t n = strlen(line);
  char *p = realloc(b->ptr, b->size + n + 1);
  if (p) {
    memcpy(p + b->size, line, n + 1);
    b->ptr = p;
    b->size += n;
  }
  return 0;
}

static char *dump(nl_tm *tm) {
  nl_buf b = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  if (nl_tm_foreach(tm, NULL, NULL, dump_one, &b, &err) < 0)
    NL_FAIL("foreach: %s", err.message);
  return b.ptr ? b.ptr : calloc(1, 1);
}

static void test_tmx__import_codes_and_provenance(void) {
  char *path = nl_test_fresh("tmx-news.sqlite");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  nl_tmx_stats st = {0, 0, 0, 0, 0};
  /* the DOCTYPE names a remote DTD: never fetched, never an error */
  NL_CHECK_INT(import(tm, "tmx/news.tmx", NULL, &st, &err), 0);
  NL_CHECK_INT(st.units, 4);
  NL_CHECK_INT(st.entries, 4); /* fa and ru for the first, fa for two */
  NL_CHECK_INT(st.skipped, 1);
  char *d = dump(tm);
  NL_CHECK(strstr(d, "en>fa|The agency said so.|The <pc id=\"1\" "
                     "dispStart=\"&lt;a href=&quot;https://example.org&quot;"
                     "&gt;\" dispEnd=\"&lt;/a&gt;\">agency</pc> said so."
                     "<ph id=\"x2\" disp=\"&lt;br/&gt;\"/>|") != NULL);
  NL_CHECK(strstr(d, "en>ru|Floods close schools in three provinces||") != NULL);
  NL_CHECK(strstr(d, "|Rain will continue until Sunday.|Rain will continue "
                     "until <sc id=\"it3\" isolated=\"yes\" "
                     "disp=\"&lt;em&gt;\"/>"
                     "Sunday.|") != NULL);
  free(d);
  nl_tm_matches *m = NULL;
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = "en";
  q.target_lang = "fa";
  q.source = "Floods close schools in three provinces";
  NL_CHECK_INT(nl_tm_lookup(tm, &q, &m, &err), 0);
  const nl_tm_match *x = nl_tm_matches_get(m, 0);
  NL_CHECK(x && x->score == 100 && x->translator &&
           strcmp(x->translator, "amir") == 0 && x->changed == 1709288100);
  nl_tm_matches_free(m);
  nl_tm_close(tm);
  free(path);
}

static void test_tmx__round_trip(void) {
  char *a = nl_test_fresh("tmx-a.sqlite"), *b = nl_test_fresh("tmx-b.sqlite");
  char *out = nl_test_fresh("round.tmx");
  nl_tm *ta = open_tm(a), *tb = open_tm(b);
  nl_error err = NL_ERROR_INIT;
  nl_tmx_stats st;
  NL_CHECK_INT(import(ta, "tmx/news.tmx", NULL, &st, &err), 0);
  NL_CHECK_INT(import(ta, "tmx/tm-tmx11.tmx", NULL, &st, &err), 0);
  NL_CHECK_INT(nl_tmx_export(ta, out, NULL, &st, &err), 0);
  NL_CHECK_INT(st.units, 5);
  nl_tmx_import_options o = NL_TMX_IMPORT_OPTIONS_INIT;
  o.source_lang = "en";
  NL_CHECK_INT(nl_tmx_import(tb, out, &o, &st, &err), 0);
  o.source_lang = "en-US";
  NL_CHECK_INT(nl_tmx_import(tb, out, &o, &st, &err), 0);
  char *da = dump(ta), *db = dump(tb);
  NL_CHECK_STR(db, da);
  free(da);
  free(db);
  nl_tm_close(ta);
  nl_tm_close(tb);
  free(a);
  free(b);
  free(out);
}

static void test_tmx__source_language(void) {
  char *path = nl_test_fresh("tmx-all.sqlite");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  nl_tmx_stats st;
  NL_CHECK_INT(import(tm, "tmx/tm-all.tmx", NULL, &st, &err), NL_EINVAL);
  NL_CHECK(strstr(err.message, "*all*") != NULL);
  NL_CHECK_INT(err.line, 5); /* the first <tu> without a source */
  NL_CHECK_INT(import(tm, "tmx/tm-all.tmx", "en", &st, &err), 0);
  NL_CHECK_INT(st.entries, 1);
  /* TMX 1.1's lang attribute, upper case tags */
  NL_CHECK_INT(import(tm, "tmx/tm-tmx11.tmx", NULL, &st, &err), 0);
  NL_CHECK_INT(st.entries, 1);
  nl_tm_close(tm);
  free(path);
}

static void test_tmx__truncated_keeps_batches(void) {
  char *path = nl_test_fresh("tmx-cut.sqlite");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  nl_tmx_stats st;
  NL_CHECK_INT(import(tm, "tmx/tm-truncated.tmx", NULL, &st, &err), NL_EPARSE);
  NL_CHECK(strstr(err.path, "tm-truncated.tmx") != NULL);
  NL_CHECK(err.line >= 34);
  char *d = dump(tm);
  size_t lines = 0;
  for (char *p = d; *p; p++)
    lines += *p == '\n';
  NL_CHECK_INT(lines, 30); /* three batches of ten, all before the fault */
  free(d);
  nl_tm_close(tm);
  free(path);
}

/* An entity bomb is refused with its position; nothing is expanded. */
static void test_tmx__entity_expansion_refused(void) {
  char *path = nl_test_fresh("tmx-bomb.sqlite");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  nl_tmx_stats st;
  NL_CHECK_INT(import(tm, "tmx/entity-expansion.tmx", NULL, &st, &err),
               NL_EPARSE);
  NL_CHECK(strstr(err.message, "entity") != NULL);
  NL_CHECK(err.line >= 1);
  NL_CHECK_INT(st.entries, 0);
  nl_tm_close(tm);
  free(path);
}

/* ---- the interop walk ------------------------------------------------------ */

typedef struct expect {
  char file[512];
  char outcome[512];
} expect;

static expect *load_table(size_t *n) {
  char *path = nl_test_path("NL_TEST_DATA", "tm/interop.tsv");
  size_t len;
  char *t = nl_test_slurp(path, &len);
  free(path);
  expect *e = calloc(1024, sizeof(*e));
  *n = 0;
  for (char *line = t ? strtok_r(t, "\n", &path) : NULL; line && *n < 1024;
       line = strtok_r(NULL, "\n", &path)) {
    char *tab = strchr(line, '\t');
    if (line[0] == '#' || tab == NULL)
      continue;
    snprintf(e[*n].file, sizeof(e[*n].file), "%.*s", (int)(tab - line), line);
    snprintf(e[*n].outcome, sizeof(e[*n].outcome), "%s", tab + 1);
    (*n)++;
  }
  free(t);
  return e;
}

static int is_tmx_name(const char *name) {
  const char *dot = strrchr(name, '.');
  return dot && strcmp(dot, ".tmx") == 0;
}

static int is_xliff_name(const char *name) {
  const char *dot = strrchr(name, '.');
  return dot && (strcmp(dot, ".xlf") == 0 || strcmp(dot, ".xliff") == 0 ||
                 strcmp(dot, ".sdlxliff") == 0);
}

/* "ok N" or "error: MESSAGE" for one file, into a fresh TM. */
static void outcome_of(const char *file, char *out, size_t cap) {
  char *db = nl_test_fresh("interop.sqlite");
  nl_tm *tm = open_tm(db);
  nl_error err = NL_ERROR_INIT;
  int rc;
  size_t stored = 0;
  if (tm == NULL) { /* open_tm failed the case already */
    snprintf(out, cap, "error: no TM");
    free(db);
    return;
  }
  if (is_tmx_name(file)) {
    nl_tmx_stats st = {0, 0, 0, 0, 0};
    rc = nl_tmx_import(tm, file, NULL, &st, &err);
    if (rc == NL_EINVAL && strstr(err.message, "*all*")) {
      nl_tmx_import_options o = NL_TMX_IMPORT_OPTIONS_INIT;
      o.source_lang = "en";
      rc = nl_tmx_import(tm, file, &o, &st, &err);
    }
    stored = st.entries;
  } else {
    nl_tm_import_stats st = {0, 0, 0};
    rc = nl_tm_import_xliff(tm, file, NULL, &st, &err);
    stored = st.stored;
  }
  if (rc == 0)
    snprintf(out, cap, "ok %zu", stored);
  else
    snprintf(out, cap, "error: %s", err.message);
  nl_tm_close(tm);
  free(db);
}

typedef struct walk_state {
  expect *table;
  size_t n;
  size_t files, ok, errors;
  const char *root;
} walk_state;

static void check_file(walk_state *w, const char *path) {
  const char *rel = path + strlen(w->root) + 1;
  char got[NL_ERROR_MESSAGE_MAX + 16];
  outcome_of(path, got, sizeof(got));
  w->files++;
  if (strncmp(got, "ok", 2) == 0)
    w->ok++;
  else
    w->errors++;
  for (size_t i = 0; i < w->n; i++) {
    if (strcmp(w->table[i].file, rel) != 0)
      continue;
    if (strncmp(got, w->table[i].outcome, strlen(w->table[i].outcome)) != 0)
      NL_FAIL("%s: expected \"%s\", got \"%s\"", rel, w->table[i].outcome, got);
    return;
  }
  NL_FAIL("%s: not in tests/data/tm/interop.tsv (outcome: %s)", rel, got);
}

static void walk(walk_state *w, const char *dir) {
  DIR *d = opendir(dir);
  for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
    if (e->d_name[0] == '.')
      continue;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
      walk(w, path);
    else if (is_tmx_name(e->d_name) || is_xliff_name(e->d_name))
      check_file(w, path);
  }
  if (d)
    closedir(d);
}

static void test_tmx__interop_files(void) {
  if (!nl_test_need_shared())
    return;
  char *root = nl_test_path("NL_SHARED", "interop");
  walk_state w = {NULL, 0, 0, 0, 0, root};
  w.table = load_table(&w.n);
  walk(&w, root);
  printf("    interop: %zu files, %zu learned from, %zu refused\n", w.files,
         w.ok, w.errors);
  NL_CHECK(w.files >= 300);
  free(w.table);
  free(root);
}

static const nl_test tests[] = {
    NL_TEST(test_tmx__import_codes_and_provenance),
    NL_TEST(test_tmx__round_trip),
    NL_TEST(test_tmx__source_language),
    NL_TEST(test_tmx__truncated_keeps_batches),
    NL_TEST(test_tmx__entity_expansion_refused),
    NL_TEST(test_tmx__interop_files),
};

NL_TEST_MAIN(tests)
