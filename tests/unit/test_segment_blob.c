/*
 * test_segment_blob.c - the rules compiled at build time (segment_blob.h)
 * against the same rules compiled at run time: for every tag the blob
 * holds, the loaded segmenter must be the compiled one, word for word
 * when both are saved, and split every gold paragraph of every language
 * the same way; a changed rules or starters file must not be served
 * from the blob.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "harness.h"
#include "segment_blob.h"

/* Every line of every gold file: paragraphs in forty languages. */
static char *gold_lines(size_t *len) {
  char *dir = nl_test_path("NL_TEST_DATA", "segment");
  DIR *d = opendir(dir);
  char *all = NULL;
  size_t n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    size_t k = strlen(e->d_name);
    if (k < 7 || strcmp(e->d_name + k - 6, ".jsonl") != 0)
      continue;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    size_t flen;
    char *f = nl_test_slurp(path, &flen);
    char *grown = f ? realloc(all, n + flen + 1) : NULL;
    if (grown) {
      all = grown;
      memcpy(all + n, f, flen);
      n += flen;
      all[n] = 0;
    }
    free(f);
  }
  if (d)
    closedir(d);
  free(dir);
  *len = n;
  return all;
}

/* The segmenter's rules saved as words (see nl_rx__save). */
static void save_rules(const nl_segmenter *s, nl_words *out) {
  nl_rx_out o = {0};
  nl_blob_rule r;
  o.body = out;
  for (size_t i = 0; nl_segmenter__rule(s, i, &r) == 0; i++) {
    nl_words__put(out, (uint32_t)r.brk);
    nl_words__put(out, (uint32_t)r.line);
    nl_words__put(out, (uint32_t)r.text_len);
    nl_rx__save(&o, r.before);
    nl_rx__save(&o, r.after);
  }
  for (size_t i = 0; i < o.sets.n; i++)
    nl_words__put(out, o.sets.w[i]);
  nl_rx__out_dispose(&o);
}

static int same_split(nl_segmenter *a, nl_segmenter *b, const char *text,
                      size_t len) {
  nl_range *ra = NULL, *rb = NULL;
  size_t na = 0, nb = 0;
  nl_error err = NL_ERROR_INIT;
  int ok = nl_segmenter_split(a, text, len, &ra, &na, &err) == 0 &&
           nl_segmenter_split(b, text, len, &rb, &nb, &err) == 0 &&
           na == nb && memcmp(ra, rb, na * sizeof(*ra)) == 0;
  nl_free(ra);
  nl_free(rb);
  return ok;
}

static void test_loaded_is_compiled(void) {
  const nl_segment_blob *b = &nl_segment__blob;
  NL_CHECK(b->ntags >= 100);
  char *srx = nl_test_path("NEWSLOC_LOCALES", "srx/newsloc.srx");
  size_t len;
  char *text = gold_lines(&len);
  NL_CHECK(text != NULL && len > 100000);
  for (size_t t = 0; text && t < b->ntags; t++) {
    const char *tag = b->tags[t];
    size_t at;
    NL_CHECK(nl_segment_blob__find(&at, tag, srx, NULL) == 1);
    nl_segmenter_options o = NL_SEGMENTER_OPTIONS_INIT;
    o.srx_path = srx; /* a user's file: compiled, never loaded */
    nl_segmenter *loaded = NULL, *compiled = NULL;
    nl_error err = NL_ERROR_INIT;
    if (nl_segmenter_new(&loaded, tag, NULL, &err) < 0 ||
        nl_segmenter_new(&compiled, tag, &o, &err) < 0) {
      NL_FAIL("%s: %s", tag, err.message);
      nl_segmenter_free(loaded);
      continue;
    }
    nl_words wl = {0}, wc = {0};
    save_rules(loaded, &wl);
    save_rules(compiled, &wc);
    if (wl.n != wc.n || memcmp(wl.w, wc.w, wl.n * 4) != 0)
      NL_FAIL("%s: the loaded rules differ from the compiled ones", tag);
    size_t bad = 0;
    for (char *p = text, *nl; *p; p = nl + 1) {
      nl = strchr(p, '\n');
      if (nl == NULL)
        nl = p + strlen(p) - 1;
      bad += !same_split(loaded, compiled, p, (size_t)(nl - p));
    }
    if (bad)
      NL_FAIL("%s: %zu paragraphs split differently", tag, bad);
    nl_words__dispose(&wl);
    nl_words__dispose(&wc);
    nl_segmenter_free(loaded);
    nl_segmenter_free(compiled);
  }
  free(text);
  free(srx);
}

/* A copy of `from` with `extra` appended, at `to`. */
static void copy_changed(const char *from, const char *to,
                         const char *extra) {
  size_t n;
  char *data = nl_test_slurp(from, &n);
  FILE *f = data ? fopen(to, "wb") : NULL;
  NL_CHECK(f != NULL);
  if (f) {
    fwrite(data, 1, n, f);
    fputs(extra, f);
    fclose(f);
  }
  free(data);
}

static void test_changed_files_compile(void) {
  char *srx = nl_test_path("NEWSLOC_LOCALES", "srx/newsloc.srx");
  char *starters = nl_test_path("NEWSLOC_LOCALES", "segment/starters.tsv");
  char *dir = nl_test_fresh("blob-locales");
  char sub[4096], path[4096];
  snprintf(sub, sizeof(sub), "mkdir -p %s/srx %s/segment", dir, dir);
  NL_CHECK(system(sub) == 0);
  size_t at;
  /* the same files elsewhere: served */
  snprintf(path, sizeof(path), "%s/srx/newsloc.srx", dir);
  copy_changed(srx, path, "");
  snprintf(path, sizeof(path), "%s/segment/starters.tsv", dir);
  copy_changed(starters, path, "");
  snprintf(path, sizeof(path), "%s/srx/newsloc.srx", dir);
  NL_CHECK(nl_segment_blob__find(&at, "en", path, dir) == 1);
  /* a changed starters file: compiled */
  snprintf(path, sizeof(path), "%s/segment/starters.tsv", dir);
  copy_changed(starters, path, "en\tMeanwhile\n");
  snprintf(path, sizeof(path), "%s/srx/newsloc.srx", dir);
  NL_CHECK(nl_segment_blob__find(&at, "en", path, dir) == 0);
  /* a changed rules file: compiled */
  snprintf(path, sizeof(path), "%s/segment/starters.tsv", dir);
  copy_changed(starters, path, "");
  snprintf(path, sizeof(path), "%s/srx/newsloc.srx", dir);
  copy_changed(srx, path, "<!-- -->\n");
  NL_CHECK(nl_segment_blob__find(&at, "en", path, dir) == 0);
  /* a tag not listed: compiled */
  NL_CHECK(nl_segment_blob__find(&at, "en-x-none", srx, NULL) == 0);
  free(srx);
  free(starters);
  free(dir);
}

static const nl_test tests[] = {
    NL_TEST(test_loaded_is_compiled),
    NL_TEST(test_changed_files_compile),
};

NL_TEST_MAIN(tests)
