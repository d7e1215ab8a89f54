/*
 * tm_words.c - words as both TM stores index them.
 *
 * FTS5's ascii tokenizer (the SQLite store's word indexes): ASCII
 * letters and digits and every byte of a non-ASCII character make
 * words, any other ASCII character separates them. The PostgreSQL store
 * cuts its word arrays with the same function, so that both count and
 * find the same words.
 */
#include "tm_store.h"

int nl_tm__word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

const char *nl_tm__ascii_word(const char *p, size_t *len) {
  while (*p && !nl_tm__word_byte((unsigned char)*p))
    p++;
  if (*p == '\0')
    return NULL;
  const char *e = p;
  while (*e && nl_tm__word_byte((unsigned char)*e))
    e++;
  *len = (size_t)(e - p);
  return p;
}
