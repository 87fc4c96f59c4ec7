/*
 * mikey_pskmime_open.c: the second step of the receiver (TS 33.328 Annex I.2, I.3;
 * PROFILE.md sections 5, 6, 7): the KMS's RESOLVE_RESP in, the MIME entity out, once every
 * check passed. Each return names the step it came from (mikey_pskmime_result.stage).
 */
#include <stdlib.h>
#include <string.h>

#include "pskmime/mikey_pskmime_local.h"

/* settle ends exchange |h| on both sides when the responder has ended it or when |end| is
 * set; otherwise it stays pending (a refusal before the RESOLVE_RESP's V verified: anyone
 * can send such a message, the genuine answer may still come). Returns 1 when ended. */
static int settle(mikey_pskmime_receiver *rx, mikey_pskmime_held *h, int end) {
  if (!end && mikey_responder_pending_info(rx->resp, h->xid, NULL) == 0) {
    return 0;
  }
  mikey_responder_forget(rx->resp, h->xid);
  mikey_pskmime_held_drop(h);
  return 1;
}

/* resolve_stage names the step a refusal |rc| of mikey_responder_on_resolve_resp() came
 * from: with the exchange ended (the RESOLVE_RESP's V verified, roles.h) these codes are
 * about the held TRANSFER_INIT checked with the KMS's keys (RFC 6043 4.2.3.6, D14, D5,
 * replay); everything else is about the answer itself. */
static int resolve_stage(int rc, int ended) {
  if (rc == MIKEY_E_NO_PENDING) {
    return MIKEY_PSKMIME_STAGE_EXCHANGE;
  }
  if (ended && (rc == MIKEY_E_AUTH || rc == MIKEY_E_VI_MISMATCH || rc == MIKEY_E_VI_MISSING ||
                rc == MIKEY_E_MISMATCH || rc == MIKEY_E_RAND_SHORT || rc == MIKEY_E_REPLAY)) {
    return MIKEY_PSKMIME_STAGE_TRANSFER_INIT;
  }
  return MIKEY_PSKMIME_STAGE_RESOLVE_RESP;
}

/* open_accepted runs the steps after the transfer of |h| was accepted (|info|, authenticated):
 * the KEK (once), the S/MIME message, proof-of-origin; writes the entity to |mime| only
 * when all passed (|cap| was checked). Sets res->stage to the step of the outcome and ends
 * the exchange in every case (the KEK has been released once, Annex I.3). */
static int open_accepted(mikey_pskmime_receiver *rx, mikey_pskmime_held *h,
                         const mikey_transfer_info *info, uint8_t *mime, size_t *mime_len,
                         mikey_pskmime_result *res) {
  res->initiator_type = info->initiator_type;
  memcpy(res->initiator, info->initiator, info->initiator_len);
  res->initiator_len = info->initiator_len;
  memcpy(res->kek_id, info->kek_id, info->kek_id_len);
  res->kek_id_len = info->kek_id_len;
  res->poo_present = info->has_poo;
  uint8_t kek[64]; /* 16 or 32 bytes (PROFILE.md section 3) */
  size_t kek_len = 0, out_len = h->content_len;
  /* 2. the KEK (and the scratch the plaintext goes to before it is verified) */
  res->stage = MIKEY_PSKMIME_STAGE_KEK;
  uint8_t *plain = malloc(h->content_len ? h->content_len : 1);
  mikey_cms_aed aed;
  int rc = plain ? 0 : MIKEY_E_NOMEM;
  if (rc == 0) {
    rc = mikey_responder_key(rx->resp, h->xid, 1, kek, sizeof(kek), &kek_len);
  }
  if (rc == 0) {
    res->stage = MIKEY_PSKMIME_STAGE_SMIME;
    rc = mikey_cms_aed_parse(h->der, h->der_len, &aed);
    res->aead = rc == 0 ? aed.alg : 0;
  }
  /* 3. the message names the KEK the authenticated TRANSFER_INIT carried (receive and hold
   *    compared it with the unauthenticated one already) */
  if (rc == 0 && (aed.kek_id_len != info->kek_id_len ||
                  memcmp(aed.kek_id, info->kek_id, info->kek_id_len) != 0)) {
    rc = MIKEY_E_CMS_KEK_ID;
  }
  /* 4. decrypt and verify the tag, into the scratch buffer only */
  if (rc == 0) {
    rc = mikey_cms_aed_decrypt(rx->cms, &aed, kek, kek_len, plain, &out_len);
  }
  mikey_memzero(kek, sizeof(kek));
  /* 5. proof-of-origin (PROFILE.md section 6): the tag the initiator's V covers must be the
   *    tag of this message; a receiver that requires it refuses a message without */
  if (rc == 0) {
    res->stage = MIKEY_PSKMIME_STAGE_POO;
    if (info->has_poo) {
      rc = mikey_transfer_poo_check(info, aed.mac, aed.mac_len);
    } else if (rx->require_poo) {
      rc = MIKEY_E_POLICY;
    }
  }
  if (rc == 0) {
    res->stage = MIKEY_PSKMIME_STAGE_DONE;
    if (out_len) {
      memcpy(mime, plain, out_len);
    }
    *mime_len = out_len;
  }
  if (plain) {
    mikey_memzero(plain, h->content_len);
    free(plain);
  }
  res->ended = settle(rx, h, 1);
  return rc;
}

