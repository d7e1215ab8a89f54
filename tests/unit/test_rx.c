/*
 * test_rx.c - nl_rx, the segmenter's own matcher for SRX regexes, must
 * answer exactly as ICU's regex engine does.
 *
 * ICU is the oracle throughout: the table (tests/data/rx/cases.tsv)
 * pins hand-picked semantics and checks ICU agrees with each expected
 * answer; the sweep asks both engines, at every position of every gold
 * segmentation paragraph and of random strings made of the same
 * characters, about every bundled rule of that language. It also checks
 * that the edge sets nl_rx reports hold the characters of every match,
 * since the segmenter skips positions on their word. Random patterns
 * (NL_RX_SEED, NL_RX_PATTERNS to draw others or more) stand for the
 * rules users write.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "harness.h"
#include "rx.h"
#include "rx_oracle.h"
#include "lang.h"
#include "segment_lexicon.h"
#include "srx.h"
#include "util/buf.h"
#include "util/json.h"

/* ---- the table --------------------------------------------------------------- */

static void unescape(char *t) {
  char *w = t;
  for (char *r = t; *r; r++) {
    if (r[0] == '\\' && (r[1] == 'n' || r[1] == 'v' || r[1] == 'r')) {
      *w++ = r[1] == 'n' ? '\n' : r[1] == 'v' ? '\v' : '\r';
      r++;
    } else {
      *w++ = *r;
    }
  }
  *w = 0;
}

static void table_case(const char *where, char **f) {
  int dir = strcmp(f[0], "back") == 0 ? NL_RX_BACK : NL_RX_FORWARD;
  nl_rx *rx = NULL;
  int rc = nl_rx__compile(&rx, f[1]);
  if (strcmp(f[3], "icu") == 0) {
    if (rc != 1)
      NL_FAIL("%s: /%s/ should be left to ICU (compile gave %d)", where, f[1],
              rc);
    nl_rx__free(rx);
    return;
  }
  if (rc != 0) {
    NL_FAIL("%s: /%s/ not compiled (%d)", where, f[1], rc);
    return;
  }
  char *mark = strstr(f[2], "\xE2\x80\xB8");
  if (mark == NULL) {
    NL_FAIL("%s: no position mark", where);
    nl_rx__free(rx);
    return;
  }
  char text[1024];
  unescape(f[2]);
  mark = strstr(f[2], "\xE2\x80\xB8");
  snprintf(text, sizeof(text), "%.*s%s", (int)(mark - f[2]), f[2], mark + 3);
  UChar u[1024], before[1024];
  int32_t len = 0, p = 0;
  UErrorCode ec = U_ZERO_ERROR;
  u_strFromUTF8(u, 1024, &len, text, -1, &ec);
  u_strFromUTF8(before, 1024, &p, f[2], (int32_t)(mark - f[2]), &ec);
  int want = atoi(f[3]);
  int got = nl_rx__at(rx, dir, u, len, p, NULL);
  oracle o;
  if (!oracle_open(&o, f[1], 200)) {
    NL_FAIL("%s: ICU refuses /%s/", where, f[1]);
  } else {
    oracle_text(&o, u, len);
    int icu = oracle_at(&o, dir, len, p);
    if (icu != want)
      NL_FAIL("%s: ICU says %d, the table %d", where, icu, want);
  }
  oracle_close(&o);
  if (got != want)
    NL_FAIL("%s: /%s/ %s at %d: nl_rx says %d, expected %d", where, f[1],
            f[0], (int)p, got, want);
  if (got == 1 && !edges_hold(rx, dir, u, len, p))
    NL_FAIL("%s: a match outside the edge sets", where);
  nl_rx__free(rx);
}

static void test_rx__table(void) {
  char *path = nl_test_path("NL_TEST_DATA", "rx/cases.tsv");
  size_t len;
  char *data = nl_test_slurp(path, &len);
  unsigned long line = 0;
  size_t cases = 0;
  for (char *l = data, *next; l && *l; l = next) {
    next = strchr(l, '\n');
    if (next)
      *next++ = 0;
    line++;
    if (*l == '#' || *l == 0)
      continue;
    char *f[4] = {l, NULL, NULL, NULL};
    for (int i = 1; i < 4 && f[i - 1]; i++) {
      f[i] = strchr(f[i - 1], '\t');
      if (f[i])
        *f[i]++ = 0;
    }
    char where[4200];
    snprintf(where, sizeof(where), "%s:%lu", path, line);
    if (f[3] == NULL) {
      NL_FAIL("%s: four tab-separated fields wanted", where);
      continue;
    }
    table_case(where, f);
    cases++;
  }
  NL_CHECK(cases >= 40);
  free(data);
  free(path);
}

