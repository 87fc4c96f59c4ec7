/*
 * mikey_cms_stream_open.c: open an AuthEnvelopedData in pieces with constant memory.
 *
 * The head (up to the first content byte) is gathered in a bounded buffer and parsed with
 * cms_parse_head; then the key is unwrapped and the ciphertext decrypted as it arrives
 * (primitive encryptedContent, or BER chunks whose headers are gathered a few bytes at a
 * time); the tail is gathered in a second bounded buffer and parsed by final, which alone
 * checks the tag. What update hands out before that is unverified plaintext.
 */
#include <stdlib.h>
#include <string.h>

#include "cms/mikey_cms_local.h"
#include "crypto/mikey_kw.h"

enum { S_HEAD, S_PRIM, S_CHUNK_HDR, S_CHUNK, S_TAIL, S_DONE };

/* Room for a chunk header: one identifier octet, up to 1 + 8 length octets. */
#define CHDR_MAX 16

struct mikey_cms_aed_decoder {
  int state;
  int err;                /* sticky failure */
  uint8_t kek[32];        /* wiped once the CEK is unwrapped */
  size_t kek_len;
  const uint8_t *kek_id;  /* expected identifier (points into |store|) or NULL */
  size_t kek_id_len;
  mikey_aead aead;
  cms_cur cur;            /* frames around the content */
  cms_head h;             /* views into |head| */
  size_t off;             /* absolute offset of the next input byte */
  size_t left;            /* content bytes left in the primitive element or the chunk */
  size_t chdr_off;        /* absolute offset of the chunk header being gathered */
  size_t chdr_n;
  uint8_t chdr[CHDR_MAX];
  size_t head_n;
  size_t tail_off;        /* absolute offset of the tail */
  size_t tail_n;
  uint8_t head[MIKEY_CMS_DECODER_HEADER_MAX];
  uint8_t tail[MIKEY_CMS_DECODER_TRAILER_MAX];
  uint8_t store[];
};

int mikey_cms_aed_decoder_new(mikey_cms_aed_decoder **dec, const mikey_cms_kek *kek) {
  if (!dec || !kek || !kek->key || (kek->id_len && !kek->id)) {
    return MIKEY_E_INVAL;
  }
  *dec = NULL;
  if (kek->key_len != 16 && kek->key_len != 32) {
    return MIKEY_E_KEY_LENGTH;
  }
  size_t extra = kek->id ? kek->id_len : 0;
  if (extra > SIZE_MAX - sizeof(mikey_cms_aed_decoder)) {
    return MIKEY_E_LIMIT;
  }
  mikey_cms_aed_decoder *d = calloc(1, sizeof(*d) + extra);
  if (!d) {
    return MIKEY_E_NOMEM;
  }
  memcpy(d->kek, kek->key, kek->key_len);
  d->kek_len = kek->key_len;
  if (kek->id) {
    memcpy(d->store, kek->id, kek->id_len);
    d->kek_id = d->store;
    d->kek_id_len = kek->id_len;
  }
  mikey_aead_init(&d->aead);
  d->state = S_HEAD;
  *dec = d;
  return 0;
}

/* fail_dec makes |rv| sticky, drops the keys. */
static int fail_dec(mikey_cms_aed_decoder *d, int rv) {
  if (rv == MIKEY_DER_MORE) {
    rv = MIKEY_E_INTERNAL;
  }
  d->err = rv;
  mikey_aead_stop(&d->aead);
  mikey_memzero(d->kek, sizeof(d->kek));
  return rv;
}

/* start_content checks the parsed head against the KEK, unwraps the CEK and starts the
 * AEAD. */
