/*
 * libmikey-ticket: the MIKEY-TICKET role engines (RFC 6043 section 4.2, 3GPP TS 33.328
 * Annex I and D.4).
 *
 * Model
 * -----
 * Three sans-I/O engines run the three exchanges of MIKEY-TICKET:
 *
 *   Initiator                    KMS                           Responder
 *   mikey_initiator_request() ---REQUEST_INIT_PSK--> mikey_kms_process()
 *   mikey_initiator_on_request_resp() <--REQUEST_RESP (or Error)--
 *   mikey_initiator_transfer_prepare()   (picks CSB ID, RANDRi; the KEK is now known)
 *   mikey_initiator_transfer_key()       (the KEK / TEKs, released once)
 *   mikey_initiator_transfer_finish() ---TRANSFER_INIT---------------------------->
 *                                                        mikey_responder_on_transfer_init()
 *                                 mikey_kms_process() <--RESOLVE_INIT_PSK--
 *                                                 --RESOLVE_RESP (or Error)-->
 *                                                        mikey_responder_on_resolve_resp()
 *                                                        mikey_responder_key()
 *   (IMS profile only, F=1)                              mikey_responder_transfer_resp()
 *   mikey_initiator_on_transfer_resp() <--TRANSFER_RESP----------------------------
 *
 * The engines never do I/O: every message goes in and out as bytes in caller buffers. A
 * function that writes a message takes (out, cap, outlen): it writes at most |cap| bytes and
 * stores the length written in |*outlen|; with a short buffer (NULL and 0 to ask) it returns
 * MIKEY_E_BUFFER_TOO_SMALL, stores the exact size needed in |*outlen|, and changes no state,
 * so the call can be repeated with a larger buffer. Time and randomness come only from the
 * mikey_env of each engine; every message asks the randomness provider once.
 *
 * Profiles are data. A mikey_role_profile holds every parameter the PSK/MIME profile (PROFILE.md
 * sections 2-6) and the IMS media profile (PROFILE.md section 8) differ in: PRF, key size,
 * ticket type, Ticket Policy flags, Prot type, proof-of-origin extension type, clock skew,
 * proof-of-origin, KEK reuse. The engines run one code path with the profile as parameter.
 * mikey_role_profile_default() fills the two presets.
 *
 * Identities are (ID Type, bytes) pairs (mikey_identity). Keys given to a config are copied
 * into self-wiping storage (mikey_key); keys handed out are copied into caller buffers,
 * which the caller wipes (mikey_memzero).
 *
 * Ownership and lifetime: a config struct and everything it points to need only live for
 * the duration of the *_new() call, which copies what it keeps. Engines are freed with their
 * *_free() function, which wipes every key they hold.
 *
 * Thread safety: an initiator or responder is used by one thread at a time (separate
 * engines may run in separate threads). A KMS is read-only after mikey_kms_new(): any number
 * of threads may call mikey_kms_process() on one KMS at once, provided the integrator's
 * callbacks and mikey_env are thread-safe too (the defaults are). Its only mutable parts are
 * internal and locked: the default replay cache, and a pool of per-call scratch areas whose
 * libgcrypt handles stay open between calls (opening one costs an entropy poll once the RNG
 * runs). The replay cache of this header (mikey_replay_cache) is thread-safe.
 *
 * Errors: every function returns 0 or a negative MIKEY_E_* (common.h). Refusals of a peer's
 * message have their own codes (roles band -300..-349 and those of the lower layers), and
 * mikey_err_to_wire() gives the MIKEY Error number (PROFILE.md D12) the KMS sends for them.
 * A failed integrator callback is MIKEY_E_CALLBACK. When the peer answered with a MIKEY Error
 * message the engines return MIKEY_E_PEER_ERROR and put the received Error no in the info
 * struct of the call.
 *
 * See doc/engines.md for sequence diagrams and a walk through the callbacks.
 */
#ifndef MIKEY_ROLES_H
#define MIKEY_ROLES_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/codec.h>
#include <mikey/common.h>
#include <mikey/key.h>
#include <mikey/payload.h>
#include <mikey/ticket.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------
 * Constants
 * --------------------------------------------------------------------------------------- */

/** Default clock skew in seconds (PROFILE.md D13, RFC 3830 5.4). */
#define MIKEY_CLOCK_SKEW_DEFAULT 300
/** Length of a KEK identifier the library picks (PROFILE.md D8). */
#define MIKEY_KEK_ID_LEN 4
/** Longest SPI (KEK identifier): its length field has 8 bits (RFC 3830 6.14). */
#define MIKEY_SPI_MAX 255
/** Longest identity an engine accepts or sends (ID Data bytes); longer is MIKEY_E_LIMIT. */
#define MIKEY_IDENTITY_MAX 1024
/** Longest proof-of-origin tag (General Extension Data) an engine accepts. */
#define MIKEY_POO_MAX 64
/** Default ticket lifetime the initiator asks for, and the longest the KMS grants. */
#define MIKEY_TICKET_LIFETIME_DEFAULT 86400
/** Default TEK length of the IMS profile (an SRTP AES-128 master key). */
#define MIKEY_TEK_LEN_DEFAULT 16
/** Longest inkey (PSK, TPK) the engines take: four 256-bit pieces. */
#define MIKEY_PSK_MAX 128

/* ---------------------------------------------------------------------------------------
 * Identities
 * --------------------------------------------------------------------------------------- */

/** An identity: the ID Type and ID Data of an IDR payload (RFC 6043 6.6). */
typedef struct mikey_identity {
  uint8_t type;        /**< MIKEY_ID_NAI, MIKEY_ID_URI or MIKEY_ID_BYTES */
  const uint8_t *data; /**< ID Data (not NUL-terminated) */
  size_t len;          /**< 1..MIKEY_IDENTITY_MAX bytes */
} mikey_identity;

/* ---------------------------------------------------------------------------------------
 * Role profiles
 * --------------------------------------------------------------------------------------- */

/** The PSK/MIME profile (PROFILE.md sections 2-6): half round trip, one KEK. */
#define MIKEY_ROLE_PSKMIME 1
/** The IMS media profile (PROFILE.md section 8, TS 33.328 D.4): TRANSFER_RESP, forking. */
#define MIKEY_ROLE_IMS 2

/** Version of mikey_role_profile and of the config structs that embed it. */
#define MIKEY_ROLE_PROFILE_VERSION 1

/**
 * The parameters the engines run a profile with. Fill with mikey_role_profile_default()
 * and change what you need. The Ticket Policy rules of the profile (which flags, TP Data
 * payloads, keys and IDRapp a policy must have) are the ticket layer's mikey_profile
 * (ticket.h: mikey_profile_pskmime(), mikey_profile_ims()), chosen by |kind|; this struct
 * adds what the exchanges need.
 *
 * |tp_flags| are the Ticket Policy flags the initiator asks for and the KMS grants; they must
 * satisfy the ticket profile. In the PSK/MIME profile the I flag is taken from
 * |proof_of_origin| (I=1 only with proof-of-origin, PROFILE.md section 6) and a responder
 * accepts I either way unless its |proof_of_origin| is 1 (then it requires I=1 and the
 * extension).
 */
typedef struct mikey_role_profile {
  int kind;              /**< MIKEY_ROLE_PSKMIME or MIKEY_ROLE_IMS */
  uint8_t prf;           /**< PRF func of HDR and Ticket Policy (D2, D3):
                              MIKEY_PRF_HMAC_SHA_256 (default) or MIKEY_PRF_MIKEY_1 */
  uint8_t key_len;       /**< MPK, TGK/GTGK and KEK length: 16 or 32 (default 16); 32 needs
                              PRF-HMAC-SHA-256 (D4) */
  uint16_t ticket_type;  /**< MIKEY_TICKET_3GPP_BASE (default) or MIKEY_TICKET_MIKEY_BASE */
  uint16_t tp_flags;     /**< desired Ticket Policy flags, MIKEY_TP_* bits (see above) */
  uint8_t prot_type;     /**< Prot type of the PSK/MIME crypto session (default
                              MIKEY_PROT_PSKMIME_DEFAULT, PROFILE.md section 4) */
  uint8_t poo_ext_type;  /**< General Extension type of proof-of-origin (default
                              MIKEY_GEXT_POO_DEFAULT, PROFILE.md section 6) */
  uint8_t proof_of_origin; /**< PSK/MIME: 1 to ask for (initiator) or require (responder)
                                proof-of-origin: I=1 and a GTGK (D15) */
  uint8_t kek_reuse;     /**< 1: a KEK may protect more than one message (Annex I.3 says
                              once by default: 0) */
  uint32_t clock_skew;   /**< seconds of clock skew accepted (default 300, D13) */
  uint32_t lifetime;     /**< ticket lifetime in seconds: asked for by the initiator when a
                              request names none; the longest a KMS grants (default 86400) */
  uint16_t tek_len;      /**< IMS profile: TEK length in bytes (default 16) */
} mikey_role_profile;

/**
 * mikey_role_profile_default_versioned fills |*p| with the preset of |kind|:
 * - MIKEY_ROLE_PSKMIME: PRF-HMAC-SHA-256, 128-bit keys, 3GPP base ticket, flags
 *   D E H J N O (PROFILE.md section 2, D10), Prot type 241, extension type 241, no
 *   proof-of-origin, no KEK reuse, 300 s skew, 1 day lifetime.
 * - MIKEY_ROLE_IMS: the same suite and ticket, flags D E F G H I J N O (TS 33.328 D.4),
 *   16-byte TEKs.
 * |version| is MIKEY_ROLE_PROFILE_VERSION (use the mikey_role_profile_default() macro).
 * Returns 0, MIKEY_E_INVAL (NULL |p|, unknown |kind|) or MIKEY_E_UNSUPPORTED (|version|
 * newer than this library).
 */
