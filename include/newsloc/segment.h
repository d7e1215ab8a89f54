/*
 * newsloc/segment.h - sentence segmentation.
 *
 * ICU's sentence break iterator proposes boundaries; per-language SRX
 * 2.0 rules from locales/srx/ (or a user's file) veto some (no-break
 * rules: "U.S. President", "Dr. Smith") and add others (break rules:
 * the Tibetan shad, Khmer khan, Thai sentence spaces). A segment is a
 * trimmed byte range of the input: the whitespace between segments is
 * not part of any segment, so that putting segments and gaps back
 * together reproduces the input exactly.
 */
#ifndef NEWSLOC_SEGMENT_H
#define NEWSLOC_SEGMENT_H

#include <newsloc/common.h>
#include <newsloc/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_segmenter nl_segmenter;

typedef struct nl_segmenter_options {
  unsigned version;        /* NL_SEGMENTER_OPTIONS_VERSION */
  const char *srx_path;    /* a user's SRX 2.0 file; NULL: the bundled rules */
  const char *locales_dir; /* NULL: $NEWSLOC_LOCALES, the build tree, datadir */
} nl_segmenter_options;

#define NL_SEGMENTER_OPTIONS_VERSION 1
#define NL_SEGMENTER_OPTIONS_INIT {NL_SEGMENTER_OPTIONS_VERSION, NULL, NULL}

/**
 * A segmenter for the BCP 47 tag `lang` (rules compiled once, reused for
 * every call). `opts` may be NULL. Returns 0, NL_ELANG (malformed tag),
 * NL_EPARSE (bad SRX: file, rule and ICU's message), NL_EIO, NL_EICU.
 */
NL_EXTERN int nl_segmenter_new(nl_segmenter **out, const char *lang,
                               const nl_segmenter_options *opts,
                               nl_error *err);

NL_EXTERN void nl_segmenter_free(nl_segmenter *seg);

/**
 * Splits `len` bytes of UTF-8 `text` into sentences. On success *out is
 * an array of *count trimmed ranges in order (caller frees it with
 * nl_free); whitespace-only text gives zero ranges. Returns 0, NL_EUTF8,
 * NL_ENOMEM or NL_EICU.
 */
NL_EXTERN int nl_segmenter_split(nl_segmenter *seg, const char *text,
                                 size_t len, nl_range **out, size_t *count,
                                 nl_error *err);

/** Boundary figures of an evaluation against gold segmentations. */
typedef struct nl_segment_eval {
  size_t cases;    /* paragraphs */
  size_t exact;    /* paragraphs segmented exactly as expected */
  size_t expected; /* sentence boundaries inside paragraphs, gold */
  size_t found;    /* boundaries the segmenter proposed */
  size_t correct;  /* found and expected */
} nl_segment_eval;

/** Called for each paragraph segmented differently from the gold. */
typedef void (*nl_segment_miss_fn)(void *ctx, unsigned long line,
                                   const char *expected, const char *got);

/**
 * Segments every case of a JSON Lines file ({"text": "...", "expected":
 * ["...", ...]} per line; the expected sentences must appear in order in
 * the text) and counts boundaries. `miss` may be NULL; it receives the
 * segmentations joined with " | ". The file is streamed. Returns 0,
 * NL_EIO, NL_EPARSE (file and line), NL_EUTF8 or NL_ENOMEM.
 */
NL_EXTERN int nl_segment_evaluate(nl_segmenter *seg, const char *path,
                                  nl_segment_miss_fn miss, void *ctx,
                                  nl_segment_eval *out, nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
