# tests of the ticket layer
if HAVE_CHECK
check_PROGRAMS += tests/ticket_policy_test
TESTS += tests/ticket_policy_test
tests_ticket_policy_test_SOURCES = tests/ticket_policy_test.c tests/mikey_test.h \
	tests/mikey_test.c
tests_ticket_policy_test_CFLAGS = $(TEST_CFLAGS)
tests_ticket_policy_test_LDADD = $(TEST_LDADD)

# Expected tickets come from tests/vectors/ticket/gen_ticket.py (independent of lib/).
TICKET_TEST_SOURCES = tests/mikey_test.h tests/mikey_test.c tests/ticket_test_util.h \
	tests/ticket_test_util.c tests/vectors/ticket/ticket_vectors.h
TICKET_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests

check_PROGRAMS += tests/ticket_test
TESTS += tests/ticket_test
tests_ticket_test_SOURCES = tests/ticket_test.c $(TICKET_TEST_SOURCES)
tests_ticket_test_CPPFLAGS = $(TICKET_TEST_CPPFLAGS)
tests_ticket_test_CFLAGS = $(TEST_CFLAGS)
tests_ticket_test_LDADD = $(TEST_LDADD)
endif

# The committed vectors must equal the generator's output (skips without python3/openssl).
TESTS += tests/ticket_vectors_check.sh
EXTRA_DIST += tests/ticket_vectors_check.sh tests/vectors/ticket/gen_ticket.py \
	tests/vectors/ticket/ticket_vectors.h

if HAVE_CHECK
check_PROGRAMS += tests/ticket_refusal_test
TESTS += tests/ticket_refusal_test
tests_ticket_refusal_test_SOURCES = tests/ticket_refusal_test.c $(TICKET_TEST_SOURCES)
tests_ticket_refusal_test_CPPFLAGS = $(TICKET_TEST_CPPFLAGS)
tests_ticket_refusal_test_CFLAGS = $(TEST_CFLAGS)
tests_ticket_refusal_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/ticket_idata_test
TESTS += tests/ticket_idata_test
tests_ticket_idata_test_SOURCES = tests/ticket_idata_test.c $(TICKET_TEST_SOURCES)
tests_ticket_idata_test_CPPFLAGS = $(TICKET_TEST_CPPFLAGS)
tests_ticket_idata_test_CFLAGS = $(TEST_CFLAGS)
tests_ticket_idata_test_LDADD = $(TEST_LDADD)
endif
