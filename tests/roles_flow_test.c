/*
 * roles_flow_test.c: whole exchanges in one process with an injected clock and randomness:
 * initiator <-> KMS <-> responder for PSK/MIME (PROFILE.md sections 2-6), with and without
 * proof-of-origin, both PRFs, 128- and 256-bit keys, both sides ending with the same KEK;
 * the KEK and the TRANSFER_INIT MAC checked against an independent Python computation
 * (tests/vectors/roles/gen_roles.py); KEK release and ticket reuse rules.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <gcrypt.h>

#include "mikey_test.h"
#include "roles/mikey_roles_local.h"
#include "roles_test_util.h"
#include "vectors/roles/roles_vectors.h"

static const struct {
  uint8_t prf;
  uint8_t key_len;
  uint8_t poo;
} CASES[] = {
    {MIKEY_PRF_HMAC_SHA_256, 16, 0}, {MIKEY_PRF_HMAC_SHA_256, 32, 0}, {MIKEY_PRF_MIKEY_1, 16, 0},
    {MIKEY_PRF_HMAC_SHA_256, 16, 1}, {MIKEY_PRF_HMAC_SHA_256, 32, 1}, {MIKEY_PRF_MIKEY_1, 16, 1},
};
#define NCASES (sizeof(CASES) / sizeof(CASES[0]))

static const uint8_t TAG[16] = {0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
                                0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0};

static flow *case_flow(size_t i) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_PSKMIME), 0);
  p.prf = CASES[i].prf;
  p.key_len = CASES[i].key_len;
  p.proof_of_origin = CASES[i].poo;
  return flow_new(&p, CASES[i].key_len);
}

/* run_case runs request, transfer, resolve and returns both KEKs. */
static void run_case(flow *f, size_t i, uint8_t *kek_i, size_t *li, uint8_t *kek_r, size_t *lr) {
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, CASES[i].poo ? TAG : NULL, CASES[i].poo ? sizeof(TAG) : 0,
                                 kek_i, li),
                   0);
  int rc = flow_resolve(f);
  ck_assert_msg(rc == 0, "resolve: %s (KMS reason %s)", mikey_err_name(rc),
                mikey_err_name(f->res.reason));
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, kek_r, 64, lr), 0);
}

