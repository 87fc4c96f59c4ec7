/*
 * mikey_ticket_build.c: building a MIKEY base ticket (type 1) or 3GPP base ticket (type 2)
 * (RFC 6043 6.10 and Appendix A; TS 33.328 D.4; PROFILE.md section 3).
 *
 *   TICKET      = Next Payload, TP fields, TP Data length, TP Data,
 *                 Ticket Data length, Ticket Data, Initiator Data length (0)
 *   Ticket Data = THDR (KMS id || extra), T, RAND, KEMAC, [IDRpsk], V
 *   KEMAC       = E(encr_key, MPK || {TEK|TGK|GTGK}), NULL MAC          (A.1, A.2.1)
 *   V           = MAC(auth_key, TICKET minus Next Payload, Initiator Data length,
 *                     Initiator Data and the MAC itself)               (A.1)
 *
 * The pieces are encoded by the codec straight into their final place in the caller's buffer
 * (sizes first), so the MAC is computed over the very bytes that go out.
 */
#include <string.h>

#include "ticket/mikey_ticket_local.h"

#include "crypto/mikey_kdf.h"

/* Bound on the THDR Data after the 48-bit KMS identifier (implementation-specific, A.3). */
#define THDR_EXTRA_MAX 250

/* put16 writes the 16-bit length field |v| big-endian at |p| (RFC 3830 6: network order). */
static void put16(uint8_t *p, size_t v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}

/* check_key checks one key of the KEMAC to be: an SPI on every key (RFC 6043 6.2.1), 128
 * bits at least (12.1), salt exactly for +SALT types, within the struct's bounds. */
static int check_key(const mikey_ticket_key *k) {
  if (k->spi_len == 0 || k->spi_len > MIKEY_TICKET_MAX_SPI_LEN ||
      k->key_len > MIKEY_TICKET_MAX_KEY_LEN || k->salt_len > MIKEY_TICKET_MAX_SALT_LEN ||
      (k->salt_len != 0) != ticket_salted(k->type)) {
    return MIKEY_E_INVAL;
  }
  return k->key_len < MIKEY_SUITE_MIN_KEY ? MIKEY_E_KEY_LENGTH : 0;
}

/* check_inputs applies the rules a ticket must meet before anything is encoded; sets
 * |*longest| to the longest of TPK, MPK and session keys. */
static int check_inputs(const mikey_tpk *tpk, const mikey_ticket_params *prm,
                        const mikey_ticket_keys *keys, size_t *longest) {
  const mikey_policy *pol = prm->policy;
  if (!pol || !prm->kms_id || (!prm->thdr_extra.data && prm->thdr_extra.len) ||
      (!prm->rand.data && prm->rand.len)) {
    return MIKEY_E_INVAL;
  }
  if (tpk->len == 0) {
    return MIKEY_E_STATE;
  }
  if (keys->mpk.type != MIKEY_KEY_MPK || keys->n > MIKEY_TICKET_MAX_KEYS) {
    return MIKEY_E_INVAL;
  }
  int rc = check_key(&keys->mpk);
  if (rc) {
    return rc;
  }
  int has_tgk = 0;
  *longest = tpk->len > keys->mpk.key_len ? tpk->len : keys->mpk.key_len;
  for (size_t i = 0; i < keys->n; i++) {
    const mikey_ticket_key *k = &keys->key[i];
    if (!ticket_session_type_ok(k->type)) {
      return MIKEY_E_INVAL;
    }
    rc = check_key(k);
    if (rc) {
      return rc;
    }
    has_tgk |= k->type == MIKEY_KEY_TGK || k->type == MIKEY_KEY_TGK_SALT;
    if (k->key_len > *longest) {
      *longest = k->key_len;
    }
  }
  rc = mikey_ticket_type_check(pol->ticket_type, pol->subtype, pol->version);
  if (rc == 0) {
    rc = mikey_policy_check_flags(pol->flags, has_tgk);
  }
  /* D3/D4 and 12.1 for the ticket's own suite */
  if (rc == 0 && mikey_suite_check_tp(pol->prf, pol->prf, *longest)) {
    rc = MIKEY_E_SUITE;
  }
  if (rc) {
    return rc;
  }
  if (prm->rand.len == 0 || prm->rand.len > 255) {
    return MIKEY_E_INVAL;
  }
  /* D5 (12.1): "the RAND in the MIKEY base ticket MUST at least be as long as the longest of
   * TPK and MPK" */
  size_t need = tpk->len > keys->mpk.key_len ? tpk->len : keys->mpk.key_len;
  if (mikey_suite_check_rand(prm->rand.len, need)) {
    return MIKEY_E_RAND_SHORT;
  }
  if (prm->thdr_extra.len > THDR_EXTRA_MAX) {
    return MIKEY_E_LIMIT;
  }
  if (prm->idrpsk && (!prm->idrpsk->data.data && prm->idrpsk->data.len)) {
    return MIKEY_E_INVAL;
  }
  return mikey_ts_len(prm->t.ts_type) < 0 ? MIKEY_E_BAD_VALUE : 0;
}

