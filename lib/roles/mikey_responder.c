/*
 * mikey_responder.c: the responder engine (RFC 6043 4.2.2.2, 4.2.2.3, 4.2.3; PROFILE.md
 * sections 4-6; TS 33.328 Annex I.3).
 *
 *   TRANSFER_INIT    = HDR, T, RANDRi, [IDRi], [IDRr], {SP}, TICKET, [EXT], V   (received)
 *   RESOLVE_INIT_PSK = HDR, T, RANDRr, IDRr, IDRkms, TICKET, IDRpsk, V          (sent)
 *   RESOLVE_RESP     = HDR, T, [IDRkms], KEMAC, [IDRr], [RANDRkms], V          (received)
 *   TRANSFER_RESP    = HDR, T, [RANDRr], [IDRr], [RANDRkms], V                 (sent, F=1)
 *
 * "the Responder cannot check the authenticity of the message before the ticket is
 * resolved" (4.2.2): mikey_responder_on_transfer_init() only rejects early what it can judge
 * from the Ticket Policy and its own security policy, keeps a copy of the TRANSFER_INIT, and
 * asks the KMS. mikey_responder_on_resolve_resp() then verifies the KMS's answer, and with
 * the MPKi from it the held TRANSFER_INIT (and Vi, D14), derives the keys and records the
 * TRANSFER_INIT in the replay cache; only then are keys released, each once unless the
 * profile allows KEK reuse (Annex I.3).
 *
 * Exchanges live in a fixed array of slots named by the CSB ID of their RESOLVE_INIT (the
 * RESOLVE_RESP repeats it). A refusal found before the RESOLVE_RESP's V verified leaves the
 * exchange pending (anyone can send bytes); one found after ends it.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "roles/mikey_responder_local.h"

static void slot_clear(rslot *s) {
  if (s->ti) {
    mikey_memzero(s->ti, s->ti_len);
  }
  free(s->ti);
  free(s->ri);
  free(s->tresp);
  free(s->upd);
  if (s->keys) {
    mikey_memzero(s->keys, s->n_cs * s->key_len);
    free(s->keys);
  }
  mikey_ident_free(&s->mod_id);
  mikey_ident_free(&s->ini_id);
  free(s->info);
  mikey_memzero(s, sizeof(*s));
}

int mikey_responder_config_default_versioned(int version, mikey_responder_config *cfg) {
  if (!cfg) {
    return MIKEY_E_INVAL;
  }
  if (version < 1 || version > MIKEY_RESPONDER_CONFIG_VERSION) {
    return MIKEY_E_UNSUPPORTED;
  }
  /* a caller built against version 1 has a struct that ends before reuse_capacity */
  memset(cfg, 0, version >= 2 ? sizeof(*cfg) : offsetof(mikey_responder_config, reuse_capacity));
  return mikey_role_profile_default(&cfg->profile, MIKEY_ROLE_PSKMIME);
}

void mikey_responder_free(mikey_responder *r) {
  if (!r) {
    return;
  }
  for (size_t i = 0; r->slots && i < r->nslots; i++) {
    slot_clear(&r->slots[i]);
  }
  free(r->slots);
  mikey_reuse_clear(&r->reuse);
  mikey_party_free(&r->party);
  mikey_replay_cache_free(r->own_cache);
  mikey_memzero(r, sizeof(*r));
  free(r);
}

int mikey_responder_new_versioned(mikey_responder **out, int version,
                                  const mikey_responder_config *cfg) {
  if (!out) {
    return MIKEY_E_INVAL;
  }
  *out = NULL;
  if (!cfg) {
    return MIKEY_E_INVAL;
  }
  if (version < 1 || version > MIKEY_RESPONDER_CONFIG_VERSION) {
    return MIKEY_E_UNSUPPORTED;
  }
  int rc = mikey_party_check(&cfg->self, &cfg->kms, &cfg->psk_id, cfg->psk, cfg->psk_len);
  if (rc) {
    return rc;
  }
  size_t reuse = version >= 2 ? cfg->reuse_capacity : 0;
  if (cfg->max_exchanges > RESP_MAX_LIMIT || reuse > MIKEY_REUSE_CAPACITY_MAX) {
    return MIKEY_E_LIMIT;
  }
  rc = mikey_role_profile_check(&cfg->profile);
  if (rc) {
    return rc;
  }
  if (cfg->replay && !cfg->replay->check_insert) {
    return MIKEY_E_INVAL;
  }
  mikey_responder *r = calloc(1, sizeof(*r));
  if (!r) {
    return MIKEY_E_NOMEM;
  }
  r->prof = cfg->profile;
  r->env = cfg->env;
  r->accept = cfg->accept;
  r->user_data = cfg->user_data;
  r->nslots = cfg->max_exchanges ? cfg->max_exchanges : RESP_MAX_DEFAULT;
  r->slots = calloc(r->nslots, sizeof(rslot));
  rc = r->slots ? 0 : MIKEY_E_NOMEM;
  if (rc == 0) {
    rc = mikey_party_copy(&r->party, &cfg->self, &cfg->kms, &cfg->psk_id, cfg->psk,
                          cfg->psk_len);
  }
  if (rc == 0) {
    rc = mikey_reuse_init(&r->reuse, reuse);
  }
  if (rc == 0) {
    if (cfg->replay) {
      r->replay = *cfg->replay;
    } else {
      rc = mikey_replay_cache_new(&r->own_cache, cfg->replay_capacity ? cfg->replay_capacity
                                                                      : RESP_REPLAY_DEFAULT);
      if (rc == 0) {
        rc = mikey_replay_cache_ops(r->own_cache, &r->replay);
      }
    }
  }
  if (rc) {
    mikey_responder_free(r);
    return rc;
  }
  *out = r;
  return 0;
}

rslot *mikey_responder_find(mikey_responder *r, uint32_t xid, int state) {
  for (size_t i = 0; i < r->nslots; i++) {
    rslot *s = &r->slots[i];
    if (s->state != SLOT_FREE && s->xid == xid && (state < 0 || s->state == state)) {
      return s;
    }
  }
  return NULL;
}

rslot *mikey_responder_find_ti(mikey_responder *r, uint32_t csb) {
  for (size_t i = 0; i < r->nslots; i++) {
    rslot *s = &r->slots[i];
    if (s->state == SLOT_ACCEPTED && s->upd_ok && s->ti_csb == csb) {
      return s;
    }
  }
  return NULL;
}

/* new_slot returns a free slot, dropping the oldest exchange when none is free. */
static rslot *new_slot(mikey_responder *r) {
  rslot *old = &r->slots[0];
  for (size_t i = 0; i < r->nslots; i++) {
    if (r->slots[i].state == SLOT_FREE) {
      return &r->slots[i];
    }
    if (r->slots[i].seq < old->seq) {
      old = &r->slots[i];
    }
  }
  slot_clear(old);
  return old;
}

/* find_poo returns the proof-of-origin extension of |m| (General Extension of the profile's
 * type, PROFILE.md section 6), or NULL. */
static const mikey_payload *find_poo(const mikey_responder *r, const mikey_msg *m) {
  for (size_t i = 0; i < m->n; i++) {
    if (m->pl[i].type == MIKEY_PT_GEXT && m->pl[i].u.gext.type == r->prof.poo_ext_type) {
      return &m->pl[i];
    }
  }
  return NULL;
}

/* initiator_of returns the identity the TRANSFER_INIT names as its sender: its IDRi, else the
 * IDRi of the ticket's policy. */
static int initiator_of(const mikey_msg *m, const mikey_policy *pol, mikey_identity *out) {
  const mikey_payload *ip = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_I);
  if (ip) {
    *out = mikey_ident_from_id(&ip->u.id);
    return 1;
  }
  if (pol->present & MIKEY_POLICY_HAS_I) {
    *out = mikey_ident_from_id(&pol->idri);
    return 1;
  }
  return 0;
}