/* ---- the sweep --------------------------------------------------------------- */

typedef struct rule_pair {
  nl_rx *rx[2];  /* before, after */
  oracle o[2];
  const nl_srx_rule *src;
  char *pat[2];  /* with the language's word lists in (segment_lexicon) */
} rule_pair;

typedef struct sweep {
  const char *lang;
  rule_pair *r;
  size_t n;
  size_t checks, misses;
} sweep;

/* nl_rx with a memo kept along the text must say what it says without. */
static int at_both_ways(const nl_rx *rx, int dir, const UChar *s, int32_t len,
                        int32_t p, nl_rx_memo *memo) {
  int with = nl_rx__at(rx, dir, s, len, p, memo);
  int without = nl_rx__at(rx, dir, s, len, p, NULL);
  if (with >= 0 && without >= 0 && with != without)
    NL_FAIL("memo says %d, no memo %d at %d", with, without, (int)p);
  return without;
}

static void sweep_text(sweep *w, const UChar *s, int32_t len) {
  nl_rx_memo *memo[64][2] = {{NULL}};
  for (size_t i = 0; i < w->n; i++)
    for (int side = 0; side < 2; side++)
      if (w->r[i].rx[side]) {
        oracle_text(&w->r[i].o[side], s, len);
        if (i < 64)
          memo[i][side] = nl_rx__memo_new(w->r[i].rx[side]);
      }
  for (int32_t p = 0; p <= len; p++) {
    if (p > 0 && p < len && U16_IS_TRAIL(s[p]) && U16_IS_LEAD(s[p - 1]))
      continue;
    for (size_t i = 0; i < w->n; i++) {
      for (int side = 0; side < 2; side++) {
        rule_pair *r = &w->r[i];
        int dir = side ? NL_RX_FORWARD : NL_RX_BACK;
        if (r->rx[side] == NULL)
          continue;
        int got = at_both_ways(r->rx[side], dir, s, len, p,
                               i < 64 ? memo[i][side] : NULL);
        int icu = oracle_at(&r->o[side], dir, len, p);
        w->checks++;
        int edges = got != 1 || edges_hold(r->rx[side], dir, s, len, p);
        if ((got == icu || got < 0 || icu < 0) && edges)
          continue;
        if (w->misses++ < 10) {
          char t[2048];
          int32_t tl = 0;
          UErrorCode ec = U_ZERO_ERROR;
          u_strToUTF8(t, sizeof(t), &tl, s, len, &ec);
          NL_FAIL("%s: rule at line %lu, %s /%s/ at %d of \"%s\": nl_rx %d, "
                  "ICU %d%s",
                  w->lang, r->src->line, side ? "afterbreak" : "beforebreak",
                  r->pat[side], (int)p, t, got, icu,
                  edges ? "" : ", edge sets miss the match");
        }
      }
    }
  }
  for (size_t i = 0; i < w->n && i < 64; i++)
    for (int side = 0; side < 2; side++)
      nl_rx__memo_free(memo[i][side]);
}

/* Random strings over the characters of the language's paragraphs, so
 * that rare neighbours (a dot after a mark, a quote before a digit)
 * meet. */
static void sweep_random(sweep *w, const UChar *pool, int32_t npool,
                         unsigned *seed) {
  UChar s[40];
  for (int k = 0; k < 300 && npool > 0; k++) {
    int32_t len = 0, want = 2 + (int32_t)(*seed % 24);
    while (len < want) {
      *seed = *seed * 1103515245u + 12345u;
      UChar c = pool[(*seed >> 8) % (unsigned)npool];
      if (U16_IS_SURROGATE(c))
        continue;
      s[len++] = c;
    }
    sweep_text(w, s, len);
  }
}

