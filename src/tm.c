/*
 * tm.c - the translation memory: what is remembered and what matches.
 *
 * Every segment is kept three ways: as given (NFC), its exact hash, and
 * a matching key — lowercase, punctuation, joiners (ZWNJ/ZWJ, which
 * Persian typists place inconsistently) and other format characters
 * removed, every decimal digit as ASCII (so ۲۰۱۶ and 2016 are the same
 * number), single spaces. Matches, best first:
 *
 *   101 in-context  same source and the same neighbours;
 *   101 same-unit   same source at the same article and unit (a story
 *                   updated during the day), when neighbours changed;
 *   100 exact       same source;
 *    97-99 near-exact  same key: only whitespace (99), case (98) or
 *                   punctuation (97) differ;
 *   <100 fuzzy      similar key (tm_fuzzy.c), from full-text candidates
 *                   — never a scan; earlier revisions of the same unit
 *                   are scored the same way and keep type same-unit.
 *
 * Language tags are canonicalized (ICU) before they are stored or
 * looked up, so "fa-ir" and "fa-IR" are one language.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include <newsloc/io.h>
#include <newsloc/tm.h>

#include "error.h"
#include "lang.h"
#include "tm_fuzzy.h"
#include "tm_meta.h"
#include "tm_pg.h"
#include "tm_prep.h"
#include "tm_store.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

/* Tags seen recently and their canonical form: canonicalizing through
 * ICU on every one of a million adds would cost more than the insert. */
typedef struct lang_memo {
  char tag[64], canon[64];
} lang_memo;

/* Buffers are kept between entries: a million-unit import would
 * otherwise pay four allocations per unit. */
struct nl_tm__prep {
  nl_tm_fuzzy *fuzzy;
  lang_memo memo[4];
  unsigned next_memo;
  char sl[64], tl[64];
  nl_buf src, tgt, key, words;
  unsigned char sig[NL_TM_SIG]; /* the key's (nl_tm_fuzzy__sig) */
};

struct nl_tm {
  nl_tm_store *store;
  nl_tm__prep *prep; /* for nl_tm_add and lookups */
  nl_tm_fuzzy *fuzzy; /* prep's */
};

int nl_tm__prep_new(nl_tm__prep **out, nl_error *err) {
  *out = calloc(1, sizeof(**out));
  if (*out == NULL)
    return nl_error__nomem(err);
  int rc = nl_tm_fuzzy__new(&(*out)->fuzzy, err);
  if (rc < 0) {
    free(*out);
    *out = NULL;
  }
  return rc;
}

void nl_tm__prep_free(nl_tm__prep *p) {
  if (p == NULL)
    return;
  nl_tm_fuzzy__free(p->fuzzy);
  nl_buf_dispose(&p->src);
  nl_buf_dispose(&p->tgt);
  nl_buf_dispose(&p->key);
  nl_buf_dispose(&p->words);
  free(p);
}

/* ---- opening ------------------------------------------------------------- */

int nl_tm_open(nl_tm **out, const char *path, const nl_tm_options *opts,
               nl_error *err) {
  static const nl_tm_options defaults = NL_TM_OPTIONS_INIT;
  if (out == NULL || path == NULL || *path == '\0')
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no TM path given");
  *out = NULL;
  if (opts == NULL)
    opts = &defaults;
  nl_tm *tm = calloc(1, sizeof(*tm));
  if (tm == NULL)
    return nl_error__nomem(err);
  int rc = nl_tm_pg__is_url(path)
               ? nl_tm_pg__open(&tm->store, path, opts, err)
               : nl_tm_sqlite__open(&tm->store, path, opts, err);
  if (rc == 0)
    rc = nl_tm__prep_new(&tm->prep, err);
  if (rc == 0)
    tm->fuzzy = tm->prep->fuzzy;
  if (rc < 0) {
    nl_tm_close(tm);
    return rc;
  }
  *out = tm;
  return 0;
}

int nl_tm_is_server(const char *path) {
  return path && nl_tm_pg__is_url(path);
}

nl_tm_store *nl_tm__store(nl_tm *tm) { return tm->store; }

int nl_tm__words(nl_tm *tm, const char *lang, const char *key, nl_buf *out,
                 nl_error *err) {
  return nl_tm_fuzzy__words(tm->fuzzy, lang, key, out, err);
}

void nl_tm_close(nl_tm *tm) {
  if (tm == NULL)
    return;
  if (tm->store)
    tm->store->ops->close(tm->store);
  nl_tm__prep_free(tm->prep);
  free(tm);
}

int nl_tm_default_path(nl_buf *out, nl_error *err) {
  const char *env = getenv("NEWSLOC_TM");
  const char *xdg = getenv("XDG_DATA_HOME");
  const char *home = getenv("HOME");
  int rc;
  if (env && *env)
    rc = nl_buf__puts(out, env);
  else if (xdg && *xdg)
    rc = nl_buf__printf(out, "%s/newsloc/tm.sqlite", xdg);
  else if (home && *home)
    rc = nl_buf__printf(out, "%s/.local/share/newsloc/tm.sqlite", home);
  else
    return nl_error__set(err, NL_ENOTFOUND, NULL, 0, 0,
                         "no TM path: set NEWSLOC_TM, XDG_DATA_HOME or HOME");
  return rc < 0 ? nl_error__nomem(err) : 0;
}

/* ---- normal forms -------------------------------------------------------- */

static int canonical_lang(char *out, size_t cap, const char *tag,
                          nl_error *err) {
  return nl_lang_canonicalize(tag, out, cap, err);
}

