/*
 * bench_tm.c - the translation memory at newsroom scale.
 *
 *   bench_tm [UNITS] [QUERIES]        (defaults 1000000 and 1000)
 *
 * Writes a TMX of UNITS English→Persian units (news-like sentences made
 * from templates, names and numbers, all different), then prints:
 *  - TMX import time and the importing process's peak memory;
 *  - exact lookups per second;
 *  - fuzzy lookups per query class (a word or a number changed, only
 *    the 100 most common words, 1, 2 and 60 words, a word dropped, two
 *    words swapped), QUERIES of each: p50/p99/max latency and recall,
 *    the share whose first match is as good as the best of an
 *    exhaustive scan of every stored key (NL_BENCH_NO_SCAN=1 skips it:
 *    the scan is the slow part at 1M units and up);
 *  - when translate-toolkit is installed (NL_BENCH_NO_TMDB=1 skips it),
 *    the same TMX imported by its build_tmdb, and the same queries
 *    looked up by its matcher (bench/tmdb_lookup.py, one process; the
 *    first NL_BENCH_TT_QUERIES of each class, default 10, for at most
 *    NL_BENCH_TT_SECONDS, default 300), beside newsloc's figures for
 *    those queries from this run.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <newsloc/newsloc.h>

#include "tm_fuzzy.h"
#include "util/buf.h"

static const char *const subjects[] = {
    "The president", "The foreign minister", "Police", "The United Nations",
    "Aid groups", "The central bank", "Officials", "Residents", "Rebels",
    "The army", "Health workers", "Lawmakers", "The company", "Farmers",
    "Teachers", "The court"};
static const char *const verbs[] = {
    "said", "announced", "warned", "confirmed", "denied", "reported",
    "promised", "demanded", "estimated", "feared"};
static const char *const objects[] = {
    "that talks would resume", "that prices would rise",
    "that the border would reopen", "that aid would arrive",
    "that the vote would be delayed", "that schools would close",
    "that the storm had passed", "that the fighting had stopped",
    "that roads were blocked", "that exports had fallen"};
static const char *const places[] = {
    "in Kabul", "in Tehran", "in Kyiv", "in Nairobi", "in Yangon",
    "in Geneva", "in Islamabad", "in Addis Ababa", "in Phnom Penh",
    "in Caracas", "in Dhaka", "in Herat"};
static const char *const fa_subjects[] = {
    "رئیس‌جمهور", "وزیر امور خارجه", "پلیس", "سازمان ملل", "گروه‌های امدادی",
    "بانک مرکزی", "مقامات", "ساکنان", "شورشیان", "ارتش", "کارکنان بهداشت",
    "قانون‌گذاران", "شرکت", "کشاورزان", "معلمان", "دادگاه"};
static const char *const fa_objects[] = {
    "مذاکرات از سر گرفته می‌شود", "قیمت‌ها بالا می‌رود", "مرز باز می‌شود",
    "کمک‌ها می‌رسد", "رای‌گیری به تعویق می‌افتد", "مدارس تعطیل می‌شود",
    "طوفان گذشته است", "جنگ متوقف شده است", "جاده‌ها بسته است",
    "صادرات کاهش یافته است"};

/* A surname from syllables: news is full of proper names, and a TM of a
 * million sentences has tens of thousands of them; templates alone
 * would make every word common. */
static void name(char *out, size_t n, long i) {
  static const char *const syl[] = {"ka", "ri", "mo", "sa", "de", "lu", "ne",
                                    "to", "ba", "zi", "fe", "go", "ha", "pi",
                                    "ru", "vo", "an", "el", "or", "us"};
  snprintf(out, n, "%c%s%s%s", 'A' + (int)(i % 26), syl[(i / 26) % 20],
           syl[(i / 520) % 20], syl[(i / 10400) % 20]);
}

/* Sentence i: a unique combination (the number makes it so). */
static void sentence(char *en, size_t ne, char *fa, size_t nf, long i,
                     int variant) {
  long n = i / 10;
  size_t s = (size_t)(i % 16), v = (size_t)(i / 16 % 10),
         o = (size_t)(i / 160 % 10), p = (size_t)(i / 1600 % 12);
  long num = n % 100000 + (variant == 1 ? 7 : 0);
  const char *verb = verbs[(v + (variant == 2)) % 10];
  char who[32];
  name(who, sizeof(who), (i * 7919) % 60000);
  snprintf(en, ne,
           "%s %s on Monday %s %s, spokesman %s told reporters, and %ld "
           "people were affected.",
           subjects[s], verb, objects[o], places[p], who, num);
  if (fa)
    snprintf(fa, nf, "%s روز دوشنبه گفت که %s و %ld نفر آسیب دیدند، %s گفت.",
             fa_subjects[s], fa_objects[o], num, who);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* This process's CPU time: on a machine shared with other work, wall
 * latencies vary by half from run to run, the CPU a lookup costs less. */
static double cpu_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void write_tmx(const char *path, long units) {
  FILE *f = fopen(path, "w");
  fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"
             "<header creationtool=\"bench\" creationtoolversion=\"1\" "
             "segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" "
             "datatype=\"plaintext\"/><body>\n");
  char en[512], fa[512];
  for (long i = 0; i < units; i++) {
    sentence(en, sizeof(en), fa, sizeof(fa), i, 0);
    fprintf(f, "<tu tuid=\"%ld\"><tuv xml:lang=\"en\"><seg>%s</seg></tuv>"
               "<tuv xml:lang=\"fa\"><seg>%s</seg></tuv></tu>\n",
            i, en, fa);
  }
  fprintf(f, "</body></tmx>\n");
  fclose(f);
}

