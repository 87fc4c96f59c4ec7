/*
 * codec_vectors.h: MIKEY messages written out byte by byte from the RFC figures, shared by the
 * codec tests, the benchmark and the fuzz corpus generator. They are literal hex, never the
 * encoder's output, so that encoder and decoder are both checked against the RFC text.
 */
#ifndef CODEC_VECTORS_H
#define CODEC_VECTORS_H

#include <stddef.h>
#include <stdint.h>

/* One length field of a vector: where it is and how wide (1 or 2 bytes; for a length packed
 * with flag bits, the byte that holds its low part). */
typedef struct {
  size_t off;
  size_t width;
  const char *what;
} vec_lenfield;

/* REQUEST_INIT_PSK of PROFILE.md section 2 (238 bytes). */
extern const char vec_request_init_psk[];
/* TRANSFER_INIT of PROFILE.md section 4 with a 3GPP base ticket and a proof-of-origin
 * extension (389 bytes). */
extern const char vec_transfer_init[];

/* Length fields of the two messages, for off-by-one tests. */
extern const vec_lenfield vec_request_init_psk_lens[];
extern const size_t vec_request_init_psk_nlens;
extern const vec_lenfield vec_transfer_init_lens[];
extern const size_t vec_transfer_init_nlens;

/* vec_bytes decodes hex (whitespace ignored) into |out| (|cap| bytes); returns the length, or
 * 0 on a bad digit or overflow. No Check dependency: the bench and generators use it. */
size_t vec_bytes(const char *hex, uint8_t *out, size_t cap);

#endif /* CODEC_VECTORS_H */
