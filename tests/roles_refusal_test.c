/*
 * roles_refusal_test.c: every refusal of the Ticket Transfer and Ticket Resolve exchanges,
 * each with its own error code, the KMS's Error message with its D12 number, and nothing
 * released: wrong PSK; any byte of the TRANSFER_INIT (TICKET included) changed; expired or
 * not-yet-valid ticket; responder not among the IDRr; IDRapp of another application;
 * broken flags; replayed RESOLVE_INIT and TRANSFER_INIT; Vi swapped or missing; responses
 * that do not match or answer nothing; Error messages in place of a response.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mikey_test.h"
#include "roles/mikey_roles_local.h"
#include "roles_test_util.h"

static const uint8_t TAG[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

static flow *pm_flow(int poo) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_PSKMIME), 0);
  p.proof_of_origin = (uint8_t)poo;
  return flow_new(&p, 16);
}

/* ready gives a flow with a ticket and a TRANSFER_INIT in f->tinit. */
static flow *ready(int poo) {
  flow *f = pm_flow(poo);
  ck_assert_int_eq(flow_request(f), 0);
  uint8_t k[64];
  size_t kl;
  ck_assert_int_eq(flow_transfer(f, poo ? TAG : NULL, poo ? sizeof(TAG) : 0, k, &kl), 0);
  return f;
}

/* Where a refusal was found. */
enum { AT_NONE, AT_RESPONDER_EARLY, AT_KMS, AT_RESPONDER_FINAL };

/* run_resolve runs responder and KMS on |ti|; returns the first failing code and where it was
 * found; on a KMS refusal the responder's reading of the Error message is returned. */
static int run_resolve(flow *f, const uint8_t *ti, size_t len, int *at) {
  *at = AT_RESPONDER_EARLY;
  int rc = mikey_responder_on_transfer_init(f->resp, ti, len, f->rinit, sizeof(f->rinit),
                                            &f->rinit_len, &f->xid);
  if (rc) {
    return rc;
  }
  *at = AT_KMS;
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp,
                                     sizeof(f->sresp), &f->sresp_len, &f->res),
                   0);
  *at = f->res.wrote == MIKEY_KMS_WROTE_ERROR ? AT_KMS : AT_RESPONDER_FINAL;
  rc = mikey_responder_on_resolve_resp(f->resp, f->sresp, f->sresp_len, &f->rinfo);
  if (rc == 0) {
    *at = AT_NONE;
  }
  return rc;
}

/* nothing_released checks that exchange f->xid gives no key. */
static void nothing_released(flow *f) {
  uint8_t k[64];
  size_t kl;
  int rc = mikey_responder_key(f->resp, f->xid, 1, k, sizeof(k), &kl);
  ck_assert_msg(rc == MIKEY_E_NOT_FOUND || rc == MIKEY_E_STATE, "key released: %s",
                mikey_err_name(rc));
  ck_assert_uint_eq(kl, 0);
}

/* kms_said checks the KMS's last answer: an Error message for |reason| with the D12 number
 * |no|, with or without V. */
static void kms_said(flow *f, int reason, uint8_t no, int with_v) {
  ck_assert_int_eq(f->res.wrote, MIKEY_KMS_WROTE_ERROR);
  ck_assert_msg(f->res.reason == reason, "KMS reason %s, want %s", mikey_err_name(f->res.reason),
                mikey_err_name(reason));
  ck_assert_uint_eq(f->res.error_no, no);
  ck_assert_int_eq(f->res.error_has_v, with_v);
  mikey_errmsg_info ei;
  ck_assert_int_eq(mikey_errmsg_parse(f->sresp, f->sresp_len, &ei), 0);
  ck_assert_uint_eq(ei.error_no, no);
}

