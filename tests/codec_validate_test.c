/*
 * codec_validate_test.c: message grammars of RFC 6043 4.2 and 5.4 (and PROFILE.md sections
 * 2, 4, 5) for every MIKEY-TICKET message type and Error: each required payload missing, each
 * pair out of order, each payload after the last, each single payload twice.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/codec.h>

#include "codec_vectors.h"
#include "mikey_test.h"

#define MAXTOK 16

static const uint8_t bytes32[32] = {1, 2, 3};

/* tok_payload fills |p| for the token |t| ("T", "RANDRi", "IDRkms", "V", ...) with small
 * valid fields. */
static void tok_payload(mikey_payload *p, const char *t) {
  static const struct {
    const char *name;
    int type, role;
  } map[] = {{"T", MIKEY_PT_T, 0},
             {"RANDRi", MIKEY_PT_RANDR, MIKEY_RAND_I},
             {"RANDRr", MIKEY_PT_RANDR, MIKEY_RAND_R},
             {"RANDRkms", MIKEY_PT_RANDR, MIKEY_RAND_KMS},
             {"IDRi", MIKEY_PT_IDR, MIKEY_ROLE_I},
             {"IDRr", MIKEY_PT_IDR, MIKEY_ROLE_R},
             {"IDRkms", MIKEY_PT_IDR, MIKEY_ROLE_KMS},
             {"IDRpsk", MIKEY_PT_IDR, MIKEY_ROLE_PSK},
             {"IDRapp", MIKEY_PT_IDR, MIKEY_ROLE_APP},
             {"TRs", MIKEY_PT_TR, MIKEY_TR_START},
             {"TRe", MIKEY_PT_TR, MIKEY_TR_END},
             {"TRr", MIKEY_PT_TR, MIKEY_TR_REKEY},
             {"TP", MIKEY_PT_TP, 0},
             {"TICKET", MIKEY_PT_TICKET, 0},
             {"KEMAC", MIKEY_PT_KEMAC, 0},
             {"V", MIKEY_PT_V, 0},
             {"SIGN", MIKEY_PT_SIGN, 0},
             {"CERT", MIKEY_PT_CERT, 0},
             {"CHASH", MIKEY_PT_CHASH, 0},
             {"PKE", MIKEY_PT_PKE, 0},
             {"SP", MIKEY_PT_SP, 0},
             {"ERR", MIKEY_PT_ERR, 0},
             {"GEXT", MIKEY_PT_GEXT, 0},
             {"RAND", MIKEY_PT_RAND, 0},
             {"ID", MIKEY_PT_ID, 0},
             {"THDR", MIKEY_PT_THDR, 0}};
  memset(p, 0, sizeof(*p));
  for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
    if (strcmp(map[i].name, t) == 0) {
      p->type = map[i].type;
      switch (p->type) {
      case MIKEY_PT_RANDR:
        p->u.rand.role = (uint8_t)map[i].role;
        p->u.rand.rand = (mikey_bytes){bytes32, 16};
        break;
      case MIKEY_PT_RAND:
        p->u.rand.rand = (mikey_bytes){bytes32, 16};
        break;
      case MIKEY_PT_IDR:
        p->u.id.role = (uint8_t)map[i].role;
        p->u.id.data = (mikey_bytes){bytes32, 4};
        break;
      case MIKEY_PT_TR:
        p->u.t.role = (uint8_t)map[i].role;
        p->u.t.ts_type = MIKEY_TS_NTP_UTC_32;
        break;
      case MIKEY_PT_CHASH:
        p->u.chash.hash = (mikey_bytes){bytes32, 20};
        break;
      case MIKEY_PT_ERR:
        p->u.err.error_no = MIKEY_ERRNO_UNSPECIFIED;
        break;
      case MIKEY_PT_V:
        p->u.v.alg = MIKEY_MAC_HMAC_SHA_256_256;
        p->u.v.mac = (mikey_bytes){bytes32, 32};
        break;
      default:
        break;
      }
      return;
    }
  }
  ck_abort_msg("unknown token %s", t);
}

