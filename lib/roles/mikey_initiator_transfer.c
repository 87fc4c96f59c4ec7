/*
 * mikey_initiator_transfer.c: the initiator side of the Ticket Transfer exchange
 * (RFC 6043 4.2.2; PROFILE.md sections 4 and 6; TS 33.328 Annex I.3/I.4).
 *
 *   TRANSFER_INIT = HDR, T, RANDRi, IDRi, IDRr, {SP}, TICKET, [EXT proof-of-origin], V
 *   TRANSFER_RESP = HDR, T, [RANDRr], [IDRr], [RANDRkms], {SP}, [KEMAC], V   (F=1 only)
 *
 * Proof-of-origin ordering: the extension carries the authentication tag of the S/MIME
 * message whose content key is wrapped under the KEK, and the KEK depends on RANDRi. So the
 * transfer is prepared first (CSB ID, T, RANDRi; the KEK is derived), the caller protects
 * its message, and the TRANSFER_INIT is finished with the tag: V over the message minus the
 * Initiator Data fields || Identity_i || Identity_r (5.5), then, with I=1, Initiator Data
 * = Vi (a copy of V) and Vr (key from MPKr, 6.10) written into the room reserved for them.
 *
 * Keys (5.1.3): the TEK of crypto session |cs_id| is PRF(TGK | TGK' | GTGK, 0x2AD01C64 ||
 * CS ID || 0xFFFFFFFF || 0x03 || RANDRi (H=1) || RANDRr (G=1)); for PSK/MIME that TEK is the
 * KEK (PROFILE.md section 4). They are known at preparation unless they need RANDRr (G=1) or
 * a forked TGK (I=1 with a TGK), which only the TRANSFER_RESP brings.
 */
#include <stdlib.h>
#include <string.h>

#include "roles/mikey_initiator_local.h"

/* Zero bytes: room for the Initiator Data placeholder (First Payload and two 32-byte-MAC V
 * payloads), and the RANDRi and proof-of-origin placeholders of
 * mikey_initiator_transfer_size(). */
static const uint8_t zero_idata[1 + 2 * (2 + MIKEY_SUITE_MAX_TAG)];
_Static_assert(sizeof(zero_idata) >= INI_RAND_MAX && sizeof(zero_idata) >= MIKEY_POO_MAX,
               "zero_idata holds the sizing placeholders");

void mikey_initiator_drop_transfer(mikey_initiator *ini) {
  if (ini->x_keys) {
    mikey_memzero(ini->x_keys, ini->x_ncs * ini->x_key_len);
    free(ini->x_keys);
  }
  free(ini->x_csbuf);
  free(ini->x_spbuf);
  free(ini->x_msg);
  mikey_ident_free(&ini->x_resp);
  mikey_ident_free(&ini->x_peer);
  ini->x_peer_t = 0;
  mikey_key_free(ini->x_tgk);
  ini->x_tgk = NULL;
  mikey_keyset_clear(&ini->x_ks_upd);
  mikey_memzero(ini->x_randrr, sizeof(ini->x_randrr));
  ini->x_randrr_len = 0;
  ini->x_upd_ok = 0;
  ini->x_last_t = 0;
  ini->x_keys = NULL;
  ini->x_csbuf = NULL;
  ini->x_spbuf = NULL;
  ini->x_msg = NULL;
  ini->x_msg_len = 0;
  ini->x_ncs = 0;
  ini->x_nsp = 0;
  ini->x_keys_ready = 0;
  ini->x_state = XFER_NONE;
  mikey_memzero(ini->x_randri, sizeof(ini->x_randri));
  memset(ini->x_released, 0, sizeof(ini->x_released));
}

int mikey_initiator_derive_teks(mikey_initiator *ini, const uint8_t *tgk, size_t tgk_len,
                                const uint8_t *randrr, size_t randrr_len) {
  mikey_prf p;
  mikey_prf_init(&p);
  /* 5.1.3: "executed using the PRF indicated in the HDR payload" */
  int rc = mikey_prf_setkey(&p, ini->prof.prf, tgk, tgk_len);
  int h = (ini->flags & MIKEY_TP_H) != 0, g = (ini->flags & MIKEY_TP_G) != 0;
  for (size_t i = 0; rc == 0 && i < ini->x_ncs; i++) {
    rc = mikey_kdf_tgk(&p, MIKEY_KDF_TEK, ini->x_cs[i].cs_id, h ? ini->x_randri : NULL,
                       h ? ini->x_randri_len : 0, g ? randrr : NULL, g ? randrr_len : 0,
                       ini->x_keys + i * ini->x_key_len, ini->x_key_len);
  }
  mikey_prf_clear(&p);
  if (rc) {
    mikey_memzero(ini->x_keys, ini->x_ncs * ini->x_key_len);
  } else {
    ini->x_keys_ready = 1;
  }
  return rc;
}

