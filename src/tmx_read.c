/*
 * tmx_read.c - streaming TMX import (TMX 1.4b, also 1.1 and 1.2).
 *
 * The file goes through the hardened libxml2 reader: the DOCTYPE most
 * TMX files carry (<!DOCTYPE tmx SYSTEM "tmx14.dtd">) is never fetched.
 * Each <tu> is expanded on its own, turned into entries and released
 * before the next one is read, so memory stays flat however large the
 * file. Encodings other than UTF-8 (the LISA kit has UTF-16 files) are
 * decoded by libxml2 from the BOM or the XML declaration.
 *
 * Languages. The source language is, in order: opts->source_lang, the
 * <tu srclang>, the <header srclang>. When that is "*all*" (any language
 * may be the source) or missing, the import stops with NL_EINVAL at that
 * unit, asking for the source language: guessing (say, the first <tuv>)
 * would silently store reversed pairs. Our export writes <tu srclang>
 * under a "*all*" header, so its files import as they are. A <tuv>
 * matches a language tag when equal ignoring case, or else when the
 * primary subtags are equal ("en" finds "en-US").
 * Every other <tuv> (or only the one matching opts->target_lang) gives
 * one entry. TMX 1.1's lang attribute is read where xml:lang is missing.
 * A <tuv> without a language, without <seg>, or whose segment is only
 * whitespace and codes is ignored; a unit left without a source or a
 * target is counted as skipped. A unit whose source is a piece of a
 * sentence another tool's segmentation cut is left out and counted
 * (tmx_fragment.c).
 *
 * Metadata. tuid -> unit_id; changeid (else creationid) -> translator;
 * changedate (else creationdate) -> changed; a <tuv>'s own values win
 * over its <tu>'s. Props written by our export (x-newsloc-article,
 * -service, -status) and OmegaT's context props (prev, next) fill the
 * matching entry fields; every other prop and note, of the <tu> or of
 * the entry's two <tuv>s, goes into the entry's meta (tmx_meta.c), so
 * that export writes it back where it was.
 *
 * Batches. Units are added in transactions of batch_size units (or of
 * a growing size, NL_TMX_BATCH_GROW); a parse error rolls back only the
 * batch in progress, so a truncated file keeps every batch before the
 * fault.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tmx.h"
#include "error.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xml.h"

#define MAX_LANG 64

typedef struct tuv_rec {
  char lang[MAX_LANG];
  nl_buf plain, markup;
  int has_codes;
  int nfc; /* plain is NFC (as read; OmegaT's tags taken out: unknown) */
  xmlChar *who;   /* changeid, else creationid */
  long long when; /* changedate, else creationdate; 0 unknown */
} tuv_rec;

typedef struct meta {
  xmlChar *tuid, *who, *article, *service, *prev, *next;
  xmlChar *srclang;
  unsigned long line; /* of the <tu>, for errors */
  long long when;
  int status; /* -1: not given */
} meta;

typedef struct reader_state {
  const char *path;
  const nl_tmx_import_options *opts;
  const nl_tmx__sink *sink;
  nl_tmx_stats *stats;
  xmlChar *header_srclang;
  int omegat; /* the header names OmegaT: tags are text (tmx_omegat.c) */
  int omegat_sentences; /* ... and OmegaT's own rules segmented it */
  nl_tmx__fragments *frag;
  size_t batch_units;
  size_t units_read;    /* in this import, for NL_TMX_BATCH_GROW */
  size_t batch_entries; /* added in the open transaction */
  int in_tx;
  tuv_rec *tuvs;
  size_t ntuv, captuv;
  nl_tmx__meta meta;  /* the current unit's other props and notes */
  nl_buf meta_json;   /* one entry's share of them */
} reader_state;

