/*
 * check_pass.c - one pass over a run that tells which checks can fire.
 *
 * Every character family used to walk a run on its own with its own
 * ICU lookups, and most runs of news text have nothing for any of
 * them. Here each character is looked up once, in a table of the
 * properties the checks ask about (built per 128 code points on first
 * use, from ICU), and the run's summary decides which checks look at
 * it: a run without a control, a character NFC might change, a bidi
 * control, an invisible character, a word of two scripts, a letter the
 * service does not write, digits of another system or the start of an
 * orthography rule is not walked again. The flags over-approximate:
 * each check still decides for itself, as before, on the runs it gets.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>

#include "check_internal.h"
#include "localize_internal.h"
#include "util/bytes.h"
#include "util/utf8.h"

#define BLOCK_BITS 7
#define BLOCKS (0x110000 >> BLOCK_BITS)
#define FLAGS 0x7FFFu
#define SLOW 0x8000u /* an isolate, ZWNJ, ZWJ, a Myanmar character, an
                        invisible one (its place is noted) */
#define NOT_AN_ENTRY 0x7FFF0000u /* script 0x7FFF: none is */
#define NO_RULE 0x110000u /* ortho_lo when no rule is looked for */

/* The code points of one and two bytes, in one table indexed by the
 * bytes themselves (the walk's: no decoding, no block to look for);
 * TWO_UNSET where the block is not filled yet (SLOW: the walk leaves
 * such a character to the full step, which fills it). */
#define TWO 0x800
#define TWO_UNSET (0x7FFE0000u | SLOW)

/* In a language's copy of `two`: a character that may start one of its
 * orthography rules (SLOW: the walk looks closer). */
#define LEAD_MARK (0x7FFD0000u | SLOW)
#define LEAD_SLOTS 4

/* `two` with a language's rules' two-byte leads marked, so that the walk
 * tests no lead table for the other characters. */
typedef struct lead_two {
  const nl_check_lang *l; /* whose, with its tag (the place may be reused) */
  char tag[sizeof(((nl_check_lang *)0)->tag)];
  unsigned gen;           /* nl_chk_props.two_gen it was copied at */
  size_t nleads;
  uint16_t leads[TWO];    /* the marked places */
  uint32_t two[TWO];
} lead_two;

struct nl_chk_props {
  uint32_t *blk[BLOCKS]; /* flags in the low 16 bits, script above */
  uint32_t two[TWO];     /* blk's first 16, once two_set */
  int two_set;
  unsigned two_gen;      /* blocks of `two` filled since */
  lead_two *leads[LEAD_SLOTS];
  unsigned next_slot;


  /* 1 when the block's letters (NL_P_ALPHA) are of one script, Common
   * and Inherited aside */
  unsigned char one_script[BLOCKS];
  nl_chk_seen_at at;     /* the last pass's */
};

const nl_chk_seen_at *nl_chk__props_seen_at(const nl_chk_props *t) {
  return &t->at;
}

/* (the driver runs the pass on every run that is not ASCII, right
 * before the checks: a run of the same text and length is this one) */
const nl_chk_seen_at *nl_chk__seen_at(nl_check_ctx *c, const nl_run *r) {
  const nl_chk_props *t = *nl_chk__props_slot(c);
  if (t == NULL || r->ascii || t->at.text != r->text || t->at.len != r->len)
    return NULL;
  return &t->at;
}

/* An invisible character or a joiner out of place, at byte `at`. */
static void invis_at(nl_chk_seen_at *a, size_t at) {
  if (a->ninvis < NL_CHK_AT_MAX)
    a->invis[a->ninvis++] = at;
  else
    a->invis_all = 0;
}

/* A letter of a second script in a word, at byte `at`. */
static void mixed_at(nl_chk_seen_at *a, size_t at) {
  if (a->nmixed < NL_CHK_AT_MAX)
    a->mixed[a->nmixed++] = at;
  else
    a->mixed_all = 0;
}

size_t nl_chk__props_size(void) { return sizeof(nl_chk_props); }

void nl_chk__props_free(nl_chk_props *t) {
  if (t == NULL)
    return;
  for (size_t i = 0; i < BLOCKS; i++)
    free(t->blk[i]);
  for (size_t i = 0; i < LEAD_SLOTS; i++)
    free(t->leads[i]);
  free(t);
}

static int special_space(uint32_t cp) {
  return cp == 0xA0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x205F || cp == 0x3000 || cp == 0x1680;
}

