/*
 * tmx_inline.c - TMX inline codes <-> XLIFF 2.0 inline elements.
 *
 * TMX pairs <bpt> and <ept> by their i attribute only, so a pair may
 * overlap another pair or straddle a <hi>; XLIFF 2.0 <pc> must nest. We
 * therefore first match the pairs (pass 1) and only turn a pair into
 * <pc> when no other pair crosses it (<hi> keeps only its text, so it
 * cannot be crossed); the rest become <sc>/<ec>, which may cross
 * anything. Native code text is
 * kept in disp/dispStart/dispEnd so that export can write it back (see
 * tmx.h for the full mapping).
 */
#include <stdlib.h>
#include <string.h>

#include "tmx.h"
#include "error.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/xml.h"

enum { MODE_ISOLATED = 0, MODE_PC, MODE_SC };

typedef struct code_ev {
  const xmlNode *node;
  xmlChar *i;      /* the i attribute, NULL when absent */
  int mode;
  size_t partner;  /* index of the other end when paired */
  int forced_sc;   /* crossed by a pair that closed: cannot be a <pc> */
} code_ev;

typedef struct seg_ctx {
  code_ev *ev;
  size_t n, cap;
  size_t *stack; /* open <bpt> events */
  size_t depth;
  size_t cursor; /* pass 2: next event */
  unsigned ph_count, it_count;
  nl_buf *plain, *markup;
  int has_codes;
} seg_ctx;

static int is_el(const xmlNode *n, const char *name) {
  return nl_xml__is(n, name);
}

static int push_ev(seg_ctx *c, const xmlNode *n) {
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 16;
    code_ev *ev = realloc(c->ev, cap * sizeof(*ev));
    size_t *st = realloc(c->stack, cap * sizeof(*st));
    if (ev)
      c->ev = ev;
    if (st)
      c->stack = st;
    if (ev == NULL || st == NULL)
      return NL_ENOMEM;
    c->cap = cap;
  }
  code_ev *e = &c->ev[c->n++];
  e->node = n;
  e->i = nl_xml__attr(n, "i");
  e->mode = MODE_ISOLATED;
  e->partner = 0;
  e->forced_sc = 0;
  return 0;
}

/* How far down the open <bpt>s an <ept> looks for its partner. Real
 * segments nest a handful of codes; the bound keeps a hostile segment
 * with many thousands of open codes linear (unmatched ends become
 * isolated codes, which is still valid XLIFF). */
#define MAX_OPEN_SEARCH 64

/* An <ept>: find its <bpt> on the stack; everything opened after that
 * bpt and still open is crossed by the pair and may no longer be <pc>. */
static void match_ept(seg_ctx *c, size_t idx) {
  code_ev *e = &c->ev[idx];
  if (e->i == NULL)
    return;
  for (size_t k = c->depth; k-- > 0 && c->depth - k <= MAX_OPEN_SEARCH;) {
    code_ev *b = &c->ev[c->stack[k]];
    if (b->i == NULL || !xmlStrEqual(b->i, e->i))
      continue;
    int pc = !b->forced_sc;
    b->mode = e->mode = pc ? MODE_PC : MODE_SC;
    b->partner = idx;
    e->partner = c->stack[k];
    for (size_t j = k + 1; j < c->depth; j++)
      c->ev[c->stack[j]].forced_sc = 1;
    memmove(&c->stack[k], &c->stack[k + 1],
            (c->depth - k - 1) * sizeof(size_t));
    c->depth--;
    return;
  }
}

/* Pass 1: collect <bpt>/<ept> in document order and pair them. */
static int pair_codes(seg_ctx *c, const xmlNode *parent) {
  for (const xmlNode *n = parent->children; n; n = n->next) {
    if (is_el(n, "hi")) {
      int rc = pair_codes(c, n);
      if (rc < 0)
        return rc;
    } else if (is_el(n, "bpt") || is_el(n, "ept")) {
      if (push_ev(c, n) < 0)
        return NL_ENOMEM;
      if (is_el(n, "bpt"))
        c->stack[c->depth++] = c->n - 1;
      else
        match_ept(c, c->n - 1);
    }
  }
  return 0;
}

