/*
 * mikey_kemac.c: the key data transport payload (RFC 3830 6.2, RFC 6043 6.2).
 */
#include "codec/mikey_codec_local.h"

int mikey_mac_len(int alg) {
  switch (alg) {
  case MIKEY_MAC_NULL:
    return 0;
  case MIKEY_MAC_HMAC_SHA_1_160:
    return 20;
  case MIKEY_MAC_HMAC_SHA_256_256:
    return 32;
  default:
    return -1;
  }
}

int mikey_kemac_dec(mikey_rd *r, mikey_kemac *k, size_t *erroff) {
  uint16_t elen;
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &k->encr_alg));
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &elen));
  k->encr_data_offset = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, elen, &k->encr_data));
  size_t at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &k->mac_alg));
  /* the MAC length is implied by the MAC alg: an unknown one cannot be skipped */
  int mlen = mikey_mac_len(k->mac_alg);
  if (mlen < 0) {
    *erroff = at;
    return MIKEY_E_BAD_VALUE;
  }
  k->mac_offset = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, (size_t)mlen, &k->mac));
  return 0;
}

int mikey_kemac_enc(mikey_wr *w, mikey_kemac *k) {
  int mlen = mikey_mac_len(k->mac_alg);
  if (!mikey_view_ok(&k->encr_data) || !mikey_view_ok(&k->mac)) {
    return MIKEY_E_INVAL;
  }
  if (mlen < 0) {
    return MIKEY_E_BAD_VALUE;
  }
  if (k->encr_data.len > 0xffff || k->mac.len != (size_t)mlen) {
    return MIKEY_E_BAD_LENGTH;
  }
  mikey_wr_u8(w, k->encr_alg);
  mikey_wr_u16(w, (uint16_t)k->encr_data.len);
  k->encr_data_offset = mikey_wr_mark(w);
  mikey_wr_bytes(w, k->encr_data.data, k->encr_data.len);
  mikey_wr_u8(w, k->mac_alg);
  k->mac_offset = mikey_wr_mark(w);
  mikey_wr_bytes(w, k->mac.data, k->mac.len);
  return 0;
}
