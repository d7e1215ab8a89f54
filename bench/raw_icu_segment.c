/*
 * raw_icu_segment.c - the least a sentence-splitting process can do:
 * ICU's sentence iterator on each line of standard input, each sentence
 * printed on a line. bench_startup times it beside `newsloc segment`
 * (same input, same output shape as --format text), so that what newsloc
 * adds to a process is read against this, not against nothing.
 *
 *   raw_icu_segment LANG < TEXT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

static int split(const char *lang, const char *line, int32_t len, UChar **u,
                 int32_t *cap) {
  UErrorCode ec = U_ZERO_ERROR;
  int32_t n = 0;
  u_strFromUTF8(*u, *cap, &n, line, len, &ec);
  if (ec == U_BUFFER_OVERFLOW_ERROR) {
    UChar *bigger = realloc(*u, (size_t)(n + 1) * sizeof(UChar));
    if (bigger == NULL)
      return -1;
    *u = bigger;
    *cap = n + 1;
    ec = U_ZERO_ERROR;
    u_strFromUTF8(*u, *cap, &n, line, len, &ec);
  }
  UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, lang, *u, n, &ec);
  if (U_FAILURE(ec))
    return -1;
  char out[4096];
  for (int32_t s = 0, e; (e = ubrk_next(bi)) != UBRK_DONE; s = e) {
    int32_t olen = 0;
    UErrorCode oc = U_ZERO_ERROR;
    u_strToUTF8(out, (int32_t)sizeof(out), &olen, *u + s, e - s, &oc);
    if (U_SUCCESS(oc))
      printf("%.*s\n", (int)olen, out);
  }
  ubrk_close(bi);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: raw_icu_segment LANG < TEXT\n");
    return 2;
  }
  char *line = NULL;
  size_t lcap = 0;
  UChar *u = NULL;
  int32_t cap = 0;
  int rc = 0;
  ssize_t n;
  while (rc == 0 && (n = getline(&line, &lcap, stdin)) >= 0) {
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      n--;
    rc = split(argv[1], line, (int32_t)n, &u, &cap);
  }
  free(line);
  free(u);
  return rc == 0 ? 0 : 1;
}
