/*
 * roles_util_test.c: the helpers of the role engines: replay cache, Error messages, V
 * coverage (RFC 6043 Table 5.2), timestamps.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include <mikey/mikey.h>

#include "mikey_test.h"
#include "roles/mikey_roles_local.h"

#define NTP(s) ((uint64_t)(s) << 32)

/* ---- replay cache ---------------------------------------------------------------------- */

START_TEST(replay_insert_then_seen) {
  mikey_replay_cache *c;
  mikey_replay_ops ops;
  ck_assert_int_eq(mikey_replay_cache_new(&c, 100), 0);
  ck_assert_int_eq(mikey_replay_cache_ops(c, &ops), 0);
  uint8_t k[MIKEY_REPLAY_KEY_LEN];
  mikey_identity id = {MIKEY_ID_URI, (const uint8_t *)"sip:a@x", 7};
  uint8_t rnd[16] = {1, 2, 3};
  mikey_replay_key(MIKEY_DT_REQUEST_INIT_PSK, &id, 0x11223344u, rnd, sizeof(rnd), k);
  /* given an empty cache, when a key is looked up and inserted, then it is new */
  ck_assert_int_eq(mikey_replay_lookup(&ops, k, NTP(1000)), 0);
  ck_assert_int_eq(mikey_replay_commit(&ops, k, NTP(1300), NTP(1000)), 0);
  /* when it comes again within its life, then it is a replay */
  ck_assert_int_eq(mikey_replay_lookup(&ops, k, NTP(1100)), MIKEY_E_REPLAY);
  ck_assert_int_eq(mikey_replay_commit(&ops, k, NTP(1400), NTP(1100)), MIKEY_E_REPLAY);
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(1100)), 1);
  /* when it has expired, then the slot is free again */
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(1301)), 0);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k, NTP(1301)), 0);
  ck_assert_int_eq(mikey_replay_commit(&ops, k, NTP(1600), NTP(1301)), 0);
  mikey_replay_cache_free(c);
}
END_TEST

START_TEST(replay_lives_through_its_expiry) {
  /* given a message of T = 1000 s accepted with a skew of 300 s (expiry T + skew) */
  mikey_replay_cache *c;
  mikey_replay_ops ops;
  ck_assert_int_eq(mikey_replay_cache_new(&c, 64), 0);
  ck_assert_int_eq(mikey_replay_cache_ops(c, &ops), 0);
  uint8_t k[MIKEY_REPLAY_KEY_LEN];
  memset(k, 0x3c, sizeof(k));
  ck_assert_int_eq(mikey_replay_commit(&ops, k, NTP(1300), NTP(1000)), 0);
  /* when it comes again at exactly T + skew, which the timestamp check still accepts, then
   * the cache refuses it (an entry is live through its expiry, not only before it) */
  mikey_ts t = {0, MIKEY_TS_NTP_UTC_32, 1000};
  ck_assert_int_eq(mikey_ts_fresh(&t, NTP(1300), 300), 0);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k, NTP(1300)), MIKEY_E_REPLAY);
  ck_assert_int_eq(mikey_replay_commit(&ops, k, NTP(1600), NTP(1300)), MIKEY_E_REPLAY);
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(1300)), 1);
  /* one second later the timestamp check refuses it and the cache forgets it */
  ck_assert_int_eq(mikey_ts_fresh(&t, NTP(1301), 300), MIKEY_E_TIMESTAMP);
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(1301)), 0);
  mikey_replay_cache_free(c);
}
END_TEST