/* pskmime_session fills |cs| with the one PSK/MIME crypto session (PROFILE.md section 4:
 * CS ID 1, Prot type, S=0, #P=0, no Session Data, SPI = the KEK identifier). */
static void pskmime_session(const mikey_initiator *ini, mikey_cs *cs) {
  memset(cs, 0, sizeof(*cs));
  cs->cs_id = 1;
  cs->prot_type = ini->prof.prot_type;
  cs->spi = (mikey_bytes){ini->kek_id, ini->kek_id_len};
}

/* check_sessions checks the crypto sessions and SP payloads of |p| (IMS profile) and gives
 * the bytes their variable fields need: |*cs_bytes| and |*sp_bytes| (one more each). */
static int check_sessions(const mikey_transfer_params *p, size_t *cs_bytes, size_t *sp_bytes) {
  if (!p || !p->cs || p->n_cs == 0 || p->n_cs > MIKEY_MAX_CS) {
    return p && p->n_cs > MIKEY_MAX_CS ? MIKEY_E_LIMIT : MIKEY_E_INVAL;
  }
  if (p->n_sp > MIKEY_MAX_SP || (p->n_sp && !p->sp)) {
    return p->n_sp > MIKEY_MAX_SP ? MIKEY_E_LIMIT : MIKEY_E_INVAL;
  }
  size_t total = 1;
  for (size_t i = 0; i < p->n_cs; i++) {
    const mikey_cs *c = &p->cs[i];
    if ((c->policies.len && !c->policies.data) || (c->session_data.len && !c->session_data.data) ||
        (c->spi.len && !c->spi.data) || c->policies.len > 127 || c->spi.len > 255 ||
        c->session_data.len > 0xffff) {
      return MIKEY_E_INVAL;
    }
    for (size_t j = 0; j < i; j++) {
      if (p->cs[j].cs_id == c->cs_id) {
        return MIKEY_E_INVAL; /* CS IDs name the sessions: unique */
      }
    }
    total += c->policies.len + c->session_data.len + c->spi.len;
  }
  size_t sptotal = 1;
  for (size_t i = 0; i < p->n_sp; i++) {
    if ((p->sp[i].params.len && !p->sp[i].params.data) || p->sp[i].params.len > 0xffff) {
      return MIKEY_E_INVAL;
    }
    sptotal += p->sp[i].params.len;
  }
  *cs_bytes = total;
  *sp_bytes = sptotal;
  return 0;
}

/* copy_sessions copies the crypto sessions and SP payloads of |p| (IMS) or sets the one
 * PSK/MIME crypto session. */
int mikey_initiator_copy_sessions(mikey_initiator *ini, const mikey_transfer_params *p) {
  free(ini->x_csbuf);
  free(ini->x_spbuf);
  ini->x_csbuf = NULL;
  ini->x_spbuf = NULL;
  ini->x_ncs = 0;
  ini->x_nsp = 0;
  if (ini->prof.kind == MIKEY_ROLE_PSKMIME) {
    ini->x_ncs = 1;
    pskmime_session(ini, &ini->x_cs[0]);
    return 0;
  }
  size_t total = 0, sptotal = 0;
  int rc = check_sessions(p, &total, &sptotal);
  if (rc) {
    return rc;
  }
  ini->x_csbuf = malloc(total);
  ini->x_spbuf = malloc(sptotal);
  if (!ini->x_csbuf || !ini->x_spbuf) {
    return MIKEY_E_NOMEM;
  }
  uint8_t *b = ini->x_csbuf;
  for (size_t i = 0; i < p->n_cs; i++) {
    mikey_cs *d = &ini->x_cs[i];
    *d = p->cs[i];
    const mikey_bytes *src[3] = {&p->cs[i].policies, &p->cs[i].session_data, &p->cs[i].spi};
    mikey_bytes *dst[3] = {&d->policies, &d->session_data, &d->spi};
    for (int k = 0; k < 3; k++) {
      if (src[k]->len) {
        memcpy(b, src[k]->data, src[k]->len);
      }
      *dst[k] = (mikey_bytes){b, src[k]->len};
      b += src[k]->len;
    }
  }
  ini->x_ncs = p->n_cs;
  b = ini->x_spbuf;
  for (size_t i = 0; i < p->n_sp; i++) {
    ini->x_sp[i] = p->sp[i];
    if (p->sp[i].params.len) {
      memcpy(b, p->sp[i].params.data, p->sp[i].params.len);
    }
    ini->x_sp[i].params = (mikey_bytes){b, p->sp[i].params.len};
    b += p->sp[i].params.len;
  }
  ini->x_nsp = p->n_sp;
  return 0;
}

