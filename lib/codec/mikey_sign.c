/*
 * mikey_sign.c: the signature payload (RFC 3830 6.5). It has no Next Payload field and is
 * always the last payload of its chain.
 */
#include "codec/mikey_codec_local.h"

int mikey_sign_dec(mikey_rd *r, mikey_sign *s, size_t *erroff) {
  uint16_t v;
  /* S type (4 bits) | Signature len (12 bits) */
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &v));
  s->s_type = (uint8_t)(v >> 12);
  s->sig_offset = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, v & 0x0fffu, &s->sig));
  return 0;
}

int mikey_sign_enc(mikey_wr *w, mikey_sign *s) {
  if (!mikey_view_ok(&s->sig)) {
    return MIKEY_E_INVAL;
  }
  if (s->s_type > 0x0f) {
    return MIKEY_E_BAD_VALUE;
  }
  if (s->sig.len > 0x0fff) {
    return MIKEY_E_BAD_LENGTH;
  }
  mikey_wr_u16(w, (uint16_t)((unsigned)s->s_type << 12 | s->sig.len));
  s->sig_offset = mikey_wr_mark(w);
  mikey_wr_bytes(w, s->sig.data, s->sig.len);
  return 0;
}
