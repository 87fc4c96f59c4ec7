/*
 * mikey_validate.c: checks a decoded message (or nested list) against the payload grammar of
 * its type: RFC 6043 4.2 for the MIKEY-TICKET messages, RFC 6043 5.4 for Error messages,
 * RFC 6043 6.10 and A.1 for TP Data, Ticket Data and Initiator Data, plus the PSK/MIME
 * profile of PROFILE.md sections 2, 4 and 5 on request.
 */
#include "codec/mikey_codec_local.h"

#define MANY 0xff /* no upper bound */

/* One position of a grammar: a payload type (and role, -1 for any), how often it may
 * appear (max 0: never), and whether it must be the last payload. */
typedef struct {
  int type;
  int role;
  uint8_t min, max;
  uint8_t last;
} slot;

typedef struct {
  const slot *s;
  size_t n;
} grammar;

#define ONE(t, r) {t, r, 1, 1, 0}
#define OPT(t, r) {t, r, 0, 1, 0}
#define ANY(t, r) {t, r, 0, MANY, 0}
#define NONE(t, r) {t, r, 0, 0, 0}
#define SOME(t, r) {t, r, 1, MANY, 0}
#define LAST(t) {t, -1, 1, 1, 1}
#define LAST_OPT(t) {t, -1, 0, 1, 1}
#define G(a) {a, sizeof(a) / sizeof((a)[0])}

#define T_ MIKEY_PT_T
#define IDR MIKEY_PT_IDR
#define RANDR MIKEY_PT_RANDR

/* RFC 6043 4.2.1: HDR, T, RANDRi, [IDRi], [IDRkms], TP, [IDRpsk], V */
static const slot req_psk[] = {ONE(T_, -1),         ONE(RANDR, MIKEY_RAND_I),
                               OPT(IDR, MIKEY_ROLE_I), OPT(IDR, MIKEY_ROLE_KMS),
                               ONE(MIKEY_PT_TP, -1), OPT(IDR, MIKEY_ROLE_PSK),
                               LAST(MIKEY_PT_V)};
/* PROFILE.md section 2: IDRi, IDRkms and IDRpsk always sent */
static const slot req_psk_pm[] = {ONE(T_, -1),         ONE(RANDR, MIKEY_RAND_I),
                                  ONE(IDR, MIKEY_ROLE_I), ONE(IDR, MIKEY_ROLE_KMS),
                                  ONE(MIKEY_PT_TP, -1), ONE(IDR, MIKEY_ROLE_PSK),
                                  LAST(MIKEY_PT_V)};
/* HDR, T, RANDRi, [IDRi], {CERTi}, [IDRkms], TP, [CHASH], PKE, SIGNi */
static const slot req_pk[] = {ONE(T_, -1),           ONE(RANDR, MIKEY_RAND_I),
                              OPT(IDR, MIKEY_ROLE_I), ANY(MIKEY_PT_CERT, -1),
                              OPT(IDR, MIKEY_ROLE_KMS), ONE(MIKEY_PT_TP, -1),
                              OPT(MIKEY_PT_CHASH, -1), ONE(MIKEY_PT_PKE, -1),
                              LAST(MIKEY_PT_SIGN)};
/* HDR, T, [IDRkms], TICKET, KEMAC, V */
static const slot req_resp[] = {ONE(T_, -1), OPT(IDR, MIKEY_ROLE_KMS), ONE(MIKEY_PT_TICKET, -1),
                                ONE(MIKEY_PT_KEMAC, -1), LAST(MIKEY_PT_V)};
static const slot req_resp_pm[] = {ONE(T_, -1), ONE(IDR, MIKEY_ROLE_KMS),
                                   ONE(MIKEY_PT_TICKET, -1), ONE(MIKEY_PT_KEMAC, -1),
                                   LAST(MIKEY_PT_V)};
/* RFC 6043 4.2.2: HDR, T, RANDRi, [IDRi], [IDRr], {SP}, TICKET, [KEMAC], V */
static const slot tr_init[] = {ONE(T_, -1),           ONE(RANDR, MIKEY_RAND_I),
                               OPT(IDR, MIKEY_ROLE_I), OPT(IDR, MIKEY_ROLE_R),
                               ANY(MIKEY_PT_SP, -1),   ONE(MIKEY_PT_TICKET, -1),
                               OPT(MIKEY_PT_KEMAC, -1), LAST(MIKEY_PT_V)};
/* PROFILE.md section 4: IDRi and IDRr present, no SP (S/MIME fixes the algorithms), no KEMAC
 * (L=0) */
