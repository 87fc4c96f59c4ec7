/*
 * mikey_canon.c: canonical CRLF line endings for the inner MIME entity (RFC 5751 3.1.1).
 */
#include <string.h>

#include <mikey/smime.h>

/* canon_len returns the canonical size of |len| bytes at |in|, or SIZE_MAX when |len| is so
 * large that the result might not fit (it is at most 2 * len). */
static size_t canon_len(const uint8_t *in, size_t len) {
  if (len > SIZE_MAX / 2) {
    return SIZE_MAX;
  }
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    if (in[i] == '\r') {
      if (len - i >= 2 && in[i + 1] == '\n') {
        i++;
      }
      n += 2;
    } else if (in[i] == '\n') {
      n += 2;
    } else {
      n++;
    }
  }
  return n;
}

int mikey_smime_canon(const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *outlen) {
  if (outlen == NULL || (in == NULL && len > 0)) {
    return MIKEY_E_INVAL;
  }
  size_t need = canon_len(in, len);
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
  size_t o = 0, i = 0;
  while (i < len) {
    /* Copy the run up to the next CR or LF in one go. */
    size_t run = i;
    while (run < len && in[run] != '\r' && in[run] != '\n') {
      run++;
    }
    memcpy(out + o, in + i, run - i);
    o += run - i;
    i = run;
    if (i == len) {
      break;
    }
    /* CRLF, bare CR and bare LF all become CRLF. */
    if (in[i] == '\r' && len - i >= 2 && in[i + 1] == '\n') {
      i++;
    }
    i++;
    out[o++] = '\r';
    out[o++] = '\n';
  }
  return 0;
}
