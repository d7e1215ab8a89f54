/*
 * check_bidi.c - bidi controls and display-order hazards.
 *
 * The Trojan Source attack (CVE-2021-42574) hides text behind overrides
 * and isolates whose scope runs past where a reader thinks it ends: to
 * the end of a line in code, past a segment or element in our files. A
 * control is judged by its scope: never closed in its run, closed
 * without being opened, or open across an element boundary. Embeddings
 * and overrides are reported wherever they are (isolates and markup do
 * their job without reordering text by force).
 *
 * The display order is judged by the localizer's oracle (bidi.c, over
 * ICU's ubidi), so that check and merge agree: a run of the other
 * direction ("10 km" in Persian) that shows otherwise than it would
 * isolated, a bracket pair split by an isolate, a Latin name that
 * would set a Persian paragraph's direction.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/ubidi.h>
#include <unicode/uchar.h>

#include <newsloc/io.h>

#include "bidi.h"
#include "check_internal.h"
#include "error.h"
#include "util/utf8.h"

#define MAX_OPEN 64

/* (bitwise: no branch on the character) */
static inline int is_control(uint32_t c) {
  return (c - 0x202Au <= 4u) | (c - 0x2066u <= 3u);
}

int nl_chk__bidi_control(uint32_t c) { return is_control(c); }

static int is_isolate(uint32_t c) { return c >= 0x2066 && c <= 0x2068; }

typedef struct opened {
  uint32_t cp;
  size_t at;
  int crossed;
} opened;

static int unclosed(nl_check_ctx *c, const nl_run *r, const opened *o) {
  return nl_chk__emit(c, "bidi-unbalanced", r, o->at, (long)o->cp,
                      "%s is never closed in its %s: it reorders what "
                      "follows it, past the end of the %s",
                      NL_CHK_NAME, r->attr ? "attribute" : "segment",
                      r->attr ? "value" : "element");
}

static int stray(nl_check_ctx *c, const nl_run *r, size_t at, uint32_t cp) {
  return nl_chk__emit_name(c, "bidi-unbalanced", r, at, (long)cp,
                           "%s closes nothing opened in its segment: its "
                           "opener is elsewhere, or was removed");
}

static int opener(nl_check_ctx *c, const nl_run *r, size_t at, uint32_t cp) {
  if (cp != 0x202A && cp != 0x202B && cp != 0x202D && cp != 0x202E)
    return 0;
  if (cp == 0x202D || cp == 0x202E)
    return nl_chk__emit_name(c, "bidi-override", r, at, (long)cp,
                             "%s forces the display order of the text after it "
                             "(Trojan Source): use markup or isolates");
  if (cp == 0x202A || cp == 0x202B)
    return nl_chk__emit_name(c, "bidi-embedding", r, at, (long)cp,
                             "%s: embeddings are deprecated, use isolates "
                             "(U+2066..U+2069) or dir markup");
  return 0;
}

/* Inline tags between an open control and `upto` mean its scope spans
 * an element boundary. */
static int crossings(nl_check_ctx *c, const nl_run *r, opened *st, size_t n,
                     size_t *tag, size_t upto) {
  for (; *tag < r->ntags && r->tags[*tag] < upto; (*tag)++)
    for (size_t k = 0; k < n; k++) {
      if (st[k].crossed || r->tags[*tag] <= st[k].at)
        continue;
      st[k].crossed = 1;
      int rc =
          nl_chk__emit_name(c, "bidi-crosses-tag", r, st[k].at, (long)st[k].cp,
                            "%s is still open at an element boundary: its "
                            "scope spans markup");
      if (rc < 0)
        return rc;
    }
  return 0;
}

static int pop(nl_check_ctx *c, const nl_run *r, opened *st, size_t *n,
               size_t at, uint32_t cp) {
  size_t k = *n;
  if (cp == 0x202C) { /* PDF closes an embedding or override, not isolates */
    if (k == 0 || is_isolate(st[k - 1].cp))
      return stray(c, r, at, cp);
    (*n)--;
    return 0;
  }
  while (k > 0 && !is_isolate(st[k - 1].cp))
    k--;
  if (k == 0)
    return stray(c, r, at, cp);
  *n = k - 1; /* PDI also ends the embeddings opened inside the isolate */
  return 0;
}

/* Where the next bidi control at or after `i` starts (len: none). The
 * controls are E2 80 AA..AE and E2 81 A6..A9: only E2 is looked for,
 * the character there read as nl_utf8__next reads three bytes (the
 * low six bits of the two after it, also on broken UTF-8), and the scan
 * goes on after those three bytes. */
static size_t next_control(const char *s, size_t len, size_t i) {
  while (i < len) {
    const char *e2 = memchr(s + i, 0xE2, len - i);
    if (e2 == NULL)
      return len;
    size_t at = (size_t)(e2 - s);
    if (at + 3 > len)
      return len; /* (cut off: no control, and no E2 after it) */
    const unsigned char *u = (const unsigned char *)e2;
    if (nl_chk__bidi_control(0x2000u | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu)))
      return at;
    i = at + 3;
  }
  return len;
}

