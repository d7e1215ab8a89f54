/*
 * check_codes.c - a target's inline codes against its source's, with
 * XLIFF 2.0's editing hints.
 *
 * XLIFF 2.0 says per code what a translator may do with it (the
 * attributes default to yes): canDelete="no" - it must be in the
 * target; canCopy="no" - no copy of it (copyOf) may be; canReorder -
 * "firstNo" starts a sequence of codes, continued by the "no" ones
 * after it, whose order must stay (the spec requires such codes to be
 * undeletable and uncopyable too, so they are treated as such). A
 * deletable code missing is allowed by the spec, and only a warning
 * here (a link or a bold span gone is worth a look); a code in the
 * target that the source lacks, other than a copy, comes from nowhere.
 * XLIFF 1.2 has no such hints: every code of the source must stay.
 *
 * Codes are read from the reader's XLIFF 2.0 markup (attributes kept
 * as written, values escaped), keyed by element and id ("pc:1"); the
 * end of a pair, <ec startRef="1"/> (1.2's <ept>, <ex>), by the id it
 * closes ("ec:1"): a pair with its end lost is a mismatch like any
 * other, and it takes its start's hints (the spec gives a paired <ec>
 * none of its own).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "error.h"
#include "util/buf.h"

enum { REORDER_YES, REORDER_FIRST_NO, REORDER_NO };

/* A piece of the markup: ids are NMTOKENs of any length, so they are
 * compared whole where they stand, never cut to fit a buffer. */
typedef struct slice {
  const char *p;
  size_t n;
} slice;

