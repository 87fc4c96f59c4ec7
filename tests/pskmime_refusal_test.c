/*
 * pskmime_refusal_test.c: every refusal of the PSK/MIME profile calls has its own code, and
 * no plaintext reaches the caller on any failure: a tampered ciphertext, tag,
 * TRANSFER_INIT or RESOLVE_RESP, a kekid that differs, a proof-of-origin tag of another
 * message, a KEK used twice, a body that is not multipart, short buffers (size reported,
 * state unchanged), Error messages from the KMS, bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mikey_test.h"
#include "pskmime_test_util.h"

static const char MIME[] = "Content-Type: text/plain\r\n\r\nThe vault code is 4711.\r\n";
#define MIME_LEN (sizeof(MIME) - 1)
#define PATTERN 0xA5

/* world_poo: 128-bit keys, PRF-HMAC-SHA-256, proof-of-origin as asked; with a ticket. */
static pt_world *world_poo(int poo) {
  mikey_role_profile prof;
  pt_profile(&prof, MIKEY_PRF_HMAC_SHA_256, 16, poo);
  pt_world *w = pt_world_new(&prof, poo);
  ck_assert_int_eq(pt_ticket(w), 0);
  return w;
}

/* open_expect opens w->rresp into a buffer filled with PATTERN and checks the result code,
 * the step it names, that not one byte of the buffer changed unless it succeeded, and
 * whether the exchange ended. */
static void open_expect(pt_world *w, int want, int stage, int ended) {
  uint8_t out[512];
  memset(out, PATTERN, sizeof(out));
  size_t out_len = 12345;
  mikey_pskmime_result res;
  int rc = mikey_pskmime_open(w->rx, w->rresp, w->rresp_len, out, sizeof(out), &out_len, &res);
  ck_assert_msg(rc == want, "open: %s, want %s", mikey_err_name(rc), mikey_err_name(want));
  ck_assert_int_eq(res.stage, want == 0 ? MIKEY_PSKMIME_STAGE_DONE : stage);
  if (want == 0) {
    ck_assert_bytes(out, out_len, MIME, MIME_LEN);
    return;
  }
  ck_assert_uint_eq(out_len, 0);
  for (size_t i = 0; i < sizeof(out); i++) {
    ck_assert_msg(out[i] == PATTERN, "byte %zu of the output written on failure", i);
  }
  ck_assert_int_eq(res.ended, ended);
}

/* body_from writes a new body into w->body from the TRANSFER_INIT |ti| and the DER |der|
 * (binary transfer encoding), as a sender would. */
static void body_from(pt_world *w, const uint8_t *ti, size_t ti_len, const uint8_t *der,
                      size_t der_len) {
  uint8_t b[sizeof(w->body)];
  size_t n;
  ck_assert_int_eq(mikey_sipbody_build(NULL, ti, ti_len, der, der_len, MIKEY_SMIME_CTE_BINARY,
                                       b, sizeof(b), &n, w->ctype),
                   0);
  memcpy(w->body, b, n);
  w->body_len = n;
}

/* parts decodes w->body into |ti| and |der| (each 4096 bytes). */
static void parts(pt_world *w, uint8_t *ti, size_t *ti_len, uint8_t *der, size_t *der_len) {
  uint8_t dec[8192];
  size_t dec_len;
  mikey_sipbody sb;
  ck_assert_int_eq(mikey_sipbody_parse(w->ctype, strlen(w->ctype), w->body, w->body_len, dec,
                                       sizeof(dec), &dec_len, &sb, NULL),
                   0);
  memcpy(ti, sb.mikey, sb.mikey_len);
  *ti_len = sb.mikey_len;
  memcpy(der, sb.smime.der, sb.smime.der_len);
  *der_len = sb.smime.der_len;
}

static const mikey_pskmime_send_opts BINARY = {0, MIKEY_SMIME_CTE_BINARY, NULL};

