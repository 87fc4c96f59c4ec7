/*
 * mikey_roles_local.h: helpers shared by the role engines (internal).
 *
 * One concept per file: mikey_role_profile.c (presets and policy checks), mikey_vmac.c (V payload
 * coverage, RFC 6043 Table 5.2), mikey_errmsg.c (Error messages, RFC 6043 5.4),
 * mikey_replay.c (replay cache and its keys), mikey_tscheck.c (timestamps and the clock
 * skew window), mikey_ident.c (identities), mikey_msgkeys.c (keys protecting one message and
 * the KEMACs of responses).
 */
#ifndef MIKEY_ROLES_LOCAL_H
#define MIKEY_ROLES_LOCAL_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/codec.h>
#include <mikey/common.h>
#include <mikey/key.h>
#include <mikey/roles.h>
#include <mikey/ticket.h>

#include "crypto/mikey_iov.h"
#include "crypto/mikey_kdf.h"
#include "crypto/mikey_kemac_crypt.h"
#include "crypto/mikey_mac.h"
#include "crypto/mikey_prf.h"
#include "crypto/mikey_suite.h"
#include "ticket/mikey_policy.h"
#include "ticket/mikey_ticket.h"

/* Most IDRr payloads a request or ticket may list (and an engine copies). */
#define MIKEY_MAX_RESPONDERS 16
/* Most SP payloads a TRANSFER_INIT built here carries. */
#define MIKEY_MAX_SP 8
/* Size of a zero buffer used as the placeholder MAC while a message is encoded. */
#define MIKEY_ZERO_MAC_LEN MIKEY_SUITE_MAX_TAG

extern const uint8_t mikey_zero_mac[MIKEY_ZERO_MAC_LEN]; /* mikey_role_msg.c */

/* ---- role profiles (mikey_role_profile.c) ---------------------------------------------------- */

/* mikey_role_ticket_profile returns the ticket layer's profile (the Ticket Policy rules) of
 * role profile kind |kind|, NULL for an unknown kind. */
const mikey_profile *mikey_role_ticket_profile(int kind);

/* mikey_role_desired_flags returns the Ticket Policy flags an initiator asks for (PSK/MIME:
 * the I flag from proof_of_origin). */
uint16_t mikey_role_desired_flags(const mikey_role_profile *p);

/* mikey_role_key_type returns the key type a ticket of |p| carries: GTGK with PSK/MIME
 * proof-of-origin (D15), else TGK. */
uint8_t mikey_role_key_type(const mikey_role_profile *p);

/* mikey_role_check_policy checks a granted (or received) policy against |p|: the ticket
 * profile (mikey_policy_check, MIKEY_POLICY_GRANTED, |keys| may be NULL), and, when |p| asks
 * for proof-of-origin, I=1 (MIKEY_E_POLICY). Returns 0 or the codes of mikey_policy_check. */
int mikey_role_check_policy(const mikey_role_profile *p, const mikey_policy *pol,
                            const mikey_key_summary *keys);

/* mikey_role_ticket_subtype sets the subtype and version of |ticket_type| (1: 1/1, RFC 6043
 * 6.10; 2: 0/0, TS 33.328 D.4). Returns 0 or MIKEY_E_TICKET_TYPE. */
int mikey_role_ticket_subtype(uint16_t ticket_type, uint8_t *subtype, uint8_t *version);

/* mikey_role_kind_of returns the role profile kind a policy falls under: PSK/MIME when it lists
 * the IDRapp PSK/MIME (D9), IMS otherwise. */
int mikey_role_kind_of(const mikey_policy *pol);

/* ---- identities (mikey_ident.c) ----------------------------------------------------------- */

/* mikey_ident_check checks a configured identity: non-empty, known type, at most
 * MIKEY_IDENTITY_MAX bytes. Returns 0, MIKEY_E_INVAL or MIKEY_E_LIMIT. */
int mikey_ident_check(const mikey_identity *id);

/* An owned copy of an identity. */
typedef struct mikey_ident_buf {
  uint8_t type;
  uint8_t *data;
  size_t len;
} mikey_ident_buf;

