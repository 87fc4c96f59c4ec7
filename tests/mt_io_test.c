/*
 * mt_io_test.c: mikeytool's input helpers (mt_io.c): the header section of sip-body.txt
 * (mt_split_header), base64 detection (mt_unarmor), identities printed as text or hex.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mikey_test.h"
#include "mikeytool/mt.h"

/* split runs mt_split_header on the string |s|. */
static int split(const char *s, const char *name, size_t *vo, size_t *vl, size_t *bo) {
  return mt_split_header((const uint8_t *)s, strlen(s), name, vo, vl, bo);
}

START_TEST(finds_the_field_and_the_body) {
  static const char in[] = "Content-Length: 4\r\n"
                           "content-TYPE:  multipart/mixed;boundary=\"b\"\r\n"
                           "\r\n"
                           "body";
  size_t vo = 0, vl = 0, bo = 0;
  ck_assert_int_eq(split(in, "Content-Type", &vo, &vl, &bo), 0);
  ck_assert_uint_eq(vl, strlen("multipart/mixed;boundary=\"b\""));
  ck_assert_int_eq(memcmp(in + vo, "multipart/mixed;boundary=\"b\"", vl), 0);
  ck_assert_str_eq(in + bo, "body");
  /* bare LF line ends */
  static const char lf[] = "Content-Type: a/b\n\nX";
  ck_assert_int_eq(split(lf, "Content-Type", &vo, &vl, &bo), 0);
  ck_assert_uint_eq(vo, 14);
  ck_assert_uint_eq(vl, 3);
  ck_assert_uint_eq(bo, 19);
  /* an empty body */
  static const char empty[] = "Content-Type: a/b\r\n\r\n";
  ck_assert_int_eq(split(empty, "Content-Type", &vo, &vl, &bo), 0);
  ck_assert_uint_eq(bo, strlen(empty));
}
END_TEST

START_TEST(folded_value) {
  /* RFC 5322 2.2.3: a line starting with a blank continues the field */
  static const char in[] = "Content-Type: multipart/mixed;\r\n\tboundary=b\r\nX-Other: 1\r\n\r\nB";
  size_t vo = 0, vl = 0, bo = 0;
  ck_assert_int_eq(split(in, "Content-Type", &vo, &vl, &bo), 0);
  ck_assert_uint_eq(vo, 14);
  ck_assert_uint_eq(vl, strlen("multipart/mixed;\r\n\tboundary=b"));
  ck_assert_int_eq(memcmp(in + vo, "multipart/mixed;\r\n\tboundary=b", vl), 0);
  ck_assert_str_eq(in + bo, "B");
}
END_TEST

START_TEST(refusals) {
  size_t vo = 7, vl = 7, bo = 7;
  ck_assert_int_eq(split("Content-Type: a/b\r\nbody without empty line", "Content-Type", &vo,
                         &vl, &bo),
                   -1);
  ck_assert_int_eq(split("Content-Type: a/b\r\n", "Content-Type", &vo, &vl, &bo), -1);
  ck_assert_int_eq(split("", "Content-Type", &vo, &vl, &bo), -1);
  ck_assert_int_eq(split("Content-Length: 1\r\n\r\nB", "Content-Type", &vo, &vl, &bo), -2);
  ck_assert_int_eq(split("\r\nContent-Type: a/b\r\n\r\n", "Content-Type", &vo, &vl, &bo), -2);
  /* a name that only starts like the field, or lacks its colon */
  ck_assert_int_eq(split("Content-Types: a\r\n\r\n", "Content-Type", &vo, &vl, &bo), -2);
  ck_assert_int_eq(split("Content-Type\r\n\r\n", "Content-Type", &vo, &vl, &bo), -2);
  ck_assert_int_eq(split("Content-Type: a\r\nContent-Type: b\r\n\r\n", "Content-Type", &vo,
                         &vl, &bo),
                   -3);
  ck_assert_uint_eq(bo, 7); /* nothing reported on failure */
}
END_TEST

START_TEST(unarmor_detects_base64) {
  /* a binary message (version byte 0x01) stays as it is */
  uint8_t *b = malloc(3);
  ck_assert_ptr_nonnull(b);
  memcpy(b, "\x01\x0e\x05", 3);
  size_t n = 3;
  ck_assert_int_eq(mt_unarmor(&b, &n), MT_EXIT_OK);
  ck_assert_uint_eq(n, 3);
  ck_assert_int_eq(memcmp(b, "\x01\x0e\x05", 3), 0);
  free(b);
  /* "AQ4F" is base64 of 01 0e 05 (RFC 4648 4), wrapped lines allowed */
  b = malloc(6);
  ck_assert_ptr_nonnull(b);
  memcpy(b, "AQ\r\n4F", 6);
  n = 6;
  ck_assert_int_eq(mt_unarmor(&b, &n), MT_EXIT_OK);
  ck_assert_uint_eq(n, 3);
  ck_assert_int_eq(memcmp(b, "\x01\x0e\x05", 3), 0);
  free(b);
  b = malloc(4);
  ck_assert_ptr_nonnull(b);
  memcpy(b, "AQ!F", 4);
  n = 4;
  ck_assert_int_eq(mt_unarmor(&b, &n), MT_EXIT_REFUSED);
  free(b);
}
END_TEST

START_TEST(identities_as_text_or_hex) {
  char *p = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&p, &n);
  ck_assert_ptr_nonnull(f);
  mt_print_ident(f, (const uint8_t *)"sip:a@b", 7);
  fputc('|', f);
  mt_print_ident(f, (const uint8_t *)"\x00\xff", 2);
  fputc('|', f);
  mt_print_ident(f, (const uint8_t *)"a\nb", 3);
  fclose(f);
  ck_assert_str_eq(p, "sip:a@b|hex:00ff|hex:610a62");
  free(p);
}
END_TEST

static Suite *io_suite(void) {
  Suite *s = suite_create("mt_io");
  TCase *tc = tcase_create("io");
  tcase_add_test(tc, finds_the_field_and_the_body);
  tcase_add_test(tc, folded_value);
  tcase_add_test(tc, refusals);
  tcase_add_test(tc, unarmor_detects_base64);
  tcase_add_test(tc, identities_as_text_or_hex);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(io_suite()); }