/* check_transfer_init applies the early checks of 4.2.2.2 to w->m (a decoded TRANSFER_INIT
 * at |in|) and parses its ticket into w->tv. */
static int check_transfer_init(mikey_responder *r, rwork *w, const uint8_t *in, size_t len,
                               uint64_t now) {
  const mikey_role_profile *prof = &r->prof;
  mikey_msg *m = &w->m;
  if (m->hdr.data_type != MIKEY_DT_TRANSFER_INIT) {
    return MIKEY_E_BAD_DATA_TYPE;
  }
  /* RFC 6043 grammar first; the profile's own grammar once the ticket names the profile */
  int rc = mikey_msg_validate(m, 0);
  if (rc) {
    return rc;
  }
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  const mikey_payload *rp = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_I);
  const mikey_payload *tk = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
  const mikey_payload *rid = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_R);
  const mikey_v *v = mikey_vmac_last_v(m);
  if (!tsp || !rp || !tk || !v) {
    return MIKEY_E_MISSING_PAYLOAD;
  }
  rc = mikey_ts_fresh(&tsp->u.t, now, prof->clock_skew);
  if (rc) {
    return rc;
  }
  rc = mikey_ticket_parse(&w->tv, in, len, tk);
  if (rc) {
    return rc;
  }
  const mikey_policy *pol = &w->tv.policy;
  if (mikey_role_kind_of(pol) != prof->kind) {
    return MIKEY_E_APP; /* D9: a PSK/MIME responder resolves PSK/MIME tickets only */
  }
  if (prof->kind == MIKEY_ROLE_PSKMIME) {
    rc = mikey_msg_validate(m, MIKEY_VALIDATE_PSKMIME);
    if (rc) {
      return rc;
    }
  }
  rc = mikey_role_check_policy(prof, pol, NULL);
  if (rc) {
    return rc;
  }
  /* D3: the HDR and the Ticket Policy of one suite, its V of that suite too */
  rc = mikey_policy_check_suite(pol, m->hdr.prf, MIKEY_SUITE_MIN_KEY);
  if (rc == 0) {
    rc = mikey_suite_check_prf(m->hdr.prf, mikey_key_len(r->party.psk));
  }
  if (rc == 0) {
    rc = mikey_suite_check_mac(m->hdr.prf, v->alg, 0);
  }
  if (rc) {
    return rc;
  }
  rc = mikey_policy_check_time(pol, now, prof->clock_skew);
  if (rc) {
    return rc;
  }
  mikey_identity self = mikey_ident_view(&r->party.self);
  mikey_id me = {MIKEY_ROLE_R, self.type, {self.data, self.len}};
  rc = mikey_policy_check_responder(pol, &me);
  if (rc) {
    return rc;
  }
  if (rid && !mikey_ident_eq_id(&self, &rid->u.id)) {
    return MIKEY_E_IDENTITY; /* addressed to another responder */
  }
  mikey_identity ini;
  const mikey_payload *ip = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_I);
  if (ip && (pol->present & MIKEY_POLICY_HAS_I) &&
      !mikey_ident_eq_id(&(mikey_identity){ip->u.id.type, ip->u.id.data.data, ip->u.id.data.len},
                         &pol->idri)) {
    return MIKEY_E_IDENTITY; /* the sender is not who requested the ticket */
  }
  if (!initiator_of(m, pol, &ini)) {
    return MIKEY_E_IDENTITY;
  }
  rc = mikey_ticket_check_initiator_data(&w->tv);
  if (rc) {
    return rc;
  }
  if (mikey_msg_find(m, MIKEY_PT_KEMAC, -1)) {
    /* initiator-supplied keys (4.2.2.1): refused when L=0 ("SHALL NOT be included"); with
     * L=1 not run by this engine (the profiles fix L=0, TS 33.328 D.4) */
    return (pol->flags & MIKEY_TP_L) ? MIKEY_E_UNSUPPORTED : MIKEY_E_POLICY;
  }
  /* the crypto sessions: PSK/MIME has exactly one (section 4) */
  rc = mikey_role_check_cs_map(&m->hdr);
  if (rc) {
    return rc;
  }
  if (prof->kind == MIKEY_ROLE_PSKMIME) {
    const mikey_cs *cs = &m->hdr.cs[0];
    if (m->hdr.n_cs != 1 || cs->prot_type != prof->prot_type || cs->s != 0 ||
        cs->policies.len != 0 || cs->session_data.len != 0 || cs->spi.len == 0) {
      return MIKEY_E_POLICY;
    }
  }
  if (rp->u.rand.rand.len < MIKEY_SUITE_MIN_KEY) {
    return MIKEY_E_RAND_SHORT; /* D5; checked against the real keys after the resolve */
  }
  const mikey_payload *poo = find_poo(r, m);
  if (poo) {
    if (!(pol->flags & MIKEY_TP_I)) {
      return MIKEY_E_POLICY; /* proof-of-origin without Initiator Data proves nothing */
    }
    if (poo->u.gext.data.len == 0 || poo->u.gext.data.len > MIKEY_POO_MAX) {
      return MIKEY_E_BAD_LENGTH;
    }
  } else if (prof->kind == MIKEY_ROLE_PSKMIME && prof->proof_of_origin) {
    return MIKEY_E_POLICY;
  }
  if (r->accept) {
    size_t nr = 0;
    for (size_t i = 0; i < pol->n_r && i < MIKEY_POLICY_MAX_IDS; i++) {
      w->ids[nr++] = mikey_ident_from_id(&pol->r[i]);
    }
    mikey_transfer_offer off;
    memset(&off, 0, sizeof(off));
    off.initiator = ip ? &ini : NULL;
    off.responders = w->ids;
    off.n_responders = nr;
    off.flags = pol->flags;
    off.ticket_type = pol->ticket_type;
    off.has_poo = poo != NULL;
    rc = r->accept(r->user_data, &off);
    if (rc == MIKEY_CB_NO) {
      return MIKEY_E_POLICY;
    }
    if (rc != MIKEY_CB_OK) {
      return MIKEY_E_CALLBACK;
    }
  }
  return 0;
}

/* transfer_replay_key computes the replay key of the TRANSFER_INIT w->m and its expiry. */
static void transfer_replay_key(const mikey_responder *r, const mikey_msg *m,
                                const mikey_policy *pol, uint8_t *key, uint64_t *expiry) {
  mikey_identity ini;
  int has = initiator_of(m, pol, &ini);
  const mikey_payload *rp = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_I);
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  mikey_replay_key(MIKEY_DT_TRANSFER_INIT, has ? &ini : NULL, m->hdr.csb_id,
                   rp ? rp->u.rand.rand.data : NULL, rp ? rp->u.rand.rand.len : 0, key);
  uint64_t t = 0;
  if (tsp) {
    (void)mikey_ts_ntp64(&tsp->u.t, &t);
  }
  *expiry = t + ((uint64_t)r->prof.clock_skew << 32);
}

/* intake_transfer_init decodes the TRANSFER_INIT |in| into w->m and runs every check
 * mikey_responder_on_transfer_init() makes before it writes anything: grammar, the early
 * checks of 4.2.2.2 (check_transfer_init) and the replay look-up. Shared with
 * mikey_responder_resume(), which must accept exactly what the responder would. */
static int intake_transfer_init(mikey_responder *r, rwork *w, const uint8_t *in, size_t len,
                                uint64_t now) {
  int rc = mikey_msg_decode(&w->m, in, len);
  if (rc == 0) {
    rc = check_transfer_init(r, w, in, len, now);
  }
  if (rc == 0 && !r->prof.kek_reuse) {
    /* 4.2.2.2 / Annex I.3: a TRANSFER_INIT is accepted once; look up now, record later */
    uint8_t key[MIKEY_REPLAY_KEY_LEN];
    uint64_t expiry;
    transfer_replay_key(r, &w->m, &w->tv.policy, key, &expiry);
    rc = mikey_replay_lookup(&r->replay, key, now);
  }
  return rc;
}

