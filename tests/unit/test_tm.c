/*
 * test_tm.c - the translation memory: match types, scores, safety.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <newsloc/newsloc.h>

#include "harness.h"
#include "tm_fuzzy.h"
#include "util/buf.h"

static nl_tm *open_tm(const char *path) {
  nl_error err = NL_ERROR_INIT;
  nl_tm *tm = NULL;
  if (nl_tm_open(&tm, path, NULL, &err) < 0)
    NL_FAIL("open %s: %s", path, err.message);
  return tm;
}

static void add(nl_tm *tm, const char *src, const char *tgt, const char *prev,
                const char *next, const char *article, const char *unit) {
  nl_error err = NL_ERROR_INIT;
  nl_tm_entry e = {"en",    "fa", src,     NULL, tgt, NULL, prev,
                   next,    article, unit, "persian", "tester",
                   NL_TM_TRANSLATED, 1700000000, NULL};
  if (nl_tm_add(tm, &e, &err) < 0)
    NL_FAIL("add: %s", err.message);
}

static nl_tm_matches *lookup(nl_tm *tm, const char *src, const char *prev,
                             const char *next, const char *article,
                             const char *unit) {
  nl_error err = NL_ERROR_INIT;
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = "en";
  q.target_lang = "fa";
  q.source = src;
  q.prev = prev;
  q.next = next;
  q.article_id = article;
  q.unit_id = unit;
  nl_tm_matches *m = NULL;
  if (nl_tm_lookup(tm, &q, &m, &err) < 0)
    NL_FAIL("lookup: %s", err.message);
  return m;
}

static void test_tm__match_types(void) {
  char *path = nl_test_fresh("types.sqlite");
  nl_tm *tm = open_tm(path);
  add(tm, "The talks ended on Friday.", "گفتگوها روز جمعه پایان یافت.",
      "Both sides met in Geneva.", "No deal was reached.", "talks-1", "p2");
  add(tm, "Each pump serves about 2,000 people and their animals.",
      "هر پمپ به حدود ۲٬۰۰۰ نفر و دام‌هایشان آب می‌رساند.", NULL, NULL, NULL,
      NULL);

  nl_tm_matches *m = lookup(tm, "The talks ended on Friday.",
                            "Both sides met in Geneva.", "No deal was reached.",
                            NULL, NULL);
  NL_CHECK_INT(nl_tm_matches_count(m), 1);
  const nl_tm_match *x = nl_tm_matches_get(m, 0);
  if (x) {
    NL_CHECK_INT(x->score, 101);
    NL_CHECK_STR(nl_match_type_name(x->type), "in-context");
    NL_CHECK_STR(x->target, "گفتگوها روز جمعه پایان یافت.");
  }
  nl_tm_matches_free(m);

  m = lookup(tm, "The talks ended on Friday.", "Other text.", NULL, NULL, NULL);
  x = nl_tm_matches_get(m, 0);
  NL_CHECK(x && x->score == 100 && x->type == NL_MATCH_EXACT);
  nl_tm_matches_free(m);

  /* the same position in a later revision of the story */
  m = lookup(tm, "The talks ended on Friday.", "New first sentence.", NULL,
             "talks-1", "p2");
  x = nl_tm_matches_get(m, 0);
  NL_CHECK(x && x->score == 101 && x->type == NL_MATCH_SAME_UNIT);
  nl_tm_matches_free(m);
  m = lookup(tm, "The talks ended late on Friday.", NULL, NULL, "talks-1", "p2");
  x = nl_tm_matches_get(m, 0);
  NL_CHECK(x && x->type == NL_MATCH_SAME_UNIT && x->score < 100 &&
           x->score >= 70);
  nl_tm_matches_free(m);

  /* only whitespace, case or punctuation differ */
  m = lookup(tm, "The  talks ended on Friday.", NULL, NULL, NULL, NULL);
  x = nl_tm_matches_get(m, 0);
  NL_CHECK(x && x->type == NL_MATCH_NEAR_EXACT && x->score == 99);
  nl_tm_matches_free(m);
  m = lookup(tm, "the talks ended on friday.", NULL, NULL, NULL, NULL);
  x = nl_tm_matches_get(m, 0);
  NL_CHECK(x && x->type == NL_MATCH_NEAR_EXACT && x->score == 98);
  nl_tm_matches_free(m);
  m = lookup(tm, "The talks ended on Friday!", NULL, NULL, NULL, NULL);
  x = nl_tm_matches_get(m, 0);
  NL_CHECK(x && x->type == NL_MATCH_NEAR_EXACT && x->score == 97);
  nl_tm_matches_free(m);

  /* a different number is a fuzzy match, penalised */
  m = lookup(tm, "Each pump serves about 3,000 people and their animals.",
             NULL, NULL, NULL, NULL);
  x = nl_tm_matches_get(m, 0);
  NL_CHECK(x && x->type == NL_MATCH_FUZZY && x->score >= 85 && x->score < 97);
  nl_tm_matches_free(m);

  /* below the threshold: nothing */
  m = lookup(tm, "Completely unrelated words about weather.", NULL, NULL,
             NULL, NULL);
  NL_CHECK_INT(nl_tm_matches_count(m), 0);
  nl_tm_matches_free(m);
  nl_tm_close(tm);
  free(path);
}