START_TEST(tampered_ciphertext) {
  /* given a body whose encrypted content has one bit flipped */
  pt_world *w = world_poo(_i);
  ck_assert_int_eq(pt_protect(w, &BINARY, (const uint8_t *)MIME, MIME_LEN), 0);
  uint8_t *der = w->body + w->sent.smime_offset;
  mikey_cms_aed aed;
  ck_assert_int_eq(mikey_cms_aed_parse(der, w->sent.der_len, &aed), 0);
  w->body[(size_t)(aed.content_enc - w->body) + 3] ^= 0x01;
  /* then it is received (nothing can be checked before the KEK comes) and refused on
   * opening with MIKEY_E_AUTH, the exchange ended */
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  open_expect(w, MIKEY_E_AUTH, MIKEY_PSKMIME_STAGE_SMIME, 1);
  pt_world_free(w);
}
END_TEST

START_TEST(tampered_tag) {
  /* given a body whose AEAD tag has one bit flipped (with proof-of-origin the TRANSFER_INIT
   * still carries the genuine tag: the content check comes first) */
  pt_world *w = world_poo(_i);
  ck_assert_int_eq(pt_protect(w, &BINARY, (const uint8_t *)MIME, MIME_LEN), 0);
  mikey_cms_aed aed;
  ck_assert_int_eq(mikey_cms_aed_parse(w->body + w->sent.smime_offset, w->sent.der_len, &aed), 0);
  w->body[(size_t)(aed.mac - w->body) + aed.mac_len - 1] ^= 0x80;
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  open_expect(w, MIKEY_E_AUTH, MIKEY_PSKMIME_STAGE_SMIME, 1);
  pt_world_free(w);
}
END_TEST

START_TEST(tampered_transfer_init) {
  /* given a TRANSFER_INIT whose RANDRi has one bit flipped */
  pt_world *w = world_poo(_i);
  ck_assert_int_eq(pt_protect(w, &BINARY, (const uint8_t *)MIME, MIME_LEN), 0);
  uint8_t ti[4096], der[4096];
  size_t ti_len, der_len;
  parts(w, ti, &ti_len, der, &der_len);
  static mikey_msg m;
  ck_assert_int_eq(mikey_msg_decode(&m, ti, ti_len), 0);
  const mikey_payload *r = mikey_msg_find(&m, MIKEY_PT_RANDR, MIKEY_RAND_I);
  ti[(size_t)(r->u.rand.rand.data - ti)] ^= 0x01;
  body_from(w, ti, ti_len, der, der_len);
  /* then the early checks pass (nothing there is authenticated yet), and the MAC keyed from
   * MPKi refuses it once the KMS answered: MIKEY_E_AUTH, no plaintext */
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  open_expect(w, MIKEY_E_AUTH, MIKEY_PSKMIME_STAGE_TRANSFER_INIT, 1);
  pt_world_free(w);
}
END_TEST

START_TEST(tampered_resolve_resp_leaves_exchange_pending) {
  /* given a RESOLVE_RESP whose MAC has one bit flipped */
  pt_world *w = world_poo(_i);
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  w->rresp[w->rresp_len - 1] ^= 0x01;
  /* then it is refused with MIKEY_E_AUTH and the exchange stays pending (anyone can send a
   * forged answer) ... */
  open_expect(w, MIKEY_E_AUTH, MIKEY_PSKMIME_STAGE_RESOLVE_RESP, 0);
  size_t need;
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, w->xid, &need), 0);
  ck_assert_uint_eq(need, MIME_LEN);
  /* ... so the genuine answer still opens the message */
  w->rresp[w->rresp_len - 1] ^= 0x01;
  open_expect(w, 0, MIKEY_PSKMIME_STAGE_DONE, 1);
  pt_world_free(w);
}
END_TEST