/* The shape of the RESOLVE_INIT_PSK that resolves the TRANSFER_INIT w->m. */
typedef struct ri_plan {
  uint8_t prf;     /* the TRANSFER_INIT's suite (D3) */
  uint8_t mac_alg; /* V of that suite */
  size_t rl;       /* RANDRr of the RESOLVE_INIT (D5: at least the longest key) */
  size_t trl;      /* RANDRr of the TRANSFER_RESP when G=1, else 0 */
} ri_plan;

static int plan_resolve_init(const mikey_responder *r, const rwork *w, ri_plan *p) {
  size_t psk_len = mikey_key_len(r->party.psk);
  p->prf = w->m.hdr.prf;
  p->rl = mikey_suite_rand_len(psk_len > r->prof.key_len ? psk_len : r->prof.key_len);
  p->trl = (w->tv.policy.flags & MIKEY_TP_G) ? mikey_suite_rand_len(r->prof.key_len) : 0;
  if (p->rl > RESP_RAND_MAX || p->trl > RESP_RAND_MAX) {
    return MIKEY_E_LIMIT;
  }
  uint8_t encr_alg;
  return mikey_suite_algs(p->prf, &encr_alg, &p->mac_alg);
}

/* build_resolve_init fills w->o with the RESOLVE_INIT_PSK of PROFILE.md section 5 for the
 * TRANSFER_INIT w->m: HDR (CSB ID |csb|, #CS 0, Empty map, V=1), T |t|, RANDRr (|randrr|,
 * p->rl bytes, read when encoding), IDRr, IDRkms, TICKET, IDRpsk, V (zero MAC). Returns 0 or
 * mikey_role_add_v's refusal. */
static int build_resolve_init(const mikey_responder *r, rwork *w, const ri_plan *pl,
                               uint32_t csb, const mikey_ts *t, const uint8_t *randrr) {
  mikey_identity self = mikey_ident_view(&r->party.self), kms = mikey_ident_view(&r->party.kms);
  mikey_identity pskid = mikey_ident_view(&r->party.psk_id);
  mikey_msg *o = &w->o;
  mikey_msg_init(o, MIKEY_DT_RESOLVE_INIT_PSK);
  o->hdr.v = 1;
  o->hdr.prf = pl->prf;
  o->hdr.csb_id = csb;
  o->hdr.map_type = MIKEY_MAP_EMPTY;
  mikey_msg_add(o, MIKEY_PT_T)->u.t = *t;
  mikey_payload *p = mikey_msg_add(o, MIKEY_PT_RANDR);
  p->u.rand.role = MIKEY_RAND_R;
  p->u.rand.rand = (mikey_bytes){randrr, pl->rl};
  mikey_ident_set_idr(mikey_msg_add(o, MIKEY_PT_IDR), MIKEY_ROLE_R, &self);
  mikey_ident_set_idr(mikey_msg_add(o, MIKEY_PT_IDR), MIKEY_ROLE_KMS, &kms);
  /* the TICKET exactly as received, Initiator Data included (the KMS checks Vr) */
  p = mikey_msg_add(o, MIKEY_PT_TICKET);
  p->u.ticket = mikey_msg_find(&w->m, MIKEY_PT_TICKET, -1)->u.ticket;
  mikey_ident_set_idr(mikey_msg_add(o, MIKEY_PT_IDR), MIKEY_ROLE_PSK, &pskid);
  return mikey_role_add_v(o, pl->mac_alg);
}

/* resolve_init_keys derives the keys of the RESOLVE_INIT with CSB ID |csb| and RANDRr
 * |randrr| (PSKr, direction 0x01, 5.1.2) into w->ks. */
static int resolve_init_keys(const mikey_responder *r, rwork *w, const ri_plan *pl, uint32_t csb,
                             const uint8_t *randrr) {
  return mikey_msgkeys(pl->prf, mikey_key_data(r->party.psk), mikey_key_len(r->party.psk), csb,
                       MIKEY_KDF_INITIAL, NULL, 0, randrr, pl->rl, &w->ks);
}

/* store_pending makes the exchange |csb| pending with the TRANSFER_INIT |ti| and the
 * RESOLVE_INIT |ri| (both heap copies, owned from now on) and the RANDs of |pl|. */
static void store_pending(mikey_responder *r, const ri_plan *pl, uint32_t csb, uint8_t *ti,
                          size_t ti_len, uint8_t *ri, size_t ri_len, const uint8_t *randrr,
                          const uint8_t *trr) {
  /* a CSB ID already naming an exchange would make the answer ambiguous: drop the old one */
  rslot *s = mikey_responder_find(r, csb, -1);
  if (s) {
    slot_clear(s);
  } else {
    s = new_slot(r);
  }
  s->state = SLOT_PENDING;
  s->seq = ++r->seq;
  s->xid = csb;
  s->ti = ti;
  s->ti_len = ti_len;
  s->ri = ri;
  s->ri_len = ri_len;
  s->ri_prf = pl->prf;
  memcpy(s->randrr, randrr, pl->rl);
  s->randrr_len = pl->rl;
  memcpy(s->trr, trr, pl->trl);
  s->trr_len = pl->trl;
}

static int try_reuse(mikey_responder *r, rwork *w, const uint8_t *in, size_t len, uint64_t now,
                     uint32_t *xid);

int mikey_responder_on_transfer_init(mikey_responder *r, const uint8_t *in, size_t len,
                                     uint8_t *out, size_t cap, size_t *outlen, uint32_t *xid) {
  if (!r || !in || !outlen || !xid) {
    return MIKEY_E_INVAL;
  }
  *outlen = 0;
  *xid = 0;
  rwork *w = malloc(sizeof(*w));
  if (!w) {
    return MIKEY_E_NOMEM;
  }
  memset(&w->ks, 0, sizeof(w->ks));
  uint8_t *ti = NULL, *ri = NULL;
  uint8_t rnd[4 + 2 * RESP_RAND_MAX];
  uint64_t now = mikey_env_now(&r->env);
  ri_plan pl;
  int rc = intake_transfer_init(r, w, in, len, now);
  if (rc == 0 && r->reuse.n) {
    /* 5.3: a ticket resolved before needs no resolve; nothing is written */
    rc = try_reuse(r, w, in, len, now, xid);
    if (rc <= 0) {
      goto done;
    }
    rc = 0;
  }
  if (rc == 0) {
    rc = plan_resolve_init(r, w, &pl);
  }
  if (rc) {
    goto done;
  }
  /* RESOLVE_INIT_PSK (PROFILE.md section 5); the CSB ID is known once the RNG was asked */
  mikey_ts t;
  mikey_ts_set_now(&t, now);
  mikey_msg *o = &w->o;
  size_t need;
  rc = build_resolve_init(r, w, &pl, 0, &t, rnd + 4);
  if (rc == 0) {
    rc = mikey_role_size(o, out, cap, outlen, &need);
  }
  if (rc) {
    goto done;
  }
  ti = malloc(len);
  ri = malloc(need);
  if (!ti || !ri) {
    rc = MIKEY_E_NOMEM;
    goto done;
  }
  /* one call to the randomness provider: CSB ID, RANDRr, [RANDRr of the TRANSFER_RESP] */
  rc = mikey_env_rand(&r->env, rnd, 4 + pl.rl + pl.trl);
  if (rc) {
    goto done;
  }
  uint32_t csb = (uint32_t)rnd[0] << 24 | (uint32_t)rnd[1] << 16 | (uint32_t)rnd[2] << 8 | rnd[3];
  o->hdr.csb_id = csb;
  rc = resolve_init_keys(r, w, &pl, csb, rnd + 4);
  if (rc == 0) {
    /* Table 5.2: RESOLVE_INIT || Identity_r || Identity_kms */
    mikey_identity self = mikey_ident_view(&r->party.self);
    mikey_identity kms = mikey_ident_view(&r->party.kms);
    rc = mikey_role_seal_init(o, out, cap, outlen, need, &self, &kms, &w->ks);
  }
  if (rc) {
    goto done;
  }
  memcpy(ti, in, len);
  memcpy(ri, out, *outlen);
  store_pending(r, &pl, csb, ti, len, ri, *outlen, rnd + 4, rnd + 4 + pl.rl);
  ti = ri = NULL;
  *xid = csb;
done:
  free(ti);
  free(ri);
  mikey_memzero(rnd, sizeof(rnd));
  mikey_keyset_clear(&w->ks);
  mikey_memzero(w, sizeof(*w));
  free(w);
  return rc;
}

