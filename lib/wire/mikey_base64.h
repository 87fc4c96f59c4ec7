/*
 * mikey_base64.h: base64 helpers for the library's own encoders (internal). The public API is
 * in <mikey/base64.h>.
 */
#ifndef MIKEY_BASE64_INTERNAL_H
#define MIKEY_BASE64_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/base64.h>

#include "wire/mikey_wr.h"

/*
 * mikey_base64_wr appends the base64 encoding of the |n| bytes at |in| to |w|, wrapped at |wrap|
 * characters (0 or a positive multiple of 4) with CRLF between lines, with the writer's sizing
 * rules: the text is stored only when all of it fits, and is always counted. An impossible size
 * (or a |wrap| that is not allowed) saturates the writer so that mikey_wr_finish() returns
 * MIKEY_E_LIMIT.
 */
void mikey_base64_wr(mikey_wr *w, const uint8_t *in, size_t n, size_t wrap);

/* mikey_base64_is_alpha tells whether |c| belongs to the base64 alphabet (not "="). */
int mikey_base64_is_alpha(uint8_t c);

#endif /* MIKEY_BASE64_INTERNAL_H */
