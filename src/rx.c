/*
 * rx.c - SRX rule regexes matched at a position (see rx.h).
 *
 * The pattern is parsed into a tree; matching walks the tree with a
 * chain of continuations ("what is left to match after this node"),
 * backtracking over alternatives and repetition counts. Only whether a
 * match exists is asked, never where it starts or what it captured, so
 * greedy and lazy quantifiers are the same thing and groups are plain
 * sequences. Going backwards a sequence is walked from its last item;
 * a lookbehind inside a pattern is a backward match from where it
 * stands and a lookahead a forward one, whichever way the outer match
 * goes. ICU's semantics are followed where they differ from other
 * engines: \s, \w, \d, "." and \b are ICU's definitions; sets are
 * built with ICU's own UnicodeSet, so properties mean what they mean
 * to ICU.
 */
#include "rx.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <newsloc/error.h>

enum kind {
  K_EMPTY,
  K_SET,
  K_CAT,
  K_ALT,
  K_REP,
  K_LOOK,
  K_BOT,   /* \A, ^ */
  K_EOT,   /* \z */
  K_EOTNL, /* \Z, $: the end, or before a final line terminator */
  K_BOL,   /* ^ in multi-line mode */
  K_EOL,   /* $ in multi-line mode */
  K_WORDB, /* \b */
  K_NWORDB /* \B */
};

typedef struct node {
  int kind;
  int min, max;      /* K_REP; max < 0: unbounded */
  int dir, neg;      /* K_LOOK: NL_RX_FORWARD or NL_RX_BACK; negative */
  int *kids;         /* K_CAT, K_ALT; one for K_REP and K_LOOK */
  int nkids, cap;
  USet *set;         /* K_SET */
  int shared;        /* K_SET: the set is the cache's, frozen */
  uint64_t ascii[2]; /* K_SET: members below U+0080, for speed */
  /* K_SET: its ranges, and a hash of them: the edge walk merges a set
   * (\p{L}, hundreds of ranges) equal to one merged already only once */
  int32_t items;
  uint64_t hash;
  /* For an alternative: the ASCII characters its match can begin with,
   * going back ([0]) or forward ([1]), unless `opens_any` (it can match
   * nothing, or begin with a character past ASCII) */
  uint64_t opens[2][2];
  int opens_any[2];
  /* For a long list of alternatives (up to 64): by the ASCII character
   * next in each direction, which of them can begin with it */
  uint64_t (*by_char)[128];
  /* K_REP of a set, unbounded, whose continuation holds no repetition
   * count: what follows it depends on the position only, so whether the
   * rest matches somewhere along the run from a position can be kept
   * (see nl_rx_memo); the index of its table, or -1 */
  int memo;
  /* K_SET loaded from a blob: its set there (index + 1), `set` NULL
   * until a character past ASCII asks for it (see lazy_has) */
  uint32_t lazy;
} node;

/* One way a match can begin: step i is the set node its character at
 * distance i is in, or (negative, ~index) a set it is outside of, the
 * text may end there too. `len` steps, then anything. */
enum { PATHS = 256, PATHS_TRIED = 16, PATHS_FIT = 24, KEYS = 1024 };
_Static_assert(PATHS_FIT <= 32, "a way is a bit of a uint32_t");
enum { WAYS_MET = 64 };
typedef struct path {
  int step[NL_RX_EDGE];
  int len;
} path;

/* The listed ways of one direction (at most PATHS_FIT) as bits, way i
 * bit i, for nl_rx__may: a character's ways at each distance from a
 * table (ASCII) or from each distinct step's set asked once, where
 * trying the ways one by one asked the same set for many of them. */
typedef struct ways {
  uint32_t ascii[NL_RX_EDGE][128]; /* the ways a character there fits */
  uint32_t end[NL_RX_EDGE];  /* the ways content with the text's end */
  uint32_t done[NL_RX_EDGE]; /* the ways over before that distance */
  int nsets[NL_RX_EDGE];
  struct {
    int node;
    uint32_t in, out; /* the ways whose step is in it, outside it */
  } set[NL_RX_EDGE][PATHS_FIT];
  /* characters past ASCII, as met: a script's few dozen letters come
   * back at every boundary */
  struct {
    UChar32 c;
    uint32_t m[NL_RX_EDGE];
  } met[WAYS_MET];
} ways;

struct nl_rx {
  node *n;
  int nn, cap;
  int root;
  int nmemo; /* nodes with a memo table */
  const USet *word; /* \b: ICU's word characters */
  const USet *skip; /* \b: what it looks through (extending marks, formats) */
  int own_word, own_skip; /* not the cache's (see share) */
  /* compiling, with \b: a set node (index + 1, 0 none) of the word
   * characters \b does not look through, for the ways (edge_wordb) */
  int nonword;
  /* loaded from a blob: where its sets are (see nl_rx_sets.blob), and
   * the sets word, skip and edge still there (index + 1, or 0) */
  nl_rx_sets *blob;
  uint32_t word_lazy, skip_lazy, edge_lazy[2][NL_RX_EDGE];
  /* its beforebreak's last character can be white space (or U+200B),
   * where ICU puts its boundaries: see nl_rx__edge_space */
  int space_edge;
  /* loaded: every node's kids in one array (one malloc, not thousands) */
  int *kid_pool;
  /* loaded: where its nodes are in the blob, `n` NULL until the first
   * match needs them (a segmenter has dozens of rules, a sentence asks
   * few of them); 0 once read */
  size_t nodes_at;
  int nkids_all; /* loaded: the kids of all its nodes */
  /* loaded, nodes not read yet: its ways, whose steps are nodes, are
   * held here, and npaths is -1 meanwhile ("too many to list": then
   * nl_rx__may answers maybe, and the match that follows reads the
   * nodes), so that nl_rx__may never has to ask whether they are read */
  int npaths_held[2];
  USet *edge[2][NL_RX_EDGE];
  int edge_shared[2][NL_RX_EDGE]; /* the cache's */
  int ended[2][NL_RX_EDGE];
  int none[2][NL_RX_EDGE];
  /* The ways a match can begin, each direction, when there are few:
   * the sets of its first characters along each way (the edge sets are
   * their union, and lose which went with which) */
  path *paths[2];
  int npaths[2]; /* -1: too many to list */
  /* When every way's characters are few (a list of words), all the
   * strings a match can begin with, as keys (see key_of), sorted; the
   * lengths they come in, a bit each */
  uint64_t *keys[2]; /* open addressing, EMPTY where free */
  uint32_t key_mask[2];
  unsigned key_lens[2];
  /* some way's key stops short of its steps (a step of many characters,
   * \p{Arabic}): a key then passes text its way would not, and the ways
   * are worth trying too when they are not too many */
  int key_short[2];
  /* the ways as bits, built at the first nl_rx__may that has them (NULL
   * before, and when there are none or too many) */
  ways *bits[2];
};

/* ---- sets ----------------------------------------------------------------- */

/* Sets already built from a pattern, shared by the regexes compiled
 * with one cache: building \p{L} walks all of Unicode, and a rules file
 * names it hundreds of times. */
typedef struct cached_set {
  UChar *pattern;
  int32_t n;
  USet *set; /* frozen */
} cached_set;

struct nl_rx_sets {
  cached_set *e;
  size_t n, cap;
  /* Unicode's ranges of one general category, read once: ICU builds
   * \p{L} by asking every boundary of every property (hundreds of
   * thousands of steps a set), and a rules file names a dozen such sets.
   * gc_lo[i] starts a range of category gc_v[i] running to gc_lo[i+1]. */
  UChar32 *gc_lo;
  uint8_t *gc_v;
  int32_t ngc, gc_cap;
  int gc_failed;
  /* the set of the space ICU puts its boundaries in, for space_edge */
  USet *ws;
  /* The sets of a blob (nl_rx__sets_blob): set i is at words + at[i],
   * loaded (into `kept`) when first asked for a USet */
  const uint32_t *bw;
  size_t bnw;
  const uint32_t *bat;
  size_t bnsets;
  USet **bloaded;
  /* Large frozen sets that regexes compiled with the cache share (a node
   * set, an edge, \b's): one copy and one freezing (ICU's tables,
   * thousands of steps) for the hundred rules that name \p{L}. */
  USet **kept;
  uint64_t *kept_hash;
  size_t nkept, kept_cap;
};

nl_rx_sets *nl_rx__sets_new(void) { return calloc(1, sizeof(nl_rx_sets)); }

void nl_rx__sets_free(nl_rx_sets *c) {
  if (c == NULL)
    return;
  for (size_t i = 0; i < c->n; i++) {
    free(c->e[i].pattern);
    uset_close(c->e[i].set);
  }
  free(c->e);
  free(c->gc_lo);
  free(c->gc_v);
  for (size_t i = 0; i < c->nkept; i++)
    uset_close(c->kept[i]);
  free(c->kept);
  free(c->kept_hash);
  uset_close(c->ws);
  free(c->bloaded);
  free(c);
}

/* A hash of a set's ranges that sorts sets out before uset_equals: the
 * first and last few ranges do that, and large sets have hundreds. */
static uint64_t set_hash(const USet *s, int32_t items) {
  uint64_t h = 0xcbf29ce484222325u;
  for (int32_t i = 0; i < items; i = i == 3 && items > 8 ? items - 4 : i + 1) {
    UChar32 lo, hi;
    UErrorCode ec = U_ZERO_ERROR;
    int32_t str = uset_getItem(s, i, &lo, &hi, NULL, 0, &ec);
    uint64_t range = (uint64_t)(uint32_t)lo << 32 | (uint32_t)hi;
    h = (h ^ range ^ ((uint64_t)str << 21)) * 0x100000001b3u;
  }
  return h ^ (uint64_t)items;
}

/* `s` (hash h) kept by the cache, which frees it from then on. */
static int keep(nl_rx_sets *c, USet *s, uint64_t h) {
  if (c->nkept == c->kept_cap) {
    size_t cap = c->kept_cap ? c->kept_cap * 2 : 64;
    USet **k = realloc(c->kept, cap * sizeof(*k));
    if (k)
      c->kept = k;
    uint64_t *kh = k ? realloc(c->kept_hash, cap * sizeof(*kh)) : NULL;
    if (kh == NULL)
      return NL_ENOMEM;
    c->kept_hash = kh;
    c->kept_cap = cap;
  }
  c->kept[c->nkept] = s;
  c->kept_hash[c->nkept++] = h;
  return 0;
}

/* `s` frozen, as the cache's copy: an equal set it keeps already (`s`
 * is then closed), or `s` itself, which it takes over. NULL, `s`
 * untouched, when there is no cache or it cannot grow. */
static USet *share(nl_rx_sets *c, USet *s, int32_t items) {
  if (c == NULL)
    return NULL;
  uint64_t h = set_hash(s, items);
  for (size_t i = 0; i < c->nkept; i++)
    if (c->kept_hash[i] == h && uset_equals(c->kept[i], s)) {
      uset_close(s);
      return c->kept[i];
    }
  if (keep(c, s, h) < 0)
    return NULL;
  uset_freeze(s);
  return s;
}

static UBool U_CALLCONV gc_range(const void *ctx, UChar32 lo, UChar32 limit,
                                 UCharCategory t) {
  (void)limit;
  nl_rx_sets *c = (nl_rx_sets *)(uintptr_t)ctx;
  if (c->ngc == c->gc_cap) {
    int32_t cap = c->gc_cap ? c->gc_cap * 2 : 4096;
    UChar32 *lo2 = realloc(c->gc_lo, (size_t)cap * sizeof(*lo2));
    if (lo2)
      c->gc_lo = lo2;
    uint8_t *v2 = lo2 ? realloc(c->gc_v, (size_t)cap) : NULL;
    if (v2 == NULL) {
      c->gc_failed = 1;
      return 0;
    }
    c->gc_v = v2;
    c->gc_cap = cap;
  }
  c->gc_lo[c->ngc] = lo;
  c->gc_v[c->ngc++] = (uint8_t)t;
  return 1;
}

/* The characters whose general category is in `mask` (U_GC_*_MASK), as
 * ICU's \p{...} has them; NULL when the ranges could not be read. */
static USet *gc_set(nl_rx_sets *c, uint32_t mask) {
  if (c->ngc == 0 && !c->gc_failed)
    u_enumCharTypes(gc_range, c);
  if (c->gc_failed || c->ngc == 0)
    return NULL;
  USet *s = uset_openEmpty();
  for (int32_t i = 0; s && i < c->ngc; i++) {
    if (!((mask >> c->gc_v[i]) & 1))
      continue;
    UChar32 lo = c->gc_lo[i];
    while (i + 1 < c->ngc && ((mask >> c->gc_v[i + 1]) & 1))
      i++; /* neighbours in the mask make one range */
    uset_addRange(s, lo, i + 1 < c->ngc ? c->gc_lo[i + 1] - 1 : 0x10FFFF);
  }
  return s;
}

/* `s` joined by ICU's own (cached) set of binary property `p`. */
static int add_binary(USet *s, UProperty p) {
  UErrorCode ec = U_ZERO_ERROR;
  const USet *b = u_getBinaryPropertySet(p, &ec);
  if (U_FAILURE(ec))
    return -1;
  uset_addAll(s, b);
  return 0;
}