START_TEST(wrong_responder_psk) {
  flow *f = ready(0);
  PSK_BOB[3] ^= 0x40; /* the KMS's copy differs from bob's */
  int at;
  int rc = run_resolve(f, f->tinit, f->tinit_len, &at);
  PSK_BOB[3] ^= 0x40;
  kms_said(f, MIKEY_E_AUTH, MIKEY_ERRNO_AUTH_FAILURE, 0);
  /* an unauthenticated Error message: reported, the exchange stays pending */
  ck_assert_int_eq(rc, MIKEY_E_PEER_ERROR);
  ck_assert_uint_eq(f->rinfo.peer_error, MIKEY_ERRNO_AUTH_FAILURE);
  ck_assert_int_eq(f->rinfo.peer_error_authenticated, 0);
  uint8_t k[64];
  size_t kl;
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, k, sizeof(k), &kl), MIKEY_E_STATE);
  /* the genuine answer, once the KMS has the right key, still completes it */
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, f->sresp, f->sresp_len, NULL), 0);
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, k, sizeof(k), &kl), 0);
  flow_free(f);
}
END_TEST

START_TEST(any_byte_of_transfer_init_changed) {
  /* given a valid TRANSFER_INIT (with and without proof-of-origin), when any one byte is
   * changed, then it is refused somewhere and no KEK comes out */
  flow *f = ready(_i);
  uint8_t good[4096];
  size_t len = f->tinit_len;
  memcpy(good, f->tinit, len);
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_int_eq(mikey_msg_decode(m, good, len), 0);
  const mikey_payload *tk = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
  const mikey_payload *rp = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_I);
  size_t tk_start = tk->offset, tk_end = tk->offset + tk->len;
  size_t td_start = tk->u.ticket.ticket_data_offset;
  size_t td_end = td_start + tk->u.ticket.ticket_data.len;
  size_t rnd_at = rp->offset + 3;
  free(m);
  int seen_kms_auth = 0, seen_ti_auth = 0, seen_vi = 0;
  for (size_t i = 0; i < len; i++) {
    memcpy(f->tinit, good, len);
    f->tinit[i] ^= 0x04;
    int at;
    int rc = run_resolve(f, f->tinit, len, &at);
    ck_assert_msg(rc != 0, "byte %zu (%s): accepted", i,
                  i >= tk_start && i < tk_end ? "TICKET" : "outside the TICKET");
    if (at != AT_RESPONDER_EARLY) {
      nothing_released(f);
    }
    if (at == AT_KMS && f->res.reason == MIKEY_E_AUTH && i >= td_start && i < td_end) {
      seen_kms_auth = 1;
    }
    if (at == AT_RESPONDER_FINAL && rc == MIKEY_E_AUTH) {
      seen_ti_auth = 1;
    }
    if (rc == MIKEY_E_VI_MISMATCH || (at == AT_KMS && f->res.reason == MIKEY_E_AUTH &&
                                      i >= td_end && i < tk_end)) {
      seen_vi = 1;
    }
    if (i == rnd_at) {
      /* RANDRi: only the TRANSFER_INIT's V (checked with MPKi after the resolve) sees it */
      ck_assert_int_eq(at, AT_RESPONDER_FINAL);
      ck_assert_int_eq(rc, MIKEY_E_AUTH);
    }
    /* every exchange ends: none left pending in the responder for the next byte */
    mikey_responder_forget(f->resp, f->xid);
  }
  /* the ticket's own MAC caught the Ticket Data, the TRANSFER_INIT's V the rest */
  ck_assert(seen_kms_auth);
  ck_assert(seen_ti_auth);
  ck_assert_int_eq(seen_vi, _i); /* Initiator Data (Vi, Vr) only with I=1 */
  /* and the unchanged message still goes through */
  int at;
  ck_assert_int_eq(run_resolve(f, good, len, &at), 0);
  flow_free(f);
}
END_TEST

START_TEST(expired_and_not_yet_valid) {
  flow *f = ready(0);
  int at;
  /* responder's clock one day and 301 s on: the ticket has ended (early reject) */
  f->clock.now += NTPS(MIKEY_TICKET_LIFETIME_DEFAULT + 301);
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), MIKEY_E_TIMESTAMP);
  /* (with equal skews a TRANSFER_INIT fresh at the responder cannot carry a ticket that
   * ended more than the skew ago: the initiator does not use an ended ticket, see
   * roles_flow_test; the KMS's own check: expired_at_kms_only) */
  flow_free(f);
}
END_TEST