/* fill_keydata describes MPK || session keys for the codec (views into |keys|). */
static void fill_keydata(mikey_keydata_list *kl, const mikey_ticket_keys *keys) {
  memset(kl, 0, sizeof(*kl));
  const mikey_ticket_key *src[MIKEY_TICKET_MAX_KEYS + 1];
  src[0] = &keys->mpk;
  for (size_t i = 0; i < keys->n; i++) {
    src[i + 1] = &keys->key[i];
  }
  kl->n = keys->n + 1;
  for (size_t i = 0; i < kl->n; i++) {
    mikey_keydata *kd = &kl->kd[i];
    kd->type = src[i]->type;
    /* 6.2.1: "An SPI (or MKI) MUST be specified for each key" (D7 for the MPK, D8) */
    kd->kv.type = MIKEY_KV_SPI;
    kd->kv.spi.data = src[i]->spi;
    kd->kv.spi.len = src[i]->spi_len;
    kd->key.data = src[i]->key;
    kd->key.len = src[i]->key_len;
    kd->salt.data = src[i]->salt_len ? src[i]->salt : NULL;
    kd->salt.len = src[i]->salt_len;
  }
}

/* fill_ticket_data describes the Ticket Data for the codec; the KEMAC's Encr data is
 * |encr_len| bytes at |encr| and the V MAC a zero placeholder of |tag_len| bytes. */
static int fill_ticket_data(mikey_plist *l, const mikey_ticket_params *prm, const uint8_t *thdr,
                            size_t thdr_len, uint8_t encr_alg, const uint8_t *encr,
                            size_t encr_len, uint8_t mac_alg, const uint8_t *tag,
                            size_t tag_len) {
  mikey_plist_init(l);
  mikey_payload *p = mikey_plist_add(l, MIKEY_PT_THDR);
  p->u.thdr.data = (mikey_bytes){thdr, thdr_len};
  p = mikey_plist_add(l, MIKEY_PT_T);
  p->u.t.ts_type = prm->t.ts_type;
  p->u.t.value = prm->t.value;
  p = mikey_plist_add(l, MIKEY_PT_RAND);
  p->u.rand.rand = prm->rand;
  p = mikey_plist_add(l, MIKEY_PT_KEMAC);
  p->u.kemac.encr_alg = encr_alg;
  p->u.kemac.encr_data = (mikey_bytes){encr, encr_len};
  /* A.1: "The KEMAC payload SHALL use the NULL authentication algorithm" */
  p->u.kemac.mac_alg = MIKEY_MAC_NULL;
  if (prm->idrpsk) {
    p = mikey_plist_add(l, MIKEY_PT_IDR);
    p->u.id.role = MIKEY_ROLE_PSK;
    p->u.id.type = prm->idrpsk->type;
    p->u.id.data = prm->idrpsk->data;
  }
  p = mikey_plist_add(l, MIKEY_PT_V);
  p->u.v.alg = mac_alg;
  p->u.v.mac = (mikey_bytes){tag, tag_len};
  return 0;
}

/* write_head writes the first TICKET_HEAD_LEN bytes of a TICKET payload: Next Payload 0 and
 * the TP fields as the codec encodes them in a TP payload, then the TP Data length. */
