/*
 * bench_census.c: what an operation asks of libgcrypt, and the floor that follows from it.
 *
 * The bench program is linked with -Wl,--wrap=gcry_... (tools/bench.mk) for every libgcrypt
 * function the library uses, so each call from the library core (a static convenience
 * library) and from the bench itself passes through the wrappers below. They keep a registry
 * of open handles (algorithm, mode, flags) and, while a recording is on, append each call with
 * its handle and lengths to a trace. A case records one call of its operation and gets:
 *  - a census: handles opened, keys set, HMACs finalized, bytes hashed and encrypted, calls to
 *    the randomness generator;
 *  - a floor: the same libgcrypt calls replayed on bare handles opened beforehand, with the
 *    same key, IV and data lengths (contents are dummies). That is what the operation costs
 *    in libgcrypt alone once handles are kept; the opens, closes and randomness the operation
 *    makes are left out of the floor (randomness can be put back, bench_floor_new), and
 *    consecutive writes into one hash or HMAC handle are replayed as one write of their total
 *    length: the same bytes through the same MACs, in the fewest calls, so that how the
 *    library cuts a MAC's input into calls counts as its own cost (a floor that replayed each
 *    call would fall, and the ratio rise, when the library makes fewer calls).
 * Outside a recording the wrappers cost one relaxed atomic load per call (and the registry a
 * mutex per open or close), in the library and in the floor alike.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "bench.h"

/* --- the real functions ------------------------------------------------------------------ */

gcry_error_t __real_gcry_md_open(gcry_md_hd_t *h, int algo, unsigned int flags);
void __real_gcry_md_close(gcry_md_hd_t hd);
gcry_error_t __real_gcry_md_setkey(gcry_md_hd_t hd, const void *key, size_t keylen);
void __real_gcry_md_write(gcry_md_hd_t hd, const void *buffer, size_t length);
unsigned char *__real_gcry_md_read(gcry_md_hd_t hd, int algo);
void __real_gcry_md_reset(gcry_md_hd_t hd);
gpg_error_t __real_gcry_md_hash_buffers(int algo, unsigned int flags, void *digest,
                                        const gcry_buffer_t *iov, int iovcnt);
gcry_error_t __real_gcry_cipher_open(gcry_cipher_hd_t *h, int algo, int mode,
                                     unsigned int flags);
void __real_gcry_cipher_close(gcry_cipher_hd_t h);
gcry_error_t __real_gcry_cipher_ctl(gcry_cipher_hd_t h, int cmd, void *buffer, size_t buflen);
gcry_error_t __real_gcry_cipher_setkey(gcry_cipher_hd_t h, const void *key, size_t keylen);
gcry_error_t __real_gcry_cipher_setiv(gcry_cipher_hd_t h, const void *iv, size_t ivlen);
gpg_error_t __real_gcry_cipher_setctr(gcry_cipher_hd_t h, const void *ctr, size_t ctrlen);
gcry_error_t __real_gcry_cipher_encrypt(gcry_cipher_hd_t h, void *out, size_t outsize,
                                        const void *in, size_t inlen);
gcry_error_t __real_gcry_cipher_decrypt(gcry_cipher_hd_t h, void *out, size_t outsize,
                                        const void *in, size_t inlen);
gcry_error_t __real_gcry_cipher_authenticate(gcry_cipher_hd_t h, const void *abuf,
                                             size_t abuflen);
gcry_error_t __real_gcry_cipher_gettag(gcry_cipher_hd_t h, void *outtag, size_t taglen);
void __real_gcry_randomize(void *buffer, size_t length, enum gcry_random_level level);

