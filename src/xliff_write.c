/*
 * xliff_write.c - an article as XLIFF for translators (2.0 or 1.2).
 *
 * One unit per translatable block, its id the block's id; one segment
 * per sentence with ids s1, s2, ... so the same article always gives
 * the same ids. The space between sentences is written as <ignorable>
 * (2.0) or as text between <mrk mtype="seg"> (1.2), so a tool that
 * joins segments gets the paragraph back. The block kind goes in a
 * note: translators treat a headline differently from a caption.
 *
 * With a TM, in-context and exact matches become targets in state
 * "translated" — never "final": a human still signs off — and fuzzy
 * matches are offered as candidates (2.0 Translation Candidates module,
 * 1.2 <alt-trans>). A TM target is used only when its inline codes
 * can line up with this segment's: a code-less segment takes a code-less
 * translation, a segment with codes takes a translation stored from the
 * same source markup, or from the same codes under other ids (renamed),
 * or from the codes OmegaT shows, the ones it leaves out at the edges put
 * back (code_edges.h); in 1.2 the codes are written as <g>/<x>.
 * Candidates are given as plain text so they never reference codes the
 * unit does not define.
 */
#include <stdlib.h>
#include <string.h>

#include <newsloc/io.h>
#include <newsloc/xliff.h>

#include "error.h"
#include "lang.h"
#include "code_edges.h"
#include "util/buf.h"
#include "xliff_codes.h"
#include "xliff_id.h"

#define XLIFF20_NS "urn:oasis:names:tc:xliff:document:2.0"
#define XLIFF12_NS "urn:oasis:names:tc:xliff:document:1.2"
#define MTC_NS "urn:oasis:names:tc:xliff:matches:2.0"

typedef struct candidate {
  int score;
  char *source, *target;
} candidate;

/* What the exporter knows about one segment. */
typedef struct seg_info {
  nl_buf markup; /* source with codes, 2.0 style */
  nl_buf markup12;
  int has_codes;
  char *fill; /* target markup for the chosen style, or NULL */
  candidate *cand;
  size_t ncand;
} seg_info;

typedef struct exporter {
  const nl_article *a;
  nl_segmenter *seg;
  const nl_export_options *o;
  nl_buf *out;
  nl_export_stats st;
  const char *src_lang, *trg_lang, *article_id;
  int x12;
  int sentences; /* a trans-unit per sentence (see nl_xliff_profile) */
  int omegat;    /* ... with the source copied into every target */
} exporter;

/* One unit under construction. */
typedef struct unit {
  const nl_block *b;
  const char *id; /* the unit id: the block's as an NMTOKEN (xliff_id.h) */
  const char *text;
  size_t len;
  nl_range *r;
  size_t n;
  nl_code_place *p;
  seg_info *si;
} unit;

static void unit_dispose(unit *u) {
  for (size_t k = 0; u->si && k < u->n; k++) {
    nl_buf_dispose(&u->si[k].markup);
    nl_buf_dispose(&u->si[k].markup12);
    free(u->si[k].fill);
    for (size_t c = 0; c < u->si[k].ncand; c++) {
      free(u->si[k].cand[c].source);
      free(u->si[k].cand[c].target);
    }
    free(u->si[k].cand);
  }
  free(u->si);
  free(u->p);
  nl_free(u->r);
}

static int put_attr(nl_buf *o, const char *name, const char *v) {
  if (v == NULL)
    return 0;
  if (nl_buf__printf(o, " %s=\"", name) < 0 ||
      nl_buf__put_xml(o, v, strlen(v), 1) < 0 || nl_buf__putc(o, '"') < 0)
    return NL_ENOMEM;
  return 0;
}

static int put_text(nl_buf *o, const char *s, size_t len) {
  return nl_buf__put_xml(o, s, len, 0) < 0 ? NL_ENOMEM : 0;
}

