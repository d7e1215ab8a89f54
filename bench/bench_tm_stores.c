/*
 * bench_tm_stores.c - the SQLite and PostgreSQL stores side by side.
 *
 *   bench_tm_stores FILE.tmx SQLITE-PATH POSTGRESQL-URL [QUERIES]
 *
 * (bench/tm-stores.sh makes the TMX with gen_tmx.py and a throwaway
 * server.) For each store, in one run: the TMX import time; exact and
 * fuzzy lookup latency, p50 and p99 over QUERIES (default 500) lookups
 * of units of the file (fuzzy: one word dropped); lookup throughput
 * with 1, 8 and 32 clients, each a thread with its own connection,
 * looking up for 3 seconds. Prints one line a figure.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <newsloc/newsloc.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Up to `max` plain source sentences of the file, evenly spread. */
static char **read_sources(const char *tmx, size_t max, size_t *n) {
  FILE *f = fopen(tmx, "r");
  char line[4096];
  size_t total = 0;
  while (f && fgets(line, sizeof(line), f))
    total += strstr(line, "xml:lang=\"en\"><seg>") != NULL;
  char **out = calloc(max, sizeof(*out));
  size_t step = total / max ? total / max : 1, i = 0;
  *n = 0;
  if (f)
    rewind(f);
  while (f && out && *n < max && fgets(line, sizeof(line), f)) {
    char *s = strstr(line, "xml:lang=\"en\"><seg>");
    if (s == NULL || i++ % step != 0)
      continue;
    s += strlen("xml:lang=\"en\"><seg>");
    char *e = strstr(s, "</seg>");
    if (e == NULL || memchr(s, '<', (size_t)(e - s)) || memchr(s, '&', (size_t)(e - s)))
      continue; /* inline codes or entities: not the plain text */
    *e = '\0';
    out[(*n)++] = strdup(s);
  }
  if (f)
    fclose(f);
  return out;
}

/* The sentence with its second word dropped: a fuzzy query. */
static void drop_word(char *out, size_t cap, const char *s) {
  const char *a = strchr(s, ' '), *b = a ? strchr(a + 1, ' ') : NULL;
  if (b == NULL)
    snprintf(out, cap, "%s", s);
  else
    snprintf(out, cap, "%.*s%s", (int)(a - s), s, b);
}

static int lookup(nl_tm *tm, const char *src) {
  nl_tm_query q = NL_TM_QUERY_INIT;
  nl_error err = NL_ERROR_INIT;
  q.source_lang = "en";
  q.target_lang = "fa";
  q.source = src;
  nl_tm_matches *m = NULL;
  int rc = nl_tm_lookup(tm, &q, &m, &err);
  if (rc < 0)
    fprintf(stderr, "lookup: %s\n", err.message);
  int found = (int)nl_tm_matches_count(m);
  nl_tm_matches_free(m);
  return rc < 0 ? -1 : found;
}

static int by_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void latency(const char *store, const char *kind, nl_tm *tm,
                    char **src, size_t n, int fuzzy) {
  double *t = calloc(n, sizeof(*t));
  size_t found = 0;
  for (size_t i = 0; t && i < n; i++) {
    char q[4096];
    if (fuzzy)
      drop_word(q, sizeof(q), src[i]);
    else
      snprintf(q, sizeof(q), "%s", src[i]);
    double t0 = now();
    found += lookup(tm, q) > 0;
    t[i] = (now() - t0) * 1000;
  }
  if (t && n) {
    qsort(t, n, sizeof(*t), by_double);
    printf("%-10s %-6s lookup  p50 %7.2f ms  p99 %7.2f ms  (%zu of %zu "
           "found)\n",
           store, kind, t[n / 2], t[n * 99 / 100], found, n);
  }
  free(t);
}

typedef struct client {
  const char *path;
  char **src;
  size_t n, seed;
  double until;
  long done;
  int failed;
} client;

