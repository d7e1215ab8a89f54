/*
 * segment.c - sentence segmentation: ICU proposes, SRX rules decide.
 *
 * ICU's sentence iterator (UAX #29 with the locale's tailoring) is a
 * good general segmenter but knows nothing of newsroom text: it splits
 * after "U.S." in "U.S. President", after initials, and it has no idea
 * that the Tibetan shad or a space in Thai ends a sentence. The SRX
 * rules for the language (locales/srx/newsloc.srx, or the user's file)
 * correct it with SRX semantics: at a position, the first rule whose
 * beforebreak matches the text before and whose afterbreak matches the
 * text after decides; a no-break rule vetoes an ICU boundary, a break
 * rule adds one ICU did not propose.
 *
 * Positions: an ICU boundary sits after the space that follows a
 * sentence, an SRX rule usually before it; a rule decides an ICU
 * boundary when its position falls anywhere in that space.
 *
 * Speed: consecutive rules of the same kind are compiled into one
 * alternation, once per segmenter. No-break rules are only asked about
 * the few positions ICU proposes, in a short window before each; only
 * break rules, which may add a boundary anywhere, scan the paragraph.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uregex.h>

#include <newsloc/segment.h>

#include "error.h"
#include "lang.h"
#include "locales.h"
#include "rx.h"
#include "segment_blob.h"
#include "segment_lexicon.h"
#include "segment_list.h"
#include "segment_pair.h"
#include "segment_scan.h"
#include "srx.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

/* One SRX rule. Matched by nl_rx when it can read both regexes exactly;
 * otherwise ICU judges it, in the point form when ICU can bound the
 * look-behind, else by a search in a window before the position. */
typedef struct rule {
  nl_rx *before, *after;
  URegularExpression *point; /* (?=AFTER)(?<=BEFORE) */
  URegularExpression *one;   /* BEFORE(?=AFTER) */
  unsigned long serial;      /* the paragraph ICU's regexes hold */
  nl_rx_memo *memo[2];       /* nl_rx's, before and after; for memo_serial */
  unsigned long memo_serial;
  unsigned long line;        /* in the SRX file, for messages */
  char *text; /* BEFORE, NUL, AFTER, NUL: for the message, built only
               * when a rule cannot be settled */
} rule;

/* Distances 0..NL_RX_EDGE-1 before the position, then after it. */
enum { BLOCK_MAX = 64, SIDES = 2 * NL_RX_EDGE, CACHE = 256 };

typedef struct masks {
  UChar32 cp;
  uint64_t m[SIDES];
} masks;

/* Consecutive rules of one kind (at most 64, one bit each), with tables
 * of which rules a character allows at each distance from a position:
 * most positions are settled by a few lookups. */
typedef struct rule_block {
  int brk;
  size_t n;
  rule r[BLOCK_MAX];
  uint64_t ascii[SIDES][128];
  uint64_t none[SIDES]; /* rules content with no character there */
  int after_space;      /* some rule's beforebreak can end in white space */
  masks cache[CACHE];   /* other characters, as they are met */
} rule_block;

/* Positions (UTF-16 indexes). */
typedef struct hits {
  int32_t *at;
  size_t n, cap;
} hits;

struct nl_segmenter {
  char *lang;
  UBreakIterator *bi;
  rule_block **blocks;
  size_t nblocks;
  unsigned long serial; /* paragraphs split so far */
  hits bounds;          /* the paragraph's boundaries, reused */
  hits icu;             /* the spaces ICU proposed them in: lo, hi, ... */
  hits proposed;        /* ICU's boundaries, inside the paragraph */
  /* BMP characters some break rule's beforebreak can end with, a bit
   * each: break rules are asked about every position, and this one test
   * dismisses nearly all of them. NULL without break rules. */
  uint8_t *break_opens;
  int text_ascii;
  /* the paragraph's break-rule openings, marks and '1's, found in one
   * pass (set up at the first paragraph) */
  nl_scan scan;
  nl_list_marks lists;  /* the paragraph's list markers, reused */
  nl_pairs pairs;       /* its brackets and quotations, reused */
  UChar *u16;           /* the paragraph in UTF-16, reused */
  int32_t u16cap;
  char *srx_path;       /* where the rules came from, for messages */
  nl_rx_sets *sets;     /* the large sets the rules' regexes share */
  /* the rule that could not be settled, where, and ICU's reason (U_ZERO_ERROR:
   * nl_rx ran out of steps): the paragraph then fails */
  const rule *stuck;
  int32_t stuck_at;
  UErrorCode stuck_ec;
  /* ICU's work on the rules it judges, in its ticks (10,000 matcher
   * steps), against the paragraph's budget: each match has ICU's time
   * limit, and this bounds them all together (see meter_icu) */
  long icu_ticks, icu_budget;
};

/* decide()'s answer when a rule could not be settled */
enum { STUCK = -2 };

/* ---- building ----------------------------------------------------------- */

/* The ICU id for the iterator: a language ICU has no data for gets
 * root's rules, not those of the process locale (Greek's, under
 * LANG=el_GR, would end sentences at ';'). */
static int canonical(char *id, size_t cap, const char *lang, nl_error *err) {
  if (!nl_lang__locale_id(id, cap, lang) ||
      nl_icu__locale(id, cap, lang, NULL) < 0)
    return nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "'%s' is not a valid BCP 47 language tag", lang);
  return 0;
}

/* "(?:BEFORE)(?=(?:AFTER))", the form in which a match ends exactly at
 * the position the rule is about. */
static int put_rule(nl_buf *b, const nl_srx_rule *r) {
  if (nl_buf__puts(b, "(?:") < 0 || nl_buf__puts(b, r->before) < 0 ||
      nl_buf__puts(b, ")") < 0)
    return NL_ENOMEM;
  if (r->after[0] && (nl_buf__puts(b, "(?=(?:") < 0 ||
                      nl_buf__puts(b, r->after) < 0 ||
                      nl_buf__puts(b, "))") < 0))
    return NL_ENOMEM;
  return 0;
}

