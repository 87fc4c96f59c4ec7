/*
 * mikey_env.c: time and randomness providers, NTP conversion, wiping and constant-time compare.
 */
#include <string.h>
#include <time.h>

#include <gcrypt.h>

#include <mikey/common.h>

/* Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
#define NTP_UNIX_OFFSET 2208988800LL
/* Length of one NTP era in seconds (2^32). */
#define NTP_ERA_SECONDS 4294967296LL

int mikey_env_rand(const mikey_env *env, uint8_t *out, size_t len) {
  if (len == 0) {
    return 0;
  }
  if (out == NULL) {
    return MIKEY_E_INVAL;
  }
  if (env && env->rand) {
    return env->rand(env->user_data, out, len) == 0 ? 0 : MIKEY_E_RANDOM;
  }
  gcry_randomize(out, len, GCRY_STRONG_RANDOM);
  return 0;
}

uint64_t mikey_env_now(const mikey_env *env) {
  if (env && env->now) {
    return env->now(env->user_data);
  }
  struct timespec ts;
  if (timespec_get(&ts, TIME_UTC) != TIME_UTC) {
    return mikey_ntp_from_unix((int64_t)time(NULL), 0);
  }
  return mikey_ntp_from_unix((int64_t)ts.tv_sec, (uint32_t)ts.tv_nsec);
}

uint64_t mikey_ntp_from_unix(int64_t seconds, uint32_t nanoseconds) {
  /* RFC 4330 section 3: the 32-bit seconds field wraps in 2036; it is taken modulo 2^32. */
  int64_t s = seconds + NTP_UNIX_OFFSET;
  uint64_t secs = (uint64_t)s & 0xffffffffu;
  if (nanoseconds >= 1000000000u) {
    nanoseconds = 999999999u;
  }
  uint64_t frac = ((uint64_t)nanoseconds << 32) / 1000000000u;
  return secs << 32 | frac;
}

int64_t mikey_ntp_to_unix(uint64_t ntp) {
  int64_t secs = (int64_t)(ntp >> 32);
  /* RFC 4330 section 3: with the most significant bit clear, the time is in era 1
   * (2036-2104); with it set, in era 0 (1968-2036). */
  if ((secs & 0x80000000LL) == 0) {
    secs += NTP_ERA_SECONDS;
  }
  return secs - NTP_UNIX_OFFSET;
}

void mikey_memzero(void *p, size_t len) {
  if (p == NULL || len == 0) {
    return;
  }
  /* A volatile function pointer keeps the compiler from removing a store to dead memory. */
  static void *(*const volatile memset_v)(void *, int, size_t) = memset;
  memset_v(p, 0, len);
}

int mikey_ct_equal(const void *a, const void *b, size_t len) {
  const volatile uint8_t *x = a;
  const volatile uint8_t *y = b;
  uint8_t d = 0;
  for (size_t i = 0; i < len; i++) {
    d = (uint8_t)(d | (x[i] ^ y[i]));
  }
  /* 1 when d == 0, without a data-dependent branch. */
  return (int)(1 & (((unsigned)d - 1) >> 8));
}
