/*
 * mime_header_test.c: header sections (RFC 5322 2.2), Content-Type (RFC 2045 5.1) and
 * Content-Transfer-Encoding (RFC 2045 6.1) as the S/MIME layer reads them.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/smime.h>

#include "mikey_test.h"
#include "smime/mikey_mime_header.h"

#define U8(s) ((const uint8_t *)(s))

/* parse_hdrs parses the literal |text| and returns the result code. */
static int parse_hdrs(const char *text, mikey_mime_headers *h, size_t *body_off,
                      mikey_mime_diag *d) {
  memset(d, 0, sizeof(*d));
  return mikey_mime_headers_parse(U8(text), strlen(text), U8(text), h, body_off, d);
}

/* field_is checks that |f| has the name and (unfolded-by-hand) raw value given. */
static void field_is(const mikey_mime_field *f, const char *name, const char *value) {
  ck_assert_msg(f->name_len == strlen(name) && memcmp(f->name, name, f->name_len) == 0,
                "name %.*s, want %s", (int)f->name_len, (const char *)f->name, name);
  ck_assert_msg(f->value_len == strlen(value) && memcmp(f->value, value, f->value_len) == 0,
                "value [%.*s], want [%s]", (int)f->value_len, (const char *)f->value, value);
}

START_TEST(header_section_is_split_into_fields_and_body) {
  const char *t = "Content-Type: application/mikey\r\n"
                  "content-transfer-encoding:base64  \r\n"
                  "X-Empty:\r\n"
                  "Subject : with space before the colon\r\n"
                  "\r\n"
                  "Zm9v";
  mikey_mime_headers h;
  mikey_mime_diag d;
  size_t body = 0;
  ck_assert_int_eq(parse_hdrs(t, &h, &body, &d), 0);
  ck_assert_uint_eq(h.n, 4);
  field_is(&h.f[0], "Content-Type", "application/mikey");
  field_is(&h.f[1], "content-transfer-encoding", "base64");
  field_is(&h.f[2], "X-Empty", "");
  field_is(&h.f[3], "Subject", "with space before the colon");
  ck_assert_str_eq(t + body, "Zm9v");
  const mikey_mime_field *f;
  ck_assert_int_eq(mikey_mime_headers_get(&h, "CONTENT-TRANSFER-ENCODING", &f, U8(t), &d), 0);
  ck_assert_ptr_eq(f, &h.f[1]);
  ck_assert_int_eq(mikey_mime_headers_get(&h, "Content-Disposition", &f, U8(t), &d),
                   MIKEY_E_NOT_FOUND);
  ck_assert_ptr_null(f);
  /* An empty header section (RFC 2046 5.1.1 allows it in a body part). */
  ck_assert_int_eq(parse_hdrs("\r\nbody", &h, &body, &d), 0);
  ck_assert_uint_eq(h.n, 0);
  ck_assert_uint_eq(body, 2);
}
END_TEST

/* RFC 5322 2.2.3: a CRLF followed by WSP is a fold; the value keeps it and the scanners read
 * it as white space. */
START_TEST(folded_fields_are_one_value) {
  const char *t = "Content-Type: application/pkcs7-mime;\r\n"
                  "    smime-type=auth-enveloped-data;\r\n"
                  "\tname=smime.p7m\r\n"
                  "Content-Type-2:\r\n  folded-from-the-start\r\n"
                  "\r\n";
  mikey_mime_headers h;
  mikey_mime_diag d;
  size_t body = 0;
  ck_assert_int_eq(parse_hdrs(t, &h, &body, &d), 0);
  ck_assert_uint_eq(h.n, 2);
  field_is(&h.f[0], "Content-Type",
           "application/pkcs7-mime;\r\n    smime-type=auth-enveloped-data;\r\n\tname=smime.p7m");
  field_is(&h.f[1], "Content-Type-2", "folded-from-the-start");
  ck_assert_uint_eq(body, strlen(t));
  mikey_mime_ctype ct;
  ck_assert_int_eq(mikey_mime_ctype_parse(h.f[0].value, h.f[0].value_len, U8(t), &ct, &d), 0);
  ck_assert(mikey_mime_ctype_is(&ct, "application", "pkcs7-mime"));
  mikey_mime_param p;
  ck_assert_int_eq(mikey_mime_param_get(&ct, "smime-type", &p, U8(t), &d), 0);
  ck_assert(mikey_mime_param_eq(&p, "auth-enveloped-data", 0));
  ck_assert_int_eq(mikey_mime_param_get(&ct, "NAME", &p, U8(t), &d), 0);
  ck_assert(mikey_mime_param_eq(&p, "smime.p7m", 0));
}
END_TEST

