/*
 * ticket_policy_test.c: the Ticket Policy (lib/ticket/mikey_policy*.c, mikey_profile.c):
 * TP Data to and from the struct (against bytes written by hand from RFC 6043 6.4, 6.6, 6.10
 * and RFC 3830 6.2, 6.13, 6.14), the flag implications of 6.10 one by one, the two profiles,
 * validity period with the RFC 4330 era rule, responders, applications, suites.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/codec.h>
#include <mikey/ticket.h>

#include "mikey_test.h"
#include "ticket/mikey_policy.h"

#define TP(x) MIKEY_TP_##x

static const uint8_t kms_uri[] = "sip:kms.example.org";
static const uint8_t alice_uri[] = "sip:alice@example.org";
static const uint8_t bob_uri[] = "sip:bob@example.org";
static const uint8_t carol_uri[] = "sip:carol@example.org";
static const uint8_t kek_id[4] = {0x11, 0x22, 0x33, 0x44};

/* NTP seconds of 2024-01-01T00:00:00Z (era 0: top bit set) and one day. */
#define NTP_2024 0xE93C0E80u
#define DAY 86400u

/* pskmime_request fills |p| with a complete PSK/MIME desired policy: IDRkms, IDRi, TRs,
 * TRe (NTP-UTC-32, one day from 2024-01-01), one 16-byte TGK with KV SPI, IDRapp, IDRr. */
static void pskmime_request(mikey_policy *p) {
  ck_assert_int_eq(mikey_policy_init(p, mikey_profile_pskmime()), 0);
  p->kms = (mikey_id){MIKEY_ROLE_KMS, MIKEY_ID_URI, {kms_uri, sizeof(kms_uri) - 1}};
  p->idri = (mikey_id){MIKEY_ROLE_I, MIKEY_ID_URI, {alice_uri, sizeof(alice_uri) - 1}};
  p->trs = (mikey_ts){MIKEY_TR_START, MIKEY_TS_NTP_UTC_32, NTP_2024};
  p->tre = (mikey_ts){MIKEY_TR_END, MIKEY_TS_NTP_UTC_32, NTP_2024 + DAY};
  p->present |= MIKEY_POLICY_HAS_KMS | MIKEY_POLICY_HAS_I | MIKEY_POLICY_HAS_TRS |
                MIKEY_POLICY_HAS_TRE;
  ck_assert_int_eq(mikey_policy_add_key(p, MIKEY_KEY_TGK, 16, 0, kek_id, 4), 0);
  ck_assert_int_eq(mikey_policy_add_responder(p, MIKEY_ID_URI, bob_uri, sizeof(bob_uri) - 1),
                   0);
}

/* ims_request is the IMS media profile's desired policy (TS 33.328 D.4 flags, TRr). */
static void ims_request(mikey_policy *p) {
  ck_assert_int_eq(mikey_policy_init(p, mikey_profile_ims()), 0);
  p->kms = (mikey_id){MIKEY_ROLE_KMS, MIKEY_ID_URI, {kms_uri, sizeof(kms_uri) - 1}};
  p->idri = (mikey_id){MIKEY_ROLE_I, MIKEY_ID_URI, {alice_uri, sizeof(alice_uri) - 1}};
  p->trs = (mikey_ts){MIKEY_TR_START, MIKEY_TS_NTP_UTC_32, NTP_2024};
  p->tre = (mikey_ts){MIKEY_TR_END, MIKEY_TS_NTP_UTC_32, NTP_2024 + DAY};
  p->trr = (mikey_ts){MIKEY_TR_REKEY, MIKEY_TS_NTP_UTC_32, 3600};
  p->present |= MIKEY_POLICY_HAS_KMS | MIKEY_POLICY_HAS_I | MIKEY_POLICY_HAS_TRS |
                MIKEY_POLICY_HAS_TRE | MIKEY_POLICY_HAS_TRR;
  ck_assert_int_eq(mikey_policy_add_key(p, MIKEY_KEY_TGK, 32, 0, kek_id, 4), 0);
  ck_assert_int_eq(mikey_policy_add_responder(p, MIKEY_ID_URI, bob_uri, sizeof(bob_uri) - 1),
                   0);
}

