/*
 * mikey_reuse.c: the responder's cache of resolved tickets (RFC 6043 5.3, Ticket Reuse).
 *
 * "If the Responder has resolved the ticket before, the Responder does not need to resolve
 * the ticket again. In that case, the same modifier (IDRr, RANDRkms) SHALL be used." An entry
 * keeps what a later Ticket Transfer with the same ticket needs from the RESOLVE_RESP: MPKi,
 * [MPKr'], the TGK' / TGK with its KEK identifier, the modifier, the ticket's flags and the end
 * of its validity (TRe: the entry expires then). A J=0 ticket (no reuse) leaves a marker
 * without keys, so that a second transfer with it is refused.
 *
 * Entries are named by a SHA-256 digest of the TICKET payload without its Next Payload byte
 * and without the Initiator Data length and Initiator Data fields: the Initiator Data (Vi, Vr)
 * differs in every TRANSFER_INIT with I=1, the rest is the ticket the KMS issued and verified.
 *
 * The table is small and owned by one responder (used by one thread at a time): a linear
 * search, and when full the least recently used entry is evicted. Every entry is wiped when it
 * is evicted, expires, or the cache is freed.
 */
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "roles/mikey_responder_local.h"

int mikey_reuse_init(mikey_reuse *c, size_t n) {
  memset(c, 0, sizeof(*c));
  if (n == 0) {
    return 0;
  }
  c->e = calloc(n, sizeof(*c->e));
  if (!c->e) {
    return MIKEY_E_NOMEM;
  }
  c->n = n;
  return 0;
}

void mikey_reuse_drop(reuse_entry *e) {
  mikey_ident_free(&e->mod_id);
  mikey_memzero(e, sizeof(*e));
}

void mikey_reuse_clear(mikey_reuse *c) {
  for (size_t i = 0; c->e && i < c->n; i++) {
    mikey_reuse_drop(&c->e[i]);
  }
  free(c->e);
  memset(c, 0, sizeof(*c));
}

int mikey_reuse_digest(const mikey_msg *m, const mikey_payload *tk, uint8_t d[32]) {
  size_t from = tk->offset + 1, to = tk->u.ticket.idata_len_offset;
  if (!m->buf || from > to || to > m->len) {
    return MIKEY_E_INVAL;
  }
  gcry_md_hash_buffer(GCRY_MD_SHA256, d, m->buf + from, to - from);
  return 0;
}

/* expired tells whether entry |e| has passed the end of its ticket's validity at |now|. */
static int expired(const reuse_entry *e, uint64_t now) {
  return e->expiry != 0 && mikey_ntp_diff(now, e->expiry) > 0;
}

reuse_entry *mikey_reuse_find(mikey_reuse *c, const uint8_t d[32], uint64_t now) {
  for (size_t i = 0; i < c->n; i++) {
    reuse_entry *e = &c->e[i];
    if (e->seq == 0 || memcmp(e->digest, d, 32) != 0) {
      continue;
    }
    if (expired(e, now)) {
      mikey_reuse_drop(e);
      return NULL;
    }
    e->seq = ++c->seq; /* recently used */
    return e;
  }
  return NULL;
}

reuse_entry *mikey_reuse_slot(mikey_reuse *c, const uint8_t d[32], uint64_t now) {
  reuse_entry *same = NULL, *unused = NULL, *lru = NULL;
  for (size_t i = 0; i < c->n && !same; i++) {
    reuse_entry *e = &c->e[i];
    if (e->seq != 0 && memcmp(e->digest, d, 32) == 0) {
      same = e; /* the same ticket resolved again: its entry is replaced */
    } else if (e->seq == 0 || expired(e, now)) {
      unused = unused ? unused : e;
    } else if (!lru || e->seq < lru->seq) {
      lru = e;
    }
  }
  reuse_entry *pick = same ? same : unused ? unused : lru;
  if (!pick) {
    return NULL; /* a cache of no entries */
  }
  mikey_reuse_drop(pick);
  memcpy(pick->digest, d, 32);
  pick->seq = ++c->seq;
  return pick;
}
