/*
 * mikey_base64.c: base64, RFC 4648 section 4 (standard alphabet, padding required), with the
 * MIME line rules of RFC 2045 6.8. Table-driven in both directions.
 */
#include "wire/mikey_base64.h"

#include <mikey/common.h>

/* RFC 4648 Table 1: value -> character. */
static const uint8_t b64_alpha[65] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Character -> value: 0..63 for the alphabet, B64_PAD for "=", B64_WS for CR, LF, SPACE and
 * HTAB (skipped in MIME mode only), B64_BAD for everything else. Both special classes have a
 * bit in 0xC0 set, so one OR over four lookups tells whether a quantum is plain. */
#define B64_PAD 0x40u
#define B64_WS 0x80u
#define B64_BAD 0xffu
static const uint8_t b64_val[256] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80, 0x80, 0xff, 0xff, 0x80, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3e, 0xff, 0xff, 0xff, 0x3f,
    0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0xff, 0xff, 0xff, 0x40, 0xff, 0xff,
    0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
    0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

int mikey_base64_is_alpha(uint8_t c) { return b64_val[c] < 64; }

size_t mikey_base64_encoded_len(size_t n, size_t wrap) {
  if (wrap % 4 != 0) {
    return SIZE_MAX;
  }
  /* RFC 4648 4: every started 24-bit group gives 4 characters. */
  size_t groups = n / 3 + (n % 3 != 0);
  if (groups > SIZE_MAX / 4) {
    return SIZE_MAX;
  }
  size_t chars = groups * 4;
  if (wrap == 0 || chars == 0) {
    return chars;
  }
  /* One CRLF between two lines, none after the last. */
  size_t breaks = (chars - 1) / wrap;
  if (breaks > (SIZE_MAX - 1 - chars) / 2) {
    return SIZE_MAX;
  }
  return chars + 2 * breaks;
}

size_t mikey_base64_decoded_max(size_t len) { return len / 4 * 3; }

/* b64_enc writes the encoding of |n| bytes at |in| to |o|, which has room for exactly
 * mikey_base64_encoded_len(n, wrap) characters. */
static void b64_enc(const uint8_t *in, size_t n, size_t wrap, uint8_t *o) {
  size_t per_line = wrap ? wrap / 4 : SIZE_MAX; /* groups per line */
  size_t in_line = 0;
  size_t full = n / 3;
  for (size_t g = 0; g < full; g++) {
    if (in_line == per_line) {
      *o++ = '\r';
      *o++ = '\n';
      in_line = 0;
    }
    uint32_t v = (uint32_t)in[0] << 16 | (uint32_t)in[1] << 8 | in[2];
    in += 3;
    o[0] = b64_alpha[v >> 18];
    o[1] = b64_alpha[(v >> 12) & 63];
    o[2] = b64_alpha[(v >> 6) & 63];
    o[3] = b64_alpha[v & 63];
    o += 4;
    in_line++;
  }
  size_t rem = n % 3;
  if (rem == 0) {
    return;
  }
  if (in_line == per_line) {
    *o++ = '\r';
    *o++ = '\n';
  }
  /* RFC 4648 4 cases (2) and (3): zero bits added on the right, then "=" padding. */
  uint32_t v = (uint32_t)in[0] << 16 | (rem == 2 ? (uint32_t)in[1] << 8 : 0u);
  o[0] = b64_alpha[v >> 18];
  o[1] = b64_alpha[(v >> 12) & 63];
  o[2] = rem == 2 ? b64_alpha[(v >> 6) & 63] : '=';
  o[3] = '=';
}

