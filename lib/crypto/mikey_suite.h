/*
 * mikey_suite.h: the algorithm identifiers the crypto layer runs, their key and tag sizes, and
 * the suite rules of PROFILE.md D3, D4 and D5 (internal).
 *
 * The values are the wire values of the HDR and Ticket Policy "PRF func" field (RFC 3830 6.1,
 * RFC 6043 Table 6.3), the KEMAC "Encr alg" field (RFC 3830 Table 6.2.a, RFC 6043 Table 6.5)
 * and the KEMAC / V "MAC alg" field (RFC 3830 Table 6.2.b, RFC 6043 Table 6.6), so a decoded
 * field is passed as it is.
 *
 * D3: two suites, chosen by the PRF, never mixed:
 *   MIKEY-1          + AES-CM-128 (or AES-KW-128) + HMAC-SHA-1-160
 *   PRF-HMAC-SHA-256 + AES-CM-256                 + HMAC-SHA-256-256
 * D4: MIKEY-1 (a 128-bit suite) is refused with keys longer than 128 bits.
 * D5: RAND lengths at least the RFC 6043 12.1 minimums.
 */
#ifndef MIKEY_SUITE_H
#define MIKEY_SUITE_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

/* PRF func (RFC 3830 6.1; RFC 6043 Table 6.3). */
#define MIKEY_PRF_MIKEY_1        0 /* RFC 3830 4.1.2, HMAC-SHA-1 */
#define MIKEY_PRF_HMAC_SHA_256   1 /* RFC 6043 6.1 */

/* Encr alg (RFC 3830 Table 6.2.a; RFC 6043 Table 6.5). */
#define MIKEY_ENCR_NULL          0
#define MIKEY_ENCR_AES_CM_128    1
#define MIKEY_ENCR_AES_KW_128    2
#define MIKEY_ENCR_AES_CM_256    3

/* MAC alg (RFC 3830 Table 6.2.b; RFC 6043 Table 6.6). */
#define MIKEY_MAC_NULL           0
#define MIKEY_MAC_HMAC_SHA_1_160   1
#define MIKEY_MAC_HMAC_SHA_256_256 2

/* Largest key, salt and tag any of these algorithms uses, for fixed-size buffers. */
#define MIKEY_SUITE_MAX_ENCR_KEY 32
#define MIKEY_SUITE_MAX_SALT     14
#define MIKEY_SUITE_MAX_AUTH_KEY 32
#define MIKEY_SUITE_MAX_TAG      32

/* RFC 6043 12.1: "All keys ... MUST have adequate strength/length, i.e., 128 bits or more". */
#define MIKEY_SUITE_MIN_KEY 16

/*
 * mikey_suite_encr_key_len sets |*len| to the encr_key length in bytes of |encr_alg|: 16 for
 * AES-CM-128 and AES-KW-128 (RFC 3830 4.2.3), 32 for AES-CM-256 (RFC 6043 6.2), 0 for NULL.
 * Returns 0 or MIKEY_E_SUITE_EA (unknown algorithm).
 */
int mikey_suite_encr_key_len(uint8_t encr_alg, size_t *len);

/*
 * mikey_suite_salt_len sets |*len| to the salt_key length in bytes of |encr_alg|: 14 (112 bits)
 * for AES-CM-128 and AES-CM-256, 8 (64 bits, the key wrap IV) for AES-KW-128 (RFC 3830 4.2.3),
 * 0 for NULL. Returns 0 or MIKEY_E_SUITE_EA.
 */
int mikey_suite_salt_len(uint8_t encr_alg, size_t *len);

/*
 * mikey_suite_auth_key_len sets |*len| to the auth_key length in bytes of |mac_alg|: 20 for
 * HMAC-SHA-1-160 (RFC 3830 4.2.4: key size equal to the hash output), 32 for HMAC-SHA-256-256
 * (RFC 6043 6.2: "SHALL be used with a 256-bit authentication key"), 0 for NULL.
 * Returns 0 or MIKEY_E_SUITE_MAC.
 */
int mikey_suite_auth_key_len(uint8_t mac_alg, size_t *len);

/*
 * mikey_suite_tag_len sets |*len| to the MAC length in bytes of |mac_alg| (RFC 3830 Table
 * 6.2.b, RFC 6043 Table 6.6): 20, 32, or 0 for NULL. Returns 0 or MIKEY_E_SUITE_MAC.
 */
int mikey_suite_tag_len(uint8_t mac_alg, size_t *len);

#endif /* MIKEY_SUITE_H */
