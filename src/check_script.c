/*
 * check_script.c - invisible and look-alike characters, and what each
 * service writes: its script, its orthography, its digits, Zawgyi.
 *
 * Invisible characters are judged in context, not by a list: ZWNJ is a
 * letter of Persian spelling (می‌روم) and noise in English; LRM belongs
 * in right-to-left text; a variation selector after an emoji is meant,
 * a run of them is a hidden payload. Look-alikes are judged per word,
 * the unit UTS #39 (ICU uspoof) is built for: a word whose scripts ICU's
 * highly restrictive level refuses is mixed, and when a letter of the
 * minority script has the same skeleton as a letter of the word's main
 * script it is a confusable.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/unumsys.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/uspoof.h>

#include <newsloc/io.h>

#include "check_internal.h"
#include "error.h"
#include "localize_internal.h"
#include "services_internal.h"
#include "util/bytes.h"
#include "util/utf8.h"

#define WORD_MAX 256
/* Formats of findings whose arguments are kept once: named twice, at
 * the entry that keeps them and at the one that does not read them. */
#define JOINER_FMT "invisible %s in %s text, which does not use it"
#define HIDDEN_FMT                                                         \
  "invisible %s in %s text: it hides from readers and breaks search"
#define ORTHO_FMT "\"%s\" (%s) where %s writes \"%s\" (rule set %s)"
#define FOREIGN_FMT "%s: %s letters in %s, which writes %s"
#define ZWNJ_FMT                                                           \
  "%s is not between two letters of a script that joins: it joins or "   \
  "separates nothing here"
#define PER_RUN_MAX 10

/* ---- languages ---------------------------------------------------------- */

