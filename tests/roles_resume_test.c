/*
 * roles_resume_test.c: mikey_responder_resume(): a responder that did not write the
 * RESOLVE_INIT (another process, or the same identity after a restart) adopts it with its
 * TRANSFER_INIT and then takes the KMS's answer as usual. Happy paths (PSK/MIME with and
 * without proof-of-origin, IMS with a TRANSFER_RESP) end with the initiator's keys; each
 * refusal has its code and leaves nothing pending.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mikey_test.h"
#include "roles/mikey_roles_local.h"
#include "roles_test_util.h"

static const uint8_t TAG[16] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};

/* A second responder process: same world, its own engine and randomness. */
typedef struct other {
  test_party party;
  mikey_responder *r;
} other;

static void other_new(other *o, flow *f, const mikey_identity *self, const mikey_identity *psk_id,
                      const uint8_t *psk) {
  test_party_init(&o->party, &f->clock, 0xE0);
  mikey_responder_config rc;
  ck_assert_int_eq(mikey_responder_config_default(&rc), 0);
  rc.profile = f->prof;
  rc.env = test_party_env(&o->party);
  rc.self = *self;
  rc.kms = ID_KMS;
  rc.psk_id = *psk_id;
  rc.psk = psk;
  rc.psk_len = f->psk_len;
  ck_assert_int_eq(mikey_responder_new(&o->r, &rc), 0);
}

static flow *pm_flow(int poo) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_PSKMIME), 0);
  p.proof_of_origin = (uint8_t)poo;
  return flow_new(&p, 16);
}

/* start gives a flow whose responder wrote a RESOLVE_INIT (f->rinit) for f->tinit and then
 * went away (freed: the state lives only in the two messages). |kek| gets the initiator's
 * KEK (PSK/MIME). */
static void start(flow *f, int poo, uint8_t *kek, size_t *kek_len) {
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, poo ? TAG : NULL, poo ? sizeof(TAG) : 0, kek, kek_len), 0);
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &f->xid),
                   0);
  mikey_responder_free(f->resp);
  f->resp = NULL;
}

/* csb_of reads the CSB ID of a message (HDR bytes 4..7, RFC 3830 6.1). */
static uint32_t csb_of(const uint8_t *m) {
  return (uint32_t)m[4] << 24 | (uint32_t)m[5] << 16 | (uint32_t)m[6] << 8 | m[7];
}

/* kms_answer lets the KMS answer f->rinit into f->sresp; it must be a RESOLVE_RESP. */
static void kms_answer(flow *f) {
  ck_assert_int_eq(mikey_kms_process(f->kms, f->rinit, f->rinit_len, f->sresp, sizeof(f->sresp),
                                     &f->sresp_len, &f->res),
                   0);
  ck_assert_msg(f->res.wrote == MIKEY_KMS_WROTE_RESPONSE, "KMS: %s",
                mikey_err_name(f->res.reason));
}

/* nothing_pending checks that nothing became pending in |r| after a refused resume. */
static void nothing_pending(flow *f, mikey_responder *r, uint32_t xid) {
  ck_assert_uint_eq(xid, 0);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(r, f->sresp, f->sresp_len, NULL),
                   MIKEY_E_NO_PENDING);
}

