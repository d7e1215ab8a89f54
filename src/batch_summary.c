/*
 * batch_summary.c - the JSON summary of a batch, written as it goes.
 *
 * Each result is appended to the output's temporary file when it comes
 * (util/fs.h), so a batch of a million files holds one entry in memory,
 * and the summary appears whole at the close or not at all.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_internal.h"
#include "error.h"
#include "util/buf.h"
#include "util/fs.h"

struct nl_batch_summary {
  nl_atomic file;
  nl_batch_command command;
  size_t n;
  nl_buf line;
  nl_error first; /* the first failed write, reported at the close */
};

int nl_batch_summary_open(nl_batch_summary **out, const char *path,
                          nl_batch_command command, nl_temp_fn on_temp,
                          void *temp_ctx, nl_error *err) {
  nl_batch_summary *s = calloc(1, sizeof(*s));
  if (s == NULL)
    return nl_error__nomem(err);
  s->command = command;
  int rc = nl_atomic__open(&s->file, path ? path : "-", on_temp, temp_ctx,
                           err);
  if (rc < 0) {
    free(s);
    return rc;
  }
  if (nl_buf__printf(&s->line, "{\"command\": \"%s\", \"files\": [",
                     nl_batch_command_name(command)) < 0)
    rc = nl_error__nomem(err);
  if (rc == 0)
    rc = nl_atomic__write(&s->file, s->line.ptr, s->line.size, err);
  if (rc < 0) {
    nl_batch_summary_free(s);
    return rc;
  }
  *out = s;
  return 0;
}

static int member(nl_buf *b, const char *name, const char *value) {
  if (value == NULL)
    return 0;
  if (nl_buf__printf(b, ", \"%s\": \"", name) < 0 ||
      nl_json_escape(b, value, strlen(value)) < 0)
    return NL_ENOMEM;
  return nl_buf__putc(b, '"');
}

static int error_member(nl_buf *b, const nl_error *e) {
  char line[NL_ERROR_PATH_MAX + NL_ERROR_MESSAGE_MAX + 64];
  nl_error_format(e, line, sizeof(line));
  if (member(b, "reason", line) < 0 ||
      nl_buf__puts(b, ", \"error\": {\"code\": \"") < 0 ||
      nl_buf__puts(b, nl_strerror(e->code)) < 0 ||
      nl_buf__putc(b, '"') < 0 ||
      member(b, "file", e->path[0] ? e->path : NULL) < 0 ||
      nl_buf__printf(b, ", \"line\": %lu, \"column\": %lu", e->line,
                     e->column) < 0 ||
      member(b, "message", e->message) < 0)
    return NL_ENOMEM;
  return nl_buf__putc(b, '}');
}

static int entry(nl_buf *b, const nl_batch_result *r, nl_batch_command c) {
  int rc = nl_buf__printf(b, "{\"status\": \"%s\"",
                          nl_batch_outcome_name(r->outcome));
  if (rc == 0)
    rc = member(b, "input", r->input);
  if (rc == 0)
    rc = member(b, "xliff", r->xliff);
  if (rc == 0)
    rc = member(b, "target", r->target);
  if (rc == 0)
    rc = member(b, "output", r->output);
  if (rc == 0)
    rc = nl_buf__printf(b, ", \"exit\": %d", r->exit);
  if (rc == 0 && r->error)
    rc = error_member(b, r->error);
  /* a skip's reason, a gate's list, a check's first finding, warnings */
  const char *what = r->outcome == NL_BATCH_DONE ? "warnings"
                   : r->error                    ? "detail"
                                                 : "reason";
  if (rc == 0)
    rc = member(b, what, r->detail);
  if (rc == 0 && c == NL_BATCH_CHECK)
    rc = nl_buf__printf(b, ", \"findings\": %zu", r->findings);
  if (rc == 0 && c == NL_BATCH_EXPORT && r->outcome == NL_BATCH_DONE)
    rc = nl_buf__printf(b, ", \"units\": %zu, \"segments\": %zu, "
                           "\"prefilled\": %zu, \"fuzzy\": %zu",
                        r->stats.units, r->stats.segments, r->stats.prefilled,
                        r->stats.fuzzy);
  return rc == 0 ? nl_buf__putc(b, '}') : rc;
}

int nl_batch_summary_add(nl_batch_summary *s, const nl_batch_result *r,
                         nl_error *err) {
  nl_buf__clear(&s->line);
  int rc = nl_buf__puts(&s->line, s->n++ ? ",\n  " : "\n  ");
  if (rc == 0)
    rc = entry(&s->line, r, s->command);
  if (rc < 0)
    rc = nl_error__nomem(err);
  if (rc == 0 && s->first.code == 0)
    rc = nl_atomic__write(&s->file, s->line.ptr, s->line.size, &s->first);
  return rc < 0 && s->first.code == 0 ? rc : 0;
}

int nl_batch_summary_close(nl_batch_summary *s, const nl_batch_totals *t,
                           nl_error *err) {
  nl_buf__clear(&s->line);
  int rc = s->first.code;
  if (rc < 0 && err)
    *err = s->first;
  if (rc == 0 &&
      nl_buf__printf(&s->line, "%s], \"done\": %zu, \"failed\": %zu, "
                               "\"skipped\": %zu, \"exit\": %d}\n",
                     s->n ? "\n" : "", t->done, t->failed, t->skipped,
                     t->exit) < 0)
    rc = nl_error__nomem(err);
  if (rc == 0)
    rc = nl_atomic__write(&s->file, s->line.ptr, s->line.size, err);
  if (rc == 0) {
    rc = nl_atomic__commit(&s->file, err);
    nl_buf_dispose(&s->line);
    free(s);
    return rc;
  }
  nl_batch_summary_free(s);
  return rc;
}

void nl_batch_summary_free(nl_batch_summary *s) {
  if (s == NULL)
    return;
  nl_atomic__abort(&s->file);
  nl_buf_dispose(&s->line);
  free(s);
}
