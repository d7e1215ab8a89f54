/*
 * fuzz_tmx.c - TMX import, the streaming reader and the TM behind it.
 *
 * The input is a TMX file. The reader alone (a sink that checks what
 * it is handed: batches bracketed, every entry with languages, text,
 * and markup that is well-formed XLIFF inline content) and the real
 * import into a TM in memory. What imports must export, and the export
 * import into an empty TM and export again to the same bytes.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "oracle.h"
#include "tmx.h"
#include "util/icu.h"

typedef struct sink_state {
  int open; /* inside a batch */
  size_t entries;
} sink_state;

static int s_begin(void *ctx, nl_error *err) {
  (void)err;
  sink_state *s = ctx;
  if (s->open)
    fuzz_fail("tmx reader: a batch begins inside a batch");
  s->open = 1;
  return 0;
}

static void markup_parses(const char *markup) {
  static const char head[] =
      "<x xmlns=\"urn:oasis:names:tc:xliff:document:2.0\">";
  size_t n = strlen(markup);
  char *doc = malloc(sizeof(head) + n + 5);
  if (doc == NULL)
    abort();
  memcpy(doc, head, sizeof(head) - 1);
  memcpy(doc + sizeof(head) - 1, markup, n);
  memcpy(doc + sizeof(head) - 1 + n, "</x>", 5);
  xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), "markup", "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING);
  if (d == NULL)
    fuzz_fail("tmx reader: markup is not well-formed: %s", markup);
  xmlFreeDoc(d);
  free(doc);
}

static int s_add(void *ctx, const nl_tm_entry *e, int nfc, nl_error *err) {
  (void)err;
  sink_state *s = ctx;
  if (nfc && (!nl_icu__is_nfc(e->source, strlen(e->source)) ||
              !nl_icu__is_nfc(e->target, strlen(e->target))))
    fuzz_fail("tmx reader: an entry said to be NFC is not");
  if (!s->open)
    fuzz_fail("tmx reader: an entry outside a batch");
  if (!e->source_lang || !*e->source_lang || !e->target_lang ||
      !*e->target_lang || !e->source || !e->target)
    fuzz_fail("tmx reader: an entry without languages or text");
  if (e->source_markup)
    markup_parses(e->source_markup);
  if (e->target_markup)
    markup_parses(e->target_markup);
  s->entries++;
  return 0;
}

static int s_commit(void *ctx, nl_error *err) {
  (void)err;
  sink_state *s = ctx;
  if (!s->open)
    fuzz_fail("tmx reader: commit without a batch");
  s->open = 0;
  return 0;
}

static void s_rollback(void *ctx) {
  sink_state *s = ctx;
  s->open = 0;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    fuzz_fail("cannot read back %s", path);
  nl_buf b = NL_BUF_INIT;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
    if (nl_buf_append(&b, chunk, n) < 0)
      abort();
  fclose(f);
  return b.ptr ? b.ptr : calloc(1, 1);
}

/* One of two TMs in memory, emptied: opening one costs more than most
 * inputs, so each lives for the run. */
static nl_tm *empty_tm(int which) {
  static nl_tm *tms[2];
  nl_error err = NL_ERROR_INIT;
  if (tms[which] == NULL && nl_tm_open(&tms[which], ":memory:", NULL, &err) < 0)
    fuzz_fail("cannot open a TM in memory: %s", err.message);
  if (nl_tm_prune(tms[which], 0, -1, NULL, &err) < 0)
    fuzz_fail("cannot empty the TM: %s", err.message);
  return tms[which];
}

/* Imports `path` into an empty TM and exports it to `out`. */
static int import_export(const char *path, const char *out, int second) {
  nl_tm *tm = empty_tm(second);
  nl_error err = NL_ERROR_INIT;
  nl_tmx_stats st;
  int rc = nl_tmx_import(tm, path, NULL, &st, &err);
  if (rc < 0 && second)
    fuzz_fail("our TMX export does not import: %s:%lu: %s", err.path,
              err.line, err.message);
  if (rc == 0 && nl_tmx_export(tm, out, NULL, NULL, &err) < 0)
    fuzz_fail("what imported does not export: %s", err.message);
  return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char in[512], once[512], twice[512];
  fuzz_temp_file(in, sizeof(in), "in.tmx", data, size);
  fuzz_temp_file(once, sizeof(once), "once.tmx", data, 0);
  fuzz_temp_file(twice, sizeof(twice), "twice.tmx", data, 0);
  sink_state s = {0, 0};
  nl_tmx__sink sink = {&s, s_begin, s_add, s_commit, s_rollback};
  nl_error err = NL_ERROR_INIT;
  int read = nl_tmx__read(in, NULL, &sink, NULL, &err);
  if (s.open)
    fuzz_fail("tmx reader: a batch left open");
  /* the TM round trip costs a thread and four files: only for input the
   * reader took something from */
  if ((read == 0 || s.entries > 0) && import_export(in, once, 0) == 0) {
    import_export(once, twice, 1);
    char *a = slurp(once), *b = slurp(twice);
    if (strcmp(a, b) != 0)
      fuzz_fail("TMX export -> import -> export differs:\n%s\n----\n%s", a, b);
    free(a);
    free(b);
  }
  unlink(in);
  unlink(once);
  unlink(twice);
  return 0;
}
