/*
 * test_check_pass_fast.c - the pass's walk takes the same verdict as a
 * full step at every character, through its shortcuts:
 *
 * - one- and two-byte characters looked up by their bytes in one table
 *   (filled a block at a time, as the walk meets the blocks);
 * - a language's copy of that table with its rules' two-byte leads
 *   marked (kept per language, copied again when a block is filled, and
 *   not taken for another language that comes to the same place);
 * - ASCII stretches eight bytes a test, where each ends found without
 *   a branch (the bytes after it taken as the one before).
 *
 * Every two-byte code point in several neighbourhoods, and random runs
 * with a fixed seed; each pass on a fresh table and on a warm one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uscript.h>

#include "check_internal.h"
#include "harness.h"
#include "util/buf.h"
#include "util/utf8.h"

static uint32_t seed = 29;

static uint32_t rnd(uint32_t n) {
  seed = seed * 1664525u + 1013904223u;
  return (seed >> 9) % n;
}

static void add(nl_buf *b, uint32_t cp) {
  char u[4];
  nl_buf__put(b, u, nl_utf8__encode(cp, u));
}

/* The rule lead bit of code point cp (its first two bytes). */
static void mark_lead(nl_check_lang *l, uint32_t cp) {
  unsigned char u[4] = {0};
  size_t n = nl_utf8__encode(cp, (char *)u);
  for (unsigned b1 = 0; b1 < 256; b1++) {
    if (n > 1 && b1 != u[1])
      continue;
    unsigned k = (unsigned)u[0] << 8 | b1;
    l->lead[k >> 3] |= (unsigned char)(1u << (k & 7));
  }
  if (cp < l->ortho_lo || l->ortho_hi == 0)
    l->ortho_lo = cp;
  if (cp > l->ortho_hi)
    l->ortho_hi = cp;
}

/* Where the word holding byte `at` starts: the first byte after the
 * last character before `at` that is not of a word (read forward). */
static size_t word_at(nl_chk_props *t, const char *s, size_t at) {
  size_t start = 0, i = 0;
  while (i < at) {
    size_t k = i;
    uint32_t cp = nl_utf8__next(s, at, &k);
    if (!(nl_chk__prop(t, cp) & NL_P_WORD))
      start = k;
    i = k;
  }
  return start;
}

/* Whether the words of two scripts seen are the same words. */
static int same_words(nl_chk_props *t, const char *s, const nl_chk_seen_at *a,
                      const nl_chk_seen_at *b) {
  if (!a->mixed_all || !b->mixed_all)
    return 1;
  size_t i = 0, j = 0;
  while (i < a->nmixed || j < b->nmixed) {
    if (i == a->nmixed || j == b->nmixed)
      return 0;
    size_t wa = word_at(t, s, a->mixed[i]), wb = word_at(t, s, b->mixed[j]);
    if (wa != wb)
      return 0;
    while (i < a->nmixed && word_at(t, s, a->mixed[i]) == wa)
      i++;
    while (j < b->nmixed && word_at(t, s, b->mixed[j]) == wb)
      j++;
  }
  return 1;
}

static long wrong;

/* The walk over the run (on table t, as it is) against a full step at
 * every character: the flags and every place noted. */
static void judge(nl_chk_props *t, const nl_buf *b, nl_check_lang *l,
                  int ortho, const char *what) {
  nl_run_seen fast, full;
  int rf = nl_chk__pass_text(t, b->ptr, b->size, l, ortho, 0, &fast);
  nl_chk_seen_at w = *nl_chk__props_seen_at(t);
  int rs = nl_chk__pass_text(t, b->ptr, b->size, l, ortho, 1, &full);
  const nl_chk_seen_at *f = nl_chk__props_seen_at(t);
  int same =
      rf == rs && fast.any == full.any && fast.exposed == full.exposed &&
      w.ninvis == f->ninvis && w.invis_all == f->invis_all &&
      memcmp(w.invis, f->invis, w.ninvis * sizeof(size_t)) == 0 &&
      w.northo == f->northo && w.ortho_all == f->ortho_all &&
      memcmp(w.ortho, f->ortho, w.northo * sizeof(size_t)) == 0 &&
      w.foreign == f->foreign && w.foreign_alone == f->foreign_alone &&
      same_words(t, b->ptr, &w, f);
  if (!same && wrong++ < 5)
    NL_FAIL("%s: walk %X/%X (%zu leads, %zu invisible), every step %X/%X "
            "(%zu, %zu) over \"%.*s\"",
            what, (unsigned)fast.any, (unsigned)fast.exposed, w.northo,
            w.ninvis, (unsigned)full.any, (unsigned)full.exposed, f->northo,
            f->ninvis, (int)b->size, b->ptr);
}