static char *slice(const unit *u, size_t k) {
  if (k >= u->n)
    return NULL;
  return nl__strndup(u->text + u->r[k].start, u->r[k].end - u->r[k].start);
}

/* ---- leverage ------------------------------------------------------------ */

static char *escaped(const char *s) {
  nl_buf b = NL_BUF_INIT;
  if (nl_buf__put_xml(&b, s, strlen(s), 0) < 0) {
    nl_buf_dispose(&b);
    return NULL;
  }
  return nl_buf__detach(&b);
}

/* ---- codes of a TM match ------------------------------------------------ */

static int same_kinds(const nl_code_tok *a, const nl_code_tok *b, long n) {
  for (long i = 0; i < n; i++)
    if (a[i].kind != b[i].kind)
      return 0;
  return 1;
}

/* The TM's target with its codes renamed to this segment's: the match's
 * source has the same codes in the same order under other ids (a TM
 * from OmegaT numbers them from 0), or only those OmegaT shows of this
 * segment (code_edges.h: it leaves out placeholders at the edges and
 * pairs enclosing the rest), and the codes left out go back around the
 * target where they were. `ours` is the segment in 2.0 markup, as the TM
 * keeps it; `out` the same segment in the style written (2.0 or 1.2,
 * the same codes in the same order), whose codes the target takes.
 * NULL when the codes do not line up so. */
static char *realign(const char *ours, const char *out, const char *their_src,
                     const char *their_tgt) {
  nl_code_tok a[NL_CODE_TOKS_MAX], w[NL_CODE_TOKS_MAX], b[NL_CODE_TOKS_MAX],
      c[NL_CODE_TOKS_MAX];
  long na = nl_codes__toks(ours, a), nw = nl_codes__toks(out, w),
       nb = nl_codes__toks(their_src, b), nc = nl_codes__toks(their_tgt, c);
  if (na < 0 || nw != na || !same_kinds(a, w, na) || nb < 0 || nc < 0)
    return NULL;
  nl_code_core core = {0, na, 0, strlen(ours)}, wcore = {0, nw, 0, strlen(out)};
  if (na != nb || !same_kinds(a, b, nb)) {
    core = nl_codes__omegat_core(ours, a, na);
    wcore = nl_codes__omegat_core(out, w, nw);
  }
  if (core.hi - core.lo != nb || !same_kinds(a + core.lo, b, nb) ||
      wcore.lo != core.lo || wcore.hi != core.hi)
    return NULL;
  nl_buf o = NL_BUF_INIT;
  int rc = nl_buf__put(&o, out, wcore.pre);
  const char *pos = their_tgt;
  for (long k = 0; rc == 0 && k < nc; k++) {
    long i = 0;
    while (c[k].kind != 'c' && i < nb && strcmp(b[i].id, c[k].id) != 0)
      i++;
    if (c[k].kind != 'c' && i == nb)
      rc = -1; /* a code the source does not have */
    if (rc == 0)
      rc = nl_buf__put(&o, pos, (size_t)(c[k].at - pos));
    /* a close tag names no id: </pc> in 2.0, </g> in 1.2 */
    if (rc == 0 && c[k].kind == 'c')
      rc = nl_buf__puts(&o, out == ours ? "</pc>" : "</g>");
    else if (rc == 0)
      rc = nl_buf__put(&o, w[core.lo + i].at, w[core.lo + i].len);
    pos = c[k].at + c[k].len;
  }
  if (rc == 0)
    rc = nl_buf__puts(&o, pos);
  if (rc == 0)
    rc = nl_buf__puts(&o, out + wcore.post);
  if (rc < 0) {
    nl_buf_dispose(&o);
    return NULL;
  }
  return nl_buf__detach(&o);
}

/* The target markup an exact match gives this segment, in the style
 * written, or NULL when its codes cannot line up (see the file comment).
 * A match without codes (OmegaT's TMX of a segment whose only codes are
 * at its edges) lines up as the escaped text. */