START_TEST(resume_pskmime) {
  int poo = _i;
  flow *f = pm_flow(poo);
  uint8_t kek[64], got[64];
  size_t kl = 0, gl = 0;
  start(f, poo, kek, &kl);
  ck_assert_uint_eq(kl, 16);
  other b;
  other_new(&b, f, &ID_BOB, &ID_PSK_BOB, PSK_BOB);
  uint32_t xid = 0;
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->rinit, f->rinit_len,
                                          &xid),
                   0);
  ck_assert_uint_eq(xid, csb_of(f->rinit));
  ck_assert_uint_eq(xid, f->xid);
  /* PSK/MIME has no TRANSFER_RESP: resuming draws no randomness */
  ck_assert_uint_eq(b.party.rnd.calls, 0);
  /* pending, not accepted: no key yet; what the adopted TRANSFER_INIT states */
  ck_assert_int_eq(mikey_responder_key(b.r, xid, 1, got, sizeof(got), &gl), MIKEY_E_STATE);
  mikey_pending_info pi;
  ck_assert_int_eq(mikey_responder_pending_info(b.r, xid, &pi), 0);
  ck_assert_uint_eq(pi.csb_id, csb_of(f->tinit));
  ck_assert_int_eq(pi.has_poo, poo);
  kms_answer(f);
  mikey_transfer_info info;
  ck_assert_int_eq(mikey_responder_on_resolve_resp(b.r, f->sresp, f->sresp_len, &info), 0);
  ck_assert_uint_eq(info.xid, xid);
  ck_assert_uint_eq(info.csb_id, csb_of(f->tinit));
  ck_assert_int_eq(info.has_poo, poo);
  if (poo) {
    ck_assert_int_eq(mikey_transfer_poo_check(&info, TAG, sizeof(TAG)), 0);
  }
  ck_assert_int_eq(mikey_responder_key(b.r, xid, 1, got, sizeof(got), &gl), 0);
  ck_assert_bytes(got, gl, kek, kl);
  /* the adopted exchange is now accepted: the same TRANSFER_INIT is a replay */
  uint32_t x2 = 1;
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->rinit, f->rinit_len,
                                          &x2),
                   MIKEY_E_REPLAY);
  ck_assert_uint_eq(x2, 0);
  mikey_responder_free(b.r);
  flow_free(f);
}
END_TEST

START_TEST(resume_ims) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_IMS), 0);
  flow *f = flow_new(&p, 16);
  start(f, 0, NULL, NULL);
  other b;
  other_new(&b, f, &ID_BOB, &ID_PSK_BOB, PSK_BOB);
  uint32_t xid = 0;
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->rinit, f->rinit_len,
                                          &xid),
                   0);
  /* G=1: the RANDRr of the TRANSFER_RESP is drawn here, in one call */
  ck_assert_uint_eq(b.party.rnd.calls, 1);
  kms_answer(f);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(b.r, f->sresp, f->sresp_len, NULL), 0);
  ck_assert_int_eq(mikey_responder_transfer_resp(b.r, xid, f->tresp, sizeof(f->tresp),
                                                 &f->tresp_len),
                   0);
  ck_assert_int_eq(mikey_initiator_on_transfer_resp(f->ini, f->tresp, f->tresp_len, NULL), 0);
  for (uint8_t cs = 1; cs <= 2; cs++) {
    uint8_t ki[64], kr[64];
    size_t li, lr;
    ck_assert_int_eq(mikey_initiator_transfer_key(f->ini, cs, ki, sizeof(ki), &li), 0);
    ck_assert_int_eq(mikey_responder_key(b.r, xid, cs, kr, sizeof(kr), &lr), 0);
    ck_assert_bytes(kr, lr, ki, li);
  }
  mikey_responder_free(b.r);
  flow_free(f);
}
END_TEST

/* A TRANSFER_INIT with another ticket than the one the RESOLVE_INIT carries. */
START_TEST(resume_foreign_ticket) {
  flow *f = pm_flow(0);
  start(f, 0, NULL, NULL);
  uint8_t ti1[4096];
  size_t ti1_len = f->tinit_len;
  memcpy(ti1, f->tinit, ti1_len);
  /* a second ticket, and a TRANSFER_INIT with it */
  f->clock.now += NTPS(1);
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  other b;
  other_new(&b, f, &ID_BOB, &ID_PSK_BOB, PSK_BOB);
  uint32_t xid = 1;
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->rinit, f->rinit_len,
                                          &xid),
                   MIKEY_E_MISMATCH);
  kms_answer(f);
  nothing_pending(f, b.r, xid);
  /* the right pair is accepted by the same engine */
  ck_assert_int_eq(mikey_responder_resume(b.r, ti1, ti1_len, f->rinit, f->rinit_len, &xid), 0);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(b.r, f->sresp, f->sresp_len, NULL), 0);
  mikey_responder_free(b.r);
  flow_free(f);
}
END_TEST

/* The RESOLVE_INIT of another responder (carol, whom the ticket names too) for a
 * TRANSFER_INIT with the same ticket. */
