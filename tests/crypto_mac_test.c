/*
 * crypto_mac_test.c: V payload MACs (HMAC-SHA-1-160, HMAC-SHA-256-256) over byte ranges:
 * published HMAC vectors, independent vectors over scattered ranges
 * (tests/vectors/crypto/gen_vectors.py), refusal of every single bit flip and of a wrong key,
 * and proof that verification goes through the constant-time compare.
 *
 * The test links with -Wl,--wrap=mikey_ct_equal (tests/crypto.mk) so that it can count the
 * calls mikey_mac_verify makes to the constant-time compare.
 */
#include <string.h>

#include <mikey/common.h>

#include "crypto/mikey_mac.h"
#include "mikey_test.h"
#include "vectors/crypto/crypto_vectors.h"

/* --- counting wrapper around the constant-time compare --------------------------------- */
int __real_mikey_ct_equal(const void *a, const void *b, size_t len);
int __wrap_mikey_ct_equal(const void *a, const void *b, size_t len);
static unsigned ct_calls;
static size_t ct_last_len;
int __wrap_mikey_ct_equal(const void *a, const void *b, size_t len) {
  ct_calls++;
  ct_last_len = len;
  return __real_mikey_ct_equal(a, b, len);
}

#define NVMAC (sizeof(vmac_vectors) / sizeof(vmac_vectors[0]))

/* RFC 2202 cases 1 and 3 (20-byte keys, as HMAC-SHA-1-160 takes); see crypto_hmac_test.c for
 * how they were confirmed. */
