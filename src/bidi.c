/*
 * bidi.c - bidirectional text that displays as the translator meant.
 *
 * Controls. Embeddings and overrides (LRE, RLE, LRO, RLO, PDF) are never
 * written: they leak their state into what follows and editors cannot
 * see them. Those a translator left are removed, as are isolates that do
 * not pair up in the block.
 *
 * Isolation. In a right-to-left block the candidates are runs that
 * start with a Latin (strong left-to-right) letter - names, acronyms,
 * URLs, addresses - or with a sign or symbol written onto one (#tag,
 * @handle, /path, .NET), or with Latin digits, a sign or a currency
 * symbol before a digit (-5, +1 202, $5); in a left-to-right block,
 * runs that start with an Arabic or Hebrew letter (with a number before
 * it when the run fills a quotation). A run goes on over numbers,
 * separators and neutrals up to the next strong character of the
 * block's own direction, and ends after its last letter and what
 * belongs to it (see run_end: C++, Yahoo!, U.N., digits written onto a
 * word); a number after a space is the sentence's, not the name's.
 *
 * A run never takes in one mark of a bracket pair (UAX #9 BD16) or of a
 * quotation without the other: an isolate there un-mirrors the pair,
 * and the reader sees "(… (".
 *
 * A candidate is isolated (LRI ... PDI, or RLI ... PDI; FSI is left to
 * translators) only when isolating it changes what a reader sees:
 *  1. the block laid out by ICU's ubidi at its service's direction,
 *     with mirrored glyphs, differs with and without the isolate - the
 *     run's own characters out of order, a neighbour's number or mark
 *     pulled into it (Barack Obama ۲ بار showing the ۲ first), a bracket
 *     pair facing one way; runs are judged in order, each with the
 *     isolates chosen before it, and an isolate made needless by a
 *     later one is taken out again; or
 *  2. the run holds the block's first strong character: software that
 *     takes a paragraph's direction from its first strong character
 *     (UAX #9 P2-P3, used by feeds, notifications and dir=auto) would
 *     lay the whole paragraph out the wrong way. P2 skips isolates, so
 *     isolating the run fixes that.
 * A Latin name inside a Persian sentence displays the same either way
 * and is left alone: isolates are invisible but not free (they are
 * characters in the published text, search and copy-paste). A block
 * with letters of the other direction only (an English sentence left
 * untranslated) is left as it is - it gets its own dir - and so is text
 * already inside an isolate the translator wrote.
 *
 * tests/unit/test_bidi_oracle.c judges the result against what a
 * generated corpus means, with ubidi as the oracle.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/ubidi.h>
#include <unicode/uchar.h>

#include "error.h"
#include "bidi.h"
#include "localize_internal.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

#define LRI 0x2066
#define RLI 0x2067
#define FSI 0x2068
#define PDI 0x2069
#define ISO_LEN 3 /* bytes of an isolate control in UTF-8 */

/* ---- stray controls ------------------------------------------------- */

/* Removes n bytes at `at` of the text, and moves the spans after it. */
static void cut_bytes(nl_buf *t, size_t at, size_t n, nl_lz_span *sp,
                      size_t nsp) {
  memmove(t->ptr + at, t->ptr + at + n, t->size - at - n);
  t->size -= n;
  t->ptr[t->size] = '\0';
  for (size_t i = 0; i < nsp; i++) {
    sp[i].start -= sp[i].start > at ? n : 0;
    sp[i].end -= sp[i].end > at ? n : 0;
  }
}

void nl_bidi__strays(const char *s, size_t len, unsigned char *kind) {
  size_t open_at[64];
  int depth = 0;
  for (size_t i = 0; i < len;) {
    size_t j = i;
    uint32_t c = nl_utf8__next_inline(s, len, &j);
    if (c >= 0x202A && c <= 0x202E) {
      kind[i] = NL_BIDI_DROP;
    } else if (c == LRI || c == RLI || c == FSI) {
      if (depth < 64)
        open_at[depth++] = i;
      else
        kind[i] = NL_BIDI_DROP; /* deeper than UAX #9 goes: not kept */
    } else if (c == PDI) {
      if (depth == 0)
        kind[i] = NL_BIDI_DROP;
      else
        depth--;
    }
    i = j;
  }
  while (depth > 0)
    kind[open_at[--depth]] = NL_BIDI_UNCLOSED;
}

/* Embeddings, overrides, and isolates without partners go. Pairing is
 * decided over the whole block, as the bidi algorithm does (BD9), not
 * per element: an isolate may hold a line break or a link. */
int nl_lz__controls(nl_lz *z, nl_buf *text, nl_lz_span *sp, size_t nsp) {
  size_t open_at[64], open_orig[64], removed = 0;
  int nopen = 0, rc = 0;
  unsigned char *kind = calloc(text->size + 1, 1);
  if (kind == NULL)
    return nl_error__nomem(z->err);
  z->base = 0; /* offsets are reported in the text as it came */
  nl_bidi__strays(text->ptr, text->size, kind);
  for (size_t i = 0; i < text->size && rc == 0;) {
    size_t j = i;
    nl_utf8__next_inline(text->ptr, text->size, &j);
    unsigned char k = kind[i + removed];
    if (k == NL_BIDI_UNCLOSED) {
      open_at[nopen] = i;
      open_orig[nopen++] = i + removed;
    }
    if (k != NL_BIDI_DROP) {
      i = j;
      continue;
    }
    rc = nl_lz__note(z, "bidi-controls", i + removed, text->ptr + i, j - i,
                     "", 0);
    removed += j - i;
    cut_bytes(text, i, j - i, sp, nsp);
  }
  /* openers never closed: take them out, last first */
  while (rc == 0 && nopen > 0) {
    size_t at = open_at[--nopen];
    rc = nl_lz__note(z, "bidi-controls", open_orig[nopen], text->ptr + at,
                     ISO_LEN, "", 0);
    cut_bytes(text, at, ISO_LEN, sp, nsp);
  }
  free(kind);
  return rc;
}

/* ---- pairs: brackets (UAX #9 BD16) and quotation marks -------------- */

#define NO_PAIR ((size_t)-1)
#define BD16_DEPTH 63 /* BD16 stops pairing when its stack is full */

static int quote_partner(uint32_t open, uint32_t c) {
  static const uint32_t q[][2] = {{0xAB, 0xBB}, {0x2039, 0x203A},
                                  {0x201C, 0x201D}, {0x2018, 0x2019},
                                  {0x300C, 0x300D}, {0x300E, 0x300F}};
  for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++)
    if (q[i][0] == open)
      return c == q[i][1];
  return -1; /* not an opening quotation mark */
}

/* Every quotation mark quote_partner() and pair_marks() know lies in
 * U+00AB..U+00BB, U+2018..U+203A or U+300C..U+300F. */
static int maybe_quote(uint32_t c) {
  return (c >= 0xAB && c <= 0xBB) || (c >= 0x2018 && c <= 0x203A) ||
         (c >= 0x300C && c <= 0x300F);
}

int nl_bidi__bracket_type(uint32_t c) {
  /* below U+0F3A only ASCII has paired brackets (tests/unit/test_bidi.c
   * holds this to ICU over every code point): most text is looked at
   * without a property look-up */
  if (c < 0x80)
    return c == '(' || c == '[' || c == '{'   ? U_BPT_OPEN
           : c == ')' || c == ']' || c == '}' ? U_BPT_CLOSE
                                              : U_BPT_NONE;
  if (c < 0x0F3A)
    return U_BPT_NONE;
  return u_getIntPropertyValue((UChar32)c, UCHAR_BIDI_PAIRED_BRACKET_TYPE);
}

/* One stack of marks being paired: brackets as BD16 does, or quotation
 * marks. `stopped` once it is full (BD16 stops pairing there). */
typedef struct mark_stack {
  size_t at[BD16_DEPTH];
  uint32_t want[BD16_DEPTH];
  int depth, stopped;
} mark_stack;

static void push_mark(mark_stack *m, size_t i, uint32_t want) {
  if (m->depth == BD16_DEPTH) {
    m->stopped = 1;
    return;
  }
  m->at[m->depth] = i;
  m->want[m->depth++] = want;
}

static void bracket_at(mark_stack *m, uint32_t c, size_t i, size_t *partner) {
  int bpt = nl_bidi__bracket_type(c);
  if (bpt == U_BPT_OPEN) {
    push_mark(m, i, (uint32_t)u_getBidiPairedBracket((UChar32)c));
  } else if (bpt == U_BPT_CLOSE) {
    for (int k = m->depth - 1; k >= 0; k--)
      if (m->want[k] == c || (m->want[k] == 0x232A && c == 0x3009) ||
          (m->want[k] == 0x3009 && c == 0x232A)) {
        partner[m->at[k]] = i;
        partner[i] = m->at[k];
        m->depth = k;
        break;
      }
  }
}

static void quote_at(mark_stack *m, uint32_t c, size_t i, size_t *partner) {
  if (quote_partner(c, 0) >= 0) {
    push_mark(m, i, c);
  } else if (c == 0xBB || c == 0x203A || c == 0x201D || c == 0x2019 ||
             c == 0x300D || c == 0x300F) {
    for (int k = m->depth - 1; k >= 0; k--)
      if (quote_partner(m->want[k], c) == 1) {
        partner[m->at[k]] = i;
        partner[i] = m->at[k];
        m->depth = k;
        break;
      }
  }
}

/* Pairs brackets (`brackets` set) and quotation marks (`quotes` set) in
 * one walk, each kind with its own stack. partner[i] is the byte offset
 * of the mark paired with the one at byte i. Whether a CJK corner
 * bracket (U+300C..U+300F, both a bracket and a quotation mark) was
 * met: the quotation marks' pairs must then be written again after the
 * brackets', as when each kind had its own walk. */
static int pair_marks(const char *s, size_t len, int brackets, int quotes,
                      size_t *partner) {
  mark_stack br, qu;
  br.depth = qu.depth = 0;
  br.stopped = !brackets;
  qu.stopped = !quotes;
  int corner = 0;
  for (size_t i = 0; i < len;) {
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
      /* no quotation mark here is ASCII, six brackets are */
      if (!br.stopped && (b == '(' || b == ')' || b == '[' || b == ']' ||
                          b == '{' || b == '}'))
        bracket_at(&br, b, i, partner);
      i++;
      continue;
    }
    /* U+0080..U+07FF: no bracket (see nl_bidi__bracket_type), and the
     * quotation marks there are U+00AB and U+00BB (C2 AB, C2 BB) */
    if (b >= 0xC2 && b < 0xE0 && i + 1 < len) {
      unsigned char t = (unsigned char)s[i + 1];
      if (b == 0xC2 && (t == 0xAB || t == 0xBB) && !qu.stopped)
        quote_at(&qu, t, i, partner);
      i += 2;
      continue;
    }
    size_t j = i;
    uint32_t c = nl_utf8__next_inline(s, len, &j);
    if (!br.stopped)
      bracket_at(&br, c, i, partner);
    if (!qu.stopped && maybe_quote(c)) {
      quote_at(&qu, c, i, partner);
      corner |= c >= 0x300C && c <= 0x300F;
    }
    i = j;
  }
  return corner && brackets;
}

/* NO_PAIR at p[0..len]: every byte of it is 0xFF. */
static void no_pairs(size_t *p, size_t len) {
  memset(p, 0xFF, (len + 1) * sizeof(size_t));
}

/* partner[] for every byte: NO_PAIR, or where the other mark is. */
static void find_pairs(const char *s, size_t len, size_t *p) {
  no_pairs(p, len);
  if (pair_marks(s, len, 1, 1, p))
    pair_marks(s, len, 0, 1, p);
}

/* ---- finding candidate runs ------------------------------------------- */

#define D_L U_LEFT_TO_RIGHT
#define D_EN U_EUROPEAN_NUMBER
#define D_ES U_EUROPEAN_NUMBER_SEPARATOR
#define D_ET U_EUROPEAN_NUMBER_TERMINATOR
#define D_CS U_COMMON_NUMBER_SEPARATOR
#define D_B U_BLOCK_SEPARATOR
#define D_S U_SEGMENT_SEPARATOR
#define D_WS U_WHITE_SPACE_NEUTRAL
#define D_ON U_OTHER_NEUTRAL
#define D_BN U_BOUNDARY_NEUTRAL
static const unsigned char ascii_dir[128] = {
    D_BN, D_BN, D_BN, D_BN, D_BN, D_BN, D_BN, D_BN, /* 00 */
    D_BN, D_S,  D_B,  D_S,  D_WS, D_B,  D_BN, D_BN, /* TAB..CR */
    D_BN, D_BN, D_BN, D_BN, D_BN, D_BN, D_BN, D_BN, /* 10 */
    D_BN, D_BN, D_BN, D_BN, D_B,  D_B,  D_B,  D_S,  /* 1C..1F */
    D_WS, D_ON, D_ON, D_ET, D_ET, D_ET, D_ON, D_ON, /* space ! " # $ % & ' */
    D_ON, D_ON, D_ON, D_ES, D_CS, D_ES, D_CS, D_CS, /* ( ) * + , - . / */
    D_EN, D_EN, D_EN, D_EN, D_EN, D_EN, D_EN, D_EN, /* 0..7 */
    D_EN, D_EN, D_CS, D_ON, D_ON, D_ON, D_ON, D_ON, /* 8 9 : ; < = > ? */
    D_ON, D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  /* @ A..G */
    D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  /* H..O */
    D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  /* P..W */
    D_L,  D_L,  D_L,  D_ON, D_ON, D_ON, D_ON, D_ON, /* X Y Z [ \ ] ^ _ */
    D_ON, D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  /* ` a..g */
    D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  /* h..o */
    D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  D_L,  /* p..w */
    D_L,  D_L,  D_L,  D_ON, D_ON, D_ON, D_ON, D_BN, /* x y z { | } ~ DEL */
};

