/*
 * test_tm_bits.c - the SQLite store's bitmaps of common words
 * (tm_sqlite_bits.c), judged against the rows' own words: rows across a
 * chunk boundary, a word made common after its first rows, a rolled
 * back batch, and a TM upgraded from schema v5. Also the key signatures
 * written beside them (tm_sqlite_sig.c), against the keys, and
 * common-word lookups that use them, against a scan of every key.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <newsloc/newsloc.h>

#include "harness.h"
#include "tm_bits.h"
#include "tm_fuzzy.h"
#include "tm_sqlite_bits.h"
#include "tm_store.h"

static char *fresh(const char *name) {
  char rel[128];
  snprintf(rel, sizeof(rel), "bits-%s.sqlite", name);
  return nl_test_fresh(rel);
}

static nl_tm *open_tm(const char *path) {
  nl_tm *tm = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_tm_open(&tm, path, NULL, &err) != 0)
    NL_FAIL("nl_tm_open(%s): %s", path, err.message);
  return tm;
}

static void add(nl_tm *tm, const char *src) {
  nl_tm_entry e = {0};
  e.source_lang = "en";
  e.target_lang = "fa";
  e.source = src;
  e.target = "ترجمه";
  e.status = NL_TM_TRANSLATED;
  nl_error err = NL_ERROR_INIT;
  if (nl_tm_add(tm, &e, &err) != 0)
    NL_FAIL("nl_tm_add: %s", err.message);
}

/* n rows "<words> <tag><i>", i from `from`, in one transaction. */
static void add_rows(nl_tm *tm, const char *words, const char *tag, int from,
                     int n) {
  nl_error err = NL_ERROR_INIT;
  char src[256];
  if (nl_tm_begin(tm, &err) != 0)
    NL_FAIL("begin: %s", err.message);
  for (int i = from; i < from + n; i++) {
    snprintf(src, sizeof(src), "%s %s%d.", words, tag, i);
    add(tm, src);
  }
  if (nl_tm_commit(tm, &err) != 0)
    NL_FAIL("commit: %s", err.message);
}

static void run_sql(const char *path, const char *stmt) {
  sqlite3 *db = NULL;
  char *msg = NULL;
  if (sqlite3_open(path, &db) != SQLITE_OK ||
      sqlite3_exec(db, stmt, NULL, NULL, &msg) != SQLITE_OK)
    NL_FAIL("%s: %s", stmt, msg ? msg : sqlite3_errmsg(db));
  sqlite3_free(msg);
  sqlite3_close(db);
}

