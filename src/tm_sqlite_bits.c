/*
 * tm_sqlite_bits.c - the SQLite store's bitmaps of common words
 * (tm_bits.h): kept up to date at each commit, and asked for "rows
 * holding at least n - 1 of these n words".
 *
 * Which words have them is decided by a sketch, one byte counter per
 * hash slot (NL_TM_SKETCH_SIZE of them, in nl_sketch): each added row
 * adds one to the slot of every word it holds that has no bitmap yet,
 * and a word whose slot reaches NL_TM_COMMON gets one, filled from its
 * FTS5 list at that moment (inside the same transaction). A slot is
 * never below the count of any word in it, so every word held by
 * NL_TM_COMMON rows or more has a bitmap: a word without one has fewer
 * rows, and its FTS5 list is short. A word sharing a slot with others
 * may get one earlier (that only costs a little room). The decision
 * depends only on the rows added, not on how they were batched.
 * Counts never go down (pruned rows stay counted, and their bits stay
 * set): a stale bit makes one more candidate, never a missed one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "tm_bits.h"
#include "tm_sqlite_bits.h"
#include "tm_sqlite_sig.h"
#include "tm_store.h"
#include "util/buf.h"

/* ---- the words of a batch ----------------------------------------------- */

typedef struct entry {
  char *w;
  size_t len;
  int common;
  long long last_row; /* the row that counted it last (once a row) */
  unsigned count;     /* rows of the batch holding it */
  long long *ids;     /* rows holding it, ascending (common words) */
  size_t n, cap;
} entry;

/* The words' bytes, in blocks freed together: a batch meets about a
 * million words, most once, and a malloc and a free each were a tenth
 * of the bitmaps' update. */
typedef struct block {
  struct block *next;
  size_t used, cap;
  char data[];
} block;

typedef struct batch {
  entry *e;
  size_t n, cap; /* cap: a power of two, or 0 */
  block *words;
} batch;

enum { BLOCK_BYTES = 65536 - sizeof(block) };

static char *word_copy(batch *ws, const char *w, size_t len) {
  block *b = ws->words;
  if (b == NULL || b->cap - b->used < len + 1) {
    size_t cap = len + 1 > BLOCK_BYTES ? len + 1 : BLOCK_BYTES;
    if ((b = malloc(sizeof(block) + cap)) == NULL)
      return NULL;
    b->used = 0;
    b->cap = cap;
    b->next = ws->words;
    ws->words = b;
  }
  char *out = b->data + b->used;
  memcpy(out, w, len);
  out[len] = '\0';
  b->used += len + 1;
  return out;
}

static uint32_t hash_word(const char *w, size_t len) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)w[i];
    h *= 16777619u;
  }
  return h;
}

static void words_free(batch *ws) {
  for (size_t i = 0; i < ws->cap; i++)
    free(ws->e[i].ids);
  while (ws->words) {
    block *next = ws->words->next;
    free(ws->words);
    ws->words = next;
  }
  free(ws->e);
  memset(ws, 0, sizeof(*ws));
}

static entry *slot_at(batch *ws, const char *w, size_t len, uint32_t h) {
  size_t i = h & (ws->cap - 1);
  while (ws->e[i].w &&
         (ws->e[i].len != len || memcmp(ws->e[i].w, w, len) != 0))
    i = (i + 1) & (ws->cap - 1);
  return &ws->e[i];
}

static entry *slot_of(batch *ws, const char *w, size_t len) {
  return slot_at(ws, w, len, hash_word(w, len));
}

static int words_grow(batch *ws) {
  batch bigger = {NULL, 0, ws->cap ? ws->cap * 2 : 1024, ws->words};
  bigger.e = calloc(bigger.cap, sizeof(entry));
  if (bigger.e == NULL)
    return SQLITE_NOMEM;
  for (size_t i = 0; i < ws->cap; i++)
    if (ws->e[i].w)
      *slot_of(&bigger, ws->e[i].w, ws->e[i].len) = ws->e[i];
  bigger.n = ws->n;
  free(ws->e);
  *ws = bigger;
  return SQLITE_OK;
}

/* The entry of a word whose hash_word is h, added when new (NULL when
 * out of memory). */
static entry *word_entry_h(batch *ws, const char *w, size_t len, uint32_t h) {
  if ((ws->n + 1) * 2 > ws->cap && words_grow(ws) != SQLITE_OK)
    return NULL;
  entry *e = slot_at(ws, w, len, h);
  if (e->w == NULL) {
    if ((e->w = word_copy(ws, w, len)) == NULL)
      return NULL;
    e->len = len;
    e->last_row = -1;
    ws->n++;
  }
  return e;
}

