/*
 * gen_corpus.c: writes the seed corpus of the decode_msg harness: the hand-built messages of
 * tests/codec_vectors.c, one message of every MIKEY-TICKET type, a message that carries every
 * payload type, and the nested lists on their own. Run by `make fuzz-corpus`; its output is
 * committed under fuzz/corpus/decode_msg/.
 * Usage: gen_corpus DIRECTORY
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/codec.h>

#include "codec_vectors.h"

static const char *dir;
static int failed;

static void put(const char *name, const uint8_t *b, size_t n) {
  char path[512];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(b, 1, n, f) != n || fclose(f) != 0) {
    fprintf(stderr, "gen_corpus: cannot write %s\n", path);
    failed = 1;
  }
}

static void check(int rc, const char *what) {
  if (rc != 0) {
    fprintf(stderr, "gen_corpus: %s: %s\n", what, mikey_err_name(rc));
    exit(1);
  }
}

static const uint8_t b64[64] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa,
                                0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01, 0x02, 0x03, 0x04, 0x05};
static const uint8_t b256[256];
static const uint8_t alice[] = "sip:alice@ims.test", bob[] = "sip:bob@ims.test",
                     kms[] = "kms.ims.test";

static mikey_bytes bytes(const uint8_t *p, size_t n) { return (mikey_bytes){p, n}; }

/* encode_put encodes |m| and writes it as |name|. */
static void encode_put(mikey_msg *m, const char *name) {
  static uint8_t out[8192];
  size_t len;
  check(mikey_msg_encode(m, out, sizeof(out), &len), name);
  put(name, out, len);
}

static void idr(mikey_payload *p, uint8_t role, const uint8_t *d, size_t n) {
  p->u.id.role = role;
  p->u.id.type = MIKEY_ID_URI;
  p->u.id.data = bytes(d, n);
}

static void v_sha256(mikey_payload *p) {
  p->u.v.alg = MIKEY_MAC_HMAC_SHA_256_256;
  p->u.v.mac = bytes(b64, 32);
}

/* Encoded nested lists, reused by the messages below. */
static uint8_t tpd[256], td[512], idata[128], keys[256], keys_id[128];
static size_t tpd_len, td_len, idata_len, keys_len, keys_id_len;

