/*
 * responder_transfer_init.c: libFuzzer harness for mikey_responder_on_transfer_init, the
 * responder's entry point for a TRANSFER_INIT from anyone. Responder bob of the fixed world
 * (fuzz_world.h), one per scenario, with randomness and an in-harness replay cache reset per
 * input, and the exchange forgotten afterwards, so that every input is judged on its own.
 *
 * Input: byte 0 picks the scenario (its value modulo FW_N: PSK/MIME, PSK/MIME with
 * proof-of-origin, PSK/MIME with PRF MIKEY-1, IMS), the rest is the TRANSFER_INIT.
 *
 * Properties (any break aborts), from roles.h:
 *  - a size query (NULL, 0) returns a refusal or MIKEY_E_BUFFER_TOO_SMALL with the size
 *    needed and changes nothing: a refusal is the same with room to spare (nothing is kept
 *    unless 0 is returned), and the exact room it asked for is enough and used;
 *  - on a refusal nothing is written and no exchange handle is given;
 *  - on success the output decodes as a RESOLVE_INIT_PSK whose CSB ID is the handle, carrying
 *    the TICKET exactly as received (Initiator Data included);
 *  - no key before the KMS has answered: mikey_responder_key() on the new exchange is
 *    MIKEY_E_STATE and writes nothing;
 *  - each scenario's own TRANSFER_INIT is accepted (checked once at start).
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

static void fail(const char *what) {
  fprintf(stderr, "responder_transfer_init: %s\n", what);
  abort();
}

/* the TICKET payload's bytes of the message |b| (|n| bytes) decoded into |m| */
static int ticket_bytes(mikey_msg *m, const uint8_t *b, size_t n, const uint8_t **t,
                        size_t *tl) {
  if (mikey_msg_decode(m, b, n) != 0) {
    return -1;
  }
  const mikey_payload *p = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
  if (!p) {
    return -1;
  }
  /* the Next Payload byte belongs to the chain, not to the ticket */
  *t = b + p->offset + 1;
  *tl = p->len - 1;
  return 0;
}

static void one(int sc, const uint8_t *in, size_t n, int must_accept) {
  mikey_responder *r = resp[sc];
  fw_replay_reset(&cache);
  rnd[sc].drawn = 0;
  size_t need = 0;
  uint32_t xid = 1;
  int rc = mikey_responder_on_transfer_init(r, in, n, NULL, 0, &need, &xid);
  if (rc == 0) {
    fail("a RESOLVE_INIT written into no room");
  }
  if (rc != MIKEY_E_BUFFER_TOO_SMALL) {
    if (need != 0 || xid != 0) {
      fail("a refusal gave a size or a handle");
    }
    if (must_accept) {
      fail("the scenario's own TRANSFER_INIT was refused");
    }
    /* nothing was kept: with room to spare the same refusal */
    size_t cap = 2 * n + 2048, olen = 1;
    uint8_t *out = malloc(cap);
    if (!out) {
      fail("out of memory");
    }
    int rc2 = mikey_responder_on_transfer_init(r, in, n, out, cap, &olen, &xid);
    if (rc2 != rc || olen != 0 || xid != 0) {
      fail("a refusal changed when the room was larger");
    }
    free(out);
    return;
  }
  if (need == 0) {
    fail("MIKEY_E_BUFFER_TOO_SMALL without a size");
  }
  uint8_t *out = malloc(need);
  if (!out) {
    fail("out of memory");
  }
  size_t olen = 0;
  rnd[sc].drawn = 0;
  rc = mikey_responder_on_transfer_init(r, in, n, out, need, &olen, &xid);
  if (rc != 0 || olen != need || xid == 0) {
    fail("the exact room the size query asked for was not enough, or not used");
  }
  mikey_msg *m = malloc(2 * sizeof(*m));
  if (!m) {
    fail("out of memory");
  }
  const uint8_t *t_in, *t_out;
  size_t tl_in, tl_out;
  if (ticket_bytes(m, in, n, &t_in, &tl_in) != 0) {
    fail("an accepted TRANSFER_INIT without a TICKET");
  }
  if (ticket_bytes(m + 1, out, olen, &t_out, &tl_out) != 0) {
    fail("the RESOLVE_INIT does not decode or has no TICKET");
  }
  if (m[1].hdr.data_type != MIKEY_DT_RESOLVE_INIT_PSK || m[1].hdr.csb_id != xid) {
    fail("the output is not a RESOLVE_INIT_PSK of the exchange");
  }
  if (tl_in != tl_out || memcmp(t_in, t_out, tl_in) != 0) {
    fail("the RESOLVE_INIT does not carry the TICKET as received");
  }
  uint8_t k[64];
  memset(k, 0xa5, sizeof(k));
  size_t kl = 0;
  if (mikey_responder_key(r, xid, 1, k, sizeof(k), &kl) != MIKEY_E_STATE) {
    fail("a key of an exchange the KMS has not resolved");
  }
  for (size_t i = 0; i < sizeof(k); i++) {
    if (k[i] != 0xa5) {
      fail("a refused key request wrote key bytes");
    }
  }
  mikey_responder_forget(r, xid);
  free(m);
  free(out);
}

static void setup(void) {
  fuzz_init();
  ops = fw_replay_ops(&cache);
  fw_flow *f = malloc(sizeof(*f));
  if (!f) {
    fail("out of memory");
  }
  for (int sc = 0; sc < FW_N; sc++) {
    rnd[sc] = (fw_party){FW_BASE_RESP, 0, 0};
    if (fw_responder_new(&resp[sc], sc, &rnd[sc], &ops) != 0) {
      fail("responder set-up");
    }
    if (fw_flow_run(sc, f) != 0) {
      fail("the world's own exchange fails");
    }
    one(sc, f->tinit, f->tinit_len, 1);
  }
  free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!resp[0]) {
    setup();
  }
  if (size == 0) {
    return 0;
  }
  size_t n = size - 1;
  uint8_t *in = malloc(n ? n : 1);
  if (!in) {
    fail("out of memory");
  }
  memcpy(in, data + 1, n);
  one(data[0] % FW_N, in, n, 0);
  free(in);
  return 0;
}