static entry *word_entry(batch *ws, const char *w, size_t len) {
  return word_entry_h(ws, w, len, hash_word(w, len));
}

static int push_id(entry *e, long long id) {
  if (e->n == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 8;
    long long *p = realloc(e->ids, cap * sizeof(*p));
    if (p == NULL)
      return SQLITE_NOMEM;
    e->ids = p;
    e->cap = cap;
  }
  e->ids[e->n++] = id;
  return SQLITE_OK;
}

static int load_common(sqlite3 *db, batch *ws) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, "SELECT word FROM nl_word", -1, &st, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *w = (const char *)sqlite3_column_text(st, 0);
    entry *e = w ? word_entry(ws, w, strlen(w)) : NULL;
    if (e == NULL)
      rc = SQLITE_NOMEM;
    else
      e->common = 1, rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---- length classes ------------------------------------------------------ */

/* Every row also holds one pseudo-word (no token holds '#'): "#?" when
 * its key is not ASCII, else "#k" for the class k of its length, the
 * key's characters but spaces (what tm.c's length filter measures).
 * Lengths up to 32 are a class each; past them a class is a sixteenth
 * wider than the one before. Always bitmaps, whatever their counts. */
static long class_start(unsigned k) {
  if (k <= 32)
    return (long)k;
  long at = 33;
  for (unsigned c = 33; c < k; c++)
    at += at / 16;
  return at;
}

static unsigned len_class(long len) {
  if (len <= 32)
    return (unsigned)len;
  unsigned k = 33;
  for (long at = 33; at + at / 16 <= len; at += at / 16)
    k++;
  return k;
}

static long key_length(const char *key) {
  long n = 0;
  for (; key && *key; key++) {
    if ((unsigned char)*key >= 0x80)
      return -1;
    n += *key != ' ';
  }
  return n;
}

/* "#?" or "#k", written by hand: snprintf was a tenth of the update's
 * own work (once a row). Returns the length. */
static size_t class_word(char out[16], long len) {
  char digits[12];
  size_t n = 0, at = 1;
  out[0] = '#';
  if (len <= 0) {
    out[1] = '?';
    out[2] = '\0';
    return 2;
  }
  for (unsigned k = len_class(len); k || n == 0; k /= 10)
    digits[n++] = (char)('0' + k % 10);
  while (n)
    out[at++] = digits[--n];
  out[at] = '\0';
  return at;
}

/* nl_tm__ascii_word and hash_word in one pass: the next word of p (NULL
 * when none), its length and its hash. */
static const char *next_word(const char *p, size_t *len, uint32_t *h) {
  while (*p && !nl_tm__word_byte((unsigned char)*p))
    p++;
  if (*p == '\0')
    return NULL;
  uint32_t x = 2166136261u;
  const char *e = p;
  for (; *e && nl_tm__word_byte((unsigned char)*e); e++) {
    x ^= (unsigned char)*e;
    x *= 16777619u;
  }
  *len = (size_t)(e - p);
  *h = x;
  return p;
}

/* Signatures made already (nl_tm_sqlite_bits__update's sigs). */
typedef struct made_sigs {
  long long after, n;
  const unsigned char *sig;
} made_sigs;

/* Each row above `after` once per word it holds: an id for a common
 * word, a count for the others; and its key's signature (sg), taken from
 * `made` when there or made from the key, in the same pass. */
static int read_rows(sqlite3 *db, long long after, long long upto,
                     batch *ws, nl_tm_sigs *sg, const made_sigs *made,
                     long long *rows) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db,
                              "SELECT id, words, key FROM source WHERE"
                              " id > ?1 AND id <= ?2 ORDER BY id",
                              -1, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int64(st, 2, upto);
  }
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    long long id = sqlite3_column_int64(st, 0);
    ++*rows;
    const char *key = (const char *)sqlite3_column_text(st, 2);
    const char *text = (const char *)sqlite3_column_text(st, 1);
    if (text == NULL || *text == '\0') /* words equal to the key */
      text = key;
    char cls[16];
    entry *c = word_entry(ws, cls, class_word(cls, key_length(key)));
    rc = c ? (c->common = 1, push_id(c, id)) : SQLITE_NOMEM;
    long long k = id - made->after - 1;
    if (rc == SQLITE_OK)
      rc = made->sig && k >= 0 && k < made->n
               ? nl_tm_sqlite_sig__put(sg, id, made->sig + k * NL_TM_SIG)
               : nl_tm_sqlite_sig__add(sg, id, key);
    size_t len = 0;
    uint32_t h = 0;
    for (const char *w = text ? next_word(text, &len, &h) : NULL;
         w && rc == SQLITE_OK; w = next_word(w + len, &len, &h)) {
      entry *e = word_entry_h(ws, w, len, h);
      if (e == NULL)
        rc = SQLITE_NOMEM;
      else if (e->last_row != id) {
        e->last_row = id;
        e->count++;
        rc = e->common ? push_id(e, id) : SQLITE_OK;
      }
    }
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---- the sketch ------------------------------------------------------------ */

