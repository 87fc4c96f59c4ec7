/*
 * codec_msg_test.c: whole messages and nested lists. The REQUEST_INIT_PSK and TRANSFER_INIT
 * of codec_vectors.c are decoded field by field, cut at every byte, given every length field
 * one too big and one too small, and rebuilt from structs by the encoder byte for byte.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/codec.h>

#include "codec_vectors.h"
#include "mikey_test.h"

static uint8_t ri[512], ti[512];
static size_t ri_len, ti_len;

static void load_vectors(void) {
  ri_len = vec_bytes(vec_request_init_psk, ri, sizeof(ri));
  ti_len = vec_bytes(vec_transfer_init, ti, sizeof(ti));
  ck_assert_uint_eq(ri_len, 238);
  ck_assert_uint_eq(ti_len, 389);
}

static uint8_t *exact_copy(const uint8_t *p, size_t len) {
  uint8_t *q = malloc(len ? len : 1);
  ck_assert_ptr_nonnull(q);
  if (len) {
    memcpy(q, p, len);
  }
  return q;
}

/* deep_* decode every nested list a message carries, as a receiver eventually would: TP
 * Data, Ticket Data, Initiator Data and the key data of NULL-encrypted KEMACs. */
static int deep_list(const mikey_payload *pl, size_t n, int depth);

static int deep_payload(const mikey_payload *p, int depth) {
  mikey_plist l;
  int rc = 0;
  if (depth > 3) {
    return 0;
  }
  switch (p->type) {
  case MIKEY_PT_TP:
  case MIKEY_PT_TICKET: {
    const mikey_tp *tp = p->type == MIKEY_PT_TP ? &p->u.tp : &p->u.ticket.tp;
    rc = mikey_tp_data_decode(&l, tp->tp_data.data, tp->tp_data.len);
    if (rc == 0) {
      rc = deep_list(l.pl, l.n, depth + 1);
    }
    if (rc || p->type == MIKEY_PT_TP) {
      return rc;
    }
    rc = mikey_ticket_data_decode(&l, p->u.ticket.ticket_data.data, p->u.ticket.ticket_data.len);
    if (rc == 0) {
      rc = deep_list(l.pl, l.n, depth + 1);
    }
    if (rc == 0) {
      rc = mikey_initiator_data_decode(&l, p->u.ticket.initiator_data.data,
                                       p->u.ticket.initiator_data.len);
    }
    if (rc == 0) {
      rc = deep_list(l.pl, l.n, depth + 1);
    }
    return rc;
  }
  case MIKEY_PT_KEMAC:
    if (p->u.kemac.encr_alg == MIKEY_ENCR_NULL) {
      mikey_keydata_list kl;
      return mikey_keydata_decode(&kl, p->u.kemac.encr_data.data, p->u.kemac.encr_data.len, 0);
    }
    return 0;
  default:
    return 0;
  }
}

static int deep_list(const mikey_payload *pl, size_t n, int depth) {
  for (size_t i = 0; i < n; i++) {
    int rc = deep_payload(&pl[i], depth);
    if (rc) {
      return rc;
    }
  }
  return 0;
}

static int deep_decode(mikey_msg *m, const uint8_t *b, size_t len) {
  int rc = mikey_msg_decode(m, b, len);
  return rc ? rc : deep_list(m->pl, m->n, 0);
}

/* --- REQUEST_INIT_PSK ------------------------------------------------------------------ */

START_TEST(request_init_psk_decodes_field_by_field) {
  mikey_msg m;
  load_vectors();
  ck_assert_int_eq(mikey_msg_decode(&m, ri, ri_len), 0);
  ck_assert_ptr_eq(m.buf, ri);
  ck_assert_uint_eq(m.len, 238);
  ck_assert_uint_eq(m.hdr.version, 1);
  ck_assert_uint_eq(m.hdr.data_type, MIKEY_DT_REQUEST_INIT_PSK);
  ck_assert_uint_eq(m.hdr.v, 1);
  ck_assert_uint_eq(m.hdr.prf, MIKEY_PRF_HMAC_SHA_256);
  ck_assert_uint_eq(m.hdr.csb_id, 0x12345678u);
  ck_assert_uint_eq(m.hdr.n_cs, 0);
  ck_assert_uint_eq(m.hdr.map_type, MIKEY_MAP_EMPTY);
  ck_assert_uint_eq(m.hdr.len, 10);

  static const int types[] = {MIKEY_PT_T,  MIKEY_PT_RANDR, MIKEY_PT_IDR, MIKEY_PT_IDR,
                              MIKEY_PT_TP, MIKEY_PT_IDR,   MIKEY_PT_V};
  static const size_t offs[] = {10, 20, 39, 62, 79, 191, 204};
  static const size_t lens[] = {10, 19, 23, 17, 112, 13, 34};
  ck_assert_uint_eq(m.n, 7);
  for (size_t i = 0; i < 7; i++) {
    ck_assert_int_eq(m.pl[i].type, types[i]);
    ck_assert_uint_eq(m.pl[i].offset, offs[i]);
    ck_assert_uint_eq(m.pl[i].len, lens[i]);
  }
  ck_assert_uint_eq(m.pl[0].u.t.ts_type, MIKEY_TS_NTP_UTC);
  ck_assert(m.pl[0].u.t.value == UINT64_C(0xe94b3c2d80000000));
  ck_assert_uint_eq(m.pl[1].u.rand.role, MIKEY_RAND_I);
  ck_assert_ptr_eq(m.pl[1].u.rand.rand.data, ri + 23);
  ck_assert_uint_eq(m.pl[1].u.rand.rand.len, 16);
  ck_assert_uint_eq(m.pl[2].u.id.role, MIKEY_ROLE_I);
  ck_assert_uint_eq(m.pl[2].u.id.type, MIKEY_ID_URI);
  ck_assert_int_eq(memcmp(m.pl[2].u.id.data.data, "sip:alice@ims.test", 18), 0);
  ck_assert_uint_eq(m.pl[3].u.id.role, MIKEY_ROLE_KMS);
  ck_assert_int_eq(memcmp(m.pl[3].u.id.data.data, "kms.ims.test", 12), 0);
  const mikey_tp *tp = &m.pl[4].u.tp;
  ck_assert_uint_eq(tp->ticket_type, MIKEY_TICKET_3GPP_BASE);
  ck_assert_uint_eq(tp->prf, MIKEY_PRF_HMAC_SHA_256);
  ck_assert_uint_eq(tp->flags,
                    MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_J | MIKEY_TP_N | MIKEY_TP_O);
  ck_assert_uint_eq(tp->tp_data_offset, 89);
  ck_assert_ptr_eq(tp->tp_data.data, ri + 89);
  ck_assert_uint_eq(tp->tp_data.len, 102);
  ck_assert_uint_eq(m.pl[5].u.id.role, MIKEY_ROLE_PSK);
  ck_assert_uint_eq(m.pl[5].u.id.type, MIKEY_ID_BYTES);
  ck_assert_uint_eq(m.pl[6].u.v.alg, MIKEY_MAC_HMAC_SHA_256_256);
  ck_assert_uint_eq(m.pl[6].u.v.mac_offset, 206);
  ck_assert_ptr_eq(m.pl[6].u.v.mac.data, ri + 206);
  ck_assert_uint_eq(m.pl[6].u.v.mac.len, 32);

  ck_assert_ptr_eq(mikey_msg_find(&m, MIKEY_PT_IDR, MIKEY_ROLE_KMS), &m.pl[3]);
  ck_assert_ptr_eq(mikey_msg_find(&m, MIKEY_PT_IDR, MIKEY_ROLE_PSK), &m.pl[5]);
  ck_assert_ptr_eq(mikey_msg_find(&m, MIKEY_PT_IDR, -1), &m.pl[2]);
  ck_assert_ptr_null(mikey_msg_find(&m, MIKEY_PT_IDR, MIKEY_ROLE_R));
  ck_assert_ptr_eq(mikey_msg_find(&m, MIKEY_PT_V, MIKEY_ROLE_R), &m.pl[6]);
  ck_assert_ptr_null(mikey_msg_find(&m, MIKEY_PT_TICKET, -1));
}
END_TEST

