/*
 * cmd_tm.c - `newsloc tm ...`: the translation memory from the shell.
 *
 *   tm import [--from L] [--to L] FILE...   learn from XLIFF and TMX files
 *   tm export [--from L] [--to L] [-o FILE.tmx] the TM as TMX 1.4b
 *   tm lookup --from L --to L TEXT    matches for a sentence
 *   tm concordance [--target] TEXT    where a phrase was used
 *   tm stats                          units per language pair
 *   tm prune [--older-than DAYS] [--status draft|translated|approved]
 *                                     (at least one of the two)
 *   tm copy FROM TO                   one TM into another (SQLite file or
 *                                     PostgreSQL URL, either way)
 *   every one: [--tm PATH] [--wait SECONDS] (for another process's lock)
 *
 * The TM is --tm PATH, else $NEWSLOC_TM, else the XDG data directory;
 * PATH may be a postgresql:// URL or service=NAME. Commands that write
 * create it (and a file's directory) on first use.
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
  const char *tm, *from, *to, *format, *status, *translator, *output;
  int min, target_side, older_days, omegat;
  int wait; /* --wait SECONDS; 0: not given */
  char **rest; /* the operands, gathered at the front of argv's tail */
  int nrest;
  char from_tag[128], to_tag[128];
} tm_args;

/* A non-negative decimal number, or -1. */
static int number(const char *s) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  return *s && *end == '\0' && errno == 0 && v >= 0 && v < 1000000 ? (int)v
                                                                    : -1;
}

/* Operands are moved down over the options already read (as getopt
 * permutes argv), so any number of files fits with no copy. */
static int parse(tm_args *a, const char *cmd, int argc, char **argv) {
  a->rest = argv + 2;
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
    else if (strcmp(s, "--wait") == 0 && more) {
      a->wait = number(argv[++i]);
      a->wait = a->wait == 0 ? -1 : a->wait; /* 0 would mean "not given" */
    }
    else if (strcmp(s, "--older-than") == 0 && more)
      a->older_days = number(argv[++i]);
    else if ((strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) && more)
      a->output = argv[++i];
    else if (strcmp(s, "--target") == 0)
      a->target_side = 1;
    else if (strcmp(s, "--omegat") == 0)
      a->omegat = 1;
    else if (s[0] == '-' && s[1] == '-' && s[2] != '\0')
      return cli_usage("tm", "%s: unknown or incomplete option '%s'", cmd, s);
    else
      a->rest[a->nrest++] = argv[i];
  }
  if (a->wait < 0 || a->wait > 86400)
    return cli_usage("tm", "%s: --wait takes seconds, 1 to 86400", cmd);
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

static void say_waiting(void *ctx, const char *path) {
  (void)ctx;
  fprintf(stderr, "newsloc: %s: waiting for the TM lock held by another "
                  "process...\n", path);
}

/* --wait, else NEWSLOC_TM_WAIT: seconds a command waits for another
 * process's lock on the TM (default: the library's, ten minutes). */
static int tm_wait_ms(const tm_args *a) {
  if (a->wait > 0)
    return a->wait * 1000;
  const char *v = getenv("NEWSLOC_TM_WAIT");
  char *end = NULL;
  long sec = v && *v ? strtol(v, &end, 10) : 0;
  if (end == NULL || *end != '\0' || sec <= 0 || sec > 86400)
    return 0;
  return (int)(sec * 1000);
}

static int open_tm_at(const tm_args *a, const char *p, int write,
                      nl_tm **tm) {
  nl_error err = NL_ERROR_INIT;
  if (write && !nl_tm_is_server(p))
    make_parent(p);
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  o.read_only = !write;
  o.busy_timeout_ms = tm_wait_ms(a);
  o.on_wait = say_waiting;
  return nl_tm_open(tm, p, &o, &err) < 0 ? cli_fail(&err) : CLI_OK;
}

static int open_tm(const tm_args *a, int write, nl_tm **tm) {
  nl_error err = NL_ERROR_INIT;
  nl_buf path = NL_BUF_INIT;
  if (!a->tm && nl_tm_default_path(&path, &err) < 0)
    return cli_fail(&err);
  int rc = open_tm_at(a, a->tm ? a->tm : path.ptr, write, tm);
  nl_buf_dispose(&path);
  return rc;
}

/* ---- tm import ------------------------------------------------------------ */

