/*
 * cms_test_enc.c: the independent test encoder for AuthEnvelopedData (see cms_test_enc.h).
 */
#include "cms_test_enc.h"

#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "mikey_test.h"

const uint8_t test_kek16[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
const uint8_t test_kek32[32] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
                                0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
                                0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
const uint8_t test_cek16[16] = {0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
                                0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf};
const uint8_t test_cek32[32] = {0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
                                0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5,
                                0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf};
const uint8_t test_nonce[80] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa,
                                0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5,
                                0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0x40,
                                0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b,
                                0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56,
                                0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61,
                                0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c,
                                0x6d, 0x6e, 0x6f};

void tb_free(tbuf *b) {
  free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
}

void tb_put(tbuf *b, const void *p, size_t n) {
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + n) {
      cap *= 2;
    }
    b->p = realloc(b->p, cap);
    ck_assert_ptr_nonnull(b->p);
    b->cap = cap;
  }
  if (n) {
    memcpy(b->p + b->n, p, n);
  }
  b->n += n;
}

void tb_hex(tbuf *b, const char *hex) {
  size_t n;
  uint8_t *p = test_hex_alloc(hex, &n);
  tb_put(b, p, n);
  free(p);
}

void tb_tlv(tbuf *b, uint8_t tag, const tbuf *c) {
  uint8_t h[10];
  size_t n = 0, len = c->n;
  h[n++] = tag;
  if (len < 128) {
    h[n++] = (uint8_t)len;
  } else {
    uint8_t tmp[8];
    size_t k = 0;
    while (len) {
      tmp[k++] = (uint8_t)len;
      len >>= 8;
    }
    h[n++] = (uint8_t)(0x80 | k);
    while (k) {
      h[n++] = tmp[--k];
    }
  }
  tb_put(b, h, n);
  tb_put(b, c->p, c->n);
}

void tb_tlv_ber(tbuf *b, uint8_t tag, const tbuf *c) {
  uint8_t h[2] = {tag, 0x80}, eoc[2] = {0, 0};
  tb_put(b, h, 2);
  tb_put(b, c->p, c->n);
  tb_put(b, eoc, 2);
}

/* frame writes an outer element in the form |s| asks for. */
static void frame(const aed_spec *s, tbuf *b, uint8_t tag, const tbuf *c) {
  if (s->ber) {
    tb_tlv_ber(b, tag, c);
  } else {
    tb_tlv(b, tag, c);
  }
}

void test_spec_default(aed_spec *s, const uint8_t *content, size_t content_len) {
  memset(s, 0, sizeof(*s));
  s->outer_oid_hex = "06 0b 2a 86 48 86 f7 0d 01 09 10 01 17";
  s->n_recipients = 1;
  s->ri_tag = 0xa2;
  s->kekri_version = 4;
  s->kek = test_kek16;
  s->kek_len = 16;
  s->wrap_arc = 5;
  s->kek_id_hex = "01 02 03 04";
  s->ct_oid_hex = "06 09 2a 86 48 86 f7 0d 01 07 01";
  s->alg_arc = 6;
  s->cek = test_cek16;
  s->cek_len = 16;
  s->nonce = test_nonce;
  s->nonce_len = 12;
  s->icv_decl = 16;
  s->tag_len = 16;
  s->content = content;
  s->content_len = content_len;
}

void test_spec_ed(aed_spec *s, const uint8_t *content, size_t content_len) {
  test_spec_default(s, content, content_len);
  s->outer_oid_hex = "06 09 2a 86 48 86 f7 0d 01 07 03";
  s->ed = 1;
  s->version = 2;
  s->alg_arc = 2;
  s->nonce_len = 16;
}

/* cbc pads and encrypts |s|'s content with AES-CBC (libgcrypt directly) into a fresh buffer
 * of *ct_len bytes. */
static uint8_t *cbc(const aed_spec *s, size_t *ct_len) {
  size_t n = (s->content_len / 16 + 1) * 16;
  uint8_t *p = malloc(n);
  ck_assert_ptr_nonnull(p);
  if (s->content_len) {
    memcpy(p, s->content, s->content_len);
  }
  uint8_t pad = (uint8_t)(n - s->content_len);
  memset(p + s->content_len, pad, pad);
  if (s->bad_pad) {
    p[n - pad] ^= 1; /* the first padding byte; with pad 1 that is the pad length itself */
  }
  gcry_cipher_hd_t h;
  int algo = s->cek_len == 32 ? GCRY_CIPHER_AES256 : GCRY_CIPHER_AES128;
  ck_assert_int_eq(gcry_cipher_open(&h, algo, GCRY_CIPHER_MODE_CBC, 0), 0);
  ck_assert_int_eq(gcry_cipher_setkey(h, s->cek, s->cek_len), 0);
  ck_assert_int_eq(gcry_cipher_setiv(h, s->nonce, 16), 0);
  ck_assert_int_eq(gcry_cipher_encrypt(h, p, n, NULL, 0), 0);
  gcry_cipher_close(h);
  *ct_len = n;
  return p;
}

