/*
 * mikey_kms_request.c: the KMS side of the Ticket Request exchange (RFC 6043 4.2.1.4 and
 * 4.2.1.5; PROFILE.md section 2).
 *
 *   REQUEST_INIT_PSK = HDR, T, RANDRi, [IDRi], [IDRkms], TP, [IDRpsk], V
 *   REQUEST_RESP     = HDR, T, [IDRkms], TICKET, KEMAC, V
 *   KEMAC            = E(encr_key, MPKi || [MPKr] || {TEK|TGK|GTGK})   (NULL MAC)
 *
 * Order of the checks (the first failing one names the refusal): grammar; Ticket Policy
 * parse and the served profile it names (IDRapp); T within the profile's skew; the replay
 * cache (look-up only); the PSK; suite of the HDR PRF against the PSK; the V; RAND lengths
 * (D5); the desired policy against the profile (type, flags, TP Data, keys, IDRapp) and the
 * suite; the initiator's identity; authorization. Only then is randomness drawn and the
 * ticket issued. The replay cache is written by mikey_kms_finish() once the answer fits.
 */
#include <string.h>

#include "roles/mikey_kms_local.h"

/* ts_seconds sets |*t| to the NTP-UTC-32 timestamp of NTP time |ntp| (role |role|). */
static void ts_seconds(mikey_ts *t, uint8_t role, uint64_t ntp) {
  t->role = role;
  t->ts_type = MIKEY_TS_NTP_UTC_32;
  t->value = ntp >> 32;
}

/* grant_validity fixes TRs/TRe of the granted policy: TRs defaults to now, the period is cut
 * to the profile's lifetime (the KMS may change the policy: K flag, RFC 6043 6.10). A period
 * already over cannot be granted. Sets *changed. */
static int grant_validity(mikey_policy *g, const mikey_role_profile *prof, uint64_t now,
                          int *changed) {
  uint64_t start = now, end;
  if (g->present & MIKEY_POLICY_HAS_TRS) {
    if (mikey_ts_ntp64(&g->trs, &start)) {
      return MIKEY_E_POLICY;
    }
  } else {
    ts_seconds(&g->trs, MIKEY_TR_START, now);
    g->present |= MIKEY_POLICY_HAS_TRS;
    start = (now >> 32) << 32;
    *changed = 1;
  }
  uint64_t max_end = start + ((uint64_t)prof->lifetime << 32);
  if (!(g->present & MIKEY_POLICY_HAS_TRE) || mikey_ts_ntp64(&g->tre, &end) ||
      mikey_ntp_diff(end, max_end) > 0) {
    ts_seconds(&g->tre, MIKEY_TR_END, max_end);
    g->present |= MIKEY_POLICY_HAS_TRE;
    end = (max_end >> 32) << 32;
    *changed = 1;
  }
  if (mikey_ntp_diff(end, now) <= 0 || mikey_ntp_diff(end, start) < 0) {
    return MIKEY_E_POLICY;
  }
  return 0;
}

/* issue_keys draws the ticket's keys in one call to the randomness provider and fills
 * w->keys: the MPK (KV SPI chosen here, D7) and one session key per requested key (KV SPI =
 * the proposed KEK identifier, or one chosen here, D8). |*rand| receives the ticket RAND. */
