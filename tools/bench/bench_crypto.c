/*
 * bench_crypto.c: the crypto and ticket layers (issue 3): each key derivation, a KEMAC
 * decryption, a V MAC, a ticket verify and a full ticket open, each next to its libgcrypt
 * floor (the same libgcrypt calls on bare kept handles, bench_census.c); and the libgcrypt
 * costs the library is built around: an HMAC and a key set-up on a kept handle, a handle
 * open, the allocation libgcrypt makes in every HMAC finalize, and an HMAC made by hand from
 * plain hash handles (the alternative that would avoid that allocation).
 *
 * Suite: PRF-HMAC-SHA-256 with AES-CM-256 and HMAC-SHA-256-256 (the PSK/MIME default, D3),
 * 16-byte inkeys (PSK, TPK, MPK, TGK), unless the name says mikey1 (MIKEY-1, AES-CM-128,
 * HMAC-SHA-1-160). The ticket comes from a RESOLVE_INIT of a whole flow (bench_world.c).
 */
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "crypto/mikey_kdf.h"
#include "crypto/mikey_kemac_crypt.h"
#include "crypto/mikey_mac.h"
#include "crypto/mikey_prf.h"
#include "ticket/mikey_ticket.h"

#include "bench.h"
#include "bench_world.h"

typedef struct crypto_state {
  bench_world *w;
  mikey_msg *msg;             /* the RESOLVE_INIT, decoded */
  mikey_ticket_view tv;       /* its ticket */
  mikey_tpk tpk;              /* keyed with the world's TPK */
  mikey_ticket_ctx tctx;
  mikey_ticket_keys keys;
  mikey_prf prf;
  mikey_mac mac;
  mikey_kemac_cipher cipher;
  mikey_keyset ks;            /* the ticket's KEMAC keys */
  uint8_t buf[512], out[512];
  size_t len;
  gcry_md_hd_t md, inner, outer;
  gcry_cipher_hd_t c;
  uint8_t ipad[64], opad[64];
} crypto_state;

