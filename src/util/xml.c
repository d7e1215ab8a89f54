/*
 * util/xml.c - hardened libxml2 parsing.
 *
 * XML from translators and CAT tools is untrusted input. We never pass
 * XML_PARSE_NOENT (entity substitution), XML_PARSE_DTDLOAD or
 * XML_PARSE_DTDATTR, and always pass XML_PARSE_NONET: external DTDs and
 * entities are therefore never fetched, and "billion laughs" expansion
 * is bounded by libxml2's own limits because we never ask for HUGE
 * (which in libxml2 2.9 also turns those limits off).
 *
 * Entities the document declares in its internal subset are still
 * text the author wrote: nl_xml__expand() puts their replacement in
 * place of each reference after parsing, within a budget of its own.
 * A reference to an entity that is not declared there (an HTML name
 * like &eacute; in XML, or one only an external DTD would declare) or
 * to an external entity is an error with its position, never a silent
 * gap in the text.
 */
#include "util/xml.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "error.h"
#include "util/buf.h"
#include "util/utf8.h"

int nl_xml__options(void) {
  return XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
         XML_PARSE_NOCDATA;
}

/* libxml2's own limits speak of its internals ("Huge input lookup"):
 * the error says which limit the document passed. */
static const char *limit_named(const xmlError *e) {
  const char *m = e->message ? e->message : "";
  if (strstr(m, "Huge input lookup") || strstr(m, "huge text node") ||
      strstr(m, "too long"))
    return " (over the XML reader's limit: 10,000,000 bytes of text in one "
           "run, one attribute value or one name)";
  if (strstr(m, "Excessive depth"))
    return " (over the XML reader's limit of 256 nested elements)";
  return "";
}

/* The message's length without libxml2's final newline. */
static int message_len(const xmlError *e) {
  const char *m = e->message ? e->message : "not well-formed";
  size_t n = strlen(m);
  while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
    n--;
  return n > 4096 ? 4096 : (int)n;
}

int nl_xml__error(nl_error *err, const xmlError *e, const char *name) {
  if (e == NULL)
    return nl_error__set(err, NL_EPARSE, name, 0, 0, "not well-formed XML");
  return nl_error__set(err, NL_EPARSE, name, (unsigned long)(e->line > 0 ? e->line : 0),
                       (unsigned long)(e->int2 > 0 ? e->int2 : 0), "XML: %.*s%s",
                       message_len(e), e->message ? e->message : "not well-formed",
                       limit_named(e));
}

/* libxml2 goes on after the first fault and its last error is often a
 * consequence ("premature end of data"); users need the first one. */
typedef struct first_error {
  int seen, fatal;
  xmlError e;   /* the first fault */
  xmlError ent; /* the first undeclared entity (fatal): see is_fault */
} first_error;

/* libxml2 only warns about an undeclared entity when the document has
 * an external DTD (which might declare it) and drops the reference:
 * we never load that DTD, so the text would silently lose it. */
static int is_fault(const xmlError *e) {
  return e->level >= XML_ERR_ERROR || e->code == XML_WAR_UNDECLARED_ENTITY;
}

static void copy_error(xmlError *to, const xmlError *e) {
  *to = *e;
  to->message = e->message ? (char *)xmlStrdup(BAD_CAST e->message) : NULL;
  to->file = to->str1 = to->str2 = to->str3 = NULL;
  to->node = NULL;
}

static void keep_first(void *ctx, xmlErrorPtr e) {
  xmlParserCtxtPtr ctxt = ctx;
  first_error *f = ctxt ? ctxt->_private : NULL;
  if (f == NULL || e == NULL || !is_fault(e))
    return;
  if (!f->seen)
    copy_error(&f->e, e);
  f->seen = 1;
  if (!f->fatal && e->code == XML_WAR_UNDECLARED_ENTITY) {
    copy_error(&f->ent, e);
    f->fatal = 1;
  }
}

/* ---- internal entities -------------------------------------------------- */

size_t nl_xml__entity_budget(size_t len) {
  if (len > (SIZE_MAX - NL_XML_ENTITY_BASE) / NL_XML_ENTITY_RATIO)
    return SIZE_MAX;
  return len * NL_XML_ENTITY_RATIO + NL_XML_ENTITY_BASE;
}

/* What a copied node list costs against the budget: its text, and one
 * for each node (so that empty entities nested 10 deep cost too). */
