/*
 * ticket_refusal_test.c: every refusal of the ticket layer, each with its exact code, and
 * nothing released: every bit of every byte the ticket MAC covers flipped in turn; the fields
 * A.1 excludes changed without effect; wrong TPK; validity period; responder; application;
 * each 6.10 flag implication; ticket type; suites (D3, D4); RAND (D5); malformed KEMAC
 * contents behind a valid MAC; the builder's own refusals.
 *
 * Tickets with a chosen defect but a valid MAC are forged here with the keys of the
 * known-answer vectors (encr_key, salt_key, auth_key computed by gen_ticket.py), so that the
 * refusal tested is the one after the MAC.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/codec.h>

#include "crypto/mikey_kemac_crypt.h"
#include "crypto/mikey_mac.h"
#include "mikey_test.h"
#include "ticket_test_util.h"

#define TP(x) MIKEY_TP_##x

static mikey_ticket_ctx ctx;
static mikey_tpk tpk;

static void setup(void) {
  mikey_ticket_ctx_init(&ctx);
  mikey_tpk_init(&tpk);
}

static void teardown(void) {
  mikey_ticket_ctx_clear(&ctx);
  mikey_tpk_clear(&tpk);
}

static int all_zero(const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++) {
    if (b[i]) {
      return 0;
    }
  }
  return 1;
}

/* open_bytes parses and opens |len| bytes as one TICKET payload with |tpk|; |*keys| is filled
 * with junk first so that "nothing released" is seen. Returns the first failure. */
static int open_bytes(const uint8_t *buf, size_t len, mikey_ticket_keys *keys) {
  memset(keys, 0xA5, sizeof(*keys));
  mikey_ticket_view tv;
  int rc = mikey_ticket_parse_payload(&tv, buf, len);
  if (rc) {
    mikey_ticket_keys_clear(keys); /* parse never touches keys; open is not reached */
    return rc;
  }
  return mikey_ticket_open(&ctx, &tpk, &tv, keys);
}

/* What a forged ticket differs in. */
typedef struct forge {
  int set_flags;
  uint16_t flags;
  int set_type;
  uint16_t type;
  uint8_t subtype, version;
  int set_prf;
  uint8_t prf;
  const uint8_t *plain; /* new KEMAC plaintext, encrypted with the vector's keys */
  size_t plain_len;
  size_t rand_len; /* non-zero: cut the RAND to this length */
  int tp_kemac;    /* put a KEMAC into the granted policy */
  uint8_t kemac_encr_alg, kemac_mac_alg; /* non-zero: override the KEMAC algorithms */
} forge;

/* forge_ticket re-encodes the vector's ticket with the changes of |f| and a valid MAC (the
 * vector's auth_key over A.1's coverage). Returns the length. */
static size_t forge_ticket(const tv_inputs *in, const forge *f, uint8_t *out, size_t cap) {
  const struct ticket_vec *v = in->v;
  mikey_payload p;
  uint8_t next;
  ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_TICKET, in->ticket, in->ticket_len, &next,
                                        NULL),
                   0);
  mikey_tp *tp = &p.u.ticket.tp;
  if (f->set_flags) {
    tp->flags = f->flags;
  }
  if (f->set_type) {
    tp->ticket_type = f->type;
    tp->subtype = f->subtype;
    tp->version = f->version;
  }
  if (f->set_prf) {
    tp->prf = f->prf;
  }
  static uint8_t tpd[512];
  if (f->tp_kemac) {
    mikey_policy pol = in->policy;
    ck_assert_int_eq(mikey_policy_add_key(&pol, MIKEY_KEY_TGK, 16, 0, NULL, 0), 0);
    size_t n;
    mikey_tp t2;
    ck_assert_int_eq(mikey_policy_encode(&pol, MIKEY_POLICY_REQUEST, tpd, sizeof(tpd), &n, &t2),
                     0);
    tp->tp_data = t2.tp_data;
  }
  mikey_plist td;
  ck_assert_int_eq(
      mikey_ticket_data_decode(&td, p.u.ticket.ticket_data.data, p.u.ticket.ticket_data.len), 0);
  static uint8_t encr[1024];
  for (size_t i = 0; i < td.n; i++) {
    mikey_payload *q = &td.pl[i];
    if (q->type == MIKEY_PT_KEMAC && f->plain) {
      mikey_keyset ks;
      memset(&ks, 0, sizeof(ks));
      ks.encr_alg = q->u.kemac.encr_alg;
      ks.encr_len = tv_hex(v->encr_key, ks.encr, sizeof(ks.encr));
      ks.salt_len = tv_hex(v->salt_key, ks.salt, sizeof(ks.salt));
      uint64_t t64 = v->t_type == MIKEY_TS_NTP_UTC ? v->t : v->t << 32;
      size_t n;
      ck_assert_int_eq(mikey_kemac_encrypt(NULL, &ks, 0xFFFFFFFFu, t64, f->plain, f->plain_len,
                                           encr, sizeof(encr), &n),
                       0);
      q->u.kemac.encr_data = (mikey_bytes){encr, n};
    }
    if (q->type == MIKEY_PT_KEMAC && f->kemac_encr_alg) {
      q->u.kemac.encr_alg = f->kemac_encr_alg;
    }
    if (q->type == MIKEY_PT_KEMAC && f->kemac_mac_alg) {
      static const uint8_t z[32];
      q->u.kemac.mac_alg = f->kemac_mac_alg;
      q->u.kemac.mac = (mikey_bytes){z, (size_t)mikey_mac_len(f->kemac_mac_alg)};
    }
    if (q->type == MIKEY_PT_RAND && f->rand_len) {
      q->u.rand.rand.len = f->rand_len;
    }
  }
  static uint8_t tdb[1024];
  size_t tdl;
  ck_assert_int_eq(mikey_ticket_data_encode(&td, tdb, sizeof(tdb), &tdl), 0);
  p.u.ticket.ticket_data = (mikey_bytes){tdb, tdl};
  size_t len;
  ck_assert_int_eq(mikey_payload_encode(&p, MIKEY_PT_LAST, out, cap, &len), 0);
  /* A.1 coverage: bytes 1 .. the MAC, which ends the Ticket Data */
  uint8_t auth[32];
  size_t alen = tv_hex(v->auth_key, auth, sizeof(auth));
  uint8_t alg = (uint8_t)(alen == 32 ? MIKEY_MAC_HMAC_SHA_256_256 : MIKEY_MAC_HMAC_SHA_1_160);
  size_t mac_at = p.u.ticket.ticket_data_offset + tdl - alen;
  mikey_iov cover = {out + 1, mac_at - 1};
  ck_assert_int_eq(mikey_mac_compute_oneshot(alg, auth, alen, &cover, 1, out + mac_at, alen), 0);
  return len;
}

