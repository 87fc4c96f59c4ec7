# tests of the roles layer
ROLES_TEST_SOURCES = tests/mikey_test.h tests/mikey_test.c
if HAVE_CHECK
check_PROGRAMS += tests/roles_util_test
TESTS += tests/roles_util_test
tests_roles_util_test_SOURCES = tests/roles_util_test.c $(ROLES_TEST_SOURCES)
tests_roles_util_test_CFLAGS = $(TEST_CFLAGS)
tests_roles_util_test_LDADD = $(TEST_LDADD)
endif

ROLES_FLOW_SOURCES = $(ROLES_TEST_SOURCES) tests/roles_test_util.h tests/roles_test_util.c
if HAVE_CHECK
check_PROGRAMS += tests/roles_request_test
TESTS += tests/roles_request_test
tests_roles_request_test_SOURCES = tests/roles_request_test.c $(ROLES_FLOW_SOURCES)
tests_roles_request_test_CFLAGS = $(TEST_CFLAGS)
tests_roles_request_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/roles_flow_test
TESTS += tests/roles_flow_test
tests_roles_flow_test_SOURCES = tests/roles_flow_test.c $(ROLES_FLOW_SOURCES) \
	tests/vectors/roles/roles_vectors.h
tests_roles_flow_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
tests_roles_flow_test_CFLAGS = $(TEST_CFLAGS)
tests_roles_flow_test_LDADD = $(TEST_LDADD)
endif

# The committed vectors must equal the generator's output (skips without python3).
TESTS += tests/roles_vectors_check.sh
EXTRA_DIST += tests/roles_vectors_check.sh tests/vectors/roles/gen_roles.py \
	tests/vectors/roles/roles_vectors.h

if HAVE_CHECK
check_PROGRAMS += tests/roles_refusal_test
TESTS += tests/roles_refusal_test
tests_roles_refusal_test_SOURCES = tests/roles_refusal_test.c $(ROLES_FLOW_SOURCES)
tests_roles_refusal_test_CFLAGS = $(TEST_CFLAGS)
tests_roles_refusal_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/roles_ims_test
TESTS += tests/roles_ims_test
tests_roles_ims_test_SOURCES = tests/roles_ims_test.c $(ROLES_FLOW_SOURCES)
tests_roles_ims_test_CFLAGS = $(TEST_CFLAGS)
tests_roles_ims_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/roles_threads_test
TESTS += tests/roles_threads_test
tests_roles_threads_test_SOURCES = tests/roles_threads_test.c $(ROLES_FLOW_SOURCES)
tests_roles_threads_test_CFLAGS = $(TEST_CFLAGS) -pthread
tests_roles_threads_test_LDADD = $(TEST_LDADD) -lpthread
endif

if HAVE_CHECK
check_PROGRAMS += tests/roles_resume_test
TESTS += tests/roles_resume_test
tests_roles_resume_test_SOURCES = tests/roles_resume_test.c $(ROLES_FLOW_SOURCES)
tests_roles_resume_test_CFLAGS = $(TEST_CFLAGS)
tests_roles_resume_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/roles_reuse_test
TESTS += tests/roles_reuse_test
tests_roles_reuse_test_SOURCES = tests/roles_reuse_test.c $(ROLES_FLOW_SOURCES)
tests_roles_reuse_test_CFLAGS = $(TEST_CFLAGS)
tests_roles_reuse_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/roles_update_test
TESTS += tests/roles_update_test
tests_roles_update_test_SOURCES = tests/roles_update_test.c $(ROLES_FLOW_SOURCES) \
	tests/vectors/roles/roles_vectors.h
tests_roles_update_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
tests_roles_update_test_CFLAGS = $(TEST_CFLAGS)
tests_roles_update_test_LDADD = $(TEST_LDADD)
endif