static int issue_keys(const mikey_kms *kms, kms_work *w, size_t tpk_len, mikey_bytes *rand) {
  const mikey_policy *p = &w->pol;
  size_t mpk_len = MIKEY_SUITE_MIN_KEY;
  size_t need = 0;
  for (size_t i = 0; i < p->n_keys; i++) {
    if (p->keys[i].key_len > mpk_len) {
      mpk_len = p->keys[i].key_len;
    }
    size_t spi = p->keys[i].kv_type == MIKEY_KV_SPI ? 0 : MIKEY_KEK_ID_LEN;
    need += p->keys[i].key_len + p->keys[i].salt_len + spi;
  }
  if (p->n_keys == 0 || p->n_keys > MIKEY_TICKET_MAX_KEYS) {
    return MIKEY_E_POLICY;
  }
  /* D5: the ticket RAND at least as long as the longest of TPK and MPK */
  size_t rl = mikey_suite_rand_len(tpk_len > mpk_len ? tpk_len : mpk_len);
  need += mpk_len + MIKEY_KEK_ID_LEN + rl;
  if (need > sizeof(w->rnd)) {
    return MIKEY_E_LIMIT;
  }
  int rc = mikey_env_rand(&kms->env, w->rnd, need);
  if (rc) {
    return rc;
  }
  const uint8_t *r = w->rnd;
  rc = mikey_ticket_key_set(&w->keys.mpk, MIKEY_KEY_MPK, r, mpk_len, NULL, 0,
                            r + mpk_len, MIKEY_KEK_ID_LEN);
  if (rc) {
    return rc;
  }
  r += mpk_len + MIKEY_KEK_ID_LEN;
  *rand = (mikey_bytes){r, rl};
  r += rl;
  for (size_t i = 0; i < p->n_keys; i++) {
    const mikey_policy_key *k = &p->keys[i];
    const uint8_t *key = r, *salt = r + k->key_len, *spi = r + k->key_len + k->salt_len;
    size_t spi_len = MIKEY_KEK_ID_LEN;
    r += k->key_len + k->salt_len;
    if (k->kv_type == MIKEY_KV_SPI) {
      spi = k->spi.data; /* D8: the KMS keeps the KEK identifier the initiator proposed */
      spi_len = k->spi.len;
    } else {
      r += MIKEY_KEK_ID_LEN;
    }
    rc = mikey_ticket_key_set(&w->keys.key[i], k->type, key, k->key_len,
                              k->salt_len ? salt : NULL, k->salt_len, spi, spi_len);
    if (rc) {
      return rc;
    }
  }
  w->keys.n = p->n_keys;
  return 0;
}

/* build_ticket issues the ticket of the granted policy into w->ticket and returns its
 * payload in |*pl|. */
static int build_ticket(const mikey_kms *kms, kms_work *w, uint64_t now, mikey_payload *pl) {
  int rc = mikey_kms_own_tpk(kms, w);
  if (rc) {
    return rc;
  }
  mikey_bytes rand;
  rc = issue_keys(kms, w, mikey_key_len(kms->tpk), &rand);
  if (rc) {
    return rc;
  }
  mikey_id idrpsk = {MIKEY_ROLE_PSK, kms->tpk_id.type, {kms->tpk_id.data, kms->tpk_id.len}};
  mikey_ticket_params prm;
  memset(&prm, 0, sizeof(prm));
  prm.policy = &w->granted;
  prm.kms_id = kms->kms_id;
  prm.t.ts_type = MIKEY_TS_NTP_UTC;
  prm.t.value = now;
  prm.rand = rand;
  prm.idrpsk = kms->tpk_id.len ? &idrpsk : NULL;
  size_t need = 0;
  rc = mikey_ticket_build(&w->tctx, &w->tpk, &prm, &w->keys, NULL, 0, &need, NULL);
  if (rc != MIKEY_E_BUFFER_TOO_SMALL) {
    return rc ? rc : MIKEY_E_INTERNAL;
  }
  w->ticket = malloc(need);
  if (!w->ticket) {
    return MIKEY_E_NOMEM;
  }
  size_t len = 0;
  return mikey_ticket_build(&w->tctx, &w->tpk, &prm, &w->keys, w->ticket, need, &len, pl);
}


