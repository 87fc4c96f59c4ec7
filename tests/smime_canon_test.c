/*
 * smime_canon_test.c: canonical CRLF line endings before protection (RFC 5751 3.1.1).
 */
#include <string.h>

#include <mikey/smime.h>

#include "mikey_test.h"

#define U8(s) ((const uint8_t *)(s))

static const struct {
  const char *in, *out;
} cases[] = {
    {"", ""},
    {"no line break", "no line break"},
    {"a\r\nb\r\n", "a\r\nb\r\n"},     /* already canonical: unchanged */
    {"a\nb\n", "a\r\nb\r\n"},         /* Unix */
    {"a\rb\r", "a\r\nb\r\n"},         /* old Mac */
    {"a\r\r\nb", "a\r\n\r\nb"},       /* bare CR then CRLF */
    {"a\n\r\nb", "a\r\n\r\nb"},       /* bare LF then CRLF */
    {"a\n\rb", "a\r\n\r\nb"},         /* LF CR is two line breaks, not one */
    {"\n", "\r\n"},
    {"\r", "\r\n"},
    {"\r\n", "\r\n"},
    {"Content-Type: text/plain\n\nAll your base are belong to us.\n",
     "Content-Type: text/plain\r\n\r\nAll your base are belong to us.\r\n"},
};

START_TEST(line_endings_become_crlf) {
  const char *in = cases[_i].in, *want = cases[_i].out;
  uint8_t out[128], again[128];
  size_t n = 999, m;
  ck_assert_int_eq(mikey_smime_canon(U8(in), strlen(in), NULL, 0, &n),
                   strlen(want) ? MIKEY_E_BUFFER_TOO_SMALL : 0);
  ck_assert_uint_eq(n, strlen(want));
  ck_assert_int_eq(mikey_smime_canon(U8(in), strlen(in), out, n, &n), 0);
  ck_assert_bytes(out, n, U8(want), strlen(want));
  /* Idempotent: canonical input is left as it is. */
  ck_assert_int_eq(mikey_smime_canon(out, n, again, sizeof(again), &m), 0);
  ck_assert_bytes(again, m, out, n);
}
END_TEST

START_TEST(short_buffer_and_arguments) {
  uint8_t out[8];
  size_t n;
  memset(out, 0x55, sizeof(out));
  ck_assert_int_eq(mikey_smime_canon(U8("a\nb"), 3, out, 3, &n), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, 4);
  ck_assert_uint_eq(out[0], 0x55);
  ck_assert_int_eq(mikey_smime_canon(NULL, 1, out, 8, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_smime_canon(U8("a"), 1, out, 8, NULL), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_smime_canon(U8("a"), SIZE_MAX, out, 8, &n), MIKEY_E_LIMIT);
  ck_assert_int_eq(mikey_smime_canon(NULL, 0, NULL, 0, &n), 0);
  ck_assert_uint_eq(n, 0);
}
END_TEST

static Suite *smime_canon_suite(void) {
  Suite *s = suite_create("smime_canon");
  TCase *tc = tcase_create("core");
  tcase_add_loop_test(tc, line_endings_become_crlf, 0, (int)(sizeof(cases) / sizeof(cases[0])));
  tcase_add_test(tc, short_buffer_and_arguments);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(smime_canon_suite()); }