/* Languages: Persian-like (joiners, rules from Arabic letters, one of
 * them a mark and one in a block of its own), Latin with a rule from
 * ASCII and one from a two-byte letter, Cyrillic, none known. */
static void langs_init(nl_check_lang *g) {
  memset(g, 0, 4 * sizeof(*g));
  snprintf(g[0].tag, sizeof(g[0].tag), "fa");
  g[0].script = USCRIPT_ARABIC;
  g[0].uses_joiners = 1;
  mark_lead(&g[0], 0x0643);
  mark_lead(&g[0], 0x064A);
  mark_lead(&g[0], 0x0654);
  mark_lead(&g[0], 0x06CC);
  mark_lead(&g[0], 0x00E9);
  snprintf(g[1].tag, sizeof(g[1].tag), "uz");
  g[1].script = USCRIPT_LATIN;
  mark_lead(&g[1], 'o');
  mark_lead(&g[1], 0x0161);
  snprintf(g[2].tag, sizeof(g[2].tag), "ru");
  g[2].script = USCRIPT_CYRILLIC;
  mark_lead(&g[2], 0x0438);
  g[3].script = -1;
}

/* Every two-byte code point between ASCII letters, after itself, after
 * and before an Arabic letter and a rule's lead, in every language, on a
 * table that starts empty (the walk meets unfilled blocks). */
static void test_every_two_byte(void) {
  static const uint32_t near[] = {'a', ' ', 0x0627, 0x0643, 0x0301, 0x200C};
  nl_check_lang g[4];
  langs_init(g);
  for (int round = 0; round < 2; round++) {
    nl_chk_props *t = calloc(1, nl_chk__props_size());
    NL_CHECK(t != NULL);
    nl_buf b = NL_BUF_INIT;
    for (uint32_t cp = 0x80; t && cp < 0x800; cp++) {
      for (size_t k = 0; k < sizeof(near) / sizeof(near[0]); k++) {
        nl_buf__clear(&b);
        nl_buf__puts(&b, round ? "x" : "word ");
        add(&b, near[k]);
        add(&b, cp);
        add(&b, cp);
        add(&b, near[(k + 1) % 6]);
        add(&b, cp);
        nl_buf__puts(&b, round ? "" : "b 12");
        int which = (int)((cp + k) % 5);
        nl_check_lang *l = which == 4 ? NULL : &g[which];
        judge(t, &b, l, which < 3, "every two-byte code point");
      }
    }
    nl_buf_dispose(&b);
    nl_chk__props_free(t);
  }
  NL_CHECK_INT(wrong, 0);
}

/* Random runs: ASCII of every value (controls too) in stretches of 0 to
 * 40 bytes, two-byte characters of every block, leads, joiners, marks,
 * three-byte characters, in four languages and more languages than the
 * table keeps copies for (six tags), some passes on a fresh table. */
static void test_random_runs(void) {
  static const uint32_t some[] = {0x0627, 0x0643, 0x064A, 0x0654, 0x06CC,
                                  0x00E9, 0x0161, 0x0438, 0x0430, 0x0301,
                                  0x00AD, 0x034F, 0x200C, 0x200D, 0x200B,
                                  0x2066, 0x2069, 0x202E, 0x4E2D, 0x1F600};
  nl_check_lang g[4], more[6];
  langs_init(g);
  memset(more, 0, sizeof(more));
  for (int k = 0; k < 6; k++) {
    snprintf(more[k].tag, sizeof(more[k].tag), "x%d", k);
    more[k].script = USCRIPT_ARABIC;
    mark_lead(&more[k], 0x0627 + (uint32_t)k);
    mark_lead(&more[k], 0x0100 + (uint32_t)k * 64);
  }
  nl_chk_props *t = calloc(1, nl_chk__props_size());
  NL_CHECK(t != NULL);
  nl_buf b = NL_BUF_INIT;
  for (int round = 0; t && round < 40000; round++) {
    if (round % 500 == 0) {
      nl_chk__props_free(t);
      t = calloc(1, nl_chk__props_size());
      NL_CHECK(t != NULL);
      if (t == NULL)
        break;
    }
    nl_buf__clear(&b);
    for (int n = (int)rnd(12); n >= 0; n--) {
      uint32_t r = rnd(10);
      if (r < 4) {
        for (int k = (int)rnd(41); k > 0; k--) {
          uint32_t c =
              rnd(4) ? (uint32_t)(unsigned char)"ab z09,.A"[rnd(9)] : 1 + rnd(127);
          add(&b, c == '\r' || c == '\n' ? ' ' : c);
        }
      } else if (r < 7) {
        add(&b, some[rnd(sizeof(some) / sizeof(some[0]))]);
      } else {
        add(&b, 0x80 + rnd(0x780));
      }
    }
    int which = (int)rnd(11);
    nl_check_lang *l = which < 4 ? &g[which] : which < 10 ? &more[which - 4]
                                                          : NULL;
    judge(t, &b, l, which != 3 && rnd(5) != 0, "random runs");
  }
  nl_buf_dispose(&b);
  nl_chk__props_free(t);
  NL_CHECK_INT(wrong, 0);
}

