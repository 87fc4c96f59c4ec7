/*
 * libmikey-ticket: MIKEY payloads (RFC 3830 section 6, RFC 6043 section 6 and Appendix A.3,
 * RFC 4563, RFC 6509 section 4).
 *
 * This header names every registry value of those texts and defines one struct per payload.
 * Structs hold numbers and views: a view (mikey_bytes) points into the bytes the payload was
 * decoded from, or, when you build a payload to encode, at bytes you own. Nothing here
 * allocates. Nested lists inside a payload (the CS map of the HDR aside) stay views of their
 * encoded bytes; codec.h decodes them on demand and encodes them from structs.
 *
 * MIKEY payloads carry no generic length: each payload's length follows from its own fields
 * (a MAC length from its MAC algorithm, a timestamp length from its TS type, ...). A payload
 * type this library does not know can therefore not be skipped, and is refused.
 *
 * Messages, nested lists, validation and dumps are in codec.h, which includes this header.
 */
#ifndef MIKEY_PAYLOAD_H
#define MIKEY_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** MIKEY version in the HDR (RFC 3830 6.1). */
#define MIKEY_HDR_VERSION 1

/* --- payload types: the Next Payload values (RFC 3830 Table 6.1.b, RFC 6043 Table 6.2,
 *     RFC 6509 Table 2) ------------------------------------------------------------- */
#define MIKEY_PT_LAST    0  /**< Last payload (no payload follows) */
#define MIKEY_PT_KEMAC   1  /**< Key data transport (RFC 3830 6.2) */
#define MIKEY_PT_PKE     2  /**< Envelope data (RFC 3830 6.3) */
#define MIKEY_PT_DH      3  /**< DH data (RFC 3830 6.4) */
#define MIKEY_PT_SIGN    4  /**< Signature (RFC 3830 6.5); always the last payload */
#define MIKEY_PT_T       5  /**< Timestamp (RFC 3830 6.6, RFC 6043 6.3) */
#define MIKEY_PT_ID      6  /**< ID (RFC 3830 6.7, RFC 6043 6.5) */
#define MIKEY_PT_CERT    7  /**< Certificate (RFC 3830 6.7) */
#define MIKEY_PT_CHASH   8  /**< Cert hash (RFC 3830 6.8, RFC 6043 6.7) */
#define MIKEY_PT_V       9  /**< Verification message (RFC 3830 6.9) */
#define MIKEY_PT_SP      10 /**< Security Policy (RFC 3830 6.10) */
#define MIKEY_PT_RAND    11 /**< RAND (RFC 3830 6.11) */
#define MIKEY_PT_ERR     12 /**< Error (RFC 3830 6.12, RFC 6043 6.9) */
#define MIKEY_PT_TR      13 /**< Timestamp with role (RFC 6043 6.4) */
#define MIKEY_PT_IDR     14 /**< ID with role (RFC 6043 6.6) */
#define MIKEY_PT_RANDR   15 /**< RAND with role (RFC 6043 6.8) */
#define MIKEY_PT_TP      16 /**< Ticket Policy (RFC 6043 6.10) */
#define MIKEY_PT_TICKET  17 /**< Ticket (RFC 6043 6.10) */
#define MIKEY_PT_KEYDATA 20 /**< Key data sub-payload (RFC 3830 6.13); only inside a KEMAC */
#define MIKEY_PT_GEXT    21 /**< General Extension (RFC 3830 6.15) */
#define MIKEY_PT_SAKKE   26 /**< SAKKE (RFC 6509 4.2) */
/** The Common Header has no Next Payload value of its own; the library uses -1. */
#define MIKEY_PT_HDR     (-1)
/** The Ticket Header (RFC 6043 A.3) has no Next Payload value either; the library uses -2. */
#define MIKEY_PT_THDR    (-2)

/* --- data types: the message types (RFC 3830 Table 6.1.a, RFC 4738 Figure 3 for 7..10,
 *     RFC 6043 Table 6.1, RFC 6509 Table 1) ------------------------------------------ */
