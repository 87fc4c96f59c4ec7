/*
 * fuzz_world.c: the fixed world of the role engine harnesses (see fuzz_world.h).
 */
#include "fuzz_world.h"

#include <stdlib.h>
#include <string.h>

#include "crypto/mikey_kdf.h"
#include "crypto/mikey_mac.h"
#include "crypto/mikey_suite.h"
#include "roles/mikey_roles_local.h"
#include "ticket/mikey_ticket.h"
#include "ticket/mikey_ticket_local.h"

#define ID(t, s) {(t), (const uint8_t *)(s), sizeof(s) - 1}
const mikey_identity FW_ALICE = ID(MIKEY_ID_URI, "sip:alice@example.org");
const mikey_identity FW_BOB = ID(MIKEY_ID_URI, "sip:bob@example.org");
const mikey_identity FW_CAROL = ID(MIKEY_ID_URI, "sip:carol@example.org");
const mikey_identity FW_KMS = ID(MIKEY_ID_URI, "kms.example.org");
const mikey_identity FW_PSK_ALICE = ID(MIKEY_ID_BYTES, "psk-alice");
const mikey_identity FW_PSK_BOB = ID(MIKEY_ID_BYTES, "psk-bob");
const mikey_identity FW_PSK_CAROL = ID(MIKEY_ID_BYTES, "psk-carol");
const mikey_identity FW_TPK_ID = ID(MIKEY_ID_BYTES, "tpk-1");
const uint8_t FW_KMS_ID[6] = {0x4b, 0x4d, 0x53, 0x00, 0x00, 0x01};
const uint8_t FW_PSK_ALICE_KEY[16] = {0x01, 0x04, 0x07, 0x0a, 0x0d, 0x10, 0x13, 0x16,
                                      0x19, 0x1c, 0x1f, 0x22, 0x25, 0x28, 0x2b, 0x2e};
const uint8_t FW_PSK_BOB_KEY[16] = {0x02, 0x07, 0x0c, 0x11, 0x16, 0x1b, 0x20, 0x25,
                                    0x2a, 0x2f, 0x34, 0x39, 0x3e, 0x43, 0x48, 0x4d};
const uint8_t FW_PSK_CAROL_KEY[16] = {0x03, 0x0a, 0x11, 0x18, 0x1f, 0x26, 0x2d, 0x34,
                                      0x3b, 0x42, 0x49, 0x50, 0x57, 0x5e, 0x65, 0x6c};
const uint8_t FW_TPK[16] = {0x04, 0x0f, 0x1a, 0x25, 0x30, 0x3b, 0x46, 0x51,
                            0x5c, 0x67, 0x72, 0x7d, 0x88, 0x93, 0x9e, 0xa9};
const uint8_t FW_POO_TAG[16] = {0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
                                0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0};

static int rand_cb(void *ud, uint8_t *out, size_t len) {
  fw_party *p = ud;
  for (size_t i = 0; i < len; i++) {
    out[i] = (uint8_t)(p->base + p->drawn + i);
  }
  p->drawn += len;
  return 0;
}

static uint64_t now_cb(void *ud) {
  const fw_party *p = ud;
  return FW_NOW + ((uint64_t)p->later << 32);
}

mikey_env fw_env(fw_party *p) {
  mikey_env e = {rand_cb, now_cb, p};
  return e;
}

void fw_replay_reset(fw_replay *c) {
  memset(c, 0, sizeof(*c));
}

static int replay_find(const fw_replay *c, const uint8_t *key, uint64_t now) {
  for (size_t i = 0; i < c->n; i++) {
    if (memcmp(c->key[i], key, MIKEY_REPLAY_KEY_LEN) == 0 && c->expiry[i] >= now) {
      return 1;
    }
  }
  return 0;
}

static int replay_lookup(void *ud, const uint8_t *key, uint64_t now) {
  return replay_find(ud, key, now) ? MIKEY_REPLAY_SEEN : 0;
}

