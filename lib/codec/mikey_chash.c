/*
 * mikey_chash.c: the certificate hash payload (RFC 3830 6.8, RFC 6043 6.7).
 */
#include "codec/mikey_codec_local.h"

/* chash_len: the hash length implied by the hash func (RFC 3830 Table 6.8, RFC 6043
 * Table 6.12). */
static int chash_len(unsigned func) {
  switch (func) {
  case MIKEY_HASH_SHA_1:
    return 20;
  case MIKEY_HASH_MD5:
    return 16;
  case MIKEY_HASH_SHA_256:
    return 32;
  default:
    return -1;
  }
}

int mikey_chash_dec(mikey_rd *r, mikey_chash *c, size_t *erroff) {
  size_t at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &c->func));
  int n = chash_len(c->func);
  if (n < 0) {
    *erroff = at;
    return MIKEY_E_BAD_VALUE;
  }
  MIKEY_TRY(r, erroff, mikey_view_rd(r, (size_t)n, &c->hash));
  return 0;
}

int mikey_chash_enc(mikey_wr *w, const mikey_chash *c) {
  int n = chash_len(c->func);
  if (!mikey_view_ok(&c->hash)) {
    return MIKEY_E_INVAL;
  }
  if (n < 0) {
    return MIKEY_E_BAD_VALUE;
  }
  if (c->hash.len != (size_t)n) {
    return MIKEY_E_BAD_LENGTH;
  }
  mikey_wr_u8(w, c->func);
  mikey_wr_bytes(w, c->hash.data, c->hash.len);
  return 0;
}
