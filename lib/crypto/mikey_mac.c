/*
 * mikey_mac.c: V payload MACs, HMAC-SHA-1-160 (RFC 3830 4.2.4) and HMAC-SHA-256-256
 * (RFC 6043 6.2), over byte ranges, with constant-time verification.
 */
#include "crypto/mikey_mac.h"

void mikey_mac_init(mikey_mac *m) {
  if (m) {
    mikey_hmac_init(&m->h);
    m->mac_alg = MIKEY_MAC_NULL;
    m->tag_len = 0;
  }
}

int mikey_mac_setkey(mikey_mac *m, uint8_t mac_alg, const uint8_t *key, size_t key_len) {
  if (!m || !key) {
    return MIKEY_E_INVAL;
  }
  m->tag_len = 0;
  int md;
  switch (mac_alg) {
    case MIKEY_MAC_HMAC_SHA_1_160: md = GCRY_MD_SHA1; break;
    case MIKEY_MAC_HMAC_SHA_256_256: md = GCRY_MD_SHA256; break;
    default: return MIKEY_E_SUITE_MAC;
  }
  size_t want, tag;
  if (mikey_suite_auth_key_len(mac_alg, &want) || mikey_suite_tag_len(mac_alg, &tag)) {
    return MIKEY_E_INTERNAL;
  }
  if (key_len != want) {
    return MIKEY_E_KEY_LENGTH;
  }
  int rv = mikey_hmac_setkey(&m->h, md, key, key_len);
  if (rv) {
    return rv;
  }
  m->mac_alg = mac_alg;
  m->tag_len = tag;
  return 0;
}

/* mac_run MACs the ranges into |out| (m->tag_len bytes). */
static int mac_run(mikey_mac *m, const mikey_iov *v, size_t n, uint8_t *out) {
  for (size_t i = 0; i < n; i++) {
    mikey_hmac_write(&m->h, v[i].base, v[i].len);
  }
  return mikey_hmac_final(&m->h, out, m->tag_len);
}

int mikey_mac_compute(mikey_mac *m, const mikey_iov *v, size_t n, uint8_t *tag,
                      size_t tag_len) {
  if (!m || !tag || !mikey_iov_ok(v, n)) {
    return MIKEY_E_INVAL;
  }
  if (m->tag_len == 0) {
    return MIKEY_E_STATE;
  }
  if (tag_len != m->tag_len) {
    return MIKEY_E_INVAL;
  }
  return mac_run(m, v, n, tag);
}

int mikey_mac_verify(mikey_mac *m, const mikey_iov *v, size_t n, const uint8_t *tag,
                     size_t tag_len) {
  if (!m || !tag || !mikey_iov_ok(v, n)) {
    return MIKEY_E_INVAL;
  }
  if (m->tag_len == 0) {
    return MIKEY_E_STATE;
  }
  uint8_t want[MIKEY_SUITE_MAX_TAG];
  int rv = mac_run(m, v, n, want);
  if (rv == 0) {
    /* The length is public (it follows from the MAC alg); the bytes are compared in
     * constant time. */
    rv = tag_len == m->tag_len && mikey_ct_equal(want, tag, tag_len) ? 0 : MIKEY_E_AUTH;
  }
  mikey_memzero(want, sizeof(want));
  return rv;
}

void mikey_mac_clear(mikey_mac *m) {
  if (m) {
    mikey_hmac_clear(&m->h);
    mikey_mac_init(m);
  }
}

int mikey_mac_compute_oneshot(uint8_t mac_alg, const uint8_t *key, size_t key_len,
                              const mikey_iov *v, size_t n, uint8_t *tag, size_t tag_len) {
  mikey_mac m;
  mikey_mac_init(&m);
  int rv = mikey_mac_setkey(&m, mac_alg, key, key_len);
  if (rv == 0) {
    rv = mikey_mac_compute(&m, v, n, tag, tag_len);
  }
  mikey_mac_clear(&m);
  return rv;
}

int mikey_mac_verify_oneshot(uint8_t mac_alg, const uint8_t *key, size_t key_len,
                             const mikey_iov *v, size_t n, const uint8_t *tag,
                             size_t tag_len) {
  mikey_mac m;
  mikey_mac_init(&m);
  int rv = mikey_mac_setkey(&m, mac_alg, key, key_len);
  if (rv == 0) {
    rv = mikey_mac_verify(&m, v, n, tag, tag_len);
  }
  mikey_mac_clear(&m);
  return rv;
}
