/*
 * mikey_hdr.c: the Common Header payload and its CS ID map (RFC 3830 6.1 and 6.1.1,
 * RFC 6043 6.1 and 6.1.1, RFC 4563 section 5).
 */
#include "codec/mikey_codec_local.h"

/* hdr_dt_known: data types 0..6 (RFC 3830), 7..10 (RFC 4650, RFC 4738), 11..18 (RFC 6043)
 * and 26 (RFC 6509). */
static int hdr_dt_known(unsigned dt) { return dt <= MIKEY_DT_RESOLVE_RESP || dt == MIKEY_DT_SAKKE; }

/* hdr_cs_dec reads crypto session |i| of map type |map| (known). */
static int hdr_cs_dec(mikey_rd *r, uint8_t map, size_t i, mikey_cs *cs, size_t *erroff) {
  if (map == MIKEY_MAP_SRTP_ID) {
    /* RFC 3830 6.1.1: Policy_no_i, SSRC_i, ROC_i; the CS ID is the index */
    cs->cs_id = (uint8_t)(i + 1);
    MIKEY_TRY(r, erroff, mikey_rd_u8(r, &cs->policy_no));
    MIKEY_TRY(r, erroff, mikey_rd_u32(r, &cs->ssrc));
    MIKEY_TRY(r, erroff, mikey_rd_u32(r, &cs->roc));
    return 0;
  }
  /* RFC 6043 6.1.1: CS ID, Prot type, S | #P, Ps, Session Data length, Session Data,
   * SPI length, SPI */
  uint8_t b;
  uint16_t sdlen;
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &cs->cs_id));
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &cs->prot_type));
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &b));
  cs->s = (uint8_t)(b >> 7);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, b & 0x7fu, &cs->policies));
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &sdlen));
  MIKEY_TRY(r, erroff, mikey_view_rd(r, sdlen, &cs->session_data));
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &b));
  MIKEY_TRY(r, erroff, mikey_view_rd(r, b, &cs->spi));
  return 0;
}

int mikey_hdr_dec(mikey_rd *r, mikey_hdr *h, uint8_t *next, size_t *erroff) {
  size_t start = mikey_rd_offset(r), at;
  uint8_t b;
  at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &h->version));
  if (h->version != MIKEY_HDR_VERSION) {
    *erroff = at;
    return MIKEY_E_BAD_VERSION;
  }
  at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &h->data_type));
  if (!hdr_dt_known(h->data_type)) {
    *erroff = at;
    return MIKEY_E_BAD_DATA_TYPE;
  }
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, next));
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &b));
  h->v = (uint8_t)(b >> 7);
  h->prf = b & 0x7fu;
  MIKEY_TRY(r, erroff, mikey_rd_u32(r, &h->csb_id));
  size_t ncs_at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &h->n_cs));
  at = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &h->map_type));
  switch (h->map_type) {
  case MIKEY_MAP_EMPTY:
    /* RFC 4563 section 5: no map info; the map describes no crypto session */
    if (h->n_cs != 0) {
      *erroff = ncs_at;
      return MIKEY_E_BAD_COUNT;
    }
    break;
  case MIKEY_MAP_SRTP_ID:
  case MIKEY_MAP_GENERIC_ID:
    if (h->n_cs > MIKEY_MAX_CS) {
      *erroff = ncs_at;
      return MIKEY_E_TOO_MANY;
    }
    for (size_t i = 0; i < h->n_cs; i++) {
      int rc = hdr_cs_dec(r, h->map_type, i, &h->cs[i], erroff);
      if (rc) {
        return rc;
      }
    }
    break;
  default:
    *erroff = at;
    return MIKEY_E_BAD_VALUE;
  }
  h->len = mikey_rd_offset(r) - start;
  return 0;
}

