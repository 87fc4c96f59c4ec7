/*
 * ticket_idata_test.c: Initiator Data (RFC 6043 6.10; PROFILE.md section 6, D14, D15) and key
 * forking (5.1.1), against the known answers of gen_ticket.py: Vr built and verified, inserted
 * into a ticket and into a message without touching the ticket MAC, the I-flag presence rule,
 * Vi against the TRANSFER_INIT V; forked MPKr' and TGK', GTGK and TEK left alone.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/codec.h>

#include "mikey_test.h"
#include "ticket_test_util.h"

#define TP(x) MIKEY_TP_##x

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

/* vec_vi gives the Vi of the vector: its Auth alg and MAC. */
static mikey_v vec_vi(const tv_inputs *in, uint8_t *buf, size_t cap) {
  mikey_v v;
  memset(&v, 0, sizeof(v));
  v.alg = in->v->prf == MIKEY_PRF_MIKEY_1 ? MIKEY_MAC_HMAC_SHA_1_160 : MIKEY_MAC_HMAC_SHA_256_256;
  v.mac.data = buf;
  v.mac.len = tv_hex(in->v->vi_mac, buf, cap);
  return v;
}

START_TEST(build_matches_independent_initiator_data) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[_i]);
  uint8_t vim[32], mpkr[64], want[256], got[256];
  mikey_v vi = vec_vi(&in, vim, sizeof(vim));
  size_t ml = tv_hex(in.v->mpkr, mpkr, sizeof(mpkr));
  size_t wl = tv_hex(in.v->idata, want, sizeof(want)), gl = 0, sz = 0;
  ck_assert_int_eq(mikey_initiator_data_size(vi.alg, &sz), 0);
  ck_assert_uint_eq(sz, wl);
  ck_assert_int_eq(
      mikey_initiator_data_build(&ctx, in.v->prf, mpkr, ml, &vi, NULL, 0, &gl),
      MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(gl, wl);
  ck_assert_int_eq(
      mikey_initiator_data_build(&ctx, in.v->prf, mpkr, ml, &vi, got, sizeof(got), &gl), 0);
  ck_assert_bytes(got, gl, want, wl);
  /* refusals: an algorithm of the other suite (D3), a Vi MAC of the wrong length, a short
   * MPKr */
  mikey_v bad = vi;
  bad.alg = vi.alg == MIKEY_MAC_HMAC_SHA_1_160 ? MIKEY_MAC_HMAC_SHA_256_256
                                               : MIKEY_MAC_HMAC_SHA_1_160;
  ck_assert_int_eq(
      mikey_initiator_data_build(&ctx, in.v->prf, mpkr, ml, &bad, got, sizeof(got), &gl),
      MIKEY_E_SUITE_MAC);
  bad = vi;
  bad.mac.len--;
  ck_assert_int_eq(
      mikey_initiator_data_build(&ctx, in.v->prf, mpkr, ml, &bad, got, sizeof(got), &gl),
      MIKEY_E_INVAL);
  ck_assert_int_eq(
      mikey_initiator_data_build(&ctx, in.v->prf, mpkr, 15, &vi, got, sizeof(got), &gl),
      MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_initiator_data_size(MIKEY_MAC_NULL, &sz), MIKEY_E_SUITE_MAC);
}
END_TEST

