/*
 * newsloc/article.h - the article model, its readers and its writer.
 *
 * One model for every article, whatever it came from: metadata plus an
 * ordered list of blocks (headline, byline, dateline, paragraph,
 * caption, tagline). A block holds its text as plain UTF-8 (NFC) and its
 * inline markup (emphasis, links, line breaks, ...) as a list of inline
 * elements over byte ranges of that text, so that segmentation, XLIFF
 * and merge never re-parse markup. Readers (scraped text, article HTML,
 * NITF) produce the model; the NITF writer consumes it. Writing NITF,
 * reading it back and writing again gives identical bytes.
 *
 * Ownership: an nl_article owns its blocks and every string reachable
 * from it; pointers returned by accessors are borrowed and live until
 * the article is freed or changed.
 */
#ifndef NEWSLOC_ARTICLE_H
#define NEWSLOC_ARTICLE_H

#include <newsloc/common.h>
#include <newsloc/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_article nl_article;
typedef struct nl_block nl_block;

typedef enum nl_block_kind {
  NL_BLOCK_HEADLINE,
  NL_BLOCK_BYLINE,
  NL_BLOCK_DATELINE,
  NL_BLOCK_PARAGRAPH,
  NL_BLOCK_CAPTION,
  NL_BLOCK_TAGLINE
} nl_block_kind;

/** "headline", "byline", ...; a static string. */
NL_EXTERN const char *nl_block_kind_name(nl_block_kind kind);

/** Article metadata fields. */
typedef enum nl_article_field {
  NL_FIELD_ID,      /* stable article id (readers derive one from the headline) */
  NL_FIELD_LANG,    /* BCP 47 tag of the text */
  NL_FIELD_DATE,    /* publication date, ISO 8601 (YYYY-MM-DD or full) */
  NL_FIELD_SECTION, /* section label such as "USA"; metadata, never text */
  NL_FIELD_SOURCE,  /* the publisher or service, e.g. "VOA" */
  NL_FIELD_URL,     /* where the article came from */
  NL_FIELD_DIR,     /* "ltr" or "rtl" for the article's language */
  NL_FIELD__COUNT
} nl_article_field;

/** An attribute of an inline element (borrowed strings). */
typedef struct nl_attr {
  const char *name;
  const char *value;
} nl_attr;

/**
 * An inline element over [start, end) of its block's text. Elements
 * are properly nested and listed in document order of their start tags.
 * An empty element (start == end, `empty` set) stands alone, like <br/>.
 */
typedef struct nl_inline {
  const char *name;     /* element name in NITF's inline vocabulary */
  size_t start;         /* byte offset of the first character covered */
  size_t end;           /* byte offset just past the last one */
  int empty;            /* 1 for a standalone element with no content */
  const nl_attr *attrs; /* attributes in document order */
  size_t nattrs;
} nl_inline;

/* ---- building ---------------------------------------------------------- */

/** A new empty article. Returns 0 or NL_ENOMEM. */
NL_EXTERN int nl_article_new(nl_article **out, nl_error *err);

/** Frees the article and everything it owns; NULL is a no-op. */
NL_EXTERN void nl_article_free(nl_article *article);

/** Deep copy. Returns 0 or NL_ENOMEM. */
NL_EXTERN int nl_article_clone(nl_article **out, const nl_article *article,
                               nl_error *err);

/** Sets a field (copied); NULL clears it. Returns 0, NL_EINVAL, NL_ENOMEM. */
NL_EXTERN int nl_article_set(nl_article *article, nl_article_field field,
                             const char *value, nl_error *err);

/**
 * The most bytes of text a block, a metadata field or an attribute value
 * may hold: what libxml2 reads back as one run of text. Writers and
 * readers agree on it; longer text is NL_EINVAL, never cut.
 */
#define NL_TEXT_MAX 10000000

/**
 * Appends a block with a copy of `text` (`len` bytes of valid UTF-8, NFC
 * is applied) and returns it, borrowed, in *out (may be NULL). `id` may
 * be NULL: the block then gets a stable id from its kind and ordinal
 * ("hl1", "by1", "dl1", "p1", "cap1", "tag1"). Returns 0, NL_EUTF8,
 * NL_EINVAL (duplicate id; text over NL_TEXT_MAX bytes or with a
 * character XML 1.0 cannot carry, such as a C0 control other than tab,
 * LF and CR; an id likewise) or NL_ENOMEM. nl_article_set() and
 * nl_block_add_inline() hold values to the same rule; inline element
 * and attribute names must be XML names, and a prefixed attribute
 * ("xlink:href") needs its "xmlns:xlink" among the element's attributes,
 * so that every writer's output reads back.
 */
