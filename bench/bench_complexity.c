/*
 * bench_complexity.c - does any input dimension cost more than n log n?
 *
 *   bench_complexity NEWSLOC [--scale K] [--runs R] [--only WORD]
 *
 * For each dimension (paragraphs in an article, inline elements and
 * <br>s in a paragraph, segments in a unit, the length of a translation
 * that merge localizes, SRX rules and rule length, TMX units) it writes
 * inputs at 1x, 10x and 100x its base size (times K), runs the newsloc
 * command on them R times (best of, default 3) and reads the child's CPU
 * time (user + system) and peak resident memory from wait4(). What one
 * run costs at size 1 (process start, ICU data) is taken off first, so
 * that the growth is the command's own. A table is printed; the program
 * exits 1 when a 10x step multiplies time or memory by more than
 *
 *     2 * 10 * log(10n) / log(n)
 *
 * (n log n with a factor of two for noise; a quadratic step is 100x).
 * Steps too small to measure (under 20 ms or 4 MB after the base is
 * taken off) are shown but not judged. CI runs it at K = 1 (.ci/run),
 * sizes at which the quadratic paths it was written against fail;
 * K = 10 and more give the figures in docs/complexity.md.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { MAX_ARGS = 16, SIZES = 3 };

typedef struct cost {
  double sec;  /* CPU seconds, user + system */
  double mb;   /* peak resident set, MB */
  int ok;      /* exited 0 (or with the status the step expects) */
} cost;

typedef struct bench {
  const char *bin, *dir;
  int runs;
  int failed;
} bench;

/* ---- inputs ----------------------------------------------------------- */

static char *path_in(const bench *b, const char *name) {
  size_t n = strlen(b->dir) + strlen(name) + 2;
  char *p = malloc(n);
  if (p == NULL) {
    perror("bench_complexity");
    exit(2);
  }
  snprintf(p, n, "%s/%s", b->dir, name);
  return p;
}

static FILE *create(const bench *b, const char *name) {
  char *p = path_in(b, name);
  FILE *f = fopen(p, "w");
  if (f == NULL) {
    fprintf(stderr, "bench_complexity: %s: %s\n", p, strerror(errno));
    exit(2);
  }
  free(p);
  return f;
}

static void article_text(const bench *b, size_t paragraphs, size_t sentences) {
  FILE *f = create(b, "in.txt");
  fputs("A Headline For The Story\n\n", f);
  for (size_t p = 0; p < paragraphs; p++) {
    for (size_t s = 0; s < sentences; s++)
      fprintf(f, "%sSentence %zu of paragraph %zu says Dr. Roba spoke.",
              s ? " " : "", s, p);
    fputs("\n\n", f);
  }
  fclose(f);
}

static void article_html(const bench *b, size_t n, const char *item) {
  FILE *f = create(b, "in.html");
  fputs("<html><body><h1>A Headline</h1><p>Start ", f);
  for (size_t i = 0; i < n; i++)
    fputs(item, f);
  fputs(" end.</p></body></html>\n", f);
  fclose(f);
}

/* Every segment of in.xlf gets a target (a Persian sentence with the
 * runs that make bidi isolation work: a Latin name, numbers, a sign),
 * `repeat` times over, into in.fa.xlf. */
static void translate(const bench *b, size_t repeat) {
  char *ip = path_in(b, "in.xlf");
  FILE *in = fopen(ip, "r");
  FILE *out = create(b, "in.fa.xlf");
  free(ip);
  if (in == NULL) {
    fclose(out);
    return;
  }
  static const char tr[] = "گزارش BBC News از ۱۲ نفر (AP) و -5 درجه U.N. "
                           "است. ";
  static const char seg[] = "<segment id=\"";
  static const char end[] = "</source></segment>";
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, in) > 0) {
    char *s = strstr(line, seg), *e = strstr(line, end);
    if (s == NULL || e == NULL) {
      fputs(line, out);
      continue;
    }
    fwrite(line, 1, (size_t)(s - line), out);
    fputs("<segment state=\"translated\" id=\"", out);
    fwrite(s + strlen(seg), 1, (size_t)(e - s - strlen(seg)), out);
    fputs("</source><target>", out);
    for (size_t i = 0; i < repeat; i++)
      fputs(tr, out);
    fputs("</target></segment>", out);
    fputs(e + strlen(end), out);
  }
  free(line);
  fclose(in);
  fclose(out);
}

/* XLIFF 1.2: each <seg-source> line gets a <target> with the same mrk
 * (the source as its own translation), in.xlf into in.fa.xlf. */