START_TEST(insert_and_verify_in_the_ims_ticket) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[3]);
  ck_assert_uint_ne(in.v->flags & TP(I), 0);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  uint8_t idata[256], buf[1024], vim[32];
  size_t il = tv_hex(in.v->idata, idata, sizeof(idata)), nl;
  memcpy(buf, in.ticket, in.ticket_len);
  /* too small: nothing moves, the size needed is told */
  ck_assert_int_eq(mikey_ticket_insert_initiator_data(buf, in.ticket_len, in.ticket_len + il - 1,
                                                      0, idata, il, &nl),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(nl, in.ticket_len + il);
  ck_assert_bytes(buf, in.ticket_len, in.ticket, in.ticket_len);
  ck_assert_int_eq(
      mikey_ticket_insert_initiator_data(buf, in.ticket_len, sizeof(buf), 0, idata, il, &nl), 0);
  ck_assert_bytes(buf, nl, in.ticket_idata, in.ticket_idata_len);

  /* the ticket opens (its MAC excludes these fields), the Vr verifies with unforked MPKr */
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, buf, nl), 0);
  ck_assert_int_eq(mikey_ticket_check_initiator_data(&tv), 0);
  mikey_ticket_keys keys;
  ck_assert_int_eq(mikey_ticket_open(&ctx, &tpk, &tv, &keys), 0);
  ck_assert_int_eq(mikey_initiator_data_verify(&ctx, &tv, keys.mpkr, keys.mpk.key_len), 0);
  /* Vi against the TRANSFER_INIT V (D14) */
  mikey_v vi = vec_vi(&in, vim, sizeof(vim));
  ck_assert_int_eq(mikey_initiator_data_check_vi(&tv, &vi), 0);
  mikey_v other = vi;
  other.alg = MIKEY_MAC_HMAC_SHA_1_160;
  other.mac.len = 20;
  ck_assert_int_eq(mikey_initiator_data_check_vi(&tv, &other), MIKEY_E_VI_MISMATCH);
  for (size_t i = 0; i < vi.mac.len; i++) {
    vim[i] ^= 0x01;
    ck_assert_int_eq(mikey_initiator_data_check_vi(&tv, &vi), MIKEY_E_VI_MISMATCH);
    vim[i] ^= 0x01;
  }

  /* Vr wrong: another MPKr, or any bit of the Initiator Data changed */
  uint8_t mpkr2[64];
  memcpy(mpkr2, keys.mpkr, keys.mpk.key_len);
  mpkr2[0] ^= 0x80;
  ck_assert_int_eq(mikey_initiator_data_verify(&ctx, &tv, mpkr2, keys.mpk.key_len),
                   MIKEY_E_AUTH);
  uint8_t copy[1024];
  for (size_t i = in.ticket_len; i < nl; i++) {
    for (int bit = 0; bit < 8; bit++) {
      memcpy(copy, buf, nl);
      copy[i] ^= (uint8_t)(1u << bit);
      mikey_ticket_view t2;
      int rc = mikey_ticket_parse_payload(&t2, copy, nl);
      if (rc == 0) {
        rc = mikey_initiator_data_verify(&ctx, &t2, keys.mpkr, keys.mpk.key_len);
      }
      ck_assert_msg(rc < 0, "Initiator Data byte %zu bit %d accepted", i, bit);
      /* where the bytes are MAC values, only the Vr MAC can tell */
      if (i >= (size_t)(tv.vi.mac.data - buf) + 0 && i < (size_t)(tv.vi.mac.data - buf) +
                                                              tv.vi.mac.len) {
        ck_assert_int_eq(rc, MIKEY_E_AUTH);
      }
      if (i >= tv.vr.mac_offset) {
        ck_assert_int_eq(rc, MIKEY_E_AUTH);
      }
    }
  }
  /* the forked MPKr is not the key of Vr (6.10: "derived from MPKr (not forked)") */
  mikey_ticket_keys forked;
  uint8_t rk[64];
  size_t rkl = tv_hex(in.v->randrkms, rk, sizeof(rk));
  ck_assert_int_eq(mikey_fork_keys(&ctx, &keys, (const uint8_t *)in.v->fork_id,
                                   strlen(in.v->fork_id), rk, rkl, &forked),
                   0);
  ck_assert_int_eq(mikey_initiator_data_verify(&ctx, &tv, forked.mpkr, forked.mpk.key_len),
                   MIKEY_E_AUTH);

  /* replaced by Initiator Data of another length, then removed: the ticket MAC holds */
  uint8_t longer[300];
  longer[0] = MIKEY_PT_RAND;
  longer[1] = MIKEY_PT_V;
  longer[2] = 3;
  memset(longer + 3, 0xEE, 3);
  memcpy(longer + 6, idata + 1, il - 1);
  size_t l2 = il + 5;
  ck_assert_int_eq(mikey_ticket_insert_initiator_data(buf, nl, sizeof(buf), 0, longer, l2, &nl),
                   0);
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, buf, nl), 0);
  ck_assert_int_eq(mikey_ticket_verify(&ctx, &tpk, &tv), 0);
  /* ...but the Vr covers the whole Initiator Data, so it no longer verifies */
  ck_assert_int_eq(mikey_initiator_data_verify(&ctx, &tv, keys.mpkr, keys.mpk.key_len),
                   MIKEY_E_AUTH);
  ck_assert_int_eq(mikey_ticket_insert_initiator_data(buf, nl, sizeof(buf), 0, NULL, 0, &nl), 0);
  ck_assert_bytes(buf, nl, in.ticket, in.ticket_len);
  /* I=1 and no Initiator Data (6.10 "if and only if") */
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, buf, nl), 0);
  ck_assert_int_eq(mikey_ticket_check_initiator_data(&tv), MIKEY_E_VI_MISSING);
  ck_assert_int_eq(mikey_initiator_data_verify(&ctx, &tv, keys.mpkr, keys.mpk.key_len),
                   MIKEY_E_VI_MISSING);
  ck_assert_int_eq(mikey_initiator_data_check_vi(&tv, &vi), MIKEY_E_VI_MISSING);
  mikey_ticket_keys_clear(&keys);
  mikey_ticket_keys_clear(&forked);
}
END_TEST