static int quotation_mark(uint32_t cp) {
  return cp == 0xAB || cp == 0xBB || cp == 0x2039 || cp == 0x203A ||
         (cp >= 0x2018 && cp <= 0x2019) || (cp >= 0x201C && cp <= 0x201D) ||
         (cp >= 0x300C && cp <= 0x300F);
}

static int private_use(uint32_t c) {
  return (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD) ||
         (c >= 0x100000 && c <= 0x10FFFD);
}

static uint32_t char_flags(uint32_t cp, const UNormalizer2 *nfc) {
  UChar32 c = (UChar32)cp;
  int8_t t = (int8_t)u_charType(c);
  UCharDirection d = u_charDirection(c);
  int bpt = u_getIntPropertyValue(c, UCHAR_BIDI_PAIRED_BRACKET_TYPE);
  uint32_t f = 0;
  int mark = t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
  if (cp < 0x80 ? (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')
                : u_isalpha(c) || mark || cp == 0x200C || cp == 0x200D)
    f |= NL_P_WORD;
  f |= u_isalpha(c) && cp >= 0x80 ? NL_P_ALPHA : 0;
  if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
      (cp >= 0x7F && cp <= 0x9F) || nl_chk__nonchar(cp) || private_use(cp) ||
      cp == 0xFEFF)
    f |= NL_P_CHAR;
  if (nfc && (unorm2_getCombiningClass(nfc, c) != 0 ||
              u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) != UNORM_YES))
    f |= NL_P_NFC;
  /* (bidi controls and U+FEFF are for their own checks) */
  if (cp >= 0x80 && cp != 0xFEFF && !nl_chk__bidi_control(cp) &&
      cp != 0x200C && cp != 0x200D && /* judged by the pass in context */
      (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
       t == U_FORMAT_CHAR || special_space(cp)))
    f |= NL_P_INVIS;
  f |= nl_chk__bidi_control(cp) ? NL_P_BIDI : 0;
  f |= cp >= 0x2066 && cp <= 0x2069 ? NL_P_ISOLATE : 0;
  f |= cp >= 0x80 && t == U_DECIMAL_DIGIT_NUMBER ? NL_P_DIGIT : 0;
  f |= cp >= '0' && cp <= '9' ? NL_P_ADIGIT : 0;
  f |= d == U_LEFT_TO_RIGHT ? NL_P_L : 0;
  f |= d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC ? NL_P_R : 0;
  f |= d == U_EUROPEAN_NUMBER || d == U_ARABIC_NUMBER ? NL_P_NUM : 0;
  f |= cp == '+' || cp == '-' || cp == 0x2212 ||
               d == U_EUROPEAN_NUMBER_TERMINATOR
           ? NL_P_SIGN
           : 0;
  f |= bpt != U_BPT_NONE || quotation_mark(cp) ? NL_P_PAIR : 0;
  f |= bpt == U_BPT_CLOSE ? NL_P_CLOSE : 0;
  f |= cp == 0x200C || cp == 0x200D || (f & (NL_P_ISOLATE | NL_P_INVIS))
           ? SLOW
           : 0;
  return f;
}

/* Everything set: what a lookup gives when the table cannot be built,
 * so that every check looks (slowly, but nothing is missed). */
#define ALL_FLAGS NL_P_UNKNOWN

static uint32_t *fill(nl_chk_props *t, uint32_t blk) {
  uint32_t *b = malloc(sizeof(uint32_t) << BLOCK_BITS);
  if (b == NULL)
    return NULL;
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
  for (uint32_t k = 0; k < 1u << BLOCK_BITS; k++) {
    uint32_t cp = blk << BLOCK_BITS | k;
    UErrorCode e2 = U_ZERO_ERROR;
    int sc = uscript_getScript((UChar32)cp, &e2);
    if (U_FAILURE(e2) || sc < 0 || sc > 0xFFFF)
      sc = USCRIPT_INVALID_CODE;
    b[k] = (U_SUCCESS(ec) ? char_flags(cp, nfc) : FLAGS | SLOW) |
           (sc == USCRIPT_MYANMAR ? SLOW : 0) | (uint32_t)sc << 16;
  }
  int first = -1, one = 1;
  for (uint32_t k = 0; k < 1u << BLOCK_BITS; k++) {
    int sc = (int)(b[k] >> 16);
    if (!(b[k] & NL_P_ALPHA) || sc == USCRIPT_COMMON ||
        sc == USCRIPT_INHERITED)
      continue;
    one = one && (first < 0 || sc == first);
    first = sc;
  }
  t->one_script[blk] = (unsigned char)one;
  t->blk[blk] = b;
  if (t->two_set && blk < TWO >> BLOCK_BITS) {
    memcpy(t->two + (blk << BLOCK_BITS), b, sizeof(uint32_t) << BLOCK_BITS);
    t->two_gen++;
  }
  return b;
}

