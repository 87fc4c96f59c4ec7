/*
 * mt_opt_test.c: mikeytool's command-line parsing (mt_opt.c) and its sources of time and
 * randomness (mt_rand.c). The test-only generator's bytes are checked against the openssl
 * command line (values in the comments: how they were made).
 */
#include <stdio.h>
#include <string.h>

#include "mikey_test.h"
#include "mikeytool/mt.h"

static const mt_optspec SPEC[] = {{"keys", 1}, {"verbose", 0}, {"now", 1}};

/* parse runs the parser over |args| (NULL-terminated, without the command name) and
 * records what it returned, as "k=keys:VALUE v=verbose a:ARG" words, in |out|. */
static int parse(const char *const *args, char *out, size_t cap) {
  static char store[16][64]; /* argv is writable in main(); so is this copy */
  char *argv[16];
  int argc = 0;
  snprintf(store[0], sizeof(store[0]), "cmd");
  argv[argc++] = store[0];
  for (size_t i = 0; args[i]; i++) {
    ck_assert_int_lt(argc, 16);
    snprintf(store[argc], sizeof(store[argc]), "%s", args[i]);
    argv[argc] = store[argc];
    argc++;
  }
  mt_opts o;
  mt_opts_init(&o, "cmd", argc, argv, SPEC, sizeof(SPEC) / sizeof(SPEC[0]));
  out[0] = '\0';
  const char *val;
  int r;
  while ((r = mt_opts_next(&o, &val)) >= 0 || r == MT_OPT_ARG) {
    size_t n = strlen(out);
    if (r == MT_OPT_ARG) {
      snprintf(out + n, cap - n, "a:%s ", val);
    } else {
      snprintf(out + n, cap - n, "%s:%s ", SPEC[r].name, val ? val : "-");
    }
  }
  return r;
}

START_TEST(options_values_and_arguments) {
  char got[256];
  const char *a1[] = {"--keys", "k.json", "--verbose", "in.bin", "--now=5", NULL};
  ck_assert_int_eq(parse(a1, got, sizeof(got)), MT_OPT_DONE);
  ck_assert_str_eq(got, "keys:k.json verbose:- a:in.bin now:5 ");
  /* "-" is standard input; after "--" everything is an argument */
  const char *a2[] = {"-", "--", "--verbose", NULL};
  ck_assert_int_eq(parse(a2, got, sizeof(got)), MT_OPT_DONE);
  ck_assert_str_eq(got, "a:- a:--verbose ");
  /* an empty value given with '=' is a value */
  const char *a3[] = {"--keys=", NULL};
  ck_assert_int_eq(parse(a3, got, sizeof(got)), MT_OPT_DONE);
  ck_assert_str_eq(got, "keys: ");
}
END_TEST

START_TEST(help_and_refusals) {
  char got[256];
  const char *h1[] = {"--keys", "x", "-h", NULL};
  ck_assert_int_eq(parse(h1, got, sizeof(got)), MT_OPT_HELP);
  const char *h2[] = {"--help", NULL};
  ck_assert_int_eq(parse(h2, got, sizeof(got)), MT_OPT_HELP);
  const char *bad[][3] = {{"--bogus", NULL, NULL},    /* unknown */
                          {"--keys", NULL, NULL},     /* value missing */
                          {"--verbose=1", NULL, NULL}, /* value given to a flag */
                          {"-k", NULL, NULL},         /* no short options */
                          {"--key", "x", NULL},       /* no abbreviations */
                          {"--keysx", "x", NULL}};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    ck_assert_msg(parse(bad[i], got, sizeof(got)) == MT_OPT_BAD, "case %zu", i);
  }
}
END_TEST

START_TEST(numbers) {
  uint64_t v = 7;
  ck_assert_int_eq(mt_parse_u64("0", 10, &v), 0);
  ck_assert_uint_eq(v, 0);
  ck_assert_int_eq(mt_parse_u64("18446744073709551615", UINT64_MAX, &v), 0);
  ck_assert_uint_eq(v, UINT64_MAX);
  const char *bad[] = {"", "18446744073709551616", "-1", "+1", " 1", "1 ", "0x10", "1e3", "11"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    v = 7;
    ck_assert_msg(mt_parse_u64(bad[i], 10, &v) == -1, "accepted '%s'", bad[i]);
    ck_assert_uint_eq(v, 7);
  }
}
END_TEST

START_TEST(common_options) {
  mt_common c;
  memset(&c, 0, sizeof(c));
  ck_assert_int_eq(mt_common_option(&c, "t", "keys", "x"), 0);
  ck_assert_int_eq(mt_common_option(&c, "t", "now", "0"), 1);
  ck_assert_int_eq(c.has_now, 1);
  /* 1970-01-01 is 2208988800 s after the NTP epoch (RFC 5905 Figure 4) */
  ck_assert_uint_eq(c.now, (uint64_t)2208988800u << 32);
  ck_assert_int_eq(mt_common_option(&c, "t", "now", "1704067200"), 1); /* 2024-01-01 */
  ck_assert_uint_eq(c.now, (uint64_t)3913056000u << 32);
  ck_assert_int_eq(mt_common_option(&c, "t", "now", "4233462144"), -1); /* past 2104 */
  ck_assert_int_eq(mt_common_option(&c, "t", "now", "-5"), -1);
  ck_assert_int_eq(mt_common_option(&c, "t", "seed", "42"), 1);
  ck_assert_int_eq(c.has_seed, 1);
  ck_assert_uint_eq(c.seed, 42);
  ck_assert_int_eq(mt_common_option(&c, "t", "seed", "4x"), -1);
  ck_assert_uint_eq(c.seed, 42);
}
END_TEST

