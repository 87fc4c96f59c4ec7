/*
 * bench_openssl.h: OpenSSL's in-process CMS as a reference for the S/MIME cases (libcrypto
 * is linked into the bench only, never into the library). Without libcrypto at configure time
 * bench_ossl_new returns BENCH_SKIP.
 */
#ifndef MIKEY_BENCH_OPENSSL_H
#define MIKEY_BENCH_OPENSSL_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_ossl bench_ossl;

/* bench_ossl_new prepares AES-128-GCM AuthEnvelopedData of the |len| bytes at |content| for a
 * KEK recipient (|key|, |id|): one message built for the open case. Returns 0, BENCH_SKIP or
 * -1. */
int bench_ossl_new(bench_ossl **out, const uint8_t *key, size_t key_len, const uint8_t *id,
                   size_t id_len, const uint8_t *content, size_t len);
/* bench_ossl_build builds one message (CMS_AuthEnvelopedData_create, CMS_add0_recipient_key,
 * CMS_final, DER into a kept buffer); bench_ossl_open opens the prepared one
 * (d2i_CMS_ContentInfo, CMS_decrypt_set1_key, CMS_decrypt into a kept memory BIO). 0 or -1. */
int bench_ossl_build(bench_ossl *o);
int bench_ossl_open(bench_ossl *o);
void bench_ossl_free(bench_ossl *o);

#endif /* MIKEY_BENCH_OPENSSL_H */
