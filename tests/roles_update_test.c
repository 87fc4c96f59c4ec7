/*
 * roles_update_test.c: CSB updates carrying new keying material in a KEMAC (RFC 6043 5.2):
 * the L and M flags honoured (the presets have L=M=0, TS 33.328 D.4, so the tests that run the
 * KEMAC set the flag on the engines' record of the ticket, as a ticket granting it would);
 * a new TGK or one TEK per crypto session, both sides ending with the same keys; the KEMAC
 * bytes, the update's V and the TEKs against tests/vectors/roles/gen_roles.py; malformed key
 * lists; KEMACs where the flags forbid them.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <gcrypt.h>

#include "mikey_test.h"
#include "roles/mikey_csbupd.h"
#include "roles/mikey_initiator_local.h"
#include "roles/mikey_responder_local.h"
#include "roles_test_util.h"
#include "vectors/roles/roles_vectors.h"

/* ims_done runs a whole IMS exchange (alice -> bob, crypto sessions 1 and 2) at T0; no key is
 * released yet. */
static flow *ims_done(void) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_IMS), 0);
  flow *f = flow_new(&p, 16);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  ck_assert_int_eq(flow_resolve(f), 0);
  ck_assert_int_eq(mikey_responder_transfer_resp(f->resp, f->xid, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len),
                   0);
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, f->tresp, f->tresp_len, NULL), 0);
  return f;
}

/* grant sets |flag| (L or M) in both engines' record of the ticket's policy. */
static void grant(flow *f, uint16_t flag) {
  f->ini->flags |= flag;
  rslot *s = mikey_responder_find(f->resp, f->xid, -1);
  ck_assert_ptr_nonnull(s);
  s->flags |= flag;
}

/* The crypto sessions of the first exchange (flow_transfer): 1 and 2, SRTP. */
static const uint8_t POL0[1] = {0};
static const uint8_t SPI[4] = {0xde, 0xad, 0xbe, 0xef};

static mikey_transfer_params sessions(mikey_cs *cs, size_t n) {
  memset(cs, 0, n * sizeof(*cs));
  for (size_t i = 0; i < n; i++) {
    cs[i].cs_id = (uint8_t)(i + 1);
    cs[i].prot_type = MIKEY_PROT_SRTP;
    cs[i].policies = (mikey_bytes){POL0, 1};
    cs[i].spi = (mikey_bytes){SPI, 4};
  }
  mikey_transfer_params p;
  memset(&p, 0, sizeof(p));
  p.cs = cs;
  p.n_cs = n;
  return p;
}

/* keys_agree checks that both sides release the same key for each of the |n| crypto sessions
 * and copies them to |k| (16 bytes each). */
static void keys_agree(flow *f, size_t n, uint8_t k[][16]) {
  for (size_t i = 0; i < n; i++) {
    uint8_t ki[64], kr[64];
    size_t li, lr;
    ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, (uint8_t)(i + 1), ki, sizeof(ki), &li),
                     0);
    ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, (uint8_t)(i + 1), kr, sizeof(kr), &lr),
                     0);
    ck_assert_uint_eq(li, 16);
    ck_assert_bytes(kr, lr, ki, li);
    memcpy(k[i], ki, 16);
  }
}

/* send_update has the initiator write an update (keys |nk|, may be NULL) at T0 + |secs|, and
 * the responder take it; when it does, the initiator takes its TRANSFER_RESP. Returns the
 * responder's code. */
static int send_update(flow *f, uint32_t secs, size_t n_cs, const mikey_update_keys *nk,
                       uint8_t *upd, size_t cap, size_t *ul) {
  mikey_cs cs[2];
  mikey_transfer_params p = sessions(cs, n_cs);
  f->clock.now = NTPS(T0 + secs);
  ck_assert_int_eq(mikey_initiator_csb_update_keys(f->ini, &p, nk, 1, upd, cap, ul, NULL), 0);
  int rc = mikey_responder_on_csb_update(f->resp, upd, *ul, f->tresp, sizeof(f->tresp),
                                         &f->tresp_len, NULL);
  if (rc == 0) {
    ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, f->tresp, f->tresp_len, NULL), 0);
  }
  return rc;
}