/* Every refusal of the header splitter, with its code and offset. */
static const struct {
  const char *text;
  int code;
  size_t offset;
  const char *why;
} bad_sections[] = {
    {"Content-Type: a/b\n\r\n", MIKEY_E_MIME, 17, "bare LF ends a line"},
    {"Content-Type: a/b\r\r\n", MIKEY_E_MIME, 17, "bare CR"},
    {"Content-Type: a/b\r\n\n", MIKEY_E_MIME, 19, "bare LF as the empty line"},
    {"Content-Type: a/b\r\n", MIKEY_E_MIME, 19, "no empty line before the end"},
    {"Content-Type: a/b", MIKEY_E_MIME, 17, "last line without CRLF"},
    {"", MIKEY_E_MIME, 0, "nothing at all"},
    {" folded: first\r\n\r\n", MIKEY_E_MIME, 0, "continuation line with no field"},
    {"Content-Type a/b\r\n\r\n", MIKEY_E_MIME, 13, "no colon"},
    {"Content Type: a/b\r\n\r\n", MIKEY_E_MIME, 8, "space inside the name"},
    {": a/b\r\n\r\n", MIKEY_E_MIME, 0, "empty field name"},
    {"Content-Type: a/\xc3\xa9\r\n\r\n", MIKEY_E_MIME, 16, "non-ASCII in a header"},
    {"Content-Type: a/b\x01\r\n\r\n", MIKEY_E_MIME, 17, "control character in a header"},
    {"X: a\r\nCont\x7f: b\r\n\r\n", MIKEY_E_MIME, 10, "DEL in a name"},
};

START_TEST(malformed_header_sections_are_refused) {
  mikey_mime_headers h;
  mikey_mime_diag d;
  size_t body;
  int rv = parse_hdrs(bad_sections[_i].text, &h, &body, &d);
  ck_assert_msg(rv == bad_sections[_i].code, "%s: got %d", bad_sections[_i].why, rv);
  ck_assert_msg(d.offset == bad_sections[_i].offset, "%s: offset %zu, want %zu (%s)",
                bad_sections[_i].why, d.offset, bad_sections[_i].offset, d.what);
  ck_assert_ptr_nonnull(d.what);
}
END_TEST

START_TEST(bounds_are_refused_with_limit) {
  enum { CAP = 4096 };
  char *t = malloc(CAP);
  ck_assert_ptr_nonnull(t);
  mikey_mime_headers h;
  mikey_mime_diag d;
  size_t body;
  /* A line of exactly 998 characters passes, 999 does not (RFC 5322 2.1.1). */
  for (size_t extra = 0; extra < 2; extra++) {
    size_t n = 0;
    memcpy(t, "X-Long: ", 8);
    n = 8;
    while (n < MIKEY_MIME_MAX_LINE + extra) {
      t[n++] = 'a';
    }
    memcpy(t + n, "\r\n\r\n", 5);
    ck_assert_int_eq(parse_hdrs(t, &h, &body, &d), extra ? MIKEY_E_LIMIT : 0);
    if (extra) {
      ck_assert_uint_eq(d.offset, MIKEY_MIME_MAX_LINE);
    }
  }
  /* 32 fields pass, 33 do not. */
  for (size_t count = MIKEY_MIME_MAX_HEADERS; count <= MIKEY_MIME_MAX_HEADERS + 1; count++) {
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
      memcpy(t + n, "X-A: b\r\n", 8);
      n += 8;
    }
    memcpy(t + n, "\r\n", 3);
    ck_assert_int_eq(parse_hdrs(t, &h, &body, &d),
                     count > MIKEY_MIME_MAX_HEADERS ? MIKEY_E_LIMIT : 0);
  }
  free(t);
}
END_TEST

START_TEST(duplicate_fields_are_refused_on_lookup) {
  const char *t = "Content-Type: a/b\r\ncontent-type: c/d\r\n\r\n";
  mikey_mime_headers h;
  mikey_mime_diag d;
  size_t body;
  ck_assert_int_eq(parse_hdrs(t, &h, &body, &d), 0);
  const mikey_mime_field *f;
  ck_assert_int_eq(mikey_mime_headers_get(&h, "Content-Type", &f, U8(t), &d), MIKEY_E_MIME);
  ck_assert_uint_eq(d.offset, 19);
}
END_TEST

