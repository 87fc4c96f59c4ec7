/*
 * mikey_dump.c: what a dump shows: every payload with its fields by name, nested lists
 * decoded and shown nested (at most MAX_NEST lists deep). The names are documented in
 * doc/json.md; key material is hidden unless MIKEY_DUMP_SECRETS is given.
 */
#include <stdio.h>
#include <string.h>

#include "codec/mikey_dump_out.h"

#define MAX_NEST 3

typedef struct {
  mikey_dout o;
  unsigned flags;
} dumper;

static void dump_list(dumper *d, int kind, const char *k, mikey_bytes b, size_t origin,
                      int nest);
static void dump_keydata(dumper *d, const char *k, mikey_bytes b, size_t origin, int nest);

static void dump_hdr(dumper *d, const mikey_hdr *h) {
  mikey_dout *o = &d->o;
  mikey_dout_payload(o, MIKEY_PT_HDR, 0, h->len);
  mikey_dout_uint(o, "version", h->version);
  mikey_dout_reg(o, "data_type", MIKEY_REG_DATA_TYPE, h->data_type);
  mikey_dout_uint(o, "v", h->v);
  mikey_dout_reg(o, "prf", MIKEY_REG_PRF, h->prf);
  mikey_dout_uint(o, "csb_id", h->csb_id);
  mikey_dout_uint(o, "n_cs", h->n_cs);
  mikey_dout_reg(o, "map_type", MIKEY_REG_MAP, h->map_type);
  if (h->map_type != MIKEY_MAP_EMPTY) {
    mikey_dout_arr(o, "cs");
    for (size_t i = 0; i < h->n_cs && i < MIKEY_MAX_CS; i++) {
      const mikey_cs *cs = &h->cs[i];
      mikey_dout_obj(o, NULL);
      mikey_dout_uint(o, "cs_id", cs->cs_id);
      if (h->map_type == MIKEY_MAP_SRTP_ID) {
        mikey_dout_uint(o, "policy_no", cs->policy_no);
        mikey_dout_uint(o, "ssrc", cs->ssrc);
        mikey_dout_uint(o, "roc", cs->roc);
      } else {
        mikey_dout_reg(o, "prot_type", MIKEY_REG_PROT, cs->prot_type);
        mikey_dout_uint(o, "s", cs->s);
        mikey_dout_hex(o, "policies", cs->policies);
        mikey_dout_hex(o, "session_data", cs->session_data);
        mikey_dout_hex(o, "spi", cs->spi);
      }
      mikey_dout_end(o);
    }
    mikey_dout_end(o);
  }
  mikey_dout_end(o);
}

static void dump_kv(mikey_dout *o, const mikey_kv *kv) {
  mikey_dout_reg(o, "kv", MIKEY_REG_KV, kv->type);
  if (kv->type == MIKEY_KV_SPI) {
    mikey_dout_hex(o, "spi", kv->spi);
  } else if (kv->type == MIKEY_KV_INTERVAL) {
    mikey_dout_hex(o, "valid_from", kv->from);
    mikey_dout_hex(o, "valid_to", kv->to);
  }
}

static void dump_ts(mikey_dout *o, const mikey_ts *t) {
  char hex[17];
  mikey_dout_reg(o, "ts_type", MIKEY_REG_TS, t->ts_type);
  mikey_dout_uint(o, "value", t->value);
  snprintf(hex, sizeof(hex), "%0*llx", mikey_ts_len(t->ts_type) == 4 ? 8 : 16,
           (unsigned long long)t->value);
  mikey_dout_str(o, "value_hex", hex);
}

/* dump_tlvs shows a TLV list; |named| says whether |reg| names the types. */
static void dump_tlvs(mikey_dout *o, const char *k, mikey_bytes list, mikey_reg reg,
                      int named) {
  mikey_tlv t;
  mikey_dout_arr(o, k);
  while (mikey_tlv_next(&list, &t) == 1) {
    mikey_dout_obj(o, NULL);
    if (named) {
      mikey_dout_reg(o, "type", reg, t.type);
    } else {
      mikey_dout_uint(o, "type", t.type);
    }
    mikey_dout_hex(o, "value", t.value);
    mikey_dout_end(o);
  }
  mikey_dout_end(o);
}

