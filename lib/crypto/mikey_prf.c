/*
 * mikey_prf.c: MIKEY-1 (RFC 3830 4.1.2) and PRF-HMAC-SHA-256 (RFC 6043 6.1).
 */
#include "crypto/mikey_prf.h"

#include <string.h>

void mikey_prf_init(mikey_prf *p) {
  if (!p) {
    return;
  }
  for (size_t i = 0; i < MIKEY_PRF_MAX_CHUNKS; i++) {
    mikey_hmac_init(&p->piece[i]);
  }
  p->npieces = 0;
  p->inkey_len = 0;
  p->prf_func = 0;
}

/* prf_md maps a PRF func to its libgcrypt hash, or 0 when unknown. */
static int prf_md(uint8_t prf_func) {
  switch (prf_func) {
    case MIKEY_PRF_MIKEY_1: return GCRY_MD_SHA1;
    case MIKEY_PRF_HMAC_SHA_256: return GCRY_MD_SHA256;
    default: return 0;
  }
}

int mikey_prf_setkey(mikey_prf *p, uint8_t prf_func, const uint8_t *inkey, size_t inkey_len) {
  if (!p || !inkey) {
    return MIKEY_E_INVAL;
  }
  p->npieces = 0;
  int md = prf_md(prf_func);
  if (!md) {
    return MIKEY_E_SUITE_PRF;
  }
  if (inkey_len == 0 || inkey_len > MIKEY_PRF_MAX_INKEY) {
    return MIKEY_E_KEY_LENGTH;
  }
  /* RFC 3830 4.1.2: n = inkey_len / 256 rounded up; s_1 .. s_n 256 bits each but s_n. */
  size_t n = (inkey_len + MIKEY_PRF_CHUNK - 1) / MIKEY_PRF_CHUNK;
  for (size_t i = 0; i < n; i++) {
    size_t off = i * MIKEY_PRF_CHUNK;
    size_t len = inkey_len - off < MIKEY_PRF_CHUNK ? inkey_len - off : MIKEY_PRF_CHUNK;
    int rv = mikey_hmac_setkey(&p->piece[i], md, inkey + off, len);
    if (rv) {
      return rv;
    }
  }
  /* Pieces of an earlier, longer inkey would keep its padded-key states: close them
   * (libgcrypt wipes them; a no-op for pieces never opened). */
  for (size_t i = n; i < MIKEY_PRF_MAX_CHUNKS; i++) {
    mikey_hmac_clear(&p->piece[i]);
  }
  p->npieces = n;
  p->inkey_len = inkey_len;
  p->prf_func = prf_func;
  return 0;
}

/* prf_write_label feeds the |nlabel| label ranges into |h|. */
static void prf_write_label(mikey_hmac *h, const mikey_iov *label, size_t nlabel) {
  for (size_t i = 0; i < nlabel; i++) {
    mikey_hmac_write(h, label[i].base, label[i].len);
  }
}

/* xor_into XORs the |n| bytes at |b| into |out|, a word at a time. */
static void xor_into(uint8_t *out, const uint8_t *b, size_t n) {
  size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    uint64_t x, y;
    memcpy(&x, out + j, 8);
    memcpy(&y, b + j, 8);
    x ^= y;
    memcpy(out + j, &x, 8);
  }
  for (; j < n; j++) {
    out[j] ^= b[j];
  }
}

/* Labels up to this size are gathered into one buffer after A_i, so that A_i || label is one
 * write into the HMAC instead of one per label range (RFC 6043 labels are a few dozen bytes;
 * long RANDs or a long identity to fork on go beyond, and keep the ranges; the PRF vectors of
 * tests/crypto_prf_test take both ways). */
#define PRF_FLAT_MAX 256

/* prf_p writes P(s, label, m) into |out| (|out_len| bytes, m = ceil(out_len / hlen)) for the
 * piece keyed in |h|, or XORs it into |out| when |xor| (the pieces after the first, RFC 3830
 * 4.1.2). |a| receives each A_i (hlen bytes); when |flat| is not 0 the label's |flat| bytes
 * follow it there and are written from there, else from the |nlabel| ranges at |label|.
 * Returns 0 or the code of mikey_hmac_final. */