static int tm_lang(nl_tm__prep *tm, char *out, size_t cap, const char *tag,
                   nl_error *err) {
  for (size_t i = 0; tag && i < 4; i++)
    if (strcmp(tm->memo[i].tag, tag) == 0) {
      snprintf(out, cap, "%s", tm->memo[i].canon);
      return 0;
    }
  int rc = canonical_lang(out, cap, tag, err);
  if (rc == 0 && strlen(tag) < sizeof(tm->memo[0].tag)) {
    lang_memo *m = &tm->memo[tm->next_memo++ % 4];
    snprintf(m->tag, sizeof(m->tag), "%s", tag);
    snprintf(m->canon, sizeof(m->canon), "%s", out);
  }
  return rc;
}

static int64_t hash64(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; s && *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ULL;
  }
  return (int64_t)(h >> 1); /* non-negative, and never 0 for text */
}

int64_t nl_tm__key_hash(const char *key) {
  uint64_t h = 1469598103934665603ULL;
  for (; key && *key; key++) {
    if (*key == ' ')
      continue;
    h ^= (unsigned char)*key;
    h *= 1099511628211ULL;
  }
  return (int64_t)(h >> 1);
}

/* Whether two keys differ only in their spaces. */
static int same_but_spaces(const char *a, const char *b) {
  for (;;) {
    while (*a == ' ')
      a++;
    while (*b == ' ')
      b++;
    if (*a != *b)
      return 0;
    if (*a == '\0')
      return 1;
    a++;
    b++;
  }
}

static int nfc(nl_buf *out, const char *s, nl_error *err) {
  int rc = nl_utf8__check(s, strlen(s), NULL, err);
  if (rc == 0)
    rc = nl_icu__nfc(out, s, strlen(s), err);
  if (rc == 0 && out->ptr == NULL && nl_buf__puts(out, "") < 0)
    rc = nl_error__nomem(err);
  return rc;
}

/* What the TM keeps goes out again as XLIFF and TMX: a character XML
 * cannot carry is refused here rather than written unreadable there. */
static int storable(const char *t, size_t len, nl_error *err) {
  size_t at = nl_utf8__xml_bad_at(t, len), j = at;
  if (at == len)
    return 0;
  return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                       "character U+%04X at byte %zu of a TM entry cannot be "
                       "written in XML (XLIFF, TMX)",
                       (unsigned)nl_utf8__next(t, len, &j), at);
}

static int64_t context_hash(const char *s, nl_error *err, int *rc) {
  if (s == NULL || *s == '\0' || *rc < 0)
    return 0;
  nl_buf b = NL_BUF_INIT;
  *rc = nfc(&b, s, err);
  int64_t h = *rc == 0 ? hash64(b.ptr) : 0;
  nl_buf_dispose(&b);
  return h;
}

/* ---- writing ------------------------------------------------------------- */

int nl_tm_begin(nl_tm *tm, nl_error *err) {
  return tm->store->ops->begin(tm->store, err);
}

int nl_tm_commit(nl_tm *tm, nl_error *err) {
  return tm->store->ops->commit(tm->store, err);
}

void nl_tm_rollback(nl_tm *tm) { tm->store->ops->rollback(tm->store); }

/* e's texts in NFC, checked: p's buffers, or e's own when `known` says
 * they are already (see tm_prep.h). */
static int nfc_texts(nl_tm__prep *p, const nl_tm_entry *e, int known,
                     const char **src, const char **tgt, nl_error *err) {
  int rc = 0;
  nl_buf__clear(&p->src);
  nl_buf__clear(&p->tgt);
  if (!known && (rc = nfc(&p->src, e->source, err)) == 0)
    rc = nfc(&p->tgt, e->target, err);
  *src = known ? e->source : p->src.ptr;
  *tgt = known ? e->target : p->tgt.ptr;
  if (rc == 0)
    rc = storable(*src, known ? strlen(*src) : p->src.size, err);
  if (rc == 0)
    rc = storable(*tgt, known ? strlen(*tgt) : p->tgt.size, err);
  return rc;
}

int nl_tm__prepare(nl_tm__prep *p, const nl_tm_entry *e, int nfc,
                   nl_tm_row *r, nl_error *err) {
  if (e == NULL || e->source == NULL || e->target == NULL ||
      *e->source == '\0' || *e->target == '\0')
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "a TM entry needs a source and a target text");
  int rc = tm_lang(p, p->sl, sizeof(p->sl), e->source_lang, err);
  if (rc == 0)
    rc = tm_lang(p, p->tl, sizeof(p->tl), e->target_lang, err);
  if (rc == 0)
    rc = nl_tm__meta_check(e->meta, err);
  const char *src = NULL, *tgt = NULL;
  nl_buf__clear(&p->key);
  nl_buf__clear(&p->words);
  if (rc == 0)
    rc = nfc_texts(p, e, nfc, &src, &tgt, err);
  if (rc == 0)
    rc = nl_tm_fuzzy__key(&p->key, src, err);
  if (rc == 0)
    rc = nl_tm_fuzzy__words(p->fuzzy, p->sl, p->key.ptr, &p->words, err);
  nl_tm_row row = {p->sl, p->tl, src, e->source_markup, p->key.ptr,
                   p->words.ptr, tgt, e->target_markup, 0, 0, 0, 0,
                   e->article_id, e->unit_id, e->service, e->translator,
                   e->status, 0, 0, e->meta, NULL};
  row.prev_hash = context_hash(e->prev, err, &rc);
  row.next_hash = context_hash(e->next, err, &rc);
  if (rc == 0) {
    row.hash = hash64(src);
    row.key_hash = nl_tm__key_hash(p->key.ptr);
    /* here, so that a TMX import's reader thread makes it, not the
     * writer's commit (tm_sqlite_bits.c) */
    nl_tm_fuzzy__sig(p->key.ptr, p->sig);
    row.sig = p->sig;
    row.created = row.changed =
        e->changed ? e->changed : (long long)time(NULL);
    *r = row;
  }
  return rc;
}