static int write_head(const mikey_tp *tp, uint8_t *out) {
  mikey_payload p;
  memset(&p, 0, sizeof(p));
  p.type = MIKEY_PT_TP;
  p.u.tp = *tp;
  p.u.tp.tp_data = (mikey_bytes){NULL, 0};
  uint8_t head[TICKET_HEAD_LEN];
  size_t n;
  int rc = mikey_payload_encode(&p, MIKEY_PT_LAST, head, sizeof(head), &n);
  if (rc) {
    return rc;
  }
  if (n != TICKET_HEAD_LEN) {
    return MIKEY_E_INTERNAL;
  }
  /* the TICKET payload begins like the TP payload (6.10); its TP Data length follows */
  memcpy(out, head, TICKET_HEAD_LEN - 2);
  put16(out + TICKET_HEAD_LEN - 2, tp->tp_data.len);
  return 0;
}

/* derive_mpkx derives MPKi and MPKr from the MPK into |keys| (A.2.2, Ticket Policy PRF). */
static int derive_mpkx(mikey_ticket_ctx *ctx, mikey_ticket_keys *keys, const uint8_t *rand,
                       size_t rand_len) {
  size_t n = keys->mpk.key_len;
  int rc = mikey_prf_setkey(&ctx->prf, keys->prf, keys->mpk.key, n);
  if (rc == 0) {
    rc = mikey_kdf_mpk(&ctx->prf, MIKEY_KDF_MPKI, rand, rand_len, keys->mpki, n);
  }
  if (rc == 0) {
    rc = mikey_kdf_mpk(&ctx->prf, MIKEY_KDF_MPKR, rand, rand_len, keys->mpkr, n);
  }
  return rc;
}

