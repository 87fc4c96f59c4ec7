/*
 * mikey_ticket.h: tickets (RFC 6043 Appendix A, TS 33.328 D.4), Initiator Data (6.10) and key
 * forking (5.1.1) (internal; the role engines call these).
 *
 * Model
 * - The MIKEY base ticket (Ticket Type 1, subtype 1, version 1) and the 3GPP base ticket
 *   (Ticket Type 2, subtype 0, version 0) share one layout (PROFILE.md section 3):
 *     TICKET      = Next Payload, Ticket Policy, Ticket Data length, Ticket Data,
 *                   Initiator Data length, Initiator Data
 *     Ticket Data = THDR, T, RAND, KEMAC, [IDRpsk], V
 *   THDR Data begins with the 48-bit identifier of the issuing KMS (D.4). KEMAC =
 *   E(encr_key, MPK || {TEK|TGK|GTGK}) with encr_key and salt_key derived from the TPK
 *   (A.2.1, Ticket Policy PRF, D2), the AES-CM IV built from CSB ID 0xFFFFFFFF and the
 *   ticket's own T (A.1), the NULL MAC. V is the MAC (auth_key from the TPK) over the whole
 *   TICKET payload except its Next Payload field, the Initiator Data length, the Initiator
 *   Data and the MAC itself (A.1): one byte range, from the byte after Next Payload to the MAC
 *   field, taken from the offsets the codec records (never a re-encoding).
 * - Suite (D3): the Ticket Policy PRF chooses AES-CM-128 + HMAC-SHA-1-160 (MIKEY-1) or
 *   AES-CM-256 + HMAC-SHA-256-256 (PRF-HMAC-SHA-256), for build and open alike (TS 33.328 D.4
 *   names AES-CM for the ticket KEMAC; AES-KW-128 is refused in a ticket).
 * - Each key in the KEMAC has KV = SPI: the MPK's SPI is chosen by the KMS (D7); the SPI of a
 *   TGK/GTGK is the KEK identifier (D8).
 * - Open = parse (structure, ticket type, policy), verify the MAC in constant time, and only
 *   then decrypt; a failed MAC releases nothing. It yields the MPK, MPKi and MPKr (A.2.2) and
 *   the session keys into a caller-owned mikey_ticket_keys; the open path allocates nothing.
 * - The TPK: the caller finds it (by IDRpsk and/or the KMS identifier of the THDR) and passes
 *   a keyed mikey_tpk, or a lookup callback does. A mikey_tpk and a mikey_ticket_ctx are kept
 *   per worker thread and reused across tickets (their libgcrypt handles stay open and keyed);
 *   neither is safe for concurrent use. A parsed mikey_ticket_view is read-only.
 *
 * Every function returns 0 or a negative MIKEY_E_* code; on error no key material is left in
 * any output.
 */
#ifndef MIKEY_TICKET_INTERNAL_H
#define MIKEY_TICKET_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/codec.h>
#include <mikey/common.h>
#include <mikey/key.h>
#include <mikey/ticket.h>

#include "crypto/mikey_kemac_crypt.h"
#include "crypto/mikey_mac.h"
#include "crypto/mikey_prf.h"
#include "ticket/mikey_policy.h"

/* TS 33.328 D.4: "the first 48bits of the THDR Data shall contain a globally unique
 * identifier of the issuing KMS". */
#define MIKEY_TICKET_KMS_ID_LEN 6

/* Bounds of the keys a ticket carries (RFC 6043 12.1 and PROFILE.md 3: 128 or 256 bits; the
 * bounds leave room). Larger fields in a KEMAC are refused with MIKEY_E_LIMIT. */
#define MIKEY_TICKET_MAX_KEY_LEN  64
#define MIKEY_TICKET_MAX_SALT_LEN 32
#define MIKEY_TICKET_MAX_SPI_LEN  16 /* D7, D8: 4 bytes */
#define MIKEY_TICKET_MAX_KEYS     8  /* session keys besides the MPK */

/* ---------------------------------------------------------------------------------------
 * Keys
 * --------------------------------------------------------------------------------------- */

