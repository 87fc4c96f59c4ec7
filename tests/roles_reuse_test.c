/*
 * roles_reuse_test.c: ticket reuse without a second resolve (RFC 6043 5.3) at the responder
 * (mikey_responder_config.reuse_capacity): a hit accepts a TRANSFER_INIT with no RESOLVE_INIT
 * and both sides end with the same keys (PSK/MIME, and IMS with forking, where the
 * TRANSFER_RESP repeats the first modifier); J=0 refused; expired entries; eviction of the
 * least recently used ticket; replays still refused; tickets that must always be resolved;
 * the behaviour with the option off unchanged; the cache's own eviction wipes.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mikey_test.h"
#include "roles/mikey_responder_local.h"
#include "roles_test_util.h"

/* with_reuse replaces the flow's responder by one keeping |cap| resolved tickets. */
static void with_reuse(flow *f, size_t cap) {
  mikey_responder_free(f->resp);
  f->resp = NULL;
  mikey_responder_config rc;
  ck_assert_int_eq(mikey_responder_config_default(&rc), 0);
  rc.profile = f->prof;
  rc.env = test_party_env(&f->pr);
  rc.self = ID_BOB;
  rc.kms = ID_KMS;
  rc.psk_id = ID_PSK_BOB;
  rc.psk = PSK_BOB;
  rc.psk_len = f->psk_len;
  rc.reuse_capacity = cap;
  ck_assert_int_eq(mikey_responder_new(&f->resp, &rc), 0);
}

static flow *pm_flow(int poo) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_PSKMIME), 0);
  p.proof_of_origin = (uint8_t)poo;
  return flow_new(&p, 16);
}

/* A TRANSFER_INIT kept aside with the initiator's KEK. */
typedef struct kept {
  uint8_t ti[2048];
  size_t len;
  uint8_t kek[64];
  size_t kek_len;
} kept;

static void keep_poo(flow *f, kept *k, const uint8_t *poo, size_t poo_len) {
  ck_assert_int_eq(flow_transfer(f, poo, poo_len, k->kek, &k->kek_len), 0);
  ck_assert_uint_le(f->tinit_len, sizeof(k->ti));
  memcpy(k->ti, f->tinit, f->tinit_len);
  k->len = f->tinit_len;
}

static void keep(flow *f, kept *k) {
  keep_poo(f, k, NULL, 0);
}

/* offer hands |ti| to the responder; returns its code, the RESOLVE_INIT length in *ri_len. */
static int offer(flow *f, const uint8_t *ti, size_t len, size_t *ri_len) {
  *ri_len = 99;
  return mikey_responder_on_transfer_init(f->resp, ti, len, f->rinit, sizeof(f->rinit), ri_len,
                                          &f->xid);
}

/* resolve_kept runs a kept TRANSFER_INIT through a full resolve; its KEK must come out. */
static void resolve_kept(flow *f, const kept *k) {
  size_t rl;
  ck_assert_int_eq(offer(f, k->ti, k->len, &rl), 0);
  ck_assert_uint_gt(rl, 0);
  f->rinit_len = rl;
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(f->resp, f->sresp, f->sresp_len, NULL), 0);
  uint8_t got[64];
  size_t gl;
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, got, sizeof(got), &gl), 0);
  ck_assert_bytes(got, gl, k->kek, k->kek_len);
}

/* hit checks that a kept TRANSFER_INIT is accepted without a resolve and gives its KEK. */
static void hit(flow *f, const kept *k) {
  size_t rl;
  uint64_t kms_draws = f->pk.rnd.calls;
  int rc = offer(f, k->ti, k->len, &rl);
  ck_assert_msg(rc == 0, "reuse: %s", mikey_err_name(rc));
  ck_assert_uint_eq(rl, 0);
  ck_assert_uint_eq(f->pk.rnd.calls, kms_draws);
  mikey_transfer_info info;
  ck_assert_int_eq(mikey_responder_exchange_info(f->resp, f->xid, &info), 0);
  ck_assert_uint_eq(info.xid, f->xid);
  ck_assert_int_eq(info.keys_ready, 1);
  ck_assert_uint_eq(info.n_cs, 1);
  ck_assert_uint_eq(info.initiator_len, ID_ALICE.len);
  ck_assert_mem_eq(info.initiator, ID_ALICE.data, ID_ALICE.len);
  uint8_t got[64];
  size_t gl;
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, got, sizeof(got), &gl), 0);
  ck_assert_bytes(got, gl, k->kek, k->kek_len);
}

