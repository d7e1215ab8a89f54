/*
 * batch.c - the batch engine: plan, walk, schedule, deliver.
 *
 * The calling thread walks the input directory (each directory's names
 * sorted, so the order is the same on every file system) and queues one
 * job per file and target; N worker threads take them in order. Results
 * are handed to the caller in walk order: a job that finishes early waits
 * in its slot of a ring of `window` jobs until those before it are
 * delivered, and the walk waits for a free slot. So memory is bounded by
 * the window, not by the number of files, and the summary is the same
 * whatever the timing.
 *
 * Before any thread starts: libxml2 is initialised (xmlInitParser is not
 * safe to race), every target resolved, the TM fingerprinted, the check
 * options tried once, and each worker's context made. Workers share
 * only the ring, under one mutex.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "batch_internal.h"
#include "error.h"
#include "locales.h"
#include "util/buf.h"

typedef struct engine {
  const nl_batch_options *o;
  nl_batch_plan plan;
  char *input_dir, *xliff_dir, *output_dir; /* without trailing slashes */
  struct stat in_st, out_st, xliff_st;      /* out, xliff never walked */
  pthread_mutex_t mu, temp_mu;
  pthread_cond_t work, space;
  nl_batch_job *ring;
  unsigned char *finished;
  size_t window, produced, taken, delivered, total;
  int closed;
  nl_batch_totals totals;
} engine;

const char *nl_batch_command_name(nl_batch_command c) {
  return c == NL_BATCH_EXPORT ? "export"
       : c == NL_BATCH_MERGE  ? "merge"
       : c == NL_BATCH_CHECK  ? "check"
                              : "?";
}

const char *nl_batch_outcome_name(nl_batch_outcome o) {
  return o == NL_BATCH_DONE ? "done" : o == NL_BATCH_FAILED ? "failed"
                                                            : "skipped";
}

/* ---- the ring ----------------------------------------------------------- */

static void on_temp(void *ctx, const char *path, int live) {
  engine *e = ctx;
  pthread_mutex_lock(&e->temp_mu);
  e->o->on_temp(e->o->temp_ctx, path, live);
  pthread_mutex_unlock(&e->temp_mu);
}

/* Hands every finished job at the head of the ring to the caller. */
static void deliver(engine *e) {
  while (e->delivered < e->produced && e->finished[e->delivered % e->window]) {
    size_t slot = e->delivered % e->window;
    nl_batch_job *job = &e->ring[slot];
    nl_batch_result r;
    nl_batch__job_result(job, &e->plan, &r);
    e->totals.files++;
    e->totals.done += r.outcome == NL_BATCH_DONE;
    e->totals.failed += r.outcome == NL_BATCH_FAILED;
    e->totals.skipped += r.outcome == NL_BATCH_SKIPPED;
    if (r.exit > e->totals.exit)
      e->totals.exit = r.exit;
    if (e->o->on_result)
      e->o->on_result(e->o->ctx, &r, e->total);
    nl_batch__job_dispose(job);
    e->finished[slot] = 0;
    e->delivered++;
    pthread_cond_broadcast(&e->space);
  }
}

typedef struct worker_arg {
  engine *e;
  nl_batch_worker *w;
  pthread_t thread;
  int started;
} worker_arg;

static void *worker_main(void *arg) {
  worker_arg *a = arg;
  engine *e = a->e;
  pthread_mutex_lock(&e->mu);
  for (;;) {
    while (e->taken == e->produced && !e->closed)
      pthread_cond_wait(&e->work, &e->mu);
    if (e->taken == e->produced)
      break;
    size_t slot = e->taken++ % e->window;
    pthread_mutex_unlock(&e->mu);
    nl_batch__job_run(a->w, &e->ring[slot]);
    pthread_mutex_lock(&e->mu);
    e->finished[slot] = 1;
    deliver(e);
  }
  pthread_mutex_unlock(&e->mu);
  return NULL;
}

