/*
 * article.c - the article model: metadata and blocks with inline markup.
 *
 * Blocks are kept behind pointers so that a block borrowed by a caller
 * stays where it is while more blocks are added. Inline elements must
 * nest properly: that is what lets every writer (NITF, XLIFF, HTML)
 * produce well-formed markup without re-checking, and what lets merge
 * move elements to new offsets by id alone.
 */
#include <stdlib.h>
#include <string.h>

#include <newsloc/article.h>

#include "error.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

struct nl_block {
  nl_block_kind kind;
  char *id;
  char *text;
  size_t len;
  nl_inline *inl; /* names, attrs and their strings are owned */
  size_t ninl;
  int translatable;
};

struct nl_article {
  char *fields[NL_FIELD__COUNT];
  nl_block **blocks;
  size_t nblocks;
};

static const char *const kind_names[] = {"headline",  "byline",  "dateline",
                                         "paragraph", "caption", "tagline"};
static const char *const kind_prefixes[] = {"hl", "by", "dl",
                                            "p",  "cap", "tag"};

const char *nl_block_kind_name(nl_block_kind kind) {
  if ((unsigned)kind >= sizeof(kind_names) / sizeof(kind_names[0]))
    return "unknown";
  return kind_names[kind];
}

int nl_article_new(nl_article **out, nl_error *err) {
  *out = calloc(1, sizeof(nl_article));
  return *out ? 0 : nl_error__nomem(err);
}

static void free_inline(nl_inline *x) {
  free((char *)x->name);
  for (size_t i = 0; i < x->nattrs; i++) {
    free((char *)x->attrs[i].name);
    free((char *)x->attrs[i].value);
  }
  free((nl_attr *)x->attrs);
}

static void free_block(nl_block *b) {
  if (b == NULL)
    return;
  for (size_t i = 0; i < b->ninl; i++)
    free_inline(&b->inl[i]);
  free(b->inl);
  free(b->id);
  free(b->text);
  free(b);
}

void nl_article_free(nl_article *a) {
  if (a == NULL)
    return;
  for (size_t i = 0; i < a->nblocks; i++)
    free_block(a->blocks[i]);
  free(a->blocks);
  for (int f = 0; f < NL_FIELD__COUNT; f++)
    free(a->fields[f]);
  free(a);
}

/* What every writer can put in XML and every reader take back: no
 * character XML 1.0 cannot carry, no run of text past libxml2's limit
 * for one text node or attribute (which HUGE would lift only together
 * with its entity-expansion checks). */
static int writable(const char *what, const char *s, size_t len,
                    nl_error *err) {
  if (len > NL_TEXT_MAX)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "%s holds %zu bytes of text; the limit is %d (what "
                         "an XML reader accepts in one run of text)",
                         what, len, NL_TEXT_MAX);
  size_t at = nl_utf8__xml_bad_at(s, len);
  if (at < len) {
    size_t j = at;
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "%s: character U+%04X at byte %zu cannot be "
                         "written in XML",
                         what, (unsigned)nl_utf8__next(s, len, &j), at);
  }
  return 0;
}

/* An element or attribute name every writer can put out as it is: no
 * space, quote or markup character, not starting with a digit, '.' or
 * '-' (names a reader took from XML pass; non-ASCII is let through). */
