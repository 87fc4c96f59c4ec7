/*
 * libmikey-ticket: key material that wipes itself.
 *
 * A mikey_key holds one secret key (a PSK, TPK, MPK, TGK, KEK ...) in a single allocation that
 * is wiped before it is freed. When the integrator enabled libgcrypt secure memory
 * (mikey_global_init(MIKEY_INIT_SECMEM)) the bytes live in that locked pool; when it is off or
 * exhausted, in ordinary memory (mikey_key_is_secure tells which). Either way the library
 * wipes them on mikey_key_free. Keys are never printed or logged by the library.
 *
 * A mikey_key is immutable once filled by its creator, and may then be read from several
 * threads at once.
 */
#ifndef MIKEY_KEY_H
#define MIKEY_KEY_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest key: the Key Data field of a Key data sub-payload has a 16-bit length (RFC 3830
 *  6.13). */
#define MIKEY_KEY_MAX_LEN 65535

/** Opaque key. */
typedef struct mikey_key mikey_key;

/**
 * mikey_key_new copies the |len| bytes at |data| into a new key stored in |*out|. The caller
 * wipes its own copy. Returns 0, MIKEY_E_INVAL (NULL argument), MIKEY_E_KEY_LENGTH (|len| 0 or
 * above MIKEY_KEY_MAX_LEN) or MIKEY_E_NOMEM; |*out| is NULL on error.
 */
MIKEY_EXTERN int mikey_key_new(mikey_key **out, const uint8_t *data, size_t len) MIKEY_WUR;

/**
 * mikey_key_new_zero makes a new key of |len| zero bytes in |*out|, for a caller that derives
 * or unwraps into mikey_key_data_mut(). Codes as mikey_key_new.
 */
MIKEY_EXTERN int mikey_key_new_zero(mikey_key **out, size_t len) MIKEY_WUR;

/**
 * mikey_key_new_random makes a new key of |len| random bytes from |env| (or the default,
 * gcry_randomize with GCRY_STRONG_RANDOM, when |env| is NULL). Codes as mikey_key_new, plus
 * MIKEY_E_RANDOM when the provider fails (nothing is returned then).
 */
MIKEY_EXTERN int mikey_key_new_random(mikey_key **out, size_t len,
                                      const mikey_env *env) MIKEY_WUR;

/** mikey_key_data returns the bytes of |k| (mikey_key_len(k) of them), NULL when |k| is NULL. */
MIKEY_EXTERN const uint8_t *mikey_key_data(const mikey_key *k);

/** mikey_key_data_mut returns the bytes of |k| for its creator to fill. */
MIKEY_EXTERN uint8_t *mikey_key_data_mut(mikey_key *k);

/** mikey_key_len returns the length of |k| in bytes (0 when |k| is NULL). */
MIKEY_EXTERN size_t mikey_key_len(const mikey_key *k);

/** mikey_key_is_secure returns 1 when |k| lives in libgcrypt secure memory, else 0. */
MIKEY_EXTERN int mikey_key_is_secure(const mikey_key *k);

/** mikey_key_free wipes and frees |k|. NULL is allowed. */
MIKEY_EXTERN void mikey_key_free(mikey_key *k);

#ifdef __cplusplus
}
#endif

#endif /* MIKEY_KEY_H */