void nl_chk__primary(const char *tag, char *out, size_t cap) {
  size_t n = 0;
  while (tag && tag[n] && tag[n] != '-' && tag[n] != '_' && n + 1 < cap) {
    char ch = tag[n];
    out[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
  }
  out[n] = '\0';
}

/* Languages whose spelling uses ZWNJ/ZWJ between letters: Persian and
 * its neighbours in Arabic script, and the Brahmic scripts. */
static int joiner_language(const char *p) {
  static const char *const langs[] = {
    "fa", "prs", "ps", "ur", "ckb", "sd", "bal", "ks", "ug", "pnb", "skr",
    "lrc", "mzn", "glk", "hi", "mr", "ne", "sa", "bn", "as", "pa", "gu",
    "or", "ta", "te", "kn", "ml", "si", "my", "km", "bo", "dv", NULL};
  for (int i = 0; langs[i]; i++)
    if (strcmp(p, langs[i]) == 0)
      return 1;
  return 0;
}

static int script_code(const char *iso) {
  if (iso == NULL)
    return -1;
  if (strcmp(iso, "Hans") == 0 || strcmp(iso, "Hant") == 0)
    return USCRIPT_HAN;
  if (strcmp(iso, "Kore") == 0)
    return USCRIPT_HANGUL;
  if (strcmp(iso, "Jpan") == 0)
    return USCRIPT_JAPANESE;
  int v = u_getPropertyValueEnum(UCHAR_SCRIPT, iso);
  return v == UCHAR_INVALID_CODE ? -1 : v;
}

static uint32_t digit_zero(const char *system) {
  if (system == NULL || strcmp(system, "latn") == 0)
    return '0';
  UErrorCode ec = U_ZERO_ERROR;
  UNumberingSystem *ns = unumsys_openByName(system, &ec);
  UChar d[16];
  uint32_t z = 0;
  if (U_SUCCESS(ec) && unumsys_getDescription(ns, d, 16, &ec) > 0 &&
      U_SUCCESS(ec)) {
    z = d[0];
    if (U16_IS_LEAD(d[0]))
      z = (uint32_t)U16_GET_SUPPLEMENTARY(d[0], d[1]);
  }
  unumsys_close(ns);
  return z;
}

void nl_chk__lang_init(nl_check_ctx *c, nl_check_lang *l) {
  char p[16];
  nl_chk__primary(l->tag, p, sizeof(p));
  nl_services_find(nl_chk__services(c), l->tag, &l->svc, NULL);
  l->rtl = nl_lang_is_rtl(l->tag);
  l->uses_joiners = joiner_language(p);
  l->script = l->svc ? script_code(nl_service_get(l->svc, NL_SERVICE_SCRIPT))
                     : -1;
  l->zero = l->svc ? digit_zero(nl_service_get(l->svc, NL_SERVICE_DIGITS)) : 0;
}

/* The service's rules (l->ortho, as nl_chk__ortho gives them) and what
 * an orthography finding needs of each, worked out once: the code point
 * its FROM starts with, the FROM's length, whether it is a digit (the
 * digits-system check reports those). */
typedef struct rule_facts {
  uint32_t cp;
  uint32_t len;
  int digit;
  size_t args; /* its finding's message arguments, kept once (SIZE_MAX:
                  not yet): the rule's letters and the service's name */
} rule_facts;
/* Where to start looking for the rule at a lead (its first two
 * bytes): the first rule that can start with them. Open addressing;
 * a lead not found starts at rule 0. */
#define LEAD_SLOTS 64
typedef struct ortho {
  nl_lz z; /* first: l->ortho is also the nl_lz */
  rule_facts *facts;
  struct {
    uint16_t key; /* b0 << 8 | b1 (b0 is never 0) */
    uint16_t first;
    int whole; /* that rule's FROM is these two bytes, without a
                  condition: the rule at every such lead */
  } lead[LEAD_SLOTS];
} ortho;

/* The first rule whose FROM may start with b0 b1 (a FROM of one byte
 * starts with any b1). */
static size_t first_rule(const nl_lz *z, unsigned b0, unsigned b1) {
  size_t r = 0;
  for (; r < z->nrules; r++) {
    const unsigned char *f = (const unsigned char *)z->rules[r].from;
    if (f[0] == b0 && (f[1] == 0 || f[1] == b1))
      break;
  }
  return r;
}

/* The leads of the rules' FROMs of two bytes or more, each with its
 * first rule. */
static void index_leads(ortho *o) {
  const nl_lz *z = &o->z;
  for (size_t r = 0; r < z->nrules && z->nrules < 0xFFFF; r++) {
    const unsigned char *f = (const unsigned char *)z->rules[r].from;
    if (f[0] == 0 || f[1] == 0)
      continue;
    unsigned key = (unsigned)f[0] << 8 | f[1];
    for (unsigned k = 0, h = key * 2654435761u >> 26; k < LEAD_SLOTS;
         k++, h = (h + 1) % LEAD_SLOTS) {
      if (o->lead[h].key == key)
        break;
      if (o->lead[h].key == 0) {
        size_t first = first_rule(z, f[0], f[1]);
        const nl_ortho_rule *w = &z->rules[first];
        o->lead[h].key = (uint16_t)key;
        o->lead[h].first = (uint16_t)first;
        o->lead[h].whole = o->facts[first].len == 2 && !w->final &&
                           !w->not_name;
        break;
      }
    }
  }
}

/* nl_lz__rule_at(&o->z, s, len, i), from the first rule that can
 * match the lead at s[i] on; a rule with a condition (at a word's end,
 * not before a name) found first is left to nl_lz__rule_at. Held to it
 * by test_check_spoof's test_rules_from_pass. */
static const nl_ortho_rule *rule_at(const ortho *o, const char *str,
                                    size_t len, size_t i) {
  const nl_lz *z = &o->z;
  const unsigned char *s = (const unsigned char *)str;
  unsigned b0 = s[i], b1 = i + 1 < len ? s[i + 1] : 0;
  unsigned key = b0 << 8 | b1;
  size_t r = 0;
  for (unsigned k = 0, h = key * 2654435761u >> 26; k < LEAD_SLOTS;
       k++, h = (h + 1) % LEAD_SLOTS) {
    if (o->lead[h].key == key) {
      if (o->lead[h].whole) /* (b1 is there: the lead's two bytes) */
        return &z->rules[o->lead[h].first];
      r = o->lead[h].first;
      break;
    }
    if (o->lead[h].key == 0)
      break;
  }
  for (; r < z->nrules; r++) {
    const unsigned char *f = (const unsigned char *)z->rules[r].from;
    size_t fl = o->facts[r].len, k = 2;
    if (f[0] != b0 || (f[1] && (i + 1 >= len || f[1] != b1)) ||
        len - i < fl)
      continue;
    while (k < fl && s[i + k] == f[k]) /* (FROMs are a few bytes) */
      k++;
    if (k < fl)
      continue;
    if (z->rules[r].final || z->rules[r].not_name)
      return nl_lz__rule_at(z, str, len, i);
    return &z->rules[r];
  }
  return NULL;
}

void nl_chk__lang_dispose(nl_check_lang *l) {
  if (l->ortho) {
    ortho *o = l->ortho;
    nl_lz__free_rules(&o->z);
    free(o->facts);
    free(o);
  }
}

/* The service's orthography rules, loaded on first use. */
struct nl_lz *nl_chk__ortho(nl_check_ctx *c, nl_check_lang *l) {
  if (l->ortho_loaded)
    return l->ortho;
  l->ortho_loaded = 1;
  if (l->svc == NULL || nl_service_orthography_count(l->svc) == 0)
    return NULL;
  ortho *o = calloc(1, sizeof(*o));
  if (o == NULL)
    return NULL;
  nl_lz *z = &o->z;
  z->svc = l->svc;
  if (nl_lz__load_rules(z, nl_services__dir(nl_chk__services(c)), NULL) < 0 ||
      (z->nrules &&
       (o->facts = calloc(z->nrules, sizeof(*o->facts))) == NULL)) {
    nl_lz__free_rules(z);
    free(o);
    return NULL;
  }
  l->ortho_lo = 0x10FFFF;
  for (size_t i = 0; i < z->nrules; i++) {
    const unsigned char *f = (const unsigned char *)z->rules[i].from;
    size_t k0 = 0, len = strlen(z->rules[i].from);
    uint32_t first = nl_utf8__next(z->rules[i].from, len, &k0);
    o->facts[i].cp = first;
    o->facts[i].len = (uint32_t)len;
    o->facts[i].digit = u_charDigitValue((UChar32)first) >= 0;
    o->facts[i].args = SIZE_MAX;
    l->ortho_lo = first < l->ortho_lo ? first : l->ortho_lo;
    l->ortho_hi = first > l->ortho_hi ? first : l->ortho_hi;
    for (unsigned b1 = 0; b1 < 256; b1++)
      if (f[1] == 0 || f[1] == b1) {
        unsigned k = (unsigned)f[0] << 8 | b1;
        l->lead[k >> 3] |= (unsigned char)(1u << (k & 7));
      }
  }
  index_leads(o);
  l->ortho = o;
  return z;
}

/* ---- look-alikes -------------------------------------------------------- */

typedef struct skel_table {
  int script;
  uint64_t *keys;
  size_t n;
} skel_table;

#define SKEL_MEMO 64
#define SCRIPT_NAMES 256
#define AUG_MEMO 256
#define LIKE_MEMO 64

/* A set of scripts (UScriptCode bits); ICU's codes stay below 256. */
#define SSET_WORDS 4
typedef struct sset {
  uint64_t w[SSET_WORDS];
} sset;

struct nl_chk_scripts {
  USpoofChecker *spoof; /* opened for the first mixed word */
  /* ICU's script names by code (uscript_getName walks its property
   * tables: 120 instructions a finding that names a script) */
  const char *names[SCRIPT_NAMES];
  /* foreign-script's message arguments by service and script, kept
   * once (the name of the script and the service's name and script) */
  struct {
    const nl_service *svc;
    int sc;
    size_t args;
  } foreign[4];
  unsigned next_foreign;
  /* the letter the pass's place last brought that the service does not
   * write, with its arguments (the same letter in every paragraph of a
   * file: its script, allowed or not, and its slot known) */
  struct {
    const nl_service *svc;
    uint32_t cp1; /* the code point + 1; 0: none */
    size_t args;
  } last_foreign;
  /* the invisible checks' message arguments, kept once: the
   * character's name and the language's tag */
  struct {
    char tag[64];
    size_t args[2]; /* joiner's, invisible's */
  } by_tag[4];
  unsigned next_tag;
  skel_table *t;
  size_t nt;
  /* the skeletons of the letters judged lately: a look-alike repeats
   * in a file (a Cyrillic о in every "gооgle"), ICU's call is dear */
  struct {
    uint32_t cp1; /* the code point + 1; 0: empty */
    uint64_t key;
  } memo[SKEL_MEMO];
  /* the augmented script sets of the letters judged lately (ICU's
   * uscript_getScriptExtensions and the set's making: 50 instructions
   * a letter); kind as augmented() returns it */
  struct {
    uint32_t cp1; /* the code point + 1; 0: empty */
    int kind;
    sset set;
  } aug[AUG_MEMO];
  /* looks_like()'s answers for the letters judged lately, by code point
   * and the word's main script (few_judge's) */
  struct {
    uint32_t cp1; /* the code point + 1; 0: empty */
    int script;
    int yes;
  } like[LIKE_MEMO];
  /* 1 + where the confusable's arguments were first kept, by the word's
   * main script (0: not yet) */
  size_t alike_args[SCRIPT_NAMES];
};

void nl_chk__scripts_free(nl_chk_scripts *s) {
  if (s == NULL)
    return;
  for (size_t i = 0; i < s->nt; i++)
    free(s->t[i].keys);
  free(s->t);
  if (s->spoof)
    uspoof_close(s->spoof);
  free(s);
}

static nl_chk_scripts *scripts(nl_check_ctx *c) {
  nl_chk_scripts **slot = nl_chk__scripts_slot(c);
  if (*slot == NULL)
    *slot = nl_chk__scripts_new();
  return *slot;
}

/* The scripts' tables with ICU's spoof checker open (NULL: no memory). */
static nl_chk_scripts *spoof_scripts(nl_check_ctx *c) {
  nl_chk_scripts *s = scripts(c);
  if (s == NULL || s->spoof)
    return s;
  UErrorCode ec = U_ZERO_ERROR;
  USpoofChecker *sp = uspoof_open(&ec);
  if (U_SUCCESS(ec)) {
    uspoof_setChecks(sp, USPOOF_RESTRICTION_LEVEL, &ec);
    uspoof_setRestrictionLevel(sp, USPOOF_HIGHLY_RESTRICTIVE);
  }
  if (U_FAILURE(ec)) {
    if (sp)
      uspoof_close(sp);
    return NULL;
  }
  s->spoof = sp;
  return s;
}

/* uscript_getName(sc), remembered (ICU's names are static). */
static const char *script_name(nl_check_ctx *c, int sc) {
  nl_chk_scripts *s = scripts(c);
  if (s == NULL || sc < 0 || sc >= SCRIPT_NAMES)
    return uscript_getName((UScriptCode)sc);
  if (s->names[sc] == NULL)
    s->names[sc] = uscript_getName((UScriptCode)sc);
  return s->names[sc];
}

/* Where the invisible checks' arguments for language tag `tag` are
 * kept (`which`: 0 joiner's, 1 invisible's), in *none when there is no
 * memory. */
static size_t *tag_args(nl_check_ctx *c, const char *tag, int which,
                        size_t *none) {
  nl_chk_scripts *s = scripts(c);
  *none = SIZE_MAX;
  if (s == NULL)
    return none;
  /* (a tag kept is short enough: the length is for new ones; tags are
   * a few bytes, compared inline) */
  for (unsigned k = 0; k < 4; k++) {
    const char *a = s->by_tag[k].tag, *b = tag;
    while (*a && *a == *b)
      a++, b++;
    if (s->by_tag[k].tag[0] && *a == *b)
      return &s->by_tag[k].args[which];
  }
  size_t n = strlen(tag);
  if (n >= sizeof(s->by_tag[0].tag))
    return none;
  unsigned k = s->next_tag++ % 4;
  memcpy(s->by_tag[k].tag, tag, n + 1);
  s->by_tag[k].args[0] = s->by_tag[k].args[1] = SIZE_MAX;
  return &s->by_tag[k].args[which];
}

/* A character's skeleton packed into 64 bits (0 when longer). */
static uint64_t skel_key(USpoofChecker *sp, UChar32 cp) {
  UChar in[2], out[8];
  int32_t n = 0;
  U16_APPEND_UNSAFE(in, n, cp);
  UErrorCode ec = U_ZERO_ERROR;
  int32_t m = uspoof_getSkeleton(sp, 0, in, n, out, 8, &ec);
  if (U_FAILURE(ec) || m > 4 || m <= 0)
    return 0;
  uint64_t k = 0;
  for (int32_t i = 0; i < m; i++)
    k = (k << 16) | out[i];
  return k | ((uint64_t)m << 62);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* The skeletons of a script's letters, built once per checker. */
static const skel_table *skeletons(nl_chk_scripts *s, int script) {
  for (size_t i = 0; i < s->nt; i++)
    if (s->t[i].script == script)
      return &s->t[i];
  skel_table *p = realloc(s->t, (s->nt + 1) * sizeof(*p));
  if (p == NULL)
    return NULL;
  s->t = p;
  skel_table *t = &s->t[s->nt++];
  t->script = script;
  t->n = 0;
  t->keys = NULL;
  UErrorCode ec = U_ZERO_ERROR;
  USet *set = uset_openEmpty();
  uset_applyIntPropertyValue(set, UCHAR_SCRIPT, script, &ec);
  int32_t size = uset_size(set);
  if (U_SUCCESS(ec) && size > 0 && size < 8000 &&
      (t->keys = malloc((size_t)size * sizeof(uint64_t))) != NULL) {
    for (int32_t r = 0; r < uset_getItemCount(set); r++) {
      UChar32 a, b;
      if (uset_getItem(set, r, &a, &b, NULL, 0, &ec) != 0)
        continue;
      for (UChar32 cp = a; cp <= b; cp++)
        if (u_isalpha(cp)) {
          uint64_t k = skel_key(s->spoof, cp);
          if (k)
            t->keys[t->n++] = k;
        }
    }
    qsort(t->keys, t->n, sizeof(uint64_t), cmp_u64);
  }
  uset_close(set);
  return t;
}

static uint64_t memo_key(nl_chk_scripts *s, UChar32 cp) {
  unsigned slot = (unsigned)cp % SKEL_MEMO;
  if (s->memo[slot].cp1 != (uint32_t)cp + 1) {
    s->memo[slot].cp1 = (uint32_t)cp + 1;
    s->memo[slot].key = skel_key(s->spoof, cp);
  }
  return s->memo[slot].key;
}

/* Whether p is a letter of `script`: ASCII's are Latin, the rest
 * from check_pass.c's table (ICU's u_isalpha and uscript_getScript:
 * test_check_spoof's test_letter_table), or ICU's without it. */
static int letter_of(nl_chk_props *props, UChar32 p, int script) {
  if (p < 0x80)
    return ((p | 0x20) - 'a') < 26 && script == USCRIPT_LATIN;
  uint32_t e = nl_chk__prop(props, (uint32_t)p);
  if (e == NL_P_UNKNOWN) {
    UErrorCode ec = U_ZERO_ERROR;
    return u_isalpha(p) && uscript_getScript(p, &ec) == script &&
           U_SUCCESS(ec);
  }
  return (e & NL_P_ALPHA) && (int)(e >> 16) == script;
}

/* Whether a letter of `script` has cp's skeleton. Most often the
 * skeleton is itself such a letter (Cyrillic о's is Latin o), whose
 * own skeleton is the same: then it is in the table, which is not
 * built for it (1,500 calls of ICU for Latin). */
static int looks_like(nl_chk_scripts *s, nl_chk_props *props, UChar32 cp,
                      int script) {
  uint64_t k = memo_key(s, cp);
  if (k == 0)
    return 0;
  if (k >> 62 == 1) { /* one BMP code point */
    UChar32 p = (UChar32)(k & 0xFFFF);
    if (letter_of(props, p, script) && memo_key(s, p) == k)
      return 1;
  }
  const skel_table *t = skeletons(s, script);
  return t && t->keys &&
         bsearch(&k, t->keys, t->n, sizeof(uint64_t), cmp_u64) != NULL;
}

/* looks_like(), remembered by code point and script. */
static int looks_like_memo(nl_chk_scripts *s, nl_chk_props *props,
                           UChar32 cp, int script) {
  unsigned slot = (unsigned)cp % LIKE_MEMO;
  if (s->like[slot].cp1 != (uint32_t)cp + 1 ||
      s->like[slot].script != script) {
    s->like[slot].yes = looks_like(s, props, cp, script);
    s->like[slot].script = script;
    s->like[slot].cp1 = (uint32_t)cp + 1;
  }
  return s->like[slot].yes;
}

/* ---- UTS #39 restriction level -------------------------------------- */

static void sset_set(sset *s, int sc) { s->w[sc >> 6] |= 1ull << (sc & 63); }

static int sset_has(const sset *s, int sc) {
  return (int)(s->w[sc >> 6] >> (sc & 63) & 1);
}

/* cp's augmented script set (UTS #39 5.1, as ICU's SpoofImpl builds
 * it): its Script_Extensions, Han adding Hanb, Jpan and Kore, kana
 * Jpan, Hangul Kore, Bopomofo Hanb. 1 for the set of every script
 * (Common, Inherited), 0 for *out, -1 when a code is out of range. */
static int augmented(UChar32 cp, sset *out) {
  UScriptCode sc[32];
  UErrorCode ec = U_ZERO_ERROR;
  int32_t n = uscript_getScriptExtensions(cp, sc, 32, &ec);
  if (U_FAILURE(ec))
    return -1;
  memset(out, 0, sizeof(*out));
  for (int32_t k = 0; k < n; k++) {
    if (sc[k] == USCRIPT_COMMON || sc[k] == USCRIPT_INHERITED)
      return 1;
    if ((int)sc[k] < 0 || (int)sc[k] >= 64 * SSET_WORDS)
      return -1;
    sset_set(out, sc[k]);
  }
  if (sset_has(out, USCRIPT_HAN)) {
    sset_set(out, USCRIPT_HAN_WITH_BOPOMOFO);
    sset_set(out, USCRIPT_JAPANESE);
    sset_set(out, USCRIPT_KOREAN);
  }
  if (sset_has(out, USCRIPT_HIRAGANA) || sset_has(out, USCRIPT_KATAKANA))
    sset_set(out, USCRIPT_JAPANESE);
  if (sset_has(out, USCRIPT_HANGUL))
    sset_set(out, USCRIPT_KOREAN);
  if (sset_has(out, USCRIPT_BOPOMOFO))
    sset_set(out, USCRIPT_HAN_WITH_BOPOMOFO);
  return 0;
}

/* cp's augmented() from the memo (filled from ICU on a miss). */
static int augmented_of(nl_chk_scripts *m, UChar32 cp, sset *tmp,
                        const sset **out) {
  if (m == NULL) {
    *out = tmp;
    return augmented(cp, tmp);
  }
  unsigned slot = (unsigned)cp % AUG_MEMO;
  if (m->aug[slot].cp1 != (uint32_t)cp + 1) {
    m->aug[slot].kind = augmented(cp, &m->aug[slot].set);
    m->aug[slot].cp1 = (uint32_t)cp + 1;
  }
  *out = &m->aug[slot].set;
  return m->aug[slot].kind;
}

/* Whether ICU's uspoof, every character allowed, puts a word above the
 * highly restrictive level (UTS #39 5.2): not ASCII, no script common
 * to every character's augmented set, and none of Hanb, Jpan, Kore
 * common to those of the characters without Latin. The same sets as
 * uspoof, without its UTF-16 copy and set objects (it cost 15,000
 * instructions a word); test_check_spoof holds it to uspoof_checkUTF8,
 * with and without a memo. The word's characters are added one at a
 * time; ASCII letters (Latin alone: no ASCII character has other
 * Script_Extensions, the rest are Common) narrow the common set once,
 * at the end (intersection is order-free). */
typedef struct restriction {
  sset all, nolatn;
  int ascii, latin, unknown;
} restriction;

static void restriction_start(restriction *t) {
  memset(&t->all, 0xFF, sizeof(t->all));
  memset(&t->nolatn, 0xFF, sizeof(t->nolatn));
  t->ascii = 1;
  t->latin = t->unknown = 0;
}

static void restriction_add(restriction *t, nl_chk_scripts *m, uint32_t cp) {
  if (cp < 0x80) {
    t->latin |= ((cp | 0x20u) - 'a') < 26u;
    return;
  }
  t->ascii = 0;
  sset tmp;
  const sset *a;
  int k = augmented_of(m, (UChar32)cp, &tmp, &a);
  if (k < 0)
    t->unknown = 1;
  if (k != 0)
    return; /* every script (k > 0): narrows nothing, holds Latin */
  for (int j = 0; j < SSET_WORDS; j++)
    t->all.w[j] &= a->w[j];
  if (!sset_has(a, USCRIPT_LATIN))
    for (int j = 0; j < SSET_WORDS; j++)
      t->nolatn.w[j] &= a->w[j];
}

static int restriction_end(restriction *t) {
  if (t->unknown)
    return -1;
  if (t->ascii)
    return 0;
  if (t->latin) {
    int had = sset_has(&t->all, USCRIPT_LATIN);
    memset(&t->all, 0, sizeof(t->all));
    if (had)
      sset_set(&t->all, USCRIPT_LATIN);
  }
  for (int j = 0; j < SSET_WORDS; j++)
    if (t->all.w[j])
      return 0; /* single script */
  return !(sset_has(&t->nolatn, USCRIPT_HAN_WITH_BOPOMOFO) ||
           sset_has(&t->nolatn, USCRIPT_JAPANESE) ||
           sset_has(&t->nolatn, USCRIPT_KOREAN));
}

int nl_chk__beyond_memo(nl_chk_scripts *m, const char *s, size_t len) {
  restriction t;
  restriction_start(&t);
  for (size_t i = 0; i < len && !t.unknown;)
    restriction_add(&t, m, nl_utf8__next_inline(s, len, &i));
  return restriction_end(&t);
}

int nl_chk__beyond_highly_restrictive(const char *s, size_t len) {
  return nl_chk__beyond_memo(NULL, s, len);
}

nl_chk_scripts *nl_chk__scripts_new(void) {
  return calloc(1, sizeof(nl_chk_scripts));
}

/* The word being read: its bytes and how many letters (up to
 * WORD_MAX), whether one is not ASCII and whether they lie in more than
 * one 128-code-point block (joiners aside). Its letters are read into
 * cp[], at[] and sc[] only when it is judged (a word of two scripts is
 * rare; keeping each letter of every word cost two stores a byte). */
typedef struct word {
  size_t start, end;   /* bytes in the run */
  uint32_t cp[WORD_MAX];
  size_t at[WORD_MAX];
  int sc[WORD_MAX];
  size_t n;
  int nonascii;
  int blocks;          /* 0: no letter yet, 1: one block, 2: more */
  uint32_t block;      /* the first letter's */
} word;

static void word_block(word *w, uint32_t b) {
  if (w->blocks == 0) {
    w->blocks = 1;
    w->block = b;
  } else if (b != w->block) {
    w->blocks = 2;
  }
}

static void word_reset(word *w) {
  w->n = 0;
  w->nonascii = 0;
  w->blocks = 0;
}

/* The word's first letters into cp[], at[] and sc[]: every character
 * of [start, end) is a letter of it. The script as check_pass.c's table
 * keeps it (ICU's, looked up once a code point); ASCII letters are
 * Latin. */
static void word_letters(nl_chk_props *props, const nl_run *r, word *w) {
  size_t n = 0;
  const unsigned char *s = (const unsigned char *)r->text;
  for (size_t i = w->start; i < w->end && n < WORD_MAX; n++) {
    w->at[n] = i;
    if (s[i] < 0x80) {
      w->cp[n] = s[i++];
      w->sc[n] = USCRIPT_LATIN;
    } else {
      uint32_t cp = nl_utf8__next_inline(r->text, w->end, &i);
      w->cp[n] = cp;
      w->sc[n] = (int)(nl_chk__prop(props, cp) >> 16);
    }
  }
}

/* How many bytes of [start, end) of the run a message quotes of a word:
 * QUOTE_MAX - 1 at most, cut before a character that does not fit. */
#define QUOTE_MAX 160
static size_t span_len(const nl_run *r, size_t start, size_t end) {
  size_t n = end - start < QUOTE_MAX - 1 ? end - start : QUOTE_MAX - 1;
  while (n > 0 && n < end - start &&
         ((unsigned char)r->text[start + n] & 0xC0) == 0x80)
    n--;
  return n;
}

/* Those bytes into out[QUOTE_MAX], ended by a NUL. */
static void span_text(const nl_run *r, size_t start, size_t end, char *out) {
  size_t n = span_len(r, start, end);
  memcpy(out, r->text + start, n);
  out[n] = '\0';
}

/* main_script()'s count of the word's scripts (the first 8 in the order
 * they turn up; Common and Inherited aside), a script `wt` letters at a
 * time. */
static void tally(int *s, size_t *cnt, int *ns, int sc, size_t wt) {
  if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)
    return;
  int k = 0;
  while (k < *ns && s[k] != sc)
    k++;
  if (k == *ns && *ns < 8) {
    s[k] = sc;
    cnt[(*ns)++] = 0;
  }
  if (k < *ns)
    cnt[k] += wt;
}

/* Of the scripts s[0..ns) with cnt[] letters each (in the order they
 * turn up), the one of the most letters (the first of them on a tie),
 * and in *second the first of the others; -1 when fewer than two. */
static int most_letters(const int *s, const size_t *cnt, int ns,
                        int *second) {
  if (ns < 2)
    return -1;
  int best = 0;
  for (int k = 1; k < ns; k++)
    if (cnt[k] > cnt[best])
      best = k;
  *second = s[best == 0 ? 1 : 0];
  return s[best];
}

static int main_script(const word *w, int *second) {
  int s[8], ns = 0;
  size_t cnt[8];
  for (size_t i = 0; i < w->n; i++)
    tally(s, cnt, &ns, w->sc[i], 1);
  return most_letters(s, cnt, ns, second);
}

/* Latin, Cyrillic and Greek share their look-alikes: a letter of one
 * inside a word of another is the homoglyph attack. Other scripts meet
 * Latin at a word's edge in real text (Amharic የ + U.N.). */
static int homoglyph_scripts(int a, int b) {
  int la = a == USCRIPT_LATIN || a == USCRIPT_CYRILLIC || a == USCRIPT_GREEK;
  int lb = b == USCRIPT_LATIN || b == USCRIPT_CYRILLIC || b == USCRIPT_GREEK;
  return la && lb;
}

/* 1 when the letters of script `m` form one block at the start or the
 * end of the word (an affix on a name), not letters scattered inside. */
static int at_edge(const word *w, int m) {
  size_t first = w->n, last = 0, n = 0;
  for (size_t i = 0; i < w->n; i++)
    if (w->sc[i] != m && w->sc[i] != USCRIPT_COMMON &&
        w->sc[i] != USCRIPT_INHERITED) {
      if (first == w->n)
        first = i;
      last = i;
      n++;
    }
  return n == last - first + 1 && (first == 0 || last + 1 == w->n);
}

#define ALIKE_FMT                                                              \
  "%s in the %s word \"%s\" looks like a letter of the %s script (UTS #39)"

/* The finding of a letter of script `sc` at `at` that looks like one
 * of the main script m of the word [start, end). */
static int look_alike(nl_check_ctx *c, const nl_run *r, size_t start,
                      size_t end, size_t at, uint32_t cp, int m, int sc) {
  char text[QUOTE_MAX];
  if (m == USCRIPT_CYRILLIC && sc == USCRIPT_LATIN) {
    span_text(r, start, end, text);
    return nl_chk__emit(c, "latin-in-cyrillic", r, at, (long)cp,
                        "%s in the Cyrillic word \"%s\" looks like a "
                        "Cyrillic letter: search and spelling fail on it",
                        NL_CHK_NAME, text);
  }
  /* The arguments but the word are the same for every finding of the
   * main script: kept once, only the word copied after (the variadic
   * entry read the format and copied all four), from the run's bytes
   * (the entry takes its length: no copy with a NUL first). */
  nl_chk_scripts *s = scripts(c);
  size_t none = SIZE_MAX, *args = &none;
  if (s && m >= 0 && m < SCRIPT_NAMES) {
    args = &s->alike_args[m];
    if (*args != 0)
      return nl_chk__emit_kept_str(c, "confusable", r, at, (long)cp,
                                   *args - 1, ALIKE_FMT, 2, r->text + start,
                                   span_len(r, start, end));
  }
  span_text(r, start, end, text);
  /* (the script's name is ICU's static string: kept once) */
  const char *mn = script_name(c, m);
  int rc = nl_chk__emit_again(c, "confusable", r, at, (long)cp, &none,
                              1u << 1 | 1u << 3, ALIKE_FMT, NL_CHK_NAME, mn,
                              text, mn);
  if (none != SIZE_MAX && args != &none)
    *args = none + 1;
  return rc;
}

/* The finding of the word [start, end) of scripts m and other, none a
 * look-alike. */
static int mixed_word(nl_check_ctx *c, const nl_run *r, size_t start,
                      size_t end, int m, int other) {
  char text[QUOTE_MAX];
  span_text(r, start, end, text);
  return nl_chk__emit_again(c, "mixed-script", r, start, -1, NULL,
                            1u << 1 | 1u << 2,
                            "the word \"%s\" mixes %s and %s letters", text,
                            script_name(c, m), script_name(c, other));
}

/* ICU's verdict on the word [start, end): above the highly restrictive
 * level. */
static int uspoof_beyond(nl_chk_scripts *s, const nl_run *r, size_t start,
                         size_t end) {
  UErrorCode ec = U_ZERO_ERROR;
  int32_t res = uspoof_checkUTF8(s->spoof, r->text + start,
                                 (int32_t)(end - start), NULL, &ec);
  return U_SUCCESS(ec) && (res & USPOOF_RESTRICTION_LEVEL) != 0;
}

static int judge_word(nl_check_ctx *c, const nl_run *r, const word *w) {
  int other = -1, m = main_script(w, &other);
  if (m < 0)
    return 0;
  nl_chk_scripts *s = spoof_scripts(c);
  if (s == NULL)
    return NL_ENOMEM;
  /* (the word's letters, when it has no more than were read) */
  int beyond;
  if (w->n < WORD_MAX) {
    restriction t;
    restriction_start(&t);
    for (size_t i = 0; i < w->n && !t.unknown; i++)
      restriction_add(&t, s, w->cp[i]);
    beyond = restriction_end(&t);
  } else {
    beyond = nl_chk__beyond_memo(s, r->text + w->start, w->end - w->start);
  }
  if (beyond < 0)
    beyond = uspoof_beyond(s, r, w->start, w->end);
  if (!beyond)
    return 0; /* a mix ICU accepts: Japanese, Korean with Han */
  int homo = homoglyph_scripts(m, other);
  if (!homo && at_edge(w, m))
    return 0;
  for (size_t i = 0; homo && i < w->n; i++) {
    if (w->sc[i] == m || w->sc[i] == USCRIPT_COMMON ||
        w->sc[i] == USCRIPT_INHERITED)
      continue;
    if (looks_like(s, *nl_chk__props_slot(c), (UChar32)w->cp[i], m))
      return look_alike(c, r, w->start, w->end, w->at[i], w->cp[i], m,
                        w->sc[i]);
  }
  return mixed_word(c, r, w->start, w->end, m, other);
}

/* ---- invisible characters ----------------------------------------------- */

int nl_chk__joining_script(int sc) {
  return sc != USCRIPT_LATIN && sc != USCRIPT_CYRILLIC &&
         sc != USCRIPT_GREEK && sc != USCRIPT_COMMON &&
         sc != USCRIPT_INHERITED && sc != USCRIPT_ARMENIAN &&
         sc != USCRIPT_GEORGIAN && sc != USCRIPT_HAN;
}

static int letter_or_mark(uint32_t cp) {
  int8_t t = (int8_t)u_charType((UChar32)cp);
  return u_isalpha((UChar32)cp) || t == U_NON_SPACING_MARK ||
         t == U_COMBINING_SPACING_MARK;
}

static int emoji(uint32_t cp) {
  return u_hasBinaryProperty((UChar32)cp, UCHAR_EXTENDED_PICTOGRAPHIC) ||
         u_hasBinaryProperty((UChar32)cp, UCHAR_EMOJI_MODIFIER) ||
         cp == 0xFE0F;
}

static int has_rtl(const nl_run *r) {
  for (size_t i = 0; i < r->len;) {
    if ((unsigned char)r->text[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp = nl_utf8__next(r->text, r->len, &i);
    UCharDirection d = u_charDirection((UChar32)cp);
    if ((d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC) &&
        cp != 0x200F && cp != 0x061C)
      return 1;
  }
  return 0;
}

/* A character's letter-or-mark and script from check_pass.c's table
 * (ICU's, looked up once a code point: test_check_pass's
 * test_word_table, test_check_spoof's test_letter_table), or ICU's when
 * the table cannot be had. */
static int letter_or_mark_of(nl_check_ctx *c, uint32_t cp) {
  uint32_t e = nl_chk__prop(*nl_chk__props_slot(c), cp);
  if (e == NL_P_UNKNOWN)
    return letter_or_mark(cp);
  return (e & NL_P_WORD) && cp != 0x200C && cp != 0x200D;
}

static int script_of(nl_check_ctx *c, uint32_t cp) {
  uint32_t e = nl_chk__prop(*nl_chk__props_slot(c), cp);
  UErrorCode ec = U_ZERO_ERROR;
  return e == NL_P_UNKNOWN ? uscript_getScript((UChar32)cp, &ec)
                           : (int)(e >> 16);
}

/* An invisible-char finding (`which`: 0 a joiner where the language
 * does not use one, 1 any other), its arguments kept once a language
 * tag; once kept, by the entry that is not variadic. */
static int invisible_char(nl_check_ctx *c, const nl_run *r,
                          const nl_check_lang *l, size_t at, uint32_t cp,
                          int which) {
  const char *tag = l ? l->tag : "this";
  size_t none, *args = tag_args(c, tag, which, &none);
  if (*args != SIZE_MAX)
    return nl_chk__emit_kept(c, "invisible-char", r, at, (long)cp, *args,
                             which ? HIDDEN_FMT : JOINER_FMT);
  return nl_chk__emit_again(c, "invisible-char", r, at, (long)cp, args, 0,
                            which ? HIDDEN_FMT : JOINER_FMT, NL_CHK_NAME, tag);
}

/* A joiner's finding, `between` two letters one of which is of a script
 * that joins or not. */
static int joiner_found(nl_check_ctx *c, const nl_run *r,
                        const nl_check_lang *l, size_t at, uint32_t cp,
                        int between) {
  if (between && (l == NULL || l->uses_joiners))
    return 0;
  if (l && l->uses_joiners && !between)
    return nl_chk__emit_name(c, "zwnj-misplaced", r, at, (long)cp,
                             ZWNJ_FMT);
  return invisible_char(c, r, l, at, cp, 0);
}

static int joiner(nl_check_ctx *c, const nl_run *r, const nl_check_lang *l,
                  size_t at, uint32_t cp, uint32_t prev, uint32_t next) {
  if (cp == 0x200D && emoji(prev) && emoji(next))
    return 0;
  int between = letter_or_mark_of(c, prev) && letter_or_mark_of(c, next);
  if (between)
    between = nl_chk__joining_script(script_of(c, prev)) ||
              nl_chk__joining_script(script_of(c, next));
  return joiner_found(c, r, l, at, cp, between);
}

static int special_space(uint32_t cp) {
  return cp == 0xA0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x205F || cp == 0x3000 || cp == 0x1680;
}

static int space_ok(uint32_t cp, uint32_t prev, uint32_t next) {
  if (cp == 0x3000)
    return 1;
  if (cp != 0xA0 && cp != 0x202F && cp != 0x2009)
    return 0;
  uint32_t around[2] = {prev, next};
  for (int k = 0; k < 2; k++) {
    uint32_t x = around[k];
    if (x == 0xAB || x == 0xBB || x == ';' || x == ':' || x == '!' ||
        x == '?' || x == '%' || x == 0x20AC || x == 0x2014 ||
        u_charDigitValue((UChar32)x) >= 0)
      return 1;
  }
  return 0;
}

/* ZWSP where it is meant: between words of scripts written without
 * spaces (and Mongolian's free variation selectors after a Mongolian
 * letter), `sp` being the script of the character before. */
static int break_meant(uint32_t cp, int sp) {
  return sp == USCRIPT_MONGOLIAN ||
         (cp == 0x200B && (sp == USCRIPT_THAI || sp == USCRIPT_LAO ||
                           sp == USCRIPT_KHMER || sp == USCRIPT_MYANMAR ||
                           sp == USCRIPT_TIBETAN));
}

/* An invisible character at s[at..end) reported, unless it follows one
 * just reported (a run of them, a hidden payload: once). */
static int hidden(nl_check_ctx *c, const nl_run *r, const nl_check_lang *l,
                  size_t at, size_t end, uint32_t cp, size_t *quiet) {
  int follows = *quiet == at;
  *quiet = end;
  if (follows)
    return 0;
  return invisible_char(c, r, l, at, cp, 1);
}

/* `e`: cp's entry in check_pass.c's table; s[at..end) is cp. The
 * tests are on sets of code points apart from each other, so their
 * order is free: ZWNJ, ZWJ and ZWSP, the most frequent, first. */
static int invisible(nl_check_ctx *c, const nl_run *r, const nl_check_lang *l,
                     size_t at, size_t end, uint32_t cp, uint32_t e,
                     uint32_t prev, uint32_t next, int *rtl_known,
                     size_t *quiet) {
  if (cp == 0x200C || cp == 0x200D) /* default-ignorable */
    return joiner(c, r, l, at, cp, prev, next);
  /* ZWSP: default-ignorable (the table's NL_P_INVIS; ICU's without it) */
  if (cp == 0x200B)
    return (e != NL_P_UNKNOWN && !(e & NL_P_INVIS)) ||
                   break_meant(cp, script_of(c, prev))
               ? 0
               : hidden(c, r, l, at, end, cp, quiet);
  if (special_space(cp)) {
    if (space_ok(cp, prev, next))
      return 0;
    return nl_chk__emit_name(c, "invisible-space", r, at, (long)cp,
                             "%s looks like a space but is not one to "
                             "search, wrap or copy");
  }
  if (cp == 0xFEFF || nl_chk__bidi_control(cp))
    return 0; /* bom-not-at-start, bidi-* */
  /* default-ignorable or format: the table's NL_P_INVIS here (special
   * spaces, U+FEFF, the bidi controls, ZWNJ, ZWJ and ZWSP are taken
   * above) */
  if (e == NL_P_UNKNOWN
          ? !u_hasBinaryProperty((UChar32)cp,
                                 UCHAR_DEFAULT_IGNORABLE_CODE_POINT) &&
                u_charType((UChar32)cp) != U_FORMAT_CHAR
          : !(e & NL_P_INVIS))
    return 0;
  if (cp == 0x200E || cp == 0x200F || cp == 0x061C) {
    if (*rtl_known < 0)
      *rtl_known = (l && l->rtl) || has_rtl(r);
    if (*rtl_known)
      return 0;
  } else if (cp == 0xFE0E || cp == 0xFE0F) {
    if ((emoji(prev) || prev == '#' || prev == '*' ||
         (prev >= '0' && prev <= '9')) &&
        !(next >= 0xFE00 && next <= 0xFE0F))
      return 0;
  } else if ((cp >= 0xFE00 && cp <= 0xFE0D) ||
             (cp >= 0xE0100 && cp <= 0xE01EF)) {
    if (script_of(c, prev) == USCRIPT_HAN &&
        !(next >= 0xE0100 && next <= 0xE01EF))
      return 0;
  } else if (cp >= 0x180B && cp <= 0x180F) {
    if (break_meant(cp, script_of(c, prev)))
      return 0;
  } else if (cp >= 0xE0020 && cp <= 0xE007F) {
    if (prev == 0x1F3F4 || (prev >= 0xE0020 && prev <= 0xE007F))
      return 0; /* an emoji tag sequence (subdivision flags) */
  } else if (u_hasBinaryProperty((UChar32)cp,
                                  UCHAR_PREPENDED_CONCATENATION_MARK)) {
    if (u_charDigitValue((UChar32)next) >= 0)
      return 0; /* a number sign, shown spanning the digits after it */
  }
  return hidden(c, r, l, at, end, cp, quiet);
}

/* ---- words -------------------------------------------------------------- */

/* From i, the next byte that is not ASCII (len when none). */
static size_t next_nonascii(const unsigned char *s, size_t len, size_t i) {
  for (; i + 8 <= len; i += 8) {
    uint64_t x;
    memcpy(&x, s + i, 8);
    if (x & 0x8080808080808080ull)
      break;
  }
  while (i < len && s[i] < 0x80)
    i++;
  return i;
}


static int word_char(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return letter_or_mark(cp) || cp == 0x200C || cp == 0x200D;
}

/* One script for sure (w->blocks < 2): every letter in one
 * 128-code-point block (the blocks of the scripts news is written in
 * hold one script each, with Common punctuation), joiners aside. */
static int end_word(nl_check_ctx *c, const nl_run *r, word *w, size_t end) {
  int rc = 0;
  w->end = end;
  if (w->nonascii && w->n > 1 && w->blocks > 1) {
    word_letters(*nl_chk__props_slot(c), r, w);
    rc = judge_word(c, r, w);
  }
  word_reset(w);
  return rc;
}

/* The two-byte characters (U+0080..U+07FF) invisible() can report: a
 * special space, default-ignorable or format. The rest (Arabic's and
 * Hebrew's letters, Latin's accented ones) are stepped over without a
 * look-up. test_check_spoof holds it to ICU at every one. */
int nl_chk__two_byte_may_hide(uint32_t cp) {
  if (cp < 0x600)
    return cp == 0xA0 || cp == 0xAD || cp == 0x34F;
  return cp <= 0x605 || cp == 0x61C || cp == 0x6DD || cp == 0x70F;
}

/* The character before s[at] (0 at the start). */
static uint32_t char_before(const unsigned char *s, size_t at) {
  if (at == 0)
    return 0;
  size_t j = at - 1;
  if (s[j] < 0x80)
    return s[j];
  while (j > 0 && (s[j] & 0xC0) == 0x80)
    j--;
  return nl_utf8__next_inline((const char *)s, at, &j);
}

/* Without a word of two scripts (the pass's NL_P_MIXED) no word can be
 * judged, so only the invisible characters are looked at: no word kept,
 * ASCII stepped over 8 bytes at a time, most two-byte characters
 * without a look-up. */
static int invisibles(nl_check_ctx *c, const nl_run *r,
                      const nl_check_lang *l) {
  int rc = 0, rtl_known = -1;
  size_t quiet = (size_t)-1;
  nl_chk_props *props = *nl_chk__props_slot(c);
  const unsigned char *s = (const unsigned char *)r->text;
  const size_t len = r->len;
  for (size_t i = 0; rc == 0 && i < len;) {
    unsigned char b = s[i];
    if (b < 0x80) {
      i = next_nonascii(s, len, i);
      continue;
    }
    if (b < 0xE0 && i + 1 < len &&
        !nl_chk__two_byte_may_hide((b & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu))) {
      i += 2;
      continue;
    }
    size_t at = i;
    uint32_t cp = nl_utf8__next_inline(r->text, len, &i);
    uint32_t e = nl_chk__prop(props, cp);
    if ((e & NL_P_INVIS) || cp == 0x200C || cp == 0x200D) {
      size_t j = i;
      uint32_t next = i < len ? nl_utf8__next_inline(r->text, len, &j) : 0;
      rc = invisible(c, r, l, at, i, cp, e, char_before(s, at), next,
                     &rtl_known, &quiet);
    }
  }
  return rc;
}

/* A character's word_char() (the table's NL_P_WORD where it has one). */
static int word_char_of(nl_chk_props *props, uint32_t cp) {
  if (cp < 0x80)
    return ((cp | 0x20u) - 'a') < 26u;
  uint32_t e = nl_chk__prop(props, cp);
  return e == NL_P_UNKNOWN ? word_char(cp) : (e & NL_P_WORD) != 0;
}

/* letter_or_mark_of() and script_of() with ASCII known at once (a
 * letter: Latin; the rest: Common, neither letter nor mark), for the
 * pass's places. */
static int letter_or_mark_at(nl_chk_props *props, uint32_t cp) {
  if (cp < 0x80)
    return ((cp | 0x20u) - 'a') < 26u;
  uint32_t e = nl_chk__prop(props, cp);
  if (e == NL_P_UNKNOWN)
    return letter_or_mark(cp);
  return (e & NL_P_WORD) && cp != 0x200C && cp != 0x200D;
}

static int script_at(nl_chk_props *props, uint32_t cp) {
  if (cp < 0x80)
    return ((cp | 0x20u) - 'a') < 26u ? USCRIPT_LATIN : USCRIPT_COMMON;
  uint32_t e = nl_chk__prop(props, cp);
  UErrorCode ec = U_ZERO_ERROR;
  return e == NL_P_UNKNOWN ? uscript_getScript((UChar32)cp, &ec)
                           : (int)(e >> 16);
}

/* invisible() of a ZWNJ (joiner() without its emoji sequences, which
 * are ZWJ's) or a ZWSP (the table has it default-ignorable:
 * test_invisible_table) at a place the pass saw; 1 in *other for any
 * other character (nothing done). */
static int zw_at(nl_check_ctx *c, nl_chk_props *props, const nl_run *r,
                 const nl_check_lang *l, size_t at, size_t end, uint32_t cp,
                 uint32_t prev, uint32_t next, size_t *quiet, int *other) {
  *other = 0;
  if (cp == 0x200B)
    return break_meant(cp, script_at(props, prev))
               ? 0
               : hidden(c, r, l, at, end, cp, quiet);
  if (cp != 0x200C) {
    *other = 1;
    return 0;
  }
  /* (the one after first: most often a space) */
  int between =
      letter_or_mark_at(props, next) && letter_or_mark_at(props, prev) &&
      (nl_chk__joining_script(script_at(props, prev)) ||
       nl_chk__joining_script(script_at(props, next)));
  return joiner_found(c, r, l, at, cp, between);
}

/* The invisible characters and the joiners out of place where the pass
 * saw them (seen_at->invis), judged as invisibles() judges them: the
 * others are none that invisible() reports. */
static int invisibles_from_pass(nl_check_ctx *c, const nl_run *r,
                                const nl_check_lang *l,
                                const nl_chk_seen_at *a) {
  int rc = 0, rtl_known = -1;
  size_t quiet = (size_t)-1;
  nl_chk_props *props = *nl_chk__props_slot(c);
  const unsigned char *s = (const unsigned char *)r->text;
  for (size_t k = 0; rc == 0 && k < a->ninvis; k++) {
    size_t at = a->invis[k], i = at;
    uint32_t cp = nl_utf8__next_inline(r->text, r->len, &i);
    size_t j = i;
    uint32_t next = i < r->len ? nl_utf8__next_inline(r->text, r->len, &j) : 0;
    uint32_t prev = char_before(s, at);
    int other;
    rc = zw_at(c, props, r, l, at, i, cp, prev, next, &quiet, &other);
    if (other)
      rc = invisible(c, r, l, at, i, cp, nl_chk__prop(props, cp), prev, next,
                     &rtl_known, &quiet);
  }
  return rc;
}

/* Where the word around the letter at s[at] starts. */
static size_t word_start(nl_chk_props *props, const nl_run *r, size_t at) {
  const unsigned char *s = (const unsigned char *)r->text;
  size_t i = at;
  while (i > 0) {
    size_t j = i - 1;
    if (s[j] < 0x80) {
      if (((s[j] | 0x20u) - 'a') >= 26u)
        break;
      i = j;
      continue;
    }
    while (j > 0 && (s[j] & 0xC0) == 0x80)
      j--;
    size_t k = j;
    if (!word_char_of(props, nl_utf8__next_inline(r->text, i, &k)))
      break;
    i = j;
  }
  return i;
}

/* A word of two scripts as the pass's places bring it, most of its
 * letters ASCII (a Cyrillic о in "gооgle"): the ASCII letters (Latin,
 * one block) counted, the FEW others kept with their ordinal among the
 * word's letters. few_judge() judges it as judge_word() judges the
 * whole word; a word it cannot take so is left to them (test_check_words
 * _fast holds the two to each other). */
#define FEW 12
typedef struct few_word {
  size_t start, end, n;        /* bytes in the run; letters */
  size_t na, a_first, a_last;  /* ASCII letters: how many, first, last */
  unsigned k;                  /* the other letters kept */
  int blocks;                  /* as word's */
  uint32_t block;
  uint32_t cp[FEW], ord[FEW];
  int sc[FEW];
  size_t at[FEW];
} few_word;

/* Where the ASCII letters from s[j] on end: eight bytes a test while
 * eight are left, so that a stretch's end (a word's few letters) costs
 * no branch the predictor misses. A byte is a letter when its top bit is
 * clear and its low seven bits, 0x20 set, lie in 'a'..'z' (no carry
 * between bytes: they are under 0x80, 0x1F added at most).
 * test_check_words_fast's test_letters_end holds it to the byte loop. */
size_t nl_chk__ascii_letters_end(const unsigned char *s, size_t len,
                                 size_t j) {
  const uint64_t ones = 0x0101010101010101u, highs = ones << 7;
  for (; len - j >= 8; j += 8) { /* (j <= len) */
    uint64_t v = nl_bytes__le64(s + j);
    uint64_t x = (v | 0x20 * ones) & ~highs;
    /* top bits: below 'a', above 'z', not ASCII */
    uint64_t stop = (~(x + 0x1F * ones) | (x + 0x05 * ones) | v) & highs;
    if (stop)
      return j + ((size_t)__builtin_ctzll(stop) >> 3);
  }
  while (j < len && ((s[j] | 0x20u) - 'a') < 26u)
    j++;
  return j;
}

/* The word from `start` on into *w; 0 when it is not one few_judge()
 * takes (more than FEW letters beyond ASCII, WORD_MAX letters or more,
 * a character without a table entry). ASCII letters a stretch at a
 * time. */
static int few_from(nl_chk_props *props, const nl_run *r, few_word *w,
                    size_t start) {
  const unsigned char *s = (const unsigned char *)r->text;
  const size_t len = r->len;
  size_t i = start, n = 0, na = 0, a_first = 0, a_last = 0;
  unsigned k = 0;
  w->start = start;
  for (;;) {
    size_t j = nl_chk__ascii_letters_end(s, len, i);
    if (j > i) {
      a_first = na ? a_first : n;
      na += j - i;
      n += j - i;
      a_last = n - 1;
      i = j;
    }
    if (i >= len || s[i] < 0x80 || n >= WORD_MAX)
      break;
    uint32_t cp = nl_utf8__next_inline(r->text, len, &j);
    uint32_t e = nl_chk__prop(props, cp);
    if (e == NL_P_UNKNOWN || k == FEW)
      return 0;
    if (!(e & NL_P_WORD))
      break;
    w->cp[k] = cp;
    w->ord[k] = (uint32_t)n++;
    w->sc[k] = (int)(e >> 16);
    w->at[k++] = i;
    i = j;
  }
  /* the letters' blocks (joiners aside): ASCII's is 0; one or more */
  uint32_t block = na ? 0 : UINT32_MAX;
  int blocks = 1;
  for (unsigned q = 0; q < k; q++) {
    if (w->cp[q] == 0x200C || w->cp[q] == 0x200D)
      continue;
    blocks += block != w->cp[q] >> 7 && block != UINT32_MAX;
    block = block == UINT32_MAX ? w->cp[q] >> 7 : block;
  }
  w->na = na;
  w->a_first = a_first;
  w->a_last = a_last;
  w->k = k;
  w->n = n;
  w->end = i;
  w->blocks = block == UINT32_MAX ? 0 : blocks > 1 ? 2 : 1;
  return n < WORD_MAX;
}

/* main_script() of the word: its ASCII letters counted where the first
 * of them stands among the others (the scripts in the order they turn
 * up, the first of the most frequent winning). One letter beyond ASCII
 * (the usual look-alike) is worked out at once. */
static int few_main(const few_word *w, int *second) {
  if (w->k == 1) {
    int sc = w->sc[0];
    if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED ||
        sc == USCRIPT_LATIN || w->na == 0)
      return -1;
    int latin = w->a_first < w->ord[0] || w->na > 1;
    *second = latin ? sc : USCRIPT_LATIN;
    return latin ? USCRIPT_LATIN : sc;
  }
  int s[8], ns = 0, ascii = w->na == 0;
  size_t cnt[8];
  for (unsigned i = 0; i < w->k; i++) {
    if (!ascii && w->a_first < w->ord[i]) {
      tally(s, cnt, &ns, USCRIPT_LATIN, w->na);
      ascii = 1;
    }
    tally(s, cnt, &ns, w->sc[i], 1);
  }
  if (!ascii)
    tally(s, cnt, &ns, USCRIPT_LATIN, w->na);
  return most_letters(s, cnt, ns, second);
}

/* restriction_end() of the word's letters. With ASCII letters (Latin
 * alone) the common set is Latin or nothing: one script when every
 * other letter's set (Common and Inherited aside) holds Latin, else
 * beyond unless the sets of those without Latin all hold Hanb, all
 * Jpan or all Kore. */
static int few_beyond(nl_chk_scripts *s, const few_word *w) {
  restriction t;
  if (w->na == 0) {
    restriction_start(&t);
    for (unsigned i = 0; i < w->k && !t.unknown; i++)
      restriction_add(&t, s, w->cp[i]);
    return restriction_end(&t);
  }
  int all_latin = 1, cjk = 7;
  for (unsigned i = 0; i < w->k; i++) {
    sset tmp;
    const sset *a;
    int kind = augmented_of(s, (UChar32)w->cp[i], &tmp, &a);
    if (kind < 0)
      return -1;
    if (kind > 0 || sset_has(a, USCRIPT_LATIN))
      continue;
    all_latin = 0;
    cjk &= sset_has(a, USCRIPT_HAN_WITH_BOPOMOFO) |
           sset_has(a, USCRIPT_JAPANESE) << 1 |
           sset_has(a, USCRIPT_KOREAN) << 2;
  }
  return all_latin ? 0 : cjk == 0;
}
/* at_edge() of the word: the letters of scripts other than m (Common and
 * Inherited aside) counted with the first and the last. */
static int few_at_edge(const few_word *w, int m) {
  size_t first = w->n, last = 0, n = 0;
  if (m != USCRIPT_LATIN && w->na) {
    first = w->a_first;
    last = w->a_last;
    n = w->na;
  }
  for (unsigned i = 0; i < w->k; i++)
    if (w->sc[i] != m && w->sc[i] != USCRIPT_COMMON &&
        w->sc[i] != USCRIPT_INHERITED) {
      first = w->ord[i] < first ? w->ord[i] : first;
      last = w->ord[i] > last ? w->ord[i] : last;
      n++;
    }
  return n == last - first + 1 && (first == 0 || last + 1 == w->n);
}

/* judge_word() of the word; *general set (nothing done) when its ASCII
 * letters would have to be looked at one by one: a look-alike among
 * them (Latin letters in a Cyrillic or Greek word). */
static int few_judge(nl_check_ctx *c, nl_chk_props *props, const nl_run *r,
                     const few_word *w, int *general) {
  int other = -1, m = few_main(w, &other);
  *general = 0;
  if (m < 0)
    return 0;
  int homo = homoglyph_scripts(m, other);
  if (homo && m != USCRIPT_LATIN && w->na) {
    *general = 1;
    return 0;
  }
  nl_chk_scripts *s = spoof_scripts(c);
  if (s == NULL)
    return NL_ENOMEM;
  int beyond = few_beyond(s, w);
  if (beyond < 0)
    beyond = uspoof_beyond(s, r, w->start, w->end);
  if (!beyond || (!homo && few_at_edge(w, m)))
    return 0;
  for (unsigned i = 0; homo && i < w->k; i++) {
    if (w->sc[i] == m || w->sc[i] == USCRIPT_COMMON ||
        w->sc[i] == USCRIPT_INHERITED)
      continue;
    if (looks_like_memo(s, props, (UChar32)w->cp[i], m))
      return look_alike(c, r, w->start, w->end, w->at[i], w->cp[i], m,
                        w->sc[i]);
  }
  return mixed_word(c, r, w->start, w->end, m, other);
}

/* The word from `start` on (its letters up to the first character that
 * is none) as the walk of nl_chk__words() keeps it and end_word()
 * reads it, in one reading: its end, its first WORD_MAX letters with
 * their places and scripts, their blocks, whether one is not ASCII (any
 * of them). */
static void word_from(nl_chk_props *props, const nl_run *r, word *w,
                      size_t start) {
  const unsigned char *s = (const unsigned char *)r->text;
  size_t i = start, n = 0;
  word_reset(w);
  w->start = start;
  while (i < r->len) {
    uint32_t cp = s[i];
    int sc = USCRIPT_LATIN;
    size_t at = i;
    if (cp < 0x80) {
      if (((cp | 0x20u) - 'a') >= 26u)
        break;
      i++;
    } else {
      size_t j = i;
      cp = nl_utf8__next_inline(r->text, r->len, &j);
      uint32_t e = nl_chk__prop(props, cp);
      if (e == NL_P_UNKNOWN ? !word_char(cp) : !(e & NL_P_WORD))
        break;
      i = j;
      sc = (int)(e >> 16);
      w->nonascii = 1;
    }
    if (n < WORD_MAX) {
      if (cp != 0x200C && cp != 0x200D)
        word_block(w, cp >> 7);
      w->at[n] = at;
      w->cp[n] = cp;
      w->sc[n++] = sc;
    }
  }
  w->n = n;
  w->end = i;
}

/* The checker's word (NULL: no memory). */
static word *word_of(nl_check_ctx *c) {
  void **slot = nl_chk__word_slot(c);
  return *slot ? *slot : (*slot = malloc(sizeof(word)));
}

/* The words the pass saw two scripts in (seen_at->mixed: a letter of
 * each), judged as the walk would judge them; the invisible characters
 * on their own walk. test_check_spoof's test_words_from_pass holds it
 * to the walk. */
static int words_from_pass(nl_check_ctx *c, const nl_run *r,
                           const nl_chk_seen_at *a) {
  int rc = 0;
  word *w = NULL;
  nl_chk_props *props = *nl_chk__props_slot(c);
  size_t done = 0;
  for (size_t k = 0; rc == 0 && k < a->nmixed; k++) {
    if (a->mixed[k] < done)
      continue; /* the same word's */
    size_t start = word_start(props, r, a->mixed[k]);
    few_word f;
    int general = !few_from(props, r, &f, start);
    if (!general && f.k && f.n > 1 && f.blocks > 1)
      rc = few_judge(c, props, r, &f, &general);
    done = f.end;
    if (general && w == NULL && (w = word_of(c)) == NULL)
      return NL_ENOMEM;
    if (general) {
      word_from(props, r, w, start);
      if (w->nonascii && w->n > 1 && w->blocks > 1)
        rc = judge_word(c, r, w);
      done = w->end;
      word_reset(w);
    }
  }
  return rc;
}

static int words_walk(nl_check_ctx *c, const nl_run *r,
                      const nl_check_lang *l);

int nl_chk__words(nl_check_ctx *c, const nl_run *r, const nl_check_lang *l,
                  uint32_t seen) {
  /* (every flag: the tests' checker that lets every check look, which
   * walks as if the pass had not been) */
  const nl_chk_seen_at *a =
      seen != 0xFFFFFFFFu ? nl_chk__seen_at(c, r) : NULL;
  int mixed = (seen & NL_P_MIXED) != 0;
  if (!mixed || (a && a->mixed_all)) {
    int rc = a && a->invis_all ? invisibles_from_pass(c, r, l, a)
             : a && !(seen & NL_P_INVIS) ? 0
                                         : invisibles(c, r, l);
    if (rc || !mixed)
      return rc;
  }
  return a && a->mixed_all ? words_from_pass(c, r, a) : words_walk(c, r, l);
}

/* Every word of the run and its invisible characters, one character
 * after the other (the pass's places not known, or not all of them):
 * the general path. Out of line, so that the checks from the places
 * save no registers for it. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int words_walk(nl_check_ctx *c, const nl_run *r,
                      const nl_check_lang *l) {
  word *w = word_of(c);
  if (w == NULL)
    return NL_ENOMEM;
  word_reset(w);
  int rc = 0, rtl_known = -1;
  size_t quiet = (size_t)-1;
  uint32_t prev = 0;
  nl_chk_props *props = *nl_chk__props_slot(c);
  const unsigned char *s = (const unsigned char *)r->text;
  const size_t len = r->len;
  for (size_t i = 0; rc == 0 && i < len;) {
    if (w->n == 0 && s[i] < 0x80) {
      /* no word open: one of ASCII letters alone is never judged, so the
       * walk goes to the next character that is not ASCII, 8 bytes at a
       * time, and the letters just before it start its word */
      size_t j = next_nonascii(s, len, i), k = j;
      if (j == len)
        break;
      while (k > i && ((s[k - 1] | 0x20u) - 'a') < 26u)
        k--;
      if (k < j) {
        w->start = k;
        w->n = j - k < WORD_MAX ? j - k : WORD_MAX;
        word_block(w, 0);
      }
      if (j > i)
        prev = s[j - 1];
      i = j;
      continue;
    }
    size_t at = i;
    uint32_t cp = s[i];
    if (cp < 0x80) {
      /* ASCII letters go into the word a stretch at a time, anything
       * else of ASCII ends it: no table, nothing invisible */
      while (i < len && ((s[i] | 0x20u) - 'a') < 26u)
        i++;
      if (i == at) {
        i++;
        if (w->n && !w->nonascii)
          word_reset(w); /* all ASCII: one script (end_word's first test) */
        else if (w->n)
          rc = end_word(c, r, w, at);
      } else {
        if (w->n == 0)
          w->start = at;
        if (w->n < WORD_MAX) {
          w->n = w->n + (i - at) < WORD_MAX ? w->n + (i - at) : WORD_MAX;
          word_block(w, 0);
        }
      }
      prev = s[i - 1];
      continue;
    }
    cp = nl_utf8__next_inline(r->text, len, &i);
    uint32_t e = nl_chk__prop(props, cp);
    if ((e & NL_P_INVIS) || cp == 0x200C || cp == 0x200D) {
      size_t j = i;
      uint32_t next = i < len ? nl_utf8__next_inline(r->text, len, &j) : 0;
      rc = invisible(c, r, l, at, i, cp, e, prev, next, &rtl_known, &quiet);
    }
    /* (the table's NL_P_WORD is word_char(): test_check_pass) */
    if (rc == 0 && (e == NL_P_UNKNOWN ? word_char(cp) : (e & NL_P_WORD) != 0)) {
      if (w->n == 0)
        w->start = at;
      if (w->n < WORD_MAX) {
        if (cp != 0x200C && cp != 0x200D)
          word_block(w, cp >> 7);
        w->n++;
      }
      w->nonascii = 1;
    } else if (rc == 0 && w->n) {
      rc = end_word(c, r, w, at);
    }
    prev = cp;
  }
  if (rc == 0 && w->n)
    rc = end_word(c, r, w, r->len);
  return rc;
}