NL_EXTERN int nl_article_add_block(nl_article *article, nl_block_kind kind,
                                   const char *id, const char *text,
                                   size_t len, nl_block **out, nl_error *err);

/**
 * Adds an inline element to a block. `start`/`end` are byte offsets on
 * character boundaries of the block's text; it must nest properly with
 * the elements already there. Elements may be added in any order: the
 * block lists them in document order (by start, the enclosing one
 * first); an empty element at another's start goes before or inside it
 * as the order of the calls says. Returns 0, NL_EINVAL or NL_ENOMEM.
 */
NL_EXTERN int nl_block_add_inline(nl_block *block, const char *name,
                                  size_t start, size_t end, int empty,
                                  const nl_attr *attrs, size_t nattrs,
                                  nl_error *err);

/** Marks a block as not to be translated (ITS translate="no"). */
NL_EXTERN void nl_block_set_translatable(nl_block *block, int translatable);

/**
 * The language of a block that is not in the article's (a paragraph
 * left in the source language): a BCP 47 tag, or NULL for the article's.
 * Written as the block's xml:lang. Returns 0 or NL_ENOMEM.
 */
NL_EXTERN int nl_block_set_lang(nl_block *block, const char *lang,
                                nl_error *err);

/* ---- reading the model -------------------------------------------------- */

/** The field's value, borrowed, or NULL when unset. */
NL_EXTERN const char *nl_article_get(const nl_article *article,
                                     nl_article_field field);

NL_EXTERN size_t nl_article_block_count(const nl_article *article);

/** The i-th block, borrowed; NULL when out of range. */
NL_EXTERN const nl_block *nl_article_block(const nl_article *article,
                                           size_t i);

/** The block with this id, borrowed; NULL when there is none. */
NL_EXTERN const nl_block *nl_article_find_block(const nl_article *article,
                                                const char *id);

NL_EXTERN nl_block_kind nl_block_get_kind(const nl_block *block);
NL_EXTERN const char *nl_block_id(const nl_block *block);
/** The block's plain text (borrowed, NUL-terminated); *len gets its size. */
NL_EXTERN const char *nl_block_text(const nl_block *block, size_t *len);
NL_EXTERN int nl_block_translatable(const nl_block *block);
/** The block's own language (nl_block_set_lang), or NULL. */
NL_EXTERN const char *nl_block_lang(const nl_block *block);
/**
 * "ltr" or "rtl": the direction `block` is laid out in on the page. A
 * block whose letters are all of one direction takes it (an English
 * paragraph left untranslated on a Persian page is "ltr", so that its
 * full stop is on its right); one with letters of both takes its own
 * language's direction, and without one the article's (NL_FIELD_DIR,
 * else its language's).
 */
NL_EXTERN const char *nl_block_dir(const nl_article *article,
                                   const nl_block *block);
NL_EXTERN size_t nl_block_inline_count(const nl_block *block);
/** The i-th inline element, borrowed; NULL when out of range. */
NL_EXTERN const nl_inline *nl_block_inline(const nl_block *block, size_t i);

/* ---- readers ----------------------------------------------------------- */

typedef enum nl_article_format {
  NL_FORMAT_AUTO, /* sniffed: NITF if the root is <nitf>, HTML if it looks
                     like markup, scraped text otherwise */
  NL_FORMAT_TEXT, /* text as scraped from a news page, page chrome included */
  NL_FORMAT_HTML, /* simple article HTML: h1, p, figcaption, a, em, strong */
  NL_FORMAT_NITF  /* NITF 3.6 XML */
} nl_article_format;

/**
 * Reads an article from `len` bytes of `data`; `name` is used in error
 * messages (a path, or "<stdin>"). Every reader rejects invalid UTF-8
 * (NL_EUTF8) and malformed markup (NL_EPARSE) with the line and column.
 * XML is parsed without DTDs, external entities or network access.
 */
NL_EXTERN int nl_article_read_memory(nl_article **out, const char *data,
                                     size_t len, nl_article_format format,
                                     const char *name, nl_error *err);

/** As nl_article_read_memory(), from a file. NL_EIO when unreadable. */
NL_EXTERN int nl_article_read_file(nl_article **out, const char *path,
                                   nl_article_format format, nl_error *err);

/* ---- writer ------------------------------------------------------------ */

/** Appends the article as NITF 3.6 XML (UTF-8) to `out`. */
NL_EXTERN int nl_article_write_nitf(const nl_article *article, nl_buf *out,
                                    nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
