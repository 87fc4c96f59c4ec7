/*
 * crypto_prf_test.c: MIKEY-1 (RFC 3830 4.1.2) and PRF-HMAC-SHA-256 (RFC 6043 6.1) against
 * values computed independently by tests/vectors/crypto/gen_vectors.py (Python hmac/hashlib
 * from the RFC text): inkeys of one to four 256-bit pieces (the last one short), outkeys
 * shorter than, equal to, not a multiple of, and several times the hash size.
 */
#include <string.h>

#include <mikey/common.h>

#include "crypto/mikey_prf.h"
#include "mikey_test.h"
#include "vectors/crypto/crypto_vectors.h"

#define NVEC (sizeof(prf_vectors) / sizeof(prf_vectors[0]))

/* Each vector through a fresh context, through the one-shot, and with the label split into
 * three ranges (the PRF must see only their concatenation). */
START_TEST(prf_matches_independent_vectors) {
  const struct prf_vec *v = &prf_vectors[_i];
  uint8_t inkey[128], label[300], want[128], got[128];
  size_t il = test_hex(v->inkey, inkey, sizeof(inkey));
  size_t ll = test_hex(v->label, label, sizeof(label));
  size_t wl = test_hex(v->out, want, sizeof(want));
  ck_assert_uint_eq(wl, v->out_len);

  mikey_prf p;
  mikey_prf_init(&p);
  ck_assert_int_eq(mikey_prf_setkey(&p, v->prf, inkey, il), 0);
  ck_assert_uint_eq(mikey_prf_inkey_len(&p), il);
  mikey_iov one = {label, ll};
  memset(got, 0xEE, sizeof(got));
  ck_assert_int_eq(mikey_prf_derive(&p, &one, 1, got, wl), 0);
  ck_assert_bytes(got, wl, want, wl);
  ck_assert_uint_eq(got[wl], 0xEE); /* nothing written past out_len */

  mikey_iov three[] = {{label, 3}, {NULL, 0}, {label + 3, ll - 3}};
  memset(got, 0, sizeof(got));
  ck_assert_int_eq(mikey_prf_derive(&p, three, 3, got, wl), 0);
  ck_assert_bytes(got, wl, want, wl);
  mikey_prf_clear(&p);

  memset(got, 0, sizeof(got));
  ck_assert_int_eq(mikey_prf_oneshot(v->prf, inkey, il, &one, 1, got, wl), 0);
  ck_assert_bytes(got, wl, want, wl);
}
END_TEST

/* One context re-keyed through every vector in turn (inkeys of 1..4 pieces, both PRFs) gives
 * the same values as fresh contexts: pieces left keyed from a longer inkey do not leak in. */
START_TEST(one_context_rekeyed_across_vectors) {
  mikey_prf p;
  mikey_prf_init(&p);
  for (size_t k = 0; k < 2; k++) {
    for (size_t i = 0; i < NVEC; i++) {
      const struct prf_vec *v = &prf_vectors[k ? NVEC - 1 - i : i];
      uint8_t inkey[128], label[300], want[128], got[128];
      size_t il = test_hex(v->inkey, inkey, sizeof(inkey));
      size_t ll = test_hex(v->label, label, sizeof(label));
      size_t wl = test_hex(v->out, want, sizeof(want));
      ck_assert_int_eq(mikey_prf_setkey(&p, v->prf, inkey, il), 0);
      mikey_iov one = {label, ll};
      ck_assert_int_eq(mikey_prf_derive(&p, &one, 1, got, wl), 0);
      ck_assert_bytes(got, wl, want, wl);
    }
  }
  mikey_prf_clear(&p);
}
END_TEST

/* A shorter outkey is the prefix of a longer one (outkey = leading bits of the PRF output). */
START_TEST(shorter_outkey_is_a_prefix) {
  uint8_t key[32], label[10] = {0}, a[77], b[77];
  memset(key, 0x5A, sizeof(key));
  mikey_iov l = {label, sizeof(label)};
  for (uint8_t prf = 0; prf <= 1; prf++) {
    ck_assert_int_eq(mikey_prf_oneshot(prf, key, 32, &l, 1, a, sizeof(a)), 0);
    for (size_t n = 1; n < sizeof(b); n += 3) {
      ck_assert_int_eq(mikey_prf_oneshot(prf, key, 32, &l, 1, b, n), 0);
      ck_assert_bytes(b, n, a, n);
    }
  }
}
END_TEST

START_TEST(bounds_and_misuse_are_refused) {
  uint8_t key[MIKEY_PRF_MAX_INKEY + 1], out[64];
  uint8_t label[4] = {1, 2, 3, 4};
  mikey_iov l = {label, sizeof(label)};
  memset(key, 7, sizeof(key));
  mikey_prf p;
  mikey_prf_init(&p);
  ck_assert_int_eq(mikey_prf_derive(&p, &l, 1, out, 16), MIKEY_E_STATE);
  ck_assert_int_eq(mikey_prf_setkey(&p, 2, key, 16), MIKEY_E_SUITE_PRF);
  ck_assert_int_eq(mikey_prf_setkey(&p, 0x7F, key, 16), MIKEY_E_SUITE_PRF);
  ck_assert_int_eq(mikey_prf_setkey(&p, 1, key, 0), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_prf_setkey(&p, 1, key, sizeof(key)), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_prf_setkey(&p, 1, NULL, 16), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_prf_setkey(&p, 1, key, MIKEY_PRF_MAX_INKEY), 0);
  ck_assert_int_eq(mikey_prf_derive(&p, &l, 1, out, 0), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_prf_derive(&p, &l, 1, NULL, 16), MIKEY_E_INVAL);
  mikey_iov bad = {NULL, 3};
  ck_assert_int_eq(mikey_prf_derive(&p, &bad, 1, out, 16), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_prf_derive(&p, NULL, 1, out, 16), MIKEY_E_INVAL);
  /* an empty label is a label too */
  ck_assert_int_eq(mikey_prf_derive(&p, NULL, 0, out, 16), 0);
  /* a failed setkey leaves the context unkeyed, never half keyed */
  ck_assert_int_eq(mikey_prf_setkey(&p, 1, key, 0), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_prf_derive(&p, &l, 1, out, 16), MIKEY_E_STATE);
  ck_assert_uint_eq(mikey_prf_inkey_len(&p), 0);
  mikey_prf_clear(&p);
}
END_TEST

int main(void) {
  Suite *s = suite_create("crypto_prf");
  TCase *tc = tcase_create("prf");
  tcase_add_loop_test(tc, prf_matches_independent_vectors, 0, (int)NVEC);
  tcase_add_test(tc, one_context_rekeyed_across_vectors);
  tcase_add_test(tc, shorter_outkey_is_a_prefix);
  tcase_add_test(tc, bounds_and_misuse_are_refused);
  suite_add_tcase(s, tc);
  return test_run(s);
}
