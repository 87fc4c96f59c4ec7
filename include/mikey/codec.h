/*
 * libmikey-ticket: the MIKEY codec (RFC 3830, RFC 6043, RFC 4563, RFC 6509).
 *
 * Model
 * - Decode fills a caller-owned struct (mikey_msg, mikey_plist, mikey_keydata_list) whose
 *   fields are numbers and views into the caller's buffer. Nothing is allocated or copied;
 *   the buffer must outlive the struct. A message holds at most MIKEY_MAX_PAYLOADS payloads
 *   after its HDR, an HDR at most MIKEY_MAX_CS crypto sessions, a KEMAC at most
 *   MIKEY_MAX_KEYS keys; more is refused with MIKEY_E_TOO_MANY.
 * - Decode is strict: every length is proven against what remains before it is used, every
 *   sub-block is consumed exactly, an unknown payload type or a value that decides a length
 *   but is unknown is refused, reserved bits must be 0, bytes after the last payload are
 *   refused. Each refusal has its own MIKEY_E_* code, and err_offset / err_payload in the
 *   output struct say where (byte offset from the start of the input, payload type).
 * - Every decoded payload records its type, offset and length; V, KEMAC and SIGN record the
 *   offset of their MAC or signature, TICKET the offsets of its Ticket Data and Initiator
 *   Data fields and length fields. Later layers compute MACs over the original bytes with
 *   these, never over a re-encoding.
 * - Nested lists are not decoded with the message: TP Data, Ticket Data, Initiator Data and
 *   the key data inside a (decrypted) KEMAC are views, decoded on demand by their own calls
 *   into their own structs. Offsets in a nested list count from the start of that list.
 * - Encode writes into a caller buffer through a sizing writer: with a short buffer (or NULL)
 *   it returns MIKEY_E_BUFFER_TOO_SMALL and the exact size needed in *outlen. Next Payload
 *   fields come from list order. Encode also sets the layout fields (offsets, lengths), so a
 *   caller can encode with a placeholder MAC and then write the MAC at the V payload's
 *   mac_offset.
 * - Round trip: for every input that mikey_msg_decode() accepts, mikey_msg_encode() of the
 *   result gives the input back byte for byte. The same holds for each nested list.
 * - Validation of a message against its type (RFC 6043 4.2, RFC 6043 5.4) is a separate
 *   call, so a dump tool can still show an odd but well-formed message.
 * - Dumps (text tree or JSON) go through a write callback or into a caller buffer; they never
 *   print key material unless asked to (MIKEY_DUMP_SECRETS). doc/json.md names every field.
 *
 * Thread safety: the functions keep no state; separate structs may be used from separate
 * threads. See doc/codec.md for a walk through.
 */
#ifndef MIKEY_CODEC_H
#define MIKEY_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/common.h>
#include <mikey/payload.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A decoded (or to-be-encoded) MIKEY message: the HDR and the payload chain after it. */
typedef struct mikey_msg {
  const uint8_t *buf; /**< layout: the message bytes (decode input, or encode output) */
  size_t len;         /**< layout: message length */
  mikey_hdr hdr;      /**< the Common Header (offset 0, length hdr.len) */
  size_t n;           /**< number of payloads in pl[] after the HDR */
  mikey_payload pl[MIKEY_MAX_PAYLOADS]; /**< the payloads in wire order */
  size_t err_offset;  /**< after a refusal: offset of the offending byte or field */
  int err_payload;    /**< after a refusal: type of the payload concerned (MIKEY_PT_*) */
} mikey_msg;

/** A nested payload list: TP Data, Ticket Data or Initiator Data (RFC 6043 6.10, A.1).
 *  Offsets count from buf. For Ticket Data pl[0] is the THDR (MIKEY_PT_THDR). */
typedef struct mikey_plist {
  const uint8_t *buf; /**< layout: the list bytes */
  size_t len;         /**< layout: list length */
  size_t n;           /**< number of payloads in pl[] */
  mikey_payload pl[MIKEY_MAX_PAYLOADS];
  size_t err_offset;  /**< after a refusal: offset of the offending byte or field */
  int err_payload;    /**< after a refusal: type of the payload concerned */
} mikey_plist;

