/*
 * bench_codec.c: codec cases: decode and encode of a TRANSFER_INIT that carries a ticket (the
 * 389-byte message of tests/codec_vectors.c) and of a REQUEST_RESP built around the same
 * ticket, and the heap allocations one decode makes (there must be none).
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/codec.h>

#include "bench.h"
#include "codec_vectors.h"

typedef struct {
  uint8_t in[1024];
  size_t len;
  uint8_t out[1024];
  mikey_msg msg;
  mikey_plist list;
} codec_state;

/* Compilers may not drop work whose result lands here. */
static volatile size_t sink;

static int state_new(codec_state **s) {
  *s = calloc(1, sizeof(**s));
  return *s ? 0 : -1;
}

static int setup_transfer_init(void **state) {
  codec_state *s;
  if (state_new(&s)) {
    return -1;
  }
  s->len = vec_bytes(vec_transfer_init, s->in, sizeof(s->in));
  *state = s;
  return s->len && mikey_msg_decode(&s->msg, s->in, s->len) == 0 ? 0 : -1;
}

/* REQUEST_RESP = HDR, T, IDRkms, TICKET, KEMAC, V (RFC 6043 4.2.1.5), with the ticket of the
 * TRANSFER_INIT vector and a KEMAC carrying MPKi and a TGK (AES-CM-256, 50 bytes). */
static int setup_request_resp(void **state) {
  static const uint8_t kms[] = "kms.ims.test";
  static const uint8_t ct[50] = {0xc0}, mac[32] = {0xa0};
  codec_state *s;
  mikey_msg *ti = malloc(sizeof(*ti)), *m = malloc(sizeof(*m));
  uint8_t *tib = malloc(1024);
  int rc = -1;
  if (state_new(&s) || !ti || !m || !tib) {
    goto done;
  }
  *state = s;
  size_t tilen = vec_bytes(vec_transfer_init, tib, 1024);
  if (!tilen || mikey_msg_decode(ti, tib, tilen) != 0) {
    goto done;
  }
  mikey_msg_init(m, MIKEY_DT_REQUEST_RESP);
  m->hdr.prf = MIKEY_PRF_HMAC_SHA_256;
  m->hdr.csb_id = 0x12345678u;
  m->hdr.map_type = MIKEY_MAP_EMPTY;
  mikey_payload *p = mikey_msg_add(m, MIKEY_PT_T);
  p->u.t.value = UINT64_C(0xe94b3c2e00000000);
  p = mikey_msg_add(m, MIKEY_PT_IDR);
  p->u.id = (mikey_id){MIKEY_ROLE_KMS, MIKEY_ID_URI, {kms, 12}};
  p = mikey_msg_add(m, MIKEY_PT_TICKET);
  *p = *mikey_msg_find(ti, MIKEY_PT_TICKET, -1);
  p = mikey_msg_add(m, MIKEY_PT_KEMAC);
  p->u.kemac.encr_alg = MIKEY_ENCR_AES_CM_256;
  p->u.kemac.encr_data = (mikey_bytes){ct, sizeof(ct)};
  p = mikey_msg_add(m, MIKEY_PT_V);
  p->u.v.alg = MIKEY_MAC_HMAC_SHA_256_256;
  p->u.v.mac = (mikey_bytes){mac, sizeof(mac)};
  if (mikey_msg_encode(m, s->in, sizeof(s->in), &s->len) == 0 &&
      mikey_msg_decode(&s->msg, s->in, s->len) == 0) {
    rc = 0;
  }
done:
  free(tib);
  free(m);
  free(ti);
  return rc;
}

static void teardown(void *state) { free(state); }

static int op_decode(void *state) {
  codec_state *s = state;
  int rc = mikey_msg_decode(&s->msg, s->in, s->len);
  sink += s->msg.n;
  return rc;
}

static int op_encode(void *state) {
  codec_state *s = state;
  size_t n;
  int rc = mikey_msg_encode(&s->msg, s->out, sizeof(s->out), &n);
  sink += n;
  return rc;
}

/* decode the message and every nested list of its TICKET, as a responder does */
static int op_decode_deep(void *state) {
  codec_state *s = state;
  int rc = mikey_msg_decode(&s->msg, s->in, s->len);
  const mikey_payload *t = rc ? NULL : mikey_msg_find(&s->msg, MIKEY_PT_TICKET, -1);
  if (!t) {
    return -1;
  }
  rc = mikey_tp_data_decode(&s->list, t->u.ticket.tp.tp_data.data, t->u.ticket.tp.tp_data.len);
  rc |= mikey_ticket_data_decode(&s->list, t->u.ticket.ticket_data.data,
                                 t->u.ticket.ticket_data.len);
  sink += s->list.n;
  return rc;
}

static int op_validate(void *state) {
  codec_state *s = state;
  return mikey_msg_validate(&s->msg, MIKEY_VALIDATE_PSKMIME | MIKEY_VALIDATE_STRICT);
}

static int value_allocs(void *state, double *out) {
  codec_state *s = state;
  const int rounds = 1000;
  uint64_t before = bench_allocs();
  for (int i = 0; i < rounds; i++) {
    if (op_decode(s) != 0) {
      return -1;
    }
  }
  *out = (double)(bench_allocs() - before) / rounds;
  return 0;
}

const bench_case bench_codec_cases[] = {
    {.name = "codec.decode.transfer_init", .unit = "ns/msg", .setup = setup_transfer_init,
     .teardown = teardown, .op = op_decode, .has_target = 1, .target = 150.0},
    {.name = "codec.encode.transfer_init", .unit = "ns/msg", .setup = setup_transfer_init,
     .teardown = teardown, .op = op_encode},
    {.name = "codec.decode_deep.transfer_init", .unit = "ns/msg", .setup = setup_transfer_init,
     .teardown = teardown, .op = op_decode_deep},
    {.name = "codec.validate.transfer_init", .unit = "ns/msg", .setup = setup_transfer_init,
     .teardown = teardown, .op = op_validate},
    {.name = "codec.allocs.decode_transfer_init", .unit = "allocs/decode",
     .setup = setup_transfer_init, .teardown = teardown, .value = value_allocs,
     .has_target = 1, .target = 0.0},
    {.name = "codec.decode.request_resp", .unit = "ns/msg", .setup = setup_request_resp,
     .teardown = teardown, .op = op_decode, .has_target = 1, .target = 150.0},
    {.name = "codec.encode.request_resp", .unit = "ns/msg", .setup = setup_request_resp,
     .teardown = teardown, .op = op_encode},
    {.name = "codec.allocs.decode_request_resp", .unit = "allocs/decode",
     .setup = setup_request_resp, .teardown = teardown, .value = value_allocs, .has_target = 1,
     .target = 0.0},
};
const size_t bench_codec_ncases = sizeof(bench_codec_cases) / sizeof(bench_codec_cases[0]);
