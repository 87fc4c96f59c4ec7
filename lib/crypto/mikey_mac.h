/*
 * mikey_mac.h: the MAC of V payloads (and of the Vr / ticket V), over byte ranges (internal).
 *
 * HMAC-SHA-1-160 (RFC 3830 4.2.4, MAC alg 1) and HMAC-SHA-256-256 (RFC 6043 6.2, MAC alg 2),
 * full-length tags, keyed with the auth_key of the message (mikey_kdf.h). The covered bytes
 * are a list of ranges, so that a caller MACs "the message minus the excluded fields, then the
 * identities" (RFC 6043 5.5, Table 5.2; A.1 for the ticket) without copying. Verification
 * compares in constant time and answers only MIKEY_E_AUTH on any mismatch.
 *
 * A context is keyed once per auth_key and reused; the libgcrypt handle survives re-keying.
 * The NULL MAC (alg 0) is never computed or verified here: a caller that meets it decides by
 * policy (PROFILE.md: V payloads never use it).
 */
#ifndef MIKEY_MAC_H
#define MIKEY_MAC_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

#include "crypto/mikey_hmac.h"
#include "crypto/mikey_iov.h"
#include "crypto/mikey_suite.h"

typedef struct mikey_mac {
  mikey_hmac h;
  uint8_t mac_alg; /* MIKEY_MAC_* of the current key */
  size_t tag_len;  /* 0 when unkeyed */
} mikey_mac;

/* mikey_mac_init makes |m| an empty, unkeyed context. Never fails. */
void mikey_mac_init(mikey_mac *m);

/*
 * mikey_mac_setkey keys |m| for |mac_alg| (MIKEY_MAC_HMAC_SHA_1_160 or
 * MIKEY_MAC_HMAC_SHA_256_256) with the |key_len|-byte auth_key |key|, which must be 20 or 32
 * bytes respectively (RFC 3830 4.2.4, RFC 6043 6.2). Returns 0, MIKEY_E_INVAL (NULL argument),
 * MIKEY_E_SUITE_MAC (NULL or unknown MAC alg), MIKEY_E_KEY_LENGTH or MIKEY_E_CRYPTO; on error
 * |m| is unkeyed.
 */
int mikey_mac_setkey(mikey_mac *m, uint8_t mac_alg, const uint8_t *key, size_t key_len);

/*
 * mikey_mac_compute writes the MAC of the concatenation of the |n| ranges at |v| to |tag|,
 * which must take exactly the tag length of the algorithm (|tag_len| 20 or 32). Returns 0,
 * MIKEY_E_STATE (not keyed), MIKEY_E_INVAL (NULL, bad range, |tag_len| not the tag length) or
 * MIKEY_E_CRYPTO.
 */
int mikey_mac_compute(mikey_mac *m, const mikey_iov *v, size_t n, uint8_t *tag,
                      size_t tag_len);

/*
 * mikey_mac_verify recomputes the MAC of the ranges and compares it with the |tag_len|-byte
 * |tag| in constant time. Returns 0 when they are equal; MIKEY_E_AUTH when they differ or
 * |tag_len| is not the algorithm's tag length; MIKEY_E_STATE, MIKEY_E_INVAL or MIKEY_E_CRYPTO
 * as mikey_mac_compute.
 */
int mikey_mac_verify(mikey_mac *m, const mikey_iov *v, size_t n, const uint8_t *tag,
                     size_t tag_len) MIKEY_WUR;

/* mikey_mac_clear closes the handle of |m| (libgcrypt wipes it) and leaves |m| empty. */
void mikey_mac_clear(mikey_mac *m);

/* mikey_mac_compute_oneshot / mikey_mac_verify_oneshot: setkey + compute / verify + clear on
 * a temporary context. Codes as the functions they combine. */
int mikey_mac_compute_oneshot(uint8_t mac_alg, const uint8_t *key, size_t key_len,
                              const mikey_iov *v, size_t n, uint8_t *tag, size_t tag_len);
int mikey_mac_verify_oneshot(uint8_t mac_alg, const uint8_t *key, size_t key_len,
                             const mikey_iov *v, size_t n, const uint8_t *tag,
                             size_t tag_len) MIKEY_WUR;

#endif /* MIKEY_MAC_H */
