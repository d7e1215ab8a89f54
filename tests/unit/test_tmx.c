/*
 * test_tmx.c - TMX inline codes, import and export.
 *
 * The inline mapping is a data table (tests/data/tmx/inline.tsv: TMX seg
 * content, expected plain text, expected XLIFF 2.0 markup); every row is
 * also written back as TMX and read again, which must give the same
 * markup (the round trip the TM relies on).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/valid.h>

#include "harness.h"
#include "tmx.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/xml.h"

/* Reads `seg_xml` (the content of a <seg>) into plain and markup. */
static int read_seg(const char *seg_xml, nl_buf *plain, nl_buf *markup,
                    int *codes) {
  nl_buf doc_text = NL_BUF_INIT;
  xmlDocPtr doc = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_buf__printf(&doc_text, "<seg>%s</seg>", seg_xml);
  int rc = nl_xml__parse(&doc, doc_text.ptr, doc_text.size, "seg", &err);
  if (rc == 0)
    rc = nl_tmx__seg_read(xmlDocGetRootElement(doc), plain, markup, codes,
                          &err);
  if (rc < 0)
    NL_FAIL("%s: %s", seg_xml, err.message);
  xmlFreeDoc(doc);
  nl_buf_dispose(&doc_text);
  return rc;
}

static void check_inline_row(char *line) {
  char *plain_want = strchr(line, '\t');
  char *markup_want = plain_want ? strchr(plain_want + 1, '\t') : NULL;
  if (markup_want == NULL) {
    NL_FAIL("bad row: %s", line);
    return;
  }
  *plain_want++ = '\0';
  *markup_want++ = '\0';
  nl_buf plain = NL_BUF_INIT, markup = NL_BUF_INIT, tmx = NL_BUF_INIT;
  nl_buf plain2 = NL_BUF_INIT, markup2 = NL_BUF_INIT;
  int codes = -1, codes2 = -1;
  if (read_seg(line, &plain, &markup, &codes) < 0)
    goto done;
  NL_CHECK_STR(plain.ptr ? plain.ptr : "", plain_want);
  if (strcmp(markup_want, "=") == 0) {
    nl_buf esc = NL_BUF_INIT;
    nl_buf__put_xml(&esc, plain_want, strlen(plain_want), 0);
    NL_CHECK_INT(codes, 0);
    NL_CHECK_STR(markup.ptr ? markup.ptr : "", esc.ptr ? esc.ptr : "");
    nl_buf_dispose(&esc);
  } else {
    NL_CHECK_INT(codes, 1);
    NL_CHECK_STR(markup.ptr ? markup.ptr : "", markup_want);
  }
  /* Export and import again: same plain text and markup. */
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tmx__seg_write(&tmx, plain.ptr ? plain.ptr : "",
                                 codes ? markup.ptr : NULL, &err), 0);
  if (read_seg(tmx.ptr ? tmx.ptr : "", &plain2, &markup2, &codes2) < 0)
    goto done;
  NL_CHECK_STR(plain2.ptr ? plain2.ptr : "", plain.ptr ? plain.ptr : "");
  NL_CHECK_STR(markup2.ptr ? markup2.ptr : "", markup.ptr ? markup.ptr : "");
  NL_CHECK_INT(codes2, codes);
done:
  nl_buf_dispose(&plain);
  nl_buf_dispose(&markup);
  nl_buf_dispose(&tmx);
  nl_buf_dispose(&plain2);
  nl_buf_dispose(&markup2);
}


static void test_tmx__dates(void) {
  NL_CHECK_INT(nl_tmx__parse_date("19700101T000000Z"), 0);
  NL_CHECK_INT(nl_tmx__parse_date("20240229T123456Z"), 1709210096LL);
  NL_CHECK_INT(nl_tmx__parse_date("2024-02-29"), -1);
  NL_CHECK_INT(nl_tmx__parse_date("20241301T000000Z"), -1);
  char out[17];
  nl_tmx__format_date(out, 1709210096LL);
  NL_CHECK_STR(out, "20240229T123456Z");
}

/* ---- import through a recording sink ---- */

/* Writes every sink call as text, so that a case's result is a golden
 * file (tests/data/tmx/<case>.out). */
static int rec_begin(void *ctx, nl_error *err) {
  (void)err;
  return nl_buf__puts(ctx, "begin\n");
}

static int rec_commit(void *ctx, nl_error *err) {
  (void)err;
  return nl_buf__puts(ctx, "commit\n");
}

static void rec_rollback(void *ctx) { nl_buf__puts(ctx, "rollback\n"); }

static const char *or_dash(const char *s) { return s ? s : "-"; }

static int rec_add(void *ctx, const nl_tm_entry *e, int nfc, nl_error *err) {
  (void)err;
  nl_buf *b = ctx;
  /* what the reader vouches for must hold (nl_tm__prepare trusts it) */
  if (nfc && (!nl_icu__is_nfc(e->source, strlen(e->source)) ||
              !nl_icu__is_nfc(e->target, strlen(e->target))))
    NL_FAIL("entry said to be NFC is not: \"%s\" / \"%s\"", e->source,
            e->target);
  nl_buf__printf(b, "+ %s>%s unit=%s who=%s when=%lld status=%d\n",
                 e->source_lang, e->target_lang, or_dash(e->unit_id),
                 or_dash(e->translator), e->changed, (int)e->status);
  if (e->article_id || e->service || e->prev || e->next)
    nl_buf__printf(b, "  article=%s service=%s prev=%s next=%s\n",
                   or_dash(e->article_id), or_dash(e->service),
                   or_dash(e->prev), or_dash(e->next));
  nl_buf__printf(b, "  S: %s\n", e->source);
  if (e->source_markup)
    nl_buf__printf(b, "  SM: %s\n", e->source_markup);
  nl_buf__printf(b, "  T: %s\n", e->target);
  if (e->target_markup)
    nl_buf__printf(b, "  TM: %s\n", e->target_markup);
  if (e->meta)
    nl_buf__printf(b, "  meta: %s\n", e->meta);
  return 0;
}