/* \p{NAME} the quick way when NAME is a general category (as ICU reads
 * a bare name: category first, then script, then binary property) or a
 * binary property; NULL otherwise, for ICU's pattern to decide. */
static USet *quick_property(nl_rx_sets *c, const UChar32 *cp, int32_t n) {
  char name[64];
  if (c == NULL || n <= 0 || n >= (int32_t)sizeof(name))
    return NULL;
  for (int32_t i = 0; i < n; i++) {
    UChar32 ch = cp[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
          (ch >= '0' && ch <= '9') || ch == '_'))
      return NULL;
    name[i] = (char)ch;
  }
  name[n] = 0;
  int32_t v = u_getPropertyValueEnum(UCHAR_GENERAL_CATEGORY_MASK, name);
  if (v != UCHAR_INVALID_CODE)
    return gc_set(c, (uint32_t)v);
  if (u_getPropertyValueEnum(UCHAR_SCRIPT, name) != UCHAR_INVALID_CODE)
    return NULL;
  UProperty p = u_getPropertyEnum(name);
  if (p < UCHAR_BINARY_START || p >= UCHAR_BINARY_LIMIT)
    return NULL;
  USet *s = uset_openEmpty();
  if (s && add_binary(s, p) < 0) {
    uset_close(s);
    return NULL;
  }
  return s;
}

static USet *build_pattern(const UChar *u, int32_t n) {
  UErrorCode ec = U_ZERO_ERROR;
  USet *s = uset_openPattern(u, n, &ec);
  if (U_FAILURE(ec)) {
    uset_close(s);
    return NULL;
  }
  uset_compact(s); /* ICU keeps its work buffer otherwise: ~100 KB a rule */
  return s;
}

/* Keeps a frozen copy of `s` under its pattern; a cache that cannot
 * grow just misses. */
static void remember(nl_rx_sets *c, const UChar *u, int32_t n,
                     const USet *s) {
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 32;
    cached_set *e = realloc(c->e, cap * sizeof(*e));
    if (e == NULL)
      return;
    c->e = e;
    c->cap = cap;
  }
  cached_set *e = &c->e[c->n];
  e->pattern = malloc((size_t)n * sizeof(UChar));
  e->set = uset_clone(s);
  if (e->pattern == NULL || e->set == NULL) {
    free(e->pattern);
    uset_close(e->set);
    return;
  }
  memcpy(e->pattern, u, (size_t)n * sizeof(UChar));
  e->n = n;
  uset_freeze(e->set);
  c->n++;
}

/* A new (thawed, caller-owned) set from a UnicodeSet pattern; `quick`,
 * when not NULL, is the same set built without ICU's pattern. */
static USet *open_quick(nl_rx_sets *c, const UChar *u, int32_t n,
                        USet *(*quick)(nl_rx_sets *, const void *),
                        const void *arg) {
  for (size_t i = 0; c && i < c->n; i++)
    if (c->e[i].n == n && memcmp(c->e[i].pattern, u, (size_t)n * 2) == 0)
      return uset_cloneAsThawed(c->e[i].set);
  USet *s = quick && c ? quick(c, arg) : NULL;
  if (s == NULL)
    s = build_pattern(u, n);
  else
    uset_compact(s);
  if (s && c)
    remember(c, u, n, s);
  return s;
}

static USet *open_pattern(nl_rx_sets *c, const UChar *u, int32_t n) {
  return open_quick(c, u, n, NULL, NULL);
}

/* A set of the class escapes: general categories, one binary property,
 * two characters (see set_escape). */
typedef struct escape_set {
  const char *pattern;
  uint32_t gc;
  UProperty binary; /* or UCHAR_INVALID_CODE */
  UChar32 extra[2]; /* or -1 */
} escape_set;

static USet *quick_escape(nl_rx_sets *c, const void *arg) {
  const escape_set *e = arg;
  USet *s = e->gc ? gc_set(c, e->gc) : uset_openEmpty();
  if (s && e->binary != UCHAR_INVALID_CODE && add_binary(s, e->binary) < 0) {
    uset_close(s);
    return NULL;
  }
  for (int i = 0; s && i < 2; i++)
    if (e->extra[i] >= 0)
      uset_add(s, e->extra[i]);
  return s;
}

static USet *set_ascii_pattern(nl_rx_sets *c, const char *pattern) {
  UChar u[128];
  size_t n = strlen(pattern);
  if (n >= sizeof(u) / sizeof(u[0]))
    return NULL;
  u_charsToUChars(pattern, u, (int32_t)n);
  return open_pattern(c, u, (int32_t)n);
}

static USet *set_quick_pattern(nl_rx_sets *c, const escape_set *e) {
  UChar u[128];
  size_t n = strlen(e->pattern);
  if (n >= sizeof(u) / sizeof(u[0]))
    return NULL;
  u_charsToUChars(e->pattern, u, (int32_t)n);
  return open_quick(c, u, (int32_t)n, quick_escape, e);
}

typedef struct property_arg {
  const UChar32 *cp;
  int32_t n;
  int negate;
} property_arg;

static USet *quick_named(nl_rx_sets *c, const void *arg) {
  const property_arg *a = arg;
  USet *s = quick_property(c, a->cp, a->n);
  if (s && a->negate)
    uset_complement(s);
  return s;
}

/* "[" prefix cps[0, n) "]" as a UnicodeSet pattern (for \p{...}). */
static USet *set_property(nl_rx_sets *c, const char *prefix,
                          const UChar32 *cp, int32_t n) {
  int32_t cap = (int32_t)strlen(prefix) + 2 * n + 4, len = 0;
  UChar *u = malloc((size_t)cap * sizeof(UChar));
  if (u == NULL)
    return NULL;
  u[len++] = '[';
  for (const char *p = prefix; *p; p++)
    u[len++] = (UChar)*p;
  UBool bad = 0;
  for (int32_t i = 0; i < n; i++)
    U16_APPEND(u, len, cap, cp[i], bad);
  USet *s = NULL;
  if (!bad && len + 2 <= cap) {
    u[len++] = '}';
    u[len++] = ']';
    property_arg a = {cp, n, prefix[1] == 'P'};
    s = open_quick(c, u, len, quick_named, &a);
  }
  free(u);
  return s;
}

/* The class escapes as ICU defines them in its code (its documentation
 * gives \s as [\t\n\f\r\p{Z}], but ICU matches all of White_Space,
 * vertical tab and NEL included: the fuzzer found it). */
static USet *set_escape(nl_rx_sets *cache, UChar32 c) {
  static const escape_set d = {"[\\p{Nd}]", U_GC_ND_MASK, UCHAR_INVALID_CODE,
                               {-1, -1}},
                          sp = {"[\\p{White_Space}]", 0, UCHAR_WHITE_SPACE,
                                {-1, -1}},
                          w = {"[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u200c"
                               "\\u200d]",
                               U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK,
                               UCHAR_ALPHABETIC, {0x200C, 0x200D}},
                          h = {"[\\p{Zs}\\t]", U_GC_ZS_MASK, UCHAR_INVALID_CODE,
                               {'\t', -1}},
                          v = {"[\\n\\u000b\\f\\r\\u0085\\u2028\\u2029]", 0,
                               UCHAR_INVALID_CODE, {-1, -1}};
  const escape_set *e = NULL;
  switch (c | 0x20) {
  case 'd': e = &d; break;
  case 's': e = &sp; break;
  case 'w': e = &w; break;
  case 'h': e = &h; break;
  case 'v': e = &v; break;
  default: return NULL;
  }
  /* \v has no category or property: ICU's pattern builds it */
  USet *s = e == &v ? set_ascii_pattern(cache, e->pattern)
                    : set_quick_pattern(cache, e);
  if (s && c >= 'A' && c <= 'Z')
    uset_complement(s);
  return s;
}

/* ---- tree ------------------------------------------------------------------- */

typedef struct parser {
  nl_rx *rx;
  const UChar32 *p;
  int32_t i, n;
  int icase, multiline, dotall;
  int refuse; /* a construct nl_rx does not match exactly */
  int nomem;
  nl_rx_sets *cache; /* may be NULL */
} parser;

static int new_node(parser *ps, int kind) {
  nl_rx *rx = ps->rx;
  if (rx->nn == rx->cap) {
    int cap = rx->cap ? rx->cap * 2 : 32;
    node *n = realloc(rx->n, (size_t)cap * sizeof(*n));
    if (n == NULL) {
      ps->nomem = 1;
      return -1;
    }
    rx->n = n;
    rx->cap = cap;
  }
  memset(&rx->n[rx->nn], 0, sizeof(node));
  rx->n[rx->nn].kind = kind;
  return rx->nn++;
}

static int add_kid(parser *ps, int parent, int kid) {
  node *n = &ps->rx->n[parent];
  if (n->nkids == n->cap) {
    int cap = n->cap ? n->cap * 2 : 4;
    int *k = realloc(n->kids, (size_t)cap * sizeof(*k));
    if (k == NULL) {
      ps->nomem = 1;
      return -1;
    }
    n->kids = k;
    n->cap = cap;
  }
  n->kids[n->nkids++] = kid;
  return 0;
}

static int wrap(parser *ps, int kind, int kid) {
  int w = new_node(ps, kind);
  if (w < 0 || add_kid(ps, w, kid) < 0)
    return -1;
  return w;
}

/* A node for set `s`, which it takes over. */
static int set_node(parser *ps, USet *s) {
  if (s == NULL) {
    ps->refuse = 1;
    return -1;
  }
  int k = new_node(ps, K_SET);
  if (k < 0) {
    uset_close(s);
    return -1;
  }
  node *n = &ps->rx->n[k];
  /* A literal is a set of one character, and a list of words has
   * hundreds: freezing (ICU's lookup tables) pays only for large sets,
   * and the ASCII bits come from the ranges, not from 128 lookups. */
  int32_t items = uset_getItemCount(s);
  USet *kept = items > 16 ? share(ps->cache, s, items) : NULL;
  if (kept)
    s = kept, n->shared = 1;
  else if (items > 16)
    uset_freeze(s);
  n->set = s;
  n->items = items;
  n->hash = set_hash(s, items);
  /* ranges come in order, strings (none here) after them */
  for (int32_t i = 0; i < items; i++) {
    UChar32 lo, hi;
    UErrorCode ec = U_ZERO_ERROR;
    if (uset_getItem(s, i, &lo, &hi, NULL, 0, &ec) != 0 || lo >= 128)
      break;
    for (UChar32 c = lo; c <= hi && c < 128; c++)
      n->ascii[c >> 6] |= (uint64_t)1 << (c & 63);
  }
  return k;
}

static USet *char_set(const parser *ps, UChar32 lo, UChar32 hi) {
  USet *s = uset_open(lo, hi);
  if (ps->icase)
    uset_closeOver(s, USET_CASE_INSENSITIVE);
  return s;
}

/* ---- parsing ---------------------------------------------------------------- */

static int peek(const parser *ps, int32_t ahead) {
  return ps->i + ahead < ps->n ? (int)ps->p[ps->i + ahead] : -1;
}