int mikey_base64_encode(const uint8_t *in, size_t n, size_t wrap, uint8_t *out, size_t cap,
                        size_t *outlen) {
  if (outlen == NULL || (in == NULL && n > 0) || wrap % 4 != 0) {
    return MIKEY_E_INVAL;
  }
  size_t need = mikey_base64_encoded_len(n, wrap);
  if (need == SIZE_MAX) {
    return MIKEY_E_LIMIT;
  }
  *outlen = need;
  if (need == 0) {
    return 0;
  }
  if (out == NULL || cap < need) {
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  b64_enc(in, n, wrap, out);
  return 0;
}

void mikey_base64_wr(mikey_wr *w, const uint8_t *in, size_t n, size_t wrap) {
  size_t need = mikey_base64_encoded_len(n, wrap);
  if (need == SIZE_MAX) {
    w->len = SIZE_MAX;
    return;
  }
  if (need && mikey_wr_fits(w, need)) {
    b64_enc(in, n, wrap, w->buf + w->len);
  }
  mikey_wr_advance(w, need);
}

/*
 * b64_dec decodes |len| characters at |in|; |mime| skips whitespace (see <mikey/base64.h>).
 * With |out| NULL it only validates and counts. Otherwise |out| has room for the exact result,
 * which the caller learned from a counting pass or from mikey_base64_decoded_max(). Returns 0
 * with |*n| = bytes, or MIKEY_E_BASE64 with |*erroff| = offset of the offending character.
 */
static int b64_dec(const uint8_t *in, size_t len, int mime, uint8_t *out, size_t *n,
                   size_t *erroff) {
  size_t i = 0, o = 0, last = 0;
  uint32_t acc = 0;
  unsigned k = 0; /* characters of the current quantum seen so far */
  for (;;) {
    if (k == 0) {
      /* Fast path: whole quanta of alphabet characters. */
      while (len - i >= 4) {
        unsigned a = b64_val[in[i]], b = b64_val[in[i + 1]];
        unsigned c = b64_val[in[i + 2]], d = b64_val[in[i + 3]];
        if ((a | b | c | d) & 0xc0u) {
          break;
        }
        if (out) {
          uint32_t v = a << 18 | b << 12 | c << 6 | d;
          out[o] = (uint8_t)(v >> 16);
          out[o + 1] = (uint8_t)(v >> 8);
          out[o + 2] = (uint8_t)v;
        }
        o += 3;
        i += 4;
      }
    }
    if (i == len) {
      break;
    }
    unsigned v = b64_val[in[i]];
    if (v < 64) {
      acc = acc << 6 | v;
      last = i++;
      if (++k == 4) {
        if (out) {
          out[o] = (uint8_t)(acc >> 16);
          out[o + 1] = (uint8_t)(acc >> 8);
          out[o + 2] = (uint8_t)acc;
        }
        o += 3;
        k = 0;
        acc = 0;
      }
      continue;
    }
    if (v == B64_WS && mime) {
      i++;
      continue;
    }
    if (v != B64_PAD || k < 2) {
      /* Outside the alphabet, or "=" where no padding can stand (RFC 4648 4: only after
       * two or three characters of the final quantum). */
      *erroff = i;
      return MIKEY_E_BASE64;
    }
    /* RFC 4648 3.5: the pad bits must be zero (4 bits after 2 characters, 2 after 3). */
    if ((k == 2 && (acc & 0xfu)) || (k == 3 && (acc & 0x3u))) {
      *erroff = last;
      return MIKEY_E_BASE64;
    }
    i++;
    if (k == 2) {
      /* RFC 4648 4 case (2): two "=" characters. */
      while (mime && i < len && b64_val[in[i]] == B64_WS) {
        i++;
      }
      if (i == len || in[i] != '=') {
        *erroff = i;
        return MIKEY_E_BASE64;
      }
      i++;
      if (out) {
        out[o] = (uint8_t)(acc >> 4);
      }
      o += 1;
    } else {
      if (out) {
        out[o] = (uint8_t)(acc >> 10);
        out[o + 1] = (uint8_t)(acc >> 2);
      }
      o += 2;
    }
    /* Padding ends the data: only skippable whitespace may follow. */
    while (i < len) {
      if (!mime || b64_val[in[i]] != B64_WS) {
        *erroff = i;
        return MIKEY_E_BASE64;
      }
      i++;
    }
    k = 0;
    break;
  }
  if (k != 0) {
    *erroff = len;
    return MIKEY_E_BASE64;
  }
  *n = o;
  return 0;
}

int mikey_base64_decode(const uint8_t *in, size_t len, unsigned flags, uint8_t *out, size_t cap,
                        size_t *outlen) {
  if (outlen == NULL || (in == NULL && len > 0) || (flags & ~MIKEY_BASE64_MIME) != 0) {
    return MIKEY_E_INVAL;
  }
  int mime = (flags & MIKEY_BASE64_MIME) != 0;
  size_t n = 0, off = 0;
  int rv;
  if (len == 0) {
    *outlen = 0;
    return 0;
  }
  if (out != NULL && cap >= mikey_base64_decoded_max(len)) {
    /* Room for any result: one pass. */
    rv = b64_dec(in, len, mime, out, &n, &off);
    *outlen = rv ? off : n;
    return rv;
  }
  /* Validate and count first, so that a short buffer gets an exact size (or the input its
   * error), then decode into a buffer now known to be large enough. */
  rv = b64_dec(in, len, mime, NULL, &n, &off);
  if (rv) {
    *outlen = off;
    return rv;
  }
  *outlen = n;
  if (n == 0) {
    return 0;
  }
  if (out == NULL || cap < n) {
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  rv = b64_dec(in, len, mime, out, &n, &off);
  return rv ? MIKEY_E_INTERNAL : 0;
}
