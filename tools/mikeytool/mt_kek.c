/*
 * mt_kek.c: mikeytool kek --keys KEYS.json --transfer-init F --resolve-init F
 *           --resolve-resp F [--now S] [--seed N]
 *
 * The responder of KEYS.json adopts the resolve (as `open` does), verifies the RESOLVE_RESP
 * and the TRANSFER_INIT, and prints the KEK it releases (PROFILE.md section 4) with its
 * identifier: what another CMS implementation needs to open the S/MIME message (openssl cms
 * -decrypt -secretkey KEK -secretkeyid KEK_ID). It prints a secret: for tests and interop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "mt.h"
#include "mt_resume.h"

void mt_usage_kek(FILE *f) {
  fputs("usage: mikeytool kek --keys KEYS.json --transfer-init FILE --resolve-init FILE\n"
        "                     --resolve-resp FILE [--now UNIX_SECONDS] [--seed N]\n"
        "Act as the responder of KEYS.json on a Ticket Resolve made elsewhere (the files\n"
        "'flow' writes), verify the RESOLVE_RESP and the TRANSFER_INIT, and print the KEK\n"
        "the responder gets, with its identifier, the verified initiator and the\n"
        "proof-of-origin tag, one 'name: value' line each. The KEK is a secret: this is\n"
        "for tests and interop (openssl cms -decrypt -secretkey KEK -secretkeyid KEK_ID).\n"
        "  --keys KEYS.json        identities and long-term keys\n"
        "  --transfer-init FILE    the TRANSFER_INIT (binary or base64)\n"
        "  --resolve-init FILE     the RESOLVE_INIT_PSK written for it\n"
        "  --resolve-resp FILE     the KMS's answer\n"
        "  --now S                 the responder's clock, in Unix seconds\n"
        "  --seed N                TEST ONLY: deterministic randomness from N\n"
        "Exit status: 0 KEK printed; 1 a check failed (the error line names the file and\n"
        "the check); 2 the KMS answered with an Error message; 64 usage; 66 unreadable\n"
        "input; 70 failure.\n",
        f);
}

enum { OPT_KEYS, OPT_TI, OPT_RI, OPT_RR, OPT_NOW, OPT_SEED };
static const mt_optspec kek_opts[] = {{"keys", 1},         {"transfer-init", 1},
                                      {"resolve-init", 1}, {"resolve-resp", 1},
                                      {"now", 1},          {"seed", 1}};

static void print_hex(const char *name, const uint8_t *p, size_t n) {
  printf("%s: ", name);
  for (size_t i = 0; i < n; i++) {
    printf("%02x", p[i]);
  }
  putchar('\n');
}

int mt_cmd_kek(int argc, char **argv) {
  const char *keys_path = NULL, *val;
  mt_resume_ctx c;
  memset(&c, 0, sizeof(c));
  mt_common common = {0};
  mt_opts o;
  mt_opts_init(&o, "kek", argc, argv, kek_opts, sizeof(kek_opts) / sizeof(kek_opts[0]));
  for (int opt; (opt = mt_opts_next(&o, &val)) != MT_OPT_DONE;) {
    switch (opt) {
    case OPT_KEYS:
      keys_path = val;
      break;
    case OPT_TI:
      c.ti_path = val;
      break;
    case OPT_RI:
      c.ri_path = val;
      break;
    case OPT_RR:
      c.rr_path = val;
      break;
    case OPT_NOW:
    case OPT_SEED:
      if (mt_common_option(&common, "kek", kek_opts[opt].name, val) < 0) {
        return MT_EXIT_USAGE;
      }
      break;
    case MT_OPT_HELP:
      mt_usage_kek(stdout);
      return MT_EXIT_OK;
    case MT_OPT_ARG:
      mt_err("kek: unexpected argument '%s'", val);
      mt_usage_kek(stderr);
      return MT_EXIT_USAGE;
    default:
      mt_usage_kek(stderr);
      return MT_EXIT_USAGE;
    }
  }
  if (!keys_path || !c.ti_path || !c.ri_path || !c.rr_path) {
    mt_err("kek: --keys, --transfer-init, --resolve-init and --resolve-resp are required");
    mt_usage_kek(stderr);
    return MT_EXIT_USAGE;
  }
  mt_keys keys;
  int rv = mt_keys_load_cmd(keys_path, &keys);
  if (rv != 0) {
    return rv;
  }
  mt_source src;
  memset(&src, 0, sizeof(src));
  mikey_responder_config rc;
  uint8_t kek[MIKEY_PSK_MAX];
  size_t kek_len = 0;
  rv = mt_resume_load(&c);
  if (rv == MT_EXIT_OK && mt_source_init(&src, &common, "responder") != 0) {
    rv = MT_EXIT_SOFTWARE;
  }
  if (rv == MT_EXIT_OK) {
    rv = mt_resume_config(&c, "kek", &keys, mt_source_env(&src), 0, &rc);
  }
  if (rv == MT_EXIT_OK) {
    int r = mikey_responder_new(&c.resp, &rc);
    if (r != 0) {
      mt_err("kek: the responder cannot be set up: %s (%s)", mikey_strerror(r),
             mikey_err_name(r));
      rv = MT_EXIT_SOFTWARE;
    }
  }
  if (rv == MT_EXIT_OK) {
    rv = mt_resume_adopt(&c, "kek", &rc);
  }
  mikey_transfer_info info;
  memset(&info, 0, sizeof(info));
  if (rv == MT_EXIT_OK) {
    int r = mikey_responder_on_resolve_resp(c.resp, c.rr, c.rr_len, &info);
    if (r != 0) {
      rv = mt_report_resolve("kek", c.rr_path, c.resp, c.xid, r, &info);
    }
  }
  if (rv == MT_EXIT_OK) {
    int r = mikey_responder_key(c.resp, c.xid, 1, kek, sizeof(kek), &kek_len);
    if (r != 0) {
      mt_err("kek: the KEK is not released: %s (%s)", mikey_strerror(r), mikey_err_name(r));
      rv = MT_EXIT_SOFTWARE;
    }
  }
  if (rv == MT_EXIT_OK) {
    fputs("initiator: ", stdout);
    mt_print_ident(stdout, info.initiator, info.initiator_len);
    putchar('\n');
    print_hex("kek_id", info.kek_id, info.kek_id_len);
    print_hex("kek", kek, kek_len);
    if (info.has_poo) {
      print_hex("proof_of_origin", info.poo, info.poo_len);
    } else {
      puts("proof_of_origin: none");
    }
  }
  mikey_memzero(kek, sizeof(kek));
  mikey_responder_free(c.resp);
  mt_resume_free(&c);
  mt_source_free(&src);
  mt_keys_free(&keys);
  return rv;
}