enum { PART = NL_TM_SKETCH_SIZE / NL_TM_SKETCH_PARTS };

static int load_sketch(sqlite3 *db, unsigned char *c) {
  sqlite3_stmt *st = NULL;
  memset(c, 0, NL_TM_SKETCH_SIZE);
  int rc = sqlite3_prepare_v2(db, "SELECT part, counts FROM nl_sketch", -1,
                              &st, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    long long part = sqlite3_column_int64(st, 0);
    const void *b = sqlite3_column_blob(st, 1);
    rc = SQLITE_OK;
    if (part >= 0 && part < NL_TM_SKETCH_PARTS && b &&
        sqlite3_column_bytes(st, 1) == PART)
      memcpy(c + part * PART, b, PART);
    else
      rc = SQLITE_CORRUPT;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int save_sketch(sqlite3 *db, const unsigned char *c,
                       const unsigned char *dirty) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO nl_sketch(part,"
                                  " counts) VALUES (?1, ?2)",
                              -1, &st, NULL);
  for (int p = 0; rc == SQLITE_OK && p < NL_TM_SKETCH_PARTS; p++)
    if (dirty[p]) {
      sqlite3_bind_int(st, 1, p);
      sqlite3_bind_blob(st, 2, c + p * PART, PART, SQLITE_STATIC);
      rc = sqlite3_step(st);
      rc = rc == SQLITE_DONE ? sqlite3_reset(st) : rc;
    }
  sqlite3_finalize(st);
  return rc;
}

/* Every row of w's FTS5 list (the batch is in it already), ascending. */
static int backfill(sqlite3 *db, entry *e) {
  sqlite3_stmt *st = NULL;
  nl_buf q = NL_BUF_INIT;
  int rc = nl_buf__printf(&q, "\"%s\"", e->w) < 0 ? SQLITE_NOMEM : SQLITE_OK;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "SELECT rowid FROM source_fts WHERE"
                                " source_fts MATCH ?1 ORDER BY rowid",
                            -1, &st, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_text(st, 1, q.ptr, -1, SQLITE_STATIC);
  e->n = 0;
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
    rc = push_id(e, sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  nl_buf_dispose(&q);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Counts the batch's other words; those whose slot reaches the
 * threshold become common, with every row that holds them. */
static int promote(sqlite3 *db, batch *ws) {
  unsigned char *c = malloc(NL_TM_SKETCH_SIZE);
  unsigned char dirty[NL_TM_SKETCH_PARTS] = {0};
  int rc = c ? load_sketch(db, c) : SQLITE_NOMEM;
  sqlite3_stmt *ins = NULL;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO nl_word(word)"
                                " VALUES (?1)",
                            -1, &ins, NULL);
  for (size_t i = 0; rc == SQLITE_OK && i < ws->cap; i++) {
    entry *e = &ws->e[i];
    if (e->w == NULL || e->common || e->count == 0)
      continue;
    uint32_t slot = nl_tm_bits__slot(e->w, e->len);
    unsigned v = c[slot] + e->count;
    c[slot] = (unsigned char)(v > 255 ? 255 : v);
    dirty[slot / PART] = 1;
    if (c[slot] < NL_TM_COMMON)
      continue;
    e->common = 1;
    sqlite3_bind_text(ins, 1, e->w, (int)e->len, SQLITE_STATIC);
    rc = sqlite3_step(ins);
    rc = rc == SQLITE_DONE ? sqlite3_reset(ins) : rc;
    if (rc == SQLITE_OK)
      rc = backfill(db, e);
  }
  sqlite3_finalize(ins);
  if (rc == SQLITE_OK)
    rc = save_sketch(db, c, dirty);
  free(c);
  return rc;
}

/* ---- containers ------------------------------------------------------------ */

/* Sets the bits of e's rows in their chunks' containers. */
static int store_bits(sqlite3 *db, sqlite3_stmt *get, sqlite3_stmt *put,
                      const entry *e, uint64_t *bm, nl_buf *blob) {
  int rc = SQLITE_OK;
  for (size_t i = 0; rc == SQLITE_OK && i < e->n;) {
    long long chunk = e->ids[i] >> NL_TM_BITS_SHIFT;
    memset(bm, 0, NL_TM_BITS_WORDS * sizeof(*bm));
    sqlite3_bind_int64(get, 1, chunk);
    sqlite3_bind_text(get, 2, e->w, (int)e->len, SQLITE_STATIC);
    if ((rc = sqlite3_step(get)) == SQLITE_ROW)
      rc = nl_tm_bits__or(bm, sqlite3_column_blob(get, 0),
                          (size_t)sqlite3_column_bytes(get, 0)) < 0
               ? SQLITE_CORRUPT
               : SQLITE_OK;
    else if (rc == SQLITE_DONE)
      rc = SQLITE_OK;
    sqlite3_reset(get);
    for (; i < e->n && e->ids[i] >> NL_TM_BITS_SHIFT == chunk; i++) {
      unsigned off = (unsigned)(e->ids[i] & (NL_TM_BITS_CHUNK - 1));
      bm[off >> 6] |= (uint64_t)1 << (off & 63);
    }
    if (rc == SQLITE_OK && nl_tm_bits__encode(bm, blob) < 0)
      rc = SQLITE_NOMEM;
    if (rc == SQLITE_OK) {
      (void)db;
      sqlite3_bind_int64(put, 1, chunk);
      sqlite3_bind_text(put, 2, e->w, (int)e->len, SQLITE_STATIC);
      sqlite3_bind_blob(put, 3, blob->ptr, (int)blob->size, SQLITE_STATIC);
      rc = sqlite3_step(put);
      rc = rc == SQLITE_DONE ? sqlite3_reset(put) : rc;
    }
  }
  return rc;
}

static int store_all(sqlite3 *db, const batch *ws) {
  sqlite3_stmt *get = NULL, *put = NULL;
  uint64_t *bm = malloc(NL_TM_BITS_WORDS * sizeof(*bm));
  nl_buf blob = NL_BUF_INIT;
  int rc = bm ? SQLITE_OK : SQLITE_NOMEM;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "SELECT rows FROM nl_bits WHERE chunk = ?1"
                                " AND word = ?2",
                            -1, &get, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO nl_bits(chunk, word,"
                                " rows) VALUES (?1, ?2, ?3)",
                            -1, &put, NULL);
  for (size_t i = 0; rc == SQLITE_OK && i < ws->cap; i++)
    if (ws->e[i].w && ws->e[i].common && ws->e[i].n)
      rc = store_bits(db, get, put, &ws->e[i], bm, &blob);
  sqlite3_finalize(get);
  sqlite3_finalize(put);
  free(bm);
  nl_buf_dispose(&blob);
  return rc;
}

static int update(sqlite3 *db, long long after, long long upto,
                  const made_sigs *made) {
  batch ws = {NULL, 0, 0, NULL};
  long long rows = 0;
  nl_tm_sigs *sg = malloc(sizeof(*sg));
  int rc = sg ? nl_tm_sqlite_sig__begin(db, sg) : SQLITE_NOMEM;
  if (rc == SQLITE_OK)
    rc = load_common(db, &ws);
  size_t common = ws.n;
  if (rc == SQLITE_OK)
    rc = read_rows(db, after, upto, &ws, sg, made, &rows);
  if (sg)
    rc = nl_tm_sqlite_sig__end(sg, rc);
  free(sg);
  /* words the batch holds and no bitmap has yet */
  if (rc == SQLITE_OK && rows && ws.n > common)
    rc = promote(db, &ws);
  if (rc == SQLITE_OK)
    rc = store_all(db, &ws);
  words_free(&ws);
  return rc;
}

/* A chunk of rows at a time: an upgraded TM of millions of rows would
 * otherwise hold every common word's ids at once. */
int nl_tm_sqlite_bits__update(sqlite3 *db, long long after,
                              const unsigned char *sigs, long long nsigs) {
  made_sigs made = {after, nsigs, sigs};
  sqlite3_stmt *st = NULL;
  long long last = 0;
  int rc = sqlite3_prepare_v2(db, "SELECT ifnull(max(id), 0) FROM source", -1,
                              &st, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
    last = sqlite3_column_int64(st, 0), rc = SQLITE_OK;
  sqlite3_finalize(st);
  for (long long at = after; rc == SQLITE_OK && at < last;
       at += NL_TM_BITS_CHUNK)
    rc = update(db, at, at + NL_TM_BITS_CHUNK, &made);
  return rc;
}

/* ---- asking ---------------------------------------------------------------- */

int nl_tm_sqlite_bits__is_common(sqlite3 *db, const char *w, size_t len,
                                 int *yes) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v3(db, "SELECT 1 FROM nl_word WHERE word = ?1", -1,
                              SQLITE_PREPARE_PERSISTENT, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(st, 1, w, (int)len, SQLITE_STATIC);
    rc = sqlite3_step(st);
    *yes = rc == SQLITE_ROW;
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  sqlite3_finalize(st);
  return rc;
}

/* One query word: its tokens, each with its containers (common) or its
 * FTS5 rows (the others; few, as they have no bitmap). */
typedef struct qtoken {
  char *w;
  size_t len;
  int common;
  long long *ids; /* the others' rows, ascending */
  size_t n, at;
} qtoken;

typedef struct qword {
  qtoken *t;
  size_t n;
} qword;

static void qwords_free(qword *qw, size_t n) {
  for (size_t i = 0; qw && i < n; i++) {
    for (size_t j = 0; j < qw[i].n; j++) {
      free(qw[i].t[j].w);
      free(qw[i].t[j].ids);
    }
    free(qw[i].t);
  }
  free(qw);
}

static int fts_rows(sqlite3 *db, qtoken *t) {
  entry e;
  memset(&e, 0, sizeof(e));
  e.w = t->w;
  e.len = t->len;
  int rc = backfill(db, &e);
  t->ids = e.ids;
  t->n = e.n;
  return rc;
}

static int prepare_words(sqlite3 *db, const char *const *words, size_t n,
                         qword *qw) {
  int rc = SQLITE_OK;
  for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
    size_t len = 0, k = 0;
    for (const char *w = nl_tm__ascii_word(words[i], &len); w;
         w = nl_tm__ascii_word(w + len, &len))
      k++;
    qw[i].t = calloc(k ? k : 1, sizeof(qtoken));
    if (qw[i].t == NULL)
      return SQLITE_NOMEM;
    for (const char *w = nl_tm__ascii_word(words[i], &len);
         w && rc == SQLITE_OK; w = nl_tm__ascii_word(w + len, &len)) {
      qtoken *t = &qw[i].t[qw[i].n++];
      if ((t->w = malloc(len + 1)) == NULL)
        return SQLITE_NOMEM;
      for (size_t c = 0; c < len; c++)
        t->w[c] = w[c] >= 'A' && w[c] <= 'Z' ? (char)(w[c] + 32) : w[c];
      t->w[len] = '\0';
      t->len = len;
      rc = nl_tm_sqlite_bits__is_common(db, t->w, len, &t->common);
      if (rc == SQLITE_OK && !t->common)
        rc = fts_rows(db, t);
    }
  }
  return rc;
}

/* bm = the container `blob`: a bitmap is stored as bm's words are in
 * memory on a little-endian machine, so it is copied (most containers
 * of a common-word lookup are bitmaps: a clear and an OR cost twice). */
static int bits_set(uint64_t *bm, const void *blob, size_t n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (n == (size_t)NL_TM_BITS_WORDS * 8) {
    memcpy(bm, blob, n);
    return 0;
  }
#endif
  memset(bm, 0, NL_TM_BITS_WORDS * sizeof(*bm));
  return nl_tm_bits__or(bm, blob, n);
}

/* bm = the rows of chunk `chunk` holding every token of w; *empty set
 * when none does. */
static int word_bits(sqlite3_stmt *get, qword *w, long long chunk,
                     uint64_t *bm, uint64_t *spare, int *empty) {
  int rc = SQLITE_OK;
  uint64_t *tmp = spare;
  *empty = w->n == 0;
  for (size_t j = 0; j < w->n && !*empty && rc == SQLITE_OK; j++) {
    qtoken *t = &w->t[j];
    if (j == 0)
      tmp = bm; /* the first token's rows are bm: no AND pass */
    if (t->common) {
      sqlite3_bind_int64(get, 1, chunk);
      sqlite3_bind_text(get, 2, t->w, (int)t->len, SQLITE_STATIC);
      rc = sqlite3_step(get);
      if (rc == SQLITE_ROW)
        rc = bits_set(tmp, sqlite3_column_blob(get, 0),
                      (size_t)sqlite3_column_bytes(get, 0)) < 0
                 ? SQLITE_CORRUPT
                 : SQLITE_OK;
      else if (rc == SQLITE_DONE)
        rc = SQLITE_OK, *empty = 1;
      sqlite3_reset(get);
    } else {
      memset(tmp, 0, NL_TM_BITS_WORDS * sizeof(*tmp));
      while (t->at < t->n && t->ids[t->at] >> NL_TM_BITS_SHIFT < chunk)
        t->at++;
      for (size_t k = t->at;
           k < t->n && t->ids[k] >> NL_TM_BITS_SHIFT == chunk; k++) {
        unsigned off = (unsigned)(t->ids[k] & (NL_TM_BITS_CHUNK - 1));
        tmp[off >> 6] |= (uint64_t)1 << (off & 63);
      }
      *empty = t->at >= t->n || t->ids[t->at] >> NL_TM_BITS_SHIFT != chunk;
    }
    for (size_t i = 0; i < NL_TM_BITS_WORDS && !*empty && tmp != bm; i++)
      bm[i] &= tmp[i];
    tmp = spare;
  }
  return rc;
}

/* The length classes of the chunk being read, a bitmap each (class 0
 * for "#?", keys that are not ASCII), so that each row found carries
 * its class: the band may narrow before its turn comes. */
typedef struct classes {
  uint64_t *bits; /* n bitmaps of NL_TM_BITS_WORDS */
  unsigned *k;
  size_t n, cap;
} classes;

static unsigned class_of(const classes *cs, long long id) {
  unsigned off = (unsigned)(id & (NL_TM_BITS_CHUNK - 1));
  for (size_t i = 0; i < cs->n; i++)
    if (cs->bits[i * NL_TM_BITS_WORDS + (off >> 6)] >> (off & 63) & 1)
      return cs->k[i];
  return 0;
}

/* Whether rows of class k (0: any length) can have lo to hi characters;
 * start[k] is class_start(k), for every class a band of the lookup
 * holds (its first band's, which only narrows). */
static int class_fits(const long *start, unsigned k, long lo, long hi) {
  return k == 0 || hi <= 0 || (start[k] <= hi && start[k + 1] > lo);
}

/* Row ids found so far, in two tiers (every word; all but one), each
 * with its length class (cs: the current chunk's, NULL: none). */
typedef struct tiers {
  long long *id[2];
  unsigned *k[2];
  size_t n[2], cap[2], limit;
  const classes *cs;
} tiers;

static int tier_add(tiers *t, int k, uint64_t bits, long long base) {
  while (bits && t->n[k] < t->limit) {
    if (t->n[k] == t->cap[k]) {
      size_t cap = t->cap[k] ? t->cap[k] * 2 : 256;
      long long *p = realloc(t->id[k], cap * sizeof(*p));
      unsigned *q = p ? realloc(t->k[k], cap * sizeof(*q)) : NULL;
      if (p)
        t->id[k] = p;
      if (q == NULL)
        return SQLITE_NOMEM;
      t->k[k] = q;
      t->cap[k] = cap;
    }
    long long id = base + __builtin_ctzll(bits);
    t->k[k][t->n[k]] = t->cs ? class_of(t->cs, id) : 0;
    t->id[k][t->n[k]++] = id;
    bits &= bits - 1;
  }
  return SQLITE_OK;
}

/* band = the rows of the chunk whose length class overlaps [lo, hi], or
 * whose key is not ASCII; *empty when none. `cls` reads every class
 * container of a chunk in one range of the key (chunk, word): the class
 * words ("#k", "#?") are the only ones beginning with '#', which no
 * token holds, and few of the classes a band spans have rows (a seek
 * each for those that had none cost more than the reads). */
static int band_bits(sqlite3_stmt *cls, long lo, long hi, long long chunk,
                     uint64_t *band, classes *cs, int *empty) {
  int rc;
  unsigned top = len_class(hi);
  memset(band, 0, NL_TM_BITS_WORDS * sizeof(*band));
  *empty = 1;
  cs->n = 0;
  sqlite3_bind_int64(cls, 1, chunk);
  while ((rc = sqlite3_step(cls)) == SQLITE_ROW) {
    const char *w = (const char *)sqlite3_column_text(cls, 0);
    char *end = NULL;
    unsigned long k = w && w[1] != '?' ? strtoul(w + 1, &end, 10) : 0;
    if (w && w[1] != '?' &&
        (end == w + 1 || *end || k > top || class_start((unsigned)k + 1) <= lo))
      continue; /* outside the band */
    if (cs->n == cs->cap) {
      size_t cap = cs->cap ? cs->cap * 2 : 16;
      uint64_t *b = realloc(cs->bits, cap * NL_TM_BITS_WORDS * sizeof(*b));
      unsigned *kk = b ? realloc(cs->k, cap * sizeof(*kk)) : NULL;
      if (b)
        cs->bits = b;
      if (kk == NULL) {
        rc = SQLITE_NOMEM;
        break;
      }
      cs->k = kk;
      cs->cap = cap;
    }
    uint64_t *b = cs->bits + cs->n * NL_TM_BITS_WORDS;
    if (bits_set(b, sqlite3_column_blob(cls, 1),
                 (size_t)sqlite3_column_bytes(cls, 1)) < 0) {
      rc = SQLITE_CORRUPT;
      break;
    }
    cs->k[cs->n++] = (unsigned)k;
    for (size_t i = 0; i < NL_TM_BITS_WORDS; i++)
      band[i] |= b[i];
    *empty = 0;
  }
  sqlite3_reset(cls);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* One chunk: rows holding all words into tier 0, rows holding all but
 * one (when need < n) into tier 1, among those of `band` (NULL: all).
 * w: n bitmaps, the rarest first (ordered_words): a 64-row word stops
 * as soon as every row of it lacks two words. */
static int chunk_tiers(uint64_t **w, size_t n, size_t need, long long chunk,
                       const uint64_t *band, tiers *t) {
  int rc = SQLITE_OK;
  long long base = chunk << NL_TM_BITS_SHIFT;
  for (size_t i = 0; i < NL_TM_BITS_WORDS && rc == SQLITE_OK; i++) {
    uint64_t but1 = 0, pre = band ? band[i] : ~(uint64_t)0;
    for (size_t k = 0; k < n && (pre | but1); k++) {
      /* but1: some word seen so far is the one missing, or this is */
      but1 = (but1 & w[k][i]) | (need < n ? pre & ~w[k][i] : 0);
      pre &= w[k][i];
    }
    if (pre)
      rc = tier_add(t, 0, pre, base + (long long)i * 64);
    if (rc == SQLITE_OK && but1)
      rc = tier_add(t, 1, but1, base + (long long)i * 64);
  }
  return rc;
}

/* Orders the first chunk's n bitmaps (and the words they belong to,
 * ord) by how many rows hold them, fewest first: the order the later
 * chunks are read in. Only the speed of chunk_tiers depends on it. */
static void ordered_words(uint64_t **w, size_t *ord, size_t n) {
  long pop[64];
  for (size_t k = 0; k < n && k < 64; k++) {
    pop[k] = 0;
    for (size_t i = 0; i < NL_TM_BITS_WORDS; i++)
      pop[k] += __builtin_popcountll(w[k][i]);
  }
  for (size_t k = 1; k < n && k < 64; k++) /* insertion sort: n <= 64 */
    for (size_t j = k; j > 0 && pop[j] < pop[j - 1]; j--) {
      long p = pop[j];
      pop[j] = pop[j - 1];
      pop[j - 1] = p;
      uint64_t *b = w[j];
      w[j] = w[j - 1];
      w[j - 1] = b;
      size_t o = ord[j];
      ord[j] = ord[j - 1];
      ord[j - 1] = o;
    }
}

int nl_tm_sqlite_bits__find(sqlite3 *db, const char *const *words, size_t n,
                            size_t need, long lo, long hi, size_t limit,
                            int (*fn)(void *ctx, long long id), void *ctx) {
  return nl_tm_sqlite_bits__find_live(db, words, n, need, &lo, &hi, limit, fn,
                                      ctx);
}

int nl_tm_sqlite_bits__find_live(sqlite3 *db, const char *const *words,
                                 size_t n, size_t need, const long *live_lo,
                                 const long *live_hi, size_t limit,
                                 int (*fn)(void *ctx, long long id),
                                 void *ctx) {
  long lo = *live_lo, hi = *live_hi;
  if (n == 0 || n > 64 || need == 0 || need + 1 < n || need > n)
    return SQLITE_MISUSE; /* tm.c asks for at most 64 words */
  long long last = 0;
  sqlite3_stmt *get = NULL, *mx = NULL, *cls = NULL;
  qword *qw = calloc(n, sizeof(*qw));
  uint64_t *mem = malloc((n + 2) * NL_TM_BITS_WORDS * sizeof(uint64_t));
  uint64_t **bm = calloc(n, sizeof(*bm));
  classes cs = {NULL, NULL, 0, 0};
  tiers t = {{NULL, NULL}, {NULL, NULL}, {0, 0}, {0, 0},
             limit ? limit : (size_t)-1, hi > 0 ? &cs : NULL};
  int rc = qw && mem && bm ? SQLITE_OK : SQLITE_NOMEM;
  if (rc == SQLITE_OK)
    rc = prepare_words(db, words, n, qw);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "SELECT ifnull(max(id), 0) FROM source", -1,
                            &mx, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(mx)) == SQLITE_ROW)
    last = sqlite3_column_int64(mx, 0), rc = SQLITE_OK;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "SELECT rows FROM nl_bits WHERE chunk = ?1"
                                " AND word = ?2",
                            -1, &get, NULL);
  if (rc == SQLITE_OK && hi > 0)
    rc = sqlite3_prepare_v2(db, "SELECT word, rows FROM nl_bits WHERE"
                                " chunk = ?1 AND word >= '#' AND word < '$'",
                            -1, &cls, NULL);
  uint64_t *tmp = mem ? mem + n * NL_TM_BITS_WORDS : NULL;
  uint64_t *band = hi > 0 && mem ? tmp + NL_TM_BITS_WORDS : NULL;
  size_t ord[64];
  int ordered = 0;
  for (size_t k = 0; k < n && k < 64; k++)
    ord[k] = k;
  for (long long c = 0; rc == SQLITE_OK && c <= last >> NL_TM_BITS_SHIFT &&
                        t.n[0] < t.limit;
       c++) {
    size_t missing = 0, used = 0;
    int none = 0;
    /* once tier 1 is full, the chunks left can only add to tier 0: all
     * the words, and none of the work of counting the rows lacking one */
    size_t need_c = t.n[1] < t.limit ? need : n;
    if (band && (rc = band_bits(cls, lo, hi, c, band, &cs, &none)) == SQLITE_OK &&
        none)
      continue; /* no row of the chunk has a length that can match */
    for (size_t k = 0; k < n && rc == SQLITE_OK && missing <= n - need_c;
         k++) {
      int empty = 0;
      uint64_t *b = mem + used * NL_TM_BITS_WORDS;
      rc = word_bits(get, &qw[ord[k]], c, b, tmp, &empty);
      if (empty)
        missing++;
      else
        bm[used++] = b;
    }
    if (rc == SQLITE_OK && missing == 0 && !ordered) {
      ordered_words(bm, ord, n);
      ordered = 1;
    }
    /* a word no row of the chunk holds: only the others, all of them */
    if (rc == SQLITE_OK && missing == 0)
      rc = chunk_tiers(bm, n, need_c, c, band, &t);
    else if (rc == SQLITE_OK && missing == 1 && need_c < n) {
      size_t keep = t.n[0];
      rc = chunk_tiers(bm, used, used, c, band, &t);
      /* those are tier 1 here: move them */
      for (size_t i = keep; rc == SQLITE_OK && i < t.n[0]; i++)
        rc = tier_add(&t, 1, 1, t.id[0][i]);
      t.n[0] = keep;
    }
  }
  size_t sent = 0, top = hi > 0 ? len_class(hi) : 0;
  long *start = malloc((top + 2) * sizeof(*start));
  if (start == NULL && rc == SQLITE_OK)
    rc = SQLITE_NOMEM;
  for (size_t k = 0; start && k < top + 2; k++)
    start[k] = class_start((unsigned)k);
  for (int k = 0; k < 2 && rc == SQLITE_OK; k++)
    for (size_t i = 0; i < t.n[k] && sent < t.limit && rc == SQLITE_OK; i++)
      /* a row whose length the band, narrowed since, leaves out is
       * passed over, yet counts: the rows looked at are a subset of
       * those the band at the start gave */
      if (sent++, class_fits(start, t.k[k][i], *live_lo, *live_hi) &&
                      fn(ctx, t.id[k][i]))
        rc = SQLITE_ABORT;
  sqlite3_finalize(get);
  sqlite3_finalize(cls);
  sqlite3_finalize(mx);
  qwords_free(qw, n);
  free(mem);
  free(bm);
  free(t.id[0]);
  free(t.id[1]);
  free(t.k[0]);
  free(t.k[1]);
  free(cs.bits);
  free(cs.k);
  free(start);
  return rc == SQLITE_ABORT ? SQLITE_OK : rc;
}
