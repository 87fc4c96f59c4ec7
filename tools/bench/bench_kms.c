/*
 * bench_kms.c: the KMS (issue 4): Ticket Requests and Resolves per core next to their crypto
 * floor (the same derivations, MACs and AES operations, recorded from one call and replayed on
 * bare kept handles: bench_census.c), resolves per second with 1 and 2 threads on one shared
 * KMS, and what randomness costs.
 *
 * The messages come from a whole PSK/MIME flow (bench_world.c); the KMS answers the same
 * message again and again, its replay cache seeing a fresh key each time. A case fails if the
 * KMS answers with an Error message.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <gcrypt.h>

#include "bench.h"
#include "bench_world.h"

/* --- set-ups ------------------------------------------------------------------------------ */

static int world(void **state, bench_world_opts o) {
  bench_world *w = NULL;
  int rc = bench_world_new(&w, &o);
  *state = w;
  return rc ? -1 : 0;
}

static int setup_default(void **s) { return world(s, (bench_world_opts){.key_len = 16}); }
static int setup_256(void **s) { return world(s, (bench_world_opts){.key_len = 32}); }
static int setup_mikey1(void **s) {
  return world(s, (bench_world_opts){.prf = MIKEY_PRF_MIKEY_1, .key_len = 16});
}
static int setup_poo(void **s) { return world(s, (bench_world_opts){.key_len = 16, .poo = 1}); }
static int setup_fast(void **s) {
  return world(s, (bench_world_opts){.key_len = 16, .fast_rng = 1});
}
static int setup_poo_fast(void **s) {
  return world(s, (bench_world_opts){.key_len = 16, .poo = 1, .fast_rng = 1});
}
static int setup_no_cache(void **s) {
  return world(s, (bench_world_opts){.key_len = 16, .no_cache = 1});
}

static void teardown(void *state) { bench_world_free(state); }

static int op_request(void *state) {
  bench_world *w = state;
  return bench_kms_answer(w, w->req, w->req_len);
}

static int op_resolve(void *state) {
  bench_world *w = state;
  return bench_kms_answer(w, w->rinit, w->rinit_len);
}

/* --- threads: resolves per second on one shared KMS --------------------------------------- */

typedef struct worker {
  bench_world *w;
  atomic_int *go, *stop;
  uint64_t count, cpu_ns;
  int failed;
} worker;

static void *worker_main(void *arg) {
  worker *k = arg;
  uint8_t out[4096];
  while (!atomic_load(k->go)) {
  }
  uint64_t c0 = bench_cpu_ns();
  while (!atomic_load_explicit(k->stop, memory_order_relaxed)) {
    size_t n = 0;
    mikey_kms_result res;
    int rc = mikey_kms_process(k->w->kms, k->w->rinit, k->w->rinit_len, out, sizeof(out), &n,
                               &res);
    if (rc || res.wrote != MIKEY_KMS_WROTE_RESPONSE) {
      k->failed = 1;
      break;
    }
    k->count++;
  }
  k->cpu_ns = bench_cpu_ns() - c0;
  return NULL;
}

/* resolve_rate runs |nthreads| threads resolving on the one KMS of |w| for a fixed time
 * (5 x --min-ms, at least 50 ms) and sets |*wall| to the resolves per second of wall-clock
 * time over all threads, |*cpu| to the resolves per second of CPU time (per core busy). */
