/*
 * bench_alloc.c: counts heap allocations made by the library code linked into the bench
 * program. The program is linked with -Wl,--wrap=malloc (and calloc, realloc), so every call
 * from its objects and from the static library core goes through these wrappers first.
 */
#include <stddef.h>
#include <stdint.h>

#include "bench.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);

static uint64_t allocs;

void *__wrap_malloc(size_t n) {
  allocs++;
  return __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n) {
  allocs++;
  return __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n) {
  allocs++;
  return __real_realloc(p, n);
}

uint64_t bench_allocs(void) { return allocs; }
