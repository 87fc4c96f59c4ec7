/*
 * mikey_replay.c: the replay cache (RFC 6043 12.4, RFC 3830 5.4, PROFILE.md D13).
 *
 * Keys: an engine names an initial message by a SHA-256 digest over its data type, the
 * sender's identity, the CSB ID and the RAND (mikey_replay_key), and keeps it until its
 * timestamp leaves the clock-skew window (expiry = T + skew). A replayed message is refused
 * either by its timestamp or by the cache.
 *
 * The default cache is a table of 8-entry buckets with two choices: a key may live in either
 * of two buckets named by bytes 16..23 and 24..31 of the digest, and an insert goes to the
 * emptier one. With two choices a bucket overflows only when both are full, which stays
 * negligible up to high loads (a single choice overflowed some bucket at a fifth of the
 * capacity). An insert into two buckets whose sixteen entries are all live fails closed
 * (MIKEY_E_LIMIT): a live entry is never evicted, because evicting it would let its message
 * be replayed. An expired entry counts as free.
 *
 * Layout: a bucket is two cache lines of one page. The first is what a scan reads: the
 * entries' expiries (whole NTP seconds) and fingerprints (digest bytes 0..3); the second holds
 * the digest bytes 4..11 that decide a match, read only when a fingerprint matches and
 * written by an insert. An entry is 16 bytes and is compared on 96 bits of the digest (a
 * false "seen" needs a 96-bit collision within two buckets). A message thus touches two lines
 * (two pages) to be looked up and the second line of one of them to be inserted (the entry
 * of 24 bytes, fingerprint, expiry and key bytes read together, took six lines, and a
 * separate table of key bytes cost a page walk per insert). Expiries are kept in whole
 * seconds, rounded up: an entry lives at most a second longer than asked, never shorter. A
 * table of 2 MiB or more (131072 entries) is aligned on 2 MiB and offered to Linux's
 * transparent huge pages (when they are enabled "always" or "madvise"): a cache sized for a
 * real KMS is far larger than what the TLB maps in 4 KiB pages.
 *
 * One scan per message: an engine looks a message up before its MACs and commits it after
 * them. The look-up remembers, per thread, where the key would go and the generation of the
 * two buckets' stripes (bumped by every insert under the stripe's lock); the commit of the
 * same key in the same cache, not earlier in time, inserts there without scanning again when
 * no insert touched those stripes meanwhile. Otherwise (another thread inserted nearby, the
 * clock went back, no look-up) it scans as before. Both buckets' first lines are prefetched
 * before the locks are taken and the look-up prefetches the line the insert will write, so
 * that a message waits for memory about once.
 *
 * Buckets are guarded by 64 striped mutexes so that many KMS threads insert at once with
 * little contention; the two stripes of an insert are taken in index order.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <gcrypt.h>

#include "roles/mikey_roles_local.h"

#define WAYS 8
#define STRIPES 64
#define BUCKET_ALIGN 128 /* a bucket's two lines on one page */
#define BUCKET_BYTES 16  /* digest bytes 16..31 name the buckets */
#define HUGE_PAGE ((size_t)2 << 20)
#define CAP_MIN 64
#define CAP_MAX ((size_t)1 << 24)

/* PREFETCH(p, w): ask for the cache line of |p| (for writing when |w|); no effect on what the
 * program computes. */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p, w) __builtin_prefetch((p), (w))
#else
#define PREFETCH(p, w) ((void)(p))
#endif

/* bucket: two cache lines; a scan reads the first. */
typedef struct bucket {
  uint32_t exp[WAYS];  /* NTP seconds from which the entry is free; 0: never used */
  uint32_t fp[WAYS];   /* digest bytes 0..3 */
  uint64_t rest[WAYS]; /* digest bytes 4..11 */
} bucket;

_Static_assert(sizeof(bucket) == BUCKET_ALIGN, "a bucket is two cache lines");

