/*
 * mikey_policy.h: the Ticket Policy: TP payload conversion and checks (internal).
 *
 * The struct (mikey_policy) and the profiles (mikey_profile) are public, in
 * include/mikey/ticket.h. This header adds what the role engines call:
 *   - mikey_policy_from_tp / mikey_policy_encode: TP payload (and its TP Data, through the
 *     codec) to and from the struct;
 *   - the checks, each with its own error code so that a KMS answers with the right MIKEY
 *     Error number (PROFILE.md D12):
 *       mikey_ticket_type_check      known ticket type/subtype/version  MIKEY_E_TICKET_TYPE
 *       mikey_policy_check_flags     the flag implications of 6.10      MIKEY_E_TP_FLAGS
 *       mikey_policy_check           a profile (flags, TP Data, keys,   MIKEY_E_TICKET_TYPE,
 *                                    IDRapp, suite of requested keys)   _TP_FLAGS, _POLICY,
 *                                                                       _APP, _SUITE
 *       mikey_policy_check_time      TRs..TRe against a given time      MIKEY_E_EXPIRED,
 *                                                                       _NOT_YET_VALID
 *       mikey_policy_check_responder IDRr list                          MIKEY_E_NOT_AUTHORIZED
 *       mikey_policy_check_app       IDRapp list                        MIKEY_E_APP
 *       mikey_policy_check_suite     TP PRF vs HDR PRF and key sizes    MIKEY_E_SUITE
 *
 * Everything is a pure function of its arguments: no state, no allocation.
 */
#ifndef MIKEY_POLICY_H
#define MIKEY_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/codec.h>
#include <mikey/common.h>
#include <mikey/ticket.h>

/* Modes of mikey_policy_check and mikey_policy_encode. */
#define MIKEY_POLICY_REQUEST 1 /* desired policy: a TP payload (REQUEST_INIT) */
#define MIKEY_POLICY_GRANTED 2 /* granted policy: the TP part of a TICKET payload */

/* What a check knows of the keys of a ticket (the MPK not counted). */
typedef struct mikey_key_summary {
  unsigned types;   /* bit (1 << MIKEY_KEY_*) for each key type present */
  size_t n;         /* number of session keys */
  size_t max_len;   /* longest key (MPK, TPK and session keys alike), bytes */
} mikey_key_summary;

/*
 * mikey_ticket_type_check accepts the ticket types this library builds and opens: the MIKEY
 * base ticket (type 1, subtype 1, version 1; RFC 6043 6.10 / Appendix A) and the 3GPP base
 * ticket (type 2, subtype 0, version 0; TS 33.328 D.4). Returns 0 or MIKEY_E_TICKET_TYPE.
 */
int mikey_ticket_type_check(uint16_t ticket_type, uint8_t subtype, uint8_t version);

/*
 * mikey_policy_from_tp fills |*p| from the decoded TP (or TICKET's TP part) |tp|: the fixed
 * fields, then TP Data decoded with the codec and checked against its grammar (RFC 6043 6.10:
 * [IDRkms], [IDRi], [TRs], [TRe], [TRr], [KEMAC], {IDRapp}, (IDRr); unexpected payloads are
 * ignored). Views in |*p| point into tp->tp_data. The TP KEMAC must use NULL encryption and
 * the NULL MAC and hold only TEK/TGK/GTGK (+SALT) keys (6.10); TRr must be NTP-UTC-32 (6.10);
 * TRs/TRe must be an NTP type.
 * Returns 0, MIKEY_E_INVAL (NULL argument), the decode and grammar errors of the codec
 * (mikey_tp_data_decode, mikey_plist_validate, mikey_keydata_decode: MIKEY_E_TRUNCATED,
 * MIKEY_E_MISSING_PAYLOAD, ...), MIKEY_E_POLICY (TP KEMAC not NULL/NULL, a key type or TS type
 * 6.10 does not allow there), MIKEY_E_LIMIT (a requested key or salt longer than
 * MIKEY_POLICY_MAX_KEY_LEN). On error |*p| is left zeroed.
 */
int mikey_policy_from_tp(mikey_policy *p, const mikey_tp *tp) MIKEY_WUR;

/*
 * mikey_policy_encode writes the TP Data of |*p| into |out| (|cap| bytes; NULL and 0 to ask
 * the size; |*outlen| receives the size written or needed) and fills |*tp| (ticket type ..
 * flags, tp_data a view of |out|), ready to go into a TP or TICKET payload. In
 * MIKEY_POLICY_REQUEST mode the requested keys go into a KEMAC with NULL encryption, NULL MAC
 * and zero Key Data (6.10); in MIKEY_POLICY_GRANTED mode the KEMAC is left out ("The KEMAC
 * SHALL NOT be present in the granted Ticket Policy"). Payload order is the 6.10 grammar.
 * Returns 0, MIKEY_E_BUFFER_TOO_SMALL, MIKEY_E_INVAL (NULL argument, unknown mode),
 * MIKEY_E_BAD_VALUE (PRF over 7 bits, flags outside D..O, a TS type 6.10 does not allow),
 * MIKEY_E_LIMIT (the requested keys do not fit the 1 KiB KEMAC scratch, or more payloads than
 * a list holds), and the encode errors of the codec.
 */
