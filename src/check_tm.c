/*
 * check_tm.c - a translation memory judged as a whole.
 *
 * Two inconsistencies no single segment shows: one language stored in
 * different normalization forms (lookups then miss: "é" precomposed is
 * not "e" + U+0301 to SQLite), and one word spelled with ZWNJ in some
 * entries, with a space or joined in others (می‌روم / می روم / میروم),
 * which splits its matches and its terminology.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include <newsloc/tm.h>

#include "check_internal.h"
#include "error.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

#define MAX_LANGS 64
#define MAX_REPORTED 50

/* ---- a small string -> counts table ------------------------------------- */

typedef struct slot {
  char *key;
  size_t n[3]; /* ZWNJ, space, joined */
} slot;

typedef struct table {
  slot *s;
  size_t cap, used;
} table;

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static slot *find(table *t, const char *key, int add) {
  if (add && (t->used + 1) * 2 > t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 1024;
    slot *ns = calloc(cap, sizeof(*ns));
    if (ns == NULL)
      return NULL;
    for (size_t i = 0; i < t->cap; i++) {
      if (t->s[i].key == NULL)
        continue;
      size_t j = hash(t->s[i].key) & (cap - 1);
      while (ns[j].key)
        j = (j + 1) & (cap - 1);
      ns[j] = t->s[i];
    }
    free(t->s);
    t->s = ns;
    t->cap = cap;
  }
  if (t->cap == 0)
    return NULL;
  size_t j = hash(key) & (t->cap - 1);
  while (t->s[j].key && strcmp(t->s[j].key, key) != 0)
    j = (j + 1) & (t->cap - 1);
  if (t->s[j].key == NULL) {
    if (!add || (t->s[j].key = nl__strdup(key)) == NULL)
      return NULL;
    t->used++;
  }
  return &t->s[j];
}

static void table_free(table *t) {
  for (size_t i = 0; i < t->cap; i++)
    free(t->s[i].key);
  free(t->s);
}

/* ---- the walk ----------------------------------------------------------- */

typedef struct lang_forms {
  char lang[32];
  size_t nfc, other;      /* entries with composed text / not NFC */
  char example[96];       /* first entry not in NFC */
} lang_forms;

typedef struct walk {
  nl_check_ctx *c;
  lang_forms forms[MAX_LANGS];
  size_t nforms;
  table words;  /* "a\x01b": the parts of a word written with ZWNJ */
  int pass;
  int oom;
} walk;

static void forms(walk *w, const char *lang, const char *s) {
  size_t len = strlen(s), k = 0;
  int ascii = 1;
  for (size_t i = 0; i < len && ascii; i++)
    ascii = (unsigned char)s[i] < 0x80;
  if (ascii || lang == NULL)
    return;
  while (k < w->nforms && strcmp(w->forms[k].lang, lang) != 0)
    k++;
  if (k == w->nforms) {
    if (k == MAX_LANGS)
      return;
    snprintf(w->forms[k].lang, sizeof(w->forms[k].lang), "%s", lang);
    w->nforms++;
  }
  lang_forms *f = &w->forms[k];
  if (!nl_icu__is_nfc(s, len)) {
    if (f->other++ == 0)
      snprintf(f->example, sizeof(f->example), "%.*s",
               (int)nl_utf8__fit(s, strlen(s), 80), s);
  } else {
    f->nfc++;
  }
}

static int word_byte(const char *s, size_t len, size_t i, size_t *next) {
  size_t j = i;
  uint32_t cp = nl_utf8__next(s, len, &j);
  *next = j;
  return u_isalpha((UChar32)cp) || u_getCombiningClass((UChar32)cp) ||
         u_charType((UChar32)cp) == U_NON_SPACING_MARK;
}

