/*
 * mt_open.c: mikeytool open --keys KEYS.json --transfer-init F --resolve-init F
 *            --resolve-resp F (--smime F | --sip-body F) [--proof-of-origin] [--now S]
 *            [--seed N] [--verbose]
 *
 * The responder of KEYS.json on messages another process exchanged (the files `flow`
 * writes): a receiver (pskmime.h) whose responder adopts the TRANSFER_INIT and its
 * RESOLVE_INIT (mikey_responder_resume), holds the S/MIME message, and opens it with the
 * RESOLVE_RESP (mikey_pskmime_open). The MIME entity goes to stdout only when every check
 * passed; otherwise one line says which check failed.
 *
 * The process keeps no state: it cannot know that a TRANSFER_INIT was opened before by
 * another run (a real receiver keeps its replay cache, Annex I.3 KEK-once).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "mt.h"
#include "mt_resume.h"
#include "mt_run.h"

void mt_usage_open(FILE *f) {
  fputs("usage: mikeytool open --keys KEYS.json --transfer-init FILE --resolve-init FILE\n"
        "                      --resolve-resp FILE (--smime FILE | --sip-body FILE)\n"
        "                      [--proof-of-origin] [--now UNIX_SECONDS] [--seed N] [--verbose]\n"
        "Act as the responder of KEYS.json on a transfer made elsewhere (the files 'flow'\n"
        "writes): adopt the TRANSFER_INIT and the RESOLVE_INIT_PSK written for it, verify\n"
        "the KMS's RESOLVE_RESP, the TRANSFER_INIT, the S/MIME message and its\n"
        "proof-of-origin, and print the MIME entity on standard output.\n"
        "  --keys KEYS.json       identities and long-term keys\n"
        "  --transfer-init FILE   the TRANSFER_INIT (binary or base64); optional with\n"
        "                         --sip-body, whose TRANSFER_INIT it must then equal\n"
        "  --resolve-init FILE    the RESOLVE_INIT_PSK written for it\n"
        "  --resolve-resp FILE    the KMS's answer\n"
        "  --smime FILE           the CMS ContentInfo, DER (or base64)\n"
        "  --sip-body FILE        the SIP body with its Content-Type header (sip-body.txt)\n"
        "  --proof-of-origin      refuse a transfer without proof-of-origin\n"
        "  --now S                the responder's clock, in Unix seconds\n"
        "  --seed N               TEST ONLY: deterministic randomness from N\n"
        "  --verbose              say on stderr what was verified\n"
        "Exit status: 0 verified, entity printed; 1 a check failed (the error line names\n"
        "the file and the check), or bad KEYS.json; 2 the KMS answered with an Error\n"
        "message; 64 usage; 66 unreadable input; 70 failure.\n",
        f);
}

enum {
  OPT_KEYS,
  OPT_TI,
  OPT_RI,
  OPT_RR,
  OPT_SMIME,
  OPT_SIPBODY,
  OPT_POO,
  OPT_NOW,
  OPT_SEED,
  OPT_VERBOSE
};
static const mt_optspec open_opts[] = {
    {"keys", 1},  {"transfer-init", 1},   {"resolve-init", 1}, {"resolve-resp", 1},
    {"smime", 1}, {"sip-body", 1},        {"proof-of-origin", 0}, {"now", 1},
    {"seed", 1},  {"verbose", 0}};

/* The S/MIME message and, with --sip-body, the TRANSFER_INIT taken from the body. */
typedef struct open_input {
  uint8_t *file;    /* the --smime or --sip-body file */
  size_t file_len;
  uint8_t *scratch; /* decoded base64 */
  const uint8_t *der;
  size_t der_len;
  const uint8_t *ti; /* --sip-body: its TRANSFER_INIT */
  size_t ti_len;
} open_input;

/* load_smime reads --smime: DER (a ContentInfo starts with SEQUENCE, 0x30, which is not a
 * base64 character), else base64. */
