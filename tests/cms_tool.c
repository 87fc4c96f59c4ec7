/*
 * cms_tool.c: builds and opens AuthEnvelopedData files for the interop scripts (tests only).
 *
 *   cms_tool build  ALG KEKHEX KEKIDHEX IN OUT          one-shot build (DER)
 *   cms_tool open   KEKHEX KEKIDHEX IN OUT              one-shot open
 *   cms_tool sbuild ALG KEKHEX KEKIDHEX IN OUT CHUNK [ber]  streaming build, CHUNK bytes
 *                                                       per update; "ber": unknown length
 *   cms_tool sopen  KEKHEX KEKIDHEX IN OUT CHUNK        streaming open, CHUNK bytes per update
 *   cms_tool edbuild aes-128-cbc|aes-256-cbc KEKHEX KEKIDHEX IN OUT   EnvelopedData build
 *   cms_tool edopen  KEKHEX KEKIDHEX IN OUT                          EnvelopedData open
 *
 * ALG: aes-128-gcm, aes-256-gcm, aes-128-ccm, aes-256-ccm, optionally followed by
 * ":NONCE:ICV" (e.g. aes-128-ccm:13:8) and ":attrs" to add authAttrs. Exit 0 on success, 1 on
 * a library refusal (its name on stderr), 2 on a usage or I/O error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

/* A signingTime attribute (RFC 5652 11.3) for ":attrs". */
static const uint8_t ATTR_TIME[] = {0x30, 0x1c, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
                                    0x01, 0x09, 0x05, 0x31, 0x0f, 0x17, 0x0d, 0x32, 0x34, 0x30,
                                    0x31, 0x30, 0x31, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x5a};

static int usage(void) {
  fprintf(stderr, "usage: cms_tool build|open|sbuild|sopen ... (see tests/cms_tool.c)\n");
  return 2;
}

static int hex(const char *s, uint8_t *out, size_t cap, size_t *len) {
  size_t n = strlen(s);
  if (n % 2 || n / 2 > cap) {
    return -1;
  }
  for (size_t i = 0; i < n / 2; i++) {
    unsigned v;
    if (sscanf(s + 2 * i, "%2x", &v) != 1) {
      return -1;
    }
    out[i] = (uint8_t)v;
  }
  *len = n / 2;
  return 0;
}

static uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  uint8_t *b = malloc(cap);
  for (;;) {
    if (n == cap) {
      cap *= 2;
      b = realloc(b, cap);
    }
    size_t r = fread(b + n, 1, cap - n, f);
    if (r == 0) {
      break;
    }
    n += r;
  }
  fclose(f);
  *len = n;
  return b;
}

static int write_file(const char *path, const uint8_t *p, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0) {
    return -1;
  }
  return 0;
}

/* parse_alg reads "aes-128-gcm[:NONCE:ICV][:attrs]" into |o|. */
static int parse_alg(const char *s, mikey_cms_aed_opts *o) {
  memset(o, 0, sizeof(*o));
  if (!strncmp(s, "aes-128-gcm", 11)) {
    o->alg = MIKEY_CMS_AES128_GCM;
  } else if (!strncmp(s, "aes-256-gcm", 11)) {
    o->alg = MIKEY_CMS_AES256_GCM;
  } else if (!strncmp(s, "aes-128-ccm", 11)) {
    o->alg = MIKEY_CMS_AES128_CCM;
  } else if (!strncmp(s, "aes-256-ccm", 11)) {
    o->alg = MIKEY_CMS_AES256_CCM;
  } else {
    return -1;
  }
  s += 11;
  unsigned nl, icv;
  if (sscanf(s, ":%u:%u", &nl, &icv) == 2) {
    o->nonce_len = nl;
    o->icv_len = icv;
  }
  if (strstr(s, "attrs")) {
    o->auth_attrs = ATTR_TIME;
    o->auth_attrs_len = sizeof(ATTR_TIME);
  }
  return 0;
}

static int fail(const char *what, int rv) {
  fprintf(stderr, "cms_tool: %s: %s (%s)\n", what, mikey_err_name(rv), mikey_strerror(rv));
  return 1;
}