int nl_tm__add_row(nl_tm *tm, const nl_tm_row *r, nl_error *err) {
  return tm->store->ops->add(tm->store, r, err);
}

int nl_tm_add(nl_tm *tm, const nl_tm_entry *e, nl_error *err) {
  if (tm == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no TM given");
  nl_tm_row r;
  int rc = nl_tm__prepare(tm->prep, e, 0, &r, err);
  return rc == 0 ? nl_tm__add_row(tm, &r, err) : rc;
}

/* ---- matches ------------------------------------------------------------- */

struct nl_tm_matches {
  nl_tm_match *m;
  size_t n, cap;
};

const char *nl_match_type_name(nl_match_type t) {
  static const char *const names[] = {"in-context", "same-unit", "exact",
                                      "near-exact", "fuzzy"};
  return (unsigned)t < 5 ? names[t] : "unknown";
}

size_t nl_tm_matches_count(const nl_tm_matches *ms) { return ms ? ms->n : 0; }

const nl_tm_match *nl_tm_matches_get(const nl_tm_matches *ms, size_t i) {
  return ms && i < ms->n ? &ms->m[i] : NULL;
}

static void free_match(nl_tm_match *m) {
  free((char *)m->source);
  free((char *)m->source_markup);
  free((char *)m->target);
  free((char *)m->target_markup);
  free((char *)m->translator);
  free((char *)m->meta);
}

void nl_tm_matches_free(nl_tm_matches *ms) {
  if (ms == NULL)
    return;
  for (size_t i = 0; i < ms->n; i++)
    free_match(&ms->m[i]);
  free(ms->m);
  free(ms);
}

static int same_str(const char *a, const char *b) {
  return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static int better(const nl_tm_match *a, const nl_tm_match *b) {
  if (a->score != b->score)
    return a->score > b->score;
  if (a->type != b->type)
    return a->type < b->type;
  if (a->lang_rank != b->lang_rank)
    return a->lang_rank < b->lang_rank;
  return a->changed > b->changed;
}

/* Adds a match, or upgrades the one with the same source and target. */
static int put_match(nl_tm_matches *ms, const nl_tm_row *r, int score,
                     nl_match_type type, int rank) {
  for (size_t i = 0; i < ms->n; i++) {
    nl_tm_match *m = &ms->m[i];
    if (strcmp(m->source, r->source) == 0 && strcmp(m->target, r->target) == 0 &&
        same_str(m->target_markup, r->target_markup)) {
      nl_tm_match c = *m;
      c.score = score;
      c.type = type;
      c.changed = r->changed;
      c.lang_rank = rank;
      if (better(&c, m)) {
        m->score = score;
        m->type = type;
        m->lang_rank = rank;
      }
      return 0;
    }
  }
  if (ms->n == ms->cap) {
    size_t cap = ms->cap ? ms->cap * 2 : 8;
    nl_tm_match *p = realloc(ms->m, cap * sizeof(*p));
    if (p == NULL)
      return NL_ENOMEM;
    ms->m = p;
    ms->cap = cap;
  }
  nl_tm_match m = {score,
                   type,
                   nl__strdup(r->source),
                   nl__strdup(r->source_markup),
                   nl__strdup(r->target),
                   nl__strdup(r->target_markup),
                   r->status,
                   nl__strdup(r->translator),
                   r->changed,
                   nl__strdup(r->meta),
                   rank};
  if (!m.source || !m.target || (r->source_markup && !m.source_markup) ||
      (r->target_markup && !m.target_markup) ||
      (r->translator && !m.translator) || (r->meta && !m.meta)) {
    free_match(&m);
    return NL_ENOMEM;
  }
  ms->m[ms->n++] = m;
  return 0;
}

/* ---- source variants --------------------------------------------------- */

/* The script `tag` is written in: its likely one ("sr" Cyrl, "zh-TW"
 * Hant), or the one it names, or "" when neither is known. */
static void script_of(const char *tag, char out[5]) {
  char full[128];
  const char *p = nl_lang__likely(full, sizeof(full), tag) ? strchr(full, '_')
                                                          : strchr(tag, '-');
  out[0] = '\0';
  if (p && strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "abcdefghijklmnopqrstuvwxyz") == 4) {
    memcpy(out, p + 1, 4);
    out[4] = '\0';
  }
}

/* How a stored source tag `t` relates to the query's `q` (both
 * canonical, one primary subtag): 0 the same, 1 wider or narrower,
 * 2 a sibling (nl_tm_match.lang_rank). */
static int lang_rank(const char *q, const char *t) {
  size_t lq = strlen(q), lt = strlen(t);
  if (lq == lt && memcmp(q, t, lq) == 0)
    return 0;
  const char *shorter = lq < lt ? q : t, *longer = lq < lt ? t : q;
  size_t ls = lq < lt ? lq : lt;
  return memcmp(shorter, longer, ls) == 0 && longer[ls] == '-' ? 1 : 2;
}

/* The stored source tags that serve a query's or filter's tag: its
 * language (the primary subtag the store is asked for) and script. */
typedef struct lang_family {
  const char *lang;
  char primary[64];
  char script[5];
  int script_known;
  char seen[64]; /* the stored tag last ranked, and its rank (-1: */
  int seen_rank; /* another script): rows mostly share one tag */
} lang_family;

static void family_init(lang_family *f, const char *lang) {
  size_t plen = strcspn(lang, "-");
  memset(f, 0, sizeof(*f));
  f->lang = lang;
  memcpy(f->primary, lang, plen);
  f->primary[plen] = '\0';
  f->script_known = 0; /* found when first needed: ICU costs a lookup */
}

/* The lang_rank of a row stored under `tag`, or -1 for a tag of
 * another script, which never serves the query (zh-Hant for zh-Hans,
 * sr-Latn for sr); the store gives every tag of the primary subtag. */
static int family_rank(lang_family *f, const char *tag) {
  size_t len = strlen(tag);
  if (len >= sizeof(f->seen))
    return -1; /* longer than any canonical tag */
  if (strcmp(tag, f->lang) == 0)
    return 0; /* most rows: no need to ask ICU for scripts */
  if (strcmp(tag, f->seen) != 0) {
    char script[5];
    if (!f->script_known)
      script_of(f->lang, f->script);
    f->script_known = 1;
    script_of(tag, script);
    memcpy(f->seen, tag, len + 1);
    f->seen_rank = strcmp(script, f->script) == 0 ? lang_rank(f->lang, tag)
                                                  : -1;
  }
  return f->seen_rank;
}

/* The state of one lookup. */
typedef struct lookup {
  nl_tm *tm;
  const nl_tm_query *q;
  const char *source; /* NFC */
  const char *key;
  const char *lang;   /* canonical source language */
  lang_family fam;    /* of lang */
  int64_t prev, next;
  int min;
  nl_tm_matches *out;
  int failed;
  size_t max; /* results wanted */
  int full;   /* out holds `max` matches, the worst of which is kth */
  nl_tm_match kth; /* its score, type and changed */
  size_t rows;     /* rows the current candidate query gave */
} lookup;

/* The score a fuzzy candidate must reach to matter: --min, or once
 * `max` matches are in hand the worst of them (a candidate scoring
 * below it cannot be among the results). Scoring stops early below it. */
static int lookup_floor(const lookup *l) {
  return l->full && l->kth.score > l->min ? l->kth.score : l->min;
}

static int by_quality(const void *pa, const void *pb);

/* Keeps the best `max` matches, so that the floor rises as better ones
 * are found and later candidates are judged against it. */
static void keep_best(lookup *l) {
  nl_tm_matches *ms = l->out;
  if (ms->n <= l->max)
    return;
  qsort(ms->m, ms->n, sizeof(*ms->m), by_quality);
  while (ms->n > l->max)
    free_match(&ms->m[--ms->n]);
  const nl_tm_match *worst = &ms->m[l->max - 1];
  memset(&l->kth, 0, sizeof(l->kth)); /* no strings: they are freed */
  l->kth.score = worst->score;
  l->kth.type = worst->type;
  l->kth.changed = worst->changed;
  l->kth.lang_rank = worst->lang_rank;
  l->full = 1;
}

static int row_rank(lookup *l, const char *tag) {
  return family_rank(&l->fam, tag);
}

static int on_exact(void *ctx, const nl_tm_row *r) {
  lookup *l = ctx;
  int rank = row_rank(l, r->source_lang);
  if (rank < 0 || strcmp(r->source, l->source) != 0)
    return 0; /* another script, or not this text */
  int has_ctx = l->prev || l->next;
  int in_ctx = has_ctx && r->prev_hash == l->prev && r->next_hash == l->next;
  int same_unit = l->q->article_id && l->q->unit_id && r->article_id &&
                  r->unit_id && strcmp(r->article_id, l->q->article_id) == 0 &&
                  strcmp(r->unit_id, l->q->unit_id) == 0;
  nl_match_type t = in_ctx      ? NL_MATCH_IN_CONTEXT
                    : same_unit ? NL_MATCH_SAME_UNIT
                                : NL_MATCH_EXACT;
  l->failed = put_match(l->out, r, t == NL_MATCH_EXACT ? 100 : 101, t,
                        rank);
  return l->failed;
}

/* Bytes of spacing: white space (nl_utf8__is_space, U+200B with it),
 * and the invisible U+200C-U+200F (ZWNJ, ZWJ, LRM, RLM) that stand in
 * for spaces or nothing in Persian and other scripts. 0 when s is not
 * spacing. */
static size_t spacing(const char *s) {
  size_t len = strnlen(s, 4), k = nl_utf8__space_at(s, len, 0);
  const unsigned char *u = (const unsigned char *)s;
  if (k == 0 && len >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x8C &&
      u[2] <= 0x8F)
    k = 3;
  return k;
}

/* 99 when only whitespace (or joiners) differ, 98 case, 97 punctuation. */
static int near_score(const char *a, const char *b) {
  size_t i = 0, j = 0, k;
  int ci = 1;
  for (;;) {
    while ((k = spacing(a + i)) > 0)
      i += k;
    while ((k = spacing(b + j)) > 0)
      j += k;
    if (a[i] == '\0' || b[j] == '\0')
      return a[i] == b[j] ? (ci ? 99 : 98) : 97;
    if (a[i] != b[j]) {
      unsigned char x = (unsigned char)a[i], y = (unsigned char)b[j];
      if (x < 0x80 && y < 0x80 && (x | 0x20) == (y | 0x20) &&
          ((x | 0x20) >= 'a' && (x | 0x20) <= 'z'))
        ci = 0;
      else if (x >= 0x80 || y >= 0x80)
        return ci ? 98 : 97; /* joiners, non-ASCII case: conservative */
      else
        return 97;
    }
    i++;
    j++;
  }
}

static int on_near(void *ctx, const nl_tm_row *r) {
  lookup *l = ctx;
  int rank = row_rank(l, r->source_lang);
  if (rank < 0 || strcmp(r->source, l->source) == 0 ||
      !same_but_spaces(r->key, l->key))
    return 0;
  l->failed = put_match(l->out, r, near_score(r->source, l->source),
                        NL_MATCH_NEAR_EXACT, rank);
  return l->failed;
}

static int on_same_key(void *ctx, const nl_tm_row *r) {
  lookup *l = ctx;
  return strcmp(r->source, l->source) == 0 ? on_exact(ctx, r)
                                           : on_near(ctx, r);
}

/* The characters of an ASCII key (one grapheme each, spaces aside);
 * -1 for any other key, whose graphemes bytes cannot tell. */
static long ascii_length(const char *key) {
  long n = 0;
  for (; *key; key++) {
    if ((unsigned char)*key >= 0x80)
      return -1;
    n += *key != ' ';
  }
  return n;
}

static int on_fuzzy(void *ctx, const nl_tm_row *r) {
  lookup *l = ctx;
  int rank = row_rank(l, r->source_lang);
  if (rank < 0 || strcmp(r->source, l->source) == 0 ||
      strcmp(r->key, l->key) == 0)
    return 0; /* another script; found as exact or near-exact */
  int same_unit = l->q->article_id && l->q->unit_id && r->article_id &&
                  r->unit_id && strcmp(r->article_id, l->q->article_id) == 0 &&
                  strcmp(r->unit_id, l->q->unit_id) == 0;
  nl_match_type type = same_unit ? NL_MATCH_SAME_UNIT : NL_MATCH_FUZZY;
  nl_tm_match c = {0};
  c.score = l->kth.score;
  c.type = type;
  c.changed = r->changed;
  c.lang_rank = rank;
  /* at the worst result's score this row would lose the tie (type, then
   * the newer first): it must score higher */
  int floor = lookup_floor(l) + (l->full && c.score >= l->min &&
                                 !better(&c, &l->kth));
  nl_tm_fuzzy__set_floor(l->tm->fuzzy, floor);
  int score = nl_tm_fuzzy__score(l->tm->fuzzy, l->lang, l->key, r->key,
                                 l->q->source, r->source);
  if (score < floor)
    return 0;
  c.score = score;
  if (l->full && !better(&c, &l->kth))
    return 0; /* no better than the worst result in hand */
  l->failed = put_match(l->out, r, score, type, rank);
  if (!l->failed)
    keep_best(l);
  return l->failed;
}

static int by_quality(const void *pa, const void *pb) {
  const nl_tm_match *a = pa, *b = pb;
  if (better(a, b))
    return -1;
  return better(b, a) ? 1 : 0;
}

typedef struct word_df {
  char *w; /* in the words buffer */
  size_t len;
  long long df;
} word_df;

static int by_df(const void *pa, const void *pb) {
  const word_df *a = pa, *b = pb;
  return a->df < b->df ? -1 : a->df > b->df;
}

static int put_fts_word(nl_buf *q, const word_df *w, nl_error *err) {
  int rc = nl_buf__putc(q, '"');
  for (size_t k = 0; rc == 0 && k < w->len; k++)
    if ((w->w[k] == '"' && nl_buf__putc(q, '"') < 0) ||
        nl_buf__putc(q, w->w[k]) < 0)
      rc = NL_ENOMEM;
  if (rc == 0)
    rc = nl_buf__putc(q, '"');
  return rc < 0 ? nl_error__nomem(err) : 0;
}

/* Appends to q the words w[0..k) joined by OR: a row holding any of
 * them matches. */
static int put_any(nl_buf *q, const word_df *w, size_t k, nl_error *err) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < k; i++) {
    if (q->size && nl_buf__puts(q, " OR ") < 0)
      rc = nl_error__nomem(err);
    if (rc == 0)
      rc = put_fts_word(q, &w[i], err);
  }
  return rc;
}

