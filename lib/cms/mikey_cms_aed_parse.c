/*
 * mikey_cms_aed_parse.c: parse a ContentInfo with an AuthEnvelopedData of the profile
 * (PROFILE.md section 7), in three parts that the one-shot and streaming openers share:
 * the head (up to the first content byte), the chunk headers of a BER encryptedContent,
 * and the tail (after the content).
 *
 * The five elements around the content (ContentInfo, [0], AuthEnvelopedData,
 * EncryptedContentInfo, constructed encryptedContent) are "frames": their header is read
 * when reached and their end checked when closed, so that the content between need not be
 * in memory. They may use the indefinite form (a streaming producer's BER). Every other
 * element is read whole, and the fixed parts of the profile (OIDs, wrap algorithm) are
 * matched byte for byte.
 */
#include <string.h>

#include "cms/mikey_cms_local.h"
#include "crypto/mikey_kw.h"

/* --- cursor ------------------------------------------------------------------------------- */

void cms_cur_init(cms_cur *c, const uint8_t *buf, size_t base, size_t avail, int final) {
  c->buf = buf;
  c->base = base;
  c->avail = avail;
  c->pos = base;
  c->final = final;
  c->nf = 0;
}

size_t cms_frame_limit(const cms_cur *c) {
  /* A definite frame lies inside its definite parent, so the innermost one is the tightest. */
  for (unsigned i = c->nf; i > 0; i--) {
    if (!c->f[i - 1].indef) {
      return c->f[i - 1].end;
    }
  }
  return SIZE_MAX;
}

/* cur_rd sets |rd| over what the cursor may read now: from pos to the innermost definite
 * frame's end or to the end of the data, whichever is first; "more" when only the data ends
 * there and more may come. Invariant: base <= pos <= min(limit, base + avail). */
static void cur_rd(const cms_cur *c, mikey_der_rd *rd) {
  size_t limit = cms_frame_limit(c);
  size_t have = c->base + c->avail;
  size_t stop = limit < have ? limit : have;
  rd->p = c->buf + (c->pos - c->base);
  rd->end = c->buf + (stop - c->base);
  rd->depth = c->nf;
  rd->more = !c->final && limit > have;
}

/* cur_next reads the next whole element (mikey_der_next) and moves past it. */
static int cur_next(cms_cur *c, mikey_der_elem *e, unsigned flags) {
  mikey_der_rd rd;
  cur_rd(c, &rd);
  int rv = mikey_der_next(&rd, e, flags);
  if (rv == 0) {
    c->pos = c->base + (size_t)(rd.p - c->buf);
  }
  return rv;
}

/* cur_peek sets |*tag| to the identifier of the next element, or -1 at the end of what may
 * be read. Returns 0 or MIKEY_DER_MORE. */
static int cur_peek(const cms_cur *c, int *tag) {
  mikey_der_rd rd;
  cur_rd(c, &rd);
  if (mikey_der_left(&rd) == 0 && rd.more) {
    return MIKEY_DER_MORE;
  }
  *tag = mikey_der_peek(&rd);
  return 0;
}

/* cur_enter starts |sub| over the contents of |e|, an element the cursor just read. */
static void cur_enter(const cms_cur *c, const mikey_der_elem *e, mikey_der_rd *sub) {
  sub->p = e->val;
  sub->end = e->val + e->len;
  sub->depth = c->nf + 1;
  sub->more = 0;
}

/* cur_hdr reads the identifier and length at pos (not moving). */
static int cur_hdr(const cms_cur *c, mikey_der_hdr *h) {
  mikey_der_rd rd;
  cur_rd(c, &rd);
  int rv = mikey_der_get_hdr(rd.p, mikey_der_left(&rd), h);
  if (rv == MIKEY_DER_MORE && !rd.more) {
    return MIKEY_E_DER;
  }
  return rv;
}