static void dump_flags(mikey_dout *o, uint16_t flags) {
  static const char letters[] = "DEFGHIJKLMNO";
  char s[13];
  size_t n = 0;
  for (size_t i = 0; i < 12; i++) {
    if (flags & (0x800u >> i)) {
      s[n++] = letters[i];
    }
  }
  s[n] = 0;
  mikey_dout_uint(o, "flags", flags);
  mikey_dout_str(o, "flags_text", s);
}

static void dump_tp(dumper *d, const mikey_tp *tp, size_t origin, int nest) {
  mikey_dout *o = &d->o;
  mikey_dout_reg(o, "ticket_type", MIKEY_REG_TICKET, tp->ticket_type);
  mikey_dout_uint(o, "subtype", tp->subtype);
  mikey_dout_uint(o, "version", tp->version);
  mikey_dout_reg(o, "prf", MIKEY_REG_PRF, tp->prf);
  dump_flags(o, tp->flags);
  mikey_dout_uint(o, "tp_data_offset", origin + tp->tp_data_offset);
  dump_list(d, MIKEY_LIST_TP_DATA, "tp_data", tp->tp_data, origin + tp->tp_data_offset, nest);
}

/* dump_payload shows |p|; its offsets count from |origin| in the message. */
static void dump_payload(dumper *d, const mikey_payload *p, size_t origin, int nest) {
  mikey_dout *o = &d->o;
  mikey_dout_payload(o, p->type, origin + p->offset, p->len);
  switch (p->type) {
  case MIKEY_PT_KEMAC: {
    const mikey_kemac *k = &p->u.kemac;
    mikey_dout_reg(o, "encr_alg", MIKEY_REG_ENCR, k->encr_alg);
    mikey_dout_uint(o, "encr_data_offset", origin + k->encr_data_offset);
    if (k->encr_alg == MIKEY_ENCR_NULL) {
      /* plaintext key data: shown decoded, key bytes hidden */
      dump_keydata(d, "key_data", k->encr_data, origin + k->encr_data_offset, nest);
    } else {
      mikey_dout_hex(o, "encr_data", k->encr_data);
    }
    mikey_dout_reg(o, "mac_alg", MIKEY_REG_MAC, k->mac_alg);
    mikey_dout_hex(o, "mac", k->mac);
    mikey_dout_uint(o, "mac_offset", origin + k->mac_offset);
    break;
  }
  case MIKEY_PT_PKE:
    mikey_dout_reg(o, "c", MIKEY_REG_PKE_CACHE, p->u.pke.c);
    mikey_dout_hex(o, "data", p->u.pke.data);
    break;
  case MIKEY_PT_DH:
    mikey_dout_reg(o, "group", MIKEY_REG_DH_GROUP, p->u.dh.group);
    mikey_dout_hex(o, "value", p->u.dh.value);
    dump_kv(o, &p->u.dh.kv);
    break;
  case MIKEY_PT_SIGN:
    mikey_dout_reg(o, "s_type", MIKEY_REG_SIGN, p->u.sign.s_type);
    mikey_dout_hex(o, "signature", p->u.sign.sig);
    mikey_dout_uint(o, "signature_offset", origin + p->u.sign.sig_offset);
    break;
  case MIKEY_PT_TR:
    mikey_dout_reg(o, "role", MIKEY_REG_TS_ROLE, p->u.t.role);
    dump_ts(o, &p->u.t);
    break;
  case MIKEY_PT_T:
    dump_ts(o, &p->u.t);
    break;
  case MIKEY_PT_IDR:
    mikey_dout_reg(o, "role", MIKEY_REG_ID_ROLE, p->u.id.role);
    mikey_dout_reg(o, "id_type", MIKEY_REG_ID_TYPE, p->u.id.type);
    mikey_dout_text(o, "data", p->u.id.data);
    break;
  case MIKEY_PT_ID:
    mikey_dout_reg(o, "id_type", MIKEY_REG_ID_TYPE, p->u.id.type);
    mikey_dout_text(o, "data", p->u.id.data);
    break;
  case MIKEY_PT_CERT:
    mikey_dout_reg(o, "cert_type", MIKEY_REG_CERT_TYPE, p->u.id.type);
    mikey_dout_hex(o, "data", p->u.id.data);
    break;
  case MIKEY_PT_CHASH:
    mikey_dout_reg(o, "hash_func", MIKEY_REG_HASH, p->u.chash.func);
    mikey_dout_hex(o, "hash", p->u.chash.hash);
    break;
  case MIKEY_PT_V:
    mikey_dout_reg(o, "mac_alg", MIKEY_REG_MAC, p->u.v.alg);
    mikey_dout_hex(o, "mac", p->u.v.mac);
    mikey_dout_uint(o, "mac_offset", origin + p->u.v.mac_offset);
    break;
  case MIKEY_PT_SP:
    mikey_dout_uint(o, "policy_no", p->u.sp.policy_no);
    mikey_dout_reg(o, "prot_type", MIKEY_REG_PROT, p->u.sp.prot_type);
    /* parameter names are those of SRTP (RFC 3830 6.10.1) only for Prot type SRTP */
    dump_tlvs(o, "params", p->u.sp.params, MIKEY_REG_SRTP_PARAM,
              p->u.sp.prot_type == MIKEY_PROT_SRTP);
    break;
  case MIKEY_PT_RANDR:
    mikey_dout_reg(o, "role", MIKEY_REG_RAND_ROLE, p->u.rand.role);
    mikey_dout_hex(o, "rand", p->u.rand.rand);
    break;
  case MIKEY_PT_RAND:
    mikey_dout_hex(o, "rand", p->u.rand.rand);
    break;
  case MIKEY_PT_ERR:
    mikey_dout_reg(o, "error_no", MIKEY_REG_ERRNO, p->u.err.error_no);
    break;
  case MIKEY_PT_GEXT:
    mikey_dout_reg(o, "gext_type", MIKEY_REG_GEXT, p->u.gext.type);
    mikey_dout_hex(o, "data", p->u.gext.data);
    if (p->u.gext.type == MIKEY_GEXT_KEY_ID) {
      dump_tlvs(o, "key_ids", p->u.gext.data, MIKEY_REG_KEYID, 1);
    }
    break;
  case MIKEY_PT_TP:
    dump_tp(d, &p->u.tp, origin, nest);
    break;
  case MIKEY_PT_TICKET: {
    const mikey_ticket *t = &p->u.ticket;
    dump_tp(d, &t->tp, origin, nest);
    mikey_dout_uint(o, "ticket_data_offset", origin + t->ticket_data_offset);
    if (t->tp.ticket_type == MIKEY_TICKET_MIKEY_BASE ||
        t->tp.ticket_type == MIKEY_TICKET_3GPP_BASE) {
      dump_list(d, MIKEY_LIST_TICKET_DATA, "ticket_data", t->ticket_data,
                origin + t->ticket_data_offset, nest);
    } else {
      mikey_dout_hex(o, "ticket_data", t->ticket_data);
    }
    mikey_dout_uint(o, "initiator_data_len_offset", origin + t->idata_len_offset);
    mikey_dout_uint(o, "initiator_data_offset", origin + t->idata_offset);
    dump_list(d, MIKEY_LIST_INITIATOR_DATA, "initiator_data", t->initiator_data,
              origin + t->idata_offset, nest);
    break;
  }
  case MIKEY_PT_THDR:
    mikey_dout_hex(o, "data", p->u.thdr.data);
    break;
  case MIKEY_PT_SAKKE:
    mikey_dout_reg(o, "params", MIKEY_REG_SAKKE_PARAMS, p->u.sakke.params);
    mikey_dout_reg(o, "id_scheme", MIKEY_REG_SAKKE_ID, p->u.sakke.id_scheme);
    mikey_dout_hex(o, "data", p->u.sakke.data);
    break;
  default:
    break;
  }
  mikey_dout_end(o);
}

