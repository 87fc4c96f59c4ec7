/*
 * mikeytool: the command-line face of libmikey-ticket. One dispatcher, one file per
 * subcommand, public API only.
 */
#include <stdio.h>
#include <string.h>

#include <mikey/mikey.h>

#include "mt.h"

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} commands[] = {
    {"decode", mt_cmd_decode, "decode a MIKEY message and print it as a tree or JSON"},
};

static void usage(FILE *f) {
  fputs("usage: mikeytool COMMAND [OPTIONS] [ARGS]\n"
        "       mikeytool --version | --help\n\ncommands:\n",
        f);
  for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
    fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
  }
  fputs("\n'mikeytool COMMAND --help' describes each command; see mikeytool(1).\n", f);
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
  for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
    if (strcmp(argv[1], commands[i].name) == 0) {
      if (mikey_global_init(0) != 0) {
        mt_err("libgcrypt could not be initialized");
        return MT_EXIT_SOFTWARE;
      }
      return commands[i].run(argc - 1, argv + 1);
    }
  }
  mt_err("unknown command '%s'", argv[1]);
  usage(stderr);
  return MT_EXIT_USAGE;
}
