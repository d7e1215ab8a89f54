/*
 * localize.c - one merged article made right for one service.
 *
 * Each translatable block is cut at its inline element boundaries and
 * the text steps run over the whole block in order, piece by piece:
 * stray bidi controls out, orthography (or Zawgyi conversion), digits,
 * quotation marks, punctuation spacing, dashes. Pieces are rebuilt in
 * order and the elements' offsets follow the new piece lengths, so
 * markup stays on the words it was on. The dateline's date is then put
 * in the service's calendar, and bidi isolation runs last on the whole
 * block, moving the offsets itself. Every change goes to the report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

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
    free((char *)r->c[i].rule);
    free((char *)r->c[i].before);
    free((char *)r->c[i].after);
  }
  free(r->c);
  free(r);
}

/* Invisible characters a report must show: the bidi controls. */
static const char *control_name(uint32_t c) {
  static const char *const names[] = {"<LRE>", "<RLE>", "<PDF>", "<LRO>",
                                      "<RLO>"};
  static const char *const iso[] = {"<LRI>", "<RLI>", "<FSI>", "<PDI>"};
  if (c >= 0x202A && c <= 0x202E)
    return names[c - 0x202A];
  if (c >= 0x2066 && c <= 0x2069)
    return iso[c - 0x2066];
  return c == 0x200E ? "<LRM>" : c == 0x200F ? "<RLM>" : NULL;
}

static int put_field(nl_buf *out, const char *s) {
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    size_t j = i;
    uint32_t c = nl_utf8__next(s, len, &j);
    const char *name = control_name(c);
    int rc = name                     ? nl_buf__puts(out, name)
             : c == '\t' || c == '\n' ? nl_buf__putc(out, ' ')
                                      : nl_buf__put(out, s + i, j - i);
    if (rc < 0)
      return NL_ENOMEM;
    i = j;
  }
  return 0;
}

int nl_localize_report_write(const nl_localize_report *r, nl_buf *out) {
  for (size_t i = 0; i < nl_localize_report_count(r); i++) {
    const nl_localize_change *c = &r->c[i];
    if (nl_buf__printf(out, "%s\t%zu\t%s\t", c->block_id, c->offset,
                       c->rule) < 0 ||
        put_field(out, c->before) < 0 || nl_buf__putc(out, '\t') < 0 ||
        put_field(out, c->after) < 0 || nl_buf__putc(out, '\n') < 0)
      return NL_ENOMEM;
  }
  return 0;
}

/* At most ~80 bytes, cut on a character boundary. */
static char *excerpt(const char *s, size_t len) {
  size_t n = len < 80 ? len : 80;
  while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--;
  return nl__strndup(s, n);
}

int nl_lz__note(nl_lz *z, const char *rule, size_t at, const char *before,
                size_t blen, const char *after, size_t alen) {
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
  nl_localize_change c = {nl__strdup(z->block_id), nl__strdup(rule),
                          excerpt(before, blen), excerpt(after, alen),
                          z->base + at};
  if (!c.block_id || !c.rule || !c.before || !c.after) {
    free((char *)c.block_id);
    free((char *)c.rule);
    free((char *)c.before);
    free((char *)c.after);
    return nl_error__nomem(z->err);
  }
  r->c[r->n++] = c;
  return 0;
}

/* ---- the steps over one block ----------------------------------------- */

typedef int (*step_fn)(nl_lz *z, const char *s, size_t len, nl_buf *out);

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

