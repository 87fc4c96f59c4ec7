/*
 * kms_backend.c: a KMS backend on libmikey-ticket, public API only. doc/kms-backend.md walks
 * through it; make check builds and runs it and checks what it prints
 * (tests/doc_kms_backend.sh).
 *
 * What a backend supplies, and where it is below:
 *   psk_lookup          the PSK table; every key is bound to its owner's identity
 *   tpk_lookup          TPK rotation: tickets protected by a retired TPK stay resolvable
 *   authorize_*         who may ask for tickets to whom, and who may resolve them
 *   mikey_replay_ops    the replay cache in a store shared by every KMS thread and node
 *   log_kms()           one line per message from mikey_kms_result, never a key
 * One mikey_kms serves every thread at once; two threads resolve the same message below.
 *
 * The initiator (alice) and the responder (bob) run in this process: where the program hands
 * a message from one engine to another, a deployment sends it over the network (the UE side is
 * doc/pskmime.md). Time and randomness are the library's defaults (system clock, libgcrypt).
 *
 * usage: kms_backend (no arguments; exits 0 when every step went as described)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#define ID(type, s) {(type), (const uint8_t *)(s), sizeof(s) - 1}

static const mikey_identity ALICE = ID(MIKEY_ID_URI, "sip:alice@example.org");
static const mikey_identity BOB = ID(MIKEY_ID_URI, "sip:bob@example.org");
static const mikey_identity EVE = ID(MIKEY_ID_URI, "sip:eve@example.net");
static const mikey_identity KMS = ID(MIKEY_ID_URI, "kms.example.org");
static const mikey_identity PSK_ALICE = ID(MIKEY_ID_BYTES, "psk-alice-1");
static const mikey_identity PSK_BOB = ID(MIKEY_ID_BYTES, "psk-bob-1");
static const mikey_identity TPK_1 = ID(MIKEY_ID_BYTES, "tpk-1");
static const mikey_identity TPK_2 = ID(MIKEY_ID_BYTES, "tpk-2");
/* the 48-bit identifier of this KMS, first bytes of every ticket's THDR (TS 33.328 D.4) */
static const uint8_t KMS_ID[6] = {'K', 'M', 'S', 0, 0, 1};

/* Example keys. A deployment reads them from its key store or HSM; the UEs hold their own. */
static const uint8_t KEY_ALICE[16] = {0x0a, 0x11, 0x1c, 0xe0, 0x5e, 0xc7, 0xe7, 0x00,
                                      0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
static const uint8_t KEY_BOB[16] = {0x0b, 0x0b, 0x5e, 0xc7, 0xe7, 0x00, 0x10, 0x20,
                                    0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xa0};
static const uint8_t KEY_TPK1[32] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                     2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
static const uint8_t KEY_TPK2[32] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
                                     4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};

