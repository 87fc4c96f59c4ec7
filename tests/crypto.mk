# tests of the crypto layer
if HAVE_CHECK
check_PROGRAMS += tests/kw_test
TESTS += tests/kw_test
tests_kw_test_SOURCES = tests/kw_test.c tests/mikey_test.h tests/mikey_test.c
tests_kw_test_CFLAGS = $(TEST_CFLAGS)
tests_kw_test_LDADD = $(TEST_LDADD)

# Expected values come from tests/vectors/crypto/gen_vectors.py (independent of lib/crypto/).
CRYPTO_TEST_VECTORS = tests/vectors/crypto/crypto_vectors.h
CRYPTO_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests

check_PROGRAMS += tests/crypto_hmac_test tests/crypto_prf_test tests/crypto_kdf_test
TESTS += tests/crypto_hmac_test tests/crypto_prf_test tests/crypto_kdf_test

tests_crypto_hmac_test_SOURCES = tests/crypto_hmac_test.c tests/mikey_test.h tests/mikey_test.c
tests_crypto_hmac_test_CFLAGS = $(TEST_CFLAGS)
tests_crypto_hmac_test_LDADD = $(TEST_LDADD)

tests_crypto_prf_test_SOURCES = tests/crypto_prf_test.c tests/mikey_test.h tests/mikey_test.c \
	$(CRYPTO_TEST_VECTORS)
tests_crypto_prf_test_CPPFLAGS = $(CRYPTO_TEST_CPPFLAGS)
tests_crypto_prf_test_CFLAGS = $(TEST_CFLAGS)
tests_crypto_prf_test_LDADD = $(TEST_LDADD)

tests_crypto_kdf_test_SOURCES = tests/crypto_kdf_test.c tests/mikey_test.h tests/mikey_test.c \
	$(CRYPTO_TEST_VECTORS)
tests_crypto_kdf_test_CPPFLAGS = $(CRYPTO_TEST_CPPFLAGS)
tests_crypto_kdf_test_CFLAGS = $(TEST_CFLAGS)
tests_crypto_kdf_test_LDADD = $(TEST_LDADD)

# --wrap lets the test count the calls verification makes to the constant-time compare.
check_PROGRAMS += tests/crypto_mac_test
TESTS += tests/crypto_mac_test
tests_crypto_mac_test_SOURCES = tests/crypto_mac_test.c tests/mikey_test.h tests/mikey_test.c \
	$(CRYPTO_TEST_VECTORS)
tests_crypto_mac_test_CPPFLAGS = $(CRYPTO_TEST_CPPFLAGS)
tests_crypto_mac_test_CFLAGS = $(TEST_CFLAGS)
tests_crypto_mac_test_LDFLAGS = -Wl,--wrap=mikey_ct_equal
tests_crypto_mac_test_LDADD = $(TEST_LDADD)

check_PROGRAMS += tests/crypto_suite_test
TESTS += tests/crypto_suite_test
tests_crypto_suite_test_SOURCES = tests/crypto_suite_test.c tests/mikey_test.h tests/mikey_test.c
tests_crypto_suite_test_CFLAGS = $(TEST_CFLAGS)
tests_crypto_suite_test_LDADD = $(TEST_LDADD)

# Built twice: secure memory off and on. --wrap lets the test see each freed key.
check_PROGRAMS += tests/crypto_key_test tests/crypto_key_secmem_test
TESTS += tests/crypto_key_test tests/crypto_key_secmem_test
tests_crypto_key_test_SOURCES = tests/crypto_key_test.c tests/mikey_test.h tests/mikey_test.c
tests_crypto_key_test_CFLAGS = $(TEST_CFLAGS)
tests_crypto_key_test_LDFLAGS = -Wl,--wrap=gcry_free
tests_crypto_key_test_LDADD = $(TEST_LDADD)
tests_crypto_key_secmem_test_SOURCES = $(tests_crypto_key_test_SOURCES)
tests_crypto_key_secmem_test_CPPFLAGS = $(AM_CPPFLAGS) -DKEY_TEST_SECMEM
tests_crypto_key_secmem_test_CFLAGS = $(TEST_CFLAGS)
tests_crypto_key_secmem_test_LDFLAGS = -Wl,--wrap=gcry_free
tests_crypto_key_secmem_test_LDADD = $(TEST_LDADD)

check_PROGRAMS += tests/crypto_kemac_test
TESTS += tests/crypto_kemac_test
tests_crypto_kemac_test_SOURCES = tests/crypto_kemac_test.c tests/mikey_test.h \
	tests/mikey_test.c $(CRYPTO_TEST_VECTORS)
tests_crypto_kemac_test_CPPFLAGS = $(CRYPTO_TEST_CPPFLAGS)
tests_crypto_kemac_test_CFLAGS = $(TEST_CFLAGS)
tests_crypto_kemac_test_LDADD = $(TEST_LDADD)
endif

# The committed vectors must equal the generator's output (skips without python3/openssl).
TESTS += tests/crypto_vectors_check.sh
EXTRA_DIST += tests/crypto_vectors_check.sh tests/vectors/crypto/gen_vectors.py \
	tests/vectors/crypto/crypto_vectors.h
