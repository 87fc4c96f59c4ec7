/*
 * mikey_thdr.c: the ticket header payload THDR (RFC 6043 Appendix A.3). It has no payload
 * type number: it can only stand first in a base ticket's Ticket Data.
 */
#include "codec/mikey_codec_local.h"

int mikey_thdr_dec(mikey_rd *r, mikey_thdr *t, size_t *erroff) {
  uint16_t n;
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &n));
  MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &t->data));
  return 0;
}

int mikey_thdr_enc(mikey_wr *w, const mikey_thdr *t) {
  if (!mikey_view_ok(&t->data)) {
    return MIKEY_E_INVAL;
  }
  if (t->data.len > 0xffff) {
    return MIKEY_E_BAD_LENGTH;
  }
  mikey_wr_u16(w, (uint16_t)t->data.len);
  mikey_wr_bytes(w, t->data.data, t->data.len);
  return 0;
}