static void test_tm__digits_and_joiners(void) {
  char *path = nl_test_fresh("digits.sqlite");
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  nl_tm_entry e = {"fa", "en", "او در سال ۲۰۱۶ می‌رود.", NULL,
                   "He goes in 2016.", NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NL_TM_TRANSLATED, 0, NULL};
  NL_CHECK_INT(nl_tm_add(tm, &e, &err), 0);
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = "fa";
  q.target_lang = "en";
  q.source = "او در سال 2016 میرود."; /* ASCII digits, no ZWNJ */
  nl_tm_matches *m = NULL;
  NL_CHECK_INT(nl_tm_lookup(tm, &q, &m, &err), 0);
  const nl_tm_match *x = nl_tm_matches_get(m, 0);
  NL_CHECK(x && x->type == NL_MATCH_NEAR_EXACT);
  nl_tm_matches_free(m);
  /* Persian compounds: ZWNJ, a space or nothing between the parts are
   * one spelling to the reader, so near-exact at 99 */
  nl_tm_entry c = {"fa", "en", "رئیس‌جمهور روز دوشنبه گفت.", NULL,
                   "The president said on Monday.", NULL, NULL, NULL, NULL,
                   NULL, NULL, NULL, NL_TM_TRANSLATED, 0, NULL};
  NL_CHECK_INT(nl_tm_add(tm, &c, &err), 0);
  static const char *const spellings[] = {"رئیس جمهور روز دوشنبه گفت.",
                                          "رئیسجمهور روز دوشنبه گفت."};
  for (size_t i = 0; i < 2; i++) {
    q.source = spellings[i];
    NL_CHECK_INT(nl_tm_lookup(tm, &q, &m, &err), 0);
    x = nl_tm_matches_get(m, 0);
    NL_CHECK(x && x->type == NL_MATCH_NEAR_EXACT && x->score == 99);
    nl_tm_matches_free(m);
  }
  q.source = "او در سال 2016 میرود.";
  q.target_lang = "de"; /* another language pair: nothing */
  NL_CHECK_INT(nl_tm_lookup(tm, &q, &m, &err), 0);
  NL_CHECK_INT(nl_tm_matches_count(m), 0);
  nl_tm_matches_free(m);
  q.target_lang = "not a tag!";
  NL_CHECK_INT(nl_tm_lookup(tm, &q, &m, &err), NL_ELANG);
  nl_tm_close(tm);
  free(path);
}

