/*
 * tm_meta.c - checking nl_tm_entry.meta (see tm_meta.h).
 *
 * Unknown members are allowed and kept: a newer newsloc (or another
 * exchange format) may add some, and an older one should carry them
 * rather than refuse the entry. What each known member must be is
 * checked, because TMX export writes props and notes from them.
 */
#include <string.h>

#include <newsloc/tm.h>

#include "error.h"
#include "tm_meta.h"
#include "util/json.h"

static const char *const level_names[] = {"tu", "source", "target"};

const char *nl_tm__level_name(nl_tm__level level) {
  return (unsigned)level < 3 ? level_names[level] : "tu";
}

int nl_tm__level_of(const char *s) {
  for (int i = 0; s && i < 3; i++)
    if (strcmp(s, level_names[i]) == 0)
      return i;
  return -1;
}

static int bad(nl_error *err, const char *list, size_t i, const char *what) {
  return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                       "TM entry meta: %s[%zu]: %s", list, i, what);
}

static int is_string(const nl_json *v) {
  return v && v->type == NL_JSON_STRING;
}

/* A member that may be left out, but is a string when given. */
static int string_or_absent(const nl_json *item, const char *key) {
  const nl_json *v = nl_json__get(item, key);
  return v == NULL || v->type == NL_JSON_STRING;
}

/* "props" (text in "value", a non-empty "type") or "notes" ("text"). */
static int check_list(const nl_json *root, const char *list,
                      const char *text_key, nl_error *err) {
  const nl_json *a = nl_json__get(root, list);
  if (a == NULL)
    return 0;
  if (a->type != NL_JSON_ARRAY)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "TM entry meta: \"%s\" is not an array", list);
  int props = strcmp(list, "props") == 0;
  for (size_t i = 0; i < a->count; i++) {
    const nl_json *it = &a->items[i], *type = nl_json__get(it, "type");
    const nl_json *level = nl_json__get(it, "level");
    if (it->type != NL_JSON_OBJECT)
      return bad(err, list, i, "not an object");
    if (!is_string(level) || nl_tm__level_of(level->string) < 0)
      return bad(err, list, i, "\"level\" is not tu, source or target");
    if (!is_string(nl_json__get(it, text_key)))
      return bad(err, list, i, props ? "no \"value\" string" : "no \"text\"");
    if (props && (!is_string(type) || type->len == 0))
      return bad(err, list, i, "no \"type\" string");
    if (!string_or_absent(it, "lang") || !string_or_absent(it, "encoding"))
      return bad(err, list, i, "\"lang\" or \"encoding\" is not a string");
  }
  return 0;
}

int nl_tm__meta_check(const char *meta, nl_error *err) {
  if (meta == NULL)
    return 0;
  size_t len = strlen(meta);
  if (len > NL_TM_META_MAX)
    return nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                         "TM entry meta: %zu bytes, more than %d", len,
                         NL_TM_META_MAX);
  nl_json *root = NULL;
  int rc = nl_json__parse(&root, meta, len, "TM entry meta", 0, err);
  if (rc < 0) { /* invalid JSON is the caller's mistake, not a file's */
    if (err && rc != NL_ENOMEM)
      err->code = NL_EINVAL;
    return rc == NL_ENOMEM ? rc : NL_EINVAL;
  }
  if (root->type != NL_JSON_OBJECT)
    rc = nl_error__set(err, NL_EINVAL, NULL, 0, 0,
                       "TM entry meta: not a JSON object");
  if (rc == 0)
    rc = check_list(root, "props", "value", err);
  if (rc == 0)
    rc = check_list(root, "notes", "text", err);
  nl_json__free(root);
  return rc;
}