START_TEST(kekid_differs) {
  /* given a body whose AuthEnvelopedData names another KEK than the TRANSFER_INIT */
  pt_world *w = world_poo(0);
  ck_assert_int_eq(pt_protect(w, &BINARY, (const uint8_t *)MIME, MIME_LEN), 0);
  uint8_t ti[4096], der[4096], orig[4096], kek[64];
  size_t ti_len, der_len, orig_len, kek_len;
  parts(w, ti, &ti_len, orig, &orig_len);
  ck_assert_int_eq(pt_kek(w, ti, ti_len, kek, &kek_len), 0);
  uint8_t other_id[4];
  memcpy(other_id, w->sent.kek_id, 4);
  other_id[3] ^= 0x01;
  mikey_cms_kek k = {kek, kek_len, other_id, sizeof(other_id)};
  der_len = sizeof(der);
  ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, NULL, &k, (const uint8_t *)MIME, MIME_LEN,
                                       der, &der_len),
                   0);
  body_from(w, ti, ti_len, der, der_len);
  /* then the receiver refuses before any KMS traffic: no RESOLVE_INIT, nothing held */
  w->rinit_len = 99;
  ck_assert_int_eq(pt_receive(w), MIKEY_E_CMS_KEK_ID);
  ck_assert_uint_eq(w->rinit_len, 0);
  ck_assert_uint_eq(w->xid, 0);
  /* and a caller who ran the responder himself is refused when he holds that DER, as early:
   * nothing held, the exchange still pending for the right message */
  mikey_responder *r = mikey_pskmime_receiver_responder(w->rx);
  ck_assert_int_eq(mikey_responder_on_transfer_init(r, ti, ti_len, w->rinit, sizeof(w->rinit),
                                                    &w->rinit_len, &w->xid),
                   0);
  ck_assert_int_eq(mikey_pskmime_hold(w->rx, w->xid, der, der_len), MIKEY_E_CMS_KEK_ID);
  size_t need;
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, w->xid, &need), MIKEY_E_NO_PENDING);
  ck_assert_int_eq(mikey_responder_pending_info(r, w->xid, NULL), 0);
  /* so the genuine S/MIME part still opens under that exchange */
  ck_assert_int_eq(mikey_pskmime_hold(w->rx, w->xid, orig, orig_len), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  open_expect(w, 0, MIKEY_PSKMIME_STAGE_DONE, 1);
  pt_world_free(w);
}
END_TEST

START_TEST(poo_tag_of_another_message) {
  /* given alice's TRANSFER_INIT (proof-of-origin = the tag of her message) with another
   * AuthEnvelopedData under the same KEK, made by someone who learned that KEK */
  pt_world *w = world_poo(1);
  ck_assert_int_eq(pt_protect(w, &BINARY, (const uint8_t *)MIME, MIME_LEN), 0);
  uint8_t ti[4096], der[4096], kek[64];
  size_t ti_len, der_len, kek_len;
  parts(w, ti, &ti_len, der, &der_len);
  ck_assert_int_eq(pt_kek(w, ti, ti_len, kek, &kek_len), 0);
  mikey_cms_kek k = {kek, kek_len, w->sent.kek_id, w->sent.kek_id_len};
  der_len = sizeof(der);
  ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, NULL, &k, (const uint8_t *)MIME, MIME_LEN,
                                       der, &der_len),
                   0);
  body_from(w, ti, ti_len, der, der_len);
  /* then it decrypts, but the tag is not the one alice's V covers: MIKEY_E_POO_MISMATCH */
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  open_expect(w, MIKEY_E_POO_MISMATCH, MIKEY_PSKMIME_STAGE_POO, 1);
  pt_world_free(w);
}
END_TEST

START_TEST(smime_of_another_message) {
  /* given the TRANSFER_INIT of one message and the S/MIME part of the next one */
  pt_world *w = world_poo(_i);
  ck_assert_int_eq(pt_protect(w, &BINARY, (const uint8_t *)MIME, MIME_LEN), 0);
  uint8_t ti1[4096], der1[4096], ti2[4096], der2[4096];
  size_t ti1_len, der1_len, ti2_len, der2_len;
  parts(w, ti1, &ti1_len, der1, &der1_len);
  ck_assert_int_eq(pt_protect(w, &BINARY, (const uint8_t *)MIME, MIME_LEN), 0);
  parts(w, ti2, &ti2_len, der2, &der2_len);
  body_from(w, ti1, ti1_len, der2, der2_len);
  /* then the kekid matches (one ticket, one KEK identifier, D8) but the KEK does not */
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  open_expect(w, MIKEY_E_UNWRAP, MIKEY_PSKMIME_STAGE_SMIME, 1);
  pt_world_free(w);
}
END_TEST