START_TEST(expired_at_kms_only) {
  /* given a responder with a wide skew that lets an ended ticket through its early check,
   * then the KMS refuses it: Invalid TS (1), authenticated */
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_PSKMIME), 0);
  flow *f = flow_new(&p, 16);
  ck_assert_int_eq(flow_request(f), 0);
  f->clock.now += NTPS(MIKEY_TICKET_LIFETIME_DEFAULT);
  uint8_t k[64];
  size_t kl;
  ck_assert_int_eq(flow_transfer(f, NULL, 0, k, &kl), 0);
  mikey_responder_free(f->resp);
  mikey_responder_config rc;
  ck_assert_int_eq(mikey_responder_config_default(&rc), 0);
  rc.profile.clock_skew = 3600;
  rc.env = test_party_env(&f->pr);
  rc.self = ID_BOB;
  rc.kms = ID_KMS;
  rc.psk_id = ID_PSK_BOB;
  rc.psk = PSK_BOB;
  rc.psk_len = 16;
  ck_assert_int_eq(mikey_responder_new(&f->resp, &rc), 0);
  f->clock.now += NTPS(301);
  int at;
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), MIKEY_E_PEER_ERROR);
  kms_said(f, MIKEY_E_EXPIRED, MIKEY_ERRNO_INVALID_TS, 1);
  nothing_released(f);
  flow_free(f);
}
END_TEST

START_TEST(not_yet_valid) {
  flow *f = pm_flow(0);
  mikey_identity rs[1] = {ID_BOB};
  /* given a ticket valid from one hour on */
  mikey_ticket_request rq = {rs, 1, 3600, 0, 0, NULL, 0};
  ck_assert_int_eq(mikey_initiator_request(f->ini, &rq, f->req, sizeof(f->req), &f->req_len), 0);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, sizeof(f->rresp),
                                     &f->rresp_len, &f->res),
                   0);
  ck_assert_int_eq(f->res.wrote, MIKEY_KMS_WROTE_RESPONSE);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, &f->tinfo), 0);
  ck_assert_uint_eq(f->tinfo.valid_from, T0 + 3600);
  uint8_t k[64];
  size_t kl;
  ck_assert_int_eq(flow_transfer(f, NULL, 0, k, &kl), 0);
  /* then the responder refuses it before asking the KMS */
  int at;
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), MIKEY_E_NOT_YET_VALID);
  ck_assert_int_eq(at, AT_RESPONDER_EARLY);
  ck_assert_uint_eq(f->pr.rnd.calls, 0); /* no RESOLVE_INIT was made */
  flow_free(f);
}
END_TEST

START_TEST(responder_not_in_idrr) {
  flow *f = pm_flow(0);
  /* given a ticket for carol only, when bob receives it: refused before the KMS */
  mikey_identity rs[1] = {ID_CAROL};
  mikey_ticket_request rq = {rs, 1, 0, 0, 0, NULL, 0};
  ck_assert_int_eq(mikey_initiator_request(f->ini, &rq, f->req, sizeof(f->req), &f->req_len), 0);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, sizeof(f->rresp),
                                     &f->rresp_len, &f->res),
                   0);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, NULL), 0);
  mikey_transfer_params tp = {&ID_BOB, NULL, 0, NULL, 0};
  ck_assert_int_eq(mikey_initiator_transfer_prepare(f->ini, &tp, NULL), 0);
  ck_assert_int_eq(mikey_initiator_transfer_finish(f->ini, NULL, 0, f->tinit, sizeof(f->tinit),
                                                   &f->tinit_len),
                   0);
  int at;
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), MIKEY_E_NOT_AUTHORIZED);
  ck_assert_int_eq(at, AT_RESPONDER_EARLY);
  flow_free(f);
}
END_TEST

/* resolve_as rebuilds the RESOLVE_INIT in f->rinit as sent by |who| with PSK name |pskid|
 * and key |psk|, and re-MACs it. */
