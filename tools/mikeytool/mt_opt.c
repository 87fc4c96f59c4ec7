/*
 * mt_opt.c: command-line parsing shared by mikeytool's subcommands: long options with or
 * without a value ("--name value", "--name=value"), "--" ends the options, "-" is an argument
 * (standard input), -h and --help ask for the usage; and the options every engine takes
 * (--seed, --now).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/mikey.h>

#include "mt.h"

void mt_opts_init(mt_opts *o, const char *cmd, int argc, char **argv, const mt_optspec *spec,
                  size_t n_spec) {
  memset(o, 0, sizeof(*o));
  o->cmd = cmd;
  o->argc = argc;
  o->argv = argv;
  o->i = 1; /* argv[0] is the subcommand's name */
  o->spec = spec;
  o->n_spec = n_spec;
}

int mt_opts_next(mt_opts *o, const char **val) {
  *val = NULL;
  if (o->i >= o->argc) {
    return MT_OPT_DONE;
  }
  const char *a = o->argv[o->i++];
  if (o->only_args || a[0] != '-' || a[1] == '\0') {
    *val = a;
    return MT_OPT_ARG;
  }
  if (strcmp(a, "--") == 0) {
    o->only_args = 1;
    return mt_opts_next(o, val);
  }
  if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
    return MT_OPT_HELP;
  }
  if (a[1] != '-') {
    mt_err("%s: unknown option %s", o->cmd, a);
    return MT_OPT_BAD;
  }
  const char *name = a + 2;
  const char *eq = strchr(name, '=');
  size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
  for (size_t k = 0; k < o->n_spec; k++) {
    if (strlen(o->spec[k].name) != name_len || strncmp(o->spec[k].name, name, name_len) != 0) {
      continue;
    }
    if (!o->spec[k].takes_value) {
      if (eq) {
        mt_err("%s: option --%s takes no value", o->cmd, o->spec[k].name);
        return MT_OPT_BAD;
      }
      return (int)k;
    }
    if (eq) {
      *val = eq + 1;
    } else if (o->i < o->argc) {
      *val = o->argv[o->i++];
    } else {
      mt_err("%s: option --%s needs a value", o->cmd, o->spec[k].name);
      return MT_OPT_BAD;
    }
    return (int)k;
  }
  mt_err("%s: unknown option %s", o->cmd, a);
  return MT_OPT_BAD;
}

int mt_parse_u64(const char *s, uint64_t max, uint64_t *out) {
  /* decimal digits only: strtoull alone would take signs, spaces and hex */
  if (s == NULL || s[0] < '0' || s[0] > '9') {
    return -1;
  }
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9') {
      return -1;
    }
  }
  errno = 0;
  char *end = NULL;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v > max) {
    return -1;
  }
  *out = (uint64_t)v;
  return 0;
}

/* The Unix times --now accepts: those mikey_ntp_from_unix represents (RFC 4330 era rule, up
 * to 2104-02-26); earlier than 1970 is of no use to a test. */
#define MT_NOW_MAX 4233462143u

int mt_common_option(mt_common *c, const char *cmd, const char *name, const char *val) {
  uint64_t v;
  if (strcmp(name, "seed") == 0) {
    if (mt_parse_u64(val, UINT64_MAX, &v) != 0) {
      mt_err("%s: --seed wants a decimal number, not '%s'", cmd, val);
      return -1;
    }
    if (!c->has_seed) {
      fputs("warning: --seed: test-only deterministic randomness; every key and nonce of this run "
            "can be recomputed from the seed\n",
            stderr);
    }
    c->has_seed = 1;
    c->seed = v;
    return 1;
  }
  if (strcmp(name, "now") == 0) {
    if (mt_parse_u64(val, MT_NOW_MAX, &v) != 0) {
      mt_err("%s: --now wants Unix seconds (0..%u), not '%s'", cmd, MT_NOW_MAX, val);
      return -1;
    }
    c->has_now = 1;
    c->now = mikey_ntp_from_unix((int64_t)v, 0);
    return 1;
  }
  return 0;
}