/* hmac computes HMAC(|alg|) of the ranges with libgcrypt directly (not the library's MAC). */
static void hmac(int alg, const uint8_t *key, size_t klen, const mikey_iov *v, size_t n,
                 uint8_t *out, size_t outlen) {
  gcry_md_hd_t h;
  ck_assert_int_eq(gcry_md_open(&h, alg, GCRY_MD_FLAG_HMAC), 0);
  ck_assert_int_eq(gcry_md_setkey(h, key, klen), 0);
  for (size_t i = 0; i < n; i++) {
    gcry_md_write(h, v[i].base, v[i].len);
  }
  memcpy(out, gcry_md_read(h, alg), outlen);
  gcry_md_close(h);
}

/* check_vector compares an update TRANSFER_INIT with |vec|: its CSB ID and T, the Encr data of
 * its KEMAC, and its V = HMAC-SHA-256(auth_key) over the message up to the MAC || ID_i ||
 * ID_r (Table 5.2, the roles of the initial exchange). */
static void check_vector(const uint8_t *upd, size_t ul, const roles_update_vector *vec) {
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(mikey_msg_decode(m, upd, ul), 0);
  ck_assert_uint_eq(m->hdr.csb_id, vec->csb_id);
  const mikey_payload *t = mikey_msg_find(m, MIKEY_PT_T, -1);
  ck_assert_uint_eq(t->u.t.value, vec->t);
  const mikey_payload *k = mikey_msg_find(m, MIKEY_PT_KEMAC, -1);
  ck_assert_ptr_nonnull(k);
  ck_assert_uint_eq(k->u.kemac.encr_alg, MIKEY_ENCR_AES_CM_256);
  ck_assert_uint_eq(k->u.kemac.mac_alg, MIKEY_MAC_NULL);
  ck_assert_bytes(k->u.kemac.encr_data.data, k->u.kemac.encr_data.len, vec->kemac,
                  vec->kemac_len);
  const mikey_v *v = &m->pl[m->n - 1].u.v;
  mikey_iov iov[3] = {
      {upd, v->mac_offset}, {ID_ALICE.data, ID_ALICE.len}, {ID_BOB.data, ID_BOB.len}};
  uint8_t want[32];
  hmac(GCRY_MD_SHA256, vec->auth_key, 32, iov, 3, want, 32);
  ck_assert_bytes(v->mac.data, v->mac.len, want, 32);
  free(m);
}

START_TEST(update_new_tgk_matches_python) {
  const roles_update_vector *vec = &ROLES_UPDATE_VECTORS[0];
  ck_assert_str_eq(vec->started_by, "initiator");
  flow *f = ims_done();
  grant(f, MIKEY_TP_L);
  uint8_t before[2][16];
  keys_agree(f, 2, before);
  mikey_update_keys nk = {MIKEY_KEY_TGK, vec->tgk, 16};
  uint8_t upd[1024];
  size_t ul;
  ck_assert_int_eq(send_update(f, 10, 2, &nk, upd, sizeof(upd), &ul), 0);
  check_vector(upd, ul, vec);
  uint8_t after[2][16];
  keys_agree(f, 2, after);
  ck_assert_bytes(after[0], 16, vec->tek[0], 16);
  ck_assert_bytes(after[1], 16, vec->tek[1], 16);
  ck_assert(memcmp(before[0], after[0], 16) != 0);
  /* a later update without a KEMAC derives from the new TGK, with the same RANDs (5.1.3) */
  ck_assert_int_eq(send_update(f, 20, 2, NULL, upd, sizeof(upd), &ul), 0);
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(mikey_msg_decode(m, upd, ul), 0);
  ck_assert_ptr_null(mikey_msg_find(m, MIKEY_PT_KEMAC, -1));
  free(m);
  uint8_t again[2][16];
  keys_agree(f, 2, again);
  ck_assert_bytes(again[0], 16, vec->tek[0], 16);
  ck_assert_bytes(again[1], 16, vec->tek[1], 16);
  flow_free(f);
}
END_TEST

START_TEST(update_teks) {
  flow *f = ims_done();
  grant(f, MIKEY_TP_L);
  uint8_t teks[32];
  for (int i = 0; i < 32; i++) {
    teks[i] = (uint8_t)(0x50 + 3 * i);
  }
  /* one TEK per crypto session, used as given (pre-encrypted content, RFC 6043 section 8) */
  mikey_update_keys nk = {MIKEY_KEY_TEK, teks, 32};
  uint8_t upd[1024];
  size_t ul;
  ck_assert_int_eq(send_update(f, 10, 2, &nk, upd, sizeof(upd), &ul), 0);
  uint8_t k[2][16];
  keys_agree(f, 2, k);
  ck_assert_bytes(k[0], 16, teks, 16);
  ck_assert_bytes(k[1], 16, teks + 16, 16);
  /* one crypto session, one TEK */
  nk.len = 16;
  ck_assert_int_eq(send_update(f, 20, 1, &nk, upd, sizeof(upd), &ul), 0);
  keys_agree(f, 1, k);
  ck_assert_bytes(k[0], 16, teks, 16);
  flow_free(f);
}
END_TEST

