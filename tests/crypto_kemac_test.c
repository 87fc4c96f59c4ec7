/*
 * crypto_kemac_test.c: KEMAC Encr data encryption (RFC 3830 4.2.3, RFC 6043 6.2): the AES-CM
 * keystream of RFC 3711 B.2, known answers from openssl with the IV computed by
 * tests/vectors/crypto/gen_vectors.py, the ticket KEMAC chain from a TPK, AES-KW-128 with the
 * salt as wrap IV, round trips, and refusals.
 */
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include <mikey/common.h>

#include "crypto/mikey_kemac_crypt.h"
#include "mikey_test.h"
#include "vectors/crypto/crypto_vectors.h"

#define NKEM (sizeof(kemac_vectors) / sizeof(kemac_vectors[0]))
#define NTK (sizeof(ticket_kemac_vectors) / sizeof(ticket_kemac_vectors[0]))

/* keyset_of fills |ks| by hand (no derivation) for the KEMAC primitives. */
static void keyset_of(mikey_keyset *ks, uint8_t alg, const char *key, const char *salt) {
  memset(ks, 0, sizeof(*ks));
  ks->encr_alg = alg;
  ks->mac_alg = MIKEY_MAC_NULL;
  ks->encr_len = key ? test_hex(key, ks->encr, sizeof(ks->encr)) : 0;
  ks->salt_len = salt ? test_hex(salt, ks->salt, sizeof(ks->salt)) : 0;
}

/* RFC 3711 B.2: session key 2B7E..., salt F0F1...FCFD (CSB ID 0, T 0 leave it unchanged, so the
 * MIKEY IV is the B.2 counter block F0F1...FCFD0000), keystream = encryption of zeros. */
START_TEST(rfc3711_b2_aes_cm_keystream) {
  mikey_keyset ks;
  keyset_of(&ks, MIKEY_ENCR_AES_CM_128, "2B7E151628AED2A6ABF7158809CF4F3C",
            "F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
  uint8_t iv[16], want_iv[16];
  ck_assert_int_eq(mikey_kemac_iv(ks.salt, ks.salt_len, 0, 0, iv), 0);
  test_hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000", want_iv, sizeof(want_iv));
  ck_assert_bytes(iv, 16, want_iv, 16);

  uint8_t zero[48] = {0}, ks_out[48], want[48];
  size_t n;
  test_hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB"
           "41E95B3BB0A2E8DD477901E4FCA894C0",
           want, sizeof(want));
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, zero, 48, ks_out, sizeof(ks_out), &n), 0);
  ck_assert_uint_eq(n, 48);
  ck_assert_bytes(ks_out, 48, want, 48);
  /* RFC 3711 B.2 goes on to block 0xFF01; a KEMAC holds at most 65535 bytes (4096 blocks),
   * which the next test covers block by block. */
}
END_TEST

/* The longest Encr data (65535 bytes): every block of the keystream is AES(key, IV + i) with
 * the block index in the low 16 bits, checked against single-block ECB encryptions. */
START_TEST(aes_cm_counter_over_the_longest_kemac) {
  mikey_keyset ks;
  keyset_of(&ks, MIKEY_ENCR_AES_CM_256,
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "a0a1a2a3a4a5a6a7a8a9aaabacad");
  size_t len = MIKEY_KEMAC_MAX_DATA;
  uint8_t *zero = calloc(1, len), *out = malloc(len);
  ck_assert_ptr_nonnull(zero);
  ck_assert_ptr_nonnull(out);
  size_t n;
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0x01020304u, 0x1122334455667788ULL, zero, len,
                                       out, len, &n),
                   0);
  uint8_t iv[16];
  ck_assert_int_eq(mikey_kemac_iv(ks.salt, 14, 0x01020304u, 0x1122334455667788ULL, iv), 0);
  gcry_cipher_hd_t ecb;
  ck_assert_int_eq(gcry_cipher_open(&ecb, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_ECB, 0), 0);
  ck_assert_int_eq(gcry_cipher_setkey(ecb, ks.encr, 32), 0);
  for (size_t i = 0; i * 16 < len; i++) {
    uint8_t blk[16], want[16];
    memcpy(blk, iv, 16);
    blk[14] = (uint8_t)(i >> 8);
    blk[15] = (uint8_t)i;
    ck_assert_int_eq(gcry_cipher_encrypt(ecb, want, 16, blk, 16), 0);
    size_t take = len - i * 16 < 16 ? len - i * 16 : 16;
    ck_assert_bytes(out + i * 16, take, want, take);
  }
  gcry_cipher_close(ecb);
  free(zero);
  free(out);
}
END_TEST

