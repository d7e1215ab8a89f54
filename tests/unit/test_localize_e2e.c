/*
 * test_localize_e2e.c - from the English article to what each service
 * publishes.
 *
 * tests/data/e2e/article.xml is exported for every service, translated,
 * merged, localized and written as NITF, which is read back. Eleven
 * services have a translator's file, <service>.xlf, with real text
 * (and the usual slips: Arabic letters in Persian, Zawgyi in Burmese,
 * straight quotes, Latin digits); the others get a pseudo-translation
 * made from the export. Every service's NITF must read back, be NFC,
 * carry the service's xml:lang and dir, have balanced isolates and no
 * embeddings or overrides, and none of the letters its orthography
 * rules replace; <service>.expect lists what its article must show,
 * one check a line: BLOCK<TAB>contains|lacks|link<TAB>TEXT ("link": the
 * text under the block's first <a>).
 *
 * Every block is also laid out as a reader's screen would (ICU ubidi at
 * the block's direction, mirroring on, controls removed) and must show
 * every bracket pair facing inwards and every word with a Latin letter
 * or a digit - its letters, digits and what lies between them - whole
 * and left to right; and the dateline must end with the service's date
 * as tests/locale/dates.tsv has it (the date that same-output.sh checks
 * under four LANGs).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubidi.h>
#include <unicode/ustring.h>
#include <unicode/uchar.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <newsloc/newsloc.h>
#include <newsloc/localize.h>
#include <newsloc/services.h>

#include "harness.h"
#include "util/icu.h"
#include "util/utf8.h"

#define SCREEN_MAX 4096 /* UTF-16 units of one block */

static int ltr_core(UChar32 c) {
  return u_charDigitValue(c) >= 0 ||
         (u_isalpha(c) && u_charDirection(c) == U_LEFT_TO_RIGHT);
}

/* What a reader of `t` sees, at direction rtl: bracket pairs (UAX #9
 * BD16, paired here) face inwards; in each space-separated word, the
 * stretch from its first Latin letter or digit to its last reads left
 * to right, whole. Returns the number of faults, the first in why. */
static int screen_faults(const char *t, int rtl, const char **why) {
  UChar u[SCREEN_MAX];
  int32_t n = 0, vis[SCREEN_MAX], stack[64], depth = 0;
  int faults = 0;
  UErrorCode ec = U_ZERO_ERROR;
  u_strFromUTF8(u, SCREEN_MAX, &n, t, -1, &ec);
  UBiDi *b = ubidi_open();
  ubidi_setPara(b, u, n, rtl ? 1 : 0, NULL, &ec);
  for (int32_t i = 0; U_SUCCESS(ec) && i < n; i++)
    vis[i] = ubidi_getVisualIndex(b, i, &ec);
  if (U_FAILURE(ec)) {
    *why = "ubidi failed";
    ubidi_close(b);
    return 1;
  }
  for (int32_t i = 0; i < n; i++) {
    int bpt = u_getIntPropertyValue(u[i], UCHAR_BIDI_PAIRED_BRACKET_TYPE);
    if (bpt == U_BPT_OPEN && depth < 64)
      stack[depth++] = i;
    if (bpt != U_BPT_CLOSE || depth == 0 ||
        u_getBidiPairedBracket(u[stack[depth - 1]]) != u[i])
      continue;
    int32_t o = stack[--depth];
    /* the glyph drawn on the left of the two must be an opening one */
    int32_t left = vis[o] < vis[i] ? o : i;
    UChar32 g = ubidi_getLevelAt(b, left) & 1 ? u_charMirror(u[left])
                                                : u[left];
    if (u_getIntPropertyValue(g, UCHAR_BIDI_PAIRED_BRACKET_TYPE) !=
        U_BPT_OPEN) {
      *why = faults++ ? *why : "a bracket pair faces one way";
    }
  }
  for (int32_t i = 0; i < n;) {
    int32_t e = i, first = -1, last = -1;
    while (e < n && !u_isUWhiteSpace(u[e]))
      e++;
    for (int32_t k = i; k < e; k++)
      if (!U16_IS_SURROGATE(u[k]) && ltr_core(u[k])) {
        first = first < 0 ? k : first;
        last = k;
      }
    for (int32_t k = first, bad = 0; first >= 0 && k < last && !bad; k++)
      if (vis[k + 1] != vis[k] + 1 && !(u[k + 1] >= 0x2066 && u[k + 1] <= 0x2069)) {
        bad = 1;
        *why = faults++ ? *why : "a word does not read left to right, whole";
      }
    i = e < n ? e + 1 : e;
  }
  ubidi_close(b);
  return faults;
}

