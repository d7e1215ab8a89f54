/*
 * check.c - the checker: options, findings, positions, the file driver.
 *
 * A file is judged on its own bytes first (check_text.c: UTF-8, before
 * any parser), then cut into runs (check_scan.c) that every character
 * family of checks sees, then, for XLIFF and TMX, source and target are
 * compared (check_parity.c). Findings are kept in file order.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/uchar.h>

#include <newsloc/io.h>

#include "bidi.h"
#include "check_internal.h"
#include "check_message.h"
#include "check_scan.h"
#include "error.h"
#include "lang.h"
#include "util/buf.h"
#include "util/utf8.h"

/* A finding as recorded, 56 bytes: a file full of findings spent a
 * tenth of its checking time faulting in and copying 104-byte public
 * records. The rule gives the id, severity and ITS type; the message is
 * kept as format and arguments (check_message.c) and written when asked
 * for; line and column are found once the file's findings are in order
 * (positions()). nl_checker_finding() makes the public record (k->pub)
 * on first asking. */
typedef struct finding {
  size_t offset;
  unsigned long line, column;
  const char *path;
  const char *fmt;        /* the message's format */
  uint32_t args;          /* its first argument in k->msg */
  uint32_t seq;
  int32_t cp;             /* the character at fault, -1 when none */
  unsigned short rule;    /* index in the catalogue */
  unsigned char at_offset; /* line and column are offset's */
  unsigned char fixed;
} finding;

/* Messages asked for live in blocks that never move (a finding's
 * message pointer stays valid as more are added): one allocation per
 * block, not per finding. */
typedef struct chunk {
  struct chunk *next;
  size_t used, cap;
  char data[];
} chunk;

/* Rules by the address of their id (checks pass literals): the
 * catalogue is searched by name once per literal. An id that names no
 * rule has the index one past the catalogue's, whose k->on is 0: one
 * test a finding says both. */
#define RULE_SLOTS 64
typedef struct rule_slot {
  const char *id;
  size_t index;              /* rule's in the catalogue (no division a
                                finding) */
} rule_slot;

/* Languages by the bytes of a short tag (nl_chk__lang()). */
typedef struct lang_slot {
  uint64_t key;
  size_t at;
} lang_slot;

struct nl_checker {
  nl_check_options o;
  char *lang, *locales_dir;
  unsigned char *on;       /* per rule: 1 enabled; then a 0 for no rule */
  const nl_check_rule *rule0; /* the catalogue (findings keep an index) */
  nl_services *reg;
  finding *v;
  size_t n, cap;
  nl_check_finding *pub;   /* v[0, npub) as the API shows them */
  size_t npub;
  char **paths;            /* finding paths, owned */
  size_t npaths;
  nl_check_lang *langs;
  size_t nlangs;
  size_t last_lang;        /* the index nl_chk__lang() found last */
  lang_slot lang_slots[4];
  nl_chk_scripts *scripts; /* check_script.c's look-alike tables */
  nl_chk_props *props;     /* check_pass.c's character table */
  nl_bidi_work *bidi;      /* the display-order oracle's scratch */
  void *word;              /* check_script.c's word being read */
  nl_chk_nfc_memo nfc;     /* check_text.c's stretches decided lately */
  int every_check;         /* tests: every check looks at every run */
  chunk *msgs;             /* the messages asked for, newest block first */
  nl_chk_msgs *msg;        /* the findings' formats' arguments */
  nl_buf scratch;          /* a message being written */
  rule_slot rules[RULE_SLOTS];
  int general_scan;        /* tests: the scanner without its shortcuts */
  nl_run_fn run_hook;      /* tests: the runs go here, not to the checks */
  void *run_hook_ud;
};

struct nl_check_ctx {
  nl_checker *k;
  const char *path;        /* owned by k->paths */
  const char *data;
  size_t len;
  size_t *lines;           /* byte offset of each line start */
  size_t nlines;
  size_t first;            /* first finding of this file */
  size_t sorted_to;        /* [first, sorted_to) known in file order */
  nl_error *err;
  int fixing;
  nl_buf *fixed;           /* fixes: the rebuilt file */
  size_t fix_pos;          /* bytes of data copied to `fixed` so far */
  int target_lang_seen;    /* target-language reported for this file */
};

/* ---- options ------------------------------------------------------------ */

static int set_list(nl_checker *k, const char *list, unsigned char v,
                    nl_error *err) {
  for (const char *p = list; p && *p;) {
    const char *e = strchr(p, ',');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    size_t i = 0;
    for (; i < nl_check_rule_count(); i++) {
      const char *id = nl_check_rule_at(i)->id;
      if (strlen(id) == n && memcmp(id, p, n) == 0)
        break;
    }
    if (n > 0 && i == nl_check_rule_count())
      return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                           "no check '%.*s' (see docs/checks.md)", (int)n, p);
    if (n > 0)
      k->on[i] = v;
    p = e ? e + 1 : p + n;
  }
  return 0;
}

int nl_checker_new(nl_checker **out, const nl_check_options *opts,
                   nl_error *err) {
  static const nl_check_options defaults = NL_CHECK_OPTIONS_INIT;
  const nl_check_options *o = opts ? opts : &defaults;
  nl_checker *k = calloc(1, sizeof(*k));
  size_t nr = nl_check_rule_count();
  if (k == NULL || (k->on = malloc(nr + 1)) == NULL ||
      (k->msg = nl_chk__msgs_new()) == NULL) {
    if (k)
      free(k->on);
    free(k);
    return nl_error__nomem(err);
  }
  k->o = *o;
  k->rule0 = nl_check_rule_at(0);
  if (k->o.fail_on == 0)
    k->o.fail_on = NL_CHECK_ERROR;
  k->lang = nl__strdup(o->lang);
  k->locales_dir = nl__strdup(o->locales_dir);
  k->o.lang = k->lang;
  k->o.locales_dir = k->locales_dir;
  memset(k->on, o->enable ? 0 : 1, nr);
  k->on[nr] = 0;
  int rc = set_list(k, o->enable, 1, err);
  if (rc == 0)
    rc = set_list(k, o->disable, 0, err);
  if (rc == 0)
    rc = nl_services_load(&k->reg, k->locales_dir, err);
  if (rc == 0 && k->lang) {
    const nl_service *svc = NULL;
    rc = nl_services_find(k->reg, k->lang, &svc, err);
  }
  if (rc < 0) {
    nl_checker_free(k);
    return rc;
  }
  *out = k;
  return 0;
}

void nl_checker_free(nl_checker *k) {
  if (k == NULL)
    return;
  for (chunk *m = k->msgs, *next; m; m = next) {
    next = m->next;
    free(m);
  }
  nl_chk__msgs_free(k->msg);
  nl_buf_dispose(&k->scratch);
  for (size_t i = 0; i < k->npaths; i++)
    free(k->paths[i]);
  for (size_t i = 0; i < k->nlangs; i++)
    nl_chk__lang_dispose(&k->langs[i]);
  free(k->langs);
  nl_chk__scripts_free(k->scripts);
  nl_chk__props_free(k->props);
  nl_bidi__work_free(k->bidi);
  free(k->word);
  free(k->paths);
  free(k->v);
  free(k->pub);
  free(k->on);
  free(k->lang);
  free(k->locales_dir);
  nl_services_free(k->reg);
  free(k);
}