/** The key data sub-payloads of a KEMAC's Encr data, once decrypted (RFC 3830 6.2, 6.13).
 *  In the public-key method an ID payload comes first (has_id). */
typedef struct mikey_keydata_list {
  const uint8_t *buf; /**< layout: the list bytes */
  size_t len;         /**< layout: list length */
  int has_id;         /**< 1 when an ID payload precedes the keys (MIKEY_KD_WITH_ID) */
  mikey_id id;        /**< that ID payload */
  size_t n;           /**< number of keys in kd[] */
  mikey_keydata kd[MIKEY_MAX_KEYS];
  size_t err_offset;  /**< after a refusal: offset of the offending byte or field */
  int err_payload;    /**< after a refusal: MIKEY_PT_KEYDATA or MIKEY_PT_ID */
} mikey_keydata_list;

/* ---------------------------------------------------------------------------------------
 * Messages
 * --------------------------------------------------------------------------------------- */

/**
 * mikey_msg_decode decodes the |len| bytes at |buf| as one MIKEY message into |*msg|: the
 * HDR, then payloads as the Next Payload fields chain them, up to the last one, which must
 * end exactly at |len|. Data types 0..18 and 26 are accepted; nested lists are left as views.
 * On failure msg->err_offset and msg->err_payload say where.
 * Returns 0 or: MIKEY_E_INVAL (NULL argument), MIKEY_E_TRUNCATED (input ends inside a
 * field), MIKEY_E_TRAILING (bytes after the last payload), MIKEY_E_UNKNOWN_PAYLOAD (a Next
 * Payload value this library does not know), MIKEY_E_UNEXPECTED_PAYLOAD (Next Payload names
 * the key data sub-payload, which only lives inside a KEMAC), MIKEY_E_TOO_MANY (more than
 * MIKEY_MAX_PAYLOADS payloads, or #CS over MIKEY_MAX_CS), MIKEY_E_BAD_VERSION,
 * MIKEY_E_BAD_DATA_TYPE, MIKEY_E_BAD_COUNT (#CS disagrees with the map type),
 * MIKEY_E_BAD_VALUE (an unknown value that decides a length), MIKEY_E_RESERVED (reserved
 * bits set), MIKEY_E_BAD_LENGTH (a TLV overruns its list).
 */
MIKEY_EXTERN int mikey_msg_decode(mikey_msg *msg, const uint8_t *buf, size_t len) MIKEY_WUR;

/**
 * mikey_msg_init prepares |*msg| for building: version 1, data type |data_type|, every other
 * field 0 (PRF MIKEY-1, map SRTP-ID, no crypto sessions, no payloads).
 */
MIKEY_EXTERN void mikey_msg_init(mikey_msg *msg, uint8_t data_type);

/**
 * mikey_msg_add appends a zeroed payload of type |type| to |*msg| and returns it, or NULL when
 * |msg| is NULL or already holds MIKEY_MAX_PAYLOADS payloads.
 */
MIKEY_EXTERN mikey_payload *mikey_msg_add(mikey_msg *msg, int type);

/**
 * mikey_msg_encode writes |*msg| (its hdr and pl[0..n)) into |out| (|cap| bytes; NULL and 0
 * to ask the size). |*outlen| receives the size written or needed. Next Payload fields come
 * from the order of pl[]; a SIGN payload must be the last. Sets the layout fields of |*msg|
 * (buf, len, hdr.len and each payload's offset, len, mac_offset, ...), so that the caller
 * can then write a MAC at the V payload's mac_offset; the views of |*msg| still point where
 * they pointed. On any error other than MIKEY_E_BUFFER_TOO_SMALL, msg->err_payload names the
 * failing payload and msg->err_offset its index in pl[] (SIZE_MAX for the HDR).
 * Returns 0, MIKEY_E_BUFFER_TOO_SMALL (|*outlen| is the size needed), MIKEY_E_INVAL (NULL
 * argument, n over MIKEY_MAX_PAYLOADS, SIGN not last), MIKEY_E_LIMIT (size overflow), and the
 * errors of mikey_hdr_encode() and mikey_payload_encode().
 */
MIKEY_EXTERN int mikey_msg_encode(mikey_msg *msg, uint8_t *out, size_t cap,
                                  size_t *outlen) MIKEY_WUR;

