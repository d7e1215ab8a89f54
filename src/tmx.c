/*
 * tmx.c - TMX 1.4b in and out of the translation memory, streaming.
 *
 * Import reads the file with libxml2's reader and expands one <tu> at a
 * time, so memory stays flat however large the file. Each <tu> gives one
 * entry per target <tuv> (every language but the source, or only the one
 * asked for). The source language is the header's srclang; "*all*"
 * (any language may be the source) needs the caller to name it.
 * Language matching ignores case, and "en" matches "en-US" when no tuv
 * has the exact tag. TMX 1.1's lang attribute is read like xml:lang.
 *
 * Inline codes become XLIFF 2.0 codes in the entry's markup: <bpt>/<ept>
 * → <sc>/<ec> (paired by i), <ph> and <ut> → <ph>, <it pos="begin|end">
 * → isolated <sc>/<ec>; the native code they carry is kept in `disp`, so
 * that export can write it back. <hi> is transparent; <sub> text belongs
 * to another flow and is left out of the plain text. tuid, creationid /
 * changeid and creationdate / changedate become provenance.
 *
 * Entries are committed in batches: a crash or a fault in the file keeps
 * every batch committed before it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <newsloc/tmx.h>

#include "error.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/xml.h"

/* ---- dates ------------------------------------------------------------ */

/* "YYYYMMDDThhmmssZ" (TMX's only date form) → seconds since the epoch. */
static long long parse_date(const char *s) {
  struct tm t = {0};
  if (s == NULL || strlen(s) < 15 ||
      sscanf(s, "%4d%2d%2dT%2d%2d%2d", &t.tm_year, &t.tm_mon, &t.tm_mday,
             &t.tm_hour, &t.tm_min, &t.tm_sec) != 6)
    return 0;
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  /* timegm is not C11; days from civil date instead */
  long long y = t.tm_year + 1900, m = t.tm_mon + 1, d = t.tm_mday;
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long long days = era * 146097 + doe - 719468;
  return days * 86400 + t.tm_hour * 3600 + t.tm_min * 60 + t.tm_sec;
}

static void format_date(char out[17], long long secs) {
  time_t t = (time_t)secs;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

/* ---- one segment ----------------------------------------------------- */

typedef struct seg_text {
  nl_buf plain, markup;
  int codes;
  int failed;
  unsigned auto_id;
} seg_text;

static void put_text(seg_text *s, const char *t) {
  if (nl_buf__puts(&s->plain, t) < 0 ||
      nl_buf__put_xml(&s->markup, t, strlen(t), 0) < 0)
    s->failed = 1;
}

/* <NAME ID_ATTR="id" disp="native code"/> */
static void put_code(seg_text *s, const xmlNode *n, const char *name,
                     const char *id_attr, const char *idsrc,
                     const char *extra) {
  xmlChar *id = idsrc ? nl_xml__attr(n, idsrc) : NULL;
  xmlChar *native = xmlNodeGetContent(n);
  char auto_id[16];
  snprintf(auto_id, sizeof(auto_id), "t%u", ++s->auto_id);
  const char *v = id ? (const char *)id : auto_id;
  s->codes = 1;
  if (nl_buf__printf(&s->markup, "<%s %s=\"", name, id_attr) < 0 ||
      nl_buf__put_xml(&s->markup, v, strlen(v), 1) < 0 ||
      nl_buf__puts(&s->markup, "\"") < 0 ||
      (extra && nl_buf__puts(&s->markup, extra) < 0) ||
      (native && *native &&
       (nl_buf__puts(&s->markup, " disp=\"") < 0 ||
        nl_buf__put_xml(&s->markup, (const char *)native,
                        strlen((const char *)native), 1) < 0 ||
        nl_buf__putc(&s->markup, '"') < 0)) ||
      nl_buf__puts(&s->markup, "/>") < 0)
    s->failed = 1;
  xmlFree(id);
  xmlFree(native);
}

static void walk_seg(seg_text *s, const xmlNode *n) {
  for (const xmlNode *c = n->children; c && !s->failed; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      put_text(s, (const char *)c->content);
      continue;
    }
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (nl_xml__is(c, "bpt"))
      put_code(s, c, "sc", "id", "i", NULL);
    else if (nl_xml__is(c, "ept"))
      put_code(s, c, "ec", "startRef", "i", NULL);
    else if (nl_xml__is(c, "ph") || nl_xml__is(c, "ut"))
      put_code(s, c, "ph", "id", "x", NULL);
    else if (nl_xml__is(c, "it")) {
      xmlChar *pos = nl_xml__attr(c, "pos");
      int end = pos && strcmp((const char *)pos, "end") == 0;
      xmlFree(pos);
      put_code(s, c, end ? "ec" : "sc", "id", "x", " isolated=\"yes\"");
    } else if (nl_xml__is(c, "hi"))
      walk_seg(s, c);
    /* <sub> and anything unknown: not part of this segment's text */
  }
}

