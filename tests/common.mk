# tests of the foundation: error codes, global init
if HAVE_CHECK
check_PROGRAMS += tests/error_test
TESTS += tests/error_test
tests_error_test_SOURCES = tests/error_test.c tests/mikey_test.h tests/mikey_test.c
tests_error_test_CFLAGS = $(TEST_CFLAGS)
tests_error_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/env_test
TESTS += tests/env_test
tests_env_test_SOURCES = tests/env_test.c tests/mikey_test.h tests/mikey_test.c
tests_env_test_CFLAGS = $(TEST_CFLAGS)
tests_env_test_LDADD = $(TEST_LDADD)
endif