/* Whether the file's root element is <tmx> (looked for in its head). */
static int is_tmx(const char *path) {
  char head[4096];
  FILE *f = fopen(path, "rb");
  size_t n = f ? fread(head, 1, sizeof(head) - 1, f) : 0;
  if (f)
    fclose(f);
  /* UTF-16 (the LISA kit has such files): keep the low bytes to sniff */
  if (n >= 2 && (((unsigned char)head[0] == 0xFF && (unsigned char)head[1] == 0xFE) ||
                 ((unsigned char)head[0] == 0xFE && (unsigned char)head[1] == 0xFF))) {
    size_t k = 0, lo = (unsigned char)head[0] == 0xFF ? 2 : 3;
    for (size_t i = lo; i < n; i += 2)
      head[k++] = head[i];
    n = k;
  }
  head[n] = '\0';
  for (char *p = strchr(head, '<'); p; p = strchr(p + 1, '<')) {
    /* a comment may hold anything, tags too */
    if (strncmp(p, "<!--", 4) == 0 && (p = strstr(p + 4, "-->")) == NULL)
      return 0;
    if (p[0] == '<' && p[1] != '?' && p[1] != '!')
      return strncmp(p + 1, "tmx", 3) == 0 &&
             (p[4] == ' ' || p[4] == '>' || p[4] == '\n' || p[4] == '\t' ||
              p[4] == '\r');
  }
  return 0;
}

/* A progress bar on a terminal: bytes read of the file. */
static void show_progress(void *ctx, unsigned long long done,
                          unsigned long long total) {
  const char *name = ctx;
  int pct = total ? (int)(done * 100 / total) : 100;
  int bar = pct / 4;
  fprintf(stderr, "\r%-30.30s [%-25.*s%*s] %3d%%", name, bar,
          "#########################", 25 - bar, "", pct);
  if (done >= total)
    fputc('\n', stderr);
}

static int import_tmx(nl_tm *tm, const tm_args *a, const char *path) {
  nl_error err = NL_ERROR_INIT;
  nl_tmx_import_options o = NL_TMX_IMPORT_OPTIONS_INIT;
  nl_tmx_stats st = {0, 0, 0, 0, 0};
  o.source_lang = a->from;
  o.target_lang = a->to;
  /* each commit rewrites most pages of the TM's hash index, so big files
   * go in big batches, growing with the import; a crash still keeps
   * every earlier batch */
  o.batch_size = NL_TMX_BATCH_GROW;
  if (isatty(2)) {
    o.progress = show_progress;
    o.progress_ctx = (void *)path;
  }
  int rc = nl_tmx_import(tm, path, &o, &st, &err);
  if (rc < 0) {
    /* the error first; then what the committed batches still hold */
    cli_fail(&err);
    if (st.entries)
      fprintf(stderr, "newsloc: %s: %zu translations of earlier batches "
                      "kept\n",
              path, st.entries);
    return CLI_ERROR;
  }
  fprintf(stderr, "newsloc: %s: %zu units, %zu translations remembered, %zu "
                  "skipped\n",
          path, st.units, st.entries, st.skipped);
  if (st.fragments)
    fprintf(stderr, "newsloc: %s: %zu units left out as pieces of sentences "
                    "(another tool's segmentation cut them where newsloc "
                    "does not; segment whole sentences, e.g. OmegaT's "
                    "sentence segmentation off)\n",
            path, st.fragments);
  if (st.meta_dropped)
    fprintf(stderr, "newsloc: %s: warning: %zu props/notes not kept (over %d "
                    "bytes in their unit)\n",
            path, st.meta_dropped, NL_TM_META_MAX);
  return CLI_OK;
}

static int import_one(nl_tm *tm, const tm_args *a, const char *path) {
  if (is_tmx(path))
    return import_tmx(tm, a, path);
  nl_error err = NL_ERROR_INIT;
  nl_tm_import_stats st;
  if (nl_tm_import_xliff(tm, path, a->translator, &st, &err) < 0)
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
    rc = import_one(tm, a, a->rest[i]);
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
      if (m->meta) /* a JSON object already (nl_tm_add checks it) */
        printf(", \"meta\": %s", m->meta);
      printf("}\n");
    } else {
      printf("%3d %-10s %s\n    %s\n", m->score, nl_match_type_name(m->type),
             m->source, m->target);
    }
  }
  /* no match is an answer a script must be able to tell apart from an
   * empty line: said on stderr, exit 1 (like grep) */
  if (rc == CLI_OK && nl_tm_matches_count(ms) == 0) {
    fprintf(stderr, "newsloc: no match in the TM (%s -> %s, at least %d%%)\n",
            a->from, a->to, a->min ? a->min : 70);
    rc = CLI_FINDINGS;
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
  if (a->nrest > 0)
    return cli_usage("tm", "stats: takes no TEXT or FILE ('%s')", a->rest[0]);
  nl_tm *tm = NULL;
  int rc = open_tm(a, 0, &tm);
  nl_error err = NL_ERROR_INIT;
  if (rc == CLI_OK && nl_tm_stats(tm, print_pair, NULL, &err) < 0)
    rc = cli_fail(&err);
  nl_tm_close(tm);
  return rc;
}

