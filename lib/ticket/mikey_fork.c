/*
 * mikey_fork.c: key forking (RFC 6043 5.1.1), for the KMS (RESOLVE_RESP) and the Initiator
 * (after TRANSFER_RESP): "the MPKr and TGKs (encoded in the ticket) SHALL be forked. The TEKs
 * and GTGKs (Group TGKs), however, SHALL NOT be forked", with the PRF of the Ticket Policy and
 * the modifier (ID Data of IDRr, RANDRkms). Thin wrappers over mikey_kdf_fork.
 */
#include <string.h>

#include "ticket/mikey_ticket_local.h"

#include "crypto/mikey_kdf.h"

int mikey_fork_applies(uint8_t key_type) {
  return key_type == MIKEY_KEY_TGK || key_type == MIKEY_KEY_TGK_SALT;
}

/* fork_args checks the modifier: ID Data with a 16-bit length, RANDRkms with an 8-bit length
 * (5.1.1), and D5: "RANDRkms MUST at least be as long as the longest MPKr/TGK". */
static int fork_args(const uint8_t *id, size_t id_len, const uint8_t *randrkms,
                     size_t randrkms_len, size_t longest) {
  if ((!id && id_len) || (!randrkms && randrkms_len) || id_len > 0xffff || randrkms_len > 0xff) {
    return MIKEY_E_INVAL;
  }
  return mikey_suite_check_rand(randrkms_len, longest) ? MIKEY_E_RAND_SHORT : 0;
}

/* fork_one derives the forked key of the |len|-byte |key| into |out| (may equal |key|). */
static int fork_one(mikey_ticket_ctx *ctx, uint8_t prf, uint32_t constant, const uint8_t *key,
                    size_t len, const uint8_t *id, size_t id_len, const uint8_t *randrkms,
                    size_t randrkms_len, uint8_t *out) {
  uint8_t tmp[MIKEY_PRF_MAX_INKEY];
  if (len == 0 || len > sizeof(tmp)) {
    return MIKEY_E_KEY_LENGTH;
  }
  int rc = mikey_prf_setkey(&ctx->prf, prf, key, len);
  if (rc == 0) {
    /* "outkey_len ... SHALL be equal to inkey_len" */
    rc = mikey_kdf_fork(&ctx->prf, constant, id, id_len, randrkms, randrkms_len, tmp, len);
  }
  if (rc == 0) {
    memcpy(out, tmp, len);
  }
  mikey_memzero(tmp, sizeof(tmp));
  return rc;
}

/* fork_raw is mikey_fork_mpkr / mikey_fork_tgk. */
static int fork_raw(mikey_ticket_ctx *ctx, uint8_t tp_prf, uint32_t constant,
                    const uint8_t *key, size_t key_len, const uint8_t *id, size_t id_len,
                    const uint8_t *randrkms, size_t randrkms_len, uint8_t *out) {
  if (!ctx || !key || !out) {
    return MIKEY_E_INVAL;
  }
  int rc = fork_args(id, id_len, randrkms, randrkms_len, key_len);
  if (rc == 0) {
    rc = fork_one(ctx, tp_prf, constant, key, key_len, id, id_len, randrkms, randrkms_len, out);
  }
  if (rc && out != key) {
    mikey_memzero(out, key_len);
  }
  return rc;
}

int mikey_fork_mpkr(mikey_ticket_ctx *ctx, uint8_t tp_prf, const uint8_t *key, size_t key_len,
                    const uint8_t *id, size_t id_len, const uint8_t *randrkms,
                    size_t randrkms_len, uint8_t *out) {
  return fork_raw(ctx, tp_prf, MIKEY_KDF_FORK_MPKR, key, key_len, id, id_len, randrkms,
                  randrkms_len, out);
}

int mikey_fork_tgk(mikey_ticket_ctx *ctx, uint8_t tp_prf, const uint8_t *key, size_t key_len,
                   const uint8_t *id, size_t id_len, const uint8_t *randrkms,
                   size_t randrkms_len, uint8_t *out) {
  return fork_raw(ctx, tp_prf, MIKEY_KDF_FORK_TGK, key, key_len, id, id_len, randrkms,
                  randrkms_len, out);
}

int mikey_fork_keys(mikey_ticket_ctx *ctx, const mikey_ticket_keys *in, const uint8_t *id,
                    size_t id_len, const uint8_t *randrkms, size_t randrkms_len,
                    mikey_ticket_keys *out) {
  if (!ctx || !in || !out || in->n > MIKEY_TICKET_MAX_KEYS) {
    return MIKEY_E_INVAL;
  }
  if (in->forked) {
    return MIKEY_E_STATE;
  }
  /* D5 over the keys that fork: MPKr (as long as the MPK) and the TGKs */
  size_t longest = in->mpk.key_len;
  for (size_t i = 0; i < in->n; i++) {
    if (mikey_fork_applies(in->key[i].type) && in->key[i].key_len > longest) {
      longest = in->key[i].key_len;
    }
  }
  int rc = fork_args(id, id_len, randrkms, randrkms_len, longest);
  if (rc) {
    return rc;
  }
  if (out != in) {
    memcpy(out, in, sizeof(*out));
  }
  rc = fork_one(ctx, out->prf, MIKEY_KDF_FORK_MPKR, out->mpkr, out->mpk.key_len, id, id_len,
                randrkms, randrkms_len, out->mpkr);
  for (size_t i = 0; rc == 0 && i < out->n; i++) {
    mikey_ticket_key *k = &out->key[i];
    if (mikey_fork_applies(k->type)) {
      rc = fork_one(ctx, out->prf, MIKEY_KDF_FORK_TGK, k->key, k->key_len, id, id_len,
                    randrkms, randrkms_len, k->key);
    }
  }
  if (rc) {
    mikey_ticket_keys_clear(out);
    return rc;
  }
  out->forked = 1;
  return 0;
}