/* keydata_plain encodes MPK || keys with the codec as a KEMAC plaintext. */
static size_t keydata_plain(const mikey_keydata *kd, size_t n, uint8_t *out, size_t cap) {
  mikey_keydata_list kl;
  memset(&kl, 0, sizeof(kl));
  memcpy(kl.kd, kd, n * sizeof(*kd));
  kl.n = n;
  size_t len;
  ck_assert_int_eq(mikey_keydata_encode(&kl, out, cap, &len), 0);
  return len;
}

static const uint8_t key64[80] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
static const uint8_t spi4[4] = {0xA1, 0xA2, 0xA3, 0xA4};

static mikey_keydata kd_key(uint8_t type, size_t len) {
  mikey_keydata k;
  memset(&k, 0, sizeof(k));
  k.type = type;
  k.kv.type = MIKEY_KV_SPI;
  k.kv.spi = (mikey_bytes){spi4, 4};
  k.key = (mikey_bytes){key64, len};
  return k;
}

/* add_range marks [from, from + n) of |mask|. */
static void add_range(uint8_t *mask, size_t len, size_t from, size_t n) {
  ck_assert_uint_le(from + n, len);
  memset(mask + from, 1, n);
}

START_TEST(every_bit_flip_the_mac_covers) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[_i]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, in.ticket, in.ticket_len), 0);
  const uint8_t *b = in.ticket;
  size_t len = in.ticket_len, mac_at = tv.v.mac_offset, mac_end = mac_at + tv.v.mac.len;
  ck_assert_uint_eq(mac_end + 2, len);

  /* value bytes, where a flip keeps the structure and only the MAC can tell: flags D..O, the
   * ID Data and TR values of TP Data, THDR Data, T value, RAND, Encr data, IDRpsk, the MAC */
  uint8_t exact[1024] = {0};
  exact[5] = 0x01; /* D: the low bit of byte 5 (PRF Func is the 7 bits above) */
  mikey_plist tpl;
  const uint8_t *tpd = tv.ticket.tp.tp_data.data;
  ck_assert_int_eq(mikey_tp_data_decode(&tpl, tpd, tv.ticket.tp.tp_data.len), 0);
  for (size_t i = 0; i < tpl.n; i++) {
    const mikey_payload *q = &tpl.pl[i];
    size_t at = (size_t)(tpd - b) + q->offset;
    if (q->type == MIKEY_PT_IDR) {
      add_range(exact, len, at + 5, q->u.id.data.len);
    } else if (q->type == MIKEY_PT_TR) {
      add_range(exact, len, at + 3, 4);
    }
  }
  add_range(exact, len, (size_t)(tv.thdr_data.data - b), tv.thdr_data.len);
  add_range(exact, len, (size_t)(tv.rand.data - b), tv.rand.len);
  add_range(exact, len, tv.kemac.encr_data_offset, tv.kemac.encr_data.len);
  if (tv.has_idrpsk) {
    add_range(exact, len, (size_t)(tv.idrpsk.data.data - b), tv.idrpsk.data.len);
  }
  add_range(exact, len, mac_at, mac_end - mac_at);

  uint8_t copy[1024];
  mikey_ticket_keys keys;
  size_t n_auth = 0, n_other = 0;
  for (size_t i = 1; i < mac_end; i++) {
    for (int bit = 0; bit < 8; bit++) {
      memcpy(copy, b, len);
      copy[i] ^= (uint8_t)(1u << bit);
      int rc = open_bytes(copy, len, &keys);
      /* never success, never a key */
      ck_assert_msg(rc < 0, "byte %zu bit %d accepted", i, bit);
      ck_assert_msg(all_zero(&keys, sizeof(keys)), "byte %zu bit %d released keys", i, bit);
      int want_auth = i == 5 ? (bit == 0) : i == 6 ? 1 : i == 7 ? (bit >= 5) : exact[i];
      if (want_auth) {
        ck_assert_msg(rc == MIKEY_E_AUTH, "byte %zu bit %d: %s", i, bit, mikey_err_name(rc));
      }
      n_auth += rc == MIKEY_E_AUTH;
      n_other += rc != MIKEY_E_AUTH;
    }
  }
  /* the rest are structural: lengths, types, algorithms, reserved bits */
  ck_assert_uint_gt(n_auth, n_other);
}
END_TEST

