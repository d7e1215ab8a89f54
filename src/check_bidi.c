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
 * The display-order check asks ICU's ubidi how a right-to-left paragraph
 * will show: a left-to-right phrase ("10 km", "C# 7") whose characters
 * do not come out in their logical order reads wrongly. This is a small
 * oracle of our own; the localizer's (bidi.c) may replace it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ubidi.h>
#include <unicode/uchar.h>

#include <newsloc/io.h>

#include "check_internal.h"
#include "error.h"
#include "util/utf8.h"

#define MAX_OPEN 64

int nl_chk__bidi_control(uint32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static int is_isolate(uint32_t c) { return c >= 0x2066 && c <= 0x2068; }

typedef struct opened {
  uint32_t cp;
  size_t at;
  int crossed;
} opened;

static int unclosed(nl_check_ctx *c, const nl_run *r, const opened *o) {
  char name[160];
  nl_chk__char_name(o->cp, name, sizeof(name));
  return nl_chk__emit(c, "bidi-unbalanced", r, o->at, (long)o->cp,
                      "%s is never closed in its %s: it reorders what "
                      "follows it, past the end of the %s",
                      name, r->attr ? "attribute" : "segment",
                      r->attr ? "value" : "element");
}

static int stray(nl_check_ctx *c, const nl_run *r, size_t at, uint32_t cp) {
  char name[160];
  nl_chk__char_name(cp, name, sizeof(name));
  return nl_chk__emit(c, "bidi-unbalanced", r, at, (long)cp,
                      "%s closes nothing opened in its segment: its "
                      "opener is elsewhere, or was removed",
                      name);
}

static int opener(nl_check_ctx *c, const nl_run *r, size_t at, uint32_t cp) {
  char name[160];
  if (cp != 0x202A && cp != 0x202B && cp != 0x202D && cp != 0x202E)
    return 0;
  nl_chk__char_name(cp, name, sizeof(name));
  if (cp == 0x202D || cp == 0x202E)
    return nl_chk__emit(c, "bidi-override", r, at, (long)cp,
                        "%s forces the display order of the text after it "
                        "(Trojan Source): use markup or isolates",
                        name);
  if (cp == 0x202A || cp == 0x202B)
    return nl_chk__emit(c, "bidi-embedding", r, at, (long)cp,
                        "%s: embeddings are deprecated, use isolates "
                        "(U+2066..U+2069) or dir markup",
                        name);
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
      char name[160];
      nl_chk__char_name(st[k].cp, name, sizeof(name));
      int rc = nl_chk__emit(c, "bidi-crosses-tag", r, st[k].at,
                            (long)st[k].cp,
                            "%s is still open at an element boundary: its "
                            "scope spans markup",
                            name);
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

static int display(nl_check_ctx *c, const nl_run *r);

int nl_chk__bidi(nl_check_ctx *c, const nl_run *r) {
  opened st[MAX_OPEN];
  size_t n = 0, tag = 0;
  int rc = 0, any = 0;
  any = !r->ascii;
  /* the controls are E2 80 AA..AE and E2 81 A6..A9: only E2 is looked at */
  for (size_t i = 0; rc == 0 && i < r->len;) {
    const char *e2 = memchr(r->text + i, 0xE2, r->len - i);
    if (e2 == NULL)
      break;
    size_t at = (size_t)(e2 - r->text);
    i = at;
    uint32_t cp = nl_utf8__next(r->text, r->len, &i);
    if (!nl_chk__bidi_control(cp))
      continue;
    rc = crossings(c, r, st, n, &tag, at);
    if (rc == 0)
      rc = opener(c, r, at, cp);
    if (rc < 0)
      break;
    if (cp == 0x202C || cp == 0x2069) {
      rc = pop(c, r, st, &n, at, cp);
    } else if (n < MAX_OPEN) {
      st[n].cp = cp;
      st[n].at = at;
      st[n].crossed = 0;
      n++;
    }
  }
  if (rc == 0)
    rc = crossings(c, r, st, n, &tag, r->len);
  for (size_t k = 0; rc == 0 && k < n; k++)
    rc = unclosed(c, r, &st[k]);
  if (rc == 0 && any && !r->attr)
    rc = display(c, r);
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

/* A Latin letter outside every isolate: only then can a left-to-right
 * phrase be displayed out of order (isolated ones are in order). */
static int exposed_latin(const char *s, size_t n) {
  int depth = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char b = (unsigned char)s[i];
    if (b == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x81 &&
        (unsigned char)s[i + 2] >= 0xA6 && (unsigned char)s[i + 2] <= 0xA9) {
      depth += (unsigned char)s[i + 2] == 0xA9 ? (depth > 0 ? -1 : 0) : 1;
      i += 2;
    } else if (depth == 0 && ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))) {
      return 1;
    }
  }
  return 0;
}

