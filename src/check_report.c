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

/* The report's pieces appended in order, the first failure kept: a
 * file full of findings is formatted without printf (its format
 * strings cost more than the text they make). */
typedef struct report_out {
  nl_buf *b;
  int rc;
} report_out;

static void put(report_out *o, const char *s) {
  if (o->rc == 0)
    o->rc = nl_buf__puts(o->b, s);
}

static void put_n(report_out *o, const char *s, size_t n) {
  if (o->rc == 0)
    o->rc = nl_buf__put(o->b, s, n);
}

static void put_u(report_out *o, unsigned long long v) {
  char d[24];
  size_t n = sizeof(d);
  do
    d[--n] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  put_n(o, d + n, sizeof(d) - n);
}

/* "U+0041": four hex digits at least. */
static void put_cp(report_out *o, long cp) {
  static const char hex[] = "0123456789ABCDEF";
  char d[12];
  size_t n = sizeof(d);
  unsigned long v = (unsigned long)cp;
  for (int k = 0; k < 4 || v; k++, v >>= 4)
    d[--n] = hex[v & 15];
  put(o, "U+");
  put_n(o, d + n, sizeof(d) - n);
}

static void jstr(report_out *o, const char *s) {
  put(o, "\"");
  if (o->rc == 0 && nl_json_escape(o->b, s, strlen(s)) < 0)
    o->rc = NL_ENOMEM;
  put(o, "\"");
}

static int text(const nl_checker *k, nl_buf *b) {
  report_out o = {b, 0};
  for (size_t i = 0; o.rc == 0 && i < nl_checker_count(k); i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    put(&o, f->path);
    if (f->line) {
      put(&o, ":");
      put_u(&o, f->line);
    }
    if (f->column) {
      put(&o, ":");
      put_u(&o, f->column);
    }
    put(&o, ": ");
    put(&o, sev_name(f->severity));
    put(&o, ": ");
    put(&o, f->id);
    put(&o, ": ");
    put(&o, f->message);
    put(&o, "\n");
  }
  return o.rc;
}

static int json(const nl_checker *k, nl_buf *b) {
  report_out o = {b, 0};
  put(&o, "{\"findings\": [");
  for (size_t i = 0; o.rc == 0 && i < nl_checker_count(k); i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    put(&o, i ? ",\n  {\"file\": " : "\n  {\"file\": ");
    jstr(&o, f->path);
    put(&o, ", \"line\": ");
    put_u(&o, f->line);
    put(&o, ", \"column\": ");
    put_u(&o, f->column);
    put(&o, ", \"offset\": ");
    put_u(&o, f->offset);
    put(&o, ", \"severity\": \"");
    put(&o, sev_name(f->severity));
    put(&o, "\", \"id\": \"");
    put(&o, f->id);
    put(&o, "\", \"its_type\": \"");
    put(&o, f->its_type);
    put(&o, "\", ");
    if (f->codepoint >= 0) {
      put(&o, "\"codepoint\": \"");
      put_cp(&o, f->codepoint);
      put(&o, "\", ");
    }
    put(&o, f->fixed ? "\"fixed\": true, \"message\": "
                     : "\"fixed\": false, \"message\": ");
    jstr(&o, f->message);
    put(&o, "}");
  }
  put(&o, "\n]}\n");
  return o.rc;
}

/* A relative URI reference for a path: unreserved bytes as they are,
 * the rest percent-encoded. */
static int uri(nl_buf *b, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  report_out o = {b, 0};
  put(&o, "\"");
  for (const unsigned char *p = (const unsigned char *)path; o.rc == 0 && *p;
       p++) {
    int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || strchr("-._~/", *p);
    char pct[3] = {'%', hex[*p >> 4], hex[*p & 15]};
    put_n(&o, plain ? (const char *)p : pct, plain ? 1 : 3);
  }
  put(&o, "\"");
  return o.rc;
}

static int sarif_rules(nl_buf *b) {
  report_out o = {b, 0};
  for (size_t i = 0; o.rc == 0 && i < nl_check_rule_count(); i++) {
    const nl_check_rule *r = nl_check_rule_at(i);
    put(&o, i ? ",\n          {\"id\": \"" : "\n          {\"id\": \"");
    put(&o, r->id);
    put(&o, "\", \"shortDescription\": {\"text\": ");
    jstr(&o, r->summary);
    put(&o, "}, \"help\": {\"text\": ");
    char help[512];
    snprintf(help, sizeof(help),
             "%s. Rationale, a failing and a passing example: "
             "docs/checks.md#%s",
             r->summary, r->id);
    jstr(&o, help);
    put(&o, "}, \"defaultConfiguration\": {\"level\": \"");
    put(&o, sev_name(r->severity));
    put(&o, "\"}, \"properties\": {\"tags\": [\"");
    put(&o, r->family);
    put(&o, "\", \"its:");
    put(&o, r->its_type);
    put(&o, "\"]}}");
  }
  return o.rc;
}

