# tests of the ticket layer
if HAVE_CHECK
check_PROGRAMS += tests/ticket_policy_test
TESTS += tests/ticket_policy_test
tests_ticket_policy_test_SOURCES = tests/ticket_policy_test.c tests/mikey_test.h \
	tests/mikey_test.c
tests_ticket_policy_test_CFLAGS = $(TEST_CFLAGS)
tests_ticket_policy_test_LDADD = $(TEST_LDADD)
endif