MIKEY_EXTERN int mikey_role_profile_default_versioned(int version, mikey_role_profile *p,
                                                      int kind);

/** mikey_role_profile_default fills |p| with the preset |kind| of this header's version. */
#define mikey_role_profile_default(P, KIND)                                                  \
  mikey_role_profile_default_versioned(MIKEY_ROLE_PROFILE_VERSION, (P), (KIND))

/**
 * mikey_role_profile_check checks that |*p| is usable: known kind and PRF, key length 16 or
 * 32 and allowed with the PRF (D4), a supported ticket type of the ticket profile, desired
 * flags that satisfy the ticket profile and RFC 6043 6.10, a non-zero clock skew and
 * lifetime, a TEK length of 16..255 bytes for the IMS profile, and not proof-of-origin
 * together with KEK reuse (the tag in a TRANSFER_INIT belongs to one message).
 * Returns 0, MIKEY_E_INVAL (NULL, unknown kind), MIKEY_E_POLICY (numbers out of range, or
 * proof-of-origin with KEK reuse),
 * MIKEY_E_TP_FLAGS (flags not of the profile or breaking 6.10), MIKEY_E_SUITE_PRF (PRF
 * unknown or too weak for the keys), MIKEY_E_KEY_LENGTH, MIKEY_E_TICKET_TYPE.
 */
MIKEY_EXTERN int mikey_role_profile_check(const mikey_role_profile *p) MIKEY_WUR;

/* ---------------------------------------------------------------------------------------
 * Replay cache
 * --------------------------------------------------------------------------------------- */

/** Length of a replay cache key: SHA-256 over (data type, identity, CSB ID, RAND). */
#define MIKEY_REPLAY_KEY_LEN 32
/** Return value of mikey_replay_ops.lookup and .check_insert: the key is already there. */
#define MIKEY_REPLAY_SEEN 1

/**
 * A replay cache, as the engines use it (RFC 6043 12.4, PROFILE.md D13). Engines look a
 * message up early (optional) and insert it only after every check passed (check, verify,
 * then commit). Keys are MIKEY_REPLAY_KEY_LEN-byte digests; times are 64-bit NTP-UTC.
 * Both functions must be thread-safe when the cache serves a KMS used from several threads.
 */
typedef struct mikey_replay_ops {
  /** Optional (NULL: skipped). Returns 0 when |key| is not present (or expired at |now|),
   *  MIKEY_REPLAY_SEEN when present, a negative value on failure (MIKEY_E_CALLBACK).
   *  An entry is live through its expiry: present while now <= expiry, since the timestamp
   *  check accepts a T exactly one skew old (T + skew == now). */
  int (*lookup)(void *user_data, const uint8_t *key, uint64_t now);
  /** Inserts |key| to be remembered through |expiry| (included), unless it is present and
   *  not expired at |now| (expiry >= now). Returns 0 when inserted, MIKEY_REPLAY_SEEN when it was present, a negative
   *  value on failure (for the default cache MIKEY_E_LIMIT when full: it fails closed). */
  int (*check_insert)(void *user_data, const uint8_t *key, uint64_t expiry, uint64_t now);
  /** Passed to both functions. */
  void *user_data;
} mikey_replay_ops;

/** The default replay cache: bounded, in memory, mutex-protected. */
typedef struct mikey_replay_cache mikey_replay_cache;

/**
 * mikey_replay_cache_new makes an empty cache in |*out| with room for |capacity| entries
 * (rounded up to a power of two, at least 64, at most 2^24; 16 bytes each): 8-entry buckets,
 * two candidate buckets per key; an entry is reused once expired. An insert whose two
 * buckets hold only live entries is refused (MIKEY_E_LIMIT), never evicting a live entry, so
 * size the cache for the peak number of live entries with room to spare (about twice: at
 * half load a refusal is practically impossible). An entry lives for the T of its message
 * plus the clock skew, so a KMS answering R messages per second holds up to about
 * R * 2 * skew entries. Returns 0, MIKEY_E_INVAL (NULL |out|), MIKEY_E_LIMIT (|capacity|
 * above 2^24), MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_replay_cache_new(mikey_replay_cache **out, size_t capacity) MIKEY_WUR;

/** mikey_replay_cache_free frees |c| (NULL allowed). No engine may use it afterwards. */
MIKEY_EXTERN void mikey_replay_cache_free(mikey_replay_cache *c);

/** mikey_replay_cache_ops fills |*ops| with the functions of |c|. Returns 0 or
 *  MIKEY_E_INVAL. */
MIKEY_EXTERN int mikey_replay_cache_ops(mikey_replay_cache *c, mikey_replay_ops *ops);

/** mikey_replay_cache_count returns the number of entries of |c| still live at |now|. */
MIKEY_EXTERN size_t mikey_replay_cache_count(mikey_replay_cache *c, uint64_t now);

/* ---------------------------------------------------------------------------------------
 * Error messages (RFC 6043 5.4, RFC 3830 6.12)
 * --------------------------------------------------------------------------------------- */

/** What a received Error message says. */
typedef struct mikey_errmsg_info {
  uint8_t version;   /**< HDR version */
  uint8_t prf;       /**< HDR PRF func */
  uint32_t csb_id;   /**< HDR CSB ID (that of the message the error is about) */
  uint8_t error_no;  /**< Error no of the first ERR payload (MIKEY_ERRNO_*) */
  size_t n_errors;   /**< number of ERR payloads */
  int has_v;         /**< 1 when the Error message carries a V payload */
} mikey_errmsg_info;

/**
 * mikey_errmsg_build writes an unauthenticated Error message (HDR, T, ERR) about the
 * message |failed| (|failed_len| bytes, of which only the Common Header is read): version,
 * PRF func and CSB ID copied, V=0, no crypto sessions (Empty map), a fresh NTP-UTC T from
 * |env|, and the Error no mikey_err_to_wire(|reason|). Output as described in the Model.
 * Returns 0, MIKEY_E_INVAL (NULL argument), MIKEY_E_BUFFER_TOO_SMALL, or the decode errors
 * of mikey_hdr_decode() for |failed|.
 */
MIKEY_EXTERN int mikey_errmsg_build(const uint8_t *failed, size_t failed_len, int reason,
                                    const mikey_env *env, uint8_t *out, size_t cap,
                                    size_t *outlen) MIKEY_WUR;

/**
 * mikey_errmsg_parse decodes the |len| bytes at |in| as an Error message (data type 6,
 * grammar of RFC 6043 5.4) and fills |*info|. The V payload, if any, is not verified here
 * (the engines verify it with the key of the exchange).
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_BAD_DATA_TYPE (not an Error message), and the decode and
 * validation errors of mikey_msg_decode() and mikey_msg_validate().
 */
MIKEY_EXTERN int mikey_errmsg_parse(const uint8_t *in, size_t len,
                                    mikey_errmsg_info *info) MIKEY_WUR;

/* ---------------------------------------------------------------------------------------
 * Initiator
 * --------------------------------------------------------------------------------------- */

/** Opaque initiator engine: one initiator identity talking to one KMS; holds at most one
 *  pending Ticket Request, one ticket and one Ticket Transfer at a time. */
typedef struct mikey_initiator mikey_initiator;

/** Version of mikey_initiator_config. */
#define MIKEY_INITIATOR_CONFIG_VERSION 1

/** Initiator set-up. Copied by mikey_initiator_new(). */
typedef struct mikey_initiator_config {
  mikey_role_profile profile;  /**< the profile this initiator asks for */
  mikey_env env;          /**< time and randomness (NULL callbacks: system defaults) */
  mikey_identity self;    /**< IDRi: the initiator's identity */
  mikey_identity kms;     /**< IDRkms: the KMS's identity */
  mikey_identity psk_id;  /**< IDRpsk: names the PSK shared with the KMS */
  const uint8_t *psk;     /**< the PSK shared with the KMS (copied) */
  size_t psk_len;         /**< 16..MIKEY_PSK_MAX bytes */
} mikey_initiator_config;

/** mikey_initiator_config_default_versioned zeroes |*cfg| and fills its profile with the
 *  PSK/MIME preset. Returns as mikey_role_profile_default_versioned(). */
MIKEY_EXTERN int mikey_initiator_config_default_versioned(int version,
                                                          mikey_initiator_config *cfg);
#define mikey_initiator_config_default(C)                                                   \
  mikey_initiator_config_default_versioned(MIKEY_INITIATOR_CONFIG_VERSION, (C))

/**
 * mikey_initiator_new makes an initiator from |*cfg| in |*out| (use the macro; |version| is
 * MIKEY_INITIATOR_CONFIG_VERSION). Returns 0, MIKEY_E_INVAL (NULL argument, an empty or
 * NULL identity), MIKEY_E_UNSUPPORTED (newer |version|), MIKEY_E_LIMIT (identity longer than
 * MIKEY_IDENTITY_MAX), MIKEY_E_KEY_LENGTH (PSK shorter than 16 or longer than
 * MIKEY_PSK_MAX bytes), the codes of mikey_role_profile_check(), MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_initiator_new_versioned(mikey_initiator **out, int version,
                                               const mikey_initiator_config *cfg) MIKEY_WUR;
#define mikey_initiator_new(OUT, CFG)                                                        \
  mikey_initiator_new_versioned((OUT), MIKEY_INITIATOR_CONFIG_VERSION, (CFG))

/** mikey_initiator_free wipes every key of |ini| and frees it (NULL allowed). */
MIKEY_EXTERN void mikey_initiator_free(mikey_initiator *ini);

