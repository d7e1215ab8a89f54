/*
 * check_scan.c - runs of text from XML or plain text, with positions.
 *
 * This is not an XML parser: the checks need each character's byte in
 * the file, which libxml2 does not keep, and they must see what libxml2
 * refuses or rewrites. XLIFF and TMX are still parsed by libxml2 for the
 * source/target comparison, which reports malformed files exactly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "check_scan.h"
#include "error.h"
#include "lang.h"
#include "util/buf.h"
#include "util/utf8.h"

#define MAX_DEPTH 256

typedef struct frame {
  char lang[48];
  int role;
  int skip;   /* content is code or metadata, not text */
} frame;

/* The run being built; an attribute value's run is built in a fresh one
 * while the element's text waits. */
typedef struct run_buf {
  nl_buf text;
  size_t direct;        /* the run so far is the file's bytes
                           [base, base + direct), not copied: most runs
                           are one piece of the file and never are */
  nl_run_piece *map;    /* where the run's bytes are in the file, */
  size_t nmap, mapcap;  /* when mapped */
  int mapped;           /* 0 while the run is the file's bytes */
  size_t base;
  size_t *tags, ntags, tagcap;
  int started, role;
  size_t pend_at, pend; /* white space that would start the run, held
                           back: between two block elements it is
                           dropped unread, before anything else it goes
                           in first (the run as if it had started there) */
  int odd;              /* a byte of the run may be other than printable
                           ASCII, tab, LF, CR (0: none is, for sure) */
  int unsure;           /* odd without a look (CDATA, an attribute's
                           value): 0 when odd means one is, for sure */
  char lang[48];
} run_buf;

typedef struct scanner {
  nl_check_ctx *c;
  const char *s;
  size_t len;
  nl_run_fn fn;
  void *ud;
  frame st[MAX_DEPTH];
  int depth;
  char src_lang[48], trg_lang[48];
  run_buf b;            /* the run being built */
  size_t quote[4][2];   /* the tag's first quoted values as markup()
                           found them (opening and closing quote): */
  size_t nquote;        /* read_attrs() need not look for them again */
  int general;          /* tests: no block() (the general path alone) */
} scanner;

static int is_space(char ch) {
  unsigned char b = (unsigned char)ch; /* (one test: a bit of a mask) */
  return b <= ' ' && (((uint64_t)1 << ' ' | (uint64_t)1 << '\t' |
                       (uint64_t)1 << '\n' | (uint64_t)1 << '\r') >> b) & 1;
}

/* The local name of a qualified one (no prefix). */
static void local_name(const char **n, size_t *nl) {
  for (size_t k = 0; k < *nl; k++)
    if ((*n)[k] == ':') {
      *n += k + 1;
      *nl -= k + 1;
      return;
    }
}

/* `n` is a local name. */
static int name_is(const char *n, size_t nl, const char *want, size_t wl) {
  return nl == wl && memcmp(n, want, nl) == 0;
}

/* Sorted (strcmp order) for bsearch on the local name. */
static const char *const inline_names[] = {
  "a", "abbr", "alt-code", "b", "bdi", "bdo", "big", "bpt", "br", "bx",
  "chron", "cite", "classifier", "code", "copyrite", "copyrite.holder",
  "copyrite.year", "ec", "em", "ept", "event", "ex", "function", "g", "hi",
  "i", "it", "lang", "location", "mark", "money", "mrk", "num",
  "object.title", "org", "pc", "person", "ph", "pronounce", "q", "s", "sc",
  "sm", "small", "span", "strong", "sub", "sup", "u", "ut", "virtloc", "x"};
static const char *const skipped_names[] = {
  "alt-trans", "bpt", "data", "ept", "it", "matches", "originalData", "ph",
  "prop", "script", "style", "ut"};

typedef struct key {
  const char *s;
  size_t n;
} key;

static int cmp_name(const void *k, const void *e) {
  const key *a = k;
  const unsigned char *b = *(const unsigned char *const *)e;
  const unsigned char *s = (const unsigned char *)a->s;
  /* the table's name may end first, even where the key holds a NUL */
  for (size_t i = 0; i < a->n; i++)
    if (b[i] == '\0' || s[i] != b[i])
      return b[i] ? (int)s[i] - (int)b[i] : 1;
  return b[a->n] ? -1 : 0;
}

/* `n` is a local name. */
static int in_table(const char *n, size_t nl, const char *const *t,
                    size_t count) {
  key k = {n, nl};
  return bsearch(&k, t, count, sizeof(*t), cmp_name) != NULL;
}

static int is_inline(const char *n, size_t nl) {
  if (nl == 1) { /* <p> and <a> most of all: a, b, g, i, q, s, u, x */
    unsigned k = (unsigned char)n[0] - 'a';
    return k < 26 && ((1u << 0 | 1u << 1 | 1u << 6 | 1u << 8 | 1u << 16 |
                       1u << 18 | 1u << 20 | 1u << 23) >> k) & 1;
  }
  return in_table(n, nl, inline_names,
                  sizeof(inline_names) / sizeof(inline_names[0]));
}

static int is_skipped(const char *n, size_t nl) {
  return nl > 1 && in_table(n, nl, skipped_names,
                            sizeof(skipped_names) / sizeof(skipped_names[0]));
}

/* ---- the run ------------------------------------------------------------ */

