/*
 * replay.c: feeds every file of a corpus to a libFuzzer harness without libFuzzer, so that
 * `make check` replays the corpus with the ordinary compiler (and under valgrind or the
 * sanitizers when the build has them). Each input is read into a buffer of exactly its size,
 * so any read past its end is caught by those tools.
 * Usage: replay [file or directory]...; with no argument, the seed corpus and the regression
 * corpus (inputs the fuzzer found, minimized) named at build time.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef MIKEY_CORPUS_DIR
#define MIKEY_CORPUS_DIR "."
#endif

/* run_file replays one file; returns 0, or -1 when it cannot be read. */
static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: cannot open %s\n", path);
    return -1;
  }
  uint8_t *buf = NULL;
  size_t len = 0;
  int rc = -1;
  if (fseek(f, 0, SEEK_END) == 0) {
    long end = ftell(f);
    if (end >= 0 && fseek(f, 0, SEEK_SET) == 0) {
      len = (size_t)end;
      buf = malloc(len ? len : 1);
      if (buf && fread(buf, 1, len, f) == len) {
        rc = 0;
      }
    }
  }
  fclose(f);
  if (rc == 0) {
    /* exactly |len| bytes: a zero-length input gets a fresh pointer and a length of 0 */
    LLVMFuzzerTestOneInput(buf, len);
  } else {
    fprintf(stderr, "replay: cannot read %s\n", path);
  }
  free(buf);
  return rc;
}

/* run_path replays a file, or every regular file of a directory; counts them in *n. */
static int run_path(const char *path, size_t *n) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "replay: no such file or directory: %s\n", path);
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    (*n)++;
    return run_file(path);
  }
  DIR *d = opendir(path);
  if (!d) {
    fprintf(stderr, "replay: cannot open directory %s\n", path);
    return -1;
  }
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') {
      continue;
    }
    size_t need = strlen(path) + strlen(e->d_name) + 2;
    char *p = malloc(need);
    if (!p) {
      rc = -1;
      break;
    }
    snprintf(p, need, "%s/%s", path, e->d_name);
    if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
      (*n)++;
      if (run_file(p) != 0) {
        rc = -1;
      }
    }
    free(p);
  }
  closedir(d);
  return rc;
}

int main(int argc, char **argv) {
  size_t n = 0;
  int rc = 0;
  if (argc < 2) {
    rc = run_path(MIKEY_CORPUS_DIR, &n);
#ifdef MIKEY_REGRESS_DIR
    if (run_path(MIKEY_REGRESS_DIR, &n) != 0) {
      rc = -1;
    }
#endif
  }
  for (int i = 1; i < argc; i++) {
    if (run_path(argv[i], &n) != 0) {
      rc = -1;
    }
  }
  printf("replayed %zu inputs\n", n);
  /* an empty corpus would let the check pass without testing anything */
  return rc == 0 && n > 0 ? 0 : 1;
}
