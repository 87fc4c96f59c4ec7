/*
 * mikey_profile.c: the two profiles as data (DESIGN.md principle 3), and setting up a desired
 * Ticket Policy from one.
 */
#include <string.h>

#include <mikey/ticket.h>

#include "crypto/mikey_suite.h"

#define TP(x) MIKEY_TP_##x
#define KEYBIT(t) (1u << (t))

static const uint8_t app_pskmime[MIKEY_APP_PSKMIME_LEN] = {'P', 'S', 'K', '/', 'M', 'I', 'M', 'E'};

/* PROFILE.md section 2 (TS 33.328 Annex I.4): D=1, E=1, F=0, G=0, H=1, J=1 (D10), L=0, M=0,
 * N=1, O=1; I free (1 only with proof-of-origin, section 6; D15 makes the key a GTGK, and the
 * 6.10 F/I/TGK rule then holds with F=0); K set by the KMS only. D11: IDRkms, IDRi, TRs, TRe,
 * KEMAC (requests), IDRapp, IDRr; no TRr. D9: IDRapp = byte string "PSK/MIME". Section 3: the
 * ticket carries exactly one key, a TGK (or a GTGK with proof-of-origin). Type 2 by default,
 * type 1 also accepted. D3: PRF-HMAC-SHA-256 by default. */
static const mikey_profile profile_pskmime = {
    .name = "PSK/MIME",
    .ticket_type = MIKEY_TICKET_3GPP_BASE,
    .ticket_types = 1u << MIKEY_TICKET_MIKEY_BASE | 1u << MIKEY_TICKET_3GPP_BASE,
    .flags_mask = TP(D) | TP(E) | TP(F) | TP(G) | TP(H) | TP(J) | TP(L) | TP(M) | TP(N) | TP(O),
    .flags_value = TP(D) | TP(E) | TP(H) | TP(J) | TP(N) | TP(O),
    .request_zero = TP(K),
    .tp_required = MIKEY_POLICY_HAS_KMS | MIKEY_POLICY_HAS_I | MIKEY_POLICY_HAS_TRS |
                   MIKEY_POLICY_HAS_TRE | MIKEY_POLICY_HAS_KEMAC,
    .tp_forbidden = MIKEY_POLICY_HAS_TRR,
    .app_type = MIKEY_ID_BYTES,
    .app = app_pskmime,
    .app_len = sizeof(app_pskmime),
    .app_required = 1,
    .key_types = KEYBIT(MIKEY_KEY_TGK) | KEYBIT(MIKEY_KEY_GTGK),
    .min_keys = 1,
    .max_keys = 1,
    .prf = MIKEY_PRF_HMAC_SHA_256,
};

/* PROFILE.md section 8 (TS 33.328 D.4): type 2 subtype 0 version 0, E=F=G=H=I=1, L=M=0,
 * N=O=1 ("All sub-payloads specified shall be present": D11 adds TRr). D.4 does not name D,
 * but with L=0 the 6.10 rule "NOT D implies L" leaves only D=1 (KMS-generated tickets), so
 * the profile fixes it. Keys: TGKs (forked), GTGKs, TEKs, with or without salt. */
static const mikey_profile profile_ims = {
    .name = "IMS",
    .ticket_type = MIKEY_TICKET_3GPP_BASE,
    .ticket_types = 1u << MIKEY_TICKET_3GPP_BASE,
    .flags_mask =
        TP(D) | TP(E) | TP(F) | TP(G) | TP(H) | TP(I) | TP(L) | TP(M) | TP(N) | TP(O),
    .flags_value = TP(D) | TP(E) | TP(F) | TP(G) | TP(H) | TP(I) | TP(N) | TP(O),
    .request_zero = TP(K),
    .tp_required = MIKEY_POLICY_HAS_KMS | MIKEY_POLICY_HAS_I | MIKEY_POLICY_HAS_TRS |
                   MIKEY_POLICY_HAS_TRE | MIKEY_POLICY_HAS_TRR | MIKEY_POLICY_HAS_KEMAC,
    .tp_forbidden = 0,
    .app_type = MIKEY_ID_BYTES,
    .app = NULL,
    .app_len = 0,
    .app_required = 0,
    .key_types = KEYBIT(MIKEY_KEY_TGK) | KEYBIT(MIKEY_KEY_TGK_SALT) | KEYBIT(MIKEY_KEY_TEK) |
                 KEYBIT(MIKEY_KEY_TEK_SALT) | KEYBIT(MIKEY_KEY_GTGK) |
                 KEYBIT(MIKEY_KEY_GTGK_SALT),
    .min_keys = 1,
    .max_keys = MIKEY_POLICY_MAX_KEYS,
    .prf = MIKEY_PRF_HMAC_SHA_256,
};