static size_t cost(const xmlNode *n) {
  size_t c = 0;
  for (; n; n = n->next) {
    c += 1 + (n->type == XML_TEXT_NODE && n->content
                  ? strlen((const char *)n->content)
                  : 0);
    if (n->type == XML_ELEMENT_NODE)
      c += cost(n->children);
  }
  return c;
}

/* The tree keeps only a line: the column is where "&name;" first
 * appears on that line of the source, when we have it. */
static unsigned long ref_column(const nl_xml_source *src, unsigned long line,
                                const xmlChar *name) {
  if (src == NULL || src->data == NULL || line == 0)
    return 0;
  size_t i = 0, n = strlen((const char *)name);
  for (unsigned long l = 1; l < line && i < src->len; i++)
    l += src->data[i] == '\n';
  for (size_t j = i; j < src->len && src->data[j] != '\n'; j++)
    if (src->data[j] == '&' && j + n + 1 < src->len &&
        memcmp(src->data + j + 1, name, n) == 0 && src->data[j + n + 1] == ';') {
      unsigned long l, c;
      nl_utf8__position(src->data, j, &l, &c);
      return c;
    }
  return 0;
}

static int entity_fault(const xmlNode *ref, const nl_xml_source *src,
                        const char *why, nl_error *err) {
  long l = xmlGetLineNo(ref);
  unsigned long line = l > 0 ? (unsigned long)l : 0;
  return nl_error__set(err, NL_EPARSE, src->name, line,
                       ref_column(src, line, ref->name),
                       "XML: entity '%s' %s", ref->name, why);
}

/* Puts a copy of the entity's replacement in place of `ref`, which is
 * freed. */
static int expand_one(xmlNodePtr ref, size_t *left, const nl_xml_source *name,
                      nl_error *err) {
  xmlEntityPtr ent = xmlGetDocEntity(ref->doc, ref->name);
  if (ent == NULL)
    return entity_fault(ref, name, "is not declared", err);
  if (ent->etype != XML_INTERNAL_GENERAL_ENTITY &&
      ent->etype != XML_INTERNAL_PREDEFINED_ENTITY)
    return entity_fault(ref, name,
                        "is external: external entities are never loaded",
                        err);
  xmlNodePtr copy = NULL;
  if (ent->children)
    copy = xmlDocCopyNodeList(ref->doc, ent->children);
  else if (ent->content && *ent->content)
    copy = xmlStringGetNodeList(ref->doc, ent->content);
  size_t c = cost(copy);
  if (c > *left) {
    xmlFreeNodeList(copy);
    return entity_fault(ref, name, "takes the expansion of entities past "
                        "its limit (" NL_XML_ENTITY_LIMIT_TEXT ")", err);
  }
  *left -= c;
  while (copy) {
    xmlNodePtr next = copy->next;
    xmlUnlinkNode(copy);
    if (xmlAddPrevSibling(ref, copy) == NULL) {
      xmlFreeNode(copy);
      xmlFreeNodeList(next);
      return nl_error__nomem(err);
    }
    copy = next;
  }
  xmlUnlinkNode(ref);
  xmlFreeNode(ref);
  return 0;
}

/* The next node in document order after `n` and its children, within
 * `root`. */
static xmlNodePtr climb(xmlNodePtr n, const xmlNode *root) {
  for (; n && n != root; n = n->parent)
    if (n->next)
      return n->next;
  return NULL;
}

int nl_xml__expand(xmlNodePtr root, const nl_xml_source *src, size_t *left,
                   nl_error *err) {
  xmlNodePtr n = root;
  while (n) {
    if (n->type == XML_ENTITY_REF_NODE) {
      xmlNodePtr parent = n->parent, prev = n->prev;
      int rc = expand_one(n, left, src, err);
      if (rc < 0)
        return rc;
      n = prev ? prev->next : parent->children;
      if (n == NULL)
        n = climb(parent, root);
    } else if (n->type == XML_ELEMENT_NODE && n->children) {
      n = n->children;
    } else {
      n = climb(n, root);
    }
  }
  return 0;
}

