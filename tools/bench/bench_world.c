/*
 * bench_world.c: see bench_world.h.
 */
#include "bench_world.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#define ID(t, s) {(t), (const uint8_t *)(s), sizeof(s) - 1}
static const mikey_identity id_alice = ID(MIKEY_ID_URI, "sip:alice@example.org");
static const mikey_identity id_bob = ID(MIKEY_ID_URI, "sip:bob@example.org");
static const mikey_identity id_kms = ID(MIKEY_ID_URI, "kms.example.org");
static const mikey_identity id_psk_alice = ID(MIKEY_ID_BYTES, "psk-alice");
static const mikey_identity id_psk_bob = ID(MIKEY_ID_BYTES, "psk-bob");
static const mikey_identity id_tpk = ID(MIKEY_ID_BYTES, "tpk-1");
static const uint8_t kms_id[6] = {0x4b, 0x4d, 0x53, 0x00, 0x00, 0x01};

const uint8_t bench_psk_i[32] = {0x01, 0x04, 0x07, 0x0a, 0x0d, 0x10, 0x13, 0x16,
                                 0x19, 0x1c, 0x1f, 0x22, 0x25, 0x28, 0x2b, 0x2e,
                                 0x31, 0x34, 0x37, 0x3a, 0x3d, 0x40, 0x43, 0x46,
                                 0x49, 0x4c, 0x4f, 0x52, 0x55, 0x58, 0x5b, 0x5e};
const uint8_t bench_psk_r[32] = {0x02, 0x07, 0x0c, 0x11, 0x16, 0x1b, 0x20, 0x25,
                                 0x2a, 0x2f, 0x34, 0x39, 0x3e, 0x43, 0x48, 0x4d,
                                 0x52, 0x57, 0x5c, 0x61, 0x66, 0x6b, 0x70, 0x75,
                                 0x7a, 0x7f, 0x84, 0x89, 0x8e, 0x93, 0x98, 0x9d};
const uint8_t bench_tpk[32] = {0x04, 0x0f, 0x1a, 0x25, 0x30, 0x3b, 0x46, 0x51,
                               0x5c, 0x67, 0x72, 0x7d, 0x88, 0x93, 0x9e, 0xa9,
                               0xb4, 0xbf, 0xca, 0xd5, 0xe0, 0xeb, 0xf6, 0x01,
                               0x0c, 0x17, 0x22, 0x2d, 0x38, 0x43, 0x4e, 0x59};

/* --- time and randomness -------------------------------------------------------------- */

static uint64_t fixed_now(void *ud) {
  (void)ud;
  return (uint64_t)BENCH_T0 << 32;
}

/* counting randomness for initiator and responder (not under test) */
static int count_rand(void *ud, uint8_t *out, size_t len) {
  uint64_t *n = ud;
  for (size_t i = 0; i < len; i++) {
    out[i] = (uint8_t)(0x5b + 7 * (*n)++);
  }
  return 0;
}
static uint64_t count_ini, count_resp;

static pthread_mutex_t fast_lock = PTHREAD_MUTEX_INITIALIZER;
static gcry_cipher_hd_t fast_hd;

int bench_fast_rand(void *user_data, uint8_t *out, size_t len) {
  (void)user_data;
  int rc = 0;
  pthread_mutex_lock(&fast_lock);
  if (!fast_hd) {
    uint8_t seed[32];
    gcry_randomize(seed, sizeof(seed), GCRY_STRONG_RANDOM);
    rc = gcry_cipher_open(&fast_hd, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CTR, 0) ||
         gcry_cipher_setkey(fast_hd, seed, 16) || gcry_cipher_setctr(fast_hd, seed + 16, 16);
    memset(seed, 0, sizeof(seed));
  }
  if (rc == 0) {
    memset(out, 0, len);
    rc = gcry_cipher_encrypt(fast_hd, out, len, NULL, 0) ? -1 : 0;
  }
  pthread_mutex_unlock(&fast_lock);
  return rc;
}

/* --- the replay backend --------------------------------------------------------------- */

/* Each thread numbers its messages; the key of message n is the KMS's key with n mixed in
 * (splitmix64, so that both bucket choices move), the time is a virtual clock that advances
 * by one second per commit over all threads (whole seconds, as real expiries are: T plus a
 * skew of seconds), and an entry lives WINDOW seconds: at steady state the cache (65536
 * entries) holds WINDOW of them. */
#define WINDOW 16384
static _Thread_local uint64_t tl_seq;
static _Atomic uint64_t tl_threads;
static _Thread_local uint64_t tl_base;
static _Atomic uint64_t vclock;

static uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15u;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
  return x ^ (x >> 31);
}