/* One key of a ticket's KEMAC, as a key data sub-payload carries it (RFC 3830 6.13). RFC 6043
 * 6.2.1: "An SPI (or MKI) MUST be specified for each key", so KV is always SPI in a ticket
 * (D7 for the MPK, D8 for the TGK/GTGK). */
typedef struct mikey_ticket_key {
  uint8_t type;    /* MIKEY_KEY_* */
  uint8_t spi_len; /* KV SPI length, 1..MIKEY_TICKET_MAX_SPI_LEN */
  uint8_t spi[MIKEY_TICKET_MAX_SPI_LEN];
  size_t key_len;
  uint8_t key[MIKEY_TICKET_MAX_KEY_LEN];
  size_t salt_len; /* +SALT types only */
  uint8_t salt[MIKEY_TICKET_MAX_SALT_LEN];
} mikey_ticket_key;

/*
 * The keys of one ticket: the MPK (type MIKEY_KEY_MPK, KV SPI per D7), MPKi and MPKr derived
 * from it (A.2.2; each mpk.key_len bytes), and the session keys in KEMAC order. Caller-owned
 * storage: allocate it with mikey_ticket_keys_new (libgcrypt secure memory when enabled, wiped
 * on free) or embed it and wipe it with mikey_ticket_keys_clear.
 */
typedef struct mikey_ticket_keys {
  uint8_t prf;         /* Ticket Policy PRF the keys belong to (D2) */
  int forked;          /* 1 when mpkr and the TGKs are the forked MPKr' and TGK' (5.1.1) */
  mikey_ticket_key mpk;
  uint8_t mpki[MIKEY_TICKET_MAX_KEY_LEN];
  uint8_t mpkr[MIKEY_TICKET_MAX_KEY_LEN];
  size_t n;            /* session keys in key[] */
  mikey_ticket_key key[MIKEY_TICKET_MAX_KEYS];
} mikey_ticket_keys;

/* mikey_ticket_keys_new allocates a zeroed mikey_ticket_keys in |*out| (secure memory first,
 * as mikey_key). Returns 0, MIKEY_E_INVAL or MIKEY_E_NOMEM. */
int mikey_ticket_keys_new(mikey_ticket_keys **out) MIKEY_WUR;

/* mikey_ticket_keys_free wipes and frees |k| (from mikey_ticket_keys_new). NULL is allowed. */
void mikey_ticket_keys_free(mikey_ticket_keys *k);

/* mikey_ticket_keys_clear wipes every byte of |*k|. NULL is allowed. */
void mikey_ticket_keys_clear(mikey_ticket_keys *k);

/* mikey_ticket_keys_summary sums up the session keys of |*k| (and the MPK length) into |*s|
 * for mikey_policy_check. */
void mikey_ticket_keys_summary(const mikey_ticket_keys *k, mikey_key_summary *s);

/* mikey_ticket_keys_find returns the first session key of |*k| whose type is |type| and, when
 * |spi| is not NULL, whose KV SPI equals the |spi_len| bytes at |spi|; NULL when none. */
const mikey_ticket_key *mikey_ticket_keys_find(const mikey_ticket_keys *k, uint8_t type,
                                               const uint8_t *spi, size_t spi_len);

/* mikey_ticket_key_set fills |*k| with type |type|, the |key_len|-byte |key|, the
 * |salt_len|-byte |salt| (NULL/0 unless a +SALT type) and the |spi_len|-byte KV SPI |spi|.
 * Returns 0, MIKEY_E_INVAL (NULL, unknown key type, salt with a type that has none or none
 * with a +SALT type, no SPI), MIKEY_E_KEY_LENGTH (|key_len| 0) or MIKEY_E_LIMIT (a field over
 * its MIKEY_TICKET_MAX_*). On error |*k| is wiped. */
int mikey_ticket_key_set(mikey_ticket_key *k, uint8_t type, const uint8_t *key, size_t key_len,
                         const uint8_t *salt, size_t salt_len, const uint8_t *spi,
                         size_t spi_len) MIKEY_WUR;

/* mikey_ticket_key_export copies the key bytes of |*k| into a new self-wiping mikey_key.
 * Codes as mikey_key_new. */
int mikey_ticket_key_export(const mikey_ticket_key *k, mikey_key **out) MIKEY_WUR;

