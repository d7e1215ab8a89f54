/*
 * tm_fuzzy.c - fuzzy match scores.
 *
 * A translator judges a match by how much of the sentence must change,
 * so the score is an edit distance over words, where each word weighs
 * what a reader sees: its user-perceived characters (grapheme clusters,
 * so a Devanagari conjunct or a Hangul syllable counts once, and a
 * Persian word is not heavier for its combining marks). Inserting or
 * deleting a word costs its length; replacing one costs the character
 * edit distance between the two. Words come from ICU's word break
 * iterator for the language, which uses dictionaries for Chinese, Thai,
 * Khmer, Burmese and Lao, where no spaces separate words.
 *
 *   score = 100 * (1 - distance / longer length), less 2 per number
 *   that is in one segment and not the other (a wrong figure in a news
 *   translation is worse than a wrong word), at most 99.
 *
 * Keys already have digits in ASCII, so ۲۰۱۶ and 2016 are one number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "error.h"
#include "tm_fuzzy.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

typedef struct token {
  uint32_t *g; /* one value per grapheme cluster (grapheme_value) */
  int n;
  int number;
} token;

typedef struct tokens {
  token *t;
  int n, cap;
  long total;     /* graphemes */
  uint32_t *pool; /* every token's graphemes (tokenize_simple), or NULL:
                     one allocation a candidate instead of one a word */
} tokens;

/* How many graphemes of each kind, hashed into buckets: the distance
 * is at least the bag distance (see bag_bound), which costs one pass
 * over a candidate instead of an edit distance. */
enum { BAG = 64 };
typedef struct bag {
  int32_t n[BAG]; /* int32: the bound's loop over them vectorizes */
  long total;
} bag;

/* The query's numbers, for ascii_pass: at most NUMS are tracked there
 * (a query with more goes the longer way, simple_numbers_apart). */
enum { NUMS = 64 };

struct nl_tm_fuzzy {
  int floor; /* scores below this one need not be exact (0: all are) */
  UBreakIterator *words, *chars;
  char lang[64];
  char *last_key; /* the query's key and its tokens, reused per candidate */
  char last_lang[64]; /* the language last_key was cut for */
  int last_simple; /* simple_text(last_key): tokens are its spaced words */
  tokens last;
  bag last_bag;
  const token *nums[NUMS]; /* last's numbers, in order */
  int nnums;               /* how many; -1: more than NUMS */
  int numbers;             /* how many numbers last holds */
  int32_t sig_q[BAG / 2];  /* last_bag's buckets two by two (sig_bound) */
};

static unsigned bag_bucket(uint32_t g) {
  return (unsigned)((g * 2654435761u) >> 26); /* 0..63 */
}

/* bag_bucket of each ASCII character, for the passes over ASCII keys
 * (every candidate of a lookup, every row an import adds) */
#define BK(c) (unsigned char)(((uint32_t)(c) * 2654435761u) >> 26)
#define BK4(c) BK(c), BK((c) + 1), BK((c) + 2), BK((c) + 3)
#define BK16(c) BK4(c), BK4((c) + 4), BK4((c) + 8), BK4((c) + 12)
static const unsigned char ascii_bucket[128] = {
    BK16(0),  BK16(16), BK16(32), BK16(48),
    BK16(64), BK16(80), BK16(96), BK16(112)};
#undef BK16
#undef BK4
#undef BK

static void bag_of_tokens(const tokens *t, bag *b) {
  memset(b, 0, sizeof(*b));
  for (int i = 0; i < t->n; i++)
    for (int j = 0; j < t->t[i].n; j++)
      b->n[bag_bucket(t->t[i].g[j])]++;
  b->total = t->total;
}

static void tokens_free(tokens *t) {
  for (int i = 0; i < t->n && t->pool == NULL; i++)
    free(t->t[i].g);
  free(t->pool);
  t->pool = NULL;
  free(t->t);
  t->t = NULL;
  t->n = 0;
  t->cap = 0;
  t->total = 0;
}

/* Room for one more token (doubling: a long segment has many). */
static int tokens_reserve(tokens *t) {
  if (t->n < t->cap)
    return 0;
  int cap = t->cap ? t->cap * 2 : 16;
  token *p = realloc(t->t, (size_t)cap * sizeof(*p));
  if (p == NULL)
    return -1;
  t->t = p;
  t->cap = cap;
  return 0;
}

