/*
 * initiator_response.c: libFuzzer harness for the initiator's two entry points for a peer's
 * bytes: mikey_initiator_on_request_resp (the KMS's answer) and
 * mikey_initiator_on_transfer_resp (the responder's answer, IMS profile). For every input a
 * fresh initiator alice of the fixed world (fuzz_world.h; randomness from zero) writes the
 * scenario's REQUEST_INIT again (the same bytes as fw_flow_run's); for a TRANSFER_RESP it also
 * takes the real REQUEST_RESP and writes the real TRANSFER_INIT. Then the fuzz input is the
 * answer. The seeds are the real answers.
 *
 * Input: byte 0: bits 0..1 pick the scenario (PSK/MIME, PSK/MIME with proof-of-origin, PSK/MIME
 * with PRF MIKEY-1, IMS); bit 6 set: the input is a TRANSFER_RESP (IMS scenario whatever bits
 * 0..1 say), else a REQUEST_RESP; bit 7 set (REQUEST_RESP only): its V is recomputed with
 * alice's PSK over REQUEST_RESP || REQUEST_INIT first (fw_remac_response; a KMS that knows the
 * PSK), so mutations reach the KEMAC and the granted policy checks; bit 5 set (TRANSFER_RESP
 * only): its V is recomputed with the keys of the TRANSFER_RESP as responder bob derives them
 * (MPKr' from the KMS's RESOLVE_RESP, direction 0x02, RANDRi, the answer's own RANDRr; over
 * TRANSFER_RESP || TRANSFER_INIT: fw_remac_transfer), so mutations reach the forking, the
 * RAND checks and the TEK derivation. Bits 2..4 are ignored. The rest is the answer.
 *
 * Properties (any break aborts), from roles.h:
 *  - REQUEST_RESP: a ticket is held exactly when 0 was returned (nothing is stored
 *    otherwise: a transfer cannot be prepared); without re-MAC only the KMS's real answer is
 *    accepted, and a transfer prepared on it gives the initiator's KEK of fw_flow_run;
 *  - TRANSFER_RESP: the TEK is released exactly when 0 was returned (else
 *    mikey_initiator_transfer_key is MIKEY_E_STATE and writes nothing); without re-MAC only
 *    the responder's real answer is accepted, and it gives the responder's TEK;
 *  - TRANSFER_RESP with re-MAC, accepted: the answer names the exchange's modifier (the ID Data
 *    of its IDRr and its RANDRkms are those of the KMS's RESOLVE_RESP: the V key is bob's
 *    MPKr', which the initiator re-derives only from that modifier, 5.1.1) and the TEK is the
 *    one bob derives from the KMS's TGK' with the exchange's RANDRi and the answer's RANDRr
 *    (5.1.3), so it equals the responder's real TEK exactly when the RANDRr is the real one.
 *    Not asserted: that other fields (T within the skew, extra payloads) are those of the real
 *    answer: a responder holding the keys may well send them;
 *  - an Error message gives MIKEY_E_PEER_ERROR, never a ticket or a key;
 *  - (at start) each scenario's real answers are accepted, re-MAC reproduces the KMS's V of
 *    each REQUEST_RESP and the responder's V of the TRANSFER_RESP, and the TEK bob derives
 *    with the real RANDRr is the exchange's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "fuzz_keys.h"
#include "fuzz_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static fw_flow *flows;

static void fail(const char *what) {
  fprintf(stderr, "initiator_response: %s\n", what);
  abort();
}

static int untouched(const uint8_t *k, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (k[i] != 0xa5) {
      return 0;
    }
  }
  return 1;
}

/* params gives the transfer parameters of fw_flow_run for scenario |sc| (IMS: two SRTP
 * crypto sessions and one Security Policy payload; PSK/MIME: the defaults). */
static mikey_transfer_params params(int sc) {
  static const uint8_t pol0[1] = {0};
  static const uint8_t spi[4] = {0xde, 0xad, 0xbe, 0xef};
  static mikey_cs cs[2];
  static mikey_sp sp;
  mikey_transfer_params p;
  memset(&p, 0, sizeof(p));
  if (sc == FW_IMS) {
    memset(cs, 0, sizeof(cs));
    cs[0].cs_id = 1;
    cs[0].prot_type = MIKEY_PROT_SRTP;
    cs[0].policies = (mikey_bytes){pol0, 1};
    cs[0].spi = (mikey_bytes){spi, 4};
    cs[1] = cs[0];
    cs[1].cs_id = 2;
    memset(&sp, 0, sizeof(sp));
    sp.prot_type = MIKEY_PROT_SRTP;
    p.cs = cs;
    p.n_cs = 2;
    p.sp = &sp;
    p.n_sp = 1;
  }
  return p;
}

/* start makes a fresh initiator for |sc| with its REQUEST_INIT written; with |transfer| it
 * also takes the real REQUEST_RESP and writes the real TRANSFER_INIT. */
