/*
 * mikey_cms_ed.c: EnvelopedData with one KEKRecipientInfo and AES-CBC (RFC 5652 6, RFC 3565),
 * the older symmetric S/MIME option of TR 33.879 (7.x.4: "a previously distributed shared
 * symmetric key encryption key (KEK) is used to encrypt and decrypt the CEK"). Build and
 * open, one-shot. This encryption is NOT authenticated; AuthEnvelopedData is the profile's
 * container.
 */
#include <string.h>

#include "cms/mikey_cms_local.h"
#include "crypto/mikey_kw.h"

#define BLOCK 16

/* Everything the builder measured. */
typedef struct ed_plan {
  int cipher;
  uint8_t alg_arc, wrap_arc;
  size_t cek_len, ct_len;
  size_t kekid_len, kekri_len, ris_len, algid_len, eci_len, ed_len, f1_len, ci_len, total;
} ed_plan;

/* ed_plan_init checks the choices and measures the message. */
static int ed_plan_init(ed_plan *pl, mikey_cms_alg alg, const mikey_cms_kek *kek,
                        size_t content_len) {
  if (!kek || kek->id_len == 0) {
    return MIKEY_E_INVAL;
  }
  switch (alg) {
    case MIKEY_CMS_AES128_CBC: pl->cipher = MIKEY_AEAD_AES128_CBC; pl->alg_arc = CMS_AES128_CBC; break;
    case MIKEY_CMS_AES256_CBC: pl->cipher = MIKEY_AEAD_AES256_CBC; pl->alg_arc = CMS_AES256_CBC; break;
    default: return MIKEY_E_CMS_ALGORITHM;
  }
  pl->cek_len = mikey_aead_key_len(pl->cipher);
  switch (kek->key_len) {
    case 16: pl->wrap_arc = CMS_AES128_WRAP; break;
    case 32: pl->wrap_arc = CMS_AES256_WRAP; break;
    default: return MIKEY_E_KEY_LENGTH;
  }
  if (kek->key_len < pl->cek_len) {
    return MIKEY_E_KEY_LENGTH; /* D6 */
  }
  /* RFC 5652 6.3: always padded, 1 to 16 octets. */
  if (content_len > SIZE_MAX - 2 * BLOCK) {
    return MIKEY_E_LIMIT;
  }
  pl->ct_len = (content_len / BLOCK + 1) * BLOCK;
  pl->kekid_len = mikey_der_tlv_size(kek->id_len);
  pl->kekri_len = mikey_der_add(3 + 2 + CMS_OID_AES_LEN + 2 + pl->cek_len + MIKEY_KW_OVERHEAD,
                                mikey_der_tlv_size(pl->kekid_len));
  pl->ris_len = mikey_der_tlv_size(pl->kekri_len);
  pl->algid_len = CMS_OID_AES_LEN + 2 + BLOCK;
  pl->eci_len = mikey_der_add(CMS_OID_PKCS7_LEN + 2 + pl->algid_len,
                              mikey_der_tlv_size(pl->ct_len));
  pl->ed_len = mikey_der_add(mikey_der_add(3, mikey_der_tlv_size(pl->ris_len)),
                             mikey_der_tlv_size(pl->eci_len));
  pl->f1_len = mikey_der_tlv_size(pl->ed_len);
  pl->ci_len = mikey_der_add(CMS_OID_PKCS7_LEN, mikey_der_tlv_size(pl->f1_len));
  pl->total = mikey_der_tlv_size(pl->ci_len);
  return pl->total == SIZE_MAX ? MIKEY_E_LIMIT : 0;
}

int mikey_cms_ed_size(mikey_cms_alg alg, const mikey_cms_kek *kek, size_t content_len,
                      size_t *size) {
  ed_plan pl;
  if (!size) {
    return MIKEY_E_INVAL;
  }
  int rv = ed_plan_init(&pl, alg, kek, content_len);
  if (rv == 0) {
    *size = pl.total;
  }
  return rv;
}

