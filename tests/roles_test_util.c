/*
 * roles_test_util.c: fixtures of the role engine suites (see roles_test_util.h).
 */
#include "roles_test_util.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "roles/mikey_roles_local.h"

#define ID(t, s) {(t), (const uint8_t *)(s), sizeof(s) - 1}
const mikey_identity ID_ALICE = ID(MIKEY_ID_URI, "sip:alice@example.org");
const mikey_identity ID_BOB = ID(MIKEY_ID_URI, "sip:bob@example.org");
const mikey_identity ID_CAROL = ID(MIKEY_ID_URI, "sip:carol@example.org");
const mikey_identity ID_KMS = ID(MIKEY_ID_URI, "kms.example.org");
const mikey_identity ID_PSK_ALICE = ID(MIKEY_ID_BYTES, "psk-alice");
const mikey_identity ID_PSK_BOB = ID(MIKEY_ID_BYTES, "psk-bob");
const mikey_identity ID_PSK_CAROL = ID(MIKEY_ID_BYTES, "psk-carol");
const mikey_identity ID_TPK = ID(MIKEY_ID_BYTES, "tpk-1");
const uint8_t KMS_ID[6] = {0x4b, 0x4d, 0x53, 0x00, 0x00, 0x01};
uint8_t PSK_ALICE[32], PSK_BOB[32], PSK_CAROL[32], TPK[32];

static void keys_init(void) {
  for (unsigned i = 0; i < 32; i++) {
    PSK_ALICE[i] = (uint8_t)(0x01 + 3 * i);
    PSK_BOB[i] = (uint8_t)(0x02 + 5 * i);
    PSK_CAROL[i] = (uint8_t)(0x03 + 7 * i);
    TPK[i] = (uint8_t)(0x04 + 11 * i);
  }
}

static int rand_cb(void *ud, uint8_t *out, size_t len) {
  test_party *p = ud;
  if (p->rnd.fail) {
    p->rnd.fail = 0;
    return -1;
  }
  for (size_t i = 0; i < len; i++) {
    out[i] = (uint8_t)(p->rnd.base + p->rnd.drawn + i);
  }
  p->rnd.drawn += len;
  p->rnd.calls++;
  return 0;
}

static uint64_t now_cb(void *ud) {
  test_party *p = ud;
  return p->clock->now;
}

void test_party_init(test_party *p, test_clock *c, uint8_t base) {
  memset(p, 0, sizeof(*p));
  p->clock = c;
  p->rnd.base = base;
}

mikey_env test_party_env(test_party *p) {
  mikey_env e = {rand_cb, now_cb, p};
  return e;
}

/* The PSK table: identity, name of its PSK, the key. */
static const struct {
  const mikey_identity *id, *psk_id;
  const uint8_t *key;
} PSKS[] = {{&ID_ALICE, &ID_PSK_ALICE, PSK_ALICE},
            {&ID_BOB, &ID_PSK_BOB, PSK_BOB},
            {&ID_CAROL, &ID_PSK_CAROL, PSK_CAROL}};

int test_psk_lookup(void *ud, const mikey_kms_psk_query *q, uint8_t *key, size_t cap,
                    size_t *key_len) {
  flow *f = ud;
  if (f->psk_fail) {
    return f->psk_fail;
  }
  /* a key is returned only for an identity it belongs to: when both the peer and the
   * IDRpsk are given they must name the same row (roles.h, psk_lookup) */
  for (size_t i = 0; i < sizeof(PSKS) / sizeof(PSKS[0]); i++) {
    int by_id = q->peer && mikey_ident_eq(q->peer, PSKS[i].id);
    int by_name = q->psk_id && mikey_ident_eq(q->psk_id, PSKS[i].psk_id);
    if ((q->peer && !by_id) || (q->psk_id && !by_name) || (!by_id && !by_name)) {
      continue;
    }
    if (cap < f->psk_len) {
      return -1;
    }
    memcpy(key, PSKS[i].key, f->psk_len);
    *key_len = f->psk_len;
    return MIKEY_CB_OK;
  }
  return MIKEY_CB_NO;
}

static int authz_request(void *ud, const mikey_kms_request_info *r) {
  flow *f = ud;
  ck_assert_ptr_nonnull(r->initiator);
  ck_assert(mikey_ident_eq(r->initiator, &ID_ALICE));
  return f->authz_request;
}

static int authz_resolve(void *ud, const mikey_kms_resolve_info *r) {
  flow *f = ud;
  ck_assert_ptr_nonnull(r->responder);
  return f->authz_resolve;
}