/* Queues `job` (taking its strings), waiting for a free slot. */
static void push(engine *e, nl_batch_job *job) {
  pthread_mutex_lock(&e->mu);
  while (e->produced - e->delivered >= e->window)
    pthread_cond_wait(&e->space, &e->mu);
  job->index = e->produced;
  e->ring[e->produced % e->window] = *job;
  e->produced++;
  pthread_cond_signal(&e->work);
  pthread_mutex_unlock(&e->mu);
  memset(job, 0, sizeof(*job));
}

/* ---- the walk ------------------------------------------------------------ */

static int same_file(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static const char *check_ext(nl_check_format f) {
  return f == NL_CHECK_TEXT    ? "txt"
       : f == NL_CHECK_SARIF   ? "sarif"
       : f == NL_CHECK_GITHUB  ? "github"
                               : "json";
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The merge's translation: STEM.xlf, else STEM.xliff. */
static int find_xliff(const engine *e, nl_batch_job *job, const char *tag,
                      const char *stem, size_t stem_n) {
  nl_buf p = NL_BUF_INIT;
  if (nl_buf__printf(&p, "%s/%s%s%.*s.xliff", e->xliff_dir, tag ? tag : "",
                     tag ? "/" : "", (int)stem_n, stem) < 0)
    return NL_ENOMEM;
  if (!exists(p.ptr)) {
    p.size -= 2; /* ".xliff" -> ".xlf" */
    p.ptr[p.size - 1] = 'f';
    p.ptr[p.size] = '\0';
    job->no_xliff = !exists(p.ptr);
  }
  job->xliff = nl_buf__detach(&p);
  return job->xliff ? 0 : NL_ENOMEM;
}

static int make_job(engine *e, nl_batch_job *job, const char *rel,
                    size_t target, const char *clash) {
  const char *tag = e->plan.tags ? e->plan.tags[target] : NULL;
  const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
  size_t stem_n = (size_t)(base - rel) + nl_batch__stem_len(base);
  nl_buf b = NL_BUF_INIT;
  int rc = 0;
  memset(job, 0, sizeof(*job));
  job->target = target;
  if (e->o->command == NL_BATCH_CHECK)
    rc = nl_buf__printf(&b, "%s.%s", rel, check_ext(e->o->check_format));
  else
    rc = nl_buf__printf(&b, "%s%s%.*s.%s", tag ? tag : "", tag ? "/" : "",
                        (int)stem_n, rel,
                        e->o->command == NL_BATCH_EXPORT ? "xlf" : "xml");
  if (rc == 0 && (job->output_rel = nl_buf__detach(&b)) == NULL)
    rc = NL_ENOMEM;
  if (rc == 0 && (nl_buf__printf(&b, "%s/%s", e->input_dir, rel) < 0 ||
                  (job->input = nl_buf__detach(&b)) == NULL))
    rc = NL_ENOMEM;
  if (rc == 0 && (nl_buf__printf(&b, "%s/%s", e->output_dir,
                                 job->output_rel) < 0 ||
                  (job->output = nl_buf__detach(&b)) == NULL))
    rc = NL_ENOMEM;
  if (rc == 0 && (nl_batch__state_path(&b, e->output_dir, job->output_rel) < 0 ||
                  (job->state = nl_buf__detach(&b)) == NULL))
    rc = NL_ENOMEM;
  if (rc == 0 && clash && (job->refused = nl__strdup(clash)) == NULL)
    rc = NL_ENOMEM;
  if (rc == 0 && e->o->command == NL_BATCH_MERGE)
    rc = find_xliff(e, job, tag, rel, stem_n);
  nl_buf_dispose(&b);
  if (rc < 0)
    nl_batch__job_dispose(job);
  return rc;
}

/* Queues a job a target for the file (or counts them). */
static int plan_file(engine *e, const char *rel, const char *clash,
                     int count_only, nl_error *err) {
  size_t n = e->o->ntargets ? e->o->ntargets : 1;
  for (size_t t = 0; t < n; t++) {
    nl_batch_job job;
    if (count_only) {
      e->total++;
      continue;
    }
    if (make_job(e, &job, rel, t, clash) < 0)
      return nl_error__nomem(err);
    push(e, &job);
  }
  return 0;
}

/* The directories the walk is in, to step over a link back to one of
 * them (which would loop for ever). */
typedef struct ancestor {
  const struct stat *st;
  const struct ancestor *up;
} ancestor;

static int enter(const engine *e, const struct stat *st, const ancestor *up) {
  if (!S_ISDIR(st->st_mode) || same_file(st, &e->out_st) ||
      (e->xliff_dir && same_file(st, &e->xliff_st)))
    return 0;
  for (; up; up = up->up)
    if (same_file(st, up->st))
      return 0;
  return 1;
}

static int walk(engine *e, const char *rel, const ancestor *up,
                int count_only, nl_error *err);

/* A clash with the regular file before it in stem order ("a.nitf",
 * "a.xml" both give a.xlf) fails the second, naming the first. */
static int clash_with(const engine *e, const char *prev, const char *name,
                      nl_buf *why) {
  size_t n = nl_batch__stem_len(name);
  if (prev == NULL || e->o->command == NL_BATCH_CHECK ||
      nl_batch__stem_len(prev) != n || strncmp(prev, name, n) != 0)
    return 0;
  return nl_buf__printf(why, "gives the same output name as %s beside it: "
                             "rename one", prev);
}

/* One name in a directory: a file's jobs, a subdirectory's walk. *prev
 * is the last regular file seen, for clashes. */
static int walk_entry(engine *e, const char *rel, const char *name,
                      const ancestor *up, const char **prev, int count_only,
                      nl_error *err) {
  nl_buf sub = NL_BUF_INIT, path = NL_BUF_INIT, clash = NL_BUF_INIT;
  struct stat st;
  int rc = nl_buf__printf(&sub, "%s%s%s", rel, *rel ? "/" : "", name) < 0 ||
                   nl_buf__printf(&path, "%s/%s", e->input_dir, sub.ptr) < 0
               ? nl_error__nomem(err)
               : 0;
  if (rc == 0 && stat(path.ptr, &st) < 0) {
    /* gone since listed is nothing; out of reach fails alone */
    if (errno != ENOENT)
      rc = plan_file(e, sub.ptr, strerror(errno), count_only, err);
  } else if (rc == 0 && S_ISDIR(st.st_mode)) {
    ancestor here = {&st, up};
    if (enter(e, &st, up))
      rc = walk(e, sub.ptr, &here, count_only, err);
  } else if (rc == 0 && S_ISREG(st.st_mode)) {
    if (clash_with(e, *prev, name, &clash) < 0)
      rc = nl_error__nomem(err);
    if (rc == 0)
      rc = plan_file(e, sub.ptr, clash.size ? clash.ptr : NULL, count_only,
                     err);
    *prev = name;
  }
  nl_buf_dispose(&clash);
  nl_buf_dispose(&path);
  nl_buf_dispose(&sub);
  return rc;
}

static int walk(engine *e, const char *rel, const ancestor *up,
                int count_only, nl_error *err) {
  nl_buf dir = NL_BUF_INIT;
  char **names = NULL;
  size_t n = 0;
  nl_error dir_err = NL_ERROR_INIT;
  int rc = nl_buf__printf(&dir, "%s%s%s", e->input_dir, *rel ? "/" : "", rel);
  rc = rc < 0 ? nl_error__nomem(&dir_err)
              : nl_batch__names(dir.ptr, &names, &n, &dir_err);
  if (rc < 0 && rc != NL_ENOMEM && *rel) /* fails alone, as a file would */
    rc = plan_file(e, rel, dir_err.message, count_only, err);
  else if (rc < 0 && err)
    *err = dir_err;
  const char *prev = NULL;
  for (size_t i = 0; rc == 0 && i < n; i++)
    rc = walk_entry(e, rel, names[i], up, &prev, count_only, err);
  nl_batch__names_free(names, n);
  nl_buf_dispose(&dir);
  return rc;
}

/* ---- the plan -------------------------------------------------------- */

static char *trimmed(const char *dir) {
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/')
    n--;
  return nl__strndup(dir, n);
}

static int check_options(const nl_batch_options *o, nl_error *err) {
  if (o == NULL || o->command < NL_BATCH_EXPORT ||
      o->command > NL_BATCH_CHECK)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no batch command");
  if (o->input_dir == NULL || o->output_dir == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "a batch needs an input and an output directory");
  if (o->command == NL_BATCH_EXPORT && o->ntargets == 0)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "no target language: use --to TAG,...");
  if (o->command == NL_BATCH_MERGE && o->xliff_dir == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "a batch merge needs the translations' directory");
  if (o->command == NL_BATCH_CHECK && o->ntargets)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "a batch check takes no target");
  if (o->command == NL_BATCH_CHECK && o->check.fix)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "a batch check does not fix its inputs: run "
                         "'newsloc check --fix' on them");
  if (o->jobs > NL_BATCH_MAX_JOBS)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "%u jobs: at most %d", o->jobs, NL_BATCH_MAX_JOBS);
  return 0;
}