/*
 * mikey_cms_ed_build writes
 *
 * ContentInfo ::= SEQUENCE { id-envelopedData, [0] EXPLICIT EnvelopedData }  -- RFC 5652 3
 * EnvelopedData ::= SEQUENCE {                                              -- RFC 5652 6.1
 *   version CMSVersion,                      -- 2: a RecipientInfo of version 4
 *   originatorInfo [0] IMPLICIT OriginatorInfo OPTIONAL,        -- absent
 *   recipientInfos RecipientInfos,           -- one [2] KEKRecipientInfo, as for
 *                                            -- AuthEnvelopedData
 *   encryptedContentInfo EncryptedContentInfo,
 *   unprotectedAttrs [1] IMPLICIT UnprotectedAttributes OPTIONAL }   -- absent
 * EncryptedContentInfo ::= SEQUENCE { id-data,
 *   id-aes128-CBC | id-aes256-CBC with AES-IV ::= OCTET STRING (SIZE(16)),  -- RFC 3565 4.1
 *   [0] IMPLICIT ciphertext of the content padded as RFC 5652 6.3 says }
 */
int mikey_cms_ed_build(mikey_cms_ctx *ctx, const mikey_env *env, mikey_cms_alg alg,
                       const mikey_cms_kek *kek, const uint8_t *content, size_t content_len,
                       uint8_t *out, size_t *out_len) {
  if (!out_len || !kek || !kek->key || !kek->id || (content_len && !content)) {
    return MIKEY_E_INVAL;
  }
  ed_plan pl;
  int rv = ed_plan_init(&pl, alg, kek, content_len);
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
  /* A fresh CEK and IV, in one call to the provider. */
  uint8_t rnd[32 + BLOCK], wrapped[32 + MIKEY_KW_OVERHEAD], last[BLOCK];
  rv = mikey_env_rand(env, rnd, pl.cek_len + BLOCK);
  if (rv == 0) {
    rv = mikey_aead_wrap(a, kek->key, kek->key_len, rnd, pl.cek_len, wrapped);
  }
  if (rv == 0) {
    rv = mikey_aead_start(a, pl.cipher, rnd, pl.cek_len, rnd + pl.cek_len, BLOCK, 0, 0, 0);
  }
  if (rv == 0) {
    uint8_t *w = mikey_der_put_hdr(out, MIKEY_DER_SEQUENCE, pl.ci_len);
    memcpy(w, cms_oid_envd, CMS_OID_PKCS7_LEN);
    w += CMS_OID_PKCS7_LEN;
    w = mikey_der_put_hdr(w, MIKEY_DER_CTX_C(0), pl.f1_len);
    w = mikey_der_put_hdr(w, MIKEY_DER_SEQUENCE, pl.ed_len);
    w = mikey_der_put_uint(w, 2);
    w = mikey_der_put_hdr(w, MIKEY_DER_SET, pl.ris_len);
    w = mikey_der_put_hdr(w, MIKEY_DER_CTX_C(2), pl.kekri_len);
    w = mikey_der_put_uint(w, 4);
    w = mikey_der_put_hdr(w, MIKEY_DER_SEQUENCE, pl.kekid_len);
    w = mikey_der_put_tlv(w, MIKEY_DER_OCTET_STRING, kek->id, kek->id_len);
    w = mikey_der_put_hdr(w, MIKEY_DER_SEQUENCE, CMS_OID_AES_LEN);
    memcpy(w, cms_oid_aes_prefix, CMS_OID_AES_LEN - 1);
    w[CMS_OID_AES_LEN - 1] = pl.wrap_arc;
    w += CMS_OID_AES_LEN;
    w = mikey_der_put_tlv(w, MIKEY_DER_OCTET_STRING, wrapped, pl.cek_len + MIKEY_KW_OVERHEAD);
    w = mikey_der_put_hdr(w, MIKEY_DER_SEQUENCE, pl.eci_len);
    memcpy(w, cms_oid_data, CMS_OID_PKCS7_LEN);
    w += CMS_OID_PKCS7_LEN;
    w = mikey_der_put_hdr(w, MIKEY_DER_SEQUENCE, pl.algid_len);
    memcpy(w, cms_oid_aes_prefix, CMS_OID_AES_LEN - 1);
    w[CMS_OID_AES_LEN - 1] = pl.alg_arc;
    w += CMS_OID_AES_LEN;
    w = mikey_der_put_tlv(w, MIKEY_DER_OCTET_STRING, rnd + pl.cek_len, BLOCK);
    w = mikey_der_put_hdr(w, MIKEY_DER_CTX(0), pl.ct_len);
    /* Whole blocks straight from the content, then the last one with the padding
     * (RFC 5652 6.3: k - (lth mod k) octets of that value). */
    size_t whole = content_len / BLOCK * BLOCK, rest = content_len - whole;
    uint8_t pad = (uint8_t)(BLOCK - rest);
    rv = mikey_aead_encrypt(a, w, content, whole);
    if (rest) {
      memcpy(last, content + whole, rest);
    }
    memset(last + rest, pad, pad);
    if (rv == 0) {
      rv = mikey_aead_encrypt(a, w + whole, last, BLOCK);
    }
    if (rv == 0 && (size_t)(w + whole + BLOCK - out) != pl.total) {
      rv = MIKEY_E_INTERNAL;
    }
    mikey_aead_stop(a);
  }
  if (!ctx) {
    mikey_aead_release(&tmp);
  }
  mikey_memzero(rnd, sizeof(rnd));
  mikey_memzero(last, sizeof(last));
  if (rv) {
    mikey_memzero(out, pl.total);
    return rv;
  }
  *out_len = pl.total;
  return 0;
}

