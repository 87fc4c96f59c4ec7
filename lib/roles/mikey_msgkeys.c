/*
 * mikey_msgkeys.c: the keys that protect one MIKEY-TICKET message (RFC 6043 5.1.2) and the
 * KEMAC of a response (RFC 6043 4.2.1.5, 4.2.3.5): E(encr_key, MPKi || [MPKr] || key) with
 * the NULL MAC, the V payload being the MAC.
 *
 * Suites (PROFILE.md D3): PRF-HMAC-SHA-256 goes with AES-CM-256 and HMAC-SHA-256-256,
 * MIKEY-1 with AES-CM-128 and HMAC-SHA-1-160. The engines send exactly these and refuse a
 * message that mixes them.
 */
#include <string.h>

#include "roles/mikey_roles_local.h"

int mikey_suite_algs(uint8_t prf, uint8_t *encr_alg, uint8_t *mac_alg) {
  switch (prf) {
  case MIKEY_PRF_HMAC_SHA_256:
    *encr_alg = MIKEY_ENCR_AES_CM_256;
    *mac_alg = MIKEY_MAC_HMAC_SHA_256_256;
    return 0;
  case MIKEY_PRF_MIKEY_1:
    *encr_alg = MIKEY_ENCR_AES_CM_128;
    *mac_alg = MIKEY_MAC_HMAC_SHA_1_160;
    return 0;
  default:
    return MIKEY_E_SUITE_PRF;
  }
}

int mikey_msgkeys_ctx(mikey_prf *ctx, uint8_t prf, const uint8_t *inkey, size_t inkey_len,
                      uint32_t csb_id, uint8_t direction, const uint8_t *randri,
                      size_t randri_len, const uint8_t *randrr, size_t randrr_len,
                      mikey_keyset *ks) {
  uint8_t encr_alg, mac_alg;
  int rc = mikey_suite_algs(prf, &encr_alg, &mac_alg);
  if (rc) {
    return rc;
  }
  mikey_prf tmp;
  mikey_prf *p = ctx;
  if (!p) {
    mikey_prf_init(&tmp);
    p = &tmp;
  }
  rc = mikey_prf_setkey(p, prf, inkey, inkey_len);
  if (rc == 0) {
    rc = mikey_kdf_msg_keys(p, csb_id, direction, randri, randri_len, randrr, randrr_len,
                            encr_alg, mac_alg, ks);
  }
  if (p == &tmp) {
    mikey_prf_clear(&tmp);
  }
  return rc;
}

int mikey_msgkeys(uint8_t prf, const uint8_t *inkey, size_t inkey_len, uint32_t csb_id,
                  uint8_t direction, const uint8_t *randri, size_t randri_len,
                  const uint8_t *randrr, size_t randrr_len, mikey_keyset *ks) {
  return mikey_msgkeys_ctx(NULL, prf, inkey, inkey_len, csb_id, direction, randri, randri_len,
                           randrr, randrr_len, ks);
}

int mikey_kemac_seal(mikey_kemac_cipher *c, const mikey_keyset *ks, uint32_t csb_id,
                     uint64_t t, const mikey_kemac_key *keys, size_t n, uint8_t *out,
                     size_t cap, size_t *out_len) {
  if (!ks || !keys || !out_len || n == 0 || n > MIKEY_MAX_KEYS) {
    return MIKEY_E_INVAL;
  }
  mikey_keydata_list list;
  memset(&list, 0, sizeof(list));
  for (size_t i = 0; i < n; i++) {
    mikey_keydata *kd = &list.kd[i];
    kd->type = keys[i].type;
    kd->kv.type = keys[i].spi_len ? MIKEY_KV_SPI : MIKEY_KV_NULL;
    kd->kv.spi = (mikey_bytes){keys[i].spi, keys[i].spi_len};
    kd->key = (mikey_bytes){keys[i].key, keys[i].key_len};
    kd->salt = (mikey_bytes){keys[i].salt, keys[i].salt_len};
  }
  list.n = n;
  uint8_t plain[MIKEY_KEMAC_PLAIN_MAX];
  size_t plen = 0;
  int rc = mikey_keydata_encode(&list, plain, sizeof(plain), &plen);
  if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
    rc = MIKEY_E_LIMIT;
  }
  if (rc == 0) {
    rc = mikey_kemac_encrypt(c, ks, csb_id, t, plain, plen, out, cap, out_len);
  }
  mikey_memzero(plain, sizeof(plain));
  return rc;
}

int mikey_kemac_open(mikey_kemac_cipher *c, const mikey_keyset *ks, uint32_t csb_id,
                     uint64_t t, const mikey_kemac *k, uint8_t *plain, size_t cap,
                     mikey_keydata_list *list) {
  if (!ks || !k || !plain || !list) {
    return MIKEY_E_INVAL;
  }
  if (k->encr_alg != ks->encr_alg) {
    return MIKEY_E_SUITE_EA;
  }
  /* RFC 6043 4.2.1.5, 4.2.3.5: the KEMAC of a response uses the NULL MAC */
  if (k->mac_alg != MIKEY_MAC_NULL) {
    return MIKEY_E_SUITE_MAC;
  }
  if (k->encr_data.len > cap) {
    return MIKEY_E_LIMIT;
  }
  size_t plen = 0;
  int rc = mikey_kemac_decrypt(c, ks, csb_id, t, k->encr_data.data, k->encr_data.len, plain,
                               cap, &plen);
  if (rc == 0) {
    rc = mikey_keydata_decode(list, plain, plen, 0);
  }
  if (rc) {
    mikey_memzero(plain, cap);
  }
  return rc;
}
