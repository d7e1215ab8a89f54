/*
 * nitf.c - the article model as NITF 3.6 XML, written and read back.
 *
 * Where things go:
 *   metadata   head/docdata/doc-id@id-string (id), date.issue@norm (date),
 *              head/pubdata@position.section / @name / @ex-ref (section,
 *              source, url), nitf@xml:lang and nitf@dir (language and
 *              direction; the writer derives dir from the language when
 *              the model has none, so a localized article always has it)
 *   blocks     body.head: hedline/hl1 (first headline), hl2 (others),
 *              byline, dateline; body.content: p, media/media-caption;
 *              body.end: tagline. Each block carries its id; a block not
 *              to translate carries its:translate="no" (ITS 2.0).
 *   inline     the model's inline elements, which already use NITF's
 *              enriched-text names (a, em, q, br, ...).
 *
 * The writer is canonical: no indentation inside blocks, attributes in
 * a fixed order, so that write -> read -> write gives identical bytes.
 * Whitespace inside a block is not significant in NITF from elsewhere
 * (pretty-printed files wrap paragraphs), so the reader collapses it,
 * unless xml:space="preserve" is in effect: the writer puts that on any
 * block whose text has whitespace a collapse would lose.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/io.h>

#include "article_io.h"
#include "blockbuf.h"
#include "error.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/xml.h"

#define ITS_NS "http://www.w3.org/2005/11/its"

/* ---- writer ------------------------------------------------------------ */

static int is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether collapsing whitespace would change this text. */
static int needs_preserve(const char *t, size_t len) {
  if (len == 0)
    return 0;
  if (is_xml_space(t[0]) || is_xml_space(t[len - 1]))
    return 1;
  for (size_t i = 0; i < len; i++) {
    if (t[i] == '\t' || t[i] == '\n' || t[i] == '\r')
      return 1;
    if (t[i] == ' ' && i + 1 < len && is_xml_space(t[i + 1]))
      return 1;
  }
  return 0;
}

static int put_attr(nl_buf *o, const char *name, const char *value) {
  if (value == NULL)
    return 0;
  if (nl_buf__printf(o, " %s=\"", name) < 0 ||
      nl_buf__put_xml(o, value, strlen(value), 1) < 0 ||
      nl_buf__putc(o, '"') < 0)
    return NL_ENOMEM;
  return 0;
}

static int open_inline(nl_buf *o, const nl_inline *x) {
  if (nl_buf__printf(o, "<%s", x->name) < 0)
    return NL_ENOMEM;
  for (size_t i = 0; i < x->nattrs; i++)
    if (put_attr(o, x->attrs[i].name, x->attrs[i].value) < 0)
      return NL_ENOMEM;
  return nl_buf__puts(o, x->start == x->end ? "/>" : ">");
}

/* The block's text with its inline elements as nested tags. Elements are
 * listed in start-tag order and nest, so a stack of open ends suffices
 * (as deep as the elements go: whatever a reader took, we write); an
 * element that ends where the next one starts is closed first. */
static int put_inline_text(nl_buf *o, const nl_block *b) {
  size_t len, n = nl_block_inline_count(b), pos = 0, depth = 0;
  const char *t = nl_block_text(b, &len);
  const nl_inline **stack = malloc((n ? n : 1) * sizeof(*stack));
  if (stack == NULL)
    return NL_ENOMEM;
  int rc = 0;
  for (size_t i = 0; i <= n && rc == 0; i++) {
    const nl_inline *x = i < n ? nl_block_inline(b, i) : NULL;
    size_t at = x ? x->start : len;
    while (rc == 0 && depth > 0 && stack[depth - 1]->end <= at) {
      const nl_inline *top = stack[--depth];
      if (nl_buf__put_xml(o, t + pos, top->end - pos, 0) < 0 ||
          nl_buf__printf(o, "</%s>", top->name) < 0)
        rc = NL_ENOMEM;
      pos = top->end;
    }
    if (rc == 0 && nl_buf__put_xml(o, t + pos, at - pos, 0) < 0)
      rc = NL_ENOMEM;
    pos = at;
    if (x == NULL || rc < 0)
      break;
    if (open_inline(o, x) < 0)
      rc = NL_ENOMEM;
    else if (x->start != x->end)
      stack[depth++] = x;
  }
  free(stack);
  return rc;
}

static const char *article_dir(const nl_article *a) {
  const char *lang = nl_article_get(a, NL_FIELD_LANG);
  const char *dir = nl_article_get(a, NL_FIELD_DIR);
  if (dir == NULL && lang != NULL)
    dir = nl_lang_is_rtl(lang) ? "rtl" : "ltr";
  return dir;
}