size_t nl_checker_count(const nl_checker *k) { return k ? k->n : 0; }

static char *msg_space(nl_checker *k, size_t n);

static nl_check_severity severity_of(const nl_checker *k, const finding *f) {
  return f->fixed ? NL_CHECK_NOTE : k->rule0[f->rule].severity;
}

void nl_chk__finding_get(const nl_checker *k, size_t i, nl_check_finding *o) {
  const finding *f = &k->v[i];
  const nl_check_rule *r = &k->rule0[f->rule];
  o->id = r->id;
  o->severity = severity_of(k, f);
  o->message = i < k->npub ? k->pub[i].message : NULL;
  o->path = f->path;
  o->line = f->line;
  o->column = f->column;
  o->offset = f->offset;
  o->codepoint = f->cp;
  o->its_type = r->its_type;
  o->fixed = f->fixed;
}

static int write_message(nl_checker *k, size_t i, nl_buf *out) {
  const finding *f = &k->v[i];
  if (i < k->npub && k->pub[i].message)
    return nl_buf__puts(out, k->pub[i].message);
  if (f->fixed && nl_buf__puts(out, "fixed: ") < 0)
    return NL_ENOMEM;
  return nl_chk__msg_write(k->msg, f->fmt, f->args, f->cp, out);
}

/* The public records of the findings not asked for yet, on first
 * asking (they are not changed once made: a file's findings are in
 * order and placed before its check returns). */
static int publish(nl_checker *k) {
  if (k->npub == k->n)
    return 0;
  nl_check_finding *p = realloc(k->pub, k->n * sizeof(*p));
  if (p == NULL)
    return NL_ENOMEM;
  k->pub = p;
  for (; k->npub < k->n; k->npub++)
    nl_chk__finding_get(k, k->npub, &p[k->npub]);
  return 0;
}

/* The message is written on first access, into the checker's blocks
 * (the checker is const to its readers, not to itself). */
const nl_check_finding *nl_checker_finding(const nl_checker *kc, size_t i) {
  if (kc == NULL || i >= kc->n)
    return NULL;
  nl_checker *k = (nl_checker *)(uintptr_t)kc;
  if (publish(k) < 0)
    return NULL;
  nl_check_finding *f = &k->pub[i];
  if (f->message == NULL) {
    nl_buf *b = &k->scratch;
    char *m = NULL;
    nl_buf__clear(b);
    if (write_message(k, i, b) == 0 && (m = msg_space(k, b->size + 1)))
      memcpy(m, b->ptr ? b->ptr : "", b->size + 1);
    f->message = m ? m : "(no memory left to write this message)";
  }
  return f;
}

int nl_chk__finding_message(const nl_checker *k, size_t i, nl_buf *out) {
  return write_message((nl_checker *)(uintptr_t)k, i, out);
}

size_t nl_chk__finding_rule(const nl_checker *k, size_t i) {
  return k->v[i].rule;
}

size_t nl_checker_count_rule(const nl_checker *k, const char *id) {
  const nl_check_rule *r = k ? nl_check_rule_find(id) : NULL;
  size_t n = 0;
  for (size_t i = 0; r && i < k->n; i++)
    n += k->rule0 + k->v[i].rule == r;
  return n;
}

int nl_checker_failed(const nl_checker *k) {
  for (size_t i = 0; k && i < k->n; i++)
    if (!k->v[i].fixed && severity_of(k, &k->v[i]) >= k->o.fail_on)
      return 1;
  return 0;
}

/* A rule's place in the catalogue (k->on and findings are indexed by it). */
static size_t rule_index(const nl_checker *k, const nl_check_rule *r) {
  return (size_t)(r - k->rule0);
}

/* The slot of rule id `id` (by its address), filled or not. */
static inline rule_slot *rule_slot_at(nl_checker *k, const char *id) {
  return &k->rules[((uintptr_t)id >> 3) % RULE_SLOTS];
}

/* An id not in its slot `e`: in the slot after it, or found in the
 * catalogue and kept in `e` when that is free, else in the one after.
 * Two ways, so that two hot ids whose literals happen to share a slot
 * do not take turns, each turn a search of the catalogue (the speed of
 * a check must not depend on where the linker puts its strings). */
static rule_slot *rule_missed(nl_checker *k, const char *id, rule_slot *e) {
  rule_slot *f = &k->rules[(size_t)(e - k->rules + 1) % RULE_SLOTS];
  if (f->id == id)
    return f;
  rule_slot *to = e->id == NULL ? e : f;
  const nl_check_rule *r = nl_check_rule_find(id);
  to->index = r ? rule_index(k, r) : nl_check_rule_count();
  to->id = id;
  return to;
}

static const rule_slot *rule_of(nl_checker *k, const char *id) {
  rule_slot *e = rule_slot_at(k, id);
  return e->id == id ? e : rule_missed(k, id, e);
}

int nl_chk__enabled(const nl_check_ctx *c, const char *id) {
  const rule_slot *e = rule_of(c->k, id);
  return c->k->on[e->index];
}

const nl_services *nl_chk__services(const nl_check_ctx *c) { return c->k->reg; }

nl_error *nl_chk__err(nl_check_ctx *c) { return c->err; }

nl_chk_scripts **nl_chk__scripts_slot(nl_check_ctx *c) {
  return &c->k->scripts;
}

nl_chk_props **nl_chk__props_slot(nl_check_ctx *c) { return &c->k->props; }

nl_chk_nfc_memo *nl_chk__nfc_memo(nl_check_ctx *c) { return &c->k->nfc; }

void **nl_chk__word_slot(nl_check_ctx *c) { return &c->k->word; }

nl_bidi_work *nl_chk__bidi_work(nl_check_ctx *c) {
  if (c->k->bidi == NULL)
    c->k->bidi = nl_bidi__work_new();
  return c->k->bidi;
}

void nl_checker__every_check(nl_checker *k, int on) { k->every_check = on; }

void nl_checker__general_scan(nl_checker *k, int on) { k->general_scan = on; }

void nl_checker__run_hook(nl_checker *k, nl_run_fn fn, void *ud) {
  k->run_hook = fn;
  k->run_hook_ud = ud;
}

const char *nl_chk__forced_lang(const nl_check_ctx *c) { return c->k->lang; }

/* ---- positions ---------------------------------------------------------- */

static int index_lines(nl_check_ctx *c) {
  size_t n = 1;
  for (const char *p = c->data; (p = memchr(p, '\n', c->len - (size_t)(p - c->data)));
       p++)
    n++;
  c->lines = malloc(n * sizeof(size_t));
  if (c->lines == NULL)
    return NL_ENOMEM;
  c->lines[0] = 0;
  c->nlines = 1;
  for (size_t i = 0; i < c->len; i++)
    if (c->data[i] == '\n')
      c->lines[c->nlines++] = i + 1;
  return 0;
}

