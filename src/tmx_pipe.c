/*
 * tmx_pipe.c - a TMX import over two threads.
 *
 * Read one after the other, a TMX import spends about half its time on
 * work that needs no database (XML, NFC, keys, word breaks, hashes) and
 * half in SQLite. Here a reader thread does the first half, through its
 * own preparer (tm_prep.h), and the calling thread writes: the batches,
 * their transactions and their order are exactly those of a sequential
 * import, so the TM holds the same rows and a failure keeps the same
 * committed batches.
 *
 * The threads pass a fixed set of chunks around (full ones to the
 * writer, empty ones back), so memory stays flat and a fast reader
 * waits for a slow writer. Each chunk holds prepared rows with their
 * strings copied in, and the reader's begin/commit/rollback/progress as
 * items in order. When the writer fails, it raises `stop` and drains:
 * the reader's next call fails, it rolls back and sends its last chunk.
 * Progress is reported by the writer, after the batch is committed.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "error.h"
#include "tm_fuzzy.h"
#include "tm_prep.h"
#include "tmx.h"
#include "util/buf.h"

/* 64 chunks (32,768 rows, about 25 MB) let the reader keep preparing
 * while the writer commits a batch (FTS indexing and the checkpoint,
 * about 0.5 s per 50,000 rows at 1M): with 8, the reader stopped early
 * in every commit and the writer then waited for it, 3.5 s in all. */
enum { CHUNK_ITEMS = 512, CHUNKS = 64 };

typedef enum item_kind {
  IT_ROW,
  IT_BEGIN,
  IT_COMMIT,
  IT_ROLLBACK,
  IT_PROGRESS
} item_kind;

/* The row's strings, in the order item_strings() lists them. */
enum { NSTR = 13 };

typedef struct item {
  item_kind kind;
  nl_tm_row row;     /* its string pointers are set by the writer */
  size_t str[NSTR];  /* offset + 1 into the chunk's text; 0: NULL */
  unsigned char sig[NL_TM_SIG]; /* row.sig's bytes, when it has one */
  unsigned long long done, total; /* IT_PROGRESS */
} item;

typedef struct chunk {
  item items[CHUNK_ITEMS];
  size_t n;
  nl_buf text;
  int last; /* the reader has finished */
} chunk;

typedef struct ring {
  chunk *c[CHUNKS];
  size_t head, n;
} ring;

typedef struct pipe_state {
  pthread_mutex_t mu;
  pthread_cond_t moved;
  ring full, empty;
  int stop; /* the writer failed: the reader gives up */
  /* the reader's, until it sends its last chunk */
  const char *path;
  nl_tmx_import_options opts;
  nl_tm__prep *prep;
  chunk *cur;
  nl_tmx_stats rstats;
  nl_error rerr;
  int rrc;
} pipe_state;

static const char **item_strings(nl_tm_row *r, const char *s[NSTR]) {
  s[0] = r->source_lang, s[1] = r->target_lang, s[2] = r->source;
  s[3] = r->source_markup, s[4] = r->key, s[5] = r->words;
  s[6] = r->target, s[7] = r->target_markup, s[8] = r->article_id;
  s[9] = r->unit_id, s[10] = r->service, s[11] = r->translator;
  s[12] = r->meta;
  return s;
}

static void row_strings(nl_tm_row *r, const char *s[NSTR]) {
  r->source_lang = s[0], r->target_lang = s[1], r->source = s[2];
  r->source_markup = s[3], r->key = s[4], r->words = s[5];
  r->target = s[6], r->target_markup = s[7], r->article_id = s[8];
  r->unit_id = s[9], r->service = s[10], r->translator = s[11];
  r->meta = s[12];
}

/* ---- the queue ------------------------------------------------------------ */

static void ring_put(ring *r, chunk *c) {
  r->c[(r->head + r->n++) % CHUNKS] = c;
}

static chunk *ring_take(ring *r) {
  chunk *c = r->c[r->head];
  r->head = (r->head + 1) % CHUNKS;
  r->n--;
  return c;
}

static chunk *wait_take(pipe_state *p, ring *r) {
  pthread_mutex_lock(&p->mu);
  while (r->n == 0)
    pthread_cond_wait(&p->moved, &p->mu);
  chunk *c = ring_take(r);
  pthread_mutex_unlock(&p->mu);
  return c;
}

