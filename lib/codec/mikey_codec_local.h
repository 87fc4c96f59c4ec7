/*
 * mikey_codec_local.h: what the codec's source files share (internal).
 *
 * Each payload has a body decoder and a body encoder. The dispatcher (mikey_payload.c) reads
 * or writes the Next Payload byte that starts every payload but SIGN, and calls the body
 * coder for the rest. Body decoders read through a bounded reader whose base is the start of
 * the caller's input, so offsets are absolute; on a refusal they store the offset of the
 * offending field in *erroff. Body encoders check every field before they write any byte and
 * record layout offsets from the writer's marks.
 */
#ifndef MIKEY_CODEC_LOCAL_H
#define MIKEY_CODEC_LOCAL_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/codec.h>

#include "wire/mikey_rd.h"
#include "wire/mikey_wr.h"

/* MIKEY_TRY runs |expr| (a read on |rd|) and on failure stores where |rd| stands (reads do
 * not move on failure, so that is the field that could not be read) and returns. */
#define MIKEY_TRY(rd, erroff, expr)                                                            \
  do {                                                                                         \
    int mikey_rc_ = (expr);                                                                    \
    if (mikey_rc_ != 0) {                                                                      \
      *(erroff) = mikey_rd_offset(rd);                                                         \
      return mikey_rc_;                                                                        \
    }                                                                                          \
  } while (0)

/* mikey_payload_zero is an empty payload: builders copy it into each payload they hand out
 * (a copy from a constant is a few vector stores where a memset of the 120-byte struct
 * became a rep stos). */
extern const mikey_payload mikey_payload_zero;

/* mikey_view_rd reads a |n|-byte view. */
static inline int mikey_view_rd(mikey_rd *r, size_t n, mikey_bytes *v) {
  const uint8_t *p = NULL;
  int rc = mikey_rd_bytes(r, n, &p);
  if (rc == 0) {
    v->data = n ? p : NULL;
    v->len = n;
  }
  return rc;
}

/* mikey_view_ok tells whether a view is usable: data may only be NULL when len is 0. */
static inline int mikey_view_ok(const mikey_bytes *v) { return v->len == 0 || v->data != NULL; }

/* --- body coders, one pair per payload (after the Next Payload byte) --- */
int mikey_payload_role(const mikey_payload *p); /* IDR/RANDR/TR role, else -1 */

int mikey_hdr_dec(mikey_rd *r, mikey_hdr *h, uint8_t *next, size_t *erroff);
int mikey_hdr_enc(mikey_wr *w, mikey_hdr *h, uint8_t next);

int mikey_kemac_dec(mikey_rd *r, mikey_kemac *k, size_t *erroff);
int mikey_kemac_enc(mikey_wr *w, mikey_kemac *k);
int mikey_pke_dec(mikey_rd *r, mikey_pke *k, size_t *erroff);
int mikey_pke_enc(mikey_wr *w, const mikey_pke *k);
int mikey_dh_dec(mikey_rd *r, mikey_dh *d, size_t *erroff);
int mikey_dh_enc(mikey_wr *w, const mikey_dh *d);
int mikey_sign_dec(mikey_rd *r, mikey_sign *s, size_t *erroff); /* whole payload */
int mikey_sign_enc(mikey_wr *w, mikey_sign *s);                 /* whole payload */
int mikey_ts_dec(mikey_rd *r, mikey_ts *t, int with_role, size_t *erroff);
int mikey_ts_enc(mikey_wr *w, const mikey_ts *t, int with_role);
int mikey_id_dec(mikey_rd *r, mikey_id *id, int with_role, size_t *erroff);
int mikey_id_enc(mikey_wr *w, const mikey_id *id, int with_role);
int mikey_chash_dec(mikey_rd *r, mikey_chash *c, size_t *erroff);
int mikey_chash_enc(mikey_wr *w, const mikey_chash *c);
int mikey_v_dec(mikey_rd *r, mikey_v *v, size_t *erroff);
int mikey_v_enc(mikey_wr *w, mikey_v *v);
int mikey_sp_dec(mikey_rd *r, mikey_sp *sp, size_t *erroff);
int mikey_sp_enc(mikey_wr *w, mikey_sp *sp);
int mikey_rand_dec(mikey_rd *r, mikey_rand *x, int with_role, size_t *erroff);
int mikey_rand_enc(mikey_wr *w, const mikey_rand *x, int with_role);
int mikey_err_payload_dec(mikey_rd *r, mikey_err_payload *e, size_t *erroff);
int mikey_err_payload_enc(mikey_wr *w, const mikey_err_payload *e);
int mikey_gext_dec(mikey_rd *r, mikey_gext *g, size_t *erroff);
int mikey_gext_enc(mikey_wr *w, const mikey_gext *g);
int mikey_tp_dec(mikey_rd *r, mikey_tp *tp, size_t *erroff);
int mikey_tp_enc(mikey_wr *w, mikey_tp *tp);
int mikey_ticket_dec(mikey_rd *r, mikey_ticket *t, size_t *erroff);
int mikey_ticket_enc(mikey_wr *w, mikey_ticket *t);
int mikey_thdr_dec(mikey_rd *r, mikey_thdr *t, size_t *erroff);
int mikey_thdr_enc(mikey_wr *w, const mikey_thdr *t);
int mikey_sakke_dec(mikey_rd *r, mikey_sakke *s, size_t *erroff);
int mikey_sakke_enc(mikey_wr *w, const mikey_sakke *s);

