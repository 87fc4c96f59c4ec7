/*
 * ticket_open.c: libFuzzer harness for the ticket layer (lib/ticket/mikey_ticket.h,
 * internal): any bytes as one TICKET payload (Ticket Policy, Ticket Data, Initiator Data),
 * parsed, verified and opened with the fixed TPK of the world (fuzz_world.h) that issued the
 * seeds; with I=1 the Initiator Data (Vr) is verified with the MPKr the open gave, and the keys
 * are forked. Every input is checked twice: as it is, and re-MACed (a copy whose ticket V is
 * recomputed with the auth_key the TPK gives, as a KMS would), so that mutations get past the
 * MAC into the KEMAC decryption, the key data decoder and the key checks.
 *
 * Properties (any break aborts), from mikey_ticket.h:
 *  - a failed parse leaves the view zeroed; a parsed view lies inside the input;
 *  - open fails whenever verify fails, with the same code, and open never succeeds with
 *    another TPK (a failed MAC releases nothing); a re-MACed ticket never fails the MAC check
 *    (MIKEY_E_AUTH), so the MAC covers what A.1 says and nothing else;
 *  - on any failure of open the keys are wiped (every byte zero, although they were filled
 *    with a sentinel before);
 *  - on success the keys are within their bounds (MPK first and 16..64 bytes, at most
 *    MIKEY_TICKET_MAX_KEYS session keys of 16..64 bytes with a 1..16-byte SPI) and belong to
 *    the Ticket Policy's PRF; the open through a TPK lookup callback gives the same keys, and a
 *    lookup that knows no TPK gives MIKEY_E_UNKNOWN_KEY;
 *  - (at start) re-MAC gives the ticket of a real exchange its own V.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "fuzz_keys.h"
#include "fuzz_world.h"
#include "ticket/mikey_ticket.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mikey_tpk tpk, wrong;
static mikey_ticket_ctx ctx;
static int ready;

static void fail(const char *what) {
  fprintf(stderr, "ticket_open: %s\n", what);
  abort();
}

static int all(const void *p, size_t n, uint8_t v) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++) {
    if (b[i] != v) {
      return 0;
    }
  }
  return 1;
}

static int inside(const uint8_t *p, size_t n, const uint8_t *base, size_t size) {
  if (!p) {
    return n == 0;
  }
  return p >= base && (size_t)(p - base) <= size && n <= size - (size_t)(p - base);
}

static int lookup_ok(void *ud, const mikey_ticket_view *tv, mikey_tpk **out) {
  (void)ud;
  (void)tv;
  *out = &tpk;
  return 0;
}

static int lookup_none(void *ud, const mikey_ticket_view *tv, mikey_tpk **out) {
  (void)ud;
  (void)tv;
  (void)out;
  return MIKEY_E_UNKNOWN_KEY;
}

static int key_eq(const mikey_ticket_key *a, const mikey_ticket_key *b) {
  return a->type == b->type && a->spi_len == b->spi_len && a->key_len == b->key_len &&
         a->salt_len == b->salt_len && memcmp(a->spi, b->spi, sizeof(a->spi)) == 0 &&
         memcmp(a->key, b->key, sizeof(a->key)) == 0 &&
         memcmp(a->salt, b->salt, sizeof(a->salt)) == 0;
}

/* field by field: the structs have padding */
static int keys_eq(const mikey_ticket_keys *a, const mikey_ticket_keys *b) {
  if (a->prf != b->prf || a->forked != b->forked || a->n != b->n || !key_eq(&a->mpk, &b->mpk) ||
      memcmp(a->mpki, b->mpki, sizeof(a->mpki)) != 0 ||
      memcmp(a->mpkr, b->mpkr, sizeof(a->mpkr)) != 0) {
    return 0;
  }
  for (size_t i = 0; i < a->n && i < MIKEY_TICKET_MAX_KEYS; i++) {
    if (!key_eq(&a->key[i], &b->key[i])) {
      return 0;
    }
  }
  return 1;
}

static void check_key(const mikey_ticket_key *k) {
  if (k->key_len < 16 || k->key_len > MIKEY_TICKET_MAX_KEY_LEN || k->spi_len == 0 ||
      k->spi_len > MIKEY_TICKET_MAX_SPI_LEN || k->salt_len > MIKEY_TICKET_MAX_SALT_LEN) {
    fail("an opened key out of its bounds");
  }
}

static void setup(void) {
  fuzz_init();
  mikey_tpk_init(&tpk);
  mikey_tpk_init(&wrong);
  mikey_ticket_ctx_init(&ctx);
  uint8_t other[16];
  memcpy(other, FW_TPK, sizeof(other));
  other[15] ^= 1;
  if (mikey_tpk_setkey(&tpk, FW_TPK, sizeof(FW_TPK)) != 0 ||
      mikey_tpk_setkey(&wrong, other, sizeof(other)) != 0) {
    fail("TPK set-up");
  }
  ready = 1;
}

/* check_ticket runs the properties on the |size| bytes at |data|; returns the verify code (1
 * when the bytes do not parse) and leaves the parsed view in |*tv|. */
