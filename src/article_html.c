/*
 * article_html.c - an article from simple article HTML.
 *
 * libxml2's HTML parser reads the page as a browser would (unclosed <p>,
 * missing <body>), without network access. Then:
 *  - when the page has an <article>, only its content counts; otherwise
 *    the whole <body> does;
 *  - page furniture is skipped whole: nav, header/footer outside the
 *    article, aside, form, script, style, template, iframe, noscript,
 *    button, svg, and any element whose class or id names a navigation,
 *    sharing, related-links, comments, cookie or advertising box;
 *  - blocks: h1 is the headline (a later h1, and h2-h6, are paragraphs:
 *    the model has no subheads, and their text still needs translating),
 *    p, li and blockquote text are paragraphs, figcaption is a caption,
 *    <address> or a p/div whose class says byline/author is the byline,
 *    one whose class says dateline or tagline is that block;
 *  - inline: a (with href) → a, em/i/cite → em, strong/b → em with
 *    class="strong" (NITF has no strong), q → q, br → br; other inline
 *    elements keep their text and lose their tag;
 *  - metadata: <html lang>, <time datetime> or a date <meta> for the
 *    date, article:section for the section, the canonical link for the
 *    URL; the id is derived from the headline.
 */
#include <string.h>

#include <libxml/HTMLparser.h>

#include "article_io.h"
#include "blockbuf.h"
#include "error.h"
#include "util/buf.h"
#include "util/xml.h"

typedef struct html_reader {
  nl_article *a;
  const char *name;
  nl_blockbuf bb;
  int have_headline;
} html_reader;

static int is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE &&
         xmlStrcasecmp(n->name, BAD_CAST name) == 0;
}

static int is_any(const xmlNode *n, const char *const *names) {
  for (; *names; names++)
    if (is(n, *names))
      return 1;
  return 0;
}

/* Whether class or id contains one of the words (case-insensitive). */
static int attr_says(const xmlNode *n, const char *const *words) {
  static const char *const attrs[] = {"class", "id", "role", NULL};
  for (const char *const *a = attrs; *a; a++) {
    xmlChar *v = xmlGetProp(n, BAD_CAST *a);
    int hit = 0;
    for (const char *const *w = words; v && *w && !hit; w++)
      hit = xmlStrcasestr(v, BAD_CAST *w) != NULL;
    xmlFree(v);
    if (hit)
      return 1;
  }
  return 0;
}

static int is_furniture(const xmlNode *n) {
  static const char *const tags[] = {
      "nav",    "aside",  "form",   "script", "style",  "template", "iframe",
      "noscript", "button", "svg", "select", "input", "video", "audio", "footer",
      NULL};
  static const char *const words[] = {
      "nav", "menu", "share", "social", "related", "comment", "cookie",
      "advert", "promo", "newsletter", "breadcrumb", "banner", "sidebar",
      NULL};
  return is_any(n, tags) || attr_says(n, words);
}

/* ---- inline content ---------------------------------------------------- */

static int walk_inline(html_reader *r, const xmlNode *n, nl_error *err);

static int open_mapped(html_reader *r, const xmlNode *n, size_t *idx,
                       int *opened, nl_error *err) {
  *opened = 0;
  if (is(n, "a")) {
    xmlChar *href = xmlGetProp(n, BAD_CAST "href");
    nl_attr at = {"href", href ? (const char *)href : ""};
    int rc = nl_bb__open(&r->bb, "a", &at, href ? 1 : 0, 0, idx, err);
    xmlFree(href);
    *opened = rc == 0;
    return rc;
  }
  static const char *const em[] = {"em", "i", "cite", NULL};
  static const char *const strong[] = {"strong", "b", NULL};
  nl_attr cls = {"class", "strong"};
  int rc = 0;
  if (is_any(n, em))
    rc = nl_bb__open(&r->bb, "em", NULL, 0, 0, idx, err), *opened = 1;
  else if (is_any(n, strong))
    rc = nl_bb__open(&r->bb, "em", &cls, 1, 0, idx, err), *opened = 1;
  else if (is(n, "q"))
    rc = nl_bb__open(&r->bb, "q", NULL, 0, 0, idx, err), *opened = 1;
  return rc;
}

