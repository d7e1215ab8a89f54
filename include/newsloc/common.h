/*
 * newsloc/common.h - version, buffers and freeing.
 *
 * Strings the library hands back are UTF-8 and NFC. Variable-length
 * results come back in an nl_buf that the caller owns and disposes;
 * arrays come back as pointers the caller releases with nl_free().
 */
#ifndef NEWSLOC_COMMON_H
#define NEWSLOC_COMMON_H

#include <stddef.h>
#include <newsloc/export.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NL_VERSION_MAJOR 0
#define NL_VERSION_MINOR 1
#define NL_VERSION_PATCH 0

/** The library's version as "MAJOR.MINOR.PATCH"; a static string. */
NL_EXTERN const char *nl_version(void);

/**
 * A growable byte buffer owned by the caller. `ptr` is always
 * NUL-terminated once anything was written; `size` excludes the NUL.
 * Initialise with NL_BUF_INIT, release with nl_buf_dispose().
 */
typedef struct nl_buf {
  char *ptr;    /* the bytes, NUL-terminated; NULL until first write */
  size_t size;  /* bytes in use, without the terminating NUL */
  size_t asize; /* bytes allocated */
} nl_buf;

#define NL_BUF_INIT {NULL, 0, 0}

/** Frees the buffer's memory and resets it; NULL is a no-op. */
NL_EXTERN void nl_buf_dispose(nl_buf *buf);
/** Appends `len` bytes (kept NUL-terminated). Returns 0 or NL_ENOMEM (-2). */
NL_EXTERN int nl_buf_append(nl_buf *buf, const char *data, size_t len);

/** Frees memory the library allocated for the caller; NULL is a no-op. */
NL_EXTERN void nl_free(void *ptr);

/** A byte range [start, end) in a UTF-8 string. */
typedef struct nl_range {
  size_t start;
  size_t end;
} nl_range;

#ifdef __cplusplus
}
#endif
#endif
