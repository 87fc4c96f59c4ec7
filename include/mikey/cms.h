/*
 * libmikey-ticket: CMS AuthEnvelopedData with a KEK recipient (RFC 5083, RFC 5084, RFC 3565),
 * the S/MIME container of 3GPP TS 33.328 Annex I.2.
 *
 * Model
 * -----
 * A message is a ContentInfo holding an AuthEnvelopedData (PROFILE.md section 7):
 *
 *   ContentInfo { id-ct-authEnvelopedData, [0] AuthEnvelopedData {
 *     version 0,
 *     recipientInfos { [2] KEKRecipientInfo { version 4, kekid { keyIdentifier },
 *                                             id-aes128-wrap | id-aes256-wrap,
 *                                             encryptedKey = AES-KW(KEK, CEK) } },
 *     authEncryptedContentInfo { id-data, AES-GCM | AES-CCM { nonce, ICVlen },
 *                                [0] ciphertext },
 *     [1] authAttrs OPTIONAL, mac, [2] unauthAttrs OPTIONAL } }
 *
 * The sender holds a key-encryption key (KEK) and its identifier, which MIKEY-TICKET carried
 * to the recipient. Every message gets a fresh random content key (CEK) and nonce from the
 * mikey_env randomness provider, asked once per message. The KEK is 16 or 32 bytes and picks
 * the wrap algorithm; it must be at least as long as the CEK (PROFILE.md D6: a 128-bit KEK
 * wraps only AES-128 content keys), on building and on opening.
 *
 * Building writes DER into a caller buffer (MIKEY_E_BUFFER_TOO_SMALL reports the exact size;
 * mikey_cms_aed_size computes it). Opening parses into a mikey_cms_aed of views into the
 * caller's bytes (so the KEK can be looked up by its identifier), then decrypts into a
 * caller buffer. Input may be DER or, where a streaming producer uses it, BER with indefinite
 * lengths and a chunked encryptedContent. Plaintext is released only when the tag verified:
 * on any failure of the one-shot open the output buffer is wiped.
 *
 * For large contents the encoder and decoder objects stream with constant memory. The
 * decoder hands out plaintext before the tag is checked: see mikey_cms_aed_decoder_update.
 *
 * A mikey_cms_ctx keeps the libgcrypt handles between messages; pass NULL to use temporary
 * ones. A context is used by one thread at a time; separate contexts are independent.
 *
 * Errors are MIKEY_E_* codes (mikey/common.h): MIKEY_E_DER* for malformed input,
 * MIKEY_E_CMS_* for a valid CMS structure that this profile does not take, MIKEY_E_UNWRAP
 * (wrong KEK) and MIKEY_E_AUTH (content or attributes altered).
 */
#ifndef MIKEY_CMS_H
#define MIKEY_CMS_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Content-authenticated-encryption algorithms (RFC 5084 3.1, 3.2; TS 33.328 Table I.2). */
typedef enum mikey_cms_alg {
  MIKEY_CMS_AES128_GCM = 1, /**< id-aes128-GCM 2.16.840.1.101.3.4.1.6 (the default) */
  MIKEY_CMS_AES256_GCM = 2, /**< id-aes256-GCM 2.16.840.1.101.3.4.1.46 */
  MIKEY_CMS_AES128_CCM = 3, /**< id-aes128-CCM 2.16.840.1.101.3.4.1.7 */
  MIKEY_CMS_AES256_CCM = 4, /**< id-aes256-CCM 2.16.840.1.101.3.4.1.47 */
  /* For EnvelopedData only (mikey_cms_ed_*), refused in AuthEnvelopedData: */
  MIKEY_CMS_AES128_CBC = 5, /**< id-aes128-CBC 2.16.840.1.101.3.4.1.2 (RFC 3565 4.1) */
  MIKEY_CMS_AES256_CBC = 6  /**< id-aes256-CBC 2.16.840.1.101.3.4.1.42 */
} mikey_cms_alg;

/** Nonce length written by default (RFC 5084 recommends 12 for GCM; PROFILE.md 7). */
#define MIKEY_CMS_NONCE_LEN 12
/** ICV (tag) length written by default (PROFILE.md 7). */
#define MIKEY_CMS_ICV_LEN 16
/** Longest GCM nonce accepted, on building and opening (RFC 5084 3.2 sets no bound). */
#define MIKEY_CMS_GCM_NONCE_MAX 64
/** content_len value asking the encoder for BER indefinite lengths (length not known). */
#define MIKEY_CMS_LENGTH_UNKNOWN SIZE_MAX

