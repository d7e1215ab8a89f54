/*
 * tm_bits.h - which rows hold a common word, as bitmaps in fixed chunks
 * of row ids (internal; the SQLite store's second word index).
 *
 * FTS5 answers "rows holding w" by walking w's list, which grows with
 * the TM: a sentence of common words cost 78-396 ms at 1M units. For the
 * words many rows hold, the SQLite store also keeps one container per
 * word and chunk of NL_TM_BITS_CHUNK row ids (ids only grow, so an
 * import rewrites only the last chunk's containers of the words it
 * touched): a sorted array of 16-bit offsets while the chunk holds
 * fewer than NL_TM_BITS_ARRAY of the word's rows, else a bitmap of
 * NL_TM_BITS_WORDS 64-bit words. "Rows holding at least n - 1 of these
 * n words" is then a few ANDs per 64 rows, whatever the words' counts.
 */
#ifndef NL_TM_BITS_H
#define NL_TM_BITS_H

#include <stddef.h>
#include <stdint.h>

#include <newsloc/common.h>
#include <newsloc/error.h>

enum {
  NL_TM_BITS_SHIFT = 16,
  NL_TM_BITS_CHUNK = 1 << NL_TM_BITS_SHIFT,
  NL_TM_BITS_WORDS = NL_TM_BITS_CHUNK / 64,
  NL_TM_BITS_ARRAY = 4096 /* past it a bitmap (8 KB) is smaller */
};

/* ORs the container `blob` (`n` bytes) into bm[NL_TM_BITS_WORDS];
 * -1 when the blob is neither form. */
int nl_tm_bits__or(uint64_t *bm, const void *blob, size_t n);

/* The smaller form of bm (array or bitmap), replacing out's bytes. */
int nl_tm_bits__encode(const uint64_t *bm, nl_buf *out);

/* The word counter of a sketch (NL_TM_SKETCH_SIZE one-byte counters,
 * stored in NL_TM_SKETCH_PARTS blobs) for `len` bytes of a word. */
enum { NL_TM_SKETCH_BITS = 18,
       NL_TM_SKETCH_SIZE = 1 << NL_TM_SKETCH_BITS,
       NL_TM_SKETCH_PARTS = 16 };
uint32_t nl_tm_bits__slot(const char *w, size_t len);

#endif
