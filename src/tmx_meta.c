/*
 * tmx_meta.c - TMX <prop>s and <note>s <-> nl_tm_entry.meta.
 *
 * Import: each prop or note of a <tu> or <tuv> that the reader does not
 * map onto an entry field is escaped into JSON once, as it is met; the
 * unit's entries then each get the items of the unit and of their two
 * variants, labelled "tu", "source" or "target". Text is kept as the
 * XML gave it (no NFC, whitespace untouched): it is the other tool's,
 * and export must give it back as it came.
 *
 * Bound: whatever a unit holds, no entry's meta passes NL_TM_META_MAX
 * (which nl_tm_add enforces too), so a file with huge or countless
 * props costs at most that per row. Every item is charged its JSON and
 * the most its label and separators can add, against the unit's total;
 * an item that does not fit is dropped and counted, the rest kept.
 *
 * Export writes the items back where they came from, props then notes
 * at each level (TMX allows them in any order before the <tuv>s and
 * before the <seg>).
 */
#include <stdlib.h>
#include <string.h>

#include <newsloc/io.h>

#include "error.h"
#include "tmx.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/xml.h"

/* {"level":"source", and a comma: the most an item adds when placed */
#define ITEM_OVERHEAD 20
/* {"props":[],"notes":[]} */
#define WRAP_OVERHEAD 24

void nl_tmx__meta_reset(nl_tmx__meta *m) {
  nl_buf__clear(&m->json);
  m->n = 0;
  m->used = WRAP_OVERHEAD;
}

void nl_tmx__meta_dispose(nl_tmx__meta *m) {
  nl_buf_dispose(&m->json);
  free(m->items);
  m->items = NULL;
  m->n = m->cap = 0;
}

/* "key":"escaped value", (nothing when `v` is NULL) */
static int put_member(nl_buf *b, const char *key, const xmlChar *v) {
  if (v == NULL)
    return 0;
  const char *s = (const char *)v;
  if (nl_buf__printf(b, "\"%s\":\"", key) < 0 ||
      nl_json_escape(b, s, strlen(s)) < 0 || nl_buf__puts(b, "\",") < 0)
    return NL_ENOMEM;
  return 0;
}

static int push_item(nl_tmx__meta *m, long owner, int note, size_t off,
                     nl_error *err) {
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 8;
    nl_tmx__meta_item *p = realloc(m->items, cap * sizeof(*p));
    if (p == NULL)
      return nl_error__nomem(err);
    m->items = p;
    m->cap = cap;
  }
  size_t len = m->json.size - off;
  m->items[m->n++] = (nl_tmx__meta_item){owner, note, off, len};
  m->used += len + ITEM_OVERHEAD;
  return 0;
}

enum { KEPT = 0, TOO_BIG = 1, UNUSABLE = 2 };

/* The item's members: type (props), lang, encoding, then its text. The
 * text is measured against the room left before it is escaped, so a
 * huge one costs no copy. */
static int encode(nl_buf *b, const xmlNode *n, int note, size_t room) {
  xmlChar *type = note ? NULL : nl_xml__attr(n, "type");
  xmlChar *lang = nl_xml__lang(n);
  if (lang == NULL)
    lang = nl_xml__attr(n, "lang"); /* TMX 1.1 */
  xmlChar *enc = nl_xml__attr(n, "o-encoding");
  xmlChar *text = xmlNodeGetContent(n);
  int rc = KEPT;
  if (text == NULL || (!note && (type == NULL || *type == '\0')))
    rc = UNUSABLE; /* a prop without a type cannot be written back */
  else if ((size_t)xmlStrlen(text) > room)
    rc = TOO_BIG;
  if (rc == KEPT && (put_member(b, "type", type) < 0 ||
                     put_member(b, "lang", lang) < 0 ||
                     put_member(b, "encoding", enc) < 0 ||
                     put_member(b, note ? "text" : "value", text) < 0))
    rc = NL_ENOMEM;
  if (rc == KEPT)
    b->ptr[b->size - 1] = '}'; /* over the last member's comma */
  xmlFree(type);
  xmlFree(lang);
  xmlFree(enc);
  xmlFree(text);
  return rc;
}

int nl_tmx__meta_add(nl_tmx__meta *m, const xmlNode *n, long owner,
                     nl_error *err) {
  int note = nl_xml__is(n, "note");
  size_t off = m->json.size;
  size_t room = NL_TM_META_MAX > m->used + ITEM_OVERHEAD
                    ? NL_TM_META_MAX - m->used - ITEM_OVERHEAD
                    : 0;
  int rc = encode(&m->json, n, note, room);
  if (rc == KEPT && m->json.size - off > room)
    rc = TOO_BIG;
  if (rc == KEPT)
    return push_item(m, owner, note, off, err);
  m->json.size = off; /* forget what was written of it */
  if (m->json.ptr)
    m->json.ptr[off] = '\0';
  m->dropped += rc == TOO_BIG;
  return rc < 0 ? nl_error__nomem(err) : 0;
}

