/*
 * pq_load.c - libpq loaded on first use (see pq_load.h).
 *
 * The table is filled once per process under pthread_once and never
 * changes after: like ICU's data, it is a process-wide constant, not
 * state a caller could see change.
 */
#define NL_PQ_LOAD_SELF
#include "pq_load.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

#ifndef NEWSLOC_LIBPQ_SONAME
#define NEWSLOC_LIBPQ_SONAME "libpq.so.5"
#endif

typedef struct loaded {
  nl_pq_api api;
  char why[256]; /* "" once loaded */
} loaded;

static loaded pq;
static pthread_once_t pq_once = PTHREAD_ONCE_INIT;

/* A symbol of the library; the first one missing is remembered. POSIX
 * guarantees that dlsym's pointer converts to a function pointer. */
static void *sym(void *lib, const char *name) {
  void *p = dlsym(lib, name);
  if (p == NULL && pq.why[0] == '\0')
    snprintf(pq.why, sizeof(pq.why), "%s has no %s", NEWSLOC_LIBPQ_SONAME,
             name);
  return p;
}

static void load_once(void) {
  void *lib = dlopen(NEWSLOC_LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    const char *e = dlerror();
    snprintf(pq.why, sizeof(pq.why), "%s", e ? e : NEWSLOC_LIBPQ_SONAME);
    return;
  }
#define NL_PQ_LOAD(f)                                                          \
  {                                                                            \
    void *p = sym(lib, #f);                                                    \
    memcpy(&pq.api.f, &p, sizeof(p));                                          \
  }
  NL_PQ_FUNCTIONS(NL_PQ_LOAD)
#undef NL_PQ_LOAD
  /* the library stays loaded: connections made with it may outlive any
   * one TM */
}

int nl_pq__load(nl_error *err) {
  if (pthread_once(&pq_once, load_once) != 0)
    return nl_error__set(err, NL_EDB, NULL, 0, 0,
                         "could not load the PostgreSQL client library");
  if (pq.why[0])
    return nl_error__set(err, NL_EDB, NULL, 0, 0,
                         "a PostgreSQL TM needs the client library "
                         "(Debian: libpq5): %s",
                         pq.why);
  return 0;
}

const nl_pq_api *nl_pq__api(void) { return &pq.api; }
