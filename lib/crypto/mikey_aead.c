/*
 * mikey_aead.c: AES-GCM, AES-CCM (and AES-CBC for EnvelopedData) on reusable libgcrypt
 * handles.
 */
#include "crypto/mikey_aead.h"

#include <string.h>

#include <gcrypt.h>

/* Bound on a GCM nonce taken here; the CMS layer applies its own (RFC 5084 3.2 allows any
 * number of octets, 12 recommended). */
#define AEAD_GCM_NONCE_MAX 64

static const struct {
  int algo;
  int mode;
  size_t key_len;
} ciphers[MIKEY_AEAD_COUNT] = {
    {GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM, 16}, {GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_GCM, 32},
    {GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CCM, 16}, {GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_CCM, 32},
    {GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CBC, 16}, {GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_CBC, 32},
    {GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_AESWRAP, 16},
    {GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_AESWRAP, 32},
};

/* An all-zero key written over the content key when a message ends. */
static const uint8_t zero_key[32];

void mikey_aead_init(mikey_aead *a) {
  for (size_t i = 0; i < MIKEY_AEAD_COUNT; i++) {
    a->hd[i] = NULL;
  }
  a->cur = NULL;
  a->cipher = -1;
  a->tag_len = 0;
}

void mikey_aead_release(mikey_aead *a) {
  for (size_t i = 0; i < MIKEY_AEAD_COUNT; i++) {
    if (a->hd[i]) {
      gcry_cipher_close(a->hd[i]);
    }
  }
  mikey_aead_init(a);
}

size_t mikey_aead_key_len(int cipher) {
  return cipher >= 0 && cipher < MIKEY_AEAD_COUNT ? ciphers[cipher].key_len : 0;
}

/* is_gcm / is_ccm tell the mode of |cipher|. */
static int is_gcm(int cipher) {
  return cipher == MIKEY_AEAD_AES128_GCM || cipher == MIKEY_AEAD_AES256_GCM;
}
static int is_ccm(int cipher) {
  return cipher == MIKEY_AEAD_AES128_CCM || cipher == MIKEY_AEAD_AES256_CCM;
}

/* get_handle returns the kept handle of |cipher|, opening it on first use (NULL on failure);
 * a kept one is reset. */
static gcry_cipher_hd_t get_handle(mikey_aead *a, int cipher) {
  gcry_cipher_hd_t h = a->hd[cipher];
  if (!h) {
    if (gcry_cipher_open(&h, ciphers[cipher].algo, ciphers[cipher].mode, 0)) {
      return NULL;
    }
    a->hd[cipher] = h;
  } else {
    gcry_cipher_reset(h);
  }
  return h;
}

int mikey_aead_start(mikey_aead *a, int cipher, const uint8_t *key, size_t key_len,
                     const uint8_t *nonce, size_t nonce_len, size_t tag_len, uint64_t aad_len,
                     uint64_t msg_len) {
  a->cur = NULL;
  if (cipher < 0 || cipher >= MIKEY_AEAD_COUNT || !key || !nonce) {
    return MIKEY_E_INVAL;
  }
  if (key_len != ciphers[cipher].key_len) {
    return MIKEY_E_KEY_LENGTH;
  }
  if (is_gcm(cipher)) {
    /* RFC 5084 3.2: AES-GCM-ICVlen is 12..16. */
    if (nonce_len < 1 || nonce_len > AEAD_GCM_NONCE_MAX || tag_len < 12 || tag_len > 16) {
      return MIKEY_E_INVAL;
    }
  } else if (is_ccm(cipher)) {
    /* RFC 5084 3.1: nonce of 7..13 octets, AES-CCM-ICVlen 4, 6, ..., 16 (RFC 3610 2). The
     * length field of L = 15 - nonce_len octets must hold the message length. */
    if (nonce_len < 7 || nonce_len > 13 || tag_len < 4 || tag_len > 16 || tag_len % 2) {
      return MIKEY_E_INVAL;
    }
    size_t l = 15 - nonce_len;
    if (l < 8 && msg_len >> (8 * l) != 0) {
      return MIKEY_E_INVAL;
    }
  } else {
    if (nonce_len != 16 || tag_len != 0) {
      return MIKEY_E_INVAL;
    }
  }
  if (cipher == MIKEY_AEAD_AES128_KW || cipher == MIKEY_AEAD_AES256_KW) {
    return MIKEY_E_INVAL;
  }
  gcry_cipher_hd_t h = get_handle(a, cipher);
  if (!h) {
    return MIKEY_E_CRYPTO;
  }
  if (gcry_cipher_setkey(h, key, key_len) || gcry_cipher_setiv(h, nonce, nonce_len)) {
    gcry_cipher_setkey(h, zero_key, key_len);
    return MIKEY_E_CRYPTO;
  }
  if (is_ccm(cipher)) {
    uint64_t lengths[3] = {msg_len, aad_len, tag_len};
    if (gcry_cipher_ctl(h, GCRYCTL_SET_CCM_LENGTHS, lengths, sizeof(lengths))) {
      gcry_cipher_setkey(h, zero_key, key_len);
      return MIKEY_E_CRYPTO;
    }
  }
  a->cur = h;
  a->cipher = cipher;
  a->tag_len = tag_len;
  return 0;
}

int mikey_aead_aad(mikey_aead *a, const uint8_t *p, size_t len) {
  if (!a->cur || (len > 0 && !p)) {
    return MIKEY_E_STATE;
  }
  if (len == 0) {
    return 0;
  }
  return gcry_cipher_authenticate(a->cur, p, len) ? MIKEY_E_CRYPTO : 0;
}

