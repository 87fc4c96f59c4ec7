/*
 * responder_csb_update.c: libFuzzer harness for mikey_responder_on_csb_update, the IMS
 * responder's handling of a CSB update TRANSFER_INIT (RFC 6043 5.2). For every input the IMS
 * responder of the fixed world (fuzz_world.h; randomness, clock and an in-harness replay cache
 * reset per input) first completes the scenario's exchange with the fixed TRANSFER_INIT and
 * the KMS's real RESOLVE_RESP; 30 s later the fuzz input is handed to it as the update. The
 * seeds are the initiator's real update (CS 1 and 2 as before, a new CS 3, V=1), with and
 * without re-MAC, and the exchange's TRANSFER_INIT.
 *
 * Input: byte 0: bit 7 set: the update's V is recomputed first with the keys of the exchange's
 * TRANSFER_RESP (5.2: MPKr' from the KMS's RESOLVE_RESP, direction 0x02, the exchange's RANDRi
 * and RANDRr) over update || Identity_i || Identity_r, as initiator alice signs an update
 * (fw_remac_transfer), so mutations get past the V to the checks behind it (the KEMAC and
 * L flag, the key derivation, the answer); bits 0..6 are ignored. The rest is the update.
 *
 * Properties (any break aborts), from roles.h ("Nothing changes unless 0 is returned"):
 *  - on a refusal nothing is written and the exchange is as before: the TEK of CS 1 is the
 *    one the exchange gave, and there is no CS 3;
 *  - on success the update is a TRANSFER_INIT of the exchange's CSB ID; the crypto sessions
 *    are the update's (those of its CS ID map, no other of CS 1..3), each with the TEK bob
 *    derives from the KMS's TGK' and the exchange's RANDs (5.1.3: an update brings no new
 *    RANDs; L=0 in the IMS preset, so no KEMAC may bring keys either); a TRANSFER_RESP is
 *    written exactly when the update's HDR V flag is 1, it decodes as a TRANSFER_RESP of the
 *    exchange's CSB ID and its V is the one the exchange's keys give over TRANSFER_RESP ||
 *    update (what the initiator verifies); the same update again is refused;
 *  - without re-MAC only the initiator's real update is accepted (its V needs the exchange's
 *    keys); with re-MAC an accepted update carries no KEMAC, a T newer than the exchange's
 *    TRANSFER_INIT and within the clock skew, and IDRi / IDRr (when present) naming alice and
 *    bob (or the KMS's modifier IDRr). Not asserted: which SP payloads or General Extensions
 *    it carries (a sender holding the keys may send any);
 *  - (at start) the real update is accepted, re-MAC reproduces its V, and the TEK bob derives
 *    for CS 1 is the exchange's.
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
/* of the exchange: its CSB ID, the T of its TRANSFER_INIT, the RANDRr of its TRANSFER_RESP,
 * the modifier IDRr of the KMS's RESOLVE_RESP */
static uint32_t x_csb;
static uint64_t x_t;
static mikey_bytes x_rr;
static mikey_id x_mod;
static mikey_msg *x_msgs; /* the decoded messages the above point into */

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

/* same_id: IDR payload |p| names identity |id| (ID Type and ID Data) */
static int same_id(const mikey_id *p, uint8_t type, const mikey_bytes *data) {
  return p->type == type && p->data.len == data->len &&
         (data->len == 0 || memcmp(p->data.data, data->data, data->len) == 0);
}

static int names(const mikey_id *p, const mikey_identity *id) {
  mikey_bytes d = {id->data, id->len};
  return same_id(p, id->type, &d);
}

