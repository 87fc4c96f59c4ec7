/*
 * mt_engines_test.c: the KMS mikeytool builds from KEYS.json (mt_engines.c) gives a PSK only
 * to the identity it belongs to (roles.h, psk_lookup): a request signed with another party's
 * PSK is refused even when its IDRpsk names that PSK. Expected refusals from PROFILE.md D12:
 * an unknown key or a bad MAC is Auth failure (0).
 */
#include <stdlib.h>
#include <string.h>

#include "mikey_test.h"
#include "mikeytool/mt_engines.h"

#define PSK_A "000102030405060708090a0b0c0d0e0f"
#define PSK_B "101112131415161718191a1b1c1d1e1f"

static const char keys_json[] =
    "{\"initiator\": {\"identity\": \"sip:alice@example.org\", \"psk_id\": \"psk-alice-1\","
    " \"psk\": \"" PSK_A "\"},"
    " \"responder\": {\"identity\": \"sip:bob@example.org\", \"psk_id\": \"hex:00ff\","
    " \"psk\": \"" PSK_B "\"},"
    " \"kms\": {\"identity\": \"sip:kms.example.org\", \"kms_id\": \"4b4d53000001\","
    " \"tpk_id\": \"tpk-kms-1\", \"tpk\": \"202122232425262728292a2b2c2d2e2f\"}}";

static uint64_t fixed_now(void *ud) {
  (void)ud;
  return (uint64_t)3913056000u << 32; /* 2024-01-01 */
}

/* request runs one REQUEST_INIT_PSK from an initiator with identity |self|, IDRpsk |psk_id|
 * and PSK |psk| through the KMS of KEYS.json; returns what the KMS did. */
static mikey_kms_result request(const mt_keys *k, const char *self, const mt_blob *psk_id,
                                const mt_blob *psk) {
  mikey_env env = {NULL, fixed_now, NULL};
  mikey_kms *kms = NULL;
  ck_assert_int_eq(mt_kms_new(k, env, &kms), 0);
  mt_keys ik = *k; /* shallow: only the initiator's row differs */
  mt_blob id = {(uint8_t *)(uintptr_t)self, strlen(self)};
  ik.initiator.identity = id;
  ik.initiator.psk_id = *psk_id;
  ik.initiator.psk = *psk;
  mikey_role_profile prof;
  ck_assert_int_eq(mt_profile(k, MIKEY_PRF_HMAC_SHA_256, 16, 0, &prof), 0);
  mikey_initiator *ini = NULL;
  ck_assert_int_eq(mt_initiator_new(&ik, &prof, env, &ini), 0);
  mikey_identity bob = mt_ident(&k->responder.identity, MIKEY_ID_URI);
  mikey_ticket_request rq;
  memset(&rq, 0, sizeof(rq));
  rq.responders = &bob;
  rq.n_responders = 1;
  uint8_t req[2048], resp[2048];
  size_t req_len = 0, resp_len = 0;
  ck_assert_int_eq(mikey_initiator_request(ini, &rq, req, sizeof(req), &req_len), 0);
  mikey_kms_result res;
  ck_assert_int_eq(mikey_kms_process(kms, req, req_len, resp, sizeof(resp), &resp_len, &res), 0);
  if (res.wrote == MIKEY_KMS_WROTE_RESPONSE) {
    /* and the initiator takes the answer: the KMS used its PSK */
    ck_assert_int_eq(mikey_initiator_on_request_resp(ini, resp, resp_len, NULL), 0);
  }
  mikey_initiator_free(ini);
  mikey_kms_free(kms);
  return res;
}

START_TEST(psk_given_to_its_owner_only) {
  mt_keys k;
  char err[200] = "";
  ck_assert_msg(mt_keys_parse(keys_json, strlen(keys_json), &k, err, sizeof(err)) == 0, "%s",
                err);
  /* alice with her own PSK: a ticket */
  mikey_kms_result r = request(&k, "sip:alice@example.org", &k.initiator.psk_id, &k.initiator.psk);
  ck_assert_int_eq(r.wrote, MIKEY_KMS_WROTE_RESPONSE);
  /* alice naming bob's PSK (IDRpsk 00 ff) and holding it: refused, unknown key */
  r = request(&k, "sip:alice@example.org", &k.responder.psk_id, &k.responder.psk);
  ck_assert_int_eq(r.wrote, MIKEY_KMS_WROTE_ERROR);
  ck_assert_int_eq(r.reason, MIKEY_E_UNKNOWN_KEY);
  ck_assert_uint_eq(r.error_no, MIKEY_ERRNO_AUTH_FAILURE);
  /* someone unknown with bob's PSK: refused */
  r = request(&k, "sip:carol@example.org", &k.responder.psk_id, &k.responder.psk);
  ck_assert_int_eq(r.wrote, MIKEY_KMS_WROTE_ERROR);
  ck_assert_int_eq(r.reason, MIKEY_E_UNKNOWN_KEY);
  /* alice's names with bob's key: the V does not verify */
  r = request(&k, "sip:alice@example.org", &k.initiator.psk_id, &k.responder.psk);
  ck_assert_int_eq(r.wrote, MIKEY_KMS_WROTE_ERROR);
  ck_assert_int_eq(r.reason, MIKEY_E_AUTH);
  ck_assert_uint_eq(r.error_no, MIKEY_ERRNO_AUTH_FAILURE);
  /* bob (binary IDRpsk) asking for a ticket with his own PSK: his row serves him too */
  r = request(&k, "sip:bob@example.org", &k.responder.psk_id, &k.responder.psk);
  ck_assert_int_eq(r.wrote, MIKEY_KMS_WROTE_RESPONSE);
  mt_keys_free(&k);
}
END_TEST

START_TEST(profile_takes_the_types_and_refuses_d4) {
  mt_keys k;
  char err[200] = "";
  ck_assert_int_eq(mt_keys_parse(keys_json, strlen(keys_json), &k, err, sizeof(err)), 0);
  k.prot_type = 250;
  k.ext_type = 7;
  mikey_role_profile p;
  ck_assert_int_eq(mt_profile(&k, MIKEY_PRF_HMAC_SHA_256, 32, 1, &p), 0);
  ck_assert_int_eq(p.kind, MIKEY_ROLE_PSKMIME);
  ck_assert_uint_eq(p.prot_type, 250);
  ck_assert_uint_eq(p.poo_ext_type, 7);
  ck_assert_uint_eq(p.key_len, 32);
  ck_assert_uint_eq(p.proof_of_origin, 1);
  /* D4: MIKEY-1 with 256-bit keys is refused by the profile check */
  ck_assert_int_ne(mt_profile(&k, MIKEY_PRF_MIKEY_1, 32, 0, &p), 0);
  ck_assert_str_eq(mt_errno_name(0), "Auth failure");
  ck_assert_str_eq(mt_errno_name(15), "Invalid TPpar");
  ck_assert_str_eq(mt_errno_name(13), "unassigned");
  ck_assert_str_eq(mt_errno_name(200), "unassigned");
  mt_keys_free(&k);
}
END_TEST

static Suite *engines_suite(void) {
  Suite *s = suite_create("mt_engines");
  TCase *tc = tcase_create("engines");
  tcase_add_test(tc, psk_given_to_its_owner_only);
  tcase_add_test(tc, profile_takes_the_types_and_refuses_d4);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(engines_suite()); }
