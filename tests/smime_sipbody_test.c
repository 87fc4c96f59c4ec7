/*
 * smime_sipbody_test.c: the multipart/mixed SIP body of TS 33.328 Annex I.3 / F.3.1 under the
 * rules of RFC 2046 5.1.1: golden output, build then parse, the two 3GPP examples, every
 * refusal with its code, the boundary rules, and every truncation point.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/smime.h>

#include "mikey_test.h"

#define U8(s) ((const uint8_t *)(s))

/* 90 bytes standing in for a TRANSFER_INIT and 163 for a CMS ContentInfo: this layer treats
 * both as opaque. */
static uint8_t mikey_msg[90], der[163];
static void make_blobs(void) {
  for (size_t i = 0; i < sizeof(mikey_msg); i++) {
    mikey_msg[i] = (uint8_t)((i * 7 + 3) & 255);
  }
  static const uint8_t head[] = {0x30, 0x81, 0xa0, 0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                 0x0d, 0x01, 0x09, 0x10, 0x01, 0x17, 0xa0, 0x81, 0x90};
  memcpy(der, head, sizeof(head));
  for (size_t i = 0; i < sizeof(der) - sizeof(head); i++) {
    der[sizeof(head) + i] = (uint8_t)((i * 37 + 11) & 255);
  }
}

/* Their base64 in 76-column lines, for the hand-written bodies. */
#define MIKEY_B64                                                                              \
  "AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dzj6vH4/wYNFBsiKTA3PkVMU1phaG92fYSL\r\n"          \
  "kpmgp661vMPK0djf5u30+wIJEBceJSwzOkFIT1ZdZGty"
#define DER_B64                                                                                \
  "MIGgBgsqhkiG9w0BCRABF6CBkAswVXqfxOkOM1h9osfsETZbgKXK7xQ5XoOozfIXPGGGq9D1Gj9k\r\n"          \
  "ia7T+B1CZ4yx1vsgRWqPtNn+I0htkrfcASZLcJW63wQpTnOYveIHLFF2m8DlCi9UeZ7D6A0yV3yh\r\n"          \
  "xusQNVp/pMnuEzhdgqfM8RY7YIWqz/QZPmOIrdL3HEFmi7DV+h9EaY6z2P0iR2yRtg=="
#define MIKEY_PART                                                                             \
  "Content-Type: application/mikey\r\n"                                                        \
  "Content-Transfer-Encoding: base64\r\n"                                                      \
  "\r\n" MIKEY_B64
#define SMIME_PART                                                                             \
  "Content-Type: application/pkcs7-mime;\r\n"                                                  \
  "    smime-type=auth-enveloped-data;\r\n"                                                    \
  "    name=smime.p7m\r\n"                                                                     \
  "Content-Transfer-Encoding: base64\r\n"                                                      \
  "Content-Disposition: attachment; filename=smime.p7m\r\n"                                    \
  "\r\n" DER_B64

/* Randomness for the builder: a script of bytes, repeated; counts its calls. */
typedef struct script {
  const uint8_t *bytes;
  size_t len, pos;
  int calls, fail;
} script;
static int script_rand(void *user, uint8_t *out, size_t len) {
  script *s = user;
  s->calls++;
  if (s->fail) {
    return -1;
  }
  for (size_t i = 0; i < len; i++) {
    out[i] = s->bytes[s->pos++ % s->len];
  }
  return 0;
}

/* The builder's exact output when every random byte is 0 (boundary "mikey-" + 32 "A"). */
#define B0 "mikey-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
static const char golden_body[] = "--" B0 "\r\n" MIKEY_PART "\r\n--" B0 "\r\n" SMIME_PART
                                  "\r\n--" B0 "--\r\n";
static const char golden_ctype[] = "multipart/mixed;boundary=\"" B0 "\"";