START_TEST(excluded_fields_do_not_break_the_mac) {
  /* The IMS vector carries I=1, so it may carry Initiator Data */
  tv_inputs in;
  tv_load(&in, &ticket_vectors[3]);
  ck_assert_uint_ne(in.v->flags & TP(I), 0);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  mikey_ticket_keys keys;
  uint8_t copy[1024];
  /* the Next Payload field: every value */
  for (unsigned v = 0; v < 256; v++) {
    memcpy(copy, in.ticket, in.ticket_len);
    copy[0] = (uint8_t)v;
    ck_assert_int_eq(open_bytes(copy, in.ticket_len, &keys), 0);
  }
  /* Initiator Data length and Initiator Data: the Python-built ticket with Initiator Data
   * (same Ticket Data and MAC as without) opens */
  ck_assert_int_eq(open_bytes(in.ticket_idata, in.ticket_idata_len, &keys), 0);
  /* every bit of the Initiator Data's MACs flipped: still structurally valid, the ticket MAC
   * still verifies (Vr is another matter, see ticket_idata_test) */
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, in.ticket_idata, in.ticket_idata_len), 0);
  ck_assert_int_eq(tv.has_idata, 1);
  for (size_t i = tv.vi.mac_offset; i < in.ticket_idata_len; i++) {
    if (i >= tv.vi.mac_offset + tv.vi.mac.len && i < tv.vr.mac_offset) {
      continue; /* Vr's Next Payload and Auth alg: structural */
    }
    for (int bit = 0; bit < 8; bit++) {
      memcpy(copy, in.ticket_idata, in.ticket_idata_len);
      copy[i] ^= (uint8_t)(1u << bit);
      ck_assert_msg(open_bytes(copy, in.ticket_idata_len, &keys) == 0, "byte %zu", i);
    }
  }
  /* Initiator Data of another length (any payloads: "Unexpected payloads ... SHOULD be
   * ignored"): a RAND before Vi */
  size_t ilen = in.ticket_idata_len - in.ticket_len; /* bytes of Initiator Data */
  size_t base = in.ticket_len - 2;                    /* Initiator Data length field */
  memcpy(copy, in.ticket_idata, base);
  const uint8_t *idata = in.ticket_idata + base + 2;
  uint8_t extra[] = {MIKEY_PT_RAND, MIKEY_PT_V, 3, 0xAA, 0xBB, 0xCC};
  size_t nl = ilen + sizeof(extra) - 1;
  copy[base] = (uint8_t)(nl >> 8);
  copy[base + 1] = (uint8_t)nl;
  memcpy(copy + base + 2, extra, sizeof(extra));
  memcpy(copy + base + 2 + sizeof(extra), idata + 1, ilen - 1);
  ck_assert_int_eq(open_bytes(copy, base + 2 + nl, &keys), 0);
  mikey_ticket_keys_clear(&keys);
}
END_TEST

START_TEST(wrong_tpk_releases_nothing) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[_i]);
  mikey_ticket_keys keys;
  for (size_t i = 0; i < in.tpk_len * 8; i += 7) {
    in.tpk[i / 8] ^= (uint8_t)(1u << (i % 8));
    ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
    ck_assert_int_eq(open_bytes(in.ticket, in.ticket_len, &keys), MIKEY_E_AUTH);
    ck_assert(all_zero(&keys, sizeof(keys)));
    in.tpk[i / 8] ^= (uint8_t)(1u << (i % 8));
  }
  /* a TPK of another length (but never shorter than the RAND allows) */
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, 16), 0);
  int rc = open_bytes(in.ticket, in.ticket_len, &keys);
  ck_assert_int_eq(rc, in.tpk_len == 16 ? 0 : MIKEY_E_AUTH);
  /* unkeyed */
  mikey_tpk_clear(&tpk);
  ck_assert_int_eq(open_bytes(in.ticket, in.ticket_len, &keys), MIKEY_E_STATE);
  ck_assert(all_zero(&keys, sizeof(keys)));
}
END_TEST

