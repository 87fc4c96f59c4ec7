/*
 * mikey_names.c: names of payload types, data types and the values of every registry the
 * codec knows, for dumps.
 */
#include "codec/mikey_codec_local.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* name_at returns |tab|[|v|] when it exists and is named, NULL otherwise. */
static const char *name_at(const char *const *tab, size_t n, unsigned v) {
  return v < n ? tab[v] : NULL;
}

const char *mikey_payload_name(int type) {
  static const char *const names[] = {
      "LAST", "KEMAC", "PKE",   "DH",  "SIGN",  "T",  "ID",    "CERT",  "CHASH",
      "V",    "SP",    "RAND",  "ERR", "TR",    "IDR", "RANDR", "TP",   "TICKET",
      NULL,   NULL,    "KEYDATA", "GEXT", NULL, NULL, NULL,     NULL,   "SAKKE"};
  const char *s = NULL;
  if (type == MIKEY_PT_HDR) {
    s = "HDR";
  } else if (type == MIKEY_PT_THDR) {
    s = "THDR";
  } else if (type >= 0) {
    s = name_at(names, N_OF(names), (unsigned)type);
  }
  return s ? s : "?";
}

const char *mikey_data_type_name(int data_type) {
  static const char *const names[] = {
      "PSK_INIT",         "PSK_RESP",        "PK_INIT",          "PK_RESP",
      "DH_INIT",          "DH_RESP",         "ERROR",            "DHHMAC_INIT",
      "DHHMAC_RESP",      "RSAR_INIT",       "RSAR_RESP",        "REQUEST_INIT_PSK",
      "REQUEST_INIT_PK",  "REQUEST_RESP",    "TRANSFER_INIT",    "TRANSFER_RESP",
      "RESOLVE_INIT_PSK", "RESOLVE_INIT_PK", "RESOLVE_RESP"};
  const char *s = NULL;
  if (data_type == MIKEY_DT_SAKKE) {
    s = "SAKKE";
  } else if (data_type >= 0) {
    s = name_at(names, N_OF(names), (unsigned)data_type);
  }
  return s ? s : "?";
}

static const char *const prf_names[] = {"MIKEY-1", "PRF-HMAC-SHA-256"};
static const char *const map_names[] = {"SRTP-ID", "Empty map", "GENERIC-ID"};
static const char *const encr_names[] = {"NULL", "AES-CM-128", "AES-KW-128", "AES-CM-256"};
static const char *const mac_names[] = {"NULL", "HMAC-SHA-1-160", "HMAC-SHA-256-256"};
static const char *const pke_names[] = {"No cache", "Cache", "Cache for CSB"};
static const char *const dh_names[] = {"OAKLEY 5", "OAKLEY 1", "OAKLEY 2"};
static const char *const sign_names[] = {"RSA/PKCS#1/1.5", "RSA/PSS", "ECCSI"};
static const char *const ts_names[] = {"NTP-UTC", "NTP", "COUNTER", "NTP-UTC-32"};
static const char *const ts_role_names[] = {NULL, "TRi", "TRs", "TRe", "TRr"};
static const char *const id_names[] = {"NAI", "URI", "Byte string"};
static const char *const cert_names[] = {"X.509v3", "X.509v3 URL", "X.509v3 Sign",
                                         "X.509v3 Encr"};
static const char *const id_role_names[] = {NULL,     "IDRi",   "IDRr",    "IDRkms",
                                            "IDRpsk", "IDRapp", "IDRkmsi", "IDRkmsr"};
static const char *const rand_role_names[] = {NULL, "RANDRi", "RANDRr", "RANDRkms"};
static const char *const hash_names[] = {"SHA-1", "MD5", "SHA-256"};
static const char *const srtp_names[] = {
    "Encryption algorithm",     "Session Encr. key length", "Authentication algorithm",
    "Session Auth. key length", "Session Salt key length",  "SRTP Pseudo Random Function",
    "Key derivation rate",      "SRTP encryption off/on",   "SRTCP encryption off/on",
    "sender's FEC order",       "SRTP authentication off/on", "Authentication tag length",
    "SRTP prefix length"};
static const char *const key_names[] = {"TGK",  "TGK+SALT",  "TEK", "TEK+SALT",
                                        "GTGK", "GTGK+SALT", "MPK"};
static const char *const kv_names[] = {"Null", "SPI", "Interval"};
static const char *const gext_names[] = {"Vendor ID", "SDP IDs", NULL, "Key ID"};
static const char *const keyid_names[] = {"MBMS Key Domain ID", "MBMS Service Key ID",
                                          "MBMS Traffic Key ID"};
static const char *const ticket_names[] = {NULL, "MIKEY Base Ticket", "3GPP Base Ticket"};
static const char *const errno_names[] = {
    "Auth failure", "Invalid TS",   "Invalid PRF",   "Invalid MAC",       "Invalid EA",
    "Invalid HA",   "Invalid DH",   "Invalid ID",    "Invalid Cert",      "Invalid SP",
    "Invalid SPpar", "Invalid DT", "Unspecified error", NULL,             "Invalid TICKET",
    "Invalid TPpar"};
static const char *const sakke_params_names[] = {NULL, "Parameter Set 1"};
static const char *const sakke_id_names[] = {NULL, "tel URI with monthly keys"};

#define REG(tab) name_at(tab, N_OF(tab), v)

const char *mikey_reg_name(mikey_reg reg, unsigned v) {
  switch (reg) {
  case MIKEY_REG_PRF:
    return REG(prf_names);
  case MIKEY_REG_MAP:
    return REG(map_names);
  case MIKEY_REG_PROT:
    if (v == MIKEY_PROT_SRTP) {
      return "SRTP";
    }
    return v == MIKEY_PROT_PSKMIME_DEFAULT ? "PSK/MIME (default private use value)" : NULL;
  case MIKEY_REG_ENCR:
    return REG(encr_names);
  case MIKEY_REG_MAC:
    return REG(mac_names);
  case MIKEY_REG_PKE_CACHE:
    return REG(pke_names);
  case MIKEY_REG_DH_GROUP:
    return REG(dh_names);
  case MIKEY_REG_SIGN:
    return REG(sign_names);
  case MIKEY_REG_TS:
    return REG(ts_names);
  case MIKEY_REG_TS_ROLE:
    return REG(ts_role_names);
  case MIKEY_REG_ID_TYPE:
    return REG(id_names);
  case MIKEY_REG_CERT_TYPE:
    return REG(cert_names);
  case MIKEY_REG_ID_ROLE:
    return REG(id_role_names);
  case MIKEY_REG_RAND_ROLE:
    return REG(rand_role_names);
  case MIKEY_REG_HASH:
    return REG(hash_names);
  case MIKEY_REG_SRTP_PARAM:
    return REG(srtp_names);
  case MIKEY_REG_KEY_TYPE:
    return REG(key_names);
  case MIKEY_REG_KV:
    return REG(kv_names);
  case MIKEY_REG_GEXT:
    if (v == MIKEY_GEXT_POO_DEFAULT) {
      return "PSK/MIME proof-of-origin (default private use value)";
    }
    return REG(gext_names);
  case MIKEY_REG_KEYID:
    return REG(keyid_names);
  case MIKEY_REG_TICKET:
    return REG(ticket_names);
  case MIKEY_REG_ERRNO:
    return REG(errno_names);
  case MIKEY_REG_SAKKE_PARAMS:
    return REG(sakke_params_names);
  case MIKEY_REG_SAKKE_ID:
    return REG(sakke_id_names);
  default:
    return NULL;
  }
}
