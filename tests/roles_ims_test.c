/*
 * roles_ims_test.c: the IMS media profile (PROFILE.md section 8, TS 33.328 D.4) on the same
 * engines: full three round trips, TRANSFER_RESP with RANDRr, forking of MPKr and the TGK
 * with the modifier (IDRr, RANDRkms) (RFC 6043 5.1.1), TEKs from both RANDs (5.1.3); both
 * sides end with the same TEKs. Ticket reuse (5.3) and CSB updating (5.2).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mikey_test.h"
#include "roles/mikey_initiator_local.h"
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

/* three crypto sessions for an update: CS 1 and 2 as before, and a new CS 3 */
static mikey_transfer_params three_sessions(mikey_cs cs[3]) {
  static const uint8_t pol0[1] = {0};
  static const uint8_t spi[4] = {0xde, 0xad, 0xbe, 0xef};
  memset(cs, 0, 3 * sizeof(mikey_cs));
  for (uint8_t i = 0; i < 3; i++) {
    cs[i].cs_id = (uint8_t)(i + 1);
    cs[i].prot_type = MIKEY_PROT_SRTP;
    cs[i].policies = (mikey_bytes){pol0, 1};
    cs[i].spi = (mikey_bytes){spi, 4};
  }
  mikey_transfer_params p = {NULL, cs, 3, NULL, 0};
  return p;
}

START_TEST(csb_update_adds_a_session) {
  flow *f = ims_flow(MIKEY_PRF_HMAC_SHA_256, 16);
  full(f);
  uint8_t k1[64];
  size_t l1;
  ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, 1, k1, sizeof(k1), &l1), 0);
  uint32_t csb = f->xinfo.csb_id;
  /* given a completed exchange, when the initiator adds a crypto session (5.2) */
  mikey_cs cs[3];
  mikey_transfer_params p = three_sessions(cs);
  f->clock.now += NTPS(30);
  mikey_transfer_info xi, ri;
  uint8_t upd[1024], resp[1024];
  size_t ul, rl;
  ck_assert_int_eq(mikey_initiator_csb_update(f->ini, &p, 1, upd, sizeof(upd), &ul, &xi), 0);
  ck_assert_int_eq(xi.keys_ready, 1);
  ck_assert_uint_eq(xi.n_cs, 3);
  ck_assert_uint_eq(xi.csb_id, csb);
  /* then the message has the same CSB ID, V=1, no RANDR, no TICKET */
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_int_eq(mikey_msg_decode(m, upd, ul), 0);
  ck_assert_uint_eq(m->hdr.csb_id, csb);
  ck_assert_uint_eq(m->hdr.v, 1);
  ck_assert_uint_eq(m->hdr.n_cs, 3);
  ck_assert_ptr_null(mikey_msg_find(m, MIKEY_PT_RANDR, -1));
  ck_assert_ptr_null(mikey_msg_find(m, MIKEY_PT_TICKET, -1));
  free(m);
  /* the responder takes it and answers; the initiator checks the answer */
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, resp, sizeof(resp), &rl, &ri),
                   0);
  ck_assert_uint_gt(rl, 0);
  ck_assert_uint_eq(ri.n_cs, 3);
  ck_assert_uint_eq(ri.xid, f->xid);
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, resp, rl, NULL), 0);
  /* both hold the same TEKs; CS 1 keeps its TEK (same TGK' and RANDs) */
  for (uint8_t c = 1; c <= 3; c++) {
    uint8_t a[64], b[64];
    size_t la, lb;
    ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, c, a, sizeof(a), &la), 0);
    ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, c, b, sizeof(b), &lb), 0);
    ck_assert_bytes(a, la, b, lb);
    if (c == 1) {
      ck_assert_bytes(a, la, k1, l1);
    }
  }
  /* the same update again, or any byte of it changed: refused, nothing changes */
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, resp, sizeof(resp), &rl, NULL),
                   MIKEY_E_REPLAY);
  for (size_t i = 0; i < ul; i++) {
    uint8_t bad[1024];
    memcpy(bad, upd, ul);
    bad[i] ^= 0x02;
    ck_assert_msg(mikey_responder_on_csb_update(f->resp, bad, ul, resp, sizeof(resp), &rl,
                                                NULL) != 0,
                  "byte %zu", i);
  }
  /* a second update without an answer */
  f->clock.now += NTPS(1);
  p.n_cs = 1;
  ck_assert_int_eq(mikey_initiator_csb_update(f->ini, &p, 0, upd, sizeof(upd), &ul, &xi), 0);
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, resp, sizeof(resp), &rl, &ri),
                   0);
  ck_assert_uint_eq(rl, 0);
  ck_assert_uint_eq(ri.n_cs, 1);
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, resp, 10, NULL), MIKEY_E_NO_PENDING);
  uint8_t a[64];
  size_t la;
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 2, a, sizeof(a), &la), MIKEY_E_NOT_FOUND);
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, a, sizeof(a), &la), 0);
  ck_assert_bytes(a, la, k1, l1);
  flow_free(f);
}
END_TEST

