/*
 * cms_aed_test.c: one-shot AuthEnvelopedData build and open (lib/cms/mikey_cms_aed_*.c):
 * round trips, byte-exact agreement with an independent test encoder, a message made by
 * OpenSSL, and every refusal with its exact code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/cms.h>

#include "cms_test_enc.h"
#include "mikey_test.h"

static const char *const CONTENT = "Content-Type: text/plain\r\n\r\nAll your base are belong to us.\r\n";

/* A signingTime attribute (RFC 5652 11.3), 30 bytes, used as authAttrs. */
static const char *const ATTR_TIME =
    "30 1c 06 09 2a 86 48 86 f7 0d 01 09 05 31 0f 17 0d 32 34 30 31 30 31 30 30 30 30 30 30 5a";

/* pattern fills |n| bytes with a position-dependent pattern. */
static uint8_t *pattern(size_t n) {
  uint8_t *p = malloc(n + 1);
  ck_assert_ptr_nonnull(p);
  for (size_t i = 0; i < n; i++) {
    p[i] = (uint8_t)(i * 31 + (i >> 8) + 7);
  }
  return p;
}

/* open_buf opens |in| with |kek|/|kek_len| (any identifier) into a fresh buffer; returns the
 * code and, on success, the plaintext in *out (caller frees). On failure it checks that the
 * output buffer was wiped (it was filled with 0x77 first). */
static int open_buf(const uint8_t *in, size_t n, const uint8_t *kek, size_t kek_len,
                    uint8_t **out, size_t *out_len) {
  size_t cap = n + 1;
  uint8_t *o = malloc(cap);
  ck_assert_ptr_nonnull(o);
  memset(o, 0x77, cap);
  mikey_cms_kek k = {kek, kek_len, NULL, 0};
  size_t ol = cap;
  int rv = mikey_cms_aed_open(NULL, in, n, &k, o, &ol, NULL);
  if (rv == MIKEY_E_AUTH || rv == MIKEY_E_UNWRAP) {
    /* Wiped or never written: no byte of plaintext is visible. */
    for (size_t i = 0; i < cap; i++) {
      ck_assert_msg(o[i] == 0 || o[i] == 0x77, "plaintext byte left at %zu", i);
    }
  }
  if (rv == 0 && out) {
    *out = o;
    *out_len = ol;
  } else {
    free(o);
  }
  return rv;
}

/* expect_open opens |s|'s encoding and requires |want| (and the right plaintext on 0). */
static void expect_open(const aed_spec *s, int want, const char *what) {
  tbuf m;
  test_encode(s, &m);
  uint8_t *pt = NULL;
  size_t pl = 0;
  int rv = open_buf(m.p, m.n, s->kek, s->kek_len, &pt, &pl);
  if (rv != want) {
    test_dump("message", m.p, m.n);
  }
  ck_assert_msg(rv == want, "%s: got %d (%s), want %d (%s)", what, rv, mikey_err_name(rv), want,
                mikey_err_name(want));
  if (rv == 0) {
    ck_assert_bytes(pt, pl, s->content, s->content_len);
    free(pt);
  }
  tb_free(&m);
}

/* build_fixed builds with randomness |cek| || |nonce| and returns the message. */
static uint8_t *build_fixed(const mikey_cms_aed_opts *o, const uint8_t *kek, size_t kek_len,
                            const uint8_t *cek, size_t cek_len, const uint8_t *nonce,
                            size_t nonce_len, const uint8_t *content, size_t content_len,
                            size_t *len, test_rand *r) {
  uint8_t seed[96];
  memcpy(seed, cek, cek_len);
  memcpy(seed + cek_len, nonce, nonce_len);
  static uint8_t seed_copy[96];
  memcpy(seed_copy, seed, sizeof(seed));
  memset(r, 0, sizeof(*r));
  r->seed = seed_copy;
  r->seed_len = cek_len + nonce_len;
  mikey_env env = {test_rand_cb, NULL, r};
  mikey_cms_kek k = {kek, kek_len, (const uint8_t *)"\x01\x02\x03\x04", 4};
  size_t need;
  ck_assert_int_eq(mikey_cms_aed_size(o, &k, content_len, &need), 0);
  uint8_t *out = malloc(need);
  ck_assert_ptr_nonnull(out);
  size_t ol = need;
  ck_assert_int_eq(mikey_cms_aed_build(NULL, &env, o, &k, content, content_len, out, &ol), 0);
  ck_assert_uint_eq(ol, need);
  *len = ol;
  return out;
}

/* --- round trips ------------------------------------------------------------------------ */

static const mikey_cms_alg ALGS[] = {MIKEY_CMS_AES128_GCM, MIKEY_CMS_AES256_GCM,
                                     MIKEY_CMS_AES128_CCM, MIKEY_CMS_AES256_CCM};
static const size_t SIZES[] = {0, 1, 15, 16, 17, 127, 128, 1000, 65536, 70001};

START_TEST(every_algorithm_and_size_round_trips) {
  mikey_cms_ctx *ctx;
  ck_assert_int_eq(mikey_cms_ctx_new(&ctx), 0);
  for (size_t a = 0; a < 4; a++) {
    for (size_t kl = 16; kl <= 32; kl += 16) {
      if (kl == 16 && (ALGS[a] == MIKEY_CMS_AES256_GCM || ALGS[a] == MIKEY_CMS_AES256_CCM)) {
        continue; /* D6 */
      }
      for (size_t i = 0; i < sizeof(SIZES) / sizeof(SIZES[0]); i++) {
        size_t n = SIZES[i];
        uint8_t *content = pattern(n);
        mikey_cms_aed_opts o = {.alg = ALGS[a]};
        mikey_cms_kek k = {kl == 16 ? test_kek16 : test_kek32, kl, (const uint8_t *)"id", 2};
        size_t need;
        ck_assert_int_eq(mikey_cms_aed_size(&o, &k, n, &need), 0);
        uint8_t *msg = malloc(need);
        size_t ml = need;
        /* Every other message through the context, the rest on temporary handles. */
        ck_assert_int_eq(mikey_cms_aed_build(i % 2 ? ctx : NULL, NULL, &o, &k, content, n, msg, &ml), 0);
        ck_assert_uint_eq(ml, need);
        uint8_t *pt = malloc(n + 1);
        size_t pl = n;
        mikey_cms_aed aed;
        ck_assert_int_eq(mikey_cms_aed_open(i % 2 ? NULL : ctx, msg, ml, &k, pt, &pl, &aed), 0);
        ck_assert_bytes(pt, pl, content, n);
        ck_assert_int_eq(aed.alg, ALGS[a]);
        ck_assert_uint_eq(aed.icv_len, 16);
        ck_assert_uint_eq(aed.nonce_len, 12);
        ck_assert_uint_eq(aed.wrap_key_len, kl);
        ck_assert_uint_eq(aed.kek_id_len, 2);
        ck_assert_ptr_null(aed.auth_attrs);
        free(pt);
        free(msg);
        free(content);
      }
    }
  }
  mikey_cms_ctx_free(ctx);
}
END_TEST