/* adopt_resolve_init checks that |ri| is a RESOLVE_INIT_PSK this responder could have written
 * for the TRANSFER_INIT w->m (decoded into w->ti, which holds no TRANSFER_INIT in a resume):
 * the fields one by one first, for a precise refusal, then the whole message against the one
 * build_resolve_init() makes from its CSB ID, T and RANDRr, then its V with the PSK keys.
 * On success *csb and *randrr name its CSB ID and RANDRr (pl->rl, set to its length, bytes
 * inside |ri|). */
static int adopt_resolve_init(const mikey_responder *r, rwork *w, ri_plan *pl,
                              const uint8_t *ri, size_t ri_len, uint64_t now, uint32_t *csb,
                              const uint8_t **randrr) {
  mikey_msg *m = &w->ti;
  int rc = mikey_msg_decode(m, ri, ri_len);
  if (rc) {
    return rc;
  }
  if (m->hdr.data_type != MIKEY_DT_RESOLVE_INIT_PSK) {
    return MIKEY_E_BAD_DATA_TYPE;
  }
  rc = mikey_msg_validate(m, 0);
  if (rc) {
    return rc;
  }
  /* PROFILE.md section 5: #CS 0, Empty map, V=1, the TRANSFER_INIT's suite (D3) */
  if (m->hdr.version != MIKEY_HDR_VERSION || m->hdr.prf != pl->prf || m->hdr.v != 1 ||
      m->hdr.n_cs != 0 || m->hdr.map_type != MIKEY_MAP_EMPTY) {
    return MIKEY_E_MISMATCH;
  }
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  const mikey_payload *rp = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_R);
  const mikey_payload *idr = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_R);
  const mikey_payload *idk = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_KMS);
  const mikey_payload *idp = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_PSK);
  const mikey_payload *tk = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
  if (!tsp || !rp || !idr || !idk || !idp || !tk || !mikey_vmac_last_v(m)) {
    return MIKEY_E_MISSING_PAYLOAD;
  }
  /* the resolve must still be fresh for the KMS: its T within the skew of now */
  rc = mikey_ts_fresh(&tsp->u.t, now, r->prof.clock_skew);
  if (rc) {
    return rc;
  }
  mikey_identity self = mikey_ident_view(&r->party.self), kms = mikey_ident_view(&r->party.kms);
  mikey_identity pskid = mikey_ident_view(&r->party.psk_id);
  if (!mikey_ident_eq_id(&self, &idr->u.id) || !mikey_ident_eq_id(&kms, &idk->u.id) ||
      !mikey_ident_eq_id(&pskid, &idp->u.id)) {
    return MIKEY_E_IDENTITY;
  }
  /* the TICKET byte for byte (Next Payload aside) */
  const mikey_payload *ttk = mikey_msg_find(&w->m, MIKEY_PT_TICKET, -1);
  if (tk->len != ttk->len || tk->len < 1 ||
      memcmp(ri + tk->offset + 1, w->m.buf + ttk->offset + 1, tk->len - 1) != 0) {
    return MIKEY_E_MISMATCH;
  }
  /* RANDRr: the keys of the resolve exchange come from PSKr and RANDRr alone (5.1.2), so
   * RFC 6043 12.1 (D5) wants RANDRr at least as long as PSKr, the rule the KMS applies to it
   * (mikey_kms_resolve.c, the same function). Beyond that its length followed the key length
   * of the writer's profile (D5: 16 or 32 bytes), a choice of the senders' side this
   * responder need not share: any length the KMS accepts and the exchange can keep. */
  rc = mikey_suite_check_rand_pair(0, rp->u.rand.rand.len, mikey_key_len(r->party.psk));
  if (rc) {
    return rc;
  }
  if (rp->u.rand.rand.len > RESP_RAND_MAX) {
    return MIKEY_E_LIMIT;
  }
  pl->rl = rp->u.rand.rand.len;
  /* every other byte as this responder writes it (payload order, T type, no extra payload) */
  rc = build_resolve_init(r, w, pl, m->hdr.csb_id, &tsp->u.t, rp->u.rand.rand.data);
  if (rc) {
    return rc;
  }
  uint8_t *mine = malloc(ri_len);
  if (!mine) {
    return MIKEY_E_NOMEM;
  }
  size_t mlen = 0;
  rc = mikey_msg_encode(&w->o, mine, ri_len, &mlen);
  const mikey_v *v = mikey_vmac_last_v(m);
  if (rc == MIKEY_E_BUFFER_TOO_SMALL || (rc == 0 && (mlen != ri_len || memcmp(mine, ri,
                                                                               v->mac_offset)))) {
    rc = MIKEY_E_MISMATCH;
  }
  free(mine);
  if (rc) {
    return rc;
  }
  /* its V with the PSK keys: the engine adopts only what it could have made */
  rc = resolve_init_keys(r, w, pl, m->hdr.csb_id, rp->u.rand.rand.data);
  if (rc == 0) {
    mikey_cover c;
    rc = mikey_vmac_cover_init(m, &self, &kms, &c);
    if (rc == 0) {
      rc = mikey_vmac_verify(m, pl->prf, &c, &w->ks);
    }
  }
  if (rc) {
    return rc;
  }
  *csb = m->hdr.csb_id;
  *randrr = rp->u.rand.rand.data;
  return 0;
}

int mikey_responder_resume(mikey_responder *r, const uint8_t *transfer_init, size_t ti_len,
                           const uint8_t *resolve_init, size_t ri_len, uint32_t *xid) {
  if (xid) {
    *xid = 0;
  }
  if (!r || !transfer_init || !resolve_init || !xid) {
    return MIKEY_E_INVAL;
  }
  rwork *w = malloc(sizeof(*w));
  if (!w) {
    return MIKEY_E_NOMEM;
  }
  memset(&w->ks, 0, sizeof(w->ks));
  uint8_t *ti = NULL, *ri = NULL;
  uint8_t trr[RESP_RAND_MAX];
  uint64_t now = mikey_env_now(&r->env);
  ri_plan pl;
  uint32_t csb = 0;
  const uint8_t *randrr = NULL;
  int rc = intake_transfer_init(r, w, transfer_init, ti_len, now);
  if (rc == 0) {
    rc = plan_resolve_init(r, w, &pl);
  }
  if (rc == 0) {
    rc = adopt_resolve_init(r, w, &pl, resolve_init, ri_len, now, &csb, &randrr);
  }
  if (rc) {
    goto done;
  }
  ti = malloc(ti_len);
  ri = malloc(ri_len);
  if (!ti || !ri) {
    rc = MIKEY_E_NOMEM;
    goto done;
  }
  /* the RANDRr of a TRANSFER_RESP (G=1) is this responder's own: the process that wrote the
   * RESOLVE_INIT kept its draw, and nothing sent so far depends on it */
  if (pl.trl) {
    rc = mikey_env_rand(&r->env, trr, pl.trl);
    if (rc) {
      goto done;
    }
  }
  memcpy(ti, transfer_init, ti_len);
  memcpy(ri, resolve_init, ri_len);
  store_pending(r, &pl, csb, ti, ti_len, ri, ri_len, randrr, trr);
  ti = ri = NULL;
  *xid = csb;
done:
  free(ti);
  free(ri);
  mikey_memzero(trr, sizeof(trr));
  mikey_keyset_clear(&w->ks);
  mikey_memzero(w, sizeof(*w));
  free(w);
  return rc;
}

