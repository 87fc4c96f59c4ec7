/*
 * mikey_vmac.c: what the MAC of a V payload covers (RFC 6043 5.5, Table 5.2):
 *
 *   REQUEST_INIT  | REQUEST_INIT  || Identity_i || Identity_kms
 *   REQUEST_RESP  | REQUEST_RESP  || REQUEST_INIT
 *   TRANSFER_INIT | TRANSFER_INIT || Identity_i || Identity_r
 *   TRANSFER_RESP | TRANSFER_RESP || TRANSFER_INIT
 *   RESOLVE_INIT  | RESOLVE_INIT  || Identity_r || Identity_kms
 *   RESOLVE_RESP  | RESOLVE_RESP  || RESOLVE_INIT
 *   Error message | Error message
 *
 * "covers the entire MIKEY message, except the MAC/Signature field itself"; the identities
 * are the ID Data bytes only ("not whole payloads"); in TRANSFER_INIT "the MAC SHALL NOT
 * cover the Initiator Data length and Initiator Data fields in the TICKET payload"; for a
 * response "the entire initial message (including the MAC/Signature field)" follows.
 *
 * The ranges point into the original bytes (codec layout offsets): nothing is re-encoded.
 */
#include "roles/mikey_roles_local.h"

const mikey_v *mikey_vmac_last_v(const mikey_msg *m) {
  if (!m || !m->buf || m->n == 0) {
    return NULL;
  }
  const mikey_payload *p = &m->pl[m->n - 1];
  if (p->type != MIKEY_PT_V) {
    return NULL;
  }
  const mikey_v *v = &p->u.v;
  if (v->mac_offset > m->len || m->len - v->mac_offset != v->mac.len) {
    return NULL;
  }
  return v;
}

/* push appends a range to |c|. */
static int push(mikey_cover *c, const uint8_t *base, size_t len) {
  if (c->n == MIKEY_VMAC_MAX_IOV) {
    return MIKEY_E_INTERNAL;
  }
  c->v[c->n].base = len ? base : NULL;
  c->v[c->n].len = len;
  c->n++;
  return 0;
}

int mikey_vmac_cover_init(const mikey_msg *m, const mikey_identity *a, const mikey_identity *b,
                          mikey_cover *c) {
  const mikey_v *v = mikey_vmac_last_v(m);
  if (!v || !c) {
    return MIKEY_E_INVAL;
  }
  c->n = 0;
  size_t end = v->mac_offset;
  const mikey_payload *t = NULL;
  if (m->hdr.data_type == MIKEY_DT_TRANSFER_INIT) {
    t = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
  }
  if (t) {
    const mikey_ticket *tk = &t->u.ticket;
    size_t cut = tk->idata_len_offset;
    size_t resume = tk->idata_offset + tk->initiator_data.len;
    if (cut > tk->idata_offset || tk->idata_offset > resume || resume > end) {
      return MIKEY_E_INVAL;
    }
    push(c, m->buf, cut);
    push(c, m->buf + resume, end - resume);
  } else {
    push(c, m->buf, end);
  }
  push(c, a ? a->data : NULL, a ? a->len : 0);
  return push(c, b ? b->data : NULL, b ? b->len : 0);
}

int mikey_vmac_cover_resp(const mikey_msg *m, const uint8_t *init, size_t init_len,
                          mikey_cover *c) {
  const mikey_v *v = mikey_vmac_last_v(m);
  if (!v || !c || (!init && init_len)) {
    return MIKEY_E_INVAL;
  }
  c->n = 0;
  push(c, m->buf, v->mac_offset);
  return push(c, init, init_len);
}

int mikey_vmac_cover_error(const mikey_msg *m, mikey_cover *c) {
  const mikey_v *v = mikey_vmac_last_v(m);
  if (!v || !c) {
    return MIKEY_E_INVAL;
  }
  c->n = 0;
  return push(c, m->buf, v->mac_offset);
}

int mikey_vmac_sign(const mikey_msg *m, uint8_t *buf, const mikey_cover *c,
                    const mikey_keyset *ks) {
  return mikey_vmac_sign_ctx(NULL, m, buf, c, ks);
}

int mikey_vmac_sign_ctx(mikey_mac *ctx, const mikey_msg *m, uint8_t *buf, const mikey_cover *c,
                        const mikey_keyset *ks) {
  const mikey_v *v = mikey_vmac_last_v(m);
  if (!v || !buf || !c || !ks || v->alg != ks->mac_alg) {
    return MIKEY_E_INVAL;
  }
  if (!ctx) {
    return mikey_mac_compute_oneshot(ks->mac_alg, ks->auth, ks->auth_len, c->v, c->n,
                                     buf + v->mac_offset, v->mac.len);
  }
  int rc = mikey_mac_setkey(ctx, ks->mac_alg, ks->auth, ks->auth_len);
  if (rc == 0) {
    rc = mikey_mac_compute(ctx, c->v, c->n, buf + v->mac_offset, v->mac.len);
  }
  return rc;
}

int mikey_vmac_verify(const mikey_msg *m, uint8_t prf, const mikey_cover *c,
                      const mikey_keyset *ks) {
  return mikey_vmac_verify_ctx(NULL, m, prf, c, ks);
}

int mikey_vmac_verify_ctx(mikey_mac *ctx, const mikey_msg *m, uint8_t prf, const mikey_cover *c,
                          const mikey_keyset *ks) {
  const mikey_v *v = mikey_vmac_last_v(m);
  if (!v || !c || !ks) {
    return MIKEY_E_INVAL;
  }
  /* D3: the V of a message uses the MAC of its HDR's suite, never NULL */
  int rc = mikey_suite_check_mac(prf, v->alg, 0);
  if (rc) {
    return rc == MIKEY_E_SUITE_PRF ? MIKEY_E_SUITE_PRF : MIKEY_E_SUITE_MAC;
  }
  if (v->alg != ks->mac_alg) {
    return MIKEY_E_SUITE_MAC;
  }
  if (!ctx) {
    return mikey_mac_verify_oneshot(ks->mac_alg, ks->auth, ks->auth_len, c->v, c->n,
                                    v->mac.data, v->mac.len);
  }
  rc = mikey_mac_setkey(ctx, ks->mac_alg, ks->auth, ks->auth_len);
  if (rc == 0) {
    rc = mikey_mac_verify(ctx, c->v, c->n, v->mac.data, v->mac.len);
  }
  return rc;
}