/* The language's rules, borrowed from `srx`, with both engines. */
static int load_rules(sweep *w, const nl_srx *srx) {
  nl_error err = NL_ERROR_INIT;
  const nl_srx_rule **rules = NULL;
  if (nl_srx__rules_for(srx, w->lang, &rules, &w->n, &err) < 0) {
    NL_FAIL("%s: %s", w->lang, err.message);
    return -1;
  }
  char id[157];
  nl_lexicon lx = {NULL, NULL};
  if (!nl_lang__locale_id(id, sizeof(id), w->lang) ||
      nl_lexicon__load(&lx, id, NULL, &err) < 0) {
    NL_FAIL("%s: word lists: %s", w->lang, err.message);
    free(rules);
    w->n = 0;
    return -1;
  }
  w->r = calloc(w->n, sizeof(*w->r));
  for (size_t i = 0; i < w->n; i++) {
    w->r[i].src = rules[i];
    const char *raw[2] = {rules[i]->before, rules[i]->after};
    for (int side = 0; side < 2; side++) {
      nl_buf b = NL_BUF_INIT;
      if (nl_lexicon__expand(&b, raw[side], &lx, NULL, rules[i]->line,
                             &err) < 0)
        NL_FAIL("%s: %s", w->lang, err.message);
      w->r[i].pat[side] = nl_buf__detach(&b);
      nl_buf_dispose(&b);
    }
    char **pat = w->r[i].pat;
    for (int side = 0; side < 2; side++) {
      if (pat[side] == NULL)
        continue;
      if (nl_rx__compile(&w->r[i].rx[side], pat[side]) != 0)
        NL_FAIL("%s: bundled rule at line %lu is left to ICU", w->lang,
                rules[i]->line);
      else if (!oracle_open(&w->r[i].o[side], pat[side], 200))
        NL_FAIL("%s: ICU refuses /%s/", w->lang, pat[side]);
    }
  }
  nl_lexicon__dispose(&lx);
  free(rules);
  return 0;
}

static void sweep_language(const char *dir, const char *name,
                           const char *srx_path, size_t *checks) {
  char lang[64], path[4096];
  snprintf(lang, sizeof(lang), "%.*s", (int)(strlen(name) - 6), name);
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  sweep w = {lang, NULL, 0, 0, 0};
  nl_srx *srx = NULL;
  nl_error err = NL_ERROR_INIT;
  if (nl_srx__load(&srx, srx_path, &err) < 0) {
    NL_FAIL("%s", err.message);
    return;
  }
  if (load_rules(&w, srx) < 0) {
    nl_srx__free(srx);
    return;
  }
  size_t len;
  char *data = nl_test_slurp(path, &len);
  UChar *pool = malloc((len + 1) * sizeof(UChar));
  int32_t npool = 0;
  unsigned seed = 11;
  for (char *l = data, *next; l && *l; l = next) {
    next = strchr(l, '\n');
    if (next)
      *next++ = 0;
    nl_json *j = NULL;
    if (*l == 0 || nl_json__parse(&j, l, strlen(l), path, 0, &err) < 0)
      continue;
    const nl_json *t = nl_json__get(j, "text");
    if (t && t->type == NL_JSON_STRING) {
      UChar u[4096];
      int32_t ul = 0;
      UErrorCode ec = U_ZERO_ERROR;
      u_strFromUTF8(u, 4096, &ul, t->string, (int32_t)t->len, &ec);
      if (U_SUCCESS(ec)) {
        sweep_text(&w, u, ul);
        int32_t take = ul < 64 ? ul : 64;
        memcpy(pool + npool, u, (size_t)take * sizeof(UChar));
        npool += take;
      }
    }
    nl_json__free(j);
  }
  sweep_random(&w, pool, npool, &seed);
  *checks += w.checks;
  free(pool);
  free(data);
  for (size_t i = 0; i < w.n; i++)
    for (int side = 0; side < 2; side++) {
      nl_rx__free(w.r[i].rx[side]);
      oracle_close(&w.r[i].o[side]);
      free(w.r[i].pat[side]);
    }
  free(w.r);
  nl_srx__free(srx);
}

static void test_rx__bundled_rules_agree_with_icu(void) {
  char *dir = nl_test_path("NL_TEST_DATA", "segment");
  char *srx = nl_test_path("NEWSLOC_LOCALES", "srx/newsloc.srx");
  DIR *d = opendir(dir);
  size_t checks = 0;
  for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
    size_t n = strlen(e->d_name);
    if (n > 6 && strcmp(e->d_name + n - 6, ".jsonl") == 0)
      sweep_language(dir, e->d_name, srx, &checks);
  }
  if (d)
    closedir(d);
  printf("    %zu answers compared with ICU\n", checks);
  NL_CHECK(checks > 100000);
  free(dir);
  free(srx);
}

