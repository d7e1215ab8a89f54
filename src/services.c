/*
 * services.c - the service registry: loading, checking, finding.
 *
 * The registry is read once and checked whole: a typo in a key, a tag
 * ICU cannot parse, a numbering system ICU does not have or an
 * orthography rule set that is not there is an error naming the line,
 * because a registry that loads "mostly" publishes wrong digits.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uscript.h>

#include <newsloc/io.h>
#include <newsloc/services.h>

#include "error.h"
#include "lang.h"
#include "locales.h"
#include "services_internal.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/json.h"
#include "util/utf8.h"

/* Fields where the registry departs from ICU/CLDR on purpose. */
static const char *const differ_fields[] = {"dir",    "script",   "digits",
                                            "quotes", "calendar", NULL};
#define NDIFFER 5

struct nl_service {
  char *f[NL_SERVICE_DASH + 1];
  char *quotes[4];
  char **orth;
  size_t northo;
  char *differs[NDIFFER]; /* reason per field, or NULL */
  char **aliases;         /* other names people use ("farsi") */
  size_t naliases;
  nl_date_form *dates; /* "date": the written form first when date_writes */
  size_t ndates;
  int date_writes;
  char *date_sep;
  char **scripts; /* pairs: script, tag */
  size_t nscripts;
  char **unify; /* numbering systems whose digits become ours */
  size_t nunify;
  int initial_apostrophe;
  char *apostrophe;
};

struct nl_services {
  nl_service *s;
  size_t n;
  char *dir; /* the locales directory the registry came from */
};

void nl_services_free(nl_services *r) {
  if (r == NULL)
    return;
  for (size_t i = 0; i < r->n; i++) {
    nl_service *s = &r->s[i];
    for (size_t k = 0; k <= NL_SERVICE_DASH; k++)
      free(s->f[k]);
    for (size_t k = 0; k < 4; k++)
      free(s->quotes[k]);
    for (size_t k = 0; k < s->northo; k++)
      free(s->orth[k]);
    for (size_t k = 0; k < NDIFFER; k++)
      free(s->differs[k]);
    for (size_t k = 0; k < s->naliases; k++)
      free(s->aliases[k]);
    free(s->aliases);
    free(s->orth);
    for (size_t k = 0; k < s->ndates; k++) {
      free(s->dates[k].pattern);
      for (size_t m = 0; s->dates[k].months && m < 12; m++)
        free(s->dates[k].months[m]);
      free(s->dates[k].months);
    }
    free(s->dates);
    free(s->date_sep);
    for (size_t k = 0; k < 2 * s->nscripts; k++)
      free(s->scripts[k]);
    free(s->scripts);
    for (size_t k = 0; k < s->nunify; k++)
      free(s->unify[k]);
    free(s->unify);
    free(s->apostrophe);
  }
  free(r->s);
  free(r->dir);
  free(r);
}

size_t nl_services_count(const nl_services *r) { return r ? r->n : 0; }

const nl_service *nl_services_at(const nl_services *r, size_t i) {
  return r && i < r->n ? &r->s[i] : NULL;
}

const char *nl_service_get(const nl_service *s, nl_service_field f) {
  return s && (unsigned)f <= NL_SERVICE_DASH ? s->f[f] : NULL;
}

const char *nl_service_quote(const nl_service *s, int which) {
  return s && which >= 0 && which < 4 ? s->quotes[which] : NULL;
}

size_t nl_service_orthography_count(const nl_service *s) {
  return s ? s->northo : 0;
}

const char *nl_service_orthography(const nl_service *s, size_t i) {
  return s && i < s->northo ? s->orth[i] : NULL;
}

const char *nl_service_icu_differs(const nl_service *s, const char *field) {
  for (size_t k = 0; s && field && k < NDIFFER; k++)
    if (strcmp(differ_fields[k], field) == 0)
      return s->differs[k];
  return NULL;
}

const char *nl_services__dir(const nl_services *r) { return r->dir; }

size_t nl_service__date_forms(const nl_service *s, const nl_date_form **forms,
                              int *writes) {
  *forms = s->dates;
  *writes = s->date_writes;
  return s->ndates;
}

const char *nl_service__dateline_separator(const nl_service *s) {
  return s->date_sep;
}

size_t nl_service__unify_count(const nl_service *s) { return s->nunify; }

const char *nl_service__apostrophe(const nl_service *s) {
  return s->apostrophe;
}

int nl_service__word_initial_apostrophe(const nl_service *s) {
  return s->initial_apostrophe;
}

const char *nl_service__unify(const nl_service *s, size_t i) {
  return i < s->nunify ? s->unify[i] : NULL;
}

