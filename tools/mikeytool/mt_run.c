/*
 * mt_run.c: the PSK/MIME flow of 3GPP TS 33.328 Annex I in one process, for `demo` and
 * `flow`:
 *
 *   alice (initiator)          KMS                      bob (receiver)
 *   REQUEST_INIT_PSK  ------>  mikey_kms_process
 *   on_request_resp   <------  REQUEST_RESP
 *   mikey_pskmime_protect(MIME) --- SIP body ------->  mikey_pskmime_receive
 *                              mikey_kms_process <---  RESOLVE_INIT_PSK
 *                              RESOLVE_RESP ------->   mikey_pskmime_open -> MIME
 *
 * Every message is kept in memory; nothing is written unless the whole flow succeeded.
 */
#include "mt_run.h"

#include <stdlib.h>
#include <string.h>

#include "mt_engines.h"

const char mt_default_mime[] =
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Hello Bob,\r\n"
    "\r\n"
    "this text was protected with S/MIME AuthEnvelopedData under a key that MIKEY-TICKET\r\n"
    "(RFC 6043) carried to you, as 3GPP TS 33.328 Annex I describes.\r\n"
    "\r\n"
    "Alice\r\n";
const size_t mt_default_mime_len = sizeof(mt_default_mime) - 1;

static const struct {
  const char *name;
  mikey_cms_alg alg;
} aeads[] = {{"aes-128-gcm", MIKEY_CMS_AES128_GCM},
             {"aes-256-gcm", MIKEY_CMS_AES256_GCM},
             {"aes-128-ccm", MIKEY_CMS_AES128_CCM},
             {"aes-256-ccm", MIKEY_CMS_AES256_CCM}};

int mt_aead_parse(const char *s, mikey_cms_alg *alg) {
  for (size_t i = 0; i < sizeof(aeads) / sizeof(aeads[0]); i++) {
    if (strcmp(s, aeads[i].name) == 0) {
      *alg = aeads[i].alg;
      return 0;
    }
  }
  return -1;
}

const char *mt_aead_name(mikey_cms_alg alg) {
  for (size_t i = 0; i < sizeof(aeads) / sizeof(aeads[0]); i++) {
    if (aeads[i].alg == alg) {
      return aeads[i].name;
    }
  }
  return "?";
}

int mt_prf_parse(const char *s, uint8_t *prf) {
  if (strcmp(s, "sha256") == 0) {
    *prf = MIKEY_PRF_HMAC_SHA_256;
  } else if (strcmp(s, "mikey1") == 0) {
    *prf = MIKEY_PRF_MIKEY_1;
  } else {
    return -1;
  }
  return 0;
}

const char *mt_prf_name(uint8_t prf) {
  return prf == MIKEY_PRF_MIKEY_1 ? "MIKEY-1" : "PRF-HMAC-SHA-256";
}

int mt_run_check_choices(const char *cmd, const mt_run_opts *o) {
  int aes256 = o->aead == MIKEY_CMS_AES256_GCM || o->aead == MIKEY_CMS_AES256_CCM;
  if (aes256 && o->key_len < 32) {
    mt_err("%s: %s needs a 256-bit KEK (RFC 3565: the KEK is at least as long as the content "
           "key, PROFILE.md D6)",
           cmd, mt_aead_name(o->aead));
    return MT_EXIT_USAGE;
  }
  if (o->prf == MIKEY_PRF_MIKEY_1 && o->key_len == 32) {
    mt_err("%s: %s, and the MIKEY-1 PRF serves 128-bit keys only (RFC 6043 12.1, PROFILE.md "
           "D4): use --prf sha256",
           cmd, aes256 ? "the aes-256 algorithms need 256-bit keys" : "256-bit keys asked for");
    return MT_EXIT_USAGE;
  }
  return MT_EXIT_OK;
}

/* take moves a fresh copy of |n| bytes at |p| into |b|. */
static int take(mt_buf *b, const void *p, size_t n) {
  b->p = malloc(n ? n : 1);
  if (!b->p) {
    return -1;
  }
  if (n) {
    memcpy(b->p, p, n);
  }
  b->n = n;
  return 0;
}

/* sized makes |b| hold |n| bytes (contents undefined). */
static int sized(mt_buf *b, size_t n) {
  b->p = malloc(n ? n : 1);
  b->n = n;
  return b->p ? 0 : -1;
}

