/*
 * error.c - status codes and error records.
 *
 * Messages are one line: anything that would break the line (a newline
 * from libxml2 or ICU, say) is turned into a space, because scripts and
 * CI read our errors line by line.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *nl_strerror(int code) {
  switch (code) {
  case NL_OK: return "success";
  case NL_ENOMEM: return "out of memory";
  case NL_EINVAL: return "invalid argument";
  case NL_EIO: return "input/output error";
  case NL_EPARSE: return "malformed input";
  case NL_EUTF8: return "invalid UTF-8";
  case NL_EMISMATCH: return "translation does not belong to this article";
  case NL_EUNTRANSLATED: return "untranslated segments";
  case NL_ENOTFOUND: return "not found";
  case NL_ELANG: return "unknown language";
  case NL_EBUSY: return "translation memory is locked";
  case NL_ECORRUPT: return "corrupt translation memory";
  case NL_EICU: return "ICU error";
  case NL_EDB: return "database error";
  default: return "error";
  }
}

void nl_error_clear(nl_error *err) {
  if (err == NULL)
    return;
  memset(err, 0, sizeof(*err));
}

static void one_line(char *s) {
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
    s[--n] = '\0';
  for (char *p = s; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
}

/* A message cut by vsnprintf: back to the start of a character with
 * room for "…", so the line stays valid UTF-8 and says it was cut. */
static void mark_cut(char *s, size_t cap) {
  static const char ellipsis[] = "\xe2\x80\xa6";
  size_t end = cap - sizeof(ellipsis);
  while (end > 0 && ((unsigned char)s[end] & 0xC0) == 0x80)
    end--;
  memcpy(s + end, ellipsis, sizeof(ellipsis));
}

int nl_error__set(nl_error *err, int code, const char *path,
                  unsigned long line, unsigned long column, const char *fmt,
                  ...) {
  if (err == NULL)
    return code;
  err->code = code;
  snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
  err->line = line;
  err->column = column;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(err->message, sizeof(err->message), fmt, ap);
  va_end(ap);
  if (n >= (int)sizeof(err->message))
    mark_cut(err->message, sizeof(err->message));
  one_line(err->message);
  return code;
}

int nl_error__nomem(nl_error *err) {
  return nl_error__set(err, NL_ENOMEM, NULL, 0, 0, "out of memory");
}

int nl_error_format(const nl_error *err, char *out, size_t size) {
  const char *msg = err->message[0] ? err->message : nl_strerror(err->code);
  if (err->path[0] && err->line && err->column)
    return snprintf(out, size, "%s:%lu:%lu: %s", err->path, err->line,
                    err->column, msg);
  if (err->path[0] && err->line)
    return snprintf(out, size, "%s:%lu: %s", err->path, err->line, msg);
  if (err->path[0])
    return snprintf(out, size, "%s: %s", err->path, msg);
  return snprintf(out, size, "%s", msg);
}

const char *nl_version(void) { return "0.1.0"; }
