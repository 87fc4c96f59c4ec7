/*
 * mikey_sp.c: the security policy payload (RFC 3830 6.10): Policy no, Prot type, and a
 * Policy param block of TLVs that must fill its length exactly.
 */
#include "codec/mikey_codec_local.h"

int mikey_sp_dec(mikey_rd *r, mikey_sp *sp, size_t *erroff) {
  uint16_t n;
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &sp->policy_no));
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &sp->prot_type));
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &n));
  size_t at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &sp->params));
  return mikey_tlv_check(sp->params, at, &sp->n_params, erroff);
}

int mikey_sp_enc(mikey_wr *w, mikey_sp *sp) {
  size_t unused;
  if (!mikey_view_ok(&sp->params)) {
    return MIKEY_E_INVAL;
  }
  if (sp->params.len > 0xffff ||
      mikey_tlv_check(sp->params, 0, &sp->n_params, &unused) != 0) {
    return MIKEY_E_BAD_LENGTH;
  }
  mikey_wr_u8(w, sp->policy_no);
  mikey_wr_u8(w, sp->prot_type);
  mikey_wr_u16(w, (uint16_t)sp->params.len);
  mikey_wr_bytes(w, sp->params.data, sp->params.len);
  return 0;
}