START_TEST(kek_used_once) {
  pt_world *w = world_poo(_i);
  ck_assert_int_eq(pt_protect(w, &BINARY, (const uint8_t *)MIME, MIME_LEN), 0);
  /* the sender's KEK is gone with the call: the engine releases it no more */
  uint8_t kek[64];
  size_t kek_len;
  ck_assert_int_eq(mikey_initiator_transfer_key(w->ini, 1, kek, sizeof(kek), &kek_len),
                   MIKEY_E_STATE);
  /* the receiver opens the message once ... */
  uint8_t ti[4096], der[4096];
  size_t ti_len, der_len;
  parts(w, ti, &ti_len, der, &der_len);
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  open_expect(w, 0, MIKEY_PSKMIME_STAGE_DONE, 1);
  /* ... and refuses the same body again, and a second message under that TRANSFER_INIT's
   * KEK (Annex I.3), before any KMS traffic */
  ck_assert_int_eq(pt_receive(w), MIKEY_E_REPLAY);
  if (!_i) {
    ck_assert_int_eq(pt_kek(w, ti, ti_len, kek, &kek_len), 0);
    mikey_cms_kek k = {kek, kek_len, w->sent.kek_id, w->sent.kek_id_len};
    der_len = sizeof(der);
    ck_assert_int_eq(mikey_cms_aed_build(NULL, NULL, NULL, &k, (const uint8_t *)"x", 1, der,
                                         &der_len),
                     0);
    body_from(w, ti, ti_len, der, der_len);
    ck_assert_int_eq(pt_receive(w), MIKEY_E_REPLAY);
  }
  pt_world_free(w);
}
END_TEST

START_TEST(not_multipart) {
  pt_world *w = world_poo(0);
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  uint32_t xid = 77;
  size_t len = 99;
  /* a SIP body of another type */
  ck_assert_int_eq(mikey_pskmime_receive(w->rx, "text/plain", 10, (const uint8_t *)MIME,
                                         MIME_LEN, w->rinit, sizeof(w->rinit), &len, &xid),
                   MIKEY_E_MIME_CONTENT_TYPE);
  ck_assert_uint_eq(len, 0);
  ck_assert_uint_eq(xid, 0);
  /* a multipart body closed after its first part, the second left in the epilogue (the
   * typo of the Annex I.3 example) */
  uint8_t b[sizeof(w->body) + 8];
  size_t e = w->sent.entity_offset - (4 + MIKEY_SIPBODY_BOUNDARY_LEN + 2);
  memcpy(b, w->body, e);
  const char *q = strchr(w->ctype, '"');
  size_t n = e;
  n += (size_t)sprintf((char *)b + n, "\r\n--%.*s--\r\n", MIKEY_SIPBODY_BOUNDARY_LEN, q + 1);
  memcpy(b + n, w->body + w->sent.entity_offset, w->body_len - w->sent.entity_offset);
  n += w->body_len - w->sent.entity_offset;
  ck_assert_int_eq(mikey_pskmime_receive(w->rx, w->ctype, strlen(w->ctype), b, n, w->rinit,
                                         sizeof(w->rinit), &len, &xid),
                   MIKEY_E_MIME_PARTS);
  /* the S/MIME part is not an AuthEnvelopedData */
  uint8_t ti[4096], der[4096];
  size_t ti_len, der_len;
  parts(w, ti, &ti_len, der, &der_len);
  der[0] = 0x31;
  body_from(w, ti, ti_len, der, der_len);
  ck_assert_int_eq(pt_receive(w), MIKEY_E_DER);
  /* the first part is not a TRANSFER_INIT */
  der[0] = 0x30;
  body_from(w, ti, 10, der, der_len);
  ck_assert_int_eq(pt_receive(w), MIKEY_E_TRUNCATED);
  pt_world_free(w);
}
END_TEST

