/*
 * tm_keyset.h - which key hashes a TM may hold: a Bloom filter over the
 * source rows' key hashes (internal; the SQLite store's writer).
 *
 * Every row an import adds is first looked for by its key hash, and in a
 * new TM nearly every one of those seeks finds nothing (13% of the
 * writer's CPU at 500,000 units). "Not here" from the filter is certain,
 * so the seek is skipped; "maybe" still seeks, so a stale or full filter
 * costs seeks, never a wrong answer. All bits of a key are in one 64-bit
 * word: one cache miss a test.
 */
#ifndef NL_TM_KEYSET_H
#define NL_TM_KEYSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct nl_tm_keyset {
  uint64_t *w;
  size_t nwords;
  size_t keys, room; /* keys added; keys it was sized for */
} nl_tm_keyset;

/* Empties *k and sizes it for `room` keys (at most NL_TM_KEYSET_MAX
 * bytes); -1 when out of memory (then *k is empty and unusable). */
int nl_tm_keyset__reset(nl_tm_keyset *k, size_t room);
void nl_tm_keyset__add(nl_tm_keyset *k, int64_t key_hash);
/* 0: no key with this hash was added; 1: maybe. */
int nl_tm_keyset__maybe(const nl_tm_keyset *k, int64_t key_hash);
void nl_tm_keyset__dispose(nl_tm_keyset *k);

enum { NL_TM_KEYSET_MAX = 32 << 20 };

#endif
