/*
 * bench_tmx.c - TMX import time and peak memory (a benchmark, not a test).
 *
 *   bench_tmx FILE.tmx            parse only: entries go to a counting sink
 *   bench_tmx FILE.tmx TM.sqlite  nl_tmx_import into that TM (created)
 *   bench_tmx --export TM.sqlite OUT.tmx   nl_tmx_export of the whole TM
 *
 * Prints units, entries, seconds and the peak resident set size from
 * getrusage(), so that importing 100k and 1M units (bench/gen_tmx.py)
 * shows whether memory stays flat as the file grows.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <newsloc/newsloc.h>

#include "tmx.h"

static int nop(void *ctx, nl_error *err) {
  (void)ctx;
  (void)err;
  return 0;
}

static void nop_rollback(void *ctx) { (void)ctx; }

static int count(void *ctx, const nl_tm_entry *e, int nfc, nl_error *err) {
  (void)err;
  (void)nfc;
  size_t *bytes = ctx;
  *bytes += strlen(e->source) + strlen(e->target);
  return 0;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int import_tm(const char *tmx, const char *tm_path,
                     nl_tmx_stats *stats, nl_error *err) {
  nl_tm *tm = NULL;
  int rc = nl_tm_open(&tm, tm_path, NULL, err);
  if (rc == 0)
    rc = nl_tmx_import(tm, tmx, NULL, stats, err);
  nl_tm_close(tm);
  return rc;
}

static int export_tm(const char *tm_path, const char *out,
                     nl_tmx_stats *stats, nl_error *err) {
  nl_tm *tm = NULL;
  nl_tm_options opts = NL_TM_OPTIONS_INIT;
  opts.read_only = 1;
  int rc = nl_tm_open(&tm, tm_path, &opts, err);
  if (rc == 0)
    rc = nl_tmx_export(tm, out, NULL, stats, err);
  nl_tm_close(tm);
  return rc;
}

int main(int argc, char **argv) {
  int export = argc == 4 && strcmp(argv[1], "--export") == 0;
  if (argc != 2 && argc != 3 && !export) {
    fprintf(stderr, "usage: bench_tmx FILE.tmx [TM.sqlite]\n"
                    "       bench_tmx --export TM.sqlite OUT.tmx\n");
    return 2;
  }
  size_t text_bytes = 0;
  nl_tmx__sink sink = {&text_bytes, nop, count, nop, nop_rollback};
  nl_tmx_stats stats;
  memset(&stats, 0, sizeof(stats));
  nl_error err = NL_ERROR_INIT;
  double t0 = now();
  int rc = export     ? export_tm(argv[2], argv[3], &stats, &err)
           : argc == 3 ? import_tm(argv[1], argv[2], &stats, &err)
                       : nl_tmx__read(argv[1], NULL, &sink, &stats, &err);
  double secs = now() - t0;
  if (rc < 0) {
    char msg[1024];
    nl_error_format(&err, msg, sizeof(msg));
    fprintf(stderr, "bench_tmx: %s\n", msg);
    return 1;
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("mode=%s units=%zu entries=%zu seconds=%.2f peak_rss_kb=%ld\n",
         export ? "export" : argc == 3 ? "tm" : "parse", stats.units,
         stats.entries, secs, ru.ru_maxrss);
  return 0;
}