START_TEST(short_buffers_change_nothing) {
  /* given two identical worlds */
  pt_world *a = world_poo(_i), *b = world_poo(_i);
  /* when one of them first asks with buffers one byte short */
  size_t need, len;
  char ct[MIKEY_SIPBODY_CTYPE_SIZE];
  ck_assert_int_eq(mikey_pskmime_protect(a->ini, NULL, NULL, (const uint8_t *)MIME, MIME_LEN,
                                         NULL, 0, &need, ct, NULL),
                   MIKEY_E_BUFFER_TOO_SMALL);
  uint64_t calls = a->pi.calls;
  memset(a->body, PATTERN, sizeof(a->body));
  ck_assert_int_eq(mikey_pskmime_protect(a->ini, NULL, NULL, (const uint8_t *)MIME, MIME_LEN,
                                         a->body, need - 1, &len, ct, NULL),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(len, need);
  /* then no randomness was drawn, nothing written, and the next call gives exactly the
   * other world's body */
  ck_assert_uint_eq(a->pi.calls, calls);
  ck_assert_uint_eq(a->body[0], PATTERN);
  ck_assert_int_eq(pt_protect(a, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  ck_assert_int_eq(pt_protect(b, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  ck_assert_uint_eq(a->body_len, need);
  ck_assert_bytes(a->body, a->body_len, b->body, b->body_len);
  /* the receiver: a short RESOLVE_INIT buffer starts no exchange ... */
  uint32_t xid = 5;
  ck_assert_int_eq(mikey_pskmime_receive(a->rx, a->ctype, strlen(a->ctype), a->body,
                                         a->body_len, a->rinit, 10, &len, &xid),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_gt(len, 10);
  ck_assert_uint_eq(xid, 0);
  size_t rinit_need = len;
  ck_assert_int_eq(pt_receive(a), 0);
  ck_assert_uint_eq(a->rinit_len, rinit_need);
  ck_assert_int_eq(pt_receive(b), 0);
  ck_assert_bytes(a->rinit, a->rinit_len, b->rinit, b->rinit_len);
  /* ... and a short MIME buffer consumes no RESOLVE_RESP */
  ck_assert_int_eq(pt_resolve(a), 0);
  uint8_t out[MIME_LEN];
  memset(out, PATTERN, sizeof(out));
  mikey_pskmime_result res;
  ck_assert_int_eq(mikey_pskmime_open(a->rx, a->rresp, a->rresp_len, out, MIME_LEN - 1, &len,
                                      &res),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(len, MIME_LEN);
  ck_assert_uint_eq(out[0], PATTERN);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_EXCHANGE);
  ck_assert_int_eq(res.ended, 0);
  ck_assert_int_eq(mikey_pskmime_open(a->rx, a->rresp, a->rresp_len, NULL, 0, &len, &res),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_int_eq(mikey_pskmime_open(a->rx, a->rresp, a->rresp_len, out, sizeof(out), &len,
                                      &res),
                   0);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_DONE);
  ck_assert_bytes(out, len, MIME, MIME_LEN);
  pt_world_free(a);
  pt_world_free(b);
}
END_TEST

START_TEST(kms_refuses_the_resolve) {
  /* given a KMS whose policy does not let bob resolve */
  pt_world *w = world_poo(_i);
  w->authz_resolve = MIKEY_CB_NO;
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  ck_assert_int_eq(w->kres.wrote, MIKEY_KMS_WROTE_ERROR);
  /* then opening reports its authenticated Error message (Invalid ID, D12) and ends it */
  uint8_t out[128];
  memset(out, PATTERN, sizeof(out));
  size_t len;
  mikey_pskmime_result res;
  ck_assert_int_eq(mikey_pskmime_open(w->rx, w->rresp, w->rresp_len, out, sizeof(out), &len,
                                      &res),
                   MIKEY_E_PEER_ERROR);
  ck_assert_uint_eq(res.peer_error, MIKEY_ERRNO_INVALID_ID);
  ck_assert_int_eq(res.peer_error_authenticated, 1);
  ck_assert_int_eq(res.ended, 1);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_RESOLVE_RESP);
  ck_assert_uint_eq(out[0], PATTERN);
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, w->xid, &len), MIKEY_E_NO_PENDING);
  pt_world_free(w);
}
END_TEST

START_TEST(receiver_requires_poo) {
  /* given a receiver that requires proof-of-origin and a sender whose ticket has none */
  mikey_role_profile prof;
  pt_profile(&prof, MIKEY_PRF_HMAC_SHA_256, 16, 0);
  pt_world *w = pt_world_new(&prof, 1);
  ck_assert_int_eq(pt_ticket(w), 0);
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  /* then the message is refused early, by policy */
  ck_assert_int_eq(pt_receive(w), MIKEY_E_POLICY);
  pt_world_free(w);
}
END_TEST

START_TEST(sender_refusals) {
  pt_world *w = world_poo(0);
  size_t len;
  char ct[MIKEY_SIPBODY_CTYPE_SIZE];
  mikey_pskmime_send_opts o = {MIKEY_CMS_AES256_GCM, 0, NULL};
  /* D6: a 128-bit KEK wraps no AES-256 content key */
  ck_assert_int_eq(mikey_pskmime_protect_size(w->ini, &o, MIME_LEN, &len), MIKEY_E_KEY_LENGTH);
  ck_assert_int_eq(pt_protect(w, &o, (const uint8_t *)MIME, MIME_LEN), MIKEY_E_KEY_LENGTH);
  o.aead = MIKEY_CMS_AES128_CBC; /* EnvelopedData only, never in this profile */
  ck_assert_int_eq(pt_protect(w, &o, (const uint8_t *)MIME, MIME_LEN), MIKEY_E_CMS_ALGORITHM);
  o.aead = 0;
  o.cte = 7;
  ck_assert_int_eq(pt_protect(w, &o, (const uint8_t *)MIME, MIME_LEN), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_pskmime_protect(NULL, NULL, NULL, (const uint8_t *)MIME, MIME_LEN,
                                         w->body, sizeof(w->body), &len, ct, NULL),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_pskmime_protect(w->ini, NULL, NULL, NULL, 3, w->body,
                                         sizeof(w->body), &len, ct, NULL),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_pskmime_protect(w->ini, NULL, NULL, (const uint8_t *)MIME, MIME_LEN,
                                         w->body, sizeof(w->body), &len, NULL, NULL),
                   MIKEY_E_INVAL);
  /* a responder the ticket does not name is the KMS's to refuse; one too long is ours */
  static uint8_t longid[MIKEY_IDENTITY_MAX + 1];
  mikey_identity big = {MIKEY_ID_URI, longid, sizeof(longid)};
  o.cte = 0;
  o.responder = &big;
  ck_assert_int_eq(pt_protect(w, &o, (const uint8_t *)MIME, MIME_LEN), MIKEY_E_LIMIT);
  /* a failing randomness provider: nothing written, and the ticket still works */
  memset(w->body, PATTERN, sizeof(w->body));
  w->pi.fail = 1;
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), MIKEY_E_RANDOM);
  ck_assert_uint_eq(w->body_len, 0);
  ck_assert_uint_eq(w->body[0], PATTERN);
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  /* no ticket, or an expired one */
  pt_world *v = world_poo(0);
  mikey_initiator_free(v->ini);
  mikey_initiator_config ic;
  ck_assert_int_eq(mikey_initiator_config_default(&ic), 0);
  ic.self = PT_ALICE;
  ic.kms = PT_KMS;
  ic.psk_id = PT_ALICE;
  static const uint8_t psk[16] = {1};
  ic.psk = psk;
  ic.psk_len = sizeof(psk);
  ck_assert_int_eq(mikey_initiator_new(&v->ini, &ic), 0);
  ck_assert_int_eq(pt_protect(v, NULL, (const uint8_t *)MIME, MIME_LEN), MIKEY_E_STATE);
  ck_assert_int_eq(mikey_pskmime_protect_size(v->ini, NULL, 1, &len), MIKEY_E_STATE);
  w->now += PT_NTPS(MIKEY_TICKET_LIFETIME_DEFAULT + 1);
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), MIKEY_E_EXPIRED);
  pt_world_free(v);
  pt_world_free(w);
}
END_TEST

