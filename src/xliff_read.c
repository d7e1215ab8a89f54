/*
 * xliff_read.c - XLIFF 2.x and 1.x as a flat list of segments.
 *
 * CAT tools bend XLIFF in many ways; the reader keeps to what merge and
 * the TM need and is lenient elsewhere:
 *  - 2.x: file > group* > unit > segment|ignorable. A segment's state
 *    defaults to "initial", "translated" when its target has text (as
 *    for 1.2 below: merge and the TM agree on what is a translation).
 *    Unit ids must be unique in a file (the spec
 *    requires it and merge relies on it).
 *  - 1.x: file > body > group* > trans-unit. With <seg-source>, every
 *    <mrk mtype="seg"> is a segment and the target's mrk with the same
 *    mid is its translation; without, the whole unit is one segment.
 *    States map onto 2.0's four: new/needs-* → initial, translated and
 *    needs-review-* → translated, signed-off → reviewed, final → final;
 *    a target without a state is "translated" if it has text (that is
 *    how many older tools write finished work), approved="yes" is final.
 *    Units marked translate="no" are skipped. Trans-unit ids are unique
 *    in a file and mids in a unit, and a segment mrk never holds
 *    another (its text would count twice): each is an error naming both
 *    lines, as a repeated 2.x unit, segment or ignorable id is. Every
 *    part of a segmented target goes to one segment: a mid twice, a mid
 *    the seg-source lacks, text outside the segment mrks are errors.
 * Every segment's text comes twice: plain (what matching and checks
 * use; 1.2 native code content and <sub> flows left out) and markup in
 * XLIFF 2.0 inline syntax (1.2 g/x/bx/ex/bpt/ept/ph/it become
 * pc/ph/sc/ec), NULL when the segment has no codes.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uloc.h>

#include <newsloc/io.h>
#include <newsloc/xliff.h>

#include "error.h"
#include "lang.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xml.h"
#include "xliff_codes.h"

struct nl_xliff_doc {
  int version;
  nl_xliff_segment *segs;
  size_t n, cap;
  char **pool; /* every string the segments point to */
  size_t npool, cappool;
};

typedef struct reader {
  nl_xliff_doc *d;
  const char *name;
  nl_error *err;
  const char *file_original, *src_lang, *trg_lang;
  const char *last_uid; /* of the previous sentence read by location */
} reader;

/* ---- strings -------------------------------------------------------------- */

static const char *keep(reader *r, char *s) {
  if (s == NULL)
    return NULL;
  nl_xliff_doc *d = r->d;
  if (d->npool == d->cappool) {
    size_t cap = d->cappool ? d->cappool * 2 : 64;
    char **p = realloc(d->pool, cap * sizeof(*p));
    if (p == NULL) {
      free(s);
      return NULL;
    }
    d->pool = p;
    d->cappool = cap;
  }
  d->pool[d->npool++] = s;
  return s;
}

/* An attribute as a pooled string; NULL when absent (or out of memory,
 * which keep() callers check through the pool size). */
static const char *attr(reader *r, const xmlNode *n, const char *name) {
  xmlChar *v = nl_xml__attr(n, name);
  if (v == NULL)
    return NULL;
  char *s = nl__strdup((const char *)v);
  xmlFree(v);
  return keep(r, s);
}

/* A language attribute, canonical BCP 47 when it is well-formed ("FA-ir"
 * is fa-IR); left as written otherwise, for the checks to name. */
static const char *lang_attr(reader *r, const xmlNode *n, const char *name) {
  const char *v = attr(r, n, name);
  char canon[128];
  if (v == NULL || nl_lang_canonicalize(v, canon, sizeof(canon), NULL) < 0 ||
      strcmp(canon, v) == 0)
    return v;
  return keep(r, nl__strdup(canon));
}

static const char *lang_of(reader *r, const xmlNode *n) {
  xmlChar *v = nl_xml__lang(n);
  if (v == NULL)
    return NULL;
  char *s = nl__strdup((const char *)v);
  xmlFree(v);
  return keep(r, s);
}

/* ---- inline content ---------------------------------------------------- */

typedef struct flat {
  nl_buf plain, markup;
  int codes;
  int failed;
} flat;

static void put_plain(flat *f, const char *s, size_t len) {
  if (nl_buf__put(&f->plain, s, len) < 0 ||
      nl_buf__put_xml(&f->markup, s, len, 0) < 0)
    f->failed = 1;
}

/* Copies the element's un-namespaced attributes into the markup. */
static void put_attrs(flat *f, const xmlNode *n) {
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    if (a->ns != NULL)
      continue;
    xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
    if (nl_buf__printf(&f->markup, " %s=\"", (const char *)a->name) < 0 ||
        nl_buf__put_xml(&f->markup, v ? (const char *)v : "",
                        v ? strlen((const char *)v) : 0, 1) < 0 ||
        nl_buf__putc(&f->markup, '"') < 0)
      f->failed = 1;
    xmlFree(v);
  }
}

/* A 1.2 code as a 2.0 one: `ref` names the attribute whose value links
 * the halves (rid, else id). */
