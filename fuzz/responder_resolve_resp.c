/*
 * responder_resolve_resp.c: libFuzzer harness for mikey_responder_on_resolve_resp, the
 * responder's handling of the KMS's answer. For every input the responder of the fixed world
 * (fuzz_world.h; randomness and an in-harness replay cache reset per input) first takes the
 * scenario's valid TRANSFER_INIT (fixed, from fw_flow_run), which writes the same
 * RESOLVE_INIT every time; then the fuzz input is handed to it as the RESOLVE_RESP. The seeds
 * are the KMS's real answers to that RESOLVE_INIT (and an unauthenticated Error message), so
 * mutations reach the V check, the KEMAC and the TRANSFER_INIT verification.
 *
 * Input: byte 0: bits 0..1 pick the scenario (PSK/MIME, PSK/MIME with proof-of-origin,
 * PSK/MIME with PRF MIKEY-1, IMS); bit 7 set: the V of the input is recomputed with bob's
 * PSK over RESOLVE_RESP || RESOLVE_INIT first (fw_remac_response; a KMS that knows the
 * PSK, so that mutations of the KEMAC and the payloads behind the V are fuzzed). The rest is
 * the RESOLVE_RESP.
 *
 * Properties (any break aborts), from roles.h:
 *  - keys are released only when 0 was returned: after a refusal mikey_responder_key() on the
 *    exchange is MIKEY_E_STATE (still pending) or MIKEY_E_NOT_FOUND (ended), writes nothing,
 *    and info says no keys are ready; after 0 it gives the key, once (no KEK reuse);
 *  - without re-MAC, an accepted answer yields exactly the key the initiator holds (no other
 *    RESOLVE_RESP can pass: the V needs bob's PSK);
 *  - an Error message is reported with the exchange's handle; an accepted exchange is no
 *    longer pending (the same answer again is MIKEY_E_NO_PENDING);
 *  - each scenario's own RESOLVE_RESP is accepted with the initiator's key (checked once at
 *    start, so that the harness is known to reach the success path), and re-MAC gives it its
 *    own V (so the re-MAC mode works).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "fuzz_keys.h"
#include "fuzz_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mikey_responder *resp[FW_N];
static fw_party rnd[FW_N];
static fw_replay cache;
static mikey_replay_ops ops;
static fw_flow *flows;

static void fail(const char *what) {
  fprintf(stderr, "responder_resolve_resp: %s\n", what);
  abort();
}

/* start gives the scenario's exchange the fixed TRANSFER_INIT; returns its handle */
static uint32_t start(int sc) {
  const fw_flow *f = &flows[sc];
  fw_replay_reset(&cache);
  rnd[sc].drawn = 0;
  uint8_t ri[FW_MSG_MAX];
  size_t rl = 0;
  uint32_t xid = 0;
  if (mikey_responder_on_transfer_init(resp[sc], f->tinit, f->tinit_len, ri, sizeof(ri), &rl,
                                       &xid) != 0) {
    fail("the fixed TRANSFER_INIT was refused");
  }
  if (xid != f->xid || rl != f->rinit_len || memcmp(ri, f->rinit, rl) != 0) {
    fail("the RESOLVE_INIT differs from the one the seeds answer");
  }
  return xid;
}

static void setup(void) {
  fuzz_init();
  ops = fw_replay_ops(&cache);
  flows = calloc(FW_N, sizeof(*flows));
  if (!flows) {
    fail("out of memory");
  }
  for (int sc = 0; sc < FW_N; sc++) {
    rnd[sc] = (fw_party){FW_BASE_RESP, 0, 0};
    if (fw_responder_new(&resp[sc], sc, &rnd[sc], &ops) != 0) {
      fail("responder set-up");
    }
    if (fw_flow_run(sc, &flows[sc]) != 0) {
      fail("the world's own exchange fails");
    }
  }
  /* the harness reaches the success path: each scenario's own answer is accepted */
  for (int sc = 0; sc < FW_N; sc++) {
    uint32_t xid = start(sc);
    uint8_t k[64];
    size_t kl = 0;
    if (mikey_responder_on_resolve_resp(resp[sc], flows[sc].sresp, flows[sc].sresp_len,
                                        NULL) != 0 ||
        mikey_responder_key(resp[sc], xid, 1, k, sizeof(k), &kl) != 0 ||
        kl != flows[sc].kek_len || memcmp(k, flows[sc].kek, kl) != 0) {
      fail("the scenario's own RESOLVE_RESP was refused");
    }
    /* the re-MAC mode is known to work: it gives the KMS's answer its own V */
    uint8_t b[FW_MSG_MAX];
    const fw_flow *f = &flows[sc];
    memcpy(b, f->sresp, f->sresp_len);
    if (fw_remac_response(b, f->sresp_len, f->rinit, f->rinit_len) != 0 ||
        memcmp(b, f->sresp, f->sresp_len) != 0) {
      fail("re-MAC of a RESOLVE_RESP is not the KMS's V");
    }
    mikey_responder_forget(resp[sc], xid);
  }
}

static int key_untouched(const uint8_t *k, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (k[i] != 0xa5) {
      return 0;
    }
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!flows) {
    setup();
  }
  if (size == 0) {
    return 0;
  }
  int sc = data[0] & 3, remac = (data[0] & 0x80) != 0;
  mikey_responder *r = resp[sc];
  const fw_flow *f = &flows[sc];
  uint32_t xid = start(sc);
  size_t n = size - 1;
  uint8_t *in = malloc(n ? n : 1);
  if (!in) {
    fail("out of memory");
  }
  memcpy(in, data + 1, n);
  if (remac) {
    (void)fw_remac_response(in, n, f->rinit, f->rinit_len);
  }
  mikey_transfer_info info;
  memset(&info, 0x5a, sizeof(info));
  int rc = mikey_responder_on_resolve_resp(r, in, n, &info);
  uint8_t k[64];
  memset(k, 0xa5, sizeof(k));
  size_t kl = 0;
  int krc = mikey_responder_key(r, xid, 1, k, sizeof(k), &kl);
  if (rc == 0) {
    if (krc != 0 || !info.keys_ready || info.xid != xid || kl != info.key_len) {
      fail("accepted, but the key is not released as info says");
    }
    if (!remac && (kl != f->kek_len || memcmp(k, f->kek, kl) != 0)) {
      fail("an accepted RESOLVE_RESP gave another key than the initiator's");
    }
    memset(k, 0xa5, sizeof(k));
    if (mikey_responder_key(r, xid, 1, k, sizeof(k), &kl) != MIKEY_E_KEK_REUSE ||
        !key_untouched(k, sizeof(k))) {
      fail("a key was released twice");
    }
    if (mikey_responder_on_resolve_resp(r, in, n, NULL) != MIKEY_E_NO_PENDING) {
      fail("an accepted exchange is still pending");
    }
  } else {
    if ((krc != MIKEY_E_STATE && krc != MIKEY_E_NOT_FOUND) || !key_untouched(k, sizeof(k))) {
      fail("a key was released although the RESOLVE_RESP was refused");
    }
    if (info.keys_ready != 0) {
      fail("a refusal says keys are ready");
    }
    if (rc == MIKEY_E_PEER_ERROR && info.xid != xid) {
      fail("an Error message reported without the exchange's handle");
    }
  }
  mikey_responder_forget(r, xid);
  free(in);
  return 0;
}
