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

void mt_print_ident(FILE *f, const uint8_t *p, size_t n) {
  int text = n > 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] < 0x20 || p[i] > 0x7e) {
      text = 0;
    }
  }
  if (text) {
    fwrite(p, 1, n, f);
    return;
  }
  fputs("hex:", f); /* as KEYS.json writes binary values */
  for (size_t i = 0; i < n; i++) {
    fprintf(f, "%02x", p[i]);
  }
}

/* lower returns |c| in lower case (ASCII). */
static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

int mt_split_header(const uint8_t *in, size_t len, const char *name, size_t *val_off,
                    size_t *val_len, size_t *body_off) {
  size_t name_len = strlen(name);
  int found = 0;
  size_t i = 0;
  while (i < len) {
    /* one line: [i, eol), its terminator LF or CRLF */
    size_t eol = i;
    while (eol < len && in[eol] != '\n') {
      eol++;
    }
    if (eol == len) {
      return -1; /* the header section never ends */
    }
    size_t end = eol > i && in[eol - 1] == '\r' ? eol - 1 : eol;
    if (end == i) {
      if (!found) {
        return -2;
      }
      *body_off = eol + 1;
      return 0;
    }
    int match = end - i > name_len && in[i + name_len] == ':';
    for (size_t k = 0; match && k < name_len; k++) {
      match = lower(in[i + k]) == lower((unsigned char)name[k]);
    }
    if (match) {
      if (found) {
        return -3;
      }
      found = 1;
      size_t v = i + name_len + 1;
      while (v < end && (in[v] == ' ' || in[v] == '\t')) {
        v++;
      }
      /* folded lines (starting with SP or HTAB) continue the value (RFC 5322 2.2.3) */
      size_t vend = end, next = eol + 1;
      while (next < len && (in[next] == ' ' || in[next] == '\t')) {
        size_t e2 = next;
        while (e2 < len && in[e2] != '\n') {
          e2++;
        }
        if (e2 == len) {
          return -1;
        }
        vend = e2 > next && in[e2 - 1] == '\r' ? e2 - 1 : e2;
        next = e2 + 1;
      }
      *val_off = v;
      *val_len = vend - v;
      i = next;
      continue;
    }
    i = eol + 1;
  }
  return -1;
}
