/*
 * mikey_sipmsg.c: message/sip entities for SIP S/MIME tunnelling (RFC 3261 23.4, and the
 * 3GPP tunnelling contribution in specs/3gpp: "Content-Type: message/sip", an empty line, then
 * the SIP message).
 */
#include <string.h>

#include <mikey/smime.h>

#include "smime/mikey_mime_header.h"
#include "wire/mikey_wr.h"

static const char sipmsg_hdr[] = "Content-Type: message/sip\r\n\r\n";

/* RFC 3261 25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" /
 * "~"). */
static int is_sip_token(uint8_t c) {
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
    return 1;
  }
  return c != '\0' && strchr("-.!%*_+`'~", c) != NULL;
}

/* is_digit tells whether |c| is an ASCII digit. */
static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

/* sip_check checks that the |len| bytes at |m| are a SIP/2.0 message and fills |res|:
 *   Request-Line = Method SP Request-URI SP SIP-Version CRLF   (RFC 3261 7.1)
 *   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF   (RFC 3261 7.2)
 * then header lines ending in CRLF up to the empty line (RFC 3261 7: message-header CRLF).
 * The Request-URI is only checked to be non-empty and free of white space and controls; the
 * Reason-Phrase and header values may carry UTF-8 (RFC 3261 25.1), so they are not checked
 * for US-ASCII. */
static int sip_check(const uint8_t *m, size_t len, const uint8_t *origin, mikey_sipmsg *res,
                     mikey_mime_diag *diag) {
  static const char ver[] = "SIP/2.0";
  const size_t vl = sizeof(ver) - 1;
  size_t eol = 0;
  while (eol < len && m[eol] != '\r' && m[eol] != '\n') {
    eol++;
  }
  if (len - eol < 2 || m[eol] != '\r' || m[eol + 1] != '\n') {
    return mikey_mime_fail(diag, origin, m + eol, "SIP start line does not end with CRLF",
                           MIKEY_E_MIME);
  }
  memset(res, 0, sizeof(*res));
  res->msg = m;
  res->msg_len = len;
  if (eol >= vl + 1 && mikey_mime_ieq(m, vl, ver) && m[vl] == ' ') {
    /* Status-Line: three digits, SP, a reason phrase (possibly empty). */
    size_t p = vl + 1;
    if (eol - p < 4 || !is_digit(m[p]) || !is_digit(m[p + 1]) || !is_digit(m[p + 2]) ||
        m[p + 3] != ' ' || m[p] < '1' || m[p] > '6') {
      return mikey_mime_fail(diag, origin, m + p,
                             "SIP Status-Line without a Status-Code 100..699 and a space",
                             MIKEY_E_MIME);
    }
    res->status = (unsigned)(m[p] - '0') * 100u + (unsigned)(m[p + 1] - '0') * 10u +
                  (unsigned)(m[p + 2] - '0');
    for (size_t i = p + 4; i < eol; i++) {
      if (m[i] < 0x20 && m[i] != '\t') {
        return mikey_mime_fail(diag, origin, m + i, "control character in the SIP start line",
                               MIKEY_E_MIME);
      }
    }
  } else {
    size_t i = 0;
    while (i < eol && is_sip_token(m[i])) {
      i++;
    }
    if (i == 0 || i == eol || m[i] != ' ') {
      return mikey_mime_fail(diag, origin, m + i,
                             "not a SIP message: no Method or SIP/2.0 at the start",
                             MIKEY_E_MIME);
    }
    res->is_request = 1;
    res->method = m;
    res->method_len = i;
    size_t u = ++i;
    while (i < eol && m[i] > 0x20 && m[i] < 0x7f) {
      i++;
    }
    if (i == u || eol - i != vl + 1 || m[i] != ' ' || !mikey_mime_ieq(m + i + 1, vl, ver)) {
      return mikey_mime_fail(diag, origin, m + i,
                             "SIP Request-Line is not Method SP Request-URI SP SIP/2.0",
                             MIKEY_E_MIME);
    }
    res->uri = m + u;
    res->uri_len = i - u;
  }
  /* Header lines, CRLF-terminated, up to the empty line. */
  size_t i = eol + 2;
  for (;;) {
    size_t ls = i;
    while (i < len && m[i] != '\r' && m[i] != '\n') {
      i++;
    }
    if (i == len) {
      return mikey_mime_fail(diag, origin, m + i,
                             "SIP message has no empty line after its header fields",
                             MIKEY_E_MIME);
    }
    if (m[i] == '\n' || len - i < 2 || m[i + 1] != '\n') {
      return mikey_mime_fail(diag, origin, m + i,
                             "bare CR or LF in the SIP header section (CRLF expected)",
                             MIKEY_E_MIME);
    }
    i += 2;
    if (i - 2 == ls) {
      return 0;
    }
  }
}

