/*
 * pskmime_flow_test.c: the PSK/MIME profile end to end in one process (a KMS, the sender
 * alice, a receiver for bob): every AEAD, both PRFs, 128- and 256-bit keys, with and without
 * proof-of-origin, base64 and binary transfer encoding; the body's layout as the sender
 * reports it; sizes; determinism.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mikey_test.h"
#include "pskmime_test_util.h"

/* Every pair allowed by D4 (MIKEY-1 only with 128-bit keys) and D6 (AES-256 content keys
 * only under a 256-bit KEK). */
static const struct {
  uint8_t prf, key_len;
  mikey_cms_alg aead;
} PAIRS[] = {
    {MIKEY_PRF_HMAC_SHA_256, 16, MIKEY_CMS_AES128_GCM},
    {MIKEY_PRF_HMAC_SHA_256, 16, MIKEY_CMS_AES128_CCM},
    {MIKEY_PRF_MIKEY_1, 16, MIKEY_CMS_AES128_GCM},
    {MIKEY_PRF_MIKEY_1, 16, MIKEY_CMS_AES128_CCM},
    {MIKEY_PRF_HMAC_SHA_256, 32, MIKEY_CMS_AES128_GCM},
    {MIKEY_PRF_HMAC_SHA_256, 32, MIKEY_CMS_AES256_GCM},
    {MIKEY_PRF_HMAC_SHA_256, 32, MIKEY_CMS_AES128_CCM},
    {MIKEY_PRF_HMAC_SHA_256, 32, MIKEY_CMS_AES256_CCM},
};
#define NPAIRS (sizeof(PAIRS) / sizeof(PAIRS[0]))
#define NCASES ((int)NPAIRS * 4) /* x proof-of-origin x transfer encoding */

static const char MIME[] = "Content-Type: text/plain; charset=utf-8\r\n"
                           "\r\n"
                           "Meet at the north gate at 10:00.\r\n";

typedef struct tcase_params {
  size_t pair;
  int poo, cte;
} tcase_params;

static tcase_params params_of(int i) {
  tcase_params p = {(size_t)i / 4, (i / 2) % 2, i % 2};
  return p;
}

static pt_world *world_for(tcase_params c) {
  mikey_role_profile prof;
  pt_profile(&prof, PAIRS[c.pair].prf, PAIRS[c.pair].key_len, c.poo);
  pt_world *w = pt_world_new(&prof, c.poo);
  ck_assert_int_eq(pt_ticket(w), 0);
  return w;
}

START_TEST(flow_recovers_the_mime_entity) {
  /* given a world of this case and a ticket */
  tcase_params c = params_of(_i);
  pt_world *w = world_for(c);
  mikey_pskmime_send_opts o = {PAIRS[c.pair].aead, c.cte, NULL};
  size_t want;
  ck_assert_int_eq(mikey_pskmime_protect_size(w->ini, &o, sizeof(MIME) - 1, &want), 0);
  /* when alice protects and bob receives, resolves and opens */
  ck_assert_int_eq(pt_protect(w, &o, (const uint8_t *)MIME, sizeof(MIME) - 1), 0);
  ck_assert_uint_eq(w->body_len, want);
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  ck_assert_int_eq(w->kres.wrote, MIKEY_KMS_WROTE_RESPONSE);
  size_t need;
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, w->xid, &need), 0);
  ck_assert_uint_eq(need, sizeof(MIME) - 1);
  uint8_t out[256];
  size_t out_len;
  mikey_pskmime_result res;
  int rc = mikey_pskmime_open(w->rx, w->rresp, w->rresp_len, out, sizeof(out), &out_len, &res);
  ck_assert_msg(rc == 0, "open: %s", mikey_err_name(rc));
  /* then bob has the entity, knows it came from alice under this KEK, with or without the
   * proof-of-origin the ticket asked for */
  ck_assert_bytes(out, out_len, MIME, sizeof(MIME) - 1);
  ck_assert_uint_eq(res.xid, w->xid);
  ck_assert_uint_eq(res.initiator_type, PT_ALICE.type);
  ck_assert_bytes(res.initiator, res.initiator_len, PT_ALICE.data, PT_ALICE.len);
  ck_assert_int_eq(res.poo_present, c.poo);
  ck_assert_int_eq(w->sent.poo_present, c.poo);
  ck_assert_int_eq(res.aead, PAIRS[c.pair].aead);
  ck_assert_int_eq(w->sent.aead, PAIRS[c.pair].aead);
  ck_assert_uint_eq(w->sent.kek_len, PAIRS[c.pair].key_len);
  ck_assert_bytes(res.kek_id, res.kek_id_len, w->sent.kek_id, w->sent.kek_id_len);
  ck_assert_uint_eq(w->sent.kek_id_len, MIKEY_KEK_ID_LEN);
  ck_assert_int_eq(res.ended, 1);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_DONE);
  /* and the exchange is over: nothing held, the answer cannot be used twice */
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, w->xid, &need), MIKEY_E_NO_PENDING);
  ck_assert_int_eq(mikey_pskmime_open(w->rx, w->rresp, w->rresp_len, out, sizeof(out),
                                      &out_len, &res),
                   MIKEY_E_NO_PENDING);
  pt_world_free(w);
}
END_TEST