START_TEST(every_nonce_and_icv_length_round_trips) {
  uint8_t *content = pattern(100);
  for (size_t a = 0; a < 4; a++) {
    int ccm = ALGS[a] == MIKEY_CMS_AES128_CCM || ALGS[a] == MIKEY_CMS_AES256_CCM;
    for (size_t nl = 1; nl <= 64; nl++) {
      for (size_t icv = 4; icv <= 16; icv++) {
        int ok = ccm ? (nl >= 7 && nl <= 13 && icv % 2 == 0) : icv >= 12;
        mikey_cms_aed_opts o = {.alg = ALGS[a], .nonce_len = nl, .icv_len = icv};
        mikey_cms_kek k = {test_kek32, 32, (const uint8_t *)"id", 2};
        uint8_t msg[400];
        size_t ml = sizeof(msg);
        int rv = mikey_cms_aed_build(NULL, NULL, &o, &k, content, 100, msg, &ml);
        ck_assert_int_eq(rv, ok ? 0 : MIKEY_E_CMS_PARAMS);
        if (!ok) {
          continue;
        }
        uint8_t pt[100];
        size_t pl = sizeof(pt);
        mikey_cms_aed aed;
        ck_assert_int_eq(mikey_cms_aed_open(NULL, msg, ml, &k, pt, &pl, &aed), 0);
        ck_assert_bytes(pt, pl, content, 100);
        ck_assert_uint_eq(aed.nonce_len, nl);
        ck_assert_uint_eq(aed.icv_len, icv);
      }
    }
  }
  free(content);
}
END_TEST

START_TEST(attributes_round_trip_and_are_exposed) {
  size_t al, ul;
  uint8_t *attrs = test_hex_alloc(ATTR_TIME, &al);
  uint8_t *un = test_hex_alloc("30 0b 06 03 2a 03 04 31 04 04 02 ab cd", &ul);
  for (size_t a = 0; a < 4; a++) {
    mikey_cms_aed_opts o = {.alg = ALGS[a], .auth_attrs = attrs, .auth_attrs_len = al,
                            .unauth_attrs = un, .unauth_attrs_len = ul};
    mikey_cms_kek k = {test_kek32, 32, (const uint8_t *)"kek", 3};
    uint8_t msg[400], pt[100];
    size_t ml = sizeof(msg), pl = sizeof(pt);
    ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, &o, &k, (const uint8_t *)CONTENT, strlen(CONTENT), msg, &ml), 0);
    mikey_cms_aed aed;
    ck_assert_int_eq(mikey_cms_aed_open(NULL, msg, ml, &k, pt, &pl, &aed), 0);
    ck_assert_bytes(pt, pl, (const uint8_t *)CONTENT, strlen(CONTENT));
    ck_assert_bytes(aed.auth_attrs, aed.auth_attrs_len, attrs, al);
    ck_assert_bytes(aed.unauth_attrs, aed.unauth_attrs_len, un, ul);
  }
  free(attrs);
  free(un);
}
END_TEST

/* --- byte-exact against the independent encoder ------------------------------------------ */

/* With the same CEK and nonce, the library writes exactly the DER the test encoder writes,
 * and asks for randomness once per message (CEK and nonce in one call). */
START_TEST(build_matches_the_independent_encoder_byte_for_byte) {
  static const struct {
    int alg_arc;
    size_t kek_len, cek_len, nonce_len, icv;
    int attrs;
    size_t content_len;
  } v[] = {
      {6, 16, 16, 12, 16, 0, 66},  {6, 16, 16, 12, 12, 0, 66}, /* ICV 12 omitted (DEFAULT) */
      {6, 32, 16, 12, 13, 1, 0},   {46, 32, 32, 12, 16, 1, 300},
      {7, 16, 16, 7, 4, 0, 200},   {7, 16, 16, 13, 12, 1, 1},
      {47, 32, 32, 12, 16, 0, 65536}, {46, 32, 32, 64, 14, 0, 129},
  };
  for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
    uint8_t *content = pattern(v[i].content_len);
    aed_spec s;
    test_spec_default(&s, content, v[i].content_len);
    s.alg_arc = v[i].alg_arc;
    s.kek = v[i].kek_len == 32 ? test_kek32 : test_kek16;
    s.kek_len = v[i].kek_len;
    s.wrap_arc = v[i].kek_len == 32 ? 45 : 5;
    s.cek = v[i].cek_len == 32 ? test_cek32 : test_cek16;
    s.cek_len = v[i].cek_len;
    s.nonce_len = v[i].nonce_len;
    s.tag_len = v[i].icv;
    s.icv_decl = v[i].icv == 12 ? -1 : (int)v[i].icv;
    size_t al = 0;
    uint8_t *attrs = NULL;
    if (v[i].attrs) {
      s.auth_hex = ATTR_TIME;
      attrs = test_hex_alloc(ATTR_TIME, &al);
    }
    tbuf want;
    test_encode(&s, &want);
    mikey_cms_alg alg = s.alg_arc == 6 ? MIKEY_CMS_AES128_GCM : s.alg_arc == 46 ? MIKEY_CMS_AES256_GCM
                        : s.alg_arc == 7 ? MIKEY_CMS_AES128_CCM : MIKEY_CMS_AES256_CCM;
    mikey_cms_aed_opts o = {.alg = alg, .nonce_len = s.nonce_len, .icv_len = v[i].icv,
                            .auth_attrs = attrs, .auth_attrs_len = al};
    test_rand r;
    size_t n;
    uint8_t *got = build_fixed(&o, s.kek, s.kek_len, s.cek, s.cek_len, s.nonce, s.nonce_len,
                               content, v[i].content_len, &n, &r);
    ck_assert_bytes(got, n, want.p, want.n);
    ck_assert_uint_eq(r.calls, 1);
    ck_assert_uint_eq(r.bytes, s.cek_len + s.nonce_len);
    free(got);
    free(attrs);
    tb_free(&want);
    free(content);
  }
}
END_TEST

START_TEST(sizing_reports_the_exact_length_and_short_buffers_are_untouched) {
  mikey_cms_kek k = {test_kek16, 16, (const uint8_t *)"\x01\x02\x03\x04", 4};
  for (size_t n = 0; n < 70000; n = n * 3 + 1) {
    uint8_t *content = pattern(n);
    size_t need;
    ck_assert_int_eq(mikey_cms_aed_size(NULL, &k, n, &need), 0);
    uint8_t *out = malloc(need);
    size_t ol = need - 1;
    memset(out, 0x5a, need);
    ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, NULL, &k, content, n, out, &ol), MIKEY_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(ol, need);
    for (size_t i = 0; i < need; i++) {
      ck_assert_uint_eq(out[i], 0x5a);
    }
    ol = 0;
    ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, NULL, &k, content, n, NULL, &ol), MIKEY_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(ol, need);
    ol = need;
    ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, NULL, &k, content, n, out, &ol), 0);
    ck_assert_uint_eq(ol, need);
    /* Opening into a short buffer reports the plaintext size and writes nothing. */
    mikey_cms_aed aed;
    ck_assert_int_eq(mikey_cms_aed_parse(out, need, &aed), 0);
    uint8_t small[1] = {0x5a};
    size_t sl = n ? n - 1 : 0;
    if (n) {
      ck_assert_int_eq(mikey_cms_aed_decrypt(NULL, &aed, test_kek16, 16, small, &sl), MIKEY_E_BUFFER_TOO_SMALL);
      ck_assert_uint_eq(sl, n);
      ck_assert_uint_eq(small[0], 0x5a);
    }
    free(out);
    free(content);
  }
}
END_TEST

