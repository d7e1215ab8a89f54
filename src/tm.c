/*
 * tm.c - the translation memory's public API: normalization, leverage
 * and ranking over a store (tm_store.h).
 *
 * Leverage, best first:
 *  101 in-context  same NFC source, and a use of that translation had the
 *                  same previous and next source segments;
 *  101 same-unit   same NFC source, translated for the same article and
 *                  unit (an earlier revision of this very sentence);
 *                  a same-unit translation whose source has since been
 *                  edited is offered with its fuzzy score and ranks
 *                  above plain fuzzy matches of equal score;
 *  100 exact       same NFC source;
 *   99 near-exact  only case, spacing, invisible joiners or digit script
 *                  differ (98 when punctuation differs too);
 *  <99 fuzzy       candidates from the store's index, scored by
 *                  tm_match.c, at least min_score (default 70).
 * Differing inline codes cost a point each (an exact match with other
 * codes becomes near-exact 99 at most).
 */
#define _POSIX_C_SOURCE 200809L
#include <newsloc/tm.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "tm_match.h"
#include "tm_store.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

struct nl_tm {
  const nl_tm_store_ops *ops;
  nl_tm_store *store;
  nl_tm__scorer *scorer;
};

struct nl_tm_matches {
  nl_tm_match *m;
  int64_t *target_ids;
  char **strings; /* everything the matches point into */
  size_t n, cap, nstr, capstr;
};

/* ---- opening ------------------------------------------------------------- */

int nl_tm_open(nl_tm **out, const char *path, const nl_tm_options *opts,
               nl_error *err) {
  if (out == NULL || path == NULL || *path == '\0')
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "nl_tm_open: a path is required");
  *out = NULL;
  nl_tm *tm = calloc(1, sizeof(*tm));
  if (tm == NULL)
    return nl_error__nomem(err);
  tm->ops = &nl_tm__sqlite_ops;
  int rc = nl_tm__scorer_new(&tm->scorer, err);
  if (rc == 0)
    rc = tm->ops->open(&tm->store, path, opts, err);
  if (rc < 0) {
    nl_tm_close(tm);
    return rc;
  }
  *out = tm;
  return 0;
}

void nl_tm_close(nl_tm *tm) {
  if (tm == NULL)
    return;
  if (tm->store)
    tm->ops->close(tm->store);
  nl_tm__scorer_free(tm->scorer);
  free(tm);
}

int nl_tm_default_path(nl_buf *out, nl_error *err) {
  const char *env = getenv("NEWSLOC_TM");
  int rc;
  if (env && *env)
    rc = nl_buf__puts(out, env);
  else if ((env = getenv("XDG_DATA_HOME")) != NULL && *env == '/')
    rc = nl_buf__printf(out, "%s/newsloc/tm.sqlite", env);
  else if ((env = getenv("HOME")) != NULL && *env)
    rc = nl_buf__printf(out, "%s/.local/share/newsloc/tm.sqlite", env);
  else
    return nl_error__set(err, NL_ENOTFOUND, NULL, 0, 0,
                         "no TM path: set NEWSLOC_TM or HOME");
  return rc < 0 ? nl_error__nomem(err) : 0;
}

/* ---- transactions -------------------------------------------------------- */