/* ---- the service -------------------------------------------------------- */

int nl_chk__allowed_script(const nl_check_lang *l, int sc) {
  if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || sc == l->script ||
      sc == USCRIPT_LATIN)
    return 1;
  if (l->script == USCRIPT_HANGUL || l->script == USCRIPT_JAPANESE)
    return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA ||
           sc == USCRIPT_KATAKANA;
  if (l->script == USCRIPT_HAN)
    return sc == USCRIPT_BOPOMOFO;
  return 0;
}

/* The rule at s[i] (its lead there) reported, unless a digit's; *found
 * counted. Where the scan goes on. */
static int ortho_rule(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                      const nl_ortho_rule *o, size_t *i, int *found) {
  nl_lz *z = l->ortho;
  rule_facts *rf = &((ortho *)l->ortho)->facts[o - z->rules];
  *i += rf->len;
  if (rf->digit) /* digits-system says it */
    return 0;
  /* (the rule's strings and the service's name live as long as the
   * checker: kept once, then not read, so not looked up) */
  int rc = rf->args != SIZE_MAX
               ? nl_chk__emit_kept(c, "orthography", r, *i - rf->len,
                                   (long)rf->cp, rf->args, ORTHO_FMT)
               : nl_chk__emit_again(
                     c, "orthography", r, *i - rf->len, (long)rf->cp,
                     &rf->args, 1u | 1u << 2 | 1u << 3 | 1u << 4, ORTHO_FMT,
                     o->from, NL_CHK_NAME,
                     nl_service_get(l->svc, NL_SERVICE_NAME), o->to, o->set);
  if (rc < 0)
    return rc;
  ++*found;
  return 0;
}

