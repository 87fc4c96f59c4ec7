/*
 * mikey_multipart.c: splitting a multipart body on its boundary, strictly as RFC 2046 5.1.1
 * writes it (quoted in mikey_multipart.h).
 */
#include "smime/mikey_multipart.h"

#include <string.h>

#include <mikey/common.h>

/* RFC 2046 5.1.1: bchars := bcharsnospace / " "; bcharsnospace := DIGIT / ALPHA / "'" / "(" /
 * ")" / "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?". */
static int is_bchar(uint8_t c) {
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
    return 1;
  }
  return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

/* is_lwsp tells whether |c| is transport padding (RFC 2046 5.1.1: LWSP-char, SP or HTAB). */
static int is_lwsp(uint8_t c) { return c == ' ' || c == '\t'; }

int mikey_multipart_boundary(const mikey_mime_ctype *ct, const uint8_t **b, size_t *bl,
                             const uint8_t *origin, mikey_mime_diag *diag) {
  mikey_mime_param p;
  int rv = mikey_mime_param_get(ct, "boundary", &p, origin, diag);
  if (rv == MIKEY_E_NOT_FOUND) {
    /* RFC 2046 5.1.1: the Content-Type field for multipart entities requires one parameter,
     * "boundary". */
    return mikey_mime_fail(diag, origin, ct->type,
                           "multipart Content-Type without a boundary parameter",
                           MIKEY_E_MIME_BOUNDARY);
  }
  if (rv) {
    /* Given twice: which one would a receiver split on? */
    return rv == MIKEY_E_MIME ? MIKEY_E_MIME_BOUNDARY : rv;
  }
  if (p.value_len == 0 || p.value_len > MIKEY_MIME_MAX_BOUNDARY) {
    return mikey_mime_fail(diag, origin, p.value, "boundary must be 1 to 70 characters",
                           MIKEY_E_MIME_BOUNDARY);
  }
  for (size_t i = 0; i < p.value_len; i++) {
    if (!is_bchar(p.value[i])) {
      return mikey_mime_fail(diag, origin, p.value + i, "character not allowed in a boundary",
                             MIKEY_E_MIME_BOUNDARY);
    }
  }
  if (p.value[p.value_len - 1] == ' ') {
    return mikey_mime_fail(diag, origin, p.value + p.value_len - 1,
                           "boundary ends with a space", MIKEY_E_MIME_BOUNDARY);
  }
  *b = p.value;
  *bl = p.value_len;
  return 0;
}

size_t mikey_multipart_find(const uint8_t *p, size_t len, const uint8_t *needle, size_t nl) {
  if (nl == 0) {
    return 0;
  }
  if (nl > len) {
    return len;
  }
  const uint8_t *cur = p, *last = p + (len - nl);
  while (cur <= last) {
    cur = memchr(cur, needle[0], (size_t)(last - cur) + 1);
    if (cur == NULL) {
      break;
    }
    if (memcmp(cur, needle, nl) == 0) {
      return (size_t)(cur - p);
    }
    cur++;
  }
  return len;
}

int mikey_multipart_split(const uint8_t *body, size_t len, const uint8_t *b, size_t bl,
                          mikey_multipart *mp, mikey_mime_diag *diag) {
  if (bl == 0 || bl > MIKEY_MIME_MAX_BOUNDARY) {
    return mikey_mime_fail(diag, body, body, "boundary must be 1 to 70 characters",
                           MIKEY_E_MIME_BOUNDARY);
  }
  /* delimiter := CRLF dash-boundary; dash-boundary := "--" boundary. */
  uint8_t delim[4 + MIKEY_MIME_MAX_BOUNDARY];
  memcpy(delim, "\r\n--", 4);
  memcpy(delim + 4, b, bl);
  const size_t dl = 4 + bl;        /* CRLF "--" boundary */
  const uint8_t *dash = delim + 2; /* "--" boundary */
  const size_t dashl = dl - 2;
  mp->n = 0;
  mp->close = NULL;
  mp->epilogue = NULL;
  mp->epilogue_len = 0;

  /* The first dash-boundary opens the body or follows the preamble's CRLF. */
  size_t d;
  if (len >= dashl && memcmp(body, dash, dashl) == 0) {
    d = 0;
  } else {
    size_t f = mikey_multipart_find(body, len, delim, dl);
    if (f == len) {
      return mikey_mime_fail(diag, body, body, "the boundary never starts a line of the body",
                             MIKEY_E_MIME_BOUNDARY);
    }
    d = f + 2;
  }
  for (;;) {
    size_t a = d + dashl; /* just after the dash-boundary; d + dashl <= len was proven */
    if (len - a >= 2 && body[a] == '-' && body[a + 1] == '-') {
      /* close-delimiter transport-padding [CRLF epilogue] */
      mp->close = body + d;
      a += 2;
      while (a < len && is_lwsp(body[a])) {
        a++;
      }
      if (a == len) {
        mp->epilogue = body + len;
        return 0;
      }
      if (len - a < 2 || body[a] != '\r' || body[a + 1] != '\n') {
        return mikey_mime_fail(diag, body, body + a,
                               "close delimiter followed by other text on its line",
                               MIKEY_E_MIME_BOUNDARY);
      }
      mp->epilogue = body + a + 2;
      mp->epilogue_len = len - a - 2;
      return 0;
    }
    if (len - a == 1 && body[a] == '-') {
      return mikey_mime_fail(diag, body, body + len, "body ends inside the close delimiter",
                             MIKEY_E_MIME_NO_CLOSE);
    }
    /* delimiter transport-padding CRLF body-part; padding is LWSP a transport may add
     * (composers must not write it, receivers must accept it). */
    while (a < len && is_lwsp(body[a])) {
      a++;
    }
    if (a == len || (len - a == 1 && body[a] == '\r')) {
      return mikey_mime_fail(diag, body, body + len,
                             "body ends after a delimiter line, without the close delimiter",
                             MIKEY_E_MIME_NO_CLOSE);
    }
    if (body[a] != '\r' || body[a + 1] != '\n') {
      /* RFC 2046 5.1.1: boundary comparisons match the start of a line, so this line is a
       * delimiter, and a delimiter allows only padding before its CRLF. */
      return mikey_mime_fail(diag, body, body + a,
                             "a line starts with the boundary but goes on with other text",
                             MIKEY_E_MIME_BOUNDARY);
    }
    size_t s = a + 2;
    if (mp->n == MIKEY_MIME_MAX_PARTS) {
      return mikey_mime_fail(diag, body, body + d, "more than 8 body parts", MIKEY_E_LIMIT);
    }
    if (len - s >= dashl && memcmp(body + s, dash, dashl) == 0) {
      /* Its own CRLF was taken by the line before, so this is not a delimiter but a line of
       * the part that starts with the boundary, which RFC 2046 5.1.1 forbids. */
      return mikey_mime_fail(diag, body, body + s,
                             "a body part begins with a line that starts with the boundary",
                             MIKEY_E_MIME_BOUNDARY);
    }
    size_t f = mikey_multipart_find(body + s, len - s, delim, dl);
    if (f == len - s) {
      return mikey_mime_fail(diag, body, body + len,
                             "body ends without the close delimiter (--boundary--)",
                             MIKEY_E_MIME_NO_CLOSE);
    }
    mp->part[mp->n].p = body + s;
    mp->part[mp->n].len = f;
    mp->n++;
    d = s + f + 2;
  }
}