START_TEST(initiator_data_refused_with_i_zero) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[_i]);
  if (in.v->flags & TP(I)) {
    return;
  }
  uint8_t idata[256], buf[1024];
  size_t il = tv_hex(in.v->idata, idata, sizeof(idata)), nl;
  memcpy(buf, in.ticket, in.ticket_len);
  ck_assert_int_eq(
      mikey_ticket_insert_initiator_data(buf, in.ticket_len, sizeof(buf), 0, idata, il, &nl),
      MIKEY_E_VI_MISSING);
  ck_assert_bytes(buf, in.ticket_len, in.ticket, in.ticket_len);
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, buf, in.ticket_len), 0);
  ck_assert_int_eq(mikey_ticket_check_initiator_data(&tv), 0);
}
END_TEST

START_TEST(vr_algorithm_must_be_vi_algorithm) {
  /* Initiator Data whose Vr uses HMAC-SHA-1-160 while Vi uses HMAC-SHA-256-256 */
  tv_inputs in;
  tv_load(&in, &ticket_vectors[3]);
  uint8_t idata[256], buf[1024], mpkr[64];
  size_t ml = tv_hex(in.v->mpkr, mpkr, sizeof(mpkr));
  static const uint8_t z[32];
  mikey_plist l;
  mikey_plist_init(&l);
  mikey_payload *p = mikey_plist_add(&l, MIKEY_PT_V);
  p->u.v = (mikey_v){MIKEY_MAC_HMAC_SHA_256_256, {z, 32}, 0};
  p = mikey_plist_add(&l, MIKEY_PT_V);
  p->u.v = (mikey_v){MIKEY_MAC_HMAC_SHA_1_160, {z, 20}, 0};
  size_t il, nl;
  ck_assert_int_eq(mikey_initiator_data_encode(&l, idata, sizeof(idata), &il), 0);
  memcpy(buf, in.ticket, in.ticket_len);
  ck_assert_int_eq(
      mikey_ticket_insert_initiator_data(buf, in.ticket_len, sizeof(buf), 0, idata, il, &nl), 0);
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, buf, nl), 0);
  ck_assert_int_eq(mikey_initiator_data_verify(&ctx, &tv, mpkr, ml), MIKEY_E_SUITE_MAC);
  /* both SHA-1 in a SHA-256 ticket: the suite (D3) */
  l.pl[0].u.v = (mikey_v){MIKEY_MAC_HMAC_SHA_1_160, {z, 20}, 0};
  ck_assert_int_eq(mikey_initiator_data_encode(&l, idata, sizeof(idata), &il), 0);
  ck_assert_int_eq(mikey_ticket_insert_initiator_data(buf, nl, sizeof(buf), 0, idata, il, &nl),
                   0);
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, buf, nl), 0);
  ck_assert_int_eq(mikey_initiator_data_verify(&ctx, &tv, mpkr, ml), MIKEY_E_SUITE_MAC);
  /* a single V: out of the grammar Vi, Vr */
  ck_assert_int_eq(mikey_initiator_data_encode(&(mikey_plist){.n = 1, .pl = {l.pl[0]}}, idata,
                                               sizeof(idata), &il),
                   0);
  ck_assert_int_eq(mikey_ticket_insert_initiator_data(buf, nl, sizeof(buf), 0, idata, il, &nl),
                   0);
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, buf, nl), MIKEY_E_MISSING_PAYLOAD);
}
END_TEST