void mikey_initiator_fill_info(const mikey_initiator *ini, mikey_transfer_info *info) {
  memset(info, 0, sizeof(*info));
  info->csb_id = ini->x_csb;
  info->flags = ini->flags;
  info->ticket_type = ini->ticket_type;
  memcpy(info->kek_id, ini->kek_id, ini->kek_id_len);
  info->kek_id_len = ini->kek_id_len;
  info->key_len = ini->x_key_len;
  info->n_cs = ini->x_ncs;
  for (size_t i = 0; i < ini->x_ncs; i++) {
    info->cs_ids[i] = ini->x_cs[i].cs_id;
  }
  info->keys_ready = ini->x_keys_ready;
  info->transfer_resp_due = 0;
}

/* randri_len gives the length of the RANDRi a transfer sends (D5: RANDRi alone covers the
 * MPK and TGK unless G=1 brings RANDRr). */
static size_t randri_len(const mikey_initiator *ini) {
  size_t klen = mikey_key_len(ini->tgk), mlen = mikey_key_len(ini->mpki);
  return mikey_suite_rand_len(klen > mlen ? klen : mlen);
}

/* pick_responder sets |*resp| to the IDRr a transfer with |p| sends: p->responder (checked),
 * else the first IDRr of the ticket's policy, parsed into |tv| (|*resp| then points into the
 * ticket). Returns 0, MIKEY_E_POLICY (no IDRr), the codes of mikey_ident_check() and of the
 * ticket parser. */
static int pick_responder(const mikey_initiator *ini, const mikey_transfer_params *p,
                          mikey_ticket_view *tv, mikey_identity *resp) {
  int rc = mikey_ticket_parse_payload(tv, ini->ticket, ini->ticket_len);
  if (rc) {
    return rc;
  }
  if (p && p->responder) {
    rc = mikey_ident_check(p->responder);
    if (rc == 0) {
      *resp = *p->responder;
    }
    return rc;
  }
  if (tv->policy.n_r == 0) {
    return MIKEY_E_POLICY;
  }
  *resp = mikey_ident_from_id(&tv->policy.r[0]);
  return 0;
}

/* check_poo applies the proof-of-origin rules to a tag of |poo_len| bytes: only with I=1
 * (section 6: it needs Initiator Data), at most MIKEY_POO_MAX bytes, and present when the
 * PSK/MIME profile requires it. */
static int check_poo(const mikey_initiator *ini, size_t poo_len) {
  if (poo_len && (!(ini->flags & MIKEY_TP_I) || poo_len > MIKEY_POO_MAX)) {
    return MIKEY_E_INVAL;
  }
  if (!poo_len && ini->prof.kind == MIKEY_ROLE_PSKMIME && ini->prof.proof_of_origin) {
    return MIKEY_E_POLICY;
  }
  return 0;
}

/* transfer_suite gives the V algorithm of the profile's suite (D3) and, with I=1, the length
 * of the Initiator Data (Vi, Vr; 6.10), else 0. */
static int transfer_suite(const mikey_initiator *ini, uint8_t *mac_alg, size_t *idlen) {
  uint8_t encr_alg;
  int rc = mikey_suite_algs(ini->prof.prf, &encr_alg, mac_alg);
  if (rc) {
    return rc;
  }
  *idlen = 0;
  if (ini->flags & MIKEY_TP_I) {
    rc = mikey_initiator_data_size(*mac_alg, idlen);
  }
  return rc;
}

/* The parts of one TRANSFER_INIT that vary from transfer to transfer. */
typedef struct transfer_parts {
  uint32_t csb;
  uint64_t t;
  const uint8_t *randri;
  size_t randri_len;
  mikey_identity resp; /* IDRr */
  const mikey_cs *cs;
  size_t ncs;
  const mikey_sp *sp;
  size_t nsp;
  const uint8_t *poo; /* proof-of-origin tag (poo_len 0: no extension) */
  size_t poo_len;
} transfer_parts;

