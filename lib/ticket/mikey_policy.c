/*
 * mikey_policy.c: the Ticket Policy to and from the TP payload and its TP Data
 * (RFC 6043 6.10), through the codec.
 */
#include "ticket/mikey_policy.h"

#include <stddef.h>
#include <string.h>

#include "crypto/mikey_suite.h"

/* A TP KEMAC is encoded in a scratch buffer before it goes into TP Data. Each requested key
 * takes at most 4 + 64 + 2 + 64 + 1 + 255 bytes; the requests of our profiles take a few
 * dozen bytes, so 1 KiB is plenty and larger sets are refused (MIKEY_E_LIMIT). */
#define POLICY_KEMAC_SCRATCH 1024

/* Zero Key Data for the requested keys: "The Key Data fields SHALL be set to '0' by the
 * Initiator" (6.10). */
static const uint8_t zero_key[MIKEY_POLICY_MAX_KEY_LEN];

/* tp_key_type_ok tells whether a TP KEMAC may name key type |t| (6.10: {TEK|TGK|GTGK}). */
static int tp_key_type_ok(uint8_t t) { return t <= MIKEY_KEY_GTGK_SALT; }

/* tr_type_ok tells whether a TR payload of role |role| may use TS type |ts_type|: TRr "SHALL"
 * be NTP-UTC-32 (6.10); TRs/TRe are times read with the RFC 4330 era rule, so an NTP type. */
static int tr_type_ok(uint8_t role, uint8_t ts_type) {
  if (role == MIKEY_TR_REKEY) {
    return ts_type == MIKEY_TS_NTP_UTC_32;
  }
  return ts_type == MIKEY_TS_NTP_UTC || ts_type == MIKEY_TS_NTP ||
         ts_type == MIKEY_TS_NTP_UTC_32;
}

/* policy_kemac_from reads the requested keys of a TP KEMAC into |*p|. */
static int policy_kemac_from(mikey_policy *p, const mikey_kemac *k) {
  /* 6.10: "The KEMAC payload SHALL use the NULL encryption algorithm and the NULL
   * authentication algorithm" */
  if (k->encr_alg != MIKEY_ENCR_NULL || k->mac_alg != MIKEY_MAC_NULL) {
    return MIKEY_E_POLICY;
  }
  mikey_keydata_list kl;
  int rc = mikey_keydata_decode(&kl, k->encr_data.data, k->encr_data.len, 0);
  if (rc) {
    return rc;
  }
  /* kl.n <= MIKEY_MAX_KEYS == MIKEY_POLICY_MAX_KEYS */
  for (size_t i = 0; i < kl.n; i++) {
    const mikey_keydata *kd = &kl.kd[i];
    if (!tp_key_type_ok(kd->type)) {
      return MIKEY_E_POLICY;
    }
    if (kd->key.len > MIKEY_POLICY_MAX_KEY_LEN || kd->salt.len > MIKEY_POLICY_MAX_KEY_LEN) {
      return MIKEY_E_LIMIT;
    }
    mikey_policy_key *pk = &p->keys[i];
    pk->type = kd->type;
    pk->kv_type = kd->kv.type;
    pk->spi = kd->kv.spi;
    pk->from = kd->kv.from;
    pk->to = kd->kv.to;
    /* the Key Data itself is ignored by the KMS (6.10): only its length counts */
    pk->key_len = kd->key.len;
    pk->salt_len = kd->salt.len;
  }
  p->n_keys = kl.n;
  p->present |= MIKEY_POLICY_HAS_KEMAC;
  return 0;
}

/* policy_payload_from takes one TP Data payload into |*p|. Payloads 6.10 does not list there
 * (and IDRs of other roles) "SHOULD be ignored". */
