/*
 * mikey_mime_header.c: MIME header sections (RFC 5322 2.2, RFC 2045 3), Content-Type
 * (RFC 2045 5.1) and Content-Transfer-Encoding (RFC 2045 6.1), as views into the input.
 */
#include "smime/mikey_mime_header.h"

#include <string.h>

#include <mikey/common.h>

int mikey_mime_fail(mikey_mime_diag *diag, const uint8_t *origin, const uint8_t *at,
                    const char *what, int code) {
  if (diag) {
    diag->what = what;
    diag->offset = (origin && at >= origin) ? (size_t)(at - origin) : 0;
    diag->source = MIKEY_MIME_DIAG_INPUT;
  }
  return code;
}

int mikey_mime_done(mikey_mime_diag *diag, int rv) {
  if (diag && rv && diag->what == NULL) {
    diag->what = mikey_strerror(rv);
    diag->offset = 0;
    diag->source = MIKEY_MIME_DIAG_INPUT;
  }
  return rv;
}

/* lower folds an ASCII capital to lower case (names and tokens are ASCII). */
static uint8_t lower(uint8_t c) { return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c; }

int mikey_mime_ieq(const uint8_t *p, size_t len, const char *s) {
  size_t i = 0;
  for (; i < len; i++) {
    if (s[i] == '\0' || lower(p[i]) != lower((uint8_t)s[i])) {
      return 0;
    }
  }
  return s[i] == '\0';
}

/* is_wsp tells whether |c| is WSP (RFC 5322 2.2.3: SP or HTAB). */
static int is_wsp(uint8_t c) { return c == ' ' || c == '\t'; }

/* RFC 5322 3.6.8: ftext = %d33-57 / %d59-126 (printable US-ASCII except ":"). */
static int is_ftext(uint8_t c) { return c >= 33 && c <= 126 && c != ':'; }

