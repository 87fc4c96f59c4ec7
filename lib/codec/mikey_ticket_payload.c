/*
 * mikey_ticket_payload.c: the Ticket Policy payload TP and the Ticket payload TICKET
 * (RFC 6043 6.10). TICKET is TP followed by Ticket Data and Initiator Data, each after a
 * 16-bit length.
 */
#include "codec/mikey_codec_local.h"

/* The 24 bits after Version: PRF Func (7) | D..O (12 flags) | Res (5). */
#define TP_PRF_SHIFT   17
#define TP_FLAGS_SHIFT 5
#define TP_RES_MASK    0x1fu

int mikey_tp_dec(mikey_rd *r, mikey_tp *tp, size_t *erroff) {
  uint64_t bits;
  uint16_t n;
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &tp->ticket_type));
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &tp->subtype));
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &tp->version));
  size_t at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_uint(r, 3, &bits));
  if (bits & TP_RES_MASK) {
    *erroff = at + 2; /* the reserved bits sit in the last of the three bytes */
    return MIKEY_E_RESERVED;
  }
  tp->prf = (uint8_t)(bits >> TP_PRF_SHIFT);
  tp->flags = (uint16_t)((bits >> TP_FLAGS_SHIFT) & MIKEY_TP_FLAGS_ALL);
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &n));
  tp->tp_data_offset = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &tp->tp_data));
  return 0;
}

int mikey_tp_enc(mikey_wr *w, mikey_tp *tp) {
  if (!mikey_view_ok(&tp->tp_data)) {
    return MIKEY_E_INVAL;
  }
  if (tp->prf > 0x7f || (tp->flags & ~MIKEY_TP_FLAGS_ALL)) {
    return MIKEY_E_BAD_VALUE;
  }
  if (tp->tp_data.len > 0xffff) {
    return MIKEY_E_BAD_LENGTH;
  }
  mikey_wr_u16(w, tp->ticket_type);
  mikey_wr_u8(w, tp->subtype);
  mikey_wr_u8(w, tp->version);
  mikey_wr_uint(w, (uint64_t)tp->prf << TP_PRF_SHIFT | (uint64_t)tp->flags << TP_FLAGS_SHIFT,
                3);
  mikey_wr_u16(w, (uint16_t)tp->tp_data.len);
  tp->tp_data_offset = mikey_wr_mark(w);
  mikey_wr_bytes(w, tp->tp_data.data, tp->tp_data.len);
  return 0;
}

int mikey_ticket_dec(mikey_rd *r, mikey_ticket *t, size_t *erroff) {
  uint16_t n;
  int rc = mikey_tp_dec(r, &t->tp, erroff);
  if (rc) {
    return rc;
  }
  t->ticket_data_len_offset = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &n));
  t->ticket_data_offset = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &t->ticket_data));
  t->idata_len_offset = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &n));
  t->idata_offset = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &t->initiator_data));
  return 0;
}

int mikey_ticket_enc(mikey_wr *w, mikey_ticket *t) {
  if (!mikey_view_ok(&t->ticket_data) || !mikey_view_ok(&t->initiator_data)) {
    return MIKEY_E_INVAL;
  }
  if (t->ticket_data.len > 0xffff || t->initiator_data.len > 0xffff) {
    return MIKEY_E_BAD_LENGTH;
  }
  int rc = mikey_tp_enc(w, &t->tp);
  if (rc) {
    return rc;
  }
  t->ticket_data_len_offset = mikey_wr_mark(w);
  mikey_wr_u16(w, (uint16_t)t->ticket_data.len);
  t->ticket_data_offset = mikey_wr_mark(w);
  mikey_wr_bytes(w, t->ticket_data.data, t->ticket_data.len);
  t->idata_len_offset = mikey_wr_mark(w);
  mikey_wr_u16(w, (uint16_t)t->initiator_data.len);
  t->idata_offset = mikey_wr_mark(w);
  mikey_wr_bytes(w, t->initiator_data.data, t->initiator_data.len);
  return 0;
}
