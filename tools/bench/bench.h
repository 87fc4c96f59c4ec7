/*
 * bench.h: a small benchmark framework. A case is a name, a unit and either an operation to
 * time (the framework reports the median over repeated runs, with the spread) or a function
 * that computes its value itself (a count, or a rate measured with threads). A case may carry
 * a reference timed side by side with it, on the same state (the same buffers, keys and
 * handles), run for run alternately so that the machine's noise hits both alike; the ratio
 * value / reference is then a measurement of this run, not a comparison across runs. Each
 * layer keeps its cases in a table in its own file (bench_<layer>.c) listed in bench_main.c.
 */
#ifndef MIKEY_BENCH_H
#define MIKEY_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* setup returns this when a case cannot run here (e.g. OpenSSL absent): reported, not failed */
#define BENCH_SKIP 77

typedef struct bench_case {
  const char *name; /* "<layer>.<what>.<input>", e.g. "codec.decode.transfer_init" */
  const char *unit; /* "ns/msg" for timed cases, "MiB/s" when |bytes| is set; any for values */
  /* optional: make per-case state; 0 on success, BENCH_SKIP to skip (see |skip_note|) */
  int (*setup)(void **state);
  void (*teardown)(void *state);
  /* timed cases: one operation; 0 on success */
  int (*op)(void *state);
  /* value cases (op NULL): compute the value once; 0 on success */
  int (*value)(void *state, double *out);
  /* target on the value: at most |target|, or at least with |higher_better| */
  int has_target;
  double target;
  /* the reference: a name and either a fixed value, or |ref_op| (timed cases) / |ref_value|
   * (value cases) run side by side with the case on its state; or |floor| */
  const char *reference;
  double reference_value;
  int (*ref_op)(void *state);
  int (*ref_value)(void *state, double *out);
  /* floor 1: the reference is the libgcrypt floor of |op| itself: the libgcrypt calls one
   * |op| makes (recorded, bench_census.c) replayed on bare handles opened beforehand, without
   * the handle opens and closes and without randomness (bench_floor_*) */
  int floor;
  /* target on value / reference: at most, or at least with |higher_better| (0: none) */
  double ratio_target;
  /* timed cases with bytes > 0 report MiB/s of |bytes| per operation (higher is better) */
  double bytes;
  /* value cases: the value is a rate (higher is better) */
  int higher_better;
  /* printed when the setup skips the case */
  const char *skip_note;
} bench_case;

typedef struct bench_table {
  const char *layer;
  const bench_case *cases;
  const size_t *n;
} bench_table;

/* Heap allocations counted by the malloc wrappers of bench_alloc.c. */
uint64_t bench_allocs(void);

/* Monotonic wall-clock nanoseconds, and the calling thread's CPU time in nanoseconds (timed
 * cases are measured in CPU time). */
uint64_t bench_now_ns(void);
uint64_t bench_cpu_ns(void);

/* Compilers may not drop work whose result lands here. */
extern volatile size_t bench_sink;

/* --min-ms: the shortest timed run; value cases that time themselves use a multiple. */
extern double bench_min_ms;

/* --- libgcrypt census and floor (bench_census.c) ------------------------------------------
 * The program is linked with -Wl,--wrap for the libgcrypt functions the library calls; the
 * wrappers count them while a recording is on and keep the sequence (op, handle, lengths). */

/* What one recorded operation asked of libgcrypt. */
typedef struct bench_census {
  unsigned md_open, md_close, md_setkey, md_final, md_reset, md_hash;
  unsigned long md_bytes;     /* bytes written into md handles and hashed */
  unsigned cipher_open, cipher_close, cipher_setkey, cipher_iv, cipher_calls;
  unsigned long cipher_bytes; /* bytes encrypted, decrypted or authenticated */
  unsigned rand_calls;
  unsigned long rand_bytes;
  unsigned events;            /* recorded calls in all */
  int overflow;               /* the trace was longer than its buffer */
} bench_census;

typedef struct bench_trace bench_trace;

/* bench_record_start starts recording (one thread only, outside timed runs);
 * bench_record_stop ends it and returns the trace (free with bench_trace_free). */
void bench_record_start(void);
bench_trace *bench_record_stop(void);
void bench_trace_free(bench_trace *t);
/* bench_trace_census sums up a trace. */
void bench_trace_census(const bench_trace *t, bench_census *c);
/* bench_floor_new opens a bare libgcrypt handle for each handle of |t| (same algorithm, mode
 * and flags) and buffers for its lengths; bench_floor_run replays the calls of |t| on them
 * (randomness only with |with_rand|); bench_floor_free closes them. */
typedef struct bench_floor bench_floor;
bench_floor *bench_floor_new(const bench_trace *t, int with_rand);
int bench_floor_run(bench_floor *f);
void bench_floor_free(bench_floor *f);

/* The case tables of each layer. */
extern const bench_case bench_codec_cases[];
extern const size_t bench_codec_ncases;
extern const bench_case bench_crypto_cases[];
extern const size_t bench_crypto_ncases;
extern const bench_case bench_kms_cases[];
extern const size_t bench_kms_ncases;
extern const bench_case bench_cms_cases[];
extern const size_t bench_cms_ncases;
extern const bench_case bench_e2e_cases[];
extern const size_t bench_e2e_ncases;

#endif /* MIKEY_BENCH_H */
