/*
 * libmikey-ticket: common definitions.
 *
 * Every public function returns int: 0 on success or a negative MIKEY_E_* code. The codes come
 * in bands, one per layer, so that a caller can tell where a failure was found; mikey_strerror()
 * names each one, and mikey_err_to_wire() gives the MIKEY Error number (RFC 3830 6.12,
 * RFC 6043 6.9) that a KMS or responder sends back for it (PROFILE.md decision D12).
 */
#ifndef MIKEY_COMMON_H
#define MIKEY_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MIKEY_EXTERN marks the exported API; everything else is hidden (-fvisibility=hidden). */
#if defined(BUILDING_MIKEY) && defined(__GNUC__)
#define MIKEY_EXTERN __attribute__((visibility("default")))
#else
#define MIKEY_EXTERN
#endif

#if defined(__GNUC__)
#define MIKEY_WUR __attribute__((warn_unused_result))
#else
#define MIKEY_WUR
#endif

/* --- general (-1 .. -99) -------------------------------------------------- */
#define MIKEY_E_INVAL            (-1)  /**< invalid argument */
#define MIKEY_E_NOMEM            (-2)  /**< out of memory */
#define MIKEY_E_BUFFER_TOO_SMALL (-3)  /**< output buffer too small; the needed size is reported */
#define MIKEY_E_CRYPTO           (-4)  /**< a libgcrypt call failed */
#define MIKEY_E_CALLBACK         (-5)  /**< an integrator callback failed */
#define MIKEY_E_STATE            (-6)  /**< call not allowed in the current state */
#define MIKEY_E_UNSUPPORTED      (-7)  /**< valid input, but a feature this library does not run */
#define MIKEY_E_NOT_FOUND        (-8)  /**< the requested item is not present */
#define MIKEY_E_INTERNAL         (-9)  /**< internal inconsistency (a bug) */
#define MIKEY_E_RANDOM           (-10) /**< the randomness provider failed */
#define MIKEY_E_LIMIT            (-11) /**< a documented size or count bound was exceeded */

/* --- decoding of MIKEY messages (-100 .. -199) ----------------------------- */
#define MIKEY_E_TRUNCATED          (-100) /**< input ends inside a field */
#define MIKEY_E_TRAILING           (-101) /**< bytes after the last payload or sub-block */
#define MIKEY_E_UNKNOWN_PAYLOAD    (-102) /**< unknown payload type (cannot be skipped) */
#define MIKEY_E_RESERVED           (-103) /**< reserved value or bit used where the RFC forbids it */
#define MIKEY_E_TOO_MANY           (-104) /**< more payloads or items than the documented bound */
#define MIKEY_E_BAD_LENGTH         (-105) /**< a length field disagrees with the data */
#define MIKEY_E_BAD_VERSION        (-106) /**< unsupported version field */
#define MIKEY_E_BAD_DATA_TYPE      (-107) /**< unknown message data type */
#define MIKEY_E_MISSING_PAYLOAD    (-108) /**< a required payload is absent */
#define MIKEY_E_PAYLOAD_ORDER      (-109) /**< payload not allowed at this position */
#define MIKEY_E_AFTER_LAST         (-110) /**< a payload follows the last one (V or SIGN) */
#define MIKEY_E_BAD_VALUE          (-111) /**< a field holds a value its type does not allow */
#define MIKEY_E_BAD_COUNT          (-112) /**< a count field disagrees with the items present */
#define MIKEY_E_UNEXPECTED_PAYLOAD (-113) /**< payload not allowed in this message type */
#define MIKEY_E_DUPLICATE          (-114) /**< a payload that may appear once appears twice */

/* --- cryptography and keys (-200 .. -249) ---------------------------------- */
#define MIKEY_E_AUTH         (-200) /**< MAC or authentication tag did not verify */
#define MIKEY_E_KEY_LENGTH   (-201) /**< key of a length the algorithm does not take */
#define MIKEY_E_UNWRAP       (-202) /**< AES key unwrap integrity check failed */
#define MIKEY_E_SUITE        (-203) /**< Ticket Policy mixes suites or is too weak for its keys (D3, D4) */
#define MIKEY_E_RAND_SHORT   (-204) /**< RAND shorter than the keys require (D5) */
#define MIKEY_E_UNKNOWN_KEY  (-205) /**< no key is known for this identity or identifier */
#define MIKEY_E_SUITE_PRF    (-206) /**< PRF not allowed with these keys or with the other algorithms */
#define MIKEY_E_SUITE_MAC    (-207) /**< MAC algorithm mixes suites or is too weak (D3, D4) */
#define MIKEY_E_SUITE_EA     (-208) /**< encryption algorithm mixes suites or is too weak (D3, D4) */

