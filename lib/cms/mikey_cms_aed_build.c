/*
 * mikey_cms_aed_build.c: measure and write a ContentInfo with an AuthEnvelopedData and one
 * KEKRecipientInfo (RFC 5083, RFC 5084, RFC 3565; TS 33.328 I.2.2), one-shot.
 */
#include <string.h>

#include "cms/mikey_cms_local.h"
#include "crypto/mikey_kw.h"

/* hdr_size returns the size of the identifier and length octets for |len| contents. */
static size_t hdr_size(size_t len) { return 1 + mikey_der_len_size(len); }

/* Size of the INTEGER elements 0 and 4 (version numbers) and of the fixed OID elements. */
#define VERSION_SIZE 3
#define WRAP_ALGID_SIZE (2 + CMS_OID_AES_LEN) /* SEQUENCE { OID } */
#define BER_HDR 2                             /* tag, 0x80 */
#define EOC 2

int cms_plan_init(cms_plan *pl, const mikey_cms_aed_opts *opts, const mikey_cms_kek *kek,
                  size_t content_len, int ber) {
  static const mikey_cms_aed_opts defaults = {0};
  if (!kek) {
    return MIKEY_E_INVAL;
  }
  if (!opts) {
    opts = &defaults;
  }
  memset(pl, 0, sizeof(*pl));
  pl->alg = opts->alg ? opts->alg : MIKEY_CMS_AES128_GCM;
  int rv = cms_alg_info(pl->alg, &pl->alg_arc, &pl->cipher, &pl->cek_len);
  if (rv) {
    return rv;
  }
  pl->nonce_len = opts->nonce_len ? opts->nonce_len : MIKEY_CMS_NONCE_LEN;
  pl->icv_len = opts->icv_len ? opts->icv_len : MIKEY_CMS_ICV_LEN;
  if ((rv = cms_check_nonce_icv(pl->alg, pl->nonce_len, pl->icv_len)) != 0) {
    return rv;
  }
  /* RFC 3565 2.3.2: the wrap OID names the KEK size. D6: the KEK is at least as long as the
   * CEK, so a 128-bit KEK wraps only AES-128 content keys. */
  switch (kek->key_len) {
    case 16: pl->wrap_arc = CMS_AES128_WRAP; break;
    case 32: pl->wrap_arc = CMS_AES256_WRAP; break;
    default: return MIKEY_E_KEY_LENGTH;
  }
  if (kek->key_len < pl->cek_len) {
    return MIKEY_E_KEY_LENGTH;
  }
  if (kek->id_len == 0) {
    return MIKEY_E_INVAL;
  }
  if ((opts->auth_attrs_len && !opts->auth_attrs) ||
      (opts->unauth_attrs_len && !opts->unauth_attrs)) {
    return MIKEY_E_INVAL;
  }
  pl->auth_len = opts->auth_attrs ? opts->auth_attrs_len : 0;
  pl->unauth_len = opts->unauth_attrs ? opts->unauth_attrs_len : 0;
  if ((opts->auth_attrs && cms_attrs_check(opts->auth_attrs, opts->auth_attrs_len, 1)) ||
      (opts->unauth_attrs && cms_attrs_check(opts->unauth_attrs, opts->unauth_attrs_len, 1))) {
    return MIKEY_E_INVAL;
  }
  if (ber) {
    /* RFC 3610 2.2: CCM encodes the message length in B0, before any data. */
    if (pl->alg == MIKEY_CMS_AES128_CCM || pl->alg == MIKEY_CMS_AES256_CCM) {
      return MIKEY_E_UNSUPPORTED;
    }
  } else if ((rv = cms_check_content_length(pl->alg, pl->nonce_len, content_len)) != 0) {
    return rv;
  }
  pl->kek = kek;
  pl->opts = opts;
  pl->content_len = content_len;
  pl->ber = ber;

  /* Inner lengths first (X.690 10.1: definite lengths, so each header needs its contents'
   * size). A saturated SIZE_MAX anywhere makes the total SIZE_MAX. */
  pl->kekid_len = mikey_der_tlv_size(kek->id_len);
  pl->kekri_len = mikey_der_add(
      mikey_der_add(VERSION_SIZE + WRAP_ALGID_SIZE, mikey_der_tlv_size(pl->kekid_len)),
      pl->cek_len + MIKEY_KW_OVERHEAD + 2);
  pl->ris_len = mikey_der_tlv_size(pl->kekri_len);
  pl->params_len = mikey_der_tlv_size(pl->nonce_len) +
                   (pl->icv_len == CMS_ICV_DEFAULT ? 0 : mikey_der_uint_size((uint32_t)pl->icv_len));
  pl->algid_len = CMS_OID_AES_LEN + mikey_der_tlv_size(pl->params_len);
  size_t fixed_head = mikey_der_add(
      mikey_der_add(VERSION_SIZE, mikey_der_tlv_size(pl->ris_len)),
      CMS_OID_PKCS7_LEN + mikey_der_tlv_size(pl->algid_len));
  size_t attrs = mikey_der_add(pl->auth_len ? mikey_der_tlv_size(pl->auth_len) : 0,
                               pl->unauth_len ? mikey_der_tlv_size(pl->unauth_len) : 0);
  size_t mac = 2 + pl->icv_len;
  if (ber) {
    pl->header_len = mikey_der_add(BER_HDR + CMS_OID_AED_LEN + 3 * BER_HDR, fixed_head);
    pl->header_len = mikey_der_add(pl->header_len, BER_HDR);
    pl->trailer_len = mikey_der_add(attrs, mac + 5 * EOC);
    pl->total = mikey_der_add(pl->header_len, pl->trailer_len); /* without any chunk */
  } else {
    pl->eci_len = mikey_der_add(CMS_OID_PKCS7_LEN + mikey_der_tlv_size(pl->algid_len),
                                mikey_der_tlv_size(content_len));
    pl->aed_len = mikey_der_add(
        mikey_der_add(VERSION_SIZE + mikey_der_tlv_size(pl->ris_len), mikey_der_tlv_size(pl->eci_len)),
        mikey_der_add(attrs, mac));
    pl->f1_len = mikey_der_tlv_size(pl->aed_len);
    pl->ci_len = mikey_der_add(CMS_OID_AED_LEN, mikey_der_tlv_size(pl->f1_len));
    pl->total = mikey_der_tlv_size(pl->ci_len);
    pl->header_len = mikey_der_add(hdr_size(pl->ci_len) + CMS_OID_AED_LEN + hdr_size(pl->f1_len) +
                                       hdr_size(pl->aed_len) + hdr_size(pl->eci_len),
                                   mikey_der_add(fixed_head, hdr_size(content_len)));
    pl->trailer_len = mikey_der_add(attrs, mac);
  }
  if (pl->total == SIZE_MAX || pl->header_len == SIZE_MAX) {
    return MIKEY_E_LIMIT;
  }
  return 0;
}

