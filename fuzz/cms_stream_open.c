/*
 * cms_stream_open.c: libFuzzer harness for the streaming CMS opener
 * (mikey_cms_aed_decoder_*), with chunk splits the input chooses.
 *
 * Input layout: byte 0 gives the KEK (bit 7: the 32-byte one, else the 16-byte one; bit 6:
 * no identifier expected) and, in bits 0..2, a count k of split sizes; the next k bytes are
 * the split sizes (0 feeds an empty update; the sizes repeat cyclically); the rest is the
 * message. Split sizes that are all zero count as splits of 1. An input too short for its
 * header is fed whole with splits of 1.
 *
 * Properties (any break aborts):
 *  - an update never reports more plaintext than the bytes it was given, nor more than the
 *    room it was given (the room is exactly its input length, written into an exact-size
 *    buffer);
 *  - failures are sticky and the caller is told: once an update fails, every later update and
 *    final fail too; final after final fails;
 *  - final returns 0 only if the one-shot mikey_cms_aed_open accepts the same bytes with the
 *    same KEK and gives the same plaintext as the updates handed out;
 *  - when the one-shot open accepts the message, the stream accepts it too unless it stops on
 *    one of its documented limits (MIKEY_E_UNSUPPORTED, MIKEY_E_LIMIT).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/cms.h>

#include "fuzz_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what) {
  fprintf(stderr, "cms_stream_open: %s\n", what);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_init();
  static const uint8_t one = 1;
  uint8_t sel = 0;
  const uint8_t *splits = &one;
  size_t nsplits = 1;
  const uint8_t *msg = data;
  size_t len = size;
  if (size > 0 && (size_t)(data[0] & 7) < size) {
    sel = data[0];
    if (data[0] & 7) {
      nsplits = data[0] & 7;
      splits = data + 1;
    }
    msg = data + 1 + (data[0] & 7);
    len = size - 1 - (data[0] & 7);
    size_t nonzero = 0;
    for (size_t j = 0; j < nsplits; j++) {
      nonzero += splits[j] != 0;
    }
    if (!nonzero) {
      splits = &one;
      nsplits = 1;
    }
  }
  mikey_cms_kek kek = {(sel & 0x80) ? fuzz_kek32 : fuzz_kek16,
                       (sel & 0x80) ? sizeof(fuzz_kek32) : sizeof(fuzz_kek16),
                       (sel & 0x40) ? NULL : fuzz_kek_id, (sel & 0x40) ? 0 : sizeof(fuzz_kek_id)};

  mikey_cms_aed_decoder *dec = NULL;
  if (mikey_cms_aed_decoder_new(&dec, &kek) != 0) {
    fail("decoder_new");
  }
  uint8_t *plain = malloc(len ? len : 1); /* everything the updates handed out */
  if (!plain) {
    fail("out of memory");
  }
  size_t got = 0, off = 0, i = 0;
  int failed = 0, urc = 0;
  while (off < len || i == 0) {
    size_t n = splits[i % nsplits];
    i++;
    if (n > len - off) {
      n = len - off;
    }
    uint8_t *chunk = malloc(n ? n : 1), *un = malloc(n ? n : 1);
    if (!chunk || !un) {
      fail("out of memory");
    }
    if (n) {
      memcpy(chunk, msg + off, n);
    }
    size_t un_len = n;
    int rc = mikey_cms_aed_decoder_update(dec, n ? chunk : NULL, n, un, &un_len);
    if (failed && rc == 0) {
      fail("an update succeeded after a failed one");
    }
    if (rc == 0) {
      if (un_len > n || got + un_len > len) {
        fail("an update handed out more plaintext than it was given");
      }
      if (un_len) {
        memcpy(plain + got, un, un_len);
      }
      got += un_len;
    } else {
      if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
        fail("update said too small although the room equals its input");
      }
      if (!failed) {
        urc = rc;
      }
      failed = 1;
    }
    free(chunk);
    free(un);
    off += n; /* at least one split size is non-zero: the loop ends */
  }
  int frc = mikey_cms_aed_decoder_final(dec);
  if (failed && frc == 0) {
    fail("final succeeded after a failed update: the caller is not told");
  }
  if (mikey_cms_aed_decoder_final(dec) == 0) {
    fail("final succeeded twice");
  }
  size_t dummy = 0;
  uint8_t dbuf[1];
  if (mikey_cms_aed_decoder_update(dec, NULL, 0, dbuf, &dummy) == 0) {
    fail("update succeeded after final");
  }
  mikey_cms_aed_decoder_free(dec);

  /* the one-shot opener on the same bytes */
  uint8_t *out = malloc(len ? len : 1);
  if (!out) {
    fail("out of memory");
  }
  size_t out_len = len;
  int orc = mikey_cms_aed_open(NULL, len ? msg : NULL, len, &kek, len ? out : NULL, &out_len,
                               NULL);
  if (orc == MIKEY_E_INVAL && len == 0) {
    orc = MIKEY_E_DER;
  }
  int src = failed ? urc : frc;
  if (src == 0 && (orc != 0 || out_len != got || (got && memcmp(out, plain, got) != 0))) {
    fail("the stream accepted what the one-shot open refuses, or gave other plaintext");
  }
  if (orc == 0 && src != 0 && src != MIKEY_E_UNSUPPORTED && src != MIKEY_E_LIMIT) {
    fprintf(stderr, "stream error %d\n", src);
    fail("the stream refused a message the one-shot open accepts");
  }
  free(out);
  free(plain);
  return 0;
}