/* split cuts |spec| into at most MAXTOK tokens. */
static size_t split(const char *spec, char tok[MAXTOK][12]) {
  size_t n = 0;
  while (*spec) {
    while (*spec == ' ') {
      spec++;
    }
    if (!*spec) {
      break;
    }
    size_t k = 0;
    while (spec[k] && spec[k] != ' ') {
      k++;
    }
    ck_assert_uint_lt(n, MAXTOK);
    ck_assert_uint_lt(k, 12);
    memcpy(tok[n], spec, k);
    tok[n][k] = 0;
    n++;
    spec += k;
  }
  return n;
}

/* build encodes a message of data type |dt| with the payloads |tok| into |buf| and decodes it
 * again into |m|, so that validation sees what a receiver sees. */
static void build(mikey_msg *m, uint8_t *buf, size_t cap, uint8_t dt, char tok[][12],
                  size_t n) {
  static const uint8_t spi[4] = {1, 2, 3, 4};
  mikey_msg b;
  size_t len;
  mikey_msg_init(&b, dt);
  b.hdr.map_type = MIKEY_MAP_EMPTY;
  if (dt == MIKEY_DT_TRANSFER_INIT || dt == MIKEY_DT_TRANSFER_RESP) {
    b.hdr.map_type = MIKEY_MAP_GENERIC_ID;
    b.hdr.n_cs = 1;
    b.hdr.cs[0].cs_id = 1;
    b.hdr.cs[0].prot_type = MIKEY_PROT_PSKMIME_DEFAULT;
    b.hdr.cs[0].spi = (mikey_bytes){spi, 4};
  }
  for (size_t i = 0; i < n; i++) {
    tok_payload(mikey_msg_add(&b, 0), tok[i]);
  }
  ck_assert_int_eq(mikey_msg_encode(&b, buf, cap, &len), 0);
  ck_assert_int_eq(mikey_msg_decode(m, buf, len), 0);
}

/* validate_spec builds and validates a message. A SIGN payload has no Next Payload field, so
 * a message with anything after its SIGN cannot even be encoded: for those the encoder's
 * refusal is checked and MIKEY_E_AFTER_LAST returned, as validation would for a V. */
static int validate_spec(uint8_t dt, char tok[][12], size_t n, unsigned flags,
                         mikey_msg *m) {
  static uint8_t buf[2048];
  for (size_t i = 0; i + 1 < n; i++) {
    if (strcmp(tok[i], "SIGN") == 0) {
      mikey_msg b;
      size_t len;
      mikey_msg_init(&b, dt);
      b.hdr.map_type = MIKEY_MAP_EMPTY;
      for (size_t j = 0; j < n; j++) {
        tok_payload(mikey_msg_add(&b, 0), tok[j]);
      }
      ck_assert_int_eq(mikey_msg_encode(&b, buf, sizeof(buf), &len), MIKEY_E_INVAL);
      ck_assert_int_eq(b.err_payload, MIKEY_PT_SIGN);
      ck_assert_uint_eq(b.err_offset, i);
      m->n = n;
      for (size_t j = 0; j < n; j++) {
        m->pl[j].offset = j; /* stands for the payload's position in the checks */
      }
      m->err_offset = i + 1;
      return MIKEY_E_AFTER_LAST;
    }
  }
  build(m, buf, sizeof(buf), dt, tok, n);
  return mikey_msg_validate(m, flags);
}

static int pt_of(const char *t) {
  mikey_payload p;
  tok_payload(&p, t);
  return p.type;
}

static const struct {
  uint8_t dt;
  const char *full;     /* every payload the grammar lists, in order */
  const char *required; /* only the required ones */
} types[] = {
    {MIKEY_DT_REQUEST_INIT_PSK, "T RANDRi IDRi IDRkms TP IDRpsk V", "T RANDRi TP V"},
    {MIKEY_DT_REQUEST_INIT_PK, "T RANDRi IDRi CERT CERT IDRkms TP CHASH PKE SIGN",
     "T RANDRi TP PKE SIGN"},
    {MIKEY_DT_REQUEST_RESP, "T IDRkms TICKET KEMAC V", "T TICKET KEMAC V"},
    {MIKEY_DT_TRANSFER_INIT, "T RANDRi IDRi IDRr SP SP TICKET KEMAC V", "T RANDRi TICKET V"},
    {MIKEY_DT_TRANSFER_RESP, "T RANDRr IDRr RANDRkms SP KEMAC V", "T V"},
    {MIKEY_DT_RESOLVE_INIT_PSK, "T RANDRr IDRr IDRkms TICKET IDRpsk V", "T RANDRr TICKET V"},
    {MIKEY_DT_RESOLVE_INIT_PK, "T RANDRr IDRr CERT IDRkms TICKET CHASH PKE SIGN",
     "T RANDRr TICKET PKE SIGN"},
    {MIKEY_DT_RESOLVE_RESP, "T IDRkms KEMAC IDRr RANDRkms V", "T KEMAC V"},
    {MIKEY_DT_ERROR, "T ERR ERR SP V", "T ERR"},
};
#define N_TYPES (sizeof(types) / sizeof(types[0]))

