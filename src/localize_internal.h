/*
 * localize_internal.h - the steps of localization (internal).
 *
 * A block is cut at its inline element boundaries into pieces. Each
 * text step runs over the whole block, piece by piece, into a new
 * buffer, so that element offsets can be rebuilt from the new piece
 * lengths and markup never drifts; steps that need state across pieces
 * (quotes) keep it in the context. Bidi isolation runs last, on the
 * whole block, because whether a run needs isolating depends on its
 * neighbours; it moves the element offsets itself.
 */
#ifndef NL_LOCALIZE_INTERNAL_H
#define NL_LOCALIZE_INTERNAL_H

#include <stdint.h>

#include <newsloc/localize.h>

typedef struct nl_ortho_rule {
  char *from, *to;
  int final;       /* only at the end of a word */
  int not_name;    /* not before a capital and a small letter (O'Brien) */
  const char *set; /* the rule set's name (owned by the service) */
} nl_ortho_rule;

typedef struct nl_lz {
  const nl_service *svc;
  const char *script; /* ISO 15924 of the article's text, one of the
                         service's scripts */
  const char *tag;    /* the service's tag for that script */
  const char *block_id;
  size_t base;         /* offset of the current piece in the block */
  int rtl;
  nl_ortho_rule *rules;
  size_t nrules;
  int zawgyi;          /* the service's text may come as Zawgyi */
  int block_is_zawgyi; /* this block was judged to be Zawgyi */
  int article_zawgyi;  /* the whole article scores as Zawgyi */
  void *zawgyi_trans;  /* UTransliterator, opened when first needed */
  char digits[10][8];  /* the service's digits as UTF-8, "" for latn */
  uint32_t unify_zero[4]; /* zeros of other digit sets that become ours */
  int nunify;
  void *keep_rx;       /* URegularExpression: the number policy's keeps */
  void *group_fmt;     /* UNumberFormat grouping as the locale does */
  char percent_joiner[16]; /* between a number and %, from CLDR */
  int percent_suffix;  /* the locale writes % after the number */
  int block_in_script; /* the block has a letter of the service's script */
  int block_foreign;   /* its letters are all of other scripts: no
                          typography of the service's */
  int quote_open;      /* the next straight double quote opens */
  int inner_open;      /* a single quote inside a quotation is open */
  nl_localize_report *report;
  nl_error *err;
} nl_lz;

/* An inline element's range, moved as text is inserted. */
typedef struct nl_lz_span {
  size_t start, end;
  int empty;
} nl_lz_span;

/* Records a change at byte `at` of the current piece (z->base added). */
int nl_lz__note(nl_lz *z, const char *rule, size_t at, const char *before,
                size_t blen, const char *after, size_t alen);

/* orthography.c */
int nl_lz__load_rules(nl_lz *z, const char *locales_dir, nl_error *err);
void nl_lz__free_rules(nl_lz *z);
/* A score: > 0 Zawgyi, < 0 Unicode, 0 no evidence. */
int nl_lz__zawgyi_score(const char *text, size_t len);
int nl_lz__is_zawgyi(const char *text, size_t len);
int nl_lz__orthography(nl_lz *z, const char *s, size_t len, nl_buf *out);
/* The rule that applies at byte i of s, or NULL (check.c reports them). */
const nl_ortho_rule *nl_lz__rule_at(const nl_lz *z, const char *s,
                                    size_t len, size_t i);

/* numbers.c */
/* The service's digits, the number policy (locales/numbers.tsv) and
 * CLDR's grouping and percent spacing for z->tag. */
int nl_lz__load_numbers(nl_lz *z, const char *locales_dir, nl_error *err);
void nl_lz__free_numbers(nl_lz *z);
int nl_lz__digits(nl_lz *z, const char *s, size_t len, nl_buf *out);
int nl_lz__percent(nl_lz *z, const char *s, size_t len, nl_buf *out);

/* typography.c */
/* Whether the text has a letter of the service's script: decided per
 * block, so that a number alone in a link follows its sentence. */
int nl_lz__has_service_script(const nl_lz *z, const char *s, size_t len);
/* Whether all the text's letters are of other scripts than the
 * service's: a block left in English on a Persian or Chinese page. */
int nl_lz__foreign_block(const nl_lz *z, const char *s, size_t len);
int nl_lz__quotes(nl_lz *z, const char *s, size_t len, nl_buf *out);
int nl_lz__punctuation(nl_lz *z, const char *s, size_t len, nl_buf *out);
int nl_lz__dashes(nl_lz *z, const char *s, size_t len, nl_buf *out);

/* dateline.c */
/* The dateline's bytes [*from, *to) are to become `date` (the service's
 * date, with a separator when it is added after the place); *from ==
 * len and `date` empty when the block stays as written. `tag` is the
 * text's language tag. */
int nl_lz__dateline(const nl_article *in, const nl_block *b,
                    const nl_service *svc, const char *tag, size_t *from,
                    size_t *to, nl_buf *date, nl_error *err);

/* bidi.c */
/* Removes embeddings, overrides and unpaired isolates from the whole
 * block, in place; `spans` follow the text. */
int nl_lz__controls(nl_lz *z, nl_buf *text, nl_lz_span *spans, size_t n);
/* Wraps the runs of the other direction that would display wrongly in
 * isolates, in place; `spans` follow the text. */
int nl_lz__isolate(nl_lz *z, nl_buf *text, nl_lz_span *spans, size_t n);

#endif