START_TEST(sent_describes_the_body) {
  /* given a protected body */
  tcase_params c = params_of(_i);
  pt_world *w = world_for(c);
  mikey_pskmime_send_opts o = {PAIRS[c.pair].aead, c.cte, &PT_BOB};
  ck_assert_int_eq(pt_protect(w, &o, (const uint8_t *)MIME, sizeof(MIME) - 1), 0);
  const mikey_pskmime_sent *s = &w->sent;
  /* when the SIP body is parsed by the S/MIME layer */
  uint8_t dec[8192];
  size_t dec_len;
  mikey_sipbody sb;
  ck_assert_int_eq(mikey_sipbody_parse(w->ctype, strlen(w->ctype), w->body, w->body_len, dec,
                                       sizeof(dec), &dec_len, &sb, NULL),
                   0);
  /* then the offsets the sender reported point at the parts it names */
  ck_assert_uint_eq(sb.mikey_len, s->transfer_init_len);
  ck_assert_uint_eq(sb.smime.der_len, s->der_len);
  ck_assert_int_eq(sb.smime.cte, c.cte);
  ck_assert_ptr_eq(sb.entity, w->body + s->entity_offset);
  ck_assert_uint_eq(sb.entity_len, s->entity_len);
  uint8_t ti[4096];
  size_t ti_len;
  ck_assert_int_eq(mikey_base64_decode(w->body + s->mikey_offset, s->mikey_len,
                                       MIKEY_BASE64_MIME, ti, sizeof(ti), &ti_len),
                   0);
  ck_assert_bytes(ti, ti_len, sb.mikey, sb.mikey_len);
  if (c.cte == MIKEY_SMIME_CTE_BINARY) {
    ck_assert_bytes(w->body + s->smime_offset, s->smime_len, sb.smime.der, sb.smime.der_len);
  } else {
    uint8_t der[4096];
    size_t der_len;
    ck_assert_int_eq(mikey_base64_decode(w->body + s->smime_offset, s->smime_len,
                                         MIKEY_BASE64_MIME, der, sizeof(der), &der_len),
                     0);
    ck_assert_bytes(der, der_len, sb.smime.der, sb.smime.der_len);
  }
  /* the TRANSFER_INIT is the profile's (PROFILE.md 4): one crypto session, SPI = KEK id,
   * CSB ID as reported, proof-of-origin = the AEAD tag exactly when I=1 (section 6) */
  static mikey_msg m;
  ck_assert_int_eq(mikey_msg_decode(&m, sb.mikey, sb.mikey_len), 0);
  ck_assert_int_eq(mikey_msg_validate(&m, MIKEY_VALIDATE_PSKMIME), 0);
  ck_assert_uint_eq(m.hdr.csb_id, s->csb_id);
  ck_assert_uint_eq(m.hdr.n_cs, 1);
  ck_assert_uint_eq(m.hdr.cs[0].prot_type, MIKEY_PROT_PSKMIME_DEFAULT);
  ck_assert_bytes(m.hdr.cs[0].spi.data, m.hdr.cs[0].spi.len, s->kek_id, s->kek_id_len);
  mikey_cms_aed aed;
  ck_assert_int_eq(mikey_cms_aed_parse(sb.smime.der, sb.smime.der_len, &aed), 0);
  ck_assert_bytes(aed.kek_id, aed.kek_id_len, s->kek_id, s->kek_id_len);
  ck_assert_int_eq(aed.alg, PAIRS[c.pair].aead);
  ck_assert_uint_eq(aed.wrap_key_len, PAIRS[c.pair].key_len);
  ck_assert_uint_eq(aed.content_len, sizeof(MIME) - 1);
  const mikey_payload *gx = mikey_msg_find(&m, MIKEY_PT_GEXT, -1);
  ck_assert_int_eq(gx != NULL, c.poo);
  if (gx) {
    ck_assert_uint_eq(gx->u.gext.type, MIKEY_GEXT_POO_DEFAULT);
    ck_assert_bytes(gx->u.gext.data.data, gx->u.gext.data.len, aed.mac, aed.mac_len);
  }
  pt_world_free(w);
}
END_TEST