static int walk_inline_element(html_reader *r, const xmlNode *n,
                               nl_error *err) {
  if (is_furniture(n))
    return 0;
  if (is(n, "br"))
    return nl_bb__open(&r->bb, "br", NULL, 0, 1, NULL, err);
  size_t idx = 0;
  int opened, rc = open_mapped(r, n, &idx, &opened, err);
  if (rc == 0)
    rc = walk_inline(r, n, err);
  if (opened)
    nl_bb__close(&r->bb, idx);
  return rc;
}

static int walk_inline(html_reader *r, const xmlNode *n, nl_error *err) {
  int rc = 0;
  for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
      rc = nl_bb__text(&r->bb, (const char *)c->content,
                       strlen((const char *)c->content), err);
    else if (c->type == XML_ELEMENT_NODE)
      rc = walk_inline_element(r, c, err);
  }
  return rc;
}

/* ---- blocks ------------------------------------------------------------ */

static int emit(html_reader *r, const xmlNode *n, nl_block_kind kind,
                nl_error *err) {
  nl_bb__reset(&r->bb);
  r->bb.preserve = 0;
  int rc = walk_inline(r, n, err);
  if (rc == 0)
    rc = nl_bb__emit(&r->bb, r->a, kind, NULL, NULL, err);
  nl_bb__reset(&r->bb);
  return rc;
}

/* The block kind a p/div/address/... stands for, from its class. */
static nl_block_kind kind_by_class(const xmlNode *n, nl_block_kind dflt) {
  static const char *const byline[] = {"byline", "author", NULL};
  static const char *const dateline[] = {"dateline", NULL};
  static const char *const tagline[] = {"tagline", NULL};
  if (is(n, "address") || attr_says(n, byline))
    return NL_BLOCK_BYLINE;
  if (attr_says(n, dateline))
    return NL_BLOCK_DATELINE;
  if (attr_says(n, tagline))
    return NL_BLOCK_TAGLINE;
  return dflt;
}

/* Whether a div holds only inline content (then it is a paragraph). */
static int only_inline(const xmlNode *n) {
  static const char *const blocks[] = {
      "p",  "div", "h1", "h2", "h3",         "h4",      "h5",   "h6",
      "ul", "ol",  "li", "figure", "figcaption", "blockquote", "table",
      "section", "article", "header", "footer", "address", NULL};
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && is_any(c, blocks))
      return 0;
  return 1;
}

static int walk_blocks(html_reader *r, const xmlNode *n, nl_error *err);

static int block_element(html_reader *r, const xmlNode *c, nl_error *err) {
  static const char *const heads[] = {"h2", "h3", "h4", "h5", "h6", NULL};
  if (is_furniture(c))
    return 0;
  if (is(c, "h1")) {
    nl_block_kind k = r->have_headline ? NL_BLOCK_PARAGRAPH : NL_BLOCK_HEADLINE;
    r->have_headline = 1;
    return emit(r, c, k, err);
  }
  if (is_any(c, heads) || is(c, "li"))
    return only_inline(c) ? emit(r, c, NL_BLOCK_PARAGRAPH, err)
                          : walk_blocks(r, c, err);
  if (is(c, "figcaption"))
    return emit(r, c, NL_BLOCK_CAPTION, err);
  if (is(c, "p") || is(c, "address"))
    return emit(r, c, kind_by_class(c, NL_BLOCK_PARAGRAPH), err);
  if (is(c, "div") && only_inline(c))
    return emit(r, c, kind_by_class(c, NL_BLOCK_PARAGRAPH), err);
  return walk_blocks(r, c, err);
}

static int walk_blocks(html_reader *r, const xmlNode *n, nl_error *err) {
  int rc = 0;
  for (const xmlNode *c = n->children; c && rc == 0; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      rc = block_element(r, c, err);
  return rc;
}

/* ---- metadata ---------------------------------------------------------- */

static const xmlNode *find(const xmlNode *n, const char *name) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) {
    if (is(c, name))
      return c;
    const xmlNode *d = c->type == XML_ELEMENT_NODE ? find(c, name) : NULL;
    if (d)
      return d;
  }
  return NULL;
}

static int set_prop(html_reader *r, const xmlNode *n, const char *attr,
                    nl_article_field f, nl_error *err) {
  xmlChar *v = n ? xmlGetProp(n, BAD_CAST attr) : NULL;
  int rc = 0;
  if (v && *v && nl_article_get(r->a, f) == NULL)
    rc = nl_article_set(r->a, f, (const char *)v, err);
  xmlFree(v);
  return rc;
}

