/*
 * cmd_merge.c - `newsloc merge`: a translation back into its article.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct merge_args {
  const char *article, *xliff, *out, *service, *report;
  int allow_untranslated, no_localize, force;
  char to_tag[128];
} merge_args;

static int parse(merge_args *a, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    if (strcmp(s, "-o") == 0 && i + 1 < argc)
      a->out = argv[++i];
    else if (strcmp(s, "--allow-untranslated") == 0)
      a->allow_untranslated = 1;
    else if (strcmp(s, "--force") == 0)
      a->force = 1;
    else if (strcmp(s, "--no-localize") == 0)
      a->no_localize = 1;
    else if ((strcmp(s, "--to") == 0 || strcmp(s, "--service") == 0) &&
             i + 1 < argc)
      a->service = argv[++i];
    else if (strcmp(s, "--report") == 0 && i + 1 < argc)
      a->report = argv[++i];
    else if (s[0] == '-' && s[1] != '\0')
      return cli_usage("merge", "unknown or incomplete option '%s'", s);
    else if (a->article == NULL)
      a->article = s;
    else if (a->xliff == NULL)
      a->xliff = s;
    else
      return cli_usage("merge", "too many arguments ('%s')", s);
  }
  if (a->xliff == NULL)
    return cli_usage("merge", "give the article and its translated XLIFF");
  if (a->report && strcmp(a->report, a->out ? a->out : "-") == 0)
    return cli_usage("merge", "--report and -o name the same file");
  return CLI_OK;
}

static void warn_report(const nl_merge_report *r) {
  if (r->untranslated)
    cli_warn("%zu segment(s) kept in the source language: %s",
             r->untranslated, r->untranslated_ids.ptr);
  if (r->codes_dropped)
    cli_warn("%zu inline element(s) dropped (--force): %s", r->codes_dropped,
             r->codes_dropped_ids.ptr);
}

/* Links and emphasis the translation lost are not published silently:
 * each is named, and the merge stops unless --force. */
static int codes_lost(const merge_args *a, const nl_merge_report *r) {
  fprintf(stderr,
          "newsloc: %s: %zu inline element(s) missing from the translation "
          "or overlapping others: %s; put them back, or merge with --force "
          "to publish without them\n",
          a->xliff, r->codes_dropped, r->codes_dropped_ids.ptr);
  return CLI_FINDINGS;
}

/* The article and the report (one line a change, see
 * nl_localize_report_write), both or neither. */
static int write_outputs(const merge_args *a, const nl_buf *article,
                         const nl_localize_report *r) {
  nl_buf b = NL_BUF_INIT;
  if (a->report && nl_localize_report_write(r, &b) < 0) {
    nl_buf_dispose(&b);
    fprintf(stderr, "newsloc: out of memory\n");
    return CLI_ERROR;
  }
  const char *paths[] = {a->out ? a->out : "-", a->report};
  const nl_buf *bufs[] = {article, &b};
  int rc = cli_write_all(paths, bufs, a->report ? 2 : 1);
  nl_buf_dispose(&b);
  return rc;
}

/* The service for the translation: --to, else the XLIFF's language. */
static int localize(const merge_args *a, nl_article **art,
                    const nl_localize_report **rep_out,
                    nl_localize_report **rep, nl_error *err) {
  nl_services *reg = NULL;
  const nl_service *svc = NULL;
  const char *name = a->service ? a->service : nl_article_get(*art, NL_FIELD_LANG);
  int rc = nl_services_load(&reg, NULL, err);
  if (rc == 0)
    rc = nl_services_find(reg, name, &svc, err);
  nl_article *loc = NULL;
  if (rc == 0)
    rc = nl_localize_article(&loc, *art, reg, svc, rep, err);
  if (rc == 0) {
    nl_article_free(*art);
    *art = loc;
    *rep_out = *rep;
  }
  nl_services_free(reg);
  return rc;
}

/* Without localization the text stays as merged, but a named service
 * still says which way its pages run. */
static int service_dir(const merge_args *a, nl_article *art, nl_error *err) {
  nl_services *reg = NULL;
  const nl_service *svc = NULL;
  int rc = nl_services_load(&reg, NULL, err);
  if (rc == 0)
    rc = nl_services_find(reg, a->service, &svc, err);
  if (rc == 0)
    rc = nl_article_set(art, NL_FIELD_DIR, nl_service_get(svc, NL_SERVICE_DIR),
                        err);
  nl_services_free(reg);
  return rc;
}

int cli_merge(int argc, char **argv) {
  merge_args a = {0};
  int rc = parse(&a, argc, argv);
  if (rc != CLI_OK)
    return rc;
  nl_error err = NL_ERROR_INIT;
  nl_article *src = NULL, *loc = NULL;
  nl_merge_options mo = NL_MERGE_OPTIONS_INIT;
  nl_merge_report rep = NL_MERGE_REPORT_INIT;
  nl_localize_report *lrep = NULL;
  const nl_localize_report *shown = NULL;
  nl_buf out = NL_BUF_INIT;
  mo.allow_untranslated = a.allow_untranslated;
  mo.force = a.force;
  mo.service = a.service;
  if (a.service) {
    rc = cli_lang(a.service, 0, a.to_tag, sizeof(a.to_tag));
    if (rc != CLI_OK)
      return rc;
    mo.target_lang = a.to_tag;
  }
  if (nl_article_read_file(&src, a.article, NL_FORMAT_AUTO, &err) < 0 ||
      nl_merge_file(&loc, src, a.xliff, &mo, &rep, &err) < 0 ||
      (!a.no_localize && localize(&a, &loc, &shown, &lrep, &err) < 0) ||
      (a.no_localize && a.service && service_dir(&a, loc, &err) < 0) ||
      nl_article_write_nitf(loc, &out, &err) < 0) {
    rc = cli_fail(&err);
    /* the gate: a list of what to fix, and exit 1 (findings) */
    if (err.code == NL_EUNTRANSLATED) {
      fputs(rep.problems.ptr ? rep.problems.ptr : "", stderr);
      rc = CLI_FINDINGS;
    }
  } else if (rep.codes_dropped && !a.force) {
    rc = codes_lost(&a, &rep);
  } else {
    rc = write_outputs(&a, &out, shown);
    if (rc == CLI_OK)
      warn_report(&rep);
  }
  nl_localize_report_free(lrep);
  nl_buf_dispose(&out);
  nl_merge_report_dispose(&rep);
  nl_article_free(loc);
  nl_article_free(src);
  return rc;
}
