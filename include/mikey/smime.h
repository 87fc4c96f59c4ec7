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
  const char *what;
  size_t offset;
  int source;
} mikey_mime_diag;

#ifdef __cplusplus
}
#endif

#endif /* MIKEY_SMIME_H */
