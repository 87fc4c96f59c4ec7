/*
 * mikey_ident.c: identities as the engines keep and compare them: the ID Type and ID Data
 * of an IDR payload (RFC 6043 6.6). Two identities are the same when type and bytes are.
 */
#include <stdlib.h>
#include <string.h>

#include "roles/mikey_roles_local.h"

int mikey_ident_check(const mikey_identity *id) {
  if (!id || !id->data || id->len == 0) {
    return MIKEY_E_INVAL;
  }
  if (id->type != MIKEY_ID_NAI && id->type != MIKEY_ID_URI && id->type != MIKEY_ID_BYTES) {
    return MIKEY_E_INVAL;
  }
  if (id->len > MIKEY_IDENTITY_MAX) {
    return MIKEY_E_LIMIT;
  }
  return 0;
}

int mikey_ident_copy(mikey_ident_buf *dst, const mikey_identity *src) {
  dst->type = src->type;
  dst->len = 0;
  dst->data = malloc(src->len ? src->len : 1);
  if (!dst->data) {
    return MIKEY_E_NOMEM;
  }
  if (src->len) {
    memcpy(dst->data, src->data, src->len);
  }
  dst->len = src->len;
  return 0;
}

void mikey_ident_free(mikey_ident_buf *b) {
  if (b) {
    free(b->data);
    b->data = NULL;
    b->len = 0;
  }
}

mikey_identity mikey_ident_view(const mikey_ident_buf *b) {
  mikey_identity v = {b->type, b->data, b->len};
  return v;
}

mikey_identity mikey_ident_from_id(const mikey_id *id) {
  mikey_identity v = {id->type, id->data.data, id->data.len};
  return v;
}

int mikey_ident_eq(const mikey_identity *a, const mikey_identity *b) {
  if (!a || !b) {
    return 0;
  }
  return a->type == b->type && a->len == b->len &&
         (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

int mikey_ident_eq_id(const mikey_identity *a, const mikey_id *id) {
  if (!id) {
    return 0;
  }
  mikey_identity v = mikey_ident_from_id(id);
  return mikey_ident_eq(a, &v);
}

void mikey_ident_set_idr(mikey_payload *p, uint8_t role, const mikey_identity *id) {
  p->u.id.role = role;
  p->u.id.type = id->type;
  p->u.id.data.data = id->data;
  p->u.id.data.len = id->len;
}

int mikey_ident_list(const mikey_payload *pl, size_t n, uint8_t role, mikey_identity *out,
                     size_t cap, size_t *count) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (pl[i].type == MIKEY_PT_IDR && pl[i].u.id.role == role) {
      if (k == cap) {
        return MIKEY_E_LIMIT;
      }
      out[k++] = mikey_ident_from_id(&pl[i].u.id);
    }
  }
  *count = k;
  return 0;
}
