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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uregex.h>

#include <newsloc/segment.h>

#include "error.h"
#include "lang.h"
#include "locales.h"
#include "srx.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

/* Consecutive SRX rules of one kind, compiled as one regex whose every
 * match ends at a position where one of them applies. */
typedef struct rule_block {
  int brk;
  URegularExpression *re;    /* all rules: finds where any may apply */
  URegularExpression **one;  /* each rule: where it applies from there */
  size_t n;
  /* no-break blocks are asked about single positions: rules whose
   * beforebreak can be bounded are tested there at once, as
   * "(?<=BEFORE)(?=AFTER)"; the others (slow) by a window search */
  URegularExpression *at;
  URegularExpression *slow_re;
  URegularExpression **slow;
  size_t nslow;
} rule_block;

struct nl_segmenter {
  char *lang;
  UBreakIterator *bi;
  rule_block *blocks;
  size_t nblocks;
};

/* Positions (UTF-16 indexes) one block matched in the current text. */
typedef struct hits {
  int32_t *at;
  size_t n, cap;
} hits;

/* ---- building ----------------------------------------------------------- */

static int canonical(char *id, size_t cap, const char *lang, nl_error *err) {
  if (!nl_lang__locale_id(id, cap, lang))
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
                   const char *path, const nl_srx_rule *rule, nl_error *err) {
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
  if (U_SUCCESS(ec))
    return 0;
  *re = NULL;
  if (rule)
    return nl_error__set(err, NL_EPARSE, path, rule->line, 0,
                         "rule (beforebreak \"%s\", afterbreak \"%s\"): ICU "
                         "regex error %s at offset %d",
                         rule->before, rule->after, u_errorName(ec),
                         (int)pe.offset);
  return nl_error__set(err, NL_EICU, path, 0, 0, "combined rules: %s",
                       u_errorName(ec));
}

