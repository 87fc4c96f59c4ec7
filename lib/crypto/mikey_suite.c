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
