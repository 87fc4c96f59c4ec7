/*
 * cms_aead_test.c: the AEAD and key-wrap wrappers of lib/crypto/mikey_aead.c, against
 * published vectors and against mikey_kw.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/common.h>

#include "crypto/mikey_aead.h"
#include "crypto/mikey_kw.h"
#include "mikey_test.h"

/* The GCM paper (McGrew, Viega), Test Case 4: AES-128, 96-bit IV, 20 bytes of AAD, 60 bytes;
 * checked once more with python3-cryptography while writing this test. */
static const char *const GCM_K = "feffe9928665731c6d6a8f9467308308";
static const char *const GCM_P =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e24"
    "49a6b525b16aedf5aa0de657ba637b39";
static const char *const GCM_A = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
static const char *const GCM_IV = "cafebabefacedbaddecaf888";
static const char *const GCM_C =
    "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5a"
    "ac84aa051ba30b396a0aac973d58e091";
static const char *const GCM_T = "5bc94fbc3221a5db94fae95ae7121a47";

/* RFC 3610 section 8, Packet Vector #1: 13-byte nonce, M = 8, 8 bytes of header (AAD). */
static const char *const CCM_K = "C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF";
static const char *const CCM_N = "00000003020100A0A1A2A3A4A5";
static const char *const CCM_A = "0001020304050607";
static const char *const CCM_P = "08090A0B0C0D0E0F101112131415161718191A1B1C1D1E";
static const char *const CCM_C = "588C979A61C663D2F066D0C2C0F989806D5F6B61DAC384";
static const char *const CCM_T = "17E8D12CFDF926E0";

typedef struct vec {
  uint8_t k[32], iv[16], a[32], p[64], c[64], t[16];
  size_t kl, ivl, al, pl, cl, tl;
} vec;

static void load(vec *v, int ccm) {
  v->kl = test_hex(ccm ? CCM_K : GCM_K, v->k, sizeof(v->k));
  v->ivl = test_hex(ccm ? CCM_N : GCM_IV, v->iv, sizeof(v->iv));
  v->al = test_hex(ccm ? CCM_A : GCM_A, v->a, sizeof(v->a));
  v->pl = test_hex(ccm ? CCM_P : GCM_P, v->p, sizeof(v->p));
  v->cl = test_hex(ccm ? CCM_C : GCM_C, v->c, sizeof(v->c));
  v->tl = test_hex(ccm ? CCM_T : GCM_T, v->t, sizeof(v->t));
}

START_TEST(gcm_and_ccm_match_their_published_vectors_in_any_chunking) {
  mikey_aead a;
  mikey_aead_init(&a);
  for (int ccm = 0; ccm <= 1; ccm++) {
    vec v;
    load(&v, ccm);
    int cipher = ccm ? MIKEY_AEAD_AES128_CCM : MIKEY_AEAD_AES128_GCM;
    for (size_t step = 1; step <= v.pl; step++) {
      uint8_t out[64], tag[16];
      ck_assert_int_eq(mikey_aead_start(&a, cipher, v.k, v.kl, v.iv, v.ivl, v.tl, v.al, v.pl), 0);
      ck_assert_int_eq(mikey_aead_aad(&a, v.a, 3), 0);
      ck_assert_int_eq(mikey_aead_aad(&a, v.a + 3, v.al - 3), 0);
      for (size_t off = 0; off < v.pl; off += step) {
        size_t n = v.pl - off < step ? v.pl - off : step;
        ck_assert_int_eq(mikey_aead_encrypt(&a, out + off, v.p + off, n), 0);
      }
      ck_assert_int_eq(mikey_aead_tag(&a, tag), 0);
      mikey_aead_stop(&a);
      ck_assert_bytes(out, v.pl, v.c, v.cl);
      ck_assert_bytes(tag, v.tl, v.t, v.tl);
      /* And back, verified. */
      ck_assert_int_eq(mikey_aead_start(&a, cipher, v.k, v.kl, v.iv, v.ivl, v.tl, v.al, v.pl), 0);
      ck_assert_int_eq(mikey_aead_aad(&a, v.a, v.al), 0);
      for (size_t off = 0; off < v.pl; off += step) {
        size_t n = v.pl - off < step ? v.pl - off : step;
        ck_assert_int_eq(mikey_aead_decrypt(&a, out + off, v.c + off, n), 0);
      }
      ck_assert_int_eq(mikey_aead_verify(&a, v.t), 0);
      mikey_aead_stop(&a);
      ck_assert_bytes(out, v.pl, v.p, v.pl);
    }
  }
  mikey_aead_release(&a);
}
END_TEST