struct mikey_replay_cache {
  bucket *b;               /* nbuckets, aligned on BUCKET_ALIGN */
  size_t nbuckets;         /* a power of two */
  uint64_t id;             /* names this cache in a memo (never 0, never reused) */
  pthread_mutex_t lock[STRIPES];
  uint64_t gen[STRIPES];   /* inserts into the buckets of each stripe, under its lock */
};

/* memo: what this thread's last look-up without a match found (see the top of the file). */
typedef struct memo {
  uint64_t cache;                     /* mikey_replay_cache.id; 0: none */
  uint8_t key[MIKEY_REPLAY_KEY_LEN];  /* the key looked up */
  uint64_t gen1, gen2;                /* the generations of its buckets' stripes then */
  uint32_t now_s;                     /* the look-up's NTP second */
  size_t bucket;                      /* where the insert goes */
  unsigned slot;                      /* which entry; WAYS: both buckets were full */
} memo;

static _Thread_local memo tl_memo;
static _Atomic uint64_t cache_ids;

/* mikey_replay_key builds the digest; see mikey_roles_local.h for the layout. */
void mikey_replay_key(uint8_t data_type, const mikey_identity *id, uint32_t csb_id,
                      const uint8_t *rand, size_t rand_len,
                      uint8_t key[MIKEY_REPLAY_KEY_LEN]) {
  uint8_t head[4];
  uint8_t mid[5];
  size_t idlen = id ? id->len : 0;
  head[0] = data_type;
  head[1] = id ? id->type : 0xff;
  head[2] = (uint8_t)(idlen >> 8);
  head[3] = (uint8_t)idlen;
  mid[0] = (uint8_t)(csb_id >> 24);
  mid[1] = (uint8_t)(csb_id >> 16);
  mid[2] = (uint8_t)(csb_id >> 8);
  mid[3] = (uint8_t)csb_id;
  mid[4] = (uint8_t)(rand_len > 255 ? 255 : rand_len);
  gcry_buffer_t iov[4];
  memset(iov, 0, sizeof(iov));
  /* gcry_buffer_t takes non-const pointers; libgcrypt only reads them here. */
  iov[0].data = head;
  iov[0].len = sizeof(head);
  iov[1].data = (void *)(uintptr_t)(id ? id->data : NULL);
  iov[1].len = idlen;
  iov[2].data = mid;
  iov[2].len = sizeof(mid);
  iov[3].data = (void *)(uintptr_t)rand;
  iov[3].len = rand ? (rand_len > 255 ? 255 : rand_len) : 0;
  if (gcry_md_hash_buffers(GCRY_MD_SHA256, 0, key, iov, 4) != 0) {
    /* SHA-256 cannot fail once libgcrypt runs; keep the key well-defined anyway */
    memset(key, 0, MIKEY_REPLAY_KEY_LEN);
  }
}

int mikey_replay_lookup(const mikey_replay_ops *ops, const uint8_t *key, uint64_t now) {
  if (!ops || !ops->lookup) {
    return 0;
  }
  int rc = ops->lookup(ops->user_data, key, now);
  if (rc == MIKEY_REPLAY_SEEN) {
    return MIKEY_E_REPLAY;
  }
  return rc < 0 ? MIKEY_E_CALLBACK : 0;
}

int mikey_replay_commit(const mikey_replay_ops *ops, const uint8_t *key, uint64_t expiry,
                        uint64_t now) {
  if (!ops || !ops->check_insert) {
    return MIKEY_E_INTERNAL;
  }
  int rc = ops->check_insert(ops->user_data, key, expiry, now);
  if (rc == MIKEY_REPLAY_SEEN) {
    return MIKEY_E_REPLAY;
  }
  if (rc == MIKEY_E_LIMIT) {
    return MIKEY_E_LIMIT;
  }
  return rc < 0 ? MIKEY_E_CALLBACK : 0;
}