/* ---------------------------------------------------------------------------------------
 * Contexts
 * --------------------------------------------------------------------------------------- */

/* A TPK (Ticket Protection Key, A.1), keyed once for both PRFs and reused: a KMS keeps one per
 * TPK per worker. The ticket's TP PRF picks which (D2); D4 and D5 are checked per ticket. */
typedef struct mikey_tpk {
  mikey_prf prf[2]; /* keyed with the TPK for MIKEY_PRF_MIKEY_1 and MIKEY_PRF_HMAC_SHA_256 */
  size_t len;       /* TPK length in bytes, 0 when unkeyed */
} mikey_tpk;

/* mikey_tpk_init makes |t| an empty TPK. Never fails. */
void mikey_tpk_init(mikey_tpk *t);

/* mikey_tpk_setkey keys |t| with the |len|-byte |tpk| (16..MIKEY_PRF_MAX_INKEY bytes; RFC 6043
 * 12.1 wants 128 bits at least). The key bytes are not kept. Returns 0, MIKEY_E_INVAL,
 * MIKEY_E_KEY_LENGTH or MIKEY_E_CRYPTO; on error |t| is unkeyed. */
int mikey_tpk_setkey(mikey_tpk *t, const uint8_t *tpk, size_t len) MIKEY_WUR;

/* mikey_tpk_clear closes the handles of |t| (libgcrypt wipes them). */
void mikey_tpk_clear(mikey_tpk *t);

/* Per-worker scratch contexts of the ticket layer: kept open and re-keyed across tickets. */
typedef struct mikey_ticket_ctx {
  mikey_mac mac;             /* ticket V, Vr */
  mikey_kemac_cipher cipher; /* ticket KEMAC */
  mikey_prf prf;             /* MPK (A.2.2), MPKr (6.10 Vr key), fork inkeys (5.1.1) */
} mikey_ticket_ctx;

/* mikey_ticket_ctx_init makes |c| an empty context. Never fails. */
void mikey_ticket_ctx_init(mikey_ticket_ctx *c);

/* mikey_ticket_ctx_clear closes every handle of |c| (libgcrypt wipes them). */
void mikey_ticket_ctx_clear(mikey_ticket_ctx *c);

/* ---------------------------------------------------------------------------------------
 * Parsing
 * --------------------------------------------------------------------------------------- */

/* A parsed TICKET payload: views into the caller's bytes, and copies of the small payloads of
 * the Ticket Data and Initiator Data. Offsets count from |buf|. */
typedef struct mikey_ticket_view {
  const uint8_t *buf;     /* the bytes the offsets count from (a message, or one payload) */
  size_t len;
  size_t start;           /* offset of the TICKET payload (its Next Payload byte) */
  size_t end;             /* offset just after the TICKET payload */
  mikey_ticket ticket;    /* the payload's fields as decoded */
  mikey_policy policy;    /* the granted Ticket Policy */
  mikey_bytes thdr_data;  /* THDR Data */
  mikey_bytes kms_id;     /* its first MIKEY_TICKET_KMS_ID_LEN bytes */
  mikey_ts t;             /* T of the Ticket Data (time of issue; the KEMAC IV) */
  mikey_bytes rand;       /* RAND of the Ticket Data */
  mikey_kemac kemac;      /* KEMAC of the Ticket Data (offsets from buf) */
  int has_idrpsk;
  mikey_id idrpsk;        /* IDRpsk, when has_idrpsk */
  mikey_v v;              /* V of the Ticket Data (mac_offset from buf) */
  int has_idata;          /* Initiator Data present */
  mikey_v vi, vr;         /* its Vi and Vr (mac_offset from buf) */
} mikey_ticket_view;