static const slot tr_init_pm[] = {ONE(T_, -1),           ONE(RANDR, MIKEY_RAND_I),
                                  ONE(IDR, MIKEY_ROLE_I), ONE(IDR, MIKEY_ROLE_R),
                                  NONE(MIKEY_PT_SP, -1),  ONE(MIKEY_PT_TICKET, -1),
                                  NONE(MIKEY_PT_KEMAC, -1), LAST(MIKEY_PT_V)};
/* HDR, T, [RANDRr], [IDRr], [RANDRkms], {SP}, [KEMAC], V */
static const slot tr_resp[] = {ONE(T_, -1),           OPT(RANDR, MIKEY_RAND_R),
                               OPT(IDR, MIKEY_ROLE_R), OPT(RANDR, MIKEY_RAND_KMS),
                               ANY(MIKEY_PT_SP, -1),   OPT(MIKEY_PT_KEMAC, -1),
                               LAST(MIKEY_PT_V)};
/* RFC 6043 4.2.3: HDR, T, RANDRr, [IDRr], [IDRkms], TICKET, [IDRpsk], V */
static const slot res_psk[] = {ONE(T_, -1),         ONE(RANDR, MIKEY_RAND_R),
                               OPT(IDR, MIKEY_ROLE_R), OPT(IDR, MIKEY_ROLE_KMS),
                               ONE(MIKEY_PT_TICKET, -1), OPT(IDR, MIKEY_ROLE_PSK),
                               LAST(MIKEY_PT_V)};
/* PROFILE.md section 5 */
static const slot res_psk_pm[] = {ONE(T_, -1),         ONE(RANDR, MIKEY_RAND_R),
                                  ONE(IDR, MIKEY_ROLE_R), ONE(IDR, MIKEY_ROLE_KMS),
                                  ONE(MIKEY_PT_TICKET, -1), ONE(IDR, MIKEY_ROLE_PSK),
                                  LAST(MIKEY_PT_V)};
/* HDR, T, RANDRr, [IDRr], {CERTr}, [IDRkms], TICKET, [CHASH], PKE, SIGNr */
static const slot res_pk[] = {ONE(T_, -1),           ONE(RANDR, MIKEY_RAND_R),
                              OPT(IDR, MIKEY_ROLE_R), ANY(MIKEY_PT_CERT, -1),
                              OPT(IDR, MIKEY_ROLE_KMS), ONE(MIKEY_PT_TICKET, -1),
                              OPT(MIKEY_PT_CHASH, -1), ONE(MIKEY_PT_PKE, -1),
                              LAST(MIKEY_PT_SIGN)};
/* HDR, T, [IDRkms], KEMAC, [IDRr], [RANDRkms], V */
static const slot res_resp[] = {ONE(T_, -1),           OPT(IDR, MIKEY_ROLE_KMS),
                                ONE(MIKEY_PT_KEMAC, -1), OPT(IDR, MIKEY_ROLE_R),
                                OPT(RANDR, MIKEY_RAND_KMS), LAST(MIKEY_PT_V)};
static const slot res_resp_pm[] = {ONE(T_, -1),           ONE(IDR, MIKEY_ROLE_KMS),
                                   ONE(MIKEY_PT_KEMAC, -1), OPT(IDR, MIKEY_ROLE_R),
                                   OPT(RANDR, MIKEY_RAND_KMS), LAST(MIKEY_PT_V)};
/* RFC 6043 5.4: HDR, T, (ERR), [V|SIGNx] and HDR, T, (ERR), {SP}, [V] */
static const slot error_msg[] = {ONE(T_, -1), SOME(MIKEY_PT_ERR, -1), ANY(MIKEY_PT_SP, -1),
                                 LAST_OPT(MIKEY_PT_V), LAST_OPT(MIKEY_PT_SIGN)};

/* RFC 6043 6.10: First Payload, [IDRkms], [IDRi], [TRs], [TRe], [TRr], [KEMAC], {IDRapp},
 * (IDRr) */
static const slot tp_data[] = {OPT(IDR, MIKEY_ROLE_KMS),      OPT(IDR, MIKEY_ROLE_I),
                               OPT(MIKEY_PT_TR, MIKEY_TR_START), OPT(MIKEY_PT_TR, MIKEY_TR_END),
                               OPT(MIKEY_PT_TR, MIKEY_TR_REKEY), OPT(MIKEY_PT_KEMAC, -1),
                               ANY(IDR, MIKEY_ROLE_APP),       SOME(IDR, MIKEY_ROLE_R)};