#define MIKEY_DT_PSK_INIT         0  /**< Pre-shared key initiator message */
#define MIKEY_DT_PSK_RESP         1  /**< PSK verification message */
#define MIKEY_DT_PK_INIT          2  /**< Public-key transport initiator message */
#define MIKEY_DT_PK_RESP          3  /**< PK verification message */
#define MIKEY_DT_DH_INIT          4  /**< Diffie-Hellman initiator message */
#define MIKEY_DT_DH_RESP          5  /**< Diffie-Hellman responder message */
#define MIKEY_DT_ERROR            6  /**< Error message */
#define MIKEY_DT_DHHMAC_INIT      7  /**< DH-HMAC message 1 (RFC 4650) */
#define MIKEY_DT_DHHMAC_RESP      8  /**< DH-HMAC message 2 (RFC 4650) */
#define MIKEY_DT_RSAR_INIT        9  /**< RSA-R I_MESSAGE (RFC 4738) */
#define MIKEY_DT_RSAR_RESP        10 /**< RSA-R R_MESSAGE (RFC 4738) */
#define MIKEY_DT_REQUEST_INIT_PSK 11 /**< Ticket request, PSK variant (RFC 6043 4.2.1) */
#define MIKEY_DT_REQUEST_INIT_PK  12 /**< Ticket request, PK variant */
#define MIKEY_DT_REQUEST_RESP     13 /**< Ticket request response */
#define MIKEY_DT_TRANSFER_INIT    14 /**< Ticket transfer initial message (RFC 6043 4.2.2) */
#define MIKEY_DT_TRANSFER_RESP    15 /**< Ticket transfer response */
#define MIKEY_DT_RESOLVE_INIT_PSK 16 /**< Ticket resolve, PSK variant (RFC 6043 4.2.3) */
#define MIKEY_DT_RESOLVE_INIT_PK  17 /**< Ticket resolve, PK variant */
#define MIKEY_DT_RESOLVE_RESP     18 /**< Ticket resolve response */
#define MIKEY_DT_SAKKE            26 /**< SAKKE I_MESSAGE (RFC 6509) */

/* --- HDR fields (RFC 3830 6.1, RFC 6043 6.1, RFC 4563 section 5) ----------------------- */
#define MIKEY_PRF_MIKEY_1         0 /**< PRF func MIKEY-1 (RFC 3830 4.1.2) */
#define MIKEY_PRF_HMAC_SHA_256    1 /**< PRF func PRF-HMAC-SHA-256 (RFC 6043 6.1) */
#define MIKEY_MAP_SRTP_ID         0 /**< CS ID map type SRTP-ID (RFC 3830 6.1.1) */
#define MIKEY_MAP_EMPTY           1 /**< CS ID map type Empty map (RFC 4563 section 5) */
#define MIKEY_MAP_GENERIC_ID      2 /**< CS ID map type GENERIC-ID (RFC 6043 6.1.1) */

/* --- Prot type (RFC 3830 Table 6.10; used in SP and GENERIC-ID) ----------------------- */
#define MIKEY_PROT_SRTP           0
/** PSK/MIME crypto session (3GPP TS 33.328 Annex I.4). No value is registered: the profile
 *  uses this Private Use value by default (PROFILE.md section 4); an integrator may use
 *  another one. */
#define MIKEY_PROT_PSKMIME_DEFAULT 241

/* --- KEMAC (RFC 3830 6.2, RFC 6043 6.2) ------------------------------------------------ */
#define MIKEY_ENCR_NULL       0 /**< Encr alg NULL */
#define MIKEY_ENCR_AES_CM_128 1 /**< Encr alg AES-CM-128 */
#define MIKEY_ENCR_AES_KW_128 2 /**< Encr alg AES-KW-128 */
#define MIKEY_ENCR_AES_CM_256 3 /**< Encr alg AES-CM-256 (RFC 6043) */
#define MIKEY_MAC_NULL            0 /**< MAC alg NULL: 0-byte MAC */
#define MIKEY_MAC_HMAC_SHA_1_160  1 /**< MAC alg HMAC-SHA-1-160: 20-byte MAC */
#define MIKEY_MAC_HMAC_SHA_256_256 2 /**< MAC alg HMAC-SHA-256-256: 32-byte MAC (RFC 6043) */

/* --- PKE cache type (RFC 3830 Table 6.3) ---------------------------------------------- */
#define MIKEY_PKE_NO_CACHE  0
#define MIKEY_PKE_CACHE     1
#define MIKEY_PKE_CACHE_CSB 2

/* --- DH group (RFC 3830 Table 6.4): the DH-value length follows from the group --------- */
#define MIKEY_DH_OAKLEY_5 0 /**< 1536 bits: 192-byte DH-value */
#define MIKEY_DH_OAKLEY_1 1 /**< 768 bits: 96-byte DH-value */
#define MIKEY_DH_OAKLEY_2 2 /**< 1024 bits: 128-byte DH-value */

/* --- SIGN S type (RFC 3830 Table 6.5, RFC 6509 Table 6) ------------------------------- */
#define MIKEY_SIGN_RSA_PKCS1_15 0
#define MIKEY_SIGN_RSA_PSS      1
#define MIKEY_SIGN_ECCSI        2