/* What check.c takes as plain ASCII (its runs need no character walk). */
static int plain_byte(unsigned char b) {
  return (b >= 0x20 && b < 0x7F) || b == '\t' || b == '\n' || b == '\r';
}

/* A piece of the run from decoded byte `dec` on: from file offset
 * `from` (`same`: every byte stands for the reference there). */
static int add_piece(run_buf *b, size_t dec, size_t from, int same) {
  const nl_run_piece *last = b->nmap ? &b->map[b->nmap - 1] : NULL;
  if (last && !same && !last->same && last->file + (dec - last->dec) == from)
    return 0; /* the piece before goes on */
  if (b->nmap == b->mapcap) {
    size_t cap = b->mapcap ? b->mapcap * 2 : 16;
    nl_run_piece *p = realloc(b->map, cap * sizeof(*p));
    if (p == NULL)
      return NL_ENOMEM;
    b->map = p;
    b->mapcap = cap;
  }
  b->map[b->nmap++] = (nl_run_piece){dec, from, same};
  return 0;
}

static int map_push(scanner *sc, size_t from, int same) {
  return add_piece(&sc->b, sc->b.text.size, from, same);
}

/* The run's bytes are no longer the file's in one piece: the bytes so
 * far are its first piece. */
static int need_map(scanner *sc) {
  if (sc->b.mapped)
    return 0;
  sc->b.mapped = 1;
  sc->b.nmap = 0;
  return sc->b.text.size ? add_piece(&sc->b, 0, sc->b.base, 0) : 0;
}

/* The run's text so far is copied out of the file: it is about to
 * become more than one piece of it. */
static int materialize(scanner *sc) {
  size_t n = sc->b.direct;
  sc->b.direct = 0;
  return n && nl_buf__put(&sc->b.text, sc->s + sc->b.base, n) < 0 ? NL_ENOMEM
                                                                 : 0;
}

/* The run's text and its length. */
static const char *run_text(const scanner *sc, size_t *len) {
  *len = sc->b.text.size + sc->b.direct;
  return sc->b.direct ? sc->s + sc->b.base : sc->b.text.ptr;
}

static void start_run(scanner *sc, size_t at) {
  if (sc->b.started)
    return;
  sc->b.started = 1;
  sc->b.base = at;
  const frame *f = &sc->st[sc->depth];
  sc->b.role = f->role;
  memcpy(sc->b.lang, f->lang, sizeof(sc->b.lang));
}

static int put_bytes_any(scanner *sc, size_t at, size_t n);

/* The white space held back goes into the run now. */
static int put_pending(scanner *sc) {
  size_t n = sc->b.pend;
  sc->b.pend = 0;
  return put_bytes_any(sc, sc->b.pend_at, n);
}

/* File bytes [at, at+n) that follow the run's own uncopied bytes: the
 * run grows over them (1), nothing copied; else 0. */
static inline int extend_direct(scanner *sc, size_t at, size_t n) {
  if (sc->b.mapped || sc->b.text.size != 0 ||
      at != sc->b.base + sc->b.direct)
    return 0;
  sc->b.direct += n;
  return 1;
}

/* Appends file bytes [at, at+n) as text. */
static int put_bytes_any(scanner *sc, size_t at, size_t n) {
  if (sc->b.pend && put_pending(sc) < 0)
    return NL_ENOMEM;
  start_run(sc, at);
  if (extend_direct(sc, at, n))
    return 0;
  if (materialize(sc) < 0)
    return NL_ENOMEM;
  if (!sc->b.mapped && at != sc->b.base + sc->b.text.size && need_map(sc) < 0)
    return NL_ENOMEM;
  if (sc->b.mapped && map_push(sc, at, 0) < 0)
    return NL_ENOMEM;
  return nl_buf__put(&sc->b.text, sc->s + at, n) < 0 ? NL_ENOMEM : 0;
}

/* The same; most text is the file's bytes that follow the run so far,
 * settled here without the general case's calls. */
static int put_bytes(scanner *sc, size_t at, size_t n) {
  if (!sc->b.pend) {
    start_run(sc, at);
    if (extend_direct(sc, at, n))
      return 0;
  }
  return put_bytes_any(sc, at, n);
}

/* Appends decoded bytes that stand for file bytes starting at `at`. */
static int put_decoded(scanner *sc, size_t at, const char *d, size_t n) {
  if (sc->b.pend && put_pending(sc) < 0)
    return NL_ENOMEM;
  start_run(sc, at);
  for (size_t k = 0; k < n; k++)
    sc->b.odd |= !plain_byte((unsigned char)d[k]);
  if (materialize(sc) < 0 || need_map(sc) < 0 || map_push(sc, at, 1) < 0)
    return NL_ENOMEM;
  return nl_buf__put(&sc->b.text, d, n) < 0 ? NL_ENOMEM : 0;
}

static int add_tag(scanner *sc) {
  if (sc->b.pend && put_pending(sc) < 0)
    return NL_ENOMEM;
  if (!sc->b.started)
    return 0;
  if (sc->b.ntags == sc->b.tagcap) {
    size_t cap = sc->b.tagcap ? sc->b.tagcap * 2 : 8;
    size_t *p = realloc(sc->b.tags, cap * sizeof(size_t));
    if (p == NULL)
      return NL_ENOMEM;
    sc->b.tags = p;
    sc->b.tagcap = cap;
  }
  sc->b.tags[sc->b.ntags++] = sc->b.text.size + sc->b.direct;
  return 0;
}