static void block_dispose(rule_block *b) {
  uregex_close(b->re);
  uregex_close(b->at);
  uregex_close(b->slow_re);
  for (size_t i = 0; i < b->n; i++)
    uregex_close(b->one[i]);
  for (size_t i = 0; i < b->nslow; i++)
    uregex_close(b->slow[i]);
  free(b->one);
  free(b->slow);
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

/* Appends "(?<=(?:BEFORE))(?=(?:AFTER))" to `out` (after a '|' when it
 * is not empty) when ICU accepts it as a pattern; returns 1 then, 0 when
 * the rule has no point form, NL_ENOMEM. */
static int add_point_form(nl_buf *out, const nl_srx_rule *r) {
  nl_buf b = NL_BUF_INIT, p = NL_BUF_INIT;
  URegularExpression *re = NULL;
  int rc = bound_pattern(&b, r->before) < 0 ? NL_ENOMEM : 0;
  /* both halves are zero-width, so their order is free: the afterbreak
   * first (a lookahead costs one pass), unless it excludes a list of
   * words, which costs more than a short look-behind that usually fails */
  if (rc == 0 &&
      (strstr(r->after, "(?!") == NULL
           ? nl_buf__printf(&p, "(?=(?:%s))(?<=(?:%s))", r->after, b.ptr)
           : nl_buf__printf(&p, "(?<=(?:%s))(?=(?:%s))", b.ptr, r->after)) < 0)
    rc = NL_ENOMEM;
  if (rc == 0 && compile(&re, p.ptr, NULL, NULL, NULL) == 0) {
    rc = (out->size && nl_buf__putc(out, '|') < 0) ||
                 nl_buf__put(out, p.ptr, p.size) < 0
             ? NL_ENOMEM
             : 1;
  }
  uregex_close(re);
  nl_buf_dispose(&b);
  nl_buf_dispose(&p);
  return rc;
}

static int join_compile(URegularExpression **re, const nl_buf *pat,
                        const char *path, nl_error *err) {
  *re = NULL;
  if (pat->size == 0)
    return 0;
  return compile(re, pat->ptr, path, NULL, err);
}

/* Every rule alone first, so that a bad one is named; then the block. */
static int add_block(nl_segmenter *s, const nl_srx_rule *const *r, size_t n,
                     const char *path, nl_error *err) {
  nl_buf pat = NL_BUF_INIT, one = NL_BUF_INIT, points = NL_BUF_INIT,
         slow = NL_BUF_INIT;
  rule_block b = {r[0]->brk, NULL, calloc(n, sizeof(URegularExpression *)),
                  0, NULL, NULL, calloc(n, sizeof(URegularExpression *)), 0};
  int rc = b.one && b.slow ? 0 : nl_error__nomem(err);
  for (size_t i = 0; i < n && rc == 0; i++) {
    nl_buf__clear(&one);
    rc = put_rule(&one, r[i]) < 0 ? nl_error__nomem(err) : 0;
    if (rc == 0)
      rc = compile(&b.one[b.n], one.ptr, path, r[i], err);
    if (rc == 0)
      b.n++;
    if (rc == 0 && ((i && nl_buf__putc(&pat, '|') < 0) ||
                    nl_buf__put(&pat, one.ptr, one.size) < 0))
      rc = nl_error__nomem(err);
    int point = rc == 0 && !b.brk ? add_point_form(&points, r[i]) : 1;
    if (point < 0)
      rc = nl_error__nomem(err);
    else if (rc == 0 && point == 0) {
      if ((slow.size && nl_buf__putc(&slow, '|') < 0) ||
          nl_buf__put(&slow, one.ptr, one.size) < 0)
        rc = nl_error__nomem(err);
      else
        rc = compile(&b.slow[b.nslow++], one.ptr, path, r[i], err);
    }
  }
  if (rc == 0)
    rc = compile(&b.re, pat.ptr, path, NULL, err);
  if (rc == 0)
    rc = join_compile(&b.at, &points, path, err);
  if (rc == 0)
    rc = join_compile(&b.slow_re, &slow, path, err);
  rule_block *p = rc == 0 ? realloc(s->blocks, (s->nblocks + 1) * sizeof(*p))
                          : NULL;
  if (rc == 0 && p == NULL)
    rc = nl_error__nomem(err);
  if (rc == 0) {
    s->blocks = p;
    s->blocks[s->nblocks++] = b;
  } else {
    block_dispose(&b);
  }
  nl_buf_dispose(&pat);
  nl_buf_dispose(&one);
  nl_buf_dispose(&points);
  nl_buf_dispose(&slow);
  return rc;
}

static int load_rules(nl_segmenter *s, const nl_segmenter_options *o,
                      const char *lang, nl_error *err) {
  nl_buf path = NL_BUF_INIT;
  nl_srx *srx = NULL;
  const nl_srx_rule **r = NULL;
  size_t n = 0;
  int rc = 0;
  if (o && o->srx_path)
    rc = nl_buf__puts(&path, o->srx_path) < 0 ? nl_error__nomem(err) : 0;
  else
    rc = nl_locales__find(&path, o ? o->locales_dir : NULL, "srx/newsloc.srx",
                          err);
  if (rc == 0)
    rc = nl_srx__load(&srx, path.ptr, err);
  if (rc == 0)
    rc = nl_srx__rules_for(srx, lang, &r, &n, err);
  for (size_t i = 0, j; rc == 0 && i < n; i = j) {
    for (j = i + 1; j < n && r[j]->brk == r[i]->brk;)
      j++;
    rc = add_block(s, r + i, j - i, path.ptr, err);
  }
  free(r);
  nl_srx__free(srx);
  nl_buf_dispose(&path);
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
    rc = load_rules(s, opts, lang, err);
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
    block_dispose(&s->blocks[i]);
  free(s->blocks);
  free(s->lang);
  free(s);
}

/* ---- splitting ----------------------------------------------------------- */

static int push_pos(hits *h, int32_t at) {
  if (h->n && h->at[h->n - 1] == at)
    return 0;
  if (h->n == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 16;
    int32_t *p = realloc(h->at, cap * sizeof(*p));
    if (p == NULL)
      return NL_ENOMEM;
    h->at = p;
    h->cap = cap;
  }
  h->at[h->n++] = at;
  return 0;
}

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return x < y ? -1 : x > y;
}

/* Every position where the block's rules apply, ascending. The combined
 * regex finds each place where some rule matches; there every rule is
 * tried on its own, because alternatives starting at the same place may
 * end at different positions and each position counts. */