static int has_closer(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] == ')' || s[i] == ']' || s[i] == '}')
      return 1;
  return memchr(s, 0xEF, n) != NULL; /* U+FD3F and the fullwidth ones */
}

static int phrase_class(UCharDirection d) {
  return d == U_WHITE_SPACE_NEUTRAL || d == U_OTHER_NEUTRAL ||
         d == U_COMMON_NUMBER_SEPARATOR || d == U_EUROPEAN_NUMBER_SEPARATOR ||
         d == U_EUROPEAN_NUMBER_TERMINATOR || d == U_DIR_NON_SPACING_MARK ||
         d == U_BOUNDARY_NEUTRAL;
}

/* A left-to-right phrase [a, b] (strong L or European digits at both
 * ends, an L inside, only neutrals between) must show its characters in
 * logical order. */
static int phrase(nl_check_ctx *c, const nl_run *r, const UChar *u,
                  const int32_t *vis, int32_t a, int32_t b) {
  for (int32_t k = a + 1; k <= b; k++) {
    if (U16_IS_TRAIL(u[k]))
      continue;
    if (vis[k] >= 0 && vis[a] >= 0 && vis[k] < vis[k - 1]) {
      char ph[160];
      size_t s0 = nl_chk__utf8_offset(r->text, r->len, a);
      size_t s1 = nl_chk__utf8_offset(r->text, r->len, b + 1);
      size_t n = s1 - s0 < sizeof(ph) - 1 ? s1 - s0 : sizeof(ph) - 1;
      while (n > 0 && n < s1 - s0 && ((unsigned char)r->text[s0 + n] & 0xC0) == 0x80)
        n--;
      memcpy(ph, r->text + s0, n);
      ph[n] = '\0';
      return nl_chk__emit(c, "bidi-display-order", r, s0, -1,
                          "\"%s\" displays out of order in right-to-left "
                          "text: wrap it in U+2066/U+2069 or <bdi>",
                          ph);
    }
  }
  return 0;
}

static int phrases(nl_check_ctx *c, const nl_run *r, const UChar *u,
                   int32_t n, const int32_t *vis) {
  int32_t a = -1, last = -1;
  int has_l = 0, has_n = 0, pending = 0;
  for (int32_t k = 0; k <= n; k++) {
    UCharDirection d = U_BLOCK_SEPARATOR;
    int32_t w = 1;
    if (k < n) {
      UChar32 cp = u[k];
      if (U16_IS_LEAD(u[k]) && k + 1 < n) {
        cp = U16_GET_SUPPLEMENTARY(u[k], u[k + 1]);
        w = 2;
      }
      d = u_charDirection(cp);
    }
    if (d == U_LEFT_TO_RIGHT || d == U_EUROPEAN_NUMBER) {
      if (a < 0) {
        a = k;
        has_l = has_n = pending = 0;
      }
      has_n |= pending;
      pending = 0;
      has_l |= d == U_LEFT_TO_RIGHT;
      last = k + w - 1;
    } else if (a >= 0 && phrase_class(d)) {
      pending = 1;
    } else if (a >= 0) {
      if (has_l && has_n) {
        int rc = phrase(c, r, u, vis, a, last);
        if (rc < 0)
          return rc;
      }
      a = -1;
    }
    k += w - 1;
  }
  return 0;
}

