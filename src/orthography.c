/*
 * orthography.c - each service's spelling conventions, and Zawgyi.
 *
 * Rule sets are data (locales/orthography/NAME.tsv): characters typed on
 * the wrong keyboard (Arabic yeh and kaf in Persian) mapped to the ones
 * the service writes. They are deliberately few and safe; a letter whose
 * right form depends on the word (Urdu heh) is left to editors.
 *
 * Burmese still arrives in Zawgyi, a font hack that put visual glyph
 * order into Unicode's Myanmar block. ICU's Zawgyi-my transform converts
 * it, but corrupts text that is already Unicode, so a block is converted
 * only when the detector below is confident: it scores sequences only
 * Zawgyi produces (the vowel sign E before its consonant, medial RA
 * before the consonant, asat as U+1039, Zawgyi's private stacked forms)
 * against sequences only Unicode produces, and converts a block only
 * when the score clears a threshold.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utrans.h>

#include <newsloc/io.h>

#include "error.h"
#include "locales.h"
#include "localize_internal.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/utf8.h"

static int add_rule(nl_lz *z, const char *set, const char *from, size_t fl,
                    const char *to, size_t tl, int final, int not_name) {
  nl_ortho_rule *p = realloc(z->rules, (z->nrules + 1) * sizeof(*p));
  if (p == NULL)
    return NL_ENOMEM;
  z->rules = p;
  nl_ortho_rule r = {nl__strndup(from, fl), nl__strndup(to, tl), final,
                     not_name, set};
  if (r.from == NULL || r.to == NULL) {
    free(r.from);
    free(r.to);
    return NL_ENOMEM;
  }
  z->rules[z->nrules++] = r;
  return 0;
}

/* FROM<TAB>TO<TAB>any|final|not-name, '#' comments. */
static int load_set(nl_lz *z, const char *set, const char *path,
                    nl_error *err) {
  nl_buf data = NL_BUF_INIT;
  int rc = nl_file_read(path, &data, err);
  unsigned long line = 0;
  size_t pos = 0, n, fl[3];
  const char *f[3];
  while (rc == 0 &&
         (n = nl_locales__tsv_row(&data, &pos, &line, f, fl, 3)) > 0) {
    int final = fl[2] == 5 && memcmp(f[2], "final", 5) == 0;
    int not_name = fl[2] == 8 && memcmp(f[2], "not-name", 8) == 0;
    if (n < 3 || fl[0] == 0)
      rc = nl_error__set(err, NL_EPARSE, path, line, 1,
                         "a rule is FROM<TAB>TO<TAB>any|final|not-name");
    else if (!final && !not_name && !(fl[2] == 3 && !memcmp(f[2], "any", 3)))
      rc = nl_error__set(err, NL_EPARSE, path, line,
                         (unsigned long)(f[2] - f[0] + 1),
                         "where is \"any\", \"final\" or \"not-name\"");
    else if (add_rule(z, set, f[0], fl[0], f[1], fl[1], final, not_name) < 0)
      rc = nl_error__nomem(err);
  }
  nl_buf_dispose(&data);
  return rc;
}

int nl_lz__load_rules(nl_lz *z, const char *dir, nl_error *err) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < nl_service_orthography_count(z->svc); i++) {
    const char *name = nl_service_orthography(z->svc, i);
    if (strcmp(name, "zawgyi") == 0) {
      z->zawgyi = 1;
      continue;
    }
    nl_buf rel = NL_BUF_INIT, path = NL_BUF_INIT;
    rc = nl_buf__printf(&rel, "orthography/%s.tsv", name) < 0
             ? nl_error__nomem(err)
             : 0;
    if (rc == 0)
      rc = nl_locales__find(&path, dir, rel.ptr, err);
    if (rc == 0)
      rc = load_set(z, name, path.ptr, err);
    nl_buf_dispose(&rel);
    nl_buf_dispose(&path);
  }
  return rc;
}

