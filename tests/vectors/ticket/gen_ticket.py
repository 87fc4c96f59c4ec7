#!/usr/bin/env python3
"""Known-answer tickets for the ticket-layer tests, built byte by byte from the RFC text.

Nothing here uses the library. Written from:
  - RFC 6043 6.10 (TP fields, TP Data, TICKET = TP || Ticket Data length || Ticket Data ||
    Initiator Data length || Initiator Data; Initiator Data = First Payload, Vi, Vr and the
    Vr key from MPKr with label 0x04), Appendix A (Ticket Data = THDR, T, RAND, KEMAC,
    [IDRpsk], V; A.1 the ticket MAC's coverage and CSB ID 0xFFFFFFFF in the IV; A.2.1 keys
    from the TPK; A.2.2 MPKi/MPKr; A.3 THDR), 5.1.1 (forked MPKr' and TGK'), 6.4 (TR), 6.6
    (IDR), 6.1 (PRF-HMAC-SHA-256);
  - RFC 3830 4.1.2 (MIKEY-1 PRF), 4.1.4 (constants), 4.2.3 (AES-CM IV), 6.2 (KEMAC), 6.6 (T),
    6.9 (V), 6.11 (RAND), 6.13 / 6.14 (key data sub-payload, KV SPI);
  - TS 33.328 D.4 (3GPP base ticket type 2 subtype 0 version 0; THDR Data begins with the
    48-bit KMS identifier).
PRFs and MACs with Python's hmac/hashlib; AES-CM keystream from the openssl CLI
(`openssl enc -aes-128-ctr` / `-aes-256-ctr`), as tests/vectors/crypto/gen_vectors.py does.

Regenerate (from the top of the source tree):
    python3 tests/vectors/ticket/gen_ticket.py > tests/vectors/ticket/ticket_vectors.h
`make check` runs tests/ticket_vectors_check.sh, which regenerates into a temporary file and
fails when it differs from the committed header.
"""

import hashlib
import hmac
import struct
import subprocess
import sys

MIKEY_1, HMAC_SHA_256 = 0, 1
ENCR_AES_CM_128, ENCR_AES_CM_256 = 1, 3
MAC_NULL, MAC_SHA1_160, MAC_SHA256_256 = 0, 1, 2

# Payload types: RFC 3830 Table 6.1.b, RFC 6043 Table 6.2
PT_LAST, PT_KEMAC, PT_T, PT_V, PT_RAND, PT_TR, PT_IDR, PT_KEYDATA = 0, 1, 5, 9, 11, 13, 14, 20
# ID roles (Table 6.11), TS roles (Table 6.9), ID types, TS types, key types, KV types
ROLE_I, ROLE_R, ROLE_KMS, ROLE_PSK, ROLE_APP = 1, 2, 3, 4, 5
TR_START, TR_END, TR_REKEY = 2, 3, 4
ID_URI, ID_BYTES = 1, 2
TS_NTP_UTC, TS_NTP_UTC_32 = 0, 3
KEY_TGK, KEY_TGK_SALT, KEY_TEK, KEY_TEK_SALT, KEY_GTGK, KEY_GTGK_SALT, KEY_MPK = range(7)
KV_SPI = 1

# RFC 3830 Table 4.1.4; RFC 6043 Tables 5.1 and A.1
ENCR, AUTH, SALT = 0x150533E1, 0x2D22AC75, 0x29B88916
FORK_MPKR, FORK_TGK = 0x2B288856, 0x1512B54A
MPKI, MPKR = 0x220E99A2, 0x1F4D675B


def pat(n, seed):
    """n deterministic bytes; different seeds give unrelated-looking patterns."""
    return bytes(((i * (2 * seed + 1) + 13 * seed + 7) ^ (seed * 37)) & 0xFF for i in range(n))


def u8(v):
    return bytes([v])


def u16(v):
    return struct.pack(">H", v)


def u32(v):
    return struct.pack(">I", v)


