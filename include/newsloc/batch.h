/*
 * newsloc/batch.h - export, merge or check a directory of articles in
 * parallel.
 *
 * A batch runs the single-file operation (what `newsloc export`, `merge`
 * and `check` do for one file, byte for byte) over every file under a
 * directory, in worker threads. Each worker has its own segmenters,
 * service registry and TM connection; nothing is shared between them but
 * the work queue. The queue is bounded, so memory does not grow with the
 * number of files: the walk holds the names of the directories it is in,
 * the queue a few jobs a worker.
 *
 * One file failing (malformed XML, a translation that does not belong to
 * its article) fails alone: the others complete and are written. Every
 * output is written atomically (temporary file and rename, nl_outputs)
 * with a state file beside it under OUTPUT_DIR/.newsloc-batch/ that
 * records a hash of everything the output was made from; a later run
 * skips the file when that hash and the output's own hash still match.
 *
 * Layout, with OUT the output directory and REL a file's path under the
 * input directory, STEM that path without its extension, TAG a target's
 * language tag (as `newsloc export --to` resolves it):
 *   export: IN/REL             -> OUT/TAG/STEM.xlf
 *   merge:  IN/REL + XLF/[TAG/]STEM.xlf (or .xliff)
 *                              -> OUT/[TAG/]STEM.xml   (TAG with targets)
 *   check:  IN/REL             -> OUT/REL.json (.txt, .sarif, .github)
 */
#ifndef NEWSLOC_BATCH_H
#define NEWSLOC_BATCH_H

#include <newsloc/common.h>
#include <newsloc/error.h>
#include <newsloc/io.h>
#include <newsloc/xliff.h>
#include <newsloc/check.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum nl_batch_command {
  NL_BATCH_EXPORT = 1,
  NL_BATCH_MERGE = 2,
  NL_BATCH_CHECK = 3
} nl_batch_command;

/** "export", "merge", "check"; a static string. */
NL_EXTERN const char *nl_batch_command_name(nl_batch_command command);

typedef enum nl_batch_outcome {
  NL_BATCH_DONE = 0,    /* the output was written */
  NL_BATCH_FAILED = 1,  /* nothing written; `error` says why */
  NL_BATCH_SKIPPED = 2  /* up to date, or nothing to do (no translation) */
} nl_batch_outcome;

/** "done", "failed", "skipped"; a static string. */
NL_EXTERN const char *nl_batch_outcome_name(nl_batch_outcome outcome);

/** What happened to one file; strings live for the callback. */
typedef struct nl_batch_result {
  size_t index;             /* 0-based, in walk order */
  nl_batch_outcome outcome;
  const char *input;        /* the article (or checked file) */
  const char *xliff;        /* merge: the translation; else NULL */
  const char *target;       /* the target's tag, NULL without targets */
  const char *output;       /* where the output is (or would be) */
  /* What the single command would have exited with for this file:
   * 0, 1 (findings: the merge gate, check findings at --fail-on), 2 (an
   * input error). A skipped check keeps the status it was written with. */
  int exit;
  const nl_error *error;    /* failed: what and where; else NULL */
  /* One line or NULL: why skipped, the merge's warnings, the count of
   * check findings, or for a gate failure the list of problems (one a
   * line). */
  const char *detail;
  size_t findings;          /* check: findings in the report */
  nl_export_stats stats;    /* export: leverage figures, when done */
} nl_batch_result;

/**
 * Called for every file, in walk order, one call at a time (under the
 * engine's lock: keep it short). `total` is the number of files the
 * first walk counted (the directory may change while the batch runs).
 */
typedef void (*nl_batch_result_fn)(void *ctx, const nl_batch_result *r,
                                   size_t total);

