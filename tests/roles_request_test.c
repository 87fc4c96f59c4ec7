/*
 * roles_request_test.c: the Ticket Request exchange, initiator <-> KMS (RFC 6043 4.2.1,
 * PROFILE.md section 2): the good path for both suites and key sizes, and every refusal with
 * its own code, the KMS's Error message carrying the D12 number, and nothing stored.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mikey_test.h"
#include "roles/mikey_roles_local.h"
#include "roles_test_util.h"

/* The (PRF, key size) combinations the profile allows (D3, D4). */
static const struct {
  uint8_t prf;
  uint8_t key_len;
} SUITES[] = {{MIKEY_PRF_HMAC_SHA_256, 16}, {MIKEY_PRF_HMAC_SHA_256, 32}, {MIKEY_PRF_MIKEY_1, 16}};

static flow *pskmime_flow(int i) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_PSKMIME), 0);
  p.prf = SUITES[i].prf;
  p.key_len = SUITES[i].key_len;
  return flow_new(&p, SUITES[i].key_len);
}

/* find_payload returns the offset of the first payload of |type| in the message |buf|. */
static const mikey_payload *find_in(mikey_msg *m, const uint8_t *buf, size_t len, int type,
                                    int role) {
  ck_assert_int_eq(mikey_msg_decode(m, buf, len), 0);
  return mikey_msg_find(m, type, role);
}

START_TEST(request_granted_for_each_suite) {
  flow *f = pskmime_flow(_i);
  /* given alice's initiator, when she asks for a ticket for bob and carol */
  ck_assert_int_eq(flow_request(f), 0);
  /* then the KMS answered with a REQUEST_RESP ... */
  ck_assert_int_eq(f->res.wrote, MIKEY_KMS_WROTE_RESPONSE);
  ck_assert_int_eq(f->res.reason, 0);
  ck_assert_uint_eq(f->res.data_type, MIKEY_DT_REQUEST_INIT_PSK);
  /* ... and the ticket is the PSK/MIME one: D E H J N O, 3GPP base ticket, the asked key */
  ck_assert(mikey_initiator_has_ticket(f->ini));
  ck_assert_uint_eq(f->tinfo.flags, MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_J |
                                        MIKEY_TP_N | MIKEY_TP_O);
  ck_assert_int_eq(f->tinfo.policy_changed, 0);
  ck_assert_uint_eq(f->tinfo.ticket_type, MIKEY_TICKET_3GPP_BASE);
  ck_assert_uint_eq(f->tinfo.key_type, MIKEY_KEY_TGK);
  ck_assert_uint_eq(f->tinfo.key_len, SUITES[_i].key_len);
  ck_assert_uint_eq(f->tinfo.prf, SUITES[_i].prf);
  /* D8: the KEK identifier is the one the initiator proposed: its 21st..24th random bytes
   * after CSB ID (4) and RANDRi (16 or 32) */
  size_t rl = SUITES[_i].key_len == 16 ? 16 : 32;
  ck_assert_uint_eq(f->tinfo.kek_id_len, 4);
  for (size_t k = 0; k < 4; k++) {
    ck_assert_uint_eq(f->tinfo.kek_id[k], (uint8_t)(0x10 + 4 + rl + k));
  }
  ck_assert_uint_eq(f->tinfo.valid_from, T0);
  ck_assert_uint_eq(f->tinfo.valid_to, T0 + MIKEY_TICKET_LIFETIME_DEFAULT);
  /* the request asked the randomness provider once, the KMS once */
  ck_assert_uint_eq(f->pi.rnd.calls, 1);
  ck_assert_uint_eq(f->pk.rnd.calls, 1);
  /* the REQUEST_INIT carries V=1, #CS 0, the Empty map, the PSK/MIME profile's payloads */
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_ptr_nonnull(find_in(m, f->req, f->req_len, MIKEY_PT_TP, -1));
  ck_assert_uint_eq(m->hdr.v, 1);
  ck_assert_uint_eq(m->hdr.n_cs, 0);
  ck_assert_uint_eq(m->hdr.map_type, MIKEY_MAP_EMPTY);
  ck_assert_uint_eq(m->hdr.prf, SUITES[_i].prf);
  ck_assert_int_eq(mikey_msg_validate(m, MIKEY_VALIDATE_PSKMIME | MIKEY_VALIDATE_STRICT), 0);
  ck_assert_uint_eq(mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_I)->u.rand.rand.len, rl);
  /* the REQUEST_RESP: V=0, the same CSB ID, the profile's grammar */
  uint32_t csb = m->hdr.csb_id;
  ck_assert_ptr_nonnull(find_in(m, f->rresp, f->rresp_len, MIKEY_PT_TICKET, -1));
  ck_assert_uint_eq(m->hdr.v, 0);
  ck_assert_uint_eq(m->hdr.csb_id, csb);
  ck_assert_int_eq(mikey_msg_validate(m, MIKEY_VALIDATE_PSKMIME | MIKEY_VALIDATE_STRICT), 0);
  free(m);
  flow_free(f);
}
END_TEST