# --- PRF: RFC 3830 4.1.2, RFC 6043 6.1 ----------------------------------------------------
def prf(prf_func, inkey, label, outkey_len):
    hash_name, hlen = {MIKEY_1: ("sha1", 20), HMAC_SHA_256: ("sha256", 32)}[prf_func]
    n = -(-len(inkey) // 32)               # 256-bit pieces of the inkey
    m = -(-outkey_len // hlen)             # blocks of P
    acc = bytes(m * hlen)
    for i in range(n):
        s = inkey[32 * i:32 * (i + 1)]
        a, p = label, b""
        for _ in range(m):
            a = hmac.new(s, a, hash_name).digest()
            p += hmac.new(s, a + label, hash_name).digest()
        acc = bytes(x ^ y for x, y in zip(acc, p))
    return acc[:outkey_len]


def label_tpk(const, rand):        # A.2.1
    return u32(const) + b"\xff" + b"\xff\xff\xff\xff" + b"\x05" + u8(len(rand)) + rand


def label_mpk(const, rand):        # A.2.2
    return u32(const) + b"\xff" + b"\xff\xff\xff\xff" + b"\x06" + u8(len(rand)) + rand


def label_vr(const):               # 6.10
    return u32(const) + b"\xff" + b"\xff\xff\xff\xff" + b"\x04"


def label_fork(const, id_data, randrkms):   # 5.1.1
    return (u32(const) + b"\xff" + b"\xff\xff\xff\xff" + b"\x00" + u16(len(id_data)) + id_data +
            u8(len(randrkms)) + randrkms)


# --- payloads, field by field --------------------------------------------------------------
def p_idr(np, role, id_type, data):           # RFC 6043 6.6
    return u8(np) + u8(role) + u8(id_type) + u16(len(data)) + data


def p_tr(np, role, ts_type, value):           # RFC 6043 6.4
    return u8(np) + u8(role) + u8(ts_type) + value


def p_t(np, ts_type, value):                  # RFC 3830 6.6
    return u8(np) + u8(ts_type) + value


def p_rand(np, r):                            # RFC 3830 6.11
    return u8(np) + u8(len(r)) + r


def p_kemac(np, encr_alg, encr_data, mac_alg, mac):   # RFC 3830 6.2
    return u8(np) + u8(encr_alg) + u16(len(encr_data)) + encr_data + u8(mac_alg) + mac


def p_keydata(np, key_type, key, salt, spi):   # RFC 3830 6.13, 6.14 (KV SPI)
    out = u8(np) + u8(key_type << 4 | KV_SPI) + u16(len(key)) + key
    if key_type in (KEY_TGK_SALT, KEY_TEK_SALT, KEY_GTGK_SALT):
        out += u16(len(salt)) + salt
    return out + u8(len(spi)) + spi


def p_thdr(np, data):                         # RFC 6043 A.3
    return u8(np) + u16(len(data)) + data


def p_v(np, alg, mac):                        # RFC 3830 6.9
    return u8(np) + u8(alg) + mac


def chain(items):
    """items: list of (type, builder(np)) in wire order; each Next Payload names the next."""
    out = b""
    for i, (_, build) in enumerate(items):
        np = items[i + 1][0] if i + 1 < len(items) else PT_LAST
        out += build(np)
    return out


FLAG_NAMES = "DEFGHIJKLMNO"


def flag_bits(letters):
    return sum(1 << (11 - FLAG_NAMES.index(c)) for c in letters)


def tp_fields(ticket_type, subtype, version, prf_func, flags):
    """RFC 6043 6.10: Ticket Type (16), Subtype (8), Version (8), PRF Func (7), D..O (12),
    Res (5)."""
    bits = prf_func << 17 | flags << 5
    return u16(ticket_type) + u8(subtype) + u8(version) + struct.pack(">I", bits)[1:]


def kemac_iv(salt, csb_id, t64):
    """RFC 3830 4.2.3: IV = (S XOR (0x0000 || CSB ID || T)) || 0x0000."""
    x = b"\x00\x00" + u32(csb_id) + struct.pack(">Q", t64)
    return bytes(a ^ b for a, b in zip(salt, x)) + b"\x00\x00"


def aes_cm(key, iv, data):
    cipher = {16: "aes-128-ctr", 32: "aes-256-ctr"}[len(key)]
    r = subprocess.run(["openssl", "enc", "-" + cipher, "-K", key.hex(), "-iv", iv.hex()],
                       input=data, capture_output=True, check=True)
    return r.stdout


def suite(prf_func):
    """PROFILE.md D3: the Ticket Policy PRF picks the ticket's KEMAC and V algorithms."""
    if prf_func == MIKEY_1:
        return ENCR_AES_CM_128, 16, MAC_SHA1_160, 20, "sha1"
    return ENCR_AES_CM_256, 32, MAC_SHA256_256, 32, "sha256"


def build(c):
    """Builds the TICKET payload of case |c| (Next Payload 0), with and without Initiator
    Data, and every derived key the test checks."""
    pf = c["prf"]
    encr_alg, encr_len, mac_alg, tag_len, hash_name = suite(pf)

    # TP Data (6.10), granted policy: no KEMAC
    tpd_items = [(PT_IDR, lambda np: p_idr(np, ROLE_KMS, ID_URI, c["kms_uri"])),
                 (PT_IDR, lambda np: p_idr(np, ROLE_I, ID_URI, c["idri_uri"])),
                 (PT_TR, lambda np: p_tr(np, TR_START, TS_NTP_UTC_32, u32(c["trs"]))),
                 (PT_TR, lambda np: p_tr(np, TR_END, TS_NTP_UTC_32, u32(c["tre"])))]
    if c.get("trr") is not None:
        tpd_items.append((PT_TR, lambda np: p_tr(np, TR_REKEY, TS_NTP_UTC_32, u32(c["trr"]))))
    if c.get("app") is not None:
        tpd_items.append((PT_IDR, lambda np: p_idr(np, ROLE_APP, ID_BYTES, c["app"])))
    for r in c["r"]:
        tpd_items.append((PT_IDR, lambda np, r=r: p_idr(np, ROLE_R, ID_URI, r)))
    tp_data = u8(tpd_items[0][0]) + chain(tpd_items)

    # keys from the TPK (A.2.1)
    rand = c["rand"]
    encr_key = prf(pf, c["tpk"], label_tpk(ENCR, rand), encr_len)
    salt_key = prf(pf, c["tpk"], label_tpk(SALT, rand), 14)
    auth_key = prf(pf, c["tpk"], label_tpk(AUTH, rand), tag_len)

    # KEMAC = E(encr_key, MPK || keys), each key with KV SPI (6.2.1; D7, D8)
    kd_items = [(PT_KEYDATA, lambda np: p_keydata(np, KEY_MPK, c["mpk"], b"", c["mpk_spi"]))]
    for (kt, key, salt, spi) in c["keys"]:
        kd_items.append((PT_KEYDATA,
                         lambda np, kt=kt, key=key, salt=salt, spi=spi:
                         p_keydata(np, kt, key, salt, spi)))
    plain = chain(kd_items)
    if c["t_type"] == TS_NTP_UTC:
        t_bytes = struct.pack(">Q", c["t"])
        t64 = c["t"]
    else:   # NTP-UTC-32: padded with a zero fraction (RFC 6043 6.3)
        t_bytes = u32(c["t"])
        t64 = c["t"] << 32
    encr = aes_cm(encr_key, kemac_iv(salt_key, 0xFFFFFFFF, t64), plain)

    # Ticket Data (A.1), V with a zero MAC for now
    thdr_data = c["kms_id"] + c["thdr_extra"]
    td_items = [(None, lambda np: p_thdr(np, thdr_data)),
                (PT_T, lambda np: p_t(np, c["t_type"], t_bytes)),
                (PT_RAND, lambda np: p_rand(np, rand)),
                (PT_KEMAC, lambda np: p_kemac(np, encr_alg, encr, MAC_NULL, b""))]
    if c.get("idrpsk") is not None:
        td_items.append((PT_IDR, lambda np: p_idr(np, ROLE_PSK, ID_BYTES, c["idrpsk"])))
    td_items.append((PT_V, lambda np: p_v(np, mac_alg, bytes(tag_len))))
    ticket_data = chain(td_items)

    head = u8(PT_LAST) + tp_fields(c["type"], c["subtype"], c["version"], pf, c["flags"])
    body = head + u16(len(tp_data)) + tp_data + u16(len(ticket_data)) + ticket_data
    # A.1: the MAC covers the TICKET payload except Next Payload, Initiator Data length,
    # Initiator Data and the MAC: here body[1:-tag_len]
    mac = hmac.new(auth_key, body[1:-tag_len], hash_name).digest()
    body = body[:-tag_len] + mac
    ticket = body + u16(0)

    out = dict(ticket=ticket, mac=mac, encr_key=encr_key, salt_key=salt_key, auth_key=auth_key,
               mpki=prf(pf, c["mpk"], label_mpk(MPKI, rand), len(c["mpk"])),
               mpkr=prf(pf, c["mpk"], label_mpk(MPKR, rand), len(c["mpk"])))

    # Initiator Data (6.10): First Payload, Vi (a copy of a TRANSFER_INIT V), Vr keyed from
    # the unforked MPKr with label 0x04, same Auth alg, over everything but its MAC field
    vi_mac = pat(tag_len, 60 + c["seed"])
    vr_key = prf(pf, out["mpkr"], label_vr(AUTH), tag_len)
    idata_no_mac = u8(PT_V) + p_v(PT_V, mac_alg, vi_mac) + p_v(PT_LAST, mac_alg, b"")
    vr_mac = hmac.new(vr_key, idata_no_mac, hash_name).digest()
    out["vi_mac"] = vi_mac
    out["idata"] = idata_no_mac + vr_mac
    out["ticket_idata"] = body + u16(len(out["idata"])) + out["idata"]

    # forking (5.1.1): MPKr' and every TGK', with the IDRr ID Data and RANDRkms
    fid, rk = c["fork_id"], c["randrkms"]
    out["mpkr_fork"] = prf(pf, out["mpkr"], label_fork(FORK_MPKR, fid, rk), len(c["mpk"]))
    out["tgk_fork"] = [prf(pf, key, label_fork(FORK_TGK, fid, rk), len(key))
                       if kt in (KEY_TGK, KEY_TGK_SALT) else None
                       for (kt, key, salt, spi) in c["keys"]]
    return out


# Four tickets: both ticket types, both PRFs, 128- and 256-bit keys (PROFILE.md 3, D3, D5).
NTP_2024 = 0xE93C0E80
DAY = 86400
PSKMIME_FLAGS = flag_bits("DEHJNO")
CASES = [
    dict(name="3gpp_sha256_256", type=2, subtype=0, version=0, prf=HMAC_SHA_256,
         flags=PSKMIME_FLAGS, kms_uri=b"sip:kms.example.org", idri_uri=b"sip:alice@example.org",
         trs=NTP_2024, tre=NTP_2024 + DAY, trr=None, app=b"PSK/MIME",
         r=[b"sip:bob@example.org"], kms_id=bytes.fromhex("0a0b0c0d0e0f"), thdr_extra=b"",
         t_type=TS_NTP_UTC, t=(NTP_2024 + 10) << 32 | 0x12345678, rand=pat(32, 1),
         tpk=pat(32, 2), mpk=pat(32, 3), mpk_spi=bytes.fromhex("a1a2a3a4"),
         keys=[(KEY_TGK, pat(32, 4), b"", bytes.fromhex("11223344"))],
         idrpsk=b"tpk-2024-01", seed=1, fork_id=b"sip:bob@example.org", randrkms=pat(32, 5)),
    dict(name="3gpp_mikey1_128", type=2, subtype=0, version=0, prf=MIKEY_1,
         flags=PSKMIME_FLAGS, kms_uri=b"sip:kms.example.org", idri_uri=b"sip:alice@example.org",
         trs=NTP_2024, tre=NTP_2024 + DAY, trr=None, app=b"PSK/MIME",
         r=[b"sip:bob@example.org", b"sip:carol@example.org"],
         kms_id=bytes.fromhex("0a0b0c0d0e0f"), thdr_extra=b"",
         t_type=TS_NTP_UTC, t=(NTP_2024 + 20) << 32, rand=pat(16, 11), tpk=pat(16, 12),
         mpk=pat(16, 13), mpk_spi=bytes.fromhex("b1b2b3b4"),
         keys=[(KEY_TGK, pat(16, 14), b"", bytes.fromhex("55667788"))],
         idrpsk=b"tpk-2024-02", seed=2, fork_id=b"sip:carol@example.org", randrkms=pat(16, 15)),
    dict(name="base_sha256_128", type=1, subtype=1, version=1, prf=HMAC_SHA_256,
         flags=PSKMIME_FLAGS, kms_uri=b"sip:kms.example.net", idri_uri=b"sip:dave@example.net",
         trs=NTP_2024, tre=NTP_2024 + 7 * DAY, trr=None, app=b"PSK/MIME",
         r=[b"sip:erin@example.net"], kms_id=bytes.fromhex("c0ffee000001"),
         thdr_extra=b"\x01\x02\x03", t_type=TS_NTP_UTC_32, t=NTP_2024 + 30, rand=pat(16, 21),
         tpk=pat(16, 22), mpk=pat(16, 23), mpk_spi=bytes.fromhex("c1c2c3c4"),
         keys=[(KEY_TGK, pat(16, 24), b"", bytes.fromhex("99aabbcc"))],
         idrpsk=None, seed=3, fork_id=b"sip:erin@example.net", randrkms=pat(16, 25)),
    # IMS media profile (PROFILE.md 8): E=F=G=H=I=1, TRr, a TGK (forked), a TEK+SALT and a
    # GTGK (not forked), and Initiator Data
    dict(name="ims_sha256_256", type=2, subtype=0, version=0, prf=HMAC_SHA_256,
         flags=flag_bits("DEFGHINO"), kms_uri=b"sip:kms.example.org",
         idri_uri=b"sip:alice@example.org", trs=NTP_2024, tre=NTP_2024 + DAY, trr=3600,
         app=None, r=[b"sip:bob@example.org"], kms_id=bytes.fromhex("0a0b0c0d0e0f"),
         thdr_extra=b"ims", t_type=TS_NTP_UTC, t=(NTP_2024 + 40) << 32 | 0x80000000,
         rand=pat(32, 31), tpk=pat(32, 32), mpk=pat(32, 33), mpk_spi=bytes.fromhex("d1d2d3d4"),
         keys=[(KEY_TGK, pat(32, 34), b"", bytes.fromhex("01020304")),
               (KEY_TEK_SALT, pat(32, 35), pat(14, 36), bytes.fromhex("05060708")),
               (KEY_GTGK, pat(32, 37), b"", bytes.fromhex("090a0b0c"))],
         idrpsk=b"tpk-ims", seed=4, fork_id=b"sip:bob@example.org", randrkms=pat(32, 38)),
]


def h(b):
    return "NULL" if b is None else '"' + b.hex() + '"'


def cs(b):
    return "NULL" if b is None else '"' + b.decode() + '"'


def main():
    L = []
    L.append("/* Generated by tests/vectors/ticket/gen_ticket.py: do not edit. Regenerate with")
    L.append(" *   python3 tests/vectors/ticket/gen_ticket.py > tests/vectors/ticket/ticket_vectors.h")
    L.append(" * Tickets built byte by byte from RFC 6043 6.10 / Appendix A and TS 33.328 D.4 with")
    L.append(" * Python hmac/hashlib and the openssl CLI (AES-CM), not with the library. */")
    L.append("#ifndef TICKET_VECTORS_H")
    L.append("#define TICKET_VECTORS_H")
    L.append("")
    L.append("#include <stddef.h>")
    L.append("#include <stdint.h>")
    L.append("")
    L.append("struct ticket_vec_key {")
    L.append("  uint8_t type;")
    L.append("  const char *key, *salt, *spi; /* hex; salt NULL without */")
    L.append("  const char *fork;             /* TGK' (5.1.1) or NULL when the type is not forked */")
    L.append("};")
    L.append("")
    L.append("struct ticket_vec {")
    L.append("  const char *name;")
    L.append("  /* granted policy */")
    L.append("  uint16_t ticket_type;")
    L.append("  uint8_t subtype, version, prf;")
    L.append("  uint16_t flags;")
    L.append("  const char *kms_uri, *idri_uri; /* IDRkms, IDRi (URI) */")
    L.append("  uint32_t trs, tre;              /* TRs, TRe (NTP-UTC-32) */")
    L.append("  int has_trr;")
    L.append("  uint32_t trr;")
    L.append("  const char *app;                /* IDRapp (byte string) or NULL */")
    L.append("  size_t n_r;")
    L.append("  const char *r[2];               /* IDRr (URI) */")
    L.append("  /* Ticket Data inputs (hex) */")
    L.append("  const char *kms_id, *thdr_extra;")
    L.append("  uint8_t t_type;")
    L.append("  uint64_t t;")
    L.append("  const char *rand, *tpk, *mpk, *mpk_spi;")
    L.append("  const char *idrpsk;             /* IDRpsk (byte string, text) or NULL */")
    L.append("  size_t n_keys;")
    L.append("  struct ticket_vec_key keys[3];")
    L.append("  /* expected */")
    L.append("  const char *ticket;             /* TICKET payload, Next Payload 0, no Initiator Data */")
    L.append("  const char *encr_key, *salt_key, *auth_key, *mpki, *mpkr;")
    L.append("  const char *vi_mac;             /* Vi MAC (a TRANSFER_INIT V) */")
    L.append("  const char *idata;              /* Initiator Data = First Payload, Vi, Vr */")
    L.append("  const char *ticket_idata;       /* the TICKET with that Initiator Data */")
    L.append("  const char *fork_id, *randrkms, *mpkr_fork;")
    L.append("};")
    L.append("")
    L.append("static const struct ticket_vec ticket_vectors[] = {")
    for c in CASES:
        o = build(c)
        keys = []
        for (kt, key, salt, spi), fk in zip(c["keys"], o["tgk_fork"]):
            has_salt = kt in (KEY_TGK_SALT, KEY_TEK_SALT, KEY_GTGK_SALT)
            keys.append("{%d, %s, %s, %s, %s}" % (kt, h(key), h(salt) if has_salt else "NULL",
                                                  h(spi), h(fk)))
        L.append("    {")
        L.append('        "%s",' % c["name"])
        L.append("        %d, %d, %d, %d, 0x%03x," % (c["type"], c["subtype"], c["version"], c["prf"],
                                                   c["flags"]))
        L.append("        %s, %s," % (cs(c["kms_uri"]), cs(c["idri_uri"])))
        L.append("        0x%08Xu, 0x%08Xu, %d, %du," % (c["trs"], c["tre"], c["trr"] is not None,
                                                    c["trr"] or 0))
        L.append("        %s," % cs(c["app"]))
        rs = [cs(r) for r in c["r"]] + ["NULL"] * (2 - len(c["r"]))
        L.append("        %d, {%s}," % (len(c["r"]), ", ".join(rs)))
        L.append("        %s, %s," % (h(c["kms_id"]), h(c["thdr_extra"])))
        L.append("        %d, 0x%016XULL," % (c["t_type"], c["t"]))
        L.append("        %s," % h(c["rand"]))
        L.append("        %s," % h(c["tpk"]))
        L.append("        %s, %s," % (h(c["mpk"]), h(c["mpk_spi"])))
        L.append("        %s," % cs(c["idrpsk"]))
        L.append("        %d," % len(c["keys"]))
        L.append("        {%s}," % (",\n         ".join(keys)))
        L.append("        %s," % h(o["ticket"]))
        L.append("        %s," % h(o["encr_key"]))
        L.append("        %s," % h(o["salt_key"]))
        L.append("        %s," % h(o["auth_key"]))
        L.append("        %s," % h(o["mpki"]))
        L.append("        %s," % h(o["mpkr"]))
        L.append("        %s," % h(o["vi_mac"]))
        L.append("        %s," % h(o["idata"]))
        L.append("        %s," % h(o["ticket_idata"]))
        L.append("        %s, %s," % (cs(c["fork_id"]), h(c["randrkms"])))
        L.append("        %s," % h(o["mpkr_fork"]))
        L.append("    },")
    L.append("};")
    L.append("")
    L.append("#endif /* TICKET_VECTORS_H */")
    sys.stdout.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