/* parse_ct parses a Content-Type value given as a literal. */
static int parse_ct(const char *v, mikey_mime_ctype *ct, mikey_mime_diag *d) {
  memset(d, 0, sizeof(*d));
  return mikey_mime_ctype_parse(U8(v), strlen(v), U8(v), ct, d);
}

START_TEST(content_type_values) {
  mikey_mime_ctype ct;
  mikey_mime_diag d;
  mikey_mime_param p;
  /* TS 33.328 Annex I.3, with its trailing space. */
  const char *v = "multipart/mixed;boundary=\"boundary1\" ";
  ck_assert_int_eq(parse_ct(v, &ct, &d), 0);
  ck_assert(mikey_mime_ctype_is(&ct, "multipart", "mixed"));
  ck_assert(!mikey_mime_ctype_is(&ct, "multipart", "mix"));
  ck_assert(!mikey_mime_ctype_is(&ct, "multipart", "mixedx"));
  ck_assert_int_eq(mikey_mime_param_get(&ct, "boundary", &p, U8(v), &d), 0);
  ck_assert_int_eq(p.quoted, 1);
  ck_assert_uint_eq(p.value_len, 9);
  ck_assert(mikey_mime_param_eq(&p, "boundary1", 0));
  ck_assert(!mikey_mime_param_eq(&p, "Boundary1", 0));
  ck_assert(mikey_mime_param_eq(&p, "Boundary1", 1));
  ck_assert(!mikey_mime_param_eq(&p, "boundary", 0));
  ck_assert(!mikey_mime_param_eq(&p, "boundary12", 0));
  ck_assert_int_eq(mikey_mime_param_get(&ct, "charset", &p, U8(v), &d), MIKEY_E_NOT_FOUND);
  /* RFC 2045 5.1: case, white space, comments; the two charset forms are equivalent. */
  v = "TEXT / Plain ; CharSet = us-ascii (Plain text)";
  ck_assert_int_eq(parse_ct(v, &ct, &d), 0);
  ck_assert(mikey_mime_ctype_is(&ct, "text", "plain"));
  ck_assert_int_eq(mikey_mime_param_get(&ct, "charset", &p, U8(v), &d), 0);
  ck_assert_int_eq(p.quoted, 0);
  ck_assert(mikey_mime_param_eq(&p, "us-ascii", 0));
  v = "(lead (nested) comment) text/plain; charset=\"us-ascii\"";
  ck_assert_int_eq(parse_ct(v, &ct, &d), 0);
  ck_assert_int_eq(mikey_mime_param_get(&ct, "charset", &p, U8(v), &d), 0);
  ck_assert(mikey_mime_param_eq(&p, "us-ascii", 0));
  /* A quoted-pair stands for its character. */
  v = "a/b; x=\"q\\\"uo\\te\"";
  ck_assert_int_eq(parse_ct(v, &ct, &d), 0);
  ck_assert_int_eq(mikey_mime_param_get(&ct, "x", &p, U8(v), &d), 0);
  ck_assert(mikey_mime_param_eq(&p, "q\"uote", 0));
  /* A value handed in by a SIP stack may be folded. */
  v = "multipart/mixed;\r\n boundary=b1";
  ck_assert_int_eq(parse_ct(v, &ct, &d), 0);
  ck_assert_int_eq(mikey_mime_param_get(&ct, "boundary", &p, U8(v), &d), 0);
  ck_assert(mikey_mime_param_eq(&p, "b1", 0));
}
END_TEST

static const struct {
  const char *v;
  size_t offset;
  const char *why;
} bad_ctypes[] = {
    {"", 0, "empty"},
    {"text", 4, "no subtype (RFC 2045 5.1: subtype is mandatory)"},
    {"text/", 5, "empty subtype"},
    {"/plain", 0, "no type"},
    {"text/plain;", 11, "';' and no parameter"},
    {"text/plain; charset", 19, "no '='"},
    {"text/plain; charset=", 20, "no value"},
    {"text/plain; charset=\"us-ascii", 20, "unterminated quoted string"},
    {"text/plain charset=x", 11, "no ';' between parameters"},
    {"multipart/mixed; boundary=gc0pJq0M:08jU534c0p", 34,
     "':' in a token (RFC 2046 5.1.1's invalid example)"},
    {"text/plain (comment", 11, "unterminated comment"},
    {"text/plain\r\n; a=b", 10, "CRLF not followed by white space"},
    {"text/plain\n a=b", 10, "bare LF"},
    {"text/pl\xe4in", 7, "8-bit character"},
};

