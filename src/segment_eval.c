/*
 * segment_eval.c - measuring a segmenter against gold segmentations.
 *
 * Boundaries are compared as byte offsets inside each paragraph (the
 * end of every sentence but the last), so precision says how many of
 * the splits made were right and recall how many of the right splits
 * were made. The share of paragraphs segmented exactly is what a
 * translator feels: one wrong split spoils a unit.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/segment.h>

#include "error.h"
#include "util/buf.h"
#include "util/json.h"

/* Ends of the expected sentences located in the text, in order. */
static int gold_ends(const nl_json *text, const nl_json *exp, size_t **ends,
                     size_t *n, const char *path, unsigned long line,
                     nl_error *err) {
  *ends = calloc(exp->count + 1, sizeof(size_t));
  if (*ends == NULL)
    return nl_error__nomem(err);
  size_t pos = 0;
  for (size_t i = 0; i < exp->count; i++) {
    const nl_json *e = &exp->items[i];
    const char *hit = e->type == NL_JSON_STRING && e->len
                          ? strstr(text->string + pos, e->string)
                          : NULL;
    if (hit == NULL)
      return nl_error__set(err, NL_EPARSE, path, line, 0,
                           "expected sentence %zu is not in the text (in "
                           "order)",
                           i + 1);
    pos = (size_t)(hit - text->string) + e->len;
    (*ends)[i] = pos;
  }
  *n = exp->count;
  return 0;
}

static void join(nl_buf *b, const char *t, const size_t *starts,
                 const size_t *ends, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (i)
      nl_buf__puts(b, " | ");
    nl_buf__put(b, t + starts[i], ends[i] - starts[i]);
  }
  if (b->ptr == NULL)
    nl_buf__puts(b, "");
}

static int contains(const size_t *a, size_t n, size_t v) {
  for (size_t i = 0; i < n; i++)
    if (a[i] == v)
      return 1;
  return 0;
}

static int eval_case(nl_segmenter *seg, const nl_json *text,
                     const nl_json *exp, const char *path, unsigned long line,
                     nl_segment_miss_fn miss, void *ctx, nl_segment_eval *ev,
                     nl_error *err) {
  size_t *gold = NULL, ngold = 0, ngot = 0;
  nl_range *got = NULL;
  int rc = gold_ends(text, exp, &gold, &ngold, path, line, err);
  if (rc == 0)
    rc = nl_segmenter_split(seg, text->string, text->len, &got, &ngot, err);
  if (rc < 0) {
    free(gold);
    return rc;
  }
  size_t *got_ends = calloc(ngot + 1, sizeof(size_t));
  size_t *got_starts = calloc(ngot + 1, sizeof(size_t));
  for (size_t i = 0; got_ends && got_starts && i < ngot; i++) {
    got_starts[i] = got[i].start;
    got_ends[i] = got[i].end;
  }
  /* inner boundaries: every end but the last */
  size_t correct = 0;
  for (size_t i = 0; got_ends && i + 1 < ngot; i++)
    correct += ngold > 0 && contains(gold, ngold - 1, got_ends[i]);
  ev->cases++;
  ev->expected += ngold ? ngold - 1 : 0;
  ev->found += ngot ? ngot - 1 : 0;
  ev->correct += correct;
  int exact = ngot == ngold && correct + 1 == ngot + (ngot == 0);
  ev->exact += exact;
  if (!exact && miss && got_ends) {
    nl_buf e = NL_BUF_INIT, g = NL_BUF_INIT;
    size_t *gold_starts = calloc(ngold + 1, sizeof(size_t));
    for (size_t i = 0; gold_starts && i < ngold; i++)
      gold_starts[i] = gold[i] - exp->items[i].len;
    if (gold_starts)
      join(&e, text->string, gold_starts, gold, ngold);
    join(&g, text->string, got_starts, got_ends, ngot);
    miss(ctx, line, e.ptr ? e.ptr : "", g.ptr ? g.ptr : "");
    nl_buf_dispose(&e);
    nl_buf_dispose(&g);
    free(gold_starts);
  }
  free(got_ends);
  free(got_starts);
  nl_free(got);
  free(gold);
  return 0;
}

static int eval_line(nl_segmenter *seg, const char *s, size_t len,
                     const char *path, unsigned long line,
                     nl_segment_miss_fn miss, void *ctx, nl_segment_eval *ev,
                     nl_error *err) {
  nl_json *v = NULL;
  int rc = nl_json__parse(&v, s, len, path, line, err);
  if (rc < 0)
    return rc;
  const nl_json *text = nl_json__get(v, "text");
  const nl_json *exp = nl_json__get(v, "expected");
  if (text == NULL || text->type != NL_JSON_STRING || exp == NULL ||
      exp->type != NL_JSON_ARRAY)
    rc = nl_error__set(err, NL_EPARSE, path, line, 1,
                       "a case needs \"text\" (a string) and \"expected\" "
                       "(an array of strings)");
  else
    rc = eval_case(seg, text, exp, path, line, miss, ctx, ev, err);
  nl_json__free(v);
  return rc;
}

int nl_segment_evaluate(nl_segmenter *seg, const char *path,
                        nl_segment_miss_fn miss, void *ctx,
                        nl_segment_eval *out, nl_error *err) {
  nl_segment_eval ev = {0, 0, 0, 0, 0};
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return nl_error__set(err, NL_EIO, path, 0, 0, "cannot open");
  char *buf = NULL;
  size_t cap = 0;
  ssize_t n;
  unsigned long line = 0;
  int rc = 0;
  while (rc == 0 && (n = getline(&buf, &cap, f)) >= 0) {
    line++;
    size_t len = (size_t)n;
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
      len--;
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
      i++;
    if (i == len || buf[i] == '#')
      continue; /* blank lines and comments */
    rc = eval_line(seg, buf, len, path, line, miss, ctx, &ev, err);
  }
  free(buf);
  fclose(f);
  if (rc == 0 && out)
    *out = ev;
  return rc;
}
