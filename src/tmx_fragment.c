/*
 * tmx_fragment.c - TMX entries that are not whole sentences for newsloc.
 *
 * Another tool's segmentation splits where newsloc's does not: OmegaT's
 * rules break "The U.S. Embassy offered help." after "U.S.", and its
 * project_save.tmx then holds "The U.S." and "Embassy offered help." as
 * two entries. Such a fragment never equals a sentence of an article
 * and only clutters the fuzzy matches, so the import leaves it out and
 * counts it. Rejoining is not possible: OmegaT writes its TMX sorted by
 * source text, so the pieces of one sentence are not neighbours.
 *
 * newsloc's segmenter (for the entry's source language) is the judge,
 * asked about the edges only, each with a neighbour:
 *  - "X" + " The end.", X ending on a period: no boundary between them,
 *    so X ends inside a sentence, on an abbreviation newsloc never
 *    breaks after ("said Gen.", "Mr."); a headline without a period is
 *    whole;
 *  - with the entry's context (OmegaT's and newsloc's prev/next props),
 *    the real neighbour, where the left one ends on a period.
 * In a TMX that OmegaT segmented with its own rules (creationtool
 * OmegaT, segtype "sentence": its header says so), two more:
 *  - "X" + " Smith said.": X ends on an abbreviation newsloc breaks
 *    after only before a word that starts sentences ("the U.S."), so
 *    the break was OmegaT's, not newsloc's;
 *  - "It rained. " + "X", X a sentence whose first word has no capitals:
 *    no boundary, so X continues one ("and Russia, France is ...",
 *    after OmegaT's "Along with the U.S.").
 * Elsewhere these two would take legitimate entries: a paragraph may
 * start "iPhone sales ..." or end "... in the U.S.", and TMX files of
 * other tools are cut by rules newsloc cannot see. A piece that starts
 * with a capital ("Embassy offered help.") is a sentence to any judge
 * and is kept.
 * Only the last 64 and first 64 bytes of X (cut at a space) take part:
 * the rules look no further, and the import stays fast.
 */
#include <stdlib.h>
#include <string.h>

#include <newsloc/segment.h>

#include "error.h"
#include "tmx.h"
#include "util/buf.h"

enum { EDGE = 64, SLOTS = 8 };

/* A segmenter per source language, a few kept: a TMX whose units
 * alternate between languages (en, en-GB, de, ...) would otherwise
 * build one per unit, ~10 ms each. */
typedef struct slot {
  char *lang; /* NULL: free */
  nl_segmenter *seg; /* NULL: no segmenter for lang, every entry kept */
} slot;

struct nl_tmx__fragments {
  slot slots[SLOTS];
  size_t next; /* the slot reused next, round robin */
  nl_segmenter *seg; /* the current language's */
  int unusable;
  nl_buf probe;
};

static void slot_clear(slot *s) {
  nl_segmenter_free(s->seg);
  free(s->lang);
  s->seg = NULL;
  s->lang = NULL;
}

void nl_tmx__fragments_free(nl_tmx__fragments *f) {
  if (f == NULL)
    return;
  for (size_t i = 0; i < SLOTS; i++)
    slot_clear(&f->slots[i]);
  nl_buf_dispose(&f->probe);
  free(f);
}

/* The segmenter for `lang`: a kept one, or a new one in the next slot. */
static int use_lang(nl_tmx__fragments *f, const char *lang, nl_error *err) {
  for (size_t i = 0; i < SLOTS; i++)
    if (f->slots[i].lang && strcmp(f->slots[i].lang, lang) == 0) {
      f->seg = f->slots[i].seg;
      f->unusable = f->seg == NULL;
      return 0;
    }
  slot *s = &f->slots[f->next];
  f->next = (f->next + 1) % SLOTS;
  slot_clear(s);
  f->seg = NULL;
  f->unusable = 1;
  if ((s->lang = nl__strdup(lang)) == NULL)
    return nl_error__nomem(err);
  nl_error e = NL_ERROR_INIT;
  int rc = nl_segmenter_new(&s->seg, lang, NULL, &e);
  if (rc == NL_ENOMEM) {
    slot_clear(s);
    return nl_error__nomem(err);
  }
  f->seg = rc < 0 ? NULL : s->seg;
  f->unusable = f->seg == NULL;
  return 0;
}