/* A TRANSFER_INIT-shaped message (PROFILE.md 4): HDR, T, RANDRi, IDRi, IDRr, TICKET, V. */
START_TEST(insert_into_a_message) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[3]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  static const uint8_t z[32], ri[16] = {9};
  mikey_payload tp;
  uint8_t next, msg[2048], idata[256];
  ck_assert_int_eq(mikey_payload_decode(&tp, MIKEY_PT_TICKET, in.ticket, in.ticket_len, &next,
                                        NULL),
                   0);
  mikey_msg m;
  mikey_msg_init(&m, MIKEY_DT_TRANSFER_INIT);
  m.hdr.prf = MIKEY_PRF_HMAC_SHA_256;
  m.hdr.map_type = MIKEY_MAP_GENERIC_ID;
  mikey_payload *p = mikey_msg_add(&m, MIKEY_PT_T);
  p->u.t = (mikey_ts){0, MIKEY_TS_NTP_UTC, 0xE93C0E8000000000ull};
  p = mikey_msg_add(&m, MIKEY_PT_RANDR);
  p->u.rand = (mikey_rand){MIKEY_RAND_I, {ri, 16}};
  p = mikey_msg_add(&m, MIKEY_PT_IDR);
  p->u.id = (mikey_id){MIKEY_ROLE_I, MIKEY_ID_URI, {(const uint8_t *)"sip:a", 5}};
  p = mikey_msg_add(&m, MIKEY_PT_IDR);
  p->u.id = (mikey_id){MIKEY_ROLE_R, MIKEY_ID_URI, {(const uint8_t *)"sip:b", 5}};
  p = mikey_msg_add(&m, MIKEY_PT_TICKET);
  *p = tp;
  p = mikey_msg_add(&m, MIKEY_PT_V);
  p->u.v = (mikey_v){MIKEY_MAC_HMAC_SHA_256_256, {z, 32}, 0};
  size_t len, nl;
  ck_assert_int_eq(mikey_msg_encode(&m, msg, sizeof(msg), &len), 0);
  size_t start = m.pl[4].offset, v_at = m.pl[5].offset;
  /* the bytes the TRANSFER_INIT MAC covers (5.5): all but the Initiator Data length and
   * Initiator Data of the TICKET (and the V MAC itself) */
  uint8_t before[2048];
  memcpy(before, msg, len);
  size_t il = tv_hex(in.v->idata, idata, sizeof(idata));
  ck_assert_int_eq(mikey_ticket_insert_initiator_data(msg, len, sizeof(msg), start, idata, il,
                                                      &nl),
                   0);
  ck_assert_uint_eq(nl, len + il);
  size_t idl_at = start + tp.u.ticket.idata_len_offset;
  ck_assert_bytes(msg, idl_at, before, idl_at);
  ck_assert_bytes(msg + idl_at + 2 + il, nl - idl_at - 2 - il, before + v_at, len - v_at);
  ck_assert_bytes(msg + idl_at + 2, il, idata, il);
  /* re-decoded: the message is whole, the ticket opens and its Vr verifies */
  ck_assert_int_eq(mikey_msg_decode(&m, msg, nl), 0);
  ck_assert_int_eq(mikey_msg_validate(&m, 0), 0);
  ck_assert_uint_eq(m.pl[5].offset, v_at + il);
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse(&tv, msg, nl, &m.pl[4]), 0);
  mikey_ticket_keys keys;
  ck_assert_int_eq(mikey_ticket_open(&ctx, &tpk, &tv, &keys), 0);
  ck_assert_int_eq(mikey_initiator_data_verify(&ctx, &tv, keys.mpkr, keys.mpk.key_len), 0);
  mikey_ticket_keys_clear(&keys);
  /* arguments */
  /* |start| not at the TICKET: whatever the bytes there decode to, nothing is accepted */
  size_t nl2;
  ck_assert_int_lt(mikey_ticket_insert_initiator_data(msg, nl, sizeof(msg), 1, idata, il, &nl2),
                   0);
  ck_assert_int_eq(mikey_ticket_insert_initiator_data(msg, nl, sizeof(msg), start, msg + 3, 4,
                                                      &nl),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_ticket_insert_initiator_data(msg, nl, sizeof(msg), nl, idata, il, &nl),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(
      mikey_ticket_insert_initiator_data(msg, nl, sizeof(msg), start, idata, 70000, &nl),
      MIKEY_E_BAD_LENGTH);
}
END_TEST

