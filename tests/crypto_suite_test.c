/*
 * crypto_suite_test.c: algorithm sizes and the suite rules of PROFILE.md D3 (two suites, never
 * mixed), D4 (MIKEY-1 refused with keys over 128 bits) and D5 (RAND minimums of RFC 6043 12.1),
 * each over every combination of the wire values, with the exact error code each refusal gives.
 */
#include <stdint.h>

#include <mikey/common.h>

#include "crypto/mikey_suite.h"
#include "mikey_test.h"

START_TEST(sizes_follow_the_rfcs) {
  size_t n;
  static const struct {
    uint8_t alg;
    size_t key, salt;
  } ea[] = {{MIKEY_ENCR_NULL, 0, 0},
            {MIKEY_ENCR_AES_CM_128, 16, 14},
            {MIKEY_ENCR_AES_KW_128, 16, 8},
            {MIKEY_ENCR_AES_CM_256, 32, 14}};
  for (size_t i = 0; i < 4; i++) {
    ck_assert_int_eq(mikey_suite_encr_key_len(ea[i].alg, &n), 0);
    ck_assert_uint_eq(n, ea[i].key);
    ck_assert_int_eq(mikey_suite_salt_len(ea[i].alg, &n), 0);
    ck_assert_uint_eq(n, ea[i].salt);
  }
  ck_assert_int_eq(mikey_suite_encr_key_len(4, &n), MIKEY_E_SUITE_EA);
  ck_assert_int_eq(mikey_suite_salt_len(255, &n), MIKEY_E_SUITE_EA);
  static const struct {
    uint8_t alg;
    size_t key, tag;
  } mac[] = {{MIKEY_MAC_NULL, 0, 0},
             {MIKEY_MAC_HMAC_SHA_1_160, 20, 20},
             {MIKEY_MAC_HMAC_SHA_256_256, 32, 32}};
  for (size_t i = 0; i < 3; i++) {
    ck_assert_int_eq(mikey_suite_auth_key_len(mac[i].alg, &n), 0);
    ck_assert_uint_eq(n, mac[i].key);
    ck_assert_int_eq(mikey_suite_tag_len(mac[i].alg, &n), 0);
    ck_assert_uint_eq(n, mac[i].tag);
  }
  ck_assert_int_eq(mikey_suite_auth_key_len(3, &n), MIKEY_E_SUITE_MAC);
  ck_assert_int_eq(mikey_suite_tag_len(3, &n), MIKEY_E_SUITE_MAC);
}
END_TEST

/* D3: the expected answer of check_ea / check_mac for every (PRF, alg) pair, with and without
 * the NULL allowance. */
START_TEST(d3_every_combination) {
  for (unsigned prf = 0; prf < 4; prf++) {
    for (unsigned ea = 0; ea < 6; ea++) {
      for (unsigned fl = 0; fl < 2; fl++) {
        int want;
        if (prf > 1) {
          want = MIKEY_E_SUITE_PRF;
        } else if (ea == MIKEY_ENCR_NULL) {
          want = fl ? 0 : MIKEY_E_SUITE_EA;
        } else if (prf == MIKEY_PRF_MIKEY_1) {
          want = (ea == MIKEY_ENCR_AES_CM_128 || ea == MIKEY_ENCR_AES_KW_128) ? 0 : MIKEY_E_SUITE_EA;
        } else {
          want = ea == MIKEY_ENCR_AES_CM_256 ? 0 : MIKEY_E_SUITE_EA;
        }
        ck_assert_int_eq(mikey_suite_check_ea((uint8_t)prf, (uint8_t)ea, fl), want);
      }
    }
    for (unsigned mac = 0; mac < 5; mac++) {
      for (unsigned fl = 0; fl < 2; fl++) {
        int want;
        if (prf > 1) {
          want = MIKEY_E_SUITE_PRF;
        } else if (mac == MIKEY_MAC_NULL) {
          want = fl ? 0 : MIKEY_E_SUITE_MAC;
        } else if (prf == MIKEY_PRF_MIKEY_1) {
          want = mac == MIKEY_MAC_HMAC_SHA_1_160 ? 0 : MIKEY_E_SUITE_MAC;
        } else {
          want = mac == MIKEY_MAC_HMAC_SHA_256_256 ? 0 : MIKEY_E_SUITE_MAC;
        }
        ck_assert_int_eq(mikey_suite_check_mac((uint8_t)prf, (uint8_t)mac, fl), want);
      }
    }
  }
}
END_TEST