static void check_screen(const char *id, const char *blk, const char *t,
                         int rtl) {
  const char *why = NULL;
  if (screen_faults(t, rtl, &why) > 0)
    NL_FAIL("%s/%s: %s: %s", id, blk, why, t);
}

/* The screen check finds what issue 12's readers saw. */
static void test_localize_e2e__screen_check_fails(void) {
  const char *why = NULL;
  /* the isolate took in ")" but not "(": "(… (" */
  NL_CHECK(screen_faults("(به نقل از \xE2\x81\xA6Reuters)\xE2\x81\xA9 و", 1,
                         &why) > 0);
  /* a word cut by an isolate of the other direction */
  NL_CHECK(screen_faults("گفت ab\xE2\x81\xA7" "cd\xE2\x81\xA9 رفت", 1, &why) > 0);
  NL_CHECK(screen_faults("(به نقل از Reuters) و", 1, &why) == 0);
}

/* The date the sample's dateline must end with (tests/locale/dates.tsv). */
static char *sample_date(const char *id) {
  char *path = nl_test_path("NL_SOURCE_DIR", "tests/locale/dates.tsv");
  size_t len, idl = strlen(id);
  char *d = nl_test_slurp(path, &len), *out = NULL;
  for (char *p = d; p && *p && !out;) {
    char *nl = strchr(p, '\n');
    if (nl)
      *nl = '\0';
    if (strncmp(p, id, idl) == 0 && p[idl] == '\t')
      out = strdup(p + idl + 1);
    p = nl ? nl + 1 : p + strlen(p);
  }
  free(d);
  free(path);
  return out;
}

/* A pseudo-translation: each segment's source, marked, as the target. */
static void pseudo(xmlNode *n, const char *mark) {
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (strcmp((const char *)c->name, "segment") != 0) {
      pseudo(c, mark);
      continue;
    }
    xmlNode *src = c->children;
    while (src && src->type != XML_ELEMENT_NODE)
      src = src->next;
    if (src == NULL)
      continue;
    xmlNode *tgt = xmlNewChild(c, c->ns, BAD_CAST "target", NULL);
    xmlNodeAddContent(tgt, BAD_CAST mark);
    for (xmlNode *k = src->children; k; k = k->next)
      xmlAddChild(tgt, xmlCopyNode(k, 1));
  }
}

/* The translator's file for the service, or a pseudo-translation of
 * the export; *real tells which. */