/* miss checks that a kept TRANSFER_INIT is resolved (a RESOLVE_INIT is written). */
static void miss(flow *f, const kept *k) {
  size_t rl;
  ck_assert_int_eq(offer(f, k->ti, k->len, &rl), 0);
  ck_assert_uint_gt(rl, 0);
  mikey_transfer_info info;
  ck_assert_int_eq(mikey_responder_exchange_info(f->resp, f->xid, &info), MIKEY_E_STATE);
}

START_TEST(reuse_pskmime_hit) {
  flow *f = pm_flow(0);
  with_reuse(f, 8);
  ck_assert_int_eq(flow_request(f), 0);
  kept a, b, c, d;
  keep(f, &a);
  keep(f, &b);
  keep(f, &c);
  keep(f, &d);
  resolve_kept(f, &a);
  uint64_t calls = f->pr.rnd.calls, drawn = f->pr.rnd.drawn;
  hit(f, &b);
  /* one call to the randomness provider, for the 4-byte handle */
  ck_assert_uint_eq(f->pr.rnd.calls, calls + 1);
  ck_assert_uint_eq(f->pr.rnd.drawn, drawn + 4);
  hit(f, &c);
  /* every message its own KEK (fresh RANDRi, D10) */
  ck_assert(a.kek_len == b.kek_len && memcmp(a.kek, b.kek, a.kek_len) != 0);
  ck_assert(b.kek_len == c.kek_len && memcmp(b.kek, c.kek, b.kek_len) != 0);
  /* released once (Annex I.3) */
  uint8_t got[64];
  size_t gl;
  ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, 1, got, sizeof(got), &gl),
                   MIKEY_E_KEK_REUSE);
  /* replays: resolved or reused, a TRANSFER_INIT is accepted once */
  size_t rl;
  ck_assert_int_eq(offer(f, a.ti, a.len, &rl), MIKEY_E_REPLAY);
  ck_assert_int_eq(offer(f, b.ti, b.len, &rl), MIKEY_E_REPLAY);
  ck_assert_int_eq(offer(f, c.ti, c.len, &rl), MIKEY_E_REPLAY);
  /* a tampered TRANSFER_INIT with a kept ticket: refused at once, nothing kept */
  uint8_t bad[2048];
  memcpy(bad, d.ti, d.len);
  bad[d.len - 1] ^= 0x01;
  ck_assert_int_eq(offer(f, bad, d.len, &rl), MIKEY_E_AUTH);
  ck_assert_uint_eq(rl, 0);
  ck_assert_uint_eq(f->xid, 0);
  /* the entry stays: the genuine one is accepted */
  hit(f, &d);
  flow_free(f);
}
END_TEST

/* Off (the default), a second transfer is resolved like the first, and the RESOLVE_INIT of a
 * miss is the same bytes as without the option. */
START_TEST(reuse_off_unchanged) {
  flow *f = pm_flow(0);
  ck_assert_int_eq(flow_request(f), 0);
  kept a, b;
  keep(f, &a);
  keep(f, &b);
  /* two responders with the same randomness, one with reuse on */
  test_party p0, p1;
  test_party_init(&p0, &f->clock, 0xC0);
  test_party_init(&p1, &f->clock, 0xC0);
  mikey_responder *r[2];
  for (int i = 0; i < 2; i++) {
    mikey_responder_config rc;
    ck_assert_int_eq(mikey_responder_config_default(&rc), 0);
    rc.profile = f->prof;
    rc.env = test_party_env(i ? &p1 : &p0);
    rc.self = ID_BOB;
    rc.kms = ID_KMS;
    rc.psk_id = ID_PSK_BOB;
    rc.psk = PSK_BOB;
    rc.psk_len = f->psk_len;
    rc.reuse_capacity = i ? 4 : 0;
    ck_assert_int_eq(mikey_responder_new(&r[i], &rc), 0);
  }
  uint8_t ri[2][1024];
  size_t rl[2];
  uint32_t x[2];
  for (int i = 0; i < 2; i++) {
    ck_assert_int_eq(mikey_responder_on_transfer_init(r[i], a.ti, a.len, ri[i], sizeof(ri[i]),
                                                      &rl[i], &x[i]),
                     0);
  }
  ck_assert_bytes(ri[1], rl[1], ri[0], rl[0]);
  /* the one that is off resolves the second transfer too */
  mikey_responder_free(f->resp);
  f->resp = r[0];
  resolve_kept(f, &a);
  size_t n;
  ck_assert_int_eq(offer(f, b.ti, b.len, &n), 0);
  ck_assert_uint_gt(n, 0);
  mikey_responder_free(r[1]);
  flow_free(f);
}
END_TEST

