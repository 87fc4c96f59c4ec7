/*
 * mikey_kdf.c: the label of every MIKEY (RFC 3830 4.1.3, 4.1.4) and MIKEY-TICKET (RFC 6043
 * 5.1.1, 5.1.2, 5.1.3, 6.10, A.2.1, A.2.2) key derivation. The byte layouts are drawn in
 * mikey_kdf.h above each function.
 */
#include "crypto/mikey_kdf.h"

#include <string.h>

/* RFC 6043 5.1.2 / 5.1.3 / A.2: RAND lengths are 8-bit fields; 5.1.1: ID Data length 16-bit. */
#define KDF_MAX_RAND 255u
#define KDF_MAX_ID 65535u

/* kdf_put32 writes |v| big-endian at |p|. */
static void kdf_put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

/* kdf_is_msg_const: the constants of RFC 3830 Table 4.1.4. */
static int kdf_is_msg_const(uint32_t c) {
  return c == MIKEY_KDF_ENCR || c == MIKEY_KDF_AUTH || c == MIKEY_KDF_SALT;
}

/* kdf_is_tgk_const: the constants of RFC 3830 Table 4.1.3. */
static int kdf_is_tgk_const(uint32_t c) {
  return c == MIKEY_KDF_TEK || c == MIKEY_KDF_TGK_AUTH || c == MIKEY_KDF_TGK_ENCR ||
         c == MIKEY_KDF_TGK_SALT;
}

/* kdf_rand_ok: a RAND of |len| bytes at |p| fits an 8-bit length field and is readable. */
static int kdf_rand_ok(const uint8_t *p, size_t len) {
  return len <= KDF_MAX_RAND && (p != NULL || len == 0);
}

/* kdf_run writes |constant| into the first four bytes of the label head (the first range)
 * and derives |out_len| bytes. */
static int kdf_run(mikey_prf *prf, uint8_t *head, uint32_t constant, const mikey_iov *label,
                   size_t nlabel, uint8_t *out, size_t out_len) {
  if (!prf || !out) {
    return MIKEY_E_INVAL;
  }
  kdf_put32(head, constant);
  return mikey_prf_derive(prf, label, nlabel, out, out_len);
}

int mikey_kdf_3830_tgk(mikey_prf *tgk, uint32_t constant, uint8_t cs_id, uint32_t csb_id,
                       const uint8_t *rand, size_t rand_len, uint8_t *out, size_t out_len) {
  if (!kdf_is_tgk_const(constant) || !rand || rand_len == 0) {
    return MIKEY_E_INVAL;
  }
  /* RFC 3830 4.1.3: constant || cs_id || csb_id || RAND */
  uint8_t head[9];
  head[4] = cs_id;
  kdf_put32(head + 5, csb_id);
  const mikey_iov label[] = {{head, sizeof(head)}, {rand, rand_len}};
  return kdf_run(tgk, head, constant, label, 2, out, out_len);
}

int mikey_kdf_3830_psk(mikey_prf *psk, uint32_t constant, uint32_t csb_id, const uint8_t *rand,
                       size_t rand_len, uint8_t *out, size_t out_len) {
  if (!kdf_is_msg_const(constant) || !rand || rand_len == 0) {
    return MIKEY_E_INVAL;
  }
  /* RFC 3830 4.1.4: constant || 0xFF || csb_id || RAND */
  uint8_t head[9];
  head[4] = 0xFF;
  kdf_put32(head + 5, csb_id);
  const mikey_iov label[] = {{head, sizeof(head)}, {rand, rand_len}};
  return kdf_run(psk, head, constant, label, 2, out, out_len);
}