/* remac_fields checks what re-MAC leaves to the fuzzer in an accepted update |m| */
static void remac_fields(const mikey_msg *m) {
  if (mikey_msg_find(m, MIKEY_PT_KEMAC, -1)) {
    fail("accepted an update with a KEMAC although L=0");
  }
  const mikey_payload *tsp = mikey_msg_find(m, MIKEY_PT_T, -1);
  mikey_role_profile prof;
  fw_profile(FW_IMS, &prof);
  uint64_t t = tsp ? mikey_ts_value64(&tsp->u.t) : 0;
  int64_t since = (int64_t)(t - x_t), skew = (int64_t)prof.clock_skew << 32;
  int64_t off = (int64_t)(t - (FW_NOW + ((uint64_t)30 << 32)));
  if (!tsp || since <= 0 || off > skew || off < -skew) {
    fail("accepted an update whose T is not new, or not within the skew");
  }
  for (size_t i = 0; i < m->n; i++) {
    const mikey_payload *p = &m->pl[i];
    if (p->type == MIKEY_PT_IDR &&
        ((p->u.id.role == MIKEY_ROLE_I && !names(&p->u.id, &FW_ALICE)) ||
         (p->u.id.role == MIKEY_ROLE_R && !names(&p->u.id, &FW_BOB) &&
          !same_id(&p->u.id, x_mod.type, &x_mod.data)))) {
      fail("accepted an update naming another initiator or responder");
    }
  }
}

/* accepted checks an accepted update |in| (decoded: |m|), its answer |out| (|olen| bytes) and
 * the crypto sessions now in force */
static void accepted(const uint8_t *in, size_t n, mikey_msg *m, const mikey_transfer_info *info,
                     uint32_t xid, uint8_t *out, size_t olen, int remac) {
  if (!remac && (n != flow->upd_len || memcmp(in, flow->upd, n) != 0)) {
    fail("accepted an update the initiator did not write");
  }
  if (m->hdr.data_type != MIKEY_DT_TRANSFER_INIT || m->hdr.csb_id != x_csb) {
    fail("accepted an update that is not a TRANSFER_INIT of the exchange");
  }
  if (remac) {
    remac_fields(m);
  }
  /* the crypto sessions: those of the update, each with bob's TEK from the TGK' (5.1.3) */
  uint8_t k[64], want[64];
  size_t kl = 0;
  int seen[256] = {0};
  if (info->n_cs != m->hdr.n_cs) {
    fail("the crypto sessions are not the update's");
  }
  for (size_t i = 0; i < m->hdr.n_cs; i++) {
    uint8_t id = m->hdr.cs[i].cs_id;
    if (info->cs_ids[i] != id) {
      fail("the crypto sessions are not the update's");
    }
    if (seen[id]++) {
      fail("an update naming a CS ID twice was accepted"); /* RFC 6043 6.1.1 */
    }
    if (mikey_responder_key(resp, xid, id, k, sizeof(k), &kl) != 0 || kl != flow->kek_len ||
        fw_tek(flow, id, x_rr.data, x_rr.len, want, kl) != 0 || memcmp(k, want, kl) != 0) {
      fail("a crypto session of the update lacks the TEK of the exchange's TGK' and RANDs");
    }
  }
  for (uint8_t id = 1; id <= 3; id++) {
    if (!seen[id] && mikey_responder_key(resp, xid, id, k, sizeof(k), &kl) != MIKEY_E_NOT_FOUND) {
      fail("a crypto session the update does not list is still in force");
    }
  }
  if (m->hdr.v != (olen > 0)) {
    fail("a TRANSFER_RESP written against the update's V flag");
  }
  if (olen > 0) {
    uint8_t *copy = malloc(olen);
    if (!copy || mikey_msg_decode(m, out, olen) != 0 ||
        m->hdr.data_type != MIKEY_DT_TRANSFER_RESP || m->hdr.csb_id != info->csb_id ||
        info->csb_id != x_csb) {
      fail("the answer is not a TRANSFER_RESP of the exchange");
    }
    memcpy(copy, out, olen);
    if (fw_remac_transfer(flow, copy, olen, in, n) != 0 || memcmp(copy, out, olen) != 0) {
      fail("the answer's V is not that of the exchange's keys over answer || update");
    }
    free(copy);
  }
  if (mikey_responder_on_csb_update(resp, in, n, out, FW_MSG_MAX, &olen, NULL) == 0) {
    fail("the same update was accepted twice");
  }
}