START_TEST(policy_refusals_of_an_opened_ticket) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[0]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, in.ticket, in.ticket_len), 0);
  const mikey_policy *p = &tv.policy;
  /* validity period: TRs..TRe, 300 s skew (D13) */
  uint64_t trs = (uint64_t)in.v->trs << 32, tre = (uint64_t)in.v->tre << 32;
  ck_assert_int_eq(mikey_policy_check_time(p, trs, 300), 0);
  ck_assert_int_eq(mikey_policy_check_time(p, tre + (301ull << 32), 300), MIKEY_E_EXPIRED);
  ck_assert_int_eq(mikey_policy_check_time(p, trs - (301ull << 32), 300),
                   MIKEY_E_NOT_YET_VALID);
  /* responder */
  mikey_id bob = {MIKEY_ROLE_R, MIKEY_ID_URI, {(const uint8_t *)"sip:bob@example.org", 19}};
  mikey_id mallory = {MIKEY_ROLE_R, MIKEY_ID_URI,
                      {(const uint8_t *)"sip:mallory@example.org", 23}};
  ck_assert_int_eq(mikey_policy_check_responder(p, &bob), 0);
  ck_assert_int_eq(mikey_policy_check_responder(p, &mallory), MIKEY_E_NOT_AUTHORIZED);
  /* D12: each maps to its MIKEY Error number */
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_EXPIRED), MIKEY_ERRNO_INVALID_TS);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_NOT_AUTHORIZED), MIKEY_ERRNO_INVALID_ID);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_AUTH), MIKEY_ERRNO_AUTH_FAILURE);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_TICKET_TYPE), MIKEY_ERRNO_INVALID_TICKET);
  ck_assert_uint_eq(mikey_err_to_wire(MIKEY_E_TP_FLAGS), MIKEY_ERRNO_INVALID_TPPAR);
}
END_TEST

/* build_and_check builds a ticket from the vector inputs with |pol| instead of its policy,
 * opens it, and returns the code of the PSK/MIME granted-policy check. */
static int build_and_check(tv_inputs *in, mikey_policy *pol) {
  in->prm.policy = pol;
  uint8_t out[1024];
  size_t len;
  ck_assert_int_eq(
      mikey_ticket_build(&ctx, &tpk, &in->prm, &in->keys, out, sizeof(out), &len, NULL), 0);
  mikey_ticket_view tv;
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, out, len), 0);
  mikey_ticket_keys keys;
  ck_assert_int_eq(mikey_ticket_open(&ctx, &tpk, &tv, &keys), 0);
  mikey_key_summary s;
  mikey_ticket_keys_summary(&keys, &s);
  mikey_ticket_keys_clear(&keys);
  return mikey_policy_check(&tv.policy, mikey_profile_pskmime(), MIKEY_POLICY_GRANTED, &s);
}

START_TEST(application_refusals) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[0]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  mikey_policy pol = in.policy;
  ck_assert_int_eq(build_and_check(&in, &pol), 0);
  /* another application */
  pol.app[0].data = (mikey_bytes){(const uint8_t *)"PSK/SMS", 7};
  ck_assert_int_eq(build_and_check(&in, &pol), MIKEY_E_APP);
  /* no IDRapp while the profile requires it */
  pol.n_app = 0;
  ck_assert_int_eq(build_and_check(&in, &pol), MIKEY_E_APP);
}
END_TEST