static char *translation(const nl_service *s, const nl_article *src,
                         size_t *len, int *real) {
  char rel[256];
  snprintf(rel, sizeof(rel), "e2e/%s.xlf", nl_service_get(s, NL_SERVICE_ID));
  char *path = nl_test_path("NL_TEST_DATA", rel);
  *real = nl_test_exists(path);
  char *data = *real ? nl_test_slurp(path, len) : NULL;
  free(path);
  if (*real)
    return data;
  nl_error err = NL_ERROR_INIT;
  nl_segmenter *seg = NULL;
  nl_buf x = NL_BUF_INIT;
  nl_export_options eo = NL_EXPORT_OPTIONS_INIT;
  eo.target_lang = nl_service_get(s, NL_SERVICE_TAG);
  if (nl_segmenter_new(&seg, "en", NULL, &err) < 0 ||
      nl_xliff_export(src, seg, &eo, &x, NULL, &err) < 0) {
    NL_FAIL("%s: export: %s", nl_service_get(s, NL_SERVICE_ID), err.message);
  } else {
    xmlDocPtr doc = xmlReadMemory(x.ptr, (int)x.size, "x", NULL,
                                  XML_PARSE_NONET);
    char mark[128];
    snprintf(mark, sizeof(mark), "[%s] ", nl_service_get(s, NL_SERVICE_NATIVE));
    pseudo(xmlDocGetRootElement(doc), mark);
    xmlChar *mem = NULL;
    int n = 0;
    xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
    data = strndup((const char *)mem, (size_t)n);
    *len = (size_t)n;
    xmlFree(mem);
    xmlFreeDoc(doc);
  }
  nl_buf_dispose(&x);
  nl_segmenter_free(seg);
  return data;
}

/* The first string of each "any" rule of the service's rule sets. */
static size_t forbidden(const nl_service *s, char out[][16], size_t cap) {
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
      if (p[0] != '#' && t1 && strstr(t1, "\tany") && t1 - p < 16)
        snprintf(out[n++], 16, "%.*s", (int)(t1 - p), p);
      p = nl ? nl + 1 : p + strlen(p);
    }
    free(d);
    free(path);
  }
  return n;
}

static void check_block(const char *id, const nl_block *b,
                        char fb[][16], size_t nfb) {
  size_t len;
  const char *t = nl_block_text(b, &len);
  int depth = 0;
  if (!nl_icu__is_nfc(t, len))
    NL_FAIL("%s/%s: not NFC", id, nl_block_id(b));
  for (size_t i = 0; i < len;) {
    uint32_t c = nl_utf8__next(t, len, &i);
    if (c >= 0x202A && c <= 0x202E)
      NL_FAIL("%s/%s: embedding or override U+%04X", id, nl_block_id(b),
              (unsigned)c);
    depth += c >= 0x2066 && c <= 0x2068;
    if (c == 0x2069 && --depth < 0)
      NL_FAIL("%s/%s: PDI without isolate", id, nl_block_id(b));
  }
  if (depth != 0)
    NL_FAIL("%s/%s: unbalanced isolates", id, nl_block_id(b));
  for (size_t k = 0; nl_block_translatable(b) && k < nfb; k++)
    if (strstr(t, fb[k]))
      NL_FAIL("%s/%s: \"%s\" left in: %s", id, nl_block_id(b), fb[k], t);
}

static void check_expect(const char *id, const nl_article *a) {
  char rel[256];
  snprintf(rel, sizeof(rel), "e2e/%s.expect", id);
  char *path = nl_test_path("NL_TEST_DATA", rel);
  size_t len, n = 0;
  char *d = nl_test_exists(path) ? nl_test_slurp(path, &len) : NULL;
  for (char *p = d; p && *p;) {
    char *nl = strchr(p, '\n'), blk[32], op[16], what[512];
    if (nl)
      *nl = '\0';
    if (p[0] != '#' &&
        sscanf(p, "%31[^\t]\t%15[^\t]\t%511[^\n]", blk, op, what) == 3) {
      const nl_block *b = nl_article_find_block(a, blk);
      const char *t = b ? nl_block_text(b, NULL) : "";
      const nl_inline *x = b && nl_block_inline_count(b)
                               ? nl_block_inline(b, 0) : NULL;
      n++;
      if (strcmp(op, "contains") == 0 && strstr(t, what) == NULL)
        NL_FAIL("%s/%s lacks \"%s\": %s", id, blk, what, t);
      else if (strcmp(op, "lacks") == 0 && strstr(t, what) != NULL)
        NL_FAIL("%s/%s has \"%s\": %s", id, blk, what, t);
      else if (strcmp(op, "link") == 0 &&
               (x == NULL || strlen(what) != x->end - x->start ||
                strncmp(t + x->start, what, x->end - x->start) != 0))
        NL_FAIL("%s/%s: the link is not on \"%s\": %s", id, blk, what, t);
    }
    p = nl ? nl + 1 : p + strlen(p);
  }
  if (d && n == 0)
    NL_FAIL("%s: no checks in %s", id, path);
  free(d);
  free(path);
}

