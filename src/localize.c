/*
 * localize.c - one merged article made right for one service.
 *
 * Each translatable block is cut at its inline element boundaries and
 * every piece goes through the steps in order: stray bidi controls out,
 * orthography (or Zawgyi conversion), digits, quotation marks, bidi
 * isolation. Pieces are rebuilt in order and the elements' offsets
 * follow the new piece lengths, so markup stays on the words it was on.
 * The dateline gets the article's date in the service's calendar.
 */
#include <stdlib.h>
#include <string.h>

#include <newsloc/io.h>
#include <newsloc/localize.h>

#include "error.h"
#include "localize_internal.h"
#include "services_internal.h"
#include "util/buf.h"
#include "util/utf8.h"

struct nl_localize_report {
  nl_localize_change *c;
  size_t n, cap;
};

size_t nl_localize_report_count(const nl_localize_report *r) {
  return r ? r->n : 0;
}

const nl_localize_change *nl_localize_report_get(const nl_localize_report *r,
                                                 size_t i) {
  return r && i < r->n ? &r->c[i] : NULL;
}

void nl_localize_report_free(nl_localize_report *r) {
  if (r == NULL)
    return;
  for (size_t i = 0; i < r->n; i++) {
    free((char *)r->c[i].block_id);
    free((char *)r->c[i].before);
    free((char *)r->c[i].after);
  }
  free(r->c);
  free(r);
}

/* At most ~80 bytes, cut on a character boundary. */
static char *excerpt(const char *s, size_t len) {
  size_t n = len < 80 ? len : 80;
  while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--;
  return nl__strndup(s, n);
}

int nl_lz__note(nl_lz *z, const char *rule, const char *before, size_t blen,
                const char *after, size_t alen) {
  nl_localize_report *r = z->report;
  if (r == NULL)
    return 0;
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    nl_localize_change *p = realloc(r->c, cap * sizeof(*p));
    if (p == NULL)
      return nl_error__nomem(z->err);
    r->c = p;
    r->cap = cap;
  }
  nl_localize_change c = {nl__strdup(z->block_id), rule,
                          excerpt(before, blen), excerpt(after, alen)};
  if (!c.block_id || !c.before || !c.after) {
    free((char *)c.block_id);
    free((char *)c.before);
    free((char *)c.after);
    return nl_error__nomem(z->err);
  }
  r->c[r->n++] = c;
  return 0;
}

/* ---- one piece through every step ---------------------------------------- */

typedef int (*step_fn)(nl_lz *z, const char *s, size_t len, nl_buf *out);

static int run_steps(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  static const struct {
    const char *rule;
    step_fn fn;
  } steps[] = {{"bidi-controls", nl_lz__controls},
               {"orthography", nl_lz__orthography},
               {"digits", nl_lz__digits},
               {"quotes", nl_lz__quotes},
               {"bidi-isolation", nl_lz__isolate}};
  nl_buf cur = NL_BUF_INIT, next = NL_BUF_INIT;
  int rc = nl_buf__put(&cur, s, len) < 0 ? nl_error__nomem(z->err) : 0;
  for (size_t k = 0; rc == 0 && k < sizeof(steps) / sizeof(steps[0]); k++) {
    nl_buf__clear(&next);
    rc = steps[k].fn(z, cur.ptr ? cur.ptr : "", cur.size, &next);
    if (rc == 0 && (next.size != cur.size ||
                    (cur.size && memcmp(next.ptr, cur.ptr, cur.size) != 0))) {
      const char *rule = k == 1 && z->block_is_zawgyi ? "zawgyi-to-unicode"
                                                      : steps[k].rule;
      rc = nl_lz__note(z, rule, cur.ptr ? cur.ptr : "", cur.size,
                       next.ptr ? next.ptr : "", next.size);
    }
    nl_buf tmp = cur;
    cur = next;
    next = tmp;
  }
  if (rc == 0 && cur.size && nl_buf__put(out, cur.ptr, cur.size) < 0)
    rc = nl_error__nomem(z->err);
  nl_buf_dispose(&cur);
  nl_buf_dispose(&next);
  return rc;
}

/* ---- blocks ------------------------------------------------------------- */

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

/* Every offset where an element starts or ends, with 0 and len. */
static size_t *cut_points(const nl_block *b, size_t len, size_t *n) {
  size_t m = nl_block_inline_count(b), k = 0;
  size_t *p = malloc((2 * m + 2) * sizeof(size_t));
  if (p == NULL)
    return NULL;
  p[k++] = 0;
  p[k++] = len;
  for (size_t i = 0; i < m; i++) {
    p[k++] = nl_block_inline(b, i)->start;
    p[k++] = nl_block_inline(b, i)->end;
  }
  qsort(p, k, sizeof(size_t), cmp_size);
  size_t u = 0;
  for (size_t i = 0; i < k; i++)
    if (u == 0 || p[i] != p[u - 1])
      p[u++] = p[i];
  *n = u;
  return p;
}

static size_t map_offset(const size_t *cuts, const size_t *newcuts, size_t n,
                         size_t off) {
  for (size_t i = 0; i < n; i++)
    if (cuts[i] == off)
      return newcuts[i];
  return newcuts[n - 1];
}

