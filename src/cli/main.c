/*
 * main.c - the newsloc command table and dispatcher.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const cli_command commands[] = {
  {"import", cli_import, "FILE [--format auto|text|html|nitf] [-o OUT]",
   "read a scraped page, article HTML or NITF; write NITF"},
  {"export", cli_export,
   "ARTICLE --to TAG|SERVICE [--xliff 2.0|1.2] [--profile default|omegat|sentences] "
   "[--tm DB|--no-tm] [--min N] [--srx FILE] [-o OUT]",
   "write an article's sentences as XLIFF for translators"},
  {"merge", cli_merge,
   "ARTICLE TRANSLATION.xlf [--to SERVICE] [--no-localize] "
   "[--allow-untranslated] [--force] [--report FILE] [-o OUT]",
   "put a translation back: localized NITF for the service"},
  {"render", cli_render, "ARTICLE [--side-by-side SOURCE] [-o OUT.html]",
   "an article as an HTML page for editors, or source and translation "
   "side by side"},
  {"check", cli_check,
   "FILE|DIR|-... [--lang TAG] [--format text|json|sarif|github] "
   "[--enable ID,..] [--disable ID,..] [--fail-on error|warning] [--fix] "
   "[--tm DB]",
   "the Unicode and translation gate for CI (docs/checks.md)"},
  {"batch", cli_batch,
   "export DIR --to TAG,... -o OUT [--xliff 2.0|1.2] "
   "[--profile default|omegat|sentences] [--tm DB|--no-tm] [--min N] "
   "[--srx FILE] [--jobs N] [--rebuild] [--summary FILE.json] "
   "[--format text|json]\n"
   "merge DIR XLIFF_DIR -o OUT [--to SERVICE,...] [--no-localize] "
   "[--allow-untranslated] [--force] [--jobs N] [--rebuild] "
   "[--summary FILE.json] [--format text|json]\n"
   "check DIR -o OUT [--report-format text|json|sarif|github] [--lang TAG] "
   "[--enable ID,..] [--disable ID,..] [--fail-on error|warning] "
   "[--jobs N] [--rebuild] [--summary FILE.json] [--format text|json]",
   "export, merge or check a directory in parallel (README: Batches)"},
  {"segment", cli_segment,
   "--lang TAG [--format jsonl|text] [--srx FILE] [FILE|-]\n"
   "--lang TAG --evaluate GOLD.jsonl",
   "split text (one paragraph a line) or an article into sentences"},
  {"services", cli_services, "[NAME] [--format text|json]",
   "list the language services and their conventions"},
  {"tm", cli_tm,
   "import [--from L] [--to L] [--translator NAME] [--wait SECONDS] "
   "[--tm DB] FILE.xlf|FILE.tmx...\n"
   "lookup --from L --to L [--min N] [--format text|jsonl] [--tm DB] TEXT\n"
   "concordance [--from L] [--to L] [--target] [--tm DB] TEXT\n"
   "stats [--tm DB]\n"
   "export [--from L] [--to L] [--omegat] [--tm DB] [-o OUT.tmx]\n"
   "prune [--older-than DAYS] [--status draft|translated|approved] "
   "[--wait SECONDS] [--tm DB]\n"
   "copy [--wait SECONDS] FROM TO",
   "the translation memory: learn, look up, search, maintain"},
  {"version", cmd_version, "", "print the version"},
  {"help", cmd_help, "[COMMAND]", "show commands or one command's usage"},
};

static const size_t ncommands = sizeof(commands) / sizeof(commands[0]);

static const cli_command *find(const char *name) {
  for (size_t i = 0; i < ncommands; i++)
    if (strcmp(commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

int cli_fail(const nl_error *err) {
  /* the whole record always fits: path, two numbers and the message */
  char line[NL_ERROR_PATH_MAX + NL_ERROR_MESSAGE_MAX + 64];
  nl_error_format(err, line, sizeof(line));
  fprintf(stderr, "newsloc: %s\n", line);
  return CLI_ERROR;
}

/* One line, as every error: scripts read stderr line by line. */
int cli_usage(const char *cmd, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "newsloc: %s: ", cmd);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  if (find(cmd))
    fprintf(stderr, " (see 'newsloc help %s')", cmd);
  fputc('\n', stderr);
  return CLI_ERROR;
}