/* Scores count user-perceived characters, not bytes or code units. */
static void test_tm__fuzzy_graphemes(void) {
  nl_error err = NL_ERROR_INIT;
  nl_tm_fuzzy *f = NULL;
  NL_CHECK_INT(nl_tm_fuzzy__new(&f, &err), 0);
  if (f == NULL)
    return;
  /* identical: 99 at most; empty against text: 0 */
  NL_CHECK_INT(nl_tm_fuzzy__score(f, "en", "a b c", "a b c", NULL, NULL), 99);
  NL_CHECK_INT(nl_tm_fuzzy__score(f, "en", "abc", "", NULL, NULL), 0);
  /* one word of four differs by one letter of 16 */
  int s = nl_tm_fuzzy__score(f, "en", "the vote was held", "the vote was hold",
                             NULL, NULL);
  NL_CHECK(s >= 92 && s <= 95);
  /* Devanagari: "क्षि" is one grapheme cluster; one replaced cluster of
   * a three-cluster word weighs as much as one Latin letter of three */
  int dev = nl_tm_fuzzy__score(f, "hi", "क्षिति", "क्षमा", NULL, NULL);
  int lat = nl_tm_fuzzy__score(f, "en", "abc", "abd", NULL, NULL);
  NL_CHECK(dev >= 0 && lat == 66);
  /* Hangul: precomposed syllables count once */
  NL_CHECK_INT(nl_tm_fuzzy__score(f, "ko", "서울 폭우", "서울 폭설", NULL, NULL),
               75);
  /* numbers that differ cost more than letters */
  int num = nl_tm_fuzzy__score(f, "en", "about 2000 people", "about 3000 people",
                               NULL, NULL);
  int word = nl_tm_fuzzy__score(f, "en", "about 2000 people",
                                "about 2000 peoplx", NULL, NULL);
  NL_CHECK(num < word);
  /* Thai has no spaces; ICU's dictionary finds the words */
  int th = nl_tm_fuzzy__score(f, "th", "ฝนตกหนักในกรุงเทพ", "ฝนตกหนักในเชียงใหม่",
                              NULL, NULL);
  NL_CHECK(th > 30 && th < 90);
  nl_tm_fuzzy__free(f);
}

/* A key of random words: `base`'s words edited a few times, or new
 * ones; words that join into others (set up / setup), numbers, and
 * non-ASCII letters below U+0300 (simple keys) and above (ICU's). */
typedef struct rkey {
  const char *w[24];
  char joined[24][40];
  int n;
  char text[512];
} rkey;

static unsigned rnd(unsigned *seed, unsigned k) {
  *seed = *seed * 1103515245u + 12345u;
  return (*seed >> 16) % k;
}

static void random_key(rkey *k, const rkey *base, unsigned *seed) {
  static const char *const vocab[] = {
      "the", "set", "up",  "setup", "a",     "ab",   "abc",
      "b",   "c",   "2000", "3000", "said", "sad", "kabul",
      "kyiv", "été", "über", "ab2000", "پلیس", "in",
      "+",   "$5",  "5"}; /* symbols keys keep: below '0', not digits */
  const unsigned nv = sizeof(vocab) / sizeof(*vocab);
  k->n = 0;
  if (base && rnd(seed, 5) > 0)
    for (int i = 0; i < base->n; i++)
      k->w[k->n++] = base->w[i];
  else
    for (unsigned i = rnd(seed, 10); i > 0; i--)
      k->w[k->n++] = vocab[rnd(seed, nv)];
  for (unsigned e = rnd(seed, 5); e > 0; e--) {
    int at = k->n ? (int)rnd(seed, (unsigned)k->n) : 0;
    unsigned op = rnd(seed, 5);
    if (op == 0 && k->n < 24) { /* insert */
      memmove(k->w + at + 1, k->w + at, (size_t)(k->n - at) * sizeof(*k->w));
      k->w[at] = vocab[rnd(seed, nv)];
      k->n++;
    } else if (op == 1 && k->n) { /* delete */
      memmove(k->w + at, k->w + at + 1,
              (size_t)(k->n - at - 1) * sizeof(*k->w));
      k->n--;
    } else if (op == 2 && k->n) { /* replace */
      k->w[at] = vocab[rnd(seed, nv)];
    } else if (op == 3 && at + 1 < k->n) { /* two words as one */
      snprintf(k->joined[at], sizeof(k->joined[at]), "%s%s", k->w[at],
               k->w[at + 1]);
      k->w[at] = k->joined[at];
      memmove(k->w + at + 1, k->w + at + 2,
              (size_t)(k->n - at - 2) * sizeof(*k->w));
      k->n--;
    } else if (op == 4 && at + 1 < k->n) { /* swapped */
      const char *t = k->w[at];
      k->w[at] = k->w[at + 1];
      k->w[at + 1] = t;
    }
  }
  size_t len = 0;
  k->text[0] = '\0';
  for (int i = 0; i < k->n && len < sizeof(k->text); i++)
    len += (size_t)snprintf(k->text + len, sizeof(k->text) - len, "%s%s",
                            i ? " " : "", k->w[i]);
}

