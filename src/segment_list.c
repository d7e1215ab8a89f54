/*
 * segment_list.c - numbered and lettered lists inside a paragraph.
 *
 * A marker: an optional bullet (• ‣ ⁃ ◦ ▪) and space, then a number of
 * one to three digits or one letter, then ".", ")" or ".)", then white
 * space. Its shape is the bullet, the kind of value and the closing
 * punctuation; a list is two or more markers of one shape whose values
 * count up by one. A chain starts at the paragraph's start with any
 * value (a list continued from an earlier paragraph: "• 9.") or later
 * with 1 (numbers only: a lone "a." in prose is too often a word). An
 * item after the first must start with a capital or a digit, which keeps
 * out inline enumerations ("lost 1) his job and 2) his house").
 *
 * Work is linear: a chain looks for its next marker at most REACH code
 * units ahead, and scanning resumes after the chain.
 */
#include <stdlib.h>

#include <unicode/uchar.h>

#include "error.h"
#include "segment_list.h"

enum { REACH = 4000 };

typedef struct marker {
  UChar bullet; /* 0 for none */
  int kind;     /* 'n' number, 'a' lowercase letter, 'A' uppercase */
  int close;    /* '.', ')' or ']' for ".)" */
  long value;
  int32_t start, body;
} marker;

static int is_bullet(UChar c) {
  return c == 0x2022 || c == 0x2023 || c == 0x2043 || c == 0x25E6 ||
         c == 0x25AA;
}

static int is_space(UChar c) { return u_isUWhiteSpace(c); }

static int is_ascii_digit(UChar c) { return c >= '0' && c <= '9'; }

/* The value part at *p: digits or one ASCII letter. */
static int read_value(const UChar *s, int32_t len, int32_t *p, marker *m) {
  int32_t q = *p;
  if (q < len && is_ascii_digit(s[q])) {
    m->kind = 'n';
    m->value = 0;
    for (; q < len && is_ascii_digit(s[q]) && q - *p < 3; q++)
      m->value = m->value * 10 + (s[q] - '0');
    if (q < len && is_ascii_digit(s[q]))
      return 0; /* four digits: a year, not a marker */
  } else if (q < len && ((s[q] >= 'a' && s[q] <= 'z') ||
                         (s[q] >= 'A' && s[q] <= 'Z'))) {
    m->kind = s[q] >= 'a' ? 'a' : 'A';
    m->value = s[q] - (s[q] >= 'a' ? 'a' : 'A');
    q++;
    if (q < len && (u_isalpha(s[q]) || is_ascii_digit(s[q])))
      return 0;
  } else {
    return 0;
  }
  *p = q;
  return 1;
}

/* A marker starting at p (p at the paragraph's start or after white
 * space); 0 when there is none. */
static int read_marker(const UChar *s, int32_t len, int32_t p, marker *m) {
  m->start = p;
  m->bullet = 0;
  if (p < len && is_bullet(s[p])) {
    m->bullet = s[p++];
    for (int k = 0; k < 2 && p < len && s[p] == ' '; k++)
      p++;
  }
  if (!read_value(s, len, &p, m))
    return 0;
  if (p + 1 < len && s[p] == '.' && s[p + 1] == ')') {
    m->close = ']';
    p += 2;
  } else if (p < len && (s[p] == '.' || s[p] == ')')) {
    m->close = s[p++];
  } else {
    return 0;
  }
  if (p >= len || !is_space(s[p]))
    return 0;
  while (p < len && is_space(s[p]))
    p++;
  m->body = p;
  return p < len;
}

static int same_shape(const marker *a, const marker *b) {
  return a->bullet == b->bullet && a->kind == b->kind && a->close == b->close;
}

static int opens_item(UChar c) {
  return u_isupper(c) || u_istitle(c) || u_isdigit(c) || c == '"' ||
         c == 0x201C || c == 0x00AB;
}

/* The marker after `m` in its chain, searched from m's body on. */
static int next_in_chain(const UChar *s, int32_t len, const marker *m,
                         marker *out) {
  int32_t end = m->body + REACH < len ? m->body + REACH : len;
  for (int32_t q = m->body + 1; q < end; q++) {
    if (!is_space(s[q - 1]))
      continue;
    marker c;
    if (read_marker(s, len, q, &c) && same_shape(m, &c) &&
        c.value == m->value + 1 && opens_item(s[c.body])) {
      *out = c;
      return 1;
    }
  }
  return 0;
}

static int push(nl_list_marks *out, const marker *m, int first) {
  if (out->n == out->cap) {
    size_t cap = out->cap ? out->cap * 2 : 8;
    nl_list_mark *a = realloc(out->at, cap * sizeof(*a));
    if (a == NULL)
      return NL_ENOMEM;
    out->at = a;
    out->cap = cap;
  }
  out->at[out->n++] = (nl_list_mark){m->start, m->body, first};
  return 0;
}

/* A chain from `first`; *resume is where scanning goes on. */
static int chain(const UChar *s, int32_t len, const marker *first,
                 nl_list_marks *out, int32_t *resume) {
  marker m = *first, next;
  *resume = first->body;
  if (!next_in_chain(s, len, &m, &next))
    return 0;
  int rc = push(out, &m, 1);
  do {
    m = next;
    rc = rc == 0 ? push(out, &m, 0) : rc;
  } while (rc == 0 && next_in_chain(s, len, &m, &next));
  *resume = m.body;
  return rc;
}

int nl_list__scan(const UChar *s, int32_t len, const int32_t *ones,
                  size_t nones, nl_list_marks *out) {
  int32_t p = 0;
  while (p < len && is_space(s[p]))
    p++;
  marker m;
  int rc = 0;
  if (read_marker(s, len, p, &m))
    rc = chain(s, len, &m, out, &p);
  /* later, a chain starts at a '1' after white space */
  int32_t from = p + 1;
  for (size_t k = 0; rc == 0 && k < nones; k++) {
    int32_t q = ones[k];
    if (q < from)
      continue;
    from = q + 1;
    if (!is_space(s[q - 1]))
      continue;
    if (read_marker(s, len, q, &m) && m.kind == 'n' && m.value == 1) {
      rc = chain(s, len, &m, out, &p);
      from = p + 1;
    }
  }
  return rc;
}

void nl_list__dispose(nl_list_marks *m) {
  free(m->at);
  m->at = NULL;
  m->n = m->cap = 0;
}