int nl_tm_begin(nl_tm *tm, nl_error *err) {
  if (tm == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no TM");
  return tm->ops->begin(tm->store, err);
}

int nl_tm_commit(nl_tm *tm, nl_error *err) {
  if (tm == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no TM");
  return tm->ops->commit(tm->store, err);
}

void nl_tm_rollback(nl_tm *tm) {
  if (tm)
    tm->ops->rollback(tm->store);
}

/* ---- adding -------------------------------------------------------------- */

static int nfc(nl_buf *out, const char *s, const char *what, nl_error *err) {
  size_t len = strlen(s);
  int rc = nl_utf8__check(s, len, what, err);
  if (rc == 0)
    rc = nl_icu__nfc(out, s, len, err);
  if (rc == 0 && out->ptr == NULL && nl_buf__puts(out, "") < 0)
    rc = nl_error__nomem(err);
  return rc;
}

/* Hash of a neighbour's NFC text; 0 when there is none. */
static int context_hash(const char *s, int64_t *out, nl_error *err) {
  *out = 0;
  if (s == NULL)
    return 0;
  nl_buf b = NL_BUF_INIT;
  int rc = nfc(&b, s, "context", err);
  if (rc == 0)
    *out = nl_tm__hash(b.ptr, b.size);
  nl_buf_dispose(&b);
  return rc;
}

static int check_entry(const nl_tm_entry *e, nl_error *err) {
  if (e == NULL || e->source_lang == NULL || e->target_lang == NULL ||
      e->source == NULL || e->target == NULL || *e->source_lang == '\0' ||
      *e->target_lang == '\0')
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "a TM entry needs languages, source and target");
  if (e->status < NL_TM_DRAFT || e->status > NL_TM_APPROVED)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "a TM entry has an unknown status %d",
                         (int)e->status);
  return 0;
}

static int add_one(nl_tm *tm, const nl_tm_entry *e, nl_error *err) {
  nl_buf src = NL_BUF_INIT, tgt = NL_BUF_INIT, key = NL_BUF_INIT;
  nl_tm__row_in r;
  memset(&r, 0, sizeof(r));
  int rc = nfc(&src, e->source, "source", err);
  if (rc == 0)
    rc = nfc(&tgt, e->target, "target", err);
  if (rc == 0)
    rc = nl_tm__key(&key, src.ptr, 0, err);
  if (rc == 0)
    rc = context_hash(e->prev, &r.prev_hash, err);
  if (rc == 0)
    rc = context_hash(e->next, &r.next_hash, err);
  if (rc < 0)
    goto done;
  r.entry = e;
  r.source = src.ptr;
  r.source_markup = e->source_markup;
  r.target = tgt.ptr;
  r.target_markup = e->target_markup;
  r.key = key.ptr;
  r.hash = nl_tm__hash(src.ptr, src.size);
  r.key_hash = nl_tm__hash(key.ptr, key.size);
  r.now = (long long)time(NULL);
  rc = tm->ops->add(tm->store, &r, err);
done:
  nl_buf_dispose(&src);
  nl_buf_dispose(&tgt);
  nl_buf_dispose(&key);
  return rc;
}

