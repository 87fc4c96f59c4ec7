/*
 * libmikey-ticket: base64 (RFC 4648 section 4), as MIME and SIP bodies carry it.
 *
 * Overview
 * --------
 * The standard alphabet (A-Z a-z 0-9 + /) with "=" padding, always written and always required.
 *
 * Encoding writes into a caller buffer. It can wrap the text into lines of |wrap| characters
 * separated by CRLF (RFC 2045 6.8: MIME base64 lines are at most 76 characters; use
 * MIKEY_BASE64_MIME_WRAP), or not wrap at all (0, as RFC 4648 3.1 requires unless a referring
 * specification says otherwise). A line break is written only *between* lines, never after the
 * last one: the caller decides how the text ends (in a multipart body the CRLF before the next
 * delimiter belongs to the delimiter, RFC 2046 5.1.1).
 *
 * Decoding comes in two modes:
 *  - MIKEY_BASE64_STRICT: exactly RFC 4648. Any character outside the alphabet, a missing or
 *    misplaced "=", non-zero pad bits (RFC 4648 3.5), anything after the padding, or an
 *    incomplete 4-character quantum is refused (RFC 4648 3.3: implementations MUST reject
 *    characters outside the alphabet).
 *  - MIKEY_BASE64_MIME: as strict, except that CR, LF, SPACE and HTAB are skipped wherever they
 *    appear: between quanta, inside a quantum, between the two "=" and after the padding.
 *    RFC 2045 6.8 bounds base64 lines at "no more than 76 characters", so a conforming encoder
 *    may break a line inside a quantum; SPACE and HTAB are what RFC 2046 5.1.1 says transports
 *    may add at line ends. Every other character outside the alphabet is still refused
 *    (RFC 2045 6.8 allows ignoring them, RFC 4648 3.3 explains why that is a covert channel;
 *    we refuse).
 *
 * Sizes: every output goes to a caller buffer with its capacity; when it is too small (or
 * NULL) the call returns MIKEY_E_BUFFER_TOO_SMALL and stores the exact size needed. Nothing is
 * allocated. No NUL terminator is written. The code is table-driven (no call per character).
 */
#ifndef MIKEY_BASE64_H
#define MIKEY_BASE64_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Line width of MIME base64 (RFC 2045 6.8: lines of no more than 76 characters). */
#define MIKEY_BASE64_MIME_WRAP 76
/** Line width of PEM base64 (RFC 1421, recalled in RFC 4648 3.1). */
#define MIKEY_BASE64_PEM_WRAP 64
/** No line breaks. */
#define MIKEY_BASE64_NO_WRAP 0

/** Decoding flag: plain RFC 4648, nothing outside the alphabet. */
#define MIKEY_BASE64_STRICT 0u
/** Decoding flag: skip CR, LF, SPACE and HTAB anywhere (see the overview above). */
#define MIKEY_BASE64_MIME 1u

/**
 * mikey_base64_encoded_len returns the exact number of characters mikey_base64_encode writes
 * for |n| input bytes wrapped at |wrap| characters per line (0: no wrapping; otherwise a
 * positive multiple of 4), CRLF line breaks included. Returns SIZE_MAX when |wrap| is not
 * allowed or the size does not fit in size_t.
 */
MIKEY_EXTERN size_t mikey_base64_encoded_len(size_t n, size_t wrap);

/**
 * mikey_base64_decoded_max returns an upper bound on the bytes that decoding |len| characters
 * can give, in either mode: (len / 4) * 3. The exact size comes from mikey_base64_decode with
 * a NULL buffer.
 */
MIKEY_EXTERN size_t mikey_base64_decoded_max(size_t len);

/**
 * mikey_base64_encode encodes the |n| bytes at |in| (may be NULL when |n| is 0) into |out|,
 * which holds |cap| bytes (|out| may be NULL to ask for the size), wrapping lines at |wrap|
 * characters (0, or a positive multiple of 4: MIKEY_BASE64_MIME_WRAP, MIKEY_BASE64_PEM_WRAP)
 * with CRLF between lines. |*outlen| receives the number of characters written, or needed.
 *
 * Returns 0; MIKEY_E_BUFFER_TOO_SMALL (|*outlen| = size needed, nothing written);
 * MIKEY_E_INVAL (NULL |outlen|, NULL |in| with |n| > 0, |wrap| not a multiple of 4);
 * MIKEY_E_LIMIT (the encoded size does not fit in size_t).
 */
MIKEY_EXTERN int mikey_base64_encode(const uint8_t *in, size_t n, size_t wrap, uint8_t *out,
                                     size_t cap, size_t *outlen) MIKEY_WUR;

/**
 * mikey_base64_decode decodes the |len| characters at |in| (may be NULL when |len| is 0) in the
 * mode |flags| (MIKEY_BASE64_STRICT or MIKEY_BASE64_MIME) into |out|, which holds |cap| bytes
 * (|out| may be NULL to ask for the size). The input is fully validated before any size is
 * reported, so MIKEY_E_BUFFER_TOO_SMALL always means "valid base64, needs |*outlen| bytes".
 *
 * |*outlen| receives the number of bytes written (or needed); on MIKEY_E_BASE64 it receives the
 * offset in |in| of the first character that cannot be accepted (|len| when the input ends
 * inside a quantum or before its padding is complete).
 *
 * Returns 0; MIKEY_E_BASE64 (character outside the alphabet, bad or misplaced padding, non-zero
 * pad bits, data after the padding, incomplete quantum); MIKEY_E_BUFFER_TOO_SMALL;
 * MIKEY_E_INVAL (NULL |outlen|, NULL |in| with |len| > 0, unknown flag). On any error nothing
 * is guaranteed about the contents of |out|.
 */
MIKEY_EXTERN int mikey_base64_decode(const uint8_t *in, size_t len, unsigned flags,
                                     uint8_t *out, size_t cap, size_t *outlen) MIKEY_WUR;

#ifdef __cplusplus
}
#endif

#endif /* MIKEY_BASE64_H */
