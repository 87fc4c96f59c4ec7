/*
 * mikey_policy_check.c: the Ticket Policy checks (RFC 6043 6.10, 12.1; PROFILE.md sections 2,
 * 5, 8; D3, D4, D9, D11, D12, D13). One check function for every profile: the profiles are
 * data (mikey_profile.c).
 */
#include "ticket/mikey_policy.h"

#include <string.h>

#include "crypto/mikey_suite.h"

int mikey_ticket_type_check(uint16_t ticket_type, uint8_t subtype, uint8_t version) {
  /* RFC 6043 6.10: "Subtype = 0x01 and Version = 0x01 refers to MIKEY Base Ticket";
   * TS 33.328 D.4: "ticket type value 2 ... subtype value 0 (zero) and version value 0" */
  if (ticket_type == MIKEY_TICKET_MIKEY_BASE && subtype == 1 && version == 1) {
    return 0;
  }
  if (ticket_type == MIKEY_TICKET_3GPP_BASE && subtype == 0 && version == 0) {
    return 0;
  }
  return MIKEY_E_TICKET_TYPE;
}

int mikey_policy_check_flags(uint16_t flags, int has_tgk) {
  if (flags & ~MIKEY_TP_FLAGS_ALL) {
    return MIKEY_E_TP_FLAGS;
  }
  int d = (flags & MIKEY_TP_D) != 0, e = (flags & MIKEY_TP_E) != 0;
  int f = (flags & MIKEY_TP_F) != 0, g = (flags & MIKEY_TP_G) != 0;
  int h = (flags & MIKEY_TP_H) != 0, i = (flags & MIKEY_TP_I) != 0;
  int k = (flags & MIKEY_TP_K) != 0, l = (flags & MIKEY_TP_L) != 0;
  int m = (flags & MIKEY_TP_M) != 0;
  /* 6.10: "NOT D implies L, G implies F, NOT G implies H, NOT H implies G, I implies E,
   * K implies D, and M implies F" (NOT G implies H and NOT H implies G are one rule: G or H) */
  if ((!d && !l) || (g && !f) || (!g && !h) || (!h && !g) || (i && !e) || (k && !d) ||
      (m && !f)) {
    return MIKEY_E_TP_FLAGS;
  }
  /* "The F flag SHALL be set to '1' when the I flag (key forking) is set to '1' and a TGK is
   * encoded in the ticket." */
  if (i && has_tgk && !f) {
    return MIKEY_E_TP_FLAGS;
  }
  return 0;
}

void mikey_policy_key_summary(const mikey_policy *p, mikey_key_summary *s) {
  memset(s, 0, sizeof(*s));
  size_t n = p->n_keys < MIKEY_POLICY_MAX_KEYS ? p->n_keys : MIKEY_POLICY_MAX_KEYS;
  for (size_t i = 0; i < n; i++) {
    const mikey_policy_key *k = &p->keys[i];
    s->types |= k->type < 32 ? 1u << k->type : 0;
    if (k->key_len > s->max_len) {
      s->max_len = k->key_len;
    }
  }
  s->n = n;
}

/* ts_unix reads a TRs/TRe timestamp as Unix seconds with the RFC 4330 era rule (6.10:
 * "SHALL be interpreted as being in the range 1968-2104"). */
static int ts_unix(const mikey_ts *t, int64_t *out) {
  switch (t->ts_type) {
  case MIKEY_TS_NTP_UTC:
  case MIKEY_TS_NTP:
  case MIKEY_TS_NTP_UTC_32:
    /* the codec owns the 64-bit form (RFC 6043 6.3: NTP-UTC-32 gets a zero fraction) */
    *out = mikey_ntp_to_unix(mikey_ts_value64(t));
    return 0;
  default:
    return MIKEY_E_POLICY;
  }
}

int mikey_policy_check_time(const mikey_policy *p, uint64_t now, uint32_t skew) {
  if (!p) {
    return MIKEY_E_INVAL;
  }
  /* era-rule values lie within 1968..2104, so these sums cannot overflow */
  int64_t t = mikey_ntp_to_unix(now);
  int64_t start, end;
  if (p->present & MIKEY_POLICY_HAS_TRS) {
    int rc = ts_unix(&p->trs, &start);
    if (rc) {
      return rc;
    }
    if (t + (int64_t)skew < start) {
      return MIKEY_E_NOT_YET_VALID;
    }
  }
  if (p->present & MIKEY_POLICY_HAS_TRE) {
    int rc = ts_unix(&p->tre, &end);
    if (rc) {
      return rc;
    }
    if (t - (int64_t)skew > end) {
      return MIKEY_E_EXPIRED;
    }
  }
  return 0;
}

/* id_equal compares ID Type and ID Data (not the role). */
static int id_equal(const mikey_id *a, uint8_t type, const uint8_t *data, size_t len) {
  return a->type == type && a->data.len == len &&
         (len == 0 || memcmp(a->data.data, data, len) == 0);
}

int mikey_policy_check_responder(const mikey_policy *p, const mikey_id *r) {
  if (!p || !r || (!r->data.data && r->data.len)) {
    return MIKEY_E_INVAL;
  }
  size_t n = p->n_r < MIKEY_POLICY_MAX_IDS ? p->n_r : MIKEY_POLICY_MAX_IDS;
  for (size_t i = 0; i < n; i++) {
    if (id_equal(&p->r[i], r->type, r->data.data, r->data.len)) {
      return 0;
    }
  }
  return MIKEY_E_NOT_AUTHORIZED;
}

