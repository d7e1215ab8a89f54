/*
 * segment_list.h - numbered and lettered lists inside a paragraph
 * (internal).
 *
 * "1. The first item 2. The second item", "a) … b) …", "• 9. … • 10. …":
 * a scraped page often flattens a list into one paragraph. Each item is
 * a translation unit of its own, and its marker belongs to it. A regex
 * cannot tell "2." that follows "1." from the "2." of "aged 2. The", so
 * the markers are found by counting: a list is a chain of markers of one
 * shape whose values follow each other (1, 2, 3 or a, b, c), each opening
 * an item that starts with a capital or a digit.
 */
#ifndef NL_SEGMENT_LIST_H
#define NL_SEGMENT_LIST_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

/* One marker of a list: where it starts, and where its item's text
 * starts (after the marker and the space behind it). */
typedef struct nl_list_mark {
  int32_t start, body;
  int first; /* the chain's first marker */
} nl_list_mark;

typedef struct nl_list_marks {
  nl_list_mark *at;
  size_t n, cap;
} nl_list_marks;

/* The markers of every list in the paragraph s[0..len), in order
 * (appended to `out`). `ones`: the positions of its '1's, ascending
 * (nl_scan__run). NL_ENOMEM. */
int nl_list__scan(const UChar *s, int32_t len, const int32_t *ones,
                  size_t nones, nl_list_marks *out);
void nl_list__dispose(nl_list_marks *m);

#endif
