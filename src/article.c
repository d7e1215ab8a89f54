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
  size_t ninl, capinl;
  /* Elements arrive in document order (by start, outer first) from every
   * reader and from merge; then the only elements a new one can cross
   * are those still open at its start, a nested chain kept here, so the
   * nesting check costs log n instead of a scan of all. An element out
   * of that order is put in its place, and the block switches to the
   * scan (`open` unused). */
  size_t *open, nopen; /* room for capinl */
  int unordered;
  int translatable;
  char *lang; /* NULL: the article's */
};

struct nl_article {
  char *fields[NL_FIELD__COUNT];
  nl_block **blocks;
  size_t nblocks, capblocks;
  /* Block ids, open addressing (slot = block index + 1, 0 empty), so
   * lookups by id do not scan the article. */
  size_t *slots, nslots;
  /* Per kind, the ordinal from which next_id() probes: ids are never
   * removed, so the ordinals it has passed stay taken. */
  size_t next_ordinal[NL_BLOCK_TAGLINE + 1];
  size_t kind_count[NL_BLOCK_TAGLINE + 1];
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
  free(b->open);
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
  free(a->slots);
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

/* FNV-1a: ids are short, and any spread will do. */
static size_t id_hash(const char *id) {
  size_t h = (size_t)14695981039346656037ULL;
  for (const unsigned char *p = (const unsigned char *)id; *p; p++)
    h = (h ^ *p) * (size_t)1099511628211ULL;
  return h;
}

/* The slot holding `id`, or the empty slot where it would go. */
static size_t *id_slot(const nl_article *a, const char *id) {
  size_t mask = a->nslots - 1;
  for (size_t i = id_hash(id) & mask;; i = (i + 1) & mask) {
    size_t *s = &a->slots[i];
    if (*s == 0 || strcmp(a->blocks[*s - 1]->id, id) == 0)
      return s;
  }
}

const nl_block *nl_article_find_block(const nl_article *a, const char *id) {
  if (a->nslots == 0 || id == NULL)
    return NULL;
  size_t s = *id_slot(a, id);
  return s ? a->blocks[s - 1] : NULL;
}

/* Keeps the table at most half full, so probes stay short. */
static int index_reserve(nl_article *a, size_t nblocks, nl_error *err) {
  if (nblocks * 2 <= a->nslots)
    return 0;
  size_t n = a->nslots ? a->nslots * 2 : 64;
  while (nblocks * 2 > n)
    n *= 2;
  size_t *slots = calloc(n, sizeof(*slots));
  if (slots == NULL)
    return nl_error__nomem(err);
  free(a->slots);
  a->slots = slots;
  a->nslots = n;
  for (size_t i = 0; i < a->nblocks; i++)
    *id_slot(a, a->blocks[i]->id) = i + 1;
  return 0;
}

/* "p" + the first ordinal not taken, so ids stay stable when blocks of
 * other kinds come and go. */
static char *next_id(nl_article *a, nl_block_kind kind) {
  size_t n = a->kind_count[kind] + 1;
  if (n < a->next_ordinal[kind])
    n = a->next_ordinal[kind];
  nl_buf id = NL_BUF_INIT;
  for (;; n++) {
    nl_buf__clear(&id);
    if (nl_buf__printf(&id, "%s%zu", kind_prefixes[kind], n) < 0) {
      nl_buf_dispose(&id);
      return NULL;
    }
    if (nl_article_find_block(a, id.ptr) == NULL) {
      a->next_ordinal[kind] = n + 1;
      return nl_buf__detach(&id);
    }
  }
}

static int push_block(nl_article *a, nl_block *b, nl_error *err) {
  if (a->nblocks == a->capblocks) {
    size_t cap = a->capblocks ? a->capblocks * 2 : 16;
    nl_block **n = realloc(a->blocks, cap * sizeof(*n));
    if (n == NULL)
      return nl_error__nomem(err);
    a->blocks = n;
    a->capblocks = cap;
  }
  int rc = index_reserve(a, a->nblocks + 1, err);
  if (rc < 0)
    return rc;
  a->blocks[a->nblocks++] = b;
  a->kind_count[b->kind]++;
  *id_slot(a, b->id) = a->nblocks;
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

/* Whether [s, e] comes after every element of the block in document
 * order: a later start, or the same start and not longer than the last. */
static int in_order(const nl_block *b, size_t s, size_t e) {
  if (b->ninl == 0)
    return 1;
  const nl_inline *last = &b->inl[b->ninl - 1];
  return s > last->start || (s == last->start && e <= last->end);
}

/* The number of open elements that are still open just after `s`. The
 * chain is nested, so starts rise and ends fall along it: a binary
 * search on "starts before s and ends after it" finds them. */
static size_t open_across(const nl_block *b, size_t s) {
  size_t lo = 0, hi = b->nopen;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const nl_inline *x = &b->inl[b->open[mid]];
    if (x->start < s && x->end > s)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* In document order, [s, e] crosses an element only if that element
 * opens before s and closes inside (s, e); the innermost one still open
 * across s closes first, so it alone needs checking. */
static const nl_inline *crossed(const nl_block *b, size_t s, size_t e) {
  if (b->unordered || !in_order(b, s, e)) {
    for (size_t i = 0; i < b->ninl; i++)
      if (!nests(&b->inl[i], s, e))
        return &b->inl[i];
    return NULL;
  }
  size_t k = open_across(b, s);
  const nl_inline *x = k ? &b->inl[b->open[k - 1]] : NULL;
  return x && x->end < e ? x : NULL;
}

/* Records the element just appended at index `i` in the open chain:
 * those closed by its start leave (starts only rise from here). */
static void note_open(nl_block *b, size_t i, int ordered) {
  if (!ordered) {
    b->unordered = 1;
    return;
  }
  size_t s = b->inl[i].start, k = b->nopen;
  while (k > 0 && b->inl[b->open[k - 1]].end <= s)
    k--;
  b->open[k] = i;
  b->nopen = k + 1;
}

/* Where an element added out of document order belongs, so that the
 * list stays in the order every writer walks it (by start, the outer
 * first): before the elements that start after it and before those
 * that start with it and that it encloses, which come, outer first, at
 * the end of that group; an empty element at its start stays where the
 * calls put it (<em><br/>x</em> or <br/><em>x</em>: both are right). */
static size_t document_position(const nl_block *b, size_t s, size_t e,
                                int empty) {
  size_t at = b->ninl;
  while (at > 0 && b->inl[at - 1].start > s)
    at--;
  for (size_t i = at; !empty && i > 0 && b->inl[i - 1].start == s; i--) {
    const nl_inline *x = &b->inl[i - 1];
    if (x->empty)
      continue;
    if (x->end >= e)
      break;
    at = i - 1;
  }
  return at;
}

/* Room for one more element, and for it in the open chain (never longer
 * than the elements). */
static int reserve_inline(nl_block *b, nl_error *err) {
  if (b->ninl < b->capinl)
    return 0;
  size_t cap = b->capinl ? b->capinl * 2 : 4;
  nl_inline *n = realloc(b->inl, cap * sizeof(*n));
  if (n == NULL)
    return nl_error__nomem(err);
  b->inl = n;
  size_t *o = realloc(b->open, cap * sizeof(*o));
  if (o == NULL)
    return nl_error__nomem(err);
  b->open = o;
  b->capinl = cap;
  return 0;
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
  const nl_inline *c = crossed(b, start, end);
  if (c)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "inline element '%s' overlaps '%s'", name, c->name);
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
  int ordered = !b->unordered && in_order(b, start, end);
  int rc = reserve_inline(b, err);
  if (rc < 0)
    return rc;
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
  size_t at = ordered ? b->ninl : document_position(b, start, end, empty);
  memmove(b->inl + at + 1, b->inl + at, (b->ninl - at) * sizeof(*b->inl));
  b->inl[at] = x;
  b->ninl++;
  note_open(b, at, ordered);
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