/* The bounds and shortcuts a floor allows (bags, numbers, the words
 * both keys begin and end with, the capped distance, the bound from a
 * key's stored signature) never change a
 * score at or above the floor, nor lift one below it to it: against
 * the scorer at floor 0, which computes every distance whole. */
static void test_tm__floor_is_exact(void) {
  nl_error err = NL_ERROR_INIT;
  nl_tm_fuzzy *f = NULL;
  NL_CHECK_INT(nl_tm_fuzzy__new(&f, &err), 0);
  if (f == NULL)
    return;
  static const int floors[] = {1, 40, 60, 70, 80, 90, 95};
  unsigned seed = 15;
  int reached = 0, failed = 0, away = 0;
  static rkey a, b;
  for (int round = 0; round < 20000 && failed < 5; round++) {
    random_key(&a, NULL, &seed);
    random_key(&b, &a, &seed);
    /* the keys may change places: the query is the one tokenized once */
    const char *q = round % 2 ? a.text : b.text, *c = round % 2 ? b.text : a.text;
    nl_tm_fuzzy__set_floor(f, 0);
    int whole = nl_tm_fuzzy__score(f, "en", q, c, NULL, NULL);
    for (size_t i = 0; i < sizeof(floors) / sizeof(*floors); i++) {
      nl_tm_fuzzy__set_floor(f, floors[i]);
      int s = nl_tm_fuzzy__score(f, "en", q, c, NULL, NULL);
      int ok = whole >= floors[i] ? s == whole : s < floors[i];
      reached += whole >= floors[i];
      if (!ok && failed++ < 5)
        NL_FAIL("\"%s\" / \"%s\" at floor %d: %d, whole %d", q, c,
                     floors[i], s, whole);
      /* the key's signature never turns away a key that reaches it */
      unsigned char sig[NL_TM_SIG];
      if (nl_tm_fuzzy__sig(c, sig)) {
        int bound = nl_tm_fuzzy__sig_bound(f, "en", q, sig);
        away += bound < floors[i];
        if (whole >= floors[i] && bound < floors[i] && failed++ < 5)
          NL_FAIL("\"%s\" / \"%s\" at floor %d: signature bound %d,"
                  " whole %d", q, c, floors[i], bound, whole);
      }
    }
  }
  NL_CHECK(reached > 10000); /* most pairs are near: the floors matter */
  NL_CHECK(away > 10000);    /* and the signatures too */
  nl_tm_fuzzy__free(f);
}

/* The key of an ASCII text takes a path of its own (a table, no ICU):
 * it must give what ICU's pass gives. A text ending in " é" goes
 * through ICU, and its key is the ASCII part's key and " é" (or "é"
 * when that part's key is empty): every ASCII character, alone and
 * between letters, digits, spaces and its own kind, in both cases. */
static void test_tm__key_ascii(void) {
  static const char *const frames[] = {"@", "a@b", "A@B", "1@2",
                                       " @ ", "@@", "x @", "@Q"};
  nl_error err = NL_ERROR_INIT;
  int failed = 0;
  for (int c = 1; c < 128; c++)
    for (size_t f = 0; f < sizeof(frames) / sizeof(frames[0]); f++) {
      char ascii[16], mixed[24];
      size_t n = 0;
      for (const char *p = frames[f]; *p; p++)
        ascii[n++] = *p == '@' ? (char)c : *p;
      ascii[n] = '\0';
      snprintf(mixed, sizeof(mixed), "%s \xC3\xA9", ascii);
      nl_buf a = NL_BUF_INIT, m = NL_BUF_INIT, want = NL_BUF_INIT;
      NL_CHECK_INT(nl_tm_fuzzy__key(&a, ascii, &err), 0);
      NL_CHECK_INT(nl_tm_fuzzy__key(&m, mixed, &err), 0);
      nl_buf__printf(&want, "%s%s\xC3\xA9", a.ptr, a.size ? " " : "");
      if (strcmp(want.ptr, m.ptr) != 0 && failed++ < 5)
        NL_FAIL("char 0x%02X in \"%s\": ASCII key \"%s\", ICU key \"%s\"", c,
                frames[f], a.ptr, m.ptr);
      nl_buf_dispose(&a);
      nl_buf_dispose(&m);
      nl_buf_dispose(&want);
    }
  NL_CHECK_INT(failed, 0);
}