/* A block in another language or direction than the article's (English
 * left untranslated on a Persian page) says so itself: its own xml:lang
 * and dir, so that its full stop is on its right. */
static int put_block_lang(nl_buf *o, const nl_article *a, const nl_block *b) {
  const char *dir = nl_block_dir(a, b), *adir = article_dir(a);
  const char *lang = nl_block_lang(b);
  if (lang && put_attr(o, "xml:lang", lang) < 0)
    return NL_ENOMEM;
  if ((lang || (adir ? strcmp(dir, adir) != 0 : strcmp(dir, "ltr") != 0)) &&
      put_attr(o, "dir", dir) < 0)
    return NL_ENOMEM;
  return 0;
}

static int put_block(nl_buf *o, const nl_article *a, const nl_block *b,
                     const char *elem, const char *indent) {
  size_t len;
  const char *t = nl_block_text(b, &len);
  if (nl_buf__printf(o, "%s<%s", indent, elem) < 0 ||
      put_attr(o, "id", nl_block_id(b)) < 0 || put_block_lang(o, a, b) < 0 ||
      (!nl_block_translatable(b) && put_attr(o, "its:translate", "no") < 0) ||
      (needs_preserve(t, len) && put_attr(o, "xml:space", "preserve") < 0) ||
      nl_buf__putc(o, '>') < 0)
    return NL_ENOMEM;
  int rc = put_inline_text(o, b);
  if (rc < 0)
    return rc;
  return nl_buf__printf(o, "</%s>\n", elem);
}

static int any_kind(const nl_article *a, nl_block_kind k) {
  for (size_t i = 0; i < nl_article_block_count(a); i++)
    if (nl_block_get_kind(nl_article_block(a, i)) == k)
      return 1;
  return 0;
}

static int put_head(nl_buf *o, const nl_article *a) {
  const char *section = nl_article_get(a, NL_FIELD_SECTION);
  const char *source = nl_article_get(a, NL_FIELD_SOURCE);
  const char *url = nl_article_get(a, NL_FIELD_URL);
  const char *date = nl_article_get(a, NL_FIELD_DATE);
  const char *id = nl_article_get(a, NL_FIELD_ID);
  int rc = nl_buf__puts(o, "  <head>\n");
  for (size_t i = 0; rc == 0 && i < nl_article_block_count(a); i++) {
    const nl_block *b = nl_article_block(a, i);
    if (nl_block_get_kind(b) != NL_BLOCK_HEADLINE)
      continue;
    size_t len;
    const char *t = nl_block_text(b, &len);
    if (nl_buf__puts(o, "    <title>") < 0 ||
        nl_buf__put_xml(o, t, len, 0) < 0 ||
        nl_buf__puts(o, "</title>\n") < 0)
      return NL_ENOMEM;
    break;
  }
  if (rc == 0 && (id || date)) {
    rc = nl_buf__puts(o, "    <docdata>\n");
    if (rc == 0 && id)
      rc = (nl_buf__puts(o, "      <doc-id") < 0 ||
            put_attr(o, "id-string", id) < 0 || nl_buf__puts(o, "/>\n") < 0)
               ? NL_ENOMEM
               : 0;
    if (rc == 0 && date)
      rc = (nl_buf__puts(o, "      <date.issue") < 0 ||
            put_attr(o, "norm", date) < 0 || nl_buf__puts(o, "/>\n") < 0)
               ? NL_ENOMEM
               : 0;
    if (rc == 0)
      rc = nl_buf__puts(o, "    </docdata>\n");
  }
  if (rc == 0 && (section || source || url))
    rc = (nl_buf__puts(o, "    <pubdata type=\"web\"") < 0 ||
          put_attr(o, "name", source) < 0 ||
          put_attr(o, "position.section", section) < 0 ||
          put_attr(o, "ex-ref", url) < 0 || nl_buf__puts(o, "/>\n") < 0)
             ? NL_ENOMEM
             : 0;
  if (rc == 0)
    rc = nl_buf__puts(o, "  </head>\n");
  return rc < 0 ? NL_ENOMEM : 0;
}

/* body.head holds headlines (in one hedline), bylines and datelines in
 * the DTD's order. */
