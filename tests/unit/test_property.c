/*
 * test_property.c - export -> merge identity on random articles.
 *
 * For every character ICU puts in White_Space, in a Z (separator)
 * category, or in Cf and Default_Ignorable_Code_Point (U+200B and its
 * kind), random articles (a fixed seed; NL_PROPERTY_SEED changes it)
 * are built with that character between, before and after sentences,
 * and random nested inline markup (em, strong, a, q, br). Each goes
 * through the services of locales/services.json in turn, as target:
 *  - exported as XLIFF 2.0 and 1.2 (valid by the official schemas when
 *    ../shared is there), every target set to its source, merged
 *    without localizing: the article must come back as it was;
 *  - localized for the service, the NITF must be well-formed for
 *    libxml2, read back with our reader and write again identically.
 *
 * tests/data/property/known-failing.txt lists the characters known to
 * fail, with why: they are still run, reported, and a listed character
 * that passes is a failure too, so the list can only shrink.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>

#include <newsloc/newsloc.h>

#include "harness.h"
#include "xliff_identity.h"

#define ARTICLES_PER_CHAR 3
#define MAX_OPEN 3
#define MAX_ELEMENTS 128

/* ---- randomness ---------------------------------------------------------- */

typedef struct rng {
  uint64_t s;
} rng;

