# tests of the codec layer
CODEC_TEST_SOURCES = tests/mikey_test.h tests/mikey_test.c tests/codec_vectors.h \
	tests/codec_vectors.c
EXTRA_DIST += tests/codec_vectors.h
if HAVE_CHECK
check_PROGRAMS += tests/codec_payload_test
TESTS += tests/codec_payload_test
tests_codec_payload_test_SOURCES = tests/codec_payload_test.c $(CODEC_TEST_SOURCES)
tests_codec_payload_test_CFLAGS = $(TEST_CFLAGS)
tests_codec_payload_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/codec_msg_test
TESTS += tests/codec_msg_test
tests_codec_msg_test_SOURCES = tests/codec_msg_test.c $(CODEC_TEST_SOURCES)
tests_codec_msg_test_CFLAGS = $(TEST_CFLAGS)
tests_codec_msg_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/codec_validate_test
TESTS += tests/codec_validate_test
tests_codec_validate_test_SOURCES = tests/codec_validate_test.c $(CODEC_TEST_SOURCES)
tests_codec_validate_test_CFLAGS = $(TEST_CFLAGS)
tests_codec_validate_test_LDADD = $(TEST_LDADD)
endif
