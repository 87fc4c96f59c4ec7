/*
 * mikey_kms_resolve.c: the KMS side of the Ticket Resolve exchange (RFC 6043 4.2.3.4 and
 * 4.2.3.5; PROFILE.md section 5).
 *
 *   RESOLVE_INIT_PSK = HDR, T, RANDRr, [IDRr], [IDRkms], TICKET, [IDRpsk], V
 *   RESOLVE_RESP     = HDR, T, [IDRkms], KEMAC, [IDRr], [RANDRkms], V
 *   KEMAC            = E(encr_key, MPKi || [MPKr'] || {TEK|TGK|GTGK})   (NULL MAC)
 *
 * Order of the checks: grammar; the ticket's structure, type and policy (parse only); the
 * served profile its IDRapp names; T; the responder's identity; the replay cache (look-up);
 * the PSK; the V (RESOLVE_INIT || Identity_r || Identity_kms); RANDRr length (D5); the TPK
 * (THDR KMS identifier, IDRpsk); the ticket's own MAC, and only then its KEMAC; the policy
 * against the profile and the suite; the validity period; the responder among the IDRr;
 * (I=1) the Initiator Data and its Vr with MPKr; authorization. With I=1 the KMS forks MPKr
 * and the TGKs with the modifier (IDRr, RANDRkms) (5.1.1) and sends the modifier.
 */
#include <string.h>

#include "roles/mikey_kms_local.h"

/* tpk_for finds the TPK of the parsed ticket and keys w->tpk with it: the KMS's own TPK when
 * the THDR names this KMS (and IDRpsk, if any, names its TPK), else the integrator's
 * callback. */
static int tpk_for(const mikey_kms *kms, kms_work *w) {
  const mikey_ticket_view *tv = &w->tv;
  int own = tv->kms_id.len == MIKEY_TICKET_KMS_ID_LEN &&
            memcmp(tv->kms_id.data, kms->kms_id, MIKEY_TICKET_KMS_ID_LEN) == 0;
  if (own && tv->has_idrpsk && kms->tpk_id.len) {
    mikey_identity mine = mikey_ident_view(&kms->tpk_id);
    own = mikey_ident_eq_id(&mine, &tv->idrpsk);
  }
  if (own) {
    return mikey_kms_own_tpk(kms, w);
  }
  if (!kms->cb.tpk_lookup) {
    return MIKEY_E_KMS_ID;
  }
  mikey_identity tid;
  if (tv->has_idrpsk) {
    tid = mikey_ident_from_id(&tv->idrpsk);
  }
  uint8_t key[MIKEY_PSK_MAX];
  size_t klen = 0;
  int rc = kms->cb.tpk_lookup(kms->user_data, tv->kms_id.data, tv->has_idrpsk ? &tid : NULL,
                              key, sizeof(key), &klen);
  if (rc == MIKEY_CB_NO) {
    rc = MIKEY_E_KMS_ID;
  } else if (rc != MIKEY_CB_OK || klen > sizeof(key)) {
    rc = MIKEY_E_CALLBACK;
  } else {
    w->tpk_own = 0; /* the pooled context now holds another KMS's TPK */
    rc = mikey_tpk_setkey(&w->tpk, key, klen);
  }
  mikey_memzero(key, sizeof(key));
  return rc;
}


