/*
 * batch_job.c - one file of a batch, exactly as the single command does
 * it (src/cli/cmd_export.c, cmd_merge.c, cmd_check.c): the same library
 * calls with the same options, so that a batch output is byte for byte
 * what `newsloc export|merge|check` writes for that file
 * (tests/batch/identity.sh holds it to that).
 *
 * What a single command makes per run and a worker makes once is only
 * what gives the same answer every time: the service registry, a
 * segmenter per language, the TM connection.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/article.h>
#include <newsloc/localize.h>
#include <newsloc/merge.h>

#include "batch_internal.h"
#include "check_internal.h"
#include "error.h"
#include "util/buf.h"

/* Articles of a desk are in one language or a few; more than this many
 * at once in one worker costs a segmenter's start-up, not correctness. */
enum { SEG_CACHE = 8 };

struct nl_batch_worker {
  const nl_batch_plan *plan;
  nl_services *reg;
  nl_tm *tm;
  struct {
    char *lang;
    nl_segmenter *seg;
  } segs[SEG_CACHE];
  size_t nsegs, evict;
};

int nl_batch__worker_new(nl_batch_worker **out, const nl_batch_plan *plan,
                         nl_error *err) {
  nl_batch_worker *w = calloc(1, sizeof(*w));
  if (w == NULL)
    return nl_error__nomem(err);
  w->plan = plan;
  int rc = nl_services_load(&w->reg, NULL, err);
  if (rc == 0 && plan->tm_path) {
    nl_tm_options o = NL_TM_OPTIONS_INIT;
    o.read_only = 1; /* as `newsloc export`: leverage, never learn */
    rc = nl_tm_open(&w->tm, plan->tm_path, &o, err);
  }
  if (rc < 0) {
    nl_batch__worker_free(w);
    return rc;
  }
  *out = w;
  return 0;
}

void nl_batch__worker_free(nl_batch_worker *w) {
  if (w == NULL)
    return;
  for (size_t i = 0; i < w->nsegs; i++) {
    free(w->segs[i].lang);
    nl_segmenter_free(w->segs[i].seg);
  }
  nl_tm_close(w->tm);
  nl_services_free(w->reg);
  free(w);
}

static int segmenter_for(nl_batch_worker *w, const char *lang,
                         nl_segmenter **out, nl_error *err) {
  for (size_t i = 0; i < w->nsegs; i++)
    if (strcmp(w->segs[i].lang, lang) == 0) {
      *out = w->segs[i].seg;
      return 0;
    }
  nl_segmenter_options so = NL_SEGMENTER_OPTIONS_INIT;
  so.srx_path = w->plan->o->srx_path;
  nl_segmenter *seg = NULL;
  char *copy = nl__strdup(lang);
  if (copy == NULL)
    return nl_error__nomem(err);
  int rc = nl_segmenter_new(&seg, lang, &so, err);
  if (rc < 0) {
    free(copy);
    return rc;
  }
  size_t slot = w->nsegs < SEG_CACHE ? w->nsegs++ : w->evict++ % SEG_CACHE;
  if (slot < w->nsegs && w->segs[slot].seg) {
    free(w->segs[slot].lang);
    nl_segmenter_free(w->segs[slot].seg);
  }
  w->segs[slot].lang = copy;
  w->segs[slot].seg = seg;
  *out = seg;
  return 0;
}

/* ---- the three commands ---------------------------------------------- */

static int run_export(nl_batch_worker *w, nl_batch_job *job, nl_buf *out,
                      nl_error *err) {
  const nl_batch_options *o = w->plan->o;
  nl_article *art = NULL;
  nl_segmenter *seg = NULL;
  int rc = nl_article_read_file(&art, job->input, NL_FORMAT_AUTO, err);
  if (rc == 0) {
    const char *lang = nl_article_get(art, NL_FIELD_LANG);
    rc = segmenter_for(w, lang ? lang : "en", &seg, err);
  }
  if (rc == 0) {
    nl_export_options eo = NL_EXPORT_OPTIONS_INIT;
    eo.xliff = o->xliff ? o->xliff : o->profile ? NL_XLIFF_1_2 : NL_XLIFF_2_0;
    eo.profile = o->profile;
    eo.target_lang = w->plan->tags[job->target];
    eo.tm = w->tm;
    eo.min_score = o->min_score;
    rc = nl_xliff_export(art, seg, &eo, out, &job->stats, err);
  }
  nl_article_free(art);
  return rc;
}

