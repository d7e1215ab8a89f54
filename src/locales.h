/*
 * locales.h - finding the locales/ data directory (internal).
 *
 * Order: an explicit directory from options; $NEWSLOC_LOCALES; the
 * source tree's locales/ (so a fresh build works without installing);
 * the installed datadir.
 */
#ifndef NL_LOCALES_H
#define NL_LOCALES_H

#include <newsloc/common.h>
#include <newsloc/error.h>

/* Appends the path of `relative` (e.g. "srx/default.srx") inside the first
 * locales directory that has it. NL_ENOTFOUND names the places tried. */
int nl_locales__find(nl_buf *out, const char *explicit_dir,
                     const char *relative, nl_error *err);

/* The next row of a TSV data file (`#` comments and empty lines
 * skipped) from *pos: up to `max` fields as pointers into `data` with
 * their lengths, *line its line number. The number of fields, or 0 at
 * the end. */
size_t nl_locales__tsv_row(const nl_buf *data, size_t *pos,
                           unsigned long *line, const char **field,
                           size_t *flen, size_t max);

#endif
