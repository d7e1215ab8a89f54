/*
 * article_text.c - an article from the text of a scraped news page.
 *
 * Copying a news page as text brings the page with it: accessibility
 * links, banners, a section label, the photo caption twice (once for the
 * image's alt text, once under it), share buttons, responsive-size
 * switches. The rules below find the article in that, using the shape
 * of a news page rather than the words of any one article; they are
 * documented one by one in docs/import.md.
 *
 *  1. Lines are trimmed; leading bullet glyphs are removed; a line that
 *     is page chrome (locales/chrome.txt) is dropped.
 *  2. Blank lines separate groups, and so does a bullet (a list item is
 *     its own paragraph). A line repeated right after itself is kept
 *     once (and makes its group a caption). A group with a line longer
 *     than any hard wrap was not wrapped: each of its lines stands alone.
 *  3. The headline is the longest title-like line (one line, two words
 *     or more, no full stop) before the first prose; captions, dates,
 *     names and tools around it are shorter. A short label (or the last
 *     of a breadcrumb trail) right before it is the section; anything
 *     else before it is chrome.
 *  4. After the headline: a group that repeated its line, or starts
 *     with "FILE -", is a caption; before the story, a short line
 *     beginning "By " or a short capitalized name line is a byline; a paragraph opening with a dateline ("KYIV, Ukraine —")
 *     gives a dateline block and the rest of the paragraph.
 *  5. A short line that ends no sentence, with at most one prose group
 *     after it (such as "VOA News" before the publisher's blurb), is the
 *     byline that closes the story, and that prose is the tagline; with
 *     more prose after it, it is a subhead and stays a paragraph. Titles
 *     after the story's last prose (related stories) are page. A date
 *     written out before the body ("March 3, 2026 10:15 AM") is the date.
 *  6. Everything else is a paragraph; lines of one group are joined
 *     with a space (the page wrapped them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/ustring.h>

#include <newsloc/io.h>

#include "article_io.h"
#include "error.h"
#include "locales.h"
#include "rx.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

/* ---- page chrome ------------------------------------------------------- */

/* A chrome pattern: matched by nl_rx, the segmenter's matcher, when it
 * reads the pattern whole; else by ICU. ICU's first regex costs a
 * process some 8 million instructions (its regex compiler's static
 * sets), more than reading the page; the bundled patterns are held to
 * ICU's answers by test_rx instead. */
typedef struct chrome_re {
  nl_rx *rx;              /* "(?i)(?:PATTERN)\z" from the line's start */
  URegularExpression *re; /* when nl_rx cannot read it */
} chrome_re;

typedef struct chrome {
  char **phrases; /* lowercase ASCII-folded whole lines */
  size_t nphrases;
  chrome_re *res;
  size_t nres;
  nl_rx_sets *sets; /* the sets the patterns name, built once */
} chrome;

static void chrome_free(chrome *c) {
  for (size_t i = 0; i < c->nphrases; i++)
    free(c->phrases[i]);
  free(c->phrases);
  for (size_t i = 0; i < c->nres; i++) {
    nl_rx__free(c->res[i].rx);
    if (c->res[i].re) /* ICU's regex library may never be loaded */
      uregex_close(c->res[i].re);
  }
  free(c->res);
  nl_rx__sets_free(c->sets); /* after the regexes that share its sets */
}

static int add_phrase(chrome *c, const char *s, size_t len) {
  char **p = realloc(c->phrases, (c->nphrases + 1) * sizeof(*p));
  if (p == NULL)
    return NL_ENOMEM;
  c->phrases = p;
  if ((p[c->nphrases] = nl__strndup(s, len)) == NULL)
    return NL_ENOMEM;
  c->nphrases++;
  return 0;
}

/* ICU compiles the pattern: for its error message when the pattern is
 * bad, and to match it when nl_rx cannot. */