/* mikey_ident_copy copies |src| into |*dst| (allocates). Returns 0 or MIKEY_E_NOMEM. */
int mikey_ident_copy(mikey_ident_buf *dst, const mikey_identity *src);
void mikey_ident_free(mikey_ident_buf *b);
/* The credentials of an initiator or a responder (mikey_party.c): its identity, the KMS's,
 * the IDRpsk and the PSK it shares with the KMS. */
typedef struct mikey_party {
  mikey_ident_buf self, kms, psk_id;
  mikey_key *psk;
} mikey_party;

/* mikey_party_check checks configured credentials: each identity (mikey_ident_check), then the
 * PSK present and 16..MIKEY_PSK_MAX bytes. Returns 0, MIKEY_E_INVAL, MIKEY_E_LIMIT or
 * MIKEY_E_KEY_LENGTH. */
int mikey_party_check(const mikey_identity *self, const mikey_identity *kms,
                      const mikey_identity *psk_id, const uint8_t *psk, size_t psk_len);

/* mikey_party_copy copies checked credentials into |*p| (zeroed by the caller). On failure
 * |*p| may hold part of them: the caller frees it with mikey_party_free. Returns 0 or
 * MIKEY_E_NOMEM. */
int mikey_party_copy(mikey_party *p, const mikey_identity *self, const mikey_identity *kms,
                     const mikey_identity *psk_id, const uint8_t *psk, size_t psk_len);

/* mikey_party_free frees |*p|, wiping the PSK. */
void mikey_party_free(mikey_party *p);

/* mikey_ident_view returns |b| as a mikey_identity view. */
mikey_identity mikey_ident_view(const mikey_ident_buf *b);

/* mikey_ident_from_id makes a view of the ID Type and ID Data of an IDR payload. */
mikey_identity mikey_ident_from_id(const mikey_id *id);

/* mikey_ident_eq_id returns 1 when |a| and the IDR payload |id| name the same identity
 * (same ID Type, same bytes). */
int mikey_ident_eq_id(const mikey_identity *a, const mikey_id *id);
int mikey_ident_eq(const mikey_identity *a, const mikey_identity *b);

/* mikey_ident_set_idr fills IDR payload |p| with role |role| and identity |id|. */
void mikey_ident_set_idr(mikey_payload *p, uint8_t role, const mikey_identity *id);

/* mikey_ident_list collects the identities of every IDR payload with role |role| among the
 * |n| payloads at |pl| into |out| (|cap| entries); *count receives the number.
 * Returns 0 or MIKEY_E_LIMIT (more than |cap|). */
int mikey_ident_list(const mikey_payload *pl, size_t n, uint8_t role, mikey_identity *out,
                     size_t cap, size_t *count);

/* ---- timestamps (mikey_tscheck.c) ---------------------------------------------------------- */

/* mikey_ts_ntp64 turns a decoded T payload into 64-bit NTP: NTP-UTC and NTP as they are,
 * NTP-UTC-32 with a zero fraction. COUNTER gives MIKEY_E_TIMESTAMP (not run here). */
int mikey_ts_ntp64(const mikey_ts *t, uint64_t *ntp);

/* mikey_ts_fresh checks that T payload |t| lies within |skew| seconds of |now| (RFC 3830
 * 5.4, D13). Returns 0 or MIKEY_E_TIMESTAMP. */
int mikey_ts_fresh(const mikey_ts *t, uint64_t now, uint32_t skew);

/* mikey_ntp_diff returns a - b in NTP units as a signed value (correct across an era
 * boundary as long as the times lie within 68 years). */
int64_t mikey_ntp_diff(uint64_t a, uint64_t b);

/* mikey_ts_set_now fills |t| with an NTP-UTC timestamp of |now|. */
void mikey_ts_set_now(mikey_ts *t, uint64_t now);

/* ---- replay cache (mikey_replay.c) ---------------------------------------------------------- */

/* mikey_replay_key computes the cache key of an initial message: SHA-256 over
 * data type (1) || ID Type (1) || len (2) || ID Data || CSB ID (4) || RAND len (1) || RAND.
 * |id| may be NULL (no identity: type 0xff, length 0). */
