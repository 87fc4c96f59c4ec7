/*
 * kms_process.c: libFuzzer harness for the KMS entry point, mikey_kms_process, on one KMS of
 * the fixed world (fuzz_world.h: fixed PSKs, TPK, clock; randomness and an in-harness replay
 * cache reset per input, so that every input is judged on its own).
 *
 * Input: byte 0 is the mode, the rest the message. Mode bit 0 set: before processing, the V
 * of the message is recomputed with the PSK of the identity it names (fw_remac_initial; in a
 * RESOLVE_INIT the ticket's V with the TPK first), so that mutations get past the V checks
 * into the Ticket Policy, ticket and authorization checks behind them. Mode bit 0 clear: the bytes go to the KMS as they are.
 *
 * Properties (any break aborts), from roles.h:
 *  - a size query (NULL, 0) returns 0 only with nothing written (no readable HDR), else
 *    MIKEY_E_BUFFER_TOO_SMALL with the size needed, and commits nothing (the replay cache
 *    stays empty);
 *  - with exactly that room the call returns 0 and writes exactly that many bytes;
 *  - |res| is consistent: a response has reason 0, an Error message a non-zero reason and
 *    Error no mikey_err_to_wire(reason); data_type is the input's; a decode refusal's offset
 *    lies inside the input;
 *  - the answer decodes: a REQUEST_RESP for a REQUEST_INIT_PSK, a RESOLVE_RESP for a
 *    RESOLVE_INIT_PSK, or an Error message with the input's CSB ID whose Error no and V
 *    flag are those of |res|; an Error message commits nothing to the replay cache;
 *  - never a response for garbage: without re-MAC, a response is only given to one of the
 *    messages the world's own initiator and responder wrote (the V proves the PSK), and
 *    every one of those is answered with a response;
 *  - the same message again is refused as a replay (MIKEY_E_REPLAY) once it was answered;
 *  - (at start) re-MAC gives the world's own messages their own V, so the mode works.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "fuzz_keys.h"
#include "fuzz_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mikey_kms *kms;
static fw_party rnd = {FW_BASE_KMS, 0, 0};
static fw_replay cache;
static mikey_replay_ops ops;
static fw_flow *flows; /* the legitimate messages of every scenario */

static void fail(const char *what) {
  fprintf(stderr, "kms_process: %s\n", what);
  abort();
}

static int legitimate(const uint8_t *b, size_t n) {
  for (int sc = 0; sc < FW_N; sc++) {
    const fw_flow *f = &flows[sc];
    if ((n == f->req_len && memcmp(b, f->req, n) == 0) ||
        (n == f->rinit_len && memcmp(b, f->rinit, n) == 0)) {
      return 1;
    }
  }
  return 0;
}

static void setup(void) {
  fuzz_init();
  flows = calloc(FW_N, sizeof(*flows));
  if (!flows) {
    fail("out of memory");
  }
  for (int sc = 0; sc < FW_N; sc++) {
    if (fw_flow_run(sc, &flows[sc]) != 0) {
      fail("the world's own exchange fails");
    }
    /* the re-MAC mode is known to work: it gives the world's own messages their own V */
    uint8_t b[FW_MSG_MAX];
    const fw_flow *f = &flows[sc];
    memcpy(b, f->req, f->req_len);
    if (fw_remac_initial(b, f->req_len) != 0 || memcmp(b, f->req, f->req_len) != 0) {
      fail("re-MAC of a REQUEST_INIT is not the initiator's V");
    }
    memcpy(b, f->rinit, f->rinit_len);
    if (fw_remac_initial(b, f->rinit_len) != 0 || memcmp(b, f->rinit, f->rinit_len) != 0) {
      fail("re-MAC of a RESOLVE_INIT is not the responder's V");
    }
  }
  ops = fw_replay_ops(&cache);
  if (fw_kms_new(&kms, &rnd, &ops) != 0) {
    fail("KMS set-up");
  }
}

