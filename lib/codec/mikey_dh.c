/*
 * mikey_dh.c: the DH data payload (RFC 3830 6.4).
 */
#include "codec/mikey_codec_local.h"

/* dh_value_len: the DH-value length in bytes implied by the group (RFC 3830 Table 6.4). */
static int dh_value_len(unsigned group) {
  switch (group) {
  case MIKEY_DH_OAKLEY_5:
    return 1536 / 8;
  case MIKEY_DH_OAKLEY_1:
    return 768 / 8;
  case MIKEY_DH_OAKLEY_2:
    return 1024 / 8;
  default:
    return -1;
  }
}

int mikey_dh_dec(mikey_rd *r, mikey_dh *d, size_t *erroff) {
  size_t at = mikey_rd_offset(r);
  uint8_t b;
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &d->group));
  int vlen = dh_value_len(d->group);
  if (vlen < 0) {
    *erroff = at;
    return MIKEY_E_BAD_VALUE;
  }
  MIKEY_TRY(r, erroff, mikey_view_rd(r, (size_t)vlen, &d->value));
  at = mikey_rd_offset(r);
  /* Reserv (4 bits) | KV (4 bits) */
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &b));
  if (b >> 4) {
    *erroff = at;
    return MIKEY_E_RESERVED;
  }
  return mikey_kv_dec(r, b & 0x0fu, &d->kv, erroff);
}

int mikey_dh_enc(mikey_wr *w, const mikey_dh *d) {
  int vlen = dh_value_len(d->group);
  if (!mikey_view_ok(&d->value)) {
    return MIKEY_E_INVAL;
  }
  if (vlen < 0) {
    return MIKEY_E_BAD_VALUE;
  }
  if (d->value.len != (size_t)vlen) {
    return MIKEY_E_BAD_LENGTH;
  }
  int rc = mikey_kv_check(&d->kv);
  if (rc) {
    return rc;
  }
  mikey_wr_u8(w, d->group);
  mikey_wr_bytes(w, d->value.data, d->value.len);
  mikey_wr_u8(w, d->kv.type);
  mikey_kv_enc(w, &d->kv);
  return 0;
}