int mikey_smime_sipmsg_wrap(const uint8_t *sip, size_t sip_len, uint8_t *out, size_t cap,
                            size_t *outlen) {
  if (sip == NULL || outlen == NULL) {
    return MIKEY_E_INVAL;
  }
  mikey_sipmsg m;
  int rv = sip_check(sip, sip_len, sip, &m, NULL);
  if (rv) {
    return rv;
  }
  mikey_wr w;
  mikey_wr_init(&w, out, cap);
  mikey_wr_bytes(&w, (const uint8_t *)sipmsg_hdr, sizeof(sipmsg_hdr) - 1);
  mikey_wr_bytes(&w, sip, sip_len);
  return mikey_wr_finish(&w, outlen);
}

/* sipmsg_parse is mikey_smime_sipmsg_parse once the arguments are checked. */
static int sipmsg_parse(const uint8_t *e, size_t len, mikey_sipmsg *res, mikey_mime_diag *diag) {
  mikey_mime_headers h;
  size_t body;
  const mikey_mime_field *f;
  mikey_mime_ctype ct;
  int cte;
  int rv = mikey_mime_headers_parse(e, len, e, &h, &body, diag);
  if (rv) {
    return rv;
  }
  rv = mikey_mime_headers_get(&h, "Content-Type", &f, e, diag);
  if (rv == MIKEY_E_NOT_FOUND) {
    return mikey_mime_fail(diag, e, e + body, "entity has no Content-Type (text/plain)",
                           MIKEY_E_MIME_CONTENT_TYPE);
  }
  if (rv || (rv = mikey_mime_ctype_parse(f->value, f->value_len, e, &ct, diag)) != 0) {
    return rv;
  }
  if (!mikey_mime_ctype_is(&ct, "message", "sip")) {
    return mikey_mime_fail(diag, e, ct.type, "entity is not message/sip",
                           MIKEY_E_MIME_CONTENT_TYPE);
  }
  rv = mikey_mime_cte_get(&h, &cte, e, diag);
  if (rv == 0 && cte != MIKEY_MIME_CTE_IDENTITY) {
    /* RFC 2045 6.4: no encoding but 7bit, 8bit or binary for a composite type. */
    rv = mikey_mime_fail(diag, e, e, "message/sip in base64 (RFC 2045 6.4 forbids it)",
                         MIKEY_E_MIME);
  }
  if (rv == MIKEY_E_UNSUPPORTED) {
    rv = MIKEY_E_MIME; /* quoted-printable and the rest are forbidden here too */
  }
  if (rv) {
    return rv;
  }
  return sip_check(e + body, len - body, e, res, diag);
}

int mikey_smime_sipmsg_parse(const uint8_t *entity, size_t len, mikey_sipmsg *res,
                             mikey_mime_diag *diag) {
  if (diag) {
    memset(diag, 0, sizeof(*diag));
  }
  if ((entity == NULL && len > 0) || res == NULL) {
    return mikey_mime_fail(diag, NULL, NULL, "invalid argument", MIKEY_E_INVAL);
  }
  return mikey_mime_done(diag, sipmsg_parse(entity, len, res, diag));
}
