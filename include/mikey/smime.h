/*
 * libmikey-ticket: the S/MIME layer of pre-shared-key MIME protection (3GPP TS 33.328 Annex I).
 *
 * Overview
 * --------
 * This layer moves CMS bytes in and out of MIME; it never looks inside them. The CMS layer
 * builds and opens the AuthEnvelopedData; here we only carry its DER as an opaque blob.
 *
 *  - S/MIME entity (RFC 5751 3.2, TS 33.328 Annex I.1/I.2): the
 *    "application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m" entity with
 *    "Content-Disposition: attachment; filename=smime.p7m", around the DER, in base64
 *    (76-column lines) or binary transfer encoding; and back from such an entity to the DER.
 *  - Canonical form (RFC 5751 3.1.1): the inner MIME entity gets CRLF line endings before it is
 *    protected.
 *  - SIP body (TS 33.328 Annex I.3 and F.3.1, RFC 2046 5.1): the multipart/mixed body that
 *    carries the application/mikey TRANSFER_INIT first and the S/MIME entity second, with a
 *    random boundary that is checked against both parts; and the strict parser of such a body.
 *  - message/sip (SIP S/MIME tunnelling): wrap a SIP request or response as the inner entity,
 *    and recognise one after opening.
 *
 * Memory: nothing is allocated. Every output goes to a caller buffer with its capacity; when
 * it is too small (or NULL) the call returns MIKEY_E_BUFFER_TOO_SMALL and stores the exact
 * size needed. Parse results are views into the caller's input, except decoded base64, which
 * goes to a caller buffer sized the same way.
 *
 * Strictness: header lines end in CRLF (a bare CR or LF is refused), header fields are
 * US-ASCII (RFC 2046 5.1.1: "in no event are headers ... allowed to contain anything other than
 * US-ASCII"), header names and media types compare case-insensitively (RFC 2045 5.1), folded
 * header lines (RFC 5322 2.2.3) and RFC 822 comments in structured fields are accepted,
 * parameter values may be tokens or quoted strings. Bounds below are refused with
 * MIKEY_E_LIMIT.
 *
 * Diagnostics: parsers take an optional mikey_mime_diag that, on failure, names the fault in
 * words and gives the byte offset where it was found.
 */
#ifndef MIKEY_SMIME_H
#define MIKEY_SMIME_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest header line accepted, CRLF excluded (RFC 5322 2.1.1: 998 characters). */
#define MIKEY_MIME_MAX_LINE 998
/** Most header fields accepted in one entity or body part. */
#define MIKEY_MIME_MAX_HEADERS 32
/** Most body parts a multipart parser will walk (a SIP body has exactly two). */
#define MIKEY_MIME_MAX_PARTS 8
/** Longest boundary (RFC 2046 5.1.1: 1 to 70 characters). */
#define MIKEY_MIME_MAX_BOUNDARY 70

/** Where a diagnostic offset points. */
#define MIKEY_MIME_DIAG_INPUT 0 /**< into the entity or body */
#define MIKEY_MIME_DIAG_CTYPE 1 /**< into the Content-Type value given beside the body */

/**
 * mikey_mime_diag: where and why a parse failed. |what| is a static English sentence (never
 * NULL after a failure, NULL after success); |offset| is the byte offset of the fault in the
 * input named by |source| (MIKEY_MIME_DIAG_INPUT or MIKEY_MIME_DIAG_CTYPE).
 */
typedef struct mikey_mime_diag {
  const char *what; /**< static English sentence; NULL after success */
  size_t offset;    /**< byte offset of the fault in the input named by source */
  int source;       /**< MIKEY_MIME_DIAG_INPUT or MIKEY_MIME_DIAG_CTYPE */
} mikey_mime_diag;

/* --- canonical form (RFC 5751 3.1.1) ------------------------------------------------------ */