uint32_t nl_chk__prop(nl_chk_props *t, uint32_t cp) {
  if (t == NULL || cp >= 0x110000)
    return ALL_FLAGS;
  uint32_t *b = t->blk[cp >> BLOCK_BITS];
  if (b == NULL && (b = fill(t, cp >> BLOCK_BITS)) == NULL)
    return ALL_FLAGS;
  return b[cp & ((1u << BLOCK_BITS) - 1)];
}

static nl_chk_props *props(nl_check_ctx *c) {
  nl_chk_props **slot = nl_chk__props_slot(c);
  if (*slot == NULL)
    *slot = calloc(1, sizeof(**slot));
  return *slot;
}

/* Valid UTF-8 (runs are), at s[*i] >= 0x80. */
static uint32_t decode(const unsigned char *s, size_t *i) {
  unsigned b = s[*i];
  if (b < 0xE0) {
    *i += 2;
    return (b & 0x1Fu) << 6 | (s[*i - 1] & 0x3Fu);
  }
  if (b < 0xF0) {
    *i += 3;
    return (b & 0x0Fu) << 12 | (s[*i - 2] & 0x3Fu) << 6 | (s[*i - 1] & 0x3Fu);
  }
  *i += 4;
  return (b & 0x07u) << 18 | (s[*i - 3] & 0x3Fu) << 12 |
         (s[*i - 2] & 0x3Fu) << 6 | (s[*i - 1] & 0x3Fu);
}

/* An orthography rule of the language may start at s[i] (the lead
 * table of nl_chk__ortho: its first two bytes). */
static int ortho_lead(const nl_check_lang *l, const unsigned char *s,
                      size_t i, size_t n) {
  unsigned k = (unsigned)s[i] << 8 | (i + 1 < n ? s[i + 1] : 0);
  return (l->lead[k >> 3] >> (k & 7)) & 1;
}

typedef struct pass {
  uint32_t any, exposed;
  int depth;        /* isolates open */
  int word_script;  /* the script of the word so far, -1 none */
  int ok_script;    /* a script the service writes, seen last */
  uint32_t prev;    /* the entry of the character before */
  nl_chk_seen_at *at;
  size_t joiner_at; /* where the joiner waiting is */
  int joiner;       /* a ZWNJ/ZWJ is waiting for the character after it:
                       1 after a letter of a script that joins, 2 after
                       another letter, 3 after anything else */
} pass;

static int letter_or_mark(uint32_t e, uint32_t cp) {
  return (e & NL_P_WORD) && cp != 0x200C && cp != 0x200D;
}

/* ZWNJ and ZWJ are letters of Persian spelling: between two letters
 * where one is of a script that joins, in a language that uses them,
 * check_script.c has nothing to say; anywhere else it judges them. */
static void joiner_before(pass *p, const nl_check_lang *l, uint32_t prev_cp,
                          size_t at) {
  p->joiner_at = at;
  if (l && !l->uses_joiners) {
    p->any |= NL_P_INVIS;
    invis_at(p->at, at);
  } else if (!letter_or_mark(p->prev, prev_cp))
    p->joiner = 3;
  else
    p->joiner = nl_chk__joining_script((int)(p->prev >> 16)) ? 1 : 2;
}

static void joiner_after(pass *p, uint32_t e, uint32_t cp) {
  if (p->joiner == 3 || !letter_or_mark(e, cp) ||
      (p->joiner == 2 && !nl_chk__joining_script((int)(e >> 16)))) {
    p->any |= NL_P_INVIS;
    invis_at(p->at, p->joiner_at);
  }
  p->joiner = 0;
}

static void isolate(pass *p, uint32_t cp) {
  if (cp == 0x2069)
    p->depth -= p->depth > 0;
  else
    p->depth++;
}

/* The scripts of the letters of the word being read: two of them (not
 * Common or Inherited) and the word is judged by check_script.c. */
static void word(pass *p, uint32_t e, size_t at) {
  if (!(e & NL_P_WORD)) {
    p->word_script = -1;
    return;
  }
  int sc = (int)(e >> 16);
  if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)
    return;
  if (p->word_script < 0)
    p->word_script = sc;
  else if (sc != p->word_script) {
    p->any |= NL_P_MIXED;
    mixed_at(p->at, at);
  }
}

