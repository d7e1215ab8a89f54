/*
 * segment_lexicon.c - the word lists segmentation rules refer to.
 *
 * ICU ships, per language, the abbreviations after which its sentence
 * iterator may be told not to break ("@ss=standard"). That filter is
 * absolute: it swallows real ends ("der Minister. Die"). We take ICU's
 * list as data instead and let a rule decide with the word that follows,
 * so that an abbreviation before a sentence opener still ends one.
 *
 * The list is read with ures_openDirect, by language only: no fallback
 * to the process's default locale (which would hand English
 * abbreviations to Danish text on an English machine) nor to root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/uloc.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "error.h"
#include "locales.h"
#include "segment_lexicon.h"
#include "util/buf.h"

/* Matches nothing in any text: a lookahead that cannot hold. */
#define NL_NEVER "(?!)"

enum { MAXWORD = 32 };

static const char ABBR_REF[] = "\xE2\x9F\xA6"
                               "abbreviations"
                               "\xE2\x9F\xA7";
static const char STARTERS_REF[] = "\xE2\x9F\xA6"
                                   "starters"
                                   "\xE2\x9F\xA7";
static const char OPEN_REF[] = "\xE2\x9F\xA6"; /* ⟦ */

/* The words of one list, as code points, before they become a regex. */
typedef struct word {
  UChar32 c[MAXWORD];
  int n;
} word;

typedef struct wordlist {
  word *w;
  size_t n, cap;
} wordlist;

/* Adds a word (UTF-8); words too long for a rule are not ours. */
static int add_word(wordlist *l, const char *s, size_t len) {
  word w = {{0}, 0};
  for (int32_t i = 0; i < (int32_t)len;) {
    UChar32 c;
    U8_NEXT(s, i, (int32_t)len, c);
    if (c < 0 || w.n == MAXWORD)
      return 0;
    w.c[w.n++] = c;
  }
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    word *a = realloc(l->w, cap * sizeof(*a));
    if (a == NULL)
      return NL_ENOMEM;
    l->w = a;
    l->cap = cap;
  }
  l->w[l->n++] = w;
  return 0;
}

/* One character as a regex: metacharacters escaped, a space as an
 * optional white space ("D. h." is written with and without it). */
static int put_char(nl_buf *out, UChar32 c) {
  if (c == ' ')
    return nl_buf__puts(out, "\\s?");
  if (c < 0x80 && strchr("\\^$.|?*+()[]{}-", (int)c) != NULL &&
      nl_buf__putc(out, '\\') < 0)
    return NL_ENOMEM;
  char u8[U8_MAX_LENGTH];
  int32_t k = 0;
  UBool bad = 0;
  U8_APPEND(u8, k, U8_MAX_LENGTH, c, bad);
  return bad ? 0 : nl_buf__put(out, u8, (size_t)k);
}

/* Character `d` of a word read forwards, or backwards from its end. */
static UChar32 at(const word *w, int d, int back) {
  return back ? w->c[w->n - 1 - d] : w->c[d];
}

/* The words w[0..n) (sorted on their characters from `d` on, in the
 * reading direction) from character d on, as a regex factored like a
 * trie: each character is tried once whatever the number of words, so a
 * list of hundreds costs a few steps to match or to reject. Backwards,
 * the shared part is the end ("(?:A|Ca)pt"), which is what a matcher
 * reading backwards meets first. */
static int put_trie(nl_buf *out, const word *w, size_t n, int d, int back) {
  size_t i = 0;
  int ends = 0;
  while (i < n && w[i].n == d) { /* sorted first: shorter */
    ends = 1;
    i++;
  }
  size_t groups = 0;
  for (size_t j = i; j < n; groups++) {
    UChar32 c = at(&w[j], d, back);
    while (j < n && at(&w[j], d, back) == c)
      j++;
  }
  if (groups == 0)
    return 0;
  int wrap = ends || groups > 1;
  int rc = wrap ? nl_buf__puts(out, "(?:") : 0;
  for (size_t j = i; rc == 0 && j < n;) {
    size_t k = j;
    UChar32 c = at(&w[j], d, back);
    while (k < n && at(&w[k], d, back) == c)
      k++;
    if (j > i)
      rc = nl_buf__putc(out, '|');
    if (!back && rc == 0)
      rc = put_char(out, c);
    if (rc == 0)
      rc = put_trie(out, w + j, k - j, d + 1, back);
    if (back && rc == 0)
      rc = put_char(out, c);
    j = k;
  }
  if (rc == 0 && wrap)
    rc = nl_buf__puts(out, ends ? ")?" : ")");
  return rc < 0 ? NL_ENOMEM : 0;
}