size_t nl_service__script_count(const nl_service *s) {
  return s->nscripts ? s->nscripts : 1;
}

const char *nl_service__script(const nl_service *s, size_t i,
                               const char **tag) {
  if (s->nscripts == 0) {
    *tag = i == 0 ? s->f[NL_SERVICE_TAG] : NULL;
    return i == 0 ? s->f[NL_SERVICE_SCRIPT] : NULL;
  }
  *tag = i < s->nscripts ? s->scripts[2 * i + 1] : NULL;
  return i < s->nscripts ? s->scripts[2 * i] : NULL;
}

/* ---- checking --------------------------------------------------------- */

typedef struct loader {
  const char *path;
  const char *text;
  nl_error *err;
  nl_services *r;
  /* numbering systems ICU has already accepted (most services write
   * "latn"): names in the parsed document, which outlives the loader */
  const char *numbering_ok[8];
  size_t nnumbering_ok;
} loader;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 0)))
#endif
static int bad_at(loader *l, size_t offset, const char *fmt, va_list ap) {
  unsigned long line = 0, col = 0;
  char msg[200];
  vsnprintf(msg, sizeof(msg), fmt, ap);
  nl_utf8__position(l->text, offset, &line, &col);
  return nl_error__set(l->err, NL_EPARSE, l->path, line, col, "%s", msg);
}

/* An error at a member's name (an unknown key). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int bad_key(loader *l, const nl_json *at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = bad_at(l, at->key_offset, fmt, ap);
  va_end(ap);
  return rc;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int bad(loader *l, const nl_json *at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = bad_at(l, at->offset, fmt, ap);
  va_end(ap);
  return rc;
}

static const char *str(const nl_json *o, const char *key) {
  const nl_json *v = nl_json__get(o, key);
  return v && v->type == NL_JSON_STRING ? v->string : NULL;
}

static int is_numbering(loader *l, const char *name) {
  for (size_t i = 0; i < l->nnumbering_ok; i++)
    if (strcmp(l->numbering_ok[i], name) == 0)
      return 1;
  int ok = nl_service__numbering_known(name);
  if (ok && l->nnumbering_ok < sizeof(l->numbering_ok) /
                                   sizeof(l->numbering_ok[0]))
    l->numbering_ok[l->nnumbering_ok++] = name;
  return ok;
}

static int one_of(const char *v, const char *const *list) {
  for (; *list; list++)
    if (strcmp(v, *list) == 0)
      return 1;
  return 0;
}

/* Unknown keys are typos: refuse them. */
static int check_keys(loader *l, const nl_json *o) {
  static const char *const known[] = {
      "id",     "name",     "native",      "tag",    "script",
      "dir",    "digits",   "quotes",      "calendar", "orthography",
      "status", "site_lang", "quote_spacing", "notes", "icu_differs",
      "punctuation_spacing", "aliases", "dash", "date", "scripts",
      "unify_digits", "word_initial_apostrophe",
      "apostrophe", NULL};
  for (size_t i = 0; i < o->count; i++)
    if (!one_of(o->items[i].key, known))
      return bad_key(l, &o->items[i], "unknown key \"%s\" in a service",
                 o->items[i].key);
  return 0;
}

/* "icu_differs": {"quotes": "why", ...}: each departure from ICU/CLDR
 * names the field and gives a reason, so that the agreement test can
 * tell a decision from a mistake. */
static int check_differs(loader *l, const nl_json *o) {
  const nl_json *d = nl_json__get(o, "icu_differs");
  if (d == NULL)
    return 0;
  if (d->type != NL_JSON_OBJECT)
    return bad(l, d, "%s: icu_differs maps fields to reasons",
               str(o, "id"));
  for (size_t i = 0; i < d->count; i++) {
    const nl_json *m = &d->items[i];
    if (!one_of(m->key, differ_fields))
      return bad_key(l, m, "icu_differs: \"%s\" is not dir, script, "
                     "digits, quotes or calendar", m->key);
    if (m->type != NL_JSON_STRING || m->len == 0)
      return bad(l, m, "icu_differs: \"%s\" needs a reason", m->key);
  }
  return 0;
}

static int check_date(loader *l, const nl_json *o);
static int check_scripts(loader *l, const nl_json *o);

/* An optional key whose value is one of two strings. */
static int check_pair(loader *l, const nl_json *o, const char *key,
                      const char *a, const char *b) {
  const nl_json *v = nl_json__get(o, key);
  if (v && (v->type != NL_JSON_STRING ||
            (strcmp(v->string, a) != 0 && strcmp(v->string, b) != 0)))
    return bad(l, v, "%s: %s is \"%s\" or \"%s\"", str(o, "id"), key, a, b);
  return 0;
}