static int start_content(mikey_cms_aed_decoder *d) {
  const cms_head *h = &d->h;
  if (d->kek_id && (d->kek_id_len != h->kek_id_len ||
                    (h->kek_id_len && memcmp(d->kek_id, h->kek_id, h->kek_id_len) != 0))) {
    return MIKEY_E_CMS_KEK_ID;
  }
  if (d->kek_len != h->wrap_key_len) {
    return MIKEY_E_KEY_LENGTH;
  }
  /* RFC 3610 2.2: CCM needs the message length in B0, before the first chunk. */
  if (h->chunked && (h->alg == MIKEY_CMS_AES128_CCM || h->alg == MIKEY_CMS_AES256_CCM)) {
    return MIKEY_E_UNSUPPORTED;
  }
  uint8_t cek[32];
  int rv = mikey_aead_unwrap(&d->aead, d->kek, d->kek_len, h->wrapped_key, h->wrapped_key_len,
                             cek);
  mikey_memzero(d->kek, sizeof(d->kek));
  if (rv == 0) {
    /* No AAD: authAttrs would come after the content (RFC 5083 2.1), too late. */
    rv = mikey_aead_start(&d->aead, h->cipher, cek, h->cek_len, h->nonce, h->nonce_len,
                          h->icv_len, 0, h->content_len);
    if (rv == MIKEY_E_INVAL) {
      rv = MIKEY_E_CMS_PARAMS;
    }
  }
  mikey_memzero(cek, sizeof(cek));
  return rv;
}

/* set_cur points the cursor at |avail| bytes of |buf| starting at absolute |base|. */
static void set_cur(cms_cur *c, const uint8_t *buf, size_t base, size_t avail, int final) {
  c->buf = buf;
  c->base = base;
  c->avail = avail;
  c->pos = base;
  c->final = final;
}

/* feed runs the content and tail states over |n| bytes at |p|; plaintext goes to
 * out + *produced. */
static int feed(mikey_cms_aed_decoder *d, const uint8_t *p, size_t n, uint8_t *out,
                size_t *produced) {
  while (n > 0) {
    switch (d->state) {
      case S_PRIM:
      case S_CHUNK: {
        size_t take = n < d->left ? n : d->left;
        int rv = mikey_aead_decrypt(&d->aead, out + *produced, p, take);
        if (rv) {
          return rv;
        }
        *produced += take;
        p += take;
        n -= take;
        d->off += take;
        d->left -= take;
        if (d->left == 0) {
          if (d->state == S_PRIM) {
            d->state = S_TAIL;
            d->tail_off = d->off;
          } else {
            d->state = S_CHUNK_HDR;
            d->chdr_off = d->off;
          }
        }
        break;
      }
      case S_CHUNK_HDR: {
        size_t had = d->chdr_n;
        size_t k = n < CHDR_MAX - had ? n : CHDR_MAX - had;
        memcpy(d->chdr + had, p, k);
        d->chdr_n += k;
        set_cur(&d->cur, d->chdr, d->chdr_off, d->chdr_n, 0);
        int end;
        size_t len;
        int rv = cms_chunk_hdr(&d->cur, &end, &len);
        if (rv == MIKEY_DER_MORE) {
          if (d->chdr_n == CHDR_MAX) {
            return MIKEY_E_INTERNAL; /* a header never needs that many bytes */
          }
          p += k;
          n -= k;
          d->off += k;
          break;
        }
        if (rv) {
          return rv;
        }
        size_t used = d->cur.pos - d->chdr_off;
        if (used < had || used > d->chdr_n) {
          return MIKEY_E_INTERNAL;
        }
        p += used - had;
        n -= used - had;
        d->off = d->chdr_off + used;
        d->chdr_n = 0;
        if (end) {
          d->state = S_TAIL;
          d->tail_off = d->off;
        } else if (len == 0) {
          d->chdr_off = d->off;
        } else {
          d->state = S_CHUNK;
          d->left = len;
        }
        break;
      }
      case S_TAIL: {
        if (n > MIKEY_CMS_DECODER_TRAILER_MAX - d->tail_n) {
          return MIKEY_E_LIMIT;
        }
        memcpy(d->tail + d->tail_n, p, n);
        d->tail_n += n;
        d->off += n;
        n = 0;
        break;
      }
      default:
        return MIKEY_E_INTERNAL;
    }
  }
  return 0;
}

