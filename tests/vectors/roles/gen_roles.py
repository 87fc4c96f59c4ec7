#!/usr/bin/env python3
"""Expected KEKs and TRANSFER_INIT auth keys of tests/roles_flow_test.c, computed without the
library.

The flow tests inject a counting randomness provider: each party writes base + n, base +
n + 1, ... where n counts the bytes it has drawn so far (tests/roles_test_util.c; KMS base
0x80, initiator base 0x10). For a fixed case the order and length of the draws follow from
the profile (PROFILE.md and the engines' documented "one call per message"):

  KMS, REQUEST_RESP:  MPK (key_len) || MPK SPI (4) || ticket RAND (D5: 16/32) || TGK (key_len)
                      (the KEK identifier is the initiator's proposal, D8: no bytes drawn)
  initiator, REQUEST_INIT:  CSB ID (4) || RANDRi (16/32) || KEK id (4)
  initiator, TRANSFER_INIT: CSB ID (4) || RANDRi (16/32)

From these, written from the RFC text:
  MPKi     = PRF(MPK, 0x220E99A2 || 0xFF || 0xFFFFFFFF || 0x06 || len RAND || RAND)  (A.2.2)
  auth_key = PRF(MPKi, 0x2D22AC75 || 0xFF || CSB ID || 0x01 || len RANDRi || RANDRi || 0x00)
                                                                                      (5.1.2)
  KEK      = PRF(TGK, 0x2AD01C64 || 0x01 || 0xFFFFFFFF || 0x03 || len RANDRi || RANDRi || 0x00)
                                                     (5.1.3, PROFILE.md section 4, CS ID 1)
with the PRF of RFC 3830 4.1.2 (MIKEY-1: HMAC-SHA-1, 160) or RFC 6043 6.1 (PRF-HMAC-SHA-256).
The test then checks its TRANSFER_INIT's V with libgcrypt's HMAC under this auth_key.

The CSB update vectors (RFC 6043 5.2, tests/roles_update_test.c) follow one IMS flow (the
preset: PRF-HMAC-SHA-256, 128-bit keys, E F G H I J N O; alice to bob, two crypto sessions
1 and 2, clock T0) with the responder's randomness too (base 0xC0):

  KMS, RESOLVE_RESP:  RANDRkms (16)
  responder, RESOLVE_INIT: CSB ID (4) || RANDRr (16) || RANDRr of the TRANSFER_RESP (16, G=1)

  MPKr     = PRF(MPK, 0x1F4D675B || 0xFF || 0xFFFFFFFF || 0x06 || len RAND || RAND)  (A.2.2)
  MPKr'    = PRF(MPKr, 0x2B288856 || 0xFF || 0xFFFFFFFF || 0x00 || len ID (16 bits) || ID ||
                 len RANDRkms || RANDRkms)         (5.1.1, ID: bob's IDRr of the RESOLVE_RESP)
  encr_key, salt_key, auth_key = PRF(MPKr', 0x150533E1 / 0x29B88916 / 0x2D22AC75 || 0xFF ||
                 CSB ID || 0x02 || len RANDRi || RANDRi || len RANDRr || RANDRr)
                 (5.1.2: the keys of the TRANSFER_RESP, which protect every update, 5.2;
                 AES-CM-256 and HMAC-SHA-256-256 with this PRF, D3: 32, 14 and 32 bytes)
  KEMAC    = AES-CM(encr_key, IV = (salt_key XOR (0x0000 || CSB ID || T)) || 0x0000,
                 Key data sub-payload: 0x00 (last) || TGK type 0, KV NULL || 16-bit len || TGK)
                 (RFC 3830 4.2.3, 6.13; T of the update, D1; AES-256-CTR from the openssl CLI)
  TEK      = PRF(new TGK, 0x2AD01C64 || CS ID || 0xFFFFFFFF || 0x03 || len RANDRi || RANDRi ||
                 len RANDRr || RANDRr)          (5.1.3; the new TGK is not forked, 5.2)

Regenerate (from the top of the source tree):
    python3 tests/vectors/roles/gen_roles.py > tests/vectors/roles/roles_vectors.h
"""

import hashlib
import hmac
import struct
import subprocess

MIKEY_1, HMAC_SHA_256 = 0, 1

# (prf, key_len, proof-of-origin): the CASES table of roles_flow_test.c, same order
CASES = [(HMAC_SHA_256, 16, 0), (HMAC_SHA_256, 32, 0), (MIKEY_1, 16, 0),
         (HMAC_SHA_256, 16, 1), (HMAC_SHA_256, 32, 1), (MIKEY_1, 16, 1)]


