/*
 * pskmime_example.h: what the two PSK/MIME example programs share: who is who, the
 * long-term keys, and a tiny in-process KMS that stands in for the network.
 *
 * In a real deployment each UE holds only its own PSK (shared with the KMS) and talks to the
 * KMS over the network: where these programs call example_kms() and mikey_kms_process(),
 * a UE sends the REQUEST_INIT_PSK or RESOLVE_INIT_PSK to its KMS (HTTP, SIP, ... as the
 * deployment defines) and gets the answer back. The KMS itself runs mikey_kms_new() and
 * mikey_kms_process() with a real key store behind its callbacks (doc/engines.md).
 *
 * THE KEYS BELOW ARE PUBLIC EXAMPLE VALUES. Never use them for anything real.
 */
#ifndef PSKMIME_EXAMPLE_H
#define PSKMIME_EXAMPLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#define EXAMPLE_ID(s) {MIKEY_ID_URI, (const uint8_t *)(s), sizeof(s) - 1}
#define EXAMPLE_NAME(s) {MIKEY_ID_BYTES, (const uint8_t *)(s), sizeof(s) - 1}

static const mikey_identity ALICE = EXAMPLE_ID("sip:alice@example.org");
static const mikey_identity BOB = EXAMPLE_ID("sip:bob@example.org");
static const mikey_identity KMS = EXAMPLE_ID("sip:kms.example.org");
static const mikey_identity ALICE_PSK_ID = EXAMPLE_NAME("psk-alice-1");
static const mikey_identity BOB_PSK_ID = EXAMPLE_NAME("psk-bob-1");
static const mikey_identity TPK_ID = EXAMPLE_NAME("tpk-kms-1");

/* 128-bit example keys: alice <-> KMS, bob <-> KMS, and the KMS's own ticket key */
static const uint8_t ALICE_PSK[16] = {0xa1, 0x1c, 0xe0, 0x00, 0x01, 0x02, 0x03, 0x04,
                                      0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c};
static const uint8_t BOB_PSK[16] = {0xb0, 0xb0, 0x00, 0x00, 0x11, 0x12, 0x13, 0x14,
                                    0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c};
static const uint8_t KMS_TPK[16] = {0x7b, 0x4b, 0x00, 0x00, 0x21, 0x22, 0x23, 0x24,
                                    0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c};

static inline int same_identity(const mikey_identity *a, const mikey_identity *b) {
  return a->type == b->type && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* The KMS's key store: a PSK only for the identity it belongs to (roles.h, psk_lookup). */
static inline int example_psk_lookup(void *user_data, const mikey_kms_psk_query *q, uint8_t *key,
                              size_t cap, size_t *key_len) {
  (void)user_data;
  static const struct {
    const mikey_identity *who, *name;
    const uint8_t *psk;
  } table[] = {{&ALICE, &ALICE_PSK_ID, ALICE_PSK}, {&BOB, &BOB_PSK_ID, BOB_PSK}};
  for (size_t i = 0; i < 2; i++) {
    if ((q->peer && !same_identity(q->peer, table[i].who)) ||
        (q->psk_id && !same_identity(q->psk_id, table[i].name)) || (!q->peer && !q->psk_id)) {
      continue;
    }
    if (cap < 16) {
      return -1;
    }
    memcpy(key, table[i].psk, 16);
    *key_len = 16;
    return MIKEY_CB_OK;
  }
  return MIKEY_CB_NO;
}

/* example_kms makes the stand-in KMS (system clock and randomness, both presets served). */
static inline int example_kms(mikey_kms **kms) {
  mikey_kms_config cfg;
  int rc = mikey_kms_config_default(&cfg);
  if (rc) {
    return rc;
  }
  cfg.self = KMS;
  memcpy(cfg.kms_id, "\x4b\x4d\x53\x00\x00\x01", 6);
  cfg.tpk_id = TPK_ID;
  cfg.tpk = KMS_TPK;
  cfg.tpk_len = sizeof(KMS_TPK);
  cfg.callbacks.psk_lookup = example_psk_lookup;
  return mikey_kms_new(kms, &cfg);
}

/* read_file reads a whole file into a malloc'd buffer. Returns NULL on failure. */
static inline uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return NULL;
  }
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) {
      break;
    }
    uint8_t *bigger = realloc(buf, cap *= 2);
    if (!bigger) {
      free(buf);
    }
    buf = bigger;
  }
  if (!buf || ferror(f)) {
    fprintf(stderr, "%s: read error\n", path);
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = n;
  return buf;
}

/* write_file writes |len| bytes to |path|. Returns 0 or -1. */
static inline int write_file(const char *path, const void *p, size_t len) {
  FILE *f = fopen(path, "wb");
  int ok = f && fwrite(p, 1, len, f) == len;
  if (f && fclose(f) != 0) {
    ok = 0;
  }
  if (!ok) {
    perror(path);
    return -1;
  }
  return 0;
}

#endif /* PSKMIME_EXAMPLE_H */