START_TEST(known_answer_from_openssl) {
  const struct kemac_vec *v = &kemac_vectors[_i];
  mikey_keyset ks;
  keyset_of(&ks, v->encr_alg, v->key, v->salt);
  uint8_t plain[320], ct[320], out[320];
  size_t pl = test_hex(v->plain, plain, sizeof(plain));
  size_t cl = test_hex(v->cipher, ct, sizeof(ct));
  if (v->iv) {
    uint8_t iv[16], want_iv[16];
    test_hex(v->iv, want_iv, sizeof(want_iv));
    ck_assert_int_eq(mikey_kemac_iv(ks.salt, ks.salt_len, v->csb_id, v->t, iv), 0);
    ck_assert_bytes(iv, 16, want_iv, 16);
  }
  mikey_kemac_cipher c;
  mikey_kemac_cipher_init(&c);
  size_t n = 0;
  ck_assert_int_eq(mikey_kemac_encr_len(v->encr_alg, pl, &n), 0);
  ck_assert_uint_eq(n, cl);
  ck_assert_int_eq(mikey_kemac_encrypt(&c, &ks, v->csb_id, v->t, plain, pl, out, sizeof(out), &n),
                   0);
  ck_assert_bytes(out, n, ct, cl);
  memset(out, 0, sizeof(out));
  ck_assert_int_eq(mikey_kemac_decrypt(&c, &ks, v->csb_id, v->t, ct, cl, out, sizeof(out), &n),
                   0);
  ck_assert_bytes(out, n, plain, pl);
  /* one-off, without a context */
  ck_assert_int_eq(mikey_kemac_decrypt(NULL, &ks, v->csb_id, v->t, ct, cl, out, sizeof(out), &n),
                   0);
  ck_assert_bytes(out, n, plain, pl);
  if (v->encr_alg != MIKEY_ENCR_AES_KW_128) {
    /* in place */
    memcpy(out, plain, pl);
    ck_assert_int_eq(mikey_kemac_encrypt(&c, &ks, v->csb_id, v->t, out, pl, out, pl, &n), 0);
    ck_assert_bytes(out, n, ct, cl);
    /* a different CSB ID or T changes the IV and so every byte of keystream */
    ck_assert_int_eq(
        mikey_kemac_encrypt(&c, &ks, v->csb_id ^ 1u, v->t, plain, pl, out, sizeof(out), &n), 0);
    ck_assert_int_ne(memcmp(out, ct, pl < 16 ? pl : 16), 0);
    ck_assert_int_eq(
        mikey_kemac_encrypt(&c, &ks, v->csb_id, v->t + 1, plain, pl, out, sizeof(out), &n), 0);
    ck_assert_int_ne(memcmp(out, ct, pl < 16 ? pl : 16), 0);
  }
  mikey_kemac_cipher_clear(&c);
}
END_TEST

/* RFC 6043 A.1 / A.2.1: keys from the TPK, CSB ID 0xFFFFFFFF in the IV, the ticket's T. */
START_TEST(ticket_kemac_from_tpk) {
  const struct ticket_kemac_vec *v = &ticket_kemac_vectors[_i];
  uint8_t tpk[32], rnd[32], plain[128], ct[128], out[128];
  size_t kl = test_hex(v->tpk, tpk, sizeof(tpk));
  size_t rl = test_hex(v->rand, rnd, sizeof(rnd));
  size_t pl = test_hex(v->plain, plain, sizeof(plain));
  size_t cl = test_hex(v->cipher, ct, sizeof(ct));
  mikey_prf p;
  mikey_prf_init(&p);
  ck_assert_int_eq(mikey_prf_setkey(&p, v->prf, tpk, kl), 0);
  mikey_keyset ks;
  uint8_t mac = v->prf == MIKEY_PRF_MIKEY_1 ? MIKEY_MAC_HMAC_SHA_1_160
                                            : MIKEY_MAC_HMAC_SHA_256_256;
  ck_assert_int_eq(mikey_kdf_tpk_keys(&p, rnd, rl, v->encr_alg, mac, &ks), 0);
  size_t n;
  ck_assert_int_eq(
      mikey_kemac_encrypt(NULL, &ks, 0xFFFFFFFFu, v->t, plain, pl, out, sizeof(out), &n), 0);
  ck_assert_bytes(out, n, ct, cl);
  mikey_keyset_clear(&ks);
  mikey_prf_clear(&p);
}
END_TEST

