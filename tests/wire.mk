# tests of the wire layer
if HAVE_CHECK
check_PROGRAMS += tests/wire_test
TESTS += tests/wire_test
tests_wire_test_SOURCES = tests/wire_test.c tests/mikey_test.h tests/mikey_test.c
tests_wire_test_CFLAGS = $(TEST_CFLAGS)
tests_wire_test_LDADD = $(TEST_LDADD)
endif