static int xml_name(const char *s) {
  if (s == NULL || *s == '\0' || (*s >= '0' && *s <= '9') || *s == '.' ||
      *s == '-')
    return 0;
  for (const unsigned char *u = (const unsigned char *)s; *u; u++)
    if (!((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
          (*u >= '0' && *u <= '9') || *u == '.' || *u == '-' || *u == '_' ||
          *u == ':' || *u >= 0x80))
      return 0;
  return 1;
}

/* A prefixed attribute ("xlink:href") needs its declaration among the
 * element's attributes ("xmlns:xlink"), "xml:" excepted: written out
 * without one, the element would not read back as XML with namespaces. */
static int prefix_declared(const char *name, const nl_attr *attrs,
                           size_t n) {
  const char *colon = strchr(name, ':');
  size_t k = colon ? (size_t)(colon - name) : 0;
  if (colon == NULL || (k == 3 && strncmp(name, "xml", 3) == 0) ||
      (k == 5 && strncmp(name, "xmlns", 5) == 0))
    return 1;
  for (size_t i = 0; i < n; i++)
    if (strncmp(attrs[i].name, "xmlns:", 6) == 0 &&
        strlen(attrs[i].name + 6) == k &&
        strncmp(attrs[i].name + 6, name, k) == 0)
      return 1;
  return 0;
}

int nl_article_set(nl_article *a, nl_article_field field, const char *value,
                   nl_error *err) {
  if ((unsigned)field >= NL_FIELD__COUNT)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no such field");
  int rc = value ? nl_utf8__check(value, strlen(value), NULL, err) : 0;
  if (rc == 0 && value)
    rc = writable("a metadata field", value, strlen(value), err);
  if (rc < 0)
    return rc;
  char *copy = NULL;
  if (value && (copy = nl__strdup(value)) == NULL)
    return nl_error__nomem(err);
  free(a->fields[field]);
  a->fields[field] = copy;
  return 0;
}

const char *nl_article_get(const nl_article *a, nl_article_field field) {
  if ((unsigned)field >= NL_FIELD__COUNT)
    return NULL;
  return a->fields[field];
}

size_t nl_article_block_count(const nl_article *a) { return a->nblocks; }

const nl_block *nl_article_block(const nl_article *a, size_t i) {
  return i < a->nblocks ? a->blocks[i] : NULL;
}

const nl_block *nl_article_find_block(const nl_article *a, const char *id) {
  for (size_t i = 0; i < a->nblocks; i++)
    if (strcmp(a->blocks[i]->id, id) == 0)
      return a->blocks[i];
  return NULL;
}

/* "p" + the first ordinal not taken, so ids stay stable when blocks of
 * other kinds come and go. */
static char *next_id(const nl_article *a, nl_block_kind kind) {
  size_t n = 1;
  for (size_t i = 0; i < a->nblocks; i++)
    if (a->blocks[i]->kind == kind)
      n++;
  nl_buf id = NL_BUF_INIT;
  for (;; n++) {
    nl_buf__clear(&id);
    if (nl_buf__printf(&id, "%s%zu", kind_prefixes[kind], n) < 0) {
      nl_buf_dispose(&id);
      return NULL;
    }
    if (nl_article_find_block(a, id.ptr) == NULL)
      return nl_buf__detach(&id);
  }
}

static int push_block(nl_article *a, nl_block *b, nl_error *err) {
  nl_block **n = realloc(a->blocks, (a->nblocks + 1) * sizeof(*n));
  if (n == NULL)
    return nl_error__nomem(err);
  a->blocks = n;
  a->blocks[a->nblocks++] = b;
  return 0;
}

int nl_article_add_block(nl_article *a, nl_block_kind kind, const char *id,
                         const char *text, size_t len, nl_block **out,
                         nl_error *err) {
  if (out)
    *out = NULL;
  if ((unsigned)kind > NL_BLOCK_TAGLINE)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "unknown block kind");
  if (id && nl_article_find_block(a, id))
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "duplicate block id '%s'",
                         id);
  int rc = nl_utf8__check(text, len, NULL, err);
  if (rc == 0 && id)
    rc = nl_utf8__check(id, strlen(id), NULL, err);
  if (rc == 0 && id)
    rc = writable("a block id", id, strlen(id), err);
  if (rc < 0)
    return rc;
  nl_block *b = calloc(1, sizeof(*b));
  if (b == NULL)
    return nl_error__nomem(err);
  b->kind = kind;
  b->translatable = 1;
  nl_buf t = NL_BUF_INIT;
  if ((rc = nl_icu__nfc(&t, text, len, err)) < 0)
    goto fail;
  if ((rc = writable(id ? id : "a block", t.ptr ? t.ptr : "", t.size, err)) < 0)
    goto fail;
  b->len = t.size;
  b->text = nl_buf__detach(&t);
  b->id = id ? nl__strdup(id) : next_id(a, kind);
  if (b->text == NULL || b->id == NULL) {
    rc = nl_error__nomem(err);
    goto fail;
  }
  if ((rc = push_block(a, b, err)) < 0)
    goto fail;
  if (out)
    *out = b;
  return 0;
fail:
  nl_buf_dispose(&t);
  free_block(b);
  return rc;
}

static int on_boundary(const nl_block *b, size_t off) {
  return off <= b->len &&
         (off == b->len || ((unsigned char)b->text[off] & 0xC0) != 0x80);
}

