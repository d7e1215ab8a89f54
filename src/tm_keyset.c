/*
 * tm_keyset.c - a Bloom filter of key hashes (see tm_keyset.h).
 *
 * 12 bits a key, four of them set in one word chosen by the hash: about
 * 1.5% false "maybe"s when full (each one only costs the seek the filter
 * saves otherwise). Key hashes are already spread, but are mixed once
 * more so that the word and the bits come from independent-looking bits.
 */
#include <stdlib.h>

#include "tm_keyset.h"

enum { BITS_A_KEY = 12 };

int nl_tm_keyset__reset(nl_tm_keyset *k, size_t room) {
  size_t words = room / 64 * BITS_A_KEY + 1;
  if (words > NL_TM_KEYSET_MAX / 8)
    words = NL_TM_KEYSET_MAX / 8;
  if (words != k->nwords) {
    free(k->w);
    k->w = malloc(words * 8);
    k->nwords = k->w ? words : 0;
  }
  k->keys = 0;
  k->room = room;
  if (k->w == NULL)
    return -1;
  for (size_t i = 0; i < k->nwords; i++)
    k->w[i] = 0;
  return 0;
}

static uint64_t mix(int64_t key_hash) {
  uint64_t x = (uint64_t)key_hash;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

static size_t word_of(const nl_tm_keyset *k, uint64_t x) {
  return (size_t)(((x >> 32) * (uint64_t)k->nwords) >> 32);
}

static uint64_t bits_of(uint64_t x) {
  return (uint64_t)1 << (x & 63) | (uint64_t)1 << (x >> 6 & 63) |
         (uint64_t)1 << (x >> 12 & 63) | (uint64_t)1 << (x >> 18 & 63);
}

void nl_tm_keyset__add(nl_tm_keyset *k, int64_t key_hash) {
  if (k->nwords == 0)
    return;
  uint64_t x = mix(key_hash);
  k->w[word_of(k, x)] |= bits_of(x);
  k->keys++;
}

int nl_tm_keyset__maybe(const nl_tm_keyset *k, int64_t key_hash) {
  if (k->nwords == 0)
    return 1;
  uint64_t x = mix(key_hash);
  uint64_t b = bits_of(x);
  return (k->w[word_of(k, x)] & b) == b;
}

void nl_tm_keyset__dispose(nl_tm_keyset *k) {
  free(k->w);
  k->w = NULL;
  k->nwords = k->keys = k->room = 0;
}
