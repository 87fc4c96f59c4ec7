/*
 * mikey_error.c: names and texts of the MIKEY_E_* codes, and their MIKEY Error numbers.
 */
#include <mikey/common.h>



/* One row per code: the constant's name, its text, and the MIKEY Error number (RFC 3830 6.12,
 * RFC 6043 6.9) a peer is sent for it (D12). */
typedef struct {
  int code;
  const char *name;
  const char *text;
  uint8_t wire;
} err_row;

#define ROW(c, t, w) {c, #c, t, w}

static const err_row err_rows[] = {
    ROW(MIKEY_E_INVAL, "invalid argument", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_NOMEM, "out of memory", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_BUFFER_TOO_SMALL, "output buffer too small", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_CRYPTO, "cryptographic library failure", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_CALLBACK, "callback failed", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_STATE, "call not allowed in this state", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_UNSUPPORTED, "feature not supported", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_NOT_FOUND, "item not found", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_INTERNAL, "internal error", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_RANDOM, "randomness provider failed", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_LIMIT, "size or count limit exceeded", MIKEY_ERRNO_UNSPECIFIED),

    ROW(MIKEY_E_TRUNCATED, "input ends inside a field", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_TRAILING, "bytes after the end", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_UNKNOWN_PAYLOAD, "unknown payload type", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_RESERVED, "reserved value used", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_TOO_MANY, "too many payloads or items", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_BAD_LENGTH, "length field disagrees with the data", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_BAD_VERSION, "unsupported version", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_BAD_DATA_TYPE, "unknown message data type", MIKEY_ERRNO_INVALID_DT),
    ROW(MIKEY_E_MISSING_PAYLOAD, "required payload missing", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_PAYLOAD_ORDER, "payload out of order", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_AFTER_LAST, "payload after the last payload", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_BAD_VALUE, "field value not allowed", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_BAD_COUNT, "count field disagrees with the items", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_UNEXPECTED_PAYLOAD, "payload not allowed in this message",
        MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_DUPLICATE, "payload appears twice", MIKEY_ERRNO_UNSPECIFIED),

    ROW(MIKEY_E_AUTH, "authentication failed", MIKEY_ERRNO_AUTH_FAILURE),
    ROW(MIKEY_E_KEY_LENGTH, "key length not allowed", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_UNWRAP, "key unwrap integrity check failed", MIKEY_ERRNO_AUTH_FAILURE),
    ROW(MIKEY_E_SUITE, "ticket policy algorithms mixed or too weak", MIKEY_ERRNO_INVALID_TPPAR),
    ROW(MIKEY_E_RAND_SHORT, "RAND too short for the keys", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_UNKNOWN_KEY, "no key known for this identity", MIKEY_ERRNO_AUTH_FAILURE),
    ROW(MIKEY_E_SUITE_PRF, "PRF mixed with other suite or too weak", MIKEY_ERRNO_INVALID_PRF),
    ROW(MIKEY_E_SUITE_MAC, "MAC algorithm mixed with other suite or too weak",
        MIKEY_ERRNO_INVALID_MAC),
    ROW(MIKEY_E_SUITE_EA, "encryption algorithm mixed with other suite or too weak",
        MIKEY_ERRNO_INVALID_EA),

    ROW(MIKEY_E_TICKET_TYPE, "ticket type not supported", MIKEY_ERRNO_INVALID_TICKET),
    ROW(MIKEY_E_TP_FLAGS, "ticket policy flags inconsistent", MIKEY_ERRNO_INVALID_TPPAR),
    ROW(MIKEY_E_EXPIRED, "ticket expired", MIKEY_ERRNO_INVALID_TS),
    ROW(MIKEY_E_NOT_YET_VALID, "ticket not yet valid", MIKEY_ERRNO_INVALID_TS),
    ROW(MIKEY_E_NOT_AUTHORIZED, "not authorized", MIKEY_ERRNO_INVALID_ID),
    ROW(MIKEY_E_APP, "application not authorized", MIKEY_ERRNO_INVALID_TPPAR),
    ROW(MIKEY_E_POLICY, "refused by security policy", MIKEY_ERRNO_INVALID_TPPAR),
    ROW(MIKEY_E_KMS_ID, "ticket from an unknown KMS", MIKEY_ERRNO_INVALID_TICKET),

    ROW(MIKEY_E_TIMESTAMP, "timestamp outside the allowed clock skew", MIKEY_ERRNO_INVALID_TS),
    ROW(MIKEY_E_REPLAY, "replayed message", MIKEY_ERRNO_INVALID_TS),
    ROW(MIKEY_E_NO_PENDING, "response to no pending request", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_MISMATCH, "response does not match the request", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_PEER_ERROR, "peer sent a MIKEY Error message", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_VI_MISMATCH, "TRANSFER_INIT MAC differs from the ticket's Vi",
        MIKEY_ERRNO_AUTH_FAILURE),
    ROW(MIKEY_E_VI_MISSING, "initiator data missing or not allowed", MIKEY_ERRNO_INVALID_TPPAR),
    ROW(MIKEY_E_POO_MISMATCH, "proof-of-origin tag differs from the message tag",
        MIKEY_ERRNO_AUTH_FAILURE),
    ROW(MIKEY_E_KEK_REUSE, "key-encryption key already used", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_IDENTITY, "identity differs from the expected one", MIKEY_ERRNO_INVALID_ID),

    ROW(MIKEY_E_DER, "malformed DER", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_DER_NONMINIMAL, "non-minimal DER encoding", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_DER_DEPTH, "DER nesting too deep", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_CMS_TYPE, "unexpected CMS content type", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_CMS_VERSION, "unexpected CMS version", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_CMS_ALGORITHM, "CMS algorithm not accepted", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_CMS_RECIPIENTS, "not exactly one KEK recipient", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_CMS_PARAMS, "bad CMS algorithm parameters", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_CMS_TAG_LENGTH, "CMS mac length not the declared ICV length",
        MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_CMS_KEK_ID, "KEK identifier differs", MIKEY_ERRNO_UNSPECIFIED),

    ROW(MIKEY_E_MIME, "malformed MIME entity", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_MIME_BOUNDARY, "missing or invalid multipart boundary", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_MIME_NO_CLOSE, "multipart without closing delimiter", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_MIME_CONTENT_TYPE, "missing or unexpected Content-Type",
        MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_MIME_PARTS, "wrong number or order of body parts", MIKEY_ERRNO_UNSPECIFIED),
    ROW(MIKEY_E_BASE64, "invalid base64", MIKEY_ERRNO_UNSPECIFIED),
};

/* find_row returns the row of |err|, or NULL. */
static const err_row *find_row(int err) {
  for (size_t i = 0; i < sizeof(err_rows) / sizeof(err_rows[0]); i++) {
    if (err_rows[i].code == err) {
      return &err_rows[i];
    }
  }
  return NULL;
}

const char *mikey_strerror(int err) {
  if (err == 0) {
    return "success";
  }
  const err_row *r = find_row(err);
  return r ? r->text : "unknown error";
}

const char *mikey_err_name(int err) {
  if (err == 0) {
    return "MIKEY_OK";
  }
  const err_row *r = find_row(err);
  return r ? r->name : "MIKEY_E_?";
}

uint8_t mikey_err_to_wire(int err) {
  const err_row *r = find_row(err);
  return r ? r->wire : MIKEY_ERRNO_UNSPECIFIED;
}