void mikey_replay_key(uint8_t data_type, const mikey_identity *id, uint32_t csb_id,
                      const uint8_t *rand, size_t rand_len,
                      uint8_t key[MIKEY_REPLAY_KEY_LEN]);

/* mikey_replay_lookup / mikey_replay_commit call the ops; MIKEY_E_REPLAY when seen,
 * MIKEY_E_CALLBACK or the cache's own negative code on failure. */
int mikey_replay_lookup(const mikey_replay_ops *ops, const uint8_t *key, uint64_t now);
int mikey_replay_commit(const mikey_replay_ops *ops, const uint8_t *key, uint64_t expiry,
                        uint64_t now);

/* ---- message keys (mikey_msgkeys.c) ---------------------------------------------------------- */

/* mikey_suite_algs gives the KEMAC Encr alg and V MAC alg of the suite of |prf| (D3).
 * Returns 0 or MIKEY_E_SUITE_PRF. */
int mikey_suite_algs(uint8_t prf, uint8_t *encr_alg, uint8_t *mac_alg);

/* mikey_msgkeys derives the keys protecting one message from |inkey| (RFC 6043 5.1.2):
 * HDR PRF |prf|, |csb_id|, |direction|, RANDRi / RANDRr (NULL/0 when absent), for the
 * Encr alg and MAC alg of the suite of |prf| (or |mac_alg| when non-zero, already checked).
 * Returns the codes of mikey_kdf_msg_keys. */
int mikey_msgkeys(uint8_t prf, const uint8_t *inkey, size_t inkey_len, uint32_t csb_id,
                  uint8_t direction, const uint8_t *randri, size_t randri_len,
                  const uint8_t *randrr, size_t randrr_len, mikey_keyset *ks);

/* mikey_msgkeys_ctx is mikey_msgkeys on a caller's PRF context |ctx| (re-keyed, its handles
 * kept open: opening a libgcrypt handle costs an entropy poll once the RNG runs), or on a
 * temporary one when |ctx| is NULL. */
int mikey_msgkeys_ctx(mikey_prf *ctx, uint8_t prf, const uint8_t *inkey, size_t inkey_len,
                      uint32_t csb_id, uint8_t direction, const uint8_t *randri,
                      size_t randri_len, const uint8_t *randrr, size_t randrr_len,
                      mikey_keyset *ks);

/* One key to put into, or taken out of, a response KEMAC. */
typedef struct mikey_kemac_key {
  uint8_t type;            /* MIKEY_KEY_* */
  const uint8_t *key;      /* key bytes */
  size_t key_len;
  const uint8_t *salt;     /* salt, +SALT types only (NULL/0 otherwise) */
  size_t salt_len;
  const uint8_t *spi;      /* KV SPI (NULL/0: no KV) */
  size_t spi_len;
} mikey_kemac_key;

/* Largest plaintext of a response KEMAC built or opened here (three keys of at most 32 bytes
 * with SPIs of at most 255 bytes, and room to spare). */
#define MIKEY_KEMAC_PLAIN_MAX 1024

/* mikey_kemac_seal encodes the |n| keys as Key data sub-payloads and encrypts them with
 * |ks| (CSB ID |csb_id| and 64-bit T |t| in the IV, D1) into |out| (|cap| bytes), on cipher
 * context |c| (NULL: temporary handles); the KEMAC
 * payload is then |encr_alg| of |ks| with NULL MAC. *|out_len| receives the length.
 * Returns 0, MIKEY_E_LIMIT, MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_INVAL, the codec and crypto
 * codes. Plaintext copies are wiped. */
int mikey_kemac_seal(mikey_kemac_cipher *c, const mikey_keyset *ks, uint32_t csb_id,
                     uint64_t t, const mikey_kemac_key *keys, size_t n, uint8_t *out,
                     size_t cap, size_t *out_len);