void nl_lz__free_rules(nl_lz *z) {
  for (size_t i = 0; i < z->nrules; i++) {
    free(z->rules[i].from);
    free(z->rules[i].to);
  }
  free(z->rules);
  if (z->zawgyi_trans)
    utrans_close(z->zawgyi_trans);
}

/* ---- Zawgyi ---------------------------------------------------------- */

static int consonant(uint32_t c) { return c >= 0x1000 && c <= 0x1021; }

/* Characters that end a syllable or stand outside one: after them a new
 * syllable starts, so what follows is in storage order's first place. */
static int syllable_start_before(uint32_t prev) {
  if (!(prev >= 0x1000 && prev <= 0x109F))
    return 1; /* space, punctuation, Latin, start of text */
  return (prev >= 0x102B && prev <= 0x102C) || prev == 0x1038 ||
         (prev >= 0x104A && prev <= 0x104F);
}

/*
 * Evidence, weighed per occurrence (storage order is what differs):
 *  Zawgyi  +2  U+1060-U+1097, U+105A, U+1033/U+1034: Zawgyi's private
 *              stacked and variant glyphs; Burmese in Unicode has none
 *          +2  U+1031 (vowel sign E) or U+103B (Zawgyi medial RA) at a
 *              syllable start before a consonant: Unicode stores both
 *              after their consonant, never first
 *          +1  U+1039 not followed by a consonant: Zawgyi's asat;
 *              Unicode's U+1039 only ever stacks a consonant
 *  Unicode +1  a consonant, then U+103B, then no consonant: medial YA
 *              where Unicode puts it (Zawgyi's U+103B, medial RA, always
 *              comes before a consonant)
 *          +1  U+1031 after a consonant or medial, then no consonant
 * Sequences both encodings produce (U+1039 before a consonant, U+103A
 * then U+1038, U+103C after a consonant) are not evidence.
 * The score is Zawgyi minus Unicode evidence.
 */
int nl_lz__zawgyi_score(const char *s, size_t len) {
  int zaw = 0, uni = 0;
  uint32_t prev = ' ';
  for (size_t i = 0; i < len;) {
    uint32_t c = nl_utf8__next(s, len, &i);
    size_t j = i;
    uint32_t next = i < len ? nl_utf8__next(s, len, &j) : 0;
    int starts = syllable_start_before(prev);
    if ((c >= 0x1060 && c <= 0x1097) || c == 0x105A || c == 0x1033 ||
        c == 0x1034)
      zaw += 2;
    else if ((c == 0x1031 || c == 0x103B) && starts &&
             (consonant(next) || next == 0x103B))
      zaw += 2;
    else if (c == 0x1039 && !consonant(next))
      zaw += 1;
    else if (consonant(prev) && c == 0x103B && !consonant(next))
      uni += 1;
    else if (c == 0x1031 && !starts && !consonant(next) && next != 0x103B)
      uni += 1;
    prev = c;
  }
  return zaw - uni;
}

/* Converting Unicode text corrupts it, so the bar is high: the Zawgyi
 * evidence must outweigh the Unicode evidence by two strong signs (one
 * stray U+1031 typed first in a Unicode text is not enough). */
int nl_lz__is_zawgyi(const char *s, size_t len) {
  return nl_lz__zawgyi_score(s, len) >= 3;
}

