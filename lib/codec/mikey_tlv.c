/*
 * mikey_tlv.c: Type/Length/Value lists with an 8-bit type and an 8-bit length: the policy
 * parameters of an SP payload (RFC 3830 6.10) and the Key ID sub-payloads of a Key ID
 * General Extension (RFC 4563 section 4).
 */
#include "codec/mikey_codec_local.h"

int mikey_tlv_check(mikey_bytes list, size_t base, size_t *count, size_t *erroff) {
  size_t pos = 0, n = 0;
  while (pos < list.len) {
    /* a TLV needs its two header bytes and then its value inside the list */
    if (list.len - pos < 2 || list.data[pos + 1] > list.len - pos - 2) {
      *erroff = base + pos;
      return MIKEY_E_BAD_LENGTH;
    }
    pos += 2 + (size_t)list.data[pos + 1];
    n++;
  }
  *count = n;
  return 0;
}

int mikey_tlv_next(mikey_bytes *list, mikey_tlv *out) {
  if (!list || !out) {
    return MIKEY_E_INVAL;
  }
  if (list->len == 0) {
    return 0;
  }
  if (list->len < 2 || list->data[1] > list->len - 2) {
    return MIKEY_E_BAD_LENGTH;
  }
  size_t vlen = list->data[1];
  out->type = list->data[0];
  out->value.data = vlen ? list->data + 2 : NULL;
  out->value.len = vlen;
  list->data += 2 + vlen;
  list->len -= 2 + vlen;
  return 1;
}

int mikey_tlv_encode(const mikey_tlv *tlv, size_t n, uint8_t *out, size_t cap,
                     size_t *outlen) {
  if ((!tlv && n) || !outlen) {
    return MIKEY_E_INVAL;
  }
  for (size_t i = 0; i < n; i++) {
    if (!mikey_view_ok(&tlv[i].value)) {
      return MIKEY_E_INVAL;
    }
    if (tlv[i].value.len > 0xff) {
      return MIKEY_E_BAD_LENGTH;
    }
  }
  mikey_wr w;
  mikey_wr_init(&w, out, cap);
  for (size_t i = 0; i < n; i++) {
    mikey_wr_u8(&w, tlv[i].type);
    mikey_wr_u8(&w, (uint8_t)tlv[i].value.len);
    mikey_wr_bytes(&w, tlv[i].value.data, tlv[i].value.len);
  }
  return mikey_wr_finish(&w, outlen);
}