/**
 * mikey_smime_canon converts the |len| bytes at |in| to canonical line endings (RFC 5751 3.1.1:
 * "The line ending MUST be the pair of characters <CR><LF>"): a CRLF stays, a bare LF becomes
 * CRLF, a bare CR becomes CRLF; every other byte is copied. |out| (|cap| bytes; NULL to ask for
 * the size) must not overlap |in|. |*outlen| receives the size written or needed.
 *
 * Apply it to an inner entity whose parts are text or transfer-encoded (7-bit); a part in
 * binary transfer encoding would be altered (RFC 5751 3.1.1: canonicalization depends on the
 * media type). The result is the same whether the input is already canonical or not.
 *
 * Returns 0; MIKEY_E_BUFFER_TOO_SMALL (|*outlen| = size needed, nothing written);
 * MIKEY_E_INVAL (NULL |outlen|, NULL |in| with |len| > 0); MIKEY_E_LIMIT (size overflow).
 */
MIKEY_EXTERN int mikey_smime_canon(const uint8_t *in, size_t len, uint8_t *out, size_t cap,
                                   size_t *outlen) MIKEY_WUR;

/* --- the S/MIME entity (RFC 5751 3.2, TS 33.328 Annex I.1/I.2) ----------------------------- */

/** Transfer encoding of the S/MIME entity's body (RFC 5751 3.1.2, PROFILE.md 7). */
#define MIKEY_SMIME_CTE_BASE64 0 /**< base64 in lines of 76 characters (RFC 2045 6.8) */
#define MIKEY_SMIME_CTE_BINARY 1 /**< the DER as it is, for 8-bit clean transports */

/**
 * mikey_smime_entity: the S/MIME entity as parsed. |der| is the CMS ContentInfo (opaque here):
 * a view into the caller's input for binary transfer encoding, or into the caller's output
 * buffer for base64. |cte| is MIKEY_SMIME_CTE_BASE64, or MIKEY_SMIME_CTE_BINARY for every
 * identity encoding (binary, 8bit, 7bit, or no Content-Transfer-Encoding field).
 */
typedef struct mikey_smime_entity {
  const uint8_t *der; /**< the CMS ContentInfo: a view into the input (identity encodings)
                           or into the caller's output buffer (base64) */
  size_t der_len;     /**< bytes at der (never 0 after a successful parse) */
  int cte;            /**< MIKEY_SMIME_CTE_BASE64 or MIKEY_SMIME_CTE_BINARY */
} mikey_smime_entity;

/**
 * mikey_smime_entity_build writes the S/MIME entity that carries the |der_len| bytes of CMS
 * ContentInfo at |der| (TS 33.328 Annex I.2 steps c and d), with CRLF line endings:
 *
 *     Content-Type: application/pkcs7-mime;
 *         smime-type=auth-enveloped-data;
 *         name=smime.p7m
 *     Content-Transfer-Encoding: base64            (or: binary)
 *     Content-Disposition: attachment; filename=smime.p7m
 *
 *     <base64 of the DER in 76-character lines>    (or: the DER bytes)
 *
 * No CRLF follows the last base64 line (nor the DER): in a multipart body the CRLF before the
 * next delimiter belongs to the delimiter (RFC 2046 5.1.1). |cte| is MIKEY_SMIME_CTE_BASE64 or
 * MIKEY_SMIME_CTE_BINARY. |out| holds |cap| bytes (NULL to ask for the size); |*outlen|
 * receives the size written or needed.
 *
 * Returns 0; MIKEY_E_BUFFER_TOO_SMALL; MIKEY_E_INVAL (NULL |der| or |outlen|, |der_len| 0,
 * unknown |cte|); MIKEY_E_LIMIT (size overflow).
 */
MIKEY_EXTERN int mikey_smime_entity_build(const uint8_t *der, size_t der_len, int cte,
                                          uint8_t *out, size_t cap, size_t *outlen) MIKEY_WUR;

