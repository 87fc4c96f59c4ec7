/*
 * mikey_plist.c: the nested payload lists of RFC 6043: TP Data and Initiator Data (a First
 * Payload byte, then a chain; section 6.10) and the Ticket Data of the base tickets (a THDR,
 * then a chain; Appendix A.1).
 */
#include <string.h>

#include "codec/mikey_codec_local.h"

/* plist_begin resets the output of a decode. */
static void plist_begin(mikey_plist *l, const uint8_t *buf, size_t len) {
  l->buf = buf;
  l->len = len;
  l->n = 0;
  l->err_offset = 0;
  l->err_payload = MIKEY_PT_LAST;
}

/* plist_end refuses bytes after the chain and records where a refusal happened. */
static int plist_end(mikey_plist *l, const mikey_rd *r, int rc, size_t erroff, int errpl) {
  if (rc == 0 && mikey_rd_left(r)) {
    rc = MIKEY_E_TRAILING;
    erroff = mikey_rd_offset(r);
    errpl = l->n ? l->pl[l->n - 1].type : MIKEY_PT_LAST;
  }
  if (rc) {
    l->err_offset = erroff;
    l->err_payload = errpl;
  }
  return rc;
}

/* plist_first_dec decodes a list that starts with a First Payload byte. */
static int plist_first_dec(mikey_plist *l, const uint8_t *buf, size_t len) {
  if (!l || (!buf && len)) {
    return MIKEY_E_INVAL;
  }
  mikey_rd r;
  mikey_rd_init(&r, buf, len);
  plist_begin(l, buf, len);
  if (len == 0) {
    return 0;
  }
  size_t erroff = 0;
  int errpl = MIKEY_PT_LAST;
  uint8_t first = buf[0];
  int rc;
  (void)mikey_rd_skip(&r, 1);
  if (first == MIKEY_PT_LAST) {
    /* an empty list is encoded as no bytes at all, so this encoding is refused */
    rc = MIKEY_E_BAD_VALUE;
  } else {
    rc = mikey_chain_dec(&r, first, l->pl, &l->n, &erroff, &errpl);
  }
  return plist_end(l, &r, rc, erroff, errpl);
}

int mikey_tp_data_decode(mikey_plist *list, const uint8_t *buf, size_t len) {
  return plist_first_dec(list, buf, len);
}

int mikey_initiator_data_decode(mikey_plist *list, const uint8_t *buf, size_t len) {
  return plist_first_dec(list, buf, len);
}

int mikey_ticket_data_decode(mikey_plist *list, const uint8_t *buf, size_t len) {
  if (!list || (!buf && len)) {
    return MIKEY_E_INVAL;
  }
  mikey_rd r;
  mikey_rd_init(&r, buf, len);
  plist_begin(list, buf, len);
  size_t erroff = 0;
  int errpl = MIKEY_PT_THDR;
  /* RFC 6043 A.1: Ticket Data always begins with a THDR */
  int rc = mikey_chain_dec(&r, MIKEY_PT_THDR, list->pl, &list->n, &erroff, &errpl);
  return plist_end(list, &r, rc, erroff, errpl);
}

void mikey_plist_init(mikey_plist *list) {
  if (list) {
    /* only what a builder reads: pl[] is 3.8 KB, and mikey_plist_add clears each entry it
     * hands out; no one reads pl[n] and beyond */
    list->buf = NULL;
    list->len = 0;
    list->n = 0;
    list->err_offset = 0;
    list->err_payload = MIKEY_PT_LAST;
  }
}

mikey_payload *mikey_plist_add(mikey_plist *list, int type) {
  if (!list || list->n >= MIKEY_MAX_PAYLOADS) {
    return NULL;
  }
  mikey_payload *p = &list->pl[list->n++];
  *p = mikey_payload_zero;
  p->type = type;
  return p;
}

/* plist_enc writes a list; |thdr| selects Ticket Data (THDR first) over a First Payload
 * byte. */
static int plist_enc(mikey_plist *l, int thdr, uint8_t *out, size_t cap, size_t *outlen) {
  if (!l || !outlen || l->n > MIKEY_MAX_PAYLOADS) {
    return MIKEY_E_INVAL;
  }
  for (size_t i = 0; i < l->n; i++) {
    /* the THDR stands first in Ticket Data and nowhere else */
    if ((l->pl[i].type == MIKEY_PT_THDR) != (thdr && i == 0)) {
      return MIKEY_E_INVAL;
    }
  }
  if (thdr && l->n == 0) {
    return MIKEY_E_INVAL;
  }
  mikey_wr w;
  int errpl;
  size_t erridx;
  mikey_wr_init(&w, out, cap);
  if (!thdr && l->n) {
    mikey_wr_u8(&w, (uint8_t)l->pl[0].type);
  }
  int rc = mikey_chain_enc(&w, l->pl, l->n, &errpl, &erridx);
  if (rc) {
    return rc;
  }
  l->len = mikey_wr_mark(&w);
  rc = mikey_wr_finish(&w, outlen);
  if (rc == 0) {
    l->buf = out;
  }
  return rc;
}

int mikey_tp_data_encode(mikey_plist *list, uint8_t *out, size_t cap, size_t *outlen) {
  return plist_enc(list, 0, out, cap, outlen);
}

int mikey_initiator_data_encode(mikey_plist *list, uint8_t *out, size_t cap, size_t *outlen) {
  return plist_enc(list, 0, out, cap, outlen);
}

int mikey_ticket_data_encode(mikey_plist *list, uint8_t *out, size_t cap, size_t *outlen) {
  return plist_enc(list, 1, out, cap, outlen);
}