/* Imports `path` with a recording sink; the record ends with the error
 * (file name, line, column, message) or "ok", then the stats. */
static void import_record(nl_buf *out, const char *path,
                          const nl_tmx_import_options *opts) {
  nl_tmx__sink sink = {out, rec_begin, rec_add, rec_commit, rec_rollback};
  nl_tmx_stats stats;
  nl_error err = NL_ERROR_INIT;
  int rc = nl_tmx__read(path, opts, &sink, &stats, &err);
  if (rc < 0) {
    const char *base = strrchr(err.path, '/');
    nl_buf__printf(out, "error %d: %s:%lu:%lu: %s\n", rc,
                   base ? base + 1 : err.path, err.line, err.column,
                   err.message);
  } else {
    nl_buf__puts(out, "ok\n");
  }
  nl_buf__printf(out, "units=%zu entries=%zu skipped=%zu", stats.units,
                 stats.entries, stats.skipped);
  if (stats.meta_dropped)
    nl_buf__printf(out, " meta_dropped=%zu", stats.meta_dropped);
  nl_buf__puts(out, "\n");
}

/* Splits a tab-separated line in place into at most `max` fields. */
static size_t split_tabs(char *line, char **f, size_t max) {
  size_t n = 0;
  while (n < max) {
    f[n++] = line;
    line = strchr(line, '\t');
    if (line == NULL)
      break;
    *line++ = '\0';
  }
  return n;
}

static void check_import_case(char *line) {
  char *f[5];
  if (split_tabs(line, f, 5) != 5) {
    NL_FAIL("bad row: %s", line);
    return;
  }
  nl_tmx_import_options opts = NL_TMX_IMPORT_OPTIONS_INIT;
  opts.batch_size = (size_t)strtoul(f[1], NULL, 10);
  opts.source_lang = strcmp(f[2], "-") ? f[2] : NULL;
  opts.target_lang = strcmp(f[3], "-") ? f[3] : NULL;
  nl_buf rel = NL_BUF_INIT, got = NL_BUF_INIT;
  nl_buf__printf(&rel, "tmx/%s", f[0]);
  char *path = nl_test_path("NL_TEST_DATA", rel.ptr);
  nl_buf__clear(&rel);
  nl_buf__printf(&rel, "tmx/%s", f[4]);
  char *want_path = nl_test_path("NL_TEST_DATA", rel.ptr);
  import_record(&got, path, &opts);
  size_t len = 0;
  char *want = nl_test_slurp(want_path, &len);
  if (want && strcmp(got.ptr, want) != 0) {
    char *tmp = nl_test_path("NL_TEST_TMP", f[4]);
    FILE *fp = fopen(tmp, "w");
    if (fp) {
      fputs(got.ptr, fp);
      fclose(fp);
    }
    NL_FAIL("%s: import differs from %s (got: %s)", f[0], f[4], tmp);
    free(tmp);
  }
  free(want);
  free(want_path);
  free(path);
  nl_buf_dispose(&rel);
  nl_buf_dispose(&got);
}

/* Each line of a table file (comments and blank lines skipped). */
static size_t for_each_row(const char *rel, void (*fn)(char *line)) {
  char *path = nl_test_path("NL_TEST_DATA", rel);
  size_t len = 0, rows = 0;
  char *text = nl_test_slurp(path, &len);
  for (char *line = text, *nl; line && *line; line = nl + 1) {
    nl = strchr(line, '\n');
    if (nl == NULL)
      nl = line + strlen(line) - 1;
    else
      *nl = '\0';
    if (*line != '#' && *line != '\0') {
      fn(line);
      rows++;
    }
  }
  free(text);
  free(path);
  return rows;
}

static void test_tmx__import_cases(void) {
  NL_CHECK(for_each_row("tmx/cases.tsv", check_import_case) >= 8);
}

/* Many crossing pairs: pairing stays linear (the search for a partner
 * is bounded) and the markup stays well-formed XML. */
static void test_tmx__many_codes(void) {
  nl_buf seg = NL_BUF_INIT, plain = NL_BUF_INIT, markup = NL_BUF_INIT;
  nl_buf wrapped = NL_BUF_INIT;
  for (int i = 0; i < 3000; i++)
    nl_buf__printf(&seg, "<bpt i=\"%d\">b</bpt>", i);
  nl_buf__puts(&seg, "x");
  for (int i = 0; i < 3000; i++)
    nl_buf__printf(&seg, "<ept i=\"%d\">e</ept>", i);
  int codes = 0;
  if (read_seg(seg.ptr, &plain, &markup, &codes) == 0) {
    NL_CHECK_STR(plain.ptr, "x");
    NL_CHECK_INT(codes, 1);
    NL_CHECK(strstr(markup.ptr, "isolated=\"yes\"") != NULL);
    nl_buf__printf(&wrapped, "<m>%s</m>", markup.ptr);
    xmlDocPtr doc = NULL;
    NL_CHECK_INT(nl_xml__parse(&doc, wrapped.ptr, wrapped.size, "m", NULL),
                 0);
    xmlFreeDoc(doc);
  }
  nl_buf_dispose(&seg);
  nl_buf_dispose(&plain);
  nl_buf_dispose(&markup);
  nl_buf_dispose(&wrapped);
}

