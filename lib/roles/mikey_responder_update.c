/*
 * mikey_responder_update.c: the responder's side of CSB updating (RFC 6043 5.2), for an IMS
 * exchange that ended with a TRANSFER_RESP.
 *
 *   started by the initiator:
 *   TRANSFER_INIT = HDR, T, [IDRi], [IDRr], {SP}, [KEMAC], V      (received)
 *   TRANSFER_RESP = HDR, T, [IDRr], {SP}, [KEMAC], V              (sent when HDR V=1)
 *   started by the responder (the second figure of 5.2):
 *   TRANSFER_INIT = HDR, T, [IDRr], [IDRi], {SP}, [KEMAC], V      (sent)
 *   TRANSFER_RESP = HDR, T, [IDRi], {SP}, [KEMAC], V              (received when HDR V=1)
 *
 * The update names its exchange by the CSB ID of the initial TRANSFER_INIT; it must carry a
 * newer T than the last TRANSFER_INIT of that CSB (5.2: "MUST use new timestamps"), no RANDs
 * and no TICKET ("New RANDs or TICKETs MUST NOT be included"; the static ones are left out
 * too), and is verified with the keys that protected the TRANSFER_RESP of the initial
 * exchange. The crypto sessions it lists replace the old ones; their TEKs come from the same
 * TGK' and RANDs (5.1.3), or from new keying material in a KEMAC when the ticket's L flag lets
 * the initiator supply keys (mikey_csbupd.c). Nothing changes unless every check passed and the
 * answer fits the caller's buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "roles/mikey_csbupd.h"
#include "roles/mikey_responder_local.h"

/* new_keys derives the keys of the |n| crypto sessions |cs_ids| of exchange |s| into a new
 * buffer *|out| (n * key_len bytes): the TEKs of |nk| (one per crypto session, in order) as
 * they are, else derived from the TGK of |nk| or, without |nk|, the exchange's TGK', with the
 * RANDs of the initial exchange (5.1.3). */
static int new_keys(const rslot *s, const uint8_t *cs_ids, size_t n, const mikey_update_keys *nk,
                    uint8_t **out) {
  size_t total = n * s->key_len;
  uint8_t *keys = malloc(total ? total : 1);
  if (!keys) {
    return MIKEY_E_NOMEM;
  }
  int rc = 0;
  if (nk && nk->type == MIKEY_KEY_TEK) {
    memcpy(keys, nk->keys, total); /* checked: n * tek_len bytes */
  } else {
    int h = (s->flags & MIKEY_TP_H) != 0, g = (s->flags & MIKEY_TP_G) != 0;
    mikey_prf p;
    mikey_prf_init(&p);
    /* a new TGK is not forked (5.2) */
    rc = nk ? mikey_prf_setkey(&p, s->ti_prf, nk->keys, nk->len)
            : mikey_prf_setkey(&p, s->ti_prf, s->tgk, s->tgk_len);
    for (size_t i = 0; rc == 0 && i < n; i++) {
      rc = mikey_kdf_tgk(&p, MIKEY_KDF_TEK, cs_ids[i], h ? s->randri : NULL,
                         h ? s->randri_len : 0, g ? s->trr : NULL, g ? s->trr_len : 0,
                         keys + i * s->key_len, s->key_len);
    }
    mikey_prf_clear(&p);
  }
  if (rc) {
    mikey_memzero(keys, total);
    free(keys);
    return rc;
  }
  *out = keys;
  return 0;
}

/* commit_keys makes |keys| (taken over) the keys of the |n| crypto sessions |cs_ids| of |s|,
 * each to be released once more; a new TGK in |nk| serves the later updates too (5.2). */