int mikey_responder_pending_info(const mikey_responder *r, uint32_t xid,
                                 mikey_pending_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!r) {
    return MIKEY_E_INVAL;
  }
  const rslot *s = NULL;
  for (size_t i = 0; i < r->nslots && !s; i++) {
    if (r->slots[i].state != SLOT_FREE && r->slots[i].xid == xid) {
      s = &r->slots[i];
    }
  }
  if (!s) {
    return MIKEY_E_NOT_FOUND;
  }
  if (s->state != SLOT_PENDING) {
    return MIKEY_E_STATE;
  }
  if (!info) {
    return 0;
  }
  /* the held TRANSFER_INIT passed intake_transfer_init(): it decodes and its ticket parses */
  mikey_msg *m = malloc(sizeof(*m));
  mikey_ticket_view *tv = malloc(sizeof(*tv));
  int rc = m && tv ? mikey_msg_decode(m, s->ti, s->ti_len) : MIKEY_E_NOMEM;
  const mikey_payload *tk = rc == 0 ? mikey_msg_find(m, MIKEY_PT_TICKET, -1) : NULL;
  if (rc == 0) {
    rc = tk ? mikey_ticket_parse(tv, s->ti, s->ti_len, tk) : MIKEY_E_INTERNAL;
  }
  mikey_identity ini;
  if (rc == 0 && !initiator_of(m, &tv->policy, &ini)) {
    rc = MIKEY_E_INTERNAL;
  }
  if (rc == 0) {
    info->xid = s->xid;
    info->csb_id = m->hdr.csb_id;
    info->flags = tv->policy.flags;
    info->ticket_type = tv->policy.ticket_type;
    if (r->prof.kind == MIKEY_ROLE_PSKMIME && m->hdr.n_cs == 1) {
      memcpy(info->kek_id, m->hdr.cs[0].spi.data, m->hdr.cs[0].spi.len);
      info->kek_id_len = m->hdr.cs[0].spi.len;
    }
    info->initiator_type = ini.type;
    info->initiator_len = ini.len <= MIKEY_IDENTITY_MAX ? ini.len : 0;
    memcpy(info->initiator, ini.data, info->initiator_len);
    info->has_poo = find_poo(r, m) != NULL;
  }
  free(m);
  free(tv);
  return rc;
}

/* ticket_key returns the first TGK or GTGK of |kl| after its |nmpk| MPKs, or NULL. */
static const mikey_keydata *ticket_key(const mikey_keydata_list *kl, size_t nmpk) {
  for (size_t i = nmpk; i < kl->n; i++) {
    if (kl->kd[i].type == MIKEY_KEY_TGK || kl->kd[i].type == MIKEY_KEY_GTGK) {
      return &kl->kd[i];
    }
  }
  return NULL;
}

/* accept_transfer finishes an exchange whose keys are known: w->kl holds them (from the
 * KMS's RESOLVE_RESP, or from the reuse cache), s->mod_id and s->randrkms the modifier.
 * Verifies the held TRANSFER_INIT, derives the keys, commits to the replay cache and fills
 * s->info. On failure the caller clears the slot. */
static int accept_transfer(mikey_responder *r, rslot *s, rwork *w, uint64_t now) {
  const mikey_role_profile *prof = &r->prof;
  mikey_msg *ti = &w->ti;
  free(s->info);
  s->info = calloc(1, sizeof(*s->info));
  if (!s->info) {
    return MIKEY_E_NOMEM;
  }
  mikey_transfer_info *info = s->info;
  int rc = mikey_msg_decode(ti, s->ti, s->ti_len);
  if (rc) {
    return rc;
  }
  const mikey_payload *tk = mikey_msg_find(ti, MIKEY_PT_TICKET, -1);
  const mikey_payload *rp = mikey_msg_find(ti, MIKEY_PT_RANDR, MIKEY_RAND_I);
  const mikey_payload *rid = mikey_msg_find(ti, MIKEY_PT_IDR, MIKEY_ROLE_R);
  if (!tk || !rp) {
    return MIKEY_E_MISSING_PAYLOAD;
  }
  rc = mikey_ticket_parse(&w->tv, s->ti, s->ti_len, tk);
  if (rc) {
    return rc;
  }
  const mikey_policy *pol = &w->tv.policy;
  int forking = (pol->flags & MIKEY_TP_I) != 0, g = (pol->flags & MIKEY_TP_G) != 0;
  int h = (pol->flags & MIKEY_TP_H) != 0;
  /* the keys: MPKi || [MPKr'] || TGK/GTGK (4.2.3.5) */
  const mikey_keydata_list *kl = &w->kl;
  size_t nmpk = forking ? 2 : 1;
  if (kl->n < nmpk + 1 || kl->kd[0].type != MIKEY_KEY_MPK ||
      (forking && kl->kd[1].type != MIKEY_KEY_MPK)) {
    return MIKEY_E_BAD_VALUE;
  }
  const mikey_keydata *key = ticket_key(kl, nmpk);
  const mikey_bytes *mpki = &kl->kd[0].key;
  if (!key) {
    return MIKEY_E_BAD_VALUE;
  }
  if (mpki->len < MIKEY_SUITE_MIN_KEY || mpki->len > MIKEY_PRF_MAX_INKEY ||
      key->key.len < MIKEY_SUITE_MIN_KEY || key->key.len > MIKEY_PRF_MAX_INKEY ||
      (forking && kl->kd[1].key.len != mpki->len)) {
    return MIKEY_E_KEY_LENGTH;
  }
  /* 4.2.3.6: verify the TRANSFER_INIT with MPKi (5.1.2 direction 0x01, RANDRi) over
   * TRANSFER_INIT (minus Initiator Data) || Identity_i || Identity_r */
  mikey_identity ini, self = mikey_ident_view(&r->party.self), idr = self;
  if (!initiator_of(ti, pol, &ini)) {
    return MIKEY_E_IDENTITY;
  }
  if (rid) {
    idr = mikey_ident_from_id(&rid->u.id);
  }
  const mikey_bytes *randri = &rp->u.rand.rand;
  rc = mikey_msgkeys(ti->hdr.prf, mpki->data, mpki->len, ti->hdr.csb_id, MIKEY_KDF_INITIAL,
                     randri->data, randri->len, NULL, 0, &w->ks);
  if (rc == 0) {
    mikey_cover c;
    rc = mikey_vmac_cover_init(ti, &ini, &idr, &c);
    if (rc == 0) {
      rc = mikey_vmac_verify(ti, ti->hdr.prf, &c, &w->ks);
    }
  }
  if (rc) {
    return rc;
  }
  if (forking) {
    /* 4.2.3.6 and D14: the V must be identical to Vi */
    rc = mikey_initiator_data_check_vi(&w->tv, mikey_vmac_last_v(ti));
    if (rc) {
      return rc;
    }
  }
  if (prof->kind == MIKEY_ROLE_PSKMIME) {
    /* section 4: the crypto session's SPI is the KEK identifier, the SPI of the key */
    const mikey_bytes *spi = &ti->hdr.cs[0].spi;
    if (key->kv.type != MIKEY_KV_SPI || key->kv.spi.len != spi->len ||
        memcmp(key->kv.spi.data, spi->data, spi->len) != 0) {
      return MIKEY_E_MISMATCH;
    }
  }
  /* D5: RANDRi + RANDRr at least the longest MPK/TGK */
  size_t longest = key->key.len > mpki->len ? key->key.len : mpki->len;
  rc = mikey_suite_check_rand_pair(randri->len, g ? s->trr_len : 0, longest);
  if (rc) {
    return rc;
  }
  /* the keys (5.1.3): from the TGK' (forked by the KMS) or GTGK, PRF of the HDR */
  size_t klen = prof->kind == MIKEY_ROLE_PSKMIME ? key->key.len : prof->tek_len;
  size_t n = ti->hdr.n_cs;
  uint8_t *keys = malloc(n * klen);
  if (!keys) {
    return MIKEY_E_NOMEM;
  }
  mikey_prf p;
  mikey_prf_init(&p);
  rc = mikey_prf_setkey(&p, ti->hdr.prf, key->key.data, key->key.len);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    rc = mikey_kdf_tgk(&p, MIKEY_KDF_TEK, ti->hdr.cs[i].cs_id, h ? randri->data : NULL,
                       h ? randri->len : 0, g ? s->trr : NULL, g ? s->trr_len : 0,
                       keys + i * klen, klen);
  }
  mikey_prf_clear(&p);
  uint8_t rkey[MIKEY_REPLAY_KEY_LEN];
  uint64_t expiry;
  transfer_replay_key(r, ti, pol, rkey, &expiry);
  if (rc == 0) {
    /* check, verify, then commit */
    rc = mikey_replay_commit(&r->replay, rkey, expiry, now);
    if (rc == MIKEY_E_REPLAY && prof->kek_reuse) {
      rc = 0; /* the integrator allows one KEK for several messages (Annex I.3) */
    }
  }
  if (rc) {
    mikey_memzero(keys, n * klen);
    free(keys);
    return rc;
  }
  s->keys = keys;
  s->key_len = klen;
  s->n_cs = n;
  for (size_t i = 0; i < n; i++) {
    s->cs_ids[i] = ti->hdr.cs[i].cs_id;
  }
  s->flags = pol->flags;
  const mikey_bytes *vk = forking ? &kl->kd[1].key : mpki;
  memcpy(s->vkey, vk->data, vk->len);
  s->vkey_len = vk->len;
  if ((pol->flags & MIKEY_TP_F) && randri->len <= sizeof(s->randri)) {
    /* 5.2: CSB updates reuse the TGK', the RANDs and the keys of the TRANSFER_RESP
     * (MPKr' or MPKi, direction 0x02, RANDRi [RANDRr]) */
    mikey_identity who = ini;
    if (pol->present & MIKEY_POLICY_HAS_I) {
      who = mikey_ident_from_id(&pol->idri);
    }
    rc = mikey_msgkeys(ti->hdr.prf, vk->data, vk->len, ti->hdr.csb_id, MIKEY_KDF_RESPONSE,
                       randri->data, randri->len, g ? s->trr : NULL, g ? s->trr_len : 0,
                       &s->ks_upd);
    if (rc == 0) {
      rc = mikey_ident_copy(&s->ini_id, &who);
    }
    if (rc) {
      return rc; /* the caller wipes the slot */
    }
    s->ti_csb = ti->hdr.csb_id;
    s->ti_prf = ti->hdr.prf;
    memcpy(s->randri, randri->data, randri->len);
    s->randri_len = randri->len;
    memcpy(s->tgk, key->key.data, key->key.len);
    s->tgk_len = key->key.len;
    const mikey_payload *tsp = mikey_msg_find(ti, MIKEY_PT_T, -1);
    s->last_t = 0;
    if (tsp) {
      (void)mikey_ts_ntp64(&tsp->u.t, &s->last_t);
    }
    s->upd_ok = 1;
  }
  s->state = SLOT_ACCEPTED;
  info->xid = s->xid;
  info->csb_id = ti->hdr.csb_id;
  info->flags = pol->flags;
  info->ticket_type = pol->ticket_type;
  if (prof->kind == MIKEY_ROLE_PSKMIME) {
    memcpy(info->kek_id, ti->hdr.cs[0].spi.data, ti->hdr.cs[0].spi.len);
    info->kek_id_len = ti->hdr.cs[0].spi.len;
  }
  info->key_len = klen;
  info->n_cs = n;
  memcpy(info->cs_ids, s->cs_ids, n);
  info->keys_ready = 1;
  info->transfer_resp_due = (pol->flags & MIKEY_TP_F) != 0;
  mikey_identity who;
  if (pol->present & MIKEY_POLICY_HAS_I) {
    who = mikey_ident_from_id(&pol->idri);
  } else {
    who = ini;
  }
  info->initiator_type = who.type;
  info->initiator_len = who.len <= MIKEY_IDENTITY_MAX ? who.len : 0;
  memcpy(info->initiator, who.data, info->initiator_len);
  const mikey_payload *poo = find_poo(r, ti);
  if (poo) {
    info->has_poo = 1;
    info->poo_len = poo->u.gext.data.len;
    memcpy(info->poo, poo->u.gext.data.data, info->poo_len);
  }
  return 0;
}

