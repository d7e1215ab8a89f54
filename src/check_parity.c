/*
 * check_parity.c - a translation against its source (XLIFF, TMX).
 *
 * What a translator can lose without noticing: the whole target, a
 * sentence of a block, an inline code, a number (compared by value, so
 * that ۲۰۱۶ is 2016), a URL or an address; and what a CAT tool leaves
 * behind: a copy of the source in an untranslated segment (OmegaT), a
 * target of only spaces. Positions are the segment's line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <newsloc/services.h>
#include <newsloc/xliff.h>

#include "check_internal.h"
#include "error.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xml.h"

#define LIST_MAX 64

static int blank(const char *s) {
  for (size_t i = 0; s[i];) {
    uint32_t cp = nl_utf8__next(s, strlen(s + i) + i, &i);
    if (!u_isUWhiteSpace((UChar32)cp) && cp != 0x200B)
      return 0;
  }
  return 1;
}

/* Words to translate: a word of two letters or more that is not all
 * capitals (BBC, NATO) and not a capitalised name standing alone. */
int nl_chk__has_words(const char *s) {
  size_t len = strlen(s), i = 0;
  int words = 0, lower = 0;
  while (i < len) {
    size_t n = 0;
    int low = 0, first_upper = 0;
    while (i < len) {
      size_t j = i;
      uint32_t cp = nl_utf8__next(s, len, &j);
      if (!u_isalpha((UChar32)cp))
        break;
      if (n == 0)
        first_upper = u_isupper((UChar32)cp);
      low |= u_islower((UChar32)cp) || (!u_isupper((UChar32)cp) &&
                                         !u_islower((UChar32)cp));
      n++;
      i = j;
    }
    if (n >= 2) {
      words++;
      lower |= low && !first_upper;
    }
    if (n == 0)
      nl_utf8__next(s, len, &i);
  }
  return lower || words >= 3;
}

/* ---- sentences ---------------------------------------------------------- */

static int sentences(const char *s, const char *lang) {
  size_t len = strlen(s);
  UChar *u = malloc((len + 1) * sizeof(UChar));
  if (u == NULL)
    return -1;
  int32_t n = (int32_t)nl_utf8__to_utf16(s, len, u);
  UErrorCode ec = U_ZERO_ERROR;
  char loc[32];
  nl_chk__primary(lang ? lang : "en", loc, sizeof(loc));
  UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, loc, u, n, &ec);
  int count = 0;
  if (U_SUCCESS(ec)) {
    int32_t a = ubrk_first(bi);
    for (int32_t b = ubrk_next(bi); b != UBRK_DONE; a = b, b = ubrk_next(bi)) {
      int has = 0;
      for (int32_t k = a; k < b && !has; k++)
        has = u_isalnum(u[k]);
      count += has;
    }
  }
  ubrk_close(bi);
  free(u);
  return count;
}

/* ---- tokens: numbers, URLs, addresses ----------------------------------- */

typedef struct tokens {
  char *v[LIST_MAX];
  size_t n;
} tokens;

static void tokens_free(tokens *t) {
  for (size_t i = 0; i < t->n; i++)
    free(t->v[i]);
  t->n = 0;
}

static void push(tokens *t, const char *s, size_t n) {
  if (t->n < LIST_MAX)
    t->v[t->n++] = nl__strndup(s, n);
}

static int is_sep(uint32_t cp) {
  return cp == '.' || cp == ',' || cp == 0x066B || cp == 0x066C ||
         cp == '\'' || cp == 0xA0 || cp == 0x202F || cp == 0x2019;
}

/* Numbers by value: the digits of any system as ASCII, separators out
 * (grouping and decimal marks differ between languages). */
static int mail_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
         (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '%' ||
         ch == '+' || ch == '-';
}

static void numbers_in(const char *s, tokens *t);