/* "EN_us" -> "en-US": BCP 47 case conventions; 0 when not a tag. */
static int canon_lang(char out[MAX_LANG], const xmlChar *in) {
  size_t n = in ? strlen((const char *)in) : 0;
  if (n == 0 || n >= MAX_LANG)
    return 0;
  size_t start = 0;
  int private_use = 0;
  for (size_t i = 0; i <= n; i++) {
    char ch = i < n ? (char)in[i] : '-';
    if (ch == '_')
      ch = '-';
    if (ch != '-' && !isalnum((unsigned char)ch))
      return 0;
    if (ch != '-') {
      out[i] = (char)tolower((unsigned char)ch);
      continue;
    }
    size_t len = i - start;
    if (len == 0)
      return 0;
    if (start > 0 && !private_use && len == 2)
      for (size_t k = start; k < i; k++)
        out[k] = (char)toupper((unsigned char)out[k]);
    else if (start > 0 && !private_use && len == 4)
      out[start] = (char)toupper((unsigned char)out[start]);
    if (len == 1)
      private_use = 1; /* after a singleton, leave subtags alone */
    if (i < n)
      out[i] = '-';
    start = i + 1;
  }
  out[n] = '\0';
  return 1;
}

/* ASCII case-insensitive equality of n bytes (tags are ASCII). */
static int same_ci(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char x = a[i] == '_' ? '-' : a[i], y = b[i] == '_' ? '-' : b[i];
    if (tolower((unsigned char)x) != tolower((unsigned char)y))
      return 0;
  }
  return 1;
}

/* 2: same tag ignoring case; 1: same primary subtag; 0: different. */
static int lang_match(const char *tag, const char *want) {
  size_t lt = strlen(tag), lw = strlen(want);
  if (lt == lw && same_ci(tag, want, lt))
    return 2;
  size_t a = strcspn(tag, "-_"), b = strcspn(want, "-_");
  return a == b && same_ci(tag, want, a) ? 1 : 0;
}

/* The first tuv matching `want` best, skipping index `not`; -1: none. */
static long find_tuv(const reader_state *st, const char *want, size_t not) {
  long best = -1;
  int best_q = 0;
  for (size_t k = 0; k < st->ntuv; k++) {
    int q = k == not ? 0 : lang_match(st->tuvs[k].lang, want);
    if (q > best_q) {
      best_q = q;
      best = (long)k;
    }
  }
  return best;
}

static long long node_date(const xmlNode *n) {
  xmlChar *v = nl_xml__attr(n, "changedate");
  if (v == NULL)
    v = nl_xml__attr(n, "creationdate");
  long long t = v ? nl_tmx__parse_date((const char *)v) : -1;
  xmlFree(v);
  return t > 0 ? t : 0;
}

static xmlChar *node_who(const xmlNode *n) {
  xmlChar *v = nl_xml__attr(n, "changeid");
  return v ? v : nl_xml__attr(n, "creationid");
}

static void tuv_reset(tuv_rec *t) {
  nl_buf__clear(&t->plain);
  nl_buf__clear(&t->markup);
  xmlFree(t->who);
  t->who = NULL;
  t->has_codes = 0;
  t->nfc = 0;
  t->when = 0;
  t->lang[0] = '\0';
}

static int status_of(const xmlChar *v) {
  if (xmlStrEqual(v, BAD_CAST "draft"))
    return NL_TM_DRAFT;
  if (xmlStrEqual(v, BAD_CAST "approved"))
    return NL_TM_APPROVED;
  if (xmlStrEqual(v, BAD_CAST "translated"))
    return NL_TM_TRANSLATED;
  return -1;
}

/* A <prop type="..."> we map onto an entry field; 0 when it is not
 * one of those. */
static int read_prop(meta *m, const xmlNode *n) {
  xmlChar *type = nl_xml__attr(n, "type");
  xmlChar **slot = NULL;
  int mapped = 1;
  if (type == NULL)
    return 0;
  if (xmlStrEqual(type, BAD_CAST "x-newsloc-article"))
    slot = &m->article;
  else if (xmlStrEqual(type, BAD_CAST "x-newsloc-service"))
    slot = &m->service;
  else if (xmlStrEqual(type, BAD_CAST "prev") ||
           xmlStrEqual(type, BAD_CAST "x-newsloc-prev"))
    slot = &m->prev;
  else if (xmlStrEqual(type, BAD_CAST "next") ||
           xmlStrEqual(type, BAD_CAST "x-newsloc-next"))
    slot = &m->next;
  if (slot) {
    xmlFree(*slot);
    *slot = xmlNodeGetContent(n);
  } else if (xmlStrEqual(type, BAD_CAST "x-newsloc-status")) {
    xmlChar *v = xmlNodeGetContent(n);
    m->status = status_of(v);
    xmlFree(v);
  } else {
    mapped = 0;
  }
  xmlFree(type);
  return mapped;
}

