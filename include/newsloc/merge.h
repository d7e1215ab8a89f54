/*
 * newsloc/merge.h - put a translation back into its article.
 *
 * Merge checks that an XLIFF file belongs to the article (same unit ids,
 * same source text segment by segment), then builds the localized
 * article: target text in place of the source, the whitespace between
 * segments as the article had it (or as the translator changed it in an
 * <ignorable> target), inline markup restored from the codes, NFC, the
 * target's language tag and direction on the article.
 */
#ifndef NEWSLOC_MERGE_H
#define NEWSLOC_MERGE_H

#include <newsloc/common.h>
#include <newsloc/error.h>
#include <newsloc/article.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_merge_options {
  unsigned version;        /* NL_MERGE_OPTIONS_VERSION */
  int allow_untranslated;  /* keep the source where a target is missing,
                              and let targets that copy the source pass */
  int force;               /* merge what the gate (below) would stop */
  const char *service;     /* the service it is for (--to); NULL: the
                              XLIFF's target language */
  /* BCP 47 tag of the translation when the XLIFF names none (what
   * translate-toolkit's po2xliff writes); NULL: the file must name it */
  const char *target_lang;
} nl_merge_options;

#define NL_MERGE_OPTIONS_VERSION 1
#define NL_MERGE_OPTIONS_INIT {NL_MERGE_OPTIONS_VERSION, 0, 0, NULL, NULL}

typedef struct nl_merge_report {
  size_t segments;          /* segments merged */
  size_t untranslated;      /* segments left in the source language */
  nl_buf untranslated_ids;  /* "unit/segment" ids, space-separated; caller disposes */
  size_t codes_dropped;     /* inline elements a translator deleted or
                               moved into an overlap: text kept, markup lost */
  nl_buf problems;          /* what the gate stopped: one finding a line,
                               "FILE:LINE: id: message"; caller disposes */
  nl_buf codes_dropped_ids; /* "unit:<element>" for each, space-separated;
                               caller disposes */
} nl_merge_report;

#define NL_MERGE_REPORT_INIT {0, 0, NL_BUF_INIT, 0, NL_BUF_INIT, NL_BUF_INIT}

/**
 * Merges the XLIFF document at `xliff_path` into a copy of `source`.
 * `report` may be NULL. First the gate: the error-level translation
 * checks of `newsloc check` (a target that copies its source, a target
 * of only whitespace, a block target with a sentence missing) stop the
 * merge with NL_EUNTRANSLATED and the list in report->problems, unless
 * allow_untranslated (for the untranslated ones) or force; a service whose language is not the XLIFF's target
 * language is NL_EMISMATCH. Returns 0; NL_EMISMATCH when the file
 * belongs to another article (message names the unit and position);
 * NL_EUNTRANSLATED listing the segments without translation unless
 * allowed; NL_EPARSE, NL_EIO.
 */
NL_EXTERN int nl_merge_file(nl_article **out, const nl_article *source,
                            const char *xliff_path,
                            const nl_merge_options *opts,
                            nl_merge_report *report, nl_error *err);

/** As nl_merge_file(), from memory; `name` is used in messages. */
NL_EXTERN int nl_merge_memory(nl_article **out, const nl_article *source,
                              const char *data, size_t len, const char *name,
                              const nl_merge_options *opts,
                              nl_merge_report *report, nl_error *err);

/** Disposes the report's buffer; NULL is a no-op. */
NL_EXTERN void nl_merge_report_dispose(nl_merge_report *report);

#ifdef __cplusplus
}
#endif
#endif