static void translate12(const bench *b) {
  char *ip = path_in(b, "in.xlf");
  FILE *in = fopen(ip, "r");
  FILE *out = create(b, "in.fa.xlf");
  free(ip);
  if (in == NULL) {
    fclose(out);
    return;
  }
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, in) > 0) {
    fputs(line, out);
    char *s = strstr(line, "<seg-source>"), *e = strstr(line, "</seg-source>");
    if (s && e) {
      s += strlen("<seg-source>");
      fputs("<target xml:lang=\"fa\">", out);
      fwrite(s, 1, (size_t)(e - s), out);
      fputs("</target>\n", out);
    }
  }
  free(line);
  fclose(in);
  fclose(out);
}

static void srx_file(const bench *b, size_t rules, size_t alternatives) {
  FILE *f = create(b, "in.srx");
  fputs("<?xml version=\"1.0\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" "
        "version=\"2.0\"><header cascade=\"yes\"/><body><languagerules>"
        "<languagerule languagerulename=\"A\">\n",
        f);
  for (size_t r = 0; r < rules; r++) {
    fputs("<rule break=\"no\"><beforebreak>\\b(?:", f);
    for (size_t a = 0; a < alternatives; a++)
      fprintf(f, "%sAb%zur%zu", a ? "|" : "", a, r);
    fputs(")\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n", f);
  }
  fputs("</languagerule></languagerules><maprules><languagemap "
        "languagepattern=\".*\" languagerulename=\"A\"/></maprules></body>"
        "</srx>\n",
        f);
  fclose(f);
  FILE *t = create(b, "in.txt");
  for (int i = 0; i < 200; i++)
    fprintf(t, "Ab%dr0. Dr. Smith met Ab1r%d. in the U.S. capital on "
               "Tuesday. He left.\n", i % 50, i % 50);
  fclose(t);
}

static void tmx_file(const bench *b, size_t units) {
  FILE *f = create(b, "in.tmx");
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"
        "<header creationtool=\"bench\" creationtoolversion=\"1\" "
        "segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" "
        "datatype=\"plaintext\"/><body>\n",
        f);
  for (size_t i = 0; i < units; i++)
    fprintf(f, "<tu tuid=\"%zu\"><tuv xml:lang=\"en\"><seg>Officials said "
               "aid number %zu reached the region.</seg></tuv>"
               "<tuv xml:lang=\"fa\"><seg>مقامات گفتند کمک %zu رسید.</seg>"
               "</tuv></tu>\n",
            i, i, i);
  fputs("</body></tmx>\n", f);
  fclose(f);
}

/* ---- running ---------------------------------------------------------- */

/* Runs NEWSLOC with `args` (words split on spaces, "@x" = a file in the
 * scratch directory) once; its cost, read from wait4(). */