static int compile(URegularExpression **re, const char *pattern,
                   const char *path, const nl_srx_rule *r, nl_error *err) {
  nl_u16 u = {0};
  int rc = nl_u16__from_utf8(&u, pattern, strlen(pattern), 0, err);
  if (rc < 0)
    return rc;
  UErrorCode ec = U_ZERO_ERROR;
  UParseError pe;
  *re = uregex_open(u.s, u.len, 0, &pe, &ec);
  nl_u16__dispose(&u);
  /* rules look at the whole paragraph even when matched in a window */
  uregex_useTransparentBounds(*re, 1, &ec);
  uregex_useAnchoringBounds(*re, 0, &ec);
  /* a user's rule that backtracks without end must not hang a batch:
   * ICU gives up after about a tenth of a second, the rule then not
   * applying there */
  uregex_setTimeLimit(*re, 100, &ec);
  if (U_SUCCESS(ec))
    return 0;
  *re = NULL;
  if (r)
    return nl_error__set(err, NL_EPARSE, path, r->line, 0,
                         "rule (beforebreak \"%s\", afterbreak \"%s\"): ICU "
                         "regex error %s at offset %d",
                         r->before, r->after, u_errorName(ec),
                         (int)pe.offset);
  return nl_error__set(err, NL_EICU, path, 0, 0, "combined rules: %s",
                       u_errorName(ec));
}

static void rule_dispose(rule *r) {
  nl_rx__free(r->before);
  nl_rx__free(r->after);
  /* only what was opened: the CLI loads ICU's regex library (i18n) on
   * its first call (src/lazy), and a segmenter from the blob has none */
  if (r->point)
    uregex_close(r->point);
  if (r->one)
    uregex_close(r->one);
  nl_rx__memo_free(r->memo[0]);
  nl_rx__memo_free(r->memo[1]);
  free(r->text);
}

static void block_free(rule_block *b) {
  if (b == NULL)
    return;
  for (size_t i = 0; i < b->n; i++)
    rule_dispose(&b->r[i]);
  free(b);
}

/* `p` with every unbounded repetition bounded (* → {0,8}, + → {1,8},
 * {n,} → {n,8}), so that it can stand in an ICU lookbehind. Abbreviations
 * are short; a rule this changes the meaning of is one that looks far
 * back, and such rules lose little. */
static int bound_pattern(nl_buf *out, const char *p) {
  int cls = 0;
  for (size_t i = 0; p[i]; i++) {
    char c = p[i];
    int rc = 0;
    if (c == '\\' && p[i + 1]) {
      rc = nl_buf__put(out, p + i, 2);
      i++;
    } else if (cls) {
      cls += c == '[' ? 1 : c == ']' ? -1 : 0;
      rc = nl_buf__putc(out, c);
    } else if (c == '[') {
      cls = 1;
      rc = nl_buf__putc(out, c);
      if (p[i + 1] == ']' || (p[i + 1] == '^' && p[i + 2] == ']'))
        rc = nl_buf__putc(out, p[++i]); /* a leading ] is literal */
    } else if (c == '*' || c == '+') {
      rc = nl_buf__puts(out, c == '*' ? "{0,8}" : "{1,8}");
    } else if (c == '{' && strchr(p + i, '}')) {
      const char *close = strchr(p + i, '}');
      if (close[-1] == ',') {
        rc = nl_buf__put(out, p + i, (size_t)(close - p - i));
        rc = rc == 0 ? nl_buf__puts(out, "8}") : rc;
        i = (size_t)(close - p);
      } else {
        rc = nl_buf__putc(out, c);
      }
    } else {
      rc = nl_buf__putc(out, c);
    }
    if (rc < 0)
      return NL_ENOMEM;
  }
  return nl_buf__puts(out, "");
}

/* ICU's "(?=(?:AFTER))(?<=(?:BEFORE))", or NULL when ICU cannot bound
 * the look-behind. */
static int point_form(URegularExpression **re, const nl_srx_rule *r) {
  nl_buf b = NL_BUF_INIT, p = NL_BUF_INIT;
  *re = NULL;
  int rc = bound_pattern(&b, r->before) < 0 ? NL_ENOMEM : 0;
  if (rc == 0 && nl_buf__printf(&p, "(?=(?:%s))(?<=(?:%s))", r->after,
                                b.ptr) < 0)
    rc = NL_ENOMEM;
  if (rc == 0 && compile(re, p.ptr, NULL, NULL, NULL) < 0)
    *re = NULL;
  nl_buf_dispose(&b);
  nl_buf_dispose(&p);
  return rc;
}

/* nl_rx's memos for a rule it matches whole. */
static int add_memos(rule *out, nl_error *err) {
  if ((out->memo[0] = nl_rx__memo_new(out->before)) == NULL ||
      (out->memo[1] = nl_rx__memo_new(out->after)) == NULL)
    return nl_error__nomem(err);
  return 0;
}

/* ICU compiles every rule of a user's file, so that a bad one is named
 * with ICU's message; it is kept only for rules nl_rx cannot read. */
static int rule_init(rule *out, const nl_srx_rule *r, const char *path,
                     nl_rx_sets *sets, int trusted, nl_error *err) {
  nl_buf one = NL_BUF_INIT;
  out->line = r->line;
  size_t nb = strlen(r->before) + 1, na = strlen(r->after) + 1;
  if ((out->text = malloc(nb + na)) == NULL)
    return nl_error__nomem(err);
  memcpy(out->text, r->before, nb);
  memcpy(out->text + nb, r->after, na);
  /* The bundled rules are compiled by ICU in the tests (test_rx), so a
   * rule nl_rx reads whole needs no second compilation at start-up,
   * where ICU's took most of the time; a user's rules do, for ICU's
   * error message names what is wrong. */
  if (trusted) {
    int a = nl_rx__compile_with(&out->before, r->before, sets);
    int b = a >= 0 ? nl_rx__compile_with(&out->after, r->after, sets) : 0;
    if (a < 0 || b < 0)
      return nl_error__nomem(err);
    if (out->before && out->after)
      return add_memos(out, err);
    nl_rx__free(out->before);
    nl_rx__free(out->after);
    out->before = out->after = NULL;
  }
  int rc = put_rule(&one, r) < 0 ? nl_error__nomem(err) : 0;
  if (rc == 0)
    rc = compile(&out->one, one.ptr, path, r, err);
  nl_buf_dispose(&one);
  int a = rc == 0 ? nl_rx__compile_with(&out->before, r->before, sets) : 0;
  int b = rc == 0 && a >= 0
              ? nl_rx__compile_with(&out->after, r->after, sets)
              : 0;
  if (a < 0 || b < 0)
    return nl_error__nomem(err);
  if (rc < 0 || (out->before && out->after)) {
    uregex_close(out->one);
    out->one = NULL;
    return rc < 0 ? rc : add_memos(out, err);
  }
  if (point_form(&out->point, r) < 0)
    return nl_error__nomem(err);
  if (out->point) {
    uregex_close(out->one);
    out->one = NULL;
  }
  return 0;
}

