/*
 * mikey_kw.c: AES key wrap (RFC 3394) on libgcrypt's AESWRAP mode.
 */
#include "crypto/mikey_kw.h"

#include <gcrypt.h>

#include <mikey/common.h>

/* kw_open opens an AESWRAP handle keyed with |kek|; returns 0 or a MIKEY_E_* code. */
static int kw_open(gcry_cipher_hd_t *h, const uint8_t *kek, size_t kek_len) {
  int algo;
  switch (kek_len) {
    case 16: algo = GCRY_CIPHER_AES128; break;
    case 24: algo = GCRY_CIPHER_AES192; break;
    case 32: algo = GCRY_CIPHER_AES256; break;
    default: return MIKEY_E_KEY_LENGTH;
  }
  if (gcry_cipher_open(h, algo, GCRY_CIPHER_MODE_AESWRAP, 0)) {
    return MIKEY_E_CRYPTO;
  }
  if (gcry_cipher_setkey(*h, kek, kek_len)) {
    gcry_cipher_close(*h);
    return MIKEY_E_CRYPTO;
  }
  return 0;
}

int mikey_kw_wrap(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t len,
                  uint8_t *out) {
  if (!kek || !in || !out) {
    return MIKEY_E_INVAL;
  }
  /* RFC 3394 2: plaintext of n 64-bit blocks, n >= 2. */
  if (len < 16 || len % 8 != 0 || len > SIZE_MAX - MIKEY_KW_OVERHEAD) {
    return MIKEY_E_INVAL;
  }
  gcry_cipher_hd_t h;
  int rv = kw_open(&h, kek, kek_len);
  if (rv) {
    return rv;
  }
  rv = gcry_cipher_encrypt(h, out, len + MIKEY_KW_OVERHEAD, in, len) ? MIKEY_E_CRYPTO : 0;
  gcry_cipher_close(h);
  return rv;
}

int mikey_kw_unwrap(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t len,
                    uint8_t *out) {
  if (!kek || !in || !out) {
    return MIKEY_E_INVAL;
  }
  if (len < 24 || len % 8 != 0) {
    return MIKEY_E_INVAL;
  }
  gcry_cipher_hd_t h;
  int rv = kw_open(&h, kek, kek_len);
  if (rv) {
    return rv;
  }
  gcry_error_t e = gcry_cipher_decrypt(h, out, len - MIKEY_KW_OVERHEAD, in, len);
  gcry_cipher_close(h);
  if (e) {
    mikey_memzero(out, len - MIKEY_KW_OVERHEAD);
    /* RFC 3394 2.2.3: the recovered A must equal the initial value. */
    return gcry_err_code(e) == GPG_ERR_CHECKSUM ? MIKEY_E_UNWRAP : MIKEY_E_CRYPTO;
  }
  return 0;
}