static cost run_once(const bench *b, const char *args) {
  char buf[1024], *argv[MAX_ARGS + 2], *save = NULL;
  char *paths[MAX_ARGS];
  int argc = 0, np = 0;
  snprintf(buf, sizeof(buf), "%s", args);
  argv[argc++] = (char *)b->bin;
  for (char *w = strtok_r(buf, " ", &save); w && argc < MAX_ARGS;
       w = strtok_r(NULL, " ", &save))
    argv[argc++] = w[0] == '@' ? (paths[np++] = path_in(b, w + 1)) : w;
  argv[argc] = NULL;
  cost c = {0, 0, 0};
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    if (freopen("/dev/null", "w", stdout) == NULL ||
        freopen("/dev/null", "w", stderr) == NULL)
      _exit(127);
    execv(b->bin, argv);
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  if (pid > 0 && wait4(pid, &status, 0, &ru) == pid) {
    c.sec = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
            (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    c.mb = ru.ru_maxrss / 1024.0;
    c.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  for (int i = 0; i < np; i++)
    free(paths[i]);
  return c;
}

static void remove_in(const bench *b, const char *name) {
  char *p = path_in(b, name);
  unlink(p);
  free(p);
}

/* Best of b->runs: the least CPU time, the least peak memory. */
static cost run_best(const bench *b, const char *args, const char *fresh) {
  cost best = {1e300, 1e300, 1};
  for (int r = 0; r < b->runs; r++) {
    if (fresh)
      remove_in(b, fresh);
    cost c = run_once(b, args);
    best.sec = c.sec < best.sec ? c.sec : best.sec;
    best.mb = c.mb < best.mb ? c.mb : best.mb;
    best.ok = best.ok && c.ok;
  }
  return best;
}

/* ---- dimensions ------------------------------------------------------- */

typedef struct step {
  const char *what; /* table label */
  const char *args; /* the measured command */
  const char *fresh; /* a file removed before each run (a new TM) */
} step;

typedef struct dim {
  const char *name;
  size_t base;  /* size at 1x */
  int unscaled; /* bounded by an SRX limit (5,000 rules, 2,000 bytes) */
  void (*make)(const bench *b, size_t n);
  step steps[4];
} dim;

static void prep(const bench *b, const char *args) {
  cost c = run_once(b, args);
  if (!c.ok)
    fprintf(stderr, "bench_complexity: preparing: newsloc %s failed\n", args);
}

static void make_paragraphs(const bench *b, size_t n) {
  article_text(b, n, 2);
  prep(b, "import @in.txt -o @in.xml");
  prep(b, "export @in.xml --to fa --no-tm -o @in.xlf");
  translate(b, 1);
}

static void make_inlines(const bench *b, size_t n) {
  article_html(b, n, "The <em>word</em> is <a href=\"https://x.org/\">a link</a>. ");
  prep(b, "import @in.html -o @in.xml");
  prep(b, "export @in.xml --to fa --no-tm -o @in.xlf");
  translate(b, 1);
}

static void make_brs(const bench *b, size_t n) { article_html(b, n, "w<br>"); }

static void make_segments(const bench *b, size_t n) {
  article_text(b, 1, n);
  prep(b, "import @in.txt -o @in.xml");
  prep(b, "export @in.xml --to fa --no-tm -o @in.xlf");
  translate(b, 1);
}

static void make_segments12(const bench *b, size_t n) {
  article_text(b, 1, n);
  prep(b, "import @in.txt -o @in.xml");
  prep(b, "export @in.xml --to fa --no-tm --xliff 1.2 -o @in.xlf");
  translate12(b);
}

static void make_target(const bench *b, size_t n) {
  article_text(b, 1, 1);
  prep(b, "import @in.txt -o @in.xml");
  prep(b, "export @in.xml --to fa --no-tm -o @in.xlf");
  translate(b, n);
}

static void make_rules(const bench *b, size_t n) { srx_file(b, n, 1); }
static void make_rule_length(const bench *b, size_t n) { srx_file(b, 1, n); }
static void make_tmx(const bench *b, size_t n) { tmx_file(b, n); }

/* Merges take --force: the generated targets copy their source (XLIFF
 * 1.2) or leave out the source's inline codes, which the merge gate
 * rightly stops; what is measured is the merge's work, which --force
 * does all of. */
static const dim dims[] = {
    {"paragraphs", 300, 0, make_paragraphs,
     {{"import", "import @in.txt -o @out.xml", NULL},
      {"export", "export @in.xml --to fa --no-tm -o @out.xlf", NULL},
      {"merge", "merge @in.xml @in.fa.xlf --force -o @out.xml", NULL},
      {"tm import", "tm import --tm @tm.sqlite @in.fa.xlf", "tm.sqlite"}}},
    {"inline elements", 200, 0, make_inlines,
     {{"import", "import @in.html -o @out.xml", NULL},
      {"export", "export @in.xml --to fa --no-tm -o @out.xlf", NULL},
      {"merge", "merge @in.xml @in.fa.xlf --force -o @out.xml", NULL}}},
    {"<br>s", 1000, 0, make_brs, {{"import", "import @in.html -o @out.xml", NULL}}},
    {"segments in a unit", 50, 0, make_segments,
     {{"export", "export @in.xml --to fa --no-tm -o @out.xlf", NULL},
      {"merge", "merge @in.xml @in.fa.xlf --force -o @out.xml", NULL},
      {"tm import", "tm import --tm @tm.sqlite @in.fa.xlf", "tm.sqlite"}}},
    {"segments in a unit, XLIFF 1.2", 50, 0, make_segments12,
     {{"merge", "merge @in.xml @in.fa.xlf --force -o @out.xml", NULL},
      {"tm import", "tm import --tm @tm.sqlite @in.fa.xlf", "tm.sqlite"}}},
    {"target length (x60 B)", 30, 0, make_target,
     {{"merge", "merge @in.xml @in.fa.xlf --force -o @out.xml", NULL}}},
    {"SRX rules", 20, 1, make_rules,
     {{"segment", "segment --lang en --srx @in.srx @in.txt", NULL}}},
    {"rule length (words)", 2, 1, make_rule_length,
     {{"segment", "segment --lang en --srx @in.srx @in.txt", NULL}}},
    {"TMX units", 500, 0, make_tmx,
     {{"tm import", "tm import --tm @tm.sqlite @in.tmx", "tm.sqlite"}}},
};

/* The most a 10x step may multiply a cost by at size n. */
static double allowed(size_t n) {
  double lf = n > 1 ? log(10.0 * (double)n) / log((double)n) : 2.0;
  return 2.0 * 10.0 * lf;
}

static void judge(bench *b, const char *label, const char *what, size_t n,
                  double lo, double hi, double floor) {
  if (hi < floor)
    return;
  double r = hi / (lo > floor ? lo : floor);
  if (r > allowed(n)) {
    printf("  FAIL: %s: %s grows %.0fx from %zu to %zu (at most %.0fx "
           "allowed)\n",
           label, what, r, n, n * 10, allowed(n));
    b->failed = 1;
  }
}

static void run_dim(bench *b, const dim *d, size_t scale) {
  cost base[4], at[SIZES][4];
  size_t sizes[SIZES];
  d->make(b, 1);
  for (int s = 0; s < 4 && d->steps[s].what; s++)
    base[s] = run_best(b, d->steps[s].args, d->steps[s].fresh);
  for (int k = 0; k < SIZES; k++) {
    sizes[k] = d->base * (d->unscaled ? 1 : scale) *
               (k == 0 ? 1 : k == 1 ? 10 : 100);
    d->make(b, sizes[k]);
    for (int s = 0; s < 4 && d->steps[s].what; s++)
      at[k][s] = run_best(b, d->steps[s].args, d->steps[s].fresh);
  }
  for (int s = 0; s < 4 && d->steps[s].what; s++) {
    char label[128];
    snprintf(label, sizeof(label), "%s: %s", d->name, d->steps[s].what);
    printf("%-40s", label);
    for (int k = 0; k < SIZES; k++)
      printf(" %9zu %8.3f s %7.1f MB%s", sizes[k], at[k][s].sec, at[k][s].mb,
             at[k][s].ok ? "" : " (failed)");
    printf("\n");
    for (int k = 0; k < SIZES; k++)
      if (!at[k][s].ok) {
        printf("  FAIL: %s: the command failed at %zu\n", label, sizes[k]);
        b->failed = 1;
      }
    for (int k = 0; k + 1 < SIZES; k++) {
      judge(b, label, "CPU time", sizes[k], at[k][s].sec - base[s].sec,
            at[k + 1][s].sec - base[s].sec, 0.02);
      judge(b, label, "peak memory", sizes[k], at[k][s].mb - base[s].mb,
            at[k + 1][s].mb - base[s].mb, 4.0);
    }
  }
  fflush(stdout);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_complexity NEWSLOC [--scale K] [--runs R] "
                    "[--only WORD]\n");
    return 2;
  }
  bench b = {argv[1], NULL, 3, 0};
  size_t scale = 1;
  const char *only = NULL;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--scale") == 0)
      scale = strtoul(argv[i + 1], NULL, 10);
    else if (strcmp(argv[i], "--runs") == 0)
      b.runs = (int)strtol(argv[i + 1], NULL, 10);
    else if (strcmp(argv[i], "--only") == 0)
      only = argv[i + 1];
  }
  if (scale == 0 || b.runs <= 0) {
    fprintf(stderr, "bench_complexity: --scale and --runs take a number > 0\n");
    return 2;
  }
  const char *tmp = getenv("NL_TEST_TMP") ? getenv("NL_TEST_TMP") : "/tmp";
  char tmpl[4096];
  snprintf(tmpl, sizeof(tmpl), "%s/nl-complexity.XXXXXX", tmp);
  b.dir = mkdtemp(tmpl);
  if (b.dir == NULL) {
    perror("bench_complexity: mkdtemp");
    return 2;
  }
  printf("%-40s %9s %10s %10s  (1x, 10x, 100x; best of %d)\n", "dimension: step",
         "size", "CPU", "peak RSS", b.runs);
  for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
    if (only == NULL || strstr(dims[i].name, only))
      run_dim(&b, &dims[i], scale);
  static const char *const names[] = {
      "in.txt", "in.html", "in.xml", "in.xlf", "in.fa.xlf", "in.srx",
      "in.tmx", "out.xml", "out.xlf", "tm.sqlite", "tm.sqlite-wal",
      "tm.sqlite-shm"};
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    remove_in(&b, names[i]);
  rmdir(b.dir);
  printf(b.failed ? "complexity: FAILED\n" : "complexity: ok\n");
  return b.failed;
}
