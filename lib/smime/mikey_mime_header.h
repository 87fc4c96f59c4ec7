/*
 * mikey_mime_header.h: MIME header sections, Content-Type and Content-Transfer-Encoding
 * (internal).
 *
 * A header section (RFC 5322 2.2, RFC 2045 3) is split into fields whose names and values are
 * views into the input; folded values keep their CRLF WSP, which the value scanners treat as
 * white space (RFC 5322 2.2.3 unfolding, without a copy). Structured values are read with
 * RFC 2045 5.1 syntax: token, quoted-string, and RFC 822 comments between items.
 *
 * Offsets in diagnostics are measured from |origin|, the start of the caller's whole input.
 */
#ifndef MIKEY_MIME_HEADER_H
#define MIKEY_MIME_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/smime.h>

/* One header field. |value| starts after the colon and leading white space and ends before the
 * CRLF that ends the field, trailing white space removed; it may contain folds (CRLF WSP). */
typedef struct mikey_mime_field {
  const uint8_t *name;
  size_t name_len;
  const uint8_t *value;
  size_t value_len;
} mikey_mime_field;

typedef struct mikey_mime_headers {
  size_t n;
  mikey_mime_field f[MIKEY_MIME_MAX_HEADERS];
} mikey_mime_headers;

/* A parsed Content-Type: type and subtype views, and the parameter list (validated). */
typedef struct mikey_mime_ctype {
  const uint8_t *type;
  size_t type_len;
  const uint8_t *subtype;
  size_t subtype_len;
  const uint8_t *params; /* from the first ";" (or the end) to the end of the value */
  size_t params_len;
} mikey_mime_ctype;

/* A parameter. For a quoted-string, |value| excludes the quotes and |quoted| is 1; quoted-pairs
 * ("\x") stay in the view (mikey_mime_param_eq undoes them). */
typedef struct mikey_mime_param {
  const uint8_t *name;
  size_t name_len;
  const uint8_t *value;
  size_t value_len;
  int quoted;
} mikey_mime_param;

/* Content-Transfer-Encoding mechanisms we act on (RFC 2045 6.1). */
#define MIKEY_MIME_CTE_IDENTITY 0 /* absent, 7bit, 8bit or binary: the bytes as they are */
#define MIKEY_MIME_CTE_BASE64 1

/* mikey_mime_fail records |what| at |at| (measured from |origin|) in |diag| (may be NULL) and
 * returns |code|. */
int mikey_mime_fail(mikey_mime_diag *diag, const uint8_t *origin, const uint8_t *at,
                    const char *what, int code);

/* mikey_mime_done finishes a public parse: on failure with no reason recorded yet (a short
 * buffer, say) it stores mikey_strerror(|rv|) in |diag|. Returns |rv|. */
int mikey_mime_done(mikey_mime_diag *diag, int rv);

/* mikey_mime_ieq compares |len| bytes at |p| with the NUL-terminated |s|, ASCII
 * case-insensitively; 1 when equal. */
int mikey_mime_ieq(const uint8_t *p, size_t len, const char *s);

/*
 * mikey_mime_headers_parse splits the header section at |p| (|len| bytes) into |h|, up to and
 * including the empty line that ends it; |*body_off| receives the offset (from |p|) of the
 * first byte after that empty line. Returns 0; MIKEY_E_MIME (bare CR or LF, non-ASCII or
 * control character, line without a colon, bad field name, continuation line first, no empty
 * line before the end); MIKEY_E_LIMIT (line over MIKEY_MIME_MAX_LINE, more than
 * MIKEY_MIME_MAX_HEADERS fields).
 */
int mikey_mime_headers_parse(const uint8_t *p, size_t len, const uint8_t *origin,
                             mikey_mime_headers *h, size_t *body_off, mikey_mime_diag *diag);

/*
 * mikey_mime_headers_get finds the field named |name| (case-insensitive) in |h|. Returns 0 and
 * sets |*f|; MIKEY_E_NOT_FOUND (|*f| = NULL); MIKEY_E_MIME when the field appears twice (a
 * second Content-Type or Content-Transfer-Encoding would make the entity ambiguous).
 */
int mikey_mime_headers_get(const mikey_mime_headers *h, const char *name,
                           const mikey_mime_field **f, const uint8_t *origin,
                           mikey_mime_diag *diag);

/*
 * mikey_mime_ctype_parse parses the Content-Type value |v| (|len| bytes; RFC 2045 5.1) into
 * |ct| and validates every parameter. Returns 0 or MIKEY_E_MIME (syntax), MIKEY_E_LIMIT.
 */
int mikey_mime_ctype_parse(const uint8_t *v, size_t len, const uint8_t *origin,
                           mikey_mime_ctype *ct, mikey_mime_diag *diag);

/* mikey_mime_ctype_is tells whether |ct| is |type|/|subtype| (case-insensitive). */
int mikey_mime_ctype_is(const mikey_mime_ctype *ct, const char *type, const char *subtype);

/*
 * mikey_mime_param_get finds the parameter |name| (case-insensitive) of |ct|. Returns 0 and
 * fills |*p|; MIKEY_E_NOT_FOUND; MIKEY_E_MIME when it appears twice.
 */
int mikey_mime_param_get(const mikey_mime_ctype *ct, const char *name, mikey_mime_param *p,
                         const uint8_t *origin, mikey_mime_diag *diag);

/* mikey_mime_param_eq tells whether the value of |p|, quoted-pairs undone, equals |s|
 * (case-insensitively when |icase|). */
int mikey_mime_param_eq(const mikey_mime_param *p, const char *s, int icase);

/*
 * mikey_mime_cte_get reads the Content-Transfer-Encoding of |h| into |*cte|
 * (MIKEY_MIME_CTE_IDENTITY when absent). Returns 0; MIKEY_E_MIME (malformed, duplicate);
 * MIKEY_E_UNSUPPORTED (quoted-printable or an extension token: valid, but not run here).
 */
int mikey_mime_cte_get(const mikey_mime_headers *h, int *cte, const uint8_t *origin,
                       mikey_mime_diag *diag);

#endif /* MIKEY_MIME_HEADER_H */