/* Rule i allows character c at distance `side` (see SIDES) when its
 * regex may have ended before it or has c in its set there; a rule ICU
 * judges allows anything. */
static int allows(const rule *r, int side, UChar32 c) {
  const nl_rx *rx = side < NL_RX_EDGE ? r->before : r->after;
  if (rx == NULL)
    return 1;
  return nl_rx__edge_allows(rx, side < NL_RX_EDGE ? NL_RX_BACK
                                                  : NL_RX_FORWARD,
                            side % NL_RX_EDGE, c);
}

static void char_masks(const rule_block *b, UChar32 c, uint64_t *m) {
  for (int side = 0; side < SIDES; side++) {
    m[side] = 0;
    for (size_t i = 0; i < b->n; i++)
      if (allows(&b->r[i], side, c))
        m[side] |= (uint64_t)1 << i;
  }
}

static void set_bits(uint8_t *bits, UChar32 lo, UChar32 hi) {
  if (hi > 0xFFFF)
    hi = 0xFFFF;
  for (; lo <= hi && (lo & 7); lo++)
    bits[lo >> 3] |= (uint8_t)(1u << (lo & 7));
  if (hi - lo >= 8) { /* whole bytes in the middle of a large range */
    memset(bits + (lo >> 3), 0xFF, (size_t)((hi + 1 - lo) >> 3));
    lo += (hi + 1 - lo) & ~7;
  }
  for (; lo <= hi; lo++)
    bits[lo >> 3] |= (uint8_t)(1u << (lo & 7));
}

/* Into `opens`: the union of the rules' last characters (any, for a rule
 * ICU judges or one whose beforebreak may be empty); surrogates too when
 * one is past the BMP, the scan reading code units. */
static void open_range(void *opens, UChar32 lo, UChar32 hi) {
  set_bits(opens, lo, hi);
  if (hi >= 0x10000) /* the scan reads code units */
    set_bits(opens, 0xD800, 0xDFFF);
}

static void build_opens(const rule_block *b, uint8_t *opens) {
  for (size_t i = 0; i < b->n; i++) {
    if (b->r[i].before == NULL ||
        nl_rx__edge_each(b->r[i].before, NL_RX_BACK, 0, 0x110000, open_range,
                         opens)) {
      set_bits(opens, 0, 0xFFFF);
      return;
    }
  }
}

/* b->ascii from the ranges of each rule's edge sets: what allows()
 * answers for each ASCII character, without asking it 128 times. */
typedef struct ascii_bit {
  uint64_t *at; /* a side's table */
  uint64_t bit; /* the rule's */
} ascii_bit;

static void ascii_range(void *arg, UChar32 lo, UChar32 hi) {
  const ascii_bit *a = arg;
  for (UChar32 c = lo; c <= hi && c < 128; c++)
    a->at[c] |= a->bit;
}

static void ascii_masks(rule_block *b) {
  for (int side = 0; side < SIDES; side++)
    for (size_t i = 0; i < b->n; i++) {
      const nl_rx *rx = side < NL_RX_EDGE ? b->r[i].before : b->r[i].after;
      ascii_bit a = {b->ascii[side], (uint64_t)1 << i};
      if (rx == NULL ||
          nl_rx__edge_each(rx, side < NL_RX_EDGE ? NL_RX_BACK : NL_RX_FORWARD,
                           side % NL_RX_EDGE, 128, ascii_range, &a))
        ascii_range(&a, 0, 127);
    }
}

static void build_tables(rule_block *b) {
  ascii_masks(b);
  char_masks(b, -1, b->none);
  /* the space in which ICU puts its boundaries is what is_space16 takes */
  for (size_t i = 0; i < b->n && !b->after_space; i++)
    b->after_space = b->r[i].before == NULL ||
                     nl_rx__edge_space(b->r[i].before);
  for (size_t i = 0; i < CACHE; i++)
    b->cache[i].cp = -1;
}

/* A paragraph's budget of ICU ticks: a base, and more with its length.
 * Real rules use a small part of it; a rule that backtracks near ICU's
 * time limit at every position spends it within a few positions, and
 * the match it is in then fails (U_REGEX_STOPPED_BY_CALLER), so the
 * cost of a paragraph stays linear in its length whatever the rules. */
enum { ICU_BUDGET_BASE = 500, ICU_BUDGET_BYTES = 8 };

static UBool icu_meter(const void *ctx, int32_t steps) {
  (void)steps;
  nl_segmenter *s = (nl_segmenter *)(uintptr_t)ctx;
  return ++s->icu_ticks <= s->icu_budget;
}

/* Every regex ICU judges for the block reports its work to `s`. */
static void meter_icu(nl_segmenter *s, rule_block *b) {
  for (size_t i = 0; i < b->n; i++) {
    UErrorCode ec = U_ZERO_ERROR;
    if (b->r[i].point)
      uregex_setMatchCallback(b->r[i].point, icu_meter, s, &ec);
    if (b->r[i].one)
      uregex_setMatchCallback(b->r[i].one, icu_meter, s, &ec);
  }
}

/* A rule loaded from the build-time blob, which it takes over. */
static int rule_take(rule *out, nl_blob_rule *m, nl_error *err) {
  out->line = m->line;
  out->text = m->text;
  out->before = m->before;
  out->after = m->after;
  m->text = NULL;
  m->before = m->after = NULL;
  return add_memos(out, err);
}