static void position(nl_check_ctx *c, size_t off, unsigned long *line,
                     unsigned long *col) {
  if (c->lines == NULL && index_lines(c) < 0) {
    *line = *col = 0;
    return;
  }
  size_t lo = 0, hi = c->nlines;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (c->lines[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  unsigned long chars = 1;
  for (size_t i = c->lines[lo]; i < off && i < c->len; i++)
    chars += ((unsigned char)c->data[i] & 0xC0) != 0x80;
  *line = (unsigned long)lo + 1;
  *col = chars;
}

static int cmp_finding(const void *pa, const void *pb);
static int sorted(const finding *v, size_t n);

/* x86 builds for any x86-64 have no popcnt instruction: positions is
 * made twice, once for processors that have it (asked once a file). */
#if defined(__GNUC__) && defined(__SSE2__) && !defined(__POPCNT__) &&       \
    (defined(__x86_64__) || defined(__i386__))
#define NL_POPCNT_CLONE 1
#endif

/* Bits set in a 64-bit mask: popcnt when `hw`, else by adding bits in
 * parallel (a portable build has no popcnt instruction). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline unsigned bits64(uint64_t m, int hw) {
#if defined(__POPCNT__)
  (void)hw;
  return (unsigned)__builtin_popcountll(m);
#else
  if (hw)
    return (unsigned)__builtin_popcountll(m);
  m -= (m >> 1) & 0x5555555555555555ull;
  m = (m & 0x3333333333333333ull) + ((m >> 2) & 0x3333333333333333ull);
  m = (m + (m >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return (unsigned)((m * 0x0101010101010101ull) >> 56);
#endif
}

/* Bits set in a 16-bit mask (the same count). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline unsigned bits16(unsigned m, int hw) { return bits64(m, hw); }

#ifdef __SSE2__
/* The block's line feeds and characters under `keep`: the lines, and
 * the characters after the last line feed. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void count_block(__m128i v, __m128i lf, __m128i cont,
                               unsigned keep, unsigned long *ln,
                               unsigned long *cl, int hw) {
  unsigned nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf)) & keep;
  unsigned lead = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(v, cont)) & keep;
  if (nl) {
    unsigned last = 31u - (unsigned)__builtin_clz(nl);
    *ln += bits16(nl, hw);
    *cl = 1;
    lead &= ~((2u << last) - 1); /* the characters after it */
  }
  *cl += bits16(lead, hw);
}
#endif

#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void advance(const char *s, size_t len, size_t at, size_t off,
                           unsigned long *line, unsigned long *col, int hw) {
  unsigned long ln = *line, cl = *col;
#ifdef __SSE2__
  /* 16 bytes at a time: the line feeds and the bytes that start a
   * character (signed, above 0xBF: ASCII and lead bytes); whole blocks
   * first (off <= len: they can be read), then the last one masked to
   * the bytes before `off` when 16 can be read there */
  const __m128i lf = _mm_set1_epi8('\n'), cont = _mm_set1_epi8((char)0xBF);
  for (; off - at >= 16; at += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + at));
    count_block(v, lf, cont, 0xFFFFu, &ln, &cl, hw);
  }
  if (at < off && len - at >= 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + at));
    count_block(v, lf, cont, (1u << (off - at)) - 1, &ln, &cl, hw);
    at = off;
  }
#endif
  for (; at < off; at++) {
    unsigned char b = (unsigned char)s[at];
    if (b == '\n') {
      ln++;
      cl = 1;
    } else {
      cl += (b & 0xC0) != 0x80;
    }
  }
  *line = ln;
  *col = cl;
}

#ifdef NL_POPCNT_CLONE
__attribute__((target("popcnt"))) static void
advance_popcnt(const char *s, size_t len, size_t at, size_t off,
               unsigned long *line, unsigned long *col) {
  advance(s, len, at, off, line, col, 1);
}
#endif

static int have_popcnt(void) {
#ifdef NL_POPCNT_CLONE
  return __builtin_cpu_supports("popcnt");
#else
  return 0;
#endif
}

void nl_chk__advance(const char *s, size_t len, size_t at, size_t off,
                     unsigned long *line, unsigned long *col) {
#ifdef NL_POPCNT_CLONE
  if (have_popcnt()) {
    advance_popcnt(s, len, at, off, line, col);
    return;
  }
#endif
  advance(s, len, at, off, line, col, 0);
}

void nl_chk__advance_table(const char *s, size_t len, size_t at, size_t off,
                           unsigned long *line, unsigned long *col) {
  advance(s, len, at, off, line, col, 0);
}

/* A walk over a file's bytes 64 at a time, for offsets that only grow:
 * each block's line feeds and character starts are found once, however
 * many findings fall in it (a file full of findings has one every 20
 * bytes), and each finding is placed from its block's masks without a
 * branch on what the bytes hold. */
typedef struct cursor {
  const char *s;
  size_t len;
  size_t at;               /* the block's first byte */
  uint64_t nl, lead;       /* its line feeds, its bytes that start a
                              character (ASCII and lead bytes); none past
                              the file's end */
  unsigned long line, col; /* at byte `at` */
} cursor;

#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void cursor_load(cursor *k) {
  const char *p = k->s + k->at;
  size_t left = k->len - k->at;
  uint64_t nl = 0, lead = 0;
  char tail[64];
  if (left < 64) { /* the file's last bytes (none read past its end;
                     continuation bytes after them, no bit set) */
    memset(tail, 0x80, sizeof(tail));
    memcpy(tail, p, left);
    p = tail;
  }
#ifdef __SSE2__
  /* continuation bytes are those below -64 as signed bytes */
  const __m128i lf = _mm_set1_epi8('\n'), c64 = _mm_set1_epi8(-64);
  uint64_t cont = 0;
  for (unsigned i = 0; i < 4; i++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
    nl |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf))
          << (16 * i);
    cont |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(c64, v))
            << (16 * i);
  }
  lead = ~cont;
#else
  for (unsigned i = 0; i < 64; i++) {
    unsigned char b = (unsigned char)p[i];
    nl |= (uint64_t)(b == '\n') << i;
    lead |= (uint64_t)((b & 0xC0) != 0x80) << i;
  }
#endif
  k->nl = nl;
  k->lead = lead;
}