/* full_ims runs a whole IMS exchange; the TEKs of CS 1 and 2 must agree, into |teks|. */
static void full_ims(flow *f, uint8_t teks[2][64], size_t tl[2]) {
  ck_assert_int_eq(mikey_responder_transfer_resp(f->resp, f->xid, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len),
                   0);
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, f->tresp, f->tresp_len, NULL), 0);
  for (uint8_t cs = 1; cs <= 2; cs++) {
    uint8_t kr[64];
    size_t lr;
    ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, cs, teks[cs - 1], 64, &tl[cs - 1]), 0);
    ck_assert_int_eq(mikey_responder_key(f->resp, f->xid, cs, kr, sizeof(kr), &lr), 0);
    ck_assert_bytes(kr, lr, teks[cs - 1], tl[cs - 1]);
  }
}

/* payload_bytes copies the body (after the Next Payload byte) of the first payload of |type|
 * and |role| in message |m| into |out|. */
static size_t payload_bytes(const uint8_t *m, size_t len, int type, int role, uint8_t *out) {
  mikey_msg *d = malloc(sizeof(*d));
  ck_assert_ptr_nonnull(d);
  ck_assert_int_eq(mikey_msg_decode(d, m, len), 0);
  const mikey_payload *p = mikey_msg_find(d, type, role);
  ck_assert_ptr_nonnull(p);
  size_t n = p->len - 1;
  memcpy(out, m + p->offset + 1, n);
  free(d);
  return n;
}

/* IMS with forking: the reused exchange's TRANSFER_RESP repeats the first modifier, the
 * initiator forks with it (5.1.1) and both sides end with the same, new TEKs. */
START_TEST(reuse_ims_forking) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_IMS), 0);
  flow *f = flow_new(&p, 16);
  with_reuse(f, 4);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert(f->tinfo.flags & MIKEY_TP_I);
  ck_assert(f->tinfo.flags & MIKEY_TP_J);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  ck_assert_int_eq(flow_resolve(f), 0);
  uint8_t t1[2][64], t2[2][64];
  size_t l1[2], l2[2];
  full_ims(f, t1, l1);
  uint8_t mod1[2][512], mod2[2][512];
  size_t m1r = payload_bytes(f->tresp, f->tresp_len, MIKEY_PT_IDR, MIKEY_ROLE_R, mod1[0]);
  size_t m1k = payload_bytes(f->tresp, f->tresp_len, MIKEY_PT_RANDR, MIKEY_RAND_KMS, mod1[1]);
  /* the second transfer with the same ticket: no resolve */
  f->clock.now += NTPS(5);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  size_t rl;
  uint64_t kms_draws = f->pk.rnd.calls;
  ck_assert_int_eq(offer(f, f->tinit, f->tinit_len, &rl), 0);
  ck_assert_uint_eq(rl, 0);
  ck_assert_uint_eq(f->pk.rnd.calls, kms_draws);
  mikey_transfer_info info;
  ck_assert_int_eq(mikey_responder_exchange_info(f->resp, f->xid, &info), 0);
  ck_assert_int_eq(info.transfer_resp_due, 1);
  ck_assert_uint_eq(info.n_cs, 2);
  full_ims(f, t2, l2);
  /* 5.3: "the same modifier (IDRr, RANDRkms) SHALL be used" */
  size_t m2r = payload_bytes(f->tresp, f->tresp_len, MIKEY_PT_IDR, MIKEY_ROLE_R, mod2[0]);
  size_t m2k = payload_bytes(f->tresp, f->tresp_len, MIKEY_PT_RANDR, MIKEY_RAND_KMS, mod2[1]);
  ck_assert_bytes(mod2[0], m2r, mod1[0], m1r);
  ck_assert_bytes(mod2[1], m2k, mod1[1], m1k);
  /* new RANDs, new TEKs */
  ck_assert(memcmp(t1[0], t2[0], l1[0]) != 0 && memcmp(t1[1], t2[1], l1[1]) != 0);
  flow_free(f);
}
END_TEST

