/*
 * codec_vectors.c: MIKEY messages written out byte by byte (see codec_vectors.h). Offsets in
 * the comments count from the start of the message; "@n" is the offset of a payload.
 */
#include "codec_vectors.h"

/* "sip:alice@ims.test" (18 bytes), "sip:bob@ims.test" (16), "kms.ims.test" (12),
 * "PSK/MIME" (8), "psk-0001" (8), "tpk-0001" (8) */
#define ALICE "73 69 70 3a 61 6c 69 63 65 40 69 6d 73 2e 74 65 73 74 "
#define BOB "73 69 70 3a 62 6f 62 40 69 6d 73 2e 74 65 73 74 "
#define KMS "6b 6d 73 2e 69 6d 73 2e 74 65 73 74 "
#define PSKMIME "50 53 4b 2f 4d 49 4d 45 "
#define PSK0001 "70 73 6b 2d 30 30 30 31 "
#define TPK0001 "74 70 6b 2d 30 30 30 31 "

/* REQUEST_INIT_PSK = HDR, T, RANDRi, IDRi, IDRkms, TP, IDRpsk, V (RFC 6043 4.2.1,
 * PROFILE.md section 2). */
const char vec_request_init_psk[] =
    /* @0 HDR (RFC 3830 6.1) */
    "01"          /* version 1 */
    "0b"          /* data type 11 REQUEST_INIT_PSK */
    "05"          /* next payload T */
    "81"          /* V=1 (RFC 6043 4.2.1.1), PRF func 1 PRF-HMAC-SHA-256 */
    "12 34 56 78" /* CSB ID */
    "00"          /* #CS 0 */
    "01"          /* CS ID map type Empty map (RFC 4563), no map info */
    /* @10 T (RFC 3830 6.6) */
    "0f"                      /* next RANDR */
    "00"                      /* TS type NTP-UTC */
    "e9 4b 3c 2d 80 00 00 00" /* TS value */
    /* @20 RANDRi (RFC 6043 6.8) */
    "0e"                                              /* next IDR */
    "01"                                              /* RAND role Initiator */
    "10"                                              /* RAND length 16 @22 */
    "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f" /* RAND */
    /* @39 IDRi (RFC 6043 6.6) */
    "0e"    /* next IDR */
    "01"    /* ID role Initiator */
    "01"    /* ID type URI */
    "00 12" /* ID len 18 @42 */
    ALICE
    /* @62 IDRkms */
    "10"    /* next TP */
    "03"    /* ID role KMS */
    "01"    /* ID type URI */
    "00 0c" /* ID len 12 @65 */
    KMS
    /* @79 TP (RFC 6043 6.10) */
    "0e"       /* next IDR */
    "00 02"    /* Ticket Type 2, 3GPP base ticket */
    "00"       /* subtype 0 */
    "00"       /* version 0 */
    "03 94 60" /* PRF Func 1 | D=1; E=1 F=0 G=0 H=1 I=0 J=1 K=0 L=0; M=0 N=1 O=1 Res=0 */
    "00 66"    /* TP Data length 102 @87 */
    /* @89 TP Data */
    "0e" /* First Payload IDR */
    /* @90 IDRi */
    "0d 01 01 00 12" ALICE /* next TR, Initiator, URI, len 18 @93 */
    /* @113 TRs (RFC 6043 6.4) */
    "0d 02 03 e9 4b 3c 2d" /* next TR, role TRs, TS type NTP-UTC-32, value */
    /* @120 TRe */
    "01 03 03 e9 4c 8d ad" /* next KEMAC, role TRe, NTP-UTC-32, value */
    /* @127 KEMAC (RFC 3830 6.2): NULL encryption, NULL MAC (RFC 6043 6.10) */
    "0e"    /* next IDR */
    "00"    /* Encr alg NULL */
    "00 19" /* Encr data len 25 @129 */
    /* @131 key data sub-payload (RFC 3830 6.13) */
    "00"                                              /* next Last payload */
    "01"                                              /* Type TGK, KV SPI */
    "00 10"                                           /* Key data len 16 @133 */
    "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00" /* Key data: zeros (RFC 6043 6.10) */
    "04"                                              /* SPI length 4 @151 */
    "00 00 00 2a"                                     /* SPI: the proposed KEK id (D8) */
    "00" /* @156 MAC alg NULL, no MAC */
    /* @157 IDRapp */
    "0e 05 02 00 08" PSKMIME /* next IDR, Application, byte string, len 8 @160 (D9) */
    /* @170 IDRr */
    "00 02 01 00 10" BOB /* Last payload, Responder, URI, len 16 @173 */
    /* @191 IDRpsk */
    "09 04 02 00 08" PSK0001 /* next V, role PSK, byte string, len 8 @194 */
    /* @204 V (RFC 3830 6.9) */
    "00" /* Last payload */
    "02" /* Auth alg HMAC-SHA-256-256: 32-byte MAC @206 */
    "a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab ac ad ae af"
    "b0 b1 b2 b3 b4 b5 b6 b7 b8 b9 ba bb bc bd be bf";
