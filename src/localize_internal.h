/*
 * localize_internal.h - the steps of localization (internal).
 *
 * A block is cut at its inline element boundaries into pieces; each
 * step rewrites a piece into a new buffer, so that element offsets can
 * be rebuilt from the new piece lengths and markup never drifts. Steps
 * that need state across pieces (quotes) keep it in the context.
 */
#ifndef NL_LOCALIZE_INTERNAL_H
#define NL_LOCALIZE_INTERNAL_H

#include <newsloc/localize.h>

typedef struct nl_ortho_rule {
  char *from, *to;
  int final; /* only at the end of a word */
} nl_ortho_rule;

typedef struct nl_lz {
  const nl_service *svc;
  const char *block_id;
  int rtl;
  nl_ortho_rule *rules;
  size_t nrules;
  int zawgyi;          /* the service's text may come as Zawgyi */
  int block_is_zawgyi; /* this block was judged to be Zawgyi */
  void *zawgyi_trans;  /* UTransliterator, opened when first needed */
  char digits[10][8];  /* the service's digits as UTF-8, "" for latn */
  int quote_open;      /* the next straight double quote opens */
  nl_localize_report *report;
  nl_error *err;
} nl_lz;

/* Records a change (excerpts of before and after). */
int nl_lz__note(nl_lz *z, const char *rule, const char *before, size_t blen,
                const char *after, size_t alen);

/* orthography.c */
int nl_lz__load_rules(nl_lz *z, const char *locales_dir, nl_error *err);
void nl_lz__free_rules(nl_lz *z);
int nl_lz__is_zawgyi(const char *text, size_t len);
int nl_lz__orthography(nl_lz *z, const char *s, size_t len, nl_buf *out);

/* typography.c */
int nl_lz__load_digits(nl_lz *z, nl_error *err);
int nl_lz__digits(nl_lz *z, const char *s, size_t len, nl_buf *out);
int nl_lz__quotes(nl_lz *z, const char *s, size_t len, nl_buf *out);
int nl_lz__date(const nl_service *svc, const char *iso, nl_buf *out,
                nl_error *err);

/* bidi.c */
int nl_lz__controls(nl_lz *z, const char *s, size_t len, nl_buf *out);
int nl_lz__isolate(nl_lz *z, const char *s, size_t len, nl_buf *out);

#endif