static int tm_export(const tm_args *a) {
  const char *out = a->output ? a->output : a->nrest == 1 ? a->rest[0] : "-";
  if (a->nrest > 1 || (a->output && a->nrest > 0))
    return cli_usage("tm", "export: at most one output file");
  nl_tm *tm = NULL;
  int rc = open_tm(a, 0, &tm);
  nl_error err = NL_ERROR_INIT;
  nl_tmx_export_options o = NL_TMX_EXPORT_OPTIONS_INIT;
  nl_tmx_stats st = {0, 0, 0, 0, 0};
  o.source_lang = a->from;
  o.target_lang = a->to;
  o.omegat = a->omegat;
  if (rc == CLI_OK && nl_tmx_export(tm, out, &o, &st, &err) < 0)
    rc = cli_fail(&err);
  else if (rc == CLI_OK && strcmp(out, "-") != 0)
    fprintf(stderr, "newsloc: %zu translation units written to %s\n",
            st.units, out);
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
  if (a->nrest > 0)
    return cli_usage("tm", "prune: takes no TEXT or FILE ('%s')", a->rest[0]);
  int status = a->status ? status_of(a->status) : -1;
  if (status == -2)
    return cli_usage("tm", "prune: --status is draft, translated or approved");
  /* without a criterion prune would forget everything: never by default */
  if (status == -1 && a->older_days == 0)
    return cli_usage("tm", "prune: give --older-than DAYS, --status, or both");
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

/* ---- tm copy ---------------------------------------------------------------- */

static int tm_copy(const tm_args *a) {
  if (a->nrest != 2)
    return cli_usage("tm", "copy: give FROM and TO (files or postgresql:// "
                           "URLs)");
  if (strcmp(a->rest[0], a->rest[1]) == 0)
    return cli_usage("tm", "copy: FROM and TO are the same TM");
  nl_tm *from = NULL, *to = NULL;
  int rc = open_tm_at(a, a->rest[0], 0, &from);
  if (rc == CLI_OK)
    rc = open_tm_at(a, a->rest[1], 1, &to);
  nl_error err = NL_ERROR_INIT;
  nl_tm_copy_stats st = {0, 0};
  if (rc == CLI_OK &&
      nl_tm_copy(from, to, 0, isatty(2) ? show_progress : NULL,
                 (void *)"tm copy", &st, &err) < 0) {
    rc = cli_fail(&err);
    fprintf(stderr, "newsloc: tm copy: %llu translations copied before the "
                    "error; run the same copy again to finish it\n",
            st.translations);
  } else if (rc == CLI_OK) {
    /* names may be URLs: never printed, they can hold a password */
    fprintf(stderr, "newsloc: tm copy: %llu translations (%llu with their "
                    "contexts) copied\n",
            st.translations, st.rows);
  }
  nl_tm_close(from);
  nl_tm_close(to);
  return rc;
}

/* --from and --to as canonical tags; a lookup asks for the service's
 * tag ("fa" -> "fa-IR", the TM falls back to "fa"), the others filter. */
static int langs(tm_args *a, int filter) {
  int rc = CLI_OK;
  nl_services *reg = NULL; /* loaded once for both: most of a lookup's cost */
  if (a->from && (rc = cli_lang_in(&reg, a->from, filter, a->from_tag,
                                   sizeof(a->from_tag))) == CLI_OK)
    a->from = a->from_tag;
  if (rc == CLI_OK && a->to &&
      (rc = cli_lang_in(&reg, a->to, filter, a->to_tag,
                        sizeof(a->to_tag))) == CLI_OK)
    a->to = a->to_tag;
  nl_services_free(reg);
  return rc;
}

int cli_tm(int argc, char **argv) {
  static const struct {
    const char *name;
    int (*run)(const tm_args *a);
  } subs[] = {{"import", tm_import},   {"lookup", tm_lookup},
              {"concordance", tm_concordance}, {"stats", tm_stats},
              {"prune", tm_prune},     {"export", tm_export},
              {"copy", tm_copy}};
  if (argc < 2)
    return cli_usage("tm", "give a subcommand: import, lookup, concordance, "
                           "stats, export, prune or copy");
  for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
    if (strcmp(argv[1], subs[i].name) != 0)
      continue;
    tm_args a = {0};
    int rc = parse(&a, subs[i].name, argc, argv);
    if (rc == CLI_OK)
      rc = langs(&a, strcmp(subs[i].name, "lookup") != 0);
    return rc == CLI_OK ? subs[i].run(&a) : rc;
  }
  return cli_usage("tm", "unknown subcommand '%s'", argv[1]);
}
