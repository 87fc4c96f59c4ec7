/*
 * mikey_csbupd.c: CSB updating (RFC 6043 5.2) as both engines run it: the grammar of an update
 * TRANSFER_INIT, and new keying material in its KEMAC.
 *
 * "New keying material MAY be sent in a KEMAC payload. If indicated by the Ticket Policy (L and
 * M flags), KEMAC payloads SHALL NOT be included. In the TRANSFER_RESP message, a session key
 * MUST be provided for each crypto session. The KEMAC SHALL use the NULL authentication
 * algorithm, as a MAC is included in the V payload. The encr_key (and salt_key) SHALL be
 * derived from the MPK (MPKi or MPKr'). [...] If a new TGK is exchanged, it SHALL NOT be
 * forked. KEMAC = E(encr_key, (TEK|TGK|GTGK))"
 *
 * The keys: those that protect the update itself (5.2: derived from MPKr', or MPKi without
 * forking, as for the TRANSFER_RESP of the initial exchange), so one derivation gives the V's
 * auth_key and the KEMAC's encr_key and salt_key. The IV: the CSB ID and the T of the update
 * that carries the KEMAC (D1; RFC 3830 4.2.3, "the timestamp sent by the Initiator", is that
 * same T here). New keying material is either one TGK, from which the TEK of every crypto
 * session is derived with the same RANDs (5.1.3; not forked; a GTGK alike), or one TEK per
 * crypto session in the order of the CS ID map, so that every crypto session has a key
 * afterwards (our reading of "a session key MUST be provided for each crypto session"). L lets
 * the initiator supply keys, M the responder (6.10); the profiles of this library fix both to
 * 0 (TS 33.328 D.4), so there a KEMAC in an update is refused.
 */
#include <string.h>

#include "roles/mikey_csbupd.h"

int mikey_csbupd_grammar(const mikey_msg *m) {
  if (!mikey_vmac_last_v(m) || !mikey_msg_find(m, MIKEY_PT_T, -1)) {
    return MIKEY_E_MISSING_PAYLOAD;
  }
  /* one T, at most one KEMAC, IDRi and IDRr: the engines check the first of each, so a
   * second one would go unchecked (an IDRi naming someone else behind the right one) */
  size_t ts = 0, kemacs = 0, idri = 0, idrr = 0;
  for (size_t i = 0; i + 1 < m->n; i++) {
    switch (m->pl[i].type) {
    case MIKEY_PT_SP:
    case MIKEY_PT_GEXT:
      break;
    case MIKEY_PT_T:
      if (++ts > 1) {
        return MIKEY_E_UNEXPECTED_PAYLOAD;
      }
      break;
    case MIKEY_PT_KEMAC:
      if (++kemacs > 1) {
        return MIKEY_E_UNEXPECTED_PAYLOAD;
      }
      break;
    case MIKEY_PT_IDR: {
      uint8_t role = m->pl[i].u.id.role;
      size_t *seen = role == MIKEY_ROLE_I ? &idri : role == MIKEY_ROLE_R ? &idrr : NULL;
      if (!seen || ++*seen > 1) {
        return MIKEY_E_UNEXPECTED_PAYLOAD;
      }
      break;
    }
    default:
      return MIKEY_E_UNEXPECTED_PAYLOAD; /* RANDs, TICKET, anything else */
    }
  }
  return mikey_role_check_cs_map(&m->hdr);
}

uint16_t mikey_csbupd_supplier_flag(int from_responder) {
  return from_responder ? MIKEY_TP_M : MIKEY_TP_L;
}

