/*
 * merge.c - a translated XLIFF back into its article.
 *
 * Trust nothing in the file but the translations: the article is the
 * reference. Each translatable block must have its unit, and the unit's
 * segment sources, laid end to end with the article's own whitespace
 * between them, must spell the block's text exactly; otherwise the file
 * belongs to another article (or another revision of this one) and
 * merging it would put sentences in the wrong place.
 *
 * The localized block is then built piece by piece: the source's gaps,
 * each segment's target (or, when allowed, its source), and the inline
 * elements re-created from the codes in the targets by id (see
 * xliff_codes.c: id N is the block's N-th element, so its name and
 * attributes come from the article, never from the file). A code the
 * translator deleted, or moved so that elements would overlap, is
 * dropped and counted: the text is what readers need, the report says
 * what to look at.
 *
 * Languages written without spaces between sentences (Chinese,
 * Japanese) would inherit the English gap after their full stop; a
 * space-only gap after full-width punctuation is therefore dropped,
 * unless the source has full-width punctuation there too: then the
 * space is the article's own, not English spacing.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <newsloc/io.h>
#include <newsloc/merge.h>
#include <newsloc/xliff.h>

#include "error.h"
#include "lang.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"
#include "util/xml.h"
#include "merge_gate.h"
#include "xliff_codes.h"
#include "xliff_id.h"

#define XLIFF20_NS "urn:oasis:names:tc:xliff:document:2.0"
#define NOWHERE ((size_t)-1)

typedef struct merger {
  const nl_article *src;
  const nl_xliff_doc *doc;
  const char *name;
  const nl_merge_options *o;
  nl_merge_report *rep;
  nl_error *err;
  nl_article *out;
} merger;

/* A gap code (see xliff_codes.h): element i, starting at `start`. */
typedef struct gap_code {
  size_t start, i;
} gap_code;

/* The localized text of one block being built. */
typedef struct build {
  const nl_block *b;
  const char *text;
  size_t len;
  nl_range *r; /* where each segment's source sits in the block */
  size_t n;
  const nl_xliff_segment *segs; /* n segments of the unit, in order */
  nl_code_place *p;
  nl_code_index ix;   /* each segment's elements */
  gap_code *gaps;      /* the gap codes, by start */
  size_t ngaps;
  size_t *nstart, *nend; /* each element's new offsets, NOWHERE if lost */
  /* where, in the new text, segment k's text starts and ends, and gap k
   * (the source's space before segment k; gap n ends the block) starts;
   * NOWHERE for a gap dropped */
  size_t *seg_from, *seg_to, *gap_at;
  nl_buf t;
} build;

static void build_dispose(build *b) {
  free(b->r);
  free(b->p);
  nl_codes__index_dispose(&b->ix);
  free(b->gaps);
  free(b->nstart);
  free(b->nend);
  free(b->seg_from);
  free(b->seg_to);
  free(b->gap_at);
  nl_buf_dispose(&b->t);
}

/* ---- alignment --------------------------------------------------------- */

/* Between segments is what export left out of them: white space as the
 * segmenter trims it (nl_utf8__is_space), no more, no less. */
static size_t skip_space(const char *t, size_t len, size_t i) {
  size_t k;
  while ((k = nl_utf8__space_at(t, len, i)) > 0)
    i += k;
  return i;
}

/* Short excerpt of `s` for messages (about 72 bytes, whole chars). */
static void excerpt(char *out, size_t cap, const char *s, size_t len) {
  size_t n = 0, i = 0;
  while (i < len && n + 4 < cap && i < 72) {
    size_t j = i;
    nl_utf8__next(s, len, &j);
    if (n + (j - i) + 4 >= cap)
      break;
    memcpy(out + n, s + i, j - i);
    n += j - i;
    i = j;
  }
  if (i < len) {
    memcpy(out + n, "...", 3);
    n += 3;
  }
  out[n] = '\0';
}

