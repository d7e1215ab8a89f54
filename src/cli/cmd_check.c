/*
 * cmd_check.c - `newsloc check`: the Unicode and translation gate.
 *
 * Exit status is the CI contract: 0 nothing at or above --fail-on,
 * 1 findings at or above it, 2 a usage or input error (an unreadable
 * file, XML that is not well-formed) - the other files are still checked
 * and reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct check_args {
  const char **paths; /* argc entries at most */
  size_t npaths;
  const char *format, *tm;
  nl_check_options o;
} check_args;

/* "--name VALUE" or "--name=VALUE"; NULL when `s` is not --name. */
static const char *value(const char *s, const char *name, int argc,
                         char **argv, int *i) {
  size_t n = strlen(name);
  if (strncmp(s, name, n) != 0)
    return NULL;
  if (s[n] == '=')
    return s + n + 1;
  if (s[n] == '\0' && *i + 1 < argc)
    return argv[++*i];
  return NULL;
}

static int parse(check_args *a, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i], *v;
    if ((v = value(s, "--lang", argc, argv, &i)))
      a->o.lang = v;
    else if ((v = value(s, "--format", argc, argv, &i)))
      a->format = v;
    else if ((v = value(s, "--enable", argc, argv, &i)))
      a->o.enable = v;
    else if ((v = value(s, "--disable", argc, argv, &i)))
      a->o.disable = v;
    else if ((v = value(s, "--tm", argc, argv, &i)))
      a->tm = v;
    else if ((v = value(s, "--fail-on", argc, argv, &i))) {
      if (strcmp(v, "error") == 0)
        a->o.fail_on = NL_CHECK_ERROR;
      else if (strcmp(v, "warning") == 0)
        a->o.fail_on = NL_CHECK_WARNING;
      else
        return cli_usage("check", "--fail-on is error or warning, not '%s'",
                         v);
    } else if (strcmp(s, "--fix") == 0)
      a->o.fix = 1;
    else if (s[0] == '-' && s[1] != '\0')
      return cli_usage("check", "unknown or incomplete option '%s'", s);
    else
      a->paths[a->npaths++] = s;
  }
  if (a->npaths == 0 && a->tm == NULL)
    return cli_usage("check", "give files, directories, - or --tm DB");
  /* --fix of standard input writes the fixed text to standard output:
   * another operand would have nowhere to go that says which is which */
  for (size_t i = 0; a->o.fix && a->npaths > 1 && i < a->npaths; i++)
    if (strcmp(a->paths[i], "-") == 0)
      return cli_usage("check", "--fix of standard input takes no other "
                                "operand ('%s')",
                       a->paths[i == 0]);
  return CLI_OK;
}

static int run(check_args *a);

int cli_check(int argc, char **argv) {
  check_args a;
  nl_check_options defaults = NL_CHECK_OPTIONS_INIT;
  memset(&a, 0, sizeof(a));
  a.o = defaults;
  a.paths = malloc((size_t)argc * sizeof(*a.paths));
  if (a.paths == NULL) {
    fprintf(stderr, "newsloc: out of memory\n");
    return CLI_ERROR;
  }
  int rc = parse(&a, argc, argv);
  if (rc == CLI_OK)
    rc = run(&a);
  free(a.paths);
  return rc;
}

static int run(check_args *ap) {
  check_args a = *ap;
  int rc = CLI_OK;
  nl_check_format fmt = NL_CHECK_TEXT;
  if (a.format && nl_check_format_parse(a.format, &fmt) < 0)
    return cli_usage("check", "--format is text, json, sarif or github, not "
                              "'%s'",
                     a.format);
  nl_error err = NL_ERROR_INIT;
  nl_checker *k = NULL;
  if (nl_checker_new(&k, &a.o, &err) < 0)
    return cli_fail(&err);
  int input_error = 0;
  for (size_t i = 0; i < a.npaths; i++) {
    nl_error_clear(&err);
    if (nl_check_path(k, a.paths[i], &err) < 0)
      input_error = cli_fail(&err);
  }
  if (a.tm) {
    nl_error_clear(&err);
    if (nl_check_tm(k, a.tm, &err) < 0)
      input_error = cli_fail(&err);
  }
  nl_buf out = NL_BUF_INIT;
  int to_stderr = 0; /* --fix of standard input writes the text out */
  for (size_t i = 0; i < a.npaths; i++)
    to_stderr |= a.o.fix && strcmp(a.paths[i], "-") == 0;
  if (nl_check_report(k, fmt, &out, &err) < 0)
    rc = cli_fail(&err);
  else if (to_stderr)
    fwrite(out.ptr ? out.ptr : "", 1, out.size, stderr);
  else
    rc = cli_write(NULL, &out);
  if (nl_checker_count_rule(k, "input-error") > 0)
    input_error = CLI_ERROR;
  if (rc == CLI_OK)
    rc = input_error ? CLI_ERROR
                     : nl_checker_failed(k) ? CLI_FINDINGS : CLI_OK;
  nl_buf_dispose(&out);
  nl_checker_free(k);
  return rc;
}
