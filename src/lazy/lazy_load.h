/*
 * lazy_load.h - the CLI's libraries loaded on first use (lazy_load.c).
 *
 * The tables are written by lazy_gen.cmake from the library's objects;
 * nl_lazy__slot and nl_lazy__first_call are in the generated stubs and
 * lazy_x86_64.S.
 */
#ifndef NL_LAZY_LOAD_H
#define NL_LAZY_LOAD_H

#include <stdatomic.h>
#include <stddef.h>

/* A library's variable (not a function): lazy_load.c defines it. */
typedef struct nl_lazy_data {
  const char *name;
  unsigned char owner;
} nl_lazy_data;

extern const char *const nl_lazy__soname[];
extern const size_t nl_lazy__nlibs;
extern const char *const nl_lazy__name[];
extern const unsigned char nl_lazy__owner[];
extern const size_t nl_lazy__count;
extern const nl_lazy_data nl_lazy__data[]; /* ends with a NULL name */

/* Where each stub jumps: nl_lazy__first_call until its library is
 * loaded, the library's function after. */
extern _Atomic(void *) nl_lazy__slot[];

/* Called by nl_lazy__first_call with the stub's slot: loads the slot's
 * library (once) and returns the function to jump to. */
void *nl_lazy__resolve(unsigned slot);

#endif