static int icu_regex(URegularExpression **re, const char *s, size_t len,
                     const char *path, unsigned long line, nl_error *err) {
  nl_u16 u = {0};
  int rc = nl_u16__from_utf8(&u, s, len, 0, err);
  if (rc < 0)
    return rc;
  UErrorCode ec = U_ZERO_ERROR;
  UParseError pe;
  *re = uregex_open(u.s, u.len, UREGEX_CASE_INSENSITIVE, &pe, &ec);
  nl_u16__dispose(&u);
  if (U_FAILURE(ec))
    return nl_error__set(err, NL_EPARSE, path, line, (unsigned long)pe.offset + 4,
                         "bad chrome pattern: %s", u_errorName(ec));
  return 0;
}

/* The pattern as nl_rx reads it: case-insensitive, the whole line (ICU's
 * uregex_matches). 1: nl_rx cannot; NL_ENOMEM. It is read alone first:
 * wrapped, an unbalanced one ("a)|(b") would read as something else. */
static int own_regex(nl_rx **rx, nl_rx_sets *sets, const char *s, size_t len) {
  nl_buf p = NL_BUF_INIT;
  int rc = nl_buf__put(&p, s, len) < 0 || nl_buf__puts(&p, "") < 0
               ? NL_ENOMEM
               : nl_rx__compile_with(rx, p.ptr, sets);
  nl_rx__free(*rx);
  *rx = NULL;
  nl_buf__clear(&p);
  if (rc == 0)
    rc = nl_buf__puts(&p, "(?i)(?:") < 0 || nl_buf__put(&p, s, len) < 0 ||
                 nl_buf__puts(&p, ")\\z") < 0
             ? NL_ENOMEM
             : nl_rx__compile_with(rx, p.ptr, sets);
  nl_buf_dispose(&p);
  return rc;
}

static int add_regex(chrome *c, const char *s, size_t len, const char *path,
                     unsigned long line, nl_error *err) {
  chrome_re *r = realloc(c->res, (c->nres + 1) * sizeof(*r));
  if (r == NULL)
    return nl_error__nomem(err);
  c->res = r;
  r += c->nres;
  *r = (chrome_re){NULL, NULL};
  /* a pattern with a NUL nl_rx would read short: ICU's */
  int rc = memchr(s, 0, len) ? 1 : own_regex(&r->rx, c->sets, s, len);
  if (rc < 0)
    return nl_error__nomem(err);
  if (rc == 1 && (rc = icu_regex(&r->re, s, len, path, line, err)) < 0)
    return rc;
  c->nres++;
  return 0;
}

/* Chrome recognized by its shape, whatever the site: responsive-size
 * switches and image-ratio placeholders. Built in so that a missing or
 * trimmed chrome.txt still leaves them out. */
static const char *const structural[] = {
    "(XS|SM|MD|LG|XL|XXL)( (XS|SM|MD|LG|XL|XXL))*",
    "[0-9]+ ?[x\\u00D7:] ?[0-9]+( Image| Photo| Video)?",
};

static int chrome_load(chrome *c, nl_error *err) {
  nl_buf path = NL_BUF_INIT, data = NL_BUF_INIT;
  /* NULL: no sharing, still right */
  c->sets = nl_rx__sets_new();
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < sizeof(structural) / sizeof(*structural);
       i++)
    rc = add_regex(c, structural[i], strlen(structural[i]), "built-in", 0,
                   err);
  if (rc == 0)
    rc = nl_locales__find(&path, NULL, "chrome.txt", err);
  if (rc == NL_ENOTFOUND) { /* no data installed: the built-ins only */
    nl_error_clear(err);
    rc = 0;
  } else if (rc == 0)
    rc = nl_file_read(path.ptr, &data, err);
  unsigned long line = 0;
  for (size_t i = 0; rc == 0 && i < data.size;) {
    const char *s = data.ptr + i, *nl = memchr(s, '\n', data.size - i);
    size_t len = nl ? (size_t)(nl - s) : data.size - i;
    i += len + 1;
    line++;
    while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == ' '))
      len--;
    if (len == 0 || s[0] == '#')
      continue;
    if (len > 3 && memcmp(s, "re:", 3) == 0)
      rc = add_regex(c, s + 3, len - 3, path.ptr, line, err);
    else if (add_phrase(c, s, len) < 0)
      rc = nl_error__nomem(err);
  }
  nl_buf_dispose(&path);
  nl_buf_dispose(&data);
  return rc;
}