/* A language that comes to the place of another (the driver's languages
 * are moved by realloc: a place may hold another language later, with
 * its slot copied): the table follows the language, not the place. */
static void test_language_moved(void) {
  nl_check_lang g[4], *l = calloc(1, sizeof(*l));
  langs_init(g);
  nl_chk_props *t = calloc(1, nl_chk__props_size());
  NL_CHECK(t != NULL && l != NULL);
  nl_buf b = NL_BUF_INIT;
  for (uint32_t cp = 0x0620; t && l && cp < 0x0700; cp++) {
    nl_buf__clear(&b);
    add(&b, 0x0643);
    add(&b, cp);
    add(&b, 0x00E9);
    add(&b, 0x0438);
    add(&b, 0x0161);
    nl_buf__puts(&b, " o");
    int slot = l->pass_slot;
    *l = g[cp % 3];
    if (cp % 3 == 2) {
      memset(l->lead, 0, sizeof(l->lead));
      mark_lead(l, cp); /* the same tag, other leads: not the driver's */
      snprintf(l->tag, sizeof(l->tag), "ru-%u", (unsigned)cp);
    }
    l->pass_slot = slot;
    judge(t, &b, l, 1, "a language in another's place");
  }
  nl_buf_dispose(&b);
  nl_chk__props_free(t);
  free(l);
  NL_CHECK_INT(wrong, 0);
}

/* ASCII stretches of every length up to 26, ending at every distance
 * from the run's end up to 10 (eight bytes a test, then byte by byte),
 * of spaces with one byte of its own flags (a control, a digit, a
 * letter, a sign, a bracket) at every place, before a character that
 * ends them (an Arabic letter, a rule's lead from ASCII, DEL, an isolate
 * with a control inside it): in a language whose rules start at 0x80
 * and above and in one whose start at 'o'. */
static void test_ascii_stretches(void) {
  static const uint32_t odd[] = {0x01, '7', 'k', '+', ')'};
  static const uint32_t stop[] = {0x0627, 'o', 'p', 0x7F, 0x2066};
  nl_check_lang g[4];
  langs_init(g);
  nl_chk_props *t = calloc(1, nl_chk__props_size());
  NL_CHECK(t != NULL);
  nl_buf b = NL_BUF_INIT;
  for (size_t n = 1; t && n <= 26; n++)
    for (size_t at = 0; at < n; at++)
      for (size_t o = 0; o < sizeof(odd) / sizeof(odd[0]); o++)
        for (size_t k = 0; k < sizeof(stop) / sizeof(stop[0]); k++)
          for (size_t tail = 0; tail <= 10; tail++) {
            nl_buf__clear(&b);
            add(&b, 0x0628);
            for (size_t x = 0; x < n; x++)
              add(&b, x == at ? odd[o] : ' ');
            add(&b, stop[k]);
            for (size_t x = 1; x < tail; x++)
              add(&b, x == 1 && k == 4 ? 0x01 : x % 2 ? 0x0644 : '.');
            judge(t, &b, &g[k % 2], 1, "ASCII stretches");
          }
  nl_buf_dispose(&b);
  nl_chk__props_free(t);
  NL_CHECK_INT(wrong, 0);
}

static const nl_test tests[] = {
  NL_TEST(test_every_two_byte),
  NL_TEST(test_random_runs),
  NL_TEST(test_language_moved),
  NL_TEST(test_ascii_stretches),
};

NL_TEST_MAIN(tests)