static void resolve_as(flow *f, const mikey_identity *who, const mikey_identity *pskid,
                       const uint8_t *psk) {
  mikey_msg *m = malloc(sizeof(*m));
  uint8_t copy[4096];
  memcpy(copy, f->rinit, f->rinit_len);
  ck_assert_int_eq(mikey_msg_decode(m, copy, f->rinit_len), 0);
  for (size_t i = 0; i < m->n; i++) {
    if (m->pl[i].type == MIKEY_PT_IDR && m->pl[i].u.id.role == MIKEY_ROLE_R) {
      mikey_ident_set_idr(&m->pl[i], MIKEY_ROLE_R, who);
    } else if (m->pl[i].type == MIKEY_PT_IDR && m->pl[i].u.id.role == MIKEY_ROLE_PSK) {
      mikey_ident_set_idr(&m->pl[i], MIKEY_ROLE_PSK, pskid);
    }
  }
  ck_assert_int_eq(mikey_msg_encode(m, f->rinit, sizeof(f->rinit), &f->rinit_len), 0);
  free(m);
  remac_initial(f->rinit, f->rinit_len, psk, 16, who, &ID_KMS);
}

START_TEST(kms_refuses_responder_not_in_idrr) {
  /* given a ticket for bob only */
  flow *f = pm_flow(0);
  mikey_identity rs[1] = {ID_BOB};
  mikey_ticket_request rq = {rs, 1, 0, 0, 0, NULL, 0};
  ck_assert_int_eq(mikey_initiator_request(f->ini, &rq, f->req, sizeof(f->req), &f->req_len), 0);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, sizeof(f->rresp),
                                     &f->rresp_len, &f->res),
                   0);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, NULL), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &f->xid),
                   0);
  /* when carol, with her own PSK, asks the KMS to resolve it: Invalid ID (7), authenticated */
  resolve_as(f, &ID_CAROL, &ID_PSK_CAROL, PSK_CAROL);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  kms_said(f, MIKEY_E_NOT_AUTHORIZED, MIKEY_ERRNO_INVALID_ID, 1);
  /* and claiming to be bob with her own PSK fails the lookup's binding: Auth failure */
  resolve_as(f, &ID_BOB, &ID_PSK_CAROL, PSK_CAROL);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  kms_said(f, MIKEY_E_UNKNOWN_KEY, MIKEY_ERRNO_AUTH_FAILURE, 0);
  flow_free(f);
}
END_TEST

START_TEST(kms_authorization_refuses_resolve) {
  flow *f = ready(0);
  f->authz_resolve = MIKEY_CB_NO;
  int at;
  /* an authenticated Error message: reported, and the exchange is over */
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), MIKEY_E_PEER_ERROR);
  kms_said(f, MIKEY_E_NOT_AUTHORIZED, MIKEY_ERRNO_INVALID_ID, 1);
  ck_assert_uint_eq(f->rinfo.peer_error, MIKEY_ERRNO_INVALID_ID);
  ck_assert_int_eq(f->rinfo.peer_error_authenticated, 1);
  ck_assert_uint_eq(f->rinfo.xid, f->xid);
  uint8_t k[64];
  size_t kl;
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, k, sizeof(k), &kl),
                   MIKEY_E_NOT_FOUND);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, f->sresp, f->sresp_len, NULL),
                   MIKEY_E_NO_PENDING);
  flow_free(f);
}
END_TEST

