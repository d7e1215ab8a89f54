/*
 * test_e2e.c - every service, end to end: export an article, translate
 * it (real text from tests/data/e2e/translations.tsv where we have it, a
 * pseudo-translation otherwise), merge, localize, write NITF, and check
 * what an editor would publish: valid NITF that reads back, NFC, the
 * right xml:lang and dir, balanced bidi isolates and no embeddings, and
 * none of the letters the service's orthography rules replace.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <newsloc/newsloc.h>

#include "harness.h"
#include "util/icu.h"
#include "util/utf8.h"

/* The translation of `src` for service `id`, from the table; NULL when
 * there is none. */
static char *real_translation(const char *table, const char *id,
                              const char *src) {
  size_t il = strlen(id), sl = strlen(src);
  for (const char *p = table; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n > il + sl + 2 && strncmp(p, id, il) == 0 && p[il] == '\t' &&
        strncmp(p + il + 1, src, sl) == 0 && p[il + 1 + sl] == '\t')
      return strndup(p + il + sl + 2, n - il - sl - 2);
    p += n + (nl != NULL);
  }
  return NULL;
}

/* Adds a target to every segment of the exported XLIFF. */
static int translate(xmlNode *n, const char *table, const nl_service *s,
                     int *real) {
  int rc = 0;
  for (xmlNode *c = n->children; c && rc == 0; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (strcmp((const char *)c->name, "segment") != 0) {
      rc = translate(c, table, s, real);
      continue;
    }
    xmlChar *src = xmlNodeGetContent(c->children);
    char *t = real_translation(table, nl_service_get(s, NL_SERVICE_ID),
                               (const char *)src);
    char pseudo[512];
    if (t == NULL) {
      snprintf(pseudo, sizeof(pseudo), "[%s] %s",
               nl_service_get(s, NL_SERVICE_NATIVE), (const char *)src);
      t = strdup(pseudo);
    } else {
      (*real)++;
    }
    xmlNode *tgt = xmlNewChild(c, c->ns, BAD_CAST "target", NULL);
    xmlNodeAddContent(tgt, BAD_CAST t);
    free(t);
    xmlFree(src);
  }
  return rc;
}

static void check_text(const char *id, const char *t,
                       const char *const *forbidden, size_t nforbidden) {
  size_t len = strlen(t);
  if (!nl_icu__is_nfc(t, len))
    NL_FAIL("%s: not NFC: %s", id, t);
  int depth = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c = nl_utf8__next(t, len, &i);
    if (c >= 0x202A && c <= 0x202E)
      NL_FAIL("%s: an embedding or override in %s", id, t);
    if (c >= 0x2066 && c <= 0x2068)
      depth++;
    if (c == 0x2069 && --depth < 0)
      NL_FAIL("%s: PDI without an isolate in %s", id, t);
  }
  if (depth != 0)
    NL_FAIL("%s: unbalanced isolates in %s", id, t);
  for (size_t k = 0; k < nforbidden; k++)
    if (strstr(t, forbidden[k]))
      NL_FAIL("%s: \"%s\" left in %s", id, forbidden[k], t);
}

/* Letters the service's rule sets always replace ("any" rules). */
static size_t forbidden_letters(const nl_service *s, char out[][16],
                                size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < nl_service_orthography_count(s); i++) {
    char rel[256];
    snprintf(rel, sizeof(rel), "orthography/%s.tsv",
             nl_service_orthography(s, i));
    char *path = nl_test_path("NEWSLOC_LOCALES", rel);
    size_t len;
    char *d = nl_test_exists(path) ? nl_test_slurp(path, &len) : NULL;
    for (char *p = d; p && *p && n < cap;) {
      char *nl = strchr(p, '\n');
      if (nl)
        *nl = '\0';
      char *t1 = strchr(p, '\t');
      if (p[0] != '#' && t1 && strstr(t1, "\tany") && t1 - p < 16) {
        snprintf(out[n], 16, "%.*s", (int)(t1 - p), p);
        n++;
      }
      p = nl ? nl + 1 : p + strlen(p);
    }
    free(d);
    free(path);
  }
  return n;
}