/**
 * mikey_smime_entity_parse reads the S/MIME entity of |len| bytes at |in| (header section,
 * empty line, body) into |*res|. It requires Content-Type application/pkcs7-mime (or the
 * pre-RFC 5751 alias application/x-pkcs7-mime, RFC 5751 3.7) with smime-type
 * auth-enveloped-data (TS 33.328 Annex I.1; compared case-insensitively), and a transfer
 * encoding of base64, binary, 8bit or 7bit (or none). Other fields (Content-Disposition, name)
 * are not checked. Base64 is decoded in MIME mode (<mikey/base64.h>) into |out| (|cap| bytes;
 * NULL to ask for the size); |*outlen| receives the bytes used in |out| or needed (0 for
 * binary, whose DER is a view into |in|). |diag| (may be NULL) names a fault and its offset.
 *
 * Returns 0; MIKEY_E_MIME (malformed header section or Content-Type, duplicate field, empty
 * body); MIKEY_E_MIME_CONTENT_TYPE (no Content-Type, another media type, smime-type missing or
 * not auth-enveloped-data); MIKEY_E_UNSUPPORTED (quoted-printable or another encoding);
 * MIKEY_E_BASE64; MIKEY_E_LIMIT (MIKEY_MIME_MAX_LINE, MIKEY_MIME_MAX_HEADERS);
 * MIKEY_E_BUFFER_TOO_SMALL; MIKEY_E_INVAL (NULL |in| with |len| > 0, NULL |outlen| or |res|).
 */
MIKEY_EXTERN int mikey_smime_entity_parse(const uint8_t *in, size_t len, uint8_t *out,
                                          size_t cap, size_t *outlen, mikey_smime_entity *res,
                                          mikey_mime_diag *diag) MIKEY_WUR;

/* --- the SIP body (TS 33.328 Annex I.3 / F.3.1, RFC 2046 5.1) ------------------------------ */

/** Length of the boundaries the builder chooses: "mikey-" and 32 random characters. */
#define MIKEY_SIPBODY_BOUNDARY_LEN 38
/** Size of the Content-Type value the builder writes, terminating NUL included:
 *  multipart/mixed;boundary="<boundary>" */
#define MIKEY_SIPBODY_CTYPE_SIZE (sizeof("multipart/mixed;boundary=\"\"") + MIKEY_SIPBODY_BOUNDARY_LEN)

/**
 * mikey_sipbody: a parsed SIP body. Every pointer is a view into the caller's body, except the
 * base64-decoded |mikey| and |smime.der|, which point into the caller's output buffer.
 */
typedef struct mikey_sipbody {
  const uint8_t *mikey;  /**< the TRANSFER_INIT message (first body part, decoded) */
  size_t mikey_len;      /**< bytes at mikey (never 0 after a successful parse) */
  const uint8_t *entity; /**< the second body part as it stands in the body: the S/MIME entity,
                              header section included */
  size_t entity_len;     /**< bytes at entity */
  mikey_smime_entity smime; /**< the CMS DER of that entity (decoded) and its encoding */
} mikey_sipbody;

/**
 * mikey_sipbody_build writes the multipart/mixed SIP body of TS 33.328 Annex I.3 (as F.3.1
 * shows it, and as RFC 2046 5.1.1 requires):
 *
 *     --<boundary>
 *     Content-Type: application/mikey
 *     Content-Transfer-Encoding: base64
 *
 *     <TRANSFER_INIT in base64, 76-character lines>
 *     --<boundary>
 *     <S/MIME entity of mikey_smime_entity_build with |cte|>
 *     --<boundary>--
 *
 * with CRLF line endings, no preamble, an empty epilogue (a CRLF after the close delimiter),
 * and the Content-Type header value for the SIP message written separately to |ctype| as a
 * NUL-terminated string: multipart/mixed;boundary="<boundary>". The SIP stack puts that value
 * in its Content-Type header and the body's length in Content-Length.
 *
 * |mikey| (|mikey_len| bytes) is the TRANSFER_INIT, |der| (|der_len| bytes) the CMS
 * ContentInfo; both are opaque here. The boundary is "mikey-" and 32 characters drawn from
 * |env|'s randomness (NULL: the default provider); the builder then checks that "--<boundary>"
 * occurs nowhere in either body part as written and draws again if it does (RFC 2046 5.1.1:
 * boundary delimiters must not appear within the encapsulated material); after 8 draws that
 * all collide it gives up with MIKEY_E_RANDOM.
 *
 * |body| holds |cap| bytes (NULL to ask for the size: then neither randomness nor |ctype| is
 * used); |*body_len| receives the size written or needed. The size depends only on the
 * lengths and |cte|, never on the boundary drawn. |ctype| must hold MIKEY_SIPBODY_CTYPE_SIZE
 * bytes.
 *
 * Returns 0; MIKEY_E_BUFFER_TOO_SMALL; MIKEY_E_INVAL (NULL |mikey|, |der|, |body_len|, or
 * |ctype| when |body| is large enough; an empty |mikey| or |der|; unknown |cte|);
 * MIKEY_E_RANDOM (the provider failed, or kept giving colliding boundaries); MIKEY_E_LIMIT.
 */