/* Line and column at byte at + n of the block (n < 64): the line feeds
 * before it, and the characters after the last of them. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void cursor_in_block(const cursor *k, uint64_t keep,
                                   unsigned long *line, unsigned long *col,
                                   int hw) {
  uint64_t nl = k->nl & keep, lead = k->lead & keep;
  unsigned last = 63u - (unsigned)__builtin_clzll(nl | 1);
  uint64_t after = (lead >> last) >> 1;
  *line = k->line + bits64(nl, hw);
  *col = nl ? 1 + bits64(after, hw) : k->col + bits64(lead, hw);
}

static inline void cursor_start(cursor *k, const char *s, size_t len) {
  k->s = s;
  k->len = len;
  k->at = 0;
  k->line = k->col = 1;
  cursor_load(k);
}

/* Line and column of byte `off` (off <= len; an offset before the
 * last one asked for starts the walk again). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void cursor_to(cursor *k, size_t off, unsigned long *line,
                             unsigned long *col, int hw) {
  if (off < k->at)
    cursor_start(k, k->s, k->len);
  if (off - k->at >= 64) {
    size_t at = k->at;
    /* far apart (a file with few findings): line by line, memchr
     * striding over the lines between */
    for (const char *nl; off - at > 256 &&
                         (nl = memchr(k->s + at, '\n', off - at));) {
      k->line++;
      k->col = 1;
      at = (size_t)(nl - k->s) + 1;
    }
    if (at != k->at) {
      k->at = at;
      cursor_load(k);
    }
    while (off - k->at >= 64) {
      cursor_in_block(k, ~(uint64_t)0, &k->line, &k->col, hw);
      k->at += 64;
      cursor_load(k);
    }
  }
  cursor_in_block(k, ((uint64_t)1 << (off - k->at)) - 1, line, col, hw);
}


/* [c->first, c->sorted_to) is known to be in file order: each finding
 * after it is looked at once (a run's only at its edge: the run sorted
 * them), up to `upto`. How far the order is known now. */
static size_t checked(nl_check_ctx *c, size_t upto) {
  const finding *v = c->k->v;
  size_t i = c->sorted_to > c->first ? c->sorted_to : c->first + 1;
  while (i < upto && cmp_finding(&v[i - 1], &v[i]) <= 0)
    i++;
  c->sorted_to = i < upto ? i : upto;
  return c->sorted_to;
}

/* Lines and columns of the findings from `from` on, in file order: one
 * walk over the bytes up to the last of them (cursor_to), not a count
 * from its line's start for each. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void place(nl_check_ctx *c, size_t from, int hw) {
  /* (locals: the stores to a finding could change what c and k hold) */
  finding *v = c->k->v;
  size_t n = c->k->n, len = c->len;
  cursor cur;
  cursor_start(&cur, c->data, len);
  for (size_t i = from; i < n; i++) {
    finding *f = &v[i];
    if (!f->at_offset)
      continue;
    cursor_to(&cur, f->offset < len ? f->offset : len, &f->line, &f->column,
              hw);
  }
}

/* The same walk over sorted offsets, for tests. */
static inline void place_offsets(const char *s, size_t len, const size_t *off,
                                 size_t n, unsigned long *line,
                                 unsigned long *col, int hw) {
  cursor cur;
  cursor_start(&cur, s, len);
  for (size_t i = 0; i < n; i++)
    cursor_to(&cur, off[i] < len ? off[i] : len, &line[i], &col[i], hw);
}

#ifdef NL_POPCNT_CLONE
__attribute__((target("popcnt"))) static void place_popcnt(nl_check_ctx *c,
                                                            size_t from) {
  place(c, from, 1);
}

__attribute__((target("popcnt"))) static void
place_offsets_popcnt(const char *s, size_t len, const size_t *off, size_t n,
                     unsigned long *line, unsigned long *col) {
  place_offsets(s, len, off, n, line, col, 1);
}
#endif

void nl_chk__place(const char *s, size_t len, const size_t *off, size_t n,
                   unsigned long *line, unsigned long *col, int table) {
#ifdef NL_POPCNT_CLONE
  if (!table && have_popcnt()) {
    place_offsets_popcnt(s, len, off, n, line, col);
    return;
  }
#endif
  place_offsets(s, len, off, n, line, col, !table);
}

static void positions(nl_check_ctx *c, size_t from) {
  nl_checker *k = c->k;
  if (k->n > from && checked(c, k->n) < k->n)
    qsort(k->v + from, k->n - from, sizeof(finding), cmp_finding);
#ifdef NL_POPCNT_CLONE
  if (have_popcnt()) {
    place_popcnt(c, from);
    return;
  }
#endif
  place(c, from, 0);
}

int nl_chk__input_error(nl_check_ctx *c, size_t off, const char *msg) {
  unsigned long line, col;
  position(c, off, &line, &col);
  return nl_error__set(c->err, NL_EPARSE, c->path, line, col, "%s", msg);
}

/* A run decoded from references or CDATA: the piece's file offset, out
 * of line so that a finding in a run copied as it is (most) saves no
 * registers for the search. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t piece_offset(const nl_run *r, size_t at) {
  size_t lo = 0, hi = r->nraw; /* the last piece starting at or before */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->raw[mid].dec <= at)
      lo = mid;
    else
      hi = mid;
  }
  const nl_run_piece *p = &r->raw[lo];
  return p->same ? p->file : p->file + (at - p->dec);
}

static inline size_t file_offset(const nl_run *r, size_t at) {
  return r->raw == NULL ? r->base + at : piece_offset(r, at);
}

size_t nl_chk__file_offset(const nl_run *r, size_t at) {
  return file_offset(r, at);
}

/* ---- findings ----------------------------------------------------------- */

static char *msg_space(nl_checker *k, size_t n) {
  chunk *m = k->msgs;
  if (m == NULL || m->cap - m->used < n) {
    size_t cap = n > 60000 ? n : 60000;
    chunk *b = malloc(sizeof(chunk) + cap);
    if (b == NULL)
      return NULL;
    b->next = m;
    b->used = 0;
    b->cap = cap;
    k->msgs = m = b;
  }
  char *p = m->data + m->used;
  m->used += n;
  return p;
}

/* A finding keeps its number and its message's arguments' place in 32
 * bits (56-byte records): past that, a clear error, not a wrap. */
static int too_many(nl_check_ctx *c) {
  return nl_error__set(c->err, NL_EINVAL, c->path, 0, 0,
                       "too many findings (over 4,294,967,294 findings or "
                       "message arguments in one checker): check fewer files "
                       "at once");
}

/* Room for one more finding, out of line (rare): the room never goes
 * past the 32-bit number a finding keeps, so one test a finding says
 * both. */
static int grow_findings(nl_check_ctx *c) {
  nl_checker *k = c->k;
  if (k->cap >= UINT32_MAX)
    return too_many(c);
  size_t cap = k->cap ? k->cap * 2 : 64;
  cap = cap < UINT32_MAX ? cap : UINT32_MAX;
  finding *p = realloc(k->v, cap * sizeof(*p));
  if (p == NULL)
    return nl_error__nomem(c->err);
  k->v = p;
  k->cap = cap;
  return 0;
}

/* The finding's record, its arguments kept at `args`; room made. */
static inline void put(nl_check_ctx *c, size_t rule, size_t off, int have_pos,
                       unsigned long line, long cp, int fixed, size_t args,
                       const char *fmt) {
  nl_checker *k = c->k;
  finding *f = &k->v[k->n];
  f->args = (uint32_t)args;
  f->seq = (uint32_t)k->n++; /* (n: the findings made, never fewer) */
  f->fmt = fmt;
  f->rule = (unsigned short)rule;
  f->at_offset = (unsigned char)have_pos;
  f->path = c->path;
  f->line = have_pos ? 0 : line;
  f->column = 0;
  f->offset = off;
  f->cp = (int32_t)cp;
  f->fixed = (unsigned char)fixed;
}

