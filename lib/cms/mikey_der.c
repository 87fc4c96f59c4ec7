/*
 * mikey_der.c: strict DER encoder and bounded DER/BER decoder (X.690) for the CMS layer.
 */
#include "cms/mikey_der.h"

#include <string.h>

#include <mikey/common.h>

/* --- encoder ----------------------------------------------------------------------------- */

size_t mikey_der_add(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

size_t mikey_der_len_size(size_t len) {
  /* X.690 10.1: the definite form with the fewest octets. 8.1.3.4: short form below 128;
   * 8.1.3.5: otherwise one initial octet and the length in base 256, no leading zero. */
  if (len < 0x80) {
    return 1;
  }
  size_t n = 1;
  while (len > 0) {
    n++;
    len >>= 8;
  }
  return n;
}

size_t mikey_der_tlv_size(size_t len) {
  return mikey_der_add(1 + mikey_der_len_size(len), len);
}

uint8_t *mikey_der_put_hdr(uint8_t *dst, uint8_t tag, size_t len) {
  *dst++ = tag;
  if (len < 0x80) {
    *dst++ = (uint8_t)len;
    return dst;
  }
  size_t n = mikey_der_len_size(len) - 1;
  *dst++ = (uint8_t)(0x80u | n);
  for (size_t i = n; i > 0; i--) {
    *dst++ = (uint8_t)(len >> (8 * (i - 1)));
  }
  return dst;
}

uint8_t *mikey_der_put_tlv(uint8_t *dst, uint8_t tag, const uint8_t *val, size_t len) {
  dst = mikey_der_put_hdr(dst, tag, len);
  if (len > 0) {
    memcpy(dst, val, len);
  }
  return dst + len;
}

/* uint_octets returns the number of content octets of the INTEGER |v| (X.690 8.3.2: the
 * shortest two's complement form, so a leading 0 when the top bit would be set). */
static size_t uint_octets(uint32_t v) {
  size_t n = 1;
  while (n < 5 && (uint64_t)v >= (uint64_t)1 << (8 * n - 1)) {
    n++;
  }
  return n;
}

size_t mikey_der_uint_size(uint32_t v) { return 2 + uint_octets(v); }

uint8_t *mikey_der_put_uint(uint8_t *dst, uint32_t v) {
  size_t n = uint_octets(v);
  *dst++ = MIKEY_DER_INTEGER;
  *dst++ = (uint8_t)n;
  for (size_t i = n; i > 0; i--) {
    /* The fifth octet (i == 5) is the leading zero of a value with bit 31 set. */
    *dst++ = (uint8_t)(i > 4 ? 0u : v >> (8 * (i - 1)));
  }
  return dst;
}

/* --- decoder ----------------------------------------------------------------------------- */

void mikey_der_rd_init(mikey_der_rd *rd, const uint8_t *p, size_t len) {
  rd->p = p;
  rd->end = p ? p + len : p;
  rd->depth = 0;
  rd->more = 0;
}

int mikey_der_get_hdr(const uint8_t *p, size_t avail, mikey_der_hdr *h) {
  if (avail < 2) {
    return MIKEY_DER_MORE;
  }
  uint8_t tag = p[0];
  /* X.690 8.1.2.4: tag numbers of 31 and more take several identifier octets; CMS uses none. */
  if ((tag & 0x1fu) == 0x1fu) {
    return MIKEY_E_DER;
  }
  uint8_t b = p[1];
  h->tag = tag;
  h->indef = 0;
  h->len = 0;
  if (b < 0x80) {
    /* 8.1.3.4: short form. */
    h->hdr_len = 2;
    h->len = b;
    return 0;
  }
  if (b == 0x80) {
    /* 8.1.3.6: indefinite form, constructed encodings only (8.1.3.2 a). */
    if (!(tag & 0x20u)) {
      return MIKEY_E_DER;
    }
    h->hdr_len = 2;
    h->indef = 1;
    return 0;
  }
  if (b == 0xff) {
    /* 8.1.3.5 c: reserved. */
    return MIKEY_E_DER;
  }
  size_t n = b & 0x7fu;
  if (n > sizeof(size_t)) {
    return MIKEY_E_DER;
  }
  if (avail - 2 < n) {
    return MIKEY_DER_MORE;
  }
  /* 10.1: no leading zero octet, and no long form for what the short form carries. */
  if (p[2] == 0) {
    return MIKEY_E_DER_NONMINIMAL;
  }
  size_t v = 0;
  for (size_t i = 0; i < n; i++) {
    v = v << 8 | p[2 + i];
  }
  if (v < 0x80) {
    return MIKEY_E_DER_NONMINIMAL;
  }
  h->hdr_len = 2 + n;
  h->len = v;
  return 0;
}

int mikey_der_elem_size(const uint8_t *p, size_t avail, unsigned depth, size_t *size) {
  mikey_der_hdr h;
  int rv = mikey_der_get_hdr(p, avail, &h);
  if (rv) {
    return rv;
  }
  if (!h.indef) {
    /* hdr_len <= avail was proven by mikey_der_get_hdr. */
    if (h.len > avail - h.hdr_len) {
      return MIKEY_DER_MORE;
    }
    *size = h.hdr_len + h.len;
    return 0;
  }
  if (depth >= MIKEY_DER_MAX_DEPTH) {
    return MIKEY_E_DER_DEPTH;
  }
  /* 8.1.5: the contents end with two zero octets; children may be indefinite in turn. */
  size_t off = h.hdr_len;
  for (;;) {
    if (avail - off < 2) {
      return MIKEY_DER_MORE;
    }
    if (p[off] == 0) {
      if (p[off + 1] != 0) {
        return MIKEY_E_DER;
      }
      *size = off + 2;
      return 0;
    }
    size_t s;
    rv = mikey_der_elem_size(p + off, avail - off, depth + 1, &s);
    if (rv) {
      return rv;
    }
    off += s; /* s <= avail - off */
  }
}

int mikey_der_next(mikey_der_rd *rd, mikey_der_elem *e, unsigned flags) {
  size_t avail = mikey_der_left(rd);
  int short_rv = rd->more ? MIKEY_DER_MORE : MIKEY_E_DER;
  if (avail == 0) {
    return short_rv;
  }
  mikey_der_hdr h;
  int rv = mikey_der_get_hdr(rd->p, avail, &h);
  if (rv == MIKEY_DER_MORE) {
    return short_rv;
  }
  if (rv) {
    return rv;
  }
  if (h.tag == MIKEY_DER_EOC) {
    /* End-of-contents where an element must be (or a stray one inside a definite block). */
    return MIKEY_E_DER;
  }
  size_t size;
  if (h.indef) {
    if (!(flags & MIKEY_DER_BER)) {
      return MIKEY_E_DER_NONMINIMAL;
    }
    rv = mikey_der_elem_size(rd->p, avail, rd->depth, &size);
    if (rv == MIKEY_DER_MORE) {
      return short_rv;
    }
    if (rv) {
      return rv;
    }
    e->len = size - h.hdr_len - 2;
  } else {
    if (h.len > avail - h.hdr_len) {
      return short_rv;
    }
    size = h.hdr_len + h.len;
    e->len = h.len;
  }
  e->tag = h.tag;
  e->indef = h.indef;
  e->start = rd->p;
  e->size = size;
  e->val = rd->p + h.hdr_len;
  rd->p += size;
  return 0;
}

int mikey_der_expect(mikey_der_rd *rd, uint8_t tag, mikey_der_elem *e, unsigned flags) {
  mikey_der_rd save = *rd;
  int rv = mikey_der_next(rd, e, flags);
  if (rv) {
    return rv;
  }
  if (e->tag != tag) {
    *rd = save;
    return MIKEY_E_DER;
  }
  return 0;
}

int mikey_der_peek(const mikey_der_rd *rd) { return mikey_der_left(rd) > 0 ? rd->p[0] : -1; }

void mikey_der_enter(const mikey_der_rd *rd, const mikey_der_elem *e, mikey_der_rd *sub) {
  sub->p = e->val;
  sub->end = e->val + e->len;
  sub->depth = rd->depth + 1;
  sub->more = 0;
}

int mikey_der_done(const mikey_der_rd *rd) { return rd->p == rd->end ? 0 : MIKEY_E_TRAILING; }

int mikey_der_get_uint(const uint8_t *val, size_t len, uint32_t *v) {
  if (len == 0) {
    return MIKEY_E_DER;
  }
  /* X.690 8.3.2: the first nine bits are never all ones or all zeros. */
  if (len > 1 && ((val[0] == 0x00 && !(val[1] & 0x80)) || (val[0] == 0xff && (val[1] & 0x80)))) {
    return MIKEY_E_DER_NONMINIMAL;
  }
  if (val[0] & 0x80) {
    return MIKEY_E_LIMIT;
  }
  if (val[0] == 0) {
    val++;
    len--;
  }
  if (len > 4) {
    return MIKEY_E_LIMIT;
  }
  uint32_t x = 0;
  for (size_t i = 0; i < len; i++) {
    x = x << 8 | val[i];
  }
  *v = x;
  return 0;
}

int mikey_der_check_der(const uint8_t *p, size_t len, unsigned depth) {
  size_t off = 0;
  while (off < len) {
    mikey_der_hdr h;
    int rv = mikey_der_get_hdr(p + off, len - off, &h);
    if (rv == MIKEY_DER_MORE) {
      return MIKEY_E_DER;
    }
    if (rv) {
      return rv;
    }
    if (h.indef) {
      return MIKEY_E_DER_NONMINIMAL;
    }
    if (h.tag == MIKEY_DER_EOC || h.len > len - off - h.hdr_len) {
      return MIKEY_E_DER;
    }
    if (h.tag & 0x20u) {
      if (depth + 1 >= MIKEY_DER_MAX_DEPTH) {
        return MIKEY_E_DER_DEPTH;
      }
      rv = mikey_der_check_der(p + off + h.hdr_len, h.len, depth + 1);
      if (rv) {
        return rv;
      }
    }
    off += h.hdr_len + h.len;
  }
  return 0;
}
