/*
 * cms_ed_test.c: EnvelopedData with a KEK recipient and AES-CBC (lib/cms/mikey_cms_ed.c).
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/cms.h>

#include "cms_test_enc.h"
#include "mikey_test.h"

static const char *const CONTENT = "Content-Type: text/plain\r\n\r\nAll your base are belong to us.\r\n";

static uint8_t *pattern(size_t n) {
  uint8_t *p = malloc(n + 1);
  ck_assert_ptr_nonnull(p);
  for (size_t i = 0; i < n; i++) {
    p[i] = (uint8_t)(i * 17 + 5);
  }
  return p;
}

static int open_ed(const uint8_t *m, size_t n, const uint8_t *kek, size_t kl, uint8_t **pt,
                   size_t *pl) {
  mikey_cms_kek k = {kek, kl, NULL, 0};
  size_t cap = n;
  uint8_t *o = malloc(cap + 1);
  memset(o, 0x77, cap + 1);
  size_t ol = cap;
  int rv = mikey_cms_ed_open(NULL, m, n, &k, o, &ol);
  if (rv == 0 && pt) {
    *pt = o;
    *pl = ol;
  } else {
    if (rv == MIKEY_E_AUTH || rv == MIKEY_E_UNWRAP) {
      for (size_t i = 0; i <= cap; i++) {
        ck_assert_msg(o[i] == 0x77 || o[i] == 0, "plaintext left at %zu", i);
      }
    }
    free(o);
  }
  return rv;
}

static void expect_ed(const aed_spec *s, int want, const char *what) {
  tbuf m;
  test_encode(s, &m);
  uint8_t *pt;
  size_t pl;
  int rv = open_ed(m.p, m.n, s->kek, s->kek_len, &pt, &pl);
  ck_assert_msg(rv == want, "%s: got %s want %s", what, mikey_err_name(rv), mikey_err_name(want));
  if (rv == 0) {
    ck_assert_bytes(pt, pl, s->content, s->content_len);
    free(pt);
  }
  tb_free(&m);
}

START_TEST(every_size_round_trips_with_exact_lengths) {
  mikey_cms_ctx *ctx;
  ck_assert_int_eq(mikey_cms_ctx_new(&ctx), 0);
  static const size_t sizes[] = {0, 1, 15, 16, 17, 31, 32, 33, 1000, 65536, 70001};
  for (int alg = MIKEY_CMS_AES128_CBC; alg <= MIKEY_CMS_AES256_CBC; alg++) {
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
      size_t n = sizes[i];
      uint8_t *content = pattern(n);
      mikey_cms_kek k = {test_kek32, 32, (const uint8_t *)"kid", 3};
      size_t need, ml;
      ck_assert_int_eq(mikey_cms_ed_size((mikey_cms_alg)alg, &k, n, &need), 0);
      uint8_t *m = malloc(need);
      ml = need - 1;
      ck_assert_int_eq(mikey_cms_ed_build(ctx, NULL, (mikey_cms_alg)alg, &k, content, n, m, &ml), MIKEY_E_BUFFER_TOO_SMALL);
      ck_assert_uint_eq(ml, need);
      ck_assert_int_eq(mikey_cms_ed_build(i % 2 ? ctx : NULL, NULL, (mikey_cms_alg)alg, &k, content, n, m, &ml), 0);
      ck_assert_uint_eq(ml, need);
      uint8_t *pt = malloc(n + 1);
      size_t pl = n ? n - 1 : 0;
      if (n) {
        /* The exact plaintext length is reported before anything is written. */
        ck_assert_int_eq(mikey_cms_ed_open(ctx, m, ml, &k, pt, &pl), MIKEY_E_BUFFER_TOO_SMALL);
        ck_assert_uint_eq(pl, n);
      }
      pl = n;
      ck_assert_int_eq(mikey_cms_ed_open(i % 2 ? NULL : ctx, m, ml, &k, pt, &pl), 0);
      ck_assert_bytes(pt, pl, content, n);
      /* It is not an AuthEnvelopedData, and an AuthEnvelopedData is not one. */
      mikey_cms_aed aed;
      ck_assert_int_eq(mikey_cms_aed_parse(m, ml, &aed), MIKEY_E_CMS_TYPE);
      free(pt);
      free(m);
      free(content);
    }
  }
  uint8_t aedm[200];
  size_t al = sizeof(aedm);
  mikey_cms_kek k = {test_kek16, 16, (const uint8_t *)"kid", 3};
  ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, NULL, &k, (const uint8_t *)"x", 1, aedm, &al), 0);
  uint8_t pt[8];
  size_t pl = sizeof(pt);
  ck_assert_int_eq(mikey_cms_ed_open(NULL, aedm, al, &k, pt, &pl), MIKEY_E_CMS_TYPE);
  /* An empty content opens into no buffer at all. */
  size_t el = sizeof(aedm);
  ck_assert_int_eq(mikey_cms_ed_build(NULL, NULL, MIKEY_CMS_AES128_CBC, &k, NULL, 0, aedm, &el), 0);
  pl = 0;
  ck_assert_int_eq(mikey_cms_ed_open(NULL, aedm, el, &k, NULL, &pl), 0);
  ck_assert_uint_eq(pl, 0);
  al = sizeof(aedm);
  ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, NULL, &k, NULL, 0, aedm, &al), 0);
  pl = 0;
  ck_assert_int_eq(mikey_cms_aed_open(NULL, aedm, al, &k, NULL, &pl, NULL), 0);
  ck_assert_uint_eq(pl, 0);
  mikey_cms_ctx_free(ctx);
}
END_TEST