/* `again`: where the message's arguments were kept for an earlier
 * finding with the same format and values (SIZE_MAX: keep them now and
 * say where there); NULL: keep them. */
#if defined(__GNUC__)
__attribute__((format(printf, 10, 0), always_inline))
#endif
static inline int add(nl_check_ctx *c, const char *id, size_t off, int have_pos,
               unsigned long line, long cp, int fixed, unsigned lasting,
               size_t *again, const char *fmt, va_list ap) {
  nl_checker *k = c->k;
  const rule_slot *e = rule_of(k, id);
  if (!k->on[e->index])
    return 0;
  int rc;
  if (k->n == k->cap && (rc = grow_findings(c)) < 0)
    return rc;
  size_t args;
  if (again && *again != SIZE_MAX) {
    args = *again;
  } else {
    const char *kept = fmt;
    /* inline but where the check keeps where they are (most of its
     * findings' are kept already: a smaller function for them) and for
     * a format with a conversion not kept */
    if ((!again && nl_chk__msg_fmt(k->msg, fmt)->ok
             ? nl_chk__msg_keep_now(k->msg, fmt, lasting, ap, &args, &kept)
             : nl_chk__msg_keep_lasting(k->msg, fmt, lasting, ap, &args,
                                        &kept)) < 0)
      return nl_error__nomem(c->err);
    if (args >= UINT32_MAX)
      return too_many(c);
    if (again && kept == fmt)
      *again = args;
    fmt = kept;
  }
  put(c, e->index, off, have_pos, line, cp, fixed, args, fmt);
  return 0;
}

int nl_chk__emit(nl_check_ctx *c, const char *id, const nl_run *run, size_t at,
                 long cp, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = add(c, id, nl_chk__file_offset(run, at), 1, 0, cp,
               c->fixing && c->fixed, 0, NULL, fmt, ap);
  va_end(ap);
  return rc;
}

int nl_chk__emit_again(nl_check_ctx *c, const char *id, const nl_run *run,
                       size_t at, long cp, size_t *args, unsigned lasting,
                       const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = add(c, id, nl_chk__file_offset(run, at), 1, 0, cp,
               c->fixing && c->fixed, lasting, args, fmt, ap);
  va_end(ap);
  return rc;
}

/* A finding whose arguments are kept at `args`, room made (not
 * variadic: no registers saved for a va_list, no format read). */
static inline void put_kept(nl_check_ctx *c, size_t rule, const nl_run *run,
                            size_t at, long cp, size_t args,
                            const char *fmt) {
  put(c, rule, file_offset(run, at), 1, 0, cp, c->fixing && c->fixed, args,
      fmt);
}

/* nl_chk__emit_kept's rare ways, out of line so that its usual one is a
 * leaf that saves no registers: a rule's id seen first, the room grown. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int kept_missed(nl_check_ctx *c, const char *id, const nl_run *run,
                       size_t at, long cp, size_t args, const char *fmt) {
  nl_checker *k = c->k;
  size_t rule = rule_of(k, id)->index;
  if (!k->on[rule])
    return 0;
  int rc;
  if (k->n == k->cap && (rc = grow_findings(c)) < 0)
    return rc;
  put_kept(c, rule, run, at, cp, args, fmt);
  return 0;
}

int nl_chk__emit_kept(nl_check_ctx *c, const char *id, const nl_run *run,
                      size_t at, long cp, size_t args, const char *fmt) {
  nl_checker *k = c->k;
  const rule_slot *e = rule_slot_at(k, id);
  if (e->id != id || k->n == k->cap)
    return kept_missed(c, id, run, at, cp, args, fmt);
  if (k->on[e->index])
    put_kept(c, e->index, run, at, cp, args, fmt);
  return 0;
}

/* nl_chk__emit_name's first finding of a format, out of line. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int name_missed(nl_check_ctx *c, const char *id, const nl_run *run,
                       size_t at, long cp, const char *fmt) {
  nl_checker *k = c->k;
  if (!k->on[rule_of(k, id)->index])
    return 0;
  size_t args;
  int rc = nl_chk__msg_keep_name(k->msg, fmt, &args);
  if (rc < 0)
    return rc == NL_ENOMEM
               ? nl_error__nomem(c->err)
               : nl_error__set(c->err, NL_EINVAL, c->path, 0, 0,
                               "%s: a message that takes more than the "
                               "character's name", id);
  if (args >= UINT32_MAX)
    return too_many(c);
  return kept_missed(c, id, run, at, cp, args, fmt);
}

int nl_chk__emit_name(nl_check_ctx *c, const char *id, const nl_run *run,
                      size_t at, long cp, const char *fmt) {
  const nl_chk_fmt_info *f = nl_chk__msg_fmt_slot(c->k->msg, fmt);
  if (f->fmt != fmt || f->name_args1 == 0)
    return name_missed(c, id, run, at, cp, fmt);
  return nl_chk__emit_kept(c, id, run, at, cp, f->name_args1 - 1, fmt);
}

/* The rule of `id` when it is on, room made for one more finding: 1
 * and *rule; 0 when the rule is off; < 0 when there is no memory. */
static int rule_ready(nl_check_ctx *c, const char *id, size_t *rule) {
  nl_checker *k = c->k;
  *rule = rule_of(k, id)->index;
  if (!k->on[*rule])
    return 0;
  int rc;
  if (k->n == k->cap && (rc = grow_findings(c)) < 0)
    return rc;
  return 1;
}

/* A message whose arguments could not be kept (rc): no memory, or a
 * format that does not take them as the entry point said (`why`). */
static int not_kept(nl_check_ctx *c, const char *id, int rc,
                    const char *why) {
  return rc == NL_ENOMEM ? nl_error__nomem(c->err)
                         : nl_error__set(c->err, NL_EINVAL, c->path, 0, 0,
                                         "%s: a message whose %s", id, why);
}

int nl_chk__emit_num(nl_check_ctx *c, const char *id, const nl_run *run,
                     size_t at, long cp, const char *fmt, long long v) {
  size_t rule, args;
  int rc = rule_ready(c, id, &rule);
  if (rc <= 0)
    return rc;
  rc = nl_chk__msg_keep_num(c->k->msg, fmt, v, &args);
  if (rc < 0)
    return not_kept(c, id, rc, "only argument is not an integer");
  if (args >= UINT32_MAX)
    return too_many(c);
  put_kept(c, rule, run, at, cp, args, fmt);
  return 0;
}

/* The arguments kept at `like` for another finding of `fmt`, argument
 * `i` (a "%s" shown whole) replaced by a copy of s[0..n), kept at
 * `*first`; the others copied as kept (a string is not copied again).
 * NL_ENOMEM; NL_EINVAL for a format that does not take such an `i`. */
