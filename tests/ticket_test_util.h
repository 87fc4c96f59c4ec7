/*
 * ticket_test_util.h: the inputs of one known-answer ticket (tests/vectors/ticket/
 * ticket_vectors.h, built by gen_ticket.py without the library) turned into the library's
 * structs, for the ticket-layer suites.
 */
#ifndef TICKET_TEST_UTIL_H
#define TICKET_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "ticket/mikey_ticket.h"
#include "vectors/ticket/ticket_vectors.h"

#define TV_COUNT (sizeof(ticket_vectors) / sizeof(ticket_vectors[0]))

/* Everything one vector needs, decoded from hex into owned buffers. */
typedef struct tv_inputs {
  const struct ticket_vec *v;
  mikey_policy policy;            /* the granted policy of the vector */
  mikey_ticket_params prm;
  mikey_ticket_keys keys;         /* MPK and session keys as inputs */
  mikey_id idrpsk;
  uint8_t kms_id[16], thdr_extra[16], rand[64], tpk[64];
  size_t kms_id_len, thdr_extra_len, rand_len, tpk_len;
  uint8_t ticket[1024];           /* the expected TICKET payload */
  size_t ticket_len;
  uint8_t ticket_idata[1024];     /* the expected TICKET payload with Initiator Data */
  size_t ticket_idata_len;
} tv_inputs;

/* tv_load fills |*in| from |v| (aborts the test on bad vector data). */
void tv_load(tv_inputs *in, const struct ticket_vec *v);

/* tv_hex decodes |hex| into |out| (|cap| bytes) and returns the length; NULL gives 0. */
size_t tv_hex(const char *hex, uint8_t *out, size_t cap);

#endif /* TICKET_TEST_UTIL_H */
