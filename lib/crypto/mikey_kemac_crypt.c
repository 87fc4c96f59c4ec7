/*
 * mikey_kemac_crypt.c: KEMAC Encr data with NULL, AES-CM-128/256 (RFC 3830 4.2.3, RFC 6043 6.2)
 * and AES-KW-128 (RFC 3830 4.2.3, RFC 3394).
 */
#include "crypto/mikey_kemac_crypt.h"

#include <string.h>

int mikey_kemac_iv(const uint8_t *salt, size_t salt_len, uint32_t csb_id, uint64_t t,
                   uint8_t iv[16]) {
  if (!salt || !iv) {
    return MIKEY_E_INVAL;
  }
  if (salt_len != 14) {
    return MIKEY_E_KEY_LENGTH;
  }
  /* RFC 3830 4.2.3: IV = (S XOR (0x0000 || CSB ID || T)) || 0x0000; 2 + 4 + 8 = 14 bytes,
   * then the 16-bit block counter that starts at zero (SRTP_PREFIX_LENGTH 0). */
  uint8_t x[14] = {0};
  for (int i = 0; i < 4; i++) {
    x[2 + i] = (uint8_t)(csb_id >> (24 - 8 * i));
  }
  for (int i = 0; i < 8; i++) {
    x[6 + i] = (uint8_t)(t >> (56 - 8 * i));
  }
  for (int i = 0; i < 14; i++) {
    iv[i] = (uint8_t)(salt[i] ^ x[i]);
  }
  iv[14] = 0;
  iv[15] = 0;
  return 0;
}

int mikey_kemac_encr_len(uint8_t encr_alg, size_t plain_len, size_t *encr_len) {
  if (!encr_len) {
    return MIKEY_E_INVAL;
  }
  size_t n = plain_len;
  switch (encr_alg) {
    case MIKEY_ENCR_NULL:
    case MIKEY_ENCR_AES_CM_128:
    case MIKEY_ENCR_AES_CM_256: break;
    case MIKEY_ENCR_AES_KW_128:
      if (n == 0) {
        break; /* RFC 3830 6.2: an update may carry no Key data sub-payload at all */
      }
      /* RFC 3394 2: n >= 2 blocks of 64 bits. */
      if (n < 16 || n % 8 != 0) {
        return MIKEY_E_INVAL;
      }
      if (n > MIKEY_KEMAC_MAX_DATA - MIKEY_KEMAC_KW_OVERHEAD) {
        return MIKEY_E_LIMIT;
      }
      n += MIKEY_KEMAC_KW_OVERHEAD;
      break;
    default: return MIKEY_E_SUITE_EA;
  }
  if (n > MIKEY_KEMAC_MAX_DATA) {
    return MIKEY_E_LIMIT;
  }
  *encr_len = n;
  return 0;
}

void mikey_kemac_cipher_init(mikey_kemac_cipher *c) {
  if (c) {
    c->cm128 = NULL;
    c->cm256 = NULL;
    c->kw128 = NULL;
  }
}

void mikey_kemac_cipher_clear(mikey_kemac_cipher *c) {
  if (c) {
    if (c->cm128) {
      gcry_cipher_close(c->cm128);
    }
    if (c->cm256) {
      gcry_cipher_close(c->cm256);
    }
    if (c->kw128) {
      gcry_cipher_close(c->kw128);
    }
    mikey_kemac_cipher_init(c);
  }
}

/* kemac_handle returns in |*h| the handle of |c| for |encr_alg|, opening it on first use. */
static int kemac_handle(mikey_kemac_cipher *c, uint8_t encr_alg, gcry_cipher_hd_t *h) {
  gcry_cipher_hd_t *slot;
  int algo, mode;
  switch (encr_alg) {
    case MIKEY_ENCR_AES_CM_128:
      slot = &c->cm128, algo = GCRY_CIPHER_AES128, mode = GCRY_CIPHER_MODE_CTR;
      break;
    case MIKEY_ENCR_AES_CM_256:
      slot = &c->cm256, algo = GCRY_CIPHER_AES256, mode = GCRY_CIPHER_MODE_CTR;
      break;
    case MIKEY_ENCR_AES_KW_128:
      slot = &c->kw128, algo = GCRY_CIPHER_AES128, mode = GCRY_CIPHER_MODE_AESWRAP;
      break;
    default: return MIKEY_E_INTERNAL;
  }
  /* Secure memory when there is some left, else ordinary memory (wiped on close). */
  if (!*slot && gcry_cipher_open(slot, algo, mode, GCRY_CIPHER_SECURE) &&
      gcry_cipher_open(slot, algo, mode, 0)) {
    *slot = NULL;
    return MIKEY_E_CRYPTO;
  }
  *h = *slot;
  return 0;
}

