/*
 * test_segment.c - segmentation: the gold data of every language, and
 * the SRX engine's behaviour.
 *
 * Gold data lives in tests/data/segment/<tag>.jsonl, one case a line:
 * {"text": "...", "expected": ["...", ...]}. The file name is the
 * language. Adding a case is adding a line; every case must pass.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "harness.h"

typedef struct misses {
  const char *file;
  size_t n;
} misses;

static void on_miss(void *ctx, unsigned long line, const char *expected,
                    const char *got) {
  misses *m = ctx;
  m->n++;
  NL_FAIL("%s:%lu\n    expected: %s\n    got:      %s", m->file, line,
          expected, got);
}

static void check_language(const char *dir, const char *name, size_t *cases,
                           size_t *langs) {
  char lang[64], path[4096];
  snprintf(lang, sizeof(lang), "%.*s", (int)(strlen(name) - 6), name);
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  nl_error err = NL_ERROR_INIT;
  nl_segmenter *seg = NULL;
  if (nl_segmenter_new(&seg, lang, NULL, &err) < 0) {
    NL_FAIL("%s: %s", lang, err.message);
    return;
  }
  misses m = {path, 0};
  nl_segment_eval ev;
  if (nl_segment_evaluate(seg, path, on_miss, &m, &ev, &err) < 0)
    NL_FAIL("%s:%lu: %s", path, err.line, err.message);
  else {
    NL_CHECK_INT(ev.exact, ev.cases);
    if (ev.cases < 10)
      NL_FAIL("%s: only %zu cases (at least 10 a language)", path, ev.cases);
    *cases += ev.cases;
    (*langs)++;
  }
  nl_segmenter_free(seg);
}

static void test_segment__gold_data(void) {
  char *dir = nl_test_path("NL_TEST_DATA", "segment");
  DIR *d = opendir(dir);
  size_t cases = 0, langs = 0;
  for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
    size_t n = strlen(e->d_name);
    if (n > 6 && strcmp(e->d_name + n - 6, ".jsonl") == 0)
      check_language(dir, e->d_name, &cases, &langs);
  }
  if (d)
    closedir(d);
  free(dir);
  NL_CHECK(langs >= 26);
  printf("    %zu cases in %zu languages\n", cases, langs);
}

static char *write_tmp(const char *name, const char *content) {
  char *path = nl_test_path("NL_TEST_TMP", name);
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(content, f);
    fclose(f);
  }
  return path;
}

/* The sentences of `text` joined with '|'. */
static char *split_joined(nl_segmenter *seg, const char *text) {
  nl_error err = NL_ERROR_INIT;
  nl_range *r = NULL;
  size_t n = 0, len = strlen(text), k = 0;
  if (nl_segmenter_split(seg, text, len, &r, &n, &err) < 0)
    NL_FAIL("split: %s", err.message);
  char *s = calloc(len + n + 1, 1);
  for (size_t i = 0; s && i < n; i++) {
    if (i)
      s[k++] = '|';
    memcpy(s + k, text + r[i].start, r[i].end - r[i].start);
    k += r[i].end - r[i].start;
  }
  nl_free(r);
  return s;
}

static void test_segment__user_rules_cascade(void) {
  const char *srx =
      "<?xml version=\"1.0\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" "
      "version=\"2.0\">\n<header segmentsubflows=\"yes\" cascade=\"yes\"/>\n"
      "<body><languagerules>\n"
      "<languagerule languagerulename=\"X\">\n"
      "<rule break=\"no\"><beforebreak>\\bAbc\\.</beforebreak>"
      "<afterbreak>\\s</afterbreak></rule>\n"
      "</languagerule>\n"
      "<languagerule languagerulename=\"Y\">\n"
      "<rule break=\"yes\"><beforebreak>;</beforebreak>"
      "<afterbreak>\\s</afterbreak></rule>\n"
      "</languagerule></languagerules>\n"
      "<maprules><languagemap languagepattern=\"xx.*\" "
      "languagerulename=\"X\"/>\n<languagemap languagepattern=\".*\" "
      "languagerulename=\"Y\"/></maprules></body></srx>\n";
  char *path = write_tmp("user.srx", srx);
  nl_segmenter_options o = NL_SEGMENTER_OPTIONS_INIT;
  o.srx_path = path;
  nl_error err = NL_ERROR_INIT;
  nl_segmenter *seg = NULL;
  NL_CHECK_INT(nl_segmenter_new(&seg, "xx-YY", &o, &err), 0);
  if (seg) {
    char *got = split_joined(seg, "See Abc. Then more; and more.");
    NL_CHECK_STR(got, "See Abc. Then more;|and more.");
    free(got);
    nl_segmenter_free(seg);
  }
  /* another language: only the cascade's ".*" set applies */
  NL_CHECK_INT(nl_segmenter_new(&seg, "en", &o, &err), 0);
  if (seg) {
    char *got = split_joined(seg, "See Abc. Then more; and more.");
    NL_CHECK_STR(got, "See Abc.|Then more;|and more.");
    free(got);
    nl_segmenter_free(seg);
  }
  free(path);
}

