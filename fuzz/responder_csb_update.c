/*
 * responder_csb_update.c: libFuzzer harness for mikey_responder_on_csb_update, the IMS
 * responder's handling of a CSB update TRANSFER_INIT (RFC 6043 5.2). For every input the IMS
 * responder of the fixed world (fuzz_world.h; randomness, clock and an in-harness replay cache
 * reset per input) first completes the scenario's exchange with the fixed TRANSFER_INIT and
 * the KMS's real RESOLVE_RESP; 30 s later the fuzz input is handed to it as the update. The
 * seed is the initiator's real update (CS 1 and 2 as before, a new CS 3, V=1).
 *
 * Properties (any break aborts), from roles.h ("Nothing changes unless 0 is returned"):
 *  - on a refusal nothing is written and the exchange is as before: the TEK of CS 1 is the
 *    one the exchange gave, and there is no CS 3;
 *  - on success a TRANSFER_RESP is written exactly when the update's HDR V flag is 1, and it
 *    decodes as a TRANSFER_RESP of the exchange's CSB ID; CS 1 keeps its TEK (same TGK' and
 *    RANDs, 5.1.3); the crypto sessions are the update's;
 *  - only the initiator's real update is accepted (its V needs the exchange's keys), and the
 *    same update again is refused;
 *  - (at start) the real update is accepted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "fuzz_keys.h"
#include "fuzz_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mikey_responder *resp;
static fw_party rnd;
static fw_replay cache;
static mikey_replay_ops ops;
static fw_flow *flow;

static void fail(const char *what) {
  fprintf(stderr, "responder_csb_update: %s\n", what);
  abort();
}

/* start completes the exchange (at FW_NOW) and sets the clock 30 s later; returns its xid */
static uint32_t start(void) {
  fw_replay_reset(&cache);
  rnd = (fw_party){FW_BASE_RESP, 0, 0};
  uint8_t ri[FW_MSG_MAX];
  size_t rl = 0;
  uint32_t xid = 0;
  if (mikey_responder_on_transfer_init(resp, flow->tinit, flow->tinit_len, ri, sizeof(ri), &rl,
                                       &xid) != 0 ||
      xid != flow->xid ||
      mikey_responder_on_resolve_resp(resp, flow->sresp, flow->sresp_len, NULL) != 0) {
    fail("the fixed exchange was refused");
  }
  rnd.later = 30;
  return xid;
}

/* one checks the update |in|; returns its code */
static int one(const uint8_t *in, size_t n) {
  uint32_t xid = start();
  uint8_t *out = malloc(FW_MSG_MAX);
  if (!out) {
    fail("out of memory");
  }
  size_t olen = 1;
  mikey_transfer_info info;
  int rc = mikey_responder_on_csb_update(resp, in, n, out, FW_MSG_MAX, &olen, &info);
  uint8_t k[64];
  size_t kl = 0;
  int k1 = mikey_responder_key(resp, xid, 1, k, sizeof(k), &kl);
  if (k1 != 0 || kl != flow->kek_len || memcmp(k, flow->kek, kl) != 0) {
    fail("CS 1 lost its TEK");
  }
  int k3 = mikey_responder_key(resp, xid, 3, k, sizeof(k), &kl);
  if (rc != 0) {
    if (olen != 0) {
      fail("a refused update wrote a TRANSFER_RESP");
    }
    if (k3 != MIKEY_E_NOT_FOUND) {
      fail("a refused update changed the crypto sessions");
    }
  } else {
    if (n != flow->upd_len || memcmp(in, flow->upd, n) != 0) {
      fail("accepted an update the initiator did not write");
    }
    mikey_msg *m = malloc(sizeof(*m));
    if (!m || mikey_msg_decode(m, in, n) != 0) {
      fail("an accepted update does not decode");
    }
    if (info.n_cs != m->hdr.n_cs || (m->hdr.n_cs >= 3) != (k3 == 0)) {
      fail("the crypto sessions are not the update's");
    }
    int want = m->hdr.v;
    if (want != (olen > 0)) {
      fail("a TRANSFER_RESP written against the update's V flag");
    }
    if (olen > 0 && (mikey_msg_decode(m, out, olen) != 0 ||
                     m->hdr.data_type != MIKEY_DT_TRANSFER_RESP ||
                     m->hdr.csb_id != info.csb_id)) {
      fail("the answer is not a TRANSFER_RESP of the exchange");
    }
    free(m);
    if (mikey_responder_on_csb_update(resp, in, n, out, FW_MSG_MAX, &olen, NULL) == 0) {
      fail("the same update was accepted twice");
    }
  }
  mikey_responder_forget(resp, xid);
  free(out);
  return rc;
}

static void setup(void) {
  fuzz_init();
  ops = fw_replay_ops(&cache);
  flow = malloc(sizeof(*flow));
  if (!flow || fw_flow_run(FW_IMS, flow) != 0) {
    fail("the world's own exchange fails");
  }
  rnd = (fw_party){FW_BASE_RESP, 0, 0};
  if (fw_responder_new(&resp, FW_IMS, &rnd, &ops) != 0) {
    fail("responder set-up");
  }
  if (one(flow->upd, flow->upd_len) != 0) {
    fail("the initiator's real update was refused");
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!flow) {
    setup();
  }
  uint8_t *in = malloc(size ? size : 1);
  if (!in) {
    fail("out of memory");
  }
  memcpy(in, data, size);
  (void)one(in, size);
  free(in);
  return 0;
}