static void one_service(nl_services *reg, const nl_service *s,
                        const nl_article *src, const char *table, int *real) {
  const char *id = nl_service_get(s, NL_SERVICE_ID);
  nl_error err = NL_ERROR_INIT;
  nl_segmenter *seg = NULL;
  nl_buf x = NL_BUF_INIT, nitf = NL_BUF_INIT;
  nl_export_options eo = NL_EXPORT_OPTIONS_INIT;
  eo.target_lang = nl_service_get(s, NL_SERVICE_TAG);
  nl_article *merged = NULL, *loc = NULL, *back = NULL;
  xmlChar *mem = NULL;
  int len = 0;
  if (nl_segmenter_new(&seg, "en", NULL, &err) < 0 ||
      nl_xliff_export(src, seg, &eo, &x, NULL, &err) < 0) {
    NL_FAIL("%s: export: %s", id, err.message);
    goto done;
  }
  xmlDocPtr doc = xmlReadMemory(x.ptr, (int)x.size, "x", NULL, XML_PARSE_NONET);
  translate(xmlDocGetRootElement(doc), table, s, real);
  xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
  xmlFreeDoc(doc);
  if (nl_merge_memory(&merged, src, (const char *)mem, (size_t)len, id, NULL,
                      NULL, &err) < 0 ||
      nl_localize_article(&loc, merged, reg, s, NULL, &err) < 0 ||
      nl_article_write_nitf(loc, &nitf, &err) < 0 ||
      nl_article_read_memory(&back, nitf.ptr, nitf.size, NL_FORMAT_NITF, id,
                             &err) < 0) {
    NL_FAIL("%s: %s", id, err.message);
    goto done;
  }
  NL_CHECK_STR(nl_article_get(back, NL_FIELD_LANG), eo.target_lang);
  NL_CHECK_STR(nl_article_get(back, NL_FIELD_DIR),
               nl_service_get(s, NL_SERVICE_DIR));
  char forbidden[32][16];
  const char *fp[32];
  size_t nf = forbidden_letters(s, forbidden, 32);
  for (size_t i = 0; i < nf; i++)
    fp[i] = forbidden[i];
  for (size_t i = 0; i < nl_article_block_count(back); i++)
    check_text(id, nl_block_text(nl_article_block(back, i), NULL), fp, nf);
done:
  xmlFree(mem);
  nl_article_free(back);
  nl_article_free(loc);
  nl_article_free(merged);
  nl_buf_dispose(&x);
  nl_buf_dispose(&nitf);
  nl_segmenter_free(seg);
}

static void test_e2e__every_service(void) {
  nl_error err = NL_ERROR_INIT;
  nl_services *reg = NULL;
  nl_article *src = NULL;
  char *apath = nl_test_path("NL_TEST_DATA", "articles/short.xml");
  char *tpath = nl_test_path("NL_TEST_DATA", "e2e/translations.tsv");
  size_t tl;
  char *table = nl_test_slurp(tpath, &tl);
  NL_CHECK_INT(nl_services_load(&reg, NULL, &err), 0);
  NL_CHECK_INT(nl_article_read_file(&src, apath, NL_FORMAT_AUTO, &err), 0);
  int real = 0;
  for (size_t i = 0; reg && src && i < nl_services_count(reg); i++)
    one_service(reg, nl_services_at(reg, i), src, table, &real);
  NL_CHECK(real >= 22); /* two segments for each of eleven services */
  printf("    %zu services, %d segments of real translation\n",
         nl_services_count(reg), real);
  free(table);
  free(apath);
  free(tpath);
  nl_article_free(src);
  nl_services_free(reg);
}

static const nl_test tests[] = {
    NL_TEST(test_e2e__every_service),
};

NL_TEST_MAIN(tests)