static void service_script(pass *p, const nl_check_lang *l, uint32_t e,
                           size_t at) {
  int sc = (int)(e >> 16);
  if (sc == p->ok_script || l == NULL || l->script < 0)
    return;
  if (nl_chk__allowed_script(l, sc)) {
    p->ok_script = sc;
  } else {
    if (!(p->any & NL_P_FOREIGN))
      p->at->foreign = at;
    p->any |= NL_P_FOREIGN;
  }
}

/* Isolates (their depth), ZWNJ and ZWJ (they wait for the next
 * character), Myanmar (Zawgyi is looked for). */
static void slow(pass *p, const nl_check_lang *l, uint32_t e, uint32_t cp,
                 uint32_t prev_cp, size_t at) {
  if (e & NL_P_ISOLATE)
    isolate(p, cp);
  if (cp == 0x200C || cp == 0x200D)
    joiner_before(p, l, prev_cp, at);
  if (e & NL_P_INVIS)
    invis_at(p->at, at);
  if ((e >> 16) == USCRIPT_MYANMAR)
    p->any |= NL_P_MYANMAR;
}

/* Which code points of [ortho_lo, ortho_hi] can start a rule, when the
 * span is under 64: Persian's rules start between U+0643 and U+0669,
 * and its commonest letters (U+0644..U+0648) lie between them. A
 * character of two bytes or more is decided by its own first two bytes;
 * an ASCII one by the byte after it, so it keeps its bit. */
static uint64_t ortho_near(nl_check_lang *l) {
  if (l->ortho_near_set)
    return l->ortho_near;
  uint64_t m = ~(uint64_t)0;
  if (l->ortho_hi - l->ortho_lo < 64) {
    m = 0;
    for (uint32_t cp = l->ortho_lo; cp <= l->ortho_hi; cp++) {
      unsigned char u[4] = {0};
      size_t n = nl_utf8__encode(cp, (char *)u);
      unsigned k = (unsigned)u[0] << 8 | u[1];
      if (n == 1 || ((l->lead[k >> 3] >> (k & 7)) & 1))
        m |= (uint64_t)1 << (cp - l->ortho_lo);
    }
  }
  l->ortho_near = m;
  l->ortho_near_set = 1;
  return m;
}

/* (one body for the driver's runs and the tests') */
#define PASS_ORTHO 1 /* the language's rules are looked for */
#define PASS_EVERY 2 /* every character takes the full step */

/* Whether the language's rules are looked for (loaded the first time). */
static unsigned rules_of(nl_check_ctx *c, nl_check_lang *l) {
  if (l == NULL || l->svc == NULL)
    return 0;
  nl_lz *z = l->ortho_loaded ? l->ortho : nl_chk__ortho(c, l);
  return z && z->nrules ? PASS_ORTHO : 0;
}

int nl_chk__has_ortho(nl_check_ctx *c, nl_check_lang *l) {
  return rules_of(c, l) != 0;
}

/* What the walk needs of the pass (kept apart: few enough to stay in
 * registers). */
typedef struct walker {
  const uint32_t *two;       /* nl_chk_props.two, or a language's copy
                                with LEAD_MARK (lead_table()) */
  const uint32_t *all;       /* nl_chk_props.two */
  uint32_t *const *blk;
  const unsigned char *lead; /* the orthography lead table (no_lead when
                                the rules are not looked for) */
  uint32_t olo, ospan;       /* the first code points of the rules */
  uint64_t onear;            /* ortho_near() */
  uint32_t alpha;            /* NL_P_ALPHA while letters' scripts matter */
  int ok_script;             /* pass.ok_script */
  int joiners_invisible;     /* the language does not use ZWNJ, ZWJ */
  const nl_check_lang *l;
  nl_chk_seen_at *at;        /* where words of two scripts are */
} walker;

/* The lead table of a language whose rules are not looked for. */
static const unsigned char no_lead[sizeof(((nl_check_lang *)0)->lead)];

/* The place in `two` of a two-byte character from its bytes c (the
 * lead) and c1: its code point (c - 0xC0) << 6 | (c1 - 0x80), for valid
 * UTF-8. */
static size_t two_at(uint32_t c, uint32_t c1) {
  return (c << 6) + c1 - (0xC0u << 6) - 0x80u;
}

/* Tags (zeros after the end, as find_lang() leaves them) the same: the
 * first 16 bytes, which hold all of most, compared inline. */
static int same_tag(const char *a, const char *b) {
  uint64_t x[2], y[2];
  memcpy(x, a, sizeof(x));
  memcpy(y, b, sizeof(y));
  return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0 &&
         (a[15] == '\0' || strcmp(a + 16, b + 16) == 0);
}

