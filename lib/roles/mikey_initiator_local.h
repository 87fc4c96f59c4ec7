/*
 * mikey_initiator_local.h: the initiator engine's state (internal), shared by
 * mikey_initiator.c (set-up, Ticket Request) and mikey_initiator_transfer.c (Ticket
 * Transfer).
 */
#ifndef MIKEY_INITIATOR_LOCAL_H
#define MIKEY_INITIATOR_LOCAL_H

#include "roles/mikey_roles_local.h"

/* Transfer states. */
#define XFER_NONE 0     /* no transfer */
#define XFER_PREPARED 1 /* CSB ID, T, RANDRi chosen; TRANSFER_INIT not written yet */
#define XFER_SENT 2     /* TRANSFER_INIT written, TRANSFER_RESP awaited (F=1) */
#define XFER_DONE 3     /* nothing more expected */
#define XFER_UPDATE_SENT 4 /* a CSB update TRANSFER_INIT written, its TRANSFER_RESP awaited */

#define INI_RAND_MAX 32 /* RANDs this engine sends (D5: 16 or 32 bytes) */

struct mikey_initiator {
  mikey_role_profile prof;
  mikey_env env;
  mikey_party party; /* own identity, KMS identity, IDRpsk, PSK */

  /* the pending Ticket Request */
  int req_pending;
  uint8_t *req;            /* the REQUEST_INIT as sent (V coverage of the response) */
  size_t req_len;
  mikey_hdr req_hdr;       /* its Common Header (version, PRF, CSB ID, #CS, map) */
  uint8_t req_randri[INI_RAND_MAX];
  size_t req_randri_len;

  /* the ticket */
  int has_ticket;
  int ticket_used;         /* a TRANSFER_INIT carried it (J flag, RFC 6043 5.3) */
  uint8_t *ticket;         /* the TICKET payload as received, Next Payload byte 0 */
  size_t ticket_len;
  uint16_t ticket_type;
  uint16_t flags;
  uint8_t tp_prf;
  uint32_t valid_from, valid_to; /* NTP seconds, 0 when open */
  uint64_t valid_to64;     /* TRe as NTP-64 (0: no end) */
  mikey_key *mpki, *mpkr, *tgk; /* mpkr only with I=1 */
  uint8_t key_type;        /* MIKEY_KEY_TGK or MIKEY_KEY_GTGK */
  uint8_t kek_id[MIKEY_SPI_MAX];
  size_t kek_id_len;

  /* the current Ticket Transfer */
  int x_state;
  uint32_t x_csb;
  uint64_t x_t;
  uint8_t x_randri[INI_RAND_MAX];
  size_t x_randri_len;
  mikey_ident_buf x_resp;  /* IDRr sent */
  size_t x_ncs;
  mikey_cs x_cs[MIKEY_MAX_CS]; /* views into x_csbuf */
  uint8_t *x_csbuf;
  size_t x_nsp;
  mikey_sp x_sp[MIKEY_MAX_SP]; /* views into x_spbuf */
  uint8_t *x_spbuf;
  size_t x_key_len;
  uint8_t *x_keys;         /* x_ncs keys of x_key_len bytes, in x_cs order (wiped) */
  uint8_t x_released[MIKEY_MAX_CS];
  int x_keys_ready;
  uint8_t *x_msg;          /* the TRANSFER_INIT as sent (V coverage of TRANSFER_RESP) */
  size_t x_msg_len;
  /* after a TRANSFER_RESP: what CSB updates (RFC 6043 5.2) need */
  int x_upd_ok;            /* 1 once the initial exchange completed with a TRANSFER_RESP */
  mikey_key *x_tgk;        /* the TGK' (or TGK/GTGK) the TEKs come from */
  uint8_t x_randrr[INI_RAND_MAX]; /* RANDRr of the TRANSFER_RESP (G=1) */
  size_t x_randrr_len;
  mikey_keyset x_ks_upd;   /* the keys of the TRANSFER_RESP: they protect every update */
  uint64_t x_last_t;       /* T of the last TRANSFER_INIT sent (updates use newer ones) */
  mikey_ident_buf x_peer;  /* IDRr of the TRANSFER_RESP (the modifier's, I=1) */
  uint64_t x_peer_t;       /* T of the last update the responder started (5.2) */
};

/* mikey_initiator_copy_sessions replaces the crypto sessions and SP payloads of the current
 * transfer with those of |p| (IMS) or the one PSK/MIME crypto session. */
int mikey_initiator_copy_sessions(mikey_initiator *ini, const mikey_transfer_params *p);

/* mikey_initiator_fill_info describes the current transfer. */
void mikey_initiator_fill_info(const mikey_initiator *ini, mikey_transfer_info *info);

/* mikey_initiator_drop_transfer wipes and forgets the current transfer. */
void mikey_initiator_drop_transfer(mikey_initiator *ini);

/* mikey_initiator_derive_teks derives the key of every crypto session of the current
 * transfer (RFC 6043 5.1.3; PROFILE.md section 4 for the KEK) from |tgk| (the TGK, TGK' or
 * GTGK, |tgk_len| bytes) with RANDRi when H=1 and |randrr| when G=1, into ini->x_keys. */
int mikey_initiator_derive_teks(mikey_initiator *ini, const uint8_t *tgk, size_t tgk_len,
                                const uint8_t *randrr, size_t randrr_len);

#endif /* MIKEY_INITIATOR_LOCAL_H */