START_TEST(full_and_minimal_messages_pass) {
  char tok[MAXTOK][12];
  mikey_msg m;
  size_t n = split(types[_i].full, tok);
  ck_assert_int_eq(validate_spec(types[_i].dt, tok, n, 0, &m), 0);
  ck_assert_int_eq(validate_spec(types[_i].dt, tok, n, MIKEY_VALIDATE_STRICT, &m), 0);
  n = split(types[_i].required, tok);
  ck_assert_int_eq(validate_spec(types[_i].dt, tok, n, MIKEY_VALIDATE_STRICT, &m), 0);
}
END_TEST

START_TEST(each_missing_required_payload) {
  char req[MAXTOK][12], full[MAXTOK][12], t[MAXTOK][12];
  size_t nr = split(types[_i].required, req), nf = split(types[_i].full, full);
  for (size_t r = 0; r < nr; r++) {
    size_t n = 0;
    for (size_t i = 0; i < nf; i++) {
      if (strcmp(full[i], req[r]) != 0) {
        memcpy(t[n++], full[i], 12);
      }
    }
    mikey_msg m;
    int rc = validate_spec(types[_i].dt, t, n, 0, &m);
    ck_assert_msg(rc == MIKEY_E_MISSING_PAYLOAD, "%s without %s: %s",
                  mikey_data_type_name(types[_i].dt), req[r], mikey_err_name(rc));
    ck_assert_int_eq(m.err_payload, pt_of(req[r]));
    ck_assert_uint_eq(m.err_offset, m.len);
  }
}
END_TEST

START_TEST(each_adjacent_pair_out_of_order) {
  char full[MAXTOK][12], t[MAXTOK][12];
  size_t nf = split(types[_i].full, full);
  for (size_t i = 0; i + 2 < nf; i++) { /* pairs before the last payload */
    if (strcmp(full[i], full[i + 1]) == 0) {
      continue;
    }
    memcpy(t, full, sizeof(full));
    memcpy(t[i], full[i + 1], 12);
    memcpy(t[i + 1], full[i], 12);
    mikey_msg m;
    int rc = validate_spec(types[_i].dt, t, nf, 0, &m);
    ck_assert_msg(rc == MIKEY_E_PAYLOAD_ORDER, "%s with %s before %s: %s",
                  mikey_data_type_name(types[_i].dt), full[i + 1], full[i],
                  mikey_err_name(rc));
    ck_assert_uint_eq(m.err_offset, m.pl[i + 1].offset);
    ck_assert_int_eq(m.err_payload, pt_of(full[i]));
  }
}
END_TEST

START_TEST(anything_after_the_last_payload) {
  char full[MAXTOK][12];
  static const char *const extra[] = {"T", "GEXT", "V", "RAND"};
  for (size_t e = 0; e < 4; e++) {
    size_t nf = split(types[_i].full, full);
    strcpy(full[nf++], extra[e]);
    mikey_msg m;
    int rc = validate_spec(types[_i].dt, full, nf, 0, &m);
    ck_assert_msg(rc == MIKEY_E_AFTER_LAST, "%s then %s: %s", mikey_data_type_name(types[_i].dt),
                  extra[e], mikey_err_name(rc));
    ck_assert_uint_eq(m.err_offset, m.pl[nf - 1].offset);
  }
  /* the last two swapped: the V (or SIGN) is no longer last */
  size_t nf = split(types[_i].full, full);
  char tmp[12];
  memcpy(tmp, full[nf - 1], 12);
  memcpy(full[nf - 1], full[nf - 2], 12);
  memcpy(full[nf - 2], tmp, 12);
  mikey_msg m;
  ck_assert_int_eq(validate_spec(types[_i].dt, full, nf, 0, &m), MIKEY_E_AFTER_LAST);
}
END_TEST

