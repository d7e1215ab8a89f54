/*
 * tm_bits.c - containers of row offsets (see tm_bits.h).
 *
 * An array is little-endian 16-bit offsets, ascending, fewer than
 * NL_TM_BITS_ARRAY of them; a bitmap is exactly NL_TM_BITS_WORDS
 * little-endian 64-bit words (NL_TM_BITS_ARRAY * 2 bytes), which no
 * array is as long as.
 */
#include <string.h>

#include "tm_bits.h"
#include "util/buf.h"
#include "util/bytes.h"

int nl_tm_bits__or(uint64_t *bm, const void *blob, size_t n) {
  const unsigned char *b = blob;
  if (n == (size_t)NL_TM_BITS_WORDS * 8) {
    for (size_t i = 0; i < NL_TM_BITS_WORDS; i++)
      bm[i] |= nl_bytes__le64(b + i * 8); /* the stored order */
    return 0;
  }
  if (n % 2 || n / 2 >= NL_TM_BITS_ARRAY)
    return -1;
  for (size_t i = 0; i + 1 < n; i += 2) {
    unsigned off = (unsigned)b[i] | (unsigned)b[i + 1] << 8;
    bm[off >> 6] |= (uint64_t)1 << (off & 63);
  }
  return 0;
}

int nl_tm_bits__encode(const uint64_t *bm, nl_buf *out) {
  size_t count = 0;
  for (size_t i = 0; i < NL_TM_BITS_WORDS; i++)
    count += (size_t)__builtin_popcountll(bm[i]);
  nl_buf__clear(out);
  size_t bytes = count < NL_TM_BITS_ARRAY ? count * 2
                                            : (size_t)NL_TM_BITS_WORDS * 8;
  if (nl_buf__grow(out, bytes + 1) < 0)
    return NL_ENOMEM;
  unsigned char *p = (unsigned char *)out->ptr;
  for (size_t i = 0; i < NL_TM_BITS_WORDS; i++) {
    uint64_t v = bm[i];
    if (count >= NL_TM_BITS_ARRAY) {
      for (int k = 0; k < 8; k++)
        *p++ = (unsigned char)(v >> (8 * k));
      continue;
    }
    while (v) {
      unsigned off = (unsigned)(i * 64) + (unsigned)__builtin_ctzll(v);
      *p++ = (unsigned char)(off & 0xff);
      *p++ = (unsigned char)(off >> 8);
      v &= v - 1;
    }
  }
  out->size = bytes;
  out->ptr[bytes] = '\0';
  return 0;
}

uint32_t nl_tm_bits__slot(const char *w, size_t len) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)w[i];
    h *= 16777619u;
  }
  return (h ^ h >> NL_TM_SKETCH_BITS) & (NL_TM_SKETCH_SIZE - 1);
}