START_TEST(flag_refusals_behind_a_valid_mac) {
  /* Each 6.10 implication broken in a ticket whose MAC is right: the ticket opens, the policy
   * check refuses it with MIKEY_E_TP_FLAGS. Starting from the PSK/MIME flags. */
  static const struct {
    const char *rule;
    uint16_t flags;
  } broken[] = {
      {"NOT D implies L", TP(E) | TP(H) | TP(J) | TP(N) | TP(O)},
      {"G implies F", TP(D) | TP(E) | TP(G) | TP(H) | TP(J) | TP(N) | TP(O)},
      {"NOT G implies H", TP(D) | TP(E) | TP(J) | TP(N) | TP(O)},
      {"NOT H implies G", TP(D) | TP(E) | TP(F) | TP(J) | TP(N) | TP(O)},
      {"I implies E", TP(D) | TP(H) | TP(I) | TP(J) | TP(N) | TP(O)},
      {"K implies D", TP(H) | TP(E) | TP(J) | TP(K) | TP(L) | TP(N) | TP(O)},
      {"M implies F", TP(D) | TP(E) | TP(H) | TP(J) | TP(M) | TP(N) | TP(O)},
      {"F=1 when I=1 and a TGK", TP(D) | TP(E) | TP(H) | TP(I) | TP(J) | TP(N) | TP(O)},
  };
  tv_inputs in;
  tv_load(&in, &ticket_vectors[0]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  uint8_t out[1024];
  for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
    forge f = {0};
    f.set_flags = 1;
    f.flags = broken[i].flags;
    size_t len = forge_ticket(&in, &f, out, sizeof(out));
    mikey_ticket_view tv;
    ck_assert_int_eq(mikey_ticket_parse_payload(&tv, out, len), 0);
    mikey_ticket_keys keys;
    ck_assert_msg(mikey_ticket_open(&ctx, &tpk, &tv, &keys) == 0, "%s", broken[i].rule);
    mikey_key_summary s;
    mikey_ticket_keys_summary(&keys, &s);
    /* the general rule alone, then through a profile that leaves these flags free */
    /* with a TGK only for the F/I/TGK rule (the last), so each case breaks its own rule */
    int tgk_rule = i == sizeof(broken) / sizeof(broken[0]) - 1;
    ck_assert_msg(mikey_policy_check_flags(tv.policy.flags, tgk_rule) == MIKEY_E_TP_FLAGS, "%s",
                  broken[i].rule);
    ck_assert_msg(mikey_policy_check_flags(tv.policy.flags, 0) == (tgk_rule ? 0 : MIKEY_E_TP_FLAGS),
                  "%s", broken[i].rule);
    mikey_profile loose = *mikey_profile_pskmime();
    loose.flags_mask = 0;
    loose.request_zero = 0;
    ck_assert_msg(mikey_policy_check(&tv.policy, &loose, MIKEY_POLICY_GRANTED, &s) ==
                      MIKEY_E_TP_FLAGS,
                  "%s", broken[i].rule);
    ck_assert_msg(mikey_policy_check(&tv.policy, mikey_profile_pskmime(), MIKEY_POLICY_GRANTED,
                                     &s) == MIKEY_E_TP_FLAGS,
                  "%s", broken[i].rule);
    mikey_ticket_keys_clear(&keys);
    /* and the builder will not make such a ticket */
    mikey_policy pol = in.policy;
    pol.flags = broken[i].flags;
    in.prm.policy = &pol;
    size_t n;
    ck_assert_msg(mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, out, sizeof(out), &n,
                                     NULL) == MIKEY_E_TP_FLAGS,
                  "%s", broken[i].rule);
    in.prm.policy = &in.policy;
  }
  /* the control: the unbroken flags pass */
  forge f = {0};
  f.set_flags = 1;
  f.flags = TP(D) | TP(E) | TP(H) | TP(J) | TP(N) | TP(O);
  size_t len = forge_ticket(&in, &f, out, sizeof(out));
  mikey_ticket_keys keys;
  ck_assert_int_eq(open_bytes(out, len, &keys), 0);
  mikey_ticket_keys_clear(&keys);
}
END_TEST

START_TEST(ticket_type_refusals) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[0]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  static const uint16_t tsv[][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {1, 0, 1}, {2, 0, 1},
                                    {2, 1, 0}, {3, 0, 0}, {0x0102, 1, 1}, {0xffff, 0, 0}};
  uint8_t out[1024];
  mikey_ticket_keys keys;
  for (size_t i = 0; i < sizeof(tsv) / sizeof(tsv[0]); i++) {
    forge f = {0};
    f.set_type = 1;
    f.type = tsv[i][0];
    f.subtype = (uint8_t)tsv[i][1];
    f.version = (uint8_t)tsv[i][2];
    size_t len = forge_ticket(&in, &f, out, sizeof(out));
    ck_assert_msg(open_bytes(out, len, &keys) == MIKEY_E_TICKET_TYPE, "%u/%u/%u", tsv[i][0],
                  tsv[i][1], tsv[i][2]);
    ck_assert(all_zero(&keys, sizeof(keys)));
    mikey_policy pol = in.policy;
    pol.ticket_type = tsv[i][0];
    pol.subtype = (uint8_t)tsv[i][1];
    pol.version = (uint8_t)tsv[i][2];
    in.prm.policy = &pol;
    size_t n;
    ck_assert_int_eq(
        mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, out, sizeof(out), &n, NULL),
        MIKEY_E_TICKET_TYPE);
    in.prm.policy = &in.policy;
  }
  /* a KEMAC in the granted policy (6.10) */
  forge f = {0};
  f.tp_kemac = 1;
  size_t len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_POLICY);
}
END_TEST

