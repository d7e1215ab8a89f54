/*
 * test_article.c - the article model's bookkeeping: block ids and the
 * nesting of inline elements.
 *
 * Both are kept by indexes (a hash of ids, the chain of elements open
 * in document order) so that big articles cost n log n; the cases here
 * hold those indexes to the plain definitions: an id is found iff it
 * was added, an element is accepted iff it nests with every element
 * already accepted, and the list is in document order, as the NITF
 * written from it reads back. Every sequence of four elements over a
 * short text, standalone ones (<br/>) among them, is tried, in and out
 * of document order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "harness.h"

typedef struct span {
  size_t s, e;
  int empty; /* a standalone element such as <br/> */
} span;

/* The definition: disjoint, or one inside the other. */
static int nests(span a, span b) {
  if (a.e <= b.s || b.e <= a.s)
    return 1;
  return (a.s <= b.s && b.e <= a.e) || (b.s <= a.s && a.e <= b.e);
}

/* The oracle for the order of the list: the NITF the writer makes of it,
 * read back by libxml2, lists the elements in the order of their tags.
 * The model must already list them so, however they were added. */
static int reads_back(const nl_article *a, size_t code) {
  nl_error err = NL_ERROR_INIT;
  nl_buf out = NL_BUF_INIT;
  nl_article *back = NULL;
  int same = nl_article_write_nitf(a, &out, &err) == 0 &&
             nl_article_read_memory(&back, out.ptr, out.size, NL_FORMAT_NITF,
                                    "<written>", &err) == 0;
  const nl_block *b = nl_article_block(a, 0);
  const nl_block *r = same ? nl_article_block(back, 0) : NULL;
  same = same && nl_block_inline_count(r) == nl_block_inline_count(b);
  for (size_t i = 0; same && i < nl_block_inline_count(b); i++) {
    const nl_inline *x = nl_block_inline(b, i), *y = nl_block_inline(r, i);
    same = x->start == y->start && x->end == y->end &&
           strcmp(x->name, y->name) == 0;
  }
  if (!same && err.message[0])
    fprintf(stderr, "sequence %zu: %s\n", code, err.message);
  nl_article_free(back);
  nl_buf_dispose(&out);
  return same;
}

static void test_article__inline_nesting_exhaustive(void) {
  const char *text = "abc";
  span all[14];
  size_t nall = 0;
  for (size_t s = 0; s <= 3; s++) {
    all[nall++] = (span){s, s, 1};
    for (size_t e = s; e <= 3; e++)
      all[nall++] = (span){s, e, 0};
  }
  size_t total = nall * nall * nall * nall, wrong = 0;
  for (size_t code = 0; code < total; code++) {
    nl_error err = NL_ERROR_INIT;
    nl_article *a = NULL;
    nl_block *b = NULL;
    if (nl_article_new(&a, &err) < 0 ||
        nl_article_add_block(a, NL_BLOCK_PARAGRAPH, NULL, text, 3, &b,
                             &err) < 0) {
      NL_FAIL("setup: %s", err.message);
      nl_article_free(a);
      return;
    }
    span kept[4];
    size_t nkept = 0;
    for (size_t k = 0, c = code; k < 4; k++, c /= nall) {
      span x = all[c % nall];
      int ok = 1;
      for (size_t i = 0; i < nkept; i++)
        ok = ok && nests(kept[i], x);
      int rc = nl_block_add_inline(b, x.empty ? "br" : "i", x.s, x.e,
                                   x.empty, NULL, 0, &err);
      if ((rc == 0) != ok && wrong++ < 5)
        NL_FAIL("sequence %zu, element %zu (%zu-%zu): got %d, want %s", code,
                k, x.s, x.e, rc, ok ? "accepted" : "refused");
      if (ok)
        kept[nkept++] = x;
    }
    NL_CHECK_INT(nl_block_inline_count(b), nkept);
    if (!reads_back(a, code) && wrong++ < 5)
      NL_FAIL("sequence %zu does not read back as the model lists it", code);
    nl_article_free(a);
  }
  NL_CHECK_INT(wrong, 0);
}

/* A long run in document order with refusals between: the chain of open
 * elements must survive an element it refused. */
static void test_article__inline_nesting_long(void) {
  enum { N = 3000 };
  char *text = malloc(2 * N + 1);
  memset(text, 'x', 2 * N);
  text[2 * N] = '\0';
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  nl_block *b = NULL;
  nl_article_new(&a, &err);
  NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p1", text, 2 * N,
                                    &b, &err),
               0);
  /* [i, 2N - i] nest, each inside the last; points nest anywhere;
   * [i + 1, 2N - i + 1] crosses [i, 2N - i]. */
  size_t added = 0;
  for (size_t i = 0; b && i < N; i++) {
    NL_CHECK_INT(nl_block_add_inline(b, "i", i, 2 * N - i, 0, NULL, 0, &err),
                 0);
    NL_CHECK_INT(nl_block_add_inline(b, "br", i, i, 1, NULL, 0, &err), 0);
    if (i > 0)
      NL_CHECK_INT(nl_block_add_inline(b, "x", i + 1, 2 * N - i + 1, 0, NULL,
                                       0, &err),
                   NL_EINVAL);
    added += 2;
  }
  if (b)
    NL_CHECK_INT(nl_block_inline_count(b), added);
  nl_article_free(a);
  free(text);
}

static void test_article__ids(void) {
  enum { N = 20000 };
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  nl_article_new(&a, &err);
  /* p2 and p4 taken by other kinds: new paragraphs step over them. */
  NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_CAPTION, "p2", "c", 1, NULL,
                                    &err),
               0);
  NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_CAPTION, "p4", "c", 1, NULL,
                                    &err),
               0);
  for (size_t i = 0; i < N; i++)
    NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_PARAGRAPH, NULL, "t", 1,
                                      NULL, &err),
                 0);
  NL_CHECK_STR(nl_block_id(nl_article_block(a, 2)), "p1");
  NL_CHECK_STR(nl_block_id(nl_article_block(a, 3)), "p3");
  NL_CHECK_STR(nl_block_id(nl_article_block(a, 4)), "p5");
  NL_CHECK_INT(nl_article_add_block(a, NL_BLOCK_HEADLINE, "p7", "h", 1, NULL,
                                    &err),
               NL_EINVAL);
  size_t found = 0;
  for (size_t i = 0; i < nl_article_block_count(a); i++) {
    const nl_block *b = nl_article_block(a, i);
    found += nl_article_find_block(a, nl_block_id(b)) == b;
  }
  NL_CHECK_INT(found, N + 2);
  NL_CHECK(nl_article_find_block(a, "p0") == NULL);
  NL_CHECK(nl_article_find_block(a, "p20003") == NULL);
  NL_CHECK(nl_article_find_block(a, "") == NULL);
  nl_article_free(a);
}

static const nl_test tests[] = {
    NL_TEST(test_article__inline_nesting_exhaustive),
    NL_TEST(test_article__inline_nesting_long),
    NL_TEST(test_article__ids),
};

NL_TEST_MAIN(tests)