/** What the initiator asks the KMS for. */
typedef struct mikey_ticket_request {
  const mikey_identity *responders; /**< IDRr: who may resolve the ticket (at least 1) */
  size_t n_responders;              /**< at most 16 */
  uint32_t start_delay;    /**< seconds from now to the start of the validity period
                                (TRs = now + start_delay); 0: now */
  uint32_t lifetime;       /**< seconds from TRs to TRe; 0: the profile's lifetime */
  uint32_t rekey_interval; /**< IMS profile: TRr in seconds (0: the lifetime; D11) */
  const uint8_t *kek_id;   /**< proposed KEK identifier, the SPI of the requested key (D8);
                                NULL: the library picks MIKEY_KEK_ID_LEN random bytes */
  size_t kek_id_len;       /**< 1..MIKEY_SPI_MAX when |kek_id| is set */
} mikey_ticket_request;

/**
 * mikey_initiator_request writes a REQUEST_INIT_PSK (RFC 6043 4.2.1, PROFILE.md section 2)
 * asking for a ticket: HDR (V=1, #CS 0, Empty map, random CSB ID, the profile's PRF), T,
 * RANDRi (16 or 32 bytes, D5), IDRi, IDRkms, TP (TP Data: IDRkms, IDRi, TRs, TRe, [TRr],
 * KEMAC naming the key with SPI = KEK id, IDRapp "PSK/MIME" for PSK/MIME, IDRr...), IDRpsk,
 * V (Table 5.2). The request becomes the pending one (a previous pending request is
 * dropped). Output as in the Model.
 * Returns 0, MIKEY_E_INVAL (NULL argument, no responder, bad KEK id length or identity),
 * MIKEY_E_LIMIT (more than 16 responders or an identity too long),
 * MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_RANDOM, MIKEY_E_NOMEM, MIKEY_E_CRYPTO, and the codes
 * of the ticket layer's policy encoder (ticket.h) for a policy it cannot encode.
 */
MIKEY_EXTERN int mikey_initiator_request(mikey_initiator *ini, const mikey_ticket_request *req,
                                         uint8_t *out, size_t cap, size_t *outlen) MIKEY_WUR;

/** The granted ticket, as mikey_initiator_on_request_resp() saw it (no secrets). */
typedef struct mikey_ticket_info {
  uint16_t ticket_type;   /**< MIKEY_TICKET_* */
  uint16_t flags;         /**< granted Ticket Policy flags (MIKEY_TP_*) */
  int policy_changed;     /**< K flag: the KMS changed the desired policy */
  uint8_t prf;            /**< Ticket Policy PRF func */
  uint32_t valid_from;    /**< TRs as NTP-UTC seconds (0: no beginning) */
  uint32_t valid_to;      /**< TRe as NTP-UTC seconds (0: no end) */
  uint8_t key_type;       /**< MIKEY_KEY_TGK or MIKEY_KEY_GTGK */
  size_t key_len;         /**< its length in bytes */
  uint8_t kek_id[MIKEY_SPI_MAX]; /**< the KEK identifier (SPI of the key) */
  size_t kek_id_len;      /**< length of kek_id */
  uint8_t peer_error;     /**< on MIKEY_E_PEER_ERROR: the received Error no */
  int peer_error_authenticated; /**< on MIKEY_E_PEER_ERROR: 1 when its V verified */
} mikey_ticket_info;

/**
 * mikey_initiator_on_request_resp processes the KMS's answer to the pending request:
 * a REQUEST_RESP is checked (RFC 6043 4.2.1.6): HDR version, PRF, CSB ID, #CS and map type
 * identical to the request, T within the clock skew, V with the PSK keys over REQUEST_RESP ||
 * REQUEST_INIT, KEMAC decrypted (keys from the PSK, direction 0x02, the response's own T in
 * the IV, D1) into MPKi [MPKr] and the TGK/GTGK, then the granted policy against the
 * profile. On success the ticket and keys replace any earlier ticket, the request is no
 * longer pending, and |*info| (may be NULL) describes the ticket.
 * An Error message for the pending request gives MIKEY_E_PEER_ERROR with info->peer_error;
 * the request stays pending when the Error message is not authenticated (it may be forged),
 * and is dropped when its V verified.
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_NO_PENDING (no request pending, or the CSB ID is not
 * that of the pending request), MIKEY_E_MISMATCH (another HDR field differs, or a message
 * type other than REQUEST_RESP or Error), MIKEY_E_TIMESTAMP, MIKEY_E_AUTH (V or Error V),
 * MIKEY_E_SUITE_MAC / MIKEY_E_SUITE_EA (algorithm of another suite, D3), MIKEY_E_POLICY /
 * MIKEY_E_TP_FLAGS / MIKEY_E_TICKET_TYPE / MIKEY_E_APP / MIKEY_E_SUITE (granted policy not
 * acceptable), MIKEY_E_IDENTITY (IDRkms not the configured KMS, or the ticket names another
 * initiator), MIKEY_E_KEY_LENGTH, MIKEY_E_BAD_VALUE (the KEMAC does not hold MPKi, [MPKr]
 * and one TGK/GTGK with its KEK identifier), MIKEY_E_PEER_ERROR, the decode and validation
 * errors of the codec (-100..-199), MIKEY_E_CRYPTO, MIKEY_E_NOMEM. Nothing is stored unless
 * 0 is returned.
 */
MIKEY_EXTERN int mikey_initiator_on_request_resp(mikey_initiator *ini, const uint8_t *in,
                                                 size_t len,
                                                 mikey_ticket_info *info) MIKEY_WUR;

/** mikey_initiator_has_ticket returns 1 when |ini| holds a ticket, else 0. */
MIKEY_EXTERN int mikey_initiator_has_ticket(const mikey_initiator *ini);

/**
 * mikey_initiator_ticket_info describes the ticket |ini| holds in |*info|, as
 * mikey_initiator_on_request_resp() did when it took it (same code; peer_error fields 0).
 * Returns 0, MIKEY_E_INVAL (NULL argument), MIKEY_E_STATE (no ticket; |*info| zeroed).
 */
MIKEY_EXTERN int mikey_initiator_ticket_info(const mikey_initiator *ini,
                                             mikey_ticket_info *info) MIKEY_WUR;

/**
 * mikey_initiator_env copies the mikey_env |ini| was made with into |*env| (NULL callbacks
 * stay NULL: the system defaults), so that a layer above can draw the randomness and read
 * the time of the same providers (pskmime.h does for the CMS content key and nonce and the
 * SIP body boundary). Returns 0 or MIKEY_E_INVAL.
 */
MIKEY_EXTERN int mikey_initiator_env(const mikey_initiator *ini, mikey_env *env) MIKEY_WUR;

/** mikey_initiator_profile_kind returns the kind of the profile |ini| runs
 *  (MIKEY_ROLE_PSKMIME or MIKEY_ROLE_IMS), 0 for NULL. */
MIKEY_EXTERN int mikey_initiator_profile_kind(const mikey_initiator *ini);

/** The parameters of one Ticket Transfer. */
typedef struct mikey_transfer_params {
  const mikey_identity *responder; /**< IDRr to send; NULL: the first IDRr of the ticket */
  /* IMS profile only (ignored by PSK/MIME, which has one fixed crypto session): */
  const mikey_cs *cs;   /**< crypto sessions of the GENERIC-ID map (cs_id, prot_type, s,
                             policies, session_data, spi); at most MIKEY_MAX_CS */
  size_t n_cs; /**< number of entries in cs */
  const mikey_sp *sp;   /**< Security Policy payloads to send */
  size_t n_sp;          /**< at most 8 */
} mikey_transfer_params;

/** One Ticket Transfer as the engine sees it (no secrets). */
typedef struct mikey_transfer_info {
  uint32_t xid;          /**< responder: handle of the exchange for mikey_responder_*()
                              (the CSB ID of its RESOLVE_INIT); 0 for the initiator */
  uint32_t csb_id;       /**< CSB ID of the TRANSFER_INIT */
  uint16_t flags;        /**< Ticket Policy flags */
  uint16_t ticket_type;  /**< MIKEY_TICKET_* */
  uint8_t kek_id[MIKEY_SPI_MAX]; /**< PSK/MIME: the KEK identifier (SPI of crypto session 1) */
  size_t kek_id_len;     /**< length of kek_id */
  size_t key_len;        /**< length of each KEK / TEK */
  size_t n_cs;           /**< number of crypto sessions */
  uint8_t cs_ids[MIKEY_MAX_CS]; /**< their CS IDs */
  int keys_ready;        /**< 1 when the keys can be released now */
  int transfer_resp_due; /**< responder: 1 when a TRANSFER_RESP must be sent (F flag) */
  uint8_t initiator_type; /**< responder: ID Type of the initiator (IDRi of the policy) */
  uint8_t initiator[MIKEY_IDENTITY_MAX]; /**< responder: its ID Data */
  size_t initiator_len; /**< length of initiator */
  int has_poo;           /**< responder: 1 when the TRANSFER_INIT carried proof-of-origin */
  uint8_t poo[MIKEY_POO_MAX]; /**< responder: the proof-of-origin tag */
  size_t poo_len; /**< length of poo */
  uint8_t peer_error;    /**< on MIKEY_E_PEER_ERROR: the received Error no */
  int peer_error_authenticated; /**< on MIKEY_E_PEER_ERROR: 1 when its V verified */
} mikey_transfer_info;

/**
 * mikey_initiator_transfer_prepare starts a Ticket Transfer with the held ticket: picks the
 * CSB ID, T and RANDRi (one call to the randomness provider) and, when the keys depend on
 * nothing else (PSK/MIME: H=1, G=0, the GTGK or unforked TGK), derives them now (RFC 6043
 * 5.1.3; the KEK is the TEK of CS 1 with constant 0x2AD01C64, PROFILE.md section 4), so that
 * the caller can protect the S/MIME message before mikey_initiator_transfer_finish() puts
 * its tag into the proof-of-origin extension. |p| may be NULL (PSK/MIME defaults).
 * A transfer prepared and not finished is dropped. |*info| (may be NULL) receives the CSB ID,
 * KEK id, key length, CS IDs, and keys_ready.
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_STATE (no ticket), MIKEY_E_POLICY (ticket already used
 * and its J flag forbids reuse, RFC 6043 5.3), MIKEY_E_EXPIRED (the ticket's validity has
 * ended), MIKEY_E_LIMIT, MIKEY_E_NOMEM, MIKEY_E_RANDOM, MIKEY_E_CRYPTO.
 */