static int put_body_head(nl_buf *o, const nl_article *a) {
  size_t n = nl_article_block_count(a);
  int rc = nl_buf__puts(o, "    <body.head>\n");
  if (rc == 0 && any_kind(a, NL_BLOCK_HEADLINE)) {
    rc = nl_buf__puts(o, "      <hedline>\n");
    int first = 1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
      const nl_block *b = nl_article_block(a, i);
      if (nl_block_get_kind(b) != NL_BLOCK_HEADLINE)
        continue;
      rc = put_block(o, a, b, first ? "hl1" : "hl2", "        ");
      first = 0;
    }
    if (rc == 0)
      rc = nl_buf__puts(o, "      </hedline>\n");
  }
  static const struct {
    nl_block_kind kind;
    const char *elem;
  } rest[] = {{NL_BLOCK_BYLINE, "byline"}, {NL_BLOCK_DATELINE, "dateline"}};
  for (size_t k = 0; k < 2; k++)
    for (size_t i = 0; rc == 0 && i < n; i++) {
      const nl_block *b = nl_article_block(a, i);
      if (nl_block_get_kind(b) == rest[k].kind)
        rc = put_block(o, a, b, rest[k].elem, "      ");
    }
  if (rc == 0)
    rc = nl_buf__puts(o, "    </body.head>\n");
  return rc < 0 ? rc : 0;
}

static int put_body_content(nl_buf *o, const nl_article *a) {
  int rc = nl_buf__puts(o, "    <body.content>\n");
  for (size_t i = 0; rc == 0 && i < nl_article_block_count(a); i++) {
    const nl_block *b = nl_article_block(a, i);
    nl_block_kind k = nl_block_get_kind(b);
    if (k == NL_BLOCK_PARAGRAPH) {
      rc = put_block(o, a, b, "p", "      ");
    } else if (k == NL_BLOCK_CAPTION) {
      rc = nl_buf__puts(o, "      <media media-type=\"image\">\n");
      if (rc == 0)
        rc = put_block(o, a, b, "media-caption", "        ");
      if (rc == 0)
        rc = nl_buf__puts(o, "      </media>\n");
    }
  }
  if (rc == 0)
    rc = nl_buf__puts(o, "    </body.content>\n");
  return rc < 0 ? rc : 0;
}

static int put_body_end(nl_buf *o, const nl_article *a) {
  if (!any_kind(a, NL_BLOCK_TAGLINE))
    return 0;
  int rc = nl_buf__puts(o, "    <body.end>\n");
  for (size_t i = 0; rc == 0 && i < nl_article_block_count(a); i++) {
    const nl_block *b = nl_article_block(a, i);
    if (nl_block_get_kind(b) == NL_BLOCK_TAGLINE)
      rc = put_block(o, a, b, "tagline", "      ");
  }
  if (rc == 0)
    rc = nl_buf__puts(o, "    </body.end>\n");
  return rc < 0 ? rc : 0;
}

static int any_untranslatable(const nl_article *a) {
  for (size_t i = 0; i < nl_article_block_count(a); i++)
    if (!nl_block_translatable(nl_article_block(a, i)))
      return 1;
  return 0;
}

static int put_root(nl_buf *o, const nl_article *a) {
  const char *lang = nl_article_get(a, NL_FIELD_LANG);
  const char *dir = article_dir(a);
  if (nl_buf__puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<nitf version=\"-//IPTC//DTD NITF 3.6//EN\"") < 0 ||
      (any_untranslatable(a) &&
       (put_attr(o, "xmlns:its", ITS_NS) < 0 ||
        put_attr(o, "its:version", "2.0") < 0)) ||
      put_attr(o, "xml:lang", lang) < 0 || put_attr(o, "dir", dir) < 0 ||
      nl_buf__puts(o, ">\n") < 0)
    return NL_ENOMEM;
  return 0;
}