/* --- accepted inputs from the independent encoder ------------------------------------------ */

START_TEST(accepted_variants_open) {
  uint8_t *content = pattern(3000);
  aed_spec s;
  test_spec_default(&s, content, 3000);
  expect_open(&s, 0, "default");
  /* RFC 5084: aes-ICVlen DEFAULT 12 omitted, 12-byte mac. */
  s.icv_decl = -1;
  s.tag_len = 12;
  expect_open(&s, 0, "ICV length omitted");
  /* ... and written out although DER omits it. */
  s.icv_decl = 12;
  expect_open(&s, 0, "ICV length 12 written");
  test_spec_default(&s, content, 3000);
  s.wrap_params = 1;
  expect_open(&s, 0, "wrap parameters NULL");
  test_spec_default(&s, content, 3000);
  s.kekid_date = 1;
  expect_open(&s, 0, "KEKIdentifier with a date");
  /* BER: indefinite lengths on the outer elements and a chunked encryptedContent. */
  size_t chunks[] = {1, 7, 1000, 2999, 3000, 5000};
  for (size_t i = 0; i < 6; i++) {
    test_spec_default(&s, content, 3000);
    s.ber = 1;
    s.chunk = chunks[i];
    expect_open(&s, 0, "BER indefinite, chunked");
    s.ber = 0;
    expect_open(&s, 0, "definite, chunked");
  }
  test_spec_default(&s, content, 0);
  s.ber = 1;
  s.chunk = 16;
  expect_open(&s, 0, "BER, empty content, no chunk");
  test_spec_default(&s, content, 3000);
  s.auth_hex = ATTR_TIME;
  s.unauth_hex = ATTR_TIME;
  expect_open(&s, 0, "authAttrs and unauthAttrs");
  s.ber = 1;
  s.chunk = 100;
  s.unauth_hex = "30 80 06 03 2a 03 04 31 80 05 00 00 00 00 00"; /* BER is fine there */
  expect_open(&s, 0, "BER with attributes");
  /* Every CCM nonce and ICV length; every GCM ICV length. */
  for (size_t nl = 7; nl <= 13; nl++) {
    for (size_t icv = 4; icv <= 16; icv += 2) {
      test_spec_default(&s, content, 3000);
      s.alg_arc = 7;
      s.nonce_len = nl;
      s.icv_decl = (int)icv;
      s.tag_len = icv;
      expect_open(&s, 0, "CCM nonce and ICV");
    }
  }
  for (size_t icv = 12; icv <= 16; icv++) {
    test_spec_default(&s, content, 3000);
    s.icv_decl = (int)icv;
    s.tag_len = icv;
    expect_open(&s, 0, "GCM ICV");
  }
  size_t gcm_nonces[] = {1, 8, 16, 64};
  for (size_t i = 0; i < 4; i++) {
    test_spec_default(&s, content, 3000);
    s.nonce_len = gcm_nonces[i];
    expect_open(&s, 0, "GCM nonce");
  }
  /* D6 allows a 256-bit KEK to wrap a 128-bit CEK. */
  test_spec_default(&s, content, 3000);
  s.kek = test_kek32;
  s.kek_len = 32;
  s.wrap_arc = 45;
  expect_open(&s, 0, "256-bit KEK, AES-128 content");
  free(content);
}
END_TEST

/* --- known answer from OpenSSL -------------------------------------------------------------- */

/*
 * Made once with OpenSSL 3.0.22 (an independent implementation), file kat.txt holding the
 * 62 bytes of CONTENT:
 *   openssl cms -encrypt -aes-128-gcm -secretkey 2b7e151628aed2a6abf7158809cf4f3c \
 *     -secretkeyid 4b454b31 -in kat.txt -outform DER -binary -out kat128.der
 *   openssl cms -encrypt -aes-256-gcm \
 *     -secretkey 603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4 \
 *     -secretkeyid 4b454b32 -in kat.txt -outform DER -binary -stream -out kat256s.der
 *   xxd -p kat128.der; xxd -p kat256s.der
 * The second is BER (-stream): indefinite lengths and a chunked encryptedContent.
 */
static const char *const OPENSSL_KAT_128 =
    "3081ca060b2a864886f70d0109100117a081ba3081b70201003134a232020104300604044b454b31300b0609"
    "6086480165030401050418028648eb555a940efa559bd12412e065e561ef3241175d7c306a06092a864886f7"
    "0d010701301e06096086480165030401063011040ce79c22dae4628ce89c18bca5020110803da1e4e37bfc73"
    "ae8643ea64685143912522a051c2f214010fc418788ebc6e5e795b7407ed8f8306b8cf405117b79c9296329b"
    "c457ce3fa65c49aab685c104104b5ee3d7fd90f878b0f7cdff2ed040d3";
static const char *const OPENSSL_KAT_256_BER =
    "3080060b2a864886f70d0109100117a08030800201003144a242020104300604044b454b32300b0609608648"
    "01650304012d0428affd1e7e02f8b43c199b0c6d3f23df3f69ddeb778aa7ad57a2add19478b4e0916792c22d"
    "51d4a3bb308006092a864886f70d010701301e060960864801650304012e3011040c50dc8cd6a8cec330ed67"
    "2426020110a080043d6795789f5ee41ecde34c935017074885ffde5da81cea262bcb36f635c292e9332c07d1"
    "f5eb29ddc84ee64b8578216ccc7996c423e377d24d55a63850ec000000000410fc63c9b6021c878f8d3c6845"
    "9b090863000000000000";

