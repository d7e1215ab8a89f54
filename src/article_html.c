/*
 * article_html.c - an article from simple article HTML.
 *
 * libxml2's HTML parser reads the page as a browser would (unclosed <p>,
 * missing <body>), without network access. Then:
 *  - the story is the <article> holding the h1 (pages list other
 *    stories as <article> cards), else the first <article> outside page
 *    furniture, else the whole <body>;
 *  - page furniture is skipped whole: nav, aside, footer, form, script,
 *    style, template, iframe, noscript, button, svg, ..., what the page
 *    hides (hidden, aria-hidden="true"), ARIA landmarks that are not
 *    the story (navigation, banner, contentinfo, complementary, search),
 *    and elements whose class or id has a word naming a navigation,
 *    sharing, related-links, comments, cookie or advertising box (whole
 *    words: "main-with-sidebar" is not a sidebar). Never main, article,
 *    or whatever holds the h1;
 *  - a <header> without the h1 is the site's: only a byline in it
 *    counts;
 *  - text loose between blocks is a paragraph of its own (a <time>
 *    standing alone is the date, not text);
 *  - blocks: h1 is the headline (a later h1, and h2-h6, are paragraphs:
 *    the model has no subheads, and their text still needs translating),
 *    p, li and blockquote text are paragraphs, figcaption is a caption,
 *    <address>, a p/div whose class says byline/author or that holds
 *    a rel="author" link is the byline,
 *    one whose class says dateline or tagline is that block;
 *  - without an h1, the <title> less the site's name ("Headline |
 *    Site") is the headline;
 *  - inline: a (with a real href) → a, em/i/cite → em, strong/b → em with
 *    class="strong" (NITF has no strong), q → q, br → br; other inline
 *    elements keep their text and lose their tag;
 *  - metadata: <html lang>, the story's <time datetime> or a date
 *    <meta> for the
 *    date, article:section for the section, the canonical link for the
 *    URL; the id is derived from the headline.
 */
#include <string.h>

#include <libxml/HTMLparser.h>

#include "article_io.h"
#include "blockbuf.h"
#include "error.h"
#include "util/buf.h"
#include "util/url.h"
#include "util/utf8.h"
#include "util/xml.h"