int nl_tm_add(nl_tm *tm, const nl_tm_entry *entry, nl_error *err) {
  if (tm == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no TM");
  int rc = check_entry(entry, err);
  if (rc < 0)
    return rc;
  if (tm->ops->in_transaction(tm->store))
    return add_one(tm, entry, err);
  if ((rc = tm->ops->begin(tm->store, err)) < 0)
    return rc;
  rc = add_one(tm, entry, err);
  if (rc == 0)
    rc = tm->ops->commit(tm->store, err);
  if (rc < 0)
    tm->ops->rollback(tm->store);
  return rc;
}

/* ---- match lists --------------------------------------------------------- */

const char *nl_match_type_name(nl_match_type type) {
  switch (type) {
  case NL_MATCH_IN_CONTEXT: return "in-context";
  case NL_MATCH_SAME_UNIT: return "same-unit";
  case NL_MATCH_EXACT: return "exact";
  case NL_MATCH_NEAR_EXACT: return "near-exact";
  case NL_MATCH_FUZZY: return "fuzzy";
  }
  return "unknown";
}

size_t nl_tm_matches_count(const nl_tm_matches *m) { return m ? m->n : 0; }

const nl_tm_match *nl_tm_matches_get(const nl_tm_matches *m, size_t i) {
  return m && i < m->n ? &m->m[i] : NULL;
}

void nl_tm_matches_free(nl_tm_matches *m) {
  if (m == NULL)
    return;
  for (size_t i = 0; i < m->nstr; i++)
    free(m->strings[i]);
  free(m->strings);
  free(m->m);
  free(m->target_ids);
  free(m);
}

/* Copies a string into the list's keeping; NULL stays NULL. */
static int keep(nl_tm_matches *m, const char *s, const char **out) {
  *out = NULL;
  if (s == NULL)
    return 0;
  if (m->nstr == m->capstr) {
    size_t nc = m->capstr ? m->capstr * 2 : 32;
    char **ns = realloc(m->strings, nc * sizeof(char *));
    if (ns == NULL)
      return NL_ENOMEM;
    m->strings = ns;
    m->capstr = nc;
  }
  char *c = nl__strdup(s);
  if (c == NULL)
    return NL_ENOMEM;
  m->strings[m->nstr++] = c;
  *out = c;
  return 0;
}

static int type_rank(nl_match_type t) { return (int)t; }

/* Adds or improves the match for one stored translation. */
static int offer(nl_tm_matches *m, const nl_tm__row *r, int score,
                 nl_match_type type) {
  for (size_t i = 0; i < m->n; i++) {
    if (m->target_ids[i] != r->target_id)
      continue;
    if (score > m->m[i].score ||
        (score == m->m[i].score && type_rank(type) < type_rank(m->m[i].type))) {
      m->m[i].score = score;
      m->m[i].type = type;
    }
    return 0;
  }
  if (m->n == m->cap) {
    size_t nc = m->cap ? m->cap * 2 : 16;
    nl_tm_match *nm = realloc(m->m, nc * sizeof(nl_tm_match));
    if (nm == NULL)
      return NL_ENOMEM;
    m->m = nm;
    int64_t *ni = realloc(m->target_ids, nc * sizeof(int64_t));
    if (ni == NULL)
      return NL_ENOMEM;
    m->target_ids = ni;
    m->cap = nc;
  }
  nl_tm_match *x = &m->m[m->n];
  memset(x, 0, sizeof(*x));
  x->score = score;
  x->type = type;
  x->status = (nl_tm_status)r->status;
  x->changed = r->changed;
  if (keep(m, r->source, &x->source) < 0 ||
      keep(m, r->source_markup, &x->source_markup) < 0 ||
      keep(m, r->target, &x->target) < 0 ||
      keep(m, r->target_markup, &x->target_markup) < 0 ||
      keep(m, r->translator, &x->translator) < 0)
    return NL_ENOMEM;
  m->target_ids[m->n++] = r->target_id;
  return 0;
}

static int match_cmp(const void *a, const void *b) {
  const nl_tm_match *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->type != y->type)
    return type_rank(x->type) < type_rank(y->type) ? -1 : 1;
  if (x->status != y->status)
    return x->status > y->status ? -1 : 1;
  if (x->changed != y->changed)
    return x->changed > y->changed ? -1 : 1;
  return 0;
}

/* ---- lookup -------------------------------------------------------------- */

typedef struct lookup {
  nl_tm *tm;
  const nl_tm_query *q;
  const char *markup;
  nl_tm_matches *out;
  const char *text;  /* NFC query */
  const char *loose; /* loose key of the query */
  nl_tm__toks toks;  /* the query's tokens, once needed */
  int have_toks;
  nl_tm__toks cand;
  int64_t last_source; /* the last fuzzy-scored source and its score */
  int last_score;
  int min_score;
  int has_context;
  nl_error *err;
} lookup;

static int codes(const lookup *L, const nl_tm__row *r) {
  if (L->markup == NULL && r->source_markup == NULL)
    return 0;
  return nl_tm__code_penalty(L->markup, r->source_markup);
}

