/*
 * mikey_party.c: the credentials an initiator or a responder is configured with: its own
 * identity, the KMS's identity, and the PSK it shares with the KMS with the IDRpsk naming it.
 */
#include "roles/mikey_roles_local.h"

#include <mikey/key.h>

int mikey_party_check(const mikey_identity *self, const mikey_identity *kms,
                      const mikey_identity *psk_id, const uint8_t *psk, size_t psk_len) {
  int rc = mikey_ident_check(self);
  if (rc == 0) {
    rc = mikey_ident_check(kms);
  }
  if (rc == 0) {
    rc = mikey_ident_check(psk_id);
  }
  if (rc) {
    return rc;
  }
  if (!psk) {
    return MIKEY_E_INVAL;
  }
  if (psk_len < MIKEY_SUITE_MIN_KEY || psk_len > MIKEY_PSK_MAX) {
    return MIKEY_E_KEY_LENGTH;
  }
  return 0;
}

int mikey_party_copy(mikey_party *p, const mikey_identity *self, const mikey_identity *kms,
                     const mikey_identity *psk_id, const uint8_t *psk, size_t psk_len) {
  int rc = mikey_ident_copy(&p->self, self);
  if (rc == 0) {
    rc = mikey_ident_copy(&p->kms, kms);
  }
  if (rc == 0) {
    rc = mikey_ident_copy(&p->psk_id, psk_id);
  }
  if (rc == 0) {
    rc = mikey_key_new(&p->psk, psk, psk_len);
  }
  return rc;
}

void mikey_party_free(mikey_party *p) {
  mikey_ident_free(&p->self);
  mikey_ident_free(&p->kms);
  mikey_ident_free(&p->psk_id);
  mikey_key_free(p->psk);
  p->psk = NULL;
}