/* transfer_layout fills |m| with the TRANSFER_INIT of |x| and the ticket |tv| (RFC 6043
 * 4.2.2.1; PSK/MIME: PROFILE.md section 4): HDR (V = F flag, GENERIC-ID map), T, RANDRi,
 * IDRi, IDRr, {SP}, TICKET with |idlen| zero bytes of room for the Initiator Data, [EXT
 * proof-of-origin], V (|mac_alg|, MAC zeroed). The one layout that
 * mikey_initiator_transfer_finish() writes and mikey_initiator_transfer_size() measures;
 * |*ticket_index| receives the TICKET's position. Returns 0, MIKEY_E_LIMIT or MIKEY_E_INVAL. */
static int transfer_layout(const mikey_initiator *ini, const mikey_ticket_view *tv,
                           const transfer_parts *x, uint8_t mac_alg, size_t idlen,
                           mikey_msg *m, size_t *ticket_index) {
  const mikey_role_profile *prof = &ini->prof;
  mikey_identity self = mikey_ident_view(&ini->party.self);
  mikey_msg_init(m, MIKEY_DT_TRANSFER_INIT);
  m->hdr.v = (ini->flags & MIKEY_TP_F) ? 1 : 0;
  m->hdr.prf = prof->prf;
  m->hdr.csb_id = x->csb;
  m->hdr.map_type = MIKEY_MAP_GENERIC_ID;
  m->hdr.n_cs = (uint8_t)x->ncs;
  memcpy(m->hdr.cs, x->cs, x->ncs * sizeof(mikey_cs));
  mikey_ts_set_now(&mikey_msg_add(m, MIKEY_PT_T)->u.t, x->t);
  mikey_payload *p = mikey_msg_add(m, MIKEY_PT_RANDR);
  p->u.rand.role = MIKEY_RAND_I;
  p->u.rand.rand = (mikey_bytes){x->randri, x->randri_len};
  mikey_ident_set_idr(mikey_msg_add(m, MIKEY_PT_IDR), MIKEY_ROLE_I, &self);
  mikey_ident_set_idr(mikey_msg_add(m, MIKEY_PT_IDR), MIKEY_ROLE_R, &x->resp);
  for (size_t i = 0; i < x->nsp; i++) {
    mikey_msg_add(m, MIKEY_PT_SP)->u.sp = x->sp[i];
  }
  p = mikey_msg_add(m, MIKEY_PT_TICKET);
  *ticket_index = m->n - 1;
  p->u.ticket = tv->ticket;
  /* room for Initiator Data (Vi, Vr), filled once V is known */
  p->u.ticket.initiator_data = (mikey_bytes){zero_idata, idlen};
  if (x->poo_len) {
    p = mikey_msg_add(m, MIKEY_PT_GEXT);
    p->u.gext.type = prof->poo_ext_type;
    p->u.gext.data = (mikey_bytes){x->poo, x->poo_len};
  }
  return mikey_role_add_v(m, mac_alg);
}

int mikey_initiator_transfer_size(const mikey_initiator *ini, const mikey_transfer_params *p,
                                  size_t poo_len, size_t *size) {
  if (size) {
    *size = 0;
  }
  if (!ini || !size) {
    return MIKEY_E_INVAL;
  }
  if (!ini->has_ticket) {
    return MIKEY_E_STATE;
  }
  uint8_t mac_alg;
  size_t idlen;
  int rc = check_poo(ini, poo_len);
  if (rc == 0) {
    rc = transfer_suite(ini, &mac_alg, &idlen);
  }
  transfer_parts x;
  memset(&x, 0, sizeof(x));
  mikey_cs one;
  if (rc == 0 && ini->prof.kind == MIKEY_ROLE_PSKMIME) {
    pskmime_session(ini, &one);
    x.cs = &one;
    x.ncs = 1;
  } else if (rc == 0) {
    size_t cs_bytes, sp_bytes;
    rc = check_sessions(p, &cs_bytes, &sp_bytes);
    if (rc == 0) {
      x.cs = p->cs;
      x.ncs = p->n_cs;
      x.sp = p->sp;
      x.nsp = p->n_sp;
    }
  }
  x.randri_len = randri_len(ini);
  if (rc == 0 && x.randri_len > INI_RAND_MAX) {
    rc = MIKEY_E_LIMIT;
  }
  if (rc) {
    return rc;
  }
  /* placeholders of the lengths transfer_prepare and transfer_finish use: the size depends
   * on no random value and no MAC */
  x.randri = zero_idata;
  x.poo = zero_idata;
  x.poo_len = poo_len;
  mikey_ticket_view *tv = malloc(sizeof(*tv));
  mikey_msg *m = malloc(sizeof(*m));
  size_t ticket_index;
  rc = tv && m ? pick_responder(ini, p, tv, &x.resp) : MIKEY_E_NOMEM;
  if (rc == 0) {
    rc = transfer_layout(ini, tv, &x, mac_alg, idlen, m, &ticket_index);
  }
  if (rc == 0) {
    rc = mikey_msg_encode(m, NULL, 0, size);
    rc = rc == MIKEY_E_BUFFER_TOO_SMALL ? 0 : rc ? rc : MIKEY_E_INTERNAL;
  }
  if (rc) {
    *size = 0;
  }
  free(tv);
  free(m);
  return rc;
}

