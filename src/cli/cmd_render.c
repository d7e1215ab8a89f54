/*
 * cmd_render.c - `newsloc render`: an article as an HTML page for review.
 */
#include <string.h>

#include "cli.h"

int cli_render(int argc, char **argv) {
  const char *in = NULL, *out = NULL, *side = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
      out = argv[++i];
    else if (strcmp(argv[i], "--side-by-side") == 0 && i + 1 < argc)
      side = argv[++i];
    else if (argv[i][0] == '-' && argv[i][1] != '\0')
      return cli_usage("render", "unknown or incomplete option '%s'", argv[i]);
    else if (in == NULL)
      in = argv[i];
    else
      return cli_usage("render", "one article at a time ('%s')", argv[i]);
  }
  if (in == NULL)
    return cli_usage("render", "no article given");
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL, *src = NULL;
  nl_buf html = NL_BUF_INIT;
  int rc;
  if (nl_article_read_file(&a, in, NL_FORMAT_AUTO, &err) < 0 ||
      (side && nl_article_read_file(&src, side, NL_FORMAT_AUTO, &err) < 0) ||
      nl_render_html(a, src, &html, &err) < 0)
    rc = cli_fail(&err);
  else
    rc = cli_write(out, &html);
  nl_buf_dispose(&html);
  nl_article_free(src);
  nl_article_free(a);
  return rc;
}