START_TEST(receiver_refusals) {
  pt_world *w = world_poo(0);
  mikey_pskmime_receiver *rx;
  mikey_responder_config rc;
  ck_assert_int_eq(mikey_responder_config_default(&rc), 0);
  ck_assert_int_eq(mikey_pskmime_receiver_new(NULL, &rc), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_pskmime_receiver_new(&rx, NULL), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_role_profile_default(&rc.profile, MIKEY_ROLE_IMS), 0);
  ck_assert_int_eq(mikey_pskmime_receiver_new(&rx, &rc), MIKEY_E_POLICY);
  ck_assert_ptr_null(rx);
  ck_assert_ptr_null(mikey_pskmime_receiver_responder(NULL));
  size_t len;
  uint32_t xid;
  uint8_t der[8] = {0x30, 0};
  ck_assert_int_eq(mikey_pskmime_receive(NULL, "a", 1, der, 1, der, 8, &len, &xid),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_pskmime_hold(w->rx, 1, NULL, 3), MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_pskmime_hold(w->rx, 1, der, 2), MIKEY_E_NOT_FOUND);
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, 1, &len), MIKEY_E_NO_PENDING);
  mikey_pskmime_result res;
  memset(&res, 0x5a, sizeof(res));
  ck_assert_int_eq(mikey_pskmime_open(w->rx, NULL, 0, der, 8, &len, &res), MIKEY_E_INVAL);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_NONE);
  /* a RESOLVE_RESP for no held message, a truncated one */
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  ck_assert_int_eq(mikey_pskmime_open(w->rx, w->rresp, 5, der, 8, &len, &res),
                   MIKEY_E_TRUNCATED);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_EXCHANGE);
  w->rresp[4] ^= 0x40; /* CSB ID */
  res.stage = -1;
  ck_assert_int_eq(mikey_pskmime_open(w->rx, w->rresp, w->rresp_len, der, 8, &len, &res),
                   MIKEY_E_NO_PENDING);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_EXCHANGE);
  w->rresp[4] ^= 0x40;
  /* holding needs a pending exchange and an AuthEnvelopedData */
  ck_assert_int_eq(mikey_pskmime_hold(w->rx, w->xid, der, 2), MIKEY_E_DER);
  /* an exchange forgotten by the responder is refused and dropped on opening */
  mikey_responder_forget(mikey_pskmime_receiver_responder(w->rx), w->xid);
  ck_assert_int_eq(mikey_pskmime_open(w->rx, w->rresp, w->rresp_len, w->body, sizeof(w->body),
                                      &len, &res),
                   MIKEY_E_NO_PENDING);
  ck_assert_int_eq(res.ended, 1);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_EXCHANGE);
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, w->xid, &len), MIKEY_E_NO_PENDING);
  pt_world_free(w);
}
END_TEST

