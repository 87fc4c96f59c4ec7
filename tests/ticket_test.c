/*
 * ticket_test.c: building and opening tickets against the known answers of
 * tests/vectors/ticket/gen_ticket.py (tickets built byte by byte from RFC 6043 6.10 and
 * Appendix A, TS 33.328 D.4, with Python hmac/hashlib and the openssl CLI): both ticket types,
 * both PRFs, 128- and 256-bit keys, salts, several keys. The library must build the same
 * bytes from the same inputs, and open the Python-built tickets to the right keys.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/codec.h>

#include "mikey_test.h"
#include "ticket_test_util.h"

static mikey_ticket_ctx ctx;
static mikey_tpk tpk;

static void setup(void) {
  mikey_ticket_ctx_init(&ctx);
  mikey_tpk_init(&tpk);
}

static void teardown(void) {
  mikey_ticket_ctx_clear(&ctx);
  mikey_tpk_clear(&tpk);
}

/* check_key compares one opened key with the vector's input. */
static void check_key(const mikey_ticket_key *k, const struct ticket_vec_key *vk) {
  uint8_t b[64];
  size_t n = tv_hex(vk->key, b, sizeof(b));
  ck_assert_uint_eq(k->type, vk->type);
  ck_assert_bytes(k->key, k->key_len, b, n);
  n = tv_hex(vk->salt, b, sizeof(b));
  ck_assert_bytes(k->salt, k->salt_len, b, n);
  n = tv_hex(vk->spi, b, sizeof(b));
  ck_assert_bytes(k->spi, k->spi_len, b, n);
}

/* check_mpkx compares MPKi and MPKr (A.2.2) with the vector. */
static void check_mpkx(const mikey_ticket_keys *k, const struct ticket_vec *v) {
  uint8_t b[64];
  size_t n = tv_hex(v->mpki, b, sizeof(b));
  ck_assert_bytes(k->mpki, k->mpk.key_len, b, n);
  n = tv_hex(v->mpkr, b, sizeof(b));
  ck_assert_bytes(k->mpkr, k->mpk.key_len, b, n);
}

START_TEST(build_matches_independent_ticket) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[_i]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  uint8_t out[1024];
  size_t len = 0;
  mikey_payload pl;
  /* the size first, before any crypto */
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, NULL, 0, &len, NULL),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(len, in.ticket_len);
  ck_assert_int_eq(
      mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, out, in.ticket_len - 1, &len, NULL),
      MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, out, sizeof(out), &len, &pl),
                   0);
  ck_assert_bytes(out, len, in.ticket, in.ticket_len);
  ck_assert_uint_eq(in.keys.prf, in.v->prf);
  check_mpkx(&in.keys, in.v);
  /* the payload handed back is the decoded TICKET, views into |out| */
  ck_assert_int_eq(pl.type, MIKEY_PT_TICKET);
  ck_assert_uint_eq(pl.offset, 0);
  ck_assert_uint_eq(pl.len, len);
  ck_assert_ptr_eq(pl.u.ticket.ticket_data.data, out + pl.u.ticket.ticket_data_offset);
  ck_assert_uint_eq(pl.u.ticket.initiator_data.len, 0);
}
END_TEST