/* The presets: L=0, so the initiator SHALL NOT supply keys and the responder refuses them. */
START_TEST(update_kemac_refused_without_l) {
  flow *f = ims_done();
  ck_assert(!(f->tinfo.flags & (MIKEY_TP_L | MIKEY_TP_M)));
  uint8_t tgk[16] = {1};
  mikey_update_keys nk = {MIKEY_KEY_TGK, tgk, 16};
  mikey_cs cs[2];
  mikey_transfer_params p = sessions(cs, 2);
  uint8_t upd[1024];
  size_t ul = 7;
  f->clock.now = NTPS(T0 + 10);
  ck_assert_int_eq(mikey_initiator_csb_update_keys(f->ini, &p, &nk, 1, upd, sizeof(upd), &ul,
                                                   NULL),
                   MIKEY_E_POLICY);
  ck_assert_uint_eq(ul, 0);
  /* an initiator that ignores L: the responder refuses the KEMAC, and nothing changes */
  f->ini->flags |= MIKEY_TP_L;
  ck_assert_int_eq(mikey_initiator_csb_update_keys(f->ini, &p, &nk, 1, upd, sizeof(upd), &ul,
                                                   NULL),
                   0);
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len, NULL),
                   MIKEY_E_POLICY);
  ck_assert_uint_eq(f->tresp_len, 0);
  /* the responder's keys are still those of the exchange: an update without keys, from an
   * initiator holding the first TGK', gives the same TEKs on both sides again */
  flow_free(f);
  f = ims_done();
  uint8_t first[2][16], later[2][16];
  rslot *s = mikey_responder_find(f->resp, f->xid, -1);
  memcpy(first[0], s->keys, 16);
  memcpy(first[1], s->keys + 16, 16);
  f->ini->flags |= MIKEY_TP_L;
  ck_assert_int_eq(mikey_initiator_csb_update_keys(f->ini, &p, &nk, 1, upd, sizeof(upd), &ul,
                                                   NULL),
                   0);
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len, NULL),
                   MIKEY_E_POLICY);
  memcpy(later[0], s->keys, 16);
  memcpy(later[1], s->keys + 16, 16);
  ck_assert_bytes(later[0], 16, first[0], 16);
  ck_assert_bytes(later[1], 16, first[1], 16);
  flow_free(f);
}
END_TEST

START_TEST(update_keys_bad_input) {
  flow *f = ims_done();
  grant(f, MIKEY_TP_L);
  uint8_t k[64] = {0};
  mikey_cs cs[2];
  mikey_transfer_params p = sessions(cs, 2);
  uint8_t upd[1024];
  size_t ul;
  static const struct {
    uint8_t type;
    size_t len;
    int rc;
  } BAD[] = {{MIKEY_KEY_TGK, 20, MIKEY_E_KEY_LENGTH}, /* 16 or 32 bytes */
             {MIKEY_KEY_TGK, 0, MIKEY_E_KEY_LENGTH},
             {MIKEY_KEY_TEK, 16, MIKEY_E_KEY_LENGTH}, /* two crypto sessions, one TEK */
             {MIKEY_KEY_TEK, 48, MIKEY_E_KEY_LENGTH},
             {MIKEY_KEY_MPK, 16, MIKEY_E_INVAL},
             {MIKEY_KEY_TGK_SALT, 16, MIKEY_E_INVAL}};
  for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
    mikey_update_keys nk = {BAD[i].type, k, BAD[i].len};
    ul = 7;
    ck_assert_int_eq(mikey_initiator_csb_update_keys(f->ini, &p, &nk, 1, upd, sizeof(upd), &ul,
                                                     NULL),
                     BAD[i].rc);
    ck_assert_uint_eq(ul, 0);
  }
  mikey_update_keys none = {MIKEY_KEY_TGK, NULL, 16};
  ck_assert_int_eq(mikey_initiator_csb_update_keys(f->ini, &p, &none, 1, upd, sizeof(upd), &ul,
                                                   NULL),
                   MIKEY_E_INVAL);
  /* the state is intact: the old keys, then a good update */
  uint8_t before[2][16];
  keys_agree(f, 2, before);
  mikey_update_keys nk = {MIKEY_KEY_GTGK, k, 32};
  ck_assert_int_eq(send_update(f, 10, 2, &nk, upd, sizeof(upd), &ul), 0);
  uint8_t after[2][16];
  keys_agree(f, 2, after);
  ck_assert(memcmp(before[0], after[0], 16) != 0);
  flow_free(f);
}
END_TEST

