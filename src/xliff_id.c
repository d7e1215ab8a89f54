/*
 * xliff_id.c - block ids as XLIFF unit ids; see xliff_id.h.
 *
 * Plain ASCII only, though NMTOKEN allows more letters: validators
 * disagree on the non-ASCII name characters (XML 1.0 4th and 5th
 * editions differ), and a unit id must pass all of them.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "util/buf.h"
#include "xliff_id.h"

static int plain(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

static int rewritten(const char *id) {
  if (*id == '\0')
    return 1;
  for (const unsigned char *p = (const unsigned char *)id; *p; p++)
    if (!plain(*p))
      return 1;
  return 0;
}

int nl_xliff__unit_id(nl_buf *out, const char *id) {
  nl_buf__clear(out);
  if (*id == '\0')
    return nl_buf__puts(out, "_") < 0 ? NL_ENOMEM : 0;
  for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
    int rc = plain(*p) ? nl_buf__putc(out, (char)*p)
                       : nl_buf__printf(out, "_x%02X_", *p);
    if (rc < 0)
      return NL_ENOMEM;
  }
  return 0;
}

static int hex(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Whether block `b` exists and has exactly `unit_id` as its unit id. */
static const nl_block *if_named(const nl_block *b, const char *unit_id) {
  nl_buf id = NL_BUF_INIT;
  int same = b && nl_xliff__unit_id(&id, nl_block_id(b)) == 0 &&
             strcmp(id.ptr, unit_id) == 0;
  nl_buf_dispose(&id);
  return same ? b : NULL;
}

const nl_block *nl_xliff__block_of_unit(const nl_article *a,
                                        const char *unit_id) {
  const nl_block *b = if_named(nl_article_find_block(a, unit_id), unit_id);
  if (b)
    return b;
  if (strcmp(unit_id, "_") == 0)
    return if_named(nl_article_find_block(a, ""), unit_id);
  if (strstr(unit_id, "_x") == NULL)
    return NULL;
  char *id = nl__strdup(unit_id);
  if (id == NULL)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; unit_id[i];) {
    const char *p = unit_id + i;
    int hi = p[0] == '_' && p[1] == 'x' ? hex(p[2]) : -1;
    int lo = hi >= 0 ? hex(p[3]) : -1;
    if (lo >= 0 && p[4] == '_') {
      id[o++] = (char)(hi * 16 + lo);
      i += 5;
    } else {
      id[o++] = unit_id[i++];
    }
  }
  id[o] = '\0';
  b = if_named(nl_article_find_block(a, id), unit_id);
  free(id);
  return b;
}

typedef struct named {
  char *unit;
  const char *block;
} named;

static int by_unit(const void *a, const void *b) {
  return strcmp(((const named *)a)->unit, ((const named *)b)->unit);
}

int nl_xliff__check_unit_ids(const nl_article *a, nl_error *err) {
  size_t n = nl_article_block_count(a), any = 0;
  for (size_t i = 0; i < n && !any; i++)
    any = rewritten(nl_block_id(nl_article_block(a, i)));
  if (!any) /* ids as they are: the model keeps them unique */
    return 0;
  named *v = calloc(n, sizeof(*v));
  if (v == NULL)
    return nl_error__nomem(err);
  int rc = 0;
  nl_buf b = NL_BUF_INIT;
  for (size_t i = 0; i < n && rc == 0; i++) {
    v[i].block = nl_block_id(nl_article_block(a, i));
    if (nl_xliff__unit_id(&b, v[i].block) < 0 ||
        (v[i].unit = nl__strdup(b.ptr)) == NULL)
      rc = nl_error__nomem(err);
  }
  if (rc == 0)
    qsort(v, n, sizeof(*v), by_unit);
  for (size_t i = 1; i < n && rc == 0; i++)
    if (strcmp(v[i].unit, v[i - 1].unit) == 0)
      rc = nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "block ids '%s' and '%s' both become XLIFF unit id "
                         "'%s'; rename one",
                         v[i - 1].block, v[i].block, v[i].unit);
  for (size_t i = 0; i < n; i++)
    free(v[i].unit);
  free(v);
  nl_buf_dispose(&b);
  return rc;
}