static char *fill_from(const exporter *x, const seg_info *si,
                       const nl_tm_match *m) {
  if (!si->has_codes)
    return m->target_markup == NULL ? escaped(m->target) : NULL;
  char *src = m->source_markup ? NULL : escaped(m->source),
       *tgt = m->target_markup ? NULL : escaped(m->target), *fill = NULL;
  const char *s = src ? src : m->source_markup,
             *t = tgt ? tgt : m->target_markup,
             *out = x->x12 ? si->markup12.ptr : si->markup.ptr;
  if (s && t && out)
    fill = !x->x12 && strcmp(s, si->markup.ptr) == 0
               ? nl__strdup(t)
               : realign(si->markup.ptr, out, s, t);
  free(src);
  free(tgt);
  return fill;
}

static int add_candidate(seg_info *si, const nl_tm_match *m, size_t max) {
  if (si->ncand == max)
    return 0;
  if (si->cand == NULL && (si->cand = calloc(max, sizeof(candidate))) == NULL)
    return NL_ENOMEM;
  candidate *c = &si->cand[si->ncand];
  c->score = m->score;
  c->source = nl__strdup(m->source);
  c->target = nl__strdup(m->target);
  si->ncand++;
  return c->source && c->target ? 0 : NL_ENOMEM;
}

static int leverage(exporter *x, unit *u, size_t k, nl_error *err) {
  char *src = slice(u, k), *prev = k ? slice(u, k - 1) : NULL,
       *next = slice(u, k + 1);
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = x->src_lang;
  q.target_lang = x->trg_lang;
  q.source = src;
  q.prev = prev;
  q.next = next;
  q.article_id = x->article_id;
  q.unit_id = u->id;
  q.min_score = x->o->min_score ? x->o->min_score : 70;
  size_t maxc = x->o->max_candidates ? x->o->max_candidates : 3;
  q.max_results = maxc + 1;
  nl_tm_matches *ms = NULL;
  int rc = src ? nl_tm_lookup(x->o->tm, &q, &ms, err) : nl_error__nomem(err);
  seg_info *si = &u->si[k];
  for (size_t i = 0; rc == 0 && i < nl_tm_matches_count(ms); i++) {
    const nl_tm_match *m = nl_tm_matches_get(ms, i);
    if (si->fill == NULL && m->score >= 100 && m->type != NL_MATCH_FUZZY &&
        m->type != NL_MATCH_NEAR_EXACT)
      si->fill = fill_from(x, si, m);
    if (si->fill == NULL || m->score < 100)
      if (add_candidate(si, m, maxc) < 0)
        rc = nl_error__nomem(err);
  }
  if (rc == 0 && si->fill)
    x->st.prefilled++;
  else if (rc == 0 && si->ncand)
    x->st.fuzzy++;
  nl_tm_matches_free(ms);
  free(src);
  free(prev);
  free(next);
  return rc;
}

/* ---- a unit's content ---------------------------------------------------- */

static int prepare(exporter *x, unit *u, nl_error *err) {
  int rc = nl_segmenter_split(x->seg, u->text, u->len, &u->r, &u->n, err);
  if (rc < 0 || u->n == 0)
    return rc;
  if ((rc = nl_codes__place(&u->p, u->b, u->r, u->n, err)) < 0)
    return rc;
  if ((u->si = calloc(u->n, sizeof(*u->si))) == NULL)
    return nl_error__nomem(err);
  nl_code_index ix;
  if ((rc = nl_codes__index(&ix, u->p, nl_block_inline_count(u->b), u->n,
                            err)) < 0)
    return rc;
  for (size_t k = 0; k < u->n && rc == 0; k++) {
    seg_info *si = &u->si[k];
    rc = nl_codes__put_range(&si->markup, u->b, u->p, &ix, k, u->r[k], 0,
                             NL_CODES_XLIFF20, err);
    if (rc == 0)
      rc = nl_codes__put_range(&si->markup12, u->b, u->p, &ix, k, u->r[k], 0,
                               NL_CODES_XLIFF12, err);
    if (rc == 0 && si->markup.ptr == NULL)
      rc = nl_buf__puts(&si->markup, "") < 0 ? nl_error__nomem(err) : 0;
    si->has_codes = si->markup.ptr && strchr(si->markup.ptr, '<') != NULL;
    if (rc == 0 && x->o->tm)
      rc = leverage(x, u, k, err);
  }
  nl_codes__index_dispose(&ix);
  x->st.segments += u->n;
  return rc;
}

