/*
 * blockbuf.h - one block's text and inline elements under construction
 * (internal), shared by the readers that walk markup (NITF, HTML).
 *
 * Readers feed text runs and open/close inline elements in document
 * order; the buffer applies NFC and, unless whitespace is preserved,
 * collapses runs of XML whitespace to one space and trims the ends, the
 * way browsers and NITF consumers render it. Element offsets follow.
 */
#ifndef NL_BLOCKBUF_H
#define NL_BLOCKBUF_H

#include <newsloc/article.h>

typedef struct nl_bb_inline {
  char *name;
  nl_attr *attrs; /* names and values owned */
  size_t nattrs;
  size_t start, end;
  int empty;
} nl_bb_inline;

typedef struct nl_blockbuf {
  nl_buf text;
  nl_bb_inline *inl;
  size_t n, cap;
  int preserve; /* keep whitespace as it is (xml:space="preserve", <pre>) */
  int space;    /* the last byte is a collapsed space */
  int keep_empty; /* an empty block is still a block (it has an id) */
} nl_blockbuf;

#define NL_BLOCKBUF_INIT {NL_BUF_INIT, NULL, 0, 0, 0, 0, 0}

/* Appends a text run. */
int nl_bb__text(nl_blockbuf *b, const char *s, size_t len, nl_error *err);
/* Opens an inline element at the current end; *idx gets its index for
 * nl_bb__close(). Attributes are copied. */
int nl_bb__open(nl_blockbuf *b, const char *name, const nl_attr *attrs,
                size_t nattrs, int empty, size_t *idx, nl_error *err);
void nl_bb__close(nl_blockbuf *b, size_t idx);
/* Trims, then appends the block with its inline elements to `a`. A
 * block whose text is empty is skipped (*out NULL). */
int nl_bb__emit(nl_blockbuf *b, nl_article *a, nl_block_kind kind,
                const char *id, nl_block **out, nl_error *err);
/* Empties the buffer for the next block. */
void nl_bb__reset(nl_blockbuf *b);
void nl_bb__dispose(nl_blockbuf *b);

#endif