static void dump_payloads(dumper *d, const mikey_payload *pl, size_t n, size_t origin,
                          int nest) {
  for (size_t i = 0; i < n && i < MIKEY_MAX_PAYLOADS; i++) {
    dump_payload(d, &pl[i], origin, nest);
  }
}

/* dump_error shows a nested list that did not decode: the refusal and the bytes. */
static void dump_error(dumper *d, int rc, size_t at, int pt, mikey_bytes b) {
  mikey_dout *o = &d->o;
  char line[160];
  mikey_dout_str(o, "error", mikey_err_name(rc));
  mikey_dout_uint(o, "error_offset", at);
  mikey_dout_int(o, "error_payload", pt);
  snprintf(line, sizeof(line), "(not decoded: %s at %zu)", mikey_strerror(rc), at);
  mikey_dout_note(o, line);
  mikey_dout_hex(o, "hex", b);
}

static int decode_list(int kind, mikey_plist *l, mikey_bytes b) {
  switch (kind) {
  case MIKEY_LIST_TP_DATA:
    return mikey_tp_data_decode(l, b.data, b.len);
  case MIKEY_LIST_TICKET_DATA:
    return mikey_ticket_data_decode(l, b.data, b.len);
  default:
    return mikey_initiator_data_decode(l, b.data, b.len);
  }
}