START_TEST(openssl_messages_open_to_the_right_plaintext) {
  uint8_t kek[32];
  size_t n, pl;
  uint8_t *msg = test_hex_alloc(OPENSSL_KAT_128, &n);
  uint8_t pt[128];
  test_hex("2b7e151628aed2a6abf7158809cf4f3c", kek, sizeof(kek));
  mikey_cms_kek k = {kek, 16, (const uint8_t *)"KEK1", 4};
  mikey_cms_aed aed;
  pl = sizeof(pt);
  ck_assert_int_eq(mikey_cms_aed_open(NULL, msg, n, &k, pt, &pl, &aed), 0);
  ck_assert_bytes(pt, pl, (const uint8_t *)CONTENT, strlen(CONTENT));
  ck_assert_int_eq(aed.alg, MIKEY_CMS_AES128_GCM);
  ck_assert_uint_eq(aed.icv_len, 16);
  /* The same bytes with the wrong identifier, or one bit of the mac changed. */
  k.id = (const uint8_t *)"KEK2";
  pl = sizeof(pt);
  ck_assert_int_eq(mikey_cms_aed_open(NULL, msg, n, &k, pt, &pl, NULL), MIKEY_E_CMS_KEK_ID);
  k.id = NULL;
  msg[n - 1] ^= 1;
  pl = sizeof(pt);
  ck_assert_int_eq(mikey_cms_aed_open(NULL, msg, n, &k, pt, &pl, NULL), MIKEY_E_AUTH);
  free(msg);

  msg = test_hex_alloc(OPENSSL_KAT_256_BER, &n);
  test_hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", kek, sizeof(kek));
  mikey_cms_kek k2 = {kek, 32, (const uint8_t *)"KEK2", 4};
  pl = sizeof(pt);
  ck_assert_int_eq(mikey_cms_aed_open(NULL, msg, n, &k2, pt, &pl, &aed), 0);
  ck_assert_bytes(pt, pl, (const uint8_t *)CONTENT, strlen(CONTENT));
  ck_assert_int_eq(aed.alg, MIKEY_CMS_AES256_GCM);
  ck_assert_int_eq(aed.content_chunked, 1);
  free(msg);
}
END_TEST

/* --- refusals -------------------------------------------------------------------------------- */