static int put_gap(nl_buf *o, const unit *u, size_t from, size_t to,
                   int x12) {
  if (from >= to)
    return 0;
  if (x12)
    return put_text(o, u->text + from, to - from);
  if (nl_buf__puts(o, "      <ignorable><source>") < 0 ||
      put_text(o, u->text + from, to - from) < 0 ||
      nl_buf__puts(o, "</source></ignorable>\n") < 0)
    return NL_ENOMEM;
  return 0;
}

static int put_original_data(nl_buf *o, const unit *u) {
  size_t m = nl_block_inline_count(u->b), used = 0;
  for (size_t i = 0; i < m; i++)
    used += !u->p[i].gap;
  if (used == 0)
    return 0;
  int rc = nl_buf__puts(o, "      <originalData>\n");
  for (size_t i = 0; rc == 0 && i < m; i++) {
    const nl_inline *in = nl_block_inline(u->b, i);
    if (u->p[i].gap)
      continue;
    rc = nl_buf__printf(o, "        <data id=\"d%zu\">", i + 1);
    if (rc == 0)
      rc = nl_codes__put_original(o, in, 0);
    if (rc == 0)
      rc = nl_buf__puts(o, "</data>\n");
    if (rc == 0 && !u->p[i].is_point) {
      rc = nl_buf__printf(o, "        <data id=\"d%zue\">", i + 1);
      if (rc == 0)
        rc = nl_codes__put_original(o, in, 1);
      if (rc == 0)
        rc = nl_buf__puts(o, "</data>\n");
    }
  }
  if (rc == 0)
    rc = nl_buf__puts(o, "      </originalData>\n");
  return rc < 0 ? NL_ENOMEM : 0;
}

/* A candidate's source and target, the same in both XLIFF versions. */
static int put_candidate(nl_buf *o, const exporter *x, const candidate *cd) {
  if (nl_buf__puts(o, "<source>") < 0 ||
      put_text(o, cd->source, strlen(cd->source)) < 0 ||
      nl_buf__puts(o, "</source><target") < 0 ||
      put_attr(o, "xml:lang", x->trg_lang) < 0 || nl_buf__putc(o, '>') < 0 ||
      put_text(o, cd->target, strlen(cd->target)) < 0 ||
      nl_buf__puts(o, "</target>") < 0)
    return NL_ENOMEM;
  return 0;
}

static int put_matches20(nl_buf *o, const exporter *x, const unit *u) {
  size_t total = 0;
  for (size_t k = 0; k < u->n; k++)
    total += u->si[k].ncand;
  if (total == 0)
    return 0;
  int rc = nl_buf__printf(o, "      <mtc:matches xmlns:mtc=\"%s\">\n", MTC_NS);
  for (size_t k = 0; rc == 0 && k < u->n; k++)
    for (size_t c = 0; rc == 0 && c < u->si[k].ncand; c++) {
      const candidate *cd = &u->si[k].cand[c];
      rc = nl_buf__printf(o,
                          "        <mtc:match ref=\"#s%zu\" "
                          "matchQuality=\"%d.00\" type=\"tm\" "
                          "origin=\"newsloc-tm\">",
                          k + 1, cd->score > 100 ? 100 : cd->score);
      if (rc == 0)
        rc = put_candidate(o, x, cd);
      if (rc == 0)
        rc = nl_buf__puts(o, "</mtc:match>\n");
    }
  if (rc == 0)
    rc = nl_buf__puts(o, "      </mtc:matches>\n");
  return rc < 0 ? NL_ENOMEM : 0;
}

