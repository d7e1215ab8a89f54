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
 * as written, values escaped), keyed by element and id ("pc:1").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "error.h"

enum { REORDER_YES, REORDER_FIRST_NO, REORDER_NO };

typedef struct code {
  char key[96];      /* element:id */
  char id[64];
  char copy_of[64];  /* "" when not a copy */
  int can_copy, can_delete, reorder;
  int seq;           /* non-reorderable sequence (1..), 0 none */
  long match;        /* target: the source code it is; source: used */
} code;

typedef struct codes {
  code *v;
  size_t n, cap;
} codes;

/* Copies the value of attribute `name` of the tag [p, end) into out;
 * 0 when the tag has no such attribute. */
static int attr(const char *p, const char *end, const char *name, char *out,
                size_t cap) {
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
    snprintf(out, cap, "%.*s", (int)(q - v), v);
    return 1;
  }
  return 0;
}

static int is_no(const char *p, const char *end, const char *name) {
  char v[16];
  return attr(p, end, name, v, sizeof(v)) && strcmp(v, "no") == 0;
}

/* The codes of `m` in order of their start tags (<ec> has no id of its
 * own in pairs: its <sc> stands for both). */
static int parse(const char *m, codes *out) {
  int seq = 0, open = 0;
  for (const char *p = m ? strchr(m, '<') : NULL; p; p = strchr(p + 1, '<')) {
    const char *end = strchr(p, '>');
    char id[64];
    if (p[1] == '/' || end == NULL || !attr(p, end, "id", id, sizeof(id)))
      continue;
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
    size_t nl = strcspn(p + 1, " />");
    snprintf(k->key, sizeof(k->key), "%.*s:%s", (int)nl, p + 1, id);
    snprintf(k->id, sizeof(k->id), "%s", id);
    attr(p, end, "copyOf", k->copy_of, sizeof(k->copy_of));
    char ro[16] = "yes";
    attr(p, end, "canReorder", ro, sizeof(ro));
    k->reorder = strcmp(ro, "firstNo") == 0 ? REORDER_FIRST_NO
                 : strcmp(ro, "no") == 0    ? REORDER_NO
                                            : REORDER_YES;
    if (k->reorder == REORDER_FIRST_NO || (k->reorder == REORDER_NO && !open))
      seq++;
    open = k->reorder != REORDER_YES;
    k->seq = open ? seq : 0;
    k->can_copy = !open && !is_no(p, end, "canCopy");
    k->can_delete = !open && !is_no(p, end, "canDelete");
    k->match = -1;
  }
  return 0;
}

static void list_add(char *out, size_t cap, const char *s) {
  size_t w = strlen(out);
  snprintf(out + w, cap - w, "%s%s", w ? ", " : "", s);
}

/* Pairs each target code with an unused source code of the same key. */
static void pair_up(codes *s, codes *t) {
  for (size_t j = 0; j < t->n; j++)
    for (size_t i = 0; i < s->n && t->v[j].match < 0; i++)
      if (s->v[i].match < 0 && strcmp(s->v[i].key, t->v[j].key) == 0) {
        s->v[i].match = (long)j;
        t->v[j].match = (long)i;
      }
}

/* The source code a copy copies, NULL when there is none. */
static const code *original(const codes *s, const char *id) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->v[i].id, id) == 0)
      return &s->v[i];
  return NULL;
}

static int extras(nl_check_ctx *c, const nl_check_pair *p, const codes *s,
                  const codes *t, int hints) {
  char more[512] = "", bad[512] = "";
  for (size_t j = 0; j < t->n; j++) {
    const code *k = &t->v[j];
    if (k->match >= 0)
      continue;
    const code *o = hints && k->copy_of[0] ? original(s, k->copy_of) : NULL;
    if (o && o->can_copy)
      continue; /* a copy the source allows */
    if (o)
      list_add(bad, sizeof(bad), k->key);
    else
      list_add(more, sizeof(more), k->key);
  }
  int rc = 0;
  if (bad[0])
    rc = nl_chk__emit_line(c, "inline-codes", p->line, 0,
                           "%s: copies of codes that cannot be copied "
                           "(canCopy=\"no\", or canReorder) in the target: %s",
                           p->id, bad);
  if (rc == 0 && more[0])
    rc = nl_chk__emit_line(c, "inline-codes", p->line, 0,
                           "%s: inline codes in the target that the source "
                           "does not have: %s",
                           p->id, more);
  return rc;
}

static int missing(nl_check_ctx *c, const nl_check_pair *p, const codes *s,
                   int hints) {
  char must[512] = "", may[512] = "";
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i].match < 0)
      list_add(!hints || !s->v[i].can_delete ? must : may, sizeof(must),
               s->v[i].key);
  int rc = 0;
  if (must[0])
    rc = nl_chk__emit_line(c, "inline-codes", p->line, 0,
                           hints ? "%s: inline codes that cannot be deleted "
                                   "(canDelete=\"no\", or canReorder) missing "
                                   "from the target: %s"
                                 : "%s: inline codes of the source missing "
                                   "from the target: %s",
                           p->id, must);
  if (rc == 0 && may[0])
    rc = nl_chk__emit_line(c, "inline-code-deleted", p->line, 0,
                           "%s: inline codes of the source not in the target "
                           "(deletable, but the markup is lost): %s",
                           p->id, may);
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
                                 "%s: %s comes before %s in the target, "
                                 "after it in the source, and canReorder "
                                 "keeps their order",
                                 p->id, a->key, b->key);
    }
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
  if (rc == 0 && p->hints)
    rc = reordered(c, p, &s, &t);
  free(s.v);
  free(t.v);
  return rc;
}
