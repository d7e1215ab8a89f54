/*
 * tmx_write.c - streaming TMX 1.4b export.
 *
 * Entries arrive one at a time (from nl_tm_foreach) and are written at
 * once, so memory does not grow with the TM, to an nl_atomic output
 * (util/fs.c): a failed export leaves the old file (or none), never half
 * a TMX; a device, FIFO or standard output ("-") is written in place at
 * the end.
 *
 * Each entry becomes one <tu> (so one unit_id may head several <tu>s,
 * one per target language): tuid = unit_id, srclang when the header
 * says *all*, creationid = translator,
 * changedate = changed, and props x-newsloc-article/-service/-status/
 * -prev/-next for the rest of the entry, which our import reads back, so
 * that export then import restores every field. The entry's meta (the
 * props and notes another tool wrote) goes back where it was: the
 * unit's after our props, each variant's inside its <tuv>.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmx.h"
#include "error.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/json.h"

struct nl_tmx__writer {
  nl_atomic out;
  int open;   /* `out` holds a file */
  int all;    /* header srclang="*all*": each <tu> names its source */
  int omegat; /* codes as OmegaT's tag text (nl_tmx_export_options) */
  nl_buf seg[2]; /* the two <seg>s of an entry so written */
  nl_buf line;
  nl_buf tuv_meta; /* one <tuv>'s props and notes */
};

static int put_attr(nl_buf *b, const char *name, const char *value) {
  if (value == NULL)
    return 0;
  if (nl_buf__printf(b, " %s=\"", name) < 0 ||
      nl_tmx__put_text(b, value, strlen(value), 1) < 0)
    return NL_ENOMEM;
  return nl_buf__putc(b, '"');
}

static int flush_line(nl_tmx__writer *w, nl_error *err) {
  int rc = nl_atomic__write(&w->out, w->line.ptr ? w->line.ptr : "",
                            w->line.size, err);
  nl_buf__clear(&w->line);
  return rc;
}

static int write_header(nl_tmx__writer *w, const char *srclang,
                        nl_error *err) {
  nl_buf *b = &w->line;
  /* OmegaT reads a segment's tag text as its own tags only in a TMX
   * whose creationtool is "OmegaT"; the version says who wrote it */
  int rc = nl_buf__printf(
      b,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
      "<tmx version=\"1.4\">\n"
      "  <header creationtool=\"%s\" creationtoolversion=\"%s%s\"\n"
      "          segtype=\"sentence\" o-tmf=\"newsloc\" adminlang=\"en\"\n"
      "          datatype=\"plaintext\"",
      w->omegat ? "OmegaT" : "newsloc", w->omegat ? "newsloc " : "",
      nl_version());
  if (rc == 0)
    rc = put_attr(b, "srclang", srclang ? srclang : "*all*");
  if (rc == 0)
    rc = nl_buf__puts(b, "/>\n  <body>\n");
  return rc < 0 ? nl_error__nomem(err) : flush_line(w, err);
}

int nl_tmx__writer_open(nl_tmx__writer **out, const char *path,
                        const char *srclang, int omegat, nl_error *err) {
  *out = NULL;
  nl_tmx__writer *w = calloc(1, sizeof(*w));
  if (w == NULL)
    return nl_error__nomem(err);
  int rc = nl_atomic__open(&w->out, path, NULL, NULL, err);
  w->open = rc == 0;
  w->omegat = omegat;
  if (rc == 0)
    rc = write_header(w, srclang, err);
  w->all = srclang == NULL;
  if (rc < 0) {
    nl_tmx__writer_abort(w);
    return rc;
  }
  *out = w;
  return 0;
}

static const char *status_name(nl_tm_status s) {
  switch (s) {
  case NL_TM_DRAFT: return "draft";
  case NL_TM_APPROVED: return "approved";
  default: return "translated";
  }
}

static int put_prop(nl_buf *b, const char *type, const char *value) {
  if (value == NULL)
    return 0;
  if (nl_buf__printf(b, "      <prop type=\"%s\">", type) < 0 ||
      nl_tmx__put_text(b, value, strlen(value), 0) < 0)
    return NL_ENOMEM;
  return nl_buf__puts(b, "</prop>\n");
}

/* A variant on one line, or over several when it has props or notes
 * (which TMX places before the <seg>). */