static int only_space(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!is_space(s[i]))
      return 0;
  return 1;
}

static int flush(scanner *sc, size_t end) {
  if (!sc->b.started) { /* (every block's start tag: nothing to flush,
                           nothing put, white space held back at most) */
    sc->b.direct = 0;
    sc->b.mapped = 0;
    sc->b.ntags = 0;
    sc->b.odd = sc->b.unsure = 0;
    sc->b.pend = 0;
    return 0;
  }
  int rc = 0;
  size_t tl;
  const char *t = run_text(sc, &tl);
  if (sc->b.started && !only_space(t, tl)) {
    if (sc->b.mapped && map_push(sc, end, 1) < 0)
      return NL_ENOMEM;
    nl_run r = {t, tl, sc->b.base,
                sc->b.mapped ? sc->b.map : NULL, sc->b.nmap, sc->b.tags,
                sc->b.ntags, sc->b.lang[0] ? sc->b.lang : NULL, 0, sc->b.role,
                sc->b.base == 0, !sc->b.odd, sc->b.odd && !sc->b.unsure};
    rc = sc->fn(sc->c, &r, sc->ud);
  }
  if (sc->b.text.size) /* (most runs are the file's bytes, never copied) */
    nl_buf__clear(&sc->b.text);
  sc->b.direct = 0;
  sc->b.mapped = 0;
  sc->b.ntags = 0;
  sc->b.started = 0;
  sc->b.odd = sc->b.unsure = 0;
  sc->b.pend = 0;
  return rc;
}

/* ---- entities ----------------------------------------------------------- */

/* Decodes the reference at s[i] ('&'); returns its length, 0 when it is
 * not one (the '&' is then text). */
static size_t entity(scanner *sc, size_t i, char *out, size_t *olen,
                     uint32_t *cp) {
  const char *s = sc->s;
  size_t j = i + 1;
  while (j < sc->len && j - i < 12 && s[j] != ';')
    j++;
  if (j >= sc->len || s[j] != ';')
    return 0;
  const char *n = s + i + 1;
  size_t nl = j - i - 1;
  static const struct { const char *n; char c; } named[] = {
    {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
  *cp = 0;
  for (size_t k = 0; k < 5; k++)
    if (strlen(named[k].n) == nl && memcmp(n, named[k].n, nl) == 0) {
      out[0] = named[k].c;
      *olen = 1;
      return j - i + 1;
    }
  if (nl < 2 || n[0] != '#')
    return 0;
  int hex = n[1] == 'x';
  unsigned long v = 0;
  for (size_t k = hex ? 2 : 1; k < nl; k++) {
    char ch = n[k];
    int d = ch >= '0' && ch <= '9'   ? ch - '0'
            : hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
            : hex && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                            : -1;
    if (d < 0 || v > 0x10FFFF)
      return 0;
    v = v * (hex ? 16 : 10) + (unsigned long)d;
  }
  if (v > 0x10FFFF || v == 0)
    return 0;
  *cp = (uint32_t)v;
  *olen = (v >= 0xD800 && v <= 0xDFFF) ? 0 : nl_utf8__encode((uint32_t)v, out);
  return j - i + 1;
}

/* The reference at s[j] ('&'): decoded into the run, or reported (a
 * surrogate); how many bytes it takes, 0 when it is none (the '&' is
 * then text). */
static int reference(scanner *sc, size_t j, size_t *el) {
  char d[8];
  size_t dl = 0;
  uint32_t cp = 0;
  *el = entity(sc, j, d, &dl, &cp);
  if (*el == 0)
    return put_bytes(sc, j, 1) < 0 ? NL_ENOMEM : 0;
  if (cp >= 0xD800 && cp <= 0xDFFF)
    return nl_chk__emit_raw(sc->c, "surrogate", j, (long)cp,
                            "character reference to the surrogate "
                            "U+%04X: not a character",
                            (unsigned)cp);
  return put_decoded(sc, j, d, dl) < 0 ? NL_ENOMEM : 0;
}

/* An attribute value's text, s[i..end). */
static int text_at(scanner *sc, size_t i, size_t end) {
  if (sc->st[sc->depth].skip)
    return 0;
  sc->b.odd = sc->b.unsure = 1; /* (not looked at: the driver does) */
  while (i < end) {
    const char *amp = memchr(sc->s + i, '&', end - i);
    size_t j = amp ? (size_t)(amp - sc->s) : end;
    if (j > i && put_bytes(sc, i, j - i) < 0)
      return NL_ENOMEM;
    if (j >= end)
      break;
    size_t el;
    int rc = reference(sc, j, &el);
    if (rc < 0)
      return rc;
    i = j + (el ? el : 1);
  }
  return 0;
}

/* The first '<' or '&' of s[i..end) (end when none); *odd set when a
 * byte before it is not plain (plain_byte()). One look at each byte of
 * character data finds where it ends and whether the driver must walk
 * it: 16 at a time, the bytes below 0x20 or from 0x7F on found with the
 * markup (signed, the bytes from 0x80 on are below 0x20 too), tab,
 * LF and CR taken out. */
static size_t data_end(const char *s, size_t i, size_t end, int *odd) {
  int u = *odd;
#ifdef __SSE2__
  const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&');
  const __m128i below = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
  for (; i + 16 <= end; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    unsigned stop = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)));
    size_t n = stop ? (size_t)__builtin_ctz(stop) : 16;
    if (!u) {
      unsigned bad = (unsigned)_mm_movemask_epi8(
          _mm_or_si128(_mm_cmplt_epi8(v, below), _mm_cmpeq_epi8(v, del)));
      if (bad) { /* tab, LF, CR are plain */
        __m128i ws = _mm_or_si128(
            _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
        bad &= ~(unsigned)_mm_movemask_epi8(ws) & ((1u << n) - 1);
        u = bad != 0;
      }
    }
    if (stop) {
      *odd = u;
      return i + n;
    }
  }
#endif
  for (; i < end && s[i] != '<' && s[i] != '&'; i++)
    u |= !plain_byte((unsigned char)s[i]);
  *odd = u;
  return i;
}