/* The bidi controls of a run of 16 to 64 bytes as a mask (bit k: one
 * starts at byte k): what next_control() finds from 0 on, step by step.
 * Its E2 bytes from four 16-byte loads (the last ones overlapping),
 * each then read as next_control reads it, into the mask without a
 * branch: the loop over the E2 bytes is the only one on the text. 0 when it cannot answer: another length, no
 * SSE2, or two E2 bytes less than three apart (broken UTF-8:
 * next_control steps over the second). */
static int controls64(const char *s, size_t len, uint64_t *ctrl) {
#ifdef __SSE2__
  if (len < 16 || len > 64)
    return 0;
  uint64_t e2 = 0, m = 0;
  for (size_t k = 0; k < 64; k += 16) {
    size_t off = k + 16 <= len ? k : len - 16;
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + off));
    e2 |= (uint64_t)(unsigned)_mm_movemask_epi8(
              _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE2)))
          << off;
  }
  if (e2 & (e2 >> 1 | e2 >> 2))
    return 0;
  /* (an E2 in the last two bytes: cut off, no control) */
  e2 &= (1ull << (len - 2)) - 1;
  const unsigned char *u = (const unsigned char *)s;
  for (; e2; e2 &= e2 - 1) {
    size_t at = (size_t)__builtin_ctzll(e2);
    uint32_t cp = 0x2000u | (u[at + 1] & 0x3Fu) << 6 | (u[at + 2] & 0x3Fu);
    m |= (uint64_t)is_control(cp) << at;
  }
  *ctrl = m;
  return 1;
#else
  (void)s;
  (void)len;
  (void)ctrl;
  return 0;
#endif
}

size_t nl_chk__bidi_controls(const char *s, size_t len, int fast, size_t *at,
                             size_t max) {
  size_t n = 0;
  uint64_t m = 0;
  if (fast && controls64(s, len, &m)) {
    for (; m && n < max; m &= m - 1)
      at[n++] = (size_t)__builtin_ctzll(m);
    return n;
  }
  for (size_t i = 0; n < max && (i = next_control(s, len, i)) < len; i += 3)
    at[n++] = i;
  return n;
}

/* The control at byte `at` of the run: findings, and the stack. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int control(nl_check_ctx *c, const nl_run *r, opened *st,
                          size_t *n, size_t *tag, size_t at) {
  const unsigned char *u = (const unsigned char *)r->text + at;
  uint32_t cp = 0x2000u | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
  /* (most runs hold no inline tag: no call) */
  int rc = *tag < r->ntags ? crossings(c, r, st, *n, tag, at) : 0;
  if (rc == 0)
    rc = opener(c, r, at, cp);
  if (rc < 0)
    return rc;
  if (cp == 0x202C || cp == 0x2069)
    return pop(c, r, st, n, at, cp);
  if (*n < MAX_OPEN) {
    st[*n].cp = cp;
    st[*n].at = at;
    st[*n].crossed = 0;
    (*n)++;
  }
  return 0;
}

int nl_chk__bidi(nl_check_ctx *c, const nl_run *r) {
  opened st[MAX_OPEN];
  size_t n = 0, tag = 0;
  int rc = 0;
  uint64_t m = 0;
  if (controls64(r->text, r->len, &m)) { /* (most runs: a paragraph) */
    for (; rc == 0 && m; m &= m - 1)
      rc = control(c, r, st, &n, &tag, (size_t)__builtin_ctzll(m));
  } else {
    for (size_t i = 0;
         rc == 0 && (i = next_control(r->text, r->len, i)) < r->len; i += 3)
      rc = control(c, r, st, &n, &tag, i);
  }
  if (rc == 0 && tag < r->ntags)
    rc = crossings(c, r, st, n, &tag, r->len);
  for (size_t k = 0; rc == 0 && k < n; k++)
    rc = unclosed(c, r, &st[k]);
  return rc;
}

int nl_chk__bidi_dir(nl_check_ctx *c, const char *lang, const char *dir,
                     size_t dir_len, size_t off) {
  if (lang == NULL || *lang == '\0' || dir_len != 3)
    return 0;
  int says_rtl = strncasecmp(dir, "rtl", 3) == 0;
  int says_ltr = strncasecmp(dir, "ltr", 3) == 0;
  int rtl = nl_lang_is_rtl(lang);
  if ((says_rtl && !rtl) || (says_ltr && rtl))
    return nl_chk__emit_raw(c, "bidi-dir-mismatch", off, -1,
                            "dir=\"%s\" on text in '%s', which is written %s",
                            says_rtl ? "rtl" : "ltr", lang,
                            rtl ? "right to left" : "left to right");
  return 0;
}

/* ---- display order ------------------------------------------------------ */

/* A closing bracket before any opening one, whose partner follows: in
 * right-to-left text brackets are mirrored, so ")x(" was typed as it
 * looked. */
