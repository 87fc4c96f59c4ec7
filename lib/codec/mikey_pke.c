/*
 * mikey_pke.c: the envelope data payload (RFC 3830 6.3).
 */
#include "codec/mikey_codec_local.h"

int mikey_pke_dec(mikey_rd *r, mikey_pke *k, size_t *erroff) {
  uint16_t v;
  /* C (2 bits) | Data len (14 bits) */
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &v));
  k->c = (uint8_t)(v >> 14);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, v & 0x3fffu, &k->data));
  return 0;
}

int mikey_pke_enc(mikey_wr *w, const mikey_pke *k) {
  if (!mikey_view_ok(&k->data)) {
    return MIKEY_E_INVAL;
  }
  if (k->c > 3) {
    return MIKEY_E_BAD_VALUE;
  }
  if (k->data.len > 0x3fff) {
    return MIKEY_E_BAD_LENGTH;
  }
  mikey_wr_u16(w, (uint16_t)((unsigned)k->c << 14 | k->data.len));
  mikey_wr_bytes(w, k->data.data, k->data.len);
  return 0;
}