/* The wrappers' prototypes (defined below; declared for -Wmissing-prototypes). */
gcry_error_t __wrap_gcry_md_open(gcry_md_hd_t *h, int algo, unsigned int flags);
void __wrap_gcry_md_close(gcry_md_hd_t hd);
gcry_error_t __wrap_gcry_md_setkey(gcry_md_hd_t hd, const void *key, size_t keylen);
void __wrap_gcry_md_write(gcry_md_hd_t hd, const void *buffer, size_t length);
unsigned char *__wrap_gcry_md_read(gcry_md_hd_t hd, int algo);
void __wrap_gcry_md_reset(gcry_md_hd_t hd);
gpg_error_t __wrap_gcry_md_hash_buffers(int algo, unsigned int flags, void *digest,
                                        const gcry_buffer_t *iov, int iovcnt);
gcry_error_t __wrap_gcry_cipher_open(gcry_cipher_hd_t *h, int algo, int mode,
                                     unsigned int flags);
void __wrap_gcry_cipher_close(gcry_cipher_hd_t h);
gcry_error_t __wrap_gcry_cipher_ctl(gcry_cipher_hd_t h, int cmd, void *buffer, size_t buflen);
gcry_error_t __wrap_gcry_cipher_setkey(gcry_cipher_hd_t h, const void *key, size_t keylen);
gcry_error_t __wrap_gcry_cipher_setiv(gcry_cipher_hd_t h, const void *iv, size_t ivlen);
gpg_error_t __wrap_gcry_cipher_setctr(gcry_cipher_hd_t h, const void *ctr, size_t ctrlen);
gcry_error_t __wrap_gcry_cipher_encrypt(gcry_cipher_hd_t h, void *out, size_t outsize,
                                        const void *in, size_t inlen);
gcry_error_t __wrap_gcry_cipher_decrypt(gcry_cipher_hd_t h, void *out, size_t outsize,
                                        const void *in, size_t inlen);
gcry_error_t __wrap_gcry_cipher_authenticate(gcry_cipher_hd_t h, const void *abuf,
                                             size_t abuflen);
gcry_error_t __wrap_gcry_cipher_gettag(gcry_cipher_hd_t h, void *outtag, size_t taglen);
void __wrap_gcry_randomize(void *buffer, size_t length, enum gcry_random_level level);

/* --- the registry of open handles --------------------------------------------------------- */

enum { KIND_MD = 1, KIND_CIPHER = 2 };

typedef struct handle_info {
  const void *hd;
  int kind, algo, mode;
  unsigned flags;
} handle_info;

#define REG_MAX 4096
static handle_info reg[REG_MAX];
static size_t reg_n;
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;

static void reg_add(const void *hd, int kind, int algo, int mode, unsigned flags) {
  pthread_mutex_lock(&reg_lock);
  if (reg_n < REG_MAX) {
    reg[reg_n++] = (handle_info){hd, kind, algo, mode, flags};
  }
  pthread_mutex_unlock(&reg_lock);
}

static void reg_del(const void *hd) {
  pthread_mutex_lock(&reg_lock);
  for (size_t i = 0; i < reg_n; i++) {
    if (reg[i].hd == hd) {
      reg[i] = reg[--reg_n];
      break;
    }
  }
  pthread_mutex_unlock(&reg_lock);
}

static int reg_find(const void *hd, handle_info *out) {
  int found = 0;
  pthread_mutex_lock(&reg_lock);
  for (size_t i = 0; i < reg_n; i++) {
    if (reg[i].hd == hd) {
      *out = reg[i];
      found = 1;
      break;
    }
  }
  pthread_mutex_unlock(&reg_lock);
  return found;
}

/* --- the trace ------------------------------------------------------------------------------ */

enum {
  EV_MD_OPEN = 1, EV_MD_CLOSE, EV_MD_SETKEY, EV_MD_WRITE, EV_MD_READ, EV_MD_RESET, EV_MD_HASH,
  EV_C_OPEN, EV_C_CLOSE, EV_C_CTL, EV_C_SETKEY, EV_C_SETIV, EV_C_SETCTR, EV_C_ENC, EV_C_DEC,
  EV_C_AUTH, EV_C_GETTAG, EV_RAND
};

#define TRACE_MAX 4096
#define TRACE_HANDLES 64
#define HASH_IOV_MAX 8