/* The guarantee (docs/tm.md, "Candidates"): every segment that lacks at
 * most MISS of the key's distinct words (those some segment holds) is a
 * candidate. Rare words (fewer than NL_TM_COMMON segments) are fetched
 * whole; common ones go through NL_TM_FIND_COMMON, whose cost does not
 * grow with their counts. Extra rare words (RARE segments or fewer:
 * names, figures) widen recall beyond the guarantee for little. At most
 * CANDIDATE_ROWS segments a query are looked at. */
enum { MISS = 1, RARE = 100, EXTRA = 4, CANDIDATE_ROWS = 5000 };

/* The key's distinct words with their document counts (exact below
 * NL_TM_COMMON), rarest first; words no segment holds are only counted
 * (*absent). */
static int words_by_df(lookup *l, nl_buf *words, word_df *w, size_t max,
                       size_t *n, size_t *absent, nl_error *err) {
  int rc = nl_tm_fuzzy__words(l->tm->fuzzy, l->lang, l->key, words, err);
  *n = *absent = 0;
  for (char *p = words->ptr; rc == 0 && p && *p && *n < max;) {
    char *sp = strchr(p, ' ');
    size_t len = sp ? (size_t)(sp - p) : strlen(p);
    int dup = 0;
    for (size_t i = 0; i < *n && !dup; i++)
      dup = w[i].len == len && memcmp(w[i].w, p, len) == 0;
    p[len] = '\0'; /* the words are used alone from here on */
    if (!dup) {
      rc = l->tm->store->ops->word_count(l->tm->store, p, NL_TM_COMMON,
                                         &w[*n].df, err);
      w[*n].w = p;
      w[*n].len = len;
      if (rc == 0 && w[*n].df > 0)
        ++*n;
      else if (rc == 0)
        ++*absent;
    }
    p += len + (sp != NULL);
    while (*p == ' ')
      p++;
  }
  if (rc == 0 && *n > 0)
    qsort(w, *n, sizeof(*w), by_df);
  return rc;
}