START_TEST(suite_refusals) {
  uint8_t out[1024], plain[512];
  mikey_ticket_keys keys;
  tv_inputs in;
  /* SHA-256 ticket whose TP says MIKEY-1, or a PRF we do not run: the V does not belong to
   * the suite (D3), refused before any MAC */
  tv_load(&in, &ticket_vectors[0]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  forge f = {0};
  f.set_prf = 1;
  f.prf = MIKEY_PRF_MIKEY_1;
  size_t len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_SUITE_MAC);
  f.prf = 2;
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_SUITE_PRF);
  /* the KEMAC with AES-CM-128 in the 256-bit suite, with AES-KW-128, with a MAC */
  memset(&f, 0, sizeof(f));
  f.kemac_encr_alg = MIKEY_ENCR_AES_CM_128;
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_SUITE_EA);
  f.kemac_encr_alg = MIKEY_ENCR_AES_KW_128;
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_SUITE_EA);
  memset(&f, 0, sizeof(f));
  f.kemac_mac_alg = MIKEY_MAC_HMAC_SHA_256_256;
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_SUITE_MAC);
  /* D5: a RAND shorter than the TPK, refused before the MAC */
  memset(&f, 0, sizeof(f));
  f.rand_len = 31;
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_RAND_SHORT);
  /* D5: an MPK longer than the RAND, found after decryption */
  mikey_keydata kd[3] = {kd_key(MIKEY_KEY_MPK, 48), kd_key(MIKEY_KEY_TGK, 32)};
  memset(&f, 0, sizeof(f));
  f.plain = plain;
  f.plain_len = keydata_plain(kd, 2, plain, sizeof(plain));
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_RAND_SHORT);
  ck_assert(all_zero(&keys, sizeof(keys)));

  /* D4: a MIKEY-1 ticket (128-bit suite) carrying a 256-bit TGK or MPK */
  tv_load(&in, &ticket_vectors[1]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  kd[0] = kd_key(MIKEY_KEY_MPK, 16);
  kd[1] = kd_key(MIKEY_KEY_TGK, 32);
  f.plain_len = keydata_plain(kd, 2, plain, sizeof(plain));
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_SUITE);
  ck_assert(all_zero(&keys, sizeof(keys)));
  /* and a 256-bit TPK with a MIKEY-1 ticket: the RAND (16) is already too short for it */
  uint8_t tpk32[32] = {0};
  memcpy(tpk32, in.tpk, in.tpk_len);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, tpk32, 32), 0);
  ck_assert_int_eq(open_bytes(in.ticket, in.ticket_len, &keys), MIKEY_E_RAND_SHORT);
  /* AES-KW-128 is of the 128-bit suite, but not a ticket's (D.4: AES-CM) */
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  memset(&f, 0, sizeof(f));
  f.kemac_encr_alg = MIKEY_ENCR_AES_KW_128;
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_SUITE_EA);
  /* the builder: MIKEY-1 with a 256-bit key */
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  uint8_t k32[32] = {7};
  ck_assert_int_eq(mikey_ticket_key_set(&in.keys.key[0], MIKEY_KEY_TGK, k32, 32, NULL, 0,
                                        spi4, 4),
                   0);
  size_t n;
  ck_assert_int_eq(
      mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, out, sizeof(out), &n, NULL),
      MIKEY_E_SUITE);
}
END_TEST

