/*
 * mikey_kemac_crypt.h: encryption of the KEMAC "Encr data" field (internal).
 *
 * Encr alg (RFC 3830 6.2, RFC 6043 6.2):
 *   NULL (0)        the Key data sub-payloads in the clear (TP KEMAC, RFC 6043 6.10);
 *   AES-CM-128 (1)  AES in counter mode as SRTP (RFC 3711 4.1.1) with a 128-bit encr_key and
 *                   IV = (S XOR (0x0000 || CSB ID || T)) || 0x0000 (RFC 3830 4.2.3), S the
 *                   112-bit salt_key, T the 64-bit timestamp;
 *   AES-KW-128 (2)  AES key wrap (RFC 3394) with a 128-bit encr_key and the 64-bit salt_key
 *                   S as the key wrap IV (RFC 3830 4.2.3);
 *   AES-CM-256 (3)  as AES-CM-128 with a 256-bit encr_key (RFC 6043 6.2).
 * encr_key and salt_key come from mikey_kdf (a mikey_keyset).
 *
 * The caller supplies the CSB ID and T of the IV: the HDR CSB ID, or 0xFFFFFFFF inside a ticket
 * (RFC 6043 A.1); T from the T payload of the message that carries the KEMAC (PROFILE.md D1),
 * or the ticket's T, turned into 64 bits by mikey_ts_value64 (<mikey/payload.h>).
 *
 * AES-CM has no integrity of its own: the V payload's MAC covers the KEMAC, and callers verify
 * it before they decrypt (DESIGN.md principle 4). AES-KW decryption checks the wrap's integrity
 * value and releases nothing when it fails.
 *
 * A mikey_kemac_cipher context opens each libgcrypt cipher handle once, on first use, and
 * re-keys it afterwards; pass NULL for a one-off operation on temporary handles.
 */
#ifndef MIKEY_KEMAC_CRYPT_H
#define MIKEY_KEMAC_CRYPT_H

#include <stddef.h>
#include <stdint.h>

#include <gcrypt.h>

#include <mikey/common.h>

#include "crypto/mikey_kdf.h"
#include "crypto/mikey_suite.h"

/* TS types: MIKEY_TS_* of <mikey/payload.h> (RFC 3830 Table 6.6, RFC 6043 Table 6.8). */

/* RFC 3830 6.2: "Encr data len (16 bits)". */
#define MIKEY_KEMAC_MAX_DATA 65535

/* RFC 3394 2.2.1: the wrap adds one 64-bit block. */
#define MIKEY_KEMAC_KW_OVERHEAD 8

/*
 * mikey_kemac_iv writes the 16-byte AES-CM IV of RFC 3830 4.2.3 to |iv|:
 *   IV = (S XOR (0x0000 || CSB ID || T)) || 0x0000
 * from the 14-byte (112-bit) salt |salt|. Returns 0, MIKEY_E_INVAL or MIKEY_E_KEY_LENGTH
 * (|salt_len| not 14).
 */
int mikey_kemac_iv(const uint8_t *salt, size_t salt_len, uint32_t csb_id, uint64_t t,
                   uint8_t iv[16]);

/*
 * mikey_kemac_encr_len sets |*encr_len| to the Encr data length for |plain_len| bytes of Key
 * data sub-payloads under |encr_alg|: the same length, or plain_len + 8 for AES-KW-128 (0 stays
 * 0). Returns 0, MIKEY_E_SUITE_EA (unknown algorithm), MIKEY_E_INVAL (AES-KW-128 with a length
 * that is not n >= 2 blocks of 8 bytes) or MIKEY_E_LIMIT (result above MIKEY_KEMAC_MAX_DATA).
 */
int mikey_kemac_encr_len(uint8_t encr_alg, size_t plain_len, size_t *encr_len);

typedef struct mikey_kemac_cipher {
  gcry_cipher_hd_t cm128; /* AES-128 CTR, NULL until used */
  gcry_cipher_hd_t cm256; /* AES-256 CTR */
  gcry_cipher_hd_t kw128; /* AES-128 AESWRAP */
} mikey_kemac_cipher;

/* mikey_kemac_cipher_init makes |c| an empty context. Never fails. */
void mikey_kemac_cipher_init(mikey_kemac_cipher *c);

/* mikey_kemac_cipher_clear closes the handles of |c| (libgcrypt wipes their key schedules). */
void mikey_kemac_cipher_clear(mikey_kemac_cipher *c);

/*
 * mikey_kemac_encrypt encrypts the |in_len| bytes at |in| (the Key data sub-payloads) with
 * |ks|->encr_alg, |ks|->encr and |ks|->salt into |out| (|out_cap| bytes); *|out_len| receives
 * the Encr data length (also when the buffer is too small). |c| may be NULL. |out| may equal
 * |in| for NULL and AES-CM; it must not overlap |in| otherwise.
 * Returns 0, MIKEY_E_INVAL (NULL argument; AES-KW-128 input not n >= 2 blocks of 8 bytes;
 * |out| == |in| with AES-KW-128), MIKEY_E_SUITE_EA (unknown algorithm), MIKEY_E_KEY_LENGTH
 * (encr or salt of the wrong length for the algorithm), MIKEY_E_LIMIT (more than
 * MIKEY_KEMAC_MAX_DATA bytes of Encr data), MIKEY_E_BUFFER_TOO_SMALL or MIKEY_E_CRYPTO.
 */
int mikey_kemac_encrypt(mikey_kemac_cipher *c, const mikey_keyset *ks, uint32_t csb_id,
                        uint64_t t, const uint8_t *in, size_t in_len, uint8_t *out,
                        size_t out_cap, size_t *out_len);

/*
 * mikey_kemac_decrypt is the inverse: the |in_len|-byte Encr data at |in| into |out|;
 * *|out_len| receives the plaintext length. For AES-KW-128 the integrity value is checked:
 * MIKEY_E_UNWRAP when it fails (RFC 3394 2.2.3), and then |out| is wiped. Codes as
 * mikey_kemac_encrypt plus MIKEY_E_UNWRAP; on any error nothing of the plaintext is left in
 * |out|.
 */
int mikey_kemac_decrypt(mikey_kemac_cipher *c, const mikey_keyset *ks, uint32_t csb_id,
                        uint64_t t, const uint8_t *in, size_t in_len, uint8_t *out,
                        size_t out_cap, size_t *out_len);

#endif /* MIKEY_KEMAC_CRYPT_H */
