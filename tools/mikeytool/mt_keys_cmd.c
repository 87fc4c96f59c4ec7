/*
 * mt_keys_cmd.c: loading KEYS.json the way every command that takes --keys does.
 */
#include "mt.h"
#include "mt_keys.h"

int mt_keys_load_cmd(const char *path, mt_keys *k) {
  char why[300];
  int rv = mt_keys_load(path, k, why, sizeof(why));
  if (rv == 0) {
    return 0;
  }
  mt_err("%s", why);
  /* an unreadable file (66) is told apart from a malformed one (1) */
  return rv == MT_KEYS_UNREADABLE ? MT_EXIT_NOINPUT : MT_EXIT_REFUSED;
}
