/*
 * doc_errors.c: prints one line per error code the library knows, "NAME VALUE WIRE", for
 * tests/doc_errors.sh, which compares them with include/mikey/common.h and doc/errors.md.
 * Public API only.
 */
#include <stdio.h>
#include <string.h>

#include <mikey/mikey.h>

int main(void) {
  /* the bands of common.h end at -499 */
  for (int err = -1; err >= -499; err--) {
    const char *name = mikey_err_name(err);
    if (strcmp(name, "MIKEY_E_?") != 0) {
      printf("%s %d %u\n", name, err, (unsigned)mikey_err_to_wire(err));
    }
  }
  return 0;
}