START_TEST(other_application) {
  /* given an IMS ticket (no IDRapp PSK/MIME) from a KMS serving both profiles */
  mikey_role_profile ims;
  ck_assert_int_eq(mikey_role_profile_default(&ims, MIKEY_ROLE_IMS), 0);
  flow *f = flow_new(&ims, 16);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  /* when a PSK/MIME responder receives it: MIKEY_E_APP before any KMS traffic */
  mikey_responder *pm;
  mikey_responder_config rc;
  ck_assert_int_eq(mikey_responder_config_default(&rc), 0);
  rc.env = test_party_env(&f->pr);
  rc.self = ID_BOB;
  rc.kms = ID_KMS;
  rc.psk_id = ID_PSK_BOB;
  rc.psk = PSK_BOB;
  rc.psk_len = 16;
  ck_assert_int_eq(mikey_responder_new(&pm, &rc), 0);
  uint32_t xid;
  ck_assert_int_eq(mikey_responder_on_transfer_init(pm, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &xid),
                   MIKEY_E_APP);
  mikey_responder_free(pm);
  /* and a KMS that serves PSK/MIME only (same TPK) refuses to resolve it: Invalid TPpar */
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &xid),
                   0);
  mikey_role_profile only;
  ck_assert_int_eq(mikey_role_profile_default(&only, MIKEY_ROLE_PSKMIME), 0);
  mikey_kms_config kc;
  ck_assert_int_eq(mikey_kms_config_default(&kc), 0);
  kc.env = test_party_env(&f->pk);
  kc.self = ID_KMS;
  memcpy(kc.kms_id, KMS_ID, 6);
  kc.tpk_id = ID_TPK;
  kc.tpk = TPK;
  kc.tpk_len = 16;
  kc.profiles = &only;
  kc.n_profiles = 1;
  kc.callbacks.psk_lookup = test_psk_lookup;
  kc.user_data = f;
  mikey_kms *k2;
  ck_assert_int_eq(mikey_kms_new(&k2, &kc), 0);
  ck_assert_int_eq(mikey_kms_process(k2, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  kms_said(f, MIKEY_E_APP, MIKEY_ERRNO_INVALID_TPPAR, 0);
  /* nor does it grant an IMS ticket */
  ck_assert_int_eq(flow_request(f), 0); /* a fresh IMS request, granted by f->kms */
  ck_assert_int_eq(mikey_kms_process(k2, f->req, f->req_len, f->rresp, sizeof(f->rresp),
                                     &f->rresp_len, &f->res),
                   0);
  ck_assert_int_eq(f->res.reason, MIKEY_E_APP);
  mikey_kms_free(k2);
  flow_free(f);
}
END_TEST

/* set_ti_flags rewrites the 12 flag bits of the TICKET's policy in f->tinit. */
static void set_ti_flags(flow *f, uint16_t flags) {
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_int_eq(mikey_msg_decode(m, f->tinit, f->tinit_len), 0);
  const mikey_payload *tk = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
  uint8_t *b = f->tinit + tk->offset + 5;
  uint32_t v = (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
  v = (v & ~(0xfffu << 5)) | (uint32_t)flags << 5;
  b[0] = (uint8_t)(v >> 16);
  b[1] = (uint8_t)(v >> 8);
  b[2] = (uint8_t)v;
  free(m);
}

START_TEST(broken_flags_rejected_early) {
  static const uint16_t base =
      MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_J | MIKEY_TP_N | MIKEY_TP_O;
  static const uint16_t bad[] = {(uint16_t)(base | MIKEY_TP_G), (uint16_t)(base & ~MIKEY_TP_H),
                                 (uint16_t)(base | MIKEY_TP_M), (uint16_t)(base | MIKEY_TP_F),
                                 (uint16_t)(base & ~MIKEY_TP_E)};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    flow *f = ready(0);
    set_ti_flags(f, bad[i]);
    int at;
    ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), MIKEY_E_TP_FLAGS);
    ck_assert_int_eq(at, AT_RESPONDER_EARLY);
    ck_assert_uint_eq(f->pr.rnd.calls, 0);
    flow_free(f);
  }
}
END_TEST

START_TEST(replayed_resolve_init) {
  flow *f = ready(0);
  int at;
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), 0);
  /* the same RESOLVE_INIT again: Invalid TS (looked up before any MAC: no V) */
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  kms_said(f, MIKEY_E_REPLAY, MIKEY_ERRNO_INVALID_TS, 0);
  flow_free(f);
}
END_TEST

START_TEST(replayed_transfer_init) {
  flow *f = ready(_i);
  int at;
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), 0);
  /* the same TRANSFER_INIT again, within the window: refused before the KMS */
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), MIKEY_E_REPLAY);
  ck_assert_int_eq(at, AT_RESPONDER_EARLY);
  /* after the window: by its timestamp */
  f->clock.now += NTPS(301);
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), MIKEY_E_TIMESTAMP);
  flow_free(f);
}
END_TEST