START_TEST(hmac_sha1_160_published_vectors) {
  static const struct {
    const char *key, *data, *mac;
  } v[] = {
      {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
       "b617318655057264e28bc0b6fb378c8ef146be00"},
      {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
       "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
       "dddddddddddddd",
       "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
  };
  for (size_t i = 0; i < 2; i++) {
    uint8_t key[20], data[64], want[20], got[20];
    size_t kl = test_hex(v[i].key, key, sizeof(key));
    size_t dl = test_hex(v[i].data, data, sizeof(data));
    test_hex(v[i].mac, want, sizeof(want));
    mikey_iov r = {data, dl};
    ck_assert_int_eq(mikey_mac_compute_oneshot(MIKEY_MAC_HMAC_SHA_1_160, key, kl, &r, 1, got, 20),
                     0);
    ck_assert_bytes(got, 20, want, 20);
    ck_assert_int_eq(mikey_mac_verify_oneshot(MIKEY_MAC_HMAC_SHA_1_160, key, kl, &r, 1, want, 20),
                     0);
  }
}
END_TEST

/* vec_load decodes vector |i|: key, ranges (into |buf|), tag. Returns the range count. */
static size_t vec_load(size_t i, uint8_t *key, size_t *kl, uint8_t *buf, size_t cap,
                       mikey_iov *r, uint8_t *tag, size_t *tl) {
  const struct vmac_vec *v = &vmac_vectors[i];
  *kl = test_hex(v->key, key, 32);
  *tl = test_hex(v->tag, tag, 32);
  size_t n = 0, used = 0;
  for (; n < 4 && v->ranges[n]; n++) {
    size_t len = test_hex(v->ranges[n], buf + used, cap - used);
    r[n] = (mikey_iov){len ? buf + used : NULL, len};
    used += len;
  }
  return n;
}

START_TEST(vmac_matches_independent_vector) {
  uint8_t key[32], buf[400], want[32], got[32];
  size_t kl, tl;
  mikey_iov r[4];
  size_t n = vec_load((size_t)_i, key, &kl, buf, sizeof(buf), r, want, &tl);
  uint8_t alg = vmac_vectors[_i].mac_alg;

  mikey_mac m;
  mikey_mac_init(&m);
  ck_assert_int_eq(mikey_mac_setkey(&m, alg, key, kl), 0);
  ck_assert_int_eq(mikey_mac_compute(&m, r, n, got, tl), 0);
  ck_assert_bytes(got, tl, want, tl);
  /* the same bytes as one range give the same tag: only the concatenation counts */
  size_t total = 0;
  for (size_t i = 0; i < n; i++) {
    total += r[i].len;
  }
  mikey_iov whole = {buf, total};
  ck_assert_int_eq(mikey_mac_compute(&m, &whole, 1, got, tl), 0);
  ck_assert_bytes(got, tl, want, tl);

  ct_calls = 0;
  ck_assert_int_eq(mikey_mac_verify(&m, r, n, want, tl), 0);
  ck_assert_uint_eq(ct_calls, 1);
  ck_assert_uint_eq(ct_last_len, tl);
  mikey_mac_clear(&m);
}
END_TEST

/* Every single bit flip of the tag, of the covered bytes and of the key is refused with
 * MIKEY_E_AUTH, each through the constant-time compare over the whole tag. */
START_TEST(verify_refuses_every_bit_flip_and_wrong_key) {
  uint8_t key[32], buf[400], tag[32];
  size_t kl, tl;
  mikey_iov r[4];
  size_t n = vec_load((size_t)_i, key, &kl, buf, sizeof(buf), r, tag, &tl);
  uint8_t alg = vmac_vectors[_i].mac_alg;
  mikey_mac m;
  mikey_mac_init(&m);
  ck_assert_int_eq(mikey_mac_setkey(&m, alg, key, kl), 0);

  for (size_t bit = 0; bit < 8 * tl; bit++) {
    tag[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    ct_calls = 0;
    ck_assert_int_eq(mikey_mac_verify(&m, r, n, tag, tl), MIKEY_E_AUTH);
    ck_assert_uint_eq(ct_calls, 1);
    ck_assert_uint_eq(ct_last_len, tl);
    tag[bit / 8] ^= (uint8_t)(1u << (bit % 8));
  }
  for (size_t i = 0; i < n; i++) {
    uint8_t *p = (uint8_t *)(uintptr_t)r[i].base;
    for (size_t bit = 0; bit < 8 * r[i].len; bit++) {
      p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
      ck_assert_int_eq(mikey_mac_verify(&m, r, n, tag, tl), MIKEY_E_AUTH);
      p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
  }
  for (size_t bit = 0; bit < 8 * kl; bit++) {
    key[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    ck_assert_int_eq(mikey_mac_setkey(&m, alg, key, kl), 0);
    ck_assert_int_eq(mikey_mac_verify(&m, r, n, tag, tl), MIKEY_E_AUTH);
    key[bit / 8] ^= (uint8_t)(1u << (bit % 8));
  }
  /* a truncated or over-long tag never verifies */
  ck_assert_int_eq(mikey_mac_setkey(&m, alg, key, kl), 0);
  ck_assert_int_eq(mikey_mac_verify(&m, r, n, tag, tl - 1), MIKEY_E_AUTH);
  ck_assert_int_eq(mikey_mac_verify(&m, r, n, tag, 0), MIKEY_E_AUTH);
  uint8_t longer[33] = {0};
  memcpy(longer, tag, tl);
  ck_assert_int_eq(mikey_mac_verify(&m, r, n, longer, tl + 1), MIKEY_E_AUTH);
  /* and the original still does: nothing above changed the context */
  ck_assert_int_eq(mikey_mac_verify(&m, r, n, tag, tl), 0);
  mikey_mac_clear(&m);
}
END_TEST

START_TEST(misuse_is_refused) {
  uint8_t key[33] = {0}, tag[32], data[4] = {0};
  mikey_iov r = {data, sizeof(data)};
  mikey_mac m;
  mikey_mac_init(&m);
  ck_assert_int_eq(mikey_mac_compute(&m, &r, 1, tag, 20), MIKEY_E_STATE);
  ck_assert_int_eq(mikey_mac_verify(&m, &r, 1, tag, 20), MIKEY_E_STATE);
  ck_assert_int_eq(mikey_mac_setkey(&m, MIKEY_MAC_NULL, key, 20), MIKEY_E_SUITE_MAC);
  ck_assert_int_eq(mikey_mac_setkey(&m, 3, key, 32), MIKEY_E_SUITE_MAC);
  /* RFC 3830 4.2.4: 160-bit key for HMAC-SHA-1-160; RFC 6043 6.2: 256-bit for SHA-256 */
  ck_assert_int_eq(mikey_mac_setkey(&m, MIKEY_MAC_HMAC_SHA_1_160, key, 16), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_mac_setkey(&m, MIKEY_MAC_HMAC_SHA_1_160, key, 32), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_mac_setkey(&m, MIKEY_MAC_HMAC_SHA_256_256, key, 20),
                   MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_mac_setkey(&m, MIKEY_MAC_HMAC_SHA_256_256, key, 33),
                   MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_mac_setkey(&m, MIKEY_MAC_HMAC_SHA_256_256, NULL, 32), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_mac_setkey(&m, MIKEY_MAC_HMAC_SHA_256_256, key, 32), 0);
  ck_assert_int_eq(mikey_mac_compute(&m, &r, 1, tag, 20), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_mac_compute(&m, &r, 1, NULL, 32), MIKEY_E_INVAL);
  mikey_iov bad = {NULL, 1};
  ck_assert_int_eq(mikey_mac_compute(&m, &bad, 1, tag, 32), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_mac_verify(&m, &bad, 1, tag, 32), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_mac_compute(&m, &r, 1, tag, 32), 0);
  /* a failed re-key leaves the context unkeyed */
  ck_assert_int_eq(mikey_mac_setkey(&m, MIKEY_MAC_HMAC_SHA_1_160, key, 32), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_mac_verify(&m, &r, 1, tag, 32), MIKEY_E_STATE);
  mikey_mac_clear(&m);
}
END_TEST

int main(void) {
  Suite *s = suite_create("crypto_mac");
  TCase *tc = tcase_create("mac");
  tcase_add_test(tc, hmac_sha1_160_published_vectors);
  tcase_add_loop_test(tc, vmac_matches_independent_vector, 0, (int)NVMAC);
  tcase_add_loop_test(tc, verify_refuses_every_bit_flip_and_wrong_key, 0, (int)NVMAC);
  tcase_add_test(tc, misuse_is_refused);
  suite_add_tcase(s, tc);
  return test_run(s);
}