/* J=0: a second TRANSFER_INIT with the ticket is refused before anything is verified. */
START_TEST(reuse_j0_refused) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_IMS), 0);
  p.tp_flags = (uint16_t)(p.tp_flags & ~MIKEY_TP_J);
  flow *f = flow_new(&p, 16);
  with_reuse(f, 4);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert(!(f->tinfo.flags & MIKEY_TP_J));
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  ck_assert_int_eq(flow_resolve(f), 0);
  /* the initiator engine refuses a second transfer itself (5.3); a second TRANSFER_INIT
   * with the ticket, as another implementation could send it: another CSB ID */
  uint8_t ti2[4096];
  memcpy(ti2, f->tinit, f->tinit_len);
  ti2[7] ^= 0x01;
  size_t rl;
  ck_assert_int_eq(offer(f, ti2, f->tinit_len, &rl), MIKEY_E_POLICY);
  ck_assert_uint_eq(rl, 0);
  /* the first one again: a replay */
  ck_assert_int_eq(offer(f, f->tinit, f->tinit_len, &rl), MIKEY_E_REPLAY);
  /* without the cache the responder cannot tell, and asks the KMS */
  mikey_responder *keep_r = f->resp;
  f->resp = NULL;
  with_reuse(f, 0);
  ck_assert_int_eq(offer(f, ti2, f->tinit_len, &rl), 0);
  ck_assert_uint_gt(rl, 0);
  mikey_responder_free(keep_r);
  flow_free(f);
}
END_TEST

/* An entry ends at the ticket's TRe: a TRANSFER_INIT still accepted within the clock skew
 * after it is resolved again (and the KMS judges the ticket). */
START_TEST(reuse_expired_entry) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_PSKMIME), 0);
  p.lifetime = 600;
  flow *f = flow_new(&p, 16);
  with_reuse(f, 4);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_uint_eq(f->tinfo.valid_to, T0 + 600);
  kept a, b, c;
  keep(f, &a);
  resolve_kept(f, &a);
  f->clock.now = NTPS(T0 + 500);
  keep(f, &b);
  hit(f, &b);
  f->clock.now = NTPS(T0 + 590);
  keep(f, &c);
  /* at TRe + 50 s the TRANSFER_INIT passes the early checks (skew), the entry is gone */
  f->clock.now = NTPS(T0 + 650);
  miss(f, &c);
  flow_free(f);
}
END_TEST

/* A full cache evicts its least recently used ticket. */
START_TEST(reuse_eviction) {
  flow *f = pm_flow(0);
  with_reuse(f, 2);
  kept t[3][3]; /* tickets A, B, C; three TRANSFER_INITs each */
  for (int i = 0; i < 3; i++) {
    ck_assert_int_eq(flow_request(f), 0);
    for (int j = 0; j < 3; j++) {
      keep(f, &t[i][j]);
    }
  }
  resolve_kept(f, &t[0][0]);
  resolve_kept(f, &t[1][0]);
  hit(f, &t[0][1]);           /* A used: B is now the least recently used */
  resolve_kept(f, &t[2][0]); /* C evicts B */
  miss(f, &t[1][1]);
  hit(f, &t[0][2]);
  hit(f, &t[2][1]);
  flow_free(f);
}
END_TEST

/* PSK/MIME proof-of-origin (a GTGK with I=1, D15): the origin rests on the KMS's check of Vr,
 * so every TRANSFER_INIT is resolved. */