static int ortho_findings(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                          uint32_t seen) {
  nl_lz *z = nl_chk__ortho(c, l);
  int found = 0;
  if (z == NULL)
    return 0;
  if (z->zawgyi && (seen & NL_P_MYANMAR) && nl_lz__is_zawgyi(r->text, r->len))
    return nl_chk__emit(c, "zawgyi", r, 0, -1,
                        "Burmese in the Zawgyi encoding (score %d): readers "
                        "with Unicode fonts see it garbled; --fix converts it",
                        nl_lz__zawgyi_score(r->text, r->len));
  const unsigned char *s = (const unsigned char *)r->text;
  size_t i = 0;
  /* The pass saw where a rule's lead is: nothing before the first can
   * start one, and when it saw every one only they are looked at. (Every
   * flag: the tests' checker that lets every check look, which scans as
   * if the pass had not been.) */
  const nl_chk_seen_at *a =
      seen != 0xFFFFFFFFu ? nl_chk__seen_at(c, r) : NULL;
  if (a && a->northo && z->nrules) {
    if (a->ortho_all) {
      const ortho *oz = l->ortho;
      for (size_t k = 0; k < a->northo && found <= PER_RUN_MAX; k++) {
        size_t at = a->ortho[k];
        const nl_ortho_rule *o =
            at < i ? NULL : rule_at(oz, r->text, r->len, at);
        if (o == NULL)
          continue;
        /* (a rule's finding with its arguments kept: ortho_rule()'s
         * usual way, without the call) */
        const rule_facts *rf = &oz->facts[o - z->rules];
        int kept = !rf->digit && rf->args != SIZE_MAX;
        int rc = kept ? nl_chk__emit_kept(c, "orthography", r, at,
                                          (long)rf->cp, rf->args, ORTHO_FMT)
                      : ortho_rule(c, r, l, o, &at, &found);
        if (rc < 0)
          return rc;
        if (kept) {
          at += rf->len;
          found++;
        }
        i = at;
      }
      return 0;
    }
    i = a->ortho[0];
  }
  for (; z->nrules && i < r->len && found <= PER_RUN_MAX;) {
    unsigned b = s[i];
    /* a two-byte letter outside the rules' first code points starts
     * none (Persian's rules start between U+0643 and U+0669: alef, beh,
     * reh, keheh, farsi yeh are stepped over undecoded) */
    if (b >= 0xC0 && b < 0xE0 && i + 1 < r->len &&
        ((b & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu)) - l->ortho_lo >
            l->ortho_hi - l->ortho_lo) {
      i += 2;
      continue;
    }
    unsigned bk = b << 8 | (i + 1 < r->len ? s[i + 1] : 0u);
    const nl_ortho_rule *o = l->lead[bk >> 3] & (1u << (bk & 7))
                                 ? nl_lz__rule_at(z, r->text, r->len, i)
                                 : NULL;
    if (o == NULL) { /* to the next character's first byte */
      i += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      continue;
    }
    int rc = ortho_rule(c, r, l, o, &i, &found);
    if (rc < 0)
      return rc;
  }
  return 0;
}

