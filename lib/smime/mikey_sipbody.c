/*
 * mikey_sipbody.c: the SIP body that carries a TRANSFER_INIT and the S/MIME entity it keys
 * (TS 33.328 Annex I.3 and F.3.1), a multipart/mixed body (RFC 2046 5.1.1 and 5.1.3).
 */
#include <string.h>

#include <mikey/smime.h>

#include "smime/mikey_mime_header.h"
#include "smime/mikey_multipart.h"
#include "smime/mikey_smime_local.h"
#include "wire/mikey_base64.h"
#include "wire/mikey_wr.h"

/* Annex I.3: "Content-Type: application/mikey", "Content-Transfer-Encoding: base64". */
static const char mikey_part_hdr[] = "Content-Type: application/mikey\r\n"
                                     "Content-Transfer-Encoding: base64\r\n"
                                     "\r\n";
static const char ctype_head[] = "multipart/mixed;boundary=\"";
static const char boundary_prefix[] = "mikey-";
/* 64 bcharsnospace that are not tspecials either (RFC 2046 5.1.1, RFC 2045 5.1), so the
 * boundary would be a valid token even unquoted. */
static const char boundary_alpha[65] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.";
#define BOUNDARY_RANDOM_CHARS (MIKEY_SIPBODY_BOUNDARY_LEN - (sizeof(boundary_prefix) - 1))
#define BOUNDARY_DRAWS 8

/* A span of the written body: offset and length of one body part. */
typedef struct span {
  size_t off, len;
} span;

/* wr_str appends |n| characters of |s| to |w|. */
static void wr_str(mikey_wr *w, const char *s, size_t n) {
  mikey_wr_bytes(w, (const uint8_t *)s, n);
}

/* write_body writes the whole body with boundary |b| (MIKEY_SIPBODY_BOUNDARY_LEN bytes) and
 * records where the two parts stand. */
static void write_body(mikey_wr *w, const uint8_t *b, const uint8_t *mikey, size_t mikey_len,
                       const uint8_t *der, size_t der_len, int cte, span parts[2]) {
  const size_t bl = MIKEY_SIPBODY_BOUNDARY_LEN;
  /* dash-boundary transport-padding CRLF (no padding: composers must not write any) */
  wr_str(w, "--", 2);
  mikey_wr_bytes(w, b, bl);
  wr_str(w, "\r\n", 2);
  parts[0].off = mikey_wr_mark(w);
  wr_str(w, mikey_part_hdr, sizeof(mikey_part_hdr) - 1);
  mikey_base64_wr(w, mikey, mikey_len, MIKEY_BASE64_MIME_WRAP);
  parts[0].len = mikey_wr_mark(w) - parts[0].off;
  /* encapsulation := delimiter transport-padding CRLF body-part */
  wr_str(w, "\r\n--", 4);
  mikey_wr_bytes(w, b, bl);
  wr_str(w, "\r\n", 2);
  parts[1].off = mikey_wr_mark(w);
  mikey_smime_entity_wr(w, der, der_len, cte);
  parts[1].len = mikey_wr_mark(w) - parts[1].off;
  /* close-delimiter, then CRLF and an empty epilogue */
  wr_str(w, "\r\n--", 4);
  mikey_wr_bytes(w, b, bl);
  wr_str(w, "--\r\n", 4);
}

/* draw_boundary fills |b| with "mikey-" and random characters from |env|. */
static int draw_boundary(const mikey_env *env, uint8_t b[MIKEY_SIPBODY_BOUNDARY_LEN]) {
  uint8_t rnd[BOUNDARY_RANDOM_CHARS];
  int rv = mikey_env_rand(env, rnd, sizeof(rnd));
  if (rv) {
    return rv;
  }
  memcpy(b, boundary_prefix, sizeof(boundary_prefix) - 1);
  for (size_t i = 0; i < sizeof(rnd); i++) {
    b[sizeof(boundary_prefix) - 1 + i] = (uint8_t)boundary_alpha[rnd[i] & 63];
  }
  return 0;
}