/* As `newsloc merge`: the service is --to, else the merged article's
 * language; without localization a named service still gives the
 * direction. */
static int localize(nl_batch_worker *w, const char *service,
                    nl_article **art, nl_error *err) {
  const nl_service *svc = NULL;
  const char *name = service ? service : nl_article_get(*art, NL_FIELD_LANG);
  int rc = nl_services_find(w->reg, name, &svc, err);
  nl_article *loc = NULL;
  nl_localize_report *rep = NULL;
  if (rc == 0)
    rc = nl_localize_article(&loc, *art, w->reg, svc, &rep, err);
  nl_localize_report_free(rep);
  if (rc == 0) {
    nl_article_free(*art);
    *art = loc;
  }
  return rc;
}

static int service_dir(nl_batch_worker *w, const char *service,
                       nl_article *art, nl_error *err) {
  const nl_service *svc = NULL;
  int rc = nl_services_find(w->reg, service, &svc, err);
  if (rc == 0)
    rc = nl_article_set(art, NL_FIELD_DIR, nl_service_get(svc, NL_SERVICE_DIR),
                        err);
  return rc;
}

/* What `newsloc merge` prints on stderr after a merge, as one line. */
static int merge_warnings(nl_buf *d, const nl_merge_report *r) {
  int rc = 0;
  if (r->untranslated)
    rc = nl_buf__printf(d, "%zu segment(s) kept in the source language: %s",
                        r->untranslated, r->untranslated_ids.ptr);
  if (rc == 0 && r->codes_dropped)
    rc = nl_buf__printf(d, "%s%zu inline element(s) dropped (--force): %s",
                        d->size ? "; " : "", r->codes_dropped,
                        r->codes_dropped_ids.ptr);
  return rc;
}

static int run_merge(nl_batch_worker *w, nl_batch_job *job, nl_buf *out,
                     nl_error *err) {
  const nl_batch_options *o = w->plan->o;
  const char *service = o->ntargets ? o->targets[job->target] : NULL;
  nl_merge_options mo = NL_MERGE_OPTIONS_INIT;
  nl_merge_report rep = NL_MERGE_REPORT_INIT;
  nl_article *src = NULL, *loc = NULL;
  mo.allow_untranslated = o->allow_untranslated;
  mo.force = o->force;
  mo.service = service;
  mo.target_lang = service ? w->plan->tags[job->target] : NULL;
  int rc = nl_article_read_file(&src, job->input, NL_FORMAT_AUTO, err);
  if (rc == 0)
    rc = nl_merge_file(&loc, src, job->xliff, &mo, &rep, err);
  if (rc == 0 && !o->no_localize)
    rc = localize(w, service, &loc, err);
  if (rc == 0 && o->no_localize && service)
    rc = service_dir(w, service, loc, err);
  if (rc == 0)
    rc = nl_article_write_nitf(loc, out, err);
  if (rc == NL_EUNTRANSLATED) { /* the gate: findings, with the list */
    job->exit = 1;
    nl_buf__puts(&job->detail, rep.problems.ptr ? rep.problems.ptr : "");
  } else if (rc == 0 && rep.codes_dropped && !o->force) {
    job->exit = 1;
    rc = nl_error__set(err, NL_EMISMATCH, job->xliff, 0, 0,
                       "%zu inline element(s) missing from the translation "
                       "or overlapping others: %s; put them back, or merge "
                       "with --force to publish without them",
                       rep.codes_dropped, rep.codes_dropped_ids.ptr);
  } else if (rc == 0 && merge_warnings(&job->detail, &rep) < 0) {
    rc = nl_error__nomem(err);
  }
  nl_merge_report_dispose(&rep);
  nl_article_free(loc);
  nl_article_free(src);
  return rc;
}

/* The first finding at or above the fail-on level, as `check` prints it.
 * Only that one's message is written (the others are counted: a file
 * full of findings is not formatted for one line). */
