/*
 * mikey_cms_local.h: what the CMS files share (internal): the fixed encodings of the profile,
 * the build plan, and the parser cursor that the one-shot and streaming openers both use.
 */
#ifndef MIKEY_CMS_LOCAL_H
#define MIKEY_CMS_LOCAL_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/cms.h>

#include "cms/mikey_der.h"
#include "crypto/mikey_aead.h"

/* --- fixed encodings ---------------------------------------------------------------------- */

/* Complete OID elements (tag, length, value) compared byte for byte (fixed profile parts). */
#define CMS_OID_AED_LEN 13
extern const uint8_t cms_oid_aed[CMS_OID_AED_LEN];     /* 1.2.840.113549.1.9.16.1.23 */
#define CMS_OID_PKCS7_LEN 11
extern const uint8_t cms_oid_data[CMS_OID_PKCS7_LEN];  /* 1.2.840.113549.1.7.1 */
extern const uint8_t cms_oid_envd[CMS_OID_PKCS7_LEN];  /* 1.2.840.113549.1.7.3 */
/* 2.16.840.1.101.3.4.1.x (RFC 3565 2.3.2, RFC 5084 3.1 / 3.2, RFC 3565 4.1): the first 10
 * octets of the element, then x. */
#define CMS_OID_AES_LEN 11
extern const uint8_t cms_oid_aes_prefix[CMS_OID_AES_LEN - 1];
#define CMS_AES128_CBC 2
#define CMS_AES128_WRAP 5
#define CMS_AES128_GCM 6
#define CMS_AES128_CCM 7
#define CMS_AES256_CBC 42
#define CMS_AES256_WRAP 45
#define CMS_AES256_GCM 46
#define CMS_AES256_CCM 47

/* The RFC 5084 DEFAULT of aes-ICVlen. */
#define CMS_ICV_DEFAULT 12

/* cms_alg_info maps a public algorithm to its OID arc, libgcrypt cipher and key length;
 * returns 0 or MIKEY_E_CMS_ALGORITHM. */
int cms_alg_info(mikey_cms_alg alg, uint8_t *arc, int *cipher, size_t *key_len);

/* cms_check_nonce_icv checks |nonce_len| and |icv_len| for |alg| (RFC 5084 3.1, 3.2, and
 * MIKEY_CMS_GCM_NONCE_MAX); returns 0 or MIKEY_E_CMS_PARAMS. */
int cms_check_nonce_icv(mikey_cms_alg alg, size_t nonce_len, size_t icv_len);

/* cms_check_ccm_length checks that |content_len| fits the CCM length field of
 * 15 - |nonce_len| octets (RFC 3610 2.1); always 0 for GCM. Returns 0 or MIKEY_E_LIMIT. */
int cms_check_content_length(mikey_cms_alg alg, size_t nonce_len, uint64_t content_len);

/* cms_attrs_check checks |len| bytes of Attribute encodings (the contents of a SET OF
 * Attribute, RFC 5652 5.3): at least one, each SEQUENCE { OID, SET }, all DER; with |order|
 * also the DER SET OF order (X.690 11.6). Returns 0, MIKEY_E_DER, MIKEY_E_DER_NONMINIMAL or
 * MIKEY_E_DER_DEPTH. */
int cms_attrs_check(const uint8_t *p, size_t len, int order);

/* --- build -------------------------------------------------------------------------------- */

/* Everything the builder decided and measured before writing one byte. */
typedef struct cms_plan {
  mikey_cms_alg alg;
  int cipher;          /* MIKEY_AEAD_* */
  uint8_t alg_arc;     /* last arc of the content algorithm OID */
  uint8_t wrap_arc;    /* last arc of the wrap OID */
  size_t cek_len;
  size_t nonce_len;
  size_t icv_len;
  const mikey_cms_kek *kek;
  const mikey_cms_aed_opts *opts;
  size_t auth_len;     /* opts->auth_attrs_len or 0 */
  size_t unauth_len;
  size_t content_len;  /* MIKEY_CMS_LENGTH_UNKNOWN in BER mode */
  int ber;             /* indefinite lengths, chunked content */
  /* Content lengths of the constructed elements (DER mode). */
  size_t kekid_len, kekri_len, ris_len, params_len, algid_len, eci_len, aed_len, f1_len, ci_len;
  size_t header_len;   /* bytes before the ciphertext (DER) or before the first chunk (BER) */
  size_t trailer_len;  /* bytes after the ciphertext (or after the last chunk) */
  size_t total;        /* DER: the whole ContentInfo */
} cms_plan;

/* cms_plan_init validates and measures a message; errors as mikey_cms_aed_size. */
int cms_plan_init(cms_plan *pl, const mikey_cms_aed_opts *opts, const mikey_cms_kek *kek,
                  size_t content_len, int ber);

/* cms_write_header writes the plan's header_len bytes: everything before the ciphertext,
 * with the |cek_len + 8|-byte |wrapped| key and the |nonce|. Returns the end. */
uint8_t *cms_write_header(uint8_t *dst, const cms_plan *pl, const uint8_t *wrapped,
                          const uint8_t *nonce);