/** A key-encryption key and its identifier (KEKRecipientInfo kekid.keyIdentifier). */
typedef struct mikey_cms_kek {
  const uint8_t *key; /**< 16 bytes (id-aes128-wrap) or 32 bytes (id-aes256-wrap) */
  size_t key_len;     /**< bytes at key: 16 or 32; on building at least the content key
                           length (16 wraps only AES-128 keys), on opening the length the
                           wrap OID names; otherwise MIKEY_E_KEY_LENGTH */
  const uint8_t *id; /**< on building: required, 1 or more bytes; on opening: the identifier
                          expected, or NULL to accept any */
  size_t id_len;     /**< bytes at id (building refuses 0 with MIKEY_E_INVAL) */
} mikey_cms_kek;

/** Choices for building; a NULL pointer means every default. */
typedef struct mikey_cms_aed_opts {
  mikey_cms_alg alg; /**< 0 means MIKEY_CMS_AES128_GCM */
  size_t nonce_len;  /**< 0 means 12; GCM 1..64, CCM 7..13 (RFC 5084 3.1) */
  size_t icv_len;    /**< 0 means 16; GCM 12..16, CCM 4, 6, ..., 16 (RFC 5084) */
  /** authAttrs: the DER encodings of one or more Attribute values (RFC 5652 5.3), one after
   *  the other and in the order of DER SET OF (X.690 11.6), or NULL for none. They are written
   *  as [1] IMPLICIT and authenticated as the SET OF (RFC 5083 2.2). */
  const uint8_t *auth_attrs;
  size_t auth_attrs_len;   /**< bytes at auth_attrs: at least 1 when given, 0 when NULL */
  /** unauthAttrs: the same form, written as [2] IMPLICIT, not protected. */
  const uint8_t *unauth_attrs;
  size_t unauth_attrs_len; /**< bytes at unauth_attrs: at least 1 when given, 0 when NULL */
} mikey_cms_aed_opts;

/**
 * A parsed AuthEnvelopedData: views into the input buffer, valid while it is. Filled by
 * mikey_cms_aed_parse; read the public fields, pass the whole struct to
 * mikey_cms_aed_decrypt.
 */
typedef struct mikey_cms_aed {
  mikey_cms_alg alg;      /**< content algorithm */
  size_t wrap_key_len;    /**< KEK length the wrap OID names: 16 or 32 */
  const uint8_t *kek_id;  /**< kekid.keyIdentifier */
  size_t kek_id_len;      /**< bytes at kek_id */
  const uint8_t *nonce;   /**< aes-nonce */
  size_t nonce_len;       /**< bytes at nonce: GCM 1..64, CCM 7..13 (RFC 5084 3.1, 3.2) */
  size_t icv_len;         /**< aes-ICVlen (12 when omitted, RFC 5084 DEFAULT) */
  size_t content_len;     /**< length of the ciphertext = length of the plaintext */
  /** authAttrs: the Attribute encodings inside [1] (contents octets), NULL when absent. */
  const uint8_t *auth_attrs;
  size_t auth_attrs_len;   /**< bytes at auth_attrs (0 when absent) */
  /** unauthAttrs: the Attribute encodings inside [2], NULL when absent. */
  const uint8_t *unauth_attrs;
  size_t unauth_attrs_len; /**< bytes at unauth_attrs (0 when absent) */
  /* The rest is for mikey_cms_aed_decrypt. */
  const uint8_t *wrapped_key; /**< encryptedKey */
  size_t wrapped_key_len;     /**< bytes at wrapped_key: the content key length + 8
                                   (RFC 3394 2.2.1) */
  const uint8_t *mac;         /**< mac */
  size_t mac_len;             /**< = icv_len (checked by parse and again by decrypt) */
  const uint8_t *content_enc; /**< encryptedContent: the ciphertext, or the BER chunks */
  size_t content_enc_len;     /**< bytes at content_enc: content_len, or when chunked the
                                   chunks with their headers (end-of-contents excluded) */
  int content_chunked;        /**< 1 when content_enc is a series of OCTET STRING chunks */
} mikey_cms_aed;

/** An opaque set of libgcrypt handles kept between messages. */
typedef struct mikey_cms_ctx mikey_cms_ctx;