/* The words of a lookup's key with their counts (words_by_df). */
typedef struct key_words {
  nl_buf buf;
  word_df w[64];
  size_t n, absent;
} key_words;

/* The first look at candidates (NL_TM_FIND_KEYS, NL_TM_FIND_COMMON):
 * each key is scored against the lookup's floor (the worst of the best
 * `max` results in hand), and one that reaches it is fetched whole by
 * its key hash at once (NL_TM_FIND_KEY, through on_fuzzy), so the floor
 * rises with real results as the candidates go by. The translation into
 * the target language is thus looked for only on the few keys that can
 * matter: the SQLite store no longer checks it on every candidate (a
 * probe of target_source and a target row each, scattered over the
 * file). Each key hash is fetched once. */
typedef struct key_look {
  lookup *l;
  nl_tm_filter key;  /* NL_TM_FIND_KEY */
  nl_tm_filter *live; /* NL_TM_FIND_COMMON's, whose band follows the
                         floor; NULL for other queries */
  nl_error *err;
  int64_t *done; /* key hashes fetched */
  size_t n, cap;
  int rc;
} key_look;

static void length_band(const lookup *l, int floor, long *lo, long *hi);

static int fetched_before(key_look *kl, int64_t hash) {
  for (size_t i = kl->n; i-- > 0;)
    if (kl->done[i] == hash)
      return 1;
  if (kl->n == kl->cap) {
    size_t cap = kl->cap ? kl->cap * 2 : 64;
    int64_t *p = realloc(kl->done, cap * sizeof(*p));
    if (p == NULL)
      return -1;
    kl->done = p;
    kl->cap = cap;
  }
  kl->done[kl->n++] = hash;
  return 0;
}