/**
 * mikey_find returns the first payload of type |type| among the |n| payloads at |pl|, or
 * NULL. For IDR, RANDR and TR payloads |role| must match too unless it is -1; for other types
 * |role| is ignored. Pass a later start (pl + i + 1, n - i - 1) to find the next one.
 */
MIKEY_EXTERN const mikey_payload *mikey_find(const mikey_payload *pl, size_t n, int type,
                                             int role);

/** mikey_msg_find is mikey_find over the payloads of |msg|. */
MIKEY_EXTERN const mikey_payload *mikey_msg_find(const mikey_msg *msg, int type, int role);

/* ---------------------------------------------------------------------------------------
 * Nested lists
 * --------------------------------------------------------------------------------------- */

/**
 * mikey_tp_data_decode decodes TP Data (RFC 6043 6.10: a First Payload byte, then a payload
 * chain) from the |len| bytes at |buf| into |*list|. An empty TP Data (|len| 0) gives an
 * empty list. On failure list->err_offset and list->err_payload say where.
 * Returns 0 or: MIKEY_E_INVAL, MIKEY_E_BAD_VALUE (First Payload is Last payload while bytes
 * follow), and the chain errors of mikey_msg_decode().
 */
MIKEY_EXTERN int mikey_tp_data_decode(mikey_plist *list, const uint8_t *buf,
                                      size_t len) MIKEY_WUR;

/**
 * mikey_ticket_data_decode decodes the Ticket Data of a MIKEY base ticket or a 3GPP base
 * ticket (RFC 6043 A.1, TS 33.328 D.4: a THDR, then a payload chain) into |*list|;
 * list->pl[0] is the THDR.
 * Returns 0 or: MIKEY_E_INVAL, and the chain errors of mikey_msg_decode() (an empty input is
 * MIKEY_E_TRUNCATED).
 */
MIKEY_EXTERN int mikey_ticket_data_decode(mikey_plist *list, const uint8_t *buf,
                                          size_t len) MIKEY_WUR;

/**
 * mikey_initiator_data_decode decodes Initiator Data (RFC 6043 6.10: a First Payload byte,
 * then a chain; Vi, Vr) into |*list|. An empty input gives an empty list (no Initiator Data).
 * Returns as mikey_tp_data_decode().
 */
MIKEY_EXTERN int mikey_initiator_data_decode(mikey_plist *list, const uint8_t *buf,
                                             size_t len) MIKEY_WUR;

/** mikey_plist_init empties |*list| for building. */
MIKEY_EXTERN void mikey_plist_init(mikey_plist *list);

/** mikey_plist_add appends a zeroed payload of type |type| to |*list| and returns it, or NULL
 *  when |list| is NULL or full. */
MIKEY_EXTERN mikey_payload *mikey_plist_add(mikey_plist *list, int type);

/**
 * mikey_tp_data_encode writes |*list| as TP Data (First Payload byte, then the chain; nothing
 * for an empty list) into |out| (|cap| bytes; NULL and 0 to ask the size); |*outlen|
 * receives the size written or needed. Sets the layout fields of |*list| (offsets from |out|).
 * Returns 0, MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_INVAL (NULL argument, a THDR in the list, SIGN
 * not last), and the errors of mikey_payload_encode().
 */
MIKEY_EXTERN int mikey_tp_data_encode(mikey_plist *list, uint8_t *out, size_t cap,
                                      size_t *outlen) MIKEY_WUR;

/**
 * mikey_ticket_data_encode writes |*list| as Ticket Data: list->pl[0] must be the THDR, the
 * rest the chain after it. As mikey_tp_data_encode() otherwise; MIKEY_E_INVAL also when the
 * list is empty or pl[0] is not a THDR.
 */
MIKEY_EXTERN int mikey_ticket_data_encode(mikey_plist *list, uint8_t *out, size_t cap,
                                          size_t *outlen) MIKEY_WUR;

/** mikey_initiator_data_encode writes |*list| as Initiator Data; as mikey_tp_data_encode(). */
MIKEY_EXTERN int mikey_initiator_data_encode(mikey_plist *list, uint8_t *out, size_t cap,
                                             size_t *outlen) MIKEY_WUR;

