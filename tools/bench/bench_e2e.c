/*
 * bench_e2e.c: end to end (issue 8): a 1 KiB SIP MESSAGE body (an inner MIME entity of 1024
 * bytes) protected by the sender and opened by the receiver through the PSK/MIME profile API
 * (<mikey/pskmime.h>), with the system's randomness on both ends (gcry_randomize) and the KMS
 * of bench_world.c between them.
 *  - sender: mikey_pskmime_protect (a new transfer, its KEK, the AuthEnvelopedData, the
 *    TRANSFER_INIT with its V, the multipart body), next to its libgcrypt floor;
 *  - receiver: mikey_pskmime_receive + mikey_pskmime_open of a fresh body each time (a body
 *    is accepted once), the receiver's own CPU time only: the sender and the KMS run between
 *    the timed parts;
 *  - round trip: sender, receiver and KMS for one message on one core, next to its floor.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/base64.h>
#include <mikey/pskmime.h>

#include "bench.h"
#include "bench_world.h"

#define MIME_LEN 1024
#define BODY_CAP 8192

typedef struct e2e_state {
  bench_world *w;
  mikey_cms_ctx *cms;
  mikey_pskmime_receiver *rx;
  uint8_t mime[MIME_LEN], got[MIME_LEN];
  uint8_t body[BODY_CAP], rinit[4096], rresp[4096];
  size_t body_len, rinit_len, rresp_len;
  char ctype[MIKEY_SIPBODY_CTYPE_SIZE];
  double clock_ns; /* cost of one pair of CPU-clock reads, subtracted */
  uint8_t parsed[BODY_CAP], b64[4096];
  size_t b64_len;
} e2e_state;