START_TEST(wrong_kek_identifier_or_length_is_refused) {
  size_t ml;
  test_rand r;
  uint8_t *content = pattern(50);
  uint8_t *msg = build_fixed(NULL, test_kek16, 16, test_cek16, 16, test_nonce, 12, content, 50, &ml, &r);
  uint8_t pt[64];
  size_t pl = sizeof(pt);
  uint8_t bad[32];
  memcpy(bad, test_kek32, 32);
  bad[3] ^= 0x10;
  /* RFC 3394 2.2.3: the integrity check of the unwrap fails. */
  ck_assert_int_eq(open_buf(msg, ml, bad, 16, NULL, NULL), MIKEY_E_UNWRAP);
  /* id-aes128-wrap names a 16-byte KEK. */
  ck_assert_int_eq(open_buf(msg, ml, test_kek32, 32, NULL, NULL), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(open_buf(msg, ml, test_kek16, 24, NULL, NULL), MIKEY_E_KEY_LENGTH);
  mikey_cms_kek k = {test_kek16, 16, (const uint8_t *)"\x01\x02\x03", 3};
  ck_assert_int_eq(mikey_cms_aed_open(NULL, msg, ml, &k, pt, &pl, NULL), MIKEY_E_CMS_KEK_ID);
  k.id_len = 4;
  k.id = (const uint8_t *)"\x01\x02\x03\x05";
  ck_assert_int_eq(mikey_cms_aed_open(NULL, msg, ml, &k, pt, &pl, NULL), MIKEY_E_CMS_KEK_ID);
  k.id = (const uint8_t *)"\x01\x02\x03\x04";
  ck_assert_int_eq(mikey_cms_aed_open(NULL, msg, ml, &k, pt, &pl, NULL), 0);
  free(msg);
  free(content);
}
END_TEST

/* find returns the offset of |needle| in |hay| (which must hold it once at least). */
static size_t find(const uint8_t *hay, size_t n, const uint8_t *needle, size_t nl) {
  for (size_t i = 0; i + nl <= n; i++) {
    if (memcmp(hay + i, needle, nl) == 0) {
      return i;
    }
  }
  ck_abort_msg("pattern not found");
  return 0;
}

/* flip_all flips each byte of [off, off + len) of |m| in turn (XOR |x|) and requires the code
 * want[i] (or want[0] for all when |one| is set). */
static void flip_all(tbuf *m, size_t off, size_t len, uint8_t x, const int *want, int one,
                     const uint8_t *kek, size_t kek_len, const char *what) {
  for (size_t i = 0; i < len; i++) {
    m->p[off + i] ^= x;
    int rv = open_buf(m->p, m->n, kek, kek_len, NULL, NULL);
    int w = one ? want[0] : want[i];
    ck_assert_msg(rv == w, "%s: byte %zu xor %02x: got %s, want %s", what, i, x,
                  mikey_err_name(rv), mikey_err_name(w));
    m->p[off + i] ^= x;
  }
  ck_assert_int_eq(open_buf(m->p, m->n, kek, kek_len, NULL, NULL), 0);
}

START_TEST(every_flipped_byte_of_ciphertext_tag_and_nonce_fails_authentication) {
  static const int auth[] = {MIKEY_E_AUTH};
  for (int arc = 6; arc <= 7; arc++) {
    uint8_t *content = pattern(100);
    aed_spec s;
    test_spec_default(&s, content, 100);
    s.alg_arc = arc;
    tbuf m;
    test_encode(&s, &m);
    /* mac: the last 16 bytes; ciphertext: the 100 bytes before "04 10". */
    size_t tag_off = m.n - 16, ct_off = m.n - 18 - 100;
    size_t nonce_off = find(m.p, m.n, test_nonce, 12);
    for (unsigned x = 1; x <= 0x80; x <<= 1) {
      flip_all(&m, ct_off, 100, (uint8_t)x, auth, 1, s.kek, s.kek_len, "ciphertext");
      flip_all(&m, tag_off, 16, (uint8_t)x, auth, 1, s.kek, s.kek_len, "tag");
      flip_all(&m, nonce_off, 12, (uint8_t)x, auth, 1, s.kek, s.kek_len, "nonce");
    }
    tb_free(&m);
    free(content);
  }
}
END_TEST

/* Each byte of GCMParameters { aes-nonce, aes-ICVlen 16 } XOR 1, with its code. */
START_TEST(every_flipped_byte_of_the_parameters_is_refused) {
  static const int want[] = {
      MIKEY_E_CMS_PARAMS, /* 30 -> 31: not a SEQUENCE */
      MIKEY_E_CMS_PARAMS, /* 11 -> 10: a byte left after the parameters */
      MIKEY_E_CMS_PARAMS, /* 04 -> 05: nonce not an OCTET STRING */
      MIKEY_E_CMS_PARAMS, /* 0c -> 0d: the nonce swallows the INTEGER's tag */
      MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH,
      MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH,
      MIKEY_E_CMS_PARAMS, /* 02 -> 03: ICV length not an INTEGER */
      MIKEY_E_DER,        /* 01 -> 00: an empty INTEGER */
      MIKEY_E_CMS_PARAMS, /* 10 -> 11: ICV length 17 */
  };
  uint8_t *content = pattern(40);
  aed_spec s;
  test_spec_default(&s, content, 40);
  tbuf m;
  test_encode(&s, &m);
  static const uint8_t params[] = {0x30, 0x11, 0x04, 0x0c, 0xa0, 0xa1};
  size_t off = find(m.p, m.n, params, sizeof(params));
  flip_all(&m, off, 19, 1, want, 0, s.kek, s.kek_len, "parameters");
  /* The ICV INTEGER made negative or huge is refused before use. */
  m.p[off + 18] = 0xf0;
  ck_assert_int_eq(open_buf(m.p, m.n, s.kek, 16, NULL, NULL), MIKEY_E_CMS_PARAMS);
  m.p[off + 18] = 0x0c; /* 12: a valid length that is not the mac length */
  ck_assert_int_eq(open_buf(m.p, m.n, s.kek, 16, NULL, NULL), MIKEY_E_CMS_TAG_LENGTH);
  tb_free(&m);
  free(content);
}
END_TEST

/* Each byte of authAttrs [1] { signingTime } XOR 1: structure bytes give their DER code,
 * value bytes fail authentication. */
START_TEST(every_flipped_byte_of_the_auth_attrs_is_refused) {
  static const int want[32] = {
      MIKEY_E_DER, /* a1 -> a0 */
      MIKEY_E_DER, /* 1e -> 1f */
      MIKEY_E_DER, /* 30 -> 31 */
      MIKEY_E_DER, /* 1c -> 1d */
      MIKEY_E_DER, /* 06 -> 07 */
      MIKEY_E_DER, /* 09 -> 08 */
      MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH,
      MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, /* OID value */
      MIKEY_E_DER,  /* 31 -> 30 */
      MIKEY_E_DER,  /* 0f -> 0e */
      MIKEY_E_AUTH, /* 17 -> 16: values are ANY */
      MIKEY_E_DER,  /* 0d -> 0c */
      MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH,
      MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH, MIKEY_E_AUTH,
      MIKEY_E_AUTH,
  };
  for (int arc = 6; arc <= 7; arc++) {
    uint8_t *content = pattern(40);
    aed_spec s;
    test_spec_default(&s, content, 40);
    s.alg_arc = arc;
    s.auth_hex = ATTR_TIME;
    tbuf m;
    test_encode(&s, &m);
    static const uint8_t a1[] = {0xa1, 0x1e, 0x30, 0x1c};
    size_t off = find(m.p, m.n, a1, sizeof(a1));
    flip_all(&m, off, 32, 1, want, 0, s.kek, s.kek_len, "authAttrs");
    tb_free(&m);
    free(content);
  }
}
END_TEST

/* RFC 5083 2.2: authenticated as the SET OF (0x31). A sender that authenticated the [1]
 * as written is refused, and authAttrs in BER are refused (they MUST be DER). */
START_TEST(auth_attrs_are_authenticated_as_a_der_set_of) {
  uint8_t *content = pattern(40);
  aed_spec s;
  test_spec_default(&s, content, 40);
  s.auth_hex = ATTR_TIME;
  expect_open(&s, 0, "SET OF as AAD");
  s.aad_as_written = 1;
  expect_open(&s, MIKEY_E_AUTH, "[1] as AAD");
  s.aad_as_written = 0;
  s.auth_hex = "30 80 06 09 2a 86 48 86 f7 0d 01 09 05 31 80 17 0d 32 34 30 31 30 31 30 30 30 30 "
               "30 30 5a 00 00 00 00";
  expect_open(&s, MIKEY_E_DER_NONMINIMAL, "authAttrs BER");
  s.auth_hex = "30 81 1c 06 09 2a 86 48 86 f7 0d 01 09 05 31 0f 17 0d 32 34 30 31 30 31 30 30 30 "
               "30 30 30 5a";
  expect_open(&s, MIKEY_E_DER_NONMINIMAL, "authAttrs non-minimal length");
  s.auth_hex = "06 01 2a";
  expect_open(&s, MIKEY_E_DER, "authAttrs not Attributes");
  free(content);
}
END_TEST

START_TEST(tag_length_must_be_declared_and_allowed) {
  uint8_t *content = pattern(40);
  aed_spec s;
  /* GCM with 8- and 4-byte tags, each a valid tag (libgcrypt's own check would pass them). */
  for (int icv = 4; icv <= 11; icv++) {
    test_spec_default(&s, content, 40);
    s.icv_decl = icv;
    s.tag_len = icv < 12 ? 16 : (size_t)icv;
    s.mac_len = (size_t)icv;
    expect_open(&s, MIKEY_E_CMS_PARAMS, "GCM short ICV");
  }
  /* Declared 16, truncated mac of 12 (a real prefix of the tag). */
  test_spec_default(&s, content, 40);
  s.mac_len = 12;
  expect_open(&s, MIKEY_E_CMS_TAG_LENGTH, "mac shorter than ICV");
  s.mac_len = 17;
  expect_open(&s, MIKEY_E_CMS_TAG_LENGTH, "mac longer than ICV");
  /* Omitted = 12; a 16-byte mac does not match. */
  test_spec_default(&s, content, 40);
  s.icv_decl = -1;
  expect_open(&s, MIKEY_E_CMS_TAG_LENGTH, "omitted ICV, 16-byte mac");
  /* CCM: odd, too short, too long. */
  int bad_ccm[] = {2, 3, 5, 7, 9, 11, 13, 15, 17, 18, 0};
  for (size_t i = 0; i < sizeof(bad_ccm) / sizeof(bad_ccm[0]); i++) {
    test_spec_default(&s, content, 40);
    s.alg_arc = 7;
    s.icv_decl = bad_ccm[i];
    s.tag_len = 16;
    s.mac_len = bad_ccm[i] ? (size_t)bad_ccm[i] : 1;
    expect_open(&s, MIKEY_E_CMS_PARAMS, "CCM ICV");
  }
  test_spec_default(&s, content, 40);
  s.alg_arc = 7;
  s.icv_decl = 8;
  s.tag_len = 8;
  s.mac_len = 16;
  expect_open(&s, MIKEY_E_CMS_TAG_LENGTH, "CCM mac padded");
  free(content);
}
END_TEST

START_TEST(parameter_layouts_and_nonce_lengths_are_checked) {
  uint8_t *content = pattern(40);
  aed_spec s;
  test_spec_default(&s, content, 40);
  s.param_layout = 1;
  expect_open(&s, MIKEY_E_CMS_PARAMS, "flat parameters");
  s.param_layout = 2;
  expect_open(&s, MIKEY_E_CMS_PARAMS, "absent parameters");
  s.param_layout = 3;
  expect_open(&s, MIKEY_E_CMS_PARAMS, "NULL parameters");
  test_spec_default(&s, content, 40);
  s.alg_ber = 1;
  expect_open(&s, MIKEY_E_DER_NONMINIMAL, "algorithm identifier in BER");
  size_t bad_ccm[] = {6, 14, 16};
  for (size_t i = 0; i < 3; i++) {
    test_spec_default(&s, content, 40);
    s.alg_arc = 7;
    s.nonce_len = bad_ccm[i];
    /* libgcrypt takes no such CCM nonce: write a GCM tag under the CCM OID. */
    s.alg_arc = 6;
    tbuf m;
    test_encode(&s, &m);
    static const uint8_t oid_gcm[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x06, 0x30};
    size_t off = find(m.p, m.n, oid_gcm, sizeof(oid_gcm));
    m.p[off + 8] = 7;
    ck_assert_int_eq(open_buf(m.p, m.n, s.kek, 16, NULL, NULL), MIKEY_E_CMS_PARAMS);
    tb_free(&m);
  }
  test_spec_default(&s, content, 40);
  s.nonce_len = 64;
  expect_open(&s, 0, "GCM nonce 64");
  s.nonce_len = 65;
  expect_open(&s, MIKEY_E_CMS_PARAMS, "GCM nonce 65");
  s.nonce_len = 0; /* the encoder runs GCM on a 1-byte nonce, writes an empty one */
  expect_open(&s, MIKEY_E_CMS_PARAMS, "GCM nonce empty");
  free(content);
}
END_TEST

START_TEST(only_the_four_aead_oids_and_two_wrap_oids_are_accepted) {
  uint8_t *content = pattern(40);
  aed_spec s;
  int bad_alg[] = {1, 2, 3, 4, 5, 8, 22, 26, 27, 42, 45, 48, 127};
  for (size_t i = 0; i < sizeof(bad_alg) / sizeof(bad_alg[0]); i++) {
    test_spec_default(&s, content, 40);
    s.alg_arc = 6;
    tbuf m;
    test_encode(&s, &m);
    static const uint8_t oid_gcm[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x06, 0x30};
    size_t off = find(m.p, m.n, oid_gcm, sizeof(oid_gcm));
    m.p[off + 8] = (uint8_t)bad_alg[i];
    ck_assert_msg(open_buf(m.p, m.n, s.kek, 16, NULL, NULL) == MIKEY_E_CMS_ALGORITHM, "arc %d", bad_alg[i]);
    tb_free(&m);
  }
  int bad_wrap[] = {1, 2, 6, 8, 25, 46, 47};
  for (size_t i = 0; i < sizeof(bad_wrap) / sizeof(bad_wrap[0]); i++) {
    test_spec_default(&s, content, 40);
    s.wrap_arc = bad_wrap[i];
    expect_open(&s, MIKEY_E_CMS_ALGORITHM, "wrap OID");
  }
  test_spec_default(&s, content, 40);
  s.wrap_params = 2;
  expect_open(&s, MIKEY_E_CMS_ALGORITHM, "wrap parameters present");
  test_spec_default(&s, content, 40);
  s.outer_oid_hex = "06 09 2a 86 48 86 f7 0d 01 07 03"; /* id-envelopedData */
  expect_open(&s, MIKEY_E_CMS_TYPE, "outer type");
  s.outer_oid_hex = "06 0b 2a 86 48 86 f7 0d 01 09 10 01 02"; /* id-ct-authData */
  expect_open(&s, MIKEY_E_CMS_TYPE, "outer type authData");
  test_spec_default(&s, content, 40);
  s.ct_oid_hex = "06 09 2a 86 48 86 f7 0d 01 07 02"; /* signedData inside */
  expect_open(&s, MIKEY_E_CMS_TYPE, "inner type");
  free(content);
}
END_TEST

/* D6: the KEK is at least as long as the CEK, and its length is the wrap OID's. */
START_TEST(kek_and_cek_lengths_follow_d6) {
  uint8_t *content = pattern(40);
  aed_spec s;
  test_spec_default(&s, content, 40);
  s.alg_arc = 46;
  s.cek = test_cek32;
  s.cek_len = 32;
  s.kek = test_kek32;
  s.kek_len = 32;
  s.wrap_arc = 5; /* says 128-bit KEK for a 256-bit CEK */
  expect_open(&s, MIKEY_E_KEY_LENGTH, "aes128-wrap, AES-256 content");
  /* encryptedKey of a 128-bit CEK under an AES-256 content OID. */
  test_spec_default(&s, content, 40);
  s.alg_arc = 46;
  s.kek = test_kek32;
  s.kek_len = 32;
  s.wrap_arc = 45;
  s.cek = test_cek32;
  s.cek_len = 32;
  s.wrapped_cek_len = 16;
  expect_open(&s, MIKEY_E_KEY_LENGTH, "short encryptedKey");
  /* Building: a 128-bit KEK cannot carry an AES-256 key; 24-byte KEKs are not in the profile. */
  for (int a = 0; a < 4; a++) {
    mikey_cms_aed_opts o = {.alg = ALGS[a]};
    mikey_cms_kek k = {test_kek32, 16, (const uint8_t *)"x", 1};
    size_t need;
    int want = (ALGS[a] == MIKEY_CMS_AES256_GCM || ALGS[a] == MIKEY_CMS_AES256_CCM) ? MIKEY_E_KEY_LENGTH : 0;
    ck_assert_int_eq(mikey_cms_aed_size(&o, &k, 10, &need), want);
    k.key_len = 24;
    ck_assert_int_eq(mikey_cms_aed_size(&o, &k, 10, &need), MIKEY_E_KEY_LENGTH);
    k.key_len = 0;
    ck_assert_int_eq(mikey_cms_aed_size(&o, &k, 10, &need), MIKEY_E_KEY_LENGTH);
  }
  free(content);
}
END_TEST

START_TEST(versions_recipients_and_optional_fields_are_checked) {
  uint8_t *content = pattern(40);
  aed_spec s;
  int versions[] = {1, 2, 3, 4, 5};
  for (size_t i = 0; i < 5; i++) {
    test_spec_default(&s, content, 40);
    s.version = versions[i];
    expect_open(&s, MIKEY_E_CMS_VERSION, "AuthEnvelopedData version");
  }
  test_spec_default(&s, content, 40);
  s.version_hex = "02 02 00 00";
  expect_open(&s, MIKEY_E_DER_NONMINIMAL, "version non-minimal");
  s.version_hex = "02 01 ff";
  expect_open(&s, MIKEY_E_CMS_VERSION, "version -1");
  s.version_hex = "02 05 01 00 00 00 00";
  expect_open(&s, MIKEY_E_CMS_VERSION, "version 2^32");
  int kv[] = {0, 2, 3, 5};
  for (size_t i = 0; i < 4; i++) {
    test_spec_default(&s, content, 40);
    s.kekri_version = kv[i];
    expect_open(&s, MIKEY_E_CMS_VERSION, "KEKRecipientInfo version");
  }
  test_spec_default(&s, content, 40);
  s.n_recipients = 0;
  expect_open(&s, MIKEY_E_CMS_RECIPIENTS, "no recipient");
  s.n_recipients = 2;
  expect_open(&s, MIKEY_E_CMS_RECIPIENTS, "two recipients");
  s.n_recipients = 3;
  expect_open(&s, MIKEY_E_CMS_RECIPIENTS, "three recipients");
  uint8_t tags[] = {0x30, 0xa1, 0xa3, 0xa4, 0x82};
  for (size_t i = 0; i < sizeof(tags); i++) {
    test_spec_default(&s, content, 40);
    s.ri_tag = tags[i];
    expect_open(&s, MIKEY_E_CMS_RECIPIENTS, "other recipient type");
  }
  test_spec_default(&s, content, 40);
  s.originator = 1;
  expect_open(&s, MIKEY_E_UNSUPPORTED, "originatorInfo");
  test_spec_default(&s, content, 40);
  s.detached = 1;
  expect_open(&s, MIKEY_E_UNSUPPORTED, "detached content");
  test_spec_default(&s, content, 40);
  s.ecinfo_extra_hex = "05 00";
  expect_open(&s, MIKEY_E_TRAILING, "element after encryptedContent");
  s.ber = 1;
  expect_open(&s, MIKEY_E_TRAILING, "element after encryptedContent (BER)");
  test_spec_default(&s, content, 40);
  s.trailing_hex = "00";
  expect_open(&s, MIKEY_E_TRAILING, "byte after the ContentInfo");
  s.ber = 1;
  expect_open(&s, MIKEY_E_TRAILING, "byte after the ContentInfo (BER)");
  s.trailing_hex = "00 00";
  expect_open(&s, MIKEY_E_TRAILING, "EOC after the ContentInfo (BER)");
  free(content);
}
END_TEST

START_TEST(truncation_at_every_point_is_refused) {
  uint8_t *content = pattern(300);
  for (int ber = 0; ber <= 1; ber++) {
    aed_spec s;
    test_spec_default(&s, content, 300);
    s.ber = ber;
    s.chunk = ber ? 64 : 0;
    s.auth_hex = ATTR_TIME;
    s.unauth_hex = ATTR_TIME;
    tbuf m;
    test_encode(&s, &m);
    ck_assert_int_eq(open_buf(m.p, m.n, s.kek, 16, NULL, NULL), 0);
    for (size_t k = 0; k < m.n; k++) {
      /* An exact-size copy, so that a read past the end shows under ASan and valgrind. */
      uint8_t *cut = malloc(k ? k : 1);
      memcpy(cut, m.p, k);
      mikey_cms_aed aed;
      int rv = mikey_cms_aed_parse(cut, k, &aed);
      ck_assert_msg(rv == MIKEY_E_DER, "cut at %zu of %zu (ber %d): %s", k, m.n, ber, mikey_err_name(rv));
      free(cut);
    }
    tb_free(&m);
  }
  free(content);
}
END_TEST

/* patch_len rewrites the one-byte length at |off| and checks the code. */
static void patch_len(tbuf *m, size_t off, uint8_t v, int want, const char *what) {
  uint8_t old = m->p[off];
  m->p[off] = v;
  mikey_cms_aed aed;
  int rv = mikey_cms_aed_parse(m->p, m->n, &aed);
  ck_assert_msg(rv == want, "%s: got %s", what, mikey_err_name(rv));
  m->p[off] = old;
}

START_TEST(lengths_past_the_end_and_nonminimal_lengths_are_refused) {
  uint8_t *content = pattern(40);
  aed_spec s;
  test_spec_default(&s, content, 40);
  tbuf m;
  test_encode(&s, &m);
  /* 30 81 L ... : the outer length one more than the data. */
  ck_assert_uint_eq(m.p[1], 0x81);
  patch_len(&m, 2, (uint8_t)(m.p[2] + 1), MIKEY_E_DER, "outer length past the end");
  /* One less: the last element (the mac) then runs past its parent. */
  patch_len(&m, 2, (uint8_t)(m.p[2] - 1), MIKEY_E_DER, "outer length short of the data");
  /* The mac OCTET STRING (04 10) claiming more than its parent holds. */
  patch_len(&m, m.n - 17, 0x11, MIKEY_E_DER, "mac past its parent");
  patch_len(&m, m.n - 17, 0x7f, MIKEY_E_DER, "mac far past its parent");
  /* encryptedContent [0] (80 28) past the EncryptedContentInfo. */
  static const uint8_t ec[] = {0x80, 0x28};
  size_t off = find(m.p, m.n, ec, 2);
  patch_len(&m, off + 1, 0x29, MIKEY_E_DER, "content past its parent");
  /* One less: the last ciphertext byte is left over inside the EncryptedContentInfo. */
  patch_len(&m, off + 1, 0x27, MIKEY_E_TRAILING, "content one short");
  /* Non-minimal outer length: 30 81 L -> 30 82 00 L. */
  tbuf nm = {0};
  tb_hex(&nm, "30 82 00");
  tb_put(&nm, m.p + 2, m.n - 2);
  mikey_cms_aed aed;
  ck_assert_int_eq(mikey_cms_aed_parse(nm.p, nm.n, &aed), MIKEY_E_DER_NONMINIMAL);
  tb_free(&nm);
  tb_free(&m);
  test_spec_default(&s, content, 40);
  s.mac_long_form = 1;
  expect_open(&s, MIKEY_E_DER_NONMINIMAL, "mac length in long form");
  s.ber = 1;
  expect_open(&s, MIKEY_E_DER_NONMINIMAL, "mac length in long form (BER frames)");
  free(content);
}
END_TEST

/* nest_hex returns |depth| indefinite SEQUENCEs around an OID, as hex. */
static char *nest_hex(unsigned depth) {
  size_t cap = depth * 12 + 32;
  char *h = malloc(cap);
  size_t n = 0;
  for (unsigned i = 0; i < depth; i++) {
    n += (size_t)snprintf(h + n, cap - n, "30 80 ");
  }
  n += (size_t)snprintf(h + n, cap - n, "06 01 2a ");
  for (unsigned i = 0; i < depth; i++) {
    n += (size_t)snprintf(h + n, cap - n, "00 00 ");
  }
  return h;
}

START_TEST(indefinite_lengths_nested_past_the_bound_are_refused) {
  uint8_t *content = pattern(40);
  aed_spec s;
  /* In unauthAttrs (BER allowed there): inside ContentInfo, [0], AuthEnvelopedData, [2] the
   * attribute sits at depth 4; up to MIKEY_DER_MAX_DEPTH (16) levels in all are walked. */
  char *ok = nest_hex(12), *deep = nest_hex(13), *deeper = nest_hex(5000);
  test_spec_default(&s, content, 40);
  s.unauth_hex = ok;
  expect_open(&s, 0, "unauthAttrs nested 12");
  s.unauth_hex = deep;
  expect_open(&s, MIKEY_E_DER_DEPTH, "unauthAttrs nested 13");
  s.unauth_hex = deeper;
  expect_open(&s, MIKEY_E_DER_DEPTH, "unauthAttrs nested 5000");
  s.ber = 1;
  s.chunk = 8;
  expect_open(&s, MIKEY_E_DER_DEPTH, "unauthAttrs nested 5000 (BER frames)");
  /* A constructed chunk inside the constructed encryptedContent. */
  test_spec_default(&s, content, 40);
  s.ber = 1;
  s.chunk = 8;
  tbuf m;
  test_encode(&s, &m);
  static const uint8_t c0[] = {0xa0, 0x80, 0x04, 0x08};
  size_t off = find(m.p, m.n, c0, sizeof(c0));
  m.p[off + 2] = 0x24;
  mikey_cms_aed aed;
  ck_assert_int_eq(mikey_cms_aed_parse(m.p, m.n, &aed), MIKEY_E_DER_DEPTH);
  tb_free(&m);
  free(ok);
  free(deep);
  free(deeper);
  free(content);
}
END_TEST

START_TEST(randomness_failure_and_bad_arguments_are_reported) {
  test_rand r = {test_nonce, 64, 0, 0, 1};
  mikey_env env = {test_rand_cb, NULL, &r};
  mikey_cms_kek k = {test_kek16, 16, (const uint8_t *)"id", 2};
  uint8_t out[300];
  memset(out, 0x33, sizeof(out));
  size_t ol = sizeof(out);
  ck_assert_int_eq(mikey_cms_aed_build(NULL, &env, NULL, &k, (const uint8_t *)"abc", 3, out, &ol), MIKEY_E_RANDOM);
  ck_assert_uint_eq(r.calls, 1);
  ol = sizeof(out);
  mikey_cms_aed_opts o = {.alg = (mikey_cms_alg)9};
  ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, &o, &k, (const uint8_t *)"abc", 3, out, &ol), MIKEY_E_CMS_ALGORITHM);
  k.id_len = 0;
  ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, NULL, &k, (const uint8_t *)"abc", 3, out, &ol), MIKEY_E_INVAL);
  k.id_len = 2;
  ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, NULL, &k, NULL, 3, out, &ol), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, NULL, NULL, (const uint8_t *)"abc", 3, out, &ol), MIKEY_E_INVAL);
  uint8_t bad_attr[] = {0x30, 0x80, 0x06, 0x01, 0x2a, 0x31, 0x00, 0x00, 0x00};
  mikey_cms_aed_opts o2 = {.auth_attrs = bad_attr, .auth_attrs_len = sizeof(bad_attr)};
  ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, &o2, &k, (const uint8_t *)"abc", 3, out, &ol), MIKEY_E_INVAL);
  /* Unsorted attributes are not a DER SET OF. */
  size_t ul;
  uint8_t *unsorted = test_hex_alloc("30 06 06 01 2b 31 01 05 30 06 06 01 2a 31 01 05", &ul);
  mikey_cms_aed_opts o3 = {.auth_attrs = unsorted, .auth_attrs_len = ul};
  ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, &o3, &k, (const uint8_t *)"abc", 3, out, &ol), MIKEY_E_INVAL);
  free(unsorted);
  mikey_cms_aed aed;
  ck_assert_int_eq(mikey_cms_aed_parse(NULL, 0, &aed), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_cms_aed_parse(out, 0, &aed), MIKEY_E_DER);
  ck_assert_int_eq(mikey_cms_ctx_new(NULL), MIKEY_E_INVAL);
  mikey_cms_ctx_free(NULL);
}
END_TEST