int mikey_ticket_build(mikey_ticket_ctx *ctx, mikey_tpk *tpk, const mikey_ticket_params *prm,
                       mikey_ticket_keys *keys, uint8_t *out, size_t cap, size_t *outlen,
                       mikey_payload *pl) {
  if (!ctx || !tpk || !prm || !keys || !outlen || (!out && cap)) {
    return MIKEY_E_INVAL;
  }
  *outlen = 0;
  size_t longest;
  int rc = check_inputs(tpk, prm, keys, &longest);
  if (rc) {
    return rc;
  }
  const mikey_policy *pol = prm->policy;
  uint8_t encr_alg, mac_alg;
  size_t tag_len;
  rc = ticket_suite(pol->prf, &encr_alg, &mac_alg);
  if (rc == 0) {
    rc = mikey_suite_tag_len(mac_alg, &tag_len);
  }
  if (rc) {
    return rc;
  }

  /* sizes first: TP Data, key data, Ticket Data */
  uint8_t thdr[MIKEY_TICKET_KMS_ID_LEN + THDR_EXTRA_MAX];
  size_t thdr_len = MIKEY_TICKET_KMS_ID_LEN + prm->thdr_extra.len;
  memcpy(thdr, prm->kms_id, MIKEY_TICKET_KMS_ID_LEN);
  if (prm->thdr_extra.len) {
    memcpy(thdr + MIKEY_TICKET_KMS_ID_LEN, prm->thdr_extra.data, prm->thdr_extra.len);
  }
  static const uint8_t zero_tag[MIKEY_SUITE_MAX_TAG];
  uint8_t plain[TICKET_KEYDATA_MAX];
  mikey_keydata_list kl;
  mikey_plist l;
  mikey_tp tp;
  size_t tpd_len = 0, plain_len = 0, td_len = 0, n;
  rc = mikey_policy_encode(pol, MIKEY_POLICY_GRANTED, NULL, 0, &tpd_len, &tp);
  if (rc == MIKEY_E_BUFFER_TOO_SMALL || rc == 0) {
    fill_keydata(&kl, keys);
    rc = mikey_keydata_encode(&kl, NULL, 0, &plain_len);
  }
  if (rc == MIKEY_E_BUFFER_TOO_SMALL || rc == 0) {
    /* AES-CM keeps the length (RFC 3830 4.2.3) */
    rc = plain_len > sizeof(plain) ? MIKEY_E_LIMIT : 0;
  }
  if (rc == 0) {
    fill_ticket_data(&l, prm, thdr, thdr_len, encr_alg, plain, plain_len, mac_alg, zero_tag,
                     tag_len);
    rc = mikey_ticket_data_encode(&l, NULL, 0, &td_len);
    rc = rc == MIKEY_E_BUFFER_TOO_SMALL ? 0 : rc;
  }
  if (rc) {
    return rc;
  }
  /* 16-bit length fields (6.10) */
  if (tpd_len > 0xffff || td_len > 0xffff) {
    return MIKEY_E_LIMIT;
  }
  size_t td_off = TICKET_HEAD_LEN + tpd_len + 2;
  size_t total = td_off + td_len + 2;
  *outlen = total;
  if (!out || cap < total) {
    return MIKEY_E_BUFFER_TOO_SMALL;
  }

  /* TP part and lengths, then the keys encrypted under keys from the TPK (A.2.1) */
  mikey_keyset ks;
  memset(&ks, 0, sizeof(ks));
  uint64_t t64 = 0;
  keys->prf = pol->prf;
  keys->forked = 0;
  rc = mikey_policy_encode(pol, MIKEY_POLICY_GRANTED, out + TICKET_HEAD_LEN, tpd_len, &n, &tp);
  if (rc == 0) {
    rc = write_head(&tp, out);
  }
  if (rc == 0) {
    put16(out + td_off - 2, td_len);
    put16(out + td_off + td_len, 0);
    rc = ticket_ts64(&prm->t, &t64);
  }
  if (rc == 0) {
    rc = mikey_kdf_tpk_keys(ticket_tpk_prf(tpk, pol->prf), prm->rand.data, prm->rand.len,
                            encr_alg, mac_alg, &ks);
  }
  if (rc == 0) {
    rc = mikey_keydata_encode(&kl, plain, sizeof(plain), &n);
  }
  if (rc == 0) {
    /* A.1: CSB ID 0xFFFFFFFF in the IV, with the Ticket Data's T (RFC 3830 4.2.3) */
    rc = mikey_kemac_encrypt(&ctx->cipher, &ks, TICKET_CSB_ID, t64, plain, plain_len, plain,
                             sizeof(plain), &n);
  }
  /* Ticket Data with a zero MAC, at its place */
  if (rc == 0) {
    rc = mikey_ticket_data_encode(&l, out + td_off, td_len, &n);
  }
  if (rc == 0 && (l.n == 0 || l.pl[l.n - 1].type != MIKEY_PT_V ||
                  l.pl[l.n - 1].u.v.mac_offset + tag_len != td_len)) {
    rc = MIKEY_E_INTERNAL;
  }
  /* A.1: V over the whole TICKET payload except Next Payload, Initiator Data length,
   * Initiator Data and the MAC: bytes 1 .. the MAC field */
  if (rc == 0) {
    size_t mac_at = td_off + l.pl[l.n - 1].u.v.mac_offset;
    mikey_iov cover = {out + 1, mac_at - 1};
    rc = mikey_mac_setkey(&ctx->mac, mac_alg, ks.auth, ks.auth_len);
    if (rc == 0) {
      rc = mikey_mac_compute(&ctx->mac, &cover, 1, out + mac_at, tag_len);
    }
  }
  mikey_keyset_clear(&ks);
  mikey_memzero(plain, sizeof(plain));
  if (rc == 0) {
    rc = derive_mpkx(ctx, keys, prm->rand.data, prm->rand.len);
  }
  if (rc == 0 && pl) {
    uint8_t next;
    rc = mikey_payload_decode(pl, MIKEY_PT_TICKET, out, total, &next, NULL);
  }
  if (rc) {
    mikey_memzero(out, total);
    mikey_memzero(keys->mpki, sizeof(keys->mpki));
    mikey_memzero(keys->mpkr, sizeof(keys->mpkr));
    if (pl) {
      memset(pl, 0, sizeof(*pl));
    }
  }
  return rc;
}