static mikey_initiator *start(int sc, int transfer, fw_party *rnd) {
  const fw_flow *f = &flows[sc];
  mikey_initiator *ini = NULL;
  *rnd = (fw_party){FW_BASE_INI, 0, 0};
  if (fw_initiator_new(&ini, sc, rnd) != 0) {
    fail("initiator set-up");
  }
  mikey_identity rs[2] = {FW_BOB, FW_CAROL};
  mikey_ticket_request rq;
  memset(&rq, 0, sizeof(rq));
  rq.responders = rs;
  rq.n_responders = 2;
  uint8_t *b = malloc(FW_MSG_MAX);
  size_t bl = 0;
  if (!b || mikey_initiator_request(ini, &rq, b, FW_MSG_MAX, &bl) != 0 || bl != f->req_len ||
      memcmp(b, f->req, bl) != 0) {
    fail("the REQUEST_INIT differs from the one the seeds answer");
  }
  if (transfer) {
    mikey_transfer_params p = params(FW_IMS);
    if (mikey_initiator_on_request_resp(ini, f->rresp, f->rresp_len, NULL) != 0 ||
        mikey_initiator_transfer_prepare(ini, &p, NULL) != 0 ||
        mikey_initiator_transfer_finish(ini, NULL, 0, b, FW_MSG_MAX, &bl) != 0 ||
        bl != f->tinit_len || memcmp(b, f->tinit, bl) != 0) {
      fail("the TRANSFER_INIT differs from the one the seeds answer");
    }
  }
  free(b);
  return ini;
}

/* request_resp checks one REQUEST_RESP; returns its code */
static int request_resp(int sc, const uint8_t *in, size_t n, int remac) {
  const fw_flow *f = &flows[sc];
  fw_party rnd;
  mikey_initiator *ini = start(sc, 0, &rnd);
  mikey_ticket_info ti;
  int rc = mikey_initiator_on_request_resp(ini, in, n, &ti);
  if (mikey_initiator_has_ticket(ini) != (rc == 0)) {
    fail("a ticket held although the REQUEST_RESP was refused, or none after 0");
  }
  mikey_transfer_info xi;
  mikey_transfer_params p = params(sc);
  int prc = mikey_initiator_transfer_prepare(ini, &p, &xi);
  if (rc != 0) {
    if (prc != MIKEY_E_STATE) {
      fail("a transfer prepared without a ticket");
    }
  } else if (!remac) {
    if (n != f->rresp_len || memcmp(in, f->rresp, n) != 0) {
      fail("accepted a REQUEST_RESP the KMS did not write");
    }
    if (sc != FW_IMS) {
      uint8_t k[64];
      size_t kl = 0;
      if (prc != 0 || mikey_initiator_transfer_key(ini, 1, k, sizeof(k), &kl) != 0 ||
          kl != f->kek_len || memcmp(k, f->kek, kl) != 0) {
        fail("the real answer does not give the exchange's KEK");
      }
    }
  }
  mikey_initiator_free(ini);
  return rc;
}

/* same_bytes: |a| (|al| bytes, NULL when absent) equals |b| */
static int same_bytes(const uint8_t *a, size_t al, const mikey_bytes *b) {
  return a && al == b->len && memcmp(a, b->data, al) == 0;
}

/* the RAND payload of role |role| of |m| (NULL/0 when absent) */
static mikey_bytes rand_of(const mikey_msg *m, int role) {
  const mikey_payload *p = mikey_msg_find(m, MIKEY_PT_RANDR, role);
  return p ? p->u.rand.rand : (mikey_bytes){NULL, 0};
}

/* remac_accepted checks an accepted re-MACed TRANSFER_RESP |in| that gave TEK |k| (|kl|
 * bytes) against the exchange: the modifier of the KMS's RESOLVE_RESP, bob's TEK. */
static void remac_accepted(const uint8_t *in, size_t n, const uint8_t *k, size_t kl) {
  const fw_flow *f = &flows[FW_IMS];
  mikey_msg *m = malloc(2 * sizeof(*m));
  if (!m || mikey_msg_decode(m, in, n) != 0 || mikey_msg_decode(m + 1, f->sresp,
                                                                  f->sresp_len) != 0) {
    fail("an accepted TRANSFER_RESP does not decode");
  }
  const mikey_payload *idr = mikey_msg_find(m, MIKEY_PT_IDR, MIKEY_ROLE_R);
  const mikey_payload *kidr = mikey_msg_find(m + 1, MIKEY_PT_IDR, MIKEY_ROLE_R);
  mikey_bytes rk = rand_of(m, MIKEY_RAND_KMS), krk = rand_of(m + 1, MIKEY_RAND_KMS);
  if (!idr || !kidr || !same_bytes(idr->u.id.data.data, idr->u.id.data.len, &kidr->u.id.data) ||
      !same_bytes(rk.data, rk.len, &krk)) {
    fail("accepted a TRANSFER_RESP whose modifier is not the KMS's");
  }
  mikey_bytes rr = rand_of(m, MIKEY_RAND_R);
  uint8_t want[64];
  if (kl != f->kek_len || !rr.data || fw_tek(f, 1, rr.data, rr.len, want, kl) != 0 ||
      memcmp(k, want, kl) != 0) {
    fail("the TEK is not the one bob derives with the answer's RANDRr");
  }
  if (mikey_msg_decode(m + 1, f->tresp, f->tresp_len) != 0) {
    fail("the real TRANSFER_RESP does not decode");
  }
  mikey_bytes real = rand_of(m + 1, MIKEY_RAND_R);
  if (same_bytes(rr.data, rr.len, &real) != (memcmp(k, f->kek, kl) == 0)) {
    fail("the TEK is the responder's although the RANDRr is not, or the reverse");
  }
  free(m);
}