START_TEST(kemac_content_refusals_behind_a_valid_mac) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[0]);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  uint8_t out[1024], plain[512];
  mikey_ticket_keys keys;
  forge f = {0};
  f.plain = plain;
  struct {
    const char *what;
    mikey_keydata kd[3];
    size_t n;
    int want;
  } cases[] = {
      {"no MPK first", {kd_key(MIKEY_KEY_TGK, 32), kd_key(MIKEY_KEY_MPK, 32)}, 2,
       MIKEY_E_BAD_VALUE},
      {"no keys at all", {{0}}, 0, MIKEY_E_BAD_VALUE},
      {"a second MPK", {kd_key(MIKEY_KEY_MPK, 32), kd_key(MIKEY_KEY_MPK, 32)}, 2,
       MIKEY_E_BAD_VALUE},
      {"a 120-bit TGK", {kd_key(MIKEY_KEY_MPK, 32), kd_key(MIKEY_KEY_TGK, 15)}, 2,
       MIKEY_E_KEY_LENGTH},
      {"a 120-bit MPK", {kd_key(MIKEY_KEY_MPK, 15), kd_key(MIKEY_KEY_TGK, 32)}, 2,
       MIKEY_E_KEY_LENGTH},
      {"a key over the bound", {kd_key(MIKEY_KEY_MPK, 32), kd_key(MIKEY_KEY_TGK, 65)}, 2,
       MIKEY_E_LIMIT},
      {"a 512-bit key, the bound", {kd_key(MIKEY_KEY_MPK, 32), kd_key(MIKEY_KEY_TGK, 64)}, 2,
       0},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    f.plain_len = cases[i].n ? keydata_plain(cases[i].kd, cases[i].n, plain, sizeof(plain)) : 0;
    size_t len = forge_ticket(&in, &f, out, sizeof(out));
    int rc = open_bytes(out, len, &keys);
    if (cases[i].want == 0) {
      /* 64 bytes is within the bound: opens (a 512-bit key is fine with SHA-256) */
      ck_assert_int_eq(rc, 0);
      ck_assert_uint_eq(keys.key[0].key_len, 64);
      mikey_ticket_keys_clear(&keys);
      continue;
    }
    ck_assert_msg(rc == cases[i].want, "%s: %s", cases[i].what, mikey_err_name(rc));
    ck_assert(all_zero(&keys, sizeof(keys)));
  }
  /* KV NULL or an interval instead of an SPI (RFC 6043 6.2.1) */
  mikey_keydata kd[2] = {kd_key(MIKEY_KEY_MPK, 32), kd_key(MIKEY_KEY_TGK, 32)};
  kd[1].kv.type = MIKEY_KV_NULL;
  kd[1].kv.spi = (mikey_bytes){NULL, 0};
  f.plain_len = keydata_plain(kd, 2, plain, sizeof(plain));
  size_t len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_BAD_VALUE);
  kd[1].kv.type = MIKEY_KV_INTERVAL;
  kd[1].kv.from = (mikey_bytes){spi4, 4};
  kd[1].kv.to = (mikey_bytes){spi4, 4};
  f.plain_len = keydata_plain(kd, 2, plain, sizeof(plain));
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_BAD_VALUE);
  /* an SPI longer than the bound */
  static const uint8_t spi17[17];
  kd[1] = kd_key(MIKEY_KEY_TGK, 32);
  kd[1].kv.spi = (mikey_bytes){spi17, 17};
  f.plain_len = keydata_plain(kd, 2, plain, sizeof(plain));
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_LIMIT);
  /* more session keys than MIKEY_TICKET_MAX_KEYS */
  mikey_keydata many[MIKEY_TICKET_MAX_KEYS + 2];
  many[0] = kd_key(MIKEY_KEY_MPK, 32);
  for (size_t i = 1; i < MIKEY_TICKET_MAX_KEYS + 2; i++) {
    many[i] = kd_key(MIKEY_KEY_TEK, 16);
  }
  f.plain_len = keydata_plain(many, MIKEY_TICKET_MAX_KEYS + 2, plain, sizeof(plain));
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_LIMIT);
  f.plain_len = keydata_plain(many, MIKEY_TICKET_MAX_KEYS + 1, plain, sizeof(plain));
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), 0);
  ck_assert_uint_eq(keys.n, MIKEY_TICKET_MAX_KEYS);
  mikey_ticket_keys_clear(&keys);
  /* key data that does not decode: a stray byte after the last key */
  f.plain_len = keydata_plain(kd, 1, plain, sizeof(plain)) + 1;
  plain[f.plain_len - 1] = 0;
  len = forge_ticket(&in, &f, out, sizeof(out));
  ck_assert_int_eq(open_bytes(out, len, &keys), MIKEY_E_TRAILING);
  ck_assert(all_zero(&keys, sizeof(keys)));
}
END_TEST

START_TEST(parse_refusals) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[0]);
  mikey_ticket_view tv;
  uint8_t copy[1024];
  /* Initiator Data with I=0 (6.10: "if and only if key forking is used"): the Python-built
   * Initiator Data of the vector appended to its own ticket */
  const struct ticket_vec *v = in.v;
  uint8_t idata[256];
  size_t il = tv_hex(v->idata, idata, sizeof(idata));
  memcpy(copy, in.ticket, in.ticket_len - 2);
  copy[in.ticket_len - 2] = (uint8_t)(il >> 8);
  copy[in.ticket_len - 1] = (uint8_t)il;
  memcpy(copy + in.ticket_len, idata, il);
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, copy, in.ticket_len + il),
                   MIKEY_E_VI_MISSING);
  ck_assert_ptr_null(tv.buf);
  /* truncated anywhere */
  for (size_t n = 0; n < in.ticket_len; n++) {
    ck_assert_int_ne(mikey_ticket_parse_payload(&tv, in.ticket, n), 0);
  }
  /* THDR Data shorter than the 48-bit KMS identifier (TS 33.328 D.4) */
  tv_inputs in2;
  tv_load(&in2, &ticket_vectors[0]);
  mikey_payload p;
  uint8_t next;
  ck_assert_int_eq(mikey_payload_decode(&p, MIKEY_PT_TICKET, in2.ticket, in2.ticket_len, &next,
                                        NULL),
                   0);
  mikey_plist td;
  const uint8_t *td0 = p.u.ticket.ticket_data.data;
  const size_t td0_len = p.u.ticket.ticket_data.len;
  ck_assert_int_eq(mikey_ticket_data_decode(&td, td0, td0_len), 0);
  td.pl[0].u.thdr.data.len = 5;
  uint8_t tdb[1024];
  size_t tdl, len;
  ck_assert_int_eq(mikey_ticket_data_encode(&td, tdb, sizeof(tdb), &tdl), 0);
  p.u.ticket.ticket_data = (mikey_bytes){tdb, tdl};
  ck_assert_int_eq(mikey_payload_encode(&p, 0, copy, sizeof(copy), &len), 0);
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, copy, len), MIKEY_E_KMS_ID);
  /* Ticket Data out of its grammar: V not last, a second T */
  ck_assert_int_eq(mikey_ticket_data_decode(&td, td0, td0_len), 0);
  mikey_payload vcopy = td.pl[td.n - 1];
  td.pl[td.n - 1] = td.pl[1];
  td.pl[td.n] = vcopy;
  td.n++;
  ck_assert_int_eq(mikey_ticket_data_encode(&td, tdb, sizeof(tdb), &tdl), 0);
  p.u.ticket.ticket_data = (mikey_bytes){tdb, tdl};
  ck_assert_int_eq(mikey_payload_encode(&p, 0, copy, sizeof(copy), &len), 0);
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, copy, len), MIKEY_E_DUPLICATE);
  /* V with the NULL MAC: nothing would protect the ticket (A.1) */
  ck_assert_int_eq(mikey_ticket_data_decode(&td, td0, td0_len), 0);
  td.pl[td.n - 1].u.v.alg = MIKEY_MAC_NULL;
  td.pl[td.n - 1].u.v.mac = (mikey_bytes){NULL, 0};
  ck_assert_int_eq(mikey_ticket_data_encode(&td, tdb, sizeof(tdb), &tdl), 0);
  p.u.ticket.ticket_data = (mikey_bytes){tdb, tdl};
  ck_assert_int_eq(mikey_payload_encode(&p, 0, copy, sizeof(copy), &len), 0);
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, copy, len), MIKEY_E_BAD_VALUE);
  ck_assert_int_eq(mikey_ticket_parse_payload(NULL, in.ticket, in.ticket_len), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_ticket_parse_payload(&tv, NULL, 3), MIKEY_E_INVAL);
}
END_TEST

