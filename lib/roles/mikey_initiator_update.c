/*
 * mikey_initiator_update.c: CSB updating started by the initiator (RFC 6043 5.2).
 *
 *   TRANSFER_INIT = HDR, T, [IDRi], [IDRr], {SP}, [KEMAC], V
 *   TRANSFER_RESP = HDR, T, [IDRr], {SP}, [KEMAC], V
 *
 * "The new message exchange MUST use the same CSB ID as the initial exchange but MUST use new
 * timestamps. The crypto sessions negotiation (#CS field, CS ID map info field, and SP
 * payloads) are handled as in the initial exchange. In the TRANSFER_INIT message the V flag
 * SHALL be used to indicate whether or not a response message is expected. [...] New RANDs or
 * TICKETs MUST NOT be included. [...] Both messages SHALL be protected with the same keys
 * (derived from MPKi or MPKr') that protected the last message (TRANSFER_INIT or
 * TRANSFER_RESP) in the initial exchange."
 *
 * This engine updates the crypto sessions (new CS IDs, SPs) of an IMS exchange that ended with
 * a TRANSFER_RESP: the TEK of each crypto session comes from the same TGK' and RANDs as before
 * (5.1.3), or, when the caller supplies new keying material and the ticket's L flag allows it,
 * from the KEMAC of the update (mikey_csbupd.c). The static payloads (RANDRi, TICKET) are left
 * out.
 */
#include <stdlib.h>
#include <string.h>

#include "roles/mikey_csbupd.h"
#include "roles/mikey_initiator_local.h"

int mikey_initiator_csb_update(mikey_initiator *ini, const mikey_transfer_params *p,
                               int want_resp, uint8_t *out, size_t cap, size_t *outlen,
                               mikey_transfer_info *info) {
  return mikey_initiator_csb_update_keys(ini, p, NULL, want_resp, out, cap, outlen, info);
}

