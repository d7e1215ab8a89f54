/*
 * newsloc/io.h - files in and out, safely.
 *
 * Outputs are never written in place: the bytes go to a temporary file
 * beside the destination, are flushed to disk and then renamed over it,
 * so a failure leaves either the old file or none, never half a file.
 */
#ifndef NEWSLOC_IO_H
#define NEWSLOC_IO_H

#include <newsloc/common.h>
#include <newsloc/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Appends the whole file ("-" is standard input) to `out`. NL_EIO. */
NL_EXTERN int nl_file_read(const char *path, nl_buf *out, nl_error *err);

/**
 * Writes `len` bytes to `path` through a temporary file and rename.
 * "-" writes to standard output. Returns 0 or NL_EIO.
 */
NL_EXTERN int nl_file_write_atomic(const char *path, const char *data,
                                   size_t len, nl_error *err);

/**
 * Appends `len` bytes of UTF-8 as the inside of a JSON string (quotes not
 * included) to `out`. Returns 0 or NL_ENOMEM.
 */
NL_EXTERN int nl_json_escape(nl_buf *out, const char *s, size_t len);

/** 1 when the language (BCP 47) is written right to left, else 0. */
NL_EXTERN int nl_lang_is_rtl(const char *lang);
/** 1 when `lang` is a well-formed tag whose language ICU knows ("fa",
 * "de-CH"); 0 for made-up ones ("persain"). */
NL_EXTERN int nl_lang_is_known(const char *lang);
/**
 * Writes the canonical BCP 47 form of `tag` (ICU: "FA-ir" and "fa_IR" ->
 * "fa-IR", "iw" -> "he") into `out` (`cap` bytes). Every way a language
 * enters newsloc goes through it, so one language has one spelling in
 * files and TM keys. Returns 0 or NL_ELANG (malformed, or too long).
 */
NL_EXTERN int nl_lang_canonicalize(const char *tag, char *out, size_t cap,
                                   nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
