/*
 * cmd_batch.c - `newsloc batch export|merge|check`: a directory at a time.
 *
 * The library does the work (newsloc/batch.h); this parses the options,
 * draws a progress bar when stderr is a terminal, names each failure on
 * stderr as the single command would, and writes the JSON summary.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <newsloc/batch.h>

#include "cli.h"

typedef struct batch_args {
  nl_batch_options o;
  const char *sub; /* "export", "merge", "check" */
  const char **targets;
  const char *summary, *format, *report_format;
  const char *operands[2];
  int noperands;
} batch_args;

/* "newsloc: batch: SUB: message (see 'newsloc help batch')"; 2. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int usage(const batch_args *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (msg) { /* whole, whatever the user's words: never cut */
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  cli_usage("batch", "%s: %s", a->sub, msg ? msg : "out of memory");
  free(msg);
  return CLI_ERROR;
}

/* "fa,ps,ur" into targets (the string is cut in place). */
static int split_targets(batch_args *a, char *list) {
  size_t n = 1;
  free(a->targets); /* the last --to counts */
  for (const char *s = list; *s; s++)
    n += *s == ',';
  a->targets = calloc(n, sizeof(*a->targets));
  if (a->targets == NULL)
    return usage(a, "out of memory");
  n = 0;
  for (char *s = list, *end; s; s = end ? end + 1 : NULL) {
    end = strchr(s, ',');
    if (end)
      *end = '\0';
    if (*s == '\0')
      return usage(a, "--to: an empty language in the list");
    a->targets[n++] = s;
  }
  a->o.targets = a->targets;
  a->o.ntargets = n;
  return CLI_OK;
}

static int parse_jobs(batch_args *a, const char *v) {
  char *end;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (errno || end == v || *end || n < 1 || n > NL_BATCH_MAX_JOBS)
    return usage(a, "--jobs takes a number from 1 to %d, not '%s'",
                     NL_BATCH_MAX_JOBS, v);
  a->o.jobs = (unsigned)n;
  return CLI_OK;
}

/* Options of `newsloc export`, as it spells them. */
static int export_option(batch_args *a, const char *s, const char *v) {
  if (strcmp(s, "--tm") == 0)
    a->o.tm_path = v;
  else if (strcmp(s, "--srx") == 0)
    a->o.srx_path = v;
  else if (strcmp(s, "--min") == 0) {
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < 0 || n > 100)
      return usage(a, "--min takes a score from 0 to 100");
    a->o.min_score = (int)n;
  } else if (strcmp(s, "--xliff") == 0) {
    if (strcmp(v, "2.0") == 0 || strcmp(v, "2") == 0)
      a->o.xliff = NL_XLIFF_2_0;
    else if (strcmp(v, "1.2") == 0)
      a->o.xliff = NL_XLIFF_1_2;
    else
      return usage(a, "--xliff takes 2.0 or 1.2, not '%s'", v);
  } else if (strcmp(s, "--profile") == 0) {
    if (strcmp(v, "omegat") == 0)
      a->o.profile = NL_XLIFF_PROFILE_OMEGAT;
    else if (strcmp(v, "sentences") == 0)
      a->o.profile = NL_XLIFF_PROFILE_SENTENCES;
    else if (strcmp(v, "default") != 0)
      return usage(a, "--profile takes default, omegat or "
                               "sentences, not '%s'", v);
  } else
    return -1;
  return CLI_OK;
}

static int check_option(batch_args *a, const char *s, const char *v) {
  if (strcmp(s, "--lang") == 0)
    a->o.check.lang = v;
  else if (strcmp(s, "--enable") == 0)
    a->o.check.enable = v;
  else if (strcmp(s, "--disable") == 0)
    a->o.check.disable = v;
  else if (strcmp(s, "--report-format") == 0)
    a->report_format = v;
  else if (strcmp(s, "--fail-on") == 0) {
    if (strcmp(v, "error") == 0)
      a->o.check.fail_on = NL_CHECK_ERROR;
    else if (strcmp(v, "warning") == 0)
      a->o.check.fail_on = NL_CHECK_WARNING;
    else
      return usage(a, "--fail-on is error or warning, not '%s'", v);
  } else
    return -1;
  return CLI_OK;
}

