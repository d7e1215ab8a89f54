/*
 * cli.h - what the command modules share.
 *
 * The CLI is a thin layer over the library: it parses options, calls
 * the library, prints, and maps statuses to exit codes. It includes only
 * the public headers. Exit codes are a contract with scripts and CI:
 * 0 success, 1 findings or a partial result the user must act on,
 * 2 usage or input error.
 */
#ifndef NL_CLI_H
#define NL_CLI_H

#include <newsloc/newsloc.h>

enum { CLI_OK = 0, CLI_FINDINGS = 1, CLI_ERROR = 2 };

typedef struct cli_command {
  const char *name;
  int (*run)(int argc, char **argv); /* argv[0] is the command name */
  const char *usage;                 /* one line: arguments and options */
  const char *summary;               /* one line: what it does */
} cli_command;

/* Prints "newsloc: FILE:LINE:COL: message" for `err` and returns 2. */
int cli_fail(const nl_error *err);
/* Prints "newsloc: CMD: message" and the command's usage; returns 2. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int cli_usage(const char *cmd, const char *fmt, ...);
/* Prints "newsloc: warning: ..." on stderr. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void cli_warn(const char *fmt, ...);
/* The canonical tag for a language named on the command line, into
 * `out`: a service's tag for its id, alias or language ("persian", "fa"
 * -> "fa-IR", nl_services_resolve); with `filter`, a well-formed tag
 * stays the tag it is, canonical ("fa" matches every "fa-*" in a file).
 * Prints the error and returns 2 for anything else. */
int cli_lang(const char *name, int filter, char *out, size_t cap);
/* cli_lang with the registry loaded into *reg on first need and kept
 * there (the caller frees it): a command resolving several names loads
 * it once. */
int cli_lang_in(nl_services **reg, const char *name, int filter, char *out,
                size_t cap);
/* Writes `buf` to `path` atomically ("-" or NULL: standard output). */
int cli_write(const char *path, const nl_buf *buf);
/* Writes n outputs together or none (nl_outputs); two naming the same
 * file is a usage error. */
int cli_write_all(const char *const *paths, const nl_buf *const *bufs,
                  size_t n);
/* Removes the library's named temporary files on SIGINT/SIGTERM/SIGHUP
 * (output.c); cli_temp is the nl_temp_fn that registers them. */
void cli_cleanup_install(void);
void cli_temp(void *ctx, const char *path, int live);

/* The commands, one module each (cmd_<name>.c). */
int cli_batch(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_render(int argc, char **argv);
int cli_segment(int argc, char **argv);
int cli_services(int argc, char **argv);
int cli_tm(int argc, char **argv);

#endif