/* same_identity compares two identities (type and bytes). */
static int same_identity(const mikey_identity *a, const mikey_identity *b) {
  return a->type == b->type && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* ---------------------------------------------------------------------------------------
 * The key store: PSKs by owner, TPKs by name
 * --------------------------------------------------------------------------------------- */

/* One PSK: its owner (IDRi / IDRr of the messages), its name (IDRpsk), the key. */
typedef struct psk_row {
  const mikey_identity *owner;
  const mikey_identity *name;
  const uint8_t *key;
  size_t len;
} psk_row;

static const psk_row PSKS[] = {{&ALICE, &PSK_ALICE, KEY_ALICE, sizeof(KEY_ALICE)},
                               {&BOB, &PSK_BOB, KEY_BOB, sizeof(KEY_BOB)}};

/* One TPK. Rotation adds one and retires the old; a retired TPK is deleted once the last
 * ticket it protects has expired (the KMS grants at most the profile's lifetime). */
typedef struct tpk_row {
  const mikey_identity *name; /* IDRpsk written into the tickets it protects */
  const uint8_t *key;
  size_t len;
  int deleted;
} tpk_row;

typedef struct backend {
  pthread_mutex_t tpk_lock; /* the TPK table changes while the KMS runs */
  tpk_row tpks[2];
  size_t n_tpks;
} backend;

/*
 * psk_lookup: the PSK of q->peer, named by q->psk_id. The V of the message proves only that
 * its sender holds the key returned here, and the KMS then trusts q->peer: it becomes the
 * ticket's initiator, or the responder checked against the ticket. So a key is returned only
 * when it belongs to q->peer, and, when both are given, q->psk_id names that same key. Bob
 * asking with his own key under Alice's identity finds nothing.
 */
static int psk_lookup(void *user_data, const mikey_kms_psk_query *q, uint8_t *key, size_t cap,
                      size_t *key_len) {
  (void)user_data; /* the PSK table does not change while the KMS runs: no lock needed */
  if (!q->peer) {
    return MIKEY_CB_NO; /* no identity to bind the key to */
  }
  for (size_t i = 0; i < sizeof(PSKS) / sizeof(PSKS[0]); i++) {
    const psk_row *r = &PSKS[i];
    if (!same_identity(q->peer, r->owner) || (q->psk_id && !same_identity(q->psk_id, r->name))) {
      continue;
    }
    if (r->len > cap) {
      return -1; /* a store holding keys longer than MIKEY_PSK_MAX: an operational fault */
    }
    memcpy(key, r->key, r->len); /* the library wipes its copy after use */
    *key_len = r->len;
    return MIKEY_CB_OK;
  }
  return MIKEY_CB_NO; /* unknown identity or key: MIKEY_E_UNKNOWN_KEY, Auth failure */
}

/*
 * tpk_lookup: called for a ticket this KMS did not protect with its current TPK: another
 * KMS identifier in the THDR, or another TPK name (IDRpsk) in the Ticket Data. This backend
 * serves its retired TPKs by name; a cluster of KMS nodes would also look at |kms_id|.
 */
static int tpk_lookup(void *user_data, const uint8_t *kms_id, const mikey_identity *tpk_id,
                      uint8_t *key, size_t cap, size_t *key_len) {
  backend *b = user_data;
  int rc = MIKEY_CB_NO; /* unknown: MIKEY_E_KMS_ID, Invalid TICKET */
  if (memcmp(kms_id, KMS_ID, sizeof(KMS_ID)) != 0 || !tpk_id) {
    return rc;
  }
  pthread_mutex_lock(&b->tpk_lock);
  for (size_t i = 0; i < b->n_tpks; i++) {
    const tpk_row *r = &b->tpks[i];
    if (!r->deleted && same_identity(tpk_id, r->name)) {
      if (r->len > cap) {
        rc = -1;
      } else {
        memcpy(key, r->key, r->len);
        *key_len = r->len;
        rc = MIKEY_CB_OK;
      }
      break;
    }
  }
  pthread_mutex_unlock(&b->tpk_lock);
  return rc;
}

/* ends_with tells whether identity |id| ends with |suffix|. */
static int ends_with(const mikey_identity *id, const char *suffix) {
  size_t n = strlen(suffix);
  return id->len >= n && memcmp(id->data + id->len - n, suffix, n) == 0;
}

/* authorize_request: a local policy. Members of example.org may ask for tickets to members
 * of example.org only. Called once the request's V and policy verified. */
static int authorize_request(void *user_data, const mikey_kms_request_info *r) {
  (void)user_data;
  if (!r->initiator || !ends_with(r->initiator, "@example.org")) {
    return MIKEY_CB_NO;
  }
  for (size_t i = 0; i < r->n_responders; i++) {
    if (!ends_with(&r->responders[i], "@example.org")) {
      return MIKEY_CB_NO; /* MIKEY_E_NOT_AUTHORIZED: Error message with Invalid ID */
    }
  }
  return MIKEY_CB_OK;
}

/* authorize_resolve: the library has checked that the responder is among the ticket's IDRr;
 * a policy could refuse more here (a suspended account, say). */
static int authorize_resolve(void *user_data, const mikey_kms_resolve_info *r) {
  (void)user_data;
  return r->responder && ends_with(r->responder, "@example.org") ? MIKEY_CB_OK : MIKEY_CB_NO;
}

/* ---------------------------------------------------------------------------------------
 * The replay store
 * ---------------------------------------------------------------------------------------
 *
 * This table stands in for a store that every thread and every KMS node shares (Redis, a SQL
 * table). What the KMS needs from it (roles.h, mikey_replay_ops):
 *
 * 1. check_insert is ONE atomic step: "insert |key| unless a live entry has it". Two threads
 *    (or two nodes) handed the same message both pass every check, because the KMS writes the
 *    cache last (check, verify, then commit); the store must let exactly one of them insert.
 *    A separate "look up, then insert" would let both through. Here the mutex makes the scan
 *    and the write one step; Redis gives the same with SET key 1 NX PX ttl, SQL with an
 *    INSERT against a unique key (doc/kms-backend.md).
 * 2. An entry lives through |expiry| (the message's T plus the clock skew), the instant
 *    included: the timestamp check still accepts T + skew itself. After it the timestamp
 *    check refuses the message anyway, so the entry may go.
 * 3. It fails closed: when the store cannot answer or is full it returns a negative value and
 *    the KMS refuses the message (Unspecified error). It never forgets a live entry to make
 *    room, since that would let its message be replayed.
 */
#define STORE_SLOTS 1024 /* a power of two */

typedef struct slot {
  uint8_t key[MIKEY_REPLAY_KEY_LEN];
  uint64_t expiry; /* 64-bit NTP-UTC; 0: never used */
} slot;

typedef struct replay_store {
  pthread_mutex_t lock;
  slot slots[STORE_SLOTS];
  int down; /* demonstration: the store is unreachable */
} replay_store;

/* find walks the probe sequence of |key| (open addressing, linear probing; keys are SHA-256
 * digests, so their first bytes are uniform): returns the slot holding |key|, or NULL, and
 * in |*free_slot| the first slot an insert may take (never used, or expired at |now|). */
static slot *find(replay_store *s, const uint8_t *key, uint64_t now, slot **free_slot) {
  size_t h = ((size_t)key[0] << 8 | key[1]) & (STORE_SLOTS - 1);
  *free_slot = NULL;
  for (size_t i = 0; i < STORE_SLOTS; i++) {
    slot *e = &s->slots[(h + i) & (STORE_SLOTS - 1)];
    if (e->expiry == 0) { /* never used: the probe sequence ends here */
      if (!*free_slot) {
        *free_slot = e;
      }
      return NULL;
    }
    if (memcmp(e->key, key, MIKEY_REPLAY_KEY_LEN) == 0) {
      return e;
    }
    if (e->expiry < now && !*free_slot) { /* live through its expiry (2) */
      *free_slot = e;
    }
  }
  return NULL;
}

/* store_lookup: the optional early look-up (a replay then costs the KMS no MAC). */
static int store_lookup(void *user_data, const uint8_t *key, uint64_t now) {
  replay_store *s = user_data;
  slot *free_slot;
  pthread_mutex_lock(&s->lock);
  int rc = s->down ? MIKEY_E_CALLBACK : 0;
  if (rc == 0) {
    const slot *e = find(s, key, now, &free_slot);
    rc = e && e->expiry >= now ? MIKEY_REPLAY_SEEN : 0;
  }
  pthread_mutex_unlock(&s->lock);
  return rc;
}

/* store_check_insert: the atomic check-and-insert (1), kept until |expiry| (2), failing
 * closed (3). */
static int store_check_insert(void *user_data, const uint8_t *key, uint64_t expiry,
                              uint64_t now) {
  replay_store *s = user_data;
  slot *free_slot;
  pthread_mutex_lock(&s->lock);
  int rc = s->down ? MIKEY_E_CALLBACK : 0;
  if (rc == 0) {
    slot *e = find(s, key, now, &free_slot);
    if (e && e->expiry >= now) {
      rc = MIKEY_REPLAY_SEEN;
    } else if (e) {
      e->expiry = expiry; /* the same key, expired: renew it in place */
    } else if (free_slot) {
      memcpy(free_slot->key, key, MIKEY_REPLAY_KEY_LEN);
      free_slot->expiry = expiry;
    } else {
      rc = MIKEY_E_LIMIT; /* full of live entries: refuse, never evict */
    }
  }
  pthread_mutex_unlock(&s->lock);
  return rc;
}

/* store_live counts the live entries. */
static size_t store_live(replay_store *s, uint64_t now) {
  size_t n = 0;
  pthread_mutex_lock(&s->lock);
  for (size_t i = 0; i < STORE_SLOTS; i++) {
    if (s->slots[i].expiry >= now) {
      n++;
    }
  }
  pthread_mutex_unlock(&s->lock);
  return n;
}

/* ---------------------------------------------------------------------------------------
 * Serving messages, and logging them
 * --------------------------------------------------------------------------------------- */

/* log_kms writes one line per message: what came in, what went out, the Error no and the
 * reason. Never a key, never the message bytes (they hold MACs and encrypted keys, and a log
 * is read by more people than the key store). */
static void log_kms(const char *what, const mikey_kms_result *r) {
  if (r->wrote == MIKEY_KMS_WROTE_RESPONSE) {
    printf("kms: %s: %s answered\n", what, mikey_data_type_name(r->data_type));
  } else if (r->wrote == MIKEY_KMS_WROTE_ERROR) {
    printf("kms: %s: %s refused: Error no %u%s, %s (%s)\n", what,
           mikey_data_type_name(r->data_type), (unsigned)r->error_no,
           r->error_has_v ? " with V" : "", mikey_err_name(r->reason),
           mikey_strerror(r->reason));
  } else {
    printf("kms: %s: no readable header, nothing sent (%s)\n", what, mikey_err_name(r->reason));
  }
}

/* A message and its answer. */
typedef struct exchange {
  uint8_t in[4096], out[4096];
  size_t in_len, out_len;
  mikey_kms_result res;
} exchange;

/* serve hands |x->in| to the KMS, as a server's request handler would. Returns 0 when an
 * answer (response or Error message) is in |x->out|. */
static int serve(const mikey_kms *kms, exchange *x) {
  int rc = mikey_kms_process(kms, x->in, x->in_len, x->out, sizeof(x->out), &x->out_len,
                             &x->res);
  if (rc != 0) { /* MIKEY_E_INVAL or MIKEY_E_BUFFER_TOO_SMALL: a bug of this program */
    fprintf(stderr, "mikey_kms_process: %s\n", mikey_err_name(rc));
  }
  return rc;
}

typedef struct worker {
  const mikey_kms *kms;
  exchange x;
  int rc;
} worker;

static void *worker_run(void *arg) {
  worker *w = arg;
  w->rc = serve(w->kms, &w->x);
  return NULL;
}

/* ---------------------------------------------------------------------------------------
 * The run
 * --------------------------------------------------------------------------------------- */

/* new_kms makes a KMS whose current TPK is |tpk| (copied by mikey_kms_new). */
static int new_kms(mikey_kms **out, backend *b, const mikey_replay_ops *replay,
                   const tpk_row *tpk) {
  mikey_kms_config cfg;
  int rc = mikey_kms_config_default(&cfg); /* both presets served */
  if (rc != 0) {
    return rc;
  }
  cfg.self = KMS;
  memcpy(cfg.kms_id, KMS_ID, sizeof(KMS_ID));
  cfg.tpk_id = *tpk->name;
  cfg.tpk = tpk->key;
  cfg.tpk_len = tpk->len;
  cfg.callbacks.psk_lookup = psk_lookup;
  cfg.callbacks.tpk_lookup = tpk_lookup;
  cfg.callbacks.authorize_request = authorize_request;
  cfg.callbacks.authorize_resolve = authorize_resolve;
  cfg.user_data = b;
  cfg.replay = replay; /* shared by every KMS of the backend */
  return mikey_kms_new(out, &cfg);
}

/* new_initiator makes the UE-side initiator of identity |self| with the PSK |psk_id|/|psk|. */
static int new_initiator(mikey_initiator **out, const mikey_identity *self,
                         const mikey_identity *psk_id, const uint8_t *psk, size_t psk_len) {
  mikey_initiator_config cfg;
  int rc = mikey_initiator_config_default(&cfg);
  if (rc != 0) {
    return rc;
  }
  cfg.self = *self;
  cfg.kms = KMS;
  cfg.psk_id = *psk_id;
  cfg.psk = psk;
  cfg.psk_len = psk_len;
  return mikey_initiator_new(out, &cfg);
}

/* request writes |ini|'s REQUEST_INIT_PSK for a ticket to |to| into |x->in|. */
static int request(mikey_initiator *ini, const mikey_identity *to, exchange *x) {
  mikey_ticket_request rq;
  memset(&rq, 0, sizeof(rq));
  rq.responders = to;
  rq.n_responders = 1;
  return mikey_initiator_request(ini, &rq, x->in, sizeof(x->in), &x->in_len);
}

/* transfer writes a TRANSFER_INIT with |ini|'s ticket and keeps the KEK in |kek|. */
static int transfer(mikey_initiator *ini, uint8_t *ti, size_t cap, size_t *ti_len,
                    uint8_t kek[32], size_t *kek_len) {
  int rc = mikey_initiator_transfer_prepare(ini, NULL, NULL);
  if (rc == 0) {
    rc = mikey_initiator_transfer_key(ini, 1, kek, 32, kek_len);
  }
  /* a UE now protects its S/MIME message with the KEK (doc/pskmime.md) */
  if (rc == 0) {
    rc = mikey_initiator_transfer_finish(ini, NULL, 0, ti, cap, ti_len);
  }
  return rc;
}

/* expect reports a step that did not go as described. */
static int expect(int ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "unexpected: %s\n", what);
  }
  return ok ? 0 : 1;
}