static void one_service(const nl_services *reg, const nl_service *s,
                        const nl_article *src, int *real) {
  const char *id = nl_service_get(s, NL_SERVICE_ID);
  nl_error err = NL_ERROR_INIT;
  size_t xl = 0;
  int is_real = 0;
  char *x = translation(s, src, &xl, &is_real);
  nl_article *merged = NULL, *loc = NULL, *back = NULL;
  nl_buf nitf = NL_BUF_INIT;
  if (x == NULL ||
      nl_merge_memory(&merged, src, x, xl, id, NULL, NULL, &err) < 0 ||
      nl_localize_article(&loc, merged, reg, s, NULL, &err) < 0 ||
      nl_article_write_nitf(loc, &nitf, &err) < 0 ||
      nl_article_read_memory(&back, nitf.ptr, nitf.size, NL_FORMAT_NITF, id,
                             &err) < 0) {
    NL_FAIL("%s: %s", id, err.message);
  } else {
    char fb[32][16];
    size_t nfb = forbidden(s, fb, 32);
    *real += is_real;
    NL_CHECK_STR(nl_article_get(back, NL_FIELD_DIR),
                 nl_service_get(s, NL_SERVICE_DIR));
    if (strcmp(nl_article_get(back, NL_FIELD_LANG),
               nl_service_get(s, NL_SERVICE_TAG)) != 0)
      NL_FAIL("%s: xml:lang %s", id, nl_article_get(back, NL_FIELD_LANG));
    for (size_t i = 0; i < nl_article_block_count(back); i++) {
      const nl_block *b = nl_article_block(back, i);
      check_block(id, b, fb, nfb);
      check_screen(id, nl_block_id(b), nl_block_text(b, NULL),
                   strcmp(nl_block_dir(back, b), "rtl") == 0);
    }
    check_expect(id, back);
    const nl_block *dl = nl_article_find_block(back, "dl1");
    char *want = sample_date(id);
    const char *got = dl ? nl_block_text(dl, NULL) : "";
    size_t gl = strlen(got), wl = want ? strlen(want) : 0;
    if (want == NULL || gl < wl || strcmp(got + gl - wl, want) != 0)
      NL_FAIL("%s: the dateline should end with \"%s\": %s", id,
              want ? want : "(not in dates.tsv)", got);
    free(want);
  }
  free(x);
  nl_buf_dispose(&nitf);
  nl_article_free(back);
  nl_article_free(loc);
  nl_article_free(merged);
}

static void test_localize_e2e__every_service(void) {
  nl_error err = NL_ERROR_INIT;
  nl_services *reg = NULL;
  nl_article *src = NULL;
  char *apath = nl_test_path("NL_TEST_DATA", "e2e/article.xml");
  NL_CHECK_INT(nl_services_load(&reg, NULL, &err), 0);
  NL_CHECK_INT(nl_article_read_file(&src, apath, NL_FORMAT_AUTO, &err), 0);
  int real = 0;
  for (size_t i = 0; reg && src && i < nl_services_count(reg); i++)
    one_service(reg, nl_services_at(reg, i), src, &real);
  NL_CHECK(real >= 11);
  printf("    %zu services, %d with a real translation\n",
         nl_services_count(reg), real);
  free(apath);
  nl_article_free(src);
  nl_services_free(reg);
}

static const nl_test tests[] = {
    NL_TEST(test_localize_e2e__screen_check_fails),
    NL_TEST(test_localize_e2e__every_service),
};

NL_TEST_MAIN(tests)