/* RFC 2045 5.1: token := 1*<any (US-ASCII) CHAR except SPACE, CTLs, or tspecials>. */
static int is_token(uint8_t c) {
  if (c <= 0x20 || c >= 0x7f) {
    return 0;
  }
  return strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

int mikey_mime_headers_parse(const uint8_t *p, size_t len, const uint8_t *origin,
                             mikey_mime_headers *h, size_t *body_off, mikey_mime_diag *diag) {
  mikey_mime_field *cur = NULL;
  size_t i = 0;
  h->n = 0;
  for (;;) {
    if (i == len) {
      return mikey_mime_fail(diag, origin, p + i,
                             "header section ends without the empty line that closes it",
                             MIKEY_E_MIME);
    }
    size_t ls = i;
    while (i < len && p[i] != '\r' && p[i] != '\n') {
      /* RFC 2046 5.1.1: headers are US-ASCII only; RFC 5322 2.2: no CTLs but HTAB. */
      if (p[i] != '\t' && (p[i] < 0x20 || p[i] > 0x7e)) {
        return mikey_mime_fail(diag, origin, p + i,
                               "non-ASCII or control character in a header", MIKEY_E_MIME);
      }
      if (i - ls >= MIKEY_MIME_MAX_LINE) {
        return mikey_mime_fail(diag, origin, p + i,
                               "header line longer than 998 characters (RFC 5322 2.1.1)",
                               MIKEY_E_LIMIT);
      }
      i++;
    }
    if (i == len) {
      return mikey_mime_fail(diag, origin, p + i,
                             "header section ends without the empty line that closes it",
                             MIKEY_E_MIME);
    }
    /* RFC 5322 2.2: a line ends with CRLF; a bare CR or LF is not a line break. */
    if (p[i] == '\n' || len - i < 2 || p[i + 1] != '\n') {
      return mikey_mime_fail(diag, origin, p + i, "bare CR or LF in a header (CRLF expected)",
                             MIKEY_E_MIME);
    }
    size_t le = i;
    i += 2;
    if (le == ls) {
      *body_off = i;
      break;
    }
    if (is_wsp(p[ls])) {
      /* RFC 5322 2.2.3: a line that starts with WSP continues the field before it. */
      if (cur == NULL) {
        return mikey_mime_fail(diag, origin, p + ls,
                               "folded header line with no field before it", MIKEY_E_MIME);
      }
      cur->value_len = (size_t)(p + le - cur->value);
      continue;
    }
    size_t j = ls;
    while (j < le && is_ftext(p[j])) {
      j++;
    }
    size_t name_end = j;
    /* White space before the colon: RFC 5322 4.5 (obsolete syntax) and SIP's HCOLON. */
    while (j < le && is_wsp(p[j])) {
      j++;
    }
    if (name_end == ls || j == le || p[j] != ':') {
      return mikey_mime_fail(diag, origin, p + (name_end == ls ? ls : j),
                             "header line is not a field name followed by a colon",
                             MIKEY_E_MIME);
    }
    if (h->n == MIKEY_MIME_MAX_HEADERS) {
      return mikey_mime_fail(diag, origin, p + ls, "more than 32 header fields",
                             MIKEY_E_LIMIT);
    }
    cur = &h->f[h->n++];
    cur->name = p + ls;
    cur->name_len = name_end - ls;
    cur->value = p + j + 1;
    cur->value_len = le - (j + 1);
  }
  /* Trim white space (and folds) around every value. */
  for (size_t k = 0; k < h->n; k++) {
    mikey_mime_field *f = &h->f[k];
    while (f->value_len && (is_wsp(f->value[0]) || f->value[0] == '\r' || f->value[0] == '\n')) {
      f->value++;
      f->value_len--;
    }
    while (f->value_len && (is_wsp(f->value[f->value_len - 1]) ||
                            f->value[f->value_len - 1] == '\r' ||
                            f->value[f->value_len - 1] == '\n')) {
      f->value_len--;
    }
  }
  return 0;
}

int mikey_mime_headers_get(const mikey_mime_headers *h, const char *name,
                           const mikey_mime_field **f, const uint8_t *origin,
                           mikey_mime_diag *diag) {
  *f = NULL;
  for (size_t k = 0; k < h->n; k++) {
    if (mikey_mime_ieq(h->f[k].name, h->f[k].name_len, name)) {
      if (*f) {
        return mikey_mime_fail(diag, origin, h->f[k].name,
                               "a header field that may appear once appears twice",
                               MIKEY_E_MIME);
      }
      *f = &h->f[k];
    }
  }
  return *f ? 0 : MIKEY_E_NOT_FOUND;
}

/* A scanner over a structured field value. */
typedef struct scan {
  const uint8_t *p, *end, *origin;
  mikey_mime_diag *diag;
} scan;

/* check_value proves that |len| bytes at |v| are a header value: printable US-ASCII, HTAB, and
 * CRLF only as part of a fold (CRLF WSP). The header parser proves this for fields it split;
 * a value handed in by a SIP stack is checked here. */
static int check_value(const uint8_t *v, size_t len, const uint8_t *origin,
                       mikey_mime_diag *diag) {
  for (size_t i = 0; i < len; i++) {
    uint8_t c = v[i];
    if (c == '\r') {
      if (len - i < 3 || v[i + 1] != '\n' || !is_wsp(v[i + 2])) {
        return mikey_mime_fail(diag, origin, v + i, "CR or LF in a header value outside a fold",
                               MIKEY_E_MIME);
      }
      i++;
    } else if (c != '\t' && (c < 0x20 || c > 0x7e)) {
      return mikey_mime_fail(diag, origin, v + i,
                             c == '\n' ? "CR or LF in a header value outside a fold"
                                       : "non-ASCII or control character in a header",
                             MIKEY_E_MIME);
    }
  }
  return 0;
}

/* skip_cfws skips white space, folds and RFC 822 comments (nested, with quoted-pairs). */
static int skip_cfws(scan *s) {
  while (s->p < s->end) {
    uint8_t c = *s->p;
    if (is_wsp(c) || c == '\r' || c == '\n') {
      s->p++;
      continue;
    }
    if (c != '(') {
      break;
    }
    const uint8_t *start = s->p;
    size_t depth = 0;
    do {
      if (s->p == s->end) {
        return mikey_mime_fail(s->diag, s->origin, start, "unterminated comment in a header",
                               MIKEY_E_MIME);
      }
      c = *s->p++;
      if (c == '\\') {
        if (s->p == s->end) {
          return mikey_mime_fail(s->diag, s->origin, start,
                                 "unterminated comment in a header", MIKEY_E_MIME);
        }
        s->p++;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
    } while (depth > 0);
  }
  return 0;
}

/* read_token reads a token (at least one character) into |*t|, |*tl|. */
static int read_token(scan *s, const uint8_t **t, size_t *tl, const char *what) {
  const uint8_t *start = s->p;
  while (s->p < s->end && is_token(*s->p)) {
    s->p++;
  }
  if (s->p == start) {
    return mikey_mime_fail(s->diag, s->origin, start, what, MIKEY_E_MIME);
  }
  *t = start;
  *tl = (size_t)(s->p - start);
  return 0;
}

/* read_quoted reads a quoted-string (RFC 822 3.3 / RFC 5322 3.2.4) whose opening quote is at
 * s->p; the view excludes the quotes. Folds inside are part of the value. */
static int read_quoted(scan *s, const uint8_t **t, size_t *tl) {
  const uint8_t *start = s->p++;
  while (s->p < s->end && *s->p != '"') {
    if (*s->p == '\\') {
      if (s->end - s->p < 2) {
        break;
      }
      s->p++;
    }
    s->p++;
  }
  if (s->p == s->end) {
    return mikey_mime_fail(s->diag, s->origin, start, "unterminated quoted string in a header",
                           MIKEY_E_MIME);
  }
  *t = start + 1;
  *tl = (size_t)(s->p - start - 1);
  s->p++;
  return 0;
}

/* param_next reads the next ";" attribute "=" value. Returns 1 with |*p| filled, 0 at the end
 * of the value, or a negative error. */
static int param_next(scan *s, mikey_mime_param *p) {
  int rv = skip_cfws(s);
  if (rv) {
    return rv;
  }
  if (s->p == s->end) {
    return 0;
  }
  if (*s->p != ';') {
    return mikey_mime_fail(s->diag, s->origin, s->p, "expected ';' before a parameter",
                           MIKEY_E_MIME);
  }
  s->p++;
  if ((rv = skip_cfws(s)) != 0 ||
      (rv = read_token(s, &p->name, &p->name_len, "parameter name missing after ';'")) != 0 ||
      (rv = skip_cfws(s)) != 0) {
    return rv;
  }
  if (s->p == s->end || *s->p != '=') {
    return mikey_mime_fail(s->diag, s->origin, s->p, "expected '=' after a parameter name",
                           MIKEY_E_MIME);
  }
  s->p++;
  if ((rv = skip_cfws(s)) != 0) {
    return rv;
  }
  if (s->p < s->end && *s->p == '"') {
    p->quoted = 1;
    rv = read_quoted(s, &p->value, &p->value_len);
  } else {
    p->quoted = 0;
    rv = read_token(s, &p->value, &p->value_len,
                    "parameter value is neither a token nor a quoted string");
  }
  return rv ? rv : 1;
}

int mikey_mime_ctype_parse(const uint8_t *v, size_t len, const uint8_t *origin,
                           mikey_mime_ctype *ct, mikey_mime_diag *diag) {
  int rv = check_value(v, len, origin, diag);
  if (rv) {
    return rv;
  }
  scan s = {v, v + len, origin, diag};
  /* RFC 2045 5.1: content := type "/" subtype *(";" parameter); subtype is MANDATORY. */
  if ((rv = skip_cfws(&s)) != 0 ||
      (rv = read_token(&s, &ct->type, &ct->type_len, "media type missing")) != 0 ||
      (rv = skip_cfws(&s)) != 0) {
    return rv;
  }
  if (s.p == s.end || *s.p != '/') {
    return mikey_mime_fail(diag, origin, s.p, "expected '/' after the media type",
                           MIKEY_E_MIME);
  }
  s.p++;
  if ((rv = skip_cfws(&s)) != 0 ||
      (rv = read_token(&s, &ct->subtype, &ct->subtype_len, "media subtype missing")) != 0) {
    return rv;
  }
  ct->params = s.p;
  ct->params_len = (size_t)(s.end - s.p);
  mikey_mime_param p;
  while ((rv = param_next(&s, &p)) == 1) {
  }
  return rv;
}

int mikey_mime_ctype_is(const mikey_mime_ctype *ct, const char *type, const char *subtype) {
  /* RFC 2045 5.1: matching of media type and subtype is ALWAYS case-insensitive. */
  return mikey_mime_ieq(ct->type, ct->type_len, type) &&
         mikey_mime_ieq(ct->subtype, ct->subtype_len, subtype);
}

int mikey_mime_param_get(const mikey_mime_ctype *ct, const char *name, mikey_mime_param *out,
                         const uint8_t *origin, mikey_mime_diag *diag) {
  scan s = {ct->params, ct->params + ct->params_len, origin, diag};
  mikey_mime_param p;
  int found = 0, rv;
  while ((rv = param_next(&s, &p)) == 1) {
    /* RFC 2045 5.1: matching of attributes is ALWAYS case-insensitive. */
    if (mikey_mime_ieq(p.name, p.name_len, name)) {
      if (found) {
        return mikey_mime_fail(diag, origin, p.name, "a parameter appears twice",
                               MIKEY_E_MIME);
      }
      *out = p;
      found = 1;
    }
  }
  if (rv < 0) {
    return rv;
  }
  return found ? 0 : MIKEY_E_NOT_FOUND;
}

int mikey_mime_param_eq(const mikey_mime_param *p, const char *s, int icase) {
  size_t i = 0, k = 0;
  while (i < p->value_len) {
    uint8_t c = p->value[i++];
    if (p->quoted && c == '\\' && i < p->value_len) {
      c = p->value[i++];
    }
    uint8_t want = (uint8_t)s[k];
    if (want == '\0') {
      return 0;
    }
    if (icase ? lower(c) != lower(want) : c != want) {
      return 0;
    }
    k++;
  }
  return s[k] == '\0';
}

int mikey_mime_cte_get(const mikey_mime_headers *h, int *cte, const uint8_t *origin,
                       mikey_mime_diag *diag) {
  const mikey_mime_field *f;
  int rv = mikey_mime_headers_get(h, "Content-Transfer-Encoding", &f, origin, diag);
  if (rv == MIKEY_E_NOT_FOUND) {
    /* RFC 2045 6.1: "Content-Transfer-Encoding: 7BIT" is assumed when the field is absent. */
    *cte = MIKEY_MIME_CTE_IDENTITY;
    return 0;
  }
  if (rv) {
    return rv;
  }
  scan s = {f->value, f->value + f->value_len, origin, diag};
  const uint8_t *t;
  size_t tl;
  if ((rv = skip_cfws(&s)) != 0 ||
      (rv = read_token(&s, &t, &tl, "Content-Transfer-Encoding has no mechanism")) != 0 ||
      (rv = skip_cfws(&s)) != 0) {
    return rv;
  }
  if (s.p != s.end) {
    return mikey_mime_fail(diag, origin, s.p,
                           "Content-Transfer-Encoding has text after its mechanism",
                           MIKEY_E_MIME);
  }
  /* RFC 2045 6.1 / 6.2: 7bit, 8bit and binary are identity encodings; values are
   * case-insensitive. */
  if (mikey_mime_ieq(t, tl, "base64")) {
    *cte = MIKEY_MIME_CTE_BASE64;
    return 0;
  }
  if (mikey_mime_ieq(t, tl, "7bit") || mikey_mime_ieq(t, tl, "8bit") ||
      mikey_mime_ieq(t, tl, "binary")) {
    *cte = MIKEY_MIME_CTE_IDENTITY;
    return 0;
  }
  return mikey_mime_fail(diag, origin, t,
                         "Content-Transfer-Encoding other than base64, 7bit, 8bit or binary",
                         MIKEY_E_UNSUPPORTED);
}
