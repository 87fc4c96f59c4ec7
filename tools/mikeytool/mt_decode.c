/*
 * mt_decode.c: mikeytool decode [--json] [--secrets] [FILE|-]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "mt.h"

void mt_usage_decode(FILE *f) {
  fputs("usage: mikeytool decode [--json] [--secrets] [FILE|-]\n"
        "Decode one MIKEY message (binary or base64, detected automatically) from FILE or\n"
        "standard input, check it against the grammar of its message type (RFC 6043 4.2),\n"
        "and print it as a tree, or as JSON with --json (doc/json.md).\n"
        "  --json     JSON output\n"
        "  --secrets  also print key and salt bytes (hidden by default)\n"
        "Exit status: 0 decoded and valid; 1 refused (the error line says what and where);\n"
        "64 usage; 66 unreadable input.\n",
        f);
}

static int write_stdout(void *ctx, const char *s, size_t n) {
  (void)ctx;
  return fwrite(s, 1, n, stdout) == n ? 0 : -1;
}

/* report prints the one-line refusal: what, where, and in which payload. */
static void report(int rc, const mikey_msg *msg) {
  mt_err("%s at offset %zu (%s)", mikey_strerror(rc), msg->err_offset,
         mikey_payload_name(msg->err_payload));
}

int mt_cmd_decode(int argc, char **argv) {
  unsigned flags = 0;
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) {
      flags |= MIKEY_DUMP_JSON;
    } else if (strcmp(argv[i], "--secrets") == 0) {
      flags |= MIKEY_DUMP_SECRETS;
    } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      mt_usage_decode(stdout);
      return MT_EXIT_OK;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      mt_err("decode: unknown option %s", argv[i]);
      mt_usage_decode(stderr);
      return MT_EXIT_USAGE;
    } else if (path) {
      mt_err("decode: more than one input");
      return MT_EXIT_USAGE;
    } else {
      path = argv[i];
    }
  }
  uint8_t *buf = NULL;
  size_t len = 0;
  int rv = mt_read_all(path, &buf, &len);
  if (rv == MT_EXIT_OK) {
    rv = mt_unarmor(&buf, &len);
  }
  if (rv != MT_EXIT_OK) {
    free(buf);
    return rv;
  }
  mikey_msg *msg = malloc(sizeof(*msg)); /* a few KiB: kept off the stack */
  if (!msg) {
    free(buf);
    mt_err("out of memory");
    return MT_EXIT_SOFTWARE;
  }
  int rc = mikey_msg_decode(msg, buf, len);
  if (rc != 0) {
    report(rc, msg);
    rv = MT_EXIT_REFUSED;
  } else if ((rc = mikey_msg_validate(msg, 0)) != 0) {
    /* Well-formed payloads in an order its message type does not allow: refused, and
     * nothing printed (a dump would read as if the message were fine). */
    report(rc, msg);
    rv = MT_EXIT_REFUSED;
  } else if ((rc = mikey_msg_dump(msg, flags, write_stdout, NULL)) != 0 || fflush(stdout)) {
    mt_err("writing the dump failed");
    rv = MT_EXIT_SOFTWARE;
  }
  free(msg);
  free(buf);
  return rv;
}