static int ascii_ieq(const char *a, const char *b, size_t len) {
  if (strlen(b) != len)
    return 0;
  for (size_t i = 0; i < len; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = (char)(y - 'A' + 'a');
    if (x != y)
      return 0;
  }
  return 1;
}

static int matches_chrome(const chrome *c, const char *s, size_t len) {
  for (size_t i = 0; i < c->nphrases; i++)
    if (ascii_ieq(s, c->phrases[i], len))
      return 1;
  if (c->nres == 0)
    return 0;
  nl_u16 u = {0};
  if (nl_u16__from_utf8(&u, s, len, 0, NULL) < 0)
    return 0;
  static const UChar empty[1] = {0};
  int hit = 0;
  for (size_t i = 0; i < c->nres && !hit; i++) {
    if (c->res[i].rx) {
      hit = nl_rx__at(c->res[i].rx, NL_RX_FORWARD, u.s, u.len, 0, NULL) == 1;
      continue;
    }
    UErrorCode ec = U_ZERO_ERROR;
    URegularExpression *re = c->res[i].re;
    uregex_setText(re, u.s, u.len, &ec);
    hit = U_SUCCESS(ec) && uregex_matches(re, 0, &ec) && U_SUCCESS(ec);
    uregex_setText(re, empty, 0, &ec); /* u is freed below */
  }
  nl_u16__dispose(&u);
  return hit;
}

/* Whether the line is chrome; runs of spaces and tabs count as one
 * (pages lay buttons out in columns: "Share   Tweet   Email"). */
static int is_chrome(const chrome *c, const char *s, size_t len) {
  nl_buf n = NL_BUF_INIT;
  for (size_t i = 0; i < len; i++) {
    int blank = s[i] == ' ' || s[i] == '\t';
    if (blank && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
      continue;
    if (nl_buf__putc(&n, blank ? ' ' : s[i]) < 0) {
      nl_buf_dispose(&n);
      return 0;
    }
  }
  int hit = matches_chrome(c, n.ptr ? n.ptr : "", n.size);
  nl_buf_dispose(&n);
  return hit;
}

/* ---- lines and groups -------------------------------------------------- */

/* Wider than any hard wrap (72-80 columns is usual): a group holding a
 * line this long was not wrapped, so each of its lines stands alone. */
enum { WRAP_MAX = 100 };

typedef struct line {
  const char *s;
  size_t len;
  int bullet;   /* the page put a bullet glyph before it */
  int repeated; /* the line was printed again right after itself */
  int brk;      /* a blank line or a bullet separates it from the last */
} line;

typedef struct group {
  const line *lines; /* borrowed from the page's line list */
  size_t n;
  int repeated; /* a line of the group was repeated */
} group;

/* What trims off a line: white space (nl_utf8__is_space) and a stray
 * byte order mark. */
static int is_blank_cp(uint32_t c) {
  return nl_utf8__is_space(c) || c == 0xFEFF;
}

static int is_bullet(uint32_t c) {
  return c == 0x2022 || c == 0x00B7 || c == 0x25AA || c == 0x25E6 ||
         c == 0x2023 || c == 0x2043 || c == 0x25CF || c == 0x25A0 ||
         c == 0x2219;
}

/* Trims space and leading bullets from [s, s+len). */
static line trim_line(const char *s, size_t len) {
  size_t b = 0;
  int bullet = 0;
  while (b < len) {
    size_t j = b;
    uint32_t c = nl_utf8__next(s, len, &j);
    if (!is_blank_cp(c) && !is_bullet(c))
      break;
    bullet |= is_bullet(c);
    b = j;
  }
  size_t e = len;
  while (e > b) {
    size_t k = e - 1;
    while (k > b && ((unsigned char)s[k] & 0xC0) == 0x80)
      k--;
    size_t j = k;
    if (!is_blank_cp(nl_utf8__next(s, len, &j)))
      break;
    e = k;
  }
  return (line){s + b, e - b, bullet, 0, 0};
}

typedef struct page {
  line *l;
  size_t nl, lcap;
  group *g;
  size_t n, cap;
} page;

static void page_free(page *p) {
  free(p->l);
  free(p->g);
}

static size_t chars(const line *l) {
  size_t n = 0;
  for (size_t i = 0; i < l->len; i++)
    n += ((unsigned char)l->s[i] & 0xC0) != 0x80;
  return n;
}

static int push_group(page *p, const line *l, size_t n) {
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 16;
    group *g = realloc(p->g, cap * sizeof(*g));
    if (g == NULL)
      return NL_ENOMEM;
    p->g = g;
    p->cap = cap;
  }
  int rep = 0;
  for (size_t i = 0; i < n; i++)
    rep |= l[i].repeated;
  p->g[p->n++] = (group){l, n, rep};
  return 0;
}