int mikey_pskmime_open(mikey_pskmime_receiver *rx, const uint8_t *resolve_resp, size_t len,
                       uint8_t *mime, size_t cap, size_t *mime_len, mikey_pskmime_result *res) {
  mikey_pskmime_result dummy;
  if (!res) {
    res = &dummy;
  }
  memset(res, 0, sizeof(*res));
  res->stage = MIKEY_PSKMIME_STAGE_NONE;
  if (!rx || !resolve_resp || !mime_len) {
    return MIKEY_E_INVAL;
  }
  *mime_len = 0;
  /* the exchange is named by the CSB ID, which a RESOLVE_RESP (or Error message) copies
   * from the RESOLVE_INIT (RFC 6043 4.2.3.5) */
  res->stage = MIKEY_PSKMIME_STAGE_EXCHANGE;
  mikey_hdr hdr;
  uint8_t next;
  size_t used;
  int rc = mikey_hdr_decode(&hdr, resolve_resp, len, &next, &used);
  if (rc) {
    return rc;
  }
  mikey_pskmime_held *h = mikey_pskmime_held_find(rx, hdr.csb_id);
  if (!h) {
    return MIKEY_E_NO_PENDING;
  }
  res->xid = h->xid;
  /* a short buffer is refused before anything is consumed */
  *mime_len = h->content_len;
  if ((!mime && h->content_len) || cap < h->content_len) {
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  *mime_len = 0;
  /* 1. RESOLVE_RESP, then the held TRANSFER_INIT, verified (RFC 6043 4.2.3.6, 4.2.2.2) */
  res->stage = MIKEY_PSKMIME_STAGE_RESOLVE_RESP;
  mikey_transfer_info info;
  rc = mikey_responder_on_resolve_resp(rx->resp, resolve_resp, len, &info);
  if (rc) {
    if (rc == MIKEY_E_PEER_ERROR) {
      res->peer_error = info.peer_error;
      res->peer_error_authenticated = info.peer_error_authenticated;
    }
    res->ended = settle(rx, h, 0);
    res->stage = resolve_stage(rc, res->ended);
    return rc;
  }
  /* from here on every outcome ends the exchange: the KEK is released once (Annex I.3) */
  rc = open_accepted(rx, h, &info, mime, mime_len, res);
  mikey_memzero(&info, sizeof(info));
  return rc;
}

int mikey_pskmime_open_held(mikey_pskmime_receiver *rx, uint32_t xid, uint8_t *mime,
                            size_t cap, size_t *mime_len, mikey_pskmime_result *res) {
  mikey_pskmime_result dummy;
  if (!res) {
    res = &dummy;
  }
  memset(res, 0, sizeof(*res));
  res->stage = MIKEY_PSKMIME_STAGE_NONE;
  if (!rx || !mime_len) {
    return MIKEY_E_INVAL;
  }
  *mime_len = 0;
  res->stage = MIKEY_PSKMIME_STAGE_EXCHANGE;
  mikey_pskmime_held *h = mikey_pskmime_held_find(rx, xid);
  if (!h) {
    return MIKEY_E_NO_PENDING;
  }
  res->xid = xid;
  *mime_len = h->content_len;
  if ((!mime && h->content_len) || cap < h->content_len) {
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  *mime_len = 0;
  /* accepted without a resolve (RFC 6043 5.3: the ticket was resolved before and kept), its
   * TRANSFER_INIT verified with the kept MPKi: what mikey_responder_on_resolve_resp() would
   * have said is in the exchange's info */
  mikey_transfer_info info;
  int rc = mikey_responder_exchange_info(rx->resp, xid, &info);
  if (rc == MIKEY_E_STATE) {
    return rc; /* still waiting for its RESOLVE_RESP: mikey_pskmime_open() */
  }
  if (rc) {
    res->ended = settle(rx, h, 1); /* the responder no longer has it */
    return rc == MIKEY_E_NOT_FOUND ? MIKEY_E_NO_PENDING : rc;
  }
  rc = open_accepted(rx, h, &info, mime, mime_len, res);
  mikey_memzero(&info, sizeof(info));
  return rc;
}
