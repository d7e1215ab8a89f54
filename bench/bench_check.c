/*
 * bench_check.c - `newsloc check` throughput beside raw NFC checking.
 *
 * Generated articles of a few megabytes, from clean to full of
 * findings: clean (English and Persian paragraphs, correct ZWNJ,
 * isolated Latin); English only (the plain-ASCII path); few and some
 * (one broken paragraph after every 48 or 4 clean ones: about 500 and
 * 5,000 findings a MB, a finding a paragraph or so as in real copy);
 * findings (only broken paragraphs: NFD Vietnamese, Arabic yeh/kaf,
 * stray overrides, ZWSP, mixed scripts, private use; about 49,000 a
 * MB). The broken paragraphs differ from one another (words, numbers,
 * order: see broken_vi and the others below), so that no cache can win
 * from repetition. Each is checked with every check on, and the same bytes are run
 * through the floor every checker pays: UTF-8 to UTF-16 and
 * unorm2_isNormalized, paragraph by paragraph. The target is at least
 * half the floor's speed; the rows show where the density of findings
 * takes a file below it. Prints MB/s of CPU time (the machine may be
 * shared), best of N runs, the findings a MB, and the ratio to the
 * floor measured in the same run: the check alone, then the check with
 * its report written to /dev/null as a CI job would (text, then
 * SARIF: every finding formatted). The checker's set-up (the registry,
 * once a process) is apart.
 *
 *   bench_check [MEGABYTES] [RUNS] [ARTICLE]   (defaults: 4, 5, all)
 *
 * RUNS 0 writes the articles to standard output instead (to compare the
 * findings of two builds over them).
 *
 * ARTICLE (clean, english, few, some or findings) runs that one only:
 * for `valgrind --tool=callgrind --toggle-collect=nl_check_memory` (or
 * ='raw_nfc*', or =nl_check_report too), whose instruction counts do
 * not depend on the machine's load.
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

/* The broken paragraphs are made fresh each time from these pieces (a
 * seeded generator picks the words, the numbers, the character planted
 * and the order), so that no two in an article are alike and no cache of
 * whole paragraphs or windows can gain from the repetition: each broken
 * paragraph costs what a new one would. Each kind keeps the findings of
 * the three fixed paragraphs this bench had before 2026-12-04, so the
 * densities stay about where they were. */
static const char *const vi_nfd[] = {
  "Tie\u0302\u0301ng", "Vie\u0323\u0302t", "la\u0300", "ngo\u0302n",
  "ngu\u031b\u0303", "chi\u0301nh", "thu\u031b\u0301c", "cu\u0309a",
  "nu\u031bo\u031b\u0301c", "ngu\u031bo\u031b\u0300i", "Ha\u0300",
  "No\u0323\u0302i", "tho\u0302ng", "ba\u0301o", "ho\u0323\u0302i",
};
static const char *const vi_plain[] = {"va", "cho", "theo", "con", "mai"};
static const char *const fa_kaf[] = {
  "\u0643\u062a\u0627\u0628", "\u06a9\u0645\u0643", "\u0643\u0634\u0648\u0631",
  "\u0628\u0627\u0646\u0643", "\u0643\u0627\u0631",
};
static const char *const fa_yeh[] = {
  "\u0639\u0644\u064a", "\u0628\u0631\u0627\u064a", "\u0645\u064a\u0632",
  "\u0634\u064a\u0631", "\u062f\u064a\u0631",
};
static const char *const fa_ok[] = {
  "\u0631\u0648\u0645", "\u0634\u0647\u0631", "\u0631\u0648\u0632",
  "\u062f\u0631", "\u0628\u0647", "\u0627\u0632", "\u0637\u0631\u062d",
};
static const char *const fa_zwnj[] = {
  "\u0645\u06cc\u200c", "\u0646\u0645\u06cc\u200c", "\u0647\u0627\u06cc\u200c",
};
static const char *const units[] = {"km", "kg", "MB", "cm", "GB", "mm"};
static const char *const en_words[] = {
  "user", "admin", "root", "guest", "owner", "staff", "reader", "editor",
};
static const char *const en_split[] = {
  "pass", "word", "secret", "token", "login", "member", "signal",
};
static const char *const en_o[] = {
  "google", "motor", "photo", "door", "Boston", "robot", "color",
};