static int policy_payload_from(mikey_policy *p, const mikey_payload *pl) {
  switch (pl->type) {
  case MIKEY_PT_IDR:
    switch (pl->u.id.role) {
    case MIKEY_ROLE_KMS:
      p->kms = pl->u.id;
      p->present |= MIKEY_POLICY_HAS_KMS;
      break;
    case MIKEY_ROLE_I:
      p->idri = pl->u.id;
      p->present |= MIKEY_POLICY_HAS_I;
      break;
    case MIKEY_ROLE_APP:
      /* the list holds at most MIKEY_MAX_PAYLOADS == MIKEY_POLICY_MAX_IDS payloads */
      p->app[p->n_app++] = pl->u.id;
      break;
    case MIKEY_ROLE_R:
      p->r[p->n_r++] = pl->u.id;
      break;
    default:
      break;
    }
    return 0;
  case MIKEY_PT_TR: {
    const mikey_ts *t = &pl->u.t;
    if ((t->role == MIKEY_TR_START || t->role == MIKEY_TR_END || t->role == MIKEY_TR_REKEY) &&
        !tr_type_ok(t->role, t->ts_type)) {
      return MIKEY_E_POLICY;
    }
    if (t->role == MIKEY_TR_START) {
      p->trs = *t;
      p->present |= MIKEY_POLICY_HAS_TRS;
    } else if (t->role == MIKEY_TR_END) {
      p->tre = *t;
      p->present |= MIKEY_POLICY_HAS_TRE;
    } else if (t->role == MIKEY_TR_REKEY) {
      p->trr = *t;
      p->present |= MIKEY_POLICY_HAS_TRR;
    }
    return 0;
  }
  case MIKEY_PT_KEMAC:
    return policy_kemac_from(p, &pl->u.kemac);
  default:
    return 0;
  }
}

int mikey_policy_from_tp(mikey_policy *p, const mikey_tp *tp) {
  if (!p || !tp) {
    return MIKEY_E_INVAL;
  }
  /* keys[], app[] and r[] (2.7 KB) are filled up to their counts and read no further: only
   * what precedes them is cleared */
  memset(p, 0, offsetof(mikey_policy, keys));
  p->n_app = 0;
  p->n_r = 0;
  p->ticket_type = tp->ticket_type;
  p->subtype = tp->subtype;
  p->version = tp->version;
  p->prf = tp->prf;
  p->flags = tp->flags;
  mikey_plist l;
  int rc = mikey_tp_data_decode(&l, tp->tp_data.data, tp->tp_data.len);
  if (rc == 0) {
    /* [IDRkms], [IDRi], [TRs], [TRe], [TRr], [KEMAC], {IDRapp}, (IDRr) */
    rc = mikey_plist_validate(&l, MIKEY_LIST_TP_DATA, 0);
  }
  for (size_t i = 0; rc == 0 && i < l.n; i++) {
    rc = policy_payload_from(p, &l.pl[i]);
  }
  if (rc) {
    memset(p, 0, sizeof(*p));
  }
  return rc;
}

/* add_idr appends an IDR payload of role |role| for |id| to |l|. */
static int add_idr(mikey_plist *l, uint8_t role, const mikey_id *id) {
  mikey_payload *pl = mikey_plist_add(l, MIKEY_PT_IDR);
  if (!pl) {
    return MIKEY_E_LIMIT;
  }
  pl->u.id.role = role;
  pl->u.id.type = id->type;
  pl->u.id.data = id->data;
  return 0;
}

/* add_tr appends a TR payload of role |role| for |t| to |l|. */
static int add_tr(mikey_plist *l, uint8_t role, const mikey_ts *t) {
  if (!tr_type_ok(role, t->ts_type)) {
    return MIKEY_E_BAD_VALUE;
  }
  mikey_payload *pl = mikey_plist_add(l, MIKEY_PT_TR);
  if (!pl) {
    return MIKEY_E_LIMIT;
  }
  pl->u.t.role = role;
  pl->u.t.ts_type = t->ts_type;
  pl->u.t.value = t->value;
  return 0;
}

/* encode_requested_keys writes the requested keys of |*p| as key data sub-payloads with zero
 * Key Data into |buf| (|cap| bytes). */