int mikey_initiator_csb_update_keys(mikey_initiator *ini, const mikey_transfer_params *p,
                                    const mikey_update_keys *nk_in, int want_resp, uint8_t *out,
                                    size_t cap, size_t *outlen, mikey_transfer_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!ini || !outlen) {
    return MIKEY_E_INVAL;
  }
  *outlen = 0;
  if (ini->x_state != XFER_DONE || !ini->x_upd_ok) {
    return MIKEY_E_STATE; /* no initial exchange completed with a TRANSFER_RESP */
  }
  const mikey_role_profile *prof = &ini->prof;
  /* new timestamps: strictly after the last TRANSFER_INIT of this CSB */
  uint64_t now = mikey_env_now(&ini->env);
  if (mikey_ntp_diff(now, ini->x_last_t) <= 0) {
    now = ini->x_last_t + 1;
  }
  /* the new crypto sessions: keep the old ones to restore them on failure */
  mikey_cs old_cs[MIKEY_MAX_CS];
  mikey_sp old_sp[MIKEY_MAX_SP];
  size_t old_ncs = ini->x_ncs, old_nsp = ini->x_nsp;
  uint8_t *old_csbuf = ini->x_csbuf, *old_spbuf = ini->x_spbuf;
  memcpy(old_cs, ini->x_cs, sizeof(old_cs));
  memcpy(old_sp, ini->x_sp, sizeof(old_sp));
  ini->x_csbuf = ini->x_spbuf = NULL;
  mikey_msg *m = NULL;
  uint8_t *keys = NULL, *copy = NULL, *kem = NULL;
  mikey_key *new_tgk = NULL;
  size_t nk = 0; /* bytes of |keys| */
  int rc = p ? mikey_initiator_copy_sessions(ini, p) : MIKEY_E_INVAL;
  if (rc) {
    goto fail;
  }
  nk = ini->x_ncs * ini->x_key_len;
  int h = (ini->flags & MIKEY_TP_H) != 0, g = (ini->flags & MIKEY_TP_G) != 0;
  mikey_csbupd_shape sh = {prof->prf, ini->x_ncs, ini->x_key_len, h ? ini->x_randri_len : 0,
                           g ? ini->x_randrr_len : 0};
  size_t kem_len = 0;
  if (nk_in) {
    /* 5.2 and 6.10: "If indicated by the Ticket Policy (L and M flags), KEMAC payloads SHALL
     * NOT be included"; L=0: the initiator SHALL NOT supply session keys */
    rc = (ini->flags & mikey_csbupd_supplier_flag(0)) ? mikey_csbupd_check(nk_in, &sh)
                                                       : MIKEY_E_POLICY;
    if (rc == 0) {
      kem = malloc(MIKEY_KEMAC_PLAIN_MAX);
      rc = kem ? 0 : MIKEY_E_NOMEM;
    }
    if (rc == 0) {
      /* the keys of the update, its CSB ID and T (D1) */
      rc = mikey_csbupd_seal(&ini->x_ks_upd, ini->x_csb, now, nk_in, &sh, kem,
                             MIKEY_KEMAC_PLAIN_MAX, &kem_len);
    }
    if (rc == 0 && nk_in->type != MIKEY_KEY_TEK) {
      rc = mikey_key_new(&new_tgk, nk_in->keys, nk_in->len);
    }
    if (rc) {
      goto fail;
    }
  }
  uint8_t encr_alg, mac_alg;
  rc = mikey_suite_algs(prof->prf, &encr_alg, &mac_alg);
  if (rc) {
    goto fail;
  }
  m = malloc(sizeof(*m));
  if (!m) {
    rc = MIKEY_E_NOMEM;
    goto fail;
  }
  mikey_identity self = mikey_ident_view(&ini->party.self), resp = mikey_ident_view(&ini->x_resp);
  mikey_msg_init(m, MIKEY_DT_TRANSFER_INIT);
  m->hdr.v = want_resp ? 1 : 0;
  m->hdr.prf = prof->prf;
  m->hdr.csb_id = ini->x_csb;
  m->hdr.map_type = MIKEY_MAP_GENERIC_ID;
  m->hdr.n_cs = (uint8_t)ini->x_ncs;
  memcpy(m->hdr.cs, ini->x_cs, ini->x_ncs * sizeof(mikey_cs));
  mikey_ts_set_now(&mikey_msg_add(m, MIKEY_PT_T)->u.t, now);
  mikey_ident_set_idr(mikey_msg_add(m, MIKEY_PT_IDR), MIKEY_ROLE_I, &self);
  mikey_ident_set_idr(mikey_msg_add(m, MIKEY_PT_IDR), MIKEY_ROLE_R, &resp);
  for (size_t i = 0; i < ini->x_nsp; i++) {
    mikey_msg_add(m, MIKEY_PT_SP)->u.sp = ini->x_sp[i];
  }
  if (kem) {
    mikey_payload *k = mikey_msg_add(m, MIKEY_PT_KEMAC);
    k->u.kemac.encr_alg = ini->x_ks_upd.encr_alg;
    k->u.kemac.encr_data = (mikey_bytes){kem, kem_len};
    k->u.kemac.mac_alg = MIKEY_MAC_NULL;
  }
  size_t need;
  rc = mikey_role_add_v(m, mac_alg);
  if (rc == 0) {
    rc = mikey_role_size(m, out, cap, outlen, &need);
  }
  if (rc) {
    goto fail;
  }
  keys = malloc(nk ? nk : 1);
  copy = malloc(need);
  if (!keys || !copy) {
    rc = MIKEY_E_NOMEM;
    goto fail;
  }
  /* Table 5.2: TRANSFER_INIT || Identity_i || Identity_r, with the update keys (5.2) */
  rc = mikey_role_seal_init(m, out, cap, outlen, need, &self, &resp, &ini->x_ks_upd);
  if (rc) {
    goto fail;
  }
  /* the TEKs of the new crypto sessions: same TGK' (or the new TGK), same RANDs (5.1.3), or
   * the TEKs of the KEMAC */
  uint8_t *old_keys = ini->x_keys;
  ini->x_keys = keys;
  keys = NULL;
  if (nk_in && nk_in->type == MIKEY_KEY_TEK) {
    memcpy(ini->x_keys, nk_in->keys, nk);
    ini->x_keys_ready = 1;
  } else {
    mikey_key *tgk = new_tgk ? new_tgk : ini->x_tgk;
    rc = mikey_initiator_derive_teks(ini, mikey_key_data(tgk), mikey_key_len(tgk), ini->x_randrr,
                                     ini->x_randrr_len);
  }
  if (rc) {
    keys = ini->x_keys;
    ini->x_keys = old_keys;
    mikey_memzero(out, need);
    *outlen = 0;
    goto fail;
  }
  if (old_keys) {
    mikey_memzero(old_keys, old_ncs * ini->x_key_len);
    free(old_keys);
  }
  memset(ini->x_released, 0, sizeof(ini->x_released));
  if (new_tgk) {
    mikey_key_free(ini->x_tgk); /* 5.2: the new TGK serves the later updates too */
    ini->x_tgk = new_tgk;
  }
  if (kem) {
    mikey_memzero(kem, MIKEY_KEMAC_PLAIN_MAX);
    free(kem);
  }
  free(old_csbuf);
  free(old_spbuf);
  memcpy(copy, out, *outlen);
  free(ini->x_msg);
  ini->x_msg = copy;
  ini->x_msg_len = *outlen;
  ini->x_last_t = now;
  ini->x_state = want_resp ? XFER_UPDATE_SENT : XFER_DONE;
  if (info) {
    mikey_initiator_fill_info(ini, info);
  }
  free(m);
  return 0;