static void commit_keys(rslot *s, uint8_t *keys, const uint8_t *cs_ids, size_t n,
                        const mikey_update_keys *nk) {
  mikey_memzero(s->keys, s->n_cs * s->key_len);
  free(s->keys);
  s->keys = keys;
  s->n_cs = n;
  memcpy(s->cs_ids, cs_ids, n);
  memset(s->released, 0, sizeof(s->released));
  if (nk && nk->type != MIKEY_KEY_TEK) {
    memcpy(s->tgk, nk->keys, nk->len);
    s->tgk_len = nk->len;
  }
  if (s->info) {
    /* what mikey_responder_exchange_info() reports: the sessions now in force */
    s->info->n_cs = n;
    memcpy(s->info->cs_ids, s->cs_ids, n);
  }
}

/* update_info describes exchange |s| after an update in |*info| (may be NULL). */
static void update_info(const rslot *s, int resp_due, mikey_transfer_info *info) {
  if (!info) {
    return;
  }
  memset(info, 0, sizeof(*info));
  info->xid = s->xid;
  info->csb_id = s->ti_csb;
  info->flags = s->flags;
  info->key_len = s->key_len;
  info->n_cs = s->n_cs;
  memcpy(info->cs_ids, s->cs_ids, s->n_cs);
  info->keys_ready = 1;
  info->transfer_resp_due = resp_due;
  mikey_identity ini = mikey_ident_view(&s->ini_id);
  info->initiator_type = ini.type;
  info->initiator_len = ini.len <= MIKEY_IDENTITY_MAX ? ini.len : 0;
  memcpy(info->initiator, ini.data, info->initiator_len);
}