static int check_values(loader *l, const nl_json *o) {
  static const char *const required[] = {"id",     "name",   "native",
                                         "tag",    "script", "dir",
                                         "digits", "calendar", "status",
                                         NULL};
  static const char *const dirs[] = {"ltr", "rtl", NULL};
  static const char *const statuses[] = {"active", "closed", "unknown", NULL};
  static const char *const calendars[] = {"gregorian", "persian", "islamic",
                                          "islamic-civil", "buddhist",
                                          "ethiopic", "hebrew", NULL};
  for (const char *const *k = required; *k; k++)
    if (str(o, *k) == NULL || *str(o, *k) == '\0')
      return bad(l, o, "a service without \"%s\"", *k);
  if (!nl_lang__is_tag(str(o, "tag")))
    return bad(l, nl_json__get(o, "tag"), "\"%s\" is not a BCP 47 tag",
               str(o, "tag"));
  if (!one_of(str(o, "dir"), dirs))
    return bad(l, nl_json__get(o, "dir"), "dir is \"%s\", not ltr or rtl",
               str(o, "dir"));
  if (!is_numbering(l, str(o, "digits")))
    return bad(l, nl_json__get(o, "digits"),
               "\"%s\" is not an ICU numbering system", str(o, "digits"));
  if (!one_of(str(o, "calendar"), calendars))
    return bad(l, nl_json__get(o, "calendar"), "unknown calendar \"%s\"",
               str(o, "calendar"));
  if (!one_of(str(o, "status"), statuses))
    return bad(l, nl_json__get(o, "status"), "unknown status \"%s\"",
               str(o, "status"));
  const nl_json *q = nl_json__get(o, "quotes");
  if (q == NULL || q->type != NL_JSON_ARRAY || q->count != 4)
    return bad(l, q ? q : o, "%s needs four quotation marks",
               str(o, "id"));
  for (size_t i = 0; i < 4; i++)
    if (q->items[i].type != NL_JSON_STRING || q->items[i].len == 0)
      return bad(l, &q->items[i], "%s: a quotation mark must be a string",
                 str(o, "id"));
  const nl_json *orth = nl_json__get(o, "orthography");
  if (orth == NULL || orth->type != NL_JSON_ARRAY)
    return bad(l, orth ? orth : o, "%s: orthography must be a list",
               str(o, "id"));
  const nl_json *al = nl_json__get(o, "aliases");
  if (al && al->type != NL_JSON_ARRAY)
    return bad(l, al, "%s: aliases must be a list", str(o, "id"));
  for (size_t i = 0; al && i < al->count; i++)
    if (al->items[i].type != NL_JSON_STRING || al->items[i].len == 0)
      return bad(l, &al->items[i], "%s: an alias is a name", str(o, "id"));
  int rc = check_pair(l, o, "dash", "\xE2\x80\x94", "\xE2\x80\x93");
  if (rc < 0)
    return rc;
  const nl_json *ps = nl_json__get(o, "punctuation_spacing");
  if (ps && (ps->type != NL_JSON_STRING || strcmp(ps->string, "french")))
    return bad(l, ps, "%s: punctuation_spacing is \"french\" or absent",
               str(o, "id"));
  const nl_json *wa = nl_json__get(o, "word_initial_apostrophe");
  if (wa && wa->type != NL_JSON_BOOL)
    return bad(l, wa, "%s: word_initial_apostrophe is true or false",
               str(o, "id"));
  rc = check_pair(l, o, "apostrophe", "\xE2\x80\x99", "\xCA\xBC");
  if (rc < 0)
    return rc;
  const nl_json *un = nl_json__get(o, "unify_digits");
  if (un && un->type != NL_JSON_ARRAY)
    return bad(l, un, "%s: unify_digits is a list of numbering systems",
               str(o, "id"));
  for (size_t i = 0; un && i < un->count; i++)
    if (un->items[i].type != NL_JSON_STRING ||
        !is_numbering(l, un->items[i].string) ||
        strcmp(un->items[i].string, str(o, "digits")) == 0)
      return bad(l, &un->items[i],
                 "%s: unify_digits names other ICU numbering systems",
                 str(o, "id"));
  rc = check_date(l, o);
  if (rc == 0)
    rc = check_scripts(l, o);
  return rc < 0 ? rc : check_differs(l, o);
}

/* {"pattern": "d MMMM y", "months": [12 names]}: a pattern of field
 * letters ICU formats, naming the day, month and year outside quotes;
 * months, when given, are twelve names. */