/* The bidi class of ASCII (a table), ZWNJ and ZWJ and the letters of
 * Persian and Arabic, known without a property look-up
 * (tests/unit/test_bidi.c holds nl_bidi__dir to ICU at every code
 * point); -1 for the others. */
static int known_dir(uint32_t c) {
  if (c < 0x80)
    return ascii_dir[c];
  if (c - 0x0620 <= 0x064A - 0x0620 || c - 0x0671 <= 0x06D3 - 0x0671)
    return U_RIGHT_TO_LEFT_ARABIC;
  if (c == 0x200C || c == 0x200D)
    return U_BOUNDARY_NEUTRAL;
  return -1;
}

int nl_bidi__dir(uint32_t c) {
  int d = known_dir(c);
  return d >= 0 ? d : (int)u_charDirection((UChar32)c);
}

static int dir_of(uint32_t c) { return nl_bidi__dir(c); }

int nl_bidi__space(uint32_t c) {
  /* White_Space in ASCII is TAB..CR and the space, and nothing between
   * U+00A1 and U+167F is (test_bidi holds this to ICU at every code
   * point): the text around a run is looked at without a call */
  if (c < 0x80)
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
  if (c - 0xA1 < 0x1680 - 0xA1)
    return 0;
  return u_isUWhiteSpace((UChar32)c);
}

/* Whether class d is strong in direction rtl. */
static int strong_in(int d, int rtl) {
  return rtl ? (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC)
             : d == U_LEFT_TO_RIGHT;
}

static int is_strong(uint32_t c, int rtl) { return strong_in(dir_of(c), rtl); }

static int digit_class(int d) {
  return d == U_EUROPEAN_NUMBER || d == U_ARABIC_NUMBER;
}

/* The code point before byte i (nl_utf8__prev), ASCII without a call. */
static uint32_t prev_cp(const char *s, size_t i) {
  if (i > 0 && (unsigned char)s[i - 1] < 0x80)
    return (unsigned char)s[i - 1];
  return nl_utf8__prev(s, i);
}

static int is_isolate(uint32_t c) { return c >= LRI && c <= PDI; }

static int is_digit(uint32_t c) {
  int d = dir_of(c);
  return d == U_EUROPEAN_NUMBER || d == U_ARABIC_NUMBER;
}

static int opening_mark(uint32_t c) {
  return c == '"' || c == '(' || c == '[' || c == 0xAB || c == 0xBB ||
         c == 0x2018 || c == 0x201C || c == 0x201E || c == 0x2039 ||
         c == 0x203A || c == 0x300C || c == 0x300E;
}

static int closing_mark(uint32_t c) {
  return c == '"' || c == ')' || c == ']' || c == 0xAB || c == 0xBB ||
         c == 0x2019 || c == 0x201D || c == 0x2039 || c == 0x203A ||
         c == 0x300D || c == 0x300F;
}

/* Marks after a phrase that are the sentence's, even written onto its
 * last letter: commas, colons, dashes, quotation marks, brackets, the
 * Arabic question mark. Any other mark written onto a phrase is its
 * own: Yahoo!, Who Moved My Cheese?, C++, C#, voanews.com/, 50%. (A
 * dot is the sentence's unless it ends an abbreviation.) */
/* In ASCII , : ; ' " ( ) [ ] { } and '-': the dash is '-' and the paired
 * brackets ()[]{} (tests/unit/test_bidi.c holds this to ICU), as bits
 * of two words, read in run_end's loop without a call. */
#define MARK_BIT(c) ((c) < 64 ? 1ull << ((c)&63) : 0)
#define MARK_BIT2(c) ((c) >= 64 ? 1ull << (((c)-64) & 63) : 0)
#define ASCII_MARKS(B)                                                     \
  (B(',') | B(':') | B(';') | B('\'') | B('"') | B('(') | B(')') |        \
   B('[') | B(']') | B('{') | B('}') | B('-'))
static const uint64_t ascii_marks[2] = {ASCII_MARKS(MARK_BIT),
                                        ASCII_MARKS(MARK_BIT2)};

static int sentence_mark(uint32_t c) {
  if (c < 0x80)
    return (int)(ascii_marks[c >> 6] >> (c & 63) & 1);
  return nl_bidi__sentence_mark(c);
}

int nl_bidi__sentence_mark(uint32_t c) {
  if (c < 0x80)
    return sentence_mark(c);
  return c == ',' || c == ':' || c == ';' || c == '\'' || c == 0x060C ||
         c == 0x061B || c == 0x061F || c == 0x06D4 || opening_mark(c) ||
         closing_mark(c) || u_hasBinaryProperty((UChar32)c, UCHAR_DASH) ||
         u_getIntPropertyValue((UChar32)c, UCHAR_BIDI_PAIRED_BRACKET_TYPE) !=
             U_BPT_NONE;
}

/* Whether the dot ending at `dot` (the byte after the word before it)
 * belongs to the word: the last dot of U.N., or an abbreviation that
 * is written with a dot (Apple Inc., etc.). A dot after any other word
 * is taken for the sentence's full stop. */
static int abbreviation_dot(const char *s, size_t len, size_t dot) {
  static const char *const words[] = {"Inc", "Ltd", "Co", "Corp", "Jr",
                                      "Sr",  "Dr",  "Mr", "Mrs",  "Ms",
                                      "St",  "etc", "vs", "No",   "Gen"};
  size_t w = dot;
  while (w > 0 && u_isalpha((UChar32)nl_utf8__prev(s, w)))
    w = nl_utf8__prev_start(s, w);
  if (dot - w == 1 && w > 1 && s[w - 1] == '.') {
    /* U.N., Ph.D.; not a file name's extension (main.c.) */
    size_t v = w - 1;
    while (v > 0 && u_isalpha((UChar32)nl_utf8__prev(s, v)))
      v = nl_utf8__prev_start(s, v);
    return w - 1 - v >= 1 && w - 1 - v <= 2;
  }
  if (dot - w == 1 && s[w] >= 'A' && s[w] <= 'Z' &&
      (w == 0 || s[w - 1] == ' ') && dot + 2 < len && s[dot + 1] == ' ' &&
      s[dot + 2] >= 'A' && s[dot + 2] <= 'Z')
    return 1; /* an initial before a name: George W. Bush */
  for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
    if (strlen(words[i]) == dot - w && memcmp(s + w, words[i], dot - w) == 0)
      return 1;
  return 0;
}

/* Whether a dot (not an abbreviation's) ending before `next` ends a
 * sentence: a space follows. */
static int full_stop(const char *s, size_t len, size_t next) {
  return next < len &&
         nl_bidi__space(nl_utf8__next_inline(s, len, &next));
}

/* Where a run that is a number stops: at a dash (10–20 is a range of
 * two numbers) and at punctuation followed by neither a digit nor a
 * letter of the run ("۵، ۲۳" is two; 1,000.5, 10:30, 1404/12/23 and
 * the address 2001:db8::1 are one). */
static int ends_number(const char *s, size_t len, uint32_t c, int dc,
                       size_t next, int rtl_run) {
  if (dc == U_OTHER_NEUTRAL)
    return 1;
  if (c != '.' && !sentence_mark(c))
    return 0;
  uint32_t d = next < len ? nl_utf8__next_inline(s, len, &next) : 0;
  return !is_digit(d) && !(c != '.' && is_strong(d, rtl_run));
}

/* What run_end asks of an ASCII character, in one look-up (test_bidi_fast
 * holds it to dir_of, nl_bidi__space and sentence_mark at every one). */
#define A_L NL_BIDI_A_L
#define A_WS NL_BIDI_A_WS
#define A_EN NL_BIDI_A_EN
#define A_MARK NL_BIDI_A_MARK
#define A_ON NL_BIDI_A_ON
#define A_STOP NL_BIDI_A_STOP
#define A_DOT NL_BIDI_A_DOT
#define RA_IN(c, lo, hi) ((c) >= (lo) && (c) <= (hi))
#define RA_ON(c)                                                           \
  (RA_IN(c, '!', '"') || RA_IN(c, '&', '*') || c == ';' ||                 \
   RA_IN(c, '<', '@') || RA_IN(c, '[', '`') || RA_IN(c, '{', '~'))
#define RA_MARK(c)                                                         \
  (c == ',' || c == ':' || c == ';' || c == '\'' || c == '"' || c == '(' ||  \
   c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '-')
#define RA(c)                                                              \
  ((RA_IN(c, 'A', 'Z') || RA_IN(c, 'a', 'z') ? A_L : 0) |                  \
   (c == ' ' || RA_IN(c, 0x09, 0x0D) ? A_WS : 0) |                          \
   (RA_IN(c, '0', '9') ? A_EN : 0) | (RA_MARK(c) ? A_MARK : 0) |           \
   (RA_ON(c) ? A_ON : 0) | (c == '\n' ? A_STOP : 0) |                      \
   (c == '.' ? A_DOT : 0))
#define RA4(c) RA(c), RA(c + 1), RA(c + 2), RA(c + 3)
#define RA16(c) RA4(c), RA4(c + 4), RA4(c + 8), RA4(c + 12)
static const unsigned char run_ascii[128] = {
    RA16(0x00), RA16(0x10), RA16(0x20), RA16(0x30),
    RA16(0x40), RA16(0x50), RA16(0x60), RA16(0x70)};

unsigned nl_bidi__ascii_class(unsigned char c) {
  return c < 0x80 ? run_ascii[c] : 0;
}

/* run_end's state: whether the run has a letter (RS_LETTER), whether
 * what follows it is written onto it (RS_ATTACHED: no space since),
 * whether it holds a digit (RS_NUMBER). */
#define RS_LETTER 1u
#define RS_ATTACHED 2u
#define RS_NUMBER 4u
#define RS_END 8u   /* the run reaches past the character */
#define RS_STOP 16u /* the run stops before it */
#define RS_SLOW 32u /* the table cannot tell: the step with its look-ahead */

/* run_end's look at one ASCII character b at k (not in a quotation):
 * what the general step decides, from run_ascii's flags. 0 to go on, 1
 * to stop. */
static inline int run_ascii_step(const char *s, size_t len, size_t i, size_t k,
                                 unsigned b, int rtl_run,
                                 const size_t *partner, size_t *end,
                                 unsigned *st) {
  unsigned f = run_ascii[b];
  size_t j = k + 1;
  int letter = (*st & RS_LETTER) != 0, attached = (*st & RS_ATTACHED) != 0;
  int number = (*st & RS_NUMBER) != 0;
  if (f & (rtl_run ? A_L | A_STOP : A_STOP))
    return 1; /* a letter of the block's direction, a new line */
  if (number && !letter && (f & (A_ON | A_MARK | A_DOT))) {
    if (f & A_ON)
      return 1; /* ends_number */
    size_t n = j;
    uint32_t d = j < len ? nl_utf8__next_inline(s, len, &n) : 0;
    if (!is_digit(d) && !(b != '.' && is_strong(d, rtl_run)))
      return 1;
  }
  if ((f & A_DOT) && full_stop(s, len, j) &&
      !(attached && letter && abbreviation_dot(s, len, k)))
    return 1;
  if (f & A_L) { /* (only in a left-to-right run: see above) */
    *st |= RS_LETTER | RS_ATTACHED;
    *end = j;
  } else if (f & A_WS) {
    *st &= ~RS_ATTACHED;
  } else if (f & A_EN) {
    *st |= RS_NUMBER;
    *end = attached || !letter ? j : *end;
  } else if (partner[k] != NO_PAIR && partner[k] < k) {
    *end = partner[k] >= i ? j : *end;
  } else if (attached && letter && b == '.') {
    *end = abbreviation_dot(s, len, k) ? j : *end;
  } else if (attached && !(f & A_MARK) && (letter || b != '.')) {
    *end = j; /* C++, Yahoo!; 50%, 5€ */
  }
  return 0;
}

/* run_ascii_step as a table by direction, state and byte, for what
 * needs no look at the text around: the next state, RS_END, RS_STOP;
 * RS_SLOW for a dot, a bracket (its partner), a mark after a number
 * (the look-ahead of ends_number) and any byte beyond ASCII. Written as
 * the step's rules; test_bidi_fast holds every entry to the step. */