int nl_xml__parse(xmlDocPtr *out, const char *data, size_t len,
                  const char *name, nl_error *err) {
  *out = NULL;
  int rc = nl_utf8__check(data, len, name, err);
  if (rc < 0)
    return rc;
  if (len > (size_t)INT32_MAX)
    return nl_error__set(err, NL_EPARSE, name, 0, 0, "XML input too large");
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == NULL)
    return nl_error__nomem(err);
  first_error first = {0};
  ctxt->_private = &first;
  ctxt->sax->serror = keep_first;
  xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, "UTF-8",
                                    nl_xml__options());
  if (doc == NULL || !ctxt->wellFormed || first.fatal) {
    const xmlError *e = doc && ctxt->wellFormed ? &first.ent
                        : first.seen             ? &first.e
                                                 : xmlCtxtGetLastError(ctxt);
    rc = nl_xml__error(err, e, name);
    xmlFreeDoc(doc);
  } else {
    size_t left = nl_xml__entity_budget(len);
    nl_xml_source src = {name, data, len};
    rc = nl_xml__expand(xmlDocGetRootElement(doc), &src, &left, err);
    if (rc < 0)
      xmlFreeDoc(doc);
    else
      *out = doc;
  }
  xmlFree(first.e.message);
  xmlFree(first.ent.message);
  xmlFreeParserCtxt(ctxt);
  return rc;
}

typedef struct reader_fault {
  int seen;
  unsigned long line, column;
  char message[200];
} reader_fault;

struct nl_xml_reader {
  xmlTextReaderPtr reader;
  char *name;
  reader_fault first, entity; /* the first fault; the first undeclared
                                 entity, which fails the read (is_fault) */
  size_t left; /* entity expansion budget (nl_xml__expand) */
};

static void note_fault(reader_fault *f, const xmlError *e) {
  f->seen = 1;
  f->line = e->line > 0 ? (unsigned long)e->line : 0;
  f->column = e->int2 > 0 ? (unsigned long)e->int2 : 0;
  snprintf(f->message, sizeof(f->message), "%.*s%s", message_len(e),
           e->message ? e->message : "not well-formed", limit_named(e));
}

static void reader_error(void *arg, xmlErrorPtr e) {
  nl_xml_reader *r = arg;
  if (e == NULL || !is_fault(e))
    return;
  if (!r->first.seen)
    note_fault(&r->first, e);
  if (!r->entity.seen && e->code == XML_WAR_UNDECLARED_ENTITY)
    note_fault(&r->entity, e);
}

static int fault_error(const nl_xml_reader *r, const reader_fault *f,
                       nl_error *err) {
  return nl_error__set(err, NL_EPARSE, r->name, f->line, f->column,
                       "XML: %s", f->message);
}

