/*
 * article_io.h - the article readers, one module per input form (internal).
 *
 * nl_article_read_memory() (article_read.c) validates UTF-8, sniffs the
 * form and hands the bytes to one of these. Each reader builds a fresh
 * article or fails without leaving one behind; `name` is what errors
 * call the input.
 */
#ifndef NL_ARTICLE_IO_H
#define NL_ARTICLE_IO_H

#include <stddef.h>
#include <newsloc/article.h>

/* Text as scraped from a news page (article_text.c). */
int nl_article__read_text(nl_article **out, const char *data, size_t len,
                          const char *name, nl_error *err);
/* Simple article HTML through libxml2's HTML parser (article_html.c). */
int nl_article__read_html(nl_article **out, const char *data, size_t len,
                          const char *name, nl_error *err);
/* NITF 3.6 as nl_article_write_nitf() writes it, and NITF from
 * elsewhere as far as the model can hold it (nitf.c). */
int nl_article__read_nitf(nl_article **out, const char *data, size_t len,
                          const char *name, nl_error *err);

/* An article id derived from text (the headline): lowercase ASCII
 * letters and digits joined by '-', at most 64 bytes, never empty.
 * Stable across runs so that XLIFF ids and TM provenance are too. */
int nl_article__slug(nl_buf *out, const char *text, size_t len,
                     nl_error *err);

#endif