START_TEST(request_is_deterministic) {
  /* given two worlds with the same clock and randomness, the messages are byte-identical */
  flow *a = pskmime_flow(0), *b = pskmime_flow(0);
  ck_assert_int_eq(flow_request(a), 0);
  ck_assert_int_eq(flow_request(b), 0);
  ck_assert_bytes(a->req, a->req_len, b->req, b->req_len);
  ck_assert_bytes(a->rresp, a->rresp_len, b->rresp, b->rresp_len);
  flow_free(a);
  flow_free(b);
}
END_TEST

START_TEST(request_buffer_sizes_exact) {
  flow *f = pskmime_flow(0);
  mikey_identity rs[1] = {ID_BOB};
  mikey_ticket_request rq = {rs, 1, 0, 0, 0, NULL, 0};
  size_t need = 0;
  /* when asked with no buffer, then the exact size comes back and nothing is pending */
  ck_assert_int_eq(mikey_initiator_request(f->ini, &rq, NULL, 0, &need),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_int_eq(mikey_initiator_request(f->ini, &rq, f->req, need - 1, &f->req_len),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(f->req_len, need);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->req, need, NULL),
                   MIKEY_E_NO_PENDING);
  ck_assert_int_eq(mikey_initiator_request(f->ini, &rq, f->req, need, &f->req_len), 0);
  ck_assert_uint_eq(f->req_len, need);
  /* the KMS reports its size too, and commits nothing (the replay cache) until it fits */
  size_t kneed = 0;
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, NULL, 0, &kneed, &f->res),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, kneed - 1,
                                     &f->rresp_len, &f->res),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(f->rresp_len, kneed);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, kneed, &f->rresp_len,
                                     &f->res),
                   0);
  ck_assert_int_eq(f->res.wrote, MIKEY_KMS_WROTE_RESPONSE);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, NULL), 0);
  flow_free(f);
}
END_TEST

START_TEST(request_kms_shortens_lifetime_with_k) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_PSKMIME), 0);
  flow *f = flow_new(&p, 16);
  mikey_identity rs[1] = {ID_BOB};
  /* given a request for 30 days, when the KMS grants at most one day */
  mikey_ticket_request rq = {rs, 1, 0, 30 * 86400u, 0, NULL, 0};
  ck_assert_int_eq(mikey_initiator_request(f->ini, &rq, f->req, sizeof(f->req), &f->req_len), 0);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, sizeof(f->rresp),
                                     &f->rresp_len, &f->res),
                   0);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, &f->tinfo), 0);
  /* then the granted policy says so (K) and ends a day after its start */
  ck_assert_int_eq(f->tinfo.policy_changed, 1);
  ck_assert(f->tinfo.flags & MIKEY_TP_K);
  ck_assert_uint_eq(f->tinfo.valid_to - f->tinfo.valid_from, 86400u);
  flow_free(f);
}
END_TEST

/* request_only writes a REQUEST_INIT into f->req. */
static void request_only(flow *f) {
  mikey_identity rs[2] = {ID_BOB, ID_CAROL};
  mikey_ticket_request rq = {rs, 2, 0, 0, 0, NULL, 0};
  ck_assert_int_eq(mikey_initiator_request(f->ini, &rq, f->req, sizeof(f->req), &f->req_len), 0);
}

/* kms_refuses runs the KMS on f->req and checks that it answered with an Error message
 * carrying |errno_| for |reason|, with or without V. */
