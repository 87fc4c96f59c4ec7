/*
 * crypto_kdf_test.c: every key derivation label (RFC 3830 4.1.3 / 4.1.4; RFC 6043 5.1.1,
 * 5.1.2, 5.1.3, 6.10, A.2.1, A.2.2; the PSK/MIME KEK of PROFILE.md 4), with both PRFs, against
 * values computed independently by tests/vectors/crypto/gen_vectors.py, which writes each label
 * from the RFC text and runs the PRF with Python hmac/hashlib.
 */
#include <string.h>

#include <mikey/common.h>

#include "crypto/mikey_kdf.h"
#include "mikey_test.h"
#include "vectors/crypto/crypto_vectors.h"

#define NKDF (sizeof(kdf_vectors) / sizeof(kdf_vectors[0]))
#define NKS (sizeof(keyset_vectors) / sizeof(keyset_vectors[0]))

/* opt_hex decodes |hex| into |buf| or returns NULL (with *len 0) for an absent value. */
static const uint8_t *opt_hex(const char *hex, uint8_t *buf, size_t cap, size_t *len) {
  *len = 0;
  if (!hex) {
    return NULL;
  }
  *len = test_hex(hex, buf, cap);
  return buf;
}

START_TEST(derivation_matches_independent_vector) {
  const struct kdf_vec *v = &kdf_vectors[_i];
  uint8_t inkey[64], ra[64], rb[64], id[320], want[64], got[64];
  size_t il, ral, rbl, idl, wl;
  opt_hex(v->inkey, inkey, sizeof(inkey), &il);
  const uint8_t *pa = opt_hex(v->rand_a, ra, sizeof(ra), &ral);
  const uint8_t *pb = opt_hex(v->rand_b, rb, sizeof(rb), &rbl);
  const uint8_t *pid = opt_hex(v->id, id, sizeof(id), &idl);
  opt_hex(v->out, want, sizeof(want), &wl);
  ck_assert_uint_eq(wl, v->out_len);

  mikey_prf p;
  mikey_prf_init(&p);
  ck_assert_int_eq(mikey_prf_setkey(&p, v->prf, inkey, il), 0);
  memset(got, 0, sizeof(got));
  int rv = MIKEY_E_INTERNAL;
  switch (v->kind) {
    case KDF_3830_TGK:
      rv = mikey_kdf_3830_tgk(&p, v->constant, v->cs_id, v->csb_id, pa, ral, got, wl);
      break;
    case KDF_3830_PSK:
      rv = mikey_kdf_3830_psk(&p, v->constant, v->csb_id, pa, ral, got, wl);
      break;
    case KDF_FORK:
      rv = mikey_kdf_fork(&p, v->constant, pid, idl, pa, ral, got, wl);
      break;
    case KDF_MSG:
      rv = mikey_kdf_msg(&p, v->constant, v->csb_id, v->dir, pa, ral, pb, rbl, got, wl);
      break;
    case KDF_TGK:
      rv = mikey_kdf_tgk(&p, v->constant, v->cs_id, pa, ral, pb, rbl, got, wl);
      break;
    case KDF_KEK:
      rv = mikey_kdf_kek(&p, v->cs_id, pa, ral, got, wl);
      break;
    case KDF_TPK:
      rv = mikey_kdf_tpk(&p, v->constant, pa, ral, got, wl);
      break;
    case KDF_MPK:
      rv = mikey_kdf_mpk(&p, v->constant, pa, ral, got, wl);
      break;
    case KDF_VR:
      rv = mikey_kdf_vr(&p, v->constant, got, wl);
      break;
  }
  if (rv != 0) {
    ck_abort_msg("%s (prf %u): returned %d", v->name, v->prf, rv);
  }
  if (memcmp(got, want, wl) != 0) {
    test_dump(v->name, got, wl);
  }
  ck_assert_bytes(got, wl, want, wl);
  mikey_prf_clear(&p);
}
END_TEST