/* Numbers inside URLs and addresses are theirs, compared with them. */
static void numbers(const char *s, tokens *t) {
  char *copy = nl__strdup(s);
  if (copy == NULL)
    return;
  for (char *p = copy; *p; p++) {
    int url = (p == copy || p[-1] == ' ') &&
              (strncasecmp(p, "http://", 7) == 0 ||
               strncasecmp(p, "https://", 8) == 0 ||
               strncasecmp(p, "www.", 4) == 0);
    if (url || (*p == '@' && p > copy)) {
      char *a = p;
      while (url == 0 && a > copy && mail_char(a[-1]))
        a--;
      while (*p && *p != ' ')
        p++;
      memset(a, ' ', (size_t)(p - a));
      if (*p == '\0')
        break;
    }
  }
  numbers_in(copy, t);
  free(copy);
}

static void numbers_in(const char *s, tokens *t) {
  size_t len = strlen(s);
  char buf[64];
  size_t n = 0;
  for (size_t i = 0; i <= len;) {
    uint32_t cp = 0;
    size_t j = i;
    if (i < len)
      cp = nl_utf8__next(s, len, &j);
    int d = i < len ? u_charDigitValue((UChar32)cp) : -1;
    if (d >= 0 && n < sizeof(buf)) {
      buf[n++] = (char)('0' + d);
    } else if (n && is_sep(cp) && j < len) {
      size_t k = j;
      if (u_charDigitValue((UChar32)nl_utf8__next(s, len, &k)) < 0) {
        push(t, buf, n);
        n = 0;
      }
    } else if (n) {
      push(t, buf, n);
      n = 0;
    }
    if (i >= len)
      break;
    i = j;
  }
}

static int url_char(char ch) {
  return (unsigned char)ch > 0x20 && ch != '<' && ch != '>' && ch != '"' &&
         (unsigned char)ch < 0x80;
}

static size_t trim_url(const char *s, size_t n) {
  while (n > 0 && strchr(".,;:!?)]'", s[n - 1]))
    n--;
  return n;
}

static void urls(const char *s, tokens *t) {
  for (const char *p = s; *p; p++) {
    if ((p == s || !url_char(p[-1])) &&
        (strncasecmp(p, "http://", 7) == 0 ||
         strncasecmp(p, "https://", 8) == 0 || strncasecmp(p, "www.", 4) == 0)) {
      size_t n = 0;
      while (url_char(p[n]))
        n++;
      push(t, p, trim_url(p, n));
      p += n - 1;
    }
  }
}

static void emails(const char *s, tokens *t) {
  for (const char *p = strchr(s, '@'); p; p = strchr(p + 1, '@')) {
    const char *a = p, *b = p + 1;
    while (a > s && mail_char(a[-1]))
      a--;
    while (mail_char(*b))
      b++;
    while (b > p + 1 && b[-1] == '.')
      b--;
    if (a < p && memchr(p, '.', (size_t)(b - p)))
      push(t, a, (size_t)(b - a));
  }
}

/* Removes from `b` what `a` has; what remains of `a` is missing. */
static void missing(tokens *a, tokens *b, char *out, size_t cap) {
  size_t w = 0;
  out[0] = '\0';
  for (size_t i = 0; i < a->n; i++) {
    size_t k = 0;
    while (k < b->n && (b->v[k] == NULL || strcmp(a->v[i], b->v[k]) != 0))
      k++;
    if (k < b->n) {
      free(b->v[k]);
      b->v[k] = NULL;
      continue;
    }
    int n = snprintf(out + w, cap - w, "%s%s", w ? ", " : "", a->v[i]);
    if (n > 0 && (size_t)n < cap - w)
      w += (size_t)n;
  }
}

static void extra(const tokens *b, char *out, size_t cap) {
  size_t w = 0;
  out[0] = '\0';
  for (size_t i = 0; i < b->n; i++) {
    if (b->v[i] == NULL)
      continue;
    int n = snprintf(out + w, cap - w, "%s%s", w ? ", " : "", b->v[i]);
    if (n > 0 && (size_t)n < cap - w)
      w += (size_t)n;
  }
}

typedef void (*extract_fn)(const char *s, tokens *t);

