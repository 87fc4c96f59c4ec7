/*
 * mikey_initiator_data.c: the Initiator Data of a TICKET payload (RFC 6043 6.10; PROFILE.md
 * section 6):
 *
 *   Initiator Data = First Payload, Vi, Vr
 *   Vi = a copy of the TRANSFER_INIT's V payload (Auth alg and MAC, D14)
 *   Vr = MAC(auth_key, Initiator Data without the Vr MAC field), same Auth alg as Vi,
 *        auth_key = PRF(MPKr, 0x2D22AC75 || 0xFF || 0xFFFFFFFF || 0x04), MPKr not forked,
 *        Ticket Policy PRF (D2)
 *
 * Initiator Data is present if and only if the I flag is set. Neither the ticket MAC (A.1) nor
 * the TRANSFER_INIT MAC (5.5) covers the Initiator Data or its length, so it is inserted after
 * both are computed.
 */
#include <string.h>

#include "ticket/mikey_ticket_local.h"

#include "crypto/mikey_kdf.h"

int mikey_initiator_data_size(uint8_t mac_alg, size_t *len) {
  if (!len) {
    return MIKEY_E_INVAL;
  }
  size_t tag;
  if (mac_alg == MIKEY_MAC_NULL || mikey_suite_tag_len(mac_alg, &tag)) {
    return MIKEY_E_SUITE_MAC;
  }
  /* First Payload (1), then two V payloads: Next Payload, Auth alg, MAC */
  *len = 1 + 2 * (2 + tag);
  return 0;
}

/* vr_setkey keys ctx->mac for the Vr MAC: auth_key from the unforked MPKr with label 0x04
 * (6.10) under the Ticket Policy PRF |prf|, sized for |mac_alg|. */
static int vr_setkey(mikey_ticket_ctx *ctx, uint8_t prf, const uint8_t *mpkr, size_t mpkr_len,
                     uint8_t mac_alg) {
  size_t alen;
  int rc = mikey_suite_auth_key_len(mac_alg, &alen);
  if (rc) {
    return rc;
  }
  /* RFC 6043 12.1: keys of 128 bits at least */
  if (mpkr_len < MIKEY_SUITE_MIN_KEY) {
    return MIKEY_E_KEY_LENGTH;
  }
  uint8_t auth[MIKEY_SUITE_MAX_AUTH_KEY];
  rc = mikey_prf_setkey(&ctx->prf, prf, mpkr, mpkr_len);
  if (rc == 0) {
    rc = mikey_kdf_vr(&ctx->prf, MIKEY_KDF_AUTH, auth, alen);
  }
  if (rc == 0) {
    rc = mikey_mac_setkey(&ctx->mac, mac_alg, auth, alen);
  }
  mikey_memzero(auth, sizeof(auth));
  return rc;
}

int mikey_initiator_data_build(mikey_ticket_ctx *ctx, uint8_t tp_prf, const uint8_t *mpkr,
                               size_t mpkr_len, const mikey_v *vi, uint8_t *out, size_t cap,
                               size_t *outlen) {
  if (!ctx || !mpkr || !vi || !outlen || (!out && cap) || (!vi->mac.data && vi->mac.len)) {
    return MIKEY_E_INVAL;
  }
  *outlen = 0;
  /* D3: Vi's algorithm (so Vr's) belongs to the Ticket Policy PRF's suite */
  int rc = mikey_suite_check_mac(tp_prf, vi->alg, 0);
  if (rc) {
    return rc;
  }
  size_t tag;
  rc = mikey_suite_tag_len(vi->alg, &tag);
  if (rc) {
    return rc;
  }
  if (vi->mac.len != tag) {
    return MIKEY_E_INVAL;
  }
  static const uint8_t zero_tag[MIKEY_SUITE_MAX_TAG];
  mikey_plist l;
  mikey_plist_init(&l);
  mikey_payload *p = mikey_plist_add(&l, MIKEY_PT_V);
  p->u.v.alg = vi->alg;
  p->u.v.mac = vi->mac;
  p = mikey_plist_add(&l, MIKEY_PT_V);
  /* "The authentication algorithm SHALL be the same as used for the Vi payload." */
  p->u.v.alg = vi->alg;
  p->u.v.mac = (mikey_bytes){zero_tag, tag};
  /* sizes first: a short buffer is reported before any crypto */
  rc = mikey_initiator_data_encode(&l, out, cap, outlen);
  if (rc) {
    return rc;
  }
  /* Vr: "the MAC SHALL cover the entire Initiator Data field except the MAC field itself";
   * Vr is the last payload, its MAC the last field */
  size_t mac_at = l.pl[1].u.v.mac_offset;
  if (mac_at + tag != *outlen) {
    return MIKEY_E_INTERNAL;
  }
  rc = vr_setkey(ctx, tp_prf, mpkr, mpkr_len, vi->alg);
  if (rc == 0) {
    mikey_iov cover = {out, mac_at};
    rc = mikey_mac_compute(&ctx->mac, &cover, 1, out + mac_at, tag);
  }
  if (rc) {
    mikey_memzero(out, *outlen);
  }
  return rc;
}