static int check_date_form(loader *l, const nl_json *pat, const nl_json *mon) {
  if (pat == NULL || pat->type != NL_JSON_STRING || pat->len == 0)
    return bad(l, pat ? pat : mon, "a date form needs an ICU %s", "pattern");
  char unknown = 0;
  if (nl_service__date_pattern_fields(pat->string, &unknown) != 7)
    return unknown
               ? bad(l, pat, "\"%s\": '%c' is not a date field ICU formats "
                             "(quote literal letters)",
                     pat->string, unknown)
               : bad(l, pat, "\"%s\" is not an ICU date pattern with d, M "
                             "and y",
                     pat->string);
  if (mon && (mon->type != NL_JSON_ARRAY || mon->count != 12))
    return bad(l, mon, "months are twelve %s", "names");
  for (size_t i = 0; mon && i < 12; i++)
    if (mon->items[i].type != NL_JSON_STRING || mon->items[i].len == 0)
      return bad(l, &mon->items[i], "a month is a %s", "name");
  return 0;
}

static int check_date(loader *l, const nl_json *o) {
  static const char *const keys[] = {"pattern", "months", "accept",
                                     "separator", NULL};
  const nl_json *d = nl_json__get(o, "date");
  if (d == NULL)
    return 0;
  if (d->type != NL_JSON_OBJECT)
    return bad(l, d, "%s: date is an object", str(o, "id"));
  for (size_t i = 0; i < d->count; i++)
    if (!one_of(d->items[i].key, keys))
      return bad_key(l, &d->items[i], "unknown key \"%s\" in a date",
                     d->items[i].key);
  const nl_json *p = nl_json__get(d, "pattern"), *m = nl_json__get(d, "months");
  int rc = p || m ? check_date_form(l, p, m) : 0;
  const nl_json *acc = nl_json__get(d, "accept");
  if (rc == 0 && acc && acc->type != NL_JSON_ARRAY)
    rc = bad(l, acc, "%s: accept is a list of date forms", str(o, "id"));
  for (size_t i = 0; rc == 0 && acc && i < acc->count; i++) {
    const nl_json *a = &acc->items[i];
    rc = a->type == NL_JSON_OBJECT
             ? check_date_form(l, nl_json__get(a, "pattern"),
                               nl_json__get(a, "months"))
             : check_date_form(l, a, NULL);
  }
  const nl_json *sep = nl_json__get(d, "separator");
  if (rc == 0 && sep && (sep->type != NL_JSON_STRING || sep->len == 0))
    rc = bad(l, sep, "%s: the separator is a string", str(o, "id"));
  return rc;
}

/* {"Latn": "sr-Latn-RS", "Cyrl": "sr-Cyrl-RS"}: ISO 15924 codes ICU
 * knows, each with a tag in that script; the service's own script and
 * tag among them. */
static int check_scripts(loader *l, const nl_json *o) {
  const nl_json *sc = nl_json__get(o, "scripts");
  if (sc == NULL)
    return 0;
  if (sc->type != NL_JSON_OBJECT || sc->count == 0)
    return bad(l, sc, "%s: scripts maps scripts to tags", str(o, "id"));
  int own = 0;
  for (size_t i = 0; i < sc->count; i++) {
    const nl_json *m = &sc->items[i];
    UScriptCode code[4];
    UErrorCode ec = U_ZERO_ERROR;
    if (strlen(m->key) != 4 || uscript_getCode(m->key, code, 4, &ec) < 1 ||
        U_FAILURE(ec))
      return bad_key(l, m, "\"%s\" is not an ISO 15924 script", m->key);
    if (m->type != NL_JSON_STRING || !nl_lang__is_tag(m->string))
      return bad(l, m, "%s: the tag of %s is not a BCP 47 tag",
                 str(o, "id"), m->key);
    own |= strcmp(m->key, str(o, "script")) == 0 &&
           strcmp(m->string, str(o, "tag")) == 0;
  }
  return own ? 0
             : bad(l, sc, "%s: scripts must hold its script and tag",
                   str(o, "id"));
}

/* An orthography rule set must exist where the registry is. */
static int check_rule_set(loader *l, const nl_json *name) {
  if (name->type != NL_JSON_STRING)
    return bad(l, name, "an orthography rule set is named by a string%s", "");
  if (strcmp(name->string, "zawgyi") == 0)
    return 0; /* built in: ICU's Zawgyi-my transform */
  nl_buf rel = NL_BUF_INIT, path = NL_BUF_INIT;
  int rc = nl_buf__printf(&rel, "orthography/%s.tsv", name->string) < 0
               ? nl_error__nomem(l->err)
               : 0;
  if (rc == 0 && nl_locales__find(&path, l->r->dir, rel.ptr, NULL) < 0)
    rc = bad(l, name, "no orthography rule set \"%s\"", name->string);
  nl_buf_dispose(&rel);
  nl_buf_dispose(&path);
  return rc;
}