/* Key validity data (RFC 3830 6.14) of type |type|, shared by key data and DH. */
int mikey_kv_dec(mikey_rd *r, uint8_t type, mikey_kv *kv, size_t *erroff);
int mikey_kv_check(const mikey_kv *kv);
void mikey_kv_enc(mikey_wr *w, const mikey_kv *kv);

/* One key data sub-payload, after its Next Payload byte. */
int mikey_keydata_dec(mikey_rd *r, mikey_keydata *kd, size_t *erroff);
int mikey_keydata_enc(mikey_wr *w, mikey_keydata *kd);

/* A TLV list (SP params, Key ID information): counts the TLVs and proves that they fill the
 * list exactly; |base| is the list's offset for *erroff. */
int mikey_tlv_check(mikey_bytes list, size_t base, size_t *count, size_t *erroff);

/* --- dispatch (mikey_payload.c) --- */

/* mikey_pl_known tells whether |type| is a chain payload type this library decodes. */
int mikey_pl_known(int type);

/* mikey_pl_dec decodes one payload of |type| (Next Payload byte included; SIGN has none). */
int mikey_pl_dec(mikey_rd *r, int type, mikey_payload *p, uint8_t *next, size_t *erroff);

/* mikey_pl_enc encodes one payload with Next Payload |next| and sets its layout. */
int mikey_pl_enc(mikey_wr *w, mikey_payload *p, uint8_t next);

/* --- chains (mikey_chain.c) --- */

/* mikey_chain_dec decodes payloads starting with type |first| until Next Payload 0 (or a
 * SIGN), into pl[*n..]; bytes left in |r| afterwards are the caller's to judge. */
int mikey_chain_dec(mikey_rd *r, int first, mikey_payload *pl, size_t *n, size_t *erroff,
                    int *errpl);

/* mikey_chain_enc encodes pl[0..n) chained by list order, the last with Next Payload 0.
 * *errpl / *erridx name the failing payload. */
int mikey_chain_enc(mikey_wr *w, mikey_payload *pl, size_t n, int *errpl, size_t *erridx);

/* --- names (mikey_names.c), for dumps --- */
typedef enum {
  MIKEY_REG_PRF,
  MIKEY_REG_MAP,
  MIKEY_REG_PROT,
  MIKEY_REG_ENCR,
  MIKEY_REG_MAC,
  MIKEY_REG_PKE_CACHE,
  MIKEY_REG_DH_GROUP,
  MIKEY_REG_SIGN,
  MIKEY_REG_TS,
  MIKEY_REG_TS_ROLE,
  MIKEY_REG_ID_TYPE,
  MIKEY_REG_CERT_TYPE,
  MIKEY_REG_ID_ROLE,
  MIKEY_REG_RAND_ROLE,
  MIKEY_REG_HASH,
  MIKEY_REG_SRTP_PARAM,
  MIKEY_REG_KEY_TYPE,
  MIKEY_REG_KV,
  MIKEY_REG_GEXT,
  MIKEY_REG_KEYID,
  MIKEY_REG_TICKET,
  MIKEY_REG_ERRNO,
  MIKEY_REG_SAKKE_PARAMS,
  MIKEY_REG_SAKKE_ID,
  MIKEY_REG_DATA_TYPE
} mikey_reg;

/* mikey_reg_name returns the registry name of |value|, or NULL when it has none. */
const char *mikey_reg_name(mikey_reg reg, unsigned value);

#endif /* MIKEY_CODEC_LOCAL_H */