#define RS_NUM_ONLY(st) (((st)&RS_NUMBER) && !((st)&RS_LETTER))
#define RS_PAIRED(b)                                                       \
  ((b) == '(' || (b) == ')' || (b) == '[' || (b) == ']' || (b) == '{' ||    \
   (b) == '}')
#define RS_ASCII(r, st, b)                                                 \
  ((RA(b) & ((r) ? A_L | A_STOP : A_STOP))       ? RS_STOP                 \
   : RS_NUM_ONLY(st) && (RA(b) & A_ON)           ? RS_STOP                 \
   : (RS_NUM_ONLY(st) && (RA(b) & A_MARK)) || (b) == '.' || RS_PAIRED(b)   \
       ? RS_SLOW                                                           \
   : (RA(b) & A_L) ? ((st) | RS_LETTER | RS_ATTACHED | RS_END)             \
   : (RA(b) & A_WS) ? ((st) & ~RS_ATTACHED)                                \
   : (RA(b) & A_EN)                                                        \
       ? ((st) | RS_NUMBER |                                               \
          (((st)&RS_ATTACHED) || !((st)&RS_LETTER) ? RS_END : 0))          \
       : ((st) | (((st)&RS_ATTACHED) && !(RA(b) & A_MARK) ? RS_END : 0)))
#define RS(r, st, b) ((b) < 0x80 ? RS_ASCII(r, st, b) : RS_SLOW)
#define RS4(r, st, b)                                                      \
  RS(r, st, b), RS(r, st, b + 1), RS(r, st, b + 2), RS(r, st, b + 3)
#define RS16(r, st, b)                                                     \
  RS4(r, st, b), RS4(r, st, b + 4), RS4(r, st, b + 8), RS4(r, st, b + 12)
#define RS128(r, st, b)                                                    \
  RS16(r, st, b), RS16(r, st, b + 16), RS16(r, st, b + 32),                \
      RS16(r, st, b + 48), RS16(r, st, b + 64), RS16(r, st, b + 80),       \
      RS16(r, st, b + 96), RS16(r, st, b + 112)
#define RS_STATE(r, st) RS128(r, st, 0), RS128(r, st, 128)
#define RS_DIR(r)                                                          \
  {RS_STATE(r, 0u), RS_STATE(r, 1u), RS_STATE(r, 2u), RS_STATE(r, 3u),      \
   RS_STATE(r, 4u), RS_STATE(r, 5u), RS_STATE(r, 6u), RS_STATE(r, 7u)}
static const unsigned char run_state[2][8 * 256] = {RS_DIR(0), RS_DIR(1)};

int nl_bidi__run_table_wrong(void) {
  /* each entry the table answers, whatever follows it: a space, a
   * digit, a letter of each direction, a dot, a comma; a closing
   * bracket paired in the run (partner[] is set for brackets only) */
  static const char *const after[] = {" ", "7", "a", "\xD8\xA7", ".", ","};
  int wrong = 0;
  for (int r = 0; r < 2; r++)
    for (unsigned st = 0; st < 8; st++)
      for (unsigned b = 0; b < 256; b++) {
        unsigned e = run_state[r][st << 8 | b];
        if (e & RS_SLOW)
          continue;
        wrong += b >= 0x80;
        for (size_t x = 0; b < 0x80 && x < 6; x++) {
          char s[4] = {'A', (char)b, 0, 0};
          size_t n = 2 + strlen(after[x]), end = 0;
          memcpy(s + 2, after[x], n - 2);
          /* a bracket closes one opened in the run */
          size_t pr[5] = {NO_PAIR, NO_PAIR, NO_PAIR, NO_PAIR, NO_PAIR};
          pr[1] = nl_bidi__bracket_type(b) == U_BPT_CLOSE ? 0 : NO_PAIR;
          unsigned st2 = st;
          int stop = run_ascii_step(s, n, 0, 1, b, r, pr, &end, &st2);
          wrong += stop != !!(e & RS_STOP) ||
                   (!stop && (st2 != (e & 7u) || (end == 2) != !!(e & RS_END)));
        }
      }
  return wrong;
}

/* Where the run starting at `i` ends, looking no further than `len`:
 * after its last letter and what belongs to it - digits written onto it
 * (COVID-19), marks other than sentence_mark()s, an abbreviation's dot, a
 * closing bracket whose opening one is in the run. A number after a
 * space is the sentence's (Barack Obama ۲ بار), unless the run is a
 * number itself (+1 202 555 0100). A run that fills a quotation keeps
 * the punctuation before the closing mark. `fast`: ASCII outside a
 * quotation through run_state and run_ascii_step (the same answers:
 * test_bidi_fast). */
static inline size_t run_end_of(const char *s, size_t len, size_t i,
                                 int rtl_run, const size_t *partner,
                                 int fast) {
  size_t end = i;
  unsigned st = RS_ATTACHED;
  int quoted = i > 0 && opening_mark(prev_cp(s, i));
  size_t close = quoted ? partner[nl_utf8__prev_start(s, i)] : NO_PAIR;
  const unsigned char *tab = run_state[rtl_run != 0];
  fast = fast && !quoted;
  for (size_t k = i; k < len;) {
    unsigned b = (unsigned char)s[k];
    if (fast) {
      unsigned e = tab[st << 8 | b];
      if (!(e & (RS_SLOW | RS_STOP))) {
        end = e & RS_END ? k + 1 : end;
        st = e & 7u;
        k++;
        continue;
      }
      if (e & RS_STOP)
        break;
      if (b < 0x80) {
        if (run_ascii_step(s, len, i, k, b, rtl_run, partner, &end, &st))
          break;
        k++;
        continue;
      }
    }
    int letter = (st & RS_LETTER) != 0, attached = (st & RS_ATTACHED) != 0;
    size_t j = k;
    uint32_t c = nl_utf8__next_inline(s, len, &j);
    /* a run goes on over its own direction, numbers, their separators,
     * marks and neutrals (left off its end unless they belong to it) */
    int d = dir_of(c);
    if (strong_in(d, !rtl_run) || is_isolate(c) || c == '\n' ||
        ((st & RS_NUMBER) && !letter &&
         ends_number(s, len, c, d, j, rtl_run)))
      break;
    /* the mark that closes the quotation (an unpaired one, such as a
     * straight quote, when no pair is known) */
    if (quoted && end > i &&
        (close != NO_PAIR ? k == close
                          : closing_mark(c) && partner[k] == NO_PAIR)) {
      end = attached ? k : end; /* not a number after a space */
      break;
    }
    if (c == '.' && full_stop(s, len, j) &&
        !(attached && letter && abbreviation_dot(s, len, k)))
      break; /* what follows is another sentence's */
    if (strong_in(d, rtl_run)) {
      st |= RS_LETTER | RS_ATTACHED;
      end = j;
    } else if (nl_bidi__space(c)) {
      st &= ~RS_ATTACHED;
    } else if (digit_class(d)) {
      st |= RS_NUMBER;
      end = attached || !letter ? j : end;
    } else if (partner[k] != NO_PAIR && partner[k] < k) {
      end = partner[k] >= i ? j : end; /* a bracket closed in the run */
    } else if (attached && letter && c == '.') {
      end = abbreviation_dot(s, len, k) ? j : end;
    } else if (attached && letter && !sentence_mark(c)) {
      end = j;
    } else if (attached && !letter && c != '.' && !sentence_mark(c)) {
      end = j; /* 50%, 5€ */
    }
    k = j;
  }
  return end;
}

static size_t run_end(const char *s, size_t len, size_t i, int rtl_run,
                      const size_t *partner) {
  return run_end_of(s, len, i, rtl_run, partner, 0);
}

static size_t run_end_fast(const char *s, size_t len, size_t i, int rtl_run,
                           const size_t *partner) {
  return run_end_of(s, len, i, rtl_run, partner, 1);
}

/* A sign or symbol written onto a phrase's first letter: #tag, @handle,
 * /path, .NET. An opening bracket or quotation mark is the sentence's. */
static int prefix_of_run(const char *s, size_t len, size_t i, int rtl_run) {
  size_t k = i;
  while (k < len) {
    size_t j = k;
    uint32_t c = nl_utf8__next_inline(s, len, &j);
    if (is_strong(c, rtl_run))
      return k > i;
    int d = dir_of(c);
    if (opening_mark(c) || closing_mark(c) || nl_bidi__space(c) ||
        is_digit(c) || is_isolate(c) || d == U_LEFT_TO_RIGHT ||
        d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC ||
        d == U_BLOCK_SEPARATOR || k - i > 8)
      return 0;
    k = j;
  }
  return 0;
}

static int starts_run(const char *s, size_t len, size_t i, int rtl_par) {
  size_t j = i;
  uint32_t c = nl_utf8__next_inline(s, len, &j);
  int d = dir_of(c);
  if (rtl_par ? d == U_LEFT_TO_RIGHT
              : d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC)
    return 1;
  if (d == U_LEFT_TO_RIGHT || d == U_RIGHT_TO_LEFT ||
      d == U_RIGHT_TO_LEFT_ARABIC)
    return 0; /* a letter of the block's own direction starts nothing */
  if (c == ' ')
    return 0; /* nor a space: no prefix starts with one, not a sign */
  uint32_t p = prev_cp(s, i);
  /* (a digit is no prefix: prefix_of_run stops at once) */
  if (!digit_class(d) && (i == 0 || nl_bidi__space(p) || opening_mark(p)))
    if (prefix_of_run(s, len, i, !rtl_par))
      return 1;
  if (!rtl_par)
    return 0;
  if (c >= '0' && c <= '9')
    return p < '0' || p > '9';
  /* a sign or currency symbol, not a hyphen inside a number or word
   * (202-555, F-16) */
  int sign = c == '+' || c == '-' || c == 0x2212 ||
             d == U_EUROPEAN_NUMBER_TERMINATOR;
  if (!sign || u_isalnum((UChar32)p))
    return 0;
  size_t k = j;
  uint32_t n = j < len ? nl_utf8__next_inline(s, len, &k) : 0;
  /* European digits, or Arabic-Indic ones (Sorani): class AN */
  return dir_of(n) == U_EUROPEAN_NUMBER || dir_of(n) == U_ARABIC_NUMBER;
}

/* A phrase in quotation marks, or one that opens the paragraph, may
 * begin with a number («۲۰ نفر», «45 % مردم», «$5 میلیون»): the run
 * starts after the opening mark when only numbers, their signs and
 * separators, and spaces lie between. */
static size_t quoted_start(const char *s, size_t from, size_t i) {
  size_t k = i;
  int digits = 0;
  while (k > from) {
    uint32_t c = prev_cp(s, k);
    int d = dir_of(c);
    if (opening_mark(c))
      return digits ? k : i;
    if (!is_digit(c) && !nl_bidi__space(c) &&
        d != U_EUROPEAN_NUMBER_TERMINATOR && d != U_COMMON_NUMBER_SEPARATOR &&
        d != U_EUROPEAN_NUMBER_SEPARATOR)
      return i;
    digits |= is_digit(c);
    k = nl_utf8__prev_start(s, k);
  }
  return digits && k == 0 ? 0 : i;
}

/* A right-to-left quotation inside left-to-right text that begins and
 * ends in its own script and is mostly of it is one phrase, Latin
 * words in it included (an Arabic quotation naming UNICEF, inside
 * Russian), up to its last letter and the marks written onto it. Not the other way round: in Persian, "(WFP و IRC)" is a
 * Persian phrase with two names in it. */
static size_t whole_quotation(const char *s, size_t len, size_t a, size_t e,
                              int rtl_run, const size_t *partner) {
  if (!rtl_run || a == 0 || !opening_mark(prev_cp(s, a)))
    return e;
  size_t open = nl_utf8__prev_start(s, a), close = partner[open];
  if (close == NO_PAIR || close <= e)
    return e;
  long own = 0, other = 0;
  int last = 0, attached = 1;
  size_t end = e; /* after the last letter and what is written onto it */
  for (size_t k = a; k < close;) {
    size_t j = k;
    uint32_t c = nl_utf8__next_inline(s, len, &j);
    if (is_isolate(c) || c == '\n')
      return e;
    own += is_strong(c, rtl_run);
    other += is_strong(c, !rtl_run);
    last = is_strong(c, rtl_run) ? 1 : is_strong(c, !rtl_run) ? 0 : last;
    attached = is_strong(c, rtl_run) || (attached && !nl_bidi__space(c));
    end = attached ? j : end;
    k = j;
  }
  return other > 0 && own > other && last ? end : e;
}

/* Shortens [a, e) until no bracket pair or quotation has one mark in
 * it and the other outside: an isolate that takes in one mark of a pair
 * breaks the pair, and the reader sees "(… (". */
static size_t keep_pairs(const char *s, size_t a, size_t e, int rtl_run,
                         const size_t *partner) {
  for (;;) {
    size_t cut = e;
    for (size_t k = a; k < e && cut == e; k++)
      if (partner[k] != NO_PAIR && (partner[k] < a || partner[k] >= e))
        cut = k;
    if (cut == e)
      return e;
    e = run_end(s, cut, a, rtl_run, partner);
  }
}

