/*
 * fuzz_world.h: the fixed world of the role engine harnesses and of their seeds: one KMS,
 * initiator alice, responder bob (carol is known to the KMS too), fixed PSKs and TPK, a fixed
 * clock and counting randomness that the harness resets per input, and a small replay cache
 * the harness empties per input (so every input is judged on its own). gen_seeds.c runs the
 * same exchanges with fuzz_flow(), so a seed is byte for byte what the harness's engines
 * expect: a RESOLVE_RESP seed answers exactly the RESOLVE_INIT the harness's responder writes.
 * Test keys only.
 */
#ifndef MIKEY_FUZZ_WORLD_H
#define MIKEY_FUZZ_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/mikey.h>

/* The scenarios: which profile the initiator asks for and the responder runs. */
#define FW_PSKMIME 0      /* PSK/MIME preset: PRF-HMAC-SHA-256, 128-bit keys, TGK */
#define FW_PSKMIME_POO 1  /* PSK/MIME with proof-of-origin: I=1, GTGK, Initiator Data */
#define FW_PSKMIME_MIKEY1 2 /* PSK/MIME with PRF MIKEY-1 (HMAC-SHA-1, AES-CM-128) */
#define FW_IMS 3          /* IMS preset: F=G=I=1, forked TGK, TRANSFER_RESP, two CSs */
#define FW_N 4

/* The fixed clock: 2024-01-01 00:00:00 UTC, NTP seconds in the high 32 bits. */
#define FW_NOW ((uint64_t)3913056000u << 32)

extern const mikey_identity FW_ALICE, FW_BOB, FW_CAROL, FW_KMS, FW_PSK_ALICE, FW_PSK_BOB,
    FW_PSK_CAROL, FW_TPK_ID;
extern const uint8_t FW_KMS_ID[6];
extern const uint8_t FW_PSK_ALICE_KEY[16], FW_PSK_BOB_KEY[16], FW_PSK_CAROL_KEY[16],
    FW_TPK[16];
/* the proof-of-origin tag the FW_PSKMIME_POO initiator sends */
extern const uint8_t FW_POO_TAG[16];

/* One party's randomness (byte i of its stream is base + i, mod 256) and clock (FW_NOW plus
 * |later| seconds: a CSB update needs a newer T). */
typedef struct fw_party {
  uint8_t base;
  uint64_t drawn;
  uint32_t later;
} fw_party;

/* fw_env gives a mikey_env with |p|'s clock and randomness. */
mikey_env fw_env(fw_party *p);

/* A replay cache for one input: at most FW_REPLAY_MAX entries, emptied by fw_replay_reset. */
#define FW_REPLAY_MAX 16
typedef struct fw_replay {
  size_t n;
  uint8_t key[FW_REPLAY_MAX][MIKEY_REPLAY_KEY_LEN];
  uint64_t expiry[FW_REPLAY_MAX];
} fw_replay;
void fw_replay_reset(fw_replay *c);
mikey_replay_ops fw_replay_ops(fw_replay *c);

/* fw_profile fills |*p| with the role profile of scenario |sc|. */
void fw_profile(int sc, mikey_role_profile *p);

/* fw_kms_new makes the KMS (both presets served, the PSK table of alice, bob and carol that
 * binds each key to its identity, the TPK) with randomness |rnd| and replay cache |replay|
 * (NULL: its default cache). Returns the code of mikey_kms_new. */
int fw_kms_new(mikey_kms **out, fw_party *rnd, const mikey_replay_ops *replay);

/* fw_update_params gives the crypto sessions of the IMS CSB update of fw_flow_run: CS 1 and 2
 * as before and a new CS 3 (storage is static). */
mikey_transfer_params fw_update_params(void);

/* fw_initiator_new makes initiator alice for scenario |sc|, likewise. */
int fw_initiator_new(mikey_initiator **out, int sc, fw_party *rnd);

/* fw_responder_new makes responder bob for scenario |sc|, likewise. */
int fw_responder_new(mikey_responder **out, int sc, fw_party *rnd,
                     const mikey_replay_ops *replay);

/* The messages of one complete exchange. */
#define FW_MSG_MAX 4096
typedef struct fw_flow {
  uint8_t req[FW_MSG_MAX], rresp[FW_MSG_MAX], tinit[FW_MSG_MAX], rinit[FW_MSG_MAX],
      sresp[FW_MSG_MAX], tresp[FW_MSG_MAX];
  size_t req_len, rresp_len, tinit_len, rinit_len, sresp_len, tresp_len;
  uint8_t upd[FW_MSG_MAX], upd_resp[FW_MSG_MAX]; /* IMS: a CSB update 30 s later adding CS 3,
                                                    and the responder's TRANSFER_RESP */
  size_t upd_len, upd_resp_len;
  uint8_t kek[64]; /* the initiator's key of CS 1 (PSK/MIME: KEK; IMS: TEK) */
  size_t kek_len;
  uint32_t xid;    /* the responder's exchange */
} fw_flow;