static int compare(nl_check_ctx *c, const nl_check_pair *p, const char *id,
                   const char *what, extract_fn fn, const char *sm,
                   const char *tm) {
  tokens a = {{0}, 0}, b = {{0}, 0};
  fn(sm, &a);
  fn(tm, &b);
  char miss[512], more[512];
  missing(&a, &b, miss, sizeof(miss));
  extra(&b, more, sizeof(more));
  int rc = 0;
  if (miss[0])
    rc = nl_chk__emit_line(c, id, p->line, 0,
                           "%s: %s of the source missing from the target: "
                           "%s%s%s",
                           p->id, what, miss, more[0] ? "; not in the source: "
                                                      : "",
                           more);
  else if (more[0])
    rc = nl_chk__emit_line(c, id, p->line, 0,
                           "%s: %s in the target that the source does not "
                           "have: %s",
                           p->id, what, more);
  tokens_free(&a);
  tokens_free(&b);
  return rc;
}

/* ---- punctuation -------------------------------------------------------- */

enum { P_NONE, P_FULL, P_QUESTION, P_EXCL, P_COLON, P_ELLIPSIS };

static int punct_class(uint32_t cp) {
  switch (cp) {
  case '.': case 0x3002: case 0x0964: case 0x06D4: case 0x1362: case 0x104B:
  case 0x0589: case 0xFF61: case 0xFF0E: case 0x17D4: case 0x17D5:
  case 0x0F0D: case 0x0F0E: case 0x0965:
    return P_FULL;
  case '?': case 0x061F: case 0xFF1F: case 0x037E: case 0x055E:
    return P_QUESTION;
  case '!': case 0xFF01: case 0x055C:
    return P_EXCL;
  case ':': case 0xFF1A:
    return P_COLON;
  case 0x2026:
    return P_ELLIPSIS;
  default:
    return P_NONE;
  }
}

static int closing(uint32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0xBB ||
         cp == 0x201D || cp == 0x2019 || cp == 0x203A || cp == 0x300D ||
         cp == 0x300F || cp == 0xFF09 || cp == 0xAB || cp == 0x201C;
}

static uint32_t last_char(const char *s) {
  size_t i = strlen(s);
  while (i > 0) {
    size_t j = nl_utf8__prev_start(s, i);
    size_t k = j;
    uint32_t cp = nl_utf8__next(s, i, &k);
    if (!u_isUWhiteSpace((UChar32)cp) && !closing(cp))
      return cp;
    i = j;
  }
  return 0;
}

/* The marks a language ends its sentences with, per class. */
static const char *expected(const char *lang, int cls) {
  char p[16];
  nl_chk__primary(lang, p, sizeof(p));
  int arab = !strcmp(p, "fa") || !strcmp(p, "prs") || !strcmp(p, "ps") ||
             !strcmp(p, "ur") || !strcmp(p, "ar") || !strcmp(p, "ckb");
  if (cls == P_QUESTION && arab)
    return "؟";
  if (cls == P_FULL && !strcmp(p, "ur"))
    return "۔";
  if (cls == P_FULL && (!strcmp(p, "zh") || !strcmp(p, "yue") || !strcmp(p, "ja")))
    return "。";
  if (cls == P_QUESTION && (!strcmp(p, "zh") || !strcmp(p, "yue")))
    return "？";
  if (cls == P_FULL && (!strcmp(p, "hi") || !strcmp(p, "bn")))
    return "।";
  if (cls == P_FULL && !strcmp(p, "my"))
    return "။";
  if (cls == P_FULL && (!strcmp(p, "am") || !strcmp(p, "ti")))
    return "።";
  if (cls == P_FULL && !strcmp(p, "hy"))
    return "։";
  return NULL;
}

static int end_punct(nl_check_ctx *c, const nl_check_pair *p) {
  uint32_t a = last_char(p->source), b = last_char(p->target);
  int ca = punct_class(a), cb = punct_class(b);
  const char *want = expected(p->target_lang, ca);
  char ub[8] = "";
  ub[nl_utf8__encode(b ? b : ' ', ub)] = '\0';
  if (ca != cb && (ca != P_NONE || cb == P_QUESTION || cb == P_EXCL)) {
    char ua[8];
    ua[nl_utf8__encode(a ? a : ' ', ua)] = '\0';
    return nl_chk__emit_line(c, "end-punctuation", p->line, 0,
                             "%s: the source ends with \"%s\", the target "
                             "with \"%s\"%s%s",
                             p->id, ca ? ua : "no mark", cb ? ub : "no mark",
                             want ? "; expected " : "", want ? want : "");
  }
  if (ca != P_NONE && want && strcmp(ub, want) != 0)
    return nl_chk__emit_line(c, "end-punctuation", p->line, 0,
                             "%s: \"%s\" ends the target; %s writes \"%s\"",
                             p->id, ub, p->target_lang, want);
  return 0;
}

