/*
 * bench_startup.c - how long until the first sentence: newsloc's
 * segmenter beside ICU's sentence iterator, inside one process, and the
 * whole `newsloc segment` process beside a process that does nothing.
 *
 *   bench_startup [NEWSLOC_BINARY] [LANG ...]
 *
 * In a CI job a process runs per file, so what it costs before its first
 * sentence counts as much as throughput. In-process figures are the
 * median of 41 fresh segmenters (each built, asked for one sentence,
 * freed); the process figure is the median wall time of 41 runs of the
 * CLI on a one-line input, beside 41 runs of /bin/true (what exec and
 * the dynamic loader cost any program).
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

enum { RUNS = 41 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v) {
  qsort(v, RUNS, sizeof(*v), cmp_double);
  return v[RUNS / 2];
}

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

static void whole_process(const char *bin, const char *lang) {
  char segment[] = "segment", opt[] = "--lang", truth[] = "/bin/true";
  char *seg[] = {(char *)bin, segment, opt, (char *)lang, NULL};
  char *tru[] = {truth, NULL};
  double a[RUNS], b[RUNS];
  process(seg, SENTENCE);
  for (int i = 0; i < RUNS; i++) {
    a[i] = process(seg, SENTENCE);
    b[i] = process(tru, "");
  }
  printf("%-6s `newsloc segment` process: %6.2f ms  (/bin/true %5.2f ms)\n",
         lang, median(a), median(b));
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
