/*
 * driver.c - replays fuzz inputs without libFuzzer.
 *
 * With gcc (CI) every fuzz target links this driver and ctest replays
 * the corpus in fuzz/corpus/<target>/, so crashes found once stay fixed
 * and ASan+UBSan see every seed. With clang and -DNEWSLOC_FUZZ=ON the
 * same targets link libFuzzer instead and explore from these seeds.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs over 64 KiB are not what the targets are for (utf8proc's cap). */
#define MAX_INPUT (64 * 1024)

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "cannot open %s\n", path);
    return 1;
  }
  uint8_t *buf = malloc(MAX_INPUT);
  size_t n = buf ? fread(buf, 1, MAX_INPUT, f) : 0;
  fclose(f);
  if (buf == NULL)
    return 1;
  LLVMFuzzerTestOneInput(buf, n);
  free(buf);
  return 0;
}

static int replay(const char *path, int *count) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "no such corpus: %s\n", path);
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    (*count)++;
    return replay_file(path);
  }
  DIR *d = opendir(path);
  if (d == NULL)
    return 1;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    size_t n = strlen(path) + strlen(e->d_name) + 2;
    char *child = malloc(n);
    if (child == NULL)
      break;
    snprintf(child, n, "%s/%s", path, e->d_name);
    rc |= replay(child, count);
    free(child);
  }
  closedir(d);
  return rc;
}

int main(int argc, char **argv) {
  int rc = 0, count = 0;
  for (int i = 1; i < argc; i++)
    rc |= replay(argv[i], &count);
  printf("replayed %d inputs\n", count);
  if (count == 0) {
    fprintf(stderr, "no inputs replayed\n");
    return 1;
  }
  return rc;
}
