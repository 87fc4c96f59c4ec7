/*
 * mt_keys.h: mikeytool's KEYS.json, the long-term keys and identities of a flow.
 *
 * {"profile": "psk-mime",
 *  "initiator": {"identity": "sip:alice@example.org", "psk_id": "psk-alice-1", "psk": "<hex>"},
 *  "responder": {"identity": "sip:bob@example.org",   "psk_id": "psk-bob-1",   "psk": "<hex>"},
 *  "kms":       {"identity": "sip:kms.example.org", "kms_id": "<12 hex digits>",
 *                "tpk_id": "tpk-kms-1", "tpk": "<hex>"},
 *  "prot_type": 241, "ext_type": 241}
 *
 * Identities and key ids are text, or "hex:..." for binary values; keys are hex (16 or 32
 * bytes). Unknown members are ignored. The tool's own code: not part of the library.
 */
#ifndef MT_KEYS_H
#define MT_KEYS_H

#include <stddef.h>
#include <stdint.h>

/* A binary value read from the file (identity, key id or key). */
typedef struct mt_blob {
  uint8_t *data;
  size_t len;
} mt_blob;

typedef struct mt_party {
  mt_blob identity; /* goes into IDR as a URI (ID Type 1) */
  mt_blob psk_id;   /* goes into IDRpsk as a byte string (ID Type 2) */
  mt_blob psk;      /* 16 or 32 bytes, shared with the KMS */
} mt_party;

typedef struct mt_kms {
  mt_blob identity;
  uint8_t kms_id[6]; /* the 48-bit THDR identifier (TS 33.328 D.4) */
  mt_blob tpk_id;
  mt_blob tpk; /* 16 or 32 bytes, known to the KMS only */
} mt_kms;

typedef struct mt_keys {
  mt_party initiator;
  mt_party responder;
  mt_kms kms;
  int prot_type; /* PSK/MIME Prot type, default 241 (PROFILE.md section 4) */
  int ext_type;  /* proof-of-origin General Extension type, default 241 (section 6) */
} mt_keys;

/*
 * mt_keys_parse reads KEYS.json text |json| of |len| bytes into |k|. On failure it returns -1
 * and writes a one-line reason naming the member ("initiator.psk: not a hex string") into
 * |err| (|errlen| bytes); |k| then holds nothing to free. On success call mt_keys_free.
 */
int mt_keys_parse(const char *json, size_t len, mt_keys *k, char *err, size_t errlen);

/* What mt_keys_load returns when the file cannot be read (not: when it is malformed). */
#define MT_KEYS_UNREADABLE (-2)

/* mt_keys_load is mt_keys_parse on the contents of the file |path|: 0, -1 (malformed) or
 * MT_KEYS_UNREADABLE (missing, unreadable, or out of memory), with the reason in |err|. */
int mt_keys_load(const char *path, mt_keys *k, char *err, size_t errlen);

/* mt_keys_load_cmd is mt_keys_load for a command (mt_keys_cmd.c, in the tool only): the reason
 * goes to stderr as one error line, and the result is 0 or the command's exit status
 * (MT_EXIT_NOINPUT when the file cannot be read, MT_EXIT_REFUSED when it is malformed). */
int mt_keys_load_cmd(const char *path, mt_keys *k);

/* mt_keys_free wipes the keys and frees everything |k| holds. */
void mt_keys_free(mt_keys *k);

#endif /* MT_KEYS_H */
