/*
 * mikey_global.c: process-wide libgcrypt set-up, the only global state of the library.
 */
#include <gcrypt.h>

#include <mikey/common.h>
#include <mikey/version.h>

/* DESIGN.md: libgcrypt >= 1.8 (PRF-HMAC-SHA-256, AES key wrap, GCM and CCM). */
#define MIKEY_GCRYPT_MIN "1.8.0"

int mikey_global_init(unsigned flags) {
  if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
    /* The application set libgcrypt up itself: keep its choices, only check the version. */
    return gcry_check_version(MIKEY_GCRYPT_MIN) ? 0 : MIKEY_E_CRYPTO;
  }
  /* The system RNG (getrandom) is a sound CSPRNG and costs about 0.5 us a call, against about
   * 10 us for libgcrypt's default generator, which also makes every later cipher open poll for
   * entropy; messages ask for randomness once each, so this is the cost of every message.
   * It has to be requested before gcry_check_version() starts the RNG. */
  gcry_control(GCRYCTL_SET_PREFERRED_RNG_TYPE, GCRY_RNG_TYPE_SYSTEM);
  if (!gcry_check_version(MIKEY_GCRYPT_MIN)) {
    return MIKEY_E_CRYPTO;
  }
  if (flags & MIKEY_INIT_SECMEM) {
    /* Key buffers allocated with gcry_malloc_secure then live in locked memory. */
    if (gcry_control(GCRYCTL_INIT_SECMEM, 65536, 0)) {
      return MIKEY_E_CRYPTO;
    }
  } else {
    gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
  }
  gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
  return 0;
}

const char *mikey_version(void) { return MIKEY_VERSION; }