/* An option with a value; -1 when `s` is none of this command's. */
static int valued(batch_args *a, char *s, char *v) {
  nl_batch_command c = a->o.command;
  if (strcmp(s, "-o") == 0)
    a->o.output_dir = v;
  else if (strcmp(s, "--jobs") == 0 || strcmp(s, "-j") == 0)
    return parse_jobs(a, v);
  else if (strcmp(s, "--summary") == 0)
    a->summary = v;
  else if (strcmp(s, "--format") == 0)
    a->format = v;
  else if (strcmp(s, "--to") == 0 && c != NL_BATCH_CHECK)
    return split_targets(a, v);
  else if (c == NL_BATCH_EXPORT)
    return export_option(a, s, v);
  else if (c == NL_BATCH_CHECK)
    return check_option(a, s, v);
  else
    return -1;
  return CLI_OK;
}

static int flag(batch_args *a, const char *s) {
  nl_batch_command c = a->o.command;
  if (strcmp(s, "--rebuild") == 0)
    a->o.rebuild = 1;
  else if (c == NL_BATCH_EXPORT && strcmp(s, "--no-tm") == 0)
    a->o.no_tm = 1;
  else if (c == NL_BATCH_MERGE && strcmp(s, "--no-localize") == 0)
    a->o.no_localize = 1;
  else if (c == NL_BATCH_MERGE && strcmp(s, "--allow-untranslated") == 0)
    a->o.allow_untranslated = 1;
  else if (c == NL_BATCH_MERGE && strcmp(s, "--force") == 0)
    a->o.force = 1;
  else
    return -1;
  return CLI_OK;
}

static int finish(batch_args *a) {
  nl_batch_command c = a->o.command;
  int want = c == NL_BATCH_MERGE ? 2 : 1;
  if (a->noperands < want)
    return usage(a, c == NL_BATCH_MERGE
                                 ? "give the articles' and the translations' "
                                   "directories"
                                 : "give the directory");
  a->o.input_dir = a->operands[0];
  a->o.xliff_dir = c == NL_BATCH_MERGE ? a->operands[1] : NULL;
  if (a->o.output_dir == NULL)
    return usage(a, "no output directory: use -o DIR");
  if (c == NL_BATCH_EXPORT && a->o.ntargets == 0)
    return usage(a, "no target language: use --to TAG[,TAG...]");
  if (a->format && strcmp(a->format, "text") != 0 &&
      strcmp(a->format, "json") != 0)
    return usage(a, "--format is text or json, not '%s'", a->format);
  if (a->report_format &&
      nl_check_format_parse(a->report_format, &a->o.check_format) < 0)
    return usage(a, "--report-format is text, json, sarif or "
                             "github, not '%s'", a->report_format);
  if (a->o.profile && a->o.xliff == NL_XLIFF_2_0)
    return usage(a, "--profile omegat and sentences are XLIFF 1.2");
  return CLI_OK;
}

static int parse(batch_args *a, int argc, char **argv) {
  for (int i = 2; i < argc; i++) {
    char *s = argv[i];
    int rc = s[0] == '-' && s[1] != '\0' ? flag(a, s) : -1;
    if (rc == -1 && s[0] == '-' && s[1] != '\0' && i + 1 < argc) {
      rc = valued(a, s, argv[i + 1]);
      i += rc != -1;
    }
    if (rc == -1 && s[0] == '-' && s[1] != '\0')
      return usage(a, "unknown or incomplete option '%s'", s);
    if (rc == -1 && a->noperands == (a->o.command == NL_BATCH_MERGE ? 2 : 1))
      return usage(a, "too many arguments ('%s')", s);
    if (rc == -1)
      a->operands[a->noperands++] = s;
    else if (rc != CLI_OK)
      return rc;
  }
  return finish(a);
}

/* ---- what the user sees ---------------------------------------------- */

typedef struct view {
  nl_batch_summary *summaries[2];
  size_t nsummaries;
  int bar;          /* stderr is a terminal */
  int drawn;        /* a bar is on the line */
  struct timespec last;
  size_t seen, done, failed, skipped;
  nl_error err;     /* a summary's write error */
} view;

static void clear_bar(view *v) {
  if (v->drawn)
    fputs("\r\033[K", stderr);
  v->drawn = 0;
}

/* At most ten times a second, and always the last. */
static void draw_bar(view *v, size_t total) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long ms = (now.tv_sec - v->last.tv_sec) * 1000 +
            (now.tv_nsec - v->last.tv_nsec) / 1000000;
  if (v->drawn && ms < 100 && v->seen < total)
    return;
  v->last = now;
  enum { WIDTH = 30 };
  size_t full = total ? (v->seen > total ? total : v->seen) * WIDTH / total
                      : WIDTH;
  char bar[WIDTH + 1];
  for (size_t i = 0; i < WIDTH; i++)
    bar[i] = i < full ? '#' : '.';
  bar[WIDTH] = '\0';
  fprintf(stderr, "\r[%s] %zu/%zu  %zu done, %zu failed, %zu skipped\033[K",
          bar, v->seen, total, v->done, v->failed, v->skipped);
  v->drawn = 1;
}

