/*
 * segment_pair.h - bracket and quotation pairs a unit must not split
 * (internal).
 *
 * A translation unit that holds half a bracket pair is one no translator
 * can place, and a full stop inside "(… 2019. …)", 《…！…》 or 「…。…」
 * ends nothing. A quotation is kept whole when what follows shows it is
 * part of a larger sentence: its last words end in a comma and an
 * attribution goes on in lowercase („… váhu. V podstate …,“ reagoval),
 * or a citation in brackets closes it ("…[...]" (Manzoni).). Pairs are
 * found by counting, which a regex cannot do, in one pass.
 */
#ifndef NL_SEGMENT_PAIR_H
#define NL_SEGMENT_PAIR_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

/* Inside (open, close]: no boundary. */
typedef struct nl_pair {
  int32_t open, close;
} nl_pair;

typedef struct nl_pairs {
  nl_pair *at;
  size_t n, cap;
} nl_pairs;

/* Whether c is an opening or closing mark (the closers that open
 * nothing too). */
int nl_pair__is_mark(UChar c);

/* The marks nl_pair__is_mark takes, into out[0..cap); how many. */
size_t nl_pair__marks(UChar *out, size_t cap);

/* The pairs of s[0..len) that hold boundaries nobody may make, sorted
 * by `open`; nested pairs are left out (the outer one covers them).
 * `marks`: the positions of the paragraph's marks, ascending
 * (nl_scan__run). NL_ENOMEM. */
int nl_pair__scan(const UChar *s, int32_t len, const int32_t *marks,
                  size_t nmarks, nl_pairs *out);
void nl_pair__dispose(nl_pairs *p);

/* Whether boundary position b falls inside one of the pairs. */
int nl_pair__inside(const nl_pairs *p, int32_t b);

/* The same search over any records sorted by where they start, none
 * overlapping, each `stride` bytes beginning with two int32_t, LO and
 * HI (nl_pair, nl_list_mark): whether p is in (LO, HI] of one. */
int nl_pair__covers(const void *at, size_t n, size_t stride, int32_t p);

#endif