/* --- TS type (RFC 3830 Table 6.6, RFC 6043 Table 6.8) --------------------------------- */
#define MIKEY_TS_NTP_UTC    0 /**< 8-byte NTP timestamp, UTC */
#define MIKEY_TS_NTP        1 /**< 8-byte NTP timestamp */
#define MIKEY_TS_COUNTER    2 /**< 4-byte counter (RFC 3830 Table 6.6: 32 bits) */
#define MIKEY_TS_NTP_UTC_32 3 /**< 4-byte NTP seconds, UTC */

/* --- TS role of the TR payload (RFC 6043 Table 6.9) ----------------------------------- */
#define MIKEY_TR_ISSUE 1 /**< TRi: time of issue */
#define MIKEY_TR_START 2 /**< TRs: start of validity period */
#define MIKEY_TR_END   3 /**< TRe: end of validity period */
#define MIKEY_TR_REKEY 4 /**< TRr: rekeying interval */

/* --- ID type and Cert type (RFC 3830 Tables 6.7.a/b, RFC 6043 Table 6.10) ------------- */
#define MIKEY_ID_NAI   0
#define MIKEY_ID_URI   1
#define MIKEY_ID_BYTES 2 /**< byte string (RFC 6043 6.5) */
#define MIKEY_CERT_X509V3      0
#define MIKEY_CERT_X509V3_URL  1
#define MIKEY_CERT_X509V3_SIGN 2
#define MIKEY_CERT_X509V3_ENCR 3

/* --- ID role of the IDR payload (RFC 6043 Table 6.11, RFC 6509 Table 7) --------------- */
#define MIKEY_ROLE_I    1 /**< IDRi: Initiator */
#define MIKEY_ROLE_R    2 /**< IDRr: Responder */
#define MIKEY_ROLE_KMS  3 /**< IDRkms: KMS */
#define MIKEY_ROLE_PSK  4 /**< IDRpsk: pre-shared key */
#define MIKEY_ROLE_APP  5 /**< IDRapp: application */
#define MIKEY_ROLE_KMSI 6 /**< IDRkmsi: Initiator's KMS (RFC 6509) */
#define MIKEY_ROLE_KMSR 7 /**< IDRkmsr: Responder's KMS (RFC 6509) */

/* --- RAND role of the RANDR payload (RFC 6043 Table 6.13) ----------------------------- */
#define MIKEY_RAND_I   1 /**< RANDRi */
#define MIKEY_RAND_R   2 /**< RANDRr */
#define MIKEY_RAND_KMS 3 /**< RANDRkms */

/* --- CHASH hash func (RFC 3830 Table 6.8, RFC 6043 Table 6.12) ------------------------ */
#define MIKEY_HASH_SHA_1   0 /**< 20-byte hash */
#define MIKEY_HASH_MD5     1 /**< 16-byte hash */
#define MIKEY_HASH_SHA_256 2 /**< 32-byte hash */

/* --- SRTP policy parameters of the SP payload (RFC 3830 6.10.1) ----------------------- */
#define MIKEY_SRTP_ENCR_ALG      0
#define MIKEY_SRTP_ENCR_KEY_LEN  1
#define MIKEY_SRTP_AUTH_ALG      2
#define MIKEY_SRTP_AUTH_KEY_LEN  3
#define MIKEY_SRTP_SALT_KEY_LEN  4
#define MIKEY_SRTP_PRF           5
#define MIKEY_SRTP_KDR           6
#define MIKEY_SRTP_ENCR_ON       7
#define MIKEY_SRTP_SRTCP_ENCR_ON 8
#define MIKEY_SRTP_FEC_ORDER     9
#define MIKEY_SRTP_AUTH_ON       10
#define MIKEY_SRTP_AUTH_TAG_LEN  11
#define MIKEY_SRTP_PREFIX_LEN    12
#define MIKEY_SRTP_ENCR_NULL   0 /**< Table 6.10.1.b */
#define MIKEY_SRTP_ENCR_AES_CM 1
#define MIKEY_SRTP_ENCR_AES_F8 2
#define MIKEY_SRTP_AUTH_NULL      0 /**< Table 6.10.1.c */
#define MIKEY_SRTP_AUTH_HMAC_SHA1 1
#define MIKEY_SRTP_PRF_AES_CM 0   /**< Table 6.10.1.d */
#define MIKEY_SRTP_FEC_SRTP   0   /**< Table 6.10.1.e: first FEC, then SRTP */