/* cur_fits checks that |len| contents octets starting at |start| fit in the innermost
 * definite frame, and, when the input is final, in the data. */
static int cur_fits(const cms_cur *c, size_t start, size_t len) {
  size_t limit = cms_frame_limit(c);
  if (start > limit || len > limit - start) {
    return MIKEY_E_DER;
  }
  if (c->final && len > c->base + c->avail - start) {
    return MIKEY_E_DER;
  }
  return 0;
}

/* cur_open reads the header of the frame |tag| (indefinite form allowed) and enters it. */
static int cur_open(cms_cur *c, uint8_t tag) {
  mikey_der_hdr h;
  int rv = cur_hdr(c, &h);
  if (rv) {
    return rv;
  }
  if (h.tag != tag) {
    return MIKEY_E_DER;
  }
  size_t start = c->pos + h.hdr_len;
  if (!h.indef && (rv = cur_fits(c, start, h.len)) != 0) {
    return rv;
  }
  if (c->nf == CMS_FRAMES) {
    return MIKEY_E_INTERNAL;
  }
  c->f[c->nf].end = h.indef ? 0 : start + h.len;
  c->f[c->nf].indef = h.indef;
  c->nf++;
  c->pos = start;
  return 0;
}

/* cur_at_close sets |*closing| to whether the innermost frame ends at pos. Returns 0, or
 * MIKEY_DER_MORE / MIKEY_E_DER when the data ends before that can be told. */
static int cur_at_close(const cms_cur *c, int *closing) {
  const cms_frame *f = &c->f[c->nf - 1];
  if (!f->indef) {
    *closing = c->pos == f->end;
    return 0;
  }
  mikey_der_rd rd;
  cur_rd(c, &rd);
  if (mikey_der_left(&rd) == 0) {
    return rd.more ? MIKEY_DER_MORE : MIKEY_E_DER;
  }
  /* An identifier octet of 0 can only start end-of-contents (8.1.5). */
  *closing = rd.p[0] == 0;
  return 0;
}

/* cur_close leaves the innermost frame: a definite one must end at pos (MIKEY_E_TRAILING when
 * more elements follow), an indefinite one with end-of-contents octets at pos. */
static int cur_close(cms_cur *c) {
  const cms_frame *f = &c->f[c->nf - 1];
  if (!f->indef) {
    if (c->pos != f->end) {
      return MIKEY_E_TRAILING;
    }
  } else {
    mikey_der_rd rd;
    cur_rd(c, &rd);
    if (mikey_der_left(&rd) >= 1 && rd.p[0] != 0) {
      return MIKEY_E_TRAILING;
    }
    if (mikey_der_left(&rd) < 2) {
      return rd.more ? MIKEY_DER_MORE : MIKEY_E_DER;
    }
    if (rd.p[1] != 0) {
      return MIKEY_E_DER;
    }
    c->pos += 2;
  }
  c->nf--;
  return 0;
}

/* get_version reads an INTEGER that must be |want| (CMSVersion, RFC 5652 10.2.5). */
static int get_version(mikey_der_rd *rd, uint32_t want) {
  mikey_der_elem e;
  uint32_t v;
  int rv = mikey_der_expect(rd, MIKEY_DER_INTEGER, &e, 0);
  if (rv) {
    return rv;
  }
  rv = mikey_der_get_uint(e.val, e.len, &v);
  if (rv == MIKEY_E_LIMIT || (rv == 0 && v != want)) {
    return MIKEY_E_CMS_VERSION;
  }
  return rv;
}

/* aes_arc returns the last arc of the AES OID element |e| (2.16.840.1.101.3.4.1.x, x < 128),
 * or -1 when |e| is another OID. */
static int aes_arc(const mikey_der_elem *e) {
  if (e->size != CMS_OID_AES_LEN || memcmp(e->start, cms_oid_aes_prefix, CMS_OID_AES_LEN - 1) ||
      (e->start[CMS_OID_AES_LEN - 1] & 0x80)) {
    return -1;
  }
  return e->start[CMS_OID_AES_LEN - 1];
}