int nl_article_write_nitf(const nl_article *a, nl_buf *out, nl_error *err) {
  if (a == NULL || out == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no article to write");
  size_t mark = out->size;
  int rc = put_root(out, a);
  if (rc == 0)
    rc = put_head(out, a);
  if (rc == 0)
    rc = nl_buf__puts(out, "  <body>\n") < 0 ? NL_ENOMEM : 0;
  if (rc == 0)
    rc = put_body_head(out, a);
  if (rc == 0)
    rc = put_body_content(out, a);
  if (rc == 0)
    rc = put_body_end(out, a);
  if (rc == 0)
    rc = nl_buf__puts(out, "  </body>\n</nitf>\n") < 0 ? NL_ENOMEM : 0;
  if (rc == 0)
    return 0;
  out->size = mark;
  if (out->ptr)
    out->ptr[mark] = '\0';
  return nl_error__nomem(err);
}

/* ---- reader ------------------------------------------------------------ */

static int read_children(nl_blockbuf *bb, const xmlNode *n, nl_error *err);

/* An attribute's name as written: a namespaced one keeps its prefix
 * ("xlink:href" is not "href"). Caller xmlFree()s. */
static xmlChar *qualified(const xmlAttr *at) {
  if (at->ns == NULL || at->ns->prefix == NULL)
    return xmlStrdup(at->name);
  return xmlBuildQName(at->name, at->ns->prefix, NULL, 0);
}

/* Whether attrs[0..n) already declares what `ns` binds. */
static int declared(const nl_attr *attrs, size_t n, const xmlNs *ns) {
  for (size_t i = 0; i < n; i++)
    if (strncmp(attrs[i].name, "xmlns:", 6) == 0 &&
        strcmp(attrs[i].name + 6, (const char *)ns->prefix) == 0)
      return 1;
  return 0;
}

/* The element's attributes as the model keeps them: qualified names,
 * and for each prefix used (but xml:) its declaration after them, so
 * that the written element still binds it. Strings are xmlMalloc'd. */
static size_t collect_attrs(const xmlNode *n, nl_attr *attrs) {
  size_t na = 0;
  for (const xmlAttr *at = n->properties; at; at = at->next, na++) {
    attrs[na].name = (const char *)qualified(at);
    attrs[na].value = (const char *)xmlNodeGetContent((const xmlNode *)at);
  }
  size_t plain = na;
  for (size_t i = 0; i < plain; i++) {
    const xmlAttr *at = n->properties;
    for (size_t k = 0; k < i; k++)
      at = at->next;
    const xmlNs *ns = at->ns;
    if (ns == NULL || ns->prefix == NULL || ns->href == NULL ||
        xmlStrEqual(ns->prefix, BAD_CAST "xml") || declared(attrs, na, ns))
      continue;
    attrs[na].name = (const char *)xmlStrncatNew(BAD_CAST "xmlns:",
                                                 ns->prefix, -1);
    attrs[na].value = (const char *)xmlStrdup(ns->href);
    na++;
  }
  return na;
}

/* An inline element with its attributes, as the model keeps it. */
static int read_inline(nl_blockbuf *bb, const xmlNode *n, nl_error *err) {
  size_t max = 0, idx = 0;
  for (const xmlAttr *at = n->properties; at; at = at->next)
    max += 2; /* the attribute, and perhaps its prefix's declaration */
  nl_attr *attrs = max ? calloc(max, sizeof(*attrs)) : NULL;
  if (max && attrs == NULL)
    return nl_error__nomem(err);
  size_t na = max ? collect_attrs(n, attrs) : 0;
  int rc = 0;
  for (size_t i = 0; i < na; i++)
    if (attrs[i].name == NULL || attrs[i].value == NULL)
      rc = nl_error__nomem(err);
  if (rc == 0)
    rc = nl_bb__open(bb, (const char *)n->name, attrs, na,
                     n->children == NULL, &idx, err);
  for (size_t i = 0; i < na; i++) {
    xmlFree((void *)attrs[i].name);
    xmlFree((void *)attrs[i].value);
  }
  free(attrs);
  if (rc == 0)
    rc = read_children(bb, n, err);
  if (rc == 0)
    nl_bb__close(bb, idx);
  return rc;
}

static int read_children(nl_blockbuf *bb, const xmlNode *n, nl_error *err) {
  int rc = 0;
  for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
      rc = nl_bb__text(bb, (const char *)c->content,
                       strlen((const char *)c->content), err);
    else if (c->type == XML_ELEMENT_NODE)
      rc = read_inline(bb, c, err);
  }
  return rc;
}

typedef struct reader {
  nl_article *a;
  const char *name;
} reader;

static int is_untranslatable(const xmlNode *n) {
  xmlChar *v = xmlGetNsProp(n, BAD_CAST "translate", BAD_CAST ITS_NS);
  int no = v && xmlStrcmp(v, BAD_CAST "no") == 0;
  xmlFree(v);
  return no;
}

static int read_block(reader *r, const xmlNode *n, nl_block_kind kind,
                      nl_error *err) {
  nl_blockbuf bb = NL_BLOCKBUF_INIT;
  bb.preserve = xmlNodeGetSpacePreserve(n) == 1;
  xmlChar *id = xmlGetNoNsProp(n, BAD_CAST "id");
  /* An empty element with an id is a block the model held (a forced
   * merge of an empty target writes one): kept, so that what we write
   * reads back; one without is page furniture. */
  bb.keep_empty = id != NULL;
  nl_block *b = NULL;
  int rc = read_children(&bb, n, err);
  if (rc == 0)
    rc = nl_bb__emit(&bb, r->a, kind, (const char *)id, &b, err);
  if (rc == 0 && b && is_untranslatable(n))
    nl_block_set_translatable(b, 0);
  xmlChar *lang = b ? xmlGetNsProp(n, BAD_CAST "lang", XML_XML_NAMESPACE) : NULL;
  if (rc == 0 && lang && *lang)
    rc = nl_block_set_lang(b, (const char *)lang, err);
  xmlFree(lang);
  if (rc < 0 && err && err->line == 0) {
    err->line = (unsigned long)xmlGetLineNo(n);
    snprintf(err->path, sizeof(err->path), "%s", r->name);
  }
  xmlFree(id);
  nl_bb__dispose(&bb);
  return rc;
}

