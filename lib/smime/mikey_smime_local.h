/*
 * mikey_smime_local.h: pieces of the S/MIME layer shared between its files (internal).
 */
#ifndef MIKEY_SMIME_LOCAL_H
#define MIKEY_SMIME_LOCAL_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/smime.h>

#include "smime/mikey_mime_header.h"
#include "wire/mikey_wr.h"

/* mikey_smime_entity_wr appends the S/MIME entity around |der| with transfer encoding |cte|
 * (MIKEY_SMIME_CTE_*, already checked) to |w|, with the writer's sizing rules. */
void mikey_smime_entity_wr(mikey_wr *w, const uint8_t *der, size_t der_len, int cte);

/*
 * mikey_smime_entity_from_headers checks that the header section |h| describes an
 * auth-enveloped-data S/MIME entity and takes its DER out of the |body_len| bytes at |body|
 * (decoding base64 into |out|, |cap| bytes, exact size in |*outlen|), as
 * mikey_smime_entity_parse documents. Offsets are measured from |origin|.
 */
int mikey_smime_entity_from_headers(const mikey_mime_headers *h, const uint8_t *body,
                                    size_t body_len, const uint8_t *origin, uint8_t *out,
                                    size_t cap, size_t *outlen, mikey_smime_entity *res,
                                    mikey_mime_diag *diag);

/*
 * mikey_mime_body_decode takes the content of a body part out of its transfer encoding: a view
 * of |body| for the identity encodings, base64 (MIME mode) decoded into |out| otherwise.
 * |*outlen| receives the bytes used in |out| (or needed). Returns 0, MIKEY_E_BASE64 (offset of
 * the bad character in |diag|), MIKEY_E_BUFFER_TOO_SMALL.
 */
int mikey_mime_body_decode(int cte, const uint8_t *body, size_t body_len, const uint8_t *origin,
                           uint8_t *out, size_t cap, size_t *outlen, const uint8_t **data,
                           size_t *data_len, mikey_mime_diag *diag);

#endif /* MIKEY_SMIME_LOCAL_H */
