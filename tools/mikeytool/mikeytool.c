/*
 * mikeytool: the command-line face of libmikey-ticket. One dispatcher, one file per
 * subcommand, public API only (plus json-c for KEYS.json and libgcrypt for the test-only
 * generator of --seed).
 */
#include <stdio.h>
#include <string.h>

#include <mikey/mikey.h>

#include "mt.h"

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
  void (*usage)(FILE *f);
  const char *summary;
} commands[] = {
    {"demo", mt_cmd_demo, mt_usage_demo, "the whole PSK/MIME flow in one process, fresh keys"},
    {"flow", mt_cmd_flow, mt_usage_flow, "run the flow with KEYS.json, write every message"},
    {"open", mt_cmd_open, mt_usage_open, "act as the responder on flow's files, print the MIME"},
    {"decode", mt_cmd_decode, mt_usage_decode,
     "decode a MIKEY message and print it as a tree or JSON"},
    {"kms", mt_cmd_kms, mt_usage_kms, "act as the KMS on one REQUEST_INIT or RESOLVE_INIT"},
    {"kek", mt_cmd_kek, mt_usage_kek, "print the KEK a responder gets from a resolve (tests)"},
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f) {
  fputs("usage: mikeytool COMMAND [OPTIONS] [ARGS]\n"
        "       mikeytool help [COMMAND]\n"
        "       mikeytool --version | --help\n\ncommands:\n",
        f);
  for (size_t i = 0; i < N_COMMANDS; i++) {
    fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
  }
  fputs("\n'mikeytool COMMAND --help' describes each command; see mikeytool(1).\n", f);
}

/* find returns the index of command |name|, or -1. */
static int find(const char *name) {
  for (size_t i = 0; i < N_COMMANDS; i++) {
    if (strcmp(name, commands[i].name) == 0) {
      return (int)i;
    }
  }
  return -1;
}

/* help: "mikeytool help [COMMAND]". */
static int help(int argc, char **argv) {
  if (argc < 3) {
    usage(stdout);
    return MT_EXIT_OK;
  }
  int c = find(argv[2]);
  if (argc > 3 || c < 0) {
    mt_err(argc > 3 ? "help: one command at a time" : "help: unknown command '%s'", argv[2]);
    usage(stderr);
    return MT_EXIT_USAGE;
  }
  commands[c].usage(stdout);
  return MT_EXIT_OK;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return MT_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return MT_EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("mikeytool (libmikey-ticket) %s\n", mikey_version());
    return MT_EXIT_OK;
  }
  if (strcmp(argv[1], "help") == 0) {
    return help(argc, argv);
  }
  int c = find(argv[1]);
  if (c < 0) {
    if (argv[1][0] == '-') {
      mt_err("unknown option %s", argv[1]);
    } else {
      mt_err("unknown command '%s'", argv[1]);
    }
    usage(stderr);
    return MT_EXIT_USAGE;
  }
  if (mikey_global_init(0) != 0) {
    mt_err("libgcrypt could not be initialized");
    return MT_EXIT_SOFTWARE;
  }
  int rv = commands[c].run(argc - 1, argv + 1);
  /* a failed write to stdout (full disk, closed pipe) must not pass for success */
  if (fflush(stdout) != 0 && rv == MT_EXIT_OK) {
    mt_err("writing standard output failed");
    rv = MT_EXIT_SOFTWARE;
  }
  return rv;
}