static void put_code(flat *f, const xmlNode *n, const char *elem,
                     const char *idattr) {
  xmlChar *v = nl_xml__attr(n, "rid");
  if (v == NULL)
    v = nl_xml__attr(n, "id");
  f->codes = 1;
  if (nl_buf__printf(&f->markup, "<%s %s=\"", elem, idattr) < 0 ||
      nl_buf__put_xml(&f->markup, v ? (const char *)v : "",
                      v ? strlen((const char *)v) : 0, 1) < 0 ||
      nl_buf__puts(&f->markup, "\"/>") < 0)
    f->failed = 1;
  xmlFree(v);
}

static void walk(flat *f, const xmlNode *n, int v12);

static void walk_pc(flat *f, const xmlNode *n, int v12) {
  f->codes = 1;
  if (nl_buf__puts(&f->markup, "<pc") < 0)
    f->failed = 1;
  if (v12) {
    xmlChar *id = nl_xml__attr(n, "id");
    if (nl_buf__puts(&f->markup, " id=\"") < 0 ||
        nl_buf__put_xml(&f->markup, id ? (const char *)id : "",
                        id ? strlen((const char *)id) : 0, 1) < 0 ||
        nl_buf__putc(&f->markup, '"') < 0)
      f->failed = 1;
    xmlFree(id);
  } else {
    put_attrs(f, n);
  }
  if (nl_buf__putc(&f->markup, '>') < 0)
    f->failed = 1;
  walk(f, n, v12);
  if (nl_buf__puts(&f->markup, "</pc>") < 0)
    f->failed = 1;
}

static void put_empty20(flat *f, const xmlNode *n) {
  f->codes = 1;
  if (nl_buf__printf(&f->markup, "<%s", (const char *)n->name) < 0)
    f->failed = 1;
  put_attrs(f, n);
  if (nl_buf__puts(&f->markup, "/>") < 0)
    f->failed = 1;
}

/* <cp hex="..."/>: the character it stands for, when XML may carry it
 * in plain text; U+FFFD otherwise. */
static void put_cp(flat *f, const xmlNode *n) {
  xmlChar *hex = nl_xml__attr(n, "hex");
  unsigned long c = hex ? strtoul((const char *)hex, NULL, 16) : 0xFFFD;
  xmlFree(hex);
  if (c < 0x20 || (c >= 0xD800 && c < 0xE000) || c > 0x10FFFF ||
      c == 0xFFFE || c == 0xFFFF)
    c = 0xFFFD;
  char u[4];
  size_t k = nl_utf8__encode((uint32_t)c, u);
  put_plain(f, u, k);
}

static void element12(flat *f, const xmlNode *c) {
  const char *e = (const char *)c->name;
  if (strcmp(e, "g") == 0)
    walk_pc(f, c, 1);
  else if (strcmp(e, "x") == 0 || strcmp(e, "ph") == 0 ||
           strcmp(e, "it") == 0)
    put_code(f, c, "ph", "id");
  else if (strcmp(e, "bx") == 0 || strcmp(e, "bpt") == 0)
    put_code(f, c, "sc", "id");
  else if (strcmp(e, "ex") == 0 || strcmp(e, "ept") == 0)
    put_code(f, c, "ec", "startRef");
  else if (strcmp(e, "sub") != 0)
    walk(f, c, 1); /* mrk and unknown wrappers: their text counts */
}

static void element20(flat *f, const xmlNode *c) {
  const char *e = (const char *)c->name;
  if (strcmp(e, "pc") == 0)
    walk_pc(f, c, 0);
  else if (strcmp(e, "ph") == 0 || strcmp(e, "sc") == 0 ||
           strcmp(e, "ec") == 0)
    put_empty20(f, c);
  else if (strcmp(e, "cp") == 0)
    put_cp(f, c);
  else if (strcmp(e, "sm") != 0 && strcmp(e, "em") != 0)
    walk(f, c, 0); /* mrk: an annotation, its text counts */
}

static void walk(flat *f, const xmlNode *n, int v12) {
  for (const xmlNode *c = n->children; c && !f->failed; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
      put_plain(f, (const char *)c->content, strlen((const char *)c->content));
    else if (c->type == XML_ELEMENT_NODE)
      v12 ? element12(f, c) : element20(f, c);
  }
}

/* Flattens `n` (may be NULL) into pooled plain text and markup. */
static int flatten(reader *r, const xmlNode *n, int v12, const char **plain,
                   const char **markup) {
  *plain = *markup = NULL;
  if (n == NULL)
    return 0;
  flat f = {NL_BUF_INIT, NL_BUF_INIT, 0, 0};
  walk(&f, n, v12);
  if (!f.failed && nl_buf__puts(&f.plain, "") < 0)
    f.failed = 1;
  if (!f.failed) {
    *plain = keep(r, nl_buf__detach(&f.plain));
    if (f.codes)
      *markup = keep(r, nl_buf__detach(&f.markup));
  }
  nl_buf_dispose(&f.plain);
  nl_buf_dispose(&f.markup);
  if (f.failed || *plain == NULL || (f.codes && *markup == NULL))
    return nl_error__nomem(r->err);
  return 0;
}

/* ---- segments ----------------------------------------------------------- */

static int push(reader *r, const nl_xliff_segment *s) {
  nl_xliff_doc *d = r->d;
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 64;
    nl_xliff_segment *p = realloc(d->segs, cap * sizeof(*p));
    if (p == NULL)
      return nl_error__nomem(r->err);
    d->segs = p;
    d->cap = cap;
  }
  d->segs[d->n++] = *s;
  return 0;
}