START_TEST(replay_fingerprint_collision) {
  /* given two keys sharing their buckets (bytes 16..31) and their first four bytes (what a
   * scan compares first) but not bytes 4..11 (compared on a fingerprint match) */
  mikey_replay_cache *c;
  mikey_replay_ops ops;
  ck_assert_int_eq(mikey_replay_cache_new(&c, 64), 0);
  ck_assert_int_eq(mikey_replay_cache_ops(c, &ops), 0);
  uint8_t a[MIKEY_REPLAY_KEY_LEN], b[MIKEY_REPLAY_KEY_LEN];
  for (size_t i = 0; i < sizeof(a); i++) {
    a[i] = (uint8_t)(0x11 * i + 5);
  }
  memcpy(b, a, sizeof(b));
  b[9] ^= 0x80;
  ck_assert_int_eq(mikey_replay_commit(&ops, a, NTP(500), NTP(100)), 0);
  /* when the second comes, then it is new: the stored bytes decide, not the fingerprint */
  ck_assert_int_eq(mikey_replay_lookup(&ops, b, NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_commit(&ops, b, NTP(500), NTP(100)), 0);
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(100)), 2);
  /* and both are remembered */
  ck_assert_int_eq(mikey_replay_lookup(&ops, a, NTP(200)), MIKEY_E_REPLAY);
  ck_assert_int_eq(mikey_replay_lookup(&ops, b, NTP(200)), MIKEY_E_REPLAY);
  ck_assert_int_eq(mikey_replay_commit(&ops, b, NTP(500), NTP(200)), MIKEY_E_REPLAY);
  /* a key differing in its last compared byte (11) is new as well */
  a[11] ^= 1;
  ck_assert_int_eq(mikey_replay_commit(&ops, a, NTP(500), NTP(200)), 0);
  mikey_replay_cache_free(c);
}
END_TEST

START_TEST(replay_across_ntp_era) {
  /* given an entry inserted 16 s before the NTP era wraps (2036), living 32 s */
  mikey_replay_cache *c;
  mikey_replay_ops ops;
  ck_assert_int_eq(mikey_replay_cache_new(&c, 64), 0);
  ck_assert_int_eq(mikey_replay_cache_ops(c, &ops), 0);
  uint8_t k[MIKEY_REPLAY_KEY_LEN], k2[MIKEY_REPLAY_KEY_LEN];
  memset(k, 0xa5, sizeof(k));
  memset(k2, 0x5a, sizeof(k2));
  uint64_t now = NTP(0xfffffff0u), expiry = NTP(0xfffffff0u) + NTP(32); /* wraps to 16 s */
  ck_assert_uint_eq(expiry, NTP(16));
  ck_assert_int_eq(mikey_replay_commit(&ops, k, expiry, now), 0);
  /* then it lives on through the wrap, up to its expiry, and not after */
  ck_assert_int_eq(mikey_replay_lookup(&ops, k, NTP(0xffffffffu)), MIKEY_E_REPLAY);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k, NTP(5)), MIKEY_E_REPLAY);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k, NTP(16)), MIKEY_E_REPLAY);
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(16)), 1);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k, NTP(17)), 0);
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(17)), 0);
  /* an expiry in the last second of an era lives through it */
  uint64_t last = NTP(0xffffffffu) + 5;
  ck_assert_int_eq(mikey_replay_commit(&ops, k2, last, now), 0);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k2, last), MIKEY_E_REPLAY);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k2, NTP(2)), 0);
  mikey_replay_cache_free(c);
}
END_TEST

/* The look-up remembers (per thread) where its key would go, and the commit of that key
 * inserts there without scanning when nothing changed: these tests change something in
 * between and check that the commit still sees it. Keys with the same bytes 16..31 share
 * their two buckets. */

static void key_of(uint8_t k[MIKEY_REPLAY_KEY_LEN], uint8_t head, uint8_t buckets) {
  memset(k, buckets, MIKEY_REPLAY_KEY_LEN);
  memset(k, head, 16);
}

