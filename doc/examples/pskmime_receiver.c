/*
 * pskmime_receiver.c: bob opens the SIP body alice sent (3GPP TS 33.328 Annex I.3) and
 * prints the MIME entity on stdout, who sent it on stderr. doc/pskmime.md walks through it.
 * make check runs it (tests/pskmime_examples.sh).
 *
 * usage: pskmime_receiver [--require-proof-of-origin] BODY_IN CTYPE_IN
 *
 * Exit status: 0 when the entity was verified and printed; 1 when the message was refused
 * (the reason on stderr); 2 for a usage error.
 */
#include "pskmime_example.h"

static int fail(const char *what, int rc) {
  fprintf(stderr, "pskmime_receiver: %s: %s (%s)\n", what, mikey_strerror(rc),
          mikey_err_name(rc));
  return 1;
}

int main(int argc, char **argv) {
  int require_poo = argc > 1 && strcmp(argv[1], "--require-proof-of-origin") == 0;
  int a = 1 + require_poo;
  if (argc - a != 2) {
    fprintf(stderr, "usage: pskmime_receiver [--require-proof-of-origin] BODY_IN CTYPE_IN\n");
    return 2;
  }
  if (mikey_global_init(0) != 0) {
    return fail("libgcrypt", MIKEY_E_CRYPTO);
  }
  /* Real I/O: the body and the Content-Type header value of the SIP MESSAGE. */
  size_t body_len, ctype_len;
  uint8_t *body = read_file(argv[a], &body_len);
  uint8_t *ctype = body ? read_file(argv[a + 1], &ctype_len) : NULL;
  if (!ctype) {
    free(body);
    return 1;
  }

  /* 1. Bob's receiver: his identity, his KMS, the PSK he shares with it. */
  mikey_responder_config rc_cfg;
  int rc = mikey_responder_config_default(&rc_cfg);
  rc_cfg.profile.proof_of_origin = (uint8_t)require_poo;
  rc_cfg.self = BOB;
  rc_cfg.kms = KMS;
  rc_cfg.psk_id = BOB_PSK_ID;
  rc_cfg.psk = BOB_PSK;
  rc_cfg.psk_len = sizeof(BOB_PSK);
  mikey_pskmime_receiver *rx = NULL;
  if (rc == 0) {
    rc = mikey_pskmime_receiver_new(&rx, &rc_cfg);
  }
  if (rc) {
    free(body);
    free(ctype);
    return fail("receiver", rc);
  }

  /* 2. Receive: parse, check by policy, hold the S/MIME part, write the RESOLVE_INIT_PSK.
   *    Nothing in the body is trusted yet. */
  uint8_t rinit[4096], rresp[4096];
  size_t rinit_len, rresp_len;
  uint32_t xid;
  rc = mikey_pskmime_receive(rx, (const char *)ctype, ctype_len, body, body_len, rinit,
                             sizeof(rinit), &rinit_len, &xid);
  free(body);
  free(ctype);
  if (rc) {
    mikey_pskmime_receiver_free(rx);
    return fail("receive", rc);
  }

  /* 3. Resolve the ticket. Real I/O: send rinit to the KMS, receive its answer; other SIP
   *    messages may be received meanwhile (the receiver holds each until its answer). */
  mikey_kms *kms = NULL;
  mikey_kms_result kres;
  rc = example_kms(&kms);
  if (rc == 0) {
    rc = mikey_kms_process(kms, rinit, rinit_len, rresp, sizeof(rresp), &rresp_len, &kres);
  }
  mikey_kms_free(kms);
  if (rc) {
    mikey_pskmime_receiver_free(rx);
    return fail("resolve", rc);
  }

  /* 4. Open: verify everything, then release the MIME entity. */
  size_t mime_len;
  rc = mikey_pskmime_open_size(rx, xid, &mime_len);
  uint8_t *mime = rc == 0 ? malloc(mime_len ? mime_len : 1) : NULL;
  mikey_pskmime_result res;
  if (rc == 0) {
    rc = mime ? mikey_pskmime_open(rx, rresp, rresp_len, mime, mime_len, &mime_len, &res)
              : MIKEY_E_NOMEM;
  }
  mikey_pskmime_receiver_free(rx);
  if (rc) {
    free(mime);
    if (rc == MIKEY_E_PEER_ERROR) {
      fprintf(stderr, "pskmime_receiver: the KMS answered with Error no %u\n",
              (unsigned)res.peer_error);
    }
    return fail("open", rc);
  }
  fprintf(stderr, "from %.*s%s\n", (int)res.initiator_len, (const char *)res.initiator,
          res.poo_present ? ", proof-of-origin verified" : "");
  int ok = fwrite(mime, 1, mime_len, stdout) == mime_len && fflush(stdout) == 0;
  mikey_memzero(mime, mime_len);
  free(mime);
  return ok ? 0 : 1;
}