int nl_tm_fuzzy__new(nl_tm_fuzzy **out, nl_error *err) {
  nl_tm_fuzzy *f = calloc(1, sizeof(*f));
  if (f == NULL)
    return nl_error__nomem(err);
  UErrorCode ec = U_ZERO_ERROR;
  f->chars = ubrk_open(UBRK_CHARACTER, "root", NULL, 0, &ec);
  if (U_FAILURE(ec)) {
    nl_tm_fuzzy__free(f);
    return nl_error__set(err, NL_EICU, NULL, 0, 0, "ICU character breaks: %s",
                         u_errorName(ec));
  }
  *out = f;
  return 0;
}

void nl_tm_fuzzy__set_floor(nl_tm_fuzzy *f, int floor) {
  f->floor = floor < 0 ? 0 : floor > 100 ? 100 : floor;
}

void nl_tm_fuzzy__free(nl_tm_fuzzy *f) {
  if (f == NULL)
    return;
  ubrk_close(f->words);
  ubrk_close(f->chars);
  tokens_free(&f->last);
  free(f->last_key);
  free(f);
}

static int word_iterator(nl_tm_fuzzy *f, const char *lang) {
  if (f->words && strcmp(f->lang, lang) == 0)
    return 0;
  ubrk_close(f->words);
  UErrorCode ec = U_ZERO_ERROR;
  /* never the process locale's rules (en_US_POSIX under LANG=C) */
  char id[ULOC_FULLNAME_CAPACITY];
  if (nl_icu__locale(id, sizeof(id), lang, NULL) < 0)
    snprintf(id, sizeof(id), "root");
  f->words = ubrk_open(UBRK_WORD, id, NULL, 0, &ec);
  snprintf(f->lang, sizeof(f->lang), "%s", lang);
  return U_FAILURE(ec) ? -1 : 0;
}

/* What a grapheme cluster is compared as: a single code point is
 * itself, as in tokenize_simple (so a Latin word in a sentence with
 * Persian in it equals the same word in an all-Latin one), a longer
 * cluster a hash with the top bit set, above every code point. */
static uint32_t grapheme_value(const UChar *s, int32_t n) {
  UChar32 c;
  int32_t i = 0;
  U16_NEXT(s, i, n, c);
  if (i == n)
    return (uint32_t)c;
  uint32_t h = 2166136261u;
  for (i = 0; i < n; i++) {
    h ^= s[i];
    h *= 16777619u;
  }
  return h | 0x80000000u;
}

static int push_token(nl_tm_fuzzy *f, tokens *out, const UChar *s,
                      int32_t n) {
  token t = {malloc((size_t)n * sizeof(uint32_t)), 0, 1};
  if (t.g == NULL)
    return -1;
  UErrorCode ec = U_ZERO_ERROR;
  ubrk_setText(f->chars, s, n, &ec);
  int32_t a = ubrk_first(f->chars);
  for (int32_t b = ubrk_next(f->chars); b != UBRK_DONE;
       a = b, b = ubrk_next(f->chars)) {
    t.g[t.n++] = grapheme_value(s + a, b - a);
    if (b - a != 1 || s[a] < '0' || s[a] > '9')
      t.number = 0;
  }
  if (tokens_reserve(out) < 0) {
    free(t.g);
    return -1;
  }
  out->t[out->n++] = t;
  out->total += t.n;
  return 0;
}

/* Whether every code point is below U+0300: no combining marks, no
 * scripts that need dictionary word breaks, so words are what the
 * spaces delimit and every character is its own grapheme cluster. */
static int simple_text(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p >= 0xCC)
      return 0; /* a lead byte of U+0300 or above */
  return 1;
}

/* nl_utf8__next, a byte at a time while the text is ASCII (keys
 * mostly are: every candidate is read twice, for its bag and words). */
static uint32_t ascii_next(const char *s, size_t len, size_t *i) {
  unsigned char c = (unsigned char)s[*i];
  if (c < 0x80) {
    ++*i;
    return c;
  }
  return nl_utf8__next(s, len, i);
}

/* The bag of a simple key without tokenizing it: its code points
 * other than spaces, each its own grapheme (as tokenize_simple). */