static int load_smime(const char *path, open_input *in) {
  int rv = mt_read_all(path, &in->file, &in->file_len);
  if (rv != MT_EXIT_OK) {
    return rv;
  }
  if (in->file_len > 0 && in->file[0] == 0x30) {
    in->der = in->file;
    in->der_len = in->file_len;
    return MT_EXIT_OK;
  }
  size_t cap = mikey_base64_decoded_max(in->file_len) + 1, n = 0;
  in->scratch = malloc(cap);
  if (!in->scratch) {
    mt_err("out of memory");
    return MT_EXIT_SOFTWARE;
  }
  int rc = mikey_base64_decode(in->file, in->file_len, MIKEY_BASE64_MIME, in->scratch, cap, &n);
  if (rc != 0 || n == 0) {
    mt_err("open: %s: neither DER (a ContentInfo) nor base64%s", path,
           rc == MIKEY_E_BASE64 ? ": invalid base64" : "");
    return MT_EXIT_REFUSED;
  }
  in->der = in->scratch;
  in->der_len = n;
  return MT_EXIT_OK;
}

/* load_sipbody reads --sip-body: a Content-Type header, an empty line, the body; parses the
 * body (mikey_sipbody_parse) for its TRANSFER_INIT and DER. */
static int load_sipbody(const char *path, open_input *in) {
  int rv = mt_read_all(path, &in->file, &in->file_len);
  if (rv != MT_EXIT_OK) {
    return rv;
  }
  size_t v_off = 0, v_len = 0, b_off = 0;
  int r = mt_split_header(in->file, in->file_len, "Content-Type", &v_off, &v_len, &b_off);
  if (r != 0) {
    mt_err("open: %s: %s", path,
           r == -2   ? "no Content-Type field before the empty line"
           : r == -3 ? "Content-Type given twice"
                     : "want a Content-Type header, an empty line, then the body");
    return MT_EXIT_REFUSED;
  }
  const char *ctype = (const char *)in->file + v_off;
  const uint8_t *body = in->file + b_off;
  size_t body_len = in->file_len - b_off, n = 0;
  mikey_sipbody sb;
  mikey_mime_diag diag;
  memset(&diag, 0, sizeof(diag));
  int rc = mikey_sipbody_parse(ctype, v_len, body, body_len, NULL, 0, &n, &sb, &diag);
  if (rc == MIKEY_E_BUFFER_TOO_SMALL) {
    in->scratch = malloc(n ? n : 1);
    rc = in->scratch ? mikey_sipbody_parse(ctype, v_len, body, body_len, in->scratch, n, &n,
                                           &sb, &diag)
                     : MIKEY_E_NOMEM;
  }
  if (rc != 0) {
    size_t at = diag.source == MIKEY_MIME_DIAG_CTYPE ? v_off + diag.offset : b_off + diag.offset;
    mt_err("open: %s: not a PSK/MIME SIP body: %s (%s)%s%s at offset %zu", path,
           mikey_strerror(rc), mikey_err_name(rc), diag.what ? ": " : "",
           diag.what ? diag.what : "", at);
    return rc == MIKEY_E_NOMEM ? MT_EXIT_SOFTWARE : MT_EXIT_REFUSED;
  }
  in->ti = sb.mikey;
  in->ti_len = sb.mikey_len;
  in->der = sb.smime.der;
  in->der_len = sb.smime.der_len;
  return MT_EXIT_OK;
}

/* report_open says which check of mikey_pskmime_open() failed: res->stage names the step,
 * hence the message at fault. */