static int align(merger *m, build *b) {
  size_t pos = 0;
  b->r = calloc(b->n ? b->n : 1, sizeof(*b->r));
  if (b->r == NULL)
    return nl_error__nomem(m->err);
  char want[96], got[96];
  for (size_t k = 0; k < b->n; k++) {
    const nl_xliff_segment *s = &b->segs[k];
    nl_buf nfc = NL_BUF_INIT;
    int rc = nl_icu__nfc(&nfc, s->source, strlen(s->source), m->err);
    if (rc < 0)
      return rc;
    pos = skip_space(b->text, b->len, pos);
    size_t n = nfc.size;
    int ok = n > 0 && b->len - pos >= n &&
             memcmp(b->text + pos, nfc.ptr, n) == 0;
    excerpt(got, sizeof(got), nfc.ptr ? nfc.ptr : "", n);
    nl_buf_dispose(&nfc);
    if (!ok) {
      excerpt(want, sizeof(want), b->text + pos, b->len - pos);
      return nl_error__set(
          m->err, NL_EMISMATCH, m->name, s->line, 0,
          "unit '%s' segment '%s': source \"%s\" is not the article's "
          "text here (\"%s\"); is this XLIFF from another article or "
          "revision?",
          s->unit_id, s->segment_id ? s->segment_id : "-", got, want);
    }
    b->r[k].start = pos;
    b->r[k].end = pos + n;
    pos = b->r[k].end;
  }
  if (skip_space(b->text, b->len, pos) != b->len) {
    excerpt(want, sizeof(want), b->text + pos, b->len - pos);
    return nl_error__set(m->err, NL_EMISMATCH, m->name,
                         b->n ? b->segs[b->n - 1].line : 0, 0,
                         "unit '%s' ends before the article's text does "
                         "(\"%s\" is not in the XLIFF)",
                         nl_block_id(b->b), want);
  }
  return 0;
}

/* ---- building the localized text ---------------------------------------- */

static int put(build *b, const char *s, size_t len, merger *m) {
  return nl_buf__put(&b->t, s, len) < 0 ? nl_error__nomem(m->err) : 0;
}

/* Whether the `len` bytes of `t` end in full-width punctuation. */
static int ends_fullwidth(const char *t, size_t len) {
  size_t i = len;
  if (i == 0)
    return 0;
  while (i > 0 && ((unsigned char)t[i - 1] & 0xC0) == 0x80)
    i--;
  if (i > 0)
    i--;
  size_t j = i;
  uint32_t c = nl_utf8__next(t, len, &j);
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF65);
}

static int only_spaces(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (s[i] != ' ')
      return 0;
  return len > 0;
}

/* The source's text between `from` and `to`, with the gap codes in it. */
static int put_gap(build *b, size_t from, size_t to, merger *m) {
  if (from >= to)
    return 0;
  int drop = only_spaces(b->text + from, to - from) &&
             ends_fullwidth(b->t.ptr, b->t.size) &&
             !ends_fullwidth(b->text, from);
  size_t base = b->t.size;
  size_t lo = 0, hi = b->ngaps; /* the first gap code starting at from */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (b->gaps[mid].start < from)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t g = lo; g < b->ngaps; g++) {
    size_t i = b->gaps[g].i;
    const nl_inline *x = nl_block_inline(b->b, i);
    if (x->start > to)
      break;
    if (x->end > to)
      continue;
    b->nstart[i] = drop ? base : base + (x->start - from);
    b->nend[i] = drop ? base : base + (x->end - from);
  }
  return drop ? 0 : put(b, b->text + from, to - from, m);
}

/* An untranslated segment keeps its source text and the codes in it. */
static int put_source_segment(build *b, size_t k, merger *m) {
  size_t base = b->t.size, s = b->r[k].start;
  for (size_t j = b->ix.at[k]; j < b->ix.at[k + 1]; j++) {
    size_t i = b->ix.idx[j];
    if (b->p[i].first == k)
      b->nstart[i] = base + (b->p[i].start - s);
    if (b->p[i].last == k)
      b->nend[i] = base + (b->p[i].end - s);
  }
  return put(b, b->text + s, b->r[k].end - s, m);
}

/* Inline code id "N" → element index N-1 of the block; NOWHERE when the
 * id is not one of ours. */
static size_t code_index(const build *b, const xmlChar *id) {
  if (id == NULL)
    return NOWHERE;
  char *end;
  unsigned long v = strtoul((const char *)id, &end, 10);
  if (*end != '\0' || v == 0 || v > nl_block_inline_count(b->b))
    return NOWHERE;
  return (size_t)v - 1;
}