/* A walk over the ciphertext bytes of a parsed message, primitive or chunked. */
typedef struct ct_walk {
  const uint8_t *p; /* next chunk header (chunked) or next byte */
  size_t left;      /* bytes of the span left */
  const uint8_t *cur;
  size_t cur_left;  /* bytes left in the current chunk */
  int chunked;
} ct_walk;

/* walk_take returns up to |max| contiguous ciphertext bytes at |*p|, a multiple of |unit| when
 * the current chunk holds |unit| bytes or more, and moves past them; 0 at the end (the parse
 * has proven the chunk headers, so a bad one only ends the walk early). */
static size_t walk_take(ct_walk *w, size_t max, size_t unit, const uint8_t **p) {
  while (w->cur_left == 0) {
    if (w->left == 0) {
      return 0;
    }
    if (!w->chunked) {
      w->cur = w->p;
      w->cur_left = w->left;
      w->left = 0;
      break;
    }
    mikey_der_hdr h;
    if (mikey_der_get_hdr(w->p, w->left, &h) != 0 || h.len > w->left - h.hdr_len) {
      w->left = 0;
      return 0;
    }
    w->cur = w->p + h.hdr_len;
    w->cur_left = h.len;
    w->p += h.hdr_len + h.len;
    w->left -= h.hdr_len + h.len;
  }
  size_t n = w->cur_left < max ? w->cur_left : max;
  if (n >= unit) {
    n -= n % unit;
  }
  *p = w->cur;
  w->cur += n;
  w->cur_left -= n;
  return n;
}

/* walk_copy copies the next |n| ciphertext bytes to |dst| (they may straddle chunks); |dst|
 * NULL skips them. Returns 0, or MIKEY_E_INTERNAL when the walk ends first. */
static int walk_copy(ct_walk *w, uint8_t *dst, size_t n) {
  while (n > 0) {
    const uint8_t *p;
    size_t k = walk_take(w, n, 1, &p);
    if (k == 0) {
      return MIKEY_E_INTERNAL;
    }
    if (dst) {
      memcpy(dst, p, k);
      dst += k;
    }
    n -= k;
  }
  return 0;
}