/* A GCM tag of 12..16 bytes is the leftmost part of the full tag (SP 800-38D 7.1); a tag
 * altered in any bit, or a wrong AAD, fails in constant time with MIKEY_E_AUTH. */
START_TEST(gcm_truncated_tags_and_verification) {
  mikey_aead a;
  mikey_aead_init(&a);
  vec v;
  load(&v, 0);
  for (size_t tl = 12; tl <= 16; tl++) {
    uint8_t out[64], tag[16];
    ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_GCM, v.k, 16, v.iv, 12, tl, 0, 0), 0);
    ck_assert_int_eq(mikey_aead_aad(&a, v.a, v.al), 0);
    ck_assert_int_eq(mikey_aead_encrypt(&a, out, v.p, v.pl), 0);
    ck_assert_int_eq(mikey_aead_tag(&a, tag), 0);
    ck_assert_bytes(tag, tl, v.t, tl);
    for (size_t bit = 0; bit < 8 * tl; bit++) {
      uint8_t t2[16];
      memcpy(t2, v.t, 16);
      t2[bit / 8] ^= (uint8_t)(1u << (bit % 8));
      ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_GCM, v.k, 16, v.iv, 12, tl, 0, 0), 0);
      ck_assert_int_eq(mikey_aead_aad(&a, v.a, v.al), 0);
      ck_assert_int_eq(mikey_aead_decrypt(&a, out, v.c, v.pl), 0);
      ck_assert_int_eq(mikey_aead_verify(&a, t2), MIKEY_E_AUTH);
    }
    ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_GCM, v.k, 16, v.iv, 12, tl, 0, 0), 0);
    ck_assert_int_eq(mikey_aead_aad(&a, v.a, v.al - 1), 0);
    ck_assert_int_eq(mikey_aead_decrypt(&a, out, v.c, v.pl), 0);
    ck_assert_int_eq(mikey_aead_verify(&a, v.t), MIKEY_E_AUTH);
    mikey_aead_stop(&a);
  }
  mikey_aead_release(&a);
}
END_TEST

START_TEST(lengths_outside_rfc_5084_are_refused) {
  mikey_aead a;
  mikey_aead_init(&a);
  uint8_t k[32] = {0}, n[64] = {0};
  /* GCM: tags of 4 and 8 bytes (which libgcrypt itself would check) and 17 are refused. */
  size_t bad_gcm_tags[] = {0, 4, 8, 11, 17};
  for (size_t i = 0; i < 5; i++) {
    ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_GCM, k, 16, n, 12, bad_gcm_tags[i], 0, 0), MIKEY_E_INVAL);
  }
  ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_GCM, k, 16, n, 0, 16, 0, 0), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_GCM, k, 16, n, 65, 16, 0, 0), MIKEY_E_INVAL);
  size_t bad_ccm_tags[] = {0, 2, 3, 5, 15, 18};
  for (size_t i = 0; i < 6; i++) {
    ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_CCM, k, 16, n, 12, bad_ccm_tags[i], 0, 0), MIKEY_E_INVAL);
  }
  ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_CCM, k, 16, n, 6, 16, 0, 0), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_CCM, k, 16, n, 14, 16, 0, 0), MIKEY_E_INVAL);
  /* RFC 3610 2.1: with a 13-byte nonce the length field has 2 octets. */
  ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_CCM, k, 16, n, 13, 16, 0, 65535), 0);
  ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_CCM, k, 16, n, 13, 16, 0, 65536), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_GCM, k, 32, n, 12, 16, 0, 0), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES256_GCM, k, 16, n, 12, 16, 0, 0), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_KW, k, 16, n, 12, 16, 0, 0), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_aead_start(&a, 99, k, 16, n, 12, 16, 0, 0), MIKEY_E_INVAL);
  /* Nothing in progress after a refusal, or after stop. */
  uint8_t b[4] = {0};
  ck_assert_int_eq(mikey_aead_encrypt(&a, b, b, 4), MIKEY_E_STATE);
  ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES256_CCM, k, 32, n, 7, 4, 0, 4), 0);
  mikey_aead_stop(&a);
  ck_assert_int_eq(mikey_aead_decrypt(&a, b, b, 4), MIKEY_E_STATE);
  ck_assert_int_eq(mikey_aead_verify(&a, b), MIKEY_E_STATE);
  mikey_aead_release(&a);
}
END_TEST