/* The findings of one file share its path: escaped once. */
typedef struct path_memo {
  const char *path;
  nl_buf uri;
} path_memo;

static void sarif_result(report_out *o, const nl_check_finding *f, int first,
                         path_memo *pm) {
  const nl_check_rule *r = nl_check_rule_find(f->id);
  put(o, first ? "\n        {\"ruleId\": \"" : ",\n        {\"ruleId\": \"");
  put(o, f->id);
  put(o, "\", \"ruleIndex\": ");
  put_u(o, r ? (unsigned long long)(r - nl_check_rule_at(0)) : 0);
  put(o, ", \"level\": \"");
  put(o, sev_name(f->severity));
  put(o, "\", \"message\": {\"text\": ");
  jstr(o, f->message);
  put(o, "}, \"locations\": [{\"physicalLocation\": "
         "{\"artifactLocation\": {\"uri\": ");
  if (o->rc == 0 && pm->path != f->path) {
    nl_buf__clear(&pm->uri);
    pm->path = f->path;
    o->rc = uri(&pm->uri, f->path);
  }
  put_n(o, pm->uri.ptr, pm->uri.size);
  put(o, "}, \"region\": {\"startLine\": ");
  put_u(o, f->line ? f->line : 1);
  if (f->column) {
    put(o, ", \"startColumn\": ");
    put_u(o, f->column);
  }
  put(o, "}}}], \"properties\": {\"its:locQualityIssueType\": \"");
  put(o, f->its_type);
  put(o, "\", \"byteOffset\": ");
  put_u(o, f->offset);
  put(o, f->fixed ? ", \"fixed\": true" : ", \"fixed\": false");
  if (f->codepoint >= 0) {
    put(o, ", \"codepoint\": \"");
    put_cp(o, f->codepoint);
    put(o, "\"");
  }
  put(o, "}}");
}

static int sarif(const nl_checker *k, nl_buf *b) {
  report_out o = {b, 0};
  path_memo pm = {NULL, NL_BUF_INIT};
  put(&o, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
          "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": "
          "{\"driver\": {\"name\": \"newsloc check\", \"version\": \"");
  put(&o, nl_version());
  put(&o, "\", \"informationUri\": "
          "\"https://example.invalid/newsloc/docs/checks.md\", \"rules\": [");
  if (o.rc == 0)
    o.rc = sarif_rules(b);
  put(&o, "]}},\n      \"columnKind\": \"unicodeCodePoints\",\n"
          "      \"results\": [");
  for (size_t i = 0; o.rc == 0 && i < nl_checker_count(k); i++)
    sarif_result(&o, nl_checker_finding(k, i), i == 0, &pm);
  put(&o, "]\n    }\n  ]\n}\n");
  nl_buf_dispose(&pm.uri);
  return o.rc;
}

/* Workflow commands: data escapes %, CR, LF; properties also : and , */
static void gh_escape(report_out *o, const char *s, int prop) {
  for (; o->rc == 0 && *s; s++) {
    if (*s == '%')
      put(o, "%25");
    else if (*s == '\r')
      put(o, "%0D");
    else if (*s == '\n')
      put(o, "%0A");
    else if (prop && *s == ':')
      put(o, "%3A");
    else if (prop && *s == ',')
      put(o, "%2C");
    else
      put_n(o, s, 1);
  }
}

static int github(const nl_checker *k, nl_buf *b) {
  report_out o = {b, 0};
  for (size_t i = 0; o.rc == 0 && i < nl_checker_count(k); i++) {
    const nl_check_finding *f = nl_checker_finding(k, i);
    put(&o, f->severity == NL_CHECK_ERROR     ? "::error file="
            : f->severity == NL_CHECK_WARNING ? "::warning file="
                                              : "::notice file=");
    gh_escape(&o, f->path, 1);
    if (f->line) {
      put(&o, ",line=");
      put_u(&o, f->line);
    }
    if (f->column) {
      put(&o, ",col=");
      put_u(&o, f->column);
    }
    put(&o, ",title=");
    put(&o, f->id);
    put(&o, "::");
    gh_escape(&o, f->message, 0);
    put(&o, "\n");
  }
  return o.rc;
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