flow *flow_new(const mikey_role_profile *prof, size_t psk_len) {
  keys_init();
  flow *f = calloc(1, sizeof(*f));
  ck_assert_ptr_nonnull(f);
  f->clock.now = NTPS(T0);
  test_party_init(&f->pi, &f->clock, 0x10);
  test_party_init(&f->pk, &f->clock, 0x80);
  test_party_init(&f->pr, &f->clock, 0xC0);
  f->prof = *prof;
  f->psk_len = psk_len;

  mikey_initiator_config ic;
  ck_assert_int_eq(mikey_initiator_config_default(&ic), 0);
  ic.profile = *prof;
  ic.env = test_party_env(&f->pi);
  ic.self = ID_ALICE;
  ic.kms = ID_KMS;
  ic.psk_id = ID_PSK_ALICE;
  ic.psk = PSK_ALICE;
  ic.psk_len = psk_len;
  ck_assert_int_eq(mikey_initiator_new(&f->ini, &ic), 0);

  mikey_role_profile served[2];
  served[0] = *prof;
  ck_assert_int_eq(mikey_role_profile_default(&served[1], prof->kind == MIKEY_ROLE_PSKMIME
                                                               ? MIKEY_ROLE_IMS
                                                               : MIKEY_ROLE_PSKMIME),
                   0);
  served[1].prf = prof->prf;
  served[1].key_len = prof->key_len;
  mikey_kms_config kc;
  ck_assert_int_eq(mikey_kms_config_default(&kc), 0);
  kc.env = test_party_env(&f->pk);
  kc.self = ID_KMS;
  memcpy(kc.kms_id, KMS_ID, 6);
  kc.tpk_id = ID_TPK;
  kc.tpk = TPK;
  kc.tpk_len = psk_len;
  kc.profiles = served;
  kc.n_profiles = 2;
  kc.callbacks.psk_lookup = test_psk_lookup;
  kc.callbacks.authorize_request = authz_request;
  kc.callbacks.authorize_resolve = authz_resolve;
  kc.user_data = f;
  ck_assert_int_eq(mikey_kms_new(&f->kms, &kc), 0);

  mikey_responder_config rc;
  ck_assert_int_eq(mikey_responder_config_default(&rc), 0);
  rc.profile = *prof;
  rc.env = test_party_env(&f->pr);
  rc.self = ID_BOB;
  rc.kms = ID_KMS;
  rc.psk_id = ID_PSK_BOB;
  rc.psk = PSK_BOB;
  rc.psk_len = psk_len;
  ck_assert_int_eq(mikey_responder_new(&f->resp, &rc), 0);
  return f;
}

void flow_free(flow *f) {
  if (!f) {
    return;
  }
  mikey_initiator_free(f->ini);
  mikey_kms_free(f->kms);
  mikey_responder_free(f->resp);
  free(f);
}

int flow_request(flow *f) {
  mikey_identity rs[2] = {ID_BOB, ID_CAROL};
  mikey_ticket_request rq;
  memset(&rq, 0, sizeof(rq));
  rq.responders = rs;
  rq.n_responders = 2;
  int rc = mikey_initiator_request(f->ini, &rq, f->req, sizeof(f->req), &f->req_len);
  if (rc) {
    return rc;
  }
  rc = mikey_kms_process(f->kms, f->req, f->req_len, f->rresp, sizeof(f->rresp), &f->rresp_len,
                         &f->res);
  if (rc) {
    return rc;
  }
  return mikey_initiator_on_request_resp(f->ini, f->rresp, f->rresp_len, &f->tinfo);
}

int flow_transfer(flow *f, const uint8_t *poo, size_t poo_len, uint8_t *kek, size_t *kek_len) {
  mikey_transfer_params p;
  memset(&p, 0, sizeof(p));
  static const uint8_t pol0[1] = {0};
  static const uint8_t spi[4] = {0xde, 0xad, 0xbe, 0xef};
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
  sp.policy_no = 0;
  sp.prot_type = MIKEY_PROT_SRTP;
  if (f->prof.kind == MIKEY_ROLE_IMS) {
    p.cs = cs;
    p.n_cs = 2;
    p.sp = &sp;
    p.n_sp = 1;
  }
  int rc = mikey_initiator_transfer_prepare(f->ini, &p, &f->xinfo);
  if (rc) {
    return rc;
  }
  if (kek && kek_len) {
    *kek_len = 0;
    if (f->xinfo.keys_ready) {
      rc = mikey_initiator_transfer_key(f->ini, 1, kek, 64, kek_len);
      if (rc) {
        return rc;
      }
    }
  }
  return mikey_initiator_transfer_finish(f->ini, poo, poo_len, f->tinit, sizeof(f->tinit),
                                         &f->tinit_len);
}

int flow_resolve(flow *f) {
  int rc = mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                            sizeof(f->rinit), &f->rinit_len, &f->xid);
  if (rc) {
    return rc;
  }
  rc = mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                         &f->sresp_len, &f->res);
  if (rc) {
    return rc;
  }
  return mikey_responder_on_resolve_resp(f->resp, f->sresp, f->sresp_len, &f->rinfo);
}

void remac_initial(uint8_t *buf, size_t len, const uint8_t *psk, size_t psk_len,
                   const mikey_identity *a, const mikey_identity *b) {
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(mikey_msg_decode(m, buf, len), 0);
  const mikey_payload *ri = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_I);
  const mikey_payload *rr = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_R);
  mikey_keyset ks;
  ck_assert_int_eq(mikey_msgkeys(m->hdr.prf, psk, psk_len, m->hdr.csb_id, MIKEY_KDF_INITIAL,
                                 ri ? ri->u.rand.rand.data : NULL, ri ? ri->u.rand.rand.len : 0,
                                 rr ? rr->u.rand.rand.data : NULL, rr ? rr->u.rand.rand.len : 0,
                                 &ks),
                   0);
  mikey_cover c;
  ck_assert_int_eq(mikey_vmac_cover_init(m, a, b, &c), 0);
  ck_assert_int_eq(mikey_vmac_sign(m, buf, &c, &ks), 0);
  mikey_keyset_clear(&ks);
  free(m);
}