static void seq_key(const uint8_t *key, uint64_t seq, uint8_t out[MIKEY_REPLAY_KEY_LEN]) {
  if (!tl_base) {
    tl_base = (atomic_fetch_add(&tl_threads, 1) + 1) << 40;
  }
  /* a word at a time: this is the bench's work inside the timed operation, not the KMS's */
  uint64_t n = tl_base + seq, h = mix64(n), m[4] = {n, h, h ^ 0x5555, mix64(n ^ 0xaaaa)};
  for (size_t i = 0; i < 4; i++) {
    uint64_t w;
    memcpy(&w, key + 8 * i, 8);
    w ^= m[i];
    memcpy(out + 8 * i, &w, 8);
  }
}

static uint64_t vnow(void) { return ((uint64_t)BENCH_T0 + atomic_load(&vclock)) << 32; }

static int wrap_lookup(void *ud, const uint8_t *key, uint64_t now) {
  bench_world *w = ud;
  uint8_t k[MIKEY_REPLAY_KEY_LEN];
  (void)now;
  seq_key(key, tl_seq + 1, k);
  return w->real.lookup(w->real.user_data, k, vnow());
}

static int wrap_insert(void *ud, const uint8_t *key, uint64_t expiry, uint64_t now) {
  bench_world *w = ud;
  uint8_t k[MIKEY_REPLAY_KEY_LEN];
  (void)expiry;
  (void)now;
  seq_key(key, ++tl_seq, k);
  uint64_t t = ((uint64_t)BENCH_T0 + atomic_fetch_add(&vclock, 1) + 1) << 32;
  return w->real.check_insert(w->real.user_data, k, t + ((uint64_t)WINDOW << 32), t);
}

/* a backend that remembers nothing: what the KMS costs without its replay cache */
static int nop_lookup(void *ud, const uint8_t *key, uint64_t now) {
  (void)ud, (void)key, (void)now;
  return 0;
}
static int nop_insert(void *ud, const uint8_t *key, uint64_t expiry, uint64_t now) {
  (void)ud, (void)key, (void)expiry, (void)now;
  return 0;
}

/* --- the KMS's callbacks -------------------------------------------------------------- */