static long long scalar(const char *path, const char *q) {
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

typedef struct ids {
  long long v[4096];
  size_t n;
} ids;

static int collect(void *ctx, long long id) {
  ids *x = ctx;
  if (x->n < sizeof(x->v) / sizeof(x->v[0]))
    x->v[x->n++] = id;
  return 0;
}

/* collect, then the band narrowed to 17 characters (a floor risen). */
typedef struct narrowing {
  ids got;
  long lo, hi;
} narrowing;

static int narrow(void *ctx, long long id) {
  narrowing *nw = ctx;
  nw->lo = nw->hi = 17;
  return collect(&nw->got, id);
}

/* What the bitmaps give against what the rows' keys say: the rows
 * holding at least `need` of the words, those holding all first, in id
 * order. Returns how many rows both gave (-1 when they differ). */
static long long check_find(const char *path, const char *const *w, size_t n,
                            size_t need) {
  sqlite3 *db = NULL;
  ids got = {{0}, 0}, want = {{0}, 0};
  char held[512] = "", q[1200];
  size_t at = 0;
  for (size_t i = 0; i < n; i++)
    at += (size_t)snprintf(held + at, sizeof(held) - at,
                           "%s(' ' || key || ' ' LIKE '%% %s %%')",
                           i ? " + " : "", w[i]);
  snprintf(q, sizeof(q),
           "SELECT id FROM source WHERE %s >= %zu ORDER BY %s DESC, id", held,
           need, held);
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = nl_tm_sqlite_bits__find(db, w, n, need, 0, 0, 0, collect, &got);
  if (rc == SQLITE_OK && sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK)
    while (sqlite3_step(st) == SQLITE_ROW)
      collect(&want, sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  NL_CHECK_INT(rc, SQLITE_OK);
  NL_CHECK_INT((long long)got.n, (long long)want.n);
  int same = got.n == want.n;
  for (size_t i = 0; same && i < got.n; i++)
    same = got.v[i] == want.v[i];
  NL_CHECK_INT(same, 1);
  return same ? (long long)got.n : -1;
}

/* Every source row's stored signature against nl_tm_fuzzy__sig of its
 * key (an entry of zeros for a key it knows nothing of). Returns how
 * many rows agree (-1 when one does not). */
static long long check_sigs(const char *path) {
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  long long n = 0;
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "SELECT s.id, s.key, g.sigs FROM source s"
                                " LEFT JOIN nl_sig g ON g.part = s.id >> 10"
                                " ORDER BY s.id",
                            -1, &st, NULL);
  while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    long long id = sqlite3_column_int64(st, 0);
    unsigned char want[NL_TM_SIG];
    nl_tm_fuzzy__sig((const char *)sqlite3_column_text(st, 1), want);
    const unsigned char *part = sqlite3_column_blob(st, 2);
    if (part == NULL ||
        sqlite3_column_bytes(st, 2) != NL_TM_SIG * (1 << 10) ||
        memcmp(part + (id & 1023) * NL_TM_SIG, want, NL_TM_SIG) != 0) {
      NL_FAIL("row %lld (\"%s\"): its signature is not its key's", id,
              (const char *)sqlite3_column_text(st, 1));
      n = -1;
      break;
    }
    n++;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  NL_CHECK_INT(rc, SQLITE_OK);
  return n;
}

/* Rows on both sides of the first chunk boundary (ids 65401-65700). */
static void test_tm_bits__across_chunks(void) {
  char *path = fresh("chunks");
  nl_tm *tm = open_tm(path);
  add(tm, "A first unit.");
  nl_tm_close(tm);
  /* a row just below the boundary, so that the next ids cross it */
  run_sql(path, "INSERT INTO source(id, lang, text, hash, key, key_hash,"
                " words) VALUES (65400, 'en', 'Zz.', 7, 'zz', 7, '');"
                "INSERT INTO source_fts(rowid, words) VALUES (65400, 'zz')");
  tm = open_tm(path);
  add_rows(tm, "alpha beta gamma", "n", 0, 150);
  add_rows(tm, "alpha delta gamma", "n", 150, 150);
  add_rows(tm, "alpha beta epsilon", "n", 300, 60);
  nl_tm_close(tm);
  NL_CHECK_INT(scalar(path, "SELECT count(DISTINCT chunk) FROM nl_bits"
                            " WHERE word = 'alpha'"),
               2);
  NL_CHECK_INT(scalar(path, "SELECT min(id) < 65536 AND max(id) >= 65536"
                            " FROM source WHERE id > 65400"),
               1);
  const char *w[] = {"alpha", "beta", "gamma"};
  NL_CHECK_INT(check_find(path, w, 3, 3), 150);
  NL_CHECK_INT(check_find(path, w, 3, 2), 360);
  const char *w2[] = {"gamma", "alpha"};
  NL_CHECK_INT(check_find(path, w2, 2, 1), 360);
  /* the most common word first: the chunks are read rarest first, and
   * a row stops being looked at once it lacks two */
  const char *w3[] = {"alpha", "gamma", "beta", "delta", "epsilon"};
  NL_CHECK_INT(check_find(path, w3, 5, 4), 0);
  NL_CHECK_INT(check_find(path, w3, 4, 3), 300);
  NL_CHECK_INT(check_find(path, w3 + 1, 3, 2), 300);
  /* by length (alphabetagamman0 .. alphabetagamman149: 15-18 characters) */
  sqlite3 *db = NULL;
  ids got = {{0}, 0};
  NL_CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), 0);
  NL_CHECK_INT(nl_tm_sqlite_bits__find(db, w, 3, 3, 1, 14, 0, collect, &got),
               SQLITE_OK);
  NL_CHECK_INT((long long)got.n, 0);
  NL_CHECK_INT(nl_tm_sqlite_bits__find(db, w, 3, 3, 15, 18, 0, collect, &got),
               SQLITE_OK);
  NL_CHECK_INT((long long)got.n, 150);
  got.n = 0;
  NL_CHECK_INT(nl_tm_sqlite_bits__find(db, w, 3, 3, 17, 17, 0, collect, &got),
               SQLITE_OK);
  NL_CHECK_INT((long long)got.n, 90); /* n10..n99 */
  /* a band narrowed after the first row (n0, 16 characters) to 17: the
   * rows of other lengths are passed over from then on, yet count
   * toward the limit (the first 20 rows are n0..n19) */
  for (size_t limit = 0; limit <= 20; limit += 20) {
    narrowing nw = {{{0}, 0}, 15, 18};
    NL_CHECK_INT(nl_tm_sqlite_bits__find_live(db, w, 3, 3, &nw.lo, &nw.hi,
                                              limit, narrow, &nw),
                 SQLITE_OK);
    NL_CHECK_INT((long long)nw.got.n, limit ? 11 : 91);
  }
  sqlite3_close(db);
  free(path);
}