START_TEST(request_init_psk_tp_data_and_its_kemac) {
  mikey_msg m;
  mikey_plist l;
  mikey_keydata_list kl;
  load_vectors();
  ck_assert_int_eq(mikey_msg_decode(&m, ri, ri_len), 0);
  const mikey_tp *tp = &m.pl[4].u.tp;
  ck_assert_int_eq(mikey_tp_data_decode(&l, tp->tp_data.data, tp->tp_data.len), 0);
  static const int types[] = {MIKEY_PT_IDR, MIKEY_PT_TR,  MIKEY_PT_TR,
                              MIKEY_PT_KEMAC, MIKEY_PT_IDR, MIKEY_PT_IDR};
  static const size_t offs[] = {1, 24, 31, 38, 68, 81}; /* from the start of TP Data */
  ck_assert_uint_eq(l.n, 6);
  for (size_t i = 0; i < 6; i++) {
    ck_assert_int_eq(l.pl[i].type, types[i]);
    ck_assert_uint_eq(l.pl[i].offset, offs[i]);
  }
  ck_assert_uint_eq(l.pl[1].u.t.role, MIKEY_TR_START);
  ck_assert(l.pl[1].u.t.value == 0xe94b3c2du);
  ck_assert_uint_eq(l.pl[2].u.t.role, MIKEY_TR_END);
  ck_assert(l.pl[2].u.t.value == 0xe94c8dadu);
  ck_assert_uint_eq(l.pl[4].u.id.role, MIKEY_ROLE_APP);
  ck_assert_int_eq(memcmp(l.pl[4].u.id.data.data, "PSK/MIME", 8), 0);
  ck_assert_uint_eq(l.pl[5].u.id.role, MIKEY_ROLE_R);
  ck_assert_int_eq(memcmp(l.pl[5].u.id.data.data, "sip:bob@ims.test", 16), 0);
  const mikey_kemac *k = &l.pl[3].u.kemac;
  ck_assert_uint_eq(k->encr_alg, MIKEY_ENCR_NULL);
  ck_assert_uint_eq(k->mac_alg, MIKEY_MAC_NULL);
  ck_assert_uint_eq(k->mac.len, 0);
  ck_assert_uint_eq(k->encr_data_offset, 42);
  ck_assert_int_eq(mikey_keydata_decode(&kl, k->encr_data.data, k->encr_data.len, 0), 0);
  ck_assert_uint_eq(kl.n, 1);
  ck_assert_uint_eq(kl.kd[0].type, MIKEY_KEY_TGK);
  ck_assert_uint_eq(kl.kd[0].kv.type, MIKEY_KV_SPI);
  ck_assert_uint_eq(kl.kd[0].key.len, 16);
  ck_assert_uint_eq(kl.kd[0].kv.spi.len, 4);
  ck_assert_uint_eq(kl.kd[0].kv.spi.data[3], 0x2a);

  /* the nested list re-encodes to the same bytes, and so does its key data */
  uint8_t out[256];
  size_t outlen;
  ck_assert_int_eq(mikey_tp_data_encode(&l, out, sizeof(out), &outlen), 0);
  ck_assert_bytes(out, outlen, tp->tp_data.data, tp->tp_data.len);
  ck_assert_uint_eq(l.pl[3].offset, 38);
  ck_assert_int_eq(mikey_keydata_encode(&kl, out, sizeof(out), &outlen), 0);
  ck_assert_bytes(out, outlen, k->encr_data.data, k->encr_data.len);
}
END_TEST

/* --- TRANSFER_INIT --------------------------------------------------------------------- */