/* The native code text of a code element, <sub> text included. */
static int put_code_attr(nl_buf *out, const char *attr, const xmlNode *n) {
  xmlChar *text = xmlNodeGetContent(n);
  int rc = 0;
  if (text && *text) {
    rc = nl_buf__printf(out, " %s=\"", attr);
    if (rc == 0)
      rc = nl_buf__put_xml(out, (const char *)text, strlen((char *)text), 1);
    if (rc == 0)
      rc = nl_buf__putc(out, '"');
  }
  xmlFree(text);
  return rc;
}

/* TMX type="T" -> type="fmt|link" subType="tmx:T". */
static int put_type_attr(nl_buf *out, const xmlNode *n) {
  xmlChar *t = nl_xml__attr(n, "type");
  int rc = 0;
  if (t && *t) {
    const char *xt = xmlStrEqual(t, BAD_CAST "link") ? "link" : "fmt";
    rc = nl_buf__printf(out, " type=\"%s\" subType=\"tmx:", xt);
    if (rc == 0)
      rc = nl_buf__put_xml(out, (const char *)t, strlen((char *)t), 1);
    if (rc == 0)
      rc = nl_buf__putc(out, '"');
  }
  xmlFree(t);
  return rc;
}

static int put_id(nl_buf *out, const char *attr, const char *prefix,
                  const xmlChar *v, unsigned ordinal) {
  if (v && *v) {
    if (nl_buf__printf(out, " %s=\"%s", attr, prefix) < 0 ||
        nl_buf__put_xml(out, (const char *)v, strlen((const char *)v), 1) < 0)
      return NL_ENOMEM;
    return nl_buf__putc(out, '"');
  }
  return nl_buf__printf(out, " %s=\"%s%u\"", attr, prefix[0] ? prefix : "c",
                        ordinal);
}

static int emit_pair_end(seg_ctx *c, const code_ev *e, int begin) {
  nl_buf *m = c->markup;
  int rc;
  if (e->mode == MODE_PC && begin) {
    rc = nl_buf__puts(m, "<pc");
    if (rc == 0)
      rc = put_id(m, "id", "", e->i, (unsigned)c->cursor);
    if (rc == 0)
      rc = put_type_attr(m, e->node);
    if (rc == 0)
      rc = put_code_attr(m, "dispStart", e->node);
    if (rc == 0)
      rc = put_code_attr(m, "dispEnd", c->ev[e->partner].node);
    return rc < 0 ? rc : nl_buf__putc(m, '>');
  }
  if (e->mode == MODE_PC)
    return nl_buf__puts(m, "</pc>");
  rc = nl_buf__puts(m, begin ? "<sc" : "<ec");
  if (rc == 0)
    rc = put_id(m, begin || e->mode == MODE_ISOLATED ? "id" : "startRef", "",
                e->i, (unsigned)c->cursor);
  if (rc == 0 && e->mode == MODE_ISOLATED)
    rc = nl_buf__puts(m, " isolated=\"yes\"");
  if (rc == 0 && begin)
    rc = put_type_attr(m, e->node);
  if (rc == 0)
    rc = put_code_attr(m, "disp", e->node);
  return rc < 0 ? rc : nl_buf__puts(m, "/>");
}

static int emit_ph(seg_ctx *c, const xmlNode *n) {
  nl_buf *m = c->markup;
  xmlChar *x = nl_xml__attr(n, "x");
  c->ph_count++;
  int rc = nl_buf__puts(m, "<ph");
  if (rc == 0)
    rc = x && *x ? put_id(m, "id", "x", x, 0)
                 : nl_buf__printf(m, " id=\"ph%u\"", c->ph_count);
  if (rc == 0)
    rc = put_type_attr(m, n);
  if (rc == 0)
    rc = put_code_attr(m, "disp", n);
  if (rc == 0)
    rc = nl_buf__puts(m, "/>");
  xmlFree(x);
  return rc;
}