/* The <tuv>'s own props and notes, for the entries it takes part in. */
static int read_tuv_meta(reader_state *st, const xmlNode *tuv,
                         nl_error *err) {
  int rc = 0;
  for (const xmlNode *c = tuv->children; c && rc == 0; c = c->next)
    if (nl_xml__is(c, "prop") || nl_xml__is(c, "note"))
      rc = nl_tmx__meta_add(&st->meta, c, (long)st->ntuv, err);
  return rc;
}

/* OmegaT's "<g0>...</g0>" in a variant's text, as codes. */
static int omegat_codes(tuv_rec *t, nl_error *err) {
  nl_buf plain = NL_BUF_INIT, markup = NL_BUF_INIT;
  int rc = nl_tmx__omegat_read(t->plain.ptr, t->plain.size, &plain, &markup,
                               &t->has_codes);
  if (rc == 0) {
    nl_buf__clear(&t->plain);
    nl_buf__clear(&t->markup);
    t->nfc = 0; /* a mark may now follow the letter a tag kept it from */
    if (nl_buf__put(&t->plain, plain.ptr, plain.size) < 0 ||
        nl_buf__put(&t->markup, markup.ptr, markup.size) < 0)
      rc = NL_ENOMEM;
  }
  nl_buf_dispose(&plain);
  nl_buf_dispose(&markup);
  return rc < 0 ? nl_error__nomem(err) : 0;
}

static int read_tuv(reader_state *st, const xmlNode *tuv, nl_error *err) {
  xmlChar *lang = nl_xml__lang(tuv);
  if (lang == NULL)
    lang = nl_xml__attr(tuv, "lang"); /* TMX 1.1 */
  const xmlNode *seg = NULL;
  for (const xmlNode *c = tuv->children; c; c = c->next)
    if (nl_xml__is(c, "seg"))
      seg = c;
  char tag[MAX_LANG];
  int ok = canon_lang(tag, lang) && seg != NULL;
  xmlFree(lang);
  if (!ok)
    return 0; /* unusable variant: no language or no segment */
  if (st->ntuv == st->captuv) {
    size_t cap = st->captuv ? st->captuv * 2 : 4;
    tuv_rec *t = realloc(st->tuvs, cap * sizeof(*t));
    if (t == NULL)
      return nl_error__nomem(err);
    memset(t + st->captuv, 0, (cap - st->captuv) * sizeof(*t));
    st->tuvs = t;
    st->captuv = cap;
  }
  tuv_rec *t = &st->tuvs[st->ntuv];
  tuv_reset(t);
  memcpy(t->lang, tag, sizeof(tag));
  int rc = nl_tmx__seg_read(seg, &t->plain, &t->markup, &t->has_codes, err);
  t->nfc = rc == 0;
  if (rc == 0 && st->omegat && !t->has_codes && t->plain.size &&
      memchr(t->plain.ptr, '<', t->plain.size))
    rc = omegat_codes(t, err);
  if (rc < 0)
    return rc;
  t->who = node_who(tuv);
  t->when = node_date(tuv);
  size_t had = st->meta.n;
  rc = read_tuv_meta(st, tuv, err);
  /* A segment of only white space (nl_utf8__is_space) and codes is
   * nothing to translate. */
  for (size_t k = 0, sp; rc == 0 && k < t->plain.size; k += sp)
    if ((sp = nl_utf8__space_at(t->plain.ptr, t->plain.size, k)) == 0) {
      st->ntuv++;
      return 0;
    }
  nl_tmx__meta_truncate(&st->meta, had);
  return rc;
}

static const char *str_or(const nl_buf *b) { return b->ptr ? b->ptr : ""; }

