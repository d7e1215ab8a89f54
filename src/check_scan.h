/*
 * check_scan.h - cutting a file into runs of text (internal).
 */
#ifndef NL_CHECK_SCAN_H
#define NL_CHECK_SCAN_H

#include "check_internal.h"

typedef int (*nl_run_fn)(nl_check_ctx *c, const nl_run *r, void *ud);

/* XML: the character data of each block element (inline elements such
 * as <b>, <g>, <pc> stay inside the run and are recorded as tags), and
 * attribute values that are not ASCII; entities decoded; xml:lang,
 * srcLang/trgLang, source-language/target-language followed. Gross
 * syntax errors (an unterminated tag or comment) give NL_EPARSE. */
int nl_chk__scan_xml(nl_check_ctx *c, const char *s, size_t len,
                     nl_run_fn fn, void *ud);
/* The same without its shortcuts (block elements read in one go):
 * tests hold the two to the same runs and findings. */
int nl_chk__scan_xml_general(nl_check_ctx *c, const char *s, size_t len,
                             nl_run_fn fn, void *ud);
/* Where the attribute name from s[i] ends: the first '=', '/', space,
 * tab, LF or CR, or `end`; the file is `len` bytes (tests hold it to a
 * walk a byte at a time). */
size_t nl_chk__attr_name_end(const char *s, size_t i, size_t end,
                             size_t len);
/* Plain text: one run a line (a line is a paragraph). */
int nl_chk__scan_text(nl_check_ctx *c, const char *s, size_t len,
                      nl_run_fn fn, void *ud);

#endif