/*
 * parse_kekri reads the one RecipientInfo, which must be kekri:
 *
 * KEKRecipientInfo ::= SEQUENCE {                                     -- RFC 5652 6.2.3
 *   version CMSVersion,  -- always set to 4
 *   kekid KEKIdentifier,
 *   keyEncryptionAlgorithm KeyEncryptionAlgorithmIdentifier,
 *   encryptedKey EncryptedKey }
 * KEKIdentifier ::= SEQUENCE {
 *   keyIdentifier OCTET STRING,
 *   date GeneralizedTime OPTIONAL,            -- accepted and ignored
 *   other OtherKeyAttribute OPTIONAL }        -- accepted and ignored
 * KeyEncryptionAlgorithmIdentifier: id-aes128-wrap | id-aes256-wrap, parameters absent
 *   (RFC 3565 2.3.2: "In all cases the parameters field MUST be absent"); NULL is accepted
 *   on input (PROFILE.md 7).
 * EncryptedKey ::= OCTET STRING
 */
static int parse_kekri(mikey_der_rd *k, cms_head *h) {
  mikey_der_elem e, id;
  mikey_der_rd s;
  int rv = get_version(k, 4);
  if (rv) {
    return rv;
  }
  if ((rv = mikey_der_expect(k, MIKEY_DER_SEQUENCE, &e, MIKEY_DER_BER)) != 0) {
    return rv;
  }
  mikey_der_enter(k, &e, &s);
  if ((rv = mikey_der_expect(&s, MIKEY_DER_OCTET_STRING, &id, 0)) != 0) {
    return rv;
  }
  h->kek_id = id.val;
  h->kek_id_len = id.len;
  if (mikey_der_peek(&s) == 0x18 && (rv = mikey_der_next(&s, &e, 0)) != 0) {
    return rv;
  }
  if (mikey_der_peek(&s) == MIKEY_DER_SEQUENCE &&
      (rv = mikey_der_next(&s, &e, MIKEY_DER_BER)) != 0) {
    return rv;
  }
  if ((rv = mikey_der_done(&s)) != 0) {
    return rv;
  }
  /* keyEncryptionAlgorithm: fixed, matched by comparison. */
  if ((rv = mikey_der_expect(k, MIKEY_DER_SEQUENCE, &e, 0)) != 0) {
    return rv;
  }
  mikey_der_enter(k, &e, &s);
  if ((rv = mikey_der_expect(&s, MIKEY_DER_OID, &e, 0)) != 0) {
    return rv;
  }
  switch (aes_arc(&e)) {
    case CMS_AES128_WRAP: h->wrap_key_len = 16; break;
    case CMS_AES256_WRAP: h->wrap_key_len = 32; break;
    default: return MIKEY_E_CMS_ALGORITHM;
  }
  if (mikey_der_left(&s) > 0) {
    if (mikey_der_left(&s) != 2 || s.p[0] != MIKEY_DER_NULL || s.p[1] != 0) {
      return MIKEY_E_CMS_ALGORITHM;
    }
  }
  if ((rv = mikey_der_expect(k, MIKEY_DER_OCTET_STRING, &e, 0)) != 0) {
    return rv;
  }
  h->wrapped_key = e.val;
  h->wrapped_key_len = e.len;
  return mikey_der_done(k);
}