/*
 * cms_write_header writes, in DER (or with the indefinite form on the five outer elements):
 *
 * ContentInfo ::= SEQUENCE {                                          -- RFC 5652 3
 *   contentType ContentType,                      -- id-ct-authEnvelopedData
 *   content [0] EXPLICIT ANY DEFINED BY contentType }
 * AuthEnvelopedData ::= SEQUENCE {                                    -- RFC 5083 2.1
 *   version CMSVersion,                           -- 0
 *   originatorInfo [0] IMPLICIT OriginatorInfo OPTIONAL,   -- absent
 *   recipientInfos RecipientInfos,                -- exactly one kekri
 *   authEncryptedContentInfo EncryptedContentInfo,
 *   authAttrs [1] IMPLICIT AuthAttributes OPTIONAL,
 *   mac MessageAuthenticationCode,
 *   unauthAttrs [2] IMPLICIT UnauthAttributes OPTIONAL }
 * RecipientInfos ::= SET SIZE (1..MAX) OF RecipientInfo               -- RFC 5652 6.1
 * RecipientInfo ::= CHOICE { ..., kekri [2] KEKRecipientInfo, ... }   -- RFC 5652 6.2
 * KEKRecipientInfo ::= SEQUENCE {                                     -- RFC 5652 6.2.3
 *   version CMSVersion,  -- always set to 4
 *   kekid KEKIdentifier,
 *   keyEncryptionAlgorithm KeyEncryptionAlgorithmIdentifier,
 *   encryptedKey EncryptedKey }
 * KEKIdentifier ::= SEQUENCE { keyIdentifier OCTET STRING, ... }     -- date, other absent
 * keyEncryptionAlgorithm: id-aes128-wrap | id-aes256-wrap, parameters absent (RFC 3565 2.3.2)
 * EncryptedContentInfo ::= SEQUENCE {                                 -- RFC 5652 6.1
 *   contentType ContentType,                      -- id-data (TS 33.328 I.2.1)
 *   contentEncryptionAlgorithm ContentEncryptionAlgorithmIdentifier,
 *   encryptedContent [0] IMPLICIT EncryptedContent OPTIONAL }   -- present
 * GCMParameters / CCMParameters ::= SEQUENCE {                        -- RFC 5084 3.1, 3.2
 *   aes-nonce OCTET STRING,
 *   aes-ICVlen AES-GCM-ICVlen / AES-CCM-ICVlen DEFAULT 12 }  -- omitted when 12 (X.690 11.5)
 *
 * up to the first content octet: the [0] primitive header in DER, the [0] constructed
 * indefinite header in BER.
 */