/* mikey_kemac_open decrypts KEMAC |k| with |ks| (CSB ID, T as for seal; cipher context |c|
 * or NULL) into |plain|
 * (|cap| bytes) and decodes the key list into |list| (views into |plain|). The caller wipes
 * |plain|. Returns 0, MIKEY_E_SUITE_EA (Encr alg not that of |ks|), MIKEY_E_SUITE_MAC (MAC
 * alg not NULL), MIKEY_E_LIMIT, and the codec and crypto codes (on error |plain| is wiped). */
int mikey_kemac_open(mikey_kemac_cipher *c, const mikey_keyset *ks, uint32_t csb_id,
                     uint64_t t, const mikey_kemac *k, uint8_t *plain, size_t cap,
                     mikey_keydata_list *list);

/* ---- V payloads (mikey_vmac.c) --------------------------------------------------------------- */

/* Most ranges a coverage list needs. */
#define MIKEY_VMAC_MAX_IOV 5

typedef struct mikey_cover {
  mikey_iov v[MIKEY_VMAC_MAX_IOV];
  size_t n;
} mikey_cover;

/* mikey_vmac_last_v returns the V payload of |m| when it is the last payload and its MAC
 * ends the message, else NULL. */
const mikey_v *mikey_vmac_last_v(const mikey_msg *m);

/* mikey_role_msg.c */

/* mikey_role_size sets |*need| to the encoded size of |*m| and returns 0 when the caller's
 * |out| (|cap| bytes) holds it; else MIKEY_E_BUFFER_TOO_SMALL with |*outlen| = the size, or the
 * encoder's own refusal (MIKEY_E_INTERNAL if it wrote into no buffer without complaint). */
int mikey_role_size(mikey_msg *m, const uint8_t *out, size_t cap, size_t *outlen,
                    size_t *need);

/* mikey_role_check_cs_map checks the crypto sessions of a received TRANSFER_INIT (initial or
 * update): a GENERIC-ID map (RFC 6043 6.1.1) of at least one session, no CS ID twice.
 * MIKEY_E_POLICY otherwise. */
int mikey_role_check_cs_map(const mikey_hdr *h);

/* mikey_role_add_v appends the V payload a message is signed in: |mac_alg| and a zeroed MAC of
 * its tag length, which mikey_role_seal_* overwrite. MIKEY_E_INVAL for NULL or a MAC
 * algorithm without a tag (D3: never NULL), MIKEY_E_LIMIT when |*m| is full. */
int mikey_role_add_v(mikey_msg *m, uint8_t mac_alg);

/* mikey_role_seal_init encodes the initial message |*m| (REQUEST_INIT, TRANSFER_INIT,
 * RESOLVE_INIT; its V payload last, MAC zeroed) into |out| and writes its V MAC with |ks| over
 * the message and the ID Data of |a| and |b| (RFC 6043 Table 5.2). mikey_role_seal_resp does
 * the same for a response, covering the message and the whole initial message |init|. Call
 * them after mikey_role_size accepted (out, cap) and gave |need|. On failure the |need| bytes
 * of |out| are wiped and |*outlen| is 0: no unsigned or half-written message leaves an engine. */
int mikey_role_seal_init(mikey_msg *m, uint8_t *out, size_t cap, size_t *outlen, size_t need,
                         const mikey_identity *a, const mikey_identity *b,
                         const mikey_keyset *ks);
int mikey_role_seal_resp(mikey_msg *m, uint8_t *out, size_t cap, size_t *outlen, size_t need,
                         const uint8_t *init, size_t init_len, const mikey_keyset *ks);

/* mikey_role_resp_hdr starts the response |*o| of type |data_type| with the HDR fields of the
 * initial message's |*init| (version, PRF, CSB ID, #CS, map and its crypto sessions) and V=0. */
void mikey_role_resp_hdr(mikey_msg *o, uint8_t data_type, const mikey_hdr *init);

/* mikey_role_key_release copies key |i| of |keys| (each |key_len| bytes) to |out| and marks it
 * in |released|; a key already released is refused unless |reuse| (Annex I.3). |*len| is set
 * to |key_len| (the size needed) unless the key is refused. Returns 0, MIKEY_E_KEK_REUSE or
 * MIKEY_E_BUFFER_TOO_SMALL. */