/* Links each segment of the unit that starts at index `first` to its
 * neighbours' source text. */
static void link_context(reader *r, size_t first) {
  for (size_t i = first; i < r->d->n; i++) {
    r->d->segs[i].prev = i > first ? r->d->segs[i - 1].source : NULL;
    r->d->segs[i].next = i + 1 < r->d->n ? r->d->segs[i + 1].source : NULL;
  }
}

static const xmlNode *child(const xmlNode *n, const char *name) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (nl_xml__is(c, name))
      return c;
  return NULL;
}

static int parse_error(reader *r, const xmlNode *n, const char *what,
                       const char *id) {
  return nl_error__set(r->err, NL_EPARSE, r->name,
                       (unsigned long)xmlGetLineNo(n), 0, "%s%s%s%s", what,
                       id ? " '" : "", id ? id : "", id ? "'" : "");
}

static nl_xliff_segment base_segment(reader *r, const xmlNode *n,
                                     const char *unit_id) {
  nl_xliff_segment s = {r->file_original, unit_id, NULL, r->src_lang,
                        r->trg_lang, NULL, NULL, NULL, NULL, NULL, NULL,
                        NULL, (unsigned long)xmlGetLineNo(n), 0};
  return s;
}

/* 2.x rules the reader relies on: the languages are what the document
 * says, states are the four 2.0 knows, one source a segment. */
/* A source or target that names its own language is taken at its word:
 * tools write the file's languages wrongly more often than the element's. */
static const char *own_lang(reader *r, const xmlNode *n, const char *dflt) {
  const char *l = n ? lang_of(r, n) : NULL;
  return l && *l ? l : dflt;
}

static int count_children(const xmlNode *n, const char *name) {
  int k = 0;
  for (const xmlNode *c = n->children; c; c = c->next)
    k += nl_xml__is(c, name);
  return k;
}

static int read_segment20(reader *r, const xmlNode *seg, const char *uid) {
  nl_xliff_segment s = base_segment(r, seg, uid);
  s.segment_id = attr(r, seg, "id");
  const char *state = attr(r, seg, "state");
  s.state = state ? state : "initial";
  if (strcmp(s.state, "initial") != 0 && strcmp(s.state, "translated") != 0 &&
      strcmp(s.state, "reviewed") != 0 && strcmp(s.state, "final") != 0)
    return parse_error(r, seg, "unknown segment state", s.state);
  const xmlNode *src = child(seg, "source"), *tgt = child(seg, "target");
  if (src == NULL || count_children(seg, "source") > 1)
    return parse_error(r, seg, "a segment needs exactly one <source>; unit",
                       uid);
  if (tgt && r->trg_lang == NULL)
    return parse_error(r, tgt, "a <target> in a file without trgLang; unit",
                       uid);
  s.source_lang = own_lang(r, src, s.source_lang);
  s.target_lang = own_lang(r, tgt, s.target_lang);
  int rc = flatten(r, src, 0, &s.source, &s.source_markup);
  if (rc == 0)
    rc = flatten(r, tgt, 0, &s.target, &s.target_markup);
  /* no state and a target with text: finished work, as in 1.2 */
  s.state_implied = state == NULL;
  if (rc == 0 && state == NULL && s.target && (*s.target || s.target_markup))
    s.state = "translated";
  return rc < 0 ? rc : push(r, &s);
}

/* ---- ids --------------------------------------------------------------- */

/* Ids of sibling or nested elements, sorted once so that repeats and
 * lookups cost log n each instead of a scan per element (a unit may
 * hold tens of thousands of segments, a file as many units). */
typedef struct id_at {
  xmlChar *id;
  size_t order; /* document order among those listed */
  const xmlNode *n;
} id_at;

typedef struct id_list {
  id_at *v;
  size_t n, cap;
} id_list;

static void id_list_free(id_list *l) {
  for (size_t i = 0; i < l->n; i++)
    xmlFree(l->v[i].id);
  free(l->v);
}

/* Takes `id` (NULL is skipped); 0, or -1 when out of memory. */
static int id_list_add(id_list *l, const xmlNode *n, xmlChar *id) {
  if (id == NULL)
    return 0;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    id_at *v = realloc(l->v, cap * sizeof(*v));
    if (v == NULL) {
      xmlFree(id);
      return -1;
    }
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n] = (id_at){id, l->n, n};
  l->n++;
  return 0;
}

static int id_at_cmp(const void *pa, const void *pb) {
  const id_at *a = pa, *b = pb;
  int c = xmlStrcmp(a->id, b->id);
  if (c)
    return c;
  return a->order < b->order ? -1 : a->order > b->order;
}

static void id_list_sort(id_list *l) {
  if (l->n > 1)
    qsort(l->v, l->n, sizeof(*l->v), id_at_cmp);
}

/* The earliest element whose id comes again later; NULL if none. The
 * list must be sorted. */
static const xmlNode *id_list_first_repeat(const id_list *l) {
  const id_at *best = NULL;
  for (size_t i = 1; i < l->n; i++)
    if (xmlStrcmp(l->v[i].id, l->v[i - 1].id) == 0 &&
        (i == 1 || xmlStrcmp(l->v[i - 1].id, l->v[i - 2].id) != 0) &&
        (best == NULL || l->v[i - 1].order < best->order))
      best = &l->v[i - 1];
  return best ? best->n : NULL;
}

