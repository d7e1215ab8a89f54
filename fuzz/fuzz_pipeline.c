/*
 * fuzz_pipeline.c - export -> merge -> localize -> write -> read back
 * -> render, as a round trip judged at every step.
 *
 * The input is a source article (NITF). A hash of it picks the service
 * and the XLIFF version. The article is segmented and exported; every
 * target is set to its source (tests/xliff_identity.h) and merged:
 *  - the merged article must be the source but for xml:lang and dir
 *    (nothing lost, nothing added, whitespace kept);
 *  - localized for the service, every changed block must be in the
 *    report, and the result must write NITF that libxml2 finds
 *    well-formed and our reader takes back to the same bytes;
 *  - its review page beside the source must carry no script.
 */
#include <stdlib.h>
#include <string.h>

#include "oracle.h"
#include "xliff_identity.h"

static unsigned long hash(const uint8_t *d, size_t n) {
  unsigned long h = 2166136261u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ d[i]) * 16777619u;
  return h;
}

/* One segmenter for the whole run: the rules of "en" are the ones that
 * matter least to the identity, and building one costs a hundred
 * inputs. */
static nl_segmenter *segmenter(void) {
  static nl_segmenter *seg;
  nl_error err = NL_ERROR_INIT;
  if (seg == NULL && nl_segmenter_new(&seg, "en", NULL, &err) < 0)
    fuzz_fail("the bundled rules do not load: %s", err.message);
  return seg;
}

static char *nitf(const nl_article *a) {
  nl_buf b = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  if (nl_article_write_nitf(a, &b, &err) < 0)
    fuzz_fail("the NITF writer failed: %s", err.message);
  return b.ptr;
}

static void same_as_source(const nl_article *src, const nl_article *merged) {
  char *want = nitf(src), *got = nitf(merged);
  const char *lang = nl_article_get(src, NL_FIELD_LANG);
  xliff_unmark_source_blocks(want, lang);
  xliff_unmark_source_blocks(got, lang);
  if (strcmp(xliff_after_root(want), xliff_after_root(got)) != 0)
    fuzz_fail("merge of unchanged targets differs from the source:\n%s\n"
              "----\n%s", want, got);
  free(want);
  free(got);
}

static void localize(const nl_article *src, const nl_article *merged,
                     const nl_service *s) {
  nl_error err = NL_ERROR_INIT;
  if (fuzz_localize(merged, s, src, &err) < 0)
    fuzz_fail("localize failed on a merged article: %s", err.message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nl_article *src = NULL, *merged = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_article_read_memory(&src, (const char *)data, size, NL_FORMAT_NITF,
                             "fuzz", &err) != 0)
    return 0;
  const nl_services *reg = fuzz_services();
  unsigned long h = hash(data, size);
  const nl_service *s = nl_services_at(reg, h % nl_services_count(reg));
  int x12 = (h >> 16) & 1;
  nl_export_options eo = NL_EXPORT_OPTIONS_INIT;
  eo.xliff = x12 ? NL_XLIFF_1_2 : NL_XLIFF_2_0;
  eo.target_lang = nl_service_get(s, NL_SERVICE_TAG);
  nl_buf x = NL_BUF_INIT, filled = NL_BUF_INIT;
  int rc = nl_xliff_export(src, segmenter(), &eo, &x, NULL, &err);
  /* xml:lang is not a language tag, or nothing to translate: refused */
  if (rc == NL_ELANG || rc == NL_ENOTFOUND) {
    nl_buf_dispose(&x);
    nl_article_free(src);
    return 0;
  }
  if (rc < 0)
    fuzz_fail("export of an article that read failed: %s", err.message);
  if (xliff_identity(&x, x12, &filled) < 0)
    fuzz_fail("exported XLIFF %s is not well-formed:\n%s",
              x12 ? "1.2" : "2.0", x.ptr);
  /* identity targets are what the merge gate stops: merge is tested */
  nl_merge_options forced = NL_MERGE_OPTIONS_INIT;
  forced.force = 1;
  if (nl_merge_memory(&merged, src, filled.ptr, filled.size, "filled",
                      &forced, NULL, &err) < 0)
    fuzz_fail("merge of unchanged targets failed: %s:%lu:%lu: %s\n%s",
              err.path, err.line, err.column, err.message, filled.ptr);
  same_as_source(src, merged);
  localize(src, merged, s);
  nl_article_free(merged);
  nl_buf_dispose(&filled);
  nl_buf_dispose(&x);
  nl_article_free(src);
  return 0;
}