/* The keystream of seed 42, stream "kms":
 *   printf 'mikeytool test-only DRBG v1\0\0\0\0\0\0\0\0\052kms\0' > lab
 *   K=$(openssl dgst -sha256 -binary lab | xxd -p -c 64)
 *   head -c 40 /dev/zero | openssl enc -aes-256-ctr -K $K -iv 0...0 | xxd -p */
static const char KMS42[] = "4ae41fc31cf928b4894974e141ec7cd1eee46efba44066c83343f7d84ec2339f"
                            "9a1cac863c7eef73";
/* the same with the context "ctx" appended to the label (20 bytes) */
static const char KMS42_CTX[] = "a94f7af354d2128283c8fc24817e3402e448ab53";

START_TEST(test_generator_matches_openssl) {
  uint8_t want[40], got[40];
  test_hex(KMS42, want, sizeof(want));
  mt_rng r = {NULL};
  ck_assert_int_eq(mt_rng_seed(&r, 42, "kms", NULL, 0), 0);
  ck_assert_int_eq(mt_rng_fill(&r, got, sizeof(got)), 0);
  ck_assert_bytes(got, sizeof(got), want, sizeof(want));
  /* asked for in pieces that cut blocks, the stream is the same */
  ck_assert_int_eq(mt_rng_seed(&r, 42, "kms", NULL, 0), 0);
  memset(got, 0xee, sizeof(got));
  ck_assert_int_eq(mt_rng_fill(&r, got, 3), 0);
  ck_assert_int_eq(mt_rng_fill(&r, got + 3, 17), 0);
  ck_assert_int_eq(mt_rng_fill(&r, got + 20, 20), 0);
  ck_assert_bytes(got, sizeof(got), want, sizeof(want));
  /* the context changes the key */
  uint8_t want_ctx[20];
  test_hex(KMS42_CTX, want_ctx, sizeof(want_ctx));
  ck_assert_int_eq(mt_rng_seed(&r, 42, "kms", (const uint8_t *)"ctx", 3), 0);
  ck_assert_int_eq(mt_rng_fill(&r, got, 20), 0);
  ck_assert_bytes(got, 20, want_ctx, sizeof(want_ctx));
  mt_rng_free(&r);
  ck_assert_ptr_null(r.hd);
  ck_assert_int_eq(mt_rng_fill(&r, got, 1), -1); /* not seeded: refuses */
}
END_TEST

START_TEST(sources) {
  mt_common c;
  memset(&c, 0, sizeof(c));
  c.has_seed = 1;
  c.seed = 42;
  c.has_now = 1;
  c.now = 0x0123456789abcdefu;
  mt_source s;
  ck_assert_int_eq(mt_source_init(&s, &c, "kms"), 0);
  mikey_env e = mt_source_env(&s);
  ck_assert_uint_eq(mikey_env_now(&e), 0x0123456789abcdefu);
  uint8_t want[40], got[40];
  test_hex(KMS42, want, sizeof(want));
  ck_assert_int_eq(mikey_env_rand(&e, got, sizeof(got)), 0);
  ck_assert_bytes(got, sizeof(got), want, sizeof(want));
  /* reseeding restarts the stream with the context */
  uint8_t want_ctx[20];
  test_hex(KMS42_CTX, want_ctx, sizeof(want_ctx));
  ck_assert_int_eq(mt_source_reseed(&s, (const uint8_t *)"ctx", 3), 0);
  ck_assert_int_eq(mikey_env_rand(&e, got, 20), 0);
  ck_assert_bytes(got, 20, want_ctx, sizeof(want_ctx));
  mt_source_free(&s);

  /* another stream name gives other bytes */
  ck_assert_int_eq(mt_source_init(&s, &c, "initiator"), 0);
  e = mt_source_env(&s);
  ck_assert_int_eq(mikey_env_rand(&e, got, sizeof(got)), 0);
  ck_assert_int_ne(memcmp(got, want, sizeof(got)), 0);
  mt_source_free(&s);

  /* without --seed and --now: the system's; reseeding does nothing */
  memset(&c, 0, sizeof(c));
  ck_assert_int_eq(mt_source_init(&s, &c, "kms"), 0);
  ck_assert_ptr_null(s.rng.hd);
  e = mt_source_env(&s);
  uint64_t before = mikey_env_now(NULL);
  uint64_t now = mikey_env_now(&e);
  ck_assert_uint_ge(now, before);
  ck_assert_uint_le(now - before, (uint64_t)5 << 32);
  ck_assert_int_eq(mt_source_reseed(&s, (const uint8_t *)"ctx", 3), 0);
  ck_assert_ptr_null(s.rng.hd);
  ck_assert_int_eq(mikey_env_rand(&e, got, sizeof(got)), 0);
  ck_assert_int_ne(memcmp(got, want, sizeof(got)), 0);
  mt_source_free(&s);
}
END_TEST

static Suite *opt_suite(void) {
  Suite *s = suite_create("mt_opt");
  TCase *tc = tcase_create("options");
  tcase_add_test(tc, options_values_and_arguments);
  tcase_add_test(tc, help_and_refusals);
  tcase_add_test(tc, numbers);
  tcase_add_test(tc, common_options);
  suite_add_tcase(s, tc);
  tc = tcase_create("sources");
  tcase_add_test(tc, test_generator_matches_openssl);
  tcase_add_test(tc, sources);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return test_run(opt_suite()); }
