/*
 * mikey_pskmime_receive.c: the first step of the receiver (TS 33.328 Annex I.3; RFC 6043
 * 4.2.2.2): a SIP body in, a RESOLVE_INIT_PSK for the KMS out, the S/MIME message held.
 */
#include <stdlib.h>
#include <string.h>

#include "pskmime/mikey_pskmime_local.h"

/* kek_id_of reads the KEK identifier of a TRANSFER_INIT from its Common Header: the SPI of
 * its one crypto session (PROFILE.md section 4). The engine checks the rest of the message;
 * this only needs the HDR. */
static int kek_id_of(const uint8_t *ti, size_t len, mikey_hdr *h) {
  uint8_t next;
  size_t used;
  int rc = mikey_hdr_decode(h, ti, len, &next, &used);
  if (rc) {
    return rc;
  }
  if (h->data_type != MIKEY_DT_TRANSFER_INIT) {
    return MIKEY_E_BAD_DATA_TYPE;
  }
  /* section 4: #CS = 1, GENERIC-ID map, SPI = the KEK identifier */
  if (h->n_cs != 1 || h->map_type != MIKEY_MAP_GENERIC_ID || h->cs[0].spi.len == 0) {
    return MIKEY_E_POLICY;
  }
  return 0;
}

int mikey_pskmime_receive(mikey_pskmime_receiver *rx, const char *ctype, size_t ctype_len,
                          const uint8_t *body, size_t body_len, uint8_t *resolve_init, size_t cap,
                          size_t *len, uint32_t *xid) {
  if (!rx || !ctype || (!body && body_len) || !len || !xid) {
    return MIKEY_E_INVAL;
  }
  *len = 0;
  *xid = 0;
  /* 1. the body (RFC 2046): sized first, then decoded into a scratch buffer */
  mikey_sipbody sb;
  size_t need = 0;
  int rc = mikey_sipbody_parse(ctype, ctype_len, body, body_len, NULL, 0, &need, &sb, NULL);
  if (rc && rc != MIKEY_E_BUFFER_TOO_SMALL) {
    return rc;
  }
  uint8_t *scratch = malloc(need ? need : 1);
  if (!scratch) {
    return MIKEY_E_NOMEM;
  }
  rc = mikey_sipbody_parse(ctype, ctype_len, body, body_len, scratch, need, &need, &sb, NULL);
  /* 2. the pair must match before anything goes to the KMS: the AuthEnvelopedData's kekid
   *    is the TRANSFER_INIT's KEK identifier (Annex I.2: kekid names the KEK of the ticket) */
  mikey_hdr h;
  if (rc == 0) {
    rc = kek_id_of(sb.mikey, sb.mikey_len, &h);
  }
  uint8_t *copy = NULL;
  mikey_cms_aed aed;
  if (rc == 0) {
    rc = mikey_pskmime_copy_der(sb.smime.der, sb.smime.der_len, &copy, &aed);
  }
  if (rc == 0 && (aed.kek_id_len != h.cs[0].spi.len ||
                  memcmp(aed.kek_id, h.cs[0].spi.data, aed.kek_id_len) != 0)) {
    rc = MIKEY_E_CMS_KEK_ID;
  }
  /* 3. early reject by policy and the RESOLVE_INIT (RFC 6043 4.2.2.2); a short buffer
   *    starts no exchange */
  if (rc == 0) {
    rc = mikey_responder_on_transfer_init(rx->resp, sb.mikey, sb.mikey_len, resolve_init, cap,
                                          len, xid);
  }
  /* 4. hold the DER until the RESOLVE_RESP comes */
  if (rc == 0) {
    mikey_pskmime_held_put(rx, *xid, copy, sb.smime.der_len, aed.content_len);
    copy = NULL;
  } else {
    *xid = 0;
    if (rc != MIKEY_E_BUFFER_TOO_SMALL) {
      *len = 0;
    }
  }
  if (copy) {
    mikey_memzero(copy, sb.smime.der_len);
    free(copy);
  }
  mikey_memzero(scratch, need);
  free(scratch);
  return rc;
}