static int put_nfc(build *b, const char *s, size_t len, merger *m) {
  nl_buf nfc = NL_BUF_INIT;
  int rc = nl_icu__nfc(&nfc, s, len, m->err);
  if (rc == 0 && nfc.size)
    rc = put(b, nfc.ptr, nfc.size, m);
  nl_buf_dispose(&nfc);
  return rc;
}

static int put_target_nodes(build *b, const xmlNode *n, merger *m);

static int put_target_element(build *b, const xmlNode *c, merger *m) {
  const char *e = (const char *)c->name;
  int pc = strcmp(e, "pc") == 0, ph = strcmp(e, "ph") == 0,
      sc = strcmp(e, "sc") == 0, ec = strcmp(e, "ec") == 0;
  xmlChar *id = nl_xml__attr(c, ec ? "startRef" : "id");
  size_t i = code_index(b, id);
  xmlFree(id);
  if (i != NOWHERE && (pc || ph || sc))
    b->nstart[i] = b->t.size;
  if (i != NOWHERE && ph)
    b->nend[i] = b->t.size;
  int rc = 0;
  if (!ph && !sc && !ec)
    rc = put_target_nodes(b, c, m); /* pc, mrk: their text counts */
  if (i != NOWHERE && (pc || ec))
    b->nend[i] = b->t.size;
  return rc;
}

static int put_target_nodes(build *b, const xmlNode *n, merger *m) {
  int rc = 0;
  for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
    if (c->type == XML_TEXT_NODE)
      rc = put_nfc(b, (const char *)c->content,
                   strlen((const char *)c->content), m);
    else if (c->type == XML_ELEMENT_NODE)
      rc = put_target_element(b, c, m);
  }
  return rc;
}

/* A translated segment: its markup parsed inside a wrapper element that
 * declares the XLIFF namespace, so the codes read as they were written. */
static int put_target(build *b, const nl_xliff_segment *s, merger *m) {
  if (s->target_markup == NULL)
    return put_nfc(b, s->target, strlen(s->target), m);
  nl_buf w = NL_BUF_INIT;
  xmlDocPtr doc = NULL;
  int rc = nl_buf__printf(&w, "<t xmlns=\"%s\">%s</t>", XLIFF20_NS,
                          s->target_markup) < 0
               ? nl_error__nomem(m->err)
               : 0;
  if (rc == 0)
    rc = nl_xml__parse(&doc, w.ptr, w.size, m->name, m->err);
  if (rc < 0 && m->err) {
    m->err->line = s->line;
    m->err->column = 0;
  }
  if (rc == 0)
    rc = put_target_nodes(b, xmlDocGetRootElement(doc), m);
  xmlFreeDoc(doc);
  nl_buf_dispose(&w);
  return rc;
}

static int untranslated(const nl_xliff_segment *s) {
  return !nl_xliff_segment_translated(s);
}

static int note_untranslated(merger *m, const nl_xliff_segment *s) {
  nl_merge_report *r = m->rep;
  r->untranslated++;
  if (r->untranslated_ids.size && nl_buf__putc(&r->untranslated_ids, ' ') < 0)
    return nl_error__nomem(m->err);
  if (nl_buf__printf(&r->untranslated_ids, "%s/%s", s->unit_id,
                     s->segment_id ? s->segment_id : "-") < 0)
    return nl_error__nomem(m->err);
  return 0;
}

static int build_text(build *b, merger *m) {
  size_t pos = 0;
  int rc = 0;
  for (size_t k = 0; k < b->n && rc == 0; k++) {
    const nl_xliff_segment *s = &b->segs[k];
    size_t before = b->t.size;
    rc = put_gap(b, pos, b->r[k].start, m);
    b->gap_at[k] = b->t.size > before || pos == b->r[k].start ? before
                                                               : NOWHERE;
    b->seg_from[k] = b->t.size;
    if (rc == 0 && untranslated(s)) {
      rc = note_untranslated(m, s);
      if (rc == 0)
        rc = put_source_segment(b, k, m);
    } else if (rc == 0) {
      rc = put_target(b, s, m);
    }
    b->seg_to[k] = b->t.size;
    m->rep->segments++;
    pos = b->r[k].end;
  }
  size_t before = b->t.size;
  if (rc == 0)
    rc = put_gap(b, pos, b->len, m);
  b->gap_at[b->n] = b->t.size > before || pos == b->len ? before : NOWHERE;
  if (rc == 0 && b->t.ptr == NULL)
    rc = nl_buf__puts(&b->t, "") < 0 ? nl_error__nomem(m->err) : 0;
  return rc;
}