fail:
  /* nothing changes: the previous crypto sessions come back */
  free(ini->x_csbuf);
  free(ini->x_spbuf);
  ini->x_csbuf = old_csbuf;
  ini->x_spbuf = old_spbuf;
  memcpy(ini->x_cs, old_cs, sizeof(old_cs));
  memcpy(ini->x_sp, old_sp, sizeof(old_sp));
  ini->x_ncs = old_ncs;
  ini->x_nsp = old_nsp;
  if (keys) {
    mikey_memzero(keys, nk);
    free(keys);
  }
  free(copy);
  free(m);
  mikey_key_free(new_tgk);
  if (kem) {
    mikey_memzero(kem, MIKEY_KEMAC_PLAIN_MAX);
    free(kem);
  }
  return rc;
}

/* Scratch of mikey_initiator_on_csb_update. */
typedef struct peer_work {
  mikey_msg m;
  mikey_msg o;
  mikey_sp sp[MIKEY_MAX_SP];
  uint8_t nk[MIKEY_KEMAC_PLAIN_MAX];
} peer_work;

/* peer_check checks a responder-started update w->m (|in|) up to its V, and opens its KEMAC
 * into w->nk (*|nkp| then points to the new keying material, else it stays NULL). */
static int peer_check(mikey_initiator *ini, peer_work *w, uint64_t now, uint64_t *t,
                      mikey_update_keys *nk, mikey_update_keys **nkp) {
  mikey_msg *m = &w->m;
  if (m->hdr.data_type != MIKEY_DT_TRANSFER_INIT) {
    return MIKEY_E_BAD_DATA_TYPE;
  }
  if (m->hdr.csb_id != ini->x_csb) {
    return MIKEY_E_NOT_FOUND; /* 5.2: "the same CSB ID as the initial exchange" */
  }
  if (m->hdr.version != MIKEY_HDR_VERSION || m->hdr.prf != ini->prof.prf) {
    return MIKEY_E_MISMATCH;
  }
  int rc = mikey_csbupd_grammar(m);
  if (rc) {
    return rc;
  }
  const mikey_payload *kem = mikey_msg_find(m, MIKEY_PT_KEMAC, -1);
  if (kem && !(ini->flags & mikey_csbupd_supplier_flag(1))) {
    return MIKEY_E_POLICY; /* M=0: "KEMAC payloads SHALL NOT be included" (5.2, 6.10) */
  }
  size_t nsp = 0;
  for (size_t i = 0; i < m->n; i++) {
    if (m->pl[i].type == MIKEY_PT_SP) {
      if (nsp == MIKEY_MAX_SP) {
        return MIKEY_E_LIMIT;
      }
      w->sp[nsp++] = m->pl[i].u.sp;
    }
  }
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  rc = mikey_ts_fresh(&tsp->u.t, now, ini->prof.clock_skew);
  if (rc) {
    return rc;
  }
  (void)mikey_ts_ntp64(&tsp->u.t, t);
  if (ini->x_peer_t && mikey_ntp_diff(*t, ini->x_peer_t) <= 0) {
    return MIKEY_E_REPLAY; /* 5.2: new timestamps; an old or repeated one is a replay */
  }
  const mikey_payload *ip = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_I);
  const mikey_payload *rp = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_R);
  mikey_identity self = mikey_ident_view(&ini->party.self);
  mikey_identity sent = mikey_ident_view(&ini->x_resp);
  mikey_identity peer = ini->x_peer.data ? mikey_ident_view(&ini->x_peer) : sent;
  if (ip && !mikey_ident_eq_id(&self, &ip->u.id)) {
    return MIKEY_E_IDENTITY;
  }
  if (rp && !mikey_ident_eq_id(&sent, &rp->u.id) && !mikey_ident_eq_id(&peer, &rp->u.id)) {
    return MIKEY_E_IDENTITY;
  }
  mikey_identity idr = rp ? mikey_ident_from_id(&rp->u.id) : peer;
  /* Table 5.2 (Identity_i, Identity_r: the roles of the initial exchange), the keys of its
   * TRANSFER_RESP (5.2) */
  mikey_cover c;
  rc = mikey_vmac_cover_init(m, &self, &idr, &c);
  if (rc == 0) {
    rc = mikey_vmac_verify(m, m->hdr.prf, &c, &ini->x_ks_upd);
  }
  if (rc || !kem) {
    return rc;
  }
  int h = (ini->flags & MIKEY_TP_H) != 0, g = (ini->flags & MIKEY_TP_G) != 0;
  mikey_csbupd_shape sh = {ini->prof.prf, m->hdr.n_cs, ini->x_key_len,
                           h ? ini->x_randri_len : 0, g ? ini->x_randrr_len : 0};
  rc = mikey_csbupd_open(&ini->x_ks_upd, ini->x_csb, *t, &kem->u.kemac, &sh, w->nk,
                         sizeof(w->nk), nk);
  if (rc == 0) {
    *nkp = nk;
  }
  return rc;
}

