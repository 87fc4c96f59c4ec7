/*
 * mikey_payload.c: one payload of any type: the Next Payload byte that starts every payload
 * but SIGN, then the body coder of that type.
 */
#include "codec/mikey_codec_local.h"

int mikey_pl_known(int type) {
  switch (type) {
  case MIKEY_PT_KEMAC:
  case MIKEY_PT_PKE:
  case MIKEY_PT_DH:
  case MIKEY_PT_SIGN:
  case MIKEY_PT_T:
  case MIKEY_PT_ID:
  case MIKEY_PT_CERT:
  case MIKEY_PT_CHASH:
  case MIKEY_PT_V:
  case MIKEY_PT_SP:
  case MIKEY_PT_RAND:
  case MIKEY_PT_ERR:
  case MIKEY_PT_TR:
  case MIKEY_PT_IDR:
  case MIKEY_PT_RANDR:
  case MIKEY_PT_TP:
  case MIKEY_PT_TICKET:
  case MIKEY_PT_KEYDATA:
  case MIKEY_PT_GEXT:
  case MIKEY_PT_SAKKE:
  case MIKEY_PT_HDR:
  case MIKEY_PT_THDR:
    return 1;
  default:
    return 0;
  }
}

/* pl_body_dec decodes the body of |p| (its type set) after the Next Payload byte. */
static int pl_body_dec(mikey_rd *r, mikey_payload *p, size_t *erroff) {
  switch (p->type) {
  case MIKEY_PT_KEMAC:
    return mikey_kemac_dec(r, &p->u.kemac, erroff);
  case MIKEY_PT_PKE:
    return mikey_pke_dec(r, &p->u.pke, erroff);
  case MIKEY_PT_DH:
    return mikey_dh_dec(r, &p->u.dh, erroff);
  case MIKEY_PT_T:
  case MIKEY_PT_TR:
    return mikey_ts_dec(r, &p->u.t, p->type == MIKEY_PT_TR, erroff);
  case MIKEY_PT_ID:
  case MIKEY_PT_CERT:
  case MIKEY_PT_IDR:
    return mikey_id_dec(r, &p->u.id, p->type == MIKEY_PT_IDR, erroff);
  case MIKEY_PT_CHASH:
    return mikey_chash_dec(r, &p->u.chash, erroff);
  case MIKEY_PT_V:
    return mikey_v_dec(r, &p->u.v, erroff);
  case MIKEY_PT_SP:
    return mikey_sp_dec(r, &p->u.sp, erroff);
  case MIKEY_PT_RAND:
  case MIKEY_PT_RANDR:
    return mikey_rand_dec(r, &p->u.rand, p->type == MIKEY_PT_RANDR, erroff);
  case MIKEY_PT_ERR:
    return mikey_err_payload_dec(r, &p->u.err, erroff);
  case MIKEY_PT_GEXT:
    return mikey_gext_dec(r, &p->u.gext, erroff);
  case MIKEY_PT_TP:
    return mikey_tp_dec(r, &p->u.tp, erroff);
  case MIKEY_PT_TICKET:
    return mikey_ticket_dec(r, &p->u.ticket, erroff);
  case MIKEY_PT_THDR:
    return mikey_thdr_dec(r, &p->u.thdr, erroff);
  case MIKEY_PT_SAKKE:
    return mikey_sakke_dec(r, &p->u.sakke, erroff);
  default:
    *erroff = mikey_rd_offset(r);
    return MIKEY_E_INTERNAL;
  }
}

int mikey_pl_dec(mikey_rd *r, int type, mikey_payload *p, uint8_t *next, size_t *erroff) {
  p->type = type;
  p->offset = mikey_rd_offset(r);
  if (type == MIKEY_PT_HDR || type == MIKEY_PT_KEYDATA) {
    *erroff = p->offset;
    return MIKEY_E_UNEXPECTED_PAYLOAD;
  }
  if (!mikey_pl_known(type)) {
    *erroff = p->offset;
    return MIKEY_E_UNKNOWN_PAYLOAD;
  }
  int rc;
  if (type == MIKEY_PT_SIGN) {
    *next = MIKEY_PT_LAST;
    rc = mikey_sign_dec(r, &p->u.sign, erroff);
  } else {
    MIKEY_TRY(r, erroff, mikey_rd_u8(r, next));
    rc = pl_body_dec(r, p, erroff);
  }
  if (rc == 0) {
    p->len = mikey_rd_offset(r) - p->offset;
  }
  return rc;
}