static void bag_of_simple(const char *key, bag *b) {
  memset(b, 0, sizeof(*b));
  size_t len = strlen(key);
  for (size_t i = 0; i < len;) {
    uint32_t c = ascii_next(key, len, &i);
    if (c != ' ') {
      b->n[bag_bucket(c)]++;
      b->total++;
    }
  }
}

/* An upper bound of the score from the bags alone. Every grapheme of
 * one text that the other lacks (as multisets) costs at least one edit:
 * a replaced word costs its character edit distance, an inserted or
 * deleted one its length, a space added or removed (one word for two)
 * 1 where the graphemes are the same. So the distance is at least the
 * longer total less the graphemes in common; buckets can only merge
 * kinds, which raises "in common" and keeps the bound safe. */
static int bag_bound(const bag *a, const bag *b) {
  int32_t common = 0;
  for (int i = 0; i < BAG; i++)
    common += a->n[i] < b->n[i] ? a->n[i] : b->n[i];
  long longer = a->total > b->total ? a->total : b->total;
  if (longer == 0)
    return 99;
  return (int)(100 - (100 * (longer - common) + longer - 1) / longer);
}

/* The fast path of tokenize() for simple text: the `len` bytes of key. */
static int tokenize_simple_n(const char *key, size_t len, tokens *out) {
  size_t used = 0;
  out->pool = malloc((len + 1) * sizeof(uint32_t));
  if (out->pool == NULL)
    return -1;
  for (const char *p = key, *end = key + len; p < end;) {
    const char *sp = memchr(p, ' ', (size_t)(end - p));
    size_t wl = sp ? (size_t)(sp - p) : (size_t)(end - p);
    token t = {out->pool + used, 0, 1};
    for (size_t i = 0; i < wl;) {
      size_t j = i;
      uint32_t c = ascii_next(p, wl, &j);
      t.g[t.n++] = c;
      if (c < '0' || c > '9')
        t.number = 0;
      i = j;
    }
    if (tokens_reserve(out) < 0)
      return -1;
    if (t.n > 0) {
      out->t[out->n++] = t;
      out->total += t.n;
      used += (size_t)t.n;
    }
    p += wl;
    while (p < end && *p == ' ')
      p++;
  }
  return 0;
}

static int tokenize_simple(const char *key, tokens *out) {
  return tokenize_simple_n(key, strlen(key), out);
}

static int tokenize(nl_tm_fuzzy *f, const char *lang, const char *key,
                    tokens *out) {
  if (simple_text(key))
    return tokenize_simple(key, out);
  nl_u16 u = {0};
  if (word_iterator(f, lang) < 0 ||
      nl_u16__from_utf8(&u, key, strlen(key), 0, NULL) < 0)
    return -1;
  UErrorCode ec = U_ZERO_ERROR;
  ubrk_setText(f->words, u.s, u.len, &ec);
  int rc = 0;
  int32_t a = ubrk_first(f->words);
  for (int32_t b = ubrk_next(f->words); b != UBRK_DONE && rc == 0;
       a = b, b = ubrk_next(f->words))
    if (!(b - a == 1 && u.s[a] == ' '))
      rc = push_token(f, out, u.s + a, b - a);
  ubrk_setText(f->words, NULL, 0, &ec);
  nl_u16__dispose(&u);
  return rc;
}

/* Levenshtein distance between two grapheme sequences. */
static long char_distance(const token *a, const token *b) {
  if (a->n == b->n && memcmp(a->g, b->g, (size_t)a->n * sizeof(uint32_t)) == 0)
    return 0;
  long stack[64];
  long *row = b->n < 64 ? stack : malloc((size_t)(b->n + 1) * sizeof(long));
  if (row == NULL)
    return a->n > b->n ? a->n : b->n;
  for (int j = 0; j <= b->n; j++)
    row[j] = j;
  for (int i = 1; i <= a->n; i++) {
    long diag = row[0];
    row[0] = i;
    for (int j = 1; j <= b->n; j++) {
      long up = row[j];
      long sub = diag + (a->g[i - 1] != b->g[j - 1]);
      long del = up + 1, ins = row[j - 1] + 1;
      row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
      diag = up;
    }
  }
  long d = row[b->n];
  if (row != stack)
    free(row);
  return d;
}

static int same_token(const token *a, const token *b) {
  return a->n == b->n && memcmp(a->g, b->g, (size_t)a->n * sizeof(uint32_t)) == 0;
}