static int put_unit20(exporter *x, const unit *u) {
  nl_buf *o = x->out;
  int rc = nl_buf__puts(o, "    <unit") < 0 ||
                   put_attr(o, "id", u->id) < 0 ||
                   put_attr(o, "name", nl_block_kind_name(
                                           nl_block_get_kind(u->b))) < 0 ||
                   nl_buf__puts(o, " xml:space=\"preserve\">\n") < 0
               ? NL_ENOMEM
               : 0;
  if (rc == 0)
    rc = put_matches20(o, x, u);
  if (rc == 0)
    rc = nl_buf__printf(o,
                        "      <notes><note category=\"newsloc:block\">"
                        "%s</note></notes>\n",
                        nl_block_kind_name(nl_block_get_kind(u->b)));
  if (rc == 0)
    rc = put_original_data(o, u);
  size_t pos = 0;
  for (size_t k = 0; rc == 0 && k < u->n; k++) {
    const seg_info *si = &u->si[k];
    rc = put_gap(o, u, pos, u->r[k].start, 0);
    if (rc == 0)
      rc = nl_buf__printf(o, "      <segment id=\"s%zu\"%s><source>", k + 1,
                          si->fill ? " state=\"translated\"" : "");
    if (rc == 0)
      rc = nl_buf__put(o, si->markup.ptr, si->markup.size);
    if (rc == 0)
      rc = nl_buf__puts(o, "</source>");
    if (rc == 0 && si->fill)
      rc = nl_buf__printf(o, "<target>%s</target>", si->fill);
    if (rc == 0)
      rc = nl_buf__puts(o, "</segment>\n");
    pos = u->r[k].end;
  }
  if (rc == 0)
    rc = put_gap(o, u, pos, u->len, 0);
  if (rc == 0)
    rc = nl_buf__puts(o, "    </unit>\n");
  return rc < 0 ? NL_ENOMEM : 0;
}

/* ---- XLIFF 1.2 ------------------------------------------------------------ */

/* <seg-source> or <target> content: gaps as text, segments as mrk. */
static int put_segmented12(nl_buf *o, const unit *u, int target) {
  size_t pos = 0;
  int rc = 0;
  for (size_t k = 0; rc == 0 && k < u->n; k++) {
    rc = put_gap(o, u, pos, u->r[k].start, 1);
    if (rc == 0)
      rc = nl_buf__printf(o, "<mrk mtype=\"seg\" mid=\"s%zu\">", k + 1);
    if (rc == 0 && !target)
      rc = nl_buf__put(o, u->si[k].markup12.ptr, u->si[k].markup12.size);
    if (rc == 0 && target && u->si[k].fill)
      rc = nl_buf__puts(o, u->si[k].fill);
    if (rc == 0)
      rc = nl_buf__puts(o, "</mrk>");
    pos = u->r[k].end;
  }
  if (rc == 0)
    rc = put_gap(o, u, pos, u->len, 1);
  return rc < 0 ? NL_ENOMEM : 0;
}

static int put_alt_trans12(nl_buf *o, const exporter *x, const unit *u) {
  int rc = 0;
  for (size_t k = 0; rc == 0 && k < u->n; k++)
    for (size_t c = 0; rc == 0 && c < u->si[k].ncand; c++) {
      const candidate *cd = &u->si[k].cand[c];
      rc = nl_buf__printf(o,
                          "        <alt-trans mid=\"s%zu\" "
                          "match-quality=\"%d\" origin=\"newsloc-tm\">",
                          k + 1, cd->score > 100 ? 100 : cd->score);
      if (rc == 0)
        rc = put_candidate(o, x, cd);
      if (rc == 0)
        rc = nl_buf__puts(o, "</alt-trans>\n");
    }
  return rc < 0 ? NL_ENOMEM : 0;
}