MIKEY_EXTERN int mikey_initiator_transfer_prepare(mikey_initiator *ini,
                                                  const mikey_transfer_params *p,
                                                  mikey_transfer_info *info) MIKEY_WUR;

/**
 * mikey_initiator_transfer_key copies the KEK (PSK/MIME) or TEK (IMS) of crypto session
 * |cs_id| of the current transfer into |out| (|cap| bytes); |*len| receives its length.
 * A key is released once unless the profile allows KEK reuse.
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_STATE (no transfer, or its keys are not known yet:
 * IMS profile before mikey_initiator_on_transfer_resp()), MIKEY_E_NOT_FOUND (no such CS),
 * MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_KEK_REUSE (already released).
 */
MIKEY_EXTERN int mikey_initiator_transfer_key(mikey_initiator *ini, uint8_t cs_id,
                                              uint8_t *out, size_t cap,
                                              size_t *len) MIKEY_WUR;

/**
 * mikey_initiator_transfer_finish writes the TRANSFER_INIT of the prepared transfer
 * (RFC 6043 4.2.2.1; PSK/MIME: PROFILE.md section 4): HDR (V = F flag, GENERIC-ID map),
 * T, RANDRi, IDRi, IDRr, {SP}, TICKET (with Initiator Data Vi, Vr when I=1), [General
 * Extension proof-of-origin carrying |poo| when |poo_len| > 0], V keyed from MPKi over the
 * message minus the Initiator Data fields || Identity_i || Identity_r (RFC 6043 5.5).
 * With I=1, Vi is a copy of V and Vr (key from MPKr, 6.10) covers the Initiator Data.
 * For the IMS profile the transfer then waits for the TRANSFER_RESP.
 * Returns 0, MIKEY_E_INVAL (NULL argument; |poo| with I=0, or |poo_len| above
 * MIKEY_POO_MAX), MIKEY_E_POLICY (proof-of-origin required by the profile but |poo_len| 0),
 * MIKEY_E_STATE (nothing prepared), MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_CRYPTO.
 */
MIKEY_EXTERN int mikey_initiator_transfer_finish(mikey_initiator *ini, const uint8_t *poo,
                                                 size_t poo_len, uint8_t *out, size_t cap,
                                                 size_t *outlen) MIKEY_WUR;

/**
 * mikey_initiator_transfer_size stores in |*size| the exact length of the TRANSFER_INIT that
 * mikey_initiator_transfer_prepare() with |p| and then mikey_initiator_transfer_finish() with
 * a proof-of-origin tag of |poo_len| bytes would write with the ticket |ini| holds, before
 * anything is prepared or drawn: the length depends on no random value (the two calls and
 * this one share the code that lays the message out). Nothing changes. Lets a caller that
 * must report a size and refuse a short buffer before it draws randomness (pskmime.h) size
 * the whole transfer first.
 * Returns 0, MIKEY_E_INVAL (NULL |ini| or |size|; |poo_len| > 0 without I=1 or above
 * MIKEY_POO_MAX; IMS: crypto sessions of |p| missing or malformed), MIKEY_E_POLICY
 * (proof-of-origin required by the profile and |poo_len| 0; no IDRr to send to),
 * MIKEY_E_STATE (no ticket), MIKEY_E_LIMIT (an identity, or too many crypto sessions or SP
 * payloads), MIKEY_E_NOMEM. It does not judge whether the ticket may still be used
 * (mikey_initiator_transfer_prepare(): MIKEY_E_EXPIRED, MIKEY_E_POLICY with J=0).
 */
MIKEY_EXTERN int mikey_initiator_transfer_size(const mikey_initiator *ini,
                                               const mikey_transfer_params *p, size_t poo_len,
                                               size_t *size) MIKEY_WUR;

/**
 * mikey_initiator_transfer_drop ends the current Ticket Transfer of |ini| in any state
 * (prepared, finished, awaiting its TRANSFER_RESP, updated): its keys are wiped and released
 * no more, a TRANSFER_RESP for it is no longer taken, and it can no longer be updated. The
 * ticket stays; one whose TRANSFER_INIT was written stays counted as used (J flag). For a
 * caller that protected a message with a prepared transfer and failed before sending it, or
 * that wants no key to outlive its use. NULL is ignored.
 */
MIKEY_EXTERN void mikey_initiator_transfer_drop(mikey_initiator *ini);

/**
 * mikey_initiator_on_transfer_resp processes the TRANSFER_RESP of the finished IMS
 * transfer (RFC 6043 4.2.2.4): HDR version, PRF and CSB ID identical, T fresh, with I=1 the
 * modifier (IDRr, RANDRkms) forks MPKr and the TGK (5.1.1), V with MPKr' (direction 0x02,
 * RANDRi, RANDRr when G=1) over TRANSFER_RESP || TRANSFER_INIT; then the TEKs are derived
 * (5.1.3) and released by mikey_initiator_transfer_key(). |*info| may be NULL.
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_NO_PENDING, MIKEY_E_MISMATCH, MIKEY_E_TIMESTAMP,
 * MIKEY_E_AUTH, MIKEY_E_RAND_SHORT, MIKEY_E_MISSING_PAYLOAD (RANDRr or the modifier missing),
 * MIKEY_E_POLICY (a KEMAC while the ticket's M flag is 0: responder-supplied keys "SHALL
 * NOT be included", 4.2.2.3), MIKEY_E_UNSUPPORTED (a KEMAC with M=1: not taken by this
 * engine), MIKEY_E_PEER_ERROR, the codec errors, MIKEY_E_CRYPTO.
 */
MIKEY_EXTERN int mikey_initiator_on_transfer_resp(mikey_initiator *ini, const uint8_t *in,
                                                  size_t len,
                                                  mikey_transfer_info *info) MIKEY_WUR;

/**
 * New keying material for a CSB update (RFC 6043 5.2), sent in a KEMAC protected like the update
 * itself. Either one TGK (or GTGK; |type| MIKEY_KEY_TGK / MIKEY_KEY_GTGK, 16 or 32 bytes, never
 * forked), from which the TEK of every crypto session of the update is derived with the RANDs
 * of the initial exchange (5.1.3), or one TEK per crypto session (MIKEY_KEY_TEK: |len| is the
 * number of crypto sessions times the profile's tek_len, in the order of the crypto sessions),
 * for pre-encrypted content (RFC 6043 section 8). The sender must be allowed to supply session
 * keys by the ticket: the L flag for the initiator, M for the responder (6.10). The presets of
 * this library have L=M=0 (TS 33.328 D.4), so with them such an update is refused.
 */
typedef struct mikey_update_keys {
  uint8_t type;        /**< MIKEY_KEY_TGK, MIKEY_KEY_GTGK or MIKEY_KEY_TEK */
  const uint8_t *keys; /**< the key bytes (copied) */
  size_t len;          /**< their length */
} mikey_update_keys;

/**
 * mikey_initiator_csb_update writes a CSB update TRANSFER_INIT (RFC 6043 5.2) for the IMS
 * exchange that last ended with a TRANSFER_RESP: the same CSB ID, a newer T, HDR V =
 * |want_resp|, the crypto sessions and SP payloads of |p| (required; p->responder is
 * ignored), IDRi, IDRr, no RANDRi, no TICKET, no KEMAC, and a V with the keys that protected
 * that TRANSFER_RESP. The TEK of every crypto session of |p| is derived at once from the
 * same TGK' and RANDs (5.1.3) and released by mikey_initiator_transfer_key() (once each, as
 * before). With |want_resp| the TRANSFER_RESP is then processed by
 * mikey_initiator_on_transfer_resp(). On failure the previous crypto sessions and keys stay.
 * Returns 0, MIKEY_E_INVAL (NULL argument, bad crypto sessions), MIKEY_E_STATE (no completed
 * exchange with a TRANSFER_RESP: the PSK/MIME profile has none), MIKEY_E_LIMIT,
 * MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_NOMEM, MIKEY_E_CRYPTO.
 */
MIKEY_EXTERN int mikey_initiator_csb_update(mikey_initiator *ini, const mikey_transfer_params *p,
                                            int want_resp, uint8_t *out, size_t cap,
                                            size_t *outlen, mikey_transfer_info *info) MIKEY_WUR;

/**
 * mikey_initiator_csb_update_keys is mikey_initiator_csb_update() with new keying material
 * |keys| (NULL: none, the same as mikey_initiator_csb_update()) carried in a KEMAC (RFC 6043
 * 5.2): KEMAC = E(encr_key, TGK | TEK...), NULL MAC, encr_key and salt_key from the keys that
 * protect the update (MPKr', or MPKi without forking; the same derivation as its V), the
 * update's CSB ID and T in the AES-CM IV (PROFILE.md D1). The TEKs of the crypto sessions are
 * then those of |keys| (a new TGK replaces the old one for later updates too).
 * Returns the codes of mikey_initiator_csb_update(), and MIKEY_E_POLICY (the ticket's L flag
 * is 0: the initiator SHALL NOT supply session keys), MIKEY_E_INVAL (|keys| of another type),
 * MIKEY_E_KEY_LENGTH (a TGK not of 16 or 32 bytes, TEKs not one of tek_len bytes per crypto
 * session), MIKEY_E_SUITE_PRF (D4), MIKEY_E_RAND_SHORT (D5: the RANDs are shorter than the
 * TGK). On failure nothing changes.
 */