void mikey_initiator_transfer_drop(mikey_initiator *ini) {
  if (ini) {
    mikey_initiator_drop_transfer(ini);
  }
}

int mikey_initiator_transfer_prepare(mikey_initiator *ini, const mikey_transfer_params *p,
                                     mikey_transfer_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!ini) {
    return MIKEY_E_INVAL;
  }
  if (!ini->has_ticket) {
    return MIKEY_E_STATE;
  }
  /* 5.3: "If the Ticket Policy forbids reuse (J flag), the ticket MUST NOT be reused" */
  if (ini->ticket_used && !(ini->flags & MIKEY_TP_J)) {
    return MIKEY_E_POLICY;
  }
  uint64_t now = mikey_env_now(&ini->env);
  if (ini->valid_to64 && mikey_ntp_diff(now, ini->valid_to64) > 0) {
    return MIKEY_E_EXPIRED;
  }
  mikey_ticket_view *tv = malloc(sizeof(*tv));
  if (!tv) {
    return MIKEY_E_NOMEM;
  }
  mikey_identity resp;
  int rc = pick_responder(ini, p, tv, &resp);
  if (rc) {
    free(tv);
    return rc;
  }
  mikey_initiator_drop_transfer(ini);
  rc = mikey_ident_copy(&ini->x_resp, &resp);
  free(tv); /* |resp| may point into the ticket view, copied now */
  if (rc == 0) {
    rc = mikey_initiator_copy_sessions(ini, p);
  }
  if (rc) {
    mikey_initiator_drop_transfer(ini);
    return rc;
  }
  ini->x_key_len = ini->prof.kind == MIKEY_ROLE_PSKMIME ? mikey_key_len(ini->tgk)
                                                        : ini->prof.tek_len;
  ini->x_keys = malloc(ini->x_ncs * ini->x_key_len);
  if (!ini->x_keys) {
    mikey_initiator_drop_transfer(ini);
    return MIKEY_E_NOMEM;
  }
  /* one call to the randomness provider: CSB ID and RANDRi */
  size_t klen = mikey_key_len(ini->tgk);
  size_t rl = randri_len(ini);
  uint8_t rnd[4 + INI_RAND_MAX];
  if (rl > INI_RAND_MAX) {
    mikey_initiator_drop_transfer(ini);
    return MIKEY_E_LIMIT;
  }
  rc = mikey_env_rand(&ini->env, rnd, 4 + rl);
  if (rc) {
    mikey_initiator_drop_transfer(ini);
    return rc;
  }
  ini->x_csb = (uint32_t)rnd[0] << 24 | (uint32_t)rnd[1] << 16 | (uint32_t)rnd[2] << 8 | rnd[3];
  memcpy(ini->x_randri, rnd + 4, rl);
  ini->x_randri_len = rl;
  mikey_memzero(rnd, sizeof(rnd));
  ini->x_t = now;
  ini->x_last_t = now;
  ini->x_state = XFER_PREPARED;
  int forked_tgk = (ini->flags & MIKEY_TP_I) && ini->key_type == MIKEY_KEY_TGK;
  if (!(ini->flags & MIKEY_TP_G) && !forked_tgk) {
    rc = mikey_initiator_derive_teks(ini, mikey_key_data(ini->tgk), klen, NULL, 0);
    if (rc) {
      mikey_initiator_drop_transfer(ini);
      return rc;
    }
  }
  if (info) {
    mikey_initiator_fill_info(ini, info);
  }
  return 0;
}