/* Bytes this process handed to write calls (wchar) and sent to the
 * storage layer (write_bytes), from /proc/self/io; -1 when unknown. */
static void io_written(long long *wchar, long long *storage) {
  *wchar = *storage = -1;
  FILE *f = fopen("/proc/self/io", "r");
  char line[128];
  while (f && fgets(line, sizeof(line), f)) {
    if (strncmp(line, "wchar: ", 7) == 0)
      *wchar = strtoll(line + 7, NULL, 10);
    else if (strncmp(line, "write_bytes: ", 13) == 0)
      *storage = strtoll(line + 13, NULL, 10);
  }
  if (f)
    fclose(f);
}

static long long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/* Imports in a child so that its peak memory and its writes are its own
 * (the child reports /proc/self/io through a pipe before it exits). */
static void import(const char *tmx, const char *db, long units) {
  fflush(stdout);
  int io[2];
  if (pipe(io) != 0)
    io[0] = io[1] = -1;
  double t0 = now();
  pid_t pid = fork();
  if (pid == 0) {
    nl_error err = NL_ERROR_INIT;
    nl_tm *tm = NULL;
    nl_tmx_stats st;
    nl_tmx_import_options o = NL_TMX_IMPORT_OPTIONS_INIT;
    const char *batch = getenv("NL_BENCH_BATCH");
    o.batch_size = batch ? (size_t)strtol(batch, NULL, 10)
                         : NL_TMX_BATCH_GROW; /* as the CLI */
    if (nl_tm_open(&tm, db, NULL, &err) < 0 ||
        nl_tmx_import(tm, tmx, &o, &st, &err) < 0) {
      fprintf(stderr, "import: %s\n", err.message);
      _exit(1);
    }
    nl_tm_close(tm);
    long long w[2];
    io_written(&w[0], &w[1]);
    if (io[1] >= 0 && write(io[1], w, sizeof(w)) != (ssize_t)sizeof(w))
      _exit(2);
    _exit(0);
  }
  long long w[2] = {-1, -1};
  if (io[1] >= 0)
    close(io[1]);
  if (io[0] >= 0) {
    if (read(io[0], w, sizeof(w)) != (ssize_t)sizeof(w))
      w[0] = w[1] = -1;
    close(io[0]);
  }
  int status;
  struct rusage ru;
  waitpid(pid, &status, 0);
  getrusage(RUSAGE_CHILDREN, &ru);
  double s = now() - t0;
  double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
               (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  printf("TMX import: %.1f s (%.0f units/s; CPU %.1f s), peak RSS %.0f MB, "
         "%.0f MB written (exit %d)\n",
         s, (double)units / s, cpu, (double)ru.ru_maxrss / 1024.0,
         (double)ru.ru_oublock * 512.0 / 1e6,
         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  char wal[300];
  snprintf(wal, sizeof(wal), "%s-wal", db);
  long long size = file_size(db) + file_size(wal);
  printf("write amplification: %.0f MB written by the import (write calls; "
         "%.0f MB reached the disk layer) for a %.0f MB TM: %.2fx, %.0f bytes "
         "a unit\n",
         (double)w[0] / 1e6, (double)w[1] / 1e6, (double)size / 1e6,
         size ? (double)w[0] / (double)size : 0.0,
         units ? (double)w[0] / (double)units : 0.0);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void exact(nl_tm *tm, long units) {
  char en[512];
  nl_error err = NL_ERROR_INIT;
  int n = 10000, found = 0;
  double t0 = now(), c0 = cpu_now();
  double *lat = calloc((size_t)n, sizeof(double));
  for (int k = 0; k < n; k++) {
    double l0 = now();
    sentence(en, sizeof(en), NULL, 0, (long)(((unsigned long)k * 2654435761u) % (unsigned long)units), 0);
    nl_tm_query q = NL_TM_QUERY_INIT;
    q.source_lang = "en";
    q.target_lang = "fa";
    q.source = en;
    nl_tm_matches *m = NULL;
    nl_tm_lookup(tm, &q, &m, &err);
    const nl_tm_match *x = nl_tm_matches_get(m, 0);
    found += x && x->score == 100;
    nl_tm_matches_free(m);
    lat[k] = (now() - l0) * 1000.0;
  }
  double s = now() - t0, c = cpu_now() - c0;
  qsort(lat, (size_t)n, sizeof(double), cmp_double);
  printf("exact lookups: %.0f per second (%d of %d found at 100; CPU %.1f "
         "us each; wall p50 %.3f ms, p99 %.3f ms, max %.3f ms)\n",
         n / s, found, n, c / n * 1e6, lat[n / 2], lat[n * 99 / 100],
         lat[n - 1]);
  free(lat);
}

/* What a `newsloc tm lookup` costs before it looks anything up: the
 * open (header, schema, nl_meta) and close in this process, and whole
 * processes of the CLI (exec, ICU, open, an exact lookup, exit). */
static void startup(const char *db, const char *argv0, long units) {
  nl_error err = NL_ERROR_INIT;
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  o.read_only = 1;
  enum { OPENS = 200, RUNS = 20 };
  double lat[OPENS];
  for (int k = 0; k < OPENS; k++) {
    nl_tm *tm = NULL;
    double t0 = now();
    nl_tm_open(&tm, db, &o, &err);
    nl_tm_close(tm);
    lat[k] = (now() - t0) * 1000.0;
  }
  qsort(lat, OPENS, sizeof(double), cmp_double);
  printf("open + schema check + close (read-only, in process): p50 %.3f ms, "
         "max %.3f ms\n",
         lat[OPENS / 2], lat[OPENS - 1]);
  char cli[512], cmd[2048], en[512];
  const char *slash = strrchr(argv0, '/');
  snprintf(cli, sizeof(cli), "%.*s/../newsloc",
           slash ? (int)(slash - argv0) : 1, slash ? argv0 : ".");
  if (access(cli, X_OK) != 0) {
    printf("tm lookup process: %s not found\n", cli);
    return;
  }
  sentence(en, sizeof(en), NULL, 0, units / 2, 0);
  snprintf(cmd, sizeof(cmd),
           "%s tm lookup --tm %s --from en --to fa \"%s\" >/dev/null", cli, db,
           en);
  double run[RUNS];
  int ok = 0;
  struct rusage r0, r1;
  getrusage(RUSAGE_CHILDREN, &r0);
  for (int k = 0; k < RUNS; k++) {
    double t0 = now();
    ok += system(cmd) == 0;
    run[k] = (now() - t0) * 1000.0;
  }
  getrusage(RUSAGE_CHILDREN, &r1);
  double cpu = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec +
                        r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) * 1e3 +
               (double)(r1.ru_utime.tv_usec - r0.ru_utime.tv_usec +
                        r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e3;
  qsort(run, RUNS, sizeof(double), cmp_double);
  printf("tm lookup process (exact match, through sh): wall min %.1f ms, p50 "
         "%.1f ms, max %.1f ms, CPU %.1f ms a run with sh (%d of %d exit "
         "0)\n",
         run[0], run[RUNS / 2], run[RUNS - 1], cpu / RUNS, ok, RUNS);
}

/* Every stored key, for the exhaustive scan, with two sketches per key
 * that bound its score against a query without scoring it:
 *  - letters: how many characters two keys can have in common (a bag);
 *    the distance is at least the longer length less that overlap;
 *  - bigrams: two strings within character edit distance K share at
 *    least max(len) - 1 - 2K bigrams (the q-gram lemma), and a word
 *    distance d needs at most 2d character edits.
 * Both sketches hash into buckets, which can only raise the overlap, so
 * the bounds stay safe: a key is skipped only when it cannot reach the
 * score being looked for. Non-ASCII keys are always scored. */
#define SK 256
typedef struct keys {
  char **k;
  unsigned char (*bi)[SK];
  unsigned char (*uni)[64];
  long n;
} keys;

static void sketch(const char *k, unsigned char *bi, unsigned char *uni) {
  memset(bi, 0, SK);
  memset(uni, 0, 64);
  for (size_t i = 0; k[i]; i++) {
    unsigned char c = (unsigned char)k[i];
    if (c != ' ' && uni[c % 64] < 255)
      uni[c % 64]++;
    if (k[i + 1]) {
      unsigned h = ((unsigned)c * 31u + (unsigned char)k[i + 1]) % SK;
      if (bi[h] < 255)
        bi[h]++;
    }
  }
}

static keys load_keys(const char *db) {
  keys K = {NULL, NULL, NULL, 0};
  sqlite3 *h;
  sqlite3_stmt *st;
  sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
  sqlite3_prepare_v2(h, "SELECT count(*) FROM source", -1, &st, 0);
  if (sqlite3_step(st) == SQLITE_ROW)
    K.n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  K.k = calloc((size_t)K.n + 1, sizeof(char *));
  K.bi = calloc((size_t)K.n + 1, SK);
  K.uni = calloc((size_t)K.n + 1, 64);
  sqlite3_prepare_v2(h, "SELECT key FROM source", -1, &st, 0);
  long i = 0;
  while (sqlite3_step(st) == SQLITE_ROW && i < K.n) {
    K.k[i] = strdup((const char *)sqlite3_column_text(st, 0));
    sketch(K.k[i], K.bi[i], K.uni[i]);
    i++;
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  K.n = i;
  return K;
}

static int ascii(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0x80)
      return 0;
  return 1;
}

static long nonspace(const char *s) {
  long n = 0;
  for (; *s; s++)
    n += *s != ' ';
  return n;
}

/* The best score of at least `floor` over every key (0 when none). */
static int exhaustive_best(nl_tm_fuzzy *f, const keys *K, const char *qkey,
                           int floor, long *scored) {
  unsigned char qbi[SK], quni[64];
  sketch(qkey, qbi, quni);
  long qn = (long)strlen(qkey), qg = nonspace(qkey);
  int qascii = ascii(qkey), best = 0;
  for (long i = 0; i < K->n; i++) {
    int want = best >= floor ? best + 1 : floor;
    const char *k = K->k[i];
    long kn = (long)strlen(k);
    if (qascii && ascii(k)) {
      long kg = nonspace(k);
      long L = kg > qg ? kg : qg, diff = kg > qg ? kg - qg : qg - kg;
      if (L == 0 || 100 * (L - diff) < (long)want * L)
        continue; /* the length difference alone is too much */
      long dmax = L * (100 - want) / 100, common = 0, bicommon = 0;
      for (int b = 0; b < 64; b++)
        common += quni[b] < K->uni[i][b] ? quni[b] : K->uni[i][b];
      if (L - common > dmax)
        continue;
      for (int b = 0; b < SK; b++)
        bicommon += qbi[b] < K->bi[i][b] ? qbi[b] : K->bi[i][b];
      long longer = kn > qn ? kn : qn;
      if (bicommon < longer - 1 - 4 * dmax)
        continue;
    }
    (*scored)++;
    /* exact scores: the scan does not lean on the scorer's own bounds */
    nl_tm_fuzzy__set_floor(f, 0);
    int s = nl_tm_fuzzy__score(f, "en", qkey, k, NULL, NULL);
    if (s >= want && s > best)
      best = s;
  }
  return best;
}

/* The query classes of the recall and latency tables: the hazards of
 * candidate retrieval (issue 15), each from a stored sentence. */
enum {
  Q_WORD,    /* a word (the verb) changed */
  Q_NUMBER,  /* the number changed to one other units contain */
  Q_COMMON,  /* only the TM's 100 most common words of the sentence */
  Q_ONE,     /* one word */
  Q_TWO,     /* two words */
  Q_LONG,    /* three sentences in one: about 60 words */
  Q_DROPPED, /* a word dropped */
  Q_SWAPPED, /* two words swapped */
  Q_CLASSES
};
static const char *const class_names[Q_CLASSES] = {
    "word changed", "number shared", "100 common words", "1 word",
    "2 words",      "60 words",      "word dropped",     "words swapped"};

typedef struct vocab {
  char *w[100];
  int n;
} vocab;

/* The 100 words most segments hold, from FTS5's own counts. */
static vocab common_words(const char *db) {
  vocab v = {{NULL}, 0};
  sqlite3 *h;
  sqlite3_stmt *st;
  sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
  sqlite3_exec(h, "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, "
                  "source_fts, row)", NULL, NULL, NULL);
  if (sqlite3_prepare_v2(h, "SELECT term FROM temp.v ORDER BY doc DESC "
                            "LIMIT 100", -1, &st, 0) == SQLITE_OK)
    while (sqlite3_step(st) == SQLITE_ROW && v.n < 100)
      v.w[v.n++] = strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

static int is_common(const vocab *v, const char *w) {
  char low[64];
  size_t n = 0;
  for (; *w && n + 1 < sizeof(low); w++)
    if ((*w >= 'a' && *w <= 'z') || (*w >= '0' && *w <= '9'))
      low[n++] = *w;
    else if (*w >= 'A' && *w <= 'Z')
      low[n++] = (char)(*w - 'A' + 'a');
  low[n] = '\0';
  for (int i = 0; i < v->n; i++)
    if (strcmp(v->w[i], low) == 0)
      return 1;
  return 0;
}

/* The stored sentence query k of every class is made from. */
static long query_row(int k, long units) {
  return (long)(((unsigned long)k * 40503u + 17) % (unsigned long)units);
}

/* Query `k` of class `c`, from stored sentence i. */
static void make_query(char *out, size_t n, int c, long i, long units,
                       const vocab *v) {
  char en[512], *w[64];
  int nw = 0;
  sentence(en, sizeof(en), NULL, 0, i, c == Q_NUMBER ? 1 : c == Q_WORD ? 2 : 0);
  if (c == Q_WORD || c == Q_NUMBER) {
    snprintf(out, n, "%s", en);
    return;
  }
  if (c == Q_LONG) {
    char b[512], d[512];
    sentence(b, sizeof(b), NULL, 0, (i + 1) % units, 0);
    sentence(d, sizeof(d), NULL, 0, (i + 2) % units, 0);
    snprintf(out, n, "%s %s %s", en, b, d);
    return;
  }
  for (char *p = en; *p && nw < 64;) {
    w[nw++] = p;
    p += strcspn(p, " ");
    if (*p)
      *p++ = '\0';
  }
  out[0] = '\0';
  size_t at = 0;
  for (int j = 0; j < nw; j++) {
    int keep = c == Q_COMMON    ? is_common(v, w[j])
               : c == Q_ONE     ? j == 9
               : c == Q_TWO     ? j == 8 || j == 9
               : c == Q_DROPPED ? j != (int)(i % nw)
                                : 1;
    int from = j;
    if (c == Q_SWAPPED && j == (int)(i % (nw - 1)))
      from = j + 1;
    else if (c == Q_SWAPPED && j == (int)(i % (nw - 1)) + 1)
      from = j - 1;
    if (keep && at < n)
      at += (size_t)snprintf(out + at, n - at, "%s%s", at ? " " : "", w[from]);
  }
}

/* One query of the latency table as newsloc answered it, kept for the
 * side-by-side with translate-toolkit (same queries, same run). */
typedef struct qrec {
  double ms, cpu; /* wall and CPU; ms < 0: the class was not run */
  int got;        /* the score of its first match (0: none at 70) */
  int best;       /* the best score of any unit (0: none at 70); -1: no scan */
} qrec;

static void fuzzy_class(nl_tm *tm, const keys *K, int c, long units,
                        int queries, const vocab *v, qrec *rec) {
  nl_error err = NL_ERROR_INIT;
  double *lat = calloc((size_t)queries, sizeof(double));
  double *cpu = calloc((size_t)queries, sizeof(double));
  int same = 0, found = 0;
  nl_tm_fuzzy *f = NULL;
  nl_tm_fuzzy__new(&f, &err);
  long scored = 0;
  for (int k = 0; k < queries; k++) {
    char en[2048];
    make_query(en, sizeof(en), c, query_row(k, units), units, v);
    nl_tm_query q = NL_TM_QUERY_INIT;
    q.source_lang = "en";
    q.target_lang = "fa";
    q.source = en;
    nl_tm_matches *m = NULL;
    double t0 = now(), c0 = cpu_now();
    nl_tm_lookup(tm, &q, &m, &err);
    lat[k] = (now() - t0) * 1000.0;
    cpu[k] = (cpu_now() - c0) * 1000.0;
    const nl_tm_match *x = nl_tm_matches_get(m, 0);
    int got = x && x->score >= 70 ? (x->score > 99 ? 99 : x->score) : 0;
    found += got > 0;
    nl_tm_matches_free(m);
    rec[k] = (qrec){lat[k], cpu[k], got, -1};
    /* would an exhaustive scan have found a better one (or any)? */
    if (K->n > 0) {
      nl_buf key = NL_BUF_INIT;
      nl_tm_fuzzy__key(&key, en, &err);
      int ex = exhaustive_best(f, K, key.ptr, got ? got + 1 : 70, &scored);
      same += ex == 0 || ex <= got;
      rec[k].best = ex > got ? ex : got;
      if (ex > got && getenv("NL_BENCH_VERBOSE"))
        fprintf(stderr, "missed (%s): \"%s\": lookup %d, scan %d\n",
                class_names[c], en, got, ex);
      nl_buf_dispose(&key);
    }
  }
  qsort(lat, (size_t)queries, sizeof(double), cmp_double);
  qsort(cpu, (size_t)queries, sizeof(double), cmp_double);
  printf("| %-16s | %5d | %7.2f | %7.2f | %7.2f | %7.2f | %7.2f | %5d | ",
         class_names[c], queries, lat[queries / 2], lat[queries * 99 / 100],
         lat[queries - 1], cpu[queries / 2], cpu[queries - 1], found);
  if (K->n > 0)
    printf("%5.1f%% |\n", 100.0 * same / queries);
  else
    printf("  -    |\n");
  nl_tm_fuzzy__free(f);
  free(lat);
  free(cpu);
}

/* Latency (wall, and this process's CPU: on a shared machine the wall
 * figures vary with the load) and recall per query class: recall is the share of
 * queries whose first match is as good as the best an exhaustive scan
 * of every stored key finds (or there is none at 70 and up). */
static void fuzzy(nl_tm *tm, const char *db, long units, int queries,
                  int no_scan, qrec *rec) {
  keys K = no_scan ? (keys){NULL, NULL, NULL, 0} : load_keys(db);
  vocab v = common_words(db);
  printf("fuzzy lookups, %d per class (wall ms; recall against an "
         "exhaustive scan of %ld keys):\n\n",
         queries, K.n);
  printf("| class            |     n |     p50 |     p99 |     max | CPU p50 "
         "| CPU max | found | recall |\n|---|---|---|---|---|---|---|---|---|\n");
  const char *only = getenv("NL_BENCH_CLASS"); /* one class, for profiling */
  for (int c = 0; c < Q_CLASSES; c++)
    if (only == NULL || strcmp(only, class_names[c]) == 0)
      fuzzy_class(tm, &K, c, units, queries, &v,
                  rec + (size_t)c * (size_t)queries);
  for (long i = 0; i < K.n; i++)
    free(K.k[i]);
  free(K.k);
  free(K.bi);
  free(K.uni);
  for (int i = 0; i < v.n; i++)
    free(v.w[i]);
}

/* translate-toolkit beside newsloc: the first `n` queries of each class
 * newsloc ran, the same texts, looked up by translate-toolkit's own
 * matcher in one Python process (bench/tmdb_lookup.py). The classes are
 * interleaved, so a time budget that runs out leaves them even. */
static int write_queries(const char *path, long units, int queries, int n,
                         const vocab *v, const qrec *rec) {
  FILE *f = fopen(path, "w");
  int written = 0;
  for (int k = 0; f && k < n; k++)
    for (int c = 0; c < Q_CLASSES; c++) {
      if (rec[(size_t)c * (size_t)queries].ms < 0)
        continue;
      char en[2048];
      make_query(en, sizeof(en), c, query_row(k, units), units, v);
      fprintf(f, "%d\t%d\t%s\n", c, k, en);
      written++;
    }
  if (f)
    fclose(f);
  return written;
}

/* One class of translate-toolkit's answers. */
typedef struct ttclass {
  double ms[1024], cpu[1024], nl[1024], nlcpu[1024];
  int n, found, best, nlfound, nlbest, scored;
} ttclass;

/* newsloc's score (0-99) of translate-toolkit's first result. */
static int nl_score_of(nl_tm_fuzzy *f, const char *query, const char *src) {
  nl_error err = NL_ERROR_INIT;
  nl_buf a = NL_BUF_INIT, b = NL_BUF_INIT;
  int s = 0;
  if (*src && nl_tm_fuzzy__key(&a, query, &err) == 0 &&
      nl_tm_fuzzy__key(&b, src, &err) == 0) {
    nl_tm_fuzzy__set_floor(f, 0);
    s = nl_tm_fuzzy__score(f, "en", a.ptr, b.ptr, NULL, NULL);
  }
  nl_buf_dispose(&a);
  nl_buf_dispose(&b);
  return s > 99 ? 99 : s;
}

/* A "q" line: class, index, wall ms, CPU ms, results, quality, source. */
static void tt_answer(char *line, ttclass *tt, const qrec *rec, int queries,
                      long units, const vocab *v, nl_tm_fuzzy *f) {
  char *field[7];
  for (int i = 0; i < 7; i++) {
    field[i] = line;
    line += strcspn(line, "\t");
    if (*line)
      *line++ = '\0';
  }
  field[6][strcspn(field[6], "\n")] = '\0';
  int c = (int)strtol(field[0], NULL, 10), k = (int)strtol(field[1], NULL, 10);
  if (c < 0 || c >= Q_CLASSES || k < 0 || k >= queries || tt[c].n >= 1024)
    return;
  const qrec *r = &rec[(size_t)c * (size_t)queries + (size_t)k];
  ttclass *t = &tt[c];
  t->ms[t->n] = strtod(field[2], NULL);
  t->cpu[t->n] = strtod(field[3], NULL);
  t->nl[t->n] = r->ms;
  t->nlcpu[t->n] = r->cpu;
  t->n++;
  t->found += strtol(field[4], NULL, 10) > 0;
  t->nlfound += r->got > 0;
  if (r->best < 0)
    return;
  char en[2048];
  make_query(en, sizeof(en), c, query_row(k, units), units, v);
  int s = nl_score_of(f, en, field[6]);
  t->scored++;
  t->best += r->best == 0 || s >= r->best;
  if (r->best > 0 && s < r->best && getenv("NL_BENCH_VERBOSE"))
    fprintf(stderr, "translate-toolkit's first (%s): \"%s\" for \"%s\": "
            "newsloc's score %d, the best unit %d\n", class_names[c], field[6],
            en, s, r->best);
  t->nlbest += r->got >= r->best;
}

/* a/b as a ratio column: whole numbers from 10 up, two digits below. */
static const char *ratio(char *out, size_t n, double a, double b) {
  double r = b > 0 ? a / b : 0;
  snprintf(out, n, r >= 10 ? "%.0f" : r >= 0.1 ? "%.2f" : "%.3f", r);
  return out;
}

static void tt_table(ttclass *tt) {
  printf("\n| class            |   n | tt p50 | tt p99 | tt max | tt CPU p50 "
         "| nl p50 | nl p99 | nl max | nl CPU p50 | p50 x | max x | CPU p50 x "
         "| found tt/nl | best unit tt/nl |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (int c = 0; c < Q_CLASSES; c++) {
    ttclass *t = &tt[c];
    int n = t->n;
    if (n == 0)
      continue;
    qsort(t->ms, (size_t)n, sizeof(double), cmp_double);
    qsort(t->cpu, (size_t)n, sizeof(double), cmp_double);
    qsort(t->nl, (size_t)n, sizeof(double), cmp_double);
    qsort(t->nlcpu, (size_t)n, sizeof(double), cmp_double);
    int p50 = n / 2, p99 = n * 99 / 100;
    char r[3][32];
    printf("| %-16s | %3d | %6.1f | %6.1f | %6.1f | %10.1f | %6.2f | %6.2f | "
           "%6.2f | %10.2f | %5s | %5s | %9s | %5d/%-5d | ",
           class_names[c], n, t->ms[p50], t->ms[p99], t->ms[n - 1],
           t->cpu[p50], t->nl[p50], t->nl[p99], t->nl[n - 1], t->nlcpu[p50],
           ratio(r[0], sizeof(r[0]), t->ms[p50], t->nl[p50]),
           ratio(r[1], sizeof(r[1]), t->ms[n - 1], t->nl[n - 1]),
           ratio(r[2], sizeof(r[2]), t->cpu[p50], t->nlcpu[p50]), t->found,
           t->nlfound);
    if (t->scored)
      printf("%5.1f%% / %5.1f%% |\n", 100.0 * t->best / t->scored,
             100.0 * t->nlbest / t->scored);
    else
      printf("- (NL_BENCH_NO_SCAN) |\n");
  }
}

/* Runs bench/tmdb_lookup.py on translate-toolkit's database `ttdb` and
 * prints its start-up and the side-by-side table. */
static void tmdb_lookups(const char *ttdb, const char *qfile, int given,
                         int queries, long units, const vocab *v,
                         const qrec *rec) {
  const char *s = getenv("NL_BENCH_TT_SECONDS");
  double budget = s ? strtod(s, NULL) : 300.0;
  char cmd[1024], line[4096];
  /* a hard stop too: one query without python-Levenshtein can take
   * minutes */
  snprintf(cmd, sizeof(cmd), "timeout %.0f /usr/bin/python3 %s/tmdb_lookup.py "
           "%s %s %.0f", budget * 2 + 300, NL_BENCH_DIR, ttdb, qfile, budget);
  fflush(stdout);
  double t0 = now();
  FILE *p = popen(cmd, "r");
  if (p == NULL) {
    printf("translate-toolkit lookups: could not run %s\n", cmd);
    return;
  }
  ttclass *tt = calloc(Q_CLASSES, sizeof(ttclass));
  nl_tm_fuzzy *f = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_tm_fuzzy__new(&f, &err);
  double analyze = 0, imp = 0, open_s = 0, first = -1;
  int done = 0, stopped = 0;
  while (fgets(line, sizeof(line), p)) {
    if (first < 0)
      first = now() - t0; /* the interpreter's own start-up, and the copy */
    if (strncmp(line, "q\t", 2) == 0) {
      tt_answer(line + 2, tt, rec, queries, units, v, f);
      done++;
    } else if (strncmp(line, "analyze\t", 8) == 0) {
      analyze = strtod(line + 8, NULL);
    } else if (strncmp(line, "import\t", 7) == 0) {
      imp = strtod(line + 7, NULL);
    } else if (strncmp(line, "open\t", 5) == 0) {
      open_s = strtod(line + 5, NULL);
    } else if (strncmp(line, "distance\t", 9) == 0) {
      if (strncmp(line + 9, "python", 6) == 0)
        printf("translate-toolkit: python3-levenshtein is not installed, so "
               "it uses its pure-Python distance (minutes a query at 100k; "
               "apt-get install python3-levenshtein)\n");
    } else if (strncmp(line, "stopped\t", 8) == 0) {
      stopped = 1;
    }
  }
  int rc = pclose(p);
  snprintf(cmd, sizeof(cmd), "%s.analyzed", ttdb); /* if it was stopped */
  unlink(cmd);
  printf("translate-toolkit lookup process: python start-up %.0f ms, import "
         "of translate.storage.tmdb %.0f ms, TMDB() open %.0f ms (copy + "
         "ANALYZE %.1f s, not counted); %d of %d queries answered%s (exit "
         "%d)\n",
         (first - analyze) * 1e3, imp * 1e3, open_s * 1e3, analyze, done,
         given,
         stopped ? ", then the time budget (NL_BENCH_TT_SECONDS) ran out" : "",
         WIFEXITED(rc) ? WEXITSTATUS(rc) : -1);
  printf("translate-toolkit (TMDB.translate_unit, min 70, 5 candidates, on "
         "an ANALYZEd copy) beside newsloc on the same queries, wall ms, "
         "x = translate-toolkit / newsloc; best unit = its first result is "
         "as good as the best unit of an exhaustive scan, by newsloc's "
         "score:\n");
  tt_table(tt);
  nl_tm_fuzzy__free(f);
  free(tt);
}

static void remove_db(const char *db) {
  char side[80];
  unlink(db);
  snprintf(side, sizeof(side), "%s-wal", db);
  unlink(side);
  snprintf(side, sizeof(side), "%s-shm", db);
  unlink(side);
}

/* CPU seconds of every child waited for so far. */
static double children_cpu(void) {
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* translate-toolkit on the same TMX, then on the same queries: skipped,
 * and saying so, when it is not installed or NL_BENCH_NO_TMDB is set. */
static void translate_toolkit(const char *tmx, const char *dir, const char *db,
                              long units, int queries, const qrec *rec) {
  if (getenv("NL_BENCH_NO_TMDB")) {
    printf("translate-toolkit: skipped (NL_BENCH_NO_TMDB): no build_tmdb, "
           "no lookups\n");
    return;
  }
  if (system("command -v build_tmdb >/dev/null 2>&1") != 0 ||
      system("/usr/bin/python3 -c 'import translate.storage.tmdb' "
             ">/dev/null 2>&1") != 0) {
    printf("translate-toolkit: not installed, skipped (apt-get install "
           "translate-toolkit python3-levenshtein)\n");
    return;
  }
  char ttdb[300], qfile[300], cmd[1024];
  snprintf(ttdb, sizeof(ttdb), "%s/tt.db", dir);
  snprintf(cmd, sizeof(cmd),
           "build_tmdb -d %s -s en -t fa %s >/dev/null 2>&1", ttdb, tmx);
  double t0 = now(), c0 = children_cpu();
  int rc = system(cmd);
  printf("build_tmdb (translate-toolkit) on the same TMX: %.1f s (CPU %.1f "
         "s), %.0f MB (exit %d)\n",
         now() - t0, children_cpu() - c0, (double)file_size(ttdb) / 1e6, rc);
  const char *nq = getenv("NL_BENCH_TT_QUERIES");
  /* 10 a class by default: at 100k units a query of common words takes
   * translate-toolkit seconds (it scores every row the words match) */
  int n = nq ? (int)strtol(nq, NULL, 10) : 10;
  if (n > queries)
    n = queries;
  if (n > 1024)
    n = 1024;
  if (rc == 0 && n > 0) {
    vocab v = common_words(db);
    snprintf(qfile, sizeof(qfile), "%s/queries.txt", dir);
    int given = write_queries(qfile, units, queries, n, &v, rec);
    tmdb_lookups(ttdb, qfile, given, queries, units, &v, rec);
    unlink(qfile);
    for (int i = 0; i < v.n; i++)
      free(v.w[i]);
  }
  unlink(ttdb);
}
int main(int argc, char **argv) {
  long units = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
  int queries = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 1000;
  /* a directory of our own: other benches on the machine use /tmp too */
  char dir[] = "/tmp/nl-bench-tm.XXXXXX", tmx[256], db[256];
  if (mkdtemp(dir) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  snprintf(tmx, sizeof(tmx), "%s/bench.tmx", dir);
  snprintf(db, sizeof(db), "%s/bench.sqlite", dir);
  /* NL_BENCH_TM: lookups on a TM kept by NL_BENCH_KEEP (made for the same
   * UNITS), without writing or importing anything */
  const char *kept = getenv("NL_BENCH_TM");
  if (kept) {
    snprintf(db, sizeof(db), "%s", kept);
    rmdir(dir);
  } else {
    write_tmx(tmx, units);
    printf("TM of %ld English→Persian units\n", units);
    import(tmx, db, units);
  }
  if (getenv("NL_BENCH_KEEP")) {
    printf("kept: %s and %s\n", tmx, db);
    return 0;
  }
  if (getenv("NL_BENCH_IMPORT_ONLY")) {
    unlink(tmx);
    remove_db(db);
    rmdir(dir);
    return 0;
  }
  nl_error err = NL_ERROR_INIT;
  nl_tm *tm = NULL;
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  o.read_only = 1;
  if (nl_tm_open(&tm, db, &o, &err) < 0) {
    fprintf(stderr, "%s\n", err.message);
    return 1;
  }
  /* NL_BENCH_CLASS profiles one class: the rest would swamp a profile */
  if (getenv("NL_BENCH_CLASS") == NULL) {
    exact(tm, units);
    startup(db, argv[0], units);
  }
  qrec *rec = calloc((size_t)Q_CLASSES * (size_t)queries + 1, sizeof(qrec));
  for (size_t i = 0; i < (size_t)Q_CLASSES * (size_t)queries; i++)
    rec[i].ms = -1;
  fuzzy(tm, db, units, queries, getenv("NL_BENCH_NO_SCAN") != NULL, rec);
  nl_tm_close(tm);
  if (kept) {
    printf("translate-toolkit: skipped (NL_BENCH_TM: no TMX in this run)\n");
    free(rec);
    return 0;
  }
  translate_toolkit(tmx, dir, db, units, queries, rec);
  free(rec);
  unlink(tmx);
  remove_db(db);
  rmdir(dir);
  return 0;
}