static int hex_digit(int c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* `digits` hex digits (or up to '}' when braced); -1 when malformed. */
static UChar32 read_hex(parser *ps, int digits, int braced) {
  UChar32 v = 0;
  int k = 0;
  for (; braced ? peek(ps, 0) != '}' : k < digits; k++) {
    int d = hex_digit(peek(ps, 0));
    if (d < 0 || v > 0x10FFFF)
      return -1;
    v = v * 16 + d;
    ps->i++;
  }
  if (braced) {
    if (peek(ps, 0) != '}' || k == 0)
      return -1;
    ps->i++;
  }
  return v <= 0x10FFFF ? v : -1;
}

static UChar32 read_name(parser *ps) {
  char name[128];
  size_t k = 0;
  if (peek(ps, 0) != '{')
    return -1;
  ps->i++;
  while (peek(ps, 0) > 0 && peek(ps, 0) != '}' && k + 1 < sizeof(name))
    name[k++] = (char)peek(ps, 0), ps->i++;
  name[k] = 0;
  if (peek(ps, 0) != '}')
    return -1;
  ps->i++;
  UErrorCode ec = U_ZERO_ERROR;
  UChar32 c = u_charFromName(U_EXTENDED_CHAR_NAME, name, &ec);
  return U_SUCCESS(ec) ? c : -1;
}

/* \p{...}, \P{...}, \pL. */
static USet *read_property(parser *ps, int negate) {
  const char *pre = negate ? "\\P{" : "\\p{";
  if (peek(ps, 0) != '{') {
    int32_t at = ps->i++;
    return at < ps->n ? set_property(ps->cache, pre, ps->p + at, 1) : NULL;
  }
  int32_t from = ++ps->i;
  while (ps->i < ps->n && ps->p[ps->i] != '}')
    ps->i++;
  if (ps->i >= ps->n)
    return NULL;
  return set_property(ps->cache, pre, ps->p + from, ps->i++ - from);
}

/* `s` frozen: the cache's copy, or the regex's own (*own) when there is
 * no cache to keep it. */
static const USet *adopt(nl_rx_sets *c, USet *s, int *own) {
  if (s == NULL)
    return NULL;
  USet *kept = share(c, s, uset_getItemCount(s));
  *own = kept == NULL;
  if (kept)
    return kept;
  uset_freeze(s);
  return s;
}

/* The sets \b needs, made for the regexes that have one (a few of a
 * rules file's hundreds); 0 without memory. */
static int word_sets(parser *ps) {
  static const escape_set skip = {"[\\p{Grapheme_Extend}\\p{Cf}]",
                                  U_GC_CF_MASK, UCHAR_GRAPHEME_EXTEND,
                                  {-1, -1}};
  nl_rx *rx = ps->rx;
  if (rx->word == NULL)
    rx->word = adopt(ps->cache, set_escape(ps->cache, 'w'), &rx->own_word);
  if (rx->skip == NULL)
    rx->skip = adopt(ps->cache, set_quick_pattern(ps->cache, &skip),
                     &rx->own_skip);
  if (rx->word && rx->skip)
    return 1;
  ps->nomem = 1;
  return 0;
}

enum esc { E_REFUSE, E_CHAR, E_SET, E_ASSERT };

/* After a backslash: a character (*c), a set (*s) or an assertion
 * (*kind). */
static int read_escape(parser *ps, int in_class, UChar32 *c, USet **s,
                       int *kind) {
  int ch = peek(ps, 0);
  if (ch < 0)
    return E_REFUSE;
  ps->i++;
  switch (ch) {
  case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
  case 'h': case 'H': case 'v': case 'V':
    *s = set_escape(ps->cache, ch);
    return *s ? E_SET : E_REFUSE;
  case 'p': case 'P':
    *s = read_property(ps, ch == 'P');
    return *s ? E_SET : E_REFUSE;
  case 'N': *c = read_name(ps); break;
  case 'u': *c = read_hex(ps, 4, 0); break;
  case 'U': *c = read_hex(ps, 8, 0); break;
  case 'x': *c = read_hex(ps, 2, peek(ps, 0) == '{' ? (ps->i++, 1) : 0); break;
  case '0':
    /* as ICU: up to three octal digits while the value stays within
     * 0377, so \0602 is "0" then "2", not U+0182 */
    *c = 0;
    for (int k = 0; k < 3 && peek(ps, 0) >= '0' && peek(ps, 0) <= '7' &&
                    *c * 8 + (peek(ps, 0) - '0') <= 0377;
         k++)
      *c = *c * 8 + (peek(ps, 0) - '0'), ps->i++;
    break;
  case 't': *c = '\t'; break;
  case 'n': *c = '\n'; break;
  case 'r': *c = '\r'; break;
  case 'f': *c = '\f'; break;
  case 'a': *c = 7; break;
  case 'e': *c = 27; break;
  case 'c':
    if (peek(ps, 0) < 0)
      return E_REFUSE;
    *c = peek(ps, 0) & 0x1F;
    ps->i++;
    break;
  case 'b': case 'B': case 'A': case 'z': case 'Z':
    if (in_class)
      return E_REFUSE;
    *kind = ch == 'b' ? K_WORDB : ch == 'B' ? K_NWORDB
            : ch == 'A' ? K_BOT : ch == 'z' ? K_EOT : K_EOTNL;
    return (*kind == K_WORDB || *kind == K_NWORDB) && !word_sets(ps)
               ? E_REFUSE
               : E_ASSERT;
  default:
    /* back-references, \G, \X, \R, \Q, \k and unknown letters: ICU's */
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
        (ch >= '1' && ch <= '9'))
      return E_REFUSE;
    *c = ch;
  }
  return *c >= 0 ? E_CHAR : E_REFUSE;
}

static USet *read_class(parser *ps);

/* One item of a class: a nested class, [:name:], an escape, a char or a
 * range. */
static USet *class_item(parser *ps) {
  int ch = peek(ps, 0);
  USet *t = NULL;
  UChar32 lo = ch;
  if (ch == '[' && peek(ps, 1) == ':') {
    int32_t from = ps->i;
    while (ps->i + 1 < ps->n && !(ps->p[ps->i] == ':' && ps->p[ps->i + 1] == ']'))
      ps->i++;
    if (ps->i + 1 >= ps->n)
      return NULL;
    ps->i += 2;
    UChar32 buf[64];
    int32_t k = ps->i - from;
    if (k > 64)
      return NULL;
    memcpy(buf, ps->p + from, (size_t)k * sizeof(UChar32));
    /* "[:name:]" read as the property \p{name} */
    return set_property(ps->cache, "\\p{", buf + 2, k - 4);
  }
  if (ch == '[') {
    ps->i++;
    return read_class(ps);
  }
  ps->i++;
  if (ch == '\\') {
    int kind;
    int e = read_escape(ps, 1, &lo, &t, &kind);
    if (e == E_SET)
      return t;
    if (e != E_CHAR)
      return NULL;
  }
  UChar32 hi = lo;
  if (peek(ps, 0) == '-' && peek(ps, 1) >= 0 && peek(ps, 1) != ']' &&
      peek(ps, 1) != '-' && peek(ps, 1) != '[') {
    ps->i++;
    hi = peek(ps, 0);
    ps->i++;
    if (hi == '\\') {
      int kind;
      if (read_escape(ps, 1, &hi, &t, &kind) != E_CHAR) {
        uset_close(t);
        return NULL;
      }
    }
    if (hi < lo)
      return NULL;
  }
  return uset_open(lo, hi);
}

/* Joins an operand to the set so far: a union, or the pending && / --. */
static void class_apply(USet *s, USet *operand, int op) {
  if (op == '&')
    uset_retainAll(s, operand);
  else if (op == '-')
    uset_removeAll(s, operand);
  else
    uset_addAll(s, operand);
  uset_clear(operand);
}

/* After '['. As in ICU and Java, && and -- take everything up to the
 * next operator as their right operand: [ab&&bcd] is {b}. An operator
 * without an item on either side ("[a----b]", "[--a]", "[a--]"), and a
 * single & or - before a nested class ("[\\p{Ll}&[a]]"), have
 * ICU-specific meanings; such classes are left to ICU (NULL). */
static USet *read_class(parser *ps) {
  USet *s = uset_openEmpty(), *operand = uset_openEmpty();
  int negate = 0, op = 0, first = 1, items = 0;
  if (peek(ps, 0) == '^')
    negate = 1, ps->i++;
  for (;;) {
    int ch = peek(ps, 0);
    if (ch < 0)
      goto fail;
    if (ch == ']' && !first) {
      if (op && items == 0)
        goto fail;
      ps->i++;
      break;
    }
    first = 0;
    /* "&[" and "-[": ICU reads a single & or - before a nested class as
     * intersection or difference, not as the character; a - that is
     * neither a range (class_item took those), an operator, nor the
     * class's first or last character ("[\\s-x]", "[a---b]") is read
     * in ICU's own ways too */
    if ((ch == '&' || ch == '-') && peek(ps, 1) == '[')
      goto fail;
    /* a single & before a -: ICU keeps the character before the & as
     * the range's start ("[a&-s]" is a, & and a-s; "[&-s]" an error) */
    if (ch == '&' && peek(ps, 1) == '-')
      goto fail;
    if (ch == '-' && items > 0 && peek(ps, 1) != ']' &&
        (peek(ps, 1) != '-' || peek(ps, 2) == '-'))
      goto fail;
    if ((ch == '&' || ch == '-') && peek(ps, 1) == ch) {
      /* with (?i) ICU closes each operand over case before && and --,
       * not the result: left to ICU */
      if (items == 0 || ps->icase)
        goto fail;
      items = 0;
      class_apply(s, operand, op);
      op = ch;
      ps->i += 2;
      continue;
    }
    USet *t = class_item(ps);
    if (t == NULL)
      goto fail;
    uset_addAll(operand, t);
    uset_close(t);
    items++;
  }
  class_apply(s, operand, op);
  uset_close(operand);
  if (ps->icase)
    uset_closeOver(s, USET_CASE_INSENSITIVE);
  if (negate)
    uset_complement(s);
  uset_removeAllStrings(s);
  return s;
fail:
  uset_close(operand);
  uset_close(s);
  return NULL;
}

static int parse_alt(parser *ps);

/* Mode flags: "(?i)" changes them to the end of the group, "(?i:...)"
 * inside its parentheses only. Returns the node, -2 for a bare flag
 * change, -1 on failure. */
static int group_flags(parser *ps) {
  int on = 1;
  int icase = ps->icase, multi = ps->multiline, dotall = ps->dotall;
  for (;;) {
    int ch = peek(ps, 0);
    ps->i++;
    switch (ch) {
    case '-': on = 0; break;
    case 'i': ps->icase = on; break;
    case 'm': ps->multiline = on; break;
    case 's': ps->dotall = on; break;
    case ')': return -2;
    case ':': {
      int k = parse_alt(ps);
      ps->icase = icase, ps->multiline = multi, ps->dotall = dotall;
      if (k >= 0 && peek(ps, 0) == ')') {
        ps->i++;
        return k;
      }
      ps->refuse = 1;
      return -1;
    }
    default: /* x changes the syntax, w the meaning of \b */
      ps->refuse = 1;
      return -1;
    }
  }
}

/* The body of a group up to its ')', with its own flag scope. */
static int group_body(parser *ps) {
  int icase = ps->icase, multi = ps->multiline, dotall = ps->dotall;
  int k = parse_alt(ps);
  ps->icase = icase, ps->multiline = multi, ps->dotall = dotall;
  if (k < 0)
    return -1;
  if (peek(ps, 0) != ')') {
    ps->refuse = 1;
    return -1;
  }
  ps->i++;
  return k;
}

static int look(parser *ps, int dir, int neg) {
  int body = group_body(ps);
  int k = body < 0 ? -1 : wrap(ps, K_LOOK, body);
  if (k >= 0)
    ps->rx->n[k].dir = dir, ps->rx->n[k].neg = neg;
  return k;
}

/* After '('. */
static int parse_group(parser *ps) {
  if (peek(ps, 0) != '?')
    return group_body(ps);
  ps->i++;
  int ch = peek(ps, 0);
  switch (ch) {
  case ':': ps->i++; return group_body(ps);
  case '=': ps->i++; return look(ps, NL_RX_FORWARD, 0);
  case '!': ps->i++; return look(ps, NL_RX_FORWARD, 1);
  case '<':
    if (peek(ps, 1) == '=' || peek(ps, 1) == '!') {
      ps->i += 2;
      return look(ps, NL_RX_BACK, ps->p[ps->i - 1] == '!');
    }
    while (ps->i < ps->n && ps->p[ps->i] != '>') /* a named group */
      ps->i++;
    ps->i++;
    return group_body(ps);
  case '>': /* atomic: backtracking into it would find more than ICU */
    ps->refuse = 1;
    return -1;
  default:
    return group_flags(ps);
  }
}

static int parse_atom(parser *ps) {
  int ch = peek(ps, 0);
  ps->i++;
  UChar32 c = ch;
  USet *s = NULL;
  int kind;
  switch (ch) {
  case '(': return parse_group(ps);
  case '[': return set_node(ps, read_class(ps));
  case '.':
    s = uset_open(0, 0x10FFFF);
    if (!ps->dotall) {
      uset_removeRange(s, 0x0A, 0x0D);
      uset_remove(s, 0x85);
      uset_removeRange(s, 0x2028, 0x2029);
    }
    return set_node(ps, s);
  case '^': return new_node(ps, ps->multiline ? K_BOL : K_BOT);
  case '$': return new_node(ps, ps->multiline ? K_EOL : K_EOTNL);
  case '*': case '+': case '?': case '{': case ')': case '|':
    ps->refuse = 1;
    return -1;
  case '\\':
    switch (read_escape(ps, 0, &c, &s, &kind)) {
    case E_SET:
      if (ps->icase)
        uset_closeOver(s, USET_CASE_INSENSITIVE);
      return set_node(ps, s);
    case E_ASSERT: return new_node(ps, kind);
    case E_CHAR: break;
    default: ps->refuse = 1; return -1;
    }
    break;
  default: break;
  }
  return set_node(ps, char_set(ps, c, c));
}

static int read_count(parser *ps, int *v) {
  int k = 0;
  *v = 0;
  while (peek(ps, 0) >= '0' && peek(ps, 0) <= '9' && *v < 100000)
    *v = *v * 10 + (peek(ps, 0) - '0'), ps->i++, k++;
  return k;
}

/* A quantifier after an atom, if any. */
/* Skips "(?#...)" comments: ICU drops them before anything else, so a
 * quantifier after one applies to the atom before it ("N(?#x)?" is
 * "N?"), and they are never atoms themselves. */
static void skip_comments(parser *ps) {
  while (peek(ps, 0) == '(' && peek(ps, 1) == '?' && peek(ps, 2) == '#') {
    while (ps->i < ps->n && ps->p[ps->i] != ')')
      ps->i++;
    ps->i++;
  }
}

static int parse_quant(parser *ps, int atom) {
  skip_comments(ps);
  int ch = peek(ps, 0), min, max;
  switch (ch) {
  case '*': min = 0, max = -1; ps->i++; break;
  case '+': min = 1, max = -1; ps->i++; break;
  case '?': min = 0, max = 1; ps->i++; break;
  case '{':
    ps->i++;
    if (!read_count(ps, &min)) {
      ps->refuse = 1;
      return -1;
    }
    max = min;
    if (peek(ps, 0) == ',') {
      ps->i++;
      if (!read_count(ps, &max))
        max = -1;
    }
    if (peek(ps, 0) != '}' || (max >= 0 && max < min)) {
      ps->refuse = 1;
      return -1;
    }
    ps->i++;
    break;
  default: return atom;
  }
  if (peek(ps, 0) == '+') { /* possessive: gives up matches ICU would not */
    ps->refuse = 1;
    return -1;
  }
  if (peek(ps, 0) == '?')
    ps->i++;
  int r = wrap(ps, K_REP, atom);
  if (r >= 0)
    ps->rx->n[r].min = min, ps->rx->n[r].max = max;
  return r;
}