/* ---- one <tu> --------------------------------------------------------- */

typedef struct tuv {
  const xmlNode *node;
  char *lang;
  seg_text seg;
} tuv;

typedef struct importer {
  nl_tm *tm;
  const nl_tmx_import_options *o;
  const char *path;
  char *srclang;
  nl_tmx_stats st;
  size_t in_batch;
} importer;

static char *tuv_lang(const xmlNode *n) {
  xmlChar *l = nl_xml__lang(n);
  if (l == NULL)
    l = nl_xml__attr(n, "lang");
  char *s = nl__strdup(l ? (const char *)l : NULL);
  xmlFree(l);
  return s;
}

static int primary_eq(const char *a, const char *b) {
  size_t la = strcspn(a, "-_"), lb = strcspn(b, "-_");
  return la == lb && strncasecmp(a, b, la) == 0;
}

/* The source tuv: the exact language, else the same primary language. */
static int pick_source(tuv *v, size_t n, const char *src) {
  for (size_t i = 0; i < n; i++)
    if (v[i].lang && strcasecmp(v[i].lang, src) == 0)
      return (int)i;
  for (size_t i = 0; i < n; i++)
    if (v[i].lang && primary_eq(v[i].lang, src))
      return (int)i;
  return -1;
}

static char *prop_of(const xmlNode *tu, const char *attr) {
  xmlChar *v = nl_xml__attr(tu, attr);
  char *s = nl__strdup(v ? (const char *)v : NULL);
  xmlFree(v);
  return s;
}

static int store_pairs(importer *im, const xmlNode *tu, tuv *v, size_t n,
                       int src, nl_error *err) {
  char *tuid = prop_of(tu, "tuid"), *who = prop_of(tu, "changeid"),
       *date = prop_of(tu, "changedate");
  if (who == NULL)
    who = prop_of(tu, "creationid");
  if (date == NULL)
    date = prop_of(tu, "creationdate");
  int rc = 0;
  size_t stored = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    if ((int)i == src || v[i].lang == NULL || v[i].seg.plain.size == 0)
      continue;
    if (im->o->target_lang && !primary_eq(v[i].lang, im->o->target_lang))
      continue;
    nl_tm_entry e = {v[src].lang,
                     v[i].lang,
                     v[src].seg.plain.ptr,
                     v[src].seg.codes ? v[src].seg.markup.ptr : NULL,
                     v[i].seg.plain.ptr,
                     v[i].seg.codes ? v[i].seg.markup.ptr : NULL,
                     NULL,
                     NULL,
                     NULL,
                     tuid,
                     NULL,
                     who,
                     im->o->status,
                     parse_date(date)};
    rc = nl_tm_add(im->tm, &e, err);
    stored += rc == 0;
  }
  if (rc < 0 && err->line == 0)
    err->line = (unsigned long)xmlGetLineNo(tu);
  im->st.entries += stored;
  if (stored == 0)
    im->st.skipped++;
  free(tuid);
  free(who);
  free(date);
  return rc;
}

static int import_tu(importer *im, const xmlNode *tu, nl_error *err) {
  size_t n = 0;
  for (const xmlNode *c = tu->children; c; c = c->next)
    n += nl_xml__is(c, "tuv");
  tuv *v = calloc(n ? n : 1, sizeof(*v));
  if (v == NULL)
    return nl_error__nomem(err);
  size_t k = 0;
  int rc = 0;
  for (const xmlNode *c = tu->children; c && rc == 0; c = c->next) {
    if (!nl_xml__is(c, "tuv"))
      continue;
    v[k].node = c;
    v[k].lang = tuv_lang(c);
    for (const xmlNode *s = c->children; s; s = s->next)
      if (nl_xml__is(s, "seg"))
        walk_seg(&v[k].seg, s);
    if (v[k].seg.failed)
      rc = nl_error__nomem(err);
    k++;
  }
  im->st.units++;
  int src = rc == 0 ? pick_source(v, k, im->srclang) : -1;
  if (rc == 0 && (src < 0 || v[src].seg.plain.size == 0))
    im->st.skipped++;
  else if (rc == 0)
    rc = store_pairs(im, tu, v, k, src, err);
  for (size_t i = 0; i < k; i++) {
    free(v[i].lang);
    nl_buf_dispose(&v[i].seg.plain);
    nl_buf_dispose(&v[i].seg.markup);
  }
  free(v);
  return rc;
}