static int add_pair(reader_state *st, const meta *m, size_t s, size_t t,
                    nl_error *err) {
  const tuv_rec *src = &st->tuvs[s], *tgt = &st->tuvs[t];
  nl_tm_entry e;
  memset(&e, 0, sizeof(e));
  e.source_lang = src->lang;
  e.target_lang = tgt->lang;
  e.source = str_or(&src->plain);
  e.source_markup = src->has_codes ? str_or(&src->markup) : NULL;
  e.target = str_or(&tgt->plain);
  e.target_markup = tgt->has_codes ? str_or(&tgt->markup) : NULL;
  e.prev = (const char *)m->prev;
  e.next = (const char *)m->next;
  e.article_id = (const char *)m->article;
  e.unit_id = (const char *)m->tuid;
  e.service = (const char *)m->service;
  e.translator = (const char *)(tgt->who ? tgt->who : m->who);
  e.status = m->status >= 0 ? (nl_tm_status)m->status : st->opts->status;
  e.changed = tgt->when ? tgt->when : m->when;
  int has_meta = 0;
  int rc = nl_tmx__meta_json(&st->meta, (long)s, (long)t, &st->meta_json,
                             &has_meta, err);
  if (rc < 0)
    return rc;
  e.meta = has_meta ? st->meta_json.ptr : NULL;
  if (!st->in_tx) {
    rc = st->sink->begin(st->sink->ctx, err);
    if (rc < 0)
      return rc;
    st->in_tx = 1;
  }
  rc = st->sink->add(st->sink->ctx, &e, src->nfc && tgt->nfc, err);
  if (rc == 0)
    st->batch_entries++;
  return rc;
}

static int emit_entries(reader_state *st, const meta *m, nl_error *err) {
  const xmlChar *srclang = st->opts->source_lang
                               ? BAD_CAST st->opts->source_lang
                               : m->srclang ? m->srclang : st->header_srclang;
  long s = -1;
  if (srclang == NULL || xmlStrEqual(srclang, BAD_CAST "*all*"))
    return nl_error__set(err, NL_EINVAL, st->path, m->line, 0,
                         "srclang is \"%s\": name the source language "
                         "(--from)",
                         srclang ? "*all*" : "missing");
  s = find_tuv(st, (const char *)srclang, (size_t)-1);
  size_t added = 0;
  int rc = 0, fragment = 0;
  if (s >= 0)
    rc = nl_tmx__fragment(&st->frag, st->tuvs[s].lang,
                          str_or(&st->tuvs[s].plain), (const char *)m->prev,
                          (const char *)m->next, st->omegat_sentences,
                          &fragment, err);
  if (rc == 0 && fragment) {
    if (st->stats)
      st->stats->fragments++;
    return 0;
  }
  for (size_t k = 0; s >= 0 && k < st->ntuv && rc == 0; k++) {
    if (k == (size_t)s || lang_match(st->tuvs[k].lang, st->tuvs[s].lang) == 2)
      continue;
    const char *want = st->opts->target_lang;
    if (want && find_tuv(st, want, (size_t)s) != (long)k)
      continue;
    rc = add_pair(st, m, (size_t)s, k, err);
    added++;
  }
  if (rc == 0 && added == 0 && st->stats)
    st->stats->skipped++;
  return rc;
}

static void meta_free(meta *m) {
  xmlFree(m->tuid);
  xmlFree(m->who);
  xmlFree(m->article);
  xmlFree(m->service);
  xmlFree(m->prev);
  xmlFree(m->next);
  xmlFree(m->srclang);
}

static int read_tu(reader_state *st, const xmlNode *tu, nl_error *err) {
  meta m;
  memset(&m, 0, sizeof(m));
  m.status = -1;
  m.tuid = nl_xml__attr(tu, "tuid");
  m.srclang = nl_xml__attr(tu, "srclang");
  long line = xmlGetLineNo(tu);
  m.line = line > 0 ? (unsigned long)line : 0;
  m.who = node_who(tu);
  m.when = node_date(tu);
  st->ntuv = 0;
  nl_tmx__meta_reset(&st->meta);
  int rc = 0;
  for (const xmlNode *c = tu->children; c && rc == 0; c = c->next) {
    if (nl_xml__is(c, "tuv"))
      rc = read_tuv(st, c, err);
    else if ((nl_xml__is(c, "prop") && !read_prop(&m, c)) ||
             nl_xml__is(c, "note"))
      rc = nl_tmx__meta_add(&st->meta, c, -1, err);
  }
  if (rc == 0)
    rc = emit_entries(st, &m, err);
  meta_free(&m);
  return rc;
}