START_TEST(builder_writes_the_annex_i3_body_rfc2046_correct) {
  uint8_t zero = 0;
  script sc = {&zero, 1, 0, 0, 0};
  mikey_env env = {script_rand, NULL, &sc};
  uint8_t body[1200];
  char ct[MIKEY_SIPBODY_CTYPE_SIZE];
  size_t n = 0;
  ck_assert_int_eq(mikey_sipbody_build(&env, mikey_msg, sizeof(mikey_msg), der, sizeof(der),
                                       MIKEY_SMIME_CTE_BASE64, NULL, 0, &n, NULL),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, strlen(golden_body));
  ck_assert_int_eq(sc.calls, 0); /* sizing draws no randomness */
  ck_assert_int_eq(mikey_sipbody_build(&env, mikey_msg, sizeof(mikey_msg), der, sizeof(der),
                                       MIKEY_SMIME_CTE_BASE64, body, n - 1, &n, ct),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, strlen(golden_body));
  ck_assert_int_eq(mikey_sipbody_build(&env, mikey_msg, sizeof(mikey_msg), der, sizeof(der),
                                       MIKEY_SMIME_CTE_BASE64, body, n, &n, ct),
                   0);
  ck_assert_bytes(body, n, U8(golden_body), strlen(golden_body));
  ck_assert_str_eq(ct, golden_ctype);
  ck_assert_uint_eq(strlen(ct) + 1, MIKEY_SIPBODY_CTYPE_SIZE);
  ck_assert_int_eq(sc.calls, 1);
  /* Bad arguments. */
  ck_assert_int_eq(mikey_sipbody_build(&env, mikey_msg, 0, der, sizeof(der), 0, body,
                                       sizeof(body), &n, ct),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_sipbody_build(&env, mikey_msg, 1, NULL, 1, 0, body, sizeof(body), &n,
                                       ct),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_sipbody_build(&env, mikey_msg, 1, der, 1, 7, body, sizeof(body), &n,
                                       ct),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_sipbody_build(&env, mikey_msg, 1, der, 1, 0, body, sizeof(body), &n,
                                       NULL),
                   MIKEY_E_INVAL);
  sc.fail = 1;
  ck_assert_int_eq(mikey_sipbody_build(&env, mikey_msg, 1, der, 1, 0, body, sizeof(body), &n,
                                       ct),
                   MIKEY_E_RANDOM);
}
END_TEST

/* parse_lit parses the literal body |b| under the Content-Type value |ct|. */
static int parse_lit(const char *ct, const char *b, uint8_t *out, size_t cap, size_t *outlen,
                     mikey_sipbody *res, mikey_mime_diag *d) {
  return mikey_sipbody_parse(ct, strlen(ct), U8(b), strlen(b), out, cap, outlen, res, d);
}

/* check_parsed checks that |res| holds the two blobs. */
static void check_parsed(const mikey_sipbody *res) {
  ck_assert_bytes(res->mikey, res->mikey_len, mikey_msg, sizeof(mikey_msg));
  ck_assert_bytes(res->smime.der, res->smime.der_len, der, sizeof(der));
}

