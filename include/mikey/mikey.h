/*
 * libmikey-ticket: MIKEY-TICKET (RFC 6043) key management and pre-shared-key S/MIME
 * (3GPP TS 33.328 Annex I). Include this one header to get the whole public API.
 */
#ifndef MIKEY_MIKEY_H
#define MIKEY_MIKEY_H

#include <mikey/version.h>
#include <mikey/common.h>
/* MIKEY_LAYER_HEADERS: each layer adds its public header below. */
#include <mikey/codec.h>
#include <mikey/key.h>
#include <mikey/ticket.h>
#include <mikey/roles.h>
#include <mikey/base64.h>
#include <mikey/smime.h>
#include <mikey/cms.h>
#include <mikey/pskmime.h>

#endif /* MIKEY_MIKEY_H */