/* Character data from s[*pi] to the next markup (or the end of the
 * file): into the run, references decoded. */
static int char_data(scanner *sc, size_t *pi) {
  const char *s = sc->s;
  size_t i = *pi, len = sc->len;
  if (sc->st[sc->depth].skip) {
    const char *lt = memchr(s + i, '<', len - i);
    *pi = lt ? (size_t)(lt - s) : len;
    return 0;
  }
  if (!sc->b.started && !sc->b.pend && len - i >= 2 && is_space(s[i]) &&
      s[i + 1] == '<') { /* the line break after </p>: as below, held */
    sc->b.pend_at = i;
    sc->b.pend = 1;
    *pi = i + 1;
    return 0;
  }
  while (i < len) {
    int odd = sc->b.odd;
    size_t j = data_end(s, i, len, &odd);
    if (j > i && !sc->b.started && !sc->b.pend && only_space(s + i, j - i)) {
      sc->b.pend_at = i; /* (the line break between two paragraphs) */
      sc->b.pend = j - i;
    } else if (j > i) {
      if (put_bytes(sc, i, j - i) < 0)
        return NL_ENOMEM;
      sc->b.odd = odd;
    }
    i = j;
    if (i >= len || s[i] == '<')
      break;
    size_t el;
    int rc = reference(sc, i, &el);
    if (rc < 0)
      return rc;
    i += el ? el : 1;
  }
  *pi = i;
  return 0;
}

/* ---- tags --------------------------------------------------------------- */

/* The length of a value too long to keep whole (48 bytes and more): its
 * part before the first extension or private use ("fa-IR" of
 * "fa-IR-u-nu-arabext-x-..."), which is all that says which language it
 * is (RFC 5646 shortens a tag the same way), when that fits; else the
 * first 47 bytes, of a value no tag of a known language is, cut before
 * a character rather than inside one (messages quote it: a report must
 * stay UTF-8). */
static size_t lang_kept(const char *v, size_t n) {
  size_t part = nl_lang__part_len(v, n);
  return part < 48 ? part : nl_utf8__fit(v, n, 47);
}

/* A language attribute's value as the checks use it, as a tag and in
 * messages. Messages are one line each (a text report is a finding a
 * line), so the value is read as XML reads attribute values: a tab or
 * a line break is a space, and any other control character, which no
 * language tag and no well-formed XML holds, is shown as '?'. */
static void set_lang(char *dst, const char *v, size_t n) {
  if (n >= 48)
    n = lang_kept(v, n);
  for (size_t i = 0; i < n; i++) {
    unsigned char b = (unsigned char)v[i];
    dst[i] = b >= 0x20 && b != 0x7F          ? (char)b
             : b == '\t' || b == '\n' || b == '\r' ? ' '
                                                    : '?';
  }
  dst[n] = '\0';
}

/* An attribute value that is not plain ASCII is a run of its own. */
static int attr_run(scanner *sc, size_t at, size_t n) {
  unsigned char high = 0; /* (a loop the compiler can vectorize) */
  for (size_t k = 0; k < n; k++)
    high |= (unsigned char)sc->s[at + k];
  int plain = high < 0x80 && memchr(sc->s + at, '&', n) == NULL;
  if (plain || sc->st[sc->depth].skip)
    return 0;
  run_buf keep = sc->b;
  memset(&sc->b, 0, sizeof(sc->b));
  int rc = text_at(sc, at, at + n);
  size_t tl;
  const char *t = run_text(sc, &tl);
  if (rc == 0 && sc->b.started && !only_space(t, tl)) {
    if (sc->b.mapped && map_push(sc, at + n, 1) < 0)
      rc = NL_ENOMEM;
    nl_run r = {t, tl, sc->b.base,
                sc->b.mapped ? sc->b.map : NULL, sc->b.nmap, NULL,
                0, sc->b.lang[0] ? sc->b.lang : NULL, 1, NL_RUN_TEXT, 0, 0, 0};
    if (rc == 0)
      rc = sc->fn(sc->c, &r, sc->ud);
  }
  nl_buf_dispose(&sc->b.text);
  free(sc->b.map);
  free(sc->b.tags);
  sc->b = keep;
  return rc;
}

typedef struct attrs {
  const char *dir;
  size_t dir_len, dir_at;
  int has_lang;
} attrs;

/* The bytes that end an attribute's name (a table: one look a byte). */
static const unsigned char attr_name_end[256] = {
    ['='] = 1, ['/'] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1};

/* (16 bytes at a time where the file has them, names being some bytes
 * long: "xml:lang") */