/* fail reports a refusal of the library: |who| did |what| and got |rc|; returns the exit
 * status for it. */
static int fail(const char *cmd, const char *what, int rc) {
  mt_err("%s: %s: %s (%s)", cmd, what, mikey_strerror(rc), mikey_err_name(rc));
  if (rc == MIKEY_E_NOMEM || rc == MIKEY_E_CRYPTO || rc == MIKEY_E_RANDOM ||
      rc == MIKEY_E_INTERNAL) {
    return MT_EXIT_SOFTWARE;
  }
  return MT_EXIT_REFUSED;
}

/* kms_answer runs the KMS on |in| into |out|; an Error message is reported with the
 * reason. */
static int kms_answer(const char *cmd, mikey_kms *kms, mt_source *src, const mt_buf *in,
                      mt_buf *out) {
  /* the seeded stream restarts per message with the message as context, as in `kms` */
  if (mt_source_reseed(src, in->p, in->n) != 0) {
    return MT_EXIT_SOFTWARE;
  }
  mikey_kms_result res;
  size_t n = 0;
  int rc = mikey_kms_process(kms, in->p, in->n, NULL, 0, &n, &res);
  if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
    if (sized(out, n) != 0) {
      return fail(cmd, "KMS", MIKEY_E_NOMEM);
    }
    rc = mikey_kms_process(kms, in->p, in->n, out->p, out->n, &out->n, &res);
  }
  if (rc != 0) {
    return fail(cmd, "KMS", rc);
  }
  if (res.wrote != MIKEY_KMS_WROTE_RESPONSE) {
    const char *dt = mikey_data_type_name(res.data_type);
    mt_err("%s: the KMS refused the %s: %s (%s); it answered Error no %u (%s)", cmd,
           dt ? dt : "message", mikey_strerror(res.reason), mikey_err_name(res.reason),
           res.error_no, mt_errno_name(res.error_no));
    return MT_EXIT_KMS_ERROR;
  }
  return MT_EXIT_OK;
}

