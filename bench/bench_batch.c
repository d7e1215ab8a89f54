/*
 * bench_batch.c - `newsloc batch export` over generated articles:
 * throughput with 1 and 2 worker threads beside one `newsloc export`
 * process per article, and the batch's peak RSS at 100 and 400 articles
 * (it must not grow with the number of files).
 *
 *   bench_batch NEWSLOC [SEED_ARTICLE] [N]
 *
 * SEED_ARTICLE (default ../shared/articles/obama-putin-call.txt, from the
 * project's root as bench/run runs it) is imported once; N (default 200)
 * variants of it, each with its own numbers in every paragraph so that
 * no two articles are alike, go into a temporary directory. Each figure
 * is one run (the machine is shared: read them as orders of magnitude).
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <newsloc/newsloc.h>

extern char **environ;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Runs argv quietly; its peak RSS in KiB, or exits on failure. */
static long run(const char *const *argv, int want_ok) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
  pid_t pid;
  if (posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ) != 0) {
    fprintf(stderr, "bench_batch: cannot run %s\n", argv[0]);
    exit(2);
  }
  posix_spawn_file_actions_destroy(&fa);
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0 ||
      (want_ok && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))) {
    fprintf(stderr, "bench_batch: %s %s failed\n", argv[0], argv[1]);
    exit(2);
  }
  return ru.ru_maxrss;
}

static void die(const nl_error *err) {
  char line[NL_ERROR_PATH_MAX + NL_ERROR_MESSAGE_MAX + 64];
  nl_error_format(err, line, sizeof(line));
  fprintf(stderr, "bench_batch: %s\n", line);
  exit(2);
}

/* Article i: the seed with " (i)" after every full stop that ends a
 * paragraph, so that every article has sentences of its own. */
static void variant(const nl_buf *seed, size_t i, nl_buf *out) {
  char tag[32];
  int n = snprintf(tag, sizeof(tag), " (%zu).</p>", i);
  for (const char *s = seed->ptr, *p; *s; s = p + 5) {
    p = strstr(s, ".</p>");
    if (p == NULL) {
      nl_buf_append(out, s, strlen(s));
      break;
    }
    nl_buf_append(out, s, (size_t)(p - s));
    nl_buf_append(out, tag, (size_t)n);
  }
}

static void make_articles(const char *dir, const nl_buf *seed, size_t n) {
  nl_error err = NL_ERROR_INIT;
  char path[4096];
  for (size_t i = 0; i < n; i++) {
    nl_buf b = NL_BUF_INIT;
    variant(seed, i, &b);
    snprintf(path, sizeof(path), "%s/a%04zu.xml", dir, i);
    if (nl_file_write_atomic(path, b.ptr, b.size, &err) < 0)
      die(&err);
    nl_buf_dispose(&b);
  }
}

static void rm_rf(const char *dir) {
  const char *argv[] = {"/bin/rm", "-rf", dir, NULL};
  run(argv, 1);
}

/* One batch: seconds, and peak RSS through *rss. */
static double batch(const char *nl, const char *in, const char *out,
                    const char *jobs, long *rss) {
  rm_rf(out);
  const char *argv[] = {nl, "batch", "export", in, "--to", "fa",
                  "--no-tm", "-o", out, "--jobs", jobs,
                  NULL};
  double t0 = now();
  *rss = run(argv, 1);
  return now() - t0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_batch NEWSLOC [SEED_ARTICLE] [N]\n");
    return 2;
  }
  const char *nl = argv[1];
  const char *seed_path = argc > 2 ? argv[2]
                                   : "../shared/articles/obama-putin-call.txt";
  size_t n = argc > 3 ? strtoul(argv[3], NULL, 10) : 200;
  char root[] = "/tmp/bench_batch.XXXXXX";
  if (mkdtemp(root) == NULL || n == 0) {
    fprintf(stderr, "bench_batch: no temporary directory\n");
    return 2;
  }
  char seed_xml[4200], in[4200], small[4200], big[4200], out[4200];
  snprintf(seed_xml, sizeof(seed_xml), "%s/seed.xml", root);
  const char *imp[] = {nl, "import", seed_path, "-o", seed_xml,
                 NULL};
  run(imp, 1);
  nl_buf seed = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  if (nl_file_read(seed_xml, &seed, &err) < 0)
    die(&err);
  snprintf(in, sizeof(in), "%s/in", root);
  snprintf(small, sizeof(small), "%s/small", root);
  snprintf(big, sizeof(big), "%s/big", root);
  snprintf(out, sizeof(out), "%s/out", root);
  const char *mk[] = {"/bin/mkdir", "-p", in, small, big, NULL};
  run(mk, 1);
  make_articles(in, &seed, n);
  make_articles(small, &seed, 100);
  make_articles(big, &seed, 400);

  long rss;
  printf("batch export --to fa --no-tm of %zu articles (%zu bytes each):\n",
         n, seed.size);
  for (int j = 1; j <= 2; j++) {
    char jobs[8];
    snprintf(jobs, sizeof(jobs), "%d", j);
    double t = batch(nl, in, out, jobs, &rss);
    printf("  --jobs %d: %6.2f s, %6.1f articles/s, peak RSS %ld KiB\n", j, t,
           (double)n / t, rss);
  }
  double t0 = now();
  for (size_t i = 0; i < n; i++) {
    char a[4300], o[4300];
    snprintf(a, sizeof(a), "%s/a%04zu.xml", in, i);
    snprintf(o, sizeof(o), "%s/single.xlf", root);
    const char *one[] = {nl, "export", a, "--to", "fa", "--no-tm", "-o", o,
                   NULL};
    run(one, 1);
  }
  double t = now() - t0;
  printf("  a process per article: %6.2f s, %6.1f articles/s\n", t,
         (double)n / t);
  const char *again[] = {nl, "batch", "export", in, "--to", "fa", "--no-tm",
                   "-o", out, NULL};
  t0 = now();
  run(again, 1);
  t = now() - t0;
  printf("  re-run, all up to date: %6.2f s\n", t);

  printf("peak RSS of batch export --jobs 2 by batch size:\n");
  long r100, r400;
  double t100 = batch(nl, small, out, "2", &r100);
  double t400 = batch(nl, big, out, "2", &r400);
  printf("  100 articles: %ld KiB (%.2f s)\n  400 articles: %ld KiB (%.2f s)\n"
         "  growth: %+.1f%% for 4x the files\n",
         r100, t100, r400, t400, 100.0 * (double)(r400 - r100) / (double)r100);
  nl_buf_dispose(&seed);
  rm_rf(root);
  return 0;
}