/* hdr_check refuses a header that would not encode to something decode accepts. */
static int hdr_check(const mikey_hdr *h) {
  if (h->version != MIKEY_HDR_VERSION || !hdr_dt_known(h->data_type) || h->v > 1 ||
      h->prf > 0x7f) {
    return MIKEY_E_BAD_VALUE;
  }
  switch (h->map_type) {
  case MIKEY_MAP_EMPTY:
    return h->n_cs == 0 ? 0 : MIKEY_E_BAD_COUNT;
  case MIKEY_MAP_SRTP_ID:
    return h->n_cs <= MIKEY_MAX_CS ? 0 : MIKEY_E_TOO_MANY;
  case MIKEY_MAP_GENERIC_ID:
    if (h->n_cs > MIKEY_MAX_CS) {
      return MIKEY_E_TOO_MANY;
    }
    for (size_t i = 0; i < h->n_cs; i++) {
      const mikey_cs *cs = &h->cs[i];
      if (!mikey_view_ok(&cs->policies) || !mikey_view_ok(&cs->session_data) ||
          !mikey_view_ok(&cs->spi)) {
        return MIKEY_E_INVAL;
      }
      if (cs->s > 1) {
        return MIKEY_E_BAD_VALUE;
      }
      if (cs->policies.len > 0x7f) {
        return MIKEY_E_TOO_MANY;
      }
      if (cs->session_data.len > 0xffff || cs->spi.len > 0xff) {
        return MIKEY_E_BAD_LENGTH;
      }
    }
    return 0;
  default:
    return MIKEY_E_BAD_VALUE;
  }
}

int mikey_hdr_enc(mikey_wr *w, mikey_hdr *h, uint8_t next) {
  int rc = hdr_check(h);
  if (rc) {
    return rc;
  }
  size_t start = mikey_wr_mark(w);
  mikey_wr_u8(w, h->version);
  mikey_wr_u8(w, h->data_type);
  mikey_wr_u8(w, next);
  mikey_wr_u8(w, (uint8_t)(h->v << 7 | h->prf));
  mikey_wr_u32(w, h->csb_id);
  mikey_wr_u8(w, h->n_cs);
  mikey_wr_u8(w, h->map_type);
  for (size_t i = 0; i < h->n_cs; i++) {
    const mikey_cs *cs = &h->cs[i];
    if (h->map_type == MIKEY_MAP_SRTP_ID) {
      mikey_wr_u8(w, cs->policy_no);
      mikey_wr_u32(w, cs->ssrc);
      mikey_wr_u32(w, cs->roc);
    } else {
      mikey_wr_u8(w, cs->cs_id);
      mikey_wr_u8(w, cs->prot_type);
      mikey_wr_u8(w, (uint8_t)(cs->s << 7 | cs->policies.len));
      mikey_wr_bytes(w, cs->policies.data, cs->policies.len);
      mikey_wr_u16(w, (uint16_t)cs->session_data.len);
      mikey_wr_bytes(w, cs->session_data.data, cs->session_data.len);
      mikey_wr_u8(w, (uint8_t)cs->spi.len);
      mikey_wr_bytes(w, cs->spi.data, cs->spi.len);
    }
  }
  h->len = mikey_wr_mark(w) - start;
  return 0;
}

int mikey_hdr_decode(mikey_hdr *hdr, const uint8_t *buf, size_t len, uint8_t *next,
                     size_t *consumed) {
  if (!hdr || !next || (!buf && len)) {
    return MIKEY_E_INVAL;
  }
  mikey_rd r;
  size_t erroff = 0;
  mikey_rd_init(&r, buf, len);
  int rc = mikey_hdr_dec(&r, hdr, next, &erroff);
  if (rc) {
    return rc;
  }
  if (consumed) {
    *consumed = mikey_rd_offset(&r);
    return 0;
  }
  return mikey_rd_done(&r);
}

int mikey_hdr_encode(mikey_hdr *hdr, uint8_t next, uint8_t *out, size_t cap, size_t *outlen) {
  if (!hdr || !outlen) {
    return MIKEY_E_INVAL;
  }
  mikey_wr w;
  mikey_wr_init(&w, out, cap);
  int rc = mikey_hdr_enc(&w, hdr, next);
  if (rc) {
    return rc;
  }
  return mikey_wr_finish(&w, outlen);
}