/*
 * mikey_ticket_parse parses the TICKET payload |*p|, decoded from the |len| bytes at |buf|
 * (mikey_msg_decode or mikey_payload_decode: its offsets count from |buf|), into |*tv|:
 * ticket type (mikey_ticket_type_check), the granted policy (mikey_policy_from_tp; a KEMAC in
 * it is refused), the Ticket Data (decoded, grammar THDR, T, RAND, KEMAC, [IDRpsk], V, with V
 * last and its MAC ending the Ticket Data), the KMS identifier, and the Initiator Data when
 * present (grammar Vi, Vr). Nothing is verified or decrypted.
 * Returns 0, MIKEY_E_INVAL (NULL argument, |*p| not a TICKET or not inside |buf|),
 * MIKEY_E_TICKET_TYPE, the errors of mikey_policy_from_tp, the codec's decode and grammar
 * errors for Ticket Data and Initiator Data, MIKEY_E_KMS_ID (THDR Data shorter than 6 bytes),
 * MIKEY_E_POLICY (a KEMAC in the granted policy), MIKEY_E_BAD_VALUE (V with the NULL MAC),
 * MIKEY_E_VI_MISSING (Initiator Data with I=0, 6.10 "if and only if"). On error |*tv| is
 * zeroed.
 */
int mikey_ticket_parse(mikey_ticket_view *tv, const uint8_t *buf, size_t len,
                       const mikey_payload *p) MIKEY_WUR;

/*
 * mikey_ticket_parse_payload decodes the |len| bytes at |buf| as exactly one TICKET payload
 * (as mikey_ticket_build writes it) and parses it. Codes as mikey_ticket_parse and
 * mikey_payload_decode.
 */
int mikey_ticket_parse_payload(mikey_ticket_view *tv, const uint8_t *buf, size_t len) MIKEY_WUR;

/* ---------------------------------------------------------------------------------------
 * Build, verify, open
 * --------------------------------------------------------------------------------------- */

/* What goes into a ticket besides its keys. */
typedef struct mikey_ticket_params {
  const mikey_policy *policy; /* the granted policy (encoded without a KEMAC) */
  const uint8_t *kms_id;  /* MIKEY_TICKET_KMS_ID_LEN bytes, first in THDR Data (D.4) */
  mikey_bytes thdr_extra; /* THDR Data after the KMS identifier (may be empty) */
  mikey_ts t;             /* T: time of issue (role ignored); NTP-UTC by default */
  mikey_bytes rand;       /* RAND: at least max(TPK, MPK) bytes (D5), at most 255 */
  const mikey_id *idrpsk; /* IDRpsk (its role is written as MIKEY_ROLE_PSK), NULL to omit */
} mikey_ticket_params;

/*
 * mikey_ticket_build writes one TICKET payload (Next Payload byte 0, no Initiator Data) into
 * |out| (|cap| bytes; with NULL or a short buffer |*outlen| receives the size needed and
 * MIKEY_E_BUFFER_TOO_SMALL is returned before any crypto). The keys come from |*keys|: prf is
 * set to the policy's PRF, the MPK and the n session keys are encrypted in that order, and
 * mpki and mpkr are derived (A.2.2) for the caller (the REQUEST_RESP KEMAC carries them). The
 * KEMAC is AES-CM with the TPK-derived keys, CSB ID 0xFFFFFFFF and T (A.1, A.2.1); the V MAC
 * follows A.1. When |pl| is not NULL it receives the payload decoded from |out| (views and
 * offsets into |out|), ready to be placed in a message.
 * Returns 0, MIKEY_E_INVAL (NULL argument, no MPK, a key type other than TEK/TGK/GTGK (+SALT)
 * among the session keys, more than MIKEY_TICKET_MAX_KEYS), MIKEY_E_STATE (|tpk| unkeyed),
 * MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_TICKET_TYPE, MIKEY_E_TP_FLAGS (the 6.10 implications,
 * with the keys given), MIKEY_E_SUITE (D3/D4: the TP PRF against the key sizes),
 * MIKEY_E_KEY_LENGTH (a key under 128 bits), MIKEY_E_RAND_SHORT (D5), MIKEY_E_LIMIT, the
 * errors of mikey_policy_encode and the codec's encoders, MIKEY_E_CRYPTO. On error |out| and
 * keys->mpki / mpkr hold no key material.
 */
int mikey_ticket_build(mikey_ticket_ctx *ctx, mikey_tpk *tpk, const mikey_ticket_params *prm,
                       mikey_ticket_keys *keys, uint8_t *out, size_t cap,
                       size_t *outlen, mikey_payload *pl) MIKEY_WUR;

