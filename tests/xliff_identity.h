/*
 * xliff_identity.h - "the translator changed nothing": export an
 * article, give every segment a target equal to its source, and hand
 * back the file a merge takes. Shared by tests/unit/test_roundtrip.c,
 * tests/unit/test_property.c and fuzz/fuzz_pipeline.c, so that all
 * three hold export and merge to the same identity.
 *
 * The targets are made with libxml2 on the exported tree, not by our
 * writer, so that a writer bug cannot hide itself in both halves.
 */
#ifndef NL_TESTS_XLIFF_IDENTITY_H
#define NL_TESTS_XLIFF_IDENTITY_H

#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <newsloc/newsloc.h>

/* Sets each segment's target to a copy of its source (2.0), or adds a
 * target copied from <seg-source> (1.2). */
static inline void xliff_fill_identity(xmlNode *n, int x12) {
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    const char *name = (const char *)c->name;
    if (!x12 && strcmp(name, "segment") == 0) {
      xmlNode *t = xmlCopyNode(c->children, 1);
      xmlNodeSetName(t, BAD_CAST "target");
      xmlAddNextSibling(c->children, t);
      continue;
    }
    if (x12 && strcmp(name, "seg-source") == 0) {
      xmlNode *t = xmlCopyNode(c, 1);
      xmlNodeSetName(t, BAD_CAST "target");
      c = xmlAddNextSibling(c, t);
      continue;
    }
    xliff_fill_identity(c, x12);
  }
}

/* The XLIFF in `xliff` (as exported) with every target set to its
 * source, appended to `out`. 0, or -1 when libxml2 cannot read it. */
static inline int xliff_identity(const nl_buf *xliff, int x12, nl_buf *out) {
  xmlDocPtr doc = xmlReadMemory(xliff->ptr, (int)xliff->size, "x.xlf", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING | XML_PARSE_HUGE);
  if (doc == NULL)
    return -1;
  xliff_fill_identity(xmlDocGetRootElement(doc), x12);
  xmlChar *mem = NULL;
  int len = 0;
  xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
  xmlFreeDoc(doc);
  int rc = mem && nl_buf_append(out, (const char *)mem, (size_t)len) == 0
               ? 0
               : -1;
  xmlFree(mem);
  return rc;
}

/* Everything after the root start tag of our NITF: what must survive a
 * merge into the same language unchanged (xml:lang and dir change). */
static inline const char *xliff_after_root(const char *nitf) {
  const char *p = nitf ? strstr(nitf, "<nitf") : NULL;
  return p ? strchr(p, '>') : "";
}

/* A target that copies its source into a service written the other
 * way is source-language text left in the page, and merge says so on
 * the block (xml:lang="en" dir="ltr", xml:lang="fa" dir="rtl", see
 * merge.c mark_source_lang), as it gives a block kept untranslated its
 * direction; a block's dir is also written only where it differs from
 * the root's, which a merge into another service changes. An identity
 * check compares the text and its markup, so the source language's
 * xml:lang and every dir come off `x` - off both sides compared. */
static inline void xliff_unmark_source_blocks(char *x, const char *lang) {
  char mark[128];
  snprintf(mark, sizeof(mark), " xml:lang=\"%s\"", lang ? lang : "en");
  const char *const marks[] = {mark, " dir=\"ltr\"", " dir=\"rtl\""};
  for (size_t k = 0; x && k < sizeof(marks) / sizeof(marks[0]); k++) {
    size_t n = strlen(marks[k]);
    for (char *p = strstr(x, marks[k]); p; p = strstr(p, marks[k]))
      memmove(p, p + n, strlen(p + n) + 1);
  }
}

#endif