/* The TP Data of pskmime_request, written by hand field by field. */
static const char *pskmime_tp_data_hex =
    /* First Payload: IDR (14) */
    "0e"
    /* IDRkms: Next Payload IDR, ID Role KMS (3), ID Type URI (1), ID len 19, ID Data */
    "0e 03 01 0013 7369703a6b6d732e6578616d706c652e6f7267"
    /* IDRi: Next Payload TR (13), ID Role I (1), URI, ID len 21 */
    "0d 01 01 0015 7369703a616c696365406578616d706c652e6f7267"
    /* TRs: Next Payload TR, TS Role 2, TS Type NTP-UTC-32 (3), value */
    "0d 02 03 e93c0e80"
    /* TRe: Next Payload KEMAC (1), TS Role 3, NTP-UTC-32, value + 86400 */
    "01 03 03 e93d6000"
    /* KEMAC: Next Payload IDR, Encr alg NULL, Encr data len 25, then the key data
     * sub-payload: Next Payload Last (0), Type TGK (0) | KV SPI (1), Key data len 16, 16 zero
     * bytes, SPI Length 4, SPI; then MAC alg NULL (no MAC) */
    "0e 00 0019 00 01 0010 00000000000000000000000000000000 04 11223344 00"
    /* IDRapp: Next Payload IDR, Role APP (5), Type byte string (2), len 8, "PSK/MIME" */
    "0e 05 02 0008 50534b2f4d494d45"
    /* IDRr: Next Payload Last, Role R (2), URI, len 19 */
    "00 02 01 0013 7369703a626f62406578616d706c652e6f7267";

START_TEST(profiles_are_data) {
  const mikey_profile *pm = mikey_profile_pskmime(), *ims = mikey_profile_ims();
  mikey_policy p;
  ck_assert_int_eq(mikey_policy_init(&p, pm), 0);
  /* PROFILE.md 2: type 2 subtype 0 version 0, PRF-HMAC-SHA-256, D E H J N O set, the rest 0 */
  ck_assert_uint_eq(p.ticket_type, 2);
  ck_assert_uint_eq(p.subtype, 0);
  ck_assert_uint_eq(p.version, 0);
  ck_assert_uint_eq(p.prf, 1);
  ck_assert_uint_eq(p.flags, TP(D) | TP(E) | TP(H) | TP(J) | TP(N) | TP(O));
  ck_assert_uint_eq(p.n_app, 1);
  ck_assert_uint_eq(p.app[0].type, MIKEY_ID_BYTES);
  ck_assert_bytes(p.app[0].data.data, p.app[0].data.len, "PSK/MIME", 8);
  ck_assert_int_eq(mikey_policy_init(&p, ims), 0);
  ck_assert_uint_eq(p.flags, TP(D) | TP(E) | TP(F) | TP(G) | TP(H) | TP(I) | TP(N) | TP(O));
  ck_assert_uint_eq(p.n_app, 0);
  ck_assert_int_eq(mikey_policy_init(NULL, pm), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_policy_init(&p, NULL), MIKEY_E_INVAL);
}
END_TEST

