/*
 * mikey_tscheck.c: timestamps of the role engines (RFC 3830 5.4 and 6.6, RFC 6043 6.3,
 * PROFILE.md D13).
 *
 * Every message the engines send carries an NTP-UTC T payload from the engine's mikey_env.
 * A received T must lie within the clock skew of the receiver's clock (default 300 s). The
 * COUNTER type needs per-peer state this library does not keep, so it is refused like a
 * stale timestamp.
 */
#include "roles/mikey_roles_local.h"

int64_t mikey_ntp_diff(uint64_t a, uint64_t b) {
  /* NTP-64 wraps every 2^32 s; the difference modulo 2^64 read as signed is right for any
   * two times less than 2^31 s (68 years) apart. */
  uint64_t d = a - b;
  if (d <= (uint64_t)INT64_MAX) {
    return (int64_t)d;
  }
  return -(int64_t)(~d) - 1;
}

int mikey_ts_ntp64(const mikey_ts *t, uint64_t *ntp) {
  if (!t || !ntp) {
    return MIKEY_E_INVAL;
  }
  switch (t->ts_type) {
  case MIKEY_TS_NTP_UTC:
  case MIKEY_TS_NTP:
  case MIKEY_TS_NTP_UTC_32:
    /* the clock types; the codec owns their 64-bit form (RFC 6043 6.3 padding) */
    *ntp = mikey_ts_value64(t);
    return 0;
  default:
    return MIKEY_E_TIMESTAMP; /* COUNTER is no clock reading */
  }
}

int mikey_ts_fresh(const mikey_ts *t, uint64_t now, uint32_t skew) {
  uint64_t v;
  int rc = mikey_ts_ntp64(t, &v);
  if (rc) {
    return rc == MIKEY_E_INVAL ? rc : MIKEY_E_TIMESTAMP;
  }
  int64_t d = mikey_ntp_diff(v, now);
  int64_t lim = (int64_t)skew << 32;
  if (d > lim || d < -lim) {
    return MIKEY_E_TIMESTAMP;
  }
  return 0;
}

void mikey_ts_set_now(mikey_ts *t, uint64_t now) {
  t->role = 0;
  t->ts_type = MIKEY_TS_NTP_UTC;
  t->value = now;
}
