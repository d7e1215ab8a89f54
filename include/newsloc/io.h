/*
 * newsloc/io.h - files in and out, safely.
 *
 * An output replaces a regular file by rename: the bytes go to a
 * temporary file beside it, are flushed to disk and then renamed over it,
 * so a failure leaves either the old file or none, never half a file. The
 * file keeps its mode (and, as root, its owner); a symbolic link is
 * followed and stays a link. What a rename would break is written in
 * place once all the bytes are ready: devices (/dev/null, /dev/full),
 * FIFOs, standard output ("-"), paths under /dev and /proc, and a file
 * with other hard links (kept linked; that write is not atomic).
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
 * Writes `len` bytes to `path` as above ("-" is standard output).
 * Returns 0 or NL_EIO.
 */
NL_EXTERN int nl_file_write_atomic(const char *path, const char *data,
                                   size_t len, nl_error *err);

/**
 * Told of each named temporary file an output creates (`live` 1) and of
 * its end (renamed or removed, `live` 0), so that a program can remove
 * those still there when a signal ends it. Most file systems need none:
 * the temporary file has no name until just before its rename.
 */
typedef void (*nl_temp_fn)(void *ctx, const char *path, int live);

/**
 * Outputs of one command, committed together: each is written out when
 * added, and nothing at any destination changes until nl_outputs_commit,
 * which writes the in-place ones first and renames the others last. A
 * failure before the renames leaves every regular file as it was.
 */
typedef struct nl_outputs nl_outputs;

/** `on_temp` may be NULL. Returns 0 or NL_ENOMEM. */
NL_EXTERN int nl_outputs_new(nl_outputs **out, nl_temp_fn on_temp, void *ctx,
                             nl_error *err);
/**
 * Writes `len` bytes for `path` ("-" or NULL: standard output) and holds
 * them. NL_EINVAL when `path` is the same file as an output added before
 * (one would overwrite the other); NL_EIO. On failure nothing is held.
 */
NL_EXTERN int nl_outputs_add(nl_outputs *o, const char *path,
                             const char *data, size_t len, nl_error *err);
/** Makes every output visible. Returns 0 or NL_EIO (the first failure). */
NL_EXTERN int nl_outputs_commit(nl_outputs *o, nl_error *err);
/** Drops what was not committed (its temporary files removed). */
NL_EXTERN void nl_outputs_free(nl_outputs *o);

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
