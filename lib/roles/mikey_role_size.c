/*
 * mikey_role_size.c: the sizing step every engine takes before it writes a message.
 */
#include "roles/mikey_roles_local.h"

int mikey_role_size(mikey_msg *m, const uint8_t *out, size_t cap, size_t *outlen,
                    size_t *need) {
  *need = 0;
  int rc = mikey_msg_encode(m, NULL, 0, need);
  if (rc != MIKEY_E_BUFFER_TOO_SMALL) {
    /* sizing into no buffer always reports the size; anything else is the encoder's refusal */
    return rc ? rc : MIKEY_E_INTERNAL;
  }
  if (!out || cap < *need) {
    *outlen = *need;
    return MIKEY_E_BUFFER_TOO_SMALL;
  }
  return 0;
}