int mikey_responder_on_csb_update(mikey_responder *r, const uint8_t *in, size_t len,
                                  uint8_t *out, size_t cap, size_t *outlen,
                                  mikey_transfer_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!r || !in || !outlen) {
    return MIKEY_E_INVAL;
  }
  *outlen = 0;
  mikey_msg *m = malloc(sizeof(*m));
  mikey_msg *o = malloc(sizeof(*o));
  uint8_t *keys = NULL, *ti = NULL, *tr = NULL, *nkb = NULL;
  mikey_update_keys nkey;
  memset(&nkey, 0, sizeof(nkey));
  size_t nk = 0;
  int rc = (m && o) ? mikey_msg_decode(m, in, len) : MIKEY_E_NOMEM;
  if (rc) {
    goto done;
  }
  if (m->hdr.data_type != MIKEY_DT_TRANSFER_INIT) {
    rc = MIKEY_E_BAD_DATA_TYPE;
    goto done;
  }
  rslot *s = mikey_responder_find_ti(r, m->hdr.csb_id);
  if (!s) {
    rc = MIKEY_E_NOT_FOUND; /* no accepted exchange with a TRANSFER_RESP under this CSB ID */
    goto done;
  }
  if (m->hdr.version != MIKEY_HDR_VERSION || m->hdr.prf != s->ti_prf) {
    rc = MIKEY_E_MISMATCH;
    goto done;
  }
  rc = mikey_csbupd_grammar(m);
  const mikey_payload *kem = mikey_msg_find(m, MIKEY_PT_KEMAC, -1);
  if (rc == 0 && kem && !(s->flags & mikey_csbupd_supplier_flag(0))) {
    rc = MIKEY_E_POLICY; /* L=0: "KEMAC payloads SHALL NOT be included" (5.2, 6.10) */
  }
  if (rc) {
    goto done;
  }
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  const mikey_payload *ip = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_I);
  const mikey_payload *rp = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_R);
  uint64_t now = mikey_env_now(&r->env), t = 0;
  rc = mikey_ts_fresh(&tsp->u.t, now, r->prof.clock_skew);
  if (rc == 0) {
    (void)mikey_ts_ntp64(&tsp->u.t, &t);
    if (mikey_ntp_diff(t, s->last_t) <= 0) {
      rc = MIKEY_E_REPLAY; /* 5.2: new timestamps; an old or repeated one is a replay */
    }
  }
  if (rc) {
    goto done;
  }
  mikey_identity ini = mikey_ident_view(&s->ini_id), self = mikey_ident_view(&r->party.self);
  mikey_identity me = s->mod_id.data ? mikey_ident_view(&s->mod_id) : self;
  if (ip && !mikey_ident_eq_id(&ini, &ip->u.id)) {
    rc = MIKEY_E_IDENTITY;
    goto done;
  }
  if (rp && !mikey_ident_eq_id(&self, &rp->u.id) && !mikey_ident_eq_id(&me, &rp->u.id)) {
    rc = MIKEY_E_IDENTITY;
    goto done;
  }
  mikey_identity idr = rp ? mikey_ident_from_id(&rp->u.id) : self;
  /* Table 5.2 with the keys of the initial TRANSFER_RESP (5.2) */
  mikey_cover c;
  rc = mikey_vmac_cover_init(m, &ini, &idr, &c);
  if (rc == 0) {
    rc = mikey_vmac_verify(m, m->hdr.prf, &c, &s->ks_upd);
  }
  if (rc) {
    goto done;
  }
  int h = (s->flags & MIKEY_TP_H) != 0, g = (s->flags & MIKEY_TP_G) != 0;
  mikey_update_keys *nkp = NULL;
  if (kem) {
    /* new keying material, with the keys of the update and its T in the IV (D1) */
    mikey_csbupd_shape sh = {s->ti_prf, m->hdr.n_cs, s->key_len, h ? s->randri_len : 0,
                             g ? s->trr_len : 0};
    nkb = malloc(MIKEY_KEMAC_PLAIN_MAX);
    rc = nkb ? mikey_csbupd_open(&s->ks_upd, s->ti_csb, t, &kem->u.kemac, &sh, nkb,
                                 MIKEY_KEMAC_PLAIN_MAX, &nkey)
             : MIKEY_E_NOMEM;
    if (rc) {
      goto done;
    }
    nkp = &nkey;
  }
  /* the answer, when asked for: HDR (V=0, the new crypto sessions), T, IDRr, V over
   * TRANSFER_RESP || TRANSFER_INIT */
  if (m->hdr.v) {
    mikey_role_resp_hdr(o, MIKEY_DT_TRANSFER_RESP, &m->hdr);
    mikey_ts_set_now(&mikey_msg_add(o, MIKEY_PT_T)->u.t, now);
    mikey_ident_set_idr(mikey_msg_add(o, MIKEY_PT_IDR), MIKEY_ROLE_R, &me);
    size_t need;
    rc = mikey_role_add_v(o, s->ks_upd.mac_alg);
    if (rc == 0) {
      rc = mikey_role_size(o, out, cap, outlen, &need);
    }
    if (rc) {
      goto done;
    }
    tr = malloc(need);
    rc = tr ? mikey_role_seal_resp(o, out, cap, outlen, need, in, len, &s->ks_upd)
            : MIKEY_E_NOMEM;
    if (rc) {
      goto done;
    }
    memcpy(tr, out, *outlen);
  }
  /* the TEKs of the new crypto sessions: the same TGK' and RANDs (5.1.3), or the new keying
   * material */
  size_t n = m->hdr.n_cs;
  uint8_t ids[MIKEY_MAX_CS];
  for (size_t i = 0; i < n; i++) {
    ids[i] = m->hdr.cs[i].cs_id;
  }
  nk = n * s->key_len;
  ti = malloc(len);
  rc = ti ? new_keys(s, ids, n, nkp, &keys) : MIKEY_E_NOMEM;
  if (rc) {
    goto done;
  }
  /* commit: the new sessions, keys and messages */
  commit_keys(s, keys, ids, n, nkp);
  keys = NULL;
  s->last_t = t;
  memcpy(ti, in, len);
  free(s->ti);
  s->ti = ti;
  s->ti_len = len;
  ti = NULL;
  if (tr) {
    free(s->tresp);
    s->tresp = tr;
    s->tresp_len = *outlen;
    tr = NULL;
  }
  if (s->info) {
    s->info->transfer_resp_due = m->hdr.v;
  }
  update_info(s, m->hdr.v, info);
