/*
 * mikey_pskmime_ini.c: the facts about an initiator's ticket that the sender needs before it
 * starts a transfer (internal).
 *
 * mikey_pskmime_protect() must report the exact body size and refuse a short buffer before it
 * changes anything (the Model of roles.h), so it needs the TRANSFER_INIT's length before
 * mikey_initiator_transfer_prepare() draws randomness; and it takes time and randomness from
 * the initiator's mikey_env. roles.h offers neither, so this file reads the engine's state
 * (read-only) and sizes the TRANSFER_INIT the way mikey_initiator_transfer_finish() lays it
 * out (RFC 6043 4.2.2.1, PROFILE.md section 4):
 *
 *   HDR (GENERIC-ID, CS 1, SPI = KEK id), T, RANDRi, IDRi, IDRr, TICKET (+ Initiator Data
 *   when I=1), [EXT proof-of-origin], V
 *
 * mikey_pskmime_protect() compares this size with the one transfer_finish() reports, and the
 * tests compare it with every body written, so a change of the layout cannot go unnoticed.
 */
#include <stdlib.h>
#include <string.h>

#include "pskmime/mikey_pskmime_local.h"
#include "roles/mikey_initiator_local.h"

/* Placeholder bytes for the sizing encode: Initiator Data, proof-of-origin tag. */
static const uint8_t zeros[1 + 2 * (2 + MIKEY_SUITE_MAX_TAG) + MIKEY_POO_MAX];

int mikey_pskmime_ini_facts_get(const mikey_initiator *ini, const mikey_identity *responder,
                                size_t poo_len, mikey_pskmime_ini_facts *f) {
  memset(f, 0, sizeof(*f));
  if (!ini->has_ticket) {
    return MIKEY_E_STATE;
  }
  const mikey_role_profile *prof = &ini->prof;
  if (prof->kind != MIKEY_ROLE_PSKMIME) {
    return MIKEY_E_POLICY;
  }
  if (poo_len > MIKEY_POO_MAX) {
    return MIKEY_E_LIMIT;
  }
  f->env = ini->env;
  f->kek_len = mikey_key_len(ini->tgk);
  f->kek_id_len = ini->kek_id_len;
  f->poo = (ini->flags & MIKEY_TP_I) != 0;
  uint8_t encr_alg, mac_alg;
  int rc = mikey_suite_algs(prof->prf, &encr_alg, &mac_alg);
  size_t tag = 0, idlen = 0;
  if (rc == 0) {
    rc = mikey_suite_tag_len(mac_alg, &tag);
  }
  if (rc == 0 && f->poo) {
    rc = mikey_initiator_data_size(mac_alg, &idlen);
  }
  if (rc == 0 && responder) {
    rc = mikey_ident_check(responder);
  }
  if (rc) {
    return rc;
  }
  mikey_ticket_view *tv = malloc(sizeof(*tv));
  mikey_msg *m = malloc(sizeof(*m));
  if (!tv || !m) {
    rc = MIKEY_E_NOMEM;
    goto done;
  }
  rc = mikey_ticket_parse_payload(tv, ini->ticket, ini->ticket_len);
  if (rc) {
    goto done;
  }
  mikey_identity first, self = mikey_ident_view(&ini->party.self);
  if (!responder) {
    if (tv->policy.n_r == 0) {
      rc = MIKEY_E_POLICY;
      goto done;
    }
    first = mikey_ident_from_id(&tv->policy.r[0]);
    responder = &first;
  }
  size_t klen = mikey_key_len(ini->tgk), mlen = mikey_key_len(ini->mpki);
  mikey_msg_init(m, MIKEY_DT_TRANSFER_INIT);
  m->hdr.prf = prof->prf;
  m->hdr.map_type = MIKEY_MAP_GENERIC_ID;
  m->hdr.n_cs = 1;
  m->hdr.cs[0].cs_id = 1;
  m->hdr.cs[0].prot_type = prof->prot_type;
  m->hdr.cs[0].spi = (mikey_bytes){ini->kek_id, ini->kek_id_len};
  mikey_ts_set_now(&mikey_msg_add(m, MIKEY_PT_T)->u.t, 0);
  mikey_payload *p = mikey_msg_add(m, MIKEY_PT_RANDR);
  p->u.rand.role = MIKEY_RAND_I;
  p->u.rand.rand = (mikey_bytes){zeros, mikey_suite_rand_len(klen > mlen ? klen : mlen)};
  mikey_ident_set_idr(mikey_msg_add(m, MIKEY_PT_IDR), MIKEY_ROLE_I, &self);
  mikey_ident_set_idr(mikey_msg_add(m, MIKEY_PT_IDR), MIKEY_ROLE_R, responder);
  p = mikey_msg_add(m, MIKEY_PT_TICKET);
  p->u.ticket = tv->ticket;
  p->u.ticket.initiator_data = (mikey_bytes){zeros, idlen};
  if (f->poo) {
    p = mikey_msg_add(m, MIKEY_PT_GEXT);
    p->u.gext.type = prof->poo_ext_type;
    p->u.gext.data = (mikey_bytes){zeros, poo_len};
  }
  p = mikey_msg_add(m, MIKEY_PT_V);
  p->u.v.alg = mac_alg;
  p->u.v.mac = (mikey_bytes){zeros, tag};
  rc = mikey_msg_encode(m, NULL, 0, &f->ti_len);
  rc = rc == MIKEY_E_BUFFER_TOO_SMALL ? 0 : rc ? rc : MIKEY_E_INTERNAL;
done:
  free(tv);
  free(m);
  return rc;
}

void mikey_pskmime_ini_drop(mikey_initiator *ini) {
  mikey_initiator_drop_transfer(ini);
}
