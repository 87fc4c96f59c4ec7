/*
 * mikey_iov.h: a list of byte ranges (internal).
 *
 * The crypto layer never copies a message to MAC or to derive from it: a caller describes the
 * covered bytes as a short list of (pointer, length) ranges, e.g. "the message up to the
 * Initiator Data length field, the bytes after the Initiator Data, then Identity_i and
 * Identity_r" (RFC 6043 5.5), and the functions feed each range in order. A range with
 * |len| 0 may have a NULL |base|.
 */
#ifndef MIKEY_IOV_H
#define MIKEY_IOV_H

#include <stddef.h>
#include <stdint.h>

typedef struct mikey_iov {
  const uint8_t *base; /* first byte of the range (may be NULL when len is 0) */
  size_t len;          /* number of bytes */
} mikey_iov;

/* mikey_iov_ok returns 1 when every range of the |n| ranges at |v| is usable: |v| non-NULL
 * when |n| > 0, and each base non-NULL unless its length is 0. */
static inline int mikey_iov_ok(const mikey_iov *v, size_t n) {
  if (n > 0 && v == NULL) {
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    if (v[i].base == NULL && v[i].len != 0) {
      return 0;
    }
  }
  return 1;
}

#endif /* MIKEY_IOV_H */