/* tests/data/tm/scores.tsv: lang, a, b, lowest, highest per line. */
static void test_tm__score_table(void) {
  char *path = nl_test_path("NL_TEST_DATA", "tm/scores.tsv");
  char *data = nl_test_slurp(path, NULL);
  nl_error err = NL_ERROR_INIT;
  nl_tm_fuzzy *f = NULL;
  NL_CHECK_INT(nl_tm_fuzzy__new(&f, &err), 0);
  int cases = 0;
  for (char *line = data; f && line && *line;) {
    char *end = strchr(line, '\n');
    if (end)
      *end = '\0';
    char *col[5] = {line, NULL, NULL, NULL, NULL};
    for (int i = 1; i < 5 && col[i - 1]; i++) {
      char *tab = strchr(col[i - 1], '\t');
      if (tab)
        *tab = '\0';
      col[i] = tab ? tab + 1 : NULL;
    }
    if (line[0] != '#' && line[0] != '\0' && col[4]) {
      nl_buf ka = NL_BUF_INIT, kb = NL_BUF_INIT;
      NL_CHECK_INT(nl_tm_fuzzy__key(&ka, col[1], &err), 0);
      NL_CHECK_INT(nl_tm_fuzzy__key(&kb, col[2], &err), 0);
      int s = nl_tm_fuzzy__score(f, col[0], ka.ptr, kb.ptr, col[1], col[2]);
      long lo = strtol(col[3], NULL, 10), hi = strtol(col[4], NULL, 10);
      if (s < lo || s > hi)
        NL_FAIL("%s: \"%s\" / \"%s\": %d, want %ld-%ld", col[0], col[1],
                col[2], s, lo, hi);
      nl_buf_dispose(&ka);
      nl_buf_dispose(&kb);
      cases++;
    }
    line = end ? end + 1 : NULL;
  }
  NL_CHECK(cases >= 10);
  nl_tm_fuzzy__free(f);
  free(data);
  free(path);
}

/* Cuts a line at tabs into at most n fields; how many it holds. */
static int tab_fields(char *line, char **col, int n) {
  int k = 0;
  for (char *p = line; p && k < n; k++) {
    col[k] = p;
    p = strchr(p, '\t');
    if (p)
      *p++ = '\0';
  }
  return k;
}

static const char *or_null(const char *s) {
  return strcmp(s, "-") == 0 ? NULL : s;
}

static void variant_add(nl_tm *tm, char **c) {
  nl_error err = NL_ERROR_INIT;
  nl_tm_entry e = {c[1], c[2], c[3], NULL, c[4], NULL, or_null(c[6]), NULL,
                   NULL, NULL, NULL, NULL, NL_TM_TRANSLATED,
                   strtoll(c[5], NULL, 10), NULL};
  if (nl_tm_add(tm, &e, &err) < 0)
    NL_FAIL("add %s: %s", c[3], err.message);
}

static void variant_find(nl_tm *tm, char **c) {
  nl_error err = NL_ERROR_INIT;
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = c[1];
  q.target_lang = c[2];
  q.source = c[3];
  q.prev = or_null(c[4]);
  nl_tm_matches *m = NULL;
  if (nl_tm_lookup(tm, &q, &m, &err) < 0) {
    NL_FAIL("lookup %s from %s: %s", c[3], c[1], err.message);
    return;
  }
  nl_buf got = NL_BUF_INIT;
  for (size_t i = 0; i < nl_tm_matches_count(m); i++) {
    const nl_tm_match *x = nl_tm_matches_get(m, i);
    nl_buf__printf(&got, "%s%s/%s/%d", i ? "|" : "", x->target,
                   nl_match_type_name(x->type), x->lang_rank);
  }
  if (strcmp(got.size ? got.ptr : "-", c[5]) != 0)
    NL_FAIL("from %s to %s \"%s\": %s, want %s", c[1], c[2], c[3],
            got.size ? got.ptr : "-", c[5]);
  nl_buf_dispose(&got);
  nl_tm_matches_free(m);
}

/* tests/data/tm/variants.tsv: which stored source languages serve a
 * query, and in what order. */