/*
 * mikey_ticket_verify checks the ticket's V (A.1) with the auth_key derived from |tpk| under
 * the Ticket Policy PRF, in constant time, after the suite checks of its algorithms (D3:
 * V MAC alg and KEMAC Encr alg those of the TP PRF's suite, KEMAC MAC alg NULL). Nothing is
 * decrypted.
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_STATE (|tpk| unkeyed), MIKEY_E_SUITE_PRF (a PRF the
 * library does not run), MIKEY_E_SUITE_MAC (V of another suite or NULL, a KEMAC MAC),
 * MIKEY_E_SUITE_EA (KEMAC Encr alg not the suite's AES-CM), MIKEY_E_RAND_SHORT (RAND shorter
 * than the TPK, D5), MIKEY_E_AUTH (MAC differs) or MIKEY_E_CRYPTO.
 */
int mikey_ticket_verify(mikey_ticket_ctx *ctx, mikey_tpk *tpk,
                        const mikey_ticket_view *tv) MIKEY_WUR;

/*
 * mikey_ticket_open verifies the ticket (mikey_ticket_verify) and only then decrypts its KEMAC
 * into |*keys|: the MPK first (exactly one), then the session keys (TEK/TGK/GTGK, +SALT), each
 * with its KV SPI (6.2.1: "An SPI (or MKI) MUST be specified for each key"; another KV is
 * MIKEY_E_BAD_VALUE); derives MPKi and MPKr (A.2.2) and sets keys->prf. Checks after
 * decryption: the MPK and every key at least 128 bits (RFC 6043 12.1), the TP PRF against the
 * longest key of TPK, MPK and session keys (D4), the RAND at least as long as TPK and MPK (D5).
 * Returns 0, the codes of mikey_ticket_verify, MIKEY_E_KEY_LENGTH, MIKEY_E_SUITE,
 * MIKEY_E_RAND_SHORT, MIKEY_E_LIMIT (a key field over its MIKEY_TICKET_MAX_*), MIKEY_E_BAD_VALUE
 * (no MPK first, a second MPK, a key type a ticket does not carry), the codes of
 * mikey_keydata_decode and mikey_kemac_decrypt. On any error |*keys| is wiped.
 */
int mikey_ticket_open(mikey_ticket_ctx *ctx, mikey_tpk *tpk, const mikey_ticket_view *tv,
                      mikey_ticket_keys *keys) MIKEY_WUR;

/* Which of MPKi and MPKr mikey_ticket_open_mpks derives (A.2.2). */
#define MIKEY_TICKET_MPKI 0x1u
#define MIKEY_TICKET_MPKR 0x2u

/*
 * mikey_ticket_open_mpks is mikey_ticket_open deriving only the keys of |mpks| (a set of
 * MIKEY_TICKET_MPKI, MIKEY_TICKET_MPKR; the other is left zero): a KMS that neither forks nor
 * checks a Vr needs only MPKi for its RESOLVE_RESP (4.2.3.5), and each key is two HMACs.
 * Codes as mikey_ticket_open.
 */
int mikey_ticket_open_mpks(mikey_ticket_ctx *ctx, mikey_tpk *tpk, const mikey_ticket_view *tv,
                           mikey_ticket_keys *keys, unsigned mpks) MIKEY_WUR;

/*
 * The TPK lookup of mikey_ticket_open_lookup: given the parsed ticket (kms_id, idrpsk, ...),
 * set |*tpk| to a keyed TPK owned by the callee (valid until the open returns) and return 0;
 * or return MIKEY_E_UNKNOWN_KEY / MIKEY_E_KMS_ID when there is none. Any other non-zero return
 * is reported as MIKEY_E_CALLBACK.
 */
typedef int (*mikey_tpk_lookup_fn)(void *user_data, const mikey_ticket_view *tv,
                                   mikey_tpk **tpk);

/*
 * mikey_ticket_open_lookup is mikey_ticket_open with the TPK found by |lookup| (called once
 * with |user_data|). Returns the codes of mikey_ticket_open, MIKEY_E_UNKNOWN_KEY,
 * MIKEY_E_KMS_ID and MIKEY_E_CALLBACK (the callback failed otherwise, or gave no TPK).
 */
int mikey_ticket_open_lookup(mikey_ticket_ctx *ctx, mikey_tpk_lookup_fn lookup,
                             void *user_data, const mikey_ticket_view *tv,
                             mikey_ticket_keys *keys) MIKEY_WUR;