/* A KEMAC byte changed in transit: the V covers it. */
START_TEST(update_kemac_tampered) {
  flow *f = ims_done();
  grant(f, MIKEY_TP_L);
  uint8_t tgk[16] = {9, 9, 9};
  mikey_update_keys nk = {MIKEY_KEY_TGK, tgk, 16};
  mikey_cs cs[2];
  mikey_transfer_params p = sessions(cs, 2);
  uint8_t upd[1024];
  size_t ul;
  f->clock.now = NTPS(T0 + 10);
  ck_assert_int_eq(mikey_initiator_csb_update_keys(f->ini, &p, &nk, 1, upd, sizeof(upd), &ul,
                                                   NULL),
                   0);
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_int_eq(mikey_msg_decode(m, upd, ul), 0);
  const mikey_payload *k = mikey_msg_find(m, MIKEY_PT_KEMAC, -1);
  upd[k->u.kemac.encr_data_offset + 5] ^= 0x20;
  free(m);
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len, NULL),
                   MIKEY_E_AUTH);
  flow_free(f);
}
END_TEST

/* with_kemac copies message |in| into |out| with a KEMAC (AES-CM-256, 16 bytes of data, NULL
 * MAC) inserted before its V; the V is not recomputed. */
static size_t with_kemac(const uint8_t *in, size_t len, uint8_t *out, size_t cap) {
  static const uint8_t DATA[16] = {0};
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(mikey_msg_decode(m, in, len), 0);
  m->pl[m->n] = m->pl[m->n - 1];
  memset(&m->pl[m->n - 1], 0, sizeof(m->pl[0]));
  m->pl[m->n - 1].type = MIKEY_PT_KEMAC;
  m->pl[m->n - 1].u.kemac.encr_alg = MIKEY_ENCR_AES_CM_256;
  m->pl[m->n - 1].u.kemac.encr_data = (mikey_bytes){DATA, sizeof(DATA)};
  m->pl[m->n - 1].u.kemac.mac_alg = MIKEY_MAC_NULL;
  m->n++;
  size_t ol;
  ck_assert_int_eq(mikey_msg_encode(m, out, cap, &ol), 0);
  free(m);
  return ol;
}

/* KEMACs where the flags forbid them: the first TRANSFER_INIT (L, 4.2.2.1) and a
 * TRANSFER_RESP (M, 4.2.2.3). */
START_TEST(kemac_refused_in_transfer) {
  mikey_role_profile pr;
  ck_assert_int_eq(mikey_role_profile_default(&pr, MIKEY_ROLE_IMS), 0);
  flow *f = flow_new(&pr, 16);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  uint8_t bad[4096];
  size_t bl = with_kemac(f->tinit, f->tinit_len, bad, sizeof(bad));
  size_t rl;
  uint32_t xid;
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, bad, bl, f->rinit, sizeof(f->rinit),
                                                    &rl, &xid),
                   MIKEY_E_POLICY);
  ck_assert_int_eq(flow_resolve(f), 0);
  ck_assert_int_eq(mikey_responder_transfer_resp(f->resp, f->xid, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len),
                   0);
  bl = with_kemac(f->tresp, f->tresp_len, bad, sizeof(bad));
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, bad, bl, NULL), MIKEY_E_POLICY);
  /* M=1 would allow it; this engine does not take responder-supplied keys in a TRANSFER_RESP */
  f->ini->flags |= MIKEY_TP_M;
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, bad, bl, NULL), MIKEY_E_UNSUPPORTED);
  f->ini->flags &= (uint16_t)~MIKEY_TP_M;
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, f->tresp, f->tresp_len, NULL), 0);
  flow_free(f);
}
END_TEST