/* RFC 6043 A.1: THDR, T, RAND, KEMAC, [IDRpsk], V */
static const slot ticket_data[] = {ONE(MIKEY_PT_THDR, -1), ONE(T_, -1),
                                   ONE(MIKEY_PT_RAND, -1), ONE(MIKEY_PT_KEMAC, -1),
                                   OPT(IDR, MIKEY_ROLE_PSK), LAST(MIKEY_PT_V)};
/* RFC 6043 6.10: First Payload, Vi, Vr */
static const slot idata[] = {ONE(MIKEY_PT_V, -1), LAST(MIKEY_PT_V)};

static const grammar *msg_grammar(unsigned dt, int pskmime) {
  static const grammar g_req_psk = G(req_psk), g_req_psk_pm = G(req_psk_pm),
                       g_req_pk = G(req_pk), g_req_resp = G(req_resp),
                       g_req_resp_pm = G(req_resp_pm), g_tr_init = G(tr_init),
                       g_tr_init_pm = G(tr_init_pm), g_tr_resp = G(tr_resp),
                       g_res_psk = G(res_psk), g_res_psk_pm = G(res_psk_pm),
                       g_res_pk = G(res_pk), g_res_resp = G(res_resp),
                       g_res_resp_pm = G(res_resp_pm), g_error = G(error_msg);
  switch (dt) {
  case MIKEY_DT_ERROR:
    return &g_error;
  case MIKEY_DT_REQUEST_INIT_PSK:
    return pskmime ? &g_req_psk_pm : &g_req_psk;
  case MIKEY_DT_REQUEST_INIT_PK:
    return &g_req_pk;
  case MIKEY_DT_REQUEST_RESP:
    return pskmime ? &g_req_resp_pm : &g_req_resp;
  case MIKEY_DT_TRANSFER_INIT:
    return pskmime ? &g_tr_init_pm : &g_tr_init;
  case MIKEY_DT_TRANSFER_RESP:
    return &g_tr_resp;
  case MIKEY_DT_RESOLVE_INIT_PSK:
    return pskmime ? &g_res_psk_pm : &g_res_psk;
  case MIKEY_DT_RESOLVE_INIT_PK:
    return &g_res_pk;
  case MIKEY_DT_RESOLVE_RESP:
    return pskmime ? &g_res_resp_pm : &g_res_resp;
  default:
    return NULL;
  }
}

/* slot_match tells whether a payload of type |type| and role |role| (mikey_payload_role)
 * fits slot |s|. */
static int slot_match(const slot *s, int type, int role) {
  return s->type == type && (s->role < 0 || s->role == role);
}

/* check_grammar walks |pl| through |g|. On a refusal *at is the index of the offending
 * payload, or n with *missing set to the type of a missing one. */
static int check_grammar(const grammar *g, const mikey_payload *pl, size_t n, unsigned flags,
                         size_t *at, int *missing) {
  uint8_t count[16] = {0};
  const slot *s = g->s;
  size_t ns = g->n, cursor = 0;
  if (ns > sizeof(count)) {
    return MIKEY_E_INTERNAL;
  }
  int ended = 0;
  for (size_t i = 0; i < n; i++) {
    int type = pl[i].type, role = mikey_payload_role(&pl[i]);
    *at = i;
    if (ended) {
      /* RFC 6043 4.2: the last payload is V (or SIGN); nothing follows it */
      return MIKEY_E_AFTER_LAST;
    }
    size_t found = ns, full = ns, before = ns;
    for (size_t j = cursor; j < ns; j++) {
      if (slot_match(&s[j], type, role)) {
        if (s[j].max == MANY || count[j] < s[j].max) {
          found = j;
          break;
        }
        if (full == ns) {
          full = j;
        }
      }
    }
    for (size_t j = 0; found == ns && full == ns && j < cursor; j++) {
      if (slot_match(&s[j], type, role)) {
        before = j;
        break;
      }
    }
    if (found < ns) {
      if (count[found] < 0xff) {
        count[found]++;
      }
      cursor = found;
      ended = s[found].last;
    } else if (full < ns) {
      return s[full].max == 0 ? MIKEY_E_UNEXPECTED_PAYLOAD : MIKEY_E_DUPLICATE;
    } else if (before < ns) {
      return count[before] >= s[before].max ? MIKEY_E_DUPLICATE : MIKEY_E_PAYLOAD_ORDER;
    } else if (type != MIKEY_PT_GEXT && (flags & MIKEY_VALIDATE_STRICT)) {
      /* a General Extension may stand anywhere (RFC 3830 6.15); other unlisted payloads
       * SHOULD be ignored (RFC 6043 4.2.x.4) unless the caller wants them refused */
      return MIKEY_E_UNEXPECTED_PAYLOAD;
    }
  }
  for (size_t j = 0; j < ns; j++) {
    if (count[j] < s[j].min) {
      *at = n;
      *missing = s[j].type;
      return MIKEY_E_MISSING_PAYLOAD;
    }
  }
  return 0;
}