typedef struct cand {
  size_t a, b;   /* byte range of the run */
  size_t wa, wb; /* its window, once the screen is set (see window) */
  size_t after;  /* find_runs' count of safe points before it: the index
                    of the first one after it */
} cand;

/* Clips [a, b) so that it nests with every span: it may contain a span
 * or lie inside one, never cross its edge (the page's <bdi> and the
 * markup must nest). */
static size_t clip(size_t a, size_t b, const nl_lz_span *sp, size_t n) {
  for (int changed = 1; changed;) {
    changed = 0;
    for (size_t i = 0; i < n; i++) {
      size_t s = sp[i].start, e = sp[i].end;
      if (sp[i].empty || s == e)
        continue;
      if (a < s && s < b && b < e)
        b = s, changed = 1;
      else if (s < a && a < e && e < b)
        b = e, changed = 1;
    }
  }
  return b;
}

static int push_cand(cand **out, size_t *n, size_t *cap, size_t a, size_t b,
                     size_t after) {
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 8;
    cand *p = realloc(*out, c * sizeof(cand));
    if (p == NULL)
      return NL_ENOMEM;
    *out = p;
    *cap = c;
  }
  cand c1 = {a, b, 0, 0, after};
  (*out)[(*n)++] = c1;
  return 0;
}

/* Whether the two bytes lead, trail are a letter nl_bidi__dir knows as
 * AL without ICU (U+0620..U+064A, U+0671..U+06D3): in UTF-8 D8 A0..D9 8A
 * and D9 B1..DB 93, read as one number, with a trail byte. */
static inline int own_arabic_letter(unsigned char lead, unsigned char trail) {
  unsigned v = (unsigned)lead << 8 | trail;
  /* (bitwise: one branch where it is asked, not three) */
  return ((trail & 0xC0) == 0x80) &
         ((v - 0xD8A0u <= 0xD98Au - 0xD8A0u) | (v - 0xD9B1u <= 0xDB93u - 0xD9B1u));
}

int nl_bidi__own_letter(const char *s, size_t len) {
  return len >= 2 && own_arabic_letter((unsigned char)s[0], (unsigned char)s[1]);
}

/* Whether s[i..] is ZWNJ or ZWJ (E2 80 8C, E2 80 8D). */
static int joiner_at(const unsigned char *u, size_t len, size_t i) {
  return i + 2 < len && u[i] == 0xE2 && u[i + 1] == 0x80 &&
         (u[i + 2] == 0x8C || u[i + 2] == 0x8D);
}

#ifdef __SSE2__
/* Bytes of x at or above, at or below v (unsigned), as lanes of FF. */
#define GE8(x, v) _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8((char)(v))), x)
#define LE8(x, v) _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8((char)(v))), x)
#define EQ8(x, v) _mm_cmpeq_epi8(x, _mm_set1_epi8((char)(v)))

/* The own letters (own_arabic_letter) and spaces at the start of the 16
 * bytes x from byte `from` on (y: the 16 bytes a byte further on): how
 * many bytes they fill,
 * 17 at most (a letter's trail byte may be y's last), and where their
 * letters start (bit k: byte k), in *letters. A letter is D8 A0..BF,
 * D9 80..8A or B1..BF, DA 80..BF, DB 80..93. The leads D8..DB are no
 * trail byte and a trail byte no lead, so bytes covered by a letter's
 * lead, its trail or a space are letters and spaces from the first byte
 * on. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline unsigned own_sixteen(__m128i x, __m128i y, unsigned from,
                                   unsigned *letters) {
  __m128i trail = EQ8(_mm_and_si128(y, _mm_set1_epi8((char)0xC0)), 0x80);
  __m128i own = _mm_or_si128(
      _mm_or_si128(_mm_and_si128(EQ8(x, 0xD8), GE8(y, 0xA0)), EQ8(x, 0xDA)),
      _mm_or_si128(_mm_and_si128(EQ8(x, 0xD9),
                                 _mm_or_si128(LE8(y, 0x8A), GE8(y, 0xB1))),
                   _mm_and_si128(EQ8(x, 0xDB), LE8(y, 0x93))));
  unsigned l = (unsigned)_mm_movemask_epi8(_mm_and_si128(own, trail)) >> from;
  unsigned sp = (unsigned)_mm_movemask_epi8(EQ8(x, ' ')) >> from;
  unsigned covered = sp | l | l << 1; /* 17 bits */
  unsigned n = (unsigned)__builtin_ctz(~covered);
  *letters = l & ((1u << n) - 1);
  return n;
}
#endif

/* Steps from `i` over the letters of a right-to-left block that dir_of
 * knows without ICU (Persian's and Arabic's, two bytes), spaces, and
 * ZWNJ and ZWJ written onto a letter ("نمی‌"), sixteen bytes at a time
 * where it can (`simd`). The stretch's first and last letters' offsets
 * into *first and *last (NO_PAIR: none). Where it stopped. */
static inline size_t own_rtl(const unsigned char *u, size_t len, size_t i,
                             int simd, size_t *first, size_t *last) {
  size_t f = NO_PAIR, l = NO_PAIR;
  (void)simd;
  while (i < len) {
#ifdef __SSE2__
    if (simd) {
      unsigned lead, n;
      if (len - i >= 17) {
        n = own_sixteen(_mm_loadu_si128((const __m128i *)(const void *)(u + i)),
                        _mm_loadu_si128((const __m128i *)(const void *)(u + i + 1)),
                        0, &lead);
      } else if (len >= 16) {
        /* the block's last 16 bytes, read from `i` on, a NUL after them
         * (shifted in): no letter, no space, no copy */
        __m128i x =
            _mm_loadu_si128((const __m128i *)(const void *)(u + len - 16));
        n = own_sixteen(x, _mm_srli_si128(x, 1), (unsigned)(i - (len - 16)),
                        &lead);
      } else { /* a short block, NUL after it */
        unsigned char tail[32] = {0};
        memcpy(tail, u + i, len - i);
        n = own_sixteen(_mm_loadu_si128((const __m128i *)(const void *)tail),
                        _mm_loadu_si128((const __m128i *)(const void *)(tail + 1)),
                        0, &lead);
      }
      /* (conditional moves: whether there are letters is no branch) */
      size_t lf = i + (unsigned)__builtin_ctz(lead | 1u << 31);
      size_t ll = i + 31 - (unsigned)__builtin_clz(lead | 1u);
      f = ((f == NO_PAIR) & (lead != 0)) ? lf : f;
      l = lead ? ll : l;
      i += n;
      if (n >= 16)
        continue;
      if (i >= len)
        break;
      /* the byte at i is no letter's and no space (the mask covers
       * them): only a joiner may go on */
      if (l != NO_PAIR && l + 2 == i && joiner_at(u, len, i)) {
        i += 3;
        continue;
      }
      break;
    }
#endif
    if (i + 1 < len && own_arabic_letter(u[i], u[i + 1])) {
      f = f == NO_PAIR ? i : f;
      l = i;
      i += 2;
    } else if (u[i] == ' ') {
      i++;
    } else if (l != NO_PAIR && l + 2 == i && joiner_at(u, len, i)) {
      i += 3;
    } else {
      break;
    }
  }
  *first = f;
  *last = l;
  return i;
}

size_t nl_bidi__own_walk(const char *s, size_t len, size_t i, int simd,
                         size_t *first, size_t *last) {
  return own_rtl((const unsigned char *)s, len, i, simd, first, last);
}

/* Steps from `i` over the block's own letters (Persian's and Arabic's
 * that dir_of knows without ICU, two bytes; Latin ones), spaces, and in
 * a right-to-left block ZWNJ and ZWJ written onto a letter ("نمی‌"):
 * no mark of a pair, no isolate, no start of a run (a joiner after a
 * letter starts none: starts_run looks for a prefix after a space or
 * an opening mark only). When `safe_here` the stretch's first and last
 * letters are safe points: no run lies between them, so a window, which
 * reaches to the last safe point before its run and the first after,
 * never ends on one inside. Where it stopped. */
static size_t own_letters(const char *s, size_t len, size_t i, int rtl,
                          int simd, int safe_here, size_t *safe, size_t *ns) {
  const unsigned char *u = (const unsigned char *)s;
  size_t first = NO_PAIR, last = NO_PAIR;
  if (rtl) {
    i = own_rtl(u, len, i, simd, &first, &last);
  } else {
    for (; i < len; i++) {
      if (u[i] == ' ')
        continue;
      if ((uint32_t)(u[i] | 0x20) - 'a' >= 26)
        break;
      first = first == NO_PAIR ? i : first;
      last = i;
    }
  }
  if (safe_here && first != NO_PAIR) {
    safe[(*ns)++] = first;
    if (last != first)
      safe[(*ns)++] = last;
  }
  return i;
}

/* How the count of open bracket pairs and quotations changes over
 * s[from, to) (partner[] is set at a mark's first byte only). */
static long pairs_over(const size_t *partner, size_t from, size_t to) {
  long d = 0;
  for (size_t k = from; k < to; k++)
    if (partner[k] != NO_PAIR)
      d += partner[k] > k ? 1 : -1;
  return d;
}

/* The candidate runs, in order, outside isolates already there, into
 * *out (*cap entries, grown as needed); and in the same walk the safe
 * points (see screen), into safe[] (*nsafe): the strong characters of
 * direction `rtl` at isolate depth 0 that no bracket pair or quotation
 * encloses and no candidate run holds. The walk steps over a run once
 * it is found, and what it walks lies in none: a run starts at a
 * character that is not one of the block's own letters, and reaches
 * back before it (quoted_start) over numbers and spaces only. */
static int find_runs(const char *s, size_t len, int rtl, const nl_lz_span *sp,
                     size_t nsp, const size_t *partner, int unpaired,
                     int fast, cand **out, size_t *cap, size_t *n,
                     size_t *safe, size_t *nsafe) {
  size_t prev = 0, ns = 0;
  long pairs = 0;
  int depth = 0, rc = 0;
  *n = 0;
  for (size_t i = 0; i < len && rc == 0;) {
    i = own_letters(s, len, i, rtl, fast, depth == 0 && pairs == 0, safe, &ns);
    if (i == len)
      break;
    size_t j = i;
    uint32_t c = nl_utf8__next_inline(s, len, &j);
    if (partner[i] != NO_PAIR)
      pairs += partner[i] > i ? 1 : -1;
    if (is_isolate(c)) {
      depth += c == PDI ? (depth > 0 ? -1 : 0) : 1;
      prev = i = j;
      continue;
    }
    /* (starts_run's first answers, without its call) */
    if (depth > 0 || c == ' ') {
      i = j;
      continue;
    }
    if (is_strong(c, rtl)) {
      if (pairs == 0)
        safe[ns++] = i;
      i = j;
      continue;
    }
    if (!starts_run(s, len, i, rtl)) {
      i = j;
      continue;
    }
    size_t a = is_strong(c, !rtl) ? quoted_start(s, prev, i) : i;
    size_t e = fast ? run_end_fast(s, len, a, !rtl, partner)
                    : run_end(s, len, a, !rtl, partner);
    e = whole_quotation(s, len, a, e, !rtl, partner);
    /* (with no pair in the block, no run splits one) */
    e = clip(a, unpaired ? e : keep_pairs(s, a, e, !rtl, partner), sp, nsp);
    if (e > a)
      rc = push_cand(out, n, cap, a, e, ns);
    size_t next = e > j ? e : j;
    pairs += unpaired ? 0 : pairs_over(partner, j, next); /* stepped over */
    prev = i = next;
  }
  *nsafe = ns;
  return rc;
}

/* ---- deciding with ubidi ------------------------------------------------ */

/*
 * A run is judged on a window of the block, not the whole of it, so
 * that a long block with many runs costs about its length times a
 * window's. A window runs from a strong character of the block's
 * direction before the run to one after it, both outside isolates,
 * outside candidate runs and inside no bracket pair: nothing before
 * the first or after the last resolves differently when the run is
 * isolated (UAX #9 W1-W7 look back no further than a strong character,
 * N1-N2 no further than the next one, N0 finds a strong character of
 * the paragraph's direction in any pair around the window either way),
 * and at paragraph level those two characters bound what the run's
 * isolate can move on the screen.
 */
typedef struct screen {
  UBiDi *bidi;
  const UChar *text; /* the windows' part of the block in UTF-16 */
  const size_t *to16; /* byte offset -> UTF-16 index in text (where the
                         windows reach) */
  size_t *safe;  /* byte offsets where windows may end, ascending */
  size_t nsafe;
  UChar *buf, *with, *without; /* scratch, n + 2 * runs + 1 units */
  int rtl;
  nl_bidi_work *work; /* for its memo */
} screen;

/* A window judged before (see memo_verdict): its units' classes and the
 * run's place, and its displays with and without the run's isolate as
 * indices of units. */
#define MEMO_UNITS 32
#define MEMO_SLOTS 256
typedef struct memo_entry {
  uint8_t n, a, b, m1, m2; /* n 0: empty */
  uint8_t sym[MEMO_UNITS];
  uint8_t with[MEMO_UNITS], without[MEMO_UNITS];
} memo_entry;