/* ---- the file ----------------------------------------------------------- */

static int read_header(importer *im, xmlTextReaderPtr r, nl_error *err) {
  xmlChar *src = xmlTextReaderGetAttribute(r, BAD_CAST "srclang");
  const char *want = im->o->source_lang;
  int rc = 0;
  if (want)
    im->srclang = nl__strdup(want);
  else if (src && strcmp((const char *)src, "*all*") != 0)
    im->srclang = nl__strdup((const char *)src);
  else
    rc = nl_error__set(err, NL_EINVAL, im->path,
                       (unsigned long)xmlGetLineNo(xmlTextReaderCurrentNode(r)),
                       0,
                       "srclang is \"%s\": name the source language "
                       "(--from)",
                       src ? (const char *)src : "missing");
  xmlFree(src);
  if (rc == 0 && im->srclang == NULL)
    rc = nl_error__nomem(err);
  return rc;
}

static int next_batch(importer *im, nl_error *err) {
  size_t size = im->o->batch_size ? im->o->batch_size : 10000;
  if (++im->in_batch < size)
    return 0;
  im->in_batch = 0;
  int rc = nl_tm_commit(im->tm, err);
  return rc < 0 ? rc : nl_tm_begin(im->tm, err);
}

static void progress(importer *im, xmlTextReaderPtr r,
                     unsigned long long total) {
  if (im->o->progress && im->st.units % 1000 == 0)
    im->o->progress(im->o->progress_ctx,
                    (unsigned long long)xmlTextReaderByteConsumed(r), total);
}

static int walk_file(importer *im, nl_xml_reader *xr,
                     unsigned long long total, nl_error *err) {
  xmlTextReaderPtr r = nl_xml__reader_get(xr);
  int rc = 0, ret, seen_root = 0, broken = 0;
  while (rc == 0 && !broken && (ret = xmlTextReaderRead(r)) == 1) {
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
      continue;
    const char *name = (const char *)xmlTextReaderConstLocalName(r);
    if (!seen_root) {
      seen_root = 1;
      if (strcmp(name, "tmx") != 0)
        return nl_error__set(err, NL_EPARSE, im->path,
                             (unsigned long)xmlTextReaderGetParserLineNumber(r),
                             0, "not a TMX file (the root is <%s>)", name);
    } else if (strcmp(name, "header") == 0) {
      rc = read_header(im, r, err);
    } else if (strcmp(name, "tu") == 0) {
      if (im->srclang == NULL)
        return nl_error__set(err, NL_EPARSE, im->path, 0, 0,
                             "<tu> before the <header>");
      xmlNodePtr tu = xmlTextReaderExpand(r);
      broken = tu == NULL;
      if (!broken)
        rc = import_tu(im, tu, err);
      if (rc == 0 && !broken)
        rc = next_batch(im, err);
      progress(im, r, total);
      if (rc == 0 && !broken)
        broken = xmlTextReaderNext(r) < 0;
    }
  }
  if (rc == 0 && (broken || ret < 0))
    rc = nl_xml__reader_error(xr, err);
  else if (rc == 0 && !seen_root)
    rc = nl_error__set(err, NL_EPARSE, im->path, 0, 0, "empty or not XML");
  return rc;
}

int nl_tmx_import(nl_tm *tm, const char *path,
                  const nl_tmx_import_options *opts, nl_tmx_stats *stats,
                  nl_error *err) {
  static const nl_tmx_import_options defaults = NL_TMX_IMPORT_OPTIONS_INIT;
  importer im = {tm, opts ? opts : &defaults, path, NULL, {0, 0, 0}, 0};
  nl_xml_reader *xr = NULL;
  struct stat sb;
  unsigned long long total = stat(path, &sb) == 0 ? (unsigned long long)sb.st_size : 0;
  int rc = nl_xml__reader_open(&xr, path, err);
  if (rc == 0)
    rc = nl_tm_begin(tm, err);
  if (rc == 0) {
    rc = walk_file(&im, xr, total, err);
    if (rc == 0)
      rc = nl_tm_commit(tm, err);
    else
      nl_tm_rollback(tm); /* the batch in progress; earlier ones stay */
  }
  if (rc == 0 && im.o->progress)
    im.o->progress(im.o->progress_ctx, total, total);
  nl_xml__reader_close(xr);
  free(im.srclang);
  if (stats)
    *stats = im.st;
  return rc;
}