static int fuzzy_score(lookup *L, const nl_tm__row *r) {
  if (r->source_id == L->last_source)
    return L->last_score;
  int rc = 0;
  if (!L->have_toks) {
    rc = nl_tm__tokenize(L->tm->scorer, L->q->source_lang, L->text,
                         &L->toks, L->err);
    L->have_toks = rc == 0;
  }
  if (rc == 0)
    rc = nl_tm__tokenize(L->tm->scorer, L->q->source_lang, r->source,
                         &L->cand, L->err);
  if (rc < 0)
    return rc;
  int s = nl_tm__similarity(&L->toks, &L->cand);
  if (s < 0)
    return nl_error__nomem(L->err);
  s -= codes(L, r);
  if (s > 99)
    s = 99;
  L->last_source = r->source_id;
  L->last_score = s < 0 ? 0 : s;
  return L->last_score;
}

static int on_exact(void *ctx, const nl_tm__row *r) {
  lookup *L = ctx;
  int score = 100;
  nl_match_type type = NL_MATCH_EXACT;
  if (L->has_context && r->in_context) {
    score = 101;
    type = NL_MATCH_IN_CONTEXT;
  } else if (r->same_unit) {
    score = 101;
    type = NL_MATCH_SAME_UNIT;
  }
  int pen = codes(L, r);
  if (pen > 0) {
    score = 99 - (pen - 1);
    type = NL_MATCH_NEAR_EXACT;
  }
  return offer(L->out, r, score < 0 ? 0 : score, type) < 0
             ? nl_error__nomem(L->err)
             : 0;
}

static int on_near(void *ctx, const nl_tm__row *r) {
  lookup *L = ctx;
  if (strcmp(r->source, L->text) == 0)
    return 0; /* the exact pass has it */
  nl_buf loose = NL_BUF_INIT;
  int rc = nl_tm__key(&loose, r->source, 1, L->err);
  if (rc < 0)
    return rc;
  int score = strcmp(loose.ptr, L->loose) == 0 ? 99 : 98;
  nl_buf_dispose(&loose);
  score -= codes(L, r);
  return offer(L->out, r, score < 0 ? 0 : score, NL_MATCH_NEAR_EXACT) < 0
             ? nl_error__nomem(L->err)
             : 0;
}

static int on_unit(void *ctx, const nl_tm__row *r) {
  lookup *L = ctx;
  if (strcmp(r->source, L->text) == 0)
    return 0;
  int s = fuzzy_score(L, r);
  if (s < 0)
    return s;
  if (s < L->min_score)
    return 0;
  return offer(L->out, r, s, NL_MATCH_SAME_UNIT) < 0 ? nl_error__nomem(L->err)
                                                     : 0;
}

static int on_fuzzy(void *ctx, const nl_tm__row *r) {
  lookup *L = ctx;
  if (strcmp(r->source, L->text) == 0)
    return 0;
  int s = fuzzy_score(L, r);
  if (s < 0)
    return s;
  if (s < L->min_score)
    return 0;
  return offer(L->out, r, s, NL_MATCH_FUZZY) < 0 ? nl_error__nomem(L->err)
                                                 : 0;
}

static int count_top(const nl_tm_matches *m, int min) {
  int n = 0;
  for (size_t i = 0; i < m->n; i++)
    n += m->m[i].score >= min;
  return n;
}

static int check_query(const nl_tm_query *q, nl_error *err) {
  if (q == NULL || q->source_lang == NULL || q->target_lang == NULL ||
      q->source == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "a TM query needs languages and a source");
  if (q->min_score < 0 || q->min_score > 101)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "min_score must be 0-101, not %d", q->min_score);
  return 0;
}

/* The fuzzy pass is skipped when enough 100+ matches exist already. */
#define FUZZY_CANDIDATES 100

