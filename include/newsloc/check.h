/*
 * newsloc/check.h - the Unicode and translation gate.
 *
 * A checker reads articles (NITF or any XML), XLIFF 1.2/2.x, TMX and
 * plain UTF-8 text and reports what would reach readers broken: bytes
 * that are not UTF-8, text that is not NFC, bidi controls that reorder
 * what follows them (Trojan Source), invisible and look-alike
 * characters, text that breaks its service's conventions (registry:
 * locales/services.json), and translations that lost something of their
 * source. Every finding has a stable check id, a severity, a one-line
 * message, its position (line and column in characters, byte offset),
 * the character at fault and its ITS 2.0 Localization Quality Issue
 * type. The catalogue of checks is docs/checks.md.
 */
#ifndef NEWSLOC_CHECK_H
#define NEWSLOC_CHECK_H

#include <newsloc/common.h>
#include <newsloc/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum nl_check_severity {
  NL_CHECK_NOTE = 1,
  NL_CHECK_WARNING = 2,
  NL_CHECK_ERROR = 3
} nl_check_severity;

typedef struct nl_check_options {
  unsigned version;          /* NL_CHECK_OPTIONS_VERSION */
  const char *lang;          /* BCP 47 or service: overrides the file's */
  const char *enable;        /* "id,id": run only these; NULL: all */
  const char *disable;       /* "id,id": never run these */
  nl_check_severity fail_on; /* 0: NL_CHECK_ERROR */
  const char *locales_dir;   /* NULL: as nl_services_load() */
  int fix;                   /* nl_check_path() also writes the safe fixes */
} nl_check_options;

#define NL_CHECK_OPTIONS_VERSION 1
#define NL_CHECK_OPTIONS_INIT {NL_CHECK_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL, 0}

/** One finding; strings belong to the checker. */
typedef struct nl_check_finding {
  const char *id;             /* stable check id: "bidi-override" */
  nl_check_severity severity;
  const char *message;        /* one line */
  const char *path;           /* the file ("<stdin>" for "-") */
  unsigned long line;         /* 1-based; 0 when the finding is file-wide */
  unsigned long column;       /* 1-based, in characters; 0 when unknown */
  size_t offset;              /* byte offset in the file */
  long codepoint;             /* the character at fault, -1 when none */
  const char *its_type;       /* ITS 2.0 locQualityIssueType */
  int fixed;                  /* 1: --fix changed this in the file */
} nl_check_finding;

/** One check of the catalogue. */
typedef struct nl_check_rule {
  const char *id;
  const char *family;   /* encoding, normalization, bidi, invisible,
                           service, translation, tm */
  nl_check_severity severity;
  const char *its_type;
  const char *summary;  /* one line: what it finds */
} nl_check_rule;

NL_EXTERN size_t nl_check_rule_count(void);
NL_EXTERN const nl_check_rule *nl_check_rule_at(size_t i);
/** The rule named `id`, or NULL. */
NL_EXTERN const nl_check_rule *nl_check_rule_find(const char *id);

typedef struct nl_checker nl_checker;

/**
 * A checker with `opts` (NULL: defaults). Unknown ids in enable/disable
 * and a language the registry does not know give NL_EINVAL / NL_ELANG.
 */
NL_EXTERN int nl_checker_new(nl_checker **out, const nl_check_options *opts,
                             nl_error *err);
NL_EXTERN void nl_checker_free(nl_checker *checker);

/**
 * Checks a file, a directory (recursively, files in name order) or "-"
 * (standard input). Findings accumulate in the checker. Returns 0 when
 * the input could be checked (whatever was found); NL_EIO, NL_EPARSE
 * (XML that is not well-formed) or NL_ENOMEM otherwise.
 */
NL_EXTERN int nl_check_path(nl_checker *checker, const char *path,
                            nl_error *err);
/** As nl_check_path(), from memory; `name` is used in findings. */
NL_EXTERN int nl_check_memory(nl_checker *checker, const char *data,
                              size_t len, const char *name, nl_error *err);
/**
 * Appends the text with the safe fixes applied (NFC, orthography, Zawgyi
 * to Unicode, stray controls, Uzbek ʻ) to `fixed`; each change is a
 * finding with `fixed` set (positions in the original), then the fixed
 * text is checked (positions in it): what is left to do by hand.
 */
NL_EXTERN int nl_check_fix_memory(nl_checker *checker, const char *data,
                                  size_t len, const char *name, nl_buf *fixed,
                                  nl_error *err);
/**
 * Checks a translation memory as a whole (mixed normalization forms,
 * ZWNJ and space spellings of one word). NL_ECORRUPT, NL_EIO.
 */
NL_EXTERN int nl_check_tm(nl_checker *checker, const char *db_path,
                          nl_error *err);

NL_EXTERN size_t nl_checker_count(const nl_checker *checker);
/**
 * Finding `i` (NULL past the end, or when no memory is left to make the
 * record; checks keep findings compactly). Its message is written on first
 * access and kept in the checker: a checker is read from one thread at
 * a time. nl_check_report() writes messages without keeping them.
 */
NL_EXTERN const nl_check_finding *nl_checker_finding(const nl_checker *checker,
                                                     size_t i);
/** How many findings have rule `id` ("input-error", say): no message
 * is written, so a caller can ask this of a checker holding millions. */
NL_EXTERN size_t nl_checker_count_rule(const nl_checker *checker,
                                       const char *id);
/** 1 when a finding (not a fix) is at or above the fail-on level. */
NL_EXTERN int nl_checker_failed(const nl_checker *checker);

typedef enum nl_check_format {
  NL_CHECK_TEXT,   /* FILE:LINE:COL: severity: id: message */
  NL_CHECK_JSON,   /* {"findings": [...]} */
  NL_CHECK_SARIF,  /* SARIF 2.1.0 */
  NL_CHECK_GITHUB  /* ::error file=...,line=...,col=...::message */
} nl_check_format;

/** Parses "text", "json", "sarif", "github". NL_EINVAL otherwise. */
NL_EXTERN int nl_check_format_parse(const char *name, nl_check_format *out);
/** Appends every finding in `format` to `out`. NL_ENOMEM. */
NL_EXTERN int nl_check_report(const nl_checker *checker,
                              nl_check_format format, nl_buf *out,
                              nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
