/*
 * mikey_ts.c: the timestamp payload T (RFC 3830 6.6, RFC 6043 6.3) and the timestamp with
 * role TR (RFC 6043 6.4), which is T with a TS Role byte before the TS type.
 */
#include "codec/mikey_codec_local.h"

/* RFC 3830 Table 6.6 gives COUNTER 32 bits; RFC 6043 Table 6.8 NTP-UTC-32 32 bits. */
int mikey_ts_len(int ts_type) {
  switch (ts_type) {
  case MIKEY_TS_NTP_UTC:
  case MIKEY_TS_NTP:
    return 8;
  case MIKEY_TS_COUNTER:
  case MIKEY_TS_NTP_UTC_32:
    return 4;
  default:
    return -1;
  }
}

int mikey_ts_dec(mikey_rd *r, mikey_ts *t, int with_role, size_t *erroff) {
  t->role = 0;
  if (with_role) {
    MIKEY_TRY(r, erroff, mikey_rd_u8(r, &t->role));
  }
  size_t at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &t->ts_type));
  int n = mikey_ts_len(t->ts_type);
  if (n < 0) {
    *erroff = at;
    return MIKEY_E_BAD_VALUE;
  }
  MIKEY_TRY(r, erroff, mikey_rd_uint(r, (size_t)n, &t->value));
  return 0;
}

int mikey_ts_enc(mikey_wr *w, const mikey_ts *t, int with_role) {
  int n = mikey_ts_len(t->ts_type);
  /* a 4-byte value must fit, or the round trip would lose bits; a T has no role */
  if (n < 0 || (n == 4 && t->value > 0xffffffffu) || (!with_role && t->role)) {
    return MIKEY_E_BAD_VALUE;
  }
  if (with_role) {
    mikey_wr_u8(w, t->role);
  }
  mikey_wr_u8(w, t->ts_type);
  mikey_wr_uint(w, t->value, (size_t)n);
  return 0;
}