static int keep_like_str(nl_chk_msgs *m, const char *fmt, size_t like,
                         unsigned i, const char *s, size_t n, size_t *first) {
  const nl_chk_fmt_info *f = nl_chk__msg_fmt(m, fmt);
  unsigned na = f->n;
  if (!f->ok || i >= na || f->kind[i] != NL_CHK_K_STR || f->prec[i] != -1 ||
      like > m->n || m->n - like < na)
    return NL_EINVAL;
  if (m->cap - m->n < na && nl_chk__msg_grow_args(m, na) < 0)
    return NL_ENOMEM;
  uint64_t off;
  if (nl_chk__msg_store_string(m, s, n, &off) < 0)
    return NL_ENOMEM;
  for (unsigned j = 0; j < na; j++) /* (a few: no call) */
    m->v[m->n + j] = m->v[like + j];
  m->v[m->n + i] = off;
  *first = m->n;
  m->n += na;
  return 0;
}

int nl_chk__emit_kept_str(nl_check_ctx *c, const char *id, const nl_run *run,
                          size_t at, long cp, size_t args, const char *fmt,
                          unsigned i, const char *s, size_t n) {
  size_t rule, kept;
  int rc = rule_ready(c, id, &rule);
  if (rc <= 0)
    return rc;
  rc = keep_like_str(c->k->msg, fmt, args, i, s, n, &kept);
  if (rc < 0)
    return not_kept(c, id, rc, "argument to replace is not a string shown "
                               "whole");
  if (kept >= UINT32_MAX)
    return too_many(c);
  put_kept(c, rule, run, at, cp, kept, fmt);
  return 0;
}

int nl_chk__emit_raw(nl_check_ctx *c, const char *id, size_t off, long cp,
                     const char *fmt, ...) {
  if (c->fixing)
    return 0; /* reported when the fixed text is checked */
  va_list ap;
  va_start(ap, fmt);
  int rc = add(c, id, off, 1, 0, cp, 0, 0, NULL, fmt, ap);
  va_end(ap);
  return rc;
}

int nl_chk__emit_line(nl_check_ctx *c, const char *id, unsigned long line,
                      int fixed, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = add(c, id, 0, 0, line, -1, fixed, 0, NULL, fmt, ap);
  va_end(ap);
  if (rc == 0 && line && c->k->n && c->k->v[c->k->n - 1].line == line &&
      c->lines == NULL)
    index_lines(c);
  if (rc == 0 && line && c->lines && line <= c->nlines &&
      c->k->n && c->k->v[c->k->n - 1].line == line)
    c->k->v[c->k->n - 1].offset = c->lines[line - 1];
  return rc;
}

static int cmp_finding(const void *pa, const void *pb) {
  const finding *a = pa, *b = pb;
  if (a->offset != b->offset)
    return a->offset < b->offset ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int sorted(const finding *v, size_t n) {
  for (size_t i = 1; i < n; i++)
    if (cmp_finding(&v[i - 1], &v[i]) > 0)
      return 0;
  return 1;
}

/* A run's few findings (a check family after another) by insertion,
 * qsort's set-up being most of its cost there; the order is total.
 * They come in the order they were made (seq rising), so a stable sort
 * by offset alone is the order by offset and seq. */
static void sort_findings(finding *v, size_t n) {
  if (n > 8) {
    qsort(v, n, sizeof(finding), cmp_finding);
    return;
  }
  for (size_t i = 1; i < n; i++) {
    if (v[i - 1].offset <= v[i].offset)
      continue;
    finding x = v[i];
    size_t j = i;
    for (; j > 0 && v[j - 1].offset > x.offset; j--)
      v[j] = v[j - 1];
    v[j] = x;
  }
}

/* ---- languages ---------------------------------------------------------- */

/* strcmp(a, b) == 0 for the short tags, without a call (every run asks
 * for its language, most of them more than once). */
static int same_tag(const char *a, const char *b) {
  while (*a != '\0' && *a == *b)
    a++, b++;
  return *a == *b;
}

static nl_check_lang *find_lang(nl_check_ctx *c, const char *tag) {
  nl_checker *k = c->k;
  /* most runs are in the language of the one before */
  if (k->last_lang < k->nlangs && same_tag(k->langs[k->last_lang].tag, tag))
    return &k->langs[k->last_lang];
  /* (a tag found is short enough: the length is for new ones) */
  for (size_t i = 0; i < k->nlangs; i++) /* as written, most often */
    if (same_tag(k->langs[i].tag, tag))
      return &k->langs[k->last_lang = i];
  size_t len = 0;
  while (len < sizeof(k->langs[0].tag) && tag[len] != '\0')
    len++;
  if (len >= sizeof(k->langs[0].tag))
    return NULL;
  for (size_t i = 0; i < k->nlangs; i++)
    if (strcasecmp(k->langs[i].tag, tag) == 0)
      return &k->langs[i];
  nl_check_lang *p = realloc(k->langs, (k->nlangs + 1) * sizeof(*p));
  if (p == NULL)
    return NULL;
  k->langs = p;
  nl_check_lang *l = &k->langs[k->nlangs++];
  memset(l, 0, sizeof(*l));
  snprintf(l->tag, sizeof(l->tag), "%s", tag);
  nl_lang__conventional_case(l->tag);
  nl_chk__lang_init(c, l);
  return l;
}

/* A tag of up to 7 bytes as a number (its bytes, then zeros); 0 when
 * it is longer. */
static uint64_t tag_key(const char *t) {
  uint64_t x = 0;
  for (unsigned i = 0; i < 8; i++) {
    if (t[i] == '\0')
      return x;
    x |= (uint64_t)(unsigned char)t[i] << (8 * i);
  }
  return 0;
}

/* A tag not in its slot: found (or added) by the general search, and
 * kept in the slot. Out of line, so that the look at the slot is a
 * leaf that saves no registers (every run asks). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static nl_check_lang *lang_missed(nl_check_ctx *c, const char *tag,
                                  uint64_t key, lang_slot *e) {
  nl_checker *k = c->k;
  nl_check_lang *l = find_lang(c, tag);
  if (l != NULL && key != 0) {
    e->key = key;
    e->at = (size_t)(l - k->langs);
  }
  return l;
}

/* A run's tag found again by its bytes ("fa", "vi", "en" in turn miss
 * the one found last): the index find_lang() gave for the same bytes,
 * which never changes (languages are only added at the end, and only
 * when no tag matches). */
nl_check_lang *nl_chk__lang(nl_check_ctx *c, const char *tag) {
  nl_checker *k = c->k;
  if (tag == NULL || *tag == '\0')
    tag = k->lang;
  if (tag == NULL)
    return NULL;
  uint64_t key = tag_key(tag);
  lang_slot *e = &k->lang_slots[(key * 0x9E3779B97F4A7C15ull) >> 62];
  if (key != 0 && e->key == key)
    return &k->langs[e->at];
  return lang_missed(c, tag, key, e);
}

/* ---- the driver --------------------------------------------------------- */

static int plain_bytes(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char b = (unsigned char)s[i];
    if (b >= 0x7F || (b < 0x20 && b != '\t' && b != '\n' && b != '\r'))
      return 0;
  }
  return 1;
}

/* Most runs of English news: 16 bytes at a time, where the printable
 * ones are (tab, line feed, return looked at one by one). */