int mikey_sipbody_build(const mikey_env *env, const uint8_t *mikey, size_t mikey_len,
                        const uint8_t *der, size_t der_len, int cte, uint8_t *body, size_t cap,
                        size_t *body_len, char *ctype) {
  if (mikey == NULL || mikey_len == 0 || der == NULL || der_len == 0 || body_len == NULL ||
      (cte != MIKEY_SMIME_CTE_BASE64 && cte != MIKEY_SMIME_CTE_BINARY)) {
    return MIKEY_E_INVAL;
  }
  uint8_t b[MIKEY_SIPBODY_BOUNDARY_LEN];
  span parts[2];
  mikey_wr w;
  int rv;
  /* The size does not depend on the boundary: measure with a placeholder first, so that a
   * sizing call draws no randomness. */
  memset(b, 'x', sizeof(b));
  mikey_wr_init(&w, NULL, 0);
  write_body(&w, b, mikey, mikey_len, der, der_len, cte, parts);
  if ((rv = mikey_wr_finish(&w, body_len)) == MIKEY_E_LIMIT) {
    return rv;
  }
  if (body == NULL || cap < *body_len) {
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  if (ctype == NULL) {
    return MIKEY_E_INVAL;
  }
  for (int draw = 0; draw < BOUNDARY_DRAWS; draw++) {
    if ((rv = draw_boundary(env, b)) != 0) {
      return rv;
    }
    mikey_wr_init(&w, body, cap);
    write_body(&w, b, mikey, mikey_len, der, der_len, cte, parts);
    if ((rv = mikey_wr_finish(&w, body_len)) != 0) {
      return MIKEY_E_INTERNAL; /* the size was proven above */
    }
    /* RFC 2046 5.1.1: the boundary must not occur in the encapsulated material. We look for
     * "--boundary" anywhere in each part as written, not only at line starts. */
    uint8_t dash[2 + MIKEY_SIPBODY_BOUNDARY_LEN];
    memcpy(dash, "--", 2);
    memcpy(dash + 2, b, sizeof(b));
    int clash = 0;
    for (int k = 0; k < 2; k++) {
      if (mikey_multipart_find(body + parts[k].off, parts[k].len, dash, sizeof(dash)) !=
          parts[k].len) {
        clash = 1;
      }
    }
    if (!clash) {
      size_t n = sizeof(ctype_head) - 1;
      memcpy(ctype, ctype_head, n);
      memcpy(ctype + n, b, sizeof(b));
      n += sizeof(b);
      ctype[n++] = '"';
      ctype[n] = '\0';
      return 0;
    }
  }
  return MIKEY_E_RANDOM;
}

/* Part kinds, by media type. */
enum { PART_OTHER, PART_MIKEY, PART_PKCS7 };

/* blank tells whether |len| bytes at |p| are only white space and line breaks. */
static int blank(const uint8_t *p, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n') {
      return 0;
    }
  }
  return 1;
}

/* looks_like_part tells whether the epilogue begins like a body part: a header section with a
 * Content-Type. Used only to word the diagnosis of the Annex I.3 typo. */
static int looks_like_part(const uint8_t *p, size_t len) {
  mikey_mime_headers h;
  const mikey_mime_field *f;
  size_t body;
  return mikey_mime_headers_parse(p, len, p, &h, &body, NULL) == 0 &&
         mikey_mime_headers_get(&h, "Content-Type", &f, p, NULL) == 0;
}

/* ctype_fail marks a diagnosis as pointing into the Content-Type value and returns |rv|. */
static int ctype_fail(mikey_mime_diag *diag, int rv) {
  if (diag) {
    diag->source = MIKEY_MIME_DIAG_CTYPE;
  }
  return rv;
}

/* part_kind reads the Content-Type of part |h| (starting at |start|) into |ct| and |*kind|. */
static int part_kind(const mikey_mime_headers *h, const uint8_t *start, const uint8_t *origin,
                     mikey_mime_ctype *ct, int *kind, mikey_mime_diag *diag) {
  const mikey_mime_field *f;
  int rv = mikey_mime_headers_get(h, "Content-Type", &f, origin, diag);
  if (rv == MIKEY_E_NOT_FOUND) {
    /* RFC 2046 5.1.1: without Content-Type a part of multipart/mixed is text/plain. */
    return mikey_mime_fail(diag, origin, start, "body part without Content-Type",
                           MIKEY_E_MIME_CONTENT_TYPE);
  }
  if (rv || (rv = mikey_mime_ctype_parse(f->value, f->value_len, origin, ct, diag)) != 0) {
    return rv;
  }
  if (mikey_mime_ctype_is(ct, "application", "mikey")) {
    *kind = PART_MIKEY;
  } else if (mikey_mime_ctype_is(ct, "application", "pkcs7-mime") ||
             mikey_mime_ctype_is(ct, "application", "x-pkcs7-mime")) {
    *kind = PART_PKCS7;
  } else {
    *kind = PART_OTHER;
  }
  return 0;
}

