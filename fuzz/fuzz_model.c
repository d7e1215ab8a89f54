/*
 * fuzz_model.c - the article model built through the public API, in
 * whatever order a caller makes the calls: blocks of any bytes, inline
 * elements at any offsets, added before or after the ones they enclose,
 * languages of either direction. Whatever the model accepts must write
 * as NITF that reads back identically, render safely, survive a clone,
 * and localize for the input's service with every change reported.
 * The readers only ever add elements in document order, so this target
 * reaches what fuzz_article cannot.
 *
 * The input is a list of calls, each a byte (the call) and its operands:
 *   0 block:   kind, length n, n bytes of text
 *   1 inline:  start, end, flags (empty, name, one attribute)
 *   2 lang:    one of a few tags, both directions and none
 *   3 field:   the article's language
 */
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

typedef struct reader {
  const uint8_t *p;
  size_t n;
} reader;

static int next(reader *r) {
  if (r->n == 0)
    return -1;
  r->n--;
  return *r->p++;
}

static const char *const names[] = {"em", "strong", "a", "br", "q", "pre"};
static const char *const langs[] = {"fa", "en", "ar", "ru", "he",
                                    "ps", "zh", NULL};

static void add_block(nl_article *a, nl_block **last, reader *r) {
  int kind = next(r), n = next(r);
  if (kind < 0 || n < 0)
    return;
  size_t len = (size_t)n < r->n ? (size_t)n : r->n;
  nl_error err = NL_ERROR_INIT;
  nl_block *b = NULL;
  if (nl_article_add_block(a, (nl_block_kind)(kind % 6), NULL,
                           (const char *)r->p, len, &b, &err) == 0)
    *last = b;
  r->p += len;
  r->n -= len;
}

static void add_inline(nl_block *b, reader *r) {
  int s = next(r), e = next(r), f = next(r);
  if (b == NULL || s < 0 || e < 0 || f < 0)
    return;
  size_t len;
  nl_block_text(b, &len);
  size_t start = len ? (size_t)s % (len + 1) : 0;
  size_t end = (f & 1) ? start : start + (size_t)e % (len - start + 1);
  nl_attr href[] = {{"href", (f & 64) ? "javascript:alert(1)" : "https://x"}};
  nl_error err = NL_ERROR_INIT;
  nl_block_add_inline(b, names[(f >> 1) % 6], start, end, f & 1,
                      (f & 128) ? href : NULL, (f & 128) ? 1 : 0, &err);
}

static nl_article *build(reader *r) {
  nl_article *a = NULL;
  nl_block *last = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_article_new(&a, &err) < 0)
    fuzz_fail("no article: %s", err.message);
  for (int op; (op = next(r)) >= 0;) {
    int arg;
    switch (op % 4) {
    case 0:
      add_block(a, &last, r);
      break;
    case 1:
      add_inline(last, r);
      break;
    case 2:
      if (last && (arg = next(r)) >= 0)
        nl_block_set_lang(last, langs[arg % 8], &err);
      break;
    default:
      if ((arg = next(r)) >= 0)
        nl_article_set(a, NL_FIELD_LANG, langs[arg % 8], &err);
    }
  }
  return a;
}

static void localize(const nl_article *a, unsigned pick) {
  const nl_services *reg = fuzz_services();
  nl_error err = NL_ERROR_INIT;
  /* a refusal is an answer: the API lets a caller build what a service
   * cannot take */
  fuzz_localize(a, nl_services_at(reg, pick % nl_services_count(reg)), a,
                &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  reader r = {data, size};
  nl_article *a = build(&r), *copy = NULL;
  nl_error err = NL_ERROR_INIT;
  fuzz_check_nitf(a);
  fuzz_check_page(a, NULL);
  if (nl_article_clone(&copy, a, &err) < 0)
    fuzz_fail("clone failed: %s", err.message);
  fuzz_check_nitf(copy);
  localize(a, size ? data[size - 1] : 0);
  nl_article_free(copy);
  nl_article_free(a);
  return 0;
}