/* Whether token `w` is `x` followed by `y`: one compound written as one
 * word or as two (Persian رئیسجمهور / رئیس جمهور after the key dropped
 * the ZWNJ, English "setup" / "set up"). */
static int joined(const token *w, const token *x, const token *y) {
  return w->n == x->n + y->n &&
         memcmp(w->g, x->g, (size_t)x->n * sizeof(uint32_t)) == 0 &&
         memcmp(w->g + x->n, y->g, (size_t)y->n * sizeof(uint32_t)) == 0;
}

/* Word-level edit distance; gives up (returning `cap` + 1) as soon as
 * every path already costs more than `cap`, which is what keeps scoring
 * a hundred candidates cheap: most are far off and stop early. Besides
 * inserting, deleting and replacing words, one word may stand for two
 * (a space added or removed) at the cost of one character. */
static long word_distance(const tokens *a, const tokens *b, long cap) {
  long *mem = malloc((size_t)(b->n + 1) * 3 * sizeof(long));
  if (mem == NULL)
    return a->total > b->total ? a->total : b->total;
  long *pp = mem, *prev = mem + b->n + 1, *cur = prev + b->n + 1;
  prev[0] = 0;
  for (int j = 1; j <= b->n; j++)
    prev[j] = prev[j - 1] + b->t[j - 1].n;
  long prev_best = 0;
  for (int i = 1; i <= a->n; i++) {
    const token *ta = &a->t[i - 1];
    cur[0] = prev[0] + ta->n;
    long best = cur[0];
    for (int j = 1; j <= b->n; j++) {
      const token *tb = &b->t[j - 1];
      long del = prev[j] + ta->n, ins = cur[j - 1] + tb->n;
      long v = del < ins ? del : ins;
      /* a replacement costs at least the difference in length (and 1):
       * when that cannot beat v or stay within the cap, the character
       * distance is not needed (a cell above the cap only has to stay
       * above it) */
      long least = ta->n > tb->n ? ta->n - tb->n : tb->n - ta->n;
      if (same_token(ta, tb))
        v = prev[j - 1] < v ? prev[j - 1] : v;
      else if (prev[j - 1] + (least ? least : 1) < v &&
               prev[j - 1] + (least ? least : 1) <= cap) {
        long sub = prev[j - 1] + char_distance(ta, tb);
        v = sub < v ? sub : v;
      }
      if (j >= 2 && prev[j - 2] + 1 < v && joined(ta, &b->t[j - 2], tb))
        v = prev[j - 2] + 1;
      if (i >= 2 && pp[j - 1] + 1 < v && joined(tb, &a->t[i - 2], ta))
        v = pp[j - 1] + 1;
      cur[j] = v;
      if (v < best)
        best = v;
    }
    /* a join reaches back two rows, so both must be past the cap */
    if (best > cap && prev_best > cap) {
      free(mem);
      return cap + 1;
    }
    prev_best = best;
    long *t = pp;
    pp = prev;
    prev = cur;
    cur = t;
  }
  long d = prev[b->n];
  free(mem);
  return d;
}

/* Numbers of `a` that `b` lacks, counted as multisets. */
static int missing_numbers(const tokens *a, const tokens *b) {
  int missing = 0;
  char *used = calloc((size_t)b->n + 1, 1);
  for (int i = 0; i < a->n; i++) {
    if (!a->t[i].number)
      continue;
    int found = 0;
    for (int j = 0; j < b->n && !found; j++)
      if (used && !used[j] && b->t[j].number && same_token(&a->t[i], &b->t[j]))
        found = used[j] = 1;
    missing += !found;
  }
  free(used);
  return missing;
}

/* What missing_numbers(q, b) + missing_numbers(b, q) costs (2 a number)
 * for a simple key b, without tokenizing it: its words are what the
 * spaces delimit (tokenize_simple), a number one of ASCII digits only.
 * -1 for a query of more words than it keeps track of. */
