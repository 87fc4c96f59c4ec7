/*
 * pskmime_test_util.h: a whole PSK/MIME world in one process for the pskmime suites: an
 * injected clock, counting randomness per party, a KMS (mikey_kms_new) with a PSK table, the
 * initiator alice and a receiver for bob; public API only.
 */
#ifndef PSKMIME_TEST_UTIL_H
#define PSKMIME_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/mikey.h>

/* 2024-01-01 00:00:00 UTC as NTP seconds. */
#define PT_T0 3913056000u
#define PT_NTPS(s) ((uint64_t)(s) << 32)

/* Counting randomness: base + n, base + n + 1, ... (n: bytes drawn so far). */
typedef struct pt_party {
  uint64_t *now;
  uint8_t base;
  uint64_t drawn, calls;
  int fail; /* non-zero: the next draw fails */
} pt_party;

typedef struct pt_world {
  uint64_t now;
  pt_party pi, pk, pr, pr2; /* initiator, KMS, receiver, a second plain responder */
  mikey_role_profile prof;
  mikey_initiator *ini;
  mikey_kms *kms;
  mikey_pskmime_receiver *rx;
  mikey_responder *r2;      /* bob's credentials again: gives the tests the KEK */
  int authz_resolve;        /* MIKEY_CB_OK or MIKEY_CB_NO */
  /* the last message of each step */
  uint8_t body[16384], rinit[4096], rresp[4096];
  size_t body_len, rinit_len, rresp_len;
  char ctype[MIKEY_SIPBODY_CTYPE_SIZE];
  mikey_pskmime_sent sent;
  uint32_t xid;
  mikey_kms_result kres;
  mikey_responder_config rcfg; /* the receiver's */
} pt_world;

extern const mikey_identity PT_ALICE, PT_BOB, PT_KMS;

/* pt_world_new makes the world for |prof| (PRF, key length, proof-of-origin) with PSKs and
 * TPK of the key length; the receiver requires proof-of-origin when |rx_poo|. Aborts the
 * test on failure. */
pt_world *pt_world_new(const mikey_role_profile *prof, int rx_poo);
void pt_world_free(pt_world *w);

/* pt_receiver_renew replaces the receiver by one keeping |max_exchanges| exchanges. */
void pt_receiver_renew(pt_world *w, size_t max_exchanges);

/* pt_ticket runs request -> KMS -> response for bob. Returns the first failing code. */
int pt_ticket(pt_world *w);
/* pt_protect protects |mime| into w->body with |o|. */
int pt_protect(pt_world *w, const mikey_pskmime_send_opts *o, const uint8_t *mime, size_t len);
/* pt_receive gives w->body to the receiver (RESOLVE_INIT into w->rinit, w->xid). */
int pt_receive(pt_world *w);
/* pt_resolve hands w->rinit to the KMS, its answer into w->rresp. */
int pt_resolve(pt_world *w);
/* pt_kek resolves the TRANSFER_INIT in |ti| with the second responder and copies the KEK
 * into |kek| (64 bytes), its length into |*len|. */
int pt_kek(pt_world *w, const uint8_t *ti, size_t ti_len, uint8_t *kek, size_t *len);
/* pt_profile fills |p| with the PSK/MIME preset, |prf|, |key_len| and |poo|. */
void pt_profile(mikey_role_profile *p, uint8_t prf, uint8_t key_len, int poo);

#endif /* PSKMIME_TEST_UTIL_H */
