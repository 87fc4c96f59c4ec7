/*
 * mikey_kms.c: the KMS engine: set-up, the one entry point for initial messages, and the
 * Error message answer (RFC 6043 4.2.1.4, 4.2.3.4, 5.4).
 *
 * mikey_kms_process() decodes the Common Header to learn the data type, runs the exchange
 * (mikey_kms_request.c, mikey_kms_resolve.c) in a heap scratch, and writes either the
 * response or an Error message. Every check runs before anything is committed: the replay
 * cache is written last, once the response fits the caller's buffer (libsrtp's order: check,
 * verify, then commit).
 */
#include <stdlib.h>
#include <string.h>

#include "roles/mikey_kms_local.h"

#define KMS_REPLAY_DEFAULT 65536

/* work_wipe wipes every secret of the last call from |w| and resets what a call reads
 * before writing; the crypto contexts stay open (and the own TPK keyed). */
static void work_wipe(kms_work *w) {
  free(w->tpd);
  free(w->ticket);
  w->tpd = NULL;
  w->ticket = NULL;
  w->ks_in_ok = 0;
  w->prof = NULL;
  w->kemac_len = 0;
  w->replay_expiry = 0;
  w->in.err_offset = 0;
  w->in.n = 0;
  mikey_memzero(w->psk, sizeof(w->psk));
  w->psk_len = 0;
  mikey_memzero(w->rnd, sizeof(w->rnd));
  mikey_memzero(w->kemac, sizeof(w->kemac));
  mikey_ticket_keys_clear(&w->keys);
  mikey_ticket_keys_clear(&w->fk);
  mikey_keyset_clear(&w->ks_in);
  mikey_keyset_clear(&w->ks_out);
}

/* work_destroy closes the contexts of |w| and frees it. */
static void work_destroy(kms_work *w) {
  if (!w) {
    return;
  }
  work_wipe(w);
  mikey_prf_clear(&w->prf);
  mikey_mac_clear(&w->mac);
  mikey_kemac_cipher_clear(&w->cipher);
  mikey_ticket_ctx_clear(&w->tctx);
  mikey_tpk_clear(&w->tpk);
  mikey_memzero(w, sizeof(*w));
  free(w);
}

/* work_get takes a scratch from the pool of |kms|, or makes one. */
static kms_work *work_get(const mikey_kms *kms) {
  /* the pool is the one mutable part of a KMS (with the replay cache): behind its lock */
  mikey_kms *k = (mikey_kms *)(uintptr_t)kms;
  kms_work *w = NULL;
  pthread_mutex_lock(&k->pool_lock);
  if (k->pool) {
    w = k->pool;
    k->pool = w->next;
  }
  pthread_mutex_unlock(&k->pool_lock);
  if (w) {
    return w;
  }
  w = malloc(sizeof(*w));
  if (!w) {
    return NULL;
  }
  w->next = NULL;
  w->tpd = NULL;
  w->ticket = NULL;
  w->tpk_own = 0;
  mikey_prf_init(&w->prf);
  mikey_mac_init(&w->mac);
  mikey_kemac_cipher_init(&w->cipher);
  mikey_ticket_ctx_init(&w->tctx);
  mikey_tpk_init(&w->tpk);
  work_wipe(w);
  return w;
}

/* work_put wipes |w| and returns it to the pool of |kms|. */
static void work_put(const mikey_kms *kms, kms_work *w) {
  if (!w) {
    return;
  }
  work_wipe(w);
  mikey_kms *k = (mikey_kms *)(uintptr_t)kms;
  pthread_mutex_lock(&k->pool_lock);
  w->next = k->pool;
  k->pool = w;
  pthread_mutex_unlock(&k->pool_lock);
}

int mikey_kms_config_default_versioned(int version, mikey_kms_config *cfg) {
  if (!cfg) {
    return MIKEY_E_INVAL;
  }
  if (version < 1 || version > MIKEY_KMS_CONFIG_VERSION) {
    return MIKEY_E_UNSUPPORTED;
  }
  memset(cfg, 0, sizeof(*cfg));
  return 0;
}

