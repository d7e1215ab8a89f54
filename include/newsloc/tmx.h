/*
 * newsloc/tmx.h - TMX 1.4b exchange with other translation memories.
 *
 * Import streams the file (libxml2's reader): memory does not grow with
 * the file. Each <tu> becomes one entry per target language; inline
 * <bpt>/<ept>/<ph>/<it> become XLIFF 2.0 inline codes in the entry's
 * markup; <prop>s and <note>s the TM has no field for go into its meta
 * and are written back at their level on export. Imports commit in batches so that a crash keeps every earlier
 * batch. Export streams too and writes through a temporary file.
 */
#ifndef NEWSLOC_TMX_H
#define NEWSLOC_TMX_H

#include <newsloc/common.h>
#include <newsloc/error.h>
#include <newsloc/tm.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_tmx_stats {
  size_t units;    /* <tu> elements read or written */
  size_t entries;  /* source/target pairs stored or written */
  size_t skipped;  /* units without a usable source or target */
  size_t meta_dropped; /* <prop>s and <note>s not kept: past NL_TM_META_MAX
                          in their unit (the unit itself is imported) */
  size_t fragments; /* units left out: their source is a piece of a
                       sentence another tool's segmentation cut ("The
                       U.S." of "The U.S. Embassy ...", OmegaT's), not a
                       whole sentence for newsloc's segmenter */
} nl_tmx_stats;

/* Progress: bytes of the file consumed so far, and its total size. */
typedef void (*nl_tmx_progress_fn)(void *ctx, unsigned long long done,
                                   unsigned long long total);

typedef struct nl_tmx_import_options {
  unsigned version;          /* NL_TMX_IMPORT_OPTIONS_VERSION */
  const char *source_lang;   /* NULL: the header's srclang (needed for *all*) */
  const char *target_lang;   /* NULL: every other language in each <tu> */
  nl_tm_status status;       /* status given to imported entries */
  size_t batch_size;         /* units per transaction; 0: 10000;
                                NL_TMX_BATCH_GROW: growing, see below */
  nl_tmx_progress_fn progress;
  void *progress_ctx;
} nl_tmx_import_options;

/* batch_size for large files: 50,000 units a transaction, then, once
 * the import has read more than four times that, a quarter of the units
 * read so far (at most 500,000). Each commit rewrites most of the TM's
 * hash index, so batches that grow with the import keep the bytes
 * written about 2.5 times the TM's size instead of growing with its
 * square (docs/tm.md, "Write amplification");
 * a batch holds the write lock (other writers wait) until it commits. */
#define NL_TMX_BATCH_GROW ((size_t)-1)

#define NL_TMX_IMPORT_OPTIONS_VERSION 1
#define NL_TMX_IMPORT_OPTIONS_INIT \
  {NL_TMX_IMPORT_OPTIONS_VERSION, NULL, NULL, NL_TM_TRANSLATED, 0, NULL, NULL}

/**
 * Imports a TMX file into `tm`. `stats` may be NULL. Returns 0, NL_EIO,
 * NL_EPARSE (with line and column; a truncated file keeps the batches
 * committed before the fault), NL_EBUSY or NL_EDB.
 */
NL_EXTERN int nl_tmx_import(nl_tm *tm, const char *path,
                            const nl_tmx_import_options *opts,
                            nl_tmx_stats *stats, nl_error *err);

typedef struct nl_tmx_export_options {
  unsigned version;        /* NL_TMX_EXPORT_OPTIONS_VERSION */
  const char *source_lang; /* NULL: every language pair */
  const char *target_lang; /* NULL: every target */
  /* for an OmegaT project (tm/, tm/auto/): inline codes as OmegaT's tag
   * text ("<g0>...</g0>") under a header that tells OmegaT to read it so,
   * as in its own project_save.tmx; OmegaT reads other TMX codes as
   * nothing, and a segment with codes then never matches */
  int omegat;
} nl_tmx_export_options;

#define NL_TMX_EXPORT_OPTIONS_VERSION 1
#define NL_TMX_EXPORT_OPTIONS_INIT {NL_TMX_EXPORT_OPTIONS_VERSION, NULL, NULL, 0}

/** Writes the TM (or one language pair) to `path` as TMX 1.4b. */
NL_EXTERN int nl_tmx_export(nl_tm *tm, const char *path,
                            const nl_tmx_export_options *opts,
                            nl_tmx_stats *stats, nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