START_TEST(forking_matches_independent_keys) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[_i]);
  const struct ticket_vec *v = in.v;
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, in.ticket, in.ticket_len), 0);
  mikey_ticket_keys keys, forked;
  ck_assert_int_eq(mikey_ticket_open(&ctx, &tpk, &tv, &keys), 0);
  uint8_t rk[64], b[64];
  size_t rkl = tv_hex(v->randrkms, rk, sizeof(rk));
  const uint8_t *id = (const uint8_t *)v->fork_id;
  size_t idl = strlen(v->fork_id);
  ck_assert_int_eq(mikey_fork_keys(&ctx, &keys, id, idl, rk, rkl, &forked), 0);
  ck_assert_int_eq(forked.forked, 1);
  size_t n = tv_hex(v->mpkr_fork, b, sizeof(b));
  ck_assert_bytes(forked.mpkr, forked.mpk.key_len, b, n);
  /* MPK and MPKi are not forked */
  ck_assert_bytes(forked.mpk.key, forked.mpk.key_len, keys.mpk.key, keys.mpk.key_len);
  ck_assert_bytes(forked.mpki, forked.mpk.key_len, keys.mpki, keys.mpk.key_len);
  for (size_t i = 0; i < v->n_keys; i++) {
    const mikey_ticket_key *k = &forked.key[i];
    ck_assert_int_eq(mikey_fork_applies(k->type), v->keys[i].fork != NULL);
    if (v->keys[i].fork) {
      n = tv_hex(v->keys[i].fork, b, sizeof(b));
      ck_assert_bytes(k->key, k->key_len, b, n);
    } else {
      /* TEK and GTGK: "SHALL NOT be forked" */
      ck_assert_bytes(k->key, k->key_len, keys.key[i].key, keys.key[i].key_len);
    }
    /* salts and SPIs are never changed */
    ck_assert_bytes(k->salt, k->salt_len, keys.key[i].salt, keys.key[i].salt_len);
    ck_assert_bytes(k->spi, k->spi_len, keys.key[i].spi, keys.key[i].spi_len);
  }
  /* forked once only */
  ck_assert_int_eq(mikey_fork_keys(&ctx, &forked, id, idl, rk, rkl, &forked), MIKEY_E_STATE);
  ck_assert_int_eq(forked.forked, 1);
  /* in place gives the same */
  mikey_ticket_keys same = keys;
  ck_assert_int_eq(mikey_fork_keys(&ctx, &same, id, idl, rk, rkl, &same), 0);
  ck_assert_mem_eq(&same, &forked, sizeof(same));
  /* the Initiator's raw forms (it holds MPKr and the TGK from REQUEST_RESP) */
  uint8_t out[64];
  ck_assert_int_eq(mikey_fork_mpkr(&ctx, v->prf, keys.mpkr, keys.mpk.key_len, id, idl, rk, rkl,
                                   out),
                   0);
  ck_assert_bytes(out, keys.mpk.key_len, forked.mpkr, keys.mpk.key_len);
  ck_assert_uint_eq(v->keys[0].type, MIKEY_KEY_TGK);
  memcpy(out, keys.key[0].key, keys.key[0].key_len);
  ck_assert_int_eq(mikey_fork_tgk(&ctx, v->prf, out, keys.key[0].key_len, id, idl, rk, rkl, out),
                   0);
  ck_assert_bytes(out, keys.key[0].key_len, forked.key[0].key, forked.key[0].key_len);
  /* another responder, another RANDRkms: other keys */
  ck_assert_int_eq(mikey_fork_mpkr(&ctx, v->prf, keys.mpkr, keys.mpk.key_len, id, idl - 1, rk,
                                   rkl, out),
                   0);
  ck_assert_mem_ne(out, forked.mpkr, keys.mpk.key_len);
  rk[0] ^= 1;
  ck_assert_int_eq(mikey_fork_mpkr(&ctx, v->prf, keys.mpkr, keys.mpk.key_len, id, idl, rk, rkl,
                                   out),
                   0);
  ck_assert_mem_ne(out, forked.mpkr, keys.mpk.key_len);
  /* D5: RANDRkms shorter than the longest MPKr/TGK */
  ck_assert_int_eq(mikey_fork_keys(&ctx, &keys, id, idl, rk, rkl - 1, &same), MIKEY_E_RAND_SHORT);
  ck_assert_int_eq(mikey_fork_tgk(&ctx, v->prf, keys.key[0].key, keys.key[0].key_len, id, idl, rk,
                                  keys.key[0].key_len - 1, out),
                   MIKEY_E_RAND_SHORT);
  ck_assert_int_eq(mikey_fork_mpkr(&ctx, 7, keys.mpkr, keys.mpk.key_len, id, idl, rk, rkl, out),
                   MIKEY_E_SUITE_PRF);
  ck_assert_int_eq(mikey_fork_keys(&ctx, &keys, NULL, 3, rk, rkl, &same), MIKEY_E_INVAL);
  mikey_ticket_keys_clear(&keys);
  mikey_ticket_keys_clear(&forked);
  mikey_ticket_keys_clear(&same);
}
END_TEST