void cli_warn(const char *fmt, ...) {
  va_list ap;
  fputs("newsloc: warning: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

int cli_write(const char *path, const nl_buf *buf) {
  if (path == NULL || strcmp(path, "-") == 0) {
    /* through stdio, whose errors main() reports once, at exit */
    if (buf->size)
      fwrite(buf->ptr, 1, buf->size, stdout);
    return CLI_OK;
  }
  nl_error err = NL_ERROR_INIT;
  if (nl_file_write_atomic(path ? path : "-", buf->ptr ? buf->ptr : "",
                           buf->size, &err) < 0)
    return cli_fail(&err);
  return CLI_OK;
}

int cli_lang_in(nl_services **reg, const char *name, int filter, char *out,
                size_t cap) {
  nl_error err = NL_ERROR_INIT;
  /* "persian" is well-formed BCP 47 too: only a known language filters
   * as a tag */
  if (filter && nl_lang_canonicalize(name, out, cap, NULL) == 0 &&
      nl_lang_is_known(out))
    return CLI_OK;
  int rc = *reg ? 0 : nl_services_load(reg, NULL, &err);
  if (rc == 0)
    rc = nl_services_resolve(*reg, name, out, cap, &err);
  return rc < 0 ? cli_fail(&err) : CLI_OK;
}

int cli_lang(const char *name, int filter, char *out, size_t cap) {
  nl_services *reg = NULL;
  int rc = cli_lang_in(&reg, name, filter, out, cap);
  nl_services_free(reg);
  return rc;
}

static int cmd_version(int argc, char **argv) {
  if (argc > 1) /* never ignored without a word */
    return cli_usage("version", "takes no argument ('%s')", argv[1]);
  printf("newsloc %s\n", nl_version());
  return CLI_OK;
}

/* One line a form of the command ("\n" separates them in `usage`). */
static void print_usage(const cli_command *c) {
  const char *form = c->usage;
  for (int first = 1;; first = 0) {
    size_t n = strcspn(form, "\n");
    printf("%s newsloc %s %.*s\n", first ? "usage:" : "      ", c->name,
           (int)n, form);
    if (form[n] == '\0')
      break;
    form += n + 1;
  }
}

static int cmd_help(int argc, char **argv) {
  if (argc > 2)
    return cli_usage("help", "one command at a time ('%s')", argv[2]);
  if (argc > 1) {
    const cli_command *c = find(argv[1]);
    if (c == NULL)
      return cli_usage("help", "no command '%s'", argv[1]);
    print_usage(c);
    printf("  %s\n", c->summary);
    return CLI_OK;
  }
  printf("usage: newsloc COMMAND [ARGS]\n\ncommands:\n");
  for (size_t i = 0; i < ncommands; i++)
    printf("  %-9s %s\n", commands[i].name, commands[i].summary);
  printf("\nexit codes: 0 success, 1 findings to act on, 2 usage or input "
         "error\n");
  return CLI_OK;
}

/* What every command accepts, done once here rather than in each
 * command's option loop: "--opt=value" is "--opt value", and -h or
 * --help anywhere before "--" prints the command's usage. Returns 1
 * when help was asked for. */
static int common_options(int *argc, char **argv, char **split) {
  int n = *argc, out = 0, help = 0, rest = 0;
  for (int i = 0; i < n; i++) {
    char *s = argv[i];
    char *eq = !rest && strncmp(s, "--", 2) == 0 ? strchr(s, '=') : NULL;
    if (!rest && strcmp(s, "--") == 0)
      rest = 1;
    else if (!rest && (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0))
      help = 1;
    if (eq && eq > s + 2) {
      *eq = '\0';
      split[out++] = s;
      split[out++] = eq + 1;
    } else {
      split[out++] = s;
    }
  }
  split[out] = NULL;
  *argc = out;
  return help;
}

static int run(int argc, char **argv) {
  if (argc < 2) {
    cmd_help(1, argv);
    return CLI_ERROR;
  }
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
    return cmd_help(1, argv);
  if (strcmp(name, "--version") == 0)
    return cmd_version(1, argv);
  const cli_command *c = find(name);
  cli_cleanup_install();
  if (c == NULL) {
    fprintf(stderr, "newsloc: unknown command '%s' (try 'newsloc help')\n",
            name);
    return CLI_ERROR;
  }
  /* each "--opt=value" may become two words */
  char **args = calloc((size_t)argc * 2 + 1, sizeof(*args));
  if (args == NULL) {
    fputs("newsloc: out of memory\n", stderr);
    return CLI_ERROR;
  }
  int n = argc - 1, rc;
  if (common_options(&n, argv + 1, args)) {
    char help_word[] = "help";
    char *help[] = {help_word, argv[1], NULL};
    rc = cmd_help(2, help);
  } else {
    rc = c->run(n, args);
  }
  free(args);
  return rc;
}

/* Output that did not reach its reader (a full disk, a closed pipe) is
 * a failure of the command, whatever it printed: stdio keeps the error
 * until the final flush and close, which are checked here. */
static int close_stdout(int rc) {
  errno = 0;
  int failed = fflush(stdout) != 0 || ferror(stdout);
  int e = errno;
  if (fclose(stdout) != 0 && !failed) {
    failed = 1;
    e = errno;
  }
  if (!failed || rc == CLI_ERROR) /* an error was reported already */
    return failed ? CLI_ERROR : rc;
  fprintf(stderr, "newsloc: write error: standard output: %s\n",
          e ? strerror(e) : "not all output was written");
  return CLI_ERROR;
}

int main(int argc, char **argv) {
  /* a closed pipe is reported as EPIPE by the write, not a silent kill */
  signal(SIGPIPE, SIG_IGN);
  return close_stdout(run(argc, argv));
}