START_TEST(resume_other_responder) {
  flow *f = pm_flow(0);
  ck_assert_int_eq(flow_request(f), 0);
  /* to carol: carol's responder writes the RESOLVE_INIT */
  mikey_transfer_params tp;
  memset(&tp, 0, sizeof(tp));
  tp.responder = &ID_CAROL;
  uint8_t tic[4096], ric[4096];
  size_t tic_len, ric_len;
  ck_assert_int_eq(mikey_initiator_transfer_prepare(f->ini, &tp, NULL), 0);
  ck_assert_int_eq(mikey_initiator_transfer_finish(f->ini, NULL, 0, tic, sizeof(tic), &tic_len),
                   0);
  other c;
  other_new(&c, f, &ID_CAROL, &ID_PSK_CAROL, PSK_CAROL);
  uint32_t xid;
  ck_assert_int_eq(mikey_responder_on_transfer_init(c.r, tic, tic_len, ric, sizeof(ric), &ric_len,
                                                    &xid),
                   0);
  /* to bob, with the same ticket */
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  other b;
  other_new(&b, f, &ID_BOB, &ID_PSK_BOB, PSK_BOB);
  xid = 1;
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, ric, ric_len, &xid),
                   MIKEY_E_IDENTITY);
  ck_assert_uint_eq(xid, 0);
  /* carol's own TRANSFER_INIT names carol: refused by bob's early checks */
  ck_assert_int_eq(mikey_responder_resume(b.r, tic, tic_len, ric, ric_len, &xid),
                   MIKEY_E_IDENTITY);
  mikey_responder_free(b.r);
  mikey_responder_free(c.r);
  flow_free(f);
}
END_TEST

/* payload_at returns the offset (and in *plen the length) of the first payload of |type| and
 * |role| in the message |buf|. */
static size_t payload_at(const uint8_t *buf, size_t len, int type, int role, size_t *plen) {
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(mikey_msg_decode(m, buf, len), 0);
  const mikey_payload *p = mikey_msg_find(m, type, role);
  ck_assert_ptr_nonnull(p);
  size_t off = p->offset;
  *plen = p->len;
  free(m);
  return off;
}

START_TEST(resume_bad_v) {
  flow *f = pm_flow(0);
  start(f, 0, NULL, NULL);
  kms_answer(f);
  other b;
  other_new(&b, f, &ID_BOB, &ID_PSK_BOB, PSK_BOB);
  uint8_t ri[4096];
  uint32_t xid = 1;
  /* the last MAC byte */
  memcpy(ri, f->rinit, f->rinit_len);
  ri[f->rinit_len - 1] ^= 0x01;
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, ri, f->rinit_len, &xid),
                   MIKEY_E_AUTH);
  nothing_pending(f, b.r, xid);
  /* a byte of RANDRr (nothing but the V checks it) */
  size_t pl;
  size_t at = payload_at(f->rinit, f->rinit_len, MIKEY_PT_RANDR, MIKEY_RAND_R, &pl);
  memcpy(ri, f->rinit, f->rinit_len);
  ri[at + pl - 1] ^= 0x80;
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, ri, f->rinit_len, &xid),
                   MIKEY_E_AUTH);
  nothing_pending(f, b.r, xid);
  /* the right MAC but the key of another PSK: a bob engine with carol's PSK (as if the
   * RESOLVE_INIT came from someone holding another key) */
  other b2;
  other_new(&b2, f, &ID_BOB, &ID_PSK_BOB, PSK_CAROL);
  ck_assert_int_eq(mikey_responder_resume(b2.r, f->tinit, f->tinit_len, f->rinit, f->rinit_len,
                                          &xid),
                   MIKEY_E_AUTH);
  nothing_pending(f, b2.r, xid);
  mikey_responder_free(b2.r);
  mikey_responder_free(b.r);
  flow_free(f);
}
END_TEST

