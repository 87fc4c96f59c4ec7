/*
 * mt_run.h: the whole PSK/MIME flow in one process (3GPP TS 33.328 Annex I), shared by `demo`
 * and `flow` (mt_run.c): initiator, KMS and receiver of KEYS.json exchange the five MIKEY
 * messages and the SIP body, and every message is kept.
 */
#ifndef MT_RUN_H
#define MT_RUN_H

#include <mikey/mikey.h>

#include "mt.h"
#include "mt_keys.h"

/* What the sender chose. */
typedef struct mt_run_opts {
  mikey_cms_alg aead;  /* content algorithm (RFC 5084) */
  uint8_t prf;         /* MIKEY_PRF_* */
  uint8_t key_len;     /* KEK / TGK length: 16 or 32 */
  int poo;             /* 1: proof-of-origin (PROFILE.md section 6) */
  const uint8_t *mime; /* the MIME entity to send (canonicalized by the run) */
  size_t mime_len;
} mt_run_opts;

/* One output of the run. */
typedef struct mt_buf {
  uint8_t *p;
  size_t n;
} mt_buf;

/* The outputs, in the order of the files `flow` writes. */
enum {
  MT_RUN_REQUEST_INIT,
  MT_RUN_REQUEST_RESP,
  MT_RUN_TRANSFER_INIT,
  MT_RUN_RESOLVE_INIT,
  MT_RUN_RESOLVE_RESP,
  MT_RUN_SMIME,     /* the CMS ContentInfo (DER) */
  MT_RUN_SIP_BODY,  /* "Content-Type: <ctype>" CRLF CRLF <body> */
  MT_RUN_PLAINTEXT, /* the canonical MIME entity sent */
  MT_RUN_RECOVERED, /* the MIME entity the receiver opened */
  MT_RUN_N
};

typedef struct mt_run {
  mt_buf out[MT_RUN_N];
  char ctype[MIKEY_SIPBODY_CTYPE_SIZE]; /* Content-Type value of the SIP body */
  size_t body_offset;                   /* where the body starts in out[MT_RUN_SIP_BODY] */
  mikey_ticket_info ticket;             /* the ticket the initiator got */
  mikey_pskmime_sent sent;              /* what the sender sent */
  mikey_pskmime_result res;             /* what the receiver verified */
} mt_run;

/* mt_run_flow runs the flow with the keys |k|, the clock and randomness of |c| (one stream
 * per party: "initiator", "kms" restarted per message with the message as context,
 * "responder") and the choices |o|, filling |r| (zeroed first). On failure it says, on one
 * line prefixed with |cmd|, which party refused what, and returns MT_EXIT_KMS_ERROR when the
 * KMS answered with an Error message, MT_EXIT_USAGE for choices the profile refuses,
 * MT_EXIT_REFUSED, MT_EXIT_SOFTWARE. Free |r| with mt_run_free in every case. */
int mt_run_flow(const mt_keys *k, const mt_common *c, const mt_run_opts *o, const char *cmd,
                mt_run *r);

/* mt_run_free wipes and frees the outputs of |r|. */
void mt_run_free(mt_run *r);

/* mt_aead_parse reads an --aead name (aes-128-gcm, aes-256-gcm, aes-128-ccm, aes-256-ccm).
 * Returns 0 or -1. mt_aead_name names an algorithm that way. */
int mt_aead_parse(const char *s, mikey_cms_alg *alg);
const char *mt_aead_name(mikey_cms_alg alg);

/* mt_prf_parse reads a --prf name (mikey1, sha256). Returns 0 or -1. mt_prf_name names it
 * as RFC 6043 does. */
int mt_prf_parse(const char *s, uint8_t *prf);
const char *mt_prf_name(uint8_t prf);

/* mt_run_check_choices checks the combination of |o| before anything runs, saying why it is
 * refused (D4: MIKEY-1 only with 128-bit keys; D6: an AES-256 content key needs a 256-bit
 * KEK). Returns MT_EXIT_OK or MT_EXIT_USAGE. */
int mt_run_check_choices(const char *cmd, const mt_run_opts *o);

/* mt_msg_summary writes a one-line summary of MIKEY message |m| to |f|: its type, length and
 * CSB ID (or the decoder's refusal). */
void mt_msg_summary(FILE *f, const uint8_t *m, size_t n);

/* mt_msg_tree writes the decoded tree of |m| to |f| (mikey_msg_dump, secrets hidden). */
void mt_msg_tree(FILE *f, const uint8_t *m, size_t n);

/* The MIME entity sent when none is given. */
extern const char mt_default_mime[];
extern const size_t mt_default_mime_len;

#endif /* MT_RUN_H */
