/*
 * bench_cms.c: the S/MIME layer (issue 5): AuthEnvelopedData build and open of 1 KiB, 64 KiB
 * and 1 MiB, AES-128-GCM and AES-128-CCM, in MiB/s of content,
 *  - next to bare libgcrypt AES-GCM / AES-CCM on the same buffer (key, nonce, whole buffer,
 *    tag, on a kept handle: the floor of the content encryption), and
 *  - next to OpenSSL's in-process CMS (libcrypto, bench_openssl.c: AES-GCM only, as OpenSSL
 *    3.0 has no CCM in CMS; skipped when the bench was built without libcrypto).
 * Build draws a fresh CEK and nonce (one gcry_randomize) and wraps the CEK, as every message
 * does; open parses, unwraps and verifies. Both keep their handles in a mikey_cms_ctx.
 */
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include <mikey/cms.h>

#include "bench.h"
#include "bench_openssl.h"

typedef struct cms_state {
  mikey_cms_alg alg;
  size_t len;          /* content bytes */
  uint8_t *content, *msg, *plain, *ct;
  size_t msg_len, cap;
  mikey_cms_ctx *ctx;
  mikey_cms_kek kek;
  gcry_cipher_hd_t bare;
  uint8_t tag[16];
  bench_ossl *ossl;
} cms_state;

static const uint8_t kek_key[16] = {0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78,
                                    0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0};
static const uint8_t kek_id[4] = {0xde, 0xad, 0xbe, 0xef};
static const uint8_t cek[16] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
                                0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00};