int mikey_aead_encrypt(mikey_aead *a, uint8_t *out, const uint8_t *in, size_t len) {
  if (!a->cur) {
    return MIKEY_E_STATE;
  }
  if (len == 0) {
    return 0;
  }
  gcry_error_t e = out == in ? gcry_cipher_encrypt(a->cur, out, len, NULL, 0)
                             : gcry_cipher_encrypt(a->cur, out, len, in, len);
  return e ? MIKEY_E_CRYPTO : 0;
}

int mikey_aead_decrypt(mikey_aead *a, uint8_t *out, const uint8_t *in, size_t len) {
  if (!a->cur) {
    return MIKEY_E_STATE;
  }
  if (len == 0) {
    return 0;
  }
  gcry_error_t e = out == in ? gcry_cipher_decrypt(a->cur, out, len, NULL, 0)
                             : gcry_cipher_decrypt(a->cur, out, len, in, len);
  return e ? MIKEY_E_CRYPTO : 0;
}

/* compute_tag writes the tag of the message to |tag| (16 bytes of room): GCM gives its full
 * 16-byte tag, of which the first tag_len bytes are the truncated one (NIST SP 800-38D 7.1
 * step 7: MSB); CCM gives exactly tag_len bytes (the length it was started with). */
static int compute_tag(mikey_aead *a, uint8_t tag[MIKEY_AEAD_MAX_TAG]) {
  if (!a->cur || a->tag_len == 0) {
    return MIKEY_E_STATE;
  }
  size_t n = is_gcm(a->cipher) ? MIKEY_AEAD_MAX_TAG : a->tag_len;
  return gcry_cipher_gettag(a->cur, tag, n) ? MIKEY_E_CRYPTO : 0;
}

int mikey_aead_tag(mikey_aead *a, uint8_t *tag) {
  uint8_t t[MIKEY_AEAD_MAX_TAG];
  int rv = compute_tag(a, t);
  if (rv == 0) {
    memcpy(tag, t, a->tag_len);
  }
  mikey_memzero(t, sizeof(t));
  return rv;
}

int mikey_aead_verify(mikey_aead *a, const uint8_t *tag) {
  uint8_t t[MIKEY_AEAD_MAX_TAG];
  int rv = compute_tag(a, t);
  if (rv == 0 && !mikey_ct_equal(t, tag, a->tag_len)) {
    rv = MIKEY_E_AUTH;
  }
  mikey_memzero(t, sizeof(t));
  return rv;
}

/* kw_handle returns the kept key-wrap handle keyed with |kek|, or sets |*rv|. */
static gcry_cipher_hd_t kw_handle(mikey_aead *a, const uint8_t *kek, size_t kek_len, int *rv) {
  int cipher;
  switch (kek_len) {
    case 16: cipher = MIKEY_AEAD_AES128_KW; break;
    case 32: cipher = MIKEY_AEAD_AES256_KW; break;
    default: *rv = MIKEY_E_KEY_LENGTH; return NULL;
  }
  gcry_cipher_hd_t h = get_handle(a, cipher);
  if (!h) {
    *rv = MIKEY_E_CRYPTO;
    return NULL;
  }
  if (gcry_cipher_setkey(h, kek, kek_len)) {
    *rv = MIKEY_E_CRYPTO;
    return NULL;
  }
  return h;
}

int mikey_aead_wrap(mikey_aead *a, const uint8_t *kek, size_t kek_len, const uint8_t *in,
                    size_t len, uint8_t *out) {
  if (!kek || !in || !out || (len != 16 && len != 32)) {
    return MIKEY_E_INVAL;
  }
  int rv = 0;
  gcry_cipher_hd_t h = kw_handle(a, kek, kek_len, &rv);
  if (!h) {
    return rv;
  }
  /* RFC 3394 2.2.1: n 64-bit blocks in, n + 1 out. */
  rv = gcry_cipher_encrypt(h, out, len + 8, in, len) ? MIKEY_E_CRYPTO : 0;
  gcry_cipher_setkey(h, zero_key, kek_len);
  return rv;
}

int mikey_aead_unwrap(mikey_aead *a, const uint8_t *kek, size_t kek_len, const uint8_t *in,
                      size_t len, uint8_t *out) {
  if (!kek || !in || !out || (len != 24 && len != 40)) {
    return MIKEY_E_INVAL;
  }
  int rv = 0;
  gcry_cipher_hd_t h = kw_handle(a, kek, kek_len, &rv);
  if (!h) {
    return rv;
  }
  gcry_error_t e = gcry_cipher_decrypt(h, out, len - 8, in, len);
  gcry_cipher_setkey(h, zero_key, kek_len);
  if (e) {
    mikey_memzero(out, len - 8);
    /* RFC 3394 2.2.3: the recovered A must equal the initial value A6A6A6A6A6A6A6A6. */
    return gcry_err_code(e) == GPG_ERR_CHECKSUM ? MIKEY_E_UNWRAP : MIKEY_E_CRYPTO;
  }
  return 0;
}

void mikey_aead_stop(mikey_aead *a) {
  if (a->cur) {
    gcry_cipher_reset(a->cur);
    gcry_cipher_setkey(a->cur, zero_key, ciphers[a->cipher].key_len);
  }
  a->cur = NULL;
  a->tag_len = 0;
}