/* --- Key data sub-payload (RFC 3830 6.13, RFC 6043 Table 6.7) ------------------------- */
#define MIKEY_KEY_TGK       0
#define MIKEY_KEY_TGK_SALT  1
#define MIKEY_KEY_TEK       2
#define MIKEY_KEY_TEK_SALT  3
#define MIKEY_KEY_GTGK      4 /**< group TGK, never forked */
#define MIKEY_KEY_GTGK_SALT 5
#define MIKEY_KEY_MPK       6 /**< MIKEY Protection Key */
#define MIKEY_KV_NULL     0 /**< no key validity data */
#define MIKEY_KV_SPI      1 /**< SPI/MKI */
#define MIKEY_KV_INTERVAL 2 /**< Valid From / Valid To */

/* --- General Extension type (RFC 3830 Table 6.15, RFC 4563 Table 1) ------------------- */
#define MIKEY_GEXT_VENDOR  0
#define MIKEY_GEXT_SDP_IDS 1
#define MIKEY_GEXT_KEY_ID  3 /**< Key ID information: a list of Key ID sub-payloads */
/** Proof-of-origin extension of PSK/MIME (TS 33.328 Annex I.3): no value is registered; the
 *  profile uses this Private Use value by default (PROFILE.md section 6). */
#define MIKEY_GEXT_POO_DEFAULT 241
#define MIKEY_KEYID_MBMS_DOMAIN  0 /**< Key ID type (RFC 4563 Table 2) */
#define MIKEY_KEYID_MBMS_SERVICE 1
#define MIKEY_KEYID_MBMS_TRAFFIC 2

/* --- Ticket Policy (RFC 6043 6.10, Table 6.15) ----------------------------------------- */
#define MIKEY_TICKET_MIKEY_BASE 1 /**< MIKEY base ticket (Appendix A), subtype 1, version 1 */
#define MIKEY_TICKET_3GPP_BASE  2 /**< 3GPP base ticket (TS 33.328 D.4), subtype 0, version 0 */
/* Ticket Policy flags, as bits of mikey_tp.flags (D is the most significant). */
#define MIKEY_TP_D 0x800u /**< ticket generated by the KMS */
#define MIKEY_TP_E 0x400u /**< Ticket Resolve exchange mandatory */
#define MIKEY_TP_F 0x200u /**< TRANSFER_RESP shall be sent */
#define MIKEY_TP_G 0x100u /**< Responder shall generate RANDRr */
#define MIKEY_TP_H 0x080u /**< RANDRi used when deriving keys from a TGK/GTGK */
#define MIKEY_TP_I 0x040u /**< key forking */
#define MIKEY_TP_J 0x020u /**< ticket may be reused */
#define MIKEY_TP_K 0x010u /**< KMS changed the desired policy */
#define MIKEY_TP_L 0x008u /**< Initiator may supply session keys */
#define MIKEY_TP_M 0x004u /**< Responder may supply session keys */
#define MIKEY_TP_N 0x002u /**< Initiator can process per RFC 6043 */
#define MIKEY_TP_O 0x001u /**< Responder can process per RFC 6043 */
#define MIKEY_TP_FLAGS_ALL 0xfffu

/* --- SAKKE payload (RFC 6509 Tables 4 and 5) ------------------------------------------ */
#define MIKEY_SAKKE_PARAMS_1       1
#define MIKEY_SAKKE_ID_TEL_MONTHLY 1

/* --- bounds (compile-time; changing them changes the ABI) ------------------------------ */
/** Most payloads in one message or one nested list, the HDR not counted. */
#define MIKEY_MAX_PAYLOADS 32
/** Most crypto sessions in the CS ID map of one HDR (#CS). */
#define MIKEY_MAX_CS 16
/** Most key data sub-payloads in one KEMAC. */
#define MIKEY_MAX_KEYS 16

/** A view of bytes owned by someone else: |len| bytes at |data| (|data| may be NULL when
 *  |len| is 0). */
typedef struct mikey_bytes {
  const uint8_t *data;
  size_t len;
} mikey_bytes;

/** One crypto session of the CS ID map (RFC 3830 6.1.1 SRTP-ID, RFC 6043 6.1.1
 *  GENERIC-ID). Which fields apply depends on the map type. */
