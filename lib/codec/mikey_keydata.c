/*
 * mikey_keydata.c: key data sub-payloads and key validity data (RFC 3830 6.13 and 6.14,
 * RFC 6043 6.2.1), and the list of them that a KEMAC's Encr data holds (RFC 3830 6.2).
 */
#include "codec/mikey_codec_local.h"

/* kd_has_salt: the +SALT key types carry Salt len and Salt data (RFC 3830 Table 6.13.a,
 * RFC 6043 Table 6.7). */
static int kd_has_salt(unsigned type) {
  return type == MIKEY_KEY_TGK_SALT || type == MIKEY_KEY_TEK_SALT ||
         type == MIKEY_KEY_GTGK_SALT;
}

static int kd_type_known(unsigned type) { return type <= MIKEY_KEY_MPK; }

static int kv_known(unsigned type) { return type <= MIKEY_KV_INTERVAL; }

int mikey_kv_dec(mikey_rd *r, uint8_t type, mikey_kv *kv, size_t *erroff) {
  uint8_t n;
  kv->type = type;
  kv->spi = kv->from = kv->to = (mikey_bytes){NULL, 0};
  switch (type) {
  case MIKEY_KV_NULL:
    return 0;
  case MIKEY_KV_SPI:
    MIKEY_TRY(r, erroff, mikey_rd_u8(r, &n));
    MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &kv->spi));
    return 0;
  case MIKEY_KV_INTERVAL:
    MIKEY_TRY(r, erroff, mikey_rd_u8(r, &n));
    MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &kv->from));
    MIKEY_TRY(r, erroff, mikey_rd_u8(r, &n));
    MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &kv->to));
    return 0;
  default:
    /* callers check the type where it stands; this is only a backstop */
    *erroff = mikey_rd_offset(r);
    return MIKEY_E_BAD_VALUE;
  }
}

int mikey_kv_check(const mikey_kv *kv) {
  if (!kv_known(kv->type)) {
    return MIKEY_E_BAD_VALUE;
  }
  if (!mikey_view_ok(&kv->spi) || !mikey_view_ok(&kv->from) || !mikey_view_ok(&kv->to)) {
    return MIKEY_E_INVAL;
  }
  if (kv->spi.len > 0xff || kv->from.len > 0xff || kv->to.len > 0xff) {
    return MIKEY_E_BAD_LENGTH;
  }
  /* fields of another KV type would be silently dropped: refuse them */
  if ((kv->type != MIKEY_KV_SPI && kv->spi.len) ||
      (kv->type != MIKEY_KV_INTERVAL && (kv->from.len || kv->to.len))) {
    return MIKEY_E_BAD_VALUE;
  }
  return 0;
}

void mikey_kv_enc(mikey_wr *w, const mikey_kv *kv) {
  if (kv->type == MIKEY_KV_SPI) {
    mikey_wr_u8(w, (uint8_t)kv->spi.len);
    mikey_wr_bytes(w, kv->spi.data, kv->spi.len);
  } else if (kv->type == MIKEY_KV_INTERVAL) {
    mikey_wr_u8(w, (uint8_t)kv->from.len);
    mikey_wr_bytes(w, kv->from.data, kv->from.len);
    mikey_wr_u8(w, (uint8_t)kv->to.len);
    mikey_wr_bytes(w, kv->to.data, kv->to.len);
  }
}

int mikey_keydata_dec(mikey_rd *r, mikey_keydata *kd, size_t *erroff) {
  size_t at = mikey_rd_offset(r);
  uint8_t b;
  uint16_t n;
  /* Type (4 bits) | KV (4 bits) */
  MIKEY_TRY(r, erroff, mikey_rd_u8(r, &b));
  kd->type = (uint8_t)(b >> 4);
  if (!kd_type_known(kd->type) || !kv_known(b & 0x0fu)) {
    *erroff = at;
    return MIKEY_E_BAD_VALUE;
  }
  MIKEY_TRY(r, erroff, mikey_rd_u16(r, &n));
  kd->key_offset = mikey_rd_offset(r);
  MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &kd->key));
  kd->salt = (mikey_bytes){NULL, 0};
  if (kd_has_salt(kd->type)) {
    MIKEY_TRY(r, erroff, mikey_rd_u16(r, &n));
    MIKEY_TRY(r, erroff, mikey_view_rd(r, n, &kd->salt));
  }
  return mikey_kv_dec(r, b & 0x0fu, &kd->kv, erroff);
}