size_t nl_chk__attr_name_end(const char *s, size_t i, size_t end,
                              size_t len) {
#ifdef __SSE2__
  for (; i < end && len - i >= 16; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('=')),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('/'))),
        _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')))));
    unsigned m = (unsigned)_mm_movemask_epi8(hit);
    if (m) {
      size_t at = i + (size_t)__builtin_ctz(m);
      return at < end ? at : end;
    }
  }
  if (i > end)
    return end;
#else
  (void)len;
#endif
  while (i < end && !attr_name_end[(unsigned char)s[i]])
    i++;
  return i;
}

/* Reads the attributes of the tag s[i..end) into frame `f`. */
static int read_attrs(scanner *sc, size_t i, size_t end, frame *f,
                      attrs *a) {
  const char *s = sc->s;
  size_t k = 0, vs; /* (the next of sc->quote) */
  while (i < end) {
    while (i < end && (is_space(s[i]) || s[i] == '/'))
      i++;
    size_t ns = i;
    i = nl_chk__attr_name_end(s, i, end, sc->len);
    size_t nl = i - ns;
    while (i < end && is_space(s[i]))
      i++;
    if (i >= end || s[i] != '=')
      continue;
    i++;
    while (i < end && is_space(s[i]))
      i++;
    if (i >= end || (s[i] != '"' && s[i] != '\''))
      return nl_chk__input_error(sc->c, i, "attribute value without quotes");
    while (k < sc->nquote && sc->quote[k][0] < i)
      k++;
    if (k < sc->nquote && sc->quote[k][0] == i) {
      i = sc->quote[k][1]; /* (the same search, markup()'s, within the tag) */
      vs = sc->quote[k++][0] + 1;
    } else {
      char q = s[i++];
      vs = i;
      const char *qe = memchr(s + i, q, end - i);
      i = qe ? (size_t)(qe - s) : end;
    }
    size_t vl = i - vs;
    i++;
    const char *n = s + ns;
    if ((nl == 8 && memcmp(n, "xml:lang", 8) == 0) ||
        (nl == 4 && memcmp(n, "lang", 4) == 0)) {
      set_lang(f->lang, s + vs, vl);
      a->has_lang = 1;
    } else if (nl == 3 && memcmp(n, "dir", 3) == 0) {
      a->dir = s + vs;
      a->dir_len = vl;
      a->dir_at = vs;
    } else if ((nl == 7 && memcmp(n, "srcLang", 7) == 0) ||
               (nl == 15 && memcmp(n, "source-language", 15) == 0) ||
               (nl == 7 && memcmp(n, "srclang", 7) == 0)) {
      set_lang(sc->src_lang, s + vs, vl);
    } else if ((nl == 7 && memcmp(n, "trgLang", 7) == 0) ||
               (nl == 15 && memcmp(n, "target-language", 15) == 0)) {
      set_lang(sc->trg_lang, s + vs, vl);
    } else {
      int rc = attr_run(sc, vs, vl);
      if (rc < 0)
        return rc;
    }
  }
  return 0;
}

/* The element name at s[from..end) (up to a space, '/' or '>'): its
 * local name (after the first ':') in *n, *nl; where the name ends. */
static size_t tag_name(const char *s, size_t from, size_t end,
                       const char **n, size_t *nl) {
  size_t k = from, colon = 0;
  for (; k < end; k++) {
    char ch = s[k];
    if (ch == ' ' || ch == '/' || ch == '>' || ch == '\n' || ch == '\t' ||
        ch == '\r')
      break;
    if (ch == ':' && colon == 0)
      colon = k + 1;
  }
  size_t at = colon ? colon : from;
  *n = s + at;
  *nl = k - at;
  return k;
}

static int start_tag(scanner *sc, size_t i, size_t end, int empty) {
  const char *n;
  size_t nl;
  size_t after = tag_name(sc->s, i + 1, end, &n, &nl); /* the attributes */
  int inl = is_inline(n, nl);
  int rc = inl ? add_tag(sc) : flush(sc, i);
  if (rc < 0)
    return rc;
  if (sc->depth + 1 >= MAX_DEPTH) {
    char msg[80];
    snprintf(msg, sizeof(msg), "elements nested deeper than %d levels, "
             "the checker's limit", MAX_DEPTH - 1);
    return nl_chk__input_error(sc->c, i, msg);
  }
  frame *f = &sc->st[sc->depth + 1];
  *f = sc->st[sc->depth];
  if (name_is(n, nl, "source", 6) || name_is(n, nl, "seg-source", 10)) {
    f->role = NL_RUN_SOURCE;
    memcpy(f->lang, sc->src_lang, sizeof(f->lang));
  } else if (name_is(n, nl, "target", 6)) {
    f->role = NL_RUN_TARGET;
    memcpy(f->lang, sc->trg_lang, sizeof(f->lang));
  }
  if (is_skipped(n, nl))
    f->skip = 1;
  attrs a = {0};
  sc->depth++; /* attribute runs take the element's own language */
  rc = read_attrs(sc, after, end, f, &a);
  if (rc == 0 && name_is(n, nl, "tuv", 3) && a.has_lang)
    f->role = sc->src_lang[0] && strcmp(f->lang, sc->src_lang) == 0
                  ? NL_RUN_SOURCE
                  : NL_RUN_TARGET;
  if (rc == 0 && a.dir)
    rc = nl_chk__bidi_dir(sc->c, f->lang[0] ? f->lang : NULL, a.dir,
                          a.dir_len, a.dir_at);
  if (empty)
    sc->depth--;
  return rc;
}

