/*
 * codec_dump_test.c: text and JSON dumps: the fields by name, nested lists nested, key
 * material hidden unless asked for, well-formed JSON for any message, exact sizing into a
 * caller buffer, and a failing write callback stopping the dump.
 */
#include <stdlib.h>
#include <string.h>

#include <mikey/codec.h>

#include "codec_vectors.h"
#include "mikey_test.h"

/* --- a strict JSON syntax checker (RFC 8259), enough to prove the output parses --------- */

typedef struct {
  const char *p, *end;
  int depth;
} jp;

static int j_value(jp *j);

static void j_ws(jp *j) {
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')) {
    j->p++;
  }
}

static int j_lit(jp *j, const char *s) {
  size_t n = strlen(s);
  if ((size_t)(j->end - j->p) < n || memcmp(j->p, s, n) != 0) {
    return 0;
  }
  j->p += n;
  return 1;
}

static int j_string(jp *j) {
  if (j->p >= j->end || *j->p != '"') {
    return 0;
  }
  j->p++;
  while (j->p < j->end && *j->p != '"') {
    unsigned char c = (unsigned char)*j->p;
    if (c < 0x20) {
      return 0;
    }
    if (c == '\\') {
      j->p++;
      if (j->p >= j->end) {
        return 0;
      }
      if (*j->p == 'u') {
        for (int i = 0; i < 4; i++) {
          j->p++;
          if (j->p >= j->end || !strchr("0123456789abcdefABCDEF", *j->p)) {
            return 0;
          }
        }
      } else if (!strchr("\"\\/bfnrt", *j->p)) {
        return 0;
      }
    }
    j->p++;
  }
  if (j->p >= j->end) {
    return 0;
  }
  j->p++;
  return 1;
}

static int j_number(jp *j) {
  const char *s = j->p;
  if (j->p < j->end && *j->p == '-') {
    j->p++;
  }
  if (j->p >= j->end || *j->p < '0' || *j->p > '9') {
    return 0;
  }
  if (*j->p == '0' && j->p + 1 < j->end && j->p[1] >= '0' && j->p[1] <= '9') {
    return 0; /* no leading zeros */
  }
  while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
    j->p++;
  }
  return j->p > s;
}

static int j_container(jp *j, char close, int object) {
  j->p++;
  if (++j->depth > 64) {
    return 0;
  }
  j_ws(j);
  if (j->p < j->end && *j->p == close) {
    j->p++;
    j->depth--;
    return 1;
  }
  for (;;) {
    j_ws(j);
    if (object) {
      if (!j_string(j)) {
        return 0;
      }
      j_ws(j);
      if (j->p >= j->end || *j->p != ':') {
        return 0;
      }
      j->p++;
    }
    if (!j_value(j)) {
      return 0;
    }
    j_ws(j);
    if (j->p < j->end && *j->p == ',') {
      j->p++;
      continue;
    }
    if (j->p < j->end && *j->p == close) {
      j->p++;
      j->depth--;
      return 1;
    }
    return 0;
  }
}

static int j_value(jp *j) {
  j_ws(j);
  if (j->p >= j->end) {
    return 0;
  }
  switch (*j->p) {
  case '{':
    return j_container(j, '}', 1);
  case '[':
    return j_container(j, ']', 0);
  case '"':
    return j_string(j);
  case 't':
    return j_lit(j, "true");
  case 'f':
    return j_lit(j, "false");
  case 'n':
    return j_lit(j, "null");
  default:
    return j_number(j);
  }
}

static int json_ok(const char *s, size_t n) {
  jp j = {s, s + n, 0};
  if (!j_value(&j)) {
    return 0;
  }
  j_ws(&j);
  return j.p == j.end;
}

/* --- helpers ------------------------------------------------------------------------- */

static uint8_t ri[512], ti[512];
static size_t ri_len, ti_len;