static void check_answer(const uint8_t *in, size_t n, const uint8_t *out, size_t olen,
                         const mikey_kms_result *res, int raw) {
  mikey_hdr h;
  uint8_t next;
  size_t used;
  if (mikey_hdr_decode(&h, in, n, &next, &used) != 0) {
    fail("an answer to an input without a readable HDR");
  }
  if (res->data_type != h.data_type) {
    fail("res->data_type is not the input's");
  }
  if (res->reason <= -100 && res->reason > -200 && res->err_offset > n) {
    fail("decode refusal offset outside the input");
  }
  mikey_msg *m = malloc(sizeof(*m));
  if (!m) {
    fail("out of memory");
  }
  if (res->wrote == MIKEY_KMS_WROTE_RESPONSE) {
    if (res->reason != 0) {
      fail("a response with a refusal reason");
    }
    if (raw && !legitimate(in, n)) {
      fail("a response to a message none of the world's parties wrote");
    }
    if (mikey_msg_decode(m, out, olen) != 0) {
      fail("the response does not decode");
    }
    uint8_t want = h.data_type == MIKEY_DT_REQUEST_INIT_PSK ? MIKEY_DT_REQUEST_RESP
                   : h.data_type == MIKEY_DT_RESOLVE_INIT_PSK ? MIKEY_DT_RESOLVE_RESP
                                                              : 0xff;
    if (m->hdr.data_type != want || m->hdr.csb_id != h.csb_id) {
      fail("the response is not the answer to the input's exchange");
    }
    if (cache.n != 1) {
      fail("an answered message was not recorded in the replay cache once");
    }
  } else if (res->wrote == MIKEY_KMS_WROTE_ERROR) {
    mikey_errmsg_info ei;
    if (res->reason == 0 || res->error_no != mikey_err_to_wire(res->reason)) {
      fail("Error message without reason, or with another Error no");
    }
    if (mikey_errmsg_parse(out, olen, &ei) != 0) {
      fail("the Error message does not parse");
    }
    if (ei.csb_id != h.csb_id || ei.error_no != res->error_no ||
        ei.has_v != res->error_has_v) {
      fail("the Error message disagrees with res");
    }
    if (cache.n != 0) {
      fail("a refused message was recorded in the replay cache");
    }
    if (raw && legitimate(in, n)) {
      fail("a message of the world's own parties was refused");
    }
  } else {
    fail("0 returned with nothing written for an input with a readable HDR");
  }
  free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!kms) {
    setup();
  }
  if (size == 0) {
    return 0;
  }
  int raw = (data[0] & 1) == 0;
  size_t n = size - 1;
  uint8_t *in = malloc(n ? n : 1);
  if (!in) {
    fail("out of memory");
  }
  memcpy(in, data + 1, n);
  if (!raw) {
    (void)fw_remac_initial(in, n);
  }
  fw_replay_reset(&cache);
  rnd.drawn = 0;

  mikey_kms_result res;
  size_t need = 0;
  int rc = mikey_kms_process(kms, in, n, NULL, 0, &need, &res);
  if (rc == 0) {
    if (res.wrote != MIKEY_KMS_WROTE_NOTHING || need != 0 || res.reason == 0 ||
        res.data_type != 0xff) {
      fail("size query: 0 returned but something was answered");
    }
  } else if (rc != MIKEY_E_BUFFER_TOO_SMALL || need == 0) {
    fail("size query: neither 0 nor MIKEY_E_BUFFER_TOO_SMALL with a size");
  } else {
    if (cache.n != 0) {
      fail("size query committed to the replay cache");
    }
    uint8_t *out = malloc(need);
    if (!out) {
      fail("out of memory");
    }
    size_t olen = 0;
    rnd.drawn = 0;
    rc = mikey_kms_process(kms, in, n, out, need, &olen, &res);
    if (rc != 0 || olen != need) {
      fail("the exact room the size query asked for was not enough, or not used");
    }
    check_answer(in, n, out, olen, &res, raw);
    if (res.wrote == MIKEY_KMS_WROTE_RESPONSE) {
      /* the same message again: a replay (RFC 6043 12.4) */
      uint8_t *again = malloc(4096);
      if (!again) {
        fail("out of memory");
      }
      rc = mikey_kms_process(kms, in, n, again, 4096, &olen, &res);
      if (rc != 0 || res.wrote != MIKEY_KMS_WROTE_ERROR || res.reason != MIKEY_E_REPLAY) {
        fail("a message answered once was not refused as a replay");
      }
      free(again);
    }
    free(out);
  }
  free(in);
  return 0;
}
