/*
 * srx.h - SRX 2.0 segmentation rules, as read from a file (internal).
 *
 * An SRX file holds named sets of language rules (each rule: break or
 * no-break, a regex for the text before the position and one for the
 * text after) and maps from language patterns to those sets. With
 * cascading, every set whose pattern matches the language applies, in
 * map order; without, only the first.
 */
#ifndef NL_SRX_H
#define NL_SRX_H

#include <stddef.h>
#include <newsloc/error.h>

typedef struct nl_srx_rule {
  int brk;            /* 1: break here; 0: do not */
  char *before;       /* may be "" */
  char *after;        /* may be "" */
  unsigned long line; /* where the rule is, for messages */
} nl_srx_rule;

typedef struct nl_srx nl_srx;

/* Reads and checks an SRX file (structure only; regexes are compiled by
 * the segmenter). NL_EIO, NL_EPARSE with file and line. */
int nl_srx__load(nl_srx **out, const char *path, nl_error *err);
void nl_srx__free(nl_srx *srx);

const char *nl_srx__path(const nl_srx *srx);

/* The rules that apply to `lang`, in order, as an array of borrowed
 * pointers (caller frees the array). NL_EPARSE for a bad language
 * pattern. */
int nl_srx__rules_for(const nl_srx *srx, const char *lang,
                      const nl_srx_rule ***out, size_t *n, nl_error *err);

#endif
