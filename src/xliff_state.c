/*
 * xliff_state.c - which segments hold a translation.
 *
 * One answer for merge and the TM: what is published is what is
 * learned. A target left in state "initial" (a CAT tool's copy of the
 * source, a machine pre-fill nobody confirmed) is neither.
 */
#include <string.h>

#include <newsloc/xliff.h>

int nl_xliff_segment_translated(const nl_xliff_segment *s) {
  if (s == NULL || s->target == NULL ||
      (s->target[0] == '\0' && s->target_markup == NULL) || s->state == NULL)
    return 0;
  return strcmp(s->state, "translated") == 0 ||
         strcmp(s->state, "reviewed") == 0 || strcmp(s->state, "final") == 0;
}