static int copy_form(nl_date_form *f, const nl_json *pat, const nl_json *mon) {
  if ((f->pattern = nl__strdup(pat->string)) == NULL)
    return NL_ENOMEM;
  if (mon && (f->months = calloc(12, sizeof(char *))) == NULL)
    return NL_ENOMEM;
  for (size_t i = 0; mon && i < 12; i++)
    if ((f->months[i] = nl__strdup(mon->items[i].string)) == NULL)
      return NL_ENOMEM;
  return 0;
}

/* The written form (if any) first, then the accepted ones. */
static int copy_dates(nl_service *s, const nl_json *d) {
  const nl_json *p = d ? nl_json__get(d, "pattern") : NULL;
  const nl_json *acc = d ? nl_json__get(d, "accept") : NULL;
  const nl_json *sep = d ? nl_json__get(d, "separator") : NULL;
  size_t n = (p != NULL) + (acc ? acc->count : 0);
  if (sep && (s->date_sep = nl__strdup(sep->string)) == NULL)
    return NL_ENOMEM;
  if (n == 0)
    return 0;
  if ((s->dates = calloc(n, sizeof(*s->dates))) == NULL)
    return NL_ENOMEM;
  s->date_writes = p != NULL;
  int rc = p ? copy_form(&s->dates[s->ndates++], p,
                         nl_json__get(d, "months"))
             : 0;
  for (size_t i = 0; rc == 0 && acc && i < acc->count; i++) {
    const nl_json *a = &acc->items[i];
    int obj = a->type == NL_JSON_OBJECT;
    rc = copy_form(&s->dates[s->ndates++], obj ? nl_json__get(a, "pattern") : a,
                   obj ? nl_json__get(a, "months") : NULL);
  }
  return rc;
}

static int copy_service(loader *l, nl_service *s, const nl_json *o) {
  static const char *const keys[] = {"id",       "name",   "native", "tag",
                                     "script",   "dir",    "digits",
                                     "calendar", "status", "notes",
                                     "quote_spacing", "punctuation_spacing",
                                     "dash"};
  int ok = 1;
  for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
    const char *v = str(o, keys[k]);
    s->f[k] = v ? nl__strdup(v) : NULL;
    ok &= v == NULL || s->f[k] != NULL;
  }
  const nl_json *q = nl_json__get(o, "quotes");
  for (size_t i = 0; i < 4; i++)
    ok &= (s->quotes[i] = nl__strdup(q->items[i].string)) != NULL;
  const nl_json *d = nl_json__get(o, "icu_differs");
  for (size_t i = 0; d && i < d->count; i++)
    for (size_t k = 0; k < NDIFFER; k++)
      if (strcmp(d->items[i].key, differ_fields[k]) == 0 &&
          s->differs[k] == NULL)
        ok &= (s->differs[k] = nl__strdup(d->items[i].string)) != NULL;
  const nl_json *al = nl_json__get(o, "aliases");
  if (al && al->count) {
    s->aliases = calloc(al->count, sizeof(char *));
    ok &= s->aliases != NULL;
    for (size_t i = 0; ok && i < al->count; i++)
      ok &= (s->aliases[s->naliases++] = nl__strdup(al->items[i].string)) !=
            NULL;
  }
  ok &= copy_dates(s, nl_json__get(o, "date")) == 0;
  const nl_json *wa = nl_json__get(o, "word_initial_apostrophe");
  s->initial_apostrophe = wa && wa->number != 0;
  const nl_json *ap = nl_json__get(o, "apostrophe");
  ok &= ap == NULL || (s->apostrophe = nl__strdup(ap->string)) != NULL;
  const nl_json *un = nl_json__get(o, "unify_digits");
  if (ok && un && un->count && (s->unify = calloc(un->count, sizeof(char *))))
    for (size_t i = 0; i < un->count; i++)
      ok &= (s->unify[s->nunify++] = nl__strdup(un->items[i].string)) != NULL;
  ok &= un == NULL || un->count == 0 || s->unify != NULL;
  const nl_json *sc = nl_json__get(o, "scripts");
  if (ok && sc && (s->scripts = calloc(2 * sc->count, sizeof(char *))))
    for (size_t i = 0; i < sc->count; i++, s->nscripts++)
      ok &= (s->scripts[2 * i] = nl__strdup(sc->items[i].key)) != NULL &&
            (s->scripts[2 * i + 1] = nl__strdup(sc->items[i].string)) != NULL;
  ok &= sc == NULL || s->scripts != NULL;
  const nl_json *orth = nl_json__get(o, "orthography");
  s->orth = calloc(orth->count + 1, sizeof(char *));
  ok &= s->orth != NULL;
  for (size_t i = 0; ok && i < orth->count; i++) {
    int rc = check_rule_set(l, &orth->items[i]);
    if (rc < 0)
      return rc;
    ok &= (s->orth[s->northo++] = nl__strdup(orth->items[i].string)) != NULL;
  }
  return ok ? 0 : nl_error__nomem(l->err);
}

