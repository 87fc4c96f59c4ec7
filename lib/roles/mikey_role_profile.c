/*
 * mikey_role_profile.c: the role profiles (PROFILE.md sections 2-6 and 8): presets, checks,
 * and the link to the ticket layer's Ticket Policy rules (ticket.h mikey_profile).
 *
 * One engine, profiles as data (DESIGN.md principle 3): everything the engines do
 * differently for PSK/MIME and for IMS media follows from these fields and from the ticket
 * profile chosen by |kind|.
 */
#include <string.h>

#include "roles/mikey_roles_local.h"

/* PSK/MIME (PROFILE.md section 2; D10: J=1): D E H J N O; F=G=I=K=L=M=0. */
#define PSKMIME_FLAGS                                                                        \
  (MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_J | MIKEY_TP_N | MIKEY_TP_O)
/* IMS media (TS 33.328 D.4): E=F=G=H=I=1, L=M=0, N=O=1; D=1 (KMS-generated); J=1 so a ticket
 * may serve several sessions (RFC 6043 5.3). */
#define IMS_FLAGS                                                                            \
  (MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_F | MIKEY_TP_G | MIKEY_TP_H | MIKEY_TP_I | MIKEY_TP_J | \
   MIKEY_TP_N | MIKEY_TP_O)

int mikey_role_profile_default_versioned(int version, mikey_role_profile *p, int kind) {
  if (!p) {
    return MIKEY_E_INVAL;
  }
  if (version > MIKEY_ROLE_PROFILE_VERSION || version < 1) {
    return MIKEY_E_UNSUPPORTED;
  }
  if (kind != MIKEY_ROLE_PSKMIME && kind != MIKEY_ROLE_IMS) {
    return MIKEY_E_INVAL;
  }
  memset(p, 0, sizeof(*p));
  p->kind = kind;
  p->prf = MIKEY_PRF_HMAC_SHA_256; /* D3: the default suite for both key sizes */
  p->key_len = 16;
  p->ticket_type = MIKEY_TICKET_3GPP_BASE;
  p->tp_flags = kind == MIKEY_ROLE_PSKMIME ? PSKMIME_FLAGS : IMS_FLAGS;
  p->prot_type = MIKEY_PROT_PSKMIME_DEFAULT;
  p->poo_ext_type = MIKEY_GEXT_POO_DEFAULT;
  p->clock_skew = MIKEY_CLOCK_SKEW_DEFAULT; /* D13 */
  p->lifetime = MIKEY_TICKET_LIFETIME_DEFAULT;
  p->tek_len = MIKEY_TEK_LEN_DEFAULT;
  return 0;
}

const mikey_profile *mikey_role_ticket_profile(int kind) {
  switch (kind) {
  case MIKEY_ROLE_PSKMIME:
    return mikey_profile_pskmime();
  case MIKEY_ROLE_IMS:
    return mikey_profile_ims();
  default:
    return NULL;
  }
}

uint16_t mikey_role_desired_flags(const mikey_role_profile *p) {
  uint16_t f = (uint16_t)(p->tp_flags & ~MIKEY_TP_K); /* K=0 in a desired policy (6.10) */
  if (p->kind == MIKEY_ROLE_PSKMIME) {
    /* PROFILE.md section 6: I=1 only with proof-of-origin */
    f = (uint16_t)(p->proof_of_origin ? (f | MIKEY_TP_I) : (f & ~MIKEY_TP_I));
  }
  return f;
}

uint8_t mikey_role_key_type(const mikey_role_profile *p) {
  /* D15: with proof-of-origin the key is a GTGK, never forked, so F=0 stays legal */
  return p->kind == MIKEY_ROLE_PSKMIME && p->proof_of_origin ? MIKEY_KEY_GTGK : MIKEY_KEY_TGK;
}

int mikey_role_ticket_subtype(uint16_t ticket_type, uint8_t *subtype, uint8_t *version) {
  switch (ticket_type) {
  case MIKEY_TICKET_MIKEY_BASE: /* RFC 6043 6.10 */
    *subtype = 1;
    *version = 1;
    return 0;
  case MIKEY_TICKET_3GPP_BASE: /* TS 33.328 D.4 */
    *subtype = 0;
    *version = 0;
    return 0;
  default:
    return MIKEY_E_TICKET_TYPE;
  }
}

int mikey_role_kind_of(const mikey_policy *pol) {
  for (size_t i = 0; i < pol->n_app; i++) {
    if (pol->app[i].type == MIKEY_ID_BYTES && pol->app[i].data.len == MIKEY_APP_PSKMIME_LEN &&
        memcmp(pol->app[i].data.data, MIKEY_APP_PSKMIME, MIKEY_APP_PSKMIME_LEN) == 0) {
      return MIKEY_ROLE_PSKMIME;
    }
  }
  return MIKEY_ROLE_IMS;
}

int mikey_role_check_policy(const mikey_role_profile *p, const mikey_policy *pol,
                            const mikey_key_summary *keys) {
  const mikey_profile *tp = mikey_role_ticket_profile(p->kind);
  if (!tp || !pol) {
    return MIKEY_E_INVAL;
  }
  int rc = mikey_policy_check(pol, tp, MIKEY_POLICY_GRANTED, keys);
  if (rc) {
    return rc;
  }
  if (p->kind == MIKEY_ROLE_PSKMIME && p->proof_of_origin && !(pol->flags & MIKEY_TP_I)) {
    return MIKEY_E_POLICY; /* proof-of-origin needs Initiator Data, hence I=1 (section 6) */
  }
  return 0;
}

int mikey_role_profile_check(const mikey_role_profile *p) {
  if (!p) {
    return MIKEY_E_INVAL;
  }
  const mikey_profile *tp = mikey_role_ticket_profile(p->kind);
  if (!tp) {
    return MIKEY_E_INVAL;
  }
  if (p->key_len != 16 && p->key_len != 32) {
    return MIKEY_E_KEY_LENGTH;
  }
  int rc = mikey_suite_check_prf(p->prf, p->key_len); /* D4 */
  if (rc) {
    return rc;
  }
  uint8_t sub, ver;
  rc = mikey_role_ticket_subtype(p->ticket_type, &sub, &ver);
  if (rc) {
    return rc;
  }
  if (p->ticket_type >= 16 || !(tp->ticket_types & (1u << p->ticket_type))) {
    return MIKEY_E_TICKET_TYPE;
  }
  uint16_t f = mikey_role_desired_flags(p);
  if ((f & tp->flags_mask) != (tp->flags_value & tp->flags_mask)) {
    return MIKEY_E_TP_FLAGS;
  }
  rc = mikey_policy_check_flags(f, mikey_role_key_type(p) == MIKEY_KEY_TGK);
  if (rc) {
    return rc;
  }
  if (p->clock_skew == 0 || p->lifetime == 0) {
    return MIKEY_E_POLICY;
  }
  if (p->kind == MIKEY_ROLE_IMS && (p->tek_len < 16 || p->tek_len > 255)) {
    return MIKEY_E_POLICY;
  }
  if (p->kind == MIKEY_ROLE_PSKMIME && p->proof_of_origin && p->kek_reuse) {
    return MIKEY_E_POLICY; /* one tag per TRANSFER_INIT: a KEK with a tag serves one message */
  }
  return 0;
}
