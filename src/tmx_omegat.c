/*
 * tmx_omegat.c - inline codes the way OmegaT keeps them in TMX.
 *
 * OmegaT's project TMX (project_save.tmx, and any TMX whose header says
 * creationtool="OmegaT") holds a segment as the text the translator saw,
 * tags included as characters: "Officials expect <g0>more</g0>
 * closures." It reads every other TMX's <bpt>/<ept>/<ph> as nothing (by
 * default it keeps only their text), so a segment with codes there never
 * equals the one in its editor. Both ways therefore go through that tag
 * text: read, "<g0>" ... "</g0>" become a <pc>, "<x1/>" a <ph>; written,
 * codes are numbered as OmegaT numbers them, in order from 0 within the
 * source segment, with the codes OmegaT leaves out of a segment
 * (code_edges.h: placeholders at its edges, pairs enclosing the rest)
 * left out, and the target numbered by the source's ids.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "code_edges.h"
#include "error.h"
#include "tmx.h"
#include "util/buf.h"
#include "util/xml.h"

/* ---- reading -------------------------------------------------------------- */

typedef struct tag_tok {
  size_t at, len; /* where in the text */
  int close, empty;
  char name[16];  /* letters and number: "g0" */
  long partner;   /* index of the other half of a pair, or -1 */
} tag_tok;

/* "<g0>", "</g0>", "<x1/>" at `s`: its length, or 0. */
static size_t tag_at(const char *s, size_t n, tag_tok *t) {
  size_t i = 1, name;
  if (n < 3 || s[0] != '<')
    return 0;
  t->close = s[1] == '/';
  i += (size_t)t->close;
  name = i;
  while (i < n && isalpha((unsigned char)s[i]))
    i++;
  if (i == name || i >= n || !isdigit((unsigned char)s[i]))
    return 0;
  while (i < n && isdigit((unsigned char)s[i]))
    i++;
  if (i - name >= sizeof(t->name))
    return 0;
  memcpy(t->name, s + name, i - name);
  t->name[i - name] = '\0';
  t->empty = i < n && s[i] == '/';
  i += (size_t)t->empty;
  if (i >= n || s[i] != '>' || (t->empty && t->close))
    return 0;
  return i + 1;
}

static const char *number_of(const tag_tok *t) {
  const char *p = t->name;
  while (isalpha((unsigned char)*p))
    p++;
  return p;
}

/* Every tag in `s`, opens paired with the closes that nest with them. */
static int scan(const char *s, size_t n, tag_tok **out, size_t *count) {
  tag_tok *t = NULL;
  size_t k = 0, cap = 0, depth = 0, *stack = NULL;
  for (size_t i = 0; i < n; i++) {
    tag_tok tok = {0};
    size_t len = s[i] == '<' ? tag_at(s + i, n - i, &tok) : 0;
    if (len == 0)
      continue;
    if (k == cap) {
      cap = cap ? cap * 2 : 8;
      tag_tok *nt = realloc(t, cap * sizeof(*t));
      size_t *ns = realloc(stack, cap * sizeof(*stack));
      if (nt == NULL || ns == NULL) {
        free(nt ? nt : t);
        free(ns ? ns : stack);
        return NL_ENOMEM;
      }
      t = nt;
      stack = ns;
    }
    tok.at = i;
    tok.len = len;
    tok.partner = -1;
    t[k] = tok;
    if (!tok.close && !tok.empty) {
      stack[depth++] = k;
    } else if (tok.close && depth > 0 &&
               strcmp(t[stack[depth - 1]].name, tok.name) == 0) {
      t[k].partner = (long)stack[depth - 1];
      t[stack[--depth]].partner = (long)k;
    }
    k++;
    i += len - 1;
  }
  free(stack);
  *out = t;
  *count = k;
  return 0;
}

int nl_tmx__omegat_read(const char *s, size_t n, nl_buf *plain, nl_buf *markup,
                        int *has_codes) {
  tag_tok *t = NULL;
  size_t nt = 0, pos = 0;
  int rc = scan(s, n, &t, &nt);
  *has_codes = nt > 0;
  for (size_t k = 0; rc == 0 && k <= nt; k++) {
    size_t end = k < nt ? t[k].at : n;
    if (nl_buf__put(plain, s + pos, end - pos) < 0 ||
        nl_buf__put_xml(markup, s + pos, end - pos, 0) < 0)
      rc = NL_ENOMEM;
    if (rc < 0 || k == nt)
      break;
    /* ids 1-based: OmegaT numbers from 0, XLIFF ids are not "0" by habit */
    long id = strtol(number_of(&t[k]), NULL, 10) + 1;
    /* half a pair that does not nest: a placeholder, its id unique */
    if (t[k].partner < 0)
      rc = nl_buf__printf(markup, "<ph id=\"%ld%s\"/>", id,
                          t[k].close ? "e" : "");
    else if (!t[k].close)
      rc = nl_buf__printf(markup, "<pc id=\"%ld\">", id);
    else
      rc = nl_buf__puts(markup, "</pc>");
    pos = t[k].at + t[k].len;
  }
  if (rc == 0 && markup->ptr == NULL)
    rc = nl_buf__puts(markup, "") < 0 ? NL_ENOMEM : 0;
  if (rc == 0 && plain->ptr == NULL)
    rc = nl_buf__puts(plain, "") < 0 ? NL_ENOMEM : 0;
  free(t);
  return rc < 0 ? NL_ENOMEM : 0;
}

/* ---- writing -------------------------------------------------------------- */

#define MAX_CODES 256

