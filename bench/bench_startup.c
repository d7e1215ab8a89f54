/*
 * bench_startup.c - how long until the first sentence: newsloc's
 * segmenter beside ICU's sentence iterator, inside one process, and the
 * whole `newsloc segment` process beside a raw ICU process and a process
 * that does nothing.
 *
 *   bench_startup [NEWSLOC_BINARY] [LANG ...]
 *
 * In a CI job a process runs per file, so what it costs before its first
 * sentence counts as much as throughput. In-process figures are the
 * median of 41 fresh segmenters (each built, asked for one sentence,
 * freed). The process figures are the median and 90th percentile of 200
 * runs (NL_BENCH_RUNS) of each of, in turn: the CLI on a one-line input,
 * raw_icu_segment (bench/raw_icu_segment.c: ICU's sentence iterator on the
 * same line, nothing else) and /bin/true (what exec and the dynamic loader
 * cost any program). Taken in turn, the three meet the same load.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include <newsloc/newsloc.h>

enum { RUNS = 41, PROCESS_RUNS = 200 };

#ifndef NL_RAW_ICU
#define NL_RAW_ICU "raw_icu_segment"
#endif

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The value below which a share `q` of the n figures lie (sorts v). */
static double quantile(double *v, int n, double q) {
  qsort(v, (size_t)n, sizeof(*v), cmp_double);
  return v[(int)(q * (n - 1) + 0.5)];
}

static double median(double *v) { return quantile(v, RUNS, 0.5); }

static const char SENTENCE[] = "The U.S. envoy arrived on Monday. Talks "
                               "begin today.";

/* A fresh newsloc segmenter until its first sentence, in ms. */
static double newsloc_first(const char *lang) {
  double t0 = now();
  nl_error err = NL_ERROR_INIT;
  nl_segmenter *s = NULL;
  nl_range *r = NULL;
  size_t n = 0;
  if (nl_segmenter_new(&s, lang, NULL, &err) < 0 ||
      nl_segmenter_split(s, SENTENCE, strlen(SENTENCE), &r, &n, &err) < 0) {
    fprintf(stderr, "%s: %s\n", lang, err.message);
    exit(2);
  }
  double t = now() - t0;
  nl_free(r);
  nl_segmenter_free(s);
  return t * 1e3;
}

/* A fresh ICU sentence iterator until its first boundary, in ms. */
static double icu_first(const char *lang) {
  double t0 = now();
  UErrorCode ec = U_ZERO_ERROR;
  UChar u[128];
  int32_t ul = 0;
  u_strFromUTF8(u, 128, &ul, SENTENCE, -1, &ec);
  UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, lang, u, ul, &ec);
  int32_t b = ubrk_following(bi, 0);
  double t = now() - t0;
  ubrk_close(bi);
  return U_SUCCESS(ec) && b > 0 ? t * 1e3 : -1;
}

/* One run of argv with `input` on its standard input, in ms. */
static double process(char *const *argv, const char *input) {
  int in[2];
  if (pipe(in) < 0)
    return -1;
  fflush(stdout); /* a child must not print our buffer again */
  double t0 = now();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    close(in[1]);
    FILE *null = freopen("/dev/null", "w", stdout);
    (void)null;
    execv(argv[0], argv);
    _exit(127);
  }
  close(in[0]);
  if (write(in[1], input, strlen(input)) < 0)
    perror("write");
  close(in[1]);
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? (now() - t0) * 1e3 : -1;
}

static void in_process(const char *lang) {
  double nl[RUNS], icu[RUNS];
  newsloc_first(lang); /* the data files into the page cache */
  for (int i = 0; i < RUNS; i++) {
    nl[i] = newsloc_first(lang);
    icu[i] = icu_first(lang);
  }
  printf("%-6s first sentence in-process: newsloc %6.2f ms  raw ICU %6.2f "
         "ms\n",
         lang, median(nl), median(icu));
}

static int process_runs(void) {
  const char *e = getenv("NL_BENCH_RUNS");
  long n = e ? strtol(e, NULL, 10) : PROCESS_RUNS;
  return n >= 1 && n <= 100000 ? (int)n : PROCESS_RUNS;
}

static void report(const char *what, double *v, int n) {
  for (int i = 0; i < n; i++)
    if (v[i] < 0) {
      printf("  %s failed\n", what);
      return;
    }
  double med = quantile(v, n, 0.5), p90 = quantile(v, n, 0.9);
  printf("  %-22s median %6.2f ms  p90 %6.2f ms\n", what, med, p90);
}

static void whole_process(const char *bin, const char *lang) {
  char segment[] = "segment", opt[] = "--lang", truth[] = "/bin/true";
  char raw[] = NL_RAW_ICU;
  char *seg[] = {(char *)bin, segment, opt, (char *)lang, NULL};
  char *icu[] = {raw, (char *)lang, NULL};
  char *tru[] = {truth, NULL};
  int n = process_runs();
  double *a = malloc(3 * (size_t)n * sizeof(double));
  if (a == NULL)
    exit(2);
  double *b = a + n, *c = b + n;
  process(seg, SENTENCE); /* the binaries into the page cache */
  process(icu, SENTENCE);
  for (int i = 0; i < n; i++) {
    a[i] = process(seg, SENTENCE);
    b[i] = process(icu, SENTENCE);
    c[i] = process(tru, "");
  }
  printf("%-6s whole process, %d runs each in turn:\n", lang, n);
  report("`newsloc segment`", a, n);
  report("raw ICU (ubrk)", b, n);
  report("/bin/true", c, n);
  if (a[0] >= 0 && b[0] >= 0) /* sorted by report: a failure comes first */
    printf("  %-22s median %+6.2f ms  p90 %+6.2f ms\n", "newsloc - raw ICU",
           quantile(a, n, 0.5) - quantile(b, n, 0.5),
           quantile(a, n, 0.9) - quantile(b, n, 0.9));
  free(a);
}

int main(int argc, char **argv) {
  static const char *const langs[] = {"en", "fa", "ru", "de", "zh"};
  int nl = argc > 2 ? argc - 2 : (int)(sizeof(langs) / sizeof(langs[0]));
  for (int i = 0; i < nl; i++) {
    const char *lang = argc > 2 ? argv[i + 2] : langs[i];
    in_process(lang);
    if (argc > 1)
      whole_process(argv[1], lang);
  }
  return 0;
}