/* ---- export -------------------------------------------------------------- */

typedef struct exporter {
  nl_atomic f;
  nl_buf b;
  nl_tmx_stats st;
  nl_error *err;
  int rc;
} exporter;

static int flush(exporter *x, int force) {
  if (x->b.size < 65536 && !force)
    return 0;
  int rc = nl_atomic__write(&x->f, x->b.ptr ? x->b.ptr : "", x->b.size,
                            x->err);
  x->b.size = 0;
  return rc;
}

/* XLIFF 2.0 markup (as stored) back to TMX: sc → bpt, ec → ept, ph → ph,
 * isolated halves → it; disp holds the native code. */
static int put_code_back(nl_buf *o, const xmlNode *c) {
  const char *name = (const char *)c->name;
  xmlChar *iso = nl_xml__attr(c, "isolated");
  xmlChar *id = nl_xml__attr(c, strcmp(name, "ec") == 0 && !iso ? "startRef"
                                                                 : "id");
  xmlChar *disp = nl_xml__attr(c, "disp");
  int isolated = iso && strcmp((const char *)iso, "yes") == 0;
  const char *tag = strcmp(name, "ph") == 0 ? "ph"
                    : isolated              ? "it"
                    : strcmp(name, "sc") == 0 ? "bpt"
                                              : "ept";
  int rc = nl_buf__printf(o, "<%s", tag);
  if (rc == 0 && isolated)
    rc = nl_buf__printf(o, " pos=\"%s\"",
                        strcmp(name, "sc") == 0 ? "begin" : "end");
  if (rc == 0 && id && strcmp(tag, "bpt") != 0 && strcmp(tag, "ept") != 0)
    rc = nl_buf__puts(o, " x=\"") < 0 ||
                 nl_buf__put_xml(o, (const char *)id, strlen((const char *)id),
                                 1) < 0 ||
                 nl_buf__putc(o, '"') < 0
             ? NL_ENOMEM
             : 0;
  if (rc == 0 && id && (strcmp(tag, "bpt") == 0 || strcmp(tag, "ept") == 0))
    rc = nl_buf__puts(o, " i=\"") < 0 ||
                 nl_buf__put_xml(o, (const char *)id, strlen((const char *)id),
                                 1) < 0 ||
                 nl_buf__putc(o, '"') < 0
             ? NL_ENOMEM
             : 0;
  if (rc == 0)
    rc = nl_buf__putc(o, '>');
  if (rc == 0 && disp)
    rc = nl_buf__put_xml(o, (const char *)disp, strlen((const char *)disp), 0);
  if (rc == 0)
    rc = nl_buf__printf(o, "</%s>", tag);
  xmlFree(iso);
  xmlFree(id);
  xmlFree(disp);
  return rc;
}

static int put_markup_children(nl_buf *o, const xmlNode *n);

/* <pc id="N">text</pc> → <bpt i="N"/>text<ept i="N"/>. */
static int put_paired(nl_buf *o, const xmlNode *c) {
  xmlChar *id = nl_xml__attr(c, "id");
  const char *v = id ? (const char *)id : "";
  int rc = nl_buf__puts(o, "<bpt i=\"") < 0 ||
                   nl_buf__put_xml(o, v, strlen(v), 1) < 0 ||
                   nl_buf__puts(o, "\"></bpt>") < 0
               ? NL_ENOMEM
               : 0;
  if (rc == 0)
    rc = put_markup_children(o, c);
  if (rc == 0)
    rc = nl_buf__puts(o, "<ept i=\"") < 0 ||
                 nl_buf__put_xml(o, v, strlen(v), 1) < 0 ||
                 nl_buf__puts(o, "\"></ept>") < 0
             ? NL_ENOMEM
             : 0;
  xmlFree(id);
  return rc;
}

static int put_markup_children(nl_buf *o, const xmlNode *n) {
  int rc = 0;
  for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
    if (c->type == XML_TEXT_NODE)
      rc = nl_buf__put_xml(o, (const char *)c->content,
                           strlen((const char *)c->content), 0);
    else if (c->type == XML_ELEMENT_NODE && nl_xml__is(c, "pc"))
      rc = put_paired(o, c);
    else if (c->type == XML_ELEMENT_NODE)
      rc = put_code_back(o, c);
  }
  return rc;
}

