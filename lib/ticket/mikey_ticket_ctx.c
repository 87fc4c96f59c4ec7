/*
 * mikey_ticket_ctx.c: the reusable contexts of the ticket layer: a keyed TPK and the
 * per-worker scratch contexts (their libgcrypt handles stay open across tickets).
 */
#include <string.h>

#include "ticket/mikey_ticket_local.h"

void mikey_tpk_init(mikey_tpk *t) {
  if (t) {
    mikey_prf_init(&t->prf[0]);
    mikey_prf_init(&t->prf[1]);
    t->len = 0;
  }
}

int mikey_tpk_setkey(mikey_tpk *t, const uint8_t *tpk, size_t len) {
  if (!t || !tpk) {
    return MIKEY_E_INVAL;
  }
  t->len = 0;
  /* RFC 6043 12.1: "All keys (including keys used to protect the ticket) MUST have adequate
   * strength/length, i.e., 128 bits or more." */
  if (len < MIKEY_SUITE_MIN_KEY || len > MIKEY_PRF_MAX_INKEY) {
    return MIKEY_E_KEY_LENGTH;
  }
  /* A.2.1: "executed using the PRF indicated in the Ticket Policy": keyed for both, so one
   * TPK serves tickets of either suite (D4 is checked per ticket) */
  int rc = mikey_prf_setkey(&t->prf[MIKEY_PRF_MIKEY_1], MIKEY_PRF_MIKEY_1, tpk, len);
  if (rc == 0) {
    rc = mikey_prf_setkey(&t->prf[MIKEY_PRF_HMAC_SHA_256], MIKEY_PRF_HMAC_SHA_256, tpk, len);
  }
  if (rc) {
    mikey_prf_clear(&t->prf[0]);
    mikey_prf_clear(&t->prf[1]);
    return rc;
  }
  t->len = len;
  return 0;
}

void mikey_tpk_clear(mikey_tpk *t) {
  if (t) {
    mikey_prf_clear(&t->prf[0]);
    mikey_prf_clear(&t->prf[1]);
    t->len = 0;
  }
}

void mikey_ticket_ctx_init(mikey_ticket_ctx *c) {
  if (c) {
    mikey_mac_init(&c->mac);
    mikey_kemac_cipher_init(&c->cipher);
    mikey_prf_init(&c->prf);
  }
}

void mikey_ticket_ctx_clear(mikey_ticket_ctx *c) {
  if (c) {
    mikey_mac_clear(&c->mac);
    mikey_kemac_cipher_clear(&c->cipher);
    mikey_prf_clear(&c->prf);
  }
}

int ticket_ts64(const mikey_ts *t, uint64_t *t64) {
  /* The codec's 64-bit form pads NTP-UTC-32 with a zero fraction (RFC 6043 6.3) and COUNTER
   * with leading zeros (RFC 3830 6.6); here the type and the value's width are checked too. */
  int n = mikey_ts_len(t->ts_type);
  if (n < 0 || (n == 4 && t->value > 0xffffffffu)) {
    return MIKEY_E_BAD_VALUE;
  }
  *t64 = mikey_ts_value64(t);
  return 0;
}