static int ident_eq(const mikey_identity *a, const mikey_identity *b) {
  return a->type == b->type && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static int psk_lookup(void *ud, const mikey_kms_psk_query *q, uint8_t *key, size_t cap,
                      size_t *key_len) {
  bench_world *w = ud;
  const uint8_t *k = NULL;
  if (q->peer && ident_eq(q->peer, &id_alice)) {
    k = bench_psk_i;
  } else if (q->peer && ident_eq(q->peer, &id_bob)) {
    k = bench_psk_r;
  }
  if (!k || cap < w->o.key_len) {
    return MIKEY_CB_NO;
  }
  memcpy(key, k, w->o.key_len);
  *key_len = w->o.key_len;
  return MIKEY_CB_OK;
}

/* --- set-up --------------------------------------------------------------------------- */

void bench_world_free(bench_world *w) {
  if (!w) {
    return;
  }
  mikey_kms_free(w->kms);
  mikey_initiator_free(w->ini);
  mikey_responder_free(w->resp);
  mikey_replay_cache_free(w->cache);
  mikey_memzero(w, sizeof(*w));
  free(w);
}

int bench_kms_answer(bench_world *w, const uint8_t *in, size_t len) {
  size_t n = 0;
  mikey_kms_result res;
  int rc = mikey_kms_process(w->kms, in, len, w->out, sizeof(w->out), &n, &res);
  if (rc) {
    return rc;
  }
  return res.wrote == MIKEY_KMS_WROTE_RESPONSE ? 0 : (res.reason ? res.reason : -1);
}

int bench_world_new(bench_world **out, const bench_world_opts *o) {
  bench_world *w = calloc(1, sizeof(*w));
  *out = w;
  if (!w) {
    return MIKEY_E_NOMEM;
  }
  w->o = *o;
  w->o.prf = o->prf ? o->prf : MIKEY_PRF_HMAC_SHA_256;
  w->o.key_len = o->key_len ? o->key_len : 16;
  mikey_role_profile prof;
  int rc = mikey_role_profile_default(&prof, MIKEY_ROLE_PSKMIME);
  prof.prf = w->o.prf;
  prof.key_len = (uint8_t)w->o.key_len;
  prof.proof_of_origin = (uint8_t)(o->poo != 0);
  mikey_env fixed = {NULL, fixed_now, NULL};

  if (rc == 0) {
    rc = mikey_replay_cache_new(&w->cache, 65536);
  }
  if (rc == 0) {
    rc = mikey_replay_cache_ops(w->cache, &w->real);
  }
  w->ops = o->no_cache ? (mikey_replay_ops){nop_lookup, nop_insert, w}
                       : (mikey_replay_ops){wrap_lookup, wrap_insert, w};
  mikey_kms_config kc;
  if (rc == 0) {
    rc = mikey_kms_config_default(&kc);
  }
  if (rc == 0) {
    kc.env = fixed;
    if (o->fast_rng) {
      kc.env.rand = bench_fast_rand;
    }
    kc.self = id_kms;
    memcpy(kc.kms_id, kms_id, sizeof(kms_id));
    kc.tpk_id = id_tpk;
    kc.tpk = bench_tpk;
    kc.tpk_len = w->o.key_len;
    kc.profiles = &prof;
    kc.n_profiles = 1;
    kc.callbacks.psk_lookup = psk_lookup;
    kc.user_data = w;
    kc.replay = &w->ops;
    rc = mikey_kms_new(&w->kms, &kc);
  }
  mikey_initiator_config ic;
  if (rc == 0) {
    rc = mikey_initiator_config_default(&ic);
  }
  if (rc == 0) {
    ic.profile = prof;
    ic.env = (mikey_env){o->ends_rng ? NULL : count_rand, fixed_now, &count_ini};
    ic.self = id_alice;
    ic.kms = id_kms;
    ic.psk_id = id_psk_alice;
    ic.psk = bench_psk_i;
    ic.psk_len = w->o.key_len;
    rc = mikey_initiator_new(&w->ini, &ic);
  }
  mikey_responder_config rcf;
  if (rc == 0) {
    rc = mikey_responder_config_default(&rcf);
  }
  if (rc == 0) {
    rcf.profile = prof;
    rcf.env = (mikey_env){o->ends_rng ? NULL : count_rand, fixed_now, &count_resp};
    rcf.self = id_bob;
    rcf.kms = id_kms;
    rcf.psk_id = id_psk_bob;
    rcf.psk = bench_psk_r;
    rcf.psk_len = w->o.key_len;
    rcf.replay = &w->ops;
    w->rcfg = rcf;
    rc = mikey_responder_new(&w->resp, &rcf);
  }
  /* request */
  mikey_ticket_request rq;
  memset(&rq, 0, sizeof(rq));
  rq.responders = &id_bob;
  rq.n_responders = 1;
  if (rc == 0) {
    rc = mikey_initiator_request(w->ini, &rq, w->req, sizeof(w->req), &w->req_len);
  }
  mikey_kms_result res;
  if (rc == 0) {
    rc = mikey_kms_process(w->kms, w->req, w->req_len, w->rresp, sizeof(w->rresp),
                           &w->rresp_len, &res);
  }
  if (rc == 0) {
    rc = mikey_initiator_on_request_resp(w->ini, w->rresp, w->rresp_len, NULL);
  }
  /* transfer */
  mikey_transfer_info xi;
  if (rc == 0) {
    rc = mikey_initiator_transfer_prepare(w->ini, NULL, &xi);
  }
  if (rc == 0) {
    memcpy(w->kek_id, xi.kek_id, xi.kek_id_len);
    w->kek_id_len = xi.kek_id_len;
    rc = mikey_initiator_transfer_key(w->ini, xi.cs_ids[0], w->kek, sizeof(w->kek),
                                      &w->kek_len);
  }
  static const uint8_t poo[16] = {0x70, 0x6f, 0x6f};
  if (rc == 0) {
    rc = mikey_initiator_transfer_finish(w->ini, o->poo ? poo : NULL, o->poo ? sizeof(poo) : 0,
                                         w->tinit, sizeof(w->tinit), &w->tinit_len);
  }
  /* resolve */
  uint32_t xid = 0;
  if (rc == 0) {
    rc = mikey_responder_on_transfer_init(w->resp, w->tinit, w->tinit_len, w->rinit,
                                          sizeof(w->rinit), &w->rinit_len, &xid);
  }
  if (rc == 0) {
    rc = mikey_kms_process(w->kms, w->rinit, w->rinit_len, w->sresp, sizeof(w->sresp),
                           &w->sresp_len, &res);
  }
  if (rc == 0) {
    mikey_transfer_info ri;
    rc = mikey_responder_on_resolve_resp(w->resp, w->sresp, w->sresp_len, &ri);
  }
  if (rc == 0) {
    /* the KMS under test answers both initial messages with responses, repeatedly */
    rc = bench_kms_answer(w, w->req, w->req_len);
  }
  if (rc == 0) {
    rc = bench_kms_answer(w, w->rinit, w->rinit_len);
  }
  if (rc) {
    bench_world_free(w);
    *out = NULL;
  }
  return rc;
}
