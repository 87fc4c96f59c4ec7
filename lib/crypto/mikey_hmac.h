/*
 * mikey_hmac.h: a reusable keyed HMAC context over libgcrypt (internal).
 *
 * HMAC (RFC 2104) with SHA-1 or SHA-256. Opening a libgcrypt handle costs about ten times one
 * short HMAC, so a context opens its handle once and is re-keyed: gcry_md_setkey precomputes
 * the inner and outer padded-key states, and after each MAC the handle is reset to the keyed
 * inner state, so a MAC over a short message costs two compression functions plus the
 * message. The PRF (mikey_prf) keeps one context per 256-bit piece of its inkey; the V MAC
 * (mikey_mac) keeps one per auth_key.
 *
 * The handle lives in libgcrypt secure memory when the integrator enabled it
 * (mikey_global_init(MIKEY_INIT_SECMEM)) and the pool has room, else in ordinary memory;
 * libgcrypt wipes it when it is closed.
 * A context is not safe for concurrent use; separate contexts may be used from separate
 * threads.
 */
#ifndef MIKEY_HMAC_H
#define MIKEY_HMAC_H

#include <stddef.h>
#include <stdint.h>

#include <gcrypt.h>

#include <mikey/common.h>

/* Largest digest: SHA-256. */
#define MIKEY_HMAC_MAX_LEN 32

typedef struct mikey_hmac {
  gcry_md_hd_t hd; /* NULL until the first key */
  int md;          /* GCRY_MD_SHA1 or GCRY_MD_SHA256, the algorithm |hd| was opened for */
  size_t len;      /* digest length in bytes */
  int keyed;       /* 1 once a key is set and every call since succeeded */
} mikey_hmac;

/* mikey_hmac_init makes |m| an empty context (no handle, no key). Never fails. */
void mikey_hmac_init(mikey_hmac *m);

/*
 * mikey_hmac_setkey keys |m| for HMAC with |md| (GCRY_MD_SHA1 or GCRY_MD_SHA256) and the
 * |key_len|-byte |key| (any length from 1; keys longer than the hash block are hashed first,
 * RFC 2104 2). The handle is opened on first use and reused afterwards; a different |md|
 * closes it and opens another. Returns 0, MIKEY_E_INVAL (NULL argument, unknown |md|),
 * MIKEY_E_KEY_LENGTH (|key_len| 0) or MIKEY_E_CRYPTO (libgcrypt failed; |m| is then unkeyed).
 */
int mikey_hmac_setkey(mikey_hmac *m, int md, const uint8_t *key, size_t key_len);

/* mikey_hmac_write feeds |len| bytes at |p| into the running MAC of the keyed |m|. Does
 * nothing when |m| is not keyed (mikey_hmac_final then reports it) or when |len| is 0. */
void mikey_hmac_write(mikey_hmac *m, const void *p, size_t len);

/*
 * mikey_hmac_final finishes the MAC of everything written since the key was set or the last
 * final, copies its first |out_len| bytes (at most the digest length) to |out|, and resets |m|
 * to the keyed state for the next message. Returns 0, MIKEY_E_STATE (|m| not keyed),
 * MIKEY_E_INVAL (|out| NULL or |out_len| too long) or MIKEY_E_CRYPTO.
 */
int mikey_hmac_final(mikey_hmac *m, uint8_t *out, size_t out_len);

/* mikey_hmac_clear closes the handle of |m| (libgcrypt wipes it) and leaves |m| empty. */
void mikey_hmac_clear(mikey_hmac *m);

#endif /* MIKEY_HMAC_H */