/** Flag of mikey_keydata_decode(): an ID payload precedes the keys (public-key method,
 *  RFC 3830 6.2). */
#define MIKEY_KD_WITH_ID 0x1u

/**
 * mikey_keydata_decode decodes the key data sub-payloads of a KEMAC's (decrypted) Encr data
 * from the |len| bytes at |buf| into |*list|: each has Next Payload 20 (another key follows)
 * or 0 (the last; RFC 3830 6.13). An empty input gives an empty list (an update message).
 * With MIKEY_KD_WITH_ID in |flags| an ID payload comes first (and the input may not be
 * empty).
 * Returns 0 or: MIKEY_E_INVAL, MIKEY_E_TRUNCATED, MIKEY_E_TRAILING,
 * MIKEY_E_UNEXPECTED_PAYLOAD (a Next Payload other than 20 or 0), MIKEY_E_BAD_VALUE
 * (unknown key type or KV type), MIKEY_E_TOO_MANY (more than MIKEY_MAX_KEYS keys).
 */
MIKEY_EXTERN int mikey_keydata_decode(mikey_keydata_list *list, const uint8_t *buf, size_t len,
                                      unsigned flags) MIKEY_WUR;

/**
 * mikey_keydata_encode writes |*list| (list->id first when has_id, then kd[0..n)) as the
 * plaintext of a KEMAC's Encr data into |out| (|cap| bytes; NULL and 0 to ask the size);
 * |*outlen| receives the size written or needed. Sets the layout fields of each key.
 * Returns 0, MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_INVAL (NULL argument, n over
 * MIKEY_MAX_KEYS), MIKEY_E_BAD_VALUE (unknown key or KV type, salt given for a type without
 * salt), MIKEY_E_BAD_LENGTH (a field too long for its length field).
 */
MIKEY_EXTERN int mikey_keydata_encode(mikey_keydata_list *list, uint8_t *out, size_t cap,
                                      size_t *outlen) MIKEY_WUR;

/* ---------------------------------------------------------------------------------------
 * Validation
 * --------------------------------------------------------------------------------------- */

/** Validation flag: refuse payloads the message type does not list (RFC 6043 says they
 *  SHOULD be ignored, which is the default). */
#define MIKEY_VALIDATE_STRICT 0x1u
/** Validation flag: also apply the PSK/MIME profile (PROFILE.md sections 2, 4, 5): the
 *  optional IDRi/IDRr/IDRkms/IDRpsk it always sends are required, a TRANSFER_INIT has one
 *  GENERIC-ID crypto session and no SP or KEMAC. */
#define MIKEY_VALIDATE_PSKMIME 0x2u

/**
 * mikey_msg_validate checks a decoded |*msg| against the rules of its data type: for the
 * MIKEY-TICKET types 11..18 the payloads of RFC 6043 4.2 (required ones present, in the
 * allowed order, at most once where the grammar says so, the last one V, or SIGN for the PK
 * variants, nothing after it) and the HDR rules (#CS 0 and the Empty map for the Ticket
 * Request and Resolve messages; no SRTP-ID map in the Ticket Transfer messages); for Error
 * (6) the grammar of RFC 6043 5.4 (HDR, T, ERR..., SP..., [V|SIGN]). A General Extension
 * may appear anywhere before the last payload. Other data types are accepted as they are.
 * On failure msg->err_offset and msg->err_payload name the offending payload (for a missing
 * payload: the message length and the missing type).
 * Returns 0 or: MIKEY_E_INVAL (NULL argument), MIKEY_E_MISSING_PAYLOAD,
 * MIKEY_E_PAYLOAD_ORDER, MIKEY_E_DUPLICATE, MIKEY_E_AFTER_LAST, MIKEY_E_UNEXPECTED_PAYLOAD
 * (with MIKEY_VALIDATE_STRICT, or a payload that no message of this type may carry in the
 * profile), MIKEY_E_BAD_VALUE (HDR map type), MIKEY_E_BAD_COUNT (HDR #CS).
 */
MIKEY_EXTERN int mikey_msg_validate(mikey_msg *msg, unsigned flags) MIKEY_WUR;

