/*
 * bench_check.c - `newsloc check` throughput beside raw NFC checking.
 *
 * Two generated articles of a few megabytes: a clean one (English and
 * Persian paragraphs, correct ZWNJ, isolated Latin) and one full of
 * findings (NFD Vietnamese, Arabic yeh/kaf, stray overrides, ZWSP, mixed
 * scripts, private use). Each is checked with every check on, and the
 * same bytes are run through the floor every checker pays: UTF-8 to
 * UTF-16 and unorm2_isNormalized, paragraph by paragraph. The target is
 * at least half the floor's speed. Prints MB/s of CPU time (the machine
 * may be shared), best of N runs; the checker's set-up (the registry,
 * once a process) apart. A third
 * article, English only, shows the plain-ASCII path alone. The check
 * alone, then the check with its report written to /dev/null as a CI
 * job would (text, then SARIF): every finding formatted.
 *
 *   bench_check [MEGABYTES] [RUNS] [ARTICLE]   (defaults: 4, 5, all)
 *
 * ARTICLE (clean, english or findings) runs that one only: for
 * `valgrind --tool=callgrind --toggle-collect=nl_check_memory` (or
 * =raw_nfc, or =nl_check_report too), whose instruction counts do not
 * depend on the machine's load.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/unorm2.h>

#include <newsloc/newsloc.h>

#include "util/utf8.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); /* shared machines */
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char *const clean[] = {
  "<p>Lawmakers voted 210 to 95 in favor of the plan on Tuesday, the "
  "speaker said, after a month of talks with the opposition.</p>\n",
  "<p xml:lang=\"fa\">\u0646\u0645\u0627\u06cc\u0646\u062f\u06af\u0627\u0646 "
  "\u0631\u0648\u0632 \u0633\u0647\u200c\u0634\u0646\u0628\u0647 \u0628\u0647 "
  "\u0627\u06cc\u0646 \u0637\u0631\u062d \u0631\u0623\u06cc \u062f\u0627\u062f"
  "\u0646\u062f \u0648 \u0645\u06cc\u200c\u06af\u0648\u06cc\u0646\u062f "
  "\u2066NATO\u2069 \u06a9\u0645\u06a9 \u0645\u06cc\u200c\u06a9\u0646\u062f."
  "</p>\n",
  "<p>The <a href=\"https://www.example.org/un\">U.N. office</a> said aid "
  "would reach 2,300 families before the end of March.</p>\n",
};

static const char *const broken[] = {
  "<p xml:lang=\"vi\">Tie\u0302\u0301ng Vie\u0323\u0302t la\u0300 ngo\u0302n "
  "ngu\u031b\u0303 chi\u0301nh thu\u031b\u0301c.</p>\n",
  "<p xml:lang=\"fa\">\u0643\u062a\u0627\u0628 \u0639\u0644\u064a "
  "\u0645\u06cc\u200c \u0631\u0648\u0645 10 km</p>\n",
  "<p>access level: \u202euser\u202c and pass\u200bword, g\u043e\u043egle "
  "logo \ue000</p>\n",
};

static void build(nl_buf *b, const char *const *paras, size_t n,
                  size_t bytes) {
  static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<nitf xml:lang=\"en\"><body><body.content>\n";
  static const char tail[] = "</body.content></body></nitf>\n";
  nl_buf_append(b, head, strlen(head));
  for (size_t i = 0; b->size < bytes; i++)
    nl_buf_append(b, paras[i % n], strlen(paras[i % n]));
  nl_buf_append(b, tail, strlen(tail));
}