START_TEST(pskmime_both_sides_same_kek) {
  flow *f = case_flow((size_t)_i);
  uint8_t ki[64], kr[64];
  size_t li = 0, lr = 0;
  run_case(f, (size_t)_i, ki, &li, kr, &lr);
  /* then both ends hold the same KEK of the profile's size */
  ck_assert_uint_eq(li, CASES[_i].key_len);
  ck_assert_bytes(kr, lr, ki, li);
  /* the responder knows who sent it, under which KEK identifier, and whether the tag came */
  ck_assert_uint_eq(f->rinfo.initiator_type, ID_ALICE.type);
  ck_assert_bytes(f->rinfo.initiator, f->rinfo.initiator_len, ID_ALICE.data, ID_ALICE.len);
  ck_assert_bytes(f->rinfo.kek_id, f->rinfo.kek_id_len, f->tinfo.kek_id, f->tinfo.kek_id_len);
  ck_assert_bytes(f->xinfo.kek_id, f->xinfo.kek_id_len, f->tinfo.kek_id, f->tinfo.kek_id_len);
  ck_assert_uint_eq(f->rinfo.key_len, CASES[_i].key_len);
  ck_assert_uint_eq(f->rinfo.n_cs, 1);
  ck_assert_uint_eq(f->rinfo.cs_ids[0], 1);
  ck_assert_int_eq(f->rinfo.transfer_resp_due, 0);
  ck_assert_int_eq(f->rinfo.has_poo, CASES[_i].poo);
  if (CASES[_i].poo) {
    /* proof-of-origin: I=1 and a GTGK (D15), the tag compared in constant time */
    ck_assert(f->tinfo.flags & MIKEY_TP_I);
    ck_assert_uint_eq(f->tinfo.key_type, MIKEY_KEY_GTGK);
    ck_assert_int_eq(mikey_transfer_poo_check(&f->rinfo, TAG, sizeof(TAG)), 0);
    uint8_t bad[16];
    memcpy(bad, TAG, 16);
    bad[15] ^= 1;
    ck_assert_int_eq(mikey_transfer_poo_check(&f->rinfo, bad, 16), MIKEY_E_POO_MISMATCH);
    ck_assert_int_eq(mikey_transfer_poo_check(&f->rinfo, TAG, 15), MIKEY_E_POO_MISMATCH);
  } else {
    ck_assert(!(f->tinfo.flags & MIKEY_TP_I));
    ck_assert_uint_eq(f->tinfo.key_type, MIKEY_KEY_TGK);
    ck_assert_int_eq(mikey_transfer_poo_check(&f->rinfo, TAG, 16), MIKEY_E_NOT_FOUND);
  }
  /* the TRANSFER_INIT follows PROFILE.md section 4 */
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_int_eq(mikey_msg_decode(m, f->tinit, f->tinit_len), 0);
  ck_assert_int_eq(mikey_msg_validate(m, MIKEY_VALIDATE_PSKMIME), 0);
  ck_assert_uint_eq(m->hdr.v, 0);
  ck_assert_uint_eq(m->hdr.map_type, MIKEY_MAP_GENERIC_ID);
  ck_assert_uint_eq(m->hdr.n_cs, 1);
  ck_assert_uint_eq(m->hdr.cs[0].cs_id, 1);
  ck_assert_uint_eq(m->hdr.cs[0].prot_type, MIKEY_PROT_PSKMIME_DEFAULT);
  ck_assert_uint_eq(m->hdr.cs[0].s, 0);
  ck_assert_uint_eq(m->hdr.cs[0].policies.len, 0);
  ck_assert_uint_eq(m->hdr.cs[0].session_data.len, 0);
  ck_assert_bytes(m->hdr.cs[0].spi.data, m->hdr.cs[0].spi.len, f->tinfo.kek_id,
                  f->tinfo.kek_id_len);
  const mikey_payload *gx = mikey_msg_find(m, MIKEY_PT_GEXT, -1);
  ck_assert_int_eq(gx != NULL, CASES[_i].poo);
  if (gx) {
    ck_assert_uint_eq(gx->u.gext.type, MIKEY_GEXT_POO_DEFAULT);
    ck_assert_bytes(gx->u.gext.data.data, gx->u.gext.data.len, TAG, sizeof(TAG));
  }
  const mikey_payload *tk = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
  ck_assert_int_eq(tk->u.ticket.initiator_data.len != 0, CASES[_i].poo);
  free(m);
  /* the RESOLVE_INIT follows PROFILE.md section 5 */
  m = malloc(sizeof(*m));
  ck_assert_int_eq(mikey_msg_decode(m, f->rinit, f->rinit_len), 0);
  ck_assert_int_eq(mikey_msg_validate(m, MIKEY_VALIDATE_PSKMIME | MIKEY_VALIDATE_STRICT), 0);
  ck_assert_uint_eq(m->hdr.v, 1);
  ck_assert_uint_eq(m->hdr.map_type, MIKEY_MAP_EMPTY);
  ck_assert_int_eq(mikey_msg_decode(m, f->sresp, f->sresp_len), 0);
  ck_assert_int_eq(mikey_msg_validate(m, MIKEY_VALIDATE_PSKMIME | MIKEY_VALIDATE_STRICT), 0);
  /* with I=1 the KMS sent the modifier (IDRr, RANDRkms) */
  ck_assert_int_eq(mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_KMS) != NULL, CASES[_i].poo);
  free(m);
  mikey_memzero(ki, sizeof(ki));
  mikey_memzero(kr, sizeof(kr));
  flow_free(f);
}
END_TEST

START_TEST(pskmime_deterministic) {
  /* given two worlds with the same seed, then every message and the KEK are identical */
  flow *a = case_flow((size_t)_i), *b = case_flow((size_t)_i);
  uint8_t ka[64], kb[64], kr[64];
  size_t la, lb, lr;
  run_case(a, (size_t)_i, ka, &la, kr, &lr);
  run_case(b, (size_t)_i, kb, &lb, kr, &lr);
  ck_assert_bytes(ka, la, kb, lb);
  ck_assert_bytes(a->tinit, a->tinit_len, b->tinit, b->tinit_len);
  ck_assert_bytes(a->sresp, a->sresp_len, b->sresp, b->sresp_len);
  flow_free(a);
  flow_free(b);
}
END_TEST