/* A block of rules r[0, n) compiled here, or of `made` ones loaded. */
static int add_block(nl_segmenter *s, const nl_srx_rule *const *r,
                     nl_blob_rule *made, size_t n, const char *path,
                     nl_rx_sets *sets, int trusted, nl_error *err) {
  /* all but the cache of other characters zeroed: build_tables marks
   * its entries empty, and most of a block's bytes are there */
  rule_block *b = malloc(sizeof(*b));
  if (b)
    memset(b, 0, offsetof(rule_block, cache));
  int rc = b ? 0 : nl_error__nomem(err);
  for (size_t i = 0; rc == 0 && i < n; i++, b->n++)
    rc = made ? rule_take(&b->r[i], &made[i], err)
              : rule_init(&b->r[i], r[i], path, sets, trusted, err);
  rule_block **p = rc == 0 ? realloc(s->blocks, (s->nblocks + 1) * sizeof(*p))
                           : NULL;
  if (rc == 0 && p == NULL)
    rc = nl_error__nomem(err);
  if (rc < 0) {
    block_free(b);
    return rc;
  }
  b->brk = made ? made[0].brk : r[0]->brk;
  meter_icu(s, b);
  build_tables(b);
  if (b->brk && s->break_opens == NULL &&
      (s->break_opens = calloc(0x10000 / 8, 1)) == NULL) {
    block_free(b);
    return nl_error__nomem(err);
  }
  if (b->brk)
    build_opens(b, s->break_opens);
  s->blocks = p;
  s->blocks[s->nblocks++] = b;
  return 0;
}

/* Rules that name a word list, with the language's list in its place;
 * the copies live in `own` (n entries, freed by the caller). */
static int expand_rules(const nl_srx_rule **r, size_t n, nl_srx_rule *own,
                        const nl_lexicon *lx, const char *path,
                        nl_error *err) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    if (!nl_lexicon__refers(r[i]->before) && !nl_lexicon__refers(r[i]->after))
      continue;
    nl_buf b = NL_BUF_INIT, a = NL_BUF_INIT;
    rc = nl_lexicon__expand(&b, r[i]->before, lx, path, r[i]->line, err);
    if (rc == 0)
      rc = nl_lexicon__expand(&a, r[i]->after, lx, path, r[i]->line,
                              err);
    own[i] = (nl_srx_rule){r[i]->brk, nl_buf__detach(&b), nl_buf__detach(&a),
                           r[i]->line};
    nl_buf_dispose(&b);
    nl_buf_dispose(&a);
    if (rc == 0 && (own[i].before == NULL || own[i].after == NULL))
      rc = nl_error__nomem(err);
    r[i] = &own[i];
  }
  return rc;
}

static void free_own(nl_srx_rule *own, size_t n) {
  for (size_t i = 0; own && i < n; i++) {
    free(own[i].before);
    free(own[i].after);
  }
  free(own);
}

/* The rules compiled at build time (segment_blob.h): 1 when they were
 * loaded, 0 when the rules must be compiled here. */
static int blob_rules(nl_segmenter *s, const char *lang, const char *path,
                      const char *locales_dir, nl_error *err) {
  size_t at, n = 0;
  nl_blob_rule *made = NULL;
  if (!nl_segment_blob__find(&at, lang, path, locales_dir))
    return 0;
  int rc = nl_segment_blob__load(&made, &n, at, s->sets);
  if (rc != 0)
    return rc < 0 ? nl_error__nomem(err) : 0;
  for (size_t i = 0, j; rc == 0 && i < n; i = j) {
    for (j = i + 1; j < n && j - i < BLOCK_MAX && made[j].brk == made[i].brk;)
      j++;
    rc = add_block(s, NULL, made + i, j - i, path, s->sets, 1, err);
  }
  nl_segment_blob__free_rules(made, n);
  return rc < 0 ? rc : 1;
}

int nl_segmenter__rule(const nl_segmenter *s, size_t i, nl_blob_rule *out) {
  for (size_t b = 0; b < s->nblocks; b++) {
    if (i >= s->blocks[b]->n) {
      i -= s->blocks[b]->n;
      continue;
    }
    const rule *r = &s->blocks[b]->r[i];
    if (r->before == NULL || r->after == NULL)
      return -1;
    size_t nb = strlen(r->text) + 1;
    *out = (nl_blob_rule){s->blocks[b]->brk, r->line, r->text,
                          nb + strlen(r->text + nb) + 1, r->before, r->after};
    return 0;
  }
  return 1;
}

static int load_rules(nl_segmenter *s, const nl_segmenter_options *o,
                      const char *lang, const char *id, nl_error *err) {
  nl_buf path = NL_BUF_INIT;
  nl_srx *srx = NULL;
  const nl_srx_rule **r = NULL;
  nl_srx_rule *own = NULL;
  nl_lexicon lx = {NULL, NULL};
  /* NULL: no sharing, still right; the regexes hold its sets, so it
   * lives as long as the segmenter */
  nl_rx_sets *sets = s->sets = nl_rx__sets_new();
  size_t n = 0;
  int rc = 0;
  int trusted = !(o && o->srx_path); /* the bundled file */
  if (!trusted)
    rc = nl_buf__puts(&path, o->srx_path) < 0 ? nl_error__nomem(err) : 0;
  else
    rc = nl_locales__find(&path, o ? o->locales_dir : NULL, "srx/newsloc.srx",
                          err);
  int loaded = rc == 0 && trusted
                   ? blob_rules(s, lang, path.ptr, o ? o->locales_dir : NULL,
                                err)
                   : 0;
  if (loaded < 0)
    rc = loaded;
  if (rc == 0 && !loaded)
    rc = nl_srx__load(&srx, path.ptr, err);
  if (rc == 0 && !loaded)
    rc = nl_srx__rules_for(srx, lang, &r, &n, err);
  if (rc == 0 && n > 0 && (own = calloc(n, sizeof(*own))) == NULL)
    rc = nl_error__nomem(err);
  if (rc == 0 && !loaded)
    rc = nl_lexicon__load(&lx, id, o ? o->locales_dir : NULL, err);
  if (rc == 0 && !loaded)
    rc = expand_rules(r, n, own, &lx, path.ptr, err);
  for (size_t i = 0, j; rc == 0 && i < n; i = j) {
    for (j = i + 1; j < n && j - i < BLOCK_MAX && r[j]->brk == r[i]->brk;)
      j++;
    rc = add_block(s, r + i, NULL, j - i, path.ptr, sets, trusted, err);
  }
  free(r);
  free_own(own, n);
  nl_lexicon__dispose(&lx);
  nl_srx__free(srx);
  s->srx_path = path.ptr; /* the segmenter's to free */
  return rc;
}

