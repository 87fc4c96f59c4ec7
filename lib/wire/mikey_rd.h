/*
 * mikey_rd.h: a bounded reader over a byte buffer (internal).
 *
 * Every read proves the length first by comparing with what remains (never by forming
 * pos + len), and returns MIKEY_E_TRUNCATED without moving when the input is short. Views
 * point into the caller's buffer; nothing is copied. Offsets are relative to |base|, the start
 * of the whole input, so that an error deep in a nested structure still names its byte.
 */
#ifndef MIKEY_RD_H
#define MIKEY_RD_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

typedef struct mikey_rd {
  const uint8_t *base; /* start of the whole input */
  const uint8_t *pos;  /* next byte to read */
  const uint8_t *end;  /* one past the last byte this reader may read */
} mikey_rd;

/* mikey_rd_init starts a reader over |len| bytes at |p| (|p| may be NULL when |len| is 0). */
static inline void mikey_rd_init(mikey_rd *r, const uint8_t *p, size_t len) {
  r->base = p;
  r->pos = p;
  r->end = p ? p + len : p;
}

/* mikey_rd_left returns how many bytes remain. */
static inline size_t mikey_rd_left(const mikey_rd *r) { return (size_t)(r->end - r->pos); }

/* mikey_rd_offset returns the offset of the next byte from the start of the whole input. */
static inline size_t mikey_rd_offset(const mikey_rd *r) { return (size_t)(r->pos - r->base); }

/* mikey_rd_u8 reads one byte into |*v|. */
static inline int mikey_rd_u8(mikey_rd *r, uint8_t *v) {
  if (mikey_rd_left(r) < 1) {
    return MIKEY_E_TRUNCATED;
  }
  *v = *r->pos++;
  return 0;
}

/* mikey_rd_u16 reads a big-endian 16-bit value into |*v|. */
static inline int mikey_rd_u16(mikey_rd *r, uint16_t *v) {
  if (mikey_rd_left(r) < 2) {
    return MIKEY_E_TRUNCATED;
  }
  *v = (uint16_t)((unsigned)r->pos[0] << 8 | r->pos[1]);
  r->pos += 2;
  return 0;
}

/* mikey_rd_u32 reads a big-endian 32-bit value into |*v|. */
static inline int mikey_rd_u32(mikey_rd *r, uint32_t *v) {
  if (mikey_rd_left(r) < 4) {
    return MIKEY_E_TRUNCATED;
  }
  *v = (uint32_t)r->pos[0] << 24 | (uint32_t)r->pos[1] << 16 | (uint32_t)r->pos[2] << 8 |
       (uint32_t)r->pos[3];
  r->pos += 4;
  return 0;
}

/* mikey_rd_uint reads a big-endian unsigned value of |n| bytes (0..8) into |*v|. */
static inline int mikey_rd_uint(mikey_rd *r, size_t n, uint64_t *v) {
  if (n > 8 || mikey_rd_left(r) < n) {
    return MIKEY_E_TRUNCATED;
  }
  uint64_t x = 0;
  for (size_t i = 0; i < n; i++) {
    x = x << 8 | r->pos[i];
  }
  r->pos += n;
  *v = x;
  return 0;
}

/* mikey_rd_bytes sets |*v| to a view of the next |n| bytes and skips them. */
static inline int mikey_rd_bytes(mikey_rd *r, size_t n, const uint8_t **v) {
  if (mikey_rd_left(r) < n) {
    return MIKEY_E_TRUNCATED;
  }
  *v = r->pos;
  r->pos += n;
  return 0;
}

/* mikey_rd_skip skips |n| bytes. */
static inline int mikey_rd_skip(mikey_rd *r, size_t n) {
  if (mikey_rd_left(r) < n) {
    return MIKEY_E_TRUNCATED;
  }
  r->pos += n;
  return 0;
}

/* mikey_rd_sub opens a sub-block of the next |n| bytes as |*sub| (same base, so offsets stay
 * absolute) and skips them in |r|. The caller then proves the sub-block is consumed exactly
 * with mikey_rd_done(sub). */
static inline int mikey_rd_sub(mikey_rd *r, size_t n, mikey_rd *sub) {
  if (mikey_rd_left(r) < n) {
    return MIKEY_E_TRUNCATED;
  }
  sub->base = r->base;
  sub->pos = r->pos;
  sub->end = r->pos + n;
  r->pos += n;
  return 0;
}

/* mikey_rd_done returns 0 when every byte was read, MIKEY_E_TRAILING otherwise. */
static inline int mikey_rd_done(const mikey_rd *r) {
  return r->pos == r->end ? 0 : MIKEY_E_TRAILING;
}

#endif /* MIKEY_RD_H */
