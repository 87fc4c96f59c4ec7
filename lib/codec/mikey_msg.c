/*
 * mikey_msg.c: whole MIKEY messages: the HDR, then the payload chain it starts
 * (RFC 3830 5.3 and 6.1).
 */
#include <string.h>

#include "codec/mikey_codec_local.h"

int mikey_msg_decode(mikey_msg *msg, const uint8_t *buf, size_t len) {
  if (!msg || (!buf && len)) {
    return MIKEY_E_INVAL;
  }
  mikey_rd r;
  size_t erroff = 0;
  int errpl = MIKEY_PT_HDR;
  uint8_t next;
  mikey_rd_init(&r, buf, len);
  msg->buf = buf;
  msg->len = len;
  msg->n = 0;
  msg->err_offset = 0;
  msg->err_payload = MIKEY_PT_HDR;
  int rc = mikey_hdr_dec(&r, &msg->hdr, &next, &erroff);
  if (rc == 0) {
    rc = mikey_chain_dec(&r, next, msg->pl, &msg->n, &erroff, &errpl);
  }
  if (rc == 0 && mikey_rd_left(&r)) {
    /* RFC 3830 5.3: the last payload ends the message */
    rc = MIKEY_E_TRAILING;
    erroff = mikey_rd_offset(&r);
    errpl = msg->n ? msg->pl[msg->n - 1].type : MIKEY_PT_HDR;
  }
  if (rc) {
    msg->err_offset = erroff;
    msg->err_payload = errpl;
  }
  return rc;
}

void mikey_msg_init(mikey_msg *msg, uint8_t data_type) {
  if (!msg) {
    return;
  }
  /* only the parts a builder reads are cleared: the struct is large */
  memset(&msg->hdr, 0, sizeof(msg->hdr));
  msg->hdr.version = MIKEY_HDR_VERSION;
  msg->hdr.data_type = data_type;
  msg->buf = NULL;
  msg->len = 0;
  msg->n = 0;
  msg->err_offset = 0;
  msg->err_payload = MIKEY_PT_LAST;
}

const mikey_payload mikey_payload_zero;

mikey_payload *mikey_msg_add(mikey_msg *msg, int type) {
  if (!msg || msg->n >= MIKEY_MAX_PAYLOADS) {
    return NULL;
  }
  mikey_payload *p = &msg->pl[msg->n++];
  *p = mikey_payload_zero;
  p->type = type;
  return p;
}

int mikey_msg_encode(mikey_msg *msg, uint8_t *out, size_t cap, size_t *outlen) {
  if (!msg || !outlen || msg->n > MIKEY_MAX_PAYLOADS) {
    return MIKEY_E_INVAL;
  }
  mikey_wr w;
  int first = msg->n ? msg->pl[0].type : MIKEY_PT_LAST;
  mikey_wr_init(&w, out, cap);
  msg->err_payload = MIKEY_PT_HDR;
  msg->err_offset = SIZE_MAX;
  if (first < 0 || first > 0xff) {
    msg->err_payload = first;
    msg->err_offset = 0;
    return MIKEY_E_UNEXPECTED_PAYLOAD;
  }
  int rc = mikey_hdr_enc(&w, &msg->hdr, (uint8_t)first);
  if (rc == 0) {
    rc = mikey_chain_enc(&w, msg->pl, msg->n, &msg->err_payload, &msg->err_offset);
  }
  if (rc) {
    return rc;
  }
  rc = mikey_wr_finish(&w, outlen);
  msg->len = *outlen;
  if (rc == 0) {
    msg->buf = out;
  }
  msg->err_payload = MIKEY_PT_LAST;
  msg->err_offset = 0;
  return rc;
}

/* mikey_payload_role returns the role byte of an IDR, RANDR or TR payload, -1 for any other
 * type (RFC 6043 6.4, 6.6, 6.8). */
int mikey_payload_role(const mikey_payload *p) {
  switch (p->type) {
  case MIKEY_PT_IDR:
    return p->u.id.role;
  case MIKEY_PT_RANDR:
    return p->u.rand.role;
  case MIKEY_PT_TR:
    return p->u.t.role;
  default:
    return -1;
  }
}

const mikey_payload *mikey_find(const mikey_payload *pl, size_t n, int type, int role) {
  if (!pl) {
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    if (pl[i].type != type) {
      continue;
    }
    int have = mikey_payload_role(&pl[i]);
    if (role < 0 || have < 0 || have == role) {
      return &pl[i];
    }
  }
  return NULL;
}

const mikey_payload *mikey_msg_find(const mikey_msg *msg, int type, int role) {
  return msg ? mikey_find(msg->pl, msg->n, type, role) : NULL;
}
