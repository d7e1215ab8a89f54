/*
 * util/buf.h - internal nl_buf operations.
 *
 * Appends either succeed or leave the buffer as it was and return
 * NL_ENOMEM; they never leave a half-written value behind.
 */
#ifndef NL_UTIL_BUF_H
#define NL_UTIL_BUF_H

#include <stdarg.h>
#include <newsloc/common.h>

int nl_buf__grow(nl_buf *buf, size_t extra);
/* nl_buf__grow for a buffer about to be written through, tens of
 * megabytes (a report of a file full of findings): on Linux, room of
 * 8 MB or more is advised to the kernel for transparent huge pages (in
 * its default "madvise" mode), as a first write to each 4 kB page costs
 * a fault and a third of writing such a SARIF report went to them. */
int nl_buf__reserve(nl_buf *buf, size_t extra);
int nl_buf__put(nl_buf *buf, const char *data, size_t len);
int nl_buf__puts(nl_buf *buf, const char *s);
int nl_buf__putc(nl_buf *buf, char c);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int nl_buf__printf(nl_buf *buf, const char *fmt, ...);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
int nl_buf__vprintf(nl_buf *buf, const char *fmt, va_list ap);
void nl_buf__clear(nl_buf *buf);
/* Hands the bytes to the caller (NUL-terminated, never NULL on success)
 * and resets the buffer. NULL on allocation failure. */
char *nl_buf__detach(nl_buf *buf);
/* XML-escapes text for element content (&, <, >) or, with `attr`, for
 * a double-quoted attribute value (also ", tab, CR, LF). */
int nl_buf__put_xml(nl_buf *buf, const char *s, size_t len, int attr);

/* strdup/strndup that accept NULL (returning NULL). */
char *nl__strdup(const char *s);
char *nl__strndup(const char *s, size_t n);

#endif