/* Changes that keep a valid V (re-MAC'd with bob's PSK) but make a message bob never writes. */
START_TEST(resume_not_as_written) {
  flow *f = pm_flow(0);
  start(f, 0, NULL, NULL);
  kms_answer(f);
  other b;
  other_new(&b, f, &ID_BOB, &ID_PSK_BOB, PSK_BOB);
  uint8_t ri[4096];
  uint32_t xid = 1;
  /* HDR V flag 0 (byte 3, bit 7) */
  memcpy(ri, f->rinit, f->rinit_len);
  ri[3] &= 0x7f;
  remac_initial(ri, f->rinit_len, PSK_BOB, 16, &ID_BOB, &ID_KMS);
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, ri, f->rinit_len, &xid),
                   MIKEY_E_MISMATCH);
  nothing_pending(f, b.r, xid);
  /* IDRpsk names another key than bob's */
  size_t pl;
  size_t at = payload_at(f->rinit, f->rinit_len, MIKEY_PT_IDR, MIKEY_ROLE_PSK, &pl);
  memcpy(ri, f->rinit, f->rinit_len);
  ri[at + pl - 1] ^= 0x01; /* "psk-bob" -> "psk-boc" */
  remac_initial(ri, f->rinit_len, PSK_BOB, 16, &ID_BOB, &ID_KMS);
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, ri, f->rinit_len, &xid),
                   MIKEY_E_IDENTITY);
  nothing_pending(f, b.r, xid);
  /* the ticket changed in the last byte of its Ticket Data (before the 2-byte Initiator Data
   * length, 0 here) */
  at = payload_at(f->rinit, f->rinit_len, MIKEY_PT_TICKET, -1, &pl);
  memcpy(ri, f->rinit, f->rinit_len);
  ck_assert_uint_eq(ri[at + pl - 1], 0);
  ck_assert_uint_eq(ri[at + pl - 2], 0);
  ri[at + pl - 3] ^= 0x01;
  remac_initial(ri, f->rinit_len, PSK_BOB, 16, &ID_BOB, &ID_KMS);
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, ri, f->rinit_len, &xid),
                   MIKEY_E_MISMATCH);
  nothing_pending(f, b.r, xid);
  mikey_responder_free(b.r);
  flow_free(f);
}
END_TEST

START_TEST(resume_wrong_data_type) {
  flow *f = pm_flow(0);
  start(f, 0, NULL, NULL);
  kms_answer(f);
  other b;
  other_new(&b, f, &ID_BOB, &ID_PSK_BOB, PSK_BOB);
  uint32_t xid = 1;
  /* the TRANSFER_INIT twice */
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->tinit, f->tinit_len,
                                          &xid),
                   MIKEY_E_BAD_DATA_TYPE);
  nothing_pending(f, b.r, xid);
  /* the two swapped */
  ck_assert_int_eq(mikey_responder_resume(b.r, f->rinit, f->rinit_len, f->tinit, f->tinit_len,
                                          &xid),
                   MIKEY_E_BAD_DATA_TYPE);
  nothing_pending(f, b.r, xid);
  /* the KMS's RESOLVE_RESP in place of the RESOLVE_INIT */
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->sresp, f->sresp_len,
                                          &xid),
                   MIKEY_E_BAD_DATA_TYPE);
  nothing_pending(f, b.r, xid);
  ck_assert_int_eq(mikey_responder_resume(NULL, f->tinit, f->tinit_len, f->rinit, f->rinit_len,
                                          &xid),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, NULL, 0, &xid),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->rinit, f->rinit_len,
                                          NULL),
                   MIKEY_E_INVAL);
  mikey_responder_free(b.r);
  flow_free(f);
}
END_TEST

START_TEST(resume_truncated) {
  flow *f = pm_flow(1);
  start(f, 1, NULL, NULL);
  kms_answer(f);
  other b;
  other_new(&b, f, &ID_BOB, &ID_PSK_BOB, PSK_BOB);
  uint32_t xid = 1;
  /* a MAC cut short */
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->rinit,
                                          f->rinit_len - 1, &xid),
                   MIKEY_E_TRUNCATED);
  /* every prefix of either message is refused */
  for (size_t n = 0; n < f->rinit_len; n++) {
    xid = 1;
    int rc = mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->rinit, n, &xid);
    ck_assert_msg(rc < 0, "RESOLVE_INIT prefix %zu accepted", n);
    ck_assert_uint_eq(xid, 0);
  }
  for (size_t n = 0; n < f->tinit_len; n++) {
    xid = 1;
    int rc = mikey_responder_resume(b.r, f->tinit, n, f->rinit, f->rinit_len, &xid);
    ck_assert_msg(rc < 0, "TRANSFER_INIT prefix %zu accepted", n);
    ck_assert_uint_eq(xid, 0);
  }
  nothing_pending(f, b.r, 0);
  mikey_responder_free(b.r);
  flow_free(f);
}
END_TEST