/* Each target as `--to` resolves it; two giving one tag would write one
 * directory twice. */
static int resolve_targets(engine *e, nl_error *err) {
  const nl_batch_options *o = e->o;
  if (o->ntargets == 0)
    return 0;
  nl_services *reg = NULL;
  int rc = nl_services_load(&reg, NULL, err);
  e->plan.tags = rc == 0 ? calloc(o->ntargets, sizeof(char *)) : NULL;
  if (rc == 0 && e->plan.tags == NULL)
    rc = nl_error__nomem(err);
  for (size_t i = 0; rc == 0 && i < o->ntargets; i++) {
    char tag[128];
    if (strlen(o->targets[i]) >= sizeof(tag))
      rc = nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "--to: '%.32s...' is %zu bytes; a language tag or "
                         "service has at most %zu",
                         o->targets[i], strlen(o->targets[i]),
                         sizeof(tag) - 1);
    if (rc == 0)
      rc = nl_services_resolve(reg, o->targets[i], tag, sizeof(tag), err);
    for (size_t j = 0; rc == 0 && j < i; j++)
      if (strcmp(e->plan.tags[j], tag) == 0)
        rc = nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                           "--to: %s and %s are both %s", o->targets[j],
                           o->targets[i], tag);
    if (rc == 0 && (e->plan.tags[i] = nl__strdup(tag)) == NULL)
      rc = nl_error__nomem(err);
  }
  nl_services_free(reg);
  return rc;
}

