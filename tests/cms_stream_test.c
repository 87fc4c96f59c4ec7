/*
 * cms_stream_test.c: the streaming encoder and decoder (lib/cms/mikey_cms_stream_*.c).
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/cms.h>

#include "cms_test_enc.h"
#include "mikey_test.h"

static const mikey_cms_alg ALGS[] = {MIKEY_CMS_AES128_GCM, MIKEY_CMS_AES256_GCM,
                                     MIKEY_CMS_AES128_CCM, MIKEY_CMS_AES256_CCM};

static uint8_t *pattern(size_t n) {
  uint8_t *p = malloc(n + 1);
  ck_assert_ptr_nonnull(p);
  for (size_t i = 0; i < n; i++) {
    p[i] = (uint8_t)(i * 13 + (i >> 9) + 1);
  }
  return p;
}

/* stream_build builds |content| through the encoder, |step| bytes per update (the size of
 * each output asked first with update_size), and returns the message. */
static uint8_t *stream_build(const mikey_env *env, const mikey_cms_aed_opts *o,
                             const mikey_cms_kek *k, const uint8_t *content, size_t n,
                             size_t step, int ber, size_t *len) {
  mikey_cms_aed_encoder *enc;
  ck_assert_int_eq(mikey_cms_aed_encoder_new(&enc, env, o, k, ber ? MIKEY_CMS_LENGTH_UNKNOWN : n), 0);
  size_t cap = n + 4096, ol = 0;
  uint8_t *out = malloc(cap + 16 * (n / step + 2));
  cap += 16 * (n / step + 2);
  for (size_t off = 0; off < n; off += step) {
    size_t take = n - off < step ? n - off : step;
    size_t need = mikey_cms_aed_encoder_update_size(enc, take);
    size_t room = need;
    ck_assert_uint_le(ol + need, cap);
    if (need > 0) {
      /* One byte short first: refused, nothing consumed, the size reported. */
      size_t shortr = need - 1;
      ck_assert_int_eq(mikey_cms_aed_encoder_update(enc, content + off, take, out + ol, &shortr), MIKEY_E_BUFFER_TOO_SMALL);
      ck_assert_uint_eq(shortr, need);
    }
    ck_assert_int_eq(mikey_cms_aed_encoder_update(enc, content + off, take, out + ol, &room), 0);
    ck_assert_uint_eq(room, need);
    ol += room;
  }
  size_t room = 0;
  ck_assert_int_eq(mikey_cms_aed_encoder_final(enc, out + ol, &room), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_le(ol + room, cap);
  ck_assert_int_eq(mikey_cms_aed_encoder_final(enc, out + ol, &room), 0);
  ol += room;
  size_t again = 100;
  ck_assert_int_eq(mikey_cms_aed_encoder_final(enc, out + ol, &again), MIKEY_E_STATE);
  mikey_cms_aed_encoder_free(enc);
  *len = ol;
  return out;
}

/* stream_open feeds |m| to a decoder |step| bytes at a time; returns the first failing code
 * (update or final) and the plaintext in |pt| (room for |m_len|). */
static int stream_open(const mikey_cms_kek *k, const uint8_t *m, size_t m_len, size_t step,
                       uint8_t *pt, size_t *pt_len) {
  mikey_cms_aed_decoder *dec;
  ck_assert_int_eq(mikey_cms_aed_decoder_new(&dec, k), 0);
  size_t got = 0;
  int rv = 0;
  for (size_t off = 0; off < m_len && rv == 0; off += step) {
    size_t take = m_len - off < step ? m_len - off : step;
    size_t room = take;
    rv = mikey_cms_aed_decoder_update(dec, m + off, take, pt + got, &room);
    if (rv == 0) {
      ck_assert_uint_le(room, take);
      got += room;
    } else {
      /* Sticky. */
      size_t r2 = 1;
      uint8_t b[1];
      ck_assert_int_eq(mikey_cms_aed_decoder_update(dec, m, 1, b, &r2), rv);
      ck_assert_int_eq(mikey_cms_aed_decoder_final(dec), rv);
    }
  }
  if (rv == 0) {
    rv = mikey_cms_aed_decoder_final(dec);
    if (rv == 0) {
      ck_assert_int_eq(mikey_cms_aed_decoder_final(dec), MIKEY_E_STATE);
    }
  }
  mikey_cms_aed_decoder_free(dec);
  *pt_len = got;
  return rv;
}

START_TEST(der_streaming_build_equals_the_one_shot_build) {
  static const size_t sizes[] = {0, 1, 16, 17, 1000, 70000};
  static const size_t steps[] = {1, 7, 16, 1000, 100000};
  uint8_t seed[44];
  memcpy(seed, test_cek32, 32);
  memcpy(seed + 32, test_nonce, 12);
  size_t al;
  uint8_t *attrs = test_hex_alloc("30 09 06 03 2a 03 04 31 02 05 00", &al);
  for (size_t a = 0; a < 4; a++) {
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
      for (size_t j = 0; j < sizeof(steps) / sizeof(steps[0]); j++) {
        size_t n = sizes[i];
        if (n > 1000 && steps[j] < 16) {
          continue;
        }
        uint8_t *content = pattern(n);
        test_rand r1 = {seed, 44, 0, 0, 0}, r2 = {seed, 44, 0, 0, 0};
        mikey_env e1 = {test_rand_cb, NULL, &r1}, e2 = {test_rand_cb, NULL, &r2};
        mikey_cms_aed_opts o = {.alg = ALGS[a], .auth_attrs = j % 2 ? attrs : NULL,
                                .auth_attrs_len = j % 2 ? al : 0};
        mikey_cms_kek k = {test_kek32, 32, (const uint8_t *)"kid", 3};
        size_t need, sl;
        ck_assert_int_eq(mikey_cms_aed_size(&o, &k, n, &need), 0);
        uint8_t *one = malloc(need);
        ck_assert_int_eq(mikey_cms_aed_build(NULL, &e1, &o, &k, content, n, one, &need), 0);
        uint8_t *st = stream_build(&e2, &o, &k, content, n, steps[j], 0, &sl);
        ck_assert_bytes(st, sl, one, need);
        ck_assert_uint_eq(r2.calls, 1);
        free(one);
        free(st);
        free(content);
      }
    }
  }
  free(attrs);
}
END_TEST