/* `two` with the two-byte characters that may start a rule of l marked
 * LEAD_MARK (the lead table's bit: their two bytes are all it looks at),
 * kept per language and copied again when a block of `two` is filled;
 * NULL when it cannot be made. */
static const uint32_t *lead_table(nl_chk_props *t, nl_check_lang *l) {
  unsigned k = (unsigned)l->pass_slot - 1;
  lead_two *z = k < LEAD_SLOTS ? t->leads[k] : NULL;
  if (z == NULL || z->l != l || !same_tag(z->tag, l->tag)) {
    k = t->next_slot++ % LEAD_SLOTS;
    if (t->leads[k] == NULL && (t->leads[k] = malloc(sizeof(*z))) == NULL)
      return NULL;
    z = t->leads[k];
    z->l = l;
    memcpy(z->tag, l->tag, sizeof(z->tag));
    z->nleads = 0;
    for (unsigned x = 0x80; x < TWO; x++) {
      unsigned b = (0xC0u | x >> 6) << 8 | (0x80u | (x & 0x3Fu));
      if ((l->lead[b >> 3] >> (b & 7)) & 1)
        z->leads[z->nleads++] = (uint16_t)x;
    }
    z->gen = t->two_gen - 1;
    l->pass_slot = (int)k + 1;
  }
  if (z->gen != t->two_gen) {
    memcpy(z->two, t->two, sizeof(z->two));
    for (size_t i = 0; i < z->nleads; i++)
      z->two[z->leads[i]] = LEAD_MARK;
    z->gen = t->two_gen;
  }
  return z->two;
}

/* The walk's table (nl_chk_props.two), set up the first time. */
static const uint32_t *two_first(nl_chk_props *t) {
  if (t == NULL || (t->blk[0] == NULL && fill(t, 0) == NULL))
    return NULL;
  for (uint32_t k = 0; k < TWO; k++) {
    const uint32_t *b = t->blk[k >> BLOCK_BITS];
    t->two[k] = b ? b[k & ((1u << BLOCK_BITS) - 1)] : TWO_UNSET;
  }
  t->two_set = 1;
  return t->two;
}

static const uint32_t *two_of(nl_chk_props *t) {
  return t != NULL && t->two_set ? t->two : two_first(t);
}

/* A ZWNJ or ZWJ (cp) at the character before s[i], after a character
 * of entry `last`, judged as joiner_before() and joiner_after() would
 * (INVIS into *only): 0 when it is for the full step (the character
 * after it unknown yet, or a joiner too, or `last` not one's). */
static int joiner_between(const walker *w, const unsigned char *s, size_t i,
                          size_t len, uint32_t last, uint32_t cp,
                          uint32_t *only) {
  if ((cp != 0x200C && cp != 0x200D) || last == NOT_AN_ENTRY)
    return 0;
  if (w->joiners_invisible)
    return 0; /* (its place is noted: a joiner after it is not skipped) */
  uint32_t e;
  if (i >= len) {
    e = 0; /* nothing after it: not a letter */
  } else if (s[i] < 0x80) {
    e = w->two[s[i]];
  } else {
    size_t j = i;
    uint32_t next = decode(s, &j);
    const uint32_t *bk = w->blk[next >> BLOCK_BITS];
    if (bk == NULL || next == 0x200C || next == 0x200D)
      return 0;
    e = bk[next & ((1u << BLOCK_BITS) - 1)];
  }
  int before = !(last & NL_P_WORD)                       ? 3
               : nl_chk__joining_script((int)(last >> 16)) ? 1
                                                            : 2;
  if (before == 3 || !(e & NL_P_WORD) ||
      (before == 2 && !nl_chk__joining_script((int)(e >> 16)))) {
    *only |= NL_P_INVIS;
    invis_at(w->at, i - 3); /* (ZWNJ and ZWJ: three bytes) */
  }
  return 1;
}

/* A letter of script sc, not the last the service writes, met by the
 * walk at byte `at` while letters' scripts matter: as service_script()
 * would judge it (while they matter no foreign letter was seen yet).
 * The script now known to be written, or -1 when sc is foreign. */
static int walk_letter(const walker *w, int sc, size_t at, uint32_t *only) {
  if (nl_chk__allowed_script(w->l, sc))
    return sc;
  w->at->foreign = at;
  *only |= NL_P_FOREIGN;
  return -1;
}

/* An orthography rule's lead at s[at] (code point cp), noted by the
 * walk as the full step would, when that changes nothing else: every
 * lead is kept and this one is not the last kept (there the search
 * stops), and the character takes no full step of its own (it would be
 * noted twice). */