int nl_segmenter_new(nl_segmenter **out, const char *lang,
                     const nl_segmenter_options *opts, nl_error *err) {
  *out = NULL;
  if (lang == NULL)
    lang = "en";
  char id[ULOC_FULLNAME_CAPACITY];
  int rc = canonical(id, sizeof(id), lang, err);
  if (rc < 0)
    return rc;
  nl_segmenter *s = calloc(1, sizeof(*s));
  if (s == NULL || (s->lang = nl__strdup(lang)) == NULL) {
    free(s);
    return nl_error__nomem(err);
  }
  /* Not "@ss=standard": ICU 72's suppression filter swallows real
   * boundaries ("O hospital. Ela tem." in pt, "der Minister. Die" in
   * de); the SRX rules carry the abbreviations instead. */
  UErrorCode ec = U_ZERO_ERROR;
  s->bi = ubrk_open(UBRK_SENTENCE, id, NULL, 0, &ec);
  if (U_FAILURE(ec))
    rc = nl_error__set(err, NL_EICU, NULL, 0, 0,
                       "ICU sentence iterator for %s: %s", lang,
                       u_errorName(ec));
  if (rc == 0)
    rc = load_rules(s, opts, lang, id, err);
  if (rc < 0) {
    nl_segmenter_free(s);
    return rc;
  }
  *out = s;
  return 0;
}

void nl_segmenter_free(nl_segmenter *s) {
  if (s == NULL)
    return;
  ubrk_close(s->bi);
  for (size_t i = 0; i < s->nblocks; i++)
    block_free(s->blocks[i]);
  free(s->blocks);
  nl_rx__sets_free(s->sets); /* after the regexes that share its sets */
  free(s->u16);
  free(s->proposed.at);
  free(s->bounds.at);
  free(s->icu.at);
  nl_list__dispose(&s->lists);
  nl_pair__dispose(&s->pairs);
  nl_scan__dispose(&s->scan);
  free(s->break_opens);
  free(s->lang);
  free(s->srx_path);
  free(s);
}

/* ---- deciding a position -------------------------------------------------- */

/* A character past ASCII met for the first time (or evicted): its
 * masks into the block's cache. */
static uint64_t lookup_new(rule_block *b, int side, UChar32 c, masks *m) {
  if (m[1].cp == c)
    return m[1].m[side];
  m[1] = m[0];
  m->cp = c;
  char_masks(b, c, m->m);
  return m->m[side];
}

/* A character past ASCII: its masks from the block's cache. */
static inline uint64_t lookup(rule_block *b, int side, UChar32 c) {
  /* two ways a slot: a text's alphabet lives here without two of its
   * letters evicting each other on every word */
  uint32_t i = (((uint32_t)c * 0x9E3779B1u) >> 16) % CACHE & ~1u;
  masks *m = &b->cache[i];
  return m->cp == c ? m->m[side] : lookup_new(b, side, c, m);
}

/* The characters next to a position, decoded once for all blocks:
 * c[side] as in SIDES, -1 past either end of the text. */
typedef struct around {
  UChar32 c[SIDES];
  int have[2]; /* characters there before, after (up to NL_RX_EDGE) */
} around;

static void around_at(around *a, const UChar *s, int32_t len, int32_t e) {
  _Static_assert(NL_RX_EDGE == 4, "four units each side");
#ifdef __SSE2__
  if (e >= NL_RX_EDGE && len - e >= NL_RX_EDGE) {
    /* inside the text and no surrogate near: a unit is a character,
     * those before the position nearest first */
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + e - 4));
    __m128i sur =
        _mm_cmpeq_epi16(_mm_and_si128(x, _mm_set1_epi16((short)0xF800)),
                        _mm_set1_epi16((short)0xD800));
    if (_mm_movemask_epi8(sur) == 0) {
      __m128i back = _mm_shufflelo_epi16(x, _MM_SHUFFLE(0, 1, 2, 3));
      _mm_storeu_si128((__m128i *)(void *)a->c,
                       _mm_unpacklo_epi16(back, _mm_setzero_si128()));
      _mm_storeu_si128((__m128i *)(void *)(a->c + NL_RX_EDGE),
                       _mm_unpackhi_epi16(x, _mm_setzero_si128()));
      a->have[0] = a->have[1] = NL_RX_EDGE;
      return;
    }
  }
#endif
  int32_t j = e;
  a->have[0] = a->have[1] = 0;
  for (int i = 0; i < NL_RX_EDGE; i++) {
    a->c[i] = -1;
    if (j > 0) {
      U16_PREV(s, 0, j, a->c[i]);
      a->have[0]++;
    }
  }
  j = e;
  for (int i = 0; i < NL_RX_EDGE; i++) {
    a->c[NL_RX_EDGE + i] = -1;
    if (j < len) {
      U16_NEXT(s, j, len, a->c[NL_RX_EDGE + i]);
      a->have[1]++;
    }
  }
}

/* The rules of `b` the characters around a position allow; the nearest
 * first, on both sides, as they reject most. */
static inline uint64_t side_mask(rule_block *b, const around *a, int side) {
  UChar32 c = a->c[side];
  if ((uint32_t)c < 128)
    return b->ascii[side][c];
  return c < 0 ? b->none[side] : lookup(b, side, c);
}

static uint64_t candidates(rule_block *b, const around *a) {
  /* the tables hold bits of the block's rules only */
  uint64_t m = side_mask(b, a, 0);
  for (int i = 0; i < NL_RX_EDGE && m; i++) {
    m &= side_mask(b, a, NL_RX_EDGE + i);
    if (m && i + 1 < NL_RX_EDGE)
      m &= side_mask(b, a, i + 1);
  }
  return m;
}