static int simple_numbers_apart(const tokens *q, const char *b) {
  char used[256];
  int nq = 0, nb = 0, both = 0;
  if (q->n > (int)sizeof(used))
    return -1;
  memset(used, 0, (size_t)q->n);
  for (int j = 0; j < q->n; j++)
    nq += q->t[j].number;
  for (const char *p = b;; p++) {
    while (*p == ' ')
      p++;
    size_t len = 0, digits = 0;
    for (; p[len] && p[len] != ' '; len++)
      digits += p[len] >= '0' && p[len] <= '9';
    if (len == 0)
      break;
    if (digits == len) {
      nb++;
      for (int j = 0; j < q->n; j++) {
        const token *t = &q->t[j];
        int same = !used[j] && t->number && (size_t)t->n == len;
        for (size_t k = 0; same && k < len; k++)
          same = t->g[k] == (uint32_t)(unsigned char)p[k];
        if (same) {
          used[j] = 1;
          both++;
          break;
        }
      }
    }
    p += len;
    if (*p == '\0')
      break;
  }
  return 2 * (nq + nb - 2 * both);
}

/* One pass over an ASCII key (most keys are, and most candidates of a
 * lookup end here): its bag as bag_of_simple counts it, its numbers (*nb:
 * words of ASCII digits only) and how many of them match the numbers of
 * f's query (*both, each once; f NULL: none). 0 when the key is not
 * ASCII: nothing is then known. */
static int ascii_scan(const nl_tm_fuzzy *f, const char *key, bag *b, int *nb,
                      int *both) {
  const unsigned char *p = (const unsigned char *)key;
  uint64_t used = 0;
  int nq = f ? f->nnums : 0;
  *nb = *both = 0;
  memset(b, 0, sizeof(*b));
  for (;;) {
    const unsigned char *w = p;
    unsigned c;
    for (; (c = *p) > ' '; p++) {
      if (c >= 0x80)
        return 0;
      b->n[ascii_bucket[c]]++;
    }
    if (c != ' ' && c != '\0')
      return 0; /* a control character: not worth a fast path */
    long len = p - w;
    b->total += len;
    int digits = len > 0 && (unsigned)(*w - '0') < 10u;
    for (long k = 1; digits && k < len; k++)
      digits = (unsigned)(w[k] - '0') < 10u;
    if (digits) {
      ++*nb;
      for (int j = 0; j < nq; j++) {
        const token *t = f->nums[j];
        int same = !(used >> j & 1) && t->n == len;
        for (int k = 0; same && k < t->n; k++)
          same = t->g[k] == w[k];
        if (same) {
          used |= (uint64_t)1 << j;
          ++*both;
          break;
        }
      }
    }
    if (c == '\0')
      break;
    p++;
  }
  return 1;
}

/* ascii_scan, and the numbers' part of the score against the query (2 a
 * number in one and not the other, as simple_numbers_apart). */
static int ascii_pass(const nl_tm_fuzzy *f, const char *key, bag *b,
                      int *apart) {
  int nb, both;
  if (!ascii_scan(f, key, b, &nb, &both))
    return 0;
  *apart = f->nnums < 0 ? simple_numbers_apart(&f->last, key)
                        : 2 * (f->nnums + nb - 2 * both);
  return 1;
}

/* The words two simple keys both begin with (*pre) and both end with
 * (*suf), no word counted twice; b's other words are [*from, *to).
 * Words are what the spaces delimit (tokenize_simple). */
static void common_ends(const char *a, const char *b, int *pre, int *suf,
                        const char **from, const char **to) {
  const char *pa = a, *pb = b;
  *pre = *suf = 0;
  for (;;) {
    while (*pa == ' ')
      pa++;
    while (*pb == ' ')
      pb++;
    size_t la = strcspn(pa, " "), lb = strcspn(pb, " ");
    if (la == 0 || la != lb || memcmp(pa, pb, la) != 0)
      break;
    pa += la;
    pb += lb;
    ++*pre;
  }
  const char *ea = pa + strlen(pa), *eb = pb + strlen(pb);
  for (;;) {
    while (ea > pa && ea[-1] == ' ')
      ea--;
    while (eb > pb && eb[-1] == ' ')
      eb--;
    const char *wa = ea, *wb = eb;
    while (wa > pa && wa[-1] != ' ')
      wa--;
    while (wb > pb && wb[-1] != ' ')
      wb--;
    if (wa == ea || ea - wa != eb - wb ||
        memcmp(wa, wb, (size_t)(ea - wa)) != 0)
      break;
    ea = wa;
    eb = wb;
    ++*suf;
  }
  *from = pb;
  *to = eb;
}