static void test_tmx__inline_table(void) {
  NL_CHECK(for_each_row("tmx/inline.tsv", check_inline_row) >= 10);
}

/* ---- export ---- */

static int nop_tx(void *ctx, nl_error *err) {
  (void)ctx;
  (void)err;
  return 0;
}

static void nop_rollback(void *ctx) { (void)ctx; }

static int to_writer(void *ctx, const nl_tm_entry *e, int nfc,
                     nl_error *err) {
  (void)nfc;
  return nl_tmx__writer_entry(ctx, e, err);
}

/* Only the entry lines of a record (the part a round trip keeps). */
static void entries_only(nl_buf *out, const char *record) {
  for (const char *l = record; *l;) {
    const char *nl = strchr(l, '\n');
    size_t len = nl ? (size_t)(nl - l) + 1 : strlen(l);
    if (l[0] == '+' || l[0] == ' ')
      nl_buf__put(out, l, len);
    l += len;
  }
}

/* Checks `path` against the TMX 1.4b DTD in ../shared (when there):
 * what we write must be valid for the tools we hand it to. The DTD is
 * loaded from its known place, never from the file's DOCTYPE. */
static void check_dtd_valid(const char *path) {
  char *dtd_path = nl_test_path("NL_SHARED", "schemas/tmx-1.4b/tmx14.dtd");
  if (!nl_test_exists(dtd_path)) {
    nl_test_mark_skipped(); /* validity not checked: not a pass */
    free(dtd_path);
    return;
  }
  xmlDtdPtr dtd = xmlParseDTD(NULL, BAD_CAST dtd_path);
  xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
  xmlValidCtxtPtr v = xmlNewValidCtxt();
  NL_CHECK(dtd && doc && v);
  if (dtd && doc && v && !xmlValidateDtd(v, doc, dtd))
    NL_FAIL("%s is not valid against %s", path, dtd_path);
  xmlFreeValidCtxt(v);
  xmlFreeDoc(doc);
  xmlFreeDtd(dtd);
  free(dtd_path);
}

/* Every TMX in the table: import -> export -> import gives the same
 * entries, field by field, and the export is valid TMX 1.4b. */
static void check_round_trip(char *line) {
  char *f[5];
  if (split_tabs(line, f, 5) != 5 || strcmp(f[4], "-") == 0)
    return;
  nl_buf rel = NL_BUF_INIT, first = NL_BUF_INIT, second = NL_BUF_INIT;
  nl_buf a = NL_BUF_INIT, b = NL_BUF_INIT;
  nl_buf__printf(&rel, "tmx/%s", f[0]);
  char *path = nl_test_path("NL_TEST_DATA", rel.ptr);
  nl_buf__clear(&rel);
  nl_buf__printf(&rel, "rt_%s", f[4]);
  char *out = nl_test_path("NL_TEST_TMP", rel.ptr);
  nl_buf__clear(&rel);
  nl_buf__printf(&rel, "tmx/%s", f[0]);
  nl_tmx_import_options opts = NL_TMX_IMPORT_OPTIONS_INIT;
  opts.source_lang = strcmp(f[2], "-") ? f[2] : NULL;
  opts.target_lang = strcmp(f[3], "-") ? f[3] : NULL;
  nl_tmx__writer *w = NULL;
  nl_error err = NL_ERROR_INIT;
  import_record(&first, path, &opts);
  if (strstr(first.ptr, "\nok\n") == NULL && strncmp(first.ptr, "ok", 2))
    goto done; /* files that fail to import have nothing to export */
  NL_CHECK_INT(nl_tmx__writer_open(&w, out, NULL, 0, &err), 0);
  nl_tmx__sink sink = {w, nop_tx, to_writer, nop_tx, nop_rollback};
  NL_CHECK_INT(nl_tmx__read(path, &opts, &sink, NULL, &err), 0);
  NL_CHECK_INT(nl_tmx__writer_finish(w, &err), 0);
  check_dtd_valid(out);
  import_record(&second, out, &opts);
  entries_only(&a, first.ptr);
  entries_only(&b, second.ptr);
  NL_CHECK_STR(b.ptr ? b.ptr : "", a.ptr ? a.ptr : "");
done:
  free(path);
  free(out);
  nl_buf_dispose(&rel);
  nl_buf_dispose(&first);
  nl_buf_dispose(&second);
  nl_buf_dispose(&a);
  nl_buf_dispose(&b);
}

static void test_tmx__round_trip(void) {
  NL_CHECK(for_each_row("tmx/cases.tsv", check_round_trip) >= 8);
}

