/*
 * mikey_hmac.c: reusable keyed HMAC (RFC 2104) over libgcrypt's md handles.
 */
#include "crypto/mikey_hmac.h"

#include <string.h>

void mikey_hmac_init(mikey_hmac *m) {
  if (m) {
    m->hd = NULL;
    m->md = 0;
    m->len = 0;
    m->keyed = 0;
  }
}

int mikey_hmac_setkey(mikey_hmac *m, int md, const uint8_t *key, size_t key_len) {
  if (!m || !key) {
    return MIKEY_E_INVAL;
  }
  if (md != GCRY_MD_SHA1 && md != GCRY_MD_SHA256) {
    return MIKEY_E_INVAL;
  }
  if (key_len == 0) {
    return MIKEY_E_KEY_LENGTH;
  }
  m->keyed = 0;
  if (m->hd && m->md != md) {
    mikey_hmac_clear(m);
  }
  if (!m->hd) {
    /* The padded-key states go to secure memory when the integrator enabled it; when its
     * pool is exhausted (or secure memory is off) to ordinary memory. libgcrypt wipes the
     * handle on close either way. */
    if (gcry_md_open(&m->hd, md, GCRY_MD_FLAG_HMAC | GCRY_MD_FLAG_SECURE) &&
        gcry_md_open(&m->hd, md, GCRY_MD_FLAG_HMAC)) {
      m->hd = NULL;
      return MIKEY_E_CRYPTO;
    }
    m->md = md;
    m->len = gcry_md_get_algo_dlen(md);
  }
  /* libgcrypt: setkey on an HMAC handle recomputes the padded-key states and resets. */
  if (gcry_md_setkey(m->hd, key, key_len)) {
    return MIKEY_E_CRYPTO;
  }
  m->keyed = 1;
  return 0;
}

void mikey_hmac_write(mikey_hmac *m, const void *p, size_t len) {
  if (m && m->keyed && p && len) {
    gcry_md_write(m->hd, p, len);
  }
}

int mikey_hmac_final(mikey_hmac *m, uint8_t *out, size_t out_len) {
  if (!m || !m->keyed) {
    return MIKEY_E_STATE;
  }
  if (!out || out_len > m->len) {
    return MIKEY_E_INVAL;
  }
  const unsigned char *d = gcry_md_read(m->hd, m->md);
  if (!d) {
    m->keyed = 0;
    return MIKEY_E_CRYPTO;
  }
  memcpy(out, d, out_len);
  /* Back to the keyed inner state; this also overwrites the digest inside the handle. */
  gcry_md_reset(m->hd);
  return 0;
}

void mikey_hmac_clear(mikey_hmac *m) {
  if (m) {
    if (m->hd) {
      gcry_md_close(m->hd);
    }
    mikey_hmac_init(m);
  }
}