/* mikey_csbupd_open: what a received KEMAC must hold. */
START_TEST(csbupd_open_shapes) {
  static const uint8_t IK[16] = {7, 6, 5, 4, 3, 2, 1};
  mikey_keyset ks;
  ck_assert_int_eq(mikey_msgkeys(MIKEY_PRF_HMAC_SHA_256, IK, 16, 0x01020304u, MIKEY_KDF_RESPONSE,
                                 IK, 16, NULL, 0, &ks),
                   0);
  uint8_t k16[16] = {0x11}, k20[20] = {0x22}, k32[32] = {0x33};
  mikey_csbupd_shape sh = {MIKEY_PRF_HMAC_SHA_256, 2, 16, 16, 16};
  static const struct {
    size_t n;
    uint8_t type[3];
    size_t len[3];
    int rc;
  } CASES[] = {
      {1, {MIKEY_KEY_TGK}, {16}, 0},
      {1, {MIKEY_KEY_GTGK}, {32}, 0},
      {2, {MIKEY_KEY_TEK, MIKEY_KEY_TEK}, {16, 16}, 0},
      {1, {MIKEY_KEY_TEK}, {16}, MIKEY_E_BAD_VALUE},             /* a key for each CS */
      {3, {MIKEY_KEY_TEK, MIKEY_KEY_TEK, MIKEY_KEY_TEK}, {16, 16, 16}, MIKEY_E_BAD_VALUE},
      {2, {MIKEY_KEY_TGK, MIKEY_KEY_TGK}, {16, 16}, MIKEY_E_BAD_VALUE},
      {2, {MIKEY_KEY_TGK, MIKEY_KEY_TEK}, {16, 16}, MIKEY_E_BAD_VALUE},
      {1, {MIKEY_KEY_MPK}, {16}, MIKEY_E_BAD_VALUE},
      {1, {MIKEY_KEY_TGK_SALT}, {16}, MIKEY_E_UNSUPPORTED},
      {2, {MIKEY_KEY_TEK, MIKEY_KEY_TEK}, {16, 20}, MIKEY_E_KEY_LENGTH},
      {2, {MIKEY_KEY_TEK, MIKEY_KEY_TEK}, {20, 20}, MIKEY_E_KEY_LENGTH}, /* not tek_len */
      {1, {MIKEY_KEY_TGK}, {20}, MIKEY_E_KEY_LENGTH},
  };
  for (size_t c = 0; c < sizeof(CASES) / sizeof(CASES[0]); c++) {
    mikey_kemac_key kk[3];
    memset(kk, 0, sizeof(kk));
    uint8_t salt[14] = {0};
    for (size_t i = 0; i < CASES[c].n; i++) {
      kk[i].type = CASES[c].type[i];
      kk[i].key = CASES[c].len[i] == 16 ? k16 : CASES[c].len[i] == 20 ? k20 : k32;
      kk[i].key_len = CASES[c].len[i];
      if (kk[i].type == MIKEY_KEY_TGK_SALT) {
        kk[i].salt = salt;
        kk[i].salt_len = sizeof(salt);
      }
    }
    uint8_t enc[512];
    size_t el;
    ck_assert_int_eq(mikey_kemac_seal(NULL, &ks, 0x01020304u, 77, kk, CASES[c].n, enc,
                                      sizeof(enc), &el),
                     0);
    mikey_kemac kem = {ks.encr_alg, {enc, el}, MIKEY_MAC_NULL, {NULL, 0}, 0, 0};
    uint8_t out[256];
    mikey_update_keys got;
    int rc = mikey_csbupd_open(&ks, 0x01020304u, 77, &kem, &sh, out, sizeof(out), &got);
    ck_assert_msg(rc == CASES[c].rc, "case %zu: %s", c, mikey_err_name(rc));
    if (rc == 0) {
      ck_assert_uint_eq(got.type, CASES[c].type[0]);
      ck_assert_uint_eq(got.len, CASES[c].n * CASES[c].len[0]);
      ck_assert_bytes(got.keys, CASES[c].len[0], kk[0].key, CASES[c].len[0]);
    }
  }
  /* the IV takes the T: another T decrypts to other bytes, which do not decode as keys of
   * this shape (or as keys at all) */
  mikey_kemac_key one = {MIKEY_KEY_TGK, k16, 16, NULL, 0, NULL, 0};
  uint8_t enc[64];
  size_t el;
  ck_assert_int_eq(mikey_kemac_seal(NULL, &ks, 0x01020304u, 77, &one, 1, enc, sizeof(enc), &el),
                   0);
  mikey_kemac kem = {ks.encr_alg, {enc, el}, MIKEY_MAC_NULL, {NULL, 0}, 0, 0};
  uint8_t out[64];
  mikey_update_keys got;
  ck_assert_int_ne(mikey_csbupd_open(&ks, 0x01020304u, 78, &kem, &sh, out, sizeof(out), &got),
                   0);
  kem.mac_alg = MIKEY_MAC_HMAC_SHA_256_256; /* 5.2: "the NULL authentication algorithm" */
  ck_assert_int_eq(mikey_csbupd_open(&ks, 0x01020304u, 77, &kem, &sh, out, sizeof(out), &got),
                   MIKEY_E_SUITE_MAC);
  mikey_keyset_clear(&ks);
}
END_TEST