/* ---------------------------------------------------------------------------------------
 * Initiator Data (RFC 6043 6.10; PROFILE.md section 6)
 * --------------------------------------------------------------------------------------- */

/*
 * mikey_initiator_data_size sets |*len| to the length of Initiator Data = First Payload, Vi,
 * Vr whose V payloads use Auth alg |mac_alg| (1 + 2 * (2 + MAC length)), so that a caller can
 * reserve the room before the TRANSFER_INIT V is known. Returns 0, MIKEY_E_INVAL (NULL) or
 * MIKEY_E_SUITE_MAC (NULL or unknown MAC alg).
 */
int mikey_initiator_data_size(uint8_t mac_alg, size_t *len);

/*
 * mikey_initiator_data_build writes Initiator Data = First Payload, Vi, Vr into |out| (|cap|
 * bytes; NULL and 0 to ask the size; |*outlen| receives the size written or needed). Vi is a
 * copy of |*vi|, the V payload of the TRANSFER_INIT (Auth alg and MAC, D14). Vr uses the same
 * Auth alg; its MAC covers the entire Initiator Data except the Vr MAC field, keyed with the
 * auth_key derived from the unforked MPKr (|mpkr_len| bytes at |mpkr|) with the Ticket Policy
 * PRF |tp_prf| and label 0x04 (6.10, D2).
 * Returns 0, MIKEY_E_INVAL (NULL argument, vi->mac not the algorithm's MAC length),
 * MIKEY_E_SUITE_MAC (NULL or unknown Auth alg, or one not of the TP PRF's suite, D3),
 * MIKEY_E_SUITE_PRF, MIKEY_E_KEY_LENGTH, MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_CRYPTO.
 */
int mikey_initiator_data_build(mikey_ticket_ctx *ctx, uint8_t tp_prf, const uint8_t *mpkr,
                               size_t mpkr_len, const mikey_v *vi, uint8_t *out, size_t cap,
                               size_t *outlen) MIKEY_WUR;

/*
 * mikey_ticket_insert_initiator_data replaces the Initiator Data of the encoded TICKET payload
 * that starts at offset |start| of the |len| bytes at |buf| (a message or one payload; |cap|
 * bytes of room) with the |idata_len| bytes at |idata|, sets the Initiator Data length field,
 * and moves the bytes after the payload; |*new_len| receives the new length of |buf|. Nothing
 * the ticket MAC covers changes (A.1). The caller re-decodes afterwards (offsets after the
 * TICKET payload moved). A TRANSFER_INIT V is not touched either: 5.5 excludes the same two
 * fields.
 * Returns 0, MIKEY_E_INVAL (NULL argument, |start| not inside |buf|, |len| over |cap|,
 * |idata| inside |buf|), MIKEY_E_BAD_LENGTH (|idata_len| over 65535), MIKEY_E_VI_MISSING
 * (Initiator Data into a ticket with I=0, 6.10; removing it, |idata_len| 0, is allowed),
 * MIKEY_E_BUFFER_TOO_SMALL (|*new_len| is the size needed), and the decode errors of
 * mikey_payload_decode at |start|. On error |buf| is unchanged.
 */
int mikey_ticket_insert_initiator_data(uint8_t *buf, size_t len, size_t cap, size_t start,
                                       const uint8_t *idata, size_t idata_len,
                                       size_t *new_len) MIKEY_WUR;

/*
 * mikey_ticket_check_initiator_data applies the presence rule of 6.10 to a ticket carried in
 * a TRANSFER_INIT or RESOLVE_INIT: Initiator Data "SHALL be inserted by the Initiator if and
 * only if key forking is used (I flag)". Returns 0, MIKEY_E_INVAL or MIKEY_E_VI_MISSING (I=1
 * and none, or I=0 and some).
 */
int mikey_ticket_check_initiator_data(const mikey_ticket_view *tv);