START_TEST(csb_update_refusals) {
  flow *f = ims_flow(MIKEY_PRF_HMAC_SHA_256, 16);
  mikey_cs cs[3];
  mikey_transfer_params p = three_sessions(cs);
  uint8_t upd[4096], resp[1024];
  size_t ul, rl;
  /* nothing to update yet */
  ck_assert_int_eq(mikey_initiator_csb_update(f->ini, &p, 1, upd, sizeof(upd), &ul, NULL),
                   MIKEY_E_STATE);
  full(f);
  /* a full TRANSFER_INIT (RANDRi, TICKET) is not an update */
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, f->tinit, f->tinit_len, resp,
                                                 sizeof(resp), &rl, NULL),
                   MIKEY_E_UNEXPECTED_PAYLOAD);
  /* exact size reporting, no state change */
  size_t need;
  ck_assert_int_eq(mikey_initiator_csb_update(f->ini, &p, 1, NULL, 0, &need, NULL),
                   MIKEY_E_BUFFER_TOO_SMALL);
  f->clock.now += NTPS(2);
  ck_assert_int_eq(mikey_initiator_csb_update(f->ini, &p, 1, upd, need, &ul, NULL), 0);
  ck_assert_uint_eq(ul, need);
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, NULL, 0, &rl, NULL),
                   MIKEY_E_BUFFER_TOO_SMALL);
  /* a stale one */
  f->clock.now += NTPS(301);
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, resp, sizeof(resp), &rl, NULL),
                   MIKEY_E_TIMESTAMP);
  /* an unknown CSB ID */
  upd[4] ^= 0x40;
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, resp, sizeof(resp), &rl, NULL),
                   MIKEY_E_NOT_FOUND);
  flow_free(f);
  /* the PSK/MIME profile has no TRANSFER_RESP, hence no update */
  mikey_role_profile pm;
  ck_assert_int_eq(mikey_role_profile_default(&pm, MIKEY_ROLE_PSKMIME), 0);
  f = flow_new(&pm, 16);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  ck_assert_int_eq(mikey_initiator_csb_update(f->ini, &p, 1, upd, sizeof(upd), &ul, NULL),
                   MIKEY_E_STATE);
  ck_assert_int_eq(flow_resolve(f), 0);
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, f->tinit, f->tinit_len, resp,
                                                 sizeof(resp), &rl, NULL),
                   MIKEY_E_NOT_FOUND);
  flow_free(f);
}
END_TEST

/* The HDR is 10 bytes (RFC 3830 6.1); each GENERIC-ID block of the sessions here (one policy,
 * no session data, a 4-byte SPI) is 11 (RFC 6043 6.1.1): CS IDs at 10, 21, 32. */
enum { CS_ID_1 = 10, CS_ID_2 = 21 };

/* resign recomputes the V of |u| with the keys of the exchange, as alice does: over an update
 * of hers (|init| NULL) or over her answer to bob's update |init|. */
static void resign_over(flow *f, uint8_t *u, size_t len, const uint8_t *init, size_t init_len) {
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(mikey_msg_decode(m, u, len), 0);
  mikey_cover c;
  if (init) {
    ck_assert_int_eq(mikey_vmac_cover_resp(m, init, init_len, &c), 0);
  } else {
    ck_assert_int_eq(mikey_vmac_cover_init(m, &ID_ALICE, &ID_BOB, &c), 0);
  }
  ck_assert_int_eq(mikey_vmac_sign(m, u, &c, &f->ini->x_ks_upd), 0);
  free(m);
}

static void resign(flow *f, uint8_t *u, size_t len) {
  resign_over(f, u, len, NULL, 0);
}

/* A received TRANSFER_INIT or update naming one CS ID twice is refused (6.1.1: a block defines
 * the CS ID of its session; two sessions with one ID would get one TEK), before anything is
 * kept; the same message with distinct IDs goes through. */
START_TEST(received_duplicate_cs_ids) {
  flow *f = ims_flow(MIKEY_PRF_HMAC_SHA_256, 16);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  uint8_t ti[4096], ri[4096];
  size_t tl = f->tinit_len, rl = 99;
  uint32_t xid = 0;
  memcpy(ti, f->tinit, tl);
  ck_assert_uint_eq(ti[8], 2); /* #CS */
  ck_assert_uint_eq(ti[9], MIKEY_MAP_GENERIC_ID);
  ck_assert_uint_eq(ti[CS_ID_1], 1);
  ck_assert_uint_eq(ti[CS_ID_2], 2);
  ti[CS_ID_2] = 1;
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, ti, tl, ri, sizeof(ri), &rl, &xid),
                   MIKEY_E_POLICY);
  ck_assert_uint_eq(rl, 0);
  /* the real one, then the TRANSFER_RESP */
  ck_assert_int_eq(flow_resolve(f), 0);
  ck_assert_int_eq(mikey_responder_transfer_resp(f->resp, f->xid, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len),
                   0);
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, f->tresp, f->tresp_len, NULL), 0);
  /* an update from alice naming CS 1 twice, signed with the exchange's keys as alice would */
  mikey_cs cs[3];
  mikey_transfer_params p = three_sessions(cs);
  uint8_t upd[4096], ans[1024];
  size_t ul, al = 99;
  f->clock.now += NTPS(30);
  ck_assert_int_eq(mikey_initiator_csb_update(f->ini, &p, 1, upd, sizeof(upd), &ul, NULL), 0);
  ck_assert_uint_eq(upd[8], 3);
  ck_assert_uint_eq(upd[CS_ID_1], 1);
  ck_assert_uint_eq(upd[CS_ID_2], 2);
  uint8_t dup[4096];
  memcpy(dup, upd, ul);
  dup[CS_ID_2] = 1;
  resign(f, dup, ul);
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, dup, ul, ans, sizeof(ans), &al, NULL),
                   MIKEY_E_POLICY);
  ck_assert_uint_eq(al, 0);
  /* re-signed with distinct IDs it is the real update again, accepted: the V was right */
  dup[CS_ID_2] = 2;
  resign(f, dup, ul);
  ck_assert_mem_eq(dup, upd, ul);
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, ans, sizeof(ans), &al, NULL),
                   0);
  flow_free(f);
}
END_TEST