START_TEST(transfer_init_decodes_field_by_field) {
  mikey_msg m;
  load_vectors();
  ck_assert_int_eq(mikey_msg_decode(&m, ti, ti_len), 0);
  ck_assert_uint_eq(m.hdr.data_type, MIKEY_DT_TRANSFER_INIT);
  ck_assert_uint_eq(m.hdr.v, 0);
  ck_assert_uint_eq(m.hdr.csb_id, 0xcafebabeu);
  ck_assert_uint_eq(m.hdr.n_cs, 1);
  ck_assert_uint_eq(m.hdr.map_type, MIKEY_MAP_GENERIC_ID);
  ck_assert_uint_eq(m.hdr.cs[0].cs_id, 1);
  ck_assert_uint_eq(m.hdr.cs[0].prot_type, MIKEY_PROT_PSKMIME_DEFAULT);
  ck_assert_uint_eq(m.hdr.cs[0].policies.len, 0);
  ck_assert_uint_eq(m.hdr.cs[0].session_data.len, 0);
  ck_assert_ptr_eq(m.hdr.cs[0].spi.data, ti + 16);
  ck_assert_uint_eq(m.hdr.cs[0].spi.len, 4);
  ck_assert_uint_eq(m.hdr.len, 20);

  static const int types[] = {MIKEY_PT_T,      MIKEY_PT_RANDR, MIKEY_PT_IDR, MIKEY_PT_IDR,
                              MIKEY_PT_TICKET, MIKEY_PT_GEXT,  MIKEY_PT_V};
  static const size_t offs[] = {20, 30, 49, 72, 93, 335, 355};
  static const size_t lens[] = {10, 19, 23, 21, 242, 20, 34};
  ck_assert_uint_eq(m.n, 7);
  for (size_t i = 0; i < 7; i++) {
    ck_assert_int_eq(m.pl[i].type, types[i]);
    ck_assert_uint_eq(m.pl[i].offset, offs[i]);
    ck_assert_uint_eq(m.pl[i].len, lens[i]);
  }
  /* the TICKET fields that MACs exclude (RFC 6043 5.5, A.1) */
  const mikey_ticket *t = &m.pl[4].u.ticket;
  ck_assert_uint_eq(t->tp.tp_data_offset, 103);
  ck_assert_uint_eq(t->tp.tp_data.len, 89);
  ck_assert_uint_eq(t->ticket_data_len_offset, 192);
  ck_assert_uint_eq(t->ticket_data_offset, 194);
  ck_assert_ptr_eq(t->ticket_data.data, ti + 194);
  ck_assert_uint_eq(t->ticket_data.len, 139);
  ck_assert_uint_eq(t->idata_len_offset, 333);
  ck_assert_uint_eq(t->idata_offset, 335);
  ck_assert_uint_eq(t->initiator_data.len, 0);
  ck_assert_uint_eq(m.pl[5].u.gext.type, MIKEY_GEXT_POO_DEFAULT);
  ck_assert_ptr_eq(m.pl[5].u.gext.data.data, ti + 339);
  ck_assert_uint_eq(m.pl[6].u.v.mac_offset, 357);
  ck_assert_uint_eq(m.pl[6].u.v.mac_offset + m.pl[6].u.v.mac.len, ti_len);
  ck_assert_ptr_eq(mikey_msg_find(&m, MIKEY_PT_IDR, MIKEY_ROLE_R), &m.pl[3]);
  ck_assert_ptr_eq(mikey_msg_find(&m, MIKEY_PT_RANDR, MIKEY_RAND_I), &m.pl[1]);
  ck_assert_ptr_null(mikey_msg_find(&m, MIKEY_PT_RANDR, MIKEY_RAND_R));
}
END_TEST

