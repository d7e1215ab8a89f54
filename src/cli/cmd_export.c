/*
 * cmd_export.c - `newsloc export`: an article as XLIFF for translators.
 *
 * The TM is used when asked for (--tm) or when the default one exists;
 * export never creates a TM, because a translator exporting a file should
 * not find a database appearing in their home directory.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

typedef struct export_args {
  const char *article, *to, *out, *tm, *srx;
  int xliff, no_tm, min_score, profile;
} export_args;

static int parse(export_args *a, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    int more = i + 1 < argc;
    if (strcmp(s, "--to") == 0 && more)
      a->to = argv[++i];
    else if (strcmp(s, "-o") == 0 && more)
      a->out = argv[++i];
    else if (strcmp(s, "--tm") == 0 && more)
      a->tm = argv[++i];
    else if (strcmp(s, "--srx") == 0 && more)
      a->srx = argv[++i];
    else if (strcmp(s, "--no-tm") == 0)
      a->no_tm = 1;
    else if (strcmp(s, "--min") == 0 && more)
      a->min_score = (int)strtol(argv[++i], NULL, 10);
    else if (strcmp(s, "--profile") == 0 && more) {
      const char *v = argv[++i];
      if (strcmp(v, "omegat") == 0)
        a->profile = NL_XLIFF_PROFILE_OMEGAT;
      else if (strcmp(v, "sentences") == 0)
        a->profile = NL_XLIFF_PROFILE_SENTENCES;
      else if (strcmp(v, "default") != 0)
        return cli_usage("export", "--profile takes default, omegat or "
                                   "sentences, not '%s'", v);
    } else if (strcmp(s, "--xliff") == 0 && more) {
      const char *v = argv[++i];
      if (strcmp(v, "2.0") == 0 || strcmp(v, "2") == 0)
        a->xliff = NL_XLIFF_2_0;
      else if (strcmp(v, "1.2") == 0)
        a->xliff = NL_XLIFF_1_2;
      else
        return cli_usage("export", "--xliff takes 2.0 or 1.2, not '%s'", v);
    } else if (s[0] == '-' && s[1] != '\0')
      return cli_usage("export", "unknown or incomplete option '%s'", s);
    else if (a->article == NULL)
      a->article = s;
    else
      return cli_usage("export", "one article at a time ('%s')", s);
  }
  if (a->article == NULL)
    return cli_usage("export", "no article given");
  if (a->to == NULL)
    return cli_usage("export", "no target language: use --to TAG");
  if (a->profile && a->xliff == NL_XLIFF_2_0)
    return cli_usage("export", "--profile omegat and sentences are XLIFF "
                               "1.2 (OmegaT 3.6 and translate-toolkit read "
                               "no XLIFF 2.0)");
  if (a->min_score < 0 || a->min_score > 100)
    return cli_usage("export", "--min takes a score from 0 to 100");
  return CLI_OK;
}

/* The TM to leverage from, or NULL; see the file comment. */
static int open_tm(const export_args *a, nl_tm **tm, nl_error *err) {
  *tm = NULL;
  if (a->no_tm)
    return 0;
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  o.read_only = 1;
  if (a->tm)
    return nl_tm_open(tm, a->tm, &o, err);
  nl_buf path = NL_BUF_INIT;
  int rc = nl_tm_default_path(&path, err);
  /* a file not made yet is no TM; a server is asked (it says if not) */
  if (rc == 0 && (nl_tm_is_server(path.ptr) || access(path.ptr, F_OK) == 0))
    rc = nl_tm_open(tm, path.ptr, &o, err);
  nl_buf_dispose(&path);
  return rc;
}

/* --to takes a service id ("persian"), an alias ("farsi") or a
 * language tag ("fa", "fa-IR"): all give the service's tag; a tag of a
 * language no service writes stays a tag, canonical. */
static int target_tag(const char *to, char *out, size_t cap, nl_error *err) {
  nl_services *reg = NULL;
  int rc = nl_services_load(&reg, NULL, err);
  if (rc == 0)
    rc = nl_services_resolve(reg, to, out, cap, err);
  nl_services_free(reg);
  return rc;
}

int cli_export(int argc, char **argv) {
  export_args a = {0};
  int rc = parse(&a, argc, argv);
  if (rc != CLI_OK)
    return rc;
  nl_error err = NL_ERROR_INIT;
  nl_article *art = NULL;
  nl_segmenter *seg = NULL;
  nl_tm *tm = NULL;
  nl_buf out = NL_BUF_INIT;
  nl_segmenter_options so = NL_SEGMENTER_OPTIONS_INIT;
  so.srx_path = a.srx;
  const char *lang = NULL;
  nl_export_options eo = NL_EXPORT_OPTIONS_INIT;
  nl_export_stats st;
  char to[128];
  if (strlen(a.to) >= sizeof(to)) /* never cut to another tag */
    return cli_usage("export",
                     "--to: '%.32s...' is %zu bytes; a language tag or "
                     "service has at most %zu",
                     a.to, strlen(a.to), sizeof(to) - 1);
  if (target_tag(a.to, to, sizeof(to), &err) < 0 ||
      nl_article_read_file(&art, a.article, NL_FORMAT_AUTO, &err) < 0)
    goto fail;
  lang = nl_article_get(art, NL_FIELD_LANG);
  if (nl_segmenter_new(&seg, lang ? lang : "en", &so, &err) < 0 ||
      open_tm(&a, &tm, &err) < 0)
    goto fail;
  eo.xliff = a.xliff ? (nl_xliff_version)a.xliff
           : a.profile ? NL_XLIFF_1_2
                       : NL_XLIFF_2_0;
  eo.profile = (nl_xliff_profile)a.profile;
  eo.target_lang = to;
  eo.tm = tm;
  eo.min_score = a.min_score;
  if (nl_xliff_export(art, seg, &eo, &out, &st, &err) < 0) {
    if (err.path[0] == '\0' && err.code == NL_ENOTFOUND) /* the article's */
      snprintf(err.path, sizeof(err.path), "%s", a.article);
    goto fail;
  }
  rc = cli_write(a.out, &out);
  if (rc == CLI_OK)
    fprintf(stderr,
            "newsloc: %zu units, %zu segments; %zu pre-filled from the TM, "
            "%zu with fuzzy candidates\n",
            st.units, st.segments, st.prefilled, st.fuzzy);
  goto done;
fail:
  rc = cli_fail(&err);
done:
  nl_buf_dispose(&out);
  nl_tm_close(tm);
  nl_segmenter_free(seg);
  nl_article_free(art);
  return rc;
}