static int emit_it(seg_ctx *c, const xmlNode *n) {
  nl_buf *m = c->markup;
  xmlChar *x = nl_xml__attr(n, "x");
  xmlChar *pos = nl_xml__attr(n, "pos");
  int end = pos && xmlStrEqual(pos, BAD_CAST "end");
  c->it_count++;
  int rc = nl_buf__puts(m, end ? "<ec" : "<sc");
  if (rc == 0)
    rc = put_id(m, "id", "it", x, c->it_count);
  if (rc == 0)
    rc = nl_buf__puts(m, " isolated=\"yes\"");
  if (rc == 0 && !end)
    rc = put_type_attr(m, n);
  if (rc == 0)
    rc = put_code_attr(m, "disp", n);
  if (rc == 0)
    rc = nl_buf__puts(m, "/>");
  xmlFree(x);
  xmlFree(pos);
  return rc;
}

static int emit_text(seg_ctx *c, const xmlNode *n) {
  const char *s = (const char *)n->content;
  if (s == NULL)
    return 0;
  size_t len = strlen(s);
  if (nl_buf__put(c->plain, s, len) < 0 ||
      nl_buf__put_xml(c->markup, s, len, 0) < 0)
    return NL_ENOMEM;
  return 0;
}

/* Pass 2: write plain text and markup. */
static int emit(seg_ctx *c, const xmlNode *parent) {
  int rc = 0;
  for (const xmlNode *n = parent->children; n && rc == 0; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      rc = emit_text(c, n);
    } else if (is_el(n, "hi")) {
      rc = emit(c, n);
    } else if (is_el(n, "bpt") || is_el(n, "ept")) {
      c->has_codes = 1;
      rc = emit_pair_end(c, &c->ev[c->cursor], is_el(n, "bpt"));
      c->cursor++;
    } else if (is_el(n, "ph") || is_el(n, "ut")) {
      c->has_codes = 1;
      rc = emit_ph(c, n);
    } else if (is_el(n, "it")) {
      c->has_codes = 1;
      rc = emit_it(c, n);
    }
    /* Anything else (comments, PIs, unknown elements) carries no text. */
  }
  return rc;
}

/* Appends the NFC form of tmp to out. */
static int put_nfc(nl_buf *out, const nl_buf *tmp, nl_error *err) {
  if (tmp->size == 0)
    return 0;
  if (nl_icu__is_nfc(tmp->ptr, tmp->size))
    return nl_buf__put(out, tmp->ptr, tmp->size) < 0 ? nl_error__nomem(err)
                                                      : 0;
  return nl_icu__nfc(out, tmp->ptr, tmp->size, err);
}

int nl_tmx__seg_read(const xmlNode *seg, nl_buf *plain, nl_buf *markup,
                     int *has_codes, nl_error *err) {
  nl_buf p = NL_BUF_INIT, m = NL_BUF_INIT;
  seg_ctx c;
  memset(&c, 0, sizeof(c));
  c.plain = &p;
  c.markup = &m;
  int rc = pair_codes(&c, seg);
  if (rc == 0)
    rc = emit(&c, seg);
  if (rc < 0) {
    rc = nl_error__nomem(err);
    goto done;
  }
  rc = put_nfc(plain, &p, err);
  if (rc == 0)
    rc = put_nfc(markup, &m, err);
  *has_codes = c.has_codes;
done:
  for (size_t k = 0; k < c.n; k++)
    xmlFree(c.ev[k].i);
  free(c.ev);
  free(c.stack);
  nl_buf_dispose(&p);
  nl_buf_dispose(&m);
  return rc;
}

/* ---- export: XLIFF 2.0 inline markup -> TMX <seg> content ---- */

int nl_tmx__put_text(nl_buf *out, const char *s, size_t len, int attr) {
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r')
      continue;
    if (nl_buf__put_xml(out, s + run, i - run, attr) < 0)
      return NL_ENOMEM;
    run = i + 1;
  }
  return nl_buf__put_xml(out, s + run, len - run, attr);
}

typedef struct id_map {
  char **ids;
  unsigned *nums;
  size_t n, cap;
  unsigned next; /* next free number for ids that are not numbers */
  unsigned its;  /* <it> written so far */
} id_map;

static int all_digits(const char *s) {
  if (s == NULL || *s == '\0' || strlen(s) > 9)
    return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return 0;
  return 1;
}

static void scan_max(id_map *map, const xmlNode *parent) {
  for (const xmlNode *n = parent->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    const char *attr = is_el(n, "ec") ? "startRef" : "id";
    xmlChar *v = nl_xml__attr(n, attr);
    if (all_digits((const char *)v)) {
      unsigned u = (unsigned)strtoul((const char *)v, NULL, 10);
      if (u >= map->next)
        map->next = u + 1;
    }
    xmlFree(v);
    scan_max(map, n);
  }
}