MIKEY_EXTERN int mikey_initiator_csb_update_keys(mikey_initiator *ini,
                                                 const mikey_transfer_params *p,
                                                 const mikey_update_keys *keys, int want_resp,
                                                 uint8_t *out, size_t cap, size_t *outlen,
                                                 mikey_transfer_info *info) MIKEY_WUR;

/**
 * mikey_initiator_on_csb_update takes a CSB update TRANSFER_INIT started by the responder (RFC
 * 6043 5.2, second figure) for the IMS exchange that last ended with a TRANSFER_RESP: the same
 * CSB ID, version and PRF, no RAND or TICKET, a T within the skew and newer than the
 * responder's previous update, IDRi (when present) this initiator, IDRr (when present) the
 * responder of the exchange (as sent, or as its TRANSFER_RESP named it), a V with the keys of
 * that TRANSFER_RESP over the update || Identity_i || Identity_r. A KEMAC with new keying
 * material is taken when the ticket's M flag lets the responder supply keys (as
 * mikey_responder_on_csb_update() does for L). Its crypto sessions and SP payloads replace the
 * current ones; their TEKs (same TGK' and RANDs, 5.1.3, or the KEMAC's) are released again by
 * mikey_initiator_transfer_key(). When its HDR V flag is 1 the TRANSFER_RESP (HDR, T, IDRi, V
 * over TRANSFER_RESP || TRANSFER_INIT) is written to |out| (else |*outlen| is 0). |*info| may
 * be NULL. Not while an update of this initiator awaits its answer (MIKEY_E_STATE). Nothing
 * changes unless 0 is returned.
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_STATE, MIKEY_E_NOT_FOUND (another CSB ID),
 * MIKEY_E_BAD_DATA_TYPE, MIKEY_E_MISMATCH, MIKEY_E_MISSING_PAYLOAD,
 * MIKEY_E_UNEXPECTED_PAYLOAD, MIKEY_E_POLICY (no crypto session, bad crypto sessions, a KEMAC
 * while M=0), MIKEY_E_LIMIT, MIKEY_E_TIMESTAMP, MIKEY_E_REPLAY (T not newer),
 * MIKEY_E_IDENTITY, MIKEY_E_AUTH, MIKEY_E_SUITE_MAC, the KEMAC codes of
 * mikey_responder_on_csb_update(), MIKEY_E_BUFFER_TOO_SMALL, the codec errors, MIKEY_E_NOMEM,
 * MIKEY_E_CRYPTO.
 */
MIKEY_EXTERN int mikey_initiator_on_csb_update(mikey_initiator *ini, const uint8_t *in,
                                               size_t len, uint8_t *out, size_t cap,
                                               size_t *outlen,
                                               mikey_transfer_info *info) MIKEY_WUR;

/* ---------------------------------------------------------------------------------------
 * KMS
 * --------------------------------------------------------------------------------------- */

/** Opaque KMS engine; read-only after mikey_kms_new(). */
typedef struct mikey_kms mikey_kms;

/** Callback result: found / allowed. */
#define MIKEY_CB_OK 0
/** Callback result: no such key / refused. */
#define MIKEY_CB_NO 1

/** Which key a PSK lookup asks for. */
typedef struct mikey_kms_psk_query {
  uint8_t data_type;            /**< MIKEY_DT_REQUEST_INIT_PSK or MIKEY_DT_RESOLVE_INIT_PSK */
  const mikey_identity *peer;   /**< IDRi (request) or IDRr (resolve); NULL when absent */
  const mikey_identity *psk_id; /**< IDRpsk of the message; NULL when absent */
} mikey_kms_psk_query;

/** A Ticket Request, as shown to the authorization callback. */
typedef struct mikey_kms_request_info {
  int profile;                      /**< MIKEY_ROLE_* the request falls under */
  const mikey_identity *initiator;  /**< IDRi (of the message, else of the TP) */
  const mikey_identity *responders; /**< the IDRr of the desired policy */
  size_t n_responders; /**< number of entries in responders */
  uint16_t flags;                   /**< desired Ticket Policy flags */
  uint32_t valid_from; /**< desired TRs, NTP seconds (0: absent) */
  uint32_t valid_to;   /**< desired TRe, NTP seconds (0: absent) */
} mikey_kms_request_info;

/** A Ticket Resolve, as shown to the authorization callback. */
typedef struct mikey_kms_resolve_info {
  int profile;                      /**< MIKEY_ROLE_* of the ticket */
  const mikey_identity *responder;  /**< IDRr of the RESOLVE_INIT (NULL when absent) */
  const mikey_identity *initiator;  /**< IDRi of the ticket's policy (NULL when absent) */
  const mikey_identity *responders; /**< the IDRr of the ticket's policy */
  size_t n_responders; /**< number of entries in responders */
  uint16_t flags;                   /**< the ticket's flags */
} mikey_kms_resolve_info;

/** Integrator callbacks of a KMS. Each gets the config's user_data. Every callback must be
 *  thread-safe when the KMS is used from several threads. */
typedef struct mikey_kms_callbacks {
  /** Required. Copies the PSK named by |q| into |key| (|cap| = MIKEY_PSK_MAX bytes) and its
   *  length into |*key_len|; returns MIKEY_CB_OK, MIKEY_CB_NO (unknown: MIKEY_E_UNKNOWN_KEY)
   *  or a negative value (MIKEY_E_CALLBACK). The library wipes its copy after use.
   *  Security: the V proves only that the sender holds this PSK, and the KMS then trusts
   *  q->peer (it becomes the ticket's initiator, or the responder checked against the
   *  ticket's IDRr). Return a PSK only when it belongs to q->peer (when both are given, the
   *  IDRpsk must name a key of that identity), else MIKEY_CB_NO. */
  int (*psk_lookup)(void *user_data, const mikey_kms_psk_query *q, uint8_t *key, size_t cap,
                    size_t *key_len);
  /** Optional. Copies the TPK of a ticket issued by the KMS with the 6-byte identifier
   *  |kms_id| (THDR), named by |tpk_id| (IDRpsk of the Ticket Data; NULL when absent).
   *  Same returns (MIKEY_CB_NO: MIKEY_E_KMS_ID). NULL: only the config's own TPK is known. */
  int (*tpk_lookup)(void *user_data, const uint8_t *kms_id, const mikey_identity *tpk_id,
                    uint8_t *key, size_t cap, size_t *key_len);
  /** Optional (NULL: every authenticated initiator may ask). Returns MIKEY_CB_OK,
   *  MIKEY_CB_NO (MIKEY_E_NOT_AUTHORIZED) or a negative value (MIKEY_E_CALLBACK). */
  int (*authorize_request)(void *user_data, const mikey_kms_request_info *r);
  /** Optional (NULL: every responder the ticket names may resolve it). Same returns. */
  int (*authorize_resolve)(void *user_data, const mikey_kms_resolve_info *r);
} mikey_kms_callbacks;

/** Version of mikey_kms_config. */
#define MIKEY_KMS_CONFIG_VERSION 1

/** KMS set-up. Copied by mikey_kms_new(). */
typedef struct mikey_kms_config {
  mikey_env env;              /**< time and randomness; callbacks must be thread-safe */
  mikey_identity self;        /**< IDRkms */
  uint8_t kms_id[6];          /**< 48-bit KMS identifier, first bytes of THDR Data (D.4) */
  mikey_identity tpk_id;      /**< IDRpsk written in the Ticket Data (len 0: none) */
  const uint8_t *tpk;         /**< the TPK protecting tickets this KMS issues (copied) */
  size_t tpk_len;             /**< 16..MIKEY_PSK_MAX */
  const mikey_role_profile *profiles; /**< profiles served (copied); NULL: both presets */
  size_t n_profiles;          /**< at most one per kind */
  mikey_kms_callbacks callbacks; /**< the integrator callbacks */
  void *user_data;            /**< passed to every callback */
  const mikey_replay_ops *replay; /**< NULL: a default cache owned by the KMS */
  size_t replay_capacity;     /**< default cache size (0: 65536) */
} mikey_kms_config;

/** mikey_kms_config_default_versioned zeroes |*cfg| (both presets served, default
 *  cache). Returns 0, MIKEY_E_INVAL or MIKEY_E_UNSUPPORTED. */
MIKEY_EXTERN int mikey_kms_config_default_versioned(int version, mikey_kms_config *cfg);
#define mikey_kms_config_default(C)                                                         \
  mikey_kms_config_default_versioned(MIKEY_KMS_CONFIG_VERSION, (C))

/**
 * mikey_kms_new makes a KMS from |*cfg| in |*out|. Returns 0, MIKEY_E_INVAL (NULL argument,
 * no psk_lookup callback, empty identity, two profiles of one kind), MIKEY_E_UNSUPPORTED,
 * MIKEY_E_LIMIT, MIKEY_E_KEY_LENGTH (TPK length), the codes of mikey_role_profile_check(),
 * the codes of mikey_replay_cache_new(), MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_kms_new_versioned(mikey_kms **out, int version,
                                         const mikey_kms_config *cfg) MIKEY_WUR;
#define mikey_kms_new(OUT, CFG) mikey_kms_new_versioned((OUT), MIKEY_KMS_CONFIG_VERSION, (CFG))

/** mikey_kms_free wipes and frees |kms| (NULL allowed). No thread may still use it. */
MIKEY_EXTERN void mikey_kms_free(mikey_kms *kms);

/** What mikey_kms_process() wrote. */
#define MIKEY_KMS_WROTE_NOTHING  0 /**< no answer (the input had no readable HDR) */
#define MIKEY_KMS_WROTE_RESPONSE 1 /**< REQUEST_RESP or RESOLVE_RESP */
#define MIKEY_KMS_WROTE_ERROR    2 /**< an Error message */