/* The first element listed with this id; NULL if none. Sorted list. */
static const xmlNode *id_list_find(const id_list *l, const char *id) {
  size_t lo = 0, hi = l->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (xmlStrcmp(l->v[mid].id, (const xmlChar *)id) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < l->n && xmlStrcmp(l->v[lo].id, (const xmlChar *)id) == 0
             ? l->v[lo].n
             : NULL;
}

/* The segment and ignorable ids of a unit, sorted. */
static int part_ids(reader *r, const xmlNode *u, id_list *l) {
  for (const xmlNode *a = u->children; a; a = a->next)
    if ((nl_xml__is(a, "segment") || nl_xml__is(a, "ignorable")) &&
        id_list_add(l, a, nl_xml__attr(a, "id")) < 0)
      return nl_error__nomem(r->err);
  id_list_sort(l);
  return 0;
}

/* Segment and ignorable ids are unique within their unit. */
/* The error for a segment or ignorable id that comes again after `a`
 * (only on the error path: the later one is looked for in order). */
static int repeated_part(reader *r, const xmlNode *a, const char *uid) {
  xmlChar *ida = nl_xml__attr(a, "id");
  const xmlNode *again = NULL;
  for (const xmlNode *b = a->next; ida && b && !again; b = b->next) {
    if (!nl_xml__is(b, "segment") && !nl_xml__is(b, "ignorable"))
      continue;
    xmlChar *idb = nl_xml__attr(b, "id");
    again = idb && xmlStrcmp(ida, idb) == 0 ? b : NULL;
    xmlFree(idb);
  }
  int rc = nl_error__set(r->err, NL_EPARSE, r->name,
                         (unsigned long)xmlGetLineNo(again ? again : a), 0,
                         "segment or ignorable id '%s' repeated in unit '%s' "
                         "(first at line %ld)",
                         ida ? (const char *)ida : "", uid, xmlGetLineNo(a));
  xmlFree(ida);
  return rc;
}

static int check_part_ids(reader *r, const xmlNode *u, const char *uid) {
  id_list ids = {NULL, 0, 0};
  int rc = part_ids(r, u, &ids);
  const xmlNode *dup = rc == 0 ? id_list_first_repeat(&ids) : NULL;
  for (const xmlNode *a = u->children; a && rc == 0; a = a->next) {
    if (!nl_xml__is(a, "segment") && !nl_xml__is(a, "ignorable"))
      continue;
    if (nl_xml__is(a, "ignorable") && child(a, "source") == NULL)
      rc = parse_error(r, a, "an <ignorable> without <source> in unit", uid);
    else if (a == dup)
      rc = repeated_part(r, a, uid);
  }
  id_list_free(&ids);
  return rc;
}

static int read_unit20(reader *r, const xmlNode *u) {
  const char *id = attr(r, u, "id");
  if (id == NULL)
    return parse_error(r, u, "<unit> without an id", NULL);
  if (count_children(u, "segment") == 0)
    return parse_error(r, u, "a unit needs a <segment>:", id);
  int rc = check_part_ids(r, u, id);
  size_t first = r->d->n;
  for (const xmlNode *c = u->children; c && rc == 0; c = c->next)
    if (nl_xml__is(c, "segment"))
      rc = read_segment20(r, c, id);
  link_context(r, first);
  return rc;
}

static int by_unit_then_line(const void *pa, const void *pb) {
  const nl_xliff_segment *a = *(const nl_xliff_segment *const *)pa,
                         *b = *(const nl_xliff_segment *const *)pb;
  int c = strcmp(a->unit_id, b->unit_id);
  if (c)
    return c;
  return a->line < b->line ? -1 : a->line > b->line;
}

static int by_segment_then_line(const void *pa, const void *pb) {
  const nl_xliff_segment *a = *(const nl_xliff_segment *const *)pa,
                         *b = *(const nl_xliff_segment *const *)pb;
  int c = strcmp(a->segment_id ? a->segment_id : "",
                 b->segment_id ? b->segment_id : "");
  if (c)
    return c;
  return a->line < b->line ? -1 : a->line > b->line;
}

/* Unit ids are unique per file (segments [first, n) are one file's), or
 * with `segments`, segment ids per unit (segments [first, n) are one
 * unit's): merge finds translations by them, and a repeat would be
 * dropped or doubled. Sorting finds a repeat in n log n. */
static int check_unique(reader *r, size_t first, int segments) {
  size_t m = 0, n = r->d->n;
  const nl_xliff_segment **u = malloc((n - first + 1) * sizeof(*u));
  if (u == NULL)
    return nl_error__nomem(r->err);
  for (size_t i = first; i < n; i++)
    if (segments || i == first ||
        r->d->segs[i].unit_id != r->d->segs[i - 1].unit_id)
      u[m++] = &r->d->segs[i];
  if (m > 0)
    qsort(u, m, sizeof(*u),
          segments ? by_segment_then_line : by_unit_then_line);
  int rc = 0;
  for (size_t i = 1; i < m && rc == 0; i++) {
    if (!segments && strcmp(u[i]->unit_id, u[i - 1]->unit_id) == 0)
      rc = nl_error__set(r->err, NL_EPARSE, r->name, u[i]->line, 0,
                         "duplicate unit id '%s' (first at line %lu)",
                         u[i]->unit_id, u[i - 1]->line);
    else if (segments && u[i]->segment_id && u[i - 1]->segment_id &&
             strcmp(u[i]->segment_id, u[i - 1]->segment_id) == 0)
      rc = nl_error__set(r->err, NL_EPARSE, r->name, u[i]->line, 0,
                         "duplicate segment id '%s' in unit '%s' (first at "
                         "line %lu)",
                         u[i]->segment_id, u[i]->unit_id, u[i - 1]->line);
  }
  free(u);
  return rc;
}

static const char *state12(const xmlNode *tu, const xmlNode *tgt,
                           const char *target, int *implied) {
  xmlChar *st = tgt ? nl_xml__attr(tgt, "state") : NULL;
  xmlChar *ap = nl_xml__attr(tu, "approved");
  const char *out;
  if (ap && strcmp((const char *)ap, "yes") == 0 && target && *target)
    out = "final";
  else if (st == NULL)
    out = target && *target ? "translated" : "initial";
  else if (strcmp((const char *)st, "final") == 0)
    out = "final";
  else if (strcmp((const char *)st, "signed-off") == 0)
    out = "reviewed";
  else if (strcmp((const char *)st, "translated") == 0 ||
           strncmp((const char *)st, "needs-review", 12) == 0)
    out = "translated";
  else
    out = "initial";
  /* approved="yes" is a translator's word, a state given or not */
  *implied = st == NULL && strcmp(out, "final") != 0;
  xmlFree(st);
  xmlFree(ap);
  return out;
}

/* Every <mrk mtype="seg" mid=...> under `n` (any depth), in document
 * order. */
static int list_mrks(const xmlNode *n, id_list *l) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (nl_xml__is(c, "mrk")) {
      xmlChar *t = nl_xml__attr(c, "mtype");
      int seg = t && strcmp((const char *)t, "seg") == 0;
      xmlFree(t);
      if (seg && id_list_add(l, c, nl_xml__attr(c, "mid")) < 0)
        return -1;
    }
    if (list_mrks(c, l) < 0)
      return -1;
  }
  return 0;
}