/* hmac computes HMAC(|alg|) of the ranges, with libgcrypt directly (not the library's MAC). */
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

START_TEST(pskmime_matches_python_vector) {
  /* given the fixed seed of roles_vectors.h (the counting randomness, T0) */
  size_t i = (size_t)_i;
  const roles_vector *vec = &ROLES_VECTORS[i];
  flow *f = case_flow(vec->case_index);
  uint8_t ki[64], kr[64];
  size_t li, lr;
  run_case(f, vec->case_index, ki, &li, kr, &lr);
  /* then the KEK is the one Python derived from the TGK and RANDRi (5.1.3) */
  ck_assert_bytes(ki, li, vec->kek, vec->kek_len);
  ck_assert_bytes(kr, lr, vec->kek, vec->kek_len);
  /* and the TRANSFER_INIT's V is HMAC(auth_key from Python) over the message minus the
   * Initiator Data fields || Identity_i || Identity_r, computed here with libgcrypt */
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_int_eq(mikey_msg_decode(m, f->tinit, f->tinit_len), 0);
  const mikey_ticket *t = &mikey_msg_find(m, MIKEY_PT_TICKET, -1)->u.ticket;
  const mikey_v *v = &m->pl[m->n - 1].u.v;
  mikey_iov iov[4] = {{f->tinit, t->idata_len_offset},
                      {f->tinit + t->idata_offset + t->initiator_data.len,
                       v->mac_offset - (t->idata_offset + t->initiator_data.len)},
                      {ID_ALICE.data, ID_ALICE.len},
                      {ID_BOB.data, ID_BOB.len}};
  uint8_t want[32];
  int alg = vec->prf == MIKEY_PRF_HMAC_SHA_256 ? GCRY_MD_SHA256 : GCRY_MD_SHA1;
  hmac(alg, vec->auth_key, vec->auth_key_len, iov, 4, want, v->mac.len);
  ck_assert_bytes(v->mac.data, v->mac.len, want, v->mac.len);
  ck_assert_uint_eq(m->hdr.csb_id, vec->csb_id);
  free(m);
  flow_free(f);
}
END_TEST

START_TEST(kek_released_once) {
  flow *f = case_flow(0);
  uint8_t ki[64], kr[64];
  size_t li, lr;
  run_case(f, 0, ki, &li, kr, &lr);
  /* Annex I.3: by default a KEK is used once, on either side */
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, kr, sizeof(kr), &lr),
                   MIKEY_E_KEK_REUSE);
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, ki, sizeof(ki), &li),
                   MIKEY_E_KEK_REUSE);
  /* no such crypto session, no such exchange */
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 2, kr, sizeof(kr), &lr),
                   MIKEY_E_NOT_FOUND);
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid ^ 1, 1, kr, sizeof(kr), &lr),
                   MIKEY_E_NOT_FOUND);
  /* the same TRANSFER_INIT again is a replay (its KEK would protect a second message) */
  uint32_t xid;
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &xid),
                   MIKEY_E_REPLAY);
  mikey_responder_forget(f->resp, f->xid);
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, kr, sizeof(kr), &lr),
                   MIKEY_E_NOT_FOUND);
  flow_free(f);
}
END_TEST

START_TEST(kek_reuse_when_allowed) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_PSKMIME), 0);
  p.kek_reuse = 1;
  flow *f = flow_new(&p, 16);
  uint8_t ki[64], kr[64], kr2[64];
  size_t li, lr, lr2;
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, ki, &li), 0);
  ck_assert_int_eq(flow_resolve(f), 0);
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, kr, sizeof(kr), &lr), 0);
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, kr2, sizeof(kr2), &lr2), 0);
  ck_assert_bytes(kr2, lr2, ki, li);
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, ki, sizeof(ki), &li), 0);
  /* and the same TRANSFER_INIT (a second message under the same KEK) is accepted again */
  ck_assert_int_eq(flow_resolve(f), 0);
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, kr, sizeof(kr), &lr), 0);
  ck_assert_bytes(kr, lr, ki, li);
  flow_free(f);
}
END_TEST