/* The word distance of two simple keys from their differing middles:
 * the words both begin or end with cost nothing and change nothing
 * else (docs/tm.md, "Candidates": a path through the full grid maps to
 * one through the smaller that costs no more). -1: out of memory. */
static long simple_distance(const tokens *a, const char *a_key,
                            const char *b_key, long cap) {
  int pre, suf;
  const char *from, *to;
  common_ends(a_key, b_key, &pre, &suf, &from, &to);
  tokens am = {a->n ? a->t + pre : NULL, a->n - pre - suf, 0, 0, NULL},
         bm = {0};
  for (int i = 0; i < am.n; i++)
    am.total += am.t[i].n;
  if (tokenize_simple_n(from, (size_t)(to - from), &bm) < 0) {
    tokens_free(&bm);
    return -1;
  }
  long d = word_distance(&am, &bm, cap);
  tokens_free(&bm);
  return d;
}

/* The query's tokens, bag and numbers, kept for its candidates (f->lang
 * is the word iterator's, which simple keys never open: it cannot say).
 * -1 when they cannot be had (out of memory, ICU). */
static int query_tokens(nl_tm_fuzzy *f, const char *lang, const char *a_key) {
  if (f->last_key && strcmp(f->last_key, a_key) == 0 &&
      strcmp(f->last_lang, lang) == 0)
    return 0;
  tokens_free(&f->last);
  free(f->last_key);
  f->last_key = nl__strdup(a_key);
  f->last_simple = f->last_key && simple_text(a_key);
  snprintf(f->last_lang, sizeof(f->last_lang), "%s", lang);
  if (f->last_key == NULL || tokenize(f, lang, a_key, &f->last) < 0) {
    free(f->last_key);
    f->last_key = NULL;
    return -1;
  }
  bag_of_tokens(&f->last, &f->last_bag);
  for (int i = 0; i < BAG / 2; i++)
    f->sig_q[i] = f->last_bag.n[2 * i] + f->last_bag.n[2 * i + 1];
  f->numbers = 0;
  for (int i = 0; i < f->last.n; i++)
    f->numbers += f->last.t[i].number != 0;
  f->nnums = f->numbers <= NUMS ? f->numbers : -1;
  for (int i = 0, k = 0; i < f->last.n && f->nnums > 0; i++)
    if (f->last.t[i].number)
      f->nums[k++] = &f->last.t[i];
  return 0;
}

/* ---- signatures ------------------------------------------------------------ */

/* A key's signature (NL_TM_SIG bytes): byte 3 is 1 when the rest is
 * known (an ASCII key, the keys ascii_scan reads), bytes 0-1 its length
 * (characters but spaces, little-endian), byte 2 its numbers (255: at
 * least 255), then 32 four-bit counts of its characters: the bag's
 * buckets two by two, 15 meaning 15 or more. Enough for a bound on the
 * score (nl_tm_fuzzy__sig_bound) that is never below the bag's. */
enum { SIG_BUCKETS = BAG / 2, SIG_SAT = 15 };

int nl_tm_fuzzy__sig(const char *key, unsigned char sig[NL_TM_SIG]) {
  bag b;
  int nb, both;
  memset(sig, 0, NL_TM_SIG);
  if (!ascii_scan(NULL, key, &b, &nb, &both) || b.total > 65535)
    return 0;
  sig[0] = (unsigned char)(b.total & 0xff);
  sig[1] = (unsigned char)(b.total >> 8);
  sig[2] = (unsigned char)(nb > 255 ? 255 : nb);
  sig[3] = 1;
  for (int i = 0; i < SIG_BUCKETS / 2; i++) {
    int32_t lo = b.n[4 * i] + b.n[4 * i + 1], hi = b.n[4 * i + 2] + b.n[4 * i + 3];
    sig[4 + i] = (unsigned char)((lo > SIG_SAT ? SIG_SAT : lo) |
                                 (hi > SIG_SAT ? SIG_SAT : hi) << 4);
  }
  return 1;
}

/* Merging two buckets into one can only raise the graphemes in common
 * (min(a + b, c + d) >= min(a, c) + min(b, d)), a saturated count is
 * taken as the query's own, and the numbers' part is at least 2 for
 * each number one key has more than the other: so the bound is at
 * least bag_bound less the exact numbers' part, which score() itself
 * applies first. */
