/*
 * output.c - a command's outputs written together, and the named
 * temporary files removed when a signal ends the run.
 *
 * The library names a temporary output file only where the file system
 * cannot keep it unnamed, and tells us (nl_temp_fn). SIGINT, SIGTERM and
 * SIGHUP then remove those still there and end the process as the signal
 * would have. The registry is the CLI's, not the library's: a handler
 * may only touch what is its own (unlink and raise are async-signal-safe).
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { SLOTS = 16, PATH_CAP = 4096 };

static char temp_paths[SLOTS][PATH_CAP];
static volatile sig_atomic_t used[SLOTS];

static void on_signal(int sig) {
  for (int i = 0; i < SLOTS; i++)
    if (used[i])
      unlink(temp_paths[i]);
  signal(sig, SIG_DFL);
  raise(sig);
}

void cli_temp(void *ctx, const char *path, int live) {
  (void)ctx;
  for (int i = 0; i < SLOTS; i++) {
    if (live && !used[i] && strlen(path) < PATH_CAP) {
      snprintf(temp_paths[i], PATH_CAP, "%s", path);
      used[i] = 1; /* only once the path is whole */
      return;
    }
    if (!live && used[i] && strcmp(temp_paths[i], path) == 0) {
      used[i] = 0;
      return;
    }
  }
}

void cli_cleanup_install(void) {
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
    struct sigaction old;
    /* a signal the shell ignores (nohup, background jobs) stays ignored */
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
      sigaction(sigs[i], &sa, NULL);
  }
}

int cli_write_all(const char *const *paths, const nl_buf *const *bufs,
                  size_t n) {
  nl_error err = NL_ERROR_INIT;
  nl_outputs *o = NULL;
  int rc = nl_outputs_new(&o, cli_temp, NULL, &err);
  for (size_t i = 0; rc == 0 && i < n; i++)
    rc = nl_outputs_add(o, paths[i], bufs[i]->ptr, bufs[i]->size, &err);
  if (rc == 0)
    rc = nl_outputs_commit(o, &err);
  nl_outputs_free(o);
  return rc < 0 ? cli_fail(&err) : CLI_OK;
}
