/*
 * ticket_test_util.c: see ticket_test_util.h.
 */
#include "ticket_test_util.h"

#include <string.h>

#include "mikey_test.h"

size_t tv_hex(const char *hex, uint8_t *out, size_t cap) {
  return hex ? test_hex(hex, out, cap) : 0;
}

static void set_key(mikey_ticket_key *k, uint8_t type, const char *key, const char *salt,
                    const char *spi) {
  uint8_t kb[64], sb[64], pb[16];
  size_t kl = tv_hex(key, kb, sizeof(kb)), sl = tv_hex(salt, sb, sizeof(sb)),
         pl = tv_hex(spi, pb, sizeof(pb));
  ck_assert_int_eq(mikey_ticket_key_set(k, type, kb, kl, sl ? sb : NULL, sl, pb, pl), 0);
}

void tv_load(tv_inputs *in, const struct ticket_vec *v) {
  memset(in, 0, sizeof(*in));
  in->v = v;
  mikey_policy *p = &in->policy;
  p->ticket_type = v->ticket_type;
  p->subtype = v->subtype;
  p->version = v->version;
  p->prf = v->prf;
  p->flags = v->flags;
  p->kms = (mikey_id){MIKEY_ROLE_KMS, MIKEY_ID_URI,
                      {(const uint8_t *)v->kms_uri, strlen(v->kms_uri)}};
  p->idri = (mikey_id){MIKEY_ROLE_I, MIKEY_ID_URI,
                       {(const uint8_t *)v->idri_uri, strlen(v->idri_uri)}};
  p->trs = (mikey_ts){MIKEY_TR_START, MIKEY_TS_NTP_UTC_32, v->trs};
  p->tre = (mikey_ts){MIKEY_TR_END, MIKEY_TS_NTP_UTC_32, v->tre};
  p->present = MIKEY_POLICY_HAS_KMS | MIKEY_POLICY_HAS_I | MIKEY_POLICY_HAS_TRS |
               MIKEY_POLICY_HAS_TRE;
  if (v->has_trr) {
    p->trr = (mikey_ts){MIKEY_TR_REKEY, MIKEY_TS_NTP_UTC_32, v->trr};
    p->present |= MIKEY_POLICY_HAS_TRR;
  }
  if (v->app) {
    ck_assert_int_eq(
        mikey_policy_add_app(p, MIKEY_ID_BYTES, (const uint8_t *)v->app, strlen(v->app)), 0);
  }
  for (size_t i = 0; i < v->n_r; i++) {
    ck_assert_int_eq(mikey_policy_add_responder(p, MIKEY_ID_URI, (const uint8_t *)v->r[i],
                                                strlen(v->r[i])),
                     0);
  }
  in->kms_id_len = tv_hex(v->kms_id, in->kms_id, sizeof(in->kms_id));
  ck_assert_uint_eq(in->kms_id_len, MIKEY_TICKET_KMS_ID_LEN);
  in->thdr_extra_len = tv_hex(v->thdr_extra, in->thdr_extra, sizeof(in->thdr_extra));
  in->rand_len = tv_hex(v->rand, in->rand, sizeof(in->rand));
  in->tpk_len = tv_hex(v->tpk, in->tpk, sizeof(in->tpk));
  in->prm.policy = p;
  in->prm.kms_id = in->kms_id;
  in->prm.thdr_extra = (mikey_bytes){in->thdr_extra, in->thdr_extra_len};
  in->prm.t = (mikey_ts){0, v->t_type, v->t};
  in->prm.rand = (mikey_bytes){in->rand, in->rand_len};
  if (v->idrpsk) {
    in->idrpsk = (mikey_id){MIKEY_ROLE_PSK, MIKEY_ID_BYTES,
                            {(const uint8_t *)v->idrpsk, strlen(v->idrpsk)}};
    in->prm.idrpsk = &in->idrpsk;
  }
  set_key(&in->keys.mpk, MIKEY_KEY_MPK, v->mpk, NULL, v->mpk_spi);
  in->keys.n = v->n_keys;
  for (size_t i = 0; i < v->n_keys; i++) {
    set_key(&in->keys.key[i], v->keys[i].type, v->keys[i].key, v->keys[i].salt,
            v->keys[i].spi);
  }
  in->ticket_len = tv_hex(v->ticket, in->ticket, sizeof(in->ticket));
  in->ticket_idata_len = tv_hex(v->ticket_idata, in->ticket_idata, sizeof(in->ticket_idata));
}
