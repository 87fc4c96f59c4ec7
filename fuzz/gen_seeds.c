/*
 * gen_seeds.c: writes the seed corpora of the CMS, DER, S/MIME and base64 harnesses with the
 * library's own builders, fixed randomness and the keys of fuzz_keys.h, plus a few hand-made
 * edge cases; and those of the ticket and role engine harnesses from one complete exchange
 * per scenario of fuzz_world.h (fixed keys, clock and randomness). Run by `make fuzz-corpus`; its output is committed under fuzz/corpus/<harness>/.
 * Usage: gen_seeds CORPUS-DIRECTORY   (writes into CORPUS-DIRECTORY/<harness>/, which must
 * exist)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/base64.h>
#include <mikey/cms.h>
#include <mikey/smime.h>

#include "fuzz_keys.h"
#include "fuzz_world.h"

static const char *dir;
static int failed;

static void put(const char *harness, const char *name, const void *b, size_t n) {
  char path[512];
  snprintf(path, sizeof(path), "%s/%s/%s", dir, harness, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(b, 1, n, f) != n || fclose(f) != 0) {
    fprintf(stderr, "gen_seeds: cannot write %s\n", path);
    failed = 1;
  }
}

static void puts_(const char *harness, const char *name, const char *s) {
  put(harness, name, s, strlen(s));
}

static void check(int rc, const char *what) {
  if (rc != 0) {
    fprintf(stderr, "gen_seeds: %s: %s\n", what, mikey_err_name(rc));
    exit(1);
  }
}

static int fixed_rand(void *u, uint8_t *out, size_t len) {
  unsigned *ctr = u;
  for (size_t i = 0; i < len; i++) {
    out[i] = (uint8_t)(*ctr * 131u + 17u);
    (*ctr)++;
  }
  return 0;
}

static unsigned ctr;
static const mikey_env env = {fixed_rand, NULL, &ctr};

static uint8_t content[300];

/* an Attribute: contentType id-data (RFC 5652 11.1) */
static const uint8_t attr_ct[] = {0x30, 0x18, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                  0x0d, 0x01, 0x09, 0x03, 0x31, 0x0b, 0x06, 0x09, 0x2a,
                                  0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01};

/* messages kept for the stream, DER and S/MIME seeds */
static uint8_t msgs[16][1024];
static size_t msg_len[16];
static const char *msg_name[16];
static size_t nmsgs;

static void keep(const char *name, const uint8_t *b, size_t n) {
  if (nmsgs < 16 && n <= sizeof(msgs[0])) {
    memcpy(msgs[nmsgs], b, n);
    msg_len[nmsgs] = n;
    msg_name[nmsgs++] = name;
  }
  put("cms_aed_open", name, b, n);
  put("der_decode", name, b, n);
}

static void aed(const char *name, mikey_cms_alg alg, int big_kek, size_t nonce, size_t icv,
                int attrs, size_t clen) {
  mikey_cms_aed_opts o = {alg, nonce, icv, NULL, 0, NULL, 0};
  if (attrs) {
    o.auth_attrs = attr_ct;
    o.auth_attrs_len = sizeof(attr_ct);
    o.unauth_attrs = attr_ct;
    o.unauth_attrs_len = sizeof(attr_ct);
  }
  mikey_cms_kek k = {big_kek ? fuzz_kek32 : fuzz_kek16, big_kek ? 32 : 16, fuzz_kek_id,
                     sizeof(fuzz_kek_id)};
  uint8_t out[1024];
  size_t n = sizeof(out);
  check(mikey_cms_aed_build(NULL, &env, &o, &k, content, clen, out, &n), name);
  keep(name, out, n);
}

/* a BER message from the streaming encoder, content given in pieces of |piece| bytes */
static void aed_ber(const char *name, size_t clen, size_t piece) {
  mikey_cms_kek k = {fuzz_kek16, 16, fuzz_kek_id, sizeof(fuzz_kek_id)};
  mikey_cms_aed_encoder *e = NULL;
  check(mikey_cms_aed_encoder_new(&e, &env, NULL, &k, MIKEY_CMS_LENGTH_UNKNOWN), name);
  uint8_t out[1024];
  size_t n = 0;
  for (size_t off = 0; off < clen; off += piece) {
    size_t m = clen - off < piece ? clen - off : piece, w = sizeof(out) - n;
    check(mikey_cms_aed_encoder_update(e, content + off, m, out + n, &w), name);
    n += w;
  }
  size_t w = sizeof(out) - n;
  check(mikey_cms_aed_encoder_final(e, out + n, &w), name);
  n += w;
  mikey_cms_aed_encoder_free(e);
  keep(name, out, n);
}