/* buckets_of sets the two buckets of |key| in |c| (distinct when there are two). */
static void buckets_of(const mikey_replay_cache *c, const uint8_t *key, size_t *b1,
                       size_t *b2) {
  uint64_t h1 = 0, h2 = 0;
  for (size_t i = 0; i < 8; i++) {
    h1 = h1 << 8 | key[BUCKET_BYTES + i];
    h2 = h2 << 8 | key[BUCKET_BYTES + 8 + i];
  }
  uint64_t mask = (uint64_t)(c->nbuckets - 1);
  *b1 = (size_t)(h1 & mask);
  *b2 = (size_t)(h2 & mask);
  if (*b2 == *b1) {
    *b2 = (size_t)((*b1 + 1) & mask);
  }
}

/* fingerprint returns the digest bytes 0..3 of |key|, rest_of bytes 4..11 (in host order:
 * they are only compared). */
static uint32_t fingerprint(const uint8_t *key) {
  uint32_t v;
  memcpy(&v, key, sizeof(v));
  return v;
}

static uint64_t rest_of(const uint8_t *key) {
  uint64_t v;
  memcpy(&v, key + 4, sizeof(v));
  return v;
}

/* free_from returns the NTP second from which an entry of |expiry| is free: the one after
 * the second of |expiry|, so that the entry lives through |expiry| (the timestamp check
 * accepts T + skew inclusive, mikey_ts_fresh) and at most a second longer. Never 0 (the mark
 * of a never-used entry). */
static uint32_t free_from(uint64_t expiry) {
  uint32_t s = (uint32_t)(expiry >> 32) + 1u;
  return s ? s : 1u;
}

/* lock_two / unlock_two take and release the stripes of buckets |b1| and |b2| in index
 * order (once when they share a stripe). */
static void lock_two(mikey_replay_cache *c, size_t b1, size_t b2) {
  size_t s1 = b1 % STRIPES, s2 = b2 % STRIPES;
  if (s1 > s2) {
    size_t t = s1;
    s1 = s2;
    s2 = t;
  }
  pthread_mutex_lock(&c->lock[s1]);
  if (s2 != s1) {
    pthread_mutex_lock(&c->lock[s2]);
  }
}

static void unlock_two(mikey_replay_cache *c, size_t b1, size_t b2) {
  size_t s1 = b1 % STRIPES, s2 = b2 % STRIPES;
  if (s2 != s1) {
    pthread_mutex_unlock(&c->lock[s2]);
  }
  pthread_mutex_unlock(&c->lock[s1]);
}

/* live_mask returns the entries of bucket |b| in use at NTP second |now_s|, one bit each: an
 * entry is free from its exp on (compared modulo 2^32, right across an NTP era for entries
 * living less than 68 years). */
static unsigned live_mask(const bucket *b, uint32_t now_s) {
  unsigned m = 0;
  for (unsigned i = 0; i < WAYS; i++) {
    uint32_t d = b->exp[i] - now_s; /* > 0 as a signed 32-bit value: still live */
    m |= (unsigned)((b->exp[i] != 0) & (d - 1u < 0x7fffffffu)) << i;
  }
  return m;
}

/* scan returns the live entries of bucket |bi| at NTP second |now_s| (live_mask) and sets
 * *found when one of them holds |key| (fingerprint |fp|). */
static unsigned scan(const mikey_replay_cache *c, size_t bi, uint32_t fp, const uint8_t *key,
                     uint32_t now_s, int *found) {
  const bucket *b = &c->b[bi];
  unsigned hit = 0;
  for (unsigned i = 0; i < WAYS; i++) {
    hit |= (unsigned)(b->fp[i] == fp) << i;
  }
  unsigned live = live_mask(b, now_s);
  hit &= live;
  for (unsigned i = 0; hit; i++, hit >>= 1) {
    /* a fingerprint matches: the stored bytes decide */
    if ((hit & 1u) && b->rest[i] == rest_of(key)) {
      *found = 1;
    }
  }
  return live;
}

/* nfree returns the number of free entries of a bucket whose live entries are |live|. */
static unsigned nfree(unsigned live) {
  unsigned n = 0;
  for (unsigned i = 0; i < WAYS; i++) {
    n += ~live >> i & 1u;
  }
  return n;
}

