# tests of the crypto layer
if HAVE_CHECK
check_PROGRAMS += tests/kw_test
TESTS += tests/kw_test
tests_kw_test_SOURCES = tests/kw_test.c tests/mikey_test.h tests/mikey_test.c
tests_kw_test_CFLAGS = $(TEST_CFLAGS)
tests_kw_test_LDADD = $(TEST_LDADD)
endif
