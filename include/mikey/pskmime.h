/*
 * libmikey-ticket: the PSK/MIME profile in two calls per side (3GPP TS 33.328 Annex I.2,
 * I.3; PROFILE.md sections 4, 6, 7).
 *
 * Model
 * -----
 * The layers below do one job each: the role engines (roles.h) carry a KEK to the recipient
 * inside a TRANSFER_INIT, the CMS layer (cms.h) protects a MIME entity with a fresh content
 * key wrapped under that KEK, the S/MIME layer (smime.h) puts both into one multipart/mixed
 * SIP body. This header joins them:
 *
 *   Sender (UE A)                          Receiver (UE B)                      KMS
 *   mikey_initiator_request(), _on_request_resp()  (a ticket, once; roles.h)
 *   mikey_pskmime_protect(MIME) -> body -> mikey_pskmime_receive(body)
 *                                            -> RESOLVE_INIT_PSK -------> mikey_kms_process()
 *                                          mikey_pskmime_open(RESOLVE_RESP) <--
 *                                            -> MIME, verified initiator
 *
 * The sender's call runs mikey_initiator_transfer_prepare(), takes the KEK once
 * (mikey_initiator_transfer_key()), builds the AuthEnvelopedData (kekid = the KEK
 * identifier, fresh CEK and nonce), finishes the TRANSFER_INIT with the AEAD tag as
 * proof-of-origin when the ticket has I=1 (PROFILE.md section 6), and writes the SIP body.
 * Every message gets its own TRANSFER_INIT, hence its own RANDRi and its own KEK (Annex I.3:
 * a KEK is used once; D10: the ticket may serve several messages).
 *
 * The receiver object wraps a mikey_responder and a CMS context. It holds each received
 * S/MIME message (a copy of its DER) until the KMS's RESOLVE_RESP for it arrives. Nothing
 * in the SIP body is trusted before that: the RESOLVE_RESP brings MPKi and the KEK, the
 * responder verifies the TRANSFER_INIT with them, and only then is the S/MIME message
 * opened and its tag compared with the proof-of-origin extension.
 *
 * Output buffers follow the Model of roles.h: a function that writes takes (out, cap, len),
 * writes at most |cap| bytes, stores the length in |*len|; with a short buffer (NULL and 0
 * to ask) it returns MIKEY_E_BUFFER_TOO_SMALL, stores the exact size needed in |*len| and
 * changes no state (no randomness drawn, no exchange started or ended), so the call can be
 * repeated with a larger buffer.
 *
 * Exchanges on the receiver: mikey_pskmime_receive() starts one (named by |xid|, the
 * responder's handle). It ends, its held message and keys wiped, when mikey_pskmime_open()
 * (or mikey_pskmime_open_held()) succeeds, and when it fails after the RESOLVE_RESP's V
 * verified (the KEK has been released once and a retry could not use it). A failure before
 * that point (an unauthenticated Error message, a RESOLVE_RESP whose V does not verify:
 * anyone can send those) leaves the exchange pending, so the genuine answer can still be
 * processed. At most max_exchanges
 * (mikey_responder_config, default 16) messages are held; a new one beyond that drops the
 * oldest, as the responder drops its oldest exchange. mikey_responder_forget() on the
 * wrapped responder ends an exchange early; its held message is dropped at the next open
 * for it (MIKEY_E_NO_PENDING) or by the bound.
 *
 * Ticket reuse without a second resolve (RFC 6043 5.3) is the responder's option
 * (mikey_responder_config.reuse_capacity, off by default): a receiver that keeps a ticket
 * from an earlier resolve accepts the next message with that ticket in
 * mikey_pskmime_receive() itself, writing no RESOLVE_INIT (|*len| 0), and
 * mikey_pskmime_open_held() opens it. The KMS then sees, authorizes and counts only the
 * first message of each ticket; weigh that before turning it on.
 *
 * Memory: the receiver allocates the copy of each held DER and, in mikey_pskmime_open(), a
 * scratch buffer for the plaintext (so that nothing reaches the caller's buffer before every
 * check passed); both are wiped before they are freed. The sender allocates the CMS DER and
 * the TRANSFER_INIT for the duration of the call.
 *
 * Structs and versions: as in the rest of the API, only the config structs that a *_new()
 * function copies carry a version (roles.h: MIKEY_*_CONFIG_VERSION and the _versioned
 * functions: the library reads a struct the caller laid out, perhaps with an older header).
 * The per-call structs here carry none, like their neighbours (mikey_cms_aed_opts,
 * mikey_transfer_params; mikey_transfer_info, mikey_kms_result, mikey_sipbody):
 * mikey_pskmime_sent and mikey_pskmime_result are written whole by the library, so a field
 * inside them could not tell it which layout the caller has. Until 1.0 they may grow with a
 * new soname; after that, a struct that must grow comes with a new suffixed function (say
 * mikey_pskmime_open2() with a larger result) and the old ones keep their layout.
 *
 * Thread safety: a receiver is used by one thread at a time, like the responder it wraps;
 * separate receivers are independent. mikey_pskmime_protect() uses the initiator (one thread
 * at a time, roles.h) and |cms| (one thread at a time, cms.h).
 *
 * See doc/pskmime.md for a walk through both sides on the example programs.
 */
