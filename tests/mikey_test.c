/*
 * mikey_test.c: helpers shared by the Check suites.
 */
#include "mikey_test.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mikey/common.h>

static int hex_val(int c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = tolower(c);
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

size_t test_hex(const char *hex, uint8_t *out, size_t cap) {
  size_t n = 0;
  int hi = -1;
  for (const char *p = hex; *p; p++) {
    if (isspace((unsigned char)*p)) {
      continue;
    }
    int v = hex_val((unsigned char)*p);
    ck_assert_msg(v >= 0, "bad hex digit '%c' in test vector", *p);
    if (hi < 0) {
      hi = v;
    } else {
      ck_assert_msg(n < cap, "test vector longer than its buffer (%zu)", cap);
      out[n++] = (uint8_t)(hi << 4 | v);
      hi = -1;
    }
  }
  ck_assert_msg(hi < 0, "odd number of hex digits in test vector");
  return n;
}

uint8_t *test_hex_alloc(const char *hex, size_t *len) {
  size_t cap = strlen(hex) / 2 + 1;
  uint8_t *buf = malloc(cap);
  ck_assert_ptr_nonnull(buf);
  *len = test_hex(hex, buf, cap);
  return buf;
}

void test_dump(const char *label, const void *v, size_t len) {
  const uint8_t *p = v;
  fprintf(stderr, "%s (%zu):", label, len);
  for (size_t i = 0; i < len; i++) {
    fprintf(stderr, "%s%02x", i % 32 ? "" : "\n  ", p[i]);
  }
  fprintf(stderr, "\n");
}

int test_run(Suite *s) {
  if (mikey_global_init(0) != 0) {
    fprintf(stderr, "mikey_global_init failed\n");
    return 1;
  }
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? 0 : 1;
}