static int tm_pair(void *ctx, const char *src, const char *tgt,
                   long long count) {
  uint64_t *h = ctx;
  *h = nl_batch__hash_str(*h, src);
  *h = nl_batch__hash_str(*h, tgt);
  *h = nl_batch__hash(*h, &count, sizeof(count));
  return 0;
}

/* What changes when the TM learns or forgets: its counts, and for a
 * file its size and time and its journal's. A change can only redo an
 * export that did not need it, never keep one that did not see it. */
static int tm_fingerprint(const char *path, uint64_t *h, nl_error *err) {
  nl_tm *tm = NULL;
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  o.read_only = 1;
  int rc = nl_tm_open(&tm, path, &o, err);
  if (rc == 0)
    rc = nl_tm_stats(tm, tm_pair, h, err);
  nl_tm_close(tm);
  const char *suffix[] = {"", "-wal"};
  for (size_t i = 0; rc == 0 && i < 2; i++) {
    nl_buf p = NL_BUF_INIT;
    struct stat st;
    if (nl_buf__printf(&p, "%s%s", path, suffix[i]) < 0)
      rc = nl_error__nomem(err);
    else if (stat(p.ptr, &st) == 0) {
      long long v[3] = {(long long)st.st_size, (long long)st.st_mtim.tv_sec,
                        (long long)st.st_mtim.tv_nsec};
      *h = nl_batch__hash(*h, v, sizeof(v));
    }
    nl_buf_dispose(&p);
  }
  return rc;
}

static int choose_tm(engine *e, nl_error *err) {
  const nl_batch_options *o = e->o;
  if (o->command != NL_BATCH_EXPORT || o->no_tm)
    return 0;
  if (o->tm_path) {
    e->plan.tm_path = nl__strdup(o->tm_path);
    return e->plan.tm_path ? 0 : nl_error__nomem(err);
  }
  /* as `newsloc export`: the default TM when it exists, never created */
  nl_buf path = NL_BUF_INIT;
  int rc = nl_tm_default_path(&path, err);
  if (rc == 0 && (nl_tm_is_server(path.ptr) || access(path.ptr, F_OK) == 0))
    e->plan.tm_path = nl_buf__detach(&path);
  nl_buf_dispose(&path);
  return rc;
}