static int set_from_attr(reader *r, const xmlNode *n, const char *attr,
                         nl_article_field field, nl_error *err) {
  xmlChar *v = xmlGetNoNsProp(n, BAD_CAST attr);
  int rc = 0;
  if (v && *v)
    rc = nl_article_set(r->a, field, (const char *)v, err);
  xmlFree(v);
  return rc;
}

static int read_head(reader *r, const xmlNode *head, nl_error *err) {
  int rc = 0;
  for (const xmlNode *c = head->children; c && rc == 0; c = c->next) {
    if (nl_xml__is(c, "docdata")) {
      for (const xmlNode *d = c->children; d && rc == 0; d = d->next) {
        if (nl_xml__is(d, "doc-id"))
          rc = set_from_attr(r, d, "id-string", NL_FIELD_ID, err);
        else if (nl_xml__is(d, "date.issue"))
          rc = set_from_attr(r, d, "norm", NL_FIELD_DATE, err);
      }
    } else if (nl_xml__is(c, "pubdata")) {
      rc = set_from_attr(r, c, "name", NL_FIELD_SOURCE, err);
      if (rc == 0)
        rc = set_from_attr(r, c, "position.section", NL_FIELD_SECTION, err);
      if (rc == 0)
        rc = set_from_attr(r, c, "ex-ref", NL_FIELD_URL, err);
    }
  }
  return rc;
}

/* Maps a block-level NITF element to a block kind; -1 for containers and
 * everything the model does not hold. */
static int block_kind_of(const xmlNode *n) {
  static const struct {
    const char *elem;
    nl_block_kind kind;
  } map[] = {{"hl1", NL_BLOCK_HEADLINE},
             {"hl2", NL_BLOCK_HEADLINE},
             {"byline", NL_BLOCK_BYLINE},
             {"dateline", NL_BLOCK_DATELINE},
             {"p", NL_BLOCK_PARAGRAPH},
             {"media-caption", NL_BLOCK_CAPTION},
             {"tagline", NL_BLOCK_TAGLINE}};
  for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
    if (nl_xml__is(n, map[i].elem))
      return (int)map[i].kind;
  return -1;
}

/* Walks body in document order; containers (hedline, body.content,
 * block, media, bq, ...) are descended into. */
static int read_body(reader *r, const xmlNode *n, nl_error *err) {
  int rc = 0;
  for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    int kind = block_kind_of(c);
    if (kind >= 0)
      rc = read_block(r, c, (nl_block_kind)kind, err);
    else
      rc = read_body(r, c, err);
  }
  return rc;
}

static int read_root(reader *r, const xmlNode *root, nl_error *err) {
  if (!nl_xml__is(root, "nitf"))
    return nl_error__set(err, NL_EPARSE, r->name,
                         (unsigned long)xmlGetLineNo(root), 0,
                         "root element is <%s>, not <nitf>", root->name);
  xmlChar *lang = nl_xml__lang(root);
  int rc = 0;
  if (lang && *lang)
    rc = nl_article_set(r->a, NL_FIELD_LANG, (const char *)lang, err);
  xmlFree(lang);
  if (rc == 0)
    rc = set_from_attr(r, root, "dir", NL_FIELD_DIR, err);
  for (const xmlNode *c = root->children; c && rc == 0; c = c->next) {
    if (nl_xml__is(c, "head"))
      rc = read_head(r, c, err);
    else if (nl_xml__is(c, "body"))
      rc = read_body(r, c, err);
  }
  return rc;
}

int nl_article__read_nitf(nl_article **out, const char *data, size_t len,
                          const char *name, nl_error *err) {
  xmlDocPtr doc = NULL;
  int rc = nl_xml__parse(&doc, data, len, name, err);
  if (rc < 0)
    return rc;
  reader r = {NULL, name};
  rc = nl_article_new(&r.a, err);
  if (rc == 0)
    rc = read_root(&r, xmlDocGetRootElement(doc), err);
  xmlFreeDoc(doc);
  if (rc < 0) {
    nl_article_free(r.a);
    return rc;
  }
  *out = r.a;
  return 0;
}