/*
 * parse_content_alg reads the contentEncryptionAlgorithm of the AuthEnvelopedData:
 *
 * AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }
 * id-aes128-GCM { aes 6 }, id-aes256-GCM { aes 46 }                   -- RFC 5084 3.2
 * id-aes128-CCM { aes 7 }, id-aes256-CCM { aes 47 }                   -- RFC 5084 3.1
 * "the AlgorithmIdentifier parameters field MUST be present, and the parameters field must
 *  contain a GCMParameter / CCMParameter":
 * GCMParameters ::= SEQUENCE { aes-nonce OCTET STRING, aes-ICVlen AES-GCM-ICVlen DEFAULT 12 }
 * CCMParameters ::= SEQUENCE { aes-nonce OCTET STRING (SIZE(7..13)),
 *                              aes-ICVlen AES-CCM-ICVlen DEFAULT 12 }
 *
 * Only these four OIDs are accepted inside AuthEnvelopedData (no AES-CBC, no AES-192). The
 * pre-RFC "flat" layout, nonce and ICV length directly in the AlgorithmIdentifier, is
 * refused. The ICV INTEGER is bounded to 32 bits before use, then to the RFC set.
 */
static int parse_content_alg(mikey_der_rd *a, cms_head *h) {
  mikey_der_elem e;
  mikey_der_rd s;
  int rv = mikey_der_expect(a, MIKEY_DER_OID, &e, 0);
  if (rv) {
    return rv;
  }
  switch (aes_arc(&e)) {
    case CMS_AES128_GCM: h->alg = MIKEY_CMS_AES128_GCM; break;
    case CMS_AES256_GCM: h->alg = MIKEY_CMS_AES256_GCM; break;
    case CMS_AES128_CCM: h->alg = MIKEY_CMS_AES128_CCM; break;
    case CMS_AES256_CCM: h->alg = MIKEY_CMS_AES256_CCM; break;
    default: return MIKEY_E_CMS_ALGORITHM;
  }
  if (mikey_der_peek(a) != MIKEY_DER_SEQUENCE) {
    return MIKEY_E_CMS_PARAMS; /* absent, NULL, or the flat layout */
  }
  if ((rv = mikey_der_next(a, &e, 0)) != 0) {
    return rv;
  }
  if (mikey_der_done(a) != 0) {
    return MIKEY_E_CMS_PARAMS;
  }
  mikey_der_enter(a, &e, &s);
  if (mikey_der_peek(&s) != MIKEY_DER_OCTET_STRING) {
    return MIKEY_E_CMS_PARAMS;
  }
  if ((rv = mikey_der_next(&s, &e, 0)) != 0) {
    return rv;
  }
  h->nonce = e.val;
  h->nonce_len = e.len;
  h->icv_len = CMS_ICV_DEFAULT;
  if (mikey_der_left(&s) > 0) {
    uint32_t v;
    if (mikey_der_peek(&s) != MIKEY_DER_INTEGER) {
      return MIKEY_E_CMS_PARAMS;
    }
    if ((rv = mikey_der_next(&s, &e, 0)) != 0) {
      return rv;
    }
    rv = mikey_der_get_uint(e.val, e.len, &v);
    if (rv == MIKEY_E_LIMIT || (rv == 0 && v > 16)) {
      return MIKEY_E_CMS_PARAMS;
    }
    if (rv) {
      return rv;
    }
    h->icv_len = v;
  }
  if (mikey_der_done(&s) != 0) {
    return MIKEY_E_CMS_PARAMS;
  }
  return cms_check_nonce_icv(h->alg, h->nonce_len, h->icv_len);
}

/*
 * parse_cbc_alg reads the contentEncryptionAlgorithm of an EnvelopedData:
 *
 * id-aes128-CBC { aes 2 }, id-aes256-CBC { aes 42 }                   -- RFC 3565 4.1
 * "the AlgorithmIdentifier parameters field MUST contain a AES-IV":
 * AES-IV ::= OCTET STRING (SIZE(16))
 */