static int report_open(mt_resume_ctx *c, int rc, const mikey_pskmime_result *res) {
  if (rc == MIKEY_E_NOMEM || rc == MIKEY_E_CRYPTO || rc == MIKEY_E_CALLBACK) {
    mt_err("open: %s (%s)", mikey_strerror(rc), mikey_err_name(rc));
    return MT_EXIT_SOFTWARE;
  }
  const char *what = NULL;
  switch (res->stage) {
  case MIKEY_PSKMIME_STAGE_EXCHANGE:
  case MIKEY_PSKMIME_STAGE_RESOLVE_RESP:
    if (rc == MIKEY_E_PEER_ERROR) {
      mt_err("open: %s: the KMS refused the resolve with an Error message: Error no %u (%s)%s",
             c->rr_path, res->peer_error, mt_errno_name(res->peer_error),
             res->peer_error_authenticated ? ""
                                           : " (not authenticated: its V is absent or wrong)");
      return MT_EXIT_KMS_ERROR;
    }
    mt_err("open: %s: RESOLVE_RESP refused (RFC 6043 4.2.3.6): %s (%s)", c->rr_path,
           mikey_strerror(rc), mikey_err_name(rc));
    return MT_EXIT_REFUSED;
  case MIKEY_PSKMIME_STAGE_TRANSFER_INIT:
    if (rc == MIKEY_E_AUTH) {
      mt_err("open: %s: TRANSFER_INIT refused: its V does not verify with the MPKi the KMS "
             "sent (RFC 6043 5.5): %s (%s)",
             c->ti_path, mikey_strerror(rc), mikey_err_name(rc));
    } else {
      mt_err("open: %s: TRANSFER_INIT refused with the keys of the verified RESOLVE_RESP (RFC "
             "6043 4.2.3.6): %s (%s)",
             c->ti_path, mikey_strerror(rc), mikey_err_name(rc));
    }
    return MT_EXIT_REFUSED;
  case MIKEY_PSKMIME_STAGE_KEK:
    what = "the KEK was released before (Annex I.3: a KEK is used once)";
    break;
  case MIKEY_PSKMIME_STAGE_SMIME:
    what = rc == MIKEY_E_CMS_KEK_ID
               ? "S/MIME: its kekid is not the KEK identifier of the TRANSFER_INIT"
           : rc == MIKEY_E_AUTH
               ? "S/MIME: the AuthEnvelopedData does not verify under the KEK (content or tag "
                 "altered)"
           : rc == MIKEY_E_UNWRAP
               ? "S/MIME: its content key is not wrapped under this KEK (RFC 3394 integrity "
                 "check)"
               : "S/MIME";
    break;
  case MIKEY_PSKMIME_STAGE_POO:
    what = rc == MIKEY_E_POO_MISMATCH
               ? "proof-of-origin: the tag in the TRANSFER_INIT is not the "
                 "AuthEnvelopedData's (PROFILE.md section 6)"
               : "proof-of-origin: required, and the transfer carries none";
    break;
  default:
    what = "failed";
  }
  mt_err("open: %s: %s (%s)", what, mikey_strerror(rc), mikey_err_name(rc));
  return MT_EXIT_REFUSED;
}