/* RFC 3394 4.1, 4.3, 4.6, and agreement with mikey_kw for other keys. */
START_TEST(key_wrap_on_kept_handles_matches_rfc_3394_and_mikey_kw) {
  static const struct {
    const char *kek, *key, *ct;
  } v[] = {
      {"000102030405060708090A0B0C0D0E0F", "00112233445566778899AABBCCDDEEFF",
       "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"},
      {"000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
       "00112233445566778899AABBCCDDEEFF", "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7"},
      {"000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
       "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
       "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21"},
  };
  mikey_aead a;
  mikey_aead_init(&a);
  for (size_t i = 0; i < 3; i++) {
    uint8_t kek[32], key[32], ct[40], out[40];
    size_t kl = test_hex(v[i].kek, kek, sizeof(kek));
    size_t n = test_hex(v[i].key, key, sizeof(key));
    size_t cl = test_hex(v[i].ct, ct, sizeof(ct));
    ck_assert_int_eq(mikey_aead_wrap(&a, kek, kl, key, n, out), 0);
    ck_assert_bytes(out, cl, ct, cl);
    ck_assert_int_eq(mikey_aead_unwrap(&a, kek, kl, ct, cl, out), 0);
    ck_assert_bytes(out, n, key, n);
  }
  for (unsigned seed = 0; seed < 200; seed++) {
    uint8_t kek[32], key[32], w1[40], w2[40];
    for (size_t j = 0; j < 32; j++) {
      kek[j] = (uint8_t)(seed * 7 + j);
      key[j] = (uint8_t)(seed * 11 + 3 * j);
    }
    size_t kl = seed % 2 ? 32 : 16, n = seed % 4 < 2 ? 16 : 32;
    ck_assert_int_eq(mikey_aead_wrap(&a, kek, kl, key, n, w1), 0);
    ck_assert_int_eq(mikey_kw_wrap(kek, kl, key, n, w2), 0);
    ck_assert_bytes(w1, n + 8, w2, n + 8);
  }
  /* A changed bit fails the integrity check; the output is wiped. */
  uint8_t kek[16] = {1}, key[16] = {2}, w[24], out[16];
  ck_assert_int_eq(mikey_aead_wrap(&a, kek, 16, key, 16, w), 0);
  for (size_t bit = 0; bit < 8 * sizeof(w); bit++) {
    w[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    memset(out, 0x55, sizeof(out));
    ck_assert_int_eq(mikey_aead_unwrap(&a, kek, 16, w, 24, out), MIKEY_E_UNWRAP);
    for (size_t j = 0; j < 16; j++) {
      ck_assert_uint_eq(out[j], 0);
    }
    w[bit / 8] ^= (uint8_t)(1u << (bit % 8));
  }
  ck_assert_int_eq(mikey_aead_wrap(&a, kek, 24, key, 16, w), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_aead_wrap(&a, kek, 16, key, 24, w), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_aead_unwrap(&a, kek, 16, w, 32, out), MIKEY_E_INVAL);
  /* A wrap between start and tag does not disturb the message. */
  vec v2;
  load(&v2, 0);
  uint8_t c[64], t[16];
  ck_assert_int_eq(mikey_aead_start(&a, MIKEY_AEAD_AES128_GCM, v2.k, 16, v2.iv, 12, 16, 0, 0), 0);
  ck_assert_int_eq(mikey_aead_aad(&a, v2.a, v2.al), 0);
  ck_assert_int_eq(mikey_aead_wrap(&a, kek, 16, key, 16, w), 0);
  ck_assert_int_eq(mikey_aead_encrypt(&a, c, v2.p, v2.pl), 0);
  ck_assert_int_eq(mikey_aead_tag(&a, t), 0);
  ck_assert_bytes(t, 16, v2.t, 16);
  mikey_aead_release(&a);
}
END_TEST

static Suite *aead_suite(void) {
  Suite *s = suite_create("cms_aead");
  TCase *tc = tcase_create("aead");
  tcase_add_test(tc, gcm_and_ccm_match_their_published_vectors_in_any_chunking);
  tcase_add_test(tc, gcm_truncated_tags_and_verification);
  tcase_add_test(tc, lengths_outside_rfc_5084_are_refused);
  tcase_add_test(tc, key_wrap_on_kept_handles_matches_rfc_3394_and_mikey_kw);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(aead_suite()); }