int mikey_kdf_fork(mikey_prf *inkey, uint32_t constant, const uint8_t *id, size_t id_len,
                   const uint8_t *randrkms, size_t randrkms_len, uint8_t *out, size_t out_len) {
  if (!inkey) {
    return MIKEY_E_INVAL;
  }
  if (constant != MIKEY_KDF_FORK_MPKR && constant != MIKEY_KDF_FORK_TGK) {
    return MIKEY_E_INVAL;
  }
  if (id_len > KDF_MAX_ID || (!id && id_len) || !kdf_rand_ok(randrkms, randrkms_len)) {
    return MIKEY_E_INVAL;
  }
  /* RFC 6043 5.1.1: "outkey_len ... SHALL be equal to inkey_len". */
  if (out_len != mikey_prf_inkey_len(inkey)) {
    return MIKEY_E_KEY_LENGTH;
  }
  /* constant || 0xFF || 0xFFFFFFFF || 0x00 || length ID Data (16) || ID Data ||
   * length RANDRkms (8) || RANDRkms */
  uint8_t head[12];
  head[4] = 0xFF;
  kdf_put32(head + 5, 0xFFFFFFFFu);
  head[9] = 0x00;
  head[10] = (uint8_t)(id_len >> 8);
  head[11] = (uint8_t)id_len;
  uint8_t rlen = (uint8_t)randrkms_len;
  const mikey_iov label[] = {
      {head, sizeof(head)}, {id, id_len}, {&rlen, 1}, {randrkms, randrkms_len}};
  return kdf_run(inkey, head, constant, label, 4, out, out_len);
}

/* kdf_two_rands fills |head| (11 bytes) and |label| (4 ranges) with the RFC 6043 5.1.2 /
 * 5.1.3 layout: constant || b4 || w || type || length RANDRi || [RANDRi] || length RANDRr ||
 * [RANDRr]. |rrlen| receives the RANDRr length byte. Returns 0 or MIKEY_E_INVAL. */
static int kdf_two_rands(uint8_t head[11], uint8_t *rrlen, mikey_iov label[4], uint8_t b4,
                         uint32_t w, uint8_t type, const uint8_t *randri, size_t randri_len,
                         const uint8_t *randrr, size_t randrr_len) {
  if (!kdf_rand_ok(randri, randri_len) || !kdf_rand_ok(randrr, randrr_len)) {
    return MIKEY_E_INVAL;
  }
  /* 5.1.2: "at least one of RANDRi and RANDRr is always used"; 5.1.3: "MUST be used". */
  if (randri_len == 0 && randrr_len == 0) {
    return MIKEY_E_INVAL;
  }
  head[4] = b4;
  kdf_put32(head + 5, w);
  head[9] = type;
  head[10] = (uint8_t)randri_len;
  *rrlen = (uint8_t)randrr_len;
  label[0] = (mikey_iov){head, 11};
  label[1] = (mikey_iov){randri, randri_len};
  label[2] = (mikey_iov){rrlen, 1};
  label[3] = (mikey_iov){randrr, randrr_len};
  return 0;
}

int mikey_kdf_msg(mikey_prf *inkey, uint32_t constant, uint32_t csb_id, uint8_t direction,
                  const uint8_t *randri, size_t randri_len, const uint8_t *randrr,
                  size_t randrr_len, uint8_t *out, size_t out_len) {
  if (!kdf_is_msg_const(constant)) {
    return MIKEY_E_INVAL;
  }
  if (direction != MIKEY_KDF_INITIAL && direction != MIKEY_KDF_RESPONSE) {
    return MIKEY_E_INVAL;
  }
  /* RFC 6043 5.1.2: constant || 0xFF || CSB ID || 0x01/0x02 || RANDRi and RANDRr with
   * their 8-bit lengths */
  uint8_t head[11], rrlen;
  mikey_iov label[4];
  int rv = kdf_two_rands(head, &rrlen, label, 0xFF, csb_id, direction, randri, randri_len,
                         randrr, randrr_len);
  if (rv) {
    return rv;
  }
  return kdf_run(inkey, head, constant, label, 4, out, out_len);
}