static int zawgyi(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  UErrorCode ec = U_ZERO_ERROR;
  if (z->zawgyi_trans == NULL) {
    UChar id[] = {'Z', 'a', 'w', 'g', 'y', 'i', '-', 'm', 'y', 0};
    z->zawgyi_trans = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &ec);
    if (U_FAILURE(ec))
      return nl_error__set(z->err, NL_EICU, NULL, 0, 0,
                           "ICU Zawgyi-my transform: %s", u_errorName(ec));
  }
  nl_u16 u = {0};
  int rc = nl_u16__from_utf8(&u, s, len, 0, z->err);
  if (rc < 0)
    return rc;
  int32_t cap = u.len * 2 + 16, n = u.len, limit = u.len;
  UChar *buf = malloc((size_t)cap * sizeof(UChar));
  if (buf == NULL) {
    nl_u16__dispose(&u);
    return nl_error__nomem(z->err);
  }
  memcpy(buf, u.s, (size_t)u.len * sizeof(UChar));
  utrans_transUChars(z->zawgyi_trans, buf, &n, cap, 0, &limit, &ec);
  rc = U_FAILURE(ec) ? nl_error__set(z->err, NL_EICU, NULL, 0, 0,
                                     "Zawgyi-my: %s", u_errorName(ec))
                     : nl_u16__to_utf8(out, buf, n, z->err);
  free(buf);
  nl_u16__dispose(&u);
  return rc;
}

/* ---- character rules ---------------------------------------------------- */

/* A word ends where no letter or mark follows. */
static int at_word_end(const char *s, size_t len, size_t i) {
  if (i >= len)
    return 1;
  size_t j = i;
  UChar32 c = (UChar32)nl_utf8__next(s, len, &j);
  int8_t t = (int8_t)u_charType(c);
  return !u_isalpha(c) && t != U_NON_SPACING_MARK &&
         t != U_COMBINING_SPACING_MARK && c != 0x200C && c != 0x200D;
}

/* A capital then a small letter at i: the rest of a name written the
 * Irish or French way (O'Brien, D'Angelo), not an Uzbek word (Oʻzbek,
 * OʻZBEK). */
static int name_follows(const char *s, size_t len, size_t i) {
  if (i >= len)
    return 0;
  size_t j = i;
  UChar32 a = (UChar32)nl_utf8__next(s, len, &j);
  UChar32 b = j < len ? (UChar32)nl_utf8__next(s, len, &j) : 0;
  return u_isupper(a) && u_islower(b);
}

const nl_ortho_rule *nl_lz__rule_at(const nl_lz *z, const char *s,
                                    size_t len, size_t i) {
  for (size_t r = 0; r < z->nrules; r++) {
    const char *f = z->rules[r].from;
    if (f[0] != s[i] || (f[1] && (i + 1 >= len || f[1] != s[i + 1])))
      continue; /* most positions: no rule starts with these bytes */
    size_t fl = strlen(z->rules[r].from);
    if (len - i >= fl && memcmp(s + i, z->rules[r].from, fl) == 0 &&
        (!z->rules[r].final || at_word_end(s, len, i + fl)) &&
        (!z->rules[r].not_name || !name_follows(s, len, i + fl)))
      return &z->rules[r];
  }
  return NULL;
}

int nl_lz__orthography(nl_lz *z, const char *s, size_t len, nl_buf *out) {
  if (z->block_is_zawgyi) {
    size_t at = out->size;
    int rc = zawgyi(z, s, len, out);
    if (rc == 0 && (out->size - at != len || memcmp(out->ptr + at, s, len)))
      rc = nl_lz__note(z, "zawgyi-to-unicode", 0, s, len, out->ptr + at,
                       out->size - at);
    return rc;
  }
  char rule[96];
  for (size_t i = 0; i < len;) {
    const nl_ortho_rule *r = z->nrules ? nl_lz__rule_at(z, s, len, i) : NULL;
    if (r) {
      size_t fl = strlen(r->from);
      snprintf(rule, sizeof(rule), "orthography:%s", r->set);
      if (nl_buf__puts(out, r->to) < 0)
        return nl_error__nomem(z->err);
      int rc = nl_lz__note(z, rule, i, r->from, fl, r->to, strlen(r->to));
      if (rc < 0)
        return rc;
      i += fl;
    } else {
      size_t j = i;
      nl_utf8__next(s, len, &j);
      if (nl_buf__put(out, s + i, j - i) < 0)
        return nl_error__nomem(z->err);
      i = j;
    }
  }
  return 0;
}
