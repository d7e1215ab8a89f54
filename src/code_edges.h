/*
 * code_edges.h - the inline tags of XLIFF 2.0 markup as tokens, and the
 * ones OmegaT leaves out of a segment (internal).
 *
 * OmegaT shows a segment without the codes at its edges: it takes off,
 * from the outside in, placeholders with no text between them and an
 * edge and pairs that enclose all the rest, in any order
 * ("<x1/><g2>Text.</g2>" and "<g1><x2/>Text.</g1>" are both "Text."; a
 * pair that closes before the end stays). Its TMX then holds the
 * segment so, with the remaining codes numbered from 0. Checked with
 * OmegaT 3.6's console-createpseudotranslatetmx on an XLIFF 1.2 file of
 * every arrangement; tests/data/tmx/omegat-edges.tmx is its output.
 */
#ifndef NL_CODE_EDGES_H
#define NL_CODE_EDGES_H

#include <stddef.h>

#define NL_CODE_TOKS_MAX 64

/* One inline tag of XLIFF 2.0 markup (every '<' in it starts one). */
typedef struct nl_code_tok {
  const char *at;
  size_t len;
  char kind; /* 'o' open, 'c' close, 'e' empty (ph, sc, ec) */
  char id[32];
} nl_code_tok;

/* The tags of `s` in order into t[NL_CODE_TOKS_MAX]; -1 when there are
 * more or an id too long to hold. */
long nl_codes__toks(const char *s, nl_code_tok *t);

/* The segment as OmegaT shows it: tags t[*lo .. *hi) of the n tags of
 * `s`, bytes s[*pre .. *post); the rest are the codes it leaves out. */
typedef struct nl_code_core {
  long lo, hi;
  size_t pre, post;
} nl_code_core;

nl_code_core nl_codes__omegat_core(const char *s, const nl_code_tok *t,
                                   long n);

#endif