static int parse_cat(parser *ps) {
  int cat = new_node(ps, K_CAT);
  for (skip_comments(ps); cat >= 0 && ps->i < ps->n && peek(ps, 0) != '|' &&
                         peek(ps, 0) != ')';
       skip_comments(ps)) {
    int a = parse_atom(ps);
    if (a == -2)
      continue;
    if (a >= 0)
      a = parse_quant(ps, a);
    if (a < 0 || add_kid(ps, cat, a) < 0)
      return -1;
  }
  return cat;
}

static int parse_alt(parser *ps) {
  int first = parse_cat(ps);
  if (first < 0 || peek(ps, 0) != '|')
    return first;
  int alt = wrap(ps, K_ALT, first);
  while (alt >= 0 && peek(ps, 0) == '|') {
    ps->i++;
    int b = parse_cat(ps);
    if (b < 0 || add_kid(ps, alt, b) < 0)
      return -1;
  }
  return alt;
}

/* ---- matching --------------------------------------------------------------- */

/* What is left to match: node `node` (for a sequence, from item
 * `count`; for a repetition, after `count` rounds, the last begun at
 * `start`), then `next`. */
typedef struct cont {
  int node, count;
  int32_t start;
  const struct cont *next;
} cont;

typedef struct ctx {
  const nl_rx *rx;
  const UChar *s;
  int32_t len;
  long steps, budget;
  nl_rx_memo *memo; /* NULL: none */
} ctx;

/* Per memo node, a byte a code unit of the text: 0 unknown, else 1 +
 * whether the rest of the pattern matches at some count from there on.
 * Tables are cleared lazily, on first use after a reset. */
struct nl_rx_memo {
  int n, dir;
  unsigned epoch;
  unsigned *epochs;
  uint8_t **at;
  int32_t *cap;
};

nl_rx_memo *nl_rx__memo_new(const nl_rx *rx) {
  nl_rx_memo *m = calloc(1, sizeof(*m));
  int n = rx->nmemo > 0 ? rx->nmemo : 1;
  if (m == NULL || (m->epochs = calloc((size_t)n, sizeof(unsigned))) == NULL ||
      (m->at = calloc((size_t)n, sizeof(uint8_t *))) == NULL ||
      (m->cap = calloc((size_t)n, sizeof(int32_t))) == NULL) {
    nl_rx__memo_free(m);
    return NULL;
  }
  m->n = rx->nmemo;
  m->epoch = 1;
  return m;
}

void nl_rx__memo_free(nl_rx_memo *m) {
  if (m == NULL)
    return;
  for (int i = 0; m->at && i < m->n; i++)
    free(m->at[i]);
  free(m->at);
  free(m->cap);
  free(m->epochs);
  free(m);
}

void nl_rx__memo_reset(nl_rx_memo *m) {
  if (m) {
    m->epoch++;
    m->dir = 0;
  }
}

/* The table of node `n` for this text, NULL when there is none (or no
 * memory for one: matching goes on without it). */
static uint8_t *memo_of(const ctx *c, const node *n) {
  nl_rx_memo *m = c->memo;
  if (m == NULL || n->memo < 0 || n->memo >= m->n)
    return NULL;
  int i = n->memo;
  if (m->epochs[i] != m->epoch) {
    if (m->cap[i] < c->len + 1) {
      uint8_t *t = realloc(m->at[i], (size_t)c->len + 1);
      if (t == NULL)
        return NULL;
      m->at[i] = t;
      m->cap[i] = c->len + 1;
    }
    memset(m->at[i], 0, (size_t)c->len + 1);
    m->epochs[i] = m->epoch;
  }
  return m->at[i];
}

/* Steps one match may take: a fixed allowance for backtracking plus two
 * a character of the text, so that a rule that looks along the whole
 * paragraph ("no full stop still to come") settles any paragraph, while
 * one that backtracks without end stops. */
enum { BUDGET = 4000, BUDGET_PER_UNIT = 8 };

static int go(ctx *c, int dir, const cont *k, int32_t pos);

static int is_terminator(UChar32 ch) {
  return (ch >= 0x0A && ch <= 0x0D) || ch == 0x85 || ch == 0x2028 ||
         ch == 0x2029;
}

/* ICU's \b: word and non-word characters differ on either side, marks
 * and format characters looked through. */
/* For ASCII: word characters are letters, digits and '_'; nothing is
 * looked through. */
static int lazy_has(const nl_rx *rx, const USet **slot, uint32_t ref,
                    UChar32 ch);

static int is_word(const nl_rx *rx, UChar32 ch) {
  if (ch < 0x80)
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') || ch == '_';
  if (rx->word == NULL)
    return lazy_has(rx, &((nl_rx *)(uintptr_t)rx)->word, rx->word_lazy, ch);
  return uset_contains(rx->word, ch);
}

static int is_skipped(const nl_rx *rx, UChar32 ch) {
  if (ch < 0x80)
    return 0;
  if (rx->skip == NULL)
    return lazy_has(rx, &((nl_rx *)(uintptr_t)rx)->skip, rx->skip_lazy, ch);
  return uset_contains(rx->skip, ch);
}

static int word_boundary(const ctx *c, int32_t pos) {
  int after = 0, before = 0;
  if (pos < c->len) {
    UChar32 ch;
    int32_t j = pos;
    U16_NEXT(c->s, j, c->len, ch);
    if (is_skipped(c->rx, ch))
      return 0;
    after = is_word(c->rx, ch);
  }
  for (int32_t j = pos; j > 0;) {
    UChar32 ch;
    U16_PREV(c->s, 0, j, ch);
    if (!is_skipped(c->rx, ch)) {
      before = is_word(c->rx, ch);
      break;
    }
  }
  return after != before;
}

static int assertion(const ctx *c, int kind, int32_t pos) {
  const UChar *s = c->s;
  int32_t len = c->len;
  switch (kind) {
  case K_BOT: return pos == 0;
  case K_EOT: return pos == len;
  case K_EOTNL:
    return pos == len ||
           (pos == len - 1 && is_terminator(s[pos]) &&
            !(s[pos] == '\n' && pos > 0 && s[pos - 1] == '\r')) ||
           (pos == len - 2 && s[pos] == '\r' && s[pos + 1] == '\n');
  case K_BOL: /* ICU's too: between CR and LF, but not at the end */
    return pos == 0 || (pos < len && is_terminator(s[pos - 1]));
  case K_EOL: /* not inside a CR LF pair */
    return pos == len ||
           (is_terminator(s[pos]) &&
            !(s[pos] == '\n' && pos > 0 && s[pos - 1] == '\r'));
  case K_WORDB: return word_boundary(c, pos);
  case K_NWORDB: return !word_boundary(c, pos);
  default: return 1;
  }
}

/* in_set past ASCII: one call, as uset_contains was, so that in_set
 * stays small where it is inlined (the prefilters) */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int set_has(const nl_rx *rx, const node *n, UChar32 ch) {
  if (n->set == NULL)
    return lazy_has(rx, (const USet **)&((node *)(uintptr_t)n)->set, n->lazy,
                    ch);
  return uset_contains(n->set, ch);
}

static int in_set(const nl_rx *rx, const node *n, UChar32 ch) {
  if (ch < 128)
    return (int)((n->ascii[ch >> 6] >> (ch & 63)) & 1);
  return set_has(rx, n, ch);
}

/* One character of set `n` at *pos in `dir`: 1 and *pos moved past
 * it, or 0. */
static int step_set(const ctx *c, int dir, const node *n, int32_t *pos) {
  UChar32 ch;
  if (dir > 0) {
    if (*pos >= c->len)
      return 0;
    U16_NEXT(c->s, *pos, c->len, ch);
  } else {
    if (*pos <= 0)
      return 0;
    U16_PREV(c->s, 0, *pos, ch);
  }
  return in_set(c->rx, n, ch);
}

/* A repeated set ("\s+", "\d{1,2}"): the rest is tried after each
 * count that is allowed, fewest first, without a call per character.
 * With a memo, the answer from each position passed is kept: a rule
 * asking "is a full stop still to come?" at every space scans the
 * paragraph once, not once a space. */
static int go_rep_set(ctx *c, int dir, const node *n, const node *set,
                      const cont *k, int32_t pos) {
  uint8_t *memo = memo_of(c, n);
  int32_t from = -1; /* the first position a count allows */
  int r = 0;
  for (int count = 0;; count++) {
    if (count >= n->min) {
      if (memo && memo[pos]) {
        r = memo[pos] - 1;
        break;
      }
      from = from < 0 ? pos : from;
      if ((r = go(c, dir, k->next, pos)) != 0)
        break;
    }
    int32_t next = pos; /* step_set moves past a character not taken */
    if ((n->max >= 0 && count >= n->max) || !step_set(c, dir, set, &next))
      break;
    pos = next;
    if (++c->steps > c->budget)
      return -1;
  }
  /* every position from `from` to `pos` sees the same rest of the run */
  for (int32_t i = from < pos ? from : pos, e = from < pos ? pos : from;
       memo && r >= 0 && from >= 0 && i <= e; i++)
    memo[i] = (uint8_t)(1 + r);
  return r;
}

static int go_rep(ctx *c, int dir, const node *n, const cont *k,
                  int32_t pos) {
  const node *kid = &c->rx->n[n->kids[0]];
  if (kid->kind == K_SET && k->count == 0)
    return go_rep_set(c, dir, n, kid, k, pos);
  /* a round that matched nothing can repeat forever: count it as all
   * the rounds still owed */
  if (k->count > 0 && k->start == pos)
    return go(c, dir, k->next, pos);
  if (n->max < 0 || k->count < n->max) {
    cont again = {k->node, k->count + 1, pos, k->next};
    cont body = {n->kids[0], 0, -1, &again};
    int r = go(c, dir, &body, pos);
    if (r != 0)
      return r;
  }
  return k->count >= n->min ? go(c, dir, k->next, pos) : 0;
}

/* Alternatives that cannot begin with the next character are skipped
 * unvisited: a list of sixty words costs a lookup each, not a call. */
static int go_alt(ctx *c, int dir, const node *n, const cont *k,
                  int32_t pos) {
  int d = dir > 0;
  int32_t at = d ? pos : pos - 1;
  UChar ch = at >= 0 && at < c->len ? c->s[at] : 0x80;
  if (ch < 0x80 && n->by_char) {
    for (uint64_t m = n->by_char[d][ch]; m; m &= m - 1) {
      cont item = {n->kids[__builtin_ctzll(m)], 0, -1, k->next};
      int r = go(c, dir, &item, pos);
      if (r != 0)
        return r;
    }
    return 0;
  }
  for (int i = 0; i < n->nkids; i++) {
    const node *kid = &c->rx->n[n->kids[i]];
    if (ch < 0x80 && !kid->opens_any[d] &&
        !((kid->opens[d][ch >> 6] >> (ch & 63)) & 1))
      continue;
    cont item = {n->kids[i], 0, -1, k->next};
    int r = go(c, dir, &item, pos);
    if (r != 0)
      return r;
  }
  return 0;
}

static int go(ctx *c, int dir, const cont *k, int32_t pos) {
  if (++c->steps > c->budget)
    return -1;
  if (k == NULL)
    return 1;
  const node *n = &c->rx->n[k->node];
  switch (n->kind) {
  case K_SET: return step_set(c, dir, n, &pos) ? go(c, dir, k->next, pos) : 0;
  case K_CAT: {
    /* single characters in a row are matched in a loop */
    int i = k->count, kid = -1;
    for (; i < n->nkids; i++) {
      kid = n->kids[dir > 0 ? i : n->nkids - 1 - i];
      if (c->rx->n[kid].kind != K_SET)
        break;
      if (!step_set(c, dir, &c->rx->n[kid], &pos))
        return 0;
    }
    if (i == n->nkids)
      return go(c, dir, k->next, pos);
    cont rest = {k->node, i + 1, -1, k->next};
    cont item = {kid, 0, -1, &rest};
    return go(c, dir, &item, pos);
  }
  case K_ALT: return go_alt(c, dir, n, k, pos);
  case K_REP: return go_rep(c, dir, n, k, pos);
  case K_LOOK: {
    cont body = {n->kids[0], 0, -1, NULL};
    int r = go(c, n->dir, &body, pos);
    if (r < 0)
      return r;
    return r != n->neg ? go(c, dir, k->next, pos) : 0;
  }
  case K_EMPTY: return go(c, dir, k->next, pos);
  default:
    return assertion(c, n->kind, pos) ? go(c, dir, k->next, pos) : 0;
  }
}

static int load_nodes(const nl_rx *rx);

/* Whether characters ch[0, have) fit one of the listed ways. The nodes
 * are there: until they are read, a loaded regex lists no ways
 * (nl_rx.npaths_held). */