/* A failure as the single command would print it. */
static void print_failure(const nl_batch_result *r) {
  if (r->error)
    cli_fail(r->error);
  else
    fprintf(stderr, "newsloc: %s: %s\n", r->input,
            r->detail ? r->detail : "failed");
  if (r->error && r->detail)
    fprintf(stderr, "%s%s", r->detail,
            r->detail[strlen(r->detail) - 1] == '\n' ? "" : "\n");
}

static void on_result(void *ctx, const nl_batch_result *r, size_t total) {
  view *v = ctx;
  v->seen++;
  v->done += r->outcome == NL_BATCH_DONE;
  v->failed += r->outcome == NL_BATCH_FAILED;
  v->skipped += r->outcome == NL_BATCH_SKIPPED;
  /* a file skipped as up to date that did not pass still fails */
  if (r->outcome == NL_BATCH_FAILED || r->exit) {
    clear_bar(v);
    print_failure(r);
  }
  for (size_t i = 0; i < v->nsummaries; i++)
    if (v->err.code == 0)
      nl_batch_summary_add(v->summaries[i], r, &v->err);
  if (v->bar)
    draw_bar(v, total);
}

static int open_summaries(const batch_args *a, view *v) {
  const char *paths[2] = {a->summary,
                          a->format && strcmp(a->format, "json") == 0 ? "-"
                                                                      : NULL};
  for (size_t i = 0; i < 2; i++) {
    if (paths[i] == NULL)
      continue;
    nl_error err = NL_ERROR_INIT;
    if (nl_batch_summary_open(&v->summaries[v->nsummaries], paths[i],
                              a->o.command, cli_temp, NULL, &err) < 0)
      return cli_fail(&err);
    v->nsummaries++;
  }
  return CLI_OK;
}

static int close_summaries(view *v, const nl_batch_totals *t) {
  int rc = v->err.code ? cli_fail(&v->err) : CLI_OK;
  for (size_t i = 0; i < v->nsummaries; i++) {
    nl_error err = NL_ERROR_INIT;
    if (rc == CLI_OK && nl_batch_summary_close(v->summaries[i], t, &err) < 0)
      rc = cli_fail(&err);
    else if (rc != CLI_OK)
      nl_batch_summary_free(v->summaries[i]);
  }
  return rc;
}

static int run(batch_args *a) {
  view v;
  memset(&v, 0, sizeof(v));
  v.bar = isatty(STDERR_FILENO);
  int rc = open_summaries(a, &v);
  if (rc != CLI_OK) {
    for (size_t i = 0; i < v.nsummaries; i++)
      nl_batch_summary_free(v.summaries[i]);
    return rc;
  }
  a->o.on_result = on_result;
  a->o.ctx = &v;
  a->o.on_temp = cli_temp;
  nl_batch_totals t;
  nl_error err = NL_ERROR_INIT;
  rc = nl_batch_run(&a->o, &t, &err);
  clear_bar(&v);
  if (rc < 0) {
    for (size_t i = 0; i < v.nsummaries; i++)
      nl_batch_summary_free(v.summaries[i]);
    return cli_fail(&err);
  }
  fprintf(stderr, "newsloc: batch %s: %zu file(s): %zu done, %zu failed, "
                  "%zu skipped\n",
          a->sub, t.files, t.done, t.failed, t.skipped);
  rc = close_summaries(&v, &t);
  return rc != CLI_OK ? rc : t.exit;
}

int cli_batch(int argc, char **argv) {
  static const struct {
    const char *name;
    nl_batch_command c;
  } subs[] = {{"export", NL_BATCH_EXPORT},
              {"merge", NL_BATCH_MERGE},
              {"check", NL_BATCH_CHECK}};
  batch_args a;
  nl_batch_options defaults = NL_BATCH_OPTIONS_INIT;
  memset(&a, 0, sizeof(a));
  a.o = defaults;
  for (size_t i = 0; argc > 1 && i < sizeof(subs) / sizeof(subs[0]); i++)
    if (strcmp(argv[1], subs[i].name) == 0) {
      a.o.command = subs[i].c;
      a.sub = subs[i].name;
    }
  if (a.sub == NULL)
    return cli_usage("batch", "give export, merge or check%s%s%s",
                     argc > 1 ? " (not '" : "", argc > 1 ? argv[1] : "",
                     argc > 1 ? "')" : "");
  int rc = parse(&a, argc, argv);
  if (rc == CLI_OK)
    rc = run(&a);
  free(a.targets);
  return rc;
}