/* What judging a block needs, kept from one block to the next: the
 * layout object and arrays as long as the longest block so far. */
struct nl_bidi_work {
  UBiDi *bidi;
  cand *cands;     /* a block's candidate runs, and keep[] for them */
  int *keep;
  size_t ncap, kcap;
  size_t cap;      /* entries of the byte-indexed arrays */
  size_t *partner, *to16, *safe;
  UChar *text;     /* cap units */
  size_t ucap;     /* units of buf, with, without */
  UChar *buf, *with, *without;
  memo_entry *memo; /* MEMO_SLOTS, made at the first window it takes */
  size_t memo_hits;
  size_t clean;         /* partner[0..clean) is NO_PAIR throughout */
  nl_bidi_hazard *hz;   /* nl_bidi__hazards_kept's answer */
  size_t hzcap;
  int general; /* the shortcuts of test_bidi_fast not taken (tests) */
};

nl_bidi_work *nl_bidi__work_new(void) {
  return calloc(1, sizeof(nl_bidi_work));
}

void nl_bidi__work_general(nl_bidi_work *w, int on) { w->general = on; }

void nl_bidi__work_free(nl_bidi_work *w) {
  if (w == NULL)
    return;
  if (w->bidi)
    ubidi_close(w->bidi);
  free(w->cands);
  free(w->keep);
  free(w->partner);
  free(w->to16);
  free(w->safe);
  free(w->text);
  free(w->buf);
  free(w->with);
  free(w->without);
  free(w->memo);
  free(w->hz);
  free(w);
}

static int grow(void **p, size_t n, size_t size) {
  void *q = realloc(*p, n * size);
  if (q == NULL)
    return NL_ENOMEM;
  *p = q;
  return 0;
}

/* Room for a block of `len` bytes with `runs` candidates. */
static int work_grow(nl_bidi_work *w, size_t len, size_t runs) {
  if (len + 1 > w->cap) {
    size_t n = len + 1 > 2 * w->cap ? len + 1 : 2 * w->cap;
    if (grow((void **)&w->partner, n, sizeof(size_t)) < 0 ||
        grow((void **)&w->to16, n, sizeof(size_t)) < 0 ||
        grow((void **)&w->safe, n, sizeof(size_t)) < 0 ||
        grow((void **)&w->text, n, sizeof(UChar)) < 0)
      return NL_ENOMEM;
    w->cap = n;
  }
  if (len + 2 * runs + 1 > w->ucap) {
    size_t n = len + 2 * runs + 1;
    n = n > 2 * w->ucap ? n : 2 * w->ucap;
    if (grow((void **)&w->buf, n, sizeof(UChar)) < 0 ||
        grow((void **)&w->with, n, sizeof(UChar)) < 0 ||
        grow((void **)&w->without, n, sizeof(UChar)) < 0)
      return NL_ENOMEM;
    w->ucap = n;
  }
  if (w->bidi == NULL && (w->bidi = ubidi_open()) == NULL)
    return NL_ENOMEM;
  return 0;
}

/* (the work has room for most blocks: no call) */
static inline int work_reserve(nl_bidi_work *w, size_t len, size_t runs) {
  if (len + 1 <= w->cap && len + 2 * runs + 1 <= w->ucap && w->bidi)
    return 0;
  return work_grow(w, len, runs);
}

static int native_digit(UChar32 c) { return c > 0x7F && u_isdigit(c); }

/* A percent or currency sign (class ET) next to a digit of Arabic
 * script is left out of the picture: UAX #9 (W2, W5) puts it on one
 * side of the number or the other depending on what comes before it,
 * and both are usual; isolating such a number to move its sign is not
 * wanted. With Latin digits (Urdu's) "12%" reads as in Latin. Read by
 * code points: Hanifi Rohingya's and Adlam's digits are pairs of units.
 * Kept units move down in order, never over one still to be read. */
static int32_t without_signs(UChar *s, int32_t n) {
  int32_t m = 0, i = 0;
  int before = 0; /* the character before s[i] is a native digit */
  while (i < n) {
    int32_t j = i, k;
    UChar32 c, d = 0;
    U16_NEXT(s, j, n, c);
    if ((k = j) < n)
      U16_NEXT(s, k, n, d);
    int drop = dir_of((uint32_t)c) == U_EUROPEAN_NUMBER_TERMINATOR &&
               (before || (j < n && native_digit(d)));
    before = native_digit(c);
    for (; !drop && i < j; i++)
      s[m++] = s[i];
    i = j;
  }
  return m;
}

static int display(UBiDi *bidi, const UChar *s, int32_t n, int rtl,
                   UChar *out, int32_t *nout) {
  UErrorCode ec = U_ZERO_ERROR;
  ubidi_setPara(bidi, s, n, rtl ? 1 : 0, NULL, &ec);
  *nout = ubidi_writeReordered(
      bidi, out, n + 1, UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS, &ec);
  if (U_SUCCESS(ec))
    *nout = without_signs(out, *nout);
  return U_FAILURE(ec) ? NL_EICU : 0;
}

/* The units the layout shortcuts leave to ICU whatever their place:
 * surrogates, ZWSP..RLM, the embeddings and overrides, the isolates and
 * ALM (explicit levels, marks and boundary neutrals). */
static int explicit_or_surrogate(UChar c) {
  return U16_IS_SURROGATE(c) || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0x061C;
}

/* The display of C1 LRI run PDI C2 (s[0..a), s[a..b), s[b..n)) in a
 * right-to-left paragraph, as ICU writes it with mirroring and without
 * controls, when no layout is needed to know it: C1 and C2 hold only
 * right-to-left letters (R, AL) and spaces, the run only characters
 * that take its level in a left-to-right isolate (L, EN, ES, CS, ET,
 * WS and ON that do not mirror; EN turns L after sos, W7) and does not
 * end in a space (L1 would lower it at the end of the line), all in the
 * BMP, none a control (ZWNJ and ZWJ around it are left out, as ICU
 * leaves them). Then everything outside the isolate is at level
 * 1 (the isolate is a neutral between right-to-left letters or the
 * paragraph's edges, N1) and the run at level 2, in its own order: C2
 * reversed, the run, C1 reversed. -1 when ICU must lay it out;
 * test_bidi holds the rest to ubidi on random windows. */
static int isolated_plain(const UChar *s, int32_t n, int32_t a, int32_t b) {
  if (a >= b || dir_of(s[b - 1]) == U_WHITE_SPACE_NEUTRAL)
    return 0;
  for (int32_t k = 0; k < n; k++) {
    UChar c = s[k];
    if ((k < a || k >= b) && (c == 0x200C || c == 0x200D))
      continue; /* BN outside the run: no part in it (X9), not written */
    int d = dir_of(c);
    if (explicit_or_surrogate(c))
      return 0;
    if (k < a || k >= b) {
      if (d != U_RIGHT_TO_LEFT && d != U_RIGHT_TO_LEFT_ARABIC &&
          d != U_WHITE_SPACE_NEUTRAL)
        return 0;
    } else if (!(d == U_LEFT_TO_RIGHT || d == U_EUROPEAN_NUMBER ||
                 d == U_EUROPEAN_NUMBER_SEPARATOR ||
                 d == U_COMMON_NUMBER_SEPARATOR ||
                 d == U_EUROPEAN_NUMBER_TERMINATOR ||
                 d == U_WHITE_SPACE_NEUTRAL ||
                 (d == U_OTHER_NEUTRAL && !u_isMirrored(c)))) {
      return 0;
    }
  }
  return 1;
}

/* The order nl_bidi__isolated_rtl writes, as indices in s. */
static int32_t isolated_order(const UChar *s, int32_t n, int32_t a, int32_t b,
                              int32_t *idx) {
  int32_t m = 0;
  for (int32_t k = n - 1; k >= b; k--)
    if (s[k] != 0x200C && s[k] != 0x200D)
      idx[m++] = k;
  for (int32_t k = a; k < b; k++)
    idx[m++] = k;
  for (int32_t k = a - 1; k >= 0; k--)
    if (s[k] != 0x200C && s[k] != 0x200D)
      idx[m++] = k;
  return m;
}

int32_t nl_bidi__isolated_rtl(const UChar *s, int32_t n, int32_t a, int32_t b,
                              UChar *out) {
  if (!isolated_plain(s, n, a, b))
    return -1;
  int32_t m = 0;
  for (int32_t k = n - 1; k >= b; k--)
    if (s[k] != 0x200C && s[k] != 0x200D)
      out[m++] = s[k];
  memcpy(out + m, s + a, (size_t)(b - a) * sizeof(UChar));
  m += b - a;
  for (int32_t k = a - 1; k >= 0; k--)
    if (s[k] != 0x200C && s[k] != 0x200D)
      out[m++] = s[k];
  return m;
}

/* ---- a paragraph without explicit levels ------------------------------ */

enum { K_L, K_R, K_EN, K_AN, K_ES, K_ET, K_CS, K_WS, K_ON };

/* The classes a plain paragraph may hold (UAX #9 Table 4), AL as R after
 * W2; -1 for any other: controls, marks, separators of segments and
 * paragraphs, boundary neutrals, mirrored characters (paired brackets
 * among them), surrogates. */
static int plain_class(UChar c, int *al) {
  *al = 0;
  if (explicit_or_surrogate(c))
    return -1;
  switch (dir_of(c)) {
  case U_LEFT_TO_RIGHT:
    return K_L;
  case U_RIGHT_TO_LEFT_ARABIC:
    *al = 1;
    return K_R;
  case U_RIGHT_TO_LEFT:
    return K_R;
  case U_EUROPEAN_NUMBER:
    return K_EN;
  case U_ARABIC_NUMBER:
    return K_AN;
  case U_EUROPEAN_NUMBER_SEPARATOR:
    return K_ES;
  case U_EUROPEAN_NUMBER_TERMINATOR:
    return K_ET;
  case U_COMMON_NUMBER_SEPARATOR:
    return K_CS;
  case U_WHITE_SPACE_NEUTRAL:
    return K_WS;
  case U_OTHER_NEUTRAL:
    return u_isMirrored(c) ? -1 : K_ON;
  default:
    return -1;
  }
}

/* The weak types of k[0..n) resolved (UAX #9 W2-W7) in a paragraph
 * whose sos and eos are `e` (K_L or K_R); al[] marks the AL letters. */
static void resolve_weak(unsigned char *k, const unsigned char *al, int32_t n,
                         int e) {
  int strong = e, strong_al = 0;
  for (int32_t i = 0; i < n; i++) { /* W2, W3 */
    if (k[i] == K_L || k[i] == K_R) {
      strong = k[i];
      strong_al = al[i];
    } else if (k[i] == K_EN && strong_al) {
      k[i] = K_AN;
    }
  }
  for (int32_t i = 1; i + 1 < n; i++) /* W4 */
    if ((k[i] == K_ES || k[i] == K_CS) && k[i - 1] == K_EN &&
        k[i + 1] == K_EN)
      k[i] = K_EN;
    else if (k[i] == K_CS && k[i - 1] == K_AN && k[i + 1] == K_AN)
      k[i] = K_AN;
  for (int32_t i = 0; i < n;) { /* W5 */
    int32_t j = i;
    while (j < n && k[j] == K_ET)
      j++;
    if (j > i && ((i > 0 && k[i - 1] == K_EN) || (j < n && k[j] == K_EN)))
      memset(k + i, K_EN, (size_t)(j - i));
    i = j > i ? j : i + 1;
  }
  strong = e;
  for (int32_t i = 0; i < n; i++) { /* W6, W7 */
    if (k[i] == K_ES || k[i] == K_ET || k[i] == K_CS)
      k[i] = K_ON;
    else if (k[i] == K_L || k[i] == K_R)
      strong = k[i];
    else if (k[i] == K_EN && strong == K_L)
      k[i] = K_L;
  }
}

/* I1, I2: the level of a character of resolved type t. */
static unsigned char level_of(int t, int rtl) {
  if (t == K_R)
    return 1;
  if (t == K_L)
    return (unsigned char)(rtl ? 2 : 0);
  return 2; /* EN, AN */
}

/* Neutrals (N1, N2) and levels (I1, I2, L1) of a paragraph at level
 * `rtl`; ws[] marks the characters of class WS as typed. */
static void resolve_levels(const unsigned char *k, const unsigned char *ws,
                           int32_t n, int rtl, unsigned char *lv) {
  int e = rtl ? K_R : K_L;
  for (int32_t i = 0; i < n;) {
    if (k[i] != K_WS && k[i] != K_ON) {
      lv[i] = level_of(k[i], rtl);
      i++;
      continue;
    }
    int32_t j = i; /* N1: EN and AN count as R */
    while (j < n && (k[j] == K_WS || k[j] == K_ON))
      j++;
    int before = i == 0 ? e : k[i - 1] == K_L ? K_L : K_R;
    int after = j == n ? e : k[j] == K_L ? K_L : K_R;
    unsigned char l = level_of(before == after ? before : e, rtl); /* N2 */
    memset(lv + i, l, (size_t)(j - i));
    i = j;
  }
  for (int32_t i = n; i > 0 && ws[i - 1]; i--) /* L1: trailing spaces */
    lv[i - 1] = (unsigned char)rtl;
}