/* dump_list shows a nested list under key |k|: decoded unless too deep or MIKEY_DUMP_FLAT. */
static void dump_list(dumper *d, int kind, const char *k, mikey_bytes b, size_t origin,
                      int nest) {
  mikey_dout *o = &d->o;
  if ((d->flags & MIKEY_DUMP_FLAT) || nest >= MAX_NEST) {
    mikey_dout_hex(o, k, b);
    return;
  }
  mikey_plist l; /* about 4 KiB on the stack per level, MAX_NEST levels at most */
  mikey_dout_obj(o, k);
  mikey_dout_uint(o, "length", b.len);
  int rc = decode_list(kind, &l, b);
  if (rc) {
    dump_error(d, rc, origin + l.err_offset, l.err_payload, b);
  } else {
    mikey_dout_arr(o, "payloads");
    dump_payloads(d, l.pl, l.n, origin, nest + 1);
    mikey_dout_end(o);
  }
  mikey_dout_end(o);
}

static void dump_keys(dumper *d, const mikey_keydata_list *l, size_t origin) {
  mikey_dout *o = &d->o;
  int show = (d->flags & MIKEY_DUMP_SECRETS) != 0;
  if (l->has_id) {
    mikey_dout_obj(o, "id");
    mikey_dout_reg(o, "id_type", MIKEY_REG_ID_TYPE, l->id.type);
    mikey_dout_text(o, "data", l->id.data);
    mikey_dout_end(o);
  }
  mikey_dout_arr(o, "keys");
  for (size_t i = 0; i < l->n && i < MIKEY_MAX_KEYS; i++) {
    const mikey_keydata *kd = &l->kd[i];
    mikey_dout_payload(o, MIKEY_PT_KEYDATA, origin + kd->offset, kd->len);
    mikey_dout_reg(o, "key_type", MIKEY_REG_KEY_TYPE, kd->type);
    mikey_dout_secret(o, "key", kd->key, show);
    if (kd->type == MIKEY_KEY_TGK_SALT || kd->type == MIKEY_KEY_TEK_SALT ||
        kd->type == MIKEY_KEY_GTGK_SALT) {
      mikey_dout_secret(o, "salt", kd->salt, show);
    }
    dump_kv(o, &kd->kv);
    mikey_dout_end(o);
  }
  mikey_dout_end(o);
}

static void dump_keydata(dumper *d, const char *k, mikey_bytes b, size_t origin, int nest) {
  mikey_dout *o = &d->o;
  if ((d->flags & MIKEY_DUMP_FLAT) || nest >= MAX_NEST) {
    mikey_dout_secret(o, k, b, (d->flags & MIKEY_DUMP_SECRETS) != 0);
    return;
  }
  mikey_keydata_list l;
  mikey_dout_obj(o, k);
  mikey_dout_uint(o, "length", b.len);
  int rc = mikey_keydata_decode(&l, b.data, b.len, 0);
  if (rc) {
    /* undecodable key data may still hold keys: hidden like them */
    mikey_dout_str(o, "error", mikey_err_name(rc));
    mikey_dout_uint(o, "error_offset", origin + l.err_offset);
    mikey_dout_int(o, "error_payload", l.err_payload);
    mikey_dout_secret(o, "hex", b, (d->flags & MIKEY_DUMP_SECRETS) != 0);
  } else {
    dump_keys(d, &l, origin);
  }
  mikey_dout_end(o);
}