static int end_tag(scanner *sc, size_t i, size_t end) {
  const char *n = sc->s + i + 2;
  size_t nl = 0;
  while (i + 2 + nl < end && !is_space(n[nl]) && n[nl] != '>')
    nl++;
  local_name(&n, &nl);
  int rc = is_inline(n, nl) ? add_tag(sc) : flush(sc, i);
  if (sc->depth > 0)
    sc->depth--;
  return rc;
}

static size_t find(const char *s, size_t len, size_t from, const char *pat) {
  size_t pl = strlen(pat);
  for (size_t i = from; i + pl <= len; i++)
    if (s[i] == pat[0] && memcmp(s + i, pat, pl) == 0)
      return i;
  return len;
}

static int syntax(scanner *sc, size_t at, const char *what) {
  return nl_chk__input_error(sc->c, at, what);
}

/* Skips a DOCTYPE, its internal subset included. */
static size_t doctype_end(const char *s, size_t len, size_t i) {
  int depth = 0;
  for (; i < len; i++) {
    if (s[i] == '[')
      depth++;
    else if (s[i] == ']')
      depth--;
    else if (s[i] == '>' && depth <= 0)
      return i + 1;
  }
  return len + 1;
}

/* The first '"', '\'', '>' or '<' of s[e..len) (len when none): 16
 * bytes at a time, a tag's name and attributes being mostly none of
 * them. */
static size_t tag_stop(const char *s, size_t e, size_t len) {
#ifdef __SSE2__
  const __m128i q2 = _mm_set1_epi8('"'), q1 = _mm_set1_epi8('\'');
  const __m128i gt = _mm_set1_epi8('>'), lt = _mm_set1_epi8('<');
  for (; e + 16 <= len; e += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + e));
    __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, q2), _mm_cmpeq_epi8(v, q1)),
        _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, lt)));
    unsigned m = (unsigned)_mm_movemask_epi8(hit);
    if (m)
      return e + (size_t)__builtin_ctz(m);
  }
#endif
  for (; e < len; e++)
    if (s[e] == '"' || s[e] == '\'' || s[e] == '>' || s[e] == '<')
      break;
  return e;
}

/* ---- a block element in one go --------------------------------------- */

/* Bytes of a name block() takes: ASCII letters, digits, '-', '_', '.'
 * (a prefix's ':' is the general path's); a table, one look a byte. */
#define L8(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1, [c + 4] = 1, \
              [c + 5] = 1, [c + 6] = 1, [c + 7] = 1
static const unsigned char name_byte[256] = {
    L8('0'), ['8'] = 1, ['9'] = 1, ['-'] = 1, ['_'] = 1, ['.'] = 1,
    L8('A'), L8('I'), L8('Q'), ['Y'] = 1, ['Z'] = 1,
    L8('a'), L8('i'), L8('q'), ['y'] = 1, ['z'] = 1};
#undef L8

/* Where the name from s[k] ends (block()'s names). */
static size_t name_end(const char *s, size_t k, size_t len) {
  while (k < len && name_byte[(unsigned char)s[k]])
    k++;
  return k;
}

/* An element that only cuts runs: not inline, not skipped, no role of
 * its own, not <tuv> (whose role depends on its language). */
static int plain_block(const char *n, size_t nl) {
  if (nl == 1)
    return !is_inline(n, 1);
  return !is_inline(n, nl) && !is_skipped(n, nl) &&
         !name_is(n, nl, "source", 6) && !name_is(n, nl, "seg-source", 10) &&
         !name_is(n, nl, "target", 6) && !name_is(n, nl, "tuv", 3);
}

/* The attributes of a start tag from s[k] (after its name) as block()
 * takes them: none, or one language attribute ("xml:lang" or "lang",
 * double quotes), spaces between; where its '>' is (0: anything else,
 * for the general path), the value in *v, *vl (*v 0: none). */
static size_t plain_attrs(const char *s, size_t k, size_t len, size_t *v,
                          size_t *vl) {
  *v = 0;
  if (k < len && s[k] == '>') /* (<p>, <p xml:lang="fa">: the loop's */
    return k;                 /* answer, found first) */
  if (len - k > 12 && s[k] == ' ' && memcmp(s + k + 1, "xml:lang=\"", 10) == 0) {
    size_t q = k + 11;
    while (q < len && s[q] != '"')
      q++;
    if (len - q > 1 && s[q + 1] == '>') {
      *v = k + 11;
      *vl = q - *v;
      return q + 1;
    }
  }
  for (;;) {
    if (k >= len || (s[k] != '>' && s[k] != ' '))
      return 0;
    while (k < len && s[k] == ' ')
      k++;
    if (k >= len || s[k] == '>')
      return k < len ? k : 0;
    size_t an = len - k >= 10 && memcmp(s + k, "xml:lang=\"", 10) == 0 ? 10
                : len - k >= 6 && memcmp(s + k, "lang=\"", 6) == 0  ? 6
                                                                     : 0;
    if (an == 0 || *v)
      return 0;
    size_t q = k + an; /* (a language tag: a few bytes, no memchr) */
    while (q < len && s[q] != '"')
      q++;
    if (q >= len)
      return 0;
    *v = k + an;
    *vl = q - *v;
    k = q + 1;
  }
}

