/*
 * tm_meta.h - the metadata a TM entry carries for exchange (internal).
 *
 * nl_tm_entry.meta is JSON so that the store needs one nullable column
 * and no schema change for each new kind of thing other tools attach;
 * the shape is checked once, when an entry is added, so that readers
 * (TMX export, lookups) can trust it.
 */
#ifndef NL_TM_META_H
#define NL_TM_META_H

#include <newsloc/error.h>

/* Where an item of meta belonged: the unit, or one language variant. */
typedef enum nl_tm__level {
  NL_TM__LEVEL_TU,
  NL_TM__LEVEL_SOURCE,
  NL_TM__LEVEL_TARGET
} nl_tm__level;

/* "tu", "source", "target". */
const char *nl_tm__level_name(nl_tm__level level);
/* The level named `s`, or -1. */
int nl_tm__level_of(const char *s);

/* 0 when `meta` is NULL or an object as nl_tm_entry.meta describes,
 * else NL_EINVAL saying what is wrong. */
int nl_tm__meta_check(const char *meta, nl_error *err);

#endif