/* ---- random patterns ---------------------------------------------------------- */

/* A user's SRX file may hold any regex: patterns drawn at random from
 * the constructs nl_rx takes on, over a small alphabet so that they
 * match often, are compared with ICU on random texts of that alphabet. */
typedef struct rng {
  unsigned s;
} rng;

static unsigned roll(rng *r, unsigned n) {
  r->s = r->s * 1103515245u + 12345u;
  return (r->s >> 8) % n;
}

static void put(char *out, size_t cap, const char *piece) {
  size_t n = strlen(out);
  snprintf(out + n, cap - n, "%s", piece);
}

static void random_atom(rng *r, char *out, size_t cap, int depth);

static void random_seq(rng *r, char *out, size_t cap, int depth) {
  int items = 1 + (int)roll(r, 3);
  for (int i = 0; i < items; i++) {
    random_atom(r, out, cap, depth);
    static const char *const quant[] = {"", "", "", "?", "*", "+", "{1,2}",
                                        "{2}", "*?", "{0,3}"};
    put(out, cap, quant[roll(r, 10)]);
  }
}

static void random_atom(rng *r, char *out, size_t cap, int depth) {
  static const char *const atoms[] = {
      "a", "b", ".", "\\.", " ", "\\s", "\\d", "\\w", "\\W", "\\p{Lu}",
      "\\p{Ll}", "[ab]", "[^a ]", "[\\p{L}&&[^b]]", "[a-c--b]", "\\b", "\\B",
      "^", "$", "A", "\\u0301", "\u0628", "[\\p{Arabic}]", "(?i:a)", "\\x{42}"};
  unsigned k = roll(r, depth > 2 ? 25 : 31);
  if (k < 25) {
    put(out, cap, atoms[k]);
    return;
  }
  static const char *const open[] = {"(?:", "(", "(?=", "(?!", "(?<=", "(?<!"};
  put(out, cap, open[k - 25]);
  random_seq(r, out, cap, depth + 1);
  if (roll(r, 3) == 0) {
    put(out, cap, "|");
    random_seq(r, out, cap, depth + 1);
  }
  put(out, cap, ")");
}

static void test_rx__random_patterns_agree_with_icu(void) {
  static const char *const letters[] = {"a", "b", "A", "B", " ", ".", "1",
                                        "\u0628", "\u0301", "\n", "c"};
  rng r = {(unsigned)(getenv("NL_RX_SEED") ? atoi(getenv("NL_RX_SEED")) : 2026)};
  size_t patterns = 0, answers = 0, misses = 0;
  for (int t = 0; t < (getenv("NL_RX_PATTERNS") ? atoi(getenv("NL_RX_PATTERNS")) : 3000) && misses < 10; t++) {
    char pat[512] = "";
    random_seq(&r, pat, sizeof(pat), 0);
    nl_rx *rx = NULL;
    oracle o;
    if (!oracle_open(&o, pat, 200)) { /* ICU refuses: no rule could hold it */
      oracle_close(&o);
      continue;
    }
    if (nl_rx__compile(&rx, pat) != 0) {
      oracle_close(&o);
      continue;
    }
    patterns++;
    for (int k = 0; k < 8; k++) {
      char text[128] = "";
      int n = 1 + (int)roll(&r, 10);
      for (int i = 0; i < n; i++)
        put(text, sizeof(text), letters[roll(&r, 11)]);
      UChar u[128];
      int32_t len = 0;
      UErrorCode ec = U_ZERO_ERROR;
      u_strFromUTF8(u, 128, &len, text, -1, &ec);
      oracle_text(&o, u, len);
      nl_rx_memo *memo[2] = {nl_rx__memo_new(rx), nl_rx__memo_new(rx)};
      int from = ends_matter(pat) ? 1 : -1; /* then forward only */
      for (int32_t p = 0; p <= len; p++)
        for (int dir = from; dir <= 1; dir += 2) {
          int got = at_both_ways(rx, dir, u, len, p, memo[dir > 0]);
          int icu = oracle_at(&o, dir, len, p);
          answers++;
          if ((got == icu || got < 0 || icu < 0) &&
              (got != 1 || edges_hold(rx, dir, u, len, p)))
            continue;
          if (misses++ < 10)
            NL_FAIL("/%s/ %s at %d of \"%s\": nl_rx %d, ICU %d", pat,
                    dir > 0 ? "forward" : "back", (int)p, text, got, icu);
        }
      nl_rx__memo_free(memo[0]);
      nl_rx__memo_free(memo[1]);
    }
    oracle_close(&o);
    nl_rx__free(rx);
  }
  printf("    %zu patterns, %zu answers compared with ICU\n", patterns,
         answers);
  NL_CHECK(patterns > 1000);
}

