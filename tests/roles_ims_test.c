/*
 * roles_ims_test.c: the IMS media profile (PROFILE.md section 8, TS 33.328 D.4) on the same
 * engines: full three round trips, TRANSFER_RESP with RANDRr, forking of MPKr and the TGK
 * with the modifier (IDRr, RANDRkms) (RFC 6043 5.1.1), TEKs from both RANDs (5.1.3); both
 * sides end with the same TEKs. Also CSB-independent ticket reuse (5.3).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mikey_test.h"
#include "roles/mikey_roles_local.h"
#include "roles_test_util.h"

static flow *ims_flow(uint8_t prf, uint8_t key_len) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_IMS), 0);
  p.prf = prf;
  p.key_len = key_len;
  return flow_new(&p, key_len);
}

/* full runs request, transfer, resolve, TRANSFER_RESP and its processing. */
static void full(flow *f) {
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  /* forking and RANDRr: the initiator cannot know the TEKs before the TRANSFER_RESP */
  ck_assert_int_eq(f->xinfo.keys_ready, 0);
  uint8_t k[64];
  size_t kl;
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, k, sizeof(k), &kl), MIKEY_E_STATE);
  int rc = flow_resolve(f);
  ck_assert_msg(rc == 0, "resolve: %s (KMS %s)", mikey_err_name(rc),
                mikey_err_name(f->res.reason));
  ck_assert_int_eq(f->rinfo.transfer_resp_due, 1);
  ck_assert_int_eq(mikey_responder_transfer_resp(f->resp, f->xid, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len),
                   0);
  mikey_transfer_info xi;
  rc = mikey_initiator_on_transfer_resp(f->ini, f->tresp, f->tresp_len, &xi);
  ck_assert_msg(rc == 0, "TRANSFER_RESP: %s", mikey_err_name(rc));
  ck_assert_int_eq(xi.keys_ready, 1);
}

static const struct {
  uint8_t prf, key_len;
} SUITES[] = {{MIKEY_PRF_HMAC_SHA_256, 16}, {MIKEY_PRF_HMAC_SHA_256, 32}, {MIKEY_PRF_MIKEY_1, 16}};

START_TEST(ims_same_teks) {
  flow *f = ims_flow(SUITES[_i].prf, SUITES[_i].key_len);
  full(f);
  ck_assert_uint_eq(f->tinfo.flags, MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_F | MIKEY_TP_G |
                                        MIKEY_TP_H | MIKEY_TP_I | MIKEY_TP_J | MIKEY_TP_N |
                                        MIKEY_TP_O);
  ck_assert_uint_eq(f->rinfo.n_cs, 2);
  uint8_t ki[2][64], kr[2][64];
  size_t li[2], lr[2];
  for (uint8_t cs = 1; cs <= 2; cs++) {
    ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, cs, ki[cs - 1], 64, &li[cs - 1]), 0);
    ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, cs, kr[cs - 1], 64, &lr[cs - 1]), 0);
    ck_assert_uint_eq(li[cs - 1], MIKEY_TEK_LEN_DEFAULT);
    ck_assert_bytes(ki[cs - 1], li[cs - 1], kr[cs - 1], lr[cs - 1]);
  }
  /* the two crypto sessions have different TEKs, each released once */
  ck_assert(memcmp(ki[0], ki[1], li[0]) != 0);
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, ki[0], 64, &li[0]), MIKEY_E_KEK_REUSE);
  /* the messages: TRANSFER_INIT with V=1 (F), Initiator Data, the SP; TRANSFER_RESP with
   * RANDRr, IDRr and RANDRkms */
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_int_eq(mikey_msg_decode(m, f->tinit, f->tinit_len), 0);
  ck_assert_int_eq(mikey_msg_validate(m, MIKEY_VALIDATE_STRICT), 0);
  ck_assert_uint_eq(m->hdr.v, 1);
  ck_assert_uint_eq(m->hdr.n_cs, 2);
  ck_assert_ptr_nonnull(mikey_msg_find(m, MIKEY_PT_SP, -1));
  ck_assert_uint_ne(mikey_msg_find(m, MIKEY_PT_TICKET, -1)->u.ticket.initiator_data.len, 0);
  ck_assert_int_eq(mikey_msg_decode(m, f->tresp, f->tresp_len), 0);
  ck_assert_int_eq(mikey_msg_validate(m, MIKEY_VALIDATE_STRICT), 0);
  ck_assert_ptr_nonnull(mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_R));
  ck_assert_ptr_nonnull(mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_KMS));
  ck_assert_ptr_nonnull(mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_R));
  ck_assert_uint_eq(m->hdr.v, 0);
  free(m);
  flow_free(f);
}
END_TEST

