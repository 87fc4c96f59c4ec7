/*
 * smime_sipmsg_test.c: message/sip entities for SIP S/MIME tunnelling (RFC 3261 23.4 and the
 * 3GPP tunnelling contribution): wrap, recognise, refuse.
 */
#include <string.h>

#include <mikey/smime.h>

#include "mikey_test.h"

#define U8(s) ((const uint8_t *)(s))

/* The inner INVITE (c) of the tunnelling contribution's appendix, with CRLF line endings and
 * a UTF-8 display name added in From (RFC 3261 25.1 allows UTF-8 there). */
static const char invite[] = "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP 10.1.3.3:5060\r\n"
                             "To: Bob <bob@biloxi.com>\r\n"
                             "From: \"Al\xc3\xaf" "ce\" <alice@atlanta.com>;tag=1928301774\r\n"
                             "Call-ID: a84b4c76e66710@10.1.3.3\r\n"
                             "CSeq: 314159 INVITE\r\n"
                             "Contact: <sip:alice@10.1.3.3>\r\n"
                             "Content-Type: application/sdp\r\n"
                             "Content-Length: 147\r\n"
                             "\r\n"
                             "v=0\r\n"
                             "o=UserA 2890844526 2890844526 IN IP4 here.com\r\n"
                             "s=Session SDP\r\n"
                             "c=IN IP4 100.101.102.103\r\n"
                             "t=0 0\r\n"
                             "m=audio 49172 RTP/AVP 0\r\n"
                             "a=rtpmap:0 PCMU/8000\r\n";

START_TEST(request_is_wrapped_and_recognised) {
  uint8_t out[1024];
  size_t n;
  ck_assert_int_eq(mikey_smime_sipmsg_wrap(U8(invite), strlen(invite), NULL, 0, &n),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, strlen("Content-Type: message/sip\r\n\r\n") + strlen(invite));
  ck_assert_int_eq(mikey_smime_sipmsg_wrap(U8(invite), strlen(invite), out, n - 1, &n),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_int_eq(mikey_smime_sipmsg_wrap(U8(invite), strlen(invite), out, sizeof(out), &n), 0);
  ck_assert_int_eq(memcmp(out, "Content-Type: message/sip\r\n\r\n", 29), 0);
  ck_assert_bytes(out + 29, n - 29, U8(invite), strlen(invite));

  mikey_sipmsg m;
  mikey_mime_diag d;
  ck_assert_int_eq(mikey_smime_sipmsg_parse(out, n, &m, &d), 0);
  ck_assert_ptr_null(d.what);
  ck_assert_int_eq(m.is_request, 1);
  ck_assert_bytes(m.method, m.method_len, U8("INVITE"), 6);
  ck_assert_bytes(m.uri, m.uri_len, U8("sip:bob@biloxi.com"), 18);
  ck_assert_uint_eq(m.status, 0);
  ck_assert_ptr_eq(m.msg, out + 29); /* a view */
  ck_assert_uint_eq(m.msg_len, strlen(invite));
}
END_TEST

START_TEST(responses_are_recognised) {
  static const char *ok[] = {
      "Content-Type: message/sip\r\n\r\nSIP/2.0 200 OK\r\nCSeq: 1 MESSAGE\r\n\r\n",
      "content-type: Message/SIP; x=y\r\nContent-Transfer-Encoding: binary\r\n\r\n"
      "SIP/2.0 200 \r\n\r\n",
      "Content-Type: message/sip\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
      "sip/2.0 200 D\xc3\xa9j\xc3\xa0 vu\r\nX: y\r\n\r\n",
  };
  for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
    mikey_sipmsg m;
    mikey_mime_diag d;
    ck_assert_int_eq(mikey_smime_sipmsg_parse(U8(ok[i]), strlen(ok[i]), &m, &d), 0);
    ck_assert_int_eq(m.is_request, 0);
    ck_assert_uint_eq(m.status, 200);
    ck_assert_ptr_null(m.method);
  }
  /* The F.3.1 MESSAGE, tunnelled, with a body after the empty line. */
  static const char message[] = "MESSAGE sip:user2@domain.com SIP/2.0\r\n"
                                "Via: SIP/2.0/TCP user1pc.domain.com;branch=z9hG4bK776sgdkse\r\n"
                                "Max-Forwards: 70\r\n"
                                "From: sip:user1@domain.com;tag=49583\r\n"
                                "To: sip:user2@domain.com\r\n"
                                "Call-ID: asd88asd77a@1.2.3.4\r\n"
                                "CSeq: 1 MESSAGE\r\n"
                                "Content-Type: text/plain\r\n"
                                "Content-Length: 31\r\n"
                                "\r\n"
                                "All your base are belong to us.";
  uint8_t out[512];
  size_t n;
  ck_assert_int_eq(mikey_smime_sipmsg_wrap(U8(message), strlen(message), out, sizeof(out), &n),
                   0);
  mikey_sipmsg m;
  ck_assert_int_eq(mikey_smime_sipmsg_parse(out, n, &m, NULL), 0);
  ck_assert_bytes(m.method, m.method_len, U8("MESSAGE"), 7);
}
END_TEST