static int nests(const nl_inline *x, size_t s, size_t e) {
  if (x->end <= s || e <= x->start)
    return 1; /* disjoint */
  return (x->start <= s && e <= x->end) || (s <= x->start && x->end <= e);
}

int nl_block_add_inline(nl_block *b, const char *name, size_t start,
                        size_t end, int empty, const nl_attr *attrs,
                        size_t nattrs, nl_error *err) {
  if (name && *name && !xml_name(name))
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "inline element name '%s' is not an XML name", name);
  if (name == NULL || *name == '\0' || start > end ||
      !on_boundary(b, start) || !on_boundary(b, end) ||
      (empty && start != end))
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "inline element '%s' at %zu-%zu is out of range",
                         name ? name : "", start, end);
  for (size_t i = 0; i < b->ninl; i++)
    if (!nests(&b->inl[i], start, end))
      return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                           "inline element '%s' overlaps '%s'", name,
                           b->inl[i].name);
  for (size_t i = 0; i < nattrs; i++) {
    const char *v = attrs[i].value ? attrs[i].value : "";
    int rc = !xml_name(attrs[i].name)
                 ? nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                                 "attribute name '%s' is not an XML name",
                                 attrs[i].name ? attrs[i].name : "")
             : !prefix_declared(attrs[i].name, attrs, nattrs)
                 ? nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                                 "attribute '%s' without a declaration of "
                                 "its prefix (xmlns:...)",
                                 attrs[i].name)
                 : writable(attrs[i].name, v, strlen(v), err);
    if (rc < 0)
      return rc;
  }
  nl_inline *n = realloc(b->inl, (b->ninl + 1) * sizeof(*n));
  if (n == NULL)
    return nl_error__nomem(err);
  b->inl = n;
  nl_inline x = {nl__strdup(name), start, end, empty ? 1 : 0, NULL, 0};
  nl_attr *copy = nattrs ? calloc(nattrs, sizeof(*copy)) : NULL;
  x.attrs = copy;
  x.nattrs = copy ? nattrs : 0;
  int ok = x.name != NULL && (nattrs == 0 || copy != NULL);
  for (size_t i = 0; ok && i < nattrs; i++) {
    copy[i].name = nl__strdup(attrs[i].name);
    copy[i].value = nl__strdup(attrs[i].value ? attrs[i].value : "");
    ok = copy[i].name && copy[i].value;
  }
  if (!ok) {
    free_inline(&x);
    return nl_error__nomem(err);
  }
  b->inl[b->ninl++] = x;
  return 0;
}

void nl_block_set_translatable(nl_block *b, int translatable) {
  b->translatable = translatable ? 1 : 0;
}

nl_block_kind nl_block_get_kind(const nl_block *b) { return b->kind; }
const char *nl_block_id(const nl_block *b) { return b->id; }
int nl_block_translatable(const nl_block *b) { return b->translatable; }
size_t nl_block_inline_count(const nl_block *b) { return b->ninl; }

const char *nl_block_text(const nl_block *b, size_t *len) {
  if (len)
    *len = b->len;
  return b->text;
}

const nl_inline *nl_block_inline(const nl_block *b, size_t i) {
  return i < b->ninl ? &b->inl[i] : NULL;
}

int nl_article_clone(nl_article **out, const nl_article *src, nl_error *err) {
  nl_article *a;
  int rc = nl_article_new(&a, err);
  if (rc < 0)
    return rc;
  for (int f = 0; f < NL_FIELD__COUNT && rc == 0; f++)
    rc = nl_article_set(a, (nl_article_field)f, src->fields[f], err);
  for (size_t i = 0; i < src->nblocks && rc == 0; i++) {
    const nl_block *s = src->blocks[i];
    nl_block *b;
    rc = nl_article_add_block(a, s->kind, s->id, s->text, s->len, &b, err);
    for (size_t k = 0; rc == 0 && k < s->ninl; k++) {
      const nl_inline *x = &s->inl[k];
      rc = nl_block_add_inline(b, x->name, x->start, x->end, x->empty,
                               x->attrs, x->nattrs, err);
    }
    if (rc == 0)
      b->translatable = s->translatable;
  }
  if (rc < 0) {
    nl_article_free(a);
    return rc;
  }
  *out = a;
  return 0;
}