static int localize_block(nl_lz *z, nl_article *out, const nl_block *b,
                          const char *suffix) {
  size_t len, n = 0;
  const char *t = nl_block_text(b, &len);
  size_t *cuts = cut_points(b, len, &n);
  size_t *newcuts = cuts ? malloc(n * sizeof(size_t)) : NULL;
  nl_buf text = NL_BUF_INIT;
  int rc = newcuts ? 0 : nl_error__nomem(z->err);
  z->block_id = nl_block_id(b);
  z->quote_open = 1;
  z->block_is_zawgyi = z->zawgyi && nl_lz__is_zawgyi(t, len);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    newcuts[i] = text.size;
    if (i + 1 < n)
      rc = run_steps(z, t + cuts[i], cuts[i + 1] - cuts[i], &text);
  }
  if (rc == 0 && suffix && nl_buf__puts(&text, suffix) < 0)
    rc = nl_error__nomem(z->err);
  nl_block *nb = NULL;
  if (rc == 0)
    rc = nl_article_add_block(out, nl_block_get_kind(b), nl_block_id(b),
                              text.ptr ? text.ptr : "", text.size, &nb,
                              z->err);
  for (size_t i = 0; rc == 0 && i < nl_block_inline_count(b); i++) {
    const nl_inline *x = nl_block_inline(b, i);
    rc = nl_block_add_inline(nb, x->name, map_offset(cuts, newcuts, n, x->start),
                             map_offset(cuts, newcuts, n, x->end), x->empty,
                             x->attrs, x->nattrs, z->err);
  }
  free(cuts);
  free(newcuts);
  nl_buf_dispose(&text);
  return rc;
}

static int copy_block(nl_article *out, const nl_block *b, nl_error *err) {
  size_t len;
  const char *t = nl_block_text(b, &len);
  nl_block *nb;
  int rc = nl_article_add_block(out, nl_block_get_kind(b), nl_block_id(b), t,
                                len, &nb, err);
  for (size_t i = 0; rc == 0 && i < nl_block_inline_count(b); i++) {
    const nl_inline *x = nl_block_inline(b, i);
    rc = nl_block_add_inline(nb, x->name, x->start, x->end, x->empty, x->attrs,
                             x->nattrs, err);
  }
  if (rc == 0)
    nl_block_set_translatable(nb, 0);
  return rc;
}

/* ", <date>" for the dateline, unless it already has a number in it. */
static int dateline_suffix(const nl_article *in, const nl_block *b,
                           const nl_service *svc, nl_buf *out,
                           nl_error *err) {
  size_t len;
  const char *t = nl_block_text(b, &len);
  for (size_t i = 0; i < len;) {
    uint32_t c = nl_utf8__next(t, len, &i);
    if ((c >= '0' && c <= '9') || (c >= 0x6F0 && c <= 0x6F9))
      return 0;
  }
  nl_buf date = NL_BUF_INIT;
  int rc = nl_lz__date(svc, nl_article_get(in, NL_FIELD_DATE), &date, err);
  int rtl = strcmp(nl_service_get(svc, NL_SERVICE_DIR), "rtl") == 0;
  if (rc == 0 && date.size &&
      (nl_buf__puts(out, rtl ? "\xD8\x8C " : ", ") < 0 ||
       nl_buf__put(out, date.ptr, date.size) < 0))
    rc = nl_error__nomem(err);
  nl_buf_dispose(&date);
  return rc;
}

static int set_fields(nl_article *out, const nl_article *in,
                      const nl_service *svc, nl_error *err) {
  int rc = 0;
  for (int f = 0; f < NL_FIELD__COUNT && rc == 0; f++)
    rc = nl_article_set(out, (nl_article_field)f,
                        nl_article_get(in, (nl_article_field)f), err);
  /* the translation's own tag (the XLIFF's trgLang) stays: it is what
   * the translator and the editor chose; a bare article gets the
   * service's */
  if (rc == 0 && nl_article_get(in, NL_FIELD_LANG) == NULL)
    rc = nl_article_set(out, NL_FIELD_LANG,
                        nl_service_get(svc, NL_SERVICE_TAG), err);
  if (rc == 0)
    rc = nl_article_set(out, NL_FIELD_DIR, nl_service_get(svc, NL_SERVICE_DIR),
                        err);
  return rc;
}

int nl_localize_article(nl_article **out, const nl_article *in,
                        const nl_services *services, const nl_service *svc,
                        nl_localize_report **report, nl_error *err) {
  if (out == NULL || in == NULL || svc == NULL || services == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "nothing to localize");
  *out = NULL;
  if (report)
    *report = NULL;
  nl_lz z;
  memset(&z, 0, sizeof(z));
  z.svc = svc;
  z.err = err;
  z.rtl = strcmp(nl_service_get(svc, NL_SERVICE_DIR), "rtl") == 0;
  if (report && (z.report = calloc(1, sizeof(*z.report))) == NULL)
    return nl_error__nomem(err);
  nl_article *a = NULL;
  int rc = nl_lz__load_rules(&z, nl_services__dir(services), err);
  if (rc == 0)
    rc = nl_lz__load_digits(&z, err);
  if (rc == 0)
    rc = nl_article_new(&a, err);
  if (rc == 0)
    rc = set_fields(a, in, svc, err);
  for (size_t i = 0; rc == 0 && i < nl_article_block_count(in); i++) {
    const nl_block *b = nl_article_block(in, i);
    nl_buf suffix = NL_BUF_INIT;
    if (!nl_block_translatable(b)) {
      rc = copy_block(a, b, err);
      continue;
    }
    if (nl_block_get_kind(b) == NL_BLOCK_DATELINE)
      rc = dateline_suffix(in, b, svc, &suffix, err);
    if (rc == 0)
      rc = localize_block(&z, a, b, suffix.size ? suffix.ptr : NULL);
    nl_buf_dispose(&suffix);
  }
  nl_lz__free_rules(&z);
  if (rc < 0) {
    nl_article_free(a);
    nl_localize_report_free(z.report);
    return rc;
  }
  *out = a;
  if (report)
    *report = z.report;
  return 0;
}