/* aead runs the AEAD |s| describes on libgcrypt directly: ciphertext into |ct|, tag (16
 * bytes of room) into |tag|. */
static void aead(const aed_spec *s, const tbuf *aad, uint8_t *ct, uint8_t *tag) {
  int ccm = s->alg_arc == 7 || s->alg_arc == 47;
  int algo = s->cek_len == 32 ? GCRY_CIPHER_AES256 : GCRY_CIPHER_AES128;
  gcry_cipher_hd_t h;
  ck_assert_int_eq(gcry_cipher_open(&h, algo, ccm ? GCRY_CIPHER_MODE_CCM : GCRY_CIPHER_MODE_GCM, 0), 0);
  ck_assert_int_eq(gcry_cipher_setkey(h, s->cek, s->cek_len), 0);
  ck_assert_int_eq(gcry_cipher_setiv(h, s->nonce, s->nonce_len ? s->nonce_len : 1), 0);
  if (ccm) {
    uint64_t l[3] = {s->content_len, aad->n, s->tag_len};
    ck_assert_int_eq(gcry_cipher_ctl(h, GCRYCTL_SET_CCM_LENGTHS, l, sizeof(l)), 0);
  }
  if (aad->n) {
    ck_assert_int_eq(gcry_cipher_authenticate(h, aad->p, aad->n), 0);
  }
  if (s->content_len) {
    ck_assert_int_eq(gcry_cipher_encrypt(h, ct, s->content_len, s->content, s->content_len), 0);
  }
  memset(tag, 0, 16);
  ck_assert_int_eq(gcry_cipher_gettag(h, tag, ccm ? s->tag_len : 16), 0);
  gcry_cipher_close(h);
}

