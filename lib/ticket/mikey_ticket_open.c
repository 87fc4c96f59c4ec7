/*
 * mikey_ticket_open.c: verifying and opening a MIKEY base ticket or 3GPP base ticket
 * (RFC 6043 Appendix A; TS 33.328 D.4). The MAC is checked in constant time before anything
 * is decrypted (DESIGN.md principle 4); a failed check releases nothing. The open path keeps
 * every intermediate on the stack, wipes it, and allocates nothing.
 */
#include <string.h>

#include "ticket/mikey_ticket_local.h"

#include "crypto/mikey_kdf.h"

int mikey_ticket_verify(mikey_ticket_ctx *ctx, mikey_tpk *tpk, const mikey_ticket_view *tv) {
  if (!ctx || !tpk || !tv || !tv->buf) {
    return MIKEY_E_INVAL;
  }
  if (tpk->len == 0) {
    return MIKEY_E_STATE;
  }
  uint8_t prf = tv->policy.prf;
  /* D3: the ticket's V and KEMAC algorithms are those of the suite of its Ticket Policy PRF:
   * AES-CM-128 / HMAC-SHA-1-160 or AES-CM-256 / HMAC-SHA-256-256 (TS 33.328 D.4: "for KEMAC
   * protection ... AES-CM-128 and AES-CM-256"; the builder makes nothing else). The KEMAC has
   * the NULL MAC (A.1: "SHALL use the NULL authentication algorithm, as a MAC is included in
   * the V payload"). */
  uint8_t encr_alg, mac_alg;
  int rc = mikey_suite_check_mac(prf, tv->v.alg, 0);
  if (rc == 0) {
    rc = ticket_suite(prf, &encr_alg, &mac_alg);
  }
  if (rc == 0 && tv->kemac.encr_alg != encr_alg) {
    rc = MIKEY_E_SUITE_EA;
  }
  if (rc == 0 && tv->kemac.mac_alg != MIKEY_MAC_NULL) {
    rc = MIKEY_E_SUITE_MAC;
  }
  if (rc) {
    return rc;
  }
  /* D5: the ticket RAND at least as long as the TPK (the MPK is checked once decrypted) */
  if (mikey_suite_check_rand(tv->rand.len, tpk->len)) {
    return MIKEY_E_RAND_SHORT;
  }
  size_t auth_len;
  rc = mikey_suite_auth_key_len(tv->v.alg, &auth_len);
  if (rc) {
    return rc;
  }
  uint8_t auth[MIKEY_SUITE_MAX_AUTH_KEY];
  /* A.1: "the authentication key (auth_key) is derived from the TPK" (A.2.1) */
  rc = mikey_kdf_tpk(ticket_tpk_prf(tpk, prf), MIKEY_KDF_AUTH, tv->rand.data, tv->rand.len,
                     auth, auth_len);
  if (rc == 0) {
    rc = mikey_mac_setkey(&ctx->mac, tv->v.alg, auth, auth_len);
  }
  mikey_memzero(auth, sizeof(auth));
  if (rc) {
    return rc;
  }
  /* A.1: "The MAC SHALL be calculated over the entire TICKET payload except the Next Payload
   * field (in the TICKET payload), the Initiator Data length field, the Initiator Data field,
   * and the MAC field itself." Parse proved that the MAC ends the Ticket Data, which the
   * Initiator Data length follows: one range from the byte after Next Payload to the MAC. */
  mikey_iov cover = {tv->buf + tv->start + 1, tv->v.mac_offset - (tv->start + 1)};
  return mikey_mac_verify(&ctx->mac, &cover, 1, tv->v.mac.data, tv->v.mac.len);
}

/* take_key copies one decrypted key data sub-payload into |*k|, with the checks of a key in
 * a ticket: KV SPI (RFC 6043 6.2.1 "An SPI (or MKI) MUST be specified for each key"), 128
 * bits at least (12.1), within the struct's bounds. */
static int take_key(mikey_ticket_key *k, const mikey_keydata *kd) {
  if (kd->kv.type != MIKEY_KV_SPI || kd->kv.spi.len == 0) {
    return MIKEY_E_BAD_VALUE;
  }
  if (kd->key.len < MIKEY_SUITE_MIN_KEY) {
    return MIKEY_E_KEY_LENGTH;
  }
  if (kd->key.len > MIKEY_TICKET_MAX_KEY_LEN || kd->salt.len > MIKEY_TICKET_MAX_SALT_LEN ||
      kd->kv.spi.len > MIKEY_TICKET_MAX_SPI_LEN) {
    return MIKEY_E_LIMIT;
  }
  k->type = kd->type;
  k->spi_len = (uint8_t)kd->kv.spi.len;
  memcpy(k->spi, kd->kv.spi.data, kd->kv.spi.len);
  k->key_len = kd->key.len;
  memcpy(k->key, kd->key.data, kd->key.len);
  k->salt_len = kd->salt.len;
  if (kd->salt.len) {
    memcpy(k->salt, kd->salt.data, kd->salt.len);
  }
  return 0;
}

/* take_keys moves MPK || {TEK|TGK|GTGK} (A.1) from the decoded key data into |*keys| and
 * sets |*longest| to the longest key. */