/** The outcome of one mikey_kms_process() call, for logging. */
typedef struct mikey_kms_result {
  int wrote;          /**< MIKEY_KMS_WROTE_* */
  int reason;         /**< 0 when answered with a response, else the MIKEY_E_* refusal */
  uint8_t data_type;  /**< data type of the input (0xff when its HDR was unreadable) */
  uint8_t error_no;   /**< Error no sent (MIKEY_KMS_WROTE_ERROR) */
  int error_has_v;    /**< 1 when the Error message carries a V */
  size_t err_offset;  /**< for decode refusals: offset of the offending byte */
} mikey_kms_result;

/**
 * mikey_kms_process takes any initial message (REQUEST_INIT_PSK, RESOLVE_INIT_PSK) in
 * |in| and writes the answer to |out|:
 * - REQUEST_INIT_PSK (RFC 6043 4.2.1.4): T within the skew, PSK found, V verified, RANDRi
 *   long enough (D5), suites (D3/D4), Ticket Policy (type, flags of 6.10 and of the profile
 *   named by IDRapp, key request), authorization; then a ticket is issued (MPK, TGK with
 *   SPI = KEK id, or GTGK with proof-of-origin, D15) and REQUEST_RESP written (KEMAC =
 *   E(PSK keys 0x02, MPKi || [MPKr] || key)). The granted policy may differ from the desired
 *   one (K flag): the lifetime is cut to the profile's, flags set to the profile's.
 * - RESOLVE_INIT_PSK (4.2.3.4): T, PSKr, V, the ticket's MAC with the TPK, its validity,
 *   the responder among its IDRr, its IDRapp served, its flags, (I=1) Initiator Data
 *   present and Vr verified with MPKr; authorization; then RESOLVE_RESP (KEMAC =
 *   E(PSKr keys 0x02, MPKi || [MPKr'] || key'), [IDRr, RANDRkms] with I=1).
 * Every check runs before the replay cache is written; the replay cache (keyed by
 * identity, CSB ID and RAND, kept for T + skew) refuses a message seen before.
 * Any refusal is answered with an Error message (RFC 6043 5.4; Error no by
 * mikey_err_to_wire(), D12), with a V when the sender's own V verified, and the reason is in
 * |res|. When even the Common Header is unreadable nothing is written.
 * Failures on the KMS's side (MIKEY_E_CALLBACK, MIKEY_E_RANDOM, MIKEY_E_CRYPTO,
 * MIKEY_E_NOMEM, MIKEY_E_LIMIT for a full replay cache) are answered the same way, with
 * Unspecified error (12), so that the peer does not wait in vain; |res->reason| names them.
 * Returns 0 when |out| holds the answer (response or Error message: see |*res|), or when
 * the input had no readable Common Header (res->wrote is MIKEY_KMS_WROTE_NOTHING); else a
 * failure of the call itself: MIKEY_E_INVAL (NULL argument) or MIKEY_E_BUFFER_TOO_SMALL
 * (|*outlen| is the size needed; nothing was committed: call again with a larger buffer).
 * |res| is filled in every case. Thread-safe: see the Model (a call takes a pooled
 * scratch with open crypto contexts, and gives it back wiped).
 */
MIKEY_EXTERN int mikey_kms_process(const mikey_kms *kms, const uint8_t *in, size_t len,
                                   uint8_t *out, size_t cap, size_t *outlen,
                                   mikey_kms_result *res) MIKEY_WUR;

/* ---------------------------------------------------------------------------------------
 * Responder
 * --------------------------------------------------------------------------------------- */

/** Opaque responder engine: one responder identity sharing a PSK with one KMS. It keeps up
 *  to max_exchanges Ticket Transfers at a time, each named by a handle (xid). */
typedef struct mikey_responder mikey_responder;

/** Version of mikey_responder_config (2 added reuse_capacity; a version 1 struct ends
 *  before it and is still accepted, with reuse off). */
#define MIKEY_RESPONDER_CONFIG_VERSION 2
/** Most resolved tickets a responder keeps for reuse (mikey_responder_config.reuse_capacity). */
#define MIKEY_REUSE_CAPACITY_MAX 65536

/** An incoming TRANSFER_INIT, as shown to the responder's accept callback before any KMS
 *  traffic (nothing in it is authenticated yet). */
typedef struct mikey_transfer_offer {
  const mikey_identity *initiator;  /**< IDRi of the TRANSFER_INIT (NULL when absent) */
  const mikey_identity *responders; /**< the IDRr of the ticket's policy */
  size_t n_responders; /**< number of entries in responders */
  uint16_t flags;                   /**< the ticket's flags */
  uint16_t ticket_type; /**< MIKEY_TICKET_* */
  int has_poo;                      /**< a proof-of-origin extension is present */
} mikey_transfer_offer;

/** Responder set-up. Copied by mikey_responder_new(). */
typedef struct mikey_responder_config {
  mikey_role_profile profile;   /**< what this responder accepts */
  mikey_env env;           /**< time and randomness */
  mikey_identity self;     /**< IDRr: this responder's identity */
  mikey_identity kms;      /**< IDRkms */
  mikey_identity psk_id;   /**< IDRpsk: names the PSK shared with the KMS */
  const uint8_t *psk;      /**< that PSK (copied) */
  size_t psk_len;          /**< 16..MIKEY_PSK_MAX */
  size_t max_exchanges;    /**< transfers kept at once (0: 16; at most 1024); the oldest is
                                dropped for a new one */
  const mikey_replay_ops *replay; /**< NULL: a default cache owned by the responder */
  size_t replay_capacity;  /**< default cache size (0: 4096) */
  /** Optional early reject by local policy (RFC 6043 4.2.2.2): MIKEY_CB_OK to go on,
   *  MIKEY_CB_NO to refuse (MIKEY_E_POLICY), negative on failure (MIKEY_E_CALLBACK). */
  int (*accept)(void *user_data, const mikey_transfer_offer *offer);
  void *user_data;         /**< passed to |accept| */
  /** Version 2. Ticket reuse without a second resolve (RFC 6043 5.3): the number of resolved
   *  tickets kept (0: off, every TRANSFER_INIT is resolved; at most
   *  MIKEY_REUSE_CAPACITY_MAX; about 1 KB each). A TRANSFER_INIT whose ticket is kept is
   *  accepted without a RESOLVE_INIT, with the keys and modifier of the first resolve, and a
   *  ticket with J=0 is refused a second time. The KMS then sees, authorizes and counts only
   *  the first transfer of each ticket. Tickets with a GTGK and I=1 (PSK/MIME
   *  proof-of-origin) are always resolved: only the KMS can check their Vr. Entries end at
   *  the ticket's TRe; the least recently used is evicted when the cache is full; every
   *  entry is wiped when it goes. See mikey_responder_on_transfer_init(). */
  size_t reuse_capacity;
} mikey_responder_config;

/** mikey_responder_config_default_versioned zeroes |*cfg| and fills its profile with the
 *  PSK/MIME preset. Returns as mikey_role_profile_default_versioned(). */
MIKEY_EXTERN int mikey_responder_config_default_versioned(int version,
                                                          mikey_responder_config *cfg);
#define mikey_responder_config_default(C)                                                   \
  mikey_responder_config_default_versioned(MIKEY_RESPONDER_CONFIG_VERSION, (C))

/**
 * mikey_responder_new makes a responder from |*cfg| in |*out|. Returns 0, MIKEY_E_INVAL,
 * MIKEY_E_UNSUPPORTED, MIKEY_E_LIMIT, MIKEY_E_KEY_LENGTH, the codes of
 * mikey_role_profile_check() and mikey_replay_cache_new(), MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_responder_new_versioned(mikey_responder **out, int version,
                                               const mikey_responder_config *cfg) MIKEY_WUR;
#define mikey_responder_new(OUT, CFG)                                                        \
  mikey_responder_new_versioned((OUT), MIKEY_RESPONDER_CONFIG_VERSION, (CFG))

/** mikey_responder_free wipes every key and held message of |r| and frees it (NULL
 *  allowed). */
MIKEY_EXTERN void mikey_responder_free(mikey_responder *r);