int mikey_role_key_release(const uint8_t *keys, size_t key_len, uint8_t *released, size_t i,
                           int reuse, uint8_t *out, size_t cap, size_t *len);

/* mikey_vmac_cover_init: coverage of an initial message (REQUEST_INIT, TRANSFER_INIT,
 * RESOLVE_INIT): the message up to its MAC field, for TRANSFER_INIT without the TICKET's
 * Initiator Data length and Initiator Data fields, then Identity |a| and Identity |b| (ID
 * Data only, RFC 6043 5.5). Returns 0 or MIKEY_E_INVAL (no final V, layout broken). */
int mikey_vmac_cover_init(const mikey_msg *m, const mikey_identity *a, const mikey_identity *b,
                          mikey_cover *c);

/* mikey_vmac_cover_resp: coverage of a response: the message up to its MAC field, then the
 * whole initial message |init| (|init_len| bytes, MAC included). */
int mikey_vmac_cover_resp(const mikey_msg *m, const uint8_t *init, size_t init_len,
                          mikey_cover *c);

/* mikey_vmac_cover_error: coverage of an Error message: the message up to its MAC field. */
int mikey_vmac_cover_error(const mikey_msg *m, mikey_cover *c);

/* mikey_vmac_sign computes the MAC of |c| with the auth_key of |ks| and writes it at the
 * MAC field of the last V of |m| inside |buf| (the encoded bytes of |m|). The V's Auth alg
 * must be |ks|->mac_alg. Returns 0, MIKEY_E_INVAL, the crypto codes. */
int mikey_vmac_sign(const mikey_msg *m, uint8_t *buf, const mikey_cover *c,
                    const mikey_keyset *ks);

/* mikey_vmac_verify checks the last V of |m| against |c| with |ks|: its Auth alg must belong
 * to the suite of |prf| (MIKEY_E_SUITE_MAC) and equal |ks|->mac_alg; MAC compared in
 * constant time (MIKEY_E_AUTH). */
int mikey_vmac_verify(const mikey_msg *m, uint8_t prf, const mikey_cover *c,
                      const mikey_keyset *ks);

/* mikey_vmac_sign_ctx / mikey_vmac_verify_ctx do the same on a caller's MAC context (re-keyed,
 * its handle kept open), or on a temporary one when |ctx| is NULL. */
int mikey_vmac_sign_ctx(mikey_mac *ctx, const mikey_msg *m, uint8_t *buf, const mikey_cover *c,
                        const mikey_keyset *ks);
int mikey_vmac_verify_ctx(mikey_mac *ctx, const mikey_msg *m, uint8_t prf, const mikey_cover *c,
                          const mikey_keyset *ks);

/* ---- Error messages (mikey_errmsg.c) --------------------------------------------------------- */

/* mikey_errmsg_write writes an Error message (RFC 6043 5.4) about a message with Common
 * Header |h|: version, PRF and CSB ID copied, V=0, Empty map, T = |now|, ERR |error_no|,
 * and a V with |ks| when |ks| is non-NULL (coverage: the Error message). */
int mikey_errmsg_write(const mikey_hdr *h, uint8_t error_no, uint64_t now,
                       const mikey_keyset *ks, uint8_t *out, size_t cap, size_t *outlen);

/* mikey_errmsg_check examines a decoded Error message |m| received instead of a response to
 * a request whose Common Header is |req|: fills |*error_no| and |*authenticated|. Its V, if
 * any, is verified with |ks| (the auth_key of the request, RFC 6043 5.4). Returns
 * MIKEY_E_PEER_ERROR (the error is reported), MIKEY_E_AUTH (a V that does not verify),
 * MIKEY_E_MISMATCH (version or PRF differ), or a validation code. */
int mikey_errmsg_check(mikey_msg *m, const mikey_hdr *req, const mikey_keyset *ks,
                       uint8_t *error_no, int *authenticated);

#endif /* MIKEY_ROLES_LOCAL_H */
