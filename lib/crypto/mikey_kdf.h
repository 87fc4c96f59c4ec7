/*
 * mikey_kdf.h: every MIKEY and MIKEY-TICKET key derivation, one function per label layout
 * (internal).
 *
 * Each function takes a mikey_prf keyed with the inkey of its section and the public inputs
 * of the label, builds the label exactly as the section writes it (shown byte by byte above
 * each function; multi-byte values big-endian) and derives |out_len| bytes. Labels are fed to
 * the PRF as ranges: RAND and ID Data bytes are never copied.
 *
 * Which PRF (PROFILE.md D2): the caller keys the context with the HDR PRF func for message
 * keys (RFC 6043 5.1.2) and TGK/GTGK keys (5.1.3), and with the Ticket Policy PRF func for
 * forking (5.1.1), keys from the TPK (A.2.1), MPKi/MPKr (A.2.2) and the Vr key (6.10). Under
 * D3 the two are the same suite anyway.
 *
 * Common return codes: 0; MIKEY_E_INVAL for a NULL argument, a RAND or ID longer than its
 * length field, a constant not of the function's table, or no RAND where the section needs
 * one; MIKEY_E_KEY_LENGTH for an |out_len| the section does not allow; the codes of
 * mikey_prf_derive (MIKEY_E_STATE when the context is not keyed, MIKEY_E_CRYPTO). On error
 * |out| holds no key material.
 */
#ifndef MIKEY_KDF_H
#define MIKEY_KDF_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>

#include "crypto/mikey_prf.h"
#include "crypto/mikey_suite.h"

/* RFC 3830 Table 4.1.3: keys from a TGK (also RFC 6043 5.1.3, from a TGK, TGK' or GTGK). */
#define MIKEY_KDF_TEK       0x2AD01C64u
#define MIKEY_KDF_TGK_AUTH  0x1B5C7973u
#define MIKEY_KDF_TGK_ENCR  0x15798CEFu
#define MIKEY_KDF_TGK_SALT  0x39A2C14Bu

/* RFC 3830 Table 4.1.4: keys from an envelope key / PSK (also RFC 6043 5.1.2 from a PSK or
 * MPK, A.2.1 from a TPK and 6.10 from MPKr). */
#define MIKEY_KDF_ENCR      0x150533E1u
#define MIKEY_KDF_AUTH      0x2D22AC75u
#define MIKEY_KDF_SALT      0x29B88916u

/* RFC 6043 Table 5.1: forked keys. */
#define MIKEY_KDF_FORK_MPKR 0x2B288856u
#define MIKEY_KDF_FORK_TGK  0x1512B54Au

/* RFC 6043 Table A.1: MPKi and MPKr from the MPK. */
#define MIKEY_KDF_MPKI      0x220E99A2u
#define MIKEY_KDF_MPKR      0x1F4D675Bu

/* RFC 6043 5.1.2: the direction byte of message keys. */
#define MIKEY_KDF_INITIAL   0x01
#define MIKEY_KDF_RESPONSE  0x02

/*
 * RFC 3830 4.1.3, keys from a TGK in plain MIKEY.
 *   label = constant (4) || cs_id (1) || csb_id (4) || RAND (rand_len)
 * |constant| one of MIKEY_KDF_TEK, _TGK_AUTH, _TGK_ENCR, _TGK_SALT; |rand_len| at least 1.
 * (MIKEY-TICKET uses mikey_kdf_tgk below instead.)
 */
int mikey_kdf_3830_tgk(mikey_prf *tgk, uint32_t constant, uint8_t cs_id, uint32_t csb_id,
                       const uint8_t *rand, size_t rand_len, uint8_t *out, size_t out_len);

/*
 * RFC 3830 4.1.4, keys for MIKEY messages from an envelope key or PSK in plain MIKEY.
 *   label = constant (4) || 0xFF || csb_id (4) || RAND (rand_len)
 * |constant| one of MIKEY_KDF_ENCR, _AUTH, _SALT; |rand_len| at least 1.
 * (MIKEY-TICKET uses mikey_kdf_msg below instead.)
 */