static int replay_check_insert(void *ud, const uint8_t *key, uint64_t expiry, uint64_t now) {
  fw_replay *c = ud;
  if (replay_find(c, key, now)) {
    return MIKEY_REPLAY_SEEN;
  }
  if (c->n == FW_REPLAY_MAX) {
    return MIKEY_E_LIMIT; /* fail closed, as the default cache */
  }
  memcpy(c->key[c->n], key, MIKEY_REPLAY_KEY_LEN);
  c->expiry[c->n++] = expiry;
  return 0;
}

mikey_replay_ops fw_replay_ops(fw_replay *c) {
  mikey_replay_ops o = {replay_lookup, replay_check_insert, c};
  return o;
}

void fw_profile(int sc, mikey_role_profile *p) {
  (void)mikey_role_profile_default(p, sc == FW_IMS ? MIKEY_ROLE_IMS : MIKEY_ROLE_PSKMIME);
  if (sc == FW_PSKMIME_POO) {
    p->proof_of_origin = 1;
  } else if (sc == FW_PSKMIME_MIKEY1) {
    p->prf = MIKEY_PRF_MIKEY_1;
  }
}

const uint8_t *fw_psk_of(const mikey_identity *id) {
  if (mikey_ident_eq(id, &FW_ALICE)) {
    return FW_PSK_ALICE_KEY;
  }
  if (mikey_ident_eq(id, &FW_BOB)) {
    return FW_PSK_BOB_KEY;
  }
  if (mikey_ident_eq(id, &FW_CAROL)) {
    return FW_PSK_CAROL_KEY;
  }
  return NULL;
}

/* The KMS's PSK table: a key is returned only for the identity it belongs to (roles.h,
 * psk_lookup): when both the peer and the IDRpsk are given they must name the same row. */
static int psk_lookup(void *ud, const mikey_kms_psk_query *q, uint8_t *key, size_t cap,
                      size_t *key_len) {
  static const mikey_identity *const ids[3] = {&FW_ALICE, &FW_BOB, &FW_CAROL};
  static const mikey_identity *const names[3] = {&FW_PSK_ALICE, &FW_PSK_BOB, &FW_PSK_CAROL};
  (void)ud;
  for (size_t i = 0; i < 3; i++) {
    int by_id = q->peer && mikey_ident_eq(q->peer, ids[i]);
    int by_name = q->psk_id && mikey_ident_eq(q->psk_id, names[i]);
    if ((q->peer && !by_id) || (q->psk_id && !by_name) || (!by_id && !by_name)) {
      continue;
    }
    if (cap < 16) {
      return -1;
    }
    memcpy(key, fw_psk_of(ids[i]), 16);
    *key_len = 16;
    return MIKEY_CB_OK;
  }
  return MIKEY_CB_NO;
}

int fw_kms_new(mikey_kms **out, fw_party *rnd, const mikey_replay_ops *replay) {
  mikey_kms_config kc;
  int rc = mikey_kms_config_default(&kc);
  if (rc) {
    return rc;
  }
  kc.env = fw_env(rnd);
  kc.self = FW_KMS;
  memcpy(kc.kms_id, FW_KMS_ID, 6);
  kc.tpk_id = FW_TPK_ID;
  kc.tpk = FW_TPK;
  kc.tpk_len = sizeof(FW_TPK);
  kc.callbacks.psk_lookup = psk_lookup;
  kc.replay = replay;
  kc.replay_capacity = 64;
  return mikey_kms_new(out, &kc);
}

int fw_responder_new(mikey_responder **out, int sc, fw_party *rnd,
                     const mikey_replay_ops *replay) {
  mikey_responder_config c;
  int rc = mikey_responder_config_default(&c);
  if (rc) {
    return rc;
  }
  fw_profile(sc, &c.profile);
  c.env = fw_env(rnd);
  c.self = FW_BOB;
  c.kms = FW_KMS;
  c.psk_id = FW_PSK_BOB;
  c.psk = FW_PSK_BOB_KEY;
  c.psk_len = 16;
  c.replay = replay;
  c.replay_capacity = 64;
  return mikey_responder_new(out, &c);
}

