/*
 * tm_match.h - normalization, hashing and similarity for the TM
 * (internal).
 *
 * Three views of a segment's text:
 *  - the NFC text: what "exact" compares (by a 64-bit hash, then bytes);
 *  - the matching key: NFC, invisible format characters (ZWNJ, ZWJ,
 *    bidi marks) removed, digits of every script as ASCII, case folded,
 *    punctuation and whitespace as single spaces. Equal keys are a
 *    near-exact match; the FTS index is built over keys;
 *  - tokens: ICU word-break tokens (dictionary-based for Thai, Chinese,
 *    Khmer, Lao, Burmese) as sequences of grapheme clusters, for the
 *    fuzzy score.
 */
#ifndef NL_TM_MATCH_H
#define NL_TM_MATCH_H

#include <stddef.h>
#include <stdint.h>
#include <newsloc/common.h>
#include <newsloc/error.h>

/* A 64-bit hash of bytes; never 0 (0 means "no text"). */
int64_t nl_tm__hash(const char *s, size_t len);

/* Appends the matching key of NFC text `s` to `out`. With `keep_punct`,
 * punctuation stays (the "loose" key that tells 99 from 98). */
int nl_tm__key(nl_buf *out, const char *s, int keep_punct, nl_error *err);

/* Tokens of one text, ready for scoring. */
typedef struct nl_tm__tok {
  uint32_t hash;   /* of the folded token, or of the number's value */
  uint32_t first;  /* index of the first grapheme in nl_tm__toks.g */
  uint32_t glen;   /* graphemes */
  int is_number;
} nl_tm__tok;

typedef struct nl_tm__toks {
  nl_tm__tok *t;
  size_t n, cap;
  uint32_t *g;     /* grapheme hashes */
  size_t gn, gcap;
} nl_tm__toks;

void nl_tm__toks_dispose(nl_tm__toks *toks);

/* Holds the ICU break iterators one TM handle reuses. */
typedef struct nl_tm__scorer nl_tm__scorer;

int nl_tm__scorer_new(nl_tm__scorer **out, nl_error *err);
void nl_tm__scorer_free(nl_tm__scorer *sc);

/* Tokenizes UTF-8 `text` of language `lang` into `out` (reset first). */
int nl_tm__tokenize(nl_tm__scorer *sc, const char *lang, const char *text,
                    nl_tm__toks *out, nl_error *err);

/* Similarity 0-100 of two token lists: 100 x (1 - d / max), where d is a
 * token edit distance whose costs are counted in grapheme clusters
 * (inserting or deleting a token costs its length, substituting one
 * costs the grapheme edit distance between them; numbers match by
 * value, never partially), max the longer text in graphemes; minus 2
 * for each number found in only one of the two. */
int nl_tm__similarity(const nl_tm__toks *a, const nl_tm__toks *b);

/* Convenience: tokenizes both and returns nl_tm__similarity, or < 0. */
int nl_tm__score(nl_tm__scorer *sc, const char *lang, const char *a,
                 const char *b, nl_error *err);

/* Penalty for inline codes that differ between two XLIFF 2.0 markups
 * (NULL: no codes): one point per code added, removed or changed. */
int nl_tm__code_penalty(const char *a, const char *b);

#endif