typedef struct mikey_cs {
  /* GENERIC-ID */
  uint8_t cs_id;            /**< CS ID (SRTP-ID: set to the 1-based index on decode) */
  uint8_t prot_type;        /**< Prot type (MIKEY_PROT_*) */
  uint8_t s;                /**< S flag, 0 or 1 */
  mikey_bytes policies;     /**< Ps: #P Policy_no bytes (#P = policies.len, at most 127) */
  mikey_bytes session_data; /**< Session Data (at most 65535 bytes) */
  mikey_bytes spi;          /**< SPI (at most 255 bytes) */
  /* SRTP-ID */
  uint8_t policy_no; /**< Policy_no_i */
  uint32_t ssrc;     /**< SSRC_i */
  uint32_t roc;      /**< ROC_i */
} mikey_cs;

/** Common Header payload (RFC 3830 6.1, RFC 6043 6.1). Always the first payload. */
typedef struct mikey_hdr {
  uint8_t version;   /**< must be MIKEY_HDR_VERSION */
  uint8_t data_type; /**< MIKEY_DT_* */
  uint8_t v;         /**< V flag, 0 or 1 */
  uint8_t prf;       /**< PRF func (7 bits, MIKEY_PRF_*) */
  uint32_t csb_id;   /**< CSB ID */
  uint8_t n_cs;      /**< #CS: entries used in cs[] (Empty map: must be 0) */
  uint8_t map_type;  /**< CS ID map type (MIKEY_MAP_*) */
  mikey_cs cs[MIKEY_MAX_CS]; /**< the CS ID map info, one entry per crypto session */
  size_t len;        /**< layout: length of the encoded HDR in bytes */
} mikey_hdr;

/** Key validity data (RFC 3830 6.14), part of a key data sub-payload or a DH payload. */
typedef struct mikey_kv {
  uint8_t type;     /**< MIKEY_KV_* */
  mikey_bytes spi;  /**< KV SPI: the SPI/MKI (at most 255 bytes) */
  mikey_bytes from; /**< KV interval: Valid From (at most 255 bytes) */
  mikey_bytes to;   /**< KV interval: Valid To (at most 255 bytes) */
} mikey_kv;

/** KEMAC: key data transport (RFC 3830 6.2, RFC 6043 6.2). encr_data holds the (usually
 *  encrypted) key data sub-payloads: see mikey_keydata_decode() in codec.h. */
typedef struct mikey_kemac {
  uint8_t encr_alg;       /**< MIKEY_ENCR_* */
  mikey_bytes encr_data;  /**< Encr data (at most 65535 bytes) */
  uint8_t mac_alg;        /**< MIKEY_MAC_*; decides the MAC length */
  mikey_bytes mac;        /**< MAC (length implied by mac_alg) */
  size_t encr_data_offset; /**< layout: offset of Encr data */
  size_t mac_offset;       /**< layout: offset of the MAC field */
} mikey_kemac;

/** PKE: envelope data (RFC 3830 6.3). */
typedef struct mikey_pke {
  uint8_t c;        /**< cache type (2 bits, MIKEY_PKE_*) */
  mikey_bytes data; /**< encrypted envelope key (at most 16383 bytes) */
} mikey_pke;

/** DH: DH data (RFC 3830 6.4). */
typedef struct mikey_dh {
  uint8_t group;     /**< MIKEY_DH_*; decides the DH-value length */
  mikey_bytes value; /**< DH-value (length implied by group) */
  mikey_kv kv;       /**< key validity (the 4 reserved bits before KV must be 0) */
} mikey_dh;

/** SIGN: signature (RFC 3830 6.5). Has no Next Payload field: always the last payload. */
typedef struct mikey_sign {
  uint8_t s_type;       /**< S type (4 bits, MIKEY_SIGN_*) */
  mikey_bytes sig;      /**< Signature (at most 4095 bytes) */
  size_t sig_offset;    /**< layout: offset of the Signature field */
} mikey_sign;

/** T: timestamp (RFC 3830 6.6, RFC 6043 6.3); also the TS part of TR. */
typedef struct mikey_ts {
  uint8_t role;    /**< TR only: TS role (MIKEY_TR_*); 0 in a T payload */
  uint8_t ts_type; /**< MIKEY_TS_*; decides the value length (8, 8, 4, 4) */
  uint64_t value;  /**< TS value, right-aligned (4-byte types use the low 32 bits) */
} mikey_ts;

/** ID, CERT (RFC 3830 6.7) and IDR (RFC 6043 6.6, role set). */
typedef struct mikey_id {
  uint8_t role;     /**< IDR only: ID role (MIKEY_ROLE_*); 0 in ID and CERT */
  uint8_t type;     /**< ID type (MIKEY_ID_*) or Cert type (MIKEY_CERT_*) */
  mikey_bytes data; /**< ID or certificate data (at most 65535 bytes) */
} mikey_id;

