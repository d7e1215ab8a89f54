/*
 * rx.h - the regexes of SRX rules, matched at one position without ICU's
 * regex engine (internal).
 *
 * Segmentation asks one question many times a paragraph: does this
 * rule's beforebreak match text ending here, and its afterbreak text
 * starting here? ICU's matcher takes microseconds to answer, at every
 * boundary ICU proposes, for every rule. nl_rx reads the ICU (Java-style)
 * syntax SRX rules are written in and answers that question itself,
 * matching backwards or forwards from the position over the parsed
 * pattern, lookarounds included. A pattern using what it does not match
 * exactly (back-references, atomic groups, possessive quantifiers,
 * \X, \G, \Q, comments mode) is refused when compiled and left to ICU.
 *
 * It also says which characters a match can have next to the position:
 * tables built from that reject most positions before any matching.
 */
#ifndef NL_RX_H
#define NL_RX_H

#include <stdint.h>
#include <unicode/uset.h>
#include <unicode/utypes.h>

typedef struct nl_rx nl_rx;
typedef struct nl_rx_memo nl_rx_memo;

enum { NL_RX_FORWARD = 1, NL_RX_BACK = -1 };

/* How many characters next to the position nl_rx__edge describes. */
enum { NL_RX_EDGE = 4 };

/* Compiles `pattern` (UTF-8, ICU syntax, already accepted by ICU).
 * Returns 0 with *out set; 1 when nl_rx cannot match it exactly (*out is
 * NULL: use ICU); NL_ENOMEM. */
int nl_rx__compile(nl_rx **out, const char *pattern);
void nl_rx__free(nl_rx *rx);

/* A cache of the character sets patterns name (\p{L}, \s, [:Lu:]),
 * for compiling many regexes: each set is built once, and large sets
 * (node sets, edges) are kept frozen once and shared by the regexes, so
 * free it only after every regex compiled with it. NULL without memory. */
typedef struct nl_rx_sets nl_rx_sets;
nl_rx_sets *nl_rx__sets_new(void);
void nl_rx__sets_free(nl_rx_sets *c);
/* nl_rx__compile with a cache (may be NULL). */
int nl_rx__compile_with(nl_rx **out, const char *pattern, nl_rx_sets *cache);

/* Whether a match of the pattern ends at `p` (NL_RX_BACK) or starts at
 * `p` (NL_RX_FORWARD) in s[0, len), which it may look at whole. Returns
 * 1, 0, or -1 when it gave up after too many steps (a few thousand plus
 * a few a unit of `len`): then it does not know, and the answer is
 * neither. Exact on its own; nl_rx__may first saves time where most
 * positions fail. */
int nl_rx__at(const nl_rx *rx, int dir, const UChar *s, int32_t len,
              int32_t p, nl_rx_memo *memo);

/* What nl_rx__at learned about one text, for the next positions asked in
 * it (one direction): `memo` may be NULL. Reset it for each new text. */
nl_rx_memo *nl_rx__memo_new(const nl_rx *rx);
void nl_rx__memo_reset(nl_rx_memo *m);
void nl_rx__memo_free(nl_rx_memo *m);

/* 0 when the characters next to a position show at once that no match
 * ends (NL_RX_BACK) or starts (NL_RX_FORWARD) there; 1 when one may.
 * ch[0, have) are those characters going in `dir`, the nearest first
 * (have < NL_RX_EDGE only where the text ends). Cheap: worth asking of
 * both halves of a rule before matching either. */
int nl_rx__may(const nl_rx *rx, int dir, const UChar32 *ch, int have);

/* The characters a match can have at distance `i` < NL_RX_EDGE from the
 * position, going in `dir` (0 is the character next to it). *ended is
 * set when a match may be complete before distance i, in which case any
 * character, or none, will do there; *none when a match is possible
 * with the text ending before distance i. */
const USet *nl_rx__edge(const nl_rx *rx, int dir, int i, int *ended,
                        int *none);

/* Without building the edge set: whether character c (-1: none, the
 * text's end) may stand at distance i (as *none, or *ended or c in the
 * set); */
int nl_rx__edge_allows(const nl_rx *rx, int dir, int i, UChar32 c);
/* its code point ranges below `limit`, in order, to fn, unless a match
 * may be complete before distance i (*ended: any character will do),
 * when it returns 1 without calling fn; */
int nl_rx__edge_each(const nl_rx *rx, int dir, int i, UChar32 limit,
                     void (*fn)(void *arg, UChar32 lo, UChar32 hi),
                     void *arg);
/* whether the character before the position (distance 0 going back)
 * may be white space or U+200B, the space ICU puts its boundaries in. */
int nl_rx__edge_space(const nl_rx *rx);

/* ---- compiled regexes as 32-bit words (the build-time compilation,
 * segment_blob.h): the generator saves each bundled language's
 * regexes, a process loads them instead of compiling. ---- */

/* Words being written; nomem once one could not be added. */
typedef struct nl_words {
  uint32_t *w;
  size_t n, cap;
  int nomem;
} nl_words;

void nl_words__put(nl_words *o, uint32_t v);
void nl_words__dispose(nl_words *o);

/* Where a regex is saved: its words to `body`, each distinct set it
 * refers to once to `sets` (a table shared by every regex saved with
 * it, set i starting at set_at[i]). */
typedef struct nl_rx_out {
  nl_words *body;
  nl_words sets;
  size_t *set_at;
  uint64_t *set_hash;
  size_t nsets, set_cap;
} nl_rx_out;

void nl_rx__save(nl_rx_out *o, const nl_rx *rx);
void nl_rx__out_dispose(nl_rx_out *o);

/* A blob's sets for the regexes loaded with `cache` (set i at
 * w + at[i]): a set is searched there, or loaded into the cache when a
 * USet is worth it, only when a regex first needs it past ASCII (most
 * texts never ask for most of them). The words must outlive the cache.
 * A regex loaded so changes on its first matches past ASCII: like the
 * segmenter it belongs to, it serves one thread at a time. 0 or
 * NL_ENOMEM. */
int nl_rx__sets_blob(nl_rx_sets *cache, const uint32_t *w, size_t n,
                     const uint32_t *at, size_t nsets);

/* What is being loaded: words w[0, n) read from i on; bad once it ran
 * past the end or met a value out of range (a blob that does not fit
 * this build: compile instead). Sets are the cache's blob's. */
typedef struct nl_rx_in {
  const uint32_t *w;
  size_t n, i;
  int bad;
  nl_rx_sets *cache;
  int nomem;
} nl_rx_in;

uint32_t nl_rx__get(nl_rx_in *in);
/* The regex nl_rx__save wrote at the position. 0, NL_ENOMEM, 1 when the
 * words are bad. */
int nl_rx__load(nl_rx **out, nl_rx_in *in);

#endif