/* The RESOLVE_INIT's own T must be fresh, even when the TRANSFER_INIT's is. */
START_TEST(resume_stale_resolve_init) {
  flow *f = pm_flow(0);
  ck_assert_int_eq(flow_request(f), 0);
  f->clock.now += NTPS(100);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, NULL, NULL), 0);
  /* the first responder takes the TRANSFER_INIT late (299 s), its RESOLVE_INIT has T0+399 */
  f->clock.now += NTPS(299);
  ck_assert_int_eq(mikey_responder_on_transfer_init(f->resp, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &f->xid),
                   0);
  other b;
  other_new(&b, f, &ID_BOB, &ID_PSK_BOB, PSK_BOB);
  uint32_t xid = 1;
  /* at T0+98 the TRANSFER_INIT (T0+100) is fresh, the RESOLVE_INIT (T0+399) 301 s ahead */
  f->clock.now = NTPS(T0 + 98);
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->rinit, f->rinit_len,
                                          &xid),
                   MIKEY_E_TIMESTAMP);
  ck_assert_uint_eq(xid, 0);
  /* at T0+99 both are */
  f->clock.now = NTPS(T0 + 99);
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->rinit, f->rinit_len,
                                          &xid),
                   0);
  mikey_responder_free(b.r);
  flow_free(f);
}
END_TEST

/* bob_with_key_len makes a responder for bob whose profile has key length |key_len| (the
 * RANDRr it draws: D5). */
static void bob_with_key_len(other *o, flow *f, uint8_t key_len) {
  test_party_init(&o->party, &f->clock, 0xD0);
  mikey_responder_config rc;
  ck_assert_int_eq(mikey_responder_config_default(&rc), 0);
  rc.profile = f->prof;
  rc.profile.key_len = key_len;
  rc.env = test_party_env(&o->party);
  rc.self = ID_BOB;
  rc.kms = ID_KMS;
  rc.psk_id = ID_PSK_BOB;
  rc.psk = PSK_BOB;
  rc.psk_len = f->psk_len;
  ck_assert_int_eq(mikey_responder_new(&o->r, &rc), 0);
}

/* randrr_len reads the length of the RANDRr of the message |buf|. */
static size_t randrr_len(const uint8_t *buf, size_t len) {
  size_t pl;
  (void)payload_at(buf, len, MIKEY_PT_RANDR, MIKEY_RAND_R, &pl);
  return pl - 3; /* Next Payload, RAND role, RAND len (RFC 6043 6.3) */
}

/* with_randrr writes to |out| f->rinit with a RANDRr of |n| bytes (0x5c, 0x5d, ...), its V
 * recomputed with bob's PSK; returns its length. */
static size_t with_randrr(flow *f, size_t n, uint8_t *out, size_t cap) {
  static uint8_t rnd[255];
  for (size_t i = 0; i < n; i++) {
    rnd[i] = (uint8_t)(0x5c + i);
  }
  mikey_msg *m = malloc(sizeof(*m));
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(mikey_msg_decode(m, f->rinit, f->rinit_len), 0);
  for (size_t i = 0; i < m->n; i++) {
    if (m->pl[i].type == MIKEY_PT_RANDR && m->pl[i].u.rand.role == MIKEY_RAND_R) {
      m->pl[i].u.rand.rand = (mikey_bytes){rnd, n};
    }
  }
  size_t len;
  ck_assert_int_eq(mikey_msg_encode(m, out, cap, &len), 0);
  free(m);
  ck_assert_uint_eq(randrr_len(out, len), n);
  remac_initial(out, len, PSK_BOB, f->psk_len, &ID_BOB, &ID_KMS);
  return len;
}