static void test_tm__source_variants(void) {
  char *path = nl_test_path("NL_TEST_DATA", "tm/variants.tsv");
  char *data = nl_test_slurp(path, NULL);
  char *db = nl_test_fresh("variants.sqlite");
  nl_tm *tm = open_tm(db);
  int finds = 0;
  for (char *line = data; tm && line && *line;) {
    char *end = strchr(line, '\n'), *c[7];
    if (end)
      *end = '\0';
    int n = line[0] == '#' ? 0 : tab_fields(line, c, 7);
    if (n == 7 && strcmp(c[0], "add") == 0)
      variant_add(tm, c);
    else if (n == 6 && strcmp(c[0], "find") == 0 && ++finds)
      variant_find(tm, c);
    else if (n)
      NL_FAIL("variants.tsv: bad row %s", line);
    line = end ? end + 1 : NULL;
  }
  NL_CHECK(finds >= 20);
  nl_tm_close(tm);
  free(db);
  free(data);
  free(path);
}

static void test_tm__persists_and_refuses_foreign_files(void) {
  char *path = nl_test_fresh("persist.sqlite");
  nl_tm *tm = open_tm(path);
  add(tm, "Hello world.", "سلام دنیا.", NULL, NULL, NULL, NULL);
  nl_tm_close(tm);
  tm = open_tm(path);
  nl_tm_matches *m = tm ? lookup(tm, "Hello world.", NULL, NULL, NULL, NULL)
                        : NULL;
  NL_CHECK_INT(nl_tm_matches_count(m), 1);
  nl_tm_matches_free(m);
  nl_tm_close(tm);

  /* a text file: refused and untouched */
  char *txt = nl_test_fresh("notes.txt");
  FILE *f = fopen(txt, "w");
  fputs("not a database\n", f);
  fclose(f);
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_open(&tm, txt, NULL, &err), NL_ECORRUPT);
  NL_CHECK(strstr(err.message, "not a newsloc TM") != NULL);
  size_t len;
  char *after = nl_test_slurp(txt, &len);
  NL_CHECK_STR(after, "not a database\n");
  free(after);

  /* another application's SQLite database: refused, not written */
  char *other = nl_test_fresh("other.sqlite");
  sqlite3 *db;
  sqlite3_open(other, &db);
  sqlite3_exec(db, "CREATE TABLE x(a); INSERT INTO x VALUES (1);", 0, 0, 0);
  sqlite3_close(db);
  NL_CHECK_INT(nl_tm_open(&tm, other, NULL, &err), NL_ECORRUPT);
  sqlite3_open(other, &db);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, 0);
  sqlite3_step(st);
  NL_CHECK_INT(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);

  /* a TM from a newer newsloc */
  sqlite3_exec(db, "DROP TABLE x", 0, 0, 0);
  sqlite3_close(db);
  tm = open_tm(other);
  nl_tm_close(tm);
  sqlite3_open(other, &db);
  sqlite3_exec(db, "UPDATE nl_meta SET value = '99' WHERE key = 'schema'", 0,
               0, 0);
  sqlite3_close(db);
  NL_CHECK_INT(nl_tm_open(&tm, other, NULL, &err), NL_ECORRUPT);
  NL_CHECK(strstr(err.message, "newer") != NULL);

  /* a truncated database file */
  char *cut = nl_test_fresh("cut.sqlite");
  size_t full;
  char *bytes = nl_test_slurp(path, &full);
  f = fopen(cut, "wb");
  if (bytes && f)
    fwrite(bytes, 1, full > 5000 ? 5000 : full / 2, f);
  if (f)
    fclose(f);
  free(bytes);
  int rc = nl_tm_open(&tm, cut, NULL, &err);
  if (rc == 0) {
    m = NULL;
    nl_tm_query q = NL_TM_QUERY_INIT;
    q.source_lang = "en";
    q.target_lang = "fa";
    q.source = "Hello world.";
    rc = nl_tm_lookup(tm, &q, &m, &err);
    nl_tm_matches_free(m);
    nl_tm_close(tm);
  }
  NL_CHECK(rc == NL_ECORRUPT);
  free(cut);
  free(other);
  free(txt);
  free(path);
}