void mikey_kms_free(mikey_kms *kms) {
  if (!kms) {
    return;
  }
  while (kms->pool) {
    kms_work *w = kms->pool;
    kms->pool = w->next;
    work_destroy(w);
  }
  if (kms->pool_lock_ok) {
    pthread_mutex_destroy(&kms->pool_lock);
  }
  mikey_ident_free(&kms->self);
  mikey_ident_free(&kms->tpk_id);
  mikey_key_free(kms->tpk);
  mikey_replay_cache_free(kms->own_cache);
  mikey_memzero(kms, sizeof(*kms));
  free(kms);
}

int mikey_kms_new_versioned(mikey_kms **out, int version, const mikey_kms_config *cfg) {
  if (!out) {
    return MIKEY_E_INVAL;
  }
  *out = NULL;
  if (!cfg) {
    return MIKEY_E_INVAL;
  }
  if (version < 1 || version > MIKEY_KMS_CONFIG_VERSION) {
    return MIKEY_E_UNSUPPORTED;
  }
  if (!cfg->callbacks.psk_lookup || !cfg->tpk) {
    return MIKEY_E_INVAL;
  }
  int rc = mikey_ident_check(&cfg->self);
  if (rc) {
    return rc;
  }
  if (cfg->tpk_id.len) {
    rc = mikey_ident_check(&cfg->tpk_id);
    if (rc) {
      return rc;
    }
  }
  if (cfg->tpk_len < MIKEY_SUITE_MIN_KEY || cfg->tpk_len > MIKEY_PSK_MAX) {
    return MIKEY_E_KEY_LENGTH;
  }
  mikey_kms *kms = calloc(1, sizeof(*kms));
  if (!kms) {
    return MIKEY_E_NOMEM;
  }
  if (pthread_mutex_init(&kms->pool_lock, NULL) != 0) {
    free(kms);
    return MIKEY_E_NOMEM;
  }
  kms->pool_lock_ok = 1;
  kms->env = cfg->env;
  kms->cb = cfg->callbacks;
  kms->user_data = cfg->user_data;
  memcpy(kms->kms_id, cfg->kms_id, sizeof(kms->kms_id));
  if (cfg->profiles) {
    if (cfg->n_profiles == 0 || cfg->n_profiles > KMS_KINDS) {
      rc = MIKEY_E_INVAL;
      goto fail;
    }
    for (size_t i = 0; i < cfg->n_profiles; i++) {
      rc = mikey_role_profile_check(&cfg->profiles[i]);
      if (rc) {
        goto fail;
      }
      int k = KMS_KIND_INDEX(cfg->profiles[i].kind);
      if (kms->served[k]) {
        rc = MIKEY_E_INVAL; /* two profiles of one kind */
        goto fail;
      }
      kms->prof[k] = cfg->profiles[i];
      kms->served[k] = 1;
    }
  } else {
    for (int k = 0; k < KMS_KINDS; k++) {
      rc = mikey_role_profile_default(&kms->prof[k], k + 1);
      if (rc) {
        goto fail;
      }
      kms->served[k] = 1;
    }
  }
  rc = mikey_ident_copy(&kms->self, &cfg->self);
  if (rc == 0) {
    mikey_identity none = {0, NULL, 0};
    rc = mikey_ident_copy(&kms->tpk_id, cfg->tpk_id.len ? &cfg->tpk_id : &none);
  }
  if (rc == 0) {
    rc = mikey_key_new(&kms->tpk, cfg->tpk, cfg->tpk_len);
  }
  if (rc) {
    goto fail;
  }
  if (cfg->replay) {
    if (!cfg->replay->check_insert) {
      rc = MIKEY_E_INVAL;
      goto fail;
    }
    kms->replay = *cfg->replay;
  } else {
    rc = mikey_replay_cache_new(&kms->own_cache,
                                cfg->replay_capacity ? cfg->replay_capacity : KMS_REPLAY_DEFAULT);
    if (rc == 0) {
      rc = mikey_replay_cache_ops(kms->own_cache, &kms->replay);
    }
    if (rc) {
      goto fail;
    }
  }
  *out = kms;
  return 0;
fail:
  mikey_kms_free(kms);
  return rc;
}

const mikey_role_profile *mikey_kms_profile(const mikey_kms *kms, int kind) {
  if (kind != MIKEY_ROLE_PSKMIME && kind != MIKEY_ROLE_IMS) {
    return NULL;
  }
  return kms->served[KMS_KIND_INDEX(kind)] ? &kms->prof[KMS_KIND_INDEX(kind)] : NULL;
}