static void test_tmx__export_header(void) {
  char *out = nl_test_path("NL_TEST_TMP", "header.tmx");
  nl_tmx__writer *w = NULL;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tmx__writer_open(&w, out, "en", 0, &err), 0);
  nl_tm_entry e;
  memset(&e, 0, sizeof(e));
  e.source_lang = "en";
  e.target_lang = "fa";
  e.source = "Bell\a & <tag>";
  e.target = "\xd8\xb2\xd9\x86\xda\xaf";
  e.unit_id = "a\"b";
  e.changed = 1709210096LL;
  NL_CHECK_INT(nl_tmx__writer_entry(w, &e, &err), 0);
  NL_CHECK_INT(nl_tmx__writer_finish(w, &err), 0);
  size_t len = 0;
  char *text = nl_test_slurp(out, &len);
  NL_CHECK(text && strstr(text, "creationtool=\"newsloc\""));
  NL_CHECK(text && strstr(text, "srclang=\"en\""));
  NL_CHECK(text && strstr(text, "segtype=\"sentence\""));
  NL_CHECK(text && strstr(text, "<tu tuid=\"a&quot;b\" "
                                "changedate=\"20240229T123456Z\">"));
  NL_CHECK(text && strstr(text, "<seg>Bell &amp; &lt;tag&gt;</seg>"));
  free(text);
  free(out);
}

static void test_tmx__export_failure_leaves_nothing(void) {
  char *dir = nl_test_path("NL_TEST_TMP", "no-such-dir/out.tmx");
  nl_tmx__writer *w = NULL;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tmx__writer_open(&w, dir, NULL, 0, &err), NL_EIO);
  NL_CHECK(w == NULL);
  NL_CHECK(strstr(err.message, "cannot create") != NULL);
  free(dir);
  /* An aborted export does not touch the destination. */
  char *out = nl_test_path("NL_TEST_TMP", "aborted.tmx");
  remove(out);
  NL_CHECK_INT(nl_tmx__writer_open(&w, out, NULL, 0, &err), 0);
  nl_tmx__writer_abort(w);
  NL_CHECK(!nl_test_exists(out));
  free(out);
}

/* ---- interop: every .tmx under ../shared/interop ---- */

static int count_add(void *ctx, const nl_tm_entry *e, int nfc,
                     nl_error *err) {
  (void)e;
  (void)nfc;
  (void)err;
  ++*(size_t *)ctx;
  return 0;
}

static void nop_rb(void *ctx) { (void)ctx; }

/* interop.tsv: path under interop/ <TAB> "ok N" (N entries) or "error". */
static void check_interop_row(char *line) {
  char *f[2];
  if (split_tabs(line, f, 2) != 2) {
    NL_FAIL("bad row: %s", line);
    return;
  }
  nl_buf rel = NL_BUF_INIT;
  nl_buf__printf(&rel, "interop/%s", f[0]);
  char *path = nl_test_path("NL_SHARED", rel.ptr);
  size_t entries = 0;
  nl_tmx__sink sink = {&entries, nop_tx, count_add, nop_tx, nop_rb};
  nl_error err = NL_ERROR_INIT;
  int rc = nl_tmx__read(path, NULL, &sink, NULL, &err);
  if (strcmp(f[1], "error") == 0) {
    char msg[1024];
    nl_error_format(&err, msg, sizeof(msg));
    if (rc == 0)
      NL_FAIL("%s: imported, expected an error", f[0]);
    NL_CHECK(strchr(msg, '\n') == NULL && strstr(msg, f[0]) != NULL);
  } else {
    if (rc < 0)
      NL_FAIL("%s: %s", f[0], err.message);
    nl_buf got = NL_BUF_INIT;
    nl_buf__printf(&got, "ok %zu", entries);
    NL_CHECK_STR(got.ptr, f[1]);
    nl_buf_dispose(&got);
  }
  free(path);
  nl_buf_dispose(&rel);
}