static int is_seg_mrk(const xmlNode *n) {
  if (!nl_xml__is(n, "mrk"))
    return 0;
  xmlChar *t = nl_xml__attr(n, "mtype");
  int seg = t && strcmp((const char *)t, "seg") == 0;
  xmlFree(t);
  return seg;
}

/* A segment inside a segment: its text would count twice, once in each
 * (a translation doubled), so it is an error naming both lines. */
static int check_flat_mrk(reader *r, const xmlNode *mrk, const char *uid) {
  const xmlNode *n = mrk ? mrk->children : NULL;
  while (n && n != mrk) {
    if (is_seg_mrk(n))
      return nl_error__set(r->err, NL_EPARSE, r->name,
                           (unsigned long)xmlGetLineNo(n), 0,
                           "<mrk mtype=\"seg\"> inside another (line %ld) "
                           "in unit '%s': a segment cannot hold a segment",
                           xmlGetLineNo(mrk), uid);
    if (n->type == XML_ELEMENT_NODE && n->children) {
      n = n->children;
      continue;
    }
    while (n != mrk && n->next == NULL)
      n = n->parent;
    n = n != mrk ? n->next : NULL;
  }
  return 0;
}

static int read_seg12(reader *r, const xmlNode *tu, const xmlNode *mrk,
                      const xmlNode *tgt, const id_list *mrks,
                      const char *uid) {
  nl_xliff_segment s = base_segment(r, mrk, uid);
  s.segment_id = attr(r, mrk, "mid");
  const xmlNode *t = id_list_find(mrks, s.segment_id ? s.segment_id : "");
  int rc = check_flat_mrk(r, mrk, uid);
  if (rc == 0)
    rc = check_flat_mrk(r, t, uid);
  if (rc == 0)
    rc = flatten(r, mrk, 1, &s.source, &s.source_markup);
  if (rc == 0)
    rc = flatten(r, t, 1, &s.target, &s.target_markup);
  s.state = state12(tu, tgt, s.target, &s.state_implied);
  return rc < 0 ? rc : push(r, &s);
}

static int segs12(reader *r, const xmlNode *tu, const xmlNode *segsrc,
                  const xmlNode *tgt, const id_list *mrks, const char *uid) {
  int rc = 0;
  for (const xmlNode *c = segsrc->children; c && rc == 0; c = c->next) {
    if (!nl_xml__is(c, "mrk"))
      continue;
    xmlChar *t = nl_xml__attr(c, "mtype");
    int seg = t && strcmp((const char *)t, "seg") == 0;
    xmlFree(t);
    if (seg)
      rc = read_seg12(r, tu, c, tgt, mrks, uid);
  }
  return rc;
}

static int has_seg_mrk(const xmlNode *segsrc) {
  for (const xmlNode *c = segsrc ? segsrc->children : NULL; c; c = c->next)
    if (nl_xml__is(c, "mrk")) {
      xmlChar *t = nl_xml__attr(c, "mtype");
      int seg = t && strcmp((const char *)t, "seg") == 0;
      xmlFree(t);
      if (seg)
        return 1;
    }
  return 0;
}

/* The first node of a segmented target whose text no segment takes:
 * non-blank text outside every <mrk mtype="seg">, or a segment mrk whose
 * mid the seg-source does not have (none, or an unknown one). */