static int parse_cbc_alg(mikey_der_rd *a, cms_head *h) {
  mikey_der_elem e;
  int rv = mikey_der_expect(a, MIKEY_DER_OID, &e, 0);
  if (rv) {
    return rv;
  }
  switch (aes_arc(&e)) {
    case CMS_AES128_CBC: h->alg = MIKEY_CMS_AES128_CBC; h->cipher = MIKEY_AEAD_AES128_CBC; break;
    case CMS_AES256_CBC: h->alg = MIKEY_CMS_AES256_CBC; h->cipher = MIKEY_AEAD_AES256_CBC; break;
    default: return MIKEY_E_CMS_ALGORITHM;
  }
  if (mikey_der_peek(a) != MIKEY_DER_OCTET_STRING) {
    return MIKEY_E_CMS_PARAMS;
  }
  if ((rv = mikey_der_next(a, &e, 0)) != 0) {
    return rv;
  }
  if (e.len != 16 || mikey_der_done(a) != 0) {
    return MIKEY_E_CMS_PARAMS;
  }
  h->nonce = e.val;
  h->nonce_len = 16;
  h->icv_len = 0;
  h->cek_len = mikey_aead_key_len(h->cipher);
  return 0;
}

/*
 * cms_parse_head reads
 *
 * ContentInfo ::= SEQUENCE { contentType ContentType,               -- RFC 5652 3
 *                            content [0] EXPLICIT ANY DEFINED BY contentType }
 * AuthEnvelopedData ::= SEQUENCE {                                   -- RFC 5083 2.1
 *   version CMSVersion,                                    -- MUST be 0
 *   originatorInfo [0] IMPLICIT OriginatorInfo OPTIONAL,   -- refused (profile: absent)
 *   recipientInfos RecipientInfos,                         -- exactly one, a kekri
 *   authEncryptedContentInfo EncryptedContentInfo, ...
 * EncryptedContentInfo ::= SEQUENCE {                                -- RFC 5652 6.1
 *   contentType ContentType,                               -- id-data (TS 33.328 I.2.1)
 *   contentEncryptionAlgorithm ContentEncryptionAlgorithmIdentifier,
 *   encryptedContent [0] IMPLICIT EncryptedContent OPTIONAL }  -- required here
 *
 * up to the first content octet (primitive [0]) or the first chunk (constructed [0]).
 */