static int first_failing(nl_buf *d, const nl_checker *k,
                         nl_check_severity fail_on) {
  size_t n = nl_checker_count(k), worst = 0, at = n;
  for (size_t i = 0; i < n; i++) {
    nl_check_finding f;
    nl_chk__finding_get(k, i, &f);
    if (!f.fixed && f.severity >= fail_on) {
      worst++;
      at = at < n ? at : i;
    }
  }
  if (at == n)
    return 0;
  const nl_check_finding *first = nl_checker_finding(k, at);
  if (first == NULL)
    return NL_ENOMEM;
  int rc = nl_buf__printf(d, "%zu finding(s) at or above %s; first: %s", worst,
                          fail_on == NL_CHECK_WARNING ? "warning" : "error",
                          first->path);
  if (rc == 0 && first->line) /* the parts known, as nl_error_format */
    rc = nl_buf__printf(d, ":%lu", first->line);
  if (rc == 0 && first->line && first->column)
    rc = nl_buf__printf(d, ":%lu", first->column);
  return rc == 0 ? nl_buf__printf(d, ": %s: %s", first->id, first->message)
                 : rc;
}

/* An input-error finding as the file's error, with its position. */
static void input_error(const nl_checker *k, nl_error *err) {
  for (size_t i = 0; i < nl_checker_count(k); i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    if (f != NULL && strcmp(f->id, "input-error") == 0) {
      nl_error__set(err, NL_EPARSE, f->path, f->line, f->column, "%s",
                    f->message);
      return;
    }
  }
}

/* The report is the output whatever was found, as `check` prints it
 * whatever it found; the status says whether the file passed. */
static int run_check(nl_batch_worker *w, nl_batch_job *job, nl_buf *out,
                     nl_error *err) {
  const nl_batch_options *o = w->plan->o;
  nl_checker *k = NULL;
  nl_error path_err = NL_ERROR_INIT;
  int rc = nl_checker_new(&k, &o->check, err);
  if (rc < 0)
    return rc;
  int bad = nl_check_path(k, job->input, &path_err) < 0;
  if (bad && path_err.code == NL_ENOMEM) {
    nl_checker_free(k);
    *err = path_err;
    return NL_ENOMEM;
  }
  rc = nl_check_report(k, o->check_format, out, err);
  job->findings = nl_checker_count(k);
  if (rc == 0 && !bad)
    input_error(k, &path_err);
  if (rc == 0 && path_err.code) {
    job->exit = 2;
    job->has_error = 1;
    job->error = path_err;
  } else if (rc == 0 && nl_checker_failed(k)) {
    nl_check_severity fail_on = o->check.fail_on ? o->check.fail_on
                                                 : NL_CHECK_ERROR;
    job->exit = 1;
    if (first_failing(&job->detail, k, fail_on) < 0)
      rc = nl_error__nomem(err);
  }
  nl_checker_free(k);
  return rc;
}

/* ---- skipping, running, writing ----------------------------------------- */

static uint64_t job_key(const nl_batch_worker *w, const nl_batch_job *job) {
  uint64_t h = w->plan->base_key;
  h = nl_batch__hash_str(h, job->input);
  if (w->plan->tags) { /* the target as given names the service */
    h = nl_batch__hash_str(h, w->plan->o->targets[job->target]);
    h = nl_batch__hash_str(h, w->plan->tags[job->target]);
  }
  /* an unreadable input hashes as missing: the run then says why */
  if (nl_batch__hash_file(&h, job->input, NULL) < 0)
    h = nl_batch__hash_str(h, "unreadable");
  if (job->xliff && nl_batch__hash_file(&h, job->xliff, NULL) < 0)
    h = nl_batch__hash_str(h, "unreadable");
  return h;
}

/* The output and its state file, together (nl_outputs). */
static int write_outputs(nl_batch_worker *w, nl_batch_job *job,
                         const nl_buf *out, uint64_t key, nl_error *err) {
  const nl_batch_options *o = w->plan->o;
  nl_batch_state st = {key, nl_batch__hash(NL_HASH_INIT, out->ptr, out->size),
                       job->exit, job->findings};
  nl_buf path = NL_BUF_INIT, text = NL_BUF_INIT;
  nl_outputs *outs = NULL;
  size_t total = out->size;
  st.output = nl_batch__hash(st.output, &total, sizeof(total));
  int rc = 0;
  if (nl_batch__state_path(&path, o->output_dir, job->output_rel) < 0 ||
      nl_batch__state_text(&text, &st, job->detail.ptr) < 0)
    rc = nl_error__nomem(err);
  if (rc == 0)
    rc = nl_batch__mkdirs_for(job->output, err);
  if (rc == 0)
    rc = nl_batch__mkdirs_for(path.ptr, err);
  if (rc == 0)
    rc = nl_outputs_new(&outs, w->plan->on_temp, w->plan->temp_ctx, err);
  if (rc == 0)
    rc = nl_outputs_add(outs, job->output, out->ptr ? out->ptr : "",
                        out->size, err);
  if (rc == 0)
    rc = nl_outputs_add(outs, path.ptr, text.ptr, text.size, err);
  if (rc == 0)
    rc = nl_outputs_commit(outs, err);
  nl_outputs_free(outs);
  nl_buf_dispose(&text);
  nl_buf_dispose(&path);
  return rc;
}

