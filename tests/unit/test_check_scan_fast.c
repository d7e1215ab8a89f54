/*
 * test_check_scan_fast.c - the XML scanner's shortcuts held to its
 * general path: random documents made of the pieces a news article and
 * an XLIFF file are made of (block elements with and without a language,
 * inline tags, references, white space between blocks, comments, CDATA,
 * markup cut short), checked with the shortcuts (nl_chk__scan_xml) and
 * without them (nl_checker__general_scan): the same return code, the
 * same findings (rule, offset, line, column, character, message) and the
 * same fixed text. Fixed seed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "check_internal.h"
#include "harness.h"
#include "util/buf.h"

static uint32_t next(uint64_t *st) {
  *st = *st * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(*st >> 33);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Start tags: the shortcut's (plain block elements, one language
 * attribute) and every near miss (other attributes, quoting, prefixes,
 * roles, skipped and inline elements, empty elements, upper case). */
static const char *const starts[] = {
    "<p>", "<p>", "<p>", "<p xml:lang=\"fa\">", "<p xml:lang=\"fa\">",
    "<p xml:lang=\"vi\">", "<p lang=\"en\">", "<p  xml:lang=\"uz\" >",
    "<p xml:lang='fa'>", "<p dir=\"rtl\">", "<p xml:lang=\"fa\" dir=\"ltr\">",
    "<p xml:lang=\"fa\" xml:lang=\"en\">", "<p xml:lang=\"a>b\">",
    "<p xml:lang=\"f\na\">", "<p xml:lang=\"\">", "<p xml:lang=\"fa\"/>",
    "<p/>", "<p >", "<p\n>", "<p\txml:lang=\"fa\">", "<p title=\"\xd9\x83\">",
    "<p xml:lang=\"fa\"title=\"x\">", "<div>", "<P>", "<body.content>",
    "<h1>", "<a:p>", "<source>", "<target xml:lang=\"fa\">", "<seg>",
    "<seg-source>", "<tuv xml:lang=\"en\">", "<tuv xml:lang=\"fa\">",
    "<script>", "<ph>", "<b>", "<i>", "<a>", "<em>", "<g id=\"1\">",
    "<x/>", "<br/>", "<p xml:lang=\"fa", "<p", "<", "<pp>", "<p1>",
    "<div xml:lang=\"fa\">", "<p xml:lang=\"fa\" >", "<p xml:lang=\"fa\"\n>",
    "<p xml:lang=\"f a\">", "<p xml:lang=\"fa\"dir=\"x\">",
    "<p xml:lang=\"fa\" dir=\"x\">", "<li xml:lang=\"vi\">"};
static const char *const ends[] = {
    "</p>", "</p>", "</p>", "</p>", "</p >", "</p\n>", "</>", "</P>",
    "</div>", "</a:p>", "</b>", "</em>", "</source>", "</target>",
    "</script>", "</seg>", "</tuv>", "</h1>", "</p", "</", "</pp>", "</p1>",
    "</li>", "</a>", "</div >"};
/* Blocks of other names, ends that are not the start's: the end tag
 * matched by name first, by the general rule when it is another. */
static const char *const other_starts[] = {
    "<h1>", "<div>", "<pp>", "<li xml:lang=\"fa\">", "<p>", "<p xml:lang=\"vi\">",
    "<b>", "<p xml:lang=\"fa\" >", "<p\txml:lang=\"vi\">", "<p1 lang=\"fa\">"};
static const char *const other_ends[] = {
    "</p>", "</h1>", "</div>", "</pp>", "</p1>", "</li>", "</a>", "</b>",
    "</p >", "</P>", "</p", "</h"};
/* What follows a block: a line break mostly (then the next block is read
 * in the same loop), other white space, text, markup. */
static const char *const afters[] = {"\n", "\n", "\n", " ", "\t", "\r",
                                     "\r\n", "  \n ", "x", "\n<!-- c -->",
                                     "\n&amp;", "\n</body>", "\n<b>x</b>", "",
                                     "\nap>", "\nxp xml:lang=\"fa\">"};
static const char *const texts[] = {
    "plain text", "access level 6: \xe2\x80\xae" "staff\xe2\x80\xac",
    "c\xd0\xbelor", "tok\xe2\x80\x8b" "en", "\xee\x80\x80",
    "\xd8\xb9\xd9\x84\xd9\x8a \xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8",
    "\xd9\x86\xd9\x85\xdb\x8c\xe2\x80\x8c \xd8\xb1\xd9\x88\xd9\x85 97 MB",
    "cu\xcc\x89" "a tho\xcc\x82ng", "Vi\xe1\xbb\x87t", " ", "  ", "\n", "\t",
    "\r\n", "", "x", " x ", "&amp;", "&#x202E;", "&#xD800;", "&bogus",
    "&lt;b&gt;", "a & b", "\x01", "\x7f", "<!-- c -->", "<![CDATA[\xe2\x80\xae]]>",
    "<?pi x?>", "<!DOCTYPE x>", "o\xca\xbb" "zbek", "o'zbek"};