/* A small generator (xorshift), seeded anew for each article: the
 * articles are the same bytes in every run and under callgrind. */
typedef struct rng {
  unsigned long long s;
} rng;

static size_t pick(rng *r, size_t n) {
  r->s ^= r->s << 13;
  r->s ^= r->s >> 7;
  r->s ^= r->s << 17;
  return (size_t)(r->s % n);
}
#define PICK(r, a) ((a)[pick(r, sizeof(a) / sizeof((a)[0]))])

static void put(nl_buf *b, const char *s) { nl_buf_append(b, s, strlen(s)); }

/* A BMP code point from U+0800 on, in UTF-8. */
static void put_u3(nl_buf *b, unsigned c) {
  char u[3] = {(char)(0xE0 | c >> 12), (char)(0x80 | (c >> 6 & 0x3F)),
               (char)(0x80 | (c & 0x3F))};
  nl_buf_append(b, u, 3);
}

static void put_num(nl_buf *b, size_t v) {
  char d[24];
  int n = snprintf(d, sizeof d, "%zu", v);
  nl_buf_append(b, d, (size_t)n);
}

/* Vietnamese in NFD (one not-nfc finding a paragraph). */
static void broken_vi(nl_buf *b, rng *r) {
  put(b, "<p xml:lang=\"vi\">");
  size_t n = 5 + pick(r, 4);
  for (size_t i = 0; i < n; i++) {
    put(b, i ? " " : "");
    put(b, pick(r, 5) ? PICK(r, vi_nfd) : PICK(r, vi_plain));
  }
  put(b, pick(r, 2) ? "." : " ");
  if (pick(r, 2))
    put_num(b, 1 + pick(r, 2100));
  put(b, "</p>\n");
}

/* Persian with Arabic kaf and yeh and a stray ZWNJ, in any order among
 * other words, and a number with a Latin unit at the end that displays
 * out of order. */
static void broken_fa(nl_buf *b, rng *r) {
  const char *w[5] = {PICK(r, fa_kaf), PICK(r, fa_yeh), PICK(r, fa_zwnj),
                      PICK(r, fa_ok), PICK(r, fa_ok)};
  size_t n = 4 + pick(r, 2);
  for (size_t i = n - 1; i > 0; i--) {
    size_t j = pick(r, i + 1);
    const char *t = w[i];
    w[i] = w[j];
    w[j] = t;
  }
  put(b, "<p xml:lang=\"fa\">");
  for (size_t i = 0; i < n; i++) {
    put(b, w[i]);
    put(b, " ");
  }
  put_num(b, 1 + pick(r, 999));
  put(b, " ");
  put(b, PICK(r, units));
  put(b, "</p>\n");
}

/* English with an override, a ZWSP inside a word, a Cyrillic o in a
 * Latin word and a private-use character, the clauses in any order. */