const mikey_profile *mikey_profile_pskmime(void) { return &profile_pskmime; }

const mikey_profile *mikey_profile_ims(void) { return &profile_ims; }

int mikey_policy_init(mikey_policy *p, const mikey_profile *prof) {
  if (!p || !prof) {
    return MIKEY_E_INVAL;
  }
  memset(p, 0, sizeof(*p));
  p->ticket_type = prof->ticket_type;
  /* RFC 6043 6.10: type 1 is subtype 1 version 1; TS 33.328 D.4: type 2 is 0, 0 */
  p->subtype = p->version = prof->ticket_type == MIKEY_TICKET_MIKEY_BASE ? 1 : 0;
  p->prf = prof->prf;
  /* the profile's values; K=0 in a desired policy (6.10), free flags 0 */
  p->flags = (uint16_t)(prof->flags_value & prof->flags_mask & ~prof->request_zero);
  if (prof->app) {
    p->app[0].role = MIKEY_ROLE_APP;
    p->app[0].type = prof->app_type;
    p->app[0].data.data = prof->app;
    p->app[0].data.len = prof->app_len;
    p->n_app = 1;
  }
  return 0;
}

/* add_id appends an identity to one of the lists of a policy. */
static int add_id(mikey_id *list, size_t *n, uint8_t role, uint8_t type, const uint8_t *data,
                  size_t len) {
  if (!data || len == 0 || len > 0xffff) {
    return MIKEY_E_INVAL;
  }
  if (*n >= MIKEY_POLICY_MAX_IDS) {
    return MIKEY_E_LIMIT;
  }
  mikey_id *id = &list[(*n)++];
  id->role = role;
  id->type = type;
  id->data.data = data;
  id->data.len = len;
  return 0;
}

int mikey_policy_add_responder(mikey_policy *p, uint8_t type, const uint8_t *data, size_t len) {
  if (!p) {
    return MIKEY_E_INVAL;
  }
  return add_id(p->r, &p->n_r, MIKEY_ROLE_R, type, data, len);
}

int mikey_policy_add_app(mikey_policy *p, uint8_t type, const uint8_t *data, size_t len) {
  if (!p) {
    return MIKEY_E_INVAL;
  }
  return add_id(p->app, &p->n_app, MIKEY_ROLE_APP, type, data, len);
}

/* salted returns 1 for the +SALT key types (RFC 3830 Table 6.13, RFC 6043 Table 6.7). */
static int salted(uint8_t type) {
  return type == MIKEY_KEY_TGK_SALT || type == MIKEY_KEY_TEK_SALT ||
         type == MIKEY_KEY_GTGK_SALT;
}

int mikey_policy_add_key(mikey_policy *p, uint8_t type, size_t key_len, size_t salt_len,
                         const uint8_t *spi, size_t spi_len) {
  if (!p || (!spi && spi_len) || spi_len > 0xff) {
    return MIKEY_E_INVAL;
  }
  /* RFC 6043 6.10: KEMAC = {TEK|TGK|GTGK} (the MPK is the KMS's to choose) */
  if (type > MIKEY_KEY_GTGK_SALT) {
    return MIKEY_E_INVAL;
  }
  if (key_len < MIKEY_SUITE_MIN_KEY || key_len > MIKEY_POLICY_MAX_KEY_LEN ||
      salt_len > MIKEY_POLICY_MAX_KEY_LEN || (salt_len != 0) != salted(type)) {
    return MIKEY_E_INVAL;
  }
  if (p->n_keys >= MIKEY_POLICY_MAX_KEYS) {
    return MIKEY_E_LIMIT;
  }
  mikey_policy_key *k = &p->keys[p->n_keys++];
  memset(k, 0, sizeof(*k));
  k->type = type;
  k->key_len = key_len;
  k->salt_len = salt_len;
  k->kv_type = spi_len ? MIKEY_KV_SPI : MIKEY_KV_NULL;
  k->spi.data = spi;
  k->spi.len = spi_len;
  p->present |= MIKEY_POLICY_HAS_KEMAC;
  return 0;
}
