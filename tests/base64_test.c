/*
 * base64_test.c: base64 (RFC 4648 section 4) against the vectors of RFC 4648 section 10,
 * every refusal of the strict decoder, the MIME mode of RFC 2045 6.8, sizing, and a round trip
 * of random sizes against an independent bit-by-bit reference encoder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mikey/base64.h>

#include "mikey_test.h"
#include "wire/mikey_base64.h"

#define U8(s) ((const uint8_t *)(s))
/* ck_assert_bytes against text. */
#define ck_assert_text(got, got_len, want, want_len) \
  ck_assert_bytes((got), (got_len), U8(want), (want_len))

/* RFC 4648 section 10, copied from the RFC text. */
static const struct {
  const char *in, *out;
} rfc4648[] = {
    {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
};

/* ref_encode: the reference encoder, written from the RFC text without tables or groups.
 * It walks the input bit by bit, most significant bit first (RFC 2045 6.8), emits a character
 * for every 6 bits, completes the last 6-bit group with zero bits and pads with "=" to a
 * multiple of 4 characters. No wrapping. Returns the number of characters. */
static size_t ref_encode(const uint8_t *in, size_t n, char *out) {
  const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t o = 0;
  unsigned sextet = 0, nbits = 0;
  for (size_t bit = 0; bit < 8 * n; bit++) {
    unsigned b = ((unsigned)in[bit / 8] >> (7 - bit % 8)) & 1u;
    sextet = sextet << 1 | b;
    if (++nbits == 6) {
      out[o++] = alpha[sextet];
      sextet = 0;
      nbits = 0;
    }
  }
  if (nbits) {
    out[o++] = alpha[sextet << (6 - nbits)];
  }
  while (o % 4) {
    out[o++] = '=';
  }
  return o;
}

/* A small deterministic generator (xorshift64) so that every run tests the same data. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

START_TEST(rfc4648_section10_vectors) {
  const char *in = rfc4648[_i].in, *want = rfc4648[_i].out;
  uint8_t out[16], back[16];
  size_t n = 99;
  ck_assert_int_eq(mikey_base64_encode(U8(in), strlen(in), 0, out, sizeof(out), &n), 0);
  ck_assert_text(out, n, want, strlen(want));
  ck_assert_uint_eq(mikey_base64_encoded_len(strlen(in), 0), strlen(want));
  ck_assert_int_eq(mikey_base64_decode(U8(want), strlen(want), MIKEY_BASE64_STRICT, back,
                                       sizeof(back), &n),
                   0);
  ck_assert_text(back, n, in, strlen(in));
  ck_assert_int_eq(
      mikey_base64_decode(U8(want), strlen(want), MIKEY_BASE64_MIME, back, sizeof(back), &n), 0);
  ck_assert_text(back, n, in, strlen(in));
}
END_TEST

/* Every refusal, with the offset of the offending character. */
static const struct {
  const char *text;
  size_t len; /* 0: strlen */
  unsigned flags;
  size_t erroff;
  const char *why;
} refusals[] = {
    {"Zm9v!mFy", 0, MIKEY_BASE64_STRICT, 4, "character outside the alphabet"},
    {"Zm9-", 0, MIKEY_BASE64_STRICT, 3, "'-' is base64url, not base64"},
    {"Zm9_", 0, MIKEY_BASE64_MIME, 3, "'_' is base64url, not base64"},
    {"Zm9v\x80mFy", 0, MIKEY_BASE64_MIME, 4, "8-bit character"},
    {"Zm\0v", 4, MIKEY_BASE64_MIME, 2, "NUL"},
    {"Zm9v\r\nYmFy", 0, MIKEY_BASE64_STRICT, 4, "line break in strict mode"},
    {"Zm9v YmFy", 0, MIKEY_BASE64_STRICT, 4, "space in strict mode"},
    {"Zm9v\vYmFy", 0, MIKEY_BASE64_MIME, 4, "vertical tab is not skipped in MIME mode"},
    {"Zm9v\fYmFy", 0, MIKEY_BASE64_MIME, 4, "form feed is not skipped in MIME mode"},
    {"Zm9v.mFy", 0, MIKEY_BASE64_MIME, 4, "MIME mode still refuses other characters"},
    {"Z===", 0, MIKEY_BASE64_STRICT, 1, "padding after one character"},
    {"====", 0, MIKEY_BASE64_STRICT, 0, "padding only"},
    {"Zg=", 0, MIKEY_BASE64_STRICT, 3, "one '=' where two are needed"},
    {"Zg=a", 0, MIKEY_BASE64_STRICT, 3, "character after a single '=' of a two-pad quantum"},
    {"=Zg=", 0, MIKEY_BASE64_STRICT, 0, "padding first"},
    {"Zm9v=", 0, MIKEY_BASE64_STRICT, 4, "padding after a complete quantum"},
    {"Zg=v", 0, MIKEY_BASE64_STRICT, 3, "character after a single '='"},
    {"Zg==Zg==", 0, MIKEY_BASE64_STRICT, 4, "data after the padding"},
    {"Zm8=Zm8=", 0, MIKEY_BASE64_MIME, 4, "data after the padding (MIME)"},
    {"Zg==\r\nA", 0, MIKEY_BASE64_MIME, 6, "data after the padding and a line break"},
    {"Zg===", 0, MIKEY_BASE64_STRICT, 4, "three '='"},
    {"Zh==", 0, MIKEY_BASE64_STRICT, 1, "non-zero pad bits after 2 characters (h = 33)"},
    {"Zm9=", 0, MIKEY_BASE64_STRICT, 2, "non-zero pad bits after 3 characters (9 = 61)"},
    {"Zm/=", 0, MIKEY_BASE64_MIME, 2, "non-zero pad bits ('/' = 63)"},
    {"Z", 0, MIKEY_BASE64_STRICT, 1, "truncated quantum (1)"},
    {"Zm", 0, MIKEY_BASE64_STRICT, 2, "truncated quantum, padding omitted (2)"},
    {"Zm9", 0, MIKEY_BASE64_STRICT, 3, "truncated quantum, padding omitted (3)"},
    {"Zm9vY", 0, MIKEY_BASE64_STRICT, 5, "truncated second quantum"},
    {"Zm9\r\n", 0, MIKEY_BASE64_MIME, 5, "truncated quantum before a line break"},
    {"Zg\r\n=", 0, MIKEY_BASE64_MIME, 5, "one '=' then the end"},
};

START_TEST(strict_and_mime_refusals) {
  const char *t = refusals[_i].text;
  size_t len = refusals[_i].len ? refusals[_i].len : strlen(t);
  uint8_t out[16];
  size_t n = 12345;
  int rv = mikey_base64_decode(U8(t), len, refusals[_i].flags, out, sizeof(out), &n);
  ck_assert_msg(rv == MIKEY_E_BASE64, "%s: got %d", refusals[_i].why, rv);
  ck_assert_msg(n == refusals[_i].erroff, "%s: error offset %zu, want %zu", refusals[_i].why, n,
                refusals[_i].erroff);
  /* Same answer when only the size is asked for: validation comes before sizing. */
  n = 12345;
  rv = mikey_base64_decode(U8(t), len, refusals[_i].flags, NULL, 0, &n);
  ck_assert_int_eq(rv, MIKEY_E_BASE64);
  ck_assert_uint_eq(n, refusals[_i].erroff);
}
END_TEST

/* RFC 2045 6.8 / RFC 2046 5.1.1: line breaks anywhere, transport padding at line ends. */
START_TEST(mime_mode_skips_line_breaks_and_blanks) {
  static const char *ok[] = {
      "Zm9v\r\nYmFy", "Zm\r\n9vYmFy", "Zm9vYmFy\r\n", " Zm9vYm\tFy \r\n", "Zm9v\nYmFy",
      "Zm9v\rYmFy",   "\r\n\r\nZm9vYmFy",
  };
  for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
    uint8_t out[16];
    size_t n;
    ck_assert_int_eq(
        mikey_base64_decode(U8(ok[i]), strlen(ok[i]), MIKEY_BASE64_MIME, out, sizeof(out), &n),
        0);
    ck_assert_text(out, n, "foobar", 6);
  }
  uint8_t out[4];
  size_t n;
  ck_assert_int_eq(mikey_base64_decode(U8("Zg=\r\n= \r\n"), 9, MIKEY_BASE64_MIME, out, 4, &n), 0);
  ck_assert_text(out, n, "f", 1);
  ck_assert_int_eq(mikey_base64_decode(U8("\r\n \t"), 4, MIKEY_BASE64_MIME, out, 4, &n), 0);
  ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(sizes_are_exact_and_short_buffers_refused) {
  uint8_t out[8];
  size_t n = 0;
  /* Encoder: NULL asks for the size; one byte short is refused with the size. */
  ck_assert_int_eq(mikey_base64_encode(U8("foob"), 4, 0, NULL, 0, &n), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, 8);
  ck_assert_int_eq(mikey_base64_encode(U8("foob"), 4, 0, out, 7, &n), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, 8);
  ck_assert_int_eq(mikey_base64_encode(U8("foob"), 4, 0, out, 8, &n), 0);
  ck_assert_int_eq(mikey_base64_encode(NULL, 0, 0, NULL, 0, &n), 0);
  ck_assert_uint_eq(n, 0);
  /* Decoder: the exact size, below the (len / 4) * 3 bound. */
  ck_assert_int_eq(mikey_base64_decode(U8("Zm9vYg=="), 8, 0, NULL, 0, &n),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, 4);
  ck_assert_uint_eq(mikey_base64_decoded_max(8), 6);
  memset(out, 0xee, sizeof(out));
  ck_assert_int_eq(mikey_base64_decode(U8("Zm9vYg=="), 8, 0, out, 3, &n),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, 4);
  ck_assert_uint_eq(out[0], 0xee); /* nothing written */
  ck_assert_int_eq(mikey_base64_decode(U8("Zm9vYg=="), 8, 0, out, 4, &n), 0);
  ck_assert_text(out, n, "foob", 4);
  /* Bad arguments. */
  ck_assert_int_eq(mikey_base64_encode(U8("f"), 1, 75, out, 8, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_base64_encode(NULL, 1, 0, out, 8, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_base64_encode(U8("f"), 1, 0, out, 8, NULL), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_base64_decode(NULL, 1, 0, out, 8, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_base64_decode(U8("Zg=="), 4, 2, out, 8, &n), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_base64_decode(U8("Zg=="), 4, 0, out, 8, NULL), MIKEY_E_INVAL);
  /* Sizing helper: CRLF only between lines. */
  ck_assert_uint_eq(mikey_base64_encoded_len(57, 76), 76);
  ck_assert_uint_eq(mikey_base64_encoded_len(58, 76), 76 + 2 + 4);
  ck_assert_uint_eq(mikey_base64_encoded_len(114, 76), 76 + 2 + 76);
  ck_assert_uint_eq(mikey_base64_encoded_len(0, 76), 0);
  ck_assert_uint_eq(mikey_base64_encoded_len(1, 75), SIZE_MAX);
  ck_assert_uint_eq(mikey_base64_encoded_len(SIZE_MAX, 0), SIZE_MAX);
  ck_assert_uint_eq(mikey_base64_encoded_len(SIZE_MAX / 4 * 3, 76), SIZE_MAX);
  ck_assert_int_eq(mikey_base64_encode(U8("f"), SIZE_MAX, 0, out, 8, &n), MIKEY_E_LIMIT);
}
END_TEST

/* checks that |text| (|len| characters) is |want| (unwrapped reference) cut into lines of
 * exactly |wrap| characters joined by CRLF, the last line 1..wrap characters, no final CRLF. */
static void check_wrapped(const uint8_t *text, size_t len, const char *want, size_t want_len,
                          size_t wrap) {
  size_t pos = 0, done = 0;
  while (done < want_len) {
    size_t line = want_len - done < wrap ? want_len - done : wrap;
    ck_assert_uint_le(pos + line, len);
    ck_assert_int_eq(memcmp(text + pos, want + done, line), 0);
    pos += line;
    done += line;
    if (done < want_len) {
      ck_assert_uint_le(pos + 2, len);
      ck_assert_msg(text[pos] == '\r' && text[pos + 1] == '\n', "no CRLF after %zu chars",
                    line);
      pos += 2;
    }
  }
  ck_assert_uint_eq(pos, len);
}

/* Round trip of every size 0..4096 with random data, against the reference encoder, without
 * wrapping and wrapped at 76 (MIME) and 64 (PEM); decoded in both modes. */
START_TEST(round_trip_random_sizes_against_reference) {
  enum { MAXN = 4096 };
  uint8_t *data = malloc(MAXN), *enc = malloc(2 * MAXN), *dec = malloc(MAXN);
  char *ref = malloc(2 * MAXN);
  ck_assert_ptr_nonnull(data);
  ck_assert_ptr_nonnull(enc);
  ck_assert_ptr_nonnull(dec);
  ck_assert_ptr_nonnull(ref);
  static const size_t wraps[] = {0, 76, 64};
  for (size_t n = 0; n <= MAXN; n++) {
    for (size_t i = 0; i < n; i++) {
      data[i] = (uint8_t)rng();
    }
    size_t rl = ref_encode(data, n, ref);
    for (size_t w = 0; w < 3; w++) {
      size_t el, dl;
      ck_assert_int_eq(mikey_base64_encode(data, n, wraps[w], enc, 2 * MAXN, &el), 0);
      ck_assert_uint_eq(el, mikey_base64_encoded_len(n, wraps[w]));
      if (wraps[w] == 0) {
        ck_assert_text(enc, el, ref, rl);
        ck_assert_int_eq(mikey_base64_decode(enc, el, MIKEY_BASE64_STRICT, dec, MAXN, &dl), 0);
        ck_assert_bytes(dec, dl, data, n);
      } else {
        check_wrapped(enc, el, ref, rl, wraps[w]);
        ck_assert_int_eq(mikey_base64_decode(enc, el, MIKEY_BASE64_STRICT, dec, MAXN, &dl),
                         el > wraps[w] ? MIKEY_E_BASE64 : 0);
      }
      /* MIME mode, through the exact-size path (buffer of exactly n bytes). */
      ck_assert_int_eq(mikey_base64_decode(enc, el, MIKEY_BASE64_MIME, NULL, 0, &dl),
                       n ? MIKEY_E_BUFFER_TOO_SMALL : 0);
      ck_assert_uint_eq(dl, n);
      ck_assert_int_eq(mikey_base64_decode(enc, el, MIKEY_BASE64_MIME, dec, n, &dl), 0);
      ck_assert_bytes(dec, dl, data, n);
    }
  }
  free(data);
  free(enc);
  free(dec);
  free(ref);
}
END_TEST

/* Any single flipped character of a valid text either decodes to different bytes or is
 * refused: the decoder never silently accepts a non-canonical variant of the same data. */
START_TEST(single_character_changes_never_give_the_same_bytes) {
  uint8_t data[10], text[16], back[16];
  size_t tl, bl;
  for (size_t i = 0; i < sizeof(data); i++) {
    data[i] = (uint8_t)rng();
  }
  ck_assert_int_eq(mikey_base64_encode(data, sizeof(data), 0, text, sizeof(text), &tl), 0);
  for (size_t pos = 0; pos < tl; pos++) {
    uint8_t orig = text[pos];
    for (unsigned c = 0; c < 256; c++) {
      if (c == orig) {
        continue;
      }
      text[pos] = (uint8_t)c;
      int rv = mikey_base64_decode(text, tl, MIKEY_BASE64_STRICT, back, sizeof(back), &bl);
      if (rv == 0) {
        ck_assert(bl != sizeof(data) || memcmp(back, data, bl) != 0);
      } else {
        ck_assert_int_eq(rv, MIKEY_E_BASE64);
      }
    }
    text[pos] = orig;
  }
}
END_TEST

/* The internal writer form gives the same text and the same sizing. */
START_TEST(writer_form_matches_public_encoder) {
  uint8_t data[100], a[200], b[200];
  for (size_t i = 0; i < sizeof(data); i++) {
    data[i] = (uint8_t)i;
  }
  size_t al;
  ck_assert_int_eq(mikey_base64_encode(data, sizeof(data), 76, a, sizeof(a), &al), 0);
  mikey_wr w;
  mikey_wr_init(&w, b, sizeof(b));
  mikey_wr_bytes(&w, (const uint8_t *)"x", 1);
  mikey_base64_wr(&w, data, sizeof(data), 76);
  size_t bl;
  ck_assert_int_eq(mikey_wr_finish(&w, &bl), 0);
  ck_assert_bytes(b + 1, bl - 1, a, al);
  mikey_wr_init(&w, b, 10);
  mikey_base64_wr(&w, data, sizeof(data), 76);
  ck_assert_int_eq(mikey_wr_finish(&w, &bl), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(bl, al);
  for (unsigned c = 0; c < 256; c++) {
    int want = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '+' || c == '/';
    ck_assert_int_eq(mikey_base64_is_alpha((uint8_t)c), want);
  }
}
END_TEST

/* Throughput on a 64 KiB message, printed for the record (not asserted: CI machines and
 * sanitizer builds vary too much). */
START_TEST(throughput_64k_is_reported) {
  enum { N = 65536, ROUNDS = 200 };
  uint8_t *data = malloc(N), *enc = malloc(2 * N), *dec = malloc(N);
  ck_assert_ptr_nonnull(data);
  ck_assert_ptr_nonnull(enc);
  ck_assert_ptr_nonnull(dec);
  for (size_t i = 0; i < N; i++) {
    data[i] = (uint8_t)rng();
  }
  size_t el = 0, dl = 0;
  clock_t t0 = clock();
  for (int r = 0; r < ROUNDS; r++) {
    ck_assert_int_eq(mikey_base64_encode(data, N, 76, enc, 2 * N, &el), 0);
  }
  clock_t t1 = clock();
  for (int r = 0; r < ROUNDS; r++) {
    ck_assert_int_eq(mikey_base64_decode(enc, el, MIKEY_BASE64_MIME, dec, N, &dl), 0);
  }
  clock_t t2 = clock();
  ck_assert_bytes(dec, dl, data, N);
  double mb = (double)N * ROUNDS / 1e6;
  double te = (double)(t1 - t0) / CLOCKS_PER_SEC, td = (double)(t2 - t1) / CLOCKS_PER_SEC;
  fprintf(stderr, "base64 64 KiB, 76-column MIME: encode %.0f MB/s, decode %.0f MB/s\n",
          te > 0 ? mb / te : 0.0, td > 0 ? mb / td : 0.0);
  free(data);
  free(enc);
  free(dec);
}
END_TEST

static Suite *base64_suite(void) {
  Suite *s = suite_create("base64");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, rfc4648_section10_vectors, 0,
                      (int)(sizeof(rfc4648) / sizeof(rfc4648[0])));
  tcase_add_loop_test(tc, strict_and_mime_refusals, 0,
                      (int)(sizeof(refusals) / sizeof(refusals[0])));
  tcase_add_test(tc, mime_mode_skips_line_breaks_and_blanks);
  tcase_add_test(tc, sizes_are_exact_and_short_buffers_refused);
  tcase_add_test(tc, round_trip_random_sizes_against_reference);
  tcase_add_test(tc, single_character_changes_never_give_the_same_bytes);
  tcase_add_test(tc, writer_form_matches_public_encoder);
  tcase_add_test(tc, throughput_64k_is_reported);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(base64_suite()); }