START_TEST(encode_request_matches_hand_built_tp_data) {
  mikey_policy p;
  pskmime_request(&p);
  uint8_t want[256], got[256];
  size_t wlen = test_hex(pskmime_tp_data_hex, want, sizeof(want)), glen = 0;
  mikey_tp tp;
  /* sizing first */
  ck_assert_int_eq(mikey_policy_encode(&p, MIKEY_POLICY_REQUEST, NULL, 0, &glen, &tp),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(glen, wlen);
  ck_assert_int_eq(mikey_policy_encode(&p, MIKEY_POLICY_REQUEST, got, sizeof(got), &glen, &tp),
                   0);
  ck_assert_bytes(got, glen, want, wlen);
  ck_assert_uint_eq(tp.ticket_type, 2);
  ck_assert_uint_eq(tp.prf, 1);
  ck_assert_uint_eq(tp.flags, p.flags);
  ck_assert_ptr_eq(tp.tp_data.data, got);
  ck_assert_uint_eq(tp.tp_data.len, wlen);

  /* granted: the same without the KEMAC (6.10), IDRe's Next Payload now IDR */
  ck_assert_int_eq(mikey_policy_encode(&p, MIKEY_POLICY_GRANTED, got, sizeof(got), &glen, &tp),
                   0);
  /* TRe at offset 58 (1 + 24 + 26 + 7), the 30-byte KEMAC at 65 */
  const size_t tre = 58, kemac = 65, kemac_len = 30;
  ck_assert_uint_eq(want[tre], MIKEY_PT_KEMAC);
  ck_assert_uint_eq(want[kemac + kemac_len], MIKEY_PT_IDR);
  ck_assert_uint_eq(glen, wlen - kemac_len);
  want[tre] = MIKEY_PT_IDR;
  memmove(want + kemac, want + kemac + kemac_len, wlen - kemac - kemac_len);
  ck_assert_bytes(got, glen, want, wlen - kemac_len);
}
END_TEST

START_TEST(from_tp_reads_every_field) {
  uint8_t buf[256];
  size_t len = test_hex(pskmime_tp_data_hex, buf, sizeof(buf));
  mikey_tp tp = {2, 0, 0, 1, TP(D) | TP(E) | TP(H) | TP(J) | TP(N) | TP(O), {buf, len}, 0};
  mikey_policy p;
  ck_assert_int_eq(mikey_policy_from_tp(&p, &tp), 0);
  ck_assert_uint_eq(p.present, MIKEY_POLICY_HAS_KMS | MIKEY_POLICY_HAS_I | MIKEY_POLICY_HAS_TRS |
                                   MIKEY_POLICY_HAS_TRE | MIKEY_POLICY_HAS_KEMAC);
  ck_assert_bytes(p.kms.data.data, p.kms.data.len, kms_uri, sizeof(kms_uri) - 1);
  ck_assert_bytes(p.idri.data.data, p.idri.data.len, alice_uri, sizeof(alice_uri) - 1);
  ck_assert_uint_eq(p.trs.value, NTP_2024);
  ck_assert_uint_eq(p.tre.value, NTP_2024 + DAY);
  ck_assert_uint_eq(p.n_keys, 1);
  ck_assert_uint_eq(p.keys[0].type, MIKEY_KEY_TGK);
  ck_assert_uint_eq(p.keys[0].key_len, 16);
  ck_assert_uint_eq(p.keys[0].kv_type, MIKEY_KV_SPI);
  ck_assert_bytes(p.keys[0].spi.data, p.keys[0].spi.len, kek_id, 4);
  ck_assert_uint_eq(p.n_app, 1);
  ck_assert_uint_eq(p.n_r, 1);
  ck_assert_uint_eq(p.r[0].type, MIKEY_ID_URI);
  ck_assert_bytes(p.r[0].data.data, p.r[0].data.len, bob_uri, sizeof(bob_uri) - 1);
  ck_assert_int_eq(mikey_policy_check(&p, mikey_profile_pskmime(), MIKEY_POLICY_REQUEST, NULL),
                   0);

  /* and back: the same bytes */
  uint8_t again[256];
  size_t alen;
  mikey_tp tp2;
  ck_assert_int_eq(
      mikey_policy_encode(&p, MIKEY_POLICY_REQUEST, again, sizeof(again), &alen, &tp2), 0);
  ck_assert_bytes(again, alen, buf, len);
}
END_TEST

START_TEST(from_tp_refusals) {
  uint8_t buf[256];
  size_t len = test_hex(pskmime_tp_data_hex, buf, sizeof(buf));
  mikey_tp tp = {2, 0, 0, 1, 0, {buf, len}, 0};
  mikey_policy p;
  /* offsets in the hand-built bytes */
  const size_t trs = 1 + 24 + 26, tre = trs + 7, kemac = tre + 7;
  ck_assert_uint_eq(buf[trs + 1], MIKEY_TR_START);
  ck_assert_uint_eq(buf[kemac + 1], MIKEY_ENCR_NULL);

  /* TP KEMAC with an encryption algorithm: 6.10 wants NULL */
  buf[kemac + 1] = MIKEY_ENCR_AES_CM_128;
  ck_assert_int_eq(mikey_policy_from_tp(&p, &tp), MIKEY_E_POLICY);
  ck_assert_uint_eq(p.present, 0);
  buf[kemac + 1] = MIKEY_ENCR_NULL;
  /* an MPK asked for in the TP: 6.10 names TEK, TGK, GTGK only */
  ck_assert_uint_eq(buf[kemac + 5], 0x01);
  buf[kemac + 5] = (uint8_t)(MIKEY_KEY_MPK << 4 | MIKEY_KV_SPI);
  ck_assert_int_eq(mikey_policy_from_tp(&p, &tp), MIKEY_E_POLICY);
  buf[kemac + 5] = 0x01;
  /* TRs as a counter: a validity period is a time */
  buf[trs + 2] = MIKEY_TS_COUNTER;
  ck_assert_int_eq(mikey_policy_from_tp(&p, &tp), MIKEY_E_POLICY);
  buf[trs + 2] = MIKEY_TS_NTP_UTC_32;
  ck_assert_int_eq(mikey_policy_from_tp(&p, &tp), 0);
  /* TRs turned into a TRr with NTP-UTC-32: allowed, but TRr after TRe is out of order */
  buf[trs + 1] = MIKEY_TR_REKEY;
  ck_assert_int_eq(mikey_policy_from_tp(&p, &tp), MIKEY_E_PAYLOAD_ORDER);
  buf[trs + 1] = MIKEY_TR_START;
  /* the IDRr cut off: (IDRr) is required by the grammar */
  tp.tp_data.len = len - 24;
  ck_assert_uint_eq(buf[len - 24 - 13], MIKEY_PT_IDR);
  buf[len - 24 - 13] = MIKEY_PT_LAST; /* IDRapp becomes the last payload */
  ck_assert_int_eq(mikey_policy_from_tp(&p, &tp), MIKEY_E_MISSING_PAYLOAD);
  /* truncated TP Data */
  ck_assert_int_eq(mikey_policy_from_tp(&p, &(mikey_tp){2, 0, 0, 1, 0, {buf, 10}, 0}),
                   MIKEY_E_TRUNCATED);
  ck_assert_int_eq(mikey_policy_from_tp(NULL, &tp), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_policy_from_tp(&p, NULL), MIKEY_E_INVAL);
}
END_TEST

START_TEST(trr_must_be_ntp_utc_32) {
  mikey_policy p;
  ims_request(&p);
  uint8_t buf[256];
  size_t len;
  mikey_tp tp;
  ck_assert_int_eq(mikey_policy_encode(&p, MIKEY_POLICY_REQUEST, buf, sizeof(buf), &len, &tp),
                   0);
  mikey_policy q;
  ck_assert_int_eq(mikey_policy_from_tp(&q, &tp), 0);
  ck_assert_uint_eq(q.trr.value, 3600);
  p.trr.ts_type = MIKEY_TS_NTP_UTC;
  ck_assert_int_eq(mikey_policy_encode(&p, MIKEY_POLICY_REQUEST, buf, sizeof(buf), &len, &tp),
                   MIKEY_E_BAD_VALUE);
  /* the same on input: TRr is the 5th payload */
  p.trr.ts_type = MIKEY_TS_NTP_UTC_32;
  ck_assert_int_eq(mikey_policy_encode(&p, MIKEY_POLICY_REQUEST, buf, sizeof(buf), &len, &tp),
                   0);
  mikey_plist l;
  ck_assert_int_eq(mikey_tp_data_decode(&l, buf, len), 0);
  ck_assert_int_eq(l.pl[4].type, MIKEY_PT_TR);
  ck_assert_uint_eq(buf[l.pl[4].offset + 2], MIKEY_TS_NTP_UTC_32);
  buf[l.pl[4].offset + 2] = MIKEY_TS_COUNTER;
  ck_assert_int_eq(mikey_policy_from_tp(&q, &tp), MIKEY_E_POLICY);
}
END_TEST

/* Flags that satisfy every implication of 6.10: the PSK/MIME set. */
#define GOOD (TP(D) | TP(E) | TP(H) | TP(J) | TP(N) | TP(O))

START_TEST(each_flag_implication) {
  ck_assert_int_eq(mikey_policy_check_flags(GOOD, 1), 0);
  ck_assert_int_eq(mikey_policy_check_flags(GOOD | TP(L), 1), 0);
  /* NOT D implies L */
  ck_assert_int_eq(mikey_policy_check_flags(GOOD & ~TP(D), 1), MIKEY_E_TP_FLAGS);
  ck_assert_int_eq(mikey_policy_check_flags((GOOD & ~TP(D)) | TP(L), 1), 0);
  /* G implies F */
  ck_assert_int_eq(mikey_policy_check_flags(GOOD | TP(G), 1), MIKEY_E_TP_FLAGS);
  ck_assert_int_eq(mikey_policy_check_flags(GOOD | TP(G) | TP(F), 1), 0);
  /* NOT G implies H (G=0, H=0) */
  ck_assert_int_eq(mikey_policy_check_flags(GOOD & ~TP(H), 1), MIKEY_E_TP_FLAGS);
  /* NOT H implies G: the same pair of bits, reached from H=0; with G=1 it holds */
  ck_assert_int_eq(mikey_policy_check_flags((GOOD & ~TP(H) & ~TP(G)) | TP(F), 0),
                   MIKEY_E_TP_FLAGS);
  ck_assert_int_eq(mikey_policy_check_flags((GOOD & ~TP(H)) | TP(G) | TP(F), 1), 0);
  /* I implies E */
  ck_assert_int_eq(mikey_policy_check_flags((GOOD & ~TP(E)) | TP(I), 0), MIKEY_E_TP_FLAGS);
  ck_assert_int_eq(mikey_policy_check_flags(GOOD | TP(I), 0), 0);
  /* K implies D */
  ck_assert_int_eq(mikey_policy_check_flags((GOOD & ~TP(D)) | TP(L) | TP(K), 1),
                   MIKEY_E_TP_FLAGS);
  ck_assert_int_eq(mikey_policy_check_flags(GOOD | TP(K), 1), 0);
  /* M implies F */
  ck_assert_int_eq(mikey_policy_check_flags(GOOD | TP(M), 1), MIKEY_E_TP_FLAGS);
  ck_assert_int_eq(mikey_policy_check_flags(GOOD | TP(M) | TP(F), 1), 0);
  /* F=1 when I=1 and a TGK is in the ticket; a GTGK (D15) leaves F free */
  ck_assert_int_eq(mikey_policy_check_flags(GOOD | TP(I), 1), MIKEY_E_TP_FLAGS);
  ck_assert_int_eq(mikey_policy_check_flags(GOOD | TP(I) | TP(F), 1), 0);
  ck_assert_int_eq(mikey_policy_check_flags(GOOD | TP(I), 0), 0);
  /* reserved bits */
  ck_assert_int_eq(mikey_policy_check_flags(GOOD | 0x1000, 0), MIKEY_E_TP_FLAGS);
}
END_TEST

START_TEST(pskmime_profile_checks) {
  const mikey_profile *pm = mikey_profile_pskmime();
  mikey_policy p;
  pskmime_request(&p);
  ck_assert_int_eq(mikey_policy_check(&p, pm, MIKEY_POLICY_REQUEST, NULL), 0);
  /* every fixed flag flipped in turn */
  const uint16_t fixed[] = {TP(D), TP(E), TP(F), TP(G), TP(H), TP(J), TP(L), TP(M), TP(N), TP(O)};
  for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
    mikey_policy q = p;
    q.flags ^= fixed[i];
    ck_assert_msg(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL) == MIKEY_E_TP_FLAGS,
                  "flag %#x", fixed[i]);
  }
  /* K=0 in a request; the KMS may set it in the granted policy */
  mikey_policy q = p;
  q.flags |= TP(K);
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_TP_FLAGS);
  q.present &= ~MIKEY_POLICY_HAS_KEMAC;
  mikey_key_summary tgk = {1u << MIKEY_KEY_TGK, 1, 16};
  mikey_key_summary gtgk = {1u << MIKEY_KEY_GTGK, 1, 16};
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_GRANTED, &tgk), 0);
  /* I=1 (proof-of-origin) with a TGK breaks the 6.10 F/I/TGK rule; with a GTGK (D15) fine */
  q = p;
  q.flags |= TP(I);
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_TP_FLAGS);
  q.keys[0].type = MIKEY_KEY_GTGK;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), 0);
  q.present &= ~MIKEY_POLICY_HAS_KEMAC;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_GRANTED, &gtgk), 0);
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_GRANTED, &tgk), MIKEY_E_TP_FLAGS);
  /* granted with the keys not known yet: the key rules are skipped */
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_GRANTED, NULL), 0);

  /* ticket types: type 1 (1/1/1) accepted too; unknown type, subtype or version refused */
  q = p;
  q.ticket_type = 1;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_TICKET_TYPE);
  q.subtype = q.version = 1;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), 0);
  q = p;
  q.ticket_type = 3;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_TICKET_TYPE);
  q = p;
  q.subtype = 1;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_TICKET_TYPE);
  q = p;
  q.version = 1;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_TICKET_TYPE);
  ck_assert_int_eq(mikey_ticket_type_check(0x0102, 0, 0), MIKEY_E_TICKET_TYPE);

  /* TP Data: D11 required payloads, no TRr, KEMAC only in the request, TRs <= TRe, IDRr */
  const unsigned req[] = {MIKEY_POLICY_HAS_KMS, MIKEY_POLICY_HAS_I, MIKEY_POLICY_HAS_TRS,
                          MIKEY_POLICY_HAS_TRE, MIKEY_POLICY_HAS_KEMAC};
  for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
    q = p;
    q.present &= ~req[i];
    ck_assert_msg(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL) == MIKEY_E_POLICY,
                  "missing %#x", req[i]);
  }
  q = p;
  q.trr = (mikey_ts){MIKEY_TR_REKEY, MIKEY_TS_NTP_UTC_32, 60};
  q.present |= MIKEY_POLICY_HAS_TRR;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_POLICY);
  ck_assert_int_eq(mikey_policy_check(&p, pm, MIKEY_POLICY_GRANTED, &tgk), MIKEY_E_POLICY);
  q = p;
  q.tre.value = NTP_2024 - 1;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_POLICY);
  q = p;
  q.n_r = 0;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_POLICY);

  /* keys: exactly one TGK or GTGK */
  q = p;
  q.keys[0].type = MIKEY_KEY_TEK;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_POLICY);
  q = p;
  ck_assert_int_eq(mikey_policy_add_key(&q, MIKEY_KEY_TGK, 16, 0, kek_id, 4), 0);
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_POLICY);
  q.n_keys = 0;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_POLICY);
  /* suite: a 256-bit key with MIKEY-1 (D4), an unknown PRF */
  q = p;
  q.keys[0].key_len = 32;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), 0);
  q.prf = MIKEY_PRF_MIKEY_1;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_SUITE);
  q.keys[0].key_len = 16;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), 0);
  q.prf = 5;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_SUITE);
  q.present &= ~MIKEY_POLICY_HAS_KEMAC;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_GRANTED, NULL), MIKEY_E_SUITE);

  /* application: another IDRapp, or none, is refused (D9) */
  q = p;
  q.app[0].data.data = (const uint8_t *)"PSK/MIMF";
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_APP);
  q.app[0].data.data = (const uint8_t *)"PSK/MIME";
  q.app[0].type = MIKEY_ID_URI;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_APP);
  q.n_app = 0;
  ck_assert_int_eq(mikey_policy_check(&q, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_APP);
  ck_assert_int_eq(mikey_policy_check(&q, pm, 0, NULL), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_policy_check(NULL, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_INVAL);
}
END_TEST

START_TEST(ims_profile_checks) {
  const mikey_profile *ims = mikey_profile_ims(), *pm = mikey_profile_pskmime();
  mikey_policy p;
  ims_request(&p);
  ck_assert_int_eq(mikey_policy_check(&p, ims, MIKEY_POLICY_REQUEST, NULL), 0);
  /* the same policy is not a PSK/MIME one, and a PSK/MIME one is not IMS */
  ck_assert_int_eq(mikey_policy_check(&p, pm, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_TP_FLAGS);
  mikey_policy q;
  pskmime_request(&q);
  ck_assert_int_eq(mikey_policy_check(&q, ims, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_TP_FLAGS);
  const uint16_t fixed[] = {TP(D), TP(E), TP(F), TP(G), TP(H), TP(I), TP(L), TP(M), TP(N), TP(O)};
  for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
    q = p;
    q.flags ^= fixed[i];
    ck_assert_msg(mikey_policy_check(&q, ims, MIKEY_POLICY_REQUEST, NULL) == MIKEY_E_TP_FLAGS,
                  "flag %#x", fixed[i]);
  }
  /* D is forced by 6.10 anyway: with L=0, "NOT D implies L" refuses D=0 */
  ck_assert_int_eq(mikey_policy_check_flags((uint16_t)(p.flags & ~TP(D)), 1), MIKEY_E_TP_FLAGS);
  /* TRr required; type 1 not accepted; TEKs and several keys accepted */
  q = p;
  q.present &= ~MIKEY_POLICY_HAS_TRR;
  ck_assert_int_eq(mikey_policy_check(&q, ims, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_POLICY);
  q = p;
  q.ticket_type = 1;
  q.subtype = q.version = 1;
  ck_assert_int_eq(mikey_policy_check(&q, ims, MIKEY_POLICY_REQUEST, NULL), MIKEY_E_TICKET_TYPE);
  q = p;
  ck_assert_int_eq(mikey_policy_add_key(&q, MIKEY_KEY_TEK_SALT, 32, 14, NULL, 0), 0);
  ck_assert_int_eq(mikey_policy_check(&q, ims, MIKEY_POLICY_REQUEST, NULL), 0);
  /* no IDRapp rule: any application or none */
  ck_assert_int_eq(mikey_policy_add_app(&q, MIKEY_ID_BYTES, (const uint8_t *)"VOICE", 5), 0);
  ck_assert_int_eq(mikey_policy_check(&q, ims, MIKEY_POLICY_REQUEST, NULL), 0);
}
END_TEST

START_TEST(validity_period_and_era_rule) {
  mikey_policy p;
  pskmime_request(&p);
  uint64_t start = (uint64_t)NTP_2024 << 32, end = (uint64_t)(NTP_2024 + DAY) << 32;
  ck_assert_int_eq(mikey_policy_check_time(&p, start, 0), 0);
  ck_assert_int_eq(mikey_policy_check_time(&p, end, 0), 0);
  ck_assert_int_eq(mikey_policy_check_time(&p, start - (1ull << 32), 0), MIKEY_E_NOT_YET_VALID);
  ck_assert_int_eq(mikey_policy_check_time(&p, end + (1ull << 32), 0), MIKEY_E_EXPIRED);
  /* the skew allowance, either way, to the second */
  ck_assert_int_eq(mikey_policy_check_time(&p, start - (300ull << 32), 300), 0);
  ck_assert_int_eq(mikey_policy_check_time(&p, start - (301ull << 32), 300),
                   MIKEY_E_NOT_YET_VALID);
  ck_assert_int_eq(mikey_policy_check_time(&p, end + (300ull << 32), 300), 0);
  ck_assert_int_eq(mikey_policy_check_time(&p, end + (301ull << 32), 300), MIKEY_E_EXPIRED);
  /* 64-bit NTP-UTC bounds work the same */
  p.trs = (mikey_ts){MIKEY_TR_START, MIKEY_TS_NTP_UTC, start};
  p.tre = (mikey_ts){MIKEY_TR_END, MIKEY_TS_NTP_UTC, end};
  ck_assert_int_eq(mikey_policy_check_time(&p, start + DAY / 2 * (1ull << 32), 0), 0);
  ck_assert_int_eq(mikey_policy_check_time(&p, end + (2ull << 32), 1), MIKEY_E_EXPIRED);

  /* RFC 4330 era rule: a validity period across 2036-02-07 (NTP seconds wrap to 0). TRs in
   * era 0 (0xFFFF0000, late 2035/early 2036), TRe in era 1 (0x00010000, 2036). */
  p.trs = (mikey_ts){MIKEY_TR_START, MIKEY_TS_NTP_UTC_32, 0xFFFF0000u};
  p.tre = (mikey_ts){MIKEY_TR_END, MIKEY_TS_NTP_UTC_32, 0x00010000u};
  ck_assert_int_eq(mikey_policy_check(&p, mikey_profile_pskmime(), MIKEY_POLICY_REQUEST, NULL),
                   0);
  ck_assert_int_eq(mikey_policy_check_time(&p, (uint64_t)0xFFFFFFFFu << 32, 0), 0);
  ck_assert_int_eq(mikey_policy_check_time(&p, (uint64_t)0x00000005u << 32, 0), 0);
  ck_assert_int_eq(mikey_policy_check_time(&p, (uint64_t)0x00020000u << 32, 0),
                   MIKEY_E_EXPIRED);
  /* a 2024 clock is before a 2036 period, not after it */
  ck_assert_int_eq(mikey_policy_check_time(&p, start, 0), MIKEY_E_NOT_YET_VALID);
  /* open ends */
  p.present &= ~MIKEY_POLICY_HAS_TRE;
  ck_assert_int_eq(mikey_policy_check_time(&p, (uint64_t)0x70000000u << 32, 0), 0);
  p.present &= ~MIKEY_POLICY_HAS_TRS;
  ck_assert_int_eq(mikey_policy_check_time(&p, 0, 0), 0);
  /* a counter is no time */
  p.present |= MIKEY_POLICY_HAS_TRE;
  p.tre.ts_type = MIKEY_TS_COUNTER;
  ck_assert_int_eq(mikey_policy_check_time(&p, start, 0), MIKEY_E_POLICY);
  ck_assert_int_eq(mikey_policy_check_time(NULL, start, 0), MIKEY_E_INVAL);
}
END_TEST

START_TEST(responders_and_applications) {
  mikey_policy p;
  pskmime_request(&p);
  ck_assert_int_eq(mikey_policy_add_responder(&p, MIKEY_ID_NAI, carol_uri + 4,
                                              sizeof(carol_uri) - 5),
                   0);
  mikey_id bob = {MIKEY_ROLE_R, MIKEY_ID_URI, {bob_uri, sizeof(bob_uri) - 1}};
  mikey_id carol_nai = {MIKEY_ROLE_I, MIKEY_ID_NAI, {carol_uri + 4, sizeof(carol_uri) - 5}};
  ck_assert_int_eq(mikey_policy_check_responder(&p, &bob), 0);
  /* the role does not matter, the ID Type does */
  ck_assert_int_eq(mikey_policy_check_responder(&p, &carol_nai), 0);
  mikey_id carol_uri_id = {MIKEY_ROLE_R, MIKEY_ID_URI, {carol_uri + 4, sizeof(carol_uri) - 5}};
  ck_assert_int_eq(mikey_policy_check_responder(&p, &carol_uri_id), MIKEY_E_NOT_AUTHORIZED);
  /* a prefix, a longer string, another identity */
  mikey_id pre = {MIKEY_ROLE_R, MIKEY_ID_URI, {bob_uri, sizeof(bob_uri) - 2}};
  ck_assert_int_eq(mikey_policy_check_responder(&p, &pre), MIKEY_E_NOT_AUTHORIZED);
  mikey_id longer = {MIKEY_ROLE_R, MIKEY_ID_URI, {bob_uri, sizeof(bob_uri)}};
  ck_assert_int_eq(mikey_policy_check_responder(&p, &longer), MIKEY_E_NOT_AUTHORIZED);
  mikey_id alice = {MIKEY_ROLE_R, MIKEY_ID_URI, {alice_uri, sizeof(alice_uri) - 1}};
  ck_assert_int_eq(mikey_policy_check_responder(&p, &alice), MIKEY_E_NOT_AUTHORIZED);
  p.n_r = 0;
  ck_assert_int_eq(mikey_policy_check_responder(&p, &bob), MIKEY_E_NOT_AUTHORIZED);
  ck_assert_int_eq(mikey_policy_check_responder(&p, NULL), MIKEY_E_INVAL);

  const uint8_t *pm = (const uint8_t *)"PSK/MIME";
  ck_assert_int_eq(mikey_policy_check_app(&p, MIKEY_ID_BYTES, pm, 8, 1), 0);
  ck_assert_int_eq(mikey_policy_check_app(&p, MIKEY_ID_BYTES, pm, 7, 1), MIKEY_E_APP);
  ck_assert_int_eq(mikey_policy_check_app(&p, MIKEY_ID_URI, pm, 8, 1), MIKEY_E_APP);
  p.n_app = 0;
  /* 6.10: no IDRapp authorizes every application, unless the profile requires one */
  ck_assert_int_eq(mikey_policy_check_app(&p, MIKEY_ID_BYTES, pm, 8, 0), 0);
  ck_assert_int_eq(mikey_policy_check_app(&p, MIKEY_ID_BYTES, pm, 8, 1), MIKEY_E_APP);
}
END_TEST

START_TEST(suite_against_hdr_and_keys) {
  mikey_policy p;
  pskmime_request(&p);
  ck_assert_int_eq(mikey_policy_check_suite(&p, MIKEY_PRF_HMAC_SHA_256, 32), 0);
  ck_assert_int_eq(mikey_policy_check_suite(&p, MIKEY_PRF_HMAC_SHA_256, 16), 0);
  /* D3: a Ticket Policy of the other suite than the HDR */
  ck_assert_int_eq(mikey_policy_check_suite(&p, MIKEY_PRF_MIKEY_1, 16), MIKEY_E_SUITE);
  p.prf = MIKEY_PRF_MIKEY_1;
  ck_assert_int_eq(mikey_policy_check_suite(&p, MIKEY_PRF_MIKEY_1, 16), 0);
  /* D4: MIKEY-1 with 256-bit keys; 12.1: keys under 128 bits */
  ck_assert_int_eq(mikey_policy_check_suite(&p, MIKEY_PRF_MIKEY_1, 32), MIKEY_E_SUITE);
  ck_assert_int_eq(mikey_policy_check_suite(&p, MIKEY_PRF_MIKEY_1, 8), MIKEY_E_SUITE);
  ck_assert_int_eq(mikey_policy_check_suite(NULL, 0, 16), MIKEY_E_INVAL);
}
END_TEST

START_TEST(add_helpers_bounds) {
  mikey_policy p;
  ck_assert_int_eq(mikey_policy_init(&p, mikey_profile_ims()), 0);
  for (size_t i = 0; i < MIKEY_POLICY_MAX_IDS; i++) {
    ck_assert_int_eq(mikey_policy_add_responder(&p, MIKEY_ID_URI, bob_uri, 3), 0);
  }
  ck_assert_int_eq(mikey_policy_add_responder(&p, MIKEY_ID_URI, bob_uri, 3), MIKEY_E_LIMIT);
  ck_assert_int_eq(mikey_policy_add_app(&p, MIKEY_ID_URI, bob_uri, 0), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_policy_add_app(&p, MIKEY_ID_URI, NULL, 3), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_policy_add_key(&p, MIKEY_KEY_MPK, 16, 0, NULL, 0), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_policy_add_key(&p, MIKEY_KEY_TGK, 8, 0, NULL, 0), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_policy_add_key(&p, MIKEY_KEY_TGK, 16, 14, NULL, 0), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_policy_add_key(&p, MIKEY_KEY_TGK_SALT, 16, 0, NULL, 0), MIKEY_E_INVAL);
  for (size_t i = 0; i < MIKEY_POLICY_MAX_KEYS; i++) {
    ck_assert_int_eq(mikey_policy_add_key(&p, MIKEY_KEY_TEK, 16, 0, NULL, 0), 0);
  }
  ck_assert_int_eq(mikey_policy_add_key(&p, MIKEY_KEY_TEK, 16, 0, NULL, 0), MIKEY_E_LIMIT);
  /* a full policy (32 IDRr, 16 keys) does not fit one TP Data list of 32 payloads */
  uint8_t buf[4096];
  size_t len;
  mikey_tp tp;
  ck_assert_int_eq(mikey_policy_encode(&p, MIKEY_POLICY_REQUEST, buf, sizeof(buf), &len, &tp),
                   MIKEY_E_LIMIT);
  p.n_r = 20;
  ck_assert_int_eq(mikey_policy_encode(&p, MIKEY_POLICY_REQUEST, buf, sizeof(buf), &len, &tp),
                   0);
  mikey_policy q;
  ck_assert_int_eq(mikey_policy_from_tp(&q, &tp), 0);
  ck_assert_uint_eq(q.n_r, 20);
  ck_assert_uint_eq(q.n_keys, MIKEY_POLICY_MAX_KEYS);
  ck_assert_int_eq(mikey_policy_encode(&p, 3, buf, sizeof(buf), &len, &tp), MIKEY_E_INVAL);
}
END_TEST

static Suite *policy_suite(void) {
  Suite *s = suite_create("ticket_policy");
  TCase *tc = tcase_create("policy");
  tcase_add_test(tc, profiles_are_data);
  tcase_add_test(tc, encode_request_matches_hand_built_tp_data);
  tcase_add_test(tc, from_tp_reads_every_field);
  tcase_add_test(tc, from_tp_refusals);
  tcase_add_test(tc, trr_must_be_ntp_utc_32);
  tcase_add_test(tc, each_flag_implication);
  tcase_add_test(tc, pskmime_profile_checks);
  tcase_add_test(tc, ims_profile_checks);
  tcase_add_test(tc, validity_period_and_era_rule);
  tcase_add_test(tc, responders_and_applications);
  tcase_add_test(tc, suite_against_hdr_and_keys);
  tcase_add_test(tc, add_helpers_bounds);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(policy_suite()); }
