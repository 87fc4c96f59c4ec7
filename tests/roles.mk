# tests of the roles layer
ROLES_TEST_SOURCES = tests/mikey_test.h tests/mikey_test.c
if HAVE_CHECK
check_PROGRAMS += tests/roles_util_test
TESTS += tests/roles_util_test
tests_roles_util_test_SOURCES = tests/roles_util_test.c $(ROLES_TEST_SOURCES)
tests_roles_util_test_CFLAGS = $(TEST_CFLAGS)
tests_roles_util_test_LDADD = $(TEST_LDADD)
endif
