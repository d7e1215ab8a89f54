/*
 * services_internal.h - what localize needs from the registry (internal).
 */
#ifndef NL_SERVICES_INTERNAL_H
#define NL_SERVICES_INTERNAL_H

#include <newsloc/services.h>

/* The locales directory the registry was loaded from: orthography rule
 * sets are found next to it. */
const char *nl_services__dir(const nl_services *services);

/* A way the service writes dates: an ICU pattern, and its own month
 * names where ICU's are not the service's (NULL: ICU's). */
typedef struct nl_date_form {
  char *pattern;
  char **months; /* 12 names or NULL */
} nl_date_form;

/* The service's date forms from the registry's "date" (docs/services.md):
 * when `*writes` is 1 the first form is the one newsloc writes and ICU's
 * styles are not the service's; otherwise ICU's long date is written and
 * the forms are other ways the service writes a correct date. */
size_t nl_service__date_forms(const nl_service *s, const nl_date_form **forms,
                              int *writes);
/* What joins the place and an added date ("، " Arabic script), or NULL. */
const char *nl_service__dateline_separator(const nl_service *s);

/* The scripts the service publishes in, each with the tag of text in it
 * (Serbian: Latn sr-Latn-RS, Cyrl sr-Cyrl-RS). Always at least the
 * service's own script and tag. */
size_t nl_service__script_count(const nl_service *s);
const char *nl_service__script(const nl_service *s, size_t i,
                               const char **tag);

/* The numbering systems of the service's script whose digits become
 * the service's own (registry "unify_digits": Pashto lists "arab"). */
size_t nl_service__unify_count(const nl_service *s);
const char *nl_service__unify(const nl_service *s, size_t i);

/* Whether the service's words may start with an apostrophe (Hausa
 * 'ya'yana; registry "word_initial_apostrophe"). */
int nl_service__word_initial_apostrophe(const nl_service *s);

/* What a straight apostrophe between letters becomes ("’"), or NULL
 * when it stays straight (registry "apostrophe"). */
const char *nl_service__apostrophe(const nl_service *s);

/* 1 when ICU has a numbering system `name` ("latn", "arabext"). */
int nl_service__numbering_known(const char *name);
/* The fields an ICU date pattern names outside quotes: 1 day (d), 2
 * month (M), 4 year (y); -1 with the letter in `unknown` when a letter
 * outside quotes is not a field ICU formats. */
int nl_service__date_pattern_fields(const char *pattern, char *unknown);

#endif