START_TEST(fork_rule_table) {
  ck_assert_int_eq(mikey_fork_applies(MIKEY_KEY_TGK), 1);
  ck_assert_int_eq(mikey_fork_applies(MIKEY_KEY_TGK_SALT), 1);
  ck_assert_int_eq(mikey_fork_applies(MIKEY_KEY_TEK), 0);
  ck_assert_int_eq(mikey_fork_applies(MIKEY_KEY_TEK_SALT), 0);
  ck_assert_int_eq(mikey_fork_applies(MIKEY_KEY_GTGK), 0);
  ck_assert_int_eq(mikey_fork_applies(MIKEY_KEY_GTGK_SALT), 0);
  ck_assert_int_eq(mikey_fork_applies(MIKEY_KEY_MPK), 0);
}
END_TEST

START_TEST(pskmime_proof_of_origin_flow) {
  /* PROFILE.md 6 / D15: PSK/MIME with proof-of-origin: I=1, the key a GTGK, F=0. The KMS
   * builds the ticket, the Initiator adds Initiator Data after its TRANSFER_INIT V, the KMS
   * verifies Vr, the Responder compares Vi with the V; forking leaves the GTGK alone. */
  tv_inputs in;
  tv_load(&in, &ticket_vectors[0]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  mikey_policy pol = in.policy;
  pol.flags |= TP(I);
  in.prm.policy = &pol;
  uint8_t t[1024], idata[256], gtgk[32] = {0x42}, spi[4] = {1, 2, 3, 4};
  size_t len, il;
  /* with the TGK of the vector the 6.10 F/I/TGK rule refuses */
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, t, sizeof(t), &len, NULL),
                   MIKEY_E_TP_FLAGS);
  ck_assert_int_eq(
      mikey_ticket_key_set(&in.keys.key[0], MIKEY_KEY_GTGK, gtgk, 32, NULL, 0, spi, 4), 0);
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, t, sizeof(t), &len, NULL),
                   0);
  /* Initiator: Vi = its TRANSFER_INIT V */
  uint8_t vmac[32];
  memset(vmac, 0x5A, sizeof(vmac));
  mikey_v v = {MIKEY_MAC_HMAC_SHA_256_256, {vmac, 32}, 0};
  ck_assert_int_eq(mikey_initiator_data_build(&ctx, pol.prf, in.keys.mpkr, in.keys.mpk.key_len,
                                              &v, idata, sizeof(idata), &il),
                   0);
  ck_assert_int_eq(mikey_ticket_insert_initiator_data(t, len, sizeof(t), 0, idata, il, &len), 0);
  /* KMS */
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, t, len), 0);
  mikey_ticket_keys keys;
  ck_assert_int_eq(mikey_ticket_open(&ctx, &tpk, &tv, &keys), 0);
  mikey_key_summary s;
  mikey_ticket_keys_summary(&keys, &s);
  ck_assert_int_eq(mikey_policy_check(&tv.policy, mikey_profile_pskmime(), MIKEY_POLICY_GRANTED,
                                      &s),
                   0);
  ck_assert_int_eq(mikey_initiator_data_verify(&ctx, &tv, keys.mpkr, keys.mpk.key_len), 0);
  uint8_t rk[32] = {3};
  mikey_ticket_keys forked;
  ck_assert_int_eq(mikey_fork_keys(&ctx, &keys, (const uint8_t *)"sip:bob@example.org", 19, rk,
                                   32, &forked),
                   0);
  ck_assert_mem_eq(forked.key[0].key, gtgk, 32);
  ck_assert_mem_ne(forked.mpkr, keys.mpkr, 32);
  /* Responder */
  ck_assert_int_eq(mikey_initiator_data_check_vi(&tv, &v), 0);
  vmac[31] ^= 1;
  ck_assert_int_eq(mikey_initiator_data_check_vi(&tv, &v), MIKEY_E_VI_MISMATCH);
  mikey_ticket_keys_clear(&keys);
  mikey_ticket_keys_clear(&forked);
  mikey_ticket_keys_clear(&in.keys);
}
END_TEST

static Suite *idata_suite(void) {
  Suite *s = suite_create("ticket_idata");
  TCase *tc = tcase_create("idata");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, build_matches_independent_initiator_data, 0, (int)TV_COUNT);
  tcase_add_test(tc, insert_and_verify_in_the_ims_ticket);
  tcase_add_loop_test(tc, initiator_data_refused_with_i_zero, 0, (int)TV_COUNT);
  tcase_add_test(tc, vr_algorithm_must_be_vi_algorithm);
  tcase_add_test(tc, insert_into_a_message);
  tcase_add_loop_test(tc, forking_matches_independent_keys, 0, (int)TV_COUNT);
  tcase_add_test(tc, fork_rule_table);
  tcase_add_test(tc, pskmime_proof_of_origin_flow);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(idata_suite()); }