START_TEST(replay_memo_sees_inserts_between) {
  mikey_replay_cache *c;
  mikey_replay_ops ops;
  ck_assert_int_eq(mikey_replay_cache_new(&c, 4096), 0);
  ck_assert_int_eq(mikey_replay_cache_ops(c, &ops), 0);
  uint8_t k[MIKEY_REPLAY_KEY_LEN], k2[MIKEY_REPLAY_KEY_LEN];
  key_of(k, 1, 0x42);
  key_of(k2, 2, 0x42);
  /* given a look-up of k, when another key of the same buckets is committed before k */
  ck_assert_int_eq(mikey_replay_lookup(&ops, k, NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_commit(&ops, k2, NTP(400), NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_commit(&ops, k, NTP(400), NTP(100)), 0);
  /* then both are kept (k did not take the entry its look-up had chosen) */
  ck_assert_int_eq(mikey_replay_lookup(&ops, k2, NTP(100)), MIKEY_E_REPLAY);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k, NTP(100)), MIKEY_E_REPLAY);
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(100)), 2);
  /* given two copies of one message, both looked up first (as two KMS threads would), when
   * both are committed, then the second is a replay */
  uint8_t k3[MIKEY_REPLAY_KEY_LEN];
  key_of(k3, 3, 0x42);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k3, NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k3, NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_commit(&ops, k3, NTP(400), NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_commit(&ops, k3, NTP(400), NTP(100)), MIKEY_E_REPLAY);
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(100)), 3);
  mikey_replay_cache_free(c);
}
END_TEST

START_TEST(replay_memo_clock_back) {
  mikey_replay_cache *c;
  mikey_replay_ops ops;
  ck_assert_int_eq(mikey_replay_cache_new(&c, 64), 0);
  ck_assert_int_eq(mikey_replay_cache_ops(c, &ops), 0);
  uint8_t k[MIKEY_REPLAY_KEY_LEN];
  key_of(k, 7, 0x17);
  ck_assert_int_eq(mikey_replay_commit(&ops, k, NTP(900), NTP(100)), 0);
  /* given a look-up at 1000 s, after the entry of k expired */
  ck_assert_int_eq(mikey_replay_lookup(&ops, k, NTP(1000)), 0);
  /* when the commit comes with a clock set back to 800 s, then the entry is live again */
  ck_assert_int_eq(mikey_replay_commit(&ops, k, NTP(1300), NTP(800)), MIKEY_E_REPLAY);
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(800)), 1);
  mikey_replay_cache_free(c);
}
END_TEST