static int digits(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                  size_t at, uint32_t cp, uint32_t *zeros, int *nz) {
  /* (the walk brings every ASCII digit: no property lookup for those) */
  int v = cp - '0' < 10 ? (int)(cp - '0') : u_charDigitValue((UChar32)cp);
  if (v < 0 || (cp >= 0x80 && u_charType((UChar32)cp) != U_DECIMAL_DIGIT_NUMBER))
    return 0;
  uint32_t zero = cp - (uint32_t)v;
  int k = 0;
  while (k < *nz && zeros[k] != zero)
    k++;
  if (k < *nz)
    return 0;
  zeros[(*nz)++] = zero;
  if (*nz == 2) {
    int rc = nl_chk__emit(c, "digits-mixed", r, at, (long)cp,
                          "%s: a second set of digits in one text "
                          "(the first began with U+%04X)",
                          NL_CHK_NAME, (unsigned)zeros[0]);
    if (rc < 0)
      return rc;
  }
  if (l && l->zero && zero != '0' && zero != l->zero)
    return nl_chk__emit_again(c, "digits-system", r, at, (long)cp, NULL,
                              1u << 1, "%s: %s writes its digits from U+%04X",
                              NL_CHK_NAME,
                              nl_service_get(l->svc, NL_SERVICE_NAME),
                              (unsigned)l->zero);
  return 0;
}

