/*
 * mikey_rand.c: the RAND payload (RFC 3830 6.11) and the RAND with role RANDR (RFC 6043 6.8),
 * which is RAND with a RAND Role byte before the length.
 */
#include "codec/mikey_codec_local.h"

int mikey_rand_dec(mikey_rd *r, mikey_rand *x, int with_role, size_t *erroff) {
  uint8_t n;
  x->role = 0;
  if (with_role) {
    MIKEY_TRY(r, erroff, mikey_rd_u8(r, &x->role));
  }
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &n));
  MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &x->rand));
  return 0;
}

int mikey_rand_enc(mikey_wr *w, const mikey_rand *x, int with_role) {
  if (!mikey_view_ok(&x->rand)) {
    return MIKEY_E_INVAL;
  }
  if (!with_role && x->role) {
    return MIKEY_E_BAD_VALUE;
  }
  if (x->rand.len > 0xff) {
    return MIKEY_E_BAD_LENGTH;
  }
  if (with_role) {
    mikey_wr_u8(w, x->role);
  }
  mikey_wr_u8(w, (uint8_t)x->rand.len);
  mikey_wr_bytes(w, x->rand.data, x->rand.len);
  return 0;
}
