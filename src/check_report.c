/*
 * check_report.c - findings as text, JSON, SARIF 2.1.0 and GitHub
 * workflow annotations.
 *
 * SARIF is what code scanning ingests: every rule of the catalogue with
 * its help, each result with a region (line and column in code points,
 * as "columnKind" says) and its ITS 2.0 issue type as a property.
 */
#include <stdio.h>
#include <string.h>

#include <newsloc/check.h>
#include <newsloc/io.h>

#include "error.h"
#include "util/buf.h"

static const char *sev_name(nl_check_severity s) {
  return s == NL_CHECK_ERROR ? "error" : s == NL_CHECK_WARNING ? "warning"
                                                               : "note";
}

int nl_check_format_parse(const char *name, nl_check_format *out) {
  static const char *const names[] = {"text", "json", "sarif", "github"};
  for (int i = 0; i < 4; i++)
    if (name && strcmp(name, names[i]) == 0) {
      *out = (nl_check_format)i;
      return 0;
    }
  return NL_EINVAL;
}

static int text(const nl_checker *k, nl_buf *b) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < nl_checker_count(k); i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    rc = nl_buf__puts(b, f->path);
    if (rc == 0 && f->line)
      rc = nl_buf__printf(b, ":%lu", f->line);
    if (rc == 0 && f->column)
      rc = nl_buf__printf(b, ":%lu", f->column);
    if (rc == 0)
      rc = nl_buf__printf(b, ": %s: %s: %s\n", sev_name(f->severity), f->id,
                          f->message);
  }
  return rc;
}

static int jstr(nl_buf *b, const char *s) {
  if (nl_buf__putc(b, '"') < 0 || nl_json_escape(b, s, strlen(s)) < 0 ||
      nl_buf__putc(b, '"') < 0)
    return NL_ENOMEM;
  return 0;
}

static int json(const nl_checker *k, nl_buf *b) {
  int rc = nl_buf__puts(b, "{\"findings\": [");
  for (size_t i = 0; rc == 0 && i < nl_checker_count(k); i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    rc = nl_buf__puts(b, i ? ",\n  {\"file\": " : "\n  {\"file\": ");
    if (rc == 0)
      rc = jstr(b, f->path);
    if (rc == 0)
      rc = nl_buf__printf(b, ", \"line\": %lu, \"column\": %lu, "
                             "\"offset\": %zu, \"severity\": \"%s\", "
                             "\"id\": \"%s\", \"its_type\": \"%s\", ",
                          f->line, f->column, f->offset,
                          sev_name(f->severity), f->id, f->its_type);
    if (rc == 0 && f->codepoint >= 0)
      rc = nl_buf__printf(b, "\"codepoint\": \"U+%04lX\", ", f->codepoint);
    if (rc == 0)
      rc = nl_buf__printf(b, "\"fixed\": %s, \"message\": ",
                          f->fixed ? "true" : "false");
    if (rc == 0)
      rc = jstr(b, f->message);
    if (rc == 0)
      rc = nl_buf__putc(b, '}');
  }
  if (rc == 0)
    rc = nl_buf__puts(b, "\n]}\n");
  return rc;
}

/* A relative URI reference for a path: unreserved bytes as they are,
 * the rest percent-encoded. */
static int uri(nl_buf *b, const char *path) {
  int rc = nl_buf__putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)path; rc == 0 && *p;
       p++) {
    int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || strchr("-._~/", *p);
    rc = plain ? nl_buf__putc(b, (char)*p) : nl_buf__printf(b, "%%%02X", *p);
  }
  return rc == 0 ? nl_buf__putc(b, '"') : rc;
}

static int sarif_rules(nl_buf *b) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < nl_check_rule_count(); i++) {
    const nl_check_rule *r = nl_check_rule_at(i);
    rc = nl_buf__printf(b, "%s\n          {\"id\": \"%s\", \"shortDescription\": "
                           "{\"text\": ",
                        i ? "," : "", r->id);
    if (rc == 0)
      rc = jstr(b, r->summary);
    if (rc == 0)
      rc = nl_buf__printf(b, "}, \"help\": {\"text\": ");
    if (rc == 0) {
      char help[512];
      snprintf(help, sizeof(help),
               "%s. Rationale, a failing and a passing example: "
               "docs/checks.md#%s",
               r->summary, r->id);
      rc = jstr(b, help);
    }
    if (rc == 0)
      rc = nl_buf__printf(b, "}, \"defaultConfiguration\": {\"level\": "
                             "\"%s\"}, \"properties\": {\"tags\": [\"%s\", "
                             "\"its:%s\"]}}",
                          sev_name(r->severity), r->family, r->its_type);
  }
  return rc;
}