int mikey_kms_resolve(const mikey_kms *kms, kms_work *w, const uint8_t *in, size_t len,
                      uint64_t now) {
  mikey_msg *m = &w->in;
  int rc = mikey_msg_decode(m, in, len);
  if (rc == 0) {
    rc = mikey_msg_validate(m, 0);
  }
  if (rc) {
    return rc;
  }
  const mikey_hdr *h = &m->hdr;
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  const mikey_payload *rp = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_R);
  const mikey_payload *rid = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_R);
  const mikey_payload *kp = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_KMS);
  const mikey_payload *pp = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_PSK);
  const mikey_payload *tk = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
  if (!tsp || !rp || !tk) {
    return MIKEY_E_MISSING_PAYLOAD;
  }
  rc = mikey_ticket_parse(&w->tv, in, len, tk);
  if (rc) {
    return rc;
  }
  const mikey_policy *pol = &w->tv.policy;
  w->prof = mikey_kms_profile(kms, mikey_role_kind_of(pol));
  if (!w->prof) {
    return MIKEY_E_APP; /* an application this KMS does not serve (D9) */
  }
  rc = mikey_ts_fresh(&tsp->u.t, now, w->prof->clock_skew);
  if (rc) {
    return rc;
  }
  mikey_identity kmsid = mikey_ident_view(&kms->self), pskid;
  if (kp && !mikey_ident_eq_id(&kmsid, &kp->u.id)) {
    return MIKEY_E_IDENTITY;
  }
  if (!rid) {
    return MIKEY_E_NOT_AUTHORIZED; /* no responder identity to authorize */
  }
  mikey_identity resp = mikey_ident_from_id(&rid->u.id);
  const mikey_rand *randrr = &rp->u.rand;
  mikey_replay_key(h->data_type, &resp, h->csb_id, randrr->rand.data, randrr->rand.len,
                   w->replay_key);
  uint64_t t_in;
  (void)mikey_ts_ntp64(&tsp->u.t, &t_in);
  w->replay_expiry = t_in + ((uint64_t)w->prof->clock_skew << 32);
  rc = mikey_replay_lookup(&kms->replay, w->replay_key, now);
  if (rc) {
    return rc;
  }
  if (pp) {
    pskid = mikey_ident_from_id(&pp->u.id);
  }
  rc = mikey_kms_psk(kms, w, h->data_type, &resp, pp ? &pskid : NULL);
  if (rc) {
    return rc;
  }
  rc = mikey_suite_check_prf(h->prf, w->psk_len);
  if (rc == 0) {
    /* 5.1.2: the Ticket Resolve keys use RANDRr (the KMS never sees RANDRi) */
    rc = mikey_kms_keys_in(w, h->prf, h->csb_id, NULL, 0, randrr->rand.data,
                           randrr->rand.len);
  }
  if (rc) {
    return rc;
  }
  /* Table 5.2: RESOLVE_INIT || Identity_r || Identity_kms */
  mikey_cover c;
  rc = mikey_vmac_cover_init(m, &resp, &kmsid, &c);
  if (rc == 0) {
    rc = mikey_vmac_verify_ctx(&w->mac, m, h->prf, &c, &w->ks_in);
  }
  if (rc) {
    return rc;
  }
  w->ks_in_ok = 1;
  rc = mikey_suite_check_rand_pair(0, randrr->rand.len, w->psk_len);
  if (rc) {
    return rc;
  }
  /* the ticket: its MAC with the TPK, and only then its keys (A.1) */
  rc = tpk_for(kms, w);
  if (rc == 0) {
    /* MPKr only with I=1: the Vr key (6.10) and MPKr' for the response (5.1.1, 4.2.3.5) */
    unsigned mpks = MIKEY_TICKET_MPKI | ((pol->flags & MIKEY_TP_I) ? MIKEY_TICKET_MPKR : 0u);
    rc = mikey_ticket_open_mpks(&w->tctx, &w->tpk, &w->tv, &w->keys, mpks);
  }
  if (rc) {
    return rc;
  }
  mikey_key_summary sum;
  mikey_ticket_keys_summary(&w->keys, &sum);
  rc = mikey_policy_check(pol, mikey_role_ticket_profile(w->prof->kind), MIKEY_POLICY_GRANTED,
                          &sum);
  if (rc == 0) {
    rc = mikey_policy_check_suite(pol, h->prf, sum.max_len);
  }
  if (rc == 0) {
    rc = mikey_policy_check_time(pol, now, w->prof->clock_skew);
  }
  if (rc == 0) {
    rc = mikey_policy_check_responder(pol, &rid->u.id);
  }
  if (rc) {
    return rc;
  }
  int forking = (pol->flags & MIKEY_TP_I) != 0;
  if (forking) {
    /* 4.2.3.4: "the KMS SHALL also verify the integrity of the Initiator Data" (Vr) */
    rc = mikey_initiator_data_verify(&w->tctx, &w->tv, w->keys.mpkr, w->keys.mpk.key_len);
  } else {
    rc = mikey_ticket_check_initiator_data(&w->tv);
  }
  if (rc) {
    return rc;
  }
  if (kms->cb.authorize_resolve) {
    size_t nr = 0;
    for (size_t i = 0; i < pol->n_r && i < MIKEY_POLICY_MAX_IDS; i++) {
      w->ids[nr++] = mikey_ident_from_id(&pol->r[i]);
    }
    mikey_identity ini;
    mikey_kms_resolve_info ri;
    memset(&ri, 0, sizeof(ri));
    ri.profile = w->prof->kind;
    ri.responder = &resp;
    if (pol->present & MIKEY_POLICY_HAS_I) {
      ini = mikey_ident_from_id(&pol->idri);
      ri.initiator = &ini;
    }
    ri.responders = w->ids;
    ri.n_responders = nr;
    ri.flags = pol->flags;
    rc = kms->cb.authorize_resolve(kms->user_data, &ri);
    if (rc == MIKEY_CB_NO) {
      return MIKEY_E_NOT_AUTHORIZED;
    }
    if (rc != MIKEY_CB_OK) {
      return MIKEY_E_CALLBACK;
    }
  }
  const mikey_ticket_keys *keys = &w->keys;
  mikey_bytes randrkms = {NULL, 0};
  if (forking) {
    /* 5.1.1: fork MPKr and the TGKs with the modifier (IDRr, RANDRkms); D5: RANDRkms at
     * least as long as the longest MPKr/TGK */
    size_t rl = mikey_suite_rand_len(sum.max_len);
    rc = mikey_env_rand(&kms->env, w->rnd, rl);
    if (rc == 0) {
      randrkms = (mikey_bytes){w->rnd, rl};
      rc = mikey_fork_keys(&w->tctx, &w->keys, resp.data, resp.len, w->rnd, rl, &w->fk);
    }
    if (rc) {
      return rc;
    }
    keys = &w->fk;
  }
  rc = mikey_kms_keys_out(w, h->prf, h->csb_id, NULL, 0, randrr->rand.data,
                          randrr->rand.len);
  if (rc == 0) {
    rc = mikey_kms_seal(w, keys, forking, h->csb_id, now);
  }
  if (rc) {
    return rc;
  }
  /* RESOLVE_RESP = HDR, T, IDRkms, KEMAC, [IDRr], [RANDRkms], V (4.2.3.5) */
  mikey_msg *o = &w->out;
  mikey_role_resp_hdr(o, MIKEY_DT_RESOLVE_RESP, h);
  mikey_ts_set_now(&mikey_msg_add(o, MIKEY_PT_T)->u.t, now);
  mikey_ident_set_idr(mikey_msg_add(o, MIKEY_PT_IDR), MIKEY_ROLE_KMS, &kmsid);
  mikey_payload *p = mikey_msg_add(o, MIKEY_PT_KEMAC);
  p->u.kemac.encr_alg = w->ks_out.encr_alg;
  p->u.kemac.encr_data = (mikey_bytes){w->kemac, w->kemac_len};
  p->u.kemac.mac_alg = MIKEY_MAC_NULL;
  if (forking) {
    mikey_ident_set_idr(mikey_msg_add(o, MIKEY_PT_IDR), MIKEY_ROLE_R, &resp);
    p = mikey_msg_add(o, MIKEY_PT_RANDR);
    p->u.rand.role = MIKEY_RAND_KMS;
    p->u.rand.rand = randrkms;
  }
  return mikey_role_add_v(o, w->ks_out.mac_alg);
}