/* Export moved an element's end out of the space after its sentence (and
 * a start out of the space before one) so that translators see whole
 * codes; where the translator left that end at the end of the sentence
 * and the space came back as it was, the end goes back to its place in
 * the space: a link that took in the space after a full stop still
 * does, and nothing the source did not do is done to the markup. */
static void restore_moved_ends(build *b) {
  for (size_t i = 0; i < nl_block_inline_count(b->b); i++) {
    const nl_inline *x = nl_block_inline(b->b, i);
    const nl_code_place *p = &b->p[i];
    if (p->gap || p->is_point)
      continue;
    size_t l = p->last, f = p->first;
    if (x->end > p->end && b->nend[i] != NOWHERE &&
        b->nend[i] == b->seg_to[l] && b->gap_at[l + 1] != NOWHERE)
      b->nend[i] = b->gap_at[l + 1] + (x->end - b->r[l].end);
    size_t from = f ? b->r[f - 1].end : 0;
    if (x->start < p->start && b->nstart[i] != NOWHERE &&
        b->nstart[i] == b->seg_from[f] && b->gap_at[f] != NOWHERE)
      b->nstart[i] = b->gap_at[f] + (x->start - from);
  }
}

/* ---- re-creating inline elements ---------------------------------------- */

typedef struct placed {
  size_t idx, start, end;
  int point;
} placed;

/* Outer elements first: by start, then the longer one, then the order
 * the source had them in. An element with no text (<br/>) nests either
 * way with one that starts where it is, so there the source's order
 * stands: the article's own order comes back unchanged. */
static int placed_cmp(const void *pa, const void *pb) {
  const placed *a = pa, *b = pb;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end && a->start != a->end && b->start != b->end)
    return a->end > b->end ? -1 : 1;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Counts a lost inline element and names it ("p1:<a>"): a link or an
 * emphasis that vanishes must be found by the person who merges. */
static int note_dropped(merger *m, const nl_block *sb, size_t i) {
  nl_merge_report *r = m->rep;
  const nl_inline *x = nl_block_inline(sb, i);
  r->codes_dropped++;
  if (nl_buf__printf(&r->codes_dropped_ids, "%s%s:<%s>",
                     r->codes_dropped_ids.size ? " " : "", nl_block_id(sb),
                     x && x->name ? x->name : "?") < 0)
    return nl_error__nomem(m->err);
  return 0;
}

static int add_inlines(build *b, nl_block *nb, merger *m) {
  size_t cnt = nl_block_inline_count(b->b), n = 0;
  placed *pl = calloc(cnt ? cnt : 1, sizeof(*pl));
  if (pl == NULL)
    return nl_error__nomem(m->err);
  for (size_t i = 0; i < cnt; i++) {
    if (b->nstart[i] == NOWHERE || b->nend[i] == NOWHERE ||
        b->nstart[i] > b->nend[i]) {
      if (note_dropped(m, b->b, i) < 0) {
        free(pl);
        return NL_ENOMEM;
      }
      continue;
    }
    pl[n++] = (placed){i, b->nstart[i], b->nend[i], b->p[i].is_point};
  }
  if (n > 0)
    qsort(pl, n, sizeof(*pl), placed_cmp);
  int rc = 0;
  for (size_t k = 0; k < n && rc == 0; k++) {
    const nl_inline *x = nl_block_inline(b->b, pl[k].idx);
    nl_error ignored = NL_ERROR_INIT;
    int r = nl_block_add_inline(nb, x->name, pl[k].start, pl[k].end,
                                pl[k].point, x->attrs, x->nattrs, &ignored);
    if (r == NL_ENOMEM)
      rc = nl_error__nomem(m->err);
    else if (r < 0) /* overlaps what the translator kept */
      rc = note_dropped(m, b->b, pl[k].idx);
  }
  free(pl);
  return rc;
}

/* ---- blocks ---------------------------------------------------------------- */