static void test_segment__bad_regex_is_named(void) {
  const char *srx =
      "<?xml version=\"1.0\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" "
      "version=\"2.0\">\n<header cascade=\"no\"/>\n<body><languagerules>\n"
      "<languagerule languagerulename=\"X\">\n"
      "<rule break=\"no\">\n<beforebreak>(unclosed</beforebreak>"
      "<afterbreak>\\s</afterbreak></rule>\n"
      "</languagerule></languagerules>\n"
      "<maprules><languagemap languagepattern=\".*\" "
      "languagerulename=\"X\"/></maprules></body></srx>\n";
  char *path = write_tmp("bad.srx", srx);
  nl_segmenter_options o = NL_SEGMENTER_OPTIONS_INIT;
  o.srx_path = path;
  nl_error err = NL_ERROR_INIT;
  nl_segmenter *seg = NULL;
  NL_CHECK_INT(nl_segmenter_new(&seg, "en", &o, &err), NL_EPARSE);
  NL_CHECK_STR(err.path, path);
  NL_CHECK_INT(err.line, 6);
  NL_CHECK(strstr(err.message, "(unclosed") != NULL);
  NL_CHECK(strstr(err.message, "U_REGEX_MISMATCHED_PAREN") != NULL);
  free(path);
}

static void test_segment__bad_srx_files(void) {
  nl_segmenter_options o = NL_SEGMENTER_OPTIONS_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_segmenter *seg = NULL;
  char *broken = write_tmp("broken.srx", "<srx><body>\n<languagerules>\n");
  o.srx_path = broken;
  NL_CHECK_INT(nl_segmenter_new(&seg, "en", &o, &err), NL_EPARSE);
  NL_CHECK(err.line > 0);
  char *nomap = write_tmp(
      "nomap.srx", "<srx version=\"2.0\"><body><languagerules/><maprules>\n"
                   "<languagemap languagepattern=\".*\" "
                   "languagerulename=\"Missing\"/></maprules></body></srx>");
  o.srx_path = nomap;
  NL_CHECK_INT(nl_segmenter_new(&seg, "en", &o, &err), NL_EPARSE);
  NL_CHECK_INT(err.line, 2);
  NL_CHECK(strstr(err.message, "Missing") != NULL);
  NL_CHECK_INT(nl_segmenter_new(&seg, "not a tag!", NULL, &err), NL_ELANG);
  free(broken);
  free(nomap);
}

static void test_segment__whitespace_stays_between(void) {
  nl_error err = NL_ERROR_INIT;
  nl_segmenter *seg = NULL;
  NL_CHECK_INT(nl_segmenter_new(&seg, "en", NULL, &err), 0);
  const char text[] = "  One.  Two?\tThree!  ";
  nl_range *r = NULL;
  size_t n = 0;
  NL_CHECK_INT(nl_segmenter_split(seg, text, sizeof(text) - 1, &r, &n, &err),
               0);
  NL_CHECK_INT(n, 3);
  if (n == 3) {
    NL_CHECK_INT(r[0].start, 2);
    NL_CHECK_INT(r[0].end, 6);
    NL_CHECK_INT(r[1].start, 8);
    NL_CHECK_INT(r[2].end, sizeof(text) - 3);
  }
  nl_free(r);
  NL_CHECK_INT(nl_segmenter_split(seg, " \n ", 3, &r, &n, &err), 0);
  NL_CHECK_INT(n, 0);
  nl_free(r);
  NL_CHECK_INT(nl_segmenter_split(seg, "bad \xff", 5, &r, &n, &err), NL_EUTF8);
  nl_segmenter_free(seg);
}

/* The seed article: "U.S. President ..." stays one sentence. */
static void test_segment__seed_article(void) {
  if (!nl_test_need_shared())
    return;
  char *path = nl_test_path("NL_SHARED", "articles/obama-putin-call.txt");
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  nl_segmenter *seg = NULL;
  NL_CHECK_INT(nl_article_read_file(&a, path, NL_FORMAT_AUTO, &err), 0);
  NL_CHECK_INT(nl_segmenter_new(&seg, "en", NULL, &err), 0);
  const nl_block *p1 = a ? nl_article_find_block(a, "p1") : NULL;
  NL_CHECK(p1 != NULL);
  if (p1 && seg) {
    char *got = split_joined(seg, nl_block_text(p1, NULL));
    NL_CHECK(got && strncmp(got, "U.S. President Barack Obama spoke", 33) == 0);
    NL_CHECK(got && strchr(got, '|') == NULL);
    free(got);
    const nl_block *p6 = nl_article_find_block(a, "p6");
    got = p6 ? split_joined(seg, nl_block_text(p6, NULL)) : NULL;
    NL_CHECK_STR(got, "Along with the U.S. and Russia, France is a co-chair of "
                      "the Minsk Group of the Organization for Security and "
                      "Cooperation in Europe.|The Minsk Group spearheads the "
                      "effort to find a peaceful solution to the ethnic and "
                      "territorial dispute over the Nagorno-Karabakh region in "
                      "Azerbaijan.");
    free(got);
  }
  nl_segmenter_free(seg);
  nl_article_free(a);
  free(path);
}


