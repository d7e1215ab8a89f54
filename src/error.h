/*
 * error.h - filling nl_error records (internal).
 */
#ifndef NL_ERROR_INTERNAL_H
#define NL_ERROR_INTERNAL_H

#include <newsloc/error.h>

/* Fills `err` (may be NULL) and returns `code`, so that callers can write
 * `return nl_error__set(err, NL_EPARSE, path, line, col, "...", ...)`.
 * `path` may be NULL; line/col 0 mean unknown. */
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
int nl_error__set(nl_error *err, int code, const char *path,
                  unsigned long line, unsigned long column, const char *fmt,
                  ...);

/* Shorthand for an out-of-memory error. */
int nl_error__nomem(nl_error *err);

#endif
