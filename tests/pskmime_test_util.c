/*
 * pskmime_test_util.c: the world of the pskmime suites (see pskmime_test_util.h).
 */
#include "pskmime_test_util.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

#define ID(t, s) {(t), (const uint8_t *)(s), sizeof(s) - 1}
const mikey_identity PT_ALICE = ID(MIKEY_ID_URI, "sip:alice@example.org");
const mikey_identity PT_BOB = ID(MIKEY_ID_URI, "sip:bob@example.org");
const mikey_identity PT_KMS = ID(MIKEY_ID_URI, "sip:kms.example.org");
static const mikey_identity PSK_ID_ALICE = ID(MIKEY_ID_BYTES, "psk-alice-1");
static const mikey_identity PSK_ID_BOB = ID(MIKEY_ID_BYTES, "psk-bob-1");
static const mikey_identity TPK_ID = ID(MIKEY_ID_BYTES, "tpk-kms-1");
static const uint8_t KMS_ID[6] = {0x4b, 0x4d, 0x53, 0x00, 0x00, 0x02};
static uint8_t PSK_ALICE[32], PSK_BOB[32], TPK[32];

static int rand_cb(void *ud, uint8_t *out, size_t len) {
  pt_party *p = ud;
  if (p->fail) {
    p->fail = 0;
    return -1;
  }
  for (size_t i = 0; i < len; i++) {
    out[i] = (uint8_t)(p->base + p->drawn + i);
  }
  p->drawn += len;
  p->calls++;
  return 0;
}

static uint64_t now_cb(void *ud) {
  return *((pt_party *)ud)->now;
}

static mikey_env env_of(pt_party *p, uint64_t *now, uint8_t base) {
  memset(p, 0, sizeof(*p));
  p->now = now;
  p->base = base;
  mikey_env e = {rand_cb, now_cb, p};
  return e;
}

typedef struct psk_row {
  const mikey_identity *id, *psk_id;
  const uint8_t *key;
} psk_row;