/* Lines [from, to) as one group, or one group per line when they were
 * not hard-wrapped. */
static int add_groups(page *p, size_t from, size_t to) {
  int unwrapped = 0;
  for (size_t i = from; i < to; i++)
    unwrapped |= chars(&p->l[i]) > WRAP_MAX;
  if (!unwrapped)
    return push_group(p, p->l + from, to - from);
  for (size_t i = from; i < to; i++)
    if (push_group(p, p->l + i, 1) < 0)
      return NL_ENOMEM;
  return 0;
}

static int push_line(page *p, line l) {
  if (p->nl > 0 && p->l[p->nl - 1].len == l.len &&
      memcmp(p->l[p->nl - 1].s, l.s, l.len) == 0) {
    p->l[p->nl - 1].repeated = 1;
    return 0;
  }
  if (p->nl == p->lcap) {
    size_t cap = p->lcap ? p->lcap * 2 : 64;
    line *n = realloc(p->l, cap * sizeof(*n));
    if (n == NULL)
      return NL_ENOMEM;
    p->l = n;
    p->lcap = cap;
  }
  p->l[p->nl++] = l;
  return 0;
}

/* The line at d[i]: its length, and in *next where the one after it
 * starts; *para when a paragraph break (FF, PS) ends it. */
static size_t next_line(const char *d, size_t len, size_t i, size_t *next,
                        int *para) {
  for (size_t j = i; j < len; j++) {
    size_t k = nl_utf8__line_break(d, len, j, para);
    if (k > 0) {
      *next = j + k;
      return j - i;
    }
  }
  *para = 0;
  *next = len;
  return len - i;
}

/* Lines end at every break nl_utf8__line_break() knows (old Mac CR,
 * CRLF, NEL, LS, PS, FF, VT): a page from any system splits the same. */
static int split_page(page *p, const chrome *c, const char *d, size_t len) {
  int blank = 1;
  for (size_t i = 0; i < len;) {
    const char *s = d + i;
    int para;
    size_t n = next_line(d, len, i, &i, &para);
    line l = trim_line(s, n);
    if (l.len == 0) {
      blank = 1;
      continue;
    }
    if (is_chrome(c, l.s, l.len)) {
      blank |= para;
      continue; /* chrome neither starts nor ends a group */
    }
    l.brk = blank || l.bullet;
    if (push_line(p, l) < 0)
      return NL_ENOMEM;
    blank = para; /* after FF or PS, as after a blank line */
  }
  /* Groups point into p->l: form them once it no longer moves. */
  for (size_t from = 0, i = 1; from < p->nl; i++)
    if (i == p->nl || p->l[i].brk) {
      if (add_groups(p, from, i) < 0)
        return NL_ENOMEM;
      from = i;
    }
  return 0;
}

/* ---- what a line looks like -------------------------------------------- */

static size_t words(const line *l) {
  size_t n = 0;
  int in = 0;
  for (size_t i = 0; i < l->len; i++) {
    int sp = l->s[i] == ' ' || l->s[i] == '\t';
    if (!sp && !in)
      n++;
    in = !sp;
  }
  return n;
}

/* Whether the line ends like a sentence (closing quotes and brackets
 * skipped). */
static int ends_sentence(const line *l) {
  size_t e = l->len;
  while (e > 0) {
    size_t k = nl_utf8__prev_start(l->s, e);
    size_t j = k;
    uint32_t c = nl_utf8__next(l->s, l->len, &j);
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D ||
        c == 0x2019 || c == 0xBB) {
      e = k;
      continue;
    }
    return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == ':';
  }
  return 0;
}