static void kms_refuses(flow *f, int reason, uint8_t errno_, int with_v) {
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, sizeof(f->rresp),
                                     &f->rresp_len, &f->res),
                   0);
  ck_assert_int_eq(f->res.wrote, MIKEY_KMS_WROTE_ERROR);
  ck_assert_msg(f->res.reason == reason, "reason %s, want %s", mikey_err_name(f->res.reason),
                mikey_err_name(reason));
  ck_assert_uint_eq(f->res.error_no, errno_);
  ck_assert_int_eq(f->res.error_has_v, with_v);
  ck_assert_uint_eq(mikey_err_to_wire(reason), errno_);
  mikey_errmsg_info ei;
  ck_assert_int_eq(mikey_errmsg_parse(f->rresp, f->rresp_len, &ei), 0);
  ck_assert_uint_eq(ei.error_no, errno_);
  ck_assert_int_eq(ei.has_v, with_v);
}

START_TEST(refuse_wrong_psk) {
  flow *f = pskmime_flow(_i);
  request_only(f);
  /* given a KMS that holds another PSK for alice */
  PSK_ALICE[0] ^= 0x80;
  /* then V fails: Auth failure (0), an Error message without V (no shared key) */
  kms_refuses(f, MIKEY_E_AUTH, MIKEY_ERRNO_AUTH_FAILURE, 0);
  PSK_ALICE[0] ^= 0x80;
  /* and the initiator reports the peer's error but keeps waiting (not authenticated) */
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, &f->tinfo),
                   MIKEY_E_PEER_ERROR);
  ck_assert_uint_eq(f->tinfo.peer_error, MIKEY_ERRNO_AUTH_FAILURE);
  ck_assert_int_eq(f->tinfo.peer_error_authenticated, 0);
  ck_assert(!mikey_initiator_has_ticket(f->ini));
  /* the genuine answer still gets through */
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, sizeof(f->rresp),
                                     &f->rresp_len, &f->res),
                   0);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, NULL), 0);
  flow_free(f);
}
END_TEST

START_TEST(refuse_unknown_psk) {
  flow *f = pskmime_flow(0);
  request_only(f);
  f->psk_fail = MIKEY_CB_NO;
  kms_refuses(f, MIKEY_E_UNKNOWN_KEY, MIKEY_ERRNO_AUTH_FAILURE, 0);
  f->psk_fail = -1;
  kms_refuses(f, MIKEY_E_CALLBACK, MIKEY_ERRNO_UNSPECIFIED, 0);
  flow_free(f);
}
END_TEST

START_TEST(refuse_replayed_request) {
  flow *f = pskmime_flow(0);
  request_only(f);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, sizeof(f->rresp),
                                     &f->rresp_len, &f->res),
                   0);
  ck_assert_int_eq(f->res.wrote, MIKEY_KMS_WROTE_RESPONSE);
  uint8_t first[4096];
  size_t first_len = f->rresp_len;
  memcpy(first, f->rresp, first_len);
  /* when the same REQUEST_INIT comes again within the window: Invalid TS (D13); the cache
   * is looked up before any MAC is computed, so the Error message carries no V */
  f->clock.now += NTPS(10);
  kms_refuses(f, MIKEY_E_REPLAY, MIKEY_ERRNO_INVALID_TS, 0);
  /* the initiator reports that unauthenticated Error and keeps waiting: the genuine
   * answer is still taken */
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, &f->tinfo),
                   MIKEY_E_PEER_ERROR);
  ck_assert_uint_eq(f->tinfo.peer_error, MIKEY_ERRNO_INVALID_TS);
  ck_assert_int_eq(f->tinfo.peer_error_authenticated, 0);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, first, first_len, NULL), 0);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, first, first_len, NULL),
                   MIKEY_E_NO_PENDING);
  /* after the window the timestamp refuses it */
  f->clock.now += NTPS(400);
  kms_refuses(f, MIKEY_E_TIMESTAMP, MIKEY_ERRNO_INVALID_TS, 0);
  flow_free(f);
}
END_TEST

START_TEST(refuse_clock_skew) {
  flow *f = pskmime_flow(0);
  request_only(f);
  f->clock.now += NTPS(301);
  kms_refuses(f, MIKEY_E_TIMESTAMP, MIKEY_ERRNO_INVALID_TS, 0);
  f->clock.now -= NTPS(602);
  kms_refuses(f, MIKEY_E_TIMESTAMP, MIKEY_ERRNO_INVALID_TS, 0);
  f->clock.now += NTPS(301 + 300);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, sizeof(f->rresp),
                                     &f->rresp_len, &f->res),
                   0);
  ck_assert_int_eq(f->res.wrote, MIKEY_KMS_WROTE_RESPONSE);
  /* the response (T0 + 300) seen at T0 - 1 is 301 s off: stale for the initiator */
  f->clock.now -= NTPS(301);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, NULL),
                   MIKEY_E_TIMESTAMP);
  ck_assert(!mikey_initiator_has_ticket(f->ini));
  flow_free(f);
}
END_TEST