static int read_registry(loader *l, const nl_json *doc) {
  const char *fmt = doc->type == NL_JSON_OBJECT ? str(doc, "format") : NULL;
  if (fmt == NULL || strcmp(fmt, "newsloc-services-1") != 0)
    return bad(l, doc, "not a newsloc service registry (format %s)",
               "\"newsloc-services-1\" expected");
  const nl_json *list = nl_json__get(doc, "services");
  if (list == NULL || list->type != NL_JSON_ARRAY || list->count == 0)
    return bad(l, doc, "the registry lists no %s", "services");
  l->r->s = calloc(list->count, sizeof(nl_service));
  if (l->r->s == NULL)
    return nl_error__nomem(l->err);
  for (size_t i = 0; i < list->count; i++) {
    const nl_json *o = &list->items[i];
    if (o->type != NL_JSON_OBJECT)
      return bad(l, o, "a service must be an %s", "object");
    int rc = check_keys(l, o);
    if (rc == 0)
      rc = check_values(l, o);
    for (size_t k = 0; rc == 0 && k < l->r->n; k++)
      if (strcmp(l->r->s[k].f[NL_SERVICE_ID], str(o, "id")) == 0)
        rc = bad(l, o, "service id \"%s\" appears twice", str(o, "id"));
    if (rc == 0)
      rc = copy_service(l, &l->r->s[l->r->n++], o);
    if (rc < 0)
      return rc;
  }
  return 0;
}

static int load(nl_services **out, const char *path, const char *dir,
                nl_error *err) {
  nl_buf data = NL_BUF_INIT;
  nl_json *doc = NULL;
  *out = NULL;
  int rc = nl_file_read(path, &data, err);
  if (rc == 0) /* which checks the UTF-8 first */
    rc = nl_json__parse(&doc, data.ptr, data.size, path, 1, err);
  nl_services *r = rc == 0 ? calloc(1, sizeof(*r)) : NULL;
  if (rc == 0 && (r == NULL || (r->dir = nl__strdup(dir)) == NULL))
    rc = nl_error__nomem(err);
  loader l = {path, data.ptr, err, r, {NULL}, 0};
  if (rc == 0)
    rc = read_registry(&l, doc);
  nl_json__free(doc);
  nl_buf_dispose(&data);
  if (rc < 0) {
    nl_services_free(r);
    return rc;
  }
  *out = r;
  return 0;
}

int nl_services_load_file(nl_services **out, const char *path,
                          nl_error *err) {
  nl_buf dir = NL_BUF_INIT;
  const char *slash = strrchr(path, '/');
  int rc = nl_buf__put(&dir, path, slash ? (size_t)(slash - path) : 1) < 0
               ? nl_error__nomem(err)
               : 0;
  if (rc == 0 && slash == NULL)
    dir.ptr[0] = '.';
  if (rc == 0)
    rc = load(out, path, dir.ptr, err);
  nl_buf_dispose(&dir);
  return rc;
}

int nl_services_load(nl_services **out, const char *locales_dir,
                     nl_error *err) {
  nl_buf path = NL_BUF_INIT;
  int rc = nl_locales__find(&path, locales_dir, "services.json", err);
  if (rc == 0)
    rc = nl_services_load_file(out, path.ptr, err);
  nl_buf_dispose(&path);
  return rc;
}

/* ---- finding ------------------------------------------------------------ */

static void likely(const char *tag, char *out, size_t cap) {
  char full[ULOC_FULLNAME_CAPACITY];
  snprintf(out, cap, "%s",
           nl_lang__likely(full, sizeof(full), tag) ? full : tag);
}

/* The language subtag of a tag or locale id ("fa" of "fa-Arab-IR"). */
static void language_of(const char *tag, char *out, size_t cap) {
  size_t n = strcspn(tag, "-_");
  snprintf(out, cap, "%.*s", (int)n, tag);
}

static int same_language(const char *tag, const char *lang) {
  char mine[ULOC_LANG_CAPACITY];
  language_of(tag, mine, sizeof(mine));
  return strcasecmp(mine, lang) == 0;
}