/* ICU's display (ubidi_writeReordered, mirrored, controls removed) of
 * s[0..n) as a paragraph at level `rtl`, when it holds no explicit
 * embedding, isolate or mark, nothing mirrored and no separator of
 * segments or paragraphs (plain_class), ZWNJ and ZWJ left out: the weak
 * types, neutrals and levels resolved as UAX #9 does and the levels
 * reversed (L2). -1 when
 * it holds anything else, or is long: ICU lays it out. test_bidi holds
 * it to ubidi on random paragraphs. plain_order gives the display as the
 * units' indices in s, in display order. */
static int32_t plain_order(const UChar *s, int32_t n, int rtl,
                           int32_t *idx) {
  unsigned char k[256], al[256], ws[256], lv[256];
  int32_t at[256], in = n;
  if (n > (int32_t)sizeof(k))
    return -1;
  n = 0;
  for (int32_t i = 0; i < in; i++) {
    if (s[i] == 0x200C || s[i] == 0x200D)
      continue; /* BN: out of the picture (X9), and removed as ICU does */
    int a, c = plain_class(s[i], &a);
    if (c < 0)
      return -1;
    at[n] = i;
    k[n] = (unsigned char)c;
    al[n] = (unsigned char)a;
    ws[n++] = c == K_WS;
  }
  resolve_weak(k, al, n, rtl ? K_R : K_L);
  resolve_levels(k, ws, n, rtl, lv);
  int32_t order[256];
  for (int32_t i = 0; i < n; i++)
    order[i] = i;
  for (int level = 2; level >= 1; level--) /* L2 */
    for (int32_t i = 0; i < n;) {
      if (lv[i] < level) {
        i++;
        continue;
      }
      int32_t j = i;
      while (j < n && lv[j] >= level)
        j++;
      for (int32_t a = i, b = j - 1; a < b; a++, b--) {
        int32_t t = order[a];
        order[a] = order[b];
        order[b] = t;
      }
      i = j;
    }
  for (int32_t i = 0; i < n; i++)
    idx[i] = at[order[i]];
  return n;
}

int32_t nl_bidi__plain_display(const UChar *s, int32_t n, int rtl,
                               UChar *out) {
  int32_t idx[256], m = plain_order(s, n, rtl, idx);
  for (int32_t i = 0; i < m; i++)
    out[i] = s[idx[i]];
  return m;
}

/* without_signs over a display given as indices of units of s. */
static int32_t signs_order(const UChar *s, int32_t *idx, int32_t n) {
  int32_t m = 0;
  for (int32_t i = 0; i < n; i++) {
    if (dir_of(s[idx[i]]) != U_EUROPEAN_NUMBER_TERMINATOR ||
        !((i > 0 && native_digit(s[idx[i - 1]])) ||
          (i + 1 < n && native_digit(s[idx[i + 1]]))))
      idx[m++] = idx[i];
  }
  return m;
}

/* ---- windows judged before ---------------------------------------------- */

enum { M_AL = K_ON + 1, M_BN, M_NATIVE = 16 };

/* A unit's class for the memo: plain_class's, AL apart; ZWNJ and ZWJ;
 * -1 for what is not plain. */
static int memo_class(UChar u) {
  uint32_t c = u;
  /* dir_of's own first answers, without plain_class's tests */
  switch (known_dir(c)) {
  case U_LEFT_TO_RIGHT:
    return K_L;
  case U_EUROPEAN_NUMBER:
    return K_EN;
  case U_WHITE_SPACE_NEUTRAL:
    return K_WS;
  case U_RIGHT_TO_LEFT_ARABIC:
    return M_AL;
  default:
    break;
  }
  if (c == 0x200C || c == 0x200D)
    return M_BN;
  int al, k = plain_class(u, &al);
  return k < 0 ? -1 : al ? M_AL : k;
}

/* memo_class of ASCII (M_NO: -1): L, EN, ES, ET, CS, WS (the space and
 * FF), and ON (RA_ON) but the mirrored ( ) < > [ ] { }, which the memo
 * leaves to the layouts as it does B, S and BN. */
#define M_NO 0xFF
#define MA_MIRRORED(c)                                                     \
  (c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||  \
   c == '{' || c == '}')
#define MA(c)                                                              \
  (RA_IN(c, 'A', 'Z') || RA_IN(c, 'a', 'z') ? K_L                          \
   : RA_IN(c, '0', '9')                     ? K_EN                         \
   : c == ' ' || c == 0x0C                  ? K_WS                         \
   : RA_IN(c, '#', '%')                     ? K_ET                         \
   : c == '+' || c == '-'                   ? K_ES                         \
   : c == ',' || c == '.' || c == '/' || c == ':' ? K_CS                   \
   : RA_ON(c) && !MA_MIRRORED(c)            ? K_ON                         \
                                            : M_NO)
#define MA4(c) MA(c), MA(c + 1), MA(c + 2), MA(c + 3)
#define MA16(c) MA4(c), MA4(c + 4), MA4(c + 8), MA4(c + 12)
static const unsigned char memo_ascii[128] = {
    MA16(0x00), MA16(0x10), MA16(0x20), MA16(0x30),
    MA16(0x40), MA16(0x50), MA16(0x60), MA16(0x70)};

/* memo_class in one look-up for ASCII and the Arabic letters known_dir
 * knows (test_bidi_fast holds it to memo_class at every unit). */
static inline int memo_class_fast(UChar u) {
  if (u < 0x80)
    return memo_ascii[u] == M_NO ? -1 : memo_ascii[u];
  if ((unsigned)u - 0x0620 <= 0x064A - 0x0620 ||
      (unsigned)u - 0x0671 <= 0x06D3 - 0x0671)
    return M_AL;
  return memo_class(u);
}

int nl_bidi__memo_class(UChar u, int fast) {
  return fast ? memo_class_fast(u) : memo_class(u);
}

/* The memo's key of window s[0..n) with the run at [a, b): the units'
 * classes (`fast`: memo_class_fast's), and which are native digits
 * when the window holds a sign (what without_signs looks at); its slot
 * in *slot. 0 when the window is long or not plain. */
static int memo_key(const UChar *s, int32_t n, int32_t a, int32_t b,
                    int fast, uint8_t *sym, unsigned *slot) {
  if (n <= 0 || n > MEMO_UNITS)
    return 0;
  int signs = 0;
  unsigned h = (unsigned)(n * 1024 + a * 32 + b);
  for (int32_t k = 0; k < n; k++) {
    int c = fast ? memo_class_fast(s[k]) : memo_class(s[k]);
    if (c < 0)
      return 0;
    sym[k] = (uint8_t)c;
    signs |= c == K_ET;
    h = h * 31u + (unsigned)c;
  }
  if (signs) { /* (rare: the hash again, with the native digits) */
    h = (unsigned)(n * 1024 + a * 32 + b);
    for (int32_t k = 0; k < n; k++) {
      sym[k] |= native_digit(s[k]) ? M_NATIVE : 0;
      h = h * 31u + sym[k];
    }
  }
  *slot = (h * 2654435761u) >> 24; /* MEMO_SLOTS */
  return 1;
}

/* The verdict of memo entry e on window win: no unit of a plain window
 * is mirrored (every mirrored character is ON, test_bidi__dir), so a
 * unit that moves is out of order. */
static int memo_answer(const memo_entry *e, const UChar *win) {
  if (e->m1 != e->m2)
    return NL_BIDI_ORDER;
  for (int32_t k = 0; k < e->m1; k++)
    if (win[e->with[k]] != win[e->without[k]])
      return NL_BIDI_ORDER;
  return 0;
}

/*
 * The verdict on a run alone in its window of a right-to-left block,
 * from the memo: 1 when it answers (in *kind), 0 when the computing
 * path must. Where both layout shortcuts take the window (it is plain
 * and short, the run takes the isolate's level: isolated_plain), its
 * two displays are permutations of its units that UAX #9 computes from
 * their bidi classes alone - the weak types, neutrals, levels and
 * reordering look at nothing else, nothing is mirrored (every mirrored
 * character is ON, and plain_class leaves those to ICU), ZWNJ and ZWJ
 * are dropped wherever they are - and without_signs drops a sign by its
 * class and whether a neighbour is a native digit. So the permutations
 * are a function of memo_key, and are kept; the verdict compares the
 * units they pick, so that "aa" reversed is still "aa". A window seen
 * with other words and numbers of the same shapes (the usual "97 MB"
 * after a Persian word) needs no layout at all. test_bidi_digest holds
 * it to the computing path on random windows.
 */
static int memo_verdict(nl_bidi_work *w, const UChar *win, int32_t n,
                        int32_t a, int32_t b, int *kind) {
  uint8_t sym[MEMO_UNITS];
  unsigned slot;
  if (!memo_key(win, n, a, b, !w->general, sym, &slot))
    return 0;
  if (w->memo == NULL &&
      (w->memo = calloc(MEMO_SLOTS, sizeof(memo_entry))) == NULL)
    return 0; /* the computing path needs no memory */
  memo_entry *e = &w->memo[slot];
  if (e->n == n && e->a == a && e->b == b &&
      memcmp(e->sym, sym, (size_t)n) == 0) {
    w->memo_hits++;
  } else {
    int32_t iw[MEMO_UNITS], io[MEMO_UNITS];
    if (!isolated_plain(win, n, a, b))
      return 0;
    int32_t m1 = signs_order(win, iw, isolated_order(win, n, a, b, iw));
    int32_t m2 = plain_order(win, n, 1, io);
    if (m2 < 0)
      return 0;
    m2 = signs_order(win, io, m2);
    e->n = (uint8_t)n;
    e->a = (uint8_t)a;
    e->b = (uint8_t)b;
    e->m1 = (uint8_t)m1;
    e->m2 = (uint8_t)m2;
    memcpy(e->sym, sym, (size_t)n);
    for (int32_t k = 0; k < m1; k++)
      e->with[k] = (uint8_t)iw[k];
    for (int32_t k = 0; k < m2; k++)
      e->without[k] = (uint8_t)io[k];
  }
  *kind = memo_answer(e, win);
  return 1;
}

size_t nl_bidi__memo_hits(const nl_bidi_work *w) { return w->memo_hits; }

/* The index of the first of the safe points safe[0..nsafe) at or after
 * `b`, searched for (the general path). */
static size_t safe_after(const size_t *safe, size_t nsafe, size_t b) {
  size_t lo = 0, hi = nsafe;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (safe[mid] < b)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The window [*wa, *wb) of bytes around a run: from the safe point
 * before it to the one after it, safe[lo] (none lies in a run). The
 * walk that found the run knows lo: the safe points it had found then
 * are before the run, the next ones after it (find_runs; a work in
 * general mode searches, test_bidi_fast holds the two together). */
static void window_at(const size_t *safe, size_t nsafe, const char *s,
                      size_t len, size_t lo, size_t *wa, size_t *wb) {
  *wa = lo > 0 ? safe[lo - 1] : 0;
  *wb = len;
  if (lo < nsafe) {
    *wb = safe[lo];
    nl_utf8__next_inline(s, len, wb);
  }
}

/* The window [*wa, *wb) of bytes around candidate run i. */
static void window(const screen *S, const char *s, size_t len, const cand *c,
                   size_t i, size_t *wa, size_t *wb) {
  size_t lo = S->work->general ? safe_after(S->safe, S->nsafe, c[i].b)
                                : c[i].after;
  window_at(S->safe, S->nsafe, s, len, lo, wa, wb);
}

/* 31 to the power k (mod 2^32), k = 0..MEMO_UNITS: memo_key's hash of
 * n units is its seed times 31^n plus the units' own part. */
static const unsigned pow31[MEMO_UNITS + 1] = {
    0x00000001u, 0x0000001Fu, 0x000003C1u, 0x0000745Fu,
    0x000E1781u, 0x01B4D89Fu, 0x34E63B41u, 0x67E12CDFu,
    0x94446F01u, 0xF449711Fu, 0x94E4B2C1u, 0x07B1A55Fu,
    0xEE830681u, 0xE1DDC99Fu, 0x59DB6A41u, 0xE191DDDFu,
    0x50A9DE01u, 0xC491E21Fu, 0xCDAA61C1u, 0xE7A1D65Fu,
    0x0C98F581u, 0x8685BA9Fu, 0x4A319941u, 0xFC018EDFu,
    0x84304D01u, 0x01D9531Fu, 0x395110C1u, 0xF0D1075Fu,
    0x294FE481u, 0x00ACAB9Fu, 0x14E8C841u, 0x88303FDFu,
    0x7DD7BC01u};

/* The verdict on the one run of a right-to-left block that opens with
 * one of its own letters, from the memo, its window read off the UTF-8
 * in one walk (the units screen_init would copy, memo_key's classes and
 * hash, the run's place) without the screen: what decide gives, since
 * that letter is the block's first strong character (no run sets its
 * direction) and the run is alone in its window. 1 when the memo
 * answers (in *kind); 0 leaves the window to the general path (a sign
 * in it, a window not seen yet, anything memo_key would not take). */
/* The units of s[from..to) appended to win[] and their memo classes to
 * sym[] (*n of MEMO_UNITS), the classes folded into *part as memo_key
 * folds them: 0 when memo_key would not take them (a class it leaves to
 * the layouts, a sign, a unit beyond MEMO_UNITS or the BMP). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int window_units(const char *s, size_t len, size_t from,
                               size_t to, UChar *win, uint8_t *sym,
                               int32_t *n, unsigned *part) {
  const unsigned char *u = (const unsigned char *)s;
  int32_t m = *n;
  unsigned h = *part;
  for (size_t k = from; k < to; m++) {
    unsigned ch = u[k];
    int cl;
    if (m == MEMO_UNITS)
      return 0;
    if (ch < 0x80) {
      cl = memo_class_fast((UChar)ch);
      k++;
    } else if (k + 1 < len && own_arabic_letter(u[k], u[k + 1])) {
      ch = (ch & 0x1Fu) << 6 | (u[k + 1] & 0x3Fu);
      cl = M_AL;
      k += 2;
    } else {
      ch = nl_utf8__next_inline(s, len, &k);
      cl = ch > 0xFFFF ? -1 : memo_class_fast((UChar)ch);
    }
    if (cl < 0 || cl == K_ET)
      return 0; /* (not plain; a sign: native digits in the key) */
    win[m] = (UChar)ch;
    sym[m] = (uint8_t)cl;
    h = h * 31u + (unsigned)cl;
  }
  *n = m;
  *part = h;
  return 1;
}