/* fw_flow_run runs scenario |sc| from the start with fresh engines (parties' randomness from
 * zero, default replay caches): request, response, transfer, resolve, [TRANSFER_RESP, and a
 * CSB update 30 s later with three crypto sessions and its TRANSFER_RESP], and checks that
 * the initiator's and responder's keys agree. Returns 0 or the first failing
 * code (a mismatch of the keys is MIKEY_E_INTERNAL). */
int fw_flow_run(int sc, fw_flow *f);

/* The randomness bases of the three parties (the harnesses' engines start from the same). */
#define FW_BASE_INI 0x10
#define FW_BASE_KMS 0x80
#define FW_BASE_RESP 0xC0

/* fw_psk_of gives the PSK of identity |id| (alice, bob or carol), NULL for another. */
const uint8_t *fw_psk_of(const mikey_identity *id);

/* fw_remac_initial recomputes the V MAC of the initial message (REQUEST_INIT_PSK or
 * RESOLVE_INIT_PSK) in |buf| (|len| bytes) in place with the PSK of the identity it names
 * (IDRi for a request, IDRr for a resolve; alice or bob when absent), so that a mutated
 * message gets past the V check and the checks behind it are fuzzed; in a RESOLVE_INIT the
 * ticket's own V is recomputed first (fw_remac_ticket), so the KMS's checks of the ticket's
 * contents are fuzzed too. Returns 0, or non-zero when |buf| does not decode far enough. */
int fw_remac_initial(uint8_t *buf, size_t len);

/* fw_remac_ticket recomputes the V of the parsed ticket |*tv| (parsed from |buf|, which it
 * writes) with the auth_key the world's TPK gives (RFC 6043 A.1, A.2.1), as the KMS does when
 * it issues one. Returns 0, or non-zero when the V cannot be recomputed (a PRF or MAC the
 * library does not run, a MAC field of another length); then |buf| is unchanged. */
struct mikey_ticket_view;
int fw_remac_ticket(const struct mikey_ticket_view *tv, uint8_t *buf);

/* fw_remac_response recomputes the V of the response in |buf| (a REQUEST_RESP or
 * RESOLVE_RESP) to the initial message |init| (|init_len| bytes) with the PSK of its sender
 * (alice for a REQUEST_INIT, bob for a RESOLVE_INIT) over response || initial message (Table
 * 5.2), as the KMS does. Returns 0 or non-zero (|buf| unchanged). */
int fw_remac_response(uint8_t *buf, size_t len, const uint8_t *init, size_t init_len);

/* fw_exchange_keys gives the keys responder bob holds for the IMS exchange |f| (scenario
 * FW_IMS) once the KMS has answered: it opens the KEMAC of the KMS's RESOLVE_RESP f->sresp
 * with bob's PSK as the responder does (RFC 6043 5.1.2: direction 0x02, the RANDRr of
 * f->rinit, the CSB ID; the RESOLVE_RESP's T in the IV, D1) and copies MPKr' (MPKi when the
 * ticket does not fork) to |vkey| and the TGK' (or GTGK) to |tgk|, each of at most
 * FW_KEY_MAX bytes. Returns 0, or non-zero when |f| does not hold them. */
#define FW_KEY_MAX 64
int fw_exchange_keys(const fw_flow *f, uint8_t *vkey, size_t *vkey_len, uint8_t *tgk,
                     size_t *tgk_len);

/* fw_tek derives the TEK of crypto session |cs_id| of the IMS exchange |f| as responder bob
 * does (5.1.3): from the TGK' of fw_exchange_keys with the HDR PRF of f->tinit, the RANDRi of
 * f->tinit (H=1) and the RANDRr |rr| (|rr_len| bytes; G=1), |len| bytes into |out|. Returns 0
 * or non-zero. */
int fw_tek(const fw_flow *f, uint8_t cs_id, const uint8_t *rr, size_t rr_len, uint8_t *out,
           size_t len);

/* fw_remac_transfer recomputes in place the V of |buf| (|len| bytes), a message of the IMS
 * exchange |f| after its TRANSFER_INIT, with the keys of the exchange's TRANSFER_RESP as bob
 * derives them (5.1.2): MPKr' (fw_exchange_keys), direction 0x02, the CSB ID and RANDRi of
 * f->tinit, and the RANDRr of |buf| when it is a TRANSFER_RESP that carries one, else that of
 * f->tresp (5.2: a CSB update and its answer are protected by the keys of the initial
 * TRANSFER_RESP). Coverage (Table 5.2): a TRANSFER_RESP || |init| (|init_len| bytes: the
 * TRANSFER_INIT it answers); a TRANSFER_INIT (a CSB update) || Identity_i (alice) ||
 * Identity_r (its IDRr, else bob), as the initiator signs an update. So a mutated TRANSFER_RESP
 * or update gets past the V check the way a peer holding those keys would send it. Returns 0,
 * or non-zero when |buf| does not decode far enough (|buf| unchanged). */
int fw_remac_transfer(const fw_flow *f, uint8_t *buf, size_t len, const uint8_t *init,
                      size_t init_len);

#endif /* MIKEY_FUZZ_WORLD_H */