#ifndef MIKEY_PSKMIME_H
#define MIKEY_PSKMIME_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/cms.h>
#include <mikey/common.h>
#include <mikey/roles.h>
#include <mikey/smime.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------
 * Sender
 * --------------------------------------------------------------------------------------- */

/** Choices of the sender; a NULL pointer means every default. */
typedef struct mikey_pskmime_send_opts {
  mikey_cms_alg aead;              /**< 0: MIKEY_CMS_AES128_GCM; one of the four AES-GCM/CCM
                                        algorithms, and its key no longer than the KEK (D6:
                                        a 128-bit KEK takes only the AES-128 ones) */
  int cte;                         /**< MIKEY_SMIME_CTE_BASE64 (0, default) or
                                        MIKEY_SMIME_CTE_BINARY */
  const mikey_identity *responder; /**< IDRr to send; NULL: the ticket's first IDRr */
} mikey_pskmime_send_opts;

/** What mikey_pskmime_protect() sent (no secrets). Offsets count from the start of the body
 *  it wrote. */
typedef struct mikey_pskmime_sent {
  uint32_t csb_id;               /**< CSB ID of the TRANSFER_INIT */
  uint8_t kek_id[MIKEY_SPI_MAX]; /**< the KEK identifier (SPI of crypto session 1, and
                                      kekid of the AuthEnvelopedData) */
  size_t kek_id_len;             /**< length of kek_id */
  size_t kek_len;                /**< KEK length in bytes (16 or 32) */
  mikey_cms_alg aead;            /**< content algorithm used */
  int cte;                       /**< transfer encoding of the S/MIME entity */
  int poo_present;               /**< 1: the TRANSFER_INIT carries the AEAD tag as
                                      proof-of-origin (the ticket has I=1) */
  size_t transfer_init_len;      /**< length of the TRANSFER_INIT message */
  size_t mikey_offset;           /**< its base64 text (first body part's body) in the body */
  size_t mikey_len;              /**< length of that text, line breaks included */
  size_t der_len;                /**< length of the CMS ContentInfo (DER) */
  size_t entity_offset;          /**< the S/MIME entity (second body part, header section
                                      included) in the body */
  size_t entity_len;             /**< length of the entity */
  size_t smime_offset;           /**< the entity's body in the body: the DER itself with
                                      MIKEY_SMIME_CTE_BINARY, its base64 text otherwise */
  size_t smime_len;              /**< length of the entity's body */
} mikey_pskmime_sent;