/* Each child adds `n` entries in batches of 50. */
static void child_import(const char *path, int who, int n) {
  nl_error err = NL_ERROR_INIT;
  nl_tm *tm = NULL;
  /* each waits for the other's batch however slow the run (valgrind
   * makes a batch take longer than the default 5 s) */
  nl_tm_options opts = NL_TM_OPTIONS_INIT;
  opts.busy_timeout_ms = 120000;
  if (nl_tm_open(&tm, path, &opts, &err) < 0)
    _exit(10);
  for (int i = 0; i < n; i++) {
    char src[64], tgt[64];
    snprintf(src, sizeof(src), "Writer %d sentence number %d.", who, i);
    snprintf(tgt, sizeof(tgt), "نویسنده %d جمله %d.", who, i);
    nl_tm_entry e = {"en", "fa", src, NULL, tgt, NULL, NULL, NULL, NULL,
                     NULL, NULL, NULL, NL_TM_TRANSLATED, 0, NULL};
    if ((i % 50 == 0 && nl_tm_begin(tm, &err) < 0) ||
        nl_tm_add(tm, &e, &err) < 0 ||
        (i % 50 == 49 && nl_tm_commit(tm, &err) < 0))
      _exit(11);
  }
  nl_tm_commit(tm, &err);
  nl_tm_close(tm);
}

