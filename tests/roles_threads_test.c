/*
 * roles_threads_test.c: one KMS context shared by several threads (DESIGN.md principle 6:
 * read-only after set-up): thousands of Ticket Resolves and Ticket Requests at once, every
 * answer checked (the right message, the same KEK as the initiator's, the replay cache
 * shared and consistent).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mikey_test.h"
#include "roles/mikey_roles_local.h"
#include "roles_test_util.h"

#define THREADS 4
#define RESOLVES 1000 /* per thread */

typedef struct shared {
  flow *f;                 /* the clock, the TRANSFER_INIT */
  mikey_kms *kms;          /* the shared KMS: system randomness, the fixed clock */
  uint8_t kek[64];         /* the initiator's KEK */
  size_t kek_len;
  const mikey_role_profile *prof;
} shared;

typedef struct worker {
  shared *sh;
  int id;
  int failures;
  int resolves, requests;
  char why[160];
  uint8_t last[2048]; /* its last RESOLVE_INIT */
  size_t last_len;
} worker;

/* An integrator's replay cache for the responders of this test: every TRANSFER_INIT is
 * the same one, resolved again and again, so nothing is refused (the KMS keeps its own). */
static int accept_all(void *ud, const uint8_t *key, uint64_t expiry, uint64_t now) {
  (void)ud;
  (void)key;
  (void)expiry;
  (void)now;
  return 0;
}

static uint64_t shared_now(void *ud) {
  const test_clock *c = ud;
  return c->now;
}

#define FAIL(w, ...)                                                                         \
  do {                                                                                       \
    if (!(w)->failures++) {                                                                  \
      snprintf((w)->why, sizeof((w)->why), __VA_ARGS__);                                     \
    }                                                                                        \
    continue;                                                                                \
  } while (0)

static void *run(void *arg) {
  worker *w = arg;
  shared *sh = w->sh;
  flow *f = sh->f;
  /* each thread its own responder bob and initiator alice, with real randomness and the
   * shared (fixed) clock */
  mikey_env env = {NULL, shared_now, &f->clock};
  mikey_replay_ops ops = {NULL, accept_all, NULL};
  mikey_responder_config rc;
  mikey_responder *resp = NULL;
  mikey_initiator_config ic;
  mikey_initiator *ini = NULL;
  if (mikey_responder_config_default(&rc) || mikey_initiator_config_default(&ic)) {
    w->failures++;
    return NULL;
  }
  rc.profile = *sh->prof;
  rc.env = env;
  rc.self = ID_BOB;
  rc.kms = ID_KMS;
  rc.psk_id = ID_PSK_BOB;
  rc.psk = PSK_BOB;
  rc.psk_len = f->psk_len;
  rc.replay = &ops;
  ic.profile = *sh->prof;
  ic.env = env;
  ic.self = ID_ALICE;
  ic.kms = ID_KMS;
  ic.psk_id = ID_PSK_ALICE;
  ic.psk = PSK_ALICE;
  ic.psk_len = f->psk_len;
  if (mikey_responder_new(&resp, &rc) || mikey_initiator_new(&ini, &ic)) {
    w->failures++;
    mikey_responder_free(resp);
    return NULL;
  }
  uint8_t ri[2048], rr[2048], kek[64];
  size_t ril, rrl, kl;
  mikey_identity rs[1] = {ID_BOB};
  mikey_ticket_request rq = {rs, 1, 0, 0, 0, NULL, 0};
  for (int i = 0; i < RESOLVES; i++) {
    uint32_t xid;
    mikey_kms_result res;
    int rc2 = mikey_responder_on_transfer_init(resp, f->tinit, f->tinit_len, ri, sizeof(ri), &ril,
                                               &xid);
    if (rc2) {
      FAIL(w, "iteration %d: transfer init: %s", i, mikey_err_name(rc2));
    }
    rc2 = mikey_kms_process(sh->kms, ri, ril, rr, sizeof(rr), &rrl, &res);
    if (rc2 || res.wrote != MIKEY_KMS_WROTE_RESPONSE || res.reason) {
      FAIL(w, "iteration %d: KMS: %s / %s", i, mikey_err_name(rc2), mikey_err_name(res.reason));
    }
    rc2 = mikey_responder_on_resolve_resp(resp, rr, rrl, NULL);
    if (rc2) {
      FAIL(w, "iteration %d: resolve resp: %s", i, mikey_err_name(rc2));
    }
    rc2 = mikey_responder_key(resp, xid, 1, kek, sizeof(kek), &kl);
    if (rc2 || kl != sh->kek_len || memcmp(kek, sh->kek, kl) != 0) {
      FAIL(w, "iteration %d: KEK differs (%s)", i, mikey_err_name(rc2));
    }
    mikey_responder_forget(resp, xid);
    memcpy(w->last, ri, ril);
    w->last_len = ril;
    w->resolves++;
    if (i % 10 == 0) {
      rc2 = mikey_initiator_request(ini, &rq, ri, sizeof(ri), &ril);
      if (rc2 == 0) {
        rc2 = mikey_kms_process(sh->kms, ri, ril, rr, sizeof(rr), &rrl, &res);
      }
      if (rc2 == 0 && res.wrote != MIKEY_KMS_WROTE_RESPONSE) {
        rc2 = res.reason;
      }
      if (rc2 == 0) {
        rc2 = mikey_initiator_on_request_resp(ini, rr, rrl, NULL);
      }
      if (rc2) {
        FAIL(w, "iteration %d: request: %s", i, mikey_err_name(rc2));
      }
      w->requests++;
    }
  }
  mikey_responder_free(resp);
  mikey_initiator_free(ini);
  return NULL;
}