static void build_lists(void) {
  mikey_keydata_list kl;
  memset(&kl, 0, sizeof(kl));
  kl.n = 4;
  kl.kd[0].type = MIKEY_KEY_MPK;
  kl.kd[0].key = bytes(b64, 16);
  kl.kd[0].kv.type = MIKEY_KV_SPI;
  kl.kd[0].kv.spi = bytes(b64, 4);
  kl.kd[1].type = MIKEY_KEY_TGK_SALT;
  kl.kd[1].key = bytes(b64, 16);
  kl.kd[1].salt = bytes(b64, 14);
  kl.kd[1].kv.type = MIKEY_KV_INTERVAL;
  kl.kd[1].kv.from = bytes(b256, 6);
  kl.kd[1].kv.to = bytes(b64, 6);
  kl.kd[2].type = MIKEY_KEY_GTGK;
  kl.kd[2].key = bytes(b64, 32);
  kl.kd[3].type = MIKEY_KEY_TEK_SALT;
  kl.kd[3].key = bytes(b64, 16);
  kl.kd[3].salt = bytes(b64, 12);
  check(mikey_keydata_encode(&kl, keys, sizeof(keys), &keys_len), "key data");
  kl.has_id = 1;
  kl.id.type = MIKEY_ID_URI;
  kl.id.data = bytes(alice, 18);
  kl.n = 1;
  check(mikey_keydata_encode(&kl, keys_id, sizeof(keys_id), &keys_id_len), "key data with ID");

  mikey_plist l;
  mikey_plist_init(&l);
  idr(mikey_plist_add(&l, MIKEY_PT_IDR), MIKEY_ROLE_KMS, kms, 12);
  idr(mikey_plist_add(&l, MIKEY_PT_IDR), MIKEY_ROLE_I, alice, 18);
  mikey_payload *p = mikey_plist_add(&l, MIKEY_PT_TR);
  p->u.t = (mikey_ts){MIKEY_TR_START, MIKEY_TS_NTP_UTC_32, 0xe94b3c2du};
  p = mikey_plist_add(&l, MIKEY_PT_TR);
  p->u.t = (mikey_ts){MIKEY_TR_END, MIKEY_TS_NTP_UTC_32, 0xe94c8dadu};
  p = mikey_plist_add(&l, MIKEY_PT_TR);
  p->u.t = (mikey_ts){MIKEY_TR_REKEY, MIKEY_TS_NTP_UTC_32, 3600};
  p = mikey_plist_add(&l, MIKEY_PT_KEMAC);
  p->u.kemac.encr_data = bytes(keys, keys_len);
  p = mikey_plist_add(&l, MIKEY_PT_IDR);
  p->u.id = (mikey_id){MIKEY_ROLE_APP, MIKEY_ID_BYTES, bytes((const uint8_t *)"PSK/MIME", 8)};
  idr(mikey_plist_add(&l, MIKEY_PT_IDR), MIKEY_ROLE_R, bob, 16);
  check(mikey_tp_data_encode(&l, tpd, sizeof(tpd), &tpd_len), "TP Data");

  mikey_plist_init(&l);
  mikey_plist_add(&l, MIKEY_PT_THDR)->u.thdr.data = bytes(b64, 6);
  p = mikey_plist_add(&l, MIKEY_PT_T);
  p->u.t.value = UINT64_C(0xe94b3c2d00000000);
  mikey_plist_add(&l, MIKEY_PT_RAND)->u.rand.rand = bytes(b64, 32);
  p = mikey_plist_add(&l, MIKEY_PT_KEMAC);
  p->u.kemac.encr_alg = MIKEY_ENCR_AES_CM_256;
  p->u.kemac.encr_data = bytes(b64, 50);
  p = mikey_plist_add(&l, MIKEY_PT_IDR);
  p->u.id = (mikey_id){MIKEY_ROLE_PSK, MIKEY_ID_BYTES, bytes(b64, 8)};
  v_sha256(mikey_plist_add(&l, MIKEY_PT_V));
  check(mikey_ticket_data_encode(&l, td, sizeof(td), &td_len), "Ticket Data");

  mikey_plist_init(&l);
  v_sha256(mikey_plist_add(&l, MIKEY_PT_V));
  v_sha256(mikey_plist_add(&l, MIKEY_PT_V));
  check(mikey_initiator_data_encode(&l, idata, sizeof(idata), &idata_len), "Initiator Data");

  put("list_tp_data", tpd, tpd_len);
  put("list_ticket_data", td, td_len);
  put("list_initiator_data", idata, idata_len);
  put("list_keydata", keys, keys_len);
  put("list_keydata_with_id", keys_id, keys_id_len);
}

static void ticket(mikey_payload *p, int with_idata) {
  p->u.ticket.tp.ticket_type = MIKEY_TICKET_3GPP_BASE;
  p->u.ticket.tp.prf = MIKEY_PRF_HMAC_SHA_256;
  p->u.ticket.tp.flags = MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_N | MIKEY_TP_O;
  p->u.ticket.tp.tp_data = bytes(tpd, tpd_len);
  p->u.ticket.ticket_data = bytes(td, td_len);
  if (with_idata) {
    p->u.ticket.tp.flags |= MIKEY_TP_I;
    p->u.ticket.initiator_data = bytes(idata, idata_len);
  }
}