int cms_parse_head(cms_cur *c, int kind, cms_head *h) {
  mikey_der_elem e;
  mikey_der_rd s;
  int rv, tag;
  memset(h, 0, sizeof(*h));
  if ((rv = cur_open(c, MIKEY_DER_SEQUENCE)) != 0) {
    return rv;
  }
  if ((rv = cur_next(c, &e, 0)) != 0) {
    return rv;
  }
  if (e.tag != MIKEY_DER_OID) {
    return MIKEY_E_DER;
  }
  if (kind == CMS_KIND_ED ? e.size != CMS_OID_PKCS7_LEN || memcmp(e.start, cms_oid_envd, e.size)
                          : e.size != CMS_OID_AED_LEN || memcmp(e.start, cms_oid_aed, e.size)) {
    return MIKEY_E_CMS_TYPE;
  }
  if ((rv = cur_open(c, MIKEY_DER_CTX_C(0))) != 0 || (rv = cur_open(c, MIKEY_DER_SEQUENCE)) != 0) {
    return rv;
  }
  /* version */
  if ((rv = cur_next(c, &e, 0)) != 0) {
    return rv;
  }
  mikey_der_rd_init(&s, e.start, e.size);
  /* RFC 5083 2.1: version 0. RFC 5652 6.1: EnvelopedData without originatorInfo and
   * unprotectedAttrs, with a RecipientInfo not of version 0 (kekri is 4): version 2. */
  if ((rv = get_version(&s, kind == CMS_KIND_ED ? 2 : 0)) != 0) {
    return rv;
  }
  if ((rv = cur_peek(c, &tag)) != 0) {
    return rv;
  }
  if (tag == MIKEY_DER_CTX_C(0)) {
    return MIKEY_E_UNSUPPORTED; /* originatorInfo */
  }
  /* RecipientInfos ::= SET SIZE (1..MAX) OF RecipientInfo (RFC 5652 6.1): exactly one here. */
  if ((rv = cur_next(c, &e, MIKEY_DER_BER)) != 0) {
    return rv;
  }
  if (e.tag != MIKEY_DER_SET) {
    return MIKEY_E_DER;
  }
  cur_enter(c, &e, &s);
  if (mikey_der_left(&s) == 0) {
    return MIKEY_E_CMS_RECIPIENTS;
  }
  mikey_der_elem ri;
  mikey_der_rd k;
  if ((rv = mikey_der_next(&s, &ri, MIKEY_DER_BER)) != 0) {
    return rv;
  }
  if (ri.tag != MIKEY_DER_CTX_C(2) || mikey_der_left(&s) != 0) {
    return MIKEY_E_CMS_RECIPIENTS;
  }
  mikey_der_enter(&s, &ri, &k);
  if ((rv = parse_kekri(&k, h)) != 0) {
    return rv;
  }
  /* authEncryptedContentInfo */
  if ((rv = cur_open(c, MIKEY_DER_SEQUENCE)) != 0) {
    return rv;
  }
  if ((rv = cur_next(c, &e, 0)) != 0) {
    return rv;
  }
  if (e.tag != MIKEY_DER_OID) {
    return MIKEY_E_DER;
  }
  if (e.size != CMS_OID_PKCS7_LEN || memcmp(e.start, cms_oid_data, CMS_OID_PKCS7_LEN) != 0) {
    return MIKEY_E_CMS_TYPE;
  }
  if ((rv = cur_next(c, &e, 0)) != 0) {
    return rv;
  }
  if (e.tag != MIKEY_DER_SEQUENCE) {
    return MIKEY_E_DER;
  }
  cur_enter(c, &e, &s);
  if (kind == CMS_KIND_ED) {
    if ((rv = parse_cbc_alg(&s, h)) != 0) {
      return rv;
    }
  } else {
    if ((rv = parse_content_alg(&s, h)) != 0) {
      return rv;
    }
    if ((rv = cms_alg_info(h->alg, &(uint8_t){0}, &h->cipher, &h->cek_len)) != 0) {
      return rv;
    }
  }
  /* RFC 3565 2.3.2 / D6: the KEK is at least as long as the CEK; encryptedKey is the CEK
   * wrapped (RFC 3394: 8 bytes longer). */
  if (h->wrap_key_len < h->cek_len || h->wrapped_key_len != h->cek_len + MIKEY_KW_OVERHEAD) {
    return MIKEY_E_KEY_LENGTH;
  }
  /* encryptedContent */
  int closing;
  if ((rv = cur_at_close(c, &closing)) != 0) {
    return rv;
  }
  if (closing) {
    return MIKEY_E_UNSUPPORTED; /* detached content */
  }
  mikey_der_hdr hh;
  if ((rv = cur_hdr(c, &hh)) != 0) {
    return rv;
  }
  if (hh.tag == MIKEY_DER_CTX(0)) {
    size_t start = c->pos + hh.hdr_len;
    if ((rv = cur_fits(c, start, hh.len)) != 0) {
      return rv;
    }
    if (kind == CMS_KIND_AED && cms_check_content_length(h->alg, h->nonce_len, hh.len) != 0) {
      return MIKEY_E_CMS_PARAMS;
    }
    c->pos = start;
    h->content_off = start;
    h->content_len = hh.len;
    return 0;
  }
  if (hh.tag == MIKEY_DER_CTX_C(0)) {
    /* X.690 8.7.3.2: constructed, a series of OCTET STRINGs (BER). */
    if ((rv = cur_open(c, MIKEY_DER_CTX_C(0))) != 0) {
      return rv;
    }
    h->chunked = 1;
    h->content_off = c->pos;
    return 0;
  }
  return MIKEY_E_DER;
}

