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
#include <newsloc/io.h>

#include "error.h"
#include "lang.h"
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
  char *lang; /* NULL: the article's */
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
  free(b->lang);
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

int nl_article_set(nl_article *a, nl_article_field field, const char *value,
                   nl_error *err) {
  if ((unsigned)field >= NL_FIELD__COUNT)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no such field");
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

int nl_block_set_lang(nl_block *b, const char *lang, nl_error *err) {
  char *copy = NULL;
  if (lang && *lang && (copy = nl__strdup(lang)) == NULL)
    return nl_error__nomem(err);
  free(b->lang);
  b->lang = copy;
  return 0;
}

const char *nl_block_lang(const nl_block *b) { return b->lang; }

const char *nl_block_dir(const nl_article *a, const nl_block *b) {
  int d = nl_lang__text_dir(b->text, b->len);
  if (d == 'l' || d == 'r')
    return d == 'r' ? "rtl" : "ltr";
  if (b->lang)
    return nl_lang_is_rtl(b->lang) ? "rtl" : "ltr";
  const char *dir = nl_article_get(a, NL_FIELD_DIR);
  if (dir)
    return strcmp(dir, "rtl") == 0 ? "rtl" : "ltr";
  return nl_lang_is_rtl(nl_article_get(a, NL_FIELD_LANG)) ? "rtl" : "ltr";
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