static const xmlNode *orphan12(const xmlNode *n, const id_list *src_mrks) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      const char *t = (const char *)c->content;
      size_t len = t ? strlen(t) : 0, i = 0, w;
      while (i < len && (w = nl_utf8__space_at(t, len, i)) > 0)
        i += w;
      if (i < len)
        return c;
    } else if (c->type == XML_ELEMENT_NODE && is_seg_mrk(c)) {
      xmlChar *mid = nl_xml__attr(c, "mid");
      int known = mid && id_list_find(src_mrks, (const char *)mid) != NULL;
      xmlFree(mid);
      if (!known)
        return c;
    } else if (c->type == XML_ELEMENT_NODE) {
      const xmlNode *o = orphan12(c, src_mrks);
      if (o)
        return o;
    }
  }
  return NULL;
}

/* Every part of a segmented target goes to exactly one segment: a mid
 * twice, a mid the seg-source lacks or text between the segments would
 * be dropped by merge and the TM, so each is an error naming its line. */
static int check_target12(reader *r, const xmlNode *segsrc,
                          const xmlNode *tgt, const id_list *mrks,
                          const char *uid) {
  const xmlNode *again = id_list_first_repeat(mrks);
  if (again) {
    xmlChar *mid = nl_xml__attr(again, "mid");
    int rc = nl_error__set(r->err, NL_EPARSE, r->name,
                           (unsigned long)xmlGetLineNo(again), 0,
                           "target <mrk mtype=\"seg\" mid=\"%s\"> comes twice "
                           "in unit '%s': one translation would be lost",
                           mid ? (const char *)mid : "", uid);
    xmlFree(mid);
    return rc;
  }
  id_list src = {NULL, 0, 0};
  if (list_mrks(segsrc, &src) < 0) {
    id_list_free(&src);
    return nl_error__nomem(r->err);
  }
  id_list_sort(&src);
  const xmlNode *o = orphan12(tgt, &src);
  id_list_free(&src);
  if (o == NULL)
    return 0;
  if (o->type == XML_ELEMENT_NODE) {
    xmlChar *mid = nl_xml__attr(o, "mid");
    int rc = nl_error__set(r->err, NL_EPARSE, r->name,
                           (unsigned long)xmlGetLineNo(o), 0,
                           "target <mrk mtype=\"seg\" mid=\"%s\"> in unit '%s' "
                           "has no segment of that mid in <seg-source>: its "
                           "translation would be lost",
                           mid ? (const char *)mid : "", uid);
    xmlFree(mid);
    return rc;
  }
  return nl_error__set(r->err, NL_EPARSE, r->name,
                       (unsigned long)xmlGetLineNo(o->parent), 0,
                       "text outside every <mrk mtype=\"seg\"> in the target "
                       "of unit '%s' belongs to no segment: it would be lost",
                       uid);
}

/* A trans-unit's source and target as one segment `sid` (NULL: the
 * unit unsegmented) of unit `id`. */
static int read_whole12(reader *r, const xmlNode *tu, const xmlNode *src,
                        const xmlNode *tgt, const char *id, const char *sid) {
  nl_xliff_segment s = base_segment(r, tu, id);
  s.segment_id = sid;
  int rc = flatten(r, src, 1, &s.source, &s.source_markup);
  if (rc == 0)
    rc = flatten(r, tgt, 1, &s.target, &s.target_markup);
  const char *tl = tgt ? lang_of(r, tgt) : NULL;
  if (tl)
    s.target_lang = tl;
  s.state = state12(tu, tgt, s.target, &s.state_implied);
  return rc < 0 ? rc : push(r, &s);
}

/* The "UNIT/sN" a trans-unit came from, as translate-toolkit keeps it
 * through PO (po2xliff: numeric ids, the PO "#:" location in a
 * context-group), or NULL. */
static char *po_location(const xmlNode *tu) {
  for (const xmlNode *g = tu->children; g; g = g->next) {
    if (!nl_xml__is(g, "context-group"))
      continue;
    for (const xmlNode *c = g->children; c; c = c->next) {
      xmlChar *type = nl_xml__is(c, "context") ? nl_xml__attr(c, "context-type")
                                                : NULL;
      int hit = type && strcmp((const char *)type, "sourcefile") == 0;
      xmlFree(type);
      xmlChar *text = hit ? xmlNodeGetContent(c) : NULL;
      char *out = text && strchr((const char *)text, '/')
                      ? nl__strdup((const char *)text)
                      : NULL;
      xmlFree(text);
      if (out)
        return out;
    }
  }
  return NULL;
}

/* A one-sentence trans-unit found by its PO location: segment sN of
 * UNIT; sentences of one unit share its id string, as merge expects. */
static int read_located12(reader *r, const xmlNode *tu, char *loc) {
  char *slash = strrchr(loc, '/');
  *slash = '\0';
  const char *uid = r->last_uid && strcmp(r->last_uid, loc) == 0
                        ? r->last_uid
                        : keep(r, nl__strdup(loc));
  const char *sid = keep(r, nl__strdup(slash + 1));
  free(loc);
  if (uid == NULL || sid == NULL)
    return nl_error__nomem(r->err);
  r->last_uid = uid;
  const xmlNode *src = child(tu, "source"), *tgt = child(tu, "target");
  if (src == NULL)
    return parse_error(r, tu, "<trans-unit> without <source>:", uid);
  return read_whole12(r, tu, src, tgt, uid, sid);
}