START_TEST(build_then_parse_with_the_default_randomness) {
  for (int cte = MIKEY_SMIME_CTE_BASE64; cte <= MIKEY_SMIME_CTE_BINARY; cte++) {
    uint8_t body[1200], out[300];
    char ct[MIKEY_SIPBODY_CTYPE_SIZE];
    size_t n, m;
    ck_assert_int_eq(mikey_sipbody_build(NULL, mikey_msg, sizeof(mikey_msg), der, sizeof(der),
                                         cte, body, sizeof(body), &n, ct),
                     0);
    mikey_sipbody res;
    mikey_mime_diag d;
    /* The exact size, then exactly that much. */
    ck_assert_int_eq(mikey_sipbody_parse(ct, strlen(ct), body, n, NULL, 0, &m, &res, &d),
                     MIKEY_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(m, sizeof(mikey_msg) + (cte == MIKEY_SMIME_CTE_BASE64 ? sizeof(der) : 0));
    ck_assert_int_eq(mikey_sipbody_parse(ct, strlen(ct), body, n, out, m - 1, &m, &res, &d),
                     MIKEY_E_BUFFER_TOO_SMALL);
    ck_assert_int_eq(mikey_sipbody_parse(ct, strlen(ct), body, n, out, m, &m, &res, &d), 0);
    ck_assert_ptr_null(d.what);
    check_parsed(&res);
    ck_assert_int_eq(res.smime.cte, cte);
    ck_assert_ptr_eq(res.mikey, out);
    /* The entity view is the second part, which is itself a parseable S/MIME entity. */
    mikey_smime_entity e;
    uint8_t out2[200];
    ck_assert_int_eq(mikey_smime_entity_parse(res.entity, res.entity_len, out2, sizeof(out2),
                                              &m, &e, &d),
                     0);
    ck_assert_bytes(e.der, e.der_len, der, sizeof(der));
    if (cte == MIKEY_SMIME_CTE_BINARY) {
      ck_assert(res.smime.der > body && res.smime.der < body + n); /* a view, no copy */
    }
  }
}
END_TEST

/* The F.3.1 example body, fixed to be RFC 2046 correct: the example has no close delimiter
 * (and, in the SIP message, no empty line after the headers, which is the SIP stack's
 * business). Its Content-Type value keeps the example's trailing space. */
static const char f31_ctype[] = "multipart/mixed;boundary=\"boundary1\" ";
static const char f31_body[] = "--boundary1\r\n" MIKEY_PART "\r\n"
                               "--boundary1\r\n" SMIME_PART "\r\n"
                               "--boundary1--\r\n";

START_TEST(f31_example_fixed_parses) {
  uint8_t out[300];
  size_t n;
  mikey_sipbody res;
  mikey_mime_diag d;
  ck_assert_int_eq(parse_lit(f31_ctype, f31_body, out, sizeof(out), &n, &res, &d), 0);
  ck_assert_uint_eq(n, sizeof(mikey_msg) + sizeof(der));
  check_parsed(&res);
  ck_assert_ptr_eq(res.entity, U8(f31_body) + strlen("--boundary1\r\n" MIKEY_PART "\r\n"
                                                     "--boundary1\r\n"));
  ck_assert_uint_eq(res.entity_len, strlen(SMIME_PART));
}
END_TEST

/* F.3.1 exactly as printed: the body ends after the second part with no "--boundary1--". */
START_TEST(f31_example_as_printed_has_no_close_delimiter) {
  static const char body[] = "--boundary1\r\n" MIKEY_PART "\r\n"
                             "--boundary1\r\n" SMIME_PART "\r\n";
  uint8_t out[300];
  size_t n;
  mikey_sipbody res;
  mikey_mime_diag d;
  ck_assert_int_eq(parse_lit(f31_ctype, body, out, sizeof(out), &n, &res, &d),
                   MIKEY_E_MIME_NO_CLOSE);
  ck_assert_uint_eq(d.offset, strlen(body));
  ck_assert_int_eq(d.source, MIKEY_MIME_DIAG_INPUT);
}
END_TEST

/* The TS 33.328 Annex I.3 example writes "--boundary1--" (the close delimiter) after the
 * application/mikey part and puts the pkcs7-mime part after it. RFC 2046 5.1.1 makes
 * everything after the close delimiter an epilogue that receivers must ignore, so a
 * conforming reader sees a body with one part and never finds the S/MIME entity. It is a typo
 * in the example (PROFILE.md section 7; F.3.1 shows the intended "--boundary1"). Accepting it
 * would mean reading an epilogue as a part, which RFC 2046 forbids, so we refuse it with
 * MIKEY_E_MIME_PARTS, point at the close delimiter and say why. */
START_TEST(annex_i3_example_early_close_is_refused) {
  static const char body[] = "--boundary1\r\n" MIKEY_PART "\r\n"
                             "--boundary1--\r\n" SMIME_PART "\r\n";
  uint8_t out[300];
  size_t n;
  mikey_sipbody res;
  mikey_mime_diag d;
  ck_assert_int_eq(parse_lit("multipart/mixed;boundary=\"boundary1\" ", body, out, sizeof(out),
                             &n, &res, &d),
                   MIKEY_E_MIME_PARTS);
  ck_assert_uint_eq(d.offset, strlen("--boundary1\r\n" MIKEY_PART "\r\n"));
  ck_assert_ptr_nonnull(strstr(d.what, "Annex I.3"));
  /* A closed body with one part and a blank epilogue is refused too, more plainly. */
  static const char one[] = "--boundary1\r\n" MIKEY_PART "\r\n--boundary1--\r\n\r\n";
  ck_assert_int_eq(parse_lit(f31_ctype, one, out, sizeof(out), &n, &res, &d),
                   MIKEY_E_MIME_PARTS);
  ck_assert_ptr_null(strstr(d.what, "Annex I.3"));
}
END_TEST

/* A body that breaks the rules, the code it must get, and where. */
typedef struct bad_body {
  const char *ctype, *body;
  int code;
  int source;
  const char *at; /* the fault is at occurrence |nth| (0: first) of this text (NULL: offset 0,
                     or the end of the input when |at_end|) */
  int at_end;
  const char *why;
  int nth;
} bad_body;

#define CT1 "multipart/mixed;boundary=\"boundary1\""
#define D1 "--boundary1\r\n"
#define DN "\r\n--boundary1\r\n"
#define DC "\r\n--boundary1--\r\n"
static const bad_body bad_bodies[] = {
    {"multipart/mixed", D1 MIKEY_PART DN SMIME_PART DC, MIKEY_E_MIME_BOUNDARY,
     MIKEY_MIME_DIAG_CTYPE, NULL, 0, "no boundary parameter", 0},
    {"multipart/mixed;boundary=\"\"", D1 MIKEY_PART DN SMIME_PART DC, MIKEY_E_MIME_BOUNDARY,
     MIKEY_MIME_DIAG_CTYPE, NULL, 0, "empty boundary", 0},
    {"multipart/mixed;boundary=\"a;b\\\"c\"", D1, MIKEY_E_MIME_BOUNDARY, MIKEY_MIME_DIAG_CTYPE,
     NULL, 0, "';' and a quoted-pair are not bchars", 0},
    {"multipart/mixed;boundary=\"boundary1 \"", D1, MIKEY_E_MIME_BOUNDARY,
     MIKEY_MIME_DIAG_CTYPE, NULL, 0, "boundary ends with a space", 0},
    {"multipart/mixed;boundary="
     "\"12345678901234567890123456789012345678901234567890123456789012345678901\"",
     D1, MIKEY_E_MIME_BOUNDARY, MIKEY_MIME_DIAG_CTYPE, NULL, 0, "71 characters", 0},
    {"multipart/mixed;boundary=boundary1;boundary=boundary2", D1, MIKEY_E_MIME_BOUNDARY,
     MIKEY_MIME_DIAG_CTYPE, NULL, 0, "two boundary parameters", 0},
    {"multipart/related;boundary=boundary1", D1 MIKEY_PART DN SMIME_PART DC,
     MIKEY_E_MIME_CONTENT_TYPE, MIKEY_MIME_DIAG_CTYPE, NULL, 0, "not multipart/mixed", 0},
    {"application/pkcs7-mime; smime-type=auth-enveloped-data", SMIME_PART,
     MIKEY_E_MIME_CONTENT_TYPE, MIKEY_MIME_DIAG_CTYPE, NULL, 0, "a lone S/MIME body", 0},
    {"multipart/mixed;boundary=", D1, MIKEY_E_MIME, MIKEY_MIME_DIAG_CTYPE, NULL, 0,
     "malformed Content-Type value", 0},
    {"multipart/mixed;boundary=boundary2", D1 MIKEY_PART DN SMIME_PART DC,
     MIKEY_E_MIME_BOUNDARY, MIKEY_MIME_DIAG_INPUT, NULL, 0,
     "the boundary of the header is not the one in the body", 0},
    {CT1, D1 MIKEY_PART DN SMIME_PART "\r\n--boundary1x\r\n", MIKEY_E_MIME_BOUNDARY,
     MIKEY_MIME_DIAG_INPUT, "x\r\n", 0, "a line starts with the boundary and goes on", 0},
    {CT1, D1 MIKEY_PART DN SMIME_PART "\r\n--boundary1--x\r\n", MIKEY_E_MIME_BOUNDARY,
     MIKEY_MIME_DIAG_INPUT, "x\r\n", 0, "text after the close delimiter on its line", 0},
    {CT1, "--boundary1\r\n--boundary1\r\n" MIKEY_PART DN SMIME_PART DC, MIKEY_E_MIME_BOUNDARY,
     MIKEY_MIME_DIAG_INPUT, "--boundary1\r\nContent-Type", 0,
     "a part that begins with the boundary", 0},
    {CT1, D1 MIKEY_PART DN SMIME_PART, MIKEY_E_MIME_NO_CLOSE, MIKEY_MIME_DIAG_INPUT, NULL, 1,
     "no closing delimiter", 0},
    {CT1, D1 MIKEY_PART DN SMIME_PART DN, MIKEY_E_MIME_NO_CLOSE, MIKEY_MIME_DIAG_INPUT, NULL, 1,
     "a delimiter and then the end", 0},
    {CT1, D1 MIKEY_PART DN SMIME_PART "\r\n--boundary1-", MIKEY_E_MIME_NO_CLOSE,
     MIKEY_MIME_DIAG_INPUT, NULL, 1, "the end inside the close delimiter", 0},
    {CT1, D1 MIKEY_PART DC, MIKEY_E_MIME_PARTS, MIKEY_MIME_DIAG_INPUT, "--boundary1--", 0,
     "one part only", 0},
    {CT1, "--boundary1--\r\n", MIKEY_E_MIME_PARTS, MIKEY_MIME_DIAG_INPUT, NULL, 0,
     "no part at all", 0},
    {CT1, D1 MIKEY_PART DN SMIME_PART DN "Content-Type: text/plain\r\n\r\nhello" DC,
     MIKEY_E_MIME_PARTS, MIKEY_MIME_DIAG_INPUT, "Content-Type: text/plain", 0,
     "three parts", 0},
    {CT1, D1 SMIME_PART DN MIKEY_PART DC, MIKEY_E_MIME_PARTS, MIKEY_MIME_DIAG_INPUT,
     "Content-Type: application/pkcs7-mime", 0, "parts in the wrong order", 0},
    {CT1, D1 "Content-Transfer-Encoding: base64\r\n\r\n" MIKEY_B64 DN SMIME_PART DC,
     MIKEY_E_MIME_CONTENT_TYPE, MIKEY_MIME_DIAG_INPUT, "Content-Transfer-Encoding", 0,
     "first part without Content-Type (RFC 2046 5.1.1: text/plain)", 0},
    {CT1, D1 MIKEY_PART DN "\r\n" DER_B64 DC, MIKEY_E_MIME_CONTENT_TYPE, MIKEY_MIME_DIAG_INPUT,
     "\r\nMIGg", 0, "second part with an empty header section", 0},
    {CT1, D1 "Content-Type: text/plain\r\n\r\nhello" DN SMIME_PART DC,
     MIKEY_E_MIME_CONTENT_TYPE, MIKEY_MIME_DIAG_INPUT, "text/plain", 0,
     "first part is not application/mikey", 0},
    {CT1, D1 MIKEY_PART DN "Content-Type: text/plain\r\n\r\nhello" DC,
     MIKEY_E_MIME_CONTENT_TYPE, MIKEY_MIME_DIAG_INPUT, "text/plain", 0,
     "second part is not application/pkcs7-mime", 0},
    {CT1, D1 MIKEY_PART DN MIKEY_PART DC, MIKEY_E_MIME_CONTENT_TYPE, MIKEY_MIME_DIAG_INPUT,
     "application/mikey", 0, "two application/mikey parts", 1},
    {CT1, D1 "Content-Type: application/mikey\r\nContent-Transfer-Encoding: base64\r\n\r\n"
             "AwoR!GB8" DN SMIME_PART DC,
     MIKEY_E_BASE64, MIKEY_MIME_DIAG_INPUT, "!", 0, "bad base64 in the mikey part", 0},
    {CT1, D1 "Content-Type: application/mikey\r\n\r\n" DN SMIME_PART DC, MIKEY_E_MIME,
     MIKEY_MIME_DIAG_INPUT, "\r\n--boundary1\r\nContent-Type: application/pkcs7", 0,
     "empty mikey part", 0},
    {CT1, D1 "Content-Type: application/mikey\nContent-Transfer-Encoding: base64\n\n" MIKEY_B64
             DN SMIME_PART DC,
     MIKEY_E_MIME, MIKEY_MIME_DIAG_INPUT, "\nContent-Transfer", 0, "LF line ends in a part", 0},
    {CT1, D1 MIKEY_PART DN "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n"
                           "\r\n" DER_B64 DC,
     MIKEY_E_MIME_CONTENT_TYPE, MIKEY_MIME_DIAG_INPUT, "enveloped-data\r\n", 0,
     "wrong smime-type", 0},
    {CT1, D1 MIKEY_PART DN "Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n"
                           "Content-Transfer-Encoding: quoted-printable\r\n\r\nx" DC,
     MIKEY_E_UNSUPPORTED, MIKEY_MIME_DIAG_INPUT, "quoted-printable", 0, "quoted-printable", 0},
};

START_TEST(bad_bodies_are_refused_with_their_code_and_offset) {
  const bad_body *t = &bad_bodies[_i];
  uint8_t out[300];
  size_t n;
  mikey_sipbody res;
  mikey_mime_diag d;
  int rv = parse_lit(t->ctype, t->body, out, sizeof(out), &n, &res, &d);
  ck_assert_msg(rv == t->code, "%s: got %d %s (%s)", t->why, rv, mikey_err_name(rv),
                d.what ? d.what : "-");
  ck_assert_ptr_nonnull(d.what);
  ck_assert_msg(d.source == t->source, "%s: source %d", t->why, d.source);
  if (t->source == MIKEY_MIME_DIAG_INPUT) {
    size_t want = 0;
    if (t->at_end) {
      want = strlen(t->body);
    } else if (t->at) {
      const char *p = strstr(t->body, t->at);
      for (int k = 0; k < t->nth && p; k++) {
        p = strstr(p + 1, t->at);
      }
      ck_assert_ptr_nonnull(p);
      want = (size_t)(p - t->body);
    }
    ck_assert_msg(d.offset == want, "%s: offset %zu, want %zu (%s)", t->why, d.offset, want,
                  d.what);
  }
}
END_TEST

/* RFC 2046 5.1.1: a preamble and an epilogue are ignored, transport padding (LWSP added by a
 * transport after a delimiter) is accepted; header names in any case, folded, in any order;
 * a Content-Type value with case, white space and a comment. */
START_TEST(preamble_epilogue_and_transport_padding_are_accepted) {
  static const char body[] =
      "This is the preamble. It is to be ignored, even where it\r\n"
      "quotes --boundary1 away from the start of a line.\r\n"
      "--boundary1 \t \r\n"
      "content-transfer-encoding: BASE64\r\n"
      "CONTENT-TYPE:\r\n application/MIKEY\r\n"
      "\r\n" MIKEY_B64 "\r\n"
      "--boundary1\t\r\n"
      "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n"
      "Content-Transfer-Encoding: base64\r\n"
      "Content-Type: application/pkcs7-mime; name=\"smime.p7m\";\r\n"
      "\tsmime-type=\"auth-enveloped-data\"\r\n"
      "\r\n" DER_B64 "\r\n"
      "\r\n"
      "--boundary1--  \r\n"
      "This is the epilogue. It is also to be ignored.\r\n"
      "--boundary1\r\n"
      "Even a delimiter in the epilogue is ignored.\r\n";
  uint8_t out[300];
  size_t n;
  mikey_sipbody res;
  mikey_mime_diag d;
  const char *ct = "Multipart/Mixed; Boundary=boundary1 (comment)";
  ck_assert_int_eq(parse_lit(ct, body, out, sizeof(out), &n, &res, &d), 0);
  check_parsed(&res);
  /* A close delimiter with padding and no CRLF at the very end is fine too. */
  static const char tail[] = D1 MIKEY_PART DN SMIME_PART "\r\n--boundary1-- \t";
  ck_assert_int_eq(parse_lit(CT1, tail, out, sizeof(out), &n, &res, &d), 0);
  check_parsed(&res);
}
END_TEST

/* A binary S/MIME part whose DER happens to contain "\r\n--boundary1": the parser must refuse,
 * and the builder must never produce such a body. */
START_TEST(boundary_inside_the_content) {
  static const char body[] = D1 MIKEY_PART DN
      "Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n"
      "Content-Transfer-Encoding: binary\r\n\r\n"
      "0\x82\x01\x05\r\n--boundary1\r\nmore DER" DC;
  uint8_t out[300];
  size_t n;
  mikey_sipbody res;
  mikey_mime_diag d;
  ck_assert_int_eq(parse_lit(CT1, body, out, sizeof(out), &n, &res, &d), MIKEY_E_MIME_PARTS);
  static const char body2[] = D1 MIKEY_PART DN
      "Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n"
      "Content-Transfer-Encoding: binary\r\n\r\n"
      "0\x82\x01\x05\r\n--boundary1 and more DER" DC;
  ck_assert_int_eq(parse_lit(CT1, body2, out, sizeof(out), &n, &res, &d), MIKEY_E_MIME_BOUNDARY);

  /* Builder: the first draw gives the boundary "mikey-" + 32 "B" (all random bytes 1), which
   * the binary DER contains; the builder must notice and draw again (bytes 2: all "C"). */
  uint8_t bad_der[100];
  memset(bad_der, 0x30, sizeof(bad_der));
  const char *clash = "--mikey-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  memcpy(bad_der + 10, clash, strlen(clash));
  uint8_t seq[64]; /* one byte per random boundary character */
  memset(seq, 1, 32);
  memset(seq + 32, 2, 32);
  script sc = {seq, sizeof(seq), 0, 0, 0};
  mikey_env env = {script_rand, NULL, &sc};
  uint8_t built[1000];
  char ct[MIKEY_SIPBODY_CTYPE_SIZE];
  ck_assert_int_eq(mikey_sipbody_build(&env, mikey_msg, sizeof(mikey_msg), bad_der,
                                       sizeof(bad_der), MIKEY_SMIME_CTE_BINARY, built,
                                       sizeof(built), &n, ct),
                   0);
  ck_assert_int_eq(sc.calls, 2);
  ck_assert_str_eq(ct, "multipart/mixed;boundary=\"mikey-CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC\"");
  size_t m;
  ck_assert_int_eq(mikey_sipbody_parse(ct, strlen(ct), built, n, out, sizeof(out), &m, &res, &d),
                   0);
  ck_assert_bytes(res.smime.der, res.smime.der_len, bad_der, sizeof(bad_der));
  /* A provider that keeps giving the colliding boundary: the builder gives up rather than
   * write a body that would split wrongly. */
  uint8_t one = 1;
  script stuck = {&one, 1, 0, 0, 0};
  env.user_data = &stuck;
  ck_assert_int_eq(mikey_sipbody_build(&env, mikey_msg, sizeof(mikey_msg), bad_der,
                                       sizeof(bad_der), MIKEY_SMIME_CTE_BINARY, built,
                                       sizeof(built), &n, ct),
                   MIKEY_E_RANDOM);
  ck_assert_int_eq(stuck.calls, 8);
}
END_TEST

/* Every prefix of a valid body is refused cleanly, with the code that names the fault (no
 * crash, no overread: each prefix is an exact-size heap copy):
 *  - shorter than the first dash-boundary: the boundary never starts a line;
 *  - from there on: the body ends before the close delimiter;
 *  - "--boundary--" without the final CRLF: valid ("[CRLF epilogue]" is optional in
 *    RFC 2046 5.1.1);
 *  - "--boundary--" and a lone CR: not a line break, refused. */
START_TEST(every_truncation_point_is_refused) {
  size_t full = strlen(golden_body);
  size_t dash_end = 2 + MIKEY_SIPBODY_BOUNDARY_LEN;
  for (size_t cut = 0; cut < full; cut++) {
    uint8_t *b = malloc(cut ? cut : 1);
    ck_assert_ptr_nonnull(b);
    memcpy(b, golden_body, cut);
    uint8_t out[300];
    size_t n;
    mikey_sipbody res;
    mikey_mime_diag d;
    int rv = mikey_sipbody_parse(golden_ctype, strlen(golden_ctype), b, cut, out, sizeof(out),
                                 &n, &res, &d);
    int want = cut < dash_end         ? MIKEY_E_MIME_BOUNDARY
               : cut < full - 2       ? MIKEY_E_MIME_NO_CLOSE
               : cut == full - 2      ? 0
                                      : MIKEY_E_MIME_BOUNDARY;
    ck_assert_msg(rv == want, "cut at %zu: %d %s (%s)", cut, rv, mikey_err_name(rv),
                  d.what ? d.what : "-");
    if (rv == 0) {
      check_parsed(&res);
    } else {
      ck_assert_ptr_nonnull(d.what);
      ck_assert_uint_le(d.offset, cut);
    }
    free(b);
  }
  /* And every truncation of the Content-Type value. */
  for (size_t cut = 0; cut < strlen(golden_ctype); cut++) {
    char *c = malloc(cut ? cut : 1);
    ck_assert_ptr_nonnull(c);
    memcpy(c, golden_ctype, cut);
    uint8_t out[300];
    size_t n;
    mikey_sipbody res;
    mikey_mime_diag d;
    int rv = mikey_sipbody_parse(c, cut, U8(golden_body), full, out, sizeof(out), &n, &res, &d);
    ck_assert_int_ne(rv, 0);
    ck_assert_int_eq(d.source, MIKEY_MIME_DIAG_CTYPE);
    free(c);
  }
}
END_TEST

START_TEST(too_many_parts_hit_the_limit) {
  /* 9 parts: more than MIKEY_MIME_MAX_PARTS. */
  char body[1024] = "";
  for (int i = 0; i < 9; i++) {
    strcat(body, "--boundary1\r\nContent-Type: text/plain\r\n\r\nx\r\n");
  }
  strcat(body, "--boundary1--\r\n");
  uint8_t out[16];
  size_t n;
  mikey_sipbody res;
  mikey_mime_diag d;
  ck_assert_int_eq(parse_lit(CT1, body, out, sizeof(out), &n, &res, &d), MIKEY_E_LIMIT);
  /* 8 parts is within the bound and refused for its count. */
  body[0] = '\0';
  for (int i = 0; i < 8; i++) {
    strcat(body, "--boundary1\r\nContent-Type: text/plain\r\n\r\nx\r\n");
  }
  strcat(body, "--boundary1--\r\n");
  ck_assert_int_eq(parse_lit(CT1, body, out, sizeof(out), &n, &res, &d), MIKEY_E_MIME_PARTS);
}
END_TEST

START_TEST(parse_arguments) {
  uint8_t out[16];
  size_t n;
  mikey_sipbody res;
  mikey_mime_diag d;
  ck_assert_int_eq(mikey_sipbody_parse(NULL, 0, U8("x"), 1, out, 16, &n, &res, &d),
                   MIKEY_E_INVAL);
  ck_assert_ptr_nonnull(d.what);
  ck_assert_int_eq(mikey_sipbody_parse(CT1, strlen(CT1), NULL, 1, out, 16, &n, &res, &d),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_sipbody_parse(CT1, strlen(CT1), U8("x"), 1, out, 16, NULL, &res, &d),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_sipbody_parse(CT1, strlen(CT1), U8("x"), 1, out, 16, &n, NULL, &d),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_sipbody_parse(CT1, strlen(CT1), NULL, 0, out, 16, &n, &res, NULL),
                   MIKEY_E_MIME_BOUNDARY);
}
END_TEST

/* Deterministic mutations of a valid body (byte flips, insertions of delimiter-like text,
 * deletions), each parsed from an exact-size heap copy: the parser returns 0 or a MIKEY_E_*
 * code with a diagnosis, never crashes or reads outside the input (the sanitizer and valgrind
 * runs of make check watch this), and on success its views lie inside the input or |out|. */
static uint64_t mut_state = 0x243f6a8885a308d3ull;
static uint64_t mut_rng(void) {
  mut_state ^= mut_state << 13;
  mut_state ^= mut_state >> 7;
  mut_state ^= mut_state << 17;
  return mut_state;
}

/* inside tells whether |n| bytes at |p| lie within |len| bytes at |base| (compared as
 * integers: the pointers may belong to different objects). */
static int inside(const uint8_t *p, size_t n, const uint8_t *base, size_t len) {
  uintptr_t a = (uintptr_t)p, b0 = (uintptr_t)base;
  return a >= b0 && n <= len && a - b0 <= len - n;
}

START_TEST(mutated_bodies_never_crash) {
  static const char *inserts[] = {"\r\n", "--", "\r\n--" B0, "\r\n--" B0 "--", "=", "\n",
                                  "Content-Type: application/mikey\r\n", " ", "\x80", "(",
                                  "\""};
  size_t full = strlen(golden_body);
  uint8_t *work = malloc(full + 128);
  ck_assert_ptr_nonnull(work);
  for (int iter = 0; iter < 3000; iter++) {
    memcpy(work, golden_body, full);
    size_t len = full;
    int edits = 1 + (int)(mut_rng() % 3);
    for (int e = 0; e < edits; e++) {
      size_t at = (size_t)(mut_rng() % (len + 1));
      switch (mut_rng() % 3) {
        case 0:
          if (at < len) {
            work[at] = (uint8_t)mut_rng();
          }
          break;
        case 1: {
          const char *ins = inserts[mut_rng() % (sizeof(inserts) / sizeof(inserts[0]))];
          size_t il = strlen(ins);
          if (len + il <= full + 128) {
            memmove(work + at + il, work + at, len - at);
            memcpy(work + at, ins, il);
            len += il;
          }
          break;
        }
        default: {
          size_t dl = (size_t)(mut_rng() % 8);
          if (dl > len - at) {
            dl = len - at;
          }
          memmove(work + at, work + at + dl, len - at - dl);
          len -= dl;
          break;
        }
      }
    }
    uint8_t *b = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(b);
    memcpy(b, work, len);
    uint8_t out[300];
    size_t n;
    mikey_sipbody res;
    mikey_mime_diag d;
    int rv = mikey_sipbody_parse(golden_ctype, strlen(golden_ctype), b, len, out, sizeof(out),
                                 &n, &res, &d);
    if (rv == 0) {
      ck_assert(inside(res.entity, res.entity_len, b, len));
      ck_assert(inside(res.mikey, res.mikey_len, b, len) ||
                inside(res.mikey, res.mikey_len, out, n));
      ck_assert(inside(res.smime.der, res.smime.der_len, b, len) ||
                inside(res.smime.der, res.smime.der_len, out, n));
    } else {
      ck_assert_int_lt(rv, 0);
      ck_assert_str_ne(mikey_err_name(rv), "MIKEY_E_?");
      ck_assert_ptr_nonnull(d.what);
      ck_assert_uint_le(d.offset, len);
    }
    free(b);
  }
  free(work);
}
END_TEST

static Suite *smime_sipbody_suite(void) {
  Suite *s = suite_create("smime_sipbody");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, make_blobs, NULL);
  tcase_add_test(tc, builder_writes_the_annex_i3_body_rfc2046_correct);
  tcase_add_test(tc, build_then_parse_with_the_default_randomness);
  tcase_add_test(tc, f31_example_fixed_parses);
  tcase_add_test(tc, f31_example_as_printed_has_no_close_delimiter);
  tcase_add_test(tc, annex_i3_example_early_close_is_refused);
  tcase_add_loop_test(tc, bad_bodies_are_refused_with_their_code_and_offset, 0,
                      (int)(sizeof(bad_bodies) / sizeof(bad_bodies[0])));
  tcase_add_test(tc, preamble_epilogue_and_transport_padding_are_accepted);
  tcase_add_test(tc, boundary_inside_the_content);
  tcase_add_test(tc, every_truncation_point_is_refused);
  tcase_add_test(tc, too_many_parts_hit_the_limit);
  tcase_add_test(tc, parse_arguments);
  tcase_add_test(tc, mutated_bodies_never_crash);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(smime_sipbody_suite()); }
