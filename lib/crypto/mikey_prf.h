/*
 * mikey_prf.h: the MIKEY PRFs (internal).
 *
 * MIKEY-1 (PRF func 0) is the default PRF of RFC 3830 4.1.2; PRF-HMAC-SHA-256 (PRF func 1) is
 * the same construction with HMAC-SHA-256 and 256 in place of 160 (RFC 6043 6.1):
 *
 *   P(s, label, m) = HMAC(s, A_1 || label) || HMAC(s, A_2 || label) || ... || HMAC(s, A_m || label)
 *   A_0 = label, A_i = HMAC(s, A_(i-1))
 *
 *   n = ceil(inkey_len / 256 bits); inkey = s_1 || ... || s_n, every s_i 256 bits but s_n
 *   m = ceil(outkey_len / hash output length)   (160 bits for MIKEY-1, 256 for SHA-256)
 *   outkey = the first outkey_len bits of P(s_1, label, m) XOR ... XOR P(s_n, label, m)
 *
 * Lengths here are in bytes: every MIKEY key and salt is a whole number of bytes, so an
 * outkey_len that is not a multiple of the hash size (a 14-byte salt, a 16-byte key from
 * SHA-1's 20-byte blocks) takes the leading bytes of the last block.
 *
 * A mikey_prf context is keyed once per inkey (one keyed HMAC per 256-bit piece s_i) and then
 * derives any number of outkeys from it; the handles survive a change of inkey, so a worker
 * that keeps one context per role re-keys instead of re-opening. Which PRF a derivation uses is
 * the caller's choice (PROFILE.md D2: the HDR PRF for RFC 6043 5.1.2 / 5.1.3 keys, the Ticket
 * Policy PRF for forking, ticket keys and the Vr key); the labels are in mikey_kdf.h.
 */
#ifndef MIKEY_PRF_H
#define MIKEY_PRF_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

#include "crypto/mikey_hmac.h"
#include "crypto/mikey_iov.h"
#include "crypto/mikey_suite.h"

/* RFC 3830 4.1.2: the inkey is split into 256-bit pieces (half the SHA-1 block; RFC 6043 6.1
 * keeps the 256 for SHA-256). */
#define MIKEY_PRF_CHUNK 32

/* Bound on the inkey a context takes: 4 pieces, 1024 bits. MIKEY keys are 128 or 256 bits
 * (RFC 6043 12.1, PROFILE.md 3); longer inkeys are refused with MIKEY_E_KEY_LENGTH. */
#define MIKEY_PRF_MAX_CHUNKS 4
#define MIKEY_PRF_MAX_INKEY (MIKEY_PRF_MAX_CHUNKS * MIKEY_PRF_CHUNK)

/* Bound on one outkey: the largest Key Data field of a Key data sub-payload (16-bit length,
 * RFC 3830 6.13). */
#define MIKEY_PRF_MAX_OUTKEY 65535

typedef struct mikey_prf {
  mikey_hmac piece[MIKEY_PRF_MAX_CHUNKS]; /* piece[i] keyed with s_(i+1) */
  size_t npieces;                         /* n of the current inkey; 0 when unkeyed */
  size_t inkey_len;                       /* bytes */
  uint8_t prf_func;                       /* MIKEY_PRF_* of the current inkey */
} mikey_prf;

/* mikey_prf_init makes |p| an empty, unkeyed context. Never fails. */
void mikey_prf_init(mikey_prf *p);

/*
 * mikey_prf_setkey keys |p| with the |inkey_len|-byte |inkey| for PRF |prf_func|
 * (MIKEY_PRF_MIKEY_1 or MIKEY_PRF_HMAC_SHA_256). Handles already open are re-keyed. The inkey
 * itself is not kept. Returns 0, MIKEY_E_INVAL (NULL argument), MIKEY_E_SUITE_PRF (unknown
 * PRF), MIKEY_E_KEY_LENGTH (|inkey_len| 0 or above MIKEY_PRF_MAX_INKEY) or MIKEY_E_CRYPTO; on
 * error |p| is left unkeyed.
 */
int mikey_prf_setkey(mikey_prf *p, uint8_t prf_func, const uint8_t *inkey, size_t inkey_len);

/*
 * mikey_prf_derive writes the |out_len|-byte outkey PRF(inkey, label) to |out|, where the label
 * is the concatenation of the |nlabel| ranges at |label|. Returns 0, MIKEY_E_STATE (|p| not
 * keyed), MIKEY_E_INVAL (NULL argument or bad range), MIKEY_E_KEY_LENGTH (|out_len| 0 or above
 * MIKEY_PRF_MAX_OUTKEY) or MIKEY_E_CRYPTO; on error |out| is wiped.
 */
int mikey_prf_derive(mikey_prf *p, const mikey_iov *label, size_t nlabel, uint8_t *out,
                     size_t out_len);

/* mikey_prf_inkey_len returns the byte length of the inkey |p| is keyed with (0 if none). */
static inline size_t mikey_prf_inkey_len(const mikey_prf *p) {
  return p->npieces ? p->inkey_len : 0;
}

/* mikey_prf_clear closes every handle of |p| (libgcrypt wipes them) and leaves it empty. */
void mikey_prf_clear(mikey_prf *p);

/*
 * mikey_prf_oneshot is mikey_prf_setkey + mikey_prf_derive + mikey_prf_clear on a temporary
 * context, for a single outkey. Returns the codes of both.
 */
int mikey_prf_oneshot(uint8_t prf_func, const uint8_t *inkey, size_t inkey_len,
                      const mikey_iov *label, size_t nlabel, uint8_t *out, size_t out_len);

#endif /* MIKEY_PRF_H */