int mikey_csbupd_check(const mikey_update_keys *k, const mikey_csbupd_shape *sh) {
  if (!k || !k->keys) {
    return MIKEY_E_INVAL;
  }
  if (k->type == MIKEY_KEY_TGK || k->type == MIKEY_KEY_GTGK) {
    if (k->len != 16 && k->len != 32) {
      return MIKEY_E_KEY_LENGTH;
    }
    int rc = mikey_suite_check_prf(sh->prf, k->len); /* D4 */
    if (rc) {
      return rc;
    }
    return mikey_suite_check_rand_pair(sh->randri_len, sh->randrr_len, k->len); /* D5 */
  }
  if (k->type == MIKEY_KEY_TEK) {
    return k->len == sh->n_cs * sh->tek_len ? 0 : MIKEY_E_KEY_LENGTH;
  }
  return MIKEY_E_INVAL;
}

int mikey_csbupd_seal(const mikey_keyset *ks, uint32_t csb_id, uint64_t t,
                      const mikey_update_keys *k, const mikey_csbupd_shape *sh, uint8_t *out,
                      size_t cap, size_t *out_len) {
  mikey_kemac_key kk[MIKEY_MAX_CS];
  memset(kk, 0, sizeof(kk));
  int one = k->type != MIKEY_KEY_TEK; /* a TGK or GTGK */
  size_t n = one ? 1 : sh->n_cs;
  size_t each = one ? k->len : sh->tek_len;
  if (n == 0 || n > MIKEY_MAX_CS) {
    return MIKEY_E_INVAL;
  }
  for (size_t i = 0; i < n; i++) {
    kk[i].type = k->type;
    kk[i].key = k->keys + i * each;
    kk[i].key_len = each;
  }
  return mikey_kemac_seal(NULL, ks, csb_id, t, kk, n, out, cap, out_len);
}

int mikey_csbupd_open(const mikey_keyset *ks, uint32_t csb_id, uint64_t t, const mikey_kemac *kem,
                      const mikey_csbupd_shape *sh, uint8_t *keys, size_t cap,
                      mikey_update_keys *k) {
  uint8_t plain[MIKEY_KEMAC_PLAIN_MAX];
  mikey_keydata_list kl;
  int rc = mikey_kemac_open(NULL, ks, csb_id, t, kem, plain, sizeof(plain), &kl);
  if (rc) {
    return rc;
  }
  memset(k, 0, sizeof(*k));
  for (size_t i = 0; rc == 0 && i < kl.n; i++) {
    uint8_t ty = kl.kd[i].type;
    if (ty == MIKEY_KEY_TGK_SALT || ty == MIKEY_KEY_TEK_SALT || ty == MIKEY_KEY_GTGK_SALT) {
      rc = MIKEY_E_UNSUPPORTED; /* a salt for the security protocol: not handed out here */
    } else if ((ty != MIKEY_KEY_TGK && ty != MIKEY_KEY_GTGK && ty != MIKEY_KEY_TEK) ||
               ty != kl.kd[0].type) {
      rc = MIKEY_E_BAD_VALUE;
    }
  }
  if (rc == 0) {
    /* one TGK, or exactly one TEK per crypto session, each of the same length */
    size_t want = kl.n ? (kl.kd[0].type == MIKEY_KEY_TEK ? sh->n_cs : 1) : 0;
    if (kl.n == 0 || kl.n != want) {
      rc = MIKEY_E_BAD_VALUE;
    }
  }
  size_t total = 0;
  for (size_t i = 0; rc == 0 && i < kl.n; i++) {
    size_t l = kl.kd[i].key.len;
    if (l != kl.kd[0].key.len || total + l > cap) {
      rc = l != kl.kd[0].key.len ? MIKEY_E_KEY_LENGTH : MIKEY_E_LIMIT;
    } else {
      memcpy(keys + total, kl.kd[i].key.data, l);
      total += l;
    }
  }
  if (rc == 0) {
    k->type = kl.kd[0].type;
    k->keys = keys;
    k->len = total;
    rc = mikey_csbupd_check(k, sh);
  }
  mikey_memzero(plain, sizeof(plain));
  if (rc) {
    mikey_memzero(keys, cap);
    memset(k, 0, sizeof(*k));
  }
  return rc;
}