int mikey_kdf_3830_psk(mikey_prf *psk, uint32_t constant, uint32_t csb_id, const uint8_t *rand,
                       size_t rand_len, uint8_t *out, size_t out_len);

/*
 * RFC 6043 5.1.1, forked keys MPKr' and TGK' (KMS and Initiator, with the Ticket Policy PRF).
 *   label = constant (4) || 0xFF || 0xFFFFFFFF || 0x00 ||
 *           length ID Data (2) || ID Data || length RANDRkms (1) || RANDRkms
 * |inkey| of the context: MPKr or TGK. |constant| MIKEY_KDF_FORK_MPKR or _FORK_TGK. |id|: the
 * ID Data of the IDRr payload (at most 65535 bytes, may be empty); |randrkms| at most 255 bytes
 * (may be empty: the section gives it a length field). "outkey_len ... SHALL be equal to
 * inkey_len": any other |out_len| is MIKEY_E_KEY_LENGTH.
 */
int mikey_kdf_fork(mikey_prf *inkey, uint32_t constant, const uint8_t *id, size_t id_len,
                   const uint8_t *randrkms, size_t randrkms_len, uint8_t *out, size_t out_len);

/*
 * RFC 6043 5.1.2, keys protecting MIKEY-TICKET messages, from a PSK, envelope key, MPKi or
 * MPKr' (with the HDR PRF).
 *   label = constant (4) || 0xFF || CSB ID (4) || direction (1) ||
 *           length RANDRi (1) || [RANDRi] || length RANDRr (1) || [RANDRr]
 * |constant| MIKEY_KDF_ENCR, _AUTH or _SALT. |direction| MIKEY_KDF_INITIAL (0x01, initial
 * messages) or MIKEY_KDF_RESPONSE (0x02). An absent RAND is passed as NULL/0 and gets length
 * 0; "at least one of RANDRi and RANDRr is always used" (else MIKEY_E_INVAL); each at most 255.
 * Ticket Request and Ticket Transfer: RANDRi; Ticket Resolve: RANDRr (and RANDRi when the
 * caller has it); TRANSFER_RESP: RANDRr when the G flag says so.
 */
int mikey_kdf_msg(mikey_prf *inkey, uint32_t constant, uint32_t csb_id, uint8_t direction,
                  const uint8_t *randri, size_t randri_len, const uint8_t *randrr,
                  size_t randrr_len, uint8_t *out, size_t out_len);

/*
 * RFC 6043 5.1.3, keys from a TGK, TGK' or GTGK (with the HDR PRF).
 *   label = constant (4) || CS ID (1) || 0xFFFFFFFF || 0x03 ||
 *           length RANDRi (1) || [RANDRi] || length RANDRr (1) || [RANDRr]
 * |constant| MIKEY_KDF_TEK, _TGK_AUTH, _TGK_ENCR or _TGK_SALT. RANDRi is passed when the H
 * flag is 1, RANDRr when the G flag is 1; absent ones as NULL/0; at least one is required
 * (MIKEY_E_INVAL), each at most 255 bytes.
 */
int mikey_kdf_tgk(mikey_prf *tgk, uint32_t constant, uint8_t cs_id, const uint8_t *randri,
                  size_t randri_len, const uint8_t *randrr, size_t randrr_len, uint8_t *out,
                  size_t out_len);

/*
 * PROFILE.md section 4: the S/MIME KEK is the TEK of the one PSK/MIME crypto session, i.e.
 * mikey_kdf_tgk with MIKEY_KDF_TEK, the CS ID, RANDRi (H=1) and no RANDRr (G=0):
 *   label = 0x2AD01C64 || CS ID || 0xFFFFFFFF || 0x03 || length RANDRi || RANDRi || 0x00
 * |tgk| keyed with the ticket's TGK or GTGK; |kek_len| 16 or 32 (the AES key wrap that uses
 * the KEK, RFC 3565), else MIKEY_E_KEY_LENGTH; |randri_len| 1..255.
 */
int mikey_kdf_kek(mikey_prf *tgk, uint8_t cs_id, const uint8_t *randri, size_t randri_len,
                  uint8_t *kek, size_t kek_len);