/* A word becomes common once NL_TM_COMMON rows hold it: from then on
 * its bitmap holds every row, the earlier ones too. */
static void test_tm_bits__backfill(void) {
  char *path = fresh("backfill");
  nl_tm *tm = open_tm(path);
  for (int b = 0; b < 4; b++)
    add_rows(tm, "omega rho", "b", b * 50, 50);
  NL_CHECK_INT(scalar(path, "SELECT count(*) FROM nl_word WHERE word ="
                            " 'omega'"),
               0);
  add_rows(tm, "omega tau", "b", 200, NL_TM_COMMON);
  /* a single add after it lands in the bitmap at once */
  add(tm, "omega once.");
  nl_tm_close(tm);
  NL_CHECK_INT(scalar(path, "SELECT count(*) FROM nl_word WHERE word ="
                            " 'omega'"),
               1);
  const char *w[] = {"omega"};
  NL_CHECK_INT(check_find(path, w, 1, 1), 200 + NL_TM_COMMON + 1);
  const char *w2[] = {"omega", "rho"};
  NL_CHECK_INT(check_find(path, w2, 2, 2), 200);
  free(path);
}

/* A batch rolled back leaves no bit, word or count behind. */
static void test_tm_bits__rollback(void) {
  char *path = fresh("rollback");
  nl_tm *tm = open_tm(path);
  add_rows(tm, "sigma phi", "r", 0, 300);
  nl_tm_close(tm);
  long long sketch = scalar(path, "SELECT sum(length(counts)) FROM nl_sketch");
  long long bits = scalar(path, "SELECT count(*) FROM nl_bits");
  char before[64];
  snprintf(before, sizeof(before), "%lld",
           scalar(path, "SELECT sum(unicode(substr(counts, 1, 1))) FROM"
                        " nl_sketch"));
  tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
  char src[64];
  for (int i = 0; i < 300; i++) {
    snprintf(src, sizeof(src), "sigma chi psi r%d.", i);
    add(tm, src);
  }
  /* a lookup inside the batch sees it (the bitmaps are updated first) */
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = "en";
  q.target_lang = "fa";
  q.source = "sigma chi psi";
  nl_tm_matches *m = NULL;
  NL_CHECK_INT(nl_tm_lookup(tm, &q, &m, &err), 0);
  NL_CHECK_INT(nl_tm_matches_count(m) > 0, 1);
  nl_tm_matches_free(m);
  nl_tm_rollback(tm);
  nl_tm_close(tm);
  NL_CHECK_INT(scalar(path, "SELECT count(*) FROM nl_word WHERE word IN"
                            " ('chi', 'psi')"),
               0);
  NL_CHECK_INT(scalar(path, "SELECT count(*) FROM nl_bits"), bits);
  NL_CHECK_INT(scalar(path, "SELECT sum(length(counts)) FROM nl_sketch"),
               sketch);
  char after[64];
  snprintf(after, sizeof(after), "%lld",
           scalar(path, "SELECT sum(unicode(substr(counts, 1, 1))) FROM"
                        " nl_sketch"));
  NL_CHECK_STR(after, before);
  NL_CHECK_INT(scalar(path, "SELECT count(*) FROM pragma_integrity_check"
                            " WHERE integrity_check = 'ok'"),
               1);
  const char *w[] = {"sigma", "phi"};
  NL_CHECK_INT(check_find(path, w, 2, 2), 300);
  free(path);
}

