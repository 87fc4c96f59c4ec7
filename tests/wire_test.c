/*
 * wire_test.c: the bounded reader refuses every short read without moving, and the writer
 * reports the exact size for any buffer.
 */
#include <string.h>

#include "mikey_test.h"
#include "wire/mikey_rd.h"
#include "wire/mikey_wr.h"

START_TEST(reader_reads_big_endian_fields) {
  static const uint8_t in[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                               0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e};
  mikey_rd r;
  mikey_rd_init(&r, in, sizeof(in));
  uint8_t a;
  uint16_t b;
  uint32_t c;
  uint64_t d;
  ck_assert_int_eq(mikey_rd_u8(&r, &a), 0);
  ck_assert_uint_eq(a, 0x01);
  ck_assert_int_eq(mikey_rd_u16(&r, &b), 0);
  ck_assert_uint_eq(b, 0x0203);
  ck_assert_int_eq(mikey_rd_u32(&r, &c), 0);
  ck_assert_uint_eq(c, 0x04050607);
  ck_assert_int_eq(mikey_rd_uint(&r, 6, &d), 0);
  ck_assert_uint_eq(d, 0x08090a0b0c0dULL);
  ck_assert_uint_eq(mikey_rd_offset(&r), 13);
  ck_assert_int_eq(mikey_rd_done(&r), MIKEY_E_TRAILING);
  const uint8_t *v;
  ck_assert_int_eq(mikey_rd_bytes(&r, 1, &v), 0);
  ck_assert_ptr_eq(v, in + 13);
  ck_assert_int_eq(mikey_rd_done(&r), 0);
}
END_TEST

/* At every length short of a field, the read fails and the position stays. */
START_TEST(reader_refuses_short_reads_without_moving) {
  static const uint8_t in[8] = {0};
  for (size_t n = 0; n < 8; n++) {
    mikey_rd r;
    mikey_rd_init(&r, in, n);
    uint16_t b;
    uint32_t c;
    uint64_t d;
    const uint8_t *v;
    if (n < 2) {
      ck_assert_int_eq(mikey_rd_u16(&r, &b), MIKEY_E_TRUNCATED);
    }
    if (n < 4) {
      ck_assert_int_eq(mikey_rd_u32(&r, &c), MIKEY_E_TRUNCATED);
    }
    ck_assert_int_eq(mikey_rd_uint(&r, 8, &d), MIKEY_E_TRUNCATED);
    ck_assert_int_eq(mikey_rd_bytes(&r, n + 1, &v), MIKEY_E_TRUNCATED);
    ck_assert_int_eq(mikey_rd_skip(&r, n + 1), MIKEY_E_TRUNCATED);
    ck_assert_uint_eq(mikey_rd_offset(&r), 0);
    ck_assert_uint_eq(mikey_rd_left(&r), n);
  }
  mikey_rd r;
  mikey_rd_init(&r, NULL, 0);
  uint8_t a;
  ck_assert_int_eq(mikey_rd_u8(&r, &a), MIKEY_E_TRUNCATED);
  ck_assert_int_eq(mikey_rd_done(&r), 0);
  /* a huge length cannot wrap around the end pointer */
  mikey_rd_init(&r, in, sizeof(in));
  ck_assert_int_eq(mikey_rd_skip(&r, SIZE_MAX), MIKEY_E_TRUNCATED);
}
END_TEST

START_TEST(sub_reader_keeps_absolute_offsets_and_bounds) {
  static const uint8_t in[6] = {1, 2, 3, 4, 5, 6};
  mikey_rd r, sub;
  mikey_rd_init(&r, in, sizeof(in));
  ck_assert_int_eq(mikey_rd_skip(&r, 1), 0);
  ck_assert_int_eq(mikey_rd_sub(&r, 3, &sub), 0);
  ck_assert_uint_eq(mikey_rd_offset(&r), 4);
  ck_assert_uint_eq(mikey_rd_offset(&sub), 1);
  uint32_t c;
  ck_assert_int_eq(mikey_rd_u32(&sub, &c), MIKEY_E_TRUNCATED); /* may not read past its end */
  uint16_t b;
  ck_assert_int_eq(mikey_rd_u16(&sub, &b), 0);
  ck_assert_uint_eq(b, 0x0203);
  ck_assert_int_eq(mikey_rd_done(&sub), MIKEY_E_TRAILING);
  ck_assert_int_eq(mikey_rd_sub(&r, 3, &sub), MIKEY_E_TRUNCATED);
}
END_TEST

/* Writes the same 9 bytes into buffers of every size and checks the reported size. */
static int write_sample(uint8_t *buf, size_t cap, size_t *outlen) {
  mikey_wr w;
  mikey_wr_init(&w, buf, cap);
  size_t m = mikey_wr_mark(&w);
  mikey_wr_u16(&w, 0);
  mikey_wr_u8(&w, 0xab);
  mikey_wr_u32(&w, 0x01020304);
  static const uint8_t two[] = {0xee, 0xff};
  mikey_wr_bytes(&w, two, 2);
  mikey_wr_patch_uint(&w, m, mikey_wr_mark(&w) - m - 2, 2);
  return mikey_wr_finish(&w, outlen);
}

START_TEST(writer_reports_exact_size_for_every_buffer) {
  static const uint8_t want[] = {0x00, 0x07, 0xab, 0x01, 0x02, 0x03, 0x04, 0xee, 0xff};
  uint8_t buf[16];
  size_t len;
  ck_assert_int_eq(write_sample(NULL, 0, &len), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(len, sizeof(want));
  for (size_t cap = 0; cap < sizeof(want); cap++) {
    memset(buf, 0x5a, sizeof(buf));
    ck_assert_int_eq(write_sample(buf, cap, &len), MIKEY_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(len, sizeof(want));
    for (size_t i = cap; i < sizeof(buf); i++) {
      ck_assert_uint_eq(buf[i], 0x5a); /* nothing written past the capacity */
    }
  }
  ck_assert_int_eq(write_sample(buf, sizeof(buf), &len), 0);
  ck_assert_bytes(buf, len, want, sizeof(want));
}
END_TEST

START_TEST(writer_count_saturates) {
  mikey_wr w;
  mikey_wr_init(&w, NULL, 0);
  mikey_wr_advance(&w, SIZE_MAX - 1);
  mikey_wr_zero(&w, 5);
  size_t len;
  ck_assert_int_eq(mikey_wr_finish(&w, &len), MIKEY_E_LIMIT);
  ck_assert_uint_eq(len, SIZE_MAX);
}
END_TEST

static Suite *wire_suite(void) {
  Suite *s = suite_create("wire");
  TCase *tc = tcase_create("rd_wr");
  tcase_add_test(tc, reader_reads_big_endian_fields);
  tcase_add_test(tc, reader_refuses_short_reads_without_moving);
  tcase_add_test(tc, sub_reader_keeps_absolute_offsets_and_bounds);
  tcase_add_test(tc, writer_reports_exact_size_for_every_buffer);
  tcase_add_test(tc, writer_count_saturates);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(wire_suite()); }
