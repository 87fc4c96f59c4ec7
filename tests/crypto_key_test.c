/*
 * crypto_key_test.c: the self-wiping key type (include/mikey/key.h). Built twice: as
 * crypto_key_test with libgcrypt secure memory off, and with -DKEY_TEST_SECMEM as
 * crypto_key_secmem_test with it on (mikey_global_init(MIKEY_INIT_SECMEM)), where a small key
 * must land in secure memory and a key too big for the pool must fall back to ordinary memory.
 *
 * Linked with -Wl,--wrap=gcry_free so that every free of a key can be checked to find the
 * memory already wiped.
 */
#include <string.h>

#include <gcrypt.h>

#include <mikey/key.h>
#include <mikey/mikey.h>

#include "mikey_test.h"

void __real_gcry_free(void *p);
void __wrap_gcry_free(void *p);
static const void *watch_ptr;
static size_t watch_len;
static int watch_seen, watch_all_zero;
void __wrap_gcry_free(void *p) {
  if (p && p == watch_ptr) {
    const volatile uint8_t *b = p;
    int z = 1;
    for (size_t i = 0; i < watch_len; i++) {
      z &= b[i] == 0;
    }
    watch_seen = 1;
    watch_all_zero = z;
  }
  __real_gcry_free(p);
}

/* watch_key arms the free hook for |k| (the allocation starts at k; its size is at least the
 * key bytes plus their offset). */
static void watch_key(const mikey_key *k) {
  watch_ptr = k;
  watch_len = (size_t)(mikey_key_data(k) - (const uint8_t *)(const void *)k) + mikey_key_len(k);
  watch_seen = 0;
  watch_all_zero = 0;
}

START_TEST(copy_zero_and_free_wipes) {
  uint8_t src[32];
  for (size_t i = 0; i < sizeof(src); i++) {
    src[i] = (uint8_t)(0xA0 + i);
  }
  mikey_key *k = NULL;
  ck_assert_int_eq(mikey_key_new(&k, src, sizeof(src)), 0);
  ck_assert_ptr_nonnull(k);
  ck_assert_uint_eq(mikey_key_len(k), 32);
  ck_assert_bytes(mikey_key_data(k), 32, src, 32);
  ck_assert_ptr_eq(mikey_key_data(k), mikey_key_data_mut(k));
  watch_key(k);
  mikey_key_free(k);
  ck_assert_int_eq(watch_seen, 1);
  ck_assert_int_eq(watch_all_zero, 1);

  ck_assert_int_eq(mikey_key_new_zero(&k, 16), 0);
  for (size_t i = 0; i < 16; i++) {
    ck_assert_uint_eq(mikey_key_data(k)[i], 0);
  }
  memset(mikey_key_data_mut(k), 0x5C, 16);
  watch_key(k);
  mikey_key_free(k);
  ck_assert_int_eq(watch_all_zero, 1);
  mikey_key_free(NULL);
}
END_TEST

static int fixed_rand(void *user, uint8_t *out, size_t len) {
  (void)user;
  for (size_t i = 0; i < len; i++) {
    out[i] = (uint8_t)(i ^ 0x3C);
  }
  return 0;
}
static int failing_rand(void *user, uint8_t *out, size_t len) {
  (void)user;
  memset(out, 0xFF, len);
  return -1;
}

START_TEST(random_keys_come_from_the_provider) {
  mikey_env env = {fixed_rand, NULL, NULL};
  mikey_key *k = NULL;
  ck_assert_int_eq(mikey_key_new_random(&k, 20, &env), 0);
  for (size_t i = 0; i < 20; i++) {
    ck_assert_uint_eq(mikey_key_data(k)[i], (uint8_t)(i ^ 0x3C));
  }
  mikey_key_free(k);
  env.rand = failing_rand;
  k = (mikey_key *)&env; /* must be reset to NULL */
  ck_assert_int_eq(mikey_key_new_random(&k, 20, &env), MIKEY_E_RANDOM);
  ck_assert_ptr_null(k);
  /* default provider */
  mikey_key *a = NULL, *b = NULL;
  ck_assert_int_eq(mikey_key_new_random(&a, 32, NULL), 0);
  ck_assert_int_eq(mikey_key_new_random(&b, 32, NULL), 0);
  ck_assert_int_ne(memcmp(mikey_key_data(a), mikey_key_data(b), 32), 0);
  mikey_key_free(a);
  mikey_key_free(b);
}
END_TEST

START_TEST(bounds_are_refused) {
  uint8_t src[4] = {1, 2, 3, 4};
  mikey_key *k = (mikey_key *)src;
  ck_assert_int_eq(mikey_key_new(&k, src, 0), MIKEY_E_KEY_LENGTH);
  ck_assert_ptr_null(k);
  ck_assert_int_eq(mikey_key_new(&k, NULL, 4), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_key_new(NULL, src, 4), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_key_new_zero(&k, MIKEY_KEY_MAX_LEN + 1), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_key_new_random(&k, 0, NULL), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_key_new_zero(&k, MIKEY_KEY_MAX_LEN), 0);
  ck_assert_uint_eq(mikey_key_len(k), MIKEY_KEY_MAX_LEN);
  mikey_key_free(k);
  ck_assert_ptr_null(mikey_key_data(NULL));
  ck_assert_uint_eq(mikey_key_len(NULL), 0);
  ck_assert_int_eq(mikey_key_is_secure(NULL), 0);
}
END_TEST

START_TEST(secure_memory_when_enabled) {
  mikey_key *small = NULL, *big = NULL;
  ck_assert_int_eq(mikey_key_new_zero(&small, 32), 0);
  /* 65535 bytes cannot fit the 64 KiB pool next to anything else: ordinary memory, still a
   * working key, still wiped on free. */
  ck_assert_int_eq(mikey_key_new_zero(&big, MIKEY_KEY_MAX_LEN), 0);
#ifdef KEY_TEST_SECMEM
  ck_assert_int_eq(mikey_key_is_secure(small), 1);
#else
  ck_assert_int_eq(mikey_key_is_secure(small), 0);
#endif
  ck_assert_int_eq(mikey_key_is_secure(big), 0);
  memset(mikey_key_data_mut(big), 0xAB, MIKEY_KEY_MAX_LEN);
  watch_key(big);
  mikey_key_free(big);
  ck_assert_int_eq(watch_all_zero, 1);
  watch_key(small);
  mikey_key_free(small);
  ck_assert_int_eq(watch_all_zero, 1);
}
END_TEST

int main(void) {
#ifdef KEY_TEST_SECMEM
  /* test_run's own mikey_global_init then keeps this set-up. */
  gcry_control(GCRYCTL_DISABLE_SECMEM_WARN, 0);
  if (mikey_global_init(MIKEY_INIT_SECMEM) != 0) {
    return 1;
  }
#endif
  Suite *s = suite_create("crypto_key");
  TCase *tc = tcase_create("key");
  tcase_add_test(tc, copy_zero_and_free_wipes);
  tcase_add_test(tc, random_keys_come_from_the_provider);
  tcase_add_test(tc, bounds_are_refused);
  tcase_add_test(tc, secure_memory_when_enabled);
  suite_add_tcase(s, tc);
  return test_run(s);
}
