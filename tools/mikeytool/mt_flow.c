/*
 * mt_flow.c: mikeytool flow --keys KEYS.json --out DIR [--aead A] [--prf P]
 *            [--key-bits 128|256] [--proof-of-origin] [--in MIME_FILE] [--seed N] [--now S]
 *
 * Runs the PSK/MIME flow with the long-term keys of KEYS.json (mt_run.c) and writes every
 * message to DIR, for tests and for feeding `kms`, `open` and other implementations.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <mikey/mikey.h>

#include "mt_run.h"

void mt_usage_flow(FILE *f) {
  fputs("usage: mikeytool flow --keys KEYS.json --out DIR [--aead ALG] [--prf PRF]\n"
        "                      [--key-bits 128|256] [--proof-of-origin] [--in MIME_FILE]\n"
        "                      [--seed N] [--now UNIX_SECONDS]\n"
        "Run the PSK/MIME flow (3GPP TS 33.328 Annex I) with the keys of KEYS.json: the\n"
        "initiator gets a ticket from the KMS, protects a MIME entity into a SIP body, the\n"
        "responder resolves the ticket and opens it. Writes to DIR (made if missing):\n"
        "request_init.bin, request_resp.bin, transfer_init.bin, resolve_init.bin,\n"
        "resolve_resp.bin, smime.p7m (DER ContentInfo), sip-body.txt (Content-Type header,\n"
        "empty line, body) and plaintext.txt (the canonical MIME entity sent), and one line\n"
        "per file on standard output. Nothing is written unless the whole flow succeeded.\n"
        "  --keys KEYS.json   identities and long-term keys\n"
        "  --out DIR          where the files go\n"
        "  --aead ALG         aes-128-gcm (default), aes-256-gcm, aes-128-ccm, aes-256-ccm\n"
        "  --prf PRF          sha256 (PRF-HMAC-SHA-256, default) or mikey1 (MIKEY-1)\n"
        "  --key-bits N       KEK size, 128 or 256 (default: 256 for the aes-256 ALGs)\n"
        "  --proof-of-origin  carry the AEAD tag in the TRANSFER_INIT (ticket with I=1)\n"
        "  --in MIME_FILE     the MIME entity to send ('-': standard input; default: a\n"
        "                     text/plain greeting); line ends become CRLF\n"
        "  --seed N           TEST ONLY: deterministic randomness from N; with --now the\n"
        "                     files are the same on every run\n"
        "  --now S            the clock of every party, in Unix seconds\n"
        "Exit status: 0 files written; 1 a party refused a message (the error line says\n"
        "which and why) or bad KEYS.json; 2 the KMS answered with an Error message;\n"
        "64 usage; 66 unreadable input; 70 failure.\n",
        f);
}

enum { OPT_KEYS, OPT_OUT, OPT_AEAD, OPT_PRF, OPT_BITS, OPT_POO, OPT_IN, OPT_SEED, OPT_NOW };
static const mt_optspec flow_opts[] = {{"keys", 1}, {"out", 1},  {"aead", 1},
                                       {"prf", 1},  {"key-bits", 1}, {"proof-of-origin", 0},
                                       {"in", 1},   {"seed", 1}, {"now", 1}};

/* The files, in the order of mt_run's outputs. */
static const struct {
  int out;
  const char *name;
} files[] = {{MT_RUN_REQUEST_INIT, "request_init.bin"}, {MT_RUN_REQUEST_RESP, "request_resp.bin"},
             {MT_RUN_TRANSFER_INIT, "transfer_init.bin"},
             {MT_RUN_RESOLVE_INIT, "resolve_init.bin"}, {MT_RUN_RESOLVE_RESP, "resolve_resp.bin"},
             {MT_RUN_SMIME, "smime.p7m"},               {MT_RUN_SIP_BODY, "sip-body.txt"},
             {MT_RUN_PLAINTEXT, "plaintext.txt"}};

/* write_out writes |b| to DIR/|name|. */
static int write_out(const char *dir, const char *name, const mt_buf *b) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *path = malloc(n);
  if (!path) {
    mt_err("out of memory");
    return MT_EXIT_SOFTWARE;
  }
  snprintf(path, n, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  int rv = MT_EXIT_OK;
  if (!f) {
    mt_err("flow: %s: %s", path, strerror(errno));
    rv = MT_EXIT_SOFTWARE;
  } else {
    int bad = b->n && fwrite(b->p, 1, b->n, f) != b->n;
    if (fclose(f) != 0 || bad) {
      mt_err("flow: writing %s failed: %s", path, strerror(errno));
      rv = MT_EXIT_SOFTWARE;
    }
  }
  free(path);
  return rv;
}

