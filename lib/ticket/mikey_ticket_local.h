/*
 * mikey_ticket_local.h: helpers shared by the files of the ticket layer (internal to it).
 */
#ifndef MIKEY_TICKET_LOCAL_H
#define MIKEY_TICKET_LOCAL_H

#include "ticket/mikey_ticket.h"

#include "crypto/mikey_suite.h"

/* RFC 6043 A.1: "If CSB ID is needed in the IV creation it SHALL be set to '0xFFFFFFFF'." */
#define TICKET_CSB_ID 0xFFFFFFFFu

/* Bound on the plaintext of a ticket KEMAC: the MPK and MIKEY_TICKET_MAX_KEYS session keys,
 * each 4 header bytes, key, salt length and salt, SPI length and SPI. */
#define TICKET_KEYDATA_MAX                                                                     \
  ((MIKEY_TICKET_MAX_KEYS + 1) *                                                               \
   (4 + MIKEY_TICKET_MAX_KEY_LEN + 2 + MIKEY_TICKET_MAX_SALT_LEN + 1 + MIKEY_TICKET_MAX_SPI_LEN))

/* The fixed part of a TICKET payload before TP Data: Next Payload, Ticket Type (2), Subtype,
 * Version, PRF Func/flags/Res (3), TP Data length (2) (RFC 6043 6.10). */
#define TICKET_HEAD_LEN 10

/* ticket_suite gives the Encr alg and MAC alg a ticket uses under Ticket Policy PRF |prf|
 * (D3): AES-CM-128 and HMAC-SHA-1-160 with MIKEY-1, AES-CM-256 and HMAC-SHA-256-256 with
 * PRF-HMAC-SHA-256. Returns 0 or MIKEY_E_SUITE (unknown PRF). */
static inline int ticket_suite(uint8_t prf, uint8_t *encr_alg, uint8_t *mac_alg) {
  switch (prf) {
  case MIKEY_PRF_MIKEY_1:
    *encr_alg = MIKEY_ENCR_AES_CM_128;
    *mac_alg = MIKEY_MAC_HMAC_SHA_1_160;
    return 0;
  case MIKEY_PRF_HMAC_SHA_256:
    *encr_alg = MIKEY_ENCR_AES_CM_256;
    *mac_alg = MIKEY_MAC_HMAC_SHA_256_256;
    return 0;
  default:
    return MIKEY_E_SUITE;
  }
}

/* ticket_session_type_ok tells whether a session key of a ticket may be of type |t|
 * (A.1: KEMAC = E(encr_key, MPK || {TEK|TGK|GTGK}), with their +SALT variants). */
static inline int ticket_session_type_ok(uint8_t t) { return t <= MIKEY_KEY_GTGK_SALT; }

/* ticket_salted tells whether key type |t| carries a salt (RFC 3830 Table 6.13.a). */
static inline int ticket_salted(uint8_t t) {
  return t == MIKEY_KEY_TGK_SALT || t == MIKEY_KEY_TEK_SALT || t == MIKEY_KEY_GTGK_SALT;
}

/* ticket_ts64 gives the 64-bit T of the KEMAC IV from a decoded or to-be-encoded T payload
 * (mikey_ts_value64, after checking the TS type and the value's width). */
int ticket_ts64(const mikey_ts *t, uint64_t *t64);

/* ticket_tpk_prf returns the PRF context of |tpk| for Ticket Policy PRF |prf|, or NULL when
 * |prf| is not one the library runs. */
static inline mikey_prf *ticket_tpk_prf(mikey_tpk *tpk, uint8_t prf) {
  return prf <= MIKEY_PRF_HMAC_SHA_256 ? &tpk->prf[prf] : NULL;
}

#endif /* MIKEY_TICKET_LOCAL_H */