/**
 * mikey_cms_ctx_new allocates a context into |*ctx|; handles are opened on first use.
 * Returns 0, MIKEY_E_INVAL (|ctx| NULL) or MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_cms_ctx_new(mikey_cms_ctx **ctx) MIKEY_WUR;

/** mikey_cms_ctx_free closes the handles of |ctx| and frees it; NULL is ignored. */
MIKEY_EXTERN void mikey_cms_ctx_free(mikey_cms_ctx *ctx);

/**
 * mikey_cms_aed_size computes in |*size| the exact length of the ContentInfo that
 * mikey_cms_aed_build writes for |content_len| bytes of content with |opts| (NULL: defaults)
 * and |kek| (only key_len and id_len are read). Returns 0, MIKEY_E_INVAL (bad option or
 * attribute encoding, empty identifier), MIKEY_E_CMS_ALGORITHM (unknown alg),
 * MIKEY_E_CMS_PARAMS (nonce or ICV length), MIKEY_E_KEY_LENGTH (KEK not 16 or 32 bytes, or
 * shorter than the content key: D6) or MIKEY_E_LIMIT (too long for the algorithm or for
 * size_t).
 */
MIKEY_EXTERN int mikey_cms_aed_size(const mikey_cms_aed_opts *opts, const mikey_cms_kek *kek,
                                    size_t content_len, size_t *size) MIKEY_WUR;

/**
 * mikey_cms_aed_build protects the |content_len| bytes at |content| for the holder of |kek|:
 * a fresh CEK and nonce from |env| (NULL: gcry_randomize), the CEK wrapped under kek->key,
 * the content encrypted straight into |out|. |ctx| may be NULL. |*out_len| gives the room at
 * |out| and receives the length written; when short, nothing is written, |*out_len| receives
 * the size needed and MIKEY_E_BUFFER_TOO_SMALL is returned. |out| must not overlap
 * |content|. Returns 0, the errors of mikey_cms_aed_size, MIKEY_E_BUFFER_TOO_SMALL,
 * MIKEY_E_RANDOM or MIKEY_E_CRYPTO; on failure |out| holds nothing of the content or keys.
 */
MIKEY_EXTERN int mikey_cms_aed_build(mikey_cms_ctx *ctx, const mikey_env *env,
                                     const mikey_cms_aed_opts *opts, const mikey_cms_kek *kek,
                                     const uint8_t *content, size_t content_len, uint8_t *out,
                                     size_t *out_len) MIKEY_WUR;

/**
 * mikey_cms_aed_parse checks the |in_len| bytes at |in| as one ContentInfo with an
 * AuthEnvelopedData of this profile, nothing before or after it, and fills |aed| with views
 * into |in|. No key is needed and nothing is decrypted. The mac length is checked against
 * the declared ICV length here, before any verification.
 * Returns 0 or:
 *  - MIKEY_E_DER: malformed, truncated, a length past the end of its container;
 *  - MIKEY_E_DER_NONMINIMAL: a non-minimal length, or BER where DER is required (algorithm
 *    identifiers, authAttrs, INTEGERs);
 *  - MIKEY_E_DER_DEPTH: indefinite lengths nested past the bound (16 levels), or a nested
 *    constructed encryptedContent chunk;
 *  - MIKEY_E_TRAILING: bytes after the ContentInfo or after the last field of a structure;
 *  - MIKEY_E_CMS_TYPE: not id-ct-authEnvelopedData, or content type not id-data;
 *  - MIKEY_E_CMS_VERSION: AuthEnvelopedData version not 0, KEKRecipientInfo version not 4;
 *  - MIKEY_E_CMS_RECIPIENTS: not exactly one RecipientInfo, or it is not a KEKRecipientInfo;
 *  - MIKEY_E_CMS_ALGORITHM: wrap OID not id-aes128/256-wrap or wrap parameters other than
 *    absent or NULL; content algorithm not one of the four AES-GCM/CCM OIDs;
 *  - MIKEY_E_CMS_PARAMS: GCM/CCMParameters missing, flat (pre-RFC layout), nonce length or
 *    ICV length not allowed, content too long for the CCM length field;
 *  - MIKEY_E_CMS_TAG_LENGTH: mac length differs from the ICV length;
 *  - MIKEY_E_KEY_LENGTH: encryptedKey not CEK + 8 bytes, or a 128-bit wrap for a 256-bit CEK
 *    (D6);
 *  - MIKEY_E_UNSUPPORTED: originatorInfo present, or no encryptedContent (detached);
 *  - MIKEY_E_INVAL: a NULL argument.
 */