static int single(const group *g) { return g->n == 1; }

/* The last character, closing quotes and brackets skipped; 0 if none. */
static uint32_t last_char(const line *l) {
  size_t e = l->len;
  while (e > 0) {
    size_t k = nl_utf8__prev_start(l->s, e);
    size_t j = k;
    uint32_t c = nl_utf8__next(l->s, l->len, &j);
    if (c != '"' && c != '\'' && c != ')' && c != ']' && c != 0x201D &&
        c != 0x2019 && c != 0xBB)
      return c;
    e = k;
  }
  return 0;
}

static int starts_with(const line *l, const char *p) {
  size_t n = strlen(p);
  return l->len >= n && memcmp(l->s, p, n) == 0;
}

/* A title: one line that a headline could be. Headlines may ask or
 * exclaim but do not end in a full stop, colon or comma. */
static int is_title(const group *g, size_t min_words) {
  const line *l = &g->lines[0];
  uint32_t c = last_char(l);
  return single(g) && words(l) >= min_words && words(l) <= 24 &&
         c != '.' && c != ':' &&
         c != ',' && c != ';' && c != 0x2026 && !starts_with(l, "By ");
}

/* Section labels: short lines that end no sentence. A run of them
 * is a breadcrumb trail ("Europe" / "Norway"), most specific last. */
static int is_label(const group *g) {
  for (size_t i = 0; i < g->n; i++)
    if (words(&g->lines[i]) > 3 || g->lines[i].len > 40 ||
        ends_sentence(&g->lines[i]))
      return 0;
  return g->n > 0;
}

static int is_caption(const group *g) {
  return g->repeated || starts_with(&g->lines[0], "FILE - ") ||
         starts_with(&g->lines[0], "FILE \xE2\x80\x93 ") ||
         starts_with(&g->lines[0], "FILE \xE2\x80\x94 ");
}

static int is_top_byline(const group *g) {
  return single(g) && starts_with(&g->lines[0], "By ") &&
         words(&g->lines[0]) <= 8 && !ends_sentence(&g->lines[0]);
}

/* A name line between the headline and the story ("Jane Doe", "Jane
 * Doe, VOA News"): at most six words, no sentence end, and at least
 * half of the words capitalized, the first among them. */
static int is_name_line(const group *g) {
  const line *l = &g->lines[0];
  if (!single(g) || words(l) > 6 || ends_sentence(l) || l->len == 0 ||
      !(l->s[0] >= 'A' && l->s[0] <= 'Z'))
    return 0;
  size_t caps = 0;
  for (size_t i = 0; i < l->len; i++)
    if ((i == 0 || l->s[i - 1] == ' ') && l->s[i] >= 'A' && l->s[i] <= 'Z')
      caps++;
  return caps * 2 >= words(l);
}

/* A closing byline candidate: short, no sentence end. */
static int is_end_byline(const group *g) {
  return single(g) && words(&g->lines[0]) <= 5 && !ends_sentence(&g->lines[0]);
}

/* Text the story is made of: it ends a sentence and is not a stub. */
static size_t group_words(const group *g) {
  size_t n = 0;
  for (size_t i = 0; i < g->n; i++)
    n += words(&g->lines[i]);
  return n;
}

static int is_prose(const group *g) {
  size_t n = group_words(g);
  return !is_caption(g) && n >= 6 && ends_sentence(&g->lines[g->n - 1]);
}

static int is_dateline_word(const char *w, size_t n) {
  unsigned char c = (unsigned char)w[0];
  (void)n;
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '(' ||
         c >= 0x80;
}

/* Length of a dateline opening the paragraph ("KYIV, Ukraine —",
 * "NEW YORK (AP) -"), without the dash; 0 when there is none. The first
 * word is in capitals; the place has at most six words, each
 * capitalized, a number or in parentheses, so that a sentence with a
 * dash ("NATO countries agreed - ...") is not taken for one. */