/* fill sets small valid fields for a payload of |type| (roles as given). */
static void fill(mikey_payload *p, int role) {
  switch (p->type) {
  case MIKEY_PT_T:
    p->u.t.value = UINT64_C(0xe94b3c2d80000000);
    break;
  case MIKEY_PT_RANDR:
    p->u.rand.role = (uint8_t)role;
    p->u.rand.rand = bytes(b64, 16);
    break;
  case MIKEY_PT_IDR:
    idr(p, (uint8_t)role, role == MIKEY_ROLE_I ? alice : role == MIKEY_ROLE_R ? bob : kms,
        role == MIKEY_ROLE_I ? 18 : role == MIKEY_ROLE_R ? 16 : 12);
    break;
  case MIKEY_PT_TP:
    p->u.tp.ticket_type = MIKEY_TICKET_3GPP_BASE;
    p->u.tp.flags = MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_N | MIKEY_TP_O;
    p->u.tp.tp_data = bytes(tpd, tpd_len);
    break;
  case MIKEY_PT_TICKET:
    ticket(p, role);
    break;
  case MIKEY_PT_KEMAC:
    p->u.kemac.encr_alg = MIKEY_ENCR_AES_CM_128;
    p->u.kemac.encr_data = bytes(b64, 41);
    break;
  case MIKEY_PT_V:
    v_sha256(p);
    break;
  case MIKEY_PT_SIGN:
    p->u.sign.sig = bytes(b256, 128);
    break;
  case MIKEY_PT_CERT:
    p->u.id.data = bytes(b256, 40);
    break;
  case MIKEY_PT_CHASH:
    p->u.chash.func = MIKEY_HASH_SHA_256;
    p->u.chash.hash = bytes(b64, 32);
    break;
  case MIKEY_PT_PKE:
    p->u.pke.c = MIKEY_PKE_CACHE_CSB;
    p->u.pke.data = bytes(b256, 128);
    break;
  case MIKEY_PT_SP:
    p->u.sp.params = bytes((const uint8_t *)"\x00\x01\x01\x01\x01\x10\x0b\x01\x0a", 9);
    break;
  case MIKEY_PT_ERR:
    p->u.err.error_no = MIKEY_ERRNO_INVALID_TPPAR;
    break;
  default:
    break;
  }
}

/* one message per MIKEY-TICKET type, with every payload its grammar lists */
static void ticket_messages(void) {
  static const struct {
    uint8_t dt;
    const char *name;
    int pl[12][2]; /* type, role; type 0 ends */
  } msgs[] = {
      {MIKEY_DT_REQUEST_INIT_PSK, "dt11_request_init_psk",
       {{5, 0}, {15, 1}, {14, 1}, {14, 3}, {16, 0}, {14, 4}, {9, 0}}},
      {MIKEY_DT_REQUEST_INIT_PK, "dt12_request_init_pk",
       {{5, 0}, {15, 1}, {14, 1}, {7, 0}, {7, 0}, {14, 3}, {16, 0}, {8, 0}, {2, 0}, {4, 0}}},
      {MIKEY_DT_REQUEST_RESP, "dt13_request_resp", {{5, 0}, {14, 3}, {17, 0}, {1, 0}, {9, 0}}},
      {MIKEY_DT_TRANSFER_INIT, "dt14_transfer_init_forked",
       {{5, 0}, {15, 1}, {14, 1}, {14, 2}, {10, 0}, {17, 1}, {1, 0}, {21, 0}, {9, 0}}},
      {MIKEY_DT_TRANSFER_RESP, "dt15_transfer_resp",
       {{5, 0}, {15, 2}, {14, 2}, {15, 3}, {10, 0}, {1, 0}, {9, 0}}},
      {MIKEY_DT_RESOLVE_INIT_PSK, "dt16_resolve_init_psk",
       {{5, 0}, {15, 2}, {14, 2}, {14, 3}, {17, 1}, {14, 4}, {9, 0}}},
      {MIKEY_DT_RESOLVE_INIT_PK, "dt17_resolve_init_pk",
       {{5, 0}, {15, 2}, {14, 2}, {7, 0}, {14, 3}, {17, 0}, {8, 0}, {2, 0}, {4, 0}}},
      {MIKEY_DT_RESOLVE_RESP, "dt18_resolve_resp",
       {{5, 0}, {14, 3}, {1, 0}, {14, 2}, {15, 3}, {9, 0}}},
      {MIKEY_DT_ERROR, "dt06_error", {{5, 0}, {12, 0}, {12, 0}, {10, 0}, {9, 0}}},
      {MIKEY_DT_ERROR, "dt06_error_signed", {{5, 0}, {12, 0}, {4, 0}}},
  };
  static const uint8_t spi[4] = {0x0a, 0x0b, 0x0c, 0x0d};
  for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
    mikey_msg m;
    mikey_msg_init(&m, msgs[i].dt);
    m.hdr.prf = MIKEY_PRF_HMAC_SHA_256;
    m.hdr.csb_id = 0x01020304u + (uint32_t)i;
    m.hdr.map_type = MIKEY_MAP_EMPTY;
    if (msgs[i].dt == MIKEY_DT_TRANSFER_INIT || msgs[i].dt == MIKEY_DT_TRANSFER_RESP) {
      m.hdr.map_type = MIKEY_MAP_GENERIC_ID;
      m.hdr.n_cs = 1;
      m.hdr.cs[0].cs_id = 1;
      m.hdr.cs[0].prot_type = MIKEY_PROT_SRTP;
      m.hdr.cs[0].policies = bytes((const uint8_t *)"\0", 1);
      m.hdr.cs[0].spi = bytes(spi, 4);
    }
    for (size_t j = 0; j < 12 && msgs[i].pl[j][0]; j++) {
      mikey_payload *p = mikey_msg_add(&m, msgs[i].pl[j][0]);
      fill(p, msgs[i].pl[j][1]);
    }
    encode_put(&m, msgs[i].name);
  }
}

