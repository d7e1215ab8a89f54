/*
 * segment_scan.h - one pass over a paragraph for the segmenter's scans
 * (internal).
 *
 * Three scans look for rare characters: the break rules for a character
 * one of them can end with, the bracket and quotation pairs for a mark,
 * the lists for a '1'. Looking for each separately read the paragraph
 * three times and compared every code unit with each wanted one; here
 * each unit is classified once, sixteen at a time, and the few that may
 * be wanted are sorted into the three lists of positions.
 */
#ifndef NL_SEGMENT_SCAN_H
#define NL_SEGMENT_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

enum { NL_SCAN_OPEN, NL_SCAN_MARK, NL_SCAN_ONE, NL_SCAN_KINDS };

typedef struct nl_scan_list {
  int32_t *at;
  size_t n, cap;
} nl_scan_list;

typedef struct nl_scan {
  const uint8_t *opens; /* BMP bitmap of break-rule openings; NULL: none */
  int ready;
  /* the wanted units below 0x100 (not 0 or 0xFF, which saturated units
   * also give) and the high bytes of the others; nlow -1: too many for
   * the block test, every unit is classified one by one */
  unsigned char low[24], high[8];
  int nlow, nhigh;
  /* the lists a unit belongs in, a bit each, by its high byte's group
   * (1 + index in table; 0: none wanted) and its low byte */
  unsigned char group[0x100];
  unsigned char table[9][0x100];
  int ngroups;
  nl_scan_list list[NL_SCAN_KINDS]; /* the paragraph's, reused */
} nl_scan;

/* Sets the scan up for break-rule openings `opens` (kept, not copied). */
void nl_scan__prepare(nl_scan *sc, const uint8_t *opens);

/* The positions in s[0..len) of units that can end a break rule, open
 * or close a pair, or are '1', ascending, into sc->list. `ascii`: every
 * unit is below 0x80. NL_ENOMEM. */
int nl_scan__run(nl_scan *sc, const UChar *s, int32_t len, int ascii);

void nl_scan__dispose(nl_scan *sc);

#endif
