/*
 * decode_example.c: decode a MIKEY message, check its grammar, and walk its payloads.
 * The README shows this program; make check compiles and runs it.
 *
 * usage: decode_example FILE
 */
#include <stdio.h>
#include <stdlib.h>

#include <mikey/mikey.h>

int main(int argc, char **argv) {
  if (argc != 2 || mikey_global_init(0) != 0) {
    fprintf(stderr, "usage: decode_example FILE\n");
    return 2;
  }
  /* Read the message; the library itself never touches files (sans-I/O). */
  static uint8_t buf[65536];
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  size_t len = fread(buf, 1, sizeof(buf), f);
  fclose(f);

  /* Decode into a caller-owned view: no allocation, fields point into buf. */
  static mikey_msg msg;
  int rc = mikey_msg_decode(&msg, buf, len);
  if (rc == 0) {
    rc = mikey_msg_validate(&msg, 0); /* RFC 6043 4.2 grammar of its data type */
  }
  if (rc != 0) {
    fprintf(stderr, "refused: %s (%s) at offset %zu in %s\n", mikey_strerror(rc),
            mikey_err_name(rc), msg.err_offset, mikey_payload_name(msg.err_payload));
    return 1;
  }
  printf("%s, CSB ID %08x, %zu payloads after the HDR\n",
         mikey_data_type_name(msg.hdr.data_type), (unsigned)msg.hdr.csb_id, msg.n);
  for (size_t i = 0; i < msg.n; i++) {
    printf("  %-6s at %4zu, %3zu bytes\n", mikey_payload_name(msg.pl[i].type),
           msg.pl[i].offset, msg.pl[i].len);
  }
  /* Find the initiator's identity (RFC 6043 6.6: IDR with role IDRi). */
  const mikey_payload *idri = mikey_msg_find(&msg, MIKEY_PT_IDR, MIKEY_ROLE_I);
  if (idri) {
    printf("initiator: %.*s\n", (int)idri->u.id.data.len, (const char *)idri->u.id.data.data);
  }
  return 0;
}
