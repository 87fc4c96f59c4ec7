/*
 * mt_kms.c: mikeytool kms --keys KEYS.json [--now S] [--seed N] [FILE|-]
 *
 * The KMS of KEYS.json answers one REQUEST_INIT_PSK or RESOLVE_INIT_PSK (RFC 6043 4.2.1.4,
 * 4.2.3.4): the response on stdout and exit 0, or the Error message (RFC 6043 5.4) on stdout,
 * the reason on stderr and exit 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "mt.h"
#include "mt_engines.h"

void mt_usage_kms(FILE *f) {
  fputs("usage: mikeytool kms --keys KEYS.json [--now UNIX_SECONDS] [--seed N] [FILE|-]\n"
        "Act as the KMS of KEYS.json on one REQUEST_INIT_PSK or RESOLVE_INIT_PSK read from\n"
        "FILE or standard input (binary or base64, detected automatically); write the\n"
        "REQUEST_RESP or RESOLVE_RESP to standard output, or the MIKEY Error message the\n"
        "KMS answers a refusal with.\n"
        "  --keys KEYS.json  identities and long-term keys (mikeytool(1), KEYS.json)\n"
        "  --now S           the KMS's clock, in Unix seconds (default: the system clock)\n"
        "  --seed N          TEST ONLY: deterministic randomness from N (with the same --now,\n"
        "                    answers a message exactly as 'flow --seed N' did)\n"
        "Exit status: 0 response written; 2 refused: Error message written, the reason on\n"
        "stderr; 1 input without a readable MIKEY header, or bad KEYS.json; 64 usage;\n"
        "66 unreadable input; 70 failure.\n",
        f);
}

enum { OPT_KEYS, OPT_NOW, OPT_SEED };
static const mt_optspec kms_opts[] = {{"keys", 1}, {"now", 1}, {"seed", 1}};

int mt_cmd_kms(int argc, char **argv) {
  const char *keys_path = NULL, *in_path = NULL, *val;
  mt_common common = {0};
  mt_opts o;
  mt_opts_init(&o, "kms", argc, argv, kms_opts, sizeof(kms_opts) / sizeof(kms_opts[0]));
  for (int opt; (opt = mt_opts_next(&o, &val)) != MT_OPT_DONE;) {
    switch (opt) {
    case OPT_KEYS:
      keys_path = val;
      break;
    case OPT_NOW:
    case OPT_SEED:
      if (mt_common_option(&common, "kms", kms_opts[opt].name, val) < 0) {
        return MT_EXIT_USAGE;
      }
      break;
    case MT_OPT_ARG:
      if (in_path) {
        mt_err("kms: more than one input");
        return MT_EXIT_USAGE;
      }
      in_path = val;
      break;
    case MT_OPT_HELP:
      mt_usage_kms(stdout);
      return MT_EXIT_OK;
    default:
      mt_usage_kms(stderr);
      return MT_EXIT_USAGE;
    }
  }
  if (!keys_path) {
    mt_err("kms: --keys KEYS.json is required");
    mt_usage_kms(stderr);
    return MT_EXIT_USAGE;
  }

  mt_keys keys;
  int rv = mt_keys_load_cmd(keys_path, &keys);
  if (rv != 0) {
    return rv;
  }
  uint8_t *in = NULL, *out = NULL;
  size_t in_len = 0;
  mikey_kms *kms = NULL;
  mt_source src;
  memset(&src, 0, sizeof(src));
  rv = mt_read_all(in_path, &in, &in_len);
  if (rv == MT_EXIT_OK) {
    rv = mt_unarmor(&in, &in_len);
  }
  if (rv != MT_EXIT_OK) {
    goto done;
  }
  /* the seeded stream takes the message as context: the same seed answers the same
   * message with the same bytes, whatever else the KMS answered before (flow) */
  if (mt_source_init(&src, &common, "kms") != 0 || mt_source_reseed(&src, in, in_len) != 0) {
    rv = MT_EXIT_SOFTWARE;
    goto done;
  }
  int rc = mt_kms_new(&keys, mt_source_env(&src), &kms);
  if (rc != 0) {
    mt_err("kms: the KMS of %s cannot be set up: %s (%s)", keys_path, mikey_strerror(rc),
           mikey_err_name(rc));
    rv = rc == MIKEY_E_NOMEM ? MT_EXIT_SOFTWARE : MT_EXIT_REFUSED;
    goto done;
  }
  size_t out_len = 0;
  mikey_kms_result res;
  rc = mikey_kms_process(kms, in, in_len, NULL, 0, &out_len, &res);
  if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
    out = malloc(out_len ? out_len : 1);
    if (!out) {
      mt_err("out of memory");
      rv = MT_EXIT_SOFTWARE;
      goto done;
    }
    rc = mikey_kms_process(kms, in, in_len, out, out_len, &out_len, &res);
  }
  if (rc != 0) {
    mt_err("kms: %s (%s)", mikey_strerror(rc), mikey_err_name(rc));
    rv = MT_EXIT_SOFTWARE;
    goto done;
  }
  switch (res.wrote) {
  case MIKEY_KMS_WROTE_RESPONSE:
    rv = mt_write_all(stdout, "the response", out, out_len);
    break;
  case MIKEY_KMS_WROTE_ERROR:
    rv = mt_write_all(stdout, "the Error message", out, out_len);
    if (rv == MT_EXIT_OK) {
      const char *dt = mikey_data_type_name(res.data_type);
      char where[48] = "";
      if (res.reason <= -100 && res.reason > -200) { /* a decode refusal has an offset */
        snprintf(where, sizeof(where), " at offset %zu", res.err_offset);
      }
      mt_err("kms: refused the %s: %s (%s)%s; sent Error no %u (%s)", dt ? dt : "message",
             mikey_strerror(res.reason), mikey_err_name(res.reason), where, res.error_no,
             mt_errno_name(res.error_no));
      rv = MT_EXIT_KMS_ERROR;
    }
    break;
  default:
    mt_err("kms: no readable MIKEY Common Header, nothing answered: %s (%s) at offset %zu",
           mikey_strerror(res.reason), mikey_err_name(res.reason), res.err_offset);
    rv = MT_EXIT_REFUSED;
    break;
  }
done:
  mikey_kms_free(kms);
  mt_source_free(&src);
  mt_keys_free(&keys);
  free(in);
  free(out);
  return rv;
}