int fw_initiator_new(mikey_initiator **out, int sc, fw_party *rnd) {
  mikey_initiator_config c;
  int rc = mikey_initiator_config_default(&c);
  if (rc) {
    return rc;
  }
  fw_profile(sc, &c.profile);
  c.env = fw_env(rnd);
  c.self = FW_ALICE;
  c.kms = FW_KMS;
  c.psk_id = FW_PSK_ALICE;
  c.psk = FW_PSK_ALICE_KEY;
  c.psk_len = 16;
  return mikey_initiator_new(out, &c);
}

mikey_transfer_params fw_update_params(void) {
  static const uint8_t pol0[1] = {0};
  static const uint8_t spi[4] = {0xde, 0xad, 0xbe, 0xef};
  static mikey_cs cs[3];
  memset(cs, 0, sizeof(cs));
  for (uint8_t i = 0; i < 3; i++) {
    cs[i].cs_id = (uint8_t)(i + 1);
    cs[i].prot_type = MIKEY_PROT_SRTP;
    cs[i].policies = (mikey_bytes){pol0, 1};
    cs[i].spi = (mikey_bytes){spi, 4};
  }
  mikey_transfer_params p = {NULL, cs, 3, NULL, 0};
  return p;
}

/* the exchange itself, on engines the caller frees */
static int flow_steps(int sc, fw_flow *f, mikey_initiator *ini, mikey_kms *kms,
                      mikey_responder *resp, fw_party *pi, fw_party *pr) {
  mikey_identity rs[2] = {FW_BOB, FW_CAROL};
  mikey_ticket_request rq;
  memset(&rq, 0, sizeof(rq));
  rq.responders = rs;
  rq.n_responders = 2;
  mikey_kms_result res;
  int rc = mikey_initiator_request(ini, &rq, f->req, sizeof(f->req), &f->req_len);
  if (rc == 0) {
    rc = mikey_kms_process(kms, f->req, f->req_len, f->rresp, sizeof(f->rresp), &f->rresp_len,
                           &res);
  }
  if (rc == 0) {
    rc = mikey_initiator_on_request_resp(ini, f->rresp, f->rresp_len, NULL);
  }
  if (rc) {
    return rc;
  }
  /* IMS: two SRTP crypto sessions and one Security Policy payload */
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
  sp.prot_type = MIKEY_PROT_SRTP;
  mikey_transfer_params p;
  memset(&p, 0, sizeof(p));
  if (sc == FW_IMS) {
    p.cs = cs;
    p.n_cs = 2;
    p.sp = &sp;
    p.n_sp = 1;
  }
  mikey_transfer_info xi;
  rc = mikey_initiator_transfer_prepare(ini, &p, &xi);
  if (rc == 0 && xi.keys_ready) {
    rc = mikey_initiator_transfer_key(ini, 1, f->kek, sizeof(f->kek), &f->kek_len);
  }
  if (rc == 0) {
    int poo = sc == FW_PSKMIME_POO;
    rc = mikey_initiator_transfer_finish(ini, poo ? FW_POO_TAG : NULL,
                                         poo ? sizeof(FW_POO_TAG) : 0, f->tinit,
                                         sizeof(f->tinit), &f->tinit_len);
  }
  if (rc == 0) {
    rc = mikey_responder_on_transfer_init(resp, f->tinit, f->tinit_len, f->rinit,
                                          sizeof(f->rinit), &f->rinit_len, &f->xid);
  }
  if (rc == 0) {
    rc = mikey_kms_process(kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                           &f->sresp_len, &res);
  }
  if (rc == 0) {
    rc = mikey_responder_on_resolve_resp(resp, f->sresp, f->sresp_len, NULL);
  }
  if (rc == 0 && sc == FW_IMS) {
    rc = mikey_responder_transfer_resp(resp, f->xid, f->tresp, sizeof(f->tresp),
                                       &f->tresp_len);
    if (rc == 0) {
      rc = mikey_initiator_on_transfer_resp(ini, f->tresp, f->tresp_len, NULL);
    }
    if (rc == 0) {
      rc = mikey_initiator_transfer_key(ini, 1, f->kek, sizeof(f->kek), &f->kek_len);
    }
  }
  if (rc) {
    return rc;
  }
  uint8_t k[64];
  size_t kl = 0;
  rc = mikey_responder_key(resp, f->xid, 1, k, sizeof(k), &kl);
  if (rc == 0 && sc == FW_IMS) {
    /* a CSB update 30 s later (5.2) adding CS 3; CS 1 keeps its TEK (checked below) */
    mikey_transfer_params up = fw_update_params();
    pi->later = pr->later = 30;
    rc = mikey_initiator_csb_update(ini, &up, 1, f->upd, sizeof(f->upd), &f->upd_len, NULL);
    if (rc == 0) {
      rc = mikey_responder_on_csb_update(resp, f->upd, f->upd_len, f->upd_resp,
                                         sizeof(f->upd_resp), &f->upd_resp_len, NULL);
    }
    if (rc == 0) {
      rc = mikey_initiator_on_transfer_resp(ini, f->upd_resp, f->upd_resp_len, NULL);
    }
    if (rc == 0) {
      rc = mikey_responder_key(resp, f->xid, 1, k, sizeof(k), &kl);
    }
  }
  if (rc == 0 && (kl != f->kek_len || memcmp(k, f->kek, kl) != 0)) {
    rc = MIKEY_E_INTERNAL;
  }
  mikey_memzero(k, sizeof(k));
  return rc;
}