START_TEST(refuse_not_authorized) {
  flow *f = pskmime_flow(0);
  request_only(f);
  f->authz_request = MIKEY_CB_NO;
  /* Invalid ID (7), authenticated: alice's V verified */
  kms_refuses(f, MIKEY_E_NOT_AUTHORIZED, MIKEY_ERRNO_INVALID_ID, 1);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, &f->tinfo),
                   MIKEY_E_PEER_ERROR);
  ck_assert_uint_eq(f->tinfo.peer_error, MIKEY_ERRNO_INVALID_ID);
  ck_assert_int_eq(f->tinfo.peer_error_authenticated, 1);
  ck_assert(!mikey_initiator_has_ticket(f->ini));
  f->authz_request = -5;
  request_only(f);
  kms_refuses(f, MIKEY_E_CALLBACK, MIKEY_ERRNO_UNSPECIFIED, 1);
  flow_free(f);
}
END_TEST

/* tp_flags_at returns a pointer to the 3 bytes PRF/flags of the TP in f->req. */
static uint8_t *tp_bits(flow *f) {
  mikey_msg *m = malloc(sizeof(*m));
  const mikey_payload *tp = find_in(m, f->req, f->req_len, MIKEY_PT_TP, -1);
  ck_assert_ptr_nonnull(tp);
  size_t off = tp->offset + 1 + 4; /* Next Payload, Ticket Type, Subtype, Version */
  free(m);
  return f->req + off;
}

/* set_flags rewrites the 12 TP flag bits of f->req and re-MACs it. */
static void set_flags(flow *f, uint16_t flags) {
  uint8_t *b = tp_bits(f);
  uint32_t v = (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
  v = (v & ~(0xfffu << 5)) | (uint32_t)flags << 5;
  b[0] = (uint8_t)(v >> 16);
  b[1] = (uint8_t)(v >> 8);
  b[2] = (uint8_t)v;
  remac_initial(f->req, f->req_len, PSK_ALICE, f->psk_len, &ID_ALICE, &ID_KMS);
}

START_TEST(refuse_broken_flag_implications) {
  /* each 6.10 implication broken on its own: Invalid TPpar (15), authenticated */
  static const uint16_t base =
      MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_J | MIKEY_TP_N | MIKEY_TP_O;
  static const uint16_t broken[] = {
      (uint16_t)(base & ~MIKEY_TP_D),                /* NOT D implies L */
      (uint16_t)(base | MIKEY_TP_G),                 /* G implies F */
      (uint16_t)(base & ~MIKEY_TP_H),                /* NOT G and NOT H */
      (uint16_t)((base | MIKEY_TP_I) & ~MIKEY_TP_E), /* I implies E */
      (uint16_t)(base | MIKEY_TP_M),                 /* M implies F */
      (uint16_t)(base | MIKEY_TP_F),                 /* consistent, but not PSK/MIME (F=0) */
      (uint16_t)(base | MIKEY_TP_I),                 /* I=1 with a TGK and F=0 (6.10, D15) */
  };
  for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
    flow *f = pskmime_flow(0);
    request_only(f);
    set_flags(f, broken[i]);
    kms_refuses(f, MIKEY_E_TP_FLAGS, MIKEY_ERRNO_INVALID_TPPAR, 1);
    flow_free(f);
  }
}
END_TEST

START_TEST(refuse_other_kms_and_bad_type) {
  flow *f = pskmime_flow(0);
  request_only(f);
  /* an unknown ticket type: Invalid TICKET (14) */
  uint8_t *b = tp_bits(f);
  b[-4] = 0x00;
  b[-3] = 0x07; /* Ticket Type 7 */
  remac_initial(f->req, f->req_len, PSK_ALICE, f->psk_len, &ID_ALICE, &ID_KMS);
  kms_refuses(f, MIKEY_E_TICKET_TYPE, MIKEY_ERRNO_INVALID_TICKET, 1);
  flow_free(f);
}
END_TEST