/* kemac_run checks the arguments and runs one encryption (|decrypt| 0) or decryption. */
static int kemac_run(mikey_kemac_cipher *c, const mikey_keyset *ks, uint32_t csb_id,
                     uint64_t t, const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                     size_t *out_len, int decrypt) {
  if (!ks || !out_len || (!in && in_len)) {
    return MIKEY_E_INVAL;
  }
  uint8_t alg = ks->encr_alg;
  size_t klen, slen;
  int rv = mikey_suite_encr_key_len(alg, &klen);
  if (rv == 0) {
    rv = mikey_suite_salt_len(alg, &slen);
  }
  if (rv) {
    return rv;
  }
  if (ks->encr_len != klen || ks->salt_len != slen) {
    return MIKEY_E_KEY_LENGTH;
  }
  size_t need;
  if (!decrypt) {
    rv = mikey_kemac_encr_len(alg, in_len, &need);
    if (rv) {
      return rv;
    }
  } else {
    if (in_len > MIKEY_KEMAC_MAX_DATA) {
      return MIKEY_E_LIMIT;
    }
    need = in_len;
    if (alg == MIKEY_ENCR_AES_KW_128 && in_len != 0) {
      /* RFC 3394 2.2.2: n + 1 >= 3 blocks of 64 bits in. */
      if (in_len < 24 || in_len % 8 != 0) {
        return MIKEY_E_INVAL;
      }
      need = in_len - MIKEY_KEMAC_KW_OVERHEAD;
    }
  }
  *out_len = need;
  if (out_cap < need) {
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  if (need == 0) {
    return 0;
  }
  if (!out) {
    return MIKEY_E_INVAL;
  }
  if (alg == MIKEY_ENCR_NULL) {
    if (out != in) {
      memmove(out, in, in_len);
    }
    return 0;
  }
  if (alg == MIKEY_ENCR_AES_KW_128 && out == in) {
    return MIKEY_E_INVAL;
  }

  mikey_kemac_cipher tmp;
  mikey_kemac_cipher_init(&tmp);
  mikey_kemac_cipher *ctx = c ? c : &tmp;
  gcry_cipher_hd_t h;
  rv = kemac_handle(ctx, alg, &h);
  if (rv == 0 && gcry_cipher_setkey(h, ks->encr, klen)) {
    rv = MIKEY_E_CRYPTO;
  }
  uint8_t iv[16];
  if (rv == 0 && alg != MIKEY_ENCR_AES_KW_128) {
    /* AES-CM: SRTP counter mode, counter block = IV + block index. libgcrypt increments the
     * whole 128-bit block; with at most 65535 bytes (4096 blocks) only the low 16 bits, zero
     * in the IV, ever change, exactly as RFC 3711 4.1.1. CTR encryption and decryption are
     * the same operation. */
    rv = mikey_kemac_iv(ks->salt, slen, csb_id, t, iv);
    if (rv == 0 && gcry_cipher_setctr(h, iv, sizeof(iv))) {
      rv = MIKEY_E_CRYPTO;
    }
    if (rv == 0) {
      gcry_error_t e = out == in ? gcry_cipher_encrypt(h, out, need, NULL, 0)
                                 : gcry_cipher_encrypt(h, out, need, in, in_len);
      rv = e ? MIKEY_E_CRYPTO : 0;
    }
  } else if (rv == 0) {
    /* AES-KW-128: RFC 3830 4.2.3 "the key wrap IV is then set to S". libgcrypt takes the
     * first 8 bytes of a 16-byte IV as the alternative initial value (a shorter IV makes it
     * print a warning); the known-answer tests pin this against openssl. */
    memset(iv, 0, sizeof(iv));
    memcpy(iv, ks->salt, MIKEY_KEMAC_KW_OVERHEAD);
    if (gcry_cipher_setiv(h, iv, sizeof(iv))) {
      rv = MIKEY_E_CRYPTO;
    } else {
      gcry_error_t e = decrypt ? gcry_cipher_decrypt(h, out, need, in, in_len)
                               : gcry_cipher_encrypt(h, out, need, in, in_len);
      if (e) {
        rv = gcry_err_code(e) == GPG_ERR_CHECKSUM ? MIKEY_E_UNWRAP : MIKEY_E_CRYPTO;
      }
    }
  }
  mikey_memzero(iv, sizeof(iv));
  if (rv) {
    mikey_memzero(out, need);
  }
  mikey_kemac_cipher_clear(&tmp);
  return rv;
}

int mikey_kemac_encrypt(mikey_kemac_cipher *c, const mikey_keyset *ks, uint32_t csb_id,
                        uint64_t t, const uint8_t *in, size_t in_len, uint8_t *out,
                        size_t out_cap, size_t *out_len) {
  return kemac_run(c, ks, csb_id, t, in, in_len, out, out_cap, out_len, 0);
}

int mikey_kemac_decrypt(mikey_kemac_cipher *c, const mikey_keyset *ks, uint32_t csb_id,
                        uint64_t t, const uint8_t *in, size_t in_len, uint8_t *out,
                        size_t out_cap, size_t *out_len) {
  return kemac_run(c, ks, csb_id, t, in, in_len, out, out_cap, out_len, 1);
}