int mikey_kms_psk(const mikey_kms *kms, kms_work *w, uint8_t data_type,
                  const mikey_identity *peer, const mikey_identity *psk_id) {
  mikey_kms_psk_query q = {data_type, peer, psk_id};
  size_t len = 0;
  int rc = kms->cb.psk_lookup(kms->user_data, &q, w->psk, sizeof(w->psk), &len);
  if (rc == MIKEY_CB_NO) {
    return MIKEY_E_UNKNOWN_KEY;
  }
  if (rc != MIKEY_CB_OK) {
    return MIKEY_E_CALLBACK;
  }
  if (len > sizeof(w->psk)) {
    return MIKEY_E_CALLBACK;
  }
  if (len < MIKEY_SUITE_MIN_KEY) {
    return MIKEY_E_KEY_LENGTH; /* RFC 6043 12.1: 128 bits at least */
  }
  w->psk_len = len;
  return 0;
}

int mikey_kms_finish(const mikey_kms *kms, kms_work *w, const uint8_t *in, size_t len,
                     uint64_t now, uint8_t *out, size_t cap, size_t *outlen) {
  /* one encoding pass: the encoder sizes as it writes and reports the size needed when
   * |cap| is short; the bytes it wrote into a short buffer are wiped */
  int rc = mikey_msg_encode(&w->out, out, out ? cap : 0, outlen);
  if (rc == MIKEY_E_BUFFER_TOO_SMALL && out) {
    mikey_memzero(out, cap);
  }
  if (rc) {
    return rc;
  }
  mikey_cover c;
  rc = mikey_vmac_cover_resp(&w->out, in, len, &c);
  if (rc == 0) {
    rc = mikey_vmac_sign_ctx(&w->mac, &w->out, out, &c, &w->ks_out);
  }
  if (rc == 0) {
    /* check, verify, then commit (RFC 6043 12.4, D13) */
    rc = mikey_replay_commit(&kms->replay, w->replay_key, w->replay_expiry, now);
  }
  if (rc) {
    mikey_memzero(out, *outlen);
    *outlen = 0;
  }
  return rc;
}

int mikey_kms_seal(kms_work *w, const mikey_ticket_keys *k, int with_mpkr, uint32_t csb_id,
                   uint64_t t) {
  mikey_kemac_key kk[2 + MIKEY_TICKET_MAX_KEYS];
  size_t n = 0;
  kk[n++] = (mikey_kemac_key){MIKEY_KEY_MPK, k->mpki, k->mpk.key_len, NULL, 0, k->mpk.spi,
                              k->mpk.spi_len};
  if (with_mpkr) {
    kk[n++] = (mikey_kemac_key){MIKEY_KEY_MPK, k->mpkr, k->mpk.key_len, NULL, 0, k->mpk.spi,
                                k->mpk.spi_len};
  }
  for (size_t i = 0; i < k->n && n < sizeof(kk) / sizeof(kk[0]); i++) {
    const mikey_ticket_key *s = &k->key[i];
    kk[n++] = (mikey_kemac_key){s->type,        s->key,  s->key_len, s->salt_len ? s->salt : NULL,
                                s->salt_len, s->spi, s->spi_len};
  }
  return mikey_kemac_seal(&w->cipher, &w->ks_out, csb_id, t, kk, n, w->kemac, sizeof(w->kemac),
                          &w->kemac_len);
}

int mikey_kms_keys_in(kms_work *w, uint8_t prf, uint32_t csb_id, const uint8_t *randri,
                      size_t randri_len, const uint8_t *randrr, size_t randrr_len) {
  uint8_t encr_alg, mac_alg;
  int rc = mikey_suite_algs(prf, &encr_alg, &mac_alg);
  if (rc == 0) {
    rc = mikey_prf_setkey(&w->prf, prf, w->psk, w->psk_len);
  }
  if (rc == 0) {
    /* MIKEY_ENCR_NULL: no encr_key, no salt_key (kdf_keyset skips the keys of NULL algs) */
    rc = mikey_kdf_msg_keys(&w->prf, csb_id, MIKEY_KDF_INITIAL, randri, randri_len, randrr,
                            randrr_len, MIKEY_ENCR_NULL, mac_alg, &w->ks_in);
  }
  return rc;
}