START_TEST(keyset_matches_independent_vector) {
  const struct keyset_vec *v = &keyset_vectors[_i];
  uint8_t inkey[64], ra[64], rb[64], e[32], s[14], a[32];
  size_t il, ral, rbl, el, sl, al;
  opt_hex(v->inkey, inkey, sizeof(inkey), &il);
  const uint8_t *pa = opt_hex(v->rand_a, ra, sizeof(ra), &ral);
  const uint8_t *pb = opt_hex(v->rand_b, rb, sizeof(rb), &rbl);
  opt_hex(v->encr, e, sizeof(e), &el);
  opt_hex(v->salt, s, sizeof(s), &sl);
  opt_hex(v->auth, a, sizeof(a), &al);

  mikey_prf p;
  mikey_prf_init(&p);
  ck_assert_int_eq(mikey_prf_setkey(&p, v->prf, inkey, il), 0);
  mikey_keyset ks;
  if (v->ticket) {
    ck_assert_int_eq(mikey_kdf_tpk_keys(&p, pa, ral, v->encr_alg, v->mac_alg, &ks), 0);
  } else {
    ck_assert_int_eq(mikey_kdf_msg_keys(&p, v->csb_id, v->dir, pa, ral, pb, rbl, v->encr_alg,
                                        v->mac_alg, &ks),
                     0);
  }
  ck_assert_uint_eq(ks.encr_alg, v->encr_alg);
  ck_assert_uint_eq(ks.mac_alg, v->mac_alg);
  ck_assert_bytes(ks.encr, ks.encr_len, e, el);
  ck_assert_bytes(ks.salt, ks.salt_len, s, sl);
  ck_assert_bytes(ks.auth, ks.auth_len, a, al);
  mikey_keyset_clear(&ks);
  ck_assert_uint_eq(ks.encr_len + ks.salt_len + ks.auth_len, 0);
  for (size_t i = 0; i < sizeof(ks.encr); i++) {
    ck_assert_uint_eq(ks.encr[i] | ks.auth[i], 0);
  }
  mikey_prf_clear(&p);
}
END_TEST

