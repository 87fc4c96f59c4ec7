/*
 * mikey_id.c: the ID and CERT payloads (RFC 3830 6.7, RFC 6043 6.5) and the ID with role IDR
 * (RFC 6043 6.6), which is ID with an ID Role byte before the ID type.
 */
#include "codec/mikey_codec_local.h"

int mikey_id_dec(mikey_rd *r, mikey_id *id, int with_role, size_t *erroff) {
  uint16_t n;
  id->role = 0;
  if (with_role) {
    MIKEY_TRY(r, erroff, mikey_rd_u8(r, &id->role));
  }
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &id->type));
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &n));
  MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &id->data));
  return 0;
}

int mikey_id_enc(mikey_wr *w, const mikey_id *id, int with_role) {
  if (!mikey_view_ok(&id->data)) {
    return MIKEY_E_INVAL;
  }
  if (!with_role && id->role) {
    return MIKEY_E_BAD_VALUE;
  }
  if (id->data.len > 0xffff) {
    return MIKEY_E_BAD_LENGTH;
  }
  if (with_role) {
    mikey_wr_u8(w, id->role);
  }
  mikey_wr_u8(w, id->type);
  mikey_wr_u16(w, (uint16_t)id->data.len);
  mikey_wr_bytes(w, id->data.data, id->data.len);
  return 0;
}
