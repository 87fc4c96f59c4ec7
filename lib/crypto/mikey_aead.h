/*
 * mikey_aead.h: AES-GCM and AES-CCM over libgcrypt, with handles kept for reuse (internal).
 *
 * A mikey_aead holds at most one open libgcrypt handle per cipher (AES-128/256 x GCM, CCM,
 * CBC, key wrap), opened on first use and kept until mikey_aead_release, so that a caller
 * sending many messages pays for gcry_cipher_open once: once libgcrypt's standard RNG is
 * running, every open also runs its fast entropy poll (getrusage, clock reads), about 2 us,
 * ten times an AES-GCM of 1 KiB. Each message re-keys the handle; mikey_aead_stop (and the
 * wrap functions themselves) overwrite the key in the handle so that no content key or KEK
 * outlives its use.
 *
 * Tags are never checked by libgcrypt: mikey_aead_verify computes the tag and compares the
 * |tag_len| bytes in constant time, and the caller has already checked that |tag_len| is one
 * that RFC 5084 allows (libgcrypt's own GCM check accepts 4- and 8-byte tags).
 */
#ifndef MIKEY_AEAD_H
#define MIKEY_AEAD_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

/* The ciphers (index into mikey_aead.hd). */
#define MIKEY_AEAD_AES128_GCM 0
#define MIKEY_AEAD_AES256_GCM 1
#define MIKEY_AEAD_AES128_CCM 2
#define MIKEY_AEAD_AES256_CCM 3
#define MIKEY_AEAD_AES128_CBC 4 /* not AEAD: for the EnvelopedData variant (no tag) */
#define MIKEY_AEAD_AES256_CBC 5
#define MIKEY_AEAD_AES128_KW 6  /* AES key wrap (RFC 3394), for mikey_aead_wrap/unwrap */
#define MIKEY_AEAD_AES256_KW 7
#define MIKEY_AEAD_COUNT 8

#define MIKEY_AEAD_MAX_TAG 16

struct gcry_cipher_handle;

typedef struct mikey_aead {
  struct gcry_cipher_handle *hd[MIKEY_AEAD_COUNT]; /* open handles, NULL until first use */
  struct gcry_cipher_handle *cur;                  /* handle of the message in progress */
  int cipher;                                      /* MIKEY_AEAD_* of |cur| */
  size_t tag_len;                                  /* tag length of the message */
} mikey_aead;

/* mikey_aead_init makes |a| empty (no handle open). */
void mikey_aead_init(mikey_aead *a);

/* mikey_aead_release closes every handle of |a| (libgcrypt wipes them) and empties it. */
void mikey_aead_release(mikey_aead *a);

/* mikey_aead_key_len returns the key length of |cipher|, or 0 when unknown. */
size_t mikey_aead_key_len(int cipher);

/*
 * mikey_aead_start begins one message with |cipher| under the |key_len|-byte |key| and the
 * |nonce_len|-byte |nonce| (IV for CBC), with tags of |tag_len| bytes. CCM needs the lengths
 * of the additional data and of the message before any byte of either (RFC 3610 2.2: they
 * are encoded in the first blocks): |aad_len| and |msg_len|; GCM and CBC ignore them.
 * Returns 0, MIKEY_E_KEY_LENGTH, MIKEY_E_INVAL (a nonce or tag length the mode refuses) or
 * MIKEY_E_CRYPTO. On failure no message is in progress.
 */
int mikey_aead_start(mikey_aead *a, int cipher, const uint8_t *key, size_t key_len,
                     const uint8_t *nonce, size_t nonce_len, size_t tag_len, uint64_t aad_len,
                     uint64_t msg_len);

/* mikey_aead_aad feeds |len| bytes of additional data (all of it before any content).
 * Returns 0 or MIKEY_E_CRYPTO (for CCM: more than announced). */
int mikey_aead_aad(mikey_aead *a, const uint8_t *p, size_t len);

/* mikey_aead_encrypt encrypts |len| bytes of |in| into |out| (same length; the buffers must
 * not overlap unless equal). Any chunking is allowed; for CBC every chunk is a multiple of 16.
 * Returns 0 or MIKEY_E_CRYPTO. */
int mikey_aead_encrypt(mikey_aead *a, uint8_t *out, const uint8_t *in, size_t len);

/* mikey_aead_decrypt is the inverse of mikey_aead_encrypt. The plaintext it writes is NOT
 * authentic until mikey_aead_verify returns 0. Returns 0 or MIKEY_E_CRYPTO. */
int mikey_aead_decrypt(mikey_aead *a, uint8_t *out, const uint8_t *in, size_t len);

/* mikey_aead_tag writes the tag_len-byte tag of the message encrypted so far to |tag|.
 * Returns 0 or MIKEY_E_CRYPTO. */
int mikey_aead_tag(mikey_aead *a, uint8_t *tag);

/* mikey_aead_verify computes the tag of the message decrypted so far and compares it with the
 * tag_len bytes at |tag| in constant time. Returns 0, MIKEY_E_AUTH or MIKEY_E_CRYPTO. */
int mikey_aead_verify(mikey_aead *a, const uint8_t *tag) MIKEY_WUR;

/*
 * mikey_aead_wrap wraps the |len|-byte key |in| (16 or 32) under the |kek_len|-byte |kek|
 * (16 or 32) with AES key wrap (RFC 3394 2.2.1, default IV) into |out| (len + 8 bytes), on a
 * kept handle: the same result as mikey_kw_wrap without a gcry_cipher_open per call. Does
 * not disturb a message in progress. Returns 0, MIKEY_E_KEY_LENGTH, MIKEY_E_INVAL or
 * MIKEY_E_CRYPTO.
 */
int mikey_aead_wrap(mikey_aead *a, const uint8_t *kek, size_t kek_len, const uint8_t *in,
                    size_t len, uint8_t *out);

/*
 * mikey_aead_unwrap unwraps |len| bytes of |in| (24 or 40) into |out| (len - 8 bytes) and
 * checks the integrity value (RFC 3394 2.2.3). On any failure |out| is wiped. Returns 0,
 * MIKEY_E_KEY_LENGTH, MIKEY_E_INVAL, MIKEY_E_UNWRAP or MIKEY_E_CRYPTO.
 */
int mikey_aead_unwrap(mikey_aead *a, const uint8_t *kek, size_t kek_len, const uint8_t *in,
                      size_t len, uint8_t *out);

/* mikey_aead_stop ends the message: the key in the handle is overwritten. Safe to call when no
 * message is in progress. */
void mikey_aead_stop(mikey_aead *a);

#endif /* MIKEY_AEAD_H */