/* The TMX i for an XLIFF id: the id itself when numeric, else a number
 * given on first sight (so that <sc id="a"> and <ec startRef="a"> agree). */
static int map_id(id_map *map, const char *id, unsigned *out) {
  if (all_digits(id)) {
    *out = (unsigned)strtoul(id, NULL, 10);
    return 0;
  }
  const char *key = id ? id : "";
  for (size_t k = 0; k < map->n; k++)
    if (strcmp(map->ids[k], key) == 0) {
      *out = map->nums[k];
      return 0;
    }
  if (map->n == map->cap) {
    size_t cap = map->cap ? map->cap * 2 : 8;
    char **ids = realloc(map->ids, cap * sizeof(*ids));
    if (ids == NULL)
      return NL_ENOMEM;
    map->ids = ids;
    unsigned *nums = realloc(map->nums, cap * sizeof(*nums));
    if (nums == NULL)
      return NL_ENOMEM;
    map->nums = nums;
    map->cap = cap;
  }
  if ((map->ids[map->n] = nl__strdup(key)) == NULL)
    return NL_ENOMEM;
  *out = map->nums[map->n++] = map->next++;
  return 0;
}

static int put_text_attr(nl_buf *out, const xmlNode *n, const char *attr) {
  xmlChar *v = nl_xml__attr(n, attr);
  int rc = v ? nl_tmx__put_text(out, (const char *)v, strlen((char *)v), 0)
             : 0;
  xmlFree(v);
  return rc;
}

/* subType="tmx:T" -> type="T". */
static int put_tmx_type(nl_buf *out, const xmlNode *n) {
  xmlChar *v = nl_xml__attr(n, "subType");
  int rc = 0;
  if (v && strncmp((const char *)v, "tmx:", 4) == 0 && v[4]) {
    rc = nl_buf__puts(out, " type=\"");
    if (rc == 0)
      rc = nl_tmx__put_text(out, (const char *)v + 4, strlen((char *)v) - 4, 1);
    if (rc == 0)
      rc = nl_buf__putc(out, '"');
  }
  xmlFree(v);
  return rc;
}

/* x="N" from an id "<prefix>N", else x="fallback" unless that is 0. */
static int put_x(nl_buf *out, const xmlNode *n, const char *prefix,
                 unsigned fallback) {
  xmlChar *v = nl_xml__attr(n, "id");
  size_t pl = strlen(prefix);
  int rc = 0;
  if (v && strncmp((const char *)v, prefix, pl) == 0 &&
      all_digits((const char *)v + pl))
    rc = nl_buf__printf(out, " x=\"%s\"", (const char *)v + pl);
  else if (fallback)
    rc = nl_buf__printf(out, " x=\"%u\"", fallback);
  xmlFree(v);
  return rc;
}

static int write_code(nl_buf *out, const char *open, const xmlNode *n,
                      const char *disp) {
  int rc = nl_buf__puts(out, open);
  if (rc == 0)
    rc = put_text_attr(out, n, disp);
  return rc;
}

static int write_nodes(nl_buf *out, id_map *map, const xmlNode *parent);

static int write_pc(nl_buf *out, id_map *map, const xmlNode *n) {
  xmlChar *id = nl_xml__attr(n, "id");
  unsigned i = 0;
  int rc = map_id(map, (const char *)id, &i);
  xmlFree(id);
  if (rc == 0)
    rc = nl_buf__printf(out, "<bpt i=\"%u\"", i);
  if (rc == 0)
    rc = put_tmx_type(out, n);
  if (rc == 0)
    rc = write_code(out, ">", n, "dispStart");
  if (rc == 0)
    rc = nl_buf__puts(out, "</bpt>");
  if (rc == 0)
    rc = write_nodes(out, map, n);
  if (rc == 0)
    rc = nl_buf__printf(out, "<ept i=\"%u\"", i);
  if (rc == 0)
    rc = write_code(out, ">", n, "dispEnd");
  return rc < 0 ? rc : nl_buf__puts(out, "</ept>");
}