START_TEST(same_seed_same_body) {
  /* given two worlds with the same injected time and randomness */
  tcase_params c = params_of(_i);
  pt_world *a = world_for(c), *b = world_for(c);
  mikey_pskmime_send_opts o = {PAIRS[c.pair].aead, c.cte, NULL};
  ck_assert_int_eq(pt_protect(a, &o, (const uint8_t *)MIME, sizeof(MIME) - 1), 0);
  ck_assert_int_eq(pt_protect(b, &o, (const uint8_t *)MIME, sizeof(MIME) - 1), 0);
  /* then the bodies are byte for byte equal, and a second message differs */
  ck_assert_bytes(a->body, a->body_len, b->body, b->body_len);
  ck_assert_str_eq(a->ctype, b->ctype);
  ck_assert_int_eq(pt_protect(b, &o, (const uint8_t *)MIME, sizeof(MIME) - 1), 0);
  ck_assert(a->body_len != b->body_len || memcmp(a->body, b->body, a->body_len) != 0);
  pt_world_free(a);
  pt_world_free(b);
}
END_TEST

START_TEST(ticket_serves_many_messages) {
  /* D10: J=1, every message has its own TRANSFER_INIT, RANDRi and KEK */
  pt_world *w = world_for(params_of(0));
  for (int k = 0; k < 3; k++) {
    char msg[64];
    int n = snprintf(msg, sizeof(msg), "Content-Type: text/plain\r\n\r\nmessage %d\r\n", k);
    w->now += PT_NTPS(1);
    ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)msg, (size_t)n), 0);
    ck_assert_int_eq(pt_receive(w), 0);
    ck_assert_int_eq(pt_resolve(w), 0);
    uint8_t out[64];
    size_t out_len;
    ck_assert_int_eq(mikey_pskmime_open(w->rx, w->rresp, w->rresp_len, out, sizeof(out),
                                        &out_len, NULL),
                     0);
    ck_assert_bytes(out, out_len, msg, (size_t)n);
  }
  pt_world_free(w);
}
END_TEST

