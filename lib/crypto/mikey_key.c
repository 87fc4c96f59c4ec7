/*
 * mikey_key.c: self-wiping key storage (DESIGN.md principle 4).
 */
#include <mikey/key.h>

#include <string.h>

#include <gcrypt.h>

struct mikey_key {
  size_t len;
  int secure;      /* 1 when |data| is in libgcrypt secure memory */
  uint8_t data[];  /* |len| bytes */
};

/* key_alloc allocates a key of |len| bytes (contents unspecified). Secure memory first; when
 * libgcrypt has none (disabled) it already returns ordinary memory, and when its pool is
 * exhausted we take ordinary memory ourselves: a key is always wiped on free, locked or not. */
static int key_alloc(mikey_key **out, size_t len) {
  if (!out) {
    return MIKEY_E_INVAL;
  }
  *out = NULL;
  if (len == 0 || len > MIKEY_KEY_MAX_LEN) {
    return MIKEY_E_KEY_LENGTH;
  }
  /* len <= 65535, so the sum cannot overflow. */
  size_t size = sizeof(mikey_key) + len;
  mikey_key *k = gcry_malloc_secure(size);
  if (!k) {
    k = gcry_malloc(size);
  }
  if (!k) {
    return MIKEY_E_NOMEM;
  }
  k->len = len;
  k->secure = gcry_is_secure(k) ? 1 : 0;
  *out = k;
  return 0;
}

int mikey_key_new(mikey_key **out, const uint8_t *data, size_t len) {
  if (!data) {
    if (out) {
      *out = NULL;
    }
    return MIKEY_E_INVAL;
  }
  int rv = key_alloc(out, len);
  if (rv == 0) {
    memcpy((*out)->data, data, len);
  }
  return rv;
}

int mikey_key_new_zero(mikey_key **out, size_t len) {
  int rv = key_alloc(out, len);
  if (rv == 0) {
    memset((*out)->data, 0, len);
  }
  return rv;
}

int mikey_key_new_random(mikey_key **out, size_t len, const mikey_env *env) {
  int rv = key_alloc(out, len);
  if (rv == 0) {
    rv = mikey_env_rand(env, (*out)->data, len);
    if (rv) {
      mikey_key_free(*out);
      *out = NULL;
    }
  }
  return rv;
}

const uint8_t *mikey_key_data(const mikey_key *k) { return k ? k->data : NULL; }

uint8_t *mikey_key_data_mut(mikey_key *k) { return k ? k->data : NULL; }

size_t mikey_key_len(const mikey_key *k) { return k ? k->len : 0; }

int mikey_key_is_secure(const mikey_key *k) { return k ? k->secure : 0; }

void mikey_key_free(mikey_key *k) {
  if (k) {
    mikey_memzero(k, sizeof(mikey_key) + k->len);
    gcry_free(k);
  }
}