static void load(mikey_msg *m, int which) {
  ri_len = vec_bytes(vec_request_init_psk, ri, sizeof(ri));
  ti_len = vec_bytes(vec_transfer_init, ti, sizeof(ti));
  ck_assert_int_eq(which ? mikey_msg_decode(m, ti, ti_len) : mikey_msg_decode(m, ri, ri_len),
                   0);
}

/* dump returns a malloc'd NUL-terminated dump of |m|, sized with a first call. */
static char *dump(const mikey_msg *m, unsigned flags, size_t *len) {
  size_t need;
  ck_assert_int_eq(mikey_msg_dump_buf(m, flags, NULL, 0, &need), MIKEY_E_BUFFER_TOO_SMALL);
  char *s = malloc(need + 1);
  ck_assert_ptr_nonnull(s);
  ck_assert_int_eq(mikey_msg_dump_buf(m, flags, s, need + 1, len), 0);
  ck_assert_uint_eq(*len, need);
  ck_assert_uint_eq(strlen(s), need);
  return s;
}

#define ck_assert_contains(hay, needle)                                                        \
  ck_assert_msg(strstr((hay), (needle)) != NULL, "missing: %s", (needle))

/* --- tests --------------------------------------------------------------------------- */

START_TEST(text_dump_shows_every_payload_by_name) {
  mikey_msg m;
  size_t len;
  load(&m, 1);
  char *s = dump(&m, 0, &len);
  ck_assert_contains(s, "MIKEY message TRANSFER_INIT (14), 389 bytes\n");
  ck_assert_contains(s, "HDR (type -1) at 0, 20 bytes\n");
  ck_assert_contains(s, "    map_type: 2 (GENERIC-ID)\n");
  ck_assert_contains(s, "        spi: [4] 0a0b0c0d\n");
  ck_assert_contains(s, "T (type 5) at 20, 10 bytes\n");
  ck_assert_contains(s, "    value_hex: e94b3c2d80000000\n");
  ck_assert_contains(s, "    role: 1 (RANDRi)\n");
  ck_assert_contains(s, "    data: [18] \"sip:alice@ims.test\"\n");
  ck_assert_contains(s, "TICKET (type 17) at 93, 242 bytes\n");
  ck_assert_contains(s, "    flags_text: DEHJNO\n");
  /* nested: TP Data and Ticket Data, with offsets counted from the message start */
  ck_assert_contains(s, "        IDR (type 14) at 104, 17 bytes\n");
  ck_assert_contains(s, "          data: [8] \"PSK/MIME\"\n");
  ck_assert_contains(s, "        THDR (type -2) at 194, 9 bytes\n");
  ck_assert_contains(s, "          mac_offset: 301\n");
  ck_assert_contains(s, "GEXT (type 21) at 335, 20 bytes\n");
  ck_assert_contains(s, "V (type 9) at 355, 34 bytes\n");
  ck_assert_contains(s, "    mac_offset: 357\n");
  free(s);
}
END_TEST

START_TEST(json_dump_parses_and_names_fields) {
  mikey_msg m;
  size_t len;
  load(&m, 1);
  char *s = dump(&m, MIKEY_DUMP_JSON, &len);
  ck_assert_msg(json_ok(s, len), "JSON does not parse:\n%s", s);
  ck_assert_contains(s, "{\"length\":389,\"data_type\":14,\"data_type_name\":\"TRANSFER_INIT\","
                        "\"payloads\":[{\"type\":-1,\"name\":\"HDR\",\"offset\":0,\"length\":20,");
  ck_assert_contains(s, "\"cs\":[{\"cs_id\":1,\"prot_type\":241,");
  ck_assert_contains(s, "\"spi\":\"0a0b0c0d\"");
  ck_assert_contains(s, "{\"type\":17,\"name\":\"TICKET\",\"offset\":93,\"length\":242,"
                        "\"ticket_type\":2,\"ticket_type_name\":\"3GPP Base Ticket\"");
  ck_assert_contains(s, "\"tp_data\":{\"length\":89,\"payloads\":[{\"type\":14,\"name\":\"IDR\","
                        "\"offset\":104");
  ck_assert_contains(s, "\"data\":\"50534b2f4d494d45\",\"data_text\":\"PSK/MIME\"");
  ck_assert_contains(s, "\"ticket_data\":{\"length\":139,\"payloads\":[{\"type\":-2,"
                        "\"name\":\"THDR\",\"offset\":194,\"length\":9,\"data\":\"001122334455\"}");
  ck_assert_contains(s, "\"initiator_data_len_offset\":333,\"initiator_data_offset\":335,"
                        "\"initiator_data\":{\"length\":0,\"payloads\":[]}");
  ck_assert_contains(s, "{\"type\":9,\"name\":\"V\",\"offset\":355,\"length\":34,\"mac_alg\":2");
  ck_assert_int_eq(s[len - 1], '\n');
  free(s);
}
END_TEST