START_TEST(several_messages_pending_at_once) {
  /* given three bodies received before any RESOLVE_RESP comes back */
  pt_world *w = world_for(params_of(2));
  uint8_t rinit[3][1024], rresp[3][1024];
  size_t rinit_len[3], rresp_len[3];
  uint32_t xid[3];
  char msg[3][64];
  size_t n[3];
  for (int k = 0; k < 3; k++) {
    n[k] = (size_t)snprintf(msg[k], sizeof(msg[k]), "Content-Type: text/plain\r\n\r\n#%d\r\n", k);
    ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)msg[k], n[k]), 0);
    ck_assert_int_eq(mikey_pskmime_receive(w->rx, w->ctype, strlen(w->ctype), w->body,
                                           w->body_len, rinit[k], sizeof(rinit[k]),
                                           &rinit_len[k], &xid[k]),
                     0);
    mikey_kms_result kr;
    ck_assert_int_eq(mikey_kms_process(w->kms, rinit[k], rinit_len[k], rresp[k],
                                       sizeof(rresp[k]), &rresp_len[k], &kr),
                     0);
  }
  /* when the answers arrive in another order, then each opens its own message */
  for (int k = 2; k >= 0; k--) {
    uint8_t out[64];
    size_t out_len;
    mikey_pskmime_result res;
    ck_assert_int_eq(mikey_pskmime_open(w->rx, rresp[k], rresp_len[k], out, sizeof(out),
                                        &out_len, &res),
                     0);
    ck_assert_uint_eq(res.xid, xid[k]);
    ck_assert_bytes(out, out_len, msg[k], n[k]);
  }
  pt_world_free(w);
}
END_TEST

START_TEST(empty_and_large_entities) {
  /* the sizes at both ends of the range a UE sends */
  static const size_t sizes[] = {0, 1, 15, 16, 17, 4000};
  for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
    pt_world *w = world_for(params_of((int)(k % 8) * 4 + (int)(k % 2)));
    uint8_t in[4000], out[4000];
    for (size_t i = 0; i < sizes[k]; i++) {
      in[i] = (uint8_t)(i * 7 + k);
    }
    mikey_pskmime_send_opts o = {PAIRS[k % 8].aead, (int)(k % 2), NULL};
    ck_assert_int_eq(pt_protect(w, &o, in, sizes[k]), 0);
    ck_assert_int_eq(pt_receive(w), 0);
    ck_assert_int_eq(pt_resolve(w), 0);
    size_t out_len;
    ck_assert_int_eq(mikey_pskmime_open(w->rx, w->rresp, w->rresp_len, out, sizeof(out),
                                        &out_len, NULL),
                     0);
    ck_assert_bytes(out, out_len, in, sizes[k]);
    pt_world_free(w);
  }
}
END_TEST


START_TEST(hold_after_running_the_responder) {
  /* given a caller who runs the wrapped responder on the TRANSFER_INIT himself (as
   * mikeytool open does with mikey_responder_resume) */
  tcase_params c = params_of(_i);
  pt_world *w = world_for(c);
  mikey_pskmime_send_opts o = {PAIRS[c.pair].aead, c.cte, NULL};
  ck_assert_int_eq(pt_protect(w, &o, (const uint8_t *)MIME, sizeof(MIME) - 1), 0);
  uint8_t dec[8192];
  size_t dec_len;
  mikey_sipbody sb;
  ck_assert_int_eq(mikey_sipbody_parse(w->ctype, strlen(w->ctype), w->body, w->body_len, dec,
                                       sizeof(dec), &dec_len, &sb, NULL),
                   0);
  mikey_responder *r = mikey_pskmime_receiver_responder(w->rx);
  ck_assert_ptr_nonnull(r);
  ck_assert_int_eq(mikey_responder_on_transfer_init(r, sb.mikey, sb.mikey_len, w->rinit,
                                                    sizeof(w->rinit), &w->rinit_len, &w->xid),
                   0);
  /* when he holds the DER and opens with the KMS's answer */
  ck_assert_int_eq(mikey_pskmime_hold(w->rx, w->xid, sb.smime.der, sb.smime.der_len), 0);
  size_t need;
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, w->xid, &need), 0);
  ck_assert_uint_eq(need, sizeof(MIME) - 1);
  ck_assert_int_eq(pt_resolve(w), 0);
  uint8_t out[256];
  size_t out_len;
  mikey_pskmime_result res;
  ck_assert_int_eq(mikey_pskmime_open(w->rx, w->rresp, w->rresp_len, out, sizeof(out),
                                      &out_len, &res),
                   0);
  /* then it opens as if mikey_pskmime_receive had held it */
  ck_assert_bytes(out, out_len, MIME, sizeof(MIME) - 1);
  ck_assert_int_eq(res.poo_present, c.poo);
  ck_assert_bytes(res.initiator, res.initiator_len, PT_ALICE.data, PT_ALICE.len);
  /* and an exchange whose keys are out can no longer be held */
  ck_assert_int_eq(pt_protect(w, &o, (const uint8_t *)MIME, sizeof(MIME) - 1), 0);
  ck_assert_int_eq(mikey_sipbody_parse(w->ctype, strlen(w->ctype), w->body, w->body_len, dec,
                                       sizeof(dec), &dec_len, &sb, NULL),
                   0);
  ck_assert_int_eq(mikey_responder_on_transfer_init(r, sb.mikey, sb.mikey_len, w->rinit,
                                                    sizeof(w->rinit), &w->rinit_len, &w->xid),
                   0);
  ck_assert_int_eq(pt_resolve(w), 0);
  ck_assert_int_eq(mikey_responder_on_resolve_resp(r, w->rresp, w->rresp_len, NULL), 0);
  ck_assert_int_eq(mikey_pskmime_hold(w->rx, w->xid, sb.smime.der, sb.smime.der_len),
                   MIKEY_E_STATE);
  pt_world_free(w);
}
END_TEST

