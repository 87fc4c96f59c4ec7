/*
 * mikey_sakke.c: the SAKKE payload (RFC 6509 4.2).
 */
#include "codec/mikey_codec_local.h"

int mikey_sakke_dec(mikey_rd *r, mikey_sakke *s, size_t *erroff) {
  uint16_t n;
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &s->params));
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &s->id_scheme));
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &n));
  MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &s->data));
  return 0;
}

int mikey_sakke_enc(mikey_wr *w, const mikey_sakke *s) {
  if (!mikey_view_ok(&s->data)) {
    return MIKEY_E_INVAL;
  }
  if (s->data.len > 0xffff) {
    return MIKEY_E_BAD_LENGTH;
  }
  mikey_wr_u8(w, s->params);
  mikey_wr_u8(w, s->id_scheme);
  mikey_wr_u16(w, (uint16_t)s->data.len);
  mikey_wr_bytes(w, s->data.data, s->data.len);
  return 0;
}