START_TEST(open_independent_ticket) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[_i]);
  const struct ticket_vec *v = in.v;
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, in.ticket, in.ticket_len), 0);
  /* what parse found */
  ck_assert_uint_eq(tv.start, 0);
  ck_assert_uint_eq(tv.end, in.ticket_len);
  ck_assert_uint_eq(tv.policy.ticket_type, v->ticket_type);
  ck_assert_uint_eq(tv.policy.prf, v->prf);
  ck_assert_uint_eq(tv.policy.flags, v->flags);
  ck_assert_uint_eq(tv.policy.n_r, v->n_r);
  ck_assert_bytes(tv.kms_id.data, tv.kms_id.len, in.kms_id, in.kms_id_len);
  ck_assert_uint_eq(tv.thdr_data.len, in.kms_id_len + in.thdr_extra_len);
  ck_assert_uint_eq(tv.t.ts_type, v->t_type);
  ck_assert_uint_eq(tv.t.value, v->t);
  ck_assert_bytes(tv.rand.data, tv.rand.len, in.rand, in.rand_len);
  ck_assert_int_eq(tv.has_idrpsk, v->idrpsk != NULL);
  if (v->idrpsk) {
    ck_assert_bytes(tv.idrpsk.data.data, tv.idrpsk.data.len, v->idrpsk, strlen(v->idrpsk));
  }
  ck_assert_int_eq(tv.has_idata, 0);

  mikey_ticket_keys *keys;
  ck_assert_int_eq(mikey_ticket_keys_new(&keys), 0);
  ck_assert_int_eq(mikey_ticket_verify(&ctx, &tpk, &tv), 0);
  ck_assert_int_eq(mikey_ticket_open(&ctx, &tpk, &tv, keys), 0);
  uint8_t b[64];
  size_t n = tv_hex(v->mpk, b, sizeof(b));
  ck_assert_uint_eq(keys->mpk.type, MIKEY_KEY_MPK);
  ck_assert_bytes(keys->mpk.key, keys->mpk.key_len, b, n);
  n = tv_hex(v->mpk_spi, b, sizeof(b));
  ck_assert_bytes(keys->mpk.spi, keys->mpk.spi_len, b, n);
  ck_assert_uint_eq(keys->n, v->n_keys);
  for (size_t i = 0; i < v->n_keys; i++) {
    check_key(&keys->key[i], &v->keys[i]);
  }
  check_mpkx(keys, v);
  ck_assert_uint_eq(keys->prf, v->prf);
  ck_assert_int_eq(keys->forked, 0);

  /* the granted policy passes its profile with the keys the ticket carries */
  mikey_key_summary s;
  mikey_ticket_keys_summary(keys, &s);
  const mikey_profile *prof =
      (v->flags & MIKEY_TP_I) ? mikey_profile_ims() : mikey_profile_pskmime();
  ck_assert_int_eq(mikey_policy_check(&tv.policy, prof, MIKEY_POLICY_GRANTED, &s), 0);
  mikey_id r0 = {MIKEY_ROLE_R, MIKEY_ID_URI, {(const uint8_t *)v->r[0], strlen(v->r[0])}};
  ck_assert_int_eq(mikey_policy_check_responder(&tv.policy, &r0), 0);
  ck_assert_int_eq(mikey_policy_check_time(&tv.policy, (uint64_t)(v->trs + 60) << 32, 300), 0);

  /* the keys found by type and SPI */
  const mikey_ticket_key *k0 = mikey_ticket_keys_find(keys, v->keys[0].type, NULL, 0);
  ck_assert_ptr_eq(k0, &keys->key[0]);
  ck_assert_ptr_eq(mikey_ticket_keys_find(keys, v->keys[0].type, k0->spi, k0->spi_len), k0);
  ck_assert_ptr_null(mikey_ticket_keys_find(keys, v->keys[0].type, k0->spi, k0->spi_len - 1));
  ck_assert_ptr_null(mikey_ticket_keys_find(keys, MIKEY_KEY_GTGK_SALT, NULL, 0));
  mikey_key *exported;
  ck_assert_int_eq(mikey_ticket_key_export(k0, &exported), 0);
  ck_assert_bytes(mikey_key_data(exported), mikey_key_len(exported), k0->key, k0->key_len);
  mikey_key_free(exported);
  mikey_ticket_keys_free(keys);
}
END_TEST

/* A REQUEST_RESP-shaped message around a TICKET payload: HDR, T, IDRkms, TICKET, V (zero
 * MAC). The ticket layer must take its offsets from the message, not from the payload. */