/* The sets nl_rx builds without ICU's pattern parser (general
 * categories from one pass over Unicode, binary properties from ICU's
 * cache) are the ones ICU's \p{...} gives, name by name, negated too. */
static void test_rx__quick_sets_are_icus(void) {
  static const char *const names[] = {
      "L", "Lu", "Ll", "Lt", "Lm", "Lo", "LC", "M", "Mn", "Mc", "Me", "N",
      "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S",
      "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Cs",
      "Co", "Cn", "Letter", "Uppercase_Letter", "punct", "Alphabetic",
      "White_Space", "Grapheme_Extend", "Uppercase", "Dash", "Latin",
      "Greek", "Arabic", "Thai", "Common", "Any", "ASCII", "Assigned"};
  nl_rx_sets *cache = nl_rx__sets_new();
  size_t checked = 0;
  for (int round = 0; round < 2; round++) /* built, then from the cache */
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
      for (int neg = 0; neg < 2; neg++) {
        char pat[96], cls[100];
        snprintf(pat, sizeof(pat), "\\%c{%s}", neg ? 'P' : 'p', names[i]);
        snprintf(cls, sizeof(cls), "[%s]", pat);
        UChar u[96];
        u_uastrcpy(u, cls);
        UErrorCode ec = U_ZERO_ERROR;
        USet *want = uset_openPattern(u, -1, &ec);
        nl_rx *rx = NULL;
        NL_CHECK(U_SUCCESS(ec));
        NL_CHECK(nl_rx__compile_with(&rx, pat, cache) == 0 && rx != NULL);
        if (rx && U_SUCCESS(ec)) {
          int ended, none;
          const USet *got = nl_rx__edge(rx, NL_RX_FORWARD, 0, &ended, &none);
          if (!uset_equals(got, want))
            NL_FAIL("%s: nl_rx's set is not ICU's", pat);
          checked++;
        }
        nl_rx__free(rx);
        uset_close(want);
      }
  static const char *const escapes[][2] = {
      {"\\d", "[\\p{Nd}]"}, {"\\s", "[\\p{White_Space}]"},
      {"\\w", "[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u200c\\u200d]"},
      {"\\h", "[\\p{Zs}\\t]"}, {"\\W", "[^\\p{Alphabetic}\\p{M}\\p{Nd}"
                                          "\\p{Pc}\\u200c\\u200d]"}};
  for (size_t i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++) {
    UChar u[96];
    u_uastrcpy(u, escapes[i][1]);
    UErrorCode ec = U_ZERO_ERROR;
    USet *want = uset_openPattern(u, -1, &ec);
    nl_rx *rx = NULL;
    NL_CHECK(nl_rx__compile_with(&rx, escapes[i][0], cache) == 0 && rx);
    int ended, none;
    if (rx && U_SUCCESS(ec) &&
        !uset_equals(nl_rx__edge(rx, NL_RX_FORWARD, 0, &ended, &none), want))
      NL_FAIL("%s: nl_rx's set is not ICU's", escapes[i][0]);
    nl_rx__free(rx);
    uset_close(want);
  }
  nl_rx__sets_free(cache);
  NL_CHECK(checked == 4 * sizeof(names) / sizeof(names[0]));
}

/* ---- page chrome ------------------------------------------------------------- */

/* ICU's uregex_matches with UREGEX_CASE_INSENSITIVE, the answer the
 * chrome patterns of locales/chrome.txt had before nl_rx matched them. */