int mikey_kdf_tgk(mikey_prf *tgk, uint32_t constant, uint8_t cs_id, const uint8_t *randri,
                  size_t randri_len, const uint8_t *randrr, size_t randrr_len, uint8_t *out,
                  size_t out_len) {
  if (!kdf_is_tgk_const(constant)) {
    return MIKEY_E_INVAL;
  }
  /* RFC 6043 5.1.3: constant || CS ID || 0xFFFFFFFF || 0x03 || RANDRi and RANDRr with their
   * 8-bit lengths */
  uint8_t head[11], rrlen;
  mikey_iov label[4];
  int rv = kdf_two_rands(head, &rrlen, label, cs_id, 0xFFFFFFFFu, 0x03, randri, randri_len,
                         randrr, randrr_len);
  if (rv) {
    return rv;
  }
  return kdf_run(tgk, head, constant, label, 4, out, out_len);
}

int mikey_kdf_kek(mikey_prf *tgk, uint8_t cs_id, const uint8_t *randri, size_t randri_len,
                  uint8_t *kek, size_t kek_len) {
  /* PROFILE.md 4: outkey_len = KEK size, which the AES key wrap fixes (D6, RFC 3565). */
  if (kek_len != 16 && kek_len != 32) {
    return MIKEY_E_KEY_LENGTH;
  }
  if (randri_len == 0) {
    return MIKEY_E_INVAL;
  }
  /* H=1: RANDRi; G=0: no RANDRr. */
  return mikey_kdf_tgk(tgk, MIKEY_KDF_TEK, cs_id, randri, randri_len, NULL, 0, kek, kek_len);
}

/* kdf_ticket_head fills the 11-byte head shared by RFC 6043 A.2.1 and A.2.2:
 * constant || 0xFF || 0xFFFFFFFF || type || length RAND. */
static void kdf_ticket_head(uint8_t head[11], uint8_t type, size_t rand_len) {
  head[4] = 0xFF;
  kdf_put32(head + 5, 0xFFFFFFFFu);
  head[9] = type;
  head[10] = (uint8_t)rand_len;
}

int mikey_kdf_tpk(mikey_prf *tpk, uint32_t constant, const uint8_t *rand, size_t rand_len,
                  uint8_t *out, size_t out_len) {
  if (!kdf_is_msg_const(constant) || !rand || rand_len == 0 || rand_len > KDF_MAX_RAND) {
    return MIKEY_E_INVAL;
  }
  /* RFC 6043 A.2.1: constant || 0xFF || 0xFFFFFFFF || 0x05 || length RAND || RAND */
  uint8_t head[11];
  kdf_ticket_head(head, 0x05, rand_len);
  const mikey_iov label[] = {{head, sizeof(head)}, {rand, rand_len}};
  return kdf_run(tpk, head, constant, label, 2, out, out_len);
}

int mikey_kdf_mpk(mikey_prf *mpk, uint32_t constant, const uint8_t *rand, size_t rand_len,
                  uint8_t *out, size_t out_len) {
  if (!mpk) {
    return MIKEY_E_INVAL;
  }
  if (constant != MIKEY_KDF_MPKI && constant != MIKEY_KDF_MPKR) {
    return MIKEY_E_INVAL;
  }
  if (!rand || rand_len == 0 || rand_len > KDF_MAX_RAND) {
    return MIKEY_E_INVAL;
  }
  /* RFC 6043 A.2.2: "outkey_len ... SHALL be equal to inkey_len". */
  if (out_len != mikey_prf_inkey_len(mpk)) {
    return MIKEY_E_KEY_LENGTH;
  }
  /* RFC 6043 A.2.2: constant || 0xFF || 0xFFFFFFFF || 0x06 || length RAND || RAND */
  uint8_t head[11];
  kdf_ticket_head(head, 0x06, rand_len);
  const mikey_iov label[] = {{head, sizeof(head)}, {rand, rand_len}};
  return kdf_run(mpk, head, constant, label, 2, out, out_len);
}