MIKEY_EXTERN int mikey_cms_aed_parse(const uint8_t *in, size_t in_len,
                                     mikey_cms_aed *aed) MIKEY_WUR;

/**
 * mikey_cms_aed_decrypt unwraps the CEK of |aed| with the |kek_len|-byte |kek|, decrypts into
 * |out| and verifies the mac over authAttrs and content. |*out_len| gives the room at |out|
 * (aed->content_len is needed) and receives the plaintext length. |ctx| may be NULL. On any
 * failure |out| is wiped (up to content_len bytes) and no plaintext is released.
 * The checks of mikey_cms_aed_parse that |aed| carries are made again first (the struct is
 * the caller's): algorithm, nonce and ICV lengths (MIKEY_E_CMS_ALGORITHM,
 * MIKEY_E_CMS_PARAMS), mac length (MIKEY_E_CMS_TAG_LENGTH), key lengths.
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_BUFFER_TOO_SMALL (|*out_len| set to the size needed),
 * MIKEY_E_KEY_LENGTH (|kek_len| is not the length the wrap OID names), MIKEY_E_UNWRAP (wrong
 * KEK or altered encryptedKey), MIKEY_E_AUTH (tag mismatch) or MIKEY_E_CRYPTO, or one of the
 * codes above.
 */
MIKEY_EXTERN int mikey_cms_aed_decrypt(mikey_cms_ctx *ctx, const mikey_cms_aed *aed,
                                       const uint8_t *kek, size_t kek_len, uint8_t *out,
                                       size_t *out_len) MIKEY_WUR;

/**
 * mikey_cms_aed_open is mikey_cms_aed_parse then mikey_cms_aed_decrypt with kek->key; when
 * kek->id is not NULL it must equal the message's KEK identifier (MIKEY_E_CMS_KEK_ID).
 * |aed| may be NULL; otherwise it receives the parsed views. Returns 0, any error of those
 * two functions, or MIKEY_E_CMS_KEK_ID.
 */
MIKEY_EXTERN int mikey_cms_aed_open(mikey_cms_ctx *ctx, const uint8_t *in, size_t in_len,
                                    const mikey_cms_kek *kek, uint8_t *out, size_t *out_len,
                                    mikey_cms_aed *aed) MIKEY_WUR;

/* --- streaming ------------------------------------------------------------------------- */

/** A streaming builder (constant memory). */
typedef struct mikey_cms_aed_encoder mikey_cms_aed_encoder;

/**
 * mikey_cms_aed_encoder_new starts a message like mikey_cms_aed_build but takes the content
 * in pieces. With |content_len| known, the output is DER and byte for byte what
 * mikey_cms_aed_build writes with the same randomness. With MIKEY_CMS_LENGTH_UNKNOWN (GCM
 * only) the output is BER: indefinite lengths on the ContentInfo, [0], AuthEnvelopedData,
 * EncryptedContentInfo and a constructed encryptedContent of one OCTET STRING per non-empty
 * update (RFC 5652 allows BER; RFC 5083 2.1 still has the authAttrs in DER). CCM needs the
 * length up front because its first block B0 encodes the message length before any data is
 * processed (RFC 3610 2.2), so it refuses MIKEY_CMS_LENGTH_UNKNOWN.
 * Returns 0, the errors of mikey_cms_aed_size, MIKEY_E_UNSUPPORTED (CCM with an unknown
 * length), MIKEY_E_RANDOM, MIKEY_E_CRYPTO or MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_cms_aed_encoder_new(mikey_cms_aed_encoder **enc, const mikey_env *env,
                                           const mikey_cms_aed_opts *opts,
                                           const mikey_cms_kek *kek,
                                           size_t content_len) MIKEY_WUR;

/**
 * mikey_cms_aed_encoder_update_size returns the exact number of bytes the next
 * mikey_cms_aed_encoder_update with |in_len| bytes writes (the header is written by the first
 * update), or 0 on a NULL |enc|.
 */
MIKEY_EXTERN size_t mikey_cms_aed_encoder_update_size(const mikey_cms_aed_encoder *enc,
                                                      size_t in_len);

/**
 * mikey_cms_aed_encoder_update encrypts the |in_len| bytes at |in| into |out| (with whatever
 * header is due first). |*out_len| gives the room and receives the length written;
 * MIKEY_E_BUFFER_TOO_SMALL (nothing consumed, |*out_len| set to the size needed) can be
 * retried. Returns 0, MIKEY_E_INVAL (more content than announced), MIKEY_E_STATE (after
 * final or a failure), MIKEY_E_BUFFER_TOO_SMALL or MIKEY_E_CRYPTO. Other failures are sticky.
 */