START_TEST(build_matches_the_independent_encoder) {
  for (size_t n = 0; n < 40; n += 7) {
    uint8_t *content = pattern(n);
    aed_spec s;
    test_spec_ed(&s, content, n);
    tbuf want;
    test_encode(&s, &want);
    uint8_t seed[32];
    memcpy(seed, test_cek16, 16);
    memcpy(seed + 16, test_nonce, 16);
    test_rand r = {seed, 32, 0, 0, 0};
    mikey_env env = {test_rand_cb, NULL, &r};
    mikey_cms_kek k = {test_kek16, 16, (const uint8_t *)"\x01\x02\x03\x04", 4};
    uint8_t out[200];
    size_t ol = sizeof(out);
    ck_assert_int_eq(mikey_cms_ed_build(NULL, &env, MIKEY_CMS_AES128_CBC, &k, content, n, out, &ol), 0);
    ck_assert_bytes(out, ol, want.p, want.n);
    ck_assert_uint_eq(r.calls, 1);
    tb_free(&want);
    free(content);
  }
}
END_TEST

/*
 * Made once with OpenSSL 3.0.22 from the 62 bytes of CONTENT:
 *   openssl cms -encrypt -aes-128-cbc -secretkey 2b7e151628aed2a6abf7158809cf4f3c \
 *     -secretkeyid 4b454b31 -in kat.txt -outform DER -binary -out ed.der
 *   openssl cms -encrypt -aes-256-cbc \
 *     -secretkey 603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4 \
 *     -secretkeyid 4b454b32 -in kat.txt -outform DER -binary -stream -out ed256s.der
 * (the second in BER, with two chunks of 48 and 16 bytes).
 */
static const char *const OPENSSL_ED_128 =
    "3081b806092a864886f70d010703a081aa3081a70201023134a232020104300604044b454b31300b06096086"
    "48016503040105041858f1624a179830b56268bb24e0a0482b61fb758b4dacf749306c06092a864886f70d01"
    "0701301d06096086480165030401020410eac49438954f1b05f648943ba1b5d04d8040858bb9532be0f9a2e2"
    "f34b99fb07b7cf3b31974efbb55d323170997308aac1bade36a427e9f0a50fc92fc203fda43897d28985258a"
    "47f45abfee02809a6998a0";
static const char *const OPENSSL_ED_256_BER =
    "308006092a864886f70d010703a08030800201023144a242020104300604044b454b32300b06096086480165"
    "0304012d0428f8dc3dc6163a1f29f909996b7f8d77441a3cc86404857e086d7bb73ef40b0aeaa952d36b59c6"
    "8e94308006092a864886f70d010701301d060960864801650304012a0410fb4deca677a73ac84713b6e5a1ea"
    "e681a0800430148270884b26c79fbfd11d6dd19b2fd8dd70d721b6c037163a532e671a4ec659e680fa6707dc"
    "4de4881c75c780be01f00410954d8f9ad8f8b559e084b1e4bd9c0d8d00000000000000000000";

START_TEST(openssl_enveloped_data_opens) {
  uint8_t kek[32], pt[100];
  size_t n, pl = sizeof(pt);
  uint8_t *m = test_hex_alloc(OPENSSL_ED_128, &n);
  test_hex("2b7e151628aed2a6abf7158809cf4f3c", kek, sizeof(kek));
  mikey_cms_kek k = {kek, 16, (const uint8_t *)"KEK1", 4};
  ck_assert_int_eq(mikey_cms_ed_open(NULL, m, n, &k, pt, &pl), 0);
  ck_assert_bytes(pt, pl, (const uint8_t *)CONTENT, strlen(CONTENT));
  free(m);
  m = test_hex_alloc(OPENSSL_ED_256_BER, &n);
  test_hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", kek, sizeof(kek));
  mikey_cms_kek k2 = {kek, 32, (const uint8_t *)"KEK2", 4};
  pl = sizeof(pt);
  ck_assert_int_eq(mikey_cms_ed_open(NULL, m, n, &k2, pt, &pl), 0);
  ck_assert_bytes(pt, pl, (const uint8_t *)CONTENT, strlen(CONTENT));
  free(m);
}
END_TEST

