/*
 * cms_test_enc.h: an independent test encoder for AuthEnvelopedData (tests only).
 *
 * It shares no code with lib/cms: it concatenates DER by hand and calls libgcrypt directly
 * for the key wrap and the AEAD, so that it can write the messages the library must accept
 * (BER, omitted ICV length, NULL wrap parameters, attributes...) and the ones it must refuse
 * (flat parameters, short tags, wrong versions, several recipients...), each with a valid
 * tag unless the test says otherwise.
 */
#ifndef CMS_TEST_ENC_H
#define CMS_TEST_ENC_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

/* A growable byte buffer. */
typedef struct tbuf {
  uint8_t *p;
  size_t n, cap;
} tbuf;

void tb_free(tbuf *b);
void tb_put(tbuf *b, const void *p, size_t n);
void tb_hex(tbuf *b, const char *hex);
/* tb_tlv appends tag, DER length of |c|, contents |c|; tb_tlv_ber the indefinite form. */
void tb_tlv(tbuf *b, uint8_t tag, const tbuf *c);
void tb_tlv_ber(tbuf *b, uint8_t tag, const tbuf *c);

/* What to write. test_spec_default fills a valid AES-128-GCM message. */
typedef struct aed_spec {
  const char *outer_oid_hex; /* whole OID element of ContentInfo.contentType */
  int version;               /* AuthEnvelopedData version */
  int originator;            /* write an originatorInfo [0] */
  int n_recipients;          /* 0, 1, 2 */
  uint8_t ri_tag;            /* tag of the RecipientInfo (0xa2 = kekri) */
  int kekri_version;
  const uint8_t *kek;
  size_t kek_len;
  int wrap_arc;              /* 5 / 45 / other */
  int wrap_params;           /* 0 absent, 1 NULL, 2 an INTEGER */
  const char *kek_id_hex;
  int kekid_date;            /* add a GeneralizedTime to KEKIdentifier */
  const char *ct_oid_hex;    /* EncryptedContentInfo.contentType */
  int alg_arc;               /* 6, 46, 7, 47 or other */
  int param_layout;          /* 0 SEQUENCE, 1 flat, 2 absent, 3 NULL */
  const uint8_t *cek;
  size_t cek_len;            /* the key the content is encrypted with (16 or 32) */
  size_t wrapped_cek_len;    /* bytes of |cek| wrapped (default cek_len) */
  const uint8_t *nonce;
  size_t nonce_len;
  int icv_decl;              /* -1 omits aes-ICVlen; else written */
  size_t tag_len;            /* tag length the AEAD runs with */
  size_t mac_len;            /* bytes of the tag written (default tag_len; more: zero pad) */
  const uint8_t *content;
  size_t content_len;
  size_t chunk;              /* 0: primitive [0]; else constructed, chunks of this size */
  int ber;                   /* indefinite lengths on the five outer elements */
  const char *auth_hex;      /* contents of authAttrs, or NULL */
  int aad_as_written;        /* the classic bug: authenticate [1] (0xa1) instead of SET */
  const char *unauth_hex;    /* contents of unauthAttrs, or NULL */
  const char *ecinfo_extra_hex; /* an element after encryptedContent */
  int detached;              /* no encryptedContent */
  const char *version_hex;   /* the whole version element, instead of INTEGER |version| */
  int mac_long_form;         /* write the mac length in the (non-minimal) long form */
  int alg_ber;               /* indefinite length on the contentEncryptionAlgorithm */
  const char *trailing_hex;  /* bytes after the ContentInfo */
  int ed;                    /* EnvelopedData with AES-CBC (alg_arc 2 / 42, nonce = IV,
                                padding of RFC 5652 6.3), version from |version|; no mac,
                                authAttrs; unauth_hex becomes unprotectedAttrs [1] */
  int bad_pad;               /* ed: a padding byte wrong */
  size_t ct_trim;            /* ed: drop this many bytes from the end of the ciphertext */
} aed_spec;

extern const uint8_t test_kek16[16], test_kek32[32], test_cek16[16], test_cek32[32];
extern const uint8_t test_nonce[80];

void test_spec_default(aed_spec *s, const uint8_t *content, size_t content_len);
/* test_spec_ed fills a valid EnvelopedData with AES-128-CBC. */
void test_spec_ed(aed_spec *s, const uint8_t *content, size_t content_len);

/* test_encode writes the message |s| describes into |out| (freed by the caller). */
void test_encode(const aed_spec *s, tbuf *out);

/* A mikey_env whose randomness is the bytes |seed| (repeated), counting the calls. */
typedef struct test_rand {
  const uint8_t *seed;
  size_t seed_len;
  unsigned calls;
  size_t bytes;
  int fail;
} test_rand;
int test_rand_cb(void *user_data, uint8_t *out, size_t len);

#endif /* CMS_TEST_ENC_H */