START_TEST(ber_streaming_build_opens_one_shot_and_streaming) {
  static const size_t sizes[] = {0, 1, 15, 1000, 70000};
  static const size_t steps[] = {1, 16, 999, 4096, 100000};
  for (size_t a = 0; a < 2; a++) {
    for (size_t i = 0; i < 5; i++) {
      for (size_t j = 0; j < 5; j++) {
        size_t n = sizes[i];
        if (n > 1000 && steps[j] < 16) {
          continue;
        }
        uint8_t *content = pattern(n);
        mikey_cms_aed_opts o = {.alg = ALGS[a]};
        mikey_cms_kek k = {test_kek32, 32, (const uint8_t *)"kid", 3};
        size_t ml;
        uint8_t *m = stream_build(NULL, &o, &k, content, n, steps[j], 1, &ml);
        ck_assert_uint_eq(m[0], 0x30);
        ck_assert_uint_eq(m[1], 0x80);
        uint8_t *pt = malloc(ml);
        size_t pl = ml;
        mikey_cms_aed aed;
        ck_assert_int_eq(mikey_cms_aed_open(NULL, m, ml, &k, pt, &pl, &aed), 0);
        ck_assert_bytes(pt, pl, content, n);
        ck_assert_int_eq(aed.content_chunked, 1);
        memset(pt, 0, ml);
        ck_assert_int_eq(stream_open(&k, m, ml, steps[(j + 1) % 5], pt, &pl), 0);
        ck_assert_bytes(pt, pl, content, n);
        free(pt);
        free(m);
        free(content);
      }
    }
  }
}
END_TEST

START_TEST(encoder_refuses_ccm_without_length_and_wrong_amounts) {
  mikey_cms_aed_encoder *enc;
  mikey_cms_kek k = {test_kek16, 16, (const uint8_t *)"kid", 3};
  mikey_cms_aed_opts o = {.alg = MIKEY_CMS_AES128_CCM};
  ck_assert_int_eq(mikey_cms_aed_encoder_new(&enc, NULL, &o, &k, MIKEY_CMS_LENGTH_UNKNOWN), MIKEY_E_UNSUPPORTED);
  ck_assert_int_eq(mikey_cms_aed_encoder_new(&enc, NULL, &o, &k, 10), 0);
  uint8_t buf[400];
  size_t room = sizeof(buf);
  /* 11 bytes announced as 10: refused, and sticky. */
  ck_assert_int_eq(mikey_cms_aed_encoder_update(enc, buf, 11, buf + 100, &room), MIKEY_E_INVAL);
  room = sizeof(buf);
  ck_assert_int_eq(mikey_cms_aed_encoder_update(enc, buf, 1, buf + 100, &room), MIKEY_E_INVAL);
  mikey_cms_aed_encoder_free(enc);
  ck_assert_int_eq(mikey_cms_aed_encoder_new(&enc, NULL, &o, &k, 10), 0);
  room = sizeof(buf);
  ck_assert_int_eq(mikey_cms_aed_encoder_update(enc, buf, 9, buf + 100, &room), 0);
  room = sizeof(buf);
  ck_assert_int_eq(mikey_cms_aed_encoder_final(enc, buf + 100, &room), MIKEY_E_STATE);
  mikey_cms_aed_encoder_free(enc);
  o.alg = MIKEY_CMS_AES256_GCM;
  ck_assert_int_eq(mikey_cms_aed_encoder_new(&enc, NULL, &o, &k, 10), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_cms_aed_encoder_new(NULL, NULL, &o, &k, 10), MIKEY_E_INVAL);
  /* Final with no update writes header and trailer: an empty message. */
  o.alg = MIKEY_CMS_AES128_GCM;
  ck_assert_int_eq(mikey_cms_aed_encoder_new(&enc, NULL, &o, &k, 0), 0);
  room = sizeof(buf);
  ck_assert_int_eq(mikey_cms_aed_encoder_final(enc, buf, &room), 0);
  mikey_cms_aed_encoder_free(enc);
  uint8_t pt[1];
  size_t pl = 0;
  ck_assert_int_eq(mikey_cms_aed_open(NULL, buf, room, &k, pt, &pl, NULL), 0);
  ck_assert_uint_eq(pl, 0);
  mikey_cms_aed_encoder_free(NULL);
}
END_TEST

