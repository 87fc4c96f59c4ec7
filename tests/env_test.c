/*
 * env_test.c: time and randomness providers, NTP conversion, wipe and constant-time compare.
 */
#include <string.h>

#include <gcrypt.h>

#include <mikey/mikey.h>

#include "mikey_test.h"

/* NTP seconds for the Unix epoch: 70 years with 17 leap days = 25567 days * 86400 s
 * = 2208988800 = 0x83AA7E80 (RFC 4330 section 3 gives the same offset). */
START_TEST(unix_epoch_is_ntp_83aa7e80) {
  ck_assert_uint_eq(mikey_ntp_from_unix(0, 0), 0x83AA7E80ULL << 32);
  ck_assert_int_eq(mikey_ntp_to_unix(0x83AA7E80ULL << 32), 0);
  /* half a second is 0x80000000 in the fraction */
  ck_assert_uint_eq(mikey_ntp_from_unix(0, 500000000u), 0x83AA7E80ULL << 32 | 0x80000000u);
}
END_TEST

/* RFC 4330 section 3: NTP seconds wrap at 2036-02-07T06:28:16Z = Unix 2^32 - 2208988800
 * = 2085978496; after it the seconds field restarts at 0 (era 1), valid to 2104. */
START_TEST(era_rule_covers_2036_to_2104) {
  ck_assert_uint_eq(mikey_ntp_from_unix(2085978496LL, 0), 0);
  ck_assert_int_eq(mikey_ntp_to_unix(0), 2085978496LL);
  ck_assert_int_eq(mikey_ntp_to_unix(0xFFFFFFFFULL << 32), 2085978495LL);
  /* 2100-01-01T00:00:00Z = Unix 4102444800 */
  uint64_t t = mikey_ntp_from_unix(4102444800LL, 0);
  ck_assert_uint_eq(t >> 32, 4102444800ULL + 2208988800ULL - 4294967296ULL);
  ck_assert_int_eq(mikey_ntp_to_unix(t), 4102444800LL);
}
END_TEST

static int fixed_rand(void *ud, uint8_t *out, size_t len) {
  int *calls = ud;
  (*calls)++;
  memset(out, 0xa5, len);
  return 0;
}

static int failing_rand(void *ud, uint8_t *out, size_t len) {
  (void)ud;
  (void)out;
  (void)len;
  return -1;
}

static uint64_t fixed_now(void *ud) {
  (void)ud;
  return 0x1122334455667788ULL;
}

START_TEST(injected_providers_are_used) {
  int calls = 0;
  mikey_env env = {fixed_rand, fixed_now, &calls};
  uint8_t buf[5] = {0};
  ck_assert_int_eq(mikey_env_rand(&env, buf, sizeof(buf)), 0);
  ck_assert_int_eq(calls, 1);
  for (size_t i = 0; i < sizeof(buf); i++) {
    ck_assert_uint_eq(buf[i], 0xa5);
  }
  ck_assert_uint_eq(mikey_env_now(&env), 0x1122334455667788ULL);
  env.rand = failing_rand;
  ck_assert_int_eq(mikey_env_rand(&env, buf, sizeof(buf)), MIKEY_E_RANDOM);
}
END_TEST

START_TEST(default_providers_work) {
  uint8_t a[32] = {0}, b[32] = {0};
  ck_assert_int_eq(mikey_env_rand(NULL, a, sizeof(a)), 0);
  ck_assert_int_eq(mikey_env_rand(NULL, b, sizeof(b)), 0);
  ck_assert_int_eq(memcmp(a, b, sizeof(a)) != 0, 1); /* 2^-256 chance of a false failure */
  int64_t now = mikey_ntp_to_unix(mikey_env_now(NULL));
  ck_assert_int_gt(now, 1700000000LL); /* after 2023-11 */
  ck_assert_int_lt(now, 4102444800LL); /* before 2100 */
}
END_TEST

START_TEST(ct_equal_and_memzero) {
  uint8_t a[17], b[17];
  memset(a, 7, sizeof(a));
  memcpy(b, a, sizeof(b));
  ck_assert_int_eq(mikey_ct_equal(a, b, sizeof(a)), 1);
  ck_assert_int_eq(mikey_ct_equal(a, b, 0), 1);
  for (size_t i = 0; i < sizeof(a); i++) {
    for (int bit = 0; bit < 8; bit++) {
      b[i] ^= (uint8_t)(1u << bit);
      ck_assert_int_eq(mikey_ct_equal(a, b, sizeof(a)), 0);
      b[i] ^= (uint8_t)(1u << bit);
    }
  }
  mikey_memzero(a, sizeof(a));
  for (size_t i = 0; i < sizeof(a); i++) {
    ck_assert_uint_eq(a[i], 0);
  }
  mikey_memzero(NULL, 3); /* no crash */
}
END_TEST

/* mikey_global_init (run by test_run before the suite) asked for the system RNG. */
START_TEST(global_init_prefers_the_system_rng) {
  int type = 0;
  ck_assert_int_eq(gcry_control(GCRYCTL_GET_CURRENT_RNG_TYPE, &type), 0);
  ck_assert_int_eq(type, GCRY_RNG_TYPE_SYSTEM);
}
END_TEST

static Suite *env_suite(void) {
  Suite *s = suite_create("env");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, unix_epoch_is_ntp_83aa7e80);
  tcase_add_test(tc, era_rule_covers_2036_to_2104);
  tcase_add_test(tc, injected_providers_are_used);
  tcase_add_test(tc, default_providers_work);
  tcase_add_test(tc, ct_equal_and_memzero);
  tcase_add_test(tc, global_init_prefers_the_system_rng);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(env_suite()); }