static int write_sc_ec(nl_buf *out, id_map *map, const xmlNode *n, int end) {
  xmlChar *iso = nl_xml__attr(n, "isolated");
  int isolated = iso && xmlStrEqual(iso, BAD_CAST "yes");
  xmlFree(iso);
  /* An isolated code with a numeric id came from an unpaired bpt/ept. */
  xmlChar *id0 = nl_xml__attr(n, "id");
  if (isolated && all_digits((const char *)id0))
    isolated = 0;
  xmlFree(id0);
  int rc;
  if (isolated) {
    /* Every <it> gets an x: one without reads back as "it<ordinal>"
     * (emit_it), which would then write an x the first export lacked
     * (an unpaired <bpt i="a">, an XLIFF isolated code). */
    rc = nl_buf__printf(out, "<it pos=\"%s\"", end ? "end" : "begin");
    if (rc == 0)
      rc = put_x(out, n, "it", ++map->its);
  } else {
    xmlChar *id = nl_xml__attr(n, end ? "startRef" : "id");
    if (id == NULL)
      id = nl_xml__attr(n, "id");
    unsigned i = 0;
    rc = map_id(map, (const char *)id, &i);
    xmlFree(id);
    if (rc == 0)
      rc = nl_buf__printf(out, "<%s i=\"%u\"", end ? "ept" : "bpt", i);
  }
  if (rc == 0 && !end)
    rc = put_tmx_type(out, n);
  if (rc == 0)
    rc = write_code(out, ">", n, "disp");
  const char *close = isolated ? "</it>" : end ? "</ept>" : "</bpt>";
  return rc < 0 ? rc : nl_buf__puts(out, close);
}

static int write_ph(nl_buf *out, const xmlNode *n) {
  int rc = nl_buf__puts(out, "<ph");
  if (rc == 0)
    rc = put_x(out, n, "x", 0);
  if (rc == 0)
    rc = put_tmx_type(out, n);
  if (rc == 0)
    rc = write_code(out, ">", n, "disp");
  return rc < 0 ? rc : nl_buf__puts(out, "</ph>");
}

static int write_nodes(nl_buf *out, id_map *map, const xmlNode *parent) {
  int rc = 0;
  for (const xmlNode *n = parent->children; n && rc == 0; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
      rc = n->content ? nl_tmx__put_text(out, (const char *)n->content,
                                         strlen((char *)n->content), 0)
                      : 0;
    else if (is_el(n, "pc"))
      rc = write_pc(out, map, n);
    else if (is_el(n, "sc") || is_el(n, "ec"))
      rc = write_sc_ec(out, map, n, is_el(n, "ec"));
    else if (is_el(n, "ph"))
      rc = write_ph(out, n);
    else if (n->type == XML_ELEMENT_NODE && !is_el(n, "cp"))
      rc = write_nodes(out, map, n); /* <mrk> and the like: text only */
  }
  return rc;
}

int nl_tmx__seg_write(nl_buf *out, const char *plain, const char *markup,
                      nl_error *err) {
  if (markup == NULL)
    return nl_tmx__put_text(out, plain, strlen(plain), 0) < 0
               ? nl_error__nomem(err)
               : 0;
  nl_buf wrapped = NL_BUF_INIT;
  xmlDocPtr doc = NULL;
  id_map map;
  memset(&map, 0, sizeof(map));
  map.next = 1;
  int rc = nl_buf__printf(&wrapped, "<m>%s</m>", markup) < 0 ? NL_ENOMEM : 0;
  if (rc == 0 && nl_xml__parse(&doc, wrapped.ptr, wrapped.size, "markup",
                               NULL) < 0) {
    /* Markup we cannot read still has its plain text. */
    rc = nl_tmx__put_text(out, plain, strlen(plain), 0);
    goto done;
  }
  if (rc == 0) {
    const xmlNode *root = xmlDocGetRootElement(doc);
    scan_max(&map, root);
    rc = write_nodes(out, &map, root);
  }
done:
  if (rc < 0)
    rc = nl_error__nomem(err);
  for (size_t k = 0; k < map.n; k++)
    free(map.ids[k]);
  free(map.ids);
  free(map.nums);
  xmlFreeDoc(doc);
  nl_buf_dispose(&wrapped);
  return rc;
}
