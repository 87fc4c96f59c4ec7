/*
 * roles_test_util.h: fixtures shared by the role engine suites: an injected clock, a
 * counting randomness provider whose output a Python script can reproduce, a KMS with a PSK
 * table, and whole flows initiator <-> KMS <-> responder.
 */
#ifndef ROLES_TEST_UTIL_H
#define ROLES_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/mikey.h>

/* The test clock: 2024-01-01 00:00:00 UTC as NTP seconds. */
#define T0 3913056000u
#define NTPS(s) ((uint64_t)(s) << 32)

/* A randomness provider that writes base + n, base + n + 1, ... (n: bytes drawn so far),
 * so tests/vectors/roles/gen_roles.py knows every random byte. */
typedef struct test_rand {
  uint8_t base;
  uint64_t drawn;
  uint64_t calls;
  int fail; /* non-zero: the next call fails */
} test_rand;

/* The shared clock. */
typedef struct test_clock {
  uint64_t now;
} test_clock;

/* One party's mikey_env: the shared clock and its own randomness. */
typedef struct test_party {
  test_clock *clock;
  test_rand rnd;
} test_party;

void test_party_init(test_party *p, test_clock *c, uint8_t base);
mikey_env test_party_env(test_party *p);

/* Identities and keys of the test world. */
extern const mikey_identity ID_ALICE, ID_BOB, ID_CAROL, ID_KMS, ID_PSK_ALICE, ID_PSK_BOB,
    ID_PSK_CAROL, ID_TPK;
extern const uint8_t KMS_ID[6];
extern uint8_t PSK_ALICE[32], PSK_BOB[32], PSK_CAROL[32], TPK[32];

/* The whole world of one flow. */
typedef struct flow {
  test_clock clock;
  test_party pi, pk, pr; /* initiator, KMS, responder */
  mikey_role_profile prof;
  mikey_initiator *ini;
  mikey_kms *kms;
  mikey_responder *resp;
  size_t psk_len;        /* length of every PSK and of the TPK (16 or 32) */
  int authz_request;     /* MIKEY_CB_OK / MIKEY_CB_NO / negative for the KMS callbacks */
  int authz_resolve;
  int psk_fail;          /* psk_lookup returns this when non-zero */
  uint32_t xid;          /* responder exchange of the last resolve */
  /* message buffers */
  uint8_t req[4096], rresp[4096], tinit[4096], rinit[4096], sresp[4096], tresp[4096];
  size_t req_len, rresp_len, tinit_len, rinit_len, sresp_len, tresp_len;
  mikey_kms_result res;  /* of the last KMS call */
  mikey_ticket_info tinfo;
  mikey_transfer_info xinfo; /* initiator, after prepare */
  mikey_transfer_info rinfo; /* responder, after resolve */
} flow;

/* The KMS's PSK table (user_data: the flow): by IDRpsk, else by identity. */
int test_psk_lookup(void *ud, const mikey_kms_psk_query *q, uint8_t *key, size_t cap,
                    size_t *key_len);

/* flow_new sets up initiator alice, KMS, responder bob with profile |prof| (the KMS serves
 * it and the other preset), PSKs and TPK of |psk_len| bytes. Aborts the test on failure. */
flow *flow_new(const mikey_role_profile *prof, size_t psk_len);
void flow_free(flow *f);

/* flow_request runs request -> KMS -> response; returns the initiator's result. */
int flow_request(flow *f);
/* flow_transfer prepares and finishes a TRANSFER_INIT (|poo| may be NULL), keeping the
 * initiator's KEK of CS 1 in |kek| (may be NULL). Returns the first failing code. */
int flow_transfer(flow *f, const uint8_t *poo, size_t poo_len, uint8_t *kek, size_t *kek_len);
/* flow_resolve hands f->tinit to the responder, the RESOLVE_INIT to the KMS and its answer
 * back; returns the first failing code. */
int flow_resolve(flow *f);

/* remac_initial recomputes the V of an initial message (REQUEST_INIT, RESOLVE_INIT) in
 * |buf| after a test changed it, with the PSK |psk|; identities |a|, |b| as Table 5.2. */
void remac_initial(uint8_t *buf, size_t len, const uint8_t *psk, size_t psk_len,
                   const mikey_identity *a, const mikey_identity *b);

#endif /* ROLES_TEST_UTIL_H */