typedef struct ev {
  int op;
  int h;          /* index into bench_trace.h, -1 for none */
  int a;          /* algo, cmd, level or iov count */
  unsigned flags; /* md_hash: flags; enc/dec: 1 when in place */
  size_t len, len2;
  uint64_t x[HASH_IOV_MAX]; /* ctl SET_CCM_LENGTHS values; md_hash iov lengths */
} ev;

struct bench_trace {
  ev e[TRACE_MAX];
  size_t n;
  int overflow;
  handle_info h[TRACE_HANDLES];
  size_t nh;
};

static _Atomic int recording;
static bench_trace *cur;

void bench_record_start(void) {
  bench_trace *t = calloc(1, sizeof(*t));
  cur = t;
  atomic_store(&recording, t != NULL);
}

bench_trace *bench_record_stop(void) {
  atomic_store(&recording, 0);
  bench_trace *t = cur;
  cur = NULL;
  return t;
}

void bench_trace_free(bench_trace *t) { free(t); }

static int rec_on(void) { return atomic_load_explicit(&recording, memory_order_relaxed); }

/* handle_index returns the trace's index of |hd|, adding it from the registry. */
static int handle_index(const void *hd) {
  for (size_t i = 0; i < cur->nh; i++) {
    if (cur->h[i].hd == hd) {
      return (int)i;
    }
  }
  handle_info hi;
  if (cur->nh == TRACE_HANDLES || !reg_find(hd, &hi)) {
    cur->overflow = 1;
    return -1;
  }
  cur->h[cur->nh] = hi;
  return (int)cur->nh++;
}

/* rec appends one event while recording. */
static ev *rec(int op, const void *hd) {
  if (cur->n == TRACE_MAX) {
    cur->overflow = 1;
    return NULL;
  }
  ev *e = &cur->e[cur->n];
  memset(e, 0, sizeof(*e));
  e->op = op;
  e->h = hd ? handle_index(hd) : -1;
  if (hd && e->h < 0) {
    return NULL;
  }
  cur->n++;
  return e;
}

/* --- the wrappers --------------------------------------------------------------------------- */

gcry_error_t __wrap_gcry_md_open(gcry_md_hd_t *h, int algo, unsigned int flags) {
  gcry_error_t r = __real_gcry_md_open(h, algo, flags);
  if (!r) {
    reg_add(*h, KIND_MD, algo, 0, flags);
    if (rec_on()) {
      rec(EV_MD_OPEN, NULL);
    }
  }
  return r;
}

void __wrap_gcry_md_close(gcry_md_hd_t hd) {
  if (hd) {
    if (rec_on()) {
      rec(EV_MD_CLOSE, NULL);
    }
    reg_del(hd);
  }
  __real_gcry_md_close(hd);
}

gcry_error_t __wrap_gcry_md_setkey(gcry_md_hd_t hd, const void *key, size_t keylen) {
  ev *e;
  if (rec_on() && (e = rec(EV_MD_SETKEY, hd))) {
    e->len = keylen;
  }
  return __real_gcry_md_setkey(hd, key, keylen);
}

void __wrap_gcry_md_write(gcry_md_hd_t hd, const void *buffer, size_t length) {
  ev *e;
  if (rec_on() && (e = rec(EV_MD_WRITE, hd))) {
    e->len = length;
  }
  __real_gcry_md_write(hd, buffer, length);
}

unsigned char *__wrap_gcry_md_read(gcry_md_hd_t hd, int algo) {
  ev *e;
  if (rec_on() && (e = rec(EV_MD_READ, hd))) {
    e->a = algo;
  }
  return __real_gcry_md_read(hd, algo);
}

void __wrap_gcry_md_reset(gcry_md_hd_t hd) {
  if (rec_on()) {
    rec(EV_MD_RESET, hd);
  }
  __real_gcry_md_reset(hd);
}