static size_t wrap_in_message(const mikey_payload *ticket, uint8_t *out, size_t cap) {
  static const uint8_t zero[32];
  static const uint8_t kms[] = "sip:kms.example.org";
  mikey_msg m;
  mikey_msg_init(&m, MIKEY_DT_REQUEST_RESP);
  m.hdr.prf = MIKEY_PRF_HMAC_SHA_256;
  m.hdr.map_type = MIKEY_MAP_EMPTY;
  m.hdr.csb_id = 0x01020304;
  mikey_payload *p = mikey_msg_add(&m, MIKEY_PT_T);
  p->u.t.ts_type = MIKEY_TS_NTP_UTC;
  p->u.t.value = 0xE93C0E8000000000ull;
  p = mikey_msg_add(&m, MIKEY_PT_IDR);
  p->u.id = (mikey_id){MIKEY_ROLE_KMS, MIKEY_ID_URI, {kms, sizeof(kms) - 1}};
  p = mikey_msg_add(&m, MIKEY_PT_TICKET);
  *p = *ticket;
  p = mikey_msg_add(&m, MIKEY_PT_V);
  p->u.v.alg = MIKEY_MAC_HMAC_SHA_256_256;
  p->u.v.mac = (mikey_bytes){zero, 32};
  size_t len;
  ck_assert_int_eq(mikey_msg_encode(&m, out, cap, &len), 0);
  return len;
}

START_TEST(build_place_in_message_and_open) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[_i]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  uint8_t t[1024], msg[2048];
  size_t len;
  mikey_payload pl;
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, t, sizeof(t), &len, &pl),
                   0);
  size_t mlen = wrap_in_message(&pl, msg, sizeof(msg));
  mikey_msg m;
  ck_assert_int_eq(mikey_msg_decode(&m, msg, mlen), 0);
  const mikey_payload *tp = mikey_msg_find(&m, MIKEY_PT_TICKET, -1);
  ck_assert_ptr_nonnull(tp);
  ck_assert_uint_gt(tp->offset, 0);
  /* the Next Payload byte of the ticket in the message is V's type, not 0 */
  ck_assert_uint_eq(msg[tp->offset], MIKEY_PT_V);
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse(&tv, msg, mlen, tp), 0);
  ck_assert_uint_eq(tv.start, tp->offset);
  mikey_ticket_keys keys;
  ck_assert_int_eq(mikey_ticket_open(&ctx, &tpk, &tv, &keys), 0);
  check_mpkx(&keys, in.v);
  check_key(&keys.key[0], &in.v->keys[0]);
  mikey_ticket_keys_clear(&keys);
  /* a payload that is not inside the buffer, or not a TICKET */
  ck_assert_int_eq(mikey_ticket_parse(&tv, msg, tp->offset + tp->len - 1, tp), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_ticket_parse(&tv, msg, mlen, &m.pl[0]), MIKEY_E_INVAL);
  mikey_payload moved = *tp;
  moved.u.ticket.ticket_data_offset++;
  ck_assert_int_eq(mikey_ticket_parse(&tv, msg, mlen, &moved), MIKEY_E_INVAL);
}
END_TEST

/* TPK lookup by the KMS identifier of the THDR (TS 33.328 D.4) or IDRpsk. */
struct lookup_ctx {
  const uint8_t *kms_id;
  mikey_tpk *tpk;
  int calls;
  int fail; /* return this instead */
};

static int lookup(void *ud, const mikey_ticket_view *tv, mikey_tpk **out) {
  struct lookup_ctx *lc = ud;
  lc->calls++;
  if (lc->fail) {
    return lc->fail;
  }
  if (tv->kms_id.len != MIKEY_TICKET_KMS_ID_LEN ||
      memcmp(tv->kms_id.data, lc->kms_id, MIKEY_TICKET_KMS_ID_LEN) != 0) {
    return MIKEY_E_KMS_ID;
  }
  *out = lc->tpk;
  return 0;
}