int nl_tm_fuzzy__sig_bound(nl_tm_fuzzy *f, const char *lang,
                           const char *a_key, const unsigned char *sig) {
  if (sig[3] != 1 || f->floor <= 0 || query_tokens(f, lang, a_key) < 0)
    return 100;
  long total = sig[0] | (long)sig[1] << 8, common = 0;
  for (int i = 0; i < SIG_BUCKETS; i++) {
    int32_t q = f->sig_q[i], r = sig[4 + i / 2] >> (i % 2 * 4) & 0xf;
    common += r == SIG_SAT || q < r ? q : r;
  }
  long longer = f->last_bag.total > total ? f->last_bag.total : total;
  if (longer == 0)
    return 100;
  int nb = sig[2], nq = f->numbers;
  int fewer = nb == 255 ? (nq < 255 ? 255 - nq : 0) : nq > nb ? nq - nb : nb - nq;
  return (int)(100 - (100 * (longer - common) + longer - 1) / longer) -
         2 * fewer;
}

int nl_tm_fuzzy__score(nl_tm_fuzzy *f, const char *lang, const char *a_key,
                       const char *b_key, const char *a_text,
                       const char *b_text) {
  (void)a_text;
  (void)b_text;
  if (query_tokens(f, lang, a_key) < 0)
    return 0;
  tokens b = {0};
  int score = 0;
  bag bb;
  int apart = -1; /* the numbers' part of the score (2 a number) */
  int simple = f->floor > 0 &&
               (ascii_pass(f, b_key, &bb, &apart) ||
                (simple_text(b_key) && (bag_of_simple(b_key, &bb), 1)));
  if (simple) {
    /* most candidates of a lookup fall below the floor: the bag and the
     * numbers say so before anything is allocated */
    if (apart < 0)
      apart = simple_numbers_apart(&f->last, b_key);
    if (bag_bound(&f->last_bag, &bb) - (apart > 0 ? apart : 0) < f->floor)
      return 0;
  }
  /* both simple, numbers known: only the words that differ are cut
   * (with floor 0, the exact scores oracles compare against, all are) */
  int ends = simple && f->last_simple && apart >= 0;
  int ok = ends || tokenize(f, lang, b_key, &b) == 0;
  if (ok && apart < 0)
    apart = 2 * (missing_numbers(&f->last, &b) + missing_numbers(&b, &f->last));
  if (ok && f->floor > 0 && !simple) {
    bag_of_tokens(&b, &bb);
    ok = bag_bound(&f->last_bag, &bb) - apart >= f->floor;
  }
  long room = 100 - (f->floor > 0 ? f->floor + apart : 0);
  if (ok && room >= 0) {
    long b_total = ends ? bb.total : b.total;
    long longer = f->last.total > b_total ? f->last.total : b_total;
    if (longer > 0) {
      /* a distance above cap cannot reach the floor any caller uses
       * (the numbers' part is known: it leaves `room` for the words) */
      long cap = longer * room / 100 + 1;
      long d = ends ? simple_distance(&f->last, a_key, b_key, cap)
                    : word_distance(&f->last, &b, cap);
      score = d < 0 ? 0 : (int)(100 - (100 * d + longer - 1) / longer) - apart;
    }
  }
  tokens_free(&b);
  return score < 0 ? 0 : score > 99 ? 99 : score;
}

/* What nl_tm_fuzzy__key's ICU pass does with each ASCII character once
 * lowercased: 'S' white space (White_Space or Zs), '-' dropped
 * (punctuation, controls), 'k' kept (letters, digits, the symbols
 * $+<=>^`|~). test_tm__key_ascii holds it to ICU's answers. */
static const char ascii_class[129] =
    "---------SSSSS------------------"  /* 0x00-0x1F */
    "S---k------k----kkkkkkkkkk--kkk-"  /* 0x20-0x3F */
    "-kkkkkkkkkkkkkkkkkkkkkkkkkk---k-"  /* 0x40-0x5F */
    "kkkkkkkkkkkkkkkkkkkkkkkkkkk-k-k-"; /* 0x60-0x7F */

/* The key of an all-ASCII text: what the ICU pass gives for it (root
 * lowercasing is plain ASCII lowercasing there, and no character's
 * class depends on its neighbours), a table look-up a character instead
 * of four ICU calls and a buffer append; most English sources. */