static int cmp_fwd(const void *a, const void *b) {
  const word *x = a, *y = b;
  for (int i = 0; i < x->n && i < y->n; i++)
    if (x->c[i] != y->c[i])
      return x->c[i] < y->c[i] ? -1 : 1;
  return (x->n > y->n) - (x->n < y->n);
}

static int cmp_back(const void *a, const void *b) {
  const word *x = a, *y = b;
  for (int i = 0; i < x->n && i < y->n; i++)
    if (at(x, i, 1) != at(y, i, 1))
      return at(x, i, 1) < at(y, i, 1) ? -1 : 1;
  return (x->n > y->n) - (x->n < y->n);
}

/* The list as one regex (read backwards when `back`), or one that never
 * matches when the list is empty; the list is freed. */
static char *to_regex(wordlist *l, int back) {
  nl_buf b = NL_BUF_INIT;
  int rc = 0;
  if (l->n == 0) {
    rc = nl_buf__puts(&b, NL_NEVER);
  } else {
    qsort(l->w, l->n, sizeof(*l->w), back ? cmp_back : cmp_fwd);
    size_t k = 0; /* duplicates out: "Sept" comes from ICU and from us */
    for (size_t i = 0; i < l->n; i++)
      if (k == 0 || cmp_fwd(&l->w[i], &l->w[k - 1]) != 0)
        l->w[k++] = l->w[i];
    rc = nl_buf__puts(&b, "(?:") < 0 ||
                 put_trie(&b, l->w, k, 0, back) < 0 ||
                 nl_buf__puts(&b, ")") < 0
             ? NL_ENOMEM
             : 0;
  }
  free(l->w);
  l->w = NULL;
  l->n = l->cap = 0;
  char *r = rc == 0 ? nl_buf__detach(&b) : NULL;
  nl_buf_dispose(&b);
  return r;
}

/* `w` (UTF-8, *len bytes) with its first letter in title case, in
 * place; 0 when it does not start with a lowercase letter or would not
 * fit. */
static int capitalise(char *w, int32_t *len) {
  UChar32 c;
  int32_t i = 0, j = 0;
  U8_NEXT(w, i, *len, c);
  if (c < 0 || !u_islower(c))
    return 0;
  char first[U8_MAX_LENGTH];
  UBool bad = 0;
  U8_APPEND(first, j, U8_MAX_LENGTH, u_totitle(c), bad);
  if (bad || *len - i + j >= 128)
    return 0;
  memmove(w + j, w + i, (size_t)(*len - i));
  memcpy(w, first, (size_t)j);
  *len += j - i;
  return 1;
}

/* ICU's exceptions for the language, each without its final dot. */
static int icu_abbreviations(wordlist *out, const char *lang) {
  UErrorCode ec = U_ZERO_ERROR;
  UResourceBundle *b =
      ures_openDirect(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", lang,
                      &ec);
  UResourceBundle *x = ures_getByKey(b, "exceptions", NULL, &ec);
  UResourceBundle *s = ures_getByKey(x, "SentenceBreak", NULL, &ec);
  int rc = 0;
  for (int32_t i = 0; U_SUCCESS(ec) && rc == 0 && i < ures_getSize(s); i++) {
    int32_t n = 0;
    UErrorCode e2 = U_ZERO_ERROR;
    const UChar *w = ures_getStringByIndex(s, i, &n, &e2);
    char u8[128];
    int32_t len = 0;
    u_strToUTF8(u8, (int32_t)sizeof(u8), &len, w, n, &e2);
    if (U_FAILURE(e2) || e2 == U_STRING_NOT_TERMINATED_WARNING || len < 2 ||
        u8[len - 1] != '.')
      continue; /* an entry we cannot read as "word." is not ours */
    rc = add_word(out, u8, (size_t)len - 1);
    /* "dott." is written "Dott." before a name, and at a sentence's
     * start; a capitalised entry ("Is.", "Go.") is not lowercased, for
     * "is." and "go." end sentences */
    if (rc == 0 && capitalise(u8, &len))
      rc = add_word(out, u8, (size_t)len - 1);
  }
  ures_close(s);
  ures_close(x);
  ures_close(b);
  return rc;
}