static int brackets(nl_check_ctx *c, const nl_run *r) {
  size_t close_at = (size_t)-1;
  uint32_t close_cp = 0;
  uint32_t st[32];
  size_t n = 0;
  for (size_t i = 0; i < r->len;) {
    size_t at = i;
    uint32_t cp = nl_utf8__next(r->text, r->len, &i);
    UBidiPairedBracketType t = (UBidiPairedBracketType)u_getIntPropertyValue(
        (UChar32)cp, UCHAR_BIDI_PAIRED_BRACKET_TYPE);
    if (t == U_BPT_OPEN) {
      if (close_cp && (uint32_t)u_getBidiPairedBracket((UChar32)cp) == close_cp) {
        return nl_chk__emit_name(c, "bidi-bracket-reversed", r, close_at,
                                 (long)close_cp,
                                 "%s comes before its opening bracket: typed "
                                 "in display order; in right-to-left text type "
                                 "the opening bracket first, it is mirrored");
      }
      if (n < 32)
        st[n++] = cp;
    } else if (t == U_BPT_CLOSE) {
      if (n > 0 && (uint32_t)u_getBidiPairedBracket((UChar32)cp) == st[n - 1]) {
        n--;
      } else if (n == 0 && close_cp == 0) {
        close_cp = cp;
        close_at = at;
      }
    }
  }
  return 0;
}

/* The characters that can start a run of the other direction outside
 * the isolates (bidi.c's starts_run: a letter; in right-to-left text
 * also Latin digits and a sign before a number), or split a pair with
 * an isolate: without them bidi.c has nothing to report. */
static int may_have_hazards(const nl_check_lang *l, const nl_run_seen *s) {
  int runs = l->rtl ? (s->exposed & (NL_P_L | NL_P_ADIGIT)) ||
                          ((s->exposed & NL_P_SIGN) && (s->any & NL_P_NUM))
                    : (s->exposed & NL_P_R) != 0;
  return runs || ((s->any & NL_P_ISOLATE) && (s->any & NL_P_PAIR));
}

static int hazard(nl_check_ctx *c, const nl_run *r, const nl_check_lang *l,
                  const nl_bidi_hazard *h) {
  char ph[96];
  size_t n = h->end - h->start < sizeof(ph) - 1 ? h->end - h->start
                                                 : sizeof(ph) - 1;
  while (n > 0 && n < h->end - h->start &&
         ((unsigned char)r->text[h->start + n] & 0xC0) == 0x80)
    n--;
  memcpy(ph, r->text + h->start, n);
  ph[n] = '\0';
  /* (the direction is a literal: kept once, not copied a finding) */
  const char *dir = l->rtl ? "right-to-left" : "left-to-right";
  if (h->kind == NL_BIDI_MIRROR)
    return nl_chk__emit_again(c, "bidi-display-order", r, h->start, -1, NULL,
                              1u << 1,
                              "\"%s\": a bracket pair or quotation displays "
                              "with one mark facing the wrong way in %s text "
                              "(an isolate boundary between its marks, or "
                              "none around it): keep both marks on one side",
                              ph, dir);
  if (h->kind == NL_BIDI_FIRST_STRONG)
    return nl_chk__emit_again(c, "bidi-display-order", r, h->start, -1, NULL,
                              1u << 1,
                              "\"%s\" comes first and turns the %s "
                              "paragraph around where its direction is taken "
                              "from the first letter (dir=auto, feeds): wrap "
                              "it in U+2066/U+2069 or <bdi>",
                              ph, dir);
  return nl_chk__emit_again(c, "bidi-display-order", r, h->start, -1, NULL,
                            1u << 1,
                            "\"%s\" displays out of order in %s text: wrap "
                            "it in U+2066/U+2069 or <bdi>",
                            ph, dir);
}

/* The runs' hazards and reversed brackets (`brk`), for a run that can
 * have any (nl_chk__display). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int display_run(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                       const nl_run_seen *seen, int brk) {
  int rc = brk && nl_chk__enabled(c, "bidi-bracket-reversed") ? brackets(c, r)
                                                             : 0;
  if (rc < 0 || !may_have_hazards(l, seen) ||
      !nl_chk__enabled(c, "bidi-display-order"))
    return rc;
  const nl_bidi_hazard *h = NULL;
  size_t n = 0;
  nl_bidi_work *w = nl_chk__bidi_work(c);
  if (w == NULL)
    return nl_error__nomem(nl_chk__err(c));
  /* the pass flags every paired bracket and quotation mark (NL_P_PAIR):
   * without one the oracle has no pairs to find */
  rc = nl_bidi__hazards_kept(r->text, r->len, l->rtl,
                             (seen->any & NL_P_PAIR) != 0, w, &h, &n,
                             nl_chk__err(c));
  for (size_t i = 0; rc == 0 && i < n; i++)
    rc = hazard(c, r, l, &h[i]);
  return rc;
}

/* The localizer's oracle (bidi.c, ICU ubidi): what it would isolate at
 * merge is what displays wrongly as the text stands. Most runs can show
 * nothing (the pass's flags): they leave at once. */
int nl_chk__display(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                    const nl_run_seen *seen) {
  if (l == NULL)
    return 0;
  int brk = l->rtl && (seen->any & NL_P_CLOSE);
  if (!brk && !may_have_hazards(l, seen))
    return 0;
  return display_run(c, r, l, seen, brk);
}