static int ascii_key(nl_buf *out, const char *s, size_t len, nl_error *err) {
  if (nl_buf__grow(out, len + 1) < 0)
    return nl_error__nomem(err);
  char *o = out->ptr + out->size;
  int space = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    char k = ascii_class[c];
    if (k == 'S') {
      space = o > out->ptr;
      continue;
    }
    if (k == '-')
      continue;
    if (space)
      *o++ = ' ';
    *o++ = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    space = 0;
  }
  out->size = (size_t)(o - out->ptr);
  out->ptr[out->size] = '\0';
  return 0;
}

/* The matching key of NFC text: lowercase, no punctuation, joiners or
 * other format characters, ASCII digits, single spaces. */
int nl_tm_fuzzy__key(nl_buf *out, const char *s, nl_error *err) {
  size_t slen = strlen(s);
  if (nl_utf8__is_ascii(s, slen))
    return ascii_key(out, s, slen, err);
  nl_u16 u = {0};
  int rc = nl_u16__from_utf8(&u, s, slen, 0, err);
  if (rc < 0)
    return rc;
  UChar *low = malloc(((size_t)u.len * 3 + 1) * sizeof(UChar));
  UErrorCode ec = U_ZERO_ERROR;
  int32_t n = low ? u_strToLower(low, u.len * 3 + 1, u.s, u.len, "root", &ec) : 0;
  nl_u16__dispose(&u);
  if (low == NULL || U_FAILURE(ec)) {
    free(low);
    return low ? nl_error__set(err, NL_EICU, NULL, 0, 0, "lowercasing: %s",
                               u_errorName(ec))
               : nl_error__nomem(err);
  }
  int space = 0;
  for (int32_t i = 0; i < n && rc == 0;) {
    UChar32 c;
    U16_NEXT(low, i, n, c);
    int8_t t = (int8_t)u_charType(c);
    if (u_isUWhiteSpace(c) || t == U_SPACE_SEPARATOR) {
      space = out->size > 0;
      continue;
    }
    if (t == U_FORMAT_CHAR || u_ispunct(c) || t == U_CONTROL_CHAR)
      continue;
    if (t == U_DECIMAL_DIGIT_NUMBER)
      c = '0' + u_charDigitValue(c);
    char b[4];
    size_t k = nl_utf8__encode((uint32_t)c, b);
    if ((space && nl_buf__putc(out, ' ') < 0) || nl_buf__put(out, b, k) < 0)
      rc = nl_error__nomem(err);
    space = 0;
  }
  free(low);
  if (rc == 0 && out->ptr == NULL && nl_buf__puts(out, "") < 0)
    rc = nl_error__nomem(err);
  return rc;
}

/* ---- index words ------------------------------------------------------------ */

int nl_tm_fuzzy__words(nl_tm_fuzzy *f, const char *lang, const char *key,
                       nl_buf *out, nl_error *err) {
  if (simple_text(key)) /* the key's spaces already separate its words */
    return nl_buf__puts(out, key) < 0 ? nl_error__nomem(err) : 0;
  nl_u16 u = {0};
  int rc = word_iterator(f, lang) < 0 ? nl_error__set(err, NL_EICU, NULL, 0, 0,
                                                      "ICU word breaks")
                                      : 0;
  if (rc == 0)
    rc = nl_u16__from_utf8(&u, key, strlen(key), 0, err);
  UErrorCode ec = U_ZERO_ERROR;
  if (rc == 0)
    ubrk_setText(f->words, u.s, u.len, &ec);
  int32_t a = rc == 0 ? ubrk_first(f->words) : UBRK_DONE;
  for (int32_t b = rc == 0 ? ubrk_next(f->words) : UBRK_DONE;
       b != UBRK_DONE && rc == 0; a = b, b = ubrk_next(f->words)) {
    if (b - a == 1 && u.s[a] == ' ')
      continue;
    if (out->size && nl_buf__putc(out, ' ') < 0)
      rc = nl_error__nomem(err);
    if (rc == 0)
      rc = nl_u16__to_utf8(out, u.s + a, b - a, err);
  }
  ubrk_setText(f->words, NULL, 0, &ec);
  nl_u16__dispose(&u);
  if (rc == 0 && out->ptr == NULL && nl_buf__puts(out, "") < 0)
    rc = nl_error__nomem(err);
  return rc;
}
