# tests of the cms layer
if HAVE_CHECK
check_PROGRAMS += tests/der_test tests/cms_aed_test tests/cms_stream_test
TESTS += tests/der_test tests/cms_aed_test tests/cms_stream_test
tests_der_test_SOURCES = tests/der_test.c tests/mikey_test.h tests/mikey_test.c
tests_der_test_CFLAGS = $(TEST_CFLAGS)
tests_der_test_LDADD = $(TEST_LDADD)
tests_cms_aed_test_SOURCES = tests/cms_aed_test.c tests/cms_test_enc.c tests/cms_test_enc.h \
	tests/mikey_test.h tests/mikey_test.c
tests_cms_aed_test_CFLAGS = $(TEST_CFLAGS)
tests_cms_aed_test_LDADD = $(TEST_LDADD)
tests_cms_stream_test_SOURCES = tests/cms_stream_test.c tests/cms_test_enc.c \
	tests/cms_test_enc.h tests/mikey_test.h tests/mikey_test.c
tests_cms_stream_test_CFLAGS = $(TEST_CFLAGS)
tests_cms_stream_test_LDADD = $(TEST_LDADD)
endif

