/*
 * error_test.c: the error table names every code once and maps refusals as D12 says.
 */
#include <string.h>

#include <mikey/mikey.h>

#include "mikey_test.h"

/* Every code the header defines, written out here independently of lib/mikey_error.c. */
static const int all_codes[] = {
    MIKEY_E_INVAL, MIKEY_E_NOMEM, MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_CRYPTO, MIKEY_E_CALLBACK,
    MIKEY_E_STATE, MIKEY_E_UNSUPPORTED, MIKEY_E_NOT_FOUND, MIKEY_E_INTERNAL, MIKEY_E_RANDOM,
    MIKEY_E_LIMIT, MIKEY_E_TRUNCATED, MIKEY_E_TRAILING, MIKEY_E_UNKNOWN_PAYLOAD,
    MIKEY_E_RESERVED, MIKEY_E_TOO_MANY, MIKEY_E_BAD_LENGTH, MIKEY_E_BAD_VERSION,
    MIKEY_E_BAD_DATA_TYPE, MIKEY_E_MISSING_PAYLOAD, MIKEY_E_PAYLOAD_ORDER, MIKEY_E_AFTER_LAST,
    MIKEY_E_BAD_VALUE, MIKEY_E_BAD_COUNT, MIKEY_E_UNEXPECTED_PAYLOAD, MIKEY_E_DUPLICATE,
    MIKEY_E_AUTH, MIKEY_E_KEY_LENGTH, MIKEY_E_UNWRAP, MIKEY_E_SUITE, MIKEY_E_RAND_SHORT,
    MIKEY_E_UNKNOWN_KEY, MIKEY_E_SUITE_PRF, MIKEY_E_SUITE_MAC, MIKEY_E_SUITE_EA,
    MIKEY_E_TICKET_TYPE, MIKEY_E_TP_FLAGS, MIKEY_E_EXPIRED, MIKEY_E_NOT_YET_VALID,
    MIKEY_E_NOT_AUTHORIZED, MIKEY_E_APP, MIKEY_E_POLICY, MIKEY_E_KMS_ID, MIKEY_E_TIMESTAMP,
    MIKEY_E_REPLAY, MIKEY_E_NO_PENDING, MIKEY_E_MISMATCH, MIKEY_E_PEER_ERROR,
    MIKEY_E_VI_MISMATCH, MIKEY_E_VI_MISSING, MIKEY_E_POO_MISMATCH, MIKEY_E_KEK_REUSE,
    MIKEY_E_IDENTITY, MIKEY_E_DER, MIKEY_E_DER_NONMINIMAL, MIKEY_E_DER_DEPTH, MIKEY_E_CMS_TYPE,
    MIKEY_E_CMS_VERSION, MIKEY_E_CMS_ALGORITHM, MIKEY_E_CMS_RECIPIENTS, MIKEY_E_CMS_PARAMS,
    MIKEY_E_CMS_TAG_LENGTH, MIKEY_E_CMS_KEK_ID, MIKEY_E_MIME, MIKEY_E_MIME_BOUNDARY,
    MIKEY_E_MIME_NO_CLOSE, MIKEY_E_MIME_CONTENT_TYPE, MIKEY_E_MIME_PARTS, MIKEY_E_BASE64,
};
#define N_CODES (sizeof(all_codes) / sizeof(all_codes[0]))

START_TEST(every_code_has_a_distinct_name_and_text) {
  for (size_t i = 0; i < N_CODES; i++) {
    ck_assert_int_lt(all_codes[i], 0);
    ck_assert_str_ne(mikey_strerror(all_codes[i]), "unknown error");
    ck_assert_str_ne(mikey_err_name(all_codes[i]), "MIKEY_E_?");
    ck_assert_int_eq(strncmp(mikey_err_name(all_codes[i]), "MIKEY_E_", 8), 0);
    for (size_t j = 0; j < i; j++) {
      ck_assert_int_ne(all_codes[i], all_codes[j]);
      ck_assert_str_ne(mikey_err_name(all_codes[i]), mikey_err_name(all_codes[j]));
    }
  }
}
END_TEST

START_TEST(unknown_codes_are_named_unknown) {
  ck_assert_str_eq(mikey_strerror(-9999), "unknown error");
  ck_assert_str_eq(mikey_strerror(7), "unknown error");
  ck_assert_str_eq(mikey_err_name(-9999), "MIKEY_E_?");
  ck_assert_str_eq(mikey_strerror(0), "success");
  ck_assert_uint_eq(mikey_err_to_wire(-9999), 12);
}
END_TEST

/* D12, with the numbers of RFC 3830 Table 6.12 and RFC 6043 Table 6.14 written as literals. */
START_TEST(refusals_map_to_the_d12_error_numbers) {
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_AUTH), 0);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_UNKNOWN_KEY), 0);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_EXPIRED), 1);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_NOT_YET_VALID), 1);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_TIMESTAMP), 1);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_REPLAY), 1);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_SUITE_PRF), 2);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_SUITE_MAC), 3);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_SUITE_EA), 4);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_NOT_AUTHORIZED), 7);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_RAND_SHORT), 12);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_TRUNCATED), 12);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_TICKET_TYPE), 14);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_TP_FLAGS), 15);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_APP), 15);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_POLICY), 15);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_SUITE), 15);
}
END_TEST

START_TEST(version_matches_header) {
  ck_assert_str_eq(mikey_version(), MIKEY_VERSION);
  ck_assert_int_eq(mikey_global_init(0), 0); /* a second call keeps the first set-up */
}
END_TEST

static Suite *error_suite(void) {
  Suite *s = suite_create("error");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, every_code_has_a_distinct_name_and_text);
  tcase_add_test(tc, unknown_codes_are_named_unknown);
  tcase_add_test(tc, refusals_map_to_the_d12_error_numbers);
  tcase_add_test(tc, version_matches_header);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(error_suite()); }