typedef struct html_reader {
  nl_article *a;
  const char *name;
  nl_blockbuf bb;
  int have_headline;
  int in_header; /* inside <header>: only the h1 and the byline count */
  int after_br;  /* a line starts: its leading white space is not text */
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

/* The words of a class/id value: split at anything not a letter or
 * digit and where camelCase turns ("relatedStories" -> related,
 * stories), lowercased, then compared whole. Whole words, because
 * substrings misfire: "main-with-sidebar" holds the article and
 * "commentary" is a genre, not a comments box. */
static int names_word(const char *v, const char *const *words) {
  char w[64];
  size_t n = 0;
  for (size_t i = 0;; i++) {
    unsigned char c = (unsigned char)v[i];
    int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9');
    int hump = c >= 'A' && c <= 'Z' && i > 0 && v[i - 1] >= 'a' &&
               v[i - 1] <= 'z';
    if ((!alnum || hump) && n > 0) {
      w[n] = '\0';
      for (const char *const *k = words; *k; k++)
        if (strcmp(w, *k) == 0)
          return 1;
      n = 0;
    }
    if (c == '\0')
      return 0;
    if (alnum && n + 1 < sizeof(w))
      w[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
}

/* Whether class or id names one of the words. */
static int attr_says(const xmlNode *n, const char *const *words) {
  static const char *const attrs[] = {"class", "id", NULL};
  for (const char *const *a = attrs; *a; a++) {
    xmlChar *v = xmlGetProp(n, BAD_CAST *a);
    int hit = v && names_word((const char *)v, words);
    xmlFree(v);
    if (hit)
      return 1;
  }
  return 0;
}

static int attr_is(const xmlNode *n, const char *attr,
                   const char *const *values) {
  xmlChar *v = xmlGetProp(n, BAD_CAST attr);
  int hit = 0;
  for (const char *const *k = values; v && *k && !hit; k++)
    hit = xmlStrcasecmp(v, BAD_CAST *k) == 0;
  xmlFree(v);
  return hit;
}

static int has_h1(const xmlNode *n) {
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (is(c, "h1") || has_h1(c)))
      return 1;
  return 0;
}

static int is_furniture(const xmlNode *n) {
  static const char *const tags[] = {
      "nav",    "aside",  "form",   "script", "style",  "template", "iframe",
      "noscript", "button", "svg", "select", "input", "video", "audio", "footer",
      "object", "embed", "canvas", "dialog", NULL};
  static const char *const words[] = {
      "nav", "navbar", "navigation", "menu", "menus", "share", "sharing",
      "social", "related", "comment", "comments", "cookie", "cookies",
      "consent", "ad", "ads", "advert", "adverts", "advertisement",
      "promo", "promos", "newsletter", "breadcrumb", "breadcrumbs", "banner",
      "sidebar", "footer", "skip", "subscribe", "paywall", "popup", "modal",
      NULL};
  /* ARIA landmarks that are never the story, and what the page hides. */
  static const char *const roles[] = {"navigation", "banner", "contentinfo",
                                      "complementary", "search", "dialog",
                                      NULL};
  static const char *const yes[] = {"true", NULL};
  /* The story's own containers are never furniture by their class:
   * "main-with-sidebar" says where the sidebar is, not what main is. */
  static const char *const story[] = {"main", "article", "body", NULL};
  if (is_any(n, tags) || attr_is(n, "role", roles) ||
      attr_is(n, "aria-hidden", yes) || xmlHasProp(n, BAD_CAST "hidden"))
    return 1;
  return !is_any(n, story) && attr_says(n, words) && !has_h1(n);
}

/* ---- inline content ---------------------------------------------------- */

static int walk_inline(html_reader *r, const xmlNode *n, nl_error *err);

/* A text node's content; white space that opens a line after <br> is
 * dropped, as a browser drops it. */
static int feed_text(html_reader *r, const xmlNode *c, nl_error *err) {
  const char *t = (const char *)c->content;
  size_t len = t ? strlen(t) : 0;
  if (r->after_br)
    while (len > 0 && (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r'))
      t++, len--;
  if (len > 0)
    r->after_br = 0;
  return len > 0 ? nl_bb__text(&r->bb, t, len, err) : 0;
}

static int open_mapped(html_reader *r, const xmlNode *n, size_t *idx,
                       int *opened, nl_error *err) {
  *opened = 0;
  if (is(n, "a")) {
    /* A link needs somewhere to go: anchors and links of a scheme not
     * allowed (javascript:, vbscript:, data:, however written) keep
     * their text and lose the tag. */
    xmlChar *href = xmlGetProp(n, BAD_CAST "href");
    int rc = 0;
    if (href && *href && nl_url__safe((const char *)href)) {
      nl_attr at = {"href", (const char *)href};
      rc = nl_bb__open(&r->bb, "a", &at, 1, 0, idx, err);
      *opened = rc == 0;
    }
    xmlFree(href);
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
  if (is(n, "br")) {
    r->after_br = 1;
    return nl_bb__open(&r->bb, "br", NULL, 0, 1, NULL, err);
  }
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
      rc = feed_text(r, c, err);
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
  r->after_br = 0;
  int rc = walk_inline(r, n, err);
  if (rc == 0)
    rc = nl_bb__emit(&r->bb, r->a, kind, NULL, NULL, err);
  nl_bb__reset(&r->bb);
  return rc;
}

/* The block kind a p/div/address/... stands for, from its class. */
/* Whether a link inside says it points at the author (rel="author"). */
static int has_author_link(const xmlNode *n) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    xmlChar *rel = is(c, "a") ? xmlGetProp(c, BAD_CAST "rel") : NULL;
    static const char *const author[] = {"author", NULL};
    int hit = rel && names_word((const char *)rel, author);
    xmlFree(rel);
    if (hit || has_author_link(c))
      return 1;
  }
  return 0;
}

static nl_block_kind kind_by_class(const xmlNode *n, nl_block_kind dflt) {
  static const char *const byline[] = {"byline", "author", "authors", NULL};
  static const char *const dateline[] = {"dateline", NULL};
  static const char *const tagline[] = {"tagline", NULL};
  if (is(n, "address") || attr_says(n, byline) || has_author_link(n))
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

/* A <header> without the h1 is the site's (logo, strapline, menus):
 * only a byline in it is the story's. One holding the h1 is the
 * article's own header (headline, standfirst, byline) and is read as
 * any other content. */
static int header_element(html_reader *r, const xmlNode *c, nl_error *err) {
  int was = r->in_header;
  if (is(c, "p") || is(c, "address") || (is(c, "div") && only_inline(c)))
    return kind_by_class(c, NL_BLOCK_PARAGRAPH) == NL_BLOCK_BYLINE
               ? emit(r, c, NL_BLOCK_BYLINE, err)
               : 0;
  r->in_header = 1;
  int rc = walk_blocks(r, c, err);
  r->in_header = was;
  return rc;
}

static int block_element(html_reader *r, const xmlNode *c, nl_error *err) {
  static const char *const heads[] = {"h2", "h3", "h4", "h5", "h6", NULL};
  if (is_furniture(c))
    return 0;
  if (is(c, "h1")) {
    nl_block_kind k = r->have_headline ? NL_BLOCK_PARAGRAPH : NL_BLOCK_HEADLINE;
    r->have_headline = 1;
    return emit(r, c, k, err);
  }
  if ((is(c, "header") && !has_h1(c)) || r->in_header)
    return header_element(r, c, err);
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

/* Phrasing content: what flows inside a paragraph. */
static int is_inline_node(const xmlNode *c) {
  static const char *const tags[] = {
      "a",    "abbr", "b",   "bdi",  "bdo",  "br",   "cite", "code",
      "data", "dfn",  "em",  "font", "i",    "kbd",  "mark", "q",
      "s",    "samp", "small", "span", "strong", "sub", "sup", "time",
      "u",    "var",  "wbr", NULL};
  return c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE ||
         is_any(c, tags);
}

static int only_space(const xmlNode *c) {
  for (const xmlChar *t = c->content; t && *t; t++)
    if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\r' && *t != '\f')
      return 0;
  return 1;
}

/* Ends the paragraph that text loose among blocks started. */
static int flush_run(html_reader *r, int *open, nl_error *err) {
  int rc = 0;
  if (*open)
    rc = nl_bb__emit(&r->bb, r->a, NL_BLOCK_PARAGRAPH, NULL, NULL, err);
  nl_bb__reset(&r->bb);
  *open = 0;
  return rc;
}

/* Blocks in document order. Text and inline elements loose between
 * blocks ("<div>Text.<p>More</p></div>", CMS bodies without <p>) form a
 * paragraph of their own, as a browser lays them out; in a site header
 * such text is the site's and is skipped. */
static int walk_blocks(html_reader *r, const xmlNode *n, nl_error *err) {
  int rc = 0, open = 0;
  for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
    if (is_inline_node(c) && !r->in_header) {
      if (!open && (c->type != XML_ELEMENT_NODE ? only_space(c)
                                                : is(c, "time")))
        continue; /* a <time> standing alone shows the date: metadata */
      if (!open && c->type == XML_ELEMENT_NODE &&
          kind_by_class(c, NL_BLOCK_PARAGRAPH) != NL_BLOCK_PARAGRAPH) {
        /* <span class="byline"> standing alone is that block */
        rc = emit(r, c, kind_by_class(c, NL_BLOCK_PARAGRAPH), err);
        continue;
      }
      if (!open) {
        nl_bb__reset(&r->bb);
        r->bb.preserve = 0;
        r->after_br = 0;
        open = 1;
      }
      rc = c->type == XML_ELEMENT_NODE ? walk_inline_element(r, c, err)
                                       : feed_text(r, c, err);
    } else if (c->type == XML_ELEMENT_NODE) {
      if ((rc = flush_run(r, &open, err)) == 0)
        rc = block_element(r, c, err);
    }
  }
  if (rc == 0)
    rc = flush_run(r, &open, err);
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
  if (v) /* what XML cannot carry goes, as from text */
    v[nl_utf8__xml_strip((char *)v, strlen((char *)v))] = '\0';
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

static int read_meta(html_reader *r, const xmlNode *root,
                     const xmlNode *scope, nl_error *err) {
  const xmlNode *head = find(root, "head");
  int rc = set_prop(r, root, "lang", NL_FIELD_LANG, err);
  if (rc == 0 && nl_article_get(r->a, NL_FIELD_LANG) == NULL)
    rc = nl_article_set(r->a, NL_FIELD_LANG, "en", err);
  if (rc == 0)
    rc = set_prop(r, find(scope, "time"), "datetime", NL_FIELD_DATE, err);
  if (rc == 0) /* a <time> outside the story may date another story */
    rc = set_meta(r, head, "article:published_time", NL_FIELD_DATE, err);
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

/* ---- scope and headline fallback --------------------------------------- */

/* First element named `name` outside page furniture. */
static const xmlNode *find_content(const xmlNode *n, const char *name,
                                   int with_h1) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || is_furniture(c))
      continue;
    if (is(c, name) && (!with_h1 || has_h1(c)))
      return c;
    const xmlNode *d = find_content(c, name, with_h1);
    if (d)
      return d;
  }
  return NULL;
}

/* The story: the <article> holding the h1 (pages list other articles
 * as cards around it), else the first <article> outside furniture,
 * else the whole body. */
static const xmlNode *find_scope(const xmlNode *root) {
  const xmlNode *s = find_content(root, "article", 1);
  if (s == NULL)
    s = find_content(root, "article", 0);
  if (s == NULL)
    s = find(root, "body");
  return s;
}

/* Where a <title>'s site name starts ("Headline | Site", "Headline -
 * Site"): the last separator with at most four words after it and some
 * title before it; `len` when there is none. */
static size_t title_cut(const char *t, size_t len) {
  static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ",
                                     " \xE2\x80\x94 ", " :: ", " \xC2\xB7 "};
  for (size_t i = len; i-- > 1;) {
    for (size_t k = 0; k < sizeof(seps) / sizeof(seps[0]); k++) {
      size_t n = strlen(seps[k]);
      if (i + n > len || memcmp(t + i, seps[k], n) != 0)
        continue;
      size_t words = 1;
      for (size_t j = i + n; j < len; j++)
        words += t[j] == ' ';
      return words <= 4 ? i : len;
    }
  }
  return len;
}

/* Appends block `b` (text, id, inline elements) to `a`. */
static int copy_block(nl_article *a, const nl_block *b, nl_error *err) {
  size_t len;
  const char *t = nl_block_text(b, &len);
  nl_block *nb;
  int rc = nl_article_add_block(a, nl_block_get_kind(b), nl_block_id(b), t,
                                len, &nb, err);
  for (size_t i = 0; rc == 0 && i < nl_block_inline_count(b); i++) {
    const nl_inline *x = nl_block_inline(b, i);
    rc = nl_block_add_inline(nb, x->name, x->start, x->end, x->empty,
                             x->attrs, x->nattrs, err);
  }
  return rc;
}

/* No h1: the page's <title>, without the site's name, heads the story.
 * Blocks cannot be inserted, so the article is rebuilt behind it. */
static int title_headline(html_reader *r, const xmlNode *title,
                          nl_error *err) {
  nl_bb__reset(&r->bb);
  int rc = title ? walk_inline(r, title, err) : 0;
  const char *t = r->bb.text.ptr ? r->bb.text.ptr : "";
  size_t len = r->bb.text.size;
  while (len > 0 && *t == ' ')
    t++, len--;
  while (len > 0 && t[len - 1] == ' ')
    len--;
  len = title_cut(t, len);
  nl_article *a = NULL;
  if (rc < 0 || len == 0 || (rc = nl_article_new(&a, err)) < 0)
    goto done;
  for (int f = 0; rc == 0 && f < NL_FIELD__COUNT; f++)
    rc = nl_article_set(a, (nl_article_field)f,
                        nl_article_get(r->a, (nl_article_field)f), err);
  if (rc == 0)
    rc = nl_article_add_block(a, NL_BLOCK_HEADLINE, NULL, t, len, NULL, err);
  for (size_t i = 0; rc == 0 && i < nl_article_block_count(r->a); i++)
    rc = copy_block(a, nl_article_block(r->a, i), err);
  if (rc == 0) {
    nl_article_free(r->a);
    r->a = a;
    a = NULL;
    r->have_headline = 1;
  }
done:
  nl_article_free(a);
  nl_bb__reset(&r->bb);
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
  htmlDocPtr doc = NULL;
  int prc = nl_xml__parse_html(&doc, data, len, name, err);
  if (prc < 0)
    return prc;
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (root == NULL) {
    xmlFreeDoc(doc);
    return nl_error__set(err, NL_EPARSE, name, 1, 1, "not an HTML document");
  }
  html_reader r = {NULL, name, NL_BLOCKBUF_INIT, 0, 0, 0};
  int rc = nl_article_new(&r.a, err);
  const xmlNode *scope = find_scope(root);
  if (rc == 0)
    rc = read_meta(&r, root, scope, err);
  if (rc == 0 && scope)
    rc = walk_blocks(&r, scope, err);
  if (rc == 0 && !r.have_headline && nl_article_block_count(r.a) > 0)
    rc = title_headline(&r, find(root, "title"), err);
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