/* resp_update has the responder start an update at T0 + |secs| with crypto sessions 1..|n_cs|
 * and keys |nk| (may be NULL), the initiator take it and answer; returns the initiator's
 * code, and when 0 the responder must take the answer. */
static int resp_update(flow *f, uint32_t secs, size_t n_cs, const mikey_update_keys *nk,
                       uint8_t *upd, size_t cap, size_t *ul) {
  mikey_cs cs[3];
  mikey_transfer_params p = sessions(cs, n_cs);
  f->clock.now = NTPS(T0 + secs);
  ck_assert_int_eq(mikey_responder_csb_update(f->resp, f->xid, &p, nk, 1, upd, cap, ul, NULL),
                   0);
  uint8_t ans[512];
  size_t al;
  int rc = mikey_initiator_on_csb_update(f->ini, upd, *ul, ans, sizeof(ans), &al, NULL);
  if (rc == 0) {
    ck_assert_uint_gt(al, 0);
    ck_assert_int_eq(mikey_responder_on_transfer_resp(f->resp, ans, al, NULL), 0);
  }
  return rc;
}

/* The second figure of 5.2: the responder starts the update. */
START_TEST(responder_update_roundtrip) {
  flow *f = ims_done();
  uint8_t before[2][16];
  keys_agree(f, 2, before);
  uint8_t upd[1024];
  size_t ul;
  ck_assert_int_eq(resp_update(f, 10, 3, NULL, upd, sizeof(upd), &ul), 0);
  /* HDR, T, IDRr, IDRi, V: the CSB ID of the exchange, V flag 1, no RAND, TICKET or KEMAC */
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_int_eq(mikey_msg_decode(m, upd, ul), 0);
  ck_assert_uint_eq(m->hdr.data_type, MIKEY_DT_TRANSFER_INIT);
  ck_assert_uint_eq(m->hdr.csb_id, f->rinfo.csb_id);
  ck_assert_uint_eq(m->hdr.v, 1);
  ck_assert_uint_eq(m->hdr.n_cs, 3);
  ck_assert_uint_eq(m->n, 4);
  ck_assert_int_eq(m->pl[0].type, MIKEY_PT_T);
  ck_assert_int_eq(m->pl[1].type, MIKEY_PT_IDR);
  ck_assert_uint_eq(m->pl[1].u.id.role, MIKEY_ROLE_R);
  ck_assert_int_eq(m->pl[2].type, MIKEY_PT_IDR);
  ck_assert_uint_eq(m->pl[2].u.id.role, MIKEY_ROLE_I);
  ck_assert_int_eq(m->pl[3].type, MIKEY_PT_V);
  free(m);
  /* three crypto sessions on both sides; without new keying material the TEK of a crypto
   * session comes from the same TGK' and RANDs, so CS 1 and 2 keep theirs (5.1.3) */
  uint8_t after[3][16];
  keys_agree(f, 3, after);
  ck_assert_bytes(after[0], 16, before[0], 16);
  ck_assert_bytes(after[1], 16, before[1], 16);
  /* the same update again: a replay */
  uint8_t ans[512];
  size_t al;
  ck_assert_int_eq(mikey_initiator_on_csb_update(f->ini, upd, ul, ans, sizeof(ans), &al, NULL),
                   MIKEY_E_REPLAY);
  /* the answer was taken: no other is awaited (a TRANSFER_RESP of this CSB) */
  ck_assert_int_eq(mikey_responder_on_transfer_resp(f->resp, f->tresp, f->tresp_len, NULL),
                   MIKEY_E_NO_PENDING);
  /* updates go on in both directions, each side's T newer than its last */
  ck_assert_int_eq(send_update(f, 10, 2, NULL, upd, sizeof(upd), &ul), 0);
  ck_assert_int_eq(resp_update(f, 11, 1, NULL, upd, sizeof(upd), &ul), 0);
  keys_agree(f, 1, after);
  ck_assert_bytes(after[0], 16, before[0], 16);
  flow_free(f);
}
END_TEST

