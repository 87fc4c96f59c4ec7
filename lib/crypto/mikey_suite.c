/*
 * mikey_suite.c: algorithm sizes and the suite rules of PROFILE.md D3, D4 and D5.
 */
#include "crypto/mikey_suite.h"

int mikey_suite_encr_key_len(uint8_t encr_alg, size_t *len) {
  switch (encr_alg) {
    case MIKEY_ENCR_NULL: *len = 0; return 0;
    case MIKEY_ENCR_AES_CM_128: *len = 16; return 0;
    case MIKEY_ENCR_AES_KW_128: *len = 16; return 0;
    case MIKEY_ENCR_AES_CM_256: *len = 32; return 0;
    default: return MIKEY_E_SUITE_EA;
  }
}

int mikey_suite_salt_len(uint8_t encr_alg, size_t *len) {
  switch (encr_alg) {
    case MIKEY_ENCR_NULL: *len = 0; return 0;
    /* RFC 3830 4.2.3: "S is a 112-bit salting key"; RFC 6043 6.2 changes only the key. */
    case MIKEY_ENCR_AES_CM_128:
    case MIKEY_ENCR_AES_CM_256: *len = 14; return 0;
    /* RFC 3830 4.2.3: "The 128-bit key and a 64-bit salt, S ... the key wrap IV is then set
     * to S." */
    case MIKEY_ENCR_AES_KW_128: *len = 8; return 0;
    default: return MIKEY_E_SUITE_EA;
  }
}

int mikey_suite_auth_key_len(uint8_t mac_alg, size_t *len) {
  switch (mac_alg) {
    case MIKEY_MAC_NULL: *len = 0; return 0;
    case MIKEY_MAC_HMAC_SHA_1_160: *len = 20; return 0;
    case MIKEY_MAC_HMAC_SHA_256_256: *len = 32; return 0;
    default: return MIKEY_E_SUITE_MAC;
  }
}

int mikey_suite_tag_len(uint8_t mac_alg, size_t *len) {
  switch (mac_alg) {
    case MIKEY_MAC_NULL: *len = 0; return 0;
    case MIKEY_MAC_HMAC_SHA_1_160: *len = 20; return 0;
    case MIKEY_MAC_HMAC_SHA_256_256: *len = 32; return 0;
    default: return MIKEY_E_SUITE_MAC;
  }
}

/* suite_of maps a PRF func to its suite (D3: the PRF chooses it): 1 for the 128-bit suite,
 * 2 for the 256-bit suite, 0 when unknown. */
static int suite_of(uint8_t prf_func) {
  switch (prf_func) {
    case MIKEY_PRF_MIKEY_1: return 1;
    case MIKEY_PRF_HMAC_SHA_256: return 2;
    default: return 0;
  }
}

int mikey_suite_check_prf(uint8_t prf_func, size_t key_len) {
  int s = suite_of(prf_func);
  if (!s) {
    return MIKEY_E_SUITE_PRF;
  }
  if (key_len < MIKEY_SUITE_MIN_KEY) {
    return MIKEY_E_KEY_LENGTH;
  }
  /* D4 */
  if (s == 1 && key_len > 16) {
    return MIKEY_E_SUITE_PRF;
  }
  return 0;
}

int mikey_suite_check_ea(uint8_t prf_func, uint8_t encr_alg, unsigned flags) {
  int s = suite_of(prf_func);
  if (!s) {
    return MIKEY_E_SUITE_PRF;
  }
  switch (encr_alg) {
    case MIKEY_ENCR_NULL: return (flags & MIKEY_SUITE_ALLOW_NULL) ? 0 : MIKEY_E_SUITE_EA;
    case MIKEY_ENCR_AES_CM_128:
    case MIKEY_ENCR_AES_KW_128: return s == 1 ? 0 : MIKEY_E_SUITE_EA;
    case MIKEY_ENCR_AES_CM_256: return s == 2 ? 0 : MIKEY_E_SUITE_EA;
    default: return MIKEY_E_SUITE_EA;
  }
}

int mikey_suite_check_mac(uint8_t prf_func, uint8_t mac_alg, unsigned flags) {
  int s = suite_of(prf_func);
  if (!s) {
    return MIKEY_E_SUITE_PRF;
  }
  switch (mac_alg) {
    case MIKEY_MAC_NULL: return (flags & MIKEY_SUITE_ALLOW_NULL) ? 0 : MIKEY_E_SUITE_MAC;
    case MIKEY_MAC_HMAC_SHA_1_160: return s == 1 ? 0 : MIKEY_E_SUITE_MAC;
    case MIKEY_MAC_HMAC_SHA_256_256: return s == 2 ? 0 : MIKEY_E_SUITE_MAC;
    default: return MIKEY_E_SUITE_MAC;
  }
}

int mikey_suite_check_tp(uint8_t tp_prf, uint8_t hdr_prf, size_t key_len) {
  int s = suite_of(tp_prf);
  if (!s || s != suite_of(hdr_prf)) {
    return MIKEY_E_SUITE;
  }
  if (key_len < MIKEY_SUITE_MIN_KEY) {
    return MIKEY_E_KEY_LENGTH;
  }
  if (s == 1 && key_len > 16) {
    return MIKEY_E_SUITE;
  }
  return 0;
}

int mikey_suite_check_rand_pair(size_t randri_len, size_t randrr_len, size_t key_len) {
  /* randri_len + randrr_len >= key_len, without forming the sum. */
  if (randri_len >= key_len || randrr_len >= key_len - randri_len) {
    return 0;
  }
  return MIKEY_E_RAND_SHORT;
}

int mikey_suite_check_rand(size_t rand_len, size_t key_len) {
  return rand_len >= key_len ? 0 : MIKEY_E_RAND_SHORT;
}

size_t mikey_suite_rand_len(size_t key_len) {
  if (key_len <= 16) {
    return 16;
  }
  if (key_len <= 32) {
    return 32;
  }
  return key_len < 255 ? key_len : 255;
}