static int read_unit12(reader *r, const xmlNode *tu) {
  xmlChar *tr = nl_xml__attr(tu, "translate");
  xmlChar *rt = nl_xml__attr(tu, "restype");
  /* PO's header entry, which po2xliff writes as a unit of its own */
  int skip = (tr && strcmp((const char *)tr, "no") == 0) ||
             (rt && strcmp((const char *)rt, "x-gettext-domain-header") == 0);
  xmlFree(tr);
  xmlFree(rt);
  if (skip)
    return 0;
  char *loc = xmlHasProp(tu, BAD_CAST "resname") ? NULL : po_location(tu);
  if (loc)
    return read_located12(r, tu, loc);
  const char *id = attr(r, tu, "id");
  if (id == NULL) { /* 1.x requires one; some tools omit it: number it */
    char made[32];
    snprintf(made, sizeof(made), "#%zu", r->d->n + 1);
    id = keep(r, nl__strdup(made));
  }
  const xmlNode *src = child(tu, "source"), *segsrc = child(tu, "seg-source"),
                *tgt = child(tu, "target");
  if (src == NULL)
    return parse_error(r, tu, "<trans-unit> without <source>:", id);
  size_t first = r->d->n;
  id_list mrks = {NULL, 0, 0};
  if (list_mrks(tgt, &mrks) < 0) {
    id_list_free(&mrks);
    return nl_error__nomem(r->err);
  }
  id_list_sort(&mrks);
  /* Some tools translate a segmented unit as a whole and write a target
   * without the seg-source's mrk: then the unit is one segment, the
   * whole source with the whole target (inline codes and all), rather
   * than segments without targets. */
  int whole_target = tgt && !has_seg_mrk(tgt) && mrks.n == 0 &&
                     tgt->children != NULL;
  int segmented = has_seg_mrk(segsrc) && !whole_target;
  int rc = segmented ? segs12(r, tu, segsrc, tgt, &mrks, id)
                     : read_whole12(r, tu, src, tgt, id, NULL);
  if (rc == 0 && segmented)
    rc = check_unique(r, first, 1);
  if (rc == 0 && segmented && tgt)
    rc = check_target12(r, segsrc, tgt, &mrks, id);
  id_list_free(&mrks);
  link_context(r, first);
  return rc;
}

/* A block written as a group of one-sentence trans-units (the OmegaT
 * profile): one unit, the group's id, whose segments are the
 * trans-units' resnames; a trans-unit with no target is a segment
 * without one. */
static int read_sentence_group12(reader *r, const xmlNode *g) {
  const char *gid = attr(r, g, "id");
  if (gid == NULL)
    return parse_error(r, g, "a sentence <group> without an id", NULL);
  size_t first = r->d->n;
  int rc = 0;
  for (const xmlNode *tu = g->children; tu && rc == 0; tu = tu->next) {
    if (!nl_xml__is(tu, "trans-unit"))
      continue;
    const xmlNode *src = child(tu, "source"), *tgt = child(tu, "target");
    const char *sid = attr(r, tu, "resname");
    if (src == NULL)
      return parse_error(r, tu, "<trans-unit> without <source> in group",
                         gid);
    rc = read_whole12(r, tu, src, tgt, gid, sid ? sid : attr(r, tu, "id"));
  }
  link_context(r, first);
  return rc;
}

static int is_sentence_group(const xmlNode *n) {
  xmlChar *t = nl_xml__attr(n, "restype");
  int yes = t && strcmp((const char *)t, NL_XLIFF12_SENTENCE_GROUP) == 0;
  xmlFree(t);
  return yes;
}

/* Units under a file, body or group, in document order. */
static int read_units(reader *r, const xmlNode *n, int v12) {
  int rc = 0;
  for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (!v12 && nl_xml__is(c, "unit"))
      rc = read_unit20(r, c);
    else if (v12 && nl_xml__is(c, "trans-unit"))
      rc = read_unit12(r, c);
    else if (v12 && nl_xml__is(c, "group") && is_sentence_group(c))
      rc = read_sentence_group12(r, c);
    else if (!v12 && nl_xml__is(c, "group") && !xmlHasProp(c, BAD_CAST "id"))
      rc = parse_error(r, c, "<group> without an id", NULL);
    else if (nl_xml__is(c, "group") || nl_xml__is(c, "body"))
      rc = read_units(r, c, v12);
  }
  return rc;
}

static int read_file(reader *r, const xmlNode *f, int v12) {
  r->file_original = attr(r, f, "original");
  if (v12) {
    const char *sl = lang_attr(r, f, "source-language");
    const char *tl = lang_attr(r, f, "target-language");
    r->src_lang = sl;
    r->trg_lang = tl;
  }
  size_t first = r->d->n;
  int rc = read_units(r, f, v12);
  if (rc == 0)
    rc = check_unique(r, first, 0);
  return rc;
}