static void piece(nl_buf *b, uint64_t *st) {
  unsigned r = next(st) % 10;
  if (r < 4)
    nl_buf__puts(b, starts[next(st) % COUNT(starts)]);
  else if (r < 7)
    nl_buf__puts(b, texts[next(st) % COUNT(texts)]);
  else
    nl_buf__puts(b, ends[next(st) % COUNT(ends)]);
}

/* A document: mostly well-formed blocks (the shortcut's), between them
 * random pieces; at times cut anywhere (markup cut short). */
static void document(nl_buf *d, uint64_t *st) {
  nl_buf__puts(d, next(st) % 4 ? "<nitf xml:lang=\"en\"><body>\n"
                               : "<xliff srcLang=\"en\" trgLang=\"fa\">\n");
  size_t blocks = 1 + next(st) % 12;
  for (size_t k = 0; k < blocks; k++) {
    if (next(st) % 5 == 0) {
      nl_buf__puts(d, other_starts[next(st) % COUNT(other_starts)]);
      nl_buf__puts(d, texts[next(st) % 8]);
      nl_buf__puts(d, other_ends[next(st) % COUNT(other_ends)]);
      nl_buf__puts(d, afters[next(st) % COUNT(afters)]);
    } else if (next(st) % 3) {
      nl_buf__puts(d, starts[next(st) % 12]);
      size_t parts = next(st) % 4;
      for (size_t p = 0; p < parts; p++)
        nl_buf__puts(d, texts[next(st) % COUNT(texts)]);
      nl_buf__puts(d, ends[next(st) % 4]);
      if (next(st) % 2)
        nl_buf__puts(d, next(st) % 4 ? "\n" : "  \n ");
    } else {
      piece(d, st);
    }
  }
  if (next(st) % 8 == 0)
    d->size = next(st) % (d->size + 1);
  else
    nl_buf__puts(d, "</body></nitf>\n");
}

typedef struct outcome {
  int rc;
  nl_buf text; /* every finding as a line, then the fixed text */
} outcome;

static void outcome_of(const char *doc, size_t len, int general, int every,
                       int fix, outcome *o) {
  nl_check_options opt = NL_CHECK_OPTIONS_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_checker *k = NULL;
  nl_buf fixed = NL_BUF_INIT;
  o->text = (nl_buf)NL_BUF_INIT;
  o->rc = nl_checker_new(&k, &opt, &err);
  if (o->rc < 0)
    return;
  nl_checker__general_scan(k, general);
  nl_checker__every_check(k, every);
  o->rc = fix ? nl_check_fix_memory(k, doc, len, "doc.xml", &fixed, &err)
              : nl_check_memory(k, doc, len, "doc.xml", &err);
  for (size_t i = 0; i < nl_checker_count(k); i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    nl_buf__printf(&o->text, "%s %zu %lu:%lu %ld %d %s\n", f->id, f->offset,
                   f->line, f->column, (long)f->codepoint, f->fixed,
                   f->message);
  }
  nl_buf__printf(&o->text, "--\n%.*s", (int)fixed.size,
                 fixed.ptr ? fixed.ptr : "");
  nl_buf_dispose(&fixed);
  nl_checker_free(k);
}

static void test_same_as_general(void) {
  uint64_t st = 2026;
  long differ = 0, findings = 0;
  for (int round = 0; round < 3000; round++) {
    nl_buf d = NL_BUF_INIT;
    document(&d, &st);
    /* a heap copy of exactly its length: a load past it is ASan's */
    char *doc = malloc(d.size ? d.size : 1);
    memcpy(doc, d.ptr, d.size);
    int every = round % 3 == 1, fix = round % 3 == 2;
    outcome a, b;
    outcome_of(doc, d.size, 0, every, fix, &a);
    outcome_of(doc, d.size, 1, every, fix, &b);
    const char *ta = a.text.ptr ? a.text.ptr : "";
    const char *tb = b.text.ptr ? b.text.ptr : "";
    if (a.rc != b.rc || strcmp(ta, tb) != 0) {
      if (differ++ < 3)
        NL_FAIL("round %d (rc %d / %d): document\n%.*s\nshortcuts:\n%s\n"
                "general path:\n%s",
                round, a.rc, b.rc, (int)d.size, doc, ta, tb);
    }
    for (const char *p = ta; (p = strchr(p, '\n')); p++)
      findings++;
    nl_buf_dispose(&a.text);
    nl_buf_dispose(&b.text);
    free(doc);
    nl_buf_dispose(&d);
  }
  NL_CHECK_INT(differ, 0);
  NL_CHECK(findings > 10000);
}

