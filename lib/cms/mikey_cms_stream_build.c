/*
 * mikey_cms_stream_build.c: build an AuthEnvelopedData in pieces with constant memory.
 *
 * The header (everything before the first ciphertext byte) is written by the first update,
 * the trailer (attributes, mac, end-of-contents) by final. With the content length known,
 * the output is the DER of mikey_cms_aed_build; without it (GCM only), BER with indefinite
 * lengths and one primitive OCTET STRING chunk per non-empty update (X.690 8.7.3.2).
 */
#include <stdlib.h>
#include <string.h>

#include "cms/mikey_cms_local.h"
#include "crypto/mikey_kw.h"

struct mikey_cms_aed_encoder {
  cms_plan pl;
  mikey_cms_aed_opts opts; /* attributes point into |store| */
  mikey_cms_kek kek;       /* id points into |store|; no key kept */
  mikey_aead aead;
  uint8_t wrapped[32 + MIKEY_KW_OVERHEAD];
  uint8_t nonce[MIKEY_CMS_GCM_NONCE_MAX];
  size_t fed;       /* content bytes taken so far */
  int header_done;  /* the header has been written */
  int finished;     /* final returned 0 */
  int err;          /* sticky failure */
  uint8_t store[];  /* KEK identifier, authAttrs, unauthAttrs */
};

int mikey_cms_aed_encoder_new(mikey_cms_aed_encoder **enc, const mikey_env *env,
                              const mikey_cms_aed_opts *opts, const mikey_cms_kek *kek,
                              size_t content_len) {
  static const mikey_cms_aed_opts defaults = {0};
  if (!enc || !kek || !kek->key || !kek->id) {
    return MIKEY_E_INVAL;
  }
  *enc = NULL;
  int ber = content_len == MIKEY_CMS_LENGTH_UNKNOWN;
  cms_plan pl;
  int rv = cms_plan_init(&pl, opts, kek, ber ? 0 : content_len, ber);
  if (rv) {
    return rv;
  }
  if (!opts) {
    opts = &defaults;
  }
  /* Copies of the identifier and attributes, so that the caller's may go. Their sum fits:
   * cms_plan_init measured a message holding all three. */
  size_t extra = kek->id_len + pl.auth_len + pl.unauth_len;
  mikey_cms_aed_encoder *e = calloc(1, sizeof(*e) + extra);
  if (!e) {
    return MIKEY_E_NOMEM;
  }
  uint8_t *s = e->store;
  memcpy(s, kek->id, kek->id_len);
  e->kek.id = s;
  e->kek.id_len = kek->id_len;
  e->kek.key_len = kek->key_len;
  s += kek->id_len;
  e->opts = *opts;
  if (pl.auth_len) {
    memcpy(s, opts->auth_attrs, pl.auth_len);
    e->opts.auth_attrs = s;
    s += pl.auth_len;
  }
  if (pl.unauth_len) {
    memcpy(s, opts->unauth_attrs, pl.unauth_len);
    e->opts.unauth_attrs = s;
  }
  e->pl = pl;
  e->pl.kek = &e->kek;
  e->pl.opts = &e->opts;
  mikey_aead_init(&e->aead);
  /* The KEK is used here only (wrap); the plan reads the caller's key once. */
  cms_plan start = e->pl;
  start.kek = kek;
  rv = cms_start_message(&start, env, &e->aead, e->wrapped, e->nonce);
  if (rv) {
    mikey_cms_aed_encoder_free(e);
    return rv;
  }
  e->kek.key = NULL;
  *enc = e;
  return 0;
}

size_t mikey_cms_aed_encoder_update_size(const mikey_cms_aed_encoder *enc, size_t in_len) {
  if (!enc) {
    return 0;
  }
  size_t n = enc->header_done ? 0 : enc->pl.header_len;
  if (enc->pl.ber) {
    /* One OCTET STRING chunk per non-empty update. */
    return in_len ? mikey_der_add(n, mikey_der_tlv_size(in_len)) : n;
  }
  return mikey_der_add(n, in_len);
}

/* fail_enc makes the failure |rv| sticky and drops the content key. */
static int fail_enc(mikey_cms_aed_encoder *enc, int rv) {
  enc->err = rv;
  mikey_aead_stop(&enc->aead);
  return rv;
}

int mikey_cms_aed_encoder_update(mikey_cms_aed_encoder *enc, const uint8_t *in, size_t in_len,
                                 uint8_t *out, size_t *out_len) {
  if (!enc || !out_len || (in_len && !in)) {
    return MIKEY_E_INVAL;
  }
  if (enc->err) {
    return enc->err;
  }
  if (enc->finished) {
    return MIKEY_E_STATE;
  }
  if (!enc->pl.ber && in_len > enc->pl.content_len - enc->fed) {
    return fail_enc(enc, MIKEY_E_INVAL);
  }
  size_t need = mikey_cms_aed_encoder_update_size(enc, in_len);
  if (need == SIZE_MAX) {
    return fail_enc(enc, MIKEY_E_LIMIT);
  }
  if (!out || *out_len < need) {
    *out_len = need;
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  uint8_t *w = out;
  if (!enc->header_done) {
    w = cms_write_header(w, &enc->pl, enc->wrapped, enc->nonce);
    enc->header_done = 1;
  }
  if (enc->pl.ber && in_len) {
    w = mikey_der_put_hdr(w, MIKEY_DER_OCTET_STRING, in_len);
  }
  int rv = mikey_aead_encrypt(&enc->aead, w, in, in_len);
  if (rv) {
    mikey_memzero(out, need);
    return fail_enc(enc, rv);
  }
  enc->fed += in_len;
  *out_len = need;
  return 0;
}

int mikey_cms_aed_encoder_final(mikey_cms_aed_encoder *enc, uint8_t *out, size_t *out_len) {
  if (!enc || !out_len) {
    return MIKEY_E_INVAL;
  }
  if (enc->err) {
    return enc->err;
  }
  if (enc->finished) {
    return MIKEY_E_STATE;
  }
  if (!enc->pl.ber && enc->fed != enc->pl.content_len) {
    return fail_enc(enc, MIKEY_E_STATE);
  }
  size_t need = mikey_der_add(enc->header_done ? 0 : enc->pl.header_len, enc->pl.trailer_len);
  if (!out || *out_len < need) {
    *out_len = need;
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  uint8_t tag[MIKEY_AEAD_MAX_TAG];
  int rv = mikey_aead_tag(&enc->aead, tag);
  if (rv) {
    return fail_enc(enc, rv);
  }
  uint8_t *w = out;
  if (!enc->header_done) {
    w = cms_write_header(w, &enc->pl, enc->wrapped, enc->nonce);
    enc->header_done = 1;
  }
  w = cms_write_trailer(w, &enc->pl, tag);
  mikey_aead_stop(&enc->aead);
  enc->finished = 1;
  *out_len = (size_t)(w - out);
  return 0;
}

void mikey_cms_aed_encoder_free(mikey_cms_aed_encoder *enc) {
  if (!enc) {
    return;
  }
  mikey_aead_stop(&enc->aead);
  mikey_aead_release(&enc->aead);
  mikey_memzero(enc, sizeof(*enc));
  free(enc);
}
