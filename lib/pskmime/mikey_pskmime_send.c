/*
 * mikey_pskmime_send.c: the sender's side of the PSK/MIME profile (TS 33.328 Annex I.2,
 * I.3; PROFILE.md sections 4, 6, 7): one MIME entity into one SIP body.
 *
 *   prepare (CSB ID, T, RANDRi; KEK = TEK of CS 1, 5.1.3) -> KEK, once (Annex I.3)
 *   -> AuthEnvelopedData (kekid = KEK id, fresh CEK and nonce) -> TRANSFER_INIT (+ the AEAD
 *   tag as proof-of-origin when I=1, section 6) -> multipart/mixed body
 */
#include <stdlib.h>
#include <string.h>

#include "pskmime/mikey_pskmime_local.h"

/* A readable byte for the sizing calls, which read lengths only (smime.h: the body's size
 * depends only on the lengths and the transfer encoding). */
static const uint8_t placeholder[1];

/* opts_get fills |*d| with |o| or the defaults and checks the choices: an AEAD of RFC 5084
 * (never CBC here: PROFILE.md section 7) and a known transfer encoding. */
static int opts_get(const mikey_pskmime_send_opts *o, mikey_pskmime_send_opts *d) {
  memset(d, 0, sizeof(*d));
  if (o) {
    *d = *o;
  }
  if (d->aead == 0) {
    d->aead = MIKEY_CMS_AES128_GCM;
  }
  if (d->aead != MIKEY_CMS_AES128_GCM && d->aead != MIKEY_CMS_AES256_GCM &&
      d->aead != MIKEY_CMS_AES128_CCM && d->aead != MIKEY_CMS_AES256_CCM) {
    return MIKEY_E_CMS_ALGORITHM;
  }
  if (d->cte != MIKEY_SMIME_CTE_BASE64 && d->cte != MIKEY_SMIME_CTE_BINARY) {
    return MIKEY_E_INVAL;
  }
  return 0;
}

/* What a protect call needs to know about the ticket before it starts a transfer. */
typedef struct send_facts {
  mikey_env env;     /* the initiator's time and randomness */
  size_t kek_len;    /* KEK length: the TGK/GTGK length (PROFILE.md section 4) */
  size_t kek_id_len; /* length of the KEK identifier */
  int poo;           /* 1: the ticket has I=1, so the tag goes into the TRANSFER_INIT */
  size_t ti_len;     /* exact length of the TRANSFER_INIT */
} send_facts;

/* sizes computes the TRANSFER_INIT, DER and body lengths of a protect call, before any
 * randomness is drawn. The TRANSFER_INIT's length comes from the engine that will write it
 * (mikey_initiator_transfer_size()). */
static int sizes(const mikey_initiator *ini, const mikey_pskmime_send_opts *d, size_t mime_len,
                 send_facts *f, size_t *der_len, size_t *body_len) {
  memset(f, 0, sizeof(*f));
  mikey_ticket_info ti;
  int rc = mikey_initiator_ticket_info(ini, &ti);
  if (rc) {
    return rc;
  }
  if (mikey_initiator_profile_kind(ini) != MIKEY_ROLE_PSKMIME) {
    return MIKEY_E_POLICY;
  }
  rc = mikey_initiator_env(ini, &f->env);
  if (rc) {
    return rc;
  }
  f->kek_len = ti.key_len;
  f->kek_id_len = ti.kek_id_len;
  f->poo = (ti.flags & MIKEY_TP_I) != 0;
  mikey_transfer_params tp;
  memset(&tp, 0, sizeof(tp));
  tp.responder = d->responder;
  /* PROFILE.md section 6: with I=1 the AEAD tag (MIKEY_CMS_ICV_LEN bytes) is the
   * proof-of-origin */
  rc = mikey_initiator_transfer_size(ini, &tp, f->poo ? MIKEY_CMS_ICV_LEN : 0, &f->ti_len);
  if (rc) {
    return rc;
  }
  mikey_cms_aed_opts co;
  memset(&co, 0, sizeof(co));
  co.alg = d->aead;
  /* only the lengths are read when sizing */
  mikey_cms_kek kek = {placeholder, f->kek_len, placeholder, f->kek_id_len};
  rc = mikey_cms_aed_size(&co, &kek, mime_len, der_len);
  if (rc) {
    return rc;
  }
  rc = mikey_sipbody_build(NULL, placeholder, f->ti_len, placeholder, *der_len, d->cte, NULL,
                           0, body_len, NULL);
  return rc == MIKEY_E_BUFFER_TOO_SMALL ? 0 : rc ? rc : MIKEY_E_INTERNAL;
}