static int prf_p(mikey_hmac *h, const mikey_iov *label, size_t nlabel, uint8_t *a, size_t flat,
                 uint8_t *out, size_t out_len, int xor) {
  uint8_t blk[MIKEY_HMAC_MAX_LEN];
  size_t hlen = h->len;
  int rv = 0, used_blk = 0;
  for (size_t off = 0; off < out_len; off += hlen) {
    /* A_i = HMAC(s, A_(i-1)), with A_0 = label. */
    if (off > 0) {
      mikey_hmac_write(h, a, hlen);
    } else if (flat) {
      mikey_hmac_write(h, a + hlen, flat);
    } else {
      prf_write_label(h, label, nlabel);
    }
    rv = mikey_hmac_final(h, a, hlen);
    if (rv) {
      break;
    }
    /* HMAC(s, A_i || label): straight into |out| when it is the first piece and a whole
     * block fits; through |blk| otherwise */
    if (flat) {
      mikey_hmac_write(h, a, hlen + flat);
    } else {
      mikey_hmac_write(h, a, hlen);
      prf_write_label(h, label, nlabel);
    }
    size_t take = out_len - off < hlen ? out_len - off : hlen;
    if (!xor && take == hlen) {
      rv = mikey_hmac_final(h, out + off, hlen);
    } else {
      used_blk = 1;
      rv = mikey_hmac_final(h, blk, hlen);
      if (rv == 0 && xor) {
        xor_into(out + off, blk, take);
      } else if (rv == 0) {
        memcpy(out + off, blk, take);
      }
    }
    if (rv) {
      break;
    }
  }
  if (used_blk) {
    mikey_memzero(blk, sizeof(blk));
  }
  return rv;
}

int mikey_prf_derive(mikey_prf *p, const mikey_iov *label, size_t nlabel, uint8_t *out,
                     size_t out_len) {
  if (!p || !out || !mikey_iov_ok(label, nlabel)) {
    return MIKEY_E_INVAL;
  }
  if (out_len == 0 || out_len > MIKEY_PRF_MAX_OUTKEY) {
    return MIKEY_E_KEY_LENGTH;
  }
  if (p->npieces == 0) {
    return MIKEY_E_STATE;
  }
  /* A_i, then the label gathered when it is short enough */
  uint8_t a[MIKEY_HMAC_MAX_LEN + PRF_FLAT_MAX];
  size_t hlen = p->piece[0].len, flat = 0;
  for (size_t i = 0; i < nlabel && flat <= PRF_FLAT_MAX; i++) {
    flat = label[i].len <= PRF_FLAT_MAX - flat ? flat + label[i].len : PRF_FLAT_MAX + 1;
  }
  if (flat > PRF_FLAT_MAX) {
    flat = 0;
  }
  for (size_t i = 0, at = hlen; flat && i < nlabel; at += label[i].len, i++) {
    if (label[i].len) {
      memcpy(a + at, label[i].base, label[i].len);
    }
  }
  /* the first piece writes |out|, the others XOR into it (RFC 3830 4.1.2) */
  int rv = 0;
  for (size_t i = 0; rv == 0 && i < p->npieces; i++) {
    rv = prf_p(&p->piece[i], label, nlabel, a, flat, out, out_len, i > 0);
  }
  mikey_memzero(a, hlen + flat);
  if (rv) {
    mikey_memzero(out, out_len);
  }
  return rv;
}

void mikey_prf_clear(mikey_prf *p) {
  if (!p) {
    return;
  }
  for (size_t i = 0; i < MIKEY_PRF_MAX_CHUNKS; i++) {
    mikey_hmac_clear(&p->piece[i]);
  }
  mikey_prf_init(p);
}

int mikey_prf_oneshot(uint8_t prf_func, const uint8_t *inkey, size_t inkey_len,
                      const mikey_iov *label, size_t nlabel, uint8_t *out, size_t out_len) {
  mikey_prf p;
  mikey_prf_init(&p);
  int rv = mikey_prf_setkey(&p, prf_func, inkey, inkey_len);
  if (rv == 0) {
    rv = mikey_prf_derive(&p, label, nlabel, out, out_len);
  }
  mikey_prf_clear(&p);
  return rv;
}