int mikey_cms_ed_open(mikey_cms_ctx *ctx, const uint8_t *in, size_t in_len,
                      const mikey_cms_kek *kek, uint8_t *out, size_t *out_len) {
  if (!in || !kek || !kek->key || !out_len) {
    return MIKEY_E_INVAL;
  }
  cms_head h;
  cms_tail t;
  size_t total, span;
  int rv = cms_parse_all(in, in_len, CMS_KIND_ED, &h, &t, &total, &span);
  if (rv) {
    return rv;
  }
  if (h.wrap_key_len < h.cek_len || h.wrapped_key_len != h.cek_len + MIKEY_KW_OVERHEAD) {
    return MIKEY_E_KEY_LENGTH;
  }
  /* CBC ciphertext: whole blocks, at least the one holding the padding. */
  if (total == 0 || total % BLOCK != 0) {
    return MIKEY_E_DER;
  }
  if (kek->id && (kek->id_len != h.kek_id_len ||
                  (kek->id_len && memcmp(kek->id, h.kek_id, kek->id_len) != 0))) {
    return MIKEY_E_CMS_KEK_ID;
  }
  if (kek->key_len != h.wrap_key_len) {
    return MIKEY_E_KEY_LENGTH;
  }
  mikey_aead tmp, *a = &tmp;
  if (ctx) {
    a = &ctx->aead;
  } else {
    mikey_aead_init(&tmp);
  }
  uint8_t cek[32], tail[2 * BLOCK], last[BLOCK];
  size_t pt_len = 0;
  rv = mikey_aead_unwrap(a, kek->key, kek->key_len, h.wrapped_key, h.wrapped_key_len, cek);
  if (rv == 0) {
    /* The padding first, from the last block alone (IV: the block before it, or the IV), so
     * that the exact plaintext length is known before anything is written. */
    ct_walk w = {in + h.content_off, span, NULL, 0, h.chunked}, skip = w;
    const uint8_t *iv = h.nonce;
    if (total > BLOCK) {
      rv = walk_copy(&skip, NULL, total - 2 * BLOCK);
      if (rv == 0) {
        rv = walk_copy(&skip, tail, 2 * BLOCK);
      }
      iv = tail;
    } else {
      rv = walk_copy(&skip, tail + BLOCK, BLOCK);
    }
    if (rv == 0) {
      rv = mikey_aead_start(a, h.cipher, cek, h.cek_len, iv, BLOCK, 0, 0, 0);
    }
    if (rv == 0) {
      rv = mikey_aead_decrypt(a, last, tail + BLOCK, BLOCK);
    }
    mikey_aead_stop(a);
    if (rv == 0) {
      /* RFC 5652 6.3: pad in 1..16, all pad bytes equal to it; checked without branching
       * on the bytes. */
      unsigned pad = last[BLOCK - 1], bad = (unsigned)(pad - 1) >> 8 | (unsigned)(BLOCK - pad) >> 8;
      for (unsigned i = 0; i < BLOCK; i++) {
        unsigned in_pad = (unsigned)(BLOCK - 1 - i - pad) >> 8 & 1; /* i >= BLOCK - pad */
        bad |= in_pad & (unsigned)((last[i] ^ pad) != 0);
      }
      if (bad & 1) {
        rv = MIKEY_E_AUTH;
      } else {
        pt_len = total - pad;
      }
    }
    if (rv == 0 && (*out_len < pt_len || (!out && pt_len))) {
      *out_len = pt_len;
      rv = MIKEY_E_BUFFER_TOO_SMALL;
    }
    if (rv == 0) {
      /* Then everything but the last block into |out|, whole blocks carried across chunks. */
      rv = mikey_aead_start(a, h.cipher, cek, h.cek_len, h.nonce, BLOCK, 0, 0, 0);
      size_t done = 0, body = total - BLOCK;
      uint8_t carry[BLOCK];
      while (rv == 0 && done < body) {
        const uint8_t *p;
        size_t n = walk_take(&w, body - done, BLOCK, &p);
        if (n == 0) {
          rv = MIKEY_E_INTERNAL;
        } else if (n % BLOCK == 0) {
          rv = mikey_aead_decrypt(a, out + done, p, n);
        } else {
          /* A block split across chunks: gather it. */
          memcpy(carry, p, n);
          rv = walk_copy(&w, carry + n, BLOCK - n);
          if (rv == 0) {
            rv = mikey_aead_decrypt(a, out + done, carry, BLOCK);
          }
          n = BLOCK;
        }
        done += n;
      }
      mikey_memzero(carry, sizeof(carry));
      mikey_aead_stop(a);
      size_t last_n = BLOCK - (total - pt_len);
      if (rv == 0 && last_n > 0) {
        memcpy(out + body, last, last_n);
      } else if (rv) {
        mikey_memzero(out, body);
      }
    }
  }
  if (!ctx) {
    mikey_aead_release(&tmp);
  }
  mikey_memzero(cek, sizeof(cek));
  mikey_memzero(last, sizeof(last));
  if (rv) {
    return rv;
  }
  *out_len = pt_len;
  return 0;
}