static size_t dateline_len(const char *s, size_t len, size_t *text_start) {
  static const char *const dashes[] = {" \xE2\x80\x94 ", " \xE2\x80\x93 ",
                                       " - ", " -- "};
  size_t caps = 0;
  while (caps < len && ((s[caps] >= 'A' && s[caps] <= 'Z') || s[caps] == '.'))
    caps++;
  if (caps < 2 || (caps < len && s[caps] != ',' && s[caps] != ' '))
    return 0;
  size_t nwords = 1;
  for (size_t i = caps; i < len && i <= 64; i++) {
    for (size_t d = 0; d < sizeof(dashes) / sizeof(dashes[0]); d++) {
      size_t dl = strlen(dashes[d]);
      if (i + dl <= len && memcmp(s + i, dashes[d], dl) == 0) {
        *text_start = i + dl;
        return i;
      }
    }
    if (s[i] == ' ' && i + 1 < len && s[i + 1] != ' ') {
      if (++nwords > 6 || !is_dateline_word(s + i + 1, len - i - 1))
        return 0;
    }
  }
  return 0;
}

/* ---- building the article ----------------------------------------------- */

/* Appends s without the characters XML cannot carry (controls pasted
 * from a page would make the article unpublishable). */
static int put_clean(nl_buf *t, const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t j = i;
    uint32_t c = nl_utf8__next(s, n, &j);
    int blank = c == ' ' || c == '\t';
    /* runs of spaces and tabs are layout, not text: one space */
    if (blank && t->size > 0 && t->ptr[t->size - 1] == ' ') {
      i = j;
      continue;
    }
    if (blank ? nl_buf__putc(t, ' ') < 0
              : nl_utf8__xml_char(c) && c != '\r' &&
                    nl_buf__put(t, s + i, j - i) < 0)
      return NL_ENOMEM;
    i = j;
  }
  return 0;
}

static int add_joined(nl_article *a, nl_block_kind kind, const group *g,
                      size_t skip, nl_error *err) {
  nl_buf t = NL_BUF_INIT;
  int rc = 0;
  for (size_t i = 0; i < g->n && rc == 0; i++) {
    const char *s = g->lines[i].s + (i == 0 ? skip : 0);
    size_t n = g->lines[i].len - (i == 0 ? skip : 0);
    if ((t.size && nl_buf__putc(&t, ' ') < 0) || put_clean(&t, s, n) < 0)
      rc = nl_error__nomem(err);
  }
  if (rc == 0 && t.size)
    rc = nl_article_add_block(a, kind, NULL, t.ptr, t.size, NULL, err);
  nl_buf_dispose(&t);
  return rc;
}

static int add_paragraph(nl_article *a, const group *g, int first,
                         nl_error *err) {
  size_t start = 0, dl = first ? dateline_len(g->lines[0].s,
                                               g->lines[0].len, &start)
                               : 0;
  if (dl > 0) {
    nl_buf t = NL_BUF_INIT;
    int rc = put_clean(&t, g->lines[0].s, dl) < 0 ? nl_error__nomem(err) : 0;
    if (rc == 0 && t.size)
      rc = nl_article_add_block(a, NL_BLOCK_DATELINE, NULL, t.ptr, t.size,
                                NULL, err);
    nl_buf_dispose(&t);
    if (rc < 0)
      return rc;
  }
  return add_joined(a, NL_BLOCK_PARAGRAPH, g, dl ? start : 0, err);
}

/* The month a word names (its first three letters, "Sept." too), 1-12,
 * and where the word ends; 0 when it names none. */
static int month_at(const char *p, const char **end) {
  static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
                                       "May", "Jun", "Jul", "Aug",
                                       "Sep", "Oct", "Nov", "Dec"};
  for (int m = 0; m < 12; m++) {
    if (strncmp(p, months[m], 3) != 0)
      continue;
    const char *q = p + 3;
    while ((*q >= 'a' && *q <= 'z') || *q == '.')
      q++;
    *end = q;
    return m + 1;
  }
  return 0;
}

