/*
 * mt_keys_test.c: mikeytool reads KEYS.json as the man page says, and names each fault.
 */
#include <stdio.h>
#include <string.h>

#include "mikey_test.h"
#include "mikeytool/mt_keys.h"

#define PSK16 "000102030405060708090a0b0c0d0e0f"
#define PSK32 PSK16 "101112131415161718191a1b1c1d1e1f"

static const char good[] =
    "{\"profile\": \"psk-mime\",\n"
    " \"initiator\": {\"identity\": \"sip:alice@example.org\", \"psk_id\": \"psk-alice-1\","
    " \"psk\": \"" PSK16 "\"},\n"
    " \"responder\": {\"identity\": \"sip:bob@example.org\", \"psk_id\": \"hex:00ff\","
    " \"psk\": \"" PSK32 "\"},\n"
    " \"kms\": {\"identity\": \"sip:kms.example.org\", \"kms_id\": \"0102030405A6\","
    " \"tpk_id\": \"tpk-kms-1\", \"tpk\": \"" PSK32 "\", \"comment\": \"ignored\"},\n"
    " \"prot_type\": 250, \"unknown\": [1, 2]}\n";

START_TEST(reads_every_member) {
  mt_keys k;
  char err[200] = "";
  ck_assert_msg(mt_keys_parse(good, strlen(good), &k, err, sizeof(err)) == 0, "%s", err);
  ck_assert_bytes(k.initiator.identity.data, k.initiator.identity.len, "sip:alice@example.org",
                  21);
  ck_assert_bytes(k.initiator.psk_id.data, k.initiator.psk_id.len, "psk-alice-1", 11);
  static const uint8_t psk16[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  ck_assert_bytes(k.initiator.psk.data, k.initiator.psk.len, psk16, 16);
  static const uint8_t bin_id[2] = {0x00, 0xff};
  ck_assert_bytes(k.responder.psk_id.data, k.responder.psk_id.len, bin_id, 2);
  ck_assert_uint_eq(k.responder.psk.len, 32);
  ck_assert_uint_eq(k.responder.psk.data[31], 0x1f);
  static const uint8_t kms_id[6] = {1, 2, 3, 4, 5, 0xa6};
  ck_assert_bytes(k.kms.kms_id, 6, kms_id, 6);
  ck_assert_uint_eq(k.kms.tpk.len, 32);
  ck_assert_int_eq(k.prot_type, 250);
  ck_assert_int_eq(k.ext_type, 241); /* default */
  mt_keys_free(&k);
  ck_assert_ptr_null(k.initiator.psk.data);
}
END_TEST

/* Each broken file is refused with a reason that names the member at fault. */
static const struct {
  const char *from, *to, *reason;
} faults[] = {
    {"\"psk\": \"" PSK16 "\"", "\"psk\": \"0001\"", "initiator.psk: 2 bytes, want 16 or 32"},
    {"\"psk\": \"" PSK16 "\"", "\"psk\": \"zz" PSK16 "\"", "initiator.psk: not a hex string"},
    {"\"psk\": \"" PSK16 "\"", "\"psk\": 5", "initiator.psk: not a string"},
    {"\"psk_id\": \"hex:00ff\"", "\"psk_id\": \"hex:0g\"", "responder.psk_id: bad hex"},
    {"\"kms_id\": \"0102030405A6\"", "\"kms_id\": \"01020304\"", "kms.kms_id: want 12 hex"},
    {"\"identity\": \"sip:bob@example.org\", ", "", "responder.identity: missing"},
    {"\"prot_type\": 250", "\"prot_type\": 256", "prot_type: 256 is not 0..255"},
    {"\"psk-mime\"", "\"ims\"", "profile: only \"psk-mime\""},
    {"\"unknown\": [1, 2]}", "\"unknown\": [1, 2]", "not valid JSON"},
    {"\"unknown\": [1, 2]}\n", "\"unknown\": [1, 2]} x", "trailing data"},
};

START_TEST(names_the_member_at_fault) {
  char text[2048];
  const char *at = strstr(good, faults[_i].from);
  ck_assert_ptr_nonnull(at);
  size_t pre = (size_t)(at - good);
  snprintf(text, sizeof(text), "%.*s%s%s", (int)pre, good, faults[_i].to,
           at + strlen(faults[_i].from));
  mt_keys k;
  char err[200] = "";
  ck_assert_int_eq(mt_keys_parse(text, strlen(text), &k, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, faults[_i].reason) != NULL, "reason \"%s\" lacks \"%s\"", err,
                faults[_i].reason);
}
END_TEST

START_TEST(missing_file_is_named) {
  mt_keys k;
  char err[200] = "";
  ck_assert_int_eq(mt_keys_load("/nonexistent/keys.json", &k, err, sizeof(err)),
                   MT_KEYS_UNREADABLE);
  ck_assert_ptr_nonnull(strstr(err, "/nonexistent/keys.json: No such file"));
}
END_TEST

static Suite *keys_suite(void) {
  Suite *s = suite_create("mt_keys");
  TCase *tc = tcase_create("keys_json");
  tcase_add_test(tc, reads_every_member);
  tcase_add_loop_test(tc, names_the_member_at_fault, 0, (int)(sizeof(faults) / sizeof(faults[0])));
  tcase_add_test(tc, missing_file_is_named);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(keys_suite()); }