/* check_hdr applies the HDR rules of RFC 6043 4.2 and of the profile. */
static int check_hdr(const mikey_hdr *h, int pskmime, size_t *off) {
  switch (h->data_type) {
  case MIKEY_DT_REQUEST_INIT_PSK:
  case MIKEY_DT_REQUEST_INIT_PK:
  case MIKEY_DT_REQUEST_RESP:
  case MIKEY_DT_RESOLVE_INIT_PSK:
  case MIKEY_DT_RESOLVE_INIT_PK:
  case MIKEY_DT_RESOLVE_RESP:
    /* 4.2.1.1, 4.2.3.1: no crypto sessions, Empty map; 4.2.1.5, 4.2.3.5: the responses
     * copy both */
    if (h->n_cs != 0) {
      *off = 8;
      return MIKEY_E_BAD_COUNT;
    }
    if (h->map_type != MIKEY_MAP_EMPTY) {
      *off = 9;
      return MIKEY_E_BAD_VALUE;
    }
    return 0;
  case MIKEY_DT_TRANSFER_INIT:
  case MIKEY_DT_TRANSFER_RESP:
    /* RFC 6043 6.1: the SRTP-ID map SHALL NOT be used */
    if (h->map_type == MIKEY_MAP_SRTP_ID) {
      *off = 9;
      return MIKEY_E_BAD_VALUE;
    }
    if (pskmime && h->data_type == MIKEY_DT_TRANSFER_INIT) {
      /* PROFILE.md section 4: exactly one GENERIC-ID crypto session */
      if (h->map_type != MIKEY_MAP_GENERIC_ID) {
        *off = 9;
        return MIKEY_E_BAD_VALUE;
      }
      if (h->n_cs != 1) {
        *off = 8;
        return MIKEY_E_BAD_COUNT;
      }
    }
    return 0;
  default:
    return 0;
  }
}

int mikey_msg_validate(mikey_msg *msg, unsigned flags) {
  if (!msg) {
    return MIKEY_E_INVAL;
  }
  int pskmime = (flags & MIKEY_VALIDATE_PSKMIME) != 0;
  size_t off = 0;
  int rc = check_hdr(&msg->hdr, pskmime, &off);
  if (rc) {
    msg->err_offset = off;
    msg->err_payload = MIKEY_PT_HDR;
    return rc;
  }
  const grammar *g = msg_grammar(msg->hdr.data_type, pskmime);
  if (!g) {
    return 0; /* RFC 3830 message types: no grammar beyond what decode checked */
  }
  size_t at = 0;
  int missing = MIKEY_PT_LAST;
  rc = check_grammar(g, msg->pl, msg->n, flags, &at, &missing);
  if (rc) {
    msg->err_offset = at < msg->n ? msg->pl[at].offset : msg->len;
    msg->err_payload = at < msg->n ? msg->pl[at].type : missing;
  }
  return rc;
}

int mikey_plist_validate(mikey_plist *list, int kind, unsigned flags) {
  static const grammar g_tp = G(tp_data), g_td = G(ticket_data), g_id = G(idata);
  const grammar *g;
  if (!list) {
    return MIKEY_E_INVAL;
  }
  switch (kind) {
  case MIKEY_LIST_TP_DATA:
    g = &g_tp;
    break;
  case MIKEY_LIST_TICKET_DATA:
    g = &g_td;
    break;
  case MIKEY_LIST_INITIATOR_DATA:
    g = &g_id;
    break;
  default:
    return MIKEY_E_INVAL;
  }
  size_t at = 0;
  int missing = MIKEY_PT_LAST;
  int rc = check_grammar(g, list->pl, list->n, flags, &at, &missing);
  if (rc) {
    list->err_offset = at < list->n ? list->pl[at].offset : list->len;
    list->err_payload = at < list->n ? list->pl[at].type : missing;
  }
  return rc;
}
