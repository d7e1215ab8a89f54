/*
 * cmd_import.c - `newsloc import`: a scraped page, article HTML or NITF
 * as canonical NITF.
 */
#include <string.h>

#include "cli.h"

static int format_of(const char *s, nl_article_format *f) {
  static const struct {
    const char *name;
    nl_article_format f;
  } map[] = {{"auto", NL_FORMAT_AUTO},
             {"text", NL_FORMAT_TEXT},
             {"html", NL_FORMAT_HTML},
             {"nitf", NL_FORMAT_NITF}};
  for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
    if (strcmp(s, map[i].name) == 0) {
      *f = map[i].f;
      return 0;
    }
  return -1;
}

int cli_import(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  nl_article_format fmt = NL_FORMAT_AUTO;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    if (strcmp(s, "-o") == 0 && i + 1 < argc)
      out = argv[++i];
    else if (strcmp(s, "--format") == 0 && i + 1 < argc) {
      if (format_of(argv[++i], &fmt) < 0)
        return cli_usage("import", "unknown format '%s'", argv[i]);
    } else if (s[0] == '-' && s[1] != '\0')
      return cli_usage("import", "unknown or incomplete option '%s'", s);
    else if (in == NULL)
      in = s;
    else
      return cli_usage("import", "one file at a time ('%s')", s);
  }
  if (in == NULL)
    return cli_usage("import", "no input file (use - for standard input)");
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  nl_buf nitf = NL_BUF_INIT;
  int rc;
  if (nl_article_read_file(&a, in, fmt, &err) < 0 ||
      nl_article_write_nitf(a, &nitf, &err) < 0)
    rc = cli_fail(&err);
  else
    rc = cli_write(out, &nitf);
  nl_buf_dispose(&nitf);
  nl_article_free(a);
  return rc;
}