static void ed(const char *name, mikey_cms_alg alg, int big_kek, size_t clen) {
  mikey_cms_kek k = {big_kek ? fuzz_kek32 : fuzz_kek16, big_kek ? 32 : 16, fuzz_kek_id,
                     sizeof(fuzz_kek_id)};
  uint8_t out[1024];
  size_t n = sizeof(out);
  check(mikey_cms_ed_build(NULL, &env, alg, &k, content, clen, out, &n), name);
  put("cms_aed_open", name, out, n);
  put("der_decode", name, out, n);
}

static void cms_seeds(void) {
  aed("aed_gcm128_0", MIKEY_CMS_AES128_GCM, 0, 0, 0, 0, 0);
  aed("aed_gcm128_1", MIKEY_CMS_AES128_GCM, 0, 0, 0, 0, 1);
  aed("aed_gcm128_100", MIKEY_CMS_AES128_GCM, 0, 0, 0, 0, 100);
  aed("aed_gcm128_attrs", MIKEY_CMS_AES128_GCM, 0, 0, 0, 1, 40);
  aed("aed_gcm128_n1_icv12", MIKEY_CMS_AES128_GCM, 0, 1, 12, 0, 17);
  aed("aed_gcm128_n64", MIKEY_CMS_AES128_GCM, 0, 64, 0, 0, 33);
  aed("aed_gcm256_kek32", MIKEY_CMS_AES256_GCM, 1, 0, 0, 0, 50);
  aed("aed_gcm128_kek32", MIKEY_CMS_AES128_GCM, 1, 0, 0, 1, 20);
  aed("aed_ccm128", MIKEY_CMS_AES128_CCM, 0, 0, 0, 0, 64);
  aed("aed_ccm128_n7_icv4", MIKEY_CMS_AES128_CCM, 0, 7, 4, 1, 31);
  aed("aed_ccm256_kek32", MIKEY_CMS_AES256_CCM, 1, 13, 16, 0, 200);
  aed_ber("aed_ber_3chunks", 40, 16);
  aed_ber("aed_ber_1chunk", 5, 5);
  aed_ber("aed_ber_empty", 0, 1);
  ed("ed_cbc128", MIKEY_CMS_AES128_CBC, 0, 30);
  ed("ed_cbc256_kek32", MIKEY_CMS_AES256_CBC, 1, 32);
  ed("ed_cbc128_0", MIKEY_CMS_AES128_CBC, 0, 0);
}

/* stream seeds: a header byte (KEK choice, split count), the split sizes, the message */
static void stream_seeds(void) {
  static const uint8_t hdrs[][4] = {{0x00}, {0x01, 1}, {0x03, 7, 0, 200}, {0x02, 3, 64}};
  for (size_t i = 0; i < nmsgs; i++) {
    const uint8_t *h = hdrs[i % 4];
    uint8_t b[1100];
    size_t hl = 1 + (h[0] & 7);
    memcpy(b, h, hl);
    if (strstr(msg_name[i], "kek32")) {
      b[0] |= 0x80;
    }
    memcpy(b + hl, msgs[i], msg_len[i]);
    put("cms_stream_open", msg_name[i], b, hl + msg_len[i]);
  }
}

static void der_seeds(void) {
  static const struct {
    const char *name;
    const char *b;
    size_t n;
  } v[] = {
      {"int_0", "\x02\x01\x00", 3},
      {"int_ffffffff", "\x02\x05\x00\xff\xff\xff\xff", 7},
      {"int_nonminimal", "\x02\x02\x00\x01", 4},
      {"len_long_minimal", "\x04\x81\x80", 3},
      {"len_nonminimal", "\x04\x81\x05hello", 8},
      {"indef_nested", "\x30\x80\x24\x80\x04\x01\x61\x00\x00\x05\x00\x00\x00", 13},
      {"indef_primitive", "\x04\x80\x00\x00", 4},
      {"tag31", "\x1f\x20\x00", 3},
      {"ctx_tags", "\xa0\x06\x80\x01\x01\x81\x01\x02", 8},
      {"deep", "\x30\x80\x30\x80\x30\x80\x30\x80\x30\x80\x30\x80\x30\x80\x30\x80\x30\x80"
               "\x30\x80\x30\x80\x30\x80\x30\x80\x30\x80\x30\x80\x30\x80\x30\x80",
       34},
  };
  for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
    put("der_decode", v[i].name, v[i].b, v[i].n);
  }
}