int mikey_initiator_transfer_key(mikey_initiator *ini, uint8_t cs_id, uint8_t *out, size_t cap,
                                 size_t *len) {
  if (!ini || !len) {
    return MIKEY_E_INVAL;
  }
  *len = 0;
  if (ini->x_state == XFER_NONE || !ini->x_keys_ready) {
    return MIKEY_E_STATE;
  }
  size_t i = 0;
  while (i < ini->x_ncs && ini->x_cs[i].cs_id != cs_id) {
    i++;
  }
  if (i == ini->x_ncs) {
    return MIKEY_E_NOT_FOUND;
  }
  return mikey_role_key_release(ini->x_keys, ini->x_key_len, ini->x_released, i,
                                ini->prof.kek_reuse, out, cap, len);
}

int mikey_initiator_transfer_finish(mikey_initiator *ini, const uint8_t *poo, size_t poo_len,
                                    uint8_t *out, size_t cap, size_t *outlen) {
  if (!ini || !outlen || (poo_len && !poo)) {
    return MIKEY_E_INVAL;
  }
  *outlen = 0;
  if (ini->x_state != XFER_PREPARED) {
    return MIKEY_E_STATE;
  }
  int forking = (ini->flags & MIKEY_TP_I) != 0;
  int rc = check_poo(ini, poo_len);
  uint8_t mac_alg;
  size_t idlen;
  if (rc == 0) {
    rc = transfer_suite(ini, &mac_alg, &idlen);
  }
  if (rc) {
    return rc;
  }
  const mikey_role_profile *prof = &ini->prof;
  mikey_ticket_view *tv = malloc(sizeof(*tv));
  mikey_msg *m = malloc(sizeof(*m));
  uint8_t *copy = NULL;
  mikey_keyset ks;
  memset(&ks, 0, sizeof(ks));
  mikey_ticket_ctx tctx;
  mikey_ticket_ctx_init(&tctx);
  if (!tv || !m) {
    rc = MIKEY_E_NOMEM;
    goto done;
  }
  rc = mikey_ticket_parse_payload(tv, ini->ticket, ini->ticket_len);
  if (rc) {
    goto done;
  }
  mikey_identity self = mikey_ident_view(&ini->party.self);
  transfer_parts x = {ini->x_csb, ini->x_t, ini->x_randri, ini->x_randri_len,
                      mikey_ident_view(&ini->x_resp), ini->x_cs, ini->x_ncs, ini->x_sp,
                      ini->x_nsp, poo, poo_len};
  size_t ticket_index;
  rc = transfer_layout(ini, tv, &x, mac_alg, idlen, m, &ticket_index);
  if (rc) {
    goto done;
  }
  size_t need;
  rc = mikey_role_size(m, out, cap, outlen, &need);
  if (rc) {
    goto done;
  }
  copy = malloc(need);
  if (!copy) {
    rc = MIKEY_E_NOMEM;
    goto done;
  }
  /* 5.1.2: auth_key from MPKi, direction 0x01, RANDRi */
  rc = mikey_msgkeys(prof->prf, mikey_key_data(ini->mpki), mikey_key_len(ini->mpki), ini->x_csb,
                     MIKEY_KDF_INITIAL, ini->x_randri, ini->x_randri_len, NULL, 0, &ks);
  if (rc == 0) {
    /* Table 5.2: TRANSFER_INIT (minus Initiator Data) || Identity_i || Identity_r */
    rc = mikey_role_seal_init(m, out, cap, outlen, need, &self, &x.resp, &ks);
  }
  if (rc == 0 && forking) {
    /* 6.10: Vi identical to V; Vr keyed from the unforked MPKr with the TP PRF */
    const mikey_v *v = mikey_vmac_last_v(m);
    const mikey_ticket *t = &m->pl[ticket_index].u.ticket;
    mikey_v vi = {v->alg, {out + v->mac_offset, v->mac.len}, v->mac_offset};
    size_t wrote = 0;
    rc = mikey_initiator_data_build(&tctx, ini->tp_prf, mikey_key_data(ini->mpkr),
                                    mikey_key_len(ini->mpkr), &vi, out + t->idata_offset, idlen,
                                    &wrote);
    if (rc == 0 && wrote != idlen) {
      rc = MIKEY_E_INTERNAL;
    }
  }
  if (rc) {
    mikey_memzero(out, need);
    *outlen = 0;
    goto done;
  }
  memcpy(copy, out, *outlen);
  ini->x_msg = copy;
  ini->x_msg_len = *outlen;
  copy = NULL;
  ini->ticket_used = 1;
  ini->x_state = (ini->flags & MIKEY_TP_F) ? XFER_SENT : XFER_DONE;
done:
  mikey_keyset_clear(&ks);
  mikey_ticket_ctx_clear(&tctx);
  free(copy);
  free(tv);
  free(m);
  return rc;
}