/* --- tickets and policy (-250 .. -299) ------------------------------------- */
#define MIKEY_E_TICKET_TYPE    (-250) /**< unknown ticket type, subtype or version */
#define MIKEY_E_TP_FLAGS       (-251) /**< Ticket Policy flags break RFC 6043 6.10 */
#define MIKEY_E_EXPIRED        (-252) /**< ticket validity period has ended */
#define MIKEY_E_NOT_YET_VALID  (-253) /**< ticket validity period has not begun */
#define MIKEY_E_NOT_AUTHORIZED (-254) /**< party not authorized (not in IDRr, or refused) */
#define MIKEY_E_APP            (-255) /**< IDRapp missing or not the expected application */
#define MIKEY_E_POLICY         (-256) /**< refused by the local security policy */
#define MIKEY_E_KMS_ID         (-257) /**< ticket issued by an unknown KMS */

/* --- role engines and protocol (-300 .. -349) ------------------------------ */
#define MIKEY_E_TIMESTAMP    (-300) /**< timestamp outside the clock-skew window */
#define MIKEY_E_REPLAY       (-301) /**< message already accepted once */
#define MIKEY_E_NO_PENDING   (-302) /**< response to no pending request */
#define MIKEY_E_MISMATCH     (-303) /**< response does not match its request (CSB ID, HDR) */
#define MIKEY_E_PEER_ERROR   (-304) /**< the peer answered with a MIKEY Error message */
#define MIKEY_E_VI_MISMATCH  (-305) /**< TRANSFER_INIT V differs from the ticket's Vi */
#define MIKEY_E_VI_MISSING   (-306) /**< Initiator Data required (I=1) but absent, or vice versa */
#define MIKEY_E_POO_MISMATCH (-307) /**< proof-of-origin tag differs from the S/MIME tag */
#define MIKEY_E_KEK_REUSE    (-308) /**< a KEK would protect a second message */
#define MIKEY_E_IDENTITY     (-309) /**< identity differs from the expected one */

/* --- CMS (-400 .. -449) ----------------------------------------------------- */
#define MIKEY_E_DER             (-400) /**< malformed DER/BER */
#define MIKEY_E_DER_NONMINIMAL  (-401) /**< non-minimal length or encoding where DER is required */
#define MIKEY_E_DER_DEPTH       (-402) /**< nesting deeper than the bound */
#define MIKEY_E_CMS_TYPE        (-403) /**< content type is not the expected one */
#define MIKEY_E_CMS_VERSION     (-404) /**< unexpected CMS version number */
#define MIKEY_E_CMS_ALGORITHM   (-405) /**< algorithm OID not accepted here */
#define MIKEY_E_CMS_RECIPIENTS  (-406) /**< not exactly one KEKRecipientInfo */
#define MIKEY_E_CMS_PARAMS      (-407) /**< bad algorithm parameters (nonce, ICV length) */
#define MIKEY_E_CMS_TAG_LENGTH  (-408) /**< mac length differs from the declared ICV length */
#define MIKEY_E_CMS_KEK_ID      (-409) /**< KEK identifier differs from the expected one */

/* --- MIME, S/MIME and SIP bodies (-450 .. -499) ---------------------------- */
#define MIKEY_E_MIME              (-450) /**< malformed MIME header or entity */
#define MIKEY_E_MIME_BOUNDARY     (-451) /**< missing or invalid multipart boundary */
#define MIKEY_E_MIME_NO_CLOSE     (-452) /**< multipart without a closing delimiter */
#define MIKEY_E_MIME_CONTENT_TYPE (-453) /**< part without Content-Type, or not the expected one */
#define MIKEY_E_MIME_PARTS        (-454) /**< wrong number or order of body parts */
#define MIKEY_E_BASE64            (-455) /**< invalid base64 */

/* MIKEY Error numbers carried in the ERR payload: RFC 3830 6.12 (Table 6.12) and
 * RFC 6043 6.9 (Table 6.14). */
#define MIKEY_ERRNO_AUTH_FAILURE   0
#define MIKEY_ERRNO_INVALID_TS     1
#define MIKEY_ERRNO_INVALID_PRF    2
#define MIKEY_ERRNO_INVALID_MAC    3
#define MIKEY_ERRNO_INVALID_EA     4
#define MIKEY_ERRNO_INVALID_HA     5
#define MIKEY_ERRNO_INVALID_DH     6
#define MIKEY_ERRNO_INVALID_ID     7
#define MIKEY_ERRNO_INVALID_CERT   8
#define MIKEY_ERRNO_INVALID_SP     9
#define MIKEY_ERRNO_INVALID_SPPAR  10
#define MIKEY_ERRNO_INVALID_DT     11
#define MIKEY_ERRNO_UNSPECIFIED    12
#define MIKEY_ERRNO_INVALID_TICKET 14
#define MIKEY_ERRNO_INVALID_TPPAR  15