/* The decoder takes any split of the input: one byte at a time up to all at once. */
START_TEST(decoder_takes_any_split_of_der_and_ber) {
  static const size_t steps[] = {1, 2, 3, 5, 8, 13, 100, 1000, 4097, 100000};
  uint8_t *content = pattern(5000);
  for (int variant = 0; variant < 6; variant++) {
    aed_spec s;
    test_spec_default(&s, content, 5000);
    switch (variant) {
      case 1: s.alg_arc = 7; s.nonce_len = 13; s.icv_decl = 8; s.tag_len = 8; s.content_len = 4000; break;
      case 2: s.ber = 1; s.chunk = 1000; break;
      case 3: s.ber = 1; s.chunk = 1; s.content_len = 300; break;
      case 4: s.chunk = 777; break; /* definite constructed */
      case 5: s.unauth_hex = "30 09 06 03 2a 03 04 31 02 05 00"; s.icv_decl = -1; s.tag_len = 12; break;
      default: break;
    }
    tbuf m;
    test_encode(&s, &m);
    mikey_cms_kek k = {s.kek, s.kek_len, (const uint8_t *)"\x01\x02\x03\x04", 4};
    uint8_t *pt = malloc(m.n);
    for (size_t j = 0; j < sizeof(steps) / sizeof(steps[0]); j++) {
      size_t pl;
      memset(pt, 0, m.n);
      int rv = stream_open(&k, m.p, m.n, steps[j], pt, &pl);
      ck_assert_msg(rv == 0, "variant %d step %zu: %s", variant, steps[j], mikey_err_name(rv));
      ck_assert_bytes(pt, pl, content, s.content_len);
    }
    free(pt);
    tb_free(&m);
  }
  free(content);
}
END_TEST

static void expect_stream(const aed_spec *s, int want, const char *what) {
  tbuf m;
  test_encode(s, &m);
  mikey_cms_kek k = {s->kek, s->kek_len, NULL, 0};
  uint8_t *pt = malloc(m.n + 1);
  for (size_t step = 1; step <= m.n; step = step * 4 + 3) {
    size_t pl;
    int rv = stream_open(&k, m.p, m.n, step, pt, &pl);
    ck_assert_msg(rv == want, "%s (step %zu): got %s want %s", what, step, mikey_err_name(rv), mikey_err_name(want));
  }
  free(pt);
  tb_free(&m);
}