static int copy_block(merger *m, const nl_block *sb) {
  size_t len;
  const char *t = nl_block_text(sb, &len);
  nl_block *nb;
  int rc = nl_article_add_block(m->out, nl_block_get_kind(sb),
                                nl_block_id(sb), t, len, &nb, m->err);
  for (size_t i = 0; rc == 0 && i < nl_block_inline_count(sb); i++) {
    const nl_inline *x = nl_block_inline(sb, i);
    rc = nl_block_add_inline(nb, x->name, x->start, x->end, x->empty, x->attrs,
                             x->nattrs, m->err);
  }
  if (rc == 0)
    nl_block_set_translatable(nb, nl_block_translatable(sb));
  if (rc == 0)
    rc = nl_block_set_lang(nb, nl_block_lang(sb), m->err);
  return rc;
}

/* Where each unit's segments are: a unit's segments are contiguous in
 * the document, so one run per unit, sorted by id (then by position, so
 * the first run of a repeated id is the one found) for binary search. */
typedef struct unit_run {
  const char *id;
  size_t first, n;
} unit_run;

typedef struct unit_index {
  unit_run *runs;
  size_t n;
} unit_index;

static int run_cmp(const void *pa, const void *pb) {
  const unit_run *a = pa, *b = pb;
  int c = strcmp(a->id, b->id);
  if (c != 0)
    return c;
  return a->first < b->first ? -1 : a->first > b->first;
}

static int index_units(unit_index *ix, const nl_xliff_segment *all,
                       size_t total, nl_error *err) {
  ix->n = 0;
  ix->runs = malloc((total ? total : 1) * sizeof(*ix->runs));
  if (ix->runs == NULL)
    return nl_error__nomem(err);
  for (size_t i = 0; i < total; i++) {
    if (ix->n && strcmp(ix->runs[ix->n - 1].id, all[i].unit_id) == 0) {
      ix->runs[ix->n - 1].n++;
      continue;
    }
    ix->runs[ix->n++] = (unit_run){all[i].unit_id, i, 1};
  }
  if (ix->n > 1)
    qsort(ix->runs, ix->n, sizeof(*ix->runs), run_cmp);
  return 0;
}

/* The segments of unit `id`, or NULL when the file has none. */
static const nl_xliff_segment *unit_segments(const unit_index *ix,
                                             const nl_xliff_segment *all,
                                             const char *id, size_t *n) {
  size_t lo = 0, hi = ix->n;
  while (lo < hi) { /* the first run whose id is not below `id` */
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(ix->runs[mid].id, id) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == ix->n || strcmp(ix->runs[lo].id, id) != 0) {
    *n = 0;
    return NULL;
  }
  *n = ix->runs[lo].n;
  return &all[ix->runs[lo].first];
}

static int gap_cmp(const void *pa, const void *pb) {
  const gap_code *a = pa, *b = pb;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  return a->i < b->i ? -1 : a->i > b->i;
}

/* The gap codes of the block in order of their start, for put_gap. */
static int list_gaps(build *b, size_t cnt, merger *m) {
  b->gaps = malloc((cnt ? cnt : 1) * sizeof(*b->gaps));
  if (b->gaps == NULL)
    return nl_error__nomem(m->err);
  for (size_t i = 0; i < cnt; i++)
    if (b->p[i].gap)
      b->gaps[b->ngaps++] = (gap_code){nl_block_inline(b->b, i)->start, i};
  if (b->ngaps > 1)
    qsort(b->gaps, b->ngaps, sizeof(*b->gaps), gap_cmp);
  return 0;
}

/* A block left in the source language (every segment untranslated), or
 * one the translator wrote in the source's direction only where the
 * target is written the other way (English left in a Persian article),
 * gets the source's language: the source block's own, when it had one
 * (a quotation in another language stays in that language, and so does
 * its text when it comes back unchanged). */
