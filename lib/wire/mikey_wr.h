/*
 * mikey_wr.h: a writer into a caller buffer that always knows the exact size (internal).
 *
 * The writer counts every byte it is asked to write and stores only those that fit, so one
 * pass over an encoder both fills a large enough buffer and, for a short one (or NULL), tells
 * the exact size needed: mikey_wr_finish() then returns MIKEY_E_BUFFER_TOO_SMALL. Lengths are
 * back-patched at marks. The count saturates instead of wrapping.
 */
#ifndef MIKEY_WR_H
#define MIKEY_WR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mikey/common.h>

typedef struct mikey_wr {
  uint8_t *buf; /* may be NULL: sizing only */
  size_t cap;   /* bytes available at buf */
  size_t len;   /* bytes written or wanted so far (saturates at SIZE_MAX) */
} mikey_wr;

/* mikey_wr_init starts a writer over |cap| bytes at |buf| (NULL and 0 to size only). */
static inline void mikey_wr_init(mikey_wr *w, uint8_t *buf, size_t cap) {
  w->buf = buf;
  w->cap = buf ? cap : 0;
  w->len = 0;
}

/* mikey_wr_fits tells whether |n| more bytes fit in the buffer at the current position. */
static inline int mikey_wr_fits(const mikey_wr *w, size_t n) {
  return w->len <= w->cap && n <= w->cap - w->len;
}

/* mikey_wr_advance counts |n| bytes, saturating. */
static inline void mikey_wr_advance(mikey_wr *w, size_t n) {
  w->len = n > SIZE_MAX - w->len ? SIZE_MAX : w->len + n;
}

/* mikey_wr_bytes appends |n| bytes from |p| (|p| may be NULL when |n| is 0). */
static inline void mikey_wr_bytes(mikey_wr *w, const uint8_t *p, size_t n) {
  if (n && mikey_wr_fits(w, n)) {
    memcpy(w->buf + w->len, p, n);
  }
  mikey_wr_advance(w, n);
}

/* mikey_wr_zero appends |n| zero bytes. */
static inline void mikey_wr_zero(mikey_wr *w, size_t n) {
  if (n && mikey_wr_fits(w, n)) {
    memset(w->buf + w->len, 0, n);
  }
  mikey_wr_advance(w, n);
}

/* mikey_wr_uint appends |v| big-endian in |n| bytes (1..8); higher bits are dropped. */
static inline void mikey_wr_uint(mikey_wr *w, uint64_t v, size_t n) {
  if (mikey_wr_fits(w, n)) {
    for (size_t i = 0; i < n; i++) {
      w->buf[w->len + i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    }
  }
  mikey_wr_advance(w, n);
}

static inline void mikey_wr_u8(mikey_wr *w, uint8_t v) { mikey_wr_uint(w, v, 1); }
static inline void mikey_wr_u16(mikey_wr *w, uint16_t v) { mikey_wr_uint(w, v, 2); }
static inline void mikey_wr_u32(mikey_wr *w, uint32_t v) { mikey_wr_uint(w, v, 4); }

/* mikey_wr_mark returns the current position, for a later patch. */
static inline size_t mikey_wr_mark(const mikey_wr *w) { return w->len; }

/* mikey_wr_patch_uint overwrites |n| bytes at |mark| with |v| big-endian, where they fit. */
static inline void mikey_wr_patch_uint(mikey_wr *w, size_t mark, uint64_t v, size_t n) {
  if (mark <= w->cap && n <= w->cap - mark) {
    for (size_t i = 0; i < n; i++) {
      w->buf[mark + i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    }
  }
}

/* mikey_wr_at returns a pointer to |n| written bytes at |mark|, or NULL if they did not fit. */
static inline uint8_t *mikey_wr_at(const mikey_wr *w, size_t mark, size_t n) {
  if (w->buf && mark <= w->cap && n <= w->cap - mark && mark + n <= w->len) {
    return w->buf + mark;
  }
  return NULL;
}

/* mikey_wr_finish stores the total size in |*outlen| and returns 0 when everything fit,
 * MIKEY_E_BUFFER_TOO_SMALL otherwise (then |*outlen| is the size needed). */
static inline int mikey_wr_finish(const mikey_wr *w, size_t *outlen) {
  *outlen = w->len;
  if (w->len == SIZE_MAX) {
    return MIKEY_E_LIMIT;
  }
  return w->len <= w->cap ? 0 : MIKEY_E_BUFFER_TOO_SMALL;
}

#endif /* MIKEY_WR_H */
