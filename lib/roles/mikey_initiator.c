/*
 * mikey_initiator.c: the initiator engine: set-up and the Ticket Request exchange
 * (RFC 6043 4.2.1; PROFILE.md section 2).
 *
 *   REQUEST_INIT_PSK = HDR, T, RANDRi, IDRi, IDRkms, TP, IDRpsk, V
 *   REQUEST_RESP     = HDR, T, [IDRkms], TICKET, KEMAC, V
 *
 * The request's V: auth_key from the PSK (5.1.2, direction 0x01, RANDRi), coverage
 * REQUEST_INIT || Identity_i || Identity_kms. The response's V and KEMAC: keys from the PSK
 * with direction 0x02; the KEMAC's IV takes the response's own T (D1).
 */
#include <stdlib.h>
#include <string.h>

#include "roles/mikey_initiator_local.h"

int mikey_initiator_config_default_versioned(int version, mikey_initiator_config *cfg) {
  if (!cfg) {
    return MIKEY_E_INVAL;
  }
  if (version < 1 || version > MIKEY_INITIATOR_CONFIG_VERSION) {
    return MIKEY_E_UNSUPPORTED;
  }
  memset(cfg, 0, sizeof(*cfg));
  return mikey_role_profile_default(&cfg->profile, MIKEY_ROLE_PSKMIME);
}

/* drop_request wipes and forgets the pending request. */
static void drop_request(mikey_initiator *ini) {
  if (ini->req) {
    mikey_memzero(ini->req, ini->req_len);
    free(ini->req);
  }
  ini->req = NULL;
  ini->req_len = 0;
  ini->req_pending = 0;
  mikey_memzero(ini->req_randri, sizeof(ini->req_randri));
}

/* drop_ticket wipes and forgets the ticket and its keys (and any transfer using it). */
static void drop_ticket(mikey_initiator *ini) {
  mikey_initiator_drop_transfer(ini);
  free(ini->ticket);
  ini->ticket = NULL;
  ini->ticket_len = 0;
  mikey_key_free(ini->mpki);
  mikey_key_free(ini->mpkr);
  mikey_key_free(ini->tgk);
  ini->mpki = ini->mpkr = ini->tgk = NULL;
  ini->has_ticket = 0;
  ini->ticket_used = 0;
}

void mikey_initiator_free(mikey_initiator *ini) {
  if (!ini) {
    return;
  }
  drop_request(ini);
  drop_ticket(ini);
  mikey_party_free(&ini->party);
  mikey_memzero(ini, sizeof(*ini));
  free(ini);
}

int mikey_initiator_new_versioned(mikey_initiator **out, int version,
                                  const mikey_initiator_config *cfg) {
  if (!out) {
    return MIKEY_E_INVAL;
  }
  *out = NULL;
  if (!cfg) {
    return MIKEY_E_INVAL;
  }
  if (version < 1 || version > MIKEY_INITIATOR_CONFIG_VERSION) {
    return MIKEY_E_UNSUPPORTED;
  }
  int rc = mikey_party_check(&cfg->self, &cfg->kms, &cfg->psk_id, cfg->psk, cfg->psk_len);
  if (rc) {
    return rc;
  }
  rc = mikey_role_profile_check(&cfg->profile);
  if (rc) {
    return rc;
  }
  mikey_initiator *ini = calloc(1, sizeof(*ini));
  if (!ini) {
    return MIKEY_E_NOMEM;
  }
  ini->prof = cfg->profile;
  ini->env = cfg->env;
  rc = mikey_party_copy(&ini->party, &cfg->self, &cfg->kms, &cfg->psk_id, cfg->psk,
                        cfg->psk_len);
  if (rc) {
    mikey_initiator_free(ini);
    return rc;
  }
  *out = ini;
  return 0;
}

int mikey_initiator_has_ticket(const mikey_initiator *ini) {
  return ini && ini->has_ticket;
}

int mikey_initiator_ticket_info(const mikey_initiator *ini, mikey_ticket_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!ini || !info) {
    return MIKEY_E_INVAL;
  }
  if (!ini->has_ticket) {
    return MIKEY_E_STATE;
  }
  info->ticket_type = ini->ticket_type;
  info->flags = ini->flags;
  info->policy_changed = (ini->flags & MIKEY_TP_K) != 0;
  info->prf = ini->tp_prf;
  info->valid_from = ini->valid_from;
  info->valid_to = ini->valid_to;
  info->key_type = ini->key_type;
  info->key_len = mikey_key_len(ini->tgk);
  memcpy(info->kek_id, ini->kek_id, ini->kek_id_len);
  info->kek_id_len = ini->kek_id_len;
  return 0;
}