START_TEST(ticket_reuse_fresh_kek_per_message) {
  flow *f = case_flow(0);
  uint8_t k1[64], k2[64], r2[64];
  size_t l1, l2, lr2;
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, k1, &l1), 0);
  ck_assert_int_eq(flow_resolve(f), 0);
  uint32_t csb1 = f->xinfo.csb_id;
  /* D10: J=1 lets the ticket serve a second message; a fresh RANDRi gives a fresh KEK with
   * the same identifier */
  f->clock.now += NTPS(5);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, k2, &l2), 0);
  ck_assert_int_eq(flow_resolve(f), 0);
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, r2, sizeof(r2), &lr2), 0);
  ck_assert_bytes(r2, lr2, k2, l2);
  ck_assert(memcmp(k1, k2, l1) != 0);
  ck_assert_uint_ne(f->xinfo.csb_id, csb1);
  ck_assert_bytes(f->rinfo.kek_id, f->rinfo.kek_id_len, f->tinfo.kek_id, f->tinfo.kek_id_len);
  flow_free(f);
}
END_TEST

START_TEST(transfer_needs_ticket_and_order) {
  flow *f = case_flow(0);
  mikey_transfer_info xi;
  uint8_t buf[64];
  size_t n;
  ck_assert_int_eq(mikey_initiator_transfer_prepare(f->ini, NULL, &xi), MIKEY_E_STATE);
  ck_assert_int_eq(mikey_initiator_transfer_finish(f->ini, NULL, 0, f->tinit, sizeof(f->tinit),
                                                   &f->tinit_len),
                   MIKEY_E_STATE);
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, buf, sizeof(buf), &n), MIKEY_E_STATE);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(mikey_initiator_transfer_prepare(f->ini, NULL, &xi), 0);
  ck_assert_int_eq(xi.keys_ready, 1);
  /* exact size reporting for the key and the message */
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, buf, 3, &n), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, 16);
  size_t need;
  ck_assert_int_eq(mikey_initiator_transfer_finish(f->ini, NULL, 0, NULL, 0, &need),
                   MIKEY_E_BUFFER_TOO_SMALL);
  /* a proof-of-origin tag needs I=1 */
  ck_assert_int_eq(mikey_initiator_transfer_finish(f->ini, TAG, 16, f->tinit, sizeof(f->tinit),
                                                   &f->tinit_len),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_initiator_transfer_finish(f->ini, NULL, 0, f->tinit, need,
                                                   &f->tinit_len),
                   0);
  ck_assert_uint_eq(f->tinit_len, need);
  ck_assert_int_eq(mikey_initiator_transfer_finish(f->ini, NULL, 0, f->tinit, sizeof(f->tinit),
                                                   &f->tinit_len),
                   MIKEY_E_STATE);
  /* the KEK is still there for the message the caller protects */
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, buf, sizeof(buf), &n), 0);
  /* a ticket past its end is not used */
  f->clock.now += NTPS(MIKEY_TICKET_LIFETIME_DEFAULT + 1);
  ck_assert_int_eq(mikey_initiator_transfer_prepare(f->ini, NULL, &xi), MIKEY_E_EXPIRED);
  flow_free(f);
}
END_TEST

START_TEST(transfer_size_predicts_finish) {
  /* given a ticket of this case */
  size_t i = (size_t)_i;
  flow *f = case_flow(i);
  size_t size = 99;
  ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, NULL, 0, &size), MIKEY_E_STATE);
  ck_assert_uint_eq(size, 0);
  ck_assert_int_eq(flow_request(f), 0);
  size_t poo_len = CASES[i].poo ? sizeof(TAG) : 0;
  /* when the caller sizes the transfer before preparing it */
  uint64_t calls = f->pi.rnd.calls;
  ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, NULL, poo_len, &size), 0);
  /* then nothing was drawn or started, and prepare + finish write exactly that many bytes */
  ck_assert_uint_eq(f->pi.rnd.calls, calls);
  uint8_t k[64];
  size_t kl;
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, k, sizeof(k), &kl), MIKEY_E_STATE);
  ck_assert_int_eq(flow_transfer(f, CASES[i].poo ? TAG : NULL, poo_len, NULL, NULL), 0);
  ck_assert_uint_eq(f->tinit_len, size);
  /* an IDRr k bytes longer makes the message k bytes longer (its ID len field, RFC 6043
   * 6.6), whoever the ticket names */
  static const mikey_identity LONGER = {MIKEY_ID_URI, (const uint8_t *)"sip:bob@example.org.x",
                                        sizeof("sip:bob@example.org.x") - 1};
  ck_assert_uint_eq(LONGER.len, ID_BOB.len + 2);
  mikey_transfer_params tp;
  memset(&tp, 0, sizeof(tp));
  tp.responder = &LONGER;
  size_t longer;
  ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, &tp, poo_len, &longer), 0);
  ck_assert_uint_eq(longer, size + 2);
  /* the proof-of-origin rules of transfer_finish */
  if (CASES[i].poo) {
    /* the profile requires it, and the tag counts byte for byte in the size (General
     * Extension Data, RFC 3830 6.15) */
    ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, NULL, 0, &size), MIKEY_E_POLICY);
    ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, NULL, 20, &longer), 0);
    ck_assert_uint_eq(longer, f->tinit_len + 4);
    ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, NULL, MIKEY_POO_MAX + 1, &size),
                     MIKEY_E_INVAL);
  } else {
    ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, NULL, 16, &size), MIKEY_E_INVAL);
  }
  ck_assert_int_eq(mikey_initiator_transfer_size(NULL, NULL, 0, &size), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, NULL, poo_len, NULL), MIKEY_E_INVAL);
  flow_free(f);
}
END_TEST

