/*
 * locales.c - finding the locales/ data directory.
 */
#define _POSIX_C_SOURCE 200809L
#include "locales.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "util/buf.h"

#ifndef NEWSLOC_LOCALES_BUILD_DIR
#define NEWSLOC_LOCALES_BUILD_DIR ""
#endif
#ifndef NEWSLOC_LOCALES_INSTALL_DIR
#define NEWSLOC_LOCALES_INSTALL_DIR ""
#endif

int nl_locales__find(nl_buf *out, const char *explicit_dir,
                     const char *relative, nl_error *err) {
  const char *dirs[] = {explicit_dir, getenv("NEWSLOC_LOCALES"),
                        NEWSLOC_LOCALES_BUILD_DIR, NEWSLOC_LOCALES_INSTALL_DIR};
  nl_buf path = NL_BUF_INIT;
  for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
    if (dirs[i] == NULL || dirs[i][0] == '\0')
      continue;
    nl_buf__clear(&path);
    if (nl_buf__printf(&path, "%s/%s", dirs[i], relative) < 0) {
      nl_buf_dispose(&path);
      return nl_error__nomem(err);
    }
    if (access(path.ptr, R_OK) == 0) {
      int rc = nl_buf__put(out, path.ptr, path.size);
      nl_buf_dispose(&path);
      return rc < 0 ? nl_error__nomem(err) : 0;
    }
    /* An explicit directory that lacks the file is the user's mistake:
     * say so rather than silently using the bundled data. */
    if (i == 0) {
      nl_error__set(err, NL_ENOTFOUND, path.ptr, 0, 0, "no such file");
      nl_buf_dispose(&path);
      return NL_ENOTFOUND;
    }
  }
  nl_buf_dispose(&path);
  return nl_error__set(err, NL_ENOTFOUND, relative, 0, 0,
                       "not found in $NEWSLOC_LOCALES, %s or %s",
                       NEWSLOC_LOCALES_BUILD_DIR, NEWSLOC_LOCALES_INSTALL_DIR);
}

size_t nl_locales__tsv_row(const nl_buf *data, size_t *pos,
                           unsigned long *line, const char **field,
                           size_t *flen, size_t max) {
  while (*pos < data->size) {
    const char *s = data->ptr + *pos;
    const char *nl = memchr(s, '\n', data->size - *pos);
    size_t len = nl ? (size_t)(nl - s) : data->size - *pos, n = 0;
    *pos += len + 1;
    ++*line;
    if (len == 0 || s[0] == '#')
      continue;
    for (const char *f = s; n < max;) {
      const char *tab = memchr(f, '\t', len - (size_t)(f - s));
      field[n] = f;
      flen[n++] = tab ? (size_t)(tab - f) : len - (size_t)(f - s);
      if (tab == NULL)
        break;
      f = tab + 1;
    }
    return n;
  }
  return 0;
}