static int put_unit12(exporter *x, const unit *u, nl_error *err) {
  nl_buf *o = x->out;
  size_t filled = 0;
  for (size_t k = 0; k < u->n; k++)
    filled += u->si[k].fill != NULL;
  int rc = nl_buf__puts(o, "      <trans-unit") < 0 ||
                   put_attr(o, "id", u->id) < 0 ||
                   put_attr(o, "resname", nl_block_id(u->b)) < 0 ||
                   nl_buf__puts(o, " xml:space=\"preserve\">\n        <source>") < 0
               ? NL_ENOMEM
               : 0;
  nl_range whole = {0, u->len};
  if (rc == 0)
    rc = nl_codes__put_range(o, u->b, u->p, NULL, 0, whole, 1,
                             NL_CODES_XLIFF12, err);
  if (rc == 0)
    rc = nl_buf__puts(o, "</source>\n        <seg-source>");
  if (rc == 0)
    rc = put_segmented12(o, u, 0);
  if (rc == 0)
    rc = nl_buf__puts(o, "</seg-source>\n");
  if (rc == 0 && filled) {
    rc = nl_buf__puts(o, "        <target") < 0 ||
                 put_attr(o, "xml:lang", x->trg_lang) < 0 ||
                 put_attr(o, "state",
                          filled == u->n ? "translated" : "new") < 0 ||
                 nl_buf__putc(o, '>') < 0
             ? NL_ENOMEM
             : 0;
    if (rc == 0)
      rc = put_segmented12(o, u, 1);
    if (rc == 0)
      rc = nl_buf__puts(o, "</target>\n");
  }
  if (rc == 0)
    rc = nl_buf__printf(o, "        <note from=\"newsloc\">%s</note>\n",
                        nl_block_kind_name(nl_block_get_kind(u->b)));
  if (rc == 0)
    rc = put_alt_trans12(o, x, u);
  if (rc == 0)
    rc = nl_buf__puts(o, "      </trans-unit>\n");
  if (rc == NL_ENOMEM)
    return nl_error__nomem(err);
  return rc;
}

/* The sentence profiles (see nl_xliff_profile): a group per block, a
 * trans-unit per sentence, its id "BLOCK/sN", its resname "sN" (the
 * segment the reader gives back). For OmegaT, which translates the
 * target's text, the target repeats the source and a pre-fill goes in
 * alt-trans; otherwise the target is the pre-fill, if any. */