START_TEST(each_single_payload_twice) {
  char full[MAXTOK][12], t[MAXTOK][12];
  size_t nf = split(types[_i].full, full);
  for (size_t i = 0; i < nf; i++) {
    /* repeatable ones: CERT, SP, ERR */
    if (!strcmp(full[i], "CERT") || !strcmp(full[i], "SP") || !strcmp(full[i], "ERR")) {
      continue;
    }
    size_t n = 0;
    for (size_t j = 0; j < nf; j++) {
      memcpy(t[n++], full[j], 12);
      if (j == i) {
        memcpy(t[n++], full[j], 12);
      }
    }
    mikey_msg m;
    int rc = validate_spec(types[_i].dt, t, n, 0, &m);
    int want = i == nf - 1 ? MIKEY_E_AFTER_LAST : MIKEY_E_DUPLICATE;
    ck_assert_msg(rc == want, "%s with %s twice: %s", mikey_data_type_name(types[_i].dt),
                  full[i], mikey_err_name(rc));
    ck_assert_uint_eq(m.err_offset, m.pl[i + 1].offset);
  }
}
END_TEST

START_TEST(unlisted_payloads_are_ignored_unless_strict) {
  char full[MAXTOK][12], t[MAXTOK][12];
  size_t nf = split(types[_i].full, full);
  static const char *const extra[] = {"RAND", "ID", "GEXT"};
  for (size_t e = 0; e < 3; e++) {
    size_t n = 0;
    for (size_t j = 0; j < nf; j++) {
      memcpy(t[n++], full[j], 12);
      if (j == 0) {
        strcpy(t[n++], extra[e]);
      }
    }
    mikey_msg m;
    ck_assert_int_eq(validate_spec(types[_i].dt, t, n, 0, &m), 0);
    int want = e == 2 ? 0 : MIKEY_E_UNEXPECTED_PAYLOAD; /* GEXT may stand anywhere */
    ck_assert_int_eq(validate_spec(types[_i].dt, t, n, MIKEY_VALIDATE_STRICT, &m), want);
    if (want) {
      ck_assert_uint_eq(m.err_offset, m.pl[1].offset);
    }
  }
}
END_TEST

/* A RANDR or IDR with the wrong role is not the payload the grammar asks for. */
START_TEST(roles_matter) {
  char t[MAXTOK][12];
  mikey_msg m;
  size_t n = split("T RANDRr TP V", t);
  ck_assert_int_eq(validate_spec(MIKEY_DT_REQUEST_INIT_PSK, t, n, 0, &m),
                   MIKEY_E_MISSING_PAYLOAD);
  ck_assert_int_eq(m.err_payload, MIKEY_PT_RANDR);
  ck_assert_int_eq(validate_spec(MIKEY_DT_REQUEST_INIT_PSK, t, n, MIKEY_VALIDATE_STRICT, &m),
                   MIKEY_E_UNEXPECTED_PAYLOAD);
  n = split("T RANDRi IDRkms IDRi TP V", t);
  ck_assert_int_eq(validate_spec(MIKEY_DT_REQUEST_INIT_PSK, t, n, 0, &m),
                   MIKEY_E_PAYLOAD_ORDER);
  ck_assert_uint_eq(m.err_offset, m.pl[3].offset);
  n = split("T RANDRi IDRr TP V", t);
  ck_assert_int_eq(validate_spec(MIKEY_DT_REQUEST_INIT_PSK, t, n, 0, &m), 0);
}
END_TEST

START_TEST(error_message_grammar) {
  char t[MAXTOK][12];
  mikey_msg m;
  static const struct {
    const char *spec;
    int rc;
  } c[] = {
      {"T ERR", 0},
      {"T ERR SIGN", 0},
      {"T ERR ERR SP SP V", 0},
      {"T V", MIKEY_E_MISSING_PAYLOAD},
      {"T ERR V SIGN", MIKEY_E_AFTER_LAST},
      {"T ERR SIGN", 0},
      {"T SP ERR", MIKEY_E_PAYLOAD_ORDER},
      {"ERR T", MIKEY_E_PAYLOAD_ORDER},
      {"T T ERR", MIKEY_E_DUPLICATE},
  };
  for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
    size_t n = split(c[i].spec, t);
    int rc = validate_spec(MIKEY_DT_ERROR, t, n, 0, &m);
    ck_assert_msg(rc == c[i].rc, "%s: %s", c[i].spec, mikey_err_name(rc));
  }
}
END_TEST

