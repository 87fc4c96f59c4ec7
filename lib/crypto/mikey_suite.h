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
#include <mikey/payload.h>

/* The PRF func, Encr alg and MAC alg values (MIKEY_PRF_*, MIKEY_ENCR_*, MIKEY_MAC_*) are the
 * registry constants of <mikey/payload.h>. */

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

/* Flag for mikey_suite_check_ea / _mac: the NULL algorithm is allowed here (a TP KEMAC, RFC
 * 6043 6.10; the MAC of a KEMAC inside a ticket or a response, whose V payload is the MAC). */
#define MIKEY_SUITE_ALLOW_NULL 0x1u

/*
 * mikey_suite_check_prf checks the PRF func |prf_func| of a HDR against |key_len|, the length in
 * bytes of the longest key it derives from or protects (PSK, MPK, TPK, TGK, GTGK, TEK):
 * RFC 6043 12.1 wants every key 128 bits or more, and D4 refuses MIKEY-1 with longer keys
 * ("If session keys ... longer than 128 bits are used, 128-bit algorithms SHALL NOT be used").
 * Returns 0, MIKEY_E_SUITE_PRF (unknown PRF, or MIKEY-1 with keys over 16 bytes) or
 * MIKEY_E_KEY_LENGTH (|key_len| under 16).
 */
int mikey_suite_check_prf(uint8_t prf_func, size_t key_len);

/*
 * mikey_suite_check_ea checks that the Encr alg |encr_alg| of a KEMAC belongs to the suite of
 * |prf_func| (D3): AES-CM-128 or AES-KW-128 with MIKEY-1 (both 128-bit, so no mixing), AES-CM-256
 * with PRF-HMAC-SHA-256; NULL only with MIKEY_SUITE_ALLOW_NULL in |flags|.
 * Returns 0, MIKEY_E_SUITE_EA or MIKEY_E_SUITE_PRF (unknown |prf_func|).
 */
int mikey_suite_check_ea(uint8_t prf_func, uint8_t encr_alg, unsigned flags);

/*
 * mikey_suite_check_mac checks that the MAC alg |mac_alg| of a V or KEMAC payload belongs to
 * the suite of |prf_func| (D3): HMAC-SHA-1-160 with MIKEY-1, HMAC-SHA-256-256 with
 * PRF-HMAC-SHA-256; NULL only with MIKEY_SUITE_ALLOW_NULL.
 * Returns 0, MIKEY_E_SUITE_MAC or MIKEY_E_SUITE_PRF (unknown |prf_func|).
 */
int mikey_suite_check_mac(uint8_t prf_func, uint8_t mac_alg, unsigned flags);

/*
 * mikey_suite_check_tp checks the PRF Func of a Ticket Policy, |tp_prf|, against the HDR PRF
 * |hdr_prf| of the message that carries it and |key_len|, the longest key of the ticket: the
 * same suite (D3) and not MIKEY-1 with keys over 128 bits (D4). Every failure is reported as
 * MIKEY_E_SUITE, which maps to "Invalid TPpar" (D12). Returns 0, MIKEY_E_SUITE or
 * MIKEY_E_KEY_LENGTH (|key_len| under 16).
 */
int mikey_suite_check_tp(uint8_t tp_prf, uint8_t hdr_prf, size_t key_len);

/*
 * mikey_suite_check_rand_pair checks D5 for RANDRi and RANDRr (RFC 6043 12.1): "the sum of the
 * lengths of RANDRi and RANDRr MUST at least be equal to the size of the longest pre-shared
 * key/envelope key/MPK/TGK/GTGK" (|key_len| bytes). An absent RAND counts 0.
 * Returns 0 or MIKEY_E_RAND_SHORT.
 */
int mikey_suite_check_rand_pair(size_t randri_len, size_t randrr_len, size_t key_len);

/*
 * mikey_suite_check_rand checks D5 for a single RAND: RANDRkms at least as long as the longest
 * MPKr/TGK, the ticket RAND at least as long as the longest of TPK and MPK (RFC 6043 12.1);
 * |key_len| is that longest key. Returns 0 or MIKEY_E_RAND_SHORT.
 */
int mikey_suite_check_rand(size_t rand_len, size_t key_len);

/*
 * mikey_suite_rand_len returns the RAND length a sender uses with keys of at most |key_len|
 * bytes (D5): 16 bytes up to 128-bit keys, 32 up to 256-bit keys, the key length above that
 * (at most 255, the RAND length field).
 */
size_t mikey_suite_rand_len(size_t key_len);

#endif /* MIKEY_SUITE_H */