/* pl_body_enc encodes the body of |p| after the Next Payload byte. */
static int pl_body_enc(mikey_wr *w, mikey_payload *p) {
  switch (p->type) {
  case MIKEY_PT_KEMAC:
    return mikey_kemac_enc(w, &p->u.kemac);
  case MIKEY_PT_PKE:
    return mikey_pke_enc(w, &p->u.pke);
  case MIKEY_PT_DH:
    return mikey_dh_enc(w, &p->u.dh);
  case MIKEY_PT_T:
  case MIKEY_PT_TR:
    return mikey_ts_enc(w, &p->u.t, p->type == MIKEY_PT_TR);
  case MIKEY_PT_ID:
  case MIKEY_PT_CERT:
  case MIKEY_PT_IDR:
    return mikey_id_enc(w, &p->u.id, p->type == MIKEY_PT_IDR);
  case MIKEY_PT_CHASH:
    return mikey_chash_enc(w, &p->u.chash);
  case MIKEY_PT_V:
    return mikey_v_enc(w, &p->u.v);
  case MIKEY_PT_SP:
    return mikey_sp_enc(w, &p->u.sp);
  case MIKEY_PT_RAND:
  case MIKEY_PT_RANDR:
    return mikey_rand_enc(w, &p->u.rand, p->type == MIKEY_PT_RANDR);
  case MIKEY_PT_ERR:
    return mikey_err_payload_enc(w, &p->u.err);
  case MIKEY_PT_GEXT:
    return mikey_gext_enc(w, &p->u.gext);
  case MIKEY_PT_TP:
    return mikey_tp_enc(w, &p->u.tp);
  case MIKEY_PT_TICKET:
    return mikey_ticket_enc(w, &p->u.ticket);
  case MIKEY_PT_THDR:
    return mikey_thdr_enc(w, &p->u.thdr);
  case MIKEY_PT_SAKKE:
    return mikey_sakke_enc(w, &p->u.sakke);
  default:
    return MIKEY_E_INTERNAL;
  }
}

int mikey_pl_enc(mikey_wr *w, mikey_payload *p, uint8_t next) {
  if (p->type == MIKEY_PT_HDR || p->type == MIKEY_PT_KEYDATA) {
    return MIKEY_E_UNEXPECTED_PAYLOAD;
  }
  if (!mikey_pl_known(p->type)) {
    return MIKEY_E_UNKNOWN_PAYLOAD;
  }
  size_t start = mikey_wr_mark(w);
  int rc;
  if (p->type == MIKEY_PT_SIGN) {
    /* SIGN has no Next Payload field: nothing may follow it */
    if (next != MIKEY_PT_LAST) {
      return MIKEY_E_INVAL;
    }
    rc = mikey_sign_enc(w, &p->u.sign);
  } else {
    mikey_wr_u8(w, next);
    rc = pl_body_enc(w, p);
  }
  if (rc == 0) {
    p->offset = start;
    p->len = mikey_wr_mark(w) - start;
  }
  return rc;
}

int mikey_payload_decode(mikey_payload *p, int type, const uint8_t *buf, size_t len,
                         uint8_t *next, size_t *consumed) {
  if (!p || !next || (!buf && len)) {
    return MIKEY_E_INVAL;
  }
  mikey_rd r;
  size_t erroff = 0;
  mikey_rd_init(&r, buf, len);
  int rc = mikey_pl_dec(&r, type, p, next, &erroff);
  if (rc) {
    return rc;
  }
  if (consumed) {
    *consumed = p->len;
    return 0;
  }
  return mikey_rd_done(&r);
}

int mikey_payload_encode(mikey_payload *p, uint8_t next, uint8_t *out, size_t cap,
                         size_t *outlen) {
  if (!p || !outlen) {
    return MIKEY_E_INVAL;
  }
  mikey_wr w;
  mikey_wr_init(&w, out, cap);
  int rc = mikey_pl_enc(&w, p, next);
  if (rc) {
    return rc;
  }
  return mikey_wr_finish(&w, outlen);
}
