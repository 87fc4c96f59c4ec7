/*
 * bench.h: a small benchmark framework. A case is a name, a unit and either an operation to
 * time (the framework reports the median nanoseconds per operation over repeated runs, with
 * the spread) or a function that computes its value itself (for counts such as heap
 * allocations). Each layer keeps its cases in a table in its own file (bench_<layer>.c) and
 * lists the table in bench_main.c.
 */
#ifndef MIKEY_BENCH_H
#define MIKEY_BENCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_case {
  const char *name; /* "<layer>.<what>.<input>", e.g. "codec.decode.transfer_init" */
  const char *unit; /* "ns/msg" for timed cases; anything for value cases */
  /* optional: make per-case state; 0 on success */
  int (*setup)(void **state);
  void (*teardown)(void *state);
  /* timed cases: one operation; 0 on success */
  int (*op)(void *state);
  /* value cases (op NULL): compute the value; 0 on success */
  int (*value)(void *state, double *out);
  /* the value must not exceed the target; has_target 0 means no target */
  int has_target;
  double target;
  /* an optional reference to compare with (another implementation, an older build) */
  const char *reference;
  double reference_value;
} bench_case;

typedef struct bench_table {
  const char *layer;
  const bench_case *cases;
  const size_t *n;
} bench_table;

/* Heap allocations counted by the malloc wrappers of bench_alloc.c. */
uint64_t bench_allocs(void);

/* The case tables of each layer. */
extern const bench_case bench_codec_cases[];
extern const size_t bench_codec_ncases;

#endif /* MIKEY_BENCH_H */
