/*
 * srx.c - reading SRX 2.0 files.
 *
 * Files from other tools are welcome: the namespace may be SRX 2.0's or
 * none, <header> attributes other than cascade are accepted and ignored
 * (format handles, subflows: newsloc segments plain text), a rule may
 * lack its beforebreak or afterbreak (an empty pattern matches
 * anywhere), and maps may name sets in any order. What cannot be
 * honoured is refused with the file and line: a map naming a set that
 * does not exist, a rule without a break attribute value we know.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/ustring.h>

#include <newsloc/io.h>

#include "error.h"
#include "srx.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/xml.h"

/* Limits on a rules file, each refused with an error naming it: every
 * rule applying to a language is compiled for each segmenter (some tens
 * of KB each), and every language pattern is run when one is made. Real
 * files hold a few hundred rules of a few dozen characters. */
enum {
  SRX_MAX_RULES = 5000,    /* rules in the file, all sets together */
  SRX_MAX_SETS = 5000,     /* <languagerule>s, and <languagemap>s */
  SRX_MAX_PATTERN = 2000,  /* bytes of a beforebreak, afterbreak or
                              languagepattern */
  SRX_PATTERN_TIME = 10    /* ICU's time limit (its units, about a
                              millisecond) on matching a languagepattern */
};

typedef struct rule_set {
  char *name;
  nl_srx_rule *rules;
  size_t n;
} rule_set;

typedef struct lang_map {
  char *pattern;
  const rule_set *set;
  unsigned long line;
} lang_map;

struct nl_srx {
  char *path;
  int cascade;
  size_t nrules; /* in all sets */
  rule_set *sets;
  size_t nsets;
  lang_map *maps;
  size_t nmaps;
};

void nl_srx__free(nl_srx *s) {
  if (s == NULL)
    return;
  for (size_t i = 0; i < s->nsets; i++) {
    for (size_t k = 0; k < s->sets[i].n; k++) {
      free(s->sets[i].rules[k].before);
      free(s->sets[i].rules[k].after);
    }
    free(s->sets[i].rules);
    free(s->sets[i].name);
  }
  free(s->sets);
  for (size_t i = 0; i < s->nmaps; i++)
    free(s->maps[i].pattern);
  free(s->maps);
  free(s->path);
  free(s);
}

const char *nl_srx__path(const nl_srx *s) { return s->path; }

static const xmlNode *child(const xmlNode *n, const char *name) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (nl_xml__is(c, name))
      return c;
  return NULL;
}

static char *text_of(const xmlNode *n) {
  if (n == NULL)
    return nl__strdup("");
  xmlChar *t = xmlNodeGetContent(n);
  char *s = nl__strdup(t ? (const char *)t : "");
  xmlFree(t);
  return s;
}

static int read_rule(nl_srx *s, rule_set *set, const xmlNode *r,
                     nl_error *err) {
  xmlChar *b = nl_xml__attr(r, "break");
  int brk = b == NULL || xmlStrcmp(b, BAD_CAST "yes") == 0;
  int known = b == NULL || brk || xmlStrcmp(b, BAD_CAST "no") == 0;
  xmlFree(b);
  unsigned long line = (unsigned long)xmlGetLineNo(r);
  if (!known)
    return nl_error__set(err, NL_EPARSE, s->path, line, 0,
                         "rule: break must be \"yes\" or \"no\"");
  if (++s->nrules > SRX_MAX_RULES)
    return nl_error__set(err, NL_EPARSE, s->path, line, 0,
                         "more than %d rules in the file (the limit)",
                         SRX_MAX_RULES);
  nl_srx_rule *p = realloc(set->rules, (set->n + 1) * sizeof(*p));
  if (p == NULL)
    return nl_error__nomem(err);
  set->rules = p;
  nl_srx_rule x = {brk, text_of(child(r, "beforebreak")),
                   text_of(child(r, "afterbreak")), line};
  if (x.before == NULL || x.after == NULL) {
    free(x.before);
    free(x.after);
    return nl_error__nomem(err);
  }
  if (strlen(x.before) > SRX_MAX_PATTERN || strlen(x.after) > SRX_MAX_PATTERN) {
    free(x.before);
    free(x.after);
    return nl_error__set(err, NL_EPARSE, s->path, line, 0,
                         "rule: a beforebreak or afterbreak longer than %d "
                         "bytes (the limit)",
                         SRX_MAX_PATTERN);
  }
  set->rules[set->n++] = x;
  return 0;
}

