/*
 * newsloc/xliff.h - XLIFF 2.0 and 1.2: export for translators, read back.
 *
 * Export writes one <unit> per translatable block and one <segment> per
 * sentence, with the whitespace between sentences as <ignorable> (2.0)
 * or outside <mrk mtype="seg"> (1.2), inline markup as <pc>/<ph> (2.0)
 * or <g>/<x> (1.2), and the block kind in a note. Ids are stable: the
 * same article gives the same ids. With a TM, in-context and exact
 * matches fill targets (state "translated", never "final") and fuzzy
 * matches are attached as candidates.
 *
 * The reader takes what CAT tools write, 2.x and 1.2, and presents it
 * as a flat list of segments.
 */
#ifndef NEWSLOC_XLIFF_H
#define NEWSLOC_XLIFF_H

#include <newsloc/common.h>
#include <newsloc/error.h>
#include <newsloc/article.h>
#include <newsloc/segment.h>
#include <newsloc/tm.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum nl_xliff_version {
  NL_XLIFF_1_2 = 12,
  NL_XLIFF_2_0 = 20
} nl_xliff_version;

/* What the 1.2 file is shaped for (ignored for 2.0). */
typedef enum nl_xliff_profile {
  /* one <trans-unit> per block, sentences as <mrk mtype="seg">, a
   * <target> only where the TM pre-filled one (translate-toolkit, and
   * tools that read seg-source) */
  NL_XLIFF_PROFILE_DEFAULT = 0,
  /* for OmegaT's XLIFF filter, which translates what is in <target> and
   * ignores seg-source: one <trans-unit> per sentence, in a <group> per
   * block, each <target> a copy of its source; TM pre-fills and fuzzy
   * matches go in <alt-trans> (OmegaT applies translations from a TMX in
   * the project's tm/auto/, see docs) */
  NL_XLIFF_PROFILE_OMEGAT = 1,
  /* one <trans-unit> per sentence, in a <group> per block, with a
   * <target> only where the TM pre-filled one: tools that translate
   * <source> unit by unit (translate-toolkit's xliff2po/pomerge) */
  NL_XLIFF_PROFILE_SENTENCES = 2
} nl_xliff_profile;

typedef struct nl_export_options {
  unsigned version;             /* NL_EXPORT_OPTIONS_VERSION */
  nl_xliff_version xliff;       /* 0 means 2.0 */
  const char *target_lang;      /* BCP 47, required */
  nl_tm *tm;                    /* may be NULL: no leverage */
  int min_score;                /* fuzzy threshold; 0 means 70 */
  size_t max_candidates;        /* 0 means 3 */
  nl_xliff_profile profile;     /* 1.2 only */
} nl_export_options;

#define NL_EXPORT_OPTIONS_VERSION 1
#define NL_EXPORT_OPTIONS_INIT                                                \
  {NL_EXPORT_OPTIONS_VERSION, NL_XLIFF_2_0, NULL, NULL, 0, 0,                 \
   NL_XLIFF_PROFILE_DEFAULT}

/** Leverage figures of one export. */
typedef struct nl_export_stats {
  size_t units;
  size_t segments;
  size_t prefilled;  /* in-context or exact */
  size_t fuzzy;      /* segments with at least one fuzzy candidate */
} nl_export_stats;

/**
 * Segments every translatable block of `article` with `seg` and appends
 * the XLIFF document to `out`. `stats` may be NULL. Returns 0, NL_EINVAL,
 * NL_ENOMEM, NL_ENOTFOUND (an article with nothing to translate: no
 * file is written, XLIFF 2.0 has no empty one), or an error from the
 * segmenter or the TM.
 */
NL_EXTERN int nl_xliff_export(const nl_article *article, nl_segmenter *seg,
                              const nl_export_options *opts, nl_buf *out,
                              nl_export_stats *stats, nl_error *err);

/* ---- reading ------------------------------------------------------------ */

typedef struct nl_xliff_doc nl_xliff_doc;

/** One segment as read; strings are borrowed from the document. */
typedef struct nl_xliff_segment {
  const char *file_original; /* <file original>, may be NULL */
  const char *unit_id;       /* <unit id> / <trans-unit id> */
  const char *segment_id;    /* may be NULL when the unit is unsegmented */
  const char *source_lang;
  const char *target_lang;   /* may be NULL */
  const char *source;        /* plain text */
  const char *source_markup; /* as XLIFF 2.0 inline markup, NULL without codes */
  const char *target;        /* NULL when there is no target */
  const char *target_markup;
  const char *state;         /* 2.0 state: initial, translated, reviewed, final */
  const char *prev;          /* plain source of the neighbours in the unit */
  const char *next;
  unsigned long line;        /* where the segment starts in the file */
  int state_implied;         /* the file gives no state: `state` is taken from
                                the target (text: translated), as OmegaT's
                                files and the OmegaT profile leave it */
} nl_xliff_segment;

/**
 * Parses XLIFF 1.2 or 2.x. Invalid XML gives NL_EPARSE with line and
 * column; a document that is not XLIFF, or breaks rules the reader must
 * rely on (duplicate ids, unknown version), NL_EPARSE with a message.
 */
NL_EXTERN int nl_xliff_read_memory(nl_xliff_doc **out, const char *data,
                                   size_t len, const char *name,
                                   nl_error *err);
NL_EXTERN int nl_xliff_read_file(nl_xliff_doc **out, const char *path,
                                 nl_error *err);
NL_EXTERN void nl_xliff_doc_free(nl_xliff_doc *doc);

/** 12 or 20 (2.1 and 2.2 read as 2.0). */
NL_EXTERN int nl_xliff_doc_version(const nl_xliff_doc *doc);
NL_EXTERN size_t nl_xliff_doc_segment_count(const nl_xliff_doc *doc);
/** Fills *out with the i-th segment. Returns 0 or NL_EINVAL. */
NL_EXTERN int nl_xliff_doc_segment(const nl_xliff_doc *doc, size_t i,
                                   nl_xliff_segment *out);

/**
 * 1 when the segment holds a translation: a target with text or codes
 * in state translated, reviewed or final. Merge publishes exactly these
 * and the TM learns exactly these.
 */
NL_EXTERN int nl_xliff_segment_translated(const nl_xliff_segment *s);

#ifdef __cplusplus
}
#endif
#endif
