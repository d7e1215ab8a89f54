/*
 * test_numbers.c - the number policy (locales/numbers.tsv) does what it
 * says.
 *
 * Every row's example is put in a Persian sentence (Persian has digits of
 * its own, so a localized number is visible) and localized: a "keep"
 * example must come out byte for byte, a "localize" one with no ASCII
 * digit left. The same for Bangla (its own digits, Latin punctuation)
 * and, as a control, English, where nothing may change. The golden
 * cases in tests/data/localize/ (files NAME.numbers.jsonl) cover unified digit sets,
 * grouping and percent spacing.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsloc/newsloc.h>

#include "harness.h"

static char *localize(nl_services *r, const char *id, const char *text) {
  nl_error err = NL_ERROR_INIT;
  const nl_service *s = NULL;
  nl_article *a = NULL, *out = NULL;
  char *res = NULL;
  if (nl_services_find(r, id, &s, &err) < 0 || nl_article_new(&a, &err) < 0 ||
      nl_article_add_block(a, NL_BLOCK_PARAGRAPH, "p1", text, strlen(text),
                           NULL, &err) < 0 ||
      nl_localize_article(&out, a, r, s, NULL, &err) < 0)
    NL_FAIL("%s: %s: %s", id, text, err.message);
  else
    res = strdup(nl_block_text(nl_article_block(out, 0), NULL));
  nl_article_free(out);
  nl_article_free(a);
  return res;
}

/* Takes LRI, RLI, FSI and PDI (U+2066-U+2069) out of `s`, in place. */
static void strip_isolates(char *s) {
  char *w = s;
  for (const char *p = s; *p;) {
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x81 &&
        (unsigned char)p[2] >= 0xA6 && (unsigned char)p[2] <= 0xA9) {
      p += 3;
      continue;
    }
    *w++ = *p++;
  }
  *w = '\0';
}

static void check(nl_services *r, const char *id, const char *before,
                  const char *after, const char *cls, const char *action,
                  const char *ex) {
  char text[512];
  snprintf(text, sizeof(text), "%s%s%s", before, ex, after);
  char *got = localize(r, id, text);
  if (got == NULL)
    return;
  strip_isolates(got); /* bidi isolation is not the policy's business */
  int kept = strstr(got, ex) != NULL, ascii = 0;
  for (const char *p = got; *p; p++)
    ascii |= *p >= '0' && *p <= '9';
  if (strcmp(action, "keep") == 0 && !kept)
    NL_FAIL("%s: %s \"%s\" must be kept: %s", id, cls, ex, got);
  else if (strcmp(id, "english") == 0 && strcmp(got, text) != 0)
    NL_FAIL("english: %s changed: %s", text, got);
  else if (strcmp(action, "localize") == 0 && strcmp(id, "english") != 0 &&
           ascii)
    NL_FAIL("%s: %s \"%s\" must be localized: %s", id, cls, ex, got);
  free(got);
}

static void test_numbers__policy_examples(void) {
  nl_error err = NL_ERROR_INIT;
  nl_services *r = NULL;
  NL_CHECK_INT(nl_services_load(&r, NULL, &err), 0);
  char *path = nl_test_path("NEWSLOC_LOCALES", "numbers.tsv");
  size_t len, rows = 0, keeps = 0;
  char *data = nl_test_slurp(path, &len);
  for (char *p = data; r && p && *p;) {
    char *nl = strchr(p, '\n'), cls[64], action[16], rx[512], ex[128];
    if (nl)
      *nl = '\0';
    if (p[0] != '#' && sscanf(p, "%63[^\t]\t%15[^\t]\t%511[^\t]\t%127[^\n]",
                              cls, action, rx, ex) == 4) {
      rows++;
      keeps += strcmp(action, "keep") == 0;
      check(r, "persian", "عدد ", " است.", cls, action, ex);
      check(r, "bangla", "সংখ্যা ", " আছে।", cls, action, ex);
      check(r, "english", "The number ", " is here.", cls, action, ex);
    }
    p = nl ? nl + 1 : p + strlen(p);
  }
  NL_CHECK(rows >= 10 && keeps >= 4);
  printf("    %zu policy rows, %zu kept classes\n", rows, keeps);
  free(data);
  free(path);
  nl_services_free(r);
}

static const nl_test tests[] = {
    NL_TEST(test_numbers__policy_examples),
};

NL_TEST_MAIN(tests)