MIKEY_EXTERN int mikey_sipbody_build(const mikey_env *env, const uint8_t *mikey,
                                     size_t mikey_len, const uint8_t *der, size_t der_len,
                                     int cte, uint8_t *body, size_t cap, size_t *body_len,
                                     char *ctype) MIKEY_WUR;

/**
 * mikey_sipbody_parse reads a SIP body of |body_len| bytes at |body| whose Content-Type header
 * value is the |ctype_len| bytes at |ctype| (as the SIP stack gives it: no "Content-Type:"
 * name, folding allowed). It requires multipart/mixed with a valid boundary, and exactly two
 * body parts: application/mikey first (base64, or an identity encoding), the S/MIME entity of
 * mikey_smime_entity_parse second. It is strict on RFC 2046 5.1.1 delimiters (a line that
 * starts with the boundary is a delimiter and may carry only transport padding after it) and
 * accepts a preamble, an epilogue and transport padding (LWSP after a delimiter).
 *
 * Base64 in either part is decoded into |out| (|cap| bytes; NULL to ask for the size): the
 * TRANSFER_INIT first, then the DER. |*outlen| receives the bytes used or needed, after the
 * whole body has been checked. |diag| (may be NULL) names the fault and its offset (in the
 * body, or in |ctype| when diag->source is MIKEY_MIME_DIAG_CTYPE).
 *
 * Returns 0, or the first fault found, in this order:
 *   MIKEY_E_MIME             malformed Content-Type value (source CTYPE);
 *   MIKEY_E_MIME_CONTENT_TYPE  not multipart/mixed (source CTYPE);
 *   MIKEY_E_MIME_BOUNDARY    boundary parameter missing, given twice or invalid (source CTYPE);
 *                            the boundary never starts a line of the body; a line starts with
 *                            the boundary and goes on with other text; a part begins with the
 *                            boundary;
 *   MIKEY_E_MIME_NO_CLOSE    the body ends before the close delimiter "--boundary--";
 *   MIKEY_E_LIMIT            more than MIKEY_MIME_MAX_PARTS parts, or a header bound;
 *   MIKEY_E_MIME_PARTS       not exactly two parts. A body closed after its first part with the
 *                            second part left in the epilogue (the typo of the TS 33.328
 *                            Annex I.3 example) gets this code, with the close delimiter's
 *                            offset and a diag text that says so;
 *   MIKEY_E_MIME             malformed header section in a part; empty application/mikey part;
 *   MIKEY_E_MIME_CONTENT_TYPE  a part without Content-Type, or a first part that is not
 *                            application/mikey, or a second part that is not the S/MIME entity;
 *   MIKEY_E_MIME_PARTS       the two parts in the wrong order (pkcs7-mime first);
 *   MIKEY_E_UNSUPPORTED, MIKEY_E_BASE64  transfer encoding of a part;
 *   MIKEY_E_BUFFER_TOO_SMALL;
 *   MIKEY_E_INVAL            NULL |ctype|, |outlen| or |res|; NULL |body| with |body_len| > 0.
 */
