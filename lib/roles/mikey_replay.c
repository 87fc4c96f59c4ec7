/*
 * mikey_replay.c: the replay cache (RFC 6043 12.4, RFC 3830 5.4, PROFILE.md D13).
 *
 * Keys: an engine names an initial message by a SHA-256 digest over its data type, the
 * sender's identity, the CSB ID and the RAND (mikey_replay_key), and keeps it until its
 * timestamp leaves the clock-skew window (expiry = T + skew). A replayed message is refused
 * either by its timestamp or by the cache.
 *
 * The default cache is a table of 8-entry buckets with two choices: an entry holds the first
 * 16 bytes of the digest and its expiry, and may live in either of two buckets named by bytes
 * 16..23 and 24..31 of the digest (independent of the stored bytes); an insert goes to the
 * emptier one. An expired entry counts as free. With two choices a bucket overflows only
 * when both are full, which stays negligible up to high loads (a single choice overflowed
 * some bucket at a fifth of the capacity). An insert into two buckets whose sixteen entries
 * are all live fails closed (MIKEY_E_LIMIT): a live entry is never evicted, because evicting
 * it would let its message be replayed. Buckets are guarded by 64 striped mutexes so that
 * many KMS threads insert at once with little contention; the two stripes of an insert are
 * taken in index order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "roles/mikey_roles_local.h"

#define WAYS 8
#define STRIPES 64
#define STORED 16 /* digest bytes kept per entry */
#define CAP_MIN 64
#define CAP_MAX ((size_t)1 << 24)

typedef struct entry {
  uint8_t key[STORED];
  uint64_t expiry; /* NTP; 0: never used */
} entry;

struct mikey_replay_cache {
  entry *e;         /* nbuckets * WAYS entries */
  size_t nbuckets;  /* a power of two */
  pthread_mutex_t lock[STRIPES];
};

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
    h1 = h1 << 8 | key[STORED + i];
    h2 = h2 << 8 | key[STORED + 8 + i];
  }
  uint64_t mask = (uint64_t)(c->nbuckets - 1);
  *b1 = (size_t)(h1 & mask);
  *b2 = (size_t)(h2 & mask);
  if (*b2 == *b1) {
    *b2 = (size_t)((*b1 + 1) & mask);
  }
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

/* live tells whether entry |e| is in use at |now|: through its expiry, since the timestamp
 * check accepts a message up to T + skew inclusive (mikey_ts_fresh) and expiry = T + skew. */
static int live(const entry *e, uint64_t now) {
  return e->expiry != 0 && mikey_ntp_diff(e->expiry, now) >= 0;
}

/* scan looks for |key| among the live entries of bucket |b|: returns 1 when found; *nfree
 * receives the number of free entries and *slot the first of them (WAYS when none). */
static int scan(const mikey_replay_cache *c, size_t b, const uint8_t *key, uint64_t now,
                size_t *nfree, size_t *slot) {
  const entry *e = &c->e[b * WAYS];
  int found = 0;
  *nfree = 0;
  *slot = WAYS;
  for (size_t i = 0; i < WAYS; i++) {
    if (live(&e[i], now)) {
      found |= memcmp(e[i].key, key, STORED) == 0;
    } else {
      if (*slot == WAYS) {
        *slot = i;
      }
      (*nfree)++;
    }
  }
  return found;
}

/* cache_lookup implements mikey_replay_ops.lookup for the default cache. */
static int cache_lookup(void *user_data, const uint8_t *key, uint64_t now) {
  mikey_replay_cache *c = user_data;
  if (!c || !key) {
    return MIKEY_E_INVAL;
  }
  size_t b1, b2, n, slot;
  buckets_of(c, key, &b1, &b2);
  lock_two(c, b1, b2);
  int seen = scan(c, b1, key, now, &n, &slot) || scan(c, b2, key, now, &n, &slot);
  unlock_two(c, b1, b2);
  return seen ? MIKEY_REPLAY_SEEN : 0;
}

/* cache_check_insert implements mikey_replay_ops.check_insert for the default cache. */
static int cache_check_insert(void *user_data, const uint8_t *key, uint64_t expiry,
                              uint64_t now) {
  mikey_replay_cache *c = user_data;
  if (!c || !key) {
    return MIKEY_E_INVAL;
  }
  size_t b1, b2, n1, n2, s1, s2;
  buckets_of(c, key, &b1, &b2);
  lock_two(c, b1, b2);
  int rc;
  int seen1 = scan(c, b1, key, now, &n1, &s1);
  int seen2 = scan(c, b2, key, now, &n2, &s2);
  if (seen1 || seen2) {
    rc = MIKEY_REPLAY_SEEN;
  } else if (n1 == 0 && n2 == 0) {
    rc = MIKEY_E_LIMIT;
  } else {
    entry *e = n1 >= n2 ? &c->e[b1 * WAYS + s1] : &c->e[b2 * WAYS + s2];
    memcpy(e->key, key, STORED);
    /* an expiry of 0 would read as "never used": nudge it */
    e->expiry = expiry ? expiry : 1;
    rc = 0;
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
  c->e = calloc(cap, sizeof(entry));
  if (!c->e) {
    free(c);
    return MIKEY_E_NOMEM;
  }
  for (size_t i = 0; i < STRIPES; i++) {
    if (pthread_mutex_init(&c->lock[i], NULL) != 0) {
      while (i-- > 0) {
        pthread_mutex_destroy(&c->lock[i]);
      }
      free(c->e);
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
  free(c->e);
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
  for (size_t b = 0; b < c->nbuckets; b++) {
    pthread_mutex_t *m = &c->lock[b % STRIPES];
    pthread_mutex_lock(m);
    for (size_t i = 0; i < WAYS; i++) {
      n += live(&c->e[b * WAYS + i], now) ? 1u : 0u;
    }
    pthread_mutex_unlock(m);
  }
  return n;
}