START_TEST(hdr_rules) {
  char t[MAXTOK][12];
  uint8_t buf[256];
  size_t n = split("T RANDRi TP V", t);
  mikey_msg m;
  build(&m, buf, sizeof(buf), MIKEY_DT_REQUEST_INIT_PSK, t, n);
  ck_assert_int_eq(mikey_msg_validate(&m, 0), 0);
  /* RFC 6043 4.2.1.1: #CS 0 and the Empty map */
  m.hdr.map_type = MIKEY_MAP_GENERIC_ID;
  ck_assert_int_eq(mikey_msg_validate(&m, 0), MIKEY_E_BAD_VALUE);
  ck_assert_int_eq(m.err_payload, MIKEY_PT_HDR);
  ck_assert_uint_eq(m.err_offset, 9);
  m.hdr.n_cs = 1;
  ck_assert_int_eq(mikey_msg_validate(&m, 0), MIKEY_E_BAD_COUNT);
  ck_assert_uint_eq(m.err_offset, 8);
  /* RFC 6043 6.1: no SRTP-ID map in the Ticket Transfer exchange */
  n = split("T RANDRi TICKET V", t);
  build(&m, buf, sizeof(buf), MIKEY_DT_TRANSFER_INIT, t, n);
  ck_assert_int_eq(mikey_msg_validate(&m, MIKEY_VALIDATE_PSKMIME), MIKEY_E_MISSING_PAYLOAD);
  ck_assert_int_eq(mikey_msg_validate(&m, 0), 0);
  m.hdr.map_type = MIKEY_MAP_SRTP_ID;
  ck_assert_int_eq(mikey_msg_validate(&m, 0), MIKEY_E_BAD_VALUE);
  m.hdr.map_type = MIKEY_MAP_EMPTY;
  m.hdr.n_cs = 0;
  ck_assert_int_eq(mikey_msg_validate(&m, 0), 0);
  ck_assert_int_eq(mikey_msg_validate(&m, MIKEY_VALIDATE_PSKMIME), MIKEY_E_BAD_VALUE);
  m.hdr.map_type = MIKEY_MAP_GENERIC_ID;
  ck_assert_int_eq(mikey_msg_validate(&m, MIKEY_VALIDATE_PSKMIME), MIKEY_E_BAD_COUNT);
  /* data types of RFC 3830 have no grammar here */
  n = split("RAND T", t);
  build(&m, buf, sizeof(buf), MIKEY_DT_PSK_INIT, t, n);
  ck_assert_int_eq(mikey_msg_validate(&m, MIKEY_VALIDATE_STRICT), 0);
  ck_assert_int_eq(mikey_msg_validate(NULL, 0), MIKEY_E_INVAL);
}
END_TEST

