/*
 * test_batch.c - the batch engine through its library API: results come
 * in walk order whatever the workers' timing, once each; a name clash
 * fails the second file only; options that cannot work are refused
 * before anything is made; a state file says up to date only while the
 * key and the output's bytes match. (The scripts in tests/batch drive the CLI:
 * byte identity with the single commands, skips and redos.)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <newsloc/newsloc.h>

#include "batch_internal.h"
#include "harness.h"

typedef struct seen {
  size_t n, total, out_of_order, failed;
  char first_failed[256];
} seen;

static void on_result(void *ctx, const nl_batch_result *r, size_t total) {
  seen *s = ctx;
  s->out_of_order += r->index != s->n;
  s->total = total;
  if (r->outcome == NL_BATCH_FAILED && s->failed++ == 0)
    snprintf(s->first_failed, sizeof(s->first_failed), "%s", r->input);
  s->n++;
}

/* A fresh directory in the scratch space, emptied of a previous run. */
static char *fresh_dir(const char *name) {
  char *path = nl_test_path("NL_TEST_TMP", name);
  char cmd[4400];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
  if (system(cmd) != 0 || mkdir(path, 0777) != 0)
    NL_FAIL("cannot make %s", path);
  return path;
}

static void copy_article(const char *dir, const char *name) {
  char *src = nl_test_path("NL_TEST_DATA", "articles/short.xml");
  char dst[4400];
  nl_buf b = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  snprintf(dst, sizeof(dst), "%s/%s", dir, name);
  NL_CHECK_INT(nl_file_read(src, &b, &err), 0);
  NL_CHECK_INT(nl_file_write_atomic(dst, b.ptr, b.size, &err), 0);
  nl_buf_dispose(&b);
  free(src);
}

/* An export of `in` to `out` for the targets, without a TM, results
 * counted in `s`. */
static nl_batch_options export_options(const char *in, const char *out,
                                       const char *const *targets, size_t n,
                                       seen *s) {
  nl_batch_options o = NL_BATCH_OPTIONS_INIT;
  o.command = NL_BATCH_EXPORT;
  o.input_dir = in;
  o.output_dir = out;
  o.targets = targets;
  o.ntargets = n;
  o.no_tm = 1;
  o.on_result = on_result;
  o.ctx = s;
  return o;
}

static void in_walk_order(void) {
  char *in = fresh_dir("batch-order-in"), *out = fresh_dir("batch-order-out");
  char name[64], sub[4400];
  snprintf(sub, sizeof(sub), "%s/sub", in);
  NL_CHECK_INT(mkdir(sub, 0777), 0);
  for (int i = 0; i < 40; i++) {
    snprintf(name, sizeof(name), "%s%02d.xml", i % 3 ? "" : "sub/", i);
    copy_article(in, name);
  }
  const char *targets[] = {"fa", "ps"};
  nl_batch_totals t;
  nl_error err = NL_ERROR_INIT;
  seen s = {0};
  nl_batch_options o = export_options(in, out, targets, 2, &s);
  o.jobs = 3; /* more workers than the machine's cores: timing varies */
  NL_CHECK_INT(nl_batch_run(&o, &t, &err), 0);
  NL_CHECK_INT(s.n, 80);
  NL_CHECK_INT(s.total, 80);
  NL_CHECK_INT(s.out_of_order, 0);
  NL_CHECK_INT(t.done, 80);
  NL_CHECK_INT(t.exit, 0);
  /* again: everything up to date, still in order */
  memset(&s, 0, sizeof(s));
  NL_CHECK_INT(nl_batch_run(&o, &t, &err), 0);
  NL_CHECK_INT(t.skipped, 80);
  NL_CHECK_INT(s.out_of_order, 0);
  free(in);
  free(out);
}

static void empty_directory(void) {
  char *in = fresh_dir("batch-empty-in"), *out = fresh_dir("batch-empty-out");
  nl_batch_options o = NL_BATCH_OPTIONS_INIT;
  nl_batch_totals t;
  nl_error err = NL_ERROR_INIT;
  o.command = NL_BATCH_CHECK;
  o.input_dir = in;
  o.output_dir = out;
  NL_CHECK_INT(nl_batch_run(&o, &t, &err), 0);
  NL_CHECK_INT(t.files, 0);
  NL_CHECK_INT(t.exit, 0);
  free(in);
  free(out);
}

/* a.html and a.xml give one a.xlf: the second in name order fails; a-b
 * (which sorts between them by whole name) is not confused with them */
