/*
 * codec_payload_test.c: every payload of RFC 3830, RFC 6043, RFC 4563 and RFC 6509 on its
 * own: hand-written vectors decoded field by field, re-encoded byte for byte, cut at every
 * byte, and with every length field one too big and one too small.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/codec.h>

#include "mikey_test.h"

#define ALICE "73 69 70 3a 61 6c 69 63 65 40 69 6d 73 2e 74 65 73 74"
#define PSKMIME "50 53 4b 2f 4d 49 4d 45"
#define B16 "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
#define B32 B16 "10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f"
#define B96 B32 B32 B32

/* A length field: offset, width (1 or 2; for a packed length, the byte with its low bits),
 * and the refusal expected when it is one too big (plus) and one too small (minus). */
typedef struct {
  size_t off, width;
  int plus, minus;
} lenf;

typedef struct {
  const char *name;
  int type;
  const char *hex;
  lenf lens[4];
} pcase;

#define T_ MIKEY_E_TRUNCATED
#define TR_ MIKEY_E_TRAILING
#define BL_ MIKEY_E_BAD_LENGTH
#define BV_ MIKEY_E_BAD_VALUE

static const pcase cases[] = {
    /* RFC 3830 6.2: next, Encr alg, Encr data len, Encr data, MAC alg, MAC. The bytes around
     * the length are chosen so that a shifted MAC alg is an unknown one. */
    {"KEMAC AES-CM-256 HMAC-SHA-1-160", MIKEY_PT_KEMAC,
     "09 03 00 10 c0 c1 c2 c3 c4 c5 c6 c7 c8 c9 ca cb cc cd ce cf 01"
     "77 78 79 7a 7b 7c 7d 7e 7f 80 81 82 83 84 85 86 87 88 89 8a",
     {{2, 2, BV_, BV_}}},
    {"KEMAC NULL NULL empty", MIKEY_PT_KEMAC, "00 00 00 00 00", {{2, 2, T_, T_}}},
    /* RFC 3830 6.3: next, C (2 bits) | Data len (14 bits), Data */
    {"PKE", MIKEY_PT_PKE, "00 40 05 01 02 03 04 05", {{2, 1, T_, TR_}}},
    /* RFC 3830 6.4: next, DH-Group OAKLEY 1 (96-byte value), Reserv | KV interval,
     * VF length, Valid From, VT length, Valid To */
    {"DH OAKLEY 1 KV interval", MIKEY_PT_DH, "00 01" B96 "02 02 aa bb 02 cc dd",
     {{99, 1, T_, T_}, {102, 1, T_, TR_}}},
    /* RFC 3830 6.5: S type (4 bits) | Signature len (12 bits), Signature */
    {"SIGN RSA/PSS", MIKEY_PT_SIGN, "10 0a 01 02 03 04 05 06 07 08 09 0a", {{1, 1, T_, TR_}}},
    /* RFC 3830 6.6 / RFC 6043 6.3 */
    {"T NTP-UTC", MIKEY_PT_T, "0b 00 e9 4b 3c 2d 80 00 00 00", {{0}}},
    {"T NTP", MIKEY_PT_T, "0b 01 e9 4b 3c 2d 80 00 00 01", {{0}}},
    {"T COUNTER", MIKEY_PT_T, "00 02 00 00 00 07", {{0}}},
    {"T NTP-UTC-32", MIKEY_PT_T, "00 03 e9 4b 3c 2d", {{0}}},
    /* RFC 3830 6.7: next, ID type, ID len, ID */
    {"ID URI", MIKEY_PT_ID, "00 01 00 12" ALICE, {{2, 2, T_, TR_}}},
    {"CERT X.509v3", MIKEY_PT_CERT, "00 00 00 04 30 02 05 00", {{2, 2, T_, TR_}}},
    /* RFC 3830 6.8, RFC 6043 6.7 */
    {"CHASH SHA-256", MIKEY_PT_CHASH, "00 02" B32, {{0}}},
    {"CHASH SHA-1", MIKEY_PT_CHASH, "00 00" B16 "10 11 12 13", {{0}}},
    {"CHASH MD5", MIKEY_PT_CHASH, "00 01" B16, {{0}}},
    /* RFC 3830 6.9 */
    {"V HMAC-SHA-256-256", MIKEY_PT_V, "00 02" B32, {{0}}},
    {"V HMAC-SHA-1-160", MIKEY_PT_V, "00 01" B16 "10 11 12 13", {{0}}},
    {"V NULL", MIKEY_PT_V, "00 00", {{0}}},
    /* RFC 3830 6.10: next, Policy no, Prot type, Policy param length, TLVs (encr alg AES-CM,
     * key length 16, tag length 10) */
    {"SP SRTP", MIKEY_PT_SP, "00 00 00 00 09 00 01 01 01 01 10 0b 01 0a",
     {{3, 2, T_, BL_}, {6, 1, BL_, BL_}, {12, 1, BL_, BL_}}},
    /* RFC 3830 6.11 */
    {"RAND", MIKEY_PT_RAND, "00 10" B16, {{1, 1, T_, TR_}}},
    /* RFC 3830 6.12 */
    {"ERR Invalid TPpar", MIKEY_PT_ERR, "00 0f 00 00", {{0}}},
    /* RFC 3830 6.15, RFC 4563 section 4 */
    {"GEXT vendor", MIKEY_PT_GEXT, "00 00 00 03 ab cd ef", {{2, 2, T_, TR_}}},
    {"GEXT Key ID", MIKEY_PT_GEXT, "00 03 00 08 00 02 11 22 01 02 33 44",
     {{2, 2, T_, BL_}, {5, 1, BL_, BL_}, {9, 1, BL_, BL_}}},
    {"GEXT proof-of-origin", MIKEY_PT_GEXT, "09 f1 00 10" B16, {{2, 2, T_, TR_}}},
    /* RFC 6043 6.4, 6.6, 6.8 */
    {"TR TRs NTP-UTC-32", MIKEY_PT_TR, "0d 02 03 e9 4b 3c 2d", {{0}}},
    {"IDR IDRi URI", MIKEY_PT_IDR, "0e 01 01 00 12" ALICE, {{3, 2, T_, TR_}}},
    {"RANDR RANDRi", MIKEY_PT_RANDR, "0e 01 10" B16, {{2, 1, T_, TR_}}},
    /* RFC 6043 6.10: TP with TP Data = First Payload IDR, IDRapp */
    {"TP 3GPP", MIKEY_PT_TP, "0e 00 02 00 00 03 94 60 00 0e 0e 00 05 02 00 08" PSKMIME,
     {{8, 2, T_, TR_}}},
    /* TICKET: MIKEY base ticket, empty TP Data, Ticket Data = THDR, Initiator Data = V, V */
    {"TICKET MIKEY base", MIKEY_PT_TICKET,
     "00 00 01 01 01 01 fc 60 00 00 00 09 00 00 06 00 11 22 33 44 55 00 05 09 09 00 00 00",
     {{8, 2, T_, T_}, {10, 2, T_, T_}, {21, 2, T_, TR_}}},
    /* RFC 6043 A.3 */
    {"THDR", MIKEY_PT_THDR, "05 00 06 00 11 22 33 44 55", {{1, 2, T_, TR_}}},
    /* RFC 6509 4.2 */
    {"SAKKE", MIKEY_PT_SAKKE, "00 01 01 00 04 de ad be ef", {{3, 2, T_, TR_}}},
};
#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static uint8_t *case_bytes(const pcase *c, size_t *len) { return test_hex_alloc(c->hex, len); }