static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b), row[64];
  if (lb >= 63)
    return 99;
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t sub = diag + ((a[i - 1] | 0x20) != (b[j - 1] | 0x20));
      size_t best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
      row[j] = sub < best ? sub : best;
      diag = up;
    }
  }
  return row[lb];
}

/* Whether `cand` is close to what the user typed: a prefix of three
 * letters or more, or within a third of its length (rounded) in edits (at least
 * one): "persain" -> persian, "farsy" -> farsi, while "xx" is near
 * nothing ("lo", Lao's tag, is two edits away). */
static int close_to(const char *name, const char *cand) {
  size_t n = strlen(name);
  if (cand == NULL || *cand == '\0')
    return 0;
  if (n >= 3 && strncasecmp(cand, name, n) == 0)
    return 1;
  size_t most = (n + 1) / 3 > 1 ? (n + 1) / 3 : 1;
  return edit_distance(name, cand) <= most;
}

/* Each word of `s` ("Afghan Service (Dari)"), one at a time. */
static int close_to_a_word(const char *name, const char *s) {
  char w[64];
  while (s && *s) {
    size_t n = strcspn(s, " ()-,/");
    if (n > 0 && n < sizeof(w)) {
      memcpy(w, s, n);
      w[n] = '\0';
      if (close_to(name, w))
        return 1;
    }
    s += n + (s[n] != '\0');
  }
  return 0;
}

/* The native name in ASCII Latin letters ("فارسی" -> "farsy"), the
 * name people type when they know the language by its own name;
 * `tr` is NULL when ICU has no such transliterator. */
static void native_latin(UTransliterator *tr, const char *native, char *out,
                         size_t cap) {
  UChar u[128];
  int32_t len = 0, limit;
  UErrorCode ec = U_ZERO_ERROR;
  out[0] = '\0';
  if (tr == NULL || native == NULL)
    return;
  u_strFromUTF8(u, 128, &len, native, -1, &ec);
  if (!U_SUCCESS(ec) || ec == U_STRING_NOT_TERMINATED_WARNING || len >= 100)
    return;
  limit = len;
  utrans_transUChars(tr, u, &len, 128, 0, &limit, &ec);
  if (U_SUCCESS(ec) && ec != U_STRING_NOT_TERMINATED_WARNING)
    u_strToUTF8(out, (int32_t)cap, NULL, u, len, &ec);
  if (!U_SUCCESS(ec) || ec == U_STRING_NOT_TERMINATED_WARNING)
    out[0] = '\0';
}

static int service_close_to(const nl_service *s, UTransliterator *tr,
                            const char *name) {
  char latin[256];
  native_latin(tr, s->f[NL_SERVICE_NATIVE], latin, sizeof(latin));
  int hit = close_to(name, s->f[NL_SERVICE_ID]) ||
            close_to(name, s->f[NL_SERVICE_TAG]) ||
            close_to_a_word(name, s->f[NL_SERVICE_NAME]) ||
            close_to_a_word(name, latin);
  for (size_t k = 0; k < s->naliases && !hit; k++)
    hit = close_to(name, s->aliases[k]);
  return hit;
}

/* NL_ELANG for `name`, suggesting the services whose id, tag, aliases,
 * English name or native name (in Latin letters) it is close to. */
static int unknown(const nl_services *r, const char *name, const char *what,
                   nl_error *err) {
  static const UChar rules[] = u"Any-Latin; Latin-ASCII; Lower";
  UErrorCode ec = U_ZERO_ERROR;
  if (err == NULL) /* a caller that only asks; the hints cost a transliterator */
    return NL_ELANG;
  UTransliterator *tr = utrans_openU(rules, -1, UTRANS_FORWARD, NULL, 0,
                                     NULL, &ec);
  if (U_FAILURE(ec))
    tr = NULL;
  nl_buf hint = NL_BUF_INIT;
  for (size_t i = 0; i < r->n; i++)
    if (service_close_to(&r->s[i], tr, name))
      nl_buf__printf(&hint, "%s%s", hint.size ? ", " : "",
                     r->s[i].f[NL_SERVICE_ID]);
  if (tr)
    utrans_close(tr);
  int rc = nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "no %s '%s'%s%s (see 'newsloc services')", what,
                         name, hint.size ? "; did you mean " : "",
                         hint.size ? hint.ptr : "");
  nl_buf_dispose(&hint);
  return rc;
}

static const nl_service *named(const nl_services *r, const char *name);
static int find(const nl_services *r, const char *name,
                const nl_service **out, nl_error *err);