START_TEST(replay_memo_other_key_or_cache) {
  mikey_replay_cache *c, *c2;
  mikey_replay_ops ops, ops2;
  ck_assert_int_eq(mikey_replay_cache_new(&c, 4096), 0);
  ck_assert_int_eq(mikey_replay_cache_ops(c, &ops), 0);
  ck_assert_int_eq(mikey_replay_cache_new(&c2, 4096), 0);
  ck_assert_int_eq(mikey_replay_cache_ops(c2, &ops2), 0);
  uint8_t k1[MIKEY_REPLAY_KEY_LEN], k2[MIKEY_REPLAY_KEY_LEN], x[MIKEY_REPLAY_KEY_LEN];
  key_of(k1, 1, 0x01);
  key_of(k2, 2, 0x02);
  /* given look-ups of k1 then k2, when k1 is committed, then it goes to its own buckets */
  ck_assert_int_eq(mikey_replay_lookup(&ops, k1, NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k2, NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_commit(&ops, k1, NTP(400), NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k1, NTP(100)), MIKEY_E_REPLAY);
  ck_assert_int_eq(mikey_replay_commit(&ops, k2, NTP(400), NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_lookup(&ops, k2, NTP(100)), MIKEY_E_REPLAY);
  /* given a key x in c2 and, in c, a key of x's first bucket (so that both caches have seen
   * one insert there), when x is looked up in c and committed to c2, then c2 sees it */
  key_of(x, 9, 0x33);
  ck_assert_int_eq(mikey_replay_commit(&ops2, x, NTP(400), NTP(100)), 0);
  uint8_t y[MIKEY_REPLAY_KEY_LEN];
  key_of(y, 10, 0x33);
  ck_assert_int_eq(mikey_replay_commit(&ops, y, NTP(400), NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_lookup(&ops, x, NTP(100)), 0);
  ck_assert_int_eq(mikey_replay_commit(&ops2, x, NTP(400), NTP(100)), MIKEY_E_REPLAY);
  ck_assert_uint_eq(mikey_replay_cache_count(c2, NTP(100)), 1);
  mikey_replay_cache_free(c);
  mikey_replay_cache_free(c2);
}
END_TEST

START_TEST(replay_key_names_every_field) {
  uint8_t k0[32], k1[32];
  mikey_identity a = {MIKEY_ID_URI, (const uint8_t *)"sip:a@x", 7};
  mikey_identity b = {MIKEY_ID_NAI, (const uint8_t *)"sip:a@x", 7};
  uint8_t r[16] = {0};
  mikey_replay_key(11, &a, 1, r, 16, k0);
  mikey_replay_key(11, &b, 1, r, 16, k1);
  ck_assert(memcmp(k0, k1, 32) != 0); /* ID type */
  mikey_replay_key(16, &a, 1, r, 16, k1);
  ck_assert(memcmp(k0, k1, 32) != 0); /* data type */
  mikey_replay_key(11, &a, 2, r, 16, k1);
  ck_assert(memcmp(k0, k1, 32) != 0); /* CSB ID */
  r[15] = 1;
  mikey_replay_key(11, &a, 1, r, 16, k1);
  ck_assert(memcmp(k0, k1, 32) != 0); /* RAND */
  mikey_replay_key(11, NULL, 1, r, 16, k1);
  ck_assert(memcmp(k0, k1, 32) != 0); /* no identity */
}
END_TEST

START_TEST(replay_full_bucket_fails_closed) {
  mikey_replay_cache *c;
  mikey_replay_ops ops;
  ck_assert_int_eq(mikey_replay_cache_new(&c, 64), 0); /* 8 buckets of 8 */
  ck_assert_int_eq(mikey_replay_cache_ops(c, &ops), 0);
  /* keys with the same bucket bytes (16..31) share their two buckets: 16 entries fill them */
  uint8_t k[32];
  memset(k, 0, sizeof(k));
  for (int i = 0; i < 16; i++) {
    k[0] = (uint8_t)i;
    ck_assert_int_eq(ops.check_insert(ops.user_data, k, NTP(500), NTP(100)), 0);
  }
  k[0] = 16;
  /* given two buckets of live entries, when a 17th comes, then it is refused, nothing
   * evicted */
  ck_assert_int_eq(ops.check_insert(ops.user_data, k, NTP(500), NTP(100)), MIKEY_E_LIMIT);
  ck_assert_int_eq(mikey_replay_commit(&ops, k, NTP(500), NTP(100)), MIKEY_E_LIMIT);
  for (int i = 0; i < 16; i++) {
    k[0] = (uint8_t)i;
    ck_assert_int_eq(ops.lookup(ops.user_data, k, NTP(100)), MIKEY_REPLAY_SEEN);
  }
  k[0] = 16;
  /* once they expire, the bucket takes new keys */
  k[0] = 8;
  ck_assert_int_eq(ops.check_insert(ops.user_data, k, NTP(900), NTP(600)), 0);
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(600)), 1);
  mikey_replay_cache_free(c);
}
END_TEST

START_TEST(replay_two_choices_fill_up) {
  /* given a cache of 4096 entries, half of it fills with real keys without a refusal */
  mikey_replay_cache *c;
  mikey_replay_ops ops;
  ck_assert_int_eq(mikey_replay_cache_new(&c, 4096), 0);
  ck_assert_int_eq(mikey_replay_cache_ops(c, &ops), 0);
  mikey_identity id = {MIKEY_ID_URI, (const uint8_t *)"sip:a@x", 7};
  uint8_t k[MIKEY_REPLAY_KEY_LEN];
  for (uint32_t i = 0; i < 2048; i++) {
    mikey_replay_key(MIKEY_DT_RESOLVE_INIT_PSK, &id, i, NULL, 0, k);
    ck_assert_msg(mikey_replay_commit(&ops, k, NTP(700), NTP(100)) == 0, "insert %u", i);
  }
  ck_assert_uint_eq(mikey_replay_cache_count(c, NTP(100)), 2048);
  mikey_replay_key(MIKEY_DT_RESOLVE_INIT_PSK, &id, 5, NULL, 0, k);
  ck_assert_int_eq(mikey_replay_commit(&ops, k, NTP(700), NTP(200)), MIKEY_E_REPLAY);
  mikey_replay_cache_free(c);
}
END_TEST

START_TEST(replay_bounds) {
  mikey_replay_cache *c = NULL;
  ck_assert_int_eq(mikey_replay_cache_new(NULL, 10), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_replay_cache_new(&c, ((size_t)1 << 24) + 1), MIKEY_E_LIMIT);
  ck_assert_ptr_null(c);
  ck_assert_int_eq(mikey_replay_cache_ops(NULL, NULL), MIKEY_E_INVAL);
  mikey_replay_cache_free(NULL);
}
END_TEST

/* ---- timestamps ------------------------------------------------------------------------- */

START_TEST(ts_window) {
  mikey_ts t = {0, MIKEY_TS_NTP_UTC, NTP(10000)};
  ck_assert_int_eq(mikey_ts_fresh(&t, NTP(10000), 300), 0);
  ck_assert_int_eq(mikey_ts_fresh(&t, NTP(10300), 300), 0);
  ck_assert_int_eq(mikey_ts_fresh(&t, NTP(10300) + 1, 300), MIKEY_E_TIMESTAMP);
  ck_assert_int_eq(mikey_ts_fresh(&t, NTP(9700), 300), 0);
  ck_assert_int_eq(mikey_ts_fresh(&t, NTP(9700) - 1, 300), MIKEY_E_TIMESTAMP);
  t.ts_type = MIKEY_TS_NTP_UTC_32;
  t.value = 10000;
  ck_assert_int_eq(mikey_ts_fresh(&t, NTP(10100), 300), 0);
  t.ts_type = MIKEY_TS_COUNTER;
  ck_assert_int_eq(mikey_ts_fresh(&t, NTP(10100), 300), MIKEY_E_TIMESTAMP);
  /* across the 2036 era boundary: 0xffffff00 s and 0x100 s are 512 s apart */
  t.ts_type = MIKEY_TS_NTP_UTC;
  t.value = NTP(0xffffff00u);
  ck_assert_int_eq(mikey_ts_fresh(&t, NTP(0x100), 600), 0);
  ck_assert_int_eq(mikey_ts_fresh(&t, NTP(0x100), 500), MIKEY_E_TIMESTAMP);
  ck_assert(mikey_ntp_diff(NTP(0x100), NTP(0xffffff00u)) == (int64_t)NTP(512));
}
END_TEST

/* ---- Error messages ---------------------------------------------------------------------- */

static uint64_t fixed_now(void *ud) {
  (void)ud;
  return NTP(0xE0000000u);
}

START_TEST(errmsg_build_and_parse) {
  /* given a REQUEST_INIT HDR with PRF 1 and a CSB ID */
  mikey_msg m;
  mikey_msg_init(&m, MIKEY_DT_REQUEST_INIT_PSK);
  m.hdr.prf = MIKEY_PRF_HMAC_SHA_256;
  m.hdr.csb_id = 0xCAFEBABEu;
  m.hdr.v = 1;
  m.hdr.map_type = MIKEY_MAP_EMPTY;
  uint8_t req[64];
  size_t reqlen;
  ck_assert_int_eq(mikey_hdr_encode(&m.hdr, 0, req, sizeof(req), &reqlen), 0);
  mikey_env env = {NULL, fixed_now, NULL};
  uint8_t out[128];
  size_t outlen;
  /* when an Error message is built for MIKEY_E_EXPIRED (D12: Invalid TS) */
  ck_assert_int_eq(mikey_errmsg_build(req, reqlen, MIKEY_E_EXPIRED, &env, NULL, 0, &outlen),
                   MIKEY_E_BUFFER_TOO_SMALL);
  size_t need = outlen;
  ck_assert_int_eq(mikey_errmsg_build(req, reqlen, MIKEY_E_EXPIRED, &env, out, sizeof(out),
                                      &outlen),
                   0);
  ck_assert_uint_eq(outlen, need);
  /* then it is HDR(dt 6, V=0, same PRF and CSB ID, Empty map), T(now), ERR(1) */
  const char *want = "01 06 05 01 CAFEBABE 00 01"   /* HDR: next T, V=0 PRF 1 */
                     "0C 00 E000000000000000"       /* T NTP-UTC, next ERR */
                     "00 01 0000";                  /* ERR Invalid TS, last */
  uint8_t w[64];
  size_t wl = test_hex(want, w, sizeof(w));
  ck_assert_bytes(out, outlen, w, wl);
  mikey_errmsg_info info;
  ck_assert_int_eq(mikey_errmsg_parse(out, outlen, &info), 0);
  ck_assert_uint_eq(info.error_no, MIKEY_ERRNO_INVALID_TS);
  ck_assert_uint_eq(info.csb_id, 0xCAFEBABEu);
  ck_assert_uint_eq(info.prf, 1);
  ck_assert_uint_eq(info.n_errors, 1);
  ck_assert_int_eq(info.has_v, 0);
  /* a message that is not an Error message is refused by the parser */
  ck_assert_int_eq(mikey_errmsg_parse(req, reqlen, &info), MIKEY_E_BAD_DATA_TYPE);
}
END_TEST

START_TEST(errmsg_with_v_verifies_and_tamper_fails) {
  mikey_hdr h;
  memset(&h, 0, sizeof(h));
  h.version = 1;
  h.data_type = MIKEY_DT_RESOLVE_INIT_PSK;
  h.prf = MIKEY_PRF_HMAC_SHA_256;
  h.csb_id = 7;
  h.map_type = MIKEY_MAP_EMPTY;
  uint8_t psk[32];
  memset(psk, 0x42, sizeof(psk));
  uint8_t rr[32] = {9};
  mikey_keyset ks;
  ck_assert_int_eq(mikey_msgkeys(h.prf, psk, 32, h.csb_id, MIKEY_KDF_INITIAL, NULL, 0, rr, 32,
                                 &ks),
                   0);
  uint8_t out[128];
  size_t outlen;
  ck_assert_int_eq(mikey_errmsg_write(&h, MIKEY_ERRNO_INVALID_ID, NTP(5), &ks, out, sizeof(out),
                                      &outlen),
                   0);
  ck_assert_uint_eq(outlen, 10 + 10 + 4 + 2 + 32); /* HDR, T, ERR, V */
  mikey_msg m;
  ck_assert_int_eq(mikey_msg_decode(&m, out, outlen), 0);
  uint8_t no;
  int authd;
  /* given the key of the request, the Error message authenticates */
  ck_assert_int_eq(mikey_errmsg_check(&m, &h, &ks, &no, &authd), MIKEY_E_PEER_ERROR);
  ck_assert_uint_eq(no, MIKEY_ERRNO_INVALID_ID);
  ck_assert_int_eq(authd, 1);
  /* any flipped byte of the covered part breaks it */
  for (size_t i = 0; i < outlen; i++) {
    if (i == 1 || (i >= 4 && i < 8)) {
      continue; /* data type and CSB ID: checked before the MAC */
    }
    uint8_t copy[128];
    memcpy(copy, out, outlen);
    copy[i] ^= 0x01;
    if (mikey_msg_decode(&m, copy, outlen) != 0) {
      continue;
    }
    int rc = mikey_errmsg_check(&m, &h, &ks, &no, &authd);
    ck_assert_msg(rc != MIKEY_E_PEER_ERROR || !authd, "byte %zu", i);
  }
  /* a different CSB ID is a mismatch */
  mikey_hdr h2 = h;
  h2.csb_id = 8;
  ck_assert_int_eq(mikey_msg_decode(&m, out, outlen), 0);
  ck_assert_int_eq(mikey_errmsg_check(&m, &h2, &ks, &no, &authd), MIKEY_E_MISMATCH);
  mikey_keyset_clear(&ks);
}
END_TEST

/* ---- V coverage -------------------------------------------------------------------------- */

START_TEST(vmac_transfer_init_skips_initiator_data) {
  /* given a TRANSFER_INIT whose TICKET carries Initiator Data */
  static const uint8_t idata1[] = {9, 9, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                   17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
                                   0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                                   18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
  uint8_t idata2[sizeof(idata1)];
  memcpy(idata2, idata1, sizeof(idata1));
  idata2[10] ^= 0xff;
  uint8_t tpd[3] = {0, 0, 0};
  uint8_t td[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  uint8_t rnd[16] = {0};
  mikey_identity i = {MIKEY_ID_URI, (const uint8_t *)"sip:i", 5};
  mikey_identity r = {MIKEY_ID_URI, (const uint8_t *)"sip:r", 5};
  uint8_t buf[2][512];
  size_t len[2];
  uint8_t tag[2][32];
  mikey_keyset ks;
  memset(&ks, 0, sizeof(ks));
  ks.mac_alg = MIKEY_MAC_HMAC_SHA_256_256;
  ks.auth_len = 32;
  memset(ks.auth, 0x5a, 32);
  for (int k = 0; k < 2; k++) {
    mikey_msg m;
    mikey_msg_init(&m, MIKEY_DT_TRANSFER_INIT);
    m.hdr.prf = 1;
    m.hdr.map_type = MIKEY_MAP_GENERIC_ID;
    m.hdr.n_cs = 1;
    m.hdr.cs[0].cs_id = 1;
    m.hdr.cs[0].prot_type = 241;
    mikey_ts_set_now(&mikey_msg_add(&m, MIKEY_PT_T)->u.t, NTP(1));
    mikey_payload *p = mikey_msg_add(&m, MIKEY_PT_RANDR);
    p->u.rand.role = MIKEY_RAND_I;
    p->u.rand.rand = (mikey_bytes){rnd, 16};
    mikey_ident_set_idr(mikey_msg_add(&m, MIKEY_PT_IDR), MIKEY_ROLE_I, &i);
    mikey_ident_set_idr(mikey_msg_add(&m, MIKEY_PT_IDR), MIKEY_ROLE_R, &r);
    p = mikey_msg_add(&m, MIKEY_PT_TICKET);
    p->u.ticket.tp.ticket_type = 2;
    p->u.ticket.tp.tp_data = (mikey_bytes){tpd, 0};
    p->u.ticket.ticket_data = (mikey_bytes){td, sizeof(td)};
    p->u.ticket.initiator_data = (mikey_bytes){k ? idata2 : idata1, sizeof(idata1)};
    p = mikey_msg_add(&m, MIKEY_PT_V);
    p->u.v.alg = MIKEY_MAC_HMAC_SHA_256_256;
    p->u.v.mac = (mikey_bytes){mikey_zero_mac, 32};
    ck_assert_int_eq(mikey_msg_encode(&m, buf[k], sizeof(buf[k]), &len[k]), 0);
    mikey_cover c;
    ck_assert_int_eq(mikey_vmac_cover_init(&m, &i, &r, &c), 0);
    ck_assert_uint_eq(c.n, 4);
    /* the two message ranges plus the two identities cover everything but the Initiator
     * Data length (2), the Initiator Data and the MAC (32) */
    ck_assert_uint_eq(c.v[0].len + c.v[1].len, len[k] - 2 - sizeof(idata1) - 32);
    ck_assert_ptr_eq(c.v[2].base, i.data);
    ck_assert_uint_eq(c.v[3].len, 5);
    ck_assert_int_eq(mikey_vmac_sign(&m, buf[k], &c, &ks), 0);
    memcpy(tag[k], buf[k] + len[k] - 32, 32);
    /* and the signed message verifies after a decode of its bytes */
    mikey_msg d;
    ck_assert_int_eq(mikey_msg_decode(&d, buf[k], len[k]), 0);
    ck_assert_int_eq(mikey_vmac_cover_init(&d, &i, &r, &c), 0);
    ck_assert_int_eq(mikey_vmac_verify(&d, 1, &c, &ks), 0);
    /* with the other suite's PRF the V is refused before any MAC (D3) */
    ck_assert_int_eq(mikey_vmac_verify(&d, 0, &c, &ks), MIKEY_E_SUITE_MAC);
    /* with another responder identity it fails */
    mikey_identity r2 = {MIKEY_ID_URI, (const uint8_t *)"sip:s", 5};
    ck_assert_int_eq(mikey_vmac_cover_init(&d, &i, &r2, &c), 0);
    ck_assert_int_eq(mikey_vmac_verify(&d, 1, &c, &ks), MIKEY_E_AUTH);
  }
  /* then a different Initiator Data leaves the MAC unchanged (RFC 6043 5.5) */
  ck_assert_bytes(tag[0], 32, tag[1], 32);
  mikey_keyset_clear(&ks);
}
END_TEST

START_TEST(vmac_response_covers_initial_message) {
  uint8_t init[40];
  memset(init, 0x33, sizeof(init));
  mikey_msg m;
  mikey_msg_init(&m, MIKEY_DT_REQUEST_RESP);
  m.hdr.map_type = MIKEY_MAP_EMPTY;
  mikey_ts_set_now(&mikey_msg_add(&m, MIKEY_PT_T)->u.t, NTP(1));
  mikey_payload *p = mikey_msg_add(&m, MIKEY_PT_V);
  p->u.v.alg = MIKEY_MAC_HMAC_SHA_1_160;
  p->u.v.mac = (mikey_bytes){mikey_zero_mac, 20};
  uint8_t out[128];
  size_t len;
  ck_assert_int_eq(mikey_msg_encode(&m, out, sizeof(out), &len), 0);
  mikey_cover c;
  ck_assert_int_eq(mikey_vmac_cover_resp(&m, init, sizeof(init), &c), 0);
  ck_assert_uint_eq(c.n, 2);
  ck_assert_uint_eq(c.v[0].len, len - 20);
  ck_assert_ptr_eq(c.v[1].base, init);
  ck_assert_uint_eq(c.v[1].len, sizeof(init));
  /* a message whose last payload is not V has no coverage */
  m.n = 1;
  ck_assert_int_eq(mikey_vmac_cover_resp(&m, init, sizeof(init), &c), MIKEY_E_INVAL);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("roles_util");
  TCase *tc = tcase_create("replay");
  tcase_add_test(tc, replay_insert_then_seen);
  tcase_add_test(tc, replay_lives_through_its_expiry);
  tcase_add_test(tc, replay_fingerprint_collision);
  tcase_add_test(tc, replay_across_ntp_era);
  tcase_add_test(tc, replay_memo_sees_inserts_between);
  tcase_add_test(tc, replay_memo_clock_back);
  tcase_add_test(tc, replay_memo_other_key_or_cache);
  tcase_add_test(tc, replay_key_names_every_field);
  tcase_add_test(tc, replay_full_bucket_fails_closed);
  tcase_add_test(tc, replay_two_choices_fill_up);
  tcase_add_test(tc, replay_bounds);
  suite_add_tcase(s, tc);
  tc = tcase_create("time");
  tcase_add_test(tc, ts_window);
  suite_add_tcase(s, tc);
  tc = tcase_create("errmsg");
  tcase_add_test(tc, errmsg_build_and_parse);
  tcase_add_test(tc, errmsg_with_v_verifies_and_tamper_fails);
  suite_add_tcase(s, tc);
  tc = tcase_create("vmac");
  tcase_add_test(tc, vmac_transfer_init_skips_initiator_data);
  tcase_add_test(tc, vmac_response_covers_initial_message);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