/* run_steps is the flow; |r| collects the outputs. */
static int run_steps(const mt_keys *k, const mt_run_opts *o, const char *cmd, mt_run *r,
                     mt_source *si, mt_source *sk, mt_source *sr, mikey_initiator **ini,
                     mikey_kms **kms, mikey_pskmime_receiver **rx) {
  mikey_role_profile prof;
  int rc = mt_profile(k, o->prf, o->key_len, o->poo, &prof);
  if (rc != 0) {
    mt_err("%s: the profile refuses these choices: %s (%s)", cmd, mikey_strerror(rc),
           mikey_err_name(rc));
    return MT_EXIT_USAGE;
  }
  if ((rc = mt_initiator_new(k, &prof, mt_source_env(si), ini)) != 0) {
    return fail(cmd, "the initiator of KEYS.json cannot be set up", rc);
  }
  if ((rc = mt_kms_new(k, mt_source_env(sk), kms)) != 0) {
    return fail(cmd, "the KMS of KEYS.json cannot be set up", rc);
  }
  mikey_responder_config rcfg;
  if ((rc = mt_responder_config(k, &prof, mt_source_env(sr), &rcfg)) != 0 ||
      (rc = mikey_pskmime_receiver_new(rx, &rcfg)) != 0) {
    return fail(cmd, "the receiver of KEYS.json cannot be set up", rc);
  }

  /* 1. Ticket Request (RFC 6043 4.2.1): a ticket for the responder of KEYS.json */
  mikey_identity bob = mt_ident(&k->responder.identity, MIKEY_ID_URI);
  mikey_ticket_request req;
  memset(&req, 0, sizeof(req));
  req.responders = &bob;
  req.n_responders = 1;
  mt_buf *b = &r->out[MT_RUN_REQUEST_INIT];
  size_t n = 0;
  rc = mikey_initiator_request(*ini, &req, NULL, 0, &n);
  if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
    rc = sized(b, n) ? MIKEY_E_NOMEM : mikey_initiator_request(*ini, &req, b->p, b->n, &b->n);
  }
  if (rc != 0) {
    return fail(cmd, "the initiator cannot write the REQUEST_INIT_PSK", rc);
  }
  int rv = kms_answer(cmd, *kms, sk, b, &r->out[MT_RUN_REQUEST_RESP]);
  if (rv != MT_EXIT_OK) {
    return rv;
  }
  b = &r->out[MT_RUN_REQUEST_RESP];
  if ((rc = mikey_initiator_on_request_resp(*ini, b->p, b->n, &r->ticket)) != 0) {
    return fail(cmd, "the initiator refused the REQUEST_RESP", rc);
  }

  /* 2. the MIME entity in canonical form (RFC 5751 3.1.1), protected into a SIP body with a
   *    TRANSFER_INIT (TS 33.328 I.3) */
  b = &r->out[MT_RUN_PLAINTEXT];
  if ((rc = mikey_smime_canon(o->mime, o->mime_len, NULL, 0, &n)) != MIKEY_E_BUFFER_TOO_SMALL &&
      rc != 0) {
    return fail(cmd, "the MIME entity", rc);
  }
  if (sized(b, n) != 0 || (rc = mikey_smime_canon(o->mime, o->mime_len, b->p, b->n, &b->n))) {
    return fail(cmd, "the MIME entity", rc ? rc : MIKEY_E_NOMEM);
  }
  mikey_pskmime_send_opts so;
  memset(&so, 0, sizeof(so));
  so.aead = o->aead;
  so.cte = MIKEY_SMIME_CTE_BASE64;
  if ((rc = mikey_pskmime_protect_size(*ini, &so, b->n, &n)) != 0) {
    return fail(cmd, "the sender cannot protect the MIME entity", rc);
  }
  mt_buf body = {NULL, 0};
  if (sized(&body, n) != 0) {
    return fail(cmd, "the sender", MIKEY_E_NOMEM);
  }
  rc = mikey_pskmime_protect(*ini, NULL, &so, b->p, b->n, body.p, body.n, &body.n, r->ctype,
                             &r->sent);
  if (rc != 0) {
    free(body.p);
    return fail(cmd, "the sender cannot protect the MIME entity", rc);
  }
  /* sip-body.txt: the body with its Content-Type header, a MIME entity of its own */
  static const char ct_name[] = "Content-Type: ";
  size_t ct_len = strlen(r->ctype);
  b = &r->out[MT_RUN_SIP_BODY];
  if (sized(b, sizeof(ct_name) - 1 + ct_len + 4 + body.n) != 0) {
    free(body.p);
    return fail(cmd, "the sender", MIKEY_E_NOMEM);
  }
  memcpy(b->p, ct_name, sizeof(ct_name) - 1);
  memcpy(b->p + sizeof(ct_name) - 1, r->ctype, ct_len);
  memcpy(b->p + sizeof(ct_name) - 1 + ct_len, "\r\n\r\n", 4);
  r->body_offset = sizeof(ct_name) - 1 + ct_len + 4;
  memcpy(b->p + r->body_offset, body.p, body.n);
  free(body.p);
  const uint8_t *bp = b->p + r->body_offset;
  size_t bn = b->n - r->body_offset;

  /* the TRANSFER_INIT and the DER of the body, as a receiver parses them */
  mikey_sipbody sb;
  mikey_mime_diag diag;
  mt_buf scratch = {NULL, 0};
  rc = mikey_sipbody_parse(r->ctype, ct_len, bp, bn, NULL, 0, &n, &sb, &diag);
  if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
    rc = sized(&scratch, n) ? MIKEY_E_NOMEM
                            : mikey_sipbody_parse(r->ctype, ct_len, bp, bn, scratch.p,
                                                  scratch.n, &n, &sb, &diag);
  }
  if (rc == 0 && (take(&r->out[MT_RUN_TRANSFER_INIT], sb.mikey, sb.mikey_len) != 0 ||
                  take(&r->out[MT_RUN_SMIME], sb.smime.der, sb.smime.der_len) != 0)) {
    rc = MIKEY_E_NOMEM;
  }
  free(scratch.p);
  if (rc != 0) {
    return fail(cmd, "the SIP body the sender wrote does not parse", rc);
  }

  /* 3. the receiver: early checks, RESOLVE_INIT_PSK (RFC 6043 4.2.3) */
  b = &r->out[MT_RUN_RESOLVE_INIT];
  uint32_t xid = 0;
  rc = mikey_pskmime_receive(*rx, r->ctype, ct_len, bp, bn, NULL, 0, &n, &xid);
  if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
    rc = sized(b, n) ? MIKEY_E_NOMEM
                     : mikey_pskmime_receive(*rx, r->ctype, ct_len, bp, bn, b->p, b->n, &b->n,
                                             &xid);
  }
  if (rc != 0) {
    return fail(cmd, "the receiver refused the SIP body", rc);
  }
  rv = kms_answer(cmd, *kms, sk, b, &r->out[MT_RUN_RESOLVE_RESP]);
  if (rv != MT_EXIT_OK) {
    return rv;
  }

  /* 4. the receiver verifies everything and opens the S/MIME message */
  b = &r->out[MT_RUN_RECOVERED];
  const mt_buf *rr = &r->out[MT_RUN_RESOLVE_RESP];
  if ((rc = mikey_pskmime_open_size(*rx, xid, &n)) == 0 && (rc = sized(b, n) ? MIKEY_E_NOMEM : 0) == 0) {
    rc = mikey_pskmime_open(*rx, rr->p, rr->n, b->p, b->n, &b->n, &r->res);
  }
  if (rc != 0) {
    return fail(cmd, "the receiver refused to open the message", rc);
  }
  const mt_buf *sent = &r->out[MT_RUN_PLAINTEXT];
  if (b->n != sent->n || memcmp(b->p, sent->p, b->n) != 0) {
    mt_err("%s: the recovered MIME entity differs from the one sent", cmd);
    return MT_EXIT_SOFTWARE;
  }
  return MT_EXIT_OK;
}