done:
  if (rc && rc != MIKEY_E_BUFFER_TOO_SMALL && *outlen) {
    mikey_memzero(out, *outlen);
    *outlen = 0;
  }
  if (keys) {
    mikey_memzero(keys, nk);
    free(keys);
  }
  free(ti);
  free(tr);
  free(m);
  free(o);
  if (nkb) {
    mikey_memzero(nkb, MIKEY_KEMAC_PLAIN_MAX);
    free(nkb);
  }
  return rc;
}

/* check_sessions checks crypto sessions a caller gives for an update: 1..MIKEY_MAX_CS, unique
 * CS IDs, no NULL data; SP payloads at most MIKEY_MAX_SP. */
static int check_sessions(const mikey_transfer_params *p) {
  if (!p || !p->cs || p->n_cs == 0 || (p->n_sp && !p->sp)) {
    return MIKEY_E_INVAL;
  }
  if (p->n_cs > MIKEY_MAX_CS || p->n_sp > MIKEY_MAX_SP) {
    return MIKEY_E_LIMIT;
  }
  for (size_t i = 0; i < p->n_cs; i++) {
    const mikey_cs *c = &p->cs[i];
    if ((c->policies.len && !c->policies.data) || (c->session_data.len && !c->session_data.data) ||
        (c->spi.len && !c->spi.data)) {
      return MIKEY_E_INVAL;
    }
    for (size_t j = 0; j < i; j++) {
      if (p->cs[j].cs_id == c->cs_id) {
        return MIKEY_E_INVAL; /* CS IDs name the sessions: unique */
      }
    }
  }
  return 0;
}

