/*
 * oracle.c - the checks every fuzz target applies to the articles it
 * gets (see oracle.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "oracle.h"

_Noreturn void fuzz_fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("fuzz oracle: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  abort();
}

static char *nitf(const nl_article *a, const char *what) {
  nl_buf b = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  if (nl_article_write_nitf(a, &b, &err) < 0)
    fuzz_fail("%s: the NITF writer failed: %s", what, err.message);
  return b.ptr;
}

static void well_formed(const char *xml) {
  int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == NULL)
    abort();
  xmlDocPtr doc = xmlCtxtReadMemory(ctxt, xml, (int)strlen(xml), "out.xml",
                                    "UTF-8", opts);
  if (doc == NULL || !ctxt->wellFormed)
    fuzz_fail("the NITF written is not well-formed XML: line %d: %s%s",
              ctxt->lastError.line,
              ctxt->lastError.message ? ctxt->lastError.message : "?\n",
              xml);
  xmlFreeDoc(doc);
  xmlFreeParserCtxt(ctxt);
}

void fuzz_check_nitf(const nl_article *a) {
  char *first = nitf(a, "write");
  well_formed(first);
  nl_article *back = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_article_read_memory(&back, first, strlen(first), NL_FORMAT_NITF,
                             "written", &err) != 0)
    fuzz_fail("our NITF does not read back: %s:%lu:%lu: %s\n%s", err.path,
              err.line, err.column, err.message, first);
  char *second = nitf(back, "rewrite");
  if (strcmp(first, second) != 0)
    fuzz_fail("NITF read back writes differently:\n%s\n----\n%s", first,
              second);
  free(second);
  nl_article_free(back);
  free(first);
}

/* A URL as a browser's URL parser sees it: leading and trailing C0
 * controls and spaces go, tabs and newlines anywhere are dropped. */
int fuzz_dangerous_url(const char *url) {
  static const char *const bad[] = {"javascript:", "vbscript:", "data:"};
  char scheme[16];
  size_t n = 0;
  while (*url && (unsigned char)*url <= 0x20)
    url++;
  for (; *url && n < sizeof(scheme) - 1; url++)
    if (*url != '\t' && *url != '\n' && *url != '\r')
      scheme[n++] = *url;
  scheme[n] = 0;
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    if (strncasecmp(scheme, bad[i], strlen(bad[i])) == 0)
      return 1;
  return 0;
}

void fuzz_check_links(const nl_article *a) {
  for (size_t i = 0; i < nl_article_block_count(a); i++) {
    const nl_block *b = nl_article_block(a, i);
    for (size_t j = 0; j < nl_block_inline_count(b); j++) {
      const nl_inline *x = nl_block_inline(b, j);
      for (size_t k = 0; k < x->nattrs; k++)
        if (fuzz_dangerous_url(x->attrs[k].value))
          fuzz_fail("block %s: <%s %s=\"%s\"> kept", nl_block_id(b), x->name,
                    x->attrs[k].name, x->attrs[k].value);
    }
  }
}

/* Elements that run script or load another document. */
static int active_element(const char *name) {
  static const char *const bad[] = {"script", "iframe", "frame",  "frameset",
                                    "object", "embed",  "applet", "base",
                                    "form",   "svg",    "math",   "link",
                                    "meta"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    if (strcasecmp(name, bad[i]) == 0)
      return 1;
  return 0;
}

/* Attributes a browser follows or loads as a URL (HTML5's list). */
static int url_attribute(const char *name) {
  static const char *const urls[] = {
      "href",   "src",    "action",   "formaction", "background", "poster",
      "cite",   "data",   "codebase", "ping",       "manifest",   "srcset",
      "srcdoc", "longdesc", "usemap", "icon",       "dynsrc",     "lowsrc"};
  for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
    if (strcasecmp(name, urls[i]) == 0)
      return 1;
  return 0;
}

static void check_node(const xmlNode *n, const char *page) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    const char *name = (const char *)n->name;
    /* the page's own head may say its charset and viewport */
    int head_meta = strcasecmp(name, "meta") == 0 && n->parent &&
                    strcasecmp((const char *)n->parent->name, "head") == 0 &&
                    xmlHasProp(n, BAD_CAST "http-equiv") == NULL;
    if (active_element(name) && !head_meta)
      fuzz_fail("the page has a <%s> element:\n%s", name, page);
    for (const xmlAttr *at = n->properties; at; at = at->next) {
      const char *an = (const char *)at->name;
      if (strncasecmp(an, "on", 2) == 0)
        fuzz_fail("the page has an %s attribute on <%s>:\n%s", an, name, page);
      if (!url_attribute(an))
        continue;
      xmlChar *v = xmlNodeGetContent((const xmlNode *)at);
      int bad = v && fuzz_dangerous_url((const char *)v);
      xmlFree(v);
      if (bad)
        fuzz_fail("the page has a script URL in %s on <%s>:\n%s", an, name,
                  page);
    }
    check_node(n->children, page);
  }
}