/* Every single bit flip of a wrapped KEMAC, and a wrong salt (wrap IV) or key, fails the
 * integrity check and leaves no plaintext behind. */
START_TEST(aes_kw_refuses_any_bit_flip_and_wrong_iv) {
  const struct kemac_vec *v = &kemac_vectors[5];
  ck_assert_uint_eq(v->encr_alg, MIKEY_ENCR_AES_KW_128);
  mikey_keyset ks;
  keyset_of(&ks, v->encr_alg, v->key, v->salt);
  uint8_t ct[64], out[64];
  size_t cl = test_hex(v->cipher, ct, sizeof(ct)), n;
  mikey_kemac_cipher c;
  mikey_kemac_cipher_init(&c);
  for (size_t bit = 0; bit < 8 * cl; bit++) {
    ct[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    memset(out, 0x77, sizeof(out));
    ck_assert_int_eq(mikey_kemac_decrypt(&c, &ks, 0, 0, ct, cl, out, sizeof(out), &n),
                     MIKEY_E_UNWRAP);
    for (size_t i = 0; i < cl - 8; i++) {
      ck_assert_uint_eq(out[i], 0);
    }
    ct[bit / 8] ^= (uint8_t)(1u << (bit % 8));
  }
  ks.salt[7] ^= 1;
  ck_assert_int_eq(mikey_kemac_decrypt(&c, &ks, 0, 0, ct, cl, out, sizeof(out), &n),
                   MIKEY_E_UNWRAP);
  ks.salt[7] ^= 1;
  ks.encr[0] ^= 0x80;
  ck_assert_int_eq(mikey_kemac_decrypt(&c, &ks, 0, 0, ct, cl, out, sizeof(out), &n),
                   MIKEY_E_UNWRAP);
  ks.encr[0] ^= 0x80;
  ck_assert_int_eq(mikey_kemac_decrypt(&c, &ks, 0, 0, ct, cl, out, sizeof(out), &n), 0);
  mikey_kemac_cipher_clear(&c);
}
END_TEST

/* Round trips for every algorithm over many lengths, one context reused throughout and
 * switched between algorithms and keys. */
START_TEST(round_trips_all_algorithms) {
  mikey_kemac_cipher c;
  mikey_kemac_cipher_init(&c);
  uint8_t plain[600], ct[620], back[620];
  for (size_t i = 0; i < sizeof(plain); i++) {
    plain[i] = (uint8_t)(i * 31 + 7);
  }
  static const uint8_t algs[] = {MIKEY_ENCR_NULL, MIKEY_ENCR_AES_CM_128, MIKEY_ENCR_AES_KW_128,
                                 MIKEY_ENCR_AES_CM_256};
  for (size_t a = 0; a < 4; a++) {
    mikey_keyset ks;
    memset(&ks, 0, sizeof(ks));
    ks.encr_alg = algs[a];
    ck_assert_int_eq(mikey_suite_encr_key_len(algs[a], &ks.encr_len), 0);
    ck_assert_int_eq(mikey_suite_salt_len(algs[a], &ks.salt_len), 0);
    for (size_t len = 0; len <= sizeof(plain); len += (len < 40 ? 1 : 37)) {
      if (algs[a] == MIKEY_ENCR_AES_KW_128 && len != 0 && (len < 16 || len % 8)) {
        continue;
      }
      ks.encr[0] = (uint8_t)len;
      ks.salt[0] = (uint8_t)(len >> 1);
      size_t n, m;
      ck_assert_int_eq(
          mikey_kemac_encrypt(&c, &ks, (uint32_t)len, len, plain, len, ct, sizeof(ct), &n), 0);
      ck_assert_uint_eq(n, algs[a] == MIKEY_ENCR_AES_KW_128 && len ? len + 8 : len);
      if (algs[a] == MIKEY_ENCR_NULL) {
        ck_assert_bytes(ct, n, plain, len);
      } else if (len >= 16) {
        ck_assert_int_ne(memcmp(ct, plain, 16), 0);
      }
      ck_assert_int_eq(
          mikey_kemac_decrypt(&c, &ks, (uint32_t)len, len, ct, n, back, sizeof(back), &m), 0);
      ck_assert_bytes(back, m, plain, len);
    }
  }
  mikey_kemac_cipher_clear(&c);
}
END_TEST

START_TEST(misuse_and_bounds_are_refused) {
  mikey_keyset ks;
  keyset_of(&ks, MIKEY_ENCR_AES_CM_128, "000102030405060708090a0b0c0d0e0f",
            "000102030405060708090a0b0c0d");
  uint8_t in[64] = {0}, out[64];
  size_t n = 0;
  /* buffer too small: the needed size is reported */
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, in, 40, out, 39, &n),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, 40);
  /* key and salt lengths must fit the algorithm */
  ks.encr_len = 32;
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, in, 16, out, 64, &n), MIKEY_E_KEY_LENGTH);
  ks.encr_alg = MIKEY_ENCR_AES_CM_256;
  ks.salt_len = 8;
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, in, 16, out, 64, &n), MIKEY_E_KEY_LENGTH);
  ks.encr_alg = MIKEY_ENCR_AES_KW_128;
  ks.encr_len = 16;
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, in, 16, out, 64, &n), 0);
  ks.salt_len = 14;
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, in, 16, out, 64, &n), MIKEY_E_KEY_LENGTH);
  ks.salt_len = 8;
  /* AES-KW: n >= 2 blocks of 8 bytes, no in-place */
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, in, 8, out, 64, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, in, 20, out, 64, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kemac_decrypt(NULL, &ks, 0, 0, in, 16, out, 64, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kemac_decrypt(NULL, &ks, 0, 0, in, 25, out, 64, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, out, 16, out, 64, &n), MIKEY_E_INVAL);
  /* unknown algorithm */
  ks.encr_alg = 4;
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, in, 16, out, 64, &n), MIKEY_E_SUITE_EA);
  ck_assert_int_eq(mikey_kemac_encr_len(9, 16, &n), MIKEY_E_SUITE_EA);
  /* 16-bit Encr data len */
  ck_assert_int_eq(mikey_kemac_encr_len(MIKEY_ENCR_AES_CM_128, 65536, &n), MIKEY_E_LIMIT);
  ck_assert_int_eq(mikey_kemac_encr_len(MIKEY_ENCR_AES_CM_128, 65535, &n), 0);
  ck_assert_int_eq(mikey_kemac_encr_len(MIKEY_ENCR_AES_KW_128, 65528, &n), MIKEY_E_LIMIT);
  ck_assert_int_eq(mikey_kemac_encr_len(MIKEY_ENCR_AES_KW_128, 65520, &n), 0);
  ck_assert_uint_eq(n, 65528);
  ck_assert_int_eq(mikey_kemac_encr_len(MIKEY_ENCR_NULL, (size_t)-1, &n), MIKEY_E_LIMIT);
  ks.encr_alg = MIKEY_ENCR_NULL;
  ks.encr_len = ks.salt_len = 0;
  ck_assert_int_eq(mikey_kemac_decrypt(NULL, &ks, 0, 0, in, 65536, out, 64, &n), MIKEY_E_LIMIT);
  /* NULL arguments */
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, NULL, 0, 0, in, 16, out, 64, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, NULL, 16, out, 64, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, in, 16, NULL, 64, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, in, 16, out, 64, NULL), MIKEY_E_INVAL);
  /* empty Encr data (RFC 3830 6.2, updates) is empty for every algorithm */
  ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0, 0, NULL, 0, NULL, 0, &n), 0);
  ck_assert_uint_eq(n, 0);
  ck_assert_int_eq(mikey_kemac_iv(in, 13, 0, 0, out), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_kemac_iv(NULL, 14, 0, 0, out), MIKEY_E_INVAL);
}
END_TEST

int main(void) {
  Suite *s = suite_create("crypto_kemac");
  TCase *tc = tcase_create("kemac");
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, rfc3711_b2_aes_cm_keystream);
  tcase_add_test(tc, aes_cm_counter_over_the_longest_kemac);
  tcase_add_loop_test(tc, known_answer_from_openssl, 0, (int)NKEM);
  tcase_add_loop_test(tc, ticket_kemac_from_tpk, 0, (int)NTK);
  tcase_add_test(tc, aes_kw_refuses_any_bit_flip_and_wrong_iv);
  tcase_add_test(tc, round_trips_all_algorithms);
  tcase_add_test(tc, misuse_and_bounds_are_refused);
  suite_add_tcase(s, tc);
  return test_run(s);
}