START_TEST(key_material_is_hidden_unless_asked_for) {
  mikey_msg m;
  size_t len;
  load(&m, 0);
  char *s = dump(&m, MIKEY_DUMP_JSON, &len);
  ck_assert(json_ok(s, len));
  ck_assert_contains(s, "\"key_data\":{\"length\":25,\"keys\":[{\"type\":20,\"name\":\"KEYDATA\","
                        "\"offset\":131,\"length\":25,\"key_type\":0,\"key_type_name\":\"TGK\","
                        "\"key\":null,\"key_length\":16,\"kv\":1,\"kv_name\":\"SPI\","
                        "\"spi\":\"0000002a\"}]}");
  free(s);
  s = dump(&m, MIKEY_DUMP_JSON | MIKEY_DUMP_SECRETS, &len);
  ck_assert(json_ok(s, len));
  ck_assert_contains(s, "\"key\":\"00000000000000000000000000000000\"");
  free(s);
  s = dump(&m, 0, &len);
  ck_assert_contains(s, "key: [16] (hidden)\n");
  free(s);
}
END_TEST

START_TEST(flat_dump_leaves_nested_lists_as_hex) {
  mikey_msg m;
  size_t len;
  load(&m, 1);
  char *s = dump(&m, MIKEY_DUMP_JSON | MIKEY_DUMP_FLAT, &len);
  ck_assert(json_ok(s, len));
  ck_assert_contains(s, "\"tp_data\":\"0e0e0301000c6b6d73");
  ck_assert_contains(s, "\"ticket_data\":\"05000600112233445");
  ck_assert_ptr_null(strstr(s, "THDR"));
  free(s);
}
END_TEST

/* A nested list that does not decode is shown as its refusal and its bytes. */
START_TEST(broken_nested_list_is_shown_with_its_refusal) {
  mikey_msg m;
  size_t len;
  load(&m, 0);
  ri[89] = 0x63; /* First Payload of TP Data: unknown type 99 */
  ck_assert_int_eq(mikey_msg_decode(&m, ri, ri_len), 0);
  char *s = dump(&m, MIKEY_DUMP_JSON, &len);
  ck_assert(json_ok(s, len));
  ck_assert_contains(s, "\"tp_data\":{\"length\":102,\"error\":\"MIKEY_E_UNKNOWN_PAYLOAD\","
                        "\"error_offset\":90,\"error_payload\":99,\"hex\":\"630d01");
  free(s);
  s = dump(&m, 0, &len);
  ck_assert_contains(s, "(not decoded: unknown payload type at 90)\n");
  free(s);
}
END_TEST

