/*
 * mt_demo.c: mikeytool demo [--aead A] [--prf P] [--proof-of-origin] [--verbose]
 *
 * The whole PSK/MIME flow in one process with freshly generated keys: a KMS, the initiator
 * alice and the responder bob (mt_run.c). Each message is shown with a one-line summary
 * (--verbose: and its decoded tree), then the MIME entity bob recovered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "mt_run.h"

void mt_usage_demo(FILE *f) {
  fputs("usage: mikeytool demo [--aead ALG] [--prf PRF] [--proof-of-origin] [--verbose]\n"
        "Run the whole PSK/MIME flow (3GPP TS 33.328 Annex I) in one process: a KMS, the\n"
        "initiator alice and the responder bob, with freshly generated random keys. Prints\n"
        "each message with a one-line summary and, last, the MIME entity bob recovered.\n"
        "  --aead ALG         aes-128-gcm (default), aes-256-gcm, aes-128-ccm, aes-256-ccm\n"
        "                     (the aes-256 ones use 256-bit keys throughout)\n"
        "  --prf PRF          sha256 (PRF-HMAC-SHA-256, default) or mikey1 (MIKEY-1, 128-bit\n"
        "                     keys only)\n"
        "  --proof-of-origin  carry the AEAD tag in the TRANSFER_INIT (ticket with I=1)\n"
        "  --verbose          also print each message decoded, and the SIP body\n"
        "Exit status: 0 the recovered entity equals the one sent; 1 a party refused a\n"
        "message; 2 the KMS answered with an Error message; 64 usage; 70 failure.\n",
        f);
}

enum { OPT_AEAD, OPT_PRF, OPT_POO, OPT_VERBOSE };
static const mt_optspec demo_opts[] = {
    {"aead", 1}, {"prf", 1}, {"proof-of-origin", 0}, {"verbose", 0}};

/* set_blob makes |b| a copy of |n| bytes at |p|, or |n| random bytes when |p| is NULL. */
static int set_blob(mt_blob *b, const void *p, size_t n) {
  b->data = malloc(n);
  if (!b->data) {
    return -1;
  }
  b->len = n;
  if (p) {
    memcpy(b->data, p, n);
    return 0;
  }
  return mikey_env_rand(NULL, b->data, n) == 0 ? 0 : -1;
}

/* demo_keys fills |k| with the demo's identities and fresh random keys of |key_len| bytes
 * from the default generator. */
static int demo_keys(mt_keys *k, size_t key_len) {
  memset(k, 0, sizeof(*k));
  k->prot_type = MIKEY_PROT_PSKMIME_DEFAULT;
  k->ext_type = MIKEY_GEXT_POO_DEFAULT;
  static const uint8_t kms_id[6] = {'K', 'M', 'S', 0, 0, 1};
  memcpy(k->kms.kms_id, kms_id, sizeof(kms_id));
#define S(x) (x), sizeof(x) - 1
  if (set_blob(&k->initiator.identity, S("sip:alice@example.org")) ||
      set_blob(&k->initiator.psk_id, S("psk-alice-1")) ||
      set_blob(&k->initiator.psk, NULL, key_len) ||
      set_blob(&k->responder.identity, S("sip:bob@example.org")) ||
      set_blob(&k->responder.psk_id, S("psk-bob-1")) ||
      set_blob(&k->responder.psk, NULL, key_len) ||
      set_blob(&k->kms.identity, S("sip:kms.example.org")) ||
      set_blob(&k->kms.tpk_id, S("tpk-kms-1")) || set_blob(&k->kms.tpk, NULL, key_len)) {
    mt_keys_free(k);
    return -1;
  }
#undef S
  return 0;
}

/* step prints one message: "N. from -> to  summary". */
static void step(int n, const char *dir, const mt_buf *b, int verbose, const char *note) {
  printf("%d. %-14s ", n, dir);
  mt_msg_summary(stdout, b->p, b->n);
  printf("%s%s\n", note ? ": " : "", note ? note : "");
  if (verbose) {
    mt_msg_tree(stdout, b->p, b->n);
    putchar('\n');
  }
}

static void print_hex(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    printf("%02x", p[i]);
  }
}