static int encode_requested_keys(const mikey_policy *p, uint8_t *buf, size_t cap,
                                 size_t *len) {
  mikey_keydata_list kl;
  memset(&kl, 0, sizeof(kl));
  if (p->n_keys > MIKEY_MAX_KEYS) {
    return MIKEY_E_LIMIT;
  }
  for (size_t i = 0; i < p->n_keys; i++) {
    const mikey_policy_key *pk = &p->keys[i];
    if (!tp_key_type_ok(pk->type)) {
      return MIKEY_E_BAD_VALUE;
    }
    if (pk->key_len > MIKEY_POLICY_MAX_KEY_LEN || pk->salt_len > MIKEY_POLICY_MAX_KEY_LEN) {
      return MIKEY_E_LIMIT;
    }
    mikey_keydata *kd = &kl.kd[i];
    kd->type = pk->type;
    kd->kv.type = pk->kv_type;
    kd->kv.spi = pk->spi;
    kd->kv.from = pk->from;
    kd->kv.to = pk->to;
    kd->key.data = zero_key;
    kd->key.len = pk->key_len;
    kd->salt.data = pk->salt_len ? zero_key : NULL;
    kd->salt.len = pk->salt_len;
  }
  kl.n = p->n_keys;
  int rc = mikey_keydata_encode(&kl, buf, cap, len);
  return rc == MIKEY_E_BUFFER_TOO_SMALL ? MIKEY_E_LIMIT : rc;
}

int mikey_policy_encode(const mikey_policy *p, unsigned mode, uint8_t *out, size_t cap,
                        size_t *outlen, mikey_tp *tp) {
  if (!p || !outlen || !tp || (mode != MIKEY_POLICY_REQUEST && mode != MIKEY_POLICY_GRANTED) ||
      p->n_app > MIKEY_POLICY_MAX_IDS || p->n_r > MIKEY_POLICY_MAX_IDS) {
    return MIKEY_E_INVAL;
  }
  if (p->prf > 0x7f || (p->flags & ~MIKEY_TP_FLAGS_ALL)) {
    return MIKEY_E_BAD_VALUE;
  }
  uint8_t scratch[POLICY_KEMAC_SCRATCH];
  mikey_plist l;
  mikey_plist_init(&l);
  int rc = 0;
  /* 6.10 order: [IDRkms], [IDRi], [TRs], [TRe], [TRr], [KEMAC], {IDRapp}, (IDRr) */
  if (p->present & MIKEY_POLICY_HAS_KMS) {
    rc = add_idr(&l, MIKEY_ROLE_KMS, &p->kms);
  }
  if (rc == 0 && (p->present & MIKEY_POLICY_HAS_I)) {
    rc = add_idr(&l, MIKEY_ROLE_I, &p->idri);
  }
  if (rc == 0 && (p->present & MIKEY_POLICY_HAS_TRS)) {
    rc = add_tr(&l, MIKEY_TR_START, &p->trs);
  }
  if (rc == 0 && (p->present & MIKEY_POLICY_HAS_TRE)) {
    rc = add_tr(&l, MIKEY_TR_END, &p->tre);
  }
  if (rc == 0 && (p->present & MIKEY_POLICY_HAS_TRR)) {
    rc = add_tr(&l, MIKEY_TR_REKEY, &p->trr);
  }
  /* "The KEMAC SHALL NOT be present in the granted Ticket Policy" */
  if (rc == 0 && mode == MIKEY_POLICY_REQUEST && (p->present & MIKEY_POLICY_HAS_KEMAC)) {
    size_t klen = 0;
    rc = encode_requested_keys(p, scratch, sizeof(scratch), &klen);
    mikey_payload *pl = rc ? NULL : mikey_plist_add(&l, MIKEY_PT_KEMAC);
    if (rc == 0 && !pl) {
      rc = MIKEY_E_LIMIT;
    }
    if (rc == 0) {
      pl->u.kemac.encr_alg = MIKEY_ENCR_NULL;
      pl->u.kemac.mac_alg = MIKEY_MAC_NULL;
      pl->u.kemac.encr_data.data = scratch;
      pl->u.kemac.encr_data.len = klen;
    }
  }
  for (size_t i = 0; rc == 0 && i < p->n_app; i++) {
    rc = add_idr(&l, MIKEY_ROLE_APP, &p->app[i]);
  }
  for (size_t i = 0; rc == 0 && i < p->n_r; i++) {
    rc = add_idr(&l, MIKEY_ROLE_R, &p->r[i]);
  }
  if (rc == 0) {
    rc = mikey_tp_data_encode(&l, out, cap, outlen);
  }
  if (rc == 0) {
    memset(tp, 0, sizeof(*tp));
    tp->ticket_type = p->ticket_type;
    tp->subtype = p->subtype;
    tp->version = p->version;
    tp->prf = p->prf;
    tp->flags = p->flags;
    tp->tp_data.data = *outlen ? out : NULL;
    tp->tp_data.len = *outlen;
  }
  return rc;
}