/* Identities are bytes: quotes, backslashes and control bytes must not break the JSON. */
START_TEST(json_escapes_identity_text) {
  static const uint8_t idq[] = "a\"b\\c/d";
  static const uint8_t idc[] = {'a', 0x01, 'b'};
  mikey_msg b, m;
  uint8_t buf[128];
  size_t len;
  mikey_msg_init(&b, MIKEY_DT_ERROR);
  b.hdr.map_type = MIKEY_MAP_EMPTY;
  mikey_payload *p = mikey_msg_add(&b, MIKEY_PT_IDR);
  p->u.id.data = (mikey_bytes){idq, 7};
  p = mikey_msg_add(&b, MIKEY_PT_ID);
  p->u.id.data = (mikey_bytes){idc, 3};
  ck_assert_int_eq(mikey_msg_encode(&b, buf, sizeof(buf), &len), 0);
  ck_assert_int_eq(mikey_msg_decode(&m, buf, len), 0);
  char *s = dump(&m, MIKEY_DUMP_JSON, &len);
  ck_assert_msg(json_ok(s, len), "%s", s);
  ck_assert_contains(s, "\"data_text\":\"a\\\"b\\\\c/d\"");
  ck_assert_contains(s, "\"data\":\"610162\"}");
  free(s);
}
END_TEST

/* TP inside TP Data inside TP Data ...: nesting stops at three lists, then hex. */
START_TEST(deep_nesting_is_bounded) {
  uint8_t lvl[8][256];
  size_t lens[8];
  /* innermost TP Data: one RAND */
  mikey_plist l;
  mikey_plist_init(&l);
  mikey_plist_add(&l, MIKEY_PT_RAND);
  ck_assert_int_eq(mikey_tp_data_encode(&l, lvl[0], sizeof(lvl[0]), &lens[0]), 0);
  for (size_t i = 1; i < 8; i++) {
    mikey_plist_init(&l);
    mikey_payload *p = mikey_plist_add(&l, MIKEY_PT_TP);
    p->u.tp.tp_data = (mikey_bytes){lvl[i - 1], lens[i - 1]};
    ck_assert_int_eq(mikey_tp_data_encode(&l, lvl[i], sizeof(lvl[i]), &lens[i]), 0);
  }
  mikey_msg b, m;
  uint8_t buf[512];
  size_t len;
  mikey_msg_init(&b, MIKEY_DT_REQUEST_INIT_PSK);
  b.hdr.map_type = MIKEY_MAP_EMPTY;
  mikey_msg_add(&b, MIKEY_PT_TP)->u.tp.tp_data = (mikey_bytes){lvl[7], lens[7]};
  ck_assert_int_eq(mikey_msg_encode(&b, buf, sizeof(buf), &len), 0);
  ck_assert_int_eq(mikey_msg_decode(&m, buf, len), 0);
  char *s = dump(&m, MIKEY_DUMP_JSON, &len);
  ck_assert(json_ok(s, len));
  /* three decoded TP Data objects, then a hex string */
  size_t objs = 0;
  for (const char *q = s; (q = strstr(q, "\"tp_data\":{")) != NULL; q++) {
    objs++;
  }
  ck_assert_uint_eq(objs, 3);
  ck_assert_contains(s, "\"tp_data\":\"10");
  free(s);
  s = dump(&m, 0, &len);
  free(s);
}
END_TEST