/* Counts the .tmx files below `dir` that interop.tsv does not list. */
static size_t unlisted(const char *dir, size_t root_len, const char *table) {
  DIR *d = opendir(dir);
  size_t missing = 0;
  struct dirent *de;
  while (d && (de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.')
      continue;
    nl_buf sub = NL_BUF_INIT;
    nl_buf__printf(&sub, "%s/%s", dir, de->d_name);
    size_t n = strlen(de->d_name);
    if (n > 4 && strcmp(de->d_name + n - 4, ".tmx") == 0) {
      nl_buf key = NL_BUF_INIT;
      nl_buf__printf(&key, "\n%s\t", sub.ptr + root_len + 1);
      if (strstr(table, key.ptr) == NULL) {
        NL_FAIL("%s is not in tests/data/tmx/interop.tsv", sub.ptr);
        missing++;
      }
      nl_buf_dispose(&key);
    } else {
      missing += unlisted(sub.ptr, root_len, table);
    }
    nl_buf_dispose(&sub);
  }
  if (d)
    closedir(d);
  return missing;
}

static void test_tmx__interop(void) {
  char *root = nl_test_path("NL_SHARED", "interop");
  if (!nl_test_exists(root)) {
    printf("skipped: test_tmx__interop: %s absent, interop walk not run\n",
           root);
    nl_test_mark_skipped();
    free(root);
    return;
  }
  NL_CHECK(for_each_row("tmx/interop.tsv", check_interop_row) >= 30);
  char *table_path = nl_test_path("NL_TEST_DATA", "tmx/interop.tsv");
  size_t len = 0;
  char *table = nl_test_slurp(table_path, &len);
  if (table) {
    nl_buf t = NL_BUF_INIT;
    nl_buf__printf(&t, "\n%s", table); /* every row after a newline */
    NL_CHECK_INT(unlisted(root, strlen(root), t.ptr), 0);
    nl_buf_dispose(&t);
  }
  free(table);
  free(table_path);
  free(root);
}

typedef struct progress_rec {
  unsigned calls;
  unsigned long long last, total;
  int backwards;
} progress_rec;

static void on_progress(void *ctx, unsigned long long done,
                        unsigned long long total) {
  progress_rec *p = ctx;
  if (done < p->last)
    p->backwards = 1;
  p->calls++;
  p->last = done;
  p->total = total;
}

/* Progress comes after each batch and at the end, in bytes of the file. */
static void test_tmx__progress(void) {
  char *path = nl_test_path("NL_TEST_DATA", "tmx/basic.tmx");
  nl_buf rec = NL_BUF_INIT;
  progress_rec p = {0, 0, 0, 0};
  nl_tmx_import_options opts = NL_TMX_IMPORT_OPTIONS_INIT;
  opts.batch_size = 2;
  opts.progress = on_progress;
  opts.progress_ctx = &p;
  import_record(&rec, path, &opts);
  size_t len = 0;
  char *text = nl_test_slurp(path, &len);
  NL_CHECK_INT(p.total, len);
  NL_CHECK_INT(p.last, len);
  NL_CHECK_INT(p.calls, 3); /* 5 units: after units 2 and 4, at the end */
  NL_CHECK(!p.backwards);
  free(text);
  free(path);
  nl_buf_dispose(&rec);
}

/* ---- through a real TM (nl_tmx_import / nl_tmx_export) ---- */

static char *fresh_path(const char *name) {
  char *p = nl_test_path("NL_TEST_TMP", name);
  remove(p);
  return p;
}

/* One line per stored entry, every field, lines sorted. */
static int dump_entry(void *ctx, const nl_tm_entry *e) {
  nl_buf *b = ctx;
  nl_buf__printf(b, "%s>%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%d|%lld|%s\n",
                 e->source_lang, e->target_lang, e->source,
                 or_dash(e->source_markup), e->target,
                 or_dash(e->target_markup), or_dash(e->prev),
                 or_dash(e->next), or_dash(e->article_id),
                 or_dash(e->unit_id), or_dash(e->service),
                 or_dash(e->translator), (int)e->status, e->changed,
                 or_dash(e->meta));
  return 0;
}

static int cmp_lines(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void dump_tm(nl_tm *tm, nl_buf *out) {
  nl_buf raw = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tm_foreach(tm, NULL, NULL, dump_entry, &raw, &err), 0);
  size_t n = 0;
  for (size_t i = 0; i < raw.size; i++)
    n += raw.ptr[i] == '\n';
  char **lines = calloc(n + 1, sizeof(*lines));
  size_t k = 0;
  for (char *l = raw.ptr, *nl; l && k < n && (nl = strchr(l, '\n'));
       l = nl + 1) {
    *nl = '\0';
    lines[k++] = l;
  }
  qsort(lines, k, sizeof(*lines), cmp_lines);
  for (size_t i = 0; i < k; i++)
    nl_buf__printf(out, "%s\n", lines[i]);
  free(lines);
  nl_buf_dispose(&raw);
}

static void test_tmx__tm_round_trip(void) {
  char *a_path = fresh_path("tmx_rt_a.sqlite");
  char *b_path = fresh_path("tmx_rt_b.sqlite");
  char *out = fresh_path("tmx_rt.tmx");
  char *src = nl_test_path("NL_TEST_DATA", "tmx/basic.tmx");
  nl_tm *a = NULL, *b = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_tmx_stats st;
  nl_buf da = NL_BUF_INIT, db = NL_BUF_INIT;
  NL_CHECK_INT(nl_tm_open(&a, a_path, NULL, &err), 0);
  NL_CHECK_INT(nl_tm_open(&b, b_path, NULL, &err), 0);
  if (a == NULL || b == NULL)
    goto done;
  NL_CHECK_INT(nl_tmx_import(a, src, NULL, &st, &err), 0);
  NL_CHECK_INT(st.entries, 4);
  NL_CHECK_INT(nl_tmx_export(a, out, NULL, &st, &err), 0);
  NL_CHECK_INT(st.entries, 4);
  NL_CHECK_INT(nl_tmx_import(b, out, NULL, &st, &err), 0);
  NL_CHECK_INT(st.entries, 4);
  dump_tm(a, &da);
  dump_tm(b, &db);
  NL_CHECK(da.size > 0);
  NL_CHECK_STR(db.ptr ? db.ptr : "", da.ptr ? da.ptr : "");
  /* One language pair only. */
  nl_tmx_export_options eo = NL_TMX_EXPORT_OPTIONS_INIT;
  eo.source_lang = "en-US";
  eo.target_lang = "fa";
  NL_CHECK_INT(nl_tmx_export(a, out, &eo, &st, &err), 0);
  NL_CHECK_INT(st.entries, 2);
done:
  nl_tm_close(a);
  nl_tm_close(b);
  nl_buf_dispose(&da);
  nl_buf_dispose(&db);
  free(a_path);
  free(b_path);
  free(out);
  free(src);
}

static int count_visit(void *ctx, const nl_tm_entry *e) {
  (void)e;
  ++*(size_t *)ctx;
  return 0;
}

/* A truncated file: NL_EPARSE at file:line:col, earlier batches kept. */
static void test_tmx__tm_truncated_keeps_batches(void) {
  char *tm_path = fresh_path("tmx_trunc.sqlite");
  char *src = nl_test_path("NL_TEST_DATA", "tmx/truncated.tmx");
  nl_tm *tm = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_tmx_stats st;
  NL_CHECK_INT(nl_tm_open(&tm, tm_path, NULL, &err), 0);
  if (tm == NULL)
    goto done;
  nl_tmx_import_options opts = NL_TMX_IMPORT_OPTIONS_INIT;
  opts.batch_size = 4;
  NL_CHECK_INT(nl_tmx_import(tm, src, &opts, &st, &err), NL_EPARSE);
  char msg[1024];
  nl_error_format(&err, msg, sizeof(msg));
  NL_CHECK(strstr(msg, "truncated.tmx:13:53: ") != NULL);
  size_t n = 0;
  NL_CHECK_INT(nl_tm_foreach(tm, NULL, NULL, count_visit, &n, &err), 0);
  NL_CHECK_INT(n, 4); /* one batch of 4; units 5-6 were rolled back */
done:
  nl_tm_close(tm);
  free(tm_path);
  free(src);
}

/* The sequential import (tmx.c's fallback when no thread starts): the
 * reader straight into nl_tm_begin/add/commit. */
static int tm_begin(void *ctx, nl_error *err) { return nl_tm_begin(ctx, err); }
static int tm_add(void *ctx, const nl_tm_entry *e, int nfc, nl_error *err) {
  (void)nfc;
  return nl_tm_add(ctx, e, err);
}
static int tm_commit(void *ctx, nl_error *err) {
  return nl_tm_commit(ctx, err);
}
static void tm_rollback(void *ctx) { nl_tm_rollback(ctx); }

static int import_sequential(nl_tm *tm, const char *path,
                             const nl_tmx_import_options *o,
                             nl_tmx_stats *st, nl_error *err) {
  nl_tmx__sink sink = {tm, tm_begin, tm_add, tm_commit, tm_rollback};
  return nl_tmx__read(path, o, &sink, st, err);
}

static nl_tm *fresh_tm(const char *name) {
  char *path = fresh_path(name);
  nl_tm *tm = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_tm_open(&tm, path, NULL, &err) < 0)
    NL_FAIL("open %s: %s", path, err.message);
  free(path);
  return tm;
}

