/*
 * libmikey-ticket: the Ticket Policy (RFC 6043 6.10) and the two profiles the engine runs.
 *
 * Model
 * - A mikey_policy is the Ticket Policy of a TP payload (the desired policy, in a ticket
 *   request) or of a TICKET payload (the granted policy): ticket type, PRF, the flags D..O
 *   (MIKEY_TP_* in payload.h) and the contents of TP Data (IDRkms, IDRi, TRs, TRe, TRr, the
 *   requested keys, IDRapp..., IDRr...). Identities are views (mikey_id): into the decoded
 *   message, or at bytes the caller owns when it builds a request. Nothing here allocates.
 * - A mikey_profile is a parameter set, not code (DESIGN.md principle 3): which ticket types,
 *   which flag values, which TP Data payloads and which keys a profile wants. The library
 *   ships two: PSK/MIME (PROFILE.md section 2, 3GPP TS 33.328 Annex I.4) and the IMS media
 *   profile (PROFILE.md section 8, TS 33.328 D.4). One check function applies either.
 *
 * The checks themselves, TP encoding and the tickets are internal to the library (the role
 * engines call them); a user sets up a policy with mikey_policy_init() and the add helpers.
 */
#ifndef MIKEY_TICKET_H
#define MIKEY_TICKET_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>
#include <mikey/payload.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Bound on the IDRr and on the IDRapp payloads of one policy (a TP Data list never holds
 *  more than MIKEY_MAX_PAYLOADS payloads, so a decoded policy always fits). */
#define MIKEY_POLICY_MAX_IDS MIKEY_MAX_PAYLOADS
/** Bound on the requested keys of one policy (the key data of the TP KEMAC). */
#define MIKEY_POLICY_MAX_KEYS MIKEY_MAX_KEYS
/** Longest requested key, salt (bytes). */
#define MIKEY_POLICY_MAX_KEY_LEN 64

/** The application identifier of PSK/MIME (PROFILE.md D9): ID type byte string, 8 bytes. */
#define MIKEY_APP_PSKMIME "PSK/MIME"
#define MIKEY_APP_PSKMIME_LEN 8

/* Which optional TP Data payloads a policy holds (mikey_policy.present). */
#define MIKEY_POLICY_HAS_KMS   0x01u /**< IDRkms */
#define MIKEY_POLICY_HAS_I     0x02u /**< IDRi */
#define MIKEY_POLICY_HAS_TRS   0x04u /**< TRs: start of the validity period */
#define MIKEY_POLICY_HAS_TRE   0x08u /**< TRe: end of the validity period */
#define MIKEY_POLICY_HAS_TRR   0x10u /**< TRr: rekeying interval */
#define MIKEY_POLICY_HAS_KEMAC 0x20u /**< KEMAC naming the requested keys (desired policy only) */

/** One key asked for in the TP KEMAC (RFC 6043 6.10: "KEMAC = {TEK|TGK|GTGK}", NULL
 *  encryption, Key Data set to 0). */
typedef struct mikey_policy_key {
  uint8_t type;     /**< MIKEY_KEY_TGK, _TEK, _GTGK or their +SALT variants */
  uint8_t kv_type;  /**< MIKEY_KV_NULL, _SPI (D8: the proposed KEK identifier) or _INTERVAL */
  mikey_bytes spi;  /**< KV SPI */
  mikey_bytes from; /**< KV interval: Valid From */
  mikey_bytes to;   /**< KV interval: Valid To */
  size_t key_len;   /**< requested key length in bytes (at most MIKEY_POLICY_MAX_KEY_LEN) */
  size_t salt_len;  /**< requested salt length, +SALT types only */
} mikey_policy_key;

/** A Ticket Policy (RFC 6043 6.10). Build one with mikey_policy_init(). */
typedef struct mikey_policy {
  uint16_t ticket_type; /**< MIKEY_TICKET_MIKEY_BASE (1) or MIKEY_TICKET_3GPP_BASE (2) */
  uint8_t subtype;      /**< 1 for type 1, 0 for type 2 */
  uint8_t version;      /**< 1 for type 1, 0 for type 2 */
  uint8_t prf;          /**< PRF Func (MIKEY_PRF_*): forking, ticket keys, Vr key (D2) */
  uint16_t flags;       /**< D..O as MIKEY_TP_* bits */
  unsigned present;     /**< MIKEY_POLICY_HAS_* bits: which of the fields below are set */
  mikey_id kms;         /**< IDRkms (role ignored) */
  mikey_id idri;        /**< IDRi (role ignored) */
  mikey_ts trs;         /**< TRs: NTP-UTC or NTP-UTC-32, read with the RFC 4330 era rule */
  mikey_ts tre;         /**< TRe */
  mikey_ts trr;         /**< TRr: NTP-UTC-32, seconds between rekeyings */
  size_t n_keys;        /**< number of requested keys in keys[] */
  mikey_policy_key keys[MIKEY_POLICY_MAX_KEYS]; /**< requested keys (MIKEY_POLICY_HAS_KEMAC) */
  size_t n_app;         /**< number of IDRapp in app[] */
  mikey_id app[MIKEY_POLICY_MAX_IDS]; /**< IDRapp: authorized applications (none: all are) */
  size_t n_r;           /**< number of IDRr in r[] */
  mikey_id r[MIKEY_POLICY_MAX_IDS];   /**< IDRr: authorized responders (one or more) */
} mikey_policy;