static int mark_source_lang(merger *m, const nl_block *sb, nl_block *nb,
                            size_t kept, size_t segments) {
  const char *src = nl_block_lang(sb);
  size_t len, slen;
  const char *t = nl_block_text(nb, &len), *st = nl_block_text(sb, &slen);
  if (src != NULL && *src != '\0' && len == slen && memcmp(t, st, len) == 0)
    return nl_block_set_lang(nb, src, m->err);
  if (src == NULL || *src == '\0')
    src = nl_article_get(m->src, NL_FIELD_LANG);
  const char *tlang = nl_article_get(m->out, NL_FIELD_LANG);
  if (src == NULL)
    return 0;
  int d = nl_lang__text_dir(t, len);
  int srtl = nl_lang__script_rtl(src), trtl = nl_lang__script_rtl(tlang);
  int other = (d == 'l' || d == 'r') && srtl >= 0 && trtl >= 0 &&
              srtl != trtl && (d == 'r') == srtl;
  if ((segments > 0 && kept == segments) || other)
    return nl_block_set_lang(nb, src, m->err);
  return 0;
}

static int merge_block(merger *m, const nl_block *sb,
                       const nl_xliff_segment *all, const unit_index *ix) {
  build b = {0};
  b.b = sb;
  b.text = nl_block_text(sb, &b.len);
  nl_buf uid = NL_BUF_INIT; /* the unit export named for this block */
  if (nl_xliff__unit_id(&uid, nl_block_id(sb)) < 0)
    return nl_error__nomem(m->err);
  b.segs = unit_segments(ix, all, uid.ptr, &b.n);
  nl_buf_dispose(&uid);
  if (b.segs == NULL) {
    if (skip_space(b.text, b.len, 0) == b.len)
      return copy_block(m, sb);
    return nl_error__set(m->err, NL_EMISMATCH, m->name, 0, 0,
                         "the article's block '%s' has no unit in this XLIFF; "
                         "is it from another article or revision?",
                         nl_block_id(sb));
  }
  size_t cnt = nl_block_inline_count(sb);
  int rc = align(m, &b);
  if (rc == 0)
    rc = nl_codes__place(&b.p, sb, b.r, b.n, m->err);
  if (rc == 0)
    rc = nl_codes__index(&b.ix, b.p, cnt, b.n, m->err);
  if (rc == 0)
    rc = list_gaps(&b, cnt, m);
  if (rc == 0) {
    b.nstart = malloc((cnt ? cnt : 1) * sizeof(size_t));
    b.nend = malloc((cnt ? cnt : 1) * sizeof(size_t));
    if (b.nstart == NULL || b.nend == NULL)
      rc = nl_error__nomem(m->err);
    for (size_t i = 0; rc == 0 && i < cnt; i++)
      b.nstart[i] = b.nend[i] = NOWHERE;
    b.seg_from = malloc((b.n + 1) * sizeof(size_t));
    b.seg_to = malloc((b.n + 1) * sizeof(size_t));
    b.gap_at = malloc((b.n + 1) * sizeof(size_t));
    if (rc == 0 && (!b.seg_from || !b.seg_to || !b.gap_at))
      rc = nl_error__nomem(m->err);
  }
  size_t kept = m->rep->untranslated;
  if (rc == 0)
    rc = build_text(&b, m);
  if (rc == 0)
    restore_moved_ends(&b);
  kept = m->rep->untranslated - kept;
  nl_block *nb = NULL;
  if (rc == 0)
    rc = nl_article_add_block(m->out, nl_block_get_kind(sb), nl_block_id(sb),
                              b.t.ptr, b.t.size, &nb, m->err);
  if (rc == 0)
    rc = add_inlines(&b, nb, m);
  if (rc == 0)
    rc = mark_source_lang(m, sb, nb, kept, b.n);
  build_dispose(&b);
  return rc;
}

