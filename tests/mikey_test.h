/*
 * mikey_test.h: helpers shared by the Check suites.
 */
#ifndef MIKEY_TEST_H
#define MIKEY_TEST_H

#include <stddef.h>
#include <stdint.h>

#include <check.h>

/* test_hex decodes the hex string |hex| (spaces and newlines ignored) into |out|, which must
 * hold |cap| bytes, and returns the number of bytes. Aborts the test on bad input: vectors are
 * written by hand, so a typo must fail loudly. */
size_t test_hex(const char *hex, uint8_t *out, size_t cap);

/* test_hex_alloc is test_hex into a fresh malloc'd buffer; *len receives the length. */
uint8_t *test_hex_alloc(const char *hex, size_t *len);

/* test_dump prints |len| bytes of |p| as hex to stderr under |label| (for mismatch reports). */
void test_dump(const char *label, const void *p, size_t len);

/* ck_assert_bytes fails with a hex dump of both sides when the buffers differ. */
#define ck_assert_bytes(got, got_len, want, want_len)                                          \
  do {                                                                                         \
    size_t ck_gl_ = (got_len), ck_wl_ = (want_len);                                            \
    if (ck_gl_ != ck_wl_ || (ck_gl_ && memcmp((got), (want), ck_gl_) != 0)) {                  \
      test_dump("got ", (got), ck_gl_);                                                        \
      test_dump("want", (want), ck_wl_);                                                       \
      ck_abort_msg("bytes differ (got %zu bytes, want %zu)", ck_gl_, ck_wl_);                  \
    }                                                                                          \
  } while (0)

/* test_run runs |s| and returns the process exit status (0 when every test passed). It calls
 * mikey_global_init first. */
int test_run(Suite *s);

#endif /* MIKEY_TEST_H */