START_TEST(responder_update_new_tgk_matches_python) {
  const roles_update_vector *vec = &ROLES_UPDATE_VECTORS[1];
  ck_assert_str_eq(vec->started_by, "responder");
  flow *f = ims_done();
  grant(f, MIKEY_TP_M);
  mikey_update_keys nk = {MIKEY_KEY_TGK, vec->tgk, 16};
  uint8_t upd[1024];
  size_t ul;
  ck_assert_int_eq(resp_update(f, 20, 2, &nk, upd, sizeof(upd), &ul), 0);
  check_vector(upd, ul, vec);
  uint8_t k[2][16];
  keys_agree(f, 2, k);
  ck_assert_bytes(k[0], 16, vec->tek[0], 16);
  ck_assert_bytes(k[1], 16, vec->tek[1], 16);
  /* TEKs from the responder, for pre-encrypted content (section 8) */
  uint8_t teks[16] = {0x77, 0x66};
  mikey_update_keys tk = {MIKEY_KEY_TEK, teks, 16};
  ck_assert_int_eq(resp_update(f, 30, 1, &tk, upd, sizeof(upd), &ul), 0);
  keys_agree(f, 1, k);
  ck_assert_bytes(k[0], 16, teks, 16);
  flow_free(f);
}
END_TEST