int fw_flow_run(int sc, fw_flow *f) {
  memset(f, 0, sizeof(*f));
  fw_party pi = {FW_BASE_INI, 0, 0}, pk = {FW_BASE_KMS, 0, 0}, pr = {FW_BASE_RESP, 0, 0};
  mikey_initiator *ini = NULL;
  mikey_kms *kms = NULL;
  mikey_responder *resp = NULL;
  int rc = fw_initiator_new(&ini, sc, &pi);
  if (rc == 0) {
    rc = fw_kms_new(&kms, &pk, NULL);
  }
  if (rc == 0) {
    rc = fw_responder_new(&resp, sc, &pr, NULL);
  }
  if (rc == 0) {
    rc = flow_steps(sc, f, ini, kms, resp, &pi, &pr);
  }
  mikey_initiator_free(ini);
  mikey_kms_free(kms);
  mikey_responder_free(resp);
  return rc;
}

/* identity |role| of |m| when present, else |dflt| */
static mikey_identity ident_in(const mikey_msg *m, int role, const mikey_identity *dflt) {
  const mikey_payload *p = mikey_msg_find(m, MIKEY_PT_IDR, role);
  return p ? mikey_ident_from_id(&p->u.id) : *dflt;
}

int fw_remac_ticket(const mikey_ticket_view *tv, uint8_t *buf) {
  static mikey_tpk tpk; /* keyed once, kept: it is the fixed TPK */
  if (tpk.len == 0) {
    mikey_tpk_init(&tpk);
    if (mikey_tpk_setkey(&tpk, FW_TPK, sizeof(FW_TPK)) != 0) {
      return -1;
    }
  }
  size_t auth_len, tag_len;
  uint8_t auth[MIKEY_SUITE_MAX_AUTH_KEY];
  mikey_prf *prf = ticket_tpk_prf(&tpk, tv->policy.prf);
  if (!prf || mikey_suite_auth_key_len(tv->v.alg, &auth_len) != 0 ||
      mikey_suite_tag_len(tv->v.alg, &tag_len) != 0 || tag_len != tv->v.mac.len ||
      tv->v.mac_offset < tv->start + 1) {
    return -1;
  }
  int rc = mikey_kdf_tpk(prf, MIKEY_KDF_AUTH, tv->rand.data, tv->rand.len, auth, auth_len);
  if (rc == 0) {
    /* A.1: from the byte after Next Payload to the MAC field (as mikey_ticket_verify) */
    mikey_iov cover = {buf + tv->start + 1, tv->v.mac_offset - (tv->start + 1)};
    rc = mikey_mac_compute_oneshot(tv->v.alg, auth, auth_len, &cover, 1, buf + tv->v.mac_offset,
                                   tag_len);
  }
  mikey_memzero(auth, sizeof(auth));
  return rc;
}

