/*
 * newsloc/services.h - the registry of language services.
 *
 * Every service the broadcaster runs (Persian, Dari, Burmese, ...) with
 * what publishing for it takes: its BCP 47 tag for ICU, script and
 * direction, digits, quotation marks, calendar for datelines, the
 * orthography rules its editors apply, and whether it is still on air.
 * The registry is data (locales/services.json, documented in
 * docs/services.md) and is validated when loaded.
 */
#ifndef NEWSLOC_SERVICES_H
#define NEWSLOC_SERVICES_H

#include <newsloc/common.h>
#include <newsloc/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_services nl_services;
typedef struct nl_service nl_service;

/**
 * Loads locales/services.json from `locales_dir` (NULL: $NEWSLOC_LOCALES,
 * the build tree, the installed data). A registry that breaks its format
 * is refused with the file, line and column. Returns 0, NL_EIO,
 * NL_ENOTFOUND, NL_EPARSE or NL_ENOMEM.
 */
NL_EXTERN int nl_services_load(nl_services **out, const char *locales_dir,
                               nl_error *err);
/** As nl_services_load(), from a given registry file. */
NL_EXTERN int nl_services_load_file(nl_services **out, const char *path,
                                    nl_error *err);
NL_EXTERN void nl_services_free(nl_services *services);

NL_EXTERN size_t nl_services_count(const nl_services *services);
NL_EXTERN const nl_service *nl_services_at(const nl_services *services,
                                           size_t i);

/**
 * The service named by `name`: a service id ("persian"), its BCP 47 tag
 * ("fa-IR"), or a language tag that identifies it ("fa", "prs" for Dari,
 * "my"). An unknown name gives NL_ELANG and a message suggesting the
 * closest ids.
 */
NL_EXTERN int nl_services_find(const nl_services *services, const char *name,
                               const nl_service **out, nl_error *err);

/**
 * The language tag to write for `name`, canonical BCP 47, into `tag`
 * (`cap` bytes): the tag of the service `name` names (its id, an alias,
 * its tag or a tag of its language: "persian", "farsi", "fa", "fa-IR"
 * and "fa_IR" all give "fa-IR"), else the canonical form of a
 * well-formed tag of a language ICU knows ("de-ch" -> "de-CH"). Anything
 * else is NL_ELANG suggesting the services whose id, tag, names or
 * aliases are close to it. `services` may be NULL (no services).
 */
NL_EXTERN int nl_services_resolve(const nl_services *services,
                                  const char *name, char *tag, size_t cap,
                                  nl_error *err);

typedef enum nl_service_field {
  NL_SERVICE_ID,       /* "persian" */
  NL_SERVICE_NAME,     /* English name */
  NL_SERVICE_NATIVE,   /* name in the service's language */
  NL_SERVICE_TAG,      /* BCP 47 tag for ICU: "fa-IR" */
  NL_SERVICE_SCRIPT,   /* ISO 15924: "Arab" */
  NL_SERVICE_DIR,      /* "ltr" or "rtl" */
  NL_SERVICE_DIGITS,   /* ICU numbering system: "latn", "arabext", ... */
  NL_SERVICE_CALENDAR, /* ICU calendar for datelines: "gregorian", "persian" */
  NL_SERVICE_STATUS,   /* "active", "closed" or "unknown" */
  NL_SERVICE_NOTES,    /* may be NULL */
  NL_SERVICE_QUOTE_SPACING, /* space inside quotation marks, or NULL */
  NL_SERVICE_PUNCT_SPACING, /* "french": no-break spaces before ; : ! ?,
                               or NULL */
  NL_SERVICE_DASH           /* what a spaced hyphen " - " becomes ("—"),
                               or NULL */
} nl_service_field;

NL_EXTERN const char *nl_service_get(const nl_service *service,
                                     nl_service_field field);
/** Quotation marks: 0 open, 1 close, 2 inner open, 3 inner close. */
NL_EXTERN const char *nl_service_quote(const nl_service *service, int which);
NL_EXTERN size_t nl_service_orthography_count(const nl_service *service);
/**
 * Why the registry departs from ICU/CLDR for `field` ("dir", "script",
 * "digits", "quotes" or "calendar"), or NULL when it does not mean to.
 * The registry lists each departure with its reason (key "icu_differs").
 */
NL_EXTERN const char *nl_service_icu_differs(const nl_service *service,
                                             const char *field);
/** The name of an orthography rule set (locales/orthography/NAME.tsv). */
NL_EXTERN const char *nl_service_orthography(const nl_service *service,
                                             size_t i);

#ifdef __cplusplus
}
#endif
#endif