void fuzz_check_page(const nl_article *a, const nl_article *source) {
  nl_buf page = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  if (nl_render_html(a, source, &page, &err) < 0)
    fuzz_fail("render failed: %s", err.message);
  htmlDocPtr doc = htmlReadMemory(page.ptr, (int)page.size, "page.html",
                                  "UTF-8",
                                  HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING);
  if (doc == NULL)
    fuzz_fail("libxml2 cannot read the page:\n%s", page.ptr);
  check_node(xmlDocGetRootElement(doc), page.ptr);
  xmlFreeDoc(doc);
  nl_buf_dispose(&page);
}

static char temp_dir[400];

/* Removes the scratch directory and what the targets left in it. */
static void remove_temp_dir(void) {
  DIR *d = opendir(temp_dir);
  char path[700];
  for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    snprintf(path, sizeof(path), "%s/%s", temp_dir, e->d_name);
    unlink(path);
  }
  if (d)
    closedir(d);
  rmdir(temp_dir);
}

void fuzz_temp_dir(char *path, size_t cap) {
  if (temp_dir[0] == 0) {
    const char *dir = getenv("TMPDIR");
    snprintf(temp_dir, sizeof(temp_dir), "%s/nl-fuzz-%ld",
             dir && *dir ? dir : "/tmp", (long)getpid());
    if (mkdir(temp_dir, 0700) != 0 && errno != EEXIST)
      fuzz_fail("cannot make %s", temp_dir);
    atexit(remove_temp_dir);
  }
  snprintf(path, cap, "%s", temp_dir);
}

void fuzz_temp_file(char *path, size_t cap, const char *name,
                    const uint8_t *data, size_t size) {
  char dir[400];
  fuzz_temp_dir(dir, sizeof(dir));
  snprintf(path, cap, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
    fuzz_fail("cannot write %s", path);
}

void fuzz_check_ranges(const char *text, size_t len, const nl_range *r,
                       size_t n) {
  size_t prev = 0;
  for (size_t i = 0; i < n; i++) {
    if (r[i].start < prev || r[i].end <= r[i].start || r[i].end > len)
      fuzz_fail("segment %zu [%zu, %zu) out of order, empty or outside "
                "the %zu bytes", i, r[i].start, r[i].end, len);
    if ((r[i].start < len && (text[r[i].start] & 0xC0) == 0x80) ||
        (r[i].end < len && (text[r[i].end] & 0xC0) == 0x80))
      fuzz_fail("segment %zu [%zu, %zu) cuts a character", i, r[i].start,
                r[i].end);
    prev = r[i].end;
  }
}

const nl_services *fuzz_services(void) {
  static nl_services *reg;
  nl_error err = NL_ERROR_INIT;
  if (reg == NULL && nl_services_load(&reg, NL_FUZZ_LOCALES, &err) < 0)
    fuzz_fail("the bundled registry does not load: %s", err.message);
  return reg;
}

void fuzz_read_article(const uint8_t *data, size_t size,
                       nl_article_format format) {
  nl_article *a = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_article_read_memory(&a, (const char *)data, size, format, "fuzz",
                             &err) != 0)
    return;
  if (format == NL_FORMAT_HTML)
    fuzz_check_links(a);
  fuzz_check_nitf(a);
  fuzz_check_page(a, NULL);
  fuzz_check_page(a, a);
  nl_article_free(a);
}

static int reported(const nl_localize_report *rep, const char *id) {
  for (size_t i = 0; i < nl_localize_report_count(rep); i++)
    if (strcmp(nl_localize_report_get(rep, i)->block_id, id) == 0)
      return 1;
  return 0;
}

void fuzz_check_localized(const nl_article *in, const nl_article *out,
                          const nl_localize_report *rep) {
  if (nl_article_block_count(in) != nl_article_block_count(out))
    fuzz_fail("localize made %zu blocks of %zu", nl_article_block_count(out),
              nl_article_block_count(in));
  for (size_t i = 0; i < nl_article_block_count(in); i++) {
    const nl_block *a = nl_article_block(in, i);
    const nl_block *b = nl_article_find_block(out, nl_block_id(a));
    if (b == NULL)
      fuzz_fail("localize lost block %s", nl_block_id(a));
    size_t la, lb;
    const char *ta = nl_block_text(a, &la), *tb = nl_block_text(b, &lb);
    if ((la != lb || memcmp(ta, tb, la) != 0) && !reported(rep, nl_block_id(a)))
      fuzz_fail("localize changed block %s without a word in its report:\n"
                "%s\n----\n%s", nl_block_id(a), ta, tb);
  }
}

int fuzz_localize(const nl_article *a, const nl_service *s,
                  const nl_article *source, nl_error *err) {
  nl_article *out = NULL;
  nl_localize_report *rep = NULL;
  int rc = nl_localize_article(&out, a, fuzz_services(), s, &rep, err);
  if (rc == 0) {
    fuzz_check_localized(a, out, rep);
    fuzz_check_nitf(out);
    fuzz_check_page(out, source);
  }
  nl_localize_report_free(rep);
  nl_article_free(out);
  return rc;
}
