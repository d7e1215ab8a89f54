/*
 * render.c - an article as an HTML5 page.
 *
 * Editors read the page in a browser before publishing, so it must show
 * the text as readers will: lang and dir on <html> (and on each column
 * of a side-by-side review), isolates as <bdi> so that the browser's
 * bidi algorithm treats them exactly as the plain-text isolates, and a
 * font stack that has the script's glyphs (Nastaliq for Urdu, Naskh for
 * Persian and Arabic, the Noto family elsewhere).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uloc.h>

#include <newsloc/io.h>
#include <newsloc/render.h>

#include "error.h"
#include "lang.h"
#include "util/buf.h"
#include "util/icu.h"
#include "util/url.h"
#include "util/utf8.h"

static const char *font_stack(const char *lang) {
  static const struct {
    const char *script, *fonts;
  } stacks[] = {
      {"Arab", "'Vazirmatn', 'Noto Naskh Arabic', 'Noto Sans Arabic', Tahoma, "
               "sans-serif"},
      {"Mymr", "'Noto Sans Myanmar', 'Padauk', 'Myanmar Text', sans-serif"},
      {"Khmr", "'Noto Sans Khmer', 'Khmer OS', sans-serif"},
      {"Ethi", "'Noto Sans Ethiopic', 'Abyssinica SIL', sans-serif"},
      {"Tibt", "'Noto Serif Tibetan', 'Jomolhari', 'Microsoft Himalaya', serif"},
      {"Hans", "'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"},
      {"Hant", "'Noto Sans TC', 'PingFang TC', 'Microsoft JhengHei', sans-serif"},
      {"Kore", "'Noto Sans KR', 'Malgun Gothic', sans-serif"},
      {"Thai", "'Noto Sans Thai', 'Leelawadee UI', sans-serif"},
      {"Laoo", "'Noto Sans Lao', 'Lao UI', sans-serif"},
      {"Beng", "'Noto Sans Bengali', 'Vrinda', sans-serif"},
      {"Armn", "'Noto Sans Armenian', sans-serif"},
      {"Geor", "'Noto Sans Georgian', sans-serif"},
  };
  char full[ULOC_FULLNAME_CAPACITY];
  char script[16] = "";
  UErrorCode ec = U_ZERO_ERROR;
  if (nl_lang__likely(full, sizeof(full), lang ? lang : "en"))
    uloc_getScript(full, script, sizeof(script), &ec);
  if (!nl_icu__filled(ec))
    script[0] = '\0';
  if (strncmp(full, "ur", 2) == 0 && (full[2] == '\0' || full[2] == '_'))
    return "'Noto Nastaliq Urdu', 'Jameel Noori Nastaleeq', 'Noto Naskh "
           "Arabic', serif";
  for (size_t i = 0; i < sizeof(stacks) / sizeof(stacks[0]); i++)
    if (strcmp(script, stacks[i].script) == 0)
      return stacks[i].fonts;
  return "'Noto Sans', 'Segoe UI', Arial, sans-serif";
}

/* Text with isolates as <bdi>, escaped. The text between two element
 * edges is closed on its own: a PDI with no isolate open in it is
 * dropped and an isolate left open is closed at its end, so the page
 * nests whatever the article holds (a merge without localization may
 * carry a translator's stray controls). Embeddings and overrides are
 * dropped: HTML has dir attributes for that, and they would leak. */
static int put_text(nl_buf *o, const char *t, size_t len) {
  int rc = 0, open = 0;
  for (size_t i = 0; i < len && rc == 0;) {
    size_t j = i;
    uint32_t c = nl_utf8__next(t, len, &j);
    if (c == 0x2066 || c == 0x2067 || c == 0x2068) {
      rc = nl_buf__puts(o, c == 0x2066   ? "<bdi dir=\"ltr\">"
                           : c == 0x2067 ? "<bdi dir=\"rtl\">"
                                         : "<bdi>");
      open++;
    } else if (c == 0x2069) {
      rc = open > 0 ? nl_buf__puts(o, "</bdi>") : 0;
      open -= open > 0;
    } else if (!(c >= 0x202A && c <= 0x202E)) {
      rc = nl_buf__put_xml(o, t + i, j - i, 0);
    }
    i = j;
  }
  for (; rc == 0 && open > 0; open--)
    rc = nl_buf__puts(o, "</bdi>");
  return rc;
}

/* Plain text for <title>, where markup is not parsed: isolates stay as
 * the characters they are. */
static int put_plain(nl_buf *o, const char *t, size_t len) {
  return nl_buf__put_xml(o, t, len, 0);
}