int mikey_responder_csb_update(mikey_responder *r, uint32_t xid, const mikey_transfer_params *p,
                               const mikey_update_keys *nk, int want_resp, uint8_t *out,
                               size_t cap, size_t *outlen, mikey_transfer_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!r || !outlen) {
    return MIKEY_E_INVAL;
  }
  *outlen = 0;
  rslot *s = mikey_responder_find(r, xid, -1);
  if (!s) {
    return MIKEY_E_NOT_FOUND;
  }
  if (s->state != SLOT_ACCEPTED || !s->upd_ok) {
    return MIKEY_E_STATE; /* 5.2 updates an exchange that had a TRANSFER_RESP */
  }
  int rc = check_sessions(p);
  if (rc) {
    return rc;
  }
  int h = (s->flags & MIKEY_TP_H) != 0, g = (s->flags & MIKEY_TP_G) != 0;
  mikey_csbupd_shape sh = {s->ti_prf, p->n_cs, s->key_len, h ? s->randri_len : 0,
                           g ? s->trr_len : 0};
  if (nk) {
    /* 6.10: M=0, the responder SHALL NOT supply session keys (5.2: no KEMAC) */
    rc = (s->flags & mikey_csbupd_supplier_flag(1)) ? mikey_csbupd_check(nk, &sh)
                                                     : MIKEY_E_POLICY;
    if (rc) {
      return rc;
    }
  }
  /* 5.2: "MUST use new timestamps": after this responder's previous update */
  uint64_t now = mikey_env_now(&r->env);
  if (s->own_t && mikey_ntp_diff(now, s->own_t) <= 0) {
    now = s->own_t + 1;
  }
  mikey_msg *m = malloc(sizeof(*m));
  uint8_t *kem = malloc(MIKEY_KEMAC_PLAIN_MAX), *keys = NULL, *copy = NULL;
  size_t kem_len = 0, need = 0;
  uint8_t ids[MIKEY_MAX_CS];
  rc = m && kem ? 0 : MIKEY_E_NOMEM;
  if (rc == 0 && nk) {
    /* the keys of the update, its CSB ID and T (D1) */
    rc = mikey_csbupd_seal(&s->ks_upd, s->ti_csb, now, nk, &sh, kem, MIKEY_KEMAC_PLAIN_MAX,
                           &kem_len);
  }
  if (rc) {
    goto done;
  }
  /* TRANSFER_INIT = HDR, T, [IDRr], [IDRi], {SP}, [KEMAC], V (5.2, second figure): the CSB ID
   * of the initial exchange, HDR V = want_resp, the crypto sessions as the initial exchange
   * negotiates them */
  mikey_identity self = mikey_ident_view(&r->party.self);
  mikey_identity me = s->mod_id.data ? mikey_ident_view(&s->mod_id) : self;
  mikey_identity ini = mikey_ident_view(&s->ini_id);
  mikey_msg_init(m, MIKEY_DT_TRANSFER_INIT);
  m->hdr.v = want_resp ? 1 : 0;
  m->hdr.prf = s->ti_prf;
  m->hdr.csb_id = s->ti_csb;
  m->hdr.map_type = MIKEY_MAP_GENERIC_ID;
  m->hdr.n_cs = (uint8_t)p->n_cs;
  memcpy(m->hdr.cs, p->cs, p->n_cs * sizeof(mikey_cs));
  mikey_ts_set_now(&mikey_msg_add(m, MIKEY_PT_T)->u.t, now);
  mikey_ident_set_idr(mikey_msg_add(m, MIKEY_PT_IDR), MIKEY_ROLE_R, &me);
  mikey_ident_set_idr(mikey_msg_add(m, MIKEY_PT_IDR), MIKEY_ROLE_I, &ini);
  for (size_t i = 0; i < p->n_sp; i++) {
    mikey_msg_add(m, MIKEY_PT_SP)->u.sp = p->sp[i];
  }
  if (nk) {
    mikey_payload *k = mikey_msg_add(m, MIKEY_PT_KEMAC);
    k->u.kemac.encr_alg = s->ks_upd.encr_alg;
    k->u.kemac.encr_data = (mikey_bytes){kem, kem_len};
    k->u.kemac.mac_alg = MIKEY_MAC_NULL;
  }
  rc = mikey_role_add_v(m, s->ks_upd.mac_alg);
  if (rc == 0) {
    rc = mikey_role_size(m, out, cap, outlen, &need);
  }
  if (rc) {
    goto done;
  }
  for (size_t i = 0; i < p->n_cs; i++) {
    ids[i] = p->cs[i].cs_id;
  }
  copy = want_resp ? malloc(need) : NULL;
  rc = want_resp && !copy ? MIKEY_E_NOMEM : new_keys(s, ids, p->n_cs, nk, &keys);
  if (rc == 0) {
    /* Table 5.2: TRANSFER_INIT || Identity_i || Identity_r, the roles of the initial exchange
     * whoever sends; the keys of its TRANSFER_RESP (5.2) */
    rc = mikey_role_seal_init(m, out, cap, outlen, need, &ini, &me, &s->ks_upd);
  }
  if (rc) {
    goto done;
  }
  /* commit: the new sessions and keys now, as the initiator does for its updates */
  commit_keys(s, keys, ids, p->n_cs, nk);
  keys = NULL;
  s->own_t = now;
  free(s->upd);
  s->upd = NULL;
  s->upd_len = 0;
  if (copy) {
    memcpy(copy, out, *outlen);
    s->upd = copy;
    s->upd_len = *outlen;
    copy = NULL;
  }
  if (s->info) {
    s->info->transfer_resp_due = 0;
  }
  update_info(s, 0, info);
done:
  if (keys) {
    mikey_memzero(keys, p->n_cs * s->key_len);
    free(keys);
  }
  if (kem) {
    mikey_memzero(kem, MIKEY_KEMAC_PLAIN_MAX);
    free(kem);
  }
  free(copy);
  free(m);
  return rc;
}

