/*
 * mikey_der.h: a small strict DER encoder and a bounded DER/BER decoder, just what CMS needs
 * (internal).
 *
 * Encoding (X.690 8.1, 10.1): every inner length is computed first, then the bytes are written
 * in one pass; the sizing helpers saturate at SIZE_MAX so that a caller can test for overflow
 * once at the end. Writers take a destination that the caller has proven large enough.
 *
 * Decoding: identifier octets of one byte (tag numbers 0..30, all CMS needs), lengths in the
 * short form or the minimal long form (a non-minimal definite length is refused everywhere,
 * BER or not), and the indefinite form only on constructed elements and only where the caller
 * says BER is allowed. Every length is compared with what remains before it is used; an
 * indefinite element is measured by walking its children down to a fixed nesting bound.
 * A reader may be marked "more": its end is only where the data seen so far ends (streaming);
 * running out then gives MIKEY_DER_MORE instead of MIKEY_E_DER.
 */
#ifndef MIKEY_DER_H
#define MIKEY_DER_H

#include <stddef.h>
#include <stdint.h>

/* Universal tags (X.680 8.4, Table 1) with the constructed bit where X.690 8.9 / 8.12 set it. */
#define MIKEY_DER_EOC 0x00
#define MIKEY_DER_INTEGER 0x02
#define MIKEY_DER_OCTET_STRING 0x04
#define MIKEY_DER_OCTET_STRING_C 0x24 /* constructed OCTET STRING (BER only) */
#define MIKEY_DER_NULL 0x05
#define MIKEY_DER_OID 0x06
#define MIKEY_DER_SEQUENCE 0x30
#define MIKEY_DER_SET 0x31
/* Context-specific tags: [n] primitive and [n] constructed (X.690 8.1.2). */
#define MIKEY_DER_CTX(n) ((uint8_t)(0x80u | (n)))
#define MIKEY_DER_CTX_C(n) ((uint8_t)(0xa0u | (n)))

/* Bound on nested elements that the decoder walks recursively (indefinite lengths, DER
 * checks). Deeper input is refused with MIKEY_E_DER_DEPTH. */
#define MIKEY_DER_MAX_DEPTH 16

/* Internal status (never returned by a public function): the input ends before the element
 * does, and more input may follow. */
#define MIKEY_DER_MORE 1

/* Flags for mikey_der_next. */
#define MIKEY_DER_BER 0x1u /* an indefinite length is allowed on this (constructed) element */

/* --- encoder ----------------------------------------------------------------------------- */

/* mikey_der_len_size returns the number of length octets X.690 10.1 gives |len|. */
size_t mikey_der_len_size(size_t len);

/* mikey_der_tlv_size returns the size of an element with |len| content octets (one tag
 * octet), or SIZE_MAX when that does not fit in a size_t. */
size_t mikey_der_tlv_size(size_t len);

/* mikey_der_add returns a + b, or SIZE_MAX when the sum overflows (saturating). */
size_t mikey_der_add(size_t a, size_t b);

/* mikey_der_put_hdr writes the identifier |tag| and the DER length |len| at |dst| and returns
 * the position after them. */
uint8_t *mikey_der_put_hdr(uint8_t *dst, uint8_t tag, size_t len);

/* mikey_der_put_tlv writes the element |tag| with the |len| content octets |val| and returns
 * the position after it. |val| may be NULL when |len| is 0. */
uint8_t *mikey_der_put_tlv(uint8_t *dst, uint8_t tag, const uint8_t *val, size_t len);

/* mikey_der_uint_size returns the size of the INTEGER element holding |v|. */
size_t mikey_der_uint_size(uint32_t v);

/* mikey_der_put_uint writes the INTEGER |v| (X.690 8.3, minimal two's complement). */
uint8_t *mikey_der_put_uint(uint8_t *dst, uint32_t v);

/* --- decoder ----------------------------------------------------------------------------- */

/* One decoded identifier and length. */
typedef struct mikey_der_hdr {
  uint8_t tag;    /* identifier octet */
  uint8_t indef;  /* 1 for the indefinite form */
  size_t hdr_len; /* identifier and length octets */
  size_t len;     /* content octets (0 when indefinite) */
} mikey_der_hdr;

/* One decoded element. For the indefinite form, |val|/|len| are the contents without the
 * end-of-contents octets and |size| includes them. */