static int do_build(int argc, char **argv, int streaming) {
  if (argc < (streaming ? 8 : 7)) {
    return usage();
  }
  mikey_cms_aed_opts o;
  uint8_t kek[32], id[256];
  size_t kl, il, n;
  if (parse_alg(argv[2], &o) || hex(argv[3], kek, sizeof(kek), &kl) || hex(argv[4], id, sizeof(id), &il)) {
    return usage();
  }
  uint8_t *in = read_file(argv[5], &n);
  if (!in) {
    return 2;
  }
  mikey_cms_kek k = {kek, kl, id, il};
  int rv;
  uint8_t *out;
  size_t ol;
  if (!streaming) {
    if ((rv = mikey_cms_aed_size(&o, &k, n, &ol)) != 0) {
      return fail("size", rv);
    }
    out = malloc(ol ? ol : 1);
    if ((rv = mikey_cms_aed_build(NULL, NULL, &o, &k, in, n, out, &ol)) != 0) {
      return fail("build", rv);
    }
  } else {
    size_t chunk = (size_t)strtoul(argv[7], NULL, 10);
    int ber = argc > 8 && !strcmp(argv[8], "ber");
    mikey_cms_aed_encoder *enc;
    if (chunk == 0) {
      return usage();
    }
    if ((rv = mikey_cms_aed_encoder_new(&enc, NULL, &o, &k, ber ? MIKEY_CMS_LENGTH_UNKNOWN : n)) != 0) {
      return fail("encoder_new", rv);
    }
    size_t cap = 1 << 16;
    out = malloc(cap);
    ol = 0;
    for (size_t off = 0;; off += chunk) {
      int last = off >= n;
      size_t take = last ? 0 : (n - off < chunk ? n - off : chunk);
      size_t need = last ? 0 : mikey_cms_aed_encoder_update_size(enc, take);
      size_t room = 0;
      if (!last) {
        while (cap - ol < need) {
          cap *= 2;
          out = realloc(out, cap);
        }
        room = cap - ol;
        rv = mikey_cms_aed_encoder_update(enc, in + off, take, out + ol, &room);
      } else {
        room = cap - ol;
        rv = mikey_cms_aed_encoder_final(enc, out + ol, &room);
        if (rv == MIKEY_E_BUFFER_TOO_SMALL) {
          while (cap - ol < room) {
            cap *= 2;
            out = realloc(out, cap);
          }
          room = cap - ol;
          rv = mikey_cms_aed_encoder_final(enc, out + ol, &room);
        }
      }
      if (rv) {
        return fail(last ? "encoder_final" : "encoder_update", rv);
      }
      ol += room;
      if (last) {
        break;
      }
    }
    mikey_cms_aed_encoder_free(enc);
  }
  if (write_file(argv[6], out, ol)) {
    return 2;
  }
  free(in);
  free(out);
  return 0;
}

static int do_open(int argc, char **argv, int streaming) {
  if (argc < (streaming ? 7 : 6)) {
    return usage();
  }
  uint8_t kek[32], id[256];
  size_t kl, il, n;
  if (hex(argv[2], kek, sizeof(kek), &kl) || hex(argv[3], id, sizeof(id), &il)) {
    return usage();
  }
  uint8_t *in = read_file(argv[4], &n);
  if (!in) {
    return 2;
  }
  mikey_cms_kek k = {kek, kl, id, il};
  uint8_t *out = malloc(n + 1);
  size_t ol = n;
  int rv;
  if (!streaming) {
    if ((rv = mikey_cms_aed_open(NULL, in, n, &k, out, &ol, NULL)) != 0) {
      return fail("open", rv);
    }
  } else {
    size_t chunk = (size_t)strtoul(argv[6], NULL, 10);
    mikey_cms_aed_decoder *dec;
    if (chunk == 0) {
      return usage();
    }
    if ((rv = mikey_cms_aed_decoder_new(&dec, &k)) != 0) {
      return fail("decoder_new", rv);
    }
    ol = 0;
    for (size_t off = 0; off < n; off += chunk) {
      size_t take = n - off < chunk ? n - off : chunk;
      size_t got = take;
      if ((rv = mikey_cms_aed_decoder_update(dec, in + off, take, out + ol, &got)) != 0) {
        return fail("decoder_update", rv);
      }
      ol += got;
    }
    /* Only now is the plaintext authentic; on failure it is dropped, not written. */
    if ((rv = mikey_cms_aed_decoder_final(dec)) != 0) {
      return fail("decoder_final", rv);
    }
    mikey_cms_aed_decoder_free(dec);
  }
  if (write_file(argv[5], out, ol)) {
    return 2;
  }
  free(in);
  free(out);
  return 0;
}

static int do_ed(int argc, char **argv, int build) {
  if (argc < (build ? 7 : 6)) {
    return usage();
  }
  int a = build ? 1 : 0;
  mikey_cms_alg alg = MIKEY_CMS_AES128_CBC;
  if (build) {
    if (!strcmp(argv[2], "aes-256-cbc")) {
      alg = MIKEY_CMS_AES256_CBC;
    } else if (strcmp(argv[2], "aes-128-cbc")) {
      return usage();
    }
  }
  uint8_t kek[32], id[256];
  size_t kl, il, n;
  if (hex(argv[2 + a], kek, sizeof(kek), &kl) || hex(argv[3 + a], id, sizeof(id), &il)) {
    return usage();
  }
  uint8_t *in = read_file(argv[4 + a], &n);
  if (!in) {
    return 2;
  }
  mikey_cms_kek k = {kek, kl, id, il};
  size_t ol = n + 1024;
  uint8_t *out = malloc(ol);
  int rv = build ? mikey_cms_ed_build(NULL, NULL, alg, &k, in, n, out, &ol)
                 : mikey_cms_ed_open(NULL, in, n, &k, out, &ol);
  if (rv) {
    return fail(build ? "ed_build" : "ed_open", rv);
  }
  if (write_file(argv[5 + a], out, ol)) {
    return 2;
  }
  free(in);
  free(out);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2 || mikey_global_init(0) != 0) {
    return usage();
  }
  if (!strcmp(argv[1], "build")) {
    return do_build(argc, argv, 0);
  }
  if (!strcmp(argv[1], "sbuild")) {
    return do_build(argc, argv, 1);
  }
  if (!strcmp(argv[1], "open")) {
    return do_open(argc, argv, 0);
  }
  if (!strcmp(argv[1], "sopen")) {
    return do_open(argc, argv, 1);
  }
  if (!strcmp(argv[1], "edbuild")) {
    return do_ed(argc, argv, 1);
  }
  if (!strcmp(argv[1], "edopen")) {
    return do_ed(argc, argv, 0);
  }
  return usage();
}