int mikey_policy_encode(const mikey_policy *p, unsigned mode, uint8_t *out, size_t cap,
                        size_t *outlen, mikey_tp *tp) MIKEY_WUR;

/*
 * mikey_policy_check_flags checks the flag implications of RFC 6043 6.10: NOT D implies L,
 * G implies F, NOT G implies H, NOT H implies G, I implies E, K implies D, M implies F; and
 * "The F flag SHALL be set to '1' when the I flag ... is set to '1' and a TGK is encoded in
 * the ticket" (|has_tgk| non-zero when a TGK or TGK+SALT is, or is asked to be, in the
 * ticket). Returns 0 or MIKEY_E_TP_FLAGS (also for bits outside D..O).
 */
int mikey_policy_check_flags(uint16_t flags, int has_tgk);

/*
 * mikey_policy_check checks |*p| against the profile |prof| in |mode| (MIKEY_POLICY_REQUEST
 * or MIKEY_POLICY_GRANTED), one function for every profile (DESIGN.md principle 3):
 *   1. ticket type, subtype, version known and accepted by the profile: MIKEY_E_TICKET_TYPE;
 *   2. the profile's flag values, K=0 in a request, and mikey_policy_check_flags:
 *      MIKEY_E_TP_FLAGS;
 *   3. TP Data: the payloads the profile requires or forbids, no KEMAC in a granted policy,
 *      a KEMAC in a request, TRs not after TRe, at least one IDRr: MIKEY_E_POLICY;
 *   4. the keys, from |keys| or, when |keys| is NULL, from the requested keys of |*p|
 *      (GRANTED mode with NULL |keys|: key rules skipped, and the F/I/TGK rule too): key types
 *      and count the profile accepts: MIKEY_E_POLICY; TP PRF against the key sizes (D4):
 *      MIKEY_E_SUITE;
 *   5. IDRapp: mikey_policy_check_app with the profile's application: MIKEY_E_APP.
 * The first failing rule gives the code. Returns 0, MIKEY_E_INVAL (NULL argument, unknown
 * mode) or one of the codes above.
 */
int mikey_policy_check(const mikey_policy *p, const mikey_profile *prof, unsigned mode,
                       const mikey_key_summary *keys);

/*
 * mikey_policy_check_time checks the validity period TRs..TRe of |*p| against |now| (64-bit
 * NTP-UTC, e.g. mikey_env_now()), allowing |skew| seconds of clock difference either way
 * (D13). Timestamps are read with the RFC 4330 era rule (RFC 6043 6.10: 1968-2104): an
 * NTP-UTC-32 TRs/TRe is its seconds with a zero fraction. An absent TRs or TRe leaves that end
 * open. Returns 0, MIKEY_E_INVAL (NULL), MIKEY_E_NOT_YET_VALID (now + skew < TRs),
 * MIKEY_E_EXPIRED (now - skew > TRe) or MIKEY_E_POLICY (TRs/TRe not of an NTP type).
 */
int mikey_policy_check_time(const mikey_policy *p, uint64_t now, uint32_t skew);

/*
 * mikey_policy_check_responder checks that the identity |r| (ID Type and ID Data; its role is
 * ignored) is one of the IDRr of |*p| (RFC 6043 6.10, 4.2.3.4). Returns 0, MIKEY_E_INVAL
 * (NULL) or MIKEY_E_NOT_AUTHORIZED.
 */
int mikey_policy_check_responder(const mikey_policy *p, const mikey_id *r);

/*
 * mikey_policy_check_app checks the application ID Type |type| and the |len| bytes at |app|
 * against the IDRapp of |*p|: "If no IDRapp payloads are supplied, all application IDs are
 * authorized" (6.10), unless |required| is non-zero (a profile that wants IDRapp, D9).
 * Returns 0, MIKEY_E_INVAL (NULL) or MIKEY_E_APP (not listed, or none and |required|).
 */
int mikey_policy_check_app(const mikey_policy *p, uint8_t type, const uint8_t *app, size_t len,
                           int required);

/*
 * mikey_policy_check_suite checks the TP PRF of |*p| against the HDR PRF |hdr_prf| of the
 * message that carries it (D3: the same suite) and against |key_len|, the longest key of the
 * ticket (D4: not MIKEY-1 with keys over 128 bits; RFC 6043 12.1: 128 bits at least).
 * Returns 0, MIKEY_E_INVAL (NULL) or MIKEY_E_SUITE.
 */
int mikey_policy_check_suite(const mikey_policy *p, uint8_t hdr_prf, size_t key_len);

/*
 * mikey_policy_key_summary sums up the requested keys of |*p| into |*s|.
 */
void mikey_policy_key_summary(const mikey_policy *p, mikey_key_summary *s);

#endif /* MIKEY_POLICY_H */
