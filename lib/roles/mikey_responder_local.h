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
  uint64_t own_t;          /* T of the last update this responder started */
  uint8_t *upd;            /* that update, while its TRANSFER_RESP is awaited */
  size_t upd_len;
  mikey_transfer_info *info; /* once accepted: what mikey_responder_exchange_info() gives */
} rslot;

/* One resolved ticket in the reuse cache (mikey_reuse.c, RFC 6043 5.3). */
typedef struct reuse_entry {
  uint64_t seq;            /* 0: free; else last use, for eviction */
  uint8_t digest[32];      /* names the ticket (mikey_reuse_digest) */
  uint64_t expiry;         /* TRe as NTP-64 (0: open) */
  uint16_t flags;          /* the ticket's flags */
  uint8_t first[MIKEY_REPLAY_KEY_LEN]; /* replay key of the TRANSFER_INIT that resolved it */
  int has_keys;            /* 0: a J=0 marker, no keys kept */
  uint8_t mpki[MIKEY_PRF_MAX_INKEY];
  size_t mpki_len;
  uint8_t mpkr[MIKEY_PRF_MAX_INKEY]; /* MPKr' (I=1) */
  size_t mpkr_len;
  uint8_t key_type;        /* MIKEY_KEY_TGK (TGK' when I=1) or MIKEY_KEY_GTGK */
  uint8_t key[MIKEY_PRF_MAX_INKEY];
  size_t key_len;
  uint8_t kv_type;         /* its key validity: MIKEY_KV_SPI (the KEK identifier) or none */
  uint8_t spi[MIKEY_SPI_MAX];
  size_t spi_len;
  mikey_ident_buf mod_id;  /* the modifier (I=1): IDRr ... */
  uint8_t randrkms[255];   /* ... and RANDRkms of the RESOLVE_RESP */
  size_t randrkms_len;
} reuse_entry;

typedef struct mikey_reuse {
  reuse_entry *e;
  size_t n;                /* 0: reuse without a resolve is off */
  uint64_t seq;
} mikey_reuse;

/* mikey_reuse_init makes an empty cache of |n| entries (0: off). Returns 0 or MIKEY_E_NOMEM. */
int mikey_reuse_init(mikey_reuse *c, size_t n);
/* mikey_reuse_clear wipes every entry and frees the table. */
void mikey_reuse_clear(mikey_reuse *c);
/* mikey_reuse_drop wipes entry |e| and frees its modifier. */
void mikey_reuse_drop(reuse_entry *e);
/* mikey_reuse_digest names the TICKET payload |tk| of decoded message |m|: SHA-256 over the
 * payload without its Next Payload byte, Initiator Data length and Initiator Data. Returns 0
 * or MIKEY_E_INVAL (layout broken). */
int mikey_reuse_digest(const mikey_msg *m, const mikey_payload *tk, uint8_t d[32]);
/* mikey_reuse_find returns the live entry named |d| (marking it used), or NULL; an entry
 * found expired at |now| is dropped. */
reuse_entry *mikey_reuse_find(mikey_reuse *c, const uint8_t d[32], uint64_t now);
/* mikey_reuse_slot returns a wiped entry named |d| to fill: the one of the same ticket, a free
 * or expired one, else the least recently used one (evicted). NULL only when the cache has no
 * entries. */
reuse_entry *mikey_reuse_slot(mikey_reuse *c, const uint8_t d[32], uint64_t now);

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
  mikey_reuse reuse; /* resolved tickets (RFC 6043 5.3); off when reuse.n is 0 */
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
