/*
 * batch_internal.h - what the batch modules share (internal).
 *
 * batch.c walks and schedules, batch_job.c does one file as the single
 * command would, batch_state.c decides what is up to date, and
 * batch_summary.c writes the JSON summary.
 */
#ifndef NL_BATCH_INTERNAL_H
#define NL_BATCH_INTERNAL_H

#include <stdint.h>

#include <newsloc/batch.h>
#include <newsloc/services.h>
#include <newsloc/segment.h>
#include <newsloc/tm.h>

/* ---- state: hashes and the state files ---------------------------------- */

/* FNV-1a, 64 bits: change detection, not security (a file crafted to
 * collide only makes its own output stale). */
#define NL_HASH_INIT 0xcbf29ce484222325ULL
uint64_t nl_batch__hash(uint64_t h, const void *data, size_t len);
/* A string and its terminating NUL, so "ab","c" and "a","bc" differ. */
uint64_t nl_batch__hash_str(uint64_t h, const char *s);
/* The file's bytes into *h. NL_EIO, NL_ENOTFOUND, NL_ENOMEM. */
int nl_batch__hash_file(uint64_t *h, const char *path, nl_error *err);
/* The names in `dir` but hidden ones (".", "..", .git, the state
 * directory), sorted by their stem (the name without its extension),
 * then whole: names that would give one output are neighbours. */
int nl_batch__names(const char *dir, char ***names, size_t *n,
                    nl_error *err);
void nl_batch__names_free(char **names, size_t n);
/* The length of `name` without its last extension ("a.b.xml": 3). */
size_t nl_batch__stem_len(const char *name);
/* Every regular file under `dir` (names sorted), names and bytes. */
int nl_batch__hash_tree(uint64_t *h, const char *dir, nl_error *err);

/* What a state file records about its output. */
typedef struct nl_batch_state {
  uint64_t key;      /* the inputs, options and data the output came from */
  uint64_t output;   /* the output's bytes */
  int exit;          /* the single command's status */
  size_t findings;   /* check */
} nl_batch_state;

/* OUT/.newsloc-batch/REL.state for an output at OUT/REL. */
int nl_batch__state_path(nl_buf *out, const char *output_dir,
                         const char *output_rel);
/* 1 when the state file records `key` and the output still has the
 * bytes it records (*st filled, the detail it was written with appended
 * to `detail`); 0 otherwise (missing, other, stale). */
int nl_batch__up_to_date(const char *state_path, const char *output_path,
                         uint64_t key, nl_batch_state *st, nl_buf *detail);
/* The state file's text for `st` and the result's detail (made one
 * line). */
int nl_batch__state_text(nl_buf *out, const nl_batch_state *st,
                         const char *detail);

/* Creates every missing directory of `path`'s parent. NL_EIO. */
int nl_batch__mkdirs_for(const char *path, nl_error *err);

/* ---- one file ------------------------------------------------------------ */

/* The settings every job of a batch shares, fixed before the workers
 * start; read-only while they run. */
typedef struct nl_batch_plan {
  const nl_batch_options *o;
  char **tags;        /* resolved targets (ntargets), or NULL */
  char *tm_path;      /* export: the TM to open, or NULL */
  uint64_t base_key;  /* version, command, options, locales data, TM */
  nl_temp_fn on_temp; /* the engine's, which serializes the caller's */
  void *temp_ctx;
} nl_batch_plan;

/* One worker's own context: nothing in it is shared with another
 * thread (ICU objects, the SQLite connection, the registry). */
typedef struct nl_batch_worker nl_batch_worker;

int nl_batch__worker_new(nl_batch_worker **out, const nl_batch_plan *plan,
                         nl_error *err);
void nl_batch__worker_free(nl_batch_worker *w);

/* One file's job and, once run, its result (owned strings). */
typedef struct nl_batch_job {
  size_t index;
  size_t target;      /* index into plan->tags; 0 without targets */
  char *input;        /* input_dir/REL */
  char *xliff;        /* merge */
  char *output;       /* output_dir/... */
  char *output_rel;   /* the output's path under output_dir */
  char *state;        /* its state file */
  int no_xliff;       /* merge: no translation at xliff (or .xliff) */
  char *refused;      /* a failure known at walk time (a name clash) */
  /* result */
  nl_batch_outcome outcome;
  int exit;
  int has_error;
  nl_error error;
  nl_buf detail;
  size_t findings;
  nl_export_stats stats;
} nl_batch_job;

/* Runs (or skips) the job, filling its result; never fails as a whole
 * except for NL_ENOMEM, which the job's result also carries. */
void nl_batch__job_run(nl_batch_worker *w, nl_batch_job *job);
void nl_batch__job_dispose(nl_batch_job *job);
/* The public view of a finished job. */
void nl_batch__job_result(const nl_batch_job *job, const nl_batch_plan *plan,
                          nl_batch_result *r);

#endif