/**
 * mikey_pskmime_protect_size stores in |*size| the exact length of the SIP body that
 * mikey_pskmime_protect() writes for a MIME entity of |mime_len| bytes with options |o|
 * (NULL: defaults) and the ticket |ini| holds. The length depends on no random value: the
 * TRANSFER_INIT's comes from mikey_initiator_transfer_size(), the engine that writes it.
 * Returns 0, MIKEY_E_INVAL (NULL |ini| or |size|, bad option), MIKEY_E_STATE (no ticket),
 * MIKEY_E_POLICY (not a PSK/MIME initiator, or no IDRr to send to), the other codes of
 * mikey_initiator_transfer_size() (MIKEY_E_LIMIT: a responder identity too long), the codes
 * of mikey_cms_aed_size() (MIKEY_E_KEY_LENGTH: an AES-256 algorithm with a 128-bit KEK, D6;
 * MIKEY_E_CMS_ALGORITHM: not an AEAD), MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_pskmime_protect_size(const mikey_initiator *ini,
                                            const mikey_pskmime_send_opts *o, size_t mime_len,
                                            size_t *size) MIKEY_WUR;

/**
 * mikey_pskmime_protect protects the MIME entity of |mime_len| bytes at |mime| (give it in
 * canonical form: mikey_smime_canon(), RFC 5751 3.1.1) into a complete SIP body (TS 33.328
 * I.3) with the ticket the initiator |ini| holds (mikey_initiator_on_request_resp()):
 *  1. mikey_initiator_transfer_prepare() (CSB ID, T, RANDRi; the KEK is derived),
 *  2. mikey_initiator_transfer_key() (the KEK, released once),
 *  3. mikey_cms_aed_build() with kekid = the KEK identifier, a fresh CEK and nonce,
 *  4. mikey_initiator_transfer_finish() with the AEAD tag as proof-of-origin when the ticket
 *     has I=1 (PROFILE.md section 6), else without,
 *  5. mikey_sipbody_build(): TRANSFER_INIT and S/MIME entity in a multipart/mixed body.
 * Time and randomness come from the initiator's mikey_env (so a test env makes the body
 * deterministic). |cms| may be NULL (temporary libgcrypt handles). The KEK is wiped before
 * return. |body| holds |cap| bytes; |*body_len| receives the length written, or the size
 * needed with MIKEY_E_BUFFER_TOO_SMALL (then nothing happened, see the Model). |ctype|
 * (MIKEY_SIPBODY_CTYPE_SIZE bytes) receives the NUL-terminated Content-Type value for the
 * SIP message. |sent| (may be NULL) describes what was sent.
 *
 * On failure nothing is written to |body| or |ctype| and the transfer is dropped: its KEK is
 * wiped and cannot be released again; a failure after step 4 (only MIKEY_E_RANDOM from the
 * boundary draw) leaves the ticket counted as used (RFC 6043 5.3, J flag).
 *
 * Returns 0, MIKEY_E_INVAL (NULL |ini| or |body_len|, NULL |mime| with |mime_len| > 0, NULL
 * |ctype| with a large enough |body|, a bad option), MIKEY_E_BUFFER_TOO_SMALL, the codes of
 * mikey_pskmime_protect_size(), of mikey_initiator_transfer_prepare() (MIKEY_E_STATE: no
 * ticket; MIKEY_E_EXPIRED; MIKEY_E_POLICY: a ticket with J=0 already used), of
 * mikey_initiator_transfer_key(), mikey_cms_aed_build(), mikey_initiator_transfer_finish()
 * and mikey_sipbody_build(): MIKEY_E_RANDOM, MIKEY_E_CRYPTO, MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_pskmime_protect(mikey_initiator *ini, mikey_cms_ctx *cms,
                                       const mikey_pskmime_send_opts *o, const uint8_t *mime,
                                       size_t mime_len, uint8_t *body, size_t cap,
                                       size_t *body_len, char ctype[MIKEY_SIPBODY_CTYPE_SIZE],
                                       mikey_pskmime_sent *sent) MIKEY_WUR;

/* ---------------------------------------------------------------------------------------
 * Receiver
 * --------------------------------------------------------------------------------------- */

/** Opaque receiver: a mikey_responder, a CMS context and the held S/MIME messages. */
typedef struct mikey_pskmime_receiver mikey_pskmime_receiver;

/**
 * mikey_pskmime_receiver_new makes a receiver in |*out| whose responder is made from |*cfg|
 * (copied; it and what it points to need only live for this call). The profile must be
 * the PSK/MIME one; with cfg->profile.proof_of_origin set, every message must carry
 * proof-of-origin. cfg->max_exchanges (0: 16) also bounds the messages held.
 * Returns 0, MIKEY_E_INVAL (NULL argument), MIKEY_E_POLICY (an IMS profile), the codes of
 * mikey_responder_new() and mikey_cms_ctx_new(), MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_pskmime_receiver_new(mikey_pskmime_receiver **out,
                                            const mikey_responder_config *cfg) MIKEY_WUR;

/** mikey_pskmime_receiver_free wipes every held message and key, frees the responder and
 *  |rx| (NULL allowed). */
MIKEY_EXTERN void mikey_pskmime_receiver_free(mikey_pskmime_receiver *rx);

/**
 * mikey_pskmime_receiver_responder returns the responder |rx| wraps (borrowed: valid until
 * mikey_pskmime_receiver_free()), for callers that run the responder engine themselves
 * (mikey_responder_resume() in a separate process, then mikey_pskmime_hold()). NULL when
 * |rx| is NULL.
 */
MIKEY_EXTERN mikey_responder *mikey_pskmime_receiver_responder(mikey_pskmime_receiver *rx);