/* ICU's answer for a rule nl_rx cannot read. */
static int icu_at(nl_segmenter *sg, rule *r, const UChar *s,
                  int32_t len, int32_t e) {
  enum { REACH = 48 };
  UErrorCode ec = U_ZERO_ERROR;
  URegularExpression *re = r->point ? r->point : r->one;
  if (r->serial != sg->serial) {
    uregex_setText(re, s, len, &ec);
    r->serial = sg->serial;
  }
  int hit = 0;
  if (r->point) {
    uregex_setRegion(re, e, len, &ec);
    hit = uregex_lookingAt(re, -1, &ec);
  }
  /* no point form: a match that ends at e, found from its start */
  for (int32_t from = e > REACH ? e - REACH : 0;
       !r->point && from <= e && U_SUCCESS(ec);) {
    uregex_setRegion(re, from, len, &ec);
    if (!uregex_findNext(re, &ec) || U_FAILURE(ec))
      break;
    int32_t st = uregex_start(re, 0, &ec);
    if (st > e)
      break;
    if (uregex_end(re, 0, &ec) == e) {
      hit = 1;
      break;
    }
    from = st + 1;
  }
  if (U_FAILURE(ec)) { /* a time limit, a stack overflow: no answer */
    sg->stuck_ec = ec;
    return -1;
  }
  return hit;
}

/* 1 the rule applies at e, 0 not, -1 it could not be settled (recorded
 * in sg->stuck): neither answer would be honest, the paragraph fails. */
static int rule_at(nl_segmenter *sg, rule *r, const around *ar,
                   const UChar *s, int32_t len, int32_t e) {
  if (r->before && r->after) {
    if (!nl_rx__may(r->before, NL_RX_BACK, ar->c, ar->have[0]) ||
        !nl_rx__may(r->after, NL_RX_FORWARD, ar->c + NL_RX_EDGE, ar->have[1]))
      return 0;
    if (r->memo_serial != sg->serial) {
      nl_rx__memo_reset(r->memo[0]);
      nl_rx__memo_reset(r->memo[1]);
      r->memo_serial = sg->serial;
    }
    /* the beforebreak first: an abbreviation list rejects at once what
     * an afterbreak about the next word would read a word of first */
    int b = nl_rx__at(r->before, NL_RX_BACK, s, len, e, r->memo[0]);
    int a = b ? nl_rx__at(r->after, NL_RX_FORWARD, s, len, e, r->memo[1]) : 0;
    if (a == 0 || b == 0)
      return 0;
    if (a == 1 && b == 1)
      return 1;
    if (r->one == NULL && r->point == NULL) {
      sg->stuck = r;
      sg->stuck_at = e;
      sg->stuck_ec = U_ZERO_ERROR;
      return -1;
    }
  }
  int hit = icu_at(sg, r, s, len, e);
  if (hit < 0) {
    sg->stuck = r;
    sg->stuck_at = e;
  }
  return hit;
}

/* Whether a rule of `b` applies at e; -1 when one could not be settled. */
static int block_at(nl_segmenter *sg, rule_block *b, const around *a,
                    const UChar *s, int32_t len, int32_t e) {
  uint64_t m = candidates(b, a);
  for (size_t i = 0; m; i++, m >>= 1) {
    int hit = (m & 1) ? rule_at(sg, &b->r[i], a, s, len, e) : 0;
    if (hit != 0)
      return hit;
  }
  return 0;
}

/* ---- splitting ----------------------------------------------------------- */

/* Room for `more` positions after the last. */
static int reserve(hits *h, size_t more) {
  if (h->n + more <= h->cap)
    return 0;
  size_t cap = h->cap ? h->cap * 2 : 16;
  int32_t *p = realloc(h->at, cap * sizeof(*p));
  if (p == NULL)
    return NL_ENOMEM;
  h->at = p;
  h->cap = cap;
  return 0;
}

static int push_pos(hits *h, int32_t at) {
  if (h->n && h->at[h->n - 1] == at)
    return 0;
  if (reserve(h, 1) < 0)
    return NL_ENOMEM;
  h->at[h->n++] = at;
  return 0;
}

/* Appends lo and hi, even when equal to the last (push_pos would not). */
static int push_pair(hits *h, int32_t lo, int32_t hi) {
  if (reserve(h, 2) < 0)
    return NL_ENOMEM;
  h->at[h->n++] = lo;
  h->at[h->n++] = hi;
  return 0;
}

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return x < y ? -1 : x > y;
}

/* White space as the whole library has it (nl_utf8__is_space: all of
 * it is in the BMP, so a UTF-16 unit is enough). */
static int is_space16(UChar c) {
  if (c < 0x80) /* as nl_utf8__is_space, without a call */
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
  return nl_utf8__is_space(c);
}

/* The space around position p: [*lo, *hi]. */
static void space_around(const UChar *s, int32_t len, int32_t p, int32_t *lo,
                         int32_t *hi) {
  *lo = p;
  while (*lo > 0 && is_space16(s[*lo - 1]))
    (*lo)--;
  *hi = p;
  while (*hi < len && is_space16(s[*hi]))
    (*hi)++;
}

/* The first block with a rule that applies somewhere in [lo, hi]
 * decides: 1 break, 0 no break, -1 no rule applies, STUCK. */
static int decide(nl_segmenter *sg, const UChar *s, int32_t len,
                  int32_t lo, int32_t hi) {
  enum { NEAR = 8 }; /* positions whose characters are kept */
  around a[NEAR], far;
  int32_t kept = -1; /* a[0..kept] are filled */
  for (size_t j = 0; j < sg->nblocks; j++) {
    rule_block *b = sg->blocks[j];
    int32_t last = b->after_space ? hi : lo;
    for (int32_t e = lo; e <= last; e++) {
      around *at = e - lo < NEAR ? &a[e - lo] : &far;
      if (at == &far || e - lo > kept)
        around_at(at, s, len, e);
      if (at != &far && e - lo > kept)
        kept = e - lo;
      int hit = block_at(sg, b, at, s, len, e);
      if (hit != 0)
        return hit < 0 ? STUCK : b->brk;
    }
  }
  return -1;
}

/* Break rules may apply where ICU proposes nothing: every position
 * some break rule can end at is asked. */