START_TEST(transfer_size_ims) {
  /* given an IMS ticket and two crypto sessions with an SP payload */
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_IMS), 0);
  flow *f = flow_new(&p, 16);
  ck_assert_int_eq(flow_request(f), 0);
  static const uint8_t pol0[1] = {0};
  static const uint8_t spi[4] = {0xde, 0xad, 0xbe, 0xef};
  static const uint8_t params[3] = {1, 1, 16};
  mikey_cs cs[2];
  memset(cs, 0, sizeof(cs));
  cs[0].cs_id = 1;
  cs[0].prot_type = MIKEY_PROT_SRTP;
  cs[0].policies = (mikey_bytes){pol0, 1};
  cs[0].spi = (mikey_bytes){spi, 4};
  cs[1] = cs[0];
  cs[1].cs_id = 2;
  mikey_sp sp;
  memset(&sp, 0, sizeof(sp));
  sp.prot_type = MIKEY_PROT_SRTP;
  sp.params = (mikey_bytes){params, sizeof(params)};
  mikey_transfer_params tp;
  memset(&tp, 0, sizeof(tp));
  tp.cs = cs;
  tp.n_cs = 2;
  tp.sp = &sp;
  tp.n_sp = 1;
  /* when sized and then written */
  size_t size;
  ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, &tp, 0, &size), 0);
  ck_assert_int_eq(mikey_initiator_transfer_prepare(f->ini, &tp, NULL), 0);
  ck_assert_int_eq(mikey_initiator_transfer_finish(f->ini, NULL, 0, f->tinit, sizeof(f->tinit),
                                                   &f->tinit_len),
                   0);
  /* then the size was exact; without its SP payload the message is shorter by that payload's
   * 5 + 3 bytes (RFC 3830 6.10) */
  ck_assert_uint_eq(f->tinit_len, size);
  tp.n_sp = 0;
  size_t no_sp;
  ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, &tp, 0, &no_sp), 0);
  ck_assert_uint_eq(no_sp + 5 + sizeof(params), size);
  /* the crypto sessions are checked as transfer_prepare checks them */
  ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, NULL, 0, &size), MIKEY_E_INVAL);
  cs[1].cs_id = 1;
  ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, &tp, 0, &size), MIKEY_E_INVAL);
  tp.n_cs = MIKEY_MAX_CS + 1;
  ck_assert_int_eq(mikey_initiator_transfer_size(f->ini, &tp, 0, &size), MIKEY_E_LIMIT);
  flow_free(f);
}
END_TEST

