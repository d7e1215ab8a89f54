/*
 * cmd_tm.c - `newsloc tm ...`: the translation memory from the shell.
 *
 *   tm import FILE...                 learn from XLIFF (and TMX) files
 *   tm lookup --from L --to L TEXT    matches for a sentence
 *   tm concordance [--target] TEXT    where a phrase was used
 *   tm stats                          units per language pair
 *   tm prune [--older-than DAYS] [--status draft|translated|approved]
 *
 * The TM is --tm PATH, else $NEWSLOC_TM, else the XDG data directory;
 * commands that write create it (and its directory) on first use.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct tm_args {
  const char *tm, *from, *to, *format, *status, *translator;
  int min, target_side, older_days;
  const char *rest[256];
  int nrest;
} tm_args;

/* A non-negative decimal number, or -1. */
static int number(const char *s) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  return *s && *end == '\0' && errno == 0 && v >= 0 && v < 1000000 ? (int)v
                                                                    : -1;
}

static int parse(tm_args *a, const char *cmd, int argc, char **argv) {
  for (int i = 2; i < argc; i++) {
    const char *s = argv[i];
    int more = i + 1 < argc;
    if (strcmp(s, "--tm") == 0 && more)
      a->tm = argv[++i];
    else if (strcmp(s, "--from") == 0 && more)
      a->from = argv[++i];
    else if (strcmp(s, "--to") == 0 && more)
      a->to = argv[++i];
    else if (strcmp(s, "--format") == 0 && more)
      a->format = argv[++i];
    else if (strcmp(s, "--status") == 0 && more)
      a->status = argv[++i];
    else if (strcmp(s, "--translator") == 0 && more)
      a->translator = argv[++i];
    else if (strcmp(s, "--min") == 0 && more)
      a->min = number(argv[++i]);
    else if (strcmp(s, "--older-than") == 0 && more)
      a->older_days = number(argv[++i]);
    else if (strcmp(s, "--target") == 0)
      a->target_side = 1;
    else if (s[0] == '-' && s[1] == '-' && s[2] != '\0')
      return cli_usage("tm", "%s: unknown or incomplete option '%s'", cmd, s);
    else if (a->nrest < 256)
      a->rest[a->nrest++] = s;
  }
  if (a->min < 0 || a->min > 100 || a->older_days < 0)
    return cli_usage("tm", "%s: numbers must be positive (--min up to 100)",
                     cmd);
  return CLI_OK;
}