START_TEST(decoder_refusals) {
  uint8_t *content = pattern(600);
  aed_spec s;
  test_spec_default(&s, content, 600);
  s.auth_hex = "30 09 06 03 2a 03 04 31 02 05 00";
  expect_stream(&s, MIKEY_E_UNSUPPORTED, "authAttrs");
  test_spec_default(&s, content, 600);
  s.alg_arc = 7;
  s.chunk = 100;
  s.ber = 1;
  expect_stream(&s, MIKEY_E_UNSUPPORTED, "CCM chunked");
  test_spec_default(&s, content, 600);
  s.mac_len = 12;
  expect_stream(&s, MIKEY_E_CMS_TAG_LENGTH, "mac short");
  test_spec_default(&s, content, 600);
  s.icv_decl = 8;
  s.mac_len = 8;
  expect_stream(&s, MIKEY_E_CMS_PARAMS, "GCM ICV 8");
  test_spec_default(&s, content, 600);
  s.n_recipients = 2;
  expect_stream(&s, MIKEY_E_CMS_RECIPIENTS, "two recipients");
  test_spec_default(&s, content, 600);
  s.trailing_hex = "00";
  expect_stream(&s, MIKEY_E_TRAILING, "trailing byte");
  s.ber = 1;
  s.chunk = 64;
  expect_stream(&s, MIKEY_E_TRAILING, "trailing byte (BER)");
  test_spec_default(&s, content, 600);
  s.kek_id_hex = NULL;
  {
    /* A KEK identifier longer than the head buffer. */
    size_t n = MIKEY_CMS_DECODER_HEADER_MAX + 10;
    char *h = malloc(3 * n + 1);
    for (size_t i = 0; i < n; i++) {
      memcpy(h + 3 * i, "ab ", 3);
    }
    h[3 * n] = 0;
    s.kek_id_hex = h;
    expect_stream(&s, MIKEY_E_LIMIT, "huge head");
    s.kek_id_hex = "01";
    s.unauth_hex = NULL;
    free(h);
  }
  {
    size_t n = MIKEY_CMS_DECODER_TRAILER_MAX;
    char *h = malloc(3 * n + 64);
    strcpy(h, "30 82 10 07 06 01 2a 31 82 10 00 04 82 0f fc ");
    size_t l = strlen(h);
    for (size_t i = 0; i < 0xffc; i++) {
      memcpy(h + l + 3 * i, "ab ", 3);
    }
    h[l + 3 * 0xffc] = 0;
    s.unauth_hex = h;
    expect_stream(&s, MIKEY_E_LIMIT, "huge tail");
    s.unauth_hex = NULL;
    free(h);
  }
  /* Flip every byte of the ciphertext and tag: the decoder's final fails, and each flip in
   * the head gives a parse refusal. */
  test_spec_default(&s, content, 100);
  tbuf m;
  test_encode(&s, &m);
  mikey_cms_kek k = {s.kek, s.kek_len, NULL, 0};
  uint8_t pt[400];
  for (size_t i = m.n - 118; i < m.n; i++) {
    if (i == m.n - 18 || i == m.n - 17) {
      continue; /* the mac's own header */
    }
    m.p[i] ^= 0x40;
    size_t pl;
    ck_assert_int_eq(stream_open(&k, m.p, m.n, 7, pt, &pl), MIKEY_E_AUTH);
    m.p[i] ^= 0x40;
  }
  /* Cut anywhere: refused by update (head) or by final. */
  for (size_t cut = 0; cut < m.n; cut++) {
    size_t pl;
    int rv = stream_open(&k, m.p, cut, 5, pt, &pl);
    ck_assert_msg(rv == MIKEY_E_DER, "cut %zu: %s", cut, mikey_err_name(rv));
  }
  /* Wrong KEK, KEK of the wrong size, wrong identifier. */
  uint8_t bad[16];
  memcpy(bad, s.kek, 16);
  bad[0] ^= 1;
  mikey_cms_kek kb = {bad, 16, NULL, 0};
  size_t pl;
  ck_assert_int_eq(stream_open(&kb, m.p, m.n, 50, pt, &pl), MIKEY_E_UNWRAP);
  kb.key = test_kek32;
  kb.key_len = 32;
  ck_assert_int_eq(stream_open(&kb, m.p, m.n, 50, pt, &pl), MIKEY_E_KEY_LENGTH);
  mikey_cms_kek ki = {s.kek, 16, (const uint8_t *)"\x01\x02\x03\x05", 4};
  ck_assert_int_eq(stream_open(&ki, m.p, m.n, 50, pt, &pl), MIKEY_E_CMS_KEK_ID);
  tb_free(&m);
  /* Arguments. */
  mikey_cms_aed_decoder *dec;
  ck_assert_int_eq(mikey_cms_aed_decoder_new(&dec, NULL), MIKEY_E_INVAL);
  mikey_cms_kek k24 = {test_kek32, 24, NULL, 0};
  ck_assert_int_eq(mikey_cms_aed_decoder_new(&dec, &k24), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(mikey_cms_aed_decoder_new(&dec, &k), 0);
  size_t room = 3;
  ck_assert_int_eq(mikey_cms_aed_decoder_update(dec, pt, 4, pt, &room), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(room, 4);
  ck_assert_int_eq(mikey_cms_aed_decoder_final(dec), MIKEY_E_DER);
  mikey_cms_aed_decoder_free(dec);
  mikey_cms_aed_decoder_free(NULL);
  free(content);
}
END_TEST

static Suite *stream_suite(void) {
  Suite *s = suite_create("cms_stream");
  TCase *tc = tcase_create("encoder");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, der_streaming_build_equals_the_one_shot_build);
  tcase_add_test(tc, ber_streaming_build_opens_one_shot_and_streaming);
  tcase_add_test(tc, encoder_refuses_ccm_without_length_and_wrong_amounts);
  suite_add_tcase(s, tc);
  tc = tcase_create("decoder");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, decoder_takes_any_split_of_der_and_ber);
  tcase_add_test(tc, decoder_refusals);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(stream_suite()); }