/* exact_copy gives |len| bytes in a buffer of exactly that size, so that ASan and valgrind
 * catch any read past the end. */
static uint8_t *exact_copy(const uint8_t *p, size_t len) {
  uint8_t *q = malloc(len ? len : 1);
  ck_assert_ptr_nonnull(q);
  if (len) {
    memcpy(q, p, len);
  }
  return q;
}

START_TEST(payload_decodes_and_reencodes_byte_for_byte) {
  const pcase *c = &cases[_i];
  size_t len, outlen = 0, consumed = 0;
  uint8_t *b = case_bytes(c, &len);
  mikey_payload p;
  uint8_t next = 0xee, out[512];
  ck_assert_msg(mikey_payload_decode(&p, c->type, b, len, &next, NULL) == 0, "%s", c->name);
  ck_assert_int_eq(p.type, c->type);
  ck_assert_uint_eq(p.offset, 0);
  ck_assert_uint_eq(p.len, len);
  ck_assert_uint_eq(next, c->type == MIKEY_PT_SIGN ? 0 : b[0]);
  ck_assert_int_eq(mikey_payload_decode(&p, c->type, b, len, &next, &consumed), 0);
  ck_assert_uint_eq(consumed, len);
  ck_assert_int_eq(mikey_payload_encode(&p, next, out, sizeof(out), &outlen), 0);
  ck_assert_bytes(out, outlen, b, len);
  /* sizing: NULL and a buffer one byte short both report the exact size */
  ck_assert_int_eq(mikey_payload_encode(&p, next, NULL, 0, &outlen), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(outlen, len);
  ck_assert_int_eq(mikey_payload_encode(&p, next, out, len - 1, &outlen),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(outlen, len);
  free(b);
}
END_TEST

START_TEST(payload_refuses_every_truncation) {
  const pcase *c = &cases[_i];
  size_t len;
  uint8_t *b = case_bytes(c, &len);
  for (size_t cut = 0; cut < len; cut++) {
    uint8_t *t = exact_copy(b, cut);
    mikey_payload p;
    uint8_t next;
    int rc = mikey_payload_decode(&p, c->type, t, cut, &next, NULL);
    ck_assert_msg(rc == MIKEY_E_TRUNCATED, "%s cut at %zu: %s", c->name, cut,
                  mikey_err_name(rc));
    free(t);
  }
  /* one byte more than the payload is trailing when the payload must fill the input */
  uint8_t *t = malloc(len + 1);
  ck_assert_ptr_nonnull(t);
  memcpy(t, b, len);
  t[len] = 0;
  mikey_payload p;
  uint8_t next;
  size_t consumed = 0;
  ck_assert_int_eq(mikey_payload_decode(&p, c->type, t, len + 1, &next, NULL),
                   MIKEY_E_TRAILING);
  ck_assert_int_eq(mikey_payload_decode(&p, c->type, t, len + 1, &next, &consumed), 0);
  ck_assert_uint_eq(consumed, len);
  free(t);
  free(b);
}
END_TEST

/* adjust adds |delta| to the length field |f| of |b|. */
static void adjust(uint8_t *b, const lenf *f, int delta) {
  if (f->width == 2) {
    unsigned v = (unsigned)(b[f->off] << 8 | b[f->off + 1]);
    v = (v + (unsigned)delta) & 0xffffu;
    b[f->off] = (uint8_t)(v >> 8);
    b[f->off + 1] = (uint8_t)v;
  } else {
    b[f->off] = (uint8_t)(b[f->off] + delta);
  }
}

START_TEST(payload_refuses_each_length_off_by_one) {
  const pcase *c = &cases[_i];
  size_t len;
  uint8_t *b = case_bytes(c, &len);
  for (size_t k = 0; k < 4 && c->lens[k].width; k++) {
    const lenf *f = &c->lens[k];
    for (int d = -1; d <= 1; d += 2) {
      uint8_t *t = exact_copy(b, len);
      adjust(t, f, d);
      mikey_payload p;
      uint8_t next;
      int rc = mikey_payload_decode(&p, c->type, t, len, &next, NULL);
      int want = d > 0 ? f->plus : f->minus;
      ck_assert_msg(rc == want, "%s length @%zu %+d: got %s, want %s", c->name, f->off, d,
                    mikey_err_name(rc), mikey_err_name(want));
      free(t);
    }
  }
  free(b);
}
END_TEST

/* decode1 decodes |hex| as one payload of |type| that must fill it. */
static int decode1(int type, const char *hex, mikey_payload *p, uint8_t *buf, size_t cap) {
  size_t len = test_hex(hex, buf, cap);
  uint8_t next;
  return mikey_payload_decode(p, type, buf, len, &next, NULL);
}

START_TEST(kemac_fields_point_into_the_input) {
  uint8_t b[64];
  mikey_payload p;
  ck_assert_int_eq(decode1(MIKEY_PT_KEMAC, cases[0].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.kemac.encr_alg, MIKEY_ENCR_AES_CM_256);
  ck_assert_ptr_eq(p.u.kemac.encr_data.data, b + 4);
  ck_assert_uint_eq(p.u.kemac.encr_data.len, 16);
  ck_assert_uint_eq(p.u.kemac.encr_data_offset, 4);
  ck_assert_uint_eq(p.u.kemac.mac_alg, MIKEY_MAC_HMAC_SHA_1_160);
  ck_assert_ptr_eq(p.u.kemac.mac.data, b + 21);
  ck_assert_uint_eq(p.u.kemac.mac.len, 20);
  ck_assert_uint_eq(p.u.kemac.mac_offset, 21);
  ck_assert_uint_eq(p.u.kemac.mac.data[0], 0x77);
}
END_TEST

START_TEST(pke_dh_sign_fields) {
  uint8_t b[128];
  mikey_payload p;
  ck_assert_int_eq(decode1(MIKEY_PT_PKE, "00 40 05 01 02 03 04 05", &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.pke.c, MIKEY_PKE_CACHE);
  ck_assert_uint_eq(p.u.pke.data.len, 5);
  ck_assert_ptr_eq(p.u.pke.data.data, b + 3);
  ck_assert_int_eq(decode1(MIKEY_PT_PKE, "00 bf ff", &p, b, sizeof(b)), MIKEY_E_TRUNCATED);

  ck_assert_int_eq(decode1(MIKEY_PT_DH, cases[3].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.dh.group, MIKEY_DH_OAKLEY_1);
  ck_assert_uint_eq(p.u.dh.value.len, 96);
  ck_assert_ptr_eq(p.u.dh.value.data, b + 2);
  ck_assert_uint_eq(p.u.dh.kv.type, MIKEY_KV_INTERVAL);
  ck_assert_uint_eq(p.u.dh.kv.from.len, 2);
  ck_assert_uint_eq(p.u.dh.kv.from.data[0], 0xaa);
  ck_assert_uint_eq(p.u.dh.kv.to.len, 2);
  ck_assert_uint_eq(p.u.dh.kv.to.data[1], 0xdd);
  ck_assert_uint_eq(p.u.dh.kv.spi.len, 0);

  ck_assert_int_eq(decode1(MIKEY_PT_SIGN, cases[4].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.sign.s_type, MIKEY_SIGN_RSA_PSS);
  ck_assert_uint_eq(p.u.sign.sig.len, 10);
  ck_assert_uint_eq(p.u.sign.sig_offset, 2);
  ck_assert_ptr_eq(p.u.sign.sig.data, b + 2);
}
END_TEST

START_TEST(dh_groups_decide_the_value_length) {
  static const struct {
    uint8_t group;
    size_t vlen;
  } g[] = {{MIKEY_DH_OAKLEY_5, 192}, {MIKEY_DH_OAKLEY_1, 96}, {MIKEY_DH_OAKLEY_2, 128}};
  for (size_t i = 0; i < 3; i++) {
    uint8_t b[200] = {0};
    b[1] = g[i].group;
    b[2 + g[i].vlen] = MIKEY_KV_NULL;
    mikey_payload p;
    uint8_t next;
    ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_DH, b, g[i].vlen + 3, &next, NULL), 0);
    ck_assert_uint_eq(p.u.dh.value.len, g[i].vlen);
    ck_assert_uint_eq(p.u.dh.kv.type, MIKEY_KV_NULL);
  }
}
END_TEST

START_TEST(t_tr_values_by_type) {
  uint8_t b[32];
  mikey_payload p;
  ck_assert_int_eq(decode1(MIKEY_PT_T, cases[5].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.t.ts_type, MIKEY_TS_NTP_UTC);
  ck_assert(p.u.t.value == UINT64_C(0xe94b3c2d80000000));
  ck_assert_int_eq(decode1(MIKEY_PT_T, cases[7].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.t.ts_type, MIKEY_TS_COUNTER);
  ck_assert(p.u.t.value == 7);
  ck_assert_int_eq(decode1(MIKEY_PT_TR, "0d 02 03 e9 4b 3c 2d", &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.t.role, MIKEY_TR_START);
  ck_assert_uint_eq(p.u.t.ts_type, MIKEY_TS_NTP_UTC_32);
  ck_assert(p.u.t.value == 0xe94b3c2du);
  ck_assert_int_eq(mikey_ts_len(MIKEY_TS_NTP_UTC), 8);
  ck_assert_int_eq(mikey_ts_len(MIKEY_TS_NTP), 8);
  ck_assert_int_eq(mikey_ts_len(MIKEY_TS_COUNTER), 4);
  ck_assert_int_eq(mikey_ts_len(MIKEY_TS_NTP_UTC_32), 4);
  ck_assert_int_eq(mikey_ts_len(4), -1);
}
END_TEST

START_TEST(id_idr_cert_rand_randr_fields) {
  uint8_t b[64];
  mikey_payload p;
  ck_assert_int_eq(decode1(MIKEY_PT_IDR, "0e 01 01 00 12" ALICE, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.id.role, MIKEY_ROLE_I);
  ck_assert_uint_eq(p.u.id.type, MIKEY_ID_URI);
  ck_assert_uint_eq(p.u.id.data.len, 18);
  ck_assert_int_eq(memcmp(p.u.id.data.data, "sip:alice@ims.test", 18), 0);
  ck_assert_int_eq(decode1(MIKEY_PT_ID, "00 01 00 12" ALICE, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.id.role, 0);
  ck_assert_int_eq(memcmp(p.u.id.data.data, "sip:alice@ims.test", 18), 0);
  ck_assert_int_eq(decode1(MIKEY_PT_CERT, "00 00 00 04 30 02 05 00", &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.id.type, MIKEY_CERT_X509V3);
  ck_assert_uint_eq(p.u.id.data.data[0], 0x30);
  ck_assert_int_eq(decode1(MIKEY_PT_RANDR, "0e 03 10" B16, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.rand.role, MIKEY_RAND_KMS);
  ck_assert_uint_eq(p.u.rand.rand.len, 16);
  ck_assert_ptr_eq(p.u.rand.rand.data, b + 3);
  ck_assert_int_eq(decode1(MIKEY_PT_RAND, "00 10" B16, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.rand.role, 0);
  ck_assert_ptr_eq(p.u.rand.rand.data, b + 2);
  ck_assert_int_eq(decode1(MIKEY_PT_RAND, "00 00", &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.rand.rand.len, 0);
}
END_TEST

START_TEST(chash_v_lengths_follow_the_algorithm) {
  uint8_t b[64];
  mikey_payload p;
  ck_assert_int_eq(decode1(MIKEY_PT_V, cases[14].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.v.alg, MIKEY_MAC_HMAC_SHA_256_256);
  ck_assert_uint_eq(p.u.v.mac.len, 32);
  ck_assert_uint_eq(p.u.v.mac_offset, 2);
  ck_assert_int_eq(decode1(MIKEY_PT_V, "00 00", &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.v.mac.len, 0);
  ck_assert_int_eq(decode1(MIKEY_PT_CHASH, cases[13].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.chash.func, MIKEY_HASH_MD5);
  ck_assert_uint_eq(p.u.chash.hash.len, 16);
  ck_assert_int_eq(mikey_mac_len(MIKEY_MAC_NULL), 0);
  ck_assert_int_eq(mikey_mac_len(MIKEY_MAC_HMAC_SHA_1_160), 20);
  ck_assert_int_eq(mikey_mac_len(MIKEY_MAC_HMAC_SHA_256_256), 32);
  ck_assert_int_eq(mikey_mac_len(3), -1);
}
END_TEST

START_TEST(sp_params_iterate_and_encode) {
  uint8_t b[32];
  mikey_payload p;
  ck_assert_int_eq(decode1(MIKEY_PT_SP, cases[17].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.sp.policy_no, 0);
  ck_assert_uint_eq(p.u.sp.prot_type, MIKEY_PROT_SRTP);
  ck_assert_uint_eq(p.u.sp.n_params, 3);
  mikey_bytes it = p.u.sp.params;
  mikey_tlv t[3];
  for (size_t i = 0; i < 3; i++) {
    ck_assert_int_eq(mikey_tlv_next(&it, &t[i]), 1);
  }
  ck_assert_int_eq(mikey_tlv_next(&it, &t[0]), 0);
  ck_assert_uint_eq(t[0].type, MIKEY_SRTP_ENCR_ALG);
  ck_assert_uint_eq(t[0].value.data[0], MIKEY_SRTP_ENCR_AES_CM);
  ck_assert_uint_eq(t[1].type, MIKEY_SRTP_ENCR_KEY_LEN);
  ck_assert_uint_eq(t[1].value.data[0], 16);
  ck_assert_uint_eq(t[2].type, MIKEY_SRTP_AUTH_TAG_LEN);
  ck_assert_uint_eq(t[2].value.data[0], 10);
  uint8_t out[16];
  size_t outlen;
  ck_assert_int_eq(mikey_tlv_encode(t, 3, out, sizeof(out), &outlen), 0);
  ck_assert_bytes(out, outlen, p.u.sp.params.data, p.u.sp.params.len);
  ck_assert_int_eq(mikey_tlv_encode(t, 3, NULL, 0, &outlen), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(outlen, 9);
  /* an empty policy param list is a valid one */
  ck_assert_int_eq(decode1(MIKEY_PT_SP, "00 01 00 00 00", &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.sp.n_params, 0);
  /* a malformed list left by a caller is reported by the iterator */
  uint8_t bad[] = {1, 5, 0};
  mikey_bytes badv = {bad, sizeof(bad)};
  ck_assert_int_eq(mikey_tlv_next(&badv, &t[0]), MIKEY_E_BAD_LENGTH);
}
END_TEST

START_TEST(gext_key_id_and_err_fields) {
  uint8_t b[32];
  mikey_payload p;
  ck_assert_int_eq(decode1(MIKEY_PT_GEXT, cases[21].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.gext.type, MIKEY_GEXT_KEY_ID);
  mikey_bytes it = p.u.gext.data;
  mikey_tlv t;
  ck_assert_int_eq(mikey_tlv_next(&it, &t), 1);
  ck_assert_uint_eq(t.type, MIKEY_KEYID_MBMS_DOMAIN);
  ck_assert_uint_eq(t.value.len, 2);
  ck_assert_int_eq(mikey_tlv_next(&it, &t), 1);
  ck_assert_uint_eq(t.type, MIKEY_KEYID_MBMS_SERVICE);
  ck_assert_uint_eq(t.value.data[1], 0x44);
  ck_assert_int_eq(mikey_tlv_next(&it, &t), 0);
  /* only the Key ID type is parsed: the same bytes under the Vendor ID type are opaque */
  ck_assert_int_eq(decode1(MIKEY_PT_GEXT, "00 00 00 03 00 05 00", &p, b, sizeof(b)), 0);
  ck_assert_int_eq(decode1(MIKEY_PT_GEXT, "00 03 00 03 00 05 00", &p, b, sizeof(b)),
                   MIKEY_E_BAD_LENGTH);
  ck_assert_int_eq(decode1(MIKEY_PT_GEXT, cases[22].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.gext.type, MIKEY_GEXT_POO_DEFAULT);
  ck_assert_uint_eq(p.u.gext.data.len, 16);
  ck_assert_int_eq(decode1(MIKEY_PT_ERR, "00 0f 00 00", &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.err.error_no, MIKEY_ERRNO_INVALID_TPPAR);
}
END_TEST

START_TEST(tp_and_ticket_fields_and_offsets) {
  uint8_t b[64];
  mikey_payload p;
  ck_assert_int_eq(decode1(MIKEY_PT_TP, cases[26].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.tp.ticket_type, MIKEY_TICKET_3GPP_BASE);
  ck_assert_uint_eq(p.u.tp.subtype, 0);
  ck_assert_uint_eq(p.u.tp.version, 0);
  ck_assert_uint_eq(p.u.tp.prf, MIKEY_PRF_HMAC_SHA_256);
  ck_assert_uint_eq(p.u.tp.flags, MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_H | MIKEY_TP_J |
                                      MIKEY_TP_N | MIKEY_TP_O);
  ck_assert_uint_eq(p.u.tp.tp_data_offset, 10);
  ck_assert_uint_eq(p.u.tp.tp_data.len, 14);

  ck_assert_int_eq(decode1(MIKEY_PT_TICKET, cases[27].hex, &p, b, sizeof(b)), 0);
  const mikey_ticket *t = &p.u.ticket;
  ck_assert_uint_eq(t->tp.ticket_type, MIKEY_TICKET_MIKEY_BASE);
  ck_assert_uint_eq(t->tp.subtype, 1);
  ck_assert_uint_eq(t->tp.version, 1);
  ck_assert_uint_eq(t->tp.prf, MIKEY_PRF_MIKEY_1);
  ck_assert_uint_eq(t->tp.flags, MIKEY_TP_D | MIKEY_TP_E | MIKEY_TP_F | MIKEY_TP_G |
                                     MIKEY_TP_H | MIKEY_TP_I | MIKEY_TP_J | MIKEY_TP_N |
                                     MIKEY_TP_O);
  ck_assert_uint_eq(t->tp.tp_data_offset, 10);
  ck_assert_uint_eq(t->tp.tp_data.len, 0);
  ck_assert_uint_eq(t->ticket_data_len_offset, 10);
  ck_assert_uint_eq(t->ticket_data_offset, 12);
  ck_assert_uint_eq(t->ticket_data.len, 9);
  ck_assert_ptr_eq(t->ticket_data.data, b + 12);
  ck_assert_uint_eq(t->idata_len_offset, 21);
  ck_assert_uint_eq(t->idata_offset, 23);
  ck_assert_uint_eq(t->initiator_data.len, 5);
  ck_assert_ptr_eq(t->initiator_data.data, b + 23);
  /* every single flag lands on its own bit (RFC 6043 6.10 figure) */
  static const struct {
    uint16_t flag;
    size_t byte;
    uint8_t bit;
  } bits[] = {{MIKEY_TP_D, 0, 0x01}, {MIKEY_TP_E, 1, 0x80}, {MIKEY_TP_F, 1, 0x40},
              {MIKEY_TP_G, 1, 0x20}, {MIKEY_TP_H, 1, 0x10}, {MIKEY_TP_I, 1, 0x08},
              {MIKEY_TP_J, 1, 0x04}, {MIKEY_TP_K, 1, 0x02}, {MIKEY_TP_L, 1, 0x01},
              {MIKEY_TP_M, 2, 0x80}, {MIKEY_TP_N, 2, 0x40}, {MIKEY_TP_O, 2, 0x20}};
  for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
    uint8_t v[10] = {0, 0, 1, 1, 1, 0, 0, 0, 0, 0};
    v[5 + bits[i].byte] = bits[i].bit;
    uint8_t next;
    ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_TP, v, sizeof(v), &next, NULL), 0);
    ck_assert_uint_eq(p.u.tp.flags, bits[i].flag);
    ck_assert_uint_eq(p.u.tp.prf, 0);
  }
  uint8_t v[10] = {0, 0, 1, 1, 1, 0xfe, 0, 0, 0, 0};
  uint8_t next;
  ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_TP, v, sizeof(v), &next, NULL), 0);
  ck_assert_uint_eq(p.u.tp.prf, 0x7f);
  ck_assert_uint_eq(p.u.tp.flags, 0);
}
END_TEST

START_TEST(thdr_and_sakke_fields) {
  uint8_t b[32];
  mikey_payload p;
  ck_assert_int_eq(decode1(MIKEY_PT_THDR, cases[28].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.thdr.data.len, 6);
  ck_assert_uint_eq(p.u.thdr.data.data[5], 0x55);
  ck_assert_int_eq(decode1(MIKEY_PT_SAKKE, cases[29].hex, &p, b, sizeof(b)), 0);
  ck_assert_uint_eq(p.u.sakke.params, MIKEY_SAKKE_PARAMS_1);
  ck_assert_uint_eq(p.u.sakke.id_scheme, MIKEY_SAKKE_ID_TEL_MONTHLY);
  ck_assert_uint_eq(p.u.sakke.data.len, 4);
}
END_TEST

/* Values that decide a length must be known; reserved bits must be 0. */
START_TEST(unknown_length_deciding_values_and_reserved_bits_are_refused) {
  static const struct {
    int type;
    const char *hex;
    int rc;
  } bad[] = {
      {MIKEY_PT_KEMAC, "00 00 00 00 03", MIKEY_E_BAD_VALUE},   /* MAC alg 3 */
      {MIKEY_PT_V, "00 03", MIKEY_E_BAD_VALUE},                /* Auth alg 3 */
      {MIKEY_PT_V, "00 ff", MIKEY_E_BAD_VALUE},                /* Auth alg 255 */
      {MIKEY_PT_T, "00 04 00 00 00 00", MIKEY_E_BAD_VALUE},    /* TS type 4 */
      {MIKEY_PT_TR, "00 01 04 00 00 00 00", MIKEY_E_BAD_VALUE}, /* TS type 4 */
      {MIKEY_PT_CHASH, "00 03", MIKEY_E_BAD_VALUE},            /* hash func 3 */
      {MIKEY_PT_DH, "00 03", MIKEY_E_BAD_VALUE},               /* DH group 3 */
      {MIKEY_PT_ERR, "00 00 00 01", MIKEY_E_RESERVED},         /* Reserved set */
      {MIKEY_PT_ERR, "00 00 80 00", MIKEY_E_RESERVED},
      {MIKEY_PT_TP, "00 00 01 01 01 00 00 01 00 00", MIKEY_E_RESERVED}, /* Res bit 0 */
      {MIKEY_PT_TP, "00 00 01 01 01 00 00 10 00 00", MIKEY_E_RESERVED}, /* Res bit 4 */
      {MIKEY_PT_SP, "00 00 00 00 01 00", MIKEY_E_BAD_LENGTH},  /* half a TLV */
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    uint8_t b[16];
    mikey_payload p;
    int rc = decode1(bad[i].type, bad[i].hex, &p, b, sizeof(b));
    ck_assert_msg(rc == bad[i].rc, "case %zu: %s", i, mikey_err_name(rc));
  }
  /* DH: the 4 bits before KV are reserved */
  uint8_t dh[99] = {0};
  dh[1] = MIKEY_DH_OAKLEY_1;
  dh[98] = 0x10;
  mikey_payload p;
  uint8_t next;
  ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_DH, dh, sizeof(dh), &next, NULL),
                   MIKEY_E_RESERVED);
  dh[98] = 0x03; /* KV type 3 is unknown: its data length cannot be known */
  ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_DH, dh, sizeof(dh), &next, NULL),
                   MIKEY_E_BAD_VALUE);
}
END_TEST

START_TEST(types_that_cannot_be_decoded_alone) {
  uint8_t b[4] = {0};
  mikey_payload p;
  uint8_t next;
  ck_assert_int_eq(mikey_payload_decode(&p, 18, b, 4, &next, NULL), MIKEY_E_UNKNOWN_PAYLOAD);
  ck_assert_int_eq(mikey_payload_decode(&p, 99, b, 4, &next, NULL), MIKEY_E_UNKNOWN_PAYLOAD);
  ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_LAST, b, 4, &next, NULL),
                   MIKEY_E_UNKNOWN_PAYLOAD);
  ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_HDR, b, 4, &next, NULL),
                   MIKEY_E_UNEXPECTED_PAYLOAD);
  ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_KEYDATA, b, 4, &next, NULL),
                   MIKEY_E_UNEXPECTED_PAYLOAD);
  ck_assert_int_eq(mikey_payload_decode(NULL, MIKEY_PT_V, b, 4, &next, NULL), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_V, NULL, 4, &next, NULL), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_V, b, 4, NULL, NULL), MIKEY_E_INVAL);
}
END_TEST

/* --- HDR ---------------------------------------------------------------------------- */

static const pcase hdr_cases[] = {
    /* REQUEST_INIT_PSK header: V=1, PRF-HMAC-SHA-256, #CS 0, Empty map */
    {"HDR Empty map", MIKEY_PT_HDR, "01 0b 05 81 12 34 56 78 00 01",
     {{8, 1, MIKEY_E_BAD_COUNT, MIKEY_E_BAD_COUNT}}},
    /* TRANSFER_INIT header of PROFILE.md section 4: one GENERIC-ID CS of Prot type 241 */
    {"HDR GENERIC-ID PSK/MIME", MIKEY_PT_HDR,
     "01 0e 05 01 ca fe ba be 01 02 01 f1 00 00 00 04 0a 0b 0c 0d",
     {{8, 1, T_, TR_}, {12, 1, T_, T_}, {13, 2, T_, T_}, {15, 1, T_, TR_}}},
    /* RFC 3830 6.1.1: two SRTP streams */
    {"HDR SRTP-ID", MIKEY_PT_HDR,
     "01 00 01 00 00 00 00 01 02 00 00 11 22 33 44 00 00 00 00 01 55 66 77 88 00 00 00 01",
     {{8, 1, T_, TR_}}},
    /* RFC 6043 6.1.1: S=1, #P=2, Session Data SSRC/ROC/SEQ, no SPI */
    {"HDR GENERIC-ID SRTP", MIKEY_PT_HDR,
     "01 0f 00 01 00 00 00 02 01 02 01 00 82 00 01 00 0a 11 22 33 44 00 00 00 00 00 05 00",
     {{8, 1, T_, TR_}, {12, 1, T_, T_}, {16, 1, T_, T_}}},
};
#define N_HDR (sizeof(hdr_cases) / sizeof(hdr_cases[0]))

START_TEST(hdr_decodes_reencodes_and_refuses_cuts_and_lengths) {
  const pcase *c = &hdr_cases[_i];
  size_t len, outlen;
  uint8_t *b = case_bytes(c, &len);
  mikey_hdr h;
  uint8_t next, out[64];
  ck_assert_int_eq(mikey_hdr_decode(&h, b, len, &next, NULL), 0);
  ck_assert_uint_eq(h.len, len);
  ck_assert_int_eq(mikey_hdr_encode(&h, next, out, sizeof(out), &outlen), 0);
  ck_assert_bytes(out, outlen, b, len);
  ck_assert_int_eq(mikey_hdr_encode(&h, next, out, len - 1, &outlen), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(outlen, len);
  for (size_t cut = 0; cut < len; cut++) {
    uint8_t *t = exact_copy(b, cut);
    ck_assert_int_eq(mikey_hdr_decode(&h, t, cut, &next, NULL), MIKEY_E_TRUNCATED);
    free(t);
  }
  for (size_t k = 0; k < 4 && c->lens[k].width; k++) {
    for (int d = -1; d <= 1; d += 2) {
      uint8_t *t = exact_copy(b, len);
      adjust(t, &c->lens[k], d);
      int rc = mikey_hdr_decode(&h, t, len, &next, NULL);
      int want = d > 0 ? c->lens[k].plus : c->lens[k].minus;
      ck_assert_msg(rc == want, "%s @%zu %+d: %s", c->name, c->lens[k].off, d,
                    mikey_err_name(rc));
      free(t);
    }
  }
  free(b);
}
END_TEST

START_TEST(hdr_fields) {
  uint8_t b[64];
  size_t len = test_hex(hdr_cases[1].hex, b, sizeof(b));
  mikey_hdr h;
  uint8_t next;
  ck_assert_int_eq(mikey_hdr_decode(&h, b, len, &next, NULL), 0);
  ck_assert_uint_eq(h.version, 1);
  ck_assert_uint_eq(h.data_type, MIKEY_DT_TRANSFER_INIT);
  ck_assert_uint_eq(next, MIKEY_PT_T);
  ck_assert_uint_eq(h.v, 0);
  ck_assert_uint_eq(h.prf, MIKEY_PRF_HMAC_SHA_256);
  ck_assert_uint_eq(h.csb_id, 0xcafebabeu);
  ck_assert_uint_eq(h.n_cs, 1);
  ck_assert_uint_eq(h.map_type, MIKEY_MAP_GENERIC_ID);
  ck_assert_uint_eq(h.cs[0].cs_id, 1);
  ck_assert_uint_eq(h.cs[0].prot_type, MIKEY_PROT_PSKMIME_DEFAULT);
  ck_assert_uint_eq(h.cs[0].s, 0);
  ck_assert_uint_eq(h.cs[0].policies.len, 0);
  ck_assert_uint_eq(h.cs[0].session_data.len, 0);
  ck_assert_uint_eq(h.cs[0].spi.len, 4);
  ck_assert_ptr_eq(h.cs[0].spi.data, b + 16);

  len = test_hex(hdr_cases[2].hex, b, sizeof(b));
  ck_assert_int_eq(mikey_hdr_decode(&h, b, len, &next, NULL), 0);
  ck_assert_uint_eq(h.map_type, MIKEY_MAP_SRTP_ID);
  ck_assert_uint_eq(h.n_cs, 2);
  ck_assert_uint_eq(h.cs[0].cs_id, 1);
  ck_assert_uint_eq(h.cs[0].policy_no, 0);
  ck_assert_uint_eq(h.cs[0].ssrc, 0x11223344u);
  ck_assert_uint_eq(h.cs[0].roc, 0);
  ck_assert_uint_eq(h.cs[1].cs_id, 2);
  ck_assert_uint_eq(h.cs[1].policy_no, 1);
  ck_assert_uint_eq(h.cs[1].ssrc, 0x55667788u);
  ck_assert_uint_eq(h.cs[1].roc, 1);

  len = test_hex(hdr_cases[3].hex, b, sizeof(b));
  ck_assert_int_eq(mikey_hdr_decode(&h, b, len, &next, NULL), 0);
  ck_assert_uint_eq(h.cs[0].s, 1);
  ck_assert_uint_eq(h.cs[0].policies.len, 2);
  ck_assert_uint_eq(h.cs[0].policies.data[1], 1);
  ck_assert_uint_eq(h.cs[0].session_data.len, 10);
  ck_assert_uint_eq(h.cs[0].spi.len, 0);
  ck_assert_uint_eq(next, MIKEY_PT_LAST);
}
END_TEST

START_TEST(hdr_refusals_name_their_field) {
  static const struct {
    const char *hex;
    int rc;
  } bad[] = {
      {"00 0b 05 81 12 34 56 78 00 01", MIKEY_E_BAD_VERSION},
      {"02 0b 05 81 12 34 56 78 00 01", MIKEY_E_BAD_VERSION},
      {"01 13 05 81 12 34 56 78 00 01", MIKEY_E_BAD_DATA_TYPE}, /* 19 */
      {"01 19 05 81 12 34 56 78 00 01", MIKEY_E_BAD_DATA_TYPE}, /* 25 */
      {"01 1b 05 81 12 34 56 78 00 01", MIKEY_E_BAD_DATA_TYPE}, /* 27 */
      {"01 ff 05 81 12 34 56 78 00 01", MIKEY_E_BAD_DATA_TYPE},
      {"01 0b 05 81 12 34 56 78 00 03", MIKEY_E_BAD_VALUE}, /* map type 3 */
      {"01 0b 05 81 12 34 56 78 01 01", MIKEY_E_BAD_COUNT}, /* #CS 1 with Empty map */
      {"01 0e 05 81 12 34 56 78 11 02", MIKEY_E_TOO_MANY},  /* #CS 17 */
  };
  static const size_t where[] = {0, 0, 1, 1, 1, 1, 9, 8, 8};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    uint8_t b[16];
    size_t len = test_hex(bad[i].hex, b, sizeof(b));
    mikey_hdr h;
    uint8_t next;
    ck_assert_int_eq(mikey_hdr_decode(&h, b, len, &next, NULL), bad[i].rc);
    /* the same through the message decoder, which also says where */
    mikey_msg m;
    ck_assert_int_eq(mikey_msg_decode(&m, b, len), bad[i].rc);
    ck_assert_uint_eq(m.err_offset, where[i]);
    ck_assert_int_eq(m.err_payload, MIKEY_PT_HDR);
  }
  /* data types 0..18 and 26 are all accepted */
  for (unsigned dt = 0; dt < 256; dt++) {
    uint8_t b[10] = {1, (uint8_t)dt, 0, 0, 0, 0, 0, 0, 0, 1};
    mikey_hdr h;
    uint8_t next;
    int want = dt <= 18 || dt == 26 ? 0 : MIKEY_E_BAD_DATA_TYPE;
    ck_assert_int_eq(mikey_hdr_decode(&h, b, sizeof(b), &next, NULL), want);
  }
}
END_TEST

/* --- key data sub-payloads (RFC 3830 6.13, RFC 6043 6.2.1) -------------------------- */

static const pcase kd_cases[] = {
    /* TGK, KV SPI: the ticket key of PROFILE.md section 3 */
    {"TGK SPI", MIKEY_PT_KEYDATA, "00 01 00 10" B16 "04 0a 0b 0c 0d",
     {{2, 2, T_, T_}, {20, 1, T_, TR_}}},
    /* TEK+SALT, KV interval (6-byte SRTP indices) */
    {"TEK+SALT interval", MIKEY_PT_KEYDATA,
     "00 32 00 10" B16 "00 0e 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d"
     "06 00 00 00 00 00 00 06 00 00 ff ff ff ff",
     {{2, 2, T_, T_}, {20, 2, TR_, T_}, {36, 1, TR_, TR_}, {43, 1, T_, TR_}}},
    /* MPK (RFC 6043 Table 6.7) then GTGK, chained with Next Payload 20 */
    {"MPK then GTGK", MIKEY_PT_KEYDATA,
     "14 61 00 10" B16 "04 00 00 00 01 00 40 00 10" B16,
     {{2, 2, T_, BV_}, {20, 1, T_, T_}, {27, 2, T_, TR_}}},
    /* GTGK+SALT, KV NULL, empty salt */
    {"GTGK+SALT", MIKEY_PT_KEYDATA, "00 50 00 02 aa bb 00 00", {{2, 2, T_, T_}, {6, 2, T_, T_}}},
};
#define N_KD (sizeof(kd_cases) / sizeof(kd_cases[0]))

START_TEST(keydata_decodes_reencodes_and_refuses_cuts_and_lengths) {
  const pcase *c = &kd_cases[_i];
  size_t len, outlen;
  uint8_t *b = case_bytes(c, &len);
  mikey_keydata_list l;
  uint8_t out[128];
  ck_assert_int_eq(mikey_keydata_decode(&l, b, len, 0), 0);
  ck_assert_uint_ge(l.n, 1);
  ck_assert_uint_eq(l.kd[0].offset, 0);
  ck_assert_uint_eq(l.kd[l.n - 1].offset + l.kd[l.n - 1].len, len);
  ck_assert_int_eq(mikey_keydata_encode(&l, out, sizeof(out), &outlen), 0);
  ck_assert_bytes(out, outlen, b, len);
  ck_assert_int_eq(mikey_keydata_encode(&l, NULL, 0, &outlen), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(outlen, len);
  for (size_t cut = 1; cut < len; cut++) {
    uint8_t *t = exact_copy(b, cut);
    int rc = mikey_keydata_decode(&l, t, cut, 0);
    ck_assert_msg(rc == MIKEY_E_TRUNCATED, "%s cut %zu: %s", c->name, cut, mikey_err_name(rc));
    ck_assert_int_eq(l.err_payload, MIKEY_PT_KEYDATA);
    ck_assert_uint_le(l.err_offset, cut);
    free(t);
  }
  for (size_t k = 0; k < 4 && c->lens[k].width; k++) {
    for (int d = -1; d <= 1; d += 2) {
      uint8_t *t = exact_copy(b, len);
      adjust(t, &c->lens[k], d);
      int rc = mikey_keydata_decode(&l, t, len, 0);
      int want = d > 0 ? c->lens[k].plus : c->lens[k].minus;
      ck_assert_msg(rc == want, "%s @%zu %+d: %s", c->name, c->lens[k].off, d,
                    mikey_err_name(rc));
      free(t);
    }
  }
  free(b);
}
END_TEST

START_TEST(keydata_fields) {
  uint8_t b[128];
  mikey_keydata_list l;
  size_t len = test_hex(kd_cases[1].hex, b, sizeof(b));
  ck_assert_int_eq(mikey_keydata_decode(&l, b, len, 0), 0);
  ck_assert_uint_eq(l.n, 1);
  ck_assert_uint_eq(l.kd[0].type, MIKEY_KEY_TEK_SALT);
  ck_assert_uint_eq(l.kd[0].kv.type, MIKEY_KV_INTERVAL);
  ck_assert_uint_eq(l.kd[0].key.len, 16);
  ck_assert_uint_eq(l.kd[0].key_offset, 4);
  ck_assert_ptr_eq(l.kd[0].key.data, b + 4);
  ck_assert_uint_eq(l.kd[0].salt.len, 14);
  ck_assert_uint_eq(l.kd[0].salt.data[0], 0x20);
  ck_assert_uint_eq(l.kd[0].kv.from.len, 6);
  ck_assert_uint_eq(l.kd[0].kv.to.len, 6);
  ck_assert_uint_eq(l.kd[0].kv.to.data[5], 0xff);

  len = test_hex(kd_cases[2].hex, b, sizeof(b));
  ck_assert_int_eq(mikey_keydata_decode(&l, b, len, 0), 0);
  ck_assert_uint_eq(l.n, 2);
  ck_assert_uint_eq(l.kd[0].type, MIKEY_KEY_MPK);
  ck_assert_uint_eq(l.kd[0].kv.type, MIKEY_KV_SPI);
  ck_assert_uint_eq(l.kd[0].kv.spi.len, 4);
  ck_assert_uint_eq(l.kd[0].kv.spi.data[3], 1);
  ck_assert_uint_eq(l.kd[1].type, MIKEY_KEY_GTGK);
  ck_assert_uint_eq(l.kd[1].kv.type, MIKEY_KV_NULL);
  ck_assert_uint_eq(l.kd[1].offset, 25);
  ck_assert_uint_eq(l.kd[1].salt.len, 0);

  /* an empty list is an update message's KEMAC (RFC 3830 6.2) */
  ck_assert_int_eq(mikey_keydata_decode(&l, b, 0, 0), 0);
  ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(keydata_refusals) {
  static const struct {
    const char *hex;
    int rc;
    size_t where;
  } bad[] = {
      {"00 71 00 00 00", MIKEY_E_BAD_VALUE, 1},         /* key type 7 */
      {"00 03 00 00", MIKEY_E_BAD_VALUE, 1},            /* KV type 3 */
      {"05 00 00 00", MIKEY_E_UNEXPECTED_PAYLOAD, 4},   /* next T inside a KEMAC */
      {"63 00 00 00", MIKEY_E_UNKNOWN_PAYLOAD, 4},      /* next 99 */
      {"00 00 00 00 00", MIKEY_E_TRAILING, 4},          /* a byte after the last key */
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    uint8_t b[16];
    size_t len = test_hex(bad[i].hex, b, sizeof(b));
    mikey_keydata_list l;
    ck_assert_int_eq(mikey_keydata_decode(&l, b, len, 0), bad[i].rc);
    ck_assert_uint_eq(l.err_offset, bad[i].where);
  }
  /* MIKEY_MAX_KEYS keys fit, one more does not */
  uint8_t many[4 * (MIKEY_MAX_KEYS + 1)];
  for (size_t i = 0; i <= MIKEY_MAX_KEYS; i++) {
    many[4 * i] = i < MIKEY_MAX_KEYS ? MIKEY_PT_KEYDATA : 0;
    many[4 * i + 1] = many[4 * i + 2] = many[4 * i + 3] = 0;
  }
  mikey_keydata_list l;
  many[4 * (MIKEY_MAX_KEYS - 1)] = 0;
  ck_assert_int_eq(mikey_keydata_decode(&l, many, 4 * MIKEY_MAX_KEYS, 0), 0);
  ck_assert_uint_eq(l.n, MIKEY_MAX_KEYS);
  many[4 * (MIKEY_MAX_KEYS - 1)] = MIKEY_PT_KEYDATA;
  ck_assert_int_eq(mikey_keydata_decode(&l, many, sizeof(many), 0), MIKEY_E_TOO_MANY);
}
END_TEST

/* RFC 3830 6.2: in the public-key method the ID payload precedes the keys. */
START_TEST(keydata_with_id_first) {
  uint8_t b[64], out[64];
  size_t len = test_hex("14 01 00 12" ALICE "00 20 00 02 aa bb", b, sizeof(b)), outlen;
  mikey_keydata_list l;
  ck_assert_int_eq(mikey_keydata_decode(&l, b, len, MIKEY_KD_WITH_ID), 0);
  ck_assert_int_eq(l.has_id, 1);
  ck_assert_uint_eq(l.id.type, MIKEY_ID_URI);
  ck_assert_uint_eq(l.id.data.len, 18);
  ck_assert_uint_eq(l.n, 1);
  ck_assert_uint_eq(l.kd[0].type, MIKEY_KEY_TEK);
  ck_assert_uint_eq(l.kd[0].offset, 22);
  ck_assert_int_eq(mikey_keydata_encode(&l, out, sizeof(out), &outlen), 0);
  ck_assert_bytes(out, outlen, b, len);
  /* without the flag the same bytes are not key data */
  ck_assert_int_ne(mikey_keydata_decode(&l, b, len, 0), 0);
  /* an ID alone (update message in the PK method) */
  len = test_hex("00 01 00 12" ALICE, b, sizeof(b));
  ck_assert_int_eq(mikey_keydata_decode(&l, b, len, MIKEY_KD_WITH_ID), 0);
  ck_assert_uint_eq(l.n, 0);
  ck_assert_int_eq(mikey_keydata_encode(&l, out, sizeof(out), &outlen), 0);
  ck_assert_bytes(out, outlen, b, len);
  ck_assert_int_eq(mikey_keydata_decode(&l, b, 0, MIKEY_KD_WITH_ID), MIKEY_E_TRUNCATED);
  ck_assert_int_eq(l.err_payload, MIKEY_PT_ID);
}
END_TEST

/* --- encoder refusals: a struct that cannot be encoded as decode would read it --------- */

START_TEST(encoder_refuses_what_would_not_decode_back) {
  static const uint8_t z[300];
  uint8_t out[512];
  size_t outlen;
  mikey_payload p;

  memset(&p, 0, sizeof(p));
  p.type = MIKEY_PT_V;
  p.u.v.alg = MIKEY_MAC_HMAC_SHA_256_256;
  p.u.v.mac = (mikey_bytes){z, 31};
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_LENGTH);
  p.u.v.alg = 7;
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);
  p.u.v.alg = MIKEY_MAC_NULL;
  p.u.v.mac = (mikey_bytes){NULL, 0};
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), 0);
  ck_assert_uint_eq(outlen, 2);
  p.u.v.alg = MIKEY_MAC_HMAC_SHA_1_160;
  p.u.v.mac = (mikey_bytes){NULL, 20};
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_INVAL);

  memset(&p, 0, sizeof(p));
  p.type = MIKEY_PT_RAND;
  p.u.rand.rand = (mikey_bytes){z, 256};
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_LENGTH);
  p.u.rand.rand.len = 255;
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), 0);
  p.u.rand.role = 1; /* a RAND has no role byte */
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);

  memset(&p, 0, sizeof(p));
  p.type = MIKEY_PT_PKE;
  p.u.pke.c = 4;
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);

  memset(&p, 0, sizeof(p));
  p.type = MIKEY_PT_SIGN;
  p.u.sign.s_type = 16;
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);
  p.u.sign.s_type = 2;
  ck_assert_int_eq(mikey_payload_encode(&p, MIKEY_PT_V, out, sizeof(out), &outlen),
                   MIKEY_E_INVAL);

  memset(&p, 0, sizeof(p));
  p.type = MIKEY_PT_T;
  p.u.t.ts_type = MIKEY_TS_NTP_UTC_32;
  p.u.t.value = UINT64_C(0x100000000);
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);
  p.u.t.ts_type = 9;
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);

  memset(&p, 0, sizeof(p));
  p.type = MIKEY_PT_TP;
  p.u.tp.flags = 0x1000;
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);
  p.u.tp.flags = 0;
  p.u.tp.prf = 0x80;
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);

  memset(&p, 0, sizeof(p));
  p.type = MIKEY_PT_SP;
  p.u.sp.params = (mikey_bytes){(const uint8_t *)"\x01\x05\x00", 3};
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_LENGTH);

  memset(&p, 0, sizeof(p));
  p.type = MIKEY_PT_GEXT;
  p.u.gext.type = MIKEY_GEXT_KEY_ID;
  p.u.gext.data = (mikey_bytes){(const uint8_t *)"\x01\x05\x00", 3};
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_LENGTH);
  p.u.gext.type = MIKEY_GEXT_VENDOR;
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), 0);

  memset(&p, 0, sizeof(p));
  p.type = MIKEY_PT_CHASH;
  p.u.chash.func = MIKEY_HASH_SHA_1;
  p.u.chash.hash = (mikey_bytes){z, 32};
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_LENGTH);

  memset(&p, 0, sizeof(p));
  p.type = MIKEY_PT_DH;
  p.u.dh.group = MIKEY_DH_OAKLEY_2;
  p.u.dh.value = (mikey_bytes){z, 128};
  p.u.dh.kv.type = MIKEY_KV_SPI;
  p.u.dh.kv.from = (mikey_bytes){z, 1}; /* interval data under KV SPI would be lost */
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);

  p.type = 99;
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen),
                   MIKEY_E_UNKNOWN_PAYLOAD);
  p.type = MIKEY_PT_HDR;
  ck_assert_int_eq(mikey_payload_encode(&p, 0, out, sizeof(out), &outlen),
                   MIKEY_E_UNEXPECTED_PAYLOAD);
  ck_assert_int_eq(mikey_payload_encode(NULL, 0, out, sizeof(out), &outlen), MIKEY_E_INVAL);

  mikey_hdr h;
  memset(&h, 0, sizeof(h));
  h.version = 1;
  h.map_type = MIKEY_MAP_EMPTY;
  h.n_cs = 1;
  ck_assert_int_eq(mikey_hdr_encode(&h, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_COUNT);
  h.map_type = MIKEY_MAP_GENERIC_ID;
  h.cs[0].policies = (mikey_bytes){z, 128};
  ck_assert_int_eq(mikey_hdr_encode(&h, 0, out, sizeof(out), &outlen), MIKEY_E_TOO_MANY);
  h.cs[0].policies.len = 127;
  h.cs[0].spi = (mikey_bytes){z, 256};
  ck_assert_int_eq(mikey_hdr_encode(&h, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_LENGTH);
  h.cs[0].spi.len = 0;
  h.n_cs = MIKEY_MAX_CS + 1;
  ck_assert_int_eq(mikey_hdr_encode(&h, 0, out, sizeof(out), &outlen), MIKEY_E_TOO_MANY);
  h.n_cs = 1;
  h.version = 2;
  ck_assert_int_eq(mikey_hdr_encode(&h, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);
  h.version = 1;
  h.data_type = 19;
  ck_assert_int_eq(mikey_hdr_encode(&h, 0, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);

  mikey_keydata_list l;
  memset(&l, 0, sizeof(l));
  l.n = 1;
  l.kd[0].type = MIKEY_KEY_TGK;
  l.kd[0].salt = (mikey_bytes){z, 2}; /* a TGK has no salt field */
  ck_assert_int_eq(mikey_keydata_encode(&l, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);
  l.kd[0].type = 7;
  ck_assert_int_eq(mikey_keydata_encode(&l, out, sizeof(out), &outlen), MIKEY_E_BAD_VALUE);
  l.n = MIKEY_MAX_KEYS + 1;
  ck_assert_int_eq(mikey_keydata_encode(&l, out, sizeof(out), &outlen), MIKEY_E_INVAL);
}
END_TEST

START_TEST(names) {
  ck_assert_str_eq(mikey_payload_name(MIKEY_PT_HDR), "HDR");
  ck_assert_str_eq(mikey_payload_name(MIKEY_PT_THDR), "THDR");
  ck_assert_str_eq(mikey_payload_name(MIKEY_PT_TICKET), "TICKET");
  ck_assert_str_eq(mikey_payload_name(MIKEY_PT_GEXT), "GEXT");
  ck_assert_str_eq(mikey_payload_name(MIKEY_PT_SAKKE), "SAKKE");
  ck_assert_str_eq(mikey_payload_name(18), "?");
  ck_assert_str_eq(mikey_payload_name(-3), "?");
  ck_assert_str_eq(mikey_data_type_name(MIKEY_DT_TRANSFER_INIT), "TRANSFER_INIT");
  ck_assert_str_eq(mikey_data_type_name(MIKEY_DT_ERROR), "ERROR");
  ck_assert_str_eq(mikey_data_type_name(MIKEY_DT_SAKKE), "SAKKE");
  ck_assert_str_eq(mikey_data_type_name(19), "?");
}
END_TEST

static Suite *payload_suite(void) {
  Suite *s = suite_create("codec payloads");
  TCase *tc = tcase_create("payloads");
  tcase_add_loop_test(tc, payload_decodes_and_reencodes_byte_for_byte, 0, N_CASES);
  tcase_add_loop_test(tc, payload_refuses_every_truncation, 0, N_CASES);
  tcase_add_loop_test(tc, payload_refuses_each_length_off_by_one, 0, N_CASES);
  tcase_add_test(tc, kemac_fields_point_into_the_input);
  tcase_add_test(tc, pke_dh_sign_fields);
  tcase_add_test(tc, dh_groups_decide_the_value_length);
  tcase_add_test(tc, t_tr_values_by_type);
  tcase_add_test(tc, id_idr_cert_rand_randr_fields);
  tcase_add_test(tc, chash_v_lengths_follow_the_algorithm);
  tcase_add_test(tc, sp_params_iterate_and_encode);
  tcase_add_test(tc, gext_key_id_and_err_fields);
  tcase_add_test(tc, tp_and_ticket_fields_and_offsets);
  tcase_add_test(tc, thdr_and_sakke_fields);
  tcase_add_test(tc, unknown_length_deciding_values_and_reserved_bits_are_refused);
  tcase_add_test(tc, types_that_cannot_be_decoded_alone);
  tcase_add_test(tc, encoder_refuses_what_would_not_decode_back);
  tcase_add_test(tc, names);
  suite_add_tcase(s, tc);
  TCase *th = tcase_create("hdr");
  tcase_add_loop_test(th, hdr_decodes_reencodes_and_refuses_cuts_and_lengths, 0, N_HDR);
  tcase_add_test(th, hdr_fields);
  tcase_add_test(th, hdr_refusals_name_their_field);
  suite_add_tcase(s, th);
  TCase *tk = tcase_create("keydata");
  tcase_add_loop_test(tk, keydata_decodes_reencodes_and_refuses_cuts_and_lengths, 0, N_KD);
  tcase_add_test(tk, keydata_fields);
  tcase_add_test(tk, keydata_refusals);
  tcase_add_test(tk, keydata_with_id_first);
  suite_add_tcase(s, tk);
  return s;
}

int main(void) { return test_run(payload_suite()); }