START_TEST(responder_update_refusals) {
  flow *f = ims_done();
  mikey_cs cs[2];
  mikey_transfer_params p = sessions(cs, 2);
  uint8_t upd[1024], ans[512];
  size_t ul, al;
  uint8_t tgk[16] = {5};
  mikey_update_keys nk = {MIKEY_KEY_TGK, tgk, 16};
  f->clock.now = NTPS(T0 + 10);
  /* M=0 (the presets): the responder SHALL NOT supply keys */
  ck_assert_int_eq(mikey_responder_csb_update(f->resp, f->xid, &p, &nk, 1, upd, sizeof(upd), &ul,
                                              NULL),
                   MIKEY_E_POLICY);
  /* a responder that ignores M: the initiator refuses the KEMAC */
  rslot *s = mikey_responder_find(f->resp, f->xid, -1);
  s->flags |= MIKEY_TP_M;
  ck_assert_int_eq(mikey_responder_csb_update(f->resp, f->xid, &p, &nk, 1, upd, sizeof(upd), &ul,
                                              NULL),
                   0);
  ck_assert_int_eq(mikey_initiator_on_csb_update(f->ini, upd, ul, ans, sizeof(ans), &al, NULL),
                   MIKEY_E_POLICY);
  ck_assert_uint_eq(al, 0);
  s->flags &= (uint16_t)~MIKEY_TP_M;
  /* no such exchange; bad crypto sessions */
  ck_assert_int_eq(mikey_responder_csb_update(f->resp, f->xid ^ 1, &p, NULL, 1, upd, sizeof(upd),
                                              &ul, NULL),
                   MIKEY_E_NOT_FOUND);
  mikey_transfer_params dup = p;
  cs[1].cs_id = 1;
  ck_assert_int_eq(mikey_responder_csb_update(f->resp, f->xid, &dup, NULL, 1, upd, sizeof(upd),
                                              &ul, NULL),
                   MIKEY_E_INVAL);
  cs[1].cs_id = 2;
  /* a changed byte: the V fails, nothing changes at the initiator */
  f->clock.now = NTPS(T0 + 20);
  ck_assert_int_eq(mikey_responder_csb_update(f->resp, f->xid, &p, NULL, 1, upd, sizeof(upd), &ul,
                                              NULL),
                   0);
  upd[ul - 1] ^= 1;
  ck_assert_int_eq(mikey_initiator_on_csb_update(f->ini, upd, ul, ans, sizeof(ans), &al, NULL),
                   MIKEY_E_AUTH);
  upd[ul - 1] ^= 1;
  /* another CSB */
  upd[4] ^= 0x10;
  ck_assert_int_eq(mikey_initiator_on_csb_update(f->ini, upd, ul, ans, sizeof(ans), &al, NULL),
                   MIKEY_E_NOT_FOUND);
  upd[4] ^= 0x10;
  /* too late */
  f->clock.now = NTPS(T0 + 20 + 301);
  ck_assert_int_eq(mikey_initiator_on_csb_update(f->ini, upd, ul, ans, sizeof(ans), &al, NULL),
                   MIKEY_E_TIMESTAMP);
  f->clock.now = NTPS(T0 + 21);
  /* a short buffer: asked again with room */
  ck_assert_int_eq(mikey_initiator_on_csb_update(f->ini, upd, ul, ans, 10, &al, NULL),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_int_eq(mikey_initiator_on_csb_update(f->ini, upd, ul, ans, sizeof(ans), &al, NULL),
                   0);
  /* the answer: a changed byte, an unauthenticated Error message, then the real one */
  ans[al - 1] ^= 1;
  ck_assert_int_eq(mikey_responder_on_transfer_resp(f->resp, ans, al, NULL), MIKEY_E_AUTH);
  ans[al - 1] ^= 1;
  uint8_t err[128];
  size_t el;
  ck_assert_int_eq(mikey_errmsg_build(upd, ul, MIKEY_E_POLICY, NULL, err, sizeof(err), &el), 0);
  mikey_transfer_info info;
  ck_assert_int_eq(mikey_responder_on_transfer_resp(f->resp, err, el, &info), MIKEY_E_PEER_ERROR);
  ck_assert_int_eq(info.peer_error_authenticated, 0);
  ck_assert_int_eq(mikey_responder_on_transfer_resp(f->resp, ans, al, NULL), 0);
  /* while the initiator's own update awaits its answer it takes none from the responder */
  ck_assert_int_eq(mikey_initiator_csb_update(f->ini, &p, 1, upd, sizeof(upd), &ul, NULL), 0);
  uint8_t upd2[1024];
  size_t ul2;
  f->clock.now = NTPS(T0 + 30);
  ck_assert_int_eq(mikey_responder_csb_update(f->resp, f->xid, &p, NULL, 0, upd2, sizeof(upd2),
                                              &ul2, NULL),
                   0);
  ck_assert_int_eq(mikey_initiator_on_csb_update(f->ini, upd2, ul2, ans, sizeof(ans), &al, NULL),
                   MIKEY_E_STATE);
  /* no answer wanted (HDR V=0): none written, none awaited */
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len, NULL),
                   0);
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, f->tresp, f->tresp_len, NULL), 0);
  ck_assert_int_eq(mikey_initiator_on_csb_update(f->ini, upd2, ul2, ans, sizeof(ans), &al, NULL),
                   0);
  ck_assert_uint_eq(al, 0);
  ck_assert_int_eq(mikey_responder_on_transfer_resp(f->resp, f->tresp, f->tresp_len, NULL),
                   MIKEY_E_NO_PENDING);
  flow_free(f);
  /* PSK/MIME: no TRANSFER_RESP, no update */
  mikey_role_profile pm;
  ck_assert_int_eq(mikey_role_profile_default(&pm, MIKEY_ROLE_PSKMIME), 0);
  f = flow_new(&pm, 16);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  ck_assert_int_eq(flow_resolve(f), 0);
  ck_assert_int_eq(mikey_responder_csb_update(f->resp, f->xid, &p, NULL, 1, upd, sizeof(upd), &ul,
                                              NULL),
                   MIKEY_E_STATE);
  ck_assert_int_eq(mikey_initiator_on_csb_update(f->ini, upd, ul, ans, sizeof(ans), &al, NULL),
                   MIKEY_E_STATE);
  flow_free(f);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("roles_update");
  TCase *tc = tcase_create("update");
  tcase_add_test(tc, update_new_tgk_matches_python);
  tcase_add_test(tc, update_teks);
  tcase_add_test(tc, update_kemac_refused_without_l);
  tcase_add_test(tc, update_keys_bad_input);
  tcase_add_test(tc, update_kemac_tampered);
  tcase_add_test(tc, kemac_refused_in_transfer);
  tcase_add_test(tc, csbupd_open_shapes);
  tcase_add_test(tc, responder_update_roundtrip);
  tcase_add_test(tc, responder_update_new_tgk_matches_python);
  tcase_add_test(tc, responder_update_refusals);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