START_TEST(malformed_content_types_are_refused) {
  mikey_mime_ctype ct;
  mikey_mime_diag d;
  int rv = parse_ct(bad_ctypes[_i].v, &ct, &d);
  ck_assert_msg(rv == MIKEY_E_MIME, "%s: got %d", bad_ctypes[_i].why, rv);
  ck_assert_msg(d.offset == bad_ctypes[_i].offset, "%s: offset %zu, want %zu (%s)",
                bad_ctypes[_i].why, d.offset, bad_ctypes[_i].offset, d.what);
}
END_TEST

START_TEST(duplicate_parameters_are_refused) {
  mikey_mime_ctype ct;
  mikey_mime_diag d;
  mikey_mime_param p;
  const char *v = "multipart/mixed; boundary=a; BOUNDARY=b";
  ck_assert_int_eq(parse_ct(v, &ct, &d), 0);
  ck_assert_int_eq(mikey_mime_param_get(&ct, "boundary", &p, U8(v), &d), MIKEY_E_MIME);
  ck_assert_uint_eq(d.offset, 29);
}
END_TEST

/* cte_of parses a one-field section "Content-Transfer-Encoding: |v|" (NULL: no field). */
static int cte_of(const char *v, int *cte) {
  char t[200];
  mikey_mime_headers h;
  mikey_mime_diag d;
  size_t body;
  if (v) {
    ck_assert_uint_lt(strlen(v), 100);
    strcpy(t, "Content-Transfer-Encoding: ");
    strcat(t, v);
    strcat(t, "\r\n\r\n");
  } else {
    strcpy(t, "Content-Type: a/b\r\n\r\n");
  }
  ck_assert_int_eq(parse_hdrs(t, &h, &body, &d), 0);
  return mikey_mime_cte_get(&h, cte, U8(t), &d);
}

START_TEST(content_transfer_encodings) {
  int cte = -1;
  ck_assert_int_eq(cte_of("base64", &cte), 0);
  ck_assert_int_eq(cte, MIKEY_MIME_CTE_BASE64);
  ck_assert_int_eq(cte_of("BASE64 (comment)", &cte), 0);
  ck_assert_int_eq(cte, MIKEY_MIME_CTE_BASE64);
  ck_assert_int_eq(cte_of("binary", &cte), 0);
  ck_assert_int_eq(cte, MIKEY_MIME_CTE_IDENTITY);
  ck_assert_int_eq(cte_of("7Bit", &cte), 0);
  ck_assert_int_eq(cte, MIKEY_MIME_CTE_IDENTITY);
  ck_assert_int_eq(cte_of("8bit", &cte), 0);
  ck_assert_int_eq(cte, MIKEY_MIME_CTE_IDENTITY);
  cte = -1;
  ck_assert_int_eq(cte_of(NULL, &cte), 0); /* RFC 2045 6.1: absent means 7bit */
  ck_assert_int_eq(cte, MIKEY_MIME_CTE_IDENTITY);
  ck_assert_int_eq(cte_of("quoted-printable", &cte), MIKEY_E_UNSUPPORTED);
  ck_assert_int_eq(cte_of("x-uuencode", &cte), MIKEY_E_UNSUPPORTED);
  ck_assert_int_eq(cte_of("base64 binary", &cte), MIKEY_E_MIME);
  ck_assert_int_eq(cte_of("", &cte), MIKEY_E_MIME);
  ck_assert_int_eq(cte_of("base64\r\nContent-Transfer-Encoding: binary", &cte), MIKEY_E_MIME);
}
END_TEST

static Suite *mime_header_suite(void) {
  Suite *s = suite_create("mime_header");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, header_section_is_split_into_fields_and_body);
  tcase_add_test(tc, folded_fields_are_one_value);
  tcase_add_loop_test(tc, malformed_header_sections_are_refused, 0,
                      (int)(sizeof(bad_sections) / sizeof(bad_sections[0])));
  tcase_add_test(tc, bounds_are_refused_with_limit);
  tcase_add_test(tc, duplicate_fields_are_refused_on_lookup);
  tcase_add_test(tc, content_type_values);
  tcase_add_loop_test(tc, malformed_content_types_are_refused, 0,
                      (int)(sizeof(bad_ctypes) / sizeof(bad_ctypes[0])));
  tcase_add_test(tc, duplicate_parameters_are_refused);
  tcase_add_test(tc, content_transfer_encodings);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(mime_header_suite()); }
