/*
 * kw_test.c: AES key wrap against every vector of RFC 3394 section 4, and refusals.
 */
#include <string.h>

#include <mikey/common.h>

#include "crypto/mikey_kw.h"
#include "mikey_test.h"

/* RFC 3394 section 4.1 to 4.6: KEK, key data, ciphertext, copied from the RFC text. */
static const struct {
  const char *kek, *key, *ct;
} rfc3394[] = {
    {"000102030405060708090A0B0C0D0E0F", "00112233445566778899AABBCCDDEEFF",
     "1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5"},
    {"000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF",
     "96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D"},
    {"000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
     "00112233445566778899AABBCCDDEEFF", "64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7"},
    {"000102030405060708090A0B0C0D0E0F1011121314151617",
     "00112233445566778899AABBCCDDEEFF0001020304050607",
     "031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2"},
    {"000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
     "00112233445566778899AABBCCDDEEFF0001020304050607",
     "A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1"},
    {"000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
     "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
     "28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21"},
};

START_TEST(rfc3394_vectors_wrap_and_unwrap) {
  uint8_t kek[32], key[32], ct[40], out[40];
  size_t kl = test_hex(rfc3394[_i].kek, kek, sizeof(kek));
  size_t n = test_hex(rfc3394[_i].key, key, sizeof(key));
  size_t cl = test_hex(rfc3394[_i].ct, ct, sizeof(ct));
  ck_assert_uint_eq(cl, n + MIKEY_KW_OVERHEAD);
  ck_assert_int_eq(mikey_kw_wrap(kek, kl, key, n, out), 0);
  ck_assert_bytes(out, cl, ct, cl);
  memset(out, 0, sizeof(out));
  ck_assert_int_eq(mikey_kw_unwrap(kek, kl, ct, cl, out), 0);
  ck_assert_bytes(out, n, key, n);
}
END_TEST

/* Any flipped bit of the wrapped key, or a wrong KEK, fails the integrity check, and the
 * output holds no part of the key. */
START_TEST(unwrap_refuses_any_bit_flip_and_wipes) {
  uint8_t kek[16], key[16], ct[24], out[16];
  test_hex(rfc3394[0].kek, kek, sizeof(kek));
  test_hex(rfc3394[0].key, key, sizeof(key));
  test_hex(rfc3394[0].ct, ct, sizeof(ct));
  for (size_t bit = 0; bit < 8 * sizeof(ct); bit++) {
    ct[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    memset(out, 0x77, sizeof(out));
    ck_assert_int_eq(mikey_kw_unwrap(kek, 16, ct, sizeof(ct), out), MIKEY_E_UNWRAP);
    for (size_t i = 0; i < sizeof(out); i++) {
      ck_assert_uint_eq(out[i], 0);
    }
    ct[bit / 8] ^= (uint8_t)(1u << (bit % 8));
  }
  kek[0] ^= 1;
  ck_assert_int_eq(mikey_kw_unwrap(kek, 16, ct, sizeof(ct), out), MIKEY_E_UNWRAP);
}
END_TEST

START_TEST(bad_lengths_are_refused) {
  uint8_t kek[32] = {0}, buf[48] = {0}, out[48];
  ck_assert_int_eq(mikey_kw_wrap(kek, 15, buf, 16, out), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_kw_wrap(kek, 20, buf, 16, out), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_kw_wrap(kek, 16, buf, 8, out), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kw_wrap(kek, 16, buf, 17, out), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kw_wrap(kek, 16, buf, 0, out), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kw_unwrap(kek, 16, buf, 16, out), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kw_unwrap(kek, 16, buf, 25, out), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kw_unwrap(kek, 33, buf, 24, out), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_kw_wrap(NULL, 16, buf, 16, out), MIKEY_E_INVAL);
}
END_TEST

static Suite *kw_suite(void) {
  Suite *s = suite_create("kw");
  TCase *tc = tcase_create("rfc3394");
  tcase_add_loop_test(tc, rfc3394_vectors_wrap_and_unwrap, 0,
                      (int)(sizeof(rfc3394) / sizeof(rfc3394[0])));
  tcase_add_test(tc, unwrap_refuses_any_bit_flip_and_wipes);
  tcase_add_test(tc, bad_lengths_are_refused);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(kw_suite()); }