/* remember_ticket puts the ticket of the exchange |s| just accepted after a resolve into the
 * reuse cache (RFC 6043 5.3): w->ti and w->tv hold its TRANSFER_INIT and ticket, w->kl the
 * keys from the RESOLVE_RESP, |s| the modifier. A J=0 ticket leaves a marker without keys.
 * A GTGK with I=1 (PSK/MIME proof-of-origin, D15) is not kept: the key is not forked, so every
 * responder of the ticket holds it, and only the KMS's check of Vr (6.10, with the unforked
 * MPKr no responder gets) shows that a TRANSFER_INIT comes from the initiator. A failure here
 * only costs a resolve later. */
static void remember_ticket(mikey_responder *r, const rslot *s, rwork *w, uint64_t now) {
  const mikey_payload *tk = mikey_msg_find(&w->ti, MIKEY_PT_TICKET, -1);
  const mikey_policy *pol = &w->tv.policy;
  int forking = (pol->flags & MIKEY_TP_I) != 0, reuse = (pol->flags & MIKEY_TP_J) != 0;
  const mikey_keydata_list *kl = &w->kl;
  const mikey_keydata *key = ticket_key(kl, forking ? 2 : 1);
  uint8_t d[32];
  if (r->reuse.n == 0 || !tk || !key || mikey_reuse_digest(&w->ti, tk, d) != 0) {
    return;
  }
  if (reuse && forking && key->type == MIKEY_KEY_GTGK) {
    return;
  }
  if (key->kv.type == MIKEY_KV_SPI && key->kv.spi.len > MIKEY_SPI_MAX) {
    return;
  }
  reuse_entry *e = mikey_reuse_slot(&r->reuse, d, now);
  if (!e) {
    return;
  }
  e->flags = pol->flags;
  if (pol->present & MIKEY_POLICY_HAS_TRE) {
    (void)mikey_ts_ntp64(&pol->tre, &e->expiry);
  }
  uint64_t unused;
  transfer_replay_key(r, &w->ti, pol, e->first, &unused);
  if (!reuse) {
    return; /* a J=0 marker */
  }
  /* lengths were checked by accept_transfer (at most MIKEY_PRF_MAX_INKEY) */
  memcpy(e->mpki, kl->kd[0].key.data, kl->kd[0].key.len);
  e->mpki_len = kl->kd[0].key.len;
  if (forking) {
    memcpy(e->mpkr, kl->kd[1].key.data, kl->kd[1].key.len);
    e->mpkr_len = kl->kd[1].key.len;
  }
  e->key_type = key->type;
  memcpy(e->key, key->key.data, key->key.len);
  e->key_len = key->key.len;
  e->kv_type = key->kv.type;
  if (key->kv.type == MIKEY_KV_SPI) {
    memcpy(e->spi, key->kv.spi.data, key->kv.spi.len);
    e->spi_len = key->kv.spi.len;
  }
  if (s->mod_id.data) {
    mikey_identity mod = mikey_ident_view(&s->mod_id);
    if (mikey_ident_copy(&e->mod_id, &mod) != 0) {
      mikey_reuse_drop(e);
      return;
    }
  }
  memcpy(e->randrkms, s->randrkms, s->randrkms_len);
  e->randrkms_len = s->randrkms_len;
  e->has_keys = 1;
}

/* try_reuse accepts the TRANSFER_INIT w->m (|in|, |len|; its checks passed) at once when the
 * reuse cache holds its ticket (RFC 6043 5.3): a new exchange with the cached keys and
 * modifier, checked as after a resolve (accept_transfer). Returns 0 (accepted: *xid), 1 (not
 * cached: resolve it), MIKEY_E_POLICY (a J=0 ticket used before), or a refusal of the
 * TRANSFER_INIT. */