/* transfer_resp checks one TRANSFER_RESP (IMS); returns its code */
static int transfer_resp(const uint8_t *in, size_t n, int remac) {
  const fw_flow *f = &flows[FW_IMS];
  fw_party rnd;
  mikey_initiator *ini = start(FW_IMS, 1, &rnd);
  mikey_transfer_info xi;
  int rc = mikey_initiator_on_transfer_resp(ini, in, n, &xi);
  uint8_t k[64];
  memset(k, 0xa5, sizeof(k));
  size_t kl = 0;
  int krc = mikey_initiator_transfer_key(ini, 1, k, sizeof(k), &kl);
  if (rc == 0) {
    if (krc != 0) {
      fail("accepted, but the TEK is not released");
    }
    if (remac) {
      remac_accepted(in, n, k, kl);
    } else {
      if (n != f->tresp_len || memcmp(in, f->tresp, n) != 0) {
        fail("accepted a TRANSFER_RESP the responder did not write");
      }
      if (kl != f->kek_len || memcmp(k, f->kek, kl) != 0) {
        fail("the real TRANSFER_RESP does not give the responder's TEK");
      }
    }
  } else if (krc != MIKEY_E_STATE || !untouched(k, sizeof(k))) {
    fail("a TEK released although the TRANSFER_RESP was refused");
  }
  mikey_initiator_free(ini);
  return rc;
}

static void setup(void) {
  fuzz_init();
  flows = calloc(FW_N, sizeof(*flows));
  if (!flows) {
    fail("out of memory");
  }
  for (int sc = 0; sc < FW_N; sc++) {
    fw_flow *f = &flows[sc];
    if (fw_flow_run(sc, f) != 0) {
      fail("the world's own exchange fails");
    }
    if (request_resp(sc, f->rresp, f->rresp_len, 0) != 0) {
      fail("the KMS's real REQUEST_RESP was refused");
    }
    uint8_t b[FW_MSG_MAX];
    memcpy(b, f->rresp, f->rresp_len);
    if (fw_remac_response(b, f->rresp_len, f->req, f->req_len) != 0 ||
        memcmp(b, f->rresp, f->rresp_len) != 0) {
      fail("re-MAC of a REQUEST_RESP is not the KMS's V");
    }
  }
  const fw_flow *f = &flows[FW_IMS];
  if (transfer_resp(f->tresp, f->tresp_len, 0) != 0) {
    fail("the responder's real TRANSFER_RESP was refused");
  }
  uint8_t b[FW_MSG_MAX];
  memcpy(b, f->tresp, f->tresp_len);
  if (fw_remac_transfer(f, b, f->tresp_len, f->tinit, f->tinit_len) != 0 ||
      memcmp(b, f->tresp, f->tresp_len) != 0) {
    fail("re-MAC of the TRANSFER_RESP is not the responder's V");
  }
  if (transfer_resp(b, f->tresp_len, 1) != 0) {
    fail("the re-MACed real TRANSFER_RESP was refused");
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!flows) {
    setup();
  }
  if (size == 0) {
    return 0;
  }
  int sc = data[0] & 3, tr = (data[0] & 0x40) != 0;
  int remac = tr ? (data[0] & 0x20) != 0 : (data[0] & 0x80) != 0;
  size_t n = size - 1;
  uint8_t *in = malloc(n ? n : 1);
  if (!in) {
    fail("out of memory");
  }
  memcpy(in, data + 1, n);
  if (tr) {
    const fw_flow *f = &flows[FW_IMS];
    if (remac) {
      (void)fw_remac_transfer(f, in, n, f->tinit, f->tinit_len);
    }
    (void)transfer_resp(in, n, remac);
  } else {
    if (remac) {
      (void)fw_remac_response(in, n, flows[sc].req, flows[sc].req_len);
    }
    (void)request_resp(sc, in, n, remac);
  }
  free(in);
  return 0;
}
