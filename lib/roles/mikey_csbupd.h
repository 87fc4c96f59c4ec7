/*
 * mikey_csbupd.h: what both engines need for CSB updating (RFC 6043 5.2), whoever starts it
 * (internal): the grammar of an update TRANSFER_INIT, and the KEMAC carrying new keying
 * material (mikey_csbupd.c).
 */
#ifndef MIKEY_CSBUPD_H
#define MIKEY_CSBUPD_H

#include "roles/mikey_roles_local.h"

/* mikey_csbupd_grammar checks an update TRANSFER_INIT: one T, at most one IDRi and one IDRr, SP,
 * General Extensions, at most one KEMAC, a final V, no RAND and no TICKET ("New RANDs or TICKETs MUST NOT be
 * included"; the static ones are left out too), a GENERIC-ID map with at least one crypto
 * session. Returns 0, MIKEY_E_MISSING_PAYLOAD, MIKEY_E_UNEXPECTED_PAYLOAD or MIKEY_E_POLICY. */
int mikey_csbupd_grammar(const mikey_msg *m);

/* mikey_csbupd_supplier_flag returns the Ticket Policy flag that lets the sender of an update
 * supply session keys: L for the initiator, M for the responder (6.10). */
uint16_t mikey_csbupd_supplier_flag(int from_responder);

/* The shape of new keying material for |n_cs| crypto sessions (RFC 6043 5.2): */
typedef struct mikey_csbupd_shape {
  uint8_t prf;       /* HDR PRF func: derives the TEKs from a new TGK (5.1.3), D4 */
  size_t n_cs;       /* crypto sessions of the update */
  size_t tek_len;    /* the length of each TEK */
  size_t randri_len; /* the RANDs the TEKs are derived with (D5 for a new TGK) */
  size_t randrr_len;
} mikey_csbupd_shape;

/* mikey_csbupd_check checks keys a caller supplies: one TGK of 16 or 32 bytes that the HDR PRF
 * may key (D4) and the RANDs cover (D5), or one TEK of tek_len bytes for each crypto session.
 * Returns 0, MIKEY_E_INVAL (type, NULL), MIKEY_E_KEY_LENGTH, MIKEY_E_SUITE_PRF or
 * MIKEY_E_RAND_SHORT. */
int mikey_csbupd_check(const mikey_update_keys *k, const mikey_csbupd_shape *sh);

/* mikey_csbupd_seal writes the KEMAC data of |k| (checked): E(encr_key, TGK | TEK...), the
 * keys of |ks| (those protecting the update, 5.2), the update's CSB ID and T in the IV (D1,
 * RFC 3830 4.2.3), NULL MAC. Returns as mikey_kemac_seal. */
int mikey_csbupd_seal(const mikey_keyset *ks, uint32_t csb_id, uint64_t t,
                      const mikey_update_keys *k, const mikey_csbupd_shape *sh, uint8_t *out,
                      size_t cap, size_t *out_len);

/* mikey_csbupd_open decrypts a received update KEMAC |kem| (as seal) and checks that it holds
 * new keying material for every crypto session of |sh|: one TGK or one TEK per crypto
 * session (5.2: "a session key MUST be provided for each crypto session"); the keys are
 * copied to |keys| (|cap| bytes) and described in |*k| (k->keys points into |keys|).
 * Returns 0, MIKEY_E_BAD_VALUE (another mix of keys), MIKEY_E_UNSUPPORTED (salted keys),
 * the codes of mikey_csbupd_check, and those of mikey_kemac_open. */
int mikey_csbupd_open(const mikey_keyset *ks, uint32_t csb_id, uint64_t t, const mikey_kemac *kem,
                      const mikey_csbupd_shape *sh, uint8_t *keys, size_t cap,
                      mikey_update_keys *k);

#endif /* MIKEY_CSBUPD_H */
