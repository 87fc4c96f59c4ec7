/*
 * bench_openssl.c: see bench_openssl.h. Compiled with MIKEY_BENCH_OPENSSL when configure
 * found libcrypto >= 3.0 (the first OpenSSL with CMS AuthEnvelopedData).
 */
#include "bench_openssl.h"

#include <stdlib.h>
#include <string.h>

#include "bench.h"

#ifdef MIKEY_BENCH_OPENSSL

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

struct bench_ossl {
  uint8_t key[32], id[64];
  size_t key_len, id_len;
  const uint8_t *content;
  size_t len;
  uint8_t *der;    /* the message built in bench_ossl_new, for open */
  size_t der_len;
  uint8_t *out;    /* build writes here */
  size_t cap;
  BIO *plain;      /* open writes here */
};

void bench_ossl_free(bench_ossl *o) {
  if (!o) {
    return;
  }
  BIO_free(o->plain);
  free(o->der);
  free(o->out);
  free(o);
}

/* build writes one message into o->out; *n its length. */
static int build(bench_ossl *o, size_t *n) {
  int rc = -1;
  CMS_ContentInfo *cms = CMS_AuthEnvelopedData_create(EVP_aes_128_gcm());
  BIO *in = BIO_new_mem_buf(o->content, (int)o->len);
  /* add0: the structure takes ownership of the key and identifier copies */
  unsigned char *k = OPENSSL_memdup(o->key, o->key_len);
  unsigned char *id = OPENSSL_memdup(o->id, o->id_len);
  if (cms && in && k && id &&
      CMS_add0_recipient_key(cms, NID_undef, k, o->key_len, id, o->id_len, NULL, NULL,
                             NULL)) {
    k = id = NULL;
    /* as CMS_encrypt does: the ciphertext inside the message, not detached */
    if (CMS_set_detached(cms, 0) == 1 && CMS_final(cms, in, NULL, CMS_BINARY) == 1) {
      int len = i2d_CMS_ContentInfo(cms, NULL);
      if (len > 0 && (size_t)len <= o->cap) {
        unsigned char *p = o->out;
        *n = (size_t)i2d_CMS_ContentInfo(cms, &p);
        rc = 0;
      }
    }
  }
  OPENSSL_free(k);
  OPENSSL_free(id);
  BIO_free(in);
  CMS_ContentInfo_free(cms);
  return rc;
}

int bench_ossl_build(bench_ossl *o) {
  size_t n = 0;
  int rc = build(o, &n);
  bench_sink += n;
  return rc;
}

int bench_ossl_open(bench_ossl *o) {
  const unsigned char *p = o->der;
  int rc = -1;
  CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)o->der_len);
  (void)BIO_reset(o->plain);
  if (cms && CMS_decrypt_set1_key(cms, o->key, o->key_len, o->id, o->id_len) == 1 &&
      CMS_decrypt(cms, NULL, NULL, NULL, o->plain, CMS_BINARY) == 1 &&
      (size_t)BIO_pending(o->plain) == o->len) {
    rc = 0;
  }
  CMS_ContentInfo_free(cms);
  return rc;
}

int bench_ossl_new(bench_ossl **out, const uint8_t *key, size_t key_len, const uint8_t *id,
                   size_t id_len, const uint8_t *content, size_t len) {
  bench_ossl *o = calloc(1, sizeof(*o));
  *out = o;
  if (!o || key_len > sizeof(o->key) || id_len > sizeof(o->id) || len > 0x7fffffff) {
    return -1;
  }
  memcpy(o->key, key, key_len);
  memcpy(o->id, id, id_len);
  o->key_len = key_len;
  o->id_len = id_len;
  o->content = content;
  o->len = len;
  o->cap = len + 4096;
  o->out = malloc(o->cap);
  o->der = malloc(o->cap);
  o->plain = BIO_new(BIO_s_mem());
  if (!o->out || !o->der || !o->plain || build(o, &o->der_len) != 0) {
    return -1;
  }
  memcpy(o->der, o->out, o->der_len);
  return bench_ossl_open(o);
}

#else

int bench_ossl_new(bench_ossl **out, const uint8_t *key, size_t key_len, const uint8_t *id,
                   size_t id_len, const uint8_t *content, size_t len) {
  (void)key, (void)key_len, (void)id, (void)id_len, (void)content, (void)len;
  *out = NULL;
  return BENCH_SKIP;
}
int bench_ossl_build(bench_ossl *o) {
  (void)o;
  return -1;
}
int bench_ossl_open(bench_ossl *o) {
  (void)o;
  return -1;
}
void bench_ossl_free(bench_ossl *o) { (void)o; }

#endif
