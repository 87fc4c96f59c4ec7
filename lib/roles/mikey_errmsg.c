/*
 * mikey_errmsg.c: MIKEY Error messages (RFC 6043 5.4, RFC 3830 6.12, RFC 6043 6.9).
 *
 *   Error message = HDR, T, (ERR), [V|SIGNx]       (Ticket Request and Resolve)
 *   Error message = HDR, T, (ERR), {SP}, [V]       (Ticket Transfer)
 *
 * "the version, PRF func, and CSB ID fields in the HDR payload SHALL be identical to the
 * corresponding fields in the message where the error occurred. The V field SHALL be set to
 * '0'"; "a fresh timestamp value SHALL be used"; the MAC "covers the entire Error message,
 * except the MAC/Signature field itself. The auth_key SHALL be the same as in the message
 * where the error occurred." The Error no of a refusal comes from mikey_err_to_wire() (D12).
 *
 * The engines send one ERR payload and no SP. An Error message carries no crypto sessions:
 * the Empty map with #CS 0 (RFC 4563).
 */
#include <string.h>

#include "roles/mikey_roles_local.h"

int mikey_errmsg_write(const mikey_hdr *h, uint8_t error_no, uint64_t now,
                       const mikey_keyset *ks, uint8_t *out, size_t cap, size_t *outlen) {
  if (!h || !outlen) {
    return MIKEY_E_INVAL;
  }
  mikey_msg m;
  mikey_msg_init(&m, MIKEY_DT_ERROR);
  m.hdr.version = h->version;
  m.hdr.prf = h->prf;
  m.hdr.csb_id = h->csb_id;
  m.hdr.v = 0;
  m.hdr.map_type = MIKEY_MAP_EMPTY;
  m.hdr.n_cs = 0;
  mikey_ts_set_now(&mikey_msg_add(&m, MIKEY_PT_T)->u.t, now);
  mikey_msg_add(&m, MIKEY_PT_ERR)->u.err.error_no = error_no;
  if (ks) {
    int rc = mikey_role_add_v(&m, ks->mac_alg);
    if (rc) {
      return rc;
    }
  }
  int rc = mikey_msg_encode(&m, out, cap, outlen);
  if (rc || !ks) {
    return rc;
  }
  mikey_cover c;
  rc = mikey_vmac_cover_error(&m, &c);
  if (rc == 0) {
    rc = mikey_vmac_sign(&m, out, &c, ks);
  }
  return rc;
}

int mikey_errmsg_check(mikey_msg *m, const mikey_hdr *req, const mikey_keyset *ks,
                       uint8_t *error_no, int *authenticated) {
  *error_no = MIKEY_ERRNO_UNSPECIFIED;
  *authenticated = 0;
  int rc = mikey_msg_validate(m, 0);
  if (rc) {
    return rc;
  }
  if (m->hdr.version != req->version || m->hdr.prf != req->prf ||
      m->hdr.csb_id != req->csb_id) {
    return MIKEY_E_MISMATCH;
  }
  const mikey_payload *e = mikey_msg_find(m, MIKEY_PT_ERR, -1);
  if (!e) {
    return MIKEY_E_MISSING_PAYLOAD;
  }
  *error_no = e->u.err.error_no;
  if (mikey_msg_find(m, MIKEY_PT_V, -1)) {
    mikey_cover c;
    if (!ks) {
      return MIKEY_E_AUTH;
    }
    rc = mikey_vmac_cover_error(m, &c);
    if (rc == 0) {
      rc = mikey_vmac_verify(m, req->prf, &c, ks);
    }
    if (rc) {
      return MIKEY_E_AUTH;
    }
    *authenticated = 1;
  }
  return MIKEY_E_PEER_ERROR;
}

int mikey_errmsg_build(const uint8_t *failed, size_t failed_len, int reason,
                       const mikey_env *env, uint8_t *out, size_t cap, size_t *outlen) {
  if (!failed || !outlen) {
    return MIKEY_E_INVAL;
  }
  mikey_hdr h;
  uint8_t next;
  size_t used;
  int rc = mikey_hdr_decode(&h, failed, failed_len, &next, &used);
  if (rc) {
    return rc;
  }
  return mikey_errmsg_write(&h, mikey_err_to_wire(reason), mikey_env_now(env), NULL, out, cap,
                            outlen);
}

int mikey_errmsg_parse(const uint8_t *in, size_t len, mikey_errmsg_info *info) {
  if (!in || !info) {
    return MIKEY_E_INVAL;
  }
  memset(info, 0, sizeof(*info));
  mikey_msg m;
  int rc = mikey_msg_decode(&m, in, len);
  if (rc) {
    return rc;
  }
  if (m.hdr.data_type != MIKEY_DT_ERROR) {
    return MIKEY_E_BAD_DATA_TYPE;
  }
  rc = mikey_msg_validate(&m, 0);
  if (rc) {
    return rc;
  }
  info->version = m.hdr.version;
  info->prf = m.hdr.prf;
  info->csb_id = m.hdr.csb_id;
  for (size_t i = 0; i < m.n; i++) {
    if (m.pl[i].type == MIKEY_PT_ERR) {
      if (info->n_errors == 0) {
        info->error_no = m.pl[i].u.err.error_no;
      }
      info->n_errors++;
    } else if (m.pl[i].type == MIKEY_PT_V) {
      info->has_v = 1;
    }
  }
  return 0;
}
