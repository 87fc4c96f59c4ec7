/*
 * der_test.c: the strict DER encoder and the bounded DER/BER decoder of lib/cms/mikey_der.c.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/common.h>

#include "cms/mikey_der.h"
#include "mikey_test.h"

/* X.690 8.1.3: the length octets for lengths at each boundary of the short and long forms. */
START_TEST(lengths_are_encoded_in_the_fewest_octets) {
  static const struct {
    size_t len;
    const char *hex;
  } v[] = {
      {0, "04 00"},
      {1, "04 01"},
      {127, "04 7f"},
      {128, "04 81 80"},
      {255, "04 81 ff"},
      {256, "04 82 01 00"},
      {65535, "04 82 ff ff"},
      {65536, "04 83 01 00 00"},
      {16777216, "04 84 01 00 00 00"},
  };
  for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
    uint8_t want[8], got[16];
    size_t wl = test_hex(v[i].hex, want, sizeof(want));
    uint8_t *end = mikey_der_put_hdr(got, MIKEY_DER_OCTET_STRING, v[i].len);
    ck_assert_bytes(got, (size_t)(end - got), want, wl);
    ck_assert_uint_eq(mikey_der_len_size(v[i].len) + 1, wl);
    ck_assert_uint_eq(mikey_der_tlv_size(v[i].len), wl + v[i].len);
    /* The decoder reads back what the encoder wrote. */
    mikey_der_hdr h;
    ck_assert_int_eq(mikey_der_get_hdr(got, wl, &h), 0);
    ck_assert_uint_eq(h.len, v[i].len);
    ck_assert_uint_eq(h.hdr_len, wl);
    ck_assert_uint_eq(h.indef, 0);
  }
}
END_TEST

START_TEST(sizes_saturate_instead_of_wrapping) {
  ck_assert_uint_eq(mikey_der_add(SIZE_MAX - 1, 1), SIZE_MAX);
  ck_assert_uint_eq(mikey_der_add(SIZE_MAX - 1, 2), SIZE_MAX);
  ck_assert_uint_eq(mikey_der_add(3, 4), 7);
  ck_assert_uint_eq(mikey_der_tlv_size(SIZE_MAX - 3), SIZE_MAX);
  ck_assert_uint_eq(mikey_der_tlv_size(SIZE_MAX - 20), SIZE_MAX - 10); /* 9 length octets */
  ck_assert_uint_eq(mikey_der_tlv_size(SIZE_MAX - 9), SIZE_MAX);
}
END_TEST

/* X.690 8.3: INTEGER in the shortest two's complement form. */
START_TEST(integers_are_minimal_twos_complement) {
  static const struct {
    uint32_t v;
    const char *hex;
  } v[] = {
      {0, "02 01 00"},
      {4, "02 01 04"},
      {127, "02 01 7f"},
      {128, "02 02 00 80"},
      {255, "02 02 00 ff"},
      {256, "02 02 01 00"},
      {32767, "02 02 7f ff"},
      {32768, "02 03 00 80 00"},
      {0x7fffffff, "02 04 7f ff ff ff"},
      {0x80000000, "02 05 00 80 00 00 00"},
      {0xffffffff, "02 05 00 ff ff ff ff"},
  };
  for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
    uint8_t want[8], got[8];
    size_t wl = test_hex(v[i].hex, want, sizeof(want));
    uint8_t *end = mikey_der_put_uint(got, v[i].v);
    ck_assert_bytes(got, (size_t)(end - got), want, wl);
    ck_assert_uint_eq(mikey_der_uint_size(v[i].v), wl);
    uint32_t back = 1;
    ck_assert_int_eq(mikey_der_get_uint(got + 2, wl - 2, &back), 0);
    ck_assert_uint_eq(back, v[i].v);
  }
}
END_TEST

START_TEST(integer_decoding_refuses_redundant_negative_and_long) {
  uint8_t b[8] = {0};
  uint32_t v;
  ck_assert_int_eq(mikey_der_get_uint(b, 0, &v), MIKEY_E_DER);
  size_t n = test_hex("00 0c", b, sizeof(b));
  ck_assert_int_eq(mikey_der_get_uint(b, n, &v), MIKEY_E_DER_NONMINIMAL);
  n = test_hex("00 00 80", b, sizeof(b));
  ck_assert_int_eq(mikey_der_get_uint(b, n, &v), MIKEY_E_DER_NONMINIMAL);
  n = test_hex("ff 80", b, sizeof(b));
  ck_assert_int_eq(mikey_der_get_uint(b, n, &v), MIKEY_E_DER_NONMINIMAL);
  n = test_hex("f4", b, sizeof(b)); /* -12 */
  ck_assert_int_eq(mikey_der_get_uint(b, n, &v), MIKEY_E_LIMIT);
  n = test_hex("01 00 00 00 00", b, sizeof(b));
  ck_assert_int_eq(mikey_der_get_uint(b, n, &v), MIKEY_E_LIMIT);
  n = test_hex("00 80", b, sizeof(b));
  ck_assert_int_eq(mikey_der_get_uint(b, n, &v), 0);
  ck_assert_uint_eq(v, 128);
}
END_TEST