static const uint8_t nonce[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

static void cms_teardown(void *state) {
  cms_state *s = state;
  if (!s) {
    return;
  }
  mikey_cms_ctx_free(s->ctx);
  gcry_cipher_close(s->bare);
  bench_ossl_free(s->ossl);
  free(s->content);
  free(s->msg);
  free(s->plain);
  free(s->ct);
  free(s);
}

/* cms_new: content of |len| bytes, one message built from it, a bare handle, and when
 * |ossl| the OpenSSL side (BENCH_SKIP when there is none). */
static int cms_new(void **state, mikey_cms_alg alg, size_t len, int ossl) {
  cms_state *s = calloc(1, sizeof(*s));
  *state = s;
  if (!s) {
    return -1;
  }
  s->alg = alg;
  s->len = len;
  s->cap = len + 1024;
  s->content = malloc(len);
  s->msg = malloc(s->cap);
  s->plain = malloc(len);
  s->ct = malloc(len + 16);
  if (!s->content || !s->msg || !s->plain || !s->ct || mikey_cms_ctx_new(&s->ctx) != 0) {
    return -1;
  }
  for (size_t i = 0; i < len; i++) {
    s->content[i] = (uint8_t)("SIP MESSAGE body "[i % 17]);
  }
  s->kek = (mikey_cms_kek){kek_key, sizeof(kek_key), kek_id, sizeof(kek_id)};
  mikey_cms_aed_opts o = {.alg = alg};
  s->msg_len = s->cap;
  if (mikey_cms_aed_build(s->ctx, NULL, &o, &s->kek, s->content, len, s->msg, &s->msg_len)) {
    return -1;
  }
  int mode = alg == MIKEY_CMS_AES128_CCM ? GCRY_CIPHER_MODE_CCM : GCRY_CIPHER_MODE_GCM;
  if (gcry_cipher_open(&s->bare, GCRY_CIPHER_AES128, mode, 0)) {
    return -1;
  }
  if (ossl) {
    int rc = bench_ossl_new(&s->ossl, kek_key, sizeof(kek_key), kek_id, sizeof(kek_id),
                            s->content, len);
    if (rc) {
      return rc;
    }
  }
  return 0;
}

#define SIZES(F, alg, ossl)                                                          \
  static int F##_1k(void **s) { return cms_new(s, alg, 1024, ossl); }                \
  static int F##_64k(void **s) { return cms_new(s, alg, 65536, ossl); }              \
  static int F##_1m(void **s) { return cms_new(s, alg, 1048576, ossl); }
SIZES(gcm, MIKEY_CMS_AES128_GCM, 0)
SIZES(ccm, MIKEY_CMS_AES128_CCM, 0)
SIZES(gcm_ossl, MIKEY_CMS_AES128_GCM, 1)

static int op_build(void *state) {
  cms_state *s = state;
  mikey_cms_aed_opts o = {.alg = s->alg};
  s->msg_len = s->cap;
  return mikey_cms_aed_build(s->ctx, NULL, &o, &s->kek, s->content, s->len, s->msg,
                             &s->msg_len);
}

static int op_open(void *state) {
  cms_state *s = state;
  size_t n = s->len;
  int rc = mikey_cms_aed_open(s->ctx, s->msg, s->msg_len, &s->kek, s->plain, &n, NULL);
  return rc == 0 && n == s->len ? 0 : -1;
}

/* bare_start keys the kept handle and sets the nonce (and CCM's lengths: RFC 3610 2.2) */
static int bare_start(cms_state *s) {
  if (gcry_cipher_setkey(s->bare, cek, sizeof(cek)) ||
      gcry_cipher_setiv(s->bare, nonce, sizeof(nonce))) {
    return -1;
  }
  if (s->alg == MIKEY_CMS_AES128_CCM) {
    uint64_t l[3] = {s->len, 0, 16};
    if (gcry_cipher_ctl(s->bare, GCRYCTL_SET_CCM_LENGTHS, l, sizeof(l))) {
      return -1;
    }
  }
  return 0;
}

static int op_bare_encrypt(void *state) {
  cms_state *s = state;
  if (bare_start(s) || gcry_cipher_encrypt(s->bare, s->ct, s->len, s->content, s->len) ||
      gcry_cipher_gettag(s->bare, s->tag, 16)) {
    return -1;
  }
  return 0;
}

static int op_bare_decrypt(void *state) {
  cms_state *s = state;
  uint8_t t[16];
  if (bare_start(s) || gcry_cipher_decrypt(s->bare, s->plain, s->len, s->ct, s->len) ||
      gcry_cipher_gettag(s->bare, t, 16)) {
    return -1;
  }
  bench_sink += (size_t)(memcmp(t, s->tag, 16) == 0);
  return 0;
}

static int op_ossl_build(void *state) {
  cms_state *s = state;
  return bench_ossl_build(s->ossl);
}

static int op_ossl_open(void *state) {
  cms_state *s = state;
  return bench_ossl_open(s->ossl);
}

/* the bare decryption needs a ciphertext and tag of the same buffer */
static int bare_ready(void **state, int (*setup)(void **)) {
  int rc = setup(state);
  return rc ? rc : op_bare_encrypt(*state);
}
static int gcm_1k_ct(void **s) { return bare_ready(s, gcm_1k); }
static int gcm_64k_ct(void **s) { return bare_ready(s, gcm_64k); }
static int gcm_1m_ct(void **s) { return bare_ready(s, gcm_1m); }
static int ccm_1k_ct(void **s) { return bare_ready(s, ccm_1k); }
static int ccm_64k_ct(void **s) { return bare_ready(s, ccm_64k); }
static int ccm_1m_ct(void **s) { return bare_ready(s, ccm_1m); }

#define NOTE_OSSL "OpenSSL libcrypto >= 3.0 not found when the bench was configured"
#define BARE(nm, su, opf, refop, n, rt, refname)                                            \
  {.name = (nm), .unit = "MiB/s", .setup = (su), .teardown = cms_teardown, .op = (opf),    \
   .bytes = (n), .reference = (refname), .ref_op = (refop), .ratio_target = (rt)}
#define OSSL(nm, su, opf, refop, n, rt, refname)                                            \
  {.name = (nm), .unit = "MiB/s", .setup = (su), .teardown = cms_teardown, .op = (opf),    \
   .bytes = (n), .reference = (refname), .ref_op = (refop), .ratio_target = (rt),          \
   .skip_note = NOTE_OSSL}
#define GCM_ENC "bare libgcrypt AES-128-GCM encrypt + tag, same buffer"
#define GCM_DEC "bare libgcrypt AES-128-GCM decrypt + tag check, same buffer"
#define CCM_ENC "bare libgcrypt AES-128-CCM encrypt + tag, same buffer"
#define CCM_DEC "bare libgcrypt AES-128-CCM decrypt + tag check, same buffer"
#define OSSL_BUILD "OpenSSL 3 CMS_AuthEnvelopedData_create + CMS_add0_recipient_key + CMS_final"
#define OSSL_OPEN "OpenSSL 3 d2i_CMS_ContentInfo + CMS_decrypt_set1_key + CMS_decrypt"

const bench_case bench_cms_cases[] = {
    BARE("smime.build.aes128gcm.1k", gcm_1k, op_build, op_bare_encrypt, 1024, 0, GCM_ENC),
    BARE("smime.build.aes128gcm.64k", gcm_64k, op_build, op_bare_encrypt, 65536, 0, GCM_ENC),
    BARE("smime.build.aes128gcm.1m", gcm_1m, op_build, op_bare_encrypt, 1048576, 0.9,
         GCM_ENC),
    BARE("smime.open.aes128gcm.1k", gcm_1k_ct, op_open, op_bare_decrypt, 1024, 0, GCM_DEC),
    BARE("smime.open.aes128gcm.64k", gcm_64k_ct, op_open, op_bare_decrypt, 65536, 0, GCM_DEC),
    BARE("smime.open.aes128gcm.1m", gcm_1m_ct, op_open, op_bare_decrypt, 1048576, 0.9,
         GCM_DEC),
    BARE("smime.build.aes128ccm.1k", ccm_1k, op_build, op_bare_encrypt, 1024, 0, CCM_ENC),
    BARE("smime.build.aes128ccm.64k", ccm_64k, op_build, op_bare_encrypt, 65536, 0, CCM_ENC),
    BARE("smime.build.aes128ccm.1m", ccm_1m, op_build, op_bare_encrypt, 1048576, 0.9,
         CCM_ENC),
    BARE("smime.open.aes128ccm.1k", ccm_1k_ct, op_open, op_bare_decrypt, 1024, 0, CCM_DEC),
    BARE("smime.open.aes128ccm.64k", ccm_64k_ct, op_open, op_bare_decrypt, 65536, 0, CCM_DEC),
    BARE("smime.open.aes128ccm.1m", ccm_1m_ct, op_open, op_bare_decrypt, 1048576, 0.9,
         CCM_DEC),
    OSSL("smime.build_vs_openssl.aes128gcm.1k", gcm_ossl_1k, op_build, op_ossl_build, 1024, 2,
         OSSL_BUILD),
    OSSL("smime.build_vs_openssl.aes128gcm.64k", gcm_ossl_64k, op_build, op_ossl_build, 65536,
         0, OSSL_BUILD),
    OSSL("smime.build_vs_openssl.aes128gcm.1m", gcm_ossl_1m, op_build, op_ossl_build, 1048576,
         0, OSSL_BUILD),
    OSSL("smime.open_vs_openssl.aes128gcm.1k", gcm_ossl_1k, op_open, op_ossl_open, 1024, 2,
         OSSL_OPEN),
    OSSL("smime.open_vs_openssl.aes128gcm.64k", gcm_ossl_64k, op_open, op_ossl_open, 65536, 0,
         OSSL_OPEN),
    OSSL("smime.open_vs_openssl.aes128gcm.1m", gcm_ossl_1m, op_open, op_ossl_open, 1048576, 0,
         OSSL_OPEN),
};
const size_t bench_cms_ncases = sizeof(bench_cms_cases) / sizeof(bench_cms_cases[0]);