static int fits_a_path(const nl_rx *rx, int d, const UChar32 *ch, int have) {
  for (int i = 0; i < rx->npaths[d]; i++) {
    const path *w = &rx->paths[d][i];
    int ok = 1;
    for (int k = 0; ok && k < w->len; k++) {
      int neg = w->step[k] < 0;
      const node *n = &rx->n[neg ? ~w->step[k] : w->step[k]];
      ok = k >= have ? neg : in_set(rx, n, ch[k]) != neg;
    }
    if (ok)
      return 1;
  }
  return 0;
}

/* Up to NL_RX_EDGE code points as one key, mixed: keys only filter,
 * so two strings sharing one costs a needless match, never a wrong
 * answer. Built a character at a time (key_step), then closed with the
 * length (key_end), so that the keys of every length of one text come
 * from one pass. */
static uint64_t key_step(uint64_t k, UChar32 c) {
  return (k ^ (uint32_t)c) * 0x100000001B3u;
}

static uint64_t key_end(uint64_t k, int n) {
  k ^= (uint64_t)n * 0x9E3779B97F4A7C15u;
  return k == ~(uint64_t)0 ? 0 : k; /* never the empty mark */
}

#define KEY_SEED 0xCBF29CE484222325u

static uint64_t key_of(const UChar32 *c, int n) {
  uint64_t k = KEY_SEED;
  for (int i = 0; i < n; i++)
    k = key_step(k, c[i]);
  return key_end(k, n);
}

#define EMPTY (~(uint64_t)0)

static uint32_t key_slot(uint64_t k, uint32_t mask) {
  return (uint32_t)((k * 0x9E3779B97F4A7C15u) >> 40) & mask;
}

static void key_put(uint64_t *t, uint32_t mask, uint64_t k) {
  uint32_t j = key_slot(k, mask);
  while (t[j] != EMPTY && t[j] != k)
    j = (j + 1) & mask;
  t[j] = k;
}

static int key_in(const uint64_t *t, uint32_t mask, uint64_t k) {
  for (uint32_t i = key_slot(k, mask);; i = (i + 1) & mask) {
    if (t[i] == k)
      return 1;
    if (t[i] == EMPTY)
      return 0;
  }
}

static int has_key(const nl_rx *rx, int d, const UChar32 *ch, int have) {
  uint64_t k = KEY_SEED;
  for (int n = 0; n <= have; n++) {
    if (n > 0)
      k = key_step(k, ch[n - 1]);
    if (((rx->key_lens[d] >> n) & 1) &&
        (n == 0 || key_in(rx->keys[d], rx->key_mask[d], key_end(k, n))))
      return 1;
  }
  return 0;
}

/* The ways character c fits at distance k. */
static uint32_t ways_at(const nl_rx *rx, const ways *w, int k, UChar32 c) {
  uint32_t m = w->done[k];
  for (int i = 0; i < w->nsets[k]; i++)
    m |= in_set(rx, &rx->n[w->set[k][i].node], c) ? w->set[k][i].in
                                                    : w->set[k][i].out;
  return m;
}

static uint32_t ways_of(const nl_rx *rx, ways *w, int k, UChar32 c) {
  if (c < 128)
    return w->ascii[k][c];
  unsigned i = ((unsigned)c ^ (unsigned)c >> 6) % WAYS_MET;
  if (w->met[i].c != c) {
    w->met[i].c = c;
    for (int j = 0; j < NL_RX_EDGE; j++)
      w->met[i].m[j] = ways_at(rx, w, j, c);
  }
  return w->met[i].m[k];
}

static void ways_add(ways *w, int k, int step, uint32_t bit) {
  int id = step < 0 ? ~step : step, i = 0;
  while (i < w->nsets[k] && w->set[k][i].node != id)
    i++;
  if (i == w->nsets[k]) {
    w->set[k][i].node = id;
    w->set[k][i].in = w->set[k][i].out = 0;
    w->nsets[k]++;
  }
  if (step < 0)
    w->set[k][i].out |= bit;
  else
    w->set[k][i].in |= bit;
}

/* rx->bits[d] from the listed ways (their nodes are read). */
static ways *build_ways(const nl_rx *rx, int d) {
  ways *w = calloc(1, sizeof(*w));
  if (w == NULL)
    return NULL;
  for (int i = 0; i < rx->npaths[d]; i++) {
    const path *p = &rx->paths[d][i];
    for (int k = 0; k < NL_RX_EDGE; k++) {
      if (k >= p->len) {
        w->done[k] |= 1u << i;
        w->end[k] |= 1u << i;
        continue;
      }
      ways_add(w, k, p->step[k], 1u << i);
      if (p->step[k] < 0)
        w->end[k] |= 1u << i;
    }
  }
  for (int k = 0; k < NL_RX_EDGE; k++)
    for (UChar32 c = 0; c < 128; c++)
      w->ascii[k][c] = ways_at(rx, w, k, c);
  for (int i = 0; i < WAYS_MET; i++)
    w->met[i].c = -1;
  ((nl_rx *)(uintptr_t)rx)->bits[d] = w;
  return w;
}

/* fits_a_path by the ways' bits: the same answer. */
static int fits_ways(const nl_rx *rx, ways *w, const UChar32 *ch,
                     int have) {
  uint32_t m = ~(uint32_t)0;
  for (int k = 0; k < NL_RX_EDGE && m; k++)
    m &= k < have ? ways_of(rx, w, k, ch[k]) : w->end[k];
  return m != 0;
}

int nl_rx__may(const nl_rx *rx, int dir, const UChar32 *ch, int have) {
  int d = dir > 0;
  int np = rx->npaths[d];
  if (np == 0) /* no way to begin: no match */
    return 0;
  if (np > 0 && np <= PATHS_FIT) {
    ways *w = rx->bits[d] ? rx->bits[d] : build_ways(rx, d);
    if (w ? !fits_ways(rx, w, ch, have) : !fits_a_path(rx, d, ch, have))
      return 0;
  }
  return rx->keys[d] == NULL || has_key(rx, d, ch, have);
}

int nl_rx__at(const nl_rx *rx, int dir, const UChar *s, int32_t len,
              int32_t p, nl_rx_memo *memo) {
  if (memo && memo->dir == 0)
    memo->dir = dir;
  if (memo && memo->dir != dir)
    memo = NULL; /* kept for the other direction */
  if (load_nodes(rx) != 0)
    return -1;
  ctx c = {rx, s, len, 0, BUDGET + BUDGET_PER_UNIT * (long)len, memo};
  cont top = {rx->root, 0, -1, NULL};
  return go(&c, dir, &top, p);
}

/* ---- openings of alternatives ---- */

typedef struct opener {
  nl_rx *rx;
  int dir;
  long budget;
  uint64_t ascii[2];
  int any;
} opener;

static void open_walk(opener *o, const cont *k) {
  if (o->any)
    return;
  if (k == NULL || --o->budget < 0) {
    o->any = 1;
    return;
  }
  const node *n = &o->rx->n[k->node];
  switch (n->kind) {
  case K_SET: {
    UChar32 lo = 0, hi = 0;
    UErrorCode ec = U_ZERO_ERROR;
    int32_t ranges = uset_getItemCount(n->set);
    for (int32_t r = 0; r < ranges && !o->any; r++) {
      int32_t len = uset_getItem(n->set, r, &lo, &hi, NULL, 0, &ec);
      if (len == 0 && hi >= 0x80)
        o->any = 1; /* past ASCII: the fast test cannot say */
    }
    o->ascii[0] |= n->ascii[0];
    o->ascii[1] |= n->ascii[1];
    return;
  }
  case K_CAT: {
    if (k->count == n->nkids) {
      open_walk(o, k->next);
      return;
    }
    int kid = n->kids[o->dir > 0 ? k->count : n->nkids - 1 - k->count];
    cont rest = {k->node, k->count + 1, -1, k->next};
    cont item = {kid, 0, -1, &rest};
    open_walk(o, &item);
    return;
  }
  case K_ALT:
    for (int i = 0; i < n->nkids; i++) {
      cont item = {n->kids[i], 0, -1, k->next};
      open_walk(o, &item);
    }
    return;
  case K_REP:
    if (k->count > 0 && k->start == 0) {
      open_walk(o, k->next);
      return;
    }
    if (n->max < 0 || k->count < n->max) {
      cont again = {k->node, k->count + 1, 0, k->next};
      cont body = {n->kids[0], 0, -1, &again};
      open_walk(o, &body);
    }
    if (k->count >= n->min)
      open_walk(o, k->next);
    return;
  default:
    open_walk(o, k->next);
  }
}

/* ---- edges ------------------------------------------------------------------ */

/* Walks every way the pattern can begin (in `dir`) up to NL_RX_EDGE
 * characters, as matching would, collecting the sets met at each
 * distance. Zero-width items are stepped over (they only narrow a
 * match). `budget` bounds patterns with many alternatives; when it runs
 * out, the remaining distances take anything. */
enum { BIG_SETS = 32, FEW_ITEMS = 4 };
typedef struct walk {
  nl_rx *rx;
  int dir;
  long budget;
  int stack[NL_RX_EDGE]; /* the current way's steps (see path) */
  /* the set nodes already added at each distance: a set reached by many
   * ways (a list of words) is merged once, for a merge costs as much as
   * the set has ranges (\p{L} has hundreds) */
  unsigned char *added;  /* NL_RX_EDGE * nn, or NULL */
  /* the large sets merged at each distance (node ids), for edge_add */
  int big[NL_RX_EDGE][BIG_SETS];
  int nbig[NL_RX_EDGE];
  /* the way passed the end of the text going forward (K_EOT, K_EOTNL)
   * or its start going back (K_BOT): past the match nothing follows but
   * perhaps a final line terminator, where any character would */
  int anchored;
} walk;

/* Adds set node `id`'s set to the edge at `depth`: a few characters one
 * by one (ICU adds a character in place, a set by merging and copying
 * the whole edge), a large set only when no equal one is there yet. */
static void edge_add(walk *w, int depth, int id) {
  const node *n = &w->rx->n[id];
  USet *e = w->rx->edge[w->dir > 0][depth];
  if (n->items <= FEW_ITEMS) {
    for (int32_t i = 0; i < n->items; i++) {
      UChar32 lo, hi;
      UErrorCode ec = U_ZERO_ERROR;
      if (uset_getItem(n->set, i, &lo, &hi, NULL, 0, &ec) != 0)
        uset_addAll(e, n->set); /* a string: the whole set, as before */
      else if (lo == hi)
        uset_add(e, lo);
      else
        uset_addRange(e, lo, hi);
    }
    return;
  }
  for (int i = 0; i < w->nbig[depth]; i++) {
    const node *o = &w->rx->n[w->big[depth][i]];
    if (o->set == n->set || /* one the cache keeps (see share) */
        (o->hash == n->hash && o->items == n->items &&
         uset_equals(o->set, n->set)))
      return;
  }
  uset_addAll(e, n->set);
  if (w->nbig[depth] < BIG_SETS)
    w->big[depth][w->nbig[depth]++] = id;
}

/* The current way, `len` steps long, joins the list (once). */
static void add_path(walk *w, int len) {
  int d = w->dir > 0;
  nl_rx *rx = w->rx;
  if (rx->npaths[d] < 0)
    return;
  for (int i = 0; i < rx->npaths[d]; i++)
    if (rx->paths[d][i].len == len &&
        memcmp(rx->paths[d][i].step, w->stack, (size_t)len * sizeof(int)) == 0)
      return;
  if (rx->npaths[d] == PATHS) {
    rx->npaths[d] = -1;
    return;
  }
  if (rx->paths[d] == NULL &&
      (rx->paths[d] = malloc(PATHS * sizeof(path))) == NULL) {
    rx->npaths[d] = -1;
    return;
  }
  path *p = &rx->paths[d][rx->npaths[d]++];
  memcpy(p->step, w->stack, sizeof(p->step));
  p->len = len;
}

static void mark_end(walk *w, int depth, int anchored) {
  int d = w->dir > 0;
  for (int i = depth; i < NL_RX_EDGE; i++) {
    w->rx->none[d][i] = 1;
    w->rx->ended[d][i] |= !anchored;
  }
  if (anchored == K_EOTNL) { /* "$": a final CR LF, or one line terminator
                                 as ICU counts them (is_terminator) */
    static const UChar32 nl[] = {'\n', 0x0B, 0x0C, '\r', 0x85, 0x2028, 0x2029};
    for (size_t i = 0; depth < NL_RX_EDGE && i < sizeof(nl) / sizeof(nl[0]);
         i++)
      uset_add(w->rx->edge[d][depth], nl[i]);
    if (depth + 1 < NL_RX_EDGE)
      uset_add(w->rx->edge[d][depth + 1], '\n');
  }
  add_path(w, depth);
}

/* Whether nothing is left to match after `k`'s node. */
static int at_end(const nl_rx *rx, const cont *k) {
  for (; k; k = k->next) {
    const node *n = &rx->n[k->node];
    if (n->kind != K_CAT || k->count < n->nkids)
      return 0;
  }
  return 1;
}

/* A lookaround over one set, looking the walk's way, that ends the
 * pattern ("(?<![\p{L}.])" before an initial): the character at `depth`
 * is known to be in the set, or (negated) outside it or absent. Other
 * lookarounds only narrow a match and are stepped over. */