/* "fa_IR" (an ICU locale id, as people paste them) is the tag fa-IR. */
int nl_services_find(const nl_services *r, const char *name,
                     const nl_service **out, nl_error *err) {
  char tag[ULOC_FULLNAME_CAPACITY];
  *out = NULL;
  if (r == NULL || name == NULL || *name == '\0')
    return nl_error__set(err, NL_ELANG, NULL, 0, 0, "no service given");
  if (strlen(name) >= sizeof(tag)) /* no tag that long is a service */
    return unknown(r, name, "service", err);
  /* as written first: an id or alias may hold '_' ("persian_icu") */
  if ((*out = named(r, name)) != NULL)
    return 0;
  snprintf(tag, sizeof(tag), "%s", name);
  for (char *p = tag; *p && strchr(name, '-') == NULL; p++)
    if (*p == '_')
      *p = '-';
  return find(r, tag, out, err);
}

static int is_alias(const nl_service *s, const char *name) {
  for (size_t i = 0; i < s->naliases; i++)
    if (strcasecmp(s->aliases[i], name) == 0)
      return 1;
  return 0;
}

/* The service whose id, tag or one of whose aliases is `name`. */
static const nl_service *named(const nl_services *r, const char *name) {
  for (size_t i = 0; i < r->n; i++)
    if (strcasecmp(r->s[i].f[NL_SERVICE_ID], name) == 0 ||
        strcasecmp(r->s[i].f[NL_SERVICE_TAG], name) == 0 ||
        is_alias(&r->s[i], name))
      return &r->s[i];
  return NULL;
}

/* `tag`'s part that says which language it is (nl_lang__part_len). */
static size_t language_part(const char *tag) {
  return nl_lang__part_len(tag, strlen(tag));
}

static int find(const nl_services *r, const char *name,
                const nl_service **out, nl_error *err) {
  if ((*out = named(r, name)) != NULL)
    return 0;
  if (!nl_lang__is_tag(name))
    return unknown(r, name, "service", err);
  size_t part = language_part(name);
  if (name[part] != '\0') {
    char base[ULOC_FULLNAME_CAPACITY];
    snprintf(base, sizeof(base), "%.*s", (int)part, name);
    if (find(r, base, out, NULL) == 0)
      return 0;
    return unknown(r, name, "service", err);
  }
  /* "prs" is Dari and "kmr" Kurmanji for people; ICU knows them as
   * fa-AF and ku: the registry's tags */
  const char *alias = strcasecmp(name, "prs") == 0   ? "fa-AF"
                      : strcasecmp(name, "kmr") == 0 ? "ku"
                                                     : name;
  char want[ULOC_FULLNAME_CAPACITY], have[ULOC_FULLNAME_CAPACITY];
  char lang[ULOC_LANG_CAPACITY];
  likely(alias, want, sizeof(want));
  language_of(want, lang, sizeof(lang));
  for (size_t i = 0; i < r->n; i++) {
    /* likely subtags keep a registry tag's language (a test holds every
     * service to it), so only services of `want`'s language can match:
     * the others would cost an ICU lookup each for every tag no service
     * has ("vi" in `check`) */
    if (!same_language(r->s[i].f[NL_SERVICE_TAG], lang))
      continue;
    likely(r->s[i].f[NL_SERVICE_TAG], have, sizeof(have));
    if (strcasecmp(want, have) == 0) {
      *out = &r->s[i];
      return 0;
    }
  }
  return unknown(r, name, "service", err);
}

int nl_services_resolve(const nl_services *r, const char *name, char *tag,
                        size_t cap, nl_error *err) {
  const nl_service *svc = NULL;
  if (tag == NULL || cap == 0)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "no room for a tag");
  tag[0] = '\0';
  if (name == NULL || *name == '\0')
    return nl_error__set(err, NL_ELANG, NULL, 0, 0, "no language given");
  /* a tag with extensions or private use is the user's own: written
   * whole, though its service is found without them */
  if (r && nl_services_find(r, name, &svc, NULL) == 0 &&
      (name[language_part(name)] == '\0' || named(r, name) != NULL))
    return nl_lang_canonicalize(svc->f[NL_SERVICE_TAG], tag, cap, err);
  /* a tag of a language ICU knows is still a language, even if no
   * service writes it */
  if (nl_lang_canonicalize(name, tag, cap, NULL) == 0 &&
      nl_lang_is_known(tag))
    return 0;
  tag[0] = '\0';
  if (r == NULL)
    return nl_error__set(err, NL_ELANG, NULL, 0, 0,
                         "'%s' is not a tag of a language ICU knows", name);
  return unknown(r, name, "service or language", err);
}