typedef struct mikey_der_elem {
  uint8_t tag;
  uint8_t indef;
  const uint8_t *start; /* first identifier octet */
  size_t size;          /* whole element */
  const uint8_t *val;   /* contents */
  size_t len;
} mikey_der_elem;

/* A reader over the contents of one element (or a whole input). */
typedef struct mikey_der_rd {
  const uint8_t *p;   /* next byte */
  const uint8_t *end; /* one past the last byte this reader may read */
  unsigned depth;     /* nesting of the element this reader walks */
  int more;           /* 1: |end| is only where the data seen so far ends */
} mikey_der_rd;

/* mikey_der_rd_init starts a reader over |len| bytes at |p| (depth 0, not "more"). */
void mikey_der_rd_init(mikey_der_rd *rd, const uint8_t *p, size_t len);

/* mikey_der_left returns the number of bytes |rd| may still read. */
static inline size_t mikey_der_left(const mikey_der_rd *rd) { return (size_t)(rd->end - rd->p); }

/*
 * mikey_der_get_hdr decodes the identifier and length octets at |p| (|avail| bytes there).
 * Returns 0, MIKEY_DER_MORE when |avail| is too short for them, MIKEY_E_DER (tag number 31 or
 * more, a reserved or overlong length, an indefinite length on a primitive element) or
 * MIKEY_E_DER_NONMINIMAL (a long form that a shorter one could carry).
 */
int mikey_der_get_hdr(const uint8_t *p, size_t avail, mikey_der_hdr *h);

/*
 * mikey_der_elem_size measures the element at |p| (|avail| bytes there), walking the children
 * of indefinite elements; |depth| is the nesting of |p| itself. Returns 0 with |*size| set,
 * MIKEY_DER_MORE when the element runs past |avail|, MIKEY_E_DER, MIKEY_E_DER_NONMINIMAL or
 * MIKEY_E_DER_DEPTH.
 */
int mikey_der_elem_size(const uint8_t *p, size_t avail, unsigned depth, size_t *size);

/*
 * mikey_der_next reads the next element of |rd| into |e| and moves past it. An indefinite
 * length is accepted only with MIKEY_DER_BER in |flags| (otherwise MIKEY_E_DER_NONMINIMAL).
 * Returns 0, MIKEY_E_DER (nothing left, malformed, runs past the end of |rd|),
 * MIKEY_E_DER_NONMINIMAL, MIKEY_E_DER_DEPTH, or MIKEY_DER_MORE when |rd| is "more" and the
 * element runs past what has been seen. |rd| does not move on failure.
 */
int mikey_der_next(mikey_der_rd *rd, mikey_der_elem *e, unsigned flags);

/* mikey_der_expect is mikey_der_next that also requires the identifier |tag|
 * (MIKEY_E_DER otherwise; |rd| does not move). */
int mikey_der_expect(mikey_der_rd *rd, uint8_t tag, mikey_der_elem *e, unsigned flags);

/* mikey_der_peek returns the identifier octet of the next element, or -1 when |rd| is empty. */
int mikey_der_peek(const mikey_der_rd *rd);

/* mikey_der_enter starts |sub| over the contents of |e|, read from |rd| (never "more"). */
void mikey_der_enter(const mikey_der_rd *rd, const mikey_der_elem *e, mikey_der_rd *sub);

/* mikey_der_done returns 0 when |rd| has been read exactly to its end, MIKEY_E_TRAILING
 * otherwise. */
int mikey_der_done(const mikey_der_rd *rd);

/*
 * mikey_der_get_uint decodes the contents of a non-negative INTEGER (X.690 8.3) of at most 32
 * bits. Returns 0, MIKEY_E_DER (empty), MIKEY_E_DER_NONMINIMAL (a redundant leading octet) or
 * MIKEY_E_LIMIT (negative, or more than 32 bits).
 */
int mikey_der_get_uint(const uint8_t *val, size_t len, uint32_t *v);

/*
 * mikey_der_check_der checks that the |len| bytes at |p| are a series of DER elements: every
 * length definite and minimal, every constructed element made of DER elements in turn, down
 * to MIKEY_DER_MAX_DEPTH; |depth| is the nesting of |p|. (Primitive contents are not judged.)
 * Returns 0, MIKEY_E_DER, MIKEY_E_DER_NONMINIMAL or MIKEY_E_DER_DEPTH.
 */
int mikey_der_check_der(const uint8_t *p, size_t len, unsigned depth);

#endif /* MIKEY_DER_H */