static const uint8_t rand16[16] = {0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
                                   0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
static const uint8_t ident[] = "sip:bob@example.org";

static void crypto_teardown(void *state) {
  crypto_state *s = state;
  if (!s) {
    return;
  }
  bench_world_free(s->w);
  free(s->msg);
  mikey_tpk_clear(&s->tpk);
  mikey_ticket_ctx_clear(&s->tctx);
  mikey_ticket_keys_clear(&s->keys);
  mikey_prf_clear(&s->prf);
  mikey_mac_clear(&s->mac);
  mikey_kemac_cipher_clear(&s->cipher);
  gcry_md_close(s->md);
  gcry_md_close(s->inner);
  gcry_md_close(s->outer);
  gcry_cipher_close(s->c);
  free(s);
}

/* crypto_setup: a whole flow, its RESOLVE_INIT decoded, the ticket parsed, the TPK keyed,
 * the ticket's KEMAC keys derived. */
static int crypto_setup(void **state) {
  crypto_state *s = calloc(1, sizeof(*s));
  *state = s;
  if (!s) {
    return -1;
  }
  mikey_tpk_init(&s->tpk);
  mikey_ticket_ctx_init(&s->tctx);
  mikey_prf_init(&s->prf);
  mikey_mac_init(&s->mac);
  mikey_kemac_cipher_init(&s->cipher);
  bench_world_opts o = {.key_len = 16};
  s->msg = malloc(sizeof(*s->msg));
  if (!s->msg || bench_world_new(&s->w, &o) != 0 ||
      mikey_msg_decode(s->msg, s->w->rinit, s->w->rinit_len) != 0) {
    return -1;
  }
  const mikey_payload *tk = mikey_msg_find(s->msg, MIKEY_PT_TICKET, -1);
  if (!tk || mikey_ticket_parse(&s->tv, s->w->rinit, s->w->rinit_len, tk) != 0 ||
      mikey_tpk_setkey(&s->tpk, bench_tpk, 16) != 0 ||
      mikey_ticket_open(&s->tctx, &s->tpk, &s->tv, &s->keys) != 0) {
    return -1;
  }
  if (mikey_prf_setkey(&s->prf, MIKEY_PRF_HMAC_SHA_256, bench_tpk, 16) != 0 ||
      mikey_kdf_tpk_keys(&s->prf, s->tv.rand.data, s->tv.rand.len, s->tv.kemac.encr_alg,
                         MIKEY_MAC_NULL, &s->ks) != 0) {
    return -1;
  }
  s->len = s->w->rinit_len < sizeof(s->buf) ? s->w->rinit_len : sizeof(s->buf);
  memcpy(s->buf, s->w->rinit, s->len);
  return 0;
}

/* --- derivations: each as a message or ticket pays for it, key set-up included where the
 * inkey changes per message (PSK, MPK, TGK, MPKr); the TPK stays keyed in the KMS --------- */

static int op_prf_setkey(void *st) {
  crypto_state *s = st;
  return mikey_prf_setkey(&s->prf, MIKEY_PRF_HMAC_SHA_256, bench_psk_i, 16);
}

static int msg_keys(crypto_state *s, uint8_t prf, uint8_t ea, uint8_t ma) {
  mikey_keyset ks;
  int rc = mikey_prf_setkey(&s->prf, prf, bench_psk_i, 16);
  if (rc == 0) {
    rc = mikey_kdf_msg_keys(&s->prf, 0x12345678u, MIKEY_KDF_INITIAL, rand16, 16, NULL, 0, ea,
                            ma, &ks);
  }
  bench_sink += ks.encr[0];
  return rc;
}

static int op_msg_keys_sha256(void *st) {
  return msg_keys(st, MIKEY_PRF_HMAC_SHA_256, MIKEY_ENCR_AES_CM_256, MIKEY_MAC_HMAC_SHA_256_256);
}

static int op_msg_keys_mikey1(void *st) {
  return msg_keys(st, MIKEY_PRF_MIKEY_1, MIKEY_ENCR_AES_CM_128, MIKEY_MAC_HMAC_SHA_1_160);
}

static int op_tpk_keys(void *st) {
  crypto_state *s = st;
  mikey_keyset ks;
  int rc = mikey_kdf_tpk_keys(&s->tpk.prf[1], s->tv.rand.data, s->tv.rand.len,
                              MIKEY_ENCR_AES_CM_256, MIKEY_MAC_HMAC_SHA_256_256, &ks);
  bench_sink += ks.auth[0];
  return rc;
}

static int op_mpk(void *st) {
  crypto_state *s = st;
  uint8_t mi[16], mr[16];
  int rc = mikey_prf_setkey(&s->prf, MIKEY_PRF_HMAC_SHA_256, s->keys.mpk.key, 16);
  if (rc == 0) {
    rc = mikey_kdf_mpk(&s->prf, MIKEY_KDF_MPKI, s->tv.rand.data, s->tv.rand.len, mi, 16);
  }
  if (rc == 0) {
    rc = mikey_kdf_mpk(&s->prf, MIKEY_KDF_MPKR, s->tv.rand.data, s->tv.rand.len, mr, 16);
  }
  bench_sink += mi[0] ^ mr[0];
  return rc;
}

static int op_kek(void *st) {
  crypto_state *s = st;
  uint8_t kek[16];
  int rc = mikey_prf_setkey(&s->prf, MIKEY_PRF_HMAC_SHA_256, s->keys.key[0].key, 16);
  if (rc == 0) {
    rc = mikey_kdf_kek(&s->prf, 1, rand16, 16, kek, 16);
  }
  bench_sink += kek[0];
  return rc;
}

static int op_fork(void *st) {
  crypto_state *s = st;
  uint8_t k[16];
  int rc = mikey_prf_setkey(&s->prf, MIKEY_PRF_HMAC_SHA_256, s->keys.mpkr, 16);
  if (rc == 0) {
    rc = mikey_kdf_fork(&s->prf, MIKEY_KDF_FORK_MPKR, ident, sizeof(ident) - 1, rand16, 16, k,
                        16);
  }
  bench_sink += k[0];
  return rc;
}

static int op_vr(void *st) {
  crypto_state *s = st;
  uint8_t k[32];
  int rc = mikey_prf_setkey(&s->prf, MIKEY_PRF_HMAC_SHA_256, s->keys.mpkr, 16);
  if (rc == 0) {
    rc = mikey_kdf_vr(&s->prf, MIKEY_KDF_AUTH, k, 32);
  }
  bench_sink += k[0];
  return rc;
}

static int op_3830_tgk(void *st) {
  crypto_state *s = st;
  uint8_t k[16];
  int rc = mikey_prf_setkey(&s->prf, MIKEY_PRF_MIKEY_1, bench_psk_i, 16);
  if (rc == 0) {
    rc = mikey_kdf_3830_tgk(&s->prf, MIKEY_KDF_TEK, 1, 0x12345678u, rand16, 16, k, 16);
  }
  bench_sink += k[0];
  return rc;
}

static int op_3830_psk(void *st) {
  crypto_state *s = st;
  uint8_t k[16];
  int rc = mikey_prf_setkey(&s->prf, MIKEY_PRF_MIKEY_1, bench_psk_i, 16);
  if (rc == 0) {
    rc = mikey_kdf_3830_psk(&s->prf, MIKEY_KDF_ENCR, 0x12345678u, rand16, 16, k, 16);
  }
  bench_sink += k[0];
  return rc;
}

/* --- KEMAC, V MAC, ticket -------------------------------------------------------------- */

static int op_kemac_decrypt(void *st) {
  crypto_state *s = st;
  size_t n = 0;
  int rc = mikey_kemac_decrypt(&s->cipher, &s->ks, 0xFFFFFFFFu, 0x1234567800000000u,
                               s->tv.kemac.encr_data.data, s->tv.kemac.encr_data.len, s->out,
                               sizeof(s->out), &n);
  bench_sink += n;
  return rc;
}

static int vmac(crypto_state *s, uint8_t alg, size_t klen) {
  uint8_t tag[32];
  mikey_iov v = {s->buf, s->len};
  int rc = mikey_mac_setkey(&s->mac, alg, bench_psk_r, klen);
  if (rc == 0) {
    rc = mikey_mac_compute(&s->mac, &v, 1, tag, klen);
  }
  bench_sink += tag[0];
  return rc;
}

static int op_vmac_sha256(void *st) { return vmac(st, MIKEY_MAC_HMAC_SHA_256_256, 32); }
static int op_vmac_sha1(void *st) { return vmac(st, MIKEY_MAC_HMAC_SHA_1_160, 20); }

static int op_ticket_parse(void *st) {
  crypto_state *s = st;
  const mikey_payload *tk = mikey_msg_find(s->msg, MIKEY_PT_TICKET, -1);
  return mikey_ticket_parse(&s->tv, s->w->rinit, s->w->rinit_len, tk);
}

static int op_ticket_verify(void *st) {
  crypto_state *s = st;
  return mikey_ticket_verify(&s->tctx, &s->tpk, &s->tv);
}

static int op_ticket_open(void *st) {
  crypto_state *s = st;
  return mikey_ticket_open(&s->tctx, &s->tpk, &s->tv, &s->keys);
}

/* --- bare libgcrypt --------------------------------------------------------------------- */

static int prim_setup(void **state) {
  crypto_state *s = calloc(1, sizeof(*s));
  *state = s;
  /* the generator running, as in any program that has sent a message: with libgcrypt's own
   * CSPRNG (--csprng) every handle open then polls for entropy */
  uint8_t b;
  gcry_randomize(&b, 1, GCRY_STRONG_RANDOM);
  if (!s || gcry_md_open(&s->md, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC) ||
      gcry_md_setkey(s->md, bench_psk_i, 16) ||
      gcry_md_open(&s->inner, GCRY_MD_SHA256, 0) || gcry_md_open(&s->outer, GCRY_MD_SHA256, 0) ||
      gcry_cipher_open(&s->c, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_CTR, 0)) {
    return -1;
  }
  memset(s->ipad, 0x36, sizeof(s->ipad));
  memset(s->opad, 0x5c, sizeof(s->opad));
  for (size_t i = 0; i < 16; i++) {
    s->ipad[i] ^= bench_psk_i[i];
    s->opad[i] ^= bench_psk_i[i];
  }
  return 0;
}

/* an HMAC-SHA-256 of 32 bytes on a kept, keyed handle: one PRF block's worth */
static int op_gcry_hmac32(void *st) {
  crypto_state *s = st;
  gcry_md_write(s->md, s->buf, 32);
  bench_sink += gcry_md_read(s->md, 0)[0];
  gcry_md_reset(s->md);
  return 0;
}

/* the same HMAC by hand (RFC 2104 2) on two plain handles: no allocation in the finalize,
 * but the padded-key blocks are hashed again for every MAC (libgcrypt's API cannot keep a
 * plain hash's state after a reset) */
static int op_hand_hmac32(void *st) {
  crypto_state *s = st;
  gcry_md_reset(s->inner);
  gcry_md_write(s->inner, s->ipad, 64);
  gcry_md_write(s->inner, s->buf, 32);
  const unsigned char *in = gcry_md_read(s->inner, 0);
  gcry_md_reset(s->outer);
  gcry_md_write(s->outer, s->opad, 64);
  gcry_md_write(s->outer, in, 32);
  bench_sink += gcry_md_read(s->outer, 0)[0];
  return 0;
}

static int op_gcry_hmac_setkey(void *st) {
  crypto_state *s = st;
  return gcry_md_setkey(s->md, bench_psk_i, 16) ? -1 : 0;
}

/* what libgcrypt's md_final allocates and frees in every HMAC finalize (cipher/md.c) */
static int op_malloc32(void *st) {
  (void)st;
  void *volatile p = malloc(32);
  bench_sink += (size_t)(p != NULL);
  free(p);
  return 0;
}

static int op_md_open_close(void *st) {
  (void)st;
  gcry_md_hd_t h;
  if (gcry_md_open(&h, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC)) {
    return -1;
  }
  gcry_md_close(h);
  return 0;
}

static int op_cipher_open_close(void *st) {
  (void)st;
  gcry_cipher_hd_t h;
  if (gcry_cipher_open(&h, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_CTR, 0)) {
    return -1;
  }
  gcry_cipher_close(h);
  return 0;
}

/* an AES-256-CTR KEMAC's worth on a kept handle: key, counter, 48 bytes */
static int op_gcry_ctr48(void *st) {
  crypto_state *s = st;
  return gcry_cipher_setkey(s->c, bench_tpk, 32) || gcry_cipher_setctr(s->c, s->ipad, 16) ||
                 gcry_cipher_encrypt(s->c, s->out, 48, s->buf, 48)
             ? -1
             : 0;
}

#define FLOOR_CASE(n, o) \
  {.name = (n), .unit = "ns/op", .setup = crypto_setup, .teardown = crypto_teardown, \
   .op = (o), .floor = 1}

const bench_case bench_crypto_cases[] = {
    FLOOR_CASE("crypto.prf_setkey.sha256", op_prf_setkey),
    FLOOR_CASE("crypto.kdf_msg_keys.sha256", op_msg_keys_sha256),
    FLOOR_CASE("crypto.kdf_msg_keys.mikey1", op_msg_keys_mikey1),
    FLOOR_CASE("crypto.kdf_tpk_keys.sha256", op_tpk_keys),
    FLOOR_CASE("crypto.kdf_mpki_mpkr.sha256", op_mpk),
    FLOOR_CASE("crypto.kdf_kek.sha256", op_kek),
    FLOOR_CASE("crypto.kdf_fork_mpkr.sha256", op_fork),
    FLOOR_CASE("crypto.kdf_vr.sha256", op_vr),
    FLOOR_CASE("crypto.kdf_3830_tgk.mikey1", op_3830_tgk),
    FLOOR_CASE("crypto.kdf_3830_psk.mikey1", op_3830_psk),
    FLOOR_CASE("crypto.kemac_decrypt.aes_cm_256", op_kemac_decrypt),
    FLOOR_CASE("crypto.vmac.sha256.resolve_init", op_vmac_sha256),
    FLOOR_CASE("crypto.vmac.sha1.resolve_init", op_vmac_sha1),
    {.name = "ticket.parse.3gpp", .unit = "ns/op", .setup = crypto_setup,
     .teardown = crypto_teardown, .op = op_ticket_parse},
    FLOOR_CASE("ticket.verify.3gpp", op_ticket_verify),
    FLOOR_CASE("ticket.open.3gpp", op_ticket_open),
    {.name = "gcry.hmac_sha256.32B", .unit = "ns/op", .setup = prim_setup,
     .teardown = crypto_teardown, .op = op_gcry_hmac32},
    {.name = "gcry.hmac_sha256_by_hand.32B", .unit = "ns/op", .setup = prim_setup,
     .teardown = crypto_teardown, .op = op_hand_hmac32,
     .reference = "gcry.hmac_sha256.32B (HMAC flag, kept key)", .ref_op = op_gcry_hmac32},
    {.name = "gcry.hmac_sha256.setkey16", .unit = "ns/op", .setup = prim_setup,
     .teardown = crypto_teardown, .op = op_gcry_hmac_setkey},
    {.name = "gcry.aes256_ctr.setkey_48B", .unit = "ns/op", .setup = prim_setup,
     .teardown = crypto_teardown, .op = op_gcry_ctr48},
    {.name = "libc.malloc_free.32B", .unit = "ns/op", .setup = prim_setup,
     .teardown = crypto_teardown, .op = op_malloc32,
     .reference = "gcry.hmac_sha256.32B", .ref_op = op_gcry_hmac32},
    {.name = "gcry.md_open_close.hmac_sha256", .unit = "ns/op", .setup = prim_setup,
     .teardown = crypto_teardown, .op = op_md_open_close,
     .reference = "gcry.hmac_sha256.32B", .ref_op = op_gcry_hmac32},
    {.name = "gcry.cipher_open_close.aes256_ctr", .unit = "ns/op", .setup = prim_setup,
     .teardown = crypto_teardown, .op = op_cipher_open_close,
     .reference = "gcry.aes256_ctr.setkey_48B", .ref_op = op_gcry_ctr48},
};
const size_t bench_crypto_ncases = sizeof(bench_crypto_cases) / sizeof(bench_crypto_cases[0]);