static int walk_lead(const walker *w, uint32_t e, size_t at,
                     uint32_t *only) {
  nl_chk_seen_at *a = w->at;
  if (!a->ortho_all || a->northo + 1 >= NL_CHK_AT_MAX || (e & SLOW))
    return 0;
  a->ortho[a->northo++] = at;
  *only |= NL_P_ORTHO;
  return 1;
}

/* Where the stretch of bytes under alim from s[j] ends (s[j - 1] is
 * under it), their entries ORed into *acc. Eight bytes a test while
 * eight are left: the bytes from the first at or over alim on are taken
 * as s[j - 1] (whose entry is in *acc already), and all eight entries
 * ORed, so that where a stretch ends costs no branch (a stretch of five
 * bytes ended a loop over its bytes at a place the predictor missed
 * about once a stretch). */
static size_t ascii_end(const uint32_t *two, const unsigned char *s,
                        size_t j, size_t len, uint32_t alim, uint32_t *acc) {
  const uint64_t ones = 0x0101010101010101u, highs = ones << 7;
  const uint64_t up = (uint64_t)(0x80u - alim) * ones; /* alim <= 0x80 */
  uint32_t a = *acc, b;
  if (j < len && s[j] >= alim)
    return j; /* one byte: a space between words, the commonest */
  while (len - j >= 8) {
    uint64_t x = nl_bytes__le64(s + j);
    /* a byte's high bit: it is 0x80 or over, or its low seven bits are
     * alim or over (no carry: they are under 0x80, up at most 0x7F) */
    uint64_t m = (x | ((x & ~highs) + up)) & highs;
    uint64_t keep = ((m & (0 - m)) >> 7) - 1; /* the bytes before; all */
    x = (x & keep) | ((uint64_t)s[j - 1] * ones & ~keep);
    a |= two[x & 0xFF] | two[x >> 8 & 0xFF] | two[x >> 16 & 0xFF] |
         two[x >> 24 & 0xFF] | two[x >> 32 & 0xFF] | two[x >> 40 & 0xFF] |
         two[x >> 48 & 0xFF] | two[x >> 56];
    if (m != 0) {
      *acc = a;
      return j + ((size_t)__builtin_ctzll(m) >> 3);
    }
    j += 8;
  }
  for (; j < len && (b = s[j]) < alim; j++)
    a |= two[b];
  *acc = a;
  return j;
}

/* Most characters of a run change nothing but the flags seen, the
 * script of the word being read and the places noted: from s[i] on,
 * the characters that do not wait for context (SLOW: an invisible one
 * is only noted, a ZWNJ or ZWJ judged by a look at the next), their
 * flags and words taken in a loop that keeps no other state, a letter
 * of a script the service has not been asked about asked, an
 * orthography rule's lead noted; where the first other one starts (the
 * full step's). A character like the one before it (the letters of a
 * word) is the comparison only. ASCII, two and three bytes only: the
 * rest is for the full step. */