int nl_xml__reader_open(nl_xml_reader **out, const char *path,
                        nl_error *err) {
  *out = NULL;
  nl_xml_reader *r = calloc(1, sizeof(*r));
  if (r == NULL)
    return nl_error__nomem(err);
  r->name = nl__strdup(path);
  if (r->name == NULL) {
    free(r);
    return nl_error__nomem(err);
  }
  struct stat st;
  r->left = nl_xml__entity_budget(
      stat(path, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0);
  r->reader = xmlReaderForFile(path, NULL, nl_xml__options());
  if (r->reader == NULL) {
    free(r->name);
    free(r);
    return nl_error__set(err, NL_EIO, path, 0, 0, "cannot open");
  }
  xmlTextReaderSetStructuredErrorHandler(r->reader, reader_error, r);
  *out = r;
  return 0;
}

xmlTextReaderPtr nl_xml__reader_get(nl_xml_reader *r) { return r->reader; }

int nl_xml__reader_expand(nl_xml_reader *r, xmlNodePtr n, nl_error *err) {
  if (r->entity.seen)
    return fault_error(r, &r->entity, err);
  nl_xml_source src = {r->name, NULL, 0};
  return nl_xml__expand(n, &src, &r->left, err);
}

int nl_xml__reader_error(nl_xml_reader *r, nl_error *err) {
  if (!r->first.seen)
    return nl_error__set(err, NL_EPARSE, r->name, 0, 0,
                         "XML: unexpected end of input");
  return fault_error(r, &r->first, err);
}

void nl_xml__reader_close(nl_xml_reader *r) {
  if (r == NULL)
    return;
  xmlFreeTextReader(r->reader);
  free(r->name);
  free(r);
}

int nl_xml__is(const xmlNode *node, const char *name) {
  return node && node->type == XML_ELEMENT_NODE &&
         strcmp((const char *)node->name, name) == 0;
}

xmlChar *nl_xml__attr(const xmlNode *node, const char *name) {
  return xmlGetNoNsProp(node, (const xmlChar *)name);
}

xmlChar *nl_xml__lang(const xmlNode *node) {
  return xmlGetNsProp(node, (const xmlChar *)"lang", XML_XML_NAMESPACE);
}

/* ---- HTML ----------------------------------------------------------------- */

/* libxml2's HTML parser halts on a fatal error (out of memory, its own
 * limits) and returns what it had: a truncated page. We keep the first
 * fatal one. HTML's ordinary errors (unclosed tags) are how pages are. */
static void keep_fatal(void *ctx, xmlErrorPtr e) {
  xmlParserCtxtPtr ctxt = ctx;
  first_error *f = ctxt ? ctxt->_private : NULL;
  if (f == NULL || f->seen || e == NULL || e->level < XML_ERR_FATAL)
    return;
  f->seen = 1;
  copy_error(&f->e, e);
}

/* The first element nested deeper than NL_HTML_DEPTH_MAX, or NULL
 * (iterative: the tree may be deeper than the stack). */
static const xmlNode *too_deep(const xmlNode *root) {
  const xmlNode *n = root;
  size_t depth = 0;
  while (n) {
    if (n->type == XML_ELEMENT_NODE && depth > NL_HTML_DEPTH_MAX)
      return n;
    if (n->children && n->type == XML_ELEMENT_NODE) {
      n = n->children;
      depth++;
      continue;
    }
    while (n && n != root && n->next == NULL) {
      n = n->parent;
      depth--;
    }
    n = n && n != root ? n->next : NULL;
  }
  return NULL;
}

/* libxml2 drops FF (HTML white space) and VT as invalid characters,
 * gluing the words around them: they become spaces first. U+FFFE and
 * U+FFFF (noncharacters XML cannot carry, dropped everywhere else)
 * go before parsing: met in an attribute, they cost libxml2 the rest
 * of the page. */
static int nonchar_at(const char *s, size_t len, size_t i) {
  return i + 2 < len && (unsigned char)s[i] == 0xEF &&
         (unsigned char)s[i + 1] == 0xBF &&
         ((unsigned char)s[i + 2] & 0xFE) == 0xBE;
}

static int html_needs_copy(const char *data, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (data[i] == '\f' || data[i] == '\v' || nonchar_at(data, len, i))
      return 1;
  return 0;
}

static size_t html_clean(char *out, const char *data, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    if (nonchar_at(data, len, i)) {
      i += 2;
      continue;
    }
    out[n++] = data[i] == '\f' || data[i] == '\v' ? ' ' : data[i];
  }
  return n;
}

int nl_xml__parse_html(htmlDocPtr *out, const char *data, size_t len,
                       const char *name, nl_error *err) {
  *out = NULL;
  if (len > (size_t)INT32_MAX)
    return nl_error__set(err, NL_EPARSE, name, 0, 0,
                         "HTML input over 2 GiB: too large");
  char *copy = NULL;
  if (html_needs_copy(data, len)) {
    if ((copy = malloc(len ? len : 1)) == NULL)
      return nl_error__nomem(err);
    len = html_clean(copy, data, len);
    data = copy;
  }
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (ctxt == NULL) {
    free(copy);
    return nl_error__nomem(err);
  }
  first_error fatal = {0};
  ctxt->_private = &fatal;
  ctxt->sax->serror = keep_fatal;
  /* HUGE (XML_PARSE_HUGE: htmlCtxtUseOptions takes it): no 10,000,000-byte cut of a text run, no 256-level cut of
   * the tree; our own limits below and in the model are errors */
  htmlDocPtr doc = htmlCtxtReadMemory(
      ctxt, data, (int)len, name, "UTF-8",
      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
          XML_PARSE_HUGE);
  int rc = 0;
  const xmlNode *deep = NULL;
  if (fatal.seen) {
    rc = nl_xml__error(err, &fatal.e, name);
  } else if (doc && (deep = too_deep(xmlDocGetRootElement(doc))) != NULL) {
    long line = xmlGetLineNo(deep);
    rc = nl_error__set(err, NL_EPARSE, name,
                       line > 0 ? (unsigned long)line : 0, 0,
                       "HTML: elements nested deeper than %d", 
                       NL_HTML_DEPTH_MAX);
  }
  if (rc < 0) {
    xmlFreeDoc(doc);
    doc = NULL;
  }
  xmlFree(fatal.e.message);
  htmlFreeParserCtxt(ctxt);
  free(copy);
  *out = doc;
  return rc;
}