int mikey_keydata_enc(mikey_wr *w, mikey_keydata *kd) {
  if (!mikey_view_ok(&kd->key) || !mikey_view_ok(&kd->salt)) {
    return MIKEY_E_INVAL;
  }
  if (!kd_type_known(kd->type) || (!kd_has_salt(kd->type) && kd->salt.len)) {
    return MIKEY_E_BAD_VALUE;
  }
  if (kd->key.len > 0xffff || kd->salt.len > 0xffff) {
    return MIKEY_E_BAD_LENGTH;
  }
  int rc = mikey_kv_check(&kd->kv);
  if (rc) {
    return rc;
  }
  mikey_wr_u8(w, (uint8_t)(kd->type << 4 | kd->kv.type));
  mikey_wr_u16(w, (uint16_t)kd->key.len);
  kd->key_offset = mikey_wr_mark(w);
  mikey_wr_bytes(w, kd->key.data, kd->key.len);
  if (kd_has_salt(kd->type)) {
    mikey_wr_u16(w, (uint16_t)kd->salt.len);
    mikey_wr_bytes(w, kd->salt.data, kd->salt.len);
  }
  mikey_kv_enc(w, &kd->kv);
  return 0;
}

/* kd_list_dec is mikey_keydata_decode without the argument checks and error record. */
static int kd_list_dec(mikey_keydata_list *l, mikey_rd *r, unsigned flags, size_t *erroff,
                       int *errpl) {
  uint8_t next = MIKEY_PT_KEYDATA;
  if (flags & MIKEY_KD_WITH_ID) {
    /* RFC 3830 6.2: in the public-key method the Initiator's ID payload comes first */
    *errpl = MIKEY_PT_ID;
    MIKEY_TRY(r, erroff, mikey_rd_u8(r, &next));
    int rc = mikey_id_dec(r, &l->id, 0, erroff);
    if (rc) {
      return rc;
    }
    l->has_id = 1;
  } else if (mikey_rd_left(r) == 0) {
    return 0; /* an update message may carry no key (RFC 3830 6.2) */
  }
  /* RFC 3830 6.13: each key names the next with 20 (Key data) or 0 (Last payload) */
  while (next != MIKEY_PT_LAST) {
    *errpl = next;
    if (next != MIKEY_PT_KEYDATA) {
      *erroff = mikey_rd_offset(r);
      return mikey_pl_known(next) ? MIKEY_E_UNEXPECTED_PAYLOAD : MIKEY_E_UNKNOWN_PAYLOAD;
    }
    if (l->n == MIKEY_MAX_KEYS) {
      *erroff = mikey_rd_offset(r);
      return MIKEY_E_TOO_MANY;
    }
    mikey_keydata *kd = &l->kd[l->n];
    kd->offset = mikey_rd_offset(r);
    MIKEY_TRY(r, erroff, mikey_rd_u8(r, &next));
    int rc = mikey_keydata_dec(r, kd, erroff);
    if (rc) {
      return rc;
    }
    kd->len = mikey_rd_offset(r) - kd->offset;
    l->n++;
  }
  if (mikey_rd_left(r)) {
    *erroff = mikey_rd_offset(r);
    return MIKEY_E_TRAILING;
  }
  return 0;
}

int mikey_keydata_decode(mikey_keydata_list *list, const uint8_t *buf, size_t len,
                         unsigned flags) {
  if (!list || (!buf && len)) {
    return MIKEY_E_INVAL;
  }
  mikey_rd r;
  mikey_rd_init(&r, buf, len);
  list->buf = buf;
  list->len = len;
  list->has_id = 0;
  list->n = 0;
  list->err_offset = 0;
  list->err_payload = MIKEY_PT_KEYDATA;
  size_t erroff = 0;
  int errpl = MIKEY_PT_KEYDATA;
  int rc = kd_list_dec(list, &r, flags, &erroff, &errpl);
  if (rc) {
    list->err_offset = erroff;
    list->err_payload = errpl;
  }
  return rc;
}

int mikey_keydata_encode(mikey_keydata_list *list, uint8_t *out, size_t cap, size_t *outlen) {
  if (!list || !outlen || list->n > MIKEY_MAX_KEYS) {
    return MIKEY_E_INVAL;
  }
  mikey_wr w;
  mikey_wr_init(&w, out, cap);
  if (list->has_id) {
    mikey_wr_u8(&w, list->n ? MIKEY_PT_KEYDATA : MIKEY_PT_LAST);
    int rc = mikey_id_enc(&w, &list->id, 0);
    if (rc) {
      return rc;
    }
  }
  for (size_t i = 0; i < list->n; i++) {
    mikey_keydata *kd = &list->kd[i];
    kd->offset = mikey_wr_mark(&w);
    mikey_wr_u8(&w, i + 1 < list->n ? MIKEY_PT_KEYDATA : MIKEY_PT_LAST);
    int rc = mikey_keydata_enc(&w, kd);
    if (rc) {
      return rc;
    }
    kd->len = mikey_wr_mark(&w) - kd->offset;
  }
  list->len = mikey_wr_mark(&w);
  int rc = mikey_wr_finish(&w, outlen);
  if (rc == 0) {
    list->buf = out;
  }
  return rc;
}
