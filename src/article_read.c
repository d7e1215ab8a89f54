/*
 * article_read.c - one entry point for every article form.
 *
 * Sniffing is deliberately simple and predictable: a document whose
 * first element is <nitf> is NITF; anything that starts (after a BOM,
 * whitespace and comments or a doctype) with '<' is HTML; everything
 * else is scraped text. Users who know better pass the format.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <newsloc/io.h>

#include "article_io.h"
#include "error.h"
#include "util/buf.h"
#include "util/utf8.h"

static size_t skip_bom_space(const char *d, size_t len) {
  size_t i = 0;
  if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && isspace((unsigned char)d[i]))
    i++;
  return i;
}

/* Where the declaration, comment or doctype at `i` ends (one past its
 * '>'), an internal DTD subset included; `len` when it does not end. */
static size_t skip_markup_decl(const char *d, size_t len, size_t i) {
  const char *gt = memchr(d + i, '>', len - i);
  const char *open = memchr(d + i, '[', len - i);
  if (open && (gt == NULL || open < gt)) { /* <!DOCTYPE x [ ... ]> */
    const char *close = memchr(open, ']', len - (size_t)(open - d));
    gt = close ? memchr(close, '>', len - (size_t)(close - d)) : NULL;
  }
  return gt ? (size_t)(gt - d) + 1 : len;
}

/* Whether a '<nitf' start tag appears before any other element. */
static int looks_like_nitf(const char *d, size_t len, size_t i) {
  while (i < len && d[i] == '<') {
    if (i + 1 < len && (d[i + 1] == '?' || d[i + 1] == '!')) {
      i = skip_markup_decl(d, len, i);
      while (i < len && isspace((unsigned char)d[i]))
        i++;
      continue;
    }
    return len - i >= 5 && memcmp(d + i + 1, "nitf", 4) == 0 &&
           (len - i == 5 || !isalnum((unsigned char)d[i + 5]));
  }
  return 0;
}

static nl_article_format sniff(const char *d, size_t len) {
  size_t i = skip_bom_space(d, len);
  if (i >= len || d[i] != '<')
    return NL_FORMAT_TEXT;
  return looks_like_nitf(d, len, i) ? NL_FORMAT_NITF : NL_FORMAT_HTML;
}

int nl_article_read_memory(nl_article **out, const char *data, size_t len,
                           nl_article_format format, const char *name,
                           nl_error *err) {
  if (out == NULL || (data == NULL && len > 0))
    return nl_error__set(err, NL_EINVAL, name, 0, 0, "no article given");
  *out = NULL;
  if (name == NULL)
    name = "<memory>";
  if (data == NULL)
    data = "";
  int rc = nl_utf8__check(data, len, name, err);
  if (rc < 0)
    return rc;
  /* A NUL is no text in any format (a UTF-16 file or binary data read
   * as UTF-8 has them): refused where it is, never dropped or cut at. */
  const char *nul = memchr(data, '\0', len);
  if (nul != NULL) {
    unsigned long line, col;
    nl_utf8__position(data, (size_t)(nul - data), &line, &col);
    return nl_error__set(err, NL_EPARSE, name, line, col,
                         "NUL byte at offset %zu: not text (UTF-16 or "
                         "binary data?)",
                         (size_t)(nul - data));
  }
  if (format == NL_FORMAT_AUTO)
    format = sniff(data, len);
  switch (format) {
  case NL_FORMAT_TEXT:
    rc = nl_article__read_text(out, data, len, name, err);
    break;
  case NL_FORMAT_HTML:
    rc = nl_article__read_html(out, data, len, name, err);
    break;
  case NL_FORMAT_NITF:
    rc = nl_article__read_nitf(out, data, len, name, err);
    break;
  case NL_FORMAT_AUTO:
    return nl_error__set(err, NL_EINVAL, name, 0, 0,
                         "unknown article format");
  }
  /* the model's refusals (a limit, a character) name no file */
  if (rc < 0 && err && err->path[0] == '\0')
    snprintf(err->path, sizeof(err->path), "%s", name);
  return rc;
}

int nl_article_read_file(nl_article **out, const char *path,
                         nl_article_format format, nl_error *err) {
  nl_buf data = NL_BUF_INIT;
  int rc = nl_file_read(path, &data, err);
  if (rc == 0)
    rc = nl_article_read_memory(out, data.ptr, data.size, format,
                                strcmp(path, "-") == 0 ? "<stdin>" : path,
                                err);
  nl_buf_dispose(&data);
  return rc;
}

/* Stops at a word boundary so that a long headline gives "...-in-northern"
 * rather than "...-in-northe". */
int nl_article__slug(nl_buf *out, const char *text, size_t len,
                     nl_error *err) {
  enum { MAX = 64 };
  size_t start = out->size;
  int gap = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c < 0x80 && isalnum(c)) {
      if (gap && out->size > start && nl_buf__putc(out, '-') < 0)
        return nl_error__nomem(err);
      gap = 0;
      if (nl_buf__putc(out, (char)tolower(c)) < 0)
        return nl_error__nomem(err);
    } else if (c != '\'') {
      gap = 1;
    }
    if (out->size - start > MAX)
      break;
  }
  if (out->size - start > MAX) {
    size_t cut = start + MAX;
    while (cut > start && out->ptr[cut] != '-')
      cut--;
    out->size = cut > start ? cut : start + MAX;
    out->ptr[out->size] = '\0';
  }
  if (out->size == start && nl_buf__puts(out, "article") < 0)
    return nl_error__nomem(err);
  return 0;
}