/* Makes the TM at path an older one (`downgrade`), which a read-only
 * open then refuses and the first writable open upgrades. */
static nl_tm *open_read_only(const char *path, int want) {
  nl_tm *ro = NULL;
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  o.read_only = 1;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_open(&ro, path, &o, &err), want);
  return ro;
}

/* The matches of an en→fa lookup of `src` (NULL when it failed). */
static nl_tm_matches *look(nl_tm *tm, const char *src) {
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = "en";
  q.target_lang = "fa";
  q.source = src;
  nl_tm_matches *m = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_tm_lookup(tm, &q, &m, &err) != 0)
    NL_FAIL("\"%s\": %s", src, err.message);
  return m;
}

/* Score and source of the best match of `src`, "" when none. */
static void best_match(nl_tm *tm, const char *src, char *out, size_t cap) {
  nl_tm_matches *m = look(tm, src);
  out[0] = '\0';
  const nl_tm_match *x = nl_tm_matches_get(m, 0);
  if (x)
    snprintf(out, cap, "%d %s", x->score, x->source);
  nl_tm_matches_free(m);
}

/* Downgrades the TM with `downgrade`, opens it read-only (NL_ENOTFOUND
 * when a reader cannot use that schema, 0 when it can), then for
 * writing, which upgrades it. */
static void upgrade_ro(const char *path, const char *downgrade, int ro_rc) {
  run_sql(path, downgrade);
  nl_tm_close(open_read_only(path, ro_rc));
  nl_tm_close(open_tm(path));
  NL_CHECK_INT(scalar(path, "PRAGMA user_version"), 7);
}

/* A TM of schema v5 (no bitmaps) gets them, from its rows, on its first
 * writable open; a read-only open asks for that first. */
static void test_tm_bits__migrates_v5(void) {
  char *path = fresh("v5");
  nl_tm *tm = open_tm(path);
  add_rows(tm, "kappa lambda mu", "v", 0, 200);
  add_rows(tm, "kappa lambda nu", "v", 200, 200);
  nl_tm_close(tm);
  upgrade_ro(path, "DROP TABLE nl_word; DROP TABLE nl_bits; DROP TABLE"
                " nl_sketch; DROP TABLE nl_sig; UPDATE nl_meta SET value ="
                " '5' WHERE key = 'schema'; PRAGMA user_version = 5",
             NL_ENOTFOUND);
  NL_CHECK_INT(scalar(path, "SELECT count(*) FROM nl_word WHERE word IN"
                            " ('kappa', 'lambda')"),
               2);
  const char *w[] = {"kappa", "lambda", "nu"};
  NL_CHECK_INT(check_find(path, w, 3, 3), 200);
  NL_CHECK_INT(check_find(path, w, 3, 2), 400);
  NL_CHECK_INT(check_sigs(path), 400);
  free(path);
}

/* A TM of schema v6 (no signatures) gets them, from its rows, on its
 * first writable open; before that, a read-only open (an export, a
 * lookup) uses it as it is, reading every candidate's key, and finds
 * what it finds after the upgrade. */
static void test_tm_bits__migrates_v6(void) {
  static const char *const ask[] = {"kappa lambda mu v77.",
                                    "kappa lambda mu v1499",
                                    "kappa lambda v12.", "kappa lambda mu nu v5."};
  char *path = fresh("v6");
  char before[4][300], after[300];
  nl_tm *tm = open_tm(path);
  add_rows(tm, "kappa lambda mu", "v", 0, 1500);
  add(tm, "Ünïcödé keys have no signature.");
  nl_tm_close(tm);
  run_sql(path, "DROP TABLE nl_sig; UPDATE nl_meta SET value = '6' WHERE"
                " key = 'schema'; PRAGMA user_version = 6");
  tm = open_read_only(path, 0);
  for (size_t i = 0; tm && i < 4; i++)
    best_match(tm, ask[i], before[i], sizeof(before[i]));
  nl_tm_close(tm);
  NL_CHECK_INT(scalar(path, "PRAGMA user_version"), 6);
  nl_tm_close(open_tm(path));
  NL_CHECK_INT(scalar(path, "PRAGMA user_version"), 7);
  tm = open_read_only(path, 0);
  for (size_t i = 0; tm && i < 4; i++) {
    best_match(tm, ask[i], after, sizeof(after));
    if (before[i][0] == '\0')
      NL_FAIL("\"%s\": no match in the v6 TM", ask[i]);
    NL_CHECK_STR(after, before[i]);
  }
  nl_tm_close(tm);
  NL_CHECK_INT(scalar(path, "SELECT count(*) FROM nl_sig"), 2);
  NL_CHECK_INT(check_sigs(path), 1501);
  free(path);
}