/* Every unit in the file must be a translatable block of the article. */
static int by_unit_id(const void *a, const void *b) {
  const nl_xliff_segment *x = *(const nl_xliff_segment *const *)a,
                         *y = *(const nl_xliff_segment *const *)b;
  int c = strcmp(x->unit_id, y->unit_id);
  return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* A unit id met in two places (two <file>s of one XLIFF may each have a
 * unit "p1"): merge would take one and drop the other without a word. */
static int check_units_once(merger *m, const nl_xliff_segment *all,
                            size_t n) {
  const nl_xliff_segment **u = malloc((n ? n : 1) * sizeof(*u));
  if (u == NULL)
    return nl_error__nomem(m->err);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (i == 0 || all[i].unit_id != all[i - 1].unit_id)
      u[k++] = &all[i];
  qsort(u, k, sizeof(*u), by_unit_id);
  int rc = 0;
  for (size_t i = 1; i < k && rc == 0; i++)
    if (strcmp(u[i]->unit_id, u[i - 1]->unit_id) == 0)
      rc = nl_error__set(m->err, NL_EMISMATCH, m->name, u[i]->line, 0,
                         "unit '%s' appears twice (first at line %lu): "
                         "which translation is the block's?",
                         u[i]->unit_id, u[i - 1]->line);
  free(u);
  return rc;
}

static int check_units(merger *m, const nl_xliff_segment *all, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && all[i].unit_id == all[i - 1].unit_id)
      continue;
    const nl_block *b = nl_xliff__block_of_unit(m->src, all[i].unit_id);
    if (b == NULL || !nl_block_translatable(b))
      return nl_error__set(m->err, NL_EMISMATCH, m->name, all[i].line, 0,
                           "unit '%s' is not a translatable block of the "
                           "article; is this XLIFF from another article?",
                           all[i].unit_id);
  }
  return 0;
}

static const char *target_lang_of(const nl_xliff_segment *all, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (all[i].target_lang && *all[i].target_lang)
      return all[i].target_lang;
  return NULL;
}

static int set_fields(merger *m, const char *lang) {
  int rc = 0;
  for (int f = 0; f < NL_FIELD__COUNT && rc == 0; f++)
    rc = nl_article_set(m->out, (nl_article_field)f,
                        nl_article_get(m->src, (nl_article_field)f), m->err);
  if (rc == 0)
    rc = nl_article_set(m->out, NL_FIELD_LANG, lang, m->err);
  /* from the script of the language; a tag ICU knows no script for
   * (prs for Dari) is decided by the translation's text (text_dir) */
  int rtl = nl_lang__script_rtl(lang);
  if (rc == 0)
    rc = nl_article_set(m->out, NL_FIELD_DIR,
                        rtl < 0 ? NULL : rtl ? "rtl" : "ltr", m->err);
  return rc;
}

/* The direction most of the translated blocks are written in, for a
 * language whose script ICU does not know. */
static int text_dir(merger *m) {
  if (nl_article_get(m->out, NL_FIELD_DIR))
    return 0;
  long l = 0, r = 0;
  for (size_t i = 0; i < nl_article_block_count(m->out); i++) {
    const nl_block *b = nl_article_block(m->out, i);
    size_t len;
    const char *t = nl_block_text(b, &len);
    int d = nl_block_translatable(b) ? nl_lang__text_dir(t, len) : 0;
    l += d == 'l';
    r += d == 'r' || d == 'm';
  }
  return nl_article_set(m->out, NL_FIELD_DIR, r > l ? "rtl" : "ltr", m->err);
}


static int check_source_lang(merger *m, const nl_xliff_segment *all,
                             size_t n) {
  const char *art = nl_article_get(m->src, NL_FIELD_LANG);
  if (n == 0 || art == NULL || all[0].source_lang == NULL)
    return 0;
  char a[128], x[128];
  int canon = nl_lang_canonicalize(art, a, sizeof(a), NULL) == 0 &&
              nl_lang_canonicalize(all[0].source_lang, x, sizeof(x),
                                   NULL) == 0;
  /* one language is enough ("en" and po2xliff's default "en-US"): the
   * source text is compared segment by segment anyway */
  if (canon) {
    a[strcspn(a, "-")] = '\0';
    x[strcspn(x, "-")] = '\0';
  }
  if (canon ? strcmp(a, x) != 0 : strcasecmp(art, all[0].source_lang) != 0)
    return nl_error__set(m->err, NL_EMISMATCH, m->name, all[0].line, 0,
                         "the XLIFF's source language is '%s' but the "
                         "article is in '%s'",
                         all[0].source_lang, art);
  return 0;
}