int mikey_initiator_on_csb_update(mikey_initiator *ini, const uint8_t *in, size_t len,
                                  uint8_t *out, size_t cap, size_t *outlen,
                                  mikey_transfer_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!ini || !in || !outlen) {
    return MIKEY_E_INVAL;
  }
  *outlen = 0;
  if (ini->x_state != XFER_DONE || !ini->x_upd_ok) {
    return MIKEY_E_STATE; /* no exchange with a TRANSFER_RESP, or an update of ours pending */
  }
  peer_work *w = malloc(sizeof(*w));
  if (!w) {
    return MIKEY_E_NOMEM;
  }
  uint64_t now = mikey_env_now(&ini->env), t = 0;
  mikey_update_keys nk, *nkp = NULL;
  mikey_key *new_tgk = NULL;
  uint8_t *keys = NULL, *old_keys = NULL, *old_csbuf = NULL, *old_spbuf = NULL;
  mikey_cs old_cs[MIKEY_MAX_CS];
  mikey_sp old_sp[MIKEY_MAX_SP];
  size_t old_ncs = ini->x_ncs, old_nsp = ini->x_nsp, need = 0, nsp = 0, keys_len = 0;
  int swapped = 0;
  int rc = mikey_msg_decode(&w->m, in, len);
  if (rc == 0) {
    rc = peer_check(ini, w, now, &t, &nk, &nkp);
  }
  if (rc) {
    goto done;
  }
  mikey_msg *m = &w->m;
  for (size_t i = 0; i < m->n; i++) {
    nsp += m->pl[i].type == MIKEY_PT_SP;
  }
  /* the answer, when asked for: HDR (V=0, the update's crypto sessions), T, IDRi, V over
   * TRANSFER_RESP || TRANSFER_INIT with the same keys (5.2) */
  if (m->hdr.v) {
    mikey_msg *o = &w->o;
    mikey_role_resp_hdr(o, MIKEY_DT_TRANSFER_RESP, &m->hdr);
    mikey_ts_set_now(&mikey_msg_add(o, MIKEY_PT_T)->u.t, now);
    mikey_identity self = mikey_ident_view(&ini->party.self);
    mikey_ident_set_idr(mikey_msg_add(o, MIKEY_PT_IDR), MIKEY_ROLE_I, &self);
    rc = mikey_role_add_v(o, ini->x_ks_upd.mac_alg);
    if (rc == 0) {
      rc = mikey_role_size(o, out, cap, outlen, &need);
    }
    if (rc) {
      goto done;
    }
  }
  /* the new crypto sessions (the old ones come back on failure) and their keys */
  memcpy(old_cs, ini->x_cs, sizeof(old_cs));
  memcpy(old_sp, ini->x_sp, sizeof(old_sp));
  old_csbuf = ini->x_csbuf;
  old_spbuf = ini->x_spbuf;
  old_keys = ini->x_keys;
  ini->x_csbuf = ini->x_spbuf = NULL;
  ini->x_keys = NULL;
  swapped = 1;
  mikey_transfer_params p;
  memset(&p, 0, sizeof(p));
  p.cs = m->hdr.cs;
  p.n_cs = m->hdr.n_cs;
  p.sp = w->sp;
  p.n_sp = nsp;
  rc = mikey_initiator_copy_sessions(ini, &p);
  if (rc == MIKEY_E_INVAL) {
    rc = MIKEY_E_POLICY; /* crypto sessions this engine cannot take (duplicate CS IDs) */
  }
  if (rc == 0) {
    keys_len = ini->x_ncs * ini->x_key_len;
    keys = malloc(keys_len ? keys_len : 1);
    rc = keys ? 0 : MIKEY_E_NOMEM;
  }
  if (rc == 0 && nkp && nkp->type != MIKEY_KEY_TEK) {
    rc = mikey_key_new(&new_tgk, nkp->keys, nkp->len);
  }
  if (rc) {
    goto done;
  }
  ini->x_keys = keys;
  keys = NULL;
  if (nkp && nkp->type == MIKEY_KEY_TEK) {
    memcpy(ini->x_keys, nkp->keys, nkp->len);
    ini->x_keys_ready = 1;
  } else {
    mikey_key *tgk = new_tgk ? new_tgk : ini->x_tgk;
    rc = mikey_initiator_derive_teks(ini, mikey_key_data(tgk), mikey_key_len(tgk), ini->x_randrr,
                                     ini->x_randrr_len);
  }
  if (rc == 0 && m->hdr.v) {
    rc = mikey_role_seal_resp(&w->o, out, cap, outlen, need, in, len, &ini->x_ks_upd);
  }
  if (rc) {
    keys = ini->x_keys;
    ini->x_keys = NULL;
    goto done;
  }
  /* commit */
  swapped = 0;
  if (old_keys) {
    mikey_memzero(old_keys, old_ncs * ini->x_key_len);
    free(old_keys);
  }
  free(old_csbuf);
  free(old_spbuf);
  memset(ini->x_released, 0, sizeof(ini->x_released));
  if (new_tgk) {
    mikey_key_free(ini->x_tgk); /* 5.2: the new TGK serves the later updates too */
    ini->x_tgk = new_tgk;
    new_tgk = NULL;
  }
  ini->x_peer_t = t;
  if (info) {
    mikey_initiator_fill_info(ini, info);
  }
done:
  if (swapped) {
    /* nothing changes: the previous crypto sessions and keys come back */
    free(ini->x_csbuf);
    free(ini->x_spbuf);
    ini->x_csbuf = old_csbuf;
    ini->x_spbuf = old_spbuf;
    memcpy(ini->x_cs, old_cs, sizeof(old_cs));
    memcpy(ini->x_sp, old_sp, sizeof(old_sp));
    ini->x_ncs = old_ncs;
    ini->x_nsp = old_nsp;
    ini->x_keys = old_keys;
    ini->x_keys_ready = 1;
  }
  if (keys) {
    mikey_memzero(keys, keys_len);
    free(keys);
  }
  mikey_key_free(new_tgk);
  mikey_memzero(w, sizeof(*w));
  free(w);
  return rc;
}