int mikey_initiator_env(const mikey_initiator *ini, mikey_env *env) {
  if (!ini || !env) {
    return MIKEY_E_INVAL;
  }
  *env = ini->env;
  return 0;
}

int mikey_initiator_profile_kind(const mikey_initiator *ini) {
  return ini ? ini->prof.kind : 0;
}

/* ts32 sets |*t| to an NTP-UTC-32 TR payload of role |role| for NTP seconds |secs|. */
static void ts32(mikey_ts *t, uint8_t role, uint32_t secs) {
  t->role = role;
  t->ts_type = MIKEY_TS_NTP_UTC_32;
  t->value = secs;
}

int mikey_initiator_request(mikey_initiator *ini, const mikey_ticket_request *req,
                            uint8_t *out, size_t cap, size_t *outlen) {
  if (!ini || !req || !outlen) {
    return MIKEY_E_INVAL;
  }
  *outlen = 0;
  if (!req->responders || req->n_responders == 0) {
    return MIKEY_E_INVAL;
  }
  if (req->n_responders > MIKEY_MAX_RESPONDERS) {
    return MIKEY_E_LIMIT;
  }
  for (size_t i = 0; i < req->n_responders; i++) {
    int rc = mikey_ident_check(&req->responders[i]);
    if (rc) {
      return rc;
    }
  }
  if (req->kek_id && (req->kek_id_len == 0 || req->kek_id_len > MIKEY_SPI_MAX)) {
    return MIKEY_E_INVAL;
  }
  const mikey_role_profile *prof = &ini->prof;
  uint64_t now = mikey_env_now(&ini->env);
  uint32_t lifetime = req->lifetime ? req->lifetime : prof->lifetime;
  /* D5: no RANDRr in the Ticket Request, so RANDRi alone covers the PSK and the keys */
  size_t psk_len = mikey_key_len(ini->party.psk);
  size_t rl = mikey_suite_rand_len(psk_len > prof->key_len ? psk_len : prof->key_len);
  /* one call to the randomness provider: CSB ID, RANDRi, [KEK id] */
  uint8_t rnd[4 + 255 + MIKEY_KEK_ID_LEN];
  size_t nrnd = 4 + rl + (req->kek_id ? 0 : MIKEY_KEK_ID_LEN);
  int rc = mikey_env_rand(&ini->env, rnd, nrnd);
  if (rc) {
    return rc;
  }
  uint32_t csb = (uint32_t)rnd[0] << 24 | (uint32_t)rnd[1] << 16 | (uint32_t)rnd[2] << 8 | rnd[3];
  const uint8_t *randri = rnd + 4;
  const uint8_t *kek_id = req->kek_id ? req->kek_id : rnd + 4 + rl;
  size_t kek_id_len = req->kek_id ? req->kek_id_len : MIKEY_KEK_ID_LEN;

  /* the desired Ticket Policy (D11): IDRkms, IDRi, TRs, TRe, [TRr], KEMAC, IDRapp, IDRr... */
  mikey_policy pol;
  rc = mikey_policy_init(&pol, mikey_role_ticket_profile(prof->kind));
  if (rc) {
    return rc;
  }
  pol.ticket_type = prof->ticket_type;
  (void)mikey_role_ticket_subtype(prof->ticket_type, &pol.subtype, &pol.version);
  pol.prf = prof->prf;
  pol.flags = mikey_role_desired_flags(prof);
  pol.present |= MIKEY_POLICY_HAS_KMS | MIKEY_POLICY_HAS_I | MIKEY_POLICY_HAS_TRS |
                 MIKEY_POLICY_HAS_TRE;
  pol.kms = (mikey_id){MIKEY_ROLE_KMS, ini->party.kms.type, {ini->party.kms.data, ini->party.kms.len}};
  pol.idri = (mikey_id){MIKEY_ROLE_I, ini->party.self.type, {ini->party.self.data, ini->party.self.len}};
  uint32_t start = (uint32_t)(now >> 32) + req->start_delay;
  ts32(&pol.trs, MIKEY_TR_START, start);
  ts32(&pol.tre, MIKEY_TR_END, start + lifetime);
  if (prof->kind == MIKEY_ROLE_IMS) {
    ts32(&pol.trr, MIKEY_TR_REKEY, req->rekey_interval ? req->rekey_interval : lifetime);
    pol.present |= MIKEY_POLICY_HAS_TRR;
  }
  rc = mikey_policy_add_key(&pol, mikey_role_key_type(prof), prof->key_len, 0, kek_id,
                            kek_id_len);
  for (size_t i = 0; rc == 0 && i < req->n_responders; i++) {
    rc = mikey_policy_add_responder(&pol, req->responders[i].type, req->responders[i].data,
                                    req->responders[i].len);
  }
  if (rc) {
    mikey_memzero(rnd, sizeof(rnd));
    return rc;
  }
  mikey_tp tp;
  size_t tplen = 0;
  rc = mikey_policy_encode(&pol, MIKEY_POLICY_REQUEST, NULL, 0, &tplen, &tp);
  if (rc != MIKEY_E_BUFFER_TOO_SMALL) {
    mikey_memzero(rnd, sizeof(rnd));
    return rc ? rc : MIKEY_E_INTERNAL;
  }
  uint8_t *tpd = malloc(tplen ? tplen : 1);
  mikey_msg *m = malloc(sizeof(*m));
  uint8_t *copy = NULL;
  if (!tpd || !m) {
    rc = MIKEY_E_NOMEM;
    goto done;
  }
  rc = mikey_policy_encode(&pol, MIKEY_POLICY_REQUEST, tpd, tplen, &tplen, &tp);
  if (rc) {
    goto done;
  }
  uint8_t encr_alg, mac_alg;
  rc = mikey_suite_algs(prof->prf, &encr_alg, &mac_alg);
  if (rc) {
    goto done;
  }
  mikey_identity self = mikey_ident_view(&ini->party.self), kms = mikey_ident_view(&ini->party.kms);
  mikey_identity pskid = mikey_ident_view(&ini->party.psk_id);
  /* HDR: V=1 (4.2.1.1, PROFILE.md section 2), #CS 0, Empty map */
  mikey_msg_init(m, MIKEY_DT_REQUEST_INIT_PSK);
  m->hdr.v = 1;
  m->hdr.prf = prof->prf;
  m->hdr.csb_id = csb;
  m->hdr.map_type = MIKEY_MAP_EMPTY;
  mikey_ts_set_now(&mikey_msg_add(m, MIKEY_PT_T)->u.t, now);
  mikey_payload *p = mikey_msg_add(m, MIKEY_PT_RANDR);
  p->u.rand.role = MIKEY_RAND_I;
  p->u.rand.rand = (mikey_bytes){randri, rl};
  mikey_ident_set_idr(mikey_msg_add(m, MIKEY_PT_IDR), MIKEY_ROLE_I, &self);
  mikey_ident_set_idr(mikey_msg_add(m, MIKEY_PT_IDR), MIKEY_ROLE_KMS, &kms);
  mikey_msg_add(m, MIKEY_PT_TP)->u.tp = tp;
  mikey_ident_set_idr(mikey_msg_add(m, MIKEY_PT_IDR), MIKEY_ROLE_PSK, &pskid);
  size_t need;
  rc = mikey_role_add_v(m, mac_alg);
  if (rc == 0) {
    rc = mikey_role_size(m, out, cap, outlen, &need);
  }
  if (rc) {
    goto done;
  }
  copy = malloc(need);
  if (!copy) {
    rc = MIKEY_E_NOMEM;
    goto done;
  }
  mikey_keyset ks;
  memset(&ks, 0, sizeof(ks));
  rc = mikey_msgkeys(prof->prf, mikey_key_data(ini->party.psk), psk_len, csb, MIKEY_KDF_INITIAL,
                     randri, rl, NULL, 0, &ks);
  if (rc == 0) {
    /* Table 5.2: REQUEST_INIT || Identity_i || Identity_kms */
    rc = mikey_role_seal_init(m, out, cap, outlen, need, &self, &kms, &ks);
  }
  mikey_keyset_clear(&ks);
  if (rc) {
    goto done;
  }
  /* the request becomes the pending one */
  drop_request(ini);
  memcpy(copy, out, *outlen);
  ini->req = copy;
  ini->req_len = *outlen;
  copy = NULL;
  ini->req_hdr = m->hdr;
  memcpy(ini->req_randri, randri, rl);
  ini->req_randri_len = rl;
  ini->req_pending = 1;
done:
  free(copy);
  free(tpd);
  free(m);
  mikey_memzero(rnd, sizeof(rnd));
  return rc;
}