START_TEST(open_with_lookup) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[0]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, in.ticket, in.ticket_len), 0);
  mikey_ticket_keys keys;
  struct lookup_ctx lc = {in.kms_id, &tpk, 0, 0};
  ck_assert_int_eq(mikey_ticket_open_lookup(&ctx, lookup, &lc, &tv, &keys), 0);
  ck_assert_int_eq(lc.calls, 1);
  check_mpkx(&keys, in.v);
  static const uint8_t other[6] = {1, 2, 3, 4, 5, 6};
  lc.kms_id = other;
  ck_assert_int_eq(mikey_ticket_open_lookup(&ctx, lookup, &lc, &tv, &keys), MIKEY_E_KMS_ID);
  ck_assert_uint_eq(keys.mpk.key_len, 0);
  lc.fail = MIKEY_E_UNKNOWN_KEY;
  ck_assert_int_eq(mikey_ticket_open_lookup(&ctx, lookup, &lc, &tv, &keys),
                   MIKEY_E_UNKNOWN_KEY);
  lc.fail = -77;
  ck_assert_int_eq(mikey_ticket_open_lookup(&ctx, lookup, &lc, &tv, &keys), MIKEY_E_CALLBACK);
  lc.fail = 0;
  lc.kms_id = in.kms_id;
  lc.tpk = NULL;
  ck_assert_int_eq(mikey_ticket_open_lookup(&ctx, lookup, &lc, &tv, &keys), MIKEY_E_CALLBACK);
  ck_assert_int_eq(mikey_ticket_open_lookup(&ctx, NULL, &lc, &tv, &keys), MIKEY_E_INVAL);
}
END_TEST

START_TEST(contexts_are_reused_across_tickets) {
  /* one worker: one scratch context and one TPK object re-keyed per vector, each vector's
   * ticket opened many times */
  for (size_t rep = 0; rep < 3; rep++) {
    for (size_t i = 0; i < TV_COUNT; i++) {
      tv_inputs in;
      tv_load(&in, &ticket_vectors[i]);
      ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
      mikey_ticket_view tv;
      ck_assert_int_eq(mikey_ticket_parse_payload(&tv, in.ticket, in.ticket_len), 0);
      mikey_ticket_keys keys;
      for (int j = 0; j < 20; j++) {
        ck_assert_int_eq(mikey_ticket_open(&ctx, &tpk, &tv, &keys), 0);
      }
      check_mpkx(&keys, in.v);
      mikey_ticket_keys_clear(&keys);
    }
  }
}
END_TEST

/* all_zero tells whether the |n| bytes at |p| are zero. */
static int all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (p[i]) {
      return 0;
    }
  }
  return 1;
}

START_TEST(open_mpks_derives_what_is_asked) {
  /* given an independent ticket, when it is opened asking for MPKi, MPKr, both or neither,
   * then the MPK and session keys are always those of the vector, each MPK asked for is the
   * vector's (A.2.2, gen_ticket.py) and the other is left zero */
  tv_inputs in;
  tv_load(&in, &ticket_vectors[_i]);
  const struct ticket_vec *v = in.v;
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, in.ticket, in.ticket_len), 0);
  uint8_t mpk[64], mpki[64], mpkr[64];
  size_t mpk_len = tv_hex(v->mpk, mpk, sizeof(mpk));
  ck_assert_uint_eq(tv_hex(v->mpki, mpki, sizeof(mpki)), mpk_len);
  ck_assert_uint_eq(tv_hex(v->mpkr, mpkr, sizeof(mpkr)), mpk_len);
  static const unsigned masks[] = {0, MIKEY_TICKET_MPKI, MIKEY_TICKET_MPKR,
                                   MIKEY_TICKET_MPKI | MIKEY_TICKET_MPKR};
  mikey_ticket_keys keys;
  for (size_t m = 0; m < sizeof(masks) / sizeof(masks[0]); m++) {
    memset(&keys, 0xa5, sizeof(keys)); /* what an earlier message left */
    ck_assert_int_eq(mikey_ticket_open_mpks(&ctx, &tpk, &tv, &keys, masks[m]), 0);
    ck_assert_uint_eq(keys.prf, v->prf);
    ck_assert_int_eq(keys.forked, 0);
    ck_assert_uint_eq(keys.mpk.type, MIKEY_KEY_MPK);
    ck_assert_bytes(keys.mpk.key, keys.mpk.key_len, mpk, mpk_len);
    ck_assert_uint_eq(keys.n, v->n_keys);
    for (size_t i = 0; i < v->n_keys; i++) {
      check_key(&keys.key[i], &v->keys[i]);
    }
    if (masks[m] & MIKEY_TICKET_MPKI) {
      ck_assert_bytes(keys.mpki, mpk_len, mpki, mpk_len);
      ck_assert(all_zero(keys.mpki + mpk_len, sizeof(keys.mpki) - mpk_len));
    } else {
      ck_assert(all_zero(keys.mpki, sizeof(keys.mpki)));
    }
    if (masks[m] & MIKEY_TICKET_MPKR) {
      ck_assert_bytes(keys.mpkr, mpk_len, mpkr, mpk_len);
      ck_assert(all_zero(keys.mpkr + mpk_len, sizeof(keys.mpkr) - mpk_len));
    } else {
      ck_assert(all_zero(keys.mpkr, sizeof(keys.mpkr)));
    }
  }
  /* when the ticket's MAC is altered, then nothing is released: the keys are wiped */
  uint8_t bad[sizeof(in.ticket)];
  memcpy(bad, in.ticket, in.ticket_len);
  bad[tv.v.mac_offset] ^= 0x01;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, bad, in.ticket_len), 0);
  memset(&keys, 0xa5, sizeof(keys));
  ck_assert_int_eq(mikey_ticket_open_mpks(&ctx, &tpk, &tv, &keys, MIKEY_TICKET_MPKI),
                   MIKEY_E_AUTH);
  ck_assert(all_zero((const uint8_t *)&keys, sizeof(keys)));
  ck_assert_int_eq(mikey_ticket_open_mpks(&ctx, &tpk, &tv, NULL, MIKEY_TICKET_MPKI),
                   MIKEY_E_INVAL);
}
END_TEST

