/*
 * mikey_pskmime_receiver.c: the receiver object of the PSK/MIME profile: a responder, a CMS
 * context, and the S/MIME messages held until their RESOLVE_RESP arrives (pskmime.h Model).
 */
#include <stdlib.h>
#include <string.h>

#include "pskmime/mikey_pskmime_local.h"

/* Default and largest number of exchanges a responder keeps (roles.h, max_exchanges). */
#define HELD_DEFAULT 16

int mikey_pskmime_receiver_new(mikey_pskmime_receiver **out, const mikey_responder_config *cfg) {
  if (!out || !cfg) {
    return MIKEY_E_INVAL;
  }
  *out = NULL;
  if (cfg->profile.kind != MIKEY_ROLE_PSKMIME) {
    return MIKEY_E_POLICY;
  }
  mikey_pskmime_receiver *rx = calloc(1, sizeof(*rx));
  if (!rx) {
    return MIKEY_E_NOMEM;
  }
  int rc = mikey_responder_new(&rx->resp, cfg);
  if (rc == 0) {
    rc = mikey_cms_ctx_new(&rx->cms);
  }
  if (rc == 0) {
    /* one held message per exchange the responder keeps (it refused a larger bound) */
    rx->n_held = cfg->max_exchanges ? cfg->max_exchanges : HELD_DEFAULT;
    rx->held = calloc(rx->n_held, sizeof(*rx->held));
    rc = rx->held ? 0 : MIKEY_E_NOMEM;
  }
  if (rc) {
    mikey_pskmime_receiver_free(rx);
    return rc;
  }
  rx->require_poo = cfg->profile.proof_of_origin != 0;
  *out = rx;
  return 0;
}

void mikey_pskmime_receiver_free(mikey_pskmime_receiver *rx) {
  if (!rx) {
    return;
  }
  for (size_t i = 0; rx->held && i < rx->n_held; i++) {
    mikey_pskmime_held_drop(&rx->held[i]);
  }
  free(rx->held);
  mikey_cms_ctx_free(rx->cms);
  mikey_responder_free(rx->resp);
  free(rx);
}

mikey_responder *mikey_pskmime_receiver_responder(mikey_pskmime_receiver *rx) {
  return rx ? rx->resp : NULL;
}

mikey_pskmime_held *mikey_pskmime_held_find(const mikey_pskmime_receiver *rx, uint32_t xid) {
  for (size_t i = 0; i < rx->n_held; i++) {
    if (rx->held[i].used && rx->held[i].xid == xid) {
      return &rx->held[i];
    }
  }
  return NULL;
}

void mikey_pskmime_held_drop(mikey_pskmime_held *h) {
  if (h->der) {
    /* the DER is ciphertext, but the wrapped CEK and the tag go too */
    mikey_memzero(h->der, h->der_len);
    free(h->der);
  }
  memset(h, 0, sizeof(*h));
}

void mikey_pskmime_held_put(mikey_pskmime_receiver *rx, uint32_t xid, uint8_t *der,
                            size_t der_len, size_t content_len) {
  mikey_pskmime_held *h = mikey_pskmime_held_find(rx, xid);
  for (size_t i = 0; !h && i < rx->n_held; i++) {
    if (!rx->held[i].used) {
      h = &rx->held[i];
    }
  }
  if (!h) {
    /* full: the oldest goes, as the responder drops its oldest exchange for a new one */
    h = &rx->held[0];
    for (size_t i = 1; i < rx->n_held; i++) {
      if (rx->held[i].seq < h->seq) {
        h = &rx->held[i];
      }
    }
  }
  mikey_pskmime_held_drop(h);
  h->used = 1;
  h->xid = xid;
  h->seq = ++rx->seq;
  h->der = der;
  h->der_len = der_len;
  h->content_len = content_len;
}

int mikey_pskmime_copy_der(const uint8_t *der, size_t der_len, uint8_t **copy,
                           mikey_cms_aed *aed) {
  *copy = NULL;
  int rc = mikey_cms_aed_parse(der, der_len, aed);
  if (rc) {
    return rc;
  }
  uint8_t *c = malloc(der_len);
  if (!c) {
    return MIKEY_E_NOMEM;
  }
  memcpy(c, der, der_len);
  /* parse the copy again so that the views point into it (same bytes: cannot fail) */
  rc = mikey_cms_aed_parse(c, der_len, aed);
  if (rc) {
    free(c);
    return MIKEY_E_INTERNAL;
  }
  *copy = c;
  return 0;
}

int mikey_pskmime_hold(mikey_pskmime_receiver *rx, uint32_t xid, const uint8_t *der,
                       size_t der_len) {
  if (!rx || !der) {
    return MIKEY_E_INVAL;
  }
  /* the exchange must exist and still wait for its RESOLVE_RESP (MIKEY_E_NOT_FOUND,
   * MIKEY_E_STATE) */
  mikey_pending_info pi;
  int rc = mikey_responder_pending_info(rx->resp, xid, &pi);
  if (rc) {
    return rc;
  }
  uint8_t *copy;
  mikey_cms_aed aed;
  rc = mikey_pskmime_copy_der(der, der_len, &copy, &aed);
  if (rc) {
    return rc;
  }
  /* the pair must match, as in mikey_pskmime_receive(): the KEK identifier the
   * TRANSFER_INIT states (not yet authenticated; mikey_pskmime_open() compares again) */
  if (aed.kek_id_len != pi.kek_id_len || memcmp(aed.kek_id, pi.kek_id, pi.kek_id_len) != 0) {
    mikey_memzero(copy, der_len);
    free(copy);
    return MIKEY_E_CMS_KEK_ID;
  }
  mikey_pskmime_held_put(rx, xid, copy, der_len, aed.content_len);
  return 0;
}

int mikey_pskmime_open_size(const mikey_pskmime_receiver *rx, uint32_t xid, size_t *size) {
  if (!rx || !size) {
    return MIKEY_E_INVAL;
  }
  *size = 0;
  const mikey_pskmime_held *h = mikey_pskmime_held_find(rx, xid);
  if (!h) {
    return MIKEY_E_NO_PENDING;
  }
  *size = h->content_len;
  return 0;
}
