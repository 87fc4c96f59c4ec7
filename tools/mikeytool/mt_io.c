/*
 * mt_io.c: input and error reporting for mikeytool.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "mt.h"

void mt_err(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

int mt_read_all(const char *path, uint8_t **buf, size_t *len) {
  int use_stdin = path == NULL || strcmp(path, "-") == 0;
  FILE *f = use_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    mt_err("%s: %s", path, strerror(errno));
    return MT_EXIT_NOINPUT;
  }
  size_t cap = 4096, n = 0;
  uint8_t *p = malloc(cap);
  int rv = MT_EXIT_OK;
  while (p) {
    if (n == cap) {
      if (cap >= MT_MAX_INPUT) {
        mt_err("%s: larger than %u bytes", use_stdin ? "stdin" : path, MT_MAX_INPUT);
        rv = MT_EXIT_REFUSED;
        break;
      }
      uint8_t *q = realloc(p, cap * 2);
      if (!q) {
        break;
      }
      p = q;
      cap *= 2;
    }
    size_t got = fread(p + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      if (ferror(f)) {
        mt_err("%s: read error", use_stdin ? "stdin" : path);
        rv = MT_EXIT_NOINPUT;
      }
      break;
    }
  }
  if (!use_stdin) {
    fclose(f);
  }
  if (!p) {
    mt_err("out of memory");
    return MT_EXIT_SOFTWARE;
  }
  if (rv != MT_EXIT_OK) {
    free(p);
    return rv;
  }
  *buf = p;
  *len = n;
  return MT_EXIT_OK;
}

int mt_unarmor(uint8_t **buf, size_t *len) {
  if (*len == 0 || (*buf)[0] == 0x01) {
    return MT_EXIT_OK; /* binary (or empty: the decoder names the fault) */
  }
  size_t out_len = 0;
  uint8_t *out = malloc(mikey_base64_decoded_max(*len) + 1);
  if (!out) {
    mt_err("out of memory");
    return MT_EXIT_SOFTWARE;
  }
  int rc = mikey_base64_decode(*buf, *len, MIKEY_BASE64_MIME, out,
                               mikey_base64_decoded_max(*len) + 1, &out_len);
  if (rc != 0) {
    /* On MIKEY_E_BASE64 out_len is the offset of the first bad character. */
    if (rc == MIKEY_E_BASE64) {
      mt_err("input is neither a binary MIKEY message nor base64: %s at offset %zu",
             mikey_strerror(rc), out_len);
    } else {
      mt_err("input is neither a binary MIKEY message nor base64: %s", mikey_strerror(rc));
    }
    free(out);
    return MT_EXIT_REFUSED;
  }
  free(*buf);
  *buf = out;
  *len = out_len;
  return MT_EXIT_OK;
}

int mt_write_all(FILE *f, const char *what, const uint8_t *buf, size_t len) {
  if ((len && fwrite(buf, 1, len, f) != len) || fflush(f) != 0) {
    mt_err("writing %s failed: %s", what, strerror(errno));
    return MT_EXIT_SOFTWARE;
  }
  return MT_EXIT_OK;
}