/* one checks the update |in|; returns its code */
static int one(const uint8_t *in, size_t n, int remac) {
  uint32_t xid = start();
  uint8_t *out = malloc(FW_MSG_MAX);
  mikey_msg *m = malloc(sizeof(*m));
  if (!out || !m) {
    fail("out of memory");
  }
  size_t olen = 1;
  mikey_transfer_info info;
  int rc = mikey_responder_on_csb_update(resp, in, n, out, FW_MSG_MAX, &olen, &info);
  if (rc != 0) {
    uint8_t k[64];
    size_t kl = 0;
    int k1 = mikey_responder_key(resp, xid, 1, k, sizeof(k), &kl);
    if (k1 != 0 || kl != flow->kek_len || memcmp(k, flow->kek, kl) != 0) {
      fail("a refused update took the TEK of CS 1");
    }
    if (olen != 0) {
      fail("a refused update wrote a TRANSFER_RESP");
    }
    if (mikey_responder_key(resp, xid, 3, k, sizeof(k), &kl) != MIKEY_E_NOT_FOUND) {
      fail("a refused update changed the crypto sessions");
    }
  } else {
    if (mikey_msg_decode(m, in, n) != 0) {
      fail("an accepted update does not decode");
    }
    accepted(in, n, m, &info, xid, out, olen, remac);
  }
  mikey_responder_forget(resp, xid);
  free(m);
  free(out);
  return rc;
}

static void setup(void) {
  fuzz_init();
  ops = fw_replay_ops(&cache);
  flow = malloc(sizeof(*flow));
  x_msgs = malloc(3 * sizeof(*x_msgs));
  if (!flow || !x_msgs || fw_flow_run(FW_IMS, flow) != 0) {
    fail("the world's own exchange fails");
  }
  const mikey_payload *tsp = NULL, *rrp = NULL, *mod = NULL;
  if (mikey_msg_decode(&x_msgs[0], flow->tinit, flow->tinit_len) == 0 &&
      mikey_msg_decode(&x_msgs[1], flow->tresp, flow->tresp_len) == 0 &&
      mikey_msg_decode(&x_msgs[2], flow->sresp, flow->sresp_len) == 0) {
    tsp = mikey_msg_find(&x_msgs[0], MIKEY_PT_T, -1);
    rrp = mikey_msg_find(&x_msgs[1], MIKEY_PT_RANDR, MIKEY_RAND_R);
    mod = mikey_msg_find(&x_msgs[2], MIKEY_PT_IDR, MIKEY_ROLE_R);
  }
  if (!tsp || !rrp || !mod) {
    fail("the world's exchange lacks a T, RANDRr or modifier");
  }
  x_csb = x_msgs[0].hdr.csb_id;
  x_t = mikey_ts_value64(&tsp->u.t);
  x_rr = rrp->u.rand.rand;
  x_mod = mod->u.id;
  uint8_t want[64];
  if (fw_tek(flow, 1, x_rr.data, x_rr.len, want, flow->kek_len) != 0 ||
      memcmp(want, flow->kek, flow->kek_len) != 0) {
    fail("the TEK bob derives for CS 1 is not the exchange's");
  }
  rnd = (fw_party){FW_BASE_RESP, 0, 0};
  if (fw_responder_new(&resp, FW_IMS, &rnd, &ops) != 0) {
    fail("responder set-up");
  }
  if (one(flow->upd, flow->upd_len, 0) != 0) {
    fail("the initiator's real update was refused");
  }
  uint8_t b[FW_MSG_MAX];
  memcpy(b, flow->upd, flow->upd_len);
  if (fw_remac_transfer(flow, b, flow->upd_len, NULL, 0) != 0 ||
      memcmp(b, flow->upd, flow->upd_len) != 0) {
    fail("re-MAC of the update is not the initiator's V");
  }
  if (one(b, flow->upd_len, 1) != 0) {
    fail("the re-MACed real update was refused");
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!flow) {
    setup();
  }
  if (size == 0) {
    return 0;
  }
  int remac = (data[0] & 0x80) != 0;
  size_t n = size - 1;
  uint8_t *in = malloc(n ? n : 1);
  if (!in) {
    fail("out of memory");
  }
  memcpy(in, data + 1, n);
  if (remac) {
    (void)fw_remac_transfer(flow, in, n, NULL, 0);
  }
  (void)one(in, n, remac);
  free(in);
  return 0;
}