/* Where foreign-script's arguments for the service and the script were
 * kept (a slot holding SIZE_MAX when not yet); NULL: no memory. */
static size_t *foreign_args(nl_check_ctx *c, const nl_service *svc, int sc) {
  nl_chk_scripts *s = scripts(c);
  if (s == NULL)
    return NULL;
  for (unsigned k = 0; k < 4; k++)
    if (svc && s->foreign[k].svc == svc && s->foreign[k].sc == sc)
      return &s->foreign[k].args;
  unsigned k = s->next_foreign++ % 4;
  s->foreign[k].svc = svc;
  s->foreign[k].sc = sc;
  s->foreign[k].args = SIZE_MAX;
  return &s->foreign[k].args;
}

/* A letter at `at` of a script the service does not write: reported
 * (*foreign set). A letter it writes makes the rest of its block known
 * (*ok_block). Letter and script from check_pass.c's table, which holds
 * ICU's u_isalpha and uscript_getScript (test_check_pass). */
static int foreign_letter(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                          size_t at, uint32_t cp, uint32_t *ok_block,
                          int *foreign, size_t *kept) {
  uint32_t e = nl_chk__prop(*nl_chk__props_slot(c), cp);
  int sc;
  if (e == NL_P_UNKNOWN) {
    UErrorCode ec = U_ZERO_ERROR;
    if (!u_isalpha((UChar32)cp))
      return 0;
    sc = uscript_getScript((UChar32)cp, &ec);
  } else {
    if (!(e & NL_P_ALPHA))
      return 0;
    sc = (int)(e >> 16);
  }
  if (nl_chk__allowed_script(l, sc)) {
    if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED)
      *ok_block = cp >> 7; /* the rest of its block: same script */
    return 0;
  }
  *foreign = 1;
  /* (ICU's script name and the registry's strings: kept once, and the
   * arguments once for the service and the script; once kept they are
   * not read, so not looked up) */
  size_t none = SIZE_MAX, *args = foreign_args(c, l->svc, sc);
  if (args && *args != SIZE_MAX) {
    *kept = *args;
    return nl_chk__emit_kept(c, "foreign-script", r, at, (long)cp, *args,
                             FOREIGN_FMT);
  }
  int rc = nl_chk__emit_again(
      c, "foreign-script", r, at, (long)cp, args ? args : &none,
      1u << 1 | 1u << 2 | 1u << 3, FOREIGN_FMT, NL_CHK_NAME,
      script_name(c, sc), nl_service_get(l->svc, NL_SERVICE_NAME),
      nl_service_get(l->svc, NL_SERVICE_SCRIPT));
  *kept = args ? *args : SIZE_MAX;
  return rc;
}