/* Scratch of mikey_initiator_on_transfer_resp. */
typedef struct tresp_work {
  mikey_msg m;
  mikey_keyset ks;
  uint8_t mpkr[MIKEY_PRF_MAX_INKEY];
  uint8_t tgk[MIKEY_PRF_MAX_INKEY];
} tresp_work;

int mikey_initiator_on_transfer_resp(mikey_initiator *ini, const uint8_t *in, size_t len,
                                     mikey_transfer_info *info) {
  if (info) {
    memset(info, 0, sizeof(*info));
  }
  if (!ini || !in) {
    return MIKEY_E_INVAL;
  }
  if (ini->x_state != XFER_SENT && ini->x_state != XFER_UPDATE_SENT) {
    return MIKEY_E_NO_PENDING;
  }
  tresp_work *w = malloc(sizeof(*w));
  if (!w) {
    return MIKEY_E_NOMEM;
  }
  memset(&w->ks, 0, sizeof(w->ks));
  mikey_ticket_ctx tctx;
  mikey_ticket_ctx_init(&tctx);
  const mikey_role_profile *prof = &ini->prof;
  mikey_msg *m = &w->m;
  int rc = mikey_msg_decode(m, in, len);
  if (rc) {
    goto done;
  }
  if (m->hdr.csb_id != ini->x_csb) {
    rc = MIKEY_E_NO_PENDING;
    goto done;
  }
  mikey_hdr xh;
  memset(&xh, 0, sizeof(xh));
  xh.version = MIKEY_HDR_VERSION;
  xh.prf = prof->prf;
  xh.csb_id = ini->x_csb;
  int update = ini->x_state == XFER_UPDATE_SENT;
  if (m->hdr.data_type == MIKEY_DT_ERROR) {
    /* 5.4: the auth_key of the TRANSFER_INIT (of an update: the update keys, 5.2) */
    if (update) {
      w->ks = ini->x_ks_upd;
    } else {
      rc = mikey_msgkeys(prof->prf, mikey_key_data(ini->mpki), mikey_key_len(ini->mpki),
                         ini->x_csb, MIKEY_KDF_INITIAL, ini->x_randri, ini->x_randri_len, NULL,
                         0, &w->ks);
    }
    if (rc == 0) {
      uint8_t no;
      int authd;
      rc = mikey_errmsg_check(m, &xh, &w->ks, &no, &authd);
      if (rc == MIKEY_E_PEER_ERROR && info) {
        info->peer_error = no;
        info->peer_error_authenticated = authd;
      }
      if (rc == MIKEY_E_PEER_ERROR && authd) {
        ini->x_state = XFER_DONE;
      }
    }
    goto done;
  }
  /* 4.2.2.3: version, PRF func and CSB ID identical */
  if (m->hdr.data_type != MIKEY_DT_TRANSFER_RESP || m->hdr.version != xh.version ||
      m->hdr.prf != xh.prf) {
    rc = MIKEY_E_MISMATCH;
    goto done;
  }
  rc = mikey_msg_validate(m, 0);
  if (rc == 0 && mikey_msg_find(m, MIKEY_PT_KEMAC, -1)) {
    /* responder-supplied keys (4.2.2.3, 5.2): refused when M=0 ("SHALL NOT be included");
     * with M=1 not run by this engine (the profiles fix M=0, TS 33.328 D.4) */
    rc = (ini->flags & MIKEY_TP_M) ? MIKEY_E_UNSUPPORTED : MIKEY_E_POLICY;
  }
  if (rc) {
    goto done;
  }
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  const mikey_payload *rrp = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_R);
  const mikey_payload *idr = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_R);
  const mikey_payload *rkp = mikey_msg_find(m, MIKEY_PT_RANDR, MIKEY_RAND_KMS);
  rc = mikey_ts_fresh(&tsp->u.t, mikey_env_now(&ini->env), prof->clock_skew);
  if (rc) {
    goto done;
  }
  if (update) {
    /* 5.2: the same keys as the TRANSFER_RESP of the initial exchange; coverage
     * TRANSFER_RESP || TRANSFER_INIT (the update) */
    mikey_cover c;
    rc = mikey_vmac_cover_resp(m, ini->x_msg, ini->x_msg_len, &c);
    if (rc == 0) {
      rc = mikey_vmac_verify(m, m->hdr.prf, &c, &ini->x_ks_upd);
    }
    if (rc == 0) {
      ini->x_state = XFER_DONE;
      if (info) {
        mikey_initiator_fill_info(ini, info);
      }
    }
    goto done;
  }
  int g = (ini->flags & MIKEY_TP_G) != 0, forking = (ini->flags & MIKEY_TP_I) != 0;
  const uint8_t *randrr = NULL;
  size_t randrr_len = 0;
  if (g) {
    if (!rrp) {
      rc = MIKEY_E_MISSING_PAYLOAD;
      goto done;
    }
    randrr = rrp->u.rand.rand.data;
    randrr_len = rrp->u.rand.rand.len;
    if (randrr_len > INI_RAND_MAX) {
      rc = MIKEY_E_LIMIT; /* kept for CSB updates: 16 or 32 bytes are sent (D5) */
      goto done;
    }
  }
  size_t klen = mikey_key_len(ini->tgk), mlen = mikey_key_len(ini->mpki);
  rc = mikey_suite_check_rand_pair(ini->x_randri_len, randrr_len, klen > mlen ? klen : mlen);
  if (rc) {
    goto done;
  }
  const uint8_t *vkey = mikey_key_data(ini->mpki);
  size_t vkey_len = mlen;
  const uint8_t *tgk = mikey_key_data(ini->tgk);
  if (forking) {
    /* 5.1.1: fork MPKr and the TGK with the modifier (IDRr, RANDRkms) */
    if (!idr || !rkp) {
      rc = MIKEY_E_MISSING_PAYLOAD;
      goto done;
    }
    const mikey_bytes *id = &idr->u.id.data, *rk = &rkp->u.rand.rand;
    size_t rlen = mikey_key_len(ini->mpkr);
    rc = mikey_fork_mpkr(&tctx, ini->tp_prf, mikey_key_data(ini->mpkr), rlen, id->data, id->len,
                         rk->data, rk->len, w->mpkr);
    if (rc == 0 && ini->key_type == MIKEY_KEY_TGK) {
      rc = mikey_fork_tgk(&tctx, ini->tp_prf, tgk, klen, id->data, id->len, rk->data, rk->len,
                          w->tgk);
      tgk = w->tgk;
    }
    if (rc) {
      goto done;
    }
    vkey = w->mpkr;
    vkey_len = rlen;
  }
  /* 5.1.2: the response keys from MPKr' (or MPKi), direction 0x02, RANDRi, [RANDRr] */
  rc = mikey_msgkeys(m->hdr.prf, vkey, vkey_len, ini->x_csb, MIKEY_KDF_RESPONSE, ini->x_randri,
                     ini->x_randri_len, randrr, randrr_len, &w->ks);
  if (rc == 0) {
    /* Table 5.2: TRANSFER_RESP || TRANSFER_INIT */
    mikey_cover c;
    rc = mikey_vmac_cover_resp(m, ini->x_msg, ini->x_msg_len, &c);
    if (rc == 0) {
      rc = mikey_vmac_verify(m, m->hdr.prf, &c, &w->ks);
    }
  }
  if (rc == 0) {
    rc = mikey_initiator_derive_teks(ini, tgk, klen, randrr, randrr_len);
  }
  mikey_key *keep = NULL;
  if (rc == 0) {
    rc = mikey_key_new(&keep, tgk, klen);
  }
  mikey_ident_buf peer = {0, NULL, 0};
  if (rc == 0 && idr) {
    /* the responder's name in the updates it may start (5.2) */
    mikey_identity pid = mikey_ident_from_id(&idr->u.id);
    rc = mikey_ident_copy(&peer, &pid);
  }
  if (rc) {
    mikey_key_free(keep);
    goto done;
  }
  mikey_ident_free(&ini->x_peer);
  ini->x_peer = peer;
  /* 5.2: what later CSB updates need: the TGK', the RANDs, the keys of this message */
  mikey_key_free(ini->x_tgk);
  ini->x_tgk = keep;
  memcpy(ini->x_randrr, randrr, randrr_len);
  ini->x_randrr_len = randrr_len;
  ini->x_ks_upd = w->ks;
  ini->x_upd_ok = 1;
  ini->x_state = XFER_DONE;
  if (info) {
    mikey_initiator_fill_info(ini, info);
  }
done:
  mikey_keyset_clear(&w->ks);
  mikey_ticket_ctx_clear(&tctx);
  mikey_memzero(w, sizeof(*w));
  free(w);
  return rc;
}