static size_t walk(walker *w, const unsigned char *s, size_t i, size_t len,
                   pass *p) {
  /* (after a character that waits for context the next is stepped
   * even when it is the same: NOT_AN_ENTRY is no character's) */
  uint32_t last = p->prev & SLOW ? NOT_AN_ENTRY : p->prev;
  uint32_t acc = 0; /* the entries taken, flags masked at the end */
  uint32_t only = 0; /* what is for `any` alone: words, joiners */
  int ws = p->word_script;
  const uint32_t *two = w->two;
  const unsigned char *lead = w->lead;
  const uint32_t olo = w->olo, ospan = w->ospan;
  const uint32_t alim = olo < 0x80 ? olo : 0x80;
  const size_t from = i;
  uint32_t alpha = w->alpha;
  int ok = w->ok_script;
  while (i < len) {
    uint32_t c = s[i], e, cp = 0;
    size_t n = 1;
    if (c < alim) {
      /* ASCII below the rules' first: all of it at once. Its letters
       * are all Latin, its other characters end a word: only the first
       * can make a word of two scripts, the last leaves the word. */
      uint32_t a = two[c], first = a;
      size_t j = i + 1;
      j = ascii_end(two, s, j, len, alim, &a);
      e = two[s[j - 1]];
      /* (one branch, taken seldom: words start at random) */
      if (((first & NL_P_WORD) != 0) & (ws >= 0) & (ws != (int)(first >> 16))) {
        only |= NL_P_MIXED;
        mixed_at(w->at, i);
      }
      ws = e & NL_P_WORD ? (int)(e >> 16) : -1;
      acc |= a;
      last = e;
      i = j;
      if (i >= len)
        break;
      c = s[i]; /* (not under alim: no second test of it) */
    }
    if (c - 0xC0 < 0x20) { /* (two bytes: the commonest, tested first) */
      e = two[two_at(c, s[i + 1])];
      n = 2;
      if (e == last) {
        i += 2;
        continue;
      }
    } else if (c < 0x80) {
      if (c - olo <= ospan)
        break; /* the rule's next byte decides: the full step */
      e = two[c];
      if (e == last) {
        i++;
        continue;
      }
    } else if (c < 0xF0) {
      cp = (c & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
      n = 3;
      const uint32_t *bk = w->blk[cp >> BLOCK_BITS];
      if (bk == NULL)
        break;
      e = bk[cp & ((1u << BLOCK_BITS) - 1)];
      if (cp - olo <= ospan && ((w->onear >> ((cp - olo) & 63)) & 1)) {
        /* its first two bytes are all the lead table looks at */
        unsigned k = c << 8 | s[i + 1];
        if (((lead[k >> 3] >> (k & 7)) & 1) && !walk_lead(w, e, i, &only))
          break;
      }
      if (e == last) {
        i += 3;
        continue;
      }
    } else {
      break;
    }
    if (e & SLOW) {
      if (e == LEAD_MARK) {
        /* (two bytes: no other is marked) */
        e = w->all[two_at(c, s[i + 1])];
        if (!walk_lead(w, e, i, &only))
          break;
        if (e == last) {
          i += 2;
          continue;
        }
      } else if (cp == 0x200C || cp == 0x200D) {
        if (!joiner_between(w, s, i + n, len, last, cp, &only))
          break;
      } else if ((e & (NL_P_INVIS | NL_P_ISOLATE)) == NL_P_INVIS &&
                 (e >> 16) != USCRIPT_MYANMAR) {
        invis_at(w->at, i);
        /* (no entry is this: the same character next is looked at) */
        e &= ~SLOW;
      } else {
        break;
      }
    }
    /* (one branch: letters and not-letters alternate at random) */
    if (((e & alpha) != 0) & ((int)(e >> 16) != ok)) {
      ok = walk_letter(w, (int)(e >> 16), i, &only);
      if (ok < 0)
        alpha = 0; /* service_script() has nothing more to tell */
    }
    if (!(e & NL_P_WORD)) {
      ws = -1;
    } else {
      int sc = (int)(e >> 16);
      if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) {
        if (ws < 0) {
          ws = sc;
        } else if (sc != ws) {
          only |= NL_P_MIXED;
          mixed_at(w->at, i);
        }
      }
    }
    acc |= e;
    last = e;
    i += n;
  }
  if (i != from) {
    acc &= FLAGS; /* (the entries' scripts and SLOW were taken too) */
    p->any |= acc | only;
    if (p->depth == 0)
      p->exposed |= acc;
    p->word_script = ws;
    p->prev = last;
    p->ok_script = w->ok_script = ok;
    w->alpha = alpha;
  }
  return i;
}

/* One character with all it can tell: what the walk leaves. */
static void full_step(pass *p, const nl_check_lang *l, uint32_t e,
                      uint32_t cp, uint32_t prev_cp, size_t at) {
  if (p->joiner)
    joiner_after(p, e, cp);
  if (e & SLOW)
    slow(p, l, e, cp, prev_cp, at);
  if (e & NL_P_ALPHA)
    service_script(p, l, e, at);
  p->prev = e;
  p->any |= e & FLAGS;
  if (p->depth == 0)
    p->exposed |= e & FLAGS;
  word(p, e, at);
}