START_TEST(refuse_not_initial_and_unreadable) {
  flow *f = pskmime_flow(0);
  ck_assert_int_eq(flow_request(f), 0);
  /* a REQUEST_RESP is not a message a KMS answers: Invalid DT (11) */
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rresp, f->rresp_len, f->tresp, sizeof(f->tresp),
                                     &f->tresp_len, &f->res),
                   0);
  ck_assert_int_eq(f->res.wrote, MIKEY_KMS_WROTE_ERROR);
  ck_assert_uint_eq(f->res.error_no, MIKEY_ERRNO_INVALID_DT);
  /* no HDR at all: nothing to answer */
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rresp, 5, f->tresp, sizeof(f->tresp),
                                     &f->tresp_len, &f->res),
                   0);
  ck_assert_int_eq(f->res.wrote, MIKEY_KMS_WROTE_NOTHING);
  ck_assert_uint_eq(f->tresp_len, 0);
  /* a truncated request: Unspecified (12) */
  request_only(f);
  f->req_len -= 3;
  kms_refuses(f, MIKEY_E_TRUNCATED, MIKEY_ERRNO_UNSPECIFIED, 0);
  flow_free(f);
}
END_TEST

START_TEST(response_checks) {
  flow *f = pskmime_flow(0);
  /* given no pending request, a REQUEST_RESP is refused */
  request_only(f);
  ck_assert_int_eq(mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, sizeof(f->rresp),
                                     &f->rresp_len, &f->res),
                   0);
  uint8_t good[4096];
  size_t good_len = f->rresp_len;
  memcpy(good, f->rresp, good_len);
  /* a different CSB ID: an answer to another request */
  f->rresp[4] ^= 1;
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, NULL),
                   MIKEY_E_NO_PENDING);
  memcpy(f->rresp, good, good_len);
  /* another PRF func, or V flag, or data type: the HDR must match */
  f->rresp[3] ^= 0x01; /* PRF */
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, NULL),
                   MIKEY_E_MISMATCH);
  memcpy(f->rresp, good, good_len);
  f->rresp[1] = MIKEY_DT_TRANSFER_RESP;
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, NULL),
                   MIKEY_E_MISMATCH);
  /* every other byte flipped: refused, never a ticket */
  for (size_t i = 0; i < good_len; i++) {
    memcpy(f->rresp, good, good_len);
    f->rresp[i] ^= 0x10;
    int rc = mikey_initiator_on_request_resp(f->ini, f->rresp, good_len, NULL);
    ck_assert_msg(rc < 0, "byte %zu accepted", i);
    ck_assert(!mikey_initiator_has_ticket(f->ini));
  }
  /* and the genuine one still works once */
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, good, good_len, NULL), 0);
  ck_assert_int_eq(mikey_initiator_on_request_resp(f->ini, good, good_len, NULL),
                   MIKEY_E_NO_PENDING);
  flow_free(f);
}
END_TEST

START_TEST(randomness_failure) {
  flow *f = pskmime_flow(0);
  mikey_identity rs[1] = {ID_BOB};
  mikey_ticket_request rq = {rs, 1, 0, 0, 0, NULL, 0};
  f->pi.rnd.fail = 1;
  ck_assert_int_eq(mikey_initiator_request(f->ini, &rq, f->req, sizeof(f->req), &f->req_len),
                   MIKEY_E_RANDOM);
  request_only(f);
  f->pk.rnd.fail = 1;
  kms_refuses(f, MIKEY_E_RANDOM, MIKEY_ERRNO_UNSPECIFIED, 1);
  flow_free(f);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("roles_request");
  TCase *tc = tcase_create("good");
  tcase_add_loop_test(tc, request_granted_for_each_suite, 0, 3);
  tcase_add_test(tc, request_is_deterministic);
  tcase_add_test(tc, request_buffer_sizes_exact);
  tcase_add_test(tc, request_kms_shortens_lifetime_with_k);
  suite_add_tcase(s, tc);
  tc = tcase_create("refusals");
  tcase_add_loop_test(tc, refuse_wrong_psk, 0, 3);
  tcase_add_test(tc, refuse_unknown_psk);
  tcase_add_test(tc, refuse_replayed_request);
  tcase_add_test(tc, refuse_clock_skew);
  tcase_add_test(tc, refuse_not_authorized);
  tcase_add_test(tc, refuse_broken_flag_implications);
  tcase_add_test(tc, refuse_other_kms_and_bad_type);
  tcase_add_test(tc, refuse_not_initial_and_unreadable);
  tcase_add_test(tc, response_checks);
  tcase_add_test(tc, randomness_failure);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