/* total 238 */

const vec_lenfield vec_request_init_psk_lens[] = {
    {8, 1, "HDR #CS"},          {22, 1, "RANDRi RAND length"}, {42, 2, "IDRi ID len"},
    {65, 2, "IDRkms ID len"},   {87, 2, "TP Data length"},     {93, 2, "TP Data IDRi len"},
    {129, 2, "KEMAC Encr len"}, {133, 2, "Key data len"},      {151, 1, "KV SPI length"},
    {160, 2, "IDRapp len"},     {173, 2, "IDRr len"},          {194, 2, "IDRpsk len"},
};
const size_t vec_request_init_psk_nlens =
    sizeof(vec_request_init_psk_lens) / sizeof(vec_request_init_psk_lens[0]);

/* TRANSFER_INIT = HDR, T, RANDRi, IDRi, IDRr, TICKET, GEXT (proof-of-origin), V
 * (RFC 6043 4.2.2, PROFILE.md sections 3, 4 and 6). */
const char vec_transfer_init[] =
    /* @0 HDR */
    "01"          /* version 1 */
    "0e"          /* data type 14 TRANSFER_INIT */
    "05"          /* next payload T */
    "01"          /* V=0 (no answer), PRF func 1 */
    "ca fe ba be" /* CSB ID */
    "01"          /* #CS 1 @8 */
    "02"          /* CS ID map type GENERIC-ID (RFC 6043 6.1.1) */
    "01"          /* CS ID 1 */
    "f1"          /* Prot type 241, PSK/MIME default */
    "00"          /* S=0, #P=0 @12 */
    "00 00"       /* Session Data Length 0 @13 */
    "04"          /* SPI Length 4 @15 */
    "0a 0b 0c 0d" /* SPI: the KEK identifier */
    /* @20 T */
    "0f 00 e9 4b 3c 2d 80 00 00 00" /* next RANDR, NTP-UTC, value */
    /* @30 RANDRi */
    "0e 01 10" /* next IDR, Initiator, RAND length 16 @32 */
    "10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f"
    /* @49 IDRi */
    "0e 01 01 00 12" ALICE /* next IDR, Initiator, URI, len 18 @52 */
    /* @72 IDRr */
    "11 02 01 00 10" BOB /* next TICKET, Responder, URI, len 16 @75 */
    /* @93 TICKET (RFC 6043 6.10) */
    "15"       /* next General Extension */
    "00 02"    /* Ticket Type 2 */
    "00 00"    /* subtype 0, version 0 */
    "03 94 60" /* PRF Func 1, flags D E H J N O */
    "00 59"    /* TP Data length 89 @101 */
    /* @103 TP Data: the granted policy (D11) */
    "0e"                    /* First Payload IDR */
    "0e 03 01 00 0c" KMS    /* @104 IDRkms, next IDR, len 12 @107 */
    "0d 01 01 00 12" ALICE  /* @121 IDRi, next TR, len 18 @124 */
    "0d 02 03 e9 4b 3c 2d"  /* @144 TRs, next TR */
    "0e 03 03 e9 4c 8d ad"  /* @151 TRe, next IDR */
    "0e 05 02 00 08" PSKMIME /* @158 IDRapp, next IDR, len 8 @161 */
    "00 02 01 00 10" BOB    /* @171 IDRr, Last payload, len 16 @174 */
    "00 8b" /* @192 Ticket Data length 139 */
    /* @194 Ticket Data (RFC 6043 A.1) */
    "05 00 06"          /* THDR (A.3): next T, THDR Data length 6 @195 */
    "00 11 22 33 44 55" /* THDR Data: 48-bit KMS identifier (TS 33.328 D.4) */
    "0b 00 e9 4b 3c 2d 00 00 00 00" /* @203 T, next RAND, NTP-UTC */
    "01 10"                         /* @213 RAND, next KEMAC, RAND len 16 @214 */
    "20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f"
    /* @231 KEMAC = E(encr_key_TPK, MPK || TGK): AES-CM-256, NULL MAC */
    "0e"    /* next IDR */
    "03"    /* Encr alg AES-CM-256 */
    "00 32" /* Encr data len 50 @233 */
    "c0 c1 c2 c3 c4 c5 c6 c7 c8 c9 ca cb cc cd ce cf"
    "d0 d1 d2 d3 d4 d5 d6 d7 d8 d9 da db dc dd de df"
    "e0 e1 e2 e3 e4 e5 e6 e7 e8 e9 ea eb ec ed ee ef"
    "f0 f1"
    "00"                     /* MAC alg NULL */
    "09 04 02 00 08" TPK0001 /* @286 IDRpsk, next V, len 8 @289 */
    "00 02"                  /* @299 V, Last payload, HMAC-SHA-256-256 */
    "50 51 52 53 54 55 56 57 58 59 5a 5b 5c 5d 5e 5f"
    "60 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f"
    "00 00" /* @333 Initiator Data length 0: no Initiator Data (I=0) */
    /* @335 General Extension (RFC 3830 6.15): proof-of-origin */
    "09"    /* next V */
    "f1"    /* Type 241, PSK/MIME proof-of-origin default */
    "00 10" /* Length 16 @337 */
    "90 91 92 93 94 95 96 97 98 99 9a 9b 9c 9d 9e 9f"
    /* @355 V */
    "00 02"
    "a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab ac ad ae af"
    "b0 b1 b2 b3 b4 b5 b6 b7 b8 b9 ba bb bc bd be bf";