START_TEST(ber_chunks_of_any_size_open) {
  uint8_t *content = pattern(300);
  for (size_t chunk = 1; chunk <= 70; chunk++) {
    aed_spec s;
    test_spec_ed(&s, content, 300);
    s.ber = chunk % 2;
    s.chunk = chunk;
    expect_ed(&s, 0, "chunked");
  }
  aed_spec s;
  test_spec_ed(&s, content, 300);
  s.unauth_hex = "30 09 06 03 2a 03 04 31 02 05 00";
  expect_ed(&s, 0, "unprotectedAttrs");
  free(content);
}
END_TEST

START_TEST(enveloped_data_refusals) {
  uint8_t *content = pattern(40);
  aed_spec s;
  for (size_t n = 0; n < 40; n += 13) {
    test_spec_ed(&s, content, n);
    s.bad_pad = 1;
    expect_ed(&s, MIKEY_E_AUTH, "bad padding");
  }
  test_spec_ed(&s, content, 40);
  s.version = 0;
  expect_ed(&s, MIKEY_E_CMS_VERSION, "version 0");
  s.version = 3;
  expect_ed(&s, MIKEY_E_CMS_VERSION, "version 3");
  test_spec_ed(&s, content, 40);
  s.nonce_len = 12;
  expect_ed(&s, MIKEY_E_CMS_PARAMS, "IV of 12");
  test_spec_ed(&s, content, 40);
  s.n_recipients = 2;
  expect_ed(&s, MIKEY_E_CMS_RECIPIENTS, "two recipients");
  test_spec_ed(&s, content, 40);
  s.alg_arc = 22; /* aes192-CBC */
  expect_ed(&s, MIKEY_E_CMS_ALGORITHM, "AES-192-CBC");
  s.alg_arc = 6; /* GCM has no place in EnvelopedData (RFC 5084 is for AuthEnvelopedData) */
  expect_ed(&s, MIKEY_E_CMS_ALGORITHM, "GCM in EnvelopedData");
  test_spec_ed(&s, content, 40);
  s.kek = test_kek32;
  s.kek_len = 32;
  s.wrap_arc = 5;
  expect_ed(&s, MIKEY_E_KEY_LENGTH, "wrap OID and KEK length");
  test_spec_ed(&s, content, 40);
  s.alg_arc = 42;
  s.cek = test_cek32;
  s.cek_len = 32;
  expect_ed(&s, MIKEY_E_KEY_LENGTH, "128-bit wrap of a 256-bit CEK (D6)");
  test_spec_ed(&s, content, 40);
  s.trailing_hex = "00";
  expect_ed(&s, MIKEY_E_TRAILING, "trailing byte");
  test_spec_ed(&s, content, 40);
  tbuf m;
  test_encode(&s, &m);
  uint8_t bad[16];
  memcpy(bad, test_kek16, 16);
  bad[5] ^= 2;
  ck_assert_int_eq(open_ed(m.p, m.n, bad, 16, NULL, NULL), MIKEY_E_UNWRAP);
  ck_assert_int_eq(open_ed(m.p, m.n, test_kek32, 32, NULL, NULL), MIKEY_E_KEY_LENGTH);
  mikey_cms_kek ki = {test_kek16, 16, (const uint8_t *)"\x01\x02\x03\x05", 4};
  uint8_t pt[64];
  size_t pl = sizeof(pt);
  ck_assert_int_eq(mikey_cms_ed_open(NULL, m.p, m.n, &ki, pt, &pl), MIKEY_E_CMS_KEK_ID);
  for (size_t cut = 0; cut < m.n; cut++) {
    ck_assert_int_eq(open_ed(m.p, cut, test_kek16, 16, NULL, NULL), MIKEY_E_DER);
  }
  tb_free(&m);
  /* Ciphertext not whole blocks, or empty. */
  test_spec_ed(&s, content, 40);
  s.ct_trim = 1;
  expect_ed(&s, MIKEY_E_DER, "ciphertext of 47 bytes");
  test_spec_ed(&s, content, 0);
  s.ct_trim = 16;
  expect_ed(&s, MIKEY_E_DER, "empty ciphertext");
  free(content);
}
END_TEST

static Suite *ed_suite(void) {
  Suite *s = suite_create("cms_ed");
  TCase *tc = tcase_create("enveloped data");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, every_size_round_trips_with_exact_lengths);
  tcase_add_test(tc, build_matches_the_independent_encoder);
  tcase_add_test(tc, openssl_enveloped_data_opens);
  tcase_add_test(tc, ber_chunks_of_any_size_open);
  tcase_add_test(tc, enveloped_data_refusals);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(ed_suite()); }