/* Every offset where an element starts or ends, with 0 and len. */
static size_t *cut_points(const nl_lz_span *sp, size_t m, size_t len,
                          size_t *n) {
  size_t k = 0;
  size_t *p = malloc((2 * m + 2) * sizeof(size_t));
  if (p == NULL)
    return NULL;
  p[k++] = 0;
  p[k++] = len;
  for (size_t i = 0; i < m; i++) {
    p[k++] = sp[i].start;
    p[k++] = sp[i].end;
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

/* One step over every piece of `cur`; the spans move with the text. */
static int run_step(nl_lz *z, step_fn fn, nl_buf *cur, nl_lz_span *sp,
                    size_t m) {
  size_t n = 0;
  size_t *cuts = cut_points(sp, m, cur->size, &n);
  size_t *newcuts = cuts ? malloc(n * sizeof(size_t)) : NULL;
  nl_buf next = NL_BUF_INIT;
  int rc = newcuts ? 0 : nl_error__nomem(z->err);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    newcuts[i] = next.size;
    z->base = cuts[i];
    if (i + 1 < n)
      rc = fn(z, cur->ptr + cuts[i], cuts[i + 1] - cuts[i], &next);
  }
  for (size_t i = 0; rc == 0 && i < m; i++) {
    sp[i].start = map_offset(cuts, newcuts, n, sp[i].start);
    sp[i].end = map_offset(cuts, newcuts, n, sp[i].end);
  }
  if (rc == 0) {
    nl_buf tmp = *cur;
    *cur = next;
    next = tmp;
  }
  free(cuts);
  free(newcuts);
  nl_buf_dispose(&next);
  return rc;
}

static int localize_text(nl_lz *z, nl_buf *cur, nl_lz_span *sp, size_t m,
                         const char *suffix) {
  static const step_fn steps[] = {nl_lz__orthography,
                                  nl_lz__digits, nl_lz__quotes,
                                  nl_lz__punctuation, nl_lz__dashes};
  int rc = nl_lz__controls(z, cur, sp, m);
  for (size_t k = 0; rc == 0 && k < sizeof(steps) / sizeof(steps[0]); k++)
    rc = run_step(z, steps[k], cur, sp, m);
  if (rc == 0 && suffix && nl_buf__puts(cur, suffix) < 0)
    rc = nl_error__nomem(z->err);
  if (rc == 0)
    rc = nl_lz__isolate(z, cur, sp, m);
  return rc;
}

/* Localizes the first `keep` bytes of the block and appends `suffix`
 * (the dateline's date), which replaces the rest. */
static int localize_block(nl_lz *z, nl_article *out, const nl_block *b,
                          size_t keep, const char *suffix) {
  size_t len, m = nl_block_inline_count(b);
  const char *t = nl_block_text(b, &len);
  z->block_id = nl_block_id(b);
  z->base = 0;
  if (suffix && nl_lz__note(z, "dateline", keep, t + keep, len - keep, suffix,
                            strlen(suffix)) < 0)
    return NL_ENOMEM;
  len = keep;
  nl_lz_span *sp = calloc(m + 1, sizeof(*sp));
  nl_buf text = NL_BUF_INIT;
  int rc = sp && nl_buf__put(&text, t, len) == 0 ? 0 : nl_error__nomem(z->err);
  for (size_t i = 0; rc == 0 && i < m; i++) {
    const nl_inline *x = nl_block_inline(b, i);
    nl_lz_span s1 = {x->start, x->end, x->empty};
    sp[i] = s1;
  }
  z->quote_open = 1;
  z->inner_open = 0;
  z->block_in_script = nl_lz__has_service_script(z, t, len);
  /* a short block (a byline) carries little evidence: it follows the
   * article when the article as a whole is clearly Zawgyi */
  z->block_is_zawgyi =
      z->zawgyi && (nl_lz__is_zawgyi(t, len) ||
                    (z->article_zawgyi && nl_lz__zawgyi_score(t, len) > 0));
  if (rc == 0)
    rc = localize_text(z, &text, sp, m, suffix);
  nl_block *nb = NULL;
  if (rc == 0)
    rc = nl_article_add_block(out, nl_block_get_kind(b), nl_block_id(b),
                              text.ptr ? text.ptr : "", text.size, &nb,
                              z->err);
  for (size_t i = 0; rc == 0 && i < m; i++) {
    const nl_inline *x = nl_block_inline(b, i);
    rc = nl_block_add_inline(nb, x->name, sp[i].start, sp[i].end, x->empty,
                             x->attrs, x->nattrs, z->err);
  }
  if (rc == 0)
    rc = nl_block_set_lang(nb, nl_block_lang(b), z->err);
  free(sp);
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
  if (rc == 0)
    rc = nl_block_set_lang(nb, nl_block_lang(b), err);
  return rc;
}

/* The comma a dateline puts between place and date, by script. */
static const char *dateline_comma(const nl_service *svc) {
  const char *sc = nl_service_get(svc, NL_SERVICE_SCRIPT);
  if (strcmp(sc, "Arab") == 0)
    return "\xD8\x8C "; /* U+060C ARABIC COMMA */
  if (strcmp(sc, "Hans") == 0 || strcmp(sc, "Hant") == 0)
    return "\xEF\xBC\x8C"; /* U+FF0C FULLWIDTH COMMA */
  if (strcmp(sc, "Mymr") == 0)
    return "\xE1\x81\x8A "; /* U+104A MYANMAR SIGN LITTLE SECTION */
  if (strcmp(sc, "Ethi") == 0)
    return "\xE1\x8D\xA3 "; /* U+1363 ETHIOPIC COMMA */
  return ", ";
}

static int is_comma(uint32_t c) {
  return c == ',' || c == 0x060C || c == 0xFF0C || c == 0x104A ||
         c == 0x1363 || c == 0x3001;
}

/*
 * Where the date in a dateline starts, or len when it has none we can
 * replace. A dateline is "PLACE, DATE": the date is taken to start after
 * the last comma before the first digit (of any script), and it is only
 * replaced when it holds the article's year, so that "KABUL, Afghan
 * capital" or a number that is not the date is left alone. No inline
 * element may reach into the date.
 */
static size_t date_start(const nl_block *b, const char *iso) {
  size_t len, comma = 0;
  const char *t = nl_block_text(b, &len);
  int year = 0, found = 0, digits = 0;
  long value = -1;
  if (iso == NULL || sscanf(iso, "%4d", &year) != 1)
    return len;
  for (size_t i = 0; i <= len && !found;) {
    uint32_t c = i < len ? nl_utf8__next(t, len, &i) : (i++, 0);
    int d = c ? u_charDigitValue((UChar32)c) : -1;
    if (d >= 0) {
      if (comma == 0)
        return len; /* a digit before any comma: not PLACE, DATE */
      digits = 1;
      value = value < 0 ? d : (value > 99999 ? value : value * 10 + d);
    } else if (value >= 0) {
      found = value == year;
      value = -1;
    }
    if (is_comma(c) && !digits)
      comma = i;
  }
  for (size_t k = 0; found && k < nl_block_inline_count(b); k++)
    if (nl_block_inline(b, k)->end > comma)
      return len;
  return found ? comma : len;
}

/* A place that already ends in punctuation (Tibetan ends it with a
 * shad) takes the date after a space, not after a comma. */
static int ends_in_punct(const char *t, size_t len) {
  return len > 0 && u_ispunct((UChar32)nl_utf8__prev(t, len));
}

/* The dateline's date in the service's language, calendar and digits:
 * replaces the translator's date (keep < len) or is added after the
 * place when the dateline has no number at all. */
static int dateline_date(const nl_article *in, const nl_block *b,
                         const nl_service *svc, size_t *keep, nl_buf *out,
                         nl_error *err) {
  size_t len;
  const char *t = nl_block_text(b, &len);
  const char *iso = nl_article_get(in, NL_FIELD_DATE);
  *keep = date_start(b, iso);
  if (*keep == len)
    for (size_t i = 0; i < len;)
      if (u_charDigitValue((UChar32)nl_utf8__next(t, len, &i)) >= 0)
        return 0; /* a number we do not understand: leave it */
  nl_buf date = NL_BUF_INIT;
  int rc = nl_lz__date(svc, iso, &date, err);
  if (rc == 0 && date.size &&
      (nl_buf__puts(out, *keep < len || ends_in_punct(t, len)
                             ? " "
                             : dateline_comma(svc)) < 0 ||
       nl_buf__put(out, date.ptr, date.size) < 0))
    rc = nl_error__nomem(err);
  if (rc == 0 && date.size == 0)
    *keep = len;
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

static int article_zawgyi(const nl_article *in) {
  int score = 0;
  for (size_t i = 0; i < nl_article_block_count(in); i++) {
    const nl_block *b = nl_article_block(in, i);
    size_t len;
    const char *t = nl_block_text(b, &len);
    if (nl_block_translatable(b))
      score += nl_lz__zawgyi_score(t, len);
  }
  return score >= 3;
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
  if (z.zawgyi)
    z.article_zawgyi = article_zawgyi(in);
  if (rc == 0)
    rc = set_fields(a, in, svc, err);
  for (size_t i = 0; rc == 0 && i < nl_article_block_count(in); i++) {
    const nl_block *b = nl_article_block(in, i);
    nl_buf suffix = NL_BUF_INIT;
    size_t keep;
    nl_block_text(b, &keep);
    if (!nl_block_translatable(b)) {
      rc = copy_block(a, b, err);
      continue;
    }
    if (nl_block_get_kind(b) == NL_BLOCK_DATELINE)
      rc = dateline_date(in, b, svc, &keep, &suffix, err);
    if (rc == 0)
      rc = localize_block(&z, a, b, keep, suffix.size ? suffix.ptr : NULL);
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