/* sipbody_parse is mikey_sipbody_parse once the arguments are checked. */
static int sipbody_parse(const uint8_t *ct8, size_t ctype_len, const uint8_t *body,
                         size_t body_len, uint8_t *out, size_t cap, size_t *outlen,
                         mikey_sipbody *res, mikey_mime_diag *diag) {
  mikey_mime_ctype ct;
  const uint8_t *b;
  size_t bl;
  int rv = mikey_mime_ctype_parse(ct8, ctype_len, ct8, &ct, diag);
  if (rv) {
    return ctype_fail(diag, rv);
  }
  /* Annex I.3: Content-Type: multipart/mixed;boundary="boundary1". */
  if (!mikey_mime_ctype_is(&ct, "multipart", "mixed")) {
    return ctype_fail(diag, mikey_mime_fail(diag, ct8, ct.type, "SIP body is not multipart/mixed",
                                            MIKEY_E_MIME_CONTENT_TYPE));
  }
  if ((rv = mikey_multipart_boundary(&ct, &b, &bl, ct8, diag)) != 0) {
    return ctype_fail(diag, rv);
  }
  mikey_multipart mp;
  if ((rv = mikey_multipart_split(body, body_len, b, bl, &mp, diag)) != 0) {
    return rv;
  }
  if (mp.n == 1 && !blank(mp.epilogue, mp.epilogue_len)) {
    /* The close delimiter came after the first part and more text follows it. RFC 2046 5.1.1
     * says to ignore an epilogue, so the second part would be silently lost; we refuse and say
     * why. This is exactly the TS 33.328 Annex I.3 example ("--boundary1--" before the
     * pkcs7-mime part), a typo in that example (PROFILE.md section 7). */
    return mikey_mime_fail(
        diag, body, mp.close,
        looks_like_part(mp.epilogue, mp.epilogue_len)
            ? "close delimiter after the first body part; the second part stands in the "
              "epilogue, where it must be ignored (the typo of the TS 33.328 Annex I.3 example)"
            : "close delimiter after the first body part, text in the epilogue",
        MIKEY_E_MIME_PARTS);
  }
  if (mp.n != 2) {
    return mikey_mime_fail(diag, body, mp.n < 2 ? mp.close : mp.part[2].p,
                           mp.n < 2 ? "fewer than two body parts (application/mikey and "
                                      "application/pkcs7-mime expected)"
                                    : "more than two body parts (application/mikey and "
                                      "application/pkcs7-mime expected)",
                           MIKEY_E_MIME_PARTS);
  }
  mikey_mime_headers h[2];
  size_t hl[2];
  mikey_mime_ctype pct[2];
  int kind[2];
  for (int k = 0; k < 2; k++) {
    if ((rv = mikey_mime_headers_parse(mp.part[k].p, mp.part[k].len, body, &h[k], &hl[k],
                                       diag)) != 0 ||
        (rv = part_kind(&h[k], mp.part[k].p, body, &pct[k], &kind[k], diag)) != 0) {
      return rv;
    }
  }
  /* Annex I.3: the TRANSFER_INIT "at the top", so that the KEK is known before the S/MIME
   * part is met. */
  if (kind[0] == PART_PKCS7 && kind[1] == PART_MIKEY) {
    return mikey_mime_fail(diag, body, mp.part[0].p,
                           "body parts in the wrong order: application/mikey must come first",
                           MIKEY_E_MIME_PARTS);
  }
  if (kind[0] != PART_MIKEY) {
    return mikey_mime_fail(diag, body, pct[0].type,
                           "first body part is not application/mikey",
                           MIKEY_E_MIME_CONTENT_TYPE);
  }
  int cte;
  if ((rv = mikey_mime_cte_get(&h[0], &cte, body, diag)) != 0) {
    return rv;
  }
  /* Decode the TRANSFER_INIT into |out|; if it does not fit, go on sizing. */
  size_t n0 = 0, n1 = 0;
  const uint8_t *m0 = mp.part[0].p + hl[0];
  size_t m0l = mp.part[0].len - hl[0];
  int short0 = 0, short1 = 0;
  rv = mikey_mime_body_decode(cte, m0, m0l, body, out, cap, &n0, &res->mikey, &res->mikey_len,
                              diag);
  if (rv == MIKEY_E_BUFFER_TOO_SMALL) {
    short0 = 1;
  } else if (rv) {
    return rv;
  } else if (res->mikey_len == 0) {
    return mikey_mime_fail(diag, body, m0, "the application/mikey part is empty", MIKEY_E_MIME);
  }
  uint8_t *out1 = (!short0 && out) ? out + n0 : NULL;
  size_t cap1 = (!short0 && out) ? cap - n0 : 0;
  rv = mikey_smime_entity_from_headers(&h[1], mp.part[1].p + hl[1], mp.part[1].len - hl[1],
                                       body, out1, cap1, &n1, &res->smime, diag);
  if (rv == MIKEY_E_BUFFER_TOO_SMALL) {
    short1 = 1;
  } else if (rv) {
    return rv;
  }
  /* Both sizes are bounded by the body's length (base64 shrinks), so the sum fits. */
  *outlen = n0 + n1;
  if (short0 || short1) {
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  res->entity = mp.part[1].p;
  res->entity_len = mp.part[1].len;
  return 0;
}

int mikey_sipbody_parse(const char *ctype, size_t ctype_len, const uint8_t *body,
                        size_t body_len, uint8_t *out, size_t cap, size_t *outlen,
                        mikey_sipbody *res, mikey_mime_diag *diag) {
  if (diag) {
    memset(diag, 0, sizeof(*diag));
  }
  if (ctype == NULL || outlen == NULL || res == NULL || (body == NULL && body_len > 0)) {
    return mikey_mime_fail(diag, NULL, NULL, "invalid argument", MIKEY_E_INVAL);
  }
  int rv = sipbody_parse((const uint8_t *)ctype, ctype_len, body, body_len, out, cap, outlen,
                         res, diag);
  return mikey_mime_done(diag, rv);
}
