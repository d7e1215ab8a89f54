/*
 * newsloc/error.h - status codes and the caller-owned error record.
 *
 * Every fallible call returns 0 or a negative NL_E* code and, when the
 * caller passes a non-NULL nl_error, fills it with a one-line message
 * and, where known, the file, line and column at fault. Nothing is
 * allocated on the error path and nothing is kept in thread-local or
 * global state: the record belongs to the caller.
 */
#ifndef NEWSLOC_ERROR_H
#define NEWSLOC_ERROR_H

#include <newsloc/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum nl_status {
  NL_OK = 0,
  NL_ERROR = -1,         /* anything not covered below */
  NL_ENOMEM = -2,        /* out of memory */
  NL_EINVAL = -3,        /* invalid argument or option (caller's mistake) */
  NL_EIO = -4,           /* file could not be read or written */
  NL_EPARSE = -5,        /* malformed input: XML, JSON, TMX, SRX, text */
  NL_EUTF8 = -6,         /* invalid UTF-8 */
  NL_EMISMATCH = -7,     /* a translation that does not belong to the article */
  NL_EUNTRANSLATED = -8, /* segments without a target */
  NL_ENOTFOUND = -9,     /* no such file, service, unit or entry */
  NL_ELANG = -10,        /* unknown or unsupported language tag */
  NL_EBUSY = -11,        /* the translation memory is locked by another writer */
  NL_ECORRUPT = -12,     /* a corrupt TM, or a file that is not a TM */
  NL_EICU = -13,         /* ICU refused an operation (message says which) */
  NL_EDB = -14           /* the database failed in another way */
} nl_status;

/* Room for the longest message newsloc writes (lists of unit ids
 * included); one that would not fit is cut at a character boundary and
 * ends in "…", never mid-character. */
#define NL_ERROR_MESSAGE_MAX 1024
#define NL_ERROR_PATH_MAX 512

typedef struct nl_error {
  int code;                            /* an nl_status, 0 when clear */
  char message[NL_ERROR_MESSAGE_MAX];  /* one line, no trailing newline */
  char path[NL_ERROR_PATH_MAX];        /* the file at fault, "" if none */
  unsigned long line;                  /* 1-based, 0 when unknown */
  unsigned long column;                /* 1-based, 0 when unknown */
} nl_error;

#define NL_ERROR_INIT {0, {0}, {0}, 0, 0}

/** A short static description of a status code. */
NL_EXTERN const char *nl_strerror(int code);

/** Resets the record to NL_ERROR_INIT; NULL is a no-op. */
NL_EXTERN void nl_error_clear(nl_error *err);

/**
 * Writes "PATH:LINE:COL: message" (parts that are unknown are left out)
 * into `out` (at most `size` bytes, always NUL-terminated). Returns the
 * length the full text would have, like snprintf.
 */
NL_EXTERN int nl_error_format(const nl_error *err, char *out, size_t size);

#ifdef __cplusplus
}
#endif
#endif
