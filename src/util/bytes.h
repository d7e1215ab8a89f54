/*
 * util/bytes.h - words read from bytes the same on any byte order
 * (internal).
 */
#ifndef NL_UTIL_BYTES_H
#define NL_UTIL_BYTES_H

#include <stdint.h>
#include <string.h>

/* The eight bytes at p as one word, the first the lowest: one load on a
 * little-endian machine, so that text can be tested eight bytes a step
 * with the same masks everywhere. */
static inline uint64_t nl_bytes__le64(const void *p) {
  uint64_t v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  memcpy(&v, p, 8);
#else
  const unsigned char *b = p;
  for (int k = 7; k >= 0; k--)
    v = v << 8 | b[k];
#endif
  return v;
}

#endif