static void fail(nl_batch_job *job, const nl_error *err) {
  job->outcome = NL_BATCH_FAILED;
  job->has_error = 1;
  job->error = *err;
  if (job->exit == 0)
    job->exit = 2;
}

static int skip(nl_batch_job *job, const char *why) {
  job->outcome = NL_BATCH_SKIPPED;
  nl_buf__clear(&job->detail);
  return nl_buf__puts(&job->detail, why);
}

static int run_command(nl_batch_worker *w, nl_batch_job *job, nl_buf *out,
                       nl_error *err) {
  switch (w->plan->o->command) {
  case NL_BATCH_EXPORT:
    return run_export(w, job, out, err);
  case NL_BATCH_MERGE:
    return run_merge(w, job, out, err);
  default:
    return run_check(w, job, out, err);
  }
}

void nl_batch__job_run(nl_batch_worker *w, nl_batch_job *job) {
  nl_error err = NL_ERROR_INIT;
  nl_buf out = NL_BUF_INIT;
  if (job->refused) {
    nl_error__set(&err, NL_EINVAL, job->input, 0, 0, "%s", job->refused);
    fail(job, &err);
    return;
  }
  uint64_t key = job->no_xliff ? 0 : job_key(w, job);
  nl_batch_state st;
  nl_buf was = NL_BUF_INIT;
  if (!w->plan->o->rebuild && !job->no_xliff &&
      nl_batch__up_to_date(job->state, job->output, key, &st, &was)) {
    job->exit = st.exit;
    job->findings = st.findings;
    job->has_output = 1;
    nl_buf__clear(&job->detail);
    if (nl_buf__printf(&job->detail, "up to date%s%s", was.size ? ": " : "",
                       was.size ? was.ptr : "") < 0)
      fail(job, (nl_error__nomem(&err), &err));
    else
      job->outcome = NL_BATCH_SKIPPED;
    nl_buf_dispose(&was);
    return;
  }
  nl_buf_dispose(&was);
  if (job->no_xliff) {
    nl_buf why = NL_BUF_INIT;
    if (nl_buf__printf(&why, "no translation: %s (nor .xliff)", job->xliff) <
            0 ||
        skip(job, why.ptr) < 0)
      fail(job, (nl_error__nomem(&err), &err));
    nl_buf_dispose(&why);
    return;
  }
  int rc = run_command(w, job, &out, &err);
  if (rc == 0)
    rc = write_outputs(w, job, &out, key, &err);
  job->has_output = rc == 0;
  if (rc < 0)
    fail(job, &err);
  else if (job->exit != 0) /* check: written, but the file did not pass */
    job->outcome = NL_BATCH_FAILED;
  nl_buf_dispose(&out);
}

void nl_batch__job_dispose(nl_batch_job *job) {
  free(job->input);
  free(job->xliff);
  free(job->output);
  free(job->output_rel);
  free(job->state);
  free(job->refused);
  nl_buf_dispose(&job->detail);
  memset(job, 0, sizeof(*job));
}

void nl_batch__job_result(const nl_batch_job *job, const nl_batch_plan *plan,
                          nl_batch_result *r) {
  memset(r, 0, sizeof(*r));
  r->index = job->index;
  r->outcome = job->outcome;
  r->input = job->input;
  r->xliff = job->xliff;
  r->target = plan->tags ? plan->tags[job->target] : NULL;
  r->output = job->has_output ? job->output : NULL;
  r->exit = job->exit;
  r->error = job->has_error ? &job->error : NULL;
  r->detail = job->detail.size ? job->detail.ptr : NULL;
  r->findings = job->findings;
  r->stats = job->stats;
}