static int plain_ascii(const char *s, size_t len) {
  size_t i = 0;
#ifdef __SSE2__
  const __m128i below = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
  for (; i + 16 <= len; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    /* signed: bytes >= 0x80 are negative, so "below" catches them too */
    __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, below),
                               _mm_cmpeq_epi8(v, del));
    if (_mm_movemask_epi8(bad) != 0 && !plain_bytes(s + i, 16))
      return 0;
  }
#endif
  return plain_bytes(s + i, len - i);
}

/* One pass over the run says which checks can find anything in it;
 * only those look. Plain ASCII can hold nothing but orthography (the
 * Uzbek apostrophe), in a language that has rules. */
static int check_run(nl_check_ctx *c, const nl_run *r0, void *ud) {
  (void)ud;
  nl_run run;
  const nl_run *r = r0;
  if (!r0->ascii && !r0->mixed) { /* (the scanner's runs are known) */
    run = *r0;
    run.ascii = plain_ascii(r0->text, r0->len);
    r = &run;
  }
  nl_check_lang *l = nl_chk__lang(c, r->lang);
  if (r->ascii)
    return r->attr || !nl_chk__has_ortho(c, l)
               ? 0
               : nl_chk__service(c, r, l, NL_P_ORTHO);
  size_t before = c->k->n;
  nl_run_seen seen;
  int rc = nl_chk__pass(c, r, l, &seen);
  if (c->k->every_check)
    seen.any = seen.exposed = 0xFFFFFFFFu;
  if (rc == 0 && (seen.any & NL_P_CHAR))
    rc = nl_chk__chars(c, r);
  if (rc == 0 && (seen.any & NL_P_NFC))
    rc = nl_chk__nfc(c, r);
  if (rc == 0 && (seen.any & NL_P_BIDI))
    rc = nl_chk__bidi(c, r);
  if (rc == 0 && !r->attr)
    rc = nl_chk__display(c, r, l, &seen);
  if (rc == 0 && !r->attr && (seen.any & (NL_P_INVIS | NL_P_MIXED)))
    rc = nl_chk__words(c, r, l, seen.any);
  if (rc == 0 && !r->attr &&
      (seen.any & (NL_P_DIGIT | NL_P_FOREIGN | NL_P_ORTHO | NL_P_MYANMAR)))
    rc = nl_chk__service(c, r, l, seen.any);
  /* in file order here, so that the file's findings are mostly sorted
   * already when check_bytes() sorts them */
  size_t added = c->k->n - before;
  if (added > 1)
    sort_findings(c->k->v + before, added);
  if (added && checked(c, before) == before &&
      (before == c->first ||
       cmp_finding(&c->k->v[before - 1], &c->k->v[before]) <= 0))
    c->sorted_to = c->k->n;
  return rc;
}

/* Fixing: a run of XML may hold markup (<em>, a comment): only the text
 * between markup is replaced, by its fixed text (escaped again for XML),
 * so that a fix never moves or drops a tag. A part is a stretch of
 * pieces whose bytes follow one another in the file. */

/* The file offset just past piece i: a reference's `;` (before the next
 * piece), or its bytes. */
static size_t piece_end(const nl_check_ctx *c, const nl_run *r, size_t i) {
  const nl_run_piece *p = &r->raw[i], *next = &r->raw[i + 1];
  if (!p->same)
    return p->file + (next->dec - p->dec);
  const char *semi = memchr(c->data + p->file, ';', next->file - p->file);
  return semi ? (size_t)(semi - c->data) + 1 : next->file;
}

/* The part from piece *k on: its decoded end and its file span. */
static void next_part(const nl_check_ctx *c, const nl_run *r, size_t *k,
                      size_t *to, size_t *fstart, size_t *fend) {
  if (r->raw == NULL) {
    *to = r->len;
    *fstart = r->base;
    *fend = r->base + r->len;
    *k = 1;
    return;
  }
  size_t i = *k, last = r->nraw - 1; /* raw[last] marks the run's end */
  *fstart = r->raw[i].file;
  while (i + 1 < last && piece_end(c, r, i) == r->raw[i + 1].file)
    i++;
  *to = r->raw[i + 1].dec;
  *fend = piece_end(c, r, i);
  *k = i + 1;
}

static int fix_run(nl_check_ctx *c, const nl_run *r, void *ud) {
  int xml = *(int *)ud;
  size_t pieces = r->raw ? r->nraw - 1 : 1;
  if (r->role == NL_RUN_SOURCE || r->attr || pieces == 0)
    return 0;
  unsigned char *drop = nl_chk__fix_strays(r);
  if (drop == NULL)
    return nl_error__nomem(c->err);
  int rc = 0;
  for (size_t k = 0, from = 0; rc == 0 && k < pieces;) {
    size_t to, fstart, fend;
    next_part(c, r, &k, &to, &fstart, &fend);
    nl_buf out = NL_BUF_INIT;
    int changed = 0;
    rc = nl_chk__fix_part(c, r, drop, from, to, &out, &changed);
    if (rc == 0 && changed) {
      if (nl_buf__put(c->fixed, c->data + c->fix_pos, fstart - c->fix_pos) <
              0 ||
          (xml ? nl_buf__put_xml(c->fixed, out.ptr, out.size, r->attr)
               : nl_buf__put(c->fixed, out.ptr, out.size)) < 0)
        rc = nl_error__nomem(c->err);
      c->fix_pos = fend;
    }
    nl_buf_dispose(&out);
    from = to;
  }
  free(drop);
  return rc;
}

typedef enum kind { K_TEXT, K_XML, K_XLIFF, K_TMX } kind;

static kind detect(const char *s, size_t len) {
  size_t i = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                     s[i] == '\n'))
    i++;
  if (i >= len || s[i] != '<')
    return K_TEXT;
  /* the root: the first start tag that is not <? or <! */
  for (; i + 1 < len; i++) {
    if (s[i] != '<' || s[i + 1] == '?' || s[i + 1] == '!')
      continue;
    size_t j = i + 1, n = 0;
    while (j + n < len && s[j + n] != ' ' && s[j + n] != '>' &&
           s[j + n] != '/' && s[j + n] != '\n' && s[j + n] != '\t' &&
           s[j + n] != '\r')
      n++;
    const char *colon = memchr(s + j, ':', n);
    if (colon) {
      n -= (size_t)(colon + 1 - (s + j));
      j = (size_t)(colon + 1 - s);
    }
    if (n == 5 && memcmp(s + j, "xliff", 5) == 0)
      return K_XLIFF;
    if (n == 3 && memcmp(s + j, "tmx", 3) == 0)
      return K_TMX;
    return K_XML;
  }
  return K_XML;
}

static const char *keep_path(nl_checker *k, const char *name) {
  char **p = realloc(k->paths, (k->npaths + 1) * sizeof(*p));
  if (p == NULL)
    return NULL;
  k->paths = p;
  return k->paths[k->npaths] = nl__strdup(name), k->paths[k->npaths++];
}