START_TEST(dump_buf_sizing_and_short_buffers) {
  mikey_msg m;
  size_t len, len2;
  load(&m, 1);
  char *s = dump(&m, 0, &len);
  char *t = malloc(len + 1);
  ck_assert_ptr_nonnull(t);
  memset(t, 'x', len + 1);
  ck_assert_int_eq(mikey_msg_dump_buf(&m, 0, t, len, &len2), MIKEY_E_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(len2, len);
  ck_assert_int_eq(t[0], 0);
  ck_assert_int_eq(mikey_msg_dump_buf(&m, 0, t, len + 1, &len2), 0);
  ck_assert_str_eq(t, s);
  ck_assert_int_eq(mikey_msg_dump_buf(NULL, 0, t, len + 1, &len2), MIKEY_E_INVAL);
  free(t);
  free(s);
}
END_TEST

typedef struct {
  size_t calls, fail_at;
} failing;

static int failing_write(void *ctx, const char *s, size_t n) {
  failing *f = ctx;
  (void)s;
  (void)n;
  f->calls++;
  return f->calls >= f->fail_at ? -1 : 0;
}

START_TEST(a_failing_callback_stops_the_dump) {
  mikey_msg m;
  load(&m, 1);
  for (size_t at = 1; at < 40; at++) {
    failing f = {0, at};
    ck_assert_int_eq(mikey_msg_dump(&m, MIKEY_DUMP_JSON, failing_write, &f), MIKEY_E_CALLBACK);
    ck_assert_uint_eq(f.calls, at);
  }
  failing f = {0, (size_t)-1};
  ck_assert_int_eq(mikey_msg_dump(&m, 0, failing_write, &f), 0);
  ck_assert_uint_gt(f.calls, 100);
  ck_assert_int_eq(mikey_msg_dump(&m, 0, NULL, &f), MIKEY_E_INVAL);
}
END_TEST

typedef struct {
  char buf[4096];
  size_t len;
} sink;

static int sink_write(void *ctx, const char *s, size_t n) {
  sink *k = ctx;
  ck_assert_uint_lt(k->len + n, sizeof(k->buf));
  memcpy(k->buf + k->len, s, n);
  k->len += n;
  k->buf[k->len] = 0;
  return 0;
}

START_TEST(nested_list_and_key_dumps) {
  mikey_msg m;
  mikey_plist l;
  mikey_keydata_list kl;
  load(&m, 1);
  const mikey_ticket *t = &m.pl[4].u.ticket;
  ck_assert_int_eq(mikey_ticket_data_decode(&l, t->ticket_data.data, t->ticket_data.len), 0);
  sink k = {{0}, 0};
  ck_assert_int_eq(mikey_plist_dump(&l, MIKEY_LIST_TICKET_DATA, MIKEY_DUMP_JSON, sink_write, &k),
                   0);
  ck_assert(json_ok(k.buf, k.len));
  ck_assert_contains(k.buf, "{\"length\":139,\"payloads\":[{\"type\":-2,\"name\":\"THDR\","
                            "\"offset\":0,");
  ck_assert_int_eq(mikey_plist_dump(&l, 7, 0, sink_write, &k), MIKEY_E_INVAL);

  load(&m, 0);
  const mikey_tp *tp = &m.pl[4].u.tp;
  ck_assert_int_eq(mikey_tp_data_decode(&l, tp->tp_data.data, tp->tp_data.len), 0);
  const mikey_kemac *km = &l.pl[3].u.kemac;
  ck_assert_int_eq(mikey_keydata_decode(&kl, km->encr_data.data, km->encr_data.len, 0), 0);
  k.len = 0;
  ck_assert_int_eq(mikey_keydata_dump(&kl, 0, sink_write, &k), 0);
  ck_assert_contains(k.buf, "KEYDATA (type 20) at 0, 25 bytes\n");
  ck_assert_contains(k.buf, "key: [16] (hidden)\n");
  ck_assert_contains(k.buf, "spi: [4] 0000002a\n");
}
END_TEST

static Suite *dump_suite(void) {
  Suite *s = suite_create("codec dump");
  TCase *tc = tcase_create("dump");
  tcase_add_test(tc, text_dump_shows_every_payload_by_name);
  tcase_add_test(tc, json_dump_parses_and_names_fields);
  tcase_add_test(tc, key_material_is_hidden_unless_asked_for);
  tcase_add_test(tc, flat_dump_leaves_nested_lists_as_hex);
  tcase_add_test(tc, broken_nested_list_is_shown_with_its_refusal);
  tcase_add_test(tc, json_escapes_identity_text);
  tcase_add_test(tc, deep_nesting_is_bounded);
  tcase_add_test(tc, dump_buf_sizing_and_short_buffers);
  tcase_add_test(tc, a_failing_callback_stops_the_dump);
  tcase_add_test(tc, nested_list_and_key_dumps);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(dump_suite()); }
