/*
 * tm_xliff.c - teaching the TM from translated XLIFF.
 *
 * Only work a translator has finished is remembered: 2.x segments in
 * state translated, reviewed or final (1.2 states are mapped onto these
 * by the reader), with a non-empty target. A target that the file gives
 * no state and that copies its source in another language (merge's
 * target-equals-source) is not learnt: OmegaT leaves an untranslated
 * segment as the source copy it was given, without a state, which the
 * reader takes as translated; learnt, it would pre-fill English as the
 * translation. A copy a tool marked translated is taken at its word.
 * Reviewed and final become
 * approved entries. The file's original (for our exports, the article
 * id) and the unit id are kept as provenance, so the next revision of
 * the same story finds its earlier translation by position too.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <newsloc/tm.h>
#include <newsloc/xliff.h>

#include "check_internal.h"
#include "error.h"

/* The same language, by primary subtag ("fa-IR", "fa"). */
static int same_primary(const char *a, const char *b) {
  size_t n = strcspn(a, "-_");
  if (n != strcspn(b, "-_"))
    return 0;
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
      return 0;
  return 1;
}

static int copies_source(const nl_xliff_segment *s) {
  return s->state_implied && strcmp(s->source, s->target) == 0 &&
         (s->source_markup == NULL) == (s->target_markup == NULL) &&
         (s->source_markup == NULL ||
          strcmp(s->source_markup, s->target_markup) == 0) &&
         s->source_lang && s->target_lang &&
         !same_primary(s->source_lang, s->target_lang) &&
         nl_chk__has_words(s->source);
}

static int finished(const nl_xliff_segment *s, nl_tm_status *status) {
  if (!nl_xliff_segment_translated(s))
    return 0;
  *status = strcmp(s->state, "translated") == 0 ? NL_TM_TRANSLATED
                                                : NL_TM_APPROVED;
  return 1;
}

static int learn(nl_tm *tm, const nl_xliff_doc *doc, const char *path,
                 const char *translator, nl_tm_import_stats *st,
                 nl_error *err) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < nl_xliff_doc_segment_count(doc); i++) {
    nl_xliff_segment s;
    nl_tm_status status;
    nl_xliff_doc_segment(doc, i, &s);
    st->segments++;
    if (!finished(&s, &status) || s.source[0] == '\0' || copies_source(&s)) {
      st->skipped++;
      continue;
    }
    if (s.source_lang == NULL || s.target_lang == NULL)
      return nl_error__set(err, NL_ELANG, path, s.line, 0,
                           "the XLIFF does not name its %s language",
                           s.source_lang ? "target" : "source");
    nl_tm_entry e = {s.source_lang, s.target_lang, s.source, s.source_markup,
                     s.target, s.target_markup, s.prev, s.next,
                     s.file_original, s.unit_id, NULL, translator, status, 0,
                     NULL};
    rc = nl_tm_add(tm, &e, err);
    if (rc < 0 && err && err->line == 0) {
      err->line = s.line;
      snprintf(err->path, sizeof(err->path), "%s", path);
    }
    st->stored += rc == 0;
  }
  return rc;
}

int nl_tm_import_xliff(nl_tm *tm, const char *path, const char *translator,
                       nl_tm_import_stats *stats, nl_error *err) {
  nl_tm_import_stats st = {0, 0, 0};
  nl_xliff_doc *doc = NULL;
  int rc = nl_xliff_read_file(&doc, path, err);
  if (rc == 0)
    rc = nl_tm_begin(tm, err);
  if (rc == 0) {
    rc = learn(tm, doc, path, translator, &st, err);
    if (rc == 0)
      rc = nl_tm_commit(tm, err);
    else
      nl_tm_rollback(tm);
  }
  nl_xliff_doc_free(doc);
  if (rc == 0 && stats)
    *stats = st;
  return rc;
}