int cms_chunk_hdr(cms_cur *c, int *end, size_t *len) {
  int closing;
  int rv = cur_at_close(c, &closing);
  if (rv) {
    return rv;
  }
  if (closing) {
    *end = 1;
    return cur_close(c);
  }
  mikey_der_hdr h;
  if ((rv = cur_hdr(c, &h)) != 0) {
    return rv;
  }
  if (h.tag == MIKEY_DER_OCTET_STRING_C) {
    return MIKEY_E_DER_DEPTH; /* chunks nest no deeper than one level here */
  }
  if (h.tag != MIKEY_DER_OCTET_STRING) {
    return MIKEY_E_DER;
  }
  size_t start = c->pos + h.hdr_len;
  if ((rv = cur_fits(c, start, h.len)) != 0) {
    return rv;
  }
  c->pos = start;
  *end = 0;
  *len = h.len;
  return 0;
}

/* check_unauth_attrs checks unauthAttrs loosely (BER allowed, RFC 5083 2.1 asks DER only
 * of authAttrs): one or more SEQUENCEs. */
static int check_unauth_attrs(const cms_cur *c, const mikey_der_elem *e) {
  mikey_der_rd s;
  cur_enter(c, e, &s);
  if (mikey_der_left(&s) == 0) {
    return MIKEY_E_DER;
  }
  while (mikey_der_left(&s) > 0) {
    mikey_der_elem a;
    int rv = mikey_der_expect(&s, MIKEY_DER_SEQUENCE, &a, MIKEY_DER_BER);
    if (rv) {
      return rv;
    }
  }
  return 0;
}

/*
 * cms_parse_tail reads, after the content:
 *
 *   ... authEncryptedContentInfo (end),                              -- RFC 5083 2.1
 *   authAttrs [1] IMPLICIT AuthAttributes OPTIONAL,   -- "MUST be DER encoded"
 *   mac MessageAuthenticationCode,                    -- OCTET STRING, RFC 5652 9.1
 *   unauthAttrs [2] IMPLICIT UnauthAttributes OPTIONAL }
 *   (end of [0] and of ContentInfo), and nothing after.
 *
 * RFC 5084 3.1 / 3.2: aes-ICVlen "MUST match the size in octets of the value in the
 * AuthEnvelopedData mac field"; checked here, before any verification.
 */
int cms_parse_tail(cms_cur *c, int kind, const cms_head *h, cms_tail *t) {
  mikey_der_elem e;
  int rv, tag;
  memset(t, 0, sizeof(*t));
  if ((rv = cur_close(c)) != 0) { /* EncryptedContentInfo */
    return rv;
  }
  if (kind == CMS_KIND_ED) {
    /* RFC 5652 6.1: unprotectedAttrs [1] IMPLICIT UnprotectedAttributes OPTIONAL }. */
    if ((rv = cur_peek(c, &tag)) != 0) {
      return rv;
    }
    if (tag == MIKEY_DER_CTX_C(1)) {
      if ((rv = cur_next(c, &e, MIKEY_DER_BER)) != 0 || (rv = check_unauth_attrs(c, &e)) != 0) {
        return rv;
      }
      t->unauth_attrs = e.val;
      t->unauth_attrs_len = e.len;
    }
    goto close;
  }
  if ((rv = cur_peek(c, &tag)) != 0) {
    return rv;
  }
  if (tag == MIKEY_DER_CTX_C(1)) {
    if ((rv = cur_next(c, &e, 0)) != 0) {
      return rv;
    }
    if ((rv = cms_attrs_check(e.val, e.len, 0)) != 0) {
      return rv;
    }
    t->auth_attrs = e.val;
    t->auth_attrs_len = e.len;
  }
  if ((rv = cur_next(c, &e, 0)) != 0) {
    return rv;
  }
  if (e.tag != MIKEY_DER_OCTET_STRING) {
    return MIKEY_E_DER;
  }
  t->mac = e.val;
  t->mac_len = e.len;
  if ((rv = cur_peek(c, &tag)) != 0) {
    return rv;
  }
  if (tag == MIKEY_DER_CTX_C(2)) {
    if ((rv = cur_next(c, &e, MIKEY_DER_BER)) != 0) {
      return rv;
    }
    if ((rv = check_unauth_attrs(c, &e)) != 0) {
      return rv;
    }
    t->unauth_attrs = e.val;
    t->unauth_attrs_len = e.len;
  }
close:
  while (c->nf > 0) { /* AuthEnvelopedData or EnvelopedData, [0], ContentInfo */
    if ((rv = cur_close(c)) != 0) {
      return rv == MIKEY_DER_MORE ? MIKEY_E_DER : rv;
    }
  }
  if (c->pos != c->base + c->avail) {
    return MIKEY_E_TRAILING;
  }
  if (kind == CMS_KIND_AED && t->mac_len != h->icv_len) {
    return MIKEY_E_CMS_TAG_LENGTH;
  }
  return 0;
}