int mikey_policy_check_app(const mikey_policy *p, uint8_t type, const uint8_t *app, size_t len,
                           int required) {
  if (!p || (!app && len)) {
    return MIKEY_E_INVAL;
  }
  size_t n = p->n_app < MIKEY_POLICY_MAX_IDS ? p->n_app : MIKEY_POLICY_MAX_IDS;
  if (n == 0) {
    /* 6.10: "If no IDRapp payloads are supplied, all application IDs are authorized" */
    return required ? MIKEY_E_APP : 0;
  }
  for (size_t i = 0; i < n; i++) {
    if (id_equal(&p->app[i], type, app, len)) {
      return 0;
    }
  }
  return MIKEY_E_APP;
}

int mikey_policy_check_suite(const mikey_policy *p, uint8_t hdr_prf, size_t key_len) {
  if (!p) {
    return MIKEY_E_INVAL;
  }
  /* D3 (same suite as the HDR), D4 (no MIKEY-1 over 128 bits), 12.1 (128 bits at least):
   * all "Invalid TPpar" (D12) */
  return mikey_suite_check_tp(p->prf, hdr_prf, key_len) ? MIKEY_E_SUITE : 0;
}

/* check_type: rule 1 of mikey_policy_check. */
static int check_type(const mikey_policy *p, const mikey_profile *prof) {
  int rc = mikey_ticket_type_check(p->ticket_type, p->subtype, p->version);
  if (rc) {
    return rc;
  }
  /* known types are 1 and 2, so the shift is defined */
  return (prof->ticket_types & (1u << p->ticket_type)) ? 0 : MIKEY_E_TICKET_TYPE;
}

/* check_tp_data: rule 3 of mikey_policy_check. */
static int check_tp_data(const mikey_policy *p, const mikey_profile *prof, unsigned mode) {
  unsigned required = prof->tp_required;
  if (mode == MIKEY_POLICY_GRANTED) {
    /* 6.10: "The KEMAC SHALL NOT be present in the granted Ticket Policy" */
    if (p->present & MIKEY_POLICY_HAS_KEMAC) {
      return MIKEY_E_POLICY;
    }
    required &= ~MIKEY_POLICY_HAS_KEMAC;
  }
  if ((p->present & required) != required || (p->present & prof->tp_forbidden)) {
    return MIKEY_E_POLICY;
  }
  if ((p->present & MIKEY_POLICY_HAS_TRS) && (p->present & MIKEY_POLICY_HAS_TRE)) {
    int64_t s, e;
    int rc = ts_unix(&p->trs, &s);
    if (rc == 0) {
      rc = ts_unix(&p->tre, &e);
    }
    if (rc) {
      return rc;
    }
    if (s > e) {
      return MIKEY_E_POLICY;
    }
  }
  if ((p->present & MIKEY_POLICY_HAS_TRR) && p->trr.ts_type != MIKEY_TS_NTP_UTC_32) {
    return MIKEY_E_POLICY;
  }
  /* 6.10: (IDRr), one or more */
  return p->n_r ? 0 : MIKEY_E_POLICY;
}

/* check_keys: rule 4 of mikey_policy_check. */
static int check_keys(const mikey_policy *p, const mikey_profile *prof,
                      const mikey_key_summary *s) {
  if ((s->types & ~prof->key_types) || s->n < prof->min_keys || s->n > prof->max_keys) {
    return MIKEY_E_POLICY;
  }
  /* D4 and 12.1 with the keys' own PRF (the HDR's is checked by mikey_policy_check_suite) */
  return mikey_policy_check_suite(p, p->prf, s->max_len);
}

int mikey_policy_check(const mikey_policy *p, const mikey_profile *prof, unsigned mode,
                       const mikey_key_summary *keys) {
  if (!p || !prof || (mode != MIKEY_POLICY_REQUEST && mode != MIKEY_POLICY_GRANTED)) {
    return MIKEY_E_INVAL;
  }
  mikey_key_summary req;
  const mikey_key_summary *s = keys;
  if (!s && mode == MIKEY_POLICY_REQUEST) {
    mikey_policy_key_summary(p, &req);
    s = &req;
  }
  int has_tgk = s && (s->types & (1u << MIKEY_KEY_TGK | 1u << MIKEY_KEY_TGK_SALT)) != 0;

  int rc = check_type(p, prof);
  if (rc) {
    return rc;
  }
  /* rule 2: the profile's flags, K=0 in a desired policy (6.10), then 6.10's implications */
  if ((p->flags & prof->flags_mask) != (prof->flags_value & prof->flags_mask) ||
      (mode == MIKEY_POLICY_REQUEST && (p->flags & prof->request_zero))) {
    return MIKEY_E_TP_FLAGS;
  }
  rc = mikey_policy_check_flags(p->flags, has_tgk);
  if (rc) {
    return rc;
  }
  rc = check_tp_data(p, prof, mode);
  if (rc) {
    return rc;
  }
  if (s) {
    rc = check_keys(p, prof, s);
  } else {
    /* no keys known yet: the PRF must still be one we run (D3) */
    rc = mikey_policy_check_suite(p, p->prf, MIKEY_SUITE_MIN_KEY);
  }
  if (rc) {
    return rc;
  }
  if (prof->app) {
    rc = mikey_policy_check_app(p, prof->app_type, prof->app, prof->app_len,
                                prof->app_required);
  }
  return rc;
}