/* A pair whose halves sit on two sides of an isolate boundary is not a
 * pair to the bidi algorithm: each half takes its own direction, one is
 * mirrored and the other not. */
static int split_pair(nl_check_ctx *c, const nl_run *r, size_t at,
                      uint32_t cp) {
  char name[160];
  nl_chk__char_name(cp, name, sizeof(name));
  return nl_chk__emit(c, "bidi-display-order", r, at, (long)cp,
                      "%s and its opening bracket are on two sides of an "
                      "isolate: they display as two unpaired brackets, one "
                      "of them not mirrored",
                      name);
}

static int brackets(nl_check_ctx *c, const nl_run *r) {
  size_t close_at = (size_t)-1;
  uint32_t close_cp = 0;
  uint32_t st[32];
  int depth_of[32], depth = 0;
  size_t n = 0;
  for (size_t i = 0; i < r->len;) {
    size_t at = i;
    uint32_t cp = nl_utf8__next(r->text, r->len, &i);
    if (cp >= 0x2066 && cp <= 0x2069) {
      depth += cp == 0x2069 ? (depth > 0 ? -1 : 0) : 1;
      continue;
    }
    UBidiPairedBracketType t = (UBidiPairedBracketType)u_getIntPropertyValue(
        (UChar32)cp, UCHAR_BIDI_PAIRED_BRACKET_TYPE);
    if (t == U_BPT_OPEN) {
      if (close_cp && (uint32_t)u_getBidiPairedBracket((UChar32)cp) == close_cp) {
        char name[160];
        nl_chk__char_name(close_cp, name, sizeof(name));
        return nl_chk__emit(c, "bidi-bracket-reversed", r, close_at,
                            (long)close_cp,
                            "%s comes before its opening bracket: typed "
                            "in display order; in right-to-left text type "
                            "the opening bracket first, it is mirrored",
                            name);
      }
      if (n < 32) {
        depth_of[n] = depth;
        st[n++] = cp;
      }
    } else if (t == U_BPT_CLOSE) {
      if (n > 0 && (uint32_t)u_getBidiPairedBracket((UChar32)cp) == st[n - 1]) {
        n--;
        if (depth_of[n] != depth && nl_chk__enabled(c, "bidi-display-order"))
          return split_pair(c, r, at, cp);
      } else if (n == 0 && close_cp == 0) {
        close_cp = cp;
        close_at = at;
      }
    }
  }
  return 0;
}

static int display(nl_check_ctx *c, const nl_run *r) {
  nl_check_lang *l = nl_chk__lang(c, r->lang);
  if (l == NULL || !l->rtl)
    return 0;
  int rc = nl_chk__enabled(c, "bidi-bracket-reversed") &&
                   has_closer(r->text, r->len)
               ? brackets(c, r)
               : 0;
  if (rc < 0 || !nl_chk__enabled(c, "bidi-display-order") ||
      !exposed_latin(r->text, r->len) || r->len > 1u << 20)
    return rc;
  UChar *u = malloc((r->len + 1) * sizeof(UChar));
  int32_t *vis = malloc((r->len + 1) * sizeof(int32_t));
  UBiDi *bidi = ubidi_open();
  UErrorCode ec = U_ZERO_ERROR;
  if (u == NULL || vis == NULL || bidi == NULL)
    rc = nl_error__nomem(NULL);
  int32_t n = rc == 0 ? (int32_t)nl_utf8__to_utf16(r->text, r->len, u) : 0;
  if (rc == 0)
    ubidi_setPara(bidi, u, n, 1, NULL, &ec);
  if (rc == 0)
    ubidi_getLogicalMap(bidi, vis, &ec);
  if (rc == 0 && U_SUCCESS(ec))
    rc = phrases(c, r, u, n, vis);
  ubidi_close(bidi);
  free(vis);
  free(u);
  return rc;
}