static int edge_look(walk *w, const node *n, const cont *k, int depth) {
  const node *body = &w->rx->n[n->kids[0]];
  if (body->kind == K_CAT && body->nkids == 1)
    body = &w->rx->n[body->kids[0]];
  if (n->dir != w->dir || body->kind != K_SET || !at_end(w->rx, k->next))
    return 0;
  int d = w->dir > 0;
  int id = (int)(body - w->rx->n);
  w->stack[depth] = n->neg ? ~id : id;
  unsigned char *added =
      w->added ? &w->added[depth * w->rx->nn + id] : NULL;
  unsigned char bit = n->neg ? 2 : 4; /* K_SET nodes use bit 1 */
  if (added && (*added & bit)) {
    if (n->neg)
      w->rx->none[d][depth] = 1;
  } else if (n->neg) {
    USet *out = uset_cloneAsThawed(body->set);
    if (out == NULL)
      return 0;
    uset_complement(out);
    uset_addAll(w->rx->edge[d][depth], out);
    uset_close(out);
    w->rx->none[d][depth] = 1;
  } else {
    edge_add(w, depth, id);
  }
  if (added)
    *added |= bit;
  for (int i = depth + 1; i < NL_RX_EDGE; i++)
    w->rx->ended[d][i] = w->rx->none[d][i] = 1;
  add_path(w, depth + 1);
  return 1;
}

/* "\b" where a walk back ends, after a word character ("\b(?:ул|обл)\."
 * before the dot): the character before it is not one that makes a word
 * side (it is none, or outside the word characters, or one \b looks
 * through, to a character further back), a step of the way. */
static int edge_wordb(walk *w, const cont *k, int depth) {
  nl_rx *rx = w->rx;
  if (w->dir > 0 || rx->nonword <= 0 || depth == 0 || depth >= NL_RX_EDGE ||
      w->anchored || !at_end(rx, k->next))
    return 0;
  int id = rx->nonword - 1, prev = w->stack[depth - 1];
  if (prev < 0 || !uset_containsAll(rx->n[id].set, rx->n[prev].set))
    return 0; /* the character after it may not make a word side */
  int d = w->dir > 0;
  w->stack[depth] = ~id;
  unsigned char *added = w->added ? &w->added[depth * rx->nn + id] : NULL;
  if (added == NULL || !(*added & 2)) { /* as edge_look's, bit 2 */
    USet *out = uset_cloneAsThawed(rx->n[id].set);
    if (out == NULL)
      return 0;
    uset_complement(out);
    uset_addAll(rx->edge[d][depth], out);
    uset_close(out);
    if (added)
      *added |= 2;
  }
  rx->none[d][depth] = 1;
  for (int i = depth + 1; i < NL_RX_EDGE; i++)
    rx->ended[d][i] = rx->none[d][i] = 1;
  add_path(w, depth + 1);
  return 1;
}

static void edge_walk(walk *w, const cont *k, int depth) {
  if (depth >= NL_RX_EDGE) {
    add_path(w, depth);
    return;
  }
  if (--w->budget < 0)
    w->rx->npaths[w->dir > 0] = -1;
  if (k == NULL || w->budget < 0) { /* a walk cut short knows nothing */
    mark_end(w, depth, k == NULL ? w->anchored : 0);
    return;
  }
  const node *n = &w->rx->n[k->node];
  switch (n->kind) {
  case K_SET:
    w->stack[depth] = k->node;
    if (w->added == NULL || !(w->added[depth * w->rx->nn + k->node] & 1)) {
      edge_add(w, depth, k->node);
      if (w->added)
        w->added[depth * w->rx->nn + k->node] |= 1;
    }
    edge_walk(w, k->next, depth + 1);
    return;
  case K_CAT: {
    if (k->count == n->nkids) {
      edge_walk(w, k->next, depth);
      return;
    }
    int kid = n->kids[w->dir > 0 ? k->count : n->nkids - 1 - k->count];
    cont rest = {k->node, k->count + 1, -1, k->next};
    cont item = {kid, 0, -1, &rest};
    edge_walk(w, &item, depth);
    return;
  }
  case K_ALT:
    for (int i = 0; i < n->nkids; i++) {
      cont item = {n->kids[i], 0, -1, k->next};
      edge_walk(w, &item, depth);
    }
    return;
  case K_REP:
    if (k->count > 0 && k->start == depth) {
      edge_walk(w, k->next, depth);
      return;
    }
    if (n->max < 0 || k->count < n->max) {
      cont again = {k->node, k->count + 1, depth, k->next};
      cont body = {n->kids[0], 0, -1, &again};
      edge_walk(w, &body, depth);
    }
    if (k->count >= n->min)
      edge_walk(w, k->next, depth);
    return;
  case K_LOOK:
    if (!edge_look(w, n, k, depth))
      edge_walk(w, k->next, depth);
    return;
  default: { /* zero-width */
    if (n->kind == K_WORDB && edge_wordb(w, k, depth))
      return;
    int was = w->anchored;
    if (w->dir > 0 && (n->kind == K_EOT || n->kind == K_EOTNL))
      w->anchored = was == K_EOT ? K_EOT : n->kind;
    else if (w->dir < 0 && n->kind == K_BOT)
      w->anchored = K_BOT;
    edge_walk(w, k->next, depth);
    w->anchored = was;
  }
  }
}

static void alt_by_char(nl_rx *rx, node *n) {
  if (n->nkids < 8 || n->nkids > 64 ||
      (n->by_char = calloc(2, sizeof(*n->by_char))) == NULL)
    return; /* short lists are walked; without memory, too */
  for (int i = 0; i < n->nkids; i++) {
    const node *kid = &rx->n[n->kids[i]];
    for (int d = 0; d < 2; d++)
      for (int ch = 0; ch < 128; ch++)
        if (kid->opens_any[d] || ((kid->opens[d][ch >> 6] >> (ch & 63)) & 1))
          n->by_char[d][ch] |= (uint64_t)1 << i;
  }
}

/* What each alternative can open with (see node.opens): the first
 * distance of its own edge walk, continued past its end as "anything"
 * (what follows it is unknown here). */
static void alt_opens(nl_rx *rx) {
  for (int a = 0; a < rx->nn; a++) {
    if (rx->n[a].kind != K_ALT)
      continue;
    for (int i = 0; i < rx->n[a].nkids; i++) {
      node *kid = &rx->n[rx->n[a].kids[i]];
      for (int d = 0; d < 2; d++) {
        opener o = {rx, d ? NL_RX_FORWARD : NL_RX_BACK, 2000, {0, 0}, 0};
        cont top = {rx->n[a].kids[i], 0, -1, NULL};
        open_walk(&o, &top);
        kid->opens[d][0] = o.ascii[0];
        kid->opens[d][1] = o.ascii[1];
        kid->opens_any[d] = o.any;
      }
    }
    alt_by_char(rx, &rx->n[a]);
  }
}

/* The code points of a small set, at most `cap`; -1 when more or a
 * negated step. */
static int few_chars(const nl_rx *rx, int step, UChar32 *out, int cap) {
  if (step < 0)
    return -1;
  const USet *set = rx->n[step].set;
  int n = 0;
  int32_t items = uset_getItemCount(set);
  for (int32_t i = 0; i < items; i++) {
    UChar32 lo, hi;
    UErrorCode ec = U_ZERO_ERROR;
    if (uset_getItem(set, i, &lo, &hi, NULL, 0, &ec) != 0)
      continue; /* a string (case folding): matching is by code point */
    for (UChar32 c = lo; c <= hi; c++) {
      if (n == cap)
        return -1;
      out[n++] = c;
    }
  }
  return n;
}

/* Every string of one way: the product of its steps' characters, up to
 * the first step that is not a few characters (a word list's "not after
 * a letter", \p{L}), whose length goes to *len: a key shorter than its
 * way only lets more through. */
static int path_keys(const nl_rx *rx, const path *w, uint64_t *keys, int n,
                     int *len) {
  enum { FEW = 4 };
  UChar32 chars[NL_RX_EDGE][FEW];
  int count[NL_RX_EDGE], total = 1;
  *len = w->len;
  for (int i = 0; i < w->len; i++) {
    count[i] = few_chars(rx, w->step[i], chars[i], FEW);
    if (count[i] <= 0) {
      *len = i;
      break;
    }
    total *= count[i];
  }
  if (n + total > KEYS)
    return -1;
  for (int k = 0; k < total; k++) {
    UChar32 c[NL_RX_EDGE];
    for (int i = 0, rest = k; i < *len; i++, rest /= count[i - 1])
      c[i] = chars[i][rest % count[i]];
    keys[n++] = key_of(c, *len);
  }
  return n;
}

/* Keys for a direction whose ways are all lists of few characters. */
static void build_keys(nl_rx *rx, int d) {
  if (rx->npaths[d] <= PATHS_TRIED)
    return; /* few ways: fits_a_path is as quick */
  uint64_t *keys = malloc(KEYS * sizeof(*keys));
  int n = 0, short_key = 0;
  unsigned lens = 0;
  for (int i = 0; keys && n >= 0 && i < rx->npaths[d]; i++) {
    int len;
    n = path_keys(rx, &rx->paths[d][i], keys, n, &len);
    lens |= 1u << len;
    short_key |= len < rx->paths[d][i].len;
  }
  uint32_t size = 16;
  while (size < 2u * (uint32_t)(n > 0 ? n : 1))
    size *= 2; /* at most half full */
  uint64_t *t = keys && n >= 0 ? malloc(size * sizeof(*t)) : NULL;
  if (t == NULL) {
    free(keys);
    return;
  }
  for (uint32_t i = 0; i < size; i++)
    t[i] = EMPTY;
  for (int i = 0; i < n; i++)
    key_put(t, size - 1, keys[i]);
  free(keys);
  rx->keys[d] = t;
  rx->key_mask[d] = size - 1;
  rx->key_lens[d] = lens;
  rx->key_short[d] = short_key;
}

static int space_edge(const nl_rx *rx, nl_rx_sets *c);

static int build_edges(nl_rx *rx, nl_rx_sets *cache) {
  for (int d = 0; d < 2; d++) {
    for (int i = 0; i < NL_RX_EDGE; i++)
      if ((rx->edge[d][i] = uset_openEmpty()) == NULL)
        return NL_ENOMEM;
    walk w = {rx, d ? NL_RX_FORWARD : NL_RX_BACK, 20000, {0},
              calloc((size_t)NL_RX_EDGE * (size_t)rx->nn, 1), {{0}}, {0}, 0};
    cont top = {rx->root, 0, -1, NULL};
    edge_walk(&w, &top, 0);
    free(w.added);
    /* frozen for quick lookups, but only where it is asked (past the
     * end of every match, ended, any character will do) and where it
     * pays: a few ranges are searched as fast as ICU's tables answer,
     * and building those costs thousands of steps a set at start-up */
    for (int i = 0; i < NL_RX_EDGE; i++) {
      int32_t items = uset_getItemCount(rx->edge[d][i]);
      if (rx->ended[d][i] || items <= 16)
        continue;
      USet *kept = share(cache, rx->edge[d][i], items);
      if (kept)
        rx->edge[d][i] = kept, rx->edge_shared[d][i] = 1;
      else
        uset_freeze(rx->edge[d][i]);
    }
    if (rx->npaths[d] > 0)
      build_keys(rx, d);
  }
  rx->space_edge = space_edge(rx, cache);
  return 0;
}

static const USet *blob_set(nl_rx_sets *c, uint32_t ref);

const USet *nl_rx__edge(const nl_rx *rx, int dir, int i, int *ended,
                        int *none) {
  int d = dir > 0;
  *ended = rx->ended[d][i];
  *none = rx->none[d][i];
  if (rx->edge[d][i] == NULL && rx->edge_lazy[d][i])
    ((nl_rx *)(uintptr_t)rx)->edge[d][i] =
        (USet *)(uintptr_t)blob_set(rx->blob, rx->edge_lazy[d][i]);
  return rx->edge[d][i];
}

static const uint32_t *blob_words(const nl_rx_sets *c, uint32_t ref) {
  return c->bw + c->bat[ref - 1];
}

/* Whether code point `ch` is in the ranges of a set in a blob (its
 * words: frozen, number of ranges, then lo, hi of each, in order). */
