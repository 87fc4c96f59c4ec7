/*
 * pskmime_sender.c: alice protects a MIME entity for bob (3GPP TS 33.328 Annex I.3) and
 * writes the SIP MESSAGE body and its Content-Type value to files. doc/pskmime.md walks
 * through it. make check runs it (tests/pskmime_examples.sh).
 *
 * usage: pskmime_sender [--proof-of-origin] [--binary] MIME_IN BODY_OUT CTYPE_OUT
 *
 * MIME_IN is the MIME entity to protect (header fields, empty line, body), e.g.
 *   Content-Type: text/plain
 *
 *   Hello Bob
 */
#include "pskmime_example.h"

static int fail(const char *what, int rc) {
  fprintf(stderr, "pskmime_sender: %s: %s (%s)\n", what, mikey_strerror(rc), mikey_err_name(rc));
  return 1;
}

int main(int argc, char **argv) {
  int poo = 0, binary = 0, a = 1;
  for (; a < argc && argv[a][0] == '-'; a++) {
    if (strcmp(argv[a], "--proof-of-origin") == 0) {
      poo = 1;
    } else if (strcmp(argv[a], "--binary") == 0) {
      binary = 1;
    } else {
      break;
    }
  }
  if (argc - a != 3) {
    fprintf(stderr, "usage: pskmime_sender [--proof-of-origin] [--binary] MIME_IN BODY_OUT "
                    "CTYPE_OUT\n");
    return 2;
  }
  if (mikey_global_init(0) != 0) {
    return fail("libgcrypt", MIKEY_E_CRYPTO);
  }
  size_t raw_len;
  uint8_t *raw = read_file(argv[a], &raw_len);
  if (!raw) {
    return 1;
  }

  /* 1. The MIME entity in canonical form: CRLF line endings (RFC 5751 3.1.1). */
  size_t mime_len;
  int rc = mikey_smime_canon(raw, raw_len, NULL, 0, &mime_len); /* asks for the size */
  uint8_t *mime = malloc(mime_len ? mime_len : 1);
  if (rc == 0 || rc == MIKEY_E_BUFFER_TOO_SMALL) {
    rc = mime ? mikey_smime_canon(raw, raw_len, mime, mime_len, &mime_len) : MIKEY_E_NOMEM;
  }
  free(raw);
  if (rc) {
    free(mime);
    return fail("canonical form", rc);
  }

  /* 2. Alice's initiator engine: her identity, her KMS, the PSK she shares with it. The
   *    profile is the PSK/MIME preset; proof-of-origin asks for I=1 (PROFILE.md 6). Time and
   *    randomness: the system's (cfg.env left zero). */
  mikey_initiator_config ic;
  rc = mikey_initiator_config_default(&ic);
  ic.profile.proof_of_origin = (uint8_t)poo;
  ic.self = ALICE;
  ic.kms = KMS;
  ic.psk_id = ALICE_PSK_ID;
  ic.psk = ALICE_PSK;
  ic.psk_len = sizeof(ALICE_PSK);
  mikey_initiator *ini = NULL;
  if (rc == 0) {
    rc = mikey_initiator_new(&ini, &ic);
  }
  if (rc) {
    free(mime);
    return fail("initiator", rc);
  }

  /* 3. A ticket for bob (RFC 6043 Ticket Request). One ticket serves many messages (D10),
   *    so a real UE keeps it and repeats this step only when it expires. */
  mikey_kms *kms = NULL; /* the stand-in for the network: see pskmime_example.h */
  rc = example_kms(&kms);
  if (rc) {
    free(mime);
    mikey_initiator_free(ini);
    return fail("KMS", rc);
  }
  mikey_ticket_request rq;
  memset(&rq, 0, sizeof(rq));
  rq.responders = &BOB;
  rq.n_responders = 1;
  uint8_t req[2048], resp[4096];
  size_t req_len, resp_len;
  mikey_kms_result kres;
  mikey_ticket_info ticket;
  rc = mikey_initiator_request(ini, &rq, req, sizeof(req), &req_len);
  if (rc == 0) {
    /* real I/O: send req[0..req_len) to the KMS, receive its answer into resp */
    rc = mikey_kms_process(kms, req, req_len, resp, sizeof(resp), &resp_len, &kres);
  }
  if (rc == 0) {
    rc = mikey_initiator_on_request_resp(ini, resp, resp_len, &ticket);
  }
  mikey_kms_free(kms);
  if (rc) {
    free(mime);
    mikey_initiator_free(ini);
    return fail("ticket request", rc);
  }

  /* 4. Protect: one call makes the whole SIP body (TRANSFER_INIT + S/MIME). Ask for the
   *    size, then write. */
  mikey_pskmime_send_opts opts;
  memset(&opts, 0, sizeof(opts));
  opts.aead = MIKEY_CMS_AES128_GCM; /* the default; 128-bit keys take AES-128 only (D6) */
  opts.cte = binary ? MIKEY_SMIME_CTE_BINARY : MIKEY_SMIME_CTE_BASE64;
  size_t body_len;
  rc = mikey_pskmime_protect_size(ini, &opts, mime_len, &body_len);
  uint8_t *body = rc == 0 ? malloc(body_len) : NULL;
  char ctype[MIKEY_SIPBODY_CTYPE_SIZE];
  mikey_pskmime_sent sent;
  if (rc == 0) {
    rc = body ? mikey_pskmime_protect(ini, NULL, &opts, mime, mime_len, body, body_len,
                                      &body_len, ctype, &sent)
              : MIKEY_E_NOMEM;
  }
  mikey_memzero(mime, mime_len); /* the plaintext is no longer needed */
  free(mime);
  mikey_initiator_free(ini);
  if (rc) {
    free(body);
    return fail("protect", rc);
  }

  /* 5. Real I/O: a SIP MESSAGE to bob with "Content-Type: <ctype>" and this body. */
  rc = write_file(argv[a + 1], body, body_len) || write_file(argv[a + 2], ctype, strlen(ctype));
  free(body);
  if (rc) {
    return 1;
  }
  fprintf(stderr, "sent %zu bytes, CSB ID %08x, KEK id %02x%02x%02x%02x%s\n", body_len,
          (unsigned)sent.csb_id, sent.kek_id[0], sent.kek_id[1], sent.kek_id[2],
          sent.kek_id[3], sent.poo_present ? ", with proof-of-origin" : "");
  return 0;
}