/* A Lao paragraph of `words` words of 2-3 Lao letters, spaces between,
 * `end` after the last word; caller frees. */
static char *lao_paragraph(size_t words, const char *end) {
  size_t cap = words * 10 + strlen(end) + 1, k = 0;
  char *s = malloc(cap);
  unsigned seed = 7;
  for (size_t w = 0; s && w < words; w++) {
    if (w)
      s[k++] = ' ';
    for (int i = 0; i < 2 + (int)(w % 2); i++) {
      seed = seed * 1103515245u + 12345u;
      unsigned c = 0x0E81 + (seed >> 16) % 3 * 0x13; /* ກ ດ ລ */
      s[k++] = (char)(0xE0 | (c >> 12));
      s[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
      s[k++] = (char)(0x80 | (c & 0x3F));
    }
  }
  if (s)
    memcpy(s + k, end, strlen(end) + 1);
  return s;
}

static size_t count_sentences(nl_segmenter *seg, const char *text) {
  nl_error err = NL_ERROR_INIT;
  nl_range *r = NULL;
  size_t n = 0;
  if (nl_segmenter_split(seg, text, strlen(text), &r, &n, &err) < 0) {
    NL_FAIL("split: %s", err.message);
    n = (size_t)-1;
  }
  nl_free(r);
  return n;
}

/* Lao's break rule asks whether a full stop is still to come in the
 * paragraph: a look along the whole paragraph at every space. Running
 * out of steps on a long paragraph was once taken as "the rule applies"
 * (a 1,100-word paragraph with one full stop split at every space). */
static void test_segment__long_lao_paragraph(void) {
  nl_segmenter *seg = NULL;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_segmenter_new(&seg, "lo", NULL, &err), 0);
  static const size_t sizes[] = {10, 1100, 5000};
  for (size_t i = 0; seg && i < sizeof(sizes) / sizeof(sizes[0]); i++) {
    char *stop = lao_paragraph(sizes[i], ".");
    char *none = lao_paragraph(sizes[i], "");
    NL_CHECK_INT(count_sentences(seg, stop), 1);
    NL_CHECK_INT(count_sentences(seg, none), sizes[i]);
    free(stop);
    free(none);
  }
  nl_segmenter_free(seg);
}

/* Rules that backtrack without end, one nl_rx matches and one it leaves
 * to ICU (an atomic group): the paragraph fails with an error naming the
 * rule's file, line and text, and the position; never a guess. */
static void test_segment__rule_out_of_steps_is_an_error(void) {
  static const char *const afters[] = {"\\s(X+X+)+y", "\\s(?>X)(X+X+)+y",
                                       "\\s(?:X|XX)+$y"};
  for (size_t i = 0; i < sizeof(afters) / sizeof(afters[0]); i++) {
    char srx[1024];
    snprintf(srx, sizeof(srx),
             "<?xml version=\"1.0\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" "
             "version=\"2.0\">\n<header cascade=\"no\"/>\n<body><languagerules>\n"
             "<languagerule languagerulename=\"X\">\n"
             "<rule break=\"no\">\n<beforebreak>\\.</beforebreak>"
             "<afterbreak>%s</afterbreak></rule>\n"
             "</languagerule></languagerules>\n"
             "<maprules><languagemap languagepattern=\".*\" "
             "languagerulename=\"X\"/></maprules></body></srx>\n",
             afters[i]);
    char *path = write_tmp("steps.srx", srx);
    nl_segmenter_options o = NL_SEGMENTER_OPTIONS_INIT;
    o.srx_path = path;
    nl_error err = NL_ERROR_INIT;
    nl_segmenter *seg = NULL;
    NL_CHECK_INT(nl_segmenter_new(&seg, "en", &o, &err), 0);
    const char *text = "One. XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    nl_range *r = NULL;
    size_t n = 0;
    if (seg) {
      NL_CHECK_INT(nl_segmenter_split(seg, text, strlen(text), &r, &n, &err),
                   NL_EINVAL);
      NL_CHECK(r == NULL && n == 0);
      NL_CHECK_STR(err.path, path);
      NL_CHECK_INT(err.line, 6);
      NL_CHECK(strstr(err.message, afters[i] + 3) != NULL);
      NL_CHECK(strstr(err.message, "character 4 of the paragraph \"One. X") !=
               NULL);
      /* the same rules settle a paragraph they can */
      NL_CHECK_INT(count_sentences(seg, "One. Two."), 2);
    }
    nl_segmenter_free(seg);
    free(path);
  }
}

static const nl_test tests[] = {
    NL_TEST(test_segment__seed_article),
    NL_TEST(test_segment__gold_data),
    NL_TEST(test_segment__user_rules_cascade),
    NL_TEST(test_segment__bad_regex_is_named),
    NL_TEST(test_segment__bad_srx_files),
    NL_TEST(test_segment__whitespace_stays_between),
    NL_TEST(test_segment__long_lao_paragraph),
    NL_TEST(test_segment__rule_out_of_steps_is_an_error),
};

NL_TEST_MAIN(tests)
