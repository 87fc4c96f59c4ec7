/*
 * mikey_smime_entity.c: the application/pkcs7-mime entity around a CMS AuthEnvelopedData
 * (RFC 5751 3.2, TS 33.328 Annex I.1 and I.2), built and parsed.
 */
#include <string.h>

#include <mikey/base64.h>
#include <mikey/smime.h>

#include "smime/mikey_mime_header.h"
#include "smime/mikey_smime_local.h"
#include "wire/mikey_base64.h"
#include "wire/mikey_wr.h"

/* TS 33.328 Annex I.2 example and RFC 5751 3.2.1 (name and filename smime.p7m), folded as in
 * the Annex. */
static const char hdr_ctype[] = "Content-Type: application/pkcs7-mime;\r\n"
                                "    smime-type=auth-enveloped-data;\r\n"
                                "    name=smime.p7m\r\n";
static const char hdr_cte_b64[] = "Content-Transfer-Encoding: base64\r\n";
static const char hdr_cte_bin[] = "Content-Transfer-Encoding: binary\r\n";
static const char hdr_disp[] = "Content-Disposition: attachment; filename=smime.p7m\r\n"
                               "\r\n";

/* wr_str appends |n| characters of |s| to |w|. */
static void wr_str(mikey_wr *w, const char *s, size_t n) {
  mikey_wr_bytes(w, (const uint8_t *)s, n);
}

void mikey_smime_entity_wr(mikey_wr *w, const uint8_t *der, size_t der_len, int cte) {
  wr_str(w, hdr_ctype, sizeof(hdr_ctype) - 1);
  if (cte == MIKEY_SMIME_CTE_BASE64) {
    wr_str(w, hdr_cte_b64, sizeof(hdr_cte_b64) - 1);
  } else {
    wr_str(w, hdr_cte_bin, sizeof(hdr_cte_bin) - 1);
  }
  wr_str(w, hdr_disp, sizeof(hdr_disp) - 1);
  if (cte == MIKEY_SMIME_CTE_BASE64) {
    /* RFC 2045 6.8: lines of no more than 76 characters. */
    mikey_base64_wr(w, der, der_len, MIKEY_BASE64_MIME_WRAP);
  } else {
    mikey_wr_bytes(w, der, der_len);
  }
}

int mikey_smime_entity_build(const uint8_t *der, size_t der_len, int cte, uint8_t *out,
                             size_t cap, size_t *outlen) {
  if (der == NULL || der_len == 0 || outlen == NULL ||
      (cte != MIKEY_SMIME_CTE_BASE64 && cte != MIKEY_SMIME_CTE_BINARY)) {
    return MIKEY_E_INVAL;
  }
  mikey_wr w;
  mikey_wr_init(&w, out, cap);
  mikey_smime_entity_wr(&w, der, der_len, cte);
  return mikey_wr_finish(&w, outlen);
}

int mikey_mime_body_decode(int cte, const uint8_t *body, size_t body_len, const uint8_t *origin,
                           uint8_t *out, size_t cap, size_t *outlen, const uint8_t **data,
                           size_t *data_len, mikey_mime_diag *diag) {
  if (cte != MIKEY_MIME_CTE_BASE64) {
    *data = body;
    *data_len = body_len;
    *outlen = 0;
    return 0;
  }
  size_t n;
  int rv = mikey_base64_decode(body, body_len, MIKEY_BASE64_MIME, out, cap, &n);
  if (rv == MIKEY_E_BASE64) {
    return mikey_mime_fail(diag, origin, body + n, "invalid base64 in a body", rv);
  }
  *outlen = n;
  if (rv) {
    return rv;
  }
  *data = out;
  *data_len = n;
  return 0;
}

int mikey_smime_entity_from_headers(const mikey_mime_headers *h, const uint8_t *body,
                                    size_t body_len, const uint8_t *origin, uint8_t *out,
                                    size_t cap, size_t *outlen, mikey_smime_entity *res,
                                    mikey_mime_diag *diag) {
  const mikey_mime_field *f;
  int rv = mikey_mime_headers_get(h, "Content-Type", &f, origin, diag);
  if (rv == MIKEY_E_NOT_FOUND) {
    /* RFC 2045 5.2: without Content-Type the entity is text/plain, not S/MIME. */
    return mikey_mime_fail(diag, origin, body, "S/MIME entity has no Content-Type",
                           MIKEY_E_MIME_CONTENT_TYPE);
  }
  if (rv) {
    return rv;
  }
  mikey_mime_ctype ct;
  if ((rv = mikey_mime_ctype_parse(f->value, f->value_len, origin, &ct, diag)) != 0) {
    return rv;
  }
  /* RFC 5751 3.2; 3.7: receiving agents accept the older application/x-pkcs7-mime. */
  if (!mikey_mime_ctype_is(&ct, "application", "pkcs7-mime") &&
      !mikey_mime_ctype_is(&ct, "application", "x-pkcs7-mime")) {
    return mikey_mime_fail(diag, origin, ct.type, "media type is not application/pkcs7-mime",
                           MIKEY_E_MIME_CONTENT_TYPE);
  }
  /* TS 33.328 Annex I.1: smime-type auth-enveloped-data, CMS type AuthEnvelopedData. */
  mikey_mime_param p;
  rv = mikey_mime_param_get(&ct, "smime-type", &p, origin, diag);
  if (rv == MIKEY_E_NOT_FOUND) {
    return mikey_mime_fail(diag, origin, ct.type,
                           "application/pkcs7-mime without the smime-type parameter",
                           MIKEY_E_MIME_CONTENT_TYPE);
  }
  if (rv) {
    return rv;
  }
  if (!mikey_mime_param_eq(&p, "auth-enveloped-data", 1)) {
    return mikey_mime_fail(diag, origin, p.value, "smime-type is not auth-enveloped-data",
                           MIKEY_E_MIME_CONTENT_TYPE);
  }
  int cte;
  if ((rv = mikey_mime_cte_get(h, &cte, origin, diag)) != 0) {
    return rv;
  }
  rv = mikey_mime_body_decode(cte, body, body_len, origin, out, cap, outlen, &res->der,
                              &res->der_len, diag);
  if (rv) {
    return rv;
  }
  if (res->der_len == 0) {
    return mikey_mime_fail(diag, origin, body, "S/MIME entity has an empty body",
                           MIKEY_E_MIME);
  }
  res->cte = cte == MIKEY_MIME_CTE_BASE64 ? MIKEY_SMIME_CTE_BASE64 : MIKEY_SMIME_CTE_BINARY;
  return 0;
}

int mikey_smime_entity_parse(const uint8_t *in, size_t len, uint8_t *out, size_t cap,
                             size_t *outlen, mikey_smime_entity *res, mikey_mime_diag *diag) {
  if (diag) {
    memset(diag, 0, sizeof(*diag));
  }
  if ((in == NULL && len > 0) || outlen == NULL || res == NULL) {
    return mikey_mime_fail(diag, NULL, NULL, "invalid argument", MIKEY_E_INVAL);
  }
  mikey_mime_headers h;
  size_t body;
  int rv = mikey_mime_headers_parse(in, len, in, &h, &body, diag);
  if (rv == 0) {
    rv = mikey_smime_entity_from_headers(&h, in + body, len - body, in, out, cap, outlen, res,
                                         diag);
  }
  return mikey_mime_done(diag, rv);
}