/* Signatures of rows added in batches that end inside a part, across
 * parts, and of ids a prune freed and new rows took again. */
static void test_tm_bits__sigs(void) {
  char *path = fresh("sigs");
  nl_tm *tm = open_tm(path);
  add_rows(tm, "alpha beta", "s", 0, 700);
  add_rows(tm, "alpha beta gamma 2026", "t", 700, 900);
  add(tm, "Ünïcödé keys have no signature.");
  nl_tm_close(tm);
  NL_CHECK_INT(check_sigs(path), 1601);
  /* the last rows go; their ids come back with other keys */
  run_sql(path, "DELETE FROM source WHERE id > 1500");
  tm = open_tm(path);
  add_rows(tm, "quite another key of 3 words", "u", 0, 200);
  nl_tm_close(tm);
  NL_CHECK_INT(scalar(path, "SELECT min(id) FROM source WHERE key LIKE"
                            " 'quite%'"),
               1501);
  NL_CHECK_INT(check_sigs(path), 1700);
  free(path);
}

/* A TMX import makes the signatures on its reader thread and the store
 * places them at commit: every row's must still be its key's, with
 * sources met again (no new row, so the ids of the batch skip none of
 * the reader's), keys that are not ASCII, a batch of 200 that ends
 * inside a part, and rows across the first chunk boundary. */
static void test_tm_bits__tmx_sigs(void) {
  char *path = fresh("tmx-sigs");
  char *tmx = nl_test_fresh("bits-tmx-sigs.tmx");
  FILE *f = fopen(tmx, "w");
  if (f == NULL) {
    NL_FAIL("cannot write %s", tmx);
    free(path);
    free(tmx);
    return;
  }
  fputs("<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n", f);
  for (int i = 0; i < 66000; i++)
    fprintf(f, "<tu><tuv xml:lang=\"en\"><seg>%s %d of %s</seg></tuv>"
               "<tuv xml:lang=\"fa\"><seg>\xD8\xAA %d</seg></tuv></tu>\n",
            i % 7 == 3 ? "Caf\xC3\xA9 news" : "Plain news",
            i % 5 == 4 ? i - 3 : i, i % 11 ? "Kabul" : "Kabul, 2026", i);
  fputs("</body></tmx>\n", f);
  fclose(f);
  nl_tm *tm = open_tm(path);
  nl_tmx_import_options o = NL_TMX_IMPORT_OPTIONS_INIT;
  o.batch_size = 200;
  nl_tmx_stats st;
  nl_error err = NL_ERROR_INIT;
  if (tm && nl_tmx_import(tm, tmx, &o, &st, &err) != 0)
    NL_FAIL("nl_tmx_import: %s", err.message);
  nl_tm_close(tm);
  long long rows = scalar(path, "SELECT count(*) FROM source");
  NL_CHECK(rows > 50000 && rows < 66000);
  NL_CHECK_INT(check_sigs(path), rows);
  free(path);
  free(tmx);
}

/* A TM of news-like sentences whose words are all common (bitmaps), and
 * lookups of sentences made of those words alone, where the signatures
 * turn most candidates away: the first match scores what the best of a
 * scan of every key scores (newsloc's own score, floor 0). */