int cms_parse_all(const uint8_t *in, size_t in_len, int kind, cms_head *h, cms_tail *t,
                  size_t *total, size_t *span) {
  cms_cur c;
  cms_cur_init(&c, in, 0, in_len, 1);
  int rv = cms_parse_head(&c, kind, h);
  if (rv) {
    return rv == MIKEY_DER_MORE ? MIKEY_E_DER : rv;
  }
  size_t sum = 0, content_end = 0;
  if (!h->chunked) {
    c.pos += h->content_len; /* within the data: checked by cms_parse_head */
    sum = h->content_len;
    content_end = c.pos;
  } else {
    for (;;) {
      int end;
      size_t len;
      content_end = c.pos;
      if ((rv = cms_chunk_hdr(&c, &end, &len)) != 0) {
        return rv == MIKEY_DER_MORE ? MIKEY_E_DER : rv;
      }
      if (end) {
        break;
      }
      c.pos += len; /* within the data: checked by cms_chunk_hdr */
      sum += len;   /* <= in_len */
    }
    if (kind == CMS_KIND_AED && cms_check_content_length(h->alg, h->nonce_len, sum) != 0) {
      return MIKEY_E_CMS_PARAMS;
    }
  }
  rv = cms_parse_tail(&c, kind, h, t);
  if (rv) {
    return rv == MIKEY_DER_MORE ? MIKEY_E_DER : rv;
  }
  *total = sum;
  *span = content_end - h->content_off;
  return 0;
}

int mikey_cms_aed_parse(const uint8_t *in, size_t in_len, mikey_cms_aed *aed) {
  if (!in || !aed) {
    return MIKEY_E_INVAL;
  }
  memset(aed, 0, sizeof(*aed));
  cms_head h;
  cms_tail t;
  size_t total, span;
  int rv = cms_parse_all(in, in_len, CMS_KIND_AED, &h, &t, &total, &span);
  if (rv) {
    return rv;
  }
  aed->alg = h.alg;
  aed->wrap_key_len = h.wrap_key_len;
  aed->kek_id = h.kek_id;
  aed->kek_id_len = h.kek_id_len;
  aed->nonce = h.nonce;
  aed->nonce_len = h.nonce_len;
  aed->icv_len = h.icv_len;
  aed->content_len = total;
  aed->auth_attrs = t.auth_attrs;
  aed->auth_attrs_len = t.auth_attrs_len;
  aed->unauth_attrs = t.unauth_attrs;
  aed->unauth_attrs_len = t.unauth_attrs_len;
  aed->wrapped_key = h.wrapped_key;
  aed->wrapped_key_len = h.wrapped_key_len;
  aed->mac = t.mac;
  aed->mac_len = t.mac_len;
  aed->content_enc = in + h.content_off;
  aed->content_enc_len = span;
  aed->content_chunked = h.chunked;
  return 0;
}
