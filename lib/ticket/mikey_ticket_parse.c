/*
 * mikey_ticket_parse.c: a TICKET payload (RFC 6043 6.10) of the MIKEY base ticket or the 3GPP
 * base ticket (Appendix A, TS 33.328 D.4) taken apart into a mikey_ticket_view. Nothing is
 * verified or decrypted here; every offset the MACs use is checked against the bytes.
 */
#include <string.h>

#include "ticket/mikey_ticket_local.h"

/* layout_ok checks that the decoded TICKET payload |p| lies inside the |len| bytes at |buf|
 * and that its views are the bytes at its recorded offsets, each field right after the one
 * before (6.10): the MAC ranges computed from the offsets are then exactly the wire bytes. */
static int layout_ok(const uint8_t *buf, size_t len, const mikey_payload *p) {
  const mikey_ticket *t = &p->u.ticket;
  if (p->offset > len || p->len > len - p->offset) {
    return 0;
  }
  size_t end = p->offset + p->len;
  size_t tpd = p->offset + TICKET_HEAD_LEN;
  if (t->tp.tp_data_offset != tpd || t->tp.tp_data.len > end - tpd) {
    return 0;
  }
  size_t tdl = tpd + t->tp.tp_data.len;
  if (t->ticket_data_len_offset != tdl || end - tdl < 2 || t->ticket_data_offset != tdl + 2 ||
      t->ticket_data.len > end - (tdl + 2)) {
    return 0;
  }
  size_t idl = t->ticket_data_offset + t->ticket_data.len;
  if (t->idata_len_offset != idl || end - idl < 2 || t->idata_offset != idl + 2 ||
      t->initiator_data.len != end - (idl + 2)) {
    return 0;
  }
  const mikey_bytes *v[3] = {&t->tp.tp_data, &t->ticket_data, &t->initiator_data};
  const size_t at[3] = {tpd, t->ticket_data_offset, t->idata_offset};
  for (size_t i = 0; i < 3; i++) {
    if (v[i]->len && v[i]->data != buf + at[i]) {
      return 0;
    }
  }
  return 1;
}

/* parse_ticket_data takes the Ticket Data (A.1: THDR, T, RAND, KEMAC, [IDRpsk], V) apart. */
static int parse_ticket_data(mikey_ticket_view *tv) {
  const mikey_ticket *t = &tv->ticket;
  size_t base = t->ticket_data_offset;
  mikey_plist l;
  int rc = mikey_ticket_data_decode(&l, t->ticket_data.data, t->ticket_data.len);
  if (rc == 0) {
    rc = mikey_plist_validate(&l, MIKEY_LIST_TICKET_DATA, 0);
  }
  if (rc) {
    return rc;
  }
  /* the grammar guarantees pl[0] is the THDR and the last payload the V */
  tv->thdr_data = l.pl[0].u.thdr.data;
  /* TS 33.328 D.4: "the first 48bits of the THDR Data shall contain a globally unique
   * identifier of the issuing KMS" */
  if (tv->thdr_data.len < MIKEY_TICKET_KMS_ID_LEN) {
    return MIKEY_E_KMS_ID;
  }
  tv->kms_id.data = tv->thdr_data.data;
  tv->kms_id.len = MIKEY_TICKET_KMS_ID_LEN;
  const mikey_payload *pt = mikey_find(l.pl, l.n, MIKEY_PT_T, -1);
  const mikey_payload *pr = mikey_find(l.pl, l.n, MIKEY_PT_RAND, -1);
  const mikey_payload *pk = mikey_find(l.pl, l.n, MIKEY_PT_KEMAC, -1);
  const mikey_payload *pp = mikey_find(l.pl, l.n, MIKEY_PT_IDR, MIKEY_ROLE_PSK);
  const mikey_payload *pv = &l.pl[l.n - 1];
  if (!pt || !pr || !pk || pv->type != MIKEY_PT_V) {
    return MIKEY_E_INTERNAL;
  }
  tv->t = pt->u.t;
  tv->rand = pr->u.rand.rand;
  tv->kemac = pk->u.kemac;
  tv->kemac.encr_data_offset += base;
  tv->kemac.mac_offset += base;
  if (pp) {
    tv->has_idrpsk = 1;
    tv->idrpsk = pp->u.id;
  }
  tv->v = pv->u.v;
  /* A.1: the V payload is a MAC; the NULL MAC would leave the ticket unprotected */
  if (tv->v.alg == MIKEY_MAC_NULL || tv->v.mac.len == 0) {
    return MIKEY_E_BAD_VALUE;
  }
  /* the MAC is the last field of the Ticket Data, so the MAC range ends at it */
  if (tv->v.mac_offset + tv->v.mac.len != t->ticket_data.len) {
    return MIKEY_E_INTERNAL;
  }
  tv->v.mac_offset += base;
  return 0;
}

