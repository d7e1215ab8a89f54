/*
 * fuzz_check.c - `newsloc check` on whatever a CI job may be handed: the
 * first byte picks the language (or none: the file's own), the rest is
 * the file (XML, XLIFF, TMX or text, sniffed as the CLI does).
 *
 * What must hold: the file is checked or refused with an error; every
 * finding names a check of the catalogue, lies inside the file, has a
 * one-line message and a code point that is one; the JSON and SARIF
 * reports parse as JSON; --fix writes valid UTF-8, and a text it fixed
 * has nothing more to fix (the fixes are safe to run twice).
 */
#include <stdlib.h>
#include <string.h>

#include "oracle.h"
#include "util/json.h"
#include "util/utf8.h"

static const char *const langs[] = {NULL, "fa", "en", "my", "uz", "ru",
                                    "am", "ps", "zh", "ckb", "ur", "vi"};

static nl_checker *checker(const char *lang) {
  nl_check_options o = NL_CHECK_OPTIONS_INIT;
  o.lang = lang;
  o.locales_dir = NL_FUZZ_LOCALES;
  nl_checker *c = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_checker_new(&c, &o, &err) < 0)
    fuzz_fail("no checker for %s: %s", lang ? lang : "(file's)", err.message);
  return c;
}

static void findings_sound(const nl_checker *c, size_t size) {
  for (size_t i = 0; i < nl_checker_count(c); i++) {
    const nl_check_finding *f = nl_checker_finding(c, i);
    if (f == NULL || nl_check_rule_find(f->id) == NULL)
      fuzz_fail("finding %zu has no check of the catalogue", i);
    if (f->offset > size)
      fuzz_fail("%s at byte %zu of a %zu-byte file", f->id, f->offset, size);
    if (f->message == NULL || f->message[0] == '\0' ||
        strpbrk(f->message, "\r\n") != NULL)
      fuzz_fail("%s: a message that is not one line", f->id);
    if (f->codepoint < -1 || f->codepoint > 0x10FFFF)
      fuzz_fail("%s: code point %ld", f->id, f->codepoint);
  }
}

static void report_parses(const nl_checker *c, nl_check_format format) {
  nl_buf out = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_json *v = NULL;
  if (nl_check_report(c, format, &out, &err) < 0)
    fuzz_fail("report failed: %s", err.message);
  if (nl_json__parse(&v, out.ptr ? out.ptr : "", out.size, "report", 0,
                     &err) < 0)
    fuzz_fail("the %s report is not JSON (%s):\n%s",
              format == NL_CHECK_SARIF ? "SARIF" : "JSON", err.message,
              out.ptr);
  nl_json__free(v);
  nl_buf_dispose(&out);
}

/* Whether a file is read as markup: its first character after a BOM and
 * white space is '<' (else it is text, where "&#x2069;" is no control). */
static int markup(const char *s, size_t n) {
  size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
    i++;
  return i < n && s[i] == '<';
}

/* A fixed text is fixed: fixing it again changes nothing (unless the
 * fixes made text into markup: controls before a '<' taken out). */
static void settled(const char *lang, const nl_buf *fixed) {
  nl_checker *c = checker(lang);
  nl_buf again = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  const char *f = fixed->ptr ? fixed->ptr : "";
  if (nl_check_fix_memory(c, f, fixed->size, "fixed", &again, &err) < 0)
    fuzz_fail("the fixed text is refused: %s", err.message);
  if (again.size != fixed->size ||
      memcmp(again.ptr ? again.ptr : "", f, fixed->size) != 0)
    fuzz_fail("--fix run twice changes more:\n%s\n----\n%s", f,
              again.ptr ? again.ptr : "");
  nl_buf_dispose(&again);
  nl_checker_free(c);
}

static void fix_settles(const char *lang, const char *data, size_t size) {
  nl_checker *c = checker(lang);
  nl_buf fixed = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  if (nl_check_fix_memory(c, data, size, "fuzz", &fixed, &err) == 0) {
    const char *f = fixed.ptr ? fixed.ptr : "";
    if (nl_utf8__check(data, size, "in", &err) == 0 &&
        nl_utf8__check(f, fixed.size, "fixed", &err) < 0)
      fuzz_fail("--fix made valid UTF-8 invalid");
    if (markup(data, size) == markup(f, fixed.size))
      settled(lang, &fixed);
  }
  nl_buf_dispose(&fixed);
  nl_checker_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  const char *lang = langs[data[0] % (sizeof(langs) / sizeof(langs[0]))];
  const char *file = (const char *)data + 1;
  size_t len = size - 1;
  nl_checker *c = checker(lang);
  nl_error err = NL_ERROR_INIT;
  if (nl_check_memory(c, file, len, "fuzz", &err) == 0) {
    findings_sound(c, len);
    report_parses(c, NL_CHECK_JSON);
    report_parses(c, NL_CHECK_SARIF);
  }
  nl_checker_free(c);
  fix_settles(lang, file, len);
  return 0;
}
