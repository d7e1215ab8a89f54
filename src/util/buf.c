/*
 * util/buf.c - growable byte buffers.
 */
#if defined(__linux__)
#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE */
#endif
#include "util/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <newsloc/error.h>

void nl_buf_dispose(nl_buf *buf) {
  if (buf == NULL)
    return;
  free(buf->ptr);
  buf->ptr = NULL;
  buf->size = 0;
  buf->asize = 0;
}

void nl_free(void *ptr) { free(ptr); }

int nl_buf__grow(nl_buf *buf, size_t extra) {
  size_t need = buf->size + extra + 1;
  if (need < buf->size)
    return NL_ENOMEM;
  if (need <= buf->asize)
    return 0;
  size_t n = buf->asize ? buf->asize : 64;
  while (n < need) {
    if (n > SIZE_MAX / 2)
      return NL_ENOMEM;
    n *= 2;
  }
  char *p = realloc(buf->ptr, n);
  if (p == NULL)
    return NL_ENOMEM;
  if (buf->ptr == NULL)
    p[0] = '\0';
  buf->ptr = p;
  buf->asize = n;
  return 0;
}

int nl_buf__reserve(nl_buf *buf, size_t extra) {
  if (nl_buf__grow(buf, extra) < 0)
    return NL_ENOMEM;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const uintptr_t huge = (uintptr_t)2 << 20;
  if (extra >= 4 * huge) {
    uintptr_t a = ((uintptr_t)buf->ptr + buf->size + huge - 1) & ~(huge - 1);
    uintptr_t e = ((uintptr_t)buf->ptr + buf->asize) & ~(huge - 1);
    if (e > a)
      (void)madvise((void *)a, e - a, MADV_HUGEPAGE); /* advice only */
  }
#endif
  return 0;
}

int nl_buf__put(nl_buf *buf, const char *data, size_t len) {
  if (nl_buf__grow(buf, len) < 0)
    return NL_ENOMEM;
  if (len)
    memcpy(buf->ptr + buf->size, data, len);
  buf->size += len;
  buf->ptr[buf->size] = '\0';
  return 0;
}

int nl_buf__puts(nl_buf *buf, const char *s) {
  return nl_buf__put(buf, s, strlen(s));
}

int nl_buf__putc(nl_buf *buf, char c) { return nl_buf__put(buf, &c, 1); }

int nl_buf__vprintf(nl_buf *buf, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n < 0 || nl_buf__grow(buf, (size_t)n) < 0) {
    va_end(again);
    return n < 0 ? NL_ERROR : NL_ENOMEM;
  }
  vsnprintf(buf->ptr + buf->size, (size_t)n + 1, fmt, again);
  va_end(again);
  buf->size += (size_t)n;
  return 0;
}

int nl_buf__printf(nl_buf *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = nl_buf__vprintf(buf, fmt, ap);
  va_end(ap);
  return rc;
}

void nl_buf__clear(nl_buf *buf) {
  buf->size = 0;
  if (buf->ptr)
    buf->ptr[0] = '\0';
}

char *nl_buf__detach(nl_buf *buf) {
  if (buf->ptr == NULL && nl_buf__grow(buf, 0) < 0)
    return NULL;
  char *p = buf->ptr;
  buf->ptr = NULL;
  buf->size = 0;
  buf->asize = 0;
  return p;
}

int nl_buf__put_xml(nl_buf *buf, const char *s, size_t len, int attr) {
  if (len == 0) /* s may be NULL: an empty buffer's text */
    return 0;
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    const char *rep = NULL;
    switch (s[i]) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = attr ? "&quot;" : NULL; break;
    case '\t': rep = attr ? "&#9;" : NULL; break;
    case '\n': rep = attr ? "&#10;" : NULL; break;
    case '\r': rep = "&#13;"; break;
    default: break;
    }
    if (rep == NULL)
      continue;
    if (nl_buf__put(buf, s + run, i - run) < 0 || nl_buf__puts(buf, rep) < 0)
      return NL_ENOMEM;
    run = i + 1;
  }
  return nl_buf__put(buf, s + run, len - run);
}

char *nl__strdup(const char *s) {
  return s ? nl__strndup(s, strlen(s)) : NULL;
}

char *nl__strndup(const char *s, size_t n) {
  if (s == NULL)
    return NULL;
  char *p = malloc(n + 1);
  if (p == NULL)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

int nl_buf_append(nl_buf *buf, const char *data, size_t len) {
  return nl_buf__put(buf, data, len);
}