/* total 389 */

const vec_lenfield vec_transfer_init_lens[] = {
    {8, 1, "HDR #CS"},
    {12, 1, "CS #P"},
    {13, 2, "CS Session Data Length"},
    {15, 1, "CS SPI Length"},
    {32, 1, "RANDRi RAND length"},
    {52, 2, "IDRi ID len"},
    {75, 2, "IDRr ID len"},
    {101, 2, "TP Data length"},
    {107, 2, "TP Data IDRkms len"},
    {124, 2, "TP Data IDRi len"},
    {161, 2, "TP Data IDRapp len"},
    {174, 2, "TP Data IDRr len"},
    {192, 2, "Ticket Data length"},
    {195, 2, "THDR Data length"},
    {214, 1, "ticket RAND len"},
    {233, 2, "ticket KEMAC Encr data len"},
    {289, 2, "ticket IDRpsk len"},
    {333, 2, "Initiator Data length"},
    {337, 2, "GEXT Length"},
};
const size_t vec_transfer_init_nlens =
    sizeof(vec_transfer_init_lens) / sizeof(vec_transfer_init_lens[0]);

static int vec_nibble(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

size_t vec_bytes(const char *hex, uint8_t *out, size_t cap) {
  size_t n = 0;
  int hi = -1;
  for (; *hex; hex++) {
    if (*hex == ' ' || *hex == '\n' || *hex == '\t') {
      continue;
    }
    int v = vec_nibble(*hex);
    if (v < 0) {
      return 0;
    }
    if (hi < 0) {
      hi = v;
    } else {
      if (n == cap) {
        return 0;
      }
      out[n++] = (uint8_t)(hi << 4 | v);
      hi = -1;
    }
  }
  return hi < 0 ? n : 0;
}