static uint64_t hash_int(uint64_t h, long long v) {
  return nl_batch__hash(h, &v, sizeof(v));
}

/* Everything that is the same for every file and changes an output. */
static int base_key(engine *e, nl_error *err) {
  const nl_batch_options *o = e->o;
  uint64_t h = nl_batch__hash_str(NL_HASH_INIT, nl_version());
  h = nl_batch__hash_str(h, nl_batch_command_name(o->command));
  long long ints[] = {o->xliff, o->profile, o->min_score,
                      o->allow_untranslated, o->force, o->no_localize,
                      o->check.fail_on, o->check_format};
  for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
    h = hash_int(h, ints[i]);
  h = nl_batch__hash_str(h, o->check.lang);
  h = nl_batch__hash_str(h, o->check.enable);
  h = nl_batch__hash_str(h, o->check.disable);
  nl_buf services = NL_BUF_INIT;
  int rc = nl_locales__find(&services, o->check.locales_dir, "services.json",
                            err);
  if (rc == 0) { /* the whole locales/ tree: rules, orthography, SRX */
    char *slash = strrchr(services.ptr, '/');
    if (slash)
      *slash = '\0';
    rc = nl_batch__hash_tree(&h, slash ? services.ptr : ".", err);
  }
  nl_buf_dispose(&services);
  if (rc == 0 && o->srx_path)
    rc = nl_batch__hash_file(&h, o->srx_path, err);
  h = nl_batch__hash_str(h, e->plan.tm_path);
  if (rc == 0 && e->plan.tm_path)
    rc = tm_fingerprint(e->plan.tm_path, &h, err);
  e->plan.base_key = h;
  return rc;
}

static int try_checker(const nl_batch_options *o, nl_error *err) {
  if (o->command != NL_BATCH_CHECK)
    return 0;
  nl_checker *k = NULL;
  int rc = nl_checker_new(&k, &o->check, err);
  nl_checker_free(k);
  return rc;
}

static int directories(engine *e, nl_error *err) {
  const nl_batch_options *o = e->o;
  struct stat *in = &e->in_st;
  e->input_dir = trimmed(o->input_dir);
  e->output_dir = trimmed(o->output_dir);
  e->xliff_dir = o->xliff_dir ? trimmed(o->xliff_dir) : NULL;
  if (!e->input_dir || !e->output_dir || (o->xliff_dir && !e->xliff_dir))
    return nl_error__nomem(err);
  if (stat(e->input_dir, in) < 0 || !S_ISDIR(in->st_mode))
    return nl_error__set(err, NL_ENOTFOUND, e->input_dir, 0, 0,
                         "no such directory");
  if (e->xliff_dir && (stat(e->xliff_dir, &e->xliff_st) < 0 ||
                       !S_ISDIR(e->xliff_st.st_mode)))
    return nl_error__set(err, NL_ENOTFOUND, e->xliff_dir, 0, 0,
                         "no such directory");
  nl_buf probe = NL_BUF_INIT;
  int rc = nl_buf__printf(&probe, "%s/.", e->output_dir) < 0
               ? nl_error__nomem(err)
               : nl_batch__mkdirs_for(probe.ptr, err);
  nl_buf_dispose(&probe);
  if (rc == 0 && stat(e->output_dir, &e->out_st) < 0)
    rc = nl_error__set(err, NL_EIO, e->output_dir, 0, 0,
                       "cannot create the directory");
  if (rc == 0 && (same_file(in, &e->out_st) ||
                  (e->xliff_dir && same_file(&e->xliff_st, &e->out_st))))
    rc = nl_error__set(err, NL_EINVAL, e->output_dir, 0, 0,
                       "the output directory is an input directory: give "
                       "another");
  return rc;
}