static int icu_whole(const char *pattern, const UChar *s, int32_t len) {
  UChar u[1024];
  int32_t ul = 0;
  UErrorCode ec = U_ZERO_ERROR;
  u_strFromUTF8(u, 1024, &ul, pattern, -1, &ec);
  UParseError pe;
  URegularExpression *re =
      uregex_open(u, ul, UREGEX_CASE_INSENSITIVE, &pe, &ec);
  uregex_setText(re, s, len, &ec);
  int hit = U_SUCCESS(ec) && uregex_matches(re, 0, &ec);
  uregex_close(re);
  return U_SUCCESS(ec) ? hit : -1;
}

/* article_text.c reads every bundled chrome pattern with nl_rx, as
 * "(?i)(?:P)\z" from the line's start, and never compiles it with ICU:
 * each must be read, and answer as ICU does, on the file's own phrases
 * and on lines shaped like what the patterns are for, in three cases. */
static void test_rx__chrome_patterns_agree_with_icu(void) {
  static const char *const lines[] = {
      "XS SM MD LG", "xs", "XL XXL", "XS  SM", "16x9", "16 × 9 Image",
      "4:3", "1200x800 Photo", "16x9 video clip", "12:30", "1:02:03 / 4:05:06",
      "3:45 / 12:00", "12:3", "Share Tweet Email", "Print Share",
      "Share", "Copy link WhatsApp", "5 min read", "12 minutes",
      "Reading time: 4 minutes", "read time 3 mins", "A A A", "AAA",
      "A+", "720p", "1080p | 2.5 GB", "No media source currently available",
      "The code has been copied to your clipboard.", "Mr. Smith said so.",
      "", "x", "1", "Ⅻ", "ſhare", "K", "İ",
  };
  char *path = nl_test_path("NEWSLOC_LOCALES", "chrome.txt");
  size_t size;
  char *data = nl_test_slurp(path, &size);
  char *pats[64], *phrases[512];
  size_t np = 0, nph = 0;
  for (char *l = data, *next; l && *l; l = next) {
    next = strchr(l, '\n');
    if (next)
      *next++ = 0;
    if (*l == '#' || *l == 0)
      continue;
    if (strncmp(l, "re:", 3) == 0 && np < 64)
      pats[np++] = l + 3;
    else if (strncmp(l, "re:", 3) != 0 && nph < 512)
      phrases[nph++] = l;
  }
  NL_CHECK(np >= 8);
  size_t checks = 0;
  for (size_t i = 0; i < np; i++) {
    nl_buf w = NL_BUF_INIT;
    nl_buf__printf(&w, "(?i)(?:%s)\\z", pats[i]);
    nl_rx *rx = NULL;
    if (nl_rx__compile(&rx, w.ptr) != 0) {
      NL_FAIL("%s: nl_rx cannot read chrome pattern %s", path, pats[i]);
      nl_buf_dispose(&w);
      continue;
    }
    for (size_t k = 0; k < nph + sizeof(lines) / sizeof(*lines); k++) {
      const char *t = k < nph ? phrases[k] : lines[k - nph];
      for (int c = 0; c < 3; c++) {
        char v[512];
        snprintf(v, sizeof(v), "%s", t);
        for (char *q = v; c > 0 && *q; q++)
          if ((c == 1 && *q >= 'a' && *q <= 'z') ||
              (c == 2 && *q >= 'A' && *q <= 'Z'))
            *q = (char)(*q ^ 0x20);
        UChar u[512];
        int32_t ul = 0;
        UErrorCode ec = U_ZERO_ERROR;
        u_strFromUTF8(u, 512, &ul, v, -1, &ec);
        int want = icu_whole(pats[i], u, ul);
        int got = nl_rx__at(rx, NL_RX_FORWARD, u, ul, 0, NULL);
        checks++;
        if (want != got)
          NL_FAIL("chrome pattern %s on \"%s\": ICU %d, nl_rx %d", pats[i], v,
                  want, got);
      }
    }
    nl_rx__free(rx);
    nl_buf_dispose(&w);
  }
  NL_CHECK(checks > 1000);
  free(data);
  free(path);
}

static const nl_test tests[] = {
    NL_TEST(test_rx__quick_sets_are_icus),
    NL_TEST(test_rx__table),
    NL_TEST(test_rx__bundled_rules_agree_with_icu),
    NL_TEST(test_rx__random_patterns_agree_with_icu),
    NL_TEST(test_rx__chrome_patterns_agree_with_icu),
};

NL_TEST_MAIN(tests)