/* Whether the first n (at most MEMO_UNITS) classes of x and y agree:
 * 32 bytes of each compared at once, no call. */
_Static_assert(MEMO_UNITS == 32, "same_classes reads 32 classes of each");
static inline int same_classes(const uint8_t *x, const uint8_t *y, int32_t n) {
#ifdef __SSE2__
  const __m128i *p = (const __m128i *)(const void *)x;
  const __m128i *q = (const __m128i *)(const void *)y;
  uint64_t eq =
      (uint64_t)(unsigned)_mm_movemask_epi8(
          _mm_cmpeq_epi8(_mm_loadu_si128(p), _mm_loadu_si128(q))) |
      (uint64_t)(unsigned)_mm_movemask_epi8(
          _mm_cmpeq_epi8(_mm_loadu_si128(p + 1), _mm_loadu_si128(q + 1)))
          << 16;
  return (~eq & ((1ull << n) - 1)) == 0;
#else
  return memcmp(x, y, (size_t)n) == 0;
#endif
}

int nl_bidi__same_classes(const uint8_t *x, const uint8_t *y, int n) {
  return same_classes(x, y, n);
}

static int single_run(nl_bidi_work *w, const char *s, size_t len,
                      const cand *c, size_t nsafe, int *kind) {
  size_t wa, wb;
  if (w->memo == NULL)
    return 0;
  window_at(w->safe, nsafe, s, len, c->after, &wa, &wb);
  UChar win[MEMO_UNITS];
  uint8_t sym[MEMO_UNITS] = {0}; /* (all 32 compared: same_classes) */
  int32_t n = 0, a, b;
  unsigned part = 0;
  if (wa > c->a || c->b > wb)
    return 0; /* (never: the run lies in its window) */
  if (!window_units(s, len, wa, c->a, win, sym, &n, &part))
    return 0;
  a = n;
  if (!window_units(s, len, c->a, c->b, win, sym, &n, &part))
    return 0;
  b = n;
  if (!window_units(s, len, c->b, wb, win, sym, &n, &part))
    return 0;
  unsigned h = (unsigned)(n * 1024 + a * 32 + b) * pow31[n] + part;
  const memo_entry *e = &w->memo[(h * 2654435761u) >> 24];
  if (e->n != n || e->a != a || e->b != b || !same_classes(e->sym, sym, n))
    return 0;
  w->memo_hits++;
  *kind = memo_answer(e, win);
  return 1;
}

/* The window's UTF-16 with an isolate around every run in it that
 * keep[] marks, run `flip` counted as `flip_on`. */
static int32_t build(screen *S, size_t wa, size_t wb, const cand *c,
                     size_t nc, size_t i, const int *keep, size_t flip,
                     int flip_on) {
  size_t lo = i, hi = i + 1;
  while (lo > 0 && c[lo - 1].a >= wa)
    lo--;
  while (hi < nc && c[hi].b <= wb)
    hi++;
  int32_t n = 0, at = (int32_t)S->to16[wa];
  for (size_t k = lo; k < hi; k++) {
    if (!(k == flip ? flip_on : keep[k]))
      continue;
    int32_t a16 = (int32_t)S->to16[c[k].a], b16 = (int32_t)S->to16[c[k].b];
    memcpy(S->buf + n, S->text + at, (size_t)(a16 - at) * sizeof(UChar));
    n += a16 - at;
    S->buf[n++] = S->rtl ? LRI : RLI;
    memcpy(S->buf + n, S->text + a16, (size_t)(b16 - a16) * sizeof(UChar));
    n += b16 - a16;
    S->buf[n++] = PDI;
    at = b16;
  }
  int32_t end = (int32_t)S->to16[wb];
  memcpy(S->buf + n, S->text + at, (size_t)(end - at) * sizeof(UChar));
  return n + end - at;
}

/* The code point that unit k of s[0..n) belongs to (a pair read whole:
 * a lone surrogate is no mirrored character). */
static UChar32 cp_at(const UChar *s, int32_t n, int32_t k) {
  UChar32 c;
  U16_GET(s, 0, k, n, c);
  return c;
}

/* How run i, with the runs keep[] marks isolated, shows differently
 * isolated and not: 0 not at all, NL_BIDI_MIRROR when a mirrored glyph
 * moves or turns (a bracket pair or quotation), NL_BIDI_ORDER
 * otherwise. */
static int isolation_shows(screen *S, const cand *c, size_t nc, size_t i,
                           const int *keep, int *kind) {
  size_t wa = c[i].wa, wb = c[i].wb;
  int32_t m1 = 0, m2 = 0;
  int rc = 0;
  int32_t n = 0;
  /* the run alone in its window of a right-to-left block: isolated, it
   * may need no layout */
  if (S->rtl && (i == 0 || c[i - 1].a < wa) &&
      (i + 1 == nc || c[i + 1].b > wb)) {
    int32_t w0 = (int32_t)S->to16[wa], wn = (int32_t)S->to16[wb] - w0;
    int32_t a = (int32_t)S->to16[c[i].a] - w0;
    int32_t b = (int32_t)S->to16[c[i].b] - w0;
    if (memo_verdict(S->work, S->text + w0, wn, a, b, kind))
      return 0;
    m1 = nl_bidi__isolated_rtl(S->text + w0, wn, a, b, S->with);
    if (m1 >= 0)
      m1 = without_signs(S->with, m1);
  } else {
    m1 = -1;
  }
  if (m1 < 0) {
    n = build(S, wa, wb, c, nc, i, keep, i, 1);
    rc = display(S->bidi, S->buf, n, S->rtl, S->with, &m1);
  }
  n = build(S, wa, wb, c, nc, i, keep, i, 0);
  /* with no isolate in the window, most need no layout either */
  m2 = rc == 0 ? nl_bidi__plain_display(S->buf, n, S->rtl, S->without) : -1;
  if (m2 >= 0)
    m2 = without_signs(S->without, m2);
  else if (rc == 0)
    rc = display(S->bidi, S->buf, n, S->rtl, S->without, &m2);
  *kind = 0;
  for (int32_t k = 0; rc == 0 && k < m1 && k < m2 && !*kind; k++)
    if (S->with[k] != S->without[k])
      *kind = u_isMirrored(cp_at(S->with, m1, k)) ||
                      u_isMirrored(cp_at(S->without, m2, k))
                  ? NL_BIDI_MIRROR
                  : NL_BIDI_ORDER;
  if (rc == 0 && !*kind && m1 != m2)
    *kind = NL_BIDI_ORDER;
  return rc;
}

/* Byte offset of the block's first strong character outside isolates
 * (UAX #9 P2) - those in the text and the runs chosen so far - and
 * whether it is right-to-left; len when there is none. */
static size_t first_strong(const char *s, size_t len, const cand *c,
                           const int *keep, size_t nc, int *rtl) {
  int depth = 0;
  size_t k = 0;
  for (size_t i = 0; i < len;) {
    while (k < nc && c[k].b <= i)
      k++;
    if (k < nc && keep[k] && c[k].a <= i) {
      i = c[k].b; /* a run that will be isolated */
      continue;
    }
    size_t j = i;
    uint32_t ch = nl_utf8__next_inline(s, len, &j);
    if (ch == LRI || ch == RLI || ch == FSI)
      depth++;
    else if (ch == PDI && depth > 0)
      depth--;
    else if (depth == 0 && (is_strong(ch, 0) || is_strong(ch, 1))) {
      *rtl = is_strong(ch, 1);
      return i;
    }
    i = j;
  }
  return len;
}

/* Rule 2: while the first strong character is of the other direction
 * and lies in a candidate, that candidate is isolated. */
static void isolate_first_strong(const char *s, size_t len, int rtl,
                                 const cand *c, int *keep, size_t nc) {
  for (;;) {
    int dir = rtl;
    size_t first = first_strong(s, len, c, keep, nc, &dir);
    if (first == len || dir == rtl)
      return;
    size_t i = 0;
    while (i < nc && !(c[i].a <= first && first < c[i].b))
      i++;
    if (i == nc || keep[i])
      return;
    keep[i] = NL_BIDI_FIRST_STRONG;
  }
}

/* The part of the block the windows cover, from the first run's to the
 * last run's, in UTF-16 in the work's arrays, with the byte -> unit map
 * at each character's first byte there (the windows read it at their
 * ends and at the runs' ends only); the safe points are find_runs'. A
 * block is mostly its own text before and after its runs: it is not
 * copied. Each run's window is found once, into c[]. */
static void screen_init(screen *S, nl_bidi_work *w, const char *s, size_t len,
                        int rtl, size_t nsafe, cand *c, size_t nc) {
  screen z = {.bidi = w->bidi,
              .text = w->text,
              .to16 = w->to16,
              .safe = w->safe,
              .nsafe = nsafe,
              .buf = w->buf,
              .with = w->with,
              .without = w->without,
              .rtl = rtl,
              .work = w};
  *S = z;
  for (size_t k = 0; k < nc; k++)
    window(S, s, len, c, k, &c[k].wa, &c[k].wb);
  size_t from = c[0].wa, to = c[nc - 1].wb, u = 0;
  for (size_t b = from; b < to;) {
    size_t at = b;
    uint32_t ch = nl_utf8__next_inline(s, len, &b);
    w->to16[at] = u;
    if (ch > 0xFFFF) {
      w->text[u++] = (UChar)(0xD7C0 + (ch >> 10));
      w->text[u++] = (UChar)(0xDC00 | (ch & 0x3FF));
    } else {
      w->text[u++] = (UChar)ch;
    }
  }
  w->to16[to] = u;
}

/* Decides keep[] for every run: the one that would set the paragraph's
 * direction first, then each in order with the ones before it decided
 * and the ones after it isolated for now (two names that each leave a
 * number after them alone in the other's presence - "(press@x.com).
 * «WFP»، (۱۰–۲۰)" - need isolates together; a number after an isolated
 * name needs none of its own), then each kept one again with all the
 * others decided: isolating a later run can make an earlier one's
 * isolate needless (in "«BBC و CNN»، Yahoo!" CNN needs one only while
 * Yahoo! has none). A run that taking one out leaves wrong is added
 * back; a few rounds settle it. */
#define NL_BIDI_FOR_NOW (-1)
static int decide(screen *S, const char *s, size_t len, const cand *c,
                  size_t nc, int *keep) {
  isolate_first_strong(s, len, S->rtl, c, keep, nc);
  int rc = 0, kind = 0, changed = 1;
  for (size_t i = 0; i < nc; i++)
    keep[i] = keep[i] ? keep[i] : NL_BIDI_FOR_NOW;
  for (size_t i = 0; rc == 0 && i < nc; i++)
    if (keep[i] == NL_BIDI_FOR_NOW &&
        (rc = isolation_shows(S, c, nc, i, keep, &kind)) == 0)
      keep[i] = kind;
  /* one run was judged alone, as a second look would judge it again */
  if (nc <= 1)
    return rc;
  for (int round = 0; rc == 0 && changed && round < 8; round++) {
    changed = 0;
    for (size_t i = 0; rc == 0 && i < nc; i++) {
      if (keep[i] == NL_BIDI_FIRST_STRONG ||
          (rc = isolation_shows(S, c, nc, i, keep, &kind)) != 0)
        continue;
      changed |= !keep[i] != !kind;
      keep[i] = kind;
    }
  }
  return rc;
}