int mt_run_flow(const mt_keys *k, const mt_common *c, const mt_run_opts *o, const char *cmd,
                mt_run *r) {
  memset(r, 0, sizeof(*r));
  mt_source si, sk, sr;
  memset(&si, 0, sizeof(si));
  memset(&sk, 0, sizeof(sk));
  memset(&sr, 0, sizeof(sr));
  mikey_initiator *ini = NULL;
  mikey_kms *kms = NULL;
  mikey_pskmime_receiver *rx = NULL;
  int rv = MT_EXIT_SOFTWARE;
  if (mt_source_init(&si, c, "initiator") == 0 && mt_source_init(&sk, c, "kms") == 0 &&
      mt_source_init(&sr, c, "responder") == 0) {
    rv = run_steps(k, o, cmd, r, &si, &sk, &sr, &ini, &kms, &rx);
  }
  mikey_pskmime_receiver_free(rx);
  mikey_kms_free(kms);
  mikey_initiator_free(ini);
  mt_source_free(&si);
  mt_source_free(&sk);
  mt_source_free(&sr);
  return rv;
}

void mt_run_free(mt_run *r) {
  for (size_t i = 0; i < MT_RUN_N; i++) {
    if (r->out[i].p) {
      mikey_memzero(r->out[i].p, r->out[i].n);
      free(r->out[i].p);
    }
  }
  memset(r, 0, sizeof(*r));
}

void mt_msg_summary(FILE *f, const uint8_t *m, size_t n) {
  mikey_msg *msg = malloc(sizeof(*msg));
  if (!msg) {
    fprintf(f, "%zu bytes", n);
    return;
  }
  int rc = mikey_msg_decode(msg, m, n);
  if (rc != 0) {
    fprintf(f, "%zu bytes, not a MIKEY message: %s at offset %zu", n, mikey_strerror(rc),
            msg->err_offset);
  } else {
    const char *dt = mikey_data_type_name(msg->hdr.data_type);
    fprintf(f, "%s, %zu bytes, CSB ID 0x%08x, %s", dt ? dt : "?", n, (unsigned)msg->hdr.csb_id,
            mt_prf_name(msg->hdr.prf));
  }
  free(msg);
}

static int write_file(void *ctx, const char *s, size_t n) {
  return fwrite(s, 1, n, (FILE *)ctx) == n ? 0 : -1;
}

void mt_msg_tree(FILE *f, const uint8_t *m, size_t n) {
  mikey_msg *msg = malloc(sizeof(*msg));
  if (msg && mikey_msg_decode(msg, m, n) == 0) {
    (void)mikey_msg_dump(msg, 0, write_file, f);
  }
  free(msg);
}