START_TEST(pskmime_profile) {
  char t[MAXTOK][12];
  mikey_msg m;
  static const struct {
    uint8_t dt;
    const char *spec;
    int generic, pskmime;
  } c[] = {
      {MIKEY_DT_REQUEST_INIT_PSK, "T RANDRi IDRi IDRkms TP IDRpsk V", 0, 0},
      {MIKEY_DT_REQUEST_INIT_PSK, "T RANDRi IDRkms TP IDRpsk V", 0, MIKEY_E_MISSING_PAYLOAD},
      {MIKEY_DT_REQUEST_INIT_PSK, "T RANDRi IDRi IDRkms TP V", 0, MIKEY_E_MISSING_PAYLOAD},
      {MIKEY_DT_REQUEST_RESP, "T IDRkms TICKET KEMAC V", 0, 0},
      {MIKEY_DT_REQUEST_RESP, "T TICKET KEMAC V", 0, MIKEY_E_MISSING_PAYLOAD},
      {MIKEY_DT_TRANSFER_INIT, "T RANDRi IDRi IDRr TICKET GEXT V", 0, 0},
      {MIKEY_DT_TRANSFER_INIT, "T RANDRi IDRi TICKET V", 0, MIKEY_E_MISSING_PAYLOAD},
      {MIKEY_DT_TRANSFER_INIT, "T RANDRi IDRi IDRr SP TICKET V", 0, MIKEY_E_UNEXPECTED_PAYLOAD},
      {MIKEY_DT_TRANSFER_INIT, "T RANDRi IDRi IDRr TICKET KEMAC V", 0,
       MIKEY_E_UNEXPECTED_PAYLOAD},
      {MIKEY_DT_RESOLVE_INIT_PSK, "T RANDRr IDRr IDRkms TICKET IDRpsk V", 0, 0},
      {MIKEY_DT_RESOLVE_INIT_PSK, "T RANDRr IDRr TICKET IDRpsk V", 0, MIKEY_E_MISSING_PAYLOAD},
      {MIKEY_DT_RESOLVE_RESP, "T IDRkms KEMAC V", 0, 0},
      {MIKEY_DT_RESOLVE_RESP, "T KEMAC IDRr RANDRkms V", 0, MIKEY_E_MISSING_PAYLOAD},
  };
  for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
    size_t n = split(c[i].spec, t);
    ck_assert_int_eq(validate_spec(c[i].dt, t, n, 0, &m), c[i].generic);
    int rc = validate_spec(c[i].dt, t, n, MIKEY_VALIDATE_PSKMIME, &m);
    ck_assert_msg(rc == c[i].pskmime, "%s %s: %s", mikey_data_type_name(c[i].dt), c[i].spec,
                  mikey_err_name(rc));
  }
}
END_TEST

/* The hand-built messages of PROFILE.md pass the profile, and so do their nested lists. */
START_TEST(hand_built_vectors_pass_the_profile) {
  uint8_t ri[512], ti[512];
  size_t ri_len = vec_bytes(vec_request_init_psk, ri, sizeof(ri));
  size_t ti_len = vec_bytes(vec_transfer_init, ti, sizeof(ti));
  mikey_msg m;
  mikey_plist l;
  ck_assert_int_eq(mikey_msg_decode(&m, ri, ri_len), 0);
  ck_assert_int_eq(mikey_msg_validate(&m, MIKEY_VALIDATE_PSKMIME | MIKEY_VALIDATE_STRICT), 0);
  const mikey_tp *tp = &m.pl[4].u.tp;
  ck_assert_int_eq(mikey_tp_data_decode(&l, tp->tp_data.data, tp->tp_data.len), 0);
  ck_assert_int_eq(mikey_plist_validate(&l, MIKEY_LIST_TP_DATA, MIKEY_VALIDATE_STRICT), 0);

  ck_assert_int_eq(mikey_msg_decode(&m, ti, ti_len), 0);
  ck_assert_int_eq(mikey_msg_validate(&m, MIKEY_VALIDATE_PSKMIME | MIKEY_VALIDATE_STRICT), 0);
  const mikey_ticket *tk = &m.pl[4].u.ticket;
  ck_assert_int_eq(mikey_tp_data_decode(&l, tk->tp.tp_data.data, tk->tp.tp_data.len), 0);
  ck_assert_int_eq(mikey_plist_validate(&l, MIKEY_LIST_TP_DATA, MIKEY_VALIDATE_STRICT), 0);
  ck_assert_int_eq(mikey_ticket_data_decode(&l, tk->ticket_data.data, tk->ticket_data.len), 0);
  ck_assert_int_eq(mikey_plist_validate(&l, MIKEY_LIST_TICKET_DATA, MIKEY_VALIDATE_STRICT), 0);
}
END_TEST

/* plist_spec builds a nested list from tokens, encodes and decodes it, and validates it. */
static int plist_spec(int kind, const char *spec, unsigned flags, mikey_plist *l) {
  static uint8_t buf[1024];
  char t[MAXTOK][12];
  size_t n = split(spec, t), len;
  mikey_plist b;
  mikey_plist_init(&b);
  for (size_t i = 0; i < n; i++) {
    tok_payload(mikey_plist_add(&b, 0), t[i]);
  }
  if (kind == MIKEY_LIST_TICKET_DATA) {
    ck_assert_int_eq(mikey_ticket_data_encode(&b, buf, sizeof(buf), &len), 0);
    ck_assert_int_eq(mikey_ticket_data_decode(l, buf, len), 0);
  } else {
    ck_assert_int_eq(mikey_tp_data_encode(&b, buf, sizeof(buf), &len), 0);
    ck_assert_int_eq(mikey_tp_data_decode(l, buf, len), 0);
  }
  return mikey_plist_validate(l, kind, flags);
}