START_TEST(held_messages_are_bounded) {
  /* given a receiver keeping 2 exchanges and three bodies received */
  mikey_role_profile prof;
  pt_profile(&prof, MIKEY_PRF_HMAC_SHA_256, 16, 0);
  pt_world *w = pt_world_new(&prof, 0);
  pt_receiver_renew(w, 2);
  ck_assert_int_eq(pt_ticket(w), 0);
  uint32_t xid[3];
  for (int k = 0; k < 3; k++) {
    ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
    ck_assert_int_eq(pt_receive(w), 0);
    xid[k] = w->xid;
  }
  /* then the oldest is dropped, the newer two are held */
  size_t len;
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, xid[0], &len), MIKEY_E_NO_PENDING);
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, xid[1], &len), 0);
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, xid[2], &len), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  open_expect(w, 0, MIKEY_PSKMIME_STAGE_DONE, 1);
  pt_world_free(w);
}
END_TEST


START_TEST(retransmitted_body) {
  /* given the same body received twice before the first answer came (a SIP retransmission) */
  pt_world *w = world_poo(_i);
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  ck_assert_int_eq(pt_receive(w), 0);
  uint8_t rresp1[4096];
  ck_assert_int_eq(pt_resolve(w), 0);
  size_t rresp1_len = w->rresp_len;
  memcpy(rresp1, w->rresp, rresp1_len);
  uint32_t xid1 = w->xid;
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_uint_ne(w->xid, xid1);
  ck_assert_int_eq(pt_resolve(w), 0);
  /* then the first opens it, the second is refused as a replay (one KEK, one message) */
  uint8_t out[256];
  size_t out_len;
  mikey_pskmime_result res;
  ck_assert_int_eq(mikey_pskmime_open(w->rx, rresp1, rresp1_len, out, sizeof(out), &out_len,
                                      &res),
                   0);
  ck_assert_bytes(out, out_len, MIME, MIME_LEN);
  open_expect(w, MIKEY_E_REPLAY, MIKEY_PSKMIME_STAGE_TRANSFER_INIT, 1);
  pt_world_free(w);
}
END_TEST

