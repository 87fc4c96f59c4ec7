/*
 * mikey_role_msg.c: steps every engine takes when it writes a message.
 */
#include <string.h>

#include "roles/mikey_roles_local.h"

int mikey_role_size(mikey_msg *m, const uint8_t *out, size_t cap, size_t *outlen,
                    size_t *need) {
  *need = 0;
  int rc = mikey_msg_encode(m, NULL, 0, need);
  if (rc != MIKEY_E_BUFFER_TOO_SMALL) {
    /* sizing into no buffer always reports the size; anything else is the encoder's refusal */
    return rc ? rc : MIKEY_E_INTERNAL;
  }
  if (!out || cap < *need) {
    *outlen = *need;
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  return 0;
}

int mikey_role_check_cs_map(const mikey_hdr *h) {
  if (h->map_type != MIKEY_MAP_GENERIC_ID || h->n_cs == 0 || h->n_cs > MIKEY_MAX_CS) {
    return MIKEY_E_POLICY;
  }
  /* 6.1.1: each block defines "the CS ID to be used for the crypto session"; a CS ID given
   * twice names two sessions that would get one TEK (5.1.3 derives it from the CS ID), and a
   * key lookup by CS ID could reach only the first */
  uint8_t seen[32] = {0};
  for (size_t i = 0; i < h->n_cs; i++) {
    uint8_t id = h->cs[i].cs_id, bit = (uint8_t)(1u << (id & 7));
    if (seen[id >> 3] & bit) {
      return MIKEY_E_POLICY;
    }
    seen[id >> 3] |= bit;
  }
  return 0;
}

const uint8_t mikey_zero_mac[MIKEY_ZERO_MAC_LEN];

int mikey_role_add_v(mikey_msg *m, uint8_t mac_alg) {
  size_t tag = 0;
  if (mikey_suite_tag_len(mac_alg, &tag) != 0 || tag == 0 || tag > MIKEY_ZERO_MAC_LEN) {
    return MIKEY_E_INVAL;
  }
  mikey_payload *v = mikey_msg_add(m, MIKEY_PT_V);
  if (!v) {
    return MIKEY_E_LIMIT;
  }
  v->u.v.alg = mac_alg;
  v->u.v.mac = (mikey_bytes){mikey_zero_mac, tag};
  return 0;
}

/* seal: encode, then sign over the Table 5.2 cover of the encoded message: the identities |a|
 * and |b| after an initial message, the initial message |init| after a response (|resp|). */
static int seal(mikey_msg *m, uint8_t *out, size_t cap, size_t *outlen, size_t need,
                const mikey_identity *a, const mikey_identity *b, const uint8_t *init,
                size_t init_len, const mikey_keyset *ks, int resp) {
  int rc = mikey_msg_encode(m, out, cap, outlen);
  mikey_cover c;
  if (rc == 0) {
    rc = resp ? mikey_vmac_cover_resp(m, init, init_len, &c) : mikey_vmac_cover_init(m, a, b, &c);
  }
  if (rc == 0) {
    rc = mikey_vmac_sign(m, out, &c, ks);
  }
  if (rc) {
    mikey_memzero(out, need <= cap ? need : cap);
    *outlen = 0;
  }
  return rc;
}

int mikey_role_seal_init(mikey_msg *m, uint8_t *out, size_t cap, size_t *outlen, size_t need,
                         const mikey_identity *a, const mikey_identity *b,
                         const mikey_keyset *ks) {
  return seal(m, out, cap, outlen, need, a, b, NULL, 0, ks, 0);
}

int mikey_role_seal_resp(mikey_msg *m, uint8_t *out, size_t cap, size_t *outlen, size_t need,
                         const uint8_t *init, size_t init_len, const mikey_keyset *ks) {
  return seal(m, out, cap, outlen, need, NULL, NULL, init, init_len, ks, 1);
}

void mikey_role_resp_hdr(mikey_msg *o, uint8_t data_type, const mikey_hdr *init) {
  mikey_msg_init(o, data_type);
  /* RFC 6043 4.2.1.5, 4.2.2.3, 4.2.3.5: version, PRF func, CSB ID (and #CS, map type) as in
   * the initial message; the V flag has no meaning in a response and is sent as 0. */
  o->hdr.version = init->version;
  o->hdr.prf = init->prf;
  o->hdr.csb_id = init->csb_id;
  o->hdr.n_cs = init->n_cs;
  o->hdr.map_type = init->map_type;
  memcpy(o->hdr.cs, init->cs, sizeof(o->hdr.cs));
  o->hdr.v = 0;
}

int mikey_role_key_release(const uint8_t *keys, size_t key_len, uint8_t *released, size_t i,
                           int reuse, uint8_t *out, size_t cap, size_t *len) {
  if (released[i] && !reuse) {
    return MIKEY_E_KEK_REUSE; /* Annex I.3: "By default a KEK shall only be used once" */
  }
  *len = key_len;
  if (!out || cap < key_len) {
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  memcpy(out, keys + i * key_len, key_len);
  released[i] = 1;
  return 0;
}
