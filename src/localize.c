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
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>

#include <newsloc/io.h>
#include <newsloc/localize.h>

#include "error.h"
#include "lang.h"
#include "localize_internal.h"
#include "services_internal.h"
#include "util/buf.h"
#include "util/icu.h"
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
  static const step_fn steps[] = {nl_lz__orthography, nl_lz__digits,
                                  nl_lz__percent, nl_lz__quotes,
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

/* Localizes the first `keep` bytes of the block; the dateline's date
 * `suffix` replaces bytes keep..`tail`, and the rest (spaces and
 * punctuation after the date) follows it as written. */
/* A block that merge marked as left in another language (English kept on
 * a French page) takes none of the service's typography, whatever its
 * script: «We used…» would be French marks on English words. */
static int other_language(const char *block_lang, const char *service_tag) {
  if (block_lang == NULL || service_tag == NULL)
    return 0;
  size_t a = strcspn(block_lang, "-_"), b = strcspn(service_tag, "-_");
  return a != b || strncasecmp(block_lang, service_tag, a) != 0;
}

static int localize_block(nl_lz *z, nl_article *out, const nl_block *b,
                          size_t keep, const char *suffix, size_t tail) {
  size_t len, m = nl_block_inline_count(b);
  const char *t = nl_block_text(b, &len);
  z->block_id = nl_block_id(b);
  z->base = 0;
  if (suffix && nl_lz__note(z, "dateline", keep, t + keep, tail - keep, suffix,
                            strlen(suffix)) < 0)
    return NL_ENOMEM;
  nl_buf after = NL_BUF_INIT;
  if (suffix && (nl_buf__puts(&after, suffix) < 0 ||
                 nl_buf__put(&after, t + tail, len - tail) < 0)) {
    nl_buf_dispose(&after);
    return nl_error__nomem(z->err);
  }
  suffix = after.ptr;
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
  z->block_foreign = nl_lz__foreign_block(z, t, len) ||
                     other_language(nl_block_lang(b), z->tag);
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
  /* added as they were listed: isolation can move an element's start
   * past an empty element listed after it (an <em> whose text goes into
   * the isolate, the <br/> at its start staying before it), and the
   * block puts each in document order itself, keeping <br/><em> and
   * <em><br/> as they were */
  for (size_t i = 0; rc == 0 && i < m; i++) {
    const nl_inline *x = nl_block_inline(b, i);
    rc = nl_block_add_inline(nb, x->name, sp[i].start, sp[i].end, x->empty,
                             x->attrs, x->nattrs, z->err);
  }
  if (rc == 0)
    rc = nl_block_set_lang(nb, nl_block_lang(b), z->err);
  free(sp);
  nl_buf_dispose(&text);
  nl_buf_dispose(&after);
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

/* The script a tag stands for, through likely subtags ("sr" is Cyrl). */
static void tag_script(const char *tag, char *out, size_t cap) {
  char full[ULOC_FULLNAME_CAPACITY];
  UErrorCode ec = U_ZERO_ERROR;
  out[0] = '\0';
  /* nl_lang__likely leaves no id ICU filled to the brim unterminated */
  if (!nl_lang__likely(full, sizeof(full), tag))
    return;
  uloc_getScript(full, out, (int32_t)cap, &ec);
  if (!nl_icu__filled(ec))
    out[0] = '\0';
}

/* Letters of each of the service's scripts (at most 8) in the
 * translatable blocks. */
static void count_letters(const nl_service *svc, const nl_article *in,
                          size_t n, size_t *count) {
  UScriptCode codes[8];
  for (size_t k = 0; k < n; k++) {
    const char *tag;
    UErrorCode ec = U_ZERO_ERROR;
    if (uscript_getCode(nl_service__script(svc, k, &tag), &codes[k], 1,
                        &ec) < 1)
      codes[k] = USCRIPT_INVALID_CODE;
  }
  for (size_t i = 0; i < nl_article_block_count(in); i++) {
    const nl_block *b = nl_article_block(in, i);
    size_t len;
    const char *t = nl_block_text(b, &len);
    for (size_t j = 0; nl_block_translatable(b) && j < len;) {
      UChar32 c = (UChar32)nl_utf8__next(t, len, &j);
      UErrorCode ec = U_ZERO_ERROR;
      UScriptCode sc = u_isalpha(c) ? uscript_getScript(c, &ec)
                                    : USCRIPT_INVALID_CODE;
      for (size_t k = 0; k < n; k++)
        count[k] += sc == codes[k];
    }
  }
}

/*
 * Which of the service's scripts the article is in (Serbian: Latin or
 * Cyrillic): the one most of its letters are in; with no letters, the
 * one its language tag (the XLIFF's trgLang) stands for; else the
 * service's own. The text decides before the tag because an export
 * always carries the service's tag, whatever script the translator
 * then wrote in.
 */
static size_t article_script(const nl_service *svc, const nl_article *in) {
  size_t n = nl_service__script_count(svc), best = 0, count[8] = {0};
  n = n > 8 ? 8 : n;
  if (n < 2)
    return 0;
  count_letters(svc, in, n, count);
  for (size_t k = 1; k < n; k++)
    if (count[k] > count[best])
      best = k;
  char sc[16];
  const char *lang = nl_article_get(in, NL_FIELD_LANG), *tag;
  if (count[best] == 0 && lang) {
    tag_script(lang, sc, sizeof(sc));
    for (size_t k = 0; k < n; k++)
      if (strcmp(nl_service__script(svc, k, &tag), sc) == 0)
        best = k;
  }
  return best;
}

static int set_fields(nl_article *out, const nl_article *in, const nl_lz *z,
                      nl_error *err) {
  int rc = 0;
  const nl_service *svc = z->svc;
  for (int f = 0; f < NL_FIELD__COUNT && rc == 0; f++)
    rc = nl_article_set(out, (nl_article_field)f,
                        nl_article_get(in, (nl_article_field)f), err);
  /* the translation's own tag (the XLIFF's trgLang) stays: it is what
   * the translator and the editor chose - unless it stands for another
   * script than the text is in (Cyrillic text under sr-Latn-RS); a bare
   * article gets the service's tag for its script */
  const char *lang = nl_article_get(in, NL_FIELD_LANG);
  char sc[16] = "";
  if (lang)
    tag_script(lang, sc, sizeof(sc));
  if (rc == 0 && (lang == NULL || (nl_service__script_count(svc) > 1 &&
                                   strcmp(sc, z->script) != 0)))
    rc = nl_article_set(out, NL_FIELD_LANG, z->tag, err);
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
  z.script = nl_service__script(svc, article_script(svc, in), &z.tag);
  z.rtl = strcmp(nl_service_get(svc, NL_SERVICE_DIR), "rtl") == 0;
  if (report && (z.report = calloc(1, sizeof(*z.report))) == NULL)
    return nl_error__nomem(err);
  nl_article *a = NULL;
  int rc = nl_lz__load_rules(&z, nl_services__dir(services), err);
  if (rc == 0)
    rc = nl_lz__load_numbers(&z, nl_services__dir(services), err);
  if (rc == 0)
    rc = nl_article_new(&a, err);
  if (z.zawgyi)
    z.article_zawgyi = article_zawgyi(in);
  if (rc == 0)
    rc = set_fields(a, in, &z, err);
  for (size_t i = 0; rc == 0 && i < nl_article_block_count(in); i++) {
    const nl_block *b = nl_article_block(in, i);
    nl_buf suffix = NL_BUF_INIT;
    size_t keep, tail;
    nl_block_text(b, &keep);
    tail = keep;
    if (!nl_block_translatable(b)) {
      rc = copy_block(a, b, err);
      continue;
    }
    if (nl_block_get_kind(b) == NL_BLOCK_DATELINE)
      rc = nl_lz__dateline(in, b, svc, z.tag, &keep, &tail, &suffix, err);
    if (rc == 0)
      rc = localize_block(&z, a, b, keep, suffix.size ? suffix.ptr : NULL,
                          tail);
    nl_buf_dispose(&suffix);
  }
  nl_lz__free_rules(&z);
  nl_lz__free_numbers(&z);
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