/** Kinds of nested lists, for mikey_plist_validate() and mikey_plist_dump(). */
#define MIKEY_LIST_TP_DATA        1 /**< TP Data (RFC 6043 6.10) */
#define MIKEY_LIST_TICKET_DATA    2 /**< Ticket Data of a base ticket (RFC 6043 A.1) */
#define MIKEY_LIST_INITIATOR_DATA 3 /**< Initiator Data (RFC 6043 6.10) */

/**
 * mikey_plist_validate checks a decoded nested list of kind |kind| against its grammar:
 * TP Data = [IDRkms], [IDRi], [TRs], [TRe], [TRr], [KEMAC], {IDRapp}, (IDRr);
 * Ticket Data = THDR, T, RAND, KEMAC, [IDRpsk], V; Initiator Data = Vi, Vr.
 * |flags| as for mikey_msg_validate() (MIKEY_VALIDATE_STRICT only).
 * Returns 0 or the codes of mikey_msg_validate(); MIKEY_E_INVAL for an unknown |kind|.
 */
MIKEY_EXTERN int mikey_plist_validate(mikey_plist *list, int kind, unsigned flags) MIKEY_WUR;

/* ---------------------------------------------------------------------------------------
 * Dump
 * --------------------------------------------------------------------------------------- */

/** Dump flag: JSON (doc/json.md) instead of the text tree. */
#define MIKEY_DUMP_JSON 0x1u
/** Dump flag: do not decode nested lists (TP Data, Ticket Data, Initiator Data, key data of
 *  NULL-encrypted KEMACs); show them as hex only. */
#define MIKEY_DUMP_FLAT 0x2u
/** Dump flag: show key and salt bytes of key data sub-payloads (hidden by default). */
#define MIKEY_DUMP_SECRETS 0x4u

/** Where a dump goes: called with |n| bytes of text at |s| (not NUL-terminated); return 0,
 *  or non-zero to stop the dump (reported as MIKEY_E_CALLBACK). */
typedef int (*mikey_write_fn)(void *ctx, const char *s, size_t n);

/**
 * mikey_msg_dump writes a dump of the decoded |*msg| through |write| (called with |ctx|):
 * every payload with its type, name, offset, length and fields by name; nested lists
 * nested (at most 3 levels deep), unless |flags| has MIKEY_DUMP_FLAT. Text by default, JSON
 * with MIKEY_DUMP_JSON. Offsets in the dump always count from the start of the message.
 * Returns 0, MIKEY_E_INVAL (NULL argument), MIKEY_E_CALLBACK (|write| returned non-zero).
 */
MIKEY_EXTERN int mikey_msg_dump(const mikey_msg *msg, unsigned flags, mikey_write_fn write,
                                void *ctx);

/**
 * mikey_msg_dump_buf is mikey_msg_dump() into |buf| (|cap| bytes; NULL and 0 to ask the
 * size). The text is NUL-terminated; |*outlen| receives its length without the NUL (so
 * |cap| must be at least |*outlen| + 1).
 * Returns 0, MIKEY_E_INVAL, MIKEY_E_BUFFER_TOO_SMALL (|*outlen| is the length needed).
 */
MIKEY_EXTERN int mikey_msg_dump_buf(const mikey_msg *msg, unsigned flags, char *buf,
                                    size_t cap, size_t *outlen);

/**
 * mikey_plist_dump dumps a decoded nested list of kind |kind| (MIKEY_LIST_*) like
 * mikey_msg_dump(); offsets count from the start of the list.
 * Returns 0, MIKEY_E_INVAL (NULL argument or unknown |kind|), MIKEY_E_CALLBACK.
 */
MIKEY_EXTERN int mikey_plist_dump(const mikey_plist *list, int kind, unsigned flags,
                                  mikey_write_fn write, void *ctx);

/**
 * mikey_keydata_dump dumps a decoded key data list like mikey_msg_dump(); key and salt bytes
 * appear only with MIKEY_DUMP_SECRETS.
 * Returns 0, MIKEY_E_INVAL (NULL argument), MIKEY_E_CALLBACK.
 */
MIKEY_EXTERN int mikey_keydata_dump(const mikey_keydata_list *list, unsigned flags,
                                    mikey_write_fn write, void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* MIKEY_CODEC_H */