static void plan_free(engine *e) {
  for (size_t i = 0; e->plan.tags && i < e->o->ntargets; i++)
    free(e->plan.tags[i]);
  free(e->plan.tags);
  free(e->plan.tm_path);
  free(e->input_dir);
  free(e->output_dir);
  free(e->xliff_dir);
}

/* ---- running ------------------------------------------------------------- */

static unsigned job_count(const nl_batch_options *o) {
  if (o->jobs)
    return o->jobs;
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > NL_BATCH_MAX_JOBS ? NL_BATCH_MAX_JOBS : (unsigned)n;
}

static int start_workers(engine *e, worker_arg *w, unsigned n, nl_error *err) {
  for (unsigned i = 0; i < n; i++) {
    w[i].e = e;
    int rc = nl_batch__worker_new(&w[i].w, &e->plan, err);
    if (rc < 0)
      return rc;
  }
  for (unsigned i = 0; i < n; i++) {
    if (pthread_create(&w[i].thread, NULL, worker_main, &w[i]) != 0)
      return nl_error__set(err, NL_ERROR, NULL, 0, 0,
                           "cannot start worker thread %u of %u", i + 1, n);
    w[i].started = 1;
  }
  return 0;
}

static void stop_workers(engine *e, worker_arg *w, unsigned n) {
  pthread_mutex_lock(&e->mu);
  e->closed = 1;
  pthread_cond_broadcast(&e->work);
  pthread_mutex_unlock(&e->mu);
  for (unsigned i = 0; i < n; i++) {
    if (w[i].started)
      pthread_join(w[i].thread, NULL);
    nl_batch__worker_free(w[i].w);
  }
}

static int run(engine *e, nl_error *err) {
  unsigned n = job_count(e->o);
  /* enough slots that a slow file does not idle the other workers */
  e->window = (size_t)n * 4 + 4;
  e->ring = calloc(e->window, sizeof(*e->ring));
  e->finished = calloc(e->window, 1);
  worker_arg *w = calloc(n, sizeof(*w));
  int rc = e->ring && e->finished && w ? 0 : nl_error__nomem(err);
  ancestor top = {&e->in_st, NULL};
  if (rc == 0)
    rc = walk(e, "", &top, 1, err);
  if (rc == 0)
    rc = start_workers(e, w, n, err);
  if (rc == 0) /* the workers' own errors are their files' results */
    rc = walk(e, "", &top, 0, err);
  if (w)
    stop_workers(e, w, n);
  pthread_mutex_lock(&e->mu);
  deliver(e); /* nothing is left unless a thread failed to start */
  pthread_mutex_unlock(&e->mu);
  for (size_t i = e->delivered; i < e->produced; i++)
    nl_batch__job_dispose(&e->ring[i % e->window]);
  free(w);
  free(e->finished);
  free(e->ring);
  return rc;
}

int nl_batch_run(const nl_batch_options *o, nl_batch_totals *totals,
                 nl_error *err) {
  engine e;
  memset(&e, 0, sizeof(e));
  if (totals)
    memset(totals, 0, sizeof(*totals));
  int rc = check_options(o, err);
  if (rc < 0)
    return rc;
  e.o = o;
  e.plan.o = o;
  e.plan.on_temp = o->on_temp ? on_temp : NULL;
  e.plan.temp_ctx = &e;
  xmlInitParser(); /* once, before any thread reads XML */
  rc = resolve_targets(&e, err);
  if (rc == 0)
    rc = choose_tm(&e, err);
  if (rc == 0)
    rc = base_key(&e, err);
  if (rc == 0)
    rc = try_checker(o, err);
  if (rc == 0) /* last: a batch refused makes no directory */
    rc = directories(&e, err);
  if (rc == 0) {
    pthread_mutex_init(&e.mu, NULL);
    pthread_mutex_init(&e.temp_mu, NULL);
    pthread_cond_init(&e.work, NULL);
    pthread_cond_init(&e.space, NULL);
    rc = run(&e, err);
    pthread_cond_destroy(&e.space);
    pthread_cond_destroy(&e.work);
    pthread_mutex_destroy(&e.temp_mu);
    pthread_mutex_destroy(&e.mu);
  }
  if (totals)
    *totals = e.totals;
  plan_free(&e);
  return rc;
}
