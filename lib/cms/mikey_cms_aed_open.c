/*
 * mikey_cms_aed_open.c: unwrap, decrypt and verify a parsed AuthEnvelopedData (RFC 5083 2,
 * RFC 5084, RFC 3565), one-shot. No plaintext leaves unless the tag verified.
 */
#include <string.h>

#include "cms/mikey_cms_local.h"
#include "crypto/mikey_kw.h"

/* decrypt_chunks decrypts the BER chunks of |aed| (OCTET STRINGs one after the other, as
 * mikey_cms_aed_parse left them) into |out|. The struct belongs to the caller, so every
 * header is checked again. Returns 0, MIKEY_E_INVAL (inconsistent) or MIKEY_E_CRYPTO. */
static int decrypt_chunks(mikey_aead *a, const mikey_cms_aed *aed, uint8_t *out) {
  const uint8_t *p = aed->content_enc;
  size_t left = aed->content_enc_len, done = 0;
  while (left > 0) {
    mikey_der_hdr h;
    if (mikey_der_get_hdr(p, left, &h) != 0 || h.tag != MIKEY_DER_OCTET_STRING ||
        h.len > left - h.hdr_len || h.len > aed->content_len - done) {
      return MIKEY_E_INVAL;
    }
    int rv = mikey_aead_decrypt(a, out + done, p + h.hdr_len, h.len);
    if (rv) {
      return rv;
    }
    done += h.len;
    p += h.hdr_len + h.len;
    left -= h.hdr_len + h.len;
  }
  return done == aed->content_len ? 0 : MIKEY_E_INVAL;
}

/* decrypt_with runs the AEAD of |aed| under |cek| on handle set |a|. */
static int decrypt_with(mikey_aead *a, const mikey_cms_aed *aed, int cipher, const uint8_t *cek,
                        size_t cek_len, uint8_t *out) {
  uint8_t aad_hdr[10];
  size_t aad_hdr_len = aed->auth_attrs ? cms_aad_header(aad_hdr, aed->auth_attrs_len) : 0;
  int rv = mikey_aead_start(a, cipher, cek, cek_len, aed->nonce, aed->nonce_len, aed->icv_len,
                            (uint64_t)aad_hdr_len + aed->auth_attrs_len, aed->content_len);
  if (rv) {
    return rv == MIKEY_E_INVAL ? MIKEY_E_CMS_PARAMS : rv;
  }
  if (aed->auth_attrs) {
    /* RFC 5083 2.2: authenticated as the DER SET OF (0x31), not as the [1] IMPLICIT that
     * was sent. */
    rv = mikey_aead_aad(a, aad_hdr, aad_hdr_len);
    if (rv == 0) {
      rv = mikey_aead_aad(a, aed->auth_attrs, aed->auth_attrs_len);
    }
  }
  if (rv == 0) {
    rv = aed->content_chunked ? decrypt_chunks(a, aed, out)
                              : mikey_aead_decrypt(a, out, aed->content_enc, aed->content_len);
  }
  if (rv == 0) {
    rv = mikey_aead_verify(a, aed->mac);
  }
  mikey_aead_stop(a);
  return rv;
}

int mikey_cms_aed_decrypt(mikey_cms_ctx *ctx, const mikey_cms_aed *aed, const uint8_t *kek,
                          size_t kek_len, uint8_t *out, size_t *out_len) {
  if (!aed || !kek || !out_len || !aed->wrapped_key || !aed->nonce || !aed->mac ||
      (!aed->content_enc && aed->content_enc_len) || (!aed->auth_attrs && aed->auth_attrs_len)) {
    return MIKEY_E_INVAL;
  }
  uint8_t arc;
  int cipher;
  size_t cek_len;
  int rv = cms_alg_info(aed->alg, &arc, &cipher, &cek_len);
  if (rv) {
    return rv;
  }
  /* The checks of mikey_cms_aed_parse, again, on the caller's struct; the mac length first
   * (RFC 5084: it must be the ICV length, and that one the RFC allows). */
  if ((rv = cms_check_nonce_icv(aed->alg, aed->nonce_len, aed->icv_len)) != 0) {
    return rv;
  }
  if (aed->mac_len != aed->icv_len) {
    return MIKEY_E_CMS_TAG_LENGTH;
  }
  if (!aed->content_chunked && aed->content_enc_len != aed->content_len) {
    return MIKEY_E_INVAL;
  }
  if (aed->wrapped_key_len != cek_len + MIKEY_KW_OVERHEAD || aed->wrap_key_len < cek_len ||
      (aed->wrap_key_len != 16 && aed->wrap_key_len != 32)) {
    return MIKEY_E_KEY_LENGTH;
  }
  if (*out_len < aed->content_len || (!out && aed->content_len)) {
    *out_len = aed->content_len;
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  /* RFC 3565 2.3.2: the wrap OID names the KEK size (D6). */
  if (kek_len != aed->wrap_key_len) {
    return MIKEY_E_KEY_LENGTH;
  }
  uint8_t cek[32];
  mikey_aead tmp, *a = &tmp;
  if (ctx) {
    a = &ctx->aead;
  } else {
    mikey_aead_init(&tmp);
  }
  rv = mikey_aead_unwrap(a, kek, kek_len, aed->wrapped_key, aed->wrapped_key_len, cek);
  if (rv == 0) {
    rv = decrypt_with(a, aed, cipher, cek, cek_len, out);
  }
  if (!ctx) {
    mikey_aead_release(&tmp);
  }
  mikey_memzero(cek, sizeof(cek));
  if (rv) {
    /* RFC 5083 2: "If the integrity verification fails, the receiver MUST destroy all of
     * the plaintext of the content." */
    mikey_memzero(out, aed->content_len);
    return rv;
  }
  *out_len = aed->content_len;
  return 0;
}

int mikey_cms_aed_open(mikey_cms_ctx *ctx, const uint8_t *in, size_t in_len,
                       const mikey_cms_kek *kek, uint8_t *out, size_t *out_len,
                       mikey_cms_aed *aed) {
  mikey_cms_aed local;
  if (!aed) {
    aed = &local;
  }
  if (!kek || !kek->key || !out_len) {
    return MIKEY_E_INVAL;
  }
  int rv = mikey_cms_aed_parse(in, in_len, aed);
  if (rv) {
    return rv;
  }
  if (kek->id && (kek->id_len != aed->kek_id_len ||
                  (kek->id_len && memcmp(kek->id, aed->kek_id, kek->id_len) != 0))) {
    return MIKEY_E_CMS_KEK_ID;
  }
  return mikey_cms_aed_decrypt(ctx, aed, kek->key, kek->key_len, out, out_len);
}