uint8_t *cms_write_header(uint8_t *dst, const cms_plan *pl, const uint8_t *wrapped,
                          const uint8_t *nonce) {
  int ber = pl->ber;
  if (ber) {
    *dst++ = MIKEY_DER_SEQUENCE;
    *dst++ = 0x80;
  } else {
    dst = mikey_der_put_hdr(dst, MIKEY_DER_SEQUENCE, pl->ci_len);
  }
  memcpy(dst, cms_oid_aed, CMS_OID_AED_LEN);
  dst += CMS_OID_AED_LEN;
  if (ber) {
    static const uint8_t open2[] = {MIKEY_DER_CTX_C(0), 0x80, MIKEY_DER_SEQUENCE, 0x80};
    memcpy(dst, open2, sizeof(open2));
    dst += sizeof(open2);
  } else {
    dst = mikey_der_put_hdr(dst, MIKEY_DER_CTX_C(0), pl->f1_len);
    dst = mikey_der_put_hdr(dst, MIKEY_DER_SEQUENCE, pl->aed_len);
  }
  dst = mikey_der_put_uint(dst, 0);
  dst = mikey_der_put_hdr(dst, MIKEY_DER_SET, pl->ris_len);
  dst = mikey_der_put_hdr(dst, MIKEY_DER_CTX_C(2), pl->kekri_len);
  dst = mikey_der_put_uint(dst, 4);
  dst = mikey_der_put_hdr(dst, MIKEY_DER_SEQUENCE, pl->kekid_len);
  dst = mikey_der_put_tlv(dst, MIKEY_DER_OCTET_STRING, pl->kek->id, pl->kek->id_len);
  dst = mikey_der_put_hdr(dst, MIKEY_DER_SEQUENCE, CMS_OID_AES_LEN);
  memcpy(dst, cms_oid_aes_prefix, CMS_OID_AES_LEN - 1);
  dst[CMS_OID_AES_LEN - 1] = pl->wrap_arc;
  dst += CMS_OID_AES_LEN;
  dst = mikey_der_put_tlv(dst, MIKEY_DER_OCTET_STRING, wrapped, pl->cek_len + MIKEY_KW_OVERHEAD);
  if (ber) {
    *dst++ = MIKEY_DER_SEQUENCE;
    *dst++ = 0x80;
  } else {
    dst = mikey_der_put_hdr(dst, MIKEY_DER_SEQUENCE, pl->eci_len);
  }
  memcpy(dst, cms_oid_data, CMS_OID_PKCS7_LEN);
  dst += CMS_OID_PKCS7_LEN;
  dst = mikey_der_put_hdr(dst, MIKEY_DER_SEQUENCE, pl->algid_len);
  memcpy(dst, cms_oid_aes_prefix, CMS_OID_AES_LEN - 1);
  dst[CMS_OID_AES_LEN - 1] = pl->alg_arc;
  dst += CMS_OID_AES_LEN;
  dst = mikey_der_put_hdr(dst, MIKEY_DER_SEQUENCE, pl->params_len);
  dst = mikey_der_put_tlv(dst, MIKEY_DER_OCTET_STRING, nonce, pl->nonce_len);
  if (pl->icv_len != CMS_ICV_DEFAULT) {
    dst = mikey_der_put_uint(dst, (uint32_t)pl->icv_len);
  }
  if (ber) {
    *dst++ = MIKEY_DER_CTX_C(0);
    *dst++ = 0x80;
  } else {
    dst = mikey_der_put_hdr(dst, MIKEY_DER_CTX(0), pl->content_len);
  }
  return dst;
}

/* cms_write_trailer writes what follows the content: in BER the end-of-contents of the
 * chunked [0] and of the EncryptedContentInfo, then [1] authAttrs, mac OCTET STRING,
 * [2] unauthAttrs, and in BER the end-of-contents of AuthEnvelopedData, [0] and
 * ContentInfo. */
uint8_t *cms_write_trailer(uint8_t *dst, const cms_plan *pl, const uint8_t *tag) {
  if (pl->ber) {
    memset(dst, 0, 2 * EOC);
    dst += 2 * EOC;
  }
  if (pl->auth_len) {
    dst = mikey_der_put_tlv(dst, MIKEY_DER_CTX_C(1), pl->opts->auth_attrs, pl->auth_len);
  }
  dst = mikey_der_put_tlv(dst, MIKEY_DER_OCTET_STRING, tag, pl->icv_len);
  if (pl->unauth_len) {
    dst = mikey_der_put_tlv(dst, MIKEY_DER_CTX_C(2), pl->opts->unauth_attrs, pl->unauth_len);
  }
  if (pl->ber) {
    memset(dst, 0, 3 * EOC);
    dst += 3 * EOC;
  }
  return dst;
}