static unsigned long long file_size(const char *path) {
  struct stat sb;
  return strcmp(path, "-") != 0 && stat(path, &sb) == 0 &&
                 S_ISREG(sb.st_mode)
             ? (unsigned long long)sb.st_size
             : 0;
}

static void progress(reader_state *st, xmlTextReaderPtr r,
                     unsigned long long total) {
  if (st->opts->progress == NULL)
    return;
  long consumed = xmlTextReaderByteConsumed(r);
  unsigned long long done = consumed > 0 ? (unsigned long long)consumed : 0;
  /* total is 0 for standard input: report bytes read alone. */
  st->opts->progress(st->opts->progress_ctx,
                     done < total || total == 0 ? done : total, total);
}

/* The reader decides alone, from its own count, so a piped import
 * commits exactly where a sequential one would. A quarter: the hash
 * index is then written about five times its final size in all
 * (geometric growth); at most 500,000 so that a batch holds the write
 * lock for seconds, not minutes (about 10 s on this 2-core machine). */
size_t nl_tmx__batch_limit(size_t batch_size, size_t units_read) {
  enum { GROW_FIRST = 50000, GROW_SHARE = 4, GROW_MAX = 500000 };
  if (batch_size != NL_TMX_BATCH_GROW)
    return batch_size ? batch_size : 10000;
  size_t share = units_read / GROW_SHARE;
  return share < GROW_FIRST ? GROW_FIRST : share > GROW_MAX ? GROW_MAX : share;
}

/* Commits the open batch; stats count entries only once committed. */
static int end_batch(reader_state *st, nl_error *err) {
  st->batch_units = 0;
  if (!st->in_tx)
    return 0;
  st->in_tx = 0;
  int rc = st->sink->commit(st->sink->ctx, err);
  if (rc == 0 && st->stats)
    st->stats->entries += st->batch_entries;
  st->batch_entries = 0;
  return rc;
}

static int parse_error(reader_state *st, nl_xml_reader *xr, nl_error *err);

/* Handles the element the reader is on; *skip when its subtree was
 * consumed (a <tu>), so the caller moves to the next sibling. */
static int on_element(reader_state *st, nl_xml_reader *xr, int depth,
                      int *skip, nl_error *err) {
  xmlTextReaderPtr r = nl_xml__reader_get(xr);
  const char *name = (const char *)xmlTextReaderConstLocalName(r);
  *skip = 0;
  if (depth == 0 && strcmp(name, "tmx") != 0)
    return nl_error__set(err, NL_EPARSE, st->path,
                         (unsigned long)xmlTextReaderGetParserLineNumber(r),
                         (unsigned long)xmlTextReaderGetParserColumnNumber(r),
                         "not a TMX document (root element <%s>)", name);
  if (depth == 1 && strcmp(name, "header") == 0) {
    xmlFree(st->header_srclang);
    st->header_srclang = xmlTextReaderGetAttribute(r, BAD_CAST "srclang");
    xmlChar *tool = xmlTextReaderGetAttribute(r, BAD_CAST "creationtool");
    xmlChar *segtype = xmlTextReaderGetAttribute(r, BAD_CAST "segtype");
    st->omegat = tool && xmlStrEqual(tool, BAD_CAST "OmegaT");
    st->omegat_sentences =
        st->omegat && xmlStrEqual(segtype, BAD_CAST "sentence");
    xmlFree(tool);
    xmlFree(segtype);
    return 0;
  }
  if (depth != 2 || strcmp(name, "tu") != 0)
    return 0;
  xmlNodePtr tu = xmlTextReaderExpand(r);
  if (tu == NULL)
    return parse_error(st, xr, err);
  int rc = nl_xml__reader_expand(xr, tu, err);
  if (rc < 0)
    return rc;
  *skip = 1;
  rc = read_tu(st, tu, err);
  if (rc == 0 && st->stats)
    st->stats->units++;
  st->units_read++;
  if (rc == 0 && ++st->batch_units >=
                     nl_tmx__batch_limit(st->opts->batch_size, st->units_read))
    rc = end_batch(st, err);
  return rc;
}