/* with_extra writes alice's update |u| (or her answer to bob's update |init|) again with one
 * more payload before its V: a second T (|t|) or a second IDRi naming mallory; signed as alice
 * would. Returns the new length. */
static size_t with_extra(flow *f, const uint8_t *u, size_t len, int t, const uint8_t *init,
                         size_t init_len, uint8_t *out, size_t cap) {
  static const uint8_t mallory[] = "sip:mallory@example.org";
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(mikey_msg_decode(m, u, len), 0);
  ck_assert_int_eq(m->pl[m->n - 1].type, MIKEY_PT_V);
  mikey_payload v = m->pl[--m->n];
  mikey_payload *p = mikey_msg_add(m, t ? MIKEY_PT_T : MIKEY_PT_IDR);
  ck_assert_ptr_nonnull(p);
  if (t) {
    mikey_ts_set_now(&p->u.t, f->clock.now);
  } else {
    p->u.id = (mikey_id){MIKEY_ROLE_I, MIKEY_ID_URI, {mallory, sizeof(mallory) - 1}};
  }
  p = mikey_msg_add(m, MIKEY_PT_V);
  ck_assert_ptr_nonnull(p);
  *p = v;
  size_t n = 0;
  ck_assert_int_eq(mikey_msg_encode(m, out, cap, &n), 0);
  free(m);
  resign_over(f, out, n, init, init_len);
  return n;
}

/* An update has one T and at most one IDRi and one IDRr (the engines check the first of each:
 * a second would go unchecked); found by responder_csb_update. */
START_TEST(update_second_t_or_idri_refused) {
  flow *f = ims_flow(MIKEY_PRF_HMAC_SHA_256, 16);
  full(f);
  mikey_cs cs[3];
  mikey_transfer_params p = three_sessions(cs);
  uint8_t upd[4096], bad[4096], ans[1024];
  size_t ul, bl, al = 99;
  f->clock.now += NTPS(30);
  ck_assert_int_eq(mikey_initiator_csb_update(f->ini, &p, 1, upd, sizeof(upd), &ul, NULL), 0);
  for (int t = 0; t <= 1; t++) {
    bl = with_extra(f, upd, ul, t, NULL, 0, bad, sizeof(bad));
    ck_assert_uint_gt(bl, ul);
    ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, bad, bl, ans, sizeof(ans), &al, NULL),
                     MIKEY_E_UNEXPECTED_PAYLOAD);
    ck_assert_uint_eq(al, 0);
  }
  ck_assert_int_eq(mikey_responder_on_csb_update(f->resp, upd, ul, ans, sizeof(ans), &al, NULL),
                   0);
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, ans, al, NULL), 0);
  /* bob's update, alice's answer with a second IDRi: the grammar ignores IDRi in a
   * TRANSFER_RESP, the responder checks the one it gets and refuses a second */
  f->clock.now += NTPS(30);
  ck_assert_int_eq(mikey_responder_csb_update(f->resp, f->xid, &p, NULL, 1, upd, sizeof(upd), &ul,
                                              NULL),
                   0);
  ck_assert_int_eq(mikey_initiator_on_csb_update(f->ini, upd, ul, ans, sizeof(ans), &al, NULL), 0);
  ck_assert_uint_gt(al, 0);
  bl = with_extra(f, ans, al, 0, upd, ul, bad, sizeof(bad));
  ck_assert_int_eq(mikey_responder_on_transfer_resp(f->resp, bad, bl, NULL),
                   MIKEY_E_UNEXPECTED_PAYLOAD);
  ck_assert_int_eq(mikey_responder_on_transfer_resp(f->resp, ans, al, NULL), 0);
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
  tcase_add_test(tc, csb_update_adds_a_session);
  tcase_add_test(tc, csb_update_refusals);
  tcase_add_test(tc, received_duplicate_cs_ids);
  tcase_add_test(tc, update_second_t_or_idri_refused);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