static int on_key(void *ctx, const nl_tm_row *r) {
  key_look *kl = ctx;
  lookup *l = kl->l;
  l->rows++;
  if (row_rank(l, r->source_lang) < 0 || strcmp(r->key, l->key) == 0)
    return 0; /* another script; exact or near-exact: found by the key
                 hash already */
  int floor = lookup_floor(l);
  /* no length filter here: the scorer's first bound (the bag) is at
   * least the difference in length, in the same pass over the key */
  nl_tm_fuzzy__set_floor(l->tm->fuzzy, floor);
  int score = nl_tm_fuzzy__score(l->tm->fuzzy, l->lang, l->key, r->key,
                                 l->q->source, NULL);
  if (score < floor)
    return 0;
  int seen = fetched_before(kl, r->key_hash);
  if (seen < 0)
    return l->failed = NL_ENOMEM;
  if (seen)
    return 0;
  nl_tm_store *st = l->tm->store;
  kl->key.hash = r->key_hash;
  int rc = st->ops->find(st, &kl->key, on_fuzzy, l, kl->err);
  if (rc < 0)
    return kl->rc = rc;
  if (kl->live && kl->live->len_hi > 0) /* the floor may have risen */
    length_band(l, lookup_floor(l), &kl->live->len_lo, &kl->live->len_hi);
  return l->failed;
}

/* Whether a candidate whose key has signature `sig` may reach the floor
 * in hand (nl_tm_filter.sig_ok): if not, on_key would turn it away on
 * its bag, and its key need not be read. */
static int on_sig(void *ctx, const unsigned char *sig) {
  key_look *kl = ctx;
  lookup *l = kl->l;
  int floor = lookup_floor(l);
  nl_tm_fuzzy__set_floor(l->tm->fuzzy, floor);
  return nl_tm_fuzzy__sig_bound(l->tm->fuzzy, l->lang, l->key, sig) >= floor;
}

/* The lengths (ASCII keys: characters but spaces) a candidate may have
 * and still reach `floor`: the distance is at least the difference in
 * length (every edit covers it), so a key too much longer or shorter
 * cannot, whatever its words. *hi 0 when the key is not ASCII (no
 * filter). */
static void length_band(const lookup *l, int floor, long *lo, long *hi) {
  long q = ascii_length(l->key);
  *lo = *hi = 0;
  if (q <= 0 || floor <= 0)
    return;
  for (*lo = q; *lo > 1; --*lo) {
    long d = q - (*lo - 1);
    if (100 - (100 * d + q - 1) / q < floor)
      break;
  }
  for (*hi = q;; ++*hi) {
    long c = *hi + 1, d = c - q;
    if (100 - (100 * d + c - 1) / c < floor)
      break;
  }
}

/* Looks at the segments of one candidate query (f), keys first. */
static int look_at(lookup *l, nl_tm_filter *f, nl_error *err) {
  nl_tm_store *st = l->tm->store;
  key_look kl;
  memset(&kl, 0, sizeof(kl));
  kl.l = l;
  kl.key = *f;
  kl.key.by = NL_TM_FIND_KEY;
  kl.key.limit = 0;
  kl.key.text = NULL;
  kl.key.words = NULL;
  kl.key.nwords = 0;
  kl.live = f->by == NL_TM_FIND_COMMON ? f : NULL;
  kl.key.sig_ok = NULL;
  f->sig_ok = f->by == NL_TM_FIND_COMMON ? on_sig : NULL;
  kl.err = err;
  l->rows = 0;
  int rc = st->ops->find(st, f, on_key, &kl, err);
  free(kl.done);
  if (kl.rc < 0)
    return kl.rc;
  return rc < 0 ? rc : 0;
}

