/*
 * segment_blob.c - loading the rules compiled at build time (see
 * segment_blob.h), and saving them for the generator.
 *
 * The words are described in segment_blob.h.
 */
#include "segment_blob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uversion.h>

#include "locales.h"
#include "util/buf.h"

uint64_t nl_segment_blob__hash(const char *data, size_t n) {
  uint64_t h = 0xcbf29ce484222325u ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) { /* a word at a time: files of tens of KB */
    uint64_t v;
    memcpy(&v, data + i, 8);
    h = (h ^ v) * 0x100000001b3u;
    h ^= h >> 29;
  }
  for (; i < n; i++)
    h = (h ^ (unsigned char)data[i]) * 0x100000001b3u;
  return h ^ (h >> 32);
}

/* The whole of a file, or -1. */
static int slurp(nl_buf *b, const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return -1;
  char chunk[16384];
  size_t k;
  int rc = 0;
  while (rc == 0 && (k = fread(chunk, 1, sizeof(chunk), f)) > 0)
    rc = nl_buf__put(b, chunk, k);
  if (ferror(f))
    rc = -1;
  fclose(f);
  return rc;
}

static int same_file(const char *path, uint64_t hash) {
  nl_buf b = NL_BUF_INIT;
  int same = slurp(&b, path) == 0 &&
             nl_segment_blob__hash(b.ptr ? b.ptr : "", b.size) == hash;
  nl_buf_dispose(&b);
  return same;
}

int nl_segment_blob__find(size_t *at, const char *lang, const char *srx_path,
                          const char *locales_dir) {
  const nl_segment_blob *b = &nl_segment__blob;
  size_t i = 0;
  while (i < b->ntags && strcmp(b->tags[i], lang) != 0)
    i++;
  if (i == b->ntags)
    return 0;
  UVersionInfo v;
  u_getVersion(v);
  if (memcmp(v, b->icu, sizeof(b->icu)) != 0 ||
      !same_file(srx_path, b->srx_hash))
    return 0;
  nl_buf starters = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  int ok = nl_locales__find(&starters, locales_dir, "segment/starters.tsv",
                            &err) == 0 &&
           same_file(starters.ptr, b->starters_hash);
  nl_buf_dispose(&starters);
  nl_error_clear(&err);
  if (!ok)
    return 0;
  *at = b->at[i];
  return 1;
}

static char *get_text(nl_rx_in *in, size_t *len) {
  uint32_t n = nl_rx__get(in);
  if (n > 4 * (in->n - in->i) || n == 0) {
    in->bad = 1;
    return NULL;
  }
  char *s = malloc((size_t)n + 1);
  if (s == NULL)
    return NULL;
  for (uint32_t i = 0; i < n; i += 4) {
    uint32_t v = nl_rx__get(in);
    for (uint32_t k = 0; k < 4 && i + k < n; k++)
      s[i + k] = (char)(v >> (8 * k));
  }
  s[n] = 0;
  *len = n;
  return s;
}

/* Regex i of the table. */
static int load_rx(nl_rx **out, nl_rx_in *in) {
  uint32_t i = nl_rx__get(in);
  if (i >= nl_segment__blob.nrx) {
    in->bad = 1;
    return 1;
  }
  size_t back = in->i;
  in->i = nl_segment__blob.rx_at[i];
  int rc = nl_rx__load(out, in);
  in->i = back;
  return rc;
}

static int load_rule(nl_blob_rule *r, nl_rx_in *in) {
  r->brk = (int)nl_rx__get(in);
  r->line = nl_rx__get(in);
  r->text = get_text(in, &r->text_len);
  if (r->text == NULL)
    return in->bad ? 1 : NL_ENOMEM;
  int rc = load_rx(&r->before, in);
  return rc != 0 ? rc : load_rx(&r->after, in);
}

int nl_segment_blob__load(nl_blob_rule **rules, size_t *n, size_t at,
                          nl_rx_sets *cache) {
  const nl_segment_blob *b = &nl_segment__blob;
  nl_rx_in in = {b->words, b->nwords, at, 0, cache, 0};
  *rules = NULL;
  *n = 0;
  if (nl_rx__sets_blob(cache, b->words, b->nwords, b->set_at, b->nsets) < 0)
    return NL_ENOMEM;
  uint32_t count = nl_rx__get(&in);
  int rc = count == 0 || count > b->nwords ? 1 : 0;
  nl_blob_rule *r = rc == 0 ? calloc(count, sizeof(*r)) : NULL;
  if (rc == 0 && r == NULL)
    rc = NL_ENOMEM;
  for (uint32_t i = 0; rc == 0 && i < count; i++)
    rc = load_rule(&r[i], &in);
  if (rc != 0) {
    nl_segment_blob__free_rules(r, count);
    return rc;
  }
  *rules = r;
  *n = count;
  return 0;
}

void nl_segment_blob__free_rules(nl_blob_rule *rules, size_t n) {
  for (size_t i = 0; rules && i < n; i++) {
    nl_rx__free(rules[i].before);
    nl_rx__free(rules[i].after);
    free(rules[i].text);
  }
  free(rules);
}