/* Props and notes survive TMX -> TM -> TMX -> TM -> TMX: both TMs hold
 * the same entries and meta, both exports are the same bytes and valid
 * TMX 1.4b; the two-thread and the sequential import store the same. */
static void test_tmx__tm_meta_round_trip(void) {
  char *src = nl_test_path("NL_TEST_DATA", "tmx/meta.tmx");
  char *x1 = fresh_path("meta_x1.tmx"), *x2 = fresh_path("meta_x2.tmx");
  nl_tm *a = fresh_tm("meta_a.sqlite"), *b = fresh_tm("meta_b.sqlite");
  nl_tm *c = fresh_tm("meta_c.sqlite");
  nl_error err = NL_ERROR_INIT;
  nl_tmx_stats st;
  nl_buf da = NL_BUF_INIT, db = NL_BUF_INIT, dc = NL_BUF_INIT;
  char *t1 = NULL, *t2 = NULL;
  if (a == NULL || b == NULL || c == NULL)
    goto done;
  NL_CHECK_INT(nl_tmx_import(a, src, NULL, &st, &err), 0);
  NL_CHECK_INT(st.entries, 4);
  NL_CHECK_INT(st.meta_dropped, 0);
  NL_CHECK_INT(import_sequential(c, src, NULL, &st, &err), 0);
  NL_CHECK_INT(nl_tmx_export(a, x1, NULL, &st, &err), 0);
  check_dtd_valid(x1);
  NL_CHECK_INT(nl_tmx_import(b, x1, NULL, &st, &err), 0);
  NL_CHECK_INT(nl_tmx_export(b, x2, NULL, &st, &err), 0);
  dump_tm(a, &da);
  dump_tm(b, &db);
  dump_tm(c, &dc);
  NL_CHECK(da.ptr && strstr(da.ptr, "\"level\":\"target\",\"lang\":\"en\","
                                    "\"text\":\"Check the date"));
  NL_CHECK_STR(db.ptr ? db.ptr : "", da.ptr ? da.ptr : "");
  NL_CHECK_STR(dc.ptr ? dc.ptr : "", da.ptr ? da.ptr : "");
  t1 = nl_test_slurp(x1, NULL);
  t2 = nl_test_slurp(x2, NULL);
  NL_CHECK_STR(t2 ? t2 : "", t1 ? t1 : "");
  NL_CHECK(t1 && strstr(t1, "<note xml:lang=\"fa\">"));
  NL_CHECK(t1 && strstr(t1, "a CR here:&#13;end.</note>"));
  NL_CHECK(t1 && strstr(t1, "<prop type=\"Txt::Domain\" xml:lang=\"en\" "
                            "o-encoding=\"base64\">SGVsbG8=</prop>"));
  NL_CHECK(t1 && strstr(t1, "<prop type=\"x-client\">ACME &amp; Sons "
                            "&lt;Ltd&gt; \"quoted\" \\ backslash</prop>"));
  NL_CHECK(t1 && strstr(t1, "Header notes") == NULL);
  /* a match carries the notes for the translator */
  nl_tm_query q = NL_TM_QUERY_INIT;
  q.source_lang = "en";
  q.target_lang = "fa";
  q.source = "No unit-level notes here.";
  nl_tm_matches *m = NULL;
  NL_CHECK_INT(nl_tm_lookup(a, &q, &m, &err), 0);
  const nl_tm_match *x = nl_tm_matches_get(m, 0);
  NL_CHECK(x && x->meta && strcmp(x->meta, "{\"props\":[],\"notes\":[{"
                                  "\"level\":\"target\",\"text\":\"Only the "
                                  "target has a note.\"}]}") == 0);
  nl_tm_matches_free(m);
done:
  nl_tm_close(a);
  nl_tm_close(b);
  nl_tm_close(c);
  nl_buf_dispose(&da);
  nl_buf_dispose(&db);
  nl_buf_dispose(&dc);
  free(t1);
  free(t2);
  free(src);
  free(x1);
  free(x2);
}

