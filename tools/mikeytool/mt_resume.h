/*
 * mt_resume.h: the responder side shared by `open` and `kek` (mt_resume.c).
 */
#ifndef MT_RESUME_H
#define MT_RESUME_H

#include <mikey/mikey.h>

#include "mt.h"
#include "mt_engines.h"

/* The three MIKEY messages a responder of another process left behind, and its state here. */
typedef struct mt_resume_ctx {
  const char *ti_path, *ri_path, *rr_path; /* --transfer-init, --resolve-init, --resolve-resp */
  uint8_t *ti, *ri, *rr;                   /* their contents (binary) */
  size_t ti_len, ri_len, rr_len;
  mikey_responder *resp;                   /* set by the caller before mt_resume() */
  uint32_t xid;                            /* the adopted exchange */
  int require_poo;                         /* set by mt_resume_config */
} mt_resume_ctx;

/* mt_read_msg reads a MIKEY message, binary or base64, from |path|. Returns MT_EXIT_*. */
int mt_read_msg(const char *path, uint8_t **buf, size_t *len);

/* mt_resume_load reads the three files of |c|. Returns MT_EXIT_* (said why). */
int mt_resume_load(mt_resume_ctx *c);

/* mt_resume_config fills |rc| with the responder config of |k| with |env| (the PSK/MIME
 * preset: it serves either suite and key length); |require_poo| 1 refuses a transfer without
 * proof-of-origin. Returns MT_EXIT_* (said why). */
int mt_resume_config(mt_resume_ctx *c, const char *cmd, const mt_keys *k, mikey_env env,
                     int require_poo, mikey_responder_config *rc);

/* mt_resume_adopt makes the exchange of c->ti and c->ri pending in c->resp (made from |rc|)
 * with mikey_responder_resume(); c->xid receives it. On a refusal it says which of the two
 * messages is at fault. Returns MT_EXIT_*. */
int mt_resume_adopt(mt_resume_ctx *c, const char *cmd, const mikey_responder_config *rc);

/* mt_report_resolve says which check of mikey_responder_on_resolve_resp() failed with |rc|
 * (|info| as that call filled it) and returns the exit status: MT_EXIT_KMS_ERROR for an Error
 * message from the KMS, MT_EXIT_REFUSED for a refusal, MT_EXIT_SOFTWARE. */
int mt_report_resolve(const char *cmd, const char *rr_path, mikey_responder *resp, uint32_t xid,
                      int rc, const mikey_transfer_info *info);

/* mt_resume_free frees the file contents of |c| (not c->resp). */
void mt_resume_free(mt_resume_ctx *c);

#endif /* MT_RESUME_H */