gpg_error_t __wrap_gcry_md_hash_buffers(int algo, unsigned int flags, void *digest,
                                        const gcry_buffer_t *iov, int iovcnt) {
  ev *e;
  if (rec_on() && (e = rec(EV_MD_HASH, NULL))) {
    e->a = algo;
    e->flags = flags;
    e->len2 = iovcnt > HASH_IOV_MAX ? HASH_IOV_MAX : (size_t)(iovcnt > 0 ? iovcnt : 0);
    for (size_t i = 0; i < e->len2; i++) {
      e->x[i] = iov[i].len;
      e->len += iov[i].len;
    }
    if (iovcnt > HASH_IOV_MAX) {
      cur->overflow = 1;
    }
  }
  return __real_gcry_md_hash_buffers(algo, flags, digest, iov, iovcnt);
}

gcry_error_t __wrap_gcry_cipher_open(gcry_cipher_hd_t *h, int algo, int mode,
                                     unsigned int flags) {
  gcry_error_t r = __real_gcry_cipher_open(h, algo, mode, flags);
  if (!r) {
    reg_add(*h, KIND_CIPHER, algo, mode, flags);
    if (rec_on()) {
      rec(EV_C_OPEN, NULL);
    }
  }
  return r;
}

void __wrap_gcry_cipher_close(gcry_cipher_hd_t h) {
  if (h) {
    if (rec_on()) {
      rec(EV_C_CLOSE, NULL);
    }
    reg_del(h);
  }
  __real_gcry_cipher_close(h);
}

gcry_error_t __wrap_gcry_cipher_ctl(gcry_cipher_hd_t h, int cmd, void *buffer, size_t buflen) {
  ev *e;
  if (rec_on() && (e = rec(EV_C_CTL, h))) {
    e->a = cmd;
    e->len = buflen;
    if (buffer && buflen == 3 * sizeof(uint64_t)) {
      memcpy(e->x, buffer, buflen);
    } else if (buffer) {
      cur->overflow = 1; /* a control the replay does not know */
    }
  }
  return __real_gcry_cipher_ctl(h, cmd, buffer, buflen);
}

gcry_error_t __wrap_gcry_cipher_setkey(gcry_cipher_hd_t h, const void *key, size_t keylen) {
  ev *e;
  if (rec_on() && (e = rec(EV_C_SETKEY, h))) {
    e->len = keylen;
  }
  return __real_gcry_cipher_setkey(h, key, keylen);
}

gcry_error_t __wrap_gcry_cipher_setiv(gcry_cipher_hd_t h, const void *iv, size_t ivlen) {
  ev *e;
  if (rec_on() && (e = rec(EV_C_SETIV, h))) {
    e->len = ivlen;
  }
  return __real_gcry_cipher_setiv(h, iv, ivlen);
}

gpg_error_t __wrap_gcry_cipher_setctr(gcry_cipher_hd_t h, const void *ctr, size_t ctrlen) {
  ev *e;
  if (rec_on() && (e = rec(EV_C_SETCTR, h))) {
    e->len = ctrlen;
  }
  return __real_gcry_cipher_setctr(h, ctr, ctrlen);
}

gcry_error_t __wrap_gcry_cipher_encrypt(gcry_cipher_hd_t h, void *out, size_t outsize,
                                        const void *in, size_t inlen) {
  ev *e;
  if (rec_on() && (e = rec(EV_C_ENC, h))) {
    e->len = outsize;
    e->len2 = inlen;
    e->flags = in == NULL;
  }
  return __real_gcry_cipher_encrypt(h, out, outsize, in, inlen);
}

gcry_error_t __wrap_gcry_cipher_decrypt(gcry_cipher_hd_t h, void *out, size_t outsize,
                                        const void *in, size_t inlen) {
  ev *e;
  if (rec_on() && (e = rec(EV_C_DEC, h))) {
    e->len = outsize;
    e->len2 = inlen;
    e->flags = in == NULL;
  }
  return __real_gcry_cipher_decrypt(h, out, outsize, in, inlen);
}