/**
 * mikey_pskmime_receive takes a SIP body: |ctype| (|ctype_len| bytes) is the value of its
 * Content-Type header, |body| (|body_len| bytes) the body. In this order it
 *  1. parses the body (mikey_sipbody_parse(): multipart/mixed, application/mikey first, the
 *     S/MIME entity second),
 *  2. reads the KEK identifier of the TRANSFER_INIT (SPI of its one crypto session) and
 *     parses the S/MIME part as an AuthEnvelopedData (mikey_cms_aed_parse()) whose kekid
 *     must equal it, so that a mismatched pair is refused before any KMS traffic,
 *  3. early-rejects by policy and writes the RESOLVE_INIT_PSK to |resolve_init|
 *     (mikey_responder_on_transfer_init()),
 *  4. holds a copy of the DER for mikey_pskmime_open().
 * |*xid| receives the handle of the exchange. Output as in the Model (a short buffer starts
 * nothing). Nothing is trusted yet: send the RESOLVE_INIT to the KMS and give its answer to
 * mikey_pskmime_open().
 * Ticket reuse (RFC 6043 5.3): when the responder's config sets reuse_capacity and it keeps
 * the ticket from an earlier resolve, step 3 verifies the TRANSFER_INIT at once with the
 * kept keys and writes nothing: 0 is returned with |*len| 0 (a RESOLVE_INIT is never empty;
 * no buffer is needed, so a (NULL, 0) size query is then the real call). There is nothing to
 * send to the KMS: open the message with mikey_pskmime_open_held(). Tickets with I=1 and a
 * GTGK (proof-of-origin, D15) are always resolved.
 * Returns 0, MIKEY_E_INVAL (NULL argument), MIKEY_E_BUFFER_TOO_SMALL, the codes of
 * mikey_sipbody_parse() (MIKEY_E_MIME, MIKEY_E_MIME_CONTENT_TYPE: not multipart/mixed or a
 * part of the wrong type, MIKEY_E_MIME_BOUNDARY, MIKEY_E_MIME_NO_CLOSE, MIKEY_E_MIME_PARTS,
 * MIKEY_E_BASE64, MIKEY_E_UNSUPPORTED), of mikey_hdr_decode() for the TRANSFER_INIT,
 * MIKEY_E_POLICY (not exactly one crypto session), the codes of mikey_cms_aed_parse()
 * (MIKEY_E_DER..., MIKEY_E_CMS_...), MIKEY_E_CMS_KEK_ID (kekid is not the TRANSFER_INIT's
 * KEK identifier), the codes of mikey_responder_on_transfer_init() (MIKEY_E_REPLAY: this
 * TRANSFER_INIT was accepted before, its KEK already used; MIKEY_E_NOT_AUTHORIZED,
 * MIKEY_E_EXPIRED, MIKEY_E_TIMESTAMP, MIKEY_E_POLICY, ...), MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_pskmime_receive(mikey_pskmime_receiver *rx, const char *ctype,
                                       size_t ctype_len, const uint8_t *body, size_t body_len,
                                       uint8_t *resolve_init, size_t cap, size_t *len,
                                       uint32_t *xid) MIKEY_WUR;

/**
 * mikey_pskmime_hold attaches the CMS ContentInfo (DER, |der_len| bytes at |der|, copied) to
 * exchange |xid| of the wrapped responder, for callers that ran the responder themselves
 * (mikey_pskmime_receiver_responder()). The DER must parse as an AuthEnvelopedData of this
 * profile, and its kekid must equal the KEK identifier the exchange's TRANSFER_INIT states
 * (mikey_responder_pending_info()), so that a mismatched pair is refused before any KMS
 * traffic, as mikey_pskmime_receive() does; mikey_pskmime_open() compares it again with the
 * authenticated one. A message already held for |xid| is replaced; the bound of the Model
 * applies. Nothing is held unless 0 is returned.
 * Returns 0, MIKEY_E_INVAL (NULL argument), MIKEY_E_NOT_FOUND (the responder has no exchange
 * |xid|), MIKEY_E_STATE (exchange |xid| is already accepted: its keys are out), the codes
 * of mikey_cms_aed_parse(), MIKEY_E_CMS_KEK_ID, MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_pskmime_hold(mikey_pskmime_receiver *rx, uint32_t xid,
                                    const uint8_t *der, size_t der_len) MIKEY_WUR;

/*
 * The steps of mikey_pskmime_open(), in the order it runs them; mikey_pskmime_result.stage
 * names the one a call ended in: the step that refused (or failed: MIKEY_E_NOMEM can come
 * from any), or MIKEY_PSKMIME_STAGE_DONE on success. Which message is at fault follows from
 * it, without looking at the other fields.
 */