/* Number of the file's last line (1-based), 0 when unreadable. */
static unsigned long last_line(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return 0;
  unsigned long lines = 1;
  char chunk[65536];
  size_t n;
  int last = '\n';
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    for (size_t i = 0; i < n; i++)
      lines += chunk[i] == '\n';
    last = (unsigned char)chunk[n - 1];
  }
  fclose(f);
  return last == '\n' ? lines - 1 : lines;
}

/* libxml2 reports a cut-off file as "Extra content at the end of the
 * document" or the like; say what happened when such a fault is on the
 * last line (the scan runs only on this error path). */
static int parse_error(reader_state *st, nl_xml_reader *xr, nl_error *err) {
  int rc = nl_xml__reader_error(xr, err);
  static const char *const ends[] = {"Extra content at the end",
                                     "Premature end", "not found",
                                     "Couldn't find end"};
  int at_end = 0;
  for (size_t k = 0; err && k < sizeof(ends) / sizeof(ends[0]); k++)
    at_end |= strstr(err->message, ends[k]) != NULL;
  unsigned long last = at_end && err->line > 0 ? last_line(st->path) : 0;
  if (last > 0 && err->line >= last) {
    char msg[NL_ERROR_MESSAGE_MAX];
    snprintf(msg, sizeof(msg), "%s", err->message);
    rc = nl_error__set(err, rc, st->path, err->line, err->column,
                       "file ends inside an element (truncated?): %s", msg);
  }
  return rc;
}

static int read_all(reader_state *st, nl_xml_reader *xr, nl_error *err) {
  xmlTextReaderPtr r = nl_xml__reader_get(xr);
  unsigned long long total = file_size(st->path);
  int seen_root = 0;
  int ret = xmlTextReaderRead(r);
  while (ret == 1) {
    int skip = 0;
    if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT) {
      int depth = xmlTextReaderDepth(r);
      seen_root = 1;
      int rc = on_element(st, xr, depth, &skip, err);
      if (rc < 0)
        return rc;
      if (skip && st->batch_units == 0)
        progress(st, r, total);
    }
    ret = skip ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
  }
  if (ret < 0)
    return parse_error(st, xr, err);
  if (!seen_root)
    return nl_error__set(err, NL_EPARSE, st->path, 0, 0,
                         "not a TMX document (no root element)");
  progress(st, r, total);
  return 0;
}

int nl_tmx__read(const char *path, const nl_tmx_import_options *opts,
                 const nl_tmx__sink *sink, nl_tmx_stats *stats,
                 nl_error *err) {
  nl_tmx_import_options defaults = NL_TMX_IMPORT_OPTIONS_INIT;
  reader_state st;
  memset(&st, 0, sizeof(st));
  st.path = path;
  st.opts = opts ? opts : &defaults;
  st.sink = sink;
  st.stats = stats;
  if (stats)
    memset(stats, 0, sizeof(*stats));
  nl_xml_reader *xr = NULL;
  /* libxml2 reads "-" as standard input; anything else must open. */
  FILE *probe = strcmp(path, "-") ? fopen(path, "rb") : NULL;
  if (probe == NULL && strcmp(path, "-") != 0)
    return nl_error__set(err, NL_EIO, path, 0, 0, "cannot open: %s",
                         strerror(errno));
  if (probe)
    fclose(probe);
  int rc = nl_xml__reader_open(&xr, path, err);
  if (rc == 0)
    rc = read_all(&st, xr, err);
  if (rc == 0)
    rc = end_batch(&st, err);
  else if (st.in_tx)
    sink->rollback(sink->ctx);
  nl_xml__reader_close(xr);
  for (size_t k = 0; k < st.captuv; k++) {
    tuv_reset(&st.tuvs[k]);
    nl_buf_dispose(&st.tuvs[k].plain);
    nl_buf_dispose(&st.tuvs[k].markup);
  }
  free(st.tuvs);
  nl_tmx__fragments_free(st.frag);
  xmlFree(st.header_srclang);
  if (stats)
    stats->meta_dropped = st.meta.dropped;
  nl_tmx__meta_dispose(&st.meta);
  nl_buf_dispose(&st.meta_json);
  return rc;
}