typedef struct code_map {
  char *id[MAX_CODES];
  int num[MAX_CODES]; /* -1: left out (it enclosed the whole source) */
  size_t n;
  int next;
} code_map;

static void map_free(code_map *m) {
  for (size_t i = 0; i < m->n; i++)
    free(m->id[i]);
  memset(m, 0, sizeof(*m));
}

/* The number for code `id`; a new one (or `fixed`) when unseen. */
static int map_num(code_map *m, const char *id, int fixed) {
  for (size_t i = 0; id && i < m->n; i++)
    if (strcmp(m->id[i], id) == 0)
      return m->num[i];
  int num = fixed == -2 ? m->next++ : fixed;
  if (id && m->n < MAX_CODES && (m->id[m->n] = nl__strdup(id)) != NULL)
    m->num[m->n++] = num;
  return num;
}

enum { OPEN, CLOSE, EMPTY };

/* "&lt;g0&gt;", "&lt;/g0&gt;" or "&lt;x0/&gt;"; nothing for a code left
 * out (number -1). */
static int put_tag(nl_buf *out, int kind, int num) {
  if (num < 0)
    return 0;
  int rc = kind == OPEN    ? nl_buf__printf(out, "&lt;g%d&gt;", num)
           : kind == CLOSE ? nl_buf__printf(out, "&lt;/g%d&gt;", num)
                           : nl_buf__printf(out, "&lt;x%d/&gt;", num);
  return rc < 0 ? NL_ENOMEM : 0;
}

static int walk(nl_buf *out, code_map *m, const xmlNode *parent) {
  int rc = 0;
  for (const xmlNode *n = parent->children; n && rc == 0; n = n->next) {
    xmlChar *id = n->type == XML_ELEMENT_NODE ? nl_xml__attr(n, "id") : NULL;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      rc = n->content ? nl_tmx__put_text(out, (const char *)n->content,
                                         strlen((const char *)n->content), 0)
                      : 0;
    } else if (nl_xml__is(n, "pc")) {
      int num = map_num(m, (const char *)id, -2);
      rc = put_tag(out, OPEN, num);
      if (rc == 0)
        rc = walk(out, m, n);
      if (rc == 0)
        rc = put_tag(out, CLOSE, num);
    } else if (nl_xml__is(n, "ph")) {
      rc = put_tag(out, EMPTY, map_num(m, (const char *)id, -2));
    } else if (nl_xml__is(n, "sc")) {
      rc = put_tag(out, OPEN, map_num(m, (const char *)id, -2));
    } else if (nl_xml__is(n, "ec")) {
      xmlChar *ref = nl_xml__attr(n, "startRef");
      rc = put_tag(out, CLOSE, map_num(m, (const char *)(ref ? ref : id), -2));
      xmlFree(ref);
    } else if (n->type == XML_ELEMENT_NODE) {
      rc = walk(out, m, n);
    }
    xmlFree(id);
    if (rc < 0)
      rc = NL_ENOMEM;
  }
  return rc;
}

static int parse_markup(xmlDocPtr *doc, const char *markup) {
  nl_buf wrapped = NL_BUF_INIT;
  int rc = nl_buf__printf(&wrapped, "<m>%s</m>", markup) < 0 ? NL_ENOMEM : 0;
  if (rc == 0 &&
      nl_xml__parse(doc, wrapped.ptr, wrapped.size, "markup", NULL) < 0)
    rc = NL_EPARSE;
  nl_buf_dispose(&wrapped);
  return rc;
}

/* The source's codes OmegaT leaves out of its segment (code_edges.h):
 * numbered -1, and the markup cut to the rest. */
static int leave_out_edges(code_map *m, const char *markup, nl_buf *core) {
  nl_code_tok t[NL_CODE_TOKS_MAX];
  long n = nl_codes__toks(markup, t);
  nl_code_core c = nl_codes__omegat_core(markup, t, n);
  for (long i = 0; i < n; i++)
    if ((i < c.lo || i >= c.hi) && t[i].id[0])
      map_num(m, t[i].id, -1);
  return nl_buf__put(core, markup + c.pre, c.post - c.pre) < 0 ? NL_ENOMEM
                                                                : 0;
}

/* One side; the source (first) fixes the numbers, and leaves out what
 * OmegaT leaves out of a segment. */
static int write_side(nl_buf *out, code_map *m, const char *plain,
                      const char *markup, int source) {
  xmlDocPtr doc = NULL;
  nl_buf core = NL_BUF_INIT;
  int rc = markup && source ? leave_out_edges(m, markup, &core) : 0;
  if (rc == 0 && core.ptr)
    markup = core.ptr;
  if (rc < 0 || markup == NULL || parse_markup(&doc, markup) < 0) {
    xmlFreeDoc(doc);
    nl_buf_dispose(&core);
    if (rc < 0)
      return rc;
    return nl_tmx__put_text(out, plain, strlen(plain), 0) < 0 ? NL_ENOMEM : 0;
  }
  rc = walk(out, m, xmlDocGetRootElement(doc));
  xmlFreeDoc(doc);
  nl_buf_dispose(&core);
  return rc;
}

int nl_tmx__omegat_write(nl_buf *src_out, nl_buf *tgt_out,
                         const nl_tm_entry *e, nl_error *err) {
  code_map m;
  memset(&m, 0, sizeof(m));
  int rc = write_side(src_out, &m, e->source ? e->source : "",
                      e->source_markup, 1);
  if (rc == 0)
    rc = write_side(tgt_out, &m, e->target ? e->target : "", e->target_markup,
                    0);
  map_free(&m);
  return rc < 0 ? nl_error__nomem(err) : 0;
}