/* take_keys stores the keys of a REQUEST_RESP KEMAC (4.2.1.5: MPKi || [MPKr] || key) on
 * |ini|, after checking their number, types and lengths against the granted flags. */
static int take_keys(mikey_initiator *ini, const mikey_keydata_list *kl, uint16_t flags) {
  int forking = (flags & MIKEY_TP_I) != 0;
  size_t want = forking ? 3 : 2;
  if (kl->n != want || kl->kd[0].type != MIKEY_KEY_MPK ||
      (forking && kl->kd[1].type != MIKEY_KEY_MPK)) {
    return MIKEY_E_BAD_VALUE;
  }
  const mikey_keydata *key = &kl->kd[want - 1];
  if (key->type != MIKEY_KEY_TGK && key->type != MIKEY_KEY_GTGK) {
    return MIKEY_E_BAD_VALUE;
  }
  size_t mpk_len = kl->kd[0].key.len;
  if (mpk_len < MIKEY_SUITE_MIN_KEY || mpk_len > MIKEY_PRF_MAX_INKEY ||
      (forking && kl->kd[1].key.len != mpk_len) || (key->key.len != 16 && key->key.len != 32)) {
    return MIKEY_E_KEY_LENGTH;
  }
  if (key->kv.type != MIKEY_KV_SPI || key->kv.spi.len == 0) {
    return MIKEY_E_BAD_VALUE; /* D8: the key's SPI is the KEK identifier */
  }
  mikey_key *mpki = NULL, *mpkr = NULL, *tgk = NULL;
  int rc = mikey_key_new(&mpki, kl->kd[0].key.data, mpk_len);
  if (rc == 0 && forking) {
    rc = mikey_key_new(&mpkr, kl->kd[1].key.data, mpk_len);
  }
  if (rc == 0) {
    rc = mikey_key_new(&tgk, key->key.data, key->key.len);
  }
  if (rc) {
    mikey_key_free(mpki);
    mikey_key_free(mpkr);
    mikey_key_free(tgk);
    return rc;
  }
  ini->mpki = mpki;
  ini->mpkr = mpkr;
  ini->tgk = tgk;
  ini->key_type = key->type;
  memcpy(ini->kek_id, key->kv.spi.data, key->kv.spi.len);
  ini->kek_id_len = key->kv.spi.len;
  return 0;
}