/* Messages the wrapper refuses (and the parser too, once wrapped by hand). */
static const struct {
  const char *msg;
  const char *why;
} not_sip[] = {
    {"INVITE sip:bob@biloxi.com SIP/2.0\nTo: Bob <bob@biloxi.com>\n\n", "LF line endings"},
    {"INVITE sip:bob@biloxi.com SIP/2.0\r\nTo: Bob <bob@biloxi.com>\n\r\n", "bare LF in headers"},
    {"INVITE sip:bob@biloxi.com SIP/2.0\r\nTo: Bob <bob@biloxi.com>\r\n", "no empty line"},
    {"INVITE sip:bob@biloxi.com SIP/2.0", "start line only, no CRLF"},
    {"", "nothing"},
    {"HTTP/1.1 200 OK\r\n\r\n", "HTTP, not SIP"},
    {"INVITE sip:bob@biloxi.com SIP/3.0\r\n\r\n", "SIP/3.0"},
    {"INVITE sip:bob@biloxi.com\r\n\r\n", "no SIP-Version"},
    {"INVITE  sip:bob@biloxi.com SIP/2.0\r\n\r\n", "empty Request-URI"},
    {"INVITE sip:bob@biloxi.com SIP/2.0 \r\n\r\n", "text after the version"},
    {"INV(TE sip:bob@biloxi.com SIP/2.0\r\n\r\n", "'(' in the method"},
    {"SIP/2.0 099 Low\r\n\r\n", "Status-Code below 100"},
    {"SIP/2.0 700 High\r\n\r\n", "Status-Code above 699"},
    {"SIP/2.0 20 OK\r\n\r\n", "two-digit Status-Code"},
    {"SIP/2.0 200\r\n\r\n", "no space after the Status-Code"},
    {"SIP/2.0 200 O\x01K\r\n\r\n", "control character in the reason"},
};

START_TEST(non_sip_content_is_refused) {
  const char *t = not_sip[_i].msg;
  uint8_t out[256];
  size_t n;
  ck_assert_msg(mikey_smime_sipmsg_wrap(U8(t), strlen(t), out, sizeof(out), &n) == MIKEY_E_MIME,
                "wrap: %s", not_sip[_i].why);
  char ent[256] = "Content-Type: message/sip\r\n\r\n";
  strcat(ent, t);
  mikey_sipmsg m;
  mikey_mime_diag d;
  ck_assert_msg(mikey_smime_sipmsg_parse(U8(ent), strlen(ent), &m, &d) == MIKEY_E_MIME,
                "parse: %s", not_sip[_i].why);
  ck_assert_ptr_nonnull(d.what);
  ck_assert_uint_ge(d.offset, 29);
}
END_TEST

START_TEST(other_entities_are_told_apart) {
  mikey_sipmsg m;
  mikey_mime_diag d;
  static const char *other[] = {
      "Content-Type: text/plain\r\n\r\nAll your base are belong to us.",
      "Content-Type: message/sipfrag\r\n\r\nSIP/2.0 200 OK\r\n\r\n",
      "\r\nSIP/2.0 200 OK\r\n\r\n",
  };
  for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
    ck_assert_int_eq(mikey_smime_sipmsg_parse(U8(other[i]), strlen(other[i]), &m, &d),
                     MIKEY_E_MIME_CONTENT_TYPE);
  }
  /* RFC 2045 6.4: a composite type is never base64 or quoted-printable. */
  static const char *enc[] = {
      "Content-Type: message/sip\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "U0lQLzIuMCAyMDAgT0sNCg0K",
      "Content-Type: message/sip\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
      "SIP/2.0 200 OK\r\n\r\n",
  };
  for (size_t i = 0; i < sizeof(enc) / sizeof(enc[0]); i++) {
    ck_assert_int_eq(mikey_smime_sipmsg_parse(U8(enc[i]), strlen(enc[i]), &m, &d), MIKEY_E_MIME);
  }
  /* Arguments. */
  uint8_t out[8];
  size_t n;
  ck_assert_int_eq(mikey_smime_sipmsg_parse(NULL, 1, &m, &d), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_smime_sipmsg_parse(U8(other[0]), 5, NULL, &d), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_smime_sipmsg_wrap(NULL, 0, out, 8, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_smime_sipmsg_wrap(U8(invite), strlen(invite), out, 8, NULL),
                   MIKEY_E_INVAL);
}
END_TEST

/* A SIP message written with LF line ends becomes acceptable once canonicalized
 * (RFC 5751 3.1.1), which is the order a sender applies: canonicalize, wrap, protect. */
START_TEST(canonicalize_then_wrap) {
  static const char lf[] = "MESSAGE sip:user2@domain.com SIP/2.0\n"
                           "CSeq: 1 MESSAGE\n"
                           "Content-Length: 0\n"
                           "\n";
  uint8_t canon[128], ent[256];
  size_t cl, el;
  ck_assert_int_eq(mikey_smime_sipmsg_wrap(U8(lf), strlen(lf), ent, sizeof(ent), &el),
                   MIKEY_E_MIME);
  ck_assert_int_eq(mikey_smime_canon(U8(lf), strlen(lf), canon, sizeof(canon), &cl), 0);
  ck_assert_int_eq(mikey_smime_sipmsg_wrap(canon, cl, ent, sizeof(ent), &el), 0);
  mikey_sipmsg m;
  ck_assert_int_eq(mikey_smime_sipmsg_parse(ent, el, &m, NULL), 0);
  ck_assert_uint_eq(m.msg_len, strlen(lf) + 4);
}
END_TEST

static Suite *smime_sipmsg_suite(void) {
  Suite *s = suite_create("smime_sipmsg");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, request_is_wrapped_and_recognised);
  tcase_add_test(tc, responses_are_recognised);
  tcase_add_loop_test(tc, non_sip_content_is_refused, 0,
                      (int)(sizeof(not_sip) / sizeof(not_sip[0])));
  tcase_add_test(tc, other_entities_are_told_apart);
  tcase_add_test(tc, canonicalize_then_wrap);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(smime_sipmsg_suite()); }