/* cms_write_trailer writes the plan's trailer_len bytes after the ciphertext, with |tag|. */
uint8_t *cms_write_trailer(uint8_t *dst, const cms_plan *pl, const uint8_t *tag);

/* cms_start_message draws CEK and nonce in one call to |env|, wraps the CEK under the KEK
 * into |wrapped| (cek_len + 8 bytes), copies the nonce to |nonce| and starts |a|. The CEK
 * is wiped before returning. Returns 0, MIKEY_E_RANDOM, MIKEY_E_KEY_LENGTH or
 * MIKEY_E_CRYPTO. */
int cms_start_message(const cms_plan *pl, const mikey_env *env, mikey_aead *a,
                      uint8_t *wrapped, uint8_t *nonce);

/* --- parse -------------------------------------------------------------------------------- */

/* An open constructed element around the content: ContentInfo, [0], AuthEnvelopedData,
 * EncryptedContentInfo, constructed encryptedContent. */
typedef struct cms_frame {
  size_t end;    /* absolute offset where the contents end (definite form) */
  uint8_t indef; /* 1: ends with end-of-contents octets */
} cms_frame;
#define CMS_FRAMES 5

/* A cursor over the input, in absolute offsets: |buf| holds the bytes [base, base + avail).
 * |final| says the input ends there; otherwise running out gives MIKEY_DER_MORE. */
typedef struct cms_cur {
  const uint8_t *buf;
  size_t base;
  size_t avail;
  size_t pos;
  int final;
  cms_frame f[CMS_FRAMES];
  unsigned nf;
} cms_cur;

/* What the part before the ciphertext says. Views point into the cursor's buffer. */
typedef struct cms_head {
  mikey_cms_alg alg;
  int cipher;
  size_t cek_len;
  size_t wrap_key_len;
  const uint8_t *kek_id;
  size_t kek_id_len;
  const uint8_t *wrapped_key;
  size_t wrapped_key_len;
  const uint8_t *nonce;
  size_t nonce_len;
  size_t icv_len;       /* 0 for AES-CBC (the nonce is then the IV) */
  int chunked;          /* constructed encryptedContent (a frame was pushed for it) */
  size_t content_off;   /* absolute offset of the first content byte (or chunk header) */
  size_t content_len;   /* primitive: ciphertext length */
} cms_head;

/* What the part after the ciphertext says. */
typedef struct cms_tail {
  const uint8_t *auth_attrs; /* contents of [1], NULL when absent */
  size_t auth_attrs_len;
  const uint8_t *mac;
  size_t mac_len;
  const uint8_t *unauth_attrs; /* contents of [2], NULL when absent */
  size_t unauth_attrs_len;
} cms_tail;

/* cms_cur_init starts |c| over |avail| bytes at |buf| that begin at absolute offset |base|. */
void cms_cur_init(cms_cur *c, const uint8_t *buf, size_t base, size_t avail, int final);

/* What a parse expects: an AuthEnvelopedData, or an EnvelopedData with AES-CBC. */
#define CMS_KIND_AED 0
#define CMS_KIND_ED 1

/* cms_parse_head reads from offset 0 up to the first content byte of a |kind| message.
 * Returns 0, MIKEY_DER_MORE (not final: more input needed) or a parse error of
 * mikey_cms_aed_parse. */
int cms_parse_head(cms_cur *c, int kind, cms_head *h);

/* cms_chunk_hdr reads the header of the next encryptedContent chunk at the cursor, inside the
 * constructed frame: sets |*end| when the frame closes there (and pops it), or |*len| and
 * moves past the chunk header. Returns 0, MIKEY_DER_MORE, MIKEY_E_DER, MIKEY_E_DER_DEPTH
 * (nested constructed chunk) or MIKEY_E_DER_NONMINIMAL. */
int cms_chunk_hdr(cms_cur *c, int *end, size_t *len);

/* cms_parse_tail reads from the byte after the content (the frames still open) to the end of
 * the input (|c| final). Checks the mac length against |h|'s ICV length. Returns 0 or a parse
 * error. */
int cms_parse_tail(cms_cur *c, int kind, const cms_head *h, cms_tail *t);

/* cms_parse_all parses the whole |in_len| bytes at |in| as a |kind| message: head, content
 * (|*total| ciphertext bytes at in + h->content_off, |*span| bytes of it or of its chunks),
 * tail. Returns 0 or a parse error (never MIKEY_DER_MORE). */
int cms_parse_all(const uint8_t *in, size_t in_len, int kind, cms_head *h, cms_tail *t,
                  size_t *total, size_t *span);

/* cms_frame_limit returns the end of the innermost definite frame of |c|, or SIZE_MAX. */
size_t cms_frame_limit(const cms_cur *c);

/* cms_aad_header writes the SET OF header of authAttrs of |len| contents octets to |dst|
 * (room for 1 + 9 bytes) and returns its length (RFC 5083 2.2: the AAD is the DER SET OF). */
size_t cms_aad_header(uint8_t *dst, size_t len);

/* The context behind mikey_cms_ctx. */
struct mikey_cms_ctx {
  mikey_aead aead;
};

#endif /* MIKEY_CMS_LOCAL_H */