/* (six arguments: the driver's call is a jump) */
static int pass_run(nl_chk_props *t, const char *text, size_t len,
                    nl_check_lang *l, unsigned how, nl_run_seen *out) {
  int ortho = how & PASS_ORTHO, every_step = how & PASS_EVERY;
  const unsigned char *s = (const unsigned char *)text;
  uint32_t prev_cp = 0;
  const uint32_t *ascii = t->two; /* (two_set: the callers see to it) */
  nl_chk_seen_at *rec = &t->at;
  rec->text = text;
  rec->len = len;
  rec->nmixed = rec->northo = 0;
  rec->mixed_all = 1;
  rec->ninvis = 0;
  rec->invis_all = 1;
  rec->foreign = SIZE_MAX;
  rec->foreign_alone = 0;
  rec->ortho_all = 0;
  pass p = {0, 0, 0, -1, -1, 0, rec, 0, 0};
  walker w = {ascii, ascii, t->blk, no_lead, NO_RULE, 0, 0, 0, -1, 0, l, rec};
  if (l == NULL) {
    ortho = 0;
  } else {
    if (l->script >= 0) {
      /* (the service's own script is one it writes: asked of no letter) */
      p.ok_script = w.ok_script = l->script;
      w.alpha = NL_P_ALPHA;
    }
    w.joiners_invisible = !l->uses_joiners;
    if (ortho) {
      if ((w.two = lead_table(t, l)) == NULL)
        return NL_ENOMEM;
      w.lead = l->lead;
      w.olo = l->ortho_lo;
      w.ospan = l->ortho_hi - l->ortho_lo;
      w.onear = ortho_near(l);
      /* rules from ASCII on: the first lead only (looking for every one
       * would take ASCII the long way) */
      rec->ortho_all = l->ortho_lo >= 0x80;
    }
  }
  for (size_t i = 0; i < len;) {
    if (!p.joiner && !every_step) {
      size_t from = i;
      i = walk(&w, s, i, len, &p);
      if (i != from)
        prev_cp = 0; /* (not a joiner: only that is asked of it) */
      if (i >= len)
        break;
    }
    size_t at = i;
    uint32_t cp = s[i], e;
    if (cp < 0x80) {
      e = ascii[cp];
      i++;
    } else {
      cp = decode(s, &i);
      const uint32_t *b = t->blk[cp >> BLOCK_BITS];
      if (b) {
        e = b[cp & ((1u << BLOCK_BITS) - 1)];
      } else if ((e = nl_chk__prop(t, cp)) == ALL_FLAGS) {
        /* no script known: words not told apart, nor invisibles */
        rec->mixed_all = rec->invis_all = 0;
      }
    }
    if (cp - w.olo <= w.ospan && ((w.onear >> ((cp - w.olo) & 63)) & 1) &&
        ortho && ortho_lead(l, s, at, len)) {
      p.any |= NL_P_ORTHO;
      if (rec->northo < NL_CHK_AT_MAX)
        rec->ortho[rec->northo++] = at;
      if (!rec->ortho_all || rec->northo == NL_CHK_AT_MAX) {
        /* one is enough for the flag: the range test fails from now on */
        rec->ortho_all = 0;
        ortho = 0;
        w.two = ascii;
        w.lead = no_lead;
        w.olo = NO_RULE;
        w.ospan = 0;
      }
    }
    full_step(&p, l, e, cp, prev_cp, at);
    prev_cp = cp;
    w.ok_script = p.ok_script;
    if (p.any & NL_P_FOREIGN)
      w.alpha = 0; /* service_script() has nothing more to tell */
  }
  if (p.joiner) {
    p.any |= NL_P_INVIS; /* nothing after it */
    invis_at(rec, p.joiner_at);
  }
  if (rec->foreign != SIZE_MAX) {
    size_t k = rec->foreign;
    uint32_t cp = s[k] < 0x80 ? s[k] : decode(s, &k);
    rec->foreign_alone = cp < 0x110000 && t->blk[cp >> BLOCK_BITS] &&
                         t->one_script[cp >> BLOCK_BITS];
  }
  out->any = p.any;
  out->exposed = p.exposed;
  return 0;
}

int nl_chk__pass_text(nl_chk_props *t, const char *text, size_t len,
                      nl_check_lang *l, int ortho, int every_step,
                      nl_run_seen *out) {
  if (two_of(t) == NULL)
    return NL_ENOMEM;
  return pass_run(t, text, len, l,
                  (ortho ? PASS_ORTHO : 0) | (every_step ? PASS_EVERY : 0),
                  out);
}

/* The first run, or the first of a language whose rules are not loaded
 * yet: what nl_chk__pass() does not look after. */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static int pass_first(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                      nl_run_seen *out) {
  nl_chk_props *t = props(c);
  if (two_of(t) == NULL)
    return NL_ENOMEM;
  return pass_run(t, r->text, r->len, l, rules_of(c, l), out);
}

/* (per run: what is set up once left out of line, so that this keeps
 * no frame and jumps into the pass) */
int nl_chk__pass(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                 nl_run_seen *out) {
  nl_chk_props *t = *nl_chk__props_slot(c);
  int svc = l != NULL && l->svc != NULL;
  if (t == NULL || !t->two_set || (svc && !l->ortho_loaded))
    return pass_first(c, r, l, out);
  const nl_lz *z = svc ? l->ortho : NULL;
  unsigned how = z != NULL && z->nrules ? PASS_ORTHO : 0;
  return pass_run(t, r->text, r->len, l, how, out);
}
