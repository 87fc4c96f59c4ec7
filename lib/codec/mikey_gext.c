/*
 * mikey_gext.c: the General Extension payload (RFC 3830 6.15). The Key ID type (RFC 4563
 * section 4) holds Key ID sub-payloads, which must fill the Data exactly.
 */
#include "codec/mikey_codec_local.h"

int mikey_gext_dec(mikey_rd *r, mikey_gext *g, size_t *erroff) {
  uint16_t n;
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &g->type));
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &n));
  size_t at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &g->data));
  if (g->type == MIKEY_GEXT_KEY_ID) {
    size_t count;
    return mikey_tlv_check(g->data, at, &count, erroff);
  }
  return 0;
}

int mikey_gext_enc(mikey_wr *w, const mikey_gext *g) {
  size_t count, unused;
  if (!mikey_view_ok(&g->data)) {
    return MIKEY_E_INVAL;
  }
  if (g->data.len > 0xffff ||
      (g->type == MIKEY_GEXT_KEY_ID && mikey_tlv_check(g->data, 0, &count, &unused) != 0)) {
    return MIKEY_E_BAD_LENGTH;
  }
  mikey_wr_u8(w, g->type);
  mikey_wr_u16(w, (uint16_t)g->data.len);
  mikey_wr_bytes(w, g->data.data, g->data.len);
  return 0;
}