/** CHASH: certificate hash (RFC 3830 6.8, RFC 6043 6.7). */
typedef struct mikey_chash {
  uint8_t func;     /**< MIKEY_HASH_*; decides the hash length */
  mikey_bytes hash; /**< hash (length implied by func) */
} mikey_chash;

/** V: verification message (RFC 3830 6.9). */
typedef struct mikey_v {
  uint8_t alg;       /**< Auth alg (MIKEY_MAC_*); decides the MAC length */
  mikey_bytes mac;   /**< Ver data, the MAC (length implied by alg) */
  size_t mac_offset; /**< layout: offset of the MAC field */
} mikey_v;

/** One Type/Length/Value policy parameter of an SP payload (RFC 3830 6.10), or one Key ID
 *  sub-payload of a Key ID General Extension (RFC 4563 section 4): the same shape. */
typedef struct mikey_tlv {
  uint8_t type;      /**< parameter type (MIKEY_SRTP_*) or Key ID type (MIKEY_KEYID_*) */
  mikey_bytes value; /**< value (at most 255 bytes) */
} mikey_tlv;

/** SP: security policy (RFC 3830 6.10). params holds the encoded TLV list; decode checks
 *  that it is a whole number of TLVs (n_params of them); iterate with mikey_tlv_next(). */
typedef struct mikey_sp {
  uint8_t policy_no;  /**< Policy no */
  uint8_t prot_type;  /**< Prot type (MIKEY_PROT_*) */
  mikey_bytes params; /**< Policy param: encoded TLVs (at most 65535 bytes) */
  size_t n_params;    /**< layout: number of TLVs in params */
} mikey_sp;

/** RAND (RFC 3830 6.11) and RANDR (RFC 6043 6.8, role set). */
typedef struct mikey_rand {
  uint8_t role;     /**< RANDR only: RAND role (MIKEY_RAND_*); 0 in RAND */
  mikey_bytes rand; /**< the random bytes (at most 255) */
} mikey_rand;

/** ERR: error (RFC 3830 6.12, RFC 6043 6.9). The 16 reserved bits must be 0. */
typedef struct mikey_err_payload {
  uint8_t error_no; /**< MIKEY_ERRNO_* (common.h) */
} mikey_err_payload;

/** General Extension (RFC 3830 6.15). For type MIKEY_GEXT_KEY_ID decode checks that data
 *  is a whole number of Key ID sub-payloads (RFC 4563 section 4); iterate with
 *  mikey_tlv_next(). */
typedef struct mikey_gext {
  uint8_t type;     /**< MIKEY_GEXT_* */
  mikey_bytes data; /**< Data (at most 65535 bytes) */
} mikey_gext;

/** TP: Ticket Policy (RFC 6043 6.10); also the first part of a TICKET. */
typedef struct mikey_tp {
  uint16_t ticket_type; /**< MIKEY_TICKET_* */
  uint8_t subtype;
  uint8_t version;
  uint8_t prf;          /**< PRF Func for key forking (7 bits, MIKEY_PRF_*) */
  uint16_t flags;       /**< D..O as MIKEY_TP_* bits; the 5 reserved bits must be 0 */
  mikey_bytes tp_data;  /**< TP Data: First Payload byte and a payload chain; decode with
                             mikey_tp_data_decode() (at most 65535 bytes) */
  size_t tp_data_offset; /**< layout: offset of TP Data */
} mikey_tp;

/** TICKET (RFC 6043 6.10). The layout offsets name exactly the fields that MACs exclude
 *  (RFC 6043 5.5 and Appendix A.1): the Next Payload byte is at the payload's offset. */
typedef struct mikey_ticket {
  mikey_tp tp;                 /**< the granted Ticket Policy */
  mikey_bytes ticket_data;     /**< Ticket Data; for ticket types 1 and 2 decode with
                                    mikey_ticket_data_decode() */
  mikey_bytes initiator_data;  /**< Initiator Data (empty when absent); decode with
                                    mikey_initiator_data_decode() */
  size_t ticket_data_len_offset; /**< layout: offset of the Ticket Data length field */
  size_t ticket_data_offset;     /**< layout: offset of Ticket Data */
  size_t idata_len_offset;       /**< layout: offset of the Initiator Data length field */
  size_t idata_offset;           /**< layout: offset of Initiator Data */
} mikey_ticket;

/** THDR: ticket header (RFC 6043 A.3), first payload of a MIKEY base ticket's Ticket Data. */
typedef struct mikey_thdr {
  mikey_bytes data; /**< THDR Data (at most 65535 bytes) */
} mikey_thdr;

