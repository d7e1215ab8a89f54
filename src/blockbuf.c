/*
 * blockbuf.c - building one block from markup; see blockbuf.h.
 */
#include <stdlib.h>
#include <string.h>

#include "blockbuf.h"
#include "error.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

static int is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int nl_bb__text(nl_blockbuf *b, const char *s, size_t len, nl_error *err) {
  nl_buf nfc = NL_BUF_INIT;
  int rc = nl_icu__nfc(&nfc, s, len, err);
  if (rc == 0 && nfc.ptr) {
    /* form feed (HTML white space) and vertical tab separate words, as
     * a line break; the other controls XML cannot carry (an HTML page
     * may hold them) go */
    for (size_t i = 0; i < nfc.size; i++)
      if (nfc.ptr[i] == '\f' || nfc.ptr[i] == '\v')
        nfc.ptr[i] = '\n';
    nfc.size = nl_utf8__xml_strip(nfc.ptr, nfc.size);
  }
  for (size_t i = 0; rc == 0 && i < nfc.size; i++) {
    char c = nfc.ptr[i];
    if (!b->preserve && is_ws(c)) {
      if (b->space || b->text.size == 0)
        continue;
      b->space = 1;
      c = ' ';
    } else {
      b->space = 0;
    }
    if (nl_buf__putc(&b->text, c) < 0)
      rc = nl_error__nomem(err);
  }
  nl_buf_dispose(&nfc);
  return rc;
}

int nl_bb__open(nl_blockbuf *b, const char *name, const nl_attr *attrs,
                size_t nattrs, int empty, size_t *idx, nl_error *err) {
  if (b->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 8;
    nl_bb_inline *p = realloc(b->inl, cap * sizeof(*p));
    if (p == NULL)
      return nl_error__nomem(err);
    b->inl = p;
    b->cap = cap;
  }
  nl_bb_inline x = {nl__strdup(name), NULL, 0, b->text.size, b->text.size,
                    empty};
  int ok = x.name != NULL;
  if (ok && nattrs) {
    x.attrs = calloc(nattrs, sizeof(*x.attrs));
    ok = x.attrs != NULL;
    for (size_t i = 0; ok && i < nattrs; i++, x.nattrs++) {
      x.attrs[i].name = nl__strdup(attrs[i].name);
      char *v = nl__strdup(attrs[i].value ? attrs[i].value : "");
      if (v) /* as in text: what XML cannot carry goes */
        v[nl_utf8__xml_strip(v, strlen(v))] = '\0';
      x.attrs[i].value = v;
      ok = x.attrs[i].name && x.attrs[i].value;
    }
  }
  b->inl[b->n] = x;
  b->n++; /* owned now, freed by dispose even on failure */
  if (!ok)
    return nl_error__nomem(err);
  if (idx)
    *idx = b->n - 1;
  return 0;
}

void nl_bb__close(nl_blockbuf *b, size_t idx) {
  if (idx < b->n)
    b->inl[idx].end = b->text.size;
}

/* Drops a trailing collapsed space, pulling element ends back with it. */
static void trim_end(nl_blockbuf *b) {
  if (b->preserve || !b->space || b->text.size == 0)
    return;
  b->text.size--;
  b->text.ptr[b->text.size] = '\0';
  b->space = 0;
  for (size_t i = 0; i < b->n; i++) {
    if (b->inl[i].start > b->text.size)
      b->inl[i].start = b->text.size;
    if (b->inl[i].end > b->text.size)
      b->inl[i].end = b->text.size;
  }
}

int nl_bb__emit(nl_blockbuf *b, nl_article *a, nl_block_kind kind,
                const char *id, nl_block **out, nl_error *err) {
  nl_block *blk = NULL;
  if (out)
    *out = NULL;
  trim_end(b);
  if (b->text.size == 0 && !b->keep_empty)
    return 0;
  int rc = nl_article_add_block(a, kind, id, b->text.ptr ? b->text.ptr : "",
                                b->text.size, &blk, err);
  for (size_t i = 0; rc == 0 && i < b->n; i++) {
    const nl_bb_inline *x = &b->inl[i];
    rc = nl_block_add_inline(blk, x->name, x->start, x->end,
                             x->empty && x->start == x->end, x->attrs,
                             x->nattrs, err);
  }
  if (rc == 0 && out)
    *out = blk;
  return rc;
}

void nl_bb__reset(nl_blockbuf *b) {
  for (size_t i = 0; i < b->n; i++) {
    free(b->inl[i].name);
    for (size_t k = 0; k < b->inl[i].nattrs; k++) {
      free((char *)b->inl[i].attrs[k].name);
      free((char *)b->inl[i].attrs[k].value);
    }
    free(b->inl[i].attrs);
  }
  b->n = 0;
  nl_buf__clear(&b->text);
  b->space = 0;
}

void nl_bb__dispose(nl_blockbuf *b) {
  nl_bb__reset(b);
  free(b->inl);
  b->inl = NULL;
  b->cap = 0;
  nl_buf_dispose(&b->text);
}
