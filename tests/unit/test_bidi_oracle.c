/*
 * test_bidi_oracle.c - what a reader sees, judged by ICU's ubidi.
 *
 * A generated corpus (tests/data/bidi/hazards.txt: frames x hazards,
 * every service written right to left and two written left to right)
 * is localized, and the result laid out as a screen would: ubidi with
 * the service's paragraph direction, mirroring on, controls removed.
 * That picture is compared with the one the corpus's markup says the
 * translator meant - each left-to-right phrase whole and in logical
 * order, numbers whole, the rest in the flow's direction with its
 * brackets facing inwards - built here from the markup alone, never from
 * newsloc's own idea of runs. The same comparison is made with the
 * paragraph direction taken from the first strong character (UAX #9
 * P2-P3, as feeds and dir=auto do). Then every isolate localization
 * added is taken out again, one at a time: if the text still displays
 * as meant, the isolate was not needed. Last, localizing the result
 * again must change nothing. NL_ORACLE_DEBUG=1 prints both pictures of
 * a paragraph that displays wrongly, as code points.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include <newsloc/newsloc.h>

#include "harness.h"

#define MAXCP 4096 /* code points in one generated paragraph */

/* Under ASan+UBSan (CMake defines NL_ORACLE_SAMPLE there) a
 * localization costs ten times more: each service then takes every
 * NL_ORACLE_SAMPLE-th hazard of a one-slot frame, starting at its own
 * offset so that the services together still meet each one, and that
 * many times fewer draws and long paragraphs. The normal build judges
 * the whole corpus. */
#ifndef NL_ORACLE_SAMPLE
#define NL_ORACLE_SAMPLE 1
#endif

/* ---- markup ---------------------------------------------------------- */

typedef struct node {
  int ch;            /* index of a code point, or -1 for a group */
  int rtl;           /* group: its flow's direction */
  int first, count;  /* group: children in kids[] */
} node;

typedef struct sample {
  UChar32 cp[MAXCP]; /* the plain text the translator typed */
  int n;
  int want[MAXCP];   /* the meant picture: code point indices, left to right */
  int mirror[MAXCP]; /* whether the meant glyph is the mirrored one */
  int nwant;
} sample;

typedef struct parser {
  const char *s;
  size_t len, i;
  const char *digits; /* "latn", "arabext" or "arab" */
  sample *out;
  int ok;
} parser;

static UChar32 digit_in(const char *digits, UChar32 c) {
  if (c < '0' || c > '9')
    return c;
  if (strcmp(digits, "arabext") == 0)
    return 0x06F0 + (c - '0');
  if (strcmp(digits, "arab") == 0)
    return 0x0660 + (c - '0');
  return c;
}

/* Appends the meant picture of one flow (until `close`) to out->want.
 * A child is a code point or a nested group; a right-to-left flow lays
 * its children out from right to left, each child whole. */
static void flow(parser *p, int rtl, UChar32 close, int number) {
  int start[MAXCP], end[MAXCP], nk = 0;
  sample *o = p->out;
  while (p->i < p->len && p->ok) {
    UChar32 c;
    size_t at = p->i;
    U8_NEXT(p->s, p->i, p->len, c);
    if (c == close)
      break;
    if (nk == MAXCP || o->n == MAXCP) {
      p->ok = 0;
      return;
    }
    start[nk] = o->nwant;
    if (c == 0x27E8 || c == 0x27EA || c == '{') {
      UChar32 cl = c == 0x27E8 ? 0x27E9 : c == 0x27EA ? 0x27EB : '}';
      flow(p, c == 0x27EA, cl, c == '{');
    } else {
      (void)at;
      o->cp[o->n] = number ? digit_in(p->digits, c) : c;
      o->want[o->nwant] = o->n++;
      o->mirror[o->nwant++] = rtl;
    }
    end[nk++] = o->nwant;
  }
  if (!rtl || nk < 2)
    return;
  /* reverse the children, each kept whole */
  int n = o->nwant - start[0];
  int *tw = malloc((size_t)n * sizeof(int)), *tm = malloc((size_t)n * sizeof(int));
  int k = 0;
  for (int c = nk - 1; c >= 0; c--)
    for (int j = start[c]; j < end[c]; j++, k++) {
      tw[k] = o->want[j];
      tm[k] = o->mirror[j];
    }
  memcpy(o->want + start[0], tw, (size_t)n * sizeof(int));
  memcpy(o->mirror + start[0], tm, (size_t)n * sizeof(int));
  free(tw);
  free(tm);
}