/* parse_initiator_data takes Initiator Data (6.10: First Payload, Vi, Vr) apart. */
static int parse_initiator_data(mikey_ticket_view *tv) {
  const mikey_ticket *t = &tv->ticket;
  if (t->initiator_data.len == 0) {
    return 0;
  }
  /* "SHALL be inserted by the Initiator if and only if key forking is used (I flag)" */
  if (!(tv->policy.flags & MIKEY_TP_I)) {
    return MIKEY_E_VI_MISSING;
  }
  mikey_plist l;
  int rc = mikey_initiator_data_decode(&l, t->initiator_data.data, t->initiator_data.len);
  if (rc == 0) {
    rc = mikey_plist_validate(&l, MIKEY_LIST_INITIATOR_DATA, 0);
  }
  if (rc) {
    return rc;
  }
  const mikey_payload *vi = mikey_find(l.pl, l.n, MIKEY_PT_V, -1);
  const mikey_payload *vr = &l.pl[l.n - 1];
  if (!vi || vr->type != MIKEY_PT_V || vi == vr ||
      vr->u.v.mac_offset + vr->u.v.mac.len != t->initiator_data.len) {
    return MIKEY_E_INTERNAL;
  }
  tv->has_idata = 1;
  tv->vi = vi->u.v;
  tv->vr = vr->u.v;
  tv->vi.mac_offset += t->idata_offset;
  tv->vr.mac_offset += t->idata_offset;
  return 0;
}

int mikey_ticket_parse(mikey_ticket_view *tv, const uint8_t *buf, size_t len,
                       const mikey_payload *p) {
  if (!tv) {
    return MIKEY_E_INVAL;
  }
  if (!buf || !p || p->type != MIKEY_PT_TICKET || !layout_ok(buf, len, p)) {
    memset(tv, 0, sizeof(*tv));
    return MIKEY_E_INVAL;
  }
  /* The view (3.2 KB, most of it the policy's arrays) is not cleared first: on success every
   * field is written (the policy's arrays up to their counts, by mikey_policy_from_tp; the
   * Ticket Data's by parse_ticket_data) but the optional ones, cleared here. */
  tv->has_idrpsk = 0;
  memset(&tv->idrpsk, 0, sizeof(tv->idrpsk));
  tv->has_idata = 0;
  memset(&tv->vi, 0, sizeof(tv->vi));
  memset(&tv->vr, 0, sizeof(tv->vr));
  tv->buf = buf;
  tv->len = len;
  tv->start = p->offset;
  tv->end = p->offset + p->len;
  tv->ticket = p->u.ticket;
  const mikey_tp *tp = &tv->ticket.tp;
  int rc = mikey_ticket_type_check(tp->ticket_type, tp->subtype, tp->version);
  if (rc == 0) {
    rc = mikey_policy_from_tp(&tv->policy, tp);
  }
  /* 6.10: "The KEMAC SHALL NOT be present in the granted Ticket Policy" */
  if (rc == 0 && (tv->policy.present & MIKEY_POLICY_HAS_KEMAC)) {
    rc = MIKEY_E_POLICY;
  }
  if (rc == 0) {
    rc = parse_ticket_data(tv);
  }
  if (rc == 0) {
    rc = parse_initiator_data(tv);
  }
  if (rc) {
    memset(tv, 0, sizeof(*tv));
  }
  return rc;
}

int mikey_ticket_parse_payload(mikey_ticket_view *tv, const uint8_t *buf, size_t len) {
  if (!tv) {
    return MIKEY_E_INVAL;
  }
  mikey_payload p;
  uint8_t next;
  int rc = buf ? mikey_payload_decode(&p, MIKEY_PT_TICKET, buf, len, &next, NULL)
               : MIKEY_E_INVAL;
  if (rc) {
    memset(tv, 0, sizeof(*tv));
    return rc;
  }
  return mikey_ticket_parse(tv, buf, len, &p);
}