int fw_remac_initial(uint8_t *buf, size_t len) {
  mikey_msg *m = malloc(sizeof(*m));
  if (!m) {
    return -1;
  }
  int rc = mikey_msg_decode(m, buf, len);
  mikey_identity a = FW_ALICE;
  if (rc == 0 && m->hdr.data_type == MIKEY_DT_REQUEST_INIT_PSK) {
    a = ident_in(m, MIKEY_ROLE_I, &FW_ALICE);
  } else if (rc == 0 && m->hdr.data_type == MIKEY_DT_RESOLVE_INIT_PSK) {
    a = ident_in(m, MIKEY_ROLE_R, &FW_BOB);
    const mikey_payload *tk = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
    mikey_ticket_view *tv = malloc(sizeof(*tv));
    /* the ticket first: its MAC bytes are covered by the message's V */
    if (tk && tv && mikey_ticket_parse(tv, buf, len, tk) == 0) {
      (void)fw_remac_ticket(tv, buf);
    }
    free(tv);
  } else {
    rc = -1;
  }
  const uint8_t *psk = rc == 0 ? fw_psk_of(&a) : NULL;
  if (rc == 0 && !psk) {
    psk = m->hdr.data_type == MIKEY_DT_REQUEST_INIT_PSK ? FW_PSK_ALICE_KEY : FW_PSK_BOB_KEY;
  }
  mikey_keyset ks;
  memset(&ks, 0, sizeof(ks));
  if (rc == 0) {
    const mikey_payload *ri = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_I);
    const mikey_payload *rr = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_R);
    rc = mikey_msgkeys(m->hdr.prf, psk, 16, m->hdr.csb_id, MIKEY_KDF_INITIAL,
                       ri ? ri->u.rand.rand.data : NULL, ri ? ri->u.rand.rand.len : 0,
                       rr ? rr->u.rand.rand.data : NULL, rr ? rr->u.rand.rand.len : 0, &ks);
  }
  mikey_cover c;
  if (rc == 0) {
    rc = mikey_vmac_cover_init(m, &a, &FW_KMS, &c);
  }
  if (rc == 0) {
    rc = mikey_vmac_sign(m, buf, &c, &ks);
  }
  mikey_keyset_clear(&ks);
  free(m);
  return rc;
}

int fw_remac_response(uint8_t *buf, size_t len, const uint8_t *init, size_t init_len) {
  mikey_msg *m = malloc(2 * sizeof(*m));
  if (!m) {
    return -1;
  }
  mikey_msg *q = m + 1;
  int rc = mikey_msg_decode(m, buf, len);
  if (rc == 0) {
    rc = mikey_msg_decode(q, init, init_len);
  }
  mikey_keyset ks;
  memset(&ks, 0, sizeof(ks));
  if (rc == 0) {
    /* the PSK of the initial message's sender; its RANDs (5.1.2) */
    const uint8_t *psk =
        q->hdr.data_type == MIKEY_DT_REQUEST_INIT_PSK ? FW_PSK_ALICE_KEY : FW_PSK_BOB_KEY;
    const mikey_payload *ri = mikey_msg_find(q, MIKEY_PT_RANDR, MIKEY_RAND_I);
    const mikey_payload *rr = mikey_msg_find(q, MIKEY_PT_RANDR, MIKEY_RAND_R);
    rc = mikey_msgkeys(q->hdr.prf, psk, 16, q->hdr.csb_id, MIKEY_KDF_RESPONSE,
                       ri ? ri->u.rand.rand.data : NULL, ri ? ri->u.rand.rand.len : 0,
                       rr ? rr->u.rand.rand.data : NULL, rr ? rr->u.rand.rand.len : 0, &ks);
  }
  mikey_cover c;
  if (rc == 0) {
    rc = mikey_vmac_cover_resp(m, init, init_len, &c);
  }
  if (rc == 0) {
    rc = mikey_vmac_sign(m, buf, &c, &ks);
  }
  mikey_keyset_clear(&ks);
  free(m);
  return rc;
}