void nl_tmx__meta_truncate(nl_tmx__meta *m, size_t n) {
  while (m->n > n) {
    nl_tmx__meta_item *it = &m->items[--m->n];
    m->used -= it->len + ITEM_OVERHEAD;
    m->json.size = it->off;
    m->json.ptr[it->off] = '\0';
  }
}

/* The items of one list (props or notes) for the entry src -> tgt:
 * the unit's first, then the source's, then the target's. */
static int put_list(const nl_tmx__meta *m, int note, long src, long tgt,
                    nl_buf *out, size_t *count) {
  static const char *const names[] = {"tu", "source", "target"};
  const long owners[] = {-1, src, tgt};
  for (int level = 0; level < 3; level++)
    for (size_t i = 0; i < m->n; i++) {
      const nl_tmx__meta_item *it = &m->items[i];
      if (it->note != note || it->owner != owners[level])
        continue;
      if (nl_buf__printf(out, "%s{\"level\":\"%s\",", *count ? "," : "",
                         names[level]) < 0 ||
          nl_buf__put(out, m->json.ptr + it->off, it->len) < 0)
        return NL_ENOMEM;
      ++*count;
    }
  return 0;
}

int nl_tmx__meta_json(const nl_tmx__meta *m, long src, long tgt, nl_buf *out,
                      int *has, nl_error *err) {
  size_t props = 0, notes = 0;
  nl_buf__clear(out);
  *has = 0;
  if (m->n == 0)
    return 0;
  int rc = nl_buf__puts(out, "{\"props\":[");
  if (rc == 0)
    rc = put_list(m, 0, src, tgt, out, &props);
  if (rc == 0)
    rc = nl_buf__puts(out, "],\"notes\":[");
  if (rc == 0)
    rc = put_list(m, 1, src, tgt, out, &notes);
  if (rc == 0)
    rc = nl_buf__puts(out, "]}");
  if (rc < 0)
    return nl_error__nomem(err);
  *has = props + notes > 0;
  return 0;
}

/* ---- export ---------------------------------------------------------- */

static const char *member(const nl_json *item, const char *key) {
  const nl_json *v = nl_json__get(item, key);
  return v && v->type == NL_JSON_STRING ? v->string : NULL;
}

static int put_attr(nl_buf *b, const char *name, const char *v) {
  if (v == NULL)
    return 0;
  if (nl_buf__printf(b, " %s=\"", name) < 0 ||
      nl_tmx__put_text(b, v, strlen(v), 1) < 0 || nl_buf__putc(b, '"') < 0)
    return NL_ENOMEM;
  return 0;
}

/* One <prop> or <note> line; items missing what it needs are skipped
 * (nl_tm_add checked them, but a TM file can be edited by hand). */
static int put_element(nl_buf *b, const nl_json *item, int note, int indent) {
  const char *text = member(item, note ? "text" : "value");
  const char *type = note ? NULL : member(item, "type");
  if (text == NULL || (!note && (type == NULL || *type == '\0')))
    return 0;
  const char *el = note ? "note" : "prop";
  if (nl_buf__printf(b, "%*s<%s", indent, "", el) < 0 ||
      put_attr(b, "type", type) < 0 ||
      put_attr(b, "xml:lang", member(item, "lang")) < 0 ||
      put_attr(b, "o-encoding", member(item, "encoding")) < 0 ||
      nl_buf__putc(b, '>') < 0 ||
      nl_tmx__put_text(b, text, strlen(text), 0) < 0 ||
      nl_buf__printf(b, "</%s>\n", el) < 0)
    return NL_ENOMEM;
  return 0;
}

int nl_tmx__meta_write(nl_buf *out, const nl_json *meta, const char *level,
                       int indent) {
  static const char *const lists[] = {"props", "notes"};
  for (int k = 0; meta && k < 2; k++) {
    const nl_json *a = nl_json__get(meta, lists[k]);
    for (size_t i = 0; a && a->type == NL_JSON_ARRAY && i < a->count; i++) {
      const char *at = member(&a->items[i], "level");
      if (at && strcmp(at, level) == 0 &&
          put_element(out, &a->items[i], k, indent) < 0)
        return NL_ENOMEM;
    }
  }
  return 0;
}