/* The line of starters.tsv for the language: "lang<TAB>word word ...". */
static int starters_line(wordlist *out, FILE *f, const char *lang,
                         const char *path, nl_error *err) {
  char line[8192];
  unsigned long no = 0;
  size_t ll = strlen(lang);
  while (fgets(line, sizeof(line), f) != NULL) {
    no++;
    size_t n = strlen(line);
    if (n == sizeof(line) - 1 && line[n - 1] != '\n')
      return nl_error__set(err, NL_EPARSE, path, no, 0,
                           "line longer than %zu bytes", sizeof(line) - 2);
    if (line[0] == '#' || line[0] == '\n')
      continue;
    char *tab = strchr(line, '\t');
    if (tab == NULL)
      return nl_error__set(err, NL_EPARSE, path, no, 0,
                           "expected LANG<TAB>words");
    if ((size_t)(tab - line) != ll || memcmp(line, lang, ll) != 0)
      continue;
    for (char *w = tab + 1; *w;) {
      size_t k = strcspn(w, " \t\r\n");
      if (k > 0 && add_word(out, w, k) < 0)
        return nl_error__nomem(err);
      w += k;
      w += strspn(w, " \t\r\n");
    }
  }
  return 0;
}

static int load_starters(wordlist *out, const char *lang, const char *dir,
                         nl_error *err) {
  nl_buf path = NL_BUF_INIT;
  int rc = nl_locales__find(&path, dir, "segment/starters.tsv", err);
  FILE *f = rc == 0 ? fopen(path.ptr, "r") : NULL;
  if (rc == 0 && f == NULL)
    rc = nl_error__set(err, NL_EIO, path.ptr, 0, 0, "cannot open");
  if (rc == 0)
    rc = starters_line(out, f, lang, path.ptr, err);
  /* English names and acronyms turn up in every service's text, and so
   * do the English words that open a sentence after them */
  if (rc == 0 && strcmp(lang, "en") != 0) {
    rewind(f);
    rc = starters_line(out, f, "en", path.ptr, err);
  }
  if (f != NULL)
    fclose(f);
  nl_buf_dispose(&path);
  return rc;
}

int nl_lexicon__load(nl_lexicon *lx, const char *locale_id,
                     const char *locales_dir, nl_error *err) {
  char lang[ULOC_LANG_CAPACITY] = "";
  UErrorCode ec = U_ZERO_ERROR;
  uloc_getLanguage(locale_id, lang, (int32_t)sizeof(lang), &ec);
  if (U_FAILURE(ec) || ec == U_STRING_NOT_TERMINATED_WARNING)
    lang[0] = '\0';
  wordlist a = {NULL, 0, 0}, s = {NULL, 0, 0};
  int rc = lang[0] && icu_abbreviations(&a, lang) < 0 ? nl_error__nomem(err)
                                                       : 0;
  if (rc == 0 && lang[0])
    rc = load_starters(&s, lang, locales_dir, err);
  /* abbreviations stand before the position, read backwards */
  lx->abbreviations = rc == 0 ? to_regex(&a, 1) : NULL;
  lx->starters = rc == 0 ? to_regex(&s, 0) : NULL;
  if (rc == 0 && (lx->abbreviations == NULL || lx->starters == NULL))
    rc = nl_error__nomem(err);
  free(a.w);
  free(s.w);
  if (rc < 0)
    nl_lexicon__dispose(lx);
  return rc;
}

void nl_lexicon__dispose(nl_lexicon *lx) {
  free(lx->abbreviations);
  free(lx->starters);
  lx->abbreviations = lx->starters = NULL;
}

int nl_lexicon__refers(const char *pattern) {
  return strstr(pattern, OPEN_REF) != NULL;
}

int nl_lexicon__expand(nl_buf *out, const char *p, const nl_lexicon *lx,
                       const char *path, unsigned long line, nl_error *err) {
  const char *ref;
  while ((ref = strstr(p, OPEN_REF)) != NULL) {
    const char *list;
    size_t skip;
    if (strncmp(ref, ABBR_REF, sizeof(ABBR_REF) - 1) == 0) {
      list = lx->abbreviations;
      skip = sizeof(ABBR_REF) - 1;
    } else if (strncmp(ref, STARTERS_REF, sizeof(STARTERS_REF) - 1) == 0) {
      list = lx->starters;
      skip = sizeof(STARTERS_REF) - 1;
    } else {
      return nl_error__set(err, NL_EPARSE, path, line, 0,
                           "unknown word list in rule \"%s\" (known: "
                           "%s, %s)",
                           p, ABBR_REF, STARTERS_REF);
    }
    if (nl_buf__put(out, p, (size_t)(ref - p)) < 0 ||
        nl_buf__puts(out, list) < 0)
      return nl_error__nomem(err);
    p = ref + skip;
  }
  return nl_buf__puts(out, p) < 0 ? nl_error__nomem(err) : 0;
}