/* the RAND payload of role |role| of |m|, as a (pointer, length) pair (NULL/0 when absent) */
static mikey_bytes rand_of(const mikey_msg *m, int role) {
  const mikey_payload *p = mikey_msg_find(m, MIKEY_PT_RANDR, role);
  return p ? p->u.rand.rand : (mikey_bytes){NULL, 0};
}

/* Scratch of fw_exchange_keys. */
typedef struct xkeys_work {
  mikey_msg ri, rs;
  mikey_keydata_list kl;
  uint8_t plain[MIKEY_KEMAC_PLAIN_MAX];
} xkeys_work;

int fw_exchange_keys(const fw_flow *f, uint8_t *vkey, size_t *vkey_len, uint8_t *tgk,
                     size_t *tgk_len) {
  xkeys_work *w = malloc(sizeof(*w));
  if (!w) {
    return -1;
  }
  int rc = mikey_msg_decode(&w->ri, f->rinit, f->rinit_len);
  if (rc == 0) {
    rc = mikey_msg_decode(&w->rs, f->sresp, f->sresp_len);
  }
  const mikey_payload *tsp = rc == 0 ? mikey_msg_find(&w->rs, MIKEY_PT_T, -1) : NULL;
  const mikey_payload *kem = rc == 0 ? mikey_msg_find(&w->rs, MIKEY_PT_KEMAC, -1) : NULL;
  uint64_t t = 0;
  if (rc == 0 && (!tsp || !kem || mikey_ts_ntp64(&tsp->u.t, &t) != 0)) {
    rc = -1;
  }
  mikey_keyset ks;
  memset(&ks, 0, sizeof(ks));
  if (rc == 0) {
    /* 5.1.2: bob's PSK, direction 0x02, RANDRr of the RESOLVE_INIT (no RANDRi) */
    mikey_bytes rr = rand_of(&w->ri, MIKEY_RAND_R);
    rc = mikey_msgkeys(w->ri.hdr.prf, FW_PSK_BOB_KEY, 16, w->ri.hdr.csb_id, MIKEY_KDF_RESPONSE,
                       NULL, 0, rr.data, rr.len, &ks);
  }
  if (rc == 0) {
    rc = mikey_kemac_open(NULL, &ks, w->ri.hdr.csb_id, t, &kem->u.kemac, w->plain,
                          sizeof(w->plain), &w->kl);
  }
  /* 4.2.3.5: MPKi || [MPKr'] || TGK' */
  const mikey_keydata_list *kl = &w->kl;
  int forked = rc == 0 && kl->n >= 3 && kl->kd[1].type == MIKEY_KEY_MPK;
  const mikey_keydata *v = forked ? &kl->kd[1] : &kl->kd[0];
  const mikey_keydata *k = forked ? &kl->kd[2] : &kl->kd[1];
  if (rc == 0 && (kl->n < 2 || kl->kd[0].type != MIKEY_KEY_MPK || v->key.len > FW_KEY_MAX ||
                  k->key.len > FW_KEY_MAX)) {
    rc = -1;
  }
  if (rc == 0) {
    memcpy(vkey, v->key.data, v->key.len);
    *vkey_len = v->key.len;
    memcpy(tgk, k->key.data, k->key.len);
    *tgk_len = k->key.len;
  }
  mikey_keyset_clear(&ks);
  mikey_memzero(w, sizeof(*w));
  free(w);
  return rc;
}