START_TEST(replay_caught_at_commit) {
  /* two copies of one TRANSFER_INIT resolved side by side: the first to finish is
   * accepted, the second is refused when it commits (check, verify, then commit) */
  flow *f = ready(0);
  uint32_t x1, x2;
  uint8_t ri2[4096], rr1[4096], rr2[4096];
  size_t ri2_len, rr1_len, rr2_len;
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &x1),
                   0);
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, ri2,
                                                    sizeof(ri2), &ri2_len, &x2),
                   0);
  ck_assert_uint_ne(x1, x2);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, rr1, sizeof(rr1), &rr1_len,
                                     &f->res),
                   0);
  ck_assert_int_eq(mikey_kms_process(f->kms, ri2, ri2_len, rr2, sizeof(rr2), &rr2_len, &f->res),
                   0);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, rr2, rr2_len, NULL), 0);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, rr1, rr1_len, NULL), MIKEY_E_REPLAY);
  uint8_t k[64];
  size_t kl;
  ck_assert_int_eq(mikey_responder_key(f->resp, x1, 1, k, sizeof(k), &kl), MIKEY_E_NOT_FOUND);
  ck_assert_int_eq(mikey_responder_key(f->resp, x2, 1, k, sizeof(k), &kl), 0);
  flow_free(f);
}
END_TEST

/* rebuild_idata re-encodes the TRANSFER_INIT |in| with Initiator Data |idata| into |out|. */
static size_t rebuild_idata(const uint8_t *in, size_t len, const uint8_t *idata, size_t idlen,
                            uint8_t *out, size_t cap) {
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_int_eq(mikey_msg_decode(m, in, len), 0);
  for (size_t i = 0; i < m->n; i++) {
    if (m->pl[i].type == MIKEY_PT_TICKET) {
      m->pl[i].u.ticket.initiator_data = (mikey_bytes){idata, idlen};
    }
  }
  size_t n = 0;
  ck_assert_int_eq(mikey_msg_encode(m, out, cap, &n), 0);
  free(m);
  return n;
}

START_TEST(initiator_data_missing) {
  flow *f = ready(1);
  uint8_t ti[4096];
  /* given the proof-of-origin TRANSFER_INIT without its Initiator Data (its V still holds:
   * 5.5 leaves the Initiator Data out) */
  size_t n = rebuild_idata(f->tinit, f->tinit_len, NULL, 0, ti, sizeof(ti));
  int at;
  ck_assert_int_eq(run_resolve(f, ti, n, &at), MIKEY_E_VI_MISSING);
  ck_assert_int_eq(at, AT_RESPONDER_EARLY);
  flow_free(f);
}
END_TEST

START_TEST(initiator_data_swapped) {
  /* given two TRANSFER_INITs from one ticket (J=1), each with its own Vi and Vr */
  flow *f = ready(1);
  uint8_t t1[4096], t2[4096];
  size_t l1 = f->tinit_len;
  memcpy(t1, f->tinit, l1);
  f->clock.now += NTPS(1);
  static const uint8_t tag2[16] = {9};
  ck_assert_int_eq(flow_transfer(f, tag2, sizeof(tag2), NULL, NULL), 0);
  size_t l2 = f->tinit_len;
  memcpy(t2, f->tinit, l2);
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_int_eq(mikey_msg_decode(m, t2, l2), 0);
  mikey_bytes id2 = mikey_msg_find(m, MIKEY_PT_TICKET, -1)->u.ticket.initiator_data;
  uint8_t idata2[128];
  memcpy(idata2, id2.data, id2.len);
  size_t idlen = id2.len;
  free(m);
  /* when the first carries the second's Initiator Data: Vr still verifies at the KMS (it is
   * the initiator's), but the V is not Vi (D14) */
  uint8_t swapped[4096];
  size_t n = rebuild_idata(t1, l1, idata2, idlen, swapped, sizeof(swapped));
  int at;
  ck_assert_int_eq(run_resolve(f, swapped, n, &at), MIKEY_E_VI_MISMATCH);
  ck_assert_int_eq(at, AT_RESPONDER_FINAL);
  nothing_released(f);
  flow_free(f);
}
END_TEST