static int read_sets(nl_srx *s, const xmlNode *body, nl_error *err) {
  const xmlNode *lrs = child(body, "languagerules");
  int rc = 0;
  for (const xmlNode *c = lrs ? lrs->children : NULL; c && rc == 0;
       c = c->next) {
    if (!nl_xml__is(c, "languagerule"))
      continue;
    if (s->nsets == SRX_MAX_SETS)
      return nl_error__set(err, NL_EPARSE, s->path,
                           (unsigned long)xmlGetLineNo(c), 0,
                           "more than %d languagerules (the limit)",
                           SRX_MAX_SETS);
    rule_set *p = realloc(s->sets, (s->nsets + 1) * sizeof(*p));
    if (p == NULL)
      return nl_error__nomem(err);
    s->sets = p;
    xmlChar *name = nl_xml__attr(c, "languagerulename");
    rule_set *set = &s->sets[s->nsets++];
    *set = (rule_set){nl__strdup(name ? (const char *)name : ""), NULL, 0};
    xmlFree(name);
    if (set->name == NULL)
      return nl_error__nomem(err);
    for (const xmlNode *r = c->children; r && rc == 0; r = r->next)
      if (nl_xml__is(r, "rule"))
        rc = read_rule(s, set, r, err);
  }
  return rc;
}

static const rule_set *find_set(const nl_srx *s, const char *name) {
  for (size_t i = 0; i < s->nsets; i++)
    if (strcmp(s->sets[i].name, name) == 0)
      return &s->sets[i];
  return NULL;
}

static int read_maps(nl_srx *s, const xmlNode *body, nl_error *err) {
  const xmlNode *mr = child(body, "maprules");
  for (const xmlNode *c = mr ? mr->children : NULL; c; c = c->next) {
    if (!nl_xml__is(c, "languagemap"))
      continue;
    xmlChar *pat = nl_xml__attr(c, "languagepattern");
    xmlChar *name = nl_xml__attr(c, "languagerulename");
    unsigned long line = (unsigned long)xmlGetLineNo(c);
    const rule_set *set = name ? find_set(s, (const char *)name) : NULL;
    int rc = set ? 0
                 : nl_error__set(err, NL_EPARSE, s->path, line, 0,
                                 "languagemap names no rules set \"%s\"",
                                 name ? (const char *)name : "");
    if (rc == 0 && s->nmaps == SRX_MAX_SETS)
      rc = nl_error__set(err, NL_EPARSE, s->path, line, 0,
                         "more than %d languagemaps (the limit)",
                         SRX_MAX_SETS);
    if (rc == 0 && pat && xmlStrlen(pat) > SRX_MAX_PATTERN)
      rc = nl_error__set(err, NL_EPARSE, s->path, line, 0,
                         "a languagepattern longer than %d bytes (the limit)",
                         SRX_MAX_PATTERN);
    lang_map *p = rc == 0 ? realloc(s->maps, (s->nmaps + 1) * sizeof(*p))
                          : NULL;
    if (rc == 0 && p == NULL)
      rc = nl_error__nomem(err);
    if (rc == 0) {
      s->maps = p;
      s->maps[s->nmaps++] =
          (lang_map){nl__strdup(pat ? (const char *)pat : ".*"), set, line};
    }
    xmlFree(pat);
    xmlFree(name);
    if (rc < 0)
      return rc;
  }
  return 0;
}

static int read_doc(nl_srx *s, const xmlNode *root, nl_error *err) {
  if (root == NULL || !nl_xml__is(root, "srx"))
    return nl_error__set(err, NL_EPARSE, s->path,
                         root ? (unsigned long)xmlGetLineNo(root) : 0, 0,
                         "not an SRX file (the root is not <srx>)");
  const xmlNode *header = child(root, "header");
  xmlChar *cascade = header ? nl_xml__attr(header, "cascade") : NULL;
  s->cascade = cascade == NULL || xmlStrcmp(cascade, BAD_CAST "no") != 0;
  xmlFree(cascade);
  const xmlNode *body = child(root, "body");
  if (body == NULL)
    return nl_error__set(err, NL_EPARSE, s->path,
                         (unsigned long)xmlGetLineNo(root), 0,
                         "SRX file without <body>");
  int rc = read_sets(s, body, err);
  return rc < 0 ? rc : read_maps(s, body, err);
}

int nl_srx__load(nl_srx **out, const char *path, nl_error *err) {
  *out = NULL;
  nl_buf data = NL_BUF_INIT;
  xmlDocPtr doc = NULL;
  int rc = nl_file_read(path, &data, err);
  if (rc == 0)
    rc = nl_xml__parse(&doc, data.ptr, data.size, path, err);
  nl_buf_dispose(&data);
  if (rc < 0)
    return rc;
  nl_srx *s = calloc(1, sizeof(*s));
  if (s == NULL || (s->path = nl__strdup(path)) == NULL) {
    free(s);
    xmlFreeDoc(doc);
    return nl_error__nomem(err);
  }
  rc = read_doc(s, xmlDocGetRootElement(doc), err);
  xmlFreeDoc(doc);
  if (rc < 0) {
    nl_srx__free(s);
    return rc;
  }
  *out = s;
  return 0;
}