static int ranges_have(const uint32_t *s, UChar32 ch) {
  uint32_t lo = 0, hi = s[1];
  while (lo < hi) { /* the first range starting past ch */
    uint32_t mid = (lo + hi) / 2;
    if ((UChar32)s[2 + 2 * mid] <= ch)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo > 0 && ch <= (UChar32)s[2 + 2 * (lo - 1) + 1];
}

/* A set still in a blob, past ASCII: a large one (frozen when saved) is
 * loaded into *slot once, for ICU's tables answer faster than a search
 * of its hundreds of ranges; a small one is searched where it is, as
 * ICU would search it (loading small sets costs more than it saves). */
static int lazy_has(const nl_rx *rx, const USet **slot, uint32_t ref,
                    UChar32 ch) {
  const uint32_t *s = blob_words(rx->blob, ref);
  if (s[0] && (*slot = blob_set(rx->blob, ref)) != NULL)
    return uset_contains(*slot, ch);
  return ranges_have(s, ch);
}

int nl_rx__edge_allows(const nl_rx *rx, int dir, int i, UChar32 c) {
  int d = dir > 0;
  if (c < 0)
    return rx->none[d][i];
  if (rx->ended[d][i])
    return 1;
  if (rx->edge[d][i] == NULL)
    return ranges_have(blob_words(rx->blob, rx->edge_lazy[d][i]), c);
  return uset_contains(rx->edge[d][i], c);
}

int nl_rx__edge_each(const nl_rx *rx, int dir, int i, UChar32 limit,
                     void (*fn)(void *arg, UChar32 lo, UChar32 hi),
                     void *arg) {
  int d = dir > 0;
  if (rx->ended[d][i])
    return 1;
  const USet *set = rx->edge[d][i];
  if (set == NULL) {
    const uint32_t *w = blob_words(rx->blob, rx->edge_lazy[d][i]);
    for (uint32_t k = 0; k < w[1] && (UChar32)w[2 + 2 * k] < limit; k++)
      fn(arg, (UChar32)w[2 + 2 * k], (UChar32)w[3 + 2 * k]);
    return 0;
  }
  int32_t items = uset_getItemCount(set);
  for (int32_t k = 0; k < items; k++) {
    UChar32 lo, hi;
    UErrorCode ec = U_ZERO_ERROR;
    if (uset_getItem(set, k, &lo, &hi, NULL, 0, &ec) != 0 || lo >= limit)
      break; /* ranges come in order, strings after them */
    fn(arg, lo, hi);
  }
  return 0;
}

int nl_rx__edge_space(const nl_rx *rx) { return rx->space_edge; }

/* See nl_rx.space_edge; 1 without memory (the safe answer). */
static int space_edge(const nl_rx *rx, nl_rx_sets *c) {
  static const UChar white[] = u"[\\p{White_Space}\\u200B]";
  const USet *e = rx->edge[0][0];
  if (rx->ended[0][0] || e == NULL)
    return 1;
  UErrorCode ec = U_ZERO_ERROR;
  USet *own = NULL;
  if (c && c->ws == NULL)
    c->ws = uset_openPattern(white, -1, &ec);
  const USet *ws = c ? c->ws : (own = uset_openPattern(white, -1, &ec));
  int r = ws == NULL || U_FAILURE(ec) || uset_containsSome(e, ws);
  uset_close(own);
  return r;
}

/* ---- life ------------------------------------------------------------------- */

void nl_rx__free(nl_rx *rx) {
  if (rx == NULL)
    return;
  for (int i = 0; rx->n && i < rx->nn; i++) {
    if (rx->kid_pool == NULL)
      free(rx->n[i].kids);
    free(rx->n[i].by_char);
    if (!rx->n[i].shared)
      uset_close(rx->n[i].set);
  }
  for (int d = 0; d < 2; d++)
    for (int i = 0; i < NL_RX_EDGE; i++)
      if (!rx->edge_shared[d][i])
        uset_close(rx->edge[d][i]);
  if (rx->own_word)
    uset_close((USet *)(uintptr_t)rx->word);
  if (rx->own_skip)
    uset_close((USet *)(uintptr_t)rx->skip);
  for (int d = 0; d < 2; d++) {
    free(rx->paths[d]);
    free(rx->keys[d]);
    free(rx->bits[d]);
  }
  free(rx->n);
  free(rx->kid_pool);
  free(rx);
}

/* Marks the nodes that can keep a memo (see node.memo): a repeated set,
 * unbounded, under no repetition up to its lookaround or the root. */
static void mark_memos(nl_rx *rx, int i, int under_rep) {
  node *n = &rx->n[i];
  n->memo = -1;
  if (n->kind == K_REP && !under_rep && n->max < 0 &&
      rx->n[n->kids[0]].kind == K_SET)
    n->memo = rx->nmemo++;
  int under = n->kind == K_LOOK ? 0 : under_rep || n->kind == K_REP;
  for (int k = 0; k < n->nkids; k++)
    mark_memos(rx, n->kids[k], under);
}

static UChar32 *decode(const char *s, int32_t *n) {
  int32_t len = (int32_t)strlen(s), k = 0;
  UChar32 *cp = malloc(((size_t)len + 1) * sizeof(*cp));
  if (cp == NULL)
    return NULL;
  for (int32_t i = 0; i < len;) {
    UChar32 c;
    U8_NEXT(s, i, len, c);
    if (c < 0) {
      free(cp);
      return NULL;
    }
    cp[k++] = c;
  }
  *n = k;
  return cp;
}

/* Whether node k can match without consuming a character. */
static int nullable(const nl_rx *rx, int k) {
  const node *n = &rx->n[k];
  switch (n->kind) {
  case K_SET: return 0;
  case K_CAT:
    for (int i = 0; i < n->nkids; i++)
      if (!nullable(rx, n->kids[i]))
        return 0;
    return 1;
  case K_ALT:
    for (int i = 0; i < n->nkids; i++)
      if (nullable(rx, n->kids[i]))
        return 1;
    return 0;
  case K_REP: return n->min == 0 || nullable(rx, n->kids[0]);
  default: return 1;
  }
}

/* ICU leaves a loop whose round matched nothing in its own way, which
 * can lose matches a second round would find: such loops ("(a?)*") are
 * left to ICU. */
static int empty_loops(const nl_rx *rx) {
  for (int k = 0; k < rx->nn; k++)
    if (rx->n[k].kind == K_REP && rx->n[k].max != 1 &&
        nullable(rx, rx->n[k].kids[0]))
      return 1;
  return 0;
}

/* A node, in no pattern, of the characters that make \b's side a word:
 * word characters it does not look through. */
static int nonword_node(parser *ps) {
  USet *x = uset_cloneAsThawed(ps->rx->word);
  if (x == NULL) {
    ps->nomem = 1;
    return -1;
  }
  uset_removeAll(x, ps->rx->skip);
  return set_node(ps, x);
}

int nl_rx__compile(nl_rx **out, const char *pattern) {
  return nl_rx__compile_with(out, pattern, NULL);
}

int nl_rx__compile_with(nl_rx **out, const char *pattern,
                        nl_rx_sets *cache) {
  *out = NULL;
  nl_rx *rx = calloc(1, sizeof(*rx));
  int32_t n = 0;
  UChar32 *cp = rx ? decode(pattern, &n) : NULL;
  if (cp == NULL) {
    free(rx);
    return rx ? 1 : NL_ENOMEM;
  }
  parser ps = {rx, cp, 0, n, 0, 0, 0, 0, 0, cache};
  rx->root = parse_alt(&ps);
  if (rx->root >= 0 && ps.i < ps.n) /* an unmatched ')' */
    ps.refuse = 1;
  if (rx->root >= 0 && !ps.refuse && !ps.nomem && empty_loops(rx))
    ps.refuse = 1;
  if (rx->root >= 0 && !ps.refuse && !ps.nomem && rx->word && rx->skip)
    rx->nonword = 1 + nonword_node(&ps);
  int rc = ps.nomem ? NL_ENOMEM
           : ps.refuse || rx->root < 0        ? 1
                                              : build_edges(rx, cache);
  if (rc == 0) {
    alt_opens(rx);
    for (int i = 0; i < rx->nn; i++)
      rx->n[i].memo = -1;
    mark_memos(rx, rx->root, 0);
  }
  free(cp);
  if (rc != 0) {
    nl_rx__free(rx);
    return rc;
  }
  *out = rx;
  return 0;
}

/* ---- saving and loading ----------------------------------------------------- */

void nl_words__put(nl_words *o, uint32_t v) {
  if (o->nomem)
    return;
  if (o->n == o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 1024;
    uint32_t *w = realloc(o->w, cap * sizeof(*w));
    if (w == NULL) {
      o->nomem = 1;
      return;
    }
    o->w = w;
    o->cap = cap;
  }
  o->w[o->n++] = v;
}

void nl_words__dispose(nl_words *o) {
  free(o->w);
  memset(o, 0, sizeof(*o));
}

static void put_int(nl_words *o, int v) { nl_words__put(o, (uint32_t)v); }

static void put64(nl_words *o, uint64_t v) {
  nl_words__put(o, (uint32_t)v);
  nl_words__put(o, (uint32_t)(v >> 32));
}

/* A set as its ranges, then its strings (UTF-16, two units a word). A
 * frozen set is loaded frozen: the same members, looked up faster. */
static void save_set(nl_words *to, const USet *s) {
  int32_t items = uset_getItemCount(s), ranges = 0;
  UChar32 lo, hi;
  UErrorCode ec = U_ZERO_ERROR;
  while (ranges < items &&
         uset_getItem(s, ranges, &lo, &hi, NULL, 0, &ec) == 0)
    ranges++;
  put_int(to, uset_isFrozen(s) != 0);
  put_int(to, ranges);
  for (int32_t i = 0; i < ranges; i++) {
    uset_getItem(s, i, &lo, &hi, NULL, 0, &ec);
    put_int(to, lo);
    put_int(to, hi);
  }
  put_int(to, items - ranges);
  for (int32_t i = ranges; i < items; i++) {
    UChar str[64];
    ec = U_ZERO_ERROR;
    int32_t len = uset_getItem(s, i, &lo, &hi, str, 64, &ec);
    if (U_FAILURE(ec)) {
      to->nomem = 1; /* case closure makes no such strings */
      return;
    }
    put_int(to, len);
    for (int32_t k = 0; k < len; k += 2)
      nl_words__put(to, str[k] |
                            (uint32_t)(k + 1 < len ? str[k + 1] : 0) << 16);
  }
}

static uint64_t words_hash(const uint32_t *w, size_t n) {
  uint64_t h = 0xcbf29ce484222325u ^ n;
  for (size_t i = 0; i < n; i++)
    h = (h ^ w[i]) * 0x100000001b3u;
  return h;
}

/* The index of `s` in the set table, added when no equal set is there;
 * UINT32_MAX for none. */
static uint32_t set_ref(nl_rx_out *o, const USet *s) {
  if (s == NULL)
    return UINT32_MAX;
  size_t at = o->sets.n;
  save_set(&o->sets, s);
  if (o->sets.nomem)
    return UINT32_MAX;
  size_t len = o->sets.n - at;
  uint64_t h = words_hash(o->sets.w + at, len);
  for (size_t i = 0; i < o->nsets; i++) {
    size_t end = i + 1 < o->nsets ? o->set_at[i + 1] : at;
    if (o->set_hash[i] == h && end - o->set_at[i] == len &&
        memcmp(o->sets.w + o->set_at[i], o->sets.w + at, len * 4) == 0) {
      o->sets.n = at;
      return (uint32_t)i;
    }
  }
  if (o->nsets == o->set_cap) {
    size_t cap = o->set_cap ? o->set_cap * 2 : 256;
    size_t *a = realloc(o->set_at, cap * sizeof(*a));
    if (a)
      o->set_at = a;
    uint64_t *hh = a ? realloc(o->set_hash, cap * sizeof(*hh)) : NULL;
    if (hh == NULL) {
      o->sets.nomem = 1;
      return UINT32_MAX;
    }
    o->set_hash = hh;
    o->set_cap = cap;
  }
  o->set_at[o->nsets] = at;
  o->set_hash[o->nsets] = h;
  return (uint32_t)o->nsets++;
}

/* A node's first word: its kind, direction, negation, and which of the
 * optional parts follow. */
enum { HAS_SET = 1, HAS_OPENS = 2, HAS_BY_CHAR = 4, HAS_KIDS = 8 };

/* A set of the regex whole, loading it when it is still in a blob. */
static const USet *whole(const nl_rx *rx, const USet *set, uint32_t ref) {
  return set || ref == 0 ? set : blob_set(rx->blob, ref);
}

static void save_node(nl_rx_out *o, const nl_rx *rx, const node *n) {
  nl_words *b = o->body;
  const USet *set = whole(rx, n->set, n->lazy);
  int opens = n->opens[0][0] || n->opens[0][1] || n->opens[1][0] ||
              n->opens[1][1] || n->opens_any[0] || n->opens_any[1];
  unsigned has = (set ? HAS_SET : 0) | (opens ? HAS_OPENS : 0) |
                 (n->by_char ? HAS_BY_CHAR : 0) | (n->nkids ? HAS_KIDS : 0);
  nl_words__put(b, (uint32_t)n->kind | (uint32_t)(n->dir + 1) << 8 |
                       (uint32_t)n->neg << 10 | has << 12);
  if (n->kind == K_REP) {
    put_int(b, n->min);
    put_int(b, n->max);
    put_int(b, n->memo);
  }
  if (n->nkids) {
    put_int(b, n->nkids);
    for (int i = 0; i < n->nkids; i++)
      put_int(b, n->kids[i]);
  }
  if (set) { /* items and hash serve the compilation only */
    nl_words__put(b, set_ref(o, set));
    put64(b, n->ascii[0]);
    put64(b, n->ascii[1]);
  }
  for (int d = 0; opens && d < 2; d++) {
    put64(b, n->opens[d][0]);
    put64(b, n->opens[d][1]);
    put_int(b, n->opens_any[d]);
  }
  for (int d = 0; n->by_char && d < 2; d++)
    for (int c = 0; c < 128; c++)
      put64(b, n->by_char[d][c]);
}

static int cmp_key(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* The table's size and its keys, in order (a table is built again from
 * them at loading, the same size: the same answers). */
static void save_keys(nl_words *b, const nl_rx *rx, int d) {
  uint32_t size = rx->key_mask[d] + 1, n = 0;
  uint64_t *k = malloc(size * sizeof(*k));
  if (k == NULL) {
    b->nomem = 1;
    return;
  }
  for (uint32_t i = 0; i < size; i++)
    if (rx->keys[d][i] != EMPTY)
      k[n++] = rx->keys[d][i];
  qsort(k, n, sizeof(*k), cmp_key);
  nl_words__put(b, rx->key_mask[d]);
  nl_words__put(b, n);
  for (uint32_t i = 0; i < n; i++)
    put64(b, k[i]);
  nl_words__put(b, rx->key_lens[d]);
  put_int(b, rx->key_short[d]);
  free(k);
}

void nl_rx__save(nl_rx_out *o, const nl_rx *rx) {
  nl_words *b = o->body;
  if (load_nodes(rx) != 0) {
    b->nomem = 1;
    return;
  }
  put_int(b, rx->nn);
  put_int(b, rx->root);
  put_int(b, rx->nmemo);
  int kids = 0;
  for (int i = 0; i < rx->nn; i++)
    kids += rx->n[i].nkids;
  put_int(b, kids);
  nl_words__put(b, set_ref(o, whole(rx, rx->word, rx->word_lazy)));
  nl_words__put(b, set_ref(o, whole(rx, rx->skip, rx->skip_lazy)));
  put_int(b, rx->space_edge);
  for (int d = 0; d < 2; d++) {
    for (int i = 0; i < NL_RX_EDGE; i++) {
      nl_words__put(b, set_ref(o, whole(rx, rx->edge[d][i],
                                        rx->edge_lazy[d][i])));
      put_int(b, rx->ended[d][i] | rx->none[d][i] << 1);
    }
    put_int(b, rx->npaths[d]);
    for (int p = 0; p < rx->npaths[d]; p++) {
      for (int k = 0; k < NL_RX_EDGE; k++)
        put_int(b, rx->paths[d][p].step[k]);
      put_int(b, rx->paths[d][p].len);
    }
    put_int(b, rx->keys[d] != NULL);
    if (rx->keys[d])
      save_keys(b, rx, d);
  }
  /* last: a loaded regex reads them only when first matched */
  for (int i = 0; i < rx->nn; i++)
    save_node(o, rx, &rx->n[i]);
}

void nl_rx__out_dispose(nl_rx_out *o) {
  nl_words__dispose(&o->sets);
  free(o->set_at);
  free(o->set_hash);
  o->set_at = NULL;
  o->set_hash = NULL;
  o->nsets = o->set_cap = 0;
}

uint32_t nl_rx__get(nl_rx_in *in) {
  if (in->i >= in->n) {
    in->bad = 1;
    return 0;
  }
  return in->w[in->i++];
}

static int get_int(nl_rx_in *in) { return (int)(int32_t)nl_rx__get(in); }

static uint64_t get64(nl_rx_in *in) {
  uint64_t lo = nl_rx__get(in);
  return lo | (uint64_t)nl_rx__get(in) << 32;
}

/* A count of things that follow, each at least a word: one the words
 * left cannot hold is bad. */
static int get_count(nl_rx_in *in) {
  int v = get_int(in);
  if (v < 0 || (size_t)v > in->n - in->i)
    in->bad = 1;
  return in->bad ? 0 : v;
}

static USet *load_set(nl_rx_in *in) {
  int frozen = get_int(in), ranges = get_count(in);
  USet *s = uset_openEmpty();
  if (s == NULL)
    return NULL;
  for (int i = 0; i < ranges && !in->bad; i++) {
    UChar32 lo = get_int(in), hi = get_int(in);
    if (lo < 0 || hi < lo || hi > 0x10FFFF)
      in->bad = 1;
    else
      uset_addRange(s, lo, hi); /* in order: ICU appends */
  }
  int strings = get_count(in);
  for (int i = 0; i < strings && !in->bad; i++) {
    UChar str[64];
    int len = get_int(in);
    if (len <= 0 || len > 64) {
      in->bad = 1;
      break;
    }
    for (int k = 0; k < len; k += 2) {
      uint32_t v = nl_rx__get(in);
      str[k] = (UChar)v;
      if (k + 1 < len)
        str[k + 1] = (UChar)(v >> 16);
    }
    uset_addString(s, str, len);
  }
  if (frozen)
    uset_freeze(s);
  return s;
}

int nl_rx__sets_blob(nl_rx_sets *c, const uint32_t *w, size_t n,
                     const uint32_t *at, size_t nsets) {
  free(c->bloaded);
  if ((c->bloaded = calloc(nsets ? nsets : 1, sizeof(USet *))) == NULL)
    return NL_ENOMEM;
  c->bw = w;
  c->bnw = n;
  c->bat = at;
  c->bnsets = nsets;
  return 0;
}

/* Set `ref` of the cache's blob as a USet, loaded the first time; NULL
 * without memory. Its words were checked when a regex referred to it
 * (get_ref). */
static const USet *blob_set(nl_rx_sets *c, uint32_t ref) {
  if (c->bloaded[ref - 1] == NULL) {
    nl_rx_in in = {c->bw, c->bnw, c->bat[ref - 1], 0, c, 0};
    USet *s = load_set(&in);
    if (s == NULL || in.bad ||
        keep(c, s, set_hash(s, uset_getItemCount(s))) < 0) {
      uset_close(s);
      return NULL;
    }
    c->bloaded[ref - 1] = s;
  }
  return c->bloaded[ref - 1];
}

/* A reference to a set of the blob (index + 1, 0 for none), checked:
 * its ranges are within the words. */
static uint32_t get_ref(nl_rx_in *in) {
  uint32_t i = nl_rx__get(in);
  const nl_rx_sets *c = in->cache;
  if (i == UINT32_MAX)
    return 0;
  if (i >= c->bnsets || c->bat[i] + 2 > c->bnw ||
      c->bw[c->bat[i] + 1] > (c->bnw - c->bat[i] - 2) / 2) {
    in->bad = 1;
    return 0;
  }
  return i + 1;
}

/* Node n; its kids go to *pool, `left` of it still free. */
static int load_node(nl_rx_in *in, node *n, int nn, int **pool, int *left) {
  uint32_t head = nl_rx__get(in), has = head >> 12;
  n->kind = (int)(head & 0xFF);
  n->dir = (int)((head >> 8) & 3) - 1;
  n->neg = (int)((head >> 10) & 1);
  n->memo = -1;
  if (n->kind == K_REP) {
    n->min = get_int(in);
    n->max = get_int(in);
    n->memo = get_int(in);
  }
  if (has & HAS_KIDS) {
    n->nkids = n->cap = get_count(in);
    if (n->nkids > *left) {
      in->bad = 1;
      return 0;
    }
    n->kids = *pool;
    *pool += n->nkids;
    *left -= n->nkids;
    for (int i = 0; i < n->nkids; i++)
      if ((n->kids[i] = get_int(in)) < 0 || n->kids[i] >= nn)
        in->bad = 1;
  }
  if (has & HAS_SET) {
    n->lazy = get_ref(in);
    n->shared = 1; /* the cache's */
    n->ascii[0] = get64(in);
    n->ascii[1] = get64(in);
  }
  for (int d = 0; (has & HAS_OPENS) && d < 2; d++) {
    n->opens[d][0] = get64(in);
    n->opens[d][1] = get64(in);
    n->opens_any[d] = get_int(in);
  }
  if ((has & HAS_BY_CHAR) &&
      (n->by_char = calloc(2, sizeof(*n->by_char))) == NULL)
    return NL_ENOMEM;
  for (int d = 0; n->by_char && d < 2; d++)
    for (int c = 0; c < 128; c++)
      n->by_char[d][c] = get64(in);
  if (n->kind > K_NWORDB || (n->kind == K_SET) != (n->lazy != 0))
    in->bad = 1;
  return 0;
}

static int load_paths(nl_rx_in *in, nl_rx *rx, int d) {
  int np = get_int(in);
  rx->npaths[d] = np < 0 ? -1 : np;
  if (np > PATHS || (size_t)(np > 0 ? np : 0) > in->n - in->i) {
    in->bad = 1;
    return 0;
  }
  if (np > 0 && (rx->paths[d] = malloc((size_t)np * sizeof(path))) == NULL)
    return NL_ENOMEM;
  for (int p = 0; p < np; p++) {
    for (int k = 0; k < NL_RX_EDGE; k++) {
      int step = rx->paths[d][p].step[k] = get_int(in);
      if ((step < 0 ? ~step : step) >= rx->nn)
        in->bad = 1;
    }
    rx->paths[d][p].len = get_int(in);
    if (rx->paths[d][p].len < 0 || rx->paths[d][p].len > NL_RX_EDGE)
      in->bad = 1;
  }
  return 0;
}

static int load_keys(nl_rx_in *in, nl_rx *rx, int d) {
  if (!get_int(in))
    return 0;
  uint32_t mask = nl_rx__get(in), n = nl_rx__get(in);
  if ((mask & (mask + 1)) != 0 || mask >= KEYS * 4 || n > mask ||
      n > (in->n - in->i) / 2) {
    in->bad = 1;
    return 0;
  }
  uint64_t *t = malloc(((size_t)mask + 1) * sizeof(uint64_t));
  if ((rx->keys[d] = t) == NULL)
    return NL_ENOMEM;
  rx->key_mask[d] = mask;
  for (uint32_t i = 0; i <= mask; i++)
    t[i] = EMPTY;
  for (uint32_t i = 0; i < n; i++)
    key_put(t, mask, get64(in));
  rx->key_lens[d] = nl_rx__get(in);
  rx->key_short[d] = get_int(in);
  return 0;
}

static int load_rx(nl_rx_in *in, nl_rx *rx) {
  rx->nn = rx->cap = get_count(in);
  rx->root = get_int(in);
  rx->nmemo = get_int(in);
  if (rx->nn == 0 || rx->root < 0 || rx->root >= rx->nn || rx->nmemo < 0)
    return in->bad = 1;
  rx->nkids_all = get_count(in);
  rx->blob = in->cache;
  rx->word_lazy = get_ref(in);
  rx->skip_lazy = get_ref(in);
  rx->space_edge = get_int(in);
  for (int d = 0; d < 2 && !in->bad; d++) {
    for (int i = 0; i < NL_RX_EDGE; i++) {
      rx->edge_lazy[d][i] = get_ref(in);
      rx->edge_shared[d][i] = 1;
      int flags = get_int(in);
      rx->ended[d][i] = flags & 1;
      rx->none[d][i] = flags >> 1 & 1;
      if (rx->edge_lazy[d][i] == 0)
        in->bad = 1;
    }
    if (load_paths(in, rx, d) < 0 || load_keys(in, rx, d) < 0)
      return NL_ENOMEM;
  }
  rx->nodes_at = in->i; /* read by load_nodes */
  if (rx->nodes_at >= in->n)
    in->bad = 1;
  for (int d = 0; d < 2; d++) {
    rx->npaths_held[d] = rx->npaths[d];
    rx->npaths[d] = -1;
  }
  return in->bad;
}

static void drop_nodes(nl_rx *rx) {
  for (int i = 0; rx->n && i < rx->nn; i++)
    free(rx->n[i].by_char);
  free(rx->n);
  free(rx->kid_pool);
  rx->n = NULL;
  rx->kid_pool = NULL;
}

/* The nodes of a regex loaded from a blob, read when a match first needs
 * them. A segmenter's regexes change so, like its sets (nl_rx__sets_blob):
 * one thread at a time. 0, NL_ENOMEM, or 1 when the words are bad. */
static int load_nodes(const nl_rx *crx) {
  if (crx->n)
    return 0;
  nl_rx *rx = (nl_rx *)(uintptr_t)crx;
  nl_rx_sets *c = rx->blob;
  if (rx->nodes_at == 0 || c == NULL)
    return 1;
  nl_rx_in in = {c->bw, c->bnw, rx->nodes_at, 0, c, 0};
  int left = rx->nkids_all;
  if ((rx->n = calloc((size_t)rx->nn, sizeof(node))) == NULL ||
      (rx->kid_pool = malloc((size_t)left * sizeof(int) + 1)) == NULL) {
    drop_nodes(rx);
    return NL_ENOMEM;
  }
  int *pool = rx->kid_pool;
  for (int i = 0; i < rx->nn && !in.bad; i++)
    if (load_node(&in, &rx->n[i], rx->nn, &pool, &left) < 0) {
      drop_nodes(rx);
      return NL_ENOMEM;
    }
  if (in.bad) {
    drop_nodes(rx);
    return 1;
  }
  rx->npaths[0] = rx->npaths_held[0];
  rx->npaths[1] = rx->npaths_held[1];
  return 0;
}

int nl_rx__load(nl_rx **out, nl_rx_in *in) {
  *out = NULL;
  nl_rx *rx = calloc(1, sizeof(*rx));
  if (rx == NULL)
    return NL_ENOMEM;
  int rc = load_rx(in, rx);
  if (rc != 0) {
    nl_rx__free(rx);
    return rc < 0 ? rc : 1;
  }
  *out = rx;
  return 0;
}