START_TEST(poo_required_or_not_allowed) {
  /* given a responder that requires proof-of-origin, a TRANSFER_INIT without is refused */
  flow *f = ready(0);
  mikey_responder_free(f->resp);
  mikey_responder_config rc;
  ck_assert_int_eq(mikey_responder_config_default(&rc), 0);
  rc.profile.proof_of_origin = 1;
  rc.env = test_party_env(&f->pr);
  rc.self = ID_BOB;
  rc.kms = ID_KMS;
  rc.psk_id = ID_PSK_BOB;
  rc.psk = PSK_BOB;
  rc.psk_len = 16;
  ck_assert_int_eq(mikey_responder_new(&f->resp, &rc), 0);
  int at;
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), MIKEY_E_POLICY);
  flow_free(f);
  /* and the initiator of such a profile needs a tag to finish */
  f = pm_flow(1);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), MIKEY_E_POLICY);
  flow_free(f);
}
END_TEST

START_TEST(addressed_to_someone_else) {
  flow *f = pm_flow(0);
  ck_assert_int_eq(flow_request(f), 0);
  /* IDRr carol: the ticket allows her, but bob receives it */
  mikey_transfer_params tp = {&ID_CAROL, NULL, 0, NULL, 0};
  ck_assert_int_eq(mikey_initiator_transfer_prepare(f->ini, &tp, NULL), 0);
  ck_assert_int_eq(mikey_initiator_transfer_finish(f->ini, NULL, 0, f->tinit, sizeof(f->tinit),
                                                   &f->tinit_len),
                   0);
  int at;
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), MIKEY_E_IDENTITY);
  flow_free(f);
}
END_TEST

START_TEST(resolve_resp_checks) {
  flow *f = ready(0);
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &f->xid),
                   0);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  uint8_t good[4096];
  size_t len = f->sresp_len;
  memcpy(good, f->sresp, len);
  /* another CSB ID: no such pending resolve */
  f->sresp[7] ^= 1;
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, f->sresp, len, NULL),
                   MIKEY_E_NO_PENDING);
  /* another PRF, #CS, map type, data type: mismatch (and the exchange stays pending) */
  static const size_t at[] = {3, 8, 9, 1};
  static const uint8_t val[] = {0x00, 0x01, 0x02, MIKEY_DT_REQUEST_RESP};
  for (size_t i = 0; i < 4; i++) {
    memcpy(f->sresp, good, len);
    f->sresp[at[i]] = val[i];
    int rc = mikey_responder_on_resolve_resp(f->resp, f->sresp, len, NULL);
    ck_assert_msg(rc == MIKEY_E_MISMATCH || rc < -99, "field %zu: %s", at[i], mikey_err_name(rc));
  }
  /* any byte of the answer changed: refused (before its V verified the exchange stays) */
  for (size_t i = 0; i < len; i++) {
    memcpy(f->sresp, good, len);
    f->sresp[i] ^= 0x20;
    ck_assert_msg(mikey_responder_on_resolve_resp(f->resp, f->sresp, len, NULL) != 0, "byte %zu",
                  i);
  }
  nothing_released(f);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, good, len, NULL), 0);
  /* answered once: a second copy answers nothing */
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, good, len, NULL),
                   MIKEY_E_NO_PENDING);
  flow_free(f);
}
END_TEST

START_TEST(responder_buffer_and_eviction) {
  flow *f = ready(0);
  size_t need = 0;
  uint32_t xid;
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, NULL, 0,
                                                    &need, &xid),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(f->pr.rnd.calls, 0); /* nothing drawn, nothing kept */
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                                    need, &f->rinit_len, &xid),
                   0);
  ck_assert_uint_eq(f->rinit_len, need);
  ck_assert_uint_eq(f->pr.rnd.calls, 1);
  /* 16 more exchanges push the first out (max_exchanges defaults to 16) */
  uint8_t tmp[4096];
  size_t tl;
  uint32_t x;
  for (int i = 0; i < 16; i++) {
    ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, tmp,
                                                      sizeof(tmp), &tl, &x),
                     0);
  }
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, f->sresp, f->sresp_len, NULL),
                   MIKEY_E_NO_PENDING);
  flow_free(f);
}
END_TEST

