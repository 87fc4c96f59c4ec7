/*
 * mikey_cms_profile.c: the fixed parts of the CMS profile (PROFILE.md section 7): OIDs,
 * algorithm parameters, attribute checks.
 */
#include <string.h>

#include "cms/mikey_cms_local.h"

/* id-ct-authEnvelopedData OBJECT IDENTIFIER ::= { iso(1) member-body(2) us(840)
 *     rsadsi(113549) pkcs(1) pkcs-9(9) smime(16) ct(1) 23 }                 (RFC 5083 2.1) */
const uint8_t cms_oid_aed[CMS_OID_AED_LEN] = {0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                              0x0d, 0x01, 0x09, 0x10, 0x01, 0x17};
/* id-data OBJECT IDENTIFIER ::= { iso(1) member-body(2) us(840) rsadsi(113549) pkcs(1)
 *     pkcs7(7) 1 }                                                          (RFC 5652 4) */
const uint8_t cms_oid_data[CMS_OID_PKCS7_LEN] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                                                 0xf7, 0x0d, 0x01, 0x07, 0x01};
/* id-envelopedData OBJECT IDENTIFIER ::= { ... pkcs7(7) 3 }                 (RFC 5652 6.1) */
const uint8_t cms_oid_envd[CMS_OID_PKCS7_LEN] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                                                 0xf7, 0x0d, 0x01, 0x07, 0x03};
/* aes OBJECT IDENTIFIER ::= { joint-iso-itu-t(2) country(16) us(840) organization(1)
 *     gov(101) csor(3) nistAlgorithm(4) 1 }                   (RFC 5084 3.1, RFC 3565 2.3.2) */
const uint8_t cms_oid_aes_prefix[CMS_OID_AES_LEN - 1] = {0x06, 0x09, 0x60, 0x86, 0x48,
                                                         0x01, 0x65, 0x03, 0x04, 0x01};

int cms_alg_info(mikey_cms_alg alg, uint8_t *arc, int *cipher, size_t *key_len) {
  switch (alg) {
    case MIKEY_CMS_AES128_GCM: *arc = CMS_AES128_GCM; *cipher = MIKEY_AEAD_AES128_GCM; break;
    case MIKEY_CMS_AES256_GCM: *arc = CMS_AES256_GCM; *cipher = MIKEY_AEAD_AES256_GCM; break;
    case MIKEY_CMS_AES128_CCM: *arc = CMS_AES128_CCM; *cipher = MIKEY_AEAD_AES128_CCM; break;
    case MIKEY_CMS_AES256_CCM: *arc = CMS_AES256_CCM; *cipher = MIKEY_AEAD_AES256_CCM; break;
    default: return MIKEY_E_CMS_ALGORITHM;
  }
  *key_len = mikey_aead_key_len(*cipher);
  return 0;
}

/* is_ccm tells whether |alg| is one of the CCM algorithms. */
static int is_ccm(mikey_cms_alg alg) {
  return alg == MIKEY_CMS_AES128_CCM || alg == MIKEY_CMS_AES256_CCM;
}

int cms_check_nonce_icv(mikey_cms_alg alg, size_t nonce_len, size_t icv_len) {
  if (is_ccm(alg)) {
    /* RFC 5084 3.1: aes-nonce OCTET STRING (SIZE(7..13)),
     *               AES-CCM-ICVlen ::= INTEGER (4 | 6 | 8 | 10 | 12 | 14 | 16) */
    if (nonce_len < 7 || nonce_len > 13 || icv_len < 4 || icv_len > 16 || icv_len % 2 != 0) {
      return MIKEY_E_CMS_PARAMS;
    }
    return 0;
  }
  /* RFC 5084 3.2: aes-nonce OCTET STRING (12 recommended; bounded here),
   *               AES-GCM-ICVlen ::= INTEGER (12 | 13 | 14 | 15 | 16) */
  if (nonce_len < 1 || nonce_len > MIKEY_CMS_GCM_NONCE_MAX || icv_len < 12 || icv_len > 16) {
    return MIKEY_E_CMS_PARAMS;
  }
  return 0;
}

int cms_check_content_length(mikey_cms_alg alg, size_t nonce_len, uint64_t content_len) {
  if (is_ccm(alg)) {
    /* RFC 3610 2.1: the message length is encoded in L = 15 - nonce_len octets. */
    size_t l = 15 - nonce_len;
    if (l < 8 && content_len >> (8 * l) != 0) {
      return MIKEY_E_LIMIT;
    }
    return 0;
  }
  /* NIST SP 800-38D 5.2.1.1: at most 2^39 - 256 bits of plaintext. */
  if (content_len > ((uint64_t)1 << 36) - 32) {
    return MIKEY_E_LIMIT;
  }
  return 0;
}

/* der_order_le tells whether the encoding |a| sorts before or equal to |b| as X.690 11.6
 * orders SET OF components: octet strings compared with the shorter one padded at its
 * trailing end with 0-octets. */
static int der_order_le(const uint8_t *a, size_t al, const uint8_t *b, size_t bl) {
  size_t n = al < bl ? al : bl;
  int c = memcmp(a, b, n);
  if (c != 0) {
    return c < 0;
  }
  /* Equal prefix: |a| is after |b| only when its own tail holds a non-zero octet. */
  for (size_t i = n; i < al; i++) {
    if (a[i] != 0) {
      return 0;
    }
  }
  return 1;
}

/*
 * Attribute ::= SEQUENCE {                                           (RFC 5652 5.3)
 *   attrType OBJECT IDENTIFIER,
 *   attrValues SET OF AttributeValue }
 * AuthAttributes ::= SET SIZE (1..MAX) OF Attribute                  (RFC 5652 9.1)
 */
int cms_attrs_check(const uint8_t *p, size_t len, int order) {
  if (len == 0) {
    return MIKEY_E_DER; /* SIZE (1..MAX) */
  }
  /* RFC 5083 2.1: "AuthAttributes MUST be DER encoded". The attributes sit four levels deep
   * (ContentInfo, [0], AuthEnvelopedData, [1]). */
  int rv = mikey_der_check_der(p, len, 4);
  if (rv) {
    return rv;
  }
  mikey_der_rd rd;
  mikey_der_rd_init(&rd, p, len);
  const uint8_t *prev = NULL;
  size_t prev_len = 0;
  while (mikey_der_left(&rd) > 0) {
    mikey_der_elem a, t, v;
    mikey_der_rd s;
    rv = mikey_der_expect(&rd, MIKEY_DER_SEQUENCE, &a, 0);
    if (rv) {
      return rv;
    }
    mikey_der_enter(&rd, &a, &s);
    if ((rv = mikey_der_expect(&s, MIKEY_DER_OID, &t, 0)) != 0 ||
        (rv = mikey_der_expect(&s, MIKEY_DER_SET, &v, 0)) != 0) {
      return rv;
    }
    if (t.len == 0 || mikey_der_done(&s) != 0) {
      return MIKEY_E_DER;
    }
    if (order && prev && !der_order_le(prev, prev_len, a.start, a.size)) {
      return MIKEY_E_DER_NONMINIMAL;
    }
    prev = a.start;
    prev_len = a.size;
  }
  return 0;
}

size_t cms_aad_header(uint8_t *dst, size_t len) {
  /* RFC 5083 2.2: "the DER encoding of the SET OF tag, rather than of the IMPLICIT [1] tag,
   * is to be included in the construction for the AAD along with the length and content
   * octets of the authAttrs value." */
  return (size_t)(mikey_der_put_hdr(dst, MIKEY_DER_SET, len) - dst);
}
