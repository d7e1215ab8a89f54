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
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <newsloc/error.h>

/* The libxml2 options every reader uses. */
int nl_xml__options(void);

/* Parses `len` bytes; `name` names the input in errors. Checks UTF-8
 * first so that bad bytes get an exact position. NL_EPARSE / NL_EUTF8. */
int nl_xml__parse(xmlDocPtr *out, const char *data, size_t len,
                  const char *name, nl_error *err);

/* Fills `err` from libxml2's last error of `ctxt`-less operation. */
int nl_xml__error(nl_error *err, const xmlError *e, const char *name);

/* A streaming reader over a file with the same hardening; errors are
 * collected and reported by nl_xml__reader_error(). */
typedef struct nl_xml_reader nl_xml_reader;
int nl_xml__reader_open(nl_xml_reader **out, const char *path,
                        nl_error *err);
xmlTextReaderPtr nl_xml__reader_get(nl_xml_reader *r);
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