static int put_sentence12(exporter *x, const unit *u, size_t k) {
  nl_buf *o = x->out;
  const seg_info *si = &u->si[k];
  const char *src = si->markup12.ptr ? si->markup12.ptr : "";
  int rc = nl_buf__puts(o, "        <trans-unit") < 0 ||
                   nl_buf__printf(o, " id=\"") < 0 ||
                   nl_buf__put_xml(o, nl_block_id(u->b),
                                   strlen(nl_block_id(u->b)), 1) < 0 ||
                   nl_buf__printf(o, "/s%zu\" resname=\"s%zu\"", k + 1,
                                  k + 1) < 0 ||
                   nl_buf__puts(o, " xml:space=\"preserve\">\n"
                                   "          <source>") < 0 ||
                   nl_buf__puts(o, src) < 0 || nl_buf__puts(o, "</source>\n") < 0
               ? NL_ENOMEM
               : 0;
  /* OmegaT translates the <target> it is given (a copy of the source)
   * and leaves its state as it found it: a state here would say
   * "needs-translation" of every segment it translated. Without one, a
   * target OmegaT left untouched is a copy of its source, which the
   * merge gate names. */
  const char *tgt = x->omegat ? src : si->fill;
  if (rc == 0 && tgt)
    rc = nl_buf__puts(o, "          <target") < 0 ||
                 put_attr(o, "xml:lang", x->trg_lang) < 0 ||
                 (!x->omegat && put_attr(o, "state", "translated") < 0) ||
                 nl_buf__putc(o, '>') < 0 || nl_buf__puts(o, tgt) < 0 ||
                 nl_buf__puts(o, "</target>\n") < 0
             ? NL_ENOMEM
             : 0;
  if (rc == 0 && si->fill && x->omegat)
    rc = nl_buf__puts(o, "          <alt-trans match-quality=\"100\" "
                         "origin=\"newsloc-tm\"><target>") < 0 ||
                 nl_buf__puts(o, si->fill) < 0 ||
                 nl_buf__puts(o, "</target></alt-trans>\n") < 0
             ? NL_ENOMEM
             : 0;
  for (size_t c = 0; rc == 0 && c < si->ncand; c++) {
    const candidate *cd = &si->cand[c];
    rc = nl_buf__printf(o, "          <alt-trans match-quality=\"%d\" "
                           "origin=\"newsloc-tm\">",
                        cd->score > 100 ? 100 : cd->score) < 0
             ? NL_ENOMEM
             : put_candidate(o, x, cd);
    if (rc == 0)
      rc = nl_buf__puts(o, "</alt-trans>\n") < 0 ? NL_ENOMEM : 0;
  }
  if (rc == 0)
    rc = nl_buf__puts(o, "        </trans-unit>\n") < 0 ? NL_ENOMEM : 0;
  return rc;
}

static int put_group12(exporter *x, const unit *u) {
  nl_buf *o = x->out;
  int rc = nl_buf__puts(o, "      <group") < 0 ||
                   put_attr(o, "id", nl_block_id(u->b)) < 0 ||
                   put_attr(o, "resname", nl_block_id(u->b)) < 0 ||
                   nl_buf__printf(o, " restype=\"%s\">\n",
                                  NL_XLIFF12_SENTENCE_GROUP) < 0 ||
                   nl_buf__printf(o, "        <note from=\"newsloc\">%s"
                                     "</note>\n",
                                  nl_block_kind_name(
                                      nl_block_get_kind(u->b))) < 0
               ? NL_ENOMEM
               : 0;
  for (size_t k = 0; rc == 0 && k < u->n; k++)
    rc = put_sentence12(x, u, k);
  if (rc == 0)
    rc = nl_buf__puts(o, "      </group>\n") < 0 ? NL_ENOMEM : 0;
  return rc;
}

/* ---- the document --------------------------------------------------------- */

static int put_header(exporter *x) {
  nl_buf *o = x->out;
  int rc = nl_buf__puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  if (rc == 0 && x->x12) {
    rc = nl_buf__printf(o, "<xliff version=\"1.2\" xmlns=\"%s\">\n", XLIFF12_NS);
    if (rc == 0)
      rc = nl_buf__puts(o, "  <file") < 0 ||
                   put_attr(o, "original", x->article_id) < 0 ||
                   put_attr(o, "source-language", x->src_lang) < 0 ||
                   put_attr(o, "target-language", x->trg_lang) < 0 ||
                   nl_buf__printf(o,
                                  " datatype=\"xml\">\n    <header><tool "
                                  "tool-id=\"newsloc\" tool-name=\"newsloc\" "
                                  "tool-version=\"%s\"/></header>\n"
                                  "    <body>\n",
                                  nl_version()) < 0
               ? NL_ENOMEM
               : 0;
    return rc < 0 ? NL_ENOMEM : 0;
  }
  if (rc == 0)
    rc = nl_buf__printf(o, "<xliff xmlns=\"%s\" version=\"2.0\"", XLIFF20_NS);
  if (rc == 0)
    rc = put_attr(o, "srcLang", x->src_lang) < 0 ||
                 put_attr(o, "trgLang", x->trg_lang) < 0 ||
                 nl_buf__puts(o, ">\n  <file id=\"f1\"") < 0 ||
                 put_attr(o, "original", x->article_id) < 0 ||
                 nl_buf__puts(o, ">\n") < 0
             ? NL_ENOMEM
             : 0;
  return rc < 0 ? NL_ENOMEM : 0;
}