static uint64_t next(rng *r) { /* splitmix64 */
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static size_t pick(rng *r, size_t n) { return (size_t)(next(r) % n); }
static int chance(rng *r, int percent) { return (int)pick(r, 100) < percent; }

/* ---- the characters ------------------------------------------------------ */

/* The set, from ICU's properties (tag characters left out: 97 more of
 * the same class as U+E0001). */
static USet *spaces(void) {
  static const char pat[] =
      "[[[:White_Space:][:Z:]][[:Cf:]&[:Default_Ignorable_Code_Point:]]"
      "-[\\U000E0000-\\U000E0FFF]]";
  UChar upat[128];
  UErrorCode ec = U_ZERO_ERROR;
  u_strFromUTF8(upat, 128, NULL, pat, -1, &ec);
  USet *set = U_SUCCESS(ec) ? uset_openPattern(upat, -1, &ec) : NULL;
  if (U_FAILURE(ec)) {
    NL_FAIL("ICU refused the set: %s", u_errorName(ec));
    uset_close(set);
    return NULL;
  }
  return set;
}

/* The character as the article will hold it: NFC (U+2000 EN QUAD is
 * U+2002 in NFC), UTF-8. */
static void nfc_utf8(UChar32 c, char *out, size_t cap) {
  UChar in[2], norm[8];
  int32_t n = 0;
  U16_APPEND_UNSAFE(in, n, c);
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  int32_t m = unorm2_normalize(nfc, in, n, norm, 8, &ec);
  u_strToUTF8(out, (int32_t)cap, NULL, norm, m, &ec);
  if (U_FAILURE(ec))
    out[0] = 0;
}

typedef struct known {
  UChar32 *c;
  size_t n;
} known;

static known read_known(void) {
  known k = {NULL, 0};
  char *path = nl_test_path("NL_TEST_DATA", "property/known-failing.txt");
  size_t len;
  char *text = nl_test_slurp(path, &len);
  free(path);
  for (char *line = text; line && *line;) {
    char *end = strchr(line, '\n');
    if (end)
      *end = 0;
    unsigned long v;
    if (sscanf(line, "U+%lx", &v) == 1) {
      UChar32 *grown = realloc(k.c, (k.n + 1) * sizeof(*grown));
      if (grown == NULL)
        break;
      k.c = grown;
      k.c[k.n++] = (UChar32)v;
    } else if (line[0] != '#' && line[0] != 0) {
      NL_FAIL("known-failing.txt: not \"U+XXXX reason\": %s", line);
    }
    line = end ? end + 1 : NULL;
  }
  free(text);
  return k;
}

static int is_known(const known *k, UChar32 c) {
  for (size_t i = 0; i < k->n; i++)
    if (k->c[i] == c)
      return 1;
  return 0;
}

/* ---- random articles ----------------------------------------------------- */

typedef struct element {
  const char *name;
  size_t start, end;
  int empty, seq;
  nl_attr attr;
  int nattrs;
  char value[40];
} element;

/* One block's text and markup as it is generated: elements are kept in
 * the order their start tags come (seq), as the model lists them. */
typedef struct gen {
  rng *r;
  const char *sp; /* the character under test, UTF-8 */
  nl_buf text;
  element open[MAX_OPEN];
  int depth, seq;
  element done[MAX_ELEMENTS];
  size_t ndone;
} gen;

static void put(gen *g, const char *s) { nl_buf_append(&g->text, s, strlen(s)); }

static void record(gen *g, const element *e) {
  if (g->ndone < MAX_ELEMENTS)
    g->done[g->ndone++] = *e;
}

static void maybe_open(gen *g) {
  static const char *const names[] = {"em", "strong", "a", "q"};
  if (g->depth >= MAX_OPEN || !chance(g->r, 15))
    return;
  element *e = &g->open[g->depth];
  memset(e, 0, sizeof(*e));
  const char *n = names[pick(g->r, 4)];
  for (int i = 0; i < g->depth; i++)
    if (strcmp(g->open[i].name, "a") == 0 && strcmp(n, "a") == 0)
      n = "em"; /* no link in a link */
  e->seq = g->seq++;
  e->start = g->text.size;
  e->name = strcmp(n, "strong") == 0 ? "em" : n;
  if (strcmp(n, "strong") == 0)
    e->attr = (nl_attr){"class", "strong"}, e->nattrs = 1;
  if (strcmp(n, "a") == 0) {
    snprintf(e->value, sizeof(e->value), "https://example.org/%u",
             (unsigned)pick(g->r, 1000));
    e->attr = (nl_attr){"href", NULL}, e->nattrs = 1;
  }
  g->depth++;
}

/* Closes the innermost element; an element with no text is dropped. */
static void close_top(gen *g) {
  element *e = &g->open[--g->depth];
  e->end = g->text.size;
  if (e->end > e->start)
    record(g, e);
}

static void maybe_close(gen *g) {
  if (g->depth > 0 && chance(g->r, 30))
    close_top(g);
}

static void maybe_br(gen *g) {
  if (!chance(g->r, 5))
    return;
  element e;
  memset(&e, 0, sizeof(e));
  e.name = "br";
  e.start = e.end = g->text.size;
  e.empty = 1;
  e.seq = g->seq++;
  record(g, &e);
}

/* Whitespace as articles have it, around the character under test. */
static void gap(gen *g, int required) {
  switch (pick(g->r, required ? 5 : 7)) {
  case 0: put(g, g->sp); break;
  case 1: put(g, " "); put(g, g->sp); break;
  case 2: put(g, g->sp); put(g, " "); break;
  case 3: put(g, g->sp); put(g, g->sp); break;
  case 4: put(g, g->sp); maybe_br(g); put(g, " "); break;
  default: break; /* none, at a block's edge */
  }
}

static void sentence(gen *g) {
  static const char *const words[] = {
      "The", "talks", "resumed", "in", "Geneva", "on", "Monday", "U.S.",
      "officials", "said", "1,250", "\xd9\x85\xd8\xb0\xd8\xa7\xd9\x83\xd8\xb1\xd9\x87",
      "\xd0\xbc\xd0\xb8\xd1\x80", "\xe6\x96\xb0\xe9\x97\xbb", "caf\xc3\xa9",
      "\"quoted\"", "(aside)", "2024"};
  static const char *const ends[] = {".", "!", "?", ".", "\xe3\x80\x82"};
  size_t n = 2 + pick(g->r, 6);
  for (size_t i = 0; i < n; i++) {
    if (i > 0) {
      maybe_close(g);
      put(g, chance(g->r, 15) ? g->sp : " ");
    }
    maybe_open(g);
    put(g, words[pick(g->r, sizeof(words) / sizeof(words[0]))]);
  }
  put(g, ends[pick(g->r, sizeof(ends) / sizeof(ends[0]))]);
}

static int by_seq(const void *a, const void *b) {
  return ((const element *)a)->seq - ((const element *)b)->seq;
}

static int add_block(nl_article *a, nl_block_kind kind, gen *g,
                     size_t sentences) {
  g->text.size = 0;
  g->depth = g->seq = 0;
  g->ndone = 0;
  gap(g, 0);
  for (size_t i = 0; i < sentences; i++) {
    if (i > 0) {
      maybe_close(g);
      gap(g, 1);
    }
    maybe_open(g);
    sentence(g);
  }
  while (g->depth > 0)
    close_top(g);
  gap(g, 0);
  qsort(g->done, g->ndone, sizeof(element), by_seq);
  nl_block *b = NULL;
  nl_error err = NL_ERROR_INIT;
  int rc = nl_article_add_block(a, kind, NULL, g->text.ptr, g->text.size, &b,
                                &err);
  for (size_t i = 0; rc == 0 && i < g->ndone; i++) {
    element *e = &g->done[i];
    if (e->nattrs && e->attr.value == NULL)
      e->attr.value = e->value;
    rc = nl_block_add_inline(b, e->name, e->start, e->end, e->empty, &e->attr,
                             (size_t)e->nattrs, &err);
  }
  if (rc < 0)
    NL_FAIL("building the article: %s", err.message);
  return rc;
}

static nl_article *random_article(rng *r, const char *sp) {
  nl_article *a = NULL;
  nl_error err = NL_ERROR_INIT;
  gen g = {r, sp, NL_BUF_INIT, {{0}}, 0, 0, {{0}}, 0};
  int rc = nl_article_new(&a, &err);
  if (rc == 0)
    rc = nl_article_set(a, NL_FIELD_LANG, "en", &err);
  if (rc == 0)
    rc = add_block(a, NL_BLOCK_HEADLINE, &g, 1);
  for (int i = 0; rc == 0 && i < 2; i++)
    rc = add_block(a, NL_BLOCK_PARAGRAPH, &g, 1 + pick(r, 4));
  if (rc == 0 && chance(r, 30))
    rc = add_block(a, NL_BLOCK_CAPTION, &g, 1);
  nl_buf_dispose(&g.text);
  if (rc < 0) {
    nl_article_free(a);
    return NULL;
  }
  return a;
}

/* ---- the checks ---------------------------------------------------------- */

/* XML 1.0 cannot carry C0 controls other than tab, LF and CR: an
 * article holding one could never be written, so the model refuses it
 * (the readers turn VT and FF into breaks before it gets there). */
static int xml_cannot_carry(UChar32 ch) {
  return ch < 0x20 && ch != 0x09 && ch != 0x0A && ch != 0x0D;
}

static int refused_in_block(UChar32 ch) {
  nl_article *a = NULL;
  nl_block *b = NULL;
  nl_error err = NL_ERROR_INIT;
  char text[8];
  snprintf(text, sizeof(text), "a%cb", (char)ch);
  int rc = nl_article_new(&a, &err);
  if (rc == 0)
    rc = nl_article_add_block(a, NL_BLOCK_PARAGRAPH, NULL, text, 3, &b, &err);
  nl_article_free(a);
  return rc < 0 && strstr(err.message, "cannot be written in XML") != NULL;
}

typedef struct ctx {
  nl_segmenter *seg;
  nl_services *reg;
  xmlSchemaPtr schema[2]; /* 2.0, 1.2; NULL without ../shared */
  size_t service;         /* the next one to use */
} ctx;

static char *nitf(const nl_article *a) {
  nl_buf b = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  if (nl_article_write_nitf(a, &b, &err) < 0) {
    nl_buf_dispose(&b);
    return NULL;
  }
  return b.ptr;
}

static xmlSchemaPtr load_schema(const char *rel) {
  char *xsd = nl_test_path("NL_SHARED", rel);
  xmlSchemaPtr s = NULL;
  if (nl_test_exists(xsd)) {
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
    s = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaFreeParserCtxt(pc);
    if (s == NULL)
      NL_FAIL("cannot load %s", xsd);
  }
  free(xsd);
  return s;
}

static int valid(xmlSchemaPtr schema, const nl_buf *x) {
  if (schema == NULL)
    return 1;
  xmlDocPtr doc = xmlReadMemory(x->ptr, (int)x->size, "x.xlf", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING);
  xmlSchemaValidCtxtPtr vc = doc ? xmlSchemaNewValidCtxt(schema) : NULL;
  if (vc)
    xmlSchemaSetValidErrors(vc, NULL, NULL, NULL);
  int ok = vc && xmlSchemaValidateDoc(vc, doc) == 0;
  xmlSchemaFreeValidCtxt(vc);
  xmlFreeDoc(doc);
  return ok;
}

/* Where two NITF texts part: a window of each around the first
 * difference. */
static void differ(char *why, size_t cap, const char *v, const char *want,
                   const char *got) {
  size_t i = 0;
  while (want[i] && want[i] == got[i])
    i++;
  size_t from = i > 60 ? i - 60 : 0;
  snprintf(why, cap, "merge %s changed the article at byte %zu:\n  was: %.150s\n  now: %.150s",
           v, i, want + from, got + from);
}

/* Export, identity targets, merge: the article back, or why not. */
static int identity(ctx *c, const nl_article *a, const char *tag, int x12,
                    char *why, size_t cap) {
  nl_export_options eo = NL_EXPORT_OPTIONS_INIT;
  eo.xliff = x12 ? NL_XLIFF_1_2 : NL_XLIFF_2_0;
  eo.target_lang = tag;
  nl_buf x = NL_BUF_INIT, filled = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_article *back = NULL;
  char *want = NULL, *got = NULL;
  int ok = 0;
  const char *v = x12 ? "1.2" : "2.0";
  /* identity targets are what the merge gate stops: merge is tested */
  nl_merge_options forced = NL_MERGE_OPTIONS_INIT;
  forced.force = 1;
  if (nl_xliff_export(a, c->seg, &eo, &x, NULL, &err) < 0)
    snprintf(why, cap, "export %s: %s", v, err.message);
  else if (!valid(c->schema[x12], &x))
    snprintf(why, cap, "exported XLIFF %s is not valid", v);
  else if (xliff_identity(&x, x12, &filled) < 0)
    snprintf(why, cap, "exported XLIFF %s is not well-formed", v);
  else if (nl_merge_memory(&back, a, filled.ptr, filled.size, "filled",
                           &forced, NULL, &err) < 0)
    snprintf(why, cap, "merge %s: %s", v, err.message);
  else if ((want = nitf(a)) == NULL || (got = nitf(back)) == NULL)
    snprintf(why, cap, "NITF writer failed");
  else if ((xliff_unmark_source_blocks(want, nl_article_get(a, NL_FIELD_LANG)),
            xliff_unmark_source_blocks(got, nl_article_get(a, NL_FIELD_LANG)),
            0) ||
           strcmp(xliff_after_root(want), xliff_after_root(got)) != 0)
    differ(why, cap, v, xliff_after_root(want), xliff_after_root(got));
  else
    ok = 1;
  free(want);
  free(got);
  nl_article_free(back);
  nl_buf_dispose(&x);
  nl_buf_dispose(&filled);
  return ok;
}

static int well_formed(const char *xml) {
  xmlDocPtr d = xmlReadMemory(xml, (int)strlen(xml), "l.xml", NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING);
  xmlFreeDoc(d);
  return d != NULL;
}

/* Localized for `s`: NITF that libxml2 and our reader take back. */
static int localizes(ctx *c, const nl_article *a, const nl_service *s,
                     char *why, size_t cap) {
  nl_article *out = NULL, *back = NULL;
  nl_error err = NL_ERROR_INIT;
  char *first = NULL, *second = NULL;
  int ok = 0;
  if (nl_localize_article(&out, a, c->reg, s, NULL, &err) < 0)
    snprintf(why, cap, "localize: %s", err.message);
  else if ((first = nitf(out)) == NULL || !well_formed(first))
    snprintf(why, cap, "localized NITF is not well-formed:\n%s",
             first ? first : "");
  else if (nl_article_read_memory(&back, first, strlen(first), NL_FORMAT_NITF,
                                  "localized", &err) < 0)
    snprintf(why, cap, "localized NITF does not read back: %s", err.message);
  else if ((second = nitf(back)) == NULL || strcmp(first, second) != 0)
    snprintf(why, cap, "localized NITF reads back differently");
  else
    ok = 1;
  free(first);
  free(second);
  nl_article_free(back);
  nl_article_free(out);
  return ok;
}

/* Every case of one character; the first failure's reason in `why`. */
static int char_passes(ctx *c, rng *r, const char *sp, char *why, size_t cap) {
  int ok = 1;
  for (int i = 0; ok && i < ARTICLES_PER_CHAR; i++) {
    const nl_service *s =
        nl_services_at(c->reg, c->service++ % nl_services_count(c->reg));
    const char *tag = nl_service_get(s, NL_SERVICE_TAG);
    nl_article *a = random_article(r, sp);
    if (a == NULL)
      return 0;
    char where[NL_ERROR_MESSAGE_MAX + 64];
    ok = identity(c, a, tag, 0, where, sizeof(where)) &&
         identity(c, a, tag, 1, where, sizeof(where)) &&
         localizes(c, a, s, where, sizeof(where));
    if (!ok)
      snprintf(why, cap, "service %s (%s): %s",
               nl_service_get(s, NL_SERVICE_ID), tag, where);
    nl_article_free(a);
  }
  return ok;
}

static void test_property__export_merge_identity(void) {
  ctx c;
  memset(&c, 0, sizeof(c));
  nl_error err = NL_ERROR_INIT;
  const char *env = getenv("NL_PROPERTY_SEED");
  rng r = {env ? strtoull(env, NULL, 10) : 20261203u};
  known k = read_known();
  USet *set = spaces();
  if (set == NULL || nl_segmenter_new(&c.seg, "en", NULL, &err) < 0 ||
      nl_services_load(&c.reg, NULL, &err) < 0) {
    NL_FAIL("setup: %s", err.message);
    goto done;
  }
  c.schema[0] = load_schema("schemas/xliff-2.0/all-modules.xsd");
  c.schema[1] = load_schema("schemas/xliff-1.2/xliff-core-1.2-strict.xsd");
  size_t chars = 0, known_failed = 0;
  for (int32_t i = 0; i < uset_size(set); i++) {
    UChar32 ch = uset_charAt(set, i);
    char sp[16], why[NL_ERROR_MESSAGE_MAX + 256] = "";
    if (xml_cannot_carry(ch)) {
      if (!refused_in_block(ch))
        NL_FAIL("U+%04X in a block is not refused", (unsigned)ch);
      chars++;
      continue;
    }
    nfc_utf8(ch, sp, sizeof(sp));
    int ok = char_passes(&c, &r, sp, why, sizeof(why));
    chars++;
    if (ok && is_known(&k, ch))
      NL_FAIL("U+%04X passes now: take it off known-failing.txt", (unsigned)ch);
    else if (!ok && is_known(&k, ch)) {
      known_failed++;
      printf("known failing U+%04X: %.200s\n", (unsigned)ch, why);
    } else if (!ok)
      NL_FAIL("U+%04X (seed %s): %s", (unsigned)ch, env ? env : "20261203",
              why);
  }
  printf("%zu characters, %zu known to fail, %zu services\n", chars,
         known_failed, nl_services_count(c.reg));
  NL_CHECK(chars >= 25 + 1); /* White_Space alone has 25, plus U+200B */
  NL_CHECK(c.service >= nl_services_count(c.reg)); /* every service ran */
done:
  for (int i = 0; i < 2; i++)
    xmlSchemaFree(c.schema[i]);
  nl_services_free(c.reg);
  nl_segmenter_free(c.seg);
  uset_close(set);
  free(k.c);
}

static const nl_test tests[] = {
    NL_TEST(test_property__export_merge_identity),
};

NL_TEST_MAIN(tests)