int mikey_msg_dump(const mikey_msg *msg, unsigned flags, mikey_write_fn write, void *ctx) {
  if (!msg || !write) {
    return MIKEY_E_INVAL;
  }
  dumper d;
  char line[96];
  d.flags = flags;
  mikey_dout_init(&d.o, (flags & MIKEY_DUMP_JSON) != 0, write, ctx);
  mikey_dout_obj(&d.o, NULL);
  snprintf(line, sizeof(line), "MIKEY message %s (%u), %zu bytes",
           mikey_data_type_name(msg->hdr.data_type), msg->hdr.data_type, msg->len);
  mikey_dout_note(&d.o, line);
  if (d.o.json) {
    mikey_dout_uint(&d.o, "length", msg->len);
    mikey_dout_reg(&d.o, "data_type", MIKEY_REG_DATA_TYPE, msg->hdr.data_type);
  }
  mikey_dout_arr(&d.o, "payloads");
  dump_hdr(&d, &msg->hdr);
  dump_payloads(&d, msg->pl, msg->n, 0, 0);
  mikey_dout_end(&d.o);
  mikey_dout_end(&d.o);
  return d.o.err;
}

int mikey_plist_dump(const mikey_plist *list, int kind, unsigned flags, mikey_write_fn write,
                     void *ctx) {
  if (!list || !write ||
      (kind != MIKEY_LIST_TP_DATA && kind != MIKEY_LIST_TICKET_DATA &&
       kind != MIKEY_LIST_INITIATOR_DATA)) {
    return MIKEY_E_INVAL;
  }
  dumper d;
  d.flags = flags;
  mikey_dout_init(&d.o, (flags & MIKEY_DUMP_JSON) != 0, write, ctx);
  mikey_dout_obj(&d.o, NULL);
  mikey_dout_uint(&d.o, "length", list->len);
  mikey_dout_arr(&d.o, "payloads");
  dump_payloads(&d, list->pl, list->n, 0, 1);
  mikey_dout_end(&d.o);
  mikey_dout_end(&d.o);
  return d.o.err;
}

int mikey_keydata_dump(const mikey_keydata_list *list, unsigned flags, mikey_write_fn write,
                       void *ctx) {
  if (!list || !write) {
    return MIKEY_E_INVAL;
  }
  dumper d;
  d.flags = flags;
  mikey_dout_init(&d.o, (flags & MIKEY_DUMP_JSON) != 0, write, ctx);
  mikey_dout_obj(&d.o, NULL);
  mikey_dout_uint(&d.o, "length", list->len);
  dump_keys(&d, list, 0);
  mikey_dout_end(&d.o);
  return d.o.err;
}

/* --- into a caller buffer ------------------------------------------------------------ */

static int buf_write(void *ctx, const char *s, size_t n) {
  mikey_wr_bytes((mikey_wr *)ctx, (const uint8_t *)s, n);
  return 0;
}

int mikey_msg_dump_buf(const mikey_msg *msg, unsigned flags, char *buf, size_t cap,
                       size_t *outlen) {
  if (!msg || !outlen) {
    return MIKEY_E_INVAL;
  }
  mikey_wr w;
  size_t total;
  mikey_wr_init(&w, (uint8_t *)buf, cap);
  int rc = mikey_msg_dump(msg, flags, buf_write, &w);
  if (rc) {
    return rc;
  }
  mikey_wr_u8(&w, 0);
  rc = mikey_wr_finish(&w, &total);
  *outlen = total - 1;
  if (rc && buf && cap) {
    buf[0] = 0; /* never leave a partial text that looks whole */
  }
  return rc;
}