static const char *html_name(const nl_inline *x, int *strong) {
  *strong = 0;
  if (strcmp(x->name, "em") == 0) {
    for (size_t i = 0; i < x->nattrs; i++)
      if (strcmp(x->attrs[i].name, "class") == 0 &&
          strcmp(x->attrs[i].value, "strong") == 0)
        *strong = 1;
    return *strong ? "strong" : "em";
  }
  if (strcmp(x->name, "a") == 0 || strcmp(x->name, "q") == 0 ||
      strcmp(x->name, "br") == 0)
    return x->name;
  return "span";
}

static int open_tag(nl_buf *o, const nl_inline *x) {
  int strong;
  const char *n = html_name(x, &strong);
  int rc = nl_buf__printf(o, "<%s", n);
  for (size_t i = 0; rc == 0 && i < x->nattrs; i++) {
    /* links a reviewer may follow: a javascript: or data: URL from an
     * article never reaches the page */
    if (strcmp(x->attrs[i].name, "href") != 0 ||
        !nl_url__safe(x->attrs[i].value))
      continue;
    rc = nl_buf__puts(o, " href=\"");
    if (rc == 0)
      rc = nl_buf__put_xml(o, x->attrs[i].value, strlen(x->attrs[i].value), 1);
    if (rc == 0)
      rc = nl_buf__putc(o, '"');
  }
  return rc == 0 ? nl_buf__putc(o, '>') : rc;
}

/* The block's text with its elements, nested as the model nests them,
 * however deep (the model bounds depth; a page drops no element). */
static int put_block_html(nl_buf *o, const nl_block *b) {
  size_t len, n = nl_block_inline_count(b), pos = 0, depth = 0;
  const char *t = nl_block_text(b, &len);
  const nl_inline **stack = n ? malloc(n * sizeof(*stack)) : NULL;
  if (n && stack == NULL)
    return NL_ENOMEM;
  int rc = 0;
  for (size_t i = 0; i <= n && rc == 0; i++) {
    const nl_inline *x = i < n ? nl_block_inline(b, i) : NULL;
    size_t at = x ? x->start : len;
    while (rc == 0 && depth > 0 && stack[depth - 1]->end <= at) {
      const nl_inline *top = stack[--depth];
      int strong;
      rc = put_text(o, t + pos, top->end - pos);
      if (rc == 0)
        rc = nl_buf__printf(o, "</%s>", html_name(top, &strong));
      pos = top->end;
    }
    if (rc == 0)
      rc = put_text(o, t + pos, at - pos);
    pos = at;
    if (x == NULL || rc < 0)
      break;
    if (x->start == x->end) {
      int strong;
      rc = strcmp(html_name(x, &strong), "br") == 0 ? nl_buf__puts(o, "<br>")
                                                    : 0;
    } else {
      rc = open_tag(o, x);
      stack[depth++] = x;
    }
  }
  free(stack);
  return rc;
}

static const char *block_tag(nl_block_kind k) {
  switch (k) {
  case NL_BLOCK_HEADLINE:
    return "h1";
  case NL_BLOCK_CAPTION:
    return "figcaption";
  default:
    return "p";
  }
}

/* A block in another direction or language than the page (English left
 * untranslated on a Persian page) carries its own lang and dir. */
/* The page's language: the article's when it is a tag, "en" without. */
static const char *page_lang(const nl_article *a) {
  const char *lang = nl_article_get(a, NL_FIELD_LANG);
  return lang == NULL ? "en" : nl_lang__is_tag(lang) ? lang : "";
}

/* The page's direction: the article's when it is one, else its
 * language's. */
static const char *page_dir(const nl_article *a) {
  static const char *const dirs[] = {"ltr", "rtl", "auto"};
  const char *dir = nl_article_get(a, NL_FIELD_DIR);
  for (size_t i = 0; dir && i < sizeof(dirs) / sizeof(dirs[0]); i++)
    if (strcasecmp(dir, dirs[i]) == 0)
      return dirs[i];
  return nl_lang_is_rtl(page_lang(a)) ? "rtl" : "ltr";
}

static int put_block_lang(nl_buf *o, const nl_article *a, const nl_block *b) {
  const char *lang = nl_block_lang(b);
  const char *adir = page_dir(a), *dir = nl_block_dir(a, b);
  int rc = 0;
  if (lang && !nl_lang__is_tag(lang))
    lang = NULL; /* as for the page: no value that is not a tag */
  if (lang) {
    rc = nl_buf__puts(o, " lang=\"");
    if (rc == 0)
      rc = nl_buf__put_xml(o, lang, strlen(lang), 1);
    if (rc == 0)
      rc = nl_buf__putc(o, '"');
  }
  if (rc == 0 && (lang || strcmp(dir, adir) != 0))
    rc = nl_buf__printf(o, " dir=\"%s\"", dir);
  return rc;
}