static int run_lookup(lookup *L, nl_tm__cand_query *cq) {
  nl_tm *tm = L->tm;
  size_t max = L->q->max_results ? L->q->max_results : 5;
  cq->find = NL_TM__BY_HASH;
  int rc = tm->ops->candidates(tm->store, cq, on_exact, L, L->err);
  if (rc == 0) {
    cq->find = NL_TM__BY_KEY_HASH;
    rc = tm->ops->candidates(tm->store, cq, on_near, L, L->err);
  }
  if (rc == 0 && cq->article_id) {
    cq->find = NL_TM__BY_UNIT;
    rc = tm->ops->candidates(tm->store, cq, on_unit, L, L->err);
  }
  if (rc == 0 && (size_t)count_top(L->out, 100) < max &&
      L->min_score <= 99 && *cq->key) {
    cq->find = NL_TM__FUZZY;
    cq->limit = FUZZY_CANDIDATES;
    rc = tm->ops->candidates(tm->store, cq, on_fuzzy, L, L->err);
  }
  if (rc < 0)
    return rc;
  nl_tm_matches *m = L->out;
  /* target_ids are not needed past this point; they stay unsorted. */
  qsort(m->m, m->n, sizeof(nl_tm_match), match_cmp);
  if (m->n > max)
    m->n = max;
  return 0;
}

