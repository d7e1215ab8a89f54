/*
 * tm_copy.c - a translation memory copied into another store.
 *
 * Rows go from one store's `rows` walk (every translation with each of
 * its contexts, oldest first) straight into the other's `add`, so
 * memory does not grow with the TM and nothing is lost on the way:
 * contexts keep their neighbour hashes (the public entry carries
 * neighbour texts, which the TM never keeps). The words a store indexes
 * are cut again for the destination, as an import would cut them.
 * Commits every batch; adding a row the destination holds only refreshes
 * it to the same values, so a second run completes an interrupted one.
 */
#include <string.h>

#include <newsloc/tm.h>

#include "error.h"
#include "tm_prep.h"
#include "tm_store.h"
#include "util/buf.h"

typedef struct copy {
  nl_tm *to;
  nl_tm_store *dst;
  size_t batch, in_batch;
  nl_tm_progress_fn progress;
  void *progress_ctx;
  unsigned long long total;
  nl_tm_copy_stats st;
  nl_buf words;
  nl_buf last; /* the previous row's translation, to count translations */
  nl_error *err;
  int rc;
} copy;

/* Whether the row starts another translation (rows come by translation). */
static int new_translation(copy *c, const nl_tm_row *r) {
  nl_buf id = NL_BUF_INIT;
  int fresh = 1;
  if (nl_buf__printf(&id, "%s\t%s\t%lld\t%s\t%s", r->source_lang,
                     r->target_lang, (long long)r->hash, r->target,
                     r->target_markup ? r->target_markup : "") < 0)
    return 1;
  fresh = c->last.ptr == NULL || strcmp(c->last.ptr, id.ptr) != 0;
  nl_buf_dispose(&c->last);
  c->last = id;
  return fresh;
}

static void tell(copy *c) {
  if (c->progress)
    c->progress(c->progress_ctx, c->st.translations,
                c->total > c->st.translations ? c->total : c->st.translations);
}

static int on_row(void *ctx, const nl_tm_row *r) {
  copy *c = ctx;
  nl_tm_row row = *r;
  nl_buf__clear(&c->words);
  c->rc = nl_tm__words(c->to, r->source_lang, r->key, &c->words, c->err);
  row.words = c->words.ptr;
  if (c->rc == 0 && c->in_batch == 0)
    c->rc = c->dst->ops->begin(c->dst, c->err);
  if (c->rc == 0)
    c->rc = c->dst->ops->add(c->dst, &row, c->err);
  if (c->rc < 0)
    return 1;
  c->st.rows++;
  if (new_translation(c, r))
    c->st.translations++;
  if (++c->in_batch >= c->batch) {
    c->in_batch = 0;
    if ((c->rc = c->dst->ops->commit(c->dst, c->err)) < 0)
      return 1;
    tell(c);
  }
  return 0;
}

static int add_total(void *ctx, const nl_tm_stats_row *r) {
  copy *c = ctx;
  c->total += (unsigned long long)r->units;
  return 0;
}

int nl_tm_copy(nl_tm *from, nl_tm *to, size_t batch,
               nl_tm_progress_fn progress, void *progress_ctx,
               nl_tm_copy_stats *stats, nl_error *err) {
  if (from == NULL || to == NULL || from == to)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "a TM copy needs two different TMs");
  nl_tm_store *src = nl_tm__store(from);
  copy c = {to, nl_tm__store(to), batch ? batch : 10000, 0, progress,
            progress_ctx, 0, {0, 0}, NL_BUF_INIT, NL_BUF_INIT, err, 0};
  int rc = progress ? src->ops->stats(src, add_total, &c, err) : 0;
  if (rc == 0) {
    tell(&c);
    rc = src->ops->rows(src, on_row, &c, err);
    if (rc > 0) /* stopped by on_row: its error */
      rc = c.rc;
  }
  if (rc == 0 && c.in_batch)
    rc = c.dst->ops->commit(c.dst, err);
  if (rc < 0 && c.in_batch)
    c.dst->ops->rollback(c.dst);
  if (rc == 0)
    tell(&c);
  nl_buf_dispose(&c.words);
  nl_buf_dispose(&c.last);
  if (stats)
    *stats = c.st;
  return rc;
}
