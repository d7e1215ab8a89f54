/*
 * newsloc/localize.h - making a merged article right for its service.
 *
 * After merge, the text is the translator's; before publishing, each
 * service's conventions apply: the orthography its editors use (Persian
 * yeh and kaf, Zawgyi Burmese converted to Unicode), its digits and
 * quotation marks, its calendar in the dateline, and bidirectional text
 * isolated so that an English name inside a Persian sentence stays where
 * it belongs. Every change is reported.
 */
#ifndef NEWSLOC_LOCALIZE_H
#define NEWSLOC_LOCALIZE_H

#include <newsloc/common.h>
#include <newsloc/error.h>
#include <newsloc/article.h>
#include <newsloc/services.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * One change: in which block, by which rule, the text before and after
 * (the changed characters or token, at most about 80 bytes each), and
 * where: `offset` is the byte offset in the block's text as that step
 * saw it. Steps run in a fixed order over the whole block (bidi
 * controls, orthography or Zawgyi, digits, quotes, then isolation), so
 * an offset counts the changes of earlier steps, not of later ones.
 * `rule` is the step, with the rule set after a colon where there is
 * one ("orthography:persian-letters").
 */
typedef struct nl_localize_change {
  const char *block_id;
  const char *rule;
  const char *before;
  const char *after;
  size_t offset;
} nl_localize_change;

typedef struct nl_localize_report nl_localize_report;

/**
 * A localized copy of `in` for `service` (from `services`): language tag,
 * direction, orthography, digits, quotation marks, dateline date, bidi
 * isolation, NFC. Blocks marked not to translate are copied unchanged.
 * `report` (may be NULL) receives every change; free it with
 * nl_localize_report_free(). Returns 0, NL_EIO/NL_EPARSE (a rule set),
 * NL_EICU or NL_ENOMEM.
 */
NL_EXTERN int nl_localize_article(nl_article **out, const nl_article *in,
                                  const nl_services *services,
                                  const nl_service *service,
                                  nl_localize_report **report,
                                  nl_error *err);

NL_EXTERN size_t nl_localize_report_count(const nl_localize_report *r);
NL_EXTERN const nl_localize_change *
nl_localize_report_get(const nl_localize_report *r, size_t i);
NL_EXTERN void nl_localize_report_free(nl_localize_report *r);

/**
 * Appends the report as text, one change a line:
 * "BLOCK<TAB>OFFSET<TAB>RULE<TAB>BEFORE<TAB>AFTER" (tabs and newlines in
 * the excerpts become spaces; bidi controls are shown as <LRI>, <PDI>,
 * ... so that the line reads in any terminal). Returns 0 or NL_ENOMEM.
 */
NL_EXTERN int nl_localize_report_write(const nl_localize_report *r,
                                       nl_buf *out);

#ifdef __cplusplus
}
#endif
#endif