/* mikey_cms_aed_decrypt does not trust the struct it is given: the parse checks again. */
START_TEST(decrypt_checks_the_callers_struct_again) {
  uint8_t *content = pattern(64);
  size_t ml;
  test_rand r;
  uint8_t *msg = build_fixed(NULL, test_kek16, 16, test_cek16, 16, test_nonce, 12, content, 64, &ml, &r);
  mikey_cms_aed good, aed;
  ck_assert_int_eq(mikey_cms_aed_parse(msg, ml, &good), 0);
  ck_assert_uint_eq(good.mac_len, 16);
  uint8_t pt[64];
  size_t pl = sizeof(pt);
  aed = good;
  aed.icv_len = 8; /* libgcrypt would check an 8-byte GCM tag */
  aed.mac_len = 8;
  ck_assert_int_eq(mikey_cms_aed_decrypt(NULL, &aed, test_kek16, 16, pt, &pl), MIKEY_E_CMS_PARAMS);
  aed = good;
  aed.mac_len = 12;
  ck_assert_int_eq(mikey_cms_aed_decrypt(NULL, &aed, test_kek16, 16, pt, &pl), MIKEY_E_CMS_TAG_LENGTH);
  aed = good;
  aed.alg = (mikey_cms_alg)7;
  ck_assert_int_eq(mikey_cms_aed_decrypt(NULL, &aed, test_kek16, 16, pt, &pl), MIKEY_E_CMS_ALGORITHM);
  aed = good;
  aed.content_len = 63;
  ck_assert_int_eq(mikey_cms_aed_decrypt(NULL, &aed, test_kek16, 16, pt, &pl), MIKEY_E_INVAL);
  aed = good;
  aed.alg = MIKEY_CMS_AES256_GCM; /* a 16-byte wrap for a 32-byte CEK */
  ck_assert_int_eq(mikey_cms_aed_decrypt(NULL, &aed, test_kek16, 16, pt, &pl), MIKEY_E_KEY_LENGTH);
  aed = good;
  aed.mac = NULL;
  ck_assert_int_eq(mikey_cms_aed_decrypt(NULL, &aed, test_kek16, 16, pt, &pl), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_cms_aed_decrypt(NULL, &good, test_kek16, 16, pt, &pl), 0);
  ck_assert_bytes(pt, pl, content, 64);
  free(msg);
  free(content);
}
END_TEST