static int put_seg(nl_buf *o, const char *plain, const char *markup,
                   nl_error *err) {
  if (markup == NULL)
    return nl_buf__put_xml(o, plain, strlen(plain), 0) < 0
               ? nl_error__nomem(err)
               : 0;
  nl_buf w = NL_BUF_INIT;
  xmlDocPtr doc = NULL;
  int rc = nl_buf__printf(&w, "<m>%s</m>", markup) < 0 ? nl_error__nomem(err)
                                                       : 0;
  if (rc == 0 && nl_xml__parse(&doc, w.ptr, w.size, "TM markup", NULL) < 0)
    rc = nl_buf__put_xml(o, plain, strlen(plain), 0) < 0 ? nl_error__nomem(err)
                                                         : 0;
  else if (rc == 0 && put_markup_children(o, xmlDocGetRootElement(doc)) < 0)
    rc = nl_error__nomem(err);
  xmlFreeDoc(doc);
  nl_buf_dispose(&w);
  return rc;
}

static int put_tuv(exporter *x, const char *lang, const char *plain,
                   const char *markup) {
  if (nl_buf__puts(&x->b, "      <tuv xml:lang=\"") < 0 ||
      nl_buf__put_xml(&x->b, lang, strlen(lang), 1) < 0 ||
      nl_buf__puts(&x->b, "\"><seg>") < 0)
    return nl_error__nomem(x->err);
  int rc = put_seg(&x->b, plain, markup, x->err);
  if (rc == 0 && nl_buf__puts(&x->b, "</seg></tuv>\n") < 0)
    rc = nl_error__nomem(x->err);
  return rc;
}

static int on_entry(void *ctx, const nl_tm_entry *e) {
  exporter *x = ctx;
  char date[17];
  format_date(date, e->changed);
  int rc = nl_buf__puts(&x->b, "    <tu") < 0 ? NL_ENOMEM : 0;
  if (rc == 0 && e->unit_id)
    rc = nl_buf__puts(&x->b, " tuid=\"") < 0 ||
                 nl_buf__put_xml(&x->b, e->unit_id, strlen(e->unit_id), 1) < 0 ||
                 nl_buf__putc(&x->b, '"') < 0
             ? NL_ENOMEM
             : 0;
  if (rc == 0 && e->translator)
    rc = nl_buf__puts(&x->b, " changeid=\"") < 0 ||
                 nl_buf__put_xml(&x->b, e->translator, strlen(e->translator),
                                 1) < 0 ||
                 nl_buf__putc(&x->b, '"') < 0
             ? NL_ENOMEM
             : 0;
  if (rc == 0)
    rc = nl_buf__printf(&x->b, " changedate=\"%s\">\n", date);
  if (rc < 0)
    return x->rc = nl_error__nomem(x->err);
  if ((rc = put_tuv(x, e->source_lang, e->source, e->source_markup)) == 0)
    rc = put_tuv(x, e->target_lang, e->target, e->target_markup);
  if (rc == 0 && nl_buf__puts(&x->b, "    </tu>\n") < 0)
    rc = nl_error__nomem(x->err);
  if (rc == 0)
    rc = flush(x, 0);
  x->st.units++;
  x->st.entries++;
  return x->rc = rc;
}

int nl_tmx_export(nl_tm *tm, const char *path,
                  const nl_tmx_export_options *opts, nl_tmx_stats *stats,
                  nl_error *err) {
  exporter x = {{-1, NULL, NULL}, NL_BUF_INIT, {0, 0, 0}, err, 0};
  const char *sl = opts ? opts->source_lang : NULL;
  const char *tl = opts ? opts->target_lang : NULL;
  int rc = nl_atomic__open(&x.f, path, err);
  if (rc < 0)
    return rc;
  rc = nl_buf__printf(&x.b,
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<tmx version=\"1.4\">\n"
                      "  <header creationtool=\"newsloc\" "
                      "creationtoolversion=\"%s\" segtype=\"sentence\" "
                      "o-tmf=\"newsloc\" adminlang=\"en\" srclang=\"%s\" "
                      "datatype=\"plaintext\"/>\n  <body>\n",
                      nl_version(), sl ? sl : "*all*") < 0
           ? nl_error__nomem(err)
           : 0;
  if (rc == 0)
    rc = nl_tm_foreach(tm, sl, tl, on_entry, &x, err);
  if (rc == 0 && nl_buf__puts(&x.b, "  </body>\n</tmx>\n") < 0)
    rc = nl_error__nomem(err);
  if (rc == 0)
    rc = flush(&x, 1);
  nl_buf_dispose(&x.b);
  if (rc < 0) {
    nl_atomic__abort(&x.f);
    return rc;
  }
  rc = nl_atomic__commit(&x.f, err);
  if (rc == 0 && stats)
    *stats = x.st;
  return rc;
}