/* ---- spacing and doubling ------------------------------------------------ */

static int edges(nl_check_ctx *c, const nl_check_pair *p) {
  size_t ls = strlen(p->source), lt = strlen(p->target);
  int s0 = ls && (p->source[0] == ' ' || p->source[0] == '\t');
  int t0 = lt && (p->target[0] == ' ' || p->target[0] == '\t');
  int s1 = ls && (p->source[ls - 1] == ' ' || p->source[ls - 1] == '\t');
  int t1 = lt && (p->target[lt - 1] == ' ' || p->target[lt - 1] == '\t');
  if (s0 != t0 || s1 != t1)
    return nl_chk__emit_line(c, "whitespace-edges", p->line, 0,
                             "%s: %s whitespace differs from the source's",
                             p->id, s0 != t0 ? "leading" : "trailing");
  return 0;
}

/* A word of two letters or more in a script that puts spaces between
 * words: where words are not spaced (Burmese, Thai, Chinese...) a
 * space marks a phrase, and repetition is grammar (reduplication). */
static int spaced_word(const char *s, size_t n) {
  size_t i = 0, letters = 0;
  UErrorCode ec = U_ZERO_ERROR;
  int sc = uscript_getScript((UChar32)nl_utf8__next(s, n, &i), &ec);
  for (i = 0; i < n; letters++)
    nl_utf8__next(s, n, &i);
  return letters >= 2 && sc != USCRIPT_MYANMAR && sc != USCRIPT_THAI &&
         sc != USCRIPT_KHMER && sc != USCRIPT_LAO && sc != USCRIPT_HAN &&
         sc != USCRIPT_TIBETAN && sc != USCRIPT_HIRAGANA &&
         sc != USCRIPT_KATAKANA;
}

static int doubled(nl_check_ctx *c, const nl_check_pair *p) {
  if (strstr(p->target, "  ") && !strstr(p->source, "  ")) {
    int rc = nl_chk__emit_line(c, "double-space", p->line, 0,
                               "%s: two spaces in a row in the target",
                               p->id);
    if (rc < 0)
      return rc;
  }
  const char *s = p->target;
  size_t len = strlen(s), pa = 0, pn = 0;
  for (size_t i = 0; i < len;) {
    size_t a = i, j = i;
    while (j < len) {
      size_t k = j;
      if (!u_isalpha((UChar32)nl_utf8__next(s, len, &k)))
        break;
      j = k;
    }
    if (j == a) {
      if (s[i] != ' ')
        pn = 0;
      nl_utf8__next(s, len, &i);
      continue;
    }
    if (pn && pn == j - a && strncasecmp(s + pa, s + a, pn) == 0 &&
        (a - pa - pn) == 1 && spaced_word(s + a, pn)) {
      /* the two words and the space between, as written (cut before a
       * character past 127 bytes) */
      char w[128];
      snprintf(w, sizeof(w), "%.*s",
               (int)nl_utf8__fit(s + pa, a + pn - pa, sizeof(w) - 1), s + pa);
      if (strstr(p->source, w) == NULL)
        return nl_chk__emit_line(c, "double-word", p->line, 0,
                                 "%s: \"%s\": the same word twice", p->id, w);
    }
    pa = a;
    pn = j - a;
    i = j;
  }
  return 0;
}

/* ---- the pair ----------------------------------------------------------- */

