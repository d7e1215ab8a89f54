/*
 * newsloc/render.h - an article as an HTML5 page, for editors to read.
 *
 * The page carries the article's lang and dir, turns bidi isolates into
 * <bdi> elements (which browsers isolate the same way), keeps links and
 * emphasis, and names a font stack suited to the script. With a source
 * article, blocks are shown side by side, source and translation paired
 * by block id, for review.
 */
#ifndef NEWSLOC_RENDER_H
#define NEWSLOC_RENDER_H

#include <newsloc/common.h>
#include <newsloc/error.h>
#include <newsloc/article.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Appends the page to `out`; `source` may be NULL. Returns 0, NL_ENOMEM. */
NL_EXTERN int nl_render_html(const nl_article *article,
                             const nl_article *source, nl_buf *out,
                             nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