void test_encode(const aed_spec *s, tbuf *out) {
  tbuf t = {0}, u = {0}, v = {0};
  /* encryptedKey = AES-KW(KEK, CEK) with libgcrypt's AESWRAP. */
  size_t wl = s->wrapped_cek_len ? s->wrapped_cek_len : s->cek_len;
  uint8_t wrapped[48];
  {
    gcry_cipher_hd_t h;
    int algo = s->kek_len == 32 ? GCRY_CIPHER_AES256 : GCRY_CIPHER_AES128;
    ck_assert_int_eq(gcry_cipher_open(&h, algo, GCRY_CIPHER_MODE_AESWRAP, 0), 0);
    ck_assert_int_eq(gcry_cipher_setkey(h, s->kek, s->kek_len), 0);
    ck_assert_int_eq(gcry_cipher_encrypt(h, wrapped, wl + 8, s->cek, wl), 0);
    gcry_cipher_close(h);
  }
  /* KEKRecipientInfo */
  tbuf kekri = {0}, kekid = {0};
  tb_hex(&kekri, "02 01");
  uint8_t ver = (uint8_t)s->kekri_version;
  tb_put(&kekri, &ver, 1);
  tb_hex(&t, s->kek_id_hex);
  tb_tlv(&kekid, 0x04, &t);
  tb_free(&t);
  if (s->kekid_date) {
    tb_hex(&kekid, "18 0f 32 30 32 34 30 31 30 31 30 30 30 30 30 30 5a");
  }
  tb_tlv(&kekri, 0x30, &kekid);
  tb_hex(&t, "06 09 60 86 48 01 65 03 04 01");
  uint8_t arc = (uint8_t)s->wrap_arc;
  tb_put(&t, &arc, 1);
  if (s->wrap_params == 1) {
    tb_hex(&t, "05 00");
  } else if (s->wrap_params == 2) {
    tb_hex(&t, "02 01 00");
  }
  tb_tlv(&kekri, 0x30, &t);
  tb_free(&t);
  tb_put(&t, wrapped, wl + 8);
  tb_tlv(&kekri, 0x04, &t);
  tb_free(&t);
  tbuf ris = {0};
  for (int i = 0; i < s->n_recipients; i++) {
    tb_tlv(&ris, s->ri_tag, &kekri);
  }
  /* AAD and AEAD */
  tbuf attrs = {0}, aad = {0};
  if (s->auth_hex) {
    tb_hex(&attrs, s->auth_hex);
    tb_tlv(&aad, s->aad_as_written ? 0xa1 : 0x31, &attrs);
  }
  uint8_t *ct;
  uint8_t tag[16] = {0};
  size_t ct_len = s->content_len;
  if (s->ed) {
    ct = cbc(s, &ct_len);
    ct_len -= s->ct_trim;
  } else {
    ct = malloc(s->content_len + 1);
    ck_assert_ptr_nonnull(ct);
    aead(s, &aad, ct, tag);
  }
  /* EncryptedContentInfo */
  tbuf eci = {0}, alg = {0}, params = {0};
  tb_hex(&eci, s->ct_oid_hex);
  tb_hex(&alg, "06 09 60 86 48 01 65 03 04 01");
  arc = (uint8_t)s->alg_arc;
  tb_put(&alg, &arc, 1);
  tb_put(&t, s->nonce, s->nonce_len);
  tb_tlv(&params, 0x04, &t);
  tb_free(&t);
  if (s->ed) {
    tb_put(&alg, params.p, params.n); /* AES-IV directly (RFC 3565 4.1) */
  } else if (s->icv_decl >= 0) {
    uint8_t icv[3] = {0x02, 0x01, (uint8_t)s->icv_decl};
    tb_put(&params, icv, 3);
  }
  switch (s->ed ? -1 : s->param_layout) {
    case 0: tb_tlv(&alg, 0x30, &params); break;
    case 1: tb_put(&alg, params.p, params.n); break;
    case 3: tb_hex(&alg, "05 00"); break;
    default: break;
  }
  if (s->alg_ber) {
    tb_tlv_ber(&eci, 0x30, &alg);
  } else {
    tb_tlv(&eci, 0x30, &alg);
  }
  if (!s->detached) {
    if (s->chunk == 0) {
      tb_put(&t, ct, ct_len);
      tb_tlv(&eci, 0x80, &t);
      tb_free(&t);
    } else {
      for (size_t off = 0; off < ct_len; off += s->chunk) {
        size_t n = ct_len - off < s->chunk ? ct_len - off : s->chunk;
        tbuf c = {0};
        tb_put(&c, ct + off, n);
        tb_tlv(&t, 0x04, &c);
        tb_free(&c);
      }
      frame(s, &eci, 0xa0, &t);
      tb_free(&t);
    }
  }
  if (s->ecinfo_extra_hex) {
    tb_hex(&eci, s->ecinfo_extra_hex);
  }
  /* AuthEnvelopedData */
  tbuf aed = {0};
  if (s->version_hex) {
    tb_hex(&aed, s->version_hex);
  } else {
    tb_hex(&aed, "02 01");
    ver = (uint8_t)s->version;
    tb_put(&aed, &ver, 1);
  }
  if (s->originator) {
    tb_hex(&aed, "a0 00");
  }
  tb_tlv(&aed, 0x31, &ris);
  frame(s, &aed, 0x30, &eci);
  if (s->ed) {
    if (s->unauth_hex) {
      tb_hex(&u, s->unauth_hex);
      tb_tlv(&aed, 0xa1, &u);
    }
    goto outer;
  }
  if (s->auth_hex) {
    tb_tlv(&aed, 0xa1, &attrs);
  }
  size_t ml = s->mac_len ? s->mac_len : s->tag_len;
  uint8_t mac[32] = {0};
  memcpy(mac, tag, s->tag_len < ml ? s->tag_len : ml);
  if (s->mac_long_form) {
    uint8_t h[3] = {0x04, 0x81, (uint8_t)ml};
    tb_put(&aed, h, 3);
    tb_put(&aed, mac, ml);
  } else {
    tb_put(&t, mac, ml);
    tb_tlv(&aed, 0x04, &t);
    tb_free(&t);
  }
  if (s->unauth_hex) {
    tb_hex(&u, s->unauth_hex);
    tb_tlv(&aed, 0xa2, &u);
  }
outer:
  /* ContentInfo */
  frame(s, &v, 0x30, &aed);
  tbuf ci = {0};
  tb_hex(&ci, s->outer_oid_hex);
  frame(s, &ci, 0xa0, &v);
  memset(out, 0, sizeof(*out));
  frame(s, out, 0x30, &ci);
  if (s->trailing_hex) {
    tb_hex(out, s->trailing_hex);
  }
  free(ct);
  tb_free(&u);
  tb_free(&v);
  tb_free(&kekri);
  tb_free(&kekid);
  tb_free(&ris);
  tb_free(&attrs);
  tb_free(&aad);
  tb_free(&eci);
  tb_free(&alg);
  tb_free(&params);
  tb_free(&aed);
  tb_free(&ci);
}

int test_rand_cb(void *user_data, uint8_t *out, size_t len) {
  test_rand *r = user_data;
  r->calls++;
  r->bytes += len;
  if (r->fail) {
    return -1;
  }
  for (size_t i = 0; i < len; i++) {
    out[i] = r->seed[i % r->seed_len];
  }
  return 0;
}
