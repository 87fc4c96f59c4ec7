/*
 * fuzz_keys.h: the fixed key-encryption keys and identifiers shared by the CMS harnesses and
 * the seed generator (gen_seeds.c), so that seeds built with them open in the harnesses and
 * mutations reach the unwrap, decrypt and tag checks. Test keys only.
 */
#ifndef MIKEY_FUZZ_KEYS_H
#define MIKEY_FUZZ_KEYS_H

#include <stdint.h>
#include <stdlib.h>

#include <mikey/common.h>

static const uint8_t fuzz_kek16[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                       0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
static const uint8_t fuzz_kek32[32] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
                                       0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
                                       0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
                                       0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f};
static const uint8_t fuzz_kek_id[] = {'k', 'e', 'k', '-', '1'};

/* fuzz_init runs mikey_global_init once; aborts if libgcrypt cannot be set up. */
static inline void fuzz_init(void) {
  static int done;
  if (!done) {
    if (mikey_global_init(0) != 0) {
      abort();
    }
    done = 1;
  }
}

#endif /* MIKEY_FUZZ_KEYS_H */
