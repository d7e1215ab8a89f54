/*
 * services_internal.h - what localize needs from the registry (internal).
 */
#ifndef NL_SERVICES_INTERNAL_H
#define NL_SERVICES_INTERNAL_H

#include <newsloc/services.h>

/* The locales directory the registry was loaded from: orthography rule
 * sets are found next to it. */
const char *nl_services__dir(const nl_services *services);

#endif