START_TEST(transfer_drop_ends_the_transfer) {
  /* given a prepared PSK/MIME transfer */
  flow *f = case_flow(0);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(mikey_initiator_transfer_prepare(f->ini, NULL, NULL), 0);
  /* when it is dropped, then its KEK is gone and it cannot be finished */
  mikey_initiator_transfer_drop(f->ini);
  mikey_initiator_transfer_drop(NULL);
  uint8_t k[64];
  size_t kl;
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, k, sizeof(k), &kl), MIKEY_E_STATE);
  ck_assert_int_eq(mikey_initiator_transfer_finish(f->ini, NULL, 0, f->tinit, sizeof(f->tinit),
                                                   &f->tinit_len),
                   MIKEY_E_STATE);
  /* and the ticket still serves the next message, end to end */
  uint8_t ki[64], kr[64];
  size_t li, lr;
  ck_assert_int_eq(flow_transfer(f, NULL, 0, ki, &li), 0);
  ck_assert_int_eq(flow_resolve(f), 0);
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, kr, sizeof(kr), &lr), 0);
  ck_assert_bytes(kr, lr, ki, li);
  flow_free(f);
  /* an IMS transfer waiting for its TRANSFER_RESP takes it no more once dropped */
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_IMS), 0);
  f = flow_new(&p, 16);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  ck_assert_int_eq(flow_resolve(f), 0);
  ck_assert_int_eq(mikey_responder_transfer_resp(f->resp, f->xid, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len),
                   0);
  mikey_initiator_transfer_drop(f->ini);
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, f->tresp, f->tresp_len, NULL),
                   MIKEY_E_NO_PENDING);
  flow_free(f);
}
END_TEST

START_TEST(initiator_getters) {
  /* given an engine without a ticket */
  size_t i = (size_t)_i;
  flow *f = case_flow(i);
  mikey_ticket_info ti;
  memset(&ti, 0x5a, sizeof(ti));
  ck_assert_int_eq(mikey_initiator_ticket_info(f->ini, &ti), MIKEY_E_STATE);
  ck_assert_uint_eq(ti.key_len, 0);
  ck_assert_int_eq(mikey_initiator_ticket_info(NULL, &ti), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_initiator_ticket_info(f->ini, NULL), MIKEY_E_INVAL);
  /* the env it was made with (flow_new: the initiator's test party) */
  mikey_env env;
  ck_assert_int_eq(mikey_initiator_env(f->ini, &env), 0);
  ck_assert_ptr_eq(env.user_data, &f->pi);
  uint8_t b[3];
  uint64_t drawn = f->pi.rnd.drawn;
  ck_assert_int_eq(env.rand(env.user_data, b, sizeof(b)), 0);
  ck_assert_uint_eq(f->pi.rnd.drawn, drawn + 3);
  ck_assert_uint_eq(env.now(env.user_data), f->clock.now);
  ck_assert_int_eq(mikey_initiator_env(NULL, &env), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_initiator_env(f->ini, NULL), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_initiator_profile_kind(f->ini), MIKEY_ROLE_PSKMIME);
  ck_assert_int_eq(mikey_initiator_profile_kind(NULL), 0);
  /* when it holds a ticket, then it describes it as the answer did: the case's key length,
   * a 4-byte KEK id (D8), I=1 and a GTGK exactly with proof-of-origin (D15) */
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(mikey_initiator_ticket_info(f->ini, &ti), 0);
  ck_assert_uint_eq(ti.key_len, CASES[i].key_len);
  ck_assert_uint_eq(ti.kek_id_len, MIKEY_KEK_ID_LEN);
  ck_assert_bytes(ti.kek_id, ti.kek_id_len, f->tinfo.kek_id, f->tinfo.kek_id_len);
  ck_assert_int_eq((ti.flags & MIKEY_TP_I) != 0, CASES[i].poo);
  ck_assert_uint_eq(ti.key_type, CASES[i].poo ? MIKEY_KEY_GTGK : MIKEY_KEY_TGK);
  ck_assert_uint_eq(ti.flags, f->tinfo.flags);
  ck_assert_uint_eq(ti.ticket_type, f->tinfo.ticket_type);
  ck_assert_uint_eq(ti.prf, f->tinfo.prf);
  ck_assert_uint_eq(ti.valid_from, f->tinfo.valid_from);
  ck_assert_uint_eq(ti.valid_to, f->tinfo.valid_to);
  ck_assert_uint_eq(ti.valid_to - ti.valid_from, MIKEY_TICKET_LIFETIME_DEFAULT);
  flow_free(f);
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_IMS), 0);
  f = flow_new(&p, 16);
  ck_assert_int_eq(mikey_initiator_profile_kind(f->ini), MIKEY_ROLE_IMS);
  flow_free(f);
}
END_TEST