static int version_of(reader *r, const xmlNode *root) {
  xmlChar *v = nl_xml__attr(root, "version");
  int out = -1;
  if (v && (strcmp((const char *)v, "2.0") == 0 ||
            strcmp((const char *)v, "2.1") == 0 ||
            strcmp((const char *)v, "2.2") == 0))
    out = NL_XLIFF_2_0;
  else if (v && (strcmp((const char *)v, "1.2") == 0 ||
                 strcmp((const char *)v, "1.1") == 0 ||
                 strcmp((const char *)v, "1.0") == 0))
    out = NL_XLIFF_1_2;
  if (out < 0 && v == NULL && root->ns && root->ns->href) {
    const char *ns = (const char *)root->ns->href;
    out = strstr(ns, ":document:2.") ? NL_XLIFF_2_0
          : strstr(ns, ":document:1.") ? NL_XLIFF_1_2
                                       : -1;
  }
  if (out < 0)
    nl_error__set(r->err, NL_EPARSE, r->name,
                  (unsigned long)xmlGetLineNo(root), 0,
                  "unsupported XLIFF version '%s'",
                  v ? (const char *)v : "(none)");
  xmlFree(v);
  return out;
}

/* 2.x files have unique ids and hold units or groups. */
static int check_file_ids(reader *r, const xmlNode *root) {
  id_list ids = {NULL, 0, 0};
  int rc = 0;
  for (const xmlNode *a = root->children; a && rc == 0; a = a->next)
    if (nl_xml__is(a, "file") && id_list_add(&ids, a, nl_xml__attr(a, "id")))
      rc = nl_error__nomem(r->err);
  id_list_sort(&ids);
  const xmlNode *dup = rc == 0 ? id_list_first_repeat(&ids) : NULL;
  for (const xmlNode *a = root->children; a && rc == 0; a = a->next) {
    if (!nl_xml__is(a, "file"))
      continue;
    xmlChar *ida = nl_xml__attr(a, "id");
    int empty = count_children(a, "unit") + count_children(a, "group") == 0;
    rc = ida == NULL ? parse_error(r, a, "<file> without an id", NULL)
         : a == dup  ? parse_error(r, a, "file id repeated:", (const char *)ida)
         : empty     ? parse_error(r, a, "a <file> with no unit or group:",
                                   (const char *)ida)
                     : 0;
    xmlFree(ida);
  }
  id_list_free(&ids);
  return rc;
}

static int read_root(reader *r, const xmlNode *root) {
  if (root == NULL || !nl_xml__is(root, "xliff"))
    return nl_error__set(r->err, NL_EPARSE, r->name,
                         root ? (unsigned long)xmlGetLineNo(root) : 0, 0,
                         "not an XLIFF document (root is <%s>)",
                         root ? (const char *)root->name : "nothing");
  int v = version_of(r, root);
  if (v < 0)
    return NL_EPARSE;
  r->d->version = v;
  int v12 = v == NL_XLIFF_1_2;
  if (!v12) {
    r->src_lang = lang_attr(r, root, "srcLang");
    r->trg_lang = lang_attr(r, root, "trgLang");
    if (r->src_lang == NULL || !nl_lang__is_tag(r->src_lang))
      return parse_error(r, root, "srcLang is missing or not a language tag",
                         r->src_lang);
    if (r->trg_lang && !nl_lang__is_tag(r->trg_lang))
      return parse_error(r, root, "trgLang is not a language tag",
                         r->trg_lang);
    if (count_children(root, "file") == 0)
      return parse_error(r, root, "no <file> in the document", NULL);
  }
  int rc = v12 ? 0 : check_file_ids(r, root);
  for (const xmlNode *c = root->children; c && rc == 0; c = c->next)
    if (nl_xml__is(c, "file"))
      rc = read_file(r, c, v12);
  return rc;
}

int nl_xliff_read_memory(nl_xliff_doc **out, const char *data, size_t len,
                         const char *name, nl_error *err) {
  if (out == NULL || (data == NULL && len))
    return nl_error__set(err, NL_EINVAL, name, 0, 0, "no XLIFF given");
  *out = NULL;
  if (name == NULL)
    name = "<memory>";
  xmlDocPtr doc = NULL;
  int rc = nl_xml__parse(&doc, data ? data : "", len, name, err);
  if (rc < 0)
    return rc;
  reader r = {calloc(1, sizeof(nl_xliff_doc)), name, err, NULL, NULL, NULL,
              NULL};
  rc = r.d ? read_root(&r, xmlDocGetRootElement(doc)) : nl_error__nomem(err);
  xmlFreeDoc(doc);
  if (rc < 0) {
    nl_xliff_doc_free(r.d);
    return rc;
  }
  *out = r.d;
  return 0;
}

int nl_xliff_read_file(nl_xliff_doc **out, const char *path, nl_error *err) {
  nl_buf data = NL_BUF_INIT;
  int rc = nl_file_read(path, &data, err);
  if (rc == 0)
    rc = nl_xliff_read_memory(out, data.ptr, data.size,
                              strcmp(path, "-") == 0 ? "<stdin>" : path, err);
  nl_buf_dispose(&data);
  return rc;
}

void nl_xliff_doc_free(nl_xliff_doc *d) {
  if (d == NULL)
    return;
  for (size_t i = 0; i < d->npool; i++)
    free(d->pool[i]);
  free(d->pool);
  free(d->segs);
  free(d);
}

int nl_xliff_doc_version(const nl_xliff_doc *d) { return d->version; }

size_t nl_xliff_doc_segment_count(const nl_xliff_doc *d) { return d->n; }

int nl_xliff_doc_segment(const nl_xliff_doc *d, size_t i,
                         nl_xliff_segment *out) {
  if (d == NULL || i >= d->n || out == NULL)
    return NL_EINVAL;
  *out = d->segs[i];
  return 0;
}