static long long count_units(const char *path) {
  sqlite3 *db;
  long long n = -1;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
    sqlite3_stmt *st;
    sqlite3_busy_timeout(db, 5000);
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM target", -1, &st, 0) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

static void test_tm__concurrent_writers(void) {
  char *path = nl_test_fresh("concurrent.sqlite");
  nl_tm_close(open_tm(path)); /* created once, as a user would */
  pid_t a = fork();
  if (a == 0) {
    child_import(path, 1, 500);
    free(path);
    _exit(0);
  }
  pid_t b = fork();
  if (b == 0) {
    child_import(path, 2, 500);
    free(path);
    _exit(0);
  }
  /* a reader works while both write */
  nl_tm *reader = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_tm_options ro = NL_TM_OPTIONS_INIT;
  ro.read_only = 1;
  NL_CHECK_INT(nl_tm_open(&reader, path, &ro, &err), 0);
  nl_tm_close(reader);
  int sa, sb;
  waitpid(a, &sa, 0);
  waitpid(b, &sb, 0);
  NL_CHECK(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
  NL_CHECK(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
  NL_CHECK_INT(count_units(path), 1000);
  free(path);
}

static void check_integrity(const char *path) {
  sqlite3 *db;
  NL_CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
  sqlite3_stmt *q;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, 0);
  NL_CHECK_INT(sqlite3_step(q), SQLITE_ROW);
  NL_CHECK_STR((const char *)sqlite3_column_text(q, 0), "ok");
  sqlite3_finalize(q);
  sqlite3_close(db);
}

/* A lookup loop: opens read-only as soon as the file has a TM (it may
 * still be being created: the open waits or says so), then answers
 * `n` lookups; exits non-zero on the first one that fails. */
static void child_lookups(const char *path, int n) {
  nl_error err = NL_ERROR_INIT;
  nl_tm *tm = NULL;
  nl_tm_options ro = NL_TM_OPTIONS_INIT;
  ro.read_only = 1;
  int rc = NL_ENOTFOUND;
  for (int i = 0; i < 1000 && rc == NL_ENOTFOUND; i++)
    if ((rc = nl_tm_open(&tm, path, &ro, &err)) == NL_ENOTFOUND)
      nanosleep(&(struct timespec){0, 10000000}, NULL);
  if (rc < 0)
    _exit(20);
  for (int i = 0; i < n; i++) {
    char src[64];
    snprintf(src, sizeof(src), "Writer %d sentence number %d.", i % 8, i);
    nl_tm_query q = NL_TM_QUERY_INIT;
    q.source_lang = "en";
    q.target_lang = "fa";
    q.source = src;
    nl_tm_matches *m = NULL;
    if (nl_tm_lookup(tm, &q, &m, &err) < 0)
      _exit(21);
    nl_tm_matches_free(m);
  }
  nl_tm_close(tm);
}

/* Eight importers and eight lookup loops on a TM none of them has
 * created yet: every writer waits its turn, every unit
 * is stored, every lookup answered, and the file is sound. */
static void test_tm__many_writers_and_readers(void) {
  char *path = nl_test_fresh("many-writers.sqlite");
  pid_t kids[16];
  for (int i = 0; i < 16; i++) {
    kids[i] = fork();
    if (kids[i] == 0) {
      if (i < 8) {
        child_import(path, i, 100);
      } else {
        child_lookups(path, 40);
      }
      free(path); /* the child's own copy: memcheck checks children too */
      _exit(0);
    }
  }
  for (int i = 0; i < 16; i++) {
    int st;
    waitpid(kids[i], &st, 0);
    NL_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  }
  /* the last writer emptied the WAL */
  char wal[4096];
  snprintf(wal, sizeof(wal), "%s-wal", path);
  struct stat sb;
  NL_CHECK(stat(wal, &sb) != 0 || sb.st_size == 0);
  NL_CHECK_INT(count_units(path), 800);
  check_integrity(path);
  free(path);
}

static void test_tm__kill_during_import(void) {
  char *path = nl_test_fresh("killed.sqlite");
  nl_tm_close(open_tm(path));
  pid_t c = fork();
  if (c == 0) {
    child_import(path, 3, 1000000); /* far more than it will live for */
    _exit(0);
  }
  /* wait until a few batches are in, then kill without warning */
  for (int i = 0; i < 400 && count_units(path) < 200; i++)
    nanosleep(&(struct timespec){0, 10000000}, NULL);
  kill(c, SIGKILL);
  int st;
  waitpid(c, &st, 0);
  NL_CHECK(WIFSIGNALED(st));
  check_integrity(path);
  long long n = count_units(path);
  NL_CHECK(n >= 200);
  NL_CHECK_INT(n % 50, 0); /* whole batches only */
  /* and the TM opens and answers */
  nl_tm *tm = open_tm(path);
  nl_error err = NL_ERROR_INIT;
  nl_tm_query qq = NL_TM_QUERY_INIT;
  qq.source_lang = "en";
  qq.target_lang = "fa";
  qq.source = "Writer 3 sentence number 7.";
  nl_tm_matches *m = NULL;
  NL_CHECK_INT(nl_tm_lookup(tm, &qq, &m, &err), 0);
  NL_CHECK(nl_tm_matches_count(m) >= 1);
  nl_tm_matches_free(m);
  nl_tm_close(tm);
  free(path);
}

static void test_tm__prune_and_stats(void) {
  char *path = nl_test_fresh("prune.sqlite");
  nl_tm *tm = open_tm(path);
  add(tm, "Old sentence.", "جمله قدیمی.", NULL, NULL, NULL, NULL);
  nl_error err = NL_ERROR_INIT;
  nl_tm_entry e = {"en", "fa", "New sentence.", NULL, "جمله تازه.", NULL,
                   NULL, NULL, NULL, NULL, NULL, NULL, NL_TM_DRAFT,
                   (long long)time(NULL), NULL};
  NL_CHECK_INT(nl_tm_add(tm, &e, &err), 0);
  long long n = 0;
  NL_CHECK_INT(nl_tm_prune(tm, (long long)time(NULL) - 86400, -1, &n, &err), 0);
  NL_CHECK_INT(n, 1); /* the old one (changed 1700000000) */
  NL_CHECK_INT(nl_tm_prune(tm, 0, NL_TM_DRAFT, &n, &err), 0);
  NL_CHECK_INT(n, 1);
  NL_CHECK_INT(count_units(path), 0);
  nl_tm_close(tm);
  free(path);
}

static const nl_test tests[] = {
    NL_TEST(test_tm__match_types),
    NL_TEST(test_tm__digits_and_joiners),
    NL_TEST(test_tm__fuzzy_graphemes),
    NL_TEST(test_tm__score_table),
    NL_TEST(test_tm__key_ascii),
    NL_TEST(test_tm__floor_is_exact),
    NL_TEST(test_tm__source_variants),
    NL_TEST(test_tm__persists_and_refuses_foreign_files),
    NL_TEST(test_tm__concurrent_writers),
    NL_TEST(test_tm__many_writers_and_readers),
    NL_TEST(test_tm__kill_during_import),
    NL_TEST(test_tm__prune_and_stats),
};

NL_TEST_MAIN(tests)