/** A profile: the parameters one check function applies (DESIGN.md principle 3). */
typedef struct mikey_profile {
  const char *name;        /**< "PSK/MIME", "IMS" */
  uint16_t ticket_type;    /**< the ticket type mikey_policy_init() writes */
  unsigned ticket_types;   /**< accepted ticket types, bit (1 << type) each */
  uint16_t flags_mask;     /**< the TP flags the profile fixes */
  uint16_t flags_value;    /**< their values (bits outside flags_mask are ignored) */
  uint16_t request_zero;   /**< flags that must be 0 in a desired policy (K, RFC 6043 6.10) */
  unsigned tp_required;    /**< MIKEY_POLICY_HAS_* a policy must carry (the KEMAC in requests
                                only; the granted policy never carries it) */
  unsigned tp_forbidden;   /**< MIKEY_POLICY_HAS_* a policy must not carry */
  uint8_t app_type;        /**< ID type of the profile's IDRapp (MIKEY_ID_BYTES, D9) */
  const uint8_t *app;      /**< the profile's IDRapp ID Data, NULL when it has none */
  size_t app_len;          /**< its length */
  int app_required;        /**< 1: a policy without IDRapp is refused */
  unsigned key_types;      /**< accepted key types in the ticket, bit (1 << MIKEY_KEY_*) each */
  size_t min_keys;         /**< fewest session keys in the ticket (the MPK not counted) */
  size_t max_keys;         /**< most session keys in the ticket */
  uint8_t prf;             /**< the PRF mikey_policy_init() writes (D3 default) */
} mikey_profile;

/** mikey_profile_pskmime returns the PSK/MIME profile (PROFILE.md sections 2, 3, 6; D9, D10,
 *  D11, D15): ticket type 2 (type 1 accepted), D=1 E=1 F=0 G=0 H=1 J=1 L=0 M=0 N=1 O=1, I
 *  free (I=1 only with proof-of-origin, then the key is a GTGK: the RFC 6043 6.10 F/I/TGK rule
 *  refuses a TGK), K=0 in requests, IDRkms IDRi TRs TRe required, no TRr, IDRapp `PSK/MIME`
 *  required, exactly one TGK or GTGK. Never NULL. */
MIKEY_EXTERN const mikey_profile *mikey_profile_pskmime(void);

/** mikey_profile_ims returns the IMS media profile (PROFILE.md section 8, TS 33.328 D.4):
 *  ticket type 2, D=E=F=G=H=I=1 (D forced by L=0), L=M=0, N=O=1, K=0 in requests, IDRkms
 *  IDRi TRs TRe TRr required, no IDRapp rule, one or more TGK/GTGK/TEK (with or without
 *  salt). Never NULL. */
MIKEY_EXTERN const mikey_profile *mikey_profile_ims(void);

/**
 * mikey_policy_init fills |*p| with the defaults of |prof| for a desired policy: its ticket
 * type (subtype and version as RFC 6043 6.10 / TS 33.328 D.4 give them), its PRF, its flag
 * values (K=0, and I=0 where the profile leaves I free), its IDRapp; no identities, times or
 * keys. Returns 0 or MIKEY_E_INVAL (NULL argument).
 */
MIKEY_EXTERN int mikey_policy_init(mikey_policy *p, const mikey_profile *prof);

/**
 * mikey_policy_add_responder appends an IDRr of ID type |type| (MIKEY_ID_*) and the |len|
 * bytes at |data| (a view: the bytes must outlive |*p|). Returns 0, MIKEY_E_INVAL (NULL
 * argument, |len| 0 or over 65535) or MIKEY_E_LIMIT (MIKEY_POLICY_MAX_IDS already).
 */
MIKEY_EXTERN int mikey_policy_add_responder(mikey_policy *p, uint8_t type, const uint8_t *data,
                                            size_t len) MIKEY_WUR;

/**
 * mikey_policy_add_app appends an IDRapp, as mikey_policy_add_responder().
 */
MIKEY_EXTERN int mikey_policy_add_app(mikey_policy *p, uint8_t type, const uint8_t *data,
                                      size_t len) MIKEY_WUR;

/**
 * mikey_policy_add_key appends a requested key of type |type| (TGK, TEK, GTGK or a +SALT
 * variant), |key_len| bytes (16..MIKEY_POLICY_MAX_KEY_LEN), salt |salt_len| (0 unless +SALT),
 * with KV SPI |spi| (|spi_len| bytes, 0 for KV NULL; D8: the proposed KEK identifier, a view)
 * and sets MIKEY_POLICY_HAS_KEMAC. Returns 0, MIKEY_E_INVAL (NULL argument, key type not
 * allowed in a TP KEMAC, a length out of range, salt with a type that has none) or
 * MIKEY_E_LIMIT (MIKEY_POLICY_MAX_KEYS already).
 */
MIKEY_EXTERN int mikey_policy_add_key(mikey_policy *p, uint8_t type, size_t key_len,
                                      size_t salt_len, const uint8_t *spi,
                                      size_t spi_len) MIKEY_WUR;

#ifdef __cplusplus
}
#endif

#endif /* MIKEY_TICKET_H */