static int same(const mikey_identity *a, const mikey_identity *b) {
  return a->type == b->type && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* The KMS's PSK table: a key only for the identity it belongs to (roles.h, psk_lookup). */
static int psk_lookup(void *ud, const mikey_kms_psk_query *q, uint8_t *key, size_t cap,
                      size_t *key_len) {
  pt_world *w = ud;
  const psk_row rows[2] = {{&PT_ALICE, &PSK_ID_ALICE, PSK_ALICE},
                           {&PT_BOB, &PSK_ID_BOB, PSK_BOB}};
  for (size_t i = 0; i < 2; i++) {
    if ((q->peer && !same(q->peer, rows[i].id)) ||
        (q->psk_id && !same(q->psk_id, rows[i].psk_id)) || (!q->peer && !q->psk_id)) {
      continue;
    }
    if (cap < w->prof.key_len) {
      return -1;
    }
    memcpy(key, rows[i].key, w->prof.key_len);
    *key_len = w->prof.key_len;
    return MIKEY_CB_OK;
  }
  return MIKEY_CB_NO;
}

static int authz_resolve(void *ud, const mikey_kms_resolve_info *r) {
  (void)r;
  return ((pt_world *)ud)->authz_resolve;
}

void pt_profile(mikey_role_profile *p, uint8_t prf, uint8_t key_len, int poo) {
  ck_assert_int_eq(mikey_role_profile_default(p, MIKEY_ROLE_PSKMIME), 0);
  p->prf = prf;
  p->key_len = key_len;
  p->proof_of_origin = (uint8_t)poo;
}

pt_world *pt_world_new(const mikey_role_profile *prof, int rx_poo) {
  for (unsigned i = 0; i < 32; i++) {
    PSK_ALICE[i] = (uint8_t)(0x31 + 3 * i);
    PSK_BOB[i] = (uint8_t)(0x52 + 5 * i);
    TPK[i] = (uint8_t)(0x74 + 11 * i);
  }
  pt_world *w = calloc(1, sizeof(*w));
  ck_assert_ptr_nonnull(w);
  w->now = PT_NTPS(PT_T0);
  w->prof = *prof;
  w->authz_resolve = MIKEY_CB_OK;

  mikey_initiator_config ic;
  ck_assert_int_eq(mikey_initiator_config_default(&ic), 0);
  ic.profile = *prof;
  ic.env = env_of(&w->pi, &w->now, 0x10);
  ic.self = PT_ALICE;
  ic.kms = PT_KMS;
  ic.psk_id = PSK_ID_ALICE;
  ic.psk = PSK_ALICE;
  ic.psk_len = prof->key_len;
  ck_assert_int_eq(mikey_initiator_new(&w->ini, &ic), 0);

  mikey_kms_config kc;
  ck_assert_int_eq(mikey_kms_config_default(&kc), 0);
  kc.env = env_of(&w->pk, &w->now, 0x80);
  kc.self = PT_KMS;
  memcpy(kc.kms_id, KMS_ID, 6);
  kc.tpk_id = TPK_ID;
  kc.tpk = TPK;
  kc.tpk_len = prof->key_len;
  kc.profiles = prof;
  kc.n_profiles = 1;
  kc.callbacks.psk_lookup = psk_lookup;
  kc.callbacks.authorize_resolve = authz_resolve;
  kc.user_data = w;
  ck_assert_int_eq(mikey_kms_new(&w->kms, &kc), 0);

  mikey_responder_config rc;
  ck_assert_int_eq(mikey_responder_config_default(&rc), 0);
  rc.profile = *prof;
  rc.profile.proof_of_origin = (uint8_t)rx_poo;
  rc.env = env_of(&w->pr, &w->now, 0xC0);
  rc.self = PT_BOB;
  rc.kms = PT_KMS;
  rc.psk_id = PSK_ID_BOB;
  rc.psk = PSK_BOB;
  rc.psk_len = prof->key_len;
  ck_assert_int_eq(mikey_pskmime_receiver_new(&w->rx, &rc), 0);
  w->rcfg = rc;
  rc.profile.proof_of_origin = 0;
  rc.env = env_of(&w->pr2, &w->now, 0x40);
  ck_assert_int_eq(mikey_responder_new(&w->r2, &rc), 0);
  return w;
}

void pt_world_free(pt_world *w) {
  if (!w) {
    return;
  }
  mikey_initiator_free(w->ini);
  mikey_kms_free(w->kms);
  mikey_pskmime_receiver_free(w->rx);
  mikey_responder_free(w->r2);
  free(w);
}

void pt_receiver_renew(pt_world *w, size_t max_exchanges) {
  mikey_pskmime_receiver_free(w->rx);
  w->rcfg.max_exchanges = max_exchanges;
  ck_assert_int_eq(mikey_pskmime_receiver_new(&w->rx, &w->rcfg), 0);
}

int pt_ticket(pt_world *w) {
  mikey_ticket_request rq;
  memset(&rq, 0, sizeof(rq));
  rq.responders = &PT_BOB;
  rq.n_responders = 1;
  uint8_t req[4096], resp[4096];
  size_t req_len, resp_len;
  int rc = mikey_initiator_request(w->ini, &rq, req, sizeof(req), &req_len);
  if (rc == 0) {
    rc = mikey_kms_process(w->kms, req, req_len, resp, sizeof(resp), &resp_len, &w->kres);
  }
  if (rc == 0) {
    rc = mikey_initiator_on_request_resp(w->ini, resp, resp_len, NULL);
  }
  return rc;
}

int pt_protect(pt_world *w, const mikey_pskmime_send_opts *o, const uint8_t *mime, size_t len) {
  return mikey_pskmime_protect(w->ini, NULL, o, mime, len, w->body, sizeof(w->body),
                               &w->body_len, w->ctype, &w->sent);
}

int pt_receive(pt_world *w) {
  return mikey_pskmime_receive(w->rx, w->ctype, strlen(w->ctype), w->body, w->body_len,
                               w->rinit, sizeof(w->rinit), &w->rinit_len, &w->xid);
}

int pt_resolve(pt_world *w) {
  return mikey_kms_process(w->kms, w->rinit, w->rinit_len, w->rresp, sizeof(w->rresp),
                           &w->rresp_len, &w->kres);
}

int pt_kek(pt_world *w, const uint8_t *ti, size_t ti_len, uint8_t *kek, size_t *len) {
  uint8_t ri[4096], rr[4096];
  size_t ri_len, rr_len;
  uint32_t xid;
  mikey_kms_result kr;
  int rc = mikey_responder_on_transfer_init(w->r2, ti, ti_len, ri, sizeof(ri), &ri_len, &xid);
  if (rc == 0) {
    rc = mikey_kms_process(w->kms, ri, ri_len, rr, sizeof(rr), &rr_len, &kr);
  }
  if (rc == 0) {
    rc = mikey_responder_on_resolve_resp(w->r2, rr, rr_len, NULL);
  }
  if (rc == 0) {
    rc = mikey_responder_key(w->r2, xid, 1, kek, 64, len);
  }
  return rc;
}