int mt_cmd_flow(int argc, char **argv) {
  const char *keys_path = NULL, *dir = NULL, *in_path = NULL, *val;
  mt_common common = {0};
  mt_run_opts ro;
  memset(&ro, 0, sizeof(ro));
  ro.aead = MIKEY_CMS_AES128_GCM;
  ro.prf = MIKEY_PRF_HMAC_SHA_256;
  uint64_t bits = 0;
  mt_opts o;
  mt_opts_init(&o, "flow", argc, argv, flow_opts, sizeof(flow_opts) / sizeof(flow_opts[0]));
  for (int opt; (opt = mt_opts_next(&o, &val)) != MT_OPT_DONE;) {
    switch (opt) {
    case OPT_KEYS:
      keys_path = val;
      break;
    case OPT_OUT:
      dir = val;
      break;
    case OPT_AEAD:
      if (mt_aead_parse(val, &ro.aead) != 0) {
        mt_err("flow: --aead: unknown algorithm '%s'", val);
        return MT_EXIT_USAGE;
      }
      break;
    case OPT_PRF:
      if (mt_prf_parse(val, &ro.prf) != 0) {
        mt_err("flow: --prf: want mikey1 or sha256, not '%s'", val);
        return MT_EXIT_USAGE;
      }
      break;
    case OPT_BITS:
      if (mt_parse_u64(val, 256, &bits) != 0 || (bits != 128 && bits != 256)) {
        mt_err("flow: --key-bits: want 128 or 256, not '%s'", val);
        return MT_EXIT_USAGE;
      }
      break;
    case OPT_POO:
      ro.poo = 1;
      break;
    case OPT_IN:
      in_path = val;
      break;
    case OPT_SEED:
    case OPT_NOW:
      if (mt_common_option(&common, "flow", flow_opts[opt].name, val) < 0) {
        return MT_EXIT_USAGE;
      }
      break;
    case MT_OPT_HELP:
      mt_usage_flow(stdout);
      return MT_EXIT_OK;
    case MT_OPT_ARG:
      mt_err("flow: unexpected argument '%s'", val);
      mt_usage_flow(stderr);
      return MT_EXIT_USAGE;
    default:
      mt_usage_flow(stderr);
      return MT_EXIT_USAGE;
    }
  }
  if (!keys_path || !dir) {
    mt_err("flow: --keys and --out are required");
    mt_usage_flow(stderr);
    return MT_EXIT_USAGE;
  }
  if (bits == 0) {
    bits = ro.aead == MIKEY_CMS_AES256_GCM || ro.aead == MIKEY_CMS_AES256_CCM ? 256 : 128;
  }
  ro.key_len = (uint8_t)(bits / 8);
  if (mt_run_check_choices("flow", &ro) != MT_EXIT_OK) {
    return MT_EXIT_USAGE;
  }

  mt_keys keys;
  int rv = mt_keys_load_cmd(keys_path, &keys);
  if (rv != 0) {
    return rv;
  }
  uint8_t *mime = NULL;
  size_t mime_len = 0;
  if (in_path) {
    rv = mt_read_all(in_path, &mime, &mime_len);
    if (rv != MT_EXIT_OK) {
      mt_keys_free(&keys);
      return rv;
    }
    ro.mime = mime;
    ro.mime_len = mime_len;
  } else {
    ro.mime = (const uint8_t *)mt_default_mime;
    ro.mime_len = mt_default_mime_len;
  }
  mt_run r;
  rv = mt_run_flow(&keys, &common, &ro, "flow", &r);
  if (rv == MT_EXIT_OK && mkdir(dir, 0777) != 0 && errno != EEXIST) {
    mt_err("flow: %s: %s", dir, strerror(errno));
    rv = MT_EXIT_SOFTWARE;
  }
  for (size_t i = 0; rv == MT_EXIT_OK && i < sizeof(files) / sizeof(files[0]); i++) {
    const mt_buf *b = &r.out[files[i].out];
    rv = write_out(dir, files[i].name, b);
    if (rv != MT_EXIT_OK) {
      break;
    }
    printf("%-18s ", files[i].name);
    switch (files[i].out) {
    case MT_RUN_SMIME:
      printf("CMS ContentInfo, AuthEnvelopedData (%s), %zu bytes DER\n",
             mt_aead_name(r.sent.aead), b->n);
      break;
    case MT_RUN_SIP_BODY:
      printf("%s, %zu bytes (with its Content-Type header)\n", r.ctype,
             b->n - r.body_offset);
      break;
    case MT_RUN_PLAINTEXT:
      printf("the MIME entity sent and recovered, %zu bytes\n", b->n);
      break;
    default:
      mt_msg_summary(stdout, b->p, b->n);
      putchar('\n');
    }
  }
  mt_run_free(&r);
  free(mime);
  mt_keys_free(&keys);
  return rv;
}
