/*
 * mikey_pskmime_local.h: the receiver's state, shared by the files of lib/pskmime (internal).
 * The profile layer uses the engines through roles.h only.
 */
#ifndef MIKEY_PSKMIME_LOCAL_H
#define MIKEY_PSKMIME_LOCAL_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/pskmime.h>

/* ---- the receiver (mikey_pskmime_receiver.c) ------------------------------------------- */

/* One held S/MIME message: a copy of its DER, waiting for the RESOLVE_RESP of exchange
 * |xid|. */
typedef struct mikey_pskmime_held {
  int used;
  uint32_t xid;
  uint64_t seq;       /* order of arrival: the oldest is dropped first */
  uint8_t *der;       /* malloc'd copy, wiped before it is freed */
  size_t der_len;
  size_t content_len; /* length of the MIME entity inside */
} mikey_pskmime_held;

struct mikey_pskmime_receiver {
  mikey_responder *resp;
  mikey_cms_ctx *cms;
  int require_poo;          /* profile.proof_of_origin: a message without one is refused */
  size_t n_held;            /* slots in held[]: the responder's max_exchanges */
  uint64_t seq;             /* arrivals so far */
  mikey_pskmime_held *held;
};

/* mikey_pskmime_held_find returns the slot holding exchange |xid|, or NULL. */
mikey_pskmime_held *mikey_pskmime_held_find(const mikey_pskmime_receiver *rx, uint32_t xid);

/* mikey_pskmime_held_drop wipes and frees the message of |h| and frees the slot. */
void mikey_pskmime_held_drop(mikey_pskmime_held *h);

/* mikey_pskmime_held_put holds |der| (|der_len| bytes, already parsed: |content_len|) for
 * |xid|, taking ownership of |der| (a malloc'd copy): it replaces a message held for |xid|,
 * else takes a free slot, else drops the oldest. */
void mikey_pskmime_held_put(mikey_pskmime_receiver *rx, uint32_t xid, uint8_t *der,
                            size_t der_len, size_t content_len);

/* mikey_pskmime_copy_der parses |der| as an AuthEnvelopedData of the profile (parse errors of
 * mikey_cms_aed_parse) and returns a malloc'd copy in |*copy| with |*aed| viewing into it. */
int mikey_pskmime_copy_der(const uint8_t *der, size_t der_len, uint8_t **copy,
                           mikey_cms_aed *aed);

#endif /* MIKEY_PSKMIME_LOCAL_H */