/* Scratch of mikey_initiator_on_request_resp (on the heap: some 15 KiB). */
typedef struct resp_work {
  mikey_msg m;
  mikey_ticket_view tv;
  mikey_keydata_list kl;
  uint8_t plain[MIKEY_KEMAC_PLAIN_MAX];
  mikey_keyset ks;
} resp_work;

int mikey_initiator_on_request_resp(mikey_initiator *ini, const uint8_t *in, size_t len,
                                    mikey_ticket_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!ini || !in) {
    return MIKEY_E_INVAL;
  }
  if (!ini->req_pending) {
    return MIKEY_E_NO_PENDING;
  }
  resp_work *w = malloc(sizeof(*w));
  if (!w) {
    return MIKEY_E_NOMEM;
  }
  memset(&w->ks, 0, sizeof(w->ks));
  const mikey_role_profile *prof = &ini->prof;
  const mikey_hdr *rq = &ini->req_hdr;
  mikey_msg *m = &w->m;
  uint8_t *ticket = NULL;
  int rc = mikey_msg_decode(m, in, len);
  if (rc) {
    goto done;
  }
  if (m->hdr.csb_id != rq->csb_id) {
    rc = MIKEY_E_NO_PENDING; /* an answer to some other request */
    goto done;
  }
  const uint8_t *randri = ini->req_randri;
  size_t rl = ini->req_randri_len;
  const uint8_t *psk = mikey_key_data(ini->party.psk);
  size_t psk_len = mikey_key_len(ini->party.psk);
  if (m->hdr.data_type == MIKEY_DT_ERROR) {
    /* 5.4: the Error message's V uses the auth_key of the request */
    rc = mikey_msgkeys(rq->prf, psk, psk_len, rq->csb_id, MIKEY_KDF_INITIAL, randri, rl, NULL,
                       0, &w->ks);
    if (rc == 0) {
      uint8_t no;
      int authd;
      rc = mikey_errmsg_check(m, rq, &w->ks, &no, &authd);
      if (rc == MIKEY_E_PEER_ERROR) {
        if (info) {
          info->peer_error = no;
          info->peer_error_authenticated = authd;
        }
        if (authd) {
          drop_request(ini);
        }
      }
    }
    goto done;
  }
  /* 4.2.1.5: version, PRF func, CSB ID, #CS and CS ID map type identical to the request */
  if (m->hdr.data_type != MIKEY_DT_REQUEST_RESP || m->hdr.version != rq->version ||
      m->hdr.prf != rq->prf || m->hdr.n_cs != rq->n_cs || m->hdr.map_type != rq->map_type) {
    rc = MIKEY_E_MISMATCH;
    goto done;
  }
  rc = mikey_msg_validate(m, prof->kind == MIKEY_ROLE_PSKMIME ? MIKEY_VALIDATE_PSKMIME : 0);
  if (rc) {
    goto done;
  }
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  const mikey_payload *kp = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_KMS);
  const mikey_payload *tk = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
  const mikey_payload *kem = mikey_msg_find(m, MIKEY_PT_KEMAC, -1);
  if (!tsp || !tk || !kem) {
    rc = MIKEY_E_MISSING_PAYLOAD;
    goto done;
  }
  rc = mikey_ts_fresh(&tsp->u.t, mikey_env_now(&ini->env), prof->clock_skew);
  if (rc) {
    goto done;
  }
  rc = mikey_msgkeys(rq->prf, psk, psk_len, rq->csb_id, MIKEY_KDF_RESPONSE, randri, rl, NULL, 0,
                     &w->ks);
  if (rc) {
    goto done;
  }
  /* Table 5.2: REQUEST_RESP || REQUEST_INIT */
  mikey_cover c;
  rc = mikey_vmac_cover_resp(m, ini->req, ini->req_len, &c);
  if (rc == 0) {
    rc = mikey_vmac_verify(m, rq->prf, &c, &w->ks);
  }
  if (rc) {
    goto done;
  }
  mikey_identity kmsid = mikey_ident_view(&ini->party.kms);
  if (kp && !mikey_ident_eq_id(&kmsid, &kp->u.id)) {
    rc = MIKEY_E_IDENTITY;
    goto done;
  }
  uint64_t t;
  (void)mikey_ts_ntp64(&tsp->u.t, &t);
  /* D1: the T of the message that carries the KEMAC goes into the IV */
  rc = mikey_kemac_open(NULL, &w->ks, rq->csb_id, t, &kem->u.kemac, w->plain, sizeof(w->plain),
                        &w->kl);
  if (rc) {
    goto done;
  }
  /* keep the TICKET payload as received; its Next Payload byte is not covered (A.1) */
  ticket = malloc(tk->len);
  if (!ticket) {
    rc = MIKEY_E_NOMEM;
    goto done;
  }
  memcpy(ticket, in + tk->offset, tk->len);
  ticket[0] = MIKEY_PT_LAST;
  rc = mikey_ticket_parse_payload(&w->tv, ticket, tk->len);
  if (rc) {
    goto done;
  }
  const mikey_policy *pol = &w->tv.policy;
  /* 4.2.1.6: "the Initiator MUST check that the granted Ticket Policy is acceptable" */
  const mikey_keydata *key = w->kl.n ? &w->kl.kd[w->kl.n - 1] : NULL;
  mikey_key_summary sum = {0, 0, 0};
  if (key && key->type < 16) {
    sum.types = 1u << key->type;
    sum.n = 1;
    sum.max_len = key->key.len > w->kl.kd[0].key.len ? key->key.len : w->kl.kd[0].key.len;
  }
  rc = mikey_role_check_policy(prof, pol, &sum);
  if (rc == 0) {
    rc = mikey_policy_check_suite(pol, rq->prf, sum.max_len);
  }
  if (rc) {
    goto done;
  }
  mikey_identity self = mikey_ident_view(&ini->party.self);
  if ((pol->present & MIKEY_POLICY_HAS_I) && !mikey_ident_eq_id(&self, &pol->idri)) {
    rc = MIKEY_E_IDENTITY; /* a ticket naming someone else */
    goto done;
  }
  /* accepted: the new ticket replaces the old one */
  drop_ticket(ini);
  rc = take_keys(ini, &w->kl, pol->flags);
  if (rc) {
    goto done;
  }
  ini->ticket = ticket;
  ini->ticket_len = tk->len;
  ticket = NULL;
  ini->ticket_type = pol->ticket_type;
  ini->flags = pol->flags;
  ini->tp_prf = pol->prf;
  ini->valid_from = ini->valid_to = 0;
  ini->valid_to64 = 0;
  uint64_t v;
  if ((pol->present & MIKEY_POLICY_HAS_TRS) && mikey_ts_ntp64(&pol->trs, &v) == 0) {
    ini->valid_from = (uint32_t)(v >> 32);
  }
  if ((pol->present & MIKEY_POLICY_HAS_TRE) && mikey_ts_ntp64(&pol->tre, &v) == 0) {
    ini->valid_to = (uint32_t)(v >> 32);
    ini->valid_to64 = v;
  }
  ini->has_ticket = 1;
  if (info) {
    rc = mikey_initiator_ticket_info(ini, info); /* one description of the ticket: 0 here */
  }
  drop_request(ini);
done:
  free(ticket);
  mikey_keyset_clear(&w->ks);
  mikey_memzero(w, sizeof(*w));
  free(w);
  return rc;
}