/** SAKKE payload (RFC 6509 4.2). */
typedef struct mikey_sakke {
  uint8_t params;    /**< SAKKE params (MIKEY_SAKKE_PARAMS_*) */
  uint8_t id_scheme; /**< ID scheme (MIKEY_SAKKE_ID_*) */
  mikey_bytes data;  /**< SAKKE data (at most 65535 bytes) */
} mikey_sakke;

/** One payload of a chain: its type, where it is, and its fields. Fields marked "layout"
 *  are outputs: decode and encode set them, encode ignores what they held. */
typedef struct mikey_payload {
  int type;      /**< MIKEY_PT_*: selects the union member */
  size_t offset; /**< layout: offset of its first byte (its Next Payload field) */
  size_t len;    /**< layout: its length in bytes */
  union {
    mikey_kemac kemac;     /**< MIKEY_PT_KEMAC */
    mikey_pke pke;         /**< MIKEY_PT_PKE */
    mikey_dh dh;           /**< MIKEY_PT_DH */
    mikey_sign sign;       /**< MIKEY_PT_SIGN */
    mikey_ts t;            /**< MIKEY_PT_T and MIKEY_PT_TR */
    mikey_id id;           /**< MIKEY_PT_ID, MIKEY_PT_CERT and MIKEY_PT_IDR */
    mikey_chash chash;     /**< MIKEY_PT_CHASH */
    mikey_v v;             /**< MIKEY_PT_V */
    mikey_sp sp;           /**< MIKEY_PT_SP */
    mikey_rand rand;       /**< MIKEY_PT_RAND and MIKEY_PT_RANDR */
    mikey_err_payload err; /**< MIKEY_PT_ERR */
    mikey_gext gext;       /**< MIKEY_PT_GEXT */
    mikey_tp tp;           /**< MIKEY_PT_TP */
    mikey_ticket ticket;   /**< MIKEY_PT_TICKET */
    mikey_thdr thdr;       /**< MIKEY_PT_THDR */
    mikey_sakke sakke;     /**< MIKEY_PT_SAKKE */
  } u;
} mikey_payload;

/** One key data sub-payload (RFC 3830 6.13, RFC 6043 6.2.1). Salt is present exactly for
 *  the +SALT key types. */
typedef struct mikey_keydata {
  uint8_t type;     /**< MIKEY_KEY_* */
  mikey_kv kv;      /**< key validity */
  mikey_bytes key;  /**< Key data (at most 65535 bytes) */
  mikey_bytes salt; /**< Salt data, +SALT types only (at most 65535 bytes) */
  size_t offset;    /**< layout: offset of its first byte */
  size_t len;       /**< layout: its length in bytes */
  size_t key_offset; /**< layout: offset of the Key data field */
} mikey_keydata;

/**
 * mikey_payload_name returns the short name of payload type |type| ("KEMAC", "HDR", "THDR",
 * ...) or "?" when unknown. Never NULL.
 */
MIKEY_EXTERN const char *mikey_payload_name(int type);

/**
 * mikey_data_type_name returns the name of message data type |data_type|
 * ("TRANSFER_INIT", ...) or "?" when unknown. Never NULL.
 */
MIKEY_EXTERN const char *mikey_data_type_name(int data_type);

/**
 * mikey_mac_len returns the MAC length in bytes that MAC alg |alg| implies (0, 20, 32), or
 * -1 when |alg| is unknown.
 */
MIKEY_EXTERN int mikey_mac_len(int alg);

/**
 * mikey_ts_len returns the TS value length in bytes that TS type |ts_type| implies
 * (8, 8, 4, 4), or -1 when |ts_type| is unknown.
 */
MIKEY_EXTERN int mikey_ts_len(int ts_type);

/**
 * mikey_tlv_next reads the next TLV from |*list| (an SP Policy param list or a Key ID
 * Information field that decode has accepted) into |*out| and advances |*list| past it.
 * Returns 1 when a TLV was read, 0 at the end of the list, MIKEY_E_BAD_LENGTH when the list is
 * malformed (only possible for bytes decode did not check).
 */
MIKEY_EXTERN int mikey_tlv_next(mikey_bytes *list, mikey_tlv *out);

/**
 * mikey_tlv_encode writes the |n| TLVs at |tlv| as an encoded list (for mikey_sp.params or
 * a Key ID mikey_gext.data) into |out| (|cap| bytes; NULL and 0 to ask the size).
 * |*outlen| receives the size written or needed.
 * Returns 0, MIKEY_E_BUFFER_TOO_SMALL (|*outlen| is the size needed), MIKEY_E_INVAL (NULL
 * argument), MIKEY_E_BAD_LENGTH (a value longer than 255 bytes).
 */