int mikey_kms_keys_out(kms_work *w, uint8_t prf, uint32_t csb_id, const uint8_t *randri,
                       size_t randri_len, const uint8_t *randrr, size_t randrr_len) {
  uint8_t encr_alg, mac_alg;
  int rc = mikey_suite_algs(prf, &encr_alg, &mac_alg);
  if (rc == 0 && (w->prf.prf_func != prf || mikey_prf_inkey_len(&w->prf) != w->psk_len)) {
    rc = MIKEY_E_INTERNAL; /* mikey_kms_keys_in did not run first */
  }
  if (rc == 0) {
    rc = mikey_kdf_msg_keys(&w->prf, csb_id, MIKEY_KDF_RESPONSE, randri, randri_len, randrr,
                            randrr_len, encr_alg, mac_alg, &w->ks_out);
  }
  return rc;
}

int mikey_kms_own_tpk(const mikey_kms *kms, kms_work *w) {
  if (w->tpk_own) {
    return 0;
  }
  int rc = mikey_tpk_setkey(&w->tpk, mikey_key_data(kms->tpk), mikey_key_len(kms->tpk));
  w->tpk_own = rc == 0;
  return rc;
}

int mikey_kms_process(const mikey_kms *kms, const uint8_t *in, size_t len, uint8_t *out,
                      size_t cap, size_t *outlen, mikey_kms_result *res) {
  if (res) {
    memset(res, 0, sizeof(*res));
    res->data_type = 0xff;
  }
  if (!kms || (!in && len) || !outlen || !res) {
    return MIKEY_E_INVAL;
  }
  *outlen = 0;
  mikey_hdr h;
  uint8_t next;
  size_t used;
  int rc = in ? mikey_hdr_decode(&h, in, len, &next, &used) : MIKEY_E_TRUNCATED;
  if (rc) {
    /* no Common Header to answer to (RFC 6043 5.4 needs its version, PRF and CSB ID) */
    res->wrote = MIKEY_KMS_WROTE_NOTHING;
    res->reason = rc;
    return 0;
  }
  res->data_type = h.data_type;
  uint64_t now = mikey_env_now(&kms->env);
  kms_work *w = work_get(kms);
  if (!w) {
    rc = MIKEY_E_NOMEM;
  } else {
    switch (h.data_type) {
    case MIKEY_DT_REQUEST_INIT_PSK:
      rc = mikey_kms_request(kms, w, in, len, now);
      break;
    case MIKEY_DT_RESOLVE_INIT_PSK:
      rc = mikey_kms_resolve(kms, w, in, len, now);
      break;
    case MIKEY_DT_REQUEST_INIT_PK:
    case MIKEY_DT_RESOLVE_INIT_PK:
      rc = MIKEY_E_UNSUPPORTED; /* PROFILE.md section 1: the PK variants are not run */
      break;
    default:
      rc = MIKEY_E_BAD_DATA_TYPE; /* not an initial message a KMS answers: Invalid DT */
      break;
    }
    if (rc == 0) {
      rc = mikey_kms_finish(kms, w, in, len, now, out, cap, outlen);
    }
    if (rc <= -100 && rc > -200) {
      res->err_offset = w->in.err_offset;
    }
  }
  if (rc == 0) {
    res->wrote = MIKEY_KMS_WROTE_RESPONSE;
  } else if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
    /* nothing committed: the caller retries with |*outlen| bytes */
  } else {
    /* every refusal and failure is answered with an Error message (RFC 6043 5.4, D12),
     * authenticated when the sender's own V verified ("MAY be authenticated") */
    const mikey_keyset *ks = (w && w->ks_in_ok) ? &w->ks_in : NULL;
    uint8_t no = mikey_err_to_wire(rc);
    res->reason = rc;
    res->error_no = no;
    res->error_has_v = ks != NULL;
    int erc = mikey_errmsg_write(&h, no, now, ks, out, cap, outlen);
    if (erc == 0) {
      res->wrote = MIKEY_KMS_WROTE_ERROR;
      rc = 0;
    } else {
      rc = erc;
    }
  }
  work_put(kms, w);
  return rc;
}
