/*
 * xliff_id.h - block ids as XLIFF unit ids (internal).
 *
 * XLIFF 2.0 unit ids are NMTOKENs; a block id from NITF written by
 * others may hold anything ("p 1", "§3", ""). Export and merge both
 * name a block's unit with nl_xliff__unit_id(), so merge finds it.
 */
#ifndef NL_XLIFF_ID_H
#define NL_XLIFF_ID_H

#include <newsloc/article.h>

/* Writes the unit id of block id `id` into out (cleared first): the id
 * itself when it is made of ASCII letters, digits, '.', '-', '_' only
 * (every id newsloc makes), else those characters with every other
 * byte as "_xHH_" ("" is "_"); always a valid NMTOKEN. NL_ENOMEM. */
int nl_xliff__unit_id(nl_buf *out, const char *id);

/* The block of `a` whose unit id is `unit_id`, or NULL (as fast as
 * nl_article_find_block: the rewriting is undone, not searched). */
const nl_block *nl_xliff__block_of_unit(const nl_article *a,
                                        const char *unit_id);

/* NL_EINVAL naming both blocks when two blocks of `a` get one unit id
 * (only possible when some id had to be rewritten: then checked in
 * n log n). */
int nl_xliff__check_unit_ids(const nl_article *a, nl_error *err);

#endif