MIKEY_EXTERN int mikey_cms_aed_encoder_update(mikey_cms_aed_encoder *enc, const uint8_t *in,
                                              size_t in_len, uint8_t *out,
                                              size_t *out_len) MIKEY_WUR;

/**
 * mikey_cms_aed_encoder_final writes the rest (header if no update came, attributes, mac,
 * end-of-contents octets) into |out|; |*out_len| as for update (MIKEY_E_BUFFER_TOO_SMALL can
 * be retried). Returns 0, MIKEY_E_STATE (less content than announced, or called twice),
 * MIKEY_E_BUFFER_TOO_SMALL or MIKEY_E_CRYPTO. The content key is gone after it.
 */
MIKEY_EXTERN int mikey_cms_aed_encoder_final(mikey_cms_aed_encoder *enc, uint8_t *out,
                                             size_t *out_len) MIKEY_WUR;

/** mikey_cms_aed_encoder_free wipes and frees |enc|; NULL is ignored. */
MIKEY_EXTERN void mikey_cms_aed_encoder_free(mikey_cms_aed_encoder *enc);

/** A streaming opener (constant memory). */
typedef struct mikey_cms_aed_decoder mikey_cms_aed_decoder;

/** Bound on the bytes before the ciphertext (the header) that the decoder holds. */
#define MIKEY_CMS_DECODER_HEADER_MAX 4096
/** Bound on the bytes after the ciphertext (mac, unauthAttrs, end-of-contents octets). */
#define MIKEY_CMS_DECODER_TRAILER_MAX 4096

/**
 * mikey_cms_aed_decoder_new starts opening a message with |kek| (kek->id: as for
 * mikey_cms_aed_open). The KEK is copied into the decoder and wiped when it is no longer
 * needed. Returns 0, MIKEY_E_INVAL, MIKEY_E_KEY_LENGTH or MIKEY_E_NOMEM.
 */
MIKEY_EXTERN int mikey_cms_aed_decoder_new(mikey_cms_aed_decoder **dec,
                                           const mikey_cms_kek *kek) MIKEY_WUR;

/**
 * mikey_cms_aed_decoder_update takes the next |in_len| bytes of the message (all of them are
 * consumed) and writes the plaintext they complete to |unverified| (never more than |in_len|
 * bytes: room for |in_len| always suffices; |*unverified_len| gives the room and receives the
 * count).
 *
 * THE PLAINTEXT WRITTEN HERE IS NOT AUTHENTICATED. The caller holds, before
 * mikey_cms_aed_decoder_final returns 0, only ciphertext decrypted under a key that came out
 * of an integrity-checked unwrap, but whose tag has not been checked: it may be forged or
 * altered. It must be held back (not parsed, shown or forwarded) and destroyed unless final
 * returns 0 (RFC 5083 2: "If the integrity verification fails, the receiver MUST destroy all
 * of the plaintext"). Use mikey_cms_aed_open when the message fits in memory.
 *
 * Limits: the header and trailer are bounded (MIKEY_CMS_DECODER_HEADER_MAX,
 * MIKEY_CMS_DECODER_TRAILER_MAX); authAttrs are refused (MIKEY_E_UNSUPPORTED, from final)
 * since RFC 5083 puts them after the content while both AEAD modes need them first; CCM
 * needs a primitive (DER) encryptedContent, whose length is known up front.
 * Returns 0, MIKEY_E_BUFFER_TOO_SMALL (nothing consumed; |*unverified_len| set to |in_len|),
 * MIKEY_E_LIMIT, MIKEY_E_UNSUPPORTED, MIKEY_E_STATE (after final or a failure), the parse
 * errors of mikey_cms_aed_parse, MIKEY_E_KEY_LENGTH, MIKEY_E_UNWRAP, MIKEY_E_CMS_KEK_ID or
 * MIKEY_E_CRYPTO. Failures are sticky.
 */
MIKEY_EXTERN int mikey_cms_aed_decoder_update(mikey_cms_aed_decoder *dec, const uint8_t *in,
                                              size_t in_len, uint8_t *unverified,
                                              size_t *unverified_len) MIKEY_WUR;

