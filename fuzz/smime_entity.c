/*
 * smime_entity.c: libFuzzer harness for mikey_smime_entity_parse (the S/MIME entity around
 * the CMS DER, TS 33.328 Annex I.2).
 *
 * Properties (any break aborts):
 *  - a size query (NULL buffer) and a parse into an exact-size buffer agree: same result,
 *    same size; nothing is written past that size;
 *  - on success the DER is a view into the input (binary) or into the output buffer
 *    (base64), and is not empty; cte is one of the two values;
 *  - on failure the diagnostic names a fault at an offset inside the input;
 *  - a parsed entity rebuilt with mikey_smime_entity_build (same cte) parses back to the same
 *    DER.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/smime.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what) {
  fprintf(stderr, "smime_entity: %s\n", what);
  abort();
}

static int inside(const uint8_t *p, size_t n, const uint8_t *base, size_t size) {
  return p && base && p >= base && (size_t)(p - base) <= size &&
         n <= size - (size_t)(p - base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mikey_smime_entity res;
  mikey_mime_diag diag;
  size_t need = 0;
  int qrc = mikey_smime_entity_parse(size ? data : NULL, size, NULL, 0, &need, &res, &diag);
  if (qrc != 0 && qrc != MIKEY_E_BUFFER_TOO_SMALL) {
    if (!diag.what || diag.offset > size || diag.source != MIKEY_MIME_DIAG_INPUT) {
      fail("a failure without a diagnostic inside the input");
    }
    return 0;
  }
  if (qrc == 0 && need != 0) {
    fail("success without a buffer but bytes needed");
  }
  uint8_t *out = malloc(need + 1);
  if (!out) {
    fail("out of memory");
  }
  out[need] = 0x5a;
  size_t used = 0;
  int rc = mikey_smime_entity_parse(size ? data : NULL, size, out, need, &used, &res, &diag);
  if (rc != 0 || used != need || out[need] != 0x5a) {
    fail("the exact-size parse disagrees with the size query");
  }
  if (res.der_len == 0) {
    fail("an empty DER");
  }
  if (res.cte == MIKEY_SMIME_CTE_BINARY) {
    if (!inside(res.der, res.der_len, data, size)) {
      fail("binary DER not a view into the input");
    }
  } else if (res.cte == MIKEY_SMIME_CTE_BASE64) {
    if (!inside(res.der, res.der_len, out, need)) {
      fail("base64 DER not in the output buffer");
    }
  } else {
    fail("unknown cte");
  }
  /* rebuild and parse back */
  size_t blen = 0;
  if (mikey_smime_entity_build(res.der, res.der_len, res.cte, NULL, 0, &blen) !=
      MIKEY_E_BUFFER_TOO_SMALL) {
    fail("build size query");
  }
  uint8_t *b = malloc(blen);
  size_t blen2 = 0;
  if (!b || mikey_smime_entity_build(res.der, res.der_len, res.cte, b, blen, &blen2) != 0 ||
      blen2 != blen) {
    fail("build");
  }
  uint8_t *out2 = malloc(need ? need : 1);
  mikey_smime_entity res2;
  size_t used2 = 0;
  if (!out2 ||
      mikey_smime_entity_parse(b, blen, out2, need, &used2, &res2, NULL) != 0 ||
      res2.cte != res.cte || res2.der_len != res.der_len ||
      memcmp(res2.der, res.der, res.der_len) != 0) {
    fail("a rebuilt entity does not parse back to the same DER");
  }
  free(out2);
  free(b);
  free(out);
  return 0;
}
