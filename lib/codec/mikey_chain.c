/*
 * mikey_chain.c: payload chains. Each payload names the type of the next one; the chain ends
 * with Next Payload 0 (Last payload) or with a SIGN payload, which has no Next Payload field.
 */
#include "codec/mikey_codec_local.h"

int mikey_chain_dec(mikey_rd *r, int first, mikey_payload *pl, size_t *n, size_t *erroff,
                    int *errpl) {
  int type = first;
  while (type != MIKEY_PT_LAST) {
    *errpl = type;
    if (*n == MIKEY_MAX_PAYLOADS) {
      *erroff = mikey_rd_offset(r);
      return MIKEY_E_TOO_MANY;
    }
    uint8_t next;
    int rc = mikey_pl_dec(r, type, &pl[*n], &next, erroff);
    if (rc) {
      return rc;
    }
    (*n)++;
    type = next; /* MIKEY_PT_LAST after a SIGN */
  }
  return 0;
}

int mikey_chain_enc(mikey_wr *w, mikey_payload *pl, size_t n, int *errpl, size_t *erridx) {
  for (size_t i = 0; i < n; i++) {
    int next = i + 1 < n ? pl[i + 1].type : MIKEY_PT_LAST;
    *errpl = pl[i].type;
    *erridx = i;
    /* HDR and THDR have no Next Payload value, so no payload can name them */
    if (next < 0 || next > 0xff) {
      *errpl = next;
      *erridx = i + 1;
      return MIKEY_E_UNEXPECTED_PAYLOAD;
    }
    int rc = mikey_pl_enc(w, &pl[i], (uint8_t)next);
    if (rc) {
      return rc;
    }
  }
  return 0;
}
