/*
 * mikey_responder_local.h: the responder engine's state (internal), shared by
 * mikey_responder.c (Ticket Transfer and Resolve) and mikey_responder_update.c (CSB updates,
 * RFC 6043 5.2).
 */
#ifndef MIKEY_RESPONDER_LOCAL_H
#define MIKEY_RESPONDER_LOCAL_H

#include "roles/mikey_roles_local.h"

#define RESP_MAX_DEFAULT 16
#define RESP_MAX_LIMIT 1024
#define RESP_REPLAY_DEFAULT 4096
#define RESP_RAND_MAX 32

#define SLOT_FREE 0
#define SLOT_PENDING 1
#define SLOT_ACCEPTED 2

typedef struct rslot {
  int state;
  uint64_t seq;            /* age, for eviction */
  uint32_t xid;            /* CSB ID of the RESOLVE_INIT */
  uint8_t *ti;             /* the TRANSFER_INIT as received */
  size_t ti_len;
  uint8_t *ri;             /* the RESOLVE_INIT as sent */
  size_t ri_len;
  uint8_t ri_prf;
  uint8_t randrr[RESP_RAND_MAX]; /* RANDRr of the RESOLVE_INIT */
  size_t randrr_len;
  uint8_t trr[RESP_RAND_MAX];    /* RANDRr of the TRANSFER_RESP (G=1) */
  size_t trr_len;
  /* once accepted */
  uint16_t flags;
  size_t n_cs;
  uint8_t cs_ids[MIKEY_MAX_CS];
  uint8_t released[MIKEY_MAX_CS];
  size_t key_len;
  uint8_t *keys;           /* n_cs keys of key_len bytes */
  uint8_t vkey[MIKEY_PRF_MAX_INKEY]; /* MPKr' (I=1) or MPKi: protects the TRANSFER_RESP */
  size_t vkey_len;
  mikey_ident_buf mod_id;  /* IDRr of the RESOLVE_RESP (I=1) */
  uint8_t randrkms[255];
  size_t randrkms_len;
  uint8_t *tresp;          /* the TRANSFER_RESP, once written */
  size_t tresp_len;
  /* what CSB updates (5.2) need, kept once accepted with F=1 */
  uint32_t ti_csb;         /* CSB ID of the TRANSFER_INIT */
  uint8_t ti_prf;          /* its PRF func */
  uint8_t randri[RESP_RAND_MAX]; /* its RANDRi */
  size_t randri_len;
  uint8_t tgk[MIKEY_PRF_MAX_INKEY]; /* the TGK' (or TGK/GTGK) from the KMS */
  size_t tgk_len;
  mikey_ident_buf ini_id;  /* the initiator */
  uint64_t last_t;         /* T of the last TRANSFER_INIT of this CSB */
  int upd_ok;              /* 1 when ks_upd holds the TRANSFER_RESP keys */
  mikey_keyset ks_upd;     /* the keys of the TRANSFER_RESP: they protect every update */
} rslot;

struct mikey_responder {
  mikey_role_profile prof;
  mikey_env env;
  mikey_party party; /* own identity, KMS identity, IDRpsk, PSK */
  size_t nslots;
  rslot *slots;
  uint64_t seq;
  mikey_replay_ops replay;
  mikey_replay_cache *own_cache;
  int (*accept)(void *user_data, const mikey_transfer_offer *offer);
  void *user_data;
};

/* Scratch of one call (heap: two decoded messages and a ticket view). */
typedef struct rwork {
  mikey_msg m;   /* the received message */
  mikey_msg ti;  /* the held TRANSFER_INIT, decoded again */
  mikey_msg o;   /* the message being built */
  mikey_ticket_view tv;
  mikey_keydata_list kl;
  mikey_keyset ks;
  uint8_t plain[MIKEY_KEMAC_PLAIN_MAX];
  mikey_identity ids[MIKEY_POLICY_MAX_IDS];
} rwork;

/* mikey_responder_find_ti returns the accepted exchange whose TRANSFER_INIT had CSB ID
 * |csb|, or NULL. */
rslot *mikey_responder_find_ti(mikey_responder *r, uint32_t csb);

/* mikey_responder_find returns the exchange |xid| in |state| (any used state for -1). */
rslot *mikey_responder_find(mikey_responder *r, uint32_t xid, int state);

#endif /* MIKEY_RESPONDER_LOCAL_H */