START_TEST(builder_refusals) {
  tv_inputs in;
  tv_load(&in, &ticket_vectors[0]);
  uint8_t out[1024];
  size_t n;
  /* TPK not keyed */
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, out, sizeof(out), &n, NULL),
                   MIKEY_E_STATE);
  ck_assert_int_eq(mikey_tpk_setkey(&tpk, in.tpk, in.tpk_len), 0);
  /* D5: RAND shorter than TPK / MPK */
  in.prm.rand.len = 31;
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, out, sizeof(out), &n, NULL),
                   MIKEY_E_RAND_SHORT);
  in.prm.rand.len = 0;
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, out, sizeof(out), &n, NULL),
                   MIKEY_E_INVAL);
  in.prm.rand.len = 32;
  /* no MPK, an MPK among the session keys, no SPI, a short key */
  mikey_ticket_keys k = in.keys;
  k.mpk.type = MIKEY_KEY_TGK;
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &k, out, sizeof(out), &n, NULL),
                   MIKEY_E_INVAL);
  k = in.keys;
  k.key[0].type = MIKEY_KEY_MPK;
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &k, out, sizeof(out), &n, NULL),
                   MIKEY_E_INVAL);
  k = in.keys;
  k.key[0].spi_len = 0;
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &k, out, sizeof(out), &n, NULL),
                   MIKEY_E_INVAL);
  k = in.keys;
  k.key[0].key_len = 15;
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &k, out, sizeof(out), &n, NULL),
                   MIKEY_E_KEY_LENGTH);
  k = in.keys;
  k.n = MIKEY_TICKET_MAX_KEYS + 1;
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &k, out, sizeof(out), &n, NULL),
                   MIKEY_E_INVAL);
  /* a T of unknown type, no KMS id, no policy */
  mikey_ticket_params prm = in.prm;
  prm.t.ts_type = 9;
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &prm, &in.keys, out, sizeof(out), &n, NULL),
                   MIKEY_E_BAD_VALUE);
  prm = in.prm;
  prm.kms_id = NULL;
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &prm, &in.keys, out, sizeof(out), &n, NULL),
                   MIKEY_E_INVAL);
  prm = in.prm;
  prm.policy = NULL;
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &prm, &in.keys, out, sizeof(out), &n, NULL),
                   MIKEY_E_INVAL);
  /* a short buffer leaves nothing of value in it: the size is reported before any crypto */
  memset(out, 0, sizeof(out));
  ck_assert_int_eq(mikey_ticket_build(&ctx, &tpk, &in.prm, &in.keys, out, 100, &n, NULL),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, in.ticket_len);
  ck_assert(all_zero(out, sizeof(out)));
}
END_TEST

static Suite *refusal_suite(void) {
  Suite *s = suite_create("ticket_refusal");
  TCase *tc = tcase_create("refusals");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, every_bit_flip_the_mac_covers, 0, (int)TV_COUNT);
  tcase_add_test(tc, excluded_fields_do_not_break_the_mac);
  tcase_add_loop_test(tc, wrong_tpk_releases_nothing, 0, (int)TV_COUNT);
  tcase_add_test(tc, policy_refusals_of_an_opened_ticket);
  tcase_add_test(tc, application_refusals);
  tcase_add_test(tc, flag_refusals_behind_a_valid_mac);
  tcase_add_test(tc, ticket_type_refusals);
  tcase_add_test(tc, suite_refusals);
  tcase_add_test(tc, kemac_content_refusals_behind_a_valid_mac);
  tcase_add_test(tc, parse_refusals);
  tcase_add_test(tc, builder_refusals);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(refusal_suite()); }