static int same_language(const nl_check_ctx *c, const char *a, const char *b) {
  const nl_service *sa = NULL, *sb = NULL;
  char pa[16], pb[16];
  if (nl_services_find(nl_chk__services(c), a, &sa, NULL) == 0 &&
      nl_services_find(nl_chk__services(c), b, &sb, NULL) == 0)
    return sa == sb ||
           strcmp(nl_service_get(sa, NL_SERVICE_TAG),
                  nl_service_get(sb, NL_SERVICE_TAG)) == 0;
  nl_chk__primary(a, pa, sizeof(pa));
  nl_chk__primary(b, pb, sizeof(pb));
  return strcmp(pa, pb) == 0;
}

static int sentence_missing(nl_check_ctx *c, const nl_check_pair *p) {
  int ns = sentences(p->source, p->source_lang);
  if (ns < 2)
    return 0;
  int nt = sentences(p->target, p->target_lang);
  if (nt < 0 || ns < 0)
    return NL_ENOMEM;
  if (nt < ns)
    return nl_chk__emit_line(c, "sentence-missing", p->line, 0,
                             "%s: the source has %d sentences, the target "
                             "%d: a sentence was not translated",
                             p->id, ns, nt);
  return 0;
}

int nl_chk__pair(nl_check_ctx *c, const nl_check_pair *p) {
  if (p->target == NULL || (p->target[0] == '\0' && p->target_markup == NULL))
    return nl_chk__emit_line(c, "target-missing", p->line, 0,
                             "%s: no translation (state %s)", p->id,
                             p->state ? p->state : "none");
  if (blank(p->target) && (p->target_markup == NULL || blank(p->target_markup)))
    return nl_chk__emit_line(c, "target-blank", p->line, 0,
                             "%s: the target is only whitespace", p->id);
  int rc = 0;
  if (strcmp(p->source, p->target) == 0 && nl_chk__has_words(p->source) &&
      !(p->source_lang && p->target_lang &&
        same_language(c, p->source_lang, p->target_lang)))
    return nl_chk__emit_line(c, "target-equals-source", p->line, 0,
                             "%s: the target is a copy of the source "
                             "(untranslated)",
                             p->id);
  if (nl_chk__enabled(c, "sentence-missing"))
    rc = sentence_missing(c, p);
  if (rc == 0 && (p->source_markup || p->target_markup))
    rc = nl_chk__codes(c, p);
  if (rc == 0)
    rc = compare(c, p, "number-mismatch", "numbers", numbers, p->source,
                 p->target);
  if (rc == 0)
    rc = compare(c, p, "url-mismatch", "URLs", urls, p->source, p->target);
  if (rc == 0)
    rc = compare(c, p, "email-mismatch", "addresses", emails, p->source,
                 p->target);
  if (rc == 0)
    rc = edges(c, p);
  if (rc == 0 && p->target_lang)
    rc = end_punct(c, p);
  if (rc == 0)
    rc = doubled(c, p);
  return rc;
}

/* --lang names the service the file is for. */
static int target_language(nl_check_ctx *c, const char *lang,
                           unsigned long line) {
  const char *want = nl_chk__forced_lang(c);
  if (want == NULL || lang == NULL || same_language(c, want, lang))
    return 0;
  return nl_chk__emit_line(c, "target-language", line, 0,
                           "the target language is '%s', the service's is "
                           "'%s'",
                           lang, want);
}

int nl_chk__xliff(nl_check_ctx *c, const char *data, size_t len,
                  const char *name) {
  nl_xliff_doc *doc = NULL;
  nl_error *err = nl_chk__err(c);
  int rc = nl_xliff_read_memory(&doc, data, len, name, err);
  size_t n = rc == 0 ? nl_xliff_doc_segment_count(doc) : 0;
  int hints = rc == 0 && nl_xliff_doc_version(doc) == 20;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    nl_xliff_segment s;
    nl_xliff_doc_segment(doc, i, &s);
    if (i == 0)
      rc = target_language(c, s.target_lang, s.line);
    char id[256];
    snprintf(id, sizeof(id), "%s%s%s", s.unit_id, s.segment_id ? "/" : "",
             s.segment_id ? s.segment_id : "");
    nl_check_pair p = {id, s.source, s.target, s.source_markup,
                       s.target_markup, s.source_lang, s.target_lang,
                       s.state, s.line, s.segment_id == NULL, hints};
    /* what merge would not publish (nor the TM learn) is untranslated */
    if (rc == 0 && s.target && (*s.target || s.target_markup) &&
        !nl_xliff_segment_translated(&s))
      rc = nl_chk__emit_line(c, "target-missing", s.line, 0,
                             "%s: the target is not a translation yet "
                             "(state %s): merge keeps the source",
                             id, s.state ? s.state : "none");
    else if (rc == 0)
      rc = nl_chk__pair(c, &p);
  }
  nl_xliff_doc_free(doc);
  return rc;
}