static int try_reuse(mikey_responder *r, rwork *w, const uint8_t *in, size_t len, uint64_t now,
                     uint32_t *xid) {
  const mikey_payload *tk = mikey_msg_find(&w->m, MIKEY_PT_TICKET, -1);
  uint8_t d[32];
  if (!tk || mikey_reuse_digest(&w->m, tk, d) != 0) {
    return 1;
  }
  reuse_entry *e = mikey_reuse_find(&r->reuse, d, now);
  if (!e) {
    return 1;
  }
  if (!e->has_keys) {
    /* J=0: "the ticket MUST NOT be reused" (5.3). Only the TRANSFER_INIT that used it may
     * come again (where KEK reuse allows it), and it is resolved as before. */
    uint8_t key[MIKEY_REPLAY_KEY_LEN];
    uint64_t unused;
    transfer_replay_key(r, &w->m, &w->tv.policy, key, &unused);
    return memcmp(key, e->first, sizeof(key)) == 0 ? 1 : MIKEY_E_POLICY;
  }
  ri_plan pl;
  int rc = plan_resolve_init(r, w, &pl);
  if (rc) {
    return rc;
  }
  uint8_t *ti = malloc(len);
  if (!ti) {
    return MIKEY_E_NOMEM;
  }
  /* one call to the randomness provider: the handle, [RANDRr of the TRANSFER_RESP] */
  uint8_t rnd[4 + RESP_RAND_MAX];
  rc = mikey_env_rand(&r->env, rnd, 4 + pl.trl);
  if (rc) {
    free(ti);
    return rc;
  }
  uint32_t h = (uint32_t)rnd[0] << 24 | (uint32_t)rnd[1] << 16 | (uint32_t)rnd[2] << 8 | rnd[3];
  rslot *s = mikey_responder_find(r, h, -1);
  if (s) {
    slot_clear(s);
  } else {
    s = new_slot(r);
  }
  memcpy(ti, in, len);
  s->state = SLOT_PENDING;
  s->seq = ++r->seq;
  s->xid = h;
  s->ti = ti;
  s->ti_len = len;
  memcpy(s->trr, rnd + 4, pl.trl);
  s->trr_len = pl.trl;
  mikey_memzero(rnd, sizeof(rnd));
  /* 5.3: "the same modifier (IDRr, RANDRkms) SHALL be used" */
  if (e->mod_id.data) {
    mikey_identity mod = mikey_ident_view(&e->mod_id);
    rc = mikey_ident_copy(&s->mod_id, &mod);
  }
  memcpy(s->randrkms, e->randrkms, e->randrkms_len);
  s->randrkms_len = e->randrkms_len;
  /* the keys as the RESOLVE_RESP gave them: MPKi, [MPKr'], TGK' / TGK with its KV */
  mikey_keydata_list *kl = &w->kl;
  memset(kl, 0, sizeof(*kl));
  kl->kd[kl->n].type = MIKEY_KEY_MPK;
  kl->kd[kl->n++].key = (mikey_bytes){e->mpki, e->mpki_len};
  if (e->mpkr_len) {
    kl->kd[kl->n].type = MIKEY_KEY_MPK;
    kl->kd[kl->n++].key = (mikey_bytes){e->mpkr, e->mpkr_len};
  }
  kl->kd[kl->n].type = e->key_type;
  kl->kd[kl->n].key = (mikey_bytes){e->key, e->key_len};
  kl->kd[kl->n].kv.type = e->kv_type;
  kl->kd[kl->n++].kv.spi = (mikey_bytes){e->spi, e->spi_len};
  if (rc == 0) {
    rc = accept_transfer(r, s, w, now);
  }
  mikey_memzero(kl, sizeof(*kl));
  if (rc) {
    slot_clear(s);
    return rc;
  }
  *xid = h;
  return 0;
}

int mikey_responder_exchange_info(mikey_responder *r, uint32_t xid, mikey_transfer_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!r || !info) {
    return MIKEY_E_INVAL;
  }
  rslot *s = mikey_responder_find(r, xid, -1);
  if (!s) {
    return MIKEY_E_NOT_FOUND;
  }
  if (s->state != SLOT_ACCEPTED || !s->info) {
    return MIKEY_E_STATE;
  }
  *info = *s->info;
  return 0;
}

int mikey_responder_on_resolve_resp(mikey_responder *r, const uint8_t *in, size_t len,
                                    mikey_transfer_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!r || !in) {
    return MIKEY_E_INVAL;
  }
  rwork *w = malloc(sizeof(*w));
  if (!w) {
    return MIKEY_E_NOMEM;
  }
  memset(&w->ks, 0, sizeof(w->ks));
  uint64_t now = mikey_env_now(&r->env);
  mikey_msg *m = &w->m;
  rslot *s = NULL;
  int drop = 0;
  int rc = mikey_msg_decode(m, in, len);
  if (rc) {
    goto done;
  }
  s = mikey_responder_find(r, m->hdr.csb_id, SLOT_PENDING);
  if (!s) {
    rc = MIKEY_E_NO_PENDING;
    goto done;
  }
  mikey_hdr rq;
  memset(&rq, 0, sizeof(rq));
  rq.version = MIKEY_HDR_VERSION;
  rq.prf = s->ri_prf;
  rq.csb_id = s->xid;
  rq.map_type = MIKEY_MAP_EMPTY;
  const uint8_t *psk = mikey_key_data(r->party.psk);
  size_t psk_len = mikey_key_len(r->party.psk);
  if (m->hdr.data_type == MIKEY_DT_ERROR) {
    rc = mikey_msgkeys(rq.prf, psk, psk_len, rq.csb_id, MIKEY_KDF_INITIAL, NULL, 0, s->randrr,
                       s->randrr_len, &w->ks);
    if (rc == 0) {
      uint8_t no;
      int authd;
      rc = mikey_errmsg_check(m, &rq, &w->ks, &no, &authd);
      if (rc == MIKEY_E_PEER_ERROR) {
        if (info) {
          info->xid = s->xid;
          info->peer_error = no;
          info->peer_error_authenticated = authd;
        }
        drop = authd;
      }
    }
    goto done;
  }
  /* 4.2.3.5: version, PRF func, CSB ID, #CS and CS ID map type identical */
  if (m->hdr.data_type != MIKEY_DT_RESOLVE_RESP || m->hdr.version != rq.version ||
      m->hdr.prf != rq.prf || m->hdr.n_cs != 0 || m->hdr.map_type != MIKEY_MAP_EMPTY) {
    rc = MIKEY_E_MISMATCH;
    goto done;
  }
  rc = mikey_msg_validate(m, r->prof.kind == MIKEY_ROLE_PSKMIME ? MIKEY_VALIDATE_PSKMIME : 0);
  if (rc) {
    goto done;
  }
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  const mikey_payload *kp = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_KMS);
  const mikey_payload *kem = mikey_msg_find(m, MIKEY_PT_KEMAC, -1);
  const mikey_payload *idr = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_R);
  const mikey_payload *rkp = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_KMS);
  if (!tsp || !kem) {
    rc = MIKEY_E_MISSING_PAYLOAD;
    goto done;
  }
  rc = mikey_ts_fresh(&tsp->u.t, now, r->prof.clock_skew);
  if (rc) {
    goto done;
  }
  rc = mikey_msgkeys(rq.prf, psk, psk_len, rq.csb_id, MIKEY_KDF_RESPONSE, NULL, 0, s->randrr,
                     s->randrr_len, &w->ks);
  if (rc == 0) {
    /* Table 5.2: RESOLVE_RESP || RESOLVE_INIT */
    mikey_cover c;
    rc = mikey_vmac_cover_resp(m, s->ri, s->ri_len, &c);
    if (rc == 0) {
      rc = mikey_vmac_verify(m, rq.prf, &c, &w->ks);
    }
  }
  if (rc) {
    goto done;
  }
  /* the KMS has answered: from here on any refusal ends the exchange */
  drop = 1;
  mikey_identity kms = mikey_ident_view(&r->party.kms);
  if (kp && !mikey_ident_eq_id(&kms, &kp->u.id)) {
    rc = MIKEY_E_IDENTITY;
    goto done;
  }
  uint64_t t;
  (void)mikey_ts_ntp64(&tsp->u.t, &t);
  rc = mikey_kemac_open(NULL, &w->ks, rq.csb_id, t, &kem->u.kemac, w->plain, sizeof(w->plain),
                        &w->kl);
  if (rc) {
    goto done;
  }
  mikey_ident_free(&s->mod_id);
  s->randrkms_len = 0;
  if (idr && rkp) {
    /* the modifier (IDRr, RANDRkms), repeated in the TRANSFER_RESP (4.2.2.3) */
    mikey_identity mod = mikey_ident_from_id(&idr->u.id);
    if (mod.len > MIKEY_IDENTITY_MAX || rkp->u.rand.rand.len > sizeof(s->randrkms)) {
      rc = MIKEY_E_LIMIT;
      goto done;
    }
    rc = mikey_ident_copy(&s->mod_id, &mod);
    if (rc) {
      goto done;
    }
    memcpy(s->randrkms, rkp->u.rand.rand.data, rkp->u.rand.rand.len);
    s->randrkms_len = rkp->u.rand.rand.len;
  }
  rc = accept_transfer(r, s, w, now);
  if (rc == 0) {
    drop = 0;
    if (info) {
      *info = *s->info;
    }
    remember_ticket(r, s, w, now);
  }