static void broken_en(nl_buf *b, rng *r) {
  size_t order[4] = {0, 1, 2, 3};
  for (size_t i = 3; i > 0; i--) {
    size_t j = pick(r, i + 1), t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  put(b, "<p>");
  for (size_t i = 0; i < 4; i++) {
    put(b, i ? (i == 3 ? " and " : ", ") : "");
    if (order[i] == 0) {
      put(b, "access level ");
      put_num(b, pick(r, 100));
      put(b, ": \u202e");
      put(b, PICK(r, en_words));
      put(b, "\u202c");
    } else if (order[i] == 1) {
      const char *w = PICK(r, en_split);
      size_t at = 1 + pick(r, strlen(w) - 1);
      nl_buf_append(b, w, at);
      put(b, "\u200b");
      put(b, w + at);
    } else if (order[i] == 2) {
      const char *w = PICK(r, en_o), *o = strchr(w, 'o');
      nl_buf_append(b, w, (size_t)(o - w));
      put(b, "\u043e");
      put(b, o + 1);
    } else {
      /* from the two ranges that icon and legacy symbol fonts use */
      put(b, "logo ");
      put_u3(b, (pick(r, 2) ? 0xE000 : 0xF000) + (unsigned)pick(r, 0x80));
    }
  }
  put(b, "</p>\n");
}

static void (*const broken[])(nl_buf *, rng *) = {broken_vi, broken_fa,
                                                   broken_en};

/* An article of `bytes` or so: `every` paragraphs of `good`, then one
 * broken paragraph of a kind picked at random, over and over (only broken
 * ones when there is no `good`). */
static void build(nl_buf *b, const char *const *good, size_t ngood, int bad,
                  size_t every, size_t bytes) {
  static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<nitf xml:lang=\"en\"><body><body.content>\n";
  static const char tail[] = "</body.content></body></nitf>\n";
  rng r = {88172645463325252ULL};
  nl_buf_append(b, head, strlen(head));
  for (size_t i = 0, g = 0; b->size < bytes; i++) {
    if (bad && (ngood == 0 || i % (every + 1) == every))
      PICK(&r, broken)(b, &r);
    else
      put(b, good[g++ % ngood]);
  }
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
  printf("%-9s %5.2f %8.0f %8.1f %8.1f %6.3f %6.3f %6.3f %5.1f\n", label, mb,
         (double)findings / mb, mb / best_raw, mb / best_chk,
         best_raw / best_chk, best_raw / best_txt, best_raw / best_sarif,
         best_new * 1e3);
  (void)bad; /* the floor's verdict is computed, not shown */
  fclose(null);
  free(u);
}

/* The articles, from clean to full of findings. */
typedef struct article {
  const char *name;
  int good;        /* 0: none, 1: clean[], 2: English only */
  size_t every;    /* good paragraphs before each broken one; 0: none */
  int bad;         /* broken[] paragraphs in it */
} article;

static const article articles[] = {
    {"clean", 1, 0, 0},   {"english", 2, 0, 0}, {"few", 1, 48, 1},
    {"some", 1, 4, 1},    {"findings", 0, 0, 1},
};

int main(int argc, char **argv) {
  double mb = argc > 1 ? strtod(argv[1], NULL) : 4;
  int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
  const char *only = argc > 3 ? argv[3] : NULL;
  size_t na = sizeof(articles) / sizeof(articles[0]), sel = na;
  for (size_t i = 0; only && i < na; i++)
    sel = strcmp(only, articles[i].name) == 0 ? i : sel;
  if (mb <= 0 || runs < 0 || (only && sel == na)) {
    fprintf(stderr, "usage: bench_check [MEGABYTES] [RUNS] "
                    "[clean|english|few|some|findings]\n");
    return 2;
  }
  const char *const english[] = {clean[0], clean[2]};
  if (runs > 0)
    printf("MB/s of CPU time, best of %d; ratio: raw NFC's time / the "
         "check's (+ its text or SARIF report)\n"
         "article      MB  finds/MB  raw NFC    check  ratio  +text +SARIF "
         "set-up ms\n",
         runs);
  for (size_t i = 0; i < na; i++) {
    const article *a = &articles[i];
    if (only && i != sel)
      continue;
    nl_buf b = NL_BUF_INIT;
    build(&b, a->good == 2 ? english : clean, a->good == 0 ? 0
                                              : a->good == 2 ? 2 : 3,
          a->bad, a->every, (size_t)(mb * 1e6));
    if (runs == 0)
      fwrite(b.ptr, 1, b.size, stdout);
    else
      run(a->name, &b, runs);
    nl_buf_dispose(&b);
  }
  return 0;
}