static int parse(const char *markup, int rtl, const char *digits,
                 sample *out) {
  parser p = {markup, strlen(markup), 0, digits, out, 1};
  memset(out, 0, sizeof(*out));
  flow(&p, rtl, -1, 0);
  return p.ok;
}

/* ---- the reader's screen ---------------------------------------------- */

/* The glyphs of `s` as displayed, left to right, at paragraph level
 * `para` (0, 1 or UBIDI_DEFAULT_LTR). */
static int32_t display(const UChar *s, int32_t n, UBiDiLevel para, UChar *out,
                       int32_t cap) {
  UErrorCode ec = U_ZERO_ERROR;
  UBiDi *b = ubidi_open();
  ubidi_setPara(b, s, n, para, NULL, &ec);
  int32_t m = ubidi_writeReordered(
      b, out, cap, UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS, &ec);
  ubidi_close(b);
  return U_SUCCESS(ec) ? m : -1;
}

static int is_isolate(UChar32 c) { return c >= 0x2066 && c <= 0x2069; }

/* ICU's REMOVE_BIDI_CONTROLS takes these out of the picture too. */
static int removed_on_display(UChar32 c) {
  return (c >= 0x200C && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         is_isolate(c);
}

/* Same character, or the same kind: localization may change digits,
 * letters (orthography) and marks (quotes, separators) one for one. */
static int same_kind(UChar32 a, UChar32 b) {
  if (a == b)
    return 1;
  if (u_charDigitValue(a) >= 0 || u_charDigitValue(b) >= 0)
    return u_charDigitValue(a) == u_charDigitValue(b);
  if (u_isalpha(a) || u_isalpha(b))
    return u_isalpha(a) && u_isalpha(b);
  return !u_isspace(a) && !u_isspace(b);
}

typedef struct shown {
  UChar32 cp[MAXCP + 256]; /* the localized text */
  int n;
  int at[MAXCP];           /* input code point -> index in cp */
} shown;

static int native_digit(UChar c) { return c > 0x7F && u_isdigit(c); }

/* Whether s[i] is a digit of Arabic script, or a sign written onto
 * one on the side `dir` looks (-1 left, +1 right). */
static int native_number_at(const UChar *s, int32_t n, int32_t i, int dir) {
  if (i < 0 || i >= n)
    return 0;
  if (native_digit(s[i]))
    return 1;
  int sign = s[i] == '-' || s[i] == '+' || s[i] == 0x2212;
  return sign && i + dir >= 0 && i + dir < n && native_digit(s[i + dir]);
}

/* The side of a percent or currency sign (class ET) next to a number
 * in digits of Arabic script (-٣٫٥) is not judged: UBA's W2 and W5 put
 * it on either side depending on what comes before the number, and
 * readers see both. */
static int32_t unjudged_out(UChar *s, int32_t n) {
  int32_t m = 0;
  for (int32_t i = 0; i < n; i++) {
    int et = u_charDirection(s[i]) == U_EUROPEAN_NUMBER_TERMINATOR;
    int by_digit = native_number_at(s, n, i - 1, -1) ||
                   native_number_at(s, n, i + 1, +1);
    if (!(et && by_digit))
      s[m++] = s[i];
  }
  return m;
}

/* What number formatting may add beside a number (CLDR's no-break
 * space before a percent sign, the Arabic letter mark around one): not
 * in the sample, and no part of a phrase's order. */
static int number_spacing(UChar32 c) {
  return c == 0x00A0 || c == 0x202F || c == 0x061C;
}

static int32_t without_number_spacing(UChar *s, int32_t n) {
  int32_t m = 0;
  for (int32_t i = 0; i < n; i++)
    if (!number_spacing(s[i]))
      s[m++] = s[i];
  return m;
}

/* Whether `t` (skipping code points where skip[i]) displays as `sm`
 * meant, at paragraph level `para`. */
static int as_meant(const shown *t, const unsigned char *skip,
                    const sample *sm, UBiDiLevel para) {
  UChar s[4 * MAXCP], got[4 * MAXCP], want[4 * MAXCP];
  int32_t n = 0, nw = 0;
  for (int i = 0; i < t->n; i++)
    if (!skip[i])
      U16_APPEND_UNSAFE(s, n, t->cp[i]);
  int32_t ng = display(s, n, para, got, 4 * MAXCP);
  for (int k = 0; k < sm->nwant; k++) {
    UChar32 c = t->cp[t->at[sm->want[k]]];
    if (removed_on_display(c))
      continue;
    if (sm->mirror[k])
      c = u_charMirror(c);
    U16_APPEND_UNSAFE(want, nw, c);
  }
  ng = ng < 0 ? ng : unjudged_out(got, without_number_spacing(got, ng));
  nw = unjudged_out(want, without_number_spacing(want, nw));
  int ok = ng == nw && memcmp(got, want, (size_t)nw * sizeof(UChar)) == 0;
  if (!ok && getenv("NL_ORACLE_DEBUG")) {
    fprintf(stderr, "para %d\n got:", para);
    for (int32_t i = 0; i < ng; i++) fprintf(stderr, " %04X", got[i]);
    fprintf(stderr, "\n want:");
    for (int32_t i = 0; i < nw; i++) fprintf(stderr, " %04X", want[i]);
    fprintf(stderr, "\n");
  }
  return ok;
}

static int has_strong(const sample *sm, int rtl) {
  for (int i = 0; i < sm->n; i++) {
    int d = u_charDirection(sm->cp[i]);
    if (rtl ? d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC
            : d == U_LEFT_TO_RIGHT)
      return 1;
  }
  return 0;
}

/* ---- the corpus -------------------------------------------------------- */

typedef struct corpus {
  char **rtl_frames, **ltr_frames, **rtl_haz, **ltr_haz;
  size_t nrf, nlf, nrh, nlh;
} corpus;

static void push(char ***v, size_t *n, const char *line) {
  char **p = realloc(*v, (*n + 1) * sizeof(char *));
  if (p == NULL)
    return;
  *v = p;
  p[(*n)++] = strdup(line);
}

static int load(corpus *c) {
  char *path = nl_test_path("NL_TEST_DATA", "bidi/hazards.txt");
  size_t len;
  char *text = nl_test_slurp(path, &len);
  free(path);
  memset(c, 0, sizeof(*c));
  if (text == NULL)
    return 0;
  int section = -1;
  static const char *const names[] = {"[rtl-frames]", "[rtl-hazards]",
                                      "[ltr-frames]", "[ltr-hazards]"};
  for (char *line = text, *nl; line && *line; line = nl) {
    nl = strchr(line, '\n');
    if (nl)
      *nl++ = '\0';
    if (*line == '#' || *line == '\0')
      continue;
    int s = -1;
    for (int k = 0; k < 4; k++)
      if (strcmp(line, names[k]) == 0)
        s = k;
    if (s >= 0) {
      section = s;
      continue;
    }
    char ***v[] = {&c->rtl_frames, &c->rtl_haz, &c->ltr_frames, &c->ltr_haz};
    size_t *n[] = {&c->nrf, &c->nrh, &c->nlf, &c->nlh};
    if (section >= 0)
      push(v[section], n[section], line);
  }
  free(text);
  return c->nrf && c->nrh && c->nlf && c->nlh;
}

static void free_list(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

static unsigned next_rand(unsigned *st) {
  *st = *st * 1103515245u + 12345u;
  return (*st >> 16) & 0x7FFF;
}

#define SLOT "\xE2\x80\xBB" /* ※ */

static int slots(const char *frame) {
  int n = 0;
  for (const char *p = strstr(frame, SLOT); p; p = strstr(p + 3, SLOT))
    n++;
  return n;
}

static int closes_quote(const char *p) {
  return strncmp(p, "\xC2\xBB", 2) == 0 || strncmp(p, "\xE2\x80\x9D", 3) == 0 ||
         *p == '"' || *p == ')' || *p == ']';
}

static int opens_quote(char last_byte) {
  return last_byte == '(' || last_byte == '[' || last_byte == '"' ||
         last_byte == '\xAB' || last_byte == '\x9C';
}

/* A hazard ending "...⟩:" that fills a quotation or brackets: the
 * punctuation is the quoted phrase's ("...:⟩"). */
static size_t put_snippet(char *out, size_t n, size_t cap, const char *snip,
                          int before_close) {
  size_t m = strlen(snip);
  if (n + m + 1 >= cap)
    return n;
  memcpy(out + n, snip, m);
  const char *punct = ".:!?,";
  if (before_close && m >= 4 && strchr(punct, out[n + m - 1]) &&
      (memcmp(out + n + m - 4, "\xE2\x9F\xA9", 3) == 0 ||
       memcmp(out + n + m - 4, "\xE2\x9F\xAB", 3) == 0)) {
    char c = out[n + m - 1];
    memmove(out + n + m - 3, out + n + m - 4, 3);
    out[n + m - 4] = c;
  }
  return n + m;
}

/* A phrase ending in a digit, then a number after a space. */
static int digit_then_number(const char *line) {
  for (const char *p = strstr(line, "\xE2\x9F\xA9 {"); p;
       p = strstr(p + 1, "\xE2\x9F\xA9 {"))
    if (p > line && p[-1] >= '0' && p[-1] <= '9')
      return 1;
  return 0;
}

/* The frame with its slots filled by hazards h[0..]; the class is the
 * first hazard's. */
static void fill(const char *frame, char *const *haz, const size_t *h,
                 char *out, size_t cap) {
  size_t n = 0;
  int k = 0;
  out[0] = '\0';
  for (const char *p = frame; *p && n + 1 < cap;) {
    if (strncmp(p, SLOT, 3) == 0) {
      n = put_snippet(out, n, cap, strchr(haz[h[k++]], '\t') + 1,
                      p > frame && opens_quote(p[-1]) && closes_quote(p + 3));
      p += 3;
    } else {
      out[n++] = *p++;
    }
  }
  out[n] = '\0';
}

/* ---- judging one paragraph ----------------------------------------------- */

typedef struct tally {
  long cases, wrong, unneeded, changed, unsettled;
  char seen[128][48]; /* "what: class" met so far */
  long count[128];    /* how often */
  int nseen;
} tally;

/* Counts a failure by kind and class; shows the first of each. */
static void report(tally *t, const char *what, const char *cls,
                   const char *service, const char *markup, const char *out) {
  char key[48];
  snprintf(key, sizeof(key), "%.20s: %.20s", what, cls);
  for (int i = 0; i < t->nseen; i++)
    if (strcmp(t->seen[i], key) == 0) {
      t->count[i]++;
      return; /* one example a class is enough to read */
    }
  if (t->nseen < 128) {
    t->count[t->nseen] = 1;
    snprintf(t->seen[t->nseen], sizeof(t->seen[0]), "%s", key);
    t->nseen++;
  }
  NL_FAIL("%s [%s] %s:\n    meant: %s\n    got:   %s", what, cls, service,
          markup, out);
}

/* The localized text as code points, aligned with the typed ones. */
static int align(const char *out, const sample *sm, shown *t) {
  size_t len = strlen(out), i = 0;
  int k = 0;
  t->n = 0;
  while (i < len && t->n < MAXCP + 256) {
    UChar32 c;
    U8_NEXT(out, i, len, c);
    int added = number_spacing(c) && (k == sm->n || sm->cp[k] != c);
    if (!is_isolate(c) && !added) {
      if (k == sm->n || !same_kind(c, sm->cp[k]))
        return 0;
      t->at[k++] = t->n;
    }
    t->cp[t->n++] = c;
  }
  return k == sm->n && i == len;
}

/* Every isolate (opener and its PDI) that localization added: taken
 * out alone, does the text still display as meant? */
static int right(const shown *t, const unsigned char *skip, const sample *sm,
                 UBiDiLevel dir, int first_strong) {
  return as_meant(t, skip, sm, dir) &&
         (!first_strong || as_meant(t, skip, sm, UBIDI_DEFAULT_LTR));
}

static int unneeded_isolate(const shown *t, const sample *sm, UBiDiLevel dir,
                            int first_strong) {
  unsigned char skip[MAXCP + 256];
  int stack[64], depth = 0;
  for (int i = 0; i < t->n; i++) {
    if (t->cp[i] >= 0x2066 && t->cp[i] <= 0x2068 && depth < 64)
      stack[depth++] = i;
    if (t->cp[i] != 0x2069 || depth == 0)
      continue;
    int o = stack[--depth];
    memset(skip, 0, (size_t)t->n);
    skip[o] = skip[i] = 1;
    if (right(t, skip, sm, dir, first_strong))
      return 1;
  }
  return 0;
}

/* Localizing the output again changes nothing (no isolate added to
 * text that already displays as meant, none nested in another). */
static int settled(const nl_services *reg, const nl_service *svc,
                   const nl_article *once) {
  nl_error err = NL_ERROR_INIT;
  nl_article *twice = NULL;
  int same = nl_localize_article(&twice, once, reg, svc, NULL, &err) == 0 &&
             strcmp(nl_block_text(nl_article_block(once, 0), NULL),
                    nl_block_text(nl_article_block(twice, 0), NULL)) == 0;
  nl_article_free(twice);
  return same;
}

static void judge(const nl_services *reg, const nl_service *svc,
                  const char *markup, const char *cls, tally *t) {
  int rtl = strcmp(nl_service_get(svc, NL_SERVICE_DIR), "rtl") == 0;
  static sample sm;
  static shown sh;
  const char *digits = nl_service_get(svc, NL_SERVICE_DIGITS);
  if (!parse(markup, rtl, digits, &sm)) {
    NL_FAIL("corpus line too long: %s", markup);
    return;
  }
  /* a block with no letter of the service's direction (English left
   * untranslated) is laid out in its own direction (it gets its own
   * dir); one with no strong letter at all has no first strong one */
  int own = has_strong(&sm, rtl), other = has_strong(&sm, !rtl);
  int block_rtl = (own || !other) ? rtl : !rtl, first = own || other;
  if (block_rtl != rtl)
    parse(markup, block_rtl, digits, &sm);
  char text[4 * MAXCP + 4];
  int32_t tn = 0;
  UBool bad = 0;
  for (int i = 0; i < sm.n && !bad; i++)
    U8_APPEND(text, tn, (int32_t)sizeof(text) - 1, sm.cp[i], bad);
  text[tn] = '\0';
  if (bad) {
    NL_FAIL("corpus line too long: %s", markup);
    return;
  }
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL, *l = NULL;
  nl_block *b = NULL;
  t->cases++;
  if (nl_article_new(&a, &err) < 0 ||
      nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p1", text, (size_t)tn, &b,
                           &err) < 0 ||
      nl_localize_article(&l, a, reg, svc, NULL, &err) < 0) {
    NL_FAIL("%s: %s: %s", nl_service_get(svc, NL_SERVICE_ID), text, err.message);
  } else {
    const char *o = nl_block_text(nl_article_block(l, 0), NULL);
    UBiDiLevel dir = block_rtl ? 1 : 0;
    unsigned char none[MAXCP + 256] = {0};
    if (!align(o, &sm, &sh)) {
      t->changed++;
      report(t, "text changed", cls, nl_service_get(svc, NL_SERVICE_ID), text, o);
    } else if (!right(&sh, none, &sm, dir, first)) {
      t->wrong++;
      report(t, "displays wrongly", cls, nl_service_get(svc, NL_SERVICE_ID), text, o);
    } else if (unneeded_isolate(&sh, &sm, dir, first)) {
      t->unneeded++;
      report(t, "isolate not needed", cls, nl_service_get(svc, NL_SERVICE_ID), text, o);
    } else if (!settled(reg, svc, l)) {
      t->unsettled++;
      report(t, "not idempotent", cls, nl_service_get(svc, NL_SERVICE_ID), text, o);
    }
  }
  nl_article_free(l);
  nl_article_free(a);
}

/* Whether the corpus judges `line` (see tests/data/bidi/hazards.txt). */
static int judged(const char *line, const nl_service *svc) {
  return !strstr(line, "} {") && !digit_then_number(line) &&
         !(strstr(line, "{+") &&
           strcmp(nl_service_get(svc, NL_SERVICE_DIGITS), "arab") == 0);
}

/* Frame f with hazard r in its slot, or with random ones when it has
 * several; the class (the first hazard's) goes to cls. */
static void sentence(char **frames, size_t f, char **haz, size_t nh, size_t r,
                     unsigned *st, char *line, size_t cap, char *cls) {
  size_t h[3] = {r, 0, 0};
  if (slots(frames[f]) != 1)
    for (int j = 0; j < 3; j++)
      h[j] = next_rand(st) % nh;
  fill(frames[f], haz, h, line, cap);
  size_t cl = strcspn(haz[h[0]], "\t");
  snprintf(cls, 32, "%.*s", (int)cl, haz[h[0]]);
}

/* Long paragraphs: `sentences` random sentences in one block, so that
 * runs are judged among many others (and on windows of the block). */
static void long_paragraphs(const nl_services *reg, const nl_service *svc,
                            char **frames, size_t nf, char **haz, size_t nh,
                            unsigned *st, tally *t) {
  static char para[16384];
  char line[4096], cls[32];
  for (int p = 0; p < 40 / NL_ORACLE_SAMPLE; p++) {
    size_t n = 0;
    for (int k = 0; k < 12; k++) {
      size_t f = next_rand(st) % nf;
      sentence(frames, f, haz, nh, next_rand(st) % nh, st, line, sizeof(line),
               cls);
      size_t m = strlen(line);
      if (m > 0 && !strchr(".!?\xBB)", line[m - 1]) &&
          !(m > 1 && memcmp(line + m - 2, "\xD8\x9F", 2) == 0))
        line[m++] = '.', line[m] = '\0'; /* a sentence ends */
      if (n + m + 2 >= sizeof(para) || !judged(line, svc))
        continue;
      if (n > 0)
        para[n++] = ' ';
      memcpy(para + n, line, m + 1);
      n += m;
    }
    if (n > 0 && judged(para, svc))
      judge(reg, svc, para, "long paragraph", t);
  }
}

/* Each one-slot frame with each hazard; frames with more slots with
 * hazards drawn from a fixed seed; then long paragraphs. */
static void run_services(const nl_services *reg, const char *const *ids,
                         size_t nids, char **frames, size_t nf, char **haz,
                         size_t nh, int draws, tally *t) {
  unsigned st = 20260412u;
  char line[4096], cls[32];
  for (size_t s = 0; s < nids; s++) {
    nl_error err = NL_ERROR_INIT;
    const nl_service *svc = NULL;
    if (nl_services_find(reg, ids[s], &svc, &err) < 0) {
      NL_FAIL("%s: %s", ids[s], err.message);
      continue;
    }
    for (size_t f = 0; f < nf; f++) {
      int one = slots(frames[f]) == 1;
      int rounds = one ? (int)nh : draws / NL_ORACLE_SAMPLE;
      int step = one ? NL_ORACLE_SAMPLE : 1;
      for (int r = one ? (int)(s % NL_ORACLE_SAMPLE) : 0; r < rounds;
           r += step) {
        sentence(frames, f, haz, nh, (size_t)r, &st, line, sizeof(line), cls);
        if (judged(line, svc))
          judge(reg, svc, line, cls, t);
      }
    }
    long_paragraphs(reg, svc, frames, nf, haz, nh, &st, t);
  }
}

static void test_bidi_oracle__corpus(void) {
  static const char *const rtl_ids[] = {"persian", "dari", "pashto",
                                        "deewa", "urdu", "kurdish-sorani"};
  static const char *const ltr_ids[] = {"russian", "english"};
  corpus c;
  nl_error err = NL_ERROR_INIT;
  nl_services *reg = NULL;
  if (!load(&c) || nl_services_load(&reg, NULL, &err) < 0) {
    NL_FAIL("corpus or registry: %s", err.message);
    return;
  }
  /* the services' list of right-to-left ones is the test's: a new one
   * must be added here */
  size_t nrtl = 0;
  for (size_t i = 0; i < nl_services_count(reg); i++)
    nrtl += strcmp(nl_service_get(nl_services_at(reg, i), NL_SERVICE_DIR),
                   "rtl") == 0;
  NL_CHECK_INT(nrtl, sizeof(rtl_ids) / sizeof(rtl_ids[0]));
  static tally t;
  run_services(reg, rtl_ids, 6, c.rtl_frames, c.nrf, c.rtl_haz, c.nrh, 400, &t);
  run_services(reg, ltr_ids, 2, c.ltr_frames, c.nlf, c.ltr_haz, c.nlh, 200, &t);
  printf("  display-order oracle: %ld paragraphs, %ld display wrongly, %ld "
         "with an isolate not needed, %ld with text changed, %ld changed "
         "again by a second localization\n",
         t.cases, t.wrong, t.unneeded, t.changed, t.unsettled);
  for (int i = 0; i < t.nseen; i++)
    printf("    %-44s %ld\n", t.seen[i], t.count[i]);
  NL_CHECK(t.cases >= 3000 / NL_ORACLE_SAMPLE);
  NL_CHECK_INT(t.wrong + t.unneeded + t.changed + t.unsettled, 0);
  nl_services_free(reg);
  free_list(c.rtl_frames, c.nrf);
  free_list(c.ltr_frames, c.nlf);
  free_list(c.rtl_haz, c.nrh);
  free_list(c.ltr_haz, c.nlh);
}

static const nl_test tests[] = {
    NL_TEST(test_bidi_oracle__corpus),
};

NL_TEST_MAIN(tests)