START_TEST(parse_reuses_a_view) {
  /* given one view, never cleared by the caller (on the heap: under make check-valgrind its
   * bytes are undefined, so a read of a slot the parse did not write is reported), then
   * filled by a ticket with two IDRr, IDRapp and IDRpsk */
  mikey_ticket_view *tv = malloc(sizeof(*tv));
  ck_assert_ptr_nonnull(tv);
  tv_inputs a, b, c;
  tv_load(&a, &ticket_vectors[1]);
  tv_load(&b, &ticket_vectors[2]);
  tv_load(&c, &ticket_vectors[3]);
  ck_assert_uint_eq(a.v->n_r, 2);
  ck_assert_uint_eq(b.v->n_r, 1);
  ck_assert_ptr_nonnull(a.v->idrpsk);
  ck_assert_ptr_null(b.v->idrpsk);
  ck_assert_ptr_nonnull(a.v->app);
  ck_assert_ptr_null(c.v->app);
  ck_assert_int_eq(mikey_ticket_parse_payload(tv, a.ticket, a.ticket_len), 0);
  ck_assert_uint_eq(tv->policy.n_r, 2);
  ck_assert_int_eq(tv->has_idrpsk, 1);
  mikey_id carol = {MIKEY_ROLE_R, MIKEY_ID_URI,
                    {(const uint8_t *)a.v->r[1], strlen(a.v->r[1])}};
  ck_assert_int_eq(mikey_policy_check_responder(&tv->policy, &carol), 0);
  /* when a ticket with one IDRr and no IDRpsk is parsed into it, then nothing of the first
   * remains: the second IDRr is no longer authorized, there is no IDRpsk */
  ck_assert_int_eq(mikey_ticket_parse_payload(tv, b.ticket, b.ticket_len), 0);
  ck_assert_uint_eq(tv->policy.n_r, 1);
  ck_assert_int_eq(mikey_policy_check_responder(&tv->policy, &carol), MIKEY_E_NOT_AUTHORIZED);
  mikey_id erin = {MIKEY_ROLE_R, MIKEY_ID_URI, {(const uint8_t *)b.v->r[0], strlen(b.v->r[0])}};
  ck_assert_int_eq(mikey_policy_check_responder(&tv->policy, &erin), 0);
  ck_assert_int_eq(tv->has_idrpsk, 0);
  ck_assert_uint_eq(tv->idrpsk.data.len, 0);
  ck_assert_int_eq(tv->has_idata, 0);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, b.tpk, b.tpk_len), 0);
  mikey_ticket_keys keys;
  ck_assert_int_eq(mikey_ticket_open(&ctx, &tpk, tv, &keys), 0);
  check_mpkx(&keys, b.v);
  /* and a ticket without IDRapp leaves none: it passes the IMS profile, which has no IDRapp
   * rule, and authorizes every application (6.10) */
  ck_assert_int_eq(mikey_ticket_parse_payload(tv, c.ticket, c.ticket_len), 0);
  ck_assert_uint_eq(tv->policy.n_app, 0);
  ck_assert_int_eq(mikey_policy_check_app(&tv->policy, MIKEY_ID_BYTES, (const uint8_t *)"x", 1,
                                          0),
                   0);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, c.tpk, c.tpk_len), 0);
  ck_assert_int_eq(mikey_ticket_open(&ctx, &tpk, tv, &keys), 0);
  mikey_key_summary s;
  mikey_ticket_keys_summary(&keys, &s);
  ck_assert_int_eq(mikey_policy_check(&tv->policy, mikey_profile_ims(), MIKEY_POLICY_GRANTED, &s),
                   0);
  mikey_ticket_keys_clear(&keys);
  free(tv);
}
END_TEST