/* first_free returns the first free entry of a bucket whose live entries are |live| (one at
 * least is free). */
static unsigned first_free(unsigned live) {
  unsigned i = 0;
  while (live >> i & 1u) {
    i++;
  }
  return i;
}

/* prefetch_buckets asks for the lines of buckets |b1| and |b2| before the locks are taken,
 * so that the two misses overlap each other and the locking. */
static void prefetch_buckets(const mikey_replay_cache *c, size_t b1, size_t b2) {
  PREFETCH(&c->b[b1], 0);
  PREFETCH(&c->b[b2], 0);
}

/* place returns the bucket (in *bi) and entry for a new key whose buckets |b1| and |b2| have
 * the live entries |l1| and |l2|: the first free entry of the emptier one; WAYS when both
 * are full. */
static unsigned place(size_t b1, size_t b2, unsigned l1, unsigned l2, size_t *bi) {
  unsigned n1 = nfree(l1), n2 = nfree(l2);
  if (n1 == 0 && n2 == 0) {
    *bi = b1;
    return WAYS;
  }
  *bi = n1 >= n2 ? b1 : b2;
  return first_free(n1 >= n2 ? l1 : l2);
}

/* put writes |key| (fingerprint |fp|) into entry |i| of bucket |bi| to live through |expiry|;
 * the caller holds the bucket's stripe. */
static void put(mikey_replay_cache *c, size_t bi, unsigned i, uint32_t fp, const uint8_t *key,
                uint64_t expiry) {
  c->b[bi].fp[i] = fp;
  c->b[bi].exp[i] = free_from(expiry);
  c->b[bi].rest[i] = rest_of(key);
  c->gen[bi % STRIPES]++;
}

/* cache_lookup implements mikey_replay_ops.lookup for the default cache. */
static int cache_lookup(void *user_data, const uint8_t *key, uint64_t now) {
  mikey_replay_cache *c = user_data;
  if (!c || !key) {
    return MIKEY_E_INVAL;
  }
  size_t b1, b2;
  uint32_t fp = fingerprint(key), now_s = (uint32_t)(now >> 32);
  int seen = 0;
  buckets_of(c, key, &b1, &b2);
  prefetch_buckets(c, b1, b2);
  lock_two(c, b1, b2);
  unsigned l1 = scan(c, b1, fp, key, now_s, &seen), l2 = 0;
  if (!seen) {
    l2 = scan(c, b2, fp, key, now_s, &seen);
  }
  if (!seen) {
    memo *m = &tl_memo;
    m->cache = c->id;
    memcpy(m->key, key, MIKEY_REPLAY_KEY_LEN);
    m->gen1 = c->gen[b1 % STRIPES];
    m->gen2 = c->gen[b2 % STRIPES];
    m->now_s = now_s;
    m->slot = place(b1, b2, l1, l2, &m->bucket);
  }
  unlock_two(c, b1, b2);
  if (!seen && tl_memo.slot < WAYS) {
    /* the line the commit will write */
    PREFETCH(&c->b[tl_memo.bucket].rest[0], 1);
  }
  return seen ? MIKEY_REPLAY_SEEN : 0;
}

/* memo_holds tells whether this thread's memo still describes buckets |b1| and |b2| of |c|
 * for |key| at NTP second |now_s|: the same key and cache, no insert into either stripe
 * since (so the key is still absent and the entry still free), and no earlier time (an entry
 * expired then would be live now). The caller holds both stripes. */
static int memo_holds(const mikey_replay_cache *c, const uint8_t *key, size_t b1, size_t b2,
                      uint32_t now_s) {
  const memo *m = &tl_memo;
  return m->cache == c->id && m->slot < WAYS && m->gen1 == c->gen[b1 % STRIPES] &&
         m->gen2 == c->gen[b2 % STRIPES] && now_s - m->now_s < 0x80000000u &&
         memcmp(m->key, key, MIKEY_REPLAY_KEY_LEN) == 0;
}