START_TEST(transfer_init_ticket_data) {
  mikey_msg m;
  mikey_plist l;
  load_vectors();
  ck_assert_int_eq(mikey_msg_decode(&m, ti, ti_len), 0);
  const mikey_ticket *t = &m.pl[4].u.ticket;
  ck_assert_int_eq(mikey_ticket_data_decode(&l, t->ticket_data.data, t->ticket_data.len), 0);
  static const int types[] = {MIKEY_PT_THDR,  MIKEY_PT_T,   MIKEY_PT_RAND,
                              MIKEY_PT_KEMAC, MIKEY_PT_IDR, MIKEY_PT_V};
  static const size_t offs[] = {0, 9, 19, 37, 92, 105}; /* from the start of Ticket Data */
  ck_assert_uint_eq(l.n, 6);
  for (size_t i = 0; i < 6; i++) {
    ck_assert_int_eq(l.pl[i].type, types[i]);
    ck_assert_uint_eq(l.pl[i].offset, offs[i]);
  }
  ck_assert_uint_eq(l.pl[0].u.thdr.data.len, 6);
  ck_assert_uint_eq(l.pl[0].u.thdr.data.data[0], 0x00);
  ck_assert_uint_eq(l.pl[0].u.thdr.data.data[5], 0x55);
  ck_assert_uint_eq(l.pl[2].u.rand.rand.len, 16);
  ck_assert_uint_eq(l.pl[3].u.kemac.encr_alg, MIKEY_ENCR_AES_CM_256);
  ck_assert_uint_eq(l.pl[3].u.kemac.encr_data.len, 50);
  ck_assert_uint_eq(l.pl[3].u.kemac.encr_data_offset, 41);
  ck_assert_uint_eq(l.pl[4].u.id.role, MIKEY_ROLE_PSK);
  ck_assert_uint_eq(l.pl[5].u.v.alg, MIKEY_MAC_HMAC_SHA_256_256);
  ck_assert_uint_eq(l.pl[5].u.v.mac_offset, 107);
  /* the ticket MAC covers the TICKET payload from after its Next Payload byte up to the
   * Initiator Data length, less the MAC: here it ends where the MAC field begins */
  ck_assert_uint_eq(t->ticket_data_offset + l.pl[5].u.v.mac_offset + 32, t->idata_len_offset);

  ck_assert_int_eq(mikey_tp_data_decode(&l, t->tp.tp_data.data, t->tp.tp_data.len), 0);
  ck_assert_uint_eq(l.n, 6);
  ck_assert_uint_eq(l.pl[0].u.id.role, MIKEY_ROLE_KMS);
  ck_assert_uint_eq(l.pl[5].u.id.role, MIKEY_ROLE_R);
  ck_assert_int_eq(mikey_initiator_data_decode(&l, t->initiator_data.data, 0), 0);
  ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(both_messages_reencode_byte_for_byte) {
  mikey_msg m;
  uint8_t out[512];
  size_t outlen;
  load_vectors();
  const uint8_t *v[] = {ri, ti};
  size_t vl[] = {ri_len, ti_len};
  for (size_t k = 0; k < 2; k++) {
    ck_assert_int_eq(mikey_msg_decode(&m, v[k], vl[k]), 0);
    size_t offs[MIKEY_MAX_PAYLOADS];
    for (size_t i = 0; i < m.n; i++) {
      offs[i] = m.pl[i].offset;
      m.pl[i].offset = 999; /* layout fields are outputs */
    }
    ck_assert_int_eq(mikey_msg_encode(&m, NULL, 0, &outlen), MIKEY_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(outlen, vl[k]);
    ck_assert_int_eq(mikey_msg_encode(&m, out, vl[k] - 1, &outlen), MIKEY_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(outlen, vl[k]);
    ck_assert_int_eq(mikey_msg_encode(&m, out, sizeof(out), &outlen), 0);
    ck_assert_bytes(out, outlen, v[k], vl[k]);
    ck_assert_ptr_eq(m.buf, out);
    ck_assert_uint_eq(m.len, vl[k]);
    for (size_t i = 0; i < m.n; i++) {
      ck_assert_uint_eq(m.pl[i].offset, offs[i]);
    }
    ck_assert_int_eq(mikey_msg_encode(&m, out, vl[k], &outlen), 0);
  }
}
END_TEST

START_TEST(every_truncation_is_refused) {
  load_vectors();
  const uint8_t *v[] = {ri, ti};
  size_t vl[] = {ri_len, ti_len};
  for (size_t k = 0; k < 2; k++) {
    for (size_t cut = 0; cut < vl[k]; cut++) {
      uint8_t *t = exact_copy(v[k], cut);
      mikey_msg m;
      int rc = mikey_msg_decode(&m, t, cut);
      ck_assert_msg(rc == MIKEY_E_TRUNCATED, "message %zu cut at %zu: %s", k, cut,
                    mikey_err_name(rc));
      ck_assert_uint_le(m.err_offset, cut);
      free(t);
    }
  }
}
END_TEST

START_TEST(every_nested_truncation_is_refused) {
  mikey_msg m;
  mikey_plist l;
  load_vectors();
  ck_assert_int_eq(mikey_msg_decode(&m, ti, ti_len), 0);
  const mikey_ticket *t = &m.pl[4].u.ticket;
  for (size_t cut = 1; cut < t->tp.tp_data.len; cut++) {
    uint8_t *c = exact_copy(t->tp.tp_data.data, cut);
    ck_assert_int_eq(mikey_tp_data_decode(&l, c, cut), MIKEY_E_TRUNCATED);
    free(c);
  }
  for (size_t cut = 0; cut < t->ticket_data.len; cut++) {
    uint8_t *c = exact_copy(t->ticket_data.data, cut);
    ck_assert_int_eq(mikey_ticket_data_decode(&l, c, cut), MIKEY_E_TRUNCATED);
    free(c);
  }
}
END_TEST

static void adjust(uint8_t *b, const vec_lenfield *f, int delta) {
  if (f->width == 2) {
    unsigned v = (unsigned)(b[f->off] << 8 | b[f->off + 1]);
    v = (v + (unsigned)delta) & 0xffffu;
    b[f->off] = (uint8_t)(v >> 8);
    b[f->off + 1] = (uint8_t)v;
  } else {
    b[f->off] = (uint8_t)(b[f->off] + delta);
  }
}

START_TEST(every_length_field_off_by_one_is_refused) {
  load_vectors();
  const uint8_t *v[] = {ri, ti};
  size_t vl[] = {ri_len, ti_len};
  const vec_lenfield *lf[] = {vec_request_init_psk_lens, vec_transfer_init_lens};
  size_t nl[] = {vec_request_init_psk_nlens, vec_transfer_init_nlens};
  for (size_t k = 0; k < 2; k++) {
    mikey_msg m;
    ck_assert_int_eq(deep_decode(&m, v[k], vl[k]), 0);
    for (size_t i = 0; i < nl[k]; i++) {
      for (int d = -1; d <= 1; d += 2) {
        uint8_t *t = exact_copy(v[k], vl[k]);
        adjust(t, &lf[k][i], d);
        int rc = deep_decode(&m, t, vl[k]);
        ck_assert_msg(rc < 0, "message %zu, %s %+d was accepted", k, lf[k][i].what, d);
        free(t);
      }
    }
  }
}
END_TEST

/* --- refusals of the chain ----------------------------------------------------------- */

START_TEST(unknown_and_misplaced_payload_types) {
  load_vectors();
  mikey_msg m;
  /* IDRpsk (@191) names 99 as the next payload: unknown, cannot be skipped */
  static const int nexts[] = {18, 19, 22, 25, 27, 99, 255};
  for (size_t i = 0; i < sizeof(nexts) / sizeof(nexts[0]); i++) {
    uint8_t *t = exact_copy(ri, ri_len);
    t[191] = (uint8_t)nexts[i];
    ck_assert_int_eq(mikey_msg_decode(&m, t, ri_len), MIKEY_E_UNKNOWN_PAYLOAD);
    ck_assert_uint_eq(m.err_offset, 204);
    ck_assert_int_eq(m.err_payload, nexts[i]);
    free(t);
  }
  /* key data only lives inside a KEMAC */
  uint8_t *t = exact_copy(ri, ri_len);
  t[191] = MIKEY_PT_KEYDATA;
  ck_assert_int_eq(mikey_msg_decode(&m, t, ri_len), MIKEY_E_UNEXPECTED_PAYLOAD);
  ck_assert_uint_eq(m.err_offset, 204);
  /* a Last payload in the middle leaves trailing bytes */
  memcpy(t, ri, ri_len);
  t[39] = MIKEY_PT_LAST;
  ck_assert_int_eq(mikey_msg_decode(&m, t, ri_len), MIKEY_E_TRAILING);
  ck_assert_uint_eq(m.err_offset, 62);
  ck_assert_int_eq(m.err_payload, MIKEY_PT_IDR);
  free(t);
  /* a byte after the V */
  uint8_t big[600];
  memcpy(big, ri, ri_len);
  big[ri_len] = 0;
  ck_assert_int_eq(mikey_msg_decode(&m, big, ri_len + 1), MIKEY_E_TRAILING);
  ck_assert_uint_eq(m.err_offset, ri_len);
  ck_assert_int_eq(m.err_payload, MIKEY_PT_V);
  /* V with an unknown Auth alg: its MAC length cannot be known */
  memcpy(big, ri, ri_len);
  big[205] = 3;
  ck_assert_int_eq(mikey_msg_decode(&m, big, ri_len), MIKEY_E_BAD_VALUE);
  ck_assert_uint_eq(m.err_offset, 205);
  ck_assert_int_eq(m.err_payload, MIKEY_PT_V);
  ck_assert_int_eq(mikey_msg_decode(NULL, ri, ri_len), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_msg_decode(&m, NULL, 3), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_msg_decode(&m, NULL, 0), MIKEY_E_TRUNCATED);
}
END_TEST

/* HDR (next RAND) followed by |k| empty RAND payloads. */
static size_t rand_chain(uint8_t *b, size_t k) {
  static const uint8_t hdr[] = {1, MIKEY_DT_PSK_INIT, MIKEY_PT_RAND, 0, 0, 0, 0, 0, 0, 1};
  memcpy(b, hdr, sizeof(hdr));
  size_t n = sizeof(hdr);
  for (size_t i = 0; i < k; i++) {
    b[n++] = i + 1 < k ? MIKEY_PT_RAND : MIKEY_PT_LAST;
    b[n++] = 0;
  }
  return n;
}

START_TEST(payload_count_bound) {
  uint8_t b[10 + 2 * (MIKEY_MAX_PAYLOADS + 1)];
  mikey_msg m;
  size_t len = rand_chain(b, MIKEY_MAX_PAYLOADS);
  ck_assert_int_eq(mikey_msg_decode(&m, b, len), 0);
  ck_assert_uint_eq(m.n, MIKEY_MAX_PAYLOADS);
  len = rand_chain(b, MIKEY_MAX_PAYLOADS + 1);
  ck_assert_int_eq(mikey_msg_decode(&m, b, len), MIKEY_E_TOO_MANY);
  ck_assert_uint_eq(m.err_offset, 10 + 2 * MIKEY_MAX_PAYLOADS);
  ck_assert_int_eq(m.err_payload, MIKEY_PT_RAND);
  /* a message of only a header is well formed */
  len = rand_chain(b, 0);
  b[2] = MIKEY_PT_LAST;
  ck_assert_int_eq(mikey_msg_decode(&m, b, len), 0);
  ck_assert_uint_eq(m.n, 0);
}
END_TEST

START_TEST(sign_ends_the_chain) {
  /* HDR (next SIGN), SIGN: S type ECCSI, 2 bytes */
  uint8_t b[16];
  size_t len = test_hex("01 0c 04 00 00 00 00 01 00 01 20 02 aa bb 00", b, sizeof(b));
  mikey_msg m;
  ck_assert_int_eq(mikey_msg_decode(&m, b, len - 1), 0);
  ck_assert_uint_eq(m.n, 1);
  ck_assert_int_eq(m.pl[0].type, MIKEY_PT_SIGN);
  ck_assert_uint_eq(m.pl[0].u.sign.s_type, MIKEY_SIGN_ECCSI);
  ck_assert_uint_eq(m.pl[0].u.sign.sig_offset, 12);
  ck_assert_int_eq(mikey_msg_decode(&m, b, len), MIKEY_E_TRAILING);
  ck_assert_int_eq(m.err_payload, MIKEY_PT_SIGN);
}
END_TEST

START_TEST(nested_list_refusals) {
  mikey_plist l;
  uint8_t b[64];
  /* First Payload 0: an empty list is no bytes at all */
  ck_assert_int_eq(mikey_tp_data_decode(&l, (const uint8_t *)"\0", 1), MIKEY_E_BAD_VALUE);
  ck_assert_uint_eq(l.err_offset, 0);
  /* a byte after the last payload of TP Data */
  size_t len = test_hex("0b 00 00 ff", b, sizeof(b));
  ck_assert_int_eq(mikey_tp_data_decode(&l, b, len), MIKEY_E_TRAILING);
  ck_assert_uint_eq(l.err_offset, 3);
  ck_assert_int_eq(l.err_payload, MIKEY_PT_RAND);
  ck_assert_int_eq(mikey_tp_data_decode(&l, b, len - 1), 0);
  ck_assert_uint_eq(l.n, 1);
  ck_assert_uint_eq(l.pl[0].offset, 1);
  /* Ticket Data: a THDR that announces a T which is cut short */
  len = test_hex("05 00 02 aa bb 0b 00", b, sizeof(b));
  ck_assert_int_eq(mikey_ticket_data_decode(&l, b, len), MIKEY_E_TRUNCATED);
  ck_assert_int_eq(mikey_ticket_data_decode(&l, b, 0), MIKEY_E_TRUNCATED);
  ck_assert_int_eq(l.err_payload, MIKEY_PT_THDR);
  len = test_hex("00 00 00", b, sizeof(b));
  ck_assert_int_eq(mikey_ticket_data_decode(&l, b, len), 0);
  ck_assert_uint_eq(l.n, 1);
  ck_assert_int_eq(l.pl[0].type, MIKEY_PT_THDR);
  /* Initiator Data = First Payload V, Vi, Vr (RFC 6043 6.10) */
  len = test_hex("09 09 01 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13"
                 "00 00",
                 b, sizeof(b));
  ck_assert_int_eq(mikey_initiator_data_decode(&l, b, len), 0);
  ck_assert_uint_eq(l.n, 2);
  ck_assert_uint_eq(l.pl[0].u.v.alg, MIKEY_MAC_HMAC_SHA_1_160);
  ck_assert_uint_eq(l.pl[0].u.v.mac_offset, 3);
  ck_assert_uint_eq(l.pl[1].offset, 23);
  uint8_t out[64];
  size_t outlen;
  ck_assert_int_eq(mikey_initiator_data_encode(&l, out, sizeof(out), &outlen), 0);
  ck_assert_bytes(out, outlen, b, len);
  ck_assert_int_eq(mikey_initiator_data_decode(NULL, b, len), MIKEY_E_INVAL);
}
END_TEST

/* --- building messages from structs --------------------------------------------------- */

static const uint8_t alice[] = "sip:alice@ims.test", bob[] = "sip:bob@ims.test",
                     kms[] = "kms.ims.test", app[] = "PSK/MIME", psk[] = "psk-0001",
                     tpk[] = "tpk-0001";

static mikey_payload *add_idr(mikey_payload *p, uint8_t role, uint8_t type, const uint8_t *d,
                              size_t n) {
  ck_assert_ptr_nonnull(p);
  p->u.id.role = role;
  p->u.id.type = type;
  p->u.id.data = (mikey_bytes){d, n};
  return p;
}

static void seq(uint8_t *p, size_t n, uint8_t first) {
  for (size_t i = 0; i < n; i++) {
    p[i] = (uint8_t)(first + i);
  }
}

/* The TRANSFER_INIT of codec_vectors.c built from structs, its MAC written after encoding at
 * the offset the encoder reports. */
START_TEST(transfer_init_built_from_structs) {
  load_vectors();
  uint8_t spi[4] = {0x0a, 0x0b, 0x0c, 0x0d}, randri[16], trand[16], kemac_ct[50], vmac[32],
          tag[16], kmsid[6] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55}, zeros[32] = {0};
  seq(randri, 16, 0x10);
  seq(trand, 16, 0x20);
  seq(kemac_ct, 50, 0xc0);
  seq(vmac, 32, 0x50);
  seq(tag, 16, 0x90);

  /* TP Data of the granted policy */
  mikey_plist tpd;
  uint8_t tpd_buf[128];
  size_t tpd_len;
  mikey_plist_init(&tpd);
  add_idr(mikey_plist_add(&tpd, MIKEY_PT_IDR), MIKEY_ROLE_KMS, MIKEY_ID_URI, kms, 12);
  add_idr(mikey_plist_add(&tpd, MIKEY_PT_IDR), MIKEY_ROLE_I, MIKEY_ID_URI, alice, 18);
  mikey_payload *p = mikey_plist_add(&tpd, MIKEY_PT_TR);
  p->u.t = (mikey_ts){MIKEY_TR_START, MIKEY_TS_NTP_UTC_32, 0xe94b3c2du};
  p = mikey_plist_add(&tpd, MIKEY_PT_TR);
  p->u.t = (mikey_ts){MIKEY_TR_END, MIKEY_TS_NTP_UTC_32, 0xe94c8dadu};
  add_idr(mikey_plist_add(&tpd, MIKEY_PT_IDR), MIKEY_ROLE_APP, MIKEY_ID_BYTES, app, 8);
  add_idr(mikey_plist_add(&tpd, MIKEY_PT_IDR), MIKEY_ROLE_R, MIKEY_ID_URI, bob, 16);
  ck_assert_int_eq(mikey_tp_data_encode(&tpd, tpd_buf, sizeof(tpd_buf), &tpd_len), 0);
  ck_assert_bytes(tpd_buf, tpd_len, ti + 103, 89);

  /* Ticket Data: THDR, T, RAND, KEMAC, IDRpsk, V (the V MAC filled afterwards) */
  mikey_plist td;
  uint8_t td_buf[256];
  size_t td_len;
  mikey_plist_init(&td);
  mikey_plist_add(&td, MIKEY_PT_THDR)->u.thdr.data = (mikey_bytes){kmsid, 6};
  p = mikey_plist_add(&td, MIKEY_PT_T);
  p->u.t.ts_type = MIKEY_TS_NTP_UTC;
  p->u.t.value = UINT64_C(0xe94b3c2d00000000);
  mikey_plist_add(&td, MIKEY_PT_RAND)->u.rand.rand = (mikey_bytes){trand, 16};
  p = mikey_plist_add(&td, MIKEY_PT_KEMAC);
  p->u.kemac.encr_alg = MIKEY_ENCR_AES_CM_256;
  p->u.kemac.encr_data = (mikey_bytes){kemac_ct, 50};
  p->u.kemac.mac_alg = MIKEY_MAC_NULL;
  add_idr(mikey_plist_add(&td, MIKEY_PT_IDR), MIKEY_ROLE_PSK, MIKEY_ID_BYTES, tpk, 8);
  p = mikey_plist_add(&td, MIKEY_PT_V);
  p->u.v.alg = MIKEY_MAC_HMAC_SHA_256_256;
  p->u.v.mac = (mikey_bytes){zeros, 32};
  ck_assert_int_eq(mikey_ticket_data_encode(&td, td_buf, sizeof(td_buf), &td_len), 0);
  ck_assert_uint_eq(td.pl[5].u.v.mac_offset, 107);
  memcpy(td_buf + td.pl[5].u.v.mac_offset, vmac, 32);
  ck_assert_bytes(td_buf, td_len, ti + 194, 139);

  mikey_msg m;
  mikey_msg_init(&m, MIKEY_DT_TRANSFER_INIT);
  m.hdr.prf = MIKEY_PRF_HMAC_SHA_256;
  m.hdr.csb_id = 0xcafebabeu;
  m.hdr.map_type = MIKEY_MAP_GENERIC_ID;
  m.hdr.n_cs = 1;
  m.hdr.cs[0].cs_id = 1;
  m.hdr.cs[0].prot_type = MIKEY_PROT_PSKMIME_DEFAULT;
  m.hdr.cs[0].spi = (mikey_bytes){spi, 4};
  p = mikey_msg_add(&m, MIKEY_PT_T);
  p->u.t.ts_type = MIKEY_TS_NTP_UTC;
  p->u.t.value = UINT64_C(0xe94b3c2d80000000);
  p = mikey_msg_add(&m, MIKEY_PT_RANDR);
  p->u.rand.role = MIKEY_RAND_I;
  p->u.rand.rand = (mikey_bytes){randri, 16};
  add_idr(mikey_msg_add(&m, MIKEY_PT_IDR), MIKEY_ROLE_I, MIKEY_ID_URI, alice, 18);
  add_idr(mikey_msg_add(&m, MIKEY_PT_IDR), MIKEY_ROLE_R, MIKEY_ID_URI, bob, 16);
  p = mikey_msg_add(&m, MIKEY_PT_TICKET);
  p->u.ticket.tp.ticket_type = MIKEY_TICKET_3GPP_BASE;
  p->u.ticket.tp.prf = MIKEY_PRF_HMAC_SHA_256;
  p->u.ticket.tp.flags =
      MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_J | MIKEY_TP_N | MIKEY_TP_O;
  p->u.ticket.tp.tp_data = (mikey_bytes){tpd_buf, tpd_len};
  p->u.ticket.ticket_data = (mikey_bytes){td_buf, td_len};
  p = mikey_msg_add(&m, MIKEY_PT_GEXT);
  p->u.gext.type = MIKEY_GEXT_POO_DEFAULT;
  p->u.gext.data = (mikey_bytes){tag, 16};
  p = mikey_msg_add(&m, MIKEY_PT_V);
  p->u.v.alg = MIKEY_MAC_HMAC_SHA_256_256;
  p->u.v.mac = (mikey_bytes){zeros, 32};

  uint8_t out[512];
  size_t outlen;
  ck_assert_int_eq(mikey_msg_encode(&m, out, sizeof(out), &outlen), 0);
  ck_assert_uint_eq(outlen, ti_len);
  /* the layout names where the MAC goes and what the MACs exclude */
  ck_assert_uint_eq(m.pl[6].u.v.mac_offset, 357);
  ck_assert_uint_eq(m.pl[4].offset, 93);
  ck_assert_uint_eq(m.pl[4].u.ticket.ticket_data_offset, 194);
  ck_assert_uint_eq(m.pl[4].u.ticket.idata_len_offset, 333);
  ck_assert_uint_eq(m.hdr.len, 20);
  uint8_t mac[32];
  seq(mac, 32, 0xa0);
  memcpy(out + m.pl[6].u.v.mac_offset, mac, 32);
  ck_assert_bytes(out, outlen, ti, ti_len);
}
END_TEST

START_TEST(request_init_psk_built_from_structs) {
  load_vectors();
  uint8_t randri[16], zeros[32] = {0}, spi[4] = {0, 0, 0, 0x2a}, mac[32];
  seq(randri, 16, 0);
  seq(mac, 32, 0xa0);

  mikey_keydata_list kl;
  uint8_t kd_buf[64];
  size_t kd_len;
  memset(&kl, 0, sizeof(kl));
  kl.n = 1;
  kl.kd[0].type = MIKEY_KEY_TGK;
  kl.kd[0].key = (mikey_bytes){zeros, 16};
  kl.kd[0].kv.type = MIKEY_KV_SPI;
  kl.kd[0].kv.spi = (mikey_bytes){spi, 4};
  ck_assert_int_eq(mikey_keydata_encode(&kl, kd_buf, sizeof(kd_buf), &kd_len), 0);
  ck_assert_bytes(kd_buf, kd_len, ri + 131, 25);

  mikey_plist tpd;
  uint8_t tpd_buf[128];
  size_t tpd_len;
  mikey_plist_init(&tpd);
  add_idr(mikey_plist_add(&tpd, MIKEY_PT_IDR), MIKEY_ROLE_I, MIKEY_ID_URI, alice, 18);
  mikey_payload *p = mikey_plist_add(&tpd, MIKEY_PT_TR);
  p->u.t = (mikey_ts){MIKEY_TR_START, MIKEY_TS_NTP_UTC_32, 0xe94b3c2du};
  p = mikey_plist_add(&tpd, MIKEY_PT_TR);
  p->u.t = (mikey_ts){MIKEY_TR_END, MIKEY_TS_NTP_UTC_32, 0xe94c8dadu};
  p = mikey_plist_add(&tpd, MIKEY_PT_KEMAC);
  p->u.kemac.encr_data = (mikey_bytes){kd_buf, kd_len};
  add_idr(mikey_plist_add(&tpd, MIKEY_PT_IDR), MIKEY_ROLE_APP, MIKEY_ID_BYTES, app, 8);
  add_idr(mikey_plist_add(&tpd, MIKEY_PT_IDR), MIKEY_ROLE_R, MIKEY_ID_URI, bob, 16);
  ck_assert_int_eq(mikey_tp_data_encode(&tpd, tpd_buf, sizeof(tpd_buf), &tpd_len), 0);

  mikey_msg m;
  mikey_msg_init(&m, MIKEY_DT_REQUEST_INIT_PSK);
  m.hdr.v = 1;
  m.hdr.prf = MIKEY_PRF_HMAC_SHA_256;
  m.hdr.csb_id = 0x12345678u;
  m.hdr.map_type = MIKEY_MAP_EMPTY;
  p = mikey_msg_add(&m, MIKEY_PT_T);
  p->u.t.value = UINT64_C(0xe94b3c2d80000000);
  p = mikey_msg_add(&m, MIKEY_PT_RANDR);
  p->u.rand.role = MIKEY_RAND_I;
  p->u.rand.rand = (mikey_bytes){randri, 16};
  add_idr(mikey_msg_add(&m, MIKEY_PT_IDR), MIKEY_ROLE_I, MIKEY_ID_URI, alice, 18);
  add_idr(mikey_msg_add(&m, MIKEY_PT_IDR), MIKEY_ROLE_KMS, MIKEY_ID_URI, kms, 12);
  p = mikey_msg_add(&m, MIKEY_PT_TP);
  p->u.tp.ticket_type = MIKEY_TICKET_3GPP_BASE;
  p->u.tp.prf = MIKEY_PRF_HMAC_SHA_256;
  p->u.tp.flags = MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_J | MIKEY_TP_N | MIKEY_TP_O;
  p->u.tp.tp_data = (mikey_bytes){tpd_buf, tpd_len};
  add_idr(mikey_msg_add(&m, MIKEY_PT_IDR), MIKEY_ROLE_PSK, MIKEY_ID_BYTES, psk, 8);
  p = mikey_msg_add(&m, MIKEY_PT_V);
  p->u.v.alg = MIKEY_MAC_HMAC_SHA_256_256;
  p->u.v.mac = (mikey_bytes){mac, 32};
  uint8_t out[512];
  size_t outlen;
  ck_assert_int_eq(mikey_msg_encode(&m, out, sizeof(out), &outlen), 0);
  ck_assert_bytes(out, outlen, ri, ri_len);
  ck_assert_uint_eq(m.pl[4].u.tp.tp_data_offset, 89);
}
END_TEST

START_TEST(message_encoder_refusals) {
  mikey_msg m;
  uint8_t out[64], z[32] = {0};
  size_t outlen;
  mikey_msg_init(&m, MIKEY_DT_ERROR);
  m.hdr.map_type = MIKEY_MAP_EMPTY;
  mikey_payload *p = mikey_msg_add(&m, MIKEY_PT_SIGN);
  p->u.sign.sig = (mikey_bytes){z, 4};
  p = mikey_msg_add(&m, MIKEY_PT_T);
  /* SIGN has no Next Payload field, so nothing can follow it */
  ck_assert_int_eq(mikey_msg_encode(&m, out, sizeof(out), &outlen), MIKEY_E_INVAL);
  ck_assert_int_eq(m.err_payload, MIKEY_PT_SIGN);
  ck_assert_uint_eq(m.err_offset, 0);
  m.pl[0] = m.pl[1];
  m.pl[1].type = MIKEY_PT_SIGN;
  m.pl[1].u.sign.sig = (mikey_bytes){z, 4};
  m.pl[1].u.sign.s_type = 0;
  ck_assert_int_eq(mikey_msg_encode(&m, out, sizeof(out), &outlen), 0);
  ck_assert_uint_eq(outlen, 10 + 10 + 6);
  ck_assert_uint_eq(m.pl[1].u.sign.sig_offset, 22);
  /* a THDR has no payload number: no message can carry one */
  m.pl[1].type = MIKEY_PT_THDR;
  ck_assert_int_eq(mikey_msg_encode(&m, out, sizeof(out), &outlen), MIKEY_E_UNEXPECTED_PAYLOAD);
  ck_assert_int_eq(m.err_payload, MIKEY_PT_THDR);
  ck_assert_uint_eq(m.err_offset, 1);
  m.n = 1;
  m.pl[0].type = MIKEY_PT_V;
  m.pl[0].u.v.alg = MIKEY_MAC_HMAC_SHA_1_160;
  m.pl[0].u.v.mac = (mikey_bytes){z, 19};
  ck_assert_int_eq(mikey_msg_encode(&m, out, sizeof(out), &outlen), MIKEY_E_BAD_LENGTH);
  ck_assert_int_eq(m.err_payload, MIKEY_PT_V);
  m.hdr.n_cs = 1;
  ck_assert_int_eq(mikey_msg_encode(&m, out, sizeof(out), &outlen), MIKEY_E_BAD_COUNT);
  ck_assert_int_eq(m.err_payload, MIKEY_PT_HDR);
  m.n = MIKEY_MAX_PAYLOADS + 1;
  ck_assert_int_eq(mikey_msg_encode(&m, out, sizeof(out), &outlen), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_msg_encode(NULL, out, sizeof(out), &outlen), MIKEY_E_INVAL);
  mikey_msg_init(&m, MIKEY_DT_PSK_INIT);
  for (size_t i = 0; i < MIKEY_MAX_PAYLOADS; i++) {
    ck_assert_ptr_nonnull(mikey_msg_add(&m, MIKEY_PT_RAND));
  }
  ck_assert_ptr_null(mikey_msg_add(&m, MIKEY_PT_RAND));

  /* nested lists: THDR first in Ticket Data, nowhere else */
  mikey_plist l;
  mikey_plist_init(&l);
  mikey_plist_add(&l, MIKEY_PT_RAND);
  ck_assert_int_eq(mikey_ticket_data_encode(&l, out, sizeof(out), &outlen), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_tp_data_encode(&l, out, sizeof(out), &outlen), 0);
  ck_assert_uint_eq(outlen, 3);
  mikey_plist_add(&l, MIKEY_PT_THDR);
  ck_assert_int_eq(mikey_tp_data_encode(&l, out, sizeof(out), &outlen), MIKEY_E_INVAL);
  mikey_plist_init(&l);
  ck_assert_int_eq(mikey_ticket_data_encode(&l, out, sizeof(out), &outlen), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_tp_data_encode(&l, out, sizeof(out), &outlen), 0);
  ck_assert_uint_eq(outlen, 0);
}
END_TEST

static Suite *msg_suite(void) {
  Suite *s = suite_create("codec messages");
  TCase *tc = tcase_create("messages");
  tcase_add_test(tc, request_init_psk_decodes_field_by_field);
  tcase_add_test(tc, request_init_psk_tp_data_and_its_kemac);
  tcase_add_test(tc, transfer_init_decodes_field_by_field);
  tcase_add_test(tc, transfer_init_ticket_data);
  tcase_add_test(tc, both_messages_reencode_byte_for_byte);
  tcase_add_test(tc, every_truncation_is_refused);
  tcase_add_test(tc, every_nested_truncation_is_refused);
  tcase_add_test(tc, every_length_field_off_by_one_is_refused);
  tcase_add_test(tc, unknown_and_misplaced_payload_types);
  tcase_add_test(tc, payload_count_bound);
  tcase_add_test(tc, sign_ends_the_chain);
  tcase_add_test(tc, nested_list_refusals);
  tcase_add_test(tc, transfer_init_built_from_structs);
  tcase_add_test(tc, request_init_psk_built_from_structs);
  tcase_add_test(tc, message_encoder_refusals);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(msg_suite()); }
