/*
 * smime_entity_test.c: the application/pkcs7-mime entity of TS 33.328 Annex I.2 (RFC 5751 3.2):
 * golden output of the builder, build-then-parse, hand-written entities, and every refusal.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/smime.h>

#include "mikey_test.h"

#define U8(s) ((const uint8_t *)(s))
#define ck_assert_text(got, got_len, want)                                                     \
  ck_assert_bytes((got), (got_len), U8(want), strlen(want))

/* A 163-byte stand-in for a CMS ContentInfo (this layer never looks inside). */
static uint8_t der[163];
static void make_der(void) {
  static const uint8_t head[] = {0x30, 0x81, 0xa0, 0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                 0x0d, 0x01, 0x09, 0x10, 0x01, 0x17, 0xa0, 0x81, 0x90};
  memcpy(der, head, sizeof(head));
  for (size_t i = 0; i < sizeof(der) - sizeof(head); i++) {
    der[sizeof(head) + i] = (uint8_t)((i * 37 + 11) & 255);
  }
}

/* The builder's exact output for |der| in base64 (the Annex I.2 example with real content). */
static const char golden_b64[] =
    "Content-Type: application/pkcs7-mime;\r\n"
    "    smime-type=auth-enveloped-data;\r\n"
    "    name=smime.p7m\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "Content-Disposition: attachment; filename=smime.p7m\r\n"
    "\r\n"
    "MIGgBgsqhkiG9w0BCRABF6CBkAswVXqfxOkOM1h9osfsETZbgKXK7xQ5XoOozfIXPGGGq9D1Gj9k\r\n"
    "ia7T+B1CZ4yx1vsgRWqPtNn+I0htkrfcASZLcJW63wQpTnOYveIHLFF2m8DlCi9UeZ7D6A0yV3yh\r\n"
    "xusQNVp/pMnuEzhdgqfM8RY7YIWqz/QZPmOIrdL3HEFmi7DV+h9EaY6z2P0iR2yRtg==";