static int scan(const rule_block *b, const nl_u16 *u, hits *h) {
  UErrorCode ec = U_ZERO_ERROR;
  h->n = 0;
  int32_t from = 0;
  int rc = 0;
  while (rc == 0 && U_SUCCESS(ec) && from <= u->len &&
         uregex_find(b->re, from, &ec)) {
    int32_t at = uregex_start(b->re, 0, &ec);
    for (size_t i = 0; rc == 0 && i < b->n && U_SUCCESS(ec); i++)
      if (uregex_lookingAt(b->one[i], at, &ec))
        rc = push_pos(h, uregex_end(b->one[i], 0, &ec));
    from = at + 1;
  }
  if (rc < 0)
    return rc;
  if (h->n > 0)
    qsort(h->at, h->n, sizeof(*h->at), cmp_i32);
  size_t k = 0;
  for (size_t i = 0; i < h->n; i++)
    if (k == 0 || h->at[i] != h->at[k - 1])
      h->at[k++] = h->at[i];
  h->n = k;
  return 0;
}

static int any_in(const hits *h, int32_t lo, int32_t hi) {
  size_t a = 0, b = h->n;
  while (a < b) { /* first position >= lo */
    size_t m = (a + b) / 2;
    if (h->at[m] < lo)
      a = m + 1;
    else
      b = m;
  }
  return a < h->n && h->at[a] <= hi;
}

static int is_space16(const nl_u16 *u, int32_t i) {
  return u_isUWhiteSpace(u->s[i]) || u->s[i] == 0x200B;
}

/* The space around position p: [*lo, *hi]. */
static void space_around(const nl_u16 *u, int32_t p, int32_t *lo,
                         int32_t *hi) {
  *lo = p;
  while (*lo > 0 && is_space16(u, *lo - 1))
    (*lo)--;
  *hi = p;
  while (*hi < u->len && is_space16(u, *hi))
    (*hi)++;
}

/* Whether a no-break block applies at a position in [lo, hi]. Rules
 * with a point form are tested at each position of the (short) space;
 * the others by a window search before it, where every rule is tried
 * at each place a match starts (alternatives that start together may
 * end apart) and judged on the whole text, as a full scan would. */
static int nobreak_hit(const rule_block *b, const nl_u16 *u, int32_t lo,
                       int32_t hi) {
  enum { REACH = 48 };
  UErrorCode ec = U_ZERO_ERROR;
  for (int32_t e = lo; b->at && e <= hi && U_SUCCESS(ec); e++) {
    uregex_setRegion(b->at, e, u->len, &ec);
    if (uregex_lookingAt(b->at, -1, &ec))
      return 1;
  }
  for (int32_t from = lo > REACH ? lo - REACH : 0;
       b->slow_re && from <= hi;) {
    uregex_setRegion(b->slow_re, from, hi, &ec);
    if (!uregex_findNext(b->slow_re, &ec) || U_FAILURE(ec))
      return 0;
    int32_t st = uregex_start(b->slow_re, 0, &ec);
    for (size_t i = 0; i < b->nslow && U_SUCCESS(ec); i++) {
      uregex_setRegion(b->slow[i], st, u->len, &ec);
      if (uregex_lookingAt(b->slow[i], -1, &ec)) {
        int32_t e = uregex_end(b->slow[i], 0, &ec);
        if (e >= lo && e <= hi)
          return 1;
      }
    }
    from = st + 1;
  }
  return 0;
}

/* The first block that applies in [lo, hi] decides; -1: none. Break
 * blocks were scanned whole (h), no-break blocks are asked here. */
static int decide(const nl_segmenter *s, const nl_u16 *u, const hits *h,
                  int32_t lo, int32_t hi) {
  for (size_t j = 0; j < s->nblocks; j++) {
    const rule_block *b = &s->blocks[j];
    if (b->brk ? any_in(&h[j], lo, hi) : nobreak_hit(b, u, lo, hi))
      return b->brk;
  }
  return -1;
}

static void set_text(nl_segmenter *s, const UChar *t, int32_t len) {
  UErrorCode ec = U_ZERO_ERROR;
  for (size_t j = 0; j < s->nblocks; j++) {
    rule_block *b = &s->blocks[j];
    if (b->brk) {
      uregex_setText(b->re, t, len, &ec);
      for (size_t i = 0; i < b->n; i++)
        uregex_setText(b->one[i], t, len, &ec);
    } else {
      if (b->at)
        uregex_setText(b->at, t, len, &ec);
      if (b->slow_re)
        uregex_setText(b->slow_re, t, len, &ec);
      for (size_t i = 0; i < b->nslow; i++)
        uregex_setText(b->slow[i], t, len, &ec);
    }
  }
}