done:
  if (rc && drop && s) {
    slot_clear(s);
  }
  mikey_keyset_clear(&w->ks);
  mikey_memzero(w, sizeof(*w));
  free(w);
  return rc;
}

int mikey_responder_key(mikey_responder *r, uint32_t xid, uint8_t cs_id, uint8_t *out,
                        size_t cap, size_t *len) {
  if (!r || !len) {
    return MIKEY_E_INVAL;
  }
  *len = 0;
  rslot *s = mikey_responder_find(r, xid, -1);
  if (!s) {
    return MIKEY_E_NOT_FOUND;
  }
  if (s->state != SLOT_ACCEPTED) {
    return MIKEY_E_STATE;
  }
  size_t i = 0;
  while (i < s->n_cs && s->cs_ids[i] != cs_id) {
    i++;
  }
  if (i == s->n_cs) {
    return MIKEY_E_NOT_FOUND;
  }
  return mikey_role_key_release(s->keys, s->key_len, s->released, i, r->prof.kek_reuse, out,
                                cap, len);
}

int mikey_responder_transfer_resp(mikey_responder *r, uint32_t xid, uint8_t *out, size_t cap,
                                  size_t *outlen) {
  if (!r || !outlen) {
    return MIKEY_E_INVAL;
  }
  *outlen = 0;
  rslot *s = mikey_responder_find(r, xid, -1);
  if (!s) {
    return MIKEY_E_NOT_FOUND;
  }
  if (s->state != SLOT_ACCEPTED || !(s->flags & MIKEY_TP_F)) {
    return MIKEY_E_STATE;
  }
  if (s->tresp) {
    /* a retransmission: the same bytes */
    *outlen = s->tresp_len;
    if (!out || cap < s->tresp_len) {
      return MIKEY_E_BUFFER_TOO_SMALL;
    }
    memcpy(out, s->tresp, s->tresp_len);
    return 0;
  }
  rwork *w = malloc(sizeof(*w));
  if (!w) {
    return MIKEY_E_NOMEM;
  }
  memset(&w->ks, 0, sizeof(w->ks));
  uint8_t *copy = NULL;
  mikey_msg *ti = &w->ti;
  int rc = mikey_msg_decode(ti, s->ti, s->ti_len);
  if (rc) {
    goto done;
  }
  const mikey_payload *rp = mikey_msg_find(ti, MIKEY_PT_RANDR, MIKEY_RAND_I);
  uint8_t encr_alg, mac_alg;
  rc = rp ? mikey_suite_algs(ti->hdr.prf, &encr_alg, &mac_alg) : MIKEY_E_MISSING_PAYLOAD;
  if (rc) {
    goto done;
  }
  int g = (s->flags & MIKEY_TP_G) != 0;
  /* 4.2.2.3: version, PRF and CSB ID of the TRANSFER_INIT, V=0; the crypto sessions as the
   * Initiator gave them (each with its one policy) */
  mikey_msg *o = &w->o;
  mikey_role_resp_hdr(o, MIKEY_DT_TRANSFER_RESP, &ti->hdr);
  mikey_ts_set_now(&mikey_msg_add(o, MIKEY_PT_T)->u.t, mikey_env_now(&r->env));
  mikey_payload *p;
  if (g) {
    p = mikey_msg_add(o, MIKEY_PT_RANDR);
    p->u.rand.role = MIKEY_RAND_R;
    p->u.rand.rand = (mikey_bytes){s->trr, s->trr_len};
  }
  mikey_identity self = mikey_ident_view(&r->party.self);
  mikey_identity idr = s->mod_id.data ? mikey_ident_view(&s->mod_id) : self;
  mikey_ident_set_idr(mikey_msg_add(o, MIKEY_PT_IDR), MIKEY_ROLE_R, &idr);
  if (s->randrkms_len) {
    p = mikey_msg_add(o, MIKEY_PT_RANDR);
    p->u.rand.role = MIKEY_RAND_KMS;
    p->u.rand.rand = (mikey_bytes){s->randrkms, s->randrkms_len};
  }
  size_t need;
  rc = mikey_role_add_v(o, mac_alg);
  if (rc == 0) {
    rc = mikey_role_size(o, out, cap, outlen, &need);
  }
  if (rc) {
    goto done;
  }
  copy = malloc(need);
  if (!copy) {
    rc = MIKEY_E_NOMEM;
    goto done;
  }
  /* 5.1.2: MPKr' (or MPKi), direction 0x02, RANDRi, [RANDRr] */
  rc = mikey_msgkeys(ti->hdr.prf, s->vkey, s->vkey_len, ti->hdr.csb_id, MIKEY_KDF_RESPONSE,
                     rp->u.rand.rand.data, rp->u.rand.rand.len, g ? s->trr : NULL,
                     g ? s->trr_len : 0, &w->ks);
  if (rc == 0) {
    /* Table 5.2: TRANSFER_RESP || TRANSFER_INIT */
    rc = mikey_role_seal_resp(o, out, cap, outlen, need, s->ti, s->ti_len, &w->ks);
  }
  if (rc) {
    goto done;
  }
  memcpy(copy, out, *outlen);
  s->tresp = copy;
  s->tresp_len = *outlen;
  copy = NULL;
done:
  free(copy);
  mikey_keyset_clear(&w->ks);
  mikey_memzero(w, sizeof(*w));
  free(w);
  return rc;
}

void mikey_responder_forget(mikey_responder *r, uint32_t xid) {
  if (!r) {
    return;
  }
  rslot *s = mikey_responder_find(r, xid, -1);
  if (s) {
    slot_clear(s);
  }
}

int mikey_transfer_poo_check(const mikey_transfer_info *info, const uint8_t *tag, size_t len) {
  if (!info || (!tag && len)) {
    return MIKEY_E_INVAL;
  }
  if (!info->has_poo) {
    return MIKEY_E_NOT_FOUND;
  }
  if (info->poo_len > MIKEY_POO_MAX) {
    return MIKEY_E_INVAL;
  }
  /* constant time in the tag length; a length difference is a mismatch too */
  int eq = len == info->poo_len && mikey_ct_equal(info->poo, tag, info->poo_len);
  return eq ? 0 : MIKEY_E_POO_MISMATCH;
}
