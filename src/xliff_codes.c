/*
 * xliff_codes.c - a block's inline markup as XLIFF inline codes.
 *
 * Translators see sentences, but markup follows the paragraph: a link
 * may start in one sentence and end in the next, or sit in the space
 * between two. So each inline element of the block is first placed on
 * the segment ranges: a start that falls in the space between segments
 * moves to the next segment, an end to the previous one, and an element
 * left with nothing but inter-sentence space is a "gap code" that stays
 * with the article (merge copies it from the source). Then each segment
 * gets paired codes (<pc>/<g>) for elements it holds whole, and opening
 * and closing halves (<sc>/<ec>, <bx>/<ex>) for the ones it shares.
 *
 * Code ids are the element's 1-based index in the block, so merge finds
 * the element again by id without trusting anything else in the file.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "util/buf.h"
#include "xliff_codes.h"

/* The first segment ending after `p` (ranges are in order and do not
 * overlap, so their ends only rise): n when none does. */
static size_t first_ending_after(const nl_range *r, size_t n, size_t p) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r[mid].end <= p)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The segment holding a start at `p`: s <= p < e, else the next one. */
static size_t seg_of_start(const nl_range *r, size_t n, size_t p,
                           size_t *moved) {
  size_t k = first_ending_after(r, n, p);
  *moved = k < n && p < r[k].start ? r[k].start : p;
  return k;
}

/* The segment holding an end at `p`: s < p <= e, else the previous. */
static size_t seg_of_end(const nl_range *r, size_t n, size_t p,
                         size_t *moved) {
  size_t lo = 0, hi = n; /* the segments starting before p: [0, lo) */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r[mid].start < p)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0) {
    *moved = p;
    return n;
  }
  *moved = p > r[lo - 1].end ? r[lo - 1].end : p;
  return lo - 1;
}

/* An empty element at `p`: the segment with s <= p < e, else one ending
 * exactly at p; in a gap, none. */
static size_t seg_of_point(const nl_range *r, size_t n, size_t p) {
  size_t k = first_ending_after(r, n, p);
  if (k < n && r[k].start <= p)
    return k;
  k = first_ending_after(r, n, p ? p - 1 : 0);
  if (p == 0)
    k = 0;
  return k < n && r[k].end == p ? k : n;
}

int nl_codes__place(nl_code_place **out, const nl_block *b,
                    const nl_range *r, size_t n, nl_error *err) {
  size_t m = nl_block_inline_count(b);
  nl_code_place *p = calloc(m ? m : 1, sizeof(*p));
  if (p == NULL)
    return nl_error__nomem(err);
  for (size_t i = 0; i < m; i++) {
    const nl_inline *x = nl_block_inline(b, i);
    p[i].is_point = x->empty || x->start == x->end;
    if (p[i].is_point) {
      p[i].first = p[i].last = seg_of_point(r, n, x->start);
      p[i].start = p[i].end = x->start;
    } else {
      p[i].first = seg_of_start(r, n, x->start, &p[i].start);
      p[i].last = seg_of_end(r, n, x->end, &p[i].end);
    }
    p[i].gap = p[i].first == n || p[i].last == n || p[i].first > p[i].last ||
               (p[i].first == p[i].last && !p[i].is_point &&
                p[i].start >= p[i].end);
  }
  *out = p;
  return 0;
}

int nl_codes__index(nl_code_index *ix, const nl_code_place *p, size_t m,
                    size_t n, nl_error *err) {
  ix->at = calloc(n + 2, sizeof(*ix->at));
  ix->idx = malloc((2 * m + 1) * sizeof(*ix->idx));
  if (ix->at == NULL || ix->idx == NULL) {
    nl_codes__index_dispose(ix);
    return nl_error__nomem(err);
  }
  for (int pass = 0; pass < 2; pass++) { /* count, then place */
    for (size_t i = 0; i < m; i++) {
      if (p[i].gap)
        continue;
      size_t ks[2] = {p[i].first, p[i].last};
      for (int j = 0; j < (ks[1] != ks[0] ? 2 : 1); j++) {
        if (pass == 0)
          ix->at[ks[j] + 2]++;
        else
          ix->idx[ix->at[ks[j] + 1]++] = i;
      }
    }
    for (size_t k = 0; pass == 0 && k < n; k++)
      ix->at[k + 2] += ix->at[k + 1];
  }
  return 0;
}

void nl_codes__index_dispose(nl_code_index *ix) {
  free(ix->at);
  free(ix->idx);
  ix->at = ix->idx = NULL;
}

typedef enum ev_type { EV_CLOSE, EV_END_HALF, EV_OPEN, EV_START_HALF, EV_PH } ev_type;

typedef struct event {
  size_t pos;
  ev_type type;
  size_t idx;
} event;

static int ev_cmp(const void *pa, const void *pb) {
  const event *a = pa, *b = pb;
  if (a->pos != b->pos)
    return a->pos < b->pos ? -1 : 1;
  int ca = a->type <= EV_END_HALF, cb = b->type <= EV_END_HALF;
  if (ca != cb)
    return ca ? -1 : 1; /* closes first */
  if (a->idx != b->idx)
    return ca ? (a->idx > b->idx ? -1 : 1) : (a->idx < b->idx ? -1 : 1);
  return 0;
}