static int added_breaks(nl_segmenter *sg, const UChar *s, int32_t len,
                        const hits *icu, hits *out) {
  const nl_scan_list *opens = &sg->scan.list[NL_SCAN_OPEN];
  size_t k = 0;
  for (size_t o = 0; o < opens->n && opens->at[o] + 1 < len; o++) {
    int32_t p = opens->at[o] + 1; /* after a character some can end with */
    /* the spaces where ICU proposed a boundary were decided already,
     * break rules included (icu: their ends, lo and hi, ascending) */
    while (k < icu->n && icu->at[k + 1] < p)
      k += 2;
    if (k < icu->n && icu->at[k] <= p)
      continue;
    around a;
    around_at(&a, s, len, p);
    for (size_t j = 0; j < sg->nblocks; j++) {
      int32_t lo, hi;
      int hit = sg->blocks[j]->brk ? block_at(sg, sg->blocks[j], &a, s, len, p)
                                   : 0;
      if (hit < 0)
        return STUCK;
      if (hit == 0)
        continue;
      space_around(s, len, p, &lo, &hi);
      int d = hi > 0 && hi < len ? decide(sg, s, len, lo, hi) : 0;
      if (d == STUCK)
        return STUCK;
      if (d == 1 && push_pos(out, hi) < 0)
        return NL_ENOMEM;
      break;
    }
  }
  return 0;
}

/* Whether p falls after a marker's start and up to its item's text
 * (markers are in order and do not overlap). */
static int in_marker(const nl_list_marks *l, int32_t p) {
  _Static_assert(offsetof(nl_list_mark, start) == 0 &&
                     offsetof(nl_list_mark, body) == sizeof(int32_t),
                 "nl_pair__covers reads start and body");
  return nl_pair__covers(l->at, l->n, sizeof(*l->at), p);
}

/* Lists settle their own markers: each item after a list's first starts
 * a unit at its marker, and nothing breaks between a marker and its
 * item's text ("2. | The second item"). */
static int list_items(nl_segmenter *sg, const UChar *s, int32_t len,
                      hits *out) {
  sg->lists.n = 0;
  const nl_scan_list *ones = &sg->scan.list[NL_SCAN_ONE];
  if (nl_list__scan(s, len, ones->at, ones->n, &sg->lists) < 0)
    return NL_ENOMEM;
  if (sg->lists.n == 0)
    return 0;
  size_t k = 0;
  for (size_t i = 0; i < out->n; i++)
    if (!in_marker(&sg->lists, out->at[i]))
      out->at[k++] = out->at[i];
  out->n = k;
  for (size_t m = 0; m < sg->lists.n; m++)
    if (!sg->lists.at[m].first && push_pos(out, sg->lists.at[m].start) < 0)
      return NL_ENOMEM;
  return 0;
}

/* No boundary inside a bracket pair, or inside a quotation that an
 * attribution or a citation shows to be part of a sentence. */
static int within_pairs(nl_segmenter *sg, const UChar *s, int32_t len,
                        hits *out) {
  const nl_scan_list *marks = &sg->scan.list[NL_SCAN_MARK];
  if (nl_pair__scan(s, len, marks->at, marks->n, &sg->pairs) < 0)
    return NL_ENOMEM;
  size_t k = 0;
  for (size_t i = 0; i < out->n; i++)
    if (!nl_pair__inside(&sg->pairs, out->at[i]))
      out->at[k++] = out->at[i];
  out->n = k;
  return 0;
}

/* A rule that could not be settled at a position is an error naming the
 * rule, the position and the paragraph: taking it as applying (or not)
 * would split a paragraph at every space, or at none, without a word. */
static int stuck_error(const nl_segmenter *sg, const UChar *s, int32_t len,
                       nl_error *err) {
  enum { SHOWN = 16 }; /* code units of the paragraph quoted */
  int32_t chars = 0, shown = len < SHOWN ? len : SHOWN;
  for (int32_t i = 0; i < sg->stuck_at; i++)
    chars += !U16_IS_TRAIL(s[i]);
  if (shown < len && U16_IS_LEAD(s[shown - 1]))
    shown--;
  nl_buf head = NL_BUF_INIT;
  if (nl_u16__to_utf8(&head, s, shown, err) < 0)
    return NL_ENOMEM;
  const rule *r = sg->stuck;
  /* what and where first, the rule's text (the longest part) last */
  int rc = nl_error__set(
      err, NL_EINVAL, sg->srx_path, r->line, 0,
      "rule at %s:%lu cannot be settled at character %ld of the paragraph "
      "\"%s%s\" (%s): beforebreak \"%s\", afterbreak \"%s\"",
      sg->srx_path ? sg->srx_path : "?", r->line, (long)chars,
      head.ptr ? head.ptr : "", shown < len ? "..." : "",
      sg->stuck_ec == U_ZERO_ERROR ? "out of matching steps"
                                   : u_errorName(sg->stuck_ec),
      r->text, r->text + strlen(r->text) + 1);
  nl_buf_dispose(&head);
  return rc;
}

/* Boundaries after ICU and the rules, sorted, in UTF-16 indexes. */
static int ascending(const hits *h) {
  for (size_t i = 1; i < h->n; i++)
    if (h->at[i] < h->at[i - 1])
      return 0;
  return 1;
}

static int boundaries(nl_segmenter *sg, const UChar *s, int32_t len,
                      hits *out, nl_error *err) {
  int rc = 0;
  UErrorCode ec = U_ZERO_ERROR;
  sg->icu.n = 0;
  if (!sg->scan.ready)
    nl_scan__prepare(&sg->scan, sg->break_opens);
  if (nl_scan__run(&sg->scan, s, len, sg->text_ascii) < 0)
    return nl_error__nomem(err);
  /* ICU's boundaries first, then the rules on each: ICU's iterator and
   * the rules' code each run on without the other evicting its
   * branch history and cache lines at every sentence */
  ubrk_setText(sg->bi, s, len, &ec);
  sg->proposed.n = 0;
  for (int32_t b = ubrk_first(sg->bi); rc == 0 && b != UBRK_DONE;
       b = ubrk_next(sg->bi))
    if (b > 0 && b < len)
      rc = push_pos(&sg->proposed, b);
  for (size_t i = 0; rc == 0 && i < sg->proposed.n; i++) {
    int32_t lo, hi, b = sg->proposed.at[i];
    space_around(s, len, b, &lo, &hi);
    int d = decide(sg, s, len, lo, hi);
    if (d == STUCK)
      rc = STUCK;
    else if (d != 0)
      rc = push_pos(out, hi);
    if (rc == 0 && sg->break_opens)
      rc = push_pair(&sg->icu, lo, hi);
  }
  if (rc == 0 && sg->break_opens)
    rc = added_breaks(sg, s, len, &sg->icu, out);
  if (rc == STUCK)
    return stuck_error(sg, s, len, err);
  if (rc == 0)
    rc = list_items(sg, s, len, out);
  if (rc == 0)
    rc = within_pairs(sg, s, len, out);
  if (rc < 0)
    return nl_error__nomem(err);
  /* ICU's are in order; added breaks and list markers come after them,
   * and the list and pair filters may have taken as many out as were
   * added, so the count alone does not tell */
  if (!ascending(out))
    qsort(out->at, out->n, sizeof(*out->at), cmp_i32);
  return 0;
}