START_TEST(pending_info_describes_the_unverified_transfer) {
  /* given a TRANSFER_INIT the responder took and resolves */
  size_t i = (size_t)_i;
  flow *f = case_flow(i);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, CASES[i].poo ? TAG : NULL, CASES[i].poo ? sizeof(TAG) : 0,
                                 NULL, NULL),
                   0);
  uint32_t xid;
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &xid),
                   0);
  /* when asked before the KMS answered, then it is pending and states what the message
   * says: the initiator's KEK identifier, alice, the ticket's flags, proof-of-origin */
  mikey_pending_info pi;
  ck_assert_int_eq(mikey_responder_pending_info(f->resp, xid, NULL), 0);
  ck_assert_int_eq(mikey_responder_pending_info(f->resp, xid, &pi), 0);
  ck_assert_uint_eq(pi.xid, xid);
  ck_assert_uint_eq(pi.csb_id, f->xinfo.csb_id);
  ck_assert_bytes(pi.kek_id, pi.kek_id_len, f->xinfo.kek_id, f->xinfo.kek_id_len);
  ck_assert_uint_eq(pi.kek_id_len, MIKEY_KEK_ID_LEN);
  ck_assert_uint_eq(pi.initiator_type, ID_ALICE.type);
  ck_assert_bytes(pi.initiator, pi.initiator_len, ID_ALICE.data, ID_ALICE.len);
  ck_assert_uint_eq(pi.flags, f->tinfo.flags);
  ck_assert_uint_eq(pi.ticket_type, f->tinfo.ticket_type);
  ck_assert_int_eq(pi.has_poo, CASES[i].poo);
  /* once accepted it is no longer pending; unknown handles are not found */
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, f->sresp, f->sresp_len, NULL), 0);
  memset(&pi, 0x5a, sizeof(pi));
  ck_assert_int_eq(mikey_responder_pending_info(f->resp, xid, &pi), MIKEY_E_STATE);
  ck_assert_uint_eq(pi.kek_id_len, 0);
  ck_assert_int_eq(mikey_responder_pending_info(f->resp, xid ^ 1, NULL), MIKEY_E_NOT_FOUND);
  ck_assert_int_eq(mikey_responder_pending_info(NULL, xid, &pi), MIKEY_E_INVAL);
  flow_free(f);
}
END_TEST

START_TEST(pending_info_is_not_authenticated) {
  /* given a TRANSFER_INIT whose KEK identifier was changed on the way */
  flow *f = case_flow(0);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  static mikey_msg m;
  ck_assert_int_eq(mikey_msg_decode(&m, f->tinit, f->tinit_len), 0);
  size_t at = (size_t)(m.hdr.cs[0].spi.data - f->tinit);
  f->tinit[at] ^= 0x01;
  uint32_t xid;
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &xid),
                   0);
  /* then the pending exchange states the changed one (nothing is verified yet) ... */
  mikey_pending_info pi;
  ck_assert_int_eq(mikey_responder_pending_info(f->resp, xid, &pi), 0);
  ck_assert_uint_eq(pi.kek_id[0], f->xinfo.kek_id[0] ^ 0x01);
  /* ... and the KMS's keys refuse it */
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, f->sresp, f->sresp_len, NULL),
                   MIKEY_E_AUTH);
  ck_assert_int_eq(mikey_responder_pending_info(f->resp, xid, NULL), MIKEY_E_NOT_FOUND);
  flow_free(f);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("roles_flow");
  TCase *tc = tcase_create("pskmime");
  tcase_add_loop_test(tc, pskmime_both_sides_same_kek, 0, (int)NCASES);
  tcase_add_loop_test(tc, pskmime_deterministic, 0, (int)NCASES);
  tcase_add_loop_test(tc, pskmime_matches_python_vector, 0, (int)ROLES_NVECTORS);
  tcase_add_test(tc, kek_released_once);
  tcase_add_test(tc, kek_reuse_when_allowed);
  tcase_add_test(tc, ticket_reuse_fresh_kek_per_message);
  tcase_add_test(tc, transfer_needs_ticket_and_order);
  tcase_add_loop_test(tc, transfer_size_predicts_finish, 0, (int)NCASES);
  tcase_add_test(tc, transfer_size_ims);
  tcase_add_test(tc, transfer_drop_ends_the_transfer);
  tcase_add_loop_test(tc, initiator_getters, 0, (int)NCASES);
  tcase_add_loop_test(tc, pending_info_describes_the_unverified_transfer, 0, (int)NCASES);
  tcase_add_test(tc, pending_info_is_not_authenticated);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