/*
 * RFC 6043 A.2.1, keys from a TPK (ticket creator and resolver, with the Ticket Policy PRF).
 *   label = constant (4) || 0xFF || 0xFFFFFFFF || 0x05 || length RAND (1) || RAND
 * |constant| MIKEY_KDF_ENCR, _AUTH or _SALT; |rand| the RAND of the Ticket Data, 1..255 bytes.
 */
int mikey_kdf_tpk(mikey_prf *tpk, uint32_t constant, const uint8_t *rand, size_t rand_len,
                  uint8_t *out, size_t out_len);

/*
 * RFC 6043 A.2.2, MPKi and MPKr from the MPK (with the Ticket Policy PRF).
 *   label = constant (4) || 0xFF || 0xFFFFFFFF || 0x06 || length RAND (1) || RAND
 * |constant| MIKEY_KDF_MPKI (0x220E99A2) or MIKEY_KDF_MPKR (0x1F4D675B); |rand| the RAND of
 * the Ticket Data, 1..255 bytes; "outkey_len ... SHALL be equal to inkey_len" (else
 * MIKEY_E_KEY_LENGTH).
 */
int mikey_kdf_mpk(mikey_prf *mpk, uint32_t constant, const uint8_t *rand, size_t rand_len,
                  uint8_t *out, size_t out_len);

/*
 * RFC 6043 6.10, the key of the Vr payload in the Initiator Data, from MPKr (not forked), with
 * the Ticket Policy PRF.
 *   label = constant (4) || 0xFF || 0xFFFFFFFF || 0x04
 * |constant| MIKEY_KDF_ENCR, _AUTH or _SALT (only the auth_key is used by Vr).
 */
int mikey_kdf_vr(mikey_prf *mpkr, uint32_t constant, uint8_t *out, size_t out_len);

/*
 * The keys one protected MIKEY message (or ticket) needs, sized for its algorithms:
 * encr_key and salt_key for its KEMAC (Encr alg), auth_key for its V (MAC alg). Lengths are 0
 * for NULL algorithms. Wipe with mikey_keyset_clear.
 */
typedef struct mikey_keyset {
  uint8_t encr_alg; /* MIKEY_ENCR_* the keys were derived for */
  uint8_t mac_alg;  /* MIKEY_MAC_* */
  size_t encr_len, salt_len, auth_len;
  uint8_t encr[MIKEY_SUITE_MAX_ENCR_KEY];
  uint8_t salt[MIKEY_SUITE_MAX_SALT];
  uint8_t auth[MIKEY_SUITE_MAX_AUTH_KEY];
} mikey_keyset;

/* mikey_keyset_clear wipes every key of |ks|. */
void mikey_keyset_clear(mikey_keyset *ks);

/*
 * mikey_kdf_msg_keys derives the encr_key, salt_key and auth_key of one message (RFC 6043
 * 5.1.2, label as mikey_kdf_msg) for |encr_alg| (MIKEY_ENCR_*) and |mac_alg| (MIKEY_MAC_*),
 * skipping the keys of NULL algorithms. Returns the codes of mikey_kdf_msg, and
 * MIKEY_E_SUITE_EA / MIKEY_E_SUITE_MAC for unknown algorithms. On error |ks| is wiped.
 */
int mikey_kdf_msg_keys(mikey_prf *inkey, uint32_t csb_id, uint8_t direction,
                       const uint8_t *randri, size_t randri_len, const uint8_t *randrr,
                       size_t randrr_len, uint8_t encr_alg, uint8_t mac_alg, mikey_keyset *ks);

/*
 * mikey_kdf_tpk_keys derives the keys of a ticket (RFC 6043 A.2.1, label as mikey_kdf_tpk):
 * encr_key and salt_key for the ticket's KEMAC, auth_key for its V. Codes as
 * mikey_kdf_msg_keys.
 */
int mikey_kdf_tpk_keys(mikey_prf *tpk, const uint8_t *rand, size_t rand_len, uint8_t encr_alg,
                       uint8_t mac_alg, mikey_keyset *ks);

#endif /* MIKEY_KDF_H */