/* Units after a paragraph in the UTF-16 buffer, zeroed, that byte_at
 * may read (and ignore) past its end. */
enum { U16_SLACK = 8 };

/* Byte offset of UTF-16 position `to`, counting on from unit *u at
 * byte *b: the UTF-8 length unit by unit (a surrogate counts 2, so a
 * pair makes the 4 bytes of its character). */
static size_t byte_at(const UChar *s, int32_t to, int32_t *u, size_t *b) {
  size_t add = (size_t)(to - *u); /* a byte each, and the extra ones: */
#ifdef __SSE2__
  /* eight units a step, the last one's lanes from `to` on masked off
   * (U16_SLACK): 1 more from U+0080, 1 more from U+0800 unless a
   * surrogate; lanes count down by -1 per extra byte (at most 2 a step,
   * so 16 bits hold 16,000 steps) */
  const __m128i bias = _mm_set1_epi16((short)0x8000);
  const __m128i from80 = _mm_set1_epi16((short)(0x7F ^ 0x8000));
  const __m128i from800 = _mm_set1_epi16((short)(0x7FF ^ 0x8000));
  const __m128i lane = _mm_setr_epi16(0, 1, 2, 3, 4, 5, 6, 7);
  while (*u < to) {
    __m128i acc = _mm_setzero_si128();
    for (int k = 0; k < 16000 && *u < to; k++) {
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + *u));
      __m128i xb = _mm_xor_si128(x, bias);
      __m128i sur =
          _mm_cmpeq_epi16(_mm_and_si128(x, _mm_set1_epi16((short)0xF800)),
                          _mm_set1_epi16((short)0xD800));
      __m128i more = _mm_add_epi16(
          _mm_cmpgt_epi16(xb, from80),
          _mm_andnot_si128(sur, _mm_cmpgt_epi16(xb, from800)));
      int32_t left = to - *u;
      if (left < 8) {
        more = _mm_and_si128(
            more, _mm_cmpgt_epi16(_mm_set1_epi16((short)left), lane));
        *u = to;
      } else {
        *u += 8;
      }
      acc = _mm_add_epi16(acc, more);
    }
    /* the lanes' sum, in pairs, then halves */
    __m128i sum = _mm_madd_epi16(acc, _mm_set1_epi16(-1));
    sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, 0x4E));
    sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, 0xB1));
    add += (size_t)_mm_cvtsi128_si32(sum);
  }
#endif
  for (; *u < to; (*u)++) {
    unsigned c = s[*u];
    add += (c >= 0x80) + ((c >= 0x800) & ((c & 0xF800) != 0xD800));
  }
  return *b += add;
}

/* Sentences between boundaries, trimmed of white space, as byte ranges. */
static int to_ranges(size_t len, const UChar *s, int32_t ulen, const hits *b,
                     nl_range **out, size_t *count, nl_error *err) {
  nl_range *r = malloc((b->n + 1) * sizeof(*r));
  if (r == NULL)
    return nl_error__nomem(err);
  size_t n = 0, bytes = 0;
  int32_t prev = 0, u = 0;
  int ascii = (size_t)ulen == len; /* then offsets are the same */
  for (size_t i = 0; i <= b->n; i++) {
    int32_t at = i < b->n ? b->at[i] : ulen, st = prev, en = at;
    if (at == prev && i < b->n)
      continue;
    while (st < en && is_space16(s[st]))
      st++;
    while (en > st && is_space16(s[en - 1]))
      en--;
    if (st < en) {
      r[n].start = ascii ? (size_t)st : byte_at(s, st, &u, &bytes);
      r[n].end = ascii ? (size_t)en : byte_at(s, en, &u, &bytes);
      n++;
    }
    prev = at;
  }
  *out = r;
  *count = n;
  return 0;
}

/* The paragraph into the segmenter's UTF-16 buffer, checked on the way;
 * only a failure pays for finding the position. */
static int to_u16(nl_segmenter *sg, const char *text, size_t len,
                  int32_t *ulen, nl_error *err) {
  if (len >= (size_t)INT32_MAX / 2)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "text too long for ICU");
  if ((size_t)sg->u16cap < len + U16_SLACK) {
    int32_t cap = (int32_t)(len + U16_SLACK > 256 ? len + U16_SLACK : 256);
    UChar *u = realloc(sg->u16, (size_t)cap * sizeof(UChar));
    if (u == NULL)
      return nl_error__nomem(err);
    sg->u16 = u;
    sg->u16cap = cap;
  }
  int64_t n = nl_utf8__to_utf16(text, len, (uint16_t *)sg->u16);
  if (n >= 0) {
    *ulen = (int32_t)n;
    memset(sg->u16 + n, 0, U16_SLACK * sizeof(UChar));
    return 0;
  }
  int rc = nl_utf8__check(text, len, NULL, err);
  return rc < 0 ? rc : nl_error__set(err, NL_EUTF8, NULL, 0, 0, "invalid UTF-8");
}

int nl_segmenter_split(nl_segmenter *s, const char *text, size_t len,
                       nl_range **out, size_t *count, nl_error *err) {
  *out = NULL;
  *count = 0;
  int32_t ulen = 0;
  int rc = to_u16(s, text, len, &ulen, err);
  if (rc < 0)
    return rc;
  s->serial++;
  s->icu_ticks = 0;
  s->icu_budget = ICU_BUDGET_BASE + (long)(len / ICU_BUDGET_BYTES);
  s->bounds.n = 0;
  s->text_ascii = (size_t)ulen == len; /* one unit a byte */
  rc = boundaries(s, s->u16, ulen, &s->bounds, err);
  if (rc == 0)
    rc = to_ranges(len, s->u16, ulen, &s->bounds, out, count, err);
  return rc;
}
