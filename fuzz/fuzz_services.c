/*
 * fuzz_services.c - the services registry (locales/services.json).
 *
 * The input is a registry, in a directory that has the bundled
 * orthography rule sets. It is refused, or every service it loads has
 * its required fields and is found by its id and tag; one of them
 * (picked by the input's size) localizes a fixed article (dateline, quotes, digits, mixed scripts) into NITF
 * that reads back and a page where no script can appear.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "oracle.h"

static const char article[] =
    "<nitf xml:lang=\"en\"><head><pubdata date.publication=\"20240315\"/>"
    "</head><body><body.head><hedline><hl1 id=\"hl1\">Talks \"resume\" in "
    "Kabul</hl1></hedline><dateline id=\"dl1\">KABUL, March 15, 2024 -"
    "</dateline></body.head><body.content><p id=\"p1\">The <em>talks</em> "
    "resumed at 10:30 with 1,250 delegates - \"a 'first' step\". "
    "<a href=\"https://example.org/x\">Both sides</a> met; BBC said 42% "
    "agreed? \xd8\xa7\xd9\x88 \xda\xaf\xd9\x81\xd8\xaa \xd9\x83 \xd9\x8a "
    "123.</p></body.content></body></nitf>";

static void registry_dir(char *dir, size_t cap) {
  fuzz_temp_dir(dir, cap);
  char link[600];
  snprintf(link, sizeof(link), "%s/orthography", dir);
  if (symlink(NL_FUZZ_LOCALES "/orthography", link) != 0 && errno != EEXIST)
    fuzz_fail("cannot link %s", link);
}

static void check_service(const nl_services *reg, const nl_service *s) {
  static const nl_service_field required[] = {
      NL_SERVICE_ID, NL_SERVICE_NAME, NL_SERVICE_TAG, NL_SERVICE_DIR,
      NL_SERVICE_DIGITS, NL_SERVICE_CALENDAR, NL_SERVICE_STATUS};
  for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
    if (nl_service_get(s, required[i]) == NULL)
      fuzz_fail("a loaded service lacks field %d", (int)required[i]);
  for (int q = 0; q < 4; q++)
    if (nl_service_quote(s, q) == NULL)
      fuzz_fail("a loaded service lacks quote %d", q);
  const nl_service *found = NULL;
  nl_error err = NL_ERROR_INIT;
  const char *id = nl_service_get(s, NL_SERVICE_ID);
  if (nl_services_find(reg, id, &found, &err) < 0 || found != s)
    fuzz_fail("service \"%s\" is not found by its id", id);
  if (nl_services_find(reg, nl_service_get(s, NL_SERVICE_TAG), &found,
                       &err) < 0)
    fuzz_fail("service \"%s\" is not found by its tag", id);
}

static void localize(const nl_services *reg, const nl_service *s,
                     const nl_article *src) {
  nl_error err = NL_ERROR_INIT;
  nl_article *out = NULL;
  nl_localize_report *rep = NULL;
  if (nl_localize_article(&out, src, reg, s, &rep, &err) == 0) {
    fuzz_check_localized(src, out, rep);
    fuzz_check_nitf(out);
    fuzz_check_page(out, src);
    nl_buf text = NL_BUF_INIT;
    nl_localize_report_write(rep, &text);
    nl_buf_dispose(&text);
  }
  nl_localize_report_free(rep);
  nl_article_free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char dir[512], path[600];
  registry_dir(dir, sizeof(dir));
  fuzz_temp_file(path, sizeof(path), "services.json", data, size);
  nl_services *reg = NULL;
  nl_article *src = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_article_read_memory(&src, article, strlen(article), NL_FORMAT_NITF,
                             "article", &err) < 0)
    fuzz_fail("the fixed article does not read: %s", err.message);
  if (nl_services_load_file(&reg, path, &err) == 0) {
    size_t n = nl_services_count(reg);
    for (size_t i = 0; i < n; i++)
      check_service(reg, nl_services_at(reg, i));
    if (n > 0) /* one service an input: localizing costs */
      localize(reg, nl_services_at(reg, size % n), src);
  }
  nl_services_free(reg);
  nl_article_free(src);
  unlink(path);
  return 0;
}