START_TEST(builder_writes_the_annex_i2_entity) {
  make_der();
  uint8_t out[600];
  size_t n = 0;
  ck_assert_int_eq(mikey_smime_entity_build(der, sizeof(der), MIKEY_SMIME_CTE_BASE64, NULL, 0, &n),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, strlen(golden_b64));
  ck_assert_int_eq(mikey_smime_entity_build(der, sizeof(der), MIKEY_SMIME_CTE_BASE64, out, n - 1,
                                            &n),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_int_eq(
      mikey_smime_entity_build(der, sizeof(der), MIKEY_SMIME_CTE_BASE64, out, sizeof(out), &n), 0);
  ck_assert_text(out, n, golden_b64);
  /* Binary: the same headers with "binary", then the DER itself. */
  ck_assert_int_eq(
      mikey_smime_entity_build(der, sizeof(der), MIKEY_SMIME_CTE_BINARY, out, sizeof(out), &n), 0);
  const char *hdr = "Content-Type: application/pkcs7-mime;\r\n"
                    "    smime-type=auth-enveloped-data;\r\n"
                    "    name=smime.p7m\r\n"
                    "Content-Transfer-Encoding: binary\r\n"
                    "Content-Disposition: attachment; filename=smime.p7m\r\n"
                    "\r\n";
  ck_assert_uint_eq(n, strlen(hdr) + sizeof(der));
  ck_assert_int_eq(memcmp(out, hdr, strlen(hdr)), 0);
  ck_assert_bytes(out + strlen(hdr), sizeof(der), der, sizeof(der));
  /* Bad arguments. */
  ck_assert_int_eq(mikey_smime_entity_build(der, 0, 0, out, sizeof(out), &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_smime_entity_build(NULL, 1, 0, out, sizeof(out), &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_smime_entity_build(der, 1, 2, out, sizeof(out), &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_smime_entity_build(der, 1, 0, out, sizeof(out), NULL), MIKEY_E_INVAL);
}
END_TEST

START_TEST(build_then_parse_gives_the_der_back) {
  for (int cte = MIKEY_SMIME_CTE_BASE64; cte <= MIKEY_SMIME_CTE_BINARY; cte++) {
    for (size_t len = 1; len <= 300; len += 7) {
      uint8_t blob[300], ent[1000], dec[300];
      for (size_t i = 0; i < len; i++) {
        blob[i] = (uint8_t)(i * 131 + len);
      }
      size_t el, dl;
      ck_assert_int_eq(mikey_smime_entity_build(blob, len, cte, ent, sizeof(ent), &el), 0);
      mikey_smime_entity res;
      mikey_mime_diag d;
      /* Ask for the size first, then parse into exactly that much. */
      int rv = mikey_smime_entity_parse(ent, el, NULL, 0, &dl, &res, &d);
      if (cte == MIKEY_SMIME_CTE_BASE64) {
        ck_assert_int_eq(rv, MIKEY_E_BUFFER_TOO_SMALL);
        ck_assert_uint_eq(dl, len);
      } else {
        ck_assert_int_eq(rv, 0);
        ck_assert_uint_eq(dl, 0);
        /* A view into the entity: no copy. */
        ck_assert_ptr_eq(res.der, ent + el - len);
      }
      ck_assert_int_eq(mikey_smime_entity_parse(ent, el, dec, dl, &dl, &res, &d), 0);
      ck_assert_ptr_null(d.what);
      ck_assert_int_eq(res.cte, cte);
      ck_assert_bytes(res.der, res.der_len, blob, len);
    }
  }
}
END_TEST

/* Written by hand: folded Content-Type in another order, names in mixed case, quoted and
 * unquoted parameters, a comment, extra fields, base64 in 64-column lines with a final CRLF,
 * and LWSP a transport added at a line end. */
static const char hand_written[] =
    "MIME-Version: 1.0\r\n"
    "content-TYPE: Application/PKCS7-MIME; name=\"smime.p7m\";\r\n"
    "\tSMIME-Type=\"auth-enveloped-data\" (PSK S/MIME)\r\n"
    "CONTENT-transfer-encoding: Base64\r\n"
    "Content-Disposition: attachment;\r\n"
    " filename=smime.p7m\r\n"
    "\r\n"
    "MIGgBgsqhkiG9w0BCRABF6CBkAswVXqfxOkOM1h9osfsETZbgKXK7xQ5XoOozfIX\r\n"
    "PGGGq9D1Gj9kia7T+B1CZ4yx1vsgRWqPtNn+I0htkrfcASZLcJW63wQpTnOYveIH  \r\n"
    "LFF2m8DlCi9UeZ7D6A0yV3yhxusQNVp/pMnuEzhdgqfM8RY7YIWqz/QZPmOIrdL3\r\n"
    "HEFmi7DV+h9EaY6z2P0iR2yRtg==\r\n";

START_TEST(hand_written_entity_parses_to_the_right_der) {
  make_der();
  uint8_t out[200];
  size_t n;
  mikey_smime_entity res;
  mikey_mime_diag d;
  ck_assert_int_eq(mikey_smime_entity_parse(U8(hand_written), strlen(hand_written), out,
                                            sizeof(out), &n, &res, &d),
                   0);
  ck_assert_uint_eq(n, sizeof(der));
  ck_assert_int_eq(res.cte, MIKEY_SMIME_CTE_BASE64);
  ck_assert_bytes(res.der, res.der_len, der, sizeof(der));
  ck_assert_ptr_eq(res.der, out);
  /* The old x-pkcs7-mime alias (RFC 5751 3.7), unquoted, no transfer encoding field (7bit:
   * identity), one line. */
  const char *alias = "Content-Type: application/x-pkcs7-mime; smime-type=auth-enveloped-data\r\n"
                      "\r\n"
                      "0\x03\x02\x01\x00";
  ck_assert_int_eq(mikey_smime_entity_parse(U8(alias), strlen(alias), NULL, 0, &n, &res, &d), 0);
  ck_assert_int_eq(res.cte, MIKEY_SMIME_CTE_BINARY);
  ck_assert_text(res.der, res.der_len, "0\x03\x02\x01\x00");
}
END_TEST

/* Entities that must be refused, with the code and the offset of the fault. */
static const struct {
  const char *text;
  int code;
  size_t offset;
  const char *why;
} refused[] = {
    {"Content-Type: application/pkcs7-signature; smime-type=auth-enveloped-data\r\n\r\nMA==",
     MIKEY_E_MIME_CONTENT_TYPE, 14, "wrong media type"},
    {"Content-Type: text/plain\r\n\r\nMA==", MIKEY_E_MIME_CONTENT_TYPE, 14,
     "not S/MIME at all"},
    {"Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n\r\nMA==",
     MIKEY_E_MIME_CONTENT_TYPE, 49, "RFC 5751 enveloped-data, not Annex I auth-enveloped-data"},
    {"Content-Type: application/pkcs7-mime; smime-type=\"auth-enveloped-data2\"\r\n\r\nMA==",
     MIKEY_E_MIME_CONTENT_TYPE, 50, "smime-type with a suffix"},
    {"Content-Type: application/pkcs7-mime; name=smime.p7m\r\n\r\nMA==",
     MIKEY_E_MIME_CONTENT_TYPE, 14, "no smime-type"},
    {"Content-Transfer-Encoding: base64\r\n\r\nMA==", MIKEY_E_MIME_CONTENT_TYPE, 37,
     "no Content-Type (RFC 2045 5.2: text/plain)"},
    {"Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n"
     "Content-Transfer-Encoding: base64\r\n\r\nMA=!",
     MIKEY_E_BASE64, 110, "bad base64 character"},
    {"Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n"
     "Content-Transfer-Encoding: base64\r\n\r\nMB==",
     MIKEY_E_BASE64, 108, "non-zero pad bits"},
    {"Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n"
     "Content-Transfer-Encoding: base64\r\n\r\nMA=",
     MIKEY_E_BASE64, 110, "truncated padding"},
    {"Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n"
     "Content-Transfer-Encoding: quoted-printable\r\n\r\n0=03",
     MIKEY_E_UNSUPPORTED, 97, "quoted-printable"},
    {"Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n"
     "Content-Transfer-Encoding: base64\r\n\r\n\r\n",
     MIKEY_E_MIME, 107, "empty body"},
    {"Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n\r\n",
     MIKEY_E_MIME, 72, "empty binary body"},
    {"Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n"
     "Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n\r\nMA==",
     MIKEY_E_MIME, 70, "two Content-Type fields"},
    {"Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data;"
     " smime-type=enveloped-data\r\n\r\nMA==",
     MIKEY_E_MIME, 70, "two smime-type parameters"},
    {"Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\n\nMA==",
     MIKEY_E_MIME, 68, "LF line endings"},
    {"Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\nMA==",
     MIKEY_E_MIME, 74, "no empty line: the base64 line is not a header"},
};

START_TEST(bad_entities_are_refused_with_their_code) {
  const char *t = refused[_i].text;
  uint8_t out[64];
  size_t n;
  mikey_smime_entity res;
  mikey_mime_diag d;
  int rv = mikey_smime_entity_parse(U8(t), strlen(t), out, sizeof(out), &n, &res, &d);
  ck_assert_msg(rv == refused[_i].code, "%s: got %d (%s)", refused[_i].why, rv,
                d.what ? d.what : "-");
  ck_assert_ptr_nonnull(d.what);
  ck_assert_msg(d.offset == refused[_i].offset, "%s: offset %zu, want %zu (%s)", refused[_i].why,
                d.offset, refused[_i].offset, d.what);
}
END_TEST

START_TEST(parse_arguments_and_short_buffers) {
  uint8_t out[200];
  size_t n;
  mikey_smime_entity res;
  mikey_mime_diag d;
  const uint8_t *t = U8(golden_b64);
  size_t tl = strlen(golden_b64);
  ck_assert_int_eq(mikey_smime_entity_parse(t, tl, out, 162, &n, &res, &d),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, 163);
  ck_assert_ptr_nonnull(d.what);
  ck_assert_int_eq(mikey_smime_entity_parse(NULL, 1, out, 200, &n, &res, &d), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_smime_entity_parse(t, tl, out, 200, NULL, &res, &d), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_smime_entity_parse(t, tl, out, 200, &n, NULL, &d), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_smime_entity_parse(t, tl, out, 200, &n, &res, NULL), 0);
  ck_assert_int_eq(mikey_smime_entity_parse(NULL, 0, out, 200, &n, &res, NULL), MIKEY_E_MIME);
}
END_TEST

/* No prefix of a valid entity makes the parser read out of bounds or crash; a prefix that
 * stops inside the header section is refused. (A prefix that stops inside the base64 may be
 * valid base64: the entity has no end marker. The multipart delimiters and the CMS DER bound
 * it.) Each prefix is copied to an exact-size heap buffer so that the sanitizers see any
 * overread. */
START_TEST(every_prefix_is_handled) {
  size_t tl = strlen(golden_b64);
  size_t hdr_end = strstr(golden_b64, "\r\n\r\n") - golden_b64 + 4;
  for (size_t cut = 0; cut < tl; cut++) {
    uint8_t *t = malloc(cut ? cut : 1);
    ck_assert_ptr_nonnull(t);
    memcpy(t, golden_b64, cut);
    uint8_t out[200];
    size_t n;
    mikey_smime_entity res;
    mikey_mime_diag d;
    int rv = mikey_smime_entity_parse(t, cut, out, sizeof(out), &n, &res, &d);
    if (cut < hdr_end) {
      ck_assert_int_eq(rv, MIKEY_E_MIME);
    } else if (rv == 0) {
      ck_assert_uint_le(res.der_len, 163);
      ck_assert_int_eq(memcmp(res.der, der, res.der_len), 0);
    } else {
      ck_assert_msg(rv == MIKEY_E_BASE64 || rv == MIKEY_E_MIME, "cut %zu: %d", cut, rv);
    }
    free(t);
  }
}
END_TEST

static Suite *smime_entity_suite(void) {
  Suite *s = suite_create("smime_entity");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, make_der, NULL);
  tcase_add_test(tc, builder_writes_the_annex_i2_entity);
  tcase_add_test(tc, build_then_parse_gives_the_der_back);
  tcase_add_test(tc, hand_written_entity_parses_to_the_right_der);
  tcase_add_loop_test(tc, bad_entities_are_refused_with_their_code, 0,
                      (int)(sizeof(refused) / sizeof(refused[0])));
  tcase_add_test(tc, parse_arguments_and_short_buffers);
  tcase_add_test(tc, every_prefix_is_handled);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(smime_entity_suite()); }
