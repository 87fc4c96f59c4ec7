/*
 * mikey_kms_local.h: the KMS engine's context and per-call scratch (internal).
 *
 * The context (struct mikey_kms) is written once by mikey_kms_new() and only read afterwards,
 * so any number of threads may process messages with it at once (DESIGN.md principle 6).
 * Each call works in its own scratch (kms_work: the decoded messages, policies and ticket
 * keys take some 25 KiB) with its own crypto contexts. Scratches are pooled: a call takes one
 * from the pool (a mutex-protected free list, the only mutable part of a KMS besides the
 * replay cache), and gives it back with every secret of the call wiped. The pool keeps the
 * libgcrypt handles open and the own TPK keyed: once libgcrypt's RNG runs, opening a handle
 * costs an entropy poll (two system calls), which would otherwise dominate a resolve.
 */
#ifndef MIKEY_KMS_LOCAL_H
#define MIKEY_KMS_LOCAL_H

#include <pthread.h>

#include "roles/mikey_roles_local.h"

/* Index of a role profile kind in mikey_kms.prof[]. */
#define KMS_KINDS 2
#define KMS_KIND_INDEX(k) ((k) - 1)

struct mikey_kms {
  mikey_env env;
  mikey_ident_buf self;      /* IDRkms */
  mikey_ident_buf tpk_id;    /* IDRpsk of the Ticket Data (len 0: none) */
  uint8_t kms_id[MIKEY_TICKET_KMS_ID_LEN];
  mikey_key *tpk;
  mikey_role_profile prof[KMS_KINDS];
  int served[KMS_KINDS];
  mikey_kms_callbacks cb;
  void *user_data;
  mikey_replay_ops replay;
  mikey_replay_cache *own_cache; /* the default cache, when the config gave none */
  pthread_mutex_t pool_lock;     /* guards |pool| */
  int pool_lock_ok;
  struct kms_work *pool;         /* idle scratches */
};

/* Per-call scratch, pooled. */
typedef struct kms_work {
  struct kms_work *next;      /* free list of the pool */
  mikey_prf prf;              /* message keys from PSKs (keyed with the PSK of the call) */
  mikey_mac mac;              /* V payloads */
  mikey_kemac_cipher cipher;  /* response KEMACs */
  int tpk_own;                /* 1 when |tpk| holds the KMS's own TPK */
  mikey_msg in;               /* the initial message */
  mikey_msg out;              /* the response */
  mikey_policy pol;           /* request: the desired policy */
  mikey_policy granted;       /* request: the granted policy */
  mikey_ticket_view tv;       /* resolve: the ticket */
  mikey_ticket_keys keys;     /* issued (request) or opened (resolve) ticket keys */
  mikey_ticket_keys fk;       /* resolve: forked keys (I=1) */
  mikey_ticket_ctx tctx;      /* ticket layer contexts */
  mikey_tpk tpk;              /* the TPK of this call */
  mikey_keyset ks_in;         /* keys of the initial message (direction 0x01) */
  mikey_keyset ks_out;        /* keys of the response (direction 0x02) */
  int ks_in_ok;               /* 1 once the initial message's V verified */
  const mikey_role_profile *prof; /* the role profile of the message */
  uint8_t psk[MIKEY_PSK_MAX];
  size_t psk_len;
  uint8_t rnd[2048];          /* fresh key material and RANDs of this call */
  uint8_t kemac[MIKEY_KEMAC_PLAIN_MAX];
  size_t kemac_len;
  uint8_t *tpd;               /* request: granted TP Data (heap) */
  uint8_t *ticket;            /* request: the TICKET payload (heap) */
  mikey_identity ids[MIKEY_POLICY_MAX_IDS];
  uint8_t replay_key[MIKEY_REPLAY_KEY_LEN];
  uint64_t replay_expiry;
} kms_work;

/* kms_psk fetches the PSK of a peer through the callback into w->psk. Returns 0,
 * MIKEY_E_UNKNOWN_KEY, MIKEY_E_CALLBACK, MIKEY_E_KEY_LENGTH. */
int mikey_kms_psk(const mikey_kms *kms, kms_work *w, uint8_t data_type,
                  const mikey_identity *peer, const mikey_identity *psk_id);

/* mikey_kms_keys_in derives the keys of the initial message (RFC 6043 5.1.2, direction 0x01,
 * HDR PRF |prf|) from the PSK in w->psk into w->ks_in: the auth_key only, since an initial
 * message has no encrypted KEMAC (REQUEST_INIT_PSK, RESOLVE_INIT_PSK: 4.2.1.1, 4.2.3.1) and
 * the V and an authenticated Error message need nothing else. w->prf stays keyed with the PSK
 * for mikey_kms_keys_out. Returns the codes of mikey_prf_setkey and mikey_kdf_msg_keys. */
int mikey_kms_keys_in(kms_work *w, uint8_t prf, uint32_t csb_id, const uint8_t *randri,
                      size_t randri_len, const uint8_t *randrr, size_t randrr_len);

/* mikey_kms_keys_out derives the response's keys (direction 0x02: encr_key and salt_key of
 * its KEMAC, auth_key of its V) into w->ks_out from w->prf, still keyed with the PSK by
 * mikey_kms_keys_in (one key set-up per message, not two). */
int mikey_kms_keys_out(kms_work *w, uint8_t prf, uint32_t csb_id, const uint8_t *randri,
                       size_t randri_len, const uint8_t *randrr, size_t randrr_len);

/* mikey_kms_own_tpk keys w->tpk with the KMS's own TPK unless it holds it already. */
int mikey_kms_own_tpk(const mikey_kms *kms, kms_work *w);

/* mikey_kms_profile returns the served role profile of |kind| or NULL. */
const mikey_role_profile *mikey_kms_profile(const mikey_kms *kms, int kind);

/* mikey_kms_finish encodes w->out into |out|, signs its V with w->ks_out over the response
 * and the initial message |in|, and commits the replay key. Returns 0,
 * MIKEY_E_BUFFER_TOO_SMALL (nothing committed), MIKEY_E_REPLAY, MIKEY_E_LIMIT,
 * MIKEY_E_CALLBACK, the codec and crypto codes. */
int mikey_kms_finish(const mikey_kms *kms, kms_work *w, const uint8_t *in, size_t len,
                     uint64_t now, uint8_t *out, size_t cap, size_t *outlen);

/* mikey_kms_seal writes the KEMAC of a response into w->kemac (RFC 6043 4.2.1.5, 4.2.3.5):
 * E(encr_key of w->ks_out, MPKi || [MPKr] || session keys), with the CSB ID and the T of the
 * response in the IV (D1). */
int mikey_kms_seal(kms_work *w, const mikey_ticket_keys *k, int with_mpkr, uint32_t csb_id,
                   uint64_t t);

/* The two exchanges (mikey_kms_request.c, mikey_kms_resolve.c): 0 when w->out holds the
 * response, ready for mikey_kms_finish; a negative code for a refusal or failure. */
int mikey_kms_request(const mikey_kms *kms, kms_work *w, const uint8_t *in, size_t len,
                      uint64_t now);
int mikey_kms_resolve(const mikey_kms *kms, kms_work *w, const uint8_t *in, size_t len,
                      uint64_t now);

#endif /* MIKEY_KMS_LOCAL_H */