static int resolve_rate(bench_world *w, int nthreads, double *wall, double *cpu) {
  pthread_t th[2];
  worker k[2];
  atomic_int go = 0, stop = 0;
  int started = 0, rc = 0;
  for (int i = 0; i < nthreads && i < 2; i++) {
    k[i] = (worker){w, &go, &stop, 0, 0, 0};
    if (pthread_create(&th[i], NULL, worker_main, &k[i]) != 0) {
      rc = -1;
      break;
    }
    started++;
  }
  double ms = bench_min_ms * 5 > 50 ? bench_min_ms * 5 : 50;
  struct timespec d;
  d.tv_sec = (time_t)(ms / 1000);
  d.tv_nsec = (long)((ms - 1000.0 * (double)d.tv_sec) * 1e6);
  uint64_t t0 = bench_now_ns();
  atomic_store(&go, 1);
  if (rc == 0) {
    nanosleep(&d, NULL);
  }
  atomic_store(&stop, 1);
  uint64_t total = 0, cpu_ns = 0;
  for (int i = 0; i < started; i++) {
    pthread_join(th[i], NULL);
    total += k[i].count;
    cpu_ns += k[i].cpu_ns;
    rc |= k[i].failed ? -1 : 0;
  }
  uint64_t t1 = bench_now_ns();
  *wall = (double)total * 1e9 / (double)(t1 - t0);
  *cpu = cpu_ns ? (double)total * 1e9 / (double)cpu_ns : 0;
  return rc;
}

static int value_wall1(void *state, double *out) {
  double cpu;
  return resolve_rate(state, 1, out, &cpu);
}
static int value_wall2(void *state, double *out) {
  double cpu;
  return resolve_rate(state, 2, out, &cpu);
}
static int value_cpu1(void *state, double *out) {
  double wall;
  return resolve_rate(state, 1, &wall, out);
}
static int value_cpu2(void *state, double *out) {
  double wall;
  return resolve_rate(state, 2, &wall, out);
}

/* --- the replay cache alone ---------------------------------------------------------------
 * What a KMS asks of its default cache per message, without the KMS: a look-up, then a
 * commit of the same fresh key, at steady state (a quarter of the entries live, one expiring
 * per commit), time in whole seconds as bench_world.c's backend. With 65536 entries (the
 * KMS's default, 1.5 MB) the table stays in the core's caches as far as the machine lets it;
 * with 4M entries (96 MB, what a KMS of 100 000 messages per second and a 10 s skew needs at
 * half load) every message misses them. */

typedef struct replay_state {
  mikey_replay_cache *c;
  mikey_replay_ops ops;
  uint64_t seq, window;
} replay_state;

/* splitmix64, so that every byte of the key moves */
static uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15u;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
  return x ^ (x >> 31);
}

static int op_replay(void *state) {
  replay_state *r = state;
  uint8_t k[MIKEY_REPLAY_KEY_LEN];
  uint64_t n = ++r->seq;
  for (size_t i = 0; i < 4; i++) {
    uint64_t m = mix64(n * 4 + i);
    memcpy(k + 8 * i, &m, 8);
  }
  uint64_t now = ((uint64_t)BENCH_T0 + n) << 32;
  if (r->ops.lookup(r->ops.user_data, k, now) != 0) {
    return -1;
  }
  return r->ops.check_insert(r->ops.user_data, k, now + (r->window << 32), now);
}

static int replay_new(void **state, size_t cap) {
  replay_state *r = calloc(1, sizeof(*r));
  *state = r;
  if (!r || mikey_replay_cache_new(&r->c, cap) != 0 ||
      mikey_replay_cache_ops(r->c, &r->ops) != 0) {
    return -1;
  }
  r->window = cap / 4;
  /* reach the steady state (and fault every page in) before timing */
  for (uint64_t i = 0; i < 2 * r->window; i++) {
    if (op_replay(r) != 0) {
      return -1;
    }
  }
  return 0;
}

static int setup_replay(void **state) { return replay_new(state, 65536); }
static int setup_replay_4m(void **state) { return replay_new(state, (size_t)1 << 22); }

static void teardown_replay(void *state) {
  replay_state *r = state;
  if (r) {
    mikey_replay_cache_free(r->c);
    free(r);
  }
}

/* --- randomness ------------------------------------------------------------------------------ */

static int op_randomize32(void *state) {
  uint8_t b[32];
  (void)state;
  gcry_randomize(b, sizeof(b), GCRY_STRONG_RANDOM);
  bench_sink += b[0];
  return 0;
}

static int op_randomize512(void *state) {
  uint8_t b[512];
  (void)state;
  gcry_randomize(b, sizeof(b), GCRY_STRONG_RANDOM);
  bench_sink += b[0];
  return 0;
}