static void e2e_teardown(void *state) {
  e2e_state *s = state;
  if (!s) {
    return;
  }
  mikey_pskmime_receiver_free(s->rx);
  mikey_cms_ctx_free(s->cms);
  bench_world_free(s->w);
  free(s);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static int e2e_setup(void **state) {
  e2e_state *s = calloc(1, sizeof(*s));
  *state = s;
  if (!s) {
    return -1;
  }
  /* the inner MIME entity: header, empty line, text, CRLF line ends (canonical form) */
  static const char head[] = "Content-Type: text/plain;charset=utf-8\r\n\r\n";
  memcpy(s->mime, head, sizeof(head) - 1);
  for (size_t i = sizeof(head) - 1; i < MIME_LEN; i++) {
    s->mime[i] = (i % 64 == 62) ? '\r' : (i % 64 == 63) ? '\n' : (uint8_t)('a' + i % 26);
  }
  bench_world_opts o = {.key_len = 16, .ends_rng = 1};
  if (bench_world_new(&s->w, &o) != 0 || mikey_cms_ctx_new(&s->cms) != 0 ||
      mikey_pskmime_receiver_new(&s->rx, &s->w->rcfg) != 0) {
    return -1;
  }
  uint64_t v[1001];
  for (size_t i = 0; i < 1001; i++) {
    uint64_t t0 = bench_cpu_ns();
    v[i] = bench_cpu_ns() - t0;
  }
  qsort(v, 1001, sizeof(v[0]), cmp_u64);
  s->clock_ns = (double)v[500];
  return 0;
}

static int protect(e2e_state *s) {
  return mikey_pskmime_protect(s->w->ini, s->cms, NULL, s->mime, MIME_LEN, s->body,
                               sizeof(s->body), &s->body_len, s->ctype, NULL);
}

static int receive(e2e_state *s) {
  uint32_t xid;
  return mikey_pskmime_receive(s->rx, s->ctype, strlen(s->ctype), s->body, s->body_len,
                               s->rinit, sizeof(s->rinit), &s->rinit_len, &xid);
}

static int kms(e2e_state *s) {
  mikey_kms_result res;
  int rc = mikey_kms_process(s->w->kms, s->rinit, s->rinit_len, s->rresp, sizeof(s->rresp),
                             &s->rresp_len, &res);
  return rc ? rc : res.wrote == MIKEY_KMS_WROTE_RESPONSE ? 0 : -1;
}

static int open_body(e2e_state *s) {
  size_t n = 0;
  int rc = mikey_pskmime_open(s->rx, s->rresp, s->rresp_len, s->got, sizeof(s->got), &n, NULL);
  return rc ? rc : n == MIME_LEN && memcmp(s->got, s->mime, MIME_LEN) == 0 ? 0 : -1;
}

static int op_protect(void *state) { return protect(state); }

static int op_roundtrip(void *state) {
  e2e_state *s = state;
  int rc = protect(s);
  if (rc == 0) {
    rc = receive(s);
  }
  if (rc == 0) {
    rc = kms(s);
  }
  return rc ? rc : open_body(s);
}

/* value_receiver: the receiver's CPU time per message over a batch of fresh bodies (at
 * least --min-ms of receiver time) */
static int value_receiver(void *state, double *out) {
  e2e_state *s = state;
  uint64_t spent = 0, n = 0;
  while ((double)spent < bench_min_ms * 1e6 || n < 16) {
    int rc = protect(s);
    uint64_t t0 = bench_cpu_ns();
    rc = rc ? rc : receive(s);
    uint64_t t1 = bench_cpu_ns();
    rc = rc ? rc : kms(s);
    uint64_t t2 = bench_cpu_ns();
    rc = rc ? rc : open_body(s);
    uint64_t t3 = bench_cpu_ns();
    if (rc) {
      return rc;
    }
    spent += (t1 - t0) + (t3 - t2);
    n++;
  }
  *out = (double)spent / (double)n - 2 * s->clock_ns;
  return 0;
}

/* one body protected for the parse cases, and 2 KiB of MIME base64 (76-column lines) */
static int parse_setup(void **state) {
  int rc = e2e_setup(state);
  e2e_state *s = *state;
  if (rc == 0) {
    rc = protect(s);
  }
  uint8_t two[2 * MIME_LEN];
  memcpy(two, s->mime, MIME_LEN);
  memcpy(two + MIME_LEN, s->mime, MIME_LEN);
  if (rc == 0) {
    rc = mikey_base64_encode(two, sizeof(two), 76, s->b64, sizeof(s->b64), &s->b64_len);
  }
  return rc;
}

static int op_sipbody_parse(void *state) {
  e2e_state *s = state;
  size_t n = 0;
  mikey_sipbody res;
  int rc = mikey_sipbody_parse(s->ctype, strlen(s->ctype), s->body, s->body_len, s->parsed,
                               sizeof(s->parsed), &n, &res, NULL);
  bench_sink += n;
  return rc;
}

static int op_base64_decode(void *state) {
  e2e_state *s = state;
  size_t n = 0;
  int rc = mikey_base64_decode(s->b64, s->b64_len, MIKEY_BASE64_MIME, s->parsed,
                               sizeof(s->parsed), &n);
  bench_sink += n;
  return rc ? rc : n == 2 * MIME_LEN ? 0 : -1;
}

const bench_case bench_e2e_cases[] = {
    {.name = "e2e.sender_protect.sip_1k", .unit = "ns/msg", .setup = e2e_setup,
     .teardown = e2e_teardown, .op = op_protect, .floor = 1},
    {.name = "e2e.receiver_open.sip_1k", .unit = "ns/msg", .setup = e2e_setup,
     .teardown = e2e_teardown, .value = value_receiver},
    {.name = "e2e.roundtrip.sip_1k", .unit = "ns/msg", .setup = e2e_setup,
     .teardown = e2e_teardown, .op = op_roundtrip, .floor = 1},
    /* two pieces of the receiver's path, for where its time goes */
    {.name = "e2e.sipbody_parse.sip_1k", .unit = "ns/msg", .setup = parse_setup,
     .teardown = e2e_teardown, .op = op_sipbody_parse},
    {.name = "wire.base64_decode.2k_mime", .unit = "MiB/s", .setup = parse_setup,
     .teardown = e2e_teardown, .op = op_base64_decode, .bytes = 2048},
};
const size_t bench_e2e_ncases = sizeof(bench_e2e_cases) / sizeof(bench_e2e_cases[0]);