int fw_tek(const fw_flow *f, uint8_t cs_id, const uint8_t *rr, size_t rr_len, uint8_t *out,
           size_t len) {
  mikey_msg *ti = malloc(sizeof(*ti));
  uint8_t vkey[FW_KEY_MAX], tgk[FW_KEY_MAX];
  size_t vl = 0, tl = 0;
  int rc = ti ? mikey_msg_decode(ti, f->tinit, f->tinit_len) : -1;
  if (rc == 0) {
    rc = fw_exchange_keys(f, vkey, &vl, tgk, &tl);
  }
  mikey_prf p;
  mikey_prf_init(&p);
  if (rc == 0) {
    mikey_bytes ri = rand_of(ti, MIKEY_RAND_I);
    rc = mikey_prf_setkey(&p, ti->hdr.prf, tgk, tl);
    if (rc == 0) {
      rc = mikey_kdf_tgk(&p, MIKEY_KDF_TEK, cs_id, ri.data, ri.len, rr, rr_len, out, len);
    }
  }
  mikey_prf_clear(&p);
  mikey_memzero(vkey, sizeof(vkey));
  mikey_memzero(tgk, sizeof(tgk));
  free(ti);
  return rc;
}

int fw_remac_transfer(const fw_flow *f, uint8_t *buf, size_t len, const uint8_t *init,
                      size_t init_len) {
  mikey_msg *m = malloc(3 * sizeof(*m));
  if (!m) {
    return -1;
  }
  mikey_msg *ti = m + 1, *tr = m + 2;
  int rc = mikey_msg_decode(m, buf, len);
  if (rc == 0) {
    rc = mikey_msg_decode(ti, f->tinit, f->tinit_len);
  }
  if (rc == 0) {
    rc = mikey_msg_decode(tr, f->tresp, f->tresp_len);
  }
  int resp = rc == 0 && m->hdr.data_type == MIKEY_DT_TRANSFER_RESP;
  if (rc == 0 && !resp && m->hdr.data_type != MIKEY_DT_TRANSFER_INIT) {
    rc = -1;
  }
  uint8_t vkey[FW_KEY_MAX], tgk[FW_KEY_MAX];
  size_t vl = 0, tl = 0;
  if (rc == 0) {
    rc = fw_exchange_keys(f, vkey, &vl, tgk, &tl);
  }
  mikey_keyset ks;
  memset(&ks, 0, sizeof(ks));
  if (rc == 0) {
    /* 5.1.2: MPKr', direction 0x02, RANDRi, RANDRr (the responder's: of this answer, or of
     * the initial TRANSFER_RESP for an update, 5.2) */
    mikey_bytes ri = rand_of(ti, MIKEY_RAND_I), rr = rand_of(m, MIKEY_RAND_R);
    if (!resp || !rr.data) {
      rr = rand_of(tr, MIKEY_RAND_R);
    }
    rc = mikey_msgkeys(ti->hdr.prf, vkey, vl, ti->hdr.csb_id, MIKEY_KDF_RESPONSE, ri.data,
                       ri.len, rr.data, rr.len, &ks);
  }
  mikey_cover c;
  if (rc == 0 && resp) {
    rc = mikey_vmac_cover_resp(m, init, init_len, &c);
  } else if (rc == 0) {
    mikey_identity r = ident_in(m, MIKEY_ROLE_R, &FW_BOB);
    rc = mikey_vmac_cover_init(m, &FW_ALICE, &r, &c);
  }
  if (rc == 0) {
    rc = mikey_vmac_sign(m, buf, &c, &ks);
  }
  mikey_keyset_clear(&ks);
  mikey_memzero(vkey, sizeof(vkey));
  mikey_memzero(tgk, sizeof(tgk));
  free(m);
  return rc;
}