/* Fuzzy candidates with the guarantee above. A segment lacking at most
 * e words (e: MISS less the words no segment holds) holds one of the
 * e + 1 rarest; when those are all rare, their segments are all it
 * takes. Otherwise (r <= e rare words) it holds one of the rare words,
 * or else at least c - (e - r) of the c common ones. */
static int fuzzy_candidates(lookup *l, nl_tm_filter *f, nl_error *err) {
  key_words kw = {NL_BUF_INIT, {{0}}, 0, 0};
  int rc = words_by_df(l, &kw.buf, kw.w, 64, &kw.n, &kw.absent, err);
  size_t e = kw.absent >= MISS ? 0 : MISS - kw.absent, rare = 0;
  while (rare < kw.n && kw.w[rare].df < NL_TM_COMMON)
    rare++;
  size_t common = kw.n - rare;
  nl_buf q = NL_BUF_INIT;
  f->by = NL_TM_FIND_KEYS;
  f->limit = CANDIDATE_ROWS;
  size_t k = rare > e ? e + 1 : rare;
  if (rare > e || common == 0)
    while (k < rare && k < EXTRA && kw.w[k].df <= RARE)
      k++;
  if (rc == 0 && k > 0 && (rc = put_any(&q, kw.w, k, err)) == 0) {
    f->text = q.ptr;
    rc = look_at(l, f, err);
  }
  if (rc == 0 && !l->failed && rare <= e && common > 0) {
    const char *cw[64];
    for (size_t i = 0; i < common; i++)
      cw[i] = kw.w[rare + i].w;
    f->by = NL_TM_FIND_COMMON;
    f->text = NULL;
    f->words = cw;
    f->nwords = common;
    f->need = common > e - rare ? common - (e - rare) : 1;
    length_band(l, lookup_floor(l), &f->len_lo, &f->len_hi);
    rc = look_at(l, f, err);
    f->words = NULL;
  }
  nl_buf_dispose(&q);
  nl_buf_dispose(&kw.buf);
  return rc;
}

static int has_exact(const nl_tm_matches *ms) {
  for (size_t i = 0; i < ms->n; i++)
    if (ms->m[i].score >= 100)
      return 1;
  return 0;
}

static int run_lookup(lookup *l, const char *tl, nl_error *err) {
  nl_tm_store *st = l->tm->store;
  /* exact sources share the key: one search finds both kinds */
  nl_tm_filter f = {NL_TM_FIND_KEY, l->fam.primary, tl,
                    nl_tm__key_hash(l->key), NULL, NULL, NULL, 0, 0, NULL, 0,
                    0, 0, 0, NULL};
  int rc = st->ops->find(st, &f, on_same_key, l, err);
  /* with an exact match in hand, fuzzy ones are of no use to anyone */
  if (rc == 0 && !l->failed && has_exact(l->out))
    return 0;
  if (rc == 0 && l->q->article_id && l->q->unit_id) {
    f.by = NL_TM_FIND_UNIT;
    f.article_id = l->q->article_id;
    f.unit_id = l->q->unit_id;
    rc = st->ops->find(st, &f, on_fuzzy, l, err);
  }
  if (rc == 0)
    rc = fuzzy_candidates(l, &f, err);
  if (l->failed > 0 || rc == NL_ENOMEM)
    return nl_error__nomem(err);
  return rc;
}

/* The length of `tag` less its last subtag, or 0 when that would leave
 * the language alone after a script, or nothing ("zh-Hans" stays). */
static size_t wider(const char *tag) {
  const char *dash = strrchr(tag, '-');
  if (dash == NULL)
    return 0;
  size_t cut = (size_t)(dash - tag), last = strlen(dash + 1);
  const char *prev = memchr(tag, '-', cut);
  int last_is_script = last == 4 && prev == NULL;
  return last_is_script ? 0 : cut;
}

int nl_tm_lookup(nl_tm *tm, const nl_tm_query *q, nl_tm_matches **out,
                 nl_error *err) {
  if (out)
    *out = NULL;
  if (tm == NULL || q == NULL || out == NULL || q->source == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "incomplete TM query");
  char sl[64], tl[64];
  int rc = tm_lang(tm->prep, sl, sizeof(sl), q->source_lang, err);
  if (rc == 0)
    rc = tm_lang(tm->prep, tl, sizeof(tl), q->target_lang, err);
  nl_buf src = NL_BUF_INIT, key = NL_BUF_INIT;
  if (rc == 0)
    rc = nfc(&src, q->source, err);
  if (rc == 0)
    rc = nl_tm_fuzzy__key(&key, src.ptr, err);
  lookup l = {tm, q, src.ptr, key.ptr, sl, {0}, 0, 0,
              q->min_score > 0 ? q->min_score : 70, NULL, 0,
              q->max_results ? q->max_results : 5, 0, {0}, 0};
  /* "en" is also served by "en-US" and "en-GB" (a CAT tool's TMX says
   * EN-US where the article says en): the store gives every tag of the
   * primary subtag, row_rank keeps the query's script */
  family_init(&l.fam, sl);
  l.prev = context_hash(q->prev, err, &rc);
  l.next = context_hash(q->next, err, &rc);
  if (rc == 0 && (l.out = calloc(1, sizeof(*l.out))) == NULL)
    rc = nl_error__nomem(err);
  if (rc == 0 && src.size) {
    nl_tm_fuzzy__set_floor(tm->fuzzy, l.min);
    rc = run_lookup(&l, tl, err);
  }
  /* "fa-IR" is also served by what was stored as plain "fa": the
   * regional variant first, the wider tag only while it has no exact
   * match (never across a script: zh-Hans-CN stops at zh-Hans) */
  for (size_t cut = wider(tl); rc == 0 && src.size && cut && !has_exact(l.out);
       cut = wider(tl)) {
    tl[cut] = '\0';
    rc = run_lookup(&l, tl, err);
  }
  if (rc == 0) {
    size_t max = q->max_results ? q->max_results : 5;
    if (l.out->n > 0)
      qsort(l.out->m, l.out->n, sizeof(*l.out->m), by_quality);
    while (l.out->n > max)
      free_match(&l.out->m[--l.out->n]);
    *out = l.out;
  } else {
    nl_tm_matches_free(l.out);
  }
  nl_buf_dispose(&src);
  nl_buf_dispose(&key);
  return rc;
}
/* ---- walking ------------------------------------------------------------- */