static void give(pipe_state *p, ring *r, chunk *c) {
  pthread_mutex_lock(&p->mu);
  ring_put(r, c);
  pthread_cond_broadcast(&p->moved);
  pthread_mutex_unlock(&p->mu);
}

static int stopped(pipe_state *p) {
  pthread_mutex_lock(&p->mu);
  int stop = p->stop;
  pthread_mutex_unlock(&p->mu);
  return stop;
}

/* ---- the reader's side ------------------------------------------------------ */

static void send_chunk(pipe_state *p) {
  if (p->cur)
    give(p, &p->full, p->cur);
  p->cur = NULL;
}

/* A new item at the end of the current chunk, or NULL once the writer
 * has failed. */
static item *next_item(pipe_state *p, item_kind kind, nl_error *err) {
  if (stopped(p)) {
    nl_error__set(err, NL_ERROR, p->path, 0, 0, "import stopped");
    return NULL;
  }
  if (p->cur && p->cur->n == CHUNK_ITEMS)
    send_chunk(p);
  if (p->cur == NULL) {
    p->cur = wait_take(p, &p->empty);
    p->cur->n = 0;
    p->cur->last = 0;
    nl_buf__clear(&p->cur->text);
  }
  item *it = &p->cur->items[p->cur->n++];
  it->kind = kind;
  return it;
}

static int mark(void *ctx, item_kind kind, nl_error *err) {
  pipe_state *p = ctx;
  return next_item(p, kind, err) ? 0 : NL_ERROR;
}

static int r_begin(void *ctx, nl_error *err) {
  return mark(ctx, IT_BEGIN, err);
}

static int r_commit(void *ctx, nl_error *err) {
  int rc = mark(ctx, IT_COMMIT, err);
  send_chunk(ctx); /* the writer may commit now */
  return rc;
}

static void r_rollback(void *ctx) { mark(ctx, IT_ROLLBACK, NULL); }

static void r_progress(void *ctx, unsigned long long done,
                       unsigned long long total) {
  item *it = next_item(ctx, IT_PROGRESS, NULL);
  if (it) {
    it->done = done;
    it->total = total;
  }
}

static int copy_strings(chunk *c, item *it, nl_error *err) {
  const char *s[NSTR];
  item_strings(&it->row, s);
  for (int k = 0; k < NSTR; k++) {
    it->str[k] = s[k] ? c->text.size + 1 : 0;
    if (s[k] && nl_buf__put(&c->text, s[k], strlen(s[k]) + 1) < 0)
      return nl_error__nomem(err);
  }
  return 0;
}

static int r_add(void *ctx, const nl_tm_entry *e, int nfc, nl_error *err) {
  pipe_state *p = ctx;
  nl_tm_row row;
  int rc = nl_tm__prepare(p->prep, e, nfc, &row, err);
  item *it = rc == 0 ? next_item(p, IT_ROW, err) : NULL;
  if (it == NULL)
    return rc < 0 ? rc : NL_ERROR;
  it->row = row;
  if (row.sig)
    memcpy(it->sig, row.sig, sizeof(it->sig));
  rc = copy_strings(p->cur, it, err);
  if (rc < 0)
    p->cur->n--;
  return rc;
}

static void *reader_main(void *arg) {
  pipe_state *p = arg;
  nl_tmx__sink sink = {p, r_begin, r_add, r_commit, r_rollback};
  p->rrc = nl_tmx__read(p->path, &p->opts, &sink, &p->rstats, &p->rerr);
  /* the last chunk goes even when the writer has stopped: it is what
   * the writer drains to */
  if (p->cur == NULL) {
    p->cur = wait_take(p, &p->empty);
    p->cur->n = 0;
  }
  p->cur->last = 1;
  send_chunk(p);
  return NULL;
}

/* ---- the writer's side ------------------------------------------------------ */

typedef struct writer {
  nl_tm *tm;
  const nl_tmx_import_options *opts;
  size_t pending, entries; /* rows in the open batch; committed rows */
  int in_tx;
} writer;