START_TEST(every_prefix_refused_cleanly) {
  /* given every message of a flow, when any proper prefix of it reaches the engine that
   * takes it, then it is refused with a code, and nothing is kept or released */
  flow *f = ready(_i);
  int at;
  ck_assert_int_eq(run_resolve(f, f->tinit, f->tinit_len, &at), 0);
  for (size_t n = 0; n < f->tinit_len; n++) {
    uint32_t xid;
    ck_assert(mikey_responder_on_transfer_init(f->resp, f->tinit, n, f->tresp, sizeof(f->tresp),
                                               &f->tresp_len, &xid) < 0);
  }
  for (size_t n = 0; n < f->rinit_len; n++) {
    ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, n, f->tresp, sizeof(f->tresp),
                                       &f->tresp_len, &f->res),
                     0);
    ck_assert_int_ne(f->res.wrote, MIKEY_KMS_WROTE_RESPONSE);
  }
  for (size_t n = 0; n < f->req_len; n++) {
    ck_assert_int_eq(mikey_kms_process(f->kms, f->req, n, f->tresp, sizeof(f->tresp),
                                       &f->tresp_len, &f->res),
                     0);
    ck_assert_int_ne(f->res.wrote, MIKEY_KMS_WROTE_RESPONSE);
  }
  /* a fresh request and transfer, then every prefix of the answers */
  mikey_identity rs[1] = {ID_BOB};
  mikey_ticket_request rq = {rs, 1, 0, 0, 0, NULL, 0};
  ck_assert_int_eq(mikey_initiator_request(f->ini, &rq, f->req, sizeof(f->req), &f->req_len), 0);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, sizeof(f->rresp),
                                     &f->rresp_len, &f->res),
                   0);
  for (size_t n = 0; n < f->rresp_len; n++) {
    ck_assert(mikey_initiator_on_request_resp(f->ini, f->rresp, n, NULL) < 0);
  }
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, NULL), 0);
  ck_assert_int_eq(flow_transfer(f, _i ? TAG : NULL, _i ? sizeof(TAG) : 0, NULL, NULL), 0);
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &f->xid),
                   0);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  for (size_t n = 0; n < f->sresp_len; n++) {
    ck_assert(mikey_responder_on_resolve_resp(f->resp, f->sresp, n, NULL) < 0);
  }
  nothing_released(f);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, f->sresp, f->sresp_len, NULL), 0);
  flow_free(f);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("roles_refusal");
  TCase *tc = tcase_create("resolve");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, wrong_responder_psk);
  tcase_add_loop_test(tc, any_byte_of_transfer_init_changed, 0, 2);
  tcase_add_test(tc, expired_and_not_yet_valid);
  tcase_add_test(tc, expired_at_kms_only);
  tcase_add_test(tc, not_yet_valid);
  tcase_add_test(tc, responder_not_in_idrr);
  tcase_add_test(tc, kms_refuses_responder_not_in_idrr);
  tcase_add_test(tc, kms_authorization_refuses_resolve);
  tcase_add_test(tc, other_application);
  tcase_add_test(tc, broken_flags_rejected_early);
  tcase_add_test(tc, replayed_resolve_init);
  tcase_add_loop_test(tc, replayed_transfer_init, 0, 2);
  tcase_add_test(tc, replay_caught_at_commit);
  tcase_add_test(tc, initiator_data_missing);
  tcase_add_test(tc, initiator_data_swapped);
  tcase_add_test(tc, poo_required_or_not_allowed);
  tcase_add_test(tc, addressed_to_someone_else);
  tcase_add_test(tc, resolve_resp_checks);
  tcase_add_test(tc, responder_buffer_and_eviction);
  tcase_add_loop_test(tc, every_prefix_refused_cleanly, 0, 2);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