/* One client: its own connection, exact and fuzzy lookups in turn. */
static void *run_client(void *arg) {
  client *c = arg;
  nl_tm *tm = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  o.read_only = 1;
  if (nl_tm_open(&tm, c->path, &o, &err) < 0) {
    fprintf(stderr, "client: %s\n", err.message);
    c->failed = 1;
    return NULL;
  }
  for (size_t i = c->seed; now() < c->until; i++) {
    char q[4096];
    const char *s = c->src[(i * 7919) % c->n];
    if (i % 2)
      drop_word(q, sizeof(q), s);
    else
      snprintf(q, sizeof(q), "%s", s);
    if (lookup(tm, q) < 0) {
      c->failed = 1;
      break;
    }
    c->done++;
  }
  nl_tm_close(tm);
  return NULL;
}

static void throughput(const char *store, const char *path, char **src,
                       size_t n) {
  static const int counts[] = {1, 8, 32};
  for (size_t k = 0; k < 3; k++) {
    int nc = counts[k];
    client *cs = calloc((size_t)nc, sizeof(*cs));
    pthread_t *th = calloc((size_t)nc, sizeof(*th));
    double t0 = now(), until = t0 + 3.0;
    for (int i = 0; cs && th && i < nc; i++) {
      cs[i] = (client){path, src, n, (size_t)i * 101, until, 0, 0};
      pthread_create(&th[i], NULL, run_client, &cs[i]);
    }
    long done = 0;
    int failed = 0;
    for (int i = 0; cs && th && i < nc; i++) {
      pthread_join(th[i], NULL);
      done += cs[i].done;
      failed |= cs[i].failed;
    }
    double secs = now() - t0;
    printf("%-10s %2d client%s %8.0f lookups/s%s\n", store, nc,
           nc > 1 ? "s" : " ", (double)done / secs,
           failed ? "  (a client failed)" : "");
    free(cs);
    free(th);
  }
}

static int bench_store(const char *store, const char *path, const char *tmx,
                       char **src, size_t n) {
  nl_tm *tm = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_tm_open(&tm, path, NULL, &err) < 0) {
    fprintf(stderr, "%s: %s\n", store, err.message);
    return 1;
  }
  nl_tmx_import_options o = NL_TMX_IMPORT_OPTIONS_INIT;
  nl_tmx_stats st;
  memset(&st, 0, sizeof(st));
  o.batch_size = 50000;
  double t0 = now();
  if (nl_tmx_import(tm, tmx, &o, &st, &err) < 0) {
    fprintf(stderr, "%s: import: %s\n", store, err.message);
    nl_tm_close(tm);
    return 1;
  }
  double secs = now() - t0;
  printf("%-10s import  %zu units in %.1f s (%.0f units/s)\n", store,
         st.entries, secs, (double)st.entries / secs);
  nl_tm_close(tm);
  nl_tm_options ro = NL_TM_OPTIONS_INIT;
  ro.read_only = 1;
  if (nl_tm_open(&tm, path, &ro, &err) < 0) {
    fprintf(stderr, "%s: %s\n", store, err.message);
    return 1;
  }
  latency(store, "exact", tm, src, n, 0);
  latency(store, "fuzzy", tm, src, n, 1);
  nl_tm_close(tm);
  throughput(store, path, src, n);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: bench_tm_stores FILE.tmx SQLITE-PATH "
                    "POSTGRESQL-URL [QUERIES]\n");
    return 2;
  }
  setvbuf(stdout, NULL, _IOLBF, 0); /* figures as they come */
  size_t max = argc > 4 ? (size_t)strtoul(argv[4], NULL, 10) : 500, n = 0;
  char **src = read_sources(argv[1], max ? max : 500, &n);
  if (src == NULL || n == 0) {
    fprintf(stderr, "%s: no plain English sources found\n", argv[1]);
    return 1;
  }
  int rc = bench_store("sqlite", argv[2], argv[1], src, n);
  if (rc == 0)
    rc = bench_store("postgresql", argv[3], argv[1], src, n);
  for (size_t i = 0; i < n; i++)
    free(src[i]);
  free(src);
  return rc;
}