def p_hash(digest, s, label, m):
    """RFC 3830 4.1.2: P(s, label, m) = HMAC(s, A_1 || label) || ... || HMAC(s, A_m || label),
    A_0 = label, A_i = HMAC(s, A_(i-1))."""
    out, a = b"", label
    for _ in range(m):
        a = hmac.new(s, a, digest).digest()
        out += hmac.new(s, a + label, digest).digest()
    return out


def prf(func, inkey, label, outlen):
    """RFC 3830 4.1.2 / RFC 6043 6.1: inkey cut into 256-bit pieces, the P outputs XORed."""
    digest = hashlib.sha1 if func == MIKEY_1 else hashlib.sha256
    hlen = digest().digest_size
    m = -(-outlen // hlen)
    pieces = [inkey[i:i + 32] for i in range(0, len(inkey), 32)]
    acc = bytearray(m * hlen)
    for s in pieces:
        for i, b in enumerate(p_hash(digest, s, label, m)):
            acc[i] ^= b
    return bytes(acc[:outlen])


class Stream:
    """The counting randomness of one party."""

    def __init__(self, base):
        self.base, self.n = base, 0

    def take(self, k):
        out = bytes((self.base + self.n + i) & 0xFF for i in range(k))
        self.n += k
        return out


def rand_len(key_len):
    return 16 if key_len <= 16 else 32  # D5


def case(prf_func, key_len):
    kms, ini = Stream(0x80), Stream(0x10)
    mpk = kms.take(key_len)
    kms.take(4)  # MPK SPI (D7)
    trand = kms.take(rand_len(key_len))
    tgk = kms.take(key_len)
    ini.take(4 + rand_len(key_len) + 4)  # the REQUEST_INIT: CSB ID, RANDRi, KEK id
    csb = ini.take(4)
    randri = ini.take(rand_len(key_len))
    mpki = prf(prf_func, mpk, struct.pack(">IBIB", 0x220E99A2, 0xFF, 0xFFFFFFFF, 0x06) +
               bytes([len(trand)]) + trand, len(mpk))
    auth_len = 20 if prf_func == MIKEY_1 else 32
    auth = prf(prf_func, mpki, struct.pack(">IB", 0x2D22AC75, 0xFF) + csb + b"\x01" +
               bytes([len(randri)]) + randri + b"\x00", auth_len)
    kek = prf(prf_func, tgk, struct.pack(">IBIB", 0x2AD01C64, 1, 0xFFFFFFFF, 0x03) +
              bytes([len(randri)]) + randri + b"\x00", key_len)
    return struct.unpack(">I", csb)[0], kek, auth


T0 = 3913056000  # the test clock, tests/roles_test_util.h
ENCR, AUTH, SALT, TEK = 0x150533E1, 0x2D22AC75, 0x29B88916, 0x2AD01C64
MPKR, FORK_MPKR = 0x1F4D675B, 0x2B288856
BOB = b"sip:bob@example.org"
# (name, the update's T in seconds after T0, first byte of the new TGK): the cases of
# tests/roles_update_test.c, same order
UPDATES = [("initiator", 10, 0xA0), ("responder", 20, 0xB0)]


def aes_cm(key, iv, data):
    """AES in counter mode with the IV as the initial counter block (openssl CLI)."""
    cipher = {16: "aes-128-ctr", 32: "aes-256-ctr"}[len(key)]
    r = subprocess.run(["openssl", "enc", "-" + cipher, "-K", key.hex(), "-iv", iv.hex()],
                       input=data, capture_output=True, check=True)
    return r.stdout


def ims_update(t_off, tgk0):
    """The KEMAC, auth_key and TEKs of a CSB update carrying a new TGK."""
    kms, ini, rsp = Stream(0x80), Stream(0x10), Stream(0xC0)
    mpk = kms.take(16)
    kms.take(4)  # MPK SPI
    trand = kms.take(16)
    kms.take(16)  # the TGK of the ticket (replaced by the update)
    randrkms = kms.take(16)
    ini.take(4 + 16 + 4)  # REQUEST_INIT
    csb = ini.take(4)
    randri = ini.take(16)
    rsp.take(4 + 16)  # RESOLVE_INIT: CSB ID, RANDRr
    randrr = rsp.take(16)  # RANDRr of the TRANSFER_RESP
    hs = HMAC_SHA_256
    mpkr = prf(hs, mpk, struct.pack(">IBIB", MPKR, 0xFF, 0xFFFFFFFF, 0x06) +
               bytes([len(trand)]) + trand, 16)
    mpkr_f = prf(hs, mpkr, struct.pack(">IBIBH", FORK_MPKR, 0xFF, 0xFFFFFFFF, 0x00, len(BOB)) +
                 BOB + bytes([len(randrkms)]) + randrkms, 16)
    rands = bytes([len(randri)]) + randri + bytes([len(randrr)]) + randrr

    def msg_key(const, n):
        return prf(hs, mpkr_f, struct.pack(">IB", const, 0xFF) + csb + b"\x02" + rands, n)

    encr, salt, auth = msg_key(ENCR, 32), msg_key(SALT, 14), msg_key(AUTH, 32)
    tgk = bytes((tgk0 + i) & 0xFF for i in range(16))
    t = (T0 + t_off) << 32
    plain = bytes([0x00, 0x00]) + struct.pack(">H", len(tgk)) + tgk
    x = b"\x00\x00" + csb + struct.pack(">Q", t)
    iv = bytes(a ^ b for a, b in zip(salt, x)) + b"\x00\x00"
    kemac = aes_cm(encr, iv, plain)
    teks = [prf(hs, tgk, struct.pack(">IBIB", TEK, cs, 0xFFFFFFFF, 0x03) + rands, 16)
            for cs in (1, 2)]
    return struct.unpack(">I", csb)[0], t, tgk, kemac, auth, teks


def c_bytes(b):
    return "{" + ", ".join("0x%02x" % x for x in b) + "}"


def main():
    print("/* Generated by tests/vectors/roles/gen_roles.py; do not edit. */")
    print("#ifndef ROLES_VECTORS_H\n#define ROLES_VECTORS_H\n")
    print("#include <stddef.h>\n#include <stdint.h>\n")
    print("typedef struct roles_vector {")
    print("  size_t case_index; /* index into CASES of roles_flow_test.c */")
    print("  uint8_t prf;")
    print("  uint32_t csb_id;   /* CSB ID of the TRANSFER_INIT */")
    print("  uint8_t kek[32];")
    print("  size_t kek_len;")
    print("  uint8_t auth_key[32]; /* auth_key of the TRANSFER_INIT's V */")
    print("  size_t auth_key_len;")
    print("} roles_vector;\n")
    print("static const roles_vector ROLES_VECTORS[] = {")
    for i, (f, kl, _poo) in enumerate(CASES):
        csb, kek, auth = case(f, kl)
        print("    {%d, %d, 0x%08xu,\n     %s, %d,\n     %s, %d}," %
              (i, f, csb, c_bytes(kek), len(kek), c_bytes(auth), len(auth)))
    print("};")
    print("#define ROLES_NVECTORS (sizeof(ROLES_VECTORS) / sizeof(ROLES_VECTORS[0]))\n")
    print("/* CSB updates with a new TGK in a KEMAC (RFC 6043 5.2), IMS flow alice -> bob. */")
    print("typedef struct roles_update_vector {")
    print("  const char *started_by; /* who sends the update TRANSFER_INIT */")
    print("  uint32_t csb_id;        /* CSB ID of the exchange */")
    print("  uint64_t t;             /* NTP-64 T of the update */")
    print("  uint8_t tgk[16];        /* the new TGK */")
    print("  uint8_t kemac[20];      /* Encr data of its KEMAC */")
    print("  size_t kemac_len;")
    print("  uint8_t auth_key[32];   /* auth_key of its V */")
    print("  uint8_t tek[2][16];     /* TEKs of crypto sessions 1 and 2 afterwards */")
    print("} roles_update_vector;\n")
    print("static const roles_update_vector ROLES_UPDATE_VECTORS[] = {")
    for name, t_off, tgk0 in UPDATES:
        csb, t, tgk, kemac, auth, teks = ims_update(t_off, tgk0)
        print('    {"%s", 0x%08xu, 0x%016xu,\n     %s,\n     %s, %d,\n     %s,\n'
              '     {%s,\n      %s}},' % (name, csb, t, c_bytes(tgk), c_bytes(kemac), len(kemac),
                                          c_bytes(auth), c_bytes(teks[0]), c_bytes(teks[1])))
    print("};")
    print("#define ROLES_NUPDATE_VECTORS \\\n  (sizeof(ROLES_UPDATE_VECTORS) / sizeof(ROLES_UPDATE_VECTORS[0]))\n")
    print("#endif /* ROLES_VECTORS_H */")


if __name__ == "__main__":
    main()