typedef struct walk {
  nl_tm_visit_fn fn;
  void *ctx;
  lang_family *fam; /* the source filter's, NULL: any language */
} walk;

static int on_row(void *ctx, const nl_tm_row *r) {
  walk *w = ctx;
  if (w->fam && family_rank(w->fam, r->source_lang) < 0)
    return 0; /* another script: the store gave the primary subtag's */
  nl_tm_entry e = {r->source_lang, r->target_lang, r->source, r->source_markup,
                   r->target, r->target_markup, NULL, NULL, r->article_id,
                   r->unit_id, r->service, r->translator, r->status,
                   r->changed, r->meta};
  return w->fn(w->ctx, &e);
}

int nl_tm_foreach(nl_tm *tm, const char *source_lang, const char *target_lang,
                  nl_tm_visit_fn fn, void *ctx, nl_error *err) {
  char sl[64], tl[64];
  int rc = 0;
  if (source_lang)
    rc = canonical_lang(sl, sizeof(sl), source_lang, err);
  if (rc == 0 && target_lang)
    rc = canonical_lang(tl, sizeof(tl), target_lang, err);
  if (rc < 0)
    return rc;
  lang_family fam;
  if (source_lang)
    family_init(&fam, sl); /* as lookups: "en" takes en-US and en-GB */
  walk w = {fn, ctx, source_lang ? &fam : NULL};
  return tm->store->ops->each(tm->store, source_lang ? fam.primary : NULL,
                              target_lang ? tl : NULL, on_row, &w, err);
}

/* ---- search and maintenance ------------------------------------------------ */

int nl_tm_concordance(nl_tm *tm, const char *source_lang,
                      const char *target_lang, const char *text,
                      int target_side, size_t max_results, nl_tm_visit_fn fn,
                      void *ctx, nl_error *err) {
  char sl[64], tl[64];
  int rc = 0;
  if (source_lang)
    rc = canonical_lang(sl, sizeof(sl), source_lang, err);
  if (rc == 0 && target_lang)
    rc = canonical_lang(tl, sizeof(tl), target_lang, err);
  nl_buf norm = NL_BUF_INIT;
  if (rc == 0)
    rc = nfc(&norm, text ? text : "", err);
  /* sources are indexed by the words of their matching key, targets
   * as written */
  if (rc == 0 && !target_side) {
    nl_buf key = NL_BUF_INIT, words = NL_BUF_INIT;
    rc = nl_tm_fuzzy__key(&key, norm.ptr, err);
    if (rc == 0)
      rc = nl_tm_fuzzy__words(tm->fuzzy, source_lang ? sl : "und", key.ptr,
                              &words, err);
    nl_buf_dispose(&key);
    nl_buf_dispose(&norm);
    norm = words;
  }
  if (rc == 0 && norm.size == 0)
    rc = nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                       "concordance needs a word to look for");
  lang_family fam;
  if (rc == 0 && source_lang)
    family_init(&fam, sl);
  walk w = {fn, ctx, source_lang ? &fam : NULL};
  nl_tm_filter f = {NL_TM_FIND_PHRASE, source_lang ? fam.primary : NULL,
                    target_lang ? tl : NULL, 0, NULL, NULL, norm.ptr,
                    target_side, max_results ? max_results : 50, NULL, 0, 0,
                    0, 0, NULL};
  if (rc == 0)
    rc = tm->store->ops->find(tm->store, &f, on_row, &w, err);
  nl_buf_dispose(&norm);
  return rc;
}

typedef struct pairs {
  nl_tm_pair_fn fn;
  void *ctx;
} pairs;

static int on_pair(void *ctx, const nl_tm_stats_row *r) {
  pairs *p = ctx;
  return p->fn(p->ctx, r->source_lang, r->target_lang, r->units);
}

int nl_tm_stats(nl_tm *tm, nl_tm_pair_fn fn, void *ctx, nl_error *err) {
  pairs p = {fn, ctx};
  return tm->store->ops->stats(tm->store, on_pair, &p, err);
}

int nl_tm_prune(nl_tm *tm, long long before, int status, long long *deleted,
                nl_error *err) {
  long long n = 0;
  int rc = tm->store->ops->prune(tm->store, before, status, &n, err);
  if (deleted)
    *deleted = n;
  return rc;
}
