/*
 * mikey_multipart.h: the RFC 2046 5.1.1 multipart body syntax (internal).
 *
 *   multipart-body := [preamble CRLF]
 *                     dash-boundary transport-padding CRLF
 *                     body-part *encapsulation
 *                     close-delimiter transport-padding
 *                     [CRLF epilogue]
 *
 * The splitter finds the body parts as views into the body; it does not look inside them.
 */
#ifndef MIKEY_MULTIPART_H
#define MIKEY_MULTIPART_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/smime.h>

#include "smime/mikey_mime_header.h"

/* One body part: the bytes after its delimiter line's CRLF, up to (not including) the CRLF
 * that begins the next delimiter. */
typedef struct mikey_mime_part {
  const uint8_t *p;
  size_t len;
} mikey_mime_part;

typedef struct mikey_multipart {
  size_t n;                                  /* body parts found */
  mikey_mime_part part[MIKEY_MIME_MAX_PARTS];
  const uint8_t *close;                      /* the close delimiter line ("--boundary--") */
  const uint8_t *epilogue;                   /* after the CRLF that ends the close line */
  size_t epilogue_len;
} mikey_multipart;

/*
 * mikey_multipart_boundary reads the boundary parameter of the multipart Content-Type |ct| into
 * |*b|, |*bl| and checks it against RFC 2046 5.1.1 (1 to 70 bchars, not ending with a space).
 * Returns 0 or MIKEY_E_MIME_BOUNDARY (missing, given twice, empty, too long, a character that is
 * not a bchar, a final space, a quoted-pair).
 */
int mikey_multipart_boundary(const mikey_mime_ctype *ct, const uint8_t **b, size_t *bl,
                             const uint8_t *origin, mikey_mime_diag *diag);

/*
 * mikey_multipart_split splits the |len| bytes at |body| on the boundary |b| (|bl| bytes,
 * checked) into |mp|. Returns 0 or:
 *   MIKEY_E_MIME_BOUNDARY: the boundary never starts a line; a line starts with the boundary but
 *     goes on with other text (RFC 2046 5.1.1: delimiter, then only transport padding and CRLF);
 *     a body part begins with the boundary;
 *   MIKEY_E_MIME_NO_CLOSE: the body ends without the close delimiter "--boundary--";
 *   MIKEY_E_LIMIT: more than MIKEY_MIME_MAX_PARTS body parts.
 */
int mikey_multipart_split(const uint8_t *body, size_t len, const uint8_t *b, size_t bl,
                          mikey_multipart *mp, mikey_mime_diag *diag);

/* mikey_multipart_find returns the offset from |p| of the first occurrence of the |nl| bytes at
 * |needle| in the |len| bytes at |p|, or |len| when there is none. */
size_t mikey_multipart_find(const uint8_t *p, size_t len, const uint8_t *needle, size_t nl);

#endif /* MIKEY_MULTIPART_H */