int mikey_cms_aed_decoder_update(mikey_cms_aed_decoder *dec, const uint8_t *in, size_t in_len,
                                 uint8_t *unverified, size_t *unverified_len) {
  if (!dec || !unverified_len || (in_len && !in)) {
    return MIKEY_E_INVAL;
  }
  if (dec->err) {
    return dec->err;
  }
  if (dec->state == S_DONE) {
    return MIKEY_E_STATE;
  }
  if (in_len && (!unverified || *unverified_len < in_len)) {
    *unverified_len = in_len;
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  size_t produced = 0;
  int rv = 0;
  if (dec->state == S_HEAD) {
    size_t k = in_len < MIKEY_CMS_DECODER_HEADER_MAX - dec->head_n
                   ? in_len
                   : MIKEY_CMS_DECODER_HEADER_MAX - dec->head_n;
    if (k) { /* an empty update may pass in == NULL: memcpy from NULL is undefined */
      memcpy(dec->head + dec->head_n, in, k);
    }
    dec->head_n += k;
    in += k;
    in_len -= k;
    cms_cur_init(&dec->cur, dec->head, 0, dec->head_n, 0);
    rv = cms_parse_head(&dec->cur, CMS_KIND_AED, &dec->h);
    if (rv == MIKEY_DER_MORE) {
      if (in_len > 0 || dec->head_n == MIKEY_CMS_DECODER_HEADER_MAX) {
        return fail_dec(dec, MIKEY_E_LIMIT);
      }
      *unverified_len = 0;
      return 0;
    }
    if (rv == 0) {
      rv = start_content(dec);
    }
    if (rv) {
      return fail_dec(dec, rv);
    }
    dec->off = dec->h.content_off;
    if (dec->h.chunked) {
      dec->state = S_CHUNK_HDR;
      dec->chdr_off = dec->off;
    } else if (dec->h.content_len > 0) {
      dec->state = S_PRIM;
      dec->left = dec->h.content_len;
    } else {
      dec->state = S_TAIL;
      dec->tail_off = dec->off;
    }
    /* What the head buffer holds beyond the head is content already. */
    rv = feed(dec, dec->head + dec->off, dec->head_n - dec->off, unverified, &produced);
  }
  if (rv == 0) {
    rv = feed(dec, in, in_len, unverified, &produced);
  }
  if (rv) {
    mikey_memzero(unverified, produced);
    return fail_dec(dec, rv);
  }
  *unverified_len = produced;
  return 0;
}

int mikey_cms_aed_decoder_final(mikey_cms_aed_decoder *dec) {
  if (!dec) {
    return MIKEY_E_INVAL;
  }
  if (dec->err) {
    return dec->err;
  }
  if (dec->state == S_DONE) {
    return MIKEY_E_STATE;
  }
  if (dec->state != S_TAIL) {
    return fail_dec(dec, MIKEY_E_DER); /* the input stopped inside the head or content */
  }
  cms_tail t;
  set_cur(&dec->cur, dec->tail, dec->tail_off, dec->tail_n, 1);
  int rv = cms_parse_tail(&dec->cur, CMS_KIND_AED, &dec->h, &t);
  if (rv == MIKEY_DER_MORE) {
    rv = MIKEY_E_DER;
  }
  if (rv == 0 && t.auth_attrs) {
    rv = MIKEY_E_UNSUPPORTED;
  }
  if (rv == 0) {
    rv = mikey_aead_verify(&dec->aead, t.mac);
  }
  if (rv) {
    return fail_dec(dec, rv);
  }
  mikey_aead_stop(&dec->aead);
  dec->state = S_DONE;
  return 0;
}

void mikey_cms_aed_decoder_free(mikey_cms_aed_decoder *dec) {
  if (!dec) {
    return;
  }
  mikey_aead_stop(&dec->aead);
  mikey_aead_release(&dec->aead);
  mikey_memzero(dec, sizeof(*dec));
  free(dec);
}
