/*
 * oracle.h - what every fuzz target checks of an article it got.
 *
 * The oracles are not ours alone: libxml2's XML parser judges that the
 * NITF we write is well-formed, its HTML parser reads the review page
 * the way a browser's tree would be built, and our own reader must take
 * back what our writer wrote, byte for byte. A broken promise prints
 * what was broken and aborts, which libFuzzer (or the replay driver's
 * ctest) reports as a finding with the input that caused it.
 */
#ifndef NL_FUZZ_ORACLE_H
#define NL_FUZZ_ORACLE_H

#include <stddef.h>
#include <stdint.h>

#include <newsloc/newsloc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints "fuzz oracle: <what>" and aborts. */
__attribute__((format(printf, 1, 2)))
_Noreturn void fuzz_fail(const char *fmt, ...);

/* Writes the article as NITF: libxml2 must find it well-formed, our
 * reader must read it, and writing what was read must give the same
 * bytes. */
void fuzz_check_nitf(const nl_article *a);

/* Renders the page (side by side with `source` when not NULL) and reads
 * it with libxml2's HTML parser: no script-capable element, no on*
 * attribute, no javascript:, vbscript: or data: URL may appear. */
void fuzz_check_page(const nl_article *a, const nl_article *source);

/* No link in the model may carry a javascript:, vbscript: or data: URL,
 * however it is spelt (leading spaces, tabs or newlines inside, case). */
void fuzz_check_links(const nl_article *a);

/* 1 when `url`, read the way a browser reads it, runs script or embeds
 * a document: javascript:, vbscript:, data:. */
int fuzz_dangerous_url(const char *url);

/* The scratch directory of this process, $TMPDIR/nl-fuzz-PID (made on
 * first use), for the readers that take a path. */
void fuzz_temp_dir(char *path, size_t cap);

/* Writes the input to the file `name` in fuzz_temp_dir() and puts its
 * path in `path`. Aborts when the file cannot be written. */
void fuzz_temp_file(char *path, size_t cap, const char *name,
                    const uint8_t *data, size_t size);

/* The segmenter's promises on a split of `len` bytes of `text`: ranges
 * in order, inside the text, non-empty, never overlapping, never
 * cutting a character. */
void fuzz_check_ranges(const char *text, size_t len, const nl_range *r,
                       size_t n);

/* Reads the input as an article in `format`; what reads must pass
 * fuzz_check_nitf and fuzz_check_page (alone and side by side), and
 * an HTML import fuzz_check_links. */
void fuzz_read_article(const uint8_t *data, size_t size,
                       nl_article_format format);

/* Localize reports every change: a block whose text changed must be
 * named in the report, and no block may be lost or added. */
void fuzz_check_localized(const nl_article *in, const nl_article *out,
                          const nl_localize_report *rep);

/* Localizes `a` for `s`; what comes out must pass fuzz_check_localized,
 * the NITF oracle and the page oracle beside `source`. Returns
 * nl_localize_article's status (the caller decides whether a refusal
 * is a finding). */
int fuzz_localize(const nl_article *a, const nl_service *s,
                  const nl_article *source, nl_error *err);

/* The services registry of the source tree (loaded once per run). */
const nl_services *fuzz_services(void);

#endif