MIKEY_EXTERN int mikey_tlv_encode(const mikey_tlv *tlv, size_t n, uint8_t *out, size_t cap,
                                  size_t *outlen) MIKEY_WUR;

/**
 * mikey_hdr_decode decodes a Common Header from the |len| bytes at |buf| into |*hdr|.
 * |*next| receives its Next Payload value and |*consumed| the HDR length; with |consumed|
 * NULL the HDR must fill |len| exactly. Offsets count from |buf|.
 * Returns 0 or: MIKEY_E_INVAL (NULL argument), MIKEY_E_TRUNCATED, MIKEY_E_TRAILING,
 * MIKEY_E_BAD_VERSION (version not 1), MIKEY_E_BAD_DATA_TYPE (unknown data type),
 * MIKEY_E_BAD_VALUE (unknown CS ID map type), MIKEY_E_BAD_COUNT (#CS not 0 with the Empty
 * map), MIKEY_E_TOO_MANY (#CS over MIKEY_MAX_CS).
 */
MIKEY_EXTERN int mikey_hdr_decode(mikey_hdr *hdr, const uint8_t *buf, size_t len,
                                  uint8_t *next, size_t *consumed) MIKEY_WUR;

/**
 * mikey_hdr_encode writes |*hdr| with Next Payload |next| into |out| (|cap| bytes; NULL and
 * 0 to ask the size); |*outlen| receives the size written or needed; sets hdr->len.
 * Returns 0, MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_INVAL (NULL argument), MIKEY_E_BAD_VALUE
 * (version not 1, unknown data type or map type, PRF or V out of range, S over 1),
 * MIKEY_E_BAD_COUNT (#CS not 0 with the Empty map), MIKEY_E_TOO_MANY (#CS over
 * MIKEY_MAX_CS or #P over 127), MIKEY_E_BAD_LENGTH (Session Data or SPI too long).
 */
MIKEY_EXTERN int mikey_hdr_encode(mikey_hdr *hdr, uint8_t next, uint8_t *out, size_t cap,
                                  size_t *outlen) MIKEY_WUR;

/**
 * mikey_payload_decode decodes one payload of type |type| (a MIKEY_PT_* of a chain payload,
 * or MIKEY_PT_THDR) from the |len| bytes at |buf| into |*p|. |*next| receives its Next
 * Payload value (MIKEY_PT_LAST for SIGN, which has none) and |*consumed| its length; with
 * |consumed| NULL the payload must fill |len| exactly. Offsets count from |buf|.
 * Returns 0 or: MIKEY_E_INVAL (NULL argument), MIKEY_E_UNKNOWN_PAYLOAD (unknown type),
 * MIKEY_E_UNEXPECTED_PAYLOAD (MIKEY_PT_HDR or MIKEY_PT_KEYDATA: use their own calls),
 * MIKEY_E_TRUNCATED, MIKEY_E_TRAILING, MIKEY_E_BAD_VALUE (a value that decides a length is
 * unknown: MAC alg, TS type, hash func, DH group, KV type), MIKEY_E_RESERVED (reserved bits
 * set), MIKEY_E_BAD_LENGTH (a TLV overruns its SP or Key ID list).
 */
MIKEY_EXTERN int mikey_payload_decode(mikey_payload *p, int type, const uint8_t *buf,
                                      size_t len, uint8_t *next, size_t *consumed) MIKEY_WUR;

/**
 * mikey_payload_encode writes payload |*p| with Next Payload |next| into |out| (|cap| bytes;
 * NULL and 0 to ask the size); |*outlen| receives the size written or needed. Sets the
 * layout fields of |*p| (offsets count from |out|).
 * Returns 0, MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_INVAL (NULL argument, or SIGN with a non-zero
 * |next|), MIKEY_E_UNKNOWN_PAYLOAD, MIKEY_E_UNEXPECTED_PAYLOAD (HDR or key data),
 * MIKEY_E_BAD_VALUE (a field out of its range or an unknown value that decides a length),
 * MIKEY_E_BAD_LENGTH (a view too long for its length field, or a MAC/hash/DH-value whose
 * length differs from what its algorithm implies, or a malformed TLV list).
 */
MIKEY_EXTERN int mikey_payload_encode(mikey_payload *p, uint8_t next, uint8_t *out, size_t cap,
                                      size_t *outlen) MIKEY_WUR;

#ifdef __cplusplus
}
#endif

#endif /* MIKEY_PAYLOAD_H */
