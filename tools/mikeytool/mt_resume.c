/*
 * mt_resume.c: the responder side of `open` and `kek`: a responder of KEYS.json adopts a
 * TRANSFER_INIT and the RESOLVE_INIT_PSK written for it elsewhere
 * (mikey_responder_resume()), and takes the KMS's RESOLVE_RESP. Each refusal is reported
 * with the file and the check at fault.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "mt_resume.h"

int mt_read_msg(const char *path, uint8_t **buf, size_t *len) {
  int rv = mt_read_all(path, buf, len);
  if (rv == MT_EXIT_OK) {
    rv = mt_unarmor(buf, len);
    if (rv != MT_EXIT_OK) {
      free(*buf);
      *buf = NULL;
    }
  }
  return rv;
}

/* blame_transfer_init runs the checks of mikey_responder_on_transfer_init() on |ti| alone in
 * a scratch responder: 0 when they pass (a failed resume was then the RESOLVE_INIT's
 * fault), else the refusal. */
static int blame_transfer_init(const mikey_responder_config *rc, const uint8_t *ti,
                               size_t ti_len) {
  mikey_responder *r = NULL;
  int rc2 = mikey_responder_new(&r, rc);
  if (rc2 != 0) {
    return rc2;
  }
  size_t out_len = 0;
  uint32_t xid = 0;
  uint8_t *out = NULL;
  rc2 = mikey_responder_on_transfer_init(r, ti, ti_len, NULL, 0, &out_len, &xid);
  if (rc2 == MIKEY_E_BUFFER_TOO_SMALL) {
    out = malloc(out_len ? out_len : 1);
    rc2 = out ? mikey_responder_on_transfer_init(r, ti, ti_len, out, out_len, &out_len, &xid)
              : MIKEY_E_NOMEM;
  }
  free(out);
  mikey_responder_free(r);
  return rc2;
}

int mt_resume_config(mt_resume_ctx *c, const char *cmd, const mt_keys *k, mikey_env env,
                     int require_poo, mikey_responder_config *rc) {
  mikey_role_profile prof;
  c->require_poo = require_poo;
  /* the preset's PRF and key length: a responder takes the suite from each TRANSFER_INIT
   * (D3) and adopts a RESOLVE_INIT whatever key length it drew its RANDRr for (roles.h,
   * mikey_responder_resume) */
  int r = mt_profile(k, MIKEY_PRF_HMAC_SHA_256, 16, require_poo, &prof);
  if (r == 0) {
    r = mt_responder_config(k, &prof, env, rc);
  }
  if (r != 0) {
    mt_err("%s: the responder of KEYS.json cannot be set up: %s (%s)", cmd, mikey_strerror(r),
           mikey_err_name(r));
    return r == MIKEY_E_NOMEM ? MT_EXIT_SOFTWARE : MT_EXIT_REFUSED;
  }
  return MT_EXIT_OK;
}

int mt_resume_adopt(mt_resume_ctx *c, const char *cmd, const mikey_responder_config *rc) {
  int r = mikey_responder_resume(c->resp, c->ti, c->ti_len, c->ri, c->ri_len, &c->xid);
  if (r == 0) {
    return MT_EXIT_OK;
  }
  if (r == MIKEY_E_NOMEM || r == MIKEY_E_CRYPTO || r == MIKEY_E_RANDOM) {
    mt_err("%s: %s (%s)", cmd, mikey_strerror(r), mikey_err_name(r));
    return MT_EXIT_SOFTWARE;
  }
  int ti_r = blame_transfer_init(rc, c->ti, c->ti_len);
  if (ti_r != 0) {
    mt_err("%s: %s: TRANSFER_INIT refused before any KMS traffic (RFC 6043 4.2.2.2): %s (%s)%s",
           cmd, c->ti_path, mikey_strerror(ti_r), mikey_err_name(ti_r),
           ti_r == MIKEY_E_POLICY && c->require_poo
               ? "; proof-of-origin is required (--proof-of-origin)"
               : "");
  } else {
    mt_err("%s: %s: not a RESOLVE_INIT_PSK this responder writes for that TRANSFER_INIT: %s "
           "(%s)",
           cmd, c->ri_path, mikey_strerror(r), mikey_err_name(r));
  }
  return MT_EXIT_REFUSED;
}

int mt_report_resolve(const char *cmd, const char *rr_path, mikey_responder *resp, uint32_t xid,
                      int rc, const mikey_transfer_info *info) {
  if (rc == MIKEY_E_PEER_ERROR) {
    mt_err("%s: %s: the KMS refused the resolve with an Error message: Error no %u (%s)%s", cmd,
           rr_path, info->peer_error, mt_errno_name(info->peer_error),
           info->peer_error_authenticated ? "" : " (not authenticated: its V is absent or wrong)");
    return MT_EXIT_KMS_ERROR;
  }
  if (rc == MIKEY_E_NOMEM || rc == MIKEY_E_CRYPTO || rc == MIKEY_E_CALLBACK) {
    mt_err("%s: %s (%s)", cmd, mikey_strerror(rc), mikey_err_name(rc));
    return MT_EXIT_SOFTWARE;
  }
  /* The responder keeps the exchange pending after a refusal found before the RESOLVE_RESP's
   * V verified, and ends it after (roles.h): that tells which message was at fault. */
  int pending = mikey_responder_pending_info(resp, xid, NULL) == 0;
  if (pending) {
    mt_err("%s: %s: RESOLVE_RESP refused (RFC 6043 4.2.3.6): %s (%s)", cmd, rr_path,
           mikey_strerror(rc), mikey_err_name(rc));
  } else if (rc == MIKEY_E_AUTH) {
    mt_err("%s: TRANSFER_INIT refused: its V does not verify with the MPKi the KMS sent "
           "(RFC 6043 5.5): %s (%s)",
           cmd, mikey_strerror(rc), mikey_err_name(rc));
  } else {
    mt_err("%s: refused after the RESOLVE_RESP verified (RFC 6043 4.2.3.6): %s (%s)", cmd,
           mikey_strerror(rc), mikey_err_name(rc));
  }
  return MT_EXIT_REFUSED;
}

void mt_resume_free(mt_resume_ctx *c) {
  free(c->ti);
  free(c->ri);
  free(c->rr);
  memset(c, 0, sizeof(*c));
}

int mt_resume_load(mt_resume_ctx *c) {
  int rv = mt_read_msg(c->ti_path, &c->ti, &c->ti_len);
  if (rv == MT_EXIT_OK) {
    rv = mt_read_msg(c->ri_path, &c->ri, &c->ri_len);
  }
  if (rv == MT_EXIT_OK) {
    rv = mt_read_msg(c->rr_path, &c->rr, &c->rr_len);
  }
  return rv;
}