static int run_file(nl_check_ctx *c) {
  int rc;
  if (c->fixing && nl_utf8__invalid_at(c->data, c->len) != c->len)
    return nl_buf__put(c->fixed, c->data, c->len) < 0 ? nl_error__nomem(c->err)
                                                      : 0; /* no fixes */
  if (!c->fixing && (rc = nl_chk__encoding(c, c->data, c->len)) != 0)
    return rc < 0 ? rc : 0; /* not UTF-8: nothing else can be judged */
  kind kd = detect(c->data, c->len);
  int xml = kd != K_TEXT;
  int (*scan_xml)(nl_check_ctx *, const char *, size_t, nl_run_fn, void *) =
      c->k->general_scan ? nl_chk__scan_xml_general : nl_chk__scan_xml;
  if (c->fixing) {
    rc = xml ? scan_xml(c, c->data, c->len, fix_run, &xml)
             : nl_chk__scan_text(c, c->data, c->len, fix_run, &xml);
    if (rc == 0 && nl_buf__put(c->fixed, c->data + c->fix_pos,
                               c->len - c->fix_pos) < 0)
      rc = nl_error__nomem(c->err);
    return rc;
  }
  nl_run_fn fn = c->k->run_hook ? c->k->run_hook : check_run;
  void *ud = c->k->run_hook_ud;
  rc = xml ? scan_xml(c, c->data, c->len, fn, ud)
           : nl_chk__scan_text(c, c->data, c->len, fn, ud);
  if (rc == 0 && kd == K_XLIFF)
    rc = nl_chk__xliff(c, c->data, c->len, c->path);
  if (rc == 0 && kd == K_TMX)
    rc = nl_chk__tmx(c, c->data, c->len, c->path);
  return rc;
}

static int check_bytes(nl_checker *k, const char *data, size_t len,
                       const char *name, nl_buf *fixed, nl_error *err) {
  nl_check_ctx c = {0};
  c.k = k;
  c.data = data ? data : "";
  c.len = len;
  c.err = err;
  c.first = k->n;
  c.path = keep_path(k, name ? name : "<memory>");
  if (c.path == NULL)
    return nl_error__nomem(err);
  int rc;
  if (fixed) {
    /* the fixes, then what is left in the fixed text */
    c.fixing = 1;
    c.fixed = fixed;
    rc = run_file(&c);
    positions(&c, c.first);
    nl_check_ctx after = c;
    after.data = fixed->ptr ? fixed->ptr : "";
    after.len = fixed->size;
    after.lines = NULL;
    after.fixing = 0;
    after.fixed = NULL;
    after.first = k->n;
    if (rc == 0)
      rc = run_file(&after);
    positions(&after, after.first);
    free(after.lines);
    /* the fixed text's findings after the fixes' */
    if (k->n > c.first && !sorted(k->v + c.first, k->n - c.first))
      qsort(k->v + c.first, k->n - c.first, sizeof(finding), cmp_finding);
  } else {
    rc = run_file(&c);
    positions(&c, c.first); /* (sorted there) */
  }
  free(c.lines);
  return rc;
}

int nl_check_memory(nl_checker *k, const char *data, size_t len,
                    const char *name, nl_error *err) {
  return check_bytes(k, data, len, name, NULL, err);
}

int nl_check_fix_memory(nl_checker *k, const char *data, size_t len,
                        const char *name, nl_buf *fixed, nl_error *err) {
  return check_bytes(k, data, len, name, fixed, err);
}

static int check_file(nl_checker *k, const char *path, nl_error *err) {
  nl_buf data = NL_BUF_INIT, fixed = NL_BUF_INIT;
  const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
  int rc = nl_file_read(path, &data, err);
  size_t before = k->n;
  if (rc == 0)
    rc = check_bytes(k, data.ptr, data.size, name, k->o.fix ? &fixed : NULL,
                     err);
  int changed = 0;
  for (size_t i = before; i < k->n; i++)
    changed |= k->v[i].fixed;
  if (rc == 0 && k->o.fix && (changed || strcmp(path, "-") == 0))
    rc = nl_file_write_atomic(path, fixed.ptr ? fixed.ptr : "", fixed.size,
                              err);
  nl_buf_dispose(&fixed);
  nl_buf_dispose(&data);
  return rc;
}

/* In a directory walk, a file that cannot be checked is a finding and
 * the walk goes on: CI sees every broken file at once. */
static int input_error(nl_checker *k, const char *path, nl_error *err) {
  nl_check_ctx c = {0};
  c.k = k;
  c.data = "";
  c.err = err;
  c.path = keep_path(k, err->path[0] ? err->path : path);
  c.first = k->n;
  if (c.path == NULL)
    return nl_error__nomem(err);
  unsigned long line = err->line, col = err->column;
  char msg[NL_ERROR_MESSAGE_MAX];
  snprintf(msg, sizeof(msg), "%s", err->message);
  nl_error_clear(err);
  int rc = nl_chk__emit_line(&c, "input-error", line, 0, "%s", msg);
  positions(&c, c.first);
  if (rc == 0 && k->n &&
      strcmp(k->rule0[k->v[k->n - 1].rule].id, "input-error") == 0)
    k->v[k->n - 1].column = col;
  free(c.lines);
  return rc;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int check_dir(nl_checker *k, const char *path, nl_error *err) {
  DIR *d = opendir(path);
  if (d == NULL)
    return nl_error__set(err, NL_EIO, path, 0, 0, "cannot read the directory");
  char **names = NULL;
  size_t n = 0;
  int rc = 0;
  for (struct dirent *e; rc == 0 && (e = readdir(d));) {
    if (e->d_name[0] == '.')
      continue; /* ., .., and hidden files (.git) */
    nl_buf p = NL_BUF_INIT;
    char **q = realloc(names, (n + 1) * sizeof(*q));
    if (q == NULL || nl_buf__printf(&p, "%s/%s", path, e->d_name) < 0) {
      free(q ? q : names);
      names = NULL;
      nl_buf_dispose(&p);
      rc = nl_error__nomem(err);
      break;
    }
    names = q;
    names[n++] = nl_buf__detach(&p);
  }
  closedir(d);
  if (rc == 0 && n)
    qsort(names, n, sizeof(*names), cmp_str);
  for (size_t i = 0; i < n; i++) {
    if (rc == 0 && nl_check_path(k, names[i], err) < 0)
      rc = err && err->code == NL_ENOMEM ? NL_ENOMEM
                                         : input_error(k, names[i], err);
    free(names[i]);
  }
  free(names);
  return rc;
}

int nl_check_path(nl_checker *k, const char *path, nl_error *err) {
  struct stat st;
  if (k == NULL || path == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "nothing to check");
  if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    return check_dir(k, path, err);
  return check_file(k, path, err);
}

int nl_check_tm(nl_checker *k, const char *db_path, nl_error *err) {
  nl_check_ctx c = {0};
  if (k == NULL || db_path == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no TM to check");
  c.k = k;
  c.data = "";
  c.err = err;
  c.path = keep_path(k, db_path);
  c.first = k->n;
  if (c.path == NULL)
    return nl_error__nomem(err);
  int rc = nl_chk__tm(&c, db_path);
  positions(&c, c.first);
  free(c.lines);
  return rc;
}
