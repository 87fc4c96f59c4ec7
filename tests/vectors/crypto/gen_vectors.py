#!/usr/bin/env python3
"""Expected values for the crypto-layer tests, computed independently of the library.

Everything here is written from the RFC text, not from lib/crypto/:
  - the P-function and PRF of RFC 3830 4.1.2 (HMAC-SHA-1, 160) and RFC 6043 6.1
    (HMAC-SHA-256, 256), with Python's hmac/hashlib;
  - each label byte by byte as RFC 3830 4.1.3 / 4.1.4 and RFC 6043 5.1.1, 5.1.2, 5.1.3,
    6.10, A.2.1, A.2.2 draw it;
  - the KEMAC AES-CM IV of RFC 3830 4.2.3, with the keystream from the openssl CLI
    (`openssl enc -aes-128-ctr` / `-aes-256-ctr`), and AES-KW-128 with IV = S from
    `openssl enc -id-aes128-wrap`;
  - V MACs with Python's hmac over the concatenated ranges.

Regenerate (from the top of the source tree):
    python3 tests/vectors/crypto/gen_vectors.py > tests/vectors/crypto/crypto_vectors.h
`make check` runs tests/crypto_vectors_check.sh, which regenerates into a temporary file and
fails when it differs from the committed header.
"""

import hashlib
import hmac
import struct
import subprocess
import sys

MIKEY_1, HMAC_SHA_256 = 0, 1
ENCR_NULL, ENCR_AES_CM_128, ENCR_AES_KW_128, ENCR_AES_CM_256 = 0, 1, 2, 3
MAC_NULL, MAC_SHA1_160, MAC_SHA256_256 = 0, 1, 2

# RFC 3830 Table 4.1.3 / 4.1.4, RFC 6043 Table 5.1 / A.1
TEK, TGK_AUTH, TGK_ENCR, TGK_SALT = 0x2AD01C64, 0x1B5C7973, 0x15798CEF, 0x39A2C14B
ENCR, AUTH, SALT = 0x150533E1, 0x2D22AC75, 0x29B88916
FORK_MPKR, FORK_TGK = 0x2B288856, 0x1512B54A
MPKI, MPKR = 0x220E99A2, 0x1F4D675B


def pat(n, seed):
    """n deterministic bytes; different seeds give unrelated-looking patterns."""
    return bytes(((i * (2 * seed + 1) + 17 * seed + 5) ^ (seed * 29)) & 0xFF for i in range(n))


# --- RFC 3830 4.1.2 / RFC 6043 6.1 ---------------------------------------------------------
def p_function(hash_name, s, label, m):
    """P(s, label, m) = HMAC(s, A_1 || label) || ... || HMAC(s, A_m || label),
    A_0 = label, A_i = HMAC(s, A_(i-1))."""
    out = b""
    a = label
    for _ in range(m):
        a = hmac.new(s, a, hash_name).digest()
        out += hmac.new(s, a + label, hash_name).digest()
    return out