/* foreign_letter() of the letter at a->foreign (the pass's: the walk
 * would stop there), its verdict and arguments remembered for the
 * service and the code point. */
static int foreign_at(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                      size_t at) {
  size_t i = at;
  uint32_t cp = nl_utf8__next_inline(r->text, r->len, &i), ok_block = 0;
  nl_chk_scripts *s = scripts(c);
  if (s && l->svc && s->last_foreign.svc == l->svc &&
      s->last_foreign.cp1 == cp + 1)
    return nl_chk__emit_kept(c, "foreign-script", r, at, (long)cp,
                             s->last_foreign.args, FOREIGN_FMT);
  int foreign = 0;
  size_t kept = SIZE_MAX;
  int rc = foreign_letter(c, r, l, at, cp, &ok_block, &foreign, &kept);
  if (s && foreign && kept != SIZE_MAX) {
    s->last_foreign.svc = l->svc;
    s->last_foreign.cp1 = cp + 1;
    s->last_foreign.args = kept;
  }
  return rc;
}

int nl_chk__service(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                    uint32_t seen) {
  uint32_t zeros[4], ok_block = 0;
  int nz = 0, rc = 0, foreign = 0;
  int letters = l && l->script >= 0;
  /* Without a digit of another system (the pass's NL_P_DIGIT) the
   * run's digits are ASCII's alone, one system, and no digit finding
   * can be made: only the letters are looked at, up to the first
   * foreign one, stepping over ASCII 8 bytes at a time. */
  int digits_too = (seen & NL_P_DIGIT) != 0;
  int walk = !r->ascii && (seen & (NL_P_DIGIT | NL_P_FOREIGN)) &&
             (digits_too || letters);
  /* The pass saw the first letter the service does not write: the walk
   * would stop there, unless a letter it writes was in the same block
   * before it (then it is stepped over), which needs a block of two
   * scripts. (Every flag: the tests' checker that lets every check
   * look, which walks as if the pass had not been.) */
  const nl_chk_seen_at *a =
      walk && !digits_too && seen != 0xFFFFFFFFu ? nl_chk__seen_at(c, r)
                                                 : NULL;
  if (a && a->foreign != SIZE_MAX && a->foreign_alone) {
    rc = foreign_at(c, r, l, a->foreign);
    walk = 0;
  }
  const unsigned char *s = (const unsigned char *)r->text;
  for (size_t i = 0; rc == 0 && walk && i < r->len;) {
    if (!digits_too && (i = next_nonascii(s, r->len, i)) == r->len)
      break;
    unsigned char b = s[i];
    size_t at = i;
    uint32_t cp = b;
    if (b < 0x80)
      i++;
    else
      cp = nl_utf8__next_inline(r->text, r->len, &i);
    if (b < 0x80 && (b < '0' || b > '9'))
      continue;
    if (digits_too && nz < 3)
      rc = digits(c, r, l, at, cp, zeros, &nz);
    if (rc == 0 && letters && !foreign && cp >= 0x80 &&
        (cp >> 7) != ok_block) {
      size_t kept;
      rc = foreign_letter(c, r, l, at, cp, &ok_block, &foreign, &kept);
      if (foreign && !digits_too)
        break;
    }
  }
  if (rc == 0 && l && l->svc && (seen & (NL_P_ORTHO | NL_P_MYANMAR)))
    rc = ortho_findings(c, r, l, seen);
  return rc;
}
