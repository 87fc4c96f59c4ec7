/*
 * sipbody.c: libFuzzer harness for mikey_sipbody_parse (the multipart/mixed SIP body of
 * TS 33.328 Annex I.3).
 *
 * Input layout: byte 0 is the length k of the Content-Type value that follows it; the rest is
 * the body. When k is larger than what follows, the whole rest is the body and the value is
 * the builder's form with the boundary "b" (multipart/mixed;boundary="b"). The Content-Type
 * value and the body are copied into buffers of exactly their size.
 *
 * Properties (any break aborts):
 *  - a size query (NULL buffer) and a parse into an exact-size buffer agree;
 *  - on success the TRANSFER_INIT and DER are non-empty views into the body or the output
 *    buffer, the S/MIME entity a view into the body;
 *  - on failure the diagnostic names a fault at an offset inside the input it names;
 *  - the parsed parts, built again with mikey_sipbody_build (fixed randomness), parse back to
 *    the same TRANSFER_INIT and DER.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/smime.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what) {
  fprintf(stderr, "sipbody: %s\n", what);
  abort();
}

static int inside(const uint8_t *p, size_t n, const uint8_t *base, size_t size) {
  return p && base && p >= base && (size_t)(p - base) <= size &&
         n <= size - (size_t)(p - base);
}

static int fixed_rand(void *u, uint8_t *out, size_t len) {
  unsigned *ctr = u;
  for (size_t i = 0; i < len; i++) {
    out[i] = (uint8_t)(*ctr * 29u + 7u);
    (*ctr)++;
  }
  return 0;
}

static void rebuild(const mikey_sipbody *res) {
  unsigned ctr = 0;
  mikey_env env = {fixed_rand, NULL, &ctr};
  size_t need = 0;
  char ctype[MIKEY_SIPBODY_CTYPE_SIZE];
  if (mikey_sipbody_build(&env, res->mikey, res->mikey_len, res->smime.der, res->smime.der_len,
                          res->smime.cte, NULL, 0, &need, ctype) != MIKEY_E_BUFFER_TOO_SMALL) {
    fail("build size query");
  }
  uint8_t *body = malloc(need);
  size_t blen = 0;
  int brc = body ? mikey_sipbody_build(&env, res->mikey, res->mikey_len, res->smime.der,
                                       res->smime.der_len, res->smime.cte, body, need, &blen,
                                       ctype)
                 : MIKEY_E_NOMEM;
  if (brc == MIKEY_E_RANDOM) {
    free(body); /* every boundary drawn collides with the content: allowed */
    return;
  }
  if (brc != 0 || blen != need) {
    fail("build");
  }
  size_t olen = 0;
  if (mikey_sipbody_parse(ctype, strlen(ctype), body, blen, NULL, 0, &olen,
                          &(mikey_sipbody){0}, NULL) != MIKEY_E_BUFFER_TOO_SMALL &&
      olen != 0) {
    fail("rebuilt body: size query");
  }
  uint8_t *out = malloc(olen ? olen : 1);
  mikey_sipbody res2;
  size_t used = 0;
  if (!out || mikey_sipbody_parse(ctype, strlen(ctype), body, blen, out, olen, &used, &res2,
                                  NULL) != 0) {
    fail("a rebuilt body does not parse");
  }
  if (res2.mikey_len != res->mikey_len || memcmp(res2.mikey, res->mikey, res->mikey_len) ||
      res2.smime.der_len != res->smime.der_len || res2.smime.cte != res->smime.cte ||
      memcmp(res2.smime.der, res->smime.der, res->smime.der_len)) {
    fail("a rebuilt body parses to other parts");
  }
  free(out);
  free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char dflt[] = "multipart/mixed;boundary=\"b\"";
  if (size == 0) {
    return 0;
  }
  size_t k = data[0], blen;
  char *ctype;
  const uint8_t *bsrc;
  if (k <= size - 1) {
    ctype = malloc(k ? k : 1);
    if (!ctype) {
      fail("out of memory");
    }
    memcpy(ctype, data + 1, k);
    bsrc = data + 1 + k;
    blen = size - 1 - k;
  } else {
    k = sizeof(dflt) - 1;
    ctype = malloc(k);
    if (!ctype) {
      fail("out of memory");
    }
    memcpy(ctype, dflt, k);
    bsrc = data + 1;
    blen = size - 1;
  }
  uint8_t *body = malloc(blen ? blen : 1);
  if (!body) {
    fail("out of memory");
  }
  memcpy(body, bsrc, blen);

  mikey_sipbody res;
  mikey_mime_diag diag;
  size_t need = 0;
  int qrc = mikey_sipbody_parse(ctype, k, blen ? body : NULL, blen, NULL, 0, &need, &res, &diag);
  if (qrc != 0 && qrc != MIKEY_E_BUFFER_TOO_SMALL) {
    if (!diag.what ||
        (diag.source == MIKEY_MIME_DIAG_CTYPE ? diag.offset > k : diag.offset > blen)) {
      fail("a failure without a diagnostic inside its input");
    }
  } else {
    if (qrc == 0 && need != 0) {
      fail("success without a buffer but bytes needed");
    }
    uint8_t *out = malloc(need + 1);
    if (!out) {
      fail("out of memory");
    }
    out[need] = 0x5a;
    size_t used = 0;
    int rc = mikey_sipbody_parse(ctype, k, blen ? body : NULL, blen, out, need, &used, &res,
                                 &diag);
    if (rc != 0 || used != need || out[need] != 0x5a) {
      fail("the exact-size parse disagrees with the size query");
    }
    if (!res.mikey_len ||
        !(inside(res.mikey, res.mikey_len, body, blen) ||
          inside(res.mikey, res.mikey_len, out, need)) ||
        !inside(res.entity, res.entity_len, body, blen) || !res.smime.der_len ||
        !(inside(res.smime.der, res.smime.der_len, body, blen) ||
          inside(res.smime.der, res.smime.der_len, out, need))) {
      fail("a part is not a view into the body or the output buffer");
    }
    rebuild(&res);
    free(out);
  }
  free(body);
  free(ctype);
  return 0;
}
