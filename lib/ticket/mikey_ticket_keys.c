/*
 * mikey_ticket_keys.c: caller-owned storage for the keys of a ticket, wiped on clear and free
 * (DESIGN.md principle 4).
 */
#include <string.h>

#include <gcrypt.h>

#include "ticket/mikey_ticket_local.h"

int mikey_ticket_keys_new(mikey_ticket_keys **out) {
  if (!out) {
    return MIKEY_E_INVAL;
  }
  /* secure memory first (locked when the integrator enabled it), ordinary memory when there
   * is none or the pool is full: wiped on free either way */
  mikey_ticket_keys *k = gcry_calloc_secure(1, sizeof(*k));
  if (!k) {
    k = gcry_calloc(1, sizeof(*k));
  }
  *out = k;
  return k ? 0 : MIKEY_E_NOMEM;
}

void mikey_ticket_keys_free(mikey_ticket_keys *k) {
  if (k) {
    mikey_memzero(k, sizeof(*k));
    gcry_free(k);
  }
}

void mikey_ticket_keys_clear(mikey_ticket_keys *k) {
  if (k) {
    mikey_memzero(k, sizeof(*k));
  }
}

void mikey_ticket_keys_summary(const mikey_ticket_keys *k, mikey_key_summary *s) {
  memset(s, 0, sizeof(*s));
  s->max_len = k->mpk.key_len;
  size_t n = k->n < MIKEY_TICKET_MAX_KEYS ? k->n : MIKEY_TICKET_MAX_KEYS;
  for (size_t i = 0; i < n; i++) {
    s->types |= k->key[i].type < 32 ? 1u << k->key[i].type : 0;
    if (k->key[i].key_len > s->max_len) {
      s->max_len = k->key[i].key_len;
    }
  }
  s->n = n;
}

const mikey_ticket_key *mikey_ticket_keys_find(const mikey_ticket_keys *k, uint8_t type,
                                               const uint8_t *spi, size_t spi_len) {
  if (!k) {
    return NULL;
  }
  size_t n = k->n < MIKEY_TICKET_MAX_KEYS ? k->n : MIKEY_TICKET_MAX_KEYS;
  for (size_t i = 0; i < n; i++) {
    const mikey_ticket_key *t = &k->key[i];
    if (t->type == type &&
        (!spi || (t->spi_len == spi_len && memcmp(t->spi, spi, spi_len) == 0))) {
      return t;
    }
  }
  return NULL;
}

int mikey_ticket_key_set(mikey_ticket_key *k, uint8_t type, const uint8_t *key, size_t key_len,
                         const uint8_t *salt, size_t salt_len, const uint8_t *spi,
                         size_t spi_len) {
  if (!k) {
    return MIKEY_E_INVAL;
  }
  mikey_memzero(k, sizeof(*k));
  if (!key || (!salt && salt_len) || !spi || spi_len == 0 || type > MIKEY_KEY_MPK ||
      (salt_len != 0) != ticket_salted(type)) {
    return MIKEY_E_INVAL;
  }
  if (key_len == 0) {
    return MIKEY_E_KEY_LENGTH;
  }
  if (key_len > MIKEY_TICKET_MAX_KEY_LEN || salt_len > MIKEY_TICKET_MAX_SALT_LEN ||
      spi_len > MIKEY_TICKET_MAX_SPI_LEN) {
    return MIKEY_E_LIMIT;
  }
  k->type = type;
  k->spi_len = (uint8_t)spi_len;
  memcpy(k->spi, spi, spi_len);
  k->key_len = key_len;
  memcpy(k->key, key, key_len);
  k->salt_len = salt_len;
  if (salt_len) {
    memcpy(k->salt, salt, salt_len);
  }
  return 0;
}

int mikey_ticket_key_export(const mikey_ticket_key *k, mikey_key **out) {
  if (!k) {
    if (out) {
      *out = NULL;
    }
    return MIKEY_E_INVAL;
  }
  return mikey_key_new(out, k->key, k->key_len);
}