int mikey_pskmime_protect_size(const mikey_initiator *ini, const mikey_pskmime_send_opts *o,
                               size_t mime_len, size_t *size) {
  if (!ini || !size) {
    return MIKEY_E_INVAL;
  }
  *size = 0;
  mikey_pskmime_send_opts d;
  int rc = opts_get(o, &d);
  if (rc) {
    return rc;
  }
  send_facts f;
  size_t der_len;
  return sizes(ini, &d, mime_len, &f, &der_len, size);
}

/* find returns the offset of the first |nlen| bytes |needle| in |hay| (|len| bytes) at or
 * after |from|, or |len| when absent. */
static size_t find(const uint8_t *hay, size_t len, size_t from, const uint8_t *needle,
                   size_t nlen) {
  for (size_t i = from; i <= len && len - i >= nlen; i++) {
    if (memcmp(hay + i, needle, nlen) == 0) {
      return i;
    }
  }
  return len;
}

/* locate fills the offsets of |sent| from the body just written (layout of smime.h's
 * mikey_sipbody_build: "--B" CRLF, part header, empty line, base64 TRANSFER_INIT, CRLF "--B"
 * CRLF, S/MIME entity, CRLF "--B--" CRLF), the boundary taken from |ctype|. */
static int locate(const uint8_t *body, size_t len, const char *ctype, mikey_pskmime_sent *s) {
  const char *q = strchr(ctype, '"');
  if (!q) {
    return MIKEY_E_INTERNAL;
  }
  uint8_t delim[4 + MIKEY_SIPBODY_BOUNDARY_LEN];
  memcpy(delim, "\r\n--", 4);
  memcpy(delim + 4, q + 1, MIKEY_SIPBODY_BOUNDARY_LEN);
  static const uint8_t blank[4] = {'\r', '\n', '\r', '\n'};
  size_t a = find(body, len, 0, blank, 4);
  size_t b = a < len ? find(body, len, a + 4, delim, sizeof(delim)) : len;
  if (b >= len || len - b < sizeof(delim) + 2) {
    return MIKEY_E_INTERNAL;
  }
  size_t e = b + sizeof(delim) + 2;
  size_t c = find(body, len, e, delim, sizeof(delim));
  size_t h = find(body, c, e, blank, 4);
  if (c >= len || h >= c) {
    return MIKEY_E_INTERNAL;
  }
  s->mikey_offset = a + 4;
  s->mikey_len = b - s->mikey_offset;
  s->entity_offset = e;
  s->entity_len = c - e;
  s->smime_offset = h + 4;
  s->smime_len = c - s->smime_offset;
  return 0;
}