static void name_clash(void) {
  char *in = fresh_dir("batch-clash-in"), *out = fresh_dir("batch-clash-out");
  copy_article(in, "a.xml");
  copy_article(in, "a-b.xml");
  copy_article(in, "a.nitf");
  const char *targets[] = {"fa"};
  nl_batch_totals t;
  nl_error err = NL_ERROR_INIT;
  seen s = {0};
  nl_batch_options o = export_options(in, out, targets, 1, &s);
  NL_CHECK_INT(nl_batch_run(&o, &t, &err), 0);
  NL_CHECK_INT(t.done, 2);
  NL_CHECK_INT(t.failed, 1);
  NL_CHECK(strstr(s.first_failed, "/a.xml") != NULL);
  free(in);
  free(out);
}

static void refused(void) {
  char *in = fresh_dir("batch-refused-in");
  char *out = nl_test_path("NL_TEST_TMP", "batch-refused-out");
  const char *targets[] = {"fa", "persian"};
  struct {
    nl_batch_command c;
    size_t ntargets;
    unsigned jobs;
    int fix, same_dir;
    int want;
  } cases[] = {
      {NL_BATCH_EXPORT, 0, 0, 0, 0, NL_EINVAL},  /* no target */
      {NL_BATCH_EXPORT, 2, 0, 0, 0, NL_EINVAL},  /* fa = persian */
      {NL_BATCH_EXPORT, 1, NL_BATCH_MAX_JOBS + 1, 0, 0, NL_EINVAL},
      {NL_BATCH_CHECK, 0, 0, 1, 0, NL_EINVAL},   /* --fix */
      {NL_BATCH_CHECK, 0, 0, 0, 1, NL_EINVAL},   /* output is input */
      {NL_BATCH_MERGE, 0, 0, 0, 0, NL_EINVAL},   /* no translations */
  };
  rmdir(out);
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    nl_batch_options o = NL_BATCH_OPTIONS_INIT;
    nl_error err = NL_ERROR_INIT;
    o.command = cases[i].c;
    o.input_dir = in;
    o.output_dir = cases[i].same_dir ? in : out;
    o.targets = targets;
    o.ntargets = cases[i].ntargets;
    o.jobs = cases[i].jobs;
    o.check.fix = cases[i].fix;
    o.no_tm = 1;
    NL_CHECK_INT(nl_batch_run(&o, NULL, &err), cases[i].want);
    NL_CHECK(err.message[0] != '\0');
    NL_CHECK(!nl_test_exists(out)); /* refused: nothing made */
  }
  free(in);
  free(out);
}

static void state_files(void) {
  char *dir = fresh_dir("batch-state");
  char state[4400], output[4400];
  snprintf(state, sizeof(state), "%s/x.state", dir);
  snprintf(output, sizeof(output), "%s/x.xlf", dir);
  const char body[] = "<xliff/>\n";
  uint64_t h = nl_batch__hash(NL_HASH_INIT, body, sizeof(body) - 1);
  size_t len = sizeof(body) - 1;
  h = nl_batch__hash(h, &len, sizeof(len)); /* as nl_batch__hash_file */
  nl_batch_state st = {0x1234, h, 1, 7}, got;
  nl_buf text = NL_BUF_INIT, detail = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_batch__state_text(&text, &st, "two\nlines"), 0);
  NL_CHECK_INT(nl_file_write_atomic(state, text.ptr, text.size, &err), 0);
  NL_CHECK_INT(nl_file_write_atomic(output, body, len, &err), 0);
  NL_CHECK(nl_batch__up_to_date(state, output, 0x1234, &got, &detail));
  NL_CHECK_INT(got.exit, 1);
  NL_CHECK_INT(got.findings, 7);
  NL_CHECK_STR(detail.ptr, "two lines");
  NL_CHECK(!nl_batch__up_to_date(state, output, 0x1235, &got, &detail));
  NL_CHECK_INT(nl_file_write_atomic(output, "<xliff/> \n", 10, &err), 0);
  NL_CHECK(!nl_batch__up_to_date(state, output, 0x1234, &got, &detail));
  NL_CHECK_INT(nl_file_write_atomic(state, "newsloc-batch-state 1\nkey 12",
                                    28, &err), 0);
  NL_CHECK(!nl_batch__up_to_date(state, output, 0x12, &got, &detail));
  nl_buf_dispose(&text);
  nl_buf_dispose(&detail);
  free(dir);
}

static const nl_test tests[] = {
    NL_TEST(in_walk_order), NL_TEST(empty_directory), NL_TEST(name_clash),
    NL_TEST(refused),       NL_TEST(state_files),
};

NL_TEST_MAIN(tests)