static int put_tuv(nl_tmx__writer *w, const char *lang, const char *plain,
                   const char *markup, const nl_buf *ready,
                   const nl_json *meta, const char *level, nl_error *err) {
  nl_buf *b = &w->line;
  nl_buf__clear(&w->tuv_meta);
  if (nl_tmx__meta_write(&w->tuv_meta, meta, level, 8) < 0 ||
      nl_buf__puts(b, "      <tuv") < 0 || put_attr(b, "xml:lang", lang) < 0 ||
      nl_buf__puts(b, w->tuv_meta.size ? ">\n" : ">") < 0 ||
      nl_buf__put(b, w->tuv_meta.ptr, w->tuv_meta.size) < 0 ||
      nl_buf__puts(b, w->tuv_meta.size ? "        <seg>" : "<seg>") < 0)
    return nl_error__nomem(err);
  int rc = ready ? (nl_buf__put(b, ready->ptr ? ready->ptr : "",
                                ready->size) < 0
                        ? nl_error__nomem(err)
                        : 0)
                 : nl_tmx__seg_write(b, plain ? plain : "", markup, err);
  if (rc == 0 && nl_buf__puts(b, w->tuv_meta.size ? "</seg>\n      </tuv>\n"
                                                 : "</seg></tuv>\n") < 0)
    rc = nl_error__nomem(err);
  return rc;
}

/* The entry's meta, parsed; nl_tm_add checked it, so a failure here is
 * a TM edited by other means. */
static int parse_meta(const nl_tm_entry *e, nl_json **out, nl_error *err) {
  *out = NULL;
  if (e->meta == NULL)
    return 0;
  int rc = nl_json__parse(out, e->meta, strlen(e->meta), "TM entry meta", 0,
                          err);
  return rc < 0 ? rc : 0;
}

static int put_entry(nl_tmx__writer *w, const nl_tm_entry *e,
                     const nl_json *meta, nl_error *err) {
  nl_buf *b = &w->line;
  char date[17];
  int rc = nl_buf__puts(b, "    <tu");
  if (rc == 0)
    rc = put_attr(b, "tuid", e->unit_id);
  if (rc == 0 && w->all)
    rc = put_attr(b, "srclang", e->source_lang);
  if (rc == 0)
    rc = put_attr(b, "creationid", e->translator);
  if (rc == 0 && e->changed > 0) {
    nl_tmx__format_date(date, e->changed);
    rc = put_attr(b, "changedate", date);
  }
  if (rc == 0)
    rc = nl_buf__puts(b, ">\n");
  if (rc == 0)
    rc = put_prop(b, "x-newsloc-article", e->article_id);
  if (rc == 0)
    rc = put_prop(b, "x-newsloc-service", e->service);
  if (rc == 0)
    rc = put_prop(b, "x-newsloc-status", status_name(e->status));
  if (rc == 0)
    rc = put_prop(b, "x-newsloc-prev", e->prev);
  if (rc == 0)
    rc = put_prop(b, "x-newsloc-next", e->next);
  if (rc == 0)
    rc = nl_tmx__meta_write(b, meta, "tu", 6);
  if (rc < 0)
    return nl_error__nomem(err);
  nl_buf__clear(&w->seg[0]);
  nl_buf__clear(&w->seg[1]);
  if (w->omegat)
    rc = nl_tmx__omegat_write(&w->seg[0], &w->seg[1], e, err);
  if (rc == 0)
    rc = put_tuv(w, e->source_lang, e->source, e->source_markup,
                 w->omegat ? &w->seg[0] : NULL, meta, "source", err);
  if (rc == 0)
    rc = put_tuv(w, e->target_lang, e->target, e->target_markup,
                 w->omegat ? &w->seg[1] : NULL, meta, "target", err);
  if (rc == 0 && nl_buf__puts(b, "    </tu>\n") < 0)
    rc = nl_error__nomem(err);
  return rc;
}

int nl_tmx__writer_entry(nl_tmx__writer *w, const nl_tm_entry *e,
                         nl_error *err) {
  nl_json *meta = NULL;
  int rc = parse_meta(e, &meta, err);
  if (rc == 0)
    rc = put_entry(w, e, meta, err);
  nl_json__free(meta);
  if (rc < 0) {
    nl_buf__clear(&w->line);
    return rc;
  }
  return flush_line(w, err);
}

int nl_tmx__writer_finish(nl_tmx__writer *w, nl_error *err) {
  int rc = nl_buf__puts(&w->line, "  </body>\n</tmx>\n") < 0
               ? nl_error__nomem(err)
               : flush_line(w, err);
  if (rc == 0) {
    w->open = 0;
    rc = nl_atomic__commit(&w->out, err);
  }
  nl_tmx__writer_abort(w);
  return rc;
}

void nl_tmx__writer_abort(nl_tmx__writer *w) {
  if (w == NULL)
    return;
  if (w->open)
    nl_atomic__abort(&w->out);
  nl_buf_dispose(&w->line);
  nl_buf_dispose(&w->tuv_meta);
  nl_buf_dispose(&w->seg[0]);
  nl_buf_dispose(&w->seg[1]);
  free(w);
}