/* The candidate runs of `s` and, in keep[], why each needs an isolate
 * (0: it displays as meant without one). w->partner holds s's pairs.
 * *c and *keep are the work's (kept for the next block, not freed). */
static int judge_runs(nl_bidi_work *w, const char *s, size_t len, int rtl,
                      const nl_lz_span *sp, size_t nsp, cand **c, int **keep,
                      size_t *nc, nl_error *err) {
  *nc = 0;
  size_t nsafe = 0;
  int rc = find_runs(s, len, rtl, sp, nsp, w->partner, w->clean > len,
                     !w->general, &w->cands, &w->ncap, nc, w->safe, &nsafe);
  *c = w->cands;
  *keep = w->keep;
  if (rc < 0)
    return nl_error__nomem(err);
  if (*nc == 0)
    return 0;
  screen S;
  if (*nc > w->kcap) {
    size_t n = *nc > 2 * w->kcap ? *nc : 2 * w->kcap;
    if (grow((void **)&w->keep, n, sizeof(int)) < 0)
      return nl_error__nomem(err);
    w->kcap = n;
    *keep = w->keep;
  }
  if (*nc == 1) /* (most blocks: no call) */
    (*keep)[0] = 0;
  else
    memset(*keep, 0, *nc * sizeof(int));
  /* (most Persian blocks with a number: no screen) */
  if (*nc == 1 && rtl && nsp == 0 && !w->general && len >= 2 &&
      own_arabic_letter((unsigned char)s[0], (unsigned char)s[1]) &&
      single_run(w, s, len, *c, nsafe, *keep))
    return 0;
  if (work_reserve(w, len, *nc) < 0)
    return nl_error__nomem(err);
  screen_init(&S, w, s, len, rtl, nsafe, *c, *nc);
  if (decide(&S, s, len, *c, *nc, *keep) < 0)
    return nl_error__set(err, NL_EICU, NULL, 0, 0,
                         "ICU could not lay out bidi text");
  return 0;
}

/* A block with letters of the other direction only (English left
 * untranslated on a Persian page) is laid out in its own direction (it
 * gets its own dir attribute) and left as it is; one with no letters at
 * all (a phone number, a score) takes the service's direction. */
static int laid_out_as_service(const char *s, size_t len, int rtl) {
  if (rtl && len >= 2 &&
      own_arabic_letter((unsigned char)s[0], (unsigned char)s[1]))
    return 1; /* (most Persian blocks: their first letter) */
  int other = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c = nl_utf8__next_inline(s, len, &i);
    if (is_strong(c, rtl))
      return 1;
    other |= is_strong(c, !rtl);
  }
  return !other;
}

/* Appends hazard h to *out (grown as needed). */
static int push_hazard(nl_bidi_hazard **out, size_t *n, size_t *cap,
                       nl_bidi_hazard h) {
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 8;
    nl_bidi_hazard *p = realloc(*out, c * sizeof(*p));
    if (p == NULL)
      return NL_ENOMEM;
    *out = p;
    *cap = c;
  }
  (*out)[(*n)++] = h;
  return 0;
}

/* Whether s holds an isolate control (E2 81 A6..A9). */
static int has_isolate(const char *s, size_t len) {
  for (const char *p = s, *end = s + len;
       (p = memchr(p, 0xE2, (size_t)(end - p))) != NULL; p++)
    if (end - p >= 3 && (unsigned char)p[1] == 0x81 &&
        (unsigned char)p[2] >= 0xA6 && (unsigned char)p[2] <= 0xA9)
      return 1;
  return 0;
}

/* Bracket pairs and quotations that an isolate already in the text
 * splits (one mark inside it, the other not): UAX #9 pairs brackets
 * only within one isolating run sequence, so the two face the same way
 * ("(… LRI Reuters) PDI" shows "(… ("). Reported over both marks. */
static int split_pairs(const char *s, size_t len, const size_t *partner,
                       nl_bidi_hazard **out, size_t *n, size_t *cap) {
  if (!has_isolate(s, len))
    return 0; /* every mark is in the same (no) isolate as its partner */
  size_t *iso = malloc((len + 1) * sizeof(size_t)), stack[64];
  size_t depth = 0, next_id = 1;
  int rc = iso ? 0 : NL_ENOMEM;
  for (size_t i = 0; rc == 0 && i < len;) {
    size_t j = i;
    uint32_t c = nl_utf8__next_inline(s, len, &j);
    if (c == PDI && depth > 0)
      depth--;
    for (size_t k = i; k < j; k++)
      iso[k] = depth ? stack[depth - 1] : 0; /* innermost isolate */
    if (c != PDI && is_isolate(c) && depth < 64)
      stack[depth++] = next_id++;
    i = j;
  }
  for (size_t i = 0; rc == 0 && i < len; i++)
    if (partner[i] != NO_PAIR && partner[i] > i && iso[i] != iso[partner[i]]) {
      size_t e = partner[i];
      nl_utf8__next_inline(s, len, &e);
      nl_bidi_hazard h = {i, e, NL_BIDI_MIRROR};
      rc = push_hazard(out, n, cap, h);
    }
  free(iso);
  return rc;
}

/* The work's partner[] for s: the marks paired, or (`marks` 0) NO_PAIR
 * throughout, written only where an earlier block left pairs. */
static void pairs_of(nl_bidi_work *w, const char *s, size_t len, int marks) {
  if (marks) {
    find_pairs(s, len, w->partner);
    w->clean = 0;
  } else if (w->clean <= len) {
    no_pairs(w->partner, len);
    w->clean = len + 1;
  }
}

/* The hazards of s appended to *out (*n of *cap, grown as needed). */
static int hazards_into(const char *s, size_t len, int rtl, int marks,
                        nl_bidi_work *w, nl_bidi_hazard **out, size_t *n,
                        size_t *cap, nl_error *err) {
  cand *c = NULL;
  int *keep = NULL;
  size_t nc = 0;
  *n = 0;
  if (work_reserve(w, len, 0) < 0)
    return nl_error__nomem(err);
  pairs_of(w, s, len, marks);
  int rc = 0;
  if (laid_out_as_service(s, len, rtl))
    rc = judge_runs(w, s, len, rtl, NULL, 0, &c, &keep, &nc, err);
  for (size_t i = 0; rc == 0 && i < nc; i++)
    if (keep[i]) {
      nl_bidi_hazard h = {c[i].a, c[i].b, keep[i]};
      rc = push_hazard(out, n, cap, h) < 0 ? nl_error__nomem(err) : 0;
    }
  /* without marks no pair is split */
  if (rc == 0 && marks && split_pairs(s, len, w->partner, out, n, cap) < 0)
    rc = nl_error__nomem(err);
  if (rc < 0)
    *n = 0;
  return rc;
}

int nl_bidi__hazards_kept(const char *s, size_t len, int rtl, int marks,
                          nl_bidi_work *w, const nl_bidi_hazard **out,
                          size_t *n, nl_error *err) {
  int rc = hazards_into(s, len, rtl, marks, w, &w->hz, n, &w->hzcap, err);
  *out = w->hz;
  return rc;
}

int nl_bidi__hazards(const char *s, size_t len, int rtl, int marks,
                     nl_bidi_work *work, nl_bidi_hazard **out, size_t *n,
                     nl_error *err) {
  size_t cap = 0;
  *out = NULL;
  *n = 0;
  nl_bidi_work *w = work ? work : nl_bidi__work_new();
  int rc = w ? hazards_into(s, len, rtl, marks, w, out, n, &cap, err)
             : nl_error__nomem(err);
  if (w != work)
    nl_bidi__work_free(w);
  if (rc < 0) {
    free(*out);
    *out = NULL;
  }
  return rc;
}

/* ---- inserting --------------------------------------------------------- */

/* How far an element's start (`end` 0) or end (`end` 1) moves when
 * LRI/RLI goes in at `a` and PDI at `b`: isolates go outside an element
 * that starts or ends at the same place unless the element lies inside
 * the run. */
static size_t span_shift(const nl_lz_span *sp, size_t a, size_t b, int end) {
  size_t s = sp->start, e = sp->end;
  if (sp->empty || s == e)
    return (a < s ? ISO_LEN : 0) + (b <= s ? ISO_LEN : 0);
  int within = a <= s && e <= b;
  if (!end)
    return (a < s || (a == s && within) ? ISO_LEN : 0) +
           (b <= s ? ISO_LEN : 0);
  return (a < e ? ISO_LEN : 0) +
         (b < e || (b == e && !within) ? ISO_LEN : 0);
}

/* The first of the runs kept[0, n) (in order, disjoint) that ends at or
 * after `off`. */
static size_t first_reaching(const cand *kept, size_t n, size_t off) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (kept[mid].b < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Where an element's edge `off` goes when all the runs are isolated:
 * each run before it moves it by two isolates; only the (at most two)
 * runs that touch it need the rules of span_shift. The runs are in the
 * text's offsets before any isolate went in; isolating them one after
 * the other, each in the offsets the earlier ones left, comes to the
 * same. */
static size_t moved_edge(const nl_lz_span *sp, size_t off, int end,
                         const cand *kept, size_t n) {
  size_t i = first_reaching(kept, n, off), d = i * 2 * ISO_LEN;
  for (; i < n && kept[i].a <= off; i++)
    d += span_shift(sp, kept[i].a, kept[i].b, end);
  return off + d;
}

/* Wraps every run kept[0, n) of `text` (disjoint, in order) in one
 * pass, moving the elements with them: a text with thousands of runs
 * to isolate is copied once, not once a run. */
static int insert_isolates(nl_lz *z, nl_buf *text, const cand *kept,
                           size_t n, nl_lz_span *sp, size_t nsp) {
  char open[4], close[4];
  nl_utf8__encode(z->rtl ? LRI : RLI, open);
  nl_utf8__encode(PDI, close);
  nl_buf t = NL_BUF_INIT;
  size_t from = 0;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    if (nl_buf__put(&t, text->ptr + from, kept[i].a - from) < 0 ||
        nl_buf__put(&t, open, ISO_LEN) < 0 ||
        nl_buf__put(&t, text->ptr + kept[i].a, kept[i].b - kept[i].a) < 0 ||
        nl_buf__put(&t, close, ISO_LEN) < 0)
      rc = nl_error__nomem(z->err);
    from = kept[i].b;
  }
  if (rc == 0 && nl_buf__put(&t, text->ptr + from, text->size - from) < 0)
    rc = nl_error__nomem(z->err);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    size_t len = kept[i].b - kept[i].a;
    rc = nl_lz__note(z, "bidi-isolation", kept[i].a, text->ptr + kept[i].a,
                     len, t.ptr + kept[i].a + i * 2 * ISO_LEN,
                     len + 2 * ISO_LEN);
  }
  if (rc == 0) {
    for (size_t k = 0; k < nsp; k++) {
      nl_lz_span o = sp[k];
      sp[k].start = moved_edge(&o, o.start, 0, kept, n);
      sp[k].end = moved_edge(&o, o.end, 1, kept, n);
    }
    nl_buf tmp = *text;
    *text = t;
    t = tmp;
  }
  nl_buf_dispose(&t);
  return rc;
}

/* One round: finds the candidates in the text as it is now (isolates
 * from earlier rounds included), isolates those that need it. *added
 * counts them. */
static int isolate_round(nl_lz *z, nl_bidi_work *w, nl_buf *text,
                         nl_lz_span *sp, size_t nsp, size_t *added) {
  cand *c = NULL;
  int *keep = NULL;
  size_t nc = 0;
  *added = 0;
  int rc = work_reserve(w, text->size, 0) < 0 ? nl_error__nomem(z->err) : 0;
  if (rc == 0) {
    pairs_of(w, text->ptr, text->size, 1);
    rc = judge_runs(w, text->ptr, text->size, z->rtl, sp, nsp, &c, &keep, &nc,
                    z->err);
  }
  size_t nk = 0; /* the runs kept, moved to the front of c */
  for (size_t i = 0; rc == 0 && i < nc; i++)
    if (keep[i])
      c[nk++] = c[i];
  if (rc == 0 && nk > 0)
    rc = insert_isolates(z, text, c, nk, sp, nsp);
  if (rc == 0)
    *added = nk;
  return rc;
}

/* Rounds until nothing more needs isolating: an isolate changes its
 * neighbours' context (a number after an isolated name resolves
 * differently), so decisions are made again against the text with the
 * isolates in it. That also makes localization idempotent: a second
 * run finds nothing to do. Each round isolates at least one run outside
 * the existing isolates, so this ends; the bound is a guard. */
int nl_lz__isolate(nl_lz *z, nl_buf *text, nl_lz_span *sp, size_t nsp) {
  z->base = 0;
  if (text->size == 0 || !laid_out_as_service(text->ptr, text->size, z->rtl))
    return 0;
  size_t added = 1;
  nl_bidi_work *w = nl_bidi__work_new();
  int rc = w ? 0 : nl_error__nomem(z->err);
  for (int round = 0; rc == 0 && added > 0 && round < 16; round++)
    rc = isolate_round(z, w, text, sp, nsp, &added);
  nl_bidi__work_free(w);
  return rc;
}