/* ---- TMX ---------------------------------------------------------------- */

static void seg_text(const xmlNode *n, nl_buf *out) {
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE)
      nl_buf__puts(out, (const char *)k->content);
    else if (k->type == XML_ELEMENT_NODE &&
             !(nl_xml__is(k, "bpt") || nl_xml__is(k, "ept") ||
               nl_xml__is(k, "ph") || nl_xml__is(k, "it") ||
               nl_xml__is(k, "ut")))
      seg_text(k, out);
  }
}

static const xmlNode *child(const xmlNode *n, const char *name) {
  for (const xmlNode *k = n->children; k; k = k->next)
    if (k->type == XML_ELEMENT_NODE && nl_xml__is(k, name))
      return k;
  return NULL;
}

static int tu(nl_check_ctx *c, const xmlNode *t, const char *srclang,
              size_t index) {
  const xmlNode *src = NULL;
  xmlChar *own = nl_xml__attr(t, "srclang");
  const char *sl = own ? (const char *)own : srclang;
  for (const xmlNode *k = t->children; k; k = k->next) {
    xmlChar *l = k->type == XML_ELEMENT_NODE && nl_xml__is(k, "tuv")
                     ? nl_xml__lang(k)
                     : NULL;
    if (l && sl && strcasecmp((const char *)l, sl) == 0 && src == NULL)
      src = k;
    xmlFree(l);
  }
  int rc = 0;
  nl_buf st = NL_BUF_INIT;
  if (src && child(src, "seg"))
    seg_text(child(src, "seg"), &st);
  for (const xmlNode *k = t->children; src && rc == 0 && k; k = k->next) {
    if (k == src || k->type != XML_ELEMENT_NODE || !nl_xml__is(k, "tuv"))
      continue;
    xmlChar *l = nl_xml__lang(k);
    nl_buf tt = NL_BUF_INIT;
    const xmlNode *seg = child(k, "seg");
    if (seg)
      seg_text(seg, &tt);
    char id[64];
    snprintf(id, sizeof(id), "tu %zu", index);
    nl_check_pair p = {id, st.ptr ? st.ptr : "", seg ? (tt.ptr ? tt.ptr : "")
                                                     : NULL,
                       NULL, NULL, sl, (const char *)l, NULL,
                       (unsigned long)xmlGetLineNo(k), 0, 0};
    rc = target_language(c, (const char *)l, p.line);
    if (rc == 0)
      rc = nl_chk__pair(c, &p);
    nl_buf_dispose(&tt);
    xmlFree(l);
  }
  nl_buf_dispose(&st);
  xmlFree(own);
  return rc;
}

int nl_chk__tmx(nl_check_ctx *c, const char *data, size_t len,
                const char *name) {
  xmlDocPtr doc = NULL;
  int rc = nl_xml__parse(&doc, data, len, name, nl_chk__err(c));
  if (rc < 0)
    return rc;
  const xmlNode *root = xmlDocGetRootElement(doc);
  const xmlNode *hdr = root ? child(root, "header") : NULL;
  const xmlNode *body = root ? child(root, "body") : NULL;
  xmlChar *srclang = hdr ? nl_xml__attr(hdr, "srclang") : NULL;
  size_t index = 0;
  for (const xmlNode *t = body ? body->children : NULL; rc == 0 && t;
       t = t->next)
    if (t->type == XML_ELEMENT_NODE && nl_xml__is(t, "tu"))
      rc = tu(c, t, (const char *)srclang, ++index);
  xmlFree(srclang);
  xmlFreeDoc(doc);
  return rc;
}