gcry_error_t __wrap_gcry_cipher_authenticate(gcry_cipher_hd_t h, const void *abuf,
                                             size_t abuflen) {
  ev *e;
  if (rec_on() && (e = rec(EV_C_AUTH, h))) {
    e->len = abuflen;
  }
  return __real_gcry_cipher_authenticate(h, abuf, abuflen);
}

gcry_error_t __wrap_gcry_cipher_gettag(gcry_cipher_hd_t h, void *outtag, size_t taglen) {
  ev *e;
  if (rec_on() && (e = rec(EV_C_GETTAG, h))) {
    e->len = taglen;
  }
  return __real_gcry_cipher_gettag(h, outtag, taglen);
}

void __wrap_gcry_randomize(void *buffer, size_t length, enum gcry_random_level level) {
  ev *e;
  if (rec_on() && (e = rec(EV_RAND, NULL))) {
    e->len = length;
    e->a = (int)level;
  }
  __real_gcry_randomize(buffer, length, level);
}

/* --- census --------------------------------------------------------------------------------- */

void bench_trace_census(const bench_trace *t, bench_census *c) {
  memset(c, 0, sizeof(*c));
  if (!t) {
    return;
  }
  c->events = (unsigned)t->n;
  c->overflow = t->overflow;
  for (size_t i = 0; i < t->n; i++) {
    const ev *e = &t->e[i];
    switch (e->op) {
    case EV_MD_OPEN: c->md_open++; break;
    case EV_MD_CLOSE: c->md_close++; break;
    case EV_MD_SETKEY: c->md_setkey++; break;
    case EV_MD_WRITE: c->md_bytes += e->len; break;
    case EV_MD_READ: c->md_final++; break;
    case EV_MD_RESET: c->md_reset++; break;
    case EV_MD_HASH: c->md_hash++; c->md_bytes += e->len; break;
    case EV_C_OPEN: c->cipher_open++; break;
    case EV_C_CLOSE: c->cipher_close++; break;
    case EV_C_SETKEY: c->cipher_setkey++; break;
    case EV_C_SETIV:
    case EV_C_SETCTR: c->cipher_iv++; break;
    case EV_C_ENC:
    case EV_C_DEC: c->cipher_calls++; c->cipher_bytes += e->len2 ? e->len2 : e->len; break;
    case EV_C_AUTH: c->cipher_calls++; c->cipher_bytes += e->len; break;
    case EV_RAND: c->rand_calls++; c->rand_bytes += e->len; break;
    default: break;
    }
  }
}

/* --- floor ---------------------------------------------------------------------------------- */

struct bench_floor {
  const bench_trace *t;
  ev *e;     /* the trace's events, consecutive writes into one md handle merged */
  size_t n;
  int with_rand;
  void *hd[TRACE_HANDLES];
  uint8_t *in, *out;
  uint8_t key[256];
  uint8_t digest[64];
};

void bench_floor_free(bench_floor *f) {
  if (!f) {
    return;
  }
  for (size_t i = 0; i < TRACE_HANDLES; i++) {
    if (!f->hd[i]) {
      continue;
    }
    if (f->t->h[i].kind == KIND_MD) {
      gcry_md_close(f->hd[i]);
    } else {
      gcry_cipher_close(f->hd[i]);
    }
  }
  free(f->in);
  free(f->out);
  free(f->e);
  free(f);
}