int mt_cmd_demo(int argc, char **argv) {
  const char *val;
  int verbose = 0;
  mt_run_opts ro;
  memset(&ro, 0, sizeof(ro));
  ro.aead = MIKEY_CMS_AES128_GCM;
  ro.prf = MIKEY_PRF_HMAC_SHA_256;
  mt_opts o;
  mt_opts_init(&o, "demo", argc, argv, demo_opts, sizeof(demo_opts) / sizeof(demo_opts[0]));
  for (int opt; (opt = mt_opts_next(&o, &val)) != MT_OPT_DONE;) {
    switch (opt) {
    case OPT_AEAD:
      if (mt_aead_parse(val, &ro.aead) != 0) {
        mt_err("demo: --aead: unknown algorithm '%s'", val);
        return MT_EXIT_USAGE;
      }
      break;
    case OPT_PRF:
      if (mt_prf_parse(val, &ro.prf) != 0) {
        mt_err("demo: --prf: want mikey1 or sha256, not '%s'", val);
        return MT_EXIT_USAGE;
      }
      break;
    case OPT_POO:
      ro.poo = 1;
      break;
    case OPT_VERBOSE:
      verbose = 1;
      break;
    case MT_OPT_HELP:
      mt_usage_demo(stdout);
      return MT_EXIT_OK;
    case MT_OPT_ARG:
      mt_err("demo: unexpected argument '%s'", val);
      mt_usage_demo(stderr);
      return MT_EXIT_USAGE;
    default:
      mt_usage_demo(stderr);
      return MT_EXIT_USAGE;
    }
  }
  ro.key_len = ro.aead == MIKEY_CMS_AES256_GCM || ro.aead == MIKEY_CMS_AES256_CCM ? 32 : 16;
  if (mt_run_check_choices("demo", &ro) != MT_EXIT_OK) {
    return MT_EXIT_USAGE;
  }
  ro.mime = (const uint8_t *)mt_default_mime;
  ro.mime_len = mt_default_mime_len;
  mt_keys keys;
  if (demo_keys(&keys, ro.key_len) != 0) {
    mt_err("demo: no random keys (out of memory or no randomness)");
    return MT_EXIT_SOFTWARE;
  }
  mt_common common;
  memset(&common, 0, sizeof(common)); /* the system's clock and randomness */

  printf("mikeytool demo: PSK/MIME (3GPP TS 33.328 Annex I) in one process\n"
         "KMS sip:kms.example.org, initiator sip:alice@example.org, responder "
         "sip:bob@example.org\n"
         "fresh random PSKs and TPK (%u-bit), %s, %s, %s\n\n",
         ro.key_len * 8u, mt_prf_name(ro.prf), mt_aead_name(ro.aead),
         ro.poo ? "proof-of-origin" : "no proof-of-origin");
  fflush(stdout); /* the error line of a failure comes after this */
  mt_run r;
  int rv = mt_run_flow(&keys, &common, &ro, "demo", &r);
  if (rv == MT_EXIT_OK) {
    step(1, "alice -> KMS", &r.out[MT_RUN_REQUEST_INIT], verbose,
         "a ticket for sip:bob@example.org");
    printf("%-17s ", "2. KMS -> alice");
    mt_msg_summary(stdout, r.out[MT_RUN_REQUEST_RESP].p, r.out[MT_RUN_REQUEST_RESP].n);
    printf(": ticket granted (%s, KEK id ", r.ticket.key_type == MIKEY_KEY_GTGK ? "GTGK" : "TGK");
    print_hex(r.ticket.kek_id, r.ticket.kek_id_len);
    printf(", %zu-bit)\n", r.ticket.key_len * 8);
    if (verbose) {
      mt_msg_tree(stdout, r.out[MT_RUN_REQUEST_RESP].p, r.out[MT_RUN_REQUEST_RESP].n);
      putchar('\n');
    }
    const mt_buf *body = &r.out[MT_RUN_SIP_BODY];
    printf("3. alice -> bob   SIP body, %zu bytes, multipart/mixed: TRANSFER_INIT (%zu bytes, "
           "CSB ID 0x%08x%s) + S/MIME AuthEnvelopedData (%s, %zu bytes DER)\n",
           body->n - r.body_offset, r.sent.transfer_init_len, (unsigned)r.sent.csb_id,
           r.sent.poo_present ? ", proof-of-origin" : "", mt_aead_name(r.sent.aead),
           r.sent.der_len);
    if (verbose) {
      fwrite(body->p, 1, body->n, stdout);
      puts("\n\nthe TRANSFER_INIT in it:");
      mt_msg_tree(stdout, r.out[MT_RUN_TRANSFER_INIT].p, r.out[MT_RUN_TRANSFER_INIT].n);
      putchar('\n');
    }
    step(4, "bob -> KMS", &r.out[MT_RUN_RESOLVE_INIT], verbose, "resolve the ticket");
    step(5, "KMS -> bob", &r.out[MT_RUN_RESOLVE_RESP], verbose, "the keys for bob");
    printf("6. bob verified the TRANSFER_INIT from ");
    mt_print_ident(stdout, r.res.initiator, r.res.initiator_len);
    printf(" and opened the S/MIME message with the KEK (%s)\n\n",
           r.res.poo_present ? "proof-of-origin verified" : "no proof-of-origin");
    const mt_buf *m = &r.out[MT_RUN_RECOVERED];
    printf("recovered MIME entity (%zu bytes, equal to the one sent):\n", m->n);
    fwrite(m->p, 1, m->n, stdout);
  }
  mt_run_free(&r);
  mt_keys_free(&keys);
  return rv;
}