int cms_start_message(const cms_plan *pl, const mikey_env *env, mikey_aead *a,
                      uint8_t *wrapped, uint8_t *nonce) {
  /* RFC 5083 2.2: a fresh random content key; RFC 5084 3: a nonce unique under it. Both in
   * one call: the provider's cost is mostly per call. */
  uint8_t rnd[32 + MIKEY_CMS_GCM_NONCE_MAX];
  size_t n = pl->cek_len + pl->nonce_len;
  int rv = mikey_env_rand(env, rnd, n);
  if (rv == 0) {
    /* RFC 3565 2.3.2 / RFC 3394: encryptedKey = AES-KW(KEK, CEK), on a kept handle. */
    rv = mikey_aead_wrap(a, pl->kek->key, pl->kek->key_len, rnd, pl->cek_len, wrapped);
  }
  if (rv == 0) {
    memcpy(nonce, rnd + pl->cek_len, pl->nonce_len);
    uint8_t aad_hdr[10];
    size_t aad_hdr_len = pl->auth_len ? cms_aad_header(aad_hdr, pl->auth_len) : 0;
    rv = mikey_aead_start(a, pl->cipher, rnd, pl->cek_len, nonce, pl->nonce_len, pl->icv_len,
                          (uint64_t)aad_hdr_len + pl->auth_len, pl->content_len);
    if (rv == 0 && pl->auth_len) {
      /* RFC 5083 2.2: the AAD is the DER SET OF (tag 0x31), not the [1] IMPLICIT. */
      rv = mikey_aead_aad(a, aad_hdr, aad_hdr_len);
      if (rv == 0) {
        rv = mikey_aead_aad(a, pl->opts->auth_attrs, pl->auth_len);
      }
      if (rv) {
        mikey_aead_stop(a);
      }
    }
    if (rv == MIKEY_E_INVAL) {
      rv = MIKEY_E_INTERNAL; /* the plan already checked every length */
    }
  }
  mikey_memzero(rnd, sizeof(rnd));
  return rv;
}

int mikey_cms_aed_size(const mikey_cms_aed_opts *opts, const mikey_cms_kek *kek,
                       size_t content_len, size_t *size) {
  if (!size) {
    return MIKEY_E_INVAL;
  }
  cms_plan pl;
  int rv = cms_plan_init(&pl, opts, kek, content_len, 0);
  if (rv) {
    return rv;
  }
  *size = pl.total;
  return 0;
}

int mikey_cms_aed_build(mikey_cms_ctx *ctx, const mikey_env *env,
                        const mikey_cms_aed_opts *opts, const mikey_cms_kek *kek,
                        const uint8_t *content, size_t content_len, uint8_t *out,
                        size_t *out_len) {
  if (!out_len || !kek || !kek->key || !kek->id || (content_len && !content)) {
    return MIKEY_E_INVAL;
  }
  cms_plan pl;
  int rv = cms_plan_init(&pl, opts, kek, content_len, 0);
  if (rv) {
    return rv;
  }
  if (!out || *out_len < pl.total) {
    *out_len = pl.total;
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  mikey_aead tmp, *a = &tmp;
  if (ctx) {
    a = &ctx->aead;
  } else {
    mikey_aead_init(&tmp);
  }
  uint8_t wrapped[32 + MIKEY_KW_OVERHEAD], nonce[MIKEY_CMS_GCM_NONCE_MAX];
  uint8_t tag[MIKEY_AEAD_MAX_TAG];
  rv = cms_start_message(&pl, env, a, wrapped, nonce);
  if (rv == 0) {
    uint8_t *w = cms_write_header(out, &pl, wrapped, nonce);
    /* Encrypt straight into the output DER. */
    rv = mikey_aead_encrypt(a, w, content, content_len);
    if (rv == 0) {
      rv = mikey_aead_tag(a, tag);
    }
    if (rv == 0) {
      w = cms_write_trailer(w + content_len, &pl, tag);
      if ((size_t)(w - out) != pl.total) {
        rv = MIKEY_E_INTERNAL;
      }
    }
    mikey_aead_stop(a);
  }
  if (!ctx) {
    mikey_aead_release(&tmp);
  }
  if (rv) {
    mikey_memzero(out, pl.total);
    return rv;
  }
  *out_len = pl.total;
  return 0;
}