/* Refusals of identifier and length octets, each with its code. */
START_TEST(headers_refuse_nonminimal_reserved_and_unbounded) {
  static const struct {
    const char *hex;
    int rv;
  } v[] = {
      {"04 81 05", MIKEY_E_DER_NONMINIMAL},    /* long form for a short length */
      {"04 81 7f", MIKEY_E_DER_NONMINIMAL},
      {"04 82 00 80", MIKEY_E_DER_NONMINIMAL}, /* leading zero octet */
      {"04 83 00 01 00", MIKEY_E_DER_NONMINIMAL},
      {"04 ff", MIKEY_E_DER},                  /* reserved (8.1.3.5 c) */
      {"04 80", MIKEY_E_DER},                  /* indefinite on a primitive */
      {"1f 01", MIKEY_E_DER},                  /* high tag number form */
      {"04 89 01 00 00 00 00 00 00 00 00", MIKEY_E_DER}, /* 9 length octets */
      {"04", MIKEY_DER_MORE},
      {"04 82 01", MIKEY_DER_MORE},
      {"", MIKEY_DER_MORE},
  };
  for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
    uint8_t b[16] = {0};
    size_t n = test_hex(v[i].hex, b, sizeof(b));
    mikey_der_hdr h;
    ck_assert_msg(mikey_der_get_hdr(b, n, &h) == v[i].rv, "case %zu (%s)", i, v[i].hex);
  }
  uint8_t b[4];
  size_t n = test_hex("30 80", b, sizeof(b));
  mikey_der_hdr h;
  ck_assert_int_eq(mikey_der_get_hdr(b, n, &h), 0);
  ck_assert_uint_eq(h.indef, 1);
}
END_TEST

/* nested builds |depth| indefinite SEQUENCEs around an empty OCTET STRING. */
static uint8_t *nested(unsigned depth, size_t *len) {
  uint8_t *b = malloc(4 * depth + 2);
  ck_assert_ptr_nonnull(b);
  size_t n = 0;
  for (unsigned i = 0; i < depth; i++) {
    b[n++] = 0x30;
    b[n++] = 0x80;
  }
  b[n++] = 0x04;
  b[n++] = 0x00;
  for (unsigned i = 0; i < depth; i++) {
    b[n++] = 0;
    b[n++] = 0;
  }
  *len = n;
  return b;
}

START_TEST(indefinite_lengths_are_measured_up_to_the_bound) {
  size_t n, size;
  uint8_t *b = nested(MIKEY_DER_MAX_DEPTH, &n);
  ck_assert_int_eq(mikey_der_elem_size(b, n, 0, &size), 0);
  ck_assert_uint_eq(size, n);
  /* Cut anywhere: more is needed. */
  for (size_t k = 0; k < n; k++) {
    ck_assert_int_eq(mikey_der_elem_size(b, k, 0, &size), MIKEY_DER_MORE);
  }
  free(b);
  b = nested(MIKEY_DER_MAX_DEPTH + 1, &n);
  ck_assert_int_eq(mikey_der_elem_size(b, n, 0, &size), MIKEY_E_DER_DEPTH);
  free(b);
  b = nested(1000, &n);
  ck_assert_int_eq(mikey_der_elem_size(b, n, 0, &size), MIKEY_E_DER_DEPTH);
  free(b);
}
END_TEST

START_TEST(end_of_contents_must_be_two_zero_octets) {
  uint8_t b[16] = {0};
  size_t n = test_hex("30 80 05 00 00 01", b, sizeof(b));
  size_t size;
  ck_assert_int_eq(mikey_der_elem_size(b, n, 0, &size), MIKEY_E_DER);
  n = test_hex("30 80 05 00 00 00 ff", b, sizeof(b));
  ck_assert_int_eq(mikey_der_elem_size(b, n, 0, &size), 0);
  ck_assert_uint_eq(size, 6);
}
END_TEST

START_TEST(reader_needs_permission_for_indefinite_lengths) {
  uint8_t b[16] = {0};
  size_t n = test_hex("30 80 02 01 05 00 00", b, sizeof(b));
  mikey_der_rd rd;
  mikey_der_elem e;
  mikey_der_rd_init(&rd, b, n);
  ck_assert_int_eq(mikey_der_next(&rd, &e, 0), MIKEY_E_DER_NONMINIMAL);
  ck_assert_ptr_eq(rd.p, b); /* did not move */
  ck_assert_int_eq(mikey_der_next(&rd, &e, MIKEY_DER_BER), 0);
  ck_assert_uint_eq(e.indef, 1);
  ck_assert_uint_eq(e.size, 7);
  ck_assert_uint_eq(e.len, 3);
  ck_assert_ptr_eq(e.val, b + 2);
  ck_assert_int_eq(mikey_der_done(&rd), 0);
  mikey_der_rd sub;
  mikey_der_enter(&rd, &e, &sub);
  ck_assert_uint_eq(sub.depth, 1);
  ck_assert_int_eq(mikey_der_expect(&sub, MIKEY_DER_INTEGER, &e, 0), 0);
  ck_assert_int_eq(mikey_der_done(&sub), 0);
  ck_assert_int_eq(mikey_der_peek(&sub), -1);
}
END_TEST