static int write_item(writer *w, const chunk *c, item *it, nl_error *err) {
  int rc = 0;
  const char *s[NSTR];
  switch (it->kind) {
  case IT_ROW:
    for (int k = 0; k < NSTR; k++)
      s[k] = it->str[k] ? c->text.ptr + it->str[k] - 1 : NULL;
    row_strings(&it->row, s);
    if (it->row.sig)
      it->row.sig = it->sig;
    rc = nl_tm__add_row(w->tm, &it->row, err);
    w->pending += rc == 0;
    break;
  case IT_BEGIN:
    rc = nl_tm_begin(w->tm, err);
    w->in_tx = rc == 0;
    break;
  case IT_COMMIT:
    w->in_tx = 0;
    rc = nl_tm_commit(w->tm, err);
    w->entries += rc == 0 ? w->pending : 0;
    w->pending = 0;
    break;
  case IT_ROLLBACK:
    nl_tm_rollback(w->tm);
    w->in_tx = 0;
    w->pending = 0;
    break;
  case IT_PROGRESS:
    w->opts->progress(w->opts->progress_ctx, it->done, it->total);
    break;
  }
  return rc;
}

static int write_chunk(writer *w, chunk *c, nl_error *err) {
  int rc = 0;
  for (size_t i = 0; i < c->n && rc == 0; i++)
    rc = write_item(w, c, &c->items[i], err);
  return rc;
}

/* Writes every chunk until the reader's last; after a failure, only
 * takes them back. */
static int write_all(pipe_state *p, writer *w, nl_error *err) {
  int rc = 0, last = 0;
  while (!last) {
    chunk *c = wait_take(p, &p->full);
    if (rc == 0 && (rc = write_chunk(w, c, err)) < 0) {
      if (w->in_tx)
        nl_tm_rollback(w->tm);
      w->in_tx = 0;
      pthread_mutex_lock(&p->mu);
      p->stop = 1;
      pthread_mutex_unlock(&p->mu);
    }
    last = c->last;
    give(p, &p->empty, c);
  }
  return rc;
}

/* ---- the whole ------------------------------------------------------------ */

static int pipe_init(pipe_state *p, chunk *chunks, nl_error *err) {
  memset(p, 0, sizeof(*p));
  p->rerr = (nl_error)NL_ERROR_INIT;
  for (size_t k = 0; k < CHUNKS; k++)
    ring_put(&p->empty, &chunks[k]);
  if (nl_tm__prep_new(&p->prep, err) < 0)
    return NL_ENOMEM;
  if (pthread_mutex_init(&p->mu, NULL) != 0) {
    nl_tm__prep_free(p->prep);
    return nl_error__nomem(err);
  }
  if (pthread_cond_init(&p->moved, NULL) != 0) {
    pthread_mutex_destroy(&p->mu);
    nl_tm__prep_free(p->prep);
    return nl_error__nomem(err);
  }
  return 0;
}

static void pipe_dispose(pipe_state *p, chunk *chunks) {
  pthread_cond_destroy(&p->moved);
  pthread_mutex_destroy(&p->mu);
  nl_tm__prep_free(p->prep);
  for (size_t k = 0; k < CHUNKS; k++)
    nl_buf_dispose(&chunks[k].text);
}

int nl_tmx__import_piped(nl_tm *tm, const char *path,
                         const nl_tmx_import_options *opts,
                         nl_tmx_stats *stats, nl_error *err) {
  nl_tmx_import_options defaults = NL_TMX_IMPORT_OPTIONS_INIT;
  chunk *chunks = calloc(CHUNKS, sizeof(*chunks));
  pipe_state *p = malloc(sizeof(*p));
  int rc = chunks && p ? pipe_init(p, chunks, err) : nl_error__nomem(err);
  if (rc < 0) {
    free(chunks);
    free(p);
    return rc;
  }
  p->path = path;
  p->opts = opts ? *opts : defaults;
  if (p->opts.progress) {
    p->opts.progress = r_progress;
    p->opts.progress_ctx = p;
  }
  xmlInitParser(); /* once, here, rather than racing inside the reader */
  pthread_t reader;
  if (pthread_create(&reader, NULL, reader_main, p) != 0) {
    pipe_dispose(p, chunks);
    free(chunks);
    free(p);
    return NL_TMX__NO_THREAD;
  }
  writer w = {tm, opts, 0, 0, 0};
  rc = write_all(p, &w, err);
  pthread_join(reader, NULL);
  if (rc == 0 && p->rrc < 0) {
    rc = p->rrc;
    if (err)
      *err = p->rerr;
  }
  if (stats) {
    *stats = p->rstats;
    stats->entries = w.entries;
  }
  pipe_dispose(p, chunks);
  free(chunks);
  free(p);
  return rc;
}
