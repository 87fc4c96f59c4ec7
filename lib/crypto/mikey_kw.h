/*
 * mikey_kw.h: AES key wrap (RFC 3394), used by KEMAC AES-KW-128 (RFC 3830 4.2.5 / 6.2) and by
 * CMS KEKRecipientInfo (RFC 3565) (internal).
 */
#ifndef MIKEY_KW_H
#define MIKEY_KW_H

#include <stddef.h>
#include <stdint.h>

/* RFC 3394 2.2.3.1: the default initial value A6A6A6A6A6A6A6A6 adds 8 bytes. */
#define MIKEY_KW_OVERHEAD 8

/*
 * mikey_kw_wrap wraps the |len|-byte key |in| under the |kek_len|-byte |kek| (16, 24 or 32) into
 * |out|, which receives len + 8 bytes. |len| must be a multiple of 8 and at least 16
 * (RFC 3394 2: n >= 2 blocks of 64 bits). Returns 0, MIKEY_E_KEY_LENGTH for a bad KEK length,
 * MIKEY_E_INVAL for a bad |len|, or MIKEY_E_CRYPTO.
 */
int mikey_kw_wrap(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t len,
                  uint8_t *out);

/*
 * mikey_kw_unwrap unwraps |len| bytes of |in| (len - 8 bytes of key, a multiple of 8, at least
 * 24 in all) into |out| and checks the integrity value. On MIKEY_E_UNWRAP (integrity check
 * failed) or any other error, |out| is wiped: no partial key is ever released. Returns 0,
 * MIKEY_E_KEY_LENGTH, MIKEY_E_INVAL, MIKEY_E_UNWRAP or MIKEY_E_CRYPTO.
 */
int mikey_kw_unwrap(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t len,
                    uint8_t *out);

#endif /* MIKEY_KW_H */