MIKEY_EXTERN int mikey_sipbody_parse(const char *ctype, size_t ctype_len, const uint8_t *body,
                                     size_t body_len, uint8_t *out, size_t cap, size_t *outlen,
                                     mikey_sipbody *res, mikey_mime_diag *diag) MIKEY_WUR;

/* --- message/sip: SIP S/MIME tunnelling (RFC 3261 23.4; 3gpp/sip-smime-tunneling) ------------ */

/**
 * mikey_sipmsg: a SIP message found in a message/sip entity. Views into the caller's entity.
 * For a request |method| and |uri| are set and |status| is 0; for a response |status| is the
 * Status-Code (100..699) and |method|, |uri| are NULL.
 */
typedef struct mikey_sipmsg {
  const uint8_t *msg; /**< the whole SIP message: start line, header fields, body */
  size_t msg_len;        /**< bytes at msg (to the end of the entity) */
  int is_request;        /**< 1 for a request (RFC 3261 7.1), 0 for a response (7.2) */
  const uint8_t *method; /**< request: the Method token (not NUL-terminated); else NULL */
  size_t method_len;     /**< bytes at method (0 for a response) */
  const uint8_t *uri;    /**< request: the Request-URI (not NUL-terminated); else NULL */
  size_t uri_len;        /**< bytes at uri (0 for a response) */
  unsigned status;       /**< response: the Status-Code, 100..699; 0 for a request */
} mikey_sipmsg;

/**
 * mikey_smime_sipmsg_wrap writes the MIME entity that tunnels the SIP request or response of
 * |sip_len| bytes at |sip| (the inner entity to protect):
 *
 *     Content-Type: message/sip
 *
 *     <the SIP message, byte for byte>
 *
 * The message must be a SIP/2.0 message (RFC 3261 7.1 Request-Line or 7.2 Status-Line) whose
 * header section uses CRLF line endings and ends with an empty line; it is not re-encoded
 * (RFC 2045 6.4: message/sip contains header fields, so only 7bit, 8bit or binary may encode
 * it, and binary is the identity). |out| holds |cap| bytes (NULL to ask for the size);
 * |*outlen| receives the size written or needed.
 *
 * Returns 0; MIKEY_E_MIME (not a SIP/2.0 start line, bare CR or LF in the header section, no
 * empty line after the header fields); MIKEY_E_BUFFER_TOO_SMALL; MIKEY_E_INVAL (NULL |sip| or
 * |outlen|); MIKEY_E_LIMIT.
 */
MIKEY_EXTERN int mikey_smime_sipmsg_wrap(const uint8_t *sip, size_t sip_len, uint8_t *out,
                                         size_t cap, size_t *outlen) MIKEY_WUR;

/**
 * mikey_smime_sipmsg_parse recognises a message/sip entity of |len| bytes at |entity| (as
 * opened from the AuthEnvelopedData) and fills |*res| with the SIP message it tunnels. The
 * header section follows the rules of this layer; the media type must be message/sip
 * (case-insensitive, parameters ignored); a Content-Transfer-Encoding, if present, must be
 * 7bit, 8bit or binary (RFC 2045 6.4). |diag| (may be NULL) names a fault and its offset.
 *
 * Returns 0; MIKEY_E_MIME_CONTENT_TYPE (no Content-Type, or not message/sip: the entity is
 * something else, which is how a caller tells a tunnelled SIP message from other content);
 * MIKEY_E_MIME (malformed header section, a transfer encoding other than an identity one, the
 * content is not a SIP/2.0 message as mikey_smime_sipmsg_wrap requires); MIKEY_E_LIMIT;
 * MIKEY_E_INVAL (NULL |entity| with |len| > 0, NULL |res|).
 */
MIKEY_EXTERN int mikey_smime_sipmsg_parse(const uint8_t *entity, size_t len, mikey_sipmsg *res,
                                          mikey_mime_diag *diag) MIKEY_WUR;

#ifdef __cplusplus
}
#endif

#endif /* MIKEY_SMIME_H */