int mt_cmd_open(int argc, char **argv) {
  const char *keys_path = NULL, *smime_path = NULL, *body_path = NULL, *val;
  int require_poo = 0, verbose = 0;
  mt_resume_ctx c;
  memset(&c, 0, sizeof(c));
  mt_common common = {0};
  mt_opts o;
  mt_opts_init(&o, "open", argc, argv, open_opts, sizeof(open_opts) / sizeof(open_opts[0]));
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
    case OPT_SMIME:
      smime_path = val;
      break;
    case OPT_SIPBODY:
      body_path = val;
      break;
    case OPT_POO:
      require_poo = 1;
      break;
    case OPT_VERBOSE:
      verbose = 1;
      break;
    case OPT_NOW:
    case OPT_SEED:
      if (mt_common_option(&common, "open", open_opts[opt].name, val) < 0) {
        return MT_EXIT_USAGE;
      }
      break;
    case MT_OPT_HELP:
      mt_usage_open(stdout);
      return MT_EXIT_OK;
    case MT_OPT_ARG:
      mt_err("open: unexpected argument '%s'", val);
      mt_usage_open(stderr);
      return MT_EXIT_USAGE;
    default:
      mt_usage_open(stderr);
      return MT_EXIT_USAGE;
    }
  }
  if (!keys_path || !c.ri_path || !c.rr_path || (!c.ti_path && !body_path) ||
      !smime_path == !body_path) {
    mt_err("open: want --keys, --transfer-init, --resolve-init, --resolve-resp and one of "
           "--smime and --sip-body");
    mt_usage_open(stderr);
    return MT_EXIT_USAGE;
  }
  mt_keys keys;
  int rv = mt_keys_load_cmd(keys_path, &keys);
  if (rv != 0) {
    return rv;
  }
  open_input in;
  memset(&in, 0, sizeof(in));
  mt_source src;
  memset(&src, 0, sizeof(src));
  mikey_pskmime_receiver *rx = NULL;
  uint8_t *mime = NULL;
  size_t mime_len = 0, mime_cap = 0;

  /* every file first: a missing or malformed one is named before any check runs */
  rv = body_path ? load_sipbody(body_path, &in) : load_smime(smime_path, &in);
  if (rv == MT_EXIT_OK && c.ti_path) {
    rv = mt_read_msg(c.ti_path, &c.ti, &c.ti_len);
    if (rv == MT_EXIT_OK && in.ti &&
        (in.ti_len != c.ti_len || memcmp(in.ti, c.ti, c.ti_len) != 0)) {
      mt_err("open: %s: not the TRANSFER_INIT of the SIP body %s", c.ti_path, body_path);
      rv = MT_EXIT_REFUSED;
    }
  } else if (rv == MT_EXIT_OK) {
    c.ti_path = body_path;
    c.ti = malloc(in.ti_len);
    if (!c.ti) {
      mt_err("out of memory");
      rv = MT_EXIT_SOFTWARE;
    } else {
      memcpy(c.ti, in.ti, in.ti_len);
      c.ti_len = in.ti_len;
    }
  }
  if (rv == MT_EXIT_OK) {
    rv = mt_read_msg(c.ri_path, &c.ri, &c.ri_len);
  }
  if (rv == MT_EXIT_OK) {
    rv = mt_read_msg(c.rr_path, &c.rr, &c.rr_len);
  }
  if (rv == MT_EXIT_OK && mt_source_init(&src, &common, "responder") != 0) {
    rv = MT_EXIT_SOFTWARE;
  }

  /* the receiver, its responder adopting the resolve */
  mikey_responder_config rc;
  if (rv == MT_EXIT_OK) {
    rv = mt_resume_config(&c, "open", &keys, mt_source_env(&src), require_poo, &rc);
  }
  if (rv == MT_EXIT_OK) {
    int r = mikey_pskmime_receiver_new(&rx, &rc);
    if (r != 0) {
      mt_err("open: the receiver cannot be set up: %s (%s)", mikey_strerror(r),
             mikey_err_name(r));
      rv = MT_EXIT_SOFTWARE;
    } else {
      c.resp = mikey_pskmime_receiver_responder(rx);
      rv = mt_resume_adopt(&c, "open", &rc);
    }
  }
  if (rv == MT_EXIT_OK) {
    int r = mikey_pskmime_hold(rx, c.xid, in.der, in.der_len);
    if (r == MIKEY_E_CMS_KEK_ID) {
      mt_err("open: %s: S/MIME: its kekid is not the KEK identifier of the TRANSFER_INIT "
             "(refused before the resolve): %s (%s)",
             body_path ? body_path : smime_path, mikey_strerror(r), mikey_err_name(r));
      rv = MT_EXIT_REFUSED;
    } else if (r != 0) {
      mt_err("open: %s: not an AuthEnvelopedData of this profile (RFC 5083, PROFILE.md "
             "section 7): %s (%s)",
             body_path ? body_path : smime_path, mikey_strerror(r), mikey_err_name(r));
      rv = r == MIKEY_E_NOMEM ? MT_EXIT_SOFTWARE : MT_EXIT_REFUSED;
    }
  }

  /* RESOLVE_RESP, TRANSFER_INIT, KEK, S/MIME, proof-of-origin: all or nothing */
  mikey_pskmime_result res;
  memset(&res, 0, sizeof(res));
  if (rv == MT_EXIT_OK) {
    int r = mikey_pskmime_open_size(rx, c.xid, &mime_cap);
    if (r == 0 && !(mime = malloc(mime_cap ? mime_cap : 1))) {
      r = MIKEY_E_NOMEM;
    }
    if (r == 0) {
      r = mikey_pskmime_open(rx, c.rr, c.rr_len, mime, mime_cap, &mime_len, &res);
    }
    if (r != 0) {
      rv = report_open(&c, r, &res);
    }
  }
  if (rv == MT_EXIT_OK) {
    if (verbose) {
      fputs("open: verified: initiator ", stderr);
      mt_print_ident(stderr, res.initiator, res.initiator_len);
      fprintf(stderr, ", KEK id ");
      for (size_t i = 0; i < res.kek_id_len; i++) {
        fprintf(stderr, "%02x", res.kek_id[i]);
      }
      fprintf(stderr, ", %s, %s\n", mt_aead_name(res.aead),
              res.poo_present ? "proof-of-origin verified" : "no proof-of-origin");
    }
    rv = mt_write_all(stdout, "the MIME entity", mime, mime_len);
  }
  if (mime) {
    mikey_memzero(mime, mime_cap);
    free(mime);
  }
  mikey_pskmime_receiver_free(rx);
  c.resp = NULL; /* the receiver's */
  mt_resume_free(&c);
  free(in.file);
  free(in.scratch);
  mt_source_free(&src);
  mt_keys_free(&keys);
  return rv;
}