/* <meta name|property=KEY content=...> */
static int set_meta(html_reader *r, const xmlNode *head, const char *key,
                    nl_article_field f, nl_error *err) {
  for (const xmlNode *c = head ? head->children : NULL; c; c = c->next) {
    if (!is(c, "meta"))
      continue;
    xmlChar *nm = xmlGetProp(c, BAD_CAST "name");
    xmlChar *pr = xmlGetProp(c, BAD_CAST "property");
    int hit = (nm && xmlStrcasecmp(nm, BAD_CAST key) == 0) ||
              (pr && xmlStrcasecmp(pr, BAD_CAST key) == 0);
    xmlFree(nm);
    xmlFree(pr);
    if (hit)
      return set_prop(r, c, "content", f, err);
  }
  return 0;
}

static int canonical_url(html_reader *r, const xmlNode *head, nl_error *err) {
  for (const xmlNode *c = head ? head->children : NULL; c; c = c->next) {
    if (!is(c, "link"))
      continue;
    xmlChar *rel = xmlGetProp(c, BAD_CAST "rel");
    int hit = rel && xmlStrcasecmp(rel, BAD_CAST "canonical") == 0;
    xmlFree(rel);
    if (hit)
      return set_prop(r, c, "href", NL_FIELD_URL, err);
  }
  return set_meta(r, head, "og:url", NL_FIELD_URL, err);
}

static int read_meta(html_reader *r, const xmlNode *root, nl_error *err) {
  const xmlNode *head = find(root, "head");
  xmlChar *lang = xmlGetProp(root, BAD_CAST "lang");
  int rc = nl_article_set(r->a, NL_FIELD_LANG,
                          lang && *lang ? (const char *)lang : "en", err);
  xmlFree(lang);
  if (rc == 0)
    rc = set_prop(r, find(root, "time"), "datetime", NL_FIELD_DATE, err);
  if (rc == 0)
    rc = set_meta(r, head, "article:published_time", NL_FIELD_DATE, err);
  if (rc == 0)
    rc = set_meta(r, head, "date", NL_FIELD_DATE, err);
  if (rc == 0)
    rc = set_meta(r, head, "article:section", NL_FIELD_SECTION, err);
  if (rc == 0)
    rc = canonical_url(r, head, err);
  return rc;
}

static int set_id(html_reader *r, nl_error *err) {
  const char *t = "";
  size_t len = 0;
  for (size_t i = 0; i < nl_article_block_count(r->a); i++) {
    const nl_block *b = nl_article_block(r->a, i);
    if (i == 0 || nl_block_get_kind(b) == NL_BLOCK_HEADLINE)
      t = nl_block_text(b, &len);
    if (nl_block_get_kind(b) == NL_BLOCK_HEADLINE)
      break;
  }
  nl_buf slug = NL_BUF_INIT;
  int rc = nl_article__slug(&slug, t, len, err);
  if (rc == 0)
    rc = nl_article_set(r->a, NL_FIELD_ID, slug.ptr, err);
  nl_buf_dispose(&slug);
  return rc;
}

int nl_article__read_html(nl_article **out, const char *data, size_t len,
                          const char *name, nl_error *err) {
  if (len > 0x7fffffff)
    return nl_error__set(err, NL_EPARSE, name, 0, 0, "HTML input too large");
  htmlDocPtr doc = htmlReadMemory(data, (int)len, name, "UTF-8",
                                  HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (root == NULL) {
    xmlFreeDoc(doc);
    return nl_error__set(err, NL_EPARSE, name, 1, 1, "not an HTML document");
  }
  html_reader r = {NULL, name, NL_BLOCKBUF_INIT, 0};
  int rc = nl_article_new(&r.a, err);
  const xmlNode *scope = find(root, "article");
  if (scope == NULL)
    scope = find(root, "body");
  if (rc == 0)
    rc = read_meta(&r, root, err);
  if (rc == 0 && scope)
    rc = walk_blocks(&r, scope, err);
  if (rc == 0 && nl_article_block_count(r.a) == 0)
    rc = nl_error__set(err, NL_EPARSE, name, 0, 0, "no article text found");
  if (rc == 0)
    rc = set_id(&r, err);
  nl_bb__dispose(&r.bb);
  xmlFreeDoc(doc);
  if (rc < 0) {
    nl_article_free(r.a);
    return rc;
  }
  *out = r.a;
  return 0;
}