/*
 * mikey_initiator_data_verify (KMS, I=1) applies mikey_ticket_check_initiator_data and checks
 * Vr: the same Auth alg as Vi, of the TP PRF's suite (D3), and its MAC over the entire
 * Initiator Data except the Vr MAC field, in constant time, with the auth_key derived from the
 * unforked MPKr (|mpkr_len| bytes at |mpkr|, e.g. keys->mpkr of mikey_ticket_open before
 * forking) with the TP PRF (6.10).
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_VI_MISSING (the presence rule, or no Initiator Data to
 * verify), MIKEY_E_SUITE_MAC (Vr alg differs from Vi's or from the suite), MIKEY_E_SUITE_PRF,
 * MIKEY_E_KEY_LENGTH, MIKEY_E_AUTH (Vr differs), MIKEY_E_CRYPTO.
 */
int mikey_initiator_data_verify(mikey_ticket_ctx *ctx, const mikey_ticket_view *tv,
                                const uint8_t *mpkr, size_t mpkr_len) MIKEY_WUR;

/*
 * mikey_initiator_data_check_vi (Responder) checks that the V payload |*v| of the TRANSFER_INIT
 * that carried the ticket is identical to Vi (6.10; D14: Auth alg and MAC bytes, compared in
 * constant time). Returns 0, MIKEY_E_INVAL, MIKEY_E_VI_MISSING (no Initiator Data) or
 * MIKEY_E_VI_MISMATCH.
 */
int mikey_initiator_data_check_vi(const mikey_ticket_view *tv, const mikey_v *v) MIKEY_WUR;

/* ---------------------------------------------------------------------------------------
 * Key forking (RFC 6043 5.1.1)
 * --------------------------------------------------------------------------------------- */

/* mikey_fork_applies returns 1 when a session key of type |key_type| is forked (TGK,
 * TGK+SALT: "the MPKr and TGKs ... SHALL be forked"), 0 when not ("The TEKs and GTGKs ...
 * SHALL NOT be forked"; the MPK and MPKi neither). */
int mikey_fork_applies(uint8_t key_type);

/*
 * mikey_fork_keys copies |*in| to |*out| (they may be the same) with MPKr replaced by MPKr'
 * and every TGK by TGK', derived with the Ticket Policy PRF in->prf, the modifier ID Data
 * (|id_len| bytes at |id|, from the IDRr of the RESOLVE_RESP / TRANSFER_RESP) and RANDRkms
 * (|randrkms_len| bytes at |randrkms|; D5: at least as long as the longest MPKr/TGK, at most
 * 255); GTGKs, TEKs, the MPK and MPKi are copied unchanged. Sets out->forked.
 * Returns 0, MIKEY_E_INVAL (NULL argument, |id_len| over 65535, |randrkms_len| over 255),
 * MIKEY_E_STATE (|*in| already forked), MIKEY_E_RAND_SHORT, and the codes of mikey_kdf_fork.
 * The first three refuse before anything is written; after a later error |*out| is wiped.
 */
int mikey_fork_keys(mikey_ticket_ctx *ctx, const mikey_ticket_keys *in, const uint8_t *id,
                    size_t id_len, const uint8_t *randrkms, size_t randrkms_len,
                    mikey_ticket_keys *out) MIKEY_WUR;

/*
 * mikey_fork_mpkr / mikey_fork_tgk fork one raw key (the Initiator holds MPKr and the TGK from
 * the REQUEST_RESP): |key_len| bytes at |key| to |key_len| bytes at |out| (may equal |key|),
 * Ticket Policy PRF |tp_prf|, modifier as mikey_fork_keys. Codes as mikey_fork_keys (no
 * MIKEY_E_STATE), plus MIKEY_E_SUITE_PRF and MIKEY_E_KEY_LENGTH.
 */
int mikey_fork_mpkr(mikey_ticket_ctx *ctx, uint8_t tp_prf, const uint8_t *key, size_t key_len,
                    const uint8_t *id, size_t id_len, const uint8_t *randrkms,
                    size_t randrkms_len, uint8_t *out) MIKEY_WUR;
int mikey_fork_tgk(mikey_ticket_ctx *ctx, uint8_t tp_prf, const uint8_t *key, size_t key_len,
                   const uint8_t *id, size_t id_len, const uint8_t *randrkms,
                   size_t randrkms_len, uint8_t *out) MIKEY_WUR;

#endif /* MIKEY_TICKET_INTERNAL_H */