static int put_block(nl_buf *o, const nl_article *a, const nl_block *b) {
  const char *tag = block_tag(nl_block_get_kind(b));
  int rc = nl_buf__printf(o, "<%s class=\"%s\" id=\"", tag,
                          nl_block_kind_name(nl_block_get_kind(b)));
  if (rc == 0)
    rc = nl_buf__put_xml(o, nl_block_id(b), strlen(nl_block_id(b)), 1);
  if (rc == 0)
    rc = nl_buf__putc(o, '"');
  if (rc == 0)
    rc = put_block_lang(o, a, b);
  if (rc == 0)
    rc = nl_buf__puts(o, ">");
  if (rc == 0)
    rc = put_block_html(o, b);
  if (rc == 0)
    rc = nl_buf__printf(o, "</%s>\n", tag);
  return rc;
}

/* The article's lang and dir come from its file: a lang that is not a
 * language tag is written as unknown (""), a dir other than HTML's three
 * values is worked out from the language, so that neither can carry
 * anything else into the page (escaping alone would keep the markup out,
 * not a value the browser misreads). */
static int put_lang_dir(nl_buf *o, const nl_article *a) {
  const char *lang = page_lang(a), *dir = page_dir(a);
  int rc = nl_buf__puts(o, " lang=\"");
  if (rc == 0)
    rc = nl_buf__put_xml(o, lang, strlen(lang), 1);
  if (rc == 0)
    rc = nl_buf__printf(o, "\" dir=\"%s\" style=\"font-family: %s\"", dir,
                        font_stack(lang));
  return rc;
}

static int put_column(nl_buf *o, const nl_article *a, const char *id) {
  int rc = nl_buf__puts(o, "<div class=\"col\"");
  if (rc == 0)
    rc = put_lang_dir(o, a);
  if (rc == 0)
    rc = nl_buf__putc(o, '>');
  const nl_block *b = id ? nl_article_find_block(a, id) : NULL;
  if (rc == 0 && b)
    rc = put_block(o, a, b);
  return rc == 0 ? nl_buf__puts(o, "</div>\n") : rc;
}

static int put_body(nl_buf *o, const nl_article *a, const nl_article *src) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < nl_article_block_count(a); i++) {
    const nl_block *b = nl_article_block(a, i);
    if (src == NULL) {
      rc = put_block(o, a, b);
      continue;
    }
    rc = nl_buf__puts(o, "<div class=\"pair\">\n");
    if (rc == 0)
      rc = put_column(o, src, nl_block_id(b));
    if (rc == 0)
      rc = put_column(o, a, nl_block_id(b));
    if (rc == 0)
      rc = nl_buf__puts(o, "</div>\n");
  }
  return rc;
}

int nl_render_html(const nl_article *a, const nl_article *src, nl_buf *out,
                   nl_error *err) {
  if (a == NULL || out == NULL)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0, "nothing to render");
  const nl_block *hl = NULL;
  for (size_t i = 0; i < nl_article_block_count(a) && hl == NULL; i++)
    if (nl_block_get_kind(nl_article_block(a, i)) == NL_BLOCK_HEADLINE)
      hl = nl_article_block(a, i);
  size_t hlen = 0;
  const char *ht = hl ? nl_block_text(hl, &hlen) : "";
  int rc = nl_buf__puts(out, "<!DOCTYPE html>\n<html");
  if (rc == 0)
    rc = put_lang_dir(out, a);
  if (rc == 0)
    rc = nl_buf__puts(out, ">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  if (rc == 0)
    rc = put_plain(out, ht, hlen);
  if (rc == 0)
    rc = nl_buf__puts(
        out, "</title>\n<style>\nbody { max-width: 60em; margin: 2em auto; "
             "line-height: 1.6; }\n.pair { display: grid; "
             "grid-template-columns: 1fr 1fr; gap: 2em; border-bottom: 1px "
             "solid #ddd; }\n.byline, .dateline { color: #555; }\n"
             "figcaption { font-size: 0.9em; color: #444; }\n</style>\n"
             "</head>\n<body>\n<article>\n");
  if (rc == 0)
    rc = put_body(out, a, src);
  if (rc == 0)
    rc = nl_buf__puts(out, "</article>\n</body>\n</html>\n");
  return rc < 0 ? nl_error__nomem(err) : 0;
}
