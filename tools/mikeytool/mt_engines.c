/*
 * mt_engines.c: mikeytool's KMS, initiator and responder, set up from KEYS.json.
 *
 * Identities go into IDR payloads as URIs (ID Type 1), psk_id and tpk_id into IDRpsk as byte
 * strings (ID Type 2) (issue #6, KEYS.json).
 */
#include "mt_engines.h"

#include <string.h>

mikey_identity mt_ident(const mt_blob *b, uint8_t type) {
  mikey_identity id = {type, b->data, b->len};
  return id;
}

/* ident_is says whether |id| is ID Type |type| with the bytes of |b|. */
static int ident_is(const mikey_identity *id, uint8_t type, const mt_blob *b) {
  return id->type == type && id->len == b->len && memcmp(id->data, b->data, b->len) == 0;
}

/* psk_lookup is the KMS's PSK table: the initiator's and the responder's rows of KEYS.json.
 * A key is returned only for the identity it belongs to (roles.h, psk_lookup): when the
 * message names both its sender and the IDRpsk, both must name the same row. */
static int psk_lookup(void *ud, const mikey_kms_psk_query *q, uint8_t *key, size_t cap,
                      size_t *key_len) {
  const mt_keys *k = ud;
  const mt_party *rows[2] = {&k->initiator, &k->responder};
  for (size_t i = 0; i < 2; i++) {
    int by_id = q->peer && ident_is(q->peer, MIKEY_ID_URI, &rows[i]->identity);
    int by_name = q->psk_id && ident_is(q->psk_id, MIKEY_ID_BYTES, &rows[i]->psk_id);
    if ((q->peer && !by_id) || (q->psk_id && !by_name) || (!by_id && !by_name)) {
      continue;
    }
    if (rows[i]->psk.len > cap) {
      return -1;
    }
    memcpy(key, rows[i]->psk.data, rows[i]->psk.len);
    *key_len = rows[i]->psk.len;
    return MIKEY_CB_OK;
  }
  return MIKEY_CB_NO;
}

int mt_profile(const mt_keys *k, uint8_t prf, uint8_t key_len, int poo, mikey_role_profile *p) {
  int rc = mikey_role_profile_default(p, MIKEY_ROLE_PSKMIME);
  if (rc != 0) {
    return rc;
  }
  p->prf = prf;
  p->key_len = key_len;
  p->proof_of_origin = poo ? 1 : 0;
  p->prot_type = (uint8_t)k->prot_type;
  p->poo_ext_type = (uint8_t)k->ext_type;
  return mikey_role_profile_check(p);
}

int mt_kms_new(const mt_keys *k, mikey_env env, mikey_kms **out) {
  mikey_role_profile prof;
  /* the KMS takes the PRF from each message's HDR and the key size from each request: the
   * profile only names what it serves (PSK/MIME) and its types */
  int rc = mt_profile(k, MIKEY_PRF_HMAC_SHA_256, 16, 0, &prof);
  if (rc != 0) {
    return rc;
  }
  mikey_kms_config kc;
  rc = mikey_kms_config_default(&kc);
  if (rc != 0) {
    return rc;
  }
  kc.env = env;
  kc.self = mt_ident(&k->kms.identity, MIKEY_ID_URI);
  memcpy(kc.kms_id, k->kms.kms_id, sizeof(kc.kms_id));
  kc.tpk_id = mt_ident(&k->kms.tpk_id, MIKEY_ID_BYTES);
  kc.tpk = k->kms.tpk.data;
  kc.tpk_len = k->kms.tpk.len;
  kc.profiles = &prof;
  kc.n_profiles = 1;
  kc.callbacks.psk_lookup = psk_lookup;
  kc.user_data = (void *)(uintptr_t)k; /* read only */
  kc.replay_capacity = 64;             /* one process, a few messages */
  return mikey_kms_new(out, &kc);
}

int mt_initiator_new(const mt_keys *k, const mikey_role_profile *p, mikey_env env,
                     mikey_initiator **out) {
  mikey_initiator_config ic;
  int rc = mikey_initiator_config_default(&ic);
  if (rc != 0) {
    return rc;
  }
  ic.profile = *p;
  ic.env = env;
  ic.self = mt_ident(&k->initiator.identity, MIKEY_ID_URI);
  ic.kms = mt_ident(&k->kms.identity, MIKEY_ID_URI);
  ic.psk_id = mt_ident(&k->initiator.psk_id, MIKEY_ID_BYTES);
  ic.psk = k->initiator.psk.data;
  ic.psk_len = k->initiator.psk.len;
  return mikey_initiator_new(out, &ic);
}

int mt_responder_config(const mt_keys *k, const mikey_role_profile *p, mikey_env env,
                        mikey_responder_config *rc) {
  int r = mikey_responder_config_default(rc);
  if (r != 0) {
    return r;
  }
  rc->profile = *p;
  rc->env = env;
  rc->self = mt_ident(&k->responder.identity, MIKEY_ID_URI);
  rc->kms = mt_ident(&k->kms.identity, MIKEY_ID_URI);
  rc->psk_id = mt_ident(&k->responder.psk_id, MIKEY_ID_BYTES);
  rc->psk = k->responder.psk.data;
  rc->psk_len = k->responder.psk.len;
  rc->max_exchanges = 4;
  rc->replay_capacity = 64;
  return 0;
}

const char *mt_errno_name(unsigned error_no) {
  static const char *const names[] = {
      "Auth failure", "Invalid TS",  "Invalid PRF",   "Invalid MAC",       "Invalid EA",
      "Invalid HA",   "Invalid DH",  "Invalid ID",    "Invalid Cert",      "Invalid SP",
      "Invalid SPpar", "Invalid DT", "Unspecified error", NULL,           "Invalid TICKET",
      "Invalid TPpar"};
  if (error_no < sizeof(names) / sizeof(names[0]) && names[error_no]) {
    return names[error_no];
  }
  return "unassigned";
}