START_TEST(tpk_and_keys_api) {
  uint8_t k[129] = {0};
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, k, 15), MIKEY_E_KEY_LENGTH);
  ck_assert_uint_eq(tpk.len, 0);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, k, 129), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, NULL, 16), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, k, 16), 0);
  ck_assert_uint_eq(tpk.len, 16);
  mikey_ticket_key key;
  uint8_t spi[17] = {1};
  ck_assert_int_eq(mikey_ticket_key_set(&key, MIKEY_KEY_TGK, k, 16, NULL, 0, spi, 4), 0);
  ck_assert_int_eq(mikey_ticket_key_set(&key, MIKEY_KEY_TGK, k, 16, NULL, 0, NULL, 0),
                   MIKEY_E_INVAL);
  ck_assert_uint_eq(key.key_len, 0);
  ck_assert_int_eq(mikey_ticket_key_set(&key, MIKEY_KEY_TGK, k, 16, k, 14, spi, 4),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_ticket_key_set(&key, MIKEY_KEY_TEK_SALT, k, 16, NULL, 0, spi, 4),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_ticket_key_set(&key, 7, k, 16, NULL, 0, spi, 4), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_ticket_key_set(&key, MIKEY_KEY_TGK, k, 0, NULL, 0, spi, 4),
                   MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_ticket_key_set(&key, MIKEY_KEY_TGK, k, 65, NULL, 0, spi, 4),
                   MIKEY_E_LIMIT);
  ck_assert_int_eq(mikey_ticket_key_set(&key, MIKEY_KEY_TGK, k, 16, NULL, 0, spi, 17),
                   MIKEY_E_LIMIT);
  ck_assert_int_eq(mikey_ticket_key_set(&key, MIKEY_KEY_TEK_SALT, k, 16, k, 33, spi, 4),
                   MIKEY_E_LIMIT);
  ck_assert_int_eq(mikey_ticket_keys_new(NULL), MIKEY_E_INVAL);
  mikey_ticket_keys_free(NULL);
  mikey_ticket_keys_clear(NULL);
  mikey_key *out = (mikey_key *)&key;
  ck_assert_int_eq(mikey_ticket_key_export(NULL, &out), MIKEY_E_INVAL);
  ck_assert_ptr_null(out);
}
END_TEST

static Suite *ticket_suite(void) {
  Suite *s = suite_create("ticket");
  TCase *tc = tcase_create("known_answers");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, build_matches_independent_ticket, 0, (int)TV_COUNT);
  tcase_add_loop_test(tc, open_independent_ticket, 0, (int)TV_COUNT);
  tcase_add_loop_test(tc, build_place_in_message_and_open, 0, (int)TV_COUNT);
  tcase_add_test(tc, open_with_lookup);
  tcase_add_test(tc, contexts_are_reused_across_tickets);
  tcase_add_test(tc, tpk_and_keys_api);
  tcase_add_loop_test(tc, open_mpks_derives_what_is_asked, 0, (int)TV_COUNT);
  tcase_add_test(tc, parse_reuses_a_view);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(ticket_suite()); }
