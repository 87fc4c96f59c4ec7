/*
 * decode_msg.c: libFuzzer harness for the codec. Every input is decoded as a message; one that
 * decodes is validated, dumped (text and JSON), and re-encoded, and the encoding must equal
 * the input byte for byte. Every nested list it carries is decoded, validated and re-encoded
 * the same way. The input is also fed straight to the nested-list decoders. Any broken
 * round trip aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/codec.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_bytes(void *ctx, const char *s, size_t n) {
  (void)s;
  *(size_t *)ctx += n;
  return 0;
}

static void fail(const char *what) {
  fprintf(stderr, "decode_msg: %s\n", what);
  abort();
}

/* same_bytes aborts unless encoding gave back exactly |b|. */
static void same_bytes(int rc, const uint8_t *out, size_t outlen, const uint8_t *b, size_t n,
                       const char *what) {
  if (rc != 0 || outlen != n || (n && memcmp(out, b, n) != 0)) {
    fail(what);
  }
}

static void nested_payloads(const mikey_payload *pl, size_t n, int depth);

/* list_roundtrip decodes |b| as a nested list of |kind|, and when it decodes re-encodes it
 * into a buffer of exactly its size. */
static void list_roundtrip(int kind, const uint8_t *b, size_t n, int depth) {
  mikey_plist *l = malloc(sizeof(*l));
  uint8_t *out = malloc(n ? n : 1);
  size_t outlen = 0;
  int rc;
  if (!l || !out) {
    fail("out of memory");
  }
  switch (kind) {
  case MIKEY_LIST_TP_DATA:
    rc = mikey_tp_data_decode(l, b, n);
    break;
  case MIKEY_LIST_TICKET_DATA:
    rc = mikey_ticket_data_decode(l, b, n);
    break;
  default:
    rc = mikey_initiator_data_decode(l, b, n);
    break;
  }
  if (rc == 0) {
    for (unsigned f = 0; f <= MIKEY_VALIDATE_STRICT; f++) {
      int vrc = mikey_plist_validate(l, kind, f);
      if (vrc > 0 || (vrc && l->err_offset > l->len)) {
        fail("list validation reported a place outside the list");
      }
    }
    size_t dumped = 0;
    if (mikey_plist_dump(l, kind, MIKEY_DUMP_JSON, count_bytes, &dumped) != 0) {
      fail("list dump failed");
    }
    if (depth < 3) {
      nested_payloads(l->pl, l->n, depth + 1);
    }
    switch (kind) {
    case MIKEY_LIST_TP_DATA:
      rc = mikey_tp_data_encode(l, out, n, &outlen);
      break;
    case MIKEY_LIST_TICKET_DATA:
      rc = mikey_ticket_data_encode(l, out, n, &outlen);
      break;
    default:
      rc = mikey_initiator_data_encode(l, out, n, &outlen);
      break;
    }
    same_bytes(rc, out, outlen, b, n, "nested list round trip");
  }
  free(out);
  free(l);
}

static void keydata_roundtrip(const uint8_t *b, size_t n, unsigned flags) {
  mikey_keydata_list *l = malloc(sizeof(*l));
  uint8_t *out = malloc(n ? n : 1);
  size_t outlen = 0;
  if (!l || !out) {
    fail("out of memory");
  }
  if (mikey_keydata_decode(l, b, n, flags) == 0) {
    size_t dumped = 0;
    if (mikey_keydata_dump(l, MIKEY_DUMP_SECRETS, count_bytes, &dumped) != 0) {
      fail("key data dump failed");
    }
    int rc = mikey_keydata_encode(l, out, n, &outlen);
    same_bytes(rc, out, outlen, b, n, "key data round trip");
  }
  free(out);
  free(l);
}

static void nested_payloads(const mikey_payload *pl, size_t n, int depth) {
  for (size_t i = 0; i < n; i++) {
    const mikey_payload *p = &pl[i];
    if (p->type == MIKEY_PT_TP || p->type == MIKEY_PT_TICKET) {
      const mikey_tp *tp = p->type == MIKEY_PT_TP ? &p->u.tp : &p->u.ticket.tp;
      list_roundtrip(MIKEY_LIST_TP_DATA, tp->tp_data.data, tp->tp_data.len, depth);
    }
    if (p->type == MIKEY_PT_TICKET) {
      const mikey_ticket *t = &p->u.ticket;
      list_roundtrip(MIKEY_LIST_TICKET_DATA, t->ticket_data.data, t->ticket_data.len, depth);
      list_roundtrip(MIKEY_LIST_INITIATOR_DATA, t->initiator_data.data, t->initiator_data.len,
                     depth);
    }
    if (p->type == MIKEY_PT_KEMAC) {
      keydata_roundtrip(p->u.kemac.encr_data.data, p->u.kemac.encr_data.len, 0);
      keydata_roundtrip(p->u.kemac.encr_data.data, p->u.kemac.encr_data.len, MIKEY_KD_WITH_ID);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mikey_msg *m = malloc(sizeof(*m));
  uint8_t *out = malloc(size ? size : 1);
  if (!m || !out) {
    fail("out of memory");
  }
  if (mikey_msg_decode(m, data, size) == 0) {
    static const unsigned vflags[] = {0, MIKEY_VALIDATE_STRICT, MIKEY_VALIDATE_PSKMIME,
                                      MIKEY_VALIDATE_STRICT | MIKEY_VALIDATE_PSKMIME};
    for (size_t i = 0; i < sizeof(vflags) / sizeof(vflags[0]); i++) {
      int vrc = mikey_msg_validate(m, vflags[i]);
      if (vrc > 0 || (vrc && m->err_offset > m->len)) {
        fail("validation reported a place outside the message");
      }
    }
    static const unsigned dflags[] = {0, MIKEY_DUMP_JSON, MIKEY_DUMP_JSON | MIKEY_DUMP_FLAT,
                                      MIKEY_DUMP_SECRETS};
    for (size_t i = 0; i < sizeof(dflags) / sizeof(dflags[0]); i++) {
      size_t dumped = 0, need = 0;
      if (mikey_msg_dump(m, dflags[i], count_bytes, &dumped) != 0 ||
          mikey_msg_dump_buf(m, dflags[i], NULL, 0, &need) != MIKEY_E_BUFFER_TOO_SMALL ||
          need != dumped) {
        fail("dump failed or sized wrongly");
      }
    }
    nested_payloads(m->pl, m->n, 0);
    size_t outlen = 0;
    int rc = mikey_msg_encode(m, out, size, &outlen);
    same_bytes(rc, out, outlen, data, size, "message round trip");
  }
  free(out);
  free(m);
  /* the same bytes as each kind of nested list */
  list_roundtrip(MIKEY_LIST_TP_DATA, data, size, 0);
  list_roundtrip(MIKEY_LIST_TICKET_DATA, data, size, 0);
  keydata_roundtrip(data, size, 0);
  keydata_roundtrip(data, size, MIKEY_KD_WITH_ID);
  return 0;
}