int mikey_responder_on_transfer_resp(mikey_responder *r, const uint8_t *in, size_t len,
                                     mikey_transfer_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!r || !in) {
    return MIKEY_E_INVAL;
  }
  mikey_msg *m = malloc(sizeof(*m));
  int rc = m ? mikey_msg_decode(m, in, len) : MIKEY_E_NOMEM;
  if (rc) {
    goto done;
  }
  rslot *s = NULL;
  for (size_t i = 0; i < r->nslots && !s; i++) {
    rslot *c = &r->slots[i];
    if (c->state == SLOT_ACCEPTED && c->upd && c->ti_csb == m->hdr.csb_id) {
      s = c;
    }
  }
  if (!s) {
    rc = MIKEY_E_NO_PENDING; /* no update of this responder awaits an answer in this CSB */
    goto done;
  }
  mikey_hdr uh;
  memset(&uh, 0, sizeof(uh));
  uh.version = MIKEY_HDR_VERSION;
  uh.prf = s->ti_prf;
  uh.csb_id = s->ti_csb;
  if (m->hdr.data_type == MIKEY_DT_ERROR) {
    /* 5.4: the auth_key of the update; an authenticated refusal ends the wait */
    uint8_t no;
    int authd;
    rc = mikey_errmsg_check(m, &uh, &s->ks_upd, &no, &authd);
    if (rc == MIKEY_E_PEER_ERROR) {
      if (info) {
        info->xid = s->xid;
        info->peer_error = no;
        info->peer_error_authenticated = authd;
      }
      if (authd) {
        free(s->upd);
        s->upd = NULL;
        s->upd_len = 0;
      }
    }
    goto done;
  }
  /* 4.2.2.3: version, PRF func and CSB ID identical */
  if (m->hdr.data_type != MIKEY_DT_TRANSFER_RESP || m->hdr.version != uh.version ||
      m->hdr.prf != uh.prf) {
    rc = MIKEY_E_MISMATCH;
    goto done;
  }
  rc = mikey_msg_validate(m, 0);
  if (rc == 0 && mikey_msg_find(m, MIKEY_PT_KEMAC, -1)) {
    /* initiator-supplied keys in the answer: L=0 "SHALL NOT"; with L=1 not taken here */
    rc = (s->flags & mikey_csbupd_supplier_flag(0)) ? MIKEY_E_UNSUPPORTED : MIKEY_E_POLICY;
  }
  if (rc) {
    goto done;
  }
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  const mikey_payload *ip = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_I);
  rc = tsp ? mikey_ts_fresh(&tsp->u.t, mikey_env_now(&r->env), r->prof.clock_skew)
           : MIKEY_E_MISSING_PAYLOAD;
  if (rc == 0 && ip &&
      mikey_find(ip + 1, (size_t)(m->pl + m->n - (ip + 1)), MIKEY_PT_IDR, MIKEY_ROLE_I)) {
    /* the grammar ignores an IDRi in a TRANSFER_RESP; the one checked below must be the only
     * one, or a second naming anyone would ride along unchecked */
    rc = MIKEY_E_UNEXPECTED_PAYLOAD;
  }
  if (rc == 0 && ip) {
    mikey_identity ini = mikey_ident_view(&s->ini_id);
    rc = mikey_ident_eq_id(&ini, &ip->u.id) ? 0 : MIKEY_E_IDENTITY;
  }
  if (rc == 0) {
    /* Table 5.2: TRANSFER_RESP || TRANSFER_INIT (the update), the keys of the update */
    mikey_cover c;
    rc = mikey_vmac_cover_resp(m, s->upd, s->upd_len, &c);
    if (rc == 0) {
      rc = mikey_vmac_verify(m, m->hdr.prf, &c, &s->ks_upd);
    }
  }
  if (rc) {
    goto done;
  }
  free(s->upd);
  s->upd = NULL;
  s->upd_len = 0;
  update_info(s, 0, info);
done:
  free(m);
  return rc;
}
