/*
 * base64.c: libFuzzer harness for mikey_base64_decode (strict and MIME modes) and the
 * encoder.
 *
 * Properties (any break aborts):
 *  - a size query and a decode into an exact-size buffer agree; nothing is written past it;
 *  - MIKEY_E_BASE64 points at an offset inside the input (or at its end);
 *  - what strict mode accepts, MIME mode accepts with the same bytes;
 *  - an input strict mode accepts is canonical: encoding the result gives it back;
 *  - what MIME mode accepts equals the strict decoding of the input with CR, LF, SPACE and
 *    HTAB removed;
 *  - decode(encode(x)) == x for the input as data, unwrapped (strict and MIME) and wrapped at
 *    76, 64 and 4 characters (MIME), with mikey_base64_encoded_len giving the exact size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/base64.h>
#include <mikey/common.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what) {
  fprintf(stderr, "base64: %s\n", what);
  abort();
}

/* decode returns the decoding of |in| in |flags| mode in a fresh buffer (NULL when refused). */
static uint8_t *decode(const uint8_t *in, size_t len, unsigned flags, size_t *outlen, int *rc) {
  size_t need = 0;
  *rc = mikey_base64_decode(len ? in : NULL, len, flags, NULL, 0, &need);
  if (*rc == MIKEY_E_BASE64) {
    if (need > len) {
      fail("error offset past the input");
    }
    return NULL;
  }
  if (*rc != 0 && *rc != MIKEY_E_BUFFER_TOO_SMALL) {
    fail("unexpected error");
  }
  if (*rc == 0 && need != 0) {
    fail("size query succeeded with bytes needed");
  }
  if (need > mikey_base64_decoded_max(len)) {
    fail("needs more than mikey_base64_decoded_max");
  }
  uint8_t *out = malloc(need + 1);
  if (!out) {
    fail("out of memory");
  }
  out[need] = 0x5a;
  *rc = mikey_base64_decode(len ? in : NULL, len, flags, out, need, outlen);
  if (*rc != 0 || *outlen != need || out[need] != 0x5a) {
    fail("decode disagrees with its size query");
  }
  return out;
}

static void roundtrip(const uint8_t *data, size_t size, size_t wrap, unsigned flags) {
  size_t n = mikey_base64_encoded_len(size, wrap), got = 0;
  uint8_t *enc = malloc(n ? n : 1);
  if (!enc || n == SIZE_MAX) {
    fail("encoded length");
  }
  if (mikey_base64_encode(size ? data : NULL, size, wrap, enc, n, &got) != 0 || got != n) {
    fail("encode wrote another size than mikey_base64_encoded_len");
  }
  size_t dl = 0;
  int rc;
  uint8_t *dec = decode(enc, n, flags, &dl, &rc);
  if (!dec || dl != size || (size && memcmp(dec, data, size) != 0)) {
    fail("decode(encode(x)) != x");
  }
  free(dec);
  free(enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t sl = 0, ml = 0;
  int src, mrc;
  uint8_t *s = decode(data, size, MIKEY_BASE64_STRICT, &sl, &src);
  uint8_t *m = decode(data, size, MIKEY_BASE64_MIME, &ml, &mrc);
  if (s && (!m || ml != sl || (sl && memcmp(s, m, sl) != 0))) {
    fail("MIME mode differs from strict mode on strict base64");
  }
  if (s) {
    size_t n = mikey_base64_encoded_len(sl, 0), got = 0;
    uint8_t *enc = malloc(n ? n : 1);
    if (!enc || mikey_base64_encode(sl ? s : NULL, sl, 0, enc, n, &got) != 0 || got != size ||
        (size && memcmp(enc, data, size) != 0)) {
      fail("strict base64 is not canonical");
    }
    free(enc);
  }
  /* MIME mode == strict mode after removing the skipped characters */
  uint8_t *stripped = malloc(size ? size : 1);
  if (!stripped) {
    fail("out of memory");
  }
  size_t k = 0;
  for (size_t i = 0; i < size; i++) {
    if (data[i] != '\r' && data[i] != '\n' && data[i] != ' ' && data[i] != '\t') {
      stripped[k++] = data[i];
    }
  }
  size_t tl = 0;
  int trc;
  uint8_t *t = decode(stripped, k, MIKEY_BASE64_STRICT, &tl, &trc);
  if ((t == NULL) != (m == NULL) || (t && (tl != ml || (tl && memcmp(t, m, tl) != 0)))) {
    fail("MIME mode differs from strict mode on the input without whitespace");
  }
  free(t);
  free(stripped);
  free(s);
  free(m);

  roundtrip(data, size, MIKEY_BASE64_NO_WRAP, MIKEY_BASE64_STRICT);
  roundtrip(data, size, MIKEY_BASE64_NO_WRAP, MIKEY_BASE64_MIME);
  roundtrip(data, size, MIKEY_BASE64_MIME_WRAP, MIKEY_BASE64_MIME);
  roundtrip(data, size, MIKEY_BASE64_PEM_WRAP, MIKEY_BASE64_MIME);
  roundtrip(data, size, 4, MIKEY_BASE64_MIME);
  return 0;
}