static int op_getrandom32(void *state) {
  uint8_t b[32];
  (void)state;
  if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
    return -1;
  }
  bench_sink += b[0];
  return 0;
}

static int op_getrandom512(void *state) {
  uint8_t b[512];
  (void)state;
  if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
    return -1;
  }
  bench_sink += b[0];
  return 0;
}

static int op_fast32(void *state) {
  uint8_t b[32];
  (void)state;
  int rc = bench_fast_rand(NULL, b, sizeof(b));
  bench_sink += b[0];
  return rc;
}

const bench_case bench_kms_cases[] = {
    /* PSK/MIME, PRF-HMAC-SHA-256, 128-bit keys: the profile's defaults */
    {.name = "kms.request.pskmime", .unit = "ns/msg", .setup = setup_default,
     .teardown = teardown, .op = op_request, .floor = 1},
    {.name = "kms.request.pskmime_fast_rng", .unit = "ns/msg", .setup = setup_fast,
     .teardown = teardown, .op = op_request, .floor = 1},
    {.name = "kms.resolve.pskmime", .unit = "ns/msg", .setup = setup_default,
     .teardown = teardown, .op = op_resolve, .floor = 1, .has_target = 1, .target = 10000,
     .ratio_target = 1.3},
    {.name = "kms.resolve.pskmime_no_replay_cache", .unit = "ns/msg", .setup = setup_no_cache,
     .teardown = teardown, .op = op_resolve, .floor = 1},
    {.name = "kms.resolve.pskmime_256", .unit = "ns/msg", .setup = setup_256,
     .teardown = teardown, .op = op_resolve, .floor = 1},
    {.name = "kms.resolve.pskmime_mikey1", .unit = "ns/msg", .setup = setup_mikey1,
     .teardown = teardown, .op = op_resolve, .floor = 1},
    {.name = "kms.resolve.pskmime_poo", .unit = "ns/msg", .setup = setup_poo,
     .teardown = teardown, .op = op_resolve, .floor = 1},
    {.name = "kms.resolve.pskmime_poo_fast_rng", .unit = "ns/msg", .setup = setup_poo_fast,
     .teardown = teardown, .op = op_resolve, .floor = 1},
    /* one shared KMS: wall-clock resolves per second over all threads (what the machine
     * gave, other load included), and resolves per CPU-second (what sharing costs) */
    {.name = "kms.resolve_wall.1thread", .unit = "msg/s", .setup = setup_default,
     .teardown = teardown, .value = value_wall1, .higher_better = 1},
    {.name = "kms.resolve_wall.2threads", .unit = "msg/s", .setup = setup_default,
     .teardown = teardown, .value = value_wall2, .higher_better = 1,
     .reference = "kms.resolve_wall.1thread (the same KMS, alternate runs)",
     .ref_value = value_wall1},
    {.name = "kms.resolve_cpu.2threads", .unit = "msg/cpu-s", .setup = setup_default,
     .teardown = teardown, .value = value_cpu2, .higher_better = 1,
     .reference = "one thread (the same KMS, alternate runs)", .ref_value = value_cpu1},
    {.name = "replay.lookup_commit.65536", .unit = "ns/msg", .setup = setup_replay,
     .teardown = teardown_replay, .op = op_replay},
    {.name = "replay.lookup_commit.4m", .unit = "ns/msg", .setup = setup_replay_4m,
     .teardown = teardown_replay, .op = op_replay},
    {.name = "rng.gcry_randomize.32B", .unit = "ns/call", .op = op_randomize32,
     .reference = "getrandom(2) of 32 bytes", .ref_op = op_getrandom32},
    {.name = "rng.gcry_randomize.512B", .unit = "ns/call", .op = op_randomize512,
     .reference = "getrandom(2) of 512 bytes", .ref_op = op_getrandom512},
    {.name = "rng.bench_aes_ctr.32B", .unit = "ns/call", .op = op_fast32,
     .reference = "gcry_randomize of 32 bytes", .ref_op = op_randomize32},
};
const size_t bench_kms_ncases = sizeof(bench_kms_cases) / sizeof(bench_kms_cases[0]);