/**
 * mikey_responder_on_transfer_init takes a TRANSFER_INIT (|in|, |len|), rejects it early by
 * Ticket Policy and security policy before any KMS traffic (RFC 6043 4.2.2.2): message
 * grammar, ticket type, flags of the profile, IDRapp (PSK/MIME), this responder among the
 * policy's IDRr and (when present) equal to the message's IDRr, validity period, T within
 * the skew, Initiator Data present exactly when I=1, proof-of-origin as the profile wants,
 * already accepted (replay), the accept callback; keeps a copy of it and writes the
 * RESOLVE_INIT_PSK that resolves its ticket (PROFILE.md section 5: HDR #CS 0, Empty map,
 * V=1; T, RANDRr, IDRr, IDRkms, TICKET, IDRpsk, V) to |out|. |*xid| receives the handle of
 * the exchange.
 * With reuse_capacity set, a TRANSFER_INIT whose ticket this responder resolved before (and
 * still keeps) is not resolved again (RFC 6043 5.3): it is verified at once with the kept
 * MPKi (and Vi), its keys derived and released as after mikey_responder_on_resolve_resp(),
 * and 0 is returned with |*outlen| 0 (nothing to send to the KMS; no buffer is needed) and
 * |*xid| the handle of the accepted exchange (mikey_responder_exchange_info() describes it;
 * a TRANSFER_RESP carries the modifier of the first resolve). A ticket with J=0 that was used
 * before is then refused (MIKEY_E_POLICY), unless it is the very TRANSFER_INIT that used it
 * and the profile allows KEK reuse (then it is resolved again).
 * Returns 0, MIKEY_E_INVAL, the codec errors (MIKEY_E_BAD_DATA_TYPE: not a TRANSFER_INIT;
 * MIKEY_E_BAD_LENGTH: an empty or too long proof-of-origin tag), MIKEY_E_TICKET_TYPE,
 * MIKEY_E_TP_FLAGS, MIKEY_E_POLICY (flags, crypto sessions or proof-of-origin not as the
 * profile wants, a CS ID given twice (RFC 6043 6.1.1), refused by the accept callback, a KEMAC while the ticket's L flag is 0:
 * "SHALL NOT be included", 4.2.2.1), MIKEY_E_UNSUPPORTED (a KEMAC with L=1: keys supplied
 * in the first TRANSFER_INIT are not taken by this engine), MIKEY_E_SUITE (HDR and Ticket
 * Policy of different suites, D3), MIKEY_E_APP, MIKEY_E_NOT_AUTHORIZED (not among the IDRr),
 * MIKEY_E_IDENTITY (IDRr of the message is not this responder), MIKEY_E_EXPIRED,
 * MIKEY_E_NOT_YET_VALID, MIKEY_E_TIMESTAMP, MIKEY_E_VI_MISSING, MIKEY_E_REPLAY,
 * MIKEY_E_RAND_SHORT, MIKEY_E_SUITE_PRF / _MAC, MIKEY_E_CALLBACK, MIKEY_E_BUFFER_TOO_SMALL,
 * MIKEY_E_RANDOM, MIKEY_E_CRYPTO, MIKEY_E_NOMEM; when the ticket is reused without a
 * resolve, also those of mikey_responder_on_resolve_resp() for the TRANSFER_INIT
 * (MIKEY_E_AUTH, MIKEY_E_VI_MISMATCH, MIKEY_E_MISMATCH, MIKEY_E_RAND_SHORT,
 * MIKEY_E_LIMIT). Nothing is kept unless 0 is returned.
 */
MIKEY_EXTERN int mikey_responder_on_transfer_init(mikey_responder *r, const uint8_t *in,
                                                  size_t len, uint8_t *out, size_t cap,
                                                  size_t *outlen, uint32_t *xid) MIKEY_WUR;

/**
 * mikey_responder_resume makes pending, in |r|, a resolve that another process (or an earlier
 * run) started: |transfer_init| (|ti_len| bytes) is the TRANSFER_INIT it took and
 * |resolve_init| (|ri_len| bytes) the RESOLVE_INIT_PSK it wrote for it, so that the KMS's
 * answer can be given to mikey_responder_on_resolve_resp() here. The TRANSFER_INIT goes through
 * exactly the checks of mikey_responder_on_transfer_init() (same code). The RESOLVE_INIT is
 * adopted only when this responder could have written it for that TRANSFER_INIT: data type
 * RESOLVE_INIT_PSK (PROFILE.md section 5: V=1, #CS 0, Empty map, the TRANSFER_INIT's PRF);
 * IDRr, IDRkms and IDRpsk those of |r|'s config; the TICKET byte for byte that of the
 * TRANSFER_INIT; a RANDRr at least as long as |r|'s PSK (the resolve's keys come from the
 * PSK and RANDRr alone: RFC 6043 12.1, D5; the KMS applies the same rule) and at most 32
 * bytes, whatever key length the writer's profile drew it for (16 or 32 bytes, D5); no
 * other difference from the message |r| builds from its CSB ID, T and RANDRr; its V verifies
 * with |r|'s PSK (direction 0x01, RANDRr, Table 5.2). Its T must lie within the clock skew of now (RFC 3830 5.4, D13), as
 * the KMS will require: a resolve older than that can only be answered with an Error.
 * When the ticket has G=1 (IMS) the RANDRr of the future TRANSFER_RESP is drawn here (one call
 * to the randomness provider); nothing sent before depends on it.
 * Afterwards the exchange |*xid| (the RESOLVE_INIT's CSB ID) is pending as if
 * mikey_responder_on_transfer_init() had written that RESOLVE_INIT; an exchange of |r| with
 * the same CSB ID is dropped. Nothing is kept unless 0 is returned.
 * Returns 0, MIKEY_E_INVAL (NULL argument), every code of mikey_responder_on_transfer_init()
 * for |transfer_init| (but MIKEY_E_BUFFER_TOO_SMALL), and for |resolve_init|: the codec's
 * decode and validation errors (MIKEY_E_TRUNCATED, ...), MIKEY_E_BAD_DATA_TYPE (not a
 * RESOLVE_INIT_PSK), MIKEY_E_MISSING_PAYLOAD, MIKEY_E_MISMATCH (a HDR field, the TICKET
 * or any other byte differs from what |r| writes), MIKEY_E_RAND_SHORT (RANDRr shorter than
 * the PSK), MIKEY_E_LIMIT (RANDRr longer than 32 bytes), MIKEY_E_IDENTITY (IDRr, IDRkms or
 * IDRpsk not those of |r|), MIKEY_E_TIMESTAMP, MIKEY_E_AUTH (its V does not verify with
 * |r|'s PSK), MIKEY_E_SUITE_MAC; MIKEY_E_RANDOM, MIKEY_E_CRYPTO, MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_responder_resume(mikey_responder *r, const uint8_t *transfer_init,
                                        size_t ti_len, const uint8_t *resolve_init,
                                        size_t ri_len, uint32_t *xid) MIKEY_WUR;

/**
 * A pending exchange as its TRANSFER_INIT states it. NOTHING here is authenticated: the
 * responder verifies the TRANSFER_INIT only once the KMS's RESOLVE_RESP brings MPKi (RFC
 * 6043 4.2.2), and anyone can send one that passes the early checks. Use it to refuse early
 * what does not fit (a message under another KEK identifier than the one it travels with,
 * an initiator your policy ignores), never to trust: the authenticated values come from
 * mikey_responder_on_resolve_resp() (mikey_transfer_info).
 */
typedef struct mikey_pending_info {
  uint32_t xid;         /**< the exchange */
  uint32_t csb_id;      /**< CSB ID of the TRANSFER_INIT */
  uint16_t flags;       /**< Ticket Policy flags, as the (unverified) ticket states them */
  uint16_t ticket_type; /**< MIKEY_TICKET_* */
  uint8_t kek_id[MIKEY_SPI_MAX]; /**< PSK/MIME: the KEK identifier (SPI of crypto session 1) */
  size_t kek_id_len;    /**< length of kek_id (0: IMS profile) */
  uint8_t initiator_type; /**< ID Type of the claimed initiator (IDRi of the message, else of
                               the ticket's policy) */
  uint8_t initiator[MIKEY_IDENTITY_MAX]; /**< its ID Data */
  size_t initiator_len; /**< length of initiator (0 when longer than MIKEY_IDENTITY_MAX) */
  int has_poo;          /**< 1: a proof-of-origin extension is present */
} mikey_pending_info;

/**
 * mikey_responder_pending_info tells whether exchange |xid| of |r| is pending (its RESOLVE_INIT
 * written or adopted, its RESOLVE_RESP not yet taken) and, when |info| is not NULL, describes
 * it from its held TRANSFER_INIT: unauthenticated, see mikey_pending_info. Changes nothing.
 * Returns 0 (pending), MIKEY_E_INVAL (NULL |r|), MIKEY_E_NOT_FOUND (no such exchange),
 * MIKEY_E_STATE (accepted already: see mikey_responder_exchange_info()), MIKEY_E_NOMEM
 * (only with |info|). |*info| is zeroed unless 0 is returned.
 */
MIKEY_EXTERN int mikey_responder_pending_info(const mikey_responder *r, uint32_t xid,
                                              mikey_pending_info *info) MIKEY_WUR;

/**
 * mikey_responder_on_resolve_resp takes the KMS's answer to one of the pending resolves
 * (found by the CSB ID of its HDR): a RESOLVE_RESP is checked (HDR fields identical to the
 * RESOLVE_INIT, T fresh, V over RESOLVE_RESP || RESOLVE_INIT with the PSK keys), its KEMAC
 * decrypted; then the held TRANSFER_INIT is verified with MPKi (V over it minus the
 * Initiator Data || Identity_i || Identity_r), with I=1 its V must equal the ticket's Vi
 * (D14), its IDRi must equal the policy's IDRi; the keys are derived and the TRANSFER_INIT
 * recorded in the replay cache. Only then are the keys released (mikey_responder_key()).
 * |*info| (may be NULL) describes the accepted transfer: initiator, KEK id, proof-of-origin
 * tag (compare with mikey_transfer_poo_check()), CS IDs, whether a TRANSFER_RESP is due.
 * An Error message gives MIKEY_E_PEER_ERROR (info->peer_error, info->xid); an authenticated
 * one ends the exchange, an unauthenticated one leaves it pending (anyone can send one).
 * Likewise a refusal found before the RESOLVE_RESP's V verified leaves the exchange pending,
 * and one found after ends it (its state is wiped).
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_NO_PENDING, MIKEY_E_MISMATCH (a HDR field differs, or the
 * crypto session's SPI is not the key's KEK identifier), MIKEY_E_TIMESTAMP, MIKEY_E_AUTH
 * (RESOLVE_RESP V or TRANSFER_INIT V), MIKEY_E_VI_MISMATCH, MIKEY_E_IDENTITY,
 * MIKEY_E_REPLAY (the TRANSFER_INIT was accepted meanwhile), MIKEY_E_RAND_SHORT (D5),
 * MIKEY_E_PEER_ERROR, MIKEY_E_SUITE_MAC / _EA, MIKEY_E_KEY_LENGTH, MIKEY_E_BAD_VALUE (the
 * KEMAC does not hold MPKi, [MPKr'], a TGK/GTGK), MIKEY_E_MISSING_PAYLOAD, the codec
 * errors, MIKEY_E_CALLBACK, MIKEY_E_LIMIT, MIKEY_E_CRYPTO, MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_responder_on_resolve_resp(mikey_responder *r, const uint8_t *in,
                                                 size_t len,
                                                 mikey_transfer_info *info) MIKEY_WUR;

/**
 * mikey_responder_key copies the KEK (PSK/MIME, CS ID 1) or TEK (IMS) of crypto session
 * |cs_id| of accepted exchange |xid| into |out| (|cap| bytes); |*len| receives its length.
 * Each key is released once unless the profile allows KEK reuse (Annex I.3); with KEK reuse
 * the responder also accepts the same TRANSFER_INIT again (one KEK for several messages).
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_NOT_FOUND (no such exchange or CS), MIKEY_E_STATE
 * (exchange not accepted yet), MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_KEK_REUSE.
 */