/* D4 and RFC 6043 12.1 key sizes, for the HDR PRF and the Ticket Policy PRF. */
START_TEST(d4_key_lengths) {
  ck_assert_int_eq(mikey_suite_check_prf(MIKEY_PRF_MIKEY_1, 16), 0);
  ck_assert_int_eq(mikey_suite_check_prf(MIKEY_PRF_MIKEY_1, 17), MIKEY_E_SUITE_PRF);
  ck_assert_int_eq(mikey_suite_check_prf(MIKEY_PRF_MIKEY_1, 32), MIKEY_E_SUITE_PRF);
  ck_assert_int_eq(mikey_suite_check_prf(MIKEY_PRF_MIKEY_1, 15), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_suite_check_prf(MIKEY_PRF_HMAC_SHA_256, 16), 0);
  ck_assert_int_eq(mikey_suite_check_prf(MIKEY_PRF_HMAC_SHA_256, 32), 0);
  ck_assert_int_eq(mikey_suite_check_prf(MIKEY_PRF_HMAC_SHA_256, 64), 0);
  ck_assert_int_eq(mikey_suite_check_prf(MIKEY_PRF_HMAC_SHA_256, 0), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_suite_check_prf(2, 16), MIKEY_E_SUITE_PRF);
  ck_assert_int_eq(mikey_suite_check_prf(127, 32), MIKEY_E_SUITE_PRF);

  ck_assert_int_eq(mikey_suite_check_tp(MIKEY_PRF_HMAC_SHA_256, MIKEY_PRF_HMAC_SHA_256, 32), 0);
  ck_assert_int_eq(mikey_suite_check_tp(MIKEY_PRF_MIKEY_1, MIKEY_PRF_MIKEY_1, 16), 0);
  ck_assert_int_eq(mikey_suite_check_tp(MIKEY_PRF_MIKEY_1, MIKEY_PRF_MIKEY_1, 32), MIKEY_E_SUITE);
  ck_assert_int_eq(mikey_suite_check_tp(MIKEY_PRF_MIKEY_1, MIKEY_PRF_HMAC_SHA_256, 16),
                   MIKEY_E_SUITE);
  ck_assert_int_eq(mikey_suite_check_tp(MIKEY_PRF_HMAC_SHA_256, MIKEY_PRF_MIKEY_1, 16),
                   MIKEY_E_SUITE);
  ck_assert_int_eq(mikey_suite_check_tp(5, 5, 16), MIKEY_E_SUITE);
  ck_assert_int_eq(mikey_suite_check_tp(MIKEY_PRF_HMAC_SHA_256, MIKEY_PRF_HMAC_SHA_256, 8),
                   MIKEY_E_KEY_LENGTH);
  /* the codes map to the MIKEY Error numbers of D12 */
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_SUITE_PRF), MIKEY_ERRNO_INVALID_PRF);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_SUITE_EA), MIKEY_ERRNO_INVALID_EA);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_SUITE_MAC), MIKEY_ERRNO_INVALID_MAC);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_SUITE), MIKEY_ERRNO_INVALID_TPPAR);
}
END_TEST

/* D5 / RFC 6043 12.1 RAND lengths. */
START_TEST(d5_rand_lengths) {
  ck_assert_int_eq(mikey_suite_check_rand_pair(16, 0, 16), 0);
  ck_assert_int_eq(mikey_suite_check_rand_pair(15, 0, 16), MIKEY_E_RAND_SHORT);
  ck_assert_int_eq(mikey_suite_check_rand_pair(0, 16, 16), 0);
  ck_assert_int_eq(mikey_suite_check_rand_pair(16, 16, 32), 0);
  ck_assert_int_eq(mikey_suite_check_rand_pair(16, 15, 32), MIKEY_E_RAND_SHORT);
  ck_assert_int_eq(mikey_suite_check_rand_pair(16, 0, 32), MIKEY_E_RAND_SHORT);
  ck_assert_int_eq(mikey_suite_check_rand_pair(0, 0, 16), MIKEY_E_RAND_SHORT);
  ck_assert_int_eq(mikey_suite_check_rand_pair(SIZE_MAX, SIZE_MAX, 32), 0); /* no overflow */
  ck_assert_int_eq(mikey_suite_check_rand_pair(1, SIZE_MAX, SIZE_MAX), 0);
  ck_assert_int_eq(mikey_suite_check_rand_pair(1, SIZE_MAX - 2, SIZE_MAX), MIKEY_E_RAND_SHORT);
  ck_assert_int_eq(mikey_suite_check_rand(32, 32), 0);
  ck_assert_int_eq(mikey_suite_check_rand(31, 32), MIKEY_E_RAND_SHORT);
  ck_assert_int_eq(mikey_suite_check_rand(16, 16), 0);
  ck_assert_uint_eq(mikey_suite_rand_len(16), 16);
  ck_assert_uint_eq(mikey_suite_rand_len(0), 16);
  ck_assert_uint_eq(mikey_suite_rand_len(17), 32);
  ck_assert_uint_eq(mikey_suite_rand_len(32), 32);
  ck_assert_uint_eq(mikey_suite_rand_len(48), 48);
  ck_assert_uint_eq(mikey_suite_rand_len(1000), 255);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_RAND_SHORT), MIKEY_ERRNO_UNSPECIFIED);
}
END_TEST

int main(void) {
  Suite *s = suite_create("crypto_suite");
  TCase *tc = tcase_create("suite");
  tcase_add_test(tc, sizes_follow_the_rfcs);
  tcase_add_test(tc, d3_every_combination);
  tcase_add_test(tc, d4_key_lengths);
  tcase_add_test(tc, d5_rand_lengths);
  suite_add_tcase(s, tc);
  return test_run(s);
}