/* A run as a line: every field, its text, pieces and tags. */
static int record(nl_check_ctx *c, const nl_run *r, void *ud) {
  (void)c;
  nl_buf *b = ud;
  nl_buf__printf(b, "run %zu+%zu lang=%s attr=%d role=%d first=%d ascii=%d "
                    "mixed=%d [%.*s] pieces",
                 r->base, r->len, r->lang ? r->lang : "(none)", r->attr,
                 r->role, r->first, r->ascii, r->mixed, (int)r->len, r->text);
  for (size_t i = 0; r->raw && i < r->nraw; i++)
    nl_buf__printf(b, " %zu:%zu:%d", r->raw[i].dec, r->raw[i].file,
                   r->raw[i].same);
  nl_buf__puts(b, " tags");
  for (size_t i = 0; i < r->ntags; i++)
    nl_buf__printf(b, " %zu", r->tags[i]);
  nl_buf__puts(b, "\n");
  return 0;
}

/* The runs themselves (each field, in order) and the scanner's own
 * findings (references to surrogates, dir, syntax): the same. */
static void test_same_runs(void) {
  uint64_t st = 16;
  long differ = 0, runs = 0;
  for (int round = 0; round < 6000; round++) {
    nl_buf d = NL_BUF_INIT, out[2] = {NL_BUF_INIT, NL_BUF_INIT};
    document(&d, &st);
    char *doc = malloc(d.size ? d.size : 1);
    memcpy(doc, d.ptr, d.size);
    int rc[2] = {0, 0};
    for (int general = 0; general < 2; general++) {
      nl_check_options opt = NL_CHECK_OPTIONS_INIT;
      nl_error err = NL_ERROR_INIT;
      nl_checker *k = NULL;
      rc[general] = nl_checker_new(&k, &opt, &err);
      if (rc[general] < 0)
        continue;
      nl_checker__general_scan(k, general);
      nl_checker__run_hook(k, record, &out[general]);
      rc[general] = nl_check_memory(k, doc, d.size, "doc.xml", &err);
      for (size_t i = 0; i < nl_checker_count(k); i++) {
        const nl_check_finding *f = nl_checker_finding(k, i);
        nl_buf__printf(&out[general], "%s %zu %s\n", f->id, f->offset,
                       f->message);
      }
      nl_checker_free(k);
    }
    const char *a = out[0].ptr ? out[0].ptr : "";
    const char *b = out[1].ptr ? out[1].ptr : "";
    if (rc[0] != rc[1] || strcmp(a, b) != 0) {
      if (differ++ < 3)
        NL_FAIL("round %d (rc %d / %d): document\n%.*s\nshortcuts:\n%s\n"
                "general path:\n%s",
                round, rc[0], rc[1], (int)d.size, doc, a, b);
    }
    for (const char *p = a; (p = strstr(p, "run ")); p++)
      runs++;
    nl_buf_dispose(&out[0]);
    nl_buf_dispose(&out[1]);
    free(doc);
    nl_buf_dispose(&d);
  }
  NL_CHECK_INT(differ, 0);
  NL_CHECK(runs > 12000);
}

/* The runs of `doc` as lines (record()), the shortcut's or the general
 * path's. */
static void runs_of(const char *doc, int general, nl_buf *out) {
  nl_check_options opt = NL_CHECK_OPTIONS_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_checker *k = NULL;
  if (nl_checker_new(&k, &opt, &err) < 0)
    return;
  nl_checker__general_scan(k, general);
  nl_checker__run_hook(k, record, out);
  (void)nl_check_memory(k, doc, strlen(doc), "doc.xml", &err);
  nl_checker_free(k);
}

/* Both paths share two small rules, held here to them written out, for
 * every ASCII byte: what a language value's byte becomes (a tab or a
 * line break a space, another control character '?', the rest itself),
 * and which bytes between two blocks are white space (space, tab, LF,
 * CR: dropped unread; any other is text, a run of its own). */
static void test_byte_rules(void) {
  long bad = 0;
  for (int b = 1; b < 0x80; b++) {
    if (b == '"' || b == '<' || b == '&')
      continue;
    int space = b == ' ' || b == '\t' || b == '\n' || b == '\r';
    char want = space && b != ' ' ? ' ' : b < 0x20 || b == 0x7F ? '?' : (char)b;
    char doc[96], lang[32];
    snprintf(doc, sizeof doc,
             "<body>\n<p xml:lang=\"f%cx\">text</p>\n<p>more</p>%c<p>last</p>\n"
             "</body>\n", b, b);
    snprintf(lang, sizeof lang, "lang=f%cx attr", want);
    for (int general = 0; general < 2; general++) {
      nl_buf out = NL_BUF_INIT;
      runs_of(doc, general, &out);
      const char *t = out.ptr ? out.ptr : "";
      long runs = 0;
      for (const char *p = t; (p = strstr(p, "run ")); p++)
        runs++;
      if (strstr(t, lang) == NULL || runs != (space ? 3 : 4)) {
        if (bad++ < 3)
          NL_FAIL("byte %02X (general %d): %ld runs, want %d; %s", b,
                  general, runs, space ? 3 : 4, t);
      }
      nl_buf_dispose(&out);
    }
  }
  NL_CHECK_INT(bad, 0);
}

static const nl_test tests[] = {
  NL_TEST(test_byte_rules),
  NL_TEST(test_same_runs),
  NL_TEST(test_same_as_general),
};

NL_TEST_MAIN(tests)
