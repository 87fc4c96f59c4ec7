/*
 * cms_aed_open.c: libFuzzer harness for the one-shot CMS openers. Every input is parsed as an
 * AuthEnvelopedData ContentInfo (mikey_cms_aed_parse), then opened with the fixed KEKs of
 * fuzz_keys.h (mikey_cms_aed_open with the expected identifier, and without one), and opened
 * as an EnvelopedData (mikey_cms_ed_open). The seeds are built under those KEKs, so mutations
 * reach the unwrap, the decryption and the tag check.
 *
 * Properties (any break aborts):
 *  - parse views lie inside the input, mac_len == icv_len, content_len <= input length;
 *  - open agrees with parse (same error when parse fails, same views when it succeeds);
 *  - on any failure of aed_open the output buffer holds no plaintext: it was filled with a
 *    sentinel, and after the call it is a (possibly empty) run of zero bytes, as
 *    mikey_cms_aed_decrypt wipes up to content_len, followed by untouched sentinel bytes;
 *  - on success the length written is content_len, and a size query
 *    (MIKEY_E_BUFFER_TOO_SMALL) reports that length;
 *  - ed_open never writes more than the room it was given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/cms.h>

#include "fuzz_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SENTINEL 0xa5
#define SLACK 16

static void fail(const char *what) {
  fprintf(stderr, "cms_aed_open: %s\n", what);
  abort();
}

static int inside(const uint8_t *p, size_t n, const uint8_t *base, size_t size) {
  if (!p) {
    return n == 0;
  }
  return p >= base && (size_t)(p - base) <= size && n <= size - (size_t)(p - base);
}

/* no_plaintext: |buf| (|n| bytes) is zero bytes then sentinel bytes. */
static int no_plaintext(const uint8_t *buf, size_t n) {
  size_t i = 0;
  while (i < n && buf[i] == 0) {
    i++;
  }
  for (; i < n; i++) {
    if (buf[i] != SENTINEL) {
      return 0;
    }
  }
  return 1;
}

static void check_views(const mikey_cms_aed *a, const uint8_t *data, size_t size) {
  if (!inside(a->kek_id, a->kek_id_len, data, size) ||
      !inside(a->nonce, a->nonce_len, data, size) ||
      !inside(a->auth_attrs, a->auth_attrs_len, data, size) ||
      !inside(a->unauth_attrs, a->unauth_attrs_len, data, size) ||
      !inside(a->wrapped_key, a->wrapped_key_len, data, size) ||
      !inside(a->mac, a->mac_len, data, size) ||
      !inside(a->content_enc, a->content_enc_len, data, size)) {
    fail("a parsed view lies outside the input");
  }
  if (a->mac_len != a->icv_len || a->content_len > size ||
      (!a->content_chunked && a->content_enc_len != a->content_len)) {
    fail("parse gave inconsistent lengths");
  }
}

static void open_with(mikey_cms_ctx *ctx, const uint8_t *data, size_t size, const uint8_t *key,
                      size_t key_len, const uint8_t *id, size_t id_len, int prc,
                      const mikey_cms_aed *parsed) {
  mikey_cms_kek kek = {key, key_len, id, id_len};
  size_t cap = size + SLACK;
  uint8_t *out = malloc(cap);
  if (!out) {
    fail("out of memory");
  }
  memset(out, SENTINEL, cap);
  size_t out_len = size; /* content_len <= size: always room */
  mikey_cms_aed aed;
  int rc = mikey_cms_aed_open(ctx, data, size, &kek, out, &out_len, &aed);
  if (prc != 0 && rc != prc) {
    fail("open and parse disagree on a malformed input");
  }
  if (prc == 0 && (aed.content_len != parsed->content_len || aed.mac != parsed->mac ||
                   aed.nonce != parsed->nonce)) {
    fail("open and parse give different views");
  }
  if (rc != 0) {
    if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
      fail("buffer too small although content_len <= input size");
    }
    if (!no_plaintext(out, cap)) {
      fail("a failed open left plaintext in the output buffer");
    }
  } else {
    if (out_len != aed.content_len) {
      fail("open wrote a length other than content_len");
    }
    for (size_t i = out_len; i < cap; i++) {
      if (out[i] != SENTINEL) {
        fail("open wrote past content_len");
      }
    }
    /* a size query reports the same length */
    size_t need = 0;
    int qrc = mikey_cms_aed_open(ctx, data, size, &kek, NULL, &need, NULL);
    if ((aed.content_len && (qrc != MIKEY_E_BUFFER_TOO_SMALL || need != aed.content_len)) ||
        (!aed.content_len && qrc != 0)) {
      fail("size query disagrees with the open");
    }
  }
  free(out);
}

static void ed_open_with(const uint8_t *data, size_t size, const uint8_t *key, size_t key_len) {
  mikey_cms_kek kek = {key, key_len, NULL, 0};
  size_t cap = size + SLACK;
  uint8_t *out = malloc(cap);
  if (!out) {
    fail("out of memory");
  }
  memset(out, SENTINEL, cap);
  size_t out_len = size;
  int rc = mikey_cms_ed_open(NULL, data, size, &kek, out, &out_len);
  if (rc == 0 && out_len > size) {
    fail("ed_open reported more plaintext than room");
  }
  for (size_t i = size; i < cap; i++) {
    if (out[i] != SENTINEL) {
      fail("ed_open wrote past the room it was given");
    }
  }
  if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
    fail("ed_open: buffer too small although the plaintext is shorter than the input");
  }
  free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_init();
  mikey_cms_aed parsed;
  memset(&parsed, 0, sizeof(parsed));
  int prc = mikey_cms_aed_parse(data, size, &parsed);
  if (prc == 0) {
    check_views(&parsed, data, size);
  }
  mikey_cms_ctx *ctx = NULL;
  if (mikey_cms_ctx_new(&ctx) != 0) {
    fail("context");
  }
  open_with(ctx, data, size, fuzz_kek16, sizeof(fuzz_kek16), fuzz_kek_id, sizeof(fuzz_kek_id),
            prc, &parsed);
  open_with(NULL, data, size, fuzz_kek32, sizeof(fuzz_kek32), NULL, 0, prc, &parsed);
  mikey_cms_ctx_free(ctx);
  ed_open_with(data, size, fuzz_kek16, sizeof(fuzz_kek16));
  ed_open_with(data, size, fuzz_kek32, sizeof(fuzz_kek32));
  return 0;
}