static int put_footer(exporter *x) {
  return nl_buf__puts(x->out, x->x12 ? "    </body>\n  </file>\n</xliff>\n"
                                     : "  </file>\n</xliff>\n") < 0
             ? NL_ENOMEM
             : 0;
}

static int export_block(exporter *x, const nl_block *b, nl_error *err) {
  unit u = {0};
  u.b = b;
  u.text = nl_block_text(b, &u.len);
  nl_buf id = NL_BUF_INIT;
  if (nl_xliff__unit_id(&id, nl_block_id(b)) < 0)
    return nl_error__nomem(err);
  u.id = id.ptr;
  int rc = prepare(x, &u, err);
  if (rc == 0 && u.n > 0) {
    x->st.units++;
    rc = !x->x12   ? put_unit20(x, &u)
         : x->sentences ? put_group12(x, &u)
                     : put_unit12(x, &u, err);
    if (rc == NL_ENOMEM)
      rc = nl_error__nomem(err);
  }
  unit_dispose(&u);
  nl_buf_dispose(&id);
  return rc;
}

int nl_xliff_export(const nl_article *a, nl_segmenter *seg,
                    const nl_export_options *o, nl_buf *out,
                    nl_export_stats *stats, nl_error *err) {
  if (a == NULL || seg == NULL || o == NULL || out == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "nothing to export");
  if (o->target_lang == NULL || *o->target_lang == '\0')
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "no target language given");
  if (!nl_lang__is_tag(o->target_lang))
    return nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "'%s' is not a BCP 47 language tag", o->target_lang);
  if (o->xliff != 0 && o->xliff != NL_XLIFF_2_0 && o->xliff != NL_XLIFF_1_2)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "unknown XLIFF version %d", (int)o->xliff);
  exporter x = {a, seg, o, out, {0, 0, 0, 0}, nl_article_get(a, NL_FIELD_LANG),
                o->target_lang, nl_article_get(a, NL_FIELD_ID),
                o->xliff == NL_XLIFF_1_2,
                o->xliff == NL_XLIFF_1_2 &&
                    o->profile != NL_XLIFF_PROFILE_DEFAULT,
                o->xliff == NL_XLIFF_1_2 &&
                    o->profile == NL_XLIFF_PROFILE_OMEGAT};
  if (x.src_lang == NULL)
    x.src_lang = "en";
  if (!nl_lang__is_tag(x.src_lang)) /* merge would refuse the file */
    return nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "the article's language '%s' is not a BCP 47 "
                         "language tag", x.src_lang);
  if (x.article_id == NULL)
    x.article_id = "article";
  size_t mark = out->size;
  int rc = nl_xliff__check_unit_ids(a, err);
  if (rc < 0)
    return rc;
  rc = put_header(&x);
  for (size_t i = 0; rc == 0 && i < nl_article_block_count(a); i++) {
    const nl_block *b = nl_article_block(a, i);
    if (nl_block_translatable(b))
      rc = export_block(&x, b, err);
  }
  /* XLIFF 2.0 has no empty <file>, and a file with nothing to translate
   * is no work to send anyone: said, not written */
  if (rc == 0 && x.st.units == 0)
    rc = nl_error__set(err, NL_ENOTFOUND, NULL, 0, 0,
                       "nothing to translate: the article has no text in "
                       "its headline, body or captions");
  if (rc == 0)
    rc = put_footer(&x);
  if (rc < 0) {
    out->size = mark;
    if (out->ptr)
      out->ptr[mark] = '\0';
    return rc == NL_ENOMEM ? nl_error__nomem(err) : rc;
  }
  if (stats)
    *stats = x.st;
  return 0;
}