/* Whether a sentence boundary falls at byte `at` of the probe. */
static int breaks_at(nl_tmx__fragments *f, size_t at, int *yes,
                     nl_error *err) {
  nl_range *r = NULL;
  size_t n = 0;
  nl_error e = NL_ERROR_INIT;
  int rc = nl_segmenter_split(f->seg, f->probe.ptr, f->probe.size, &r, &n,
                              &e);
  *yes = 1; /* a probe the segmenter cannot judge keeps the entry */
  for (size_t i = 0; rc == 0 && i < n; i++)
    if (r[i].start < at && r[i].end > at)
      *yes = 0;
  nl_free(r);
  return rc == NL_ENOMEM ? nl_error__nomem(err) : 0;
}

/* The last (or first) EDGE bytes of s, cut at a space. */
static void edge(const char *s, size_t n, int last, size_t *from,
                 size_t *len) {
  *from = 0;
  *len = n;
  if (n <= EDGE)
    return;
  if (last) {
    const char *sp = memchr(s + n - EDGE, ' ', EDGE);
    if (sp)
      *from = (size_t)(sp - s) + 1;
  } else {
    for (size_t i = EDGE; i > 0; i--)
      if (s[i] == ' ') {
        *len = i;
        break;
      }
  }
  *len -= *from;
}

/* left + " " + right, each cut to its edge at the join; *yes when the
 * segmenter breaks at the join. */
static int joined_breaks(nl_tmx__fragments *f, const char *left,
                         const char *right, int *yes, nl_error *err) {
  size_t lf, ll, rf, rl;
  edge(left, strlen(left), 1, &lf, &ll);
  edge(right, strlen(right), 0, &rf, &rl);
  nl_buf__clear(&f->probe);
  if (nl_buf__put(&f->probe, left + lf, ll) < 0 ||
      nl_buf__putc(&f->probe, ' ') < 0 ||
      nl_buf__put(&f->probe, right + rf, rl) < 0)
    return nl_error__nomem(err);
  return breaks_at(f, ll + 1, yes, err);
}

static int ends_on_period(const char *s) {
  size_t n = s ? strlen(s) : 0;
  return n > 0 && s[n - 1] == '.';
}

static int ends_sentence_like(const char *s) {
  size_t n = strlen(s);
  return n > 0 && strchr(".!?", s[n - 1]) != NULL;
}

/* A first word without capitals ("and", "и"): "iPhone", "eBay" and
 * "al-Qaida" start sentences the segmenter would take as continued. */
static int starts_uncapitalized(const char *s) {
  for (; *s && *s != ' '; s++)
    if (*s >= 'A' && *s <= 'Z')
      return 0;
  return 1;
}

int nl_tmx__fragment(nl_tmx__fragments **fp, const char *lang,
                     const char *source, const char *prev, const char *next,
                     int sentence_segmented, int *is_fragment,
                     nl_error *err) {
  *is_fragment = 0;
  if (*fp == NULL && (*fp = calloc(1, sizeof(**fp))) == NULL)
    return nl_error__nomem(err);
  nl_tmx__fragments *f = *fp;
  int rc = use_lang(f, lang, err), yes = 1;
  if (rc < 0 || f->unusable || *source == '\0')
    return rc;
  if (ends_on_period(source))
    rc = joined_breaks(f, source, "The end.", &yes, err);
  if (rc == 0 && yes && sentence_segmented && starts_uncapitalized(source) &&
      ends_sentence_like(source))
    rc = joined_breaks(f, "It rained.", source, &yes, err);
  if (rc == 0 && yes && ends_on_period(prev))
    rc = joined_breaks(f, prev, source, &yes, err);
  if (rc == 0 && yes && next && *next && ends_on_period(source))
    rc = joined_breaks(f, source, next, &yes, err);
  if (rc == 0 && yes && sentence_segmented && ends_on_period(source))
    rc = joined_breaks(f, source, "Smith said.", &yes, err);
  *is_fragment = rc == 0 && !yes;
  return rc;
}