/** No step ran: bad arguments (MIKEY_E_INVAL). */
#define MIKEY_PSKMIME_STAGE_NONE 0
/** Finding the exchange: the answer's Common Header (the codec's errors), a message held for
 *  its CSB ID that the responder still has (MIKEY_E_NO_PENDING), room for the entity
 *  (MIKEY_E_BUFFER_TOO_SMALL). Nothing was consumed. */
#define MIKEY_PSKMIME_STAGE_EXCHANGE 1
/** The KMS's answer: its header fields, T and V, an Error message in its place
 *  (MIKEY_E_PEER_ERROR), the keys in its KEMAC. Before its V verified the exchange stays
 *  pending (ended 0: the genuine answer can still come), after it ends. */
#define MIKEY_PSKMIME_STAGE_RESOLVE_RESP 2
/** The held TRANSFER_INIT, checked with the keys the authenticated answer brought (RFC 6043
 *  4.2.3.6): its V (MIKEY_E_AUTH), Vi (MIKEY_E_VI_MISMATCH, D14), its SPI against the key's
 *  KEK identifier (MIKEY_E_MISMATCH), RAND lengths (MIKEY_E_RAND_SHORT, D5), accepted
 *  before (MIKEY_E_REPLAY). The exchange ends. */
#define MIKEY_PSKMIME_STAGE_TRANSFER_INIT 3
/** The KEK from the responder (MIKEY_E_KEK_REUSE: taken before through the responder). */
#define MIKEY_PSKMIME_STAGE_KEK 4
/** The held S/MIME message: its kekid (MIKEY_E_CMS_KEK_ID), decryption and tag (MIKEY_E_AUTH,
 *  MIKEY_E_UNWRAP, MIKEY_E_KEY_LENGTH). */
#define MIKEY_PSKMIME_STAGE_SMIME 5
/** Proof-of-origin (PROFILE.md section 6): MIKEY_E_POO_MISMATCH, MIKEY_E_POLICY (required and
 *  absent). */
#define MIKEY_PSKMIME_STAGE_POO 6
/** Every check passed; the entity was written. */
#define MIKEY_PSKMIME_STAGE_DONE 7

/** What mikey_pskmime_open() verified (no secrets). */
typedef struct mikey_pskmime_result {
  uint32_t xid;                           /**< the exchange (0 when not found) */
  uint8_t initiator_type;                 /**< ID Type of the verified initiator (the IDRi of
                                               the ticket's policy) */
  uint8_t initiator[MIKEY_IDENTITY_MAX];  /**< its ID Data */
  size_t initiator_len;                   /**< length of initiator */
  int poo_present;                        /**< 1: proof-of-origin carried and (on success)
                                               verified */
  mikey_cms_alg aead;                     /**< content algorithm of the S/MIME message */
  uint8_t kek_id[MIKEY_SPI_MAX];          /**< the KEK identifier */
  size_t kek_id_len;                      /**< length of kek_id */
  uint8_t peer_error;                     /**< on MIKEY_E_PEER_ERROR: the Error no */
  int peer_error_authenticated;           /**< on MIKEY_E_PEER_ERROR: 1 when its V verified
                                               (the exchange then ended) */
  int ended;                              /**< 1 when the exchange ended with this call
                                               (success, or a failure after the
                                               RESOLVE_RESP was authenticated) */
  int stage;                              /**< MIKEY_PSKMIME_STAGE_*: the step the call
                                               ended in, set on every return */
} mikey_pskmime_result;

/**
 * mikey_pskmime_open_size stores in |*size| the length of the MIME entity held for exchange
 * |xid| (what mikey_pskmime_open() needs at |mime|). Returns 0, MIKEY_E_INVAL,
 * MIKEY_E_NO_PENDING (nothing held for |xid|).
 */
MIKEY_EXTERN int mikey_pskmime_open_size(const mikey_pskmime_receiver *rx, uint32_t xid,
                                         size_t *size) MIKEY_WUR;