static Suite *cms_suite(void) {
  Suite *s = suite_create("cms_aed");
  TCase *tc = tcase_create("round trip");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, every_algorithm_and_size_round_trips);
  tcase_add_test(tc, every_nonce_and_icv_length_round_trips);
  tcase_add_test(tc, attributes_round_trip_and_are_exposed);
  tcase_add_test(tc, build_matches_the_independent_encoder_byte_for_byte);
  tcase_add_test(tc, sizing_reports_the_exact_length_and_short_buffers_are_untouched);
  tcase_add_test(tc, accepted_variants_open);
  tcase_add_test(tc, openssl_messages_open_to_the_right_plaintext);
  suite_add_tcase(s, tc);
  tc = tcase_create("refusals");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, wrong_kek_identifier_or_length_is_refused);
  tcase_add_test(tc, every_flipped_byte_of_ciphertext_tag_and_nonce_fails_authentication);
  tcase_add_test(tc, every_flipped_byte_of_the_parameters_is_refused);
  tcase_add_test(tc, every_flipped_byte_of_the_auth_attrs_is_refused);
  tcase_add_test(tc, auth_attrs_are_authenticated_as_a_der_set_of);
  tcase_add_test(tc, tag_length_must_be_declared_and_allowed);
  tcase_add_test(tc, parameter_layouts_and_nonce_lengths_are_checked);
  tcase_add_test(tc, only_the_four_aead_oids_and_two_wrap_oids_are_accepted);
  tcase_add_test(tc, kek_and_cek_lengths_follow_d6);
  tcase_add_test(tc, versions_recipients_and_optional_fields_are_checked);
  tcase_add_test(tc, truncation_at_every_point_is_refused);
  tcase_add_test(tc, lengths_past_the_end_and_nonminimal_lengths_are_refused);
  tcase_add_test(tc, indefinite_lengths_nested_past_the_bound_are_refused);
  tcase_add_test(tc, randomness_failure_and_bad_arguments_are_reported);
  tcase_add_test(tc, decrypt_checks_the_callers_struct_again);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(cms_suite()); }
