/*
 * mt_engines.h: the role engines (roles.h) of mikeytool, set up from KEYS.json (mt_keys.h).
 */
#ifndef MT_ENGINES_H
#define MT_ENGINES_H

#include <mikey/mikey.h>

#include "mt_keys.h"

/* mt_ident views |b| as an identity of ID Type |type| (the blob must outlive the view). */
mikey_identity mt_ident(const mt_blob *b, uint8_t type);

/* mt_profile fills |p| with the PSK/MIME preset, the Prot type and proof-of-origin extension
 * type of |k|, and |prf| (MIKEY_PRF_*), |key_len| (16 or 32) and |poo| (1: proof-of-origin).
 * Returns 0 or the MIKEY_E_* of mikey_role_profile_check() (a combination D4 forbids). */
int mt_profile(const mt_keys *k, uint8_t prf, uint8_t key_len, int poo, mikey_role_profile *p);

/* mt_kms_new makes the KMS of |k| (its identity, kms_id, TPK; the PSKs of initiator and
 * responder; the PSK/MIME profile with |k|'s types) with |env|. |k| must outlive the KMS
 * (its PSK lookup reads it). Returns 0 or a MIKEY_E_* code. */
int mt_kms_new(const mt_keys *k, mikey_env env, mikey_kms **out);

/* mt_initiator_new makes the initiator of |k| running profile |p| with |env|. */
int mt_initiator_new(const mt_keys *k, const mikey_role_profile *p, mikey_env env,
                     mikey_initiator **out);

/* mt_responder_config fills |rc| for the responder of |k| running profile |p| with |env|;
 * it points into |k|, which must live until the config is used. */
int mt_responder_config(const mt_keys *k, const mikey_role_profile *p, mikey_env env,
                        mikey_responder_config *rc);

/* mt_errno_name names a MIKEY Error no (RFC 3830 Table 6.12, RFC 6043 Table 6.14). */
const char *mt_errno_name(unsigned error_no);

#endif /* MT_ENGINES_H */
