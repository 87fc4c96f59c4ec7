/*
 * der_decode.c: libFuzzer harness for the internal DER/BER decoder (lib/cms/mikey_der.h).
 * The input is walked as a series of elements, recursively into constructed ones, once in
 * strict DER and once with BER indefinite lengths allowed; each element is also measured with
 * mikey_der_elem_size, checked with mikey_der_check_der, decoded as an INTEGER when it is one,
 * and read through a "more" (streaming) reader over a prefix of the input.
 *
 * Properties (any break aborts):
 *  - every element lies inside its reader; size = header + contents (+ 2 end-of-contents
 *    octets when indefinite); the reader moves by exactly size, and not at all on failure;
 *  - mikey_der_elem_size agrees with mikey_der_next on BER elements;
 *  - a definite element's header re-encodes (mikey_der_put_hdr) to the same octets, since
 *    the decoder refuses non-minimal lengths;
 *  - an input that mikey_der_check_der accepts walks in strict DER without error;
 *  - a "more" reader over a prefix gives MIKEY_DER_MORE, an error, or the same element the
 *    whole input gives; never a different element;
 *  - an INTEGER that decodes re-encodes (mikey_der_put_uint) to the same element.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cms/mikey_der.h"
#include <mikey/common.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what) {
  fprintf(stderr, "der_decode: %s\n", what);
  abort();
}

static void check_int(const mikey_der_elem *e) {
  uint32_t v;
  if (e->tag != MIKEY_DER_INTEGER || mikey_der_get_uint(e->val, e->len, &v) != 0) {
    return;
  }
  uint8_t buf[16];
  size_t n = mikey_der_uint_size(v);
  if (n > sizeof(buf) || n != e->size) {
    fail("INTEGER re-encodes to another size");
  }
  if ((size_t)(mikey_der_put_uint(buf, v) - buf) != n || memcmp(buf, e->start, n) != 0) {
    fail("INTEGER re-encodes to other octets");
  }
}

/* walk reads every element of |rd|; returns 0 when all of them decoded. */
static int walk(mikey_der_rd *rd, unsigned flags, int depth) {
  while (mikey_der_left(rd) > 0) {
    mikey_der_rd before = *rd;
    mikey_der_elem e;
    int rc = mikey_der_next(rd, &e, flags);
    if (rc != 0) {
      if (rd->p != before.p || rd->end != before.end) {
        fail("the reader moved on a failure");
      }
      if (rc > 0) {
        fail("MIKEY_DER_MORE from a reader that is not \"more\"");
      }
      return rc;
    }
    if (e.start != before.p || e.size > mikey_der_left(&before) || rd->p != e.start + e.size) {
      fail("element outside its reader, or the reader moved by another size");
    }
    if (e.val < e.start || e.val + e.len > e.start + e.size) {
      fail("contents outside the element");
    }
    mikey_der_hdr h;
    if (mikey_der_get_hdr(e.start, e.size, &h) != 0 || h.tag != e.tag || h.indef != e.indef ||
        e.val != e.start + h.hdr_len ||
        e.size != h.hdr_len + e.len + (e.indef ? 2 : 0)) {
      fail("element and header disagree");
    }
    if (e.indef && (flags & MIKEY_DER_BER) == 0) {
      fail("an indefinite length without MIKEY_DER_BER");
    }
    size_t sz = 0;
    if (mikey_der_elem_size(e.start, mikey_der_left(&before), before.depth, &sz) != 0 ||
        sz != e.size) {
      /* elem_size walks to the same bound; a depth error is the only allowed difference */
      int erc = mikey_der_elem_size(e.start, mikey_der_left(&before), before.depth, &sz);
      if (erc != MIKEY_E_DER_DEPTH) {
        fail("mikey_der_elem_size disagrees with mikey_der_next");
      }
    }
    if (!e.indef) {
      uint8_t hb[16];
      size_t hn = (size_t)(mikey_der_put_hdr(hb, e.tag, e.len) - hb);
      if (hn != h.hdr_len || memcmp(hb, e.start, hn) != 0) {
        fail("a definite header does not re-encode to the same octets");
      }
    }
    check_int(&e);
    if ((e.tag & 0x20) && depth < 2 * MIKEY_DER_MAX_DEPTH) {
      mikey_der_rd sub;
      mikey_der_enter(rd, &e, &sub);
      if (sub.p != e.val || mikey_der_left(&sub) != e.len) {
        fail("mikey_der_enter does not cover the contents");
      }
      int src = walk(&sub, flags, depth + 1);
      if (src == 0 && mikey_der_done(&sub) != 0) {
        fail("a fully read reader is not done");
      }
    }
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mikey_der_rd rd;
  mikey_der_rd_init(&rd, data, size);
  int strict = walk(&rd, 0, 0);
  mikey_der_rd_init(&rd, data, size);
  (void)walk(&rd, MIKEY_DER_BER, 0);

  int cd = mikey_der_check_der(data, size, 0);
  if (cd == 0 && strict != 0 && strict != MIKEY_E_DER_DEPTH) {
    fprintf(stderr, "strict walk: %d\n", strict);
    fail("check_der accepts what the strict walk refuses");
  }

  /* a "more" reader over every prefix length of the first element's neighbourhood */
  mikey_der_elem whole;
  mikey_der_rd_init(&rd, data, size);
  int wrc = mikey_der_next(&rd, &whole, MIKEY_DER_BER);
  size_t lim = size < 64 ? size : 64;
  for (size_t n = 0; n <= lim; n++) {
    mikey_der_rd mr;
    mikey_der_rd_init(&mr, data, n);
    mr.more = 1;
    mikey_der_elem e;
    int rc = mikey_der_next(&mr, &e, MIKEY_DER_BER);
    if (rc == 0 && (wrc != 0 || e.size != whole.size || e.len != whole.len ||
                    e.tag != whole.tag || e.indef != whole.indef)) {
      fail("a prefix decodes to another element than the whole input");
    }
    if (rc == MIKEY_DER_MORE && wrc == 0 && n >= whole.size) {
      fail("MORE although the prefix holds the whole element");
    }
  }
  return 0;
}