/* cache_check_insert implements mikey_replay_ops.check_insert for the default cache. */
static int cache_check_insert(void *user_data, const uint8_t *key, uint64_t expiry,
                              uint64_t now) {
  mikey_replay_cache *c = user_data;
  if (!c || !key) {
    return MIKEY_E_INVAL;
  }
  size_t b1, b2;
  uint32_t fp = fingerprint(key), now_s = (uint32_t)(now >> 32);
  buckets_of(c, key, &b1, &b2);
  prefetch_buckets(c, b1, b2);
  lock_two(c, b1, b2);
  int rc = 0;
  if (memo_holds(c, key, b1, b2, now_s)) {
    put(c, tl_memo.bucket, tl_memo.slot, fp, key, expiry);
  } else {
    int seen = 0;
    unsigned l1 = scan(c, b1, fp, key, now_s, &seen);
    unsigned l2 = scan(c, b2, fp, key, now_s, &seen);
    size_t bi;
    unsigned i = place(b1, b2, l1, l2, &bi);
    if (seen) {
      rc = MIKEY_REPLAY_SEEN;
    } else if (i == WAYS) {
      rc = MIKEY_E_LIMIT;
    } else {
      put(c, bi, i, fp, key, expiry);
    }
  }
  unlock_two(c, b1, b2);
  return rc;
}

int mikey_replay_cache_new(mikey_replay_cache **out, size_t capacity) {
  if (!out) {
    return MIKEY_E_INVAL;
  }
  *out = NULL;
  if (capacity > CAP_MAX) {
    return MIKEY_E_LIMIT;
  }
  size_t cap = CAP_MIN;
  while (cap < capacity) {
    cap <<= 1;
  }
  mikey_replay_cache *c = calloc(1, sizeof(*c));
  if (!c) {
    return MIKEY_E_NOMEM;
  }
  c->nbuckets = cap / WAYS;
  c->id = atomic_fetch_add(&cache_ids, 1) + 1;
  size_t size = c->nbuckets * sizeof(bucket); /* a power of two */
  c->b = aligned_alloc(size >= HUGE_PAGE ? HUGE_PAGE : BUCKET_ALIGN, size);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (c->b && size >= HUGE_PAGE) {
    (void)madvise(c->b, size, MADV_HUGEPAGE); /* only advice: no error to report */
  }
#endif
  if (!c->b) {
    free(c);
    return MIKEY_E_NOMEM;
  }
  memset(c->b, 0, c->nbuckets * sizeof(bucket));
  for (size_t i = 0; i < STRIPES; i++) {
    if (pthread_mutex_init(&c->lock[i], NULL) != 0) {
      while (i-- > 0) {
        pthread_mutex_destroy(&c->lock[i]);
      }
      free(c->b);
      free(c);
      return MIKEY_E_NOMEM;
    }
  }
  *out = c;
  return 0;
}

void mikey_replay_cache_free(mikey_replay_cache *c) {
  if (!c) {
    return;
  }
  for (size_t i = 0; i < STRIPES; i++) {
    pthread_mutex_destroy(&c->lock[i]);
  }
  free(c->b);
  free(c);
}

int mikey_replay_cache_ops(mikey_replay_cache *c, mikey_replay_ops *ops) {
  if (!c || !ops) {
    return MIKEY_E_INVAL;
  }
  ops->lookup = cache_lookup;
  ops->check_insert = cache_check_insert;
  ops->user_data = c;
  return 0;
}

size_t mikey_replay_cache_count(mikey_replay_cache *c, uint64_t now) {
  if (!c) {
    return 0;
  }
  size_t n = 0;
  uint32_t now_s = (uint32_t)(now >> 32);
  for (size_t b = 0; b < c->nbuckets; b++) {
    pthread_mutex_t *m = &c->lock[b % STRIPES];
    pthread_mutex_lock(m);
    unsigned live = live_mask(&c->b[b], now_s);
    pthread_mutex_unlock(m);
    for (unsigned i = 0; i < WAYS; i++) {
      n += live >> i & 1u;
    }
  }
  return n;
}
