/*
 * tmx.c - nl_tmx_import / nl_tmx_export: the TMX layer glued to a TM.
 *
 * The reader (tmx_read.c) and writer (tmx_write.c) know nothing of the
 * store; here the reader's batches become nl_tm transactions and
 * nl_tm_foreach feeds the writer, so both directions stream. Imports run
 * over two threads (tmx_pipe.c) and only fall back to one when no
 * thread can be started.
 */
#include <string.h>

#include <newsloc/tmx.h>

#include "error.h"
#include "tmx.h"

static int tm_begin(void *ctx, nl_error *err) { return nl_tm_begin(ctx, err); }

static int tm_add(void *ctx, const nl_tm_entry *e, int nfc, nl_error *err) {
  (void)nfc; /* nl_tm_add checks every entry */
  return nl_tm_add(ctx, e, err);
}

static int tm_commit(void *ctx, nl_error *err) {
  return nl_tm_commit(ctx, err);
}

static void tm_rollback(void *ctx) { nl_tm_rollback(ctx); }

int nl_tmx_import(nl_tm *tm, const char *path,
                  const nl_tmx_import_options *opts, nl_tmx_stats *stats,
                  nl_error *err) {
  if (stats)
    memset(stats, 0, sizeof(*stats));
  if (tm == NULL || path == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "nl_tmx_import: no TM or no path");
  if (opts && opts->version != NL_TMX_IMPORT_OPTIONS_VERSION)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "nl_tmx_import: unknown options version %u",
                         opts->version);
  int rc = nl_tmx__import_piped(tm, path, opts, stats, err);
  if (rc != NL_TMX__NO_THREAD)
    return rc;
  nl_tmx__sink sink = {tm, tm_begin, tm_add, tm_commit, tm_rollback};
  return nl_tmx__read(path, opts, &sink, stats, err);
}

typedef struct export_ctx {
  nl_tmx__writer *w;
  nl_tmx_stats *stats;
  nl_error *err;
  int rc;
} export_ctx;

static int export_one(void *arg, const nl_tm_entry *e) {
  export_ctx *x = arg;
  x->rc = nl_tmx__writer_entry(x->w, e, x->err);
  if (x->rc < 0)
    return x->rc;
  if (x->stats) {
    x->stats->units++;
    x->stats->entries++;
  }
  return 0;
}

int nl_tmx_export(nl_tm *tm, const char *path,
                  const nl_tmx_export_options *opts, nl_tmx_stats *stats,
                  nl_error *err) {
  nl_tmx_export_options defaults = NL_TMX_EXPORT_OPTIONS_INIT;
  if (stats)
    memset(stats, 0, sizeof(*stats));
  if (tm == NULL || path == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "nl_tmx_export: no TM or no path");
  if (opts == NULL)
    opts = &defaults;
  if (opts->version != NL_TMX_EXPORT_OPTIONS_VERSION)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "nl_tmx_export: unknown options version %u",
                         opts->version);
  export_ctx x = {NULL, stats, err, 0};
  int rc = nl_tmx__writer_open(&x.w, path, opts->source_lang, opts->omegat,
                               err);
  if (rc < 0)
    return rc;
  rc = nl_tm_foreach(tm, opts->source_lang, opts->target_lang, export_one,
                     &x, err);
  if (rc < 0 || x.rc < 0) {
    nl_tmx__writer_abort(x.w);
    return rc < 0 ? rc : x.rc;
  }
  return nl_tmx__writer_finish(x.w, err);
}
