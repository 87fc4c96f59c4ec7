/*
 * mikey_err_payload.c: the error payload ERR (RFC 3830 6.12, RFC 6043 6.9).
 */
#include "codec/mikey_codec_local.h"

int mikey_err_payload_dec(mikey_rd *r, mikey_err_payload *e, size_t *erroff) {
  uint16_t res;
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &e->error_no));
  size_t at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &res));
  /* the Reserved field carries nothing; refusing non-zero keeps decode/encode exact */
  if (res != 0) {
    *erroff = at;
    return MIKEY_E_RESERVED;
  }
  return 0;
}

int mikey_err_payload_enc(mikey_wr *w, const mikey_err_payload *e) {
  mikey_wr_u8(w, e->error_no);
  mikey_wr_u16(w, 0);
  return 0;
}