START_TEST(nested_list_grammars) {
  mikey_plist l;
  static const struct {
    int kind;
    const char *spec;
    int rc;
  } c[] = {
      {MIKEY_LIST_TP_DATA, "IDRkms IDRi TRs TRe TRr KEMAC IDRapp IDRapp IDRr IDRr", 0},
      {MIKEY_LIST_TP_DATA, "IDRr", 0},
      {MIKEY_LIST_TP_DATA, "IDRi TRs", MIKEY_E_MISSING_PAYLOAD},
      {MIKEY_LIST_TP_DATA, "TRe TRs IDRr", MIKEY_E_PAYLOAD_ORDER},
      {MIKEY_LIST_TP_DATA, "IDRi IDRi IDRr", MIKEY_E_DUPLICATE},
      {MIKEY_LIST_TP_DATA, "IDRr IDRapp", MIKEY_E_PAYLOAD_ORDER},
      {MIKEY_LIST_TICKET_DATA, "THDR T RAND KEMAC IDRpsk V", 0},
      {MIKEY_LIST_TICKET_DATA, "THDR T RAND KEMAC V", 0},
      {MIKEY_LIST_TICKET_DATA, "THDR T KEMAC V", MIKEY_E_MISSING_PAYLOAD},
      {MIKEY_LIST_TICKET_DATA, "THDR T RAND KEMAC V IDRpsk", MIKEY_E_AFTER_LAST},
      {MIKEY_LIST_TICKET_DATA, "THDR RAND T KEMAC V", MIKEY_E_PAYLOAD_ORDER},
      {MIKEY_LIST_INITIATOR_DATA, "V V", 0},
      {MIKEY_LIST_INITIATOR_DATA, "V", MIKEY_E_MISSING_PAYLOAD},
      {MIKEY_LIST_INITIATOR_DATA, "V V V", MIKEY_E_AFTER_LAST},
  };
  for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
    int rc = plist_spec(c[i].kind, c[i].spec, 0, &l);
    ck_assert_msg(rc == c[i].rc, "%s: %s", c[i].spec, mikey_err_name(rc));
  }
  ck_assert_int_eq(plist_spec(MIKEY_LIST_TP_DATA, "IDRi RAND IDRr", 0, &l), 0);
  ck_assert_int_eq(plist_spec(MIKEY_LIST_TP_DATA, "IDRi RAND IDRr", MIKEY_VALIDATE_STRICT, &l),
                   MIKEY_E_UNEXPECTED_PAYLOAD);
  ck_assert_uint_eq(l.err_offset, l.pl[1].offset);
  ck_assert_int_eq(mikey_plist_validate(&l, 0, 0), MIKEY_E_INVAL);
}
END_TEST

static Suite *validate_suite(void) {
  Suite *s = suite_create("codec validation");
  TCase *tc = tcase_create("grammars");
  tcase_add_loop_test(tc, full_and_minimal_messages_pass, 0, N_TYPES);
  tcase_add_loop_test(tc, each_missing_required_payload, 0, N_TYPES);
  tcase_add_loop_test(tc, each_adjacent_pair_out_of_order, 0, N_TYPES);
  tcase_add_loop_test(tc, anything_after_the_last_payload, 0, N_TYPES);
  tcase_add_loop_test(tc, each_single_payload_twice, 0, N_TYPES);
  tcase_add_loop_test(tc, unlisted_payloads_are_ignored_unless_strict, 0, N_TYPES);
  tcase_add_test(tc, roles_matter);
  tcase_add_test(tc, error_message_grammar);
  tcase_add_test(tc, hdr_rules);
  tcase_add_test(tc, pskmime_profile);
  tcase_add_test(tc, hand_built_vectors_pass_the_profile);
  tcase_add_test(tc, nested_list_grammars);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(validate_suite()); }