bench_floor *bench_floor_new(const bench_trace *t, int with_rand) {
  if (!t || t->overflow) {
    return NULL;
  }
  bench_floor *f = calloc(1, sizeof(*f));
  if (!f) {
    return NULL;
  }
  f->t = t;
  f->with_rand = with_rand;
  memset(f->key, 0x5a, sizeof(f->key));
  f->e = calloc(t->n ? t->n : 1, sizeof(ev));
  if (!f->e) {
    free(f);
    return NULL;
  }
  for (size_t i = 0; i < t->n; i++) {
    const ev *e = &t->e[i];
    ev *last = f->n ? &f->e[f->n - 1] : NULL;
    if (e->op == EV_MD_WRITE && last && last->op == EV_MD_WRITE && last->h == e->h) {
      last->len += e->len;
    } else {
      f->e[f->n++] = *e;
    }
  }
  size_t max = 64;
  for (size_t i = 0; i < f->n; i++) {
    size_t l = f->e[i].len > f->e[i].len2 ? f->e[i].len : f->e[i].len2;
    max = l > max ? l : max;
  }
  f->in = calloc(1, max + 64);
  f->out = calloc(1, max + 64);
  int ok = f->in && f->out;
  for (size_t i = 0; ok && i < t->nh; i++) {
    const handle_info *h = &t->h[i];
    /* keyed once here: the operation may use a handle it keyed before the recording (a
     * KMS keeps its own TPK keyed); the length does not matter below the block size */
    if (h->kind == KIND_MD) {
      gcry_md_hd_t m;
      ok = gcry_md_open(&m, h->algo, h->flags) == 0;
      f->hd[i] = ok ? m : NULL;
      if (ok && (h->flags & GCRY_MD_FLAG_HMAC)) {
        ok = gcry_md_setkey(m, f->key, 32) == 0;
      }
    } else {
      gcry_cipher_hd_t c;
      ok = gcry_cipher_open(&c, h->algo, h->mode, h->flags) == 0;
      f->hd[i] = ok ? c : NULL;
      if (ok) {
        ok = gcry_cipher_setkey(c, f->key, gcry_cipher_get_algo_keylen(h->algo)) == 0;
      }
    }
  }
  if (!ok) {
    bench_floor_free(f);
    return NULL;
  }
  return f;
}

int bench_floor_run(bench_floor *f) {
  for (size_t i = 0; i < f->n; i++) {
    const ev *e = &f->e[i];
    void *h = e->h >= 0 ? f->hd[e->h] : NULL;
    switch (e->op) {
    case EV_MD_SETKEY: gcry_md_setkey(h, f->key, e->len); break;
    case EV_MD_WRITE: gcry_md_write(h, f->in, e->len); break;
    case EV_MD_READ: bench_sink += gcry_md_read(h, e->a)[0]; break;
    case EV_MD_RESET: gcry_md_reset(h); break;
    case EV_MD_HASH: {
      gcry_buffer_t iov[HASH_IOV_MAX];
      memset(iov, 0, sizeof(iov));
      for (size_t k = 0; k < e->len2; k++) {
        iov[k].data = f->in;
        iov[k].len = e->x[k];
        iov[k].size = e->x[k];
      }
      gcry_md_hash_buffers(e->a, e->flags, f->digest, iov, (int)e->len2);
      break;
    }
    case EV_C_CTL: gcry_cipher_ctl(h, e->a, e->len ? (void *)(uintptr_t)e->x : NULL, e->len);
      break;
    case EV_C_SETKEY: gcry_cipher_setkey(h, f->key, e->len); break;
    case EV_C_SETIV: gcry_cipher_setiv(h, f->key, e->len); break;
    case EV_C_SETCTR: gcry_cipher_setctr(h, f->key, e->len); break;
    case EV_C_ENC:
      gcry_cipher_encrypt(h, f->out, e->len, e->flags ? NULL : f->in, e->len2);
      break;
    case EV_C_DEC:
      gcry_cipher_decrypt(h, f->out, e->len, e->flags ? NULL : f->in, e->len2);
      break;
    case EV_C_AUTH: gcry_cipher_authenticate(h, f->in, e->len); break;
    case EV_C_GETTAG: gcry_cipher_gettag(h, f->digest, e->len); break;
    case EV_RAND:
      if (f->with_rand) {
        gcry_randomize(f->out, e->len, (enum gcry_random_level)e->a);
      }
      break;
    default: break; /* opens and closes: not part of the floor */
    }
  }
  return 0;
}