/* Every refusal the sections imply, each on a keyed context. */
START_TEST(labels_refuse_what_the_sections_forbid) {
  uint8_t key[32], r[256], id[8] = "alice@x", out[64];
  memset(key, 1, sizeof(key));
  memset(r, 2, sizeof(r));
  mikey_prf p;
  mikey_prf_init(&p);
  /* not keyed yet */
  ck_assert_int_eq(mikey_kdf_tpk(&p, MIKEY_KDF_ENCR, r, 16, out, 16), MIKEY_E_STATE);
  ck_assert_int_eq(mikey_prf_setkey(&p, MIKEY_PRF_HMAC_SHA_256, key, 16), 0);

  /* constants from the wrong table */
  ck_assert_int_eq(mikey_kdf_msg(&p, MIKEY_KDF_TEK, 1, 1, r, 16, NULL, 0, out, 16),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_tgk(&p, MIKEY_KDF_ENCR, 1, r, 16, NULL, 0, out, 16),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_3830_tgk(&p, MIKEY_KDF_AUTH, 1, 1, r, 16, out, 16), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_3830_psk(&p, MIKEY_KDF_TEK, 1, r, 16, out, 16), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_fork(&p, MIKEY_KDF_MPKI, id, 7, r, 16, out, 16), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_mpk(&p, MIKEY_KDF_FORK_MPKR, r, 16, out, 16), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_tpk(&p, MIKEY_KDF_MPKR, r, 16, out, 16), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_vr(&p, MIKEY_KDF_TEK, out, 16), MIKEY_E_INVAL);

  /* 5.1.2: a direction other than 0x01 / 0x02; no RAND at all; RAND over 255 bytes */
  ck_assert_int_eq(mikey_kdf_msg(&p, MIKEY_KDF_AUTH, 1, 3, r, 16, NULL, 0, out, 16),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_msg(&p, MIKEY_KDF_AUTH, 1, 0, r, 16, NULL, 0, out, 16),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_msg(&p, MIKEY_KDF_AUTH, 1, 1, NULL, 0, NULL, 0, out, 16),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_msg(&p, MIKEY_KDF_AUTH, 1, 1, r, 256, NULL, 0, out, 16),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_msg(&p, MIKEY_KDF_AUTH, 1, 1, NULL, 16, NULL, 0, out, 16),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_msg(&p, MIKEY_KDF_AUTH, 1, 1, r, 255, r, 255, out, 16), 0);
  /* 5.1.3: at least one RAND */
  ck_assert_int_eq(mikey_kdf_tgk(&p, MIKEY_KDF_TEK, 1, NULL, 0, NULL, 0, out, 16),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_tgk(&p, MIKEY_KDF_TEK, 1, NULL, 0, r, 256, out, 16),
                   MIKEY_E_INVAL);
  /* PROFILE 4: KEK of 16 or 32 bytes, RANDRi required */
  ck_assert_int_eq(mikey_kdf_kek(&p, 1, r, 16, out, 24), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_kdf_kek(&p, 1, NULL, 0, out, 16), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_kek(&p, 1, r, 16, out, 32), 0);
  /* 5.1.1 and A.2.2: outkey_len SHALL equal inkey_len (16 here) */
  ck_assert_int_eq(mikey_kdf_fork(&p, MIKEY_KDF_FORK_TGK, id, 7, r, 16, out, 32),
                   MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_kdf_mpk(&p, MIKEY_KDF_MPKI, r, 16, out, 15), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_kdf_fork(&p, MIKEY_KDF_FORK_TGK, id, 7, r, 16, out, 16), 0);
  /* 5.1.1: RANDRkms over 255, ID NULL with a length */
  ck_assert_int_eq(mikey_kdf_fork(&p, MIKEY_KDF_FORK_TGK, id, 7, r, 256, out, 16),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_fork(&p, MIKEY_KDF_FORK_TGK, NULL, 7, r, 16, out, 16),
                   MIKEY_E_INVAL);
  /* A.2.x: RAND 1..255 */
  ck_assert_int_eq(mikey_kdf_tpk(&p, MIKEY_KDF_SALT, r, 0, out, 14), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_mpk(&p, MIKEY_KDF_MPKR, r, 256, out, 16), MIKEY_E_INVAL);
  /* NULL output */
  ck_assert_int_eq(mikey_kdf_vr(&p, MIKEY_KDF_AUTH, NULL, 32), MIKEY_E_INVAL);

  /* key sets: unknown algorithms, bad inputs; the set is wiped on every error */
  mikey_keyset ks;
  memset(&ks, 0x55, sizeof(ks));
  ck_assert_int_eq(mikey_kdf_msg_keys(&p, 1, 1, r, 16, NULL, 0, 9, MIKEY_MAC_HMAC_SHA_256_256,
                                      &ks),
                   MIKEY_E_SUITE_EA);
  ck_assert_uint_eq(ks.encr[0] | ks.auth[0] | ks.salt[0], 0);
  memset(&ks, 0x55, sizeof(ks));
  ck_assert_int_eq(mikey_kdf_msg_keys(&p, 1, 1, r, 16, NULL, 0, MIKEY_ENCR_AES_CM_256, 3, &ks),
                   MIKEY_E_SUITE_MAC);
  ck_assert_uint_eq(ks.encr[0] | ks.auth[0] | ks.salt[0], 0);
  memset(&ks, 0x55, sizeof(ks));
  ck_assert_int_eq(mikey_kdf_msg_keys(&p, 1, 5, r, 16, NULL, 0, MIKEY_ENCR_AES_CM_256,
                                      MIKEY_MAC_HMAC_SHA_256_256, &ks),
                   MIKEY_E_INVAL);
  ck_assert_uint_eq(ks.encr[0] | ks.auth[0] | ks.salt[0], 0);
  ck_assert_int_eq(mikey_kdf_tpk_keys(&p, r, 0, MIKEY_ENCR_AES_CM_256,
                                      MIKEY_MAC_HMAC_SHA_256_256, &ks),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_kdf_tpk_keys(&p, r, 16, MIKEY_ENCR_AES_CM_256,
                                      MIKEY_MAC_HMAC_SHA_256_256, NULL),
                   MIKEY_E_INVAL);
  mikey_prf_clear(&p);
  ck_assert_int_eq(mikey_kdf_tpk_keys(&p, r, 16, MIKEY_ENCR_AES_CM_256,
                                      MIKEY_MAC_HMAC_SHA_256_256, &ks),
                   MIKEY_E_STATE);
}
END_TEST

int main(void) {
  Suite *s = suite_create("crypto_kdf");
  TCase *tc = tcase_create("kdf");
  tcase_add_loop_test(tc, derivation_matches_independent_vector, 0, (int)NKDF);
  tcase_add_loop_test(tc, keyset_matches_independent_vector, 0, (int)NKS);
  tcase_add_test(tc, labels_refuse_what_the_sections_forbid);
  suite_add_tcase(s, tc);
  return test_run(s);
}