static int check_ticket(const uint8_t *data, size_t size, mikey_ticket_view *tv) {
  memset(tv, 0x5a, sizeof(*tv));
  int rc = mikey_ticket_parse_payload(tv, data, size);
  if (rc != 0) {
    if (!all(tv, sizeof(*tv), 0)) {
      fail("a failed parse left the view filled");
    }
    return 1;
  }
  if (tv->start > tv->end || tv->end > size ||
      !inside(tv->thdr_data.data, tv->thdr_data.len, data, size) ||
      !inside(tv->rand.data, tv->rand.len, data, size) || tv->kms_id.len != 6 ||
      !inside(tv->kms_id.data, tv->kms_id.len, data, size)) {
    fail("a parsed view lies outside the input");
  }
  mikey_ticket_keys *keys = NULL, *again = NULL;
  if (mikey_ticket_keys_new(&keys) != 0 || mikey_ticket_keys_new(&again) != 0) {
    fail("out of memory");
  }
  int vrc = mikey_ticket_verify(&ctx, &tpk, tv);
  memset(keys, 0xa5, sizeof(*keys));
  int orc = mikey_ticket_open(&ctx, &tpk, tv, keys);
  if (vrc != 0 && orc != vrc) {
    fail("open and verify disagree");
  }
  if (orc != 0) {
    if (!all(keys, sizeof(*keys), 0)) {
      fail("a failed open left key material");
    }
  } else {
    if (keys->prf != tv->policy.prf || keys->mpk.type != MIKEY_KEY_MPK ||
        keys->n > MIKEY_TICKET_MAX_KEYS) {
      fail("opened keys inconsistent with the ticket");
    }
    check_key(&keys->mpk);
    for (size_t i = 0; i < keys->n; i++) {
      check_key(&keys->key[i]);
    }
    memset(again, 0xa5, sizeof(*again));
    if (mikey_ticket_open_lookup(&ctx, lookup_ok, NULL, tv, again) != 0 ||
        !keys_eq(keys, again)) {
      fail("the open through the lookup gave other keys");
    }
    if (tv->has_idata) {
      /* any result will do: the bytes are the fuzzer's (no crash, no leak, no UB) */
      int vr = mikey_initiator_data_verify(&ctx, tv, keys->mpkr, keys->mpk.key_len);
      (void)vr;
    }
    /* key forking (5.1.1) with a fixed modifier, as a KMS does for I=1 */
    static const uint8_t randrkms[32] = {1, 2, 3};
    if (mikey_fork_keys(&ctx, keys, FW_BOB.data, FW_BOB.len, randrkms, sizeof(randrkms),
                        again) == 0 &&
        (!again->forked || again->n != keys->n)) {
      fail("forking changed the key list");
    }
  }
  memset(again, 0xa5, sizeof(*again));
  if (mikey_ticket_open(&ctx, &wrong, tv, again) == 0 || !all(again, sizeof(*again), 0)) {
    fail("a ticket opened with another TPK, or the failure left key material");
  }
  if (mikey_ticket_open_lookup(&ctx, lookup_none, NULL, tv, again) != MIKEY_E_UNKNOWN_KEY) {
    fail("a lookup without a TPK did not give MIKEY_E_UNKNOWN_KEY");
  }
  mikey_ticket_keys_free(keys);
  mikey_ticket_keys_free(again);
  return vrc;
}

/* remac_selfcheck: re-MAC gives the ticket of a real exchange its own V (else the re-MAC
 * half would fuzz nothing behind the MAC) */
static void remac_selfcheck(void) {
  fw_flow *f = malloc(sizeof(*f));
  mikey_msg *m = malloc(sizeof(*m));
  uint8_t b[FW_MSG_MAX];
  if (!f || !m || fw_flow_run(FW_PSKMIME, f) != 0) {
    fail("the world's own exchange fails");
  }
  memcpy(b, f->tinit, f->tinit_len);
  if (mikey_msg_decode(m, b, f->tinit_len) != 0) {
    fail("the world's own TRANSFER_INIT does not decode");
  }
  const mikey_payload *p = mikey_msg_find(m, MIKEY_PT_TICKET, -1);
  mikey_ticket_view tv;
  if (!p || mikey_ticket_parse(&tv, b, f->tinit_len, p) != 0 || fw_remac_ticket(&tv, b) != 0 ||
      memcmp(b, f->tinit, f->tinit_len) != 0) {
    fail("re-MAC of a ticket is not the KMS's V");
  }
  free(m);
  free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!ready) {
    setup();
    remac_selfcheck();
  }
  mikey_ticket_view tv;
  if (check_ticket(data, size, &tv) == 1) {
    return 0;
  }
  uint8_t *copy = malloc(size);
  if (!copy) {
    fail("out of memory");
  }
  memcpy(copy, data, size);
  if (fw_remac_ticket(&tv, copy) == 0 && check_ticket(copy, size, &tv) == MIKEY_E_AUTH) {
    fail("a re-MACed ticket failed the MAC check");
  }
  free(copy);
  return 0;
}
