/*
 * bench_world.h: one initiator, one KMS and one responder set up through the public API, and
 * the messages of a whole PSK/MIME flow, for the KMS, ticket and end-to-end cases.
 *
 * The KMS is the one under test: default randomness (gcry_randomize on libgcrypt's system
 * RNG, as mikey_global_init selects) or the bench's fast generator, a fixed clock (so that a
 * message built once stays fresh), and a replay backend that hands every message to a real
 * default cache (mikey_replay_cache) under a fresh key and a virtual clock: the cache does the
 * work of a cache at steady state (a quarter full, entries expiring) while the bench sends
 * the same message again and again; the responder's replay checks go through the same
 * backend. The initiator and responder use counting randomness unless |ends_rng|.
 */
#ifndef MIKEY_BENCH_WORLD_H
#define MIKEY_BENCH_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/mikey.h>

/* 2024-01-01 00:00:00 UTC as NTP seconds */
#define BENCH_T0 3913056000u

typedef struct bench_world_opts {
  uint8_t prf;     /* MIKEY_PRF_*; 0: PRF-HMAC-SHA-256 */
  size_t key_len;  /* PSKs, TPK, MPK and KEK: 16 or 32; 0: 16 */
  int poo;         /* proof-of-origin (I=1: forking, Vr, RANDRkms) */
  int fast_rng;    /* the KMS draws from the bench's AES-CTR generator, not gcry_randomize */
  int ends_rng;    /* initiator and responder draw from gcry_randomize too (end-to-end cases);
                      else counting randomness */
  int no_cache;    /* the KMS's replay backend remembers nothing (to measure the cache) */
} bench_world_opts;

typedef struct bench_world {
  bench_world_opts o;
  mikey_kms *kms;
  mikey_initiator *ini;
  mikey_responder *resp;
  mikey_replay_cache *cache;
  mikey_replay_ops real;  /* the cache's own functions */
  mikey_replay_ops ops;   /* the wrapper the KMS calls */
  uint8_t req[2048], rresp[4096], tinit[4096], rinit[4096], sresp[4096];
  size_t req_len, rresp_len, tinit_len, rinit_len, sresp_len;
  uint8_t kek[32], kek_id[MIKEY_SPI_MAX];
  size_t kek_len, kek_id_len;
  uint8_t out[4096]; /* answers of the KMS under test */
  mikey_responder_config rcfg; /* how the responder was made (for a pskmime receiver) */
} bench_world;

/* The keys of the world: PSKs of initiator and responder, the TPK. */
extern const uint8_t bench_psk_i[32], bench_psk_r[32], bench_tpk[32];

/* bench_world_new builds the world and runs one whole flow (request, transfer, resolve) so
 * that every message above is valid for the KMS. Returns 0 or a MIKEY_E_* code. */
int bench_world_new(bench_world **out, const bench_world_opts *o);
void bench_world_free(bench_world *w);

/* bench_kms_answer hands |in| to the KMS under test; 0 when it answered with a response
 * (not an Error message). */
int bench_kms_answer(bench_world *w, const uint8_t *in, size_t len);

/* The bench's fast generator (AES-128-CTR keystream on one kept handle, keyed once from
 * gcry_randomize; thread-safe), as a mikey_env rand callback. */
int bench_fast_rand(void *user_data, uint8_t *out, size_t len);

#endif /* MIKEY_BENCH_WORLD_H */