static int same(slice a, slice b) {
  return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

typedef struct code {
  slice name, id;    /* element and id: the key ("pc:1") */
  slice copy_of;     /* n == 0 when not a copy */
  int can_copy, can_delete, reorder;
  int seq;           /* non-reorderable sequence (1..), 0 none */
  long match;        /* target: the source code it is; source: used */
  int end;           /* <ec startRef>: closes the <sc> of the same id */
} code;

typedef struct codes {
  code *v;
  size_t n, cap;
} codes;

/* The value of attribute `name` of the tag [p, end) (escaped as
 * written); 0 when the tag has no such attribute. */
static int attr(const char *p, const char *end, const char *name,
                slice *out) {
  size_t nl = strlen(name);
  for (const char *a = p + 1; a < end; a++) {
    if (*a == '"') { /* skip a value */
      const char *q = memchr(a + 1, '"', (size_t)(end - a - 1));
      if (q == NULL)
        return 0;
      a = q;
      continue;
    }
    if (a[-1] != ' ' || (size_t)(end - a) < nl + 2 ||
        memcmp(a, name, nl) != 0 || a[nl] != '=' || a[nl + 1] != '"')
      continue;
    const char *v = a + nl + 2, *q = memchr(v, '"', (size_t)(end - v));
    if (q == NULL)
      return 0;
    *out = (slice){v, (size_t)(q - v)};
    return 1;
  }
  return 0;
}

static int is(slice v, const char *word) {
  return same(v, (slice){word, strlen(word)});
}

static int is_no(const char *p, const char *end, const char *name) {
  slice v;
  return attr(p, end, name, &v) && is(v, "no");
}

/* A paired <ec> takes its <sc>'s hints; one whose <sc> is in another
 * segment of the unit keeps the defaults. */
static void inherit(codes *cs) {
  for (size_t i = 0; i < cs->n; i++) {
    code *e = &cs->v[i];
    for (size_t j = 0; e->end && j < cs->n; j++) {
      const code *s = &cs->v[j];
      if (!s->end && is(s->name, "sc") && same(s->id, e->id)) {
        e->can_copy = s->can_copy;
        e->can_delete = s->can_delete;
        e->reorder = s->reorder;
        e->seq = s->seq;
        break;
      }
    }
  }
}

/* The codes of `m` in order of their tags. */
static int parse(const char *m, codes *out) {
  int seq = 0, open = 0;
  for (const char *p = m ? strchr(m, '<') : NULL; p; p = strchr(p + 1, '<')) {
    const char *end = strchr(p, '>');
    slice id;
    int closes = 0;
    if (p[1] == '/' || end == NULL)
      continue;
    if (!attr(p, end, "id", &id)) {
      if (strncmp(p + 1, "ec ", 3) != 0 || !attr(p, end, "startRef", &id))
        continue;
      closes = 1;
    }
    if (out->n == out->cap) {
      size_t cap = out->cap ? out->cap * 2 : 8;
      code *v = realloc(out->v, cap * sizeof(*v));
      if (v == NULL)
        return NL_ENOMEM;
      out->v = v;
      out->cap = cap;
    }
    code *k = &out->v[out->n++];
    memset(k, 0, sizeof(*k));
    k->name = (slice){p + 1, strcspn(p + 1, " />")};
    k->id = id;
    k->end = closes;
    k->match = -1;
    k->can_copy = k->can_delete = 1;
    if (closes)
      continue; /* hints: inherit() */
    attr(p, end, "copyOf", &k->copy_of);
    slice ro = {"yes", 3};
    attr(p, end, "canReorder", &ro);
    k->reorder = is(ro, "firstNo") ? REORDER_FIRST_NO
                 : is(ro, "no")    ? REORDER_NO
                                   : REORDER_YES;
    if (k->reorder == REORDER_FIRST_NO || (k->reorder == REORDER_NO && !open))
      seq++;
    open = k->reorder != REORDER_YES;
    k->seq = open ? seq : 0;
    k->can_copy = !open && !is_no(p, end, "canCopy");
    k->can_delete = !open && !is_no(p, end, "canDelete");
  }
  inherit(out);
  return 0;
}

/* Adds "name:id" to a comma-separated list; every code is named, however
 * many there are. */
static int list_add(nl_buf *out, const code *k) {
  return nl_buf__printf(out, "%s%.*s:%.*s", out->size ? ", " : "",
                        (int)k->name.n, k->name.p, (int)k->id.n, k->id.p);
}

/* Pairs each target code with an unused source code of the same key. */
static void pair_up(codes *s, codes *t) {
  for (size_t j = 0; j < t->n; j++)
    for (size_t i = 0; i < s->n && t->v[j].match < 0; i++)
      if (s->v[i].match < 0 && same(s->v[i].name, t->v[j].name) &&
          same(s->v[i].id, t->v[j].id)) {
        s->v[i].match = (long)j;
        t->v[j].match = (long)i;
      }
}

/* The source code a copy copies, NULL when there is none. */
static const code *original(const codes *s, slice id) {
  for (size_t i = 0; i < s->n; i++)
    if (!s->v[i].end && same(s->v[i].id, id))
      return &s->v[i];
  return NULL;
}

static int extras(nl_check_ctx *c, const nl_check_pair *p, const codes *s,
                  const codes *t, int hints) {
  nl_buf more = NL_BUF_INIT, bad = NL_BUF_INIT;
  int rc = 0;
  for (size_t j = 0; j < t->n && rc == 0; j++) {
    const code *k = &t->v[j];
    if (k->match >= 0)
      continue;
    const code *o = hints && k->copy_of.n ? original(s, k->copy_of) : NULL;
    if (o && o->can_copy)
      continue; /* a copy the source allows */
    rc = list_add(o ? &bad : &more, k);
  }
  if (rc < 0)
    rc = nl_error__nomem(nl_chk__err(c));
  if (rc == 0 && bad.size)
    rc = nl_chk__emit_line(c, "inline-codes", p->line, 0,
                           "%s: copies of codes that cannot be copied "
                           "(canCopy=\"no\", or canReorder) in the target: %s",
                           p->id, bad.ptr);
  if (rc == 0 && more.size)
    rc = nl_chk__emit_line(c, "inline-codes", p->line, 0,
                           "%s: inline codes in the target that the source "
                           "does not have: %s",
                           p->id, more.ptr);
  nl_buf_dispose(&more);
  nl_buf_dispose(&bad);
  return rc;
}

static int missing(nl_check_ctx *c, const nl_check_pair *p, const codes *s,
                   int hints) {
  nl_buf must = NL_BUF_INIT, may = NL_BUF_INIT;
  int rc = 0;
  for (size_t i = 0; i < s->n && rc == 0; i++)
    if (s->v[i].match < 0)
      rc = list_add(!hints || !s->v[i].can_delete ? &must : &may, &s->v[i]);
  if (rc < 0)
    rc = nl_error__nomem(nl_chk__err(c));
  if (rc == 0 && must.size)
    rc = nl_chk__emit_line(c, "inline-codes", p->line, 0,
                           hints ? "%s: inline codes that cannot be deleted "
                                   "(canDelete=\"no\", or canReorder) missing "
                                   "from the target: %s"
                                 : "%s: inline codes of the source missing "
                                   "from the target: %s",
                           p->id, must.ptr);
  if (rc == 0 && may.size)
    rc = nl_chk__emit_line(c, "inline-code-deleted", p->line, 0,
                           "%s: inline codes of the source not in the target "
                           "(deletable, but the markup is lost): %s",
                           p->id, may.ptr);
  nl_buf_dispose(&must);
  nl_buf_dispose(&may);
  return rc;
}

/* Each non-reorderable sequence's codes in the target in their order
 * in the source. */
static int reordered(nl_check_ctx *c, const nl_check_pair *p, const codes *s,
                     const codes *t) {
  for (size_t j = 0; j < t->n; j++) {
    if (t->v[j].match < 0 || s->v[t->v[j].match].seq == 0)
      continue;
    const code *a = &s->v[t->v[j].match];
    for (size_t k = j + 1; k < t->n; k++) {
      const code *b = t->v[k].match >= 0 ? &s->v[t->v[k].match] : NULL;
      if (b && b->seq == a->seq && b < a)
        return nl_chk__emit_line(c, "inline-codes", p->line, 0,
                                 "%s: %.*s:%.*s comes before %.*s:%.*s in "
                                 "the target, after it in the source, and "
                                 "canReorder keeps their order",
                                 p->id, (int)a->name.n, a->name.p,
                                 (int)a->id.n, a->id.p, (int)b->name.n,
                                 b->name.p, (int)b->id.n, b->id.p);
    }
  }
  return 0;
}

/* A pair's end before its start in the target: the markup no longer
 * nests (the source's order is the only one that can). */
static int crossed(nl_check_ctx *c, const nl_check_pair *p, const codes *t) {
  for (size_t j = 0; j < t->n; j++) {
    const code *e = &t->v[j];
    for (size_t i = j + 1; e->end && i < t->n; i++)
      if (!t->v[i].end && is(t->v[i].name, "sc") && same(t->v[i].id, e->id))
        return nl_chk__emit_line(c, "inline-codes", p->line, 0,
                                 "%s: ec:%.*s closes in the target before "
                                 "sc:%.*s opens it",
                                 p->id, (int)e->id.n, e->id.p, (int)e->id.n,
                                 e->id.p);
  }
  return 0;
}

int nl_chk__codes(nl_check_ctx *c, const nl_check_pair *p) {
  codes s = {0}, t = {0};
  int rc = parse(p->source_markup, &s);
  if (rc == 0)
    rc = parse(p->target_markup, &t);
  if (rc < 0) {
    free(s.v);
    free(t.v);
    return nl_error__nomem(nl_chk__err(c));
  }
  pair_up(&s, &t);
  rc = missing(c, p, &s, p->hints);
  if (rc == 0)
    rc = extras(c, p, &s, &t, p->hints);
  if (rc == 0)
    rc = crossed(c, p, &t);
  if (rc == 0 && p->hints)
    rc = reordered(c, p, &s, &t);
  free(s.v);
  free(t.v);
  return rc;
}