START_TEST(reuse_not_for_poo) {
  static const uint8_t TAG[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  flow *f = pm_flow(1);
  with_reuse(f, 4);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_uint_eq(f->tinfo.key_type, MIKEY_KEY_GTGK);
  kept a, b;
  keep_poo(f, &a, TAG, sizeof(TAG));
  keep_poo(f, &b, TAG, sizeof(TAG));
  resolve_kept(f, &a);
  resolve_kept(f, &b);
  flow_free(f);
}
END_TEST

START_TEST(reuse_config_versions) {
  flow *f = pm_flow(0);
  ck_assert_int_eq(flow_request(f), 0);
  kept a, b;
  keep(f, &a);
  keep(f, &b);
  mikey_responder_config rc;
  memset(&rc, 0x5a, sizeof(rc));
  /* a version 1 struct ends before reuse_capacity: left as it was */
  ck_assert_int_eq(mikey_responder_config_default_versioned(1, &rc), 0);
  size_t v1;
  memset(&v1, 0x5a, sizeof(v1));
  ck_assert_mem_eq(&rc.reuse_capacity, &v1, sizeof(v1));
  ck_assert(rc.accept == NULL);
  rc.env = test_party_env(&f->pr);
  rc.self = ID_BOB;
  rc.kms = ID_KMS;
  rc.psk_id = ID_PSK_BOB;
  rc.psk = PSK_BOB;
  rc.psk_len = f->psk_len;
  rc.reuse_capacity = MIKEY_REUSE_CAPACITY_MAX + 1;
  mikey_responder *r = NULL;
  ck_assert_int_eq(mikey_responder_new_versioned(&r, 2, &rc), MIKEY_E_LIMIT);
  ck_assert_ptr_null(r);
  /* version 1: the field is not read, reuse is off */
  ck_assert_int_eq(mikey_responder_new_versioned(&r, 1, &rc), 0);
  mikey_responder_free(f->resp);
  f->resp = r;
  resolve_kept(f, &a);
  size_t rl;
  ck_assert_int_eq(offer(f, b.ti, b.len, &rl), 0);
  ck_assert_uint_gt(rl, 0);
  ck_assert_int_eq(mikey_responder_config_default_versioned(3, &rc), MIKEY_E_UNSUPPORTED);
  flow_free(f);
}
END_TEST

/* The cache itself: least recently used eviction, expiry, and wiping. */
START_TEST(reuse_cache_unit) {
  mikey_reuse c;
  ck_assert_int_eq(mikey_reuse_init(&c, 2), 0);
  uint8_t d[3][32];
  for (int i = 0; i < 3; i++) {
    memset(d[i], 0x10 * (i + 1), 32);
  }
  uint64_t now = NTPS(T0);
  reuse_entry *e0 = mikey_reuse_slot(&c, d[0], now);
  ck_assert_ptr_nonnull(e0);
  memset(e0->key, 0xAA, sizeof(e0->key));
  e0->key_len = 16;
  e0->expiry = NTPS(T0 + 100);
  reuse_entry *e1 = mikey_reuse_slot(&c, d[1], now);
  ck_assert_ptr_nonnull(e1);
  ck_assert_ptr_ne(e0, e1);
  memset(e1->key, 0xBB, sizeof(e1->key));
  static const mikey_identity MOD = {MIKEY_ID_URI, (const uint8_t *)"sip:x", 5};
  ck_assert_int_eq(mikey_ident_copy(&e1->mod_id, &MOD), 0);
  /* e0 used: e1 is evicted for d[2], and comes back wiped */
  ck_assert_ptr_eq(mikey_reuse_find(&c, d[0], now), e0);
  reuse_entry *e2 = mikey_reuse_slot(&c, d[2], now);
  ck_assert_ptr_eq(e2, e1);
  ck_assert_mem_eq(e2->digest, d[2], 32);
  ck_assert_ptr_null(e2->mod_id.data);
  uint8_t zero[sizeof(e2->key)];
  memset(zero, 0, sizeof(zero));
  ck_assert_mem_eq(e2->key, zero, sizeof(zero));
  ck_assert_ptr_null(mikey_reuse_find(&c, d[1], now));
  /* the same ticket again replaces its own entry */
  ck_assert_ptr_eq(mikey_reuse_slot(&c, d[2], now), e2);
  /* e0 lives until its TRe, then is dropped and wiped when looked up */
  ck_assert_ptr_eq(mikey_reuse_find(&c, d[0], NTPS(T0 + 100)), e0);
  ck_assert_ptr_null(mikey_reuse_find(&c, d[0], NTPS(T0 + 101)));
  ck_assert_uint_eq(e0->seq, 0);
  ck_assert_mem_eq(e0->key, zero, sizeof(zero));
  mikey_reuse_clear(&c);
  ck_assert_ptr_null(c.e);
  /* capacity 0: off, nothing kept */
  ck_assert_int_eq(mikey_reuse_init(&c, 0), 0);
  ck_assert_ptr_null(mikey_reuse_slot(&c, d[0], now));
  mikey_reuse_clear(&c);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("roles_reuse");
  TCase *tc = tcase_create("reuse");
  tcase_add_test(tc, reuse_pskmime_hit);
  tcase_add_test(tc, reuse_off_unchanged);
  tcase_add_test(tc, reuse_ims_forking);
  tcase_add_test(tc, reuse_j0_refused);
  tcase_add_test(tc, reuse_expired_entry);
  tcase_add_test(tc, reuse_eviction);
  tcase_add_test(tc, reuse_not_for_poo);
  tcase_add_test(tc, reuse_config_versions);
  tcase_add_test(tc, reuse_cache_unit);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