int mikey_kdf_vr(mikey_prf *mpkr, uint32_t constant, uint8_t *out, size_t out_len) {
  if (!kdf_is_msg_const(constant)) {
    return MIKEY_E_INVAL;
  }
  /* RFC 6043 6.10: constant || 0xFF || 0xFFFFFFFF || 0x04 */
  uint8_t head[10];
  head[4] = 0xFF;
  kdf_put32(head + 5, 0xFFFFFFFFu);
  head[9] = 0x04;
  const mikey_iov label[] = {{head, sizeof(head)}};
  return kdf_run(mpkr, head, constant, label, 1, out, out_len);
}

void mikey_keyset_clear(mikey_keyset *ks) {
  if (ks) {
    mikey_memzero(ks, sizeof(*ks));
  }
}

/* kdf_keyset sizes |ks| for |encr_alg| and |mac_alg| and derives each non-empty key with the
 * label whose head (first range, constant in its first four bytes) is |head|. */
static int kdf_keyset(mikey_prf *prf, uint8_t *head, const mikey_iov *label, size_t nlabel,
                      uint8_t encr_alg, uint8_t mac_alg, mikey_keyset *ks) {
  mikey_keyset_clear(ks);
  int rv = mikey_suite_encr_key_len(encr_alg, &ks->encr_len);
  if (!rv) {
    rv = mikey_suite_salt_len(encr_alg, &ks->salt_len);
  }
  if (!rv) {
    rv = mikey_suite_auth_key_len(mac_alg, &ks->auth_len);
  }
  ks->encr_alg = encr_alg;
  ks->mac_alg = mac_alg;
  /* RFC 3830 Table 4.1.4: one constant per key, the rest of the label unchanged. */
  if (!rv && ks->encr_len) {
    rv = kdf_run(prf, head, MIKEY_KDF_ENCR, label, nlabel, ks->encr, ks->encr_len);
  }
  if (!rv && ks->salt_len) {
    rv = kdf_run(prf, head, MIKEY_KDF_SALT, label, nlabel, ks->salt, ks->salt_len);
  }
  if (!rv && ks->auth_len) {
    rv = kdf_run(prf, head, MIKEY_KDF_AUTH, label, nlabel, ks->auth, ks->auth_len);
  }
  if (rv) {
    mikey_keyset_clear(ks);
  }
  return rv;
}

int mikey_kdf_msg_keys(mikey_prf *inkey, uint32_t csb_id, uint8_t direction,
                       const uint8_t *randri, size_t randri_len, const uint8_t *randrr,
                       size_t randrr_len, uint8_t encr_alg, uint8_t mac_alg, mikey_keyset *ks) {
  if (!ks) {
    return MIKEY_E_INVAL;
  }
  if (direction != MIKEY_KDF_INITIAL && direction != MIKEY_KDF_RESPONSE) {
    mikey_keyset_clear(ks);
    return MIKEY_E_INVAL;
  }
  uint8_t head[11], rrlen;
  mikey_iov label[4];
  int rv = kdf_two_rands(head, &rrlen, label, 0xFF, csb_id, direction, randri, randri_len,
                         randrr, randrr_len);
  if (rv) {
    mikey_keyset_clear(ks);
    return rv;
  }
  return kdf_keyset(inkey, head, label, 4, encr_alg, mac_alg, ks);
}

int mikey_kdf_tpk_keys(mikey_prf *tpk, const uint8_t *rand, size_t rand_len, uint8_t encr_alg,
                       uint8_t mac_alg, mikey_keyset *ks) {
  if (!ks) {
    return MIKEY_E_INVAL;
  }
  if (!rand || rand_len == 0 || rand_len > KDF_MAX_RAND) {
    mikey_keyset_clear(ks);
    return MIKEY_E_INVAL;
  }
  uint8_t head[11];
  kdf_ticket_head(head, 0x05, rand_len);
  const mikey_iov label[] = {{head, sizeof(head)}, {rand, rand_len}};
  return kdf_keyset(tpk, head, label, 2, encr_alg, mac_alg, ks);
}