typedef struct nl_batch_options {
  unsigned version;          /* NL_BATCH_OPTIONS_VERSION */
  nl_batch_command command;
  const char *input_dir;     /* articles (export, merge) or files (check) */
  const char *xliff_dir;     /* merge: the translations */
  const char *output_dir;    /* created when missing */
  /* export (required) and merge (optional): services or tags, as
   * `--to` takes them; each gets its own directory under OUT */
  const char *const *targets;
  size_t ntargets;
  unsigned jobs;             /* worker threads; 0: the number of CPUs */
  int rebuild;               /* ignore the state files: redo everything */
  /* export, as `newsloc export` */
  const char *tm_path;       /* NULL: the default TM when it exists */
  int no_tm;
  nl_xliff_version xliff;    /* 0: 2.0 (1.2 with a profile) */
  nl_xliff_profile profile;
  int min_score;
  const char *srx_path;
  /* merge, as `newsloc merge` */
  int allow_untranslated;
  int force;
  int no_localize;
  /* check, as `newsloc check` (fix is refused) */
  nl_check_options check;
  nl_check_format check_format;
  nl_batch_result_fn on_result; /* may be NULL */
  void *ctx;
  /* told of named temporary files (see nl_temp_fn), one call at a time */
  nl_temp_fn on_temp;
  void *temp_ctx;
} nl_batch_options;

#define NL_BATCH_OPTIONS_VERSION 1
#define NL_BATCH_OPTIONS_INIT                                                 \
  {NL_BATCH_OPTIONS_VERSION, 0, NULL, NULL, NULL, NULL, 0, 0, 0,              \
   NULL, 0, 0, NL_XLIFF_PROFILE_DEFAULT, 0, NULL, 0, 0, 0,                    \
   NL_CHECK_OPTIONS_INIT, NL_CHECK_JSON, NULL, NULL, NULL, NULL}

typedef struct nl_batch_totals {
  size_t files, done, failed, skipped;
  int exit; /* the highest per-file exit status */
} nl_batch_totals;

/** The most worker threads a batch takes. */
#define NL_BATCH_MAX_JOBS 256

/**
 * Runs the batch. Returns 0 when every file was tried (whatever each
 * gave: see `totals`); NL_EINVAL for options that cannot work (no
 * target, --fix, jobs above NL_BATCH_MAX_JOBS, an output directory that
 * is an input), NL_ENOTFOUND / NL_EIO for a directory that cannot be
 * read, an error of the TM or a target that does not resolve, NL_ENOMEM.
 */
NL_EXTERN int nl_batch_run(const nl_batch_options *opts,
                           nl_batch_totals *totals, nl_error *err);

/* ---- the JSON summary --------------------------------------------------- */

/**
 * A summary written as results come (memory does not grow with the
 * batch), made visible atomically at nl_batch_summary_close:
 *   {"command": "export", "files": [
 *     {"status": "failed", "input": "...", "target": "fa-IR",
 *      "output": "...", "exit": 2, "reason": "FILE:LINE:COL: message",
 *      "error": {"file": "...", "line": 3, "column": 9, "message": "..."}},
 *     ...],
 *    "done": 5, "failed": 1, "skipped": 0, "exit": 2}
 */
typedef struct nl_batch_summary nl_batch_summary;

/** `path` "-" is standard output. NL_EIO, NL_ENOMEM. */
NL_EXTERN int nl_batch_summary_open(nl_batch_summary **out, const char *path,
                                    nl_batch_command command,
                                    nl_temp_fn on_temp, void *temp_ctx,
                                    nl_error *err);
NL_EXTERN int nl_batch_summary_add(nl_batch_summary *s,
                                   const nl_batch_result *r, nl_error *err);
/** Writes the totals and commits the file; frees `s` either way. */
NL_EXTERN int nl_batch_summary_close(nl_batch_summary *s,
                                     const nl_batch_totals *totals,
                                     nl_error *err);
/** Drops a summary not closed (its temporary file removed). */
NL_EXTERN void nl_batch_summary_free(nl_batch_summary *s);

#ifdef __cplusplus
}
#endif
#endif