int mikey_kms_request(const mikey_kms *kms, kms_work *w, const uint8_t *in, size_t len,
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
  const mikey_payload *tp = mikey_msg_find(m, MIKEY_PT_TP, -1);
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  const mikey_payload *rp = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_I);
  const mikey_payload *ip = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_I);
  const mikey_payload *kp = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_KMS);
  const mikey_payload *pp = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_PSK);
  if (!tp || !tsp || !rp) {
    return MIKEY_E_MISSING_PAYLOAD;
  }
  rc = mikey_policy_from_tp(&w->pol, &tp->u.tp);
  if (rc) {
    return rc;
  }
  /* the application named by IDRapp chooses the profile (D9) */
  w->prof = mikey_kms_profile(kms, mikey_role_kind_of(&w->pol));
  if (!w->prof) {
    return MIKEY_E_APP;
  }
  rc = mikey_ts_fresh(&tsp->u.t, now, w->prof->clock_skew);
  if (rc) {
    return rc;
  }
  /* who asks: IDRi of the message, else of the desired policy */
  mikey_identity ini = {0, NULL, 0}, kmsid = mikey_ident_view(&kms->self), pskid;
  int has_ini = 0;
  if (ip) {
    ini = mikey_ident_from_id(&ip->u.id);
    has_ini = 1;
  } else if (w->pol.present & MIKEY_POLICY_HAS_I) {
    ini = mikey_ident_from_id(&w->pol.idri);
    has_ini = 1;
  }
  if (kp) {
    if (!mikey_ident_eq(&kmsid, &(mikey_identity){kp->u.id.type, kp->u.id.data.data,
                                                  kp->u.id.data.len})) {
      return MIKEY_E_IDENTITY; /* addressed to another KMS */
    }
  }
  const mikey_rand *randri = &rp->u.rand;
  mikey_replay_key(h->data_type, has_ini ? &ini : NULL, h->csb_id, randri->rand.data,
                   randri->rand.len, w->replay_key);
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
  rc = mikey_kms_psk(kms, w, h->data_type, has_ini ? &ini : NULL, pp ? &pskid : NULL);
  if (rc) {
    return rc;
  }
  rc = mikey_suite_check_prf(h->prf, w->psk_len);
  if (rc == 0) {
    rc = mikey_kms_keys_in(w, h->prf, h->csb_id, randri->rand.data, randri->rand.len, NULL,
                           0);
  }
  if (rc) {
    return rc;
  }
  /* Table 5.2: REQUEST_INIT || Identity_i || Identity_kms */
  mikey_cover c;
  rc = mikey_vmac_cover_init(m, has_ini ? &ini : NULL, &kmsid, &c);
  if (rc == 0) {
    rc = mikey_vmac_verify_ctx(&w->mac, m, h->prf, &c, &w->ks_in);
  }
  if (rc) {
    return rc;
  }
  w->ks_in_ok = 1;
  /* the desired policy against the profile, then D3/D4/D5 */
  const mikey_profile *tprof = mikey_role_ticket_profile(w->prof->kind);
  rc = mikey_policy_check(&w->pol, tprof, MIKEY_POLICY_REQUEST, NULL);
  if (rc) {
    return rc;
  }
  mikey_key_summary sum;
  mikey_policy_key_summary(&w->pol, &sum);
  rc = mikey_policy_check_suite(&w->pol, h->prf, sum.max_len);
  if (rc) {
    return rc;
  }
  size_t longest = sum.max_len > w->psk_len ? sum.max_len : w->psk_len;
  rc = mikey_suite_check_rand_pair(randri->rand.len, 0, longest);
  if (rc) {
    return rc;
  }
  /* the ticket names the authenticated requester: a TP IDRi must be the message's */
  if (ip && (w->pol.present & MIKEY_POLICY_HAS_I) &&
      !mikey_ident_eq_id(&ini, &w->pol.idri)) {
    return MIKEY_E_IDENTITY;
  }
  if (!has_ini) {
    return MIKEY_E_IDENTITY; /* nobody to write into the ticket */
  }
  size_t nr = 0;
  for (size_t i = 0; i < w->pol.n_r && i < MIKEY_POLICY_MAX_IDS; i++) {
    w->ids[nr++] = mikey_ident_from_id(&w->pol.r[i]);
  }
  if (kms->cb.authorize_request) {
    mikey_kms_request_info ri;
    memset(&ri, 0, sizeof(ri));
    ri.profile = w->prof->kind;
    ri.initiator = &ini;
    ri.responders = w->ids;
    ri.n_responders = nr;
    ri.flags = w->pol.flags;
    uint64_t v;
    if ((w->pol.present & MIKEY_POLICY_HAS_TRS) && mikey_ts_ntp64(&w->pol.trs, &v) == 0) {
      ri.valid_from = (uint32_t)(v >> 32);
    }
    if ((w->pol.present & MIKEY_POLICY_HAS_TRE) && mikey_ts_ntp64(&w->pol.tre, &v) == 0) {
      ri.valid_to = (uint32_t)(v >> 32);
    }
    rc = kms->cb.authorize_request(kms->user_data, &ri);
    if (rc == MIKEY_CB_NO) {
      return MIKEY_E_NOT_AUTHORIZED;
    }
    if (rc != MIKEY_CB_OK) {
      return MIKEY_E_CALLBACK;
    }
  }
  /* the granted policy: the desired one, with this KMS, the requester, a bounded validity */
  mikey_policy *g = &w->granted;
  *g = w->pol;
  int changed = 0;
  g->flags = (uint16_t)(g->flags & ~MIKEY_TP_K);
  g->present &= ~MIKEY_POLICY_HAS_KEMAC;
  g->n_keys = 0;
  if (!(g->present & MIKEY_POLICY_HAS_KMS) || !mikey_ident_eq_id(&kmsid, &g->kms)) {
    changed |= (g->present & MIKEY_POLICY_HAS_KMS) != 0;
    g->present |= MIKEY_POLICY_HAS_KMS;
    g->kms = (mikey_id){MIKEY_ROLE_KMS, kmsid.type, {kmsid.data, kmsid.len}};
  }
  if (!(g->present & MIKEY_POLICY_HAS_I)) {
    g->present |= MIKEY_POLICY_HAS_I;
    g->idri = (mikey_id){MIKEY_ROLE_I, ini.type, {ini.data, ini.len}};
  }
  rc = grant_validity(g, w->prof, now, &changed);
  if (rc) {
    return rc;
  }
  if (changed) {
    g->flags |= MIKEY_TP_K; /* K implies D: D is 1 in every profile */
  }
  mikey_payload tpl;
  rc = build_ticket(kms, w, now, &tpl);
  if (rc) {
    return rc;
  }
  rc = mikey_kms_keys_out(w, h->prf, h->csb_id, randri->rand.data, randri->rand.len, NULL,
                          0);
  if (rc == 0) {
    rc = mikey_kms_seal(w, &w->keys, (g->flags & MIKEY_TP_I) != 0, h->csb_id, now);
  }
  if (rc) {
    return rc;
  }
  /* REQUEST_RESP = HDR, T, IDRkms, TICKET, KEMAC, V (4.2.1.5) */
  mikey_msg *o = &w->out;
  mikey_role_resp_hdr(o, MIKEY_DT_REQUEST_RESP, h);
  mikey_ts_set_now(&mikey_msg_add(o, MIKEY_PT_T)->u.t, now);
  mikey_ident_set_idr(mikey_msg_add(o, MIKEY_PT_IDR), MIKEY_ROLE_KMS, &kmsid);
  mikey_payload *p = mikey_msg_add(o, MIKEY_PT_TICKET);
  *p = tpl;
  p = mikey_msg_add(o, MIKEY_PT_KEMAC);
  p->u.kemac.encr_alg = w->ks_out.encr_alg;
  p->u.kemac.encr_data = (mikey_bytes){w->kemac, w->kemac_len};
  p->u.kemac.mac_alg = MIKEY_MAC_NULL;
  return mikey_role_add_v(o, w->ks_out.mac_alg);
}