START_TEST(ims_transfer_resp_retransmitted_and_checked) {
  flow *f = ims_flow(MIKEY_PRF_HMAC_SHA_256, 16);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  ck_assert_int_eq(flow_resolve(f), 0);
  ck_assert_int_eq(mikey_responder_transfer_resp(f->resp, f->xid, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len),
                   0);
  /* a retransmission gives the same bytes */
  uint8_t again[4096];
  size_t al;
  ck_assert_int_eq(mikey_responder_transfer_resp(f->resp, f->xid, again, sizeof(again), &al), 0);
  ck_assert_bytes(again, al, f->tresp, f->tresp_len);
  /* any byte changed: refused, no TEK */
  for (size_t i = 0; i < f->tresp_len; i++) {
    memcpy(again, f->tresp, f->tresp_len);
    again[i] ^= 0x08;
    ck_assert_msg(mikey_initiator_on_transfer_resp(f->ini, again, f->tresp_len, NULL) != 0,
                  "byte %zu", i);
  }
  uint8_t k[64];
  size_t kl;
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, k, sizeof(k), &kl), MIKEY_E_STATE);
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, f->tresp, f->tresp_len, NULL), 0);
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, f->tresp, f->tresp_len, NULL),
                   MIKEY_E_NO_PENDING);
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, k, sizeof(k), &kl), 0);
  flow_free(f);
}
END_TEST

START_TEST(ims_ticket_reuse) {
  /* RFC 6043 5.3: a new Ticket Transfer with the same ticket: new CSB ID, T, RANDRi and
   * RANDRr, hence new TEKs; J=1 allows it */
  flow *f = ims_flow(MIKEY_PRF_HMAC_SHA_256, 16);
  full(f);
  uint8_t k1[64], k2[64], r2[64];
  size_t l1, l2, lr;
  uint32_t csb1 = f->xinfo.csb_id;
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, k1, sizeof(k1), &l1), 0);
  f->clock.now += NTPS(60);
  full(f);
  ck_assert_uint_ne(f->xinfo.csb_id, csb1);
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, k2, sizeof(k2), &l2), 0);
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, r2, sizeof(r2), &lr), 0);
  ck_assert_bytes(k2, l2, r2, lr);
  ck_assert(memcmp(k1, k2, l1) != 0);
  flow_free(f);
}
END_TEST

START_TEST(ims_no_reuse_without_j) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_IMS), 0);
  p.tp_flags = (uint16_t)(p.tp_flags & ~MIKEY_TP_J);
  flow *f = flow_new(&p, 16);
  full(f);
  ck_assert(!(f->tinfo.flags & MIKEY_TP_J));
  /* 5.3: "If the Ticket Policy forbids reuse (J flag), the ticket MUST NOT be reused" */
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), MIKEY_E_POLICY);
  flow_free(f);
}
END_TEST

START_TEST(ims_error_in_place_of_transfer_resp) {
  flow *f = ims_flow(MIKEY_PRF_HMAC_SHA_256, 16);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  /* the responder refuses (here: an unauthenticated Error message built by the integrator) */
  uint8_t err[128];
  size_t el;
  ck_assert_int_eq(mikey_errmsg_build(f->tinit, f->tinit_len, MIKEY_E_POLICY, NULL, err,
                                      sizeof(err), &el),
                   0);
  mikey_transfer_info xi;
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, err, el, &xi), MIKEY_E_PEER_ERROR);
  ck_assert_uint_eq(xi.peer_error, MIKEY_ERRNO_INVALID_TPPAR);
  ck_assert_int_eq(xi.peer_error_authenticated, 0);
  flow_free(f);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("roles_ims");
  TCase *tc = tcase_create("ims");
  tcase_add_loop_test(tc, ims_same_teks, 0, 3);
  tcase_add_test(tc, ims_transfer_resp_retransmitted_and_checked);
  tcase_add_test(tc, ims_ticket_reuse);
  tcase_add_test(tc, ims_no_reuse_without_j);
  tcase_add_test(tc, ims_error_in_place_of_transfer_resp);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