/* A hostile unit: 30,000 props, one 200 KB note, 2,000 notes on a
 * variant. Dated, so that two imports store the same rows. */
static char *write_hostile(void) {
  char *path = fresh_path("meta_hostile.tmx");
  FILE *f = fopen(path, "w");
  if (f == NULL) {
    NL_FAIL("cannot write %s", path);
    return path;
  }
  fputs("<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n"
        "<tu changedate=\"20240101T000000Z\">",
        f);
  for (int i = 0; i < 30000; i++)
    fprintf(f, "<prop type=\"x-%d\">v&amp;%d</prop>\n", i, i);
  fputs("<note>", f);
  for (int i = 0; i < 200000; i++)
    fputc('n', f);
  fputs("</note><tuv xml:lang=\"en\">", f);
  for (int i = 0; i < 2000; i++)
    fprintf(f, "<note>source %d</note>", i);
  fputs("<seg>Hostile.</seg></tuv><tuv xml:lang=\"fa\"><seg>خصمانه.</seg>"
        "</tuv></tu>\n<tu changedate=\"20240101T000000Z\"><note>after</note>"
        "<tuv xml:lang=\"en\"><seg>Next.</seg></tuv><tuv xml:lang=\"fa\">"
        "<seg>بعدی.</seg></tuv></tu>\n</body></tmx>\n",
        f);
  fclose(f);
  return path;
}

static int check_bounded(void *ctx, const nl_tm_entry *e) {
  ++*(size_t *)ctx;
  NL_CHECK(e->meta == NULL || strlen(e->meta) <= NL_TM_META_MAX);
  return 0;
}

/* However many or large the props and notes, each entry's meta stays
 * within NL_TM_META_MAX; the rest is counted, the units imported, and
 * the next unit starts with a clean slate. */
static void test_tmx__meta_bounded(void) {
  char *path = write_hostile();
  nl_tm *a = fresh_tm("meta_hostile_a.sqlite");
  nl_tm *c = fresh_tm("meta_hostile_c.sqlite");
  nl_error err = NL_ERROR_INIT;
  nl_tmx_stats st, sc;
  nl_buf da = NL_BUF_INIT, dc = NL_BUF_INIT;
  if (a == NULL || c == NULL)
    goto done;
  NL_CHECK_INT(nl_tmx_import(a, path, NULL, &st, &err), 0);
  NL_CHECK_INT(st.entries, 2);
  NL_CHECK(st.meta_dropped > 1000 && st.meta_dropped < 32001);
  NL_CHECK_INT(import_sequential(c, path, NULL, &sc, &err), 0);
  NL_CHECK_INT(sc.meta_dropped, st.meta_dropped);
  size_t n = 0;
  NL_CHECK_INT(nl_tm_foreach(a, NULL, NULL, check_bounded, &n, &err), 0);
  NL_CHECK_INT(n, 2);
  dump_tm(a, &da);
  dump_tm(c, &dc);
  NL_CHECK_STR(dc.ptr ? dc.ptr : "", da.ptr ? da.ptr : "");
  /* the first props are kept, in order; the next unit has its own */
  NL_CHECK(da.ptr && strstr(da.ptr, "{\"level\":\"tu\",\"type\":\"x-0\","
                                    "\"value\":\"v&0\"},{\"level\":\"tu\","
                                    "\"type\":\"x-1\""));
  NL_CHECK(da.ptr && strstr(da.ptr, "|{\"props\":[],\"notes\":[{\"level\":"
                                    "\"tu\",\"text\":\"after\"}]}\n"));
done:
  nl_tm_close(a);
  nl_tm_close(c);
  nl_buf_dispose(&da);
  nl_buf_dispose(&dc);
  free(path);
}

/* OmegaT's tag text both ways (tmx_omegat.c): read, tags become codes
 * and leave the plain text (a "<" that is no tag stays text); written,
 * codes are numbered from 0 in source order, a pair enclosing the whole
 * source is left out on both sides, the target follows the source's
 * numbers. */
static void test_tmx__omegat_tags(void) {
  static const char *const rd[][3] = {
      {"Officials expect <g0>more</g0> closures.",
       "Officials expect more closures.",
       "Officials expect <pc id=\"1\">more</pc> closures."},
      {"Help.<x0/>Then a <b < c.", "Help.Then a <b < c.",
       "Help.<ph id=\"1\"/>Then a &lt;b &lt; c."},
      {"<g0>crossed <g1>x</g0> y</g1>", "crossed x y",
       "<ph id=\"1\"/>crossed <pc id=\"2\">x<ph id=\"1e\"/> y</pc>"},
  };
  for (size_t i = 0; i < sizeof(rd) / sizeof(rd[0]); i++) {
    nl_buf plain = NL_BUF_INIT, markup = NL_BUF_INIT;
    int codes = 0;
    NL_CHECK_INT(nl_tmx__omegat_read(rd[i][0], strlen(rd[i][0]), &plain,
                                     &markup, &codes), 0);
    NL_CHECK_STR(plain.ptr, rd[i][1]);
    NL_CHECK_STR(markup.ptr, rd[i][2]);
    NL_CHECK_INT(codes, 1);
    nl_buf_dispose(&plain);
    nl_buf_dispose(&markup);
  }
  nl_tm_entry e = {0};
  e.source = "The rain will continue until Sunday. Go.";
  e.source_markup = "<pc id=\"2\">The rain <pc id=\"3\">will continue</pc> "
                    "until Sunday.<ph id=\"4\"/> Go.</pc>";
  e.target = "X Y Z W";
  e.target_markup = "X <pc id=\"2\">Y<ph id=\"4\"/> <pc id=\"3\">Z</pc>"
                    "<pc id=\"9\">W</pc></pc>";
  nl_buf src = NL_BUF_INIT, tgt = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK_INT(nl_tmx__omegat_write(&src, &tgt, &e, &err), 0);
  NL_CHECK_STR(src.ptr, "The rain &lt;g0&gt;will continue&lt;/g0&gt; until "
                        "Sunday.&lt;x1/&gt; Go.");
  NL_CHECK_STR(tgt.ptr, "X Y&lt;x1/&gt; &lt;g0&gt;Z&lt;/g0&gt;&lt;g2&gt;W"
                        "&lt;/g2&gt;");
  nl_buf_dispose(&src);
  nl_buf_dispose(&tgt);
}