def prf(prf_func, inkey, label, outkey_len):
    """outkey_len in bytes. n = ceil(inkey bits / 256), m = ceil(outkey bits / 160 or 256)."""
    hash_name, hbits = {MIKEY_1: ("sha1", 160), HMAC_SHA_256: ("sha256", 256)}[prf_func]
    inkey_bits = 8 * len(inkey)
    n = -(-inkey_bits // 256)
    m = -(-(8 * outkey_len) // hbits)
    pieces = [inkey[32 * i:32 * (i + 1)] for i in range(n)]
    acc = bytes(m * hbits // 8)
    for s in pieces:
        acc = bytes(x ^ y for x, y in zip(acc, p_function(hash_name, s, label, m)))
    return acc[:outkey_len]


# --- labels ------------------------------------------------------------------------------
def u32(v):
    return struct.pack(">I", v)


def label_3830_tgk(const, cs_id, csb_id, rand):          # RFC 3830 4.1.3
    return u32(const) + bytes([cs_id]) + u32(csb_id) + rand


def label_3830_psk(const, csb_id, rand):                 # RFC 3830 4.1.4
    return u32(const) + b"\xff" + u32(csb_id) + rand


def label_fork(const, id_data, randrkms):                # RFC 6043 5.1.1
    return (u32(const) + b"\xff" + b"\xff\xff\xff\xff" + b"\x00" +
            struct.pack(">H", len(id_data)) + id_data + bytes([len(randrkms)]) + randrkms)


def label_msg(const, csb_id, direction, randri, randrr):  # RFC 6043 5.1.2
    return (u32(const) + b"\xff" + u32(csb_id) + bytes([direction]) +
            bytes([len(randri)]) + randri + bytes([len(randrr)]) + randrr)


def label_tgk(const, cs_id, randri, randrr):              # RFC 6043 5.1.3
    return (u32(const) + bytes([cs_id]) + b"\xff\xff\xff\xff" + b"\x03" +
            bytes([len(randri)]) + randri + bytes([len(randrr)]) + randrr)


def label_tpk(const, rand):                               # RFC 6043 A.2.1
    return u32(const) + b"\xff" + b"\xff\xff\xff\xff" + b"\x05" + bytes([len(rand)]) + rand


def label_mpk(const, rand):                               # RFC 6043 A.2.2
    return u32(const) + b"\xff" + b"\xff\xff\xff\xff" + b"\x06" + bytes([len(rand)]) + rand


def label_vr(const):                                      # RFC 6043 6.10
    return u32(const) + b"\xff" + b"\xff\xff\xff\xff" + b"\x04"


# --- KEMAC encryption (RFC 3830 4.2.3, RFC 6043 6.2) ---------------------------------------
def kemac_iv(salt, csb_id, t):
    """IV = (S XOR (0x0000 || CSB ID || T)) || 0x0000, S 112 bits, T 64 bits."""
    assert len(salt) == 14
    x = b"\x00\x00" + u32(csb_id) + struct.pack(">Q", t)
    return bytes(a ^ b for a, b in zip(salt, x)) + b"\x00\x00"


def openssl_enc(cipher, key, iv, data):
    r = subprocess.run(["openssl", "enc", "-" + cipher, "-K", key.hex(), "-iv", iv.hex()],
                       input=data, capture_output=True, check=True)
    return r.stdout


def aes_cm(key, iv, data):
    return openssl_enc({16: "aes-128-ctr", 32: "aes-256-ctr"}[len(key)], key, iv, data)


def aes_kw(key, iv8, data):
    return openssl_enc("id-aes128-wrap", key, iv8, data)


# --- output helpers ----------------------------------------------------------------------
def h(b):
    return "NULL" if b is None else '"' + b.hex() + '"'


out_lines = []


def emit(s=""):
    out_lines.append(s)


def main():
    emit("/* Generated by tests/vectors/crypto/gen_vectors.py: do not edit. Regenerate with")
    emit(" *   python3 tests/vectors/crypto/gen_vectors.py > tests/vectors/crypto/crypto_vectors.h")
    emit(" * Values computed from the RFC text with Python hmac/hashlib and the openssl CLI. */")
    emit("#ifndef CRYPTO_VECTORS_H")
    emit("#define CRYPTO_VECTORS_H")
    emit()

    # --- raw PRF ---------------------------------------------------------------------------
    emit("/* RFC 3830 4.1.2 / RFC 6043 6.1: PRF(inkey, label) -> out_len bytes. */")
    emit("static const struct prf_vec {")
    emit("  uint8_t prf;")
    emit("  const char *inkey, *label;")
    emit("  size_t out_len;")
    emit("  const char *out;")
    emit("} prf_vectors[] = {")
    cases = []
    for p in (MIKEY_1, HMAC_SHA_256):
        # inkey lengths: one piece, exactly one piece, one byte over (n = 2), two full
        # pieces, 100 bytes (n = 4, last piece 4 bytes), 128 bytes (the bound);
        # outkey lengths below, at, and over the hash size, and several blocks.
        for inlen, outlen in ((16, 16), (16, 14), (32, 20), (32, 21), (33, 32), (64, 33),
                              (100, 45), (128, 64), (20, 1), (48, 100)):
            cases.append((p, pat(inlen, inlen + p), pat(23 + outlen % 7, outlen), outlen))
    # a long label (several hash blocks)
    cases.append((MIKEY_1, pat(32, 99), pat(300, 98), 40))
    cases.append((HMAC_SHA_256, pat(32, 99), pat(300, 98), 40))
    for p, ik, lab, ol in cases:
        emit("    {%d, %s, %s, %d,\n     %s}," % (p, h(ik), h(lab), ol, h(prf(p, ik, lab, ol))))
    emit("};")
    emit()

    # --- each derivation ---------------------------------------------------------------------
    emit("enum kdf_kind { KDF_3830_TGK, KDF_3830_PSK, KDF_FORK, KDF_MSG, KDF_TGK, KDF_KEK, KDF_TPK,")
    emit("                KDF_MPK, KDF_VR };")
    emit()
    emit("/* One derivation each: rand_a is RAND / RANDRi / RANDRkms, rand_b is RANDRr, id the")
    emit(" * IDRr ID Data; NULL means absent. */")
    emit("static const struct kdf_vec {")
    emit("  const char *name;")
    emit("  enum kdf_kind kind;")
    emit("  uint8_t prf;")
    emit("  uint32_t constant;")
    emit("  const char *inkey;")
    emit("  uint8_t cs_id, dir;")
    emit("  uint32_t csb_id;")
    emit("  const char *rand_a, *rand_b, *id;")
    emit("  size_t out_len;")
    emit("  const char *out;")
    emit("} kdf_vectors[] = {")

    def kv(name, kind, p, const, inkey, cs_id, direction, csb_id, ra, rb, idd, outlen, label):
        emit('    {"%s", %s, %d, 0x%08Xu, %s,\n     %d, %d, 0x%08Xu, %s, %s, %s, %d,\n     %s},'
             % (name, kind, p, const, h(inkey), cs_id, direction, csb_id, h(ra), h(rb), h(idd),
                outlen, h(prf(p, inkey, label, outlen))))

    k16, k32, k48 = pat(16, 1), pat(32, 2), pat(48, 3)
    r16, r32, r16b, r32b = pat(16, 4), pat(32, 5), pat(16, 6), pat(32, 7)
    csb = 0x1A2B3C4D
    for p in (MIKEY_1, HMAC_SHA_256):
        # RFC 3830 4.1.3 every constant
        for c, nm in ((TEK, "tek"), (TGK_AUTH, "auth"), (TGK_ENCR, "encr"), (TGK_SALT, "salt")):
            kv("3830_tgk_" + nm, "KDF_3830_TGK", p, c, k16, 7, 0, csb, r16, None, None, 16,
               label_3830_tgk(c, 7, csb, r16))
        # RFC 3830 4.1.4 every constant, salt 14 bytes, auth 20
        for c, nm, ol in ((ENCR, "encr", 16), (AUTH, "auth", 20), (SALT, "salt", 14)):
            kv("3830_psk_" + nm, "KDF_3830_PSK", p, c, k32, 0, 0, csb, r16, None, None, ol,
               label_3830_psk(c, csb, r16))
        # RFC 6043 5.1.1 forking, both constants, 16- and 32-byte inkeys
        idd = b"sip:user1@example.com"
        kv("fork_mpkr", "KDF_FORK", p, FORK_MPKR, k16, 0, 0, 0, r16, None, idd, 16,
           label_fork(FORK_MPKR, idd, r16))
        kv("fork_tgk", "KDF_FORK", p, FORK_TGK, k32, 0, 0, 0, r32, None, idd, 32,
           label_fork(FORK_TGK, idd, r32))
        kv("fork_tgk_long_id", "KDF_FORK", p, FORK_TGK, k32, 0, 0, 0, r32, None, pat(300, 8), 32,
           label_fork(FORK_TGK, pat(300, 8), r32))
        # RFC 6043 5.1.2, both directions, RANDRi only, RANDRr only, both
        for d in (1, 2):
            for c, nm, ol in ((ENCR, "encr", 32), (AUTH, "auth", 32), (SALT, "salt", 14)):
                kv("msg_%d_ri_%s" % (d, nm), "KDF_MSG", p, c, k32, 0, d, csb, r32, None, None, ol,
                   label_msg(c, csb, d, r32, b""))
            kv("msg_%d_rr" % d, "KDF_MSG", p, AUTH, k16, 0, d, csb, None, r16b, None, 20,
               label_msg(AUTH, csb, d, b"", r16b))
            kv("msg_%d_ri_rr" % d, "KDF_MSG", p, ENCR, k48, 0, d, csb, r16, r32b, None, 16,
               label_msg(ENCR, csb, d, r16, r32b))
        # RFC 6043 5.1.3 every constant, H only, G only, both
        for c, nm in ((TEK, "tek"), (TGK_AUTH, "auth"), (TGK_ENCR, "encr"), (TGK_SALT, "salt")):
            kv("tgk_%s_ri" % nm, "KDF_TGK", p, c, k32, 1, 0, 0, r32, None, None, 32,
               label_tgk(c, 1, r32, b""))
        kv("tgk_tek_rr", "KDF_TGK", p, TEK, k16, 3, 0, 0, None, r16b, None, 16,
           label_tgk(TEK, 3, b"", r16b))
        kv("tgk_tek_ri_rr", "KDF_TGK", p, TEK, k16, 2, 0, 0, r16, r16b, None, 30,
           label_tgk(TEK, 2, r16, r16b))
        # PROFILE.md 4: the KEK = TEK, CS ID 1, RANDRi, no RANDRr, 16 and 32 bytes
        kv("kek_128", "KDF_KEK", p, TEK, k16, 1, 0, 0, r16, None, None, 16,
           label_tgk(TEK, 1, r16, b""))
        kv("kek_256", "KDF_KEK", p, TEK, k32, 1, 0, 0, r32, None, None, 32,
           label_tgk(TEK, 1, r32, b""))
        # RFC 6043 A.2.1 every constant
        for c, nm, ol in ((ENCR, "encr", 32), (AUTH, "auth", 20), (SALT, "salt", 14)):
            kv("tpk_" + nm, "KDF_TPK", p, c, k32, 0, 0, 0, r32, None, None, ol,
               label_tpk(c, r32))
        # RFC 6043 A.2.2 MPKi and MPKr, 16 and 32
        kv("mpki_128", "KDF_MPK", p, MPKI, k16, 0, 0, 0, r16, None, None, 16, label_mpk(MPKI, r16))
        kv("mpkr_128", "KDF_MPK", p, MPKR, k16, 0, 0, 0, r16, None, None, 16, label_mpk(MPKR, r16))
        kv("mpki_256", "KDF_MPK", p, MPKI, k32, 0, 0, 0, r32, None, None, 32, label_mpk(MPKI, r32))
        kv("mpkr_256", "KDF_MPK", p, MPKR, k32, 0, 0, 0, r32, None, None, 32, label_mpk(MPKR, r32))
        # RFC 6043 6.10 the Vr key
        kv("vr_auth", "KDF_VR", p, AUTH, k16, 0, 0, 0, None, None, None, 20, label_vr(AUTH))
        kv("vr_auth_256", "KDF_VR", p, AUTH, k32, 0, 0, 0, None, None, None, 32, label_vr(AUTH))
    emit("};")
    emit()

    # --- key sets -----------------------------------------------------------------------------
    emit("/* Keys of one message (RFC 6043 5.1.2) or ticket (A.2.1) for an Encr alg and MAC alg. */")
    emit("static const struct keyset_vec {")
    emit("  int ticket; /* 0: mikey_kdf_msg_keys, 1: mikey_kdf_tpk_keys */")
    emit("  uint8_t prf, dir, encr_alg, mac_alg;")
    emit("  uint32_t csb_id;")
    emit("  const char *inkey, *rand_a, *rand_b;")
    emit("  const char *encr, *salt, *auth;")
    emit("} keyset_vectors[] = {")
    enc_len = {ENCR_NULL: 0, ENCR_AES_CM_128: 16, ENCR_AES_KW_128: 16, ENCR_AES_CM_256: 32}
    salt_len = {ENCR_NULL: 0, ENCR_AES_CM_128: 14, ENCR_AES_KW_128: 8, ENCR_AES_CM_256: 14}
    auth_len = {MAC_NULL: 0, MAC_SHA1_160: 20, MAC_SHA256_256: 32}

    def ks(ticket, p, d, ea, ma, csb_id, inkey, ra, rb):
        def one(c, n):
            if n == 0:
                return None
            lab = label_tpk(c, ra) if ticket else label_msg(c, csb_id, d, ra or b"", rb or b"")
            return prf(p, inkey, lab, n)
        emit("    {%d, %d, %d, %d, %d, 0x%08Xu, %s, %s, %s,\n     %s,\n     %s,\n     %s},"
             % (ticket, p, d, ea, ma, csb_id, h(inkey), h(ra), h(rb), h(one(ENCR, enc_len[ea])),
                h(one(SALT, salt_len[ea])), h(one(AUTH, auth_len[ma]))))

    ks(0, MIKEY_1, 1, ENCR_AES_CM_128, MAC_SHA1_160, csb, k16, r16, None)
    ks(0, MIKEY_1, 2, ENCR_AES_KW_128, MAC_SHA1_160, csb, k16, r16, r16b)
    ks(0, HMAC_SHA_256, 1, ENCR_AES_CM_256, MAC_SHA256_256, csb, k32, r32, None)
    ks(0, HMAC_SHA_256, 2, ENCR_AES_CM_256, MAC_SHA256_256, csb, k32, None, r32b)
    ks(0, HMAC_SHA_256, 1, ENCR_NULL, MAC_SHA256_256, 0x00000001, k16, r16, None)
    ks(1, MIKEY_1, 0, ENCR_AES_CM_128, MAC_SHA1_160, 0, k16, r16, None)
    ks(1, HMAC_SHA_256, 0, ENCR_AES_CM_256, MAC_SHA256_256, 0, k32, r32, None)
    emit("};")
    emit()

    # --- KEMAC encryption -------------------------------------------------------------------
    emit("/* RFC 3830 4.2.3 / RFC 6043 6.2: KEMAC Encr data, keystream and wrap from openssl. */")
    emit("static const struct kemac_vec {")
    emit("  uint8_t encr_alg;")
    emit("  const char *key, *salt;")
    emit("  uint32_t csb_id;")
    emit("  uint64_t t;")
    emit("  const char *iv; /* the 16-byte AES-CM IV (NULL for AES-KW) */")
    emit("  const char *plain, *cipher;")
    emit("} kemac_vectors[] = {")

    def kem(ea, key, salt, csb_id, t, plain):
        if ea == ENCR_AES_KW_128:
            iv, ct = None, aes_kw(key, salt, plain)
        else:
            iv = kemac_iv(salt, csb_id, t)
            ct = aes_cm(key, iv, plain)
        emit("    {%d, %s, %s, 0x%08Xu, 0x%016XULL,\n     %s,\n     %s,\n     %s},"
             % (ea, h(key), h(salt), csb_id, t, h(iv), h(plain), h(ct)))

    ntp = 0xE8D4A51012345678  # an NTP-UTC timestamp (2023) with a fraction
    kem(ENCR_AES_CM_128, pat(16, 11), pat(14, 12), csb, ntp, pat(45, 13))
    kem(ENCR_AES_CM_128, pat(16, 11), pat(14, 12), 0xFFFFFFFF, ntp, pat(300, 14))
    kem(ENCR_AES_CM_256, pat(32, 15), pat(14, 16), csb, ntp, pat(61, 17))
    # NTP-UTC-32 padded with a zero fraction (RFC 6043 6.3), COUNTER with leading zeros
    kem(ENCR_AES_CM_256, pat(32, 15), pat(14, 16), 0xFFFFFFFF, 0xE8D4A51000000000, pat(16, 18))
    kem(ENCR_AES_CM_128, pat(16, 11), pat(14, 12), csb, 0x0000000000000102, pat(1, 19))
    # AES-KW-128, IV = the 64-bit salt S
    kem(ENCR_AES_KW_128, pat(16, 20), pat(8, 21), csb, ntp, pat(40, 22))
    kem(ENCR_AES_KW_128, pat(16, 20), bytes.fromhex("A6A6A6A6A6A6A6A6"), csb, ntp, pat(16, 23))
    emit("};")
    emit()

    # --- ticket KEMAC end to end: TPK -> keys -> IV with CSB ID 0xFFFFFFFF -> AES-CM ---------
    emit("/* RFC 6043 A.1 / A.2.1: a ticket KEMAC from the TPK, CSB ID 0xFFFFFFFF in the IV. */")
    emit("static const struct ticket_kemac_vec {")
    emit("  uint8_t prf, encr_alg;")
    emit("  const char *tpk, *rand;")
    emit("  uint64_t t;")
    emit("  const char *plain, *cipher;")
    emit("} ticket_kemac_vectors[] = {")
    for p, ea, tpk in ((MIKEY_1, ENCR_AES_CM_128, k16), (HMAC_SHA_256, ENCR_AES_CM_256, k32)):
        rnd = pat(len(tpk), 30)
        ek = prf(p, tpk, label_tpk(ENCR, rnd), enc_len[ea])
        sk = prf(p, tpk, label_tpk(SALT, rnd), 14)
        plain = pat(2 * len(tpk) + 12, 31)
        ct = aes_cm(ek, kemac_iv(sk, 0xFFFFFFFF, ntp), plain)
        emit("    {%d, %d, %s, %s, 0x%016XULL,\n     %s,\n     %s},"
             % (p, ea, h(tpk), h(rnd), ntp, h(plain), h(ct)))
    emit("};")
    emit()

    # --- V MACs over ranges -----------------------------------------------------------------
    emit("/* RFC 3830 4.2.4 / RFC 6043 6.2: V MAC over the concatenation of the ranges. */")
    emit("static const struct vmac_vec {")
    emit("  uint8_t mac_alg;")
    emit("  const char *key;")
    emit("  const char *ranges[4]; /* unused ranges NULL */")
    emit("  const char *tag;")
    emit("} vmac_vectors[] = {")
    for ma, key, hn in ((MAC_SHA1_160, pat(20, 40), "sha1"), (MAC_SHA256_256, pat(32, 41), "sha256")):
        for rs in ((pat(77, 42),), (pat(50, 43), b"", pat(9, 44), b"alice@example.org"),
                   (pat(200, 45), b"bob@example.org")):
            tag = hmac.new(key, b"".join(rs), hn).digest()
            rl = ", ".join(h(r) for r in rs) + ", NULL" * (4 - len(rs))
            emit("    {%d, %s,\n     {%s},\n     %s}," % (ma, h(key), rl, h(tag)))
    emit("};")
    emit()
    emit("#endif /* CRYPTO_VECTORS_H */")
    sys.stdout.write("\n".join(out_lines) + "\n")


if __name__ == "__main__":
    main()
