/*
 * util/xml.h - hardened libxml2 parsing (internal).
 *
 * Every XML document the library reads goes through here: no network,
 * no DTD loading, no external entities, no entity substitution, depth
 * and size limits left at libxml2's safe defaults, and libxml2's errors
 * turned into one nl_error with file, line and column instead of being
 * printed.
 */
#ifndef NL_UTIL_XML_H
#define NL_UTIL_XML_H

#include <stddef.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <newsloc/error.h>

/* Internal entities may add at most RATIO times the document's size
 * plus BASE bytes (and one per node) to it, all references together. */
#define NL_XML_ENTITY_RATIO 10
#define NL_XML_ENTITY_BASE ((size_t)1 << 20)
#define NL_XML_ENTITY_LIMIT_TEXT "10 times the document's size + 1 MiB"

/* The budget for a document of `len` bytes. */
size_t nl_xml__entity_budget(size_t len);

/* Replaces every entity reference under `root` by its replacement
 * (the internal subset's text or markup), spending *left. An undeclared
 * or external entity, or an exhausted budget, is NL_EPARSE with the
 * reference's line. nl_xml__parse() and nl_xml__reader_expand() call it;
 * readers never see XML_ENTITY_REF_NODE. */
typedef struct nl_xml_source {
  const char *name; /* for errors */
  const char *data; /* the document, to find columns; may be NULL */
  size_t len;
} nl_xml_source;
int nl_xml__expand(xmlNodePtr root, const nl_xml_source *src, size_t *left,
                   nl_error *err);

/* The libxml2 options every reader uses. */
int nl_xml__options(void);

/* Parses `len` bytes; `name` names the input in errors. Checks UTF-8
 * first so that bad bytes get an exact position. NL_EPARSE / NL_EUTF8. */
int nl_xml__parse(xmlDocPtr *out, const char *data, size_t len,
                  const char *name, nl_error *err);

/* Parses an HTML page whole (no network): text runs of any length and
 * elements nested up to NL_HTML_DEPTH_MAX deep (below libxml2's 256 for
 * XML, so that the NITF and XLIFF written from the page, a few levels
 * deeper, read back); deeper nesting or a fault that would have cut the
 * page short is NL_EPARSE. *out may be NULL with 0 when libxml2 found no
 * document at all. */
#define NL_HTML_DEPTH_MAX 200
int nl_xml__parse_html(htmlDocPtr *out, const char *data, size_t len,
                       const char *name, nl_error *err);

/* Fills `err` from libxml2's last error of `ctxt`-less operation. */
int nl_xml__error(nl_error *err, const xmlError *e, const char *name);

/* A streaming reader over a file with the same hardening; errors are
 * collected and reported by nl_xml__reader_error(). */
typedef struct nl_xml_reader nl_xml_reader;
int nl_xml__reader_open(nl_xml_reader **out, const char *path,
                        nl_error *err);
xmlTextReaderPtr nl_xml__reader_get(nl_xml_reader *r);
/* Expands the entities under `n`, a node from xmlTextReaderExpand()
 * (see nl_xml__expand); fails also when the reader has met a fault
 * libxml2 lets pass (an undeclared entity). */
int nl_xml__reader_expand(nl_xml_reader *r, xmlNodePtr n, nl_error *err);
/* After xmlTextReaderRead() returned -1: the parse error as nl_error. */
int nl_xml__reader_error(nl_xml_reader *r, nl_error *err);
void nl_xml__reader_close(nl_xml_reader *r);

/* Element helpers: local name equals `name` (namespace ignored). */
int nl_xml__is(const xmlNode *node, const char *name);
/* Attribute value without namespace (borrowed into a static-free copy:
 * caller frees with xmlFree), NULL when absent. */
xmlChar *nl_xml__attr(const xmlNode *node, const char *name);
/* The xml:lang attribute, caller xmlFree()s, NULL when absent. */
xmlChar *nl_xml__lang(const xmlNode *node);

#endif