int mikey_pskmime_protect(mikey_initiator *ini, mikey_cms_ctx *cms,
                          const mikey_pskmime_send_opts *o, const uint8_t *mime, size_t mime_len,
                          uint8_t *body, size_t cap, size_t *body_len,
                          char ctype[MIKEY_SIPBODY_CTYPE_SIZE], mikey_pskmime_sent *sent) {
  if (!ini || !body_len || (!mime && mime_len)) {
    return MIKEY_E_INVAL;
  }
  *body_len = 0;
  mikey_pskmime_send_opts d;
  int rc = opts_get(o, &d);
  if (rc) {
    return rc;
  }
  /* 1. every size first: a short buffer changes nothing (no randomness drawn) */
  send_facts f;
  size_t der_cap, need;
  rc = sizes(ini, &d, mime_len, &f, &der_cap, &need);
  if (rc) {
    return rc;
  }
  if (!body || cap < need) {
    *body_len = need;
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  if (!ctype) {
    return MIKEY_E_INVAL;
  }
  uint8_t *der = malloc(der_cap);
  uint8_t *ti = malloc(f.ti_len);
  if (!der || !ti) {
    free(der);
    free(ti);
    return MIKEY_E_NOMEM;
  }
  uint8_t kek[64]; /* 16 or 32 bytes (PROFILE.md section 3) */
  size_t kek_len = 0, der_len = der_cap, ti_len = 0, len = 0;
  mikey_transfer_info xi;
  mikey_transfer_params tp;
  memset(&tp, 0, sizeof(tp));
  tp.responder = d.responder;
  /* 2. the transfer: CSB ID, T, RANDRi; the KEK is derived now (H=1, G=0, PROFILE.md 4) */
  int prepared = 0;
  rc = mikey_initiator_transfer_prepare(ini, &tp, &xi);
  if (rc == 0) {
    prepared = 1;
    rc = mikey_initiator_transfer_key(ini, 1, kek, sizeof(kek), &kek_len);
  }
  if (rc == 0 && (kek_len != f.kek_len || xi.kek_id_len != f.kek_id_len)) {
    rc = MIKEY_E_INTERNAL;
  }
  /* 3. the AuthEnvelopedData under the KEK, named by its identifier (Annex I.2) */
  mikey_cms_aed_opts co;
  memset(&co, 0, sizeof(co));
  co.alg = d.aead;
  if (rc == 0) {
    mikey_cms_kek k = {kek, kek_len, xi.kek_id, xi.kek_id_len};
    rc = mikey_cms_aed_build(cms, &f.env, &co, &k, mime, mime_len, der, &der_len);
  }
  mikey_memzero(kek, sizeof(kek));
  /* 4. the TRANSFER_INIT, with the AEAD tag as proof-of-origin when I=1 (section 6) */
  const uint8_t *poo = NULL;
  size_t poo_len = 0;
  mikey_cms_aed aed;
  if (rc == 0 && f.poo) {
    rc = mikey_cms_aed_parse(der, der_len, &aed);
    if (rc == 0) {
      poo = aed.mac;
      poo_len = aed.mac_len;
    }
  }
  if (rc == 0) {
    rc = mikey_initiator_transfer_finish(ini, poo, poo_len, ti, f.ti_len, &ti_len);
    if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
      rc = MIKEY_E_INTERNAL; /* transfer_size measured this very layout */
    }
  }
  /* 5. the SIP body */
  if (rc == 0) {
    rc = mikey_sipbody_build(&f.env, ti, ti_len, der, der_len, d.cte, body, cap, &len, ctype);
    if (rc == 0 && len != need) {
      rc = MIKEY_E_INTERNAL;
    }
    if (rc) {
      mikey_memzero(body, cap < need ? cap : need);
      len = 0;
    }
  }
  if (rc == 0 && sent) {
    memset(sent, 0, sizeof(*sent));
    sent->csb_id = xi.csb_id;
    memcpy(sent->kek_id, xi.kek_id, xi.kek_id_len);
    sent->kek_id_len = xi.kek_id_len;
    sent->kek_len = kek_len;
    sent->aead = d.aead;
    sent->cte = d.cte;
    sent->poo_present = poo_len != 0;
    sent->transfer_init_len = ti_len;
    sent->der_len = der_len;
    rc = locate(body, len, ctype, sent);
  }
  if (rc && len) {
    mikey_memzero(body, len);
    len = 0;
  }
  /* the transfer is over either way (no TRANSFER_RESP in this profile): the engine's copy
   * of the KEK goes too, so it exists nowhere once this call returns */
  if (prepared) {
    mikey_initiator_transfer_drop(ini);
  }
  *body_len = len;
  free(der);
  free(ti);
  return rc;
}