int main(void) {
  if (mikey_global_init(0) != 0) {
    fprintf(stderr, "libgcrypt did not start\n");
    return 1;
  }
  static backend b;
  static replay_store store;
  pthread_mutex_init(&b.tpk_lock, NULL);
  pthread_mutex_init(&store.lock, NULL);
  b.tpks[0] = (tpk_row){&TPK_1, KEY_TPK1, sizeof(KEY_TPK1), 0};
  b.n_tpks = 1;
  mikey_replay_ops replay = {store_lookup, store_check_insert, &store};

  mikey_kms *kms = NULL;
  mikey_initiator *alice = NULL, *impostor = NULL;
  mikey_responder *bob = NULL;
  static exchange x;
  static uint8_t ti[4096];
  size_t ti_len = 0;
  uint8_t kek_a[32], kek_b[32];
  size_t kek_a_len = 0, kek_b_len = 0;
  int fails = 0;

  int rc = new_kms(&kms, &b, &replay, &b.tpks[0]);
  if (rc == 0) {
    rc = new_initiator(&alice, &ALICE, &PSK_ALICE, KEY_ALICE, sizeof(KEY_ALICE));
  }
  if (rc == 0) {
    mikey_responder_config rcfg;
    rc = mikey_responder_config_default(&rcfg);
    rcfg.self = BOB;
    rcfg.kms = KMS;
    rcfg.psk_id = PSK_BOB;
    rcfg.psk = KEY_BOB;
    rcfg.psk_len = sizeof(KEY_BOB);
    if (rc == 0) {
      rc = mikey_responder_new(&bob, &rcfg);
    }
  }
  if (rc != 0) {
    fprintf(stderr, "set-up: %s\n", mikey_err_name(rc));
    return 1;
  }

  /* 1. Alice asks for a ticket to Bob; the KMS protects it with tpk-1. */
  mikey_ticket_info tinfo;
  rc = request(alice, &BOB, &x);
  if (rc == 0) {
    rc = serve(kms, &x);
  }
  if (rc == 0) {
    log_kms("alice asks for a ticket to bob", &x.res);
    rc = mikey_initiator_on_request_resp(alice, x.out, x.out_len, &tinfo);
  }
  fails += expect(rc == 0 && x.res.wrote == MIKEY_KMS_WROTE_RESPONSE, "ticket request");

  /* 2. TPK rotation: a new KMS whose TPK is tpk-2 replaces the old one; tpk-1 is retired
   *    but stays in the table, so tpk_lookup opens the tickets it protects. (A server swaps
   *    the pointer that its threads read and frees the old KMS once none of them uses it.) */
  pthread_mutex_lock(&b.tpk_lock);
  b.tpks[1] = (tpk_row){&TPK_2, KEY_TPK2, sizeof(KEY_TPK2), 0};
  b.n_tpks = 2;
  pthread_mutex_unlock(&b.tpk_lock);
  mikey_kms *next = NULL;
  rc = new_kms(&next, &b, &replay, &b.tpks[1]);
  fails += expect(rc == 0, "new KMS with tpk-2");
  if (rc == 0) {
    mikey_kms_free(kms);
    kms = next;
    printf("kms: TPK rotated to tpk-2; tpk-1 retired, kept for its tickets\n");
  }

  /* 3. Alice sends Bob a TRANSFER_INIT with the ticket; Bob writes the RESOLVE_INIT. */
  uint32_t xid = 0;
  rc = transfer(alice, ti, sizeof(ti), &ti_len, kek_a, &kek_a_len);
  if (rc == 0) {
    rc = mikey_responder_on_transfer_init(bob, ti, ti_len, x.in, sizeof(x.in), &x.in_len, &xid);
  }
  fails += expect(rc == 0, "transfer to bob");

  /* 4. The same RESOLVE_INIT reaches two KMS threads at once (a retransmission, or an
   *    attacker's copy). Exactly one gets the keys: the store's atomic check_insert. */
  static worker w[2];
  pthread_t th[2];
  int started = 0;
  for (int i = 0; i < 2; i++) {
    w[i].kms = kms;
    memcpy(w[i].x.in, x.in, x.in_len);
    w[i].x.in_len = x.in_len;
    if (pthread_create(&th[i], NULL, worker_run, &w[i]) == 0) {
      started++;
    }
  }
  for (int i = 0; i < started; i++) {
    pthread_join(th[i], NULL);
  }
  int answered = 0, replays = 0;
  const exchange *won = NULL;
  for (int i = 0; i < started; i++) {
    if (w[i].rc == 0 && w[i].x.res.wrote == MIKEY_KMS_WROTE_RESPONSE) {
      answered++;
      won = &w[i].x;
    } else if (w[i].rc == 0 && w[i].x.res.reason == MIKEY_E_REPLAY) {
      replays++;
    }
  }
  printf("kms: one RESOLVE_INIT in two threads at once: %d answered, %d refused as a replay\n",
         answered, replays);
  fails += expect(started == 2 && answered == 1 && replays == 1, "one answer, one replay");

  /* 5. Bob takes the answer: the ticket was opened with the retired tpk-1 (tpk_lookup). */
  mikey_transfer_info info;
  rc = won ? mikey_responder_on_resolve_resp(bob, won->out, won->out_len, &info) : -1;
  if (rc == 0) {
    rc = mikey_responder_key(bob, info.xid, 1, kek_b, sizeof(kek_b), &kek_b_len);
  }
  int same = rc == 0 && kek_a_len == kek_b_len && mikey_ct_equal(kek_a, kek_b, kek_a_len);
  printf("bob: %s\n", same ? "the KEK equals alice's" : "no KEK");
  fails += expect(same, "bob's KEK");

  /* 6. The RESOLVE_INIT once more, later: refused by the early look-up. */
  rc = serve(kms, &x);
  if (rc == 0) {
    log_kms("the same RESOLVE_INIT again", &x.res);
  }
  fails += expect(rc == 0 && x.res.reason == MIKEY_E_REPLAY, "replay refused");

  /* 7. Bob, with his own PSK, claims to be Alice: the PSK lookup binds key and identity. */
  rc = new_initiator(&impostor, &ALICE, &PSK_BOB, KEY_BOB, sizeof(KEY_BOB));
  if (rc == 0) {
    rc = request(impostor, &BOB, &x);
  }
  if (rc == 0) {
    rc = serve(kms, &x);
  }
  if (rc == 0) {
    log_kms("bob's key under alice's name", &x.res);
  }
  fails += expect(rc == 0 && x.res.reason == MIKEY_E_UNKNOWN_KEY, "identity binding");

  /* 8. Alice asks for a ticket to someone outside example.org: authorize_request refuses.
   *    The Error message carries a V (her request verified), so her engine trusts it. */
  rc = request(alice, &EVE, &x);
  if (rc == 0) {
    rc = serve(kms, &x);
  }
  mikey_ticket_info einfo;
  memset(&einfo, 0, sizeof(einfo));
  if (rc == 0) {
    log_kms("alice asks for a ticket to eve", &x.res);
    rc = mikey_initiator_on_request_resp(alice, x.out, x.out_len, &einfo);
    printf("alice: %s, Error no %u, %s\n", mikey_err_name(rc), (unsigned)einfo.peer_error,
           einfo.peer_error_authenticated ? "authenticated" : "not authenticated");
  }
  fails += expect(rc == MIKEY_E_PEER_ERROR && einfo.peer_error == MIKEY_ERRNO_INVALID_ID &&
                      einfo.peer_error_authenticated,
                  "authorization");

  /* 9. The replay store is unreachable: the KMS fails closed. */
  store.down = 1;
  rc = request(alice, &BOB, &x);
  if (rc == 0) {
    rc = serve(kms, &x);
  }
  if (rc == 0) {
    log_kms("replay store down", &x.res);
  }
  store.down = 0;
  fails += expect(rc == 0 && x.res.error_no == MIKEY_ERRNO_UNSPECIFIED &&
                      x.res.reason == MIKEY_E_CALLBACK,
                  "fail closed");

  /* 10. tpk-1 is deleted (in a deployment: once its last ticket expired). Alice reuses her
   *     ticket (J=1); its resolve now finds no TPK. */
  pthread_mutex_lock(&b.tpk_lock);
  b.tpks[0].deleted = 1;
  pthread_mutex_unlock(&b.tpk_lock);
  rc = transfer(alice, ti, sizeof(ti), &ti_len, kek_a, &kek_a_len);
  if (rc == 0) {
    rc = mikey_responder_on_transfer_init(bob, ti, ti_len, x.in, sizeof(x.in), &x.in_len, &xid);
  }
  if (rc == 0) {
    rc = serve(kms, &x);
  }
  if (rc == 0) {
    log_kms("a ticket of the deleted tpk-1", &x.res);
  }
  fails += expect(rc == 0 && x.res.reason == MIKEY_E_KMS_ID, "deleted TPK");

  uint64_t now = mikey_env_now(NULL);
  printf("replay store: %zu live entries\n", store_live(&store, now));
  fails += expect(store_live(&store, now) == 2, "two accepted initial messages remembered");

  mikey_memzero(kek_a, sizeof(kek_a));
  mikey_memzero(kek_b, sizeof(kek_b));
  mikey_initiator_free(alice);
  mikey_initiator_free(impostor);
  mikey_responder_free(bob);
  mikey_kms_free(kms);
  return fails == 0 ? 0 : 1;
}