/**
 * mikey_pskmime_open takes the KMS's answer (|resolve_resp|, |len| bytes) to one of the
 * pending exchanges (found by its CSB ID) and, in this order:
 *  1. mikey_responder_on_resolve_resp(): the RESOLVE_RESP verified, then the held
 *     TRANSFER_INIT verified with MPKi, its IDRi the ticket's (the initiator is now known),
 *  2. mikey_responder_key(): the KEK, released once,
 *  3. the AuthEnvelopedData's kekid against the authenticated KEK identifier,
 *  4. mikey_cms_aed_decrypt() into a scratch buffer (tag verified),
 *  5. proof-of-origin: a tag carried in the TRANSFER_INIT must equal the AEAD tag
 *     (mikey_transfer_poo_check(), constant time); a receiver whose profile requires
 *     proof-of-origin refuses a message without one,
 * and only then copies the MIME entity to |mime| (|cap| bytes; |*mime_len| receives its
 * length, or the size needed with MIKEY_E_BUFFER_TOO_SMALL, which is checked first and
 * changes nothing). On any failure nothing is written to |mime|. |*res| (may be NULL)
 * describes the exchange (see the Model for which failures end it) and, in res->stage, the
 * step the call ended in (MIKEY_PSKMIME_STAGE_*: which check refused, which message is at
 * fault).
 * Returns 0, MIKEY_E_INVAL (NULL |rx|, |resolve_resp| or |mime_len|),
 * MIKEY_E_BUFFER_TOO_SMALL, the codes of mikey_hdr_decode(), MIKEY_E_NO_PENDING (no held
 * message for its CSB ID, or the responder no longer has the exchange), the codes of
 * mikey_responder_on_resolve_resp() (MIKEY_E_AUTH: the RESOLVE_RESP's or the TRANSFER_INIT's
 * V; MIKEY_E_PEER_ERROR with res->peer_error; MIKEY_E_VI_MISMATCH; MIKEY_E_REPLAY;
 * MIKEY_E_MISMATCH; MIKEY_E_TIMESTAMP; ...), of mikey_responder_key() (MIKEY_E_KEK_REUSE),
 * MIKEY_E_CMS_KEK_ID, the codes of mikey_cms_aed_decrypt() (MIKEY_E_AUTH: content or tag
 * altered; MIKEY_E_UNWRAP: wrapped under another KEK; MIKEY_E_KEY_LENGTH),
 * MIKEY_E_POO_MISMATCH, MIKEY_E_POLICY (proof-of-origin required and absent), MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_pskmime_open(mikey_pskmime_receiver *rx, const uint8_t *resolve_resp,
                                    size_t len, uint8_t *mime, size_t cap, size_t *mime_len,
                                    mikey_pskmime_result *res) MIKEY_WUR;

/**
 * mikey_pskmime_open_held opens the message held for exchange |xid| when no RESOLVE_RESP is
 * coming: mikey_pskmime_receive() accepted it without a resolve (it returned 0 with |*len| 0)
 * because the receiver's responder keeps the ticket from an earlier resolve
 * (mikey_responder_config.reuse_capacity, RFC 6043 5.3) and verified the TRANSFER_INIT with
 * the kept MPKi. Then, as steps 2 to 5 of mikey_pskmime_open(): the KEK (once), the kekid
 * against the verified KEK identifier, decryption and tag, proof-of-origin; the MIME entity
 * is copied to |mime| (|cap| bytes, |*mime_len| its length) only when all passed, and the
 * exchange ends in any case once the KEK was taken. |*res| (may be NULL) as for
 * mikey_pskmime_open() (stage: MIKEY_PSKMIME_STAGE_EXCHANGE, _KEK, _SMIME, _POO, _DONE).
 * Returns 0, MIKEY_E_INVAL (NULL |rx| or |mime_len|), MIKEY_E_NO_PENDING (nothing held for
 * |xid|, or the responder no longer has the exchange: dropped), MIKEY_E_BUFFER_TOO_SMALL
 * (changes nothing), MIKEY_E_STATE (the exchange waits for its RESOLVE_RESP: use
 * mikey_pskmime_open(); nothing changes), then the codes of steps 2 to 5 of
 * mikey_pskmime_open() (MIKEY_E_KEK_REUSE, MIKEY_E_CMS_KEK_ID, MIKEY_E_AUTH, MIKEY_E_UNWRAP,
 * MIKEY_E_KEY_LENGTH, MIKEY_E_POO_MISMATCH, MIKEY_E_POLICY), MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_pskmime_open_held(mikey_pskmime_receiver *rx, uint32_t xid,
                                         uint8_t *mime, size_t cap, size_t *mime_len,
                                         mikey_pskmime_result *res) MIKEY_WUR;

#ifdef __cplusplus
}
#endif

#endif /* MIKEY_PSKMIME_H */