START_TEST(open_held_refusals) {
  /* given a receiver keeping resolved tickets, and alice's first message opened */
  mikey_role_profile prof;
  pt_profile(&prof, MIKEY_PRF_HMAC_SHA_256, 16, 0);
  pt_world *w = pt_world_new(&prof, 0);
  w->rcfg.reuse_capacity = 4;
  pt_receiver_renew(w, 0);
  ck_assert_int_eq(pt_ticket(w), 0);
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_int_eq(pt_resolve(w), 0);
  open_expect(w, 0, MIKEY_PSKMIME_STAGE_DONE, 1);
  /* bad arguments, unknown handles */
  uint8_t out[256];
  size_t len = 9;
  mikey_pskmime_result res;
  ck_assert_int_eq(mikey_pskmime_open_held(NULL, 1, out, sizeof(out), &len, &res),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_NONE);
  ck_assert_int_eq(mikey_pskmime_open_held(w->rx, 1, out, sizeof(out), NULL, &res),
                   MIKEY_E_INVAL);
  ck_assert_int_eq(mikey_pskmime_open_held(w->rx, w->xid, out, sizeof(out), &len, &res),
                   MIKEY_E_NO_PENDING);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_EXCHANGE);
  /* the second message, accepted without a resolve: a short buffer changes nothing */
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_uint_eq(w->rinit_len, 0);
  memset(out, PATTERN, sizeof(out));
  ck_assert_int_eq(mikey_pskmime_open_held(w->rx, w->xid, out, MIME_LEN - 1, &len, &res),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(len, MIME_LEN);
  ck_assert_int_eq(res.stage, MIKEY_PSKMIME_STAGE_EXCHANGE);
  ck_assert_uint_eq(out[0], PATTERN);
  ck_assert_int_eq(mikey_pskmime_open_held(w->rx, w->xid, NULL, 0, &len, NULL),
                   MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_int_eq(mikey_pskmime_open_held(w->rx, w->xid, out, sizeof(out), &len, &res), 0);
  ck_assert_bytes(out, len, MIME, MIME_LEN);
  /* a third, which the responder forgets before it is opened: dropped */
  ck_assert_int_eq(pt_protect(w, NULL, (const uint8_t *)MIME, MIME_LEN), 0);
  ck_assert_int_eq(pt_receive(w), 0);
  ck_assert_uint_eq(w->rinit_len, 0);
  mikey_responder_forget(mikey_pskmime_receiver_responder(w->rx), w->xid);
  ck_assert_int_eq(mikey_pskmime_open_held(w->rx, w->xid, out, sizeof(out), &len, &res),
                   MIKEY_E_NO_PENDING);
  ck_assert_int_eq(res.ended, 1);
  ck_assert_int_eq(mikey_pskmime_open_size(w->rx, w->xid, &len), MIKEY_E_NO_PENDING);
  pt_world_free(w);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("pskmime_refusal");
  TCase *tc = tcase_create("refusal");
  tcase_set_timeout(tc, 60);
  /* loop index: 0 without, 1 with proof-of-origin */
  tcase_add_loop_test(tc, tampered_ciphertext, 0, 2);
  tcase_add_loop_test(tc, tampered_tag, 0, 2);
  tcase_add_loop_test(tc, tampered_transfer_init, 0, 2);
  tcase_add_loop_test(tc, tampered_resolve_resp_leaves_exchange_pending, 0, 2);
  tcase_add_test(tc, kekid_differs);
  tcase_add_test(tc, poo_tag_of_another_message);
  tcase_add_loop_test(tc, smime_of_another_message, 0, 2);
  tcase_add_loop_test(tc, kek_used_once, 0, 2);
  tcase_add_loop_test(tc, retransmitted_body, 0, 2);
  tcase_add_test(tc, not_multipart);
  tcase_add_loop_test(tc, short_buffers_change_nothing, 0, 2);
  tcase_add_loop_test(tc, kms_refuses_the_resolve, 0, 2);
  tcase_add_test(tc, receiver_requires_poo);
  tcase_add_test(tc, sender_refusals);
  tcase_add_test(tc, receiver_refusals);
  tcase_add_test(tc, held_messages_are_bounded);
  tcase_add_test(tc, open_held_refusals);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return test_run(suite());
}