/* reuse_world: 128-bit keys, proof-of-origin as |poo|, a receiver keeping |reuse| resolved
 * tickets (RFC 6043 5.3), and a ticket. */
static pt_world *reuse_world(int poo, size_t reuse) {
  mikey_role_profile prof;
  pt_profile(&prof, MIKEY_PRF_HMAC_SHA_256, 16, poo);
  pt_world *w = pt_world_new(&prof, poo);
  w->rcfg.reuse_capacity = reuse;
  pt_receiver_renew(w, 0);
  ck_assert_int_eq(pt_ticket(w), 0);
  return w;
}

/* open_first runs the first message of a ticket through receive, the KMS and open. */
static void open_first(pt_world *w) {
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, sizeof(MIME) - 1), 0);
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_uint_gt(w->rinit_len, 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  uint8_t out[256];
  size_t out_len;
  ck_assert_int_eq(mikey_pskmime_open(w->rx, w->rresp, w->rresp_len, out, sizeof(out),
                                      &out_len, NULL),
                   0);
  ck_assert_bytes(out, out_len, MIME, sizeof(MIME) - 1);
}

START_TEST(ticket_reuse_without_resolve) {
  /* given a receiver that keeps resolved tickets and opened alice's first message */
  pt_world *w = reuse_world(0, 8);
  open_first(w);
  /* when her second message with the same ticket arrives */
  static const char MIME2[] = "Content-Type: text/plain\r\n\r\nsecond\r\n";
  w->now += PT_NTPS(2);
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME2, sizeof(MIME2) - 1), 0);
  w->rinit_len = 99;
  ck_assert_int_eq(pt_receive(w), 0);
  /* then there is nothing to send to the KMS, and the message opens without its answer */
  ck_assert_uint_eq(w->rinit_len, 0);
  ck_assert_uint_ne(w->xid, 0);
  size_t need;
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, w->xid, &need), 0);
  ck_assert_uint_eq(need, sizeof(MIME2) - 1);
  uint8_t out[256];
  size_t out_len;
  mikey_pskmime_result res;
  ck_assert_int_eq(mikey_pskmime_open_held(w->rx, w->xid, out, sizeof(out), &out_len, &res), 0);
  ck_assert_bytes(out, out_len, MIME2, sizeof(MIME2) - 1);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_DONE);
  ck_assert_int_eq(res.ended, 1);
  ck_assert_uint_eq(res.xid, w->xid);
  ck_assert_bytes(res.initiator, res.initiator_len, PT_ALICE.data, PT_ALICE.len);
  ck_assert_bytes(res.kek_id, res.kek_id_len, w->sent.kek_id, w->sent.kek_id_len);
  ck_assert_int_eq(res.aead, MIKEY_CMS_AES128_GCM);
  /* and it is over */
  ck_assert_int_eq(mikey_pskmime_open_held(w->rx, w->xid, out, sizeof(out), &out_len, &res),
                   MIKEY_E_NO_PENDING);
  pt_world_free(w);
}
END_TEST

