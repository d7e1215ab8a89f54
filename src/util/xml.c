/*
 * util/xml.c - hardened libxml2 parsing.
 *
 * XML from translators and CAT tools is untrusted input. We never pass
 * XML_PARSE_NOENT (entity substitution), XML_PARSE_DTDLOAD or
 * XML_PARSE_DTDATTR, and always pass XML_PARSE_NONET: external DTDs and
 * entities are therefore never fetched, and "billion laughs" expansion
 * is bounded by libxml2's own limits because we never ask for HUGE.
 */
#include "util/xml.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "error.h"
#include "util/buf.h"
#include "util/utf8.h"

int nl_xml__options(void) {
  return XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
         XML_PARSE_NOCDATA;
}

int nl_xml__error(nl_error *err, const xmlError *e, const char *name) {
  if (e == NULL)
    return nl_error__set(err, NL_EPARSE, name, 0, 0, "not well-formed XML");
  return nl_error__set(err, NL_EPARSE, name, (unsigned long)(e->line > 0 ? e->line : 0),
                       (unsigned long)(e->int2 > 0 ? e->int2 : 0), "XML: %s",
                       e->message ? e->message : "not well-formed");
}

/* libxml2 goes on after the first fault and its last error is often a
 * consequence ("premature end of data"); users need the first one. */
typedef struct first_error {
  int seen;
  xmlError e;
} first_error;

static void keep_first(void *ctx, xmlErrorPtr e) {
  xmlParserCtxtPtr ctxt = ctx;
  first_error *f = ctxt ? ctxt->_private : NULL;
  if (f == NULL || f->seen || e == NULL || e->level < XML_ERR_ERROR)
    return;
  f->seen = 1;
  f->e = *e;
  f->e.message = e->message ? (char *)xmlStrdup(BAD_CAST e->message) : NULL;
  f->e.file = f->e.str1 = f->e.str2 = f->e.str3 = NULL;
  f->e.node = NULL;
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
  if (doc == NULL || !ctxt->wellFormed) {
    rc = nl_xml__error(err, first.seen ? &first.e : xmlCtxtGetLastError(ctxt),
                       name);
    xmlFreeDoc(doc);
  } else {
    *out = doc;
  }
  xmlFree(first.e.message);
  xmlFreeParserCtxt(ctxt);
  return rc;
}

struct nl_xml_reader {
  xmlTextReaderPtr reader;
  char *name;
  int failed;
  unsigned long line, column;
  char message[200];
};

static void reader_error(void *arg, xmlErrorPtr e) {
  nl_xml_reader *r = arg;
  if (r->failed || e == NULL || e->level < XML_ERR_ERROR)
    return;
  r->failed = 1;
  r->line = e->line > 0 ? (unsigned long)e->line : 0;
  r->column = e->int2 > 0 ? (unsigned long)e->int2 : 0;
  snprintf(r->message, sizeof(r->message), "%s",
           e->message ? e->message : "not well-formed");
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

int nl_xml__reader_error(nl_xml_reader *r, nl_error *err) {
  if (!r->failed)
    return nl_error__set(err, NL_EPARSE, r->name, 0, 0,
                         "XML: unexpected end of input");
  return nl_error__set(err, NL_EPARSE, r->name, r->line, r->column, "XML: %s",
                       r->message);
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