/* a message of each RFC 3830 data type carrying every payload type the codec knows */
static void every_payload(void) {
  static const uint8_t session[10] = {0x11, 0x22, 0x33, 0x44, 0, 0, 0, 0, 0, 5};
  for (unsigned dt = 0; dt <= MIKEY_DT_RSAR_RESP; dt++) {
    mikey_msg m;
    mikey_msg_init(&m, (uint8_t)dt);
    m.hdr.v = 1;
    m.hdr.csb_id = 0xdeadbeefu;
    if (dt % 2) {
      m.hdr.map_type = MIKEY_MAP_SRTP_ID;
      m.hdr.n_cs = 3;
      for (size_t i = 0; i < 3; i++) {
        m.hdr.cs[i].policy_no = (uint8_t)i;
        m.hdr.cs[i].ssrc = 0x10203040u * (uint32_t)(i + 1);
        m.hdr.cs[i].roc = (uint32_t)i;
      }
    } else {
      m.hdr.map_type = MIKEY_MAP_GENERIC_ID;
      m.hdr.n_cs = 2;
      m.hdr.cs[0] = (mikey_cs){1, MIKEY_PROT_SRTP, 1, bytes((const uint8_t *)"\0\1", 2),
                               bytes(session, 10), bytes(b64, 4), 0, 0, 0};
      m.hdr.cs[1] = (mikey_cs){2, MIKEY_PROT_PSKMIME_DEFAULT, 0, bytes(NULL, 0),
                               bytes(NULL, 0), bytes(b64, 4), 0, 0, 0};
    }
    mikey_payload *p = mikey_msg_add(&m, MIKEY_PT_KEMAC);
    p->u.kemac.encr_alg = MIKEY_ENCR_AES_KW_128;
    p->u.kemac.encr_data = bytes(b64, 40);
    p->u.kemac.mac_alg = MIKEY_MAC_HMAC_SHA_1_160;
    p->u.kemac.mac = bytes(b64, 20);
    p = mikey_msg_add(&m, MIKEY_PT_KEMAC);
    p->u.kemac.encr_data = bytes(keys, keys_len);
    p = mikey_msg_add(&m, MIKEY_PT_PKE);
    fill(p, 0);
    p = mikey_msg_add(&m, MIKEY_PT_DH);
    p->u.dh.group = (uint8_t)(dt % 3);
    p->u.dh.value = bytes(b256, dt % 3 == 0 ? 192 : dt % 3 == 1 ? 96 : 128);
    p->u.dh.kv.type = MIKEY_KV_SPI;
    p->u.dh.kv.spi = bytes(b64, 4);
    p = mikey_msg_add(&m, MIKEY_PT_T);
    p->u.t.ts_type = MIKEY_TS_NTP;
    p->u.t.value = 1;
    p = mikey_msg_add(&m, MIKEY_PT_T);
    p->u.t.ts_type = MIKEY_TS_COUNTER;
    p->u.t.value = 7;
    p = mikey_msg_add(&m, MIKEY_PT_ID);
    p->u.id.type = MIKEY_ID_NAI;
    p->u.id.data = bytes((const uint8_t *)"alice@ims.test", 14);
    fill(mikey_msg_add(&m, MIKEY_PT_CERT), 0);
    fill(mikey_msg_add(&m, MIKEY_PT_CHASH), 0);
    fill(mikey_msg_add(&m, MIKEY_PT_SP), 0);
    mikey_msg_add(&m, MIKEY_PT_RAND)->u.rand.rand = bytes(b64, 16);
    fill(mikey_msg_add(&m, MIKEY_PT_ERR), 0);
    p = mikey_msg_add(&m, MIKEY_PT_TR);
    p->u.t = (mikey_ts){MIKEY_TR_ISSUE, MIKEY_TS_NTP_UTC, 5};
    fill(mikey_msg_add(&m, MIKEY_PT_IDR), MIKEY_ROLE_KMSI);
    fill(mikey_msg_add(&m, MIKEY_PT_RANDR), MIKEY_RAND_KMS);
    fill(mikey_msg_add(&m, MIKEY_PT_TP), 0);
    fill(mikey_msg_add(&m, MIKEY_PT_TICKET), 1);
    p = mikey_msg_add(&m, MIKEY_PT_GEXT);
    p->u.gext.type = MIKEY_GEXT_KEY_ID;
    p->u.gext.data = bytes((const uint8_t *)"\x00\x02\x11\x22\x01\x02\x33\x44", 8);
    p = mikey_msg_add(&m, MIKEY_PT_GEXT);
    p->u.gext.type = MIKEY_GEXT_VENDOR;
    p->u.gext.data = bytes(b64, 3);
    p = mikey_msg_add(&m, MIKEY_PT_SAKKE);
    p->u.sakke = (mikey_sakke){MIKEY_SAKKE_PARAMS_1, MIKEY_SAKKE_ID_TEL_MONTHLY, bytes(b64, 33)};
    p = mikey_msg_add(&m, MIKEY_PT_V);
    p->u.v.alg = MIKEY_MAC_HMAC_SHA_1_160;
    p->u.v.mac = bytes(b64, 20);
    p = mikey_msg_add(&m, MIKEY_PT_V);
    p->u.v.alg = MIKEY_MAC_NULL;
    p = mikey_msg_add(&m, MIKEY_PT_SIGN);
    p->u.sign.s_type = MIKEY_SIGN_RSA_PSS;
    p->u.sign.sig = bytes(b256, 64);
    char name[64];
    snprintf(name, sizeof(name), "dt%02u_every_payload", dt);
    encode_put(&m, name);
  }
  /* a SAKKE I_MESSAGE (RFC 6509): HDR, T, RAND, IDRi, IDRr, SAKKE, SIGN */
  mikey_msg m;
  mikey_msg_init(&m, MIKEY_DT_SAKKE);
  m.hdr.map_type = MIKEY_MAP_GENERIC_ID;
  fill(mikey_msg_add(&m, MIKEY_PT_T), 0);
  mikey_msg_add(&m, MIKEY_PT_RAND)->u.rand.rand = bytes(b64, 16);
  fill(mikey_msg_add(&m, MIKEY_PT_IDR), MIKEY_ROLE_I);
  fill(mikey_msg_add(&m, MIKEY_PT_IDR), MIKEY_ROLE_R);
  mikey_payload *p = mikey_msg_add(&m, MIKEY_PT_SAKKE);
  p->u.sakke = (mikey_sakke){MIKEY_SAKKE_PARAMS_1, MIKEY_SAKKE_ID_TEL_MONTHLY, bytes(b256, 129)};
  p = mikey_msg_add(&m, MIKEY_PT_SIGN);
  p->u.sign.s_type = MIKEY_SIGN_ECCSI;
  p->u.sign.sig = bytes(b256, 129);
  encode_put(&m, "dt26_sakke");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: gen_corpus DIRECTORY\n");
    return 2;
  }
  dir = argv[1];
  uint8_t b[1024];
  size_t n = vec_bytes(vec_request_init_psk, b, sizeof(b));
  put("vec_request_init_psk", b, n);
  n = vec_bytes(vec_transfer_init, b, sizeof(b));
  put("vec_transfer_init", b, n);
  build_lists();
  ticket_messages();
  every_payload();
  return failed;
}