START_TEST(one_kms_many_threads) {
  mikey_role_profile p;
  ck_assert_int_eq(mikey_role_profile_default(&p, MIKEY_ROLE_PSKMIME), 0);
  p.proof_of_origin = (uint8_t)_i; /* with proof-of-origin the KMS also checks Vr and forks */
  flow *f = flow_new(&p, 16);
  shared sh = {f, NULL, {0}, 0, &p};
  static const uint8_t tag[16] = {7};
  ck_assert_int_eq(flow_request(f), 0);
  ck_assert_int_eq(flow_transfer(f, _i ? tag : NULL, _i ? 16 : 0, sh.kek, &sh.kek_len), 0);
  /* the shared KMS: same identity and TPK as the one that issued the ticket, thread-safe
   * randomness (the default) and the fixed clock */
  mikey_kms_config kc;
  ck_assert_int_eq(mikey_kms_config_default(&kc), 0);
  kc.env = (mikey_env){NULL, shared_now, &f->clock};
  kc.self = ID_KMS;
  memcpy(kc.kms_id, KMS_ID, 6);
  kc.tpk_id = ID_TPK;
  kc.tpk = TPK;
  kc.tpk_len = 16;
  kc.callbacks.psk_lookup = test_psk_lookup;
  kc.user_data = f;
  ck_assert_int_eq(mikey_kms_new(&sh.kms, &kc), 0);
  pthread_t th[THREADS];
  worker w[THREADS];
  memset(w, 0, sizeof(w));
  for (int i = 0; i < THREADS; i++) {
    w[i].sh = &sh;
    w[i].id = i;
    ck_assert_int_eq(pthread_create(&th[i], NULL, run, &w[i]), 0);
  }
  int resolves = 0, requests = 0;
  for (int i = 0; i < THREADS; i++) {
    ck_assert_int_eq(pthread_join(th[i], NULL), 0);
    ck_assert_msg(w[i].failures == 0, "thread %d: %d failures, first: %s", i, w[i].failures,
                  w[i].why);
    resolves += w[i].resolves;
    requests += w[i].requests;
  }
  ck_assert_int_eq(resolves, THREADS * RESOLVES);
  ck_assert_int_eq(requests, THREADS * RESOLVES / 10);
  /* the shared replay cache recorded every message once: any of them again is refused */
  for (int i = 0; i < THREADS; i++) {
    ck_assert_int_eq(mikey_kms_process(sh.kms, w[i].last, w[i].last_len, f->sresp,
                                       sizeof(f->sresp), &f->sresp_len, &f->res),
                     0);
    ck_assert_int_eq(f->res.reason, MIKEY_E_REPLAY);
  }
  mikey_kms_free(sh.kms);
  flow_free(f);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("roles_threads");
  TCase *tc = tcase_create("threads");
  tcase_set_timeout(tc, 600);
  tcase_add_loop_test(tc, one_kms_many_threads, 0, 2);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