static int take_keys(mikey_ticket_keys *keys, const mikey_keydata_list *kl, size_t *longest) {
  if (kl->n == 0 || kl->kd[0].type != MIKEY_KEY_MPK) {
    return MIKEY_E_BAD_VALUE;
  }
  if (kl->n - 1 > MIKEY_TICKET_MAX_KEYS) {
    return MIKEY_E_LIMIT;
  }
  int rc = take_key(&keys->mpk, &kl->kd[0]);
  *longest = keys->mpk.key_len;
  for (size_t i = 1; rc == 0 && i < kl->n; i++) {
    if (!ticket_session_type_ok(kl->kd[i].type)) {
      return MIKEY_E_BAD_VALUE;
    }
    rc = take_key(&keys->key[i - 1], &kl->kd[i]);
    if (keys->key[i - 1].key_len > *longest) {
      *longest = keys->key[i - 1].key_len;
    }
  }
  keys->n = kl->n - 1;
  return rc;
}

/* open_kemac decrypts and takes the keys of a verified ticket into |*keys|. */
static int open_kemac(mikey_ticket_ctx *ctx, mikey_tpk *tpk, const mikey_ticket_view *tv,
                      mikey_ticket_keys *keys) {
  uint8_t prf = tv->policy.prf;
  uint8_t plain[TICKET_KEYDATA_MAX];
  mikey_keyset ks;
  mikey_keydata_list kl;
  uint64_t t64;
  size_t plain_len = 0, longest = 0;
  if (tv->kemac.encr_data.len > sizeof(plain)) {
    return MIKEY_E_LIMIT;
  }
  /* A.1: encr_key and salt_key from the TPK (the V's auth_key is not needed again) */
  int rc = mikey_kdf_tpk_keys(ticket_tpk_prf(tpk, prf), tv->rand.data, tv->rand.len,
                              tv->kemac.encr_alg, MIKEY_MAC_NULL, &ks);
  if (rc == 0) {
    rc = ticket_ts64(&tv->t, &t64);
  }
  if (rc == 0) {
    /* A.1: CSB ID 0xFFFFFFFF and the Ticket Data's T in the IV (RFC 3830 4.2.3) */
    rc = mikey_kemac_decrypt(&ctx->cipher, &ks, TICKET_CSB_ID, t64, tv->kemac.encr_data.data,
                             tv->kemac.encr_data.len, plain, sizeof(plain), &plain_len);
  }
  mikey_keyset_clear(&ks);
  if (rc == 0) {
    rc = mikey_keydata_decode(&kl, plain, plain_len, 0);
  }
  if (rc == 0) {
    rc = take_keys(keys, &kl, &longest);
  }
  if (rc == 0) {
    /* D4 and 12.1 over TPK, MPK and the session keys */
    if (tpk->len > longest) {
      longest = tpk->len;
    }
    if (mikey_suite_check_tp(prf, prf, longest)) {
      rc = MIKEY_E_SUITE;
    }
  }
  /* D5: "the RAND in the MIKEY base ticket MUST at least be as long as the longest of TPK and
   * MPK" */
  if (rc == 0 && mikey_suite_check_rand(tv->rand.len, keys->mpk.key_len)) {
    rc = MIKEY_E_RAND_SHORT;
  }
  mikey_memzero(plain, sizeof(plain));
  return rc;
}

int mikey_ticket_open(mikey_ticket_ctx *ctx, mikey_tpk *tpk, const mikey_ticket_view *tv,
                      mikey_ticket_keys *keys) {
  return mikey_ticket_open_mpks(ctx, tpk, tv, keys, MIKEY_TICKET_MPKI | MIKEY_TICKET_MPKR);
}

int mikey_ticket_open_mpks(mikey_ticket_ctx *ctx, mikey_tpk *tpk, const mikey_ticket_view *tv,
                           mikey_ticket_keys *keys, unsigned mpks) {
  if (!keys) {
    return MIKEY_E_INVAL;
  }
  mikey_ticket_keys_clear(keys);
  int rc = mikey_ticket_verify(ctx, tpk, tv);
  if (rc) {
    return rc;
  }
  rc = open_kemac(ctx, tpk, tv, keys);
  if (rc == 0) {
    /* A.2.2: MPKi and MPKr from the MPK, with the Ticket Policy PRF, outkey_len = inkey_len */
    size_t n = keys->mpk.key_len;
    keys->prf = tv->policy.prf;
    rc = mikey_prf_setkey(&ctx->prf, keys->prf, keys->mpk.key, n);
    if (rc == 0 && (mpks & MIKEY_TICKET_MPKI)) {
      rc = mikey_kdf_mpk(&ctx->prf, MIKEY_KDF_MPKI, tv->rand.data, tv->rand.len, keys->mpki, n);
    }
    if (rc == 0 && (mpks & MIKEY_TICKET_MPKR)) {
      rc = mikey_kdf_mpk(&ctx->prf, MIKEY_KDF_MPKR, tv->rand.data, tv->rand.len, keys->mpkr, n);
    }
  }
  if (rc) {
    mikey_ticket_keys_clear(keys);
  }
  return rc;
}

int mikey_ticket_open_lookup(mikey_ticket_ctx *ctx, mikey_tpk_lookup_fn lookup,
                             void *user_data, const mikey_ticket_view *tv,
                             mikey_ticket_keys *keys) {
  if (!keys) {
    return MIKEY_E_INVAL;
  }
  mikey_ticket_keys_clear(keys);
  if (!ctx || !lookup || !tv) {
    return MIKEY_E_INVAL;
  }
  mikey_tpk *tpk = NULL;
  int rc = lookup(user_data, tv, &tpk);
  if (rc == MIKEY_E_UNKNOWN_KEY || rc == MIKEY_E_KMS_ID) {
    return rc;
  }
  if (rc || !tpk) {
    return MIKEY_E_CALLBACK;
  }
  return mikey_ticket_open(ctx, tpk, tv, keys);
}