/* Boundaries after ICU and the rules, sorted, in UTF-16 indexes. */
static int boundaries(nl_segmenter *s, const nl_u16 *u, hits *out,
                      nl_error *err) {
  static const UChar empty[1] = {0};
  hits *h = calloc(s->nblocks + 1, sizeof(*h));
  int rc = h ? 0 : NL_ENOMEM;
  set_text(s, u->s, u->len);
  /* break rules may apply where ICU proposes nothing: scan them whole */
  for (size_t j = 0; rc == 0 && j < s->nblocks; j++)
    if (s->blocks[j].brk)
      rc = scan(&s->blocks[j], u, &h[j]);
  UErrorCode ec = U_ZERO_ERROR;
  ubrk_setText(s->bi, u->s, u->len, &ec);
  for (int32_t b = ubrk_first(s->bi); rc == 0 && b != UBRK_DONE;
       b = ubrk_next(s->bi)) {
    int32_t lo, hi;
    if (b == 0 || b >= u->len)
      continue;
    space_around(u, b, &lo, &hi);
    if (decide(s, u, h, lo, hi) != 0)
      rc = push_pos(out, hi);
  }
  ubrk_setText(s->bi, NULL, 0, &ec);
  for (size_t j = 0; rc == 0 && j < s->nblocks; j++) {
    if (!s->blocks[j].brk)
      continue;
    for (size_t k = 0; rc == 0 && k < h[j].n; k++) {
      int32_t lo, hi;
      space_around(u, h[j].at[k], &lo, &hi);
      if (hi > 0 && hi < u->len && decide(s, u, h, lo, hi) == 1)
        rc = push_pos(out, hi);
    }
  }
  set_text(s, empty, 0); /* u is freed after the split */
  for (size_t j = 0; h && j < s->nblocks; j++)
    free(h[j].at);
  free(h);
  if (rc < 0)
    return nl_error__nomem(err);
  if (out->n > 0)
    qsort(out->at, out->n, sizeof(*out->at), cmp_i32);
  return 0;
}

static int is_space_at(const char *text, size_t len, size_t i, size_t *next) {
  size_t j = i;
  uint32_t c = nl_utf8__next(text, len, &j);
  *next = j;
  return u_isUWhiteSpace((UChar32)c) || c == 0x200B;
}

/* Shrinks [*s, *e) past white space at both ends. */
static void trim(const char *text, size_t len, size_t *s, size_t *e) {
  size_t next;
  while (*s < *e && is_space_at(text, len, *s, &next))
    *s = next;
  while (*e > *s) {
    size_t p = *e - 1;
    while (p > *s && ((unsigned char)text[p] & 0xC0) == 0x80)
      p--;
    if (!is_space_at(text, len, p, &next))
      break;
    *e = p;
  }
}

static int to_ranges(const char *text, size_t len, const nl_u16 *u,
                     const hits *b, nl_range **out, size_t *count,
                     nl_error *err) {
  nl_range *r = malloc((b->n + 2) * sizeof(*r));
  if (r == NULL)
    return nl_error__nomem(err);
  size_t n = 0, prev = 0;
  for (size_t i = 0; i <= b->n; i++) {
    size_t at = i < b->n ? u->map[b->at[i]] : len;
    if (i < b->n && i > 0 && b->at[i] == b->at[i - 1])
      continue;
    size_t s = prev, e = at;
    trim(text, len, &s, &e);
    if (s < e)
      r[n++] = (nl_range){s, e};
    prev = at;
  }
  *out = r;
  *count = n;
  return 0;
}

int nl_segmenter_split(nl_segmenter *s, const char *text, size_t len,
                       nl_range **out, size_t *count, nl_error *err) {
  *out = NULL;
  *count = 0;
  int rc = nl_utf8__check(text, len, NULL, err);
  if (rc < 0)
    return rc;
  nl_u16 u;
  if ((rc = nl_u16__from_utf8(&u, text, len, 1, err)) < 0)
    return rc;
  hits b = {NULL, 0, 0};
  rc = boundaries(s, &u, &b, err);
  if (rc == 0)
    rc = to_ranges(text, len, &u, &b, out, count, err);
  free(b.at);
  nl_u16__dispose(&u);
  return rc;
}
