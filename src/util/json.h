/*
 * util/json.h - a small JSON reader for JSON Lines inputs (internal).
 *
 * Enough JSON for test data, evaluation sets and configuration: objects,
 * arrays, strings (with \u escapes and surrogate pairs), numbers, true,
 * false, null. Depth is limited so that hostile input cannot exhaust the
 * stack.
 */
#ifndef NL_UTIL_JSON_H
#define NL_UTIL_JSON_H

#include <stddef.h>
#include <newsloc/error.h>

typedef enum nl_json_type {
  NL_JSON_NULL,
  NL_JSON_BOOL,
  NL_JSON_NUMBER,
  NL_JSON_STRING,
  NL_JSON_ARRAY,
  NL_JSON_OBJECT
} nl_json_type;

typedef struct nl_json nl_json;
struct nl_json {
  nl_json_type type;
  double number;   /* NUMBER; BOOL as 0/1 */
  char *string;    /* STRING value (NUL-terminated UTF-8) */
  size_t len;      /* STRING length in bytes */
  char *key;       /* member name when inside an object */
  nl_json *items;  /* ARRAY elements or OBJECT members */
  size_t count;
  size_t offset;   /* where the value starts in the parsed text */
  size_t key_offset; /* where its member name starts (objects only) */
};

/* Parses one JSON value filling all of `len` (whitespace around allowed).
 * `name`/`line` locate errors. Free with nl_json__free. */
int nl_json__parse(nl_json **out, const char *s, size_t len,
                   const char *name, unsigned long line, nl_error *err);
void nl_json__free(nl_json *v);
/* Member `key` of an object, or NULL. */
const nl_json *nl_json__get(const nl_json *obj, const char *key);

#endif
