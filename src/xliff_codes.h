/*
 * xliff_codes.h - placing a block's inline elements on its segments
 * and writing them as XLIFF 2.0 or 1.2 inline codes (internal).
 */
#ifndef NL_XLIFF_CODES_H
#define NL_XLIFF_CODES_H

#include <newsloc/article.h>

/* restype of the XLIFF 1.2 <group> that holds a block's sentences as
 * one trans-unit each (the OmegaT profile): the group is the unit. */
#define NL_XLIFF12_SENTENCE_GROUP "x-newsloc-sentences"

typedef enum nl_code_style { NL_CODES_XLIFF20, NL_CODES_XLIFF12 } nl_code_style;

/* Where inline element i of a block lands: segments first..last, at
 * byte offsets start/end after moving boundaries out of the gaps. */
typedef struct nl_code_place {
  size_t first, last;
  size_t start, end;
  int gap;      /* only inter-sentence space: stays with the article */
  int is_point; /* a standalone element such as <br/> */
} nl_code_place;

/* One place per inline element of `b` (calloc'ed; caller frees). */
int nl_codes__place(nl_code_place **out, const nl_block *b,
                    const nl_range *r, size_t n, nl_error *err);

/* The elements whose start or end segment k holds (gap codes left out),
 * in element order: idx[at[k]] .. idx[at[k + 1] - 1]. Built once a
 * block, so that a paragraph of many sentences and many elements costs
 * their sum, not their product. */
typedef struct nl_code_index {
  size_t *at, *idx;
} nl_code_index;

int nl_codes__index(nl_code_index *ix, const nl_code_place *p, size_t m,
                    size_t n, nl_error *err);
void nl_codes__index_dispose(nl_code_index *ix);

/* Appends the text of range `r` (segment `k`) with its codes; with
 * `whole`, every element is treated as inside (the 1.2 unsegmented
 * <source>). `ix` lists segment k's elements (NULL: all are looked at). */
int nl_codes__put_range(nl_buf *o, const nl_block *b, const nl_code_place *p,
                        const nl_code_index *ix, size_t k, nl_range r,
                        int whole, nl_code_style style, nl_error *err);

/* Appends the element's original start (or end) tag, XML-escaped. */
int nl_codes__put_original(nl_buf *o, const nl_inline *x, int end);

#endif
