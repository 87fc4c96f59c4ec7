/*
 * sipmsg.c: libFuzzer harness for mikey_smime_sipmsg_parse (a message/sip entity, SIP S/MIME
 * tunnelling).
 *
 * Properties (any break aborts):
 *  - on success the SIP message, method and URI are views into the entity; a request has a
 *    method and a URI and status 0; a response has a status in 100..699 and no method or URI;
 *  - on failure the diagnostic names a fault at an offset inside the entity;
 *  - the tunnelled message, wrapped again with mikey_smime_sipmsg_wrap, parses back to the
 *    same message, start line and status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/smime.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what) {
  fprintf(stderr, "sipmsg: %s\n", what);
  abort();
}

static int inside(const uint8_t *p, size_t n, const uint8_t *base, size_t size) {
  return p && base && p >= base && (size_t)(p - base) <= size &&
         n <= size - (size_t)(p - base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mikey_sipmsg res;
  mikey_mime_diag diag;
  int rc = mikey_smime_sipmsg_parse(size ? data : NULL, size, &res, &diag);
  if (rc != 0) {
    if (!diag.what || diag.offset > size) {
      fail("a failure without a diagnostic inside the input");
    }
    return 0;
  }
  if (!inside(res.msg, res.msg_len, data, size) || res.msg_len == 0) {
    fail("the SIP message is not a view into the entity");
  }
  if (res.is_request) {
    if (!inside(res.method, res.method_len, res.msg, res.msg_len) || !res.method_len ||
        !inside(res.uri, res.uri_len, res.msg, res.msg_len) || !res.uri_len || res.status) {
      fail("a request without method or URI");
    }
  } else if (res.status < 100 || res.status > 699 || res.method || res.uri) {
    fail("a response with a bad status, or with a method or URI");
  }
  size_t need = 0;
  if (mikey_smime_sipmsg_wrap(res.msg, res.msg_len, NULL, 0, &need) !=
      MIKEY_E_BUFFER_TOO_SMALL) {
    fail("the tunnelled message cannot be wrapped again");
  }
  uint8_t *w = malloc(need);
  size_t wl = 0;
  mikey_sipmsg res2;
  if (!w || mikey_smime_sipmsg_wrap(res.msg, res.msg_len, w, need, &wl) != 0 || wl != need ||
      mikey_smime_sipmsg_parse(w, wl, &res2, NULL) != 0) {
    fail("the wrapped message does not parse");
  }
  if (res2.msg_len != res.msg_len || memcmp(res2.msg, res.msg, res.msg_len) != 0 ||
      res2.is_request != res.is_request || res2.status != res.status ||
      res2.method_len != res.method_len || res2.uri_len != res.uri_len ||
      (res.method_len && memcmp(res2.method, res.method, res.method_len) != 0) ||
      (res.uri_len && memcmp(res2.uri, res.uri, res.uri_len) != 0)) {
    fail("the rewrapped message parses to something else");
  }
  free(w);
  return 0;
}