START_TEST(resume_randrr_of_either_key_length) {
  /* given a RESOLVE_INIT written by a bob whose profile has 128- or 256-bit keys (a RANDRr of
   * 16 or 32 bytes, D5) for a ticket of 128-bit keys and a 16-byte PSK */
  int writer_32 = _i / 2, reader_32 = _i % 2;
  flow *f = pm_flow(0);
  uint8_t kek[64], got[64];
  size_t kl = 0, gl = 0;
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, NULL, 0, kek, &kl), 0);
  other w;
  bob_with_key_len(&w, f, writer_32 ? 32 : 16);
  uint32_t xid;
  ck_assert_int_eq(mikey_responder_on_transfer_init(w.r, f->tinit, f->tinit_len, f->rinit,
                                                    sizeof(f->rinit), &f->rinit_len, &xid),
                   0);
  ck_assert_uint_eq(randrr_len(f->rinit, f->rinit_len), writer_32 ? 32 : 16);
  mikey_responder_free(w.r);
  /* when a bob with either key length resumes it, then he adopts it and ends with the KEK */
  other b;
  bob_with_key_len(&b, f, reader_32 ? 32 : 16);
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, f->rinit, f->rinit_len,
                                          &xid),
                   0);
  kms_answer(f);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(b.r, f->sresp, f->sresp_len, NULL), 0);
  ck_assert_int_eq(mikey_responder_key(b.r, xid, 1, got, sizeof(got), &gl), 0);
  ck_assert_bytes(got, gl, kek, kl);
  mikey_responder_free(b.r);
  flow_free(f);
}
END_TEST

START_TEST(resume_randrr_bounds) {
  /* given 32-byte PSKs: the resolve's keys come from PSKr and RANDRr alone (RFC 6043 12.1) */
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_PSKMIME), 0);
  flow *f = flow_new(&p, 32);
  start(f, 0, NULL, NULL);
  kms_answer(f);
  other b;
  other_new(&b, f, &ID_BOB, &ID_PSK_BOB, PSK_BOB);
  uint8_t ri[4096];
  uint32_t xid = 1;
  /* a RANDRr one byte shorter than the PSK: refused, as the KMS refuses it */
  size_t n = with_randrr(f, 31, ri, sizeof(ri));
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, ri, n, &xid),
                   MIKEY_E_RAND_SHORT);
  nothing_pending(f, b.r, xid);
  uint8_t ans[4096];
  size_t ans_len;
  mikey_kms_result kr;
  ck_assert_int_eq(mikey_kms_process(f->kms, ri, n, ans, sizeof(ans), &ans_len, &kr), 0);
  ck_assert_int_eq(kr.wrote, MIKEY_KMS_WROTE_ERROR);
  ck_assert_int_eq(kr.reason, MIKEY_E_RAND_SHORT);
  /* longer than the engine keeps (the 32 bytes it sends at most, D5) */
  n = with_randrr(f, 33, ri, sizeof(ri));
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, ri, n, &xid),
                   MIKEY_E_LIMIT);
  nothing_pending(f, b.r, xid);
  /* exactly the PSK's length, other bytes than bob drew: adopted, and answered */
  n = with_randrr(f, 32, ri, sizeof(ri));
  ck_assert_int_eq(mikey_responder_resume(b.r, f->tinit, f->tinit_len, ri, n, &xid), 0);
  ck_assert_int_eq(mikey_kms_process(f->kms, ri, n, ans, sizeof(ans), &ans_len, &kr), 0);
  ck_assert_int_eq(kr.wrote, MIKEY_KMS_WROTE_RESPONSE);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(b.r, ans, ans_len, NULL), 0);
  mikey_responder_free(b.r);
  flow_free(f);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("roles_resume");
  TCase *tc = tcase_create("resume");
  tcase_add_loop_test(tc, resume_pskmime, 0, 2);
  tcase_add_test(tc, resume_ims);
  tcase_add_test(tc, resume_foreign_ticket);
  tcase_add_test(tc, resume_other_responder);
  tcase_add_test(tc, resume_bad_v);
  tcase_add_test(tc, resume_not_as_written);
  tcase_add_test(tc, resume_wrong_data_type);
  tcase_add_test(tc, resume_truncated);
  tcase_add_test(tc, resume_stale_resolve_init);
  tcase_add_loop_test(tc, resume_randrr_of_either_key_length, 0, 4);
  tcase_add_test(tc, resume_randrr_bounds);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