static void test_tm_bits__sig_lookups(void) {
  static const char *const who[] = {"police", "officials", "the army",
                                    "residents"};
  static const char *const did[] = {"said", "warned", "denied"};
  static const char *const what[] = {"that roads were blocked",
                                     "that talks would resume",
                                     "that prices would rise"};
  static const char *const where[] = {"in kabul", "in kyiv", "in herat"};
  char *path = fresh("siglook");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  char src[256];
  NL_CHECK_INT(nl_tm_begin(tm, &err), 0);
  for (int i = 0; i < 1800; i++) {
    snprintf(src, sizeof(src), "%s %s on monday %s %s, spokesman %c%c%c told"
                               " reporters, and %d people were affected.",
             who[i % 4], did[i / 4 % 3], what[i / 12 % 3], where[i / 36 % 3],
             'a' + i % 26, 'a' + i / 26 % 26, 'a' + i / 676 % 26, i % 997);
    add(tm, src);
  }
  NL_CHECK_INT(nl_tm_commit(tm, &err), 0);
  nl_tm_fuzzy *f = NULL;
  NL_CHECK_INT(nl_tm_fuzzy__new(&f, &err), 0);
  for (int k = 0; f && k < 12; k++) {
    snprintf(src, sizeof(src), "%s %s on monday %s %s spokesman told"
                               " reporters and people were affected",
             who[k % 4], did[k % 3], what[k / 3 % 3], where[k / 4 % 3]);
    nl_tm_matches *m = look(tm, src);
    const nl_tm_match *x = nl_tm_matches_get(m, 0);
    int got = x ? x->score : 0, best = 0;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    nl_tm_fuzzy__set_floor(f, 0);
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT key FROM source", -1, &st, NULL) ==
            SQLITE_OK)
      while (sqlite3_step(st) == SQLITE_ROW) {
        int s = nl_tm_fuzzy__score(f, "en", src,
                                   (const char *)sqlite3_column_text(st, 0),
                                   NULL, NULL);
        best = s > best ? s : best;
      }
    sqlite3_finalize(st);
    sqlite3_close(db);
    NL_CHECK(best >= 70);
    if (got != best)
      NL_FAIL("\"%s\": first match %d, best of a scan %d", src, got, best);
    nl_tm_matches_free(m);
  }
  nl_tm_fuzzy__free(f);
  nl_tm_close(tm);
  free(path);
}

/* Containers: an array below NL_TM_BITS_ARRAY rows, a bitmap from
 * there, both read back as they were written. */
static void test_tm_bits__containers(void) {
  static uint64_t bm[NL_TM_BITS_WORDS], back[NL_TM_BITS_WORDS];
  nl_buf b = NL_BUF_INIT;
  size_t sizes[] = {1, NL_TM_BITS_ARRAY - 1, NL_TM_BITS_ARRAY,
                    NL_TM_BITS_CHUNK};
  for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
    memset(bm, 0, sizeof(bm));
    memset(back, 0, sizeof(back));
    for (size_t i = 0; i < sizes[k]; i++) {
      size_t off = (i * 7919) % NL_TM_BITS_CHUNK;
      while (bm[off / 64] >> (off % 64) & 1)
        off = (off + 1) % NL_TM_BITS_CHUNK;
      bm[off / 64] |= (uint64_t)1 << (off % 64);
    }
    NL_CHECK_INT(nl_tm_bits__encode(bm, &b), 0);
    NL_CHECK_INT((long long)b.size, sizes[k] < NL_TM_BITS_ARRAY
                                        ? (long long)sizes[k] * 2
                                        : NL_TM_BITS_WORDS * 8);
    NL_CHECK_INT(nl_tm_bits__or(back, b.ptr, b.size), 0);
    NL_CHECK_INT(memcmp(bm, back, sizeof(bm)), 0);
  }
  NL_CHECK_INT(nl_tm_bits__or(back, "abc", 3), -1);
  nl_buf_dispose(&b);
}

static const nl_test tests[] = {
    NL_TEST(test_tm_bits__containers),
    NL_TEST(test_tm_bits__across_chunks),
    NL_TEST(test_tm_bits__backfill),
    NL_TEST(test_tm_bits__rollback),
    NL_TEST(test_tm_bits__migrates_v5),
    NL_TEST(test_tm_bits__migrates_v6),
    NL_TEST(test_tm_bits__sigs),
    NL_TEST(test_tm_bits__sig_lookups),
    NL_TEST(test_tm_bits__tmx_sigs),
};

NL_TEST_MAIN(tests)