/* The first '<' or '&' from s[i] (len when none) and whether a byte
 * before it is other than printable ASCII, tab, LF, CR (*odd): 32 bytes
 * a step, one branch each. A byte from 0x80 on settles it; the control
 * characters are looked for while there is none, and only when one of
 * them (or tab, LF, CR) is there are they told apart (data_end()). */
static size_t markup_next(const char *s, size_t i, size_t len, int *odd) {
  size_t from = i;
  unsigned high = 0, ctl = 0;
#ifdef __SSE2__
  const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&');
  const __m128i below = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
  for (; len - i >= 32; i += 32) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
    unsigned stop =
        (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp))) |
        (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(w, lt), _mm_cmpeq_epi8(w, amp)))
            << 16;
    unsigned keep = ~0u;
    if (stop)
      keep = (1u << __builtin_ctz(stop)) - 1;
    unsigned hb = ((unsigned)_mm_movemask_epi8(v) |
                   (unsigned)_mm_movemask_epi8(w) << 16) &
                  keep;
    if ((high | hb) == 0) /* (signed: the bytes from 0x80 on are below too) */
      ctl |= ((unsigned)_mm_movemask_epi8(_mm_or_si128(
                  _mm_cmplt_epi8(v, below), _mm_cmpeq_epi8(v, del))) |
              (unsigned)_mm_movemask_epi8(_mm_or_si128(
                  _mm_cmplt_epi8(w, below), _mm_cmpeq_epi8(w, del)))
                  << 16) &
             keep;
    high |= hb;
    if (stop) {
      i += (size_t)__builtin_ctz(stop);
      break;
    }
  }
#endif
  for (; i < len && s[i] != '<' && s[i] != '&'; i++) {
    unsigned char b = (unsigned char)s[i];
    high |= b >> 7;
    ctl |= b < 0x20 || b == 0x7F;
  }
  *odd = high != 0;
  if (!high && ctl)
    data_end(s, from, i, odd);
  return i;
}

/* Where the end tag at s[j] of the block element named `n` (nl bytes)
 * ends ('>'), when it is a plain one (block()'s names, not inline); 0
 * when not. Its own name, the most common end, is matched byte for
 * byte: a name block() took is neither inline nor ended by '>'. */
static size_t block_end(const char *s, size_t j, size_t len, const char *n,
                        size_t nl) {
  if (len - j < 4 || s[j] != '<' || s[j + 1] != '/')
    return 0;
  size_t m = j + 2, t = 0;
  if (len - m > nl) {
    while (t < nl && s[m + t] == n[t])
      t++;
    if (t == nl && s[m + t] == '>')
      return m + t;
  }
  m = name_end(s, m, len);
  if (m >= len || s[m] != '>' || m == j + 2 || is_inline(s + j + 2, m - j - 2))
    return 0;
  return m;
}

/* The text of a plain block element named `n` (nl bytes) from s[*pi]
 * (language `lang`, role `role`) up to its end tag, when it is the
 * file's bytes alone (no reference, no tag inside) and the end tag is a
 * plain one: handed over as the general path would (white space held
 * and dropped, the run flushed at the end tag), the end tag read; *pi
 * after it, *done 1. Else nothing done. */
static int block_text(scanner *sc, const char *n, size_t nl,
                      const char *lang, int role, size_t *pi, int *done) {
  const char *s = sc->s;
  size_t c0 = *pi, len = sc->len;
  int odd = 0, rc = 0;
  size_t j = markup_next(s, c0, len, &odd);
  size_t m = block_end(s, j, len, n, nl);
  *done = m != 0;
  if (m == 0)
    return 0;
  if (j > c0 && !only_space(s + c0, j - c0)) {
    nl_run r = {s + c0, j - c0, c0, NULL, 0, sc->b.tags, 0,
                lang[0] ? lang : NULL, 0, role, c0 == 0, !odd, odd};
    rc = sc->fn(sc->c, &r, sc->ud);
  }
  *pi = m + 1;
  return rc;
}

/* The start tag at s[i] of a plain block element (<p>, <p
 * xml:lang="fa">): where its '>' is (0: not such a tag), where its
 * name ends (*k), its language value (*v, *vl; *v 0: none). */
static size_t block_tag(const char *s, size_t i, size_t len, size_t *k,
                        size_t *v, size_t *vl) {
  size_t e;
  if (i + 1 >= len || s[i + 1] == '/')
    return 0;
  *k = name_end(s, i + 1, len);
  if (*k == i + 1 || (e = plain_attrs(s, *k, len, v, vl)) == 0 ||
      !plain_block(s + i + 1, *k - i - 1))
    return 0;
  return e;
}

/* The start tag at s[*pi] of a plain block element read without the
 * general path's search for quotes, attributes and flags, and its text
 * and end tag with it when they are plain too (block_text(): then no
 * frame is pushed); most of a news article. The blocks that follow one
 * another, a line break between, are read in the same loop: the break
 * is held as char_data() holds it and dropped as the next start tag's
 * flush() drops it. *done 0 when it is not such a tag (nothing done). */
