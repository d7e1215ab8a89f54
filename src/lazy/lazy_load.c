/*
 * lazy_load.c - the CLI's libxml2, SQLite and ICU i18n, loaded when one
 * of their functions is first called.
 *
 * A `newsloc segment` process uses ICU's common library only, but mapping
 * and relocating the others (libxml2 brings zlib and liblzma) cost more
 * before main than the segmenter does after it (docs/segmentation.md,
 * start-up). So the CLI is linked with stubs in place of them
 * (lazy.cmake): the first call into a library loads it, once per process,
 * and fills the slots of all its functions. Like pq_load.c's table, the
 * slots are filled once under pthread_once and never change after.
 *
 * A library that cannot be loaded ends the process with one line naming
 * it: the call that needed it has no way to report the failure.
 */
#define _POSIX_C_SOURCE 200809L
#include "lazy_load.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_LIBS = 4 };

typedef struct lib_state {
  void *handle; /* NULL until loaded */
  char why[256];
} lib_state;

static lib_state libs[MAX_LIBS];
static pthread_once_t once[MAX_LIBS] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT,
                                        PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};

/* libxml2's xmlFree is a variable, a function pointer an application may
 * set: the CLI's is a function that calls through libxml2's. */
static void *xml_free_var;
static void xml_free(void *p);
void (*xmlFree)(void *) = xml_free;

static int fill_slots(size_t k, void *h) {
  for (size_t i = 0; i < nl_lazy__count; i++) {
    if (nl_lazy__owner[i] != k)
      continue;
    void *p = dlsym(h, nl_lazy__name[i]);
    if (p == NULL) {
      snprintf(libs[k].why, sizeof(libs[k].why), "%s has no %s",
               nl_lazy__soname[k], nl_lazy__name[i]);
      return -1;
    }
    atomic_store_explicit(&nl_lazy__slot[i], p, memory_order_release);
  }
  for (const nl_lazy_data *d = nl_lazy__data; d->name; d++)
    if (d->owner == k && strcmp(d->name, "xmlFree") == 0 &&
        (xml_free_var = dlsym(h, d->name)) == NULL) {
      snprintf(libs[k].why, sizeof(libs[k].why), "%s has no %s",
               nl_lazy__soname[k], d->name);
      return -1;
    }
  return 0;
}

static void load(size_t k) {
  void *h = dlopen(nl_lazy__soname[k], RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) {
    const char *e = dlerror();
    snprintf(libs[k].why, sizeof(libs[k].why), "%s",
             e ? e : nl_lazy__soname[k]);
    return;
  }
  if (fill_slots(k, h) == 0)
    libs[k].handle = h;
}

static void load0(void) { load(0); }
static void load1(void) { load(1); }
static void load2(void) { load(2); }
static void load3(void) { load(3); }

static void (*const loaders[MAX_LIBS])(void) = {load0, load1, load2, load3};

/* Library k loaded, or the process ends. */
static void need(size_t k) {
  if (k < MAX_LIBS && k < nl_lazy__nlibs &&
      pthread_once(&once[k], loaders[k]) == 0 && libs[k].handle != NULL)
    return;
  fprintf(stderr, "newsloc: this command needs %s, which cannot be loaded: %s\n",
          k < nl_lazy__nlibs ? nl_lazy__soname[k] : "a library",
          k < MAX_LIBS ? libs[k].why : "too many libraries");
  exit(2);
}

void *nl_lazy__resolve(unsigned slot) {
  need(nl_lazy__owner[slot]);
  return atomic_load_explicit(&nl_lazy__slot[slot], memory_order_acquire);
}

static void xml_free(void *p) {
  if (p == NULL)
    return; /* nothing libxml2 gave: it may not be loaded */
  void (*f)(void *);
  memcpy(&f, xml_free_var, sizeof(f));
  f(p);
}