/**
 * mikey_strerror returns a static, human-readable description of |err|, a MIKEY_E_* code.
 * Unknown codes give "unknown error". Never returns NULL.
 */
MIKEY_EXTERN const char *mikey_strerror(int err);

/**
 * mikey_err_to_wire returns the MIKEY Error number (RFC 3830 6.12, RFC 6043 6.9) that a peer is
 * sent for the refusal |err| (PROFILE.md D12). Codes that are not refusals of a peer's message
 * map to Unspecified error (12).
 */
MIKEY_EXTERN uint8_t mikey_err_to_wire(int err);

/** mikey_err_name returns the constant's name ("MIKEY_E_AUTH") or "MIKEY_E_?" when unknown. */
MIKEY_EXTERN const char *mikey_err_name(int err);

/**
 * mikey_env: where the library gets time and randomness (DESIGN.md principle 1). The library
 * never reads the clock or the RNG behind the caller's back: every context that needs either
 * takes a mikey_env. A NULL callback means the default (system clock; gcry_randomize with
 * GCRY_STRONG_RANDOM). Tests inject fixed ones and get byte-identical messages.
 */
typedef struct mikey_env {
  /** Fills |len| bytes at |out| with random bytes; returns 0, or non-zero on failure
   *  (reported as MIKEY_E_RANDOM). */
  int (*rand)(void *user_data, uint8_t *out, size_t len);
  /** Returns the current time as a 64-bit NTP-UTC timestamp (RFC 5905: seconds since
   *  1900-01-01 in the high 32 bits, fraction in the low 32 bits). */
  uint64_t (*now)(void *user_data);
  /** Passed to both callbacks. */
  void *user_data;
} mikey_env;

/** mikey_env_rand fills |out| from |env| (or the default when |env| or its callback is NULL).
 *  Returns 0 or MIKEY_E_RANDOM. */
MIKEY_EXTERN int mikey_env_rand(const mikey_env *env, uint8_t *out, size_t len) MIKEY_WUR;

/** mikey_env_now returns the time from |env| (or the system clock) as 64-bit NTP-UTC. */
MIKEY_EXTERN uint64_t mikey_env_now(const mikey_env *env);

/** mikey_ntp_from_unix converts Unix seconds and nanoseconds to 64-bit NTP-UTC, using the
 *  RFC 4330 era rule so that times up to 2104 are represented. */
MIKEY_EXTERN uint64_t mikey_ntp_from_unix(int64_t seconds, uint32_t nanoseconds);

/** mikey_ntp_to_unix converts 64-bit NTP-UTC to Unix seconds (RFC 4330 era rule: an NTP seconds
 *  value with the top bit clear lies in era 1, from 2036-02-07 on). */
MIKEY_EXTERN int64_t mikey_ntp_to_unix(uint64_t ntp);

/** mikey_memzero wipes |len| bytes at |p| in a way the compiler cannot drop. */
MIKEY_EXTERN void mikey_memzero(void *p, size_t len);

/** mikey_ct_equal compares |len| bytes in time that depends only on |len|; returns 1 when
 *  equal, 0 otherwise. */
MIKEY_EXTERN int mikey_ct_equal(const void *a, const void *b, size_t len);

/* Flags for mikey_global_init(). */
#define MIKEY_INIT_SECMEM 0x1u /**< ask libgcrypt for 64 KiB of secure (locked) memory */

/**
 * mikey_global_init initializes libgcrypt once per process, unless the application already
 * finished libgcrypt's initialization itself (then its choices are kept). It asks libgcrypt
 * for the system RNG (getrandom), which is about twenty times cheaper per call than
 * libgcrypt's default generator. Call it before any
 * other function, from one thread. Returns 0, or MIKEY_E_CRYPTO when libgcrypt is older than
 * 1.8 or cannot start.
 */
MIKEY_EXTERN int mikey_global_init(unsigned flags) MIKEY_WUR;

/** mikey_version returns the version string of the library that is running. */
MIKEY_EXTERN const char *mikey_version(void);

#ifdef __cplusplus
}
#endif

#endif /* MIKEY_COMMON_H */