MIKEY_EXTERN int mikey_responder_key(mikey_responder *r, uint32_t xid, uint8_t cs_id,
                                     uint8_t *out, size_t cap, size_t *len) MIKEY_WUR;

/**
 * mikey_responder_transfer_resp writes the TRANSFER_RESP of accepted exchange |xid|
 * (IMS profile, F=1; RFC 6043 4.2.2.3): HDR (version, PRF, CSB ID and CS map of the
 * TRANSFER_INIT, V=0), fresh T, RANDRr (G=1), IDRr and RANDRkms as the KMS sent them, V
 * (MPKr' or MPKi, direction 0x02, RANDRi [RANDRr]) over TRANSFER_RESP || TRANSFER_INIT.
 * May be called again (same bytes) to retransmit.
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_NOT_FOUND, MIKEY_E_STATE (not accepted, or F=0),
 * MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_CRYPTO.
 */
MIKEY_EXTERN int mikey_responder_transfer_resp(mikey_responder *r, uint32_t xid, uint8_t *out,
                                               size_t cap, size_t *outlen) MIKEY_WUR;

/**
 * mikey_responder_on_csb_update takes a CSB update TRANSFER_INIT (RFC 6043 5.2) for an
 * accepted IMS exchange that had a TRANSFER_RESP, found by the CSB ID of its initial
 * TRANSFER_INIT: version and PRF as before, a T within the skew and newer than the last
 * TRANSFER_INIT of that CSB, no RANDR or TICKET, IDRi / IDRr (when present) those of
 * the exchange, a V with the keys of the initial TRANSFER_RESP. The crypto sessions it lists
 * replace the old ones, their TEKs (same TGK' and RANDs, 5.1.3) are released again by
 * mikey_responder_key(). A KEMAC with new keying material (see mikey_update_keys) is taken
 * only when the ticket's L flag lets the initiator supply keys: it is decrypted with the keys
 * of the update and its T (D1) and must hold one TGK (the TEKs are derived from it, and it
 * serves later updates) or one TEK per crypto session. When its HDR V flag is 1 the
 * TRANSFER_RESP (HDR, T, IDRr, V over TRANSFER_RESP || TRANSFER_INIT) is written to |out|
 * (else |*outlen| is 0). |*info| (may be NULL) describes the exchange. Nothing changes
 * unless 0 is returned.
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_NOT_FOUND (no such exchange), MIKEY_E_BAD_DATA_TYPE,
 * MIKEY_E_MISMATCH, MIKEY_E_MISSING_PAYLOAD, MIKEY_E_UNEXPECTED_PAYLOAD (RANDs, TICKET, a
 * second T, IDRi, IDRr or KEMAC), MIKEY_E_POLICY (no crypto session, a CS ID given twice, or a KEMAC while L=0, as
 * with the presets), MIKEY_E_BAD_VALUE / MIKEY_E_KEY_LENGTH (the KEMAC does not hold one TGK or a TEK
 * of tek_len bytes per crypto session), MIKEY_E_UNSUPPORTED (salted keys), MIKEY_E_SUITE_EA /
 * MIKEY_E_SUITE_MAC (KEMAC algorithms), MIKEY_E_RAND_SHORT (a new TGK longer than the RANDs),
 * MIKEY_E_TIMESTAMP, MIKEY_E_REPLAY (T not newer), MIKEY_E_IDENTITY, MIKEY_E_AUTH,
 * MIKEY_E_SUITE_MAC, MIKEY_E_BUFFER_TOO_SMALL, the codec errors, MIKEY_E_NOMEM,
 * MIKEY_E_CRYPTO.
 */
MIKEY_EXTERN int mikey_responder_on_csb_update(mikey_responder *r, const uint8_t *in,
                                               size_t len, uint8_t *out, size_t cap,
                                               size_t *outlen,
                                               mikey_transfer_info *info) MIKEY_WUR;

/**
 * mikey_responder_exchange_info describes the accepted exchange |xid| in |*info| (as the info
 * of mikey_responder_on_resolve_resp(), with the crypto sessions of the last CSB update); the
 * way to learn about an exchange accepted by mikey_responder_on_transfer_init() on ticket
 * reuse. Returns 0, MIKEY_E_INVAL, MIKEY_E_NOT_FOUND (no such exchange), MIKEY_E_STATE (still
 * waiting for its RESOLVE_RESP).
 */
MIKEY_EXTERN int mikey_responder_exchange_info(mikey_responder *r, uint32_t xid,
                                               mikey_transfer_info *info) MIKEY_WUR;

/**
 * mikey_responder_csb_update writes a CSB update TRANSFER_INIT started by the responder (RFC
 * 6043 5.2, second figure) for accepted IMS exchange |xid| (one that had a TRANSFER_RESP):
 * HDR (the CSB ID, version and PRF of the initial TRANSFER_INIT, V = |want_resp|, the crypto
 * sessions of |p|), a T newer than this responder's previous update, IDRr (as in its
 * TRANSFER_RESP), IDRi, the SP payloads of |p|, [KEMAC with |keys|], V. It is protected with
 * "the same keys (derived from MPKi or MPKr') that protected the last message" of the initial
 * exchange, the TRANSFER_RESP; the V covers it || Identity_i || Identity_r (Table 5.2, the
 * roles of the initial exchange whoever sends). |keys| (NULL: none) are new keying material as
 * for mikey_initiator_csb_update_keys(), allowed by the ticket's M flag (responder-supplied
 * keys, 6.10). The crypto sessions of |p| and their keys (from the same TGK' and RANDs, 5.1.3,
 * or from |keys|) take effect at once and are released again by mikey_responder_key(). With
 * |want_resp| the initiator's TRANSFER_RESP is then checked by
 * mikey_responder_on_transfer_resp(). |*info| (may be NULL) describes the exchange. On
 * failure nothing changes.
 * Returns 0, MIKEY_E_INVAL (NULL argument, no crypto session, duplicate CS IDs), MIKEY_E_LIMIT
 * (more than MIKEY_MAX_CS crypto sessions or 8 SPs), MIKEY_E_NOT_FOUND (no such exchange),
 * MIKEY_E_STATE (not accepted, or it had no TRANSFER_RESP: PSK/MIME), MIKEY_E_POLICY (|keys|
 * while M=0, as with the presets), the codes of |keys| as in mikey_initiator_csb_update_keys(),
 * MIKEY_E_BUFFER_TOO_SMALL, the codec's encode errors, MIKEY_E_NOMEM, MIKEY_E_CRYPTO.
 */
MIKEY_EXTERN int mikey_responder_csb_update(mikey_responder *r, uint32_t xid,
                                            const mikey_transfer_params *p,
                                            const mikey_update_keys *keys, int want_resp,
                                            uint8_t *out, size_t cap, size_t *outlen,
                                            mikey_transfer_info *info) MIKEY_WUR;

/**
 * mikey_responder_on_transfer_resp takes the initiator's TRANSFER_RESP to the last update this
 * responder started with a response wanted, found by its CSB ID: data type, version and PRF,
 * T within the skew, IDRi (when present, once) the initiator, no KEMAC, V with the keys of the
 * update over TRANSFER_RESP || the update. An Error message gives MIKEY_E_PEER_ERROR
 * (info->peer_error); an authenticated one ends the wait. |*info| may be NULL.
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_NO_PENDING, MIKEY_E_MISMATCH, MIKEY_E_TIMESTAMP,
 * MIKEY_E_IDENTITY, MIKEY_E_POLICY (a KEMAC while L=0) / MIKEY_E_UNSUPPORTED (with L=1),
 * MIKEY_E_AUTH, MIKEY_E_SUITE_MAC, MIKEY_E_MISSING_PAYLOAD, MIKEY_E_UNEXPECTED_PAYLOAD (a
 * second IDRi), MIKEY_E_PEER_ERROR, the codec
 * errors, MIKEY_E_NOMEM, MIKEY_E_CRYPTO.
 */
MIKEY_EXTERN int mikey_responder_on_transfer_resp(mikey_responder *r, const uint8_t *in,
                                                  size_t len,
                                                  mikey_transfer_info *info) MIKEY_WUR;

/** mikey_responder_forget wipes and drops exchange |xid| (unknown handles are ignored). */
MIKEY_EXTERN void mikey_responder_forget(mikey_responder *r, uint32_t xid);

/**
 * mikey_transfer_poo_check compares the proof-of-origin tag of an accepted transfer
 * (|info|->poo) with |tag| (the mac of the AuthEnvelopedData the KEK opened), in constant
 * time. Returns 0 when they are equal, MIKEY_E_POO_MISMATCH when they differ (or differ in
 * length), MIKEY_E_NOT_FOUND when the transfer carried no proof-of-origin, MIKEY_E_INVAL.
 */
MIKEY_EXTERN int mikey_transfer_poo_check(const mikey_transfer_info *info, const uint8_t *tag,
                                          size_t len) MIKEY_WUR;

#ifdef __cplusplus
}
#endif

#endif /* MIKEY_ROLES_H */