START_TEST(ticket_reuse_same_kek_both_ends) {
  /* given the second message of a ticket accepted without a resolve */
  pt_world *w = reuse_world(0, 8);
  open_first(w);
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, sizeof(MIME) - 1), 0);
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_uint_eq(w->rinit_len, 0);
  /* when its KEK is taken from the receiver's responder, then it is the KEK a responder that
   * resolves the same TRANSFER_INIT with the KMS gets (the sender's, RFC 6043 5.1.3) */
  uint8_t ti[4096], dec[8192], kek[64], kek_kms[64];
  size_t dec_len, kek_len, kek_kms_len;
  mikey_sipbody sb;
  ck_assert_int_eq(mikey_sipbody_parse(w->ctype, strlen(w->ctype), w->body, w->body_len, dec,
                                       sizeof(dec), &dec_len, &sb, NULL),
                   0);
  memcpy(ti, sb.mikey, sb.mikey_len);
  mikey_responder *r = mikey_pskmime_receiver_responder(w->rx);
  ck_assert_int_eq(mikey_responder_key(r, w->xid, 1, kek, sizeof(kek), &kek_len), 0);
  ck_assert_int_eq(pt_kek(w, ti, sb.mikey_len, kek_kms, &kek_kms_len), 0);
  ck_assert_bytes(kek, kek_len, kek_kms, kek_kms_len);
  ck_assert_uint_eq(kek_len, w->sent.kek_len);
  /* and the message cannot be opened a second time with it (KEK once, Annex I.3) */
  uint8_t out[256];
  memset(out, 0xA5, sizeof(out));
  size_t out_len = 7;
  mikey_pskmime_result res;
  ck_assert_int_eq(mikey_pskmime_open_held(w->rx, w->xid, out, sizeof(out), &out_len, &res),
                   MIKEY_E_KEK_REUSE);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_KEK);
  ck_assert_int_eq(res.ended, 1);
  ck_assert_uint_eq(out_len, 0);
  ck_assert_uint_eq(out[0], 0xA5);
  pt_world_free(w);
}
END_TEST

START_TEST(every_message_resolved_without_reuse_or_with_poo) {
  /* given a receiver without reuse (_i 0), or with reuse and a proof-of-origin ticket whose
   * GTGK only the KMS can vouch for (_i 1) */
  pt_world *w = _i ? reuse_world(1, 8) : reuse_world(0, 0);
  open_first(w);
  /* then the second message needs a resolve too, and opens with it */
  open_first(w);
  /* while it waits, it cannot be opened without its answer */
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, sizeof(MIME) - 1), 0);
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_uint_gt(w->rinit_len, 0);
  uint8_t out[256];
  size_t out_len;
  mikey_pskmime_result res;
  ck_assert_int_eq(mikey_pskmime_open_held(w->rx, w->xid, out, sizeof(out), &out_len, &res),
                   MIKEY_E_STATE);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_EXCHANGE);
  ck_assert_int_eq(res.ended, 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  ck_assert_int_eq(mikey_pskmime_open(w->rx, w->rresp, w->rresp_len, out, sizeof(out),
                                      &out_len, &res),
                   0);
  ck_assert_int_eq(res.poo_present, _i);
  pt_world_free(w);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("pskmime_flow");
  TCase *tc = tcase_create("flow");
  tcase_set_timeout(tc, 60);
  tcase_add_loop_test(tc, flow_recovers_the_mime_entity, 0, NCASES);
  tcase_add_loop_test(tc, sent_describes_the_body, 0, NCASES);
  tcase_add_loop_test(tc, same_seed_same_body, 0, NCASES);
  tcase_add_loop_test(tc, hold_after_running_the_responder, 0, NCASES);
  tcase_add_test(tc, ticket_serves_many_messages);
  tcase_add_test(tc, several_messages_pending_at_once);
  tcase_add_test(tc, empty_and_large_entities);
  tcase_add_test(tc, ticket_reuse_without_resolve);
  tcase_add_test(tc, ticket_reuse_same_kek_both_ends);
  tcase_add_loop_test(tc, every_message_resolved_without_reuse_or_with_poo, 0, 2);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