static void smime_seeds(void) {
  uint8_t out[2048];
  size_t n;
  check(mikey_smime_entity_build(msgs[2], msg_len[2], MIKEY_SMIME_CTE_BASE64, out, sizeof(out),
                                 &n),
        "entity base64");
  put("smime_entity", "built_base64", out, n);
  check(mikey_smime_entity_build(msgs[0], msg_len[0], MIKEY_SMIME_CTE_BINARY, out, sizeof(out),
                                 &n),
        "entity binary");
  put("smime_entity", "built_binary", out, n);
  puts_("smime_entity", "x_pkcs7_folded_7bit",
        "Content-Type: application/x-pkcs7-mime;\r\n\tsmime-type=\"Auth-Enveloped-Data\" "
        "(comment);\r\n name=smime.p7m\r\nContent-Transfer-Encoding: 7bit\r\n\r\n0\x80\x00\x00");
  puts_("smime_entity", "quoted_printable",
        "Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n=30=00");
  puts_("smime_entity", "base64_split_quantum",
        "content-type: APPLICATION/PKCS7-MIME; smime-type=auth-enveloped-data\r\n"
        "content-transfer-encoding: BASE64\r\n\r\nMA\r\n A=\t=\r\n");

  /* SIP bodies: [ctype length] ctype body */
  static const char *const names[] = {"built_base64", "built_binary"};
  for (int cte = 0; cte < 2; cte++) {
    char ctype[MIKEY_SIPBODY_CTYPE_SIZE];
    uint8_t body[2048];
    size_t bl;
    check(mikey_sipbody_build(&env, (const uint8_t *)"\x01\x00\x05\x00\x01\x02\x03\x04\x00", 9,
                              msgs[cte], msg_len[cte], cte, body, sizeof(body), &bl, ctype),
          "sipbody");
    uint8_t b[2200];
    size_t cl = strlen(ctype);
    b[0] = (uint8_t)cl;
    memcpy(b + 1, ctype, cl);
    memcpy(b + 1 + cl, body, bl);
    put("sipbody", names[cte], b, 1 + cl + bl);
  }
  puts_("sipbody", "default_ctype_preamble",
        "\xff"
        "preamble\r\n--b \t\r\nContent-Type: application/mikey\r\n\r\nAQAF\r\n--b\r\n"
        "Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data\r\n"
        "Content-Transfer-Encoding: binary\r\n\r\n0\x03\x02\x01\x00\r\n--b--\r\nepilogue");
  puts_("sipbody", "closed_early",
        "\x1d" "multipart/mixed; boundary=xy\r\n--xy\r\nContent-Type: application/mikey\r\n\r\n"
        "AQAF\r\n--xy--\r\nContent-Type: application/pkcs7-mime\r\n\r\nAA==\r\n");

  static const char *const sip[] = {
      "INVITE sip:bob@ims.test SIP/2.0\r\nVia: SIP/2.0/UDP a.test\r\nContent-Length: 0\r\n\r\n",
      "SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\nbody bytes",
  };
  for (int i = 0; i < 2; i++) {
    check(mikey_smime_sipmsg_wrap((const uint8_t *)sip[i], strlen(sip[i]), out, sizeof(out),
                                  &n),
          "sipmsg");
    put("sipmsg", i ? "wrapped_response" : "wrapped_request", out, n);
  }
  puts_("sipmsg", "ctype_params_8bit",
        "content-type: Message/SIP; charset=x (c)\r\ncontent-transfer-encoding: 8bit\r\n\r\n"
        "MESSAGE sip:x SIP/2.0\r\n\r\n");
  puts_("sipmsg", "response_699_bare_lf", "Content-Type: message/sip\r\n\r\nSIP/2.0 699 X\n\r\n");

  /* base64 */
  for (size_t len = 0; len < 4; len++) {
    char name[32];
    check(mikey_base64_encode(content, len + 1, 0, out, sizeof(out), &n), "base64");
    snprintf(name, sizeof(name), "strict_%zu", len + 1);
    put("base64", name, out, n);
  }
  check(mikey_base64_encode(content, 100, MIKEY_BASE64_MIME_WRAP, out, sizeof(out), &n), "b64");
  put("base64", "mime_wrapped_100", out, n);
  puts_("base64", "padbits", "QR==");
  puts_("base64", "after_pad", "QQ==QQ==");
  puts_("base64", "ws_inside", "Q Q\r\n=\t=");
  puts_("base64", "bad_char", "QUJD-A==");
}

/* |pre| then the |n| bytes at |b| */
static void put1(const char *harness, const char *name, uint8_t pre, const uint8_t *b,
                 size_t n) {
  uint8_t *c = malloc(n + 1);
  if (!c) {
    exit(1);
  }
  c[0] = pre;
  memcpy(c + 1, b, n);
  put(harness, name, c, n + 1);
  free(c);
}