/* The floor: each paragraph (line) to UTF-16, then isNormalized. Not
 * inlined, so that callgrind can count it on its own. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t raw_nfc(const char *s, size_t len, UChar *u) {
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  size_t bad = 0;
  for (size_t i = 0; i < len;) {
    const char *nl = memchr(s + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - s) : len;
    int32_t n = (int32_t)nl_utf8__to_utf16(s + i, end - i, (uint16_t *)u);
    bad += n > 0 && !unorm2_isNormalized(nfc, u, n, &ec);
    i = end + 1;
  }
  return bad;
}

/* The report in `fmt`, written to /dev/null. */
static void report(const nl_checker *k, nl_check_format fmt, FILE *null) {
  nl_buf out = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  if (nl_check_report(k, fmt, &out, &err) < 0 ||
      fwrite(out.ptr, 1, out.size, null) != out.size || fflush(null) != 0) {
    fprintf(stderr, "bench_check: report: %s\n", err.message);
    exit(1);
  }
  nl_buf_dispose(&out);
}

static double min_d(double a, double b) { return a < b ? a : b; }

static void run(const char *label, const nl_buf *b, int runs) {
  UChar *u = malloc(b->size * sizeof(UChar));
  double best_raw = 1e9, best_chk = 1e9, best_new = 1e9;
  double best_txt = 1e9, best_sarif = 1e9;
  size_t bad = 0, findings = 0;
  FILE *null = fopen("/dev/null", "w");
  if (null == NULL) {
    perror("bench_check: /dev/null");
    exit(1);
  }
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    bad = raw_nfc(b->ptr, b->size, u);
    double t1 = now();
    /* the registry is loaded once a process (a CI job checks many
     * files with one checker): set-up is timed on its own */
    nl_checker *k = NULL;
    nl_error err = NL_ERROR_INIT;
    int rc = nl_checker_new(&k, NULL, &err);
    double t2 = now();
    if (rc < 0 || nl_check_memory(k, b->ptr, b->size, label, &err) < 0) {
      fprintf(stderr, "bench_check: %s\n", err.message);
      exit(1);
    }
    double t3 = now();
    report(k, NL_CHECK_TEXT, null);
    double t4 = now();
    report(k, NL_CHECK_SARIF, null);
    double t5 = now();
    findings = nl_checker_count(k);
    nl_checker_free(k);
    best_raw = min_d(best_raw, t1 - t0);
    best_new = min_d(best_new, t2 - t1);
    best_chk = min_d(best_chk, t3 - t2);
    best_txt = min_d(best_txt, t3 - t2 + t4 - t3);
    best_sarif = min_d(best_sarif, t3 - t2 + t5 - t4);
  }
  double mb = (double)b->size / 1e6;
  printf("%-8s %6.2f MB  raw NFC %6.1f MB/s (%zu lines not NFC)  "
         "check %6.1f MB/s (%zu findings, set-up %.1f ms)\n"
         "         ratio to raw NFC: check %.2f, check + text report %.2f, "
         "check + SARIF report %.2f\n",
         label, mb, mb / best_raw, bad, mb / best_chk, findings,
         best_new * 1e3, best_raw / best_chk, best_raw / best_txt,
         best_raw / best_sarif);
  fclose(null);
  free(u);
}

int main(int argc, char **argv) {
  double mb = argc > 1 ? strtod(argv[1], NULL) : 4;
  int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
  const char *only = argc > 3 ? argv[3] : NULL;
  if (mb <= 0 || runs <= 0 ||
      (only && strcmp(only, "clean") != 0 && strcmp(only, "english") != 0 &&
       strcmp(only, "findings") != 0)) {
    fprintf(stderr,
            "usage: bench_check [MEGABYTES] [RUNS] [clean|english|findings]\n");
    return 2;
  }
  nl_buf c = NL_BUF_INIT, f = NL_BUF_INIT, e = NL_BUF_INIT;
  const char *const english[] = {clean[0], clean[2]};
  build(&c, clean, 3, (size_t)(mb * 1e6));
  build(&f, broken, 3, (size_t)(mb * 1e6));
  build(&e, english, 2, (size_t)(mb * 1e6));
  if (only == NULL || strcmp(only, "clean") == 0)
    run("clean", &c, runs);
  if (only == NULL || strcmp(only, "english") == 0)
    run("english", &e, runs);
  if (only == NULL || strcmp(only, "findings") == 0)
    run("findings", &f, runs);
  nl_buf_dispose(&c);
  nl_buf_dispose(&f);
  nl_buf_dispose(&e);
  return 0;
}