/* The reader's word that an entry is NFC (nl_tm__prepare then skips
 * its own check): given for text as read, even when the file had it
 * decomposed; not given when OmegaT's tags were taken out from between
 * a letter and a mark that composes with it. */
static int nfc_add(void *ctx, const nl_tm_entry *e, int nfc, nl_error *err) {
  (void)err;
  nl_buf__printf(ctx, "%d %d|", nfc,
                 nl_icu__is_nfc(e->source, strlen(e->source)));
  return 0;
}

static void test_tmx__nfc_flag(void) {
  static const char *const files[][2] = {
      {"<header srclang=\"en\"/>", "1 1|1 1|"},
      {"<header srclang=\"en\" creationtool=\"OmegaT\"/>", "1 1|0 0|"}};
  for (size_t i = 0; i < 2; i++) {
    char *path = fresh_path("nfc_flag.tmx");
    FILE *f = fopen(path, "w");
    if (f == NULL) {
      NL_FAIL("cannot write %s", path);
      free(path);
      return;
    }
    fprintf(f, "<tmx version=\"1.4\">%s<body>"
               "<tu><tuv xml:lang=\"en\"><seg>Cafe\xCC\x81 open</seg></tuv>"
               "<tuv xml:lang=\"fa\"><seg>\xDA\xA9\xD8\xA7</seg></tuv></tu>"
               "<tu><tuv xml:lang=\"en\"><seg>Cafe&lt;g0&gt;\xCC\x81"
               "&lt;/g0&gt; shut</seg></tuv><tuv xml:lang=\"fa\"><seg>"
               "\xDA\xA9</seg></tuv></tu></body></tmx>",
            files[i][0]);
    fclose(f);
    nl_buf got = NL_BUF_INIT;
    nl_tmx__sink sink = {&got, rec_begin, nfc_add, rec_commit, rec_rollback};
    nl_error err = NL_ERROR_INIT;
    nl_tmx_import_options opts = NL_TMX_IMPORT_OPTIONS_INIT;
    NL_CHECK_INT(nl_tmx__read(path, &opts, &sink, NULL, &err), 0);
    /* rec_begin and rec_commit write their lines too: keep the flags */
    nl_buf flags = NL_BUF_INIT;
    for (const char *p = got.ptr; p && *p; p++)
      if ((*p >= '0' && *p <= '1') || *p == ' ' || *p == '|')
        nl_buf__putc(&flags, *p);
    NL_CHECK_STR(flags.ptr, files[i][1]);
    nl_buf_dispose(&flags);
    nl_buf_dispose(&got);
    free(path);
  }
}

/* NL_TMX_BATCH_GROW: 50,000 units, then a quarter of the units read,
 * at most 500,000; a fixed size stays as given (0: 10,000). */
static void test_tmx__batch_growth(void) {
  static const size_t cases[][3] = {
      {NL_TMX_BATCH_GROW, 0, 50000},       {NL_TMX_BATCH_GROW, 199999, 50000},
      {NL_TMX_BATCH_GROW, 200004, 50001},  {NL_TMX_BATCH_GROW, 1000000, 250000},
      {NL_TMX_BATCH_GROW, 2000000, 500000}, {NL_TMX_BATCH_GROW, 9000000, 500000},
      {0, 5000000, 10000},                 {200, 5000000, 200},
      {50000, 5000000, 50000}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    NL_CHECK_INT((long long)nl_tmx__batch_limit(cases[i][0], cases[i][1]),
                 (long long)cases[i][2]);
}

static const nl_test tests[] = {
    NL_TEST(test_tmx__batch_growth),
    NL_TEST(test_tmx__nfc_flag),
    NL_TEST(test_tmx__tm_meta_round_trip),
    NL_TEST(test_tmx__meta_bounded),
    NL_TEST(test_tmx__tm_round_trip),
    NL_TEST(test_tmx__tm_truncated_keeps_batches),
    NL_TEST(test_tmx__progress),
    NL_TEST(test_tmx__interop),
    NL_TEST(test_tmx__round_trip),
    NL_TEST(test_tmx__export_header),
    NL_TEST(test_tmx__export_failure_leaves_nothing),
    NL_TEST(test_tmx__import_cases),
    NL_TEST(test_tmx__inline_table),
    NL_TEST(test_tmx__many_codes),
    NL_TEST(test_tmx__dates),
    NL_TEST(test_tmx__omegat_tags),
};

NL_TEST_MAIN(tests)