int nl_tm_lookup_markup(nl_tm *tm, const nl_tm_query *query,
                        const char *source_markup, nl_tm_matches **out,
                        nl_error *err) {
  if (out)
    *out = NULL;
  if (tm == NULL || out == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no TM or output");
  int rc = check_query(query, err);
  if (rc < 0)
    return rc;
  *out = calloc(1, sizeof(nl_tm_matches));
  if (*out == NULL)
    return nl_error__nomem(err);
  nl_buf text = NL_BUF_INIT, key = NL_BUF_INIT, loose = NL_BUF_INIT;
  lookup L;
  memset(&L, 0, sizeof(L));
  L.tm = tm;
  L.q = query;
  L.markup = source_markup;
  L.out = *out;
  L.err = err;
  L.last_source = -1;
  L.min_score = query->min_score ? query->min_score : 70;
  L.has_context = query->prev != NULL || query->next != NULL;
  nl_tm__cand_query cq;
  memset(&cq, 0, sizeof(cq));
  rc = nfc(&text, query->source, "query", err);
  if (rc == 0)
    rc = nl_tm__key(&key, text.ptr, 0, err);
  if (rc == 0)
    rc = nl_tm__key(&loose, text.ptr, 1, err);
  if (rc == 0)
    rc = context_hash(query->prev, &cq.prev_hash, err);
  if (rc == 0)
    rc = context_hash(query->next, &cq.next_hash, err);
  if (rc < 0)
    goto done;
  L.text = text.ptr;
  L.loose = loose.ptr;
  cq.source_lang = query->source_lang;
  cq.target_lang = query->target_lang;
  cq.text = text.ptr;
  cq.key = key.ptr;
  cq.hash = nl_tm__hash(text.ptr, text.size);
  cq.key_hash = nl_tm__hash(key.ptr, key.size);
  cq.article_id = query->article_id;
  cq.unit_id = query->unit_id;
  rc = run_lookup(&L, &cq);
done:
  nl_tm__toks_dispose(&L.toks);
  nl_tm__toks_dispose(&L.cand);
  nl_buf_dispose(&text);
  nl_buf_dispose(&key);
  nl_buf_dispose(&loose);
  if (rc < 0) {
    nl_tm_matches_free(*out);
    *out = NULL;
  }
  return rc;
}

int nl_tm_lookup(nl_tm *tm, const nl_tm_query *query, nl_tm_matches **out,
                 nl_error *err) {
  return nl_tm_lookup_markup(tm, query, NULL, out, err);
}

/* ---- walking ------------------------------------------------------------- */

typedef struct walk {
  nl_tm_visit_fn fn;
  void *ctx;
  const char *needle; /* concordance: key to contain, or NULL */
  int in_target;
  size_t left;        /* concordance: calls left */
  int stopped;        /* we stopped the walk, not the caller */
  nl_error *err;
} walk;

static void row_entry(const nl_tm__row *r, nl_tm_entry *e) {
  memset(e, 0, sizeof(*e));
  e->source_lang = r->source_lang;
  e->target_lang = r->target_lang;
  e->source = r->source;
  e->source_markup = r->source_markup;
  e->target = r->target;
  e->target_markup = r->target_markup;
  e->article_id = r->article_id;
  e->unit_id = r->unit_id;
  e->service = r->service;
  e->translator = r->translator;
  e->status = (nl_tm_status)r->status;
  e->changed = r->changed;
}

static int on_walk(void *ctx, const nl_tm__row *r) {
  walk *w = ctx;
  nl_tm_entry e;
  if (w->needle) {
    nl_buf k = NL_BUF_INIT;
    int rc = nl_tm__key(&k, w->in_target ? r->target : r->source, 0, w->err);
    if (rc < 0)
      return rc;
    int hit = strstr(k.ptr, w->needle) != NULL;
    nl_buf_dispose(&k);
    if (!hit)
      return 0;
  }
  row_entry(r, &e);
  int rc = w->fn(w->ctx, &e);
  if (rc == 0 && w->needle && --w->left == 0) {
    w->stopped = 1;
    return 1;
  }
  return rc;
}

int nl_tm_foreach(nl_tm *tm, const char *source_lang, const char *target_lang,
                  nl_tm_visit_fn fn, void *ctx, nl_error *err) {
  if (tm == NULL || fn == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no TM or callback");
  walk w = {fn, ctx, NULL, 0, 0, 0, err};
  return tm->ops->foreach(tm->store, source_lang, target_lang, on_walk, &w,
                          err);
}

int nl_tm_concordance(nl_tm *tm, const char *text, const char *source_lang,
                      const char *target_lang, int in_target, size_t limit,
                      nl_tm_visit_fn fn, void *ctx, nl_error *err) {
  if (tm == NULL || fn == NULL || text == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "no TM, text or callback");
  nl_buf t = NL_BUF_INIT, key = NL_BUF_INIT;
  int rc = nfc(&t, text, "text", err);
  if (rc == 0)
    rc = nl_tm__key(&key, t.ptr, 0, err);
  if (rc == 0 && key.size == 0)
    rc = nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                       "concordance needs a word to look for");
  if (rc == 0) {
    walk w = {fn, ctx, key.ptr, in_target, limit ? limit : 50, 0, err};
    rc = tm->ops->concordance(tm->store, source_lang, target_lang, t.ptr,
                              key.ptr, in_target, 0, on_walk, &w, err);
    if (w.stopped)
      rc = 0;
  }
  nl_buf_dispose(&t);
  nl_buf_dispose(&key);
  return rc;
}

/* ---- totals and pruning -------------------------------------------------- */

typedef struct pairs {
  nl_tm_pair_fn fn;
  void *ctx;
} pairs;

static int on_pair(void *ctx, const nl_tm__pair_count *pc) {
  pairs *p = ctx;
  return p->fn(p->ctx, pc->source_lang, pc->target_lang, pc->count);
}

int nl_tm_get_stats(nl_tm *tm, nl_tm_stats *out, nl_tm_pair_fn fn, void *ctx,
                    nl_error *err) {
  if (tm == NULL || out == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no TM or output");
  pairs p = {fn, ctx};
  return tm->ops->stats(tm->store, out, fn ? on_pair : NULL, &p, err);
}

int nl_tm_prune(nl_tm *tm, const nl_tm_prune_options *opts, size_t *removed,
                nl_error *err) {
  size_t n = 0;
  if (removed)
    *removed = 0;
  if (tm == NULL || opts == NULL || (opts->older_than <= 0 && opts->status < 0))
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "prune needs an age or a status");
  int rc = tm->ops->begin(tm->store, err);
  if (rc < 0)
    return rc;
  rc = tm->ops->prune(tm->store, opts, (long long)time(NULL), &n, err);
  if (rc == 0)
    rc = tm->ops->commit(tm->store, err);
  if (rc < 0) {
    tm->ops->rollback(tm->store);
    return rc;
  }
  if (removed)
    *removed = n;
  return 0;
}