static int run(merger *m) {
  size_t n = nl_xliff_doc_segment_count(m->doc);
  nl_xliff_segment *all = calloc(n ? n : 1, sizeof(*all));
  if (all == NULL)
    return nl_error__nomem(m->err);
  for (size_t i = 0; i < n; i++)
    nl_xliff_doc_segment(m->doc, i, &all[i]);
  const char *lang = target_lang_of(all, n);
  if (lang == NULL)
    lang = m->o->target_lang;
  int rc = lang ? 0
                : nl_error__set(m->err, NL_EPARSE, m->name, 0, 0,
                                "the XLIFF names no target language (give "
                                "it with --to)");
  if (rc == 0)
    rc = check_source_lang(m, all, n);
  if (rc == 0)
    rc = nl_xliff__check_unit_ids(m->src, m->err);
  if (rc == 0)
    rc = check_units_once(m, all, n);
  if (rc == 0)
    rc = check_units(m, all, n);
  if (rc == 0)
    rc = nl_article_new(&m->out, m->err);
  if (rc == 0)
    rc = set_fields(m, lang);
  unit_index ix = {NULL, 0};
  if (rc == 0)
    rc = index_units(&ix, all, n, m->err);
  for (size_t i = 0; rc == 0 && i < nl_article_block_count(m->src); i++) {
    const nl_block *b = nl_article_block(m->src, i);
    rc = nl_block_translatable(b) ? merge_block(m, b, all, &ix)
                                  : copy_block(m, b);
  }
  free(ix.runs);
  if (rc == 0)
    rc = text_dir(m);
  if (rc == 0 && m->rep->untranslated && !m->o->allow_untranslated)
    rc = nl_error__set(m->err, NL_EUNTRANSLATED, m->name, 0, 0,
                       "%zu segment(s) without translation: %s",
                       m->rep->untranslated, m->rep->untranslated_ids.ptr);
  free(all);
  return rc;
}

/* The column of an error the merge found at a unit or segment, which the
 * XML tree knows only by line: where the markup on that line begins,
 * the element's start tag in files that put one element a line (as
 * newsloc, OmegaT and translate-toolkit write them). */
static void add_column(nl_error *err, const char *data, size_t len) {
  if (err == NULL || err->line == 0 || err->column != 0)
    return;
  size_t off = 0;
  for (unsigned long l = 1; l < err->line && off < len; off++)
    if (data[off] == '\n')
      l++;
  while (off < len && (data[off] == ' ' || data[off] == '\t'))
    off++;
  if (off < len && data[off] != '\n') {
    unsigned long line;
    nl_utf8__position(data, off, &line, &err->column);
  }
}

int nl_merge_memory(nl_article **out, const nl_article *source,
                    const char *data, size_t len, const char *name,
                    const nl_merge_options *opts, nl_merge_report *report,
                    nl_error *err) {
  static const nl_merge_options defaults = NL_MERGE_OPTIONS_INIT;
  nl_merge_report scratch = NL_MERGE_REPORT_INIT;
  if (out == NULL || source == NULL)
    return nl_error__set(err, NL_EINVAL, name, 0, 0, "nothing to merge");
  *out = NULL;
  merger m = {source, NULL, name ? name : "<memory>",
              opts ? opts : &defaults, report ? report : &scratch, err, NULL};
  int rc = nl_xliff_read_memory((nl_xliff_doc **)&m.doc, data, len, m.name,
                                err);
  /* a file that does not fit the article is told first */
  if (rc == 0 && (rc = run(&m)) < 0)
    add_column(err, data, len);
  if (rc == 0)
    rc = nl_merge__gate(m.doc, data, len, m.name, m.o, m.rep, err);
  nl_xliff_doc_free((nl_xliff_doc *)m.doc);
  nl_merge_report_dispose(&scratch);
  if (rc < 0) {
    nl_article_free(m.out);
    return rc;
  }
  *out = m.out;
  return 0;
}

int nl_merge_file(nl_article **out, const nl_article *source,
                  const char *xliff_path, const nl_merge_options *opts,
                  nl_merge_report *report, nl_error *err) {
  nl_buf data = NL_BUF_INIT;
  int rc = nl_file_read(xliff_path, &data, err);
  if (rc == 0)
    rc = nl_merge_memory(out, source, data.ptr, data.size,
                         strcmp(xliff_path, "-") == 0 ? "<stdin>" : xliff_path,
                         opts, report, err);
  nl_buf_dispose(&data);
  return rc;
}

void nl_merge_report_dispose(nl_merge_report *r) {
  if (r) {
    nl_buf_dispose(&r->untranslated_ids);
    nl_buf_dispose(&r->problems);
    nl_buf_dispose(&r->codes_dropped_ids);
  }
}