/* Whether `tag` begins with name[0, n), ignoring ASCII case. */
static int starts_with(const char *tag, const char *name, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (tag[k] == '\0' || (tag[k] | 0x20) != (name[k] | 0x20))
      return 0;
  return 1;
}

static int is_tag_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* The shapes language patterns have (".*", "en(-.*)?", "(de|da)(-.*)?")
 * against a tag of ASCII letters, digits and hyphens, answered without
 * ICU, whose first regex costs more than the rest of the start-up; 0
 * for any other pattern or tag, which ICU then judges. Exact on what it
 * answers: names of letters and digits, which cannot backtrack. */
static int quick_match(const char *pat, const char *lang, int *hit) {
  for (const char *t = lang; *t; t++)
    if (!is_tag_char(*t))
      return 0;
  if (strcmp(pat, ".*") == 0) {
    *hit = 1;
    return 1;
  }
  static const char tail[] = "(-.*)?";
  size_t n = strlen(pat), tn = sizeof(tail) - 1;
  if (n <= tn || strcmp(pat + n - tn, tail) != 0)
    return 0;
  n -= tn;
  int group = pat[0] == '(' && pat[n - 1] == ')';
  const char *alts = pat + group;
  size_t an = n - 2 * (size_t)group;
  if (an == 0 || alts[0] == '|' || alts[an - 1] == '|')
    return 0;
  for (size_t i = 0; i < an; i++)
    if (alts[i] == '|' ? alts[i + 1] == '|'
                       : !is_tag_char(alts[i]) || alts[i] == '-' ||
                             alts[i] == '_')
      return 0;
  /* each name may be a prefix of another ("sr|srp"): try every one */
  *hit = 0;
  for (size_t i = 0; i < an && !*hit;) {
    size_t j = i;
    while (j < an && alts[j] != '|')
      j++;
    *hit = starts_with(lang, alts + i, j - i) &&
           (lang[j - i] == '\0' || lang[j - i] == '-');
    i = j + 1;
  }
  return 1;
}

/* Whether the whole language tag matches the map's pattern (ignoring
 * case, as language tags do). A pattern that backtracks without end on
 * the tag is an error naming it, never a match or a miss: ICU stops it
 * at its time limit. */
static int lang_matches(const nl_srx *s, const lang_map *m, const char *lang,
                        int *hit, nl_error *err) {
  if (quick_match(m->pattern, lang, hit))
    return 0;
  nl_u16 p = {0}, l = {0};
  int rc = nl_u16__from_utf8(&p, m->pattern, strlen(m->pattern), 0, err);
  if (rc == 0)
    rc = nl_u16__from_utf8(&l, lang, strlen(lang), 0, err);
  UErrorCode ec = U_ZERO_ERROR;
  UParseError pe;
  URegularExpression *re =
      rc == 0 ? uregex_open(p.s, p.len, UREGEX_CASE_INSENSITIVE, &pe, &ec)
              : NULL;
  if (rc == 0 && U_FAILURE(ec))
    rc = nl_error__set(err, NL_EPARSE, s->path, m->line, 0,
                       "languagepattern \"%s\": %s", m->pattern,
                       u_errorName(ec));
  if (rc == 0) {
    uregex_setTimeLimit(re, SRX_PATTERN_TIME, &ec);
    uregex_setText(re, l.s, l.len, &ec);
    *hit = uregex_matches(re, 0, &ec);
    if (U_FAILURE(ec))
      rc = nl_error__set(err, NL_EPARSE, s->path, m->line, 0,
                         "languagepattern \"%s\" could not be matched "
                         "against \"%s\": %s",
                         m->pattern, lang,
                         ec == U_REGEX_TIME_OUT
                             ? "it backtracks past ICU's time limit"
                             : u_errorName(ec));
  }
  uregex_close(re);
  nl_u16__dispose(&p);
  nl_u16__dispose(&l);
  return rc;
}

int nl_srx__rules_for(const nl_srx *s, const char *lang,
                      const nl_srx_rule ***out, size_t *n, nl_error *err) {
  *out = NULL;
  *n = 0;
  size_t total = 0;
  for (size_t i = 0; i < s->nmaps; i++)
    total += s->maps[i].set->n;
  const nl_srx_rule **r = malloc((total + 1) * sizeof(*r));
  if (r == NULL)
    return nl_error__nomem(err);
  size_t k = 0;
  for (size_t i = 0; i < s->nmaps; i++) {
    int hit = 0;
    int rc = lang_matches(s, &s->maps[i], lang, &hit, err);
    if (rc < 0) {
      free(r);
      return rc;
    }
    if (!hit)
      continue;
    for (size_t j = 0; j < s->maps[i].set->n; j++)
      r[k++] = &s->maps[i].set->rules[j];
    if (!s->cascade)
      break;
  }
  *out = r;
  *n = k;
  return 0;
}