/* mkdir -p for the directory part of `path`. */
static void make_parent(const char *path) {
  char dir[4096];
  snprintf(dir, sizeof(dir), "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash == NULL || slash == dir)
    return;
  *slash = '\0';
  for (char *p = dir + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(dir, 0755);
      *p = '/';
    }
  mkdir(dir, 0755);
}

static int open_tm(const tm_args *a, int write, nl_tm **tm) {
  nl_error err = NL_ERROR_INIT;
  nl_buf path = NL_BUF_INIT;
  int rc = a->tm ? 0 : nl_tm_default_path(&path, &err);
  const char *p = a->tm ? a->tm : path.ptr;
  if (rc == 0 && write)
    make_parent(p);
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  o.read_only = !write;
  if (rc == 0)
    rc = nl_tm_open(tm, p, &o, &err);
  nl_buf_dispose(&path);
  return rc < 0 ? cli_fail(&err) : CLI_OK;
}

/* ---- tm import ------------------------------------------------------------ */

static int import_one(nl_tm *tm, const char *path, const char *translator) {
  nl_error err = NL_ERROR_INIT;
  nl_tm_import_stats st;
  if (nl_tm_import_xliff(tm, path, translator, &st, &err) < 0)
    return cli_fail(&err);
  fprintf(stderr, "newsloc: %s: %zu segments, %zu remembered, %zu skipped "
                  "(not translated)\n",
          path, st.segments, st.stored, st.skipped);
  return CLI_OK;
}

static int tm_import(const tm_args *a) {
  if (a->nrest == 0)
    return cli_usage("tm", "import: no files given");
  nl_tm *tm = NULL;
  int rc = open_tm(a, 1, &tm);
  for (int i = 0; rc == CLI_OK && i < a->nrest; i++)
    rc = import_one(tm, a->rest[i], a->translator);
  nl_tm_close(tm);
  return rc;
}

/* ---- tm lookup ------------------------------------------------------------ */

static void print_json_str(const char *s) {
  nl_buf b = NL_BUF_INIT;
  nl_json_escape(&b, s ? s : "", s ? strlen(s) : 0);
  printf("\"%s\"", b.ptr ? b.ptr : "");
  nl_buf_dispose(&b);
}

static int tm_lookup(const tm_args *a) {
  if (a->from == NULL || a->to == NULL || a->nrest != 1)
    return cli_usage("tm", "lookup: give --from TAG --to TAG and one TEXT");
  int jsonl = a->format && strcmp(a->format, "jsonl") == 0;
  if (a->format && !jsonl && strcmp(a->format, "text") != 0)
    return cli_usage("tm", "lookup: --format is text or jsonl");
  nl_tm *tm = NULL;
  int rc = open_tm(a, 0, &tm);
  if (rc != CLI_OK)
    return rc;
  nl_error err = NL_ERROR_INIT;
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = a->from;
  q.target_lang = a->to;
  q.source = a->rest[0];
  q.min_score = a->min;
  nl_tm_matches *ms = NULL;
  if (nl_tm_lookup(tm, &q, &ms, &err) < 0)
    rc = cli_fail(&err);
  for (size_t i = 0; rc == CLI_OK && i < nl_tm_matches_count(ms); i++) {
    const nl_tm_match *m = nl_tm_matches_get(ms, i);
    if (jsonl) {
      printf("{\"score\": %d, \"type\": \"%s\", \"source\": ", m->score,
             nl_match_type_name(m->type));
      print_json_str(m->source);
      printf(", \"target\": ");
      print_json_str(m->target);
      printf("}\n");
    } else {
      printf("%3d %-10s %s\n    %s\n", m->score, nl_match_type_name(m->type),
             m->source, m->target);
    }
  }
  nl_tm_matches_free(ms);
  nl_tm_close(tm);
  return rc;
}

/* ---- tm concordance, stats, prune -------------------------------------------- */

static int print_entry(void *ctx, const nl_tm_entry *e) {
  (void)ctx;
  printf("%s -> %s\n  %s\n  %s\n", e->source_lang, e->target_lang, e->source,
         e->target);
  return 0;
}

static int tm_concordance(const tm_args *a) {
  if (a->nrest != 1)
    return cli_usage("tm", "concordance: give one TEXT");
  nl_tm *tm = NULL;
  int rc = open_tm(a, 0, &tm);
  nl_error err = NL_ERROR_INIT;
  if (rc == CLI_OK && nl_tm_concordance(tm, a->from, a->to, a->rest[0],
                                        a->target_side, 0, print_entry, NULL,
                                        &err) < 0)
    rc = cli_fail(&err);
  nl_tm_close(tm);
  return rc;
}

static int print_pair(void *ctx, const char *sl, const char *tl,
                      long long n) {
  (void)ctx;
  printf("%s -> %s: %lld\n", sl, tl, n);
  return 0;
}

static int tm_stats(const tm_args *a) {
  nl_tm *tm = NULL;
  int rc = open_tm(a, 0, &tm);
  nl_error err = NL_ERROR_INIT;
  if (rc == CLI_OK && nl_tm_stats(tm, print_pair, NULL, &err) < 0)
    rc = cli_fail(&err);
  nl_tm_close(tm);
  return rc;
}

static int status_of(const char *s) {
  static const char *const names[] = {"draft", "translated", "approved"};
  for (int i = 0; i < 3; i++)
    if (strcmp(s, names[i]) == 0)
      return i;
  return -2;
}

static int tm_prune(const tm_args *a) {
  int status = a->status ? status_of(a->status) : -1;
  if (status == -2)
    return cli_usage("tm", "prune: --status is draft, translated or approved");
  nl_tm *tm = NULL;
  int rc = open_tm(a, 1, &tm);
  nl_error err = NL_ERROR_INIT;
  long long before = a->older_days ? (long long)time(NULL) -
                                         (long long)a->older_days * 86400
                                   : 0, n = 0;
  if (rc == CLI_OK && nl_tm_prune(tm, before, status, &n, &err) < 0)
    rc = cli_fail(&err);
  else if (rc == CLI_OK)
    fprintf(stderr, "newsloc: %lld translation(s) removed\n", n);
  nl_tm_close(tm);
  return rc;
}

int cli_tm(int argc, char **argv) {
  static const struct {
    const char *name;
    int (*run)(const tm_args *a);
  } subs[] = {{"import", tm_import},   {"lookup", tm_lookup},
              {"concordance", tm_concordance}, {"stats", tm_stats},
              {"prune", tm_prune}};
  if (argc < 2)
    return cli_usage("tm", "give a subcommand: import, lookup, concordance, "
                           "stats or prune");
  for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
    if (strcmp(argv[1], subs[i].name) != 0)
      continue;
    tm_args a = {0};
    int rc = parse(&a, subs[i].name, argc, argv);
    return rc == CLI_OK ? subs[i].run(&a) : rc;
  }
  return cli_usage("tm", "unknown subcommand '%s'", argv[1]);
}