/**
 * mikey_cms_aed_decoder_final checks that the message ended exactly and verifies the tag.
 * Only a 0 here makes the plaintext from the updates authentic. Returns 0, MIKEY_E_DER (the
 * input stopped early), the parse errors of the trailer (MIKEY_E_CMS_TAG_LENGTH,
 * MIKEY_E_TRAILING ...), MIKEY_E_UNSUPPORTED (authAttrs), MIKEY_E_AUTH, MIKEY_E_STATE or
 * MIKEY_E_CRYPTO. Failures are sticky.
 */
MIKEY_EXTERN int mikey_cms_aed_decoder_final(mikey_cms_aed_decoder *dec) MIKEY_WUR;

/** mikey_cms_aed_decoder_free wipes and frees |dec|; NULL is ignored. */
MIKEY_EXTERN void mikey_cms_aed_decoder_free(mikey_cms_aed_decoder *dec);

/* --- EnvelopedData (optional, unauthenticated) ----------------------------------------- */

/*
 * EnvelopedData (RFC 5652 6) with one KEKRecipientInfo, as for AuthEnvelopedData, and AES-CBC
 * content (RFC 3565 4.1, padding RFC 5652 6.3): the older symmetric S/MIME option of TR 33.879
 * 7.x.4. It has no integrity protection: an altered ciphertext decrypts to altered plaintext
 * unless the padding happens to break, and a padding check that answers differently from
 * later failures is a padding oracle. Prefer AuthEnvelopedData; use this only where a peer
 * requires it, and treat MIKEY_E_AUTH (bad padding) exactly like any other failure.
 */

/**
 * mikey_cms_ed_size computes in |*size| the length of the EnvelopedData ContentInfo that
 * mikey_cms_ed_build writes. Returns 0, MIKEY_E_INVAL, MIKEY_E_CMS_ALGORITHM (|alg| not
 * MIKEY_CMS_AES128_CBC or MIKEY_CMS_AES256_CBC), MIKEY_E_KEY_LENGTH (KEK not 16 or 32
 * bytes, or shorter than the content key: D6) or MIKEY_E_LIMIT.
 */
MIKEY_EXTERN int mikey_cms_ed_size(mikey_cms_alg alg, const mikey_cms_kek *kek,
                                   size_t content_len, size_t *size) MIKEY_WUR;

/**
 * mikey_cms_ed_build encrypts |content| with a fresh CEK and IV (one call to |env|) under
 * AES-CBC and wraps the CEK under kek->key, in DER: version 2, no originatorInfo, no
 * unprotectedAttrs. |ctx| may be NULL; |*out_len| as for mikey_cms_aed_build. Returns 0,
 * the errors of mikey_cms_ed_size, MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_RANDOM or
 * MIKEY_E_CRYPTO.
 */
MIKEY_EXTERN int mikey_cms_ed_build(mikey_cms_ctx *ctx, const mikey_env *env,
                                    mikey_cms_alg alg, const mikey_cms_kek *kek,
                                    const uint8_t *content, size_t content_len, uint8_t *out,
                                    size_t *out_len) MIKEY_WUR;

/**
 * mikey_cms_ed_open opens an EnvelopedData of that form (DER or BER as for
 * mikey_cms_aed_parse; unprotectedAttrs accepted and ignored) into |out|. The padding is
 * checked (without branching on its bytes) from the last block before anything is written,
 * so |*out_len| receives the exact plaintext length, or the length needed with
 * MIKEY_E_BUFFER_TOO_SMALL. Returns 0, the parse errors of mikey_cms_aed_parse (with
 * MIKEY_E_CMS_TYPE for id-envelopedData expected, MIKEY_E_CMS_VERSION for a version other
 * than 2, MIKEY_E_CMS_ALGORITHM for a content algorithm other than AES-128/256-CBC,
 * MIKEY_E_CMS_PARAMS for an IV that is not 16 bytes), MIKEY_E_DER (ciphertext not whole
 * blocks), MIKEY_E_CMS_KEK_ID, MIKEY_E_KEY_LENGTH, MIKEY_E_UNWRAP, MIKEY_E_AUTH (bad
 * padding), MIKEY_E_BUFFER_TOO_SMALL or MIKEY_E_CRYPTO.
 */
MIKEY_EXTERN int mikey_cms_ed_open(mikey_cms_ctx *ctx, const uint8_t *in, size_t in_len,
                                   const mikey_cms_kek *kek, uint8_t *out,
                                   size_t *out_len) MIKEY_WUR;

#ifdef __cplusplus
}
#endif

#endif /* MIKEY_CMS_H */