static int block(scanner *sc, size_t *pi, int *done) {
  const char *s = sc->s;
  size_t i = *pi, len = sc->len, k, v, vl = 0;
  const frame *up = &sc->st[sc->depth];
  char lang[48];
  *done = 0;
  for (;;) {
    size_t e = block_tag(s, i, len, &k, &v, &vl);
    if (e == 0 || sc->depth + 1 >= MAX_DEPTH) {
      if (*done) { /* (held: what follows is the general path's) */
        sc->b.pend_at = i - 1;
        sc->b.pend = 1;
        *pi = i;
      }
      return 0;
    }
    if (!*done) {
      *done = 1;
      int rc = flush(sc, i);
      if (rc < 0)
        return rc;
    }
    if (v)
      set_lang(lang, s + v, vl);
    *pi = e + 1;
    if (up->skip)
      break;
    int whole;
    int rc = block_text(sc, s + i + 1, k - i - 1, v ? lang : up->lang,
                        up->role, pi, &whole);
    if (!whole)
      break;
    size_t a = *pi; /* the line break after the end tag */
    if (rc != 0 || len - a < 2 || s[a + 1] != '<' || !is_space(s[a]))
      return rc;
    i = a + 1;
  }
  frame *f = &sc->st[sc->depth + 1]; /* the general path reads the text */
  *f = *up;
  sc->depth++;
  if (v)
    set_lang(f->lang, s + v, vl);
  return 0;
}

static int markup(scanner *sc, size_t *pi) {
  const char *s = sc->s;
  size_t i = *pi, len = sc->len, e;
  if (len - i >= 2 && s[i + 1] != '!' && s[i + 1] != '?')
    goto tag; /* (most markup: the declarations are looked for after) */
  if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
    e = find(s, len, i + 4, "-->");
    if (e >= len)
      return syntax(sc, i, "unterminated comment");
    *pi = e + 3;
    return add_tag(sc);
  }
  if (len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
    e = find(s, len, i + 9, "]]>");
    if (e >= len)
      return syntax(sc, i, "unterminated CDATA section");
    *pi = e + 3;
    if (sc->st[sc->depth].skip || e == i + 9)
      return 0;
    sc->b.odd = sc->b.unsure = 1; /* (not looked at: the driver does) */
    return put_bytes(sc, i + 9, e - i - 9);
  }
  if (len - i >= 2 && s[i + 1] == '?') {
    e = find(s, len, i + 2, "?>");
    if (e >= len)
      return syntax(sc, i, "unterminated processing instruction");
    *pi = e + 2;
    return 0;
  }
  if (len - i >= 2 && s[i + 1] == '!') {
    e = doctype_end(s, len, i);
    if (e > len)
      return syntax(sc, i, "unterminated declaration");
    *pi = e;
    return 0;
  }
tag:
  if (!sc->general) {
    int done, rc = block(sc, pi, &done);
    if (done)
      return rc;
  }
  /* a tag: '>' outside quoted attribute values ends it (a value is
   * skipped whole) */
  sc->nquote = 0;
  for (e = i + 1; (e = tag_stop(s, e, len)) < len; e++) {
    if (s[e] == '"' || s[e] == '\'') {
      const char *q = memchr(s + e + 1, s[e], len - e - 1);
      if (q == NULL) {
        e = len;
        break;
      }
      if (sc->nquote < 4) {
        sc->quote[sc->nquote][0] = e;
        sc->quote[sc->nquote++][1] = (size_t)(q - s);
      }
      e = (size_t)(q - s);
    } else if (s[e] == '>') {
      break;
    } else if (s[e] == '<') {
      return syntax(sc, i, "'<' inside a tag");
    }
  }
  if (e >= len)
    return syntax(sc, i, "unterminated tag");
  *pi = e + 1;
  if (s[i + 1] == '/')
    return end_tag(sc, i, e);
  return start_tag(sc, i, e, s[e - 1] == '/');
}

static int scan_xml(nl_check_ctx *c, const char *s, size_t len,
                    nl_run_fn fn, void *ud, int general) {
  scanner *sc = calloc(1, sizeof(*sc));
  if (sc == NULL)
    return NL_ENOMEM;
  sc->general = general;
  sc->c = c;
  sc->s = s;
  sc->len = len;
  sc->fn = fn;
  sc->ud = ud;
  int rc = 0;
  size_t i = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (rc == 0 && i < len) {
    if (s[i] != '<')
      rc = char_data(sc, &i);
    if (rc == 0 && i < len)
      rc = markup(sc, &i);
  }
  if (rc == 0)
    rc = flush(sc, len);
  nl_buf_dispose(&sc->b.text);
  free(sc->b.map);
  free(sc->b.tags);
  free(sc);
  return rc;
}

int nl_chk__scan_xml(nl_check_ctx *c, const char *s, size_t len,
                     nl_run_fn fn, void *ud) {
  return scan_xml(c, s, len, fn, ud, 0);
}

int nl_chk__scan_xml_general(nl_check_ctx *c, const char *s, size_t len,
                             nl_run_fn fn, void *ud) {
  return scan_xml(c, s, len, fn, ud, 1);
}

int nl_chk__scan_text(nl_check_ctx *c, const char *s, size_t len,
                      nl_run_fn fn, void *ud) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < len;) {
    const char *nl = memchr(s + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - s) : len;
    size_t e = end > i && s[end - 1] == '\r' ? end - 1 : end;
    if (e > i && !only_space(s + i, e - i)) {
      nl_run r = {s + i, e - i, i, NULL, 0, NULL, 0, NULL, 0, NL_RUN_TEXT,
                  i == 0, 0, 0};
      rc = fn(c, &r, ud);
    }
    i = end + 1;
  }
  return rc;
}