static size_t rule_index(const char *id) {
  for (size_t i = 0; i < nl_check_rule_count(); i++)
    if (strcmp(nl_check_rule_at(i)->id, id) == 0)
      return i;
  return 0;
}

static int sarif_result(nl_buf *b, const nl_check_finding *f, int first) {
  int rc = nl_buf__printf(b, "%s\n        {\"ruleId\": \"%s\", \"ruleIndex\": "
                             "%zu, \"level\": \"%s\", \"message\": {\"text\": ",
                          first ? "" : ",", f->id, rule_index(f->id),
                          sev_name(f->severity));
  if (rc == 0)
    rc = jstr(b, f->message);
  if (rc == 0)
    rc = nl_buf__puts(b, "}, \"locations\": [{\"physicalLocation\": "
                         "{\"artifactLocation\": {\"uri\": ");
  if (rc == 0)
    rc = uri(b, f->path);
  if (rc == 0)
    rc = nl_buf__printf(b, "}, \"region\": {\"startLine\": %lu",
                        f->line ? f->line : 1);
  if (rc == 0 && f->column)
    rc = nl_buf__printf(b, ", \"startColumn\": %lu", f->column);
  if (rc == 0)
    rc = nl_buf__printf(b, "}}}], \"properties\": {\"its:locQualityIssueType\": "
                           "\"%s\", \"byteOffset\": %zu, \"fixed\": %s",
                        f->its_type, f->offset, f->fixed ? "true" : "false");
  if (rc == 0 && f->codepoint >= 0)
    rc = nl_buf__printf(b, ", \"codepoint\": \"U+%04lX\"", f->codepoint);
  return rc == 0 ? nl_buf__puts(b, "}}") : rc;
}

static int sarif(const nl_checker *k, nl_buf *b) {
  int rc = nl_buf__printf(
      b,
      "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
      "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": "
      "{\"driver\": {\"name\": \"newsloc check\", \"version\": \"%s\", "
      "\"informationUri\": \"https://example.invalid/newsloc/docs/checks.md\", "
      "\"rules\": [",
      nl_version());
  if (rc == 0)
    rc = sarif_rules(b);
  if (rc == 0)
    rc = nl_buf__puts(b, "]}},\n      \"columnKind\": \"unicodeCodePoints\",\n"
                         "      \"results\": [");
  for (size_t i = 0; rc == 0 && i < nl_checker_count(k); i++)
    rc = sarif_result(b, nl_checker_finding(k, i), i == 0);
  if (rc == 0)
    rc = nl_buf__puts(b, "]\n    }\n  ]\n}\n");
  return rc;
}

/* Workflow commands: data escapes %, CR, LF; properties also : and , */
static int gh_escape(nl_buf *b, const char *s, int prop) {
  int rc = 0;
  for (; rc == 0 && *s; s++) {
    if (*s == '%')
      rc = nl_buf__puts(b, "%25");
    else if (*s == '\r')
      rc = nl_buf__puts(b, "%0D");
    else if (*s == '\n')
      rc = nl_buf__puts(b, "%0A");
    else if (prop && *s == ':')
      rc = nl_buf__puts(b, "%3A");
    else if (prop && *s == ',')
      rc = nl_buf__puts(b, "%2C");
    else
      rc = nl_buf__putc(b, *s);
  }
  return rc;
}

static int github(const nl_checker *k, nl_buf *b) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < nl_checker_count(k); i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    const char *cmd = f->severity == NL_CHECK_ERROR     ? "error"
                      : f->severity == NL_CHECK_WARNING ? "warning"
                                                        : "notice";
    rc = nl_buf__printf(b, "::%s file=", cmd);
    if (rc == 0)
      rc = gh_escape(b, f->path, 1);
    if (rc == 0 && f->line)
      rc = nl_buf__printf(b, ",line=%lu", f->line);
    if (rc == 0 && f->column)
      rc = nl_buf__printf(b, ",col=%lu", f->column);
    if (rc == 0)
      rc = nl_buf__printf(b, ",title=%s::", f->id);
    if (rc == 0)
      rc = gh_escape(b, f->message, 0);
    if (rc == 0)
      rc = nl_buf__putc(b, '\n');
  }
  return rc;
}

int nl_check_report(const nl_checker *k, nl_check_format fmt, nl_buf *out,
                    nl_error *err) {
  int rc;
  switch (fmt) {
  case NL_CHECK_JSON:
    rc = json(k, out);
    break;
  case NL_CHECK_SARIF:
    rc = sarif(k, out);
    break;
  case NL_CHECK_GITHUB:
    rc = github(k, out);
    break;
  default:
    rc = text(k, out);
  }
  return rc < 0 ? nl_error__nomem(err) : 0;
}
