/*
 * mt_rand.c: where mikeytool's engines get time and randomness.
 *
 * By default every engine gets the library's defaults (system clock, libgcrypt's strong
 * RNG). --now fixes the clock; --seed N switches to a TEST-ONLY deterministic generator, so
 * that a test gets the same bytes on every run:
 *
 *   key    = SHA-256("mikeytool test-only DRBG v1" || 0x00 || N as 8 bytes big-endian ||
 *                    stream name || 0x00 || context)
 *   output = AES-256-CTR keystream under key, counter block starting at zero
 *
 * Everything it produces can be recomputed by anyone who knows N: never use it for real
 * keys. Each party draws from its own stream (its name: "initiator", "kms", "responder",
 * "keys"), so the bytes one party gets do not depend on how much another drew; the KMS's
 * stream also takes the message it answers as context (see mt_kms.c), so that `mikeytool kms
 * --seed N` answers a message with the bytes `flow --seed N` wrote.
 */
#include <stdio.h>
#include <string.h>

#include <gcrypt.h>

#include <mikey/mikey.h>

#include "mt.h"

static const char drbg_label[] = "mikeytool test-only DRBG v1";

int mt_rng_seed(mt_rng *r, uint64_t seed, const char *stream, const uint8_t *ctx,
                size_t ctx_len) {
  mt_rng_free(r);
  uint8_t key[32], be[8];
  for (int i = 0; i < 8; i++) {
    be[i] = (uint8_t)(seed >> (56 - 8 * i));
  }
  gcry_md_hd_t md;
  if (gcry_md_open(&md, GCRY_MD_SHA256, 0) != 0) {
    return -1;
  }
  gcry_md_write(md, drbg_label, sizeof(drbg_label)); /* with its NUL: the 0x00 separator */
  gcry_md_write(md, be, sizeof(be));
  gcry_md_write(md, stream, strlen(stream) + 1);
  if (ctx_len) {
    gcry_md_write(md, ctx, ctx_len);
  }
  memcpy(key, gcry_md_read(md, GCRY_MD_SHA256), sizeof(key));
  gcry_md_close(md);
  static const uint8_t ctr0[16] = {0};
  gcry_cipher_hd_t hd;
  int rv = -1;
  if (gcry_cipher_open(&hd, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_CTR, 0) == 0) {
    if (gcry_cipher_setkey(hd, key, sizeof(key)) == 0 &&
        gcry_cipher_setctr(hd, ctr0, sizeof(ctr0)) == 0) {
      r->hd = hd;
      rv = 0;
    } else {
      gcry_cipher_close(hd);
    }
  }
  mikey_memzero(key, sizeof(key));
  return rv;
}

int mt_rng_fill(mt_rng *r, uint8_t *out, size_t len) {
  if (!r->hd) {
    return -1;
  }
  memset(out, 0, len);
  /* libgcrypt's CTR mode keeps the unused keystream of a partial block for the next call,
   * so the output does not depend on how it is asked for */
  return gcry_cipher_encrypt((gcry_cipher_hd_t)r->hd, out, len, NULL, 0) == 0 ? 0 : -1;
}

void mt_rng_free(mt_rng *r) {
  if (r->hd) {
    gcry_cipher_close((gcry_cipher_hd_t)r->hd);
  }
  r->hd = NULL;
}

static int source_rand(void *ud, uint8_t *out, size_t len) {
  mt_source *s = ud;
  if (s->seeded) {
    return mt_rng_fill(&s->rng, out, len);
  }
  return mikey_env_rand(NULL, out, len);
}

static uint64_t source_now(void *ud) {
  mt_source *s = ud;
  return s->fixed_now ? s->now : mikey_env_now(NULL);
}

int mt_source_init(mt_source *s, const mt_common *c, const char *stream) {
  memset(s, 0, sizeof(*s));
  s->fixed_now = c->has_now;
  s->now = c->now;
  s->seed = c->seed;
  s->stream = stream;
  if (c->has_seed) {
    if (mt_rng_seed(&s->rng, c->seed, stream, NULL, 0) != 0) {
      mt_err("the test generator could not be set up (libgcrypt)");
      return -1;
    }
    s->seeded = 1;
  }
  return 0;
}

int mt_source_reseed(mt_source *s, const uint8_t *ctx, size_t ctx_len) {
  if (!s->seeded) {
    return 0;
  }
  if (mt_rng_seed(&s->rng, s->seed, s->stream, ctx, ctx_len) != 0) {
    mt_err("the test generator could not be set up (libgcrypt)");
    return -1;
  }
  return 0;
}

mikey_env mt_source_env(mt_source *s) {
  mikey_env e = {source_rand, source_now, s};
  return e;
}

int mt_source_fill(mt_source *s, uint8_t *out, size_t len) { return source_rand(s, out, len); }

void mt_source_free(mt_source *s) { mt_rng_free(&s->rng); }
