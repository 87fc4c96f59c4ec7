/*
 * mikey_v.c: the verification message payload (RFC 3830 6.9); its MAC length follows from
 * the Auth alg (RFC 3830 Table 6.2.b, RFC 6043 Table 6.6).
 */
#include "codec/mikey_codec_local.h"

int mikey_v_dec(mikey_rd *r, mikey_v *v, size_t *erroff) {
  size_t at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &v->alg));
  int n = mikey_mac_len(v->alg);
  if (n < 0) {
    *erroff = at;
    return MIKEY_E_BAD_VALUE;
  }
  v->mac_offset = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, (size_t)n, &v->mac));
  return 0;
}

int mikey_v_enc(mikey_wr *w, mikey_v *v) {
  int n = mikey_mac_len(v->alg);
  if (!mikey_view_ok(&v->mac)) {
    return MIKEY_E_INVAL;
  }
  if (n < 0) {
    return MIKEY_E_BAD_VALUE;
  }
  if (v->mac.len != (size_t)n) {
    return MIKEY_E_BAD_LENGTH;
  }
  mikey_wr_u8(w, v->alg);
  v->mac_offset = mikey_wr_mark(w);
  mikey_wr_bytes(w, v->mac.data, v->mac.len);
  return 0;
}