static int valid_date(int y, int m, int d) {
  return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Skips what may precede a written-out date: "Updated:", "Published on",
 * a weekday ("Tuesday,"). */
static const char *skip_date_prefix(const char *p) {
  static const char *const prefixes[] = {
      "Last updated", "Updated", "Published", "Posted", "on", ":", ",",
      "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
      "Sunday"};
  for (int again = 1; again;) {
    again = 0;
    while (*p == ' ')
      p++;
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
      size_t n = strlen(prefixes[i]);
      if (strlen(p) >= n && ascii_ieq(p, prefixes[i], n)) {
        p += n;
        again = 1;
        break;
      }
    }
  }
  return p;
}

/* A line that is a date written out: "March 3, 2026", "Sept. 11, 2024
 * 10:15 AM", "Updated: Tuesday, March 3, 2026", "3 March 2026",
 * "2026-03-03". The publication date; *iso gets YYYY-MM-DD. */
static int date_line(const group *g, char iso[11]) {
  if (!single(g) || g->lines[0].len > 60)
    return 0;
  char text[64];
  snprintf(text, sizeof(text), "%.*s", (int)g->lines[0].len, g->lines[0].s);
  const char *p = skip_date_prefix(text), *q;
  int y = 0, m = 0, d = 0, n = 0;
  if ((m = month_at(p, &q)) > 0) {
    if (sscanf(q, " %d, %d%n", &d, &y, &n) != 2)
      return 0;
  } else if (sscanf(p, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3) {
    /* ISO 8601 */
  } else if (sscanf(p, "%2d %n", &d, &n) == 1 && (m = month_at(p + n, &q))) {
    if (sscanf(q, " %d%n", &y, &n) != 1)
      return 0;
  } else
    return 0;
  if (!valid_date(y, m, d))
    return 0;
  snprintf(iso, 11, "%04d-%02d-%02d", y, m, d);
  return 1;
}

/* A short group that is still a sentence of the story (two words or
 * more ending in . ! ? or an ellipsis): what comes above the headline
 * is taken for the page's chrome, so a headline found after such text
 * would drop the story's opening paragraphs without a word. */
static int is_sentence(const group *g) {
  const line *l = &g->lines[g->n - 1];
  uint32_t c = last_char(l);
  return !is_caption(g) && group_words(g) >= 2 &&
         (c == '.' || c == '!' || c == '?' || c == 0x2026);
}

/* The headline: the longest title (in words; the later one on a tie)
 * before the first prose group, captions, dates and "By" lines not
 * counted. What surrounds a headline is shorter: section labels,
 * names ("Jane Doe, VOA News"), kickers, tools ("Listen to this
 * article"). Without prose, the first title of four words or more.
 * Returns p->n when there is none. */
static size_t find_headline(const page *p) {
  char iso[11];
  size_t body = 0, best = p->n, best_words = 1;
  while (body < p->n && !is_prose(&p->g[body]) && !is_sentence(&p->g[body]))
    body++;
  for (size_t i = 0; i < body; i++) {
    const group *g = &p->g[i];
    if (is_caption(g) || date_line(g, iso) || is_top_byline(g) ||
        !is_title(g, 2) || words(&g->lines[0]) < best_words)
      continue;
    best = i;
    best_words = words(&g->lines[0]);
  }
  for (size_t i = 0; best == p->n && i < p->n; i++)
    if (is_title(&p->g[i], 4) && !is_caption(&p->g[i]) &&
        !date_line(&p->g[i], iso))
      best = i;
  return best;
}

/* Whether the short line at `i` closes the story: after it come at most
 * one prose group (the tagline, right after it) and otherwise only
 * titles and captions (related stories). A short line with more prose
 * after it is a subhead inside the story. */
static int closes_story(const page *p, size_t i) {
  if (!is_end_byline(&p->g[i]))
    return 0;
  for (size_t k = i + 2; k < p->n; k++)
    if (ends_sentence(&p->g[k].lines[p->g[k].n - 1]) && !is_caption(&p->g[k]))
      return 0;
  return 1;
}

typedef enum phase { BEFORE_BODY, IN_BODY, AFTER_BYLINE } phase;

/* The label over the headline, without what XML cannot carry (as the
 * blocks' text, put_clean): a control pasted into it is noise too. */
static int set_section(nl_article *a, const group *g, nl_error *err) {
  const line *l = &g->lines[g->n - 1];
  char *sec = nl__strndup(l->s, l->len);
  if (sec)
    sec[nl_utf8__xml_strip(sec, strlen(sec))] = '\0';
  int rc = !sec    ? nl_error__nomem(err)
           : *sec ? nl_article_set(a, NL_FIELD_SECTION, sec, err)
                  : 0;
  free(sec);
  return rc;
}

static int build(nl_article *a, const page *p, nl_error *err) {
  size_t h = find_headline(p);
  int rc = 0;
  size_t body_from = 0;
  if (h < p->n) {
    if (h > 0 && is_label(&p->g[h - 1]))
      rc = set_section(a, &p->g[h - 1], err);
    if (rc == 0)
      rc = add_joined(a, NL_BLOCK_HEADLINE, &p->g[h], 0, err);
    body_from = h + 1;
  }
  size_t last_prose = p->n;
  for (size_t i = p->n; i-- > body_from && last_prose == p->n;)
    if (is_prose(&p->g[i]))
      last_prose = i;
  phase ph = BEFORE_BODY;
  for (size_t i = body_from; i < p->n && rc == 0; i++) {
    const group *g = &p->g[i];
    char iso[11];
    if (is_caption(g))
      rc = add_joined(a, NL_BLOCK_CAPTION, g, 0, err);
    else if (ph == BEFORE_BODY && date_line(g, iso)) {
      if (nl_article_get(a, NL_FIELD_DATE) == NULL)
        rc = nl_article_set(a, NL_FIELD_DATE, iso, err);
    } else if (ph == AFTER_BYLINE && ends_sentence(&g->lines[g->n - 1]))
      rc = add_joined(a, NL_BLOCK_TAGLINE, g, 0, err);
    else if (ph == AFTER_BYLINE)
      continue; /* titles of related stories and such: the page, not us */
    else if (ph == BEFORE_BODY && (is_top_byline(g) || is_name_line(g)))
      rc = add_joined(a, NL_BLOCK_BYLINE, g, 0, err);
    else if (ph == IN_BODY && closes_story(p, i)) {
      rc = add_joined(a, NL_BLOCK_BYLINE, g, 0, err);
      ph = AFTER_BYLINE;
    } else if (ph == IN_BODY && i > last_prose && is_title(g, 1) &&
               words(&g->lines[0]) <= 15)
      continue; /* a related story's title after the story's end */
    else {
      rc = add_paragraph(a, g, ph == BEFORE_BODY, err);
      ph = IN_BODY;
    }
  }
  return rc;
}

static int set_identity(nl_article *a, nl_error *err) {
  int rc = nl_article_set(a, NL_FIELD_LANG, "en", err);
  nl_buf slug = NL_BUF_INIT;
  const nl_block *first = nl_article_block(a, 0);
  for (size_t i = 0; i < nl_article_block_count(a); i++)
    if (nl_block_get_kind(nl_article_block(a, i)) == NL_BLOCK_HEADLINE) {
      first = nl_article_block(a, i);
      break;
    }
  size_t len = 0;
  const char *t = first ? nl_block_text(first, &len) : "";
  if (rc == 0)
    rc = nl_article__slug(&slug, t, len, err);
  if (rc == 0)
    rc = nl_article_set(a, NL_FIELD_ID, slug.ptr, err);
  nl_buf_dispose(&slug);
  return rc;
}

int nl_article__read_text(nl_article **out, const char *data, size_t len,
                          const char *name, nl_error *err) {
  chrome c = {0};
  page p = {0};
  nl_article *a = NULL;
  int rc = chrome_load(&c, err);
  if (rc == 0 && split_page(&p, &c, data, len) < 0)
    rc = nl_error__nomem(err);
  if (rc == 0)
    rc = nl_article_new(&a, err);
  if (rc == 0)
    rc = build(a, &p, err);
  if (rc == 0 && nl_article_block_count(a) == 0)
    rc = nl_error__set(err, NL_EPARSE, name, 0, 0, "no article text found");
  if (rc == 0)
    rc = set_identity(a, err);
  page_free(&p);
  chrome_free(&c);
  if (rc < 0) {
    nl_article_free(a);
    return rc;
  }
  *out = a;
  return 0;
}