static int put_event(nl_buf *o, const event *e, nl_code_style style) {
  size_t id = e->idx + 1;
  int x12 = style == NL_CODES_XLIFF12;
  switch (e->type) {
  case EV_OPEN:
    return x12 ? nl_buf__printf(o, "<g id=\"%zu\">", id)
               : nl_buf__printf(o, "<pc id=\"%zu\" dataRefStart=\"d%zu\" "
                                   "dataRefEnd=\"d%zue\">",
                                id, id, id);
  case EV_CLOSE:
    return nl_buf__puts(o, x12 ? "</g>" : "</pc>");
  case EV_START_HALF:
    return x12 ? nl_buf__printf(o, "<bx id=\"%zu\" rid=\"%zu\"/>", id, id)
               : nl_buf__printf(o, "<sc id=\"%zu\" dataRef=\"d%zu\"/>", id,
                                id);
  case EV_END_HALF:
    return x12 ? nl_buf__printf(o, "<ex id=\"%zue\" rid=\"%zu\"/>", id, id)
               : nl_buf__printf(o, "<ec startRef=\"%zu\" dataRef=\"d%zue\"/>",
                                id, id);
  case EV_PH:
    return x12 ? nl_buf__printf(o, "<x id=\"%zu\"/>", id)
               : nl_buf__printf(o, "<ph id=\"%zu\" dataRef=\"d%zu\"/>", id,
                                id);
  }
  return 0;
}

/* The events of segment k; with `whole`, of the entire block at the
 * elements' own offsets. */
static size_t collect(event *ev, const nl_block *b, const nl_code_place *p,
                      const nl_code_index *ix, size_t k, int whole) {
  size_t n = 0, m = nl_block_inline_count(b);
  int listed = ix && !whole;
  size_t from = listed ? ix->at[k] : 0, to = listed ? ix->at[k + 1] : m;
  for (size_t j = from; j < to; j++) {
    size_t i = listed ? ix->idx[j] : j;
    const nl_inline *x = nl_block_inline(b, i);
    size_t s = whole ? x->start : p[i].start, e = whole ? x->end : p[i].end;
    if (p[i].gap && !whole)
      continue;
    int has_start = whole || p[i].first == k, has_end = whole || p[i].last == k;
    if (p[i].is_point && has_start) {
      ev[n++] = (event){s, EV_PH, i};
    } else if (has_start && has_end) {
      ev[n++] = (event){s, EV_OPEN, i};
      ev[n++] = (event){e, EV_CLOSE, i};
    } else if (has_start) {
      ev[n++] = (event){s, EV_START_HALF, i};
    } else if (has_end) {
      ev[n++] = (event){e, EV_END_HALF, i};
    }
  }
  return n;
}

int nl_codes__put_range(nl_buf *o, const nl_block *b, const nl_code_place *p,
                        const nl_code_index *ix, size_t k, nl_range r,
                        int whole, nl_code_style style, nl_error *err) {
  size_t m = nl_block_inline_count(b), len;
  const char *t = nl_block_text(b, &len);
  event *ev = malloc((2 * m + 1) * sizeof(*ev));
  if (ev == NULL)
    return nl_error__nomem(err);
  size_t n = collect(ev, b, p, ix, k, whole);
  if (n > 0)
    qsort(ev, n, sizeof(*ev), ev_cmp);
  size_t pos = r.start;
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    size_t at = ev[i].pos < pos ? pos : ev[i].pos;
    if (at > r.end)
      at = r.end;
    rc = nl_buf__put_xml(o, t + pos, at - pos, 0);
    pos = at;
    if (rc == 0)
      rc = put_event(o, &ev[i], style);
  }
  if (rc == 0)
    rc = nl_buf__put_xml(o, t + pos, r.end - pos, 0);
  free(ev);
  return rc < 0 ? nl_error__nomem(err) : 0;
}

/* "<a href=&quot;...&quot;>"-style original data, escaped for content. */
int nl_codes__put_original(nl_buf *o, const nl_inline *x, int end) {
  nl_buf tag = NL_BUF_INIT;
  int rc = 0;
  if (end) {
    rc = nl_buf__printf(&tag, "</%s>", x->name);
  } else {
    rc = nl_buf__printf(&tag, "<%s", x->name);
    for (size_t i = 0; rc == 0 && i < x->nattrs; i++) {
      rc = nl_buf__printf(&tag, " %s=\"", x->attrs[i].name);
      if (rc == 0)
        rc = nl_buf__put_xml(&tag, x->attrs[i].value,
                             strlen(x->attrs[i].value), 1);
      if (rc == 0)
        rc = nl_buf__putc(&tag, '"');
    }
    if (rc == 0)
      rc = nl_buf__puts(&tag, x->empty || x->start == x->end ? "/>" : ">");
  }
  if (rc == 0)
    rc = nl_buf__put_xml(o, tag.ptr, tag.size, 0);
  nl_buf_dispose(&tag);
  return rc;
}