int mikey_ticket_insert_initiator_data(uint8_t *buf, size_t len, size_t cap, size_t start,
                                       const uint8_t *idata, size_t idata_len,
                                       size_t *new_len) {
  if (!buf || !new_len || (!idata && idata_len) || start >= len || len > cap) {
    return MIKEY_E_INVAL;
  }
  *new_len = len;
  if (idata_len > 0xffff) {
    return MIKEY_E_BAD_LENGTH;
  }
  /* the new Initiator Data may not come from the buffer it is moved within */
  if (idata_len && idata + idata_len > buf && idata < buf + cap) {
    return MIKEY_E_INVAL;
  }
  mikey_payload p;
  uint8_t next;
  size_t consumed;
  int rc = mikey_payload_decode(&p, MIKEY_PT_TICKET, buf + start, len - start, &next, &consumed);
  if (rc) {
    return rc;
  }
  /* 6.10: Initiator Data "SHALL be inserted by the Initiator if and only if key forking is
   * used (I flag)"; removing it is always allowed */
  if (idata_len && !(p.u.ticket.tp.flags & MIKEY_TP_I)) {
    return MIKEY_E_VI_MISSING;
  }
  size_t old_len = p.u.ticket.initiator_data.len;
  size_t len_at = start + p.u.ticket.idata_len_offset;  /* Initiator Data length field */
  size_t tail_at = start + consumed;                    /* first byte after the payload */
  size_t tail_len = len - tail_at;
  size_t total;
  if (idata_len > old_len) {
    size_t grow = idata_len - old_len;
    if (grow > cap - len) {
      *new_len = grow > SIZE_MAX - len ? SIZE_MAX : len + grow;
      return MIKEY_E_BUFFER_TOO_SMALL;
    }
    total = len + grow;
  } else {
    total = len - (old_len - idata_len);
  }
  /* neither the ticket MAC (A.1) nor the TRANSFER_INIT MAC (5.5) covers these bytes */
  memmove(buf + len_at + 2 + idata_len, buf + tail_at, tail_len);
  if (idata_len) {
    memcpy(buf + len_at + 2, idata, idata_len);
  }
  buf[len_at] = (uint8_t)(idata_len >> 8);
  buf[len_at + 1] = (uint8_t)idata_len;
  if (total < len) {
    mikey_memzero(buf + total, len - total);
  }
  *new_len = total;
  return 0;
}

int mikey_ticket_check_initiator_data(const mikey_ticket_view *tv) {
  if (!tv || !tv->buf) {
    return MIKEY_E_INVAL;
  }
  int forking = (tv->policy.flags & MIKEY_TP_I) != 0;
  int present = tv->ticket.initiator_data.len != 0;
  return forking == present ? 0 : MIKEY_E_VI_MISSING;
}

int mikey_initiator_data_verify(mikey_ticket_ctx *ctx, const mikey_ticket_view *tv,
                                const uint8_t *mpkr, size_t mpkr_len) {
  if (!ctx || !tv || !mpkr) {
    return MIKEY_E_INVAL;
  }
  int rc = mikey_ticket_check_initiator_data(tv);
  if (rc) {
    return rc;
  }
  if (!tv->has_idata) {
    return MIKEY_E_VI_MISSING;
  }
  /* "The authentication algorithm SHALL be the same as used for the Vi payload", and of the
   * Ticket Policy PRF's suite (D3) */
  if (tv->vr.alg != tv->vi.alg) {
    return MIKEY_E_SUITE_MAC;
  }
  rc = mikey_suite_check_mac(tv->policy.prf, tv->vr.alg, 0);
  if (rc == 0) {
    rc = vr_setkey(ctx, tv->policy.prf, mpkr, mpkr_len, tv->vr.alg);
  }
  if (rc) {
    return rc;
  }
  size_t from = tv->ticket.idata_offset;
  mikey_iov cover = {tv->buf + from, tv->vr.mac_offset - from};
  return mikey_mac_verify(&ctx->mac, &cover, 1, tv->vr.mac.data, tv->vr.mac.len);
}

int mikey_initiator_data_check_vi(const mikey_ticket_view *tv, const mikey_v *v) {
  if (!tv || !v || (!v->mac.data && v->mac.len)) {
    return MIKEY_E_INVAL;
  }
  if (!tv->has_idata) {
    return MIKEY_E_VI_MISSING;
  }
  /* 6.10 "The Vi payload SHALL be identical to the V payload in the TRANSFER_INIT message";
   * D14: Auth alg and MAC (the Next Payload fields differ by position). The lengths are
   * public (they follow from the algorithm); the MAC bytes are compared in constant time. */
  if (v->alg != tv->vi.alg || v->mac.len != tv->vi.mac.len ||
      !mikey_ct_equal(v->mac.data, tv->vi.mac.data, v->mac.len)) {
    return MIKEY_E_VI_MISMATCH;
  }
  return 0;
}