/* the TICKET payload of message |b| as one payload (Next Payload 0, as mikey_ticket_build) */
static void put_ticket(const char *name, const uint8_t *b, size_t n) {
  mikey_msg *m = malloc(sizeof(*m));
  if (!m) {
    exit(1);
  }
  check(mikey_msg_decode(m, b, n), name);
  const mikey_payload *p = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
  if (!p) {
    check(MIKEY_E_MISSING_PAYLOAD, name);
    return;
  }
  uint8_t t[FW_MSG_MAX];
  memcpy(t, b + p->offset, p->len);
  t[0] = 0;
  put("ticket_open", name, t, p->len);
  free(m);
}

/* The role engine harnesses: the messages of one exchange per scenario of fuzz_world.h. */
static void role_seeds(void) {
  static const char *const sn[FW_N] = {"pskmime", "poo", "mikey1", "ims"};
  fw_flow *f = malloc(sizeof(*f));
  if (!f) {
    exit(1);
  }
  for (int sc = 0; sc < FW_N; sc++) {
    char name[64];
    check(fw_flow_run(sc, f), sn[sc]);
    snprintf(name, sizeof(name), "req_%s", sn[sc]);
    put1("kms_process", name, 0, f->req, f->req_len);
    snprintf(name, sizeof(name), "req_%s_remac", sn[sc]);
    put1("kms_process", name, 1, f->req, f->req_len);
    snprintf(name, sizeof(name), "rinit_%s", sn[sc]);
    put1("kms_process", name, 0, f->rinit, f->rinit_len);
    snprintf(name, sizeof(name), "rinit_%s_remac", sn[sc]);
    put1("kms_process", name, 1, f->rinit, f->rinit_len);
    snprintf(name, sizeof(name), "tinit_%s", sn[sc]);
    put1("responder_transfer_init", name, (uint8_t)sc, f->tinit, f->tinit_len);
    snprintf(name, sizeof(name), "sresp_%s", sn[sc]);
    put1("responder_resolve_resp", name, (uint8_t)sc, f->sresp, f->sresp_len);
    snprintf(name, sizeof(name), "sresp_%s_remac", sn[sc]);
    put1("responder_resolve_resp", name, (uint8_t)(sc | 0x80), f->sresp, f->sresp_len);
    /* an unauthenticated Error message about the RESOLVE_INIT */
    fw_party pe = {0x33, 0, 0};
    mikey_env ee = fw_env(&pe);
    uint8_t err[256];
    size_t el;
    check(mikey_errmsg_build(f->rinit, f->rinit_len, MIKEY_E_AUTH, &ee, err, sizeof(err), &el),
          "errmsg");
    snprintf(name, sizeof(name), "error_%s", sn[sc]);
    put1("responder_resolve_resp", name, (uint8_t)sc, err, el);
    snprintf(name, sizeof(name), "rresp_%s", sn[sc]);
    put1("initiator_response", name, (uint8_t)sc, f->rresp, f->rresp_len);
    snprintf(name, sizeof(name), "rresp_%s_remac", sn[sc]);
    put1("initiator_response", name, (uint8_t)(sc | 0x80), f->rresp, f->rresp_len);
    check(mikey_errmsg_build(f->req, f->req_len, MIKEY_E_NOT_AUTHORIZED, &ee, err, sizeof(err),
                             &el),
          "errmsg");
    snprintf(name, sizeof(name), "error_%s", sn[sc]);
    put1("initiator_response", name, (uint8_t)sc, err, el);
    if (sc == FW_IMS) {
      put1("initiator_response", "tresp_ims", 0x40 | FW_IMS, f->tresp, f->tresp_len);
      put1("initiator_response", "tresp_ims_remac", 0x60 | FW_IMS, f->tresp, f->tresp_len);
      put1("responder_csb_update", "update_ims", 0, f->upd, f->upd_len);
      put1("responder_csb_update", "update_ims_remac", 0x80, f->upd, f->upd_len);
      put1("responder_csb_update", "tinit_ims", 0, f->tinit, f->tinit_len);
      put1("responder_csb_update", "tinit_ims_remac", 0x80, f->tinit, f->tinit_len);
    }
    snprintf(name, sizeof(name), "from_tinit_%s", sn[sc]);
    put_ticket(name, f->tinit, f->tinit_len);
    snprintf(name, sizeof(name), "from_rresp_%s", sn[sc]);
    put_ticket(name, f->rresp, f->rresp_len);
  }
  free(f);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: gen_seeds CORPUS-DIRECTORY\n");
    return 2;
  }
  dir = argv[1];
  check(mikey_global_init(0), "init");
  for (size_t i = 0; i < sizeof(content); i++) {
    content[i] = (uint8_t)(i * 7 + 3);
  }
  cms_seeds();
  stream_seeds();
  der_seeds();
  smime_seeds();
  role_seeds();
  return failed;
}
