/*
 * merge_gate.h - what stops a merge before anything is published
 * (internal).
 */
#ifndef NL_MERGE_GATE_H
#define NL_MERGE_GATE_H

#include <newsloc/merge.h>
#include <newsloc/xliff.h>

/* Runs the error-level translation checks of `newsloc check` on the
 * XLIFF bytes; fills report->problems and returns NL_EUNTRANSLATED when
 * any is left after allow_untranslated/force, NL_EMISMATCH when the
 * service contradicts the target language, else 0. */
int nl_merge__gate(const nl_xliff_doc *doc, const char *data, size_t len,
                   const char *name, const nl_merge_options *o,
                   nl_merge_report *rep, nl_error *err);

#endif
