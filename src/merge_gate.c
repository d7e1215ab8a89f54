/*
 * merge_gate.c - merge refuses to publish what the check gate stops.
 *
 * The same checks as `newsloc check`, so that CI and merge never
 * disagree: a target that is a copy of its source (OmegaT leaves those
 * in untranslated segments), a target of only whitespace (an empty <p>
 * on the page), a block target that lost a sentence. --allow-untranslated lets the untranslated kinds through (the
 * source is then published, as the user asked); --force lets all of
 * them through. A service that is not the file's target language (a
 * Persian XLIFF merged with --to ru) is never merged.
 */
#include <stdio.h>
#include <string.h>

#include <newsloc/check.h>
#include <newsloc/services.h>

#include "error.h"
#include "merge_gate.h"
#include "util/buf.h"

/* Segments without any target are merge's own list (merge.c), with
 * the same rule as the TM for what is a translation. */
static const char *const gate_ids =
    "target-blank,target-equals-source,sentence-missing";

static int untranslated_kind(const char *id) {
  return strcmp(id, "target-equals-source") == 0;
}

/* The service must be the one for the XLIFF's target language. */
static int service_matches(const nl_xliff_doc *doc, const char *name,
                           const char *service, nl_error *err) {
  nl_xliff_segment s;
  const char *lang = NULL;
  for (size_t i = 0; lang == NULL && i < nl_xliff_doc_segment_count(doc); i++)
    if (nl_xliff_doc_segment(doc, i, &s) == 0 && s.target_lang &&
        *s.target_lang)
      lang = s.target_lang;
  if (service == NULL || lang == NULL)
    return 0;
  nl_services *reg = NULL;
  const nl_service *want = NULL, *have = NULL;
  int rc = nl_services_load(&reg, NULL, err);
  /* a service the registry does not know is the localizer's to refuse */
  if (rc == 0 && nl_services_find(reg, service, &want, NULL) == 0 &&
      nl_services_find(reg, lang, &have, NULL) == 0 &&
      strcmp(nl_service_get(have, NL_SERVICE_TAG),
             nl_service_get(want, NL_SERVICE_TAG)) != 0)
    rc = nl_error__set(err, NL_EMISMATCH, name, 0, 0,
                       "the XLIFF is translated into '%s' (%s), not for "
                       "the %s service ('%s')",
                       lang, nl_service_get(have, NL_SERVICE_NAME),
                       nl_service_get(want, NL_SERVICE_NAME), service);
  nl_services_free(reg);
  return rc;
}

static int list(const nl_checker *k, const nl_merge_options *o,
                nl_buf *out, const nl_check_finding **first) {
  size_t n = 0;
  for (size_t i = 0; i < nl_checker_count(k); i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    if (f == NULL)
      return NL_ENOMEM;
    if (f->severity < NL_CHECK_ERROR || o->force ||
        (o->allow_untranslated && untranslated_kind(f->id)))
      continue;
    if (n++ == 0)
      *first = f;
    if (nl_buf__printf(out, "%s:%lu: %s: %s\n", f->path, f->line, f->id,
                       f->message) < 0)
      return NL_ENOMEM;
  }
  return (int)n;
}

int nl_merge__gate(const nl_xliff_doc *doc, const char *data, size_t len,
                   const char *name, const nl_merge_options *o,
                   nl_merge_report *rep, nl_error *err) {
  int rc = service_matches(doc, name, o->service, err);
  if (rc < 0 || o->force)
    return rc;
  nl_check_options co = NL_CHECK_OPTIONS_INIT;
  co.enable = gate_ids;
  nl_checker *k = NULL;
  rc = nl_checker_new(&k, &co, err);
  if (rc == 0)
    rc = nl_check_memory(k, data, len, name, err);
  const nl_check_finding *first = NULL;
  int n = rc == 0 ? list(k, o, &rep->problems, &first) : 0;
  if (n < 0)
    rc = nl_error__nomem(err);
  else if (n > 0)
    rc = nl_error__set(err, NL_EUNTRANSLATED, name, first->line, 0,
                       "%d problem(s) stop the merge (first: %s: %s); "
                       "fix them, or --allow-untranslated / --force",
                       n, first->id, first->message);
  nl_checker_free(k);
  return rc;
}