/* Pass 1 collects words with ZWNJ; pass 2 counts every spelling. */
static void zwnj_words(walk *w, const char *s) {
  size_t len = strlen(s);
  char key[256];
  size_t pa = 0, pn = 0; /* the previous word */
  for (size_t i = 0; i < len;) {
    size_t a = i, j, zw = 0, nz = 0;
    while (i < len) {
      if (len - i >= 3 && memcmp(s + i, "\xE2\x80\x8C", 3) == 0) {
        zw = i;
        nz++;
        i += 3;
      } else if (word_byte(s, len, i, &j)) {
        i = j;
      } else {
        break;
      }
    }
    if (i == a) {
      int space = s[i] == ' ';
      nl_utf8__next(s, len, &i);
      if (!space)
        pn = 0;
      continue;
    }
    size_t n = i - a;
    if (nz == 1 && zw > a && zw + 3 < i && n < sizeof(key)) {
      snprintf(key, sizeof(key), "%.*s\x01%.*s", (int)(zw - a), s + a,
               (int)(i - zw - 3), s + zw + 3);
      slot *e = find(&w->words, key, w->pass == 1);
      if (e)
        e->n[0] += w->pass == 2;
      else if (w->pass == 1)
        w->oom = 1;
    } else if (w->pass == 2 && nz == 0 && n < sizeof(key)) {
      slot *e;
      if (pn && pn + n + 1 < sizeof(key)) {
        snprintf(key, sizeof(key), "%.*s\x01%.*s", (int)pn, s + pa, (int)n,
                 s + a);
        if ((e = find(&w->words, key, 0)))
          e->n[1]++;
      }
      for (size_t cut = 1; cut < n; cut++) {
        if (((unsigned char)s[a + cut] & 0xC0) == 0x80)
          continue;
        snprintf(key, sizeof(key), "%.*s\x01%.*s", (int)cut, s + a,
                 (int)(n - cut), s + a + cut);
        if ((e = find(&w->words, key, 0)))
          e->n[2]++;
      }
    }
    pa = a;
    pn = nz ? 0 : n;
  }
}

static int visit(void *ctx, const nl_tm_entry *e) {
  walk *w = ctx;
  if (w->pass == 1) {
    forms(w, e->source_lang, e->source);
    forms(w, e->target_lang, e->target);
  }
  if (strstr(e->target, "\xE2\x80\x8C") || w->pass == 2)
    zwnj_words(w, e->target);
  return w->oom ? NL_ENOMEM : 0;
}

static int report(walk *w) {
  int rc = 0;
  for (size_t k = 0; rc == 0 && k < w->nforms; k++) {
    lang_forms *f = &w->forms[k];
    if (f->nfc && f->other)
      rc = nl_chk__emit_line(w->c, "tm-mixed-normalization", 0, 0,
                             "'%s': %zu entries in NFC, %zu not (first: "
                             "\"%s\"): lookups miss between them",
                             f->lang, f->nfc, f->other, f->example);
  }
  size_t shown = 0;
  for (size_t i = 0; rc == 0 && i < w->words.cap && shown < MAX_REPORTED;
       i++) {
    slot *e = &w->words.s[i];
    if (e->key == NULL || (e->n[1] == 0 && e->n[2] == 0))
      continue;
    char *sep = strchr(e->key, '\x01');
    *sep = '\0';
    rc = nl_chk__emit_line(w->c, "tm-zwnj-variants", 0, 0,
                           "\"%s\xE2\x80\x8C%s\" is written with ZWNJ %zu times, "
                           "with a space %zu, joined %zu",
                           e->key, sep + 1, e->n[0], e->n[1], e->n[2]);
    *sep = '\x01';
    shown++;
  }
  return rc;
}

int nl_chk__tm(nl_check_ctx *c, const char *path) {
  nl_tm *tm = NULL;
  nl_tm_options o = NL_TM_OPTIONS_INIT;
  o.read_only = 1;
  nl_error *err = nl_chk__err(c);
  int rc = nl_tm_open(&tm, path, &o, err);
  walk *w = rc == 0 ? calloc(1, sizeof(*w)) : NULL;
  if (rc == 0 && w == NULL)
    rc = nl_error__nomem(err);
  if (rc == 0) {
    w->c = c;
    w->pass = 1;
    rc = nl_tm_foreach(tm, NULL, NULL, visit, w, err);
  }
  if (rc == 0 && w->words.used) {
    w->pass = 2;
    rc = nl_tm_foreach(tm, NULL, NULL, visit, w, err);
  }
  if (rc == NL_ENOMEM)
    rc = nl_error__nomem(err);
  if (rc == 0)
    rc = report(w);
  if (w)
    table_free(&w->words);
  free(w);
  nl_tm_close(tm);
  return rc;
}