START_TEST(reader_refuses_lengths_past_the_end_and_stray_eoc) {
  uint8_t b[16] = {0};
  mikey_der_rd rd;
  mikey_der_elem e;
  size_t n = test_hex("30 04 02 01 05", b, sizeof(b));
  mikey_der_rd_init(&rd, b, n);
  ck_assert_int_eq(mikey_der_next(&rd, &e, 0), MIKEY_E_DER);
  /* The same with "more": the data may still come. */
  rd.more = 1;
  ck_assert_int_eq(mikey_der_next(&rd, &e, 0), MIKEY_DER_MORE);
  n = test_hex("00 00", b, sizeof(b));
  mikey_der_rd_init(&rd, b, n);
  ck_assert_int_eq(mikey_der_next(&rd, &e, MIKEY_DER_BER), MIKEY_E_DER);
  mikey_der_rd_init(&rd, b, 0);
  ck_assert_int_eq(mikey_der_next(&rd, &e, 0), MIKEY_E_DER);
  n = test_hex("02 01 05 05 00", b, sizeof(b));
  mikey_der_rd_init(&rd, b, n);
  ck_assert_int_eq(mikey_der_expect(&rd, MIKEY_DER_OCTET_STRING, &e, 0), MIKEY_E_DER);
  ck_assert_int_eq(mikey_der_expect(&rd, MIKEY_DER_INTEGER, &e, 0), 0);
  ck_assert_int_eq(mikey_der_done(&rd), MIKEY_E_TRAILING);
}
END_TEST

START_TEST(der_check_refuses_ber_anywhere_inside) {
  uint8_t b[32];
  size_t n = test_hex("30 08 06 03 2a 03 04 31 01 05", b, sizeof(b));
  /* the SET above claims one byte but holds "05" only: its contents are "05", a truncated
   * element. */
  ck_assert_int_eq(mikey_der_check_der(b, n, 0), MIKEY_E_DER);
  n = test_hex("30 09 06 03 2a 03 04 31 02 05 00", b, sizeof(b));
  ck_assert_int_eq(mikey_der_check_der(b, n, 0), 0);
  n = test_hex("30 0b 06 03 2a 03 04 31 80 05 00 00 00", b, sizeof(b));
  ck_assert_int_eq(mikey_der_check_der(b, n, 0), MIKEY_E_DER_NONMINIMAL);
  n = test_hex("30 0a 06 03 2a 03 04 31 81 02 05 00", b, sizeof(b));
  ck_assert_int_eq(mikey_der_check_der(b, n, 0), MIKEY_E_DER_NONMINIMAL);
  n = test_hex("30 02 00 00", b, sizeof(b));
  ck_assert_int_eq(mikey_der_check_der(b, n, 0), MIKEY_E_DER);
  /* Definite nesting past the bound. */
  uint8_t deep[2 * (MIKEY_DER_MAX_DEPTH + 2)];
  size_t d = MIKEY_DER_MAX_DEPTH + 2;
  for (size_t i = 0; i < d; i++) {
    deep[2 * i] = 0x30;
    deep[2 * i + 1] = (uint8_t)(2 * (d - i - 1));
  }
  ck_assert_int_eq(mikey_der_check_der(deep, sizeof(deep), 0), MIKEY_E_DER_DEPTH);
  ck_assert_int_eq(mikey_der_check_der(deep + 8, sizeof(deep) - 8, 0), 0);
}
END_TEST

static Suite *der_suite(void) {
  Suite *s = suite_create("der");
  TCase *tc = tcase_create("encode");
  tcase_add_test(tc, lengths_are_encoded_in_the_fewest_octets);
  tcase_add_test(tc, sizes_saturate_instead_of_wrapping);
  tcase_add_test(tc, integers_are_minimal_twos_complement);
  suite_add_tcase(s, tc);
  tc = tcase_create("decode");
  tcase_add_test(tc, integer_decoding_refuses_redundant_negative_and_long);
  tcase_add_test(tc, headers_refuse_nonminimal_reserved_and_unbounded);
  tcase_add_test(tc, indefinite_lengths_are_measured_up_to_the_bound);
  tcase_add_test(tc, end_of_contents_must_be_two_zero_octets);
  tcase_add_test(tc, reader_needs_permission_for_indefinite_lengths);
  tcase_add_test(tc, reader_refuses_lengths_past_the_end_and_stray_eoc);
  tcase_add_test(tc, der_check_refuses_ber_anywhere_inside);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(der_suite()); }
